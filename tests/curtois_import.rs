//! The Curtois & Qu import (`gardes::curtois::import`, `gardes import curtois`,
//! `gardes score curtois`): every published instance converts into a gardes instance
//! file that reads back with the same staff, shifts, requests, days off and seats; the
//! mapping is exact on a tiny instance; what cannot be written exactly is refused; and
//! the score of a hand-made roster is the penalty derived by hand. Nothing is solved.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;

use gardes::curtois::{
    self, import, AssignmentErrorKind, CurtoisInstance, ImportError, RosterError,
};
use gardes::instance::{Instance, ObjectiveMode, PeriodIdx, Unavailability, WishKind};
use gardes::roster::RosterRecord;

/// A tiny instance: one week, two shifts (L may not be followed by E), two staff, days
/// off 2–4 and 6 for A, one request of each kind, a cover line for every pair.
const TINY: &str = "\
SECTION_HORIZON
7

SECTION_SHIFTS
E,480,
L,600,E

SECTION_STAFF
A,E=5|L=2,3000,960,4,2,2,1
B,E=0|L=7,4200,0,6,1,1,2

SECTION_DAYS_OFF
A,2,3,4,6,

SECTION_SHIFT_ON_REQUESTS
B,1,L,3

SECTION_SHIFT_OFF_REQUESTS
A,0,E,2

SECTION_COVER
0,E,1,100,1
0,L,0,100,1
1,E,2,100,1
1,L,1,100,1
2,E,1,100,1
2,L,1,100,1
3,E,1,100,1
3,L,1,100,1
4,E,1,100,1
4,L,1,100,1
5,E,0,100,1
5,L,1,100,1
6,E,1,100,1
6,L,0,100,1
";

/// A scoring instance: cover lines only on days 0 and 1 (the evaluator charges
/// nothing elsewhere).
const SCORE: &str = "\
SECTION_HORIZON
7
SECTION_SHIFTS
E,480,
L,480,E
SECTION_STAFF
A,E=7|L=7,4800,960,5,1,1,1
B,E=7|L=0,4800,0,5,1,1,1
SECTION_DAYS_OFF
B,6
SECTION_SHIFT_ON_REQUESTS
A,0,E,2
B,1,E,3
SECTION_SHIFT_OFF_REQUESTS
A,1,L,4
SECTION_COVER
0,E,1,100,1
0,L,1,100,1
1,E,1,100,1
1,L,0,100,1
";

/// A gardes roster for [`SCORE`]. By hand: shift-on requests granted (A works E on day
/// 0, B works E on day 1): 0; shift-off request of A for L on day 1 refused: 4; cover
/// (0,E) 1/1: 0, (0,L) 0/1: 100, (1,E) 1/1: 0, (1,L) 1/0: 1. Total 105, no violation.
const SCORE_ROSTER: &str = "\
date,post,period,practitioner_id
2024-01-01,service,E,A
2024-01-02,service,L,A
2024-01-02,service,E,B
";

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
}

fn date(day: u64) -> NaiveDate {
    start().checked_add_days(chrono::Days::new(day)).unwrap()
}

/// The shared benchmark directory, if present.
fn benchmarks() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/benchmarks/curtois");
    dir.is_dir().then_some(dir)
}

/// Converts and reads back, panicking with the diagnostics.
fn import_and_read(inst: &CurtoisInstance, name: &str) -> (String, Instance) {
    let text = curtois::to_toml(inst, start(), name).unwrap_or_else(|e| panic!("{name}: {e}"));
    let back = gardes::instance::parse(&format!("{name}.toml"), &text)
        .unwrap_or_else(|e| panic!("{name}: {:?}", miette::Report::new(e)));
    (text, back)
}

/// Number of days an unavailability list covers.
fn unavailable_days(list: &[Unavailability]) -> usize {
    list.iter()
        .map(|u| match u {
            Unavailability::Dates { from, to } => (*to - *from).num_days() as usize + 1,
            Unavailability::Duty { .. } => panic!("no single-duty unavailability expected"),
        })
        .sum()
}

