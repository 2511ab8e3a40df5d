//! A constructive roster that respects every hard rule, used as the MIP start of the
//! first level so that HiGHS begins from a complete or nearly complete roster instead
//! of searching for one with a flat objective.
//!
//! Units are filled most constrained first (fewest eligible practitioners, then time);
//! each seat goes to the eligible practitioner with the most weighted target left in
//! the unit's categories, among those whom no rule holds back given the choices made
//! so far. It is a heuristic: it may leave seats empty that the solver then fills.

use std::collections::BTreeMap;

use chrono::Datelike;

use super::rules::units_conflict;
use super::{Ctx, UnitIdx};
use crate::instance::{CategoryIdx, PracIdx};

/// For each binary of `ctx.assign` (same order), whether the greedy roster sets it.
pub(super) fn start(ctx: &Ctx, targets: &BTreeMap<(PracIdx, CategoryIdx), f64>) -> Vec<bool> {
    let instance = ctx.instance;
    let n = instance.practitioners.len();
    // Candidates per unit: positions in `ctx.assign`.
    let mut candidates: Vec<Vec<usize>> = vec![Vec::new(); ctx.units.len()];
    for (i, a) in ctx.assign.iter().enumerate() {
        candidates[a.unit.get()].push(i);
    }
    let mut order: Vec<usize> = (0..ctx.units.len()).collect();
    order.sort_by_key(|&u| (candidates[u].len(), u));

    let mut chosen = vec![false; ctx.assign.len()];
    let mut held: Vec<Vec<UnitIdx>> = vec![Vec::new(); n];
    let mut load: BTreeMap<(PracIdx, CategoryIdx), f64> = BTreeMap::new();
    let mut counts: BTreeMap<(PracIdx, u8, i32, u32), u32> = BTreeMap::new();
    let mut weekends: Vec<Vec<chrono::NaiveDate>> = vec![Vec::new(); n];

    for u in order {
        let unit = UnitIdx(u as u32);
        let seats = ctx.duties_of(unit).map(|d| d.demand).min().unwrap_or(0);
        for _ in 0..seats {
            let mut best: Option<(f64, usize)> = None;
            for &i in &candidates[u] {
                let p = ctx.assign[i].prac;
                if chosen[i] || !allowed(ctx, p, unit, &held[p.get()], &counts, &weekends[p.get()])
                {
                    continue;
                }
                // Weighted target left after taking this unit: higher is better.
                let mut room = 0.0;
                for d in ctx.duties_of(unit) {
                    if let Some(c) = d.category {
                        let w = instance.fairness.categories[c.get()].weight;
                        let t = targets.get(&(p, c)).copied().unwrap_or(0.0);
                        let l = load.get(&(p, c)).copied().unwrap_or(0.0);
                        room += w * (t - l - 1.0);
                    }
                }
                if best.is_none_or(|(r, _)| room > r) {
                    best = Some((room, i));
                }
            }
            let Some((_, i)) = best else { break };
            chosen[i] = true;
            let p = ctx.assign[i].prac;
            held[p.get()].push(unit);
            for d in ctx.duties_of(unit) {
                if let Some(c) = d.category {
                    *load.entry((p, c)).or_insert(0.0) += 1.0;
                }
                for (kind, key) in windows(d) {
                    *counts.entry((p, kind, key.0, key.1)).or_insert(0) += 1;
                }
                if let Some(w) = d.weekend {
                    if !weekends[p.get()].contains(&w) {
                        weekends[p.get()].push(w);
                    }
                }
            }
        }
    }
    chosen
}

/// The week, month and horizon windows a duty counts in, tagged 0, 1, 2.
fn windows(d: &crate::duties::Duty) -> [(u8, (i32, u32)); 3] {
    let w = d.date.iso_week();
    [
        (0, (w.year(), w.week())),
        (1, (d.date.year(), d.date.month())),
        (2, (0, 0)),
    ]
}

/// Whether `p` may take `unit` on top of what it already holds.
fn allowed(
    ctx: &Ctx,
    p: PracIdx,
    unit: UnitIdx,
    held: &[UnitIdx],
    counts: &BTreeMap<(PracIdx, u8, i32, u32), u32>,
    weekends: &[chrono::NaiveDate],
) -> bool {
    if held
        .iter()
        .any(|&v| v == unit || units_conflict(ctx, unit, v))
    {
        return false;
    }
    let limits = ctx.instance.limits_of(p);
    let mut extra: BTreeMap<(u8, i32, u32), u32> = BTreeMap::new();
    let mut new_weekends: Vec<chrono::NaiveDate> = Vec::new();
    for d in ctx.duties_of(unit) {
        for (kind, key) in windows(d) {
            *extra.entry((kind, key.0, key.1)).or_insert(0) += 1;
        }
        if let Some(w) = d.weekend {
            if !weekends.contains(&w) && !new_weekends.contains(&w) {
                new_weekends.push(w);
            }
        }
    }
    for ((kind, a, b), add) in extra {
        let max = match kind {
            0 => limits.max_per_week,
            1 => limits.max_per_month,
            _ => limits.max_per_horizon,
        };
        if let Some(max) = max {
            let now = counts.get(&(p, kind, a, b)).copied().unwrap_or(0);
            if now + add > max {
                return false;
            }
        }
    }
    match limits.max_weekends {
        Some(max) => weekends.len() + new_weekends.len() <= max as usize,
        None => true,
    }
}
