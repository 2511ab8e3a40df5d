//! The decomposition engine: a Dantzig–Wolfe reformulation of one level by
//! practitioner, solved by column generation, for a bound near the integer optimum
//! and rosters built from whole personal schedules (docs/model.md, "The decomposition
//! engine").
//!
//! - [`split`]: the level's problem read back from HiGHS and split into one block per
//!   practitioner and the linking rows (cover of each duty, population cover, the worst
//!   overload, the earlier levels' frozen values).
//! - The master LP picks a convex combination of schedules per practitioner
//!   (`Σ_k λ_{p,k} = 1`) and holds the linking rows and the master's own columns; it
//!   starts from the start roster's schedules, with penalised artificial columns so
//!   that it is always feasible, and grows by columns, re-optimised warm by HiGHS.
//! - The pricing problem of practitioner `p` is the compact model restricted to `p`'s
//!   block (every personal rule: overlaps, rest, spacing, maxima, weekends, runs,
//!   minutes, wishes, their fairness deviations), a small MIP whose objective is the
//!   reduced cost under the master's duals. It is exact: HiGHS solves it to optimality
//!   or, stopped early, gives its dual bound.
//! - The bound: at every round, with the (sign-corrected) duals `π` of the linking
//!   rows, the Lagrangian function `L(π) = Σ_i π_i·rhs_i + Σ_p min_{y ∈ X_p}(c − Aᵀπ)y +
//!   Σ_g min_{box}(c_g − A_gᵀπ)g` is a lower bound of the level, whatever the master
//!   (the pricing minima are taken as HiGHS's proven dual bounds). So a run stopped at
//!   any moment still reports a true bound (Lagrangian / Farley bound).
//! - Integer rosters: the restricted master as a MIP over the generated schedules.
//!
//! The engine works on the matrix HiGHS holds, so it solves exactly the compact
//! model's problem; only the split of the rows differs.

mod lp;
mod pool;
mod split;

use std::time::Instant;

use lp::{Lp, LpData, RunStatus};
use pool::{Job, Pool};
use split::Split;

use super::StopFlag;

/// What the engine may use.
#[derive(Clone, Debug)]
pub(super) struct Budget {
    /// When to stop, whatever the phase.
    pub(super) deadline: Instant,
    /// A deterministic cap on LP iterations (master simplex and pricing MIPs together),
    /// with [`super::SolveOptions::work_limit`].
    pub(super) work: Option<i64>,
    /// Share of the budget for column generation; the rest goes to the restricted
    /// master MIP.
    pub(super) generation_share: f64,
    pub(super) threads: u32,
    pub(super) seed: u32,
    pub(super) stop: StopFlag,
}

/// What the engine found on a level, in the level's space (without its constant).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decomposition {
    /// Practitioners (blocks) of the split.
    pub blocks: usize,
    /// Linking rows of the master.
    pub linking_rows: usize,
    /// Rounds of column generation.
    pub rounds: usize,
    /// Schedules generated (the start's included).
    pub columns: usize,
    /// The best Lagrangian bound found, when a round priced every practitioner.
    pub bound: Option<f64>,
    /// The master LP's last value (the DW bound itself once no column prices out).
    pub master_value: Option<f64>,
    /// No column priced out at the master's duals in a round that priced every
    /// practitioner exactly: `bound` is then the reformulation's LP bound, up to the
    /// reduced-cost tolerance.
    pub converged: bool,
    /// The first round priced the duals of the compact model's LP relaxation.
    pub relaxation: bool,
    /// The restricted master MIP's roster value, when it found one.
    pub roster_value: Option<f64>,
    /// Seconds spent.
    pub seconds: f64,
    /// LP iterations spent (master and pricing).
    pub iterations: i64,
}

/// A roster the engine built, every column of HiGHS's model (level columns 0).
pub(super) struct Roster {
    pub(super) cols: Vec<f64>,
}

/// One schedule of one practitioner: its block's values, sparse.
#[derive(Clone, Debug)]
struct Schedule {
    block: usize,
    /// `(column, value)` for every non-zero column of the block.
    values: Vec<(usize, f64)>,
    cost: f64,
}

