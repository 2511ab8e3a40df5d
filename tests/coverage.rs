//! Population coverage (docs/rules.md, "Population coverage"): the solver puts the MCS
//! volunteer where they cover the most residents, the checker's figures equal a
//! brute-force count minute by minute written here from the instance data alone, a
//! travel matrix changes what is covered, and `gardes check` prints the section and the
//! coverage CSV files are what they were.
//!
//! The instances are `fixtures/coverage/week.toml` (a week, a PDSA sector and two MCS
//! zones with overlapping periods, with the hand-made roster `week-hand.csv`) and
//! `fixtures/coverage/pick.toml` (one MCS night, three volunteers; `matrix.csv`).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Duration, FixedOffset, NaiveTime, TimeZone, Utc};

use gardes::check::{check, read_roster_csv, CheckReport, PopulationFigures};
use gardes::instance::{parse, Instance, PostKind};
use gardes::roster::RosterRecord;

const WEEK: &str = include_str!("fixtures/coverage/week.toml");
const WEEK_PATH: &str = "tests/fixtures/coverage/week.toml";
const WEEK_HAND: &str = include_str!("fixtures/coverage/week-hand.csv");
const PICK: &str = include_str!("fixtures/coverage/pick.toml");
const PICK_PATH: &str = "tests/fixtures/coverage/pick.toml";

fn load(path: &str, text: &str) -> Instance {
    parse(path, text).unwrap_or_else(|d| panic!("{}", d.render_plain()))
}

fn checked(instance: &Instance, records: &[RosterRecord]) -> (CheckReport, PopulationFigures) {
    let duties = gardes::duties::expand(instance).unwrap();
    let report = check(instance, &duties, records);
    let figures = report.population.clone().expect("places and MCS posts");
    (report, figures)
}

fn hand_roster() -> Vec<RosterRecord> {
    read_roster_csv("week-hand.csv", WEEK_HAND).unwrap()
}

// ---------------------------------------------------------------------------------
// An independent count, minute by minute.

/// Great-circle km on a sphere of radius 6371.0088 km (haversine), written again here.
fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let dp = p2 - p1;
    let dl = (b.1 - a.1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().asin()
}

/// Population-minutes covered and possible over MCS time, counted minute by minute from
/// the instance's periods, places, bases and coverage settings and the roster rows.
///
/// Asserts that no estimated time lies within a hundredth of a minute of the threshold,
/// where rounding could make this count and the instance's disagree.
fn brute_force(instance: &Instance, records: &[RosterRecord]) -> (u64, u64) {
    let geo = instance.geography.as_ref().unwrap();
    let threshold = f64::from(geo.threshold_minutes);
    let minutes = |a: (f64, f64), b: (f64, f64)| {
        let t = geo.dispatch_minutes
            + haversine_km(a, b) * geo.detour_factor / geo.road_speed_kmh * 60.0;
        assert!(
            (t - threshold).abs() > 0.01,
            "{t} minutes is too close to call"
        );
        t
    };
    let point = |i: usize| (geo.places[i].lat, geo.places[i].lon);
    let smur: Vec<bool> = (0..geo.places.len())
        .map(|i| {
            geo.bases
                .iter()
                .any(|b| minutes((b.lat, b.lon), point(i)) <= threshold)
        })
        .collect();

    // Every MCS duty of the horizon (every period of these fixtures exists every day),
    // with its holders' practice places.
    let tz = instance.horizon.time_zone;
    let at = |date: chrono::NaiveDate, time: NaiveTime| {
        tz.from_local_datetime(&date.and_time(time))
            .single()
            .unwrap()
            .with_timezone(&Utc)
    };
    let mut mcs: Vec<(DateTime<Utc>, DateTime<Utc>, Vec<usize>)> = Vec::new();
    for post in instance
        .posts
        .iter()
        .filter(|p| p.kind == PostKind::McsZone)
    {
        for &period in post.demand.keys() {
            let period = instance.period(period);
            assert!(period.day_kinds.is_empty() || period.day_kinds.len() == 5);
            for date in instance.horizon.dates() {
                let start = at(date, period.start);
                let end_date = if period.end <= period.start {
                    date.succ_opt().unwrap()
                } else {
                    date
                };
                let end = at(end_date, period.end);
                let origins = records
                    .iter()
                    .filter(|r| r.post == post.id.as_str())
                    .filter(|r| r.period == period.id.as_str() && r.date == date)
                    .filter_map(|r| {
                        let p = instance.practitioner_by_id(&r.practitioner_id)?;
                        instance.practitioner(p).place
                    })
                    .map(|place| place.get())
                    .collect();
                mcs.push((start, end, origins));
            }
        }
    }

    let first = at(instance.horizon.first, NaiveTime::MIN);
    let last = at(instance.horizon.last, NaiveTime::MIN) + Duration::days(2);
    let (mut covered, mut potential) = (0u64, 0u64);
    let mut t = first;
    while t < last {
        let open: Vec<&Vec<usize>> = mcs
            .iter()
            .filter(|(s, e, _)| *s <= t && t < *e)
            .map(|(_, _, o)| o)
            .collect();
        if !open.is_empty() {
            for (i, place) in geo.places.iter().enumerate() {
                let pop = u64::from(place.population);
                potential += pop;
                let reached = smur[i]
                    || open.iter().any(|o| {
                        o.iter()
                            .any(|&from| minutes(point(from), point(i)) <= threshold)
                    });
                if reached {
                    covered += pop;
                }
            }
        }
        t += Duration::minutes(1);
    }
    (covered, potential)
}

