//! When the roster cannot be complete: runs of empty seats with their reason, what-if
//! hints measured by the solver, an earlier roster kept when re-solving into its
//! folder, and Ctrl-C writing the best roster found
//! (docs/when-the-roster-cannot-be-complete.md).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use gardes::instance::{self, Instance};
use gardes::plan::{self, Plan};
use gardes::report;
use gardes::solve::SolveOptions;
use gardes::whatif::{self, HintOptions, Limit, Relaxation};

const PENURIE: &str = include_str!("fixtures/whatif/fevrier-penurie.toml");
const NOW: &str = "2027-01-15T09:30:00Z";

fn options() -> SolveOptions {
    SolveOptions {
        time_limit: 30.0,
        gap: 0.0,
        threads: 1,
        seed: 0,
        verbose: false,
        progress: None,
        work_limit: None,
        stop: Default::default(),
        engine: Default::default(),
    }
}

fn hint_options() -> HintOptions {
    HintOptions {
        count: 3,
        seconds: 30.0,
        threads: 1,
        seed: 0,
        work: None,
        stop: Default::default(),
    }
}

fn solve(text: &str) -> (Instance, Plan) {
    let instance = instance::parse("instance.toml", text).unwrap();
    let plan = plan::plan(&instance, &options()).unwrap();
    (instance, plan)
}

/// Every hint of the February shortage is a raised maximum that fills a seat, and
/// says so with the seats it fills; the roster itself is left as it is.
#[test]
fn raised_maxima_fill_seats_and_say_which() {
    let (instance, plan) = solve(PENURIE);
    assert_eq!(plan.check.uncovered_seats, 10);
    let hints = whatif::hints(&instance, &plan, &hint_options());
    assert_eq!(hints.len(), 3, "{hints:#?}");
    for hint in &hints {
        let Relaxation::RaiseLimits {
            practitioner,
            limits,
        } = &hint.relaxation
        else {
            panic!("{hint:?}");
        };
        assert_eq!(hint.before, 10);
        assert!(hint.after < hint.before, "{hint:?}");
        assert!(hint.proven, "the February roster is proven optimal");
        // The seats filled, less those given up, are the gain.
        let filled: u32 = hint.filled.iter().map(|f| f.1).sum();
        let emptied: u32 = hint.emptied.iter().map(|f| f.1).sum();
        assert_eq!(filled - emptied, hint.before - hint.after, "{hint:?}");
        // Each limit is raised by one from the practitioner's own value, and one more
        // duty a month in a one-month horizon fills at most one seat.
        let own = instance.limits_of(*practitioner);
        for &(limit, from, to) in limits {
            assert_eq!(to, from + 1);
            match limit {
                Limit::PerWeek => assert_eq!(own.max_per_week, Some(from)),
                Limit::PerMonth => {
                    assert_eq!(own.max_per_month, Some(from));
                    assert_eq!(hint.before - hint.after, 1);
                }
                other => panic!("{other:?}"),
            }
        }
    }
    // The summary says it in French, with the dates.
    let summary = report::with_hints(
        report::summary(&instance, &plan, &options()),
        &instance,
        &plan,
        &hints,
    );
    let markdown = report::to_markdown(&instance, &plan, &summary);
    assert!(markdown.contains("## Pistes pour pourvoir les places vides"));
    assert!(
        markdown.contains(
            "- Relever pour Dr Claire Vidal (d03) le maximum par mois de 5 à 6 : 1 des 10 places vides pourvue (Secteur de Langogne – Nuit : "
        ),
        "{markdown}"
    );
    let json = report::to_json(&summary);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["hints"].as_array().unwrap().len(), 3);
    assert_eq!(value["hints"][0]["change"], "raise_limits");
    // No hints asked, none given.
    let none = HintOptions {
        count: 0,
        ..hint_options()
    };
    assert!(whatif::hints(&instance, &plan, &none).is_empty());
}