/// The artificial columns' first cost, relative to the largest cost: small, so that
/// the first duals are of the objective's magnitude; raised tenfold while an
/// artificial stays positive at convergence, up to `MAX_PENALTY`.
const INITIAL_PENALTY: f64 = 2.0;
const MAX_PENALTY: f64 = 1e9;

/// The share of column generation's time the compact relaxation may take.
const RELAXATION_SHARE: f64 = 0.2;

/// The weight of the best bound's duals in the duals priced (Wentges smoothing).
const SMOOTHING: f64 = 0.5;

/// Relative tolerance under which a reduced cost counts as 0.
const REDUCED_COST_TOLERANCE: f64 = 1e-7;

/// Solves the level `k` of the HiGHS model `hm` by column generation from the roster
/// `start` (every column of `hm`; `start_full` when the columns other than the
/// binaries are meaningful, otherwise they are completed per block).
#[allow(clippy::too_many_arguments)]
pub(super) fn level(
    hm: &highs::Model,
    level_cols: &[usize],
    k: usize,
    owner: &[Option<u32>],
    global: &[usize],
    start: &[f64],
    start_full: bool,
    budget: &Budget,
) -> Option<(Decomposition, Option<Roster>)> {
    let began = Instant::now();
    let data = Lp::read(hm);
    let split = Split::new(data, level_cols, k, owner, global)?;
    let problems: Vec<LpData> = (0..split.blocks.len())
        .map(|b| split.block_problem(b))
        .collect();
    std::thread::scope(|scope| {
        let threads = usize::try_from(budget.threads).unwrap_or(1);
        let pool = Pool::start(scope, problems, threads, budget.seed, &budget.stop);
        let mut engine = Engine::new(split, budget, &pool);
        let report = engine.generate(start, start_full, began);
        let (mut report, roster) = engine.integer(report);
        report.seconds = began.elapsed().as_secs_f64();
        Some((report, roster))
    })
}

struct Engine<'a> {
    split: Split,
    budget: &'a Budget,
    pool: &'a Pool,
    master: Lp,
    /// The artificial columns, after the master's own.
    artificials: usize,
    /// Their cost.
    penalty: f64,
    schedules: Vec<Schedule>,
    /// The start roster as a point of the restricted master (its own columns' values and
    /// each block's schedule), when every column of the start was meaningful and every
    /// block's schedule was kept: the restricted master MIP's start.
    start_point: Option<(Vec<f64>, Vec<usize>)>,
    iterations: i64,
    /// Scale of the objective, for tolerances.
    scale: f64,
}

impl<'a> Engine<'a> {
    fn new(split: Split, budget: &'a Budget, pool: &'a Pool) -> Self {
        let scale = split.data.cost.iter().fold(1.0f64, |m, c| m.max(c.abs()));
        let penalty = INITIAL_PENALTY * scale;
        let (mut lp_data, artificials) = master_data(&split, Some(penalty));
        // The master LP is always an LP: integrality is for the restricted MIP.
        lp_data.integer = vec![false; lp_data.num_col()];
        let mut master = Lp::new(budget.threads, budget.seed);
        master.pass(&lp_data);
        Engine {
            artificials,
            penalty,
            split,
            budget,
            pool,
            master,
            schedules: Vec::new(),
            start_point: None,
            iterations: 0,
            scale,
        }
    }

    fn out_of_budget(&self, until: Instant) -> bool {
        Instant::now() >= until
            || self.budget.stop.requested()
            || self.budget.work.is_some_and(|w| self.iterations >= w)
    }

    /// Adds a schedule to the master.
    fn add_schedule(&mut self, s: Schedule) {
        let entries = schedule_entries(&self.split, &s);
        self.master.add_col(s.cost, 0.0, f64::INFINITY, &entries);
        self.schedules.push(s);
    }

