//! The only module that talks to HiGHS: options, the lexicographic sequence of solves,
//! status, objective, best bound and gap.
//!
//! good_lp builds the problem; its HiGHS solution keeps only a status and values (no
//! bound, no gap, every limit reads as a time limit), so after `try_into_inner()` this
//! module drives the `highs` model itself.
//!
//! Lexicographic optimisation over the model's levels (coverage and fairness together,
//! then preferences): each level `k` gets a free column `t_k` and a row
//! `level_k(x) − t_k = 0`. Stage `k` minimises `t_k` alone; after it, `t_k` is bounded
//! above by the value reached (the proven optimum, or the incumbent when the stage
//! stopped at the time limit, so the incumbent stays feasible), and the incumbent's
//! binaries are the MIP start of stage `k + 1`. Between fairness and preferences no
//! weight has to be large enough to dominate, so there is no numerical trade-off
//! between them (docs/model.md, "Dominance").

use std::collections::HashMap;
use std::time::Instant;

use good_lp::{variable, Constraint, Expression, IntoAffineExpression, SolverModel};
use highs::{HighsModelStatus, Sense};

use crate::model::{Assign, Level, LevelObjective, Model, ModelSize, Stage, WarmStart};

mod lns;

pub use lns::LnsReport;

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
/// feasible by construction (every duty may stay empty).
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    /// HiGHS refused the model or failed.
    #[error("HiGHS a échoué : {0}")]
    Highs(String),
    /// HiGHS proved the model infeasible, which the construction rules out.
    #[error("HiGHS déclare le modèle infaisable au niveau « {0} » : aucun tableau ne respecte toutes les règles (minimums de temps de travail, de jours consécutifs ou de repos impossibles à tenir avec les disponibilités ?) ; sans ces minimums, c'est un défaut de gardes, merci de le signaler avec le fichier d'instance")]
    Infeasible(Stage),
    /// The time ran out before any roster was found.
    #[error("aucune solution trouvée au niveau « {0} » dans le temps imparti")]
    NoSolution(Stage),
}

fn set<V: highs::HighsOptionValue>(
    model: &mut highs::Model,
    key: &str,
    value: V,
) -> Result<(), SolveError> {
    model
        .try_set_option(key, value)
        .map_err(|e| SolveError::Highs(format!("option {key} : {e:?}")))
}

/// Changes one column's cost and upper bound (its lower bound becomes −∞) through the
/// C API (the `highs` crate's `Col` cannot be built from an index).
fn change_column(
    model: &mut highs::Model,
    col: usize,
    cost: f64,
    upper: f64,
) -> Result<(), SolveError> {
    let index = i32::try_from(col).map_err(|_| SolveError::Highs("trop de colonnes".into()))?;
    // SAFETY: the pointer is the live HiGHS instance owned by `model`, and `index` is a
    // column index of that instance (the level columns are created by `solve`).
    let status = unsafe { highs_sys::Highs_changeColCost(model.as_mut_ptr(), index, cost) };
    if status == highs_sys::kHighsStatusError {
        return Err(SolveError::Highs(format!("colonne {col} non modifiable")));
    }
    set_bounds(model, col, f64::NEG_INFINITY, upper)
}

/// Changes a model column's bounds (fixing optional binaries for the warm start).
fn set_bounds(
    model: &mut highs::Model,
    col: usize,
    lower: f64,
    upper: f64,
) -> Result<(), SolveError> {
    let col = i32::try_from(col).map_err(|_| SolveError::Highs("trop de colonnes".into()))?;
    // SAFETY: the pointer is the live HiGHS instance owned by `model`, and `col` is one
    // of its columns.
    let status = unsafe { highs_sys::Highs_changeColBounds(model.as_mut_ptr(), col, lower, upper) };
    if status == highs_sys::kHighsStatusError {
        return Err(SolveError::Highs(format!("colonne {col} non modifiable")));
    }
    Ok(())
}

/// Passes the binaries of `values` as a (sparse) MIP start.
fn set_start(
    model: &mut highs::Model,
    binaries: &[usize],
    values: &[f64],
) -> Result<(), SolveError> {
    let index: Vec<i32> = binaries
        .iter()
        .map(|&c| i32::try_from(c).map_err(|_| SolveError::Highs("trop de colonnes".into())))
        .collect::<Result<_, _>>()?;
    let value: Vec<f64> = binaries.iter().map(|&c| values[c].round()).collect();
    let n = i32::try_from(index.len()).map_err(|_| SolveError::Highs("trop de colonnes".into()))?;
    // SAFETY: `index` and `value` both hold `n` entries and outlive the call; every
    // index is a column of the live instance owned by `model`.
    let status = unsafe {
        highs_sys::Highs_setSparseSolution(model.as_mut_ptr(), n, index.as_ptr(), value.as_ptr())
    };
    if status == highs_sys::kHighsStatusError {
        return Err(SolveError::Highs("solution initiale refusée".into()));
    }
    Ok(())
}

