//! Large-neighbourhood search on HiGHS (fix-and-optimise): once a level holds a
//! roster, free the binaries of a few practitioners, or of a window of days, fix every
//! other binary at the incumbent, and let HiGHS re-optimise that small MIP from the
//! incumbent for a few seconds; keep the result when the level improves.
//!
//! Branch and bound on the whole model finds tight bounds on the staff-rostering
//! benchmarks but improves its rosters slowly; the small MIPs are solved to optimality
//! in a second or two, and each accepted one is a move no local search of single
//! swaps would find (a whole fortnight of one nurse, or every nurse's weekend).
//! Neighbourhoods alternate between three shapes: practitioners (all days), days (all
//! practitioners), and a longer window of days for half of the practitioners. Their
//! size adapts: it grows while HiGHS proves the small MIP optimal without finding
//! better, and shrinks when it runs out of time.

use std::time::{Duration, Instant};

use super::{Attempt, HighsFailure, SolveError, Stages};

/// The position of each binary in the practitioner × day grid.
pub(super) struct Grid {
    /// `(column, practitioner, day)` of each binary.
    pub keys: Vec<(usize, u32, u32)>,
    /// Number of practitioners.
    pub practitioners: u32,
    /// Number of days.
    pub days: u32,
    /// `(column, day)` of each duty's empty seats.
    pub shortfall: Vec<(usize, u32)>,
}

/// One move of the local search, as `--verbose` logs it (worded, `Display`, by
/// `labels::solve`).
#[derive(Clone, Copy, Debug)]
pub struct LnsStep {
    /// The move's number.
    pub iteration: u32,
    /// The neighbourhood's shape (0, 1 or 2).
    pub shape: u32,
    /// The share of the grid set free.
    pub fraction: f64,
    /// How many binaries were free.
    pub free: usize,
    /// Whether HiGHS proved the neighbourhood's optimum.
    pub proved: bool,
    /// The best value so far.
    pub best: f64,
}

/// What the search did, for the summary.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LnsReport {
    /// Small MIPs solved.
    pub iterations: u32,
    /// Of which improved the level.
    pub improvements: u32,
    /// Seconds spent.
    pub seconds: f64,
}

/// A small deterministic generator (xorshift64*), seeded by the solve's seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u32) -> u32 {
        if n == 0 {
            0
        } else {
            (self.next() % u64::from(n)) as u32
        }
    }
}

/// The incumbent the search improves.
pub(super) struct Incumbent {
    /// Every column.
    pub cols: Vec<f64>,
    /// The level's value.
    pub value: f64,
    /// When it was found.
    pub found_at: Option<Instant>,
    /// HiGHS's bound on the level, from the branch and bound before the search.
    pub bound: f64,
}

impl Incumbent {
    /// Whether the incumbent is at the bound (within the freeze margin or the requested
    /// gap): then it is optimal, whoever found it, and the search has nothing to find.
    pub fn at_bound(&self, gap: f64) -> bool {
        self.value - self.bound <= super::FREEZE_MARGIN
            || super::relative_gap(self.value, self.bound) <= gap
    }
}

/// Where the local search ends: a time, and with a work limit an amount of work (the
/// [`Stages::spent`] count at which it stops).
#[derive(Clone, Copy, Debug)]
pub(super) struct End {
    pub deadline: Instant,
    pub work: Option<i64>,
    /// Stop after this many small MIPs in a row without improvement, leaving the rest
    /// of the time to the stages after it (none for the last stage).
    pub stall: Option<u32>,
    /// A later end (time, work) that holds while the incumbent still has empty seats
    /// among the grid's shortfall columns: a stage with seats to fill has the most to
    /// gain, so it may take time from the stages after it.
    pub extended: Option<(Instant, Option<i64>)>,
}

/// With a work limit, the least and most LP iterations of one small MIP (the work
/// counterparts of its 2–10 s).
const MIN_SUB_WORK: i64 = 20_000;
const MAX_SUB_WORK: i64 = 100_000;

