//! `report.html`: the roster on one self-contained page that a coordinator can look at,
//! print on A4 landscape for the Ordre des médecins, and show the doctors.
//!
//! From the top: the headline figures (seats filled, empty seats in red, MCS on-calls
//! and population reached, wishes granted, the solver's status or the checker's
//! verdict), the rules broken and the empty seats with their reasons, the grid (one
//! table per month and group of posts, see `grid.rs`), each practitioner's load against
//! target per category (`charts.rs`), the wishes granted and refused, the MCS coverage
//! by day and hour as a heat map when the instance has MCS posts, and the solver's
//! levels or the checker's figures.
//!
//! The page is self-contained: CSS inline, charts as inline SVG, no network, no
//! framework, and one small inline script that only marks the page as rendered
//! (`data-etat="pret"` on `<html>`, `data-erreur` on a script error) so that the browser
//! test knows it loaded whole. The markup is written with maud, which escapes every
//! text and checks the structure at compile time.
//!
//! Formats only, like [`crate::report`]: every figure is the summary's (the plan and
//! its checker's) or, for a roster read from a file, the checker's report's, through the
//! same functions ([`crate::report::loads`], [`crate::report::coverage`],
//! [`crate::report::uncovered_runs_of`]). The page shows no timing and no clock: the
//! same roster and figures give the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::check::CheckReport;
use crate::duties::Duty;
use crate::instance::{Instance, PracIdx};
use crate::labels::fees as ff;
use crate::labels::html as fr;
use crate::report::{num, Coverage, PractitionerSummary, Summary, UncoveredRun};
use crate::roster::{Roster, RosterRecord};

mod charts;
mod grid;
mod names;

pub use grid::MAX_COLUMNS;

/// The page's style sheet, inlined.
const STYLE: &str = include_str!("report.css");

/// Marks the page as rendered, or records the first script error: what the browser test
/// reads back.
const SCRIPT_HEAD: &str = "window.addEventListener(\"error\", function (e) { \
     document.documentElement.setAttribute(\"data-erreur\", String(e.message)); });";
/// The last element of the body: the page was parsed to its end.
const SCRIPT_END: &str = "document.documentElement.setAttribute(\"data-etat\", \"pret\");";

/// The file name gardes writes.
pub const FILE_NAME: &str = "report.html";

/// What a page shows.
pub struct Page<'a> {
    /// The instance (for a re-planning, the changed one).
    pub instance: &'a Instance,
    /// Its duties.
    pub duties: &'a [Duty],
    /// The roster shown.
    pub roster: &'a Roster,
    /// The checker's report on that roster.
    pub check: &'a CheckReport,
    /// Where the roster comes from.
    pub source: Source<'a>,
}

/// Where the roster of a page comes from.
pub enum Source<'a> {
    /// `gardes solve` or `gardes replan`: the summary, with the solver's status, gap
    /// and levels (and a re-planning's changes).
    Solved(&'a Summary),
    /// `gardes check` (or `gardes swap`): a roster from a file, with the checker's
    /// figures and verdict only.
    Checked {
        /// The subtitle ([`fr::CHECKED_FILE`], [`fr::SWAPPED`]).
        title: &'a str,
        /// The roster's file, as given.
        file: &'a str,
    },
}

impl Page<'_> {
    /// Whether the page shows a re-planning (its changed seats are marked).
    fn replanned(&self) -> bool {
        matches!(self.source, Source::Solved(s) if s.replan.is_some())
    }
}

/// The figures a page shows, the summary's or computed from the checker's report.
struct Figures<'a> {
    practitioners: &'a [PractitionerSummary],
    travel: Option<&'a crate::report::TravelSummary>,
    coverage: &'a Coverage,
    runs: &'a [UncoveredRun],
}