/// Passes every column of `values` as the MIP start: HiGHS checks it as it is, without
/// the LP that completes a sparse start (the local search's incumbent is one of
/// HiGHS's own solutions of the same level, so its continuous columns are consistent).
fn set_full_start(model: &mut highs::Model, values: &[f64]) -> Result<(), SolveError> {
    if values.len() < model.num_cols() {
        return Err(SolveError::Highs("solution initiale incomplète".into()));
    }
    // SAFETY: `values` holds at least one value per column of the live instance owned
    // by `model` and outlives the call; the other arrays may be null.
    let status = unsafe {
        highs_sys::Highs_setSolution(
            model.as_mut_ptr(),
            values.as_ptr(),
            std::ptr::null(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    if status == highs_sys::kHighsStatusError {
        return Err(SolveError::Highs("solution initiale refusée".into()));
    }
    Ok(())
}

/// Branch-and-bound nodes of the last solve (an int64 info, which the `highs` crate's
/// `int_info_value` cannot read).
fn node_count(solved: &highs::SolvedModel) -> i64 {
    let mut nodes: i64 = 0;
    // SAFETY: the pointer is the live instance owned by `solved`; the name is a valid
    // C string and `nodes` a valid int64 out-parameter.
    let status = unsafe {
        highs_sys::Highs_getInt64InfoValue(solved.as_ptr(), c"mip_node_count".as_ptr(), &mut nodes)
    };
    if status == highs_sys::kHighsStatusError {
        0
    } else {
        nodes
    }
}

/// Solves the levels of `model` one after the other.
///
/// # Errors
/// [`SolveError`] when HiGHS fails on the first level, which is a bug of gardes or of
/// HiGHS. A later level that fails keeps the previous level's roster (feasible for it
/// by construction) and is reported as not optimised.
pub fn solve(
    model: Model,
    options: &SolveOptions,
    fill_optional: &dyn Fn(&[bool]) -> Vec<bool>,
) -> Result<SolveOutcome, SolveError> {
    let started = Instant::now();
    let Model {
        mut vars,
        columns,
        constraints,
        levels,
        size,
        assign,
        assign_day,
        duty_day,
        shortfall,
        start,
        warm_start,
        ..
    } = model;
    let map = column_map(&columns);
    let binaries = sorted_binaries(&assign, &map);
    let grid = search_grid(&assign, &assign_day, &shortfall, &duty_day, &map);
    let n_model_cols = columns.len();
    let mut rows: Vec<Constraint> = constraints.into_iter().map(|(_, c)| c).collect();
    let LevelColumns {
        level_cols,
        offsets,
        warm,
    } = add_level_columns(
        &mut vars,
        &mut rows,
        n_model_cols,
        &levels,
        warm_start,
        &map,
        &grid,
    );
    let stages = Stages {
        started,
        local_search: std::cell::Cell::new(None),
        vars: &vars,
        rows: &rows,
        level_cols: &level_cols,
        offsets: &offsets,
        binaries: &binaries,
        options,
        full_start: std::cell::Cell::new(false),
        spent: std::cell::Cell::new(0),
        zero: std::cell::RefCell::new(Vec::new()),
        root_lp: std::cell::Cell::new(root_lp(n_model_cols)),
    };
    let hm = stages.fresh(&[])?;
    let mut run = Run {
        stages,
        hm,
        // The whole solve's limit; each stage takes a share of what is left of it.
        total_work: options
            .work_limit
            .map(|w| (w * ITERATIONS_PER_WORK_UNIT).round() as i64),
        map: &map,
        grid: &grid,
        n_model_cols,
        binaries: size.binaries,
        frozen: Vec::new(),
        values: None,
        time_to_best: None,
        lns_report: None,
    };

    let mut outcomes: Vec<LevelOutcome> = Vec::new();
    // The greedy roster starts the first level.
    let mut greedy = vec![0.0; n_model_cols];
    for (a, &on) in assign.iter().zip(&start) {
        if on {
            greedy[map[&a.var]] = 1.0;
        }
    }
    let mut warm_outcome = None;
    if let Some(warm) = &warm {
        let replanning = levels.iter().any(|l| l.level == Level::Changes);
        warm_outcome = run.warm_start(warm, replanning, &mut greedy, &assign, fill_optional)?;
    }
    for (k, level) in levels.iter().enumerate() {
        let outcome = run.level(k, level, levels.len(), &greedy, warm.is_some())?;
        outcomes.push(outcome);
    }
    let mut values = run.values.unwrap_or_default();
    values.truncate(n_model_cols);
    let status = outcomes
        .iter()
        .map(|o| o.status)
        .max()
        .unwrap_or(Status::Optimal);
    Ok(SolveOutcome {
        status,
        levels: outcomes,
        warm_start: warm_outcome,
        values,
        wall_seconds: started.elapsed().as_secs_f64(),
        size,
        solver: highs_version(),
        time_to_best: run.time_to_best,
        lns: run.lns_report,
        work: run.stages.spent.get() as f64 / ITERATIONS_PER_WORK_UNIT,
    })
}

/// The binaries' columns, sorted: the MIP start of each later stage.
///
/// The MIP start of each later stage gives the binaries only: HiGHS completes the
/// continuous columns itself. A full start would carry the previous stage's slack in
/// the auxiliary columns of the new objective, and HiGHS (1.16) may hand such a
/// start back through postsolve with those stale values.
fn sorted_binaries(assign: &[Assign], map: &HashMap<good_lp::Variable, usize>) -> Vec<usize> {
    let mut b: Vec<usize> = assign.iter().map(|a| map[&a.var]).collect();
    b.sort_unstable();
    b
}

/// Where each binary sits in the practitioner × day grid, for the local search, and
/// the day of each duty's empty-seat column.
fn search_grid(
    assign: &[Assign],
    assign_day: &[u32],
    shortfall: &[good_lp::Variable],
    duty_day: &[u32],
    map: &HashMap<good_lp::Variable, usize>,
) -> lns::Grid {
    let mut keys: Vec<(usize, u32, u32)> = assign
        .iter()
        .zip(assign_day)
        .map(|(a, &d)| (map[&a.var], a.prac.0, d))
        .collect();
    keys.sort_unstable();
    lns::Grid {
        practitioners: keys.iter().map(|k| k.1 + 1).max().unwrap_or(0),
        days: keys.iter().map(|k| k.2 + 1).max().unwrap_or(0),
        keys,
        shortfall: shortfall
            .iter()
            .zip(duty_day)
            .map(|(v, &d)| (map[v], d))
            .collect(),
    }
}

/// The columns [`add_level_columns`] adds after the model's.
struct LevelColumns {
    /// The column `t_k` of each level, then the warm start's.
    level_cols: Vec<usize>,
    /// Each level column's constant, for the progress reports.
    offsets: Vec<f64>,
    /// The warm start, when the model has one.
    warm: Option<WarmStage>,
}

/// The warm start as the solver runs it.
struct WarmStage {
    /// Its index in [`LevelColumns::level_cols`] (after the levels').
    k: usize,
    /// The optional binaries' columns, sorted: fixed at 0 during the stage.
    optional: Vec<usize>,
    /// The local search's grid: the binaries it may set, the required seats' columns.
    grid: lns::Grid,
    /// The stage's constant ([`crate::model::WarmStart::offset`]).
    offset: f64,
}

/// Adds one free column `t_k` per level, with the row `level_k(x) − t_k = 0`, then the
/// warm start's.
fn add_level_columns(
    vars: &mut good_lp::ProblemVariables,
    rows: &mut Vec<Constraint>,
    n_model_cols: usize,
    levels: &[LevelObjective],
    warm_start: Option<WarmStart>,
    map: &HashMap<good_lp::Variable, usize>,
    grid: &lns::Grid,
) -> LevelColumns {
    let mut level_cols = Vec::new();
    // Each level column's constant, for the progress reports.
    let mut offsets: Vec<f64> = levels.iter().map(|l| l.offset).collect();
    for level in levels {
        let t = vars.add(variable());
        level_cols.push(n_model_cols + level_cols.len());
        rows.push((level.expression.clone() - t).eq(0.0));
    }
    // The warm start's column comes after the levels' (never frozen).
    let warm = warm_start.map(|w| {
        let t = vars.add(variable());
        level_cols.push(n_model_cols + level_cols.len());
        // The required seats' columns are the shortfall columns of its expression.
        let in_expression: std::collections::BTreeSet<usize> = w
            .expression
            .clone()
            .linear_coefficients()
            .filter_map(|(v, _)| map.get(&v).copied())
            .collect();
        rows.push((w.expression - t).eq(0.0));
        let mut optional: Vec<usize> = w.optional.iter().map(|v| map[v]).collect();
        optional.sort_unstable();
        // The local search of the warm start frees only the binaries it may set, and
        // aims at the empty required seats.
        let warm_grid = lns::Grid {
            keys: grid
                .keys
                .iter()
                .filter(|k| optional.binary_search(&k.0).is_err())
                .copied()
                .collect(),
            practitioners: grid.practitioners,
            days: grid.days,
            shortfall: grid
                .shortfall
                .iter()
                .filter(|s| in_expression.contains(&s.0))
                .copied()
                .collect(),
        };
        offsets.push(w.offset);
        WarmStage {
            k: level_cols.len() - 1,
            optional,
            grid: warm_grid,
            offset: w.offset,
        }
    });
    LevelColumns {
        level_cols,
        offsets,
        warm,
    }
}

/// The solve under way: the HiGHS model, the limits, and what the stages so far found.
struct Run<'a> {
    stages: Stages<'a>,
    /// The HiGHS model, with the levels solved so far frozen.
    hm: highs::Model,
    /// The whole solve's work limit, in LP iterations.
    total_work: Option<i64>,
    map: &'a HashMap<good_lp::Variable, usize>,
    /// The local search's grid of the levels.
    grid: &'a lns::Grid,
    /// The model's columns (the level columns come after).
    n_model_cols: usize,
    /// The model's binaries ([`ModelSize::binaries`]).
    binaries: usize,
    /// The value each level solved so far is frozen at.
    frozen: Vec<f64>,
    /// The last stage's roster, every column.
    values: Option<Vec<f64>>,
    time_to_best: Option<f64>,
    lns_report: Option<LnsReport>,
}

impl Run<'_> {
    /// What is left of the whole solve's limit.
    fn left(&self) -> Limit {
        let options = self.stages.options;
        Limit {
            seconds: (options.time_limit - self.stages.started.elapsed().as_secs_f64()).max(0.0),
            work: self
                .total_work
                .map(|w| (w - self.stages.spent.get()).max(0)),
        }
    }

    /// The warm start: required seats and fairness, optional binaries at 0. Its roster,
    /// completed by `fill_optional`, becomes the first level's start (`greedy`) and,
    /// as it is, the fallback of the levels; its outcome, when it found a roster.
    fn warm_start(
        &mut self,
        warm: &WarmStage,
        replanning: bool,
        greedy: &mut [f64],
        assign: &[Assign],
        fill_optional: &dyn Fn(&[bool]) -> Vec<bool>,
    ) -> Result<Option<LevelOutcome>, SolveError> {
        let WarmStage {
            k,
            optional,
            grid: warm_grid,
            offset,
        } = warm;
        let options = self.stages.options;
        let started = self.stages.started;
        let map = self.map;
        let mut warm_outcome = None;
        // The warm start's own roster (optional seats empty) is feasible for every level:
        // the fallback if the first level finds nothing in its time.
        let mut warm_cols: Option<Vec<f64>> = None;
        let stage_start = Instant::now();
        let stage_work = self.stages.spent.get();
        // Required seats and fairness first, optional binaries at 0: the roster of the
        // two-level model, found without the optional columns in the way.
        for &c in optional {
            set_bounds(&mut self.hm, c, 0.0, 0.0)?;
            greedy[c] = 0.0;
        }
        self.stages.zero.replace(optional.clone());
        let budget = self.left().share(WARM_START_SHARE);
        // Like the first level: branch and bound until its share (or its root cut loop
        // stops paying), then the local search from its roster.
        // The warm start is no level: only its roster matters, not its bound. Branch
        // and bound gets a hard share for HiGHS's own heuristics (its root LP and cut
        // loop take longer than that on a busy machine), the local search the rest: it
        // fills the empty seats window by window whatever the load.
        // A small model's branch and bound usually proves the stage well within its
        // budget: it keeps the whole of it, so that the result does not depend on the
        // machine.
        // A re-planning's warm start begins at the published roster, repaired; a local
        // search there would move seats for fairness alone, ahead of the changes level
        // that counts them: it keeps its branch and bound.
        let soft =
            (!warm_grid.keys.is_empty() && self.n_model_cols >= LARGE_MODEL_COLUMNS && !replanning)
                .then(|| budget.share(WARM_MAIN_SHARE));
        let attempt = self.stages.run(
            &mut self.hm,
            *k,
            Stage::WarmStart,
            soft.unwrap_or(budget),
            Some(greedy),
            true,
            soft,
        );
        let failed = matches!(attempt, Attempt::Failed { .. });
        let untrusted = matches!(attempt, Attempt::Solved { trusted: false, .. });
        if failed {
            self.hm = self.stages.fresh(&[])?;
        }
        if let Attempt::Solved {
            status,
            cols,
            bound,
            nodes,
            improved_at,
            ..
        } = attempt
        {
            if let Some(t) = improved_at {
                self.time_to_best = Some(t.duration_since(started).as_secs_f64());
            }
            let deadline = stage_start + lns::seconds(budget.seconds);
            let work_end = budget.work.map(|w| stage_work + w);
            let (status, cols) = if soft.is_some()
                && !options.stop.requested()
                && matches!(status, Status::TimeLimit | Status::WorkLimit)
                && self.stages.room_for_search(deadline, work_end)
            {
                let mut best = lns::Incumbent {
                    value: cols[self.stages.level_cols[*k]],
                    cols,
                    found_at: None,
                    bound,
                };
                let later = self.left().share(WARM_EXTENDED_SHARE);
                let end = lns::End {
                    deadline,
                    work: work_end,
                    stall: Some(STALL_MOVES),
                    extended: Some((
                        Instant::now() + lns::seconds(later.seconds),
                        later.work.map(|w| self.stages.spent.get() + w),
                    )),
                };
                self.stages.lns(
                    &mut self.hm,
                    *k,
                    Stage::WarmStart,
                    end,
                    &mut best,
                    warm_grid,
                    &[],
                    !untrusted,
                )?;
                if let Some(t) = best.found_at {
                    self.time_to_best = Some(t.duration_since(started).as_secs_f64());
                }
                let status = if best.at_bound(options.gap) {
                    Status::Optimal
                } else {
                    status
                };
                (status, best.cols)
            } else {
                (status, cols)
            };
            let objective = cols[self.stages.level_cols[*k]];
            // The optional seats, filled greedily around that roster.
            let chosen: Vec<bool> = assign.iter().map(|a| cols[map[&a.var]] > 0.5).collect();
            let filled = fill_optional(&chosen);
            for (a, &on) in assign.iter().zip(&filled) {
                greedy[map[&a.var]] = if on { 1.0 } else { 0.0 };
            }
            warm_cols = Some(cols.clone());
            warm_outcome = Some(LevelOutcome {
                stage: Stage::WarmStart,
                status,
                objective: objective + offset,
                best_bound: bound.min(objective) + offset,
                gap: relative_gap(objective, bound.min(objective)),
                seconds: stage_start.elapsed().as_secs_f64(),
                nodes,
            });
        }
        self.stages.zero.replace(Vec::new());
        change_column(&mut self.hm, self.stages.level_cols[*k], 0.0, f64::INFINITY)?;
        for &c in optional {
            set_bounds(&mut self.hm, c, 0.0, 1.0)?;
        }
        if warm_cols.is_some() {
            self.values = warm_cols;
        }
        Ok(warm_outcome)
    }

    /// Level `k` of `levels_count`: branch and bound (retried once on a fresh model
    /// when a later level fails), the local search on the first level, then the level
    /// frozen at the value reached. The first level starts from `greedy` (or, without
    /// one and without a warm start, from any roster found first); the others from the
    /// previous stage's roster.
    fn level(
        &mut self,
        k: usize,
        level: &LevelObjective,
        levels_count: usize,
        greedy: &[f64],
        warm: bool,
    ) -> Result<LevelOutcome, SolveError> {
        let options = self.stages.options;
        let (map, grid, n_model_cols) = (self.map, self.grid, self.n_model_cols);
        let stage_start = Instant::now();
        let stage_work = self.stages.spent.get();
        if options.stop.requested() {
            if let Some(cols) = &self.values {
                // Stopped before this level: it keeps the roster as it is, without a
                // bound of its own.
                let objective = evaluate(&level.expression, map, &cols[..n_model_cols]);
                return Ok(LevelOutcome {
                    stage: Stage::Level(level.level),
                    status: Status::Interrupted,
                    objective: objective + level.offset,
                    best_bound: f64::NEG_INFINITY,
                    gap: f64::INFINITY,
                    seconds: 0.0,
                    nodes: 0,
                });
            }
        }
        // Each level may use a share of the time left, so that a hard first level cannot
        // starve the later ones: 75 % when one level follows (50 % when two do), all of
        // what is left for the last.
        let share = match levels_count - k - 1 {
            0 => 1.0,
            1 => 0.75,
            _ => 0.5,
        };
        let budget = self.left().share(share);
        // Without a greedy roster (the general rostering rules), a roster of any value
        // first: with a flat objective HiGHS's feasibility heuristics find one at once
        // (0.3 s on Curtois Instance16), where the weighted objective leads them astray
        // for minutes (docs/model.md, "Finding a first roster").
        let mut feasible = None;
        if k == 0 && !warm && !greedy.iter().any(|&v| v > 0.5) && !grid.keys.is_empty() {
            feasible = self
                .stages
                .find_roster(&mut self.hm, budget.share(FEASIBILITY_SHARE));
            if feasible.is_none() {
                self.hm = self.stages.fresh(&self.frozen)?;
            }
        }
        let first_start = if k == 0 {
            Some(feasible.as_deref().unwrap_or(greedy))
        } else {
            self.values.as_deref()
        };
        // The first level stops branching once it holds a roster and has used its share
        // of the budget: the local search improves rosters faster than branch and bound
        // (docs/model.md, "Local search").
        let soft = (k == 0 && !grid.keys.is_empty()).then(|| budget.share(LNS_MAIN_SHARE));
        // With a roster in hand the share is a hard limit: on the year-long benchmark
        // instances the root LP alone outlasts the soft stop, which HiGHS only checks
        // between LPs.
        let main_budget = match (soft, &feasible) {
            (Some(share), Some(_)) => share,
            _ => budget,
        };
        // HiGHS's presolve does not watch the clock: on a year-long roster it takes a
        // minute whatever the budget (docs/scale.md). A later level starts from the
        // previous level's roster, which it keeps if it finds nothing better, so on a
        // large model it runs without presolve and stops on time.
        let presolve = k == 0 || self.binaries < LATER_LEVEL_PRESOLVE_MAX_BINARIES;
        let mut attempt = self.stages.run(
            &mut self.hm,
            k,
            Stage::Level(level.level),
            main_budget,
            first_start,
            presolve,
            soft,
        );
        if k > 0 && !matches!(attempt, Attempt::Solved { trusted: true, .. }) {
            // HiGHS (1.16) sometimes errs on a later level: a spurious "infeasible" from
            // presolve once a level is frozen, a "solve error" on untransformed
            // violations, or an optimum reported in the reduced space that the
            // postsolved roster does not reach. Retry once on a fresh model without
            // presolve, within the same budget.
            let spent = stage_start.elapsed().as_secs_f64();
            self.hm = self.stages.fresh(&self.frozen)?;
            let retry = Limit {
                seconds: (budget.seconds - spent).max(1.0),
                work: budget
                    .work
                    .map(|w| (w - (self.stages.spent.get() - stage_work)).max(1)),
            };
            attempt = self.stages.run(
                &mut self.hm,
                k,
                Stage::Level(level.level),
                retry,
                self.values.as_deref(),
                false,
                None,
            );
        }
        let failed = matches!(attempt, Attempt::Failed { .. });
        // HiGHS 1.16 sometimes proves a level in the presolved space yet hands back its
        // start (an untrusted result); its small MIPs then do the same, so the local
        // search runs them without presolve.
        let untrusted = matches!(attempt, Attempt::Solved { trusted: false, .. });
        let Reached {
            status,
            cols,
            bound,
            nodes,
        } = self.reached(attempt, Stage::Level(level.level))?;
        if failed {
            // A HiGHS error consumed the model: continue on a fresh one.
            self.hm = self.stages.fresh(&self.frozen)?;
        }
        let deadline = stage_start + lns::seconds(budget.seconds);
        let work_end = budget.work.map(|w| stage_work + w);
        let reached = Reached {
            status,
            cols,
            bound,
            nodes,
        };
        let reached = if soft.is_some()
            && !failed
            && !options.stop.requested()
            && matches!(status, Status::TimeLimit | Status::WorkLimit)
            && self.stages.room_for_search(deadline, work_end)
        {
            let end = lns::End {
                deadline,
                work: work_end,
                stall: (k + 1 < levels_count).then_some(STALL_MOVES),
                extended: None,
            };
            self.search(k, Stage::Level(level.level), end, reached, untrusted)?
        } else {
            reached
        };
        self.freeze(k, level, reached, stage_start)
    }

    /// The local search on level `k` from branch and bound's roster `reached`, until
    /// `end`; its best roster, with the status it proves.
    fn search(
        &mut self,
        k: usize,
        stage: Stage,
        end: lns::End,
        reached: Reached,
        untrusted: bool,
    ) -> Result<Reached, SolveError> {
        let options = self.stages.options;
        let started = self.stages.started;
        let Reached {
            status,
            cols,
            bound,
            nodes,
        } = reached;
        let mut best = lns::Incumbent {
            value: cols[self.stages.level_cols[k]],
            cols,
            found_at: None,
            bound,
        };
        let report = self.stages.lns(
            &mut self.hm,
            k,
            stage,
            end,
            &mut best,
            self.grid,
            &self.frozen,
            !untrusted,
        )?;
        self.lns_report = Some(report);
        if let Some(t) = best.found_at {
            self.time_to_best = Some(t.duration_since(started).as_secs_f64());
        }
        let proved = best.at_bound(options.gap);
        let status = match (proved, options.stop.requested()) {
            (true, _) => Status::Optimal,
            (false, true) => Status::Interrupted,
            (false, false) => status,
        };
        Ok(Reached {
            status,
            cols: best.cols,
            bound,
            nodes,
        })
    }

    /// What branch and bound left on a level: its roster, or when it found none (or
    /// failed) the previous stage's, feasible for this one too; an error when there is
    /// none.
    fn reached(&mut self, attempt: Attempt, stage: Stage) -> Result<Reached, SolveError> {
        let options = self.stages.options;
        let started = self.stages.started;
        let (status, cols, bound, nodes) = match attempt {
            Attempt::Solved {
                status,
                cols,
                bound,
                nodes,
                trusted,
                improved_at,
            } => {
                if let Some(t) = improved_at {
                    self.time_to_best = Some(t.duration_since(started).as_secs_f64());
                }
                let status = match (trusted, status) {
                    (_, Status::TimeLimit) if options.stop.requested() => Status::Interrupted,
                    (true, status) => status,
                    (false, _) => Status::TimeLimit,
                };
                (status, cols, bound, nodes)
            }
            Attempt::NoRoster { bound, nodes } | Attempt::Failed { bound, nodes, .. } => {
                // Keep the previous stage's roster, feasible for this stage too.
                let Some(previous) = self.values.clone() else {
                    return Err(match attempt {
                        Attempt::Failed { error, .. } => error,
                        _ => SolveError::NoSolution(stage),
                    });
                };
                let status = if options.stop.requested() {
                    Status::Interrupted
                } else {
                    Status::TimeLimit
                };
                (status, previous, bound, nodes)
            }
        };
        Ok(Reached {
            status,
            cols,
            bound,
            nodes,
        })
    }

    /// The outcome of level `k` at `reached`, its value recomputed from the roster; the
    /// level is then frozen at that value for the next ones, and its roster is the
    /// next stage's start.
    fn freeze(
        &mut self,
        k: usize,
        level: &LevelObjective,
        reached: Reached,
        stage_start: Instant,
    ) -> Result<LevelOutcome, SolveError> {
        let options = self.stages.options;
        let Reached {
            status,
            cols,
            bound,
            nodes,
        } = reached;
        // The level's value is recomputed from the roster: HiGHS's objective is only
        // trusted when it agrees (see `Attempt::Solved::trusted`).
        let objective = evaluate(&level.expression, self.map, &cols[..self.n_model_cols]);
        // HiGHS reports no useful dual bound when presolve alone solves a level (it
        // reads 0); an optimal level within the requested gap has the objective as its
        // bound up to that gap.
        let best_bound = match status {
            Status::Optimal if relative_gap(objective, bound) > options.gap => objective,
            _ => bound.min(objective),
        };
        let gap = relative_gap(objective, best_bound);
        // The level's constant, kept out of HiGHS's model, is reported back here; the
        // gap and the freeze below stay on what HiGHS optimised.
        let outcome = LevelOutcome {
            stage: Stage::Level(level.level),
            status,
            objective: objective + level.offset,
            best_bound: best_bound + level.offset,
            gap,
            seconds: stage_start.elapsed().as_secs_f64(),
            nodes,
        };
        // Freeze the level at the value reached, with a margin above HiGHS's
        // feasibility tolerance (1e-6) yet far below any meaningful difference.
        let bound = objective + FREEZE_MARGIN + 1e-6 * objective.abs();
        self.frozen.push(bound);
        change_column(&mut self.hm, self.stages.level_cols[k], 0.0, bound)?;
        self.values = Some(cols);
        Ok(outcome)
    }
}

/// A stage's roster and what HiGHS said of it.
struct Reached {
    status: Status,
    cols: Vec<f64>,
    bound: f64,
    nodes: i64,
}

/// A large model, from this many columns: the root LP of each stage is solved by the
/// interior-point
/// method (IPX, with crossover, so that the re-solves after cuts and in the nodes start
/// from a basis with the dual simplex); below, by the dual simplex. Measured on the
/// first level of the Lozère quarter (27,435 columns): dual simplex 257 s, primal
/// simplex 52 s, interior point 3.9 s (docs/benchmarks.md, "What each change bought").
pub const LARGE_MODEL_COLUMNS: usize = 10_000;

/// The root LP algorithm for a model of `columns` columns (HiGHS's `mip_lp_solver`).
fn root_lp(columns: usize) -> &'static str {
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

/// What a run, a stage or the local search may use: seconds of wall clock, and with
/// [`SolveOptions::work_limit`] LP iterations.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Limit {
    seconds: f64,
    work: Option<i64>,
}

