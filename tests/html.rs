//! `report.html` (src/html/): the page is self-contained and printable, its grid is the
//! roster (every holder where `assignments.csv` puts them, every empty seat in red),
//! its shades are the calendar's, its loads are the summary's, the heat map appears
//! with MCS coverage, the same roster gives the same bytes, `gardes check` writes a
//! page with the rules broken, its words read in French (a snapshot), and the progress
//! line of `solve` shows on a terminal only.
//!
//! The page is read back with an HTML5 parser ([`Grid::read`]), the same reading
//! `tests/browser.rs` applies to the DOM that Chromium dumps.

use std::collections::{BTreeMap, BTreeSet};

use scraper::{ElementRef, Html, Selector};

use gardes::html::{render, Page, Source};
use gardes::instance::Instance;
use gardes::plan::Plan;
use gardes::solve::SolveOptions;

use crate::cli::Dir;

const ASCENSION: &str = include_str!("fixtures/cli/ascension-2027.toml");
const HAND_ROSTER: &str = include_str!("fixtures/cli/ascension-2027-hand.csv");
const WEEK: &str = include_str!("fixtures/coverage/week.toml");

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s}: {e:?}"))
}

/// One seat as the grid shows it: date, post id, period id, practitioner id.
pub(crate) type Seat = (String, String, String, String);

/// What a reader of the page sees in the grid, and what each visible name stands for.
#[derive(Debug, Default)]
pub(crate) struct Grid {
    /// Every holder of every duty, one entry per period of a merged line.
    pub(crate) seats: BTreeSet<Seat>,
    /// Empty required seats (`non pourvu`), per date, post and period.
    pub(crate) empty: BTreeMap<(String, String, String), u32>,
    /// Tables (one per month and group of posts).
    pub(crate) tables: usize,
    /// Rows of all tables.
    pub(crate) rows: usize,
    /// The class of each date's row (`we`, `ferie`, `pont`, or empty).
    pub(crate) shades: BTreeMap<String, String>,
}

impl Grid {
    /// Reads the grid of a page. Each name is read as the reader sees it (its text) and
    /// mapped to an id through the load table, where each short name stands beside the
    /// full name and id (`Martin` `Dr Anne Martin (d01)`); the name's own `data-id`
    /// must say the same.
    pub(crate) fn read(page: &str) -> Grid {
        let doc = Html::parse_document(page);
        let mut who: BTreeMap<String, String> = BTreeMap::new();
        for row in doc.select(&sel("table.loads tbody tr")) {
            let short = text(row.select(&sel(".short")).next().expect("a short name"));
            let full = text(row.select(&sel(".full")).next().expect("a full name"));
            let id = full
                .rsplit_once('(')
                .and_then(|(_, rest)| rest.strip_suffix(')'))
                .unwrap_or_else(|| panic!("no id in {full:?}"))
                .to_owned();
            assert_eq!(row.value().attr("data-id"), Some(id.as_str()));
            assert!(
                who.insert(short.clone(), id).is_none(),
                "short name {short} twice"
            );
        }
        let mut grid = Grid::default();
        for table in doc.select(&sel("table.grid")) {
            grid.tables += 1;
            let posts: Vec<String> = table
                .select(&sel("thead th[data-post]"))
                .map(|th| th.value().attr("data-post").unwrap().to_owned())
                .collect();
            for tr in table.select(&sel("tbody tr")) {
                grid.rows += 1;
                let date = tr
                    .value()
                    .attr("data-date")
                    .expect("a dated row")
                    .to_owned();
                grid.shades.insert(
                    date.clone(),
                    tr.value().attr("class").unwrap_or("").to_owned(),
                );
                let cells: Vec<ElementRef> = tr.select(&sel("td")).collect();
                assert_eq!(cells.len(), posts.len(), "one cell per post on {date}");
                for (cell, post) in cells.iter().zip(&posts) {
                    assert_eq!(cell.value().attr("data-post"), Some(post.as_str()));
                    for line in cell.select(&sel(".seat")) {
                        let periods: Vec<&str> = line
                            .value()
                            .attr("data-periods")
                            .expect("periods")
                            .split(' ')
                            .collect();
                        let mut names = 0;
                        for n in line.select(&sel(".n")) {
                            names += 1;
                            let shown = text(n);
                            let id = who
                                .get(&shown)
                                .unwrap_or_else(|| panic!("{shown:?} is in no row of the loads"));
                            assert_eq!(n.value().attr("data-id"), Some(id.as_str()));
                            for period in &periods {
                                grid.seats.insert((
                                    date.clone(),
                                    post.clone(),
                                    (*period).to_owned(),
                                    id.clone(),
                                ));
                            }
                        }
                        let empty = line.select(&sel(".vide")).count() as u32;
                        if empty > 0 {
                            for period in &periods {
                                *grid
                                    .empty
                                    .entry((date.clone(), post.clone(), (*period).to_owned()))
                                    .or_default() += empty;
                            }
                        }
                        let free = line.select(&sel(".libre")).count();
                        assert!(
                            names + empty as usize + free > 0,
                            "an empty line on {date} at {post}"
                        );
                    }
                }
            }
        }
        grid
    }
}

