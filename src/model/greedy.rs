//! A constructive roster that respects every hard rule, used as the MIP start of the
//! first level so that HiGHS begins from a complete or nearly complete roster instead
//! of searching for one with a flat objective.
//!
//! Units are filled most constrained first (fewest eligible practitioners, then time);
//! each seat goes to the eligible practitioner with the most weighted target left in
//! the unit's categories, among those whom no rule holds back given the choices made
//! so far. A repair pass then tries, for each seat still empty, to free a candidate by
//! handing one of the units that hold them back to someone else (an ejection chain of
//! length one). It is a heuristic: it may leave seats empty that the solver fills.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::rules::units_conflict;
use super::{Ctx, UnitIdx};
use crate::instance::{CategoryIdx, PostKind, PracIdx};

/// For each binary of `ctx.assign` (same order), whether the greedy roster sets it.
pub(super) fn start(ctx: &Ctx, targets: &BTreeMap<(PracIdx, CategoryIdx), f64>) -> Vec<bool> {
    let mut state = State::new(ctx);
    let mut order: Vec<usize> = (0..ctx.units.len()).collect();
    // Required seats first: an optional seat must not take the person a required one
    // needs.
    order.sort_by_key(|&u| {
        (
            !ctx.required(UnitIdx(u as u32)),
            state.candidates[u].len(),
            u,
        )
    });
    for &u in &order {
        let unit = UnitIdx(u as u32);
        state.fill(unit, |state, p| Some(state.room(targets, p, unit)));
    }
    for &u in &order {
        let unit = UnitIdx(u as u32);
        while ctx.required(unit) && state.free_seats(unit) > 0 && state.repair(unit) {}
    }
    state.chosen
}

/// Fills the free required seats of `chosen` (binaries already set stay set): each
/// with the allowed candidate of the most weighted target left, then by ejection
/// chains that never move a `frozen` unit (one flag per unit) nor fill one. The start
/// of a re-planning: the published roster without the seats its holders lost.
pub(super) fn repair_required(ctx: &Ctx, chosen: &[bool], frozen: &[bool]) -> Vec<bool> {
    let mut state = State::new(ctx);
    state.frozen = frozen.to_vec();
    for (i, &on) in chosen.iter().enumerate() {
        if on {
            state.add(i);
        }
    }
    let targets = super::objective::targets(ctx.instance, ctx.duties);
    let mut order: Vec<usize> = (0..ctx.units.len())
        .filter(|&u| ctx.required(UnitIdx(u as u32)) && !frozen[u])
        .collect();
    order.sort_by_key(|&u| (state.candidates[u].len(), u));
    for &u in &order {
        let unit = UnitIdx(u as u32);
        state.fill(unit, |state, p| Some(state.room(&targets, p, unit)));
    }
    for &u in &order {
        let unit = UnitIdx(u as u32);
        while state.free_seats(unit) > 0 && state.repair(unit) {}
    }
    state.chosen
}

/// Adds optional units to `chosen` wherever a seat is free and a candidate is allowed
/// by every hard rule, most constrained units first; binaries already set stay set.
/// For an MCS unit valued by population, the candidate who brings the most people
/// within the threshold that nobody on an overlapping MCS duty covers yet wins (then
/// the most weighted target left, as in [`start`]); a candidate who brings nobody is
/// not placed there.
pub(super) fn fill_optional(ctx: &Ctx, chosen: &[bool]) -> Vec<bool> {
    let mut state = State::new(ctx);
    for (i, &on) in chosen.iter().enumerate() {
        if on {
            state.add(i);
        }
    }
    let targets = super::objective::targets(ctx.instance, ctx.duties);
    let reach = Reach::new(ctx);
    let mut order: Vec<usize> = (0..ctx.units.len())
        .filter(|&u| !ctx.required(UnitIdx(u as u32)))
        .collect();
    order.sort_by_key(|&u| (state.candidates[u].len(), u));
    for &u in &order {
        let unit = UnitIdx(u as u32);
        let valued = ctx.by_population(unit);
        state.fill(unit, |state, p| {
            let gain = match (&reach, valued) {
                (Some(r), true) => Some(r.gain(state, p, unit)).filter(|&g| g > 0.0)?,
                _ => 0.0,
            };
            Some((gain, state.room(&targets, p, unit)))
        });
    }
    state.chosen
}

