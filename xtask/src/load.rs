//! `cargo xtask load`: does the default `gardes solve` of a bundled quarter give the
//! same roster quality on a quiet machine and on one where other CPU-bound processes
//! run beside it?
//!
//! For each instance and each repeat it runs `target/release/gardes solve` twice, one
//! child at a time: *quiet*, then *loaded*, with `--busy` processes spinning
//! (`sh -c 'while :; do :; done'`) from just before the solve to its end. It measures
//! the solve's wall and CPU time ([`measure`], `wait4`) and the CPU the busy processes
//! got, reads the levels, empty seats, population coverage, fairness and preferences
//! from `summary.json` and the busiest MCS volunteer from `assignments.csv`
//! ([`mcs`]), and writes `OUT/load.csv` and `OUT/load.md` after every run, with a
//! comparison of each run against the instance's first quiet run ([`table`]).

mod mcs;
mod table;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::scale::{machine, measure, utc_now, write_atomic};
use crate::{bench, setup, TaskResult};

use table::{Condition, Header, Row};

const DEFAULT_INSTANCES: [&str; 2] = [
    "instances/lozere-2027-q1.toml",
    "instances/coeur-herault-2027-q1.toml",
];
const DEFAULT_OUT: &str = "target/load";

/// The busy process: a shell loop that never sleeps.
const BUSY_SCRIPT: &str = "while :; do :; done";

/// The options of `gardes solve` that `load` sets itself.
const OWN_SOLVE_OPTIONS: [&str; 4] = ["--time-limit", "--threads", "-o", "--output"];

pub(crate) const USAGE: &str = "\
cargo xtask load [OPTIONS] [-- SOLVE ARGS]

Builds target/release/gardes, then for each instance solves it twice, one run at a
time: on a quiet machine, then with K busy processes (`sh -c 'while :; do :; done'`)
running beside it, killed when the solve ends. Measures wall and CPU time, reads
each run's summary.json and assignments.csv, and writes OUT/load.csv, OUT/load.md
(with a loaded/quiet comparison and verdict per instance) and OUT/runs/NAME-CONDITION/
(the solve's files and its timed log). See docs/benchmarks.md.

Options:
  --instances LIST       instance files, comma-separated (default
                         instances/lozere-2027-q1.toml,instances/coeur-herault-2027-q1.toml)
  --time-limit SECONDS   gardes solve --time-limit (default 60)
  --threads N            gardes solve --threads (default 1)
  --busy K               busy processes beside the loaded solve (default 3)
  --repeat R             runs of each condition, quiet and loaded alternating (default 1;
                         above 1 the run folders end in -1, -2, …)
  --out DIR              output folder (default target/load)
  --no-build             run target/release/gardes as it is, without `cargo build`
  -- SOLVE ARGS          passed on to every `gardes solve`, e.g. -- --gap 0.01
Relative paths are from the workspace root.
";

/// What `cargo xtask load` was asked.
#[derive(Debug, PartialEq)]
struct Options {
    instances: Vec<String>,
    time_limit: f64,
    threads: u32,
    busy: u32,
    repeat: u32,
    out: String,
    no_build: bool,
    /// After `--`: passed on to `gardes solve`.
    solve_args: Vec<String>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let (own, solve_args) = match args.iter().position(|a| a == "--") {
            Some(i) => (&args[..i], args[i + 1..].to_vec()),
            None => (args, Vec::new()),
        };
        let mut options = Options {
            instances: DEFAULT_INSTANCES.map(String::from).to_vec(),
            time_limit: 60.0,
            threads: 1,
            busy: 3,
            repeat: 1,
            out: DEFAULT_OUT.to_string(),
            no_build: false,
            solve_args,
        };
        let mut it = own.iter();
        while let Some(arg) = it.next() {
            let mut value = || {
                it.next()
                    .cloned()
                    .ok_or_else(|| format!("load: {arg} needs a value\n\n{USAGE}"))
            };
            let bad = |v: &str| format!("load: {arg}: `{v}` is not valid");
            match arg.as_str() {
                "--instances" => {
                    let v = value()?;
                    options.instances = v
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect();
                    if options.instances.is_empty() {
                        return Err(bad(&v));
                    }
                }
                "--time-limit" => {
                    let v = value()?;
                    options.time_limit = v
                        .parse()
                        .ok()
                        .filter(|t: &f64| t.is_finite() && *t > 0.0)
                        .ok_or_else(|| bad(&v))?;
                }
                "--threads" => {
                    let v = value()?;
                    options.threads = v.parse().ok().filter(|&n| n > 0).ok_or_else(|| bad(&v))?;
                }
                "--busy" => {
                    let v = value()?;
                    options.busy = v.parse().map_err(|_| bad(&v))?;
                }
                "--repeat" => {
                    let v = value()?;
                    options.repeat = v.parse().ok().filter(|&n| n > 0).ok_or_else(|| bad(&v))?;
                }
                "--out" => options.out = value()?,
                "--no-build" => options.no_build = true,
                other => return Err(format!("load: unknown argument `{other}`\n\n{USAGE}")),
            }
        }
        if let Some(a) = options.solve_args.iter().find(|a| {
            OWN_SOLVE_OPTIONS
                .iter()
                .any(|o| *a == o || a.starts_with(&format!("{o}=")))
        }) {
            return Err(format!(
                "load: `{a}` after `--`: load sets the time limit, the threads and the \
                 output folder itself (--time-limit, --threads, --out)"
            ));
        }
        let mut names: Vec<String> = options.instances.iter().map(|i| stem(i)).collect();
        names.sort();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(format!(
                "load: --instances: two instances named `{}`: their run folders would clash",
                w[0]
            ));
        }
        Ok(options)
    }
}

