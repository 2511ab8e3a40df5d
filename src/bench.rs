//! The Curtois & Qu benchmark run behind `gardes bench curtois`: each chosen instance
//! is read, imported into a gardes instance, planned once per engine, and each roster
//! re-scored by the benchmark's own evaluator ([`crate::curtois::penalty()`]), which
//! shares no code with the model nor with gardes' checker. A row is *confirmed* when
//! that evaluator finds no hard violation and the same penalty as the checker.
//!
//! The results go to `curtois.csv` (a machine contract, English header [`CSV_HEADER`],
//! one row per instance and engine) and `curtois.md` (a French [`Table`] with the run's
//! conditions, one line per instance, the engines side by side), each rewritten
//! atomically after every run so that an interrupted run keeps what it measured; each
//! roster goes under `rosters/ENGINE/` so that a result can be re-checked by hand. The
//! anchors' CSVs (the reference scripts' results, [`read_anchor`]) are read before any
//! solve, shown in the table and copied to `anchors.csv` ([`ANCHOR_CSV_HEADER`]).
//!
//! This module prints nothing and reads no calendar clock: [`curtois()`] hands each
//! instance's runs to a callback as soon as they are known, and the caller supplies the
//! run's date. It times each run with a monotonic clock, as `solve` does.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;

use crate::curtois::{self, CurtoisInstance, Penalty};
use crate::instance::Instance;
use crate::labels::bench as words;
use crate::plan::{self, PlanError};
use crate::solve::{self, SolveError, SolveOptions, SolveOutcome, Status};

mod anchors;

use anchors::read_anchors;
pub use anchors::{anchors_csv, parse_anchor, read_anchor, Anchor, AnchorFigures};

/// Header of `curtois.csv`, one row per instance and engine.
pub const CSV_HEADER: [&str; 21] = [
    "instance",
    "engine",
    "days",
    "staff",
    "shift_types",
    "status",
    "objective",
    "best_bound",
    "gap_percent",
    "wall_seconds",
    "time_to_best_seconds",
    "best_known",
    "lower_bound",
    "objective_over_best_known",
    "confirmed",
    "independent_penalty",
    "dw_rounds",
    "dw_columns",
    "dw_converged",
    "dw_seconds",
    "note",
];

/// Header of `anchors.csv`, one row per chosen instance and anchor that has it.
pub const ANCHOR_CSV_HEADER: [&str; 7] = [
    "instance",
    "anchor",
    "status",
    "objective",
    "best_bound",
    "gap_percent",
    "wall_seconds",
];

/// What to run and where to write.
#[derive(Clone, Debug)]
pub struct BenchOptions {
    /// The benchmark directory: `InstanceN.txt` and `bounds.csv`.
    pub dir: PathBuf,
    /// Instance numbers, in run order.
    pub instances: Vec<u32>,
    /// HiGHS options for every instance (its `engine` is replaced by each of `engines`).
    pub solve: SolveOptions,
    /// The engines run on each instance, side by side, each with the whole time limit.
    pub engines: Vec<solve::Engine>,
    /// The anchors' CSVs (`anchors/highs_curtois.py`, `anchors/cpsat_curtois.py`), shown
    /// beside the engines; each named by its file stem.
    pub anchors: Vec<PathBuf>,
    /// Output directory (created if missing).
    pub out: PathBuf,
    /// The date of day 0 in the imported instances, a Monday
    /// ([`curtois::import::default_start`] unless there is a reason to change it).
    pub first: NaiveDate,
}

/// The engine's name in the CSV and in the rosters' folder: `compact`, `decomposition`,
/// `auto`.
pub fn engine_name(engine: solve::Engine) -> &'static str {
    match engine {
        solve::Engine::Compact => "compact",
        solve::Engine::Decomposition => "decomposition",
        solve::Engine::Auto => "auto",
    }
}

/// The run's conditions, written at the head of `curtois.md`.
#[derive(Clone, Debug)]
pub struct RunInfo {
    /// When the run started, as the caller wants it shown (`2026-11-24 19:52 UTC`).
    pub date: String,
    /// The command line, as typed.
    pub command: String,
    /// The machine.
    pub machine: Machine,
}