impl Stages<'_> {
    /// Whether a stage ending at `deadline` (and `work_end`, with a work limit) leaves
    /// the local search room for a few small MIPs: more than 2 s, and at least one
    /// small MIP's least work.
    pub(super) fn room_for_search(&self, deadline: Instant, work_end: Option<i64>) -> bool {
        deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64()
            > 2.0
            && work_end.is_none_or(|w| w - self.spent.get() >= MIN_SUB_WORK)
    }

    /// Improves `best` on level `k` until `end`.
    ///
    /// # Errors
    /// Only when a fresh model cannot be built after a HiGHS failure.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn lns(
        &self,
        hm: &mut highs::Model,
        k: usize,
        stage: super::Stage,
        end: End,
        best: &mut Incumbent,
        grid: &Grid,
        frozen: &[f64],
        presolve: bool,
    ) -> Result<LnsReport, SolveError> {
        let started = Instant::now();
        let mut report = LnsReport::default();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ u64::from(self.options.seed).wrapping_add(1));
        let deadline = end.deadline;
        let total = deadline.saturating_duration_since(started).as_secs_f64();
        // Each small MIP gets a tenth of the search's time, between 2 and 10 s, or with
        // a work limit a tenth of its work, within the same bounds in iterations.
        let sub_limit = (total / 10.0).clamp(2.0, 10.0);
        let sub_work = end
            .work
            .map(|w| ((w - self.spent.get()) / 10).clamp(MIN_SUB_WORK, MAX_SUB_WORK));
        let mut fraction: f64 = 0.15;
        let level_col = self.level_cols[k];
        // The small MIPs start from every column; put binaries-only starts back on
        // every way out.
        self.full_start.set(true);
        let _restore = FullStart(&self.full_start);
        // The small MIPs' LPs are small: the dual simplex, whatever the whole model's.
        let _root_lp = RootLp(&self.root_lp, self.root_lp.replace("simplex"));
        let report = &mut report;
        let rng = &mut rng;
        let fraction = &mut fraction;
        let mut since_improvement = 0;
        loop {
            let seats_empty = grid.shortfall.iter().any(|&(c, _)| best.cols[c] > 0.5);
            let (deadline, work_end) = match end.extended {
                Some(later) if seats_empty => later,
                _ => (deadline, end.work),
            };
            let left = deadline
                .saturating_duration_since(Instant::now())
                .as_secs_f64();
            let work_left = work_end.map(|w| w - self.spent.get());
            if left < 1.0
                || work_left.is_some_and(|w| w < MIN_SUB_WORK)
                || end.stall.is_some_and(|s| since_improvement >= s)
                || self.options.stop.requested()
                || best.at_bound(self.options.gap)
            {
                break;
            }
            let shape = report.iterations % 3;
            // Half of the day windows hold a day with an empty seat, where the roster
            // loses most.
            let hot: Vec<u32> = grid
                .shortfall
                .iter()
                .filter(|&&(c, _)| best.cols[c] > 0.5)
                .map(|&(_, d)| d)
                .collect();
            let focus = (!hot.is_empty() && rng.below(2) == 0)
                .then(|| hot[rng.below(hot.len() as u32) as usize]);
            let free = neighbourhood(grid, shape, *fraction, focus, rng);
            let (fixed, values): (Vec<i32>, Vec<f64>) = grid
                .keys
                .iter()
                .filter(|&&(_, p, d)| !free(p, d))
                .filter_map(|&(c, _, _)| i32::try_from(c).ok().map(|i| (i, best.cols[c].round())))
                .unzip();
            fix(hm, &fixed, &values, &values)?;
            self.local_search.set(Some((best.value, best.bound)));
            let attempt = self.run(
                hm,
                k,
                stage,
                super::Limit {
                    // With a work limit the clock is only the cap.
                    seconds: if sub_work.is_some() {
                        left
                    } else {
                        sub_limit.min(left)
                    },
                    work: sub_work.zip(work_left).map(|(s, w)| s.min(w)),
                },
                Some(&best.cols),
                presolve,
                None,
            );
            self.local_search.set(None);
            report.iterations += 1;
            since_improvement += 1;
            let mut proved = false;
            match attempt {
                Attempt::Solved {
                    status,
                    cols,
                    trusted,
                    improved_at,
                    ..
                } => {
                    proved = status == super::Status::Optimal;
                    let value = cols[level_col];
                    if trusted && value < best.value - 1e-6 * best.value.abs().max(1.0) {
                        best.value = value;
                        best.cols = cols;
                        best.found_at = improved_at.or_else(|| Some(Instant::now()));
                        report.improvements += 1;
                        since_improvement = 0;
                    }
                }
                Attempt::NoRoster { .. } => {}
                Attempt::Failed { .. } => {
                    *hm = self.fresh(frozen)?;
                }
            }
            if self.options.verbose {
                let step = LnsStep {
                    iteration: report.iterations,
                    shape,
                    fraction: *fraction,
                    free: grid.keys.len() - fixed.len(),
                    proved,
                    best: best.value,
                };
                eprintln!("{step}");
            }
            let (zeros, ones) = (vec![0.0; fixed.len()], vec![1.0; fixed.len()]);
            fix(hm, &fixed, &zeros, &ones)?;
            *fraction = if proved {
                (*fraction * 1.25).min(0.6)
            } else {
                (*fraction * 0.8).max(0.02)
            };
        }
        report.seconds = started.elapsed().as_secs_f64();
        Ok(*report)
    }
}

