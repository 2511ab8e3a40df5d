//! Levels 2 and 3 of the objective (`docs/rules.md`, "Objective"), recomputed from the
//! instance and the set of duties each practitioner holds.
//!
//! Targets depend on the instance only, except in a category that shares the seats
//! filled (`targets = "filled"`), where they depend on how many hold each duty; loads,
//! refused wishes, combined duties, kilometres travelled and the distinct holders of
//! each post on the roster. Sums run in a fixed order (practitioners, then categories, in instance
//! order) so the figures are the same bytes on every run.

use std::collections::{BTreeMap, BTreeSet};

use crate::duties::{Duty, DutyIdx};
use crate::instance::{CategoryIdx, Instance, PostIdx, PracIdx, TargetBasis, WishKind};

use super::eligibility::{is_eligible, targets};
use super::{
    CombinedPair, ContinuityFigure, FairnessFigures, FairnessRow, PreferenceFigures, RefusedWish,
};

/// The practitioners eligible for `duty` and the sum of their (capped) shares, when
/// positive: how a duty's seats are shared out in the targets.
fn eligible_shares(
    instance: &Instance,
    shares: &[f64],
    duty: &Duty,
) -> Option<(Vec<PracIdx>, f64)> {
    let eligible: Vec<PracIdx> = (0..instance.practitioners.len())
        .map(|i| PracIdx(i as u32))
        .filter(|&p| is_eligible(instance, p, duty))
        .collect();
    let total: f64 = eligible.iter().map(|&p| shares[p.get()]).sum();
    (total > 0.0).then_some((eligible, total))
}

/// The shares the demand is shared by (docs/rules.md, level 2, "Maxima and targets"):
/// each practitioner's share, scaled down while the categorised seats it would give them
/// exceed their maximum over the horizon, round after round in practitioner order, until
/// none does (to a relative 1e-12), the parts stop moving (to a relative 1e-12) or after
/// 1,000 rounds.
fn shares_within_maxima(instance: &Instance, duties: &[Duty]) -> Vec<f64> {
    let mut shares: Vec<f64> = instance.practitioners.iter().map(|p| p.share).collect();
    let maxima: Vec<Option<u32>> = (0..shares.len())
        .map(|p| instance.limits_of(PracIdx(p as u32)).max_per_horizon)
        .collect();
    if maxima.iter().all(Option::is_none) {
        return shares;
    }
    let categorised: Vec<(&Duty, Vec<PracIdx>)> = duties
        .iter()
        .filter(|duty| duty.category.is_some())
        .map(|duty| {
            let who = (0..shares.len())
                .map(|p| PracIdx(p as u32))
                .filter(|&p| is_eligible(instance, p, duty))
                .collect();
            (duty, who)
        })
        .collect();
    let mut previous: Vec<f64> = Vec::new();
    for _round in 0..1000 {
        let mut seats = vec![0.0_f64; shares.len()];
        for (duty, who) in &categorised {
            let total: f64 = who.iter().map(|p| shares[p.get()]).sum();
            if total <= 0.0 {
                continue;
            }
            for p in who {
                seats[p.get()] += f64::from(duty.demand) * shares[p.get()] / total;
            }
        }
        // The parts stop moving when everybody eligible for some seats is over their
        // maximum: the rounds then only shrink them all alike.
        let settled = previous.len() == seats.len()
            && previous
                .iter()
                .zip(&seats)
                .all(|(a, b)| (a - b).abs() <= 1e-12 * a.abs().max(1.0));
        let mut scaled = false;
        for (p, maximum) in maxima.iter().enumerate() {
            let Some(m) = maximum.map(f64::from) else {
                continue;
            };
            if seats[p] > m * (1.0 + 1e-12) {
                shares[p] *= m / seats[p];
                scaled = true;
            }
        }
        if !scaled || settled {
            break;
        }
        previous = seats;
    }
    shares
}