/// The machine a run happened on, from `/proc` (each field `None` when unknown).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Machine {
    /// The processor's model name.
    pub cpu: Option<String>,
    /// Logical processors.
    pub logical_cpus: Option<usize>,
    /// Total memory in KiB.
    pub memory_kib: Option<u64>,
}

impl Machine {
    /// Reads `/proc/cpuinfo` and `/proc/meminfo`; fields stay `None` where they cannot
    /// be read (another operating system).
    pub fn detect() -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        Self::from_proc(&cpuinfo, &meminfo)
    }

    /// The machine described by the texts of `/proc/cpuinfo` and `/proc/meminfo`.
    pub fn from_proc(cpuinfo: &str, meminfo: &str) -> Self {
        let field = |line: &str, key: &str| {
            let (k, v) = line.split_once(':')?;
            (k.trim() == key).then(|| v.trim().to_string())
        };
        let cpu = cpuinfo.lines().find_map(|l| field(l, "model name"));
        let logical = cpuinfo
            .lines()
            .filter(|l| field(l, "processor").is_some())
            .count();
        let memory_kib = meminfo
            .lines()
            .find_map(|l| field(l, "MemTotal"))
            .and_then(|v| v.trim_end_matches("kB").trim().parse().ok());
        Machine {
            cpu,
            logical_cpus: (logical > 0).then_some(logical),
            memory_kib,
        }
    }

    /// One line in French: `Intel(R) Xeon(R) …, 2 processeurs logiques, 7,8 Gio`.
    pub fn describe(&self) -> String {
        let mut parts = vec![self
            .cpu
            .clone()
            .unwrap_or_else(|| words::UNKNOWN_CPU.to_string())];
        if let Some(n) = self.logical_cpus {
            parts.push(words::logical_cpus(n));
        }
        if let Some(kib) = self.memory_kib {
            // Binary gibibytes, with a French decimal comma.
            let gib = format!("{:.1}", kib as f64 / (1024.0 * 1024.0)).replace('.', ",");
            parts.push(words::memory(&gib));
        }
        parts.join(", ")
    }
}

/// The published figures of one instance (`bounds.csv`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    /// Best lower bound found in the literature, if any.
    pub lower_bound: Option<u64>,
    /// Best known penalty, if any.
    pub best_known: Option<u64>,
    /// `yes` when a cited lower bound equals the best known value.
    pub optimal: bool,
}

/// How one instance ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// A roster came out; see [`Solved`].
    Solved(Solved),
    /// No roster within the time limit: a result, not a fault.
    NoRoster {
        /// Seconds spent.
        wall_seconds: f64,
        /// The solver's message, in French.
        message: String,
    },
    /// Anything else failed (unreadable file, import, validation, solver, checker).
    Error {
        /// What failed, in French.
        message: String,
    },
}

/// A roster and its figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Solved {
    /// HiGHS's status.
    pub status: Status,
    /// The roster's penalty as gardes' checker computes it.
    pub objective: f64,
    /// The best bound of the solve, when the instance is solved as one weighted level.
    pub best_bound: Option<f64>,
    /// Seconds for the instance: import, validation, model, solve and checks.
    pub wall_seconds: f64,
    /// Seconds from the start of the solve to the incumbent finally kept.
    pub time_to_best: Option<f64>,
    /// The benchmark evaluator's verdict, or why the roster could not be given to it.
    pub independent: Result<Penalty, String>,
    /// Whether gardes' checker found no broken rule.
    pub checker_valid: bool,
    /// What the decomposition engine did on the first level, when it ran there (its
    /// figures without the level's constant; [`Solved::best_bound`] already holds its
    /// bound when that was the better one).
    pub decomposition: Option<solve::Decomposition>,
}

impl Solved {
    /// The relative gap `(objective − bound) / objective`, in per cent; 0 when both are
    /// 0, `None` without a finite bound.
    pub fn gap_percent(&self) -> Option<f64> {
        let bound = self.best_bound.filter(|b| b.is_finite())?;
        let diff = self.objective - bound;
        if diff.abs() <= 1e-9 {
            Some(0.0)
        } else if self.objective.abs() <= 1e-9 {
            None
        } else {
            Some(100.0 * diff / self.objective)
        }
    }

    /// Confirmed: the benchmark's evaluator finds no hard violation and exactly the
    /// checker's penalty, and the checker found no broken rule either.
    pub fn confirmed(&self) -> bool {
        self.checker_valid
            && self.independent.as_ref().is_ok_and(|p| {
                p.violations.is_empty() && (p.total() as f64 - self.objective).abs() <= 1e-6
            })
    }

