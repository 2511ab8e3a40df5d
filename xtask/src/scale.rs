//! `cargo xtask scale`: how solve time and memory grow with the size of an instance.
//!
//! For each size (practitioners × posts × days) it writes the synthetic instance of
//! `gen-scale` ([`gen`]), runs `target/release/gardes solve` on it as a child process,
//! one at a time, and measures the wall time, the child's peak resident memory and CPU
//! time (`wait4`, [`measure`]), and when its log lines arrived; it reads the status, the
//! empty seats, the gap, the model size and the solver's own times from `summary.json`,
//! and writes `OUT/scale.csv` and `OUT/scale.md` after every size (docs/scale.md).
//!
//! The time split: *build* is the time to the first line of HiGHS's log (`-v`): reading
//! and validating the file, expanding the duties, building the model and the greedy
//! start, handing the model to HiGHS; *solve* is `summary.json`'s `wall_seconds`, the
//! solver stages under `--time-limit`; *after* is the time from the last log line to the
//! exit: reading the roster, the checks, the swap search on wishes, the what-if hints
//! (their solves are silent), the reasons of empty seats and the files.
//!
//! `--instances` measures given instance files instead (the bundled year of the volunteer
//! network, `instances/reseau-2027.toml`), and `--engines` solves each one with each
//! engine in turn, side by side in one run; every row then also lists each level's
//! status and gap, which is what a run proves.

pub(crate) mod gen;
pub(crate) mod measure;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::territory::calendar::Date;
use crate::{bench, setup, TaskResult};

use gen::{parse_date, Params, Size};

/// The default sizes: a diagonal (everything grows), then practitioners 50/100/150 at a
/// year and days 91/182/365 at 150 practitioners, posts at five practitioners each.
const DEFAULT_SIZES: &str =
    "50x10x91,100x20x182,150x30x91,150x30x182,50x10x365,100x20x365,150x30x365";
const DEFAULT_OUT: &str = "target/scale";

pub(crate) const USAGE: &str = "\
cargo xtask scale [OPTIONS]

Builds target/release/gardes, then for each size writes the synthetic instance of
`gen-scale`, solves it (one child process at a time) and measures wall time, peak
memory and CPU; writes OUT/scale.csv, OUT/scale.md, OUT/instances/ and OUT/runs/SIZE/
(the solve's files and its timed log). See docs/scale.md.

Options:
  --sizes LIST           PRACTITIONERSxPOSTSxDAYS, comma-separated (default
                         50x10x91,100x20x182,150x30x91,150x30x182,50x10x365,
                         100x20x365,150x30x365)
  --time-limit SECONDS   gardes solve --time-limit (default 120)
  --threads N            HiGHS threads (default 2)
  --seed N               the instances' seed (default 1)
  --first YYYY-MM-DD     first date of every instance (default 2027-01-01)
  --out DIR              output folder (default target/scale)
  --no-build             run target/release/gardes as it is, without `cargo build`
  --instances LIST       instance files, comma-separated, measured instead of the
                         synthetic sizes (e.g. instances/reseau-2027.toml)
  --engines LIST         gardes solve --engine for each run, comma-separated
                         (auto, compact, decomposition; default: gardes' default)
Relative paths are from the workspace root.
";

/// What `cargo xtask scale` was asked.
#[derive(Debug, PartialEq)]
struct Options {
    sizes: Vec<Size>,
    time_limit: f64,
    threads: u32,
    seed: u64,
    first: Date,
    out: String,
    no_build: bool,
    /// Instance files measured instead of the sizes.
    instances: Vec<String>,
    /// `--engine` of each run; empty: gardes' default, once.
    engines: Vec<String>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options {
            sizes: parse_sizes(DEFAULT_SIZES)?,
            time_limit: 120.0,
            threads: 2,
            seed: gen::DEFAULT_SEED,
            first: parse_date(gen::DEFAULT_FIRST)?,
            out: DEFAULT_OUT.to_string(),
            no_build: false,
            instances: Vec::new(),
            engines: Vec::new(),
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut value = || {
                it.next()
                    .cloned()
                    .ok_or_else(|| format!("scale: {arg} needs a value\n\n{USAGE}"))
            };
            let bad = |v: &str| format!("scale: {arg}: `{v}` is not valid");
            match arg.as_str() {
                "--sizes" => options.sizes = parse_sizes(&value()?)?,
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
                "--seed" => {
                    let v = value()?;
                    options.seed = v.parse().map_err(|_| bad(&v))?;
                }
                "--first" => options.first = parse_date(&value()?)?,
                "--out" => options.out = value()?,
                "--no-build" => options.no_build = true,
                "--instances" => options.instances = list(&value()?),
                "--engines" => {
                    let v = value()?;
                    options.engines = list(&v);
                    if options.engines.is_empty()
                        || options
                            .engines
                            .iter()
                            .any(|e| !["auto", "compact", "decomposition"].contains(&e.as_str()))
                    {
                        return Err(bad(&v));
                    }
                }
                other => return Err(format!("scale: unknown argument `{other}`\n\n{USAGE}")),
            }
        }
        Ok(options)
    }
}

/// A comma-separated list, empty items dropped.
fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_sizes(list: &str) -> Result<Vec<Size>, String> {
    let sizes: Vec<Size> = list
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(Size::parse)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("scale: --sizes: {e}"))?;
    if sizes.is_empty() {
        return Err("scale: --sizes: no size".into());
    }
    Ok(sizes)
}

