//! End-to-end tests of the `gardes` binary (DESIGN.md, "Command line" and "Outputs").
//!
//! Each test runs the built binary in a fresh temporary directory, with relative paths
//! so that messages do not depend on where the directory is, and checks the exit code
//! (0 success, 1 a broken rule or a solver failure, 2 bad input), what is printed and
//! what is written. A panic would exit with 101: every run asserts it did not happen.
//!
//! The instance is `fixtures/cli/ascension-2027.toml` (two PDSA sectors and an MCS zone
//! over Ascension week 2027, four practitioners). The broken rosters are built from a
//! hand-made valid roster, `fixtures/cli/ascension-2027-hand.csv`, plus one row each,
//! so that the messages do not depend on which optimal roster the solver picks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Duration, NaiveDate};

const INSTANCE: &str = include_str!("fixtures/cli/ascension-2027.toml");
const HAND_ROSTER: &str = include_str!("fixtures/cli/ascension-2027-hand.csv");
const NOW: &str = "2027-01-15T09:30:00Z";

/// A temporary working directory for one test (ripgrep's `tests/util.rs`, `Dir`).
pub(crate) struct Dir {
    tmp: tempfile::TempDir,
}

/// What one run of the binary did.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Dir {
    pub(crate) fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    pub(crate) fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub(crate) fn join(&self, name: &str) -> PathBuf {
        self.path().join(name)
    }

    pub(crate) fn write(&self, name: &str, text: &str) {
        let path = self.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, text).unwrap();
    }

    fn read(&self, name: &str) -> String {
        let path = self.join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Runs `gardes ARGS` in this directory, with a fixed environment.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_gardes"))
            .args(args)
            .current_dir(self.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .output()
            .expect("the gardes binary runs");
        let run = Run {
            code: output.status.code().expect("gardes ended by a signal"),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        };
        assert_ne!(run.code, 101, "gardes {args:?} panicked:\n{}", run.stderr);
        assert!(
            !run.stderr.contains("panicked at"),
            "gardes {args:?} panicked:\n{}",
            run.stderr
        );
        run
    }

    /// Every file under `dir`, relative path → bytes, in path order.
    pub(crate) fn files(&self, dir: &str) -> BTreeMap<String, Vec<u8>> {
        fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(root, &path, out);
                } else {
                    let name = path.strip_prefix(root).unwrap().to_string_lossy();
                    out.insert(name.replace('\\', "/"), std::fs::read(&path).unwrap());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.join(dir), &self.join(dir), &mut out);
        out
    }
}