/// The counts the import must keep, on a converted and read-back instance.
fn assert_counts(inst: &CurtoisInstance, back: &Instance, name: &str) {
    let shifts = inst.shifts.len();
    assert_eq!(back.practitioners.len(), inst.staff.len(), "{name}");
    assert_eq!(back.periods.len(), shifts, "{name}");
    assert_eq!(back.posts.len(), 1, "{name}");
    assert_eq!(back.objective, ObjectiveMode::Weighted, "{name}");
    let wishes: usize = back.practitioners.iter().map(|p| p.wishes.len()).sum();
    let on = back
        .practitioners
        .iter()
        .flat_map(|p| &p.wishes)
        .filter(|w| w.kind == WishKind::On)
        .count();
    assert_eq!(
        (wishes, on),
        (
            inst.shift_on_requests.len() + inst.shift_off_requests.len(),
            inst.shift_on_requests.len()
        ),
        "{name}"
    );
    for (p, s) in back.practitioners.iter().zip(&inst.staff) {
        assert_eq!(p.id.0, s.id, "{name}");
        assert_eq!(unavailable_days(&p.unavailable), s.days_off.len(), "{name}");
    }
    let post = &back.posts[0];
    assert_eq!(post.demand_on.len(), inst.horizon * shifts, "{name}");
    // Over-cover is allowed (weight 1), so every (date, period) is a duty, 0 demand
    // included.
    let duties = gardes::duties::expand(back).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(duties.len(), inst.horizon * shifts, "{name}");
}

#[test]
fn the_24_benchmark_files_import_and_read_back() {
    let Some(dir) = benchmarks() else {
        eprintln!("note : ../shared/benchmarks/curtois absent, test des 24 instances sauté");
        return;
    };
    for n in 1..=24 {
        let name = format!("Instance{n}");
        let inst = curtois::read(&dir.join(format!("{name}.txt")))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let (text, back) = import_and_read(&inst, &name);
        assert!(text.contains("T. Curtois and R. Qu"), "{name}: citation");
        assert_eq!(back.name, name);
        assert_counts(&inst, &back, &name);
        let post = &back.posts[0];
        assert_eq!(
            (post.under_cover_weight, post.over_cover_weight),
            (100.0, Some(1.0)),
            "{name}"
        );
        for c in &inst.cover {
            let period = PeriodIdx(c.shift as u32);
            assert_eq!(
                post.demand_at(date(c.day as u64), period),
                c.requirement,
                "{name} day {} shift {}",
                c.day,
                c.shift
            );
        }
    }
}