/// One line of the results.
#[derive(Debug, Default, Clone)]
struct Row {
    size: String,
    practitioners: usize,
    posts: usize,
    days: usize,
    duties: Option<u64>,
    seats: Option<u64>,
    variables: Option<u64>,
    binaries: Option<u64>,
    constraints: Option<u64>,
    nonzeros: Option<u64>,
    /// `summary.json`'s status, or `error`.
    status: String,
    /// The first level's status and gap (coverage and fairness).
    first_level: Option<String>,
    first_gap: Option<f64>,
    uncovered: Option<u64>,
    gap: Option<f64>,
    wall: f64,
    build: Option<f64>,
    solve: Option<f64>,
    /// HiGHS's presolve, summed over the MIP stages it reported (its log's
    /// `(Presolve)` lines); part of `solve`.
    presolve: Option<f64>,
    after: Option<f64>,
    time_to_best: Option<f64>,
    cpu: f64,
    rss_build_mib: Option<f64>,
    peak_rss_mib: f64,
    /// Each level's name, status and gap (`coverage time_limit 1.2 %`), `; `-joined.
    levels: String,
    note: String,
}

const CSV_HEADER: [&str; 27] = [
    "size",
    "practitioners",
    "posts",
    "days",
    "duties",
    "seats",
    "variables",
    "binaries",
    "constraints",
    "nonzeros",
    "status",
    "first_level_status",
    "first_level_gap",
    "uncovered",
    "gap",
    "wall_seconds",
    "build_seconds",
    "solve_seconds",
    "presolve_seconds",
    "after_seconds",
    "over_limit_seconds",
    "time_to_best_seconds",
    "cpu_seconds",
    "rss_after_build_mib",
    "peak_rss_mib",
    "levels",
    "note",
];

