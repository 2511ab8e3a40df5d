//! The optional seats' level term (docs/model.md, "Population coverage"): a
//! maximal-covering formulation of the MCS rosters, plus optional seats valued one by
//! one.
//!
//! **Population.** MCS time is the union of the intervals of every duty of an `mcs`
//! post. It is cut into *slices* at every start and end of such a duty, so that the
//! set of MCS duties open is constant on a slice. A place is covered on a slice when a
//! SMUR base is within the threshold (a constant), or when a practitioner whose
//! practice place is within the threshold holds an MCS duty open on that slice. With
//! `y[g, s] ∈ [0, 1]` for a group `g` of places reached by the same volunteers,
//! `y[g, s] ≤ Σ x` over the binaries of those volunteers on duties open during `s`;
//! the loss is `Σ pop × minutes × (1 − y)` plus the constant loss of places nobody can
//! reach. Grouping places with one set of volunteers is exact (their `y` would be
//! equal anyway) and divides the columns by the number of places per group.
//!
//! **Other optional seats** (a post with `required = false` that is not an MCS post
//! valued by population) count their empty seats.
//!
//! Both are scaled to per mille of their maximum, so the term lies in `[0, 1000]`
//! (or `[0, 2000]` with both): the first level's empty-seat weight only needs to exceed
//! that range (docs/model.md, "Dominance").

use std::collections::{BTreeMap, BTreeSet};

use chrono::DateTime;
use chrono_tz::Tz;
use good_lp::{Constraint, Expression, Variable};

use super::{sum, Ctx, VarBuilder};
use crate::instance::{Instance, PlaceIdx, PostIdx, PostKind, PracIdx};