#[test]
fn the_tiny_instance_maps_every_rule_exactly() {
    let inst = curtois::parse("tiny.txt", TINY).expect("valid");
    let (text, back) = import_and_read(&inst, "tiny");
    assert_counts(&inst, &back, "tiny");
    assert_eq!(back.horizon.first, start());
    assert_eq!(back.horizon.last, date(6));
    assert_eq!(back.horizon.time_zone.name(), "UTC");
    assert!(!back.calendar.bridge_days);
    assert!(back.fairness.categories.is_empty());
    let rules = &back.rules;
    assert_eq!(
        (
            rules.min_rest_after_night_hours,
            rules.min_rest_hours,
            rules.no_two_nights_in_a_row,
            rules.exempt_runs_at_horizon_ends
        ),
        (0, 0, false, true)
    );
    assert!((back.preferences.wish_weight - 1.0).abs() < f64::EPSILON);

    // Periods: 08:00 to 08:00 + length, counted minutes, forbidden successors.
    let [e, l] = &back.periods[..] else {
        panic!("two periods")
    };
    assert_eq!((e.id.0.as_str(), l.id.0.as_str()), ("E", "L"));
    assert_eq!((e.minutes, l.minutes), (Some(480), Some(600)));
    assert!(!e.night && !l.night);
    assert!(text.contains("start = \"08:00\"\nend = \"16:00\""));
    assert!(text.contains("start = \"08:00\"\nend = \"18:00\""));
    assert!(e.not_followed_by.is_empty());
    let e_idx = PeriodIdx(0);
    let l_idx = PeriodIdx(1);
    assert_eq!(
        l.not_followed_by.iter().copied().collect::<Vec<_>>(),
        [e_idx]
    );

    // Demand per date, 0 included; weights from the cover lines.
    let post = &back.posts[0];
    assert_eq!(post.id.0, "service");
    assert_eq!(post.demand_at(date(0), l_idx), 0);
    assert_eq!(post.demand_at(date(1), e_idx), 2);
    assert_eq!(post.demand_at(date(5), e_idx), 0);
    assert_eq!(post.demand_at(date(5), l_idx), 1);

    // Limits.
    let a = &back.practitioners[0];
    let la = &a.limits;
    assert_eq!(
        la.max_per_period.values().copied().collect::<Vec<_>>(),
        [5, 2]
    );
    assert_eq!(
        (
            la.min_minutes,
            la.max_minutes,
            la.max_consecutive_days,
            la.min_consecutive_days,
            la.min_consecutive_days_off,
            la.max_weekends
        ),
        (Some(960), Some(3000), Some(4), Some(2), Some(2), Some(1))
    );
    let b = &back.practitioners[1];
    assert_eq!(
        b.limits
            .max_per_period
            .values()
            .copied()
            .collect::<Vec<_>>(),
        [0, 7]
    );

    // Days off 2, 3, 4 and 6: one range and one date.
    assert_eq!(
        a.unavailable,
        [
            Unavailability::Dates {
                from: date(2),
                to: date(4)
            },
            Unavailability::Dates {
                from: date(6),
                to: date(6)
            },
        ]
    );
    assert!(text.contains("{ from = 2024-01-03, to = 2024-01-05 }"));
    assert!(text.contains("{ date = 2024-01-07 }"));

    // Requests: an off wish for A, an on wish for B, on exactly that duty.
    let [wa] = &a.wishes[..] else {
        panic!("one wish for A")
    };
    assert_eq!((wa.kind, wa.weight), (WishKind::Off, 2));
    assert!(matches!(
        wa.target,
        Unavailability::Duty { period, date: d, .. } if period == e_idx && d == date(0)
    ));
    let [wb] = &b.wishes[..] else {
        panic!("one wish for B")
    };
    assert_eq!((wb.kind, wb.weight), (WishKind::On, 3));
    assert!(matches!(
        wb.target,
        Unavailability::Duty { period, date: d, .. } if period == l_idx && d == date(1)
    ));

    // Duties: every date has E and L, each counting its length.
    let duties = gardes::duties::expand(&back).expect("expands");
    assert_eq!(duties.len(), 14);
    assert!(duties
        .iter()
        .all(|d| d.counted_minutes == if d.period == e_idx { 480 } else { 600 }));
}

#[test]
fn the_start_date_must_be_a_monday() {
    let inst = curtois::parse("tiny.txt", TINY).expect("valid");
    let tuesday = date(1);
    assert_eq!(
        curtois::to_toml(&inst, tuesday, "tiny"),
        Err(ImportError::NotMonday { first: tuesday })
    );
    let later = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    let text = curtois::to_toml(&inst, later, "tiny").expect("a Monday");
    let back = gardes::instance::parse("tiny.toml", &text).expect("valid");
    assert_eq!(
        (back.horizon.first, back.horizon.last.to_string().as_str()),
        (later, "2027-03-07")
    );
}