impl Limit {
    /// A share of this limit (at least a second, and at least one iteration).
    fn share(self, share: f64) -> Limit {
        Limit {
            seconds: (self.seconds * share).max(1.0),
            work: self.work.map(|w| ((w as f64 * share) as i64).max(1)),
        }
    }
}

/// What one HiGHS run of a stage gave.
enum Attempt {
    /// A roster.
    Solved {
        status: Status,
        cols: Vec<f64>,
        bound: f64,
        nodes: i64,
        /// HiGHS's objective equals the level recomputed at the returned columns.
        trusted: bool,
        /// When HiGHS found its last improving solution.
        improved_at: Option<Instant>,
    },
    /// No roster within the time.
    NoRoster { bound: f64, nodes: i64 },
    /// HiGHS failed (error, or a spurious infeasibility).
    Failed {
        error: SolveError,
        bound: f64,
        nodes: i64,
    },
}

/// What every stage shares: the problem and the options.
struct Stages<'a> {
    /// When the solve started, for the progress reports.
    started: Instant,
    /// While the local search runs: its incumbent's value and the branch and bound's
    /// bound, which the progress reports show instead of the small MIP's own.
    local_search: std::cell::Cell<Option<(f64, f64)>>,
    vars: &'a good_lp::ProblemVariables,
    rows: &'a [Constraint],
    level_cols: &'a [usize],
    /// The constant of each level column ([`crate::model::LevelObjective::offset`]), added to
    /// the values the progress reports show.
    offsets: &'a [f64],
    binaries: &'a [usize],
    options: &'a SolveOptions,
    /// Starts pass every column (the local search) rather than the binaries.
    full_start: std::cell::Cell<bool>,
    /// LP iterations of every run so far (the work of [`SolveOptions::work_limit`]).
    spent: std::cell::Cell<i64>,
    /// Columns a fresh model fixes at 0 (the optional binaries during the warm start).
    zero: std::cell::RefCell<Vec<usize>>,
    /// HiGHS's `mip_lp_solver` for the next runs: the algorithm of the root LP.
    root_lp: std::cell::Cell<&'static str>,
}