/// Runs `scale` with its command-line arguments.
pub(crate) fn run(root: &Path, args: &[String]) -> TaskResult {
    if crate::asks_for_help(args) {
        print!("{USAGE}");
        return Ok(());
    }
    let options = Options::parse(args)?;
    if !options.no_build {
        setup::ensure_build_tools()?;
    }
    let binary = bench::release_gardes(root, options.no_build)?;
    let out = root.join(&options.out);
    std::fs::create_dir_all(out.join("instances"))?;
    std::fs::create_dir_all(out.join("runs"))?;
    let header = Header {
        date: utc_now(),
        machine: machine(),
        load: std::fs::read_to_string("/proc/loadavg")
            .ok()
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")),
        command: std::iter::once("cargo xtask scale".to_string())
            .chain(args.iter().cloned())
            .collect::<Vec<_>>()
            .join(" "),
        time_limit: options.time_limit,
        threads: options.threads,
        seed: options.seed,
        solver: None,
    };
    let mut header = header;
    let mut rows = Vec::new();
    eprintln!(
        "{:<12} {:>8} {:>9} {:>12} {:>9} {:>8} {:>8} {:>8} {:>8} {:>9}",
        "size",
        "duties",
        "binaries",
        "status",
        "uncovered",
        "build",
        "solve",
        "after",
        "wall",
        "peak MiB"
    );
    let engines: Vec<Option<&str>> = if options.engines.is_empty() {
        vec![None]
    } else {
        options.engines.iter().map(|e| Some(e.as_str())).collect()
    };
    let mut jobs: Vec<Job> = Vec::new();
    if options.instances.is_empty() {
        for &size in &options.sizes {
            jobs.push(Job::Size(Params {
                size,
                first: options.first,
                seed: options.seed,
            }));
        }
    } else {
        for path in &options.instances {
            jobs.push(Job::File(root.join(path)));
        }
    }
    for job in &jobs {
        for &engine in &engines {
            let row = run_job(&binary, &out, job, engine, &options, &mut header);
            eprintln!(
                "{:<12} {:>8} {:>9} {:>12} {:>9} {:>8} {:>8} {:>8} {:>8.1} {:>9.0}",
                row.size,
                opt(row.duties),
                opt(row.binaries),
                row.status,
                opt(row.uncovered),
                secs(row.build),
                secs(row.solve),
                secs(row.after),
                row.wall,
                row.peak_rss_mib,
            );
            if !row.levels.is_empty() {
                eprintln!("  {}", row.levels);
            }
            if !row.note.is_empty() {
                eprintln!("  {}", row.note);
            }
            rows.push(row);
            write_atomic(&out.join("scale.csv"), &csv(&rows, options.time_limit))?;
            write_atomic(&out.join("scale.md"), &markdown(&header, &rows))?;
        }
    }
    eprintln!(
        "wrote {} and {}",
        out.join("scale.csv").display(),
        out.join("scale.md").display()
    );
    if rows.iter().any(|r| r.status == "error") {
        return Err("a solve failed: see the note of its row and OUT/runs/SIZE/solve.log".into());
    }
    Ok(())
}

fn opt(v: Option<u64>) -> String {
    v.map_or_else(|| "-".into(), |v| v.to_string())
}

fn secs(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.1}"))
}

/// What one row measures: a synthetic size, or an instance file.
enum Job {
    Size(Params),
    File(PathBuf),
}

/// Generates (for a size), solves and measures one instance with one engine; a failure
/// becomes an `error` row.
fn run_job(
    binary: &Path,
    out: &Path,
    job: &Job,
    engine: Option<&str>,
    options: &Options,
    header: &mut Header,
) -> Row {
    let mut row = Row {
        status: "error".into(),
        ..Row::default()
    };
    let (name, instance, written) = match job {
        Job::Size(params) => {
            let size = params.size;
            row.practitioners = size.practitioners;
            row.posts = size.posts;
            row.days = size.days;
            let name = size.name();
            let instance = out.join("instances").join(format!("{name}.toml"));
            let written = std::fs::write(&instance, gen::generate(*params).toml)
                .map_err(|e| format!("cannot write {}: {e}", instance.display()));
            (name, instance, written)
        }
        Job::File(path) => {
            let name = path
                .file_stem()
                .map_or_else(|| "instance".into(), |s| s.to_string_lossy().into_owned());
            (name, path.clone(), Ok(()))
        }
    };
    let name = match engine {
        Some(engine) => format!("{name}-{engine}"),
        None => name,
    };
    row.size = name.clone();
    let dir = out.join("runs").join(&name);
    let written = written.and_then(|()| {
        // An earlier run's files must not be read as this run's, nor archived by
        // gardes (it moves an earlier roster aside): the folder is ours, start empty.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))
    });
    if let Err(e) = written {
        row.note = e;
        return row;
    }
    let mut cmd = Command::new(binary);
    cmd.args([
        "solve".as_ref(),
        instance.as_os_str(),
        "-o".as_ref(),
        dir.as_os_str(),
    ])
    .args(["--time-limit", &options.time_limit.to_string()])
    .args(["--threads", &options.threads.to_string()])
    // A fixed DTSTAMP: the files of two runs compare.
    .args(["--now", "2027-01-01T00:00:00Z", "--verbose", "--quiet"]);
    if let Some(engine) = engine {
        cmd.args(["--engine", engine]);
    }
    let measured = match measure::run(cmd, &dir.join("solve.log")) {
        Ok(m) => m,
        Err(e) => {
            row.note = e;
            return row;
        }
    };
    row.wall = measured.wall;
    row.cpu = measured.cpu_seconds;
    row.peak_rss_mib = measured.peak_rss_kib as f64 / 1024.0;
    row.rss_build_mib = measured
        .rss_before_first_line_kib
        .map(|k| k as f64 / 1024.0);
    row.build = measured.first_line;
    row.presolve = presolve_seconds(&measured.output);
    row.after = measured.last_line.map(|t| (measured.wall - t).max(0.0));
    if measured.exit_code != Some(0) {
        let how = match (measured.exit_code, measured.signal) {
            (Some(code), _) => format!("exit code {code}"),
            (None, Some(signal)) => format!("signal {signal}"),
            (None, None) => "unknown end".into(),
        };
        row.note = format!("gardes solve: {how}: {}", measured.stderr_tail.join(" / "));
        return row;
    }
    let summary = std::fs::read_to_string(dir.join("summary.json"))
        .map_err(|e| format!("summary.json: {e}"))
        .and_then(|t| serde_json::from_str::<Value>(&t).map_err(|e| format!("summary.json: {e}")));
    let summary = match summary {
        Ok(s) => s,
        Err(e) => {
            row.note = e;
            return row;
        }
    };
    let u = |path: &str| summary.pointer(path).and_then(Value::as_u64);
    let f = |path: &str| summary.pointer(path).and_then(Value::as_f64);
    row.status = summary
        .pointer("/status")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string();
    row.duties = u("/coverage/duties");
    row.seats = u("/coverage/seats");
    row.uncovered = u("/uncovered");
    row.variables = u("/model/variables");
    row.binaries = u("/model/binaries");
    row.constraints = u("/model/constraints");
    row.nonzeros = u("/model/nonzeros");
    row.gap = f("/gap");
    row.first_level = summary
        .pointer("/levels/0/status")
        .and_then(Value::as_str)
        .map(str::to_string);
    row.first_gap = f("/levels/0/gap");
    row.solve = f("/wall_seconds");
    row.time_to_best = f("/time_to_best");
    row.levels = levels(&summary);
    if header.solver.is_none() {
        header.solver = summary
            .pointer("/options/solver")
            .and_then(Value::as_str)
            .map(str::to_string);
    }
    row
}

