//! The hard rules as constraints, one function per rule (docs/rules.md).

use std::collections::{BTreeMap, BTreeSet};

use chrono::Duration;
use good_lp::{Constraint, Variable};

use super::{hours, sum, Ctx, UnitIdx, VarBuilder};
use crate::duties::Duty;

/// Coverage: the holders of a duty plus its empty seats equal its demand.
pub(super) fn coverage(ctx: &Ctx, shortfall: &[Variable]) -> Vec<(&'static str, Constraint)> {
    let mut holders: Vec<Vec<Variable>> = vec![Vec::new(); ctx.units.len()];
    for a in ctx.assign {
        holders[a.unit.get()].push(a.var);
    }
    ctx.duties
        .iter()
        .map(|d| {
            let e = sum(holders[ctx.unit_of[d.idx.get()].get()]
                .iter()
                .map(|v| (1.0, *v)))
                + shortfall[d.idx.get()];
            ("coverage", e.eq(f64::from(d.demand)))
        })
        .collect()
}

/// Whether one person may not hold both duties (they belong to different units).
pub(super) fn duties_conflict(ctx: &Ctx, a: &Duty, b: &Duty) -> bool {
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
    let k = i64::from(rules.min_days_between_duties);
    k >= 2 && days >= 1 && days < k
}

/// How far apart in days (from one unit's end to the next one's start) two duties can
/// be and still conflict. A duty starts at most two days after its date (an
/// after-midnight period ending the next day), so the date rules reach
/// `max(k, 2) + 2` days, and the rest rules `⌊R/24⌋ + 1`.
fn conflict_window(ctx: &Ctx) -> i64 {
    let rules = &ctx.instance.rules;
    let rest_days = i64::from(rules.min_rest_hours.max(rules.min_rest_after_night_hours)) / 24;
    rest_days
        .max(i64::from(rules.min_days_between_duties))
        .max(2)
        + 2
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
    let window = Duration::days(conflict_window(ctx));
    let mut rows: BTreeSet<Vec<usize>> = BTreeSet::new();
    let mut out = Vec::new();
    for (pi, mine) in ctx.by_practitioner().into_iter().enumerate() {
        // Later neighbours of each unit (positions in `mine`).
        let spans: Vec<(
            chrono::DateTime<chrono_tz::Tz>,
            chrono::DateTime<chrono_tz::Tz>,
        )> = mine
            .iter()
            .map(|a| {
                let ds: Vec<&Duty> = ctx.duties_of(a.unit).collect();
                let start = ds.iter().map(|d| d.start).min().expect("a unit has a duty");
                let end = ds.iter().map(|d| d.end).max().expect("a unit has a duty");
                (start, end)
            })
            .collect();
        let mut later: Vec<Vec<usize>> = vec![Vec::new(); mine.len()];
        for i in 0..mine.len() {
            for j in i + 1..mine.len() {
                if spans[j].0 > spans[i].1 + window {
                    break;
                }
                if units_conflict(ctx, mine[i].unit, mine[j].unit) {
                    later[i].push(j);
                }
            }
        }
        let neighbours: Vec<BTreeSet<usize>> =
            later.iter().map(|l| l.iter().copied().collect()).collect();
        let adjacent = |a: usize, b: usize| {
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            neighbours[lo].contains(&hi)
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
            let mut uncovered: BTreeSet<usize> = neighbours[i].clone();
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
            let implied = containing[clique[0]]
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
        kept.sort();
        for clique in kept {
            let key: Vec<usize> = std::iter::once(pi)
                .chain(clique.iter().map(|&m| mine[m].unit.get()))
                .collect();
            if rows.insert(key) {
                out.push((
                    "conflicts",
                    sum(clique.iter().map(|&m| (1.0, mine[m].var))).leq(1.0),
                ));
            }
        }
    }
    out
}

pub(super) fn units_conflict(ctx: &Ctx, u: UnitIdx, v: UnitIdx) -> bool {
    ctx.duties_of(u)
        .any(|a| ctx.duties_of(v).any(|b| duties_conflict(ctx, a, b)))
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
            let mut groups: BTreeMap<(i32, u32), BTreeMap<usize, (f64, Variable)>> =
                BTreeMap::new();
            for a in &mine {
                for d in ctx.duties_of(a.unit) {
                    let e = groups
                        .entry(super::limit_windows(d)[kind].1)
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
    }
    out
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

/// Whether sorted `a` is contained in sorted `b`.
fn is_subset(a: &[usize], b: &[usize]) -> bool {
    let mut it = b.iter();
    a.iter().all(|x| it.any(|y| y == x))
}