/// Who reaches whom, for the population gain of an MCS unit in [`fill_optional`].
struct Reach {
    /// Per practitioner, the places (not covered by a base) within the threshold of
    /// their place, as a bit set.
    reach: Vec<Vec<u64>>,
    /// Population of each place.
    population: Vec<f64>,
}

impl Reach {
    fn new(ctx: &Ctx) -> Option<Reach> {
        let geo = ctx.instance.geography.as_ref()?;
        let n = geo.places.len();
        let words = n.div_ceil(64);
        let reach = ctx
            .instance
            .practitioners
            .iter()
            .map(|p| {
                let mut bits = vec![0u64; words];
                if let Some(from) = p.place {
                    for q in 0..n {
                        let to = crate::instance::PlaceIdx(q as u32);
                        if !geo.base_covers(to) && geo.place_reaches(from, to) {
                            bits[q / 64] |= 1 << (q % 64);
                        }
                    }
                }
                bits
            })
            .collect();
        let population = geo.places.iter().map(|p| f64::from(p.population)).collect();
        Some(Reach { reach, population })
    }

    /// Population-minutes that `p` would add on `unit`'s MCS duties, counting a place
    /// as already covered during a duty when a holder of an overlapping MCS duty
    /// reaches it (a heuristic: a partial overlap counts as full).
    fn gain(&self, state: &State, p: PracIdx, unit: UnitIdx) -> f64 {
        let ctx = state.ctx;
        let mut total = 0.0;
        for d in ctx.duties_of(unit) {
            if ctx.instance.post(d.post).kind != crate::instance::PostKind::McsZone {
                continue;
            }
            let mut covered = vec![0u64; self.reach[p.get()].len()];
            for (q, held) in state.held.iter().enumerate() {
                for &v in held {
                    let overlapping = ctx.duties_of(v).any(|e| {
                        ctx.instance.post(e.post).kind == crate::instance::PostKind::McsZone
                            && e.overlaps(d)
                    });
                    if overlapping {
                        for (c, r) in covered.iter_mut().zip(&self.reach[q]) {
                            *c |= r;
                        }
                    }
                }
            }
            let mut people = 0.0;
            for (w, (&mine, &done)) in self.reach[p.get()].iter().zip(&covered).enumerate() {
                let mut bits = mine & !done;
                while bits != 0 {
                    let b = bits.trailing_zeros() as usize;
                    people += self.population[w * 64 + b];
                    bits &= bits - 1;
                }
            }
            total += people * d.minutes() as f64;
        }
        total
    }
}

/// Length of the ejection chains of the repair pass: 1 hands one blocking unit to
/// someone else directly, 2 lets that someone hand one of theirs on in turn.
const REPAIR_DEPTH: u32 = 2;

/// The greedy roster under construction.
struct State<'a, 'b> {
    ctx: &'a Ctx<'b>,
    /// Positions in `ctx.assign` per unit.
    candidates: Vec<Vec<usize>>,
    /// Whether each binary is set.
    chosen: Vec<bool>,
    /// Units held, per practitioner.
    held: Vec<Vec<UnitIdx>>,
    /// Seats filled per unit.
    filled: Vec<u32>,
    /// Duties held per (practitioner, category).
    load: BTreeMap<(PracIdx, CategoryIdx), f64>,
    /// Duties held per (practitioner, window kind, window key).
    counts: BTreeMap<(PracIdx, u8, i32, u32), u32>,
    /// Duties held per (practitioner, post kind, month), for `max_per_month_by_kind`.
    by_kind: BTreeMap<(PracIdx, PostKind, (i32, u32)), u32>,
    /// Units whose holders must not change (a re-planning's fixed duties): the repair
    /// never hands them on.
    frozen: Vec<bool>,
}