    /// Why the row is not confirmed, in French; empty when it is.
    pub fn disagreement(&self) -> String {
        if self.confirmed() {
            return String::new();
        }
        let mut notes = Vec::new();
        if !self.checker_valid {
            notes.push(words::CHECKER_INVALID.to_string());
        }
        match &self.independent {
            Err(e) => notes.push(words::unreadable_roster(e)),
            Ok(p) => {
                if let Some(first) = p.violations.first() {
                    notes.push(words::hard_violations(p.violations.len(), first));
                }
                if (p.total() as f64 - self.objective).abs() > 1e-6 {
                    notes.push(words::penalty_differs(p.total(), &number(self.objective)));
                }
            }
        }
        notes.join(words::NOTES_SEPARATOR)
    }
}

/// One instance run by one engine: a row of `curtois.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The instance number (`InstanceN.txt`).
    pub instance: u32,
    /// The engine of this run.
    pub engine: solve::Engine,
    /// Days, staff and shift types, when the file could be read.
    pub size: Option<(usize, usize, usize)>,
    /// The published figures, when `bounds.csv` has the instance.
    pub published: Option<Published>,
    /// How it ended.
    pub outcome: Outcome,
}

impl Row {
    /// Whether this row shows a fault: an error, or a roster not confirmed. A run out of
    /// time without a roster is a result, not a fault.
    pub fn is_fault(&self) -> bool {
        match &self.outcome {
            Outcome::Solved(s) => !s.confirmed(),
            Outcome::NoRoster { .. } => false,
            Outcome::Error { .. } => true,
        }
    }

    /// `objective / best known`, when both exist and the best known is positive.
    pub fn ratio_to_best_known(&self) -> Option<f64> {
        let Outcome::Solved(s) = &self.outcome else {
            return None;
        };
        let best = self.published.as_ref()?.best_known?;
        (best > 0).then(|| s.objective / best as f64)
    }

    /// The row's note: why it failed or is not confirmed, in French; empty otherwise.
    pub fn note(&self) -> String {
        match &self.outcome {
            Outcome::Solved(s) => s.disagreement(),
            Outcome::NoRoster { message, .. } | Outcome::Error { message } => message.clone(),
        }
    }

    /// The cells of the row, in [`CSV_HEADER`] order (numbers unformatted for
    /// machines: `.` decimals, empty when unknown; `yes`/`no`).
    pub fn csv_cells(&self) -> [String; 21] {
        let opt = |x: Option<String>| x.unwrap_or_default();
        let (days, staff, shifts) = match self.size {
            Some((d, s, t)) => (d.to_string(), s.to_string(), t.to_string()),
            None => Default::default(),
        };
        let published = self.published.as_ref();
        let best_known = opt(published.and_then(|p| p.best_known).map(|b| b.to_string()));
        let lower_bound = opt(published.and_then(|p| p.lower_bound).map(|b| b.to_string()));
        let ratio = opt(self.ratio_to_best_known().map(|r| format!("{r:.4}")));
        // status, objective, bound, gap, wall, time to best, confirmed, independent.
        let mut run: [String; 8] = Default::default();
        let mut dw: [String; 4] = Default::default();
        run[6] = "no".to_string();
        match &self.outcome {
            Outcome::Solved(s) => {
                run = [
                    s.status.as_str().to_string(),
                    number(s.objective),
                    opt(s.best_bound.filter(|b| b.is_finite()).map(number)),
                    opt(s.gap_percent().map(|g| format!("{g:.2}"))),
                    format!("{:.2}", s.wall_seconds),
                    opt(s.time_to_best.map(|t| format!("{t:.2}"))),
                    if s.confirmed() { "yes" } else { "no" }.to_string(),
                    opt(s.independent.as_ref().ok().map(|p| p.total().to_string())),
                ];
                if let Some(d) = &s.decomposition {
                    dw = [
                        d.rounds.to_string(),
                        d.columns.to_string(),
                        if d.converged { "yes" } else { "no" }.to_string(),
                        format!("{:.2}", d.seconds),
                    ];
                }
            }
            Outcome::NoRoster { wall_seconds, .. } => {
                run[0] = "no_roster".to_string();
                run[4] = format!("{wall_seconds:.2}");
            }
            Outcome::Error { .. } => run[0] = "error".to_string(),
        }
        let [status, objective, bound, gap, wall, to_best, confirmed, independent] = run;
        let [rounds, columns, converged, dw_seconds] = dw;
        [
            self.instance.to_string(),
            engine_name(self.engine).to_string(),
            days,
            staff,
            shifts,
            status,
            objective,
            bound,
            gap,
            wall,
            to_best,
            best_known,
            lower_bound,
            ratio,
            confirmed,
            independent,
            rounds,
            columns,
            converged,
            dw_seconds,
            self.note(),
        ]
    }
}

