//! The project's tasks, run as `cargo xtask <task>` (the cargo-xtask convention: plain
//! Rust, no dependencies, only `cargo` and `rustc` needed; `.cargo/config.toml` holds the
//! alias). Run bare, it prints the tasks.
//!
//! `demo` and `test` first make sure the native build tools HiGHS needs are present
//! (see [`setup`]), so that the README's quick start stays two commands on a fresh
//! Debian machine that has only the Rust toolchain. Every cargo invocation goes through
//! `$CARGO`, the cargo that runs this xtask, never a bare `cargo` from the `PATH`.
//!
//! This crate must stay nearly free of dependencies: it is the first thing built on a
//! fresh machine, and it must build in seconds. Two small, pure-Rust ones are allowed,
//! for `scale` and `load` only: `libc` (`wait4`, the peak memory and CPU time of one
//! child process) and `serde_json` (reading gardes' `summary.json`).

mod bench;
mod dist;
mod fuzz;
mod herault;
mod load;
mod lozere;
mod network;
mod scale;
mod setup;
mod territory;

use std::error::Error;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// What every task returns; the message is printed by `main`.
type TaskResult = Result<(), Box<dyn Error>>;

const HELP: &str = "\
cargo xtask <task> [args]

Tasks:
  demo [SOLVE ARGS]      install what is missing, build gardes, solve the bundled Lozère
                         instance into out/ and print out/summary.md
                         (extra arguments go to `gardes solve`, e.g. --time-limit 30)
  test [CARGO ARGS]      install what is missing, then `cargo test --workspace`
  tidy                   `cargo fmt --check` and `cargo clippy --all-targets -D warnings`
  screenshots [SECONDS]  solve each bundled instance (default 120 s) and write the top of
                         its report.html, as headless Chromium shows it, to
                         docs/report-<instance>.png (the browser tests, docs/report.md)
  bench curtois [OPTS]   build the release binary, solve the Curtois & Qu instances and
                         write target/bench/curtois.{csv,md} (`cargo xtask bench` for
                         the options; docs/benchmarks.md)
  dist [--check]         install what is missing, build the release binary and write
                         target/dist/gardes_<version>_<arch>.deb and a .tar.gz of it, with
                         man pages, bash/zsh/fish completions, the bundled instances and
                         the French guide; --check then installs the package in a clean
                         chroot and runs gardes, man and the completion there (root only;
                         README, Installing)
  fuzz [TARGET] [--seconds N]
                         run the cargo-fuzz targets (instance, roster, curtois) for N
                         seconds each (default 60) with the nightly toolchain, and print
                         runs and crashes per target (docs/fuzzing.md)
  scale [OPTIONS]        build the release binary, solve synthetic instances of growing
                         size and write target/scale/scale.{csv,md}: time, peak memory
                         (`cargo xtask scale --help`; docs/scale.md)
  load [OPTIONS] [-- SOLVE ARGS]
                         build the release binary, solve each bundled quarter on a quiet
                         machine, then beside busy processes (default 3), and write
                         target/load/load.{csv,md}: levels, empty seats, population,
                         busiest MCS volunteer, and a verdict (`identique` or `différent`)
                         per instance (`cargo xtask load --help`; docs/benchmarks.md)
  gen-scale [OPTIONS]    write one synthetic PDSA instance of a given size
                         (`cargo xtask gen-scale --help`)
  gen-lozere [OPTIONS]   regenerate instances/lozere-2027-q1.toml (PDSA and MCS)
      --communes PATH    the commune file (default: ../shared/data/lozere/communes.csv)
      --bases PATH       the emergency bases (default: ../shared/data/emergency-bases.csv;
                         the rows of kind `smur` are used)
      --out PATH         where to write (default: instances/lozere-2027-q1.toml)
      --check            do not write: fail if the committed file differs from the output
  gen-herault [OPTIONS]  regenerate instances/coeur-herault-2027-q1.toml (PDSA, maison
                         médicale de garde, mobile doctor, physiotherapists, MCS)
      --communes PATH    (default: ../shared/data/coeur-herault/communes.csv)
      --bases PATH       (default: ../shared/data/emergency-bases.csv)
      --out PATH         (default: instances/coeur-herault-2027-q1.toml)
      --check            as for gen-lozere
  gen-network [OPTIONS]  regenerate instances/reseau-2027.toml (a year of volunteer GPs
                         staffing twelve village health centres, one a week each)
      --communes-lozere PATH   (default: ../shared/data/lozere/communes.csv)
      --communes-herault PATH  (default: ../shared/data/coeur-herault/communes.csv)
      --out PATH         (default: instances/reseau-2027.toml)
      --check            as for gen-lozere
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((task, rest)) = args.split_first() else {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    };
    let result = match task.as_str() {
        "demo" => demo(rest),
        "test" => test(rest),
        "tidy" => tidy(),
        "screenshots" => screenshots(rest),
        "bench" => bench::run_task(&project_root(), rest),
        "dist" => dist::run_task(&project_root(), rest),
        "fuzz" => fuzz::run_task(&project_root(), rest),
        "scale" => scale::run(&project_root(), rest),
        "load" => load::run(&project_root(), rest),
        "gen-scale" => scale::gen::run(&project_root(), rest),
        "gen-lozere" => lozere::run(&project_root(), rest),
        "gen-herault" => herault::run(&project_root(), rest),
        "gen-network" => network::run(&project_root(), rest),
        "help" | "-h" | "--help" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`\n\n{HELP}").into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask demo`: set-up, build, solve the bundled instance, print the summary.
///
/// It builds the release binary, so that `target/release/gardes solve INSTANCE -o DIR`
/// works afterwards for any instance, as the README says. That compiles HiGHS a second
/// time (once for `cargo xtask test`, in the dev profile that CI uses, and once here),
/// a one-off cost of a few minutes on a fresh machine; CI runs only the tests.
fn demo(solve_args: &[String]) -> TaskResult {
    setup::ensure_build_tools()?;
    let root = project_root();
    run(cargo(&root).args([
        "build",
        "--release",
        "--package",
        "gardes",
        "--bin",
        "gardes",
    ]))?;
    let out = root.join("out");
    let mut solve = Command::new(root.join("target").join("release").join("gardes"));
    solve
        .current_dir(&root)
        .args(["solve", "instances/lozere-2027-q1.toml", "-o", "out/"])
        .args(solve_args);
    // The summary is printed below, from the file, once; unless HiGHS's log is asked for.
    if !solve_args.iter().any(|a| a == "-v" || a == "--verbose") {
        solve.arg("--quiet");
    }
    run(&mut solve)?;
    let summary = out.join("summary.md");
    let text = std::fs::read_to_string(&summary).map_err(|e| {
        format!(
            "gardes solve finished but {} cannot be read: {e}",
            summary.display()
        )
    })?;
    println!("\n{text}");
    println!("The roster and the calendars are in {}/", out.display());
    Ok(())
}

/// `cargo xtask test`: set-up (the build tools, and Chromium for the browser tests),
/// then the whole workspace's tests in the dev profile, the one profile CI compiles
/// HiGHS in. The test runner's output is forwarded as is.
fn test(cargo_args: &[String]) -> TaskResult {
    setup::ensure_build_tools()?;
    setup::ensure_browser()?;
    let root = project_root();
    run(cargo(&root).args(["test", "--workspace"]).args(cargo_args))
}

/// `cargo xtask screenshots [SECONDS]`: the reviewed pictures of docs/report.md and
/// the README, made by the browser tests themselves (`tests/browser.rs`) with a longer
/// time limit, so that the picture is the page the tests check.
fn screenshots(args: &[String]) -> TaskResult {
    if asks_for_help(args) {
        print!("{HELP}");
        return Ok(());
    }
    let seconds = match args {
        [] => "120".to_owned(),
        [s] if s.parse::<f64>().is_ok_and(|v| v > 0.0) => s.clone(),
        _ => return Err(format!("screenshots: expected a number of seconds, got {args:?}").into()),
    };
    setup::ensure_build_tools()?;
    setup::ensure_browser()?;
    let root = project_root();
    let docs = root.join("docs");
    run(cargo(&root)
        .env("GARDES_SCREENSHOTS", &docs)
        .env("GARDES_BROWSER_TIME_LIMIT", &seconds)
        .env("CI", "true")
        .args([
            "test",
            "--package",
            "gardes",
            "--test",
            "main",
            "browser::",
            "--",
            "--test-threads=1",
        ]))
}

/// `cargo xtask tidy`: formatting and lints, as CI runs them.
fn tidy() -> TaskResult {
    let root = project_root();
    for (component, probe) in [("rustfmt", "fmt"), ("clippy", "clippy")] {
        let present = cargo(&root)
            .args([probe, "--version"])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        if !present {
            return Err(format!(
                "the {component} component is missing; install it with:\n    \
                 rustup component add {component}"
            )
            .into());
        }
    }
    run(cargo(&root).args(["fmt", "--all", "--", "--check"]))?;
    run(cargo(&root).args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
}

/// Whether a task's arguments ask for its usage (`-h`, `--help` or `help` anywhere).
pub(crate) fn asks_for_help(args: &[String]) -> bool {
    args.iter()
        .any(|a| a == "-h" || a == "--help" || a == "help")
}

/// Owned arguments, as a task receives them (for the tests of the tasks).
#[cfg(test)]
pub(crate) fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// The workspace root: the parent of this crate's manifest directory.
pub(crate) fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ is a direct child of the workspace root")
        .to_path_buf()
}

/// A `Command` for the cargo that runs this xtask (`$CARGO`), in the workspace root.
pub(crate) fn cargo(root: &Path) -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut cmd = Command::new(program);
    cmd.current_dir(root);
    cmd
}

/// Runs a command with inherited standard streams, so its output reaches the user as it
/// comes; fails with the command line when it exits non-zero.
pub(crate) fn run(cmd: &mut Command) -> TaskResult {
    let line = command_line(cmd);
    eprintln!("$ {line}");
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start `{line}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{line}` failed ({status})").into())
    }
}

/// The command as a user would type it, for messages.
pub(crate) fn command_line(cmd: &Command) -> String {
    let program = Path::new(cmd.get_program())
        .file_name()
        .unwrap_or(cmd.get_program())
        .to_string_lossy()
        .into_owned();
    std::iter::once(program)
        .chain(cmd.get_args().map(|a| a.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}