/// The targets `T[p][c]` of the fairness level, indexed by practitioner then category,
/// for the roster `held` (only the categories with `targets = "filled"` read it).
pub(crate) fn targets_of(
    instance: &Instance,
    duties: &[Duty],
    held: &BTreeMap<PracIdx, BTreeSet<DutyIdx>>,
) -> Vec<Vec<f64>> {
    let n_prac = instance.practitioners.len();
    let n_cat = instance.fairness.categories.len();
    // Base targets: each duty's demand shared among those eligible, by share (capped
    // by each one's maximum over the horizon).
    let shares = shares_within_maxima(instance, duties);
    let mut base = vec![vec![0.0_f64; n_cat]; n_prac];
    for duty in duties {
        let Some(c) = duty.category else { continue };
        let Some((eligible, total)) = eligible_shares(instance, &shares, duty) else {
            continue;
        };
        for &p in &eligible {
            base[p.get()][c.get()] += f64::from(duty.demand) * shares[p.get()] / total;
        }
    }
    // History correction within each category's pool.
    let history = |p: usize, c: usize| -> f64 {
        instance.practitioners[p]
            .history
            .get(&CategoryIdx(c as u32))
            .copied()
            .unwrap_or(0.0)
    };
    let mut target = vec![vec![0.0_f64; n_cat]; n_prac];
    for c in 0..n_cat {
        let pool: Vec<usize> = (0..n_prac).filter(|&p| base[p][c] > 0.0).collect();
        let pool_history: f64 = pool.iter().map(|&p| history(p, c)).sum();
        let pool_share: f64 = pool.iter().map(|&p| instance.practitioners[p].share).sum();
        for &p in &pool {
            let share = instance.practitioners[p].share;
            let excess = history(p, c) - share * pool_history / pool_share;
            target[p][c] = (base[p][c] - instance.fairness.history_weight * excess).max(0.0);
        }
    }
    filled_targets(instance, duties, held, &shares, &base, &mut target);
    target
}

/// Replaces the targets of the categories with `targets = "filled"`: each duty is
/// shared by how many hold it instead of its demand, and the history correction keeps
/// the ratio it has on the demand, `T / T0` (docs/rules.md, level 2):
/// `T[p][c] = T_demand / T0_demand × Σ_{d in c, p eligible} holders_d × share_p / S_d`.
fn filled_targets(
    instance: &Instance,
    duties: &[Duty],
    held: &BTreeMap<PracIdx, BTreeSet<DutyIdx>>,
    shares: &[f64],
    base: &[Vec<f64>],
    target: &mut [Vec<f64>],
) {
    let categories = &instance.fairness.categories;
    let filled: Vec<bool> = categories
        .iter()
        .map(|c| c.targets == TargetBasis::Filled)
        .collect();
    if !filled.contains(&true) {
        return;
    }
    let mut holders = vec![0_u32; duties.len()];
    for d in held.values().flatten() {
        if let Some(n) = holders.get_mut(d.get()) {
            *n += 1;
        }
    }
    let n_prac = instance.practitioners.len();
    let mut moving = vec![vec![0.0_f64; categories.len()]; n_prac];
    for duty in duties {
        let Some(c) = duty.category.filter(|c| filled[c.get()]) else {
            continue;
        };
        let Some((eligible, total)) = eligible_shares(instance, shares, duty) else {
            continue;
        };
        for &p in &eligible {
            let (b, t) = (base[p.get()][c.get()], target[p.get()][c.get()]);
            if b > 0.0 && t > 0.0 {
                moving[p.get()][c.get()] +=
                    t / b * shares[p.get()] / total * f64::from(holders[duty.idx.get()]);
            }
        }
    }
    for (p, row) in moving.into_iter().enumerate() {
        for (c, t) in row.into_iter().enumerate() {
            if filled[c] {
                target[p][c] = t;
            }
        }
    }
}

/// Level 2: each practitioner's load against their target, per category, and `F`.
pub(crate) fn fairness(
    instance: &Instance,
    duties: &[Duty],
    held: &BTreeMap<PracIdx, BTreeSet<DutyIdx>>,
) -> FairnessFigures {
    let targets = targets_of(instance, duties, held);
    let categories = &instance.fairness.categories;
    let mut rows = Vec::new();
    let mut weighted_deviation = 0.0;
    let mut worst_overload = 0.0;
    let mut worst_overloaded = None;
    for (pi, target_row) in targets.iter().enumerate() {
        let p = PracIdx(pi as u32);
        let mut load = vec![0_u32; categories.len()];
        for d in held.get(&p).into_iter().flatten() {
            if let Some(c) = duties[d.get()].category {
                load[c.get()] += 1;
            }
        }
        let mut overload = 0.0;
        for (ci, category) in categories.iter().enumerate() {
            let target = target_row[ci];
            let deviation = f64::from(load[ci]) - target;
            weighted_deviation += category.weight * deviation.abs();
            overload += category.weight * deviation.max(0.0);
            rows.push(FairnessRow {
                practitioner: p,
                category: CategoryIdx(ci as u32),
                target,
                load: load[ci],
                deviation,
            });
        }
        if overload > worst_overload {
            worst_overload = overload;
            worst_overloaded = Some(p);
        }
    }
    // Float noise (a load of 3 against a target of 3.0000000000000004) names nobody.
    if worst_overload <= 1e-9 {
        worst_overloaded = None;
    }
    FairnessFigures {
        rows,
        weighted_deviation,
        worst_overload,
        worst_overloaded,
        value: weighted_deviation + instance.fairness.worst_overload_weight * worst_overload,
    }
}

