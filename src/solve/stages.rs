//! The stages of a solve: [`Run`] holds the HiGHS model, the limits and what the
//! stages so far found, and runs the warm start ([`Run::warm_start`]), then each level
//! ([`Run::level`]: branch and bound, [`Run::reached`], the first level's local search
//! [`Run::search`], then [`Run::freeze`]).

use std::collections::HashMap;
use std::time::Instant;

use super::decompose::{self, Decomposition};
use super::highs::{change_column, set_bounds, Attempt, Limit, Stages};
use super::{
    evaluate, lns, relative_gap, LevelOutcome, LnsReport, SolveError, Status, WarmStage,
    FEASIBILITY_SHARE, FREEZE_MARGIN, LARGE_MODEL_COLUMNS, LATER_LEVEL_PRESOLVE_MAX_BINARIES,
    LNS_MAIN_SHARE, STALL_MOVES, WARM_EXTENDED_SHARE, WARM_MAIN_SHARE, WARM_START_SHARE,
};
use crate::model::{Assign, LevelObjective, Stage};

/// The solve under way: the HiGHS model, the limits, and what the stages so far found.
pub(super) struct Run<'a> {
    pub(super) stages: Stages<'a>,
    /// The HiGHS model, with the levels solved so far frozen.
    pub(super) hm: highs::Model,
    /// The whole solve's work limit, in LP iterations.
    pub(super) total_work: Option<i64>,
    pub(super) map: &'a HashMap<good_lp::Variable, usize>,
    /// The local search's grid of the levels.
    pub(super) grid: &'a lns::Grid,
    /// The model's columns (the level columns come after).
    pub(super) n_model_cols: usize,
    /// The model's binaries ([`crate::model::ModelSize::binaries`]).
    pub(super) binaries: usize,
    /// The value each level solved so far is frozen at.
    pub(super) frozen: Vec<f64>,
    /// The last stage's roster, every column.
    pub(super) values: Option<Vec<f64>>,
    pub(super) time_to_best: Option<f64>,
    pub(super) lns_report: Option<LnsReport>,
    /// The practitioner of each binary's column, for the decomposition's split.
    pub(super) owner: &'a [Option<u32>],
    /// Columns that stay in the decomposition's master.
    pub(super) global: &'a [usize],
    /// The model has no greedy start (the general rostering rules).
    pub(super) general: bool,
    /// What the decomposition found on the level under way.
    pub(super) decomposition: Option<Decomposition>,
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
    pub(super) fn warm_start(
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
                decomposition: None,
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
    pub(super) fn level(
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
                    decomposition: None,
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
        let mut budget = self.left().share(share);
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
        let dw_roster: Option<Vec<f64>>;
        let mut first_start = if k == 0 {
            Some(feasible.as_deref().unwrap_or(greedy))
        } else {
            self.values.as_deref()
        };
        // The decomposition first, when the engine asks for it: its bound joins the
        // compact model's, and its roster starts the branch and bound.
        let dw_share = options
            .engine
            .decomposition_share(k, self.general, self.binaries);
        if dw_share > 0.0 {
            if let Some(start) = first_start {
                let full = k > 0 || feasible.is_some();
                let dw_start = Instant::now();
                let work_before = self.stages.spent.get();
                let dw_budget = decompose::Budget {
                    deadline: dw_start
                        + std::time::Duration::from_secs_f64(
                            (budget.seconds - stage_start.elapsed().as_secs_f64()).max(0.0)
                                * dw_share,
                        ),
                    work: budget.work.map(|w| (w as f64 * dw_share) as i64),
                    generation_share: 0.7,
                    threads: options.threads,
                    seed: options.seed,
                    stop: options.stop.clone(),
                };
                let found = decompose::level(
                    &self.hm,
                    self.stages.level_cols,
                    k,
                    self.owner,
                    self.global,
                    start,
                    full,
                    &dw_budget,
                );
                dw_roster = match found {
                    Some((report, roster)) => {
                        self.stages.spent.set(work_before + report.iterations);
                        self.decomposition = Some(report);
                        roster.map(|r| r.cols)
                    }
                    None => None,
                };
                if let Some(cols) = &dw_roster {
                    first_start = Some(cols);
                }
                let spent = dw_start.elapsed().as_secs_f64();
                budget = Limit {
                    seconds: (budget.seconds - spent).max(1.0),
                    work: budget
                        .work
                        .map(|w| (w - (self.stages.spent.get() - work_before)).max(1)),
                };
            }
        }
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
        // The decomposition's Lagrangian bound is valid whatever stopped it: the best
        // of it and branch and bound's is the level's bound.
        let decomposition = self.decomposition.take();
        let dw_bound = decomposition
            .as_ref()
            .and_then(|d| d.bound)
            .unwrap_or(f64::NEG_INFINITY);
        let bound = bound.max(dw_bound);
        let status = if dw_bound.is_finite()
            && (objective - dw_bound <= FREEZE_MARGIN
                || relative_gap(objective, dw_bound) <= options.gap)
        {
            Status::Optimal
        } else {
            status
        };
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
            // Its figures with the level's constant, as the outcome's.
            decomposition: decomposition.map(|d| Decomposition {
                bound: d.bound.map(|b| b + level.offset),
                master_value: d.master_value.map(|v| v + level.offset),
                roster_value: d.roster_value.map(|v| v + level.offset),
                ..d
            }),
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