/// What a relaxation changes in the instance, and nothing else: fairness out, wishes
/// to keep the roster's duties, the one limit raised.
#[test]
fn a_relaxation_changes_one_limit_of_one_practitioner() {
    let (instance, plan) = solve(PENURIE);
    let d03 = instance.practitioner_by_id("d03").unwrap();
    let raise = Relaxation::RaiseLimits {
        practitioner: d03,
        limits: vec![(Limit::PerMonth, 5, 6)],
    };
    let relaxed = whatif::relax(&instance, &plan.duties, &plan.roster, &raise).unwrap();
    assert_eq!(relaxed.limits_of(d03).max_per_month, Some(6));
    for p in 0..instance.practitioners.len() {
        let p = gardes::instance::PracIdx(p as u32);
        if p != d03 {
            assert_eq!(relaxed.limits_of(p), instance.limits_of(p));
        }
        let held = plan
            .roster
            .assignments
            .iter()
            .filter(|a| a.practitioner == p)
            .count();
        assert_eq!(relaxed.practitioner(p).wishes.len(), held);
    }
    assert!(relaxed.fairness.categories.is_empty());
}

/// A sector only one doctor serves, who is away nine days: one run of nine empty
/// nights with its reason, and hints asking that doctor to free a night.
#[test]
fn an_absence_is_one_run_and_freeing_a_night_fills_it() {
    let text = r#"
name = "Secteur du Bleymard, février 2027"
[horizon]
first = 2027-02-08
last = 2027-02-24
[[periods]]
id = "nuit"
label = "Nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "bleymard"
label = "Secteur du Bleymard"
periods = ["nuit"]
[rules]
min_rest_after_night_hours = 0
no_two_nights_in_a_row = false
[[practitioners]]
id = "d01"
name = "Dr Anne Martin"
posts = ["bleymard"]
unavailable = [{ from = 2027-02-13, to = 2027-02-21 }]
"#;
    let (instance, plan) = solve(text);
    // The night of the 12th ends on the 13th, inside the absence: empty too.
    assert_eq!(plan.check.uncovered_seats, 10);
    let summary = report::summary(&instance, &plan, &options());
    assert_eq!(
        summary.uncovered_runs.len(),
        1,
        "{:#?}",
        summary.uncovered_runs
    );
    let run = &summary.uncovered_runs[0];
    assert_eq!(
        (run.first.as_str(), run.last.as_str(), run.duties, run.seats),
        ("2027-02-12", "2027-02-21", 10, 10)
    );
    assert_eq!(run.reason, "all_unavailable");
    let markdown = report::to_markdown(&instance, &plan, &summary);
    assert!(
        markdown.contains(
            "- Secteur du Bleymard – Nuit, du 12 au 21 février 2027 (10 places vides) : tous les praticiens habilités sont indisponibles"
        ),
        "{markdown}"
    );

    let hints = whatif::hints(&instance, &plan, &hint_options());
    assert_eq!(hints.len(), 3, "{hints:#?}");
    for hint in &hints {
        let Relaxation::FreeDuty { duty, .. } = hint.relaxation else {
            panic!("{hint:?}");
        };
        assert_eq!(hint.before - hint.after, 1, "{hint:?}");
        assert_eq!(hint.filled, vec![(duty, 1)]);
        assert!(hint.emptied.is_empty());
    }
}

/// No empty seat, no hint and no run.
#[test]
fn a_complete_roster_has_no_hint() {
    let text = PENURIE
        .replace("max_per_month = 7", "max_per_month = 12")
        .replace("max_per_week = 2", "max_per_week = 4");
    let text = text.replace("limits = { max_per_month = 5 }", "");
    let text = text.replace("unavailable = [{ from = 2027-02-13, to = 2027-02-21 }]", "");
    let (instance, plan) = solve(&text);
    assert_eq!(plan.check.uncovered_seats, 0);
    assert!(whatif::hints(&instance, &plan, &hint_options()).is_empty());
    assert!(report::summary(&instance, &plan, &options())
        .uncovered_runs
        .is_empty());
}