impl Stages<'_> {
    /// A new HiGHS model of the whole problem, with the levels already solved frozen.
    fn fresh(&self, frozen: &[f64]) -> Result<highs::Model, SolveError> {
        let mut problem = self
            .vars
            .clone()
            .minimise(Expression::from(0.0))
            .using(good_lp::highs);
        for c in self.rows {
            problem.add_constraint(c.clone());
        }
        let mut hm = problem
            .try_into_inner()
            .map_err(|e| SolveError::Highs(e.to_string()))?;
        let o = self.options;
        set(&mut hm, "output_flag", o.verbose)?;
        set(&mut hm, "log_to_console", o.verbose)?;
        set(
            &mut hm,
            "threads",
            i32::try_from(o.threads.max(1)).unwrap_or(1),
        )?;
        set(
            &mut hm,
            "random_seed",
            i32::try_from(o.seed).unwrap_or(i32::MAX),
        )?;
        set(&mut hm, "mip_rel_gap", o.gap)?;
        // Two values of a level within the freeze margin count as a tie (docs/model.md,
        // "Dominance"), so a stage is solved when its incumbent is that close to the bound.
        set(&mut hm, "mip_abs_gap", FREEZE_MARGIN)?;
        // Symmetry detection took 36 s of a 60 s run on the Lozère quarter (HiGHS 1.16,
        // 2 cores) and found 6 generators: not worth it on these models.
        set(&mut hm, "mip_detect_symmetry", false)?;
        hm.set_sense(Sense::Minimise);
        for (j, &bound) in frozen.iter().enumerate() {
            change_column(&mut hm, self.level_cols[j], 0.0, bound)?;
        }
        for &c in self.zero.borrow().iter() {
            set_bounds(&mut hm, c, 0.0, 0.0)?;
        }
        Ok(hm)
    }

    /// Looks for any roster (every level column at cost 0: the first feasible point is
    /// optimal), within `budget` seconds; its columns, or `None` (then `hm` may have
    /// been consumed by an error, and the caller builds a fresh one).
    ///
    /// It stops at its first roster (which is optimal for a flat objective), so it is
    /// deterministic without a work limit of its own; the time limit stays a cap.
    fn find_roster(&self, hm: &mut highs::Model, limit: Limit) -> Option<Vec<f64>> {
        let budget = limit.seconds;
        // SAFETY: the pointer is the live instance owned by `hm`.
        unsafe {
            highs_sys::Highs_zeroAllClocks(hm.as_mut_ptr());
        }
        let prepared = (|| -> Result<(), SolveError> {
            set(hm, "time_limit", budget)?;
            set(hm, "presolve", "choose")?;
            set(hm, "mip_heuristic_effort", HEURISTIC_EFFORT_FIRST)?;
            for &c in self.level_cols {
                let upper = f64::INFINITY;
                change_column(hm, c, 0.0, upper)?;
            }
            Ok(())
        })();
        if prepared.is_err() {
            return None;
        }
        let model = std::mem::replace(hm, highs::Model::new(highs::RowProblem::default()));
        let solved = model.try_solve().ok()?;
        let feasible = solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
        let cols = feasible.then(|| solved.get_solution().columns().to_vec());
        *hm = highs::Model::from(solved);
        cols
    }

    /// Runs stage `k` on `hm` (which it leaves ready for the next stage); with `soft`,
    /// the run stops after that many seconds as soon as it holds a roster.
    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        hm: &mut highs::Model,
        k: usize,
        stage: Stage,
        limit: Limit,
        start: Option<&[f64]>,
        presolve: bool,
        soft: Option<Limit>,
    ) -> Attempt {
        let budget = limit.seconds;
        let failed = |error| Attempt::Failed {
            error,
            bound: f64::NEG_INFINITY,
            nodes: 0,
        };
        // HiGHS's run clock accumulates over the runs of one instance, and the LP that
        // completes a sparse MIP start compares it with the time limit: restart it.
        // SAFETY: the pointer is the live instance owned by `hm`.
        unsafe {
            highs_sys::Highs_zeroAllClocks(hm.as_mut_ptr());
        }
        let prepared = (|| -> Result<(), SolveError> {
            set(hm, "time_limit", budget)?;
            set(hm, "presolve", if presolve { "choose" } else { "off" })?;
            // The first level's difficulty is mostly finding a complete roster, so it
            // gets more primal heuristics than HiGHS's default of 0.05.
            set(
                hm,
                "mip_heuristic_effort",
                if k == 0 { HEURISTIC_EFFORT_FIRST } else { 0.05 },
            )?;
            set(hm, "mip_lp_solver", self.root_lp.get())?;
            change_column(hm, self.level_cols[k], 1.0, f64::INFINITY)?;
            if let Some(v) = start {
                if self.full_start.get() {
                    set_full_start(hm, v)?;
                } else {
                    set_start(hm, self.binaries, v)?;
                }
            }
            Ok(())
        })();
        if let Err(e) = prepared {
            return failed(e);
        }
        // `try_solve` consumes the model; on an error it is gone, so run on a
        // placeholder-swapped value and put a solved one back.
        let mut model = std::mem::replace(hm, highs::Model::new(highs::RowProblem::default()));
        // With a work limit the soft stop counts work too, never the clock, so that it
        // falls at the same point on any machine.
        let improvements = Box::new(Improvements {
            times: std::sync::Mutex::default(),
            soft_deadline: soft
                .filter(|s| s.work.is_none())
                .map(|s| Instant::now() + std::time::Duration::from_secs_f64(s.seconds)),
            work_limit: limit.work,
            soft_work: soft.and_then(|s| s.work),
            iterations: std::sync::atomic::AtomicI64::new(0),
            work_stopped: std::sync::atomic::AtomicBool::new(false),
            stop: self.options.stop.clone(),
            progress: self.options.progress.clone().map(|sink| Reporter {
                sink,
                stage,
                offset: self.offsets.get(k).copied().unwrap_or(0.0),
                started: self.started,
                local_search: self.local_search.get(),
                last: std::sync::Mutex::new(None),
            }),
        });
        if let Some(reporter) = &improvements.progress {
            reporter.stage_started();
        }
        // SAFETY: the pointer is the live instance owned by `model`; the callback data is
        // the boxed `improvements`, which outlives the solve, and the callback is removed
        // below before the box is dropped.
        unsafe {
            let data = std::ptr::from_ref::<Improvements>(&improvements) as *mut std::ffi::c_void;
            highs_sys::Highs_setCallback(model.as_mut_ptr(), Some(on_improvement), data);
            highs_sys::Highs_startCallback(
                model.as_mut_ptr(),
                highs_sys::kHighsCallbackMipImprovingSolution,
            );
            // The interrupt callbacks serve the soft deadline and Ctrl-C.
            for kind in [
                highs_sys::kHighsCallbackMipInterrupt,
                highs_sys::kHighsCallbackSimplexInterrupt,
                highs_sys::kHighsCallbackIpmInterrupt,
            ] {
                highs_sys::Highs_startCallback(model.as_mut_ptr(), kind);
            }
        }
        let run_started = Instant::now();
        let solved = model.try_solve();
        self.spent.set(self.spent.get() + improvements.iterations());
        let solved = match solved {
            Ok(solved) => solved,
            Err(e) => return failed(SolveError::Highs(format!("{e:?}"))),
        };
        let work_stopped = improvements
            .work_stopped
            .load(std::sync::atomic::Ordering::Relaxed);
        let mut solved = solved;
        // SAFETY: as above; afterwards HiGHS holds no pointer to `improvements`.
        unsafe {
            highs_sys::Highs_setCallback(solved.as_mut_ptr(), None, std::ptr::null_mut());
        }
        let improved_at = improvements
            .last()
            .map(|t| run_started + std::time::Duration::from_secs_f64(t.max(0.0)));
        let bound = solved
            .double_info_value(c"mip_dual_bound")
            .unwrap_or(f64::NEG_INFINITY);
        let nodes = node_count(&solved);
        let status = match solved.status() {
            HighsModelStatus::Optimal => Some(Status::Optimal),
            HighsModelStatus::ReachedInterrupt if work_stopped => Some(Status::WorkLimit),
            HighsModelStatus::ReachedTimeLimit
            | HighsModelStatus::ReachedInterrupt
            | HighsModelStatus::ReachedIterationLimit
            | HighsModelStatus::ReachedSolutionLimit
            | HighsModelStatus::ReachedMemoryLimit => Some(Status::TimeLimit),
            _ => None,
        };
        let feasible = solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
        let attempt = match (status, feasible) {
            (Some(status), true) => {
                let cols = solved.get_solution().columns().to_vec();
                let objective = solved.objective_value();
                let recomputed = cols[self.level_cols[k]];
                Attempt::Solved {
                    status,
                    trusted: (objective - recomputed).abs() <= 1e-6 * objective.abs().max(1.0),
                    cols,
                    bound,
                    nodes,
                    improved_at,
                }
            }
            (Some(_), false) => Attempt::NoRoster { bound, nodes },
            (None, _) => Attempt::Failed {
                error: match solved.status() {
                    HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
                        SolveError::Infeasible(stage)
                    }
                    other => SolveError::Highs(format!("{other:?}")),
                },
                bound,
                nodes,
            },
        };
        *hm = highs::Model::from(solved);
        attempt
    }
}

