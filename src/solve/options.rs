//! What a solve takes and gives back: [`SolveOptions`] (limits, threads, seed, the
//! progress sink and the stop flag), [`Progress`], [`Status`], the outcomes of a level
//! and of the whole solve, [`SolveError`], and the fixed shares and thresholds by which
//! the stages divide the time and the work.

use super::LnsReport;
use crate::model::{ModelSize, Stage};

/// HiGHS `mip_heuristic_effort` for the first level.
pub const HEURISTIC_EFFORT_FIRST: f64 = 0.3;

/// How to run HiGHS.
#[derive(Clone, Debug, PartialEq)]
pub struct SolveOptions {
    /// Wall-clock limit for all levels together, in seconds.
    pub time_limit: f64,
    /// Relative MIP gap at which a level counts as solved (0 = prove optimality).
    pub gap: f64,
    /// HiGHS threads.
    pub threads: u32,
    /// HiGHS random seed.
    pub seed: u32,
    /// Let HiGHS print its log.
    pub verbose: bool,
    /// Where to send the progress of the solve under way (`gardes solve`'s progress
    /// line); `None` asks for nothing and changes nothing in the solve.
    pub progress: Option<ProgressSink>,
    /// A deterministic limit on the work of all levels together, in work units of
    /// [`ITERATIONS_PER_WORK_UNIT`] LP iterations (the simplex iterations of every
    /// branch-and-bound and local-search run). When it is set, each stage and each small
    /// MIP of the local search stops on its share of the work rather than of the time,
    /// so the same instance and options give the same roster on a busy machine as on a
    /// quiet one; [`SolveOptions::time_limit`] stays a cap, and a run stopped by it says
    /// so ([`Status::TimeLimit`]).
    pub work_limit: Option<f64>,
    /// Set to stop the solve and keep its best roster (Ctrl-C): the stages then end as
    /// [`Status::Interrupted`]. The default flag is never set.
    pub stop: StopFlag,
    /// Which engine solves each level: the compact model's branch and bound, the
    /// decomposition by practitioner, or both ([`Engine`]).
    pub engine: Engine,
}

/// The engine that solves the levels (docs/model.md, "The decomposition engine").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Engine {
    /// The compact model alone: branch and bound, then the local search.
    Compact,
    /// Column generation by practitioner first, for a bound and a roster built from
    /// whole schedules, within [`DECOMPOSITION_SHARE`] of each level's budget; the
    /// compact model then completes and polishes its roster in the time left.
    Decomposition,
    /// Chosen per level: see [`Engine::uses_decomposition`].
    #[default]
    Auto,
}

/// The share of a level's budget the decomposition takes under
/// [`Engine::Decomposition`].
pub const DECOMPOSITION_SHARE: f64 = 0.85;

/// The largest model, in binaries, on which [`Engine::Auto`] runs the decomposition:
/// on the Curtois & Qu instances at 60 s on 2 cores it gave the better roster and bound
/// on Instance4 (560 binaries) and Instance5 (896), and the worse roster from Instance6
/// (1,512) on, its pricing MIPs being too slow to converge in the time
/// (docs/benchmarks.md, "Two engines side by side").
pub const AUTO_DECOMPOSITION_MAX_BINARIES: usize = 1000;

/// The share of a level's budget the decomposition takes when [`Engine::Auto`] runs it.
pub const AUTO_DECOMPOSITION_SHARE: f64 = 0.4;

impl Engine {
    /// The share of level `k`'s budget that goes to the decomposition (0 for none), for
    /// a model of `binaries` binaries under the general rostering rules or not
    /// (`general`: no greedy start).
    pub fn decomposition_share(self, k: usize, general: bool, binaries: usize) -> f64 {
        match self {
            Engine::Compact => 0.0,
            Engine::Decomposition => DECOMPOSITION_SHARE,
            Engine::Auto => {
                if Self::uses_decomposition(k, general, binaries) {
                    AUTO_DECOMPOSITION_SHARE
                } else {
                    0.0
                }
            }
        }
    }

    /// How [`Engine::Auto`] chooses: the decomposition runs on the first level of a
    /// model under the general rostering rules (personal minima, runs, maxima: where
    /// the compact relaxation is weak and the personal schedules carry the structure)
    /// of at most [`AUTO_DECOMPOSITION_MAX_BINARIES`] binaries, where its pricing MIPs
    /// converge within a minute (docs/benchmarks.md, "The decomposition engine").
    pub fn uses_decomposition(k: usize, general: bool, binaries: usize) -> bool {
        k == 0 && general && binaries <= AUTO_DECOMPOSITION_MAX_BINARIES
    }
}