/// The checker's figures and the brute force agree on a hand-made roster.
#[test]
fn checker_figures_equal_a_minute_by_minute_count_on_a_hand_roster() {
    let instance = load(WEEK_PATH, WEEK);
    let records = hand_roster();
    let (report, f) = checked(&instance, &records);
    assert!(
        report.is_valid(),
        "{}",
        gardes::labels::check::render_report(&report, &instance)
    );
    let (covered, potential) = brute_force(&instance, &records);
    assert_eq!(f.covered, covered as f64);
    assert_eq!(f.potential, potential as f64);
    // 7 nights of 12 h: the evenings lie inside them.
    assert_eq!(f.mcs_minutes, 7 * 720);
    let slices_minutes: i64 = f.slices.iter().map(|s| s.minutes).sum();
    assert_eq!(slices_minutes, f.mcs_minutes);
    let periods: Vec<&str> = f.periods.iter().map(|p| p.period.as_str()).collect();
    assert_eq!(periods, ["nuit+soir", "nuit"]);
    // Something is left to gain, and the figures say by whom.
    assert!(f.covered < f.potential && f.covered > f.covered_smur);
    assert!(!f.best_extra.is_empty());
}

// ---------------------------------------------------------------------------------
// The solver.

fn solve(instance: &Instance) -> gardes::plan::Plan {
    let options = gardes::solve::SolveOptions {
        time_limit: 20.0,
        ..Default::default()
    };
    gardes::plan::plan(instance, &options).unwrap_or_else(|e| panic!("{e}"))
}

/// One night, three volunteers who could each take it: the one whose place reaches
/// the most residents (v2 at Langogne: 3475, against 1015 and 840) is chosen.
#[test]
fn the_solver_picks_the_volunteer_covering_the_most_population() {
    let instance = load(PICK_PATH, PICK);
    let plan = solve(&instance);
    let chosen: Vec<&str> = plan
        .roster
        .assignments
        .iter()
        .map(|a| instance.practitioner(a.practitioner).id.as_str())
        .collect();
    assert_eq!(chosen, ["v2"]);
    let f = plan.check.population.as_ref().unwrap();
    assert_eq!(f.covered, 3475.0 * 720.0);
    assert_eq!(f.smur_population, 0);
}

