//! The benchmark runner (`gardes::bench`, behind `gardes bench curtois`): instance
//! selections and `bounds.csv` are read with French, located errors, and a run on
//! Instance1 writes the CSV contract, the Markdown table and the rosters, with the
//! roster confirmed by the benchmark's own evaluator.
//!
//! The run needs the shared benchmark directory beside the repository; without it the
//! smoke test returns early, as the Curtois tests do. Its objective is not asserted:
//! the figure belongs to the model, and docs/benchmarks.md records it.

use std::path::{Path, PathBuf};

use gardes::bench::{self, BenchError, BenchOptions, Machine, Outcome, RunInfo};
use gardes::solve::SolveOptions;

/// The shared benchmark directory, if present.
fn benchmarks() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/benchmarks/curtois");
    dir.is_dir().then_some(dir)
}

#[test]
fn instance_selections_read_numbers_and_ranges() {
    assert_eq!(
        bench::parse_instances("1-12").unwrap(),
        (1..=12).collect::<Vec<_>>()
    );
    assert_eq!(
        bench::parse_instances("7, 1,3,5-7").unwrap(),
        vec![1, 3, 5, 6, 7]
    );
    assert_eq!(bench::parse_instances("4").unwrap(), vec![4]);
}

#[test]
fn bad_instance_selections_say_what_is_expected_in_french() {
    let message = |spec: &str| bench::parse_instances(spec).unwrap_err().to_string();
    assert_eq!(
        message("1-x"),
        "--instances : « 1-x » illisible : attendu des numéros et des plages séparés par \
         des virgules, par exemple 1-12 ou 1,3,5-7"
    );
    assert_eq!(
        message("1,,2"),
        "--instances : « 1,,2 » illisible : attendu des numéros et des plages séparés par \
         des virgules, par exemple 1-12 ou 1,3,5-7"
    );
    assert_eq!(
        message("9-3"),
        "--instances : plage « 9-3 » à l'envers : 3 est avant 9"
    );
    assert_eq!(
        message("0-3"),
        "--instances : « 0-3 » : les instances sont numérotées à partir de 1"
    );
}

#[test]
fn bounds_are_read_with_empty_cells_as_unknown() {
    let text = "instance,days,staff,shift_types,lower_bound,best_known,optimal\n\
                1,14,8,1,607,607,yes\n\
                10,28,40,5,,4631,unknown\n";
    let bounds = bench::parse_bounds("bounds.csv", text).unwrap();
    assert_eq!(bounds.len(), 2);
    assert_eq!(bounds[&1].best_known, Some(607));
    assert!(bounds[&1].optimal);
    assert_eq!(bounds[&10].lower_bound, None);
    assert_eq!(bounds[&10].best_known, Some(4631));
    assert!(!bounds[&10].optimal);
}

#[test]
fn a_bad_bound_is_located_by_line_and_column() {
    let text = "instance,days,staff,shift_types,lower_bound,best_known,optimal\n\
                1,14,8,1,607,607,yes\n\
                2,14,14,2,828,8x8,yes\n";
    let err = bench::parse_bounds("bounds.csv", text).unwrap_err();
    assert_eq!(
        err.to_string(),
        "bounds.csv:3:15: meilleure valeur connue « 8x8 » : attendu un entier positif ou \
         une case vide"
    );
    let text = "instance,days,staff\n1,14,8\n";
    let err = bench::parse_bounds("bounds.csv", text).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("bounds.csv:1:1: colonne « lower_bound » absente"),
        "{err}"
    );
}

#[test]
fn the_machine_is_read_from_proc_texts() {
    let cpuinfo = "processor\t: 0\nmodel name\t: Test CPU @ 2.0GHz\n\n\
                   processor\t: 1\nmodel name\t: Test CPU @ 2.0GHz\n";
    let meminfo = "MemTotal:        8388608 kB\nMemFree:  1 kB\n";
    let m = Machine::from_proc(cpuinfo, meminfo);
    assert_eq!(m.cpu.as_deref(), Some("Test CPU @ 2.0GHz"));
    assert_eq!(m.logical_cpus, Some(2));
    assert_eq!(m.memory_kib, Some(8_388_608));
    assert_eq!(
        m.describe(),
        "Test CPU @ 2.0GHz, 2 processeurs logiques, 8,0 Gio de mémoire"
    );
    assert_eq!(Machine::from_proc("", "").describe(), "processeur inconnu");
}

