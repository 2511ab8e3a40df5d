//! `cargo xtask fuzz`: runs the cargo-fuzz targets of `fuzz/` one after the other, each
//! for a fixed time, and prints one summary line per target (docs/fuzzing.md).
//!
//! cargo-fuzz needs a nightly toolchain, so this task calls `cargo +nightly` through the
//! rustup proxy on the `PATH`, not `$CARGO` (the stable cargo running this xtask), and
//! clears `RUSTUP_TOOLCHAIN`, which that proxy set for us and which would otherwise pin
//! the inner builds to stable. cargo-fuzz is installed with `cargo install` when
//! missing; a missing nightly toolchain is an error that names the command to run.
//!
//! libFuzzer writes what it finds to `fuzz/target/corpus/TARGET` (git ignores it), and
//! reads the committed seeds of `fuzz/corpus/TARGET` without writing there. Its whole
//! output is forwarded and kept in `fuzz/target/logs/TARGET.log`; the summary comes from
//! that output (runs, seconds) and from the reproducers that appeared in
//! `fuzz/artifacts/TARGET/` during the run (crashes, timeouts, out-of-memory inputs).

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::TaskResult;

/// The targets, in the order they run (`fuzz/fuzz_targets/*.rs`).
const TARGETS: [&str; 3] = ["instance", "roster", "curtois"];

const DEFAULT_SECONDS: u64 = 60;

/// libFuzzer's limit for one input: far above what any input takes (milliseconds), so
/// an input that reaches it hangs.
const TIMEOUT_SECONDS: u64 = 10;

pub(crate) const USAGE: &str = "\
cargo xtask fuzz [TARGET] [--seconds N]

Runs the cargo-fuzz targets of fuzz/ (instance, roster, curtois; all three in turn
when TARGET is omitted), each for N seconds (default 60), with the nightly toolchain:

    cargo +nightly fuzz run --sanitizer none --debug-assertions TARGET \\
        fuzz/target/corpus/TARGET fuzz/corpus/TARGET -- \\
        -max_total_time=N -timeout=10 -dict=fuzz/dict/TARGET.dict -print_final_stats=1

then prints one line per target: runs executed, seconds, new reproducers in
fuzz/artifacts/TARGET/. The first build compiles HiGHS (several minutes). Fails if a
target found anything. docs/fuzzing.md says how to reproduce and minimise a crash.
";

/// What `cargo xtask fuzz` was asked.
#[derive(Debug, PartialEq)]
struct Options {
    targets: Vec<&'static str>,
    seconds: u64,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut targets = Vec::new();
        let mut seconds = DEFAULT_SECONDS;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--seconds" => {
                    let value = it
                        .next()
                        .ok_or_else(|| format!("fuzz: --seconds needs a value\n\n{USAGE}"))?;
                    seconds = value.parse().ok().filter(|&s| s > 0).ok_or_else(|| {
                        format!("fuzz: --seconds {value}: expected a positive whole number")
                    })?;
                }
                name => match TARGETS.iter().find(|t| **t == name) {
                    Some(target) if !targets.contains(target) => targets.push(*target),
                    Some(_) => {}
                    None => {
                        return Err(format!(
                            "fuzz: unknown target or argument `{name}` (targets: {})\n\n{USAGE}",
                            TARGETS.join(", ")
                        ))
                    }
                },
            }
        }
        if targets.is_empty() {
            targets = TARGETS.to_vec();
        }
        Ok(Options { targets, seconds })
    }
}

/// What one run of one target did.
#[derive(Debug, Default, PartialEq)]
struct Outcome {
    /// Inputs executed, from libFuzzer's `Done N runs` or its final statistics.
    runs: Option<u64>,
    /// Seconds spent fuzzing, from `Done … in S second(s)`, else measured.
    seconds: Option<u64>,
    /// Reproducers written to `fuzz/artifacts/TARGET/` during the run.
    found: Vec<String>,
}