/// What the callback of one run records and reads: when HiGHS found improving
/// solutions (its run time, seconds), and the moment after which the run stops as soon
/// as it holds a roster.
#[derive(Default)]
struct Improvements {
    times: std::sync::Mutex<Vec<f64>>,
    soft_deadline: Option<Instant>,
    /// Where the run's progress goes, when asked.
    progress: Option<Reporter>,
    /// The run's share of the work limit, LP iterations: it stops there.
    work_limit: Option<i64>,
    /// With a work limit, the soft point: past it the run stops as soon as it holds a
    /// roster (the work counterpart of `soft_deadline`).
    soft_work: Option<i64>,
    /// LP iterations of the branch and bound so far (HiGHS's last report).
    iterations: std::sync::atomic::AtomicI64,
    /// Whether the work limit stopped the run.
    work_stopped: std::sync::atomic::AtomicBool,
    /// The solve's stop request ([`SolveOptions::stop`]).
    stop: StopFlag,
}

/// Sends one run's progress to the sink of [`SolveOptions::progress`].
struct Reporter {
    sink: ProgressSink,
    stage: Stage,
    /// The stage's constant, kept out of HiGHS's model: added to the values shown.
    offset: f64,
    started: Instant,
    /// With the local search: its incumbent's value and the bound before it.
    local_search: Option<(f64, f64)>,
    /// When the last report went.
    last: std::sync::Mutex<Option<Instant>>,
}

