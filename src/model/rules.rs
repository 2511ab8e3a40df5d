//! The hard rules as constraints, one function per rule (docs/rules.md).

use std::collections::{BTreeMap, BTreeSet};

use chrono::Duration;
use good_lp::{Constraint, Variable};

use super::{hours, sum, Ctx, UnitIdx, VarBuilder};
use crate::duties::Duty;

/// Coverage: the holders of a duty plus its empty seats, minus the people above its
/// demand when its post allows over-cover, equal its demand.
///
/// `fillable[d]` is the demand of `d` capped at the candidates of its unit: the seats
/// beyond are empty in every roster, a constant that `build` keeps out of the model, so
/// `shortfall[d]` counts the empty seats among the fillable ones (docs/model.md,
/// "Coverage and demand").
pub(super) fn coverage(
    ctx: &Ctx,
    shortfall: &[Variable],
    over: &[Option<Variable>],
    fillable: &[u32],
) -> Vec<(&'static str, Constraint)> {
    let mut holders: Vec<Vec<Variable>> = vec![Vec::new(); ctx.units.len()];
    for a in ctx.assign {
        holders[a.unit.get()].push(a.var);
    }
    ctx.duties
        .iter()
        .map(|d| {
            let mut e = sum(holders[ctx.unit_of[d.idx.get()].get()]
                .iter()
                .map(|v| (1.0, *v)))
                + shortfall[d.idx.get()];
            if let Some(o) = over[d.idx.get()] {
                e -= o;
            }
            ("coverage", e.eq(f64::from(fillable[d.idx.get()])))
        })
        .collect()
}

/// Whether one person whose spacing (rule 6, [`crate::instance::Instance::spacing_of`])
/// is `spacing` may not hold both duties (they belong to different units).
pub(super) fn duties_conflict(ctx: &Ctx, a: &Duty, b: &Duty, spacing: u32) -> bool {
    let instance = ctx.instance;
    let rules = &instance.rules;
    if a.overlaps(b) {
        if !instance.combinable(a.post, b.post) {
            return true;
        }
        // Combinable and overlapping: no rest between them, but the date rules below
        // still apply when they belong to different dates (docs/rules.md).
    } else {
        let (first, second) = if a.end <= b.start { (a, b) } else { (b, a) };
        let mut rest = hours(rules.min_rest_hours);
        if first.night {
            rest = rest.max(hours(rules.min_rest_after_night_hours));
        }
        if second.start - first.end < rest {
            return true;
        }
    }
    let days = (a.date - b.date).num_days().abs();
    if rules.no_two_nights_in_a_row && a.night && b.night && days == 1 {
        return true;
    }
    if days == 1 {
        let (first, second) = if a.date < b.date { (a, b) } else { (b, a) };
        if instance
            .period(first.period)
            .not_followed_by
            .contains(&second.period)
        {
            return true;
        }
    }
    let k = i64::from(spacing);
    k >= 2 && days >= 1 && days < k
}

/// How far the pairwise rules reach for someone whose spacing is `spacing`: the longest
/// rest (hours between one duty's end and the next one's start) and the most dates
/// apart that a date rule (two nights in a row, forbidden successions, spacing) can
/// forbid.
fn conflict_reach(ctx: &Ctx, spacing: u32) -> (Duration, i64) {
    let instance = ctx.instance;
    let rules = &instance.rules;
    let nights = instance.periods.iter().any(|p| p.night);
    let rest = rules.min_rest_hours.max(if nights {
        rules.min_rest_after_night_hours
    } else {
        0
    });
    let spacing = i64::from(spacing);
    let mut dates = if spacing >= 2 { spacing - 1 } else { 0 };
    let successions = instance
        .periods
        .iter()
        .any(|p| !p.not_followed_by.is_empty());
    if (rules.no_two_nights_in_a_row && nights) || successions {
        dates = dates.max(1);
    }
    (hours(rest), dates)
}

