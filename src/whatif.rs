//! What-if hints: which single relaxation, granted to one practitioner, would fill
//! empty seats, measured by the solver rather than guessed.
//!
//! The candidates come from the reasons ([`crate::explain::blocked`]): a practitioner
//! held back from a duty by maxima only (per week, month, horizon, weekends, period,
//! minutes, consecutive days) suggests raising those limits by one for them; a
//! qualified practitioner unavailable for a duty with empty seats suggests asking them
//! to free that duty. Candidates are ranked by the empty seats whose only
//! obstacle they remove, then each of the best is measured: the instance is relaxed,
//! stripped of fairness (only empty seats count here), its wishes replaced by wishes to
//! keep the current duties (so the roster found is the closest to the current one),
//! and solved from the current roster (still valid under the relaxation) with a share
//! of the hints' time.
//! A hint is kept when the relaxed roster has fewer empty seats and actually uses the
//! relaxation (the independent checker rejects it under the original rules); when the
//! original roster was not proven optimal, part of the gain may come from the search
//! itself, which the hint says.
//!
//! Nothing here changes the roster: hints are advice for the coordinator, in
//! `summary.md` and `summary.json`.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use crate::check::{self, eligibility, Violation};
use crate::duties::{Duty, DutyIdx};
use crate::explain::{self, Blocked};
use crate::instance::{
    Instance, Limits, ObjectiveMode, PeriodIdx, PracIdx, Unavailability, Wish, WishKind,
};
use crate::plan::{self, Plan};
use crate::roster::Roster;
use crate::solve::{SolveOptions, Status, StopFlag};

/// One limit of a practitioner that a hint raises by one duty (by one duty's minutes
/// for the working time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Limit {
    /// Duties per ISO week.
    PerWeek,
    /// Duties per calendar month.
    PerMonth,
    /// Duties over the horizon.
    PerHorizon,
    /// Weekends with a duty.
    Weekends,
    /// Duties of one period over the horizon.
    PerPeriod(PeriodIdx),
    /// Counted minutes over the horizon.
    Minutes,
    /// Consecutive worked dates.
    ConsecutiveDays,
}

/// One change to the instance that a coordinator can ask of one practitioner.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relaxation {
    /// Raise these limits of the practitioner: each to the value given.
    RaiseLimits {
        /// Who.
        practitioner: PracIdx,
        /// Each limit with its current and its raised value.
        limits: Vec<(Limit, u32, u32)>,
    },
    /// The practitioner frees this duty (their unavailability no longer covers it).
    FreeDuty {
        /// Who.
        practitioner: PracIdx,
        /// The duty.
        duty: DutyIdx,
    },
}

impl Relaxation {
    /// Who is asked.
    pub fn practitioner(&self) -> PracIdx {
        match self {
            Relaxation::RaiseLimits { practitioner, .. }
            | Relaxation::FreeDuty { practitioner, .. } => *practitioner,
        }
    }
}

/// A relaxation and what the solver found with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Hint {
    /// The change.
    pub relaxation: Relaxation,
    /// Empty seats of the roster as it is.
    pub before: u32,
    /// Empty seats of the roster found with the change.
    pub after: u32,
    /// The duties with fewer empty seats with the change, and how many fewer.
    pub filled: Vec<(DutyIdx, u32)>,
    /// The duties with more empty seats with the change (seats given up so that
    /// others are filled), and how many more.
    pub emptied: Vec<(DutyIdx, u32)>,
    /// Whether the gain is all the change's: the roster as it is was proven optimal
    /// for its empty seats.
    pub proven: bool,
}

/// How many hints to look for, and with how much time.
#[derive(Clone, Debug)]
pub struct HintOptions {
    /// At most this many hints (0: none).
    pub count: usize,
    /// Seconds for all the hints' solves together.
    pub seconds: f64,
    /// HiGHS threads.
    pub threads: u32,
    /// HiGHS seed.
    pub seed: u32,
    /// Work units for all the hints' solves together (`SolveOptions::work_limit`), when
    /// the solve has a work limit: then the hints are the same on any machine, and
    /// `seconds` is only a cap.
    pub work: Option<f64>,
    /// The stop request of the solve the hints follow ([`SolveOptions::stop`]): Ctrl-C
    /// stops their solves too.
    pub stop: StopFlag,
}

/// Candidates measured per hint wanted, at most: a candidate may give nothing.
const TRIES_PER_HINT: usize = 2;