/// The French Markdown table: one line per instance, each engine's objective, bound,
/// gap and time in adjacent columns, then each anchor's objective and bound, then the
/// published figures (docs/benchmarks.md, "Columns").
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The engines, in column order.
    pub engines: Vec<solve::Engine>,
    /// The anchors, in column order.
    pub anchors: Vec<Anchor>,
}

impl Table {
    /// The table's titles and alignment line.
    pub fn head(&self) -> String {
        let mut titles = vec![words::INSTANCE.to_string(), words::SIZE.to_string()];
        for &e in &self.engines {
            titles.extend(words::engine_titles(words::engine(e)));
        }
        for a in &self.anchors {
            titles.extend(words::anchor_titles(&a.name));
        }
        titles.extend(words::TRAILING_TITLES.iter().map(|t| t.to_string()));
        // Text columns (the confirmed and note ones) left, figures right.
        let text = words::TRAILING_TITLES.len() - 2;
        let align: Vec<&str> = (0..titles.len())
            .map(|i| {
                if i >= titles.len() - text {
                    "---"
                } else {
                    "---:"
                }
            })
            .collect();
        format!("| {} |\n|{}|", titles.join(" | "), align.join("|"))
    }

    /// The line of one instance from its runs (any order; an engine without a run
    /// shows `—`), `—` where unknown.
    pub fn line(&self, runs: &[Row]) -> String {
        let dash = |s: String| if s.is_empty() { "—".to_string() } else { s };
        // French decimal comma in the figures only, never in the note.
        let figure = |s: String| dash(s).replace('.', ",");
        let first = runs.first();
        let instance = first.map_or_else(String::new, |r| r.instance.to_string());
        let size = first
            .and_then(|r| r.size)
            .map(|(d, s, t)| format!("{d} × {s} × {t}"));
        let mut cells = vec![instance, dash(size.unwrap_or_default())];
        for &engine in &self.engines {
            let run = runs.iter().find(|r| r.engine == engine);
            let Some(run) = run else {
                cells.extend(std::iter::repeat_n("—".to_string(), 4));
                continue;
            };
            let c = run.csv_cells();
            let objective = match &run.outcome {
                Outcome::Solved(_) => figure(c[6].clone()),
                Outcome::NoRoster { .. } => words::NO_ROSTER.to_string(),
                Outcome::Error { .. } => words::ERROR.to_string(),
            };
            let gap = if c[8].is_empty() {
                "—".to_string()
            } else {
                format!("{} %", c[8]).replace('.', ",")
            };
            cells.extend([objective, figure(c[7].clone()), gap, figure(c[9].clone())]);
        }
        for anchor in &self.anchors {
            let figures = first.and_then(|r| anchor.figures.get(&r.instance));
            let cell = |x: Option<f64>| figure(x.map(number).unwrap_or_default());
            cells.push(cell(figures.and_then(|f| f.objective)));
            cells.push(cell(figures.and_then(|f| f.best_bound)));
        }
        let published = first.and_then(|r| r.published.as_ref());
        let known = |x: Option<u64>| dash(x.map(|b| b.to_string()).unwrap_or_default());
        cells.push(known(published.and_then(|p| p.best_known)));
        cells.push(known(published.and_then(|p| p.lower_bound)));
        let solved: Vec<&Solved> = runs
            .iter()
            .filter_map(|r| match &r.outcome {
                Outcome::Solved(s) => Some(s),
                _ => None,
            })
            .collect();
        let unconfirmed: Vec<&str> = runs
            .iter()
            .filter(|r| matches!(&r.outcome, Outcome::Solved(s) if !s.confirmed()))
            .map(|r| words::engine(r.engine))
            .collect();
        cells.push(if solved.is_empty() {
            "—".to_string()
        } else if unconfirmed.is_empty() {
            words::CONFIRMED.to_string()
        } else {
            words::not_confirmed(&unconfirmed.join(", "))
        });
        let notes: Vec<String> = runs
            .iter()
            .filter_map(|r| {
                let note = r.note();
                (!note.is_empty()).then(|| words::engine_note(words::engine(r.engine), &note))
            })
            .collect();
        cells.push(markdown_escape(&notes.join(words::NOTES_SEPARATOR)));
        format!("| {} |", cells.join(" | "))
    }
}