/// Level 3: refused wishes, combined duties, travel and continuity, and `P`.
pub(crate) fn preferences(
    instance: &Instance,
    duties: &[Duty],
    held: &BTreeMap<PracIdx, BTreeSet<DutyIdx>>,
    combined: Vec<CombinedPair>,
) -> PreferenceFigures {
    let empty = BTreeSet::new();
    let mut refused = Vec::new();
    for (pi, prac) in instance.practitioners.iter().enumerate() {
        let p = PracIdx(pi as u32);
        let mine = held.get(&p).unwrap_or(&empty);
        for (wi, wish) in prac.wishes.iter().enumerate() {
            let holds_one = mine
                .iter()
                .any(|d| targets(instance, &wish.target, &duties[d.get()]));
            let is_refused = match wish.kind {
                WishKind::Off => holds_one,
                WishKind::On => !holds_one,
            };
            if is_refused {
                refused.push(RefusedWish {
                    practitioner: p,
                    wish: wi,
                    kind: wish.kind,
                    weight: wish.weight,
                });
            }
        }
    }
    let refused_weight: f64 = refused.iter().map(|r| f64::from(r.weight)).sum();
    let (travel_km_by_practitioner, travel_km) = travel(instance, duties, held);
    let travel_penalty = instance.preferences.travel_weight * travel_km;
    let continuity = continuity(instance, duties, held);
    let continuity_penalty: f64 = continuity
        .iter()
        .map(|c| c.weight * f64::from(c.holders))
        .sum();
    let value = instance.preferences.wish_weight * refused_weight
        + instance.preferences.combined_duty_penalty * combined.len() as f64
        + travel_penalty
        + continuity_penalty;
    PreferenceFigures {
        refused,
        combined,
        travel_km_by_practitioner,
        travel_km,
        travel_penalty,
        continuity,
        continuity_penalty,
        value,
    }
}

/// The round-trip kilometres of each practitioner (the instance's resolved
/// `travel_km` of each duty they hold) and their sum; nothing when no post has a place.
fn travel(
    instance: &Instance,
    duties: &[Duty],
    held: &BTreeMap<PracIdx, BTreeSet<DutyIdx>>,
) -> (Vec<f64>, f64) {
    if !instance.has_travel() {
        return (Vec::new(), 0.0);
    }
    let by_practitioner: Vec<f64> = (0..instance.practitioners.len())
        .map(|pi| {
            let p = PracIdx(pi as u32);
            held.get(&p)
                .into_iter()
                .flatten()
                .filter_map(|d| instance.travel_km(p, duties[d.get()].post))
                .sum::<f64>()
                + 0.0
        })
        .collect();
    let total = by_practitioner.iter().sum::<f64>() + 0.0;
    (by_practitioner, total)
}

/// The distinct holders of each post with a `continuity_weight`, in instance order.
fn continuity(
    instance: &Instance,
    duties: &[Duty],
    held: &BTreeMap<PracIdx, BTreeSet<DutyIdx>>,
) -> Vec<ContinuityFigure> {
    instance
        .posts
        .iter()
        .enumerate()
        .filter_map(|(i, post)| {
            let weight = post.continuity_weight?;
            let idx = PostIdx(i as u32);
            let holders = held
                .values()
                .filter(|mine| mine.iter().any(|d| duties[d.get()].post == idx))
                .count();
            Some(ContinuityFigure {
                post: idx,
                holders: u32::try_from(holders).unwrap_or(u32::MAX),
                weight,
            })
        })
        .collect()
}