/// Overlap, rest, two nights in a row and spacing, as clique inequalities over each
/// practitioner's conflict graph.
///
/// The graph's vertices are the practitioner's units in time order; an edge joins two
/// units that one person may not both hold. For each unit `u`, greedy maximal cliques
/// through `u` are grown from each of its later edges not yet covered, so every edge
/// lies in at least one clique and `Σ x ≤ 1` over the cliques is exactly as strong as
/// all the pairs together, and usually much stronger in the LP. Cliques contained in
/// another one are dropped: their rows are implied.
pub(super) fn conflicts(ctx: &Ctx) -> Vec<(&'static str, Constraint)> {
    let mut out = Vec::new();
    for (pi, mine) in ctx.by_practitioner().into_iter().enumerate() {
        let spacing = ctx.instance.spacing_of(crate::instance::PracIdx(pi as u32));
        let (rest, date_reach) = conflict_reach(ctx, spacing);
        // Each unit's span and dates; a duty starts on its date or the day after.
        let spans: Vec<Span> = mine
            .iter()
            .map(|a| {
                let ds: Vec<&Duty> = ctx.duties_of(a.unit).collect();
                Span {
                    start: ds.iter().map(|d| d.start).min().expect("a unit has a duty"),
                    end: ds.iter().map(|d| d.end).max().expect("a unit has a duty"),
                    first_date: ds.iter().map(|d| d.date).min().expect("a unit has a duty"),
                    last_date: ds.iter().map(|d| d.date).max().expect("a unit has a duty"),
                }
            })
            .collect();
        let mut later: Vec<Vec<usize>> = vec![Vec::new(); mine.len()];
        for i in 0..mine.len() {
            let a = &spans[i];
            for j in i + 1..mine.len() {
                let b = &spans[j];
                // Units come by start: once one starts after every rest and on a day
                // whose date is beyond every date rule, so do all later ones.
                let apart = b.start >= a.end + rest;
                let start_day = b.start.date_naive();
                if apart && (start_day - a.last_date).num_days() > date_reach + 1 {
                    break;
                }
                let near_dates = (b.first_date - a.last_date).num_days() <= date_reach
                    && (a.first_date - b.last_date).num_days() <= date_reach;
                if (!apart || near_dates)
                    && units_conflict(ctx, mine[i].unit, mine[j].unit, spacing)
                {
                    later[i].push(j);
                }
            }
        }
        let neighbours = &later;
        // Adjacency as a band of bits: neighbours lie within `band` positions.
        let band = later
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.last().map(|&j| j - i))
            .max()
            .unwrap_or(0);
        let words = band / 64 + 1;
        let mut bits = vec![0u64; mine.len() * words];
        for (i, l) in later.iter().enumerate() {
            for &j in l {
                let off = j - i;
                bits[i * words + off / 64] |= 1 << (off % 64);
            }
        }
        let adjacent = |a: usize, b: usize| {
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            let off = hi - lo;
            off <= band && bits[lo * words + off / 64] >> (off % 64) & 1 == 1
        };
        // Every neighbour of each unit, earlier and later, in time order.
        let mut all: Vec<Vec<usize>> = vec![Vec::new(); mine.len()];
        for (i, l) in later.iter().enumerate() {
            for &j in l {
                all[i].push(j);
                all[j].push(i);
            }
        }
        for l in &mut all {
            l.sort_unstable();
        }
        let mut cliques: Vec<Vec<usize>> = Vec::new();
        for i in 0..mine.len() {
            let mut uncovered: BTreeSet<usize> = neighbours[i].iter().copied().collect();
            while let Some(&seed) = uncovered.iter().next() {
                // Grow from the uncovered edge (i, seed) with any common neighbour,
                // earlier ones included: larger cliques make the smaller ones redundant.
                let mut clique = vec![i, seed];
                for &j in &all[i] {
                    if j != seed && clique[1..].iter().all(|&m| adjacent(m, j)) {
                        clique.push(j);
                    }
                }
                for &m in &clique[1..] {
                    uncovered.remove(&m);
                }
                clique.sort_unstable();
                cliques.push(clique);
            }
        }
        // Drop the cliques contained in another one (their rows are implied).
        cliques.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        let mut containing: Vec<Vec<usize>> = vec![Vec::new(); mine.len()];
        let mut kept: Vec<Vec<usize>> = Vec::new();
        for clique in cliques {
            // Only a kept clique holding every member can contain it: scan the
            // shortest list of kept cliques among the members'.
            let rarest = clique
                .iter()
                .min_by_key(|&&m| containing[m].len())
                .expect("a clique has members");
            let implied = containing[*rarest]
                .iter()
                .any(|&k| is_subset(&clique, &kept[k]));
            if implied {
                continue;
            }
            for &m in &clique {
                containing[m].push(kept.len());
            }
            kept.push(clique);
        }
        // Kept cliques are distinct (an equal one is contained, hence dropped), and
        // each practitioner has their own variables: every row is new.
        kept.sort();
        for clique in kept {
            out.push((
                "conflicts",
                sum(clique.iter().map(|&m| (1.0, mine[m].var))).leq(1.0),
            ));
        }
    }
    out
}