/// The instance's name: its file name without `.toml`.
fn stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map_or_else(|| path.to_string(), |s| s.to_string_lossy().into_owned())
}

/// The folder of one run under `OUT/runs/`.
fn run_folder(name: &str, condition: Condition, repeat: u32, repeats: u32) -> String {
    if repeats > 1 {
        format!("{name}-{}-{repeat}", condition.name())
    } else {
        format!("{name}-{}", condition.name())
    }
}

/// Runs `load` with its command-line arguments.
pub(crate) fn run(root: &Path, args: &[String]) -> TaskResult {
    let own = args.split(|a| a == "--").next().unwrap_or_default();
    if crate::asks_for_help(own) {
        print!("{USAGE}");
        return Ok(());
    }
    let options = Options::parse(args)?;
    let instances: Vec<(String, PathBuf)> = options
        .instances
        .iter()
        .map(|i| (stem(i), root.join(i)))
        .collect();
    if let Some((_, missing)) = instances.iter().find(|(_, p)| !p.is_file()) {
        return Err(format!("load: no instance file {}", missing.display()).into());
    }
    if !options.no_build {
        setup::ensure_build_tools()?;
    }
    let binary = bench::release_gardes(root, options.no_build)?;
    let out = root.join(&options.out);
    std::fs::create_dir_all(out.join("runs"))?;
    let mut header = Header {
        date: utc_now(),
        machine: machine(),
        load: std::fs::read_to_string("/proc/loadavg")
            .ok()
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")),
        solver: None,
        command: std::iter::once("cargo xtask load".to_string())
            .chain(args.iter().cloned())
            .collect::<Vec<_>>()
            .join(" "),
        time_limit: options.time_limit,
        threads: options.threads,
        busy: options.busy,
        repeat: options.repeat,
        solve_args: options.solve_args.clone(),
    };
    let mut rows: Vec<Row> = Vec::new();
    for (name, instance) in &instances {
        for repeat in 1..=options.repeat {
            for condition in [Condition::Quiet, Condition::Loaded] {
                let dir =
                    out.join("runs")
                        .join(run_folder(name, condition, repeat, options.repeat));
                eprintln!(
                    "{name} {} {repeat}/{}: solving ({} s)…",
                    condition.name(),
                    options.repeat,
                    options.time_limit
                );
                let mut row = Row::new(name, condition, repeat);
                if let Err(e) = run_one(&binary, instance, &dir, &options, &mut row, &mut header) {
                    row.status = "error".into();
                    row.note = e;
                }
                eprintln!("  {}", progress_line(&row));
                rows.push(row);
                write_atomic(&out.join("load.csv"), &table::csv(&rows))?;
                write_atomic(&out.join("load.md"), &table::markdown(&header, &rows))?;
            }
        }
        if let Some(v) = table::verdict(&rows, name) {
            eprintln!("{name}: {v}");
        }
    }
    eprintln!(
        "wrote {} and {}",
        out.join("load.csv").display(),
        out.join("load.md").display()
    );
    if rows.iter().any(|r| r.status == "error") {
        return Err(
            "a solve failed: see the note of its row and OUT/runs/NAME-CONDITION/solve.log".into(),
        );
    }
    Ok(())
}