/// A cell text safe inside a Markdown table (no pipe, no line break).
fn markdown_escape(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A figure as the tables show it: an integer when it is one, else two decimals.
pub(super) fn number(x: f64) -> String {
    if (x - x.round()).abs() <= 1e-6 {
        format!("{:.0}", x.round())
    } else {
        format!("{x:.2}")
    }
}

/// A problem with the run as a whole (bad arguments, missing files, unwritable
/// output); a failing instance is a row, not an error.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// `--instances` could not be read.
    #[error("--instances : {0}")]
    Instances(String),
    /// The benchmark directory is missing.
    #[error("{}", words::no_dir(.0))]
    NoDir(PathBuf),
    /// A chosen instance file is missing.
    #[error("{}", words::no_instance(*.number, .path))]
    NoInstance {
        /// The instance number.
        number: u32,
        /// The file looked for.
        path: PathBuf,
    },
    /// `bounds.csv` could not be read.
    #[error("{}", words::cannot_read(.path, .source))]
    ReadBounds {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// `bounds.csv` is malformed.
    #[error("{file}:{line}:{column}: {message}")]
    Bounds {
        /// The file.
        file: String,
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: usize,
        /// What is wrong, in French.
        message: String,
    },
    /// An anchor's CSV could not be read.
    #[error("{}", words::cannot_read_anchor(.path, .source))]
    ReadAnchor {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An anchor's CSV is malformed.
    #[error("{}", words::malformed_anchor(.file, *.line, *.column, .message))]
    Anchor {
        /// The file.
        file: String,
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: usize,
        /// What is wrong, in French.
        message: String,
    },
    /// Two anchors have the same name (file stem).
    #[error("{}", words::anchor_twice(.name, .path))]
    AnchorTwice {
        /// The name.
        name: String,
        /// The second file of that name.
        path: PathBuf,
    },
    /// No engine was chosen.
    #[error("--engines : {}", words::NO_ENGINE_CHOSEN)]
    NoEngine,
    /// An output file could not be written.
    #[error("{}", words::cannot_write(.path, .source))]
    Write {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// Reads an instance selection: numbers and ranges separated by commas (`1-12`,
/// `1,3,5-7`), sorted and without duplicates.
///
/// # Errors
/// [`BenchError::Instances`] with the offending part, in French.
///
/// # Example
/// ```
/// use gardes::bench::parse_instances;
/// assert_eq!(parse_instances("5-7,1,3,6")?, vec![1, 3, 5, 6, 7]);
/// assert!(parse_instances("7-5").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_instances(spec: &str) -> Result<Vec<u32>, BenchError> {
    let bad = |part: &str| BenchError::Instances(words::unreadable_part(part));
    let number = |text: &str, part: &str| -> Result<u32, BenchError> {
        let n: u32 = text.trim().parse().map_err(|_| bad(part))?;
        if n == 0 {
            return Err(BenchError::Instances(words::numbered_from_one(part)));
        }
        Ok(n)
    };
    let mut chosen = Vec::new();
    for part in spec.split(',') {
        let part = part.trim();
        if part.is_empty() {
            return Err(bad(spec));
        }
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (number(a, part)?, number(b, part)?);
                if b < a {
                    return Err(BenchError::Instances(words::reversed_range(part, a, b)));
                }
                chosen.extend(a..=b);
            }
            None => chosen.push(number(part, part)?),
        }
    }
    chosen.sort_unstable();
    chosen.dedup();
    Ok(chosen)
}

/// Reads `bounds.csv` (`instance,days,staff,shift_types,lower_bound,best_known,optimal`;
/// empty cells for unknown bounds).
///
/// # Errors
/// [`BenchError::ReadBounds`] when the file cannot be read, [`BenchError::Bounds`] with
/// its line and column when a column is missing or a cell is not a number.
pub fn read_bounds(path: &Path) -> Result<BTreeMap<u32, Published>, BenchError> {
    let text = std::fs::read_to_string(path).map_err(|source| BenchError::ReadBounds {
        path: path.to_path_buf(),
        source,
    })?;
    parse_bounds(&path.display().to_string(), &text)
}

/// Parses the text of `bounds.csv`; `file` only labels the errors.
///
/// # Errors
/// As [`read_bounds`].
pub fn parse_bounds(file: &str, text: &str) -> Result<BTreeMap<u32, Published>, BenchError> {
    let located = |line: u64, column: usize, message: String| BenchError::Bounds {
        file: file.to_string(),
        line,
        column,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| located(1, 1, words::unreadable_header(&e)))?
        .clone();
    let column_of = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| located(1, 1, words::missing_column(name)))
    };
    let (c_instance, c_lower, c_best, c_optimal) = (
        column_of("instance")?,
        column_of("lower_bound")?,
        column_of("best_known")?,
        column_of("optimal")?,
    );
    let mut out = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            located(line, 1, words::unreadable_line(&e))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        // Column of field `i`: the field's offset in the record plus one comma per
        // earlier field (the file has no quoted fields).
        let column = |i: usize| record.range(i).map_or(1, |r| r.start + i + 1);
        let cell = |i: usize| record.get(i).unwrap_or("");
        let integer = |i: usize, what: &str| -> Result<Option<u64>, BenchError> {
            let text = cell(i);
            if text.is_empty() {
                return Ok(None);
            }
            text.parse()
                .map(Some)
                .map_err(|_| located(line, column(i), words::not_an_integer(what, text)))
        };
        let Some(number) = integer(c_instance, words::INSTANCE_NUMBER)? else {
            return Err(located(
                line,
                column(c_instance),
                words::MISSING_INSTANCE_NUMBER.to_string(),
            ));
        };
        let number = u32::try_from(number).map_err(|_| {
            located(
                line,
                column(c_instance),
                words::instance_number_too_big(number),
            )
        })?;
        let published = Published {
            lower_bound: integer(c_lower, words::LOWER_BOUND)?,
            best_known: integer(c_best, words::BEST_KNOWN)?,
            optimal: cell(c_optimal) == "yes",
        };
        if out.insert(number, published).is_some() {
            return Err(located(
                line,
                column(c_instance),
                words::instance_twice(number),
            ));
        }
    }
    Ok(out)
}