/// The visible text of an element, its pieces apart and spaces collapsed.
pub(crate) fn text(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The seats of `assignments.csv`.
pub(crate) fn assignments(csv_text: &str) -> BTreeSet<Seat> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[0].to_owned(),
                r[1].to_owned(),
                r[2].to_owned(),
                r[5].to_owned(),
            )
        })
        .collect()
}

fn options() -> SolveOptions {
    SolveOptions {
        time_limit: 20.0,
        ..SolveOptions::default()
    }
}

fn solved(toml: &str) -> (Instance, Plan) {
    let instance = gardes::instance::parse("instance.toml", toml).unwrap();
    let plan = gardes::plan::plan(&instance, &options()).unwrap_or_else(|e| panic!("{e}"));
    (instance, plan)
}

fn page_of(instance: &Instance, plan: &Plan) -> String {
    let summary = gardes::report::summary(instance, plan, &options());
    render(&Page {
        instance,
        duties: &plan.duties,
        roster: &plan.roster,
        check: &plan.check,
        source: Source::Solved(&summary),
    })
}

/// The page loads nothing: no link, no source, no URL; its style sheet has the A4
/// landscape page; its two scripts are inline.
#[test]
fn the_page_is_self_contained_and_printable_on_a4_landscape() {
    let (instance, plan) = solved(ASCENSION);
    let page = page_of(&instance, &plan);
    assert!(page.starts_with("<!DOCTYPE html><html lang=\"fr\">"));
    for absent in ["http:", "https:", "<link", " src=", "url(", "@import"] {
        assert!(!page.contains(absent), "{absent} in the page");
    }
    assert!(page.contains("@page { size: A4 landscape;"));
    assert!(page.contains("@media print"));
    let doc = Html::parse_document(&page);
    assert_eq!(doc.select(&sel("script")).count(), 2);
    assert_eq!(doc.select(&sel("script[src]")).count(), 0);
    let title = text(doc.select(&sel("h1")).next().unwrap());
    assert_eq!(
        title,
        "Tableau de garde — Essai CLI — deux secteurs, semaine de l'Ascension 2027"
    );
}

/// The grid holds exactly the roster: every row of assignments.csv at its date, post
/// and period, under the practitioner's visible short name, and nothing else; one
/// table for the week (three posts, one month), one row per date.
#[test]
fn the_grid_is_the_roster() {
    let (instance, plan) = solved(ASCENSION);
    let page = page_of(&instance, &plan);
    let grid = Grid::read(&page);
    let csv = gardes::export::csv::assignments(&instance, &plan.duties, &plan.roster).unwrap();
    assert_eq!(grid.seats, assignments(&csv));
    assert!(!grid.seats.is_empty());
    assert_eq!(grid.tables, 1);
    assert_eq!(grid.rows, 7);
    let empty: u32 = grid.empty.values().sum();
    assert_eq!(empty, plan.check.uncovered_seats);
}

