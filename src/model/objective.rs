//! The objective terms, one function per level (docs/model.md, docs/rules.md).

use std::collections::{BTreeMap, BTreeSet};

use good_lp::{Constraint, Expression, Variable};

use super::{eligible, sum, targets_duty, Ctx, FairnessTerm, FairnessVars, UnitIdx, VarBuilder};
use crate::duties::{Duty, DutyIdx};
use crate::instance::{
    CategoryIdx, Instance, PeriodIdx, PostIdx, PracIdx, TargetBasis, Unavailability, WishKind,
};

/// Fairness targets per practitioner and category (docs/rules.md, level 2), the
/// targets of the demand: what [`filled_shares`] scales for the categories that share
/// the seats filled.
///
/// Each duty's demand is shared among the practitioners eligible for it in proportion
/// to their shares; a practitioner's base target in a category is the sum of their
/// parts. The pool of a category is everyone with a positive base target; history is
/// corrected against the pool's average per share, times `history_weight`, and a
/// target never goes below zero.
pub fn targets(instance: &Instance, duties: &[Duty]) -> BTreeMap<(PracIdx, CategoryIdx), f64> {
    demand_targets(instance, duties, &capped_shares(instance, duties))
        .into_iter()
        .map(|(k, (_, t))| (k, t))
        .collect()
}

/// The base target `T0` and the target `T` of the demand, per pool member.
fn demand_targets(
    instance: &Instance,
    duties: &[Duty],
    shares: &[f64],
) -> BTreeMap<(PracIdx, CategoryIdx), (f64, f64)> {
    let mut base: BTreeMap<(PracIdx, CategoryIdx), f64> = BTreeMap::new();
    for d in duties {
        let Some(c) = d.category else { continue };
        let (eligible, total) = parts(instance, shares, d);
        for (p, share) in eligible {
            *base.entry((p, c)).or_insert(0.0) += f64::from(d.demand) * share / total;
        }
    }
    let mut out = BTreeMap::new();
    for ci in 0..instance.fairness.categories.len() {
        let c = CategoryIdx(ci as u32);
        let pool: Vec<(PracIdx, f64)> = base
            .iter()
            .filter(|(&(_, cc), &t)| cc == c && t > 0.0)
            .map(|(&(p, _), &t)| (p, t))
            .collect();
        let history = |p: PracIdx| {
            instance
                .practitioner(p)
                .history
                .get(&c)
                .copied()
                .unwrap_or(0.0)
        };
        let h: f64 = pool.iter().map(|&(p, _)| history(p)).sum();
        let s: f64 = pool
            .iter()
            .map(|&(p, _)| instance.practitioner(p).share)
            .sum();
        for (p, t0) in pool {
            let excess = history(p) - instance.practitioner(p).share * h / s;
            let t = (t0 - instance.fairness.history_weight * excess).max(0.0);
            out.insert((p, c), (t0, t));
        }
    }
    out
}

/// The practitioners eligible for the duty with their capped shares `σ'_p`, and `S_d`,
/// the sum of those shares (none when it is not positive).
fn parts(instance: &Instance, shares: &[f64], d: &Duty) -> (Vec<(PracIdx, f64)>, f64) {
    let holders: Vec<PracIdx> = (0..instance.practitioners.len())
        .map(|i| PracIdx(i as u32))
        .filter(|&p| eligible(instance, p, d))
        .collect();
    let total: f64 = holders.iter().map(|&p| shares[p.get()]).sum();
    if total <= 0.0 {
        return (Vec::new(), total);
    }
    let shares = holders.into_iter().map(|p| (p, shares[p.get()])).collect();
    (shares, total)
}

/// Most rounds of [`capped_shares`].
pub const CAP_ROUNDS: usize = 1000;