/// The bytes of `report.html`.
///
/// `page.duties` must be `duties::expand(page.instance)` and the roster and the
/// checker's report must be over them, as a plan's are (or [`roster_from_records`]'s
/// and `check::check`'s on the same duties).
pub fn render(page: &Page<'_>) -> String {
    render_with(page, &Extras::default())
}

/// What a page embedding the report adds to it (the coordinator's workspace): markup
/// at the top of the body, a style sheet and a script after the report's own, and
/// markup at the end of the body. Empty for `report.html`.
#[derive(Default)]
pub struct Extras {
    /// Markup before the report's header (a navigation bar), already escaped.
    pub top: Markup,
    /// More CSS.
    pub style: &'static str,
    /// A script run at the end of the body.
    pub script: &'static str,
    /// Markup at the end of the body, already escaped.
    pub bottom: Markup,
}

/// [`render`] with [`Extras`]: the same report, the same grid and its `data-`
/// attributes, inside a page of the caller's.
pub fn render_with(page: &Page<'_>, extras: &Extras) -> String {
    let instance = page.instance;
    let owned;
    let figures = match &page.source {
        Source::Solved(s) => Figures {
            practitioners: &s.practitioners,
            travel: s.travel.as_ref(),
            coverage: &s.coverage,
            runs: &s.uncovered_runs,
        },
        Source::Checked { .. } => {
            owned = (
                crate::report::loads(instance, page.duties, page.roster, page.check),
                crate::report::coverage(instance, page.duties, page.check),
                crate::report::uncovered_runs_of(instance, page.duties, page.roster),
                crate::report::travel(instance, page.duties, page.roster, page.check),
            );
            Figures {
                practitioners: &owned.0,
                travel: owned.3.as_ref(),
                coverage: &owned.1,
                runs: &owned.2,
            }
        }
    };
    let names = names::short_names(instance);
    let changed: grid::Changed = match &page.source {
        Source::Solved(Summary {
            replan: Some(r), ..
        }) => r
            .gained
            .iter()
            .map(|c| {
                (
                    c.date,
                    c.post.clone(),
                    c.period.clone(),
                    c.practitioner.clone(),
                )
            })
            .collect(),
        _ => BTreeSet::new(),
    };
    let title = format!("{} — {}", fr::TITLE, instance.name);
    let markup = html! {
        (DOCTYPE)
        html lang="fr" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
                @if !extras.style.is_empty() {
                    style { (PreEscaped(extras.style)) }
                }
                script { (PreEscaped(SCRIPT_HEAD)) }
            }
            body {
                (extras.top)
                header {
                    h1 { (title) }
                    p.sub {
                        (subtitle(page))
                        " · " (crate::labels::report::date_range(instance.horizon.first, instance.horizon.last))
                    }
                }
                (cards(page, &figures))
                @if !page.check.violations.is_empty() {
                    (violations(page))
                }
                @if !figures.runs.is_empty() {
                    (uncovered(page, figures.runs))
                }
                @if let Source::Solved(s) = &page.source {
                    @if let Some(r) = &s.replan {
                        (replan(r))
                    }
                }
                section.grid-section {
                    h2 { (fr::GRID_TITLE) }
                    (grid::grid(page, &names, &changed))
                }
                section.loads-section {
                    h2 { (fr::LOADS_TITLE) }
                    p.intro { (fr::LOADS_INTRO) }
                    (charts::loads(instance, figures.practitioners, &names))
                }
                @if let Some(t) = figures.travel {
                    (posts(instance, t))
                }
                (wishes(page))
                (fees(page))
                @if let Some(p) = &page.check.population {
                    (population(page, p, figures.coverage))
                }
                (solver_or_checker(page))
                (extras.bottom)
                @if !extras.script.is_empty() {
                    script { (PreEscaped(extras.script)) }
                }
                script { (PreEscaped(SCRIPT_END)) }
            }
        }
    };
    markup.into_string()
}