/// The path of `InstanceN.txt` in the benchmark directory.
pub fn instance_path(dir: &Path, number: u32) -> PathBuf {
    dir.join(format!("Instance{number}.txt"))
}

/// A benchmark instance as a gardes instance: the import's TOML, then the ordinary
/// validation, so that the run goes through exactly what `gardes solve` would read.
/// Returns the TOML too, written beside the roster for a later `gardes check`.
///
/// # Errors
/// The import's or the validation's message, in French.
pub fn import(
    instance: &CurtoisInstance,
    first: NaiveDate,
    name: &str,
) -> Result<(Instance, String), String> {
    let toml = curtois::import::to_toml(instance, first, name)
        .map_err(|e| words::import_failed(name, &e))?;
    let file = format!("{name}.toml");
    let parsed =
        crate::instance::parse(&file, &toml).map_err(|e| words::imported_refused(&file, &e))?;
    Ok((parsed, toml))
}

/// The roster as `day,staff,shift` rows (0-based days), the input of the benchmark's
/// `tools/curtois_penalty.py`; by day, then staff in file order.
pub fn roster_csv(bench: &CurtoisInstance, roster: &curtois::Roster) -> String {
    let mut out = String::from("day,staff,shift\n");
    for day in 0..bench.horizon {
        for (s, staff) in bench.staff.iter().enumerate() {
            if let Some(t) = roster.shift(s, day) {
                let _ = writeln!(out, "{day},{},{}", staff.id, bench.shifts[t].id);
            }
        }
    }
    out
}