/// The shares the targets share the demand by, capped by each practitioner's maximum
/// over the horizon (docs/model.md, "Targets"): `σ'_p = λ_p σ_p`, with `λ_p = 1` unless
/// the categorised seats `p` would get, `E_p = Σ_{d categorised, p eligible} n_d σ'_p /
/// S'_d`, exceed `p`'s `max_per_horizon` `M_p`; then `λ_p` shrinks by `M_p / E_p`, and
/// the rounds repeat, in practitioner order, until no `E_p` exceeds its maximum (to a
/// relative 1e-12), or the parts stop moving (to a relative 1e-12: when there are more
/// seats than the maxima of everyone eligible for them allow, those people end up over
/// their maxima by one same factor), or [`CAP_ROUNDS`] rounds have run. So a volunteer who pledged four
/// weeks never has targets above four, and the seats they cannot take go to the others
/// who may hold them, in proportion to their shares.
pub fn capped_shares(instance: &Instance, duties: &[Duty]) -> Vec<f64> {
    let n = instance.practitioners.len();
    let mut shares: Vec<f64> = instance.practitioners.iter().map(|p| p.share).collect();
    let caps: Vec<Option<f64>> = (0..n)
        .map(|i| {
            instance
                .limits_of(PracIdx(i as u32))
                .max_per_horizon
                .map(f64::from)
        })
        .collect();
    if caps.iter().all(Option::is_none) {
        return shares;
    }
    let seats: Vec<(f64, Vec<PracIdx>)> = duties
        .iter()
        .filter(|d| d.category.is_some())
        .map(|d| {
            let who = (0..n)
                .map(|i| PracIdx(i as u32))
                .filter(|&p| eligible(instance, p, d))
                .collect();
            (f64::from(d.demand), who)
        })
        .collect();
    let mut last: Option<Vec<f64>> = None;
    for _ in 0..CAP_ROUNDS {
        let mut expected = vec![0.0_f64; n];
        for (demand, who) in &seats {
            let total: f64 = who.iter().map(|p| shares[p.get()]).sum();
            if total > 0.0 {
                for p in who {
                    expected[p.get()] += demand * shares[p.get()] / total;
                }
            }
        }
        // Stationary: when every practitioner eligible for some seats is over their
        // maximum, the rounds shrink them all alike and only their ratios settle, at
        // an equal relative excess; the parts no longer move.
        let stationary = last.as_ref().is_some_and(|l| {
            l.iter()
                .zip(&expected)
                .all(|(a, b)| (a - b).abs() <= 1e-12 * a.abs().max(1.0))
        });
        let mut changed = false;
        for p in 0..n {
            if let Some(cap) = caps[p] {
                if expected[p] > cap * (1.0 + 1e-12) {
                    shares[p] *= cap / expected[p];
                    changed = true;
                }
            }
        }
        if !changed || stationary {
            break;
        }
        last = Some(expected);
    }
    shares
}

/// For the categories with `targets = "filled"`: per pool member, the coefficient of
/// each duty's holder count in their target, `κ_{p,c} · σ_p / S_d` with
/// `κ_{p,c} = T[p,c] / T0[p,c]` of the demand (docs/model.md, "Targets"), so that the
/// target `Σ_d κ σ_p / S_d · holders_d` is the demand's target scaled duty by duty by
/// the seats filled: linear in the roster, never negative, and equal to the demand's
/// target when every seat is filled. Duties in index order.
pub fn filled_shares(
    instance: &Instance,
    duties: &[Duty],
) -> BTreeMap<(PracIdx, CategoryIdx), Vec<(DutyIdx, f64)>> {
    let filled =
        |c: CategoryIdx| instance.fairness.categories[c.get()].targets == TargetBasis::Filled;
    if !(0..instance.fairness.categories.len()).any(|c| filled(CategoryIdx(c as u32))) {
        return BTreeMap::new();
    }
    let shares = capped_shares(instance, duties);
    let demand = demand_targets(instance, duties, &shares);
    let mut out: BTreeMap<(PracIdx, CategoryIdx), Vec<(DutyIdx, f64)>> = BTreeMap::new();
    for d in duties {
        let Some(c) = d.category.filter(|&c| filled(c)) else {
            continue;
        };
        let (eligible, total) = parts(instance, &shares, d);
        for (p, share) in eligible {
            let Some(&(t0, t)) = demand.get(&(p, c)) else {
                continue;
            };
            let kappa = t / t0;
            if kappa > 0.0 {
                out.entry((p, c))
                    .or_default()
                    .push((d.idx, kappa * share / total));
            }
        }
    }
    out
}