/// The what-if hints for the empty seats of `plan`'s roster, best first (most seats
/// filled, then the instance order of the relaxation). Empty when the roster has no
/// empty seat, when `options.count` is 0, or when no candidate fills a seat.
pub fn hints(instance: &Instance, plan: &Plan, options: &HintOptions) -> Vec<Hint> {
    let before = plan.check.uncovered_seats;
    if before == 0 || options.count == 0 {
        return Vec::new();
    }
    let blocked = explain::blocked(instance, &plan.duties, &plan.roster);
    let mut candidates = candidates(instance, &plan.duties, &blocked);
    candidates.truncate(options.count * TRIES_PER_HINT);
    // Whether the roster's empty seats are proven least: the first level optimal.
    let proven = plan
        .outcome
        .levels
        .first()
        .is_some_and(|l| l.status == Status::Optimal);
    let per_duty = empty_per_duty(&blocked);

    let started = Instant::now();
    let mut found = Vec::new();
    for (i, (relaxation, _)) in candidates.iter().enumerate() {
        if found.len() == options.count {
            break;
        }
        let left = options.seconds - started.elapsed().as_secs_f64();
        if left < 0.5 {
            break;
        }
        let share = left
            / (candidates.len() - i)
                .min(options.count - found.len())
                .max(1) as f64;
        let Some(relaxed) = relax(instance, &plan.duties, &plan.roster, relaxation) else {
            continue;
        };
        let solve_options = SolveOptions {
            time_limit: share.max(0.5),
            gap: 0.0,
            threads: options.threads,
            seed: options.seed,
            verbose: false,
            progress: None,
            // An equal share of the work per candidate tried, whatever the clock says.
            work_limit: options
                .work
                .map(|w| w / (options.count * TRIES_PER_HINT).max(1) as f64),
            stop: options.stop.clone(),
            engine: crate::solve::Engine::Compact,
        };
        let Ok(outcome) = plan::plan_from(&relaxed, &solve_options, &plan.roster) else {
            continue;
        };
        let after = outcome.check.uncovered_seats;
        if after >= before || uses_nothing(instance, &outcome) {
            continue;
        }
        // The relaxed plan's own empty seats (counted from its assignments, the same
        // under either instance's rules).
        let now: BTreeMap<DutyIdx, u32> = outcome
            .roster
            .uncovered
            .iter()
            .map(|u| (u.duty, u.missing))
            .collect();
        let filled = per_duty
            .iter()
            .filter_map(|(&d, &n)| {
                let m = now.get(&d).copied().unwrap_or(0);
                (m < n).then_some((d, n - m))
            })
            .collect();
        let emptied = now
            .iter()
            .filter_map(|(&d, &m)| {
                let n = per_duty.get(&d).copied().unwrap_or(0);
                (m > n).then_some((d, m - n))
            })
            .collect();
        found.push(Hint {
            relaxation: relaxation.clone(),
            before,
            after,
            filled,
            emptied,
            proven,
        });
    }
    found.sort_by(|a, b| a.after.cmp(&b.after).then(a.relaxation.cmp(&b.relaxation)));
    found
}

/// Empty seats per duty.
fn empty_per_duty(blocked: &[Blocked]) -> BTreeMap<DutyIdx, u32> {
    blocked.iter().map(|b| (b.duty, b.missing)).collect()
}

/// Whether the relaxed roster keeps every original rule: then the relaxation is not
/// what filled the seats.
fn uses_nothing(instance: &Instance, relaxed: &Plan) -> bool {
    let records = relaxed.roster.records(instance, &relaxed.duties);
    check::check(instance, &relaxed.duties, &records).is_valid()
}

/// Every relaxation that would lift the only obstacles of some candidate of some duty,
/// with the empty seats it may fill, most first.
pub fn candidates(
    instance: &Instance,
    duties: &[Duty],
    blocked: &[Blocked],
) -> Vec<(Relaxation, u32)> {
    let mut score: BTreeMap<Relaxation, u32> = BTreeMap::new();
    for b in blocked {
        // Each relaxation counts a duty once, even if it lifts several candidates.
        let mut here: BTreeSet<Relaxation> = BTreeSet::new();
        for &p in &b.unavailable {
            here.insert(Relaxation::FreeDuty {
                practitioner: p,
                duty: b.duty,
            });
        }
        for c in &b.held_back {
            let Some(obstacles) = &c.obstacles else {
                continue;
            };
            if let Some(r) = raise(instance, duties, c.practitioner, &c.added, obstacles) {
                here.insert(r);
            }
        }
        for r in here {
            *score.entry(r).or_default() += b.missing;
        }
    }
    let mut ranked: Vec<(Relaxation, u32)> = score.into_iter().collect();
    // Most seats first; raising limits before asking for a freed duty at equal score
    // (the enum's order), then instance order.
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
}