/// `cargo xtask fuzz [TARGET] [--seconds N]`.
pub(crate) fn run_task(root: &Path, args: &[String]) -> TaskResult {
    if crate::asks_for_help(args) {
        print!("{USAGE}");
        return Ok(());
    }
    let options = Options::parse(args)?;
    ensure_cargo_fuzz(root)?;
    let mut lines = Vec::new();
    let mut failed = false;
    for target in &options.targets {
        let outcome = run_target(root, target, options.seconds)?;
        failed |= !outcome.found.is_empty();
        let line = summary_line(target, &outcome);
        eprintln!("{line}");
        lines.push(line);
    }
    println!("\nfuzz summary ({} s per target):", options.seconds);
    for line in &lines {
        println!("  {line}");
    }
    if failed {
        return Err(
            "a fuzz target found a crash, a timeout or an out-of-memory input; \
                    the reproducers are under fuzz/artifacts/ (docs/fuzzing.md)"
                .into(),
        );
    }
    Ok(())
}

/// `cargo +nightly …` through the rustup proxy, with the toolchain pin cleared.
fn nightly_cargo(root: &Path) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.current_dir(root)
        .arg("+nightly")
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO")
        .env_remove("RUSTC")
        .env_remove("RUSTDOC");
    cmd
}

/// Checks the nightly toolchain and installs cargo-fuzz if it is missing.
fn ensure_cargo_fuzz(root: &Path) -> TaskResult {
    let works = |cmd: &mut Command| {
        cmd.stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    };
    if !works(nightly_cargo(root).arg("--version")) {
        return Err(
            "the fuzz targets need a nightly toolchain and rustup; install it with:\n    \
                    rustup toolchain install nightly --profile minimal"
                .into(),
        );
    }
    if works(nightly_cargo(root).args(["fuzz", "--version"])) {
        return Ok(());
    }
    eprintln!("cargo-fuzz is missing: installing it (about 90 s)");
    crate::run(nightly_cargo(root).args(["install", "cargo-fuzz", "--locked"])).map_err(|e| {
        format!("{e}\ninstall cargo-fuzz by hand with:\n    cargo install cargo-fuzz --locked")
    })?;
    Ok(())
}

