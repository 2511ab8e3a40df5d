//! The coordinator's guide runs: every command of the `sh` blocks of
//! docs/guide-coordinateur.md, in order, with the built binary, must exit 0.
//!
//! How the guide's commands map to the test:
//!
//! - They run in a temporary folder that holds `instances/lozere-2027-q1.toml` (the
//!   bundled instance) and a `bin/gardes` link to the binary under test, first on
//!   `PATH`. Each line (a `\` continues it, `#` lines are comments) runs with `sh -c`,
//!   so globs such as `retours/*.xlsx` and quoting work as they do for a coordinator.
//!   Every line must start with `gardes `: the guide's `sh` blocks hold nothing else.
//! - Short solves: `gardes solve` gets `--time-limit 15 --hints 0` and `gardes replan`
//!   `--time-limit 15`, unless the line sets them.
//! - The doctors' part: before the first command that names `retours/`, the test
//!   saves into `retours/` what the doctors send back: three in four of the sheets
//!   written by `desiderata template`, some blank, the others with a few duties marked
//!   (read with calamine, written again with rust_xlsxwriter).
//! - `gardes serve` runs until it is stopped: it is started with `--listen
//!   127.0.0.1:0` (any free port) instead of the guide's address, the test waits for
//!   its `Écoute sur http://…` line, checks it is still running, and stops it.
//! - `gardes swap`: which doctor holds which evening depends on the solver, so the
//!   seats of the guide's swap lines (`--give`, `--take`) are replaced by two seats of
//!   the published roster, of one post and period, for which `--dry-run` succeeds.
//!
//! The guide's table of the Ordre's deadlines is checked against the 45 and 10 days
//! of CSP R6315-2.

use std::io::BufRead as _;
use std::path::Path;
use std::process::{Command, Stdio};

use calamine::Data;
use chrono::{Duration, NaiveDate};

use crate::desiderata::{cell, read_xlsx, set, table, text, write_xlsx};

const GUIDE: &str = include_str!("../docs/guide-coordinateur.md");
const LOZERE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/instances/lozere-2027-q1.toml");