#[test]
fn what_cannot_be_written_exactly_is_refused() {
    let with = |from: &str, to: &str| {
        assert!(TINY.contains(from), "{from}");
        curtois::parse("t.txt", &TINY.replacen(from, to, 1)).expect("valid")
    };
    let inst = with("3,L,1,100,1", "3,L,1,100,2");
    let err = curtois::to_toml(&inst, start(), "t").unwrap_err();
    assert!(matches!(
        err,
        ImportError::CoverWeights {
            day: 3,
            under: 100,
            over: 2,
            first_under: 100,
            first_over: 1,
            ..
        }
    ));
    assert!(err.to_string().contains("jour 3, poste « L »"), "{err}");

    let inst = with("3,L,1,100,1\n", "");
    let err = curtois::to_toml(&inst, start(), "t").unwrap_err();
    assert_eq!(
        err,
        ImportError::MissingCover {
            day: 3,
            shift: "L".into(),
            over: 1
        }
    );

    let inst = with("L,600,E", "L,961,E");
    assert!(matches!(
        curtois::to_toml(&inst, start(), "t"),
        Err(ImportError::ShiftLength { minutes: 961, .. })
    ));
    // 960 minutes ends at 24:00, still the same day.
    let inst = with("L,600,E", "L,960,E");
    let (text, _) = import_and_read(&inst, "t");
    assert!(text.contains("end = \"24:00\""));

    let dotted = TINY.replace("\nB,", "\nB.1,");
    let inst = curtois::parse("t.txt", &dotted).expect("valid");
    assert!(matches!(
        curtois::to_toml(&inst, start(), "t"),
        Err(ImportError::InvalidId {
            what: "effectif",
            ..
        })
    ));

    let zero = TINY.replace(",100,1\n", ",0,1\n");
    let inst = curtois::parse("t.txt", &zero).expect("valid");
    assert_eq!(
        curtois::to_toml(&inst, start(), "t"),
        Err(ImportError::ZeroUnderWeight)
    );
}

#[test]
fn free_over_cover_makes_a_missing_cover_line_a_zero_demand() {
    let free = TINY
        .replace(",100,1\n", ",100,0\n")
        .replacen("3,L,1,100,0\n", "", 1);
    let inst = curtois::parse("t.txt", &free).expect("valid");
    let (_, back) = import_and_read(&inst, "t");
    let post = &back.posts[0];
    assert_eq!(post.over_cover_weight, Some(0.0));
    let l_idx = PeriodIdx(1);
    assert_eq!(post.demand_at(date(3), l_idx), 0);
}

#[test]
fn the_name_is_quoted_and_the_source_named() {
    let inst = curtois::parse("tiny.txt", TINY).expect("valid");
    let text =
        curtois::to_toml_with_source(&inst, start(), "tiny \"v2\"", "tiny\n.txt").expect("ok");
    assert!(text.starts_with("# Curtois & Qu"));
    assert!(text.contains("# Source: tiny?.txt\n"));
    let back = gardes::instance::parse("t.toml", &text).expect("valid");
    assert_eq!(back.name, "tiny \"v2\"");
}

// ---------------------------------------------------------------------------------------
// Rosters back to the benchmark
// ---------------------------------------------------------------------------------------

#[test]
fn a_hand_made_roster_scores_its_hand_derived_penalty() {
    let inst = curtois::parse("score.txt", SCORE).expect("valid");
    let rows: Vec<(NaiveDate, String, String)> = [(0, "E", "A"), (1, "L", "A"), (1, "E", "B")]
        .iter()
        .map(|&(d, t, s)| (date(d), t.to_owned(), s.to_owned()))
        .collect();
    let roster = curtois::roster_from_assignments(&inst, start(), &rows).expect("valid");
    let p = curtois::penalty(&inst, &roster);
    assert!(p.is_feasible(), "{:?}", p.violations);
    assert_eq!(
        (
            p.shift_on,
            p.shift_off,
            p.cover_under,
            p.cover_over,
            p.total()
        ),
        (0, 4, 100, 1, 105)
    );
    let json = import::penalty_json(&p);
    assert_eq!(json["total"], 105);
    assert_eq!(json["feasible"], true);
    assert_eq!(json["violations"].as_array().map(Vec::len), Some(0));
    assert_eq!(json["cover_under"], 100);
    let text = import::penalty_text(&p);
    assert!(text.contains("total : 105"), "{text}");
    assert!(text.contains("toutes respectées"), "{text}");

    // The same rows as records read from a file.
    let records = gardes::check::read_roster_csv("r.csv", SCORE_ROSTER).expect("readable");
    let same = curtois::roster_from_records(&inst, start(), &records).expect("valid");
    assert_eq!(same, roster);
}