/// Ascension week: Thursday 6 May is Ascension, Friday 7 a bridge, Saturday 8 the
/// Victory holiday, Sunday 9 a weekend day; the other rows are plain weekdays.
#[test]
fn holidays_bridges_and_weekends_shade_their_rows() {
    let (instance, plan) = solved(ASCENSION);
    let grid = Grid::read(&page_of(&instance, &plan));
    let shades: Vec<(&str, &str)> = grid
        .shades
        .iter()
        .map(|(d, c)| (d.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        shades,
        [
            ("2027-05-03", ""),
            ("2027-05-04", ""),
            ("2027-05-05", ""),
            ("2027-05-06", "ferie"),
            ("2027-05-07", "pont"),
            ("2027-05-08", "ferie"),
            ("2027-05-09", "we"),
        ]
    );
}

/// A roster with a duty taken away: `gardes check` still writes the page, the seat is
/// red in the grid at its date, post and period, listed with the empty seats, and the
/// headline counts it.
#[test]
fn an_empty_seat_is_red_in_the_grid_and_counted_first() {
    let dir = Dir::new();
    dir.write("instance.toml", ASCENSION);
    // Drop Florac's night of 3 May (the second row of the hand-made roster).
    let rows: Vec<&str> = HAND_ROSTER.lines().collect();
    assert!(rows[2].starts_with("2027-05-03,florac,nuit,"));
    let roster: Vec<&str> = rows
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != 2)
        .map(|(_, r)| *r)
        .collect();
    dir.write("roster.csv", &(roster.join("\n") + "\n"));
    let before = dir.run(&["check", "instance.toml", "roster.csv"]);
    before.code(0);
    let page = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let grid = Grid::read(&page);
    let key = (
        "2027-05-03".to_owned(),
        "florac".to_owned(),
        "nuit".to_owned(),
    );
    assert_eq!(grid.empty.get(&key), Some(&1), "{:?}", grid.empty);
    assert_eq!(
        grid.seats,
        assignments(&(roster.join("\n") + "\n")),
        "the other rows are where the file puts them"
    );
    let doc = Html::parse_document(&page);
    let cards: Vec<String> = doc.select(&sel(".card")).map(text).collect();
    let empty: u32 = grid.empty.values().sum();
    assert!(
        cards[1].starts_with(&format!("Non pourvues {empty} ")),
        "{cards:?}"
    );
    assert!(
        cards.iter().any(|c| c == "Règles toutes respectées"),
        "{cards:?}"
    );
    // Each line of the list counts the empty seats of its post and period in the grid.
    let mut listed = 0;
    for li in doc.select(&sel("ul.runs li")) {
        let (post, period) = (
            li.value().attr("data-post").unwrap(),
            li.value().attr("data-period").unwrap(),
        );
        let seats: u32 = grid
            .empty
            .iter()
            .filter(|((_, p, q), _)| p == post && q == period)
            .map(|(_, n)| n)
            .sum();
        let words = if seats > 1 {
            "places vides"
        } else {
            "place vide"
        };
        let line = text(li);
        assert!(line.contains(&format!("({seats} {words}) : ")), "{line}");
        listed += seats;
    }
    assert_eq!(listed, empty);
    let florac: Vec<String> = doc
        .select(&sel("ul.runs li[data-post=florac][data-period=nuit]"))
        .map(text)
        .collect();
    assert!(
        florac[0].starts_with("Secteur de Florac – Nuit ("),
        "{florac:?}"
    );
    assert!(florac[0].contains(" : 3, "), "{florac:?}");
}