fn run_target(
    root: &Path,
    target: &str,
    seconds: u64,
) -> Result<Outcome, Box<dyn std::error::Error>> {
    let fuzz = root.join("fuzz");
    let work = fuzz.join("target").join("corpus").join(target);
    let logs = fuzz.join("target").join("logs");
    let artifacts = fuzz.join("artifacts").join(target);
    for dir in [&work, &logs, &artifacts] {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let before = files(&artifacts);
    let log_path = logs.join(format!("{target}.log"));
    let mut log = File::create(&log_path)
        .map_err(|e| format!("cannot create {}: {e}", log_path.display()))?;

    let mut cmd = nightly_cargo(root);
    cmd.args([
        "fuzz",
        "run",
        "--sanitizer",
        "none",
        "--debug-assertions",
        target,
    ])
    .arg(&work)
    .arg(fuzz.join("corpus").join(target))
    .arg("--")
    .arg(format!("-max_total_time={seconds}"))
    .arg(format!("-timeout={TIMEOUT_SECONDS}"))
    .arg(format!(
        "-dict={}",
        fuzz.join("dict").join(format!("{target}.dict")).display()
    ))
    .arg("-print_final_stats=1")
    .stdin(Stdio::null())
    .stderr(Stdio::piped());
    eprintln!("$ {}", crate::command_line(&cmd));
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start cargo +nightly fuzz: {e}"))?;
    let stderr = child.stderr.take().expect("stderr is piped");
    let mut started = None;
    let mut output = Vec::new();
    for line in BufReader::new(stderr).lines() {
        let Ok(line) = line else { break };
        if started.is_none() && line.starts_with("INFO: Seed:") {
            started = Some(Instant::now());
        }
        eprintln!("{line}");
        // The log is a convenience: a full disk must not stop the run.
        let _ = writeln!(log, "{line}");
        output.push(line);
    }
    let status = child.wait().map_err(|e| format!("cargo fuzz: {e}"))?;
    let mut outcome = parse_output(&output);
    if outcome.seconds.is_none() {
        outcome.seconds = started.map(|s| s.elapsed().as_secs());
    }
    outcome.found = files(&artifacts).difference(&before).cloned().collect();
    if !status.success() && outcome.found.is_empty() {
        return Err(format!(
            "`cargo +nightly fuzz run {target}` failed ({status}) without a reproducer; \
             see {}",
            log_path.display()
        )
        .into());
    }
    Ok(outcome)
}

/// The file names in `dir`.
fn files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Runs and seconds from libFuzzer's output: `Done 1234 runs in 60 second(s)` when the
/// time limit ends the run, else `stat::number_of_executed_units: 1234` (printed on a
/// crash too).
fn parse_output(lines: &[String]) -> Outcome {
    let mut outcome = Outcome::default();
    for line in lines {
        if let Some(rest) = line.strip_prefix("Done ") {
            let mut words = rest.split_whitespace();
            outcome.runs = words.next().and_then(|n| n.parse().ok());
            outcome.seconds = words.nth(2).and_then(|s| s.parse().ok());
        } else if let Some(n) = line.strip_prefix("stat::number_of_executed_units:") {
            outcome.runs = outcome.runs.or_else(|| n.trim().parse().ok());
        }
    }
    outcome
}

fn summary_line(target: &str, o: &Outcome) -> String {
    let runs = o.runs.map_or("?".to_string(), |n| n.to_string());
    let seconds = o.seconds.map_or("?".to_string(), |s| s.to_string());
    let found = if o.found.is_empty() {
        "0 crashes".to_string()
    } else {
        let paths: Vec<PathBuf> = o
            .found
            .iter()
            .map(|f| Path::new("fuzz/artifacts").join(target).join(f))
            .collect();
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        format!("{} found: {}", o.found.len(), shown.join(", "))
    };
    format!("{target}: {runs} runs in {seconds} s, {found}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings;

    #[test]
    fn no_target_means_all_three_for_the_default_time() {
        let o = Options::parse(&[]).expect("valid");
        assert_eq!(o.targets, TARGETS.to_vec());
        assert_eq!(o.seconds, DEFAULT_SECONDS);
    }

    #[test]
    fn a_target_and_seconds_are_read() {
        let o = Options::parse(&strings(&["instance", "--seconds", "3600"])).expect("valid");
        assert_eq!(o.targets, vec!["instance"]);
        assert_eq!(o.seconds, 3600);
    }

    #[test]
    fn bad_arguments_are_refused() {
        assert!(Options::parse(&strings(&["nope"])).is_err());
        assert!(Options::parse(&strings(&["--seconds"])).is_err());
        assert!(Options::parse(&strings(&["--seconds", "0"])).is_err());
        assert!(Options::parse(&strings(&["--seconds", "x"])).is_err());
    }

    #[test]
    fn runs_and_seconds_come_from_libfuzzer_output() {
        let done = strings(&[
            "#4096\tpulse  cov: 10 ft: 20 corp: 3/1b exec/s: 2048 rss: 40Mb",
            "Done 123456 runs in 601 second(s)",
            "stat::number_of_executed_units: 123456",
        ]);
        let o = parse_output(&done);
        assert_eq!((o.runs, o.seconds), (Some(123456), Some(601)));

        let crash = strings(&[
            "thread '<unnamed>' panicked at src/x.rs:1:1:",
            "stat::number_of_executed_units: 77",
        ]);
        let o = parse_output(&crash);
        assert_eq!((o.runs, o.seconds), (Some(77), None));
    }

    #[test]
    fn the_summary_names_the_reproducers() {
        let clean = Outcome {
            runs: Some(10),
            seconds: Some(5),
            found: vec![],
        };
        assert_eq!(
            summary_line("roster", &clean),
            "roster: 10 runs in 5 s, 0 crashes"
        );
        let crashed = Outcome {
            runs: None,
            seconds: Some(2),
            found: vec!["crash-ab".to_string()],
        };
        assert_eq!(
            summary_line("curtois", &crashed),
            "curtois: ? runs in 2 s, 1 found: fuzz/artifacts/curtois/crash-ab"
        );
    }
}