/// The fairness term of the levels, as `objective::fairness` builds it.
pub(super) struct Fairness {
    /// `F − constant`: the expression HiGHS optimises.
    pub(super) expression: Expression,
    /// The variables, for the breakdown.
    pub(super) vars: FairnessVars,
    /// The deviation, worst-overload and integrality rows.
    pub(super) rows: Vec<(&'static str, Constraint)>,
    /// An upper bound of `expression` over every roster (`F_max`).
    pub(super) max: f64,
    /// The part of `F` no roster changes, kept out of `expression`: `Σ w_c (T − E)`
    /// over the targets above the most duties the practitioner could hold.
    pub(super) constant: f64,
}

/// Fairness: weighted deviations from the targets plus the worst weighted overload
/// (added to the first level by `build`).
///
/// A target is a constant, or, in a category that shares the seats filled
/// (`filled`, from [`filled_shares`]), the affine expression
/// `Σ_d coef_d · (n_d − s_d + v_d)`: the coverage row makes `n_d − s_d + v_d` the number
/// of holders of `d`, so the target moves with the roster and the deviation row stays
/// linear.
///
/// Also returns `F_max`, an upper bound of the level over every roster: a load lies in
/// `[0, E]` (E = the duties of the category the practitioner is eligible for) and a
/// target in `[0, T_max]` (a constant target: `T_max = T`), so `|L − T| ≤ max(T_max, E)`
/// (`max(T, E − T)` for a constant) and the weighted overload is at most
/// `Σ_c w_c (E − T_min)⁺`.
///
/// A constant target `T` above `E`, the most duties of the category the practitioner
/// could hold (a demand far above the people who may serve a post), is met by no
/// roster: there `|L − T| = (T − E) + (E − L)` for every load, so the row uses `E` as
/// its target and `w_c (T − E)` goes to [`Fairness::constant`], out of the magnitudes
/// HiGHS sees (docs/model.md, "Constants out of the levels").
pub(super) fn fairness(
    ctx: &Ctx,
    targets: &BTreeMap<(PracIdx, CategoryIdx), f64>,
    filled: &BTreeMap<(PracIdx, CategoryIdx), Vec<(DutyIdx, f64)>>,
    shortfall: &[Variable],
    over_cover: &[Option<Variable>],
    vb: &mut VarBuilder,
) -> Fairness {
    let instance = ctx.instance;
    // Load coefficients: (practitioner, category) → unit → duties of that category.
    let mut loads: BTreeMap<(PracIdx, CategoryIdx), BTreeMap<UnitIdx, (f64, Variable)>> =
        BTreeMap::new();
    // The most people who may hold each unit at once (one binary each).
    let mut candidates = vec![0_u32; ctx.units.len()];
    for a in ctx.assign {
        candidates[a.unit.get()] += 1;
        for d in ctx.duties_of(a.unit) {
            if let Some(c) = d.category {
                loads
                    .entry((a.prac, c))
                    .or_default()
                    .entry(a.unit)
                    .or_insert((0.0, a.var))
                    .0 += 1.0;
            }
        }
    }
    let keys: BTreeSet<(PracIdx, CategoryIdx)> = targets
        .keys()
        .chain(loads.keys())
        .chain(filled.keys())
        .copied()
        .collect();
    let worst = vb.continuous(0.0, f64::INFINITY);
    let mut rows = Vec::new();
    let mut terms = BTreeMap::new();
    let mut objective = Expression::from(0.0);
    let mut overload: BTreeMap<PracIdx, Expression> = BTreeMap::new();
    let mut fairness_max = 0.0;
    let mut unreachable = 0.0;
    let mut max_overload: BTreeMap<PracIdx, f64> = BTreeMap::new();
    for key in keys {
        let (p, c) = key;
        let w = instance.fairness.categories[c.get()].weight;
        let varies = instance.fairness.categories[c.get()].targets == TargetBasis::Filled;
        // The target as `constant + moving`, and the largest value it can take.
        let (constant, moving, most_target) = if varies {
            let mut constant = 0.0;
            let mut moving = Expression::from(0.0);
            let mut most = 0.0;
            for &(d, coef) in filled.get(&key).into_iter().flatten() {
                let duty = &ctx.duties[d.get()];
                // The seats the coverage row counts: the demand, or the candidates
                // when fewer (the rest is a constant out of the model).
                let seats = f64::from(duty.demand)
                    .min(f64::from(candidates[ctx.unit_of[d.get()].get()]).max(0.0));
                constant += coef * seats;
                moving.add_mul(-coef, shortfall[d.get()]);
                let mut holders = seats.min(f64::from(candidates[ctx.unit_of[d.get()].get()]));
                if let Some(v) = over_cover[d.get()] {
                    moving.add_mul(coef, v);
                    holders = f64::from(candidates[ctx.unit_of[d.get()].get()]);
                }
                most += coef * holders;
            }
            (constant, moving, most)
        } else {
            let t = targets.get(&key).copied().unwrap_or(0.0);
            (t, Expression::from(0.0), t)
        };
        let (load, most) = loads
            .remove(&key)
            .map(|l| {
                let most: f64 = l.values().map(|t| t.0).sum();
                (sum(l.into_values()), most)
            })
            .unwrap_or_else(|| (Expression::from(0.0), 0.0));
        // A constant target nobody can reach: the row aims at the most the
        // practitioner can hold, and the rest of the deviation is a constant.
        let written = constant;
        let constant = if !varies && constant > most {
            unreachable += w * (constant - most);
            most
        } else {
            constant
        };
        if varies {
            fairness_max += w * most_target.max(most);
            *max_overload.entry(p).or_insert(0.0) += w * most;
        } else {
            fairness_max += w * constant.max(most - constant);
            *max_overload.entry(p).or_insert(0.0) += w * (most - constant).max(0.0);
        }
        let over = vb.continuous(0.0, f64::INFINITY);
        let under = vb.continuous(0.0, f64::INFINITY);
        rows.push((
            "fairness_deviation",
            (load - over + under - moving.clone()).eq(constant),
        ));
        // The load is an integer, so it misses a fractional constant target by at least
        // the target's distance to the nearest integer: a valid inequality that lifts
        // the LP bound of the fairness level by Σ w_c × that distance. A moving target
        // may be an integer at some rosters: no such cut.
        let gap_to_integer = (constant - constant.floor()).min(constant.ceil() - constant);
        if !varies && gap_to_integer > 1e-9 {
            rows.push((
                "fairness_integrality",
                sum([(1.0, over), (1.0, under)]).geq(gap_to_integer),
            ));
        }
        objective.add_mul(w, over);
        objective.add_mul(w, under);
        overload
            .entry(p)
            .or_insert_with(|| Expression::from(0.0))
            .add_mul(w, over);
        terms.insert(
            key,
            FairnessTerm {
                target: moving + written,
                over,
                under,
            },
        );
    }
    for e in overload.into_values() {
        rows.push(("fairness_worst", (e - worst).leq(0.0)));
    }
    objective.add_mul(instance.fairness.worst_overload_weight, worst);
    fairness_max += instance.fairness.worst_overload_weight
        * max_overload.values().copied().fold(0.0, f64::max);
    Fairness {
        expression: objective,
        vars: FairnessVars { terms, worst },
        rows,
        max: fairness_max,
        constant: unreachable,
    }
}

/// The round-trip kilometres of one practitioner's unit: the sum over its duties of
/// [`Instance::travel_km`] (0 without a place on either side).
pub(super) fn unit_km(ctx: &Ctx, p: PracIdx, u: UnitIdx) -> f64 {
    ctx.duties_of(u)
        .filter_map(|d| ctx.instance.travel_km(p, d.post))
        .sum()
}

/// Travel and continuity of practitioner `p`, whose binaries are `mine` (docs/model.md,
/// "Travel and continuity"): `travel_weight × km` on each binary, and for each post with
/// a continuity weight on which `p` has binaries a column `y ∈ [0, 1]` at that weight
/// with `x ≤ y` for each of those binaries. `y` is minimised, so it is `max x` at any
/// integral roster; one row per binary (rather than `Σ x ≤ n·y`) keeps the LP tight:
/// a fractional `x = 1/n` costs the whole weight, not `1/n` of it.
fn travel_and_continuity(
    ctx: &Ctx,
    p: PracIdx,
    mine: &[super::Assign],
    vb: &mut VarBuilder,
    objective: &mut Expression,
    rows: &mut Vec<(&'static str, Constraint)>,
) {
    let instance = ctx.instance;
    let weight = instance.preferences.travel_weight;
    if weight > 0.0 && instance.has_travel() {
        for a in mine {
            let km = unit_km(ctx, p, a.unit);
            if km > 0.0 {
                objective.add_mul(weight * km, a.var);
            }
        }
    }
    if !instance.has_continuity() {
        return;
    }
    let mut by_post: BTreeMap<PostIdx, Vec<Variable>> = BTreeMap::new();
    for a in mine {
        let posts: BTreeSet<PostIdx> = ctx.duties_of(a.unit).map(|d| d.post).collect();
        for post in posts {
            if instance
                .post(post)
                .continuity_weight
                .is_some_and(|w| w > 0.0)
            {
                by_post.entry(post).or_default().push(a.var);
            }
        }
    }
    for (post, vars) in by_post {
        let w = instance.post(post).continuity_weight.unwrap_or(0.0);
        let holds = vb.continuous(0.0, 1.0);
        for v in vars {
            rows.push(("continuity", (sum([(1.0, v)]) - holds).leq(0.0)));
        }
        objective.add_mul(w, holds);
    }
}

/// The preference level: refused wishes, combined duties, travel and continuity.
pub(super) fn preferences(
    ctx: &Ctx,
    vb: &mut VarBuilder,
) -> (Expression, Vec<(&'static str, Constraint)>) {
    let instance = ctx.instance;
    let mut objective = Expression::from(0.0);
    let mut rows = Vec::new();
    for (pi, mine) in ctx.by_practitioner().into_iter().enumerate() {
        let prac = instance.practitioner(PracIdx(pi as u32));
        // A wish about one duty finds its binaries directly (the benchmarks have
        // thousands of them); a wish about dates scans the practitioner's units.
        let mut by_duty: BTreeMap<(PostIdx, PeriodIdx, chrono::NaiveDate), Vec<Variable>> =
            BTreeMap::new();
        for a in &mine {
            for d in ctx.duties_of(a.unit) {
                by_duty
                    .entry((d.post, d.period, d.date))
                    .or_default()
                    .push(a.var);
            }
        }
        for wish in &prac.wishes {
            let weight = instance.preferences.wish_weight * f64::from(wish.weight);
            let targeted: Vec<Variable> = match wish.target {
                Unavailability::Duty { post, period, date } => by_duty
                    .get(&(post, period, date))
                    .cloned()
                    .unwrap_or_default(),
                Unavailability::Dates { .. } => mine
                    .iter()
                    .filter(|a| {
                        ctx.duties_of(a.unit)
                            .any(|d| targets_duty(instance, &wish.target, d))
                    })
                    .map(|a| a.var)
                    .collect(),
            };
            match (wish.kind, targeted.is_empty()) {
                (WishKind::Off, true) => {}
                (WishKind::On, true) => objective += weight,
                (WishKind::Off, false) => {
                    let refused = vb.continuous(0.0, 1.0);
                    for v in targeted {
                        rows.push(("wish_off", (sum([(1.0, v)]) - refused).leq(0.0)));
                    }
                    objective.add_mul(weight, refused);
                }
                (WishKind::On, false) => {
                    let refused = vb.continuous(0.0, 1.0);
                    rows.push((
                        "wish_on",
                        (sum(targeted.into_iter().map(|v| (1.0, v))) + refused).geq(1.0),
                    ));
                    objective.add_mul(weight, refused);
                }
            }
        }
        let p = PracIdx(pi as u32);
        travel_and_continuity(ctx, p, &mine, vb, &mut objective, &mut rows);
        let penalty = instance.preferences.combined_duty_penalty;
        if penalty <= 0.0 || instance.posts.iter().all(|p| p.combinable_with.is_empty()) {
            continue;
        }
        for (i, a) in mine.iter().enumerate() {
            for b in &mine[i + 1..] {
                let pairs = ctx
                    .duties_of(a.unit)
                    .map(|x| {
                        ctx.duties_of(b.unit)
                            .filter(|y| x.overlaps(y) && instance.combinable(x.post, y.post))
                            .count()
                    })
                    .sum::<usize>();
                if pairs > 0 {
                    let both = vb.continuous(0.0, 1.0);
                    rows.push((
                        "combined_duties",
                        (sum([(1.0, a.var), (1.0, b.var)]) - both).leq(1.0),
                    ));
                    objective.add_mul(penalty * pairs as f64, both);
                }
            }
        }
    }
    (objective, rows)
}