    /// The sign-corrected duals of the linking rows in the compact model's LP
    /// relaxation (interior point without crossover: any duals give a valid bound, and
    /// these only steer the search), within a fifth of the generation's time; `None`
    /// when HiGHS does not solve it in that time.
    fn relaxation_duals(&self, began: Instant, until: Instant) -> Option<Vec<f64>> {
        let d = &self.split.data;
        let mut lp_data = d.clone();
        lp_data.integer = vec![false; d.num_col()];
        let mut in_problem = vec![false; d.num_col()];
        for b in &self.split.blocks {
            for &j in &b.cols {
                in_problem[j] = true;
            }
        }
        for &j in &self.split.master_cols {
            in_problem[j] = true;
        }
        // The level columns out (at 0), their rows free unless the split kept them.
        for (j, &inside) in in_problem.iter().enumerate() {
            if !inside {
                lp_data.col_lower[j] = 0.0;
                lp_data.col_upper[j] = 0.0;
            }
        }
        let mut kept = vec![false; d.num_row()];
        for &r in &self.split.link_rows {
            kept[r] = true;
        }
        for b in &self.split.blocks {
            for &r in &b.rows {
                kept[r] = true;
            }
        }
        for (r, &k) in kept.iter().enumerate() {
            if !k {
                lp_data.row_lower[r] = f64::NEG_INFINITY;
                lp_data.row_upper[r] = f64::INFINITY;
            }
        }
        let seconds = until.saturating_duration_since(began).as_secs_f64() * RELAXATION_SHARE;
        if seconds <= 0.0 || self.out_of_budget(until) {
            return None;
        }
        let mut lp = Lp::new(self.budget.threads, self.budget.seed);
        lp.pass(&lp_data);
        lp.set_string("solver", "ipm");
        lp.set_string("run_crossover", "off");
        lp.set_double("time_limit", seconds);
        if lp.run() != RunStatus::Optimal {
            return None;
        }
        let (_, duals) = lp.solution();
        let link: Vec<f64> = self.split.link_rows.iter().map(|&r| duals[r]).collect();
        Some(self.sign_corrected(&link))
    }

    /// The duals of the linking rows with the sign each row allows (a ≥ side only with
    /// π ≥ 0, a ≤ side only with π ≤ 0; an equality either): any such vector gives a
    /// valid Lagrangian bound.
    fn sign_corrected(&self, duals: &[f64]) -> Vec<f64> {
        duals
            .iter()
            .enumerate()
            .map(|(l, &p)| {
                let r = self.split.link_rows[l];
                let (lo, hi) = (self.split.data.row_lower[r], self.split.data.row_upper[r]);
                if (p > 0.0 && !lo.is_finite()) || (p < 0.0 && !hi.is_finite()) {
                    0.0
                } else {
                    p
                }
            })
            .collect()
    }

    /// Block `b`'s column costs under the duals `pi`: `c_j − Σ_i π_i a_ij`.
    fn block_costs(&self, b: usize, pi: &[f64]) -> Vec<f64> {
        self.split.blocks[b]
            .cols
            .iter()
            .map(|&j| {
                self.split.data.cost[j]
                    - self
                        .split
                        .link_entries(j)
                        .map(|(l, a)| pi[l] * a)
                        .sum::<f64>()
            })
            .collect()
    }