/// A roster that breaks a rule: `gardes check` exits 1 and the page lists the broken
/// rule first, in red, with the count in the headline.
#[test]
fn check_writes_the_page_with_the_rules_broken() {
    let dir = Dir::new();
    dir.write("instance.toml", ASCENSION);
    // d02 also holds Florac's night of 5 May, overlapping Mende's.
    dir.write(
        "roster.csv",
        &format!(
            "{HAND_ROSTER}2027-05-05,florac,nuit,2027-05-05T20:00:00+02:00,2027-05-06T08:00:00+02:00,d02,Dr Bruno Roux\n"
        ),
    );
    dir.run(&["check", "instance.toml", "roster.csv", "-o", "page"])
        .code(1);
    let page = std::fs::read_to_string(dir.join("page/report.html")).unwrap();
    let doc = Html::parse_document(&page);
    let broken = text(doc.select(&sel("section.problems h2")).next().unwrap());
    assert_eq!(broken, "Règles enfreintes — 1 règle enfreinte");
    let cards: Vec<String> = doc.select(&sel(".card")).map(text).collect();
    assert!(cards.iter().any(|c| c == "Règles 1 enfreinte"), "{cards:?}");
    let sub = text(doc.select(&sel("p.sub")).next().unwrap());
    assert!(
        sub.starts_with("Vérification du tableau roster.csv"),
        "{sub}"
    );
}

/// Each load in the table is the summary's: `load / target` per category, as the
/// checker counted them.
#[test]
fn the_loads_are_the_summarys() {
    let (instance, plan) = solved(ASCENSION);
    let summary = gardes::report::summary(&instance, &plan, &options());
    let doc = Html::parse_document(&page_of(&instance, &plan));
    let categories: Vec<String> = doc
        .select(&sel("table.loads th.cat"))
        .map(|th| th.value().attr("data-category").unwrap().to_owned())
        .collect();
    assert_eq!(categories.len(), instance.fairness.categories.len());
    let rows: Vec<ElementRef> = doc.select(&sel("table.loads tbody tr")).collect();
    assert_eq!(rows.len(), summary.practitioners.len());
    for (row, p) in rows.iter().zip(&summary.practitioners) {
        let cells: Vec<String> = row.select(&sel("td.bar")).map(text).collect();
        for (cell, cat) in cells.iter().zip(&categories) {
            let expected = match p.categories.get(cat) {
                Some(l) => format!(
                    "{} / {}",
                    l.load,
                    format!("{:.1}", l.target).replace('.', ",")
                ),
                None => "—".to_owned(),
            };
            assert_eq!(cell, &expected, "{} {cat}", p.id);
        }
        let duties = text(row.select(&sel("td.num")).nth(1).unwrap());
        assert_eq!(duties, p.duties.to_string());
    }
}

/// A practitioner's pledge shows beside the duties they hold, in the page, in
/// summary.md and in summary.json ("Engagées": held / pledged); someone without a
/// pledge gets a dash, and an instance without any pledge has no such column (the
/// golden pages above).
#[test]
fn the_pledges_show_next_to_the_duties() {
    let (instance, plan) = solved(
        r#"
[horizon]
first = 2027-01-04
last = 2027-01-07
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "a"
periods = ["nuit"]
[[practitioners]]
id = "d01"
posts = ["a"]
pledge = 2
[[practitioners]]
id = "d02"
posts = ["a"]
"#,
    );
    let summary = gardes::report::summary(&instance, &plan, &options());
    let held = |id: &str| {
        summary
            .practitioners
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.duties)
            .unwrap()
    };
    let doc = Html::parse_document(&page_of(&instance, &plan));
    let header: Vec<String> = doc.select(&sel("table.loads thead th")).map(text).collect();
    assert_eq!(header[2..5], ["Gardes", "Engagées", "Heures"]);
    let cells: Vec<Vec<String>> = doc
        .select(&sel("table.loads tbody tr"))
        .map(|row| row.select(&sel("td.num")).map(text).collect())
        .collect();
    assert_eq!(cells[0][2], format!("{} / 2", held("d01")));
    assert_eq!(cells[1][2], "—");
    let markdown = gardes::report::to_markdown(&instance, &plan, &summary);
    assert!(markdown.contains("| Gardes | Engagées (tenues / promises) | Heures |"));
    assert!(markdown.contains(&format!("| {} | {} / 2 |", held("d01"), held("d01"))));
    let json: serde_json::Value = serde_json::from_str(&gardes::report::to_json(&summary)).unwrap();
    assert_eq!(json["practitioners"][0]["pledge"], 2);
    assert!(json["practitioners"][1].get("pledge").is_none());
}