/// The limits to raise so that none of `obstacles` remains, when they are all maxima.
fn raise(
    instance: &Instance,
    duties: &[Duty],
    p: PracIdx,
    added: &[DutyIdx],
    obstacles: &[Violation],
) -> Option<Relaxation> {
    if obstacles.is_empty() {
        return None;
    }
    let minutes: u32 = added
        .iter()
        .map(|&d| duties[d.get()].counted_minutes.max(0) as u32)
        .sum();
    let mut limits: BTreeMap<Limit, (u32, u32)> = BTreeMap::new();
    for v in obstacles {
        let (limit, current, raised) = match v {
            Violation::MaxPerWeek { limit, .. } => (Limit::PerWeek, *limit, limit + 1),
            Violation::MaxPerMonth { limit, .. } => (Limit::PerMonth, *limit, limit + 1),
            Violation::MaxPerHorizon { limit, .. } => (Limit::PerHorizon, *limit, limit + 1),
            Violation::MaxWeekends { limit, .. } => (Limit::Weekends, *limit, limit + 1),
            // A period forbidden outright (maximum 0) is a choice, not a count to raise.
            Violation::MaxPerPeriod { period, limit, .. } if *limit > 0 => {
                let period = instance.period_by_id(period.as_str())?;
                (Limit::PerPeriod(period), *limit, limit + 1)
            }
            Violation::MaxMinutes { limit, .. } => (Limit::Minutes, *limit, limit + minutes),
            Violation::MaxConsecutiveDays { limit, .. } => {
                (Limit::ConsecutiveDays, *limit, limit + 1)
            }
            _ => return None,
        };
        let entry = limits.entry(limit).or_insert((current, raised));
        entry.1 = entry.1.max(raised);
    }
    Some(Relaxation::RaiseLimits {
        practitioner: p,
        limits: limits.into_iter().map(|(l, (a, b))| (l, a, b)).collect(),
    })
}

/// The instance with the relaxation applied, for a hint: fairness left out (only empty
/// seats count), and each practitioner's wishes replaced by one wish to keep each duty
/// they hold in `roster`, so that among the rosters with the fewest empty seats the
/// solver returns the one closest to the roster as it is (in the weighted mode, where
/// wishes would trade against seats, there are no wishes at all). `None` when the
/// change would not make the duty open to the practitioner.
pub fn relax(
    instance: &Instance,
    duties: &[Duty],
    roster: &Roster,
    relaxation: &Relaxation,
) -> Option<Instance> {
    let mut relaxed = instance.clone();
    relaxed.fairness.categories.clear();
    for p in &mut relaxed.practitioners {
        p.wishes.clear();
        p.history.clear();
    }
    if instance.objective == ObjectiveMode::Lexicographic {
        for a in &roster.assignments {
            let d = &duties[a.duty.get()];
            relaxed.practitioners[a.practitioner.get()]
                .wishes
                .push(Wish {
                    kind: WishKind::On,
                    target: Unavailability::Duty {
                        post: d.post,
                        period: d.period,
                        date: d.date,
                    },
                    weight: 1,
                });
        }
    }
    let p = relaxation.practitioner();
    match relaxation {
        Relaxation::RaiseLimits { limits, .. } => {
            let own = &mut relaxed.practitioners[p.get()].limits;
            for &(limit, _, raised) in limits {
                set_limit(own, limit, raised);
            }
        }
        Relaxation::FreeDuty { duty, .. } => {
            let freed = &duties[duty.get()];
            // A range of days off is replaced by the duties it covers, all but the
            // freed one: the practitioner frees that duty and nothing else (a night
            // overlaps two days, whose other duties stay off).
            let serves = relaxed.practitioners[p.get()].posts.clone();
            let own = std::mem::take(&mut relaxed.practitioners[p.get()].unavailable);
            let mut kept = Vec::new();
            for u in own {
                let covers = |d: &Duty| eligibility::targets(instance, &u, d);
                match u {
                    Unavailability::Dates { .. } if covers(freed) => {
                        for d in duties.iter().filter(|d| d.idx != freed.idx) {
                            if serves.contains(&d.post) && covers(d) {
                                kept.push(Unavailability::Duty {
                                    post: d.post,
                                    period: d.period,
                                    date: d.date,
                                });
                            }
                        }
                    }
                    Unavailability::Duty { .. } if covers(freed) => {}
                    other => kept.push(other),
                }
            }
            let duty = freed;
            let own = &mut relaxed.practitioners[p.get()].unavailable;
            *own = kept;
            if eligibility::unavailable(&relaxed, p, duty).is_some() {
                return None;
            }
        }
    }
    Some(relaxed)
}

/// Sets one personal limit.
fn set_limit(limits: &mut Limits, limit: Limit, value: u32) {
    match limit {
        Limit::PerWeek => limits.max_per_week = Some(value),
        Limit::PerMonth => limits.max_per_month = Some(value),
        Limit::PerHorizon => limits.max_per_horizon = Some(value),
        Limit::Weekends => limits.max_weekends = Some(value),
        Limit::PerPeriod(period) => {
            limits.max_per_period.insert(period, value);
        }
        Limit::Minutes => limits.max_minutes = Some(value),
        Limit::ConsecutiveDays => limits.max_consecutive_days = Some(value),
    }
}