/// The command lines of the guide's `sh` blocks, in order.
fn commands(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut pending = String::new();
    for line in markdown.lines() {
        let trimmed = line.trim();
        if !inside {
            inside = trimmed == "```sh";
            continue;
        }
        if trimmed == "```" {
            inside = false;
            assert!(
                pending.is_empty(),
                "a `\\` continues past the block: {pending}"
            );
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        match trimmed.strip_suffix('\\') {
            Some(head) => {
                pending.push_str(head);
                pending.push(' ');
            }
            None => {
                pending.push_str(trimmed);
                out.push(std::mem::take(&mut pending));
            }
        }
    }
    out
}

/// The test's short time limits.
fn with_short_limits(line: &str) -> String {
    let mut line = line.to_owned();
    if line.starts_with("gardes solve ") || line.starts_with("gardes replan ") {
        if !line.contains("--time-limit") {
            line.push_str(" --time-limit 15");
        }
        if line.starts_with("gardes solve ") && !line.contains("--hints") {
            line.push_str(" --hints 0");
        }
    }
    line
}

/// Runs one line with `sh -c`; panics unless it exits 0.
fn run(dir: &Path, line: &str) -> String {
    let path = format!(
        "{}:{}",
        dir.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(line)
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the guide's command failed (exit {:?}): {line}\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What the doctors send back: three sheets in four, one in three of those with a
/// few duties marked, into `retours/`.
fn doctors_answer(dir: &Path) {
    std::fs::create_dir_all(dir.join("retours")).unwrap();
    let instance =
        gardes::instance::parse("lozere", &std::fs::read_to_string(LOZERE).unwrap()).unwrap();
    for (i, prac) in instance.practitioners.iter().enumerate() {
        if i % 4 == 3 {
            continue;
        }
        let id = prac.id.as_str();
        let (name, mut rows) = read_xlsx(&dir.join(format!("feuilles/{id}.xlsx")));
        if i % 3 == 0 {
            let t = table(&rows);
            let free: Vec<usize> = (t.header + 1..rows.len())
                .filter(|&r| cell(&rows, &t, r, "Choix").is_empty())
                .collect();
            for (k, &r) in free.iter().skip(i * 7 % 40).step_by(5).take(6).enumerate() {
                let word = ["indisponible", "souhaité", "à éviter"][k % 3];
                set(&mut rows, &t, r, "Choix", text(word));
                if k % 3 == 1 {
                    set(&mut rows, &t, r, "Poids", Data::Float(2.0));
                }
            }
        }
        write_xlsx(&dir.join(format!("retours/{id}.xlsx")), &name, &rows);
    }
}

/// `gardes serve`: started on any free port, running once it says where it listens.
fn serve(dir: &Path, line: &str) {
    let mut args: Vec<String> = line.split_whitespace().skip(1).map(str::to_owned).collect();
    match args.iter().position(|a| a == "--listen") {
        Some(i) => args[i + 1] = "127.0.0.1:0".to_owned(),
        None => args.extend(["--listen".to_owned(), "127.0.0.1:0".to_owned()]),
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_gardes"))
        .args(&args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        first.starts_with("Écoute sur http://127.0.0.1:") && running,
        "gardes serve did not start: {first}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The guide's swap with two seats of the published roster that can be exchanged.
fn swap_with_real_seats(dir: &Path, line: &str) -> String {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let roster_at = tokens
        .iter()
        .position(|t| t.ends_with("assignments.csv"))
        .unwrap();
    let bytes = std::fs::read(dir.join(tokens[roster_at])).unwrap();
    let records = gardes::check::read_roster_csv(
        "assignments.csv",
        gardes::check::roster_text("assignments.csv", &bytes).unwrap(),
    )
    .unwrap();
    let seat = |r: &gardes::roster::RosterRecord| {
        format!("{}:{}:{}:{}", r.practitioner_id, r.date, r.period, r.post)
    };
    let later: Vec<_> = records
        .iter()
        .filter(|r| r.date >= NaiveDate::from_ymd_opt(2027, 2, 15).unwrap())
        .collect();
    let mut tries = 0;
    for a in &later {
        for b in later.iter().filter(|b| {
            b.post == a.post
                && b.period == a.period
                && b.practitioner_id != a.practitioner_id
                && b.date == a.date + Duration::days(7)
        }) {
            let mapped: Vec<String> = tokens
                .iter()
                .enumerate()
                .map(|(i, t)| match i.checked_sub(1).map(|j| tokens[j]) {
                    Some("--give") => seat(a),
                    Some("--take") => seat(b),
                    _ => (*t).to_owned(),
                })
                .collect();
            let mut trial = mapped.clone();
            if !trial.iter().any(|t| t == "--dry-run") {
                trial.push("--dry-run".to_owned());
            }
            let ok = Command::new(env!("CARGO_BIN_EXE_gardes"))
                .args(&trial[1..])
                .current_dir(dir)
                .output()
                .unwrap()
                .status
                .success();
            if ok {
                return mapped.join(" ");
            }
            tries += 1;
            assert!(tries < 200, "no exchangeable pair of seats found");
        }
    }
    panic!("no exchangeable pair of seats found");
}

/// A French date of the guide's deadline table: `1er janvier 2027`, `17 novembre 2026`.
fn french_date(text: &str) -> NaiveDate {
    let months = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let parts: Vec<&str> = text.split_whitespace().collect();
    let day: u32 = parts[0].trim_end_matches("er").parse().unwrap();
    let month = months.iter().position(|m| *m == parts[1]).unwrap() as u32 + 1;
    NaiveDate::from_ymd_opt(parts[2].parse().unwrap(), month, day).unwrap()
}

/// The Ordre's deadlines in the guide are 45 and 10 days before each quarter.
#[test]
fn guide_deadlines_are_45_and_10_days_ahead() {
    let rows: Vec<Vec<&str>> = GUIDE
        .lines()
        .skip_while(|l| !l.starts_with("| Le trimestre commence le"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    assert_eq!(rows.len(), 5);
    for row in rows {
        let start = french_date(row[0]);
        assert_eq!(french_date(row[1]), start - Duration::days(45), "{row:?}");
        assert_eq!(french_date(row[2]), start - Duration::days(10), "{row:?}");
    }
}

/// Every command of the guide, in order, on the bundled Lozère quarter.
#[test]
fn every_command_of_the_guide_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("instances")).unwrap();
    std::fs::copy(LOZERE, dir.join("instances/lozere-2027-q1.toml")).unwrap();
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_gardes"), dir.join("bin/gardes")).unwrap();
    let lines = commands(GUIDE);
    assert!(lines.len() >= 10, "{lines:?}");
    let mut answered = false;
    let mut ran = Vec::new();
    for line in &lines {
        assert!(line.starts_with("gardes "), "not a gardes command: {line}");
        if line.contains("retours/") && !answered {
            doctors_answer(dir);
            answered = true;
        }
        let sub = line.split_whitespace().nth(1).unwrap_or_default();
        match sub {
            "serve" => serve(dir, line),
            "swap" => {
                let mapped = swap_with_real_seats(dir, line);
                run(dir, &mapped);
            }
            _ => {
                run(dir, &with_short_limits(line));
            }
        }
        ran.push(sub.to_owned());
    }
    // The quarter's whole path is there, in this order.
    let order = [
        "desiderata",
        "solve",
        "check",
        "tokens",
        "serve",
        "replan",
        "swap",
    ];
    let mut at = 0;
    for step in order {
        at += ran[at..].iter().position(|s| s == step).unwrap_or_else(|| {
            panic!("the guide runs no `gardes {step}` after the steps before it: {ran:?}")
        });
    }
    // What the steps wrote.
    for file in [
        "feuilles/d07.xlsx",
        "feuilles/tous-les-praticiens.xlsx",
        "feuilles-csv/d07.csv",
        "lozere-desiderata.toml",
        "collecte/collecte.md",
        "collecte/collecte.csv",
        "publication/tableau.csv",
        "publication/changes.csv",
        "jetons.toml",
    ] {
        assert!(dir.join(file).exists(), "{file} was not written");
    }
    let merged = std::fs::read_to_string(dir.join("lozere-desiderata.toml")).unwrap();
    assert!(
        merged.contains("# feuille de desiderata"),
        "the doctors' marks were imported"
    );
}