/// One line per run on standard error.
fn progress_line(r: &Row) -> String {
    let mut line = format!("{} wall {:.1} s, CPU {:.1} s", r.status, r.wall, r.cpu);
    if let Some(busy) = r.busy_cpu {
        line += &format!(" (busy processes: {busy:.1} s CPU)");
    }
    for l in &r.levels {
        line += &format!(
            "; {} {} {}",
            l.name,
            l.status,
            l.objective.map_or_else(|| "-".into(), |v| format!("{v}"))
        );
    }
    if let Some(u) = r.uncovered {
        line += &format!("; empty required seats {u}");
    }
    if let Some(b) = &r.busiest {
        line += &format!("; busiest MCS volunteer {} ({} duties)", b.id, b.duties);
    }
    if !r.note.is_empty() {
        line += &format!("\n  {}", r.note);
    }
    line
}

/// Solves one instance in one condition into `dir` and fills `row`.
fn run_one(
    binary: &Path,
    instance: &Path,
    dir: &Path,
    options: &Options,
    row: &mut Row,
    header: &mut Header,
) -> Result<(), String> {
    // An earlier run's files must not be read as this run's, nor archived by gardes
    // (it moves an earlier roster aside): the folder is ours, start empty.
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut cmd = Command::new(binary);
    cmd.args([
        "solve".as_ref(),
        instance.as_os_str(),
        "-o".as_ref(),
        dir.as_os_str(),
    ])
    .args(["--time-limit", &options.time_limit.to_string()])
    .args(["--threads", &options.threads.to_string()])
    // A fixed DTSTAMP: the files of two runs compare; HiGHS's log goes to solve.log.
    .args(["--now", "2027-01-01T00:00:00Z", "--verbose", "--quiet"])
    .args(&options.solve_args);
    // Nobody would read its files: it goes with this task, as the busy processes do.
    die_with_parent(&mut cmd);
    let busy = match row.condition {
        Condition::Quiet => None,
        Condition::Loaded => Some(Busy::start(options.busy)?),
    };
    let measured = measure::run(cmd, &dir.join("solve.log"));
    // Stopped as soon as the solve ends, whatever its outcome (and by `Drop` should
    // anything above have returned early).
    row.busy_cpu = busy.map(Busy::stop);
    let measured = measured?;
    row.wall = measured.wall;
    row.cpu = measured.cpu_seconds;
    if measured.exit_code != Some(0) {
        let how = match (measured.exit_code, measured.signal) {
            (Some(code), _) => format!("exit code {code}"),
            (None, Some(signal)) => format!("signal {signal}"),
            (None, None) => "unknown end".into(),
        };
        return Err(format!(
            "gardes solve: {how}: {}",
            measured.stderr_tail.join(" / ")
        ));
    }
    let summary: Value = std::fs::read_to_string(dir.join("summary.json"))
        .map_err(|e| format!("summary.json: {e}"))
        .and_then(|t| serde_json::from_str(&t).map_err(|e| format!("summary.json: {e}")))?;
    row.read_summary(&summary);
    if header.solver.is_none() {
        header.solver = summary
            .pointer("/options/solver")
            .and_then(Value::as_str)
            .map(str::to_string);
    }
    let toml =
        std::fs::read_to_string(instance).map_err(|e| format!("{}: {e}", instance.display()))?;
    let assignments = std::fs::read_to_string(dir.join("assignments.csv"))
        .map_err(|e| format!("assignments.csv: {e}"))?;
    row.busiest = mcs::busiest_volunteer(&assignments, &mcs::mcs_posts(&toml))?;
    Ok(())
}

/// The busy processes of a loaded run: children of this process, killed and reaped by
/// [`Busy::stop`], or by `Drop` on any early return or panic. On Linux each also dies
/// with this process (`PR_SET_PDEATHSIG`), should it be killed itself.
struct Busy {
    children: Vec<Child>,
}

impl Busy {
    fn start(count: u32) -> Result<Busy, String> {
        let mut busy = Busy {
            children: Vec::new(),
        };
        for _ in 0..count {
            let mut cmd = Command::new("sh");
            cmd.args(["-c", BUSY_SCRIPT])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            die_with_parent(&mut cmd);
            // On an error, `busy` drops here and kills those already started.
            let child = cmd
                .spawn()
                .map_err(|e| format!("cannot start a busy process (sh): {e}"))?;
            busy.children.push(child);
        }
        Ok(busy)
    }