/// Whether one person whose spacing is `spacing` may not hold both units.
pub(super) fn units_conflict(ctx: &Ctx, u: UnitIdx, v: UnitIdx, spacing: u32) -> bool {
    ctx.duties_of(u).any(|a| {
        ctx.duties_of(v)
            .any(|b| duties_conflict(ctx, a, b, spacing))
    })
}

/// Maxima per ISO week, calendar month and horizon.
pub(super) fn maxima(ctx: &Ctx) -> Vec<(&'static str, Constraint)> {
    let mut out = Vec::new();
    for (pi, mine) in ctx.by_practitioner().into_iter().enumerate() {
        let limits = ctx.instance.limits_of(crate::instance::PracIdx(pi as u32));
        let windows = [
            ("max_per_week", limits.max_per_week),
            ("max_per_month", limits.max_per_month),
            ("max_per_horizon", limits.max_per_horizon),
        ];
        for (kind, (name, max)) in windows.into_iter().enumerate() {
            let Some(max) = max else { continue };
            window_rows(ctx, &mine, kind, |_| true, name, max, &mut out);
        }
    }
    out
}

/// Maxima per calendar month on the posts of one kind (`max_per_month_by_kind`):
/// `Σ_u n_{u,K,k} x_{p,u} ≤ M` over the units of `p`, `n_{u,K,k}` the duties of `u`
/// dated in month `K` on a post of kind `k`.
pub(super) fn maxima_by_kind(ctx: &Ctx) -> Vec<(&'static str, Constraint)> {
    let mut out = Vec::new();
    for (pi, mine) in ctx.by_practitioner().into_iter().enumerate() {
        let limits = ctx.instance.limits_of(crate::instance::PracIdx(pi as u32));
        for (&kind, &max) in &limits.max_per_month_by_kind {
            let of_kind = |d: &Duty| ctx.instance.post(d.post).kind == kind;
            window_rows(
                ctx,
                &mine,
                1,
                of_kind,
                "max_per_month_by_kind",
                max,
                &mut out,
            );
        }
    }
    out
}