    /// One pricing round at the duals `pi`: the Lagrangian bound `L(π)` when every
    /// block was solved to optimality, and each block's best schedule.
    fn round(&mut self, pi: &[f64], until: Instant) -> (Option<f64>, Vec<(usize, Vec<f64>)>) {
        let mut bound = self.split.data.offset;
        for (l, &p) in pi.iter().enumerate() {
            let r = self.split.link_rows[l];
            if p > 0.0 {
                bound += p * self.split.data.row_lower[r];
            } else if p < 0.0 {
                bound += p * self.split.data.row_upper[r];
            }
        }
        for &j in &self.split.master_cols {
            let rc = self.split.data.cost[j]
                - self
                    .split
                    .link_entries(j)
                    .map(|(l, a)| pi[l] * a)
                    .sum::<f64>();
            let (lo, hi) = (self.split.data.col_lower[j], self.split.data.col_upper[j]);
            bound += if rc > 0.0 {
                rc * lo
            } else if rc < 0.0 {
                rc * hi
            } else {
                0.0
            };
        }
        if self.out_of_budget(until) {
            return (None, Vec::new());
        }
        let n_blocks = self.split.blocks.len();
        let jobs = (0..n_blocks)
            .map(|b| Job {
                block: b,
                costs: self.block_costs(b, pi),
                fix: None,
                until,
            })
            .collect();
        let mut complete = true;
        let mut found = Vec::new();
        let mut solved = 0;
        for done in self.pool.solve_all(jobs) {
            self.iterations += done.iterations;
            solved += 1;
            match done.bound {
                Some(lower) => bound += lower,
                None => complete = false,
            }
            if let Some(local) = done.local {
                found.push((done.block, local));
            }
        }
        if solved < n_blocks {
            complete = false;
        }
        ((complete && bound.is_finite()).then_some(bound), found)
    }

    fn schedule_of(&self, b: usize, local: &[f64]) -> Schedule {
        let cols = &self.split.blocks[b].cols;
        let mut values = Vec::new();
        let mut cost = 0.0;
        for (i, &j) in cols.iter().enumerate() {
            let mut v = local[i];
            if self.split.data.integer[j] {
                v = v.round();
            }
            if v.abs() > 1e-9 {
                values.push((j, v));
                cost += self.split.data.cost[j] * v;
            }
        }
        Schedule {
            block: b,
            values,
            cost,
        }
    }