impl Reporter {
    /// The first report of a run: the stage, and what the local search holds.
    fn stage_started(&self) {
        let (objective, bound) = match self.local_search {
            Some((value, bound)) => (Some(value), Some(bound)),
            None => (None, None),
        };
        self.send(objective, bound, true);
    }

    /// Reports HiGHS's primal and dual bounds (infinite when it has none), at most
    /// every [`PROGRESS_INTERVAL`] unless `now` (an improving roster).
    fn report(&self, primal: f64, dual: f64, now: bool) {
        let (objective, bound) = match self.local_search {
            // The small MIP's own bound says nothing of the level.
            Some((value, bound)) => (Some(primal.min(value)), Some(bound)),
            None => (
                (primal.is_finite() && primal.abs() < 1e20).then_some(primal),
                (dual.is_finite() && dual.abs() < 1e20).then_some(dual),
            ),
        };
        self.send(objective, bound, now);
    }

    fn send(&self, objective: Option<f64>, bound: Option<f64>, now: bool) {
        let at = Instant::now();
        if let Ok(mut last) = self.last.lock() {
            if !now && last.is_some_and(|t| at.duration_since(t) < PROGRESS_INTERVAL) {
                return;
            }
            *last = Some(at);
        }
        let bound = match (objective, bound) {
            (Some(o), Some(b)) => Some(b.min(o)),
            (_, b) => b,
        };
        let gap = objective.zip(bound).map(|(o, b)| relative_gap(o, b));
        (self.sink.0)(&Progress {
            stage: self.stage,
            local_search: self.local_search.is_some(),
            elapsed: at.duration_since(self.started).as_secs_f64(),
            objective: objective.map(|o| o + self.offset),
            bound: bound.map(|b| b + self.offset),
            gap,
        });
    }
}