/// Puts the root LP algorithm of the whole model back when dropped.
struct RootLp<'a>(&'a std::cell::Cell<&'static str>, &'static str);

impl Drop for RootLp<'_> {
    fn drop(&mut self) {
        self.0.set(self.1);
    }
}

/// Puts binaries-only MIP starts back when dropped.
struct FullStart<'a>(&'a std::cell::Cell<bool>);

impl Drop for FullStart<'_> {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

/// Which (practitioner, day) cells are free in the next small MIP.
fn neighbourhood(
    grid: &Grid,
    shape: u32,
    fraction: f64,
    focus: Option<u32>,
    rng: &mut Rng,
) -> Box<dyn Fn(u32, u32) -> bool> {
    let n_p = grid.practitioners.max(1);
    let n_d = grid.days.max(1);
    let pick = |rng: &mut Rng, count: u32| -> Vec<bool> {
        // `count` distinct practitioners, by a partial Fisher–Yates shuffle.
        let mut order: Vec<u32> = (0..n_p).collect();
        for i in 0..count.min(n_p) {
            let j = i + rng.below(n_p - i);
            order.swap(i as usize, j as usize);
        }
        let mut chosen = vec![false; n_p as usize];
        for &p in &order[..count.min(n_p) as usize] {
            chosen[p as usize] = true;
        }
        chosen
    };
    let scaled = |n: u32, f: f64| ((f64::from(n) * f).ceil() as u32).clamp(1, n);
    match shape {
        0 => {
            let chosen = pick(rng, scaled(n_p, fraction));
            Box::new(move |p, _| chosen[p as usize])
        }
        1 => {
            let len = scaled(n_d, fraction).max(2).min(n_d);
            let first = window_start(rng, n_d, len, focus);
            Box::new(move |_, d| d >= first && d < first + len)
        }
        _ => {
            let len = scaled(n_d, (2.0 * fraction).min(1.0)).max(2).min(n_d);
            let first = window_start(rng, n_d, len, focus);
            let chosen = pick(rng, scaled(n_p, 0.5));
            Box::new(move |p, d| chosen[p as usize] && d >= first && d < first + len)
        }
    }
}

/// The first day of a window of `len` days among `n` days, holding `focus` if given.
fn window_start(rng: &mut Rng, n: u32, len: u32, focus: Option<u32>) -> u32 {
    match focus {
        Some(day) => {
            let lowest = (day + 1).saturating_sub(len);
            let highest = day.min(n - len);
            lowest + rng.below(highest.saturating_sub(lowest) + 1)
        }
        None => rng.below(n - len + 1),
    }
}

/// Sets the bounds of the columns `cols` in one call.
fn fix(
    hm: &mut highs::Model,
    cols: &[i32],
    lower: &[f64],
    upper: &[f64],
) -> Result<(), SolveError> {
    if cols.is_empty() {
        return Ok(());
    }
    let n =
        i32::try_from(cols.len()).map_err(|_| SolveError::Highs(HighsFailure::TooManyColumns))?;
    // SAFETY: the pointer is the live instance owned by `hm`; `cols`, `lower` and
    // `upper` hold `n` entries each and outlive the call.
    let status = unsafe {
        highs_sys::Highs_changeColsBoundsBySet(
            hm.as_mut_ptr(),
            n,
            cols.as_ptr(),
            lower.as_ptr(),
            upper.as_ptr(),
        )
    };
    if status == highs_sys::kHighsStatusError {
        return Err(SolveError::Highs(HighsFailure::Bounds));
    }
    Ok(())
}

/// Seconds as a `Duration`, for deadlines.
pub(super) fn seconds(s: f64) -> Duration {
    Duration::from_secs_f64(s.max(0.0))
}