/// With places and MCS posts, the page has the heat map: one cell per hour of MCS time
/// (the week's nights, 20 h to 8 h, and Sunday's day), and the table per MCS period;
/// without, neither.
#[test]
fn the_heat_map_shows_mcs_coverage_by_day_and_hour() {
    let (instance, plan) = solved(WEEK);
    let page = page_of(&instance, &plan);
    let doc = Html::parse_document(&page);
    let figures = plan.check.population.as_ref().expect("population figures");
    let hours: f64 = figures.mcs_minutes as f64 / 60.0;
    // The frame, then one rect per hour of MCS time.
    let cells = doc.select(&sel("svg.heat > rect")).count() - 1;
    assert_eq!(cells as f64, hours.ceil());
    let periods = doc.select(&sel("table.periods tbody tr")).count();
    assert_eq!(periods, figures.periods.len() + 1);

    let (instance, plan) = solved(ASCENSION);
    let doc = Html::parse_document(&page_of(&instance, &plan));
    assert_eq!(doc.select(&sel("svg.heat")).count(), 0);
}

/// STYLE.md §5: two solves of the same instance give the same page, byte for byte (it
/// shows no timing).
#[test]
fn the_same_roster_gives_the_same_page() {
    let (instance, first) = solved(ASCENSION);
    let (_, second) = solved(ASCENSION);
    assert_eq!(first.roster, second.roster);
    assert!(page_of(&instance, &first) == page_of(&instance, &second));
}