impl Improvements {
    /// The run time of the last improving solution.
    fn last(&self) -> Option<f64> {
        self.times.lock().ok().and_then(|t| t.last().copied())
    }

    /// LP iterations so far.
    fn iterations(&self) -> i64 {
        self.iterations.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Whether the run has used its work (or its soft share of it, holding a roster).
    fn out_of_work(&self) -> bool {
        let used = self.iterations();
        self.work_limit.is_some_and(|w| used >= w)
            || (self.soft_work.is_some_and(|w| used >= w) && self.last().is_some())
    }
}

/// HiGHS's callback: records the run time of each improving MIP solution, and stops
/// the run at the soft deadline (once it holds a roster) or on [`StopFlag::request`].
unsafe extern "C" fn on_improvement(
    kind: std::ffi::c_int,
    _message: *const std::ffi::c_char,
    data_out: *const highs_sys::HighsCallbackDataOut,
    data_in: *mut highs_sys::HighsCallbackDataIn,
    user: *mut std::ffi::c_void,
) {
    if data_out.is_null() || user.is_null() {
        return;
    }
    // SAFETY: HiGHS passes back the pointer given to `Highs_setCallback`, a live
    // `Improvements`, and valid records for the duration of the call.
    let (improvements, out) = unsafe { (&*(user as *const Improvements), &*data_out) };
    let mip = kind == highs_sys::kHighsCallbackMipImprovingSolution as std::ffi::c_int;
    if let Some(reporter) = &improvements.progress {
        if mip || kind == highs_sys::kHighsCallbackMipInterrupt as std::ffi::c_int {
            reporter.report(out.mip_primal_bound, out.mip_dual_bound, mip);
        }
    }
    let interrupt = kind == highs_sys::kHighsCallbackMipInterrupt as std::ffi::c_int;
    if mip || interrupt {
        improvements.iterations.fetch_max(
            out.mip_total_lp_iterations,
            std::sync::atomic::Ordering::Relaxed,
        );
    }
    if mip {
        if let Ok(mut times) = improvements.times.lock() {
            times.push(out.running_time);
        }
    } else if data_in.is_null() {
        // Nothing to answer.
    } else if interrupt && improvements.out_of_work() {
        improvements
            .work_stopped
            .store(true, std::sync::atomic::Ordering::Relaxed);
        // SAFETY: `data_in` is HiGHS's live input record for this call.
        unsafe {
            (*data_in).user_interrupt = 1;
        }
    } else if improvements.stop.requested()
        || (kind == highs_sys::kHighsCallbackMipInterrupt as std::ffi::c_int
            && improvements
                .soft_deadline
                .is_some_and(|d| Instant::now() >= d)
            && improvements.last().is_some())
    {
        // SAFETY: `data_in` is HiGHS's live input record for this call.
        unsafe {
            (*data_in).user_interrupt = 1;
        }
    }
}

/// HiGHS's relative gap, |objective − bound| / |objective| (0 when both are 0).
pub fn relative_gap(objective: f64, bound: f64) -> f64 {
    if !bound.is_finite() {
        return f64::INFINITY;
    }
    let diff = (objective - bound).abs();
    if diff <= 1e-9 {
        0.0
    } else {
        diff / objective.abs().max(1e-9)
    }
}

/// "HiGHS 1.x.y".
pub fn highs_version() -> String {
    // SAFETY: these C functions read compile-time constants.
    let (major, minor, patch) = unsafe {
        (
            highs_sys::Highs_versionMajor(),
            highs_sys::Highs_versionMinor(),
            highs_sys::Highs_versionPatch(),
        )
    };
    format!("HiGHS {major}.{minor}.{patch}")
}

/// Maps good_lp variables to column indices, for reading values.
pub fn column_map(columns: &[good_lp::Variable]) -> HashMap<good_lp::Variable, usize> {
    columns.iter().enumerate().map(|(i, v)| (*v, i)).collect()
}

/// Value of an expression at the given column values.
pub fn evaluate(
    expression: &Expression,
    map: &HashMap<good_lp::Variable, usize>,
    values: &[f64],
) -> f64 {
    expression.constant()
        + expression
            .clone()
            .linear_coefficients()
            .map(|(v, c)| c * map.get(&v).map_or(0.0, |&i| values[i]))
            .sum::<f64>()
}