impl Run {
    /// Asserts the exit code, showing both streams when it is not the expected one.
    pub(crate) fn code(&self, expected: i32) -> &Run {
        assert_eq!(
            self.code, expected,
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// The text with miette's frame drawing and line wrapping undone, so that a phrase
/// wrapped over two lines is still found whole.
fn flat(text: &str) -> String {
    text.replace(['│', '×', '·', '╭', '╰', '─', '▲'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The violation lines of a checker report: the paragraph before the figures.
fn violations(report: &str) -> &str {
    report.split("\n\n").next().unwrap_or_default()
}

/// A directory holding the instance and the hand-made roster with `extra` appended.
fn broken_roster(extra: &str) -> Dir {
    let dir = Dir::new();
    dir.write("instance.toml", INSTANCE);
    dir.write("roster.csv", &format!("{HAND_ROSTER}{extra}\n"));
    dir
}

/// Runs `gardes check` on a roster that breaks a rule: exit 1, the report on stderr,
/// nothing on stdout. Returns the violation lines.
fn check_broken(extra: &str) -> String {
    let dir = broken_roster(extra);
    let run = dir.run(&["check", "instance.toml", "roster.csv"]);
    run.code(1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("Équité (niveau 2)"), "{}", run.stderr);
    violations(&run.stderr).to_owned()
}

fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

// ---------------------------------------------------------------------------------
// solve

/// DESIGN.md, "Outputs": `solve` writes every file of the contract, consistent with
/// each other, and prints the status and the coverage.
#[test]
fn solve_writes_every_output() {
    let dir = Dir::new();
    dir.write("instance.toml", INSTANCE);
    let run = dir.run(&["solve", "instance.toml", "-o", "out", "--now", NOW]);
    run.code(0);

    let files = dir.files("out");
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "assignments.csv",
            "honoraires.csv",
            "ics/all.ics",
            "ics/d01.ics",
            "ics/d02.ics",
            "ics/d03.ics",
            "ics/d04.ics",
            "ics/publication.json",
            "report.html",
            "summary.json",
            "summary.md",
            "tableau.csv",
            "uncovered.csv",
        ]
    );

    // assignments.csv: the contract's header, rows sorted by start then post.
    let assignments = dir.read("out/assignments.csv");
    assert!(
        assignments.starts_with("date,post,period,start,end,practitioner_id,practitioner_name\n")
    );
    let rows = csv_rows(&assignments);
    assert!(!rows.is_empty());
    let keys: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["start"].as_str(), r["post"].as_str()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "assignments.csv sorted by start, then post");
    // Ascension (Thursday 6 May) has a day duty in each sector; the checker and the
    // grid both know it as a holiday.
    assert!(rows
        .iter()
        .any(|r| r["date"] == "2027-05-06" && r["period"] == "jour"));
    // d03 lacks the MCS qualification and is unavailable on 5 May.
    assert!(!rows
        .iter()
        .any(|r| r["practitioner_id"] == "d03" && r["post"] == "mcs-mende"));
    assert!(!rows
        .iter()
        .any(|r| r["practitioner_id"] == "d03" && r["date"] == "2027-05-05"));

    let uncovered = dir.read("out/uncovered.csv");
    assert!(uncovered.starts_with("date,post,period,start,end,reason,missing\n"));
    let missing: u64 = csv_rows(&uncovered)
        .iter()
        .map(|r| r["missing"].parse::<u64>().unwrap())
        .sum();

    // One feed per practitioner with one event per row of theirs; all.ics has one
    // event per seat, filled or not.
    for id in ["d01", "d02", "d03", "d04"] {
        let feed = dir.read(&format!("out/ics/{id}.ics"));
        assert!(feed.starts_with("BEGIN:VCALENDAR\r\n"), "{id}.ics");
        assert!(feed.contains("DTSTAMP:20270115T093000Z\r\n"), "{id}.ics");
        let mine = rows.iter().filter(|r| r["practitioner_id"] == id).count();
        assert_eq!(count(&feed, "BEGIN:VEVENT"), mine, "{id}.ics");
    }
    let all = dir.read("out/ics/all.ics");
    let seats = rows.len() as u64 + missing;
    assert_eq!(count(&all, "BEGIN:VEVENT") as u64, seats);

    // The grid names the holiday.
    let grid = dir.read("out/tableau.csv");
    assert!(grid.contains("06/05/2027;jeudi;férié"), "{grid}");

    // summary.json: the top-level keys, agreeing with the CSV files.
    let summary: serde_json::Value = serde_json::from_str(&dir.read("out/summary.json")).unwrap();
    let keys: Vec<&str> = summary
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "status",
        "objective",
        "best_bound",
        "gap",
        "wall_seconds",
        "uncovered",
        "coverage",
        "levels",
        "model",
        "options",
        "practitioners",
    ] {
        assert!(keys.contains(&key), "summary.json lacks {key}: {keys:?}");
    }
    assert_eq!(summary["status"], "optimal");
    assert_eq!(summary["uncovered"].as_u64(), Some(missing));
    assert_eq!(summary["coverage"]["seats"].as_u64(), Some(seats));
    assert_eq!(
        summary["coverage"]["filled"].as_u64(),
        Some(rows.len() as u64)
    );
    assert_eq!(summary["practitioners"].as_array().unwrap().len(), 4);

    let markdown = dir.read("out/summary.md");
    assert!(markdown.contains("Tableau de garde"), "{markdown}");

    // stdout: the status and the coverage, as in summary.md.
    let filled = format!("Places pourvues : {} / {seats}", rows.len());
    assert!(run.stdout.contains("Statut : **optimal"), "{}", run.stdout);
    assert!(run.stdout.contains(&filled), "{filled} in\n{}", run.stdout);
    assert!(run.stdout.contains("Écrit dans out"), "{}", run.stdout);
    assert!(markdown.contains(&filled));
}

/// summary.json without its timings.
fn untimed_json(text: &str) -> serde_json::Value {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.remove("wall_seconds");
                map.remove("seconds");
                map.remove("time_to_best");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = serde_json::from_str(text).unwrap();
    strip(&mut value);
    value
}

/// summary.md without its timings: the "Temps de résolution" line and the seconds
/// column of the levels table.
fn untimed_markdown(text: &str) -> String {
    let mut out = Vec::new();
    let mut seconds_column = None;
    for line in text.lines() {
        if line.contains("Temps de résolution") {
            continue;
        }
        if !line.starts_with('|') {
            seconds_column = None;
            out.push(line.to_owned());
            continue;
        }
        let mut cells: Vec<&str> = line.split('|').collect();
        if let Some(i) = cells.iter().position(|c| c.trim() == "Temps (s)") {
            seconds_column = Some(i);
        } else if let Some(i) = seconds_column {
            if i < cells.len() {
                cells[i] = " … ";
            }
        }
        out.push(cells.join("|"));
    }
    out.join("\n")
}

/// STYLE.md §5: the same instance and options give the same bytes, the timings of the
/// summary aside. `-q` prints nothing.
#[test]
fn solve_twice_gives_identical_files() {
    let dir = Dir::new();
    dir.write("instance.toml", INSTANCE);
    for out in ["first", "second"] {
        let run = dir.run(&["solve", "instance.toml", "-o", out, "--now", NOW, "-q"]);
        run.code(0);
        assert_eq!(run.stdout, "", "-q prints nothing");
        assert_eq!(run.stderr, "");
    }
    let first = dir.files("first");
    let second = dir.files("second");
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    assert_eq!(first.len(), 13);
    for (name, bytes) in &first {
        let other = &second[name];
        let text = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap();
        match name.as_str() {
            "summary.json" => {
                assert_eq!(untimed_json(&text(bytes)), untimed_json(&text(other)))
            }
            "summary.md" => assert_eq!(
                untimed_markdown(&text(bytes)),
                untimed_markdown(&text(other))
            ),
            _ => assert!(bytes == other, "{name} differs between two solves"),
        }
    }
}

// ---------------------------------------------------------------------------------
// check

/// `check` accepts the solver's own roster and prints the fairness figures.
#[test]
fn check_accepts_the_solvers_roster() {
    let dir = Dir::new();
    dir.write("instance.toml", INSTANCE);
    dir.run(&["solve", "instance.toml", "-o", "out", "--now", NOW, "-q"])
        .code(0);
    let run = dir.run(&["check", "instance.toml", "out/assignments.csv"]);
    run.code(0);
    assert_eq!(run.stderr, "");
    let out = &run.stdout;
    assert!(out.starts_with("Aucune règle enfreinte."), "{out}");
    assert!(out.contains("Couverture (niveau 1)"), "{out}");
    assert!(out.contains("Équité (niveau 2) : F = "), "{out}");
    assert!(out.contains("Préférences (niveau 3) : P = "), "{out}");
    // One fairness row per practitioner and category with a target.
    for id in ["d01", "d02", "d03", "d04"] {
        assert!(
            out.lines().any(|l| l.trim_start().starts_with(id)),
            "no fairness row for {id}:\n{out}"
        );
    }
    // The checker's fairness figure is the one in the summary.
    let summary: serde_json::Value = serde_json::from_str(&dir.read("out/summary.json")).unwrap();
    let fairness = summary["fairness"].as_f64().unwrap();
    assert!(
        out.contains(&format!("F = {fairness:.3}")),
        "F = {fairness:.3} in\n{out}"
    );
}

/// The hand-made roster the broken ones start from is itself valid.
#[test]
fn check_accepts_the_hand_made_roster() {
    let dir = broken_roster("");
    let run = dir.run(&["check", "instance.toml", "roster.csv"]);
    run.code(0);
    assert!(run.stdout.starts_with("Aucune règle enfreinte."));
}

/// Rule 3: d02 holds the Mende and the Florac nights of 5 May, two posts that are not
/// combinable.
#[test]
fn check_rejects_double_booking() {
    let said = check_broken(
        "2027-05-05,florac,nuit,2027-05-05T20:00:00+02:00,2027-05-06T08:00:00+02:00,d02,Dr Bruno Roux",
    );
    assert!(said.contains("d02 (Dr Bruno Roux)"));
    assert!(said.contains("nuit à mende le 2027-05-05"));
    assert!(said.contains("nuit à florac le 2027-05-05"));
    assert!(said.contains("se chevauchent"));
    insta::assert_snapshot!(said, @r"
    1 règle enfreinte :
    - lignes 5 et 7 : d02 (Dr Bruno Roux) tient deux gardes qui se chevauchent sur des postes non cumulables : nuit à mende le 2027-05-05 (20:00–08:00) et nuit à florac le 2027-05-05 (20:00–08:00)
    ");
}

/// Rule 1: d03 is unavailable on 5 May.
#[test]
fn check_rejects_duty_on_unavailable_day() {
    let said = check_broken(
        "2027-05-05,florac,nuit,2027-05-05T20:00:00+02:00,2027-05-06T08:00:00+02:00,d03,Dr Claire Vidal",
    );
    assert!(said.contains("d03 (Dr Claire Vidal)"));
    assert!(said.contains("nuit à florac le 2027-05-05"));
    assert!(said.contains("indisponibilité"));
    insta::assert_snapshot!(said, @r"
    1 règle enfreinte :
    - ligne 7 : d03 (Dr Claire Vidal) est de garde nuit à florac le 2027-05-05 pendant son indisponibilité du 2027-05-05
    ");
}

/// Rule 4: d01 holds the Ascension night, which ends at 08:00 on the bridge day, and
/// the bridge day duty starting at 08:00; 11 h of rest are required after a night.
#[test]
fn check_rejects_rest_violation() {
    let said = check_broken(
        "2027-05-07,mende,jour,2027-05-07T08:00:00+02:00,2027-05-07T20:00:00+02:00,d01,Dr Anne Martin",
    );
    assert!(said.contains("d01 (Dr Anne Martin)"));
    assert!(said.contains("nuit à mende le 2027-05-06"));
    assert!(said.contains("jour à mende le 2027-05-07"));
    assert!(said.contains("repos minimal 11 h"));
    insta::assert_snapshot!(said, @r"
    1 règle enfreinte :
    - lignes 6 et 7 : d01 (Dr Anne Martin) n'a que 0 h de repos entre nuit à mende le 2027-05-06 (fin 08:00) et jour à mende le 2027-05-07 (début 08:00), repos minimal 11 h après une nuit
    ");
}

/// A row naming someone the instance does not know.
#[test]
fn check_rejects_unknown_practitioner() {
    let said = check_broken(
        "2027-05-08,mende,jour,2027-05-08T08:00:00+02:00,2027-05-08T20:00:00+02:00,d99,Dr Inconnu",
    );
    assert!(said.contains("« d99 »"));
    assert!(said.contains("inconnu"));
    insta::assert_snapshot!(said, @r"
    1 règle enfreinte :
    - ligne 7 : praticien « d99 » inconnu de l'instance (ligne ignorée)
    ");
}

/// Rule 2: a second person on the Mende night of 3 May, whose demand is 1.
#[test]
fn check_rejects_demand_exceeded() {
    let said = check_broken(
        "2027-05-03,mende,nuit,2027-05-03T20:00:00+02:00,2027-05-04T08:00:00+02:00,d04,Dr Denis Pagès",
    );
    assert!(said.contains("nuit à mende le 2027-05-03"));
    assert!(said.contains("d01, d04"));
    assert!(said.contains("pour 1 place"));
    insta::assert_snapshot!(said, @r"
    1 règle enfreinte :
    - lignes 2 et 7 : garde nuit à mende le 2027-05-03 : 2 personnes (d01, d04) pour 1 place
    ");
}

/// Rule 1: d03 serves the MCS zone but lacks the `mcs` qualification it requires.
#[test]
fn check_rejects_unqualified_practitioner() {
    let said = check_broken(
        "2027-05-07,mcs-mende,soir,2027-05-07T20:00:00+02:00,2027-05-08T00:00:00+02:00,d03,Dr Claire Vidal",
    );
    assert!(said.contains("d03 (Dr Claire Vidal)"));
    assert!(said.contains("soir à mcs-mende le 2027-05-07"));
    assert!(said.contains("qualification requise : mcs"));
    insta::assert_snapshot!(said, @r"
    1 règle enfreinte :
    - ligne 7 : d03 (Dr Claire Vidal) est de garde soir à mcs-mende le 2027-05-07 sans la qualification requise : mcs
    ");
}

/// A roster whose date cannot be read is bad input (2), located by line and column.
#[test]
fn check_rejects_unparseable_date_as_bad_input() {
    let dir = Dir::new();
    dir.write("instance.toml", INSTANCE);
    let roster = HAND_ROSTER.replacen("2027-05-03,florac", "2027-05-3x,florac", 1);
    assert_ne!(roster, HAND_ROSTER);
    dir.write("roster.csv", &roster);
    let run = dir.run(&["check", "instance.toml", "roster.csv"]);
    run.code(2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("roster.csv:3:1"), "{}", run.stderr);
    assert!(run.stderr.contains("« 2027-05-3x »"), "{}", run.stderr);
    assert!(run.stderr.contains("AAAA-MM-JJ"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------
// bad instances

/// Runs `solve` on a bad instance: exit 2, the output folder is not created, and the
/// message (frames and wrapping undone) is returned.
fn solve_bad(instance: &str) -> String {
    let dir = Dir::new();
    dir.write("instance.toml", instance);
    let run = dir.run(&["solve", "instance.toml", "-o", "out", "--now", NOW]);
    run.code(2);
    assert_eq!(run.stdout, "");
    assert!(!dir.join("out").exists(), "nothing is written");
    let listed: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(listed, ["instance.toml"], "nothing is written");
    flat(&run.stderr)
}

fn edit(from: &str, to: &str) -> String {
    assert!(INSTANCE.contains(from), "{from}");
    INSTANCE.replacen(from, to, 1)
}

/// A key the format does not know is located and the close one suggested.
#[test]
fn solve_rejects_unknown_key() {
    let said = solve_bad(&edit(
        "no_two_nights_in_a_row = true\n",
        "no_two_nights_in_a_row = true\nmax_nights_per_week = 2\n",
    ));
    let line = INSTANCE
        .lines()
        .position(|l| l == "no_two_nights_in_a_row = true")
        .unwrap()
        + 2;
    assert!(said.contains(&format!("instance.toml:{line}:1")), "{said}");
    assert!(said.contains("max_nights_per_week"), "{said}");
    assert!(said.contains("clé inconnue"), "{said}");
    assert!(said.contains("\"max_per_week\""), "{said}");
    assert!(said.contains("gardes::instance::unknown_key"), "{said}");
}

/// A horizon whose last day is before its first.
#[test]
fn solve_rejects_reversed_horizon() {
    let said = solve_bad(&edit("last = 2027-05-09", "last = 2027-04-30"));
    let line = INSTANCE
        .lines()
        .position(|l| l == "last = 2027-05-09")
        .unwrap()
        + 1;
    assert!(said.contains(&format!("instance.toml:{line}:8")), "{said}");
    assert!(
        said.contains("last (2027-04-30) est avant first (2027-05-03)"),
        "{said}"
    );
    assert!(
        said.contains("gardes::instance::reversed_horizon"),
        "{said}"
    );
}

/// A string without its closing quote.
#[test]
fn solve_rejects_toml_syntax_error() {
    let said = solve_bad(&edit("start = \"08:00\"", "start = \"08:00"));
    let line = INSTANCE
        .lines()
        .position(|l| l == "start = \"08:00\"")
        .unwrap()
        + 1;
    assert!(said.contains(&format!("instance.toml:{line}:15")), "{said}");
    assert!(said.contains("syntaxe TOML invalide"), "{said}");
    assert!(said.contains("attendu `\"`"), "{said}");
}

/// A missing instance file is bad input too, and nothing is written.
#[test]
fn solve_rejects_missing_file() {
    let dir = Dir::new();
    let run = dir.run(&["solve", "absent.toml", "-o", "out"]);
    run.code(2);
    assert!(run.stderr.contains("absent.toml"), "{}", run.stderr);
    assert!(!dir.join("out").exists());
}

/// Options out of range are bad input.
#[test]
fn solve_rejects_bad_options() {
    let dir = Dir::new();
    dir.write("instance.toml", INSTANCE);
    for args in [["--time-limit", "0"], ["--gap", "1.5"], ["--now", "demain"]] {
        let mut all = vec!["solve", "instance.toml", "-o", "out"];
        all.extend(args);
        dir.run(&all).code(2);
        assert!(!dir.join("out").exists());
    }
}

/// A duty that ends before it starts once placed in the time zone (02:00 to 03:00 on
/// the night clocks go forward) is bad input, 2 like at `check`, `swap` and `replan`:
/// `solve` said 1 before the exit codes were decided in one place (cli/exit.rs).
#[test]
fn solve_rejects_empty_duty_as_bad_input() {
    let instance = edit("first = 2027-05-03", "first = 2027-03-28").replacen(
        "start = \"08:00\"\nend = \"20:00\"",
        "start = \"02:00\"\nend = \"03:00\"",
        1,
    );
    assert!(instance.contains("start = \"02:00\""));
    let said = solve_bad(&instance);
    assert!(
        said.contains("du 2027-03-28 finit avant de commencer"),
        "{said}"
    );
}

/// A tokens file that cannot be written exits 1 like every write failure (it said 2,
/// bad input, before the exit codes were decided in one place).
#[test]
fn tokens_unwritable_file_exits_1() {
    let dir = Dir::new();
    dir.write("instance.toml", INSTANCE);
    let run = dir.run(&["tokens", "instance.toml", "-o", "absent/tokens.toml"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("écriture de absent/tokens.toml impossible"),
        "{}",
        run.stderr
    );
    assert!(!dir.join("absent").exists());
}

// ---------------------------------------------------------------------------------
// calendar

#[test]
fn calendar_prints_day_kinds() {
    let run = Dir::new().run(&["calendar", "2027-01-01..2027-01-10"]);
    run.code(0);
    insta::assert_snapshot!(run.stdout, @r"
    2027-01-01 vendredi férié (Jour de l'an)
    2027-01-02 samedi pont
    2027-01-03 dimanche
    2027-01-04 lundi semaine
    2027-01-05 mardi semaine
    2027-01-06 mercredi semaine
    2027-01-07 jeudi semaine
    2027-01-08 vendredi semaine
    2027-01-09 samedi
    2027-01-10 dimanche
    ");
}

/// PDSA.md §1.3: in 2027 the bridges are Saturday 2 January (after New Year's Day on a
/// Friday), Friday 7 May (after Ascension) and Friday 12 November (after Armistice).
#[test]
fn calendar_only_special_lists_holidays_and_bridges() {
    let run = Dir::new().run(&["calendar", "2027-01-01..2027-12-31", "--only-special"]);
    run.code(0);
    let bridges: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.ends_with(" pont"))
        .collect();
    assert_eq!(
        bridges,
        [
            "2027-01-02 samedi pont",
            "2027-05-07 vendredi pont",
            "2027-11-12 vendredi pont"
        ]
    );
    insta::assert_snapshot!(run.stdout, @r"
    2027-01-01 vendredi férié (Jour de l'an)
    2027-01-02 samedi pont
    2027-03-29 lundi férié (Lundi de Pâques)
    2027-05-01 samedi férié (Fête du Travail)
    2027-05-06 jeudi férié (Ascension)
    2027-05-07 vendredi pont
    2027-05-08 samedi férié (Victoire 1945)
    2027-05-17 lundi férié (Lundi de Pentecôte)
    2027-07-14 mercredi férié (Fête nationale)
    2027-08-15 dimanche férié (Assomption)
    2027-11-01 lundi férié (Toussaint)
    2027-11-11 jeudi férié (Armistice 1918)
    2027-11-12 vendredi pont
    2027-12-25 samedi férié (Noël)
    ");
}

#[test]
fn calendar_rejects_reversed_range() {
    let run = Dir::new().run(&["calendar", "2027-01-10..2027-01-01"]);
    run.code(2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("à l'envers"), "{}", run.stderr);
}

#[test]
fn calendar_rejects_unreadable_range() {
    let run = Dir::new().run(&["calendar", "2027-01-01/2027-01-10"]);
    run.code(2);
    assert!(run.stderr.contains("PREMIER..DERNIER"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------
// The bundled instance (parsed and expanded, not solved: too slow for CI).

/// instances/lozere-2027-q1.toml parses, and its duties cover the quarter, with the
/// spring clock change on the night of Saturday 27 March 2027 shortening the night.
#[test]
fn bundled_lozere_instance_expands_over_the_quarter() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/lozere-2027-q1.toml");
    let instance = gardes::instance::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let duties = gardes::duties::expand(&instance).unwrap();
    let first = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2027, 3, 31).unwrap();
    assert_eq!(
        (instance.horizon.first, instance.horizon.last),
        (first, last)
    );
    let dates: std::collections::BTreeSet<NaiveDate> = duties.iter().map(|d| d.date).collect();
    let expected: std::collections::BTreeSet<NaiveDate> =
        first.iter_days().take_while(|d| *d <= last).collect();
    assert_eq!(dates, expected, "a duty on every date of the quarter");

    let change = NaiveDate::from_ymd_opt(2027, 3, 27).unwrap();
    let mut nights = 0;
    for d in duties.iter().filter(|d| d.date == change) {
        let period = instance.period(d.period);
        let clock = (
            period.start.format("%H:%M").to_string(),
            period.end.format("%H:%M").to_string(),
        );
        let expected = match (clock.0.as_str(), clock.1.as_str()) {
            ("20:00", "08:00") => Some(Duration::hours(11)),
            ("00:00", "08:00") if period.after_midnight => Some(Duration::hours(7)),
            _ => None,
        };
        if let Some(length) = expected {
            nights += 1;
            assert_eq!(
                d.end - d.start,
                length,
                "{} {} on {change}: {} → {}",
                instance.post(d.post).id,
                period.id,
                d.start,
                d.end
            );
        }
    }
    assert!(nights > 0, "the bundled instance has nights on {change}");
}

/// Issue 16: a demand far above the practitioners who may serve the post (a typo) gives
/// a roster with its empty seats and a located warning, not a solver failure. Only
/// what does not depend on the machine's speed is asserted.
#[test]
fn solve_with_a_huge_demand_writes_the_roster_and_warns() {
    let dir = Dir::new();
    dir.write(
        "instance.toml",
        r#"name = "typo"
[horizon]
first = 2027-01-04
last = 2027-01-06
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "a"
periods = ["nuit"]
demand = 100000000
[[practitioners]]
id = "d01"
posts = ["a"]
[[practitioners]]
id = "d02"
posts = ["a"]
"#,
    );
    let run = dir.run(&[
        "solve",
        "instance.toml",
        "-o",
        "out",
        "--now",
        NOW,
        "--time-limit",
        "5",
    ]);
    run.code(0);
    // The warning names the file, line and column of the demand and the candidates.
    assert!(
        run.stderr.contains(
            "instance.toml:12:10: avertissement : poste \"a\" : demande 100000000, or au plus 2 praticiens peuvent tenir ce poste"
        ),
        "{}",
        run.stderr
    );
    assert!(dir.join("out/assignments.csv").exists());
    // Every night keeps at least 99 999 998 seats empty, listed in uncovered.csv.
    let uncovered = csv_rows(&dir.read("out/uncovered.csv"));
    let nights: Vec<&str> = uncovered.iter().map(|r| r["date"].as_str()).collect();
    assert_eq!(nights, ["2027-01-04", "2027-01-05", "2027-01-06"]);
    for row in &uncovered {
        let missing: u64 = row["missing"].parse().unwrap();
        assert!((99_999_998..=100_000_000).contains(&missing), "{row:?}");
    }
}