/// The holders of each post, and the kilometres in all (travel and continuity).
fn posts(instance: &Instance, t: &crate::report::TravelSummary) -> Markup {
    html! {
        section.posts-section {
            h2 { (fr::POSTS_TITLE) }
            @if instance.has_travel() {
                p.intro { (fr::posts_intro(&num(t.km, 0))) }
            }
            table.posts {
                thead {
                    tr {
                        th.name { (fr::POSTS_HEADER[0]) }
                        th.num { (fr::POSTS_HEADER[1]) }
                        th.num { (fr::POSTS_HEADER[2]) }
                        th.num { (fr::POSTS_HEADER[3]) }
                    }
                }
                tbody {
                    @for (post, h) in instance.posts.iter().zip(&t.posts) {
                        tr data-id=(h.post.as_str()) {
                            td.name { (post.label) }
                            td.num { (h.filled()) " / " (h.seats) }
                            td.num { (h.empty) }
                            td.num { (h.holders) }
                        }
                    }
                }
            }
        }
    }
}

fn subtitle(page: &Page<'_>) -> String {
    match &page.source {
        Source::Solved(s) if s.replan.is_some() => fr::REPLANNED_BY.to_owned(),
        Source::Solved(_) => fr::SOLVED_BY.to_owned(),
        Source::Checked { title, file } => format!("{title} {file}"),
    }
}

/// One headline figure.
struct Card {
    label: &'static str,
    value: String,
    note: String,
    class: &'static str,
}

/// The headline figures: what a coordinator sees first.
fn cards(page: &Page<'_>, figures: &Figures<'_>) -> Markup {
    let c = figures.coverage;
    let mut cards = vec![
        Card {
            label: fr::CARD_FILLED,
            value: format!("{} / {}", c.filled, c.seats),
            note: format!("{} %", num(c.rate * 100.0, 1)),
            class: if c.filled == c.seats { "good" } else { "" },
        },
        Card {
            label: fr::CARD_EMPTY,
            value: page.check.uncovered_seats.to_string(),
            note: if page.check.uncovered_seats == 0 {
                fr::CARD_EMPTY_NONE.to_owned()
            } else {
                fr::CARD_EMPTY_SOME.to_owned()
            },
            class: if page.check.uncovered_seats == 0 {
                "good"
            } else {
                "bad"
            },
        },
    ];
    if c.optional_seats > 0 {
        cards.push(Card {
            label: fr::CARD_OPTIONAL,
            value: format!("{} / {}", c.optional_filled, c.optional_seats),
            note: format!(
                "{} %",
                num(
                    100.0 * f64::from(c.optional_filled) / f64::from(c.optional_seats),
                    1
                )
            ),
            class: "",
        });
    }
    if let Some(p) = &c.population {
        cards.push(Card {
            label: fr::CARD_POPULATION,
            value: format!("{} %", num(p.share_with_mcs * 100.0, 1)),
            note: fr::population_note(p.threshold_minutes, &num(p.share_without_mcs * 100.0, 1)),
            class: "",
        });
    }
    let (granted, total) = wish_counts(page);
    if total > 0 {
        cards.push(Card {
            label: fr::CARD_WISHES,
            value: format!("{granted} / {total}"),
            note: format!("{} %", num(100.0 * granted as f64 / total as f64, 0)),
            class: "",
        });
    }
    match &page.source {
        Source::Solved(s) => {
            if let Some(r) = &s.replan {
                cards.push(Card {
                    label: fr::CARD_CHANGES,
                    value: r.duties_changed.to_string(),
                    note: fr::replan_from(r.from.parse().ok()),
                    class: "",
                });
            }
            let (value, note, class) = match s.status {
                "optimal" => (
                    fr::SOLVER_OPTIMAL,
                    fr::SOLVER_OPTIMAL_NOTE.to_owned(),
                    "good",
                ),
                stopped => (
                    match stopped {
                        "interrupted" => fr::SOLVER_INTERRUPTED,
                        "work_limit" => fr::SOLVER_WORK_LIMIT,
                        _ => fr::SOLVER_TIME_LIMIT,
                    },
                    gap_text(s),
                    "warn",
                ),
            };
            cards.push(Card {
                label: fr::CARD_SOLVER,
                value: value.to_owned(),
                note,
                class,
            });
        }
        Source::Checked { .. } => {
            let n = page.check.violations.len();
            cards.push(Card {
                label: fr::CARD_RULES,
                value: if n == 0 {
                    fr::RULES_OK.to_owned()
                } else {
                    fr::rules_broken(n)
                },
                note: String::new(),
                class: if n == 0 { "good" } else { "bad" },
            });
        }
    }
    html! {
        div.cards {
            @for card in &cards {
                div class=(format!("card {}", card.class).trim_end()) {
                    div.label { (card.label) }
                    div.value.text[!card.value.starts_with(|c: char| c.is_ascii_digit())] { (card.value) }
                    div.note { (card.note) }
                }
            }
        }
    }
}

