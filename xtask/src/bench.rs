//! `cargo xtask bench`: builds the release binary and runs `gardes bench`, which solves
//! each benchmark instance, re-scores the roster with the benchmark's own evaluator and
//! writes the results table (docs/benchmarks.md).
//!
//! The release profile matters: the dev profile compiles gardes itself at `opt-level =
//! 1`, so its times would not be the ones a user sees. On a fresh machine the release
//! build compiles HiGHS once (several minutes); afterwards it only relinks.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, run, TaskResult};

/// The Curtois & Qu files, relative to the workspace root: `shared/` sits beside the
/// repository, as for the generators' data.
const DEFAULT_CURTOIS_DIR: &str = "../shared/benchmarks/curtois";
const DEFAULT_OUT: &str = "target/bench";

pub(crate) const USAGE: &str = "\
cargo xtask bench curtois [OPTIONS]

Builds target/release/gardes, then runs `gardes bench curtois` on the Curtois & Qu
instances with each engine in turn: one table line per instance as it finishes (both
engines' objective, bound, gap and time side by side, then the anchors' objective and
bound), then OUT/curtois.csv, OUT/curtois.md, OUT/anchors.csv and OUT/rosters/ENGINE/
(docs/benchmarks.md).

Options:
  --time-limit SECONDS   per instance and engine (default 60)
  --instances LIST       numbers and ranges, e.g. 1-12 or 1,3,5-7 (default 1-24)
  --threads N            HiGHS threads (default 2)
  --seed N               HiGHS random seed (default 0)
  --engines LIST         compact, decomposition, auto, comma-separated, in column order
                         (default compact,decomposition)
  --anchors FILE         an anchor's CSV (anchors/highs_curtois.py or cpsat_curtois.py
                         --out FILE), shown beside the engines; repeatable
  --out DIR              output folder (default target/bench)
  --dir DIR              the benchmark folder (default ../shared/benchmarks/curtois)
  --no-build             run target/release/gardes as it is, without `cargo build`
Relative paths are from the workspace root.
";

/// What `cargo xtask bench curtois` was asked.
#[derive(Debug, PartialEq)]
struct Options {
    /// Arguments passed on to `gardes bench curtois`, after the directory.
    gardes_args: Vec<String>,
    /// The benchmark folder, as given (relative to the workspace root).
    dir: String,
    /// Skip the release build.
    no_build: bool,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options {
            gardes_args: Vec::new(),
            dir: DEFAULT_CURTOIS_DIR.to_string(),
            no_build: false,
        };
        let mut out = DEFAULT_OUT.to_string();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut value = || {
                it.next()
                    .cloned()
                    .ok_or_else(|| format!("bench curtois: {arg} needs a value\n\n{USAGE}"))
            };
            match arg.as_str() {
                "--time-limit" | "--instances" | "--threads" | "--seed" | "--engines"
                | "--anchors" => {
                    let v = value()?;
                    options.gardes_args.extend([arg.clone(), v]);
                }
                "--out" => out = value()?,
                "--dir" => options.dir = value()?,
                "--no-build" => options.no_build = true,
                other => {
                    return Err(format!(
                        "bench curtois: unknown argument `{other}`\n\n{USAGE}"
                    ))
                }
            }
        }
        options.gardes_args.extend(["--output".to_string(), out]);
        Ok(options)
    }
}

/// `cargo xtask bench [SUITE] [OPTIONS]`; bare, it prints the usage.
pub(crate) fn run_task(root: &Path, args: &[String]) -> TaskResult {
    let Some((suite, rest)) = args.split_first() else {
        print!("{USAGE}");
        return Ok(());
    };
    match suite.as_str() {
        "curtois" => curtois(root, rest),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown benchmark `{other}`\n\n{USAGE}").into()),
    }
}

fn curtois(root: &Path, args: &[String]) -> TaskResult {
    let options = Options::parse(args)?;
    let dir = root.join(&options.dir);
    if !dir.join("bounds.csv").is_file() {
        return Err(format!(
            "no Curtois benchmark in {}: expected Instance1.txt … Instance24.txt and \
             bounds.csv there (pass --dir PATH if ../shared is elsewhere)",
            dir.display()
        )
        .into());
    }
    let binary = release_gardes(root, options.no_build)?;
    run(Command::new(&binary)
        .current_dir(root)
        .args(["bench", "curtois", &options.dir])
        .args(&options.gardes_args))
}

/// `target/release/gardes`, built first unless `no_build` (then it must exist); the
/// other measuring tasks (`cargo xtask scale`, `cargo xtask load`) use it too. The
/// target folder is `$CARGO_TARGET_DIR` when set, as for the `cargo build` it runs.
pub(crate) fn release_gardes(root: &Path, no_build: bool) -> Result<PathBuf, Box<dyn Error>> {
    let binary: PathBuf = target_dir(root).join("release").join("gardes");
    if no_build {
        if !binary.is_file() {
            return Err(format!(
                "--no-build: {} does not exist; run without --no-build to build it",
                binary.display()
            )
            .into());
        }
    } else {
        run(cargo(root).args([
            "build",
            "--release",
            "--package",
            "gardes",
            "--bin",
            "gardes",
        ]))?;
    }
    Ok(binary)
}

/// Cargo's target folder: `$CARGO_TARGET_DIR` (relative to the workspace root, where
/// the tasks run cargo) when set and not empty, else `target/` in the workspace root.
pub(crate) fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => root.join("target"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings;

    #[test]
    fn options_pass_on_to_gardes_with_the_default_output() {
        let o =
            Options::parse(&strings(&["--time-limit", "10", "--instances", "1-3"])).expect("valid");
        assert_eq!(
            o.gardes_args,
            strings(&[
                "--time-limit",
                "10",
                "--instances",
                "1-3",
                "--output",
                "target/bench"
            ])
        );
        assert_eq!(o.dir, DEFAULT_CURTOIS_DIR);
        assert!(!o.no_build);
    }

    #[test]
    fn engines_and_anchors_pass_on_to_gardes() {
        let o = Options::parse(&strings(&[
            "--engines",
            "compact,decomposition",
            "--anchors",
            "/tmp/highs.csv",
            "--anchors",
            "/tmp/cpsat.csv",
        ]))
        .expect("valid");
        assert_eq!(
            o.gardes_args,
            strings(&[
                "--engines",
                "compact,decomposition",
                "--anchors",
                "/tmp/highs.csv",
                "--anchors",
                "/tmp/cpsat.csv",
                "--output",
                "target/bench"
            ])
        );
        let e = Options::parse(&strings(&["--anchors"])).expect_err("no value");
        assert!(e.contains("--anchors needs a value"), "{e}");
    }

    #[test]
    fn out_dir_and_no_build_are_read() {
        let o =
            Options::parse(&strings(&["--out", "x", "--dir", "d", "--no-build"])).expect("valid");
        assert_eq!(o.gardes_args, strings(&["--output", "x"]));
        assert_eq!(o.dir, "d");
        assert!(o.no_build);
    }

    #[test]
    fn a_missing_value_or_an_unknown_flag_is_an_error() {
        let e = Options::parse(&strings(&["--threads"])).expect_err("no value");
        assert!(e.contains("--threads needs a value"), "{e}");
        let e = Options::parse(&strings(&["--frobnicate"])).expect_err("unknown");
        assert!(e.contains("unknown argument `--frobnicate`"), "{e}");
    }
}