impl<'a, 'b> State<'a, 'b> {
    fn new(ctx: &'a Ctx<'b>) -> Self {
        let mut candidates: Vec<Vec<usize>> = vec![Vec::new(); ctx.units.len()];
        for (i, a) in ctx.assign.iter().enumerate() {
            candidates[a.unit.get()].push(i);
        }
        State {
            ctx,
            candidates,
            chosen: vec![false; ctx.assign.len()],
            held: vec![Vec::new(); ctx.instance.practitioners.len()],
            filled: vec![0; ctx.units.len()],
            load: BTreeMap::new(),
            counts: BTreeMap::new(),
            by_kind: BTreeMap::new(),
            frozen: vec![false; ctx.units.len()],
        }
    }

    /// Fills `unit`'s free seats one at a time, each with the allowed candidate of the
    /// highest `score` (`None`: not a candidate; ties keep the first in `assign` order).
    fn fill<K: PartialOrd>(&mut self, unit: UnitIdx, score: impl Fn(&Self, PracIdx) -> Option<K>) {
        while self.free_seats(unit) > 0 {
            let mut best: Option<(K, usize)> = None;
            for &i in &self.candidates[unit.get()] {
                let p = self.ctx.assign[i].prac;
                if self.chosen[i] || !self.allowed(p, unit) {
                    continue;
                }
                let Some(key) = score(self, p) else { continue };
                if best.as_ref().is_none_or(|(k, _)| key > *k) {
                    best = Some((key, i));
                }
            }
            let Some((_, i)) = best else { break };
            self.add(i);
        }
    }

    fn seats(&self, unit: UnitIdx) -> u32 {
        self.ctx
            .duties_of(unit)
            .map(|d| d.demand)
            .min()
            .unwrap_or(0)
    }

    fn free_seats(&self, unit: UnitIdx) -> u32 {
        self.seats(unit).saturating_sub(self.filled[unit.get()])
    }

    /// Weighted target left in the unit's categories after taking it: higher is better.
    fn room(
        &self,
        targets: &BTreeMap<(PracIdx, CategoryIdx), f64>,
        p: PracIdx,
        unit: UnitIdx,
    ) -> f64 {
        let mut room = 0.0;
        for d in self.ctx.duties_of(unit) {
            if let Some(c) = d.category {
                let w = self.ctx.instance.fairness.categories[c.get()].weight;
                let t = targets.get(&(p, c)).copied().unwrap_or(0.0);
                let l = self.load.get(&(p, c)).copied().unwrap_or(0.0);
                room += w * (t - l - 1.0);
            }
        }
        room
    }

    /// Sets binary `i` (its unit must have a free seat).
    fn add(&mut self, i: usize) {
        self.change(i, true);
    }

    /// Clears binary `i`.
    fn remove(&mut self, i: usize) {
        self.change(i, false);
    }

    fn change(&mut self, i: usize, on: bool) {
        let a = self.ctx.assign[i];
        self.chosen[i] = on;
        let step = if on { 1.0 } else { -1.0 };
        if on {
            self.held[a.prac.get()].push(a.unit);
            self.filled[a.unit.get()] += 1;
        } else {
            self.held[a.prac.get()].retain(|&v| v != a.unit);
            self.filled[a.unit.get()] -= 1;
        }
        for d in self.ctx.duties_of(a.unit) {
            if let Some(c) = d.category {
                *self.load.entry((a.prac, c)).or_insert(0.0) += step;
            }
            for (kind, key) in super::limit_windows(d) {
                let n = self.counts.entry((a.prac, kind, key.0, key.1)).or_insert(0);
                *n = if on { *n + 1 } else { n.saturating_sub(1) };
            }
            let kind = self.ctx.instance.post(d.post).kind;
            let month = super::limit_windows(d)[1].1;
            let n = self.by_kind.entry((a.prac, kind, month)).or_insert(0);
            *n = if on { *n + 1 } else { n.saturating_sub(1) };
        }
    }