/// `écart à la borne : 0,31 %` of the summary's status line.
fn gap_text(s: &Summary) -> String {
    if s.gap.is_finite() {
        format!(
            "{} : {} %",
            crate::labels::report::GAP_SHORT,
            num(s.gap * 100.0, 2)
        )
    } else {
        format!(
            "{} : {}",
            crate::labels::report::GAP_SHORT,
            crate::labels::report::GAP_UNKNOWN
        )
    }
}

/// Wishes granted and in all, from the checker's refused wishes.
fn wish_counts(page: &Page<'_>) -> (usize, usize) {
    let total: usize = page
        .instance
        .practitioners
        .iter()
        .map(|p| p.wishes.len())
        .sum();
    let refused = page.check.preferences.refused.len();
    (total - refused.min(total), total)
}

fn violations(page: &Page<'_>) -> Markup {
    let text = crate::labels::check::violations_text(page.check);
    let mut lines = text.lines();
    let head = lines.next().unwrap_or_default().trim_end_matches(" :");
    html! {
        section.problems {
            h2.bad { (fr::VIOLATIONS_TITLE) " — " (head) }
            ul {
                @for line in lines {
                    li { (line.trim_start_matches("- ")) }
                }
            }
        }
    }
}

fn uncovered(page: &Page<'_>, runs: &[UncoveredRun]) -> Markup {
    let instance = page.instance;
    let hints: &[crate::report::HintSummary] = match &page.source {
        Source::Solved(s) => &s.hints,
        Source::Checked { .. } => &[],
    };
    html! {
        section.problems {
            h2.bad { (fr::UNCOVERED_TITLE) " (" (page.check.uncovered_seats) ")" }
            ul.runs {
                @for g in uncovered_groups(instance, runs) {
                    li title=(g.texts.join("\n")) data-post=(g.post) data-period=(g.period) {
                        strong { (g.post_label) " – " (g.period_label) }
                        " (" (crate::labels::report::empty_seats(g.seats)) ") : "
                        (crate::labels::report::dates_text(&g.dates)) " — "
                        span.reason { (g.reasons.join(" ; ")) }
                    }
                }
            }
            @if !hints.is_empty() {
                h3 { (crate::labels::report::HINTS_TITLE) }
                ul.hints {
                    @for h in hints {
                        li { (h.text) }
                    }
                }
            }
        }
    }
}

/// The empty seats of one post and period, gathered from the summary's runs.
struct UncoveredGroup<'a> {
    post: &'a str,
    period: &'a str,
    post_label: &'a str,
    period_label: &'a str,
    seats: u32,
    dates: Vec<chrono::NaiveDate>,
    reasons: Vec<&'static str>,
    texts: Vec<&'a str>,
}

