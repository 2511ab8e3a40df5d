//! The pricing problems, solved in parallel: one worker thread per thread of
//! [`super::Budget::threads`], each owning the HiGHS instances of its blocks (block `b`
//! belongs to worker `b mod threads`), alive for the engine's whole run.
//!
//! Each HiGHS instance is created, run and destroyed on its worker's thread, with one
//! HiGHS thread: HiGHS keeps one task scheduler per calling thread, set up at its first
//! run. Results are returned sorted by block, so the columns added, hence the engine's
//! path, do not depend on which worker finishes first.

use std::sync::mpsc;
use std::time::Instant;

use super::lp::{Lp, LpData, RunStatus};
use crate::solve::StopFlag;

/// The gaps at which a pricing MIP counts as solved.
pub(super) const PRICING_REL_GAP: f64 = 1e-6;
pub(super) const PRICING_ABS_GAP: f64 = 1e-6;

/// One pricing problem to solve.
pub(super) struct Job {
    pub(super) block: usize,
    /// One cost per block column.
    pub(super) costs: Vec<f64>,
    /// Values to fix the integer columns at (completing a given schedule).
    pub(super) fix: Option<Vec<f64>>,
    /// When to give up.
    pub(super) until: Instant,
}

/// A solved pricing problem.
pub(super) struct Done {
    pub(super) block: usize,
    /// The best schedule found (block-local values).
    pub(super) local: Option<Vec<f64>>,
    /// A lower bound of the block's minimum, when it was solved to optimality.
    pub(super) bound: Option<f64>,
    /// LP iterations spent.
    pub(super) iterations: i64,
}

/// The workers.
pub(super) struct Pool {
    senders: Vec<mpsc::Sender<Job>>,
    results: mpsc::Receiver<Done>,
}

impl Pool {
    /// Starts `threads` workers in `scope` for the blocks' problems `blocks`.
    pub(super) fn start<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        blocks: Vec<LpData>,
        threads: usize,
        seed: u32,
        stop: &StopFlag,
    ) -> Pool {
        let threads = threads.clamp(1, blocks.len().max(1));
        let (done_tx, results) = mpsc::channel();
        let mut per_worker: Vec<Vec<(usize, LpData)>> = (0..threads).map(|_| Vec::new()).collect();
        for (b, data) in blocks.into_iter().enumerate() {
            per_worker[b % threads].push((b, data));
        }
        let mut senders = Vec::new();
        for owned in per_worker {
            let (tx, rx) = mpsc::channel::<Job>();
            senders.push(tx);
            let done_tx = done_tx.clone();
            let stop = stop.clone();
            scope.spawn(move || {
                let mut problems: std::collections::HashMap<usize, (LpData, Option<Lp>)> =
                    owned.into_iter().map(|(b, d)| (b, (d, None))).collect();
                for job in rx {
                    let done = match problems.get_mut(&job.block) {
                        Some((data, lp)) => solve(data, lp, &job, seed, &stop),
                        None => Done {
                            block: job.block,
                            local: None,
                            bound: None,
                            iterations: 0,
                        },
                    };
                    if done_tx.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        Pool { senders, results }
    }

    /// Solves every job; the results sorted by block.
    pub(super) fn solve_all(&self, jobs: Vec<Job>) -> Vec<Done> {
        let n = jobs.len();
        let threads = self.senders.len();
        let mut sent = 0;
        for job in jobs {
            if self.senders[job.block % threads].send(job).is_ok() {
                sent += 1;
            }
        }
        let mut done: Vec<Done> = (0..sent).filter_map(|_| self.results.recv().ok()).collect();
        done.sort_by_key(|d| d.block);
        debug_assert!(done.len() <= n);
        done
    }
}

/// Solves one job on its block's instance (built on first use).
fn solve(data: &LpData, lp: &mut Option<Lp>, job: &Job, seed: u32, stop: &StopFlag) -> Done {
    let nothing = Done {
        block: job.block,
        local: None,
        bound: None,
        iterations: 0,
    };
    let seconds = job
        .until
        .saturating_duration_since(Instant::now())
        .as_secs_f64();
    if seconds <= 0.0 || stop.requested() {
        return nothing;
    }
    let lp = lp.get_or_insert_with(|| {
        let mut lp = Lp::new(1, seed);
        lp.pass(data);
        lp.set_double("mip_rel_gap", PRICING_REL_GAP);
        lp.set_double("mip_abs_gap", PRICING_ABS_GAP);
        // As in the compact model: symmetry detection costs more than it saves here.
        lp.set_bool("mip_detect_symmetry", false);
        lp
    });
    lp.set_double("time_limit", seconds.max(0.01));
    lp.change_costs(0, &job.costs);
    if let Some(values) = &job.fix {
        for (i, &v) in values.iter().enumerate() {
            if data.integer[i] {
                let v = v.round();
                lp.change_bounds(i, v, v);
            }
        }
    }
    let status = lp.run();
    let local = lp.has_solution().then(|| lp.solution().0);
    // A lower bound of the block's minimum only from a run solved to optimality: the
    // optimum less the gap HiGHS was allowed (its `mip_dual_bound` reads 0 when
    // presolve alone solves the MIP, and is not trusted after a limit).
    let bound = (status == RunStatus::Optimal && local.is_some()).then(|| {
        let objective = lp.objective();
        objective - (PRICING_REL_GAP * objective.abs()).max(PRICING_ABS_GAP)
    });
    let iterations = lp.int_info(c"simplex_iteration_count");
    if job.fix.is_some() {
        for i in 0..data.num_col() {
            if data.integer[i] {
                lp.change_bounds(i, data.col_lower[i], data.col_upper[i]);
            }
        }
    }
    Done {
        block: job.block,
        local,
        bound,
        iterations,
    }
}