/// `solve` writes report.html beside the other outputs, and archives it with them.
#[test]
fn solve_writes_report_html_and_archives_it() {
    let dir = Dir::new();
    dir.write("instance.toml", ASCENSION);
    for _ in 0..2 {
        dir.run(&[
            "solve",
            "instance.toml",
            "-o",
            "out",
            "--now",
            "2027-01-15T09:30:00Z",
            "-q",
        ])
        .code(0);
    }
    let page = std::fs::read_to_string(dir.join("out/report.html")).unwrap();
    let grid = Grid::read(&page);
    let csv = std::fs::read_to_string(dir.join("out/assignments.csv")).unwrap();
    assert_eq!(grid.seats, assignments(&csv));
    let archived: Vec<_> = std::fs::read_dir(dir.join("out/archive"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(archived.len(), 1);
    assert!(archived[0].join("report.html").is_file());
}

/// The words of the page, reviewed once: the headline, the empty seats, the legend and
/// the grid of the hand-made Ascension roster, as a reader sees them.
#[test]
fn the_page_reads_in_french() {
    let instance = gardes::instance::parse("instance.toml", ASCENSION).unwrap();
    let duties = gardes::duties::expand(&instance).unwrap();
    let records = gardes::check::read_roster_csv("roster.csv", HAND_ROSTER).unwrap();
    let report = gardes::check::check(&instance, &duties, &records);
    let roster = gardes::html::roster_from_records(&instance, &duties, &records);
    let page = render(&Page {
        instance: &instance,
        duties: &duties,
        roster: &roster,
        check: &report,
        source: Source::Checked {
            title: gardes::labels::html::CHECKED_FILE,
            file: "roster.csv",
        },
    });
    let doc = Html::parse_document(&page);
    let mut lines = Vec::new();
    for selector in [
        "header h1",
        "header p.sub",
        ".card",
        "section.problems h2",
        "ul.runs li",
        "p.legend",
        ".sheet h3",
        "table.grid thead tr",
        "table.grid tbody tr",
        "section.wishes p",
        "section.fees h2",
        "section.fees tr",
        "section.fees p",
        "section.solver p",
    ] {
        for e in doc.select(&sel(selector)) {
            lines.push(text(e));
        }
    }
    insta::assert_snapshot!(lines.join("\n"));
}

/// The progress line is drawn on a terminal only: through a pseudo-terminal (`script`,
/// util-linux) the solve shows its stage, and with standard error a pipe it writes
/// nothing there.
#[test]
fn the_progress_line_shows_on_a_terminal_only() {
    let dir = Dir::new();
    dir.write("instance.toml", ASCENSION);
    let piped = dir.run(&[
        "solve",
        "instance.toml",
        "-o",
        "piped",
        "--now",
        "2027-01-15T09:30:00Z",
    ]);
    piped.code(0);
    assert_eq!(piped.stderr, "", "no progress line into a pipe");
    assert!(piped.stdout.starts_with("# Tableau de garde"));

    let command = format!(
        "{} solve instance.toml -o tty --now 2027-01-15T09:30:00Z",
        env!("CARGO_BIN_EXE_gardes")
    );
    let output = std::process::Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(dir.path())
        .env("TERM", "xterm")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script (util-linux) runs");
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{shown}");
    // The line's own words, which summary.md does not have.
    assert!(shown.contains("couverture et équité · "), "{shown}");
    assert!(shown.contains("préparation du modèle"), "{shown}");
    assert!(shown.contains("# Tableau de garde"), "{shown}");
}

/// Two centres with a place and a continuity weight, two nights, d01 living far and
/// d02 near (tests/check.rs `travel_and_continuity_figures`).
const TRAVEL: &str = r#"
name = "trajets"
places = [
  { id = "centre", lat = 45.0, lon = 2.0, population = 100 },
  { id = "pres", lat = 45.1, lon = 2.0, population = 100 },
  { id = "loin", lat = 46.0, lon = 2.0, population = 100 },
]
[horizon]
first = 2027-01-04
last = 2027-01-05
[rules]
no_two_nights_in_a_row = false
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "a"
label = "Centre A"
periods = ["nuit"]
place = "centre"
continuity_weight = 1
[[posts]]
id = "b"
label = "Centre B"
periods = ["nuit"]
place = "centre"
continuity_weight = 1
[[practitioners]]
id = "d01"
posts = ["a", "b"]
place = "loin"
[[practitioners]]
id = "d02"
posts = ["a", "b"]
place = "pres"
"#;

/// With travel and continuity, summary.json has the kilometres (each practitioner's
/// and in all, the checker's) and the holders of each post; summary.md and the page
/// show the column "Km" and the table of posts ("Médecins différents"). Without
/// (the Ascension instance), none of it.
#[test]
fn kilometres_and_holders_per_post_show_with_travel_only() {
    let (instance, plan) = solved(TRAVEL);
    let summary = gardes::report::summary(&instance, &plan, &options());
    let travel = summary.travel.as_ref().expect("travel figures");
    let km: Vec<f64> = summary
        .practitioners
        .iter()
        .map(|p| p.km.expect("km"))
        .collect();
    // Continuity: one doctor per centre, each at two nights: 2 × 311.3 and 2 × 31.1 km.
    assert_eq!(km, [622.7, 62.3]);
    assert_eq!(travel.km, 685.0);
    let holders: Vec<(String, u32, u32, u32, u32)> = travel
        .posts
        .iter()
        .map(|h| (h.post.clone(), h.duties, h.seats, h.empty, h.holders))
        .collect();
    assert_eq!(
        holders,
        [("a".into(), 2, 2, 0, 1), ("b".into(), 2, 2, 0, 1)]
    );
    let json = gardes::report::to_json(&summary);
    assert!(json.contains("\"travel\""), "{json}");
    let md = gardes::report::to_markdown(&instance, &plan, &summary);
    assert!(
        md.contains("| Praticien | Quote-part | Gardes | Heures | Km |"),
        "{md}"
    );
    assert!(md.contains("| Centre A | 2 / 2 | 0 | 1 |"), "{md}");
    assert!(md.contains("Médecins différents"), "{md}");
    assert!(
        md.contains("- Kilomètres parcourus (allers-retours) : 685 km"),
        "{md}"
    );
    let doc = Html::parse_document(&page_of(&instance, &plan));
    let heads: Vec<String> = doc.select(&sel("table.loads th")).map(text).collect();
    assert!(heads.contains(&"Km".to_owned()), "{heads:?}");
    let rows: Vec<Vec<String>> = doc
        .select(&sel("table.posts tbody tr"))
        .map(|r| r.select(&sel("td")).map(text).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["Centre A", "2 / 2", "0", "1"],
            ["Centre B", "2 / 2", "0", "1"]
        ]
    );

    let (instance, plan) = solved(ASCENSION);
    let summary = gardes::report::summary(&instance, &plan, &options());
    assert!(summary.travel.is_none());
    assert!(summary.practitioners.iter().all(|p| p.km.is_none()));
    let md = gardes::report::to_markdown(&instance, &plan, &summary);
    assert!(
        !md.contains("Km") && !md.contains("Médecins différents"),
        "{md}"
    );
    let page = page_of(&instance, &plan);
    assert!(!page.contains("table.posts") && !page.contains("class=\"posts\""));
}

/// A week from Monday 08:00 to Saturday 12:00 (`end_day = 5`): one line on the Monday
/// with its end (`8h → sam. 09 12h`), the holder repeated muted on the later dates
/// (outside any seat line, so the grid still reads back as the roster's rows), and the
/// span in the legend.
#[test]
fn a_week_reads_as_one_line_down_the_grid() {
    let instance = gardes::instance::parse(
        "semaine.toml",
        r#"
name = "Réseau"
horizon = { first = 2027-01-04, last = 2027-01-10 }
[[periods]]
id = "semaine"
label = "Semaine"
start = "08:00"
end = "12:00"
end_day = 5
weekdays = ["monday"]
[[posts]]
id = "felletin"
label = "Felletin"
periods = ["semaine"]
[[practitioners]]
id = "d01"
name = "Dr Anne Martin"
posts = ["felletin"]
"#,
    )
    .unwrap();
    let duties = gardes::duties::expand(&instance).unwrap();
    let records = gardes::check::read_roster_csv(
        "roster.csv",
        "date,post,period,practitioner_id\n2027-01-04,felletin,semaine,d01\n",
    )
    .unwrap();
    let report = gardes::check::check(&instance, &duties, &records);
    let roster = gardes::html::roster_from_records(&instance, &duties, &records);
    let page = render(&Page {
        instance: &instance,
        duties: &duties,
        roster: &roster,
        check: &report,
        source: Source::Checked {
            title: gardes::labels::html::CHECKED_FILE,
            file: "roster.csv",
        },
    });
    let doc = Html::parse_document(&page);
    let mut lines = Vec::new();
    for selector in ["p.legend", "table.grid tbody tr"] {
        for e in doc.select(&sel(selector)) {
            lines.push(text(e));
        }
    }
    assert_eq!(doc.select(&sel(".seat .n")).count(), 1);
    insta::assert_snapshot!(lines.join("\n"), @r"
    week-end jour férié pont garde non pourvue
    Créneaux : lundi 08:00 → samedi 12:00 Semaine — Noms courts : voir la charge par praticien.
    barre : réalisé ; trait : cible · au-dessus de la cible (de plus d'une garde et de 10 %) · en dessous de la cible (de plus d'une garde et de 10 %)
    lun. 04 8h → sam. 09 12h Martin
    mar. 05 ↳ Martin
    mer. 06 ↳ Martin
    jeu. 07 ↳ Martin
    ven. 08 ↳ Martin
    sam. 09 ↳ Martin
    dim. 10
    ");
}