/// The runs gathered by post and period, in the instance's order of posts and periods:
/// one line per column of the grid that has empty seats.
fn uncovered_groups<'a>(
    instance: &'a Instance,
    runs: &'a [UncoveredRun],
) -> Vec<UncoveredGroup<'a>> {
    let mut groups: BTreeMap<(usize, usize, &str, &str), UncoveredGroup<'a>> = BTreeMap::new();
    for run in runs {
        let post = instance.post_by_id(&run.post);
        let period = instance.period_by_id(&run.period);
        let key = (
            post.map_or(usize::MAX, |p| p.get()),
            period.map_or(usize::MAX, |p| p.get()),
            run.post.as_str(),
            run.period.as_str(),
        );
        let g = groups.entry(key).or_insert_with(|| UncoveredGroup {
            post: &run.post,
            period: &run.period,
            post_label: post.map_or(run.post.as_str(), |p| instance.post(p).label.as_str()),
            period_label: period.map_or(run.period.as_str(), |p| instance.period(p).label.as_str()),
            seats: 0,
            dates: Vec::new(),
            reasons: Vec::new(),
            texts: Vec::new(),
        });
        g.seats += run.seats;
        if let (Ok(first), Ok(last)) = (
            run.first.parse::<chrono::NaiveDate>(),
            run.last.parse::<chrono::NaiveDate>(),
        ) {
            g.dates.extend(first.iter_days().take_while(|d| *d <= last));
        }
        let reason = fr::reason_short(run.reason, run.binding);
        if !g.reasons.contains(&reason) {
            g.reasons.push(reason);
        }
        g.texts.push(&run.text);
    }
    groups
        .into_values()
        .map(|mut g| {
            g.dates.sort_unstable();
            g.dates.dedup();
            g
        })
        .collect()
}

fn replan(r: &crate::report::ReplanSummary) -> Markup {
    html! {
        section.replan {
            h2 { (fr::REPLAN_TITLE) }
            p {
                (fr::replan_line(
                    r.from.parse().ok(),
                    r.duties_changed,
                    r.lost.len(),
                    r.gained.len(),
                    r.kept,
                ))
            }
            @if !r.changes.is_empty() {
                ul {
                    @for c in &r.changes {
                        li { (c) }
                    }
                }
            }
            @if !r.fees.is_empty() {
                h3 { (ff::CHANGES_TITLE) }
                ul {
                    @for c in &r.fees {
                        li { (ff::change_line(&c.name, &c.id, c.before_cents, c.after_cents)) }
                    }
                }
            }
        }
    }
}