#[test]
fn rows_that_do_not_fit_the_benchmark_are_located() {
    let inst = curtois::parse("score.txt", SCORE).expect("valid");
    let row = |d: NaiveDate, t: &str, s: &str| vec![(d, t.to_owned(), s.to_owned())];
    let err =
        curtois::roster_from_assignments(&inst, start(), &row(date(7), "E", "A")).unwrap_err();
    assert_eq!((err.row, err.line), (0, None));
    assert!(matches!(
        err.kind,
        AssignmentErrorKind::DateOutsideHorizon { .. }
    ));
    assert!(
        err.to_string()
            .starts_with("affectation n° 1 : date 2024-01-08 hors"),
        "{err}"
    );
    let before = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    assert!(curtois::roster_from_assignments(&inst, start(), &row(before, "E", "A")).is_err());
    let err =
        curtois::roster_from_assignments(&inst, start(), &row(date(0), "X", "A")).unwrap_err();
    assert_eq!(
        err.kind,
        AssignmentErrorKind::Roster(RosterError::UnknownShift("X".into()))
    );
    let err =
        curtois::roster_from_assignments(&inst, start(), &row(date(0), "E", "Z")).unwrap_err();
    assert_eq!(
        err.kind,
        AssignmentErrorKind::Roster(RosterError::UnknownStaff("Z".into()))
    );

    let record = |line: u64, post: &str, period: &str| RosterRecord {
        line,
        date: date(0),
        post: post.to_owned(),
        period: period.to_owned(),
        start: None,
        end: None,
        practitioner_id: "A".to_owned(),
    };
    let twice = [record(2, "service", "E"), record(3, "service", "L")];
    let err = curtois::roster_from_records(&inst, start(), &twice).unwrap_err();
    assert_eq!((err.row, err.line), (1, Some(3)));
    assert!(
        err.to_string()
            .starts_with("ligne 3 : « A » a déjà un poste le jour 0"),
        "{err}"
    );
    let other_post = [record(0, "mende", "E")];
    let err = curtois::roster_from_records(&inst, start(), &other_post).unwrap_err();
    assert_eq!(err.kind, AssignmentErrorKind::UnknownPost("mende".into()));
    assert_eq!(err.line, None, "line 0: made in memory");
}

// ---------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------