/// Runs one instance with one engine and writes its roster files under `rosters_dir`
/// (removing those of an earlier run when no roster comes out).
fn run_one(
    options: &BenchOptions,
    bounds: &BTreeMap<u32, Published>,
    number: u32,
    engine: solve::Engine,
    rosters_dir: &Path,
) -> Result<Row, BenchError> {
    let name = format!("Instance{number}");
    let files = [
        format!("{name}.csv"),
        format!("{name}.assignments.csv"),
        format!("{name}.toml"),
    ];
    for f in &files {
        match std::fs::remove_file(rosters_dir.join(f)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(BenchError::Write {
                    path: rosters_dir.join(f),
                    source: e,
                })
            }
            _ => {}
        }
    }
    let mut row = Row {
        instance: number,
        engine,
        size: None,
        published: bounds.get(&number).cloned(),
        outcome: Outcome::Error {
            message: String::new(),
        },
    };
    let bench = match curtois::read(&instance_path(&options.dir, number)) {
        Ok(b) => b,
        Err(e) => {
            row.outcome = Outcome::Error {
                message: e.to_string(),
            };
            return Ok(row);
        }
    };
    row.size = Some((bench.horizon, bench.staff.len(), bench.shifts.len()));
    let started = Instant::now();
    let (instance, toml) = match import(&bench, options.first, &name) {
        Ok(x) => x,
        Err(message) => {
            row.outcome = Outcome::Error { message };
            return Ok(row);
        }
    };
    let solve_options = SolveOptions {
        engine,
        ..options.solve.clone()
    };
    let planned = plan::plan(&instance, &solve_options);
    let wall_seconds = started.elapsed().as_secs_f64();
    let plan = match planned {
        Ok(p) => p,
        Err(PlanError::Solve(e @ SolveError::NoSolution(_))) => {
            row.outcome = Outcome::NoRoster {
                wall_seconds,
                message: e.to_string(),
            };
            return Ok(row);
        }
        Err(e) => {
            row.outcome = Outcome::Error {
                message: e.to_string(),
            };
            return Ok(row);
        }
    };
    // The mapping `gardes score curtois` uses: day = date − first, staff = practitioner
    // id, shift = period id.
    let mapped = curtois::roster_from_records(
        &bench,
        options.first,
        &plan.roster.records(&instance, &plan.duties),
    )
    .map_err(|e| e.to_string());
    let write = |file: &str, text: &str| {
        let path = rosters_dir.join(file);
        crate::export::atomic::write(&path, text.as_bytes())
            .map_err(|source| BenchError::Write { path, source })
    };
    write(&files[2], &toml)?;
    if let Ok(r) = &mapped {
        write(&files[0], &roster_csv(&bench, r))?;
    }
    // The assignments in gardes' own format, for `gardes check InstanceN.toml …`.
    if let Ok(text) = crate::export::csv::assignments(&instance, &plan.duties, &plan.roster) {
        write(&files[1], &text)?;
    }
    let objective = plan.check.weighted_objective();
    row.outcome = Outcome::Solved(Solved {
        status: plan.outcome.status,
        objective,
        best_bound: single_level_bound(&plan.outcome),
        wall_seconds,
        time_to_best: plan.outcome.time_to_best,
        independent: mapped.map(|r| curtois::penalty(&bench, &r)),
        checker_valid: plan.check.is_valid(),
        decomposition: plan
            .outcome
            .levels
            .first()
            .and_then(|l| l.decomposition.clone()),
    });
    Ok(row)
}

/// The solve's best bound on the weighted objective: the one level's, when the instance
/// is solved as one weighted sum; with several levels no single bound applies.
fn single_level_bound(outcome: &SolveOutcome) -> Option<f64> {
    match outcome.levels.as_slice() {
        [level] => Some(level.best_bound),
        _ => None,
    }
}

/// The text of `curtois.csv`.
pub fn to_csv(rows: &[Row]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail; a failure would be a bug of the csv crate.
    w.write_record(CSV_HEADER)
        .expect("writing to memory cannot fail");
    for row in rows {
        w.write_record(row.csv_cells())
            .expect("writing to memory cannot fail");
    }
    let bytes = w.into_inner().expect("flushing to memory cannot fail");
    String::from_utf8(bytes).expect("every cell is UTF-8")
}