/// One row `Σ_u n_{u,K} x_{p,u} ≤ max` per window `K` of kind `window` (0 week, 1 month,
/// 2 horizon: `limit_windows`) over the units of one practitioner (`mine`), counting
/// the duties `counted` keeps; a row that cannot bind is left out.
fn window_rows(
    ctx: &Ctx,
    mine: &[super::Assign],
    window: usize,
    counted: impl Fn(&Duty) -> bool,
    name: &'static str,
    max: u32,
    out: &mut Vec<(&'static str, Constraint)>,
) {
    let mut groups: BTreeMap<(i32, u32), BTreeMap<usize, (f64, Variable)>> = BTreeMap::new();
    for a in mine {
        for d in ctx.duties_of(a.unit).filter(|d| counted(d)) {
            let e = groups
                .entry(super::limit_windows(d)[window].1)
                .or_default()
                .entry(a.unit.get())
                .or_insert((0.0, a.var));
            e.0 += 1.0;
        }
    }
    for terms in groups.into_values() {
        let total: f64 = terms.values().map(|t| t.0).sum();
        if total > f64::from(max) {
            out.push((name, sum(terms.into_values()).leq(f64::from(max))));
        }
    }
}

/// Maximum weekends: an indicator per weekend worked, at most `max_weekends` of them.
pub(super) fn max_weekends(ctx: &Ctx, vb: &mut VarBuilder) -> Vec<(&'static str, Constraint)> {
    let mut out = Vec::new();
    for (pi, mine) in ctx.by_practitioner().into_iter().enumerate() {
        let Some(max) = ctx
            .instance
            .limits_of(crate::instance::PracIdx(pi as u32))
            .max_weekends
        else {
            continue;
        };
        let mut weekends: BTreeMap<chrono::NaiveDate, BTreeSet<usize>> = BTreeMap::new();
        for (k, a) in mine.iter().enumerate() {
            for d in ctx.duties_of(a.unit) {
                if let Some(w) = d.weekend {
                    weekends.entry(w).or_default().insert(k);
                }
            }
        }
        if weekends.len() <= max as usize {
            continue;
        }
        let mut indicators = Vec::new();
        for members in weekends.into_values() {
            let worked = vb.continuous(0.0, 1.0);
            indicators.push((1.0, worked));
            for k in members {
                out.push((
                    "max_weekends",
                    (super::sum([(1.0, mine[k].var)]) - worked).leq(0.0),
                ));
            }
        }
        out.push(("max_weekends", sum(indicators).leq(f64::from(max))));
    }
    out
}

/// A unit's first start, last end and dates.
struct Span {
    start: chrono::DateTime<chrono_tz::Tz>,
    end: chrono::DateTime<chrono_tz::Tz>,
    first_date: chrono::NaiveDate,
    last_date: chrono::NaiveDate,
}

/// Whether sorted `a` is contained in sorted `b`.
fn is_subset(a: &[usize], b: &[usize]) -> bool {
    let mut it = b.iter();
    a.iter().all(|x| it.any(|y| y == x))
}

/// Per-period maxima and working minutes over the horizon.
pub(super) fn totals(ctx: &Ctx) -> Vec<(&'static str, Constraint)> {
    let mut out = Vec::new();
    for (pi, mine) in ctx.by_practitioner().into_iter().enumerate() {
        let limits = ctx.instance.limits_of(crate::instance::PracIdx(pi as u32));
        for (&period, &max) in &limits.max_per_period {
            let terms: Vec<(f64, Variable)> = mine
                .iter()
                .map(|a| {
                    let n = ctx.duties_of(a.unit).filter(|d| d.period == period).count();
                    (n as f64, a.var)
                })
                .filter(|t| t.0 > 0.0)
                .collect();
            let total: f64 = terms.iter().map(|t| t.0).sum();
            if total > f64::from(max) {
                out.push(("max_per_period", sum(terms).leq(f64::from(max))));
            }
        }
        if limits.min_minutes.is_none() && limits.max_minutes.is_none() {
            continue;
        }
        let terms: Vec<(f64, Variable)> = mine
            .iter()
            .map(|a| {
                let m: i64 = ctx.duties_of(a.unit).map(|d| d.counted_minutes).sum();
                (m as f64, a.var)
            })
            .collect();
        let most: f64 = terms.iter().map(|t| t.0).sum();
        if let Some(max) = limits.max_minutes {
            if most > f64::from(max) {
                out.push(("max_minutes", sum(terms.clone()).leq(f64::from(max))));
            }
        }
        if let Some(min) = limits.min_minutes.filter(|&m| m > 0) {
            // Infeasible when `most` < `min`: HiGHS says so, and `solve` reports the
            // contradiction in the rules.
            out.push(("min_minutes", sum(terms).geq(f64::from(min))));
        }
    }
    out
}

/// Consecutive worked dates and days off (docs/rules.md, "Runs of dates").
///
/// `w[d]` is whether the practitioner holds a duty dated `d`: the sum of their binaries
/// of that date when at most one of them can be set (they pairwise overlap in time on
/// non-combinable posts, so the conflict cliques already bound the sum by 1), else a
/// continuous indicator with `w ≥ x` for each binary and `w ≤ Σ x`.
///
/// - at most `K` consecutive: every window of `K + 1` dates holds a date off;
/// - runs of at least `m` worked dates, as start implications: a run starting on `d`
///   (worked `d`, off `d − 1`) is still worked on `d + j`, `j < m`:
///   `w[d] − w[d−1] − w[d+j] ≤ 0`; these rows are much tighter than forbidding each short
///   pattern, and a run touching the horizon's ends gets no row when exempt;
/// - runs of at least `m` days off: `w[d−1] − w[d] + w[d+j] ≤ 1`, the same rows on `1 − w`.
#[allow(clippy::needless_range_loop)] // d − 1, d and d + j index the same vector
pub(super) fn runs(ctx: &Ctx, vb: &mut VarBuilder) -> Vec<(&'static str, Constraint)> {
    let instance = ctx.instance;
    let dates: Vec<chrono::NaiveDate> = instance.horizon.dates().collect();
    let n = dates.len();
    let exempt = instance.rules.exempt_runs_at_horizon_ends;
    let mut out = Vec::new();
    for (pi, mine) in ctx.by_practitioner().into_iter().enumerate() {
        let limits = ctx.instance.limits_of(crate::instance::PracIdx(pi as u32));
        let max_on = limits.max_consecutive_days;
        let min_on = limits.min_consecutive_days.filter(|&m| m >= 2);
        let min_off = limits.min_consecutive_days_off.filter(|&m| m >= 2);
        if max_on.is_none() && min_on.is_none() && min_off.is_none() {
            continue;
        }
        // The binaries of each date.
        let mut of_date: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (k, a) in mine.iter().enumerate() {
            let mut seen = BTreeSet::new();
            for d in ctx.duties_of(a.unit) {
                let i = (d.date - instance.horizon.first).num_days();
                if let Ok(i) = usize::try_from(i) {
                    if i < n && seen.insert(i) {
                        of_date[i].push(k);
                    }
                }
            }
        }
        // w[d] as a list of terms (empty: never worked).
        let mut work: Vec<Vec<(f64, Variable)>> = Vec::with_capacity(n);
        for members in &of_date {
            let single = members.len() <= 1 || at_most_one(ctx, members.iter().map(|&k| &mine[k]));
            if single {
                work.push(members.iter().map(|&k| (1.0, mine[k].var)).collect());
            } else {
                let w = vb.continuous(0.0, 1.0);
                for &k in members {
                    out.push(("worked_date", (sum([(1.0, mine[k].var)]) - w).leq(0.0)));
                }
                out.push((
                    "worked_date",
                    (sum(members.iter().map(|&k| (1.0, mine[k].var))) - w).geq(0.0),
                ));
                work.push(vec![(1.0, w)]);
            }
        }
        let terms = |i: usize, coef: f64| work[i].iter().map(move |&(c, v)| (c * coef, v));
        if let Some(k) = max_on {
            let k = k as usize;
            for first in 0..n.saturating_sub(k) {
                let window = first..=first + k;
                let possible = window.clone().filter(|&i| !work[i].is_empty()).count();
                if possible > k {
                    out.push((
                        "max_consecutive_days",
                        sum(window.flat_map(|i| terms(i, 1.0))).leq(k as f64),
                    ));
                }
            }
        }
        if let Some(m) = min_on {
            for d in 0..n {
                if work[d].is_empty() {
                    continue;
                }
                // A run starting on the first date touches the start.
                if d == 0 && exempt {
                    continue;
                }
                for j in 1..m as usize {
                    let e = d + j;
                    if e >= n {
                        if !exempt {
                            // The run would end on the last date, shorter than m.
                            let mut row = sum(terms(d, 1.0));
                            if d > 0 {
                                row += sum(terms(d - 1, -1.0));
                            }
                            out.push(("min_consecutive_days", row.leq(0.0)));
                        }
                        break;
                    }
                    let mut row = sum(terms(d, 1.0)) + sum(terms(e, -1.0));
                    if d > 0 {
                        row += sum(terms(d - 1, -1.0));
                    }
                    out.push(("min_consecutive_days", row.leq(0.0)));
                }
            }
        }
        if let Some(m) = min_off {
            // Off on d after working d − 1: still off on d + j, j < m.
            for d in 0..n {
                // A day-off run starting on the first date is exempt, or (not exempt)
                // follows a worked day before the horizon.
                if d == 0 && exempt {
                    continue;
                }
                if d > 0 && work[d - 1].is_empty() {
                    continue;
                }
                for j in 1..m as usize {
                    let e = d + j;
                    if e >= n {
                        if !exempt {
                            let mut row = sum(terms(d, -1.0));
                            if d > 0 {
                                row += sum(terms(d - 1, 1.0));
                            }
                            // Off from d to the end, shorter than m: forbidden
                            // after a worked d − 1 (before the horizon counts as
                            // worked when runs at the ends are not exempt).
                            let rhs = if d > 0 { 0.0 } else { -1.0 };
                            out.push(("min_consecutive_days_off", row.leq(rhs)));
                        }
                        break;
                    }
                    if work[e].is_empty() {
                        continue;
                    }
                    let mut row = sum(terms(d, -1.0)) + sum(terms(e, 1.0));
                    let rhs = if d > 0 {
                        row += sum(terms(d - 1, 1.0));
                        1.0
                    } else {
                        0.0
                    };
                    out.push(("min_consecutive_days_off", row.leq(rhs)));
                }
            }
        }
    }
    out
}

/// Whether at most one of these binaries can be set: their units are single duties
/// that share an instant (1-D Helly: pairwise overlap ⇔ latest start < earliest end)
/// on posts of which no two are combinable, so the conflict cliques bound their sum.
fn at_most_one<'a>(ctx: &Ctx, members: impl Iterator<Item = &'a super::Assign>) -> bool {
    let mut latest_start = None;
    let mut earliest_end = None;
    let mut posts = BTreeSet::new();
    for a in members {
        let unit = &ctx.units[a.unit.get()];
        if unit.duties.len() != 1 {
            return false;
        }
        let d = &ctx.duties[unit.duties[0].get()];
        latest_start =
            Some(latest_start.map_or(d.start, |s: chrono::DateTime<chrono_tz::Tz>| s.max(d.start)));
        earliest_end =
            Some(earliest_end.map_or(d.end, |e: chrono::DateTime<chrono_tz::Tz>| e.min(d.end)));
        posts.insert(d.post);
    }
    let overlap = match (latest_start, earliest_end) {
        (Some(s), Some(e)) => s < e,
        _ => true,
    };
    overlap
        && posts
            .iter()
            .all(|&a| posts.iter().all(|&b| !ctx.instance.combinable(a, b)))
}