/// The solver's roster for the week: the checker's covered and potential
/// population-minutes equal the brute force, and the model's first level is the empty
/// required seats times their weight plus the brute force's loss in per mille.
#[test]
fn coverage_figures_equal_an_independent_computation() {
    let instance = load(WEEK_PATH, WEEK);
    let plan = solve(&instance);
    let records = plan.roster.records(&instance, &plan.duties);
    let f = plan.check.population.as_ref().unwrap();
    let (covered, potential) = brute_force(&instance, &records);
    assert_eq!(f.covered, covered as f64);
    assert_eq!(f.potential, potential as f64);
    let loss = 1000.0 * (potential - covered) as f64 / potential as f64;
    assert!((f.loss_per_mille - loss).abs() < 1e-9);

    // Three duties a week for six people leave seats empty: the choice mattered.
    assert!(f.covered < f.potential);
    let (name, first) = plan.levels[0];
    assert_eq!(
        name,
        gardes::model::Level::Coverage,
        "levels: {:?}",
        plan.levels
    );
    let expected = plan.coverage_weight * f64::from(plan.check.uncovered_seats) + loss;
    assert!(
        (first - expected).abs() <= 1e-3 + 1e-6 * expected.abs(),
        "model's first level {first}, expected {expected} (weight {}, empty seats {}, loss {loss})",
        plan.coverage_weight,
        plan.check.uncovered_seats
    );
}

// ---------------------------------------------------------------------------------
// The travel matrix.

/// `matrix.csv` brings Florac within 25 minutes of Meyrueis (estimated 34) and Mende
/// within 10 minutes of the northern SMUR (estimated 167): with v1 of Meyrueis on duty,
/// both become covered, and Mende counts as covered by the SMUR.
#[test]
fn a_travel_matrix_pair_changes_coverage() {
    let estimated = load(PICK_PATH, PICK);
    let with_matrix = PICK.replace(
        "coverage = { dispatch_minutes = 3.0 }",
        "coverage = { dispatch_minutes = 3.0, travel_matrix = \"matrix.csv\" }",
    );
    assert_ne!(with_matrix, PICK);
    let matrix = load(PICK_PATH, &with_matrix);
    assert_eq!(
        matrix.geography.as_ref().unwrap().matrix,
        Some(("matrix.csv".to_owned(), 2))
    );
    let night = vec![RosterRecord {
        line: 0,
        date: chrono::NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
        post: "mcs".to_owned(),
        period: "nuit".to_owned(),
        start: None,
        end: None,
        practitioner_id: "v1".to_owned(),
    }];
    let (_, before) = checked(&estimated, &night);
    let (_, after) = checked(&matrix, &night);

    // Meyrueis 815 + Vebron 200, then + Florac 1866 + Mende 12464.
    assert_eq!(before.covered, 1015.0 * 720.0);
    assert_eq!(before.smur_population, 0);
    assert_eq!(after.covered, (1015.0 + 1866.0 + 12464.0) * 720.0);
    assert_eq!(after.smur_population, 12464);
    let uncovered = |f: &PopulationFigures, i: &Instance| -> Vec<String> {
        let places = &i.geography.as_ref().unwrap().places;
        f.uncovered_places
            .iter()
            .map(|u| places[u.place.get()].id.clone())
            .collect()
    };
    assert!(uncovered(&before, &estimated).contains(&"48061".to_owned()));
    assert!(uncovered(&before, &estimated).contains(&"48095".to_owned()));
    assert!(!uncovered(&after, &matrix).contains(&"48061".to_owned()));
    assert!(!uncovered(&after, &matrix).contains(&"48095".to_owned()));
    assert_eq!(
        uncovered(&after, &matrix).len() + 2,
        uncovered(&before, &estimated).len()
    );
}

// ---------------------------------------------------------------------------------
// Outputs.

/// The French section of `gardes check`, from its title to the next blank line.
fn population_section(report: &str) -> String {
    let start = report
        .find("Couverture de la population")
        .unwrap_or_else(|| panic!("no population section in\n{report}"));
    let rest = &report[start..];
    rest[..rest.find("\n\n").map_or(rest.len(), |e| e + 1)].to_owned()
}