#[test]
fn a_missing_instance_stops_the_run_before_any_solve() {
    let Some(dir) = benchmarks() else { return };
    let out = tempfile::tempdir().unwrap();
    let options = BenchOptions {
        engines: vec![gardes::solve::Engine::Compact],
        dir: dir.clone(),
        instances: vec![1, 99],
        solve: SolveOptions::default(),
        out: out.path().to_path_buf(),
        first: gardes::curtois::import::default_start(),
    };
    let info = RunInfo {
        date: "2026-01-01 00:00 UTC".to_string(),
        command: "gardes bench curtois".to_string(),
        machine: Machine::default(),
    };
    let err = bench::curtois(&options, &info, |_| {}).unwrap_err();
    assert!(
        matches!(err, BenchError::NoInstance { number: 99, .. }),
        "{err}"
    );
    assert!(
        err.to_string().starts_with("instance 99 demandée mais "),
        "{err}"
    );
    assert!(!out.path().join("curtois.csv").exists());
}

/// Instance1 (14 days, 8 staff, 1 shift type) with a 10 s limit: one confirmed row in
/// `curtois.csv`, the same row in `curtois.md`, and the roster files.
#[test]
fn instance1_runs_and_its_roster_is_confirmed_by_the_benchmark_evaluator() {
    let Some(dir) = benchmarks() else { return };
    let out = tempfile::tempdir().unwrap();
    let options = BenchOptions {
        engines: vec![gardes::solve::Engine::Compact],
        dir,
        instances: vec![1],
        solve: SolveOptions {
            time_limit: 10.0,
            threads: 1,
            ..SolveOptions::default()
        },
        out: out.path().to_path_buf(),
        first: gardes::curtois::import::default_start(),
    };
    let info = RunInfo {
        date: "2026-01-01 00:00 UTC".to_string(),
        command: "gardes bench curtois ../shared/benchmarks/curtois --instances 1".to_string(),
        machine: Machine::default(),
    };
    let mut seen = Vec::new();
    let rows = bench::curtois(&options, &info, |row| seen.push(row.instance)).unwrap();
    assert_eq!(seen, [1], "the callback sees each row once, as it comes");
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.size, Some((14, 8, 1)));
    let Outcome::Solved(solved) = &row.outcome else {
        panic!("no roster for Instance1: {:?}", row.outcome);
    };
    assert!(
        solved.confirmed(),
        "Instance1 is not confirmed: {}",
        solved.disagreement()
    );

    let csv = std::fs::read_to_string(out.path().join("curtois.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "instance,days,staff,shift_types,status,objective,best_bound,gap_percent,\
             wall_seconds,time_to_best_seconds,best_known,lower_bound,\
             objective_over_best_known,confirmed,independent_penalty,note"
        )
    );
    let cells: Vec<&str> = lines.next().expect("one row").split(',').collect();
    assert_eq!(cells.len(), bench::CSV_HEADER.len(), "{csv}");
    assert_eq!(&cells[..4], ["1", "14", "8", "1"]);
    assert_eq!(cells[10], "607", "best known, from bounds.csv");
    assert_eq!(cells[11], "607", "lower bound, from bounds.csv");
    assert_eq!(cells[13], "yes", "confirmed");
    assert_eq!(cells[14], cells[5], "independent penalty = objective");
    assert_eq!(lines.next(), None);

    let md = std::fs::read_to_string(out.path().join("curtois.md")).unwrap();
    assert!(md.starts_with("# Banc d'essai Curtois & Qu\n"), "{md}");
    assert!(md.contains(
        "- Commande : `gardes bench curtois ../shared/benchmarks/curtois --instances 1`"
    ));
    assert!(md.contains(&bench::table_head()));
    assert!(md.contains(&row.markdown_line()));

    let rosters = out.path().join("rosters");
    let roster = std::fs::read_to_string(rosters.join("Instance1.csv")).unwrap();
    assert!(roster.starts_with("day,staff,shift\n"), "{roster}");
    assert!(rosters.join("Instance1.assignments.csv").is_file());
    assert!(rosters.join("Instance1.toml").is_file());
}