/// What one run of the binary did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `gardes ARGS` in `dir`.
fn gardes(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_gardes"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("the gardes binary runs");
    let run = Run {
        code: output.status.code().expect("gardes ended by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    };
    assert!(
        run.code != 101 && !run.stderr.contains("panicked at"),
        "gardes {args:?} panicked:\n{}",
        run.stderr
    );
    run
}

#[test]
fn cli_imports_instance1_and_scores_a_roster_on_it() {
    let Some(bench) = benchmarks() else {
        eprintln!("note : ../shared/benchmarks/curtois absent, test sauté");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = bench.join("Instance1.txt");
    let input = input.to_str().unwrap();
    let run = gardes(dir.path(), &["import", "curtois", input, "-o", "i1.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Instance1.txt : 14 jours, 8 effectifs, 1 type de poste → i1.toml"),
        "{}",
        run.stdout
    );
    let written = std::fs::read_to_string(dir.path().join("i1.toml")).unwrap();
    let inst = curtois::read(Path::new(input)).unwrap();
    let expected =
        curtois::to_toml_with_source(&inst, start(), "Instance1", "Instance1.txt").unwrap();
    assert_eq!(written, expected);
    let back = gardes::instance::load(&dir.path().join("i1.toml")).expect("valid");
    assert_counts(&inst, &back, "Instance1");
    // No stray temporary file.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["i1.toml"]);

    // An empty roster on Instance1: everyone is below the minimum working time (H4), and
    // every seat and every shift-on request is charged; the library says how much.
    std::fs::write(
        dir.path().join("empty.csv"),
        "date,post,period,start,end,practitioner_id,practitioner_name\n",
    )
    .unwrap();
    let expected = curtois::penalty(&inst, &curtois::Roster::off(&inst));
    assert!(!expected.is_feasible());
    let run = gardes(
        dir.path(),
        &["score", "curtois", input, "empty.csv", "--json"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["total"], expected.total());
    assert_eq!(json["feasible"], false);
    assert_eq!(
        json["violations"].as_array().map(Vec::len),
        Some(expected.violations.len())
    );
    assert!(run.stderr.contains("contraintes dures"), "{}", run.stderr);
}

#[test]
fn cli_import_errors_name_line_and_column_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = TINY.replace("L,600,E", "L,6x0,E");
    std::fs::write(dir.path().join("bad.txt"), bad).unwrap();
    std::fs::write(dir.path().join("out.toml"), "ancien").unwrap();
    let run = gardes(
        dir.path(),
        &["import", "curtois", "bad.txt", "-o", "out.toml"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.starts_with("bad.txt:6:3: "), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.toml")).unwrap(),
        "ancien"
    );

    std::fs::write(dir.path().join("tiny.txt"), TINY).unwrap();
    let run = gardes(
        dir.path(),
        &[
            "import",
            "curtois",
            "tiny.txt",
            "-o",
            "new.toml",
            "--start",
            "2024-01-02",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("n'est pas un lundi"), "{}", run.stderr);
    assert!(!dir.path().join("new.toml").exists());

    let run = gardes(
        dir.path(),
        &["import", "curtois", "absent.txt", "-o", "new.toml"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("absent.txt"), "{}", run.stderr);

    let run = gardes(
        dir.path(),
        &[
            "import", "curtois", "tiny.txt", "-o", "new.toml", "--start", "lundi",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!dir.path().join("new.toml").exists());

    let run = gardes(
        dir.path(),
        &["import", "curtois", "tiny.txt", "-o", "new.toml"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("new.toml").exists());
}

#[test]
fn cli_score_prints_the_breakdown_and_sets_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("score.txt"), SCORE).unwrap();
    std::fs::write(dir.path().join("ok.csv"), SCORE_ROSTER).unwrap();
    let run = gardes(dir.path(), &["score", "curtois", "score.txt", "ok.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in [
        "demandes de poste non satisfaites : 0",
        "demandes de repos non satisfaites : 4",
        "sous-couverture) : 100",
        "sur-couverture) : 1",
        "total : 105",
        "Contraintes dures : toutes respectées",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }

    // B works on day 6, a day off (H9): still scored, exit 1; no cover line that day.
    let broken = format!("{SCORE_ROSTER}2024-01-07,service,E,B\n");
    std::fs::write(dir.path().join("h9.csv"), broken).unwrap();
    let run = gardes(dir.path(), &["score", "curtois", "score.txt", "h9.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("total : 105"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Contraintes dures : 1 violation\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("H9 « B » : poste « E » le jour 6"),
        "{}",
        run.stdout
    );
    let run = gardes(
        dir.path(),
        &["score", "curtois", "score.txt", "h9.csv", "--json"],
    );
    assert_eq!(run.code, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["feasible"], false);
    assert_eq!(json["total"], 105);
    assert_eq!(json["shift_off"], 4);
    assert_eq!(
        json["violations"][0],
        "H9 « B » : poste « E » le jour 6, jour de repos imposé"
    );

    // Unreadable input: exit 2, located.
    std::fs::write(
        dir.path().join("late.csv"),
        format!("{SCORE_ROSTER}2024-01-08,service,E,A\n"),
    )
    .unwrap();
    let run = gardes(dir.path(), &["score", "curtois", "score.txt", "late.csv"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("late.csv:5: date 2024-01-08 hors"),
        "{}",
        run.stderr
    );
    std::fs::write(dir.path().join("bad.csv"), "date,post\n").unwrap();
    let run = gardes(dir.path(), &["score", "curtois", "score.txt", "bad.csv"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = gardes(dir.path(), &["score", "curtois", "absent.txt", "ok.csv"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // Another start date shifts every row.
    let run = gardes(
        dir.path(),
        &[
            "score",
            "curtois",
            "score.txt",
            "ok.csv",
            "--start",
            "2023-12-31",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("total : 205"), "{}", run.stdout);
}