fn wishes(page: &Page<'_>) -> Markup {
    let instance = page.instance;
    let mut refused: BTreeMap<PracIdx, Vec<usize>> = BTreeMap::new();
    for r in &page.check.preferences.refused {
        refused.entry(r.practitioner).or_default().push(r.wish);
    }
    let mut combined: BTreeMap<PracIdx, usize> = BTreeMap::new();
    for c in &page.check.preferences.combined {
        *combined.entry(c.practitioner).or_default() += 1;
    }
    let (granted, total) = wish_counts(page);
    let any_combined = !combined.is_empty();
    html! {
        section.wishes {
            h2 { (fr::WISHES_TITLE) }
            @if total == 0 {
                p { (fr::NO_WISHES) }
            } @else {
                p { (fr::wishes_line(granted, total)) }
            }
            @if any_combined {
                p { (fr::combined_line(page.check.preferences.combined.len())) }
            }
            @if total > 0 || any_combined {
                table.wishes {
                    thead {
                        tr {
                            @for h in fr::WISHES_HEADER { th { (h) } }
                            @if any_combined { th { (fr::COMBINED_HEADER) } }
                        }
                    }
                    tbody {
                        @for (i, p) in instance.practitioners.iter().enumerate() {
                            @let idx = PracIdx(i as u32);
                            @let cumuls = combined.get(&idx).copied().unwrap_or(0);
                            @if !p.wishes.is_empty() || cumuls > 0 {
                                @let mine = refused.get(&idx).map_or(&[][..], Vec::as_slice);
                                tr data-id=(p.id.as_str()) {
                                    td { (p.name) " (" (p.id) ")" }
                                    td.num { (p.wishes.len()) }
                                    td.num { (p.wishes.len() - mine.len().min(p.wishes.len())) }
                                    td {
                                        @for (k, &w) in mine.iter().enumerate() {
                                            @if let Some(wish) = p.wishes.get(w) {
                                                @if k > 0 { br; }
                                                span.refused {
                                                    (crate::labels::check::wish_text(instance, wish.kind, &wish.target))
                                                    " " (fr::weight(wish.weight))
                                                }
                                            }
                                        }
                                    }
                                    @if any_combined { td.num { (cumuls) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The on-call fees: each practitioner's duty types, their total, the grand total, the
/// estimate note and the checker's recount.
fn fees(page: &Page<'_>) -> Markup {
    let instance = page.instance;
    let owned;
    let summary = match &page.source {
        Source::Solved(s) => &s.fees,
        Source::Checked { .. } => {
            owned = crate::report::fees::summary(
                instance,
                &crate::fees::statement(
                    instance,
                    page.duties,
                    page.roster
                        .assignments
                        .iter()
                        .map(|a| (a.practitioner, a.duty)),
                ),
                &page.check.fees,
            );
            &owned
        }
    };
    let duties: u32 = summary.practitioners.iter().map(|p| p.duties).sum();
    html! {
        section.fees {
            h2 { (ff::TITLE) }
            @if summary.practitioners.is_empty() {
                p { (ff::NONE) }
            } @else {
                table.fees {
                    thead {
                        tr { @for h in ff::TABLE_HEADER { th { (h) } } }
                    }
                    tbody {
                        @for p in &summary.practitioners {
                            @for (k, l) in p.lines.iter().enumerate() {
                                tr data-id=(p.id) {
                                    td { @if k == 0 { (p.name) " (" (p.id) ")" } }
                                    td { (crate::report::fees::line_type(instance, l)) }
                                    td.num { (l.duties) }
                                    td.num { (ff::euros(l.unit_cents)) @if l.estimate { " *" } }
                                    td.num { (ff::euros(l.total_cents)) }
                                }
                            }
                            tr.subtotal data-id=(p.id) {
                                td {}
                                th { (ff::TOTAL) }
                                td.num { (p.duties) }
                                td {}
                                th.num { (ff::euros(p.total_cents)) }
                            }
                        }
                    }
                    tfoot {
                        tr {
                            th { (ff::TOTAL) }
                            td {}
                            td.num { (duties) }
                            td {}
                            th.num { (ff::euros(summary.total_cents)) }
                        }
                    }
                }
                @if summary.estimated {
                    p.intro { (ff::ESTIMATE_NOTE) }
                }
                @if summary.recount_agrees {
                    p.intro { (ff::RECOUNT_AGREES) }
                } @else {
                    p.bad { (ff::RECOUNT_DIFFERS) }
                }
            }
        }
    }
}

fn population(
    page: &Page<'_>,
    figures: &crate::check::PopulationFigures,
    coverage: &Coverage,
) -> Markup {
    html! {
        section.population {
            h2 { (fr::POPULATION_TITLE) }
            (charts::heatmap(page.instance, figures))
            @if let Some(p) = &coverage.population {
                div.side {
                    table.periods {
                        thead { tr { @for h in fr::POPULATION_PERIOD_HEADER { th { (h) } } } }
                        tbody {
                            @for g in &p.periods {
                                tr {
                                    td { (period_names(page.instance, &g.period)) }
                                    td.num { (num(g.hours, 0)) }
                                    td.num { (num(g.share_without_mcs * 100.0, 1)) " %" }
                                    td.num { (num(g.share_with_mcs * 100.0, 1)) " %" }
                                }
                            }
                            tr.total {
                                td { (fr::POPULATION_TOTAL) }
                                td.num { (num(p.mcs_hours, 0)) }
                                td.num { (num(p.share_without_mcs * 100.0, 1)) " %" }
                                td.num { (num(p.share_with_mcs * 100.0, 1)) " %" }
                            }
                        }
                    }
                    @if !p.uncovered_places.is_empty() {
                        table.places {
                            caption { (fr::POPULATION_PLACES) }
                            thead { tr { @for h in fr::POPULATION_PLACES_HEADER { th { (h) } } } }
                            tbody {
                                @for u in &p.uncovered_places {
                                    tr {
                                        td { (u.name) }
                                        td.num { (u.population) }
                                        td.num { (num(u.hours, 0)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `mcs_nuit+samedi` as the periods' labels.
fn period_names(instance: &Instance, ids: &str) -> String {
    ids.split('+')
        .map(|id| {
            instance
                .period_by_id(id)
                .map_or(id, |p| instance.period(p).label.as_str())
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn solver_or_checker(page: &Page<'_>) -> Markup {
    match &page.source {
        Source::Solved(s) => html! {
            section.solver {
                h2 { (fr::SOLVER_TITLE) }
                p {
                    (crate::labels::report::STATUS) " : "
                    strong {
                        @match s.status {
                            "optimal" => (crate::labels::report::STATUS_OPTIMAL),
                            stopped => { (crate::labels::report::stopped_status(stopped)) " (" (gap_text(s)) ")" }
                        }
                    }
                }
                table.levels {
                    thead { tr { @for h in fr::LEVEL_HEADER { th { (h) } } } }
                    tbody {
                        @for l in s.warm_start.iter().chain(&s.levels) {
                            tr {
                                td { (crate::labels::report::level_name(l.name)) }
                                td {
                                    (crate::labels::report::status_short(l.status))
                                }
                                td.num { (num(l.objective, 3)) }
                                td.num { (num(l.best_bound, 3)) }
                                td.num { (num(l.gap * 100.0, 2)) " %" }
                            }
                        }
                    }
                }
                @if !s.proof.is_empty() {
                    h3 { (crate::labels::report::PROOF_TITLE) }
                    table.levels {
                        thead { tr { @for h in crate::labels::report::PROOF_HEADER { th { (h) } } } }
                        tbody {
                            @for row in crate::report::proof_rows(&s.proof) {
                                tr {
                                    td { (row[0]) }
                                    td.num { (row[1]) }
                                    td.num { (row[2]) }
                                    td { (row[3]) }
                                }
                            }
                        }
                    }
                }
                p.small {
                    (fr::solver_line(
                        &s.options.solver,
                        s.options.threads,
                        s.options.seed,
                        &num(s.options.time_limit, 0),
                    ))
                    " "
                    (fr::model_line(s.model.variables, s.model.binaries, s.model.constraints))
                }
            }
        },
        Source::Checked { file, .. } => html! {
            section.solver {
                h2 { (fr::CHECKER_TITLE) }
                p { (fr::CHECKED) " : " code { (file) } }
                p {
                    (crate::labels::report::FAIRNESS) " : " (num(page.check.fairness.value, 3)) br;
                    (crate::labels::report::PREFERENCES) " : " (num(page.check.preferences.value, 1))
                }
            }
        },
    }
}

/// The roster of `records` over `duties`, for a page of a roster read from a file: the
/// rows naming a known practitioner and duty (the others are the checker's
/// violations), and each empty seat with its reason.
pub fn roster_from_records(
    instance: &Instance,
    duties: &[Duty],
    records: &[RosterRecord],
) -> Roster {
    let mut roster = crate::roster::resolve(instance, duties, records).roster;
    roster.uncovered = crate::explain::explain_uncovered(instance, duties, &roster);
    roster
}