/// Each level's name, status and gap from `summary.json`: what the run proves.
fn levels(summary: &Value) -> String {
    let Some(levels) = summary.pointer("/levels").and_then(Value::as_array) else {
        return String::new();
    };
    levels
        .iter()
        .map(|l| {
            let name = l.get("name").and_then(Value::as_str).unwrap_or("?");
            let status = l.get("status").and_then(Value::as_str).unwrap_or("?");
            let gap = l
                .get("gap")
                .and_then(Value::as_f64)
                .map_or_else(|| "—".into(), |g| format!("{} %", fr(100.0 * g, 2)));
            format!("{name} {status} {gap}")
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// What the Markdown table is headed with.
struct Header {
    date: String,
    machine: String,
    load: Option<String>,
    command: String,
    time_limit: f64,
    threads: u32,
    seed: u64,
    solver: Option<String>,
}

fn over_limit(row: &Row, limit: f64) -> f64 {
    (row.wall - limit).max(0.0)
}

fn csv(rows: &[Row], limit: f64) -> String {
    let mut out = CSV_HEADER.join(",") + "\n";
    let n = |v: Option<u64>| v.map_or_else(String::new, |v| v.to_string());
    let x = |v: Option<f64>, digits: usize| v.map_or_else(String::new, |v| format!("{v:.digits$}"));
    for r in rows {
        let cells = [
            r.size.clone(),
            r.practitioners.to_string(),
            r.posts.to_string(),
            r.days.to_string(),
            n(r.duties),
            n(r.seats),
            n(r.variables),
            n(r.binaries),
            n(r.constraints),
            n(r.nonzeros),
            r.status.clone(),
            r.first_level.clone().unwrap_or_default(),
            x(r.first_gap, 6),
            n(r.uncovered),
            x(r.gap, 6),
            format!("{:.3}", r.wall),
            x(r.build, 3),
            x(r.solve, 3),
            x(r.presolve, 3),
            x(r.after, 3),
            format!("{:.3}", over_limit(r, limit)),
            x(r.time_to_best, 3),
            format!("{:.3}", r.cpu),
            x(r.rss_build_mib, 1),
            format!("{:.1}", r.peak_rss_mib),
            csv_cell(&r.levels),
            csv_cell(&r.note),
        ];
        out += &cells.join(",");
        out.push('\n');
    }
    out
}

/// A CSV cell, quoted when it needs to be (RFC 4180).
pub(crate) fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A number with a decimal comma, French style.
pub(crate) fn fr(v: f64, digits: usize) -> String {
    format!("{v:.digits$}").replace('.', ",")
}

fn markdown(h: &Header, rows: &[Row]) -> String {
    let mut w = String::from("# Passage à l'échelle\n\n");
    let _ = writeln!(w, "- Date : {}", h.date);
    let _ = writeln!(w, "- Machine : {}", h.machine);
    if let Some(load) = &h.load {
        let _ = writeln!(
            w,
            "- Charge moyenne au départ (1, 5, 15 min) : {load} (machine partagée : d'autres compilations peuvent tourner en même temps)"
        );
    }
    let _ = writeln!(
        w,
        "- Solveur : {}",
        h.solver.as_deref().unwrap_or("inconnu")
    );
    let _ = writeln!(
        w,
        "- Limite de temps : {} s par instance ; threads : {} ; graine des instances : {}",
        fr(h.time_limit, 0),
        h.threads,
        h.seed
    );
    let _ = writeln!(w, "- Commande : `{}`", h.command);
    w += "- Taille : praticiens × postes × jours, instances PDSA synthétiques de `cargo xtask gen-scale` (docs/scale.md), ou le nom du fichier d'instance (`--instances`) ; suivi du moteur quand `--engines` est donné.\n";
    w += "- Niveaux : pour chaque niveau de l'objectif, son statut et l'écart entre la valeur trouvée et la meilleure borne prouvée (0 % : optimum prouvé).\n";
    w += "- Construction : jusqu'à la première ligne du journal de HiGHS (lecture, dates, modèle, tableau glouton) ; \
          résolution : `wall_seconds` de summary.json (les étapes du solveur, sous la limite), dont la présolution de HiGHS (lignes « (Presolve) » de son journal) ; \
          après : de la dernière ligne du journal à la fin (vérifications, échanges pour les souhaits, pistes « et si » quand des places restent vides, raisons des places vides, fichiers).\n";
    w += "- Mémoire : pic de mémoire résidente du processus gardes (`wait4`, ru_maxrss) ; \
          après construction : le plus haut relevé de /proc (toutes les 10 ms les deux premières secondes, puis toutes les 100 ms) avant la première ligne du journal.\n\n";
    w += "| Taille | Gardes | Binaires | Contraintes | Non-zéros | Statut | 1er niveau | Écart 1er niveau | Places vides | Construction (s) | Résolution (s) | dont présolution (s) | Après (s) | Total (s) | Au-delà de la limite (s) | Meilleur à (s) | CPU (s) | Mémoire après construction (Mio) | Pic de mémoire (Mio) | Kio par binaire | Niveaux | Remarque |\n";
    w += "|---|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n";
    let n = |v: Option<u64>| v.map_or_else(|| "—".into(), |v| v.to_string());
    let x = |v: Option<f64>, d: usize| v.map_or_else(|| "—".into(), |v| fr(v, d));
    for r in rows {
        let per_binary = r
            .binaries
            .filter(|&b| b > 0)
            .map(|b| r.peak_rss_mib * 1024.0 / b as f64);
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.size,
            n(r.duties),
            n(r.binaries),
            n(r.constraints),
            n(r.nonzeros),
            r.status,
            r.first_level.as_deref().unwrap_or("—"),
            r.first_gap.map_or_else(|| "—".into(), |g| format!("{} %", fr(100.0 * g, 2))),
            n(r.uncovered),
            x(r.build, 1),
            x(r.solve, 1),
            x(r.presolve, 1),
            x(r.after, 1),
            fr(r.wall, 1),
            fr(over_limit(r, h.time_limit), 1),
            x(r.time_to_best, 1),
            fr(r.cpu, 1),
            x(r.rss_build_mib, 0),
            fr(r.peak_rss_mib, 0),
            x(per_binary, 1),
            if r.levels.is_empty() { "—" } else { &r.levels },
            r.note.replace('|', "/"),
        );
    }
    w += &growth(rows);
    w
}

/// Exponents k of y ∝ x^k between the smallest and the largest size of each series that
/// varies one dimension (practitioners and posts together, or days).
fn growth(rows: &[Row]) -> String {
    let ok: Vec<&Row> = rows.iter().filter(|r| r.status != "error").collect();
    let mut series: Vec<(String, &Row, &Row, f64)> = Vec::new();
    let mut days: Vec<usize> = ok.iter().map(|r| r.days).collect();
    days.sort_unstable();
    days.dedup();
    for d in days {
        let mut same: Vec<&&Row> = ok.iter().filter(|r| r.days == d).collect();
        same.sort_by_key(|r| r.practitioners);
        if let (Some(a), Some(b)) = (same.first(), same.last()) {
            if a.practitioners < b.practitioners {
                let x = b.practitioners as f64 / a.practitioners as f64;
                series.push((
                    format!(
                        "praticiens {}→{}, {d} jours",
                        a.practitioners, b.practitioners
                    ),
                    a,
                    b,
                    x,
                ));
            }
        }
    }
    let mut staff: Vec<(usize, usize)> = ok.iter().map(|r| (r.practitioners, r.posts)).collect();
    staff.sort_unstable();
    staff.dedup();
    for (p, s) in staff {
        let mut same: Vec<&&Row> = ok
            .iter()
            .filter(|r| (r.practitioners, r.posts) == (p, s))
            .collect();
        same.sort_by_key(|r| r.days);
        if let (Some(a), Some(b)) = (same.first(), same.last()) {
            if a.days < b.days {
                let x = b.days as f64 / a.days as f64;
                series.push((
                    format!("jours {}→{}, {p} praticiens", a.days, b.days),
                    a,
                    b,
                    x,
                ));
            }
        }
    }
    if series.is_empty() {
        return String::new();
    }
    let mut w = String::from(
        "\nCroissance : exposant k de y ∝ x^k entre la plus petite et la plus grande taille de chaque série \
         (1 : linéaire ; 2 : quadratique).\n\n\
         | Série | Binaires | Construction | Présolution | Après | Pic de mémoire | Total |\n|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for (label, a, b, x) in series {
        let k = |ya: Option<f64>, yb: Option<f64>| match (ya, yb) {
            (Some(ya), Some(yb)) if ya > 0.0 && yb > 0.0 => fr((yb / ya).ln() / x.ln(), 2),
            _ => "—".into(),
        };
        let _ = writeln!(
            w,
            "| {label} | {} | {} | {} | {} | {} | {} |",
            k(a.binaries.map(|v| v as f64), b.binaries.map(|v| v as f64)),
            k(a.build, b.build),
            k(a.presolve, b.presolve),
            k(a.after, b.after),
            k(Some(a.peak_rss_mib), Some(b.peak_rss_mib)),
            k(Some(a.wall), Some(b.wall)),
        );
    }
    w
}

/// Seconds of HiGHS's presolve in its log: the number before `(Presolve)` in each
/// solving report, summed over the stages.
fn presolve_seconds(log: &[String]) -> Option<f64> {
    let times: Vec<f64> = log
        .iter()
        .filter_map(|l| l.trim().strip_suffix("(Presolve)"))
        .filter_map(|l| l.trim().parse::<f64>().ok())
        .collect();
    (!times.is_empty()).then(|| times.iter().sum())
}

/// Writes through a temporary file in the same folder and a rename, so that a reader
/// never sees half a table.
pub(crate) fn write_atomic(path: &Path, text: &str) -> TaskResult {
    let tmp: PathBuf = path.with_extension("tmp");
    std::fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(())
}

/// `2027-01-01 12:34 UTC`, from the system clock.
pub(crate) fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let date = Date(secs.div_euclid(86_400));
    let rest = secs.rem_euclid(86_400);
    format!("{date} {:02}:{:02} UTC", rest / 3600, rest % 3600 / 60)
}

/// The processor, logical processors and memory, from `/proc` (French).
pub(crate) fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "processeur inconnu".into());
    let logical = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map_or_else(
            || "mémoire inconnue".into(),
            |kib| format!("{} Gio de mémoire", fr(kib / 1024.0 / 1024.0, 1)),
        );
    format!("{cpu}, {logical} processeurs logiques, {memory}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings;

    #[test]
    fn options_have_defaults_and_read_every_flag() {
        let o = Options::parse(&[]).expect("defaults");
        assert_eq!(o.sizes.len(), 7);
        assert_eq!(
            (o.time_limit, o.threads, o.out.as_str()),
            (120.0, 2, DEFAULT_OUT)
        );
        let o = Options::parse(&strings(&[
            "--sizes",
            "50x10x91,60x12x30",
            "--time-limit",
            "60",
            "--threads",
            "1",
            "--out",
            "x",
            "--no-build",
        ]))
        .expect("valid");
        assert_eq!(o.sizes[1].name(), "60x12x30");
        assert_eq!(
            (o.time_limit, o.threads, o.out.as_str(), o.no_build),
            (60.0, 1, "x", true)
        );
        assert!(Options::parse(&strings(&["--sizes", "10x10x10"])).is_err());
        let o = Options::parse(&strings(&[
            "--instances",
            "instances/reseau-2027.toml,",
            "--engines",
            "compact, decomposition",
        ]))
        .expect("valid");
        assert_eq!(o.instances, ["instances/reseau-2027.toml"]);
        assert_eq!(o.engines, ["compact", "decomposition"]);
        assert!(Options::parse(&strings(&["--engines", "simplex"])).is_err());
        assert!(Options::parse(&strings(&["--engines", ","])).is_err());
        assert!(Options::parse(&strings(&["--threads", "0"])).is_err());
        assert!(Options::parse(&strings(&["--frobnicate"]))
            .expect_err("unknown")
            .contains("unknown argument"));
    }

    fn row(p: usize, s: usize, d: usize, binaries: u64, rss: f64, wall: f64) -> Row {
        Row {
            size: format!("{p}x{s}x{d}"),
            practitioners: p,
            posts: s,
            days: d,
            binaries: Some(binaries),
            status: "time_limit".into(),
            wall,
            build: Some(wall / 10.0),
            after: Some(wall / 20.0),
            peak_rss_mib: rss,
            ..Row::default()
        }
    }

    #[test]
    fn growth_exponents_come_from_the_ends_of_each_series() {
        let rows = [
            row(50, 10, 365, 1000, 100.0, 10.0),
            row(100, 20, 365, 4000, 200.0, 20.0),
            row(100, 20, 91, 1000, 50.0, 5.0),
        ];
        let text = growth(&rows);
        // Binaries ×4 for practitioners ×2: k = 2; memory ×2: k = 1.
        assert!(
            text.contains(
                "| praticiens 50→100, 365 jours | 2,00 | 1,00 | — | 1,00 | 1,00 | 1,00 |"
            ),
            "{text}"
        );
        // Days 91 → 365 at 100 practitioners: x = 4.01, binaries ×4.
        assert!(
            text.contains("| jours 91→365, 100 praticiens | 1,00 |"),
            "{text}"
        );
    }

    #[test]
    fn tables_carry_every_row_and_the_header() {
        let mut failed = row(50, 10, 91, 0, 12.0, 1.0);
        failed.status = "error".into();
        failed.binaries = None;
        failed.note = "gardes solve: exit code 1: a, b".into();
        let rows = [row(50, 10, 365, 1000, 100.0, 130.0), failed];
        let csv = csv(&rows, 120.0);
        assert_eq!(csv.lines().count(), 3);
        assert!(
            csv.ends_with(",\"gardes solve: exit code 1: a, b\"\n"),
            "{csv}"
        );
        let h = Header {
            date: "d".into(),
            machine: "m".into(),
            load: Some("1.00 0.50 0.25".into()),
            command: "cargo xtask scale".into(),
            time_limit: 120.0,
            threads: 2,
            seed: 1,
            solver: Some("HiGHS 1.16.0".into()),
        };
        let md = markdown(&h, &rows);
        assert!(md.contains("| 50x10x365 | — | 1000 |"), "{md}");
        assert!(
            md.contains("| 130,0 | 10,0 |"),
            "over the limit by 10 s: {md}"
        );
        assert!(md.contains("machine partagée"));
    }

    #[test]
    fn levels_say_each_status_and_gap() {
        let summary: Value = serde_json::from_str(
            r#"{"levels": [{"name": "coverage", "status": "optimal", "gap": 0.0},
                           {"name": "preferences", "status": "time_limit", "gap": 0.0123},
                           {"name": "fairness", "status": "time_limit", "gap": null}]}"#,
        )
        .expect("json");
        assert_eq!(
            levels(&summary),
            "coverage optimal 0,00 % ; preferences time_limit 1,23 % ; fairness time_limit —"
        );
        assert_eq!(levels(&Value::Null), "");
    }

    #[test]
    fn presolve_times_are_summed_from_the_log() {
        let log: Vec<String> = [
            "  Timing            45.04",
            "                    9.13 (Presolve)",
            "Presolving model",
            "                    0.50 (Presolve)",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(presolve_seconds(&log), Some(9.63));
        assert_eq!(presolve_seconds(&log[..1]), None);
    }
}
