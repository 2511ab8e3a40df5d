//! A re-planning in the model: the duties fixed as published and the changes level
//! (docs/model.md, "Re-planning"). The re-planning workflow makes the [`Stability`]
//! from the published roster; [`super::build_stable`] adds its rows and level.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use good_lp::{Constraint, Expression};

use super::{sum, Ctx};
use crate::duties::{Duty, DutyIdx};
use crate::instance::PracIdx;

/// What a re-planning keeps of a published roster (the re-planning workflow): the duties
/// dated before `fixed_before` stay exactly as published, and every later seat that
/// changes hands costs (docs/model.md, "Re-planning").
#[derive(Clone, Debug, Default)]
pub struct Stability {
    /// Duties dated before this day keep their published holders, and only them.
    pub fixed_before: NaiveDate,
    /// The published assignments, on the current duties (a published duty that no
    /// longer exists is not here: its loss is in `lost`).
    pub published: BTreeSet<(DutyIdx, PracIdx)>,
    /// The cost of one change (a seat gained or lost by one practitioner) on each duty.
    pub cost: Vec<f64>,
    /// The cost of the published seats that name a duty or a practitioner the instance
    /// no longer has (lost whatever the roster): a constant of the changes level.
    pub gone: f64,
}

/// The changes level of a re-planning and the rows that fix the duties before its
/// date: a binary whose unit has a duty dated before `fixed_before` equals 1 when the
/// practitioner held every duty of the unit, else 0; for the others, each duty of the
/// unit costs `cost[d] × (1 − x)` when published for that practitioner (a seat lost)
/// and `cost[d] × x` otherwise (a seat gained); a published seat that no binary can
/// keep (its holder may no longer hold it) is a constant loss.
pub(super) fn terms(ctx: &Ctx, s: &Stability) -> (Expression, Vec<(&'static str, Constraint)>) {
    let cost = |d: DutyIdx| s.cost.get(d.get()).copied().unwrap_or(1.0);
    let keepable: BTreeSet<(DutyIdx, PracIdx)> = ctx
        .assign
        .iter()
        .flat_map(|a| ctx.units[a.unit.get()].duties.iter().map(|&d| (d, a.prac)))
        .collect();
    let mut expression = Expression::from(s.gone);
    for &(d, p) in &s.published {
        if ctx.duties[d.get()].date >= s.fixed_before && !keepable.contains(&(d, p)) {
            expression += cost(d);
        }
    }
    let mut rows = Vec::new();
    for a in ctx.assign {
        let held = |d: &Duty| s.published.contains(&(d.idx, a.prac));
        if ctx.duties_of(a.unit).any(|d| d.date < s.fixed_before) {
            let value = if ctx.duties_of(a.unit).all(held) {
                1.0
            } else {
                0.0
            };
            rows.push(("replan_fixed", sum([(1.0, a.var)]).eq(value)));
            continue;
        }
        for d in ctx.duties_of(a.unit) {
            let c = cost(d.idx);
            if held(d) {
                expression += c;
                expression.add_mul(-c, a.var);
            } else {
                expression.add_mul(c, a.var);
            }
        }
    }
    (expression, rows)
}