    /// Column generation from `start`, until the budget's share: the report so far.
    fn generate(&mut self, start: &[f64], start_full: bool, began: Instant) -> Decomposition {
        let total = self.budget.deadline.saturating_duration_since(began);
        let until = began + total.mul_f64(self.budget.generation_share);
        let n_blocks = self.split.blocks.len();
        let mut report = Decomposition {
            blocks: n_blocks,
            linking_rows: self.split.link_rows.len(),
            ..Decomposition::default()
        };
        // The start's schedules: as they are when every column is meaningful, else
        // each block completed with its binaries fixed, at least cost.
        let locals: Vec<Vec<f64>> = (0..n_blocks)
            .map(|b| {
                self.split.blocks[b]
                    .cols
                    .iter()
                    .map(|&j| start.get(j).copied().unwrap_or(0.0))
                    .collect()
            })
            .collect();
        let completed: Vec<Option<Vec<f64>>> = if start_full {
            locals.into_iter().map(Some).collect()
        } else {
            // At least a moment for the completion, even on a spent budget.
            let until = until.max(Instant::now() + std::time::Duration::from_millis(200));
            let jobs = locals
                .into_iter()
                .enumerate()
                .map(|(b, local)| Job {
                    block: b,
                    costs: self.split.blocks[b]
                        .cols
                        .iter()
                        .map(|&j| self.split.data.cost[j])
                        .collect(),
                    fix: Some(local),
                    until,
                })
                .collect();
            let mut out = vec![None; n_blocks];
            for done in self.pool.solve_all(jobs) {
                self.iterations += done.iterations;
                out[done.block] = done.local;
            }
            out
        };
        let mut start_schedules = Vec::new();
        for (b, local) in completed.into_iter().enumerate() {
            if let Some(local) = local {
                let s = self.schedule_of(b, &local);
                start_schedules.push(self.schedules.len());
                self.add_schedule(s);
            }
        }
        if start_full && start_schedules.len() == n_blocks {
            let own = self
                .split
                .master_cols
                .iter()
                .map(|&j| start.get(j).copied().unwrap_or(0.0))
                .collect();
            self.start_point = Some((own, start_schedules));
        }
        // Wentges smoothing: the duals priced are a mix of the best bound's duals (the
        // centre) and the master's, which damps the oscillation of column generation;
        // a round whose smoothed duals price out nothing for the master is repeated
        // with the master's own duals (a mis-pricing), so convergence is kept.
        // The first centre: the duals of the compact model's LP relaxation, priced
        // exactly in the first round, so that the first bound is already at least of the
        // compact relaxation's order, and the first schedules are shaped by sensible
        // prices rather than by the artificials' penalty.
        let mut center: Option<Vec<f64>> = self.relaxation_duals(began, until);
        let mut alpha = if center.is_some() { 1.0 } else { SMOOTHING };
        report.relaxation = center.is_some();
        loop {
            if self.out_of_budget(until) {
                break;
            }
            self.master.set_double(
                "time_limit",
                until
                    .saturating_duration_since(Instant::now())
                    .as_secs_f64()
                    .max(0.01),
            );
            let status = self.master.run();
            self.iterations += self.master.int_info(c"simplex_iteration_count");
            if status != RunStatus::Optimal {
                break;
            }
            report.rounds += 1;
            let value = self.master.objective() + self.split.data.offset;
            report.master_value = Some(value);
            let (_, duals) = self.master.solution();
            let n_link = self.split.link_rows.len();
            let pi = self.sign_corrected(&duals[..n_link]);
            let mu: Vec<f64> = duals[n_link..n_link + n_blocks].to_vec();
            let priced = match &center {
                Some(c) if alpha > 0.0 => c
                    .iter()
                    .zip(&pi)
                    .map(|(c, p)| alpha * c + (1.0 - alpha) * p)
                    .collect(),
                _ => pi.clone(),
            };
            let (bound, found) = self.round(&priced, until);
            // The schedules found, kept when they price out for the master's duals.
            let mut added = 0;
            for (b, local) in found {
                let reduced = self
                    .block_costs(b, &pi)
                    .iter()
                    .zip(&local)
                    .map(|(c, v)| c * v)
                    .sum::<f64>()
                    - mu[b];
                if reduced < -REDUCED_COST_TOLERANCE * self.scale {
                    let s = self.schedule_of(b, &local);
                    self.add_schedule(s);
                    added += 1;
                }
            }
            if let Some(bound) = bound {
                if report.bound.is_none_or(|best| bound > best) {
                    report.bound = Some(bound);
                    center = Some(priced.clone());
                }
            }
            let closed = report
                .bound
                .is_some_and(|best| value - best <= 1e-6 * value.abs().max(1.0));
            if closed {
                report.converged = true;
                break;
            }
            if added == 0 {
                // The penalised master's value is a bound of the problem (artificials
                // only relax it) but not the reformulation's while an artificial is
                // positive: raise their cost.
                let (cols, _) = self.master.solution();
                let first = self.split.master_cols.len();
                let positive = cols[first..first + self.artificials]
                    .iter()
                    .any(|&v| v > 1e-7);
                if added == 0 && positive && self.penalty < MAX_PENALTY * self.scale {
                    self.penalty *= 10.0;
                    self.master
                        .change_costs(first, &vec![self.penalty; self.artificials]);
                    continue;
                }
            }
            if added == 0 {
                if alpha > 0.0 && center.is_some() {
                    // Mis-pricing: the next round prices the master's own duals.
                    alpha = 0.0;
                    continue;
                }
                // Nothing prices out at the master's duals with every block solved
                // exactly: the master's value is the reformulation's bound up to the
                // reduced-cost tolerance, which may leave it a hair above the optimum;
                // the round's Lagrangian bound, within that tolerance of it, is the one
                // kept (a regression test holds an instance where the difference shows).
                report.converged = bound.is_some();
                break;
            }
            alpha = SMOOTHING;
        }
        report.columns = self.schedules.len();
        report
    }