/// LP iterations per work unit of [`SolveOptions::work_limit`].
pub const ITERATIONS_PER_WORK_UNIT: f64 = 1000.0;

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: 60.0,
            gap: 0.0,
            threads: 1,
            seed: 0,
            verbose: false,
            progress: None,
            work_limit: None,
            stop: StopFlag::default(),
            engine: Engine::default(),
        }
    }
}

/// One report on the solve under way, for a progress display: sent from HiGHS's
/// callback while a stage's branch and bound runs, and once as each stage starts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// The stage: the warm start or a level.
    pub stage: Stage,
    /// Whether the local search (not the branch and bound) is improving the stage.
    pub local_search: bool,
    /// Seconds since the solve started.
    pub elapsed: f64,
    /// The best roster's value on the stage, once one is known (the level's constant
    /// included, as in [`LevelOutcome::objective`]).
    pub objective: Option<f64>,
    /// The best bound on the stage, once one is known (constant included).
    pub bound: Option<f64>,
    /// Relative gap between the two, when both are known, on the part HiGHS optimises.
    pub gap: Option<f64>,
}

/// Receives [`Progress`] reports, from the solving thread or HiGHS's: keep it quick
/// (reports come at most every [`PROGRESS_INTERVAL`], plus one per improving roster).
#[derive(Clone)]
pub struct ProgressSink(pub std::sync::Arc<dyn Fn(&Progress) + Send + Sync>);

impl ProgressSink {
    /// A sink calling `f`.
    pub fn new(f: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        ProgressSink(std::sync::Arc::new(f))
    }
}

impl std::fmt::Debug for ProgressSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressSink")
    }
}