/// `gardes check` on a hand-made roster prints the population section.
#[test]
fn gardes_check_prints_the_population_section() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("week.toml"), WEEK).unwrap();
    std::fs::write(dir.path().join("roster.csv"), WEEK_HAND).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_gardes"))
        .args(["check", "week.toml", "roster.csv"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    let section = population_section(&stdout);
    assert!(section.starts_with("Couverture de la population à 30 minutes :\n"));
    for words in [
        "- population : 20540 habitants, dont 13344 (65.0 %) à moins de 30 minutes d'un SMUR",
        "période",
        "nuit+soir",
        "Lieux les plus longtemps à plus de 30 minutes de tout secours :",
        "Volontaires qui couvriraient le plus d'habitants",
    ] {
        assert!(section.contains(words), "{words:?} not in\n{section}");
    }
    // The library renders the same text.
    let instance = load(WEEK_PATH, WEEK);
    let (report, _) = checked(&instance, &hand_roster());
    assert_eq!(
        population_section(&gardes::labels::check::render_report(&report, &instance)),
        section
    );
    insta::assert_snapshot!("week_hand_population_section", section);
}

/// `coverage.csv` and `coverage_places.csv` of the hand-made roster, whole.
#[test]
fn coverage_csv_golden_files() {
    let instance = load(WEEK_PATH, WEEK);
    let (_, f) = checked(&instance, &hand_roster());
    let dir = tempfile::tempdir().unwrap();
    let written = gardes::export::write_coverage(dir.path(), &instance, &f).unwrap();
    let names: Vec<&str> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap())
        .collect();
    assert_eq!(names, ["coverage.csv", "coverage_places.csv"]);
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let slices = read("coverage.csv");
    assert_eq!(slices.lines().count(), 1 + f.slices.len());
    insta::assert_snapshot!("week_hand_coverage_csv", slices);
    insta::assert_snapshot!("week_hand_coverage_places_csv", read("coverage_places.csv"));
    assert_eq!(
        slices,
        gardes::export::coverage::slices(&instance, &f).unwrap()
    );
    assert!(Path::new(&written[1]).exists());
}

/// Slices are exposed with the roster's offsets.
#[test]
fn slices_carry_local_offsets() {
    let instance = load(WEEK_PATH, WEEK);
    let (_, f) = checked(&instance, &hand_roster());
    let paris = FixedOffset::east_opt(3600).unwrap();
    assert!(f.slices.iter().all(|s| s.start.offset() == &paris));
    let by_period: BTreeMap<&str, i64> = f.slices.iter().fold(BTreeMap::new(), |mut m, s| {
        *m.entry(s.period.as_str()).or_default() += s.minutes;
        m
    });
    assert_eq!(
        by_period,
        BTreeMap::from([("nuit", 7 * 480), ("nuit+soir", 7 * 240)])
    );
}

// ---------------------------------------------------------------------------------
// The bundled Cœur d'Hérault quarter: every kind of roster of a territory at once.

/// instances/coeur-herault-2027-q1.toml solves, and the roster kept passes the
/// independent checker (`plan` refuses one that does not): physiotherapists alone hold
/// the bronchiolitis roster, doctors alone the others, and the coverage figures exist.
#[test]
fn bundled_coeur_herault_instance_solves_and_passes_the_checker() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("instances/coeur-herault-2027-q1.toml");
    let instance = gardes::instance::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let options = gardes::solve::SolveOptions {
        time_limit: 30.0,
        ..Default::default()
    };
    let plan = gardes::plan::plan(&instance, &options).unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.check.is_valid());
    let kinds: std::collections::BTreeSet<_> = instance.posts.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds.len(),
        5,
        "pdsa, mmg, mobile doctor, physio and mcs posts"
    );
    for a in &plan.roster.assignments {
        let post = instance.post(plan.duties[a.duty.get()].post);
        let prac = instance.practitioner(a.practitioner);
        let physio = post.kind == gardes::instance::PostKind::PhysioWeekend;
        assert_eq!(
            physio,
            prac.profession == "kine",
            "{} on {}",
            prac.id,
            post.id
        );
    }
    let f = plan.check.population.as_ref().expect("population figures");
    assert!(f.covered >= f.covered_smur && f.covered_smur > 0.0);
    let levels = gardes::plan::checker_levels(&plan.check, plan.coverage_weight);
    assert_eq!(levels.len(), plan.outcome.levels.len());
}