/// The text of `curtois.md`: the run's conditions, then the table, one line per
/// instance (its runs are the rows of that instance, in any order).
pub fn to_markdown(options: &BenchOptions, info: &RunInfo, table: &Table, rows: &[Row]) -> String {
    let mut out = String::new();
    let engines: Vec<&str> = table.engines.iter().map(|&e| words::engine(e)).collect();
    let anchors: Vec<String> = table
        .anchors
        .iter()
        .zip(&options.anchors)
        .map(|(a, path)| words::anchor_source(&a.name, &path.display().to_string()))
        .collect();
    out.push_str(&words::document_head(&words::Conditions {
        date: &info.date,
        machine: &info.machine.describe(),
        solver: &solve::highs_version(),
        version: env!("CARGO_PKG_VERSION"),
        time_limit: &number(options.solve.time_limit),
        threads: options.solve.threads,
        seed: options.solve.seed,
        engines: &engines.join(", "),
        anchors: &anchors.join(", "),
        command: &info.command,
    }));
    let _ = writeln!(out, "{}", table.head());
    let mut instances: Vec<u32> = rows.iter().map(|r| r.instance).collect();
    instances.dedup();
    for n in instances {
        let runs: Vec<Row> = rows.iter().filter(|r| r.instance == n).cloned().collect();
        let _ = writeln!(out, "{}", table.line(&runs));
    }
    out
}

/// What the callback of [`curtois()`] sees when an instance is done.
#[derive(Clone, Copy, Debug)]
pub struct Done<'a> {
    /// The table, for its head and the instance's line.
    pub table: &'a Table,
    /// The instance's runs, one per engine, in the order of [`BenchOptions::engines`].
    pub runs: &'a [Row],
}

/// Runs the chosen instances one at a time, each with every engine in turn, calling
/// `on_instance` with each instance's runs as soon as they are known, and rewrites
/// `curtois.csv` and `curtois.md` in `options.out` after each run; `anchors.csv` is
/// written before the first solve.
///
/// # Errors
/// [`BenchError`] before any solve when no engine is chosen, or when the directory, a
/// chosen instance file, `bounds.csv` or an anchor's CSV is missing or malformed; at
/// any time when an output cannot be written. A failing run is a row
/// ([`Outcome::Error`]), and the run goes on.
pub fn curtois(
    options: &BenchOptions,
    info: &RunInfo,
    mut on_instance: impl FnMut(Done<'_>),
) -> Result<Vec<Row>, BenchError> {
    if !options.dir.is_dir() {
        return Err(BenchError::NoDir(options.dir.clone()));
    }
    if options.instances.is_empty() {
        return Err(BenchError::Instances(words::NO_INSTANCE_CHOSEN.to_string()));
    }
    let mut engines = options.engines.clone();
    // Each engine once, in the order given.
    let mut seen = Vec::new();
    engines.retain(|e| {
        let new = !seen.contains(e);
        seen.push(*e);
        new
    });
    if engines.is_empty() {
        return Err(BenchError::NoEngine);
    }
    for &number in &options.instances {
        let path = instance_path(&options.dir, number);
        if !path.is_file() {
            return Err(BenchError::NoInstance { number, path });
        }
    }
    let bounds = read_bounds(&options.dir.join("bounds.csv"))?;
    let table = Table {
        engines,
        anchors: read_anchors(&options.anchors)?,
    };
    let write = |file: &str, text: &str| {
        let path = options.out.join(file);
        crate::export::atomic::write(&path, text.as_bytes())
            .map_err(|source| BenchError::Write { path, source })
    };
    let rosters_dir = options.out.join("rosters");
    for &engine in &table.engines {
        let dir = rosters_dir.join(engine_name(engine));
        std::fs::create_dir_all(&dir).map_err(|source| BenchError::Write { path: dir, source })?;
    }
    write(
        "anchors.csv",
        &anchors_csv(&options.instances, &table.anchors),
    )?;
    let mut rows = Vec::with_capacity(options.instances.len() * table.engines.len());
    for &number in &options.instances {
        let first = rows.len();
        for &engine in &table.engines {
            let dir = rosters_dir.join(engine_name(engine));
            let row = run_one(options, &bounds, number, engine, &dir)?;
            rows.push(row);
            write("curtois.csv", &to_csv(&rows))?;
            write("curtois.md", &to_markdown(options, info, &table, &rows))?;
        }
        on_instance(Done {
            table: &table,
            runs: &rows[first..],
        });
    }
    Ok(rows)
}