    /// The held units of `p` that conflict with `unit`.
    fn blockers(&self, p: PracIdx, unit: UnitIdx) -> Vec<UnitIdx> {
        let spacing = self.ctx.instance.spacing_of(p);
        self.held[p.get()]
            .iter()
            .copied()
            .filter(|&v| v == unit || units_conflict(self.ctx, unit, v, spacing))
            .collect()
    }

    /// Whether `p` may take `unit` on top of what it holds.
    fn allowed(&self, p: PracIdx, unit: UnitIdx) -> bool {
        self.blockers(p, unit).is_empty() && self.within_limits(p, unit)
    }

    /// Whether taking `unit` keeps `p` within its maxima and its weekends.
    fn within_limits(&self, p: PracIdx, unit: UnitIdx) -> bool {
        let limits = self.ctx.instance.limits_of(p);
        let mut extra: BTreeMap<(u8, i32, u32), u32> = BTreeMap::new();
        let mut extra_by_kind: BTreeMap<(PostKind, (i32, u32)), u32> = BTreeMap::new();
        for d in self.ctx.duties_of(unit) {
            for (kind, key) in super::limit_windows(d) {
                *extra.entry((kind, key.0, key.1)).or_insert(0) += 1;
            }
            let kind = self.ctx.instance.post(d.post).kind;
            *extra_by_kind
                .entry((kind, super::limit_windows(d)[1].1))
                .or_insert(0) += 1;
        }
        for ((kind, month), add) in extra_by_kind {
            if let Some(&max) = limits.max_per_month_by_kind.get(&kind) {
                let now = self.by_kind.get(&(p, kind, month)).copied().unwrap_or(0);
                if now + add > max {
                    return false;
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
                let now = self.counts.get(&(p, kind, a, b)).copied().unwrap_or(0);
                if now + add > max {
                    return false;
                }
            }
        }
        let Some(max) = limits.max_weekends else {
            return true;
        };
        let mut weekends: Vec<NaiveDate> = self.held[p.get()]
            .iter()
            .chain(std::iter::once(&unit))
            .flat_map(|&v| self.ctx.duties_of(v).filter_map(|d| d.weekend))
            .collect();
        weekends.sort_unstable();
        weekends.dedup();
        weekends.len() <= max as usize
    }

    /// Tries to fill one seat of `unit` by moving the one unit that holds a candidate
    /// back to another practitioner. Returns whether a seat was filled.
    fn repair(&mut self, unit: UnitIdx) -> bool {
        self.place(unit, REPAIR_DEPTH, &mut Vec::new())
    }

    /// Gives one free seat of `unit` to someone: directly to a candidate whom no rule
    /// holds back, else (while `depth` lasts) to a candidate held back by exactly one
    /// unit, which is in turn placed with someone else (an ejection chain). Everything
    /// is undone when the chain fails. `moved` are the practitioners already moved by
    /// the chain, who are not moved again.
    fn place(&mut self, unit: UnitIdx, depth: u32, moved: &mut Vec<PracIdx>) -> bool {
        let candidates = self.candidates[unit.get()].clone();
        for &i in &candidates {
            let p = self.ctx.assign[i].prac;
            if !self.chosen[i] && !moved.contains(&p) && self.allowed(p, unit) {
                self.add(i);
                return true;
            }
        }
        if depth == 0 {
            return false;
        }
        for &i in &candidates {
            let p = self.ctx.assign[i].prac;
            if self.chosen[i] || moved.contains(&p) {
                continue;
            }
            let blockers = self.blockers(p, unit);
            let [v] = blockers[..] else { continue };
            if self.frozen[v.get()] {
                continue;
            }
            let Some(held_v) = self.position(p, v) else {
                continue;
            };
            // Hand `v` to someone else, then give `unit` to `p`; undo if it fails.
            self.remove(held_v);
            if self.allowed(p, unit) {
                self.add(i);
                moved.push(p);
                if self.place(v, depth - 1, moved) {
                    return true;
                }
                moved.pop();
                self.remove(i);
            }
            self.add(held_v);
        }
        false
    }

    /// The position in `ctx.assign` of practitioner `p` on unit `v`.
    fn position(&self, p: PracIdx, v: UnitIdx) -> Option<usize> {
        self.candidates[v.get()]
            .iter()
            .copied()
            .find(|&i| self.ctx.assign[i].prac == p && self.chosen[i])
    }
}

/// Improves the preference level of a roster by swaps that leave every practitioner's
/// load in every category unchanged (so coverage and fairness keep their exact values)
/// and break no hard rule: `p` gives a unit `u` to `q` and takes `q`'s unit `v`, where
/// `u` and `v` have the same number of duties in each category. A swap is kept when it
/// lowers the penalty of `p`'s and `q`'s wishes, combined duties, travel and
/// continuity. `chosen` is one
/// flag per binary of `ctx.assign`, as `start` returns.
pub(super) fn improve_preferences(
    ctx: &Ctx,
    chosen: &[bool],
    deadline: Option<std::time::Instant>,
) -> Vec<bool> {
    let late = || deadline.is_some_and(|d| std::time::Instant::now() >= d);
    let mut state = State::new(ctx);
    for (i, &on) in chosen.iter().enumerate() {
        if on {
            state.add(i);
        }
    }
    let profile = |u: UnitIdx| -> Vec<(CategoryIdx, u32)> {
        let mut m: BTreeMap<CategoryIdx, u32> = BTreeMap::new();
        for d in ctx.duties_of(u) {
            if let Some(c) = d.category {
                *m.entry(c).or_insert(0) += 1;
            }
        }
        m.into_iter().collect()
    };
    let profiles: Vec<Vec<(CategoryIdx, u32)>> = (0..ctx.units.len())
        .map(|u| profile(UnitIdx(u as u32)))
        .collect();
    // Who holds an MCS duty changes the population covered (their place matters), so
    // those units are never swapped: the swap must keep the first level exact.
    // The binaries of the units of each profile, so that a unit meets only its peers.
    let mut peers: BTreeMap<&[(CategoryIdx, u32)], Vec<usize>> = BTreeMap::new();
    for (i, a) in ctx.assign.iter().enumerate() {
        if !ctx.by_population(a.unit) {
            peers.entry(&profiles[a.unit.get()]).or_default().push(i);
        }
    }
    // Travel and continuity make every holder's units matter, not only those of wishes.
    let everyone = (ctx.instance.preferences.travel_weight > 0.0 && ctx.instance.has_travel())
        || ctx.instance.has_continuity();
    // A few passes over the practitioners, first improvement, until nothing improves.
    for _ in 0..4 {
        let mut improved = false;
        for pi in 0..ctx.instance.practitioners.len() {
            let p = PracIdx(pi as u32);
            if ctx.instance.practitioner(p).wishes.is_empty() && !everyone {
                continue;
            }
            if late() {
                break;
            }
            // Units a wish of `p` is about: a swap helps `p` only if it moves one.
            let relevant: std::collections::BTreeSet<UnitIdx> = (0..ctx.units.len())
                .map(|u| UnitIdx(u as u32))
                .filter(|&u| {
                    ctx.instance.practitioner(p).wishes.iter().any(|w| {
                        ctx.duties_of(u)
                            .any(|d| super::targets_duty(ctx.instance, &w.target, d))
                    })
                })
                .collect();
            let mine: Vec<usize> = held_positions(&state, p);
            'units: for iu in mine {
                let u = ctx.assign[iu].unit;
                if !state.chosen[iu] {
                    continue;
                }
                let Some(unit_peers) = peers.get(profiles[u.get()].as_slice()) else {
                    continue;
                };
                if ctx.by_population(u) {
                    continue;
                }
                if late() {
                    break 'units;
                }
                let before = state.penalty(p);
                let u_relevant = relevant.contains(&u);
                for &iv in unit_peers {
                    let (q, v) = (ctx.assign[iv].prac, ctx.assign[iv].unit);
                    if !state.chosen[iv]
                        || q == p
                        || !(everyone || u_relevant || relevant.contains(&v))
                    {
                        continue;
                    }
                    let (Some(ipv), Some(iqu)) = (state.slot(p, v), state.slot(q, u)) else {
                        continue;
                    };
                    if state.chosen[ipv] || state.chosen[iqu] {
                        continue;
                    }
                    let old = before + state.penalty(q);
                    state.remove(iu);
                    state.remove(iv);
                    if state.allowed(p, v) && state.allowed(q, u) {
                        state.add(ipv);
                        state.add(iqu);
                        if state.penalty(p) + state.penalty(q) < old - 1e-9 {
                            improved = true;
                            continue 'units;
                        }
                        state.remove(ipv);
                        state.remove(iqu);
                    }
                    state.add(iu);
                    state.add(iv);
                }
            }
        }
        if !improved {
            break;
        }
    }
    state.chosen
}