/// The optional-seat term of the first level.
pub(super) struct Optional {
    /// The loss to minimise, in per mille (constant included).
    pub(super) expression: Expression,
    /// Its largest possible value.
    pub(super) max: f64,
    /// The optional seats no roster can fill (more seats than candidates), in per
    /// mille: kept out of `expression` (docs/model.md, "Constants out of the levels").
    pub(super) constant: f64,
    /// The `y ≤ Σ x` rows.
    pub(super) rows: Vec<(&'static str, Constraint)>,
}

/// One MCS slice: `[start, end)`, the MCS duties open on it.
struct Slice {
    start: DateTime<Tz>,
    end: DateTime<Tz>,
    open: Vec<usize>,
}

/// Whether a post's seats are valued by population (an MCS post, with geography).
pub(super) fn valued_by_population(instance: &Instance, post: PostIdx) -> bool {
    instance.geography.is_some() && instance.post(post).kind == PostKind::McsZone
}

/// Builds the term, or `None` when the instance has no optional seat and no MCS
/// population to cover. `shortfall[d]` counts the empty seats of duty `d` beyond the
/// `unfillable[d]` that no roster can fill.
pub(super) fn optional(
    ctx: &Ctx,
    shortfall: &[Variable],
    unfillable: &[u32],
    vb: &mut VarBuilder,
) -> Option<Optional> {
    let instance = ctx.instance;
    let geo = instance.geography.as_ref();
    let mut expression = Expression::from(0.0);
    let mut max = 0.0;
    let mut seats_constant = 0.0;
    let mut rows = Vec::new();

    // Optional seats valued one by one.
    let seat_duties: Vec<usize> = ctx
        .duties
        .iter()
        .filter(|d| {
            let post = instance.post(d.post);
            !post.required && !valued_by_population(instance, d.post)
        })
        .map(|d| d.idx.get())
        .collect();
    let seats: f64 = seat_duties
        .iter()
        .map(|&d| f64::from(ctx.duties[d].demand))
        .sum();
    if seats > 0.0 {
        let scale = 1000.0 / seats;
        for &d in &seat_duties {
            expression.add_mul(scale, shortfall[d]);
            seats_constant += scale * f64::from(unfillable[d]);
        }
        max += 1000.0;
    }

    // Population.
    let mcs: Vec<usize> = ctx
        .duties
        .iter()
        .filter(|d| instance.post(d.post).kind == PostKind::McsZone)
        .map(|d| d.idx.get())
        .collect();
    if let (Some(geo), false) = (geo, mcs.is_empty()) {
        let slices = slices(ctx, &mcs);
        let minutes_total: i64 = slices.iter().map(|s| (s.end - s.start).num_minutes()).sum();
        let population = geo.population();
        let total = population as f64 * minutes_total as f64;
        if total > 0.0 {
            let scale = 1000.0 / total;
            max += 1000.0;
            // Volunteers: practitioners with a place and at least one MCS binary.
            let mut volunteers: BTreeSet<PracIdx> = BTreeSet::new();
            // Binaries per duty, with their practitioner.
            let mut on_duty: BTreeMap<usize, Vec<(PracIdx, Variable)>> = BTreeMap::new();
            for a in ctx.assign {
                for d in &ctx.units[a.unit.get()].duties {
                    if instance.post(ctx.duties[d.get()].post).kind == PostKind::McsZone
                        && instance.practitioner(a.prac).place.is_some()
                    {
                        volunteers.insert(a.prac);
                        on_duty.entry(d.get()).or_default().push((a.prac, a.var));
                    }
                }
            }
            // Groups of places not reached by a base, by the volunteers who reach them.
            let mut groups: BTreeMap<BTreeSet<PracIdx>, u64> = BTreeMap::new();
            for (i, place) in geo.places.iter().enumerate() {
                let p = PlaceIdx(i as u32);
                if geo.base_covers(p) {
                    continue;
                }
                let reach: BTreeSet<PracIdx> = volunteers
                    .iter()
                    .copied()
                    .filter(|&v| {
                        instance
                            .practitioner(v)
                            .place
                            .is_some_and(|from| geo.place_reaches(from, p))
                    })
                    .collect();
                *groups.entry(reach).or_insert(0) += u64::from(place.population);
            }
            let mut constant = 0.0;
            for (reach, pop) in &groups {
                for s in &slices {
                    let weight = *pop as f64 * (s.end - s.start).num_minutes() as f64 * scale;
                    let covering: Vec<Variable> = s
                        .open
                        .iter()
                        .flat_map(|d| on_duty.get(d).into_iter().flatten())
                        .filter(|(v, _)| reach.contains(v))
                        .map(|&(_, x)| x)
                        .collect();
                    constant += weight;
                    if covering.is_empty() {
                        continue;
                    }
                    let y = vb.continuous(0.0, 1.0);
                    rows.push((
                        "population_cover",
                        (Expression::from(y) - sum(covering.into_iter().map(|x| (1.0, x))))
                            .leq(0.0),
                    ));
                    expression.add_mul(-weight, y);
                }
            }
            expression += constant;
        }
    }
    (max > 0.0).then_some(Optional {
        expression,
        max,
        constant: seats_constant,
        rows,
    })
}

/// The slices of MCS time, in time order.
fn slices(ctx: &Ctx, mcs: &[usize]) -> Vec<Slice> {
    let mut cuts: BTreeSet<DateTime<Tz>> = BTreeSet::new();
    for &d in mcs {
        cuts.insert(ctx.duties[d].start);
        cuts.insert(ctx.duties[d].end);
    }
    let cuts: Vec<DateTime<Tz>> = cuts.into_iter().collect();
    let mut by_start: Vec<usize> = mcs.to_vec();
    by_start.sort_by_key(|&d| (ctx.duties[d].start, d));
    let mut out = Vec::new();
    for w in cuts.windows(2) {
        let (start, end) = (w[0], w[1]);
        let open: Vec<usize> = by_start
            .iter()
            .copied()
            .take_while(|&d| ctx.duties[d].start <= start)
            .filter(|&d| ctx.duties[d].end >= end)
            .collect();
        if !open.is_empty() {
            out.push(Slice { start, end, open });
        }
    }
    out
}