fn gardes(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gardes"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Re-solving into a folder that holds a roster moves the earlier one, whole, to
/// `archive/<date>/`; `--replace` overwrites instead; other files are never touched.
#[test]
fn re_solving_keeps_the_earlier_roster() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("instance.toml"), PENURIE).unwrap();
    let args = [
        "solve",
        "instance.toml",
        "-o",
        "out",
        "--now",
        NOW,
        "--hints",
        "0",
    ];
    assert!(gardes(dir, &args).status.success());
    let first = std::fs::read(dir.join("out/assignments.csv")).unwrap();
    std::fs::write(dir.join("out/notes.txt"), "à garder").unwrap();

    // A second roster, different from the first (one more doctor's night allowed).
    let other = PENURIE.replace("max_per_month = 7", "max_per_month = 8");
    std::fs::write(dir.join("instance.toml"), other).unwrap();
    let run = gardes(dir, &args);
    assert!(run.status.success());
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(
        stdout.contains("Tableau précédent déplacé dans out/archive/"),
        "{stdout}"
    );
    let archives: Vec<_> = std::fs::read_dir(dir.join("out/archive"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(archives.len(), 1);
    let kept = &archives[0];
    assert_eq!(std::fs::read(kept.join("assignments.csv")).unwrap(), first);
    for name in [
        "uncovered.csv",
        "tableau.csv",
        "summary.json",
        "summary.md",
        "ics/d01.ics",
    ] {
        assert!(kept.join(name).is_file(), "{name} archived");
    }
    assert_ne!(
        std::fs::read(dir.join("out/assignments.csv")).unwrap(),
        first
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("out/notes.txt")).unwrap(),
        "à garder"
    );

    // --replace: no second archive.
    let mut replace = args.to_vec();
    replace.push("--replace");
    assert!(gardes(dir, &replace).status.success());
    assert_eq!(
        std::fs::read_dir(dir.join("out/archive")).unwrap().count(),
        1
    );

    // A failed solve (bad instance) moves nothing.
    std::fs::write(dir.join("instance.toml"), "name = 3").unwrap();
    let before = std::fs::read(dir.join("out/assignments.csv")).unwrap();
    assert_eq!(gardes(dir, &args).status.code(), Some(2));
    assert_eq!(
        std::fs::read(dir.join("out/assignments.csv")).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read_dir(dir.join("out/archive")).unwrap().count(),
        1
    );
}

/// Ctrl-C during a long solve: the solver stops, the best roster is written, marked
/// as interrupted with its gap, and the independent checker accepts it.
///
/// The interrupt is sent once HiGHS's log (`--verbose`, on standard output) shows its
/// branch-and-bound of the first level at work, with the warm start loaded: an event,
/// not a delay, so the test neither waits longer than it must nor interrupts too early
/// on a slow machine.
#[test]
fn ctrl_c_writes_the_best_roster_marked_interrupted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let lozere = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/lozere-2027-q1.toml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gardes"))
        .args(["solve"])
        .arg(&lozere)
        .args([
            "-o",
            "out",
            "--now",
            NOW,
            "--time-limit",
            "600",
            "--verbose",
        ])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The first level of the Lozère quarter is never proven within minutes: once the
    // branch-and-bound table's header is printed, the solver is at work.
    let stdout = child.stdout.take().unwrap();
    let (at_work, started) = std::sync::mpsc::channel();
    let log = std::thread::spawn(move || {
        use std::io::BufRead as _;
        let mut lines = Vec::new();
        for line in std::io::BufReader::new(stdout).lines() {
            let line = line.unwrap();
            if line.contains("B&B Tree") {
                let _ = at_work.send(());
            }
            lines.push(line);
        }
        lines
    });
    // A guard against a solve that never starts, not a measure of speed.
    if started.recv_timeout(Duration::from_secs(600)).is_err() {
        let _ = child.kill();
        let output = child.wait_with_output().unwrap();
        panic!(
            "HiGHS never started its branch-and-bound:\n{}\n{}",
            log.join().unwrap().join("\n"),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let output = child.wait_with_output().unwrap();
    log.join().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("Interruption demandée"), "{stderr}");

    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["status"], "interrupted");
    let markdown = std::fs::read_to_string(dir.join("out/summary.md")).unwrap();
    assert!(
        markdown.contains("interrompu (Ctrl-C), meilleur tableau trouvé (écart à la borne : "),
        "{markdown}"
    );
    let check = gardes(
        dir,
        &["check", lozere.to_str().unwrap(), "out/assignments.csv"],
    );
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}