impl PartialEq for ProgressSink {
    /// The same sink (one `Arc`).
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The least time between two progress reports of one run (improving rosters are
/// reported at once): HiGHS calls its interrupt callback at every node.
pub const PROGRESS_INTERVAL: std::time::Duration = std::time::Duration::from_millis(100);

/// How a level (or the whole solve) ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Proven optimal (within the requested gap).
    Optimal,
    /// Stopped at the work limit with a roster (the best found): the same roster on any
    /// machine.
    WorkLimit,
    /// Stopped at the time limit with a roster (the best found).
    TimeLimit,
    /// Stopped on request ([`StopFlag::request`], Ctrl-C) with a roster (the best
    /// found).
    Interrupted,
}

/// A request to stop a solve and keep its best roster, what Ctrl-C does
/// ([`SolveOptions::stop`]): every clone shares one flag, so the handler keeps one and
/// the options another. Once requested, the stage under way stops as soon as HiGHS
/// checks, and every later stage of the solve keeps the roster as it is.
#[derive(Clone, Debug, Default)]
pub struct StopFlag(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl StopFlag {
    /// Asks the solves that share this flag to stop and keep their best roster. Safe to
    /// call from a signal handler's thread.
    pub fn request(&self) {
        self.0.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Whether [`StopFlag::request`] was called.
    pub fn requested(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl PartialEq for StopFlag {
    /// The same flag (one `Arc`).
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Status {
    /// Stable English word for summary.json.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::WorkLimit => "work_limit",
            Status::TimeLimit => "time_limit",
            Status::Interrupted => "interrupted",
        }
    }
}

/// The outcome of one level.
#[derive(Clone, Debug, PartialEq)]
pub struct LevelOutcome {
    /// The stage: a level, or the warm start ([`SolveOutcome::warm_start`]).
    pub stage: Stage,
    /// How it ended.
    pub status: Status,
    /// Value reached, the level's constant ([`crate::model::LevelObjective::offset`])
    /// included.
    pub objective: f64,
    /// HiGHS's best bound on the level, given the earlier levels, constant included.
    pub best_bound: f64,
    /// Relative gap as HiGHS computes it (|objective − bound| / |objective|), on the
    /// part of the level HiGHS optimises (without its constant).
    pub gap: f64,
    /// Seconds spent on this level.
    pub seconds: f64,
    /// Branch-and-bound nodes.
    pub nodes: i64,
    /// What the decomposition engine did on the level, when it ran.
    pub decomposition: Option<super::Decomposition>,
}

/// The outcome of the whole solve.
#[derive(Clone, Debug, PartialEq)]
pub struct SolveOutcome {
    /// Optimal only if every level is.
    pub status: Status,
    /// One per level, in order.
    pub levels: Vec<LevelOutcome>,
    /// The warm-start stage, when the model has one and it found a roster.
    pub warm_start: Option<LevelOutcome>,
    /// Value of every column, in the model's column order.
    pub values: Vec<f64>,
    /// Seconds from the start of `solve` to the end.
    pub wall_seconds: f64,
    /// Size of the model.
    pub size: ModelSize,
    /// HiGHS version string.
    pub solver: String,
    /// Seconds from the start of `solve` to the moment HiGHS found the roster kept
    /// (its last improving solution), when known.
    pub time_to_best: Option<f64>,
    /// The local search on the first level, when it ran.
    pub lns: Option<LnsReport>,
    /// The work done, in the units of [`SolveOptions::work_limit`] (whether or not a
    /// work limit was set): the same on any machine for the same run.
    pub work: f64,
}

/// A failure of the solver, which with this model is always a bug: the model is
/// feasible by construction (every duty may stay empty). Its French words are in
/// `labels::solve`.
#[derive(Debug)]
pub enum SolveError {
    /// HiGHS refused the model or failed.
    Highs(HighsFailure),
    /// HiGHS proved the model infeasible, which the construction rules out.
    Infeasible(Stage),
    /// The time ran out before any roster was found.
    NoSolution(Stage),
}

impl std::error::Error for SolveError {}

/// What HiGHS refused or how it failed (worded by `labels::solve`).
#[derive(Debug)]
pub enum HighsFailure {
    /// An option refused: its key and HiGHS's answer.
    Option {
        /// The option's key.
        key: String,
        /// HiGHS's answer (its debug form).
        detail: String,
    },
    /// A column index beyond HiGHS's `int`.
    TooManyColumns,
    /// A column whose cost or bounds HiGHS refused to change.
    Column(usize),
    /// A set of bounds HiGHS refused to change.
    Bounds,
    /// The initial solution was refused.
    StartRefused,
    /// The initial solution has fewer values than the model has columns.
    StartIncomplete,
    /// HiGHS's own account of a failure (a status or an error, not French).
    Other(String),
}

/// A large model, from this many columns: the root LP of each stage is solved by the
/// interior-point
/// method (IPX, with crossover, so that the re-solves after cuts and in the nodes start
/// from a basis with the dual simplex); below, by the dual simplex. Measured on the
/// first level of the Lozère quarter (27,435 columns): dual simplex 257 s, primal
/// simplex 52 s, interior point 3.9 s (docs/benchmarks.md, "What each change bought").
pub const LARGE_MODEL_COLUMNS: usize = 10_000;

/// The root LP algorithm for a model of `columns` columns (HiGHS's `mip_lp_solver`).
pub(super) fn root_lp(columns: usize) -> &'static str {
    if columns >= LARGE_MODEL_COLUMNS {
        "ipm"
    } else {
        "simplex"
    }
}

/// Small MIPs in a row without improvement after which the local search of a stage
/// that has later stages ends, leaving them its time.
pub const STALL_MOVES: u32 = 8;

/// Share of the warm start's budget for its branch and bound (a hard limit), before
/// its local search.
pub const WARM_MAIN_SHARE: f64 = 0.25;

/// While required seats stay empty, the warm start's local search may go on until
/// this share of what was left when it started (the later levels then share the rest).
pub const WARM_EXTENDED_SHARE: f64 = 0.7;

/// Share of the time limit given to the warm start (required seats and fairness,
/// optional binaries at 0) when the model has one.
pub const WARM_START_SHARE: f64 = 0.5;

/// Above this many binaries, the levels after the first run without HiGHS's presolve,
/// which ignores the time limit (a minute on a year-long roster of 90 000 binaries; the
/// bundled quarters have about 15 000).
pub const LATER_LEVEL_PRESOLVE_MAX_BINARIES: usize = 40_000;

/// Share of the first level's budget that the search for a first roster (flat
/// objective) may use.
pub const FEASIBILITY_SHARE: f64 = 0.2;

/// Share of the first level's budget after which branch and bound stops, if it holds a
/// roster, to leave the rest to the local search.
pub const LNS_MAIN_SHARE: f64 = 0.4;

/// Absolute margin added to a frozen level's value.
pub const FREEZE_MARGIN: f64 = 1e-4;