    /// Kills and reaps every busy process; returns their CPU seconds together.
    fn stop(mut self) -> f64 {
        let mut cpu = 0.0;
        for mut child in std::mem::take(&mut self.children) {
            let _ = child.kill();
            // Reaped by `wait4` for its CPU time; the handle is then dropped unwaited
            // (dropping neither waits nor kills).
            match measure::wait4(child.id()) {
                Ok((_, usage)) => cpu += measure::cpu_seconds(&usage),
                Err(_) => {
                    let _ = child.wait();
                }
            }
        }
        cpu
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Asks the kernel to kill the child when this process's spawning thread ends.
#[cfg(target_os = "linux")]
fn die_with_parent(cmd: &mut Command) {
    use std::os::unix::process::CommandExt as _;
    // SAFETY: the closure runs in the forked child before exec and only calls prctl,
    // which is async-signal-safe; it allocates nothing and touches no lock.
    unsafe {
        cmd.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent(_cmd: &mut Command) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings;

    #[test]
    fn options_have_defaults_and_read_every_flag() {
        let o = Options::parse(&[]).expect("defaults");
        assert_eq!(o.instances, DEFAULT_INSTANCES);
        assert_eq!(
            (o.time_limit, o.threads, o.busy, o.repeat, o.out.as_str()),
            (60.0, 1, 3, 1, DEFAULT_OUT)
        );
        assert!(!o.no_build && o.solve_args.is_empty());
        let o = Options::parse(&strings(&[
            "--instances",
            "instances/lozere-2027-q1.toml, x/y.toml",
            "--time-limit",
            "10",
            "--threads",
            "2",
            "--busy",
            "1",
            "--repeat",
            "2",
            "--out",
            "o",
            "--no-build",
            "--",
            "--work-limit",
            "1000",
            "--help",
        ]))
        .expect("valid");
        assert_eq!(o.instances, ["instances/lozere-2027-q1.toml", "x/y.toml"]);
        assert_eq!(
            (o.time_limit, o.threads, o.busy, o.repeat, o.out.as_str()),
            (10.0, 2, 1, 2, "o")
        );
        assert!(o.no_build);
        assert_eq!(o.solve_args, ["--work-limit", "1000", "--help"]);
    }

    #[test]
    fn bad_values_and_clashing_options_are_refused() {
        for args in [
            &["--threads", "0"][..],
            &["--repeat", "0"],
            &["--busy", "-1"],
            &["--time-limit", "0"],
            &["--instances", ","],
        ] {
            let e = Options::parse(&strings(args)).expect_err("invalid");
            assert!(e.contains("is not valid"), "{e}");
        }
        assert!(Options::parse(&strings(&["--busy"]))
            .expect_err("no value")
            .contains("--busy needs a value"));
        assert!(Options::parse(&strings(&["--frobnicate"]))
            .expect_err("unknown")
            .contains("unknown argument `--frobnicate`"));
        let e = Options::parse(&strings(&["--", "--time-limit=5"])).expect_err("clash");
        assert!(e.contains("`--time-limit=5` after `--`"), "{e}");
        let e =
            Options::parse(&strings(&["--instances", "a/x.toml,b/x.toml"])).expect_err("same name");
        assert!(e.contains("two instances named `x`"), "{e}");
        assert_eq!(
            Options::parse(&strings(&["--busy", "0"])).map(|o| o.busy),
            Ok(0)
        );
    }

    #[test]
    fn run_folders_are_named_after_instance_and_condition() {
        assert_eq!(stem("instances/lozere-2027-q1.toml"), "lozere-2027-q1");
        assert_eq!(
            run_folder("lozere-2027-q1", Condition::Loaded, 1, 1),
            "lozere-2027-q1-loaded"
        );
        assert_eq!(
            run_folder("lozere-2027-q1", Condition::Quiet, 2, 3),
            "lozere-2027-q1-quiet-2"
        );
    }

    #[test]
    fn busy_processes_burn_cpu_and_are_reaped() {
        let busy = Busy::start(1).expect("sh starts");
        let pid = busy.children[0].id();
        std::thread::sleep(std::time::Duration::from_millis(300));
        let cpu = busy.stop();
        assert!(cpu > 0.05, "the busy loop got {cpu} s of CPU");
        assert!(
            !Path::new(&format!("/proc/{pid}")).exists(),
            "the busy process {pid} is gone"
        );
        // Dropped without `stop`: killed all the same.
        let busy = Busy::start(2).expect("sh starts");
        let pids: Vec<u32> = busy.children.iter().map(Child::id).collect();
        drop(busy);
        for pid in pids {
            assert!(!Path::new(&format!("/proc/{pid}")).exists(), "{pid}");
        }
    }
}