    /// The restricted master as a MIP over the schedules generated, until the deadline.
    fn integer(&mut self, mut report: Decomposition) -> (Decomposition, Option<Roster>) {
        let n_master = self.split.master_cols.len();
        if self.out_of_budget(self.budget.deadline) || self.schedules.is_empty() {
            report.iterations = self.iterations;
            return (report, None);
        }
        // The master as a MIP: its own columns with their integrality, no artificials,
        // the schedules binary.
        let (mut m, _) = master_data(&self.split, None);
        for s in &self.schedules {
            m.push_col(s.cost, 0.0, 1.0, true, &schedule_entries(&self.split, s));
        }
        let mut mip = Lp::new(self.budget.threads, self.budget.seed);
        mip.pass(&m);
        mip.set_double("mip_rel_gap", 1e-6);
        mip.set_bool("mip_detect_symmetry", false);
        // The start roster is a solution: HiGHS then never hands back a worse one.
        if let Some((own, chosen)) = &self.start_point {
            let mut values = own.clone();
            values.resize(n_master + self.schedules.len(), 0.0);
            for &i in chosen {
                values[n_master + i] = 1.0;
            }
            mip.set_solution(&values);
        }
        let seconds = self
            .budget
            .deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        mip.set_double("time_limit", seconds.max(0.01));
        let status = mip.run();
        self.iterations += mip.int_info(c"simplex_iteration_count");
        report.iterations = self.iterations;
        if !matches!(status, RunStatus::Optimal | RunStatus::Limit) || !mip.has_solution() {
            return (report, None);
        }
        let (values, _) = mip.solution();
        let mut cols = vec![0.0; self.split.data.num_col()];
        for (i, &j) in self.split.master_cols.iter().enumerate() {
            cols[j] = values[i];
        }
        for (s, &v) in self.schedules.iter().zip(&values[n_master..]) {
            if v > 0.5 {
                for &(j, x) in &s.values {
                    cols[j] = x;
                }
            }
        }
        // The value is recomputed from the roster: HiGHS (1.16) has been seen to report a
        // MIP optimum reached in its presolved space that the postsolved solution does
        // not reach (a restricted master of 2 practitioners: 35 reported, 54 at the
        // columns returned), as the compact engine's `Attempt::Solved::trusted` notes.
        let value: f64 = (0..cols.len())
            .map(|j| self.split.data.cost[j] * cols[j])
            .sum();
        report.roster_value = Some(value + self.split.data.offset);
        (report, Some(Roster { cols }))
    }
}

/// The master's data without schedules: its own columns (with their integrality), with
/// `penalty` an artificial column per finite side of each linking row, the linking
/// rows, then one convexity row `= 1` per block; and the number of artificials.
fn master_data(split: &Split, penalty: Option<f64>) -> (LpData, usize) {
    let d = &split.data;
    let mut m = LpData::default();
    m.matrix.start.push(0);
    for &j in &split.master_cols {
        let entries: Vec<(usize, f64)> = split.link_entries(j).collect();
        m.push_col(
            d.cost[j],
            d.col_lower[j],
            d.col_upper[j],
            d.integer[j],
            &entries,
        );
    }
    let mut artificials = 0;
    if let Some(penalty) = penalty {
        for (l, &r) in split.link_rows.iter().enumerate() {
            for (sign, finite) in [
                (1.0, d.row_lower[r].is_finite()),
                (-1.0, d.row_upper[r].is_finite()),
            ] {
                if finite {
                    m.push_col(penalty, 0.0, f64::INFINITY, false, &[(l, sign)]);
                    artificials += 1;
                }
            }
        }
    }
    for &r in &split.link_rows {
        m.row_lower.push(d.row_lower[r]);
        m.row_upper.push(d.row_upper[r]);
    }
    m.row_lower
        .extend(std::iter::repeat_n(1.0, split.blocks.len()));
    m.row_upper
        .extend(std::iter::repeat_n(1.0, split.blocks.len()));
    (m, artificials)
}

/// A schedule's column in the master: its aggregated entries in the linking rows, then
/// 1 in its block's convexity row.
fn schedule_entries(split: &Split, s: &Schedule) -> Vec<(usize, f64)> {
    let mut entries: std::collections::BTreeMap<usize, f64> = Default::default();
    for &(j, v) in &s.values {
        for (l, a) in split.link_entries(j) {
            *entries.entry(l).or_default() += a * v;
        }
    }
    let mut entries: Vec<(usize, f64)> = entries.into_iter().filter(|e| e.1 != 0.0).collect();
    entries.push((split.link_rows.len() + s.block, 1.0));
    entries
}
