//! The calls to HiGHS: its options, the C API calls that the `highs` crate does not
//! offer (column costs and bounds, MIP starts, node count, clocks, version), each
//! `unsafe` block with its SAFETY comment, the building of a fresh HiGHS model
//! ([`Stages::fresh`]), one run of a stage ([`Stages::run`], [`Stages::find_roster`]),
//! and the callback that records improving rosters, reports progress and stops a run
//! (soft deadline, work limit, Ctrl-C).

use std::time::Instant;

use good_lp::{Constraint, Expression, SolverModel};
use highs::{HighsModelStatus, Sense};

use super::{
    relative_gap, HighsFailure, Progress, ProgressSink, SolveError, SolveOptions, Status, StopFlag,
    FREEZE_MARGIN, HEURISTIC_EFFORT_FIRST, PROGRESS_INTERVAL,
};
use crate::model::Stage;

fn set<V: highs::HighsOptionValue>(
    model: &mut highs::Model,
    key: &str,
    value: V,
) -> Result<(), SolveError> {
    model.try_set_option(key, value).map_err(|e| {
        SolveError::Highs(HighsFailure::Option {
            key: key.to_owned(),
            detail: format!("{e:?}"),
        })
    })
}

/// Changes one column's cost and upper bound (its lower bound becomes −∞) through the
/// C API (the `highs` crate's `Col` cannot be built from an index).
pub(super) fn change_column(
    model: &mut highs::Model,
    col: usize,
    cost: f64,
    upper: f64,
) -> Result<(), SolveError> {
    let index = i32::try_from(col).map_err(|_| SolveError::Highs(HighsFailure::TooManyColumns))?;
    // SAFETY: the pointer is the live HiGHS instance owned by `model`, and `index` is a
    // column index of that instance (the level columns are created by `solve`).
    let status = unsafe { highs_sys::Highs_changeColCost(model.as_mut_ptr(), index, cost) };
    if status == highs_sys::kHighsStatusError {
        return Err(SolveError::Highs(HighsFailure::Column(col)));
    }
    set_bounds(model, col, f64::NEG_INFINITY, upper)
}

/// Changes a model column's bounds (fixing optional binaries for the warm start).
pub(super) fn set_bounds(
    model: &mut highs::Model,
    col: usize,
    lower: f64,
    upper: f64,
) -> Result<(), SolveError> {
    let index = i32::try_from(col).map_err(|_| SolveError::Highs(HighsFailure::TooManyColumns))?;
    // SAFETY: the pointer is the live HiGHS instance owned by `model`, and `index` is one
    // of its columns.
    let status =
        unsafe { highs_sys::Highs_changeColBounds(model.as_mut_ptr(), index, lower, upper) };
    if status == highs_sys::kHighsStatusError {
        return Err(SolveError::Highs(HighsFailure::Column(col)));
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
        .map(|&c| i32::try_from(c).map_err(|_| SolveError::Highs(HighsFailure::TooManyColumns)))
        .collect::<Result<_, _>>()?;
    let value: Vec<f64> = binaries.iter().map(|&c| values[c].round()).collect();
    let n =
        i32::try_from(index.len()).map_err(|_| SolveError::Highs(HighsFailure::TooManyColumns))?;
    // SAFETY: `index` and `value` both hold `n` entries and outlive the call; every
    // index is a column of the live instance owned by `model`.
    let status = unsafe {
        highs_sys::Highs_setSparseSolution(model.as_mut_ptr(), n, index.as_ptr(), value.as_ptr())
    };
    if status == highs_sys::kHighsStatusError {
        return Err(SolveError::Highs(HighsFailure::StartRefused));
    }
    Ok(())
}

/// Passes every column of `values` as the MIP start: HiGHS checks it as it is, without
/// the LP that completes a sparse start (the local search's incumbent is one of
/// HiGHS's own solutions of the same level, so its continuous columns are consistent).
fn set_full_start(model: &mut highs::Model, values: &[f64]) -> Result<(), SolveError> {
    if values.len() < model.num_cols() {
        return Err(SolveError::Highs(HighsFailure::StartIncomplete));
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
        return Err(SolveError::Highs(HighsFailure::StartRefused));
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

/// What a run, a stage or the local search may use: seconds of wall clock, and with
/// [`SolveOptions::work_limit`] LP iterations.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Limit {
    pub(super) seconds: f64,
    pub(super) work: Option<i64>,
}

impl Limit {
    /// A share of this limit (at least a second, and at least one iteration).
    pub(super) fn share(self, share: f64) -> Limit {
        Limit {
            seconds: (self.seconds * share).max(1.0),
            work: self.work.map(|w| ((w as f64 * share) as i64).max(1)),
        }
    }
}

/// What one HiGHS run of a stage gave.
pub(super) enum Attempt {
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
pub(super) struct Stages<'a> {
    /// When the solve started, for the progress reports.
    pub(super) started: Instant,
    /// While the local search runs: its incumbent's value and the branch and bound's
    /// bound, which the progress reports show instead of the small MIP's own.
    pub(super) local_search: std::cell::Cell<Option<(f64, f64)>>,
    pub(super) vars: &'a good_lp::ProblemVariables,
    pub(super) rows: &'a [Constraint],
    pub(super) level_cols: &'a [usize],
    /// The constant of each level column ([`crate::model::LevelObjective::offset`]), added to
    /// the values the progress reports show.
    pub(super) offsets: &'a [f64],
    pub(super) binaries: &'a [usize],
    pub(super) options: &'a SolveOptions,
    /// Starts pass every column (the local search) rather than the binaries.
    pub(super) full_start: std::cell::Cell<bool>,
    /// LP iterations of every run so far (the work of [`SolveOptions::work_limit`]).
    pub(super) spent: std::cell::Cell<i64>,
    /// Columns a fresh model fixes at 0 (the optional binaries during the warm start).
    pub(super) zero: std::cell::RefCell<Vec<usize>>,
    /// HiGHS's `mip_lp_solver` for the next runs: the algorithm of the root LP.
    pub(super) root_lp: std::cell::Cell<&'static str>,
}

impl Stages<'_> {
    /// A new HiGHS model of the whole problem, with the levels already solved frozen.
    pub(super) fn fresh(&self, frozen: &[f64]) -> Result<highs::Model, SolveError> {
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
            .map_err(|e| SolveError::Highs(HighsFailure::Other(e.to_string())))?;
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
    pub(super) fn find_roster(&self, hm: &mut highs::Model, limit: Limit) -> Option<Vec<f64>> {
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
    pub(super) fn run(
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
            Err(e) => return failed(SolveError::Highs(HighsFailure::Other(format!("{e:?}")))),
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
                    other => SolveError::Highs(HighsFailure::Other(format!("{other:?}"))),
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