/// Positions in `ctx.assign` of the binaries `p` holds, in unit order.
fn held_positions(state: &State, p: PracIdx) -> Vec<usize> {
    let mut out: Vec<usize> = state.held[p.get()]
        .iter()
        .filter_map(|&u| state.position(p, u))
        .collect();
    out.sort_unstable();
    out
}

impl State<'_, '_> {
    /// The position in `ctx.assign` of the binary (p, v), set or not.
    fn slot(&self, p: PracIdx, v: UnitIdx) -> Option<usize> {
        self.candidates[v.get()]
            .iter()
            .copied()
            .find(|&i| self.ctx.assign[i].prac == p)
    }

    /// `p`'s part of the preference level: refused wishes, combined duties, travel and
    /// the posts `p` holds a duty of (continuity is a sum over practitioners of the
    /// weights of the posts each holds).
    fn penalty(&self, p: PracIdx) -> f64 {
        let instance = self.ctx.instance;
        let held = &self.held[p.get()];
        let holds = |target: &crate::instance::Unavailability| {
            held.iter().any(|&u| {
                self.ctx
                    .duties_of(u)
                    .any(|d| super::targets_duty(instance, target, d))
            })
        };
        let mut total = 0.0;
        for wish in &instance.practitioner(p).wishes {
            let refused = match wish.kind {
                crate::instance::WishKind::Off => holds(&wish.target),
                crate::instance::WishKind::On => !holds(&wish.target),
            };
            if refused {
                total += instance.preferences.wish_weight * f64::from(wish.weight);
            }
        }
        if instance.preferences.travel_weight > 0.0 && instance.has_travel() {
            let km: f64 = held
                .iter()
                .map(|&u| super::objective::unit_km(self.ctx, p, u))
                .sum();
            total += instance.preferences.travel_weight * km;
        }
        if instance.has_continuity() {
            let posts: std::collections::BTreeSet<crate::instance::PostIdx> = held
                .iter()
                .flat_map(|&u| self.ctx.duties_of(u).map(|d| d.post))
                .collect();
            total += posts
                .into_iter()
                .filter_map(|post| instance.post(post).continuity_weight)
                .filter(|&w| w > 0.0)
                .sum::<f64>();
        }
        let penalty = instance.preferences.combined_duty_penalty;
        if penalty > 0.0 {
            for (k, &a) in held.iter().enumerate() {
                for &b in &held[k + 1..] {
                    let pairs = self
                        .ctx
                        .duties_of(a)
                        .map(|x| {
                            self.ctx
                                .duties_of(b)
                                .filter(|y| x.overlaps(y) && instance.combinable(x.post, y.post))
                                .count()
                        })
                        .sum::<usize>();
                    total += penalty * pairs as f64;
                }
            }
        }
        total
    }
}
