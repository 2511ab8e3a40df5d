//! The benchmark runner (`gardes::bench`, behind `gardes bench curtois`): instance
//! selections, `bounds.csv` and the anchors' CSVs are read with French, located errors,
//! and a run on Instance1 with both engines writes the CSV contract, the Markdown table
//! and each engine's rosters, every roster confirmed by the benchmark's own evaluator.
//!
//! The run needs the shared benchmark directory beside the repository; without it the
//! smoke test returns early, as the Curtois tests do. Its objective is not asserted:
//! the figure belongs to the model, and docs/benchmarks.md records it.

use std::path::{Path, PathBuf};

use gardes::bench::{self, BenchError, BenchOptions, Machine, Outcome, RunInfo};
use gardes::solve::{Engine, SolveOptions};

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
        engines: vec![Engine::Compact],
        anchors: Vec::new(),
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

/// The anchors' fixtures, as `anchors/highs_curtois.py` and `anchors/cpsat_curtois.py`
/// write them.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bench")
        .join(name)
}

#[test]
fn anchors_are_read_from_both_scripts_csvs() {
    let highs = bench::read_anchor(&fixture("highs.csv")).unwrap();
    assert_eq!(highs.name, "highs");
    assert_eq!(highs.figures.len(), 3);
    assert_eq!(highs.figures[&1].objective, Some(607.0));
    assert_eq!(highs.figures[&2].best_bound, Some(827.5));
    assert_eq!(
        highs.figures[&8].objective, None,
        "no roster: an empty cell"
    );
    assert_eq!(highs.figures[&8].best_bound, Some(1265.0));
    assert_eq!(highs.figures[&8].status, "Time limit reached");
    let cpsat = bench::read_anchor(&fixture("cpsat.csv")).unwrap();
    assert_eq!(cpsat.name, "cpsat");
    assert_eq!(cpsat.figures.len(), 2);
    assert_eq!(
        cpsat.figures[&1].wall_seconds,
        Some(0.48),
        "the last row of an instance wins (the script appends)"
    );
    assert_eq!(
        cpsat.figures[&2].gap_percent().map(|g| g.round()),
        Some(99.0)
    );

    let csv = bench::anchors_csv(&[1, 2, 5], &[highs, cpsat]);
    assert_eq!(
        csv,
        "instance,anchor,status,objective,best_bound,gap_percent,wall_seconds\n\
         1,highs,Optimal,607,607,0.00,0.41\n\
         1,cpsat,OPTIMAL,607,607,0.00,0.48\n\
         2,highs,Optimal,828,827.50,0.06,1.20\n\
         2,cpsat,FEASIBLE,828,12,98.55,60.00\n"
    );
}

#[test]
fn a_malformed_anchor_is_located_by_file_line_and_column_in_french() {
    let path = fixture("malformed.csv");
    let err = bench::read_anchor(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "ancre {}:3:3 : objectif « 8x8 » : attendu un nombre ou une case vide",
            path.display()
        )
    );
    let err = bench::parse_anchor("a", "a.csv", "instance,objective\n1,2\n").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("ancre a.csv:1:1 : colonne « best_bound » absente"),
        "{err}"
    );
    let err = bench::parse_anchor(
        "a",
        "a.csv",
        "instance,objective,best_bound,wall_s\n0,1,1,1\n",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "ancre a.csv:2:1 : numéro d'instance « 0 » : attendu un entier à partir de 1"
    );
}

/// Options for a run of `instances` in `out`.
fn options(dir: PathBuf, instances: Vec<u32>, out: &Path) -> BenchOptions {
    BenchOptions {
        engines: vec![Engine::Compact, Engine::Decomposition],
        anchors: Vec::new(),
        dir,
        instances,
        solve: SolveOptions {
            time_limit: 10.0,
            threads: 1,
            ..SolveOptions::default()
        },
        out: out.to_path_buf(),
        first: gardes::curtois::import::default_start(),
    }
}

fn info() -> RunInfo {
    RunInfo {
        date: "2026-01-01 00:00 UTC".to_string(),
        command: "gardes bench curtois ../shared/benchmarks/curtois --instances 1".to_string(),
        machine: Machine::default(),
    }
}

#[test]
fn a_bad_anchor_stops_the_run_before_any_solve() {
    let Some(dir) = benchmarks() else { return };
    let out = tempfile::tempdir().unwrap();
    let mut o = options(dir, vec![1], out.path());
    o.anchors = vec![fixture("highs.csv"), fixture("malformed.csv")];
    let err = bench::curtois(&o, &info(), |_| panic!("no instance may run")).unwrap_err();
    assert!(matches!(err, BenchError::Anchor { line: 3, .. }), "{err}");
    assert!(!out.path().join("curtois.csv").exists());

    let missing = fixture("absent.csv");
    o.anchors = vec![missing.clone()];
    let err = bench::curtois(&o, &info(), |_| panic!("no instance may run")).unwrap_err();
    assert!(
        err.to_string().starts_with(&format!(
            "ancre {} : lecture impossible : ",
            missing.display()
        )),
        "{err}"
    );

    o.anchors = vec![fixture("highs.csv"), fixture("highs.csv")];
    let err = bench::curtois(&o, &info(), |_| panic!("no instance may run")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("deux ancres s'appellent « highs »"),
        "{err}"
    );
    assert!(!out.path().join("curtois.csv").exists());
}

/// Instance1 (14 days, 8 staff, 1 shift type) with both engines at 10 s each and both
/// anchors: one confirmed row per engine in `curtois.csv`, one line with both engines
/// and both anchors in `curtois.md`, and each engine's roster files.
#[test]
fn instance1_runs_with_both_engines_and_each_roster_is_confirmed() {
    let Some(dir) = benchmarks() else { return };
    let out = tempfile::tempdir().unwrap();
    let mut o = options(dir, vec![1], out.path());
    o.anchors = vec![fixture("highs.csv"), fixture("cpsat.csv")];
    let mut seen = Vec::new();
    let mut printed = Vec::new();
    let rows = bench::curtois(&o, &info(), |done| {
        seen.push(
            done.runs
                .iter()
                .map(|r| (r.instance, r.engine))
                .collect::<Vec<_>>(),
        );
        printed.push((done.table.head(), done.table.line(done.runs)));
    })
    .unwrap();
    assert_eq!(
        seen,
        [vec![(1, Engine::Compact), (1, Engine::Decomposition)]],
        "the callback sees each instance once, with its runs in the engines' order"
    );
    assert_eq!(rows.len(), 2, "one row per engine");
    for row in &rows {
        assert_eq!(row.size, Some((14, 8, 1)));
        let Outcome::Solved(solved) = &row.outcome else {
            panic!(
                "no roster for Instance1 ({:?}): {:?}",
                row.engine, row.outcome
            );
        };
        assert!(
            solved.confirmed(),
            "Instance1 ({:?}) is not confirmed: {}",
            row.engine,
            solved.disagreement()
        );
    }

    let csv = std::fs::read_to_string(out.path().join("curtois.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "instance,engine,days,staff,shift_types,status,objective,best_bound,gap_percent,\
             wall_seconds,time_to_best_seconds,best_known,lower_bound,\
             objective_over_best_known,confirmed,independent_penalty,dw_rounds,dw_columns,\
             dw_converged,dw_seconds,note"
        )
    );
    for engine in ["compact", "decomposition"] {
        let cells: Vec<&str> = lines
            .next()
            .expect("one row per engine")
            .split(',')
            .collect();
        assert_eq!(cells.len(), bench::CSV_HEADER.len(), "{csv}");
        assert_eq!(&cells[..5], ["1", engine, "14", "8", "1"]);
        assert_eq!(cells[11], "607", "best known, from bounds.csv");
        assert_eq!(cells[12], "607", "lower bound, from bounds.csv");
        assert_eq!(cells[14], "yes", "confirmed");
        assert_eq!(cells[15], cells[6], "independent penalty = objective");
    }
    assert_eq!(lines.next(), None);

    let table = bench::Table {
        engines: o.engines.clone(),
        anchors: vec![
            bench::read_anchor(&fixture("highs.csv")).unwrap(),
            bench::read_anchor(&fixture("cpsat.csv")).unwrap(),
        ],
    };
    let head = table.head();
    assert!(
        head.starts_with(
            "| Instance | Taille | Objectif compact | Borne compact | Écart compact | \
             Temps compact (s) | Objectif décomposition | Borne décomposition | \
             Écart décomposition | Temps décomposition (s) | Objectif highs | Borne highs | \
             Objectif cpsat | Borne cpsat | Meilleure connue | Borne publiée | Confirmé | \
             Remarque |\n"
        ),
        "{head}"
    );
    let line = table.line(&rows);
    assert_eq!(printed, [(head.clone(), line.clone())]);
    assert!(line.starts_with("| 1 | 14 × 8 × 1 | "), "{line}");
    assert!(
        line.ends_with(" | 607 | 607 | 607 | 607 | 607 | 607 | oui |  |"),
        "anchors, published figures, confirmed, no note: {line}"
    );
    assert_eq!(
        line.matches(" | ").count(),
        head.lines().next().unwrap().matches(" | ").count(),
        "as many cells as titles: {line}"
    );

    let md = std::fs::read_to_string(out.path().join("curtois.md")).unwrap();
    assert!(md.starts_with("# Banc d'essai Curtois & Qu\n"), "{md}");
    assert!(md.contains(
        "- Commande : `gardes bench curtois ../shared/benchmarks/curtois --instances 1`"
    ));
    assert!(md.contains("- Moteurs : compact, décomposition\n"), "{md}");
    assert!(md.contains(&head));
    assert!(md.contains(&line));

    let anchors = std::fs::read_to_string(out.path().join("anchors.csv")).unwrap();
    assert_eq!(
        anchors,
        "instance,anchor,status,objective,best_bound,gap_percent,wall_seconds\n\
         1,highs,Optimal,607,607,0.00,0.41\n\
         1,cpsat,OPTIMAL,607,607,0.00,0.48\n"
    );

    for engine in ["compact", "decomposition"] {
        let rosters = out.path().join("rosters").join(engine);
        let roster = std::fs::read_to_string(rosters.join("Instance1.csv")).unwrap();
        assert!(roster.starts_with("day,staff,shift\n"), "{roster}");
        assert!(rosters.join("Instance1.assignments.csv").is_file());
        assert!(rosters.join("Instance1.toml").is_file());
    }
}
