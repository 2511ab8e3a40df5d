//! Duties + Instance → a mixed-integer program (good_lp), with one function per rule
//! and one per objective term. docs/model.md writes the same formulation down.
//!
//! The decision variables are per *unit*, not per duty: a unit is one duty, or the
//! whole weekend of a post that bundles its weekends (every duty of that post dated on
//! a Saturday or the Sunday after), so that "one person holds the whole weekend" is a
//! property of the variables rather than a family of equalities. A binary exists only
//! for a pair (practitioner, unit) where the practitioner is eligible for every duty of
//! the unit (post served, qualifications held, not unavailable).
//!
//! Pairwise incompatibilities of one practitioner (overlap, rest, two nights in a row,
//! spacing) form a conflict graph per practitioner, emitted as clique inequalities
//! (a greedy edge cover by maximal cliques in time order), which are much tighter than
//! the pairs they replace.
//!
//! The objective has two lexicographic levels ([`LevelObjective`], each of a kind
//! [`Level`]), which `solve` optimises one after the other: coverage and fairness
//! together (coverage dominating by a weight proven large enough), then preferences.
//!
//! This module does no I/O, reads no clock and never talks to HiGHS.

mod greedy;
mod level;
mod objective;
mod population;
mod rules;
mod stability;

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use good_lp::{variable, Constraint, Expression, IntoAffineExpression, ProblemVariables, Variable};

use crate::duties::{zoned, Duty, DutyIdx};
use crate::instance::{CategoryIdx, Instance, ObjectiveMode, PracIdx, Unavailability};

pub use level::{Level, Stage};
pub use objective::{capped_shares, filled_shares, targets, CAP_ROUNDS};
pub use stability::Stability;

/// Dense index into [`Model::units`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitIdx(pub u32);

impl UnitIdx {
    /// The index as a `usize`.
    pub fn get(self) -> usize {
        self.0 as usize
    }
}

/// What one decision variable assigns: a single duty or a bundled weekend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Its duties, sorted by start.
    pub duties: Vec<DutyIdx>,
}

/// A binary: practitioner `prac` holds every duty of unit `unit`.
#[derive(Clone, Copy, Debug)]
pub struct Assign {
    /// The practitioner.
    pub prac: PracIdx,
    /// The unit.
    pub unit: UnitIdx,
    /// The variable.
    pub var: Variable,
}

/// One level of the lexicographic objective as the model builds it: its kind and its
/// weighted sum of terms.
#[derive(Clone, Debug)]
pub struct LevelObjective {
    /// What the level is.
    pub level: Level,
    /// The expression to minimise.
    pub expression: Expression,
    /// The part of the level that no roster changes (seats beyond the candidates of a
    /// duty, fairness targets above what anyone can hold), kept out of `expression` so
    /// that HiGHS sees small magnitudes: the level's value is `expression + offset`
    /// (docs/model.md, "Constants out of the levels").
    pub offset: f64,
}

/// A stage solved before the levels when the instance has optional seats: the
/// required seats and fairness (`W_F × empty seats + F`, the two-level model's first
/// level) with every optional binary fixed at 0. Its roster, completed greedily with
/// optional seats, starts the first level: HiGHS then begins from a complete PDSA
/// roster instead of searching for one among the MCS variables (docs/model.md,
/// "Optional seats and population coverage").
#[derive(Clone, Debug)]
pub struct WarmStart {
    /// `W_F × Σ required s_d + F`, without its constant.
    pub expression: Expression,
    /// The constant, as [`LevelObjective::offset`].
    pub offset: f64,
    /// The binaries of units of optional posts, fixed at 0 during this stage.
    pub optional: Vec<Variable>,
}

/// Counts that describe the size of the model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ModelSize {
    /// Variables (columns).
    pub variables: usize,
    /// Of which binaries.
    pub binaries: usize,
    /// Constraints (rows), level bounds excluded.
    pub constraints: usize,
    /// Non-zero coefficients of the constraint matrix.
    pub nonzeros: usize,
}

/// Per-practitioner, per-category fairness variables, for the breakdown.
#[derive(Clone, Debug)]
pub struct FairnessVars {
    /// (practitioner, category) → (target, excess, shortfall).
    pub terms: BTreeMap<(PracIdx, CategoryIdx), FairnessTerm>,
    /// The worst weighted overload.
    pub worst: Variable,
}

/// The fairness variables of one practitioner in one category.
#[derive(Clone, Debug)]
pub struct FairnessTerm {
    /// The target load: a constant, or an affine expression of the empty seats in a
    /// category that shares the seats filled.
    pub target: Expression,
    /// Duties above the target.
    pub over: Variable,
    /// Duties below the target.
    pub under: Variable,
}

/// The model, ready for `solve`.
pub struct Model {
    /// Every variable, in creation order (column order).
    pub vars: ProblemVariables,
    /// The variables in creation order, so that `solve` can map them to columns.
    pub columns: Vec<Variable>,
    /// The units of assignment.
    pub units: Vec<Unit>,
    /// The unit of each duty.
    pub unit_of: Vec<UnitIdx>,
    /// The binaries, sorted by unit then practitioner.
    pub assign: Vec<Assign>,
    /// Days from the horizon's first date to each binary's unit's first duty, in
    /// `assign` order: with the practitioner, the neighbourhoods of the local search.
    pub assign_day: Vec<u32>,
    /// Days from the horizon's first date to each duty (the day of its `shortfall`).
    pub duty_day: Vec<u32>,
    /// Empty seats of each duty (continuous, integral at any solution).
    pub shortfall: Vec<Variable>,
    /// People above the demand of each duty, where its post allows over-cover.
    pub over: Vec<Option<Variable>>,
    /// Every constraint, named by rule.
    pub constraints: Vec<(&'static str, Constraint)>,
    /// The levels, most important first.
    pub levels: Vec<LevelObjective>,
    /// The fairness variables.
    pub fairness: FairnessVars,
    /// A roster built greedily under every hard rule, one flag per binary of
    /// `assign`: the MIP start of the first level.
    pub start: Vec<bool>,
    /// Weight W of one empty seat in the first level, above any fairness value; 1 when
    /// the empty seats are a level of their own (`seats`).
    pub coverage_weight: f64,
    /// The largest value the weighted first level can take in the model HiGHS sees,
    /// `W × Σ u_d × fillable seats + F_max` (or `+ O_max`): above
    /// [`SPLIT_THRESHOLD`] the empty seats become a level of their own.
    pub first_level_max: f64,
    /// With optional seats, a first stage on the required seats alone (see
    /// [`WarmStart`]).
    pub warm_start: Option<WarmStart>,
    /// Size counts.
    pub size: ModelSize,
}

/// Builds variables one at a time while remembering their order.
struct VarBuilder {
    vars: ProblemVariables,
    columns: Vec<Variable>,
    binaries: usize,
}

impl VarBuilder {
    fn binary(&mut self) -> Variable {
        self.binaries += 1;
        self.push(variable().binary())
    }

    fn continuous(&mut self, min: f64, max: f64) -> Variable {
        self.push(variable().min(min).max(max))
    }

    fn push(&mut self, def: good_lp::VariableDefinition) -> Variable {
        let v = self.vars.add(def);
        self.columns.push(v);
        v
    }
}

/// Whether practitioner `p` may hold duty `d`: post served, qualifications held, not
/// unavailable (a day range blocks every duty overlapping those local days).
pub fn eligible(instance: &Instance, p: PracIdx, duty: &Duty) -> bool {
    let prac = instance.practitioner(p);
    let post = instance.post(duty.post);
    if !prac.posts.contains(&duty.post)
        || !post.qualifications.is_subset(&prac.qualifications)
        || instance.period_limit(p, duty.period) == Some(0)
    {
        return false;
    }
    !prac
        .unavailable
        .iter()
        .any(|u| targets_duty(instance, u, duty))
}

/// Whether an unavailability or a wish target covers the duty.
pub(crate) fn targets_duty(instance: &Instance, target: &Unavailability, duty: &Duty) -> bool {
    match *target {
        Unavailability::Dates { from, to } => {
            let tz = instance.horizon.time_zone;
            let from = zoned(tz, from.and_time(chrono::NaiveTime::MIN));
            let to = match to.succ_opt() {
                Some(next) => zoned(tz, next.and_time(chrono::NaiveTime::MIN)),
                None => return duty.end > from,
            };
            duty.start < to && from < duty.end
        }
        Unavailability::Duty { post, period, date } => {
            duty.post == post && duty.period == period && duty.date == date
        }
    }
}

/// Groups duties into units: a bundled post's weekend is one unit, any other duty is
/// its own. Units are ordered by their first duty.
fn units(instance: &Instance, duties: &[Duty]) -> (Vec<Unit>, Vec<UnitIdx>) {
    let mut bundles: BTreeMap<(u32, NaiveDate), Vec<DutyIdx>> = BTreeMap::new();
    let mut units: Vec<Unit> = Vec::new();
    for d in duties {
        match d.weekend {
            Some(sat) if instance.post(d.post).weekend_bundle => {
                bundles.entry((d.post.0, sat)).or_default().push(d.idx)
            }
            _ => units.push(Unit {
                duties: vec![d.idx],
            }),
        }
    }
    units.extend(bundles.into_values().map(|duties| Unit { duties }));
    units.sort_by_key(|u| (duties[u.duties[0].get()].start, u.duties[0]));
    let unit_of = unit_of(duties.len(), &units);
    (units, unit_of)
}

/// The unit of each of `n` duties.
fn unit_of(n: usize, units: &[Unit]) -> Vec<UnitIdx> {
    let mut unit_of = vec![UnitIdx(0); n];
    for (i, u) in units.iter().enumerate() {
        for d in &u.duties {
            unit_of[d.get()] = UnitIdx(i as u32);
        }
    }
    unit_of
}

/// Lowers the preference level of a roster (one flag per binary of `assign`, as read
/// from the solver) by swaps between two practitioners of units with the same duties
/// per category, so that coverage and fairness keep their exact values and every hard
/// rule still holds (`greedy::improve_preferences`). HiGHS spends the least time on
/// this last level; this search catches what it left.
///
/// The search stops at `deadline` (keeping the swaps made): on a year-long roster a
/// full search takes a minute (docs/scale.md).
pub fn improve_preferences(
    instance: &Instance,
    duties: &[Duty],
    units: &[Unit],
    assign: &[Assign],
    chosen: &[bool],
    deadline: Option<std::time::Instant>,
) -> Vec<bool> {
    let unit_of = unit_of(duties.len(), units);
    let ctx = Ctx {
        instance,
        duties,
        units,
        unit_of: &unit_of,
        assign,
    };
    greedy::improve_preferences(&ctx, chosen, deadline)
}

/// Fills the free required seats of a re-planning's start (one flag per binary of
/// `assign`) greedily under every hard rule, moving no unit with a duty dated before
/// `fixed_before` (`greedy::repair_required`). Returns `chosen` unchanged when the
/// instance has rules the greedy search does not know (per-period maxima, minutes,
/// runs of days).
pub fn repair_required(
    instance: &Instance,
    duties: &[Duty],
    units: &[Unit],
    assign: &[Assign],
    chosen: &[bool],
    fixed_before: NaiveDate,
) -> Vec<bool> {
    if general_rules(instance) {
        return chosen.to_vec();
    }
    let unit_of = unit_of(duties.len(), units);
    let ctx = Ctx {
        instance,
        duties,
        units,
        unit_of: &unit_of,
        assign,
    };
    let frozen: Vec<bool> = units
        .iter()
        .map(|u| u.duties.iter().any(|d| duties[d.get()].date < fixed_before))
        .collect();
    greedy::repair_required(&ctx, chosen, &frozen)
}

/// Fills the free optional seats of a roster (one flag per binary of `assign`)
/// greedily under every hard rule, keeping every binary already set
/// (`greedy::fill_optional`): the completion of the warm start.
pub fn fill_optional(
    instance: &Instance,
    duties: &[Duty],
    units: &[Unit],
    assign: &[Assign],
    chosen: &[bool],
) -> Vec<bool> {
    let unit_of = unit_of(duties.len(), units);
    let ctx = Ctx {
        instance,
        duties,
        units,
        unit_of: &unit_of,
        assign,
    };
    greedy::fill_optional(&ctx, chosen)
}

/// The windows a duty counts in for the maxima, tagged 0 (ISO week: year, week),
/// 1 (calendar month: year, month) and 2 (the whole horizon), in that order.
fn limit_windows(d: &Duty) -> [(u8, (i32, u32)); 3] {
    use chrono::Datelike;
    let w = d.date.iso_week();
    [
        (0, (w.year(), w.week())),
        (1, (d.date.year(), d.date.month())),
        (2, (0, 0)),
    ]
}

/// Builds the whole model.
pub fn build(instance: &Instance, duties: &[Duty]) -> Model {
    build_model(instance, duties, None)
}

/// [`build`] for a re-planning: the duties before the date of `stability` are fixed
/// to the published roster and the levels are coverage, then changes (each seat that
/// changes hands at its cost), then fairness, then preferences, so that the freed
/// seats are filled first, with as few changes as possible, and fairness chooses
/// among the rosters that change least. In the weighted mode the changes are one more
/// term of the sum.
pub fn build_stable(instance: &Instance, duties: &[Duty], stability: &Stability) -> Model {
    build_model(instance, duties, Some(stability))
}

/// [`build`], or [`build_stable`] when `stability` is given.
fn build_model(instance: &Instance, duties: &[Duty], stability: Option<&Stability>) -> Model {
    let (units, unit_of) = units(instance, duties);
    let mut vb = VarBuilder {
        vars: ProblemVariables::new(),
        columns: Vec::new(),
        binaries: 0,
    };

    let mut assign = Vec::new();
    for (ui, unit) in units.iter().enumerate() {
        // A bundle whose own duties overlap (two periods of one post at the same time)
        // cannot be held by one person: nobody gets a variable, its seats stay empty.
        let self_overlap = unit.duties.iter().enumerate().any(|(i, &a)| {
            unit.duties[i + 1..]
                .iter()
                .any(|&b| duties[a.get()].overlaps(&duties[b.get()]))
        });
        // Likewise a bundle holding a forbidden succession (Saturday's period may not
        // be followed by Sunday's).
        let self_succession = unit.duties.iter().any(|&a| {
            let a = &duties[a.get()];
            unit.duties.iter().any(|&b| {
                let b = &duties[b.get()];
                b.date.pred_opt() == Some(a.date)
                    && instance
                        .period(a.period)
                        .not_followed_by
                        .contains(&b.period)
            })
        });
        if self_overlap || self_succession {
            continue;
        }
        for pi in 0..instance.practitioners.len() {
            let p = PracIdx(pi as u32);
            if unit
                .duties
                .iter()
                .all(|d| eligible(instance, p, &duties[d.get()]))
            {
                assign.push(Assign {
                    prac: p,
                    unit: UnitIdx(ui as u32),
                    var: vb.binary(),
                });
            }
        }
    }
    // Candidates of each unit: nobody else may hold any of its duties.
    let mut holders = vec![0usize; units.len()];
    for a in &assign {
        holders[a.unit.get()] += 1;
    }
    let (fillable, unfillable) = fillable_seats(duties, &unit_of, &holders);
    // Empty seats among the fillable ones; the others are a constant of the levels.
    let shortfall: Vec<Variable> = fillable
        .iter()
        .map(|&f| vb.continuous(0.0, f64::from(f)))
        .collect();
    // People above the demand, where the post allows it (weighted over-cover).
    let over: Vec<Option<Variable>> = duties
        .iter()
        .map(|d| {
            let extra = holders[unit_of[d.idx.get()].get()].saturating_sub(d.demand as usize);
            (instance.post(d.post).over_cover_weight.is_some() && extra > 0)
                .then(|| vb.continuous(0.0, extra as f64))
        })
        .collect();

    let ctx = Ctx {
        instance,
        duties,
        units: &units,
        unit_of: &unit_of,
        assign: &assign,
    };
    let mut constraints = Vec::new();
    constraints.extend(rules::coverage(&ctx, &shortfall, &over, &fillable));
    constraints.extend(rules::conflicts(&ctx));
    constraints.extend(rules::maxima(&ctx));
    constraints.extend(rules::maxima_by_kind(&ctx));
    constraints.extend(rules::max_weekends(&ctx, &mut vb));
    constraints.extend(rules::totals(&ctx));
    constraints.extend(rules::runs(&ctx, &mut vb));

    // Empty required seats, each at its post's weight; the least weight scales W below
    // so that one empty seat still outweighs any fairness difference.
    let required: Vec<&Duty> = duties
        .iter()
        .filter(|d| instance.post(d.post).required)
        .collect();
    let seat_weight = |d: &Duty| instance.post(d.post).under_cover_weight;
    let least_seat_weight = required
        .iter()
        .map(|d| seat_weight(d))
        .fold(f64::INFINITY, f64::min)
        .min(1.0);
    // The seats no roster fills, and the most the others can weigh.
    let seats_constant: f64 = required
        .iter()
        .map(|d| seat_weight(d) * f64::from(unfillable[d.idx.get()]))
        .sum();
    let seats_max: f64 = required
        .iter()
        .map(|d| seat_weight(d) * f64::from(fillable[d.idx.get()]))
        .sum();
    let over_cover = sum(duties.iter().filter_map(|d| {
        over[d.idx.get()].map(|o| (instance.post(d.post).over_cover_weight.unwrap_or(0.0), o))
    }));
    let coverage = sum(required
        .iter()
        .map(|d| (seat_weight(d), shortfall[d.idx.get()])));
    let optional = population::optional(&ctx, &shortfall, &unfillable, &mut vb);
    let targets = objective::targets(instance, duties);
    let filled = objective::filled_shares(instance, duties);
    let objective::Fairness {
        expression: fairness_expr,
        vars: fairness,
        rows: fairness_rows,
        max: fairness_max,
        constant: fairness_constant,
    } = objective::fairness(&ctx, &targets, &filled, &shortfall, &over, &mut vb);
    // The greedy roster knows the PDSA rules only; with the general rostering rules it
    // would break some, and HiGHS would reject it: start from nothing then.
    let start = if general_rules(instance) {
        vec![false; assign.len()]
    } else {
        greedy::start(&ctx, &targets)
    };
    // Coverage dominates fairness by weight: the fairness level lies in [0, F_max] for
    // every roster, so one more empty seat (cost W > F_max) always costs more than any
    // fairness difference (docs/model.md, "Dominance").
    // ⌈F_max⌉ + 1 keeps W − F_max ≥ 1, far above the freeze margin of `solve`.
    // With optional seats, the first level is W × empty seats + the optional term
    // (at most U_max), W = ⌈U_max⌉ + 1, and fairness becomes a level of its own.
    let second_max = optional.as_ref().map_or(fairness_max, |o| o.max);
    let dominant_weight = (second_max.ceil() + 1.0) / least_seat_weight;
    let first_level_max = dominant_weight * seats_max + second_max;
    // Beyond what HiGHS's tolerances can tell apart, the weight is no longer exact:
    // the empty seats become a level of their own (docs/model.md, "Magnitudes").
    let split = instance.objective == ObjectiveMode::Lexicographic && split_levels(first_level_max);
    let coverage_weight = if split { 1.0 } else { dominant_weight };
    constraints.extend(fairness_rows);
    let (preferences, preference_rows) = objective::preferences(&ctx, &mut vb);
    let preferences = preferences + over_cover;
    constraints.extend(preference_rows);
    let mut warm_start = None;
    let changes = stability.map(|s| {
        let (expression, rows) = stability::terms(&ctx, s);
        constraints.extend(rows);
        expression
    });
    let level = |level, expression, offset| LevelObjective {
        level,
        expression,
        offset,
    };
    let seats_level = || level(Level::Seats, coverage.clone(), seats_constant);
    let fairness_level = || level(Level::Fairness, fairness_expr.clone(), fairness_constant);
    let levels = match optional {
        // One weighted sum (the staff-rostering benchmarks' objective): no warm start,
        // no dominance weight.
        optional if instance.objective == ObjectiveMode::Weighted => {
            let mut expression = coverage.clone() + preferences + fairness_expr.clone();
            let mut offset = seats_constant + fairness_constant;
            if let Some(o) = optional {
                constraints.extend(o.rows);
                expression += o.expression;
                offset += o.constant;
            }
            if let Some(c) = changes {
                expression += c;
            }
            vec![level(Level::Weighted, expression, offset)]
        }
        Some(o) => {
            constraints.extend(o.rows);
            // A re-planning starts from the published roster, complete already: the
            // warm start, blind to changes, would lead the search away from it.
            let warm_weight = fairness_max.ceil() + 1.0;
            warm_start = changes.is_none().then(|| WarmStart {
                expression: coverage.clone() * warm_weight + fairness_expr.clone(),
                offset: warm_weight * seats_constant + fairness_constant,
                optional: assign
                    .iter()
                    .filter(|a| !ctx.required(a.unit))
                    .map(|a| a.var)
                    .collect(),
            });
            let mut levels = if split {
                vec![
                    seats_level(),
                    level(Level::Optional, o.expression, o.constant),
                ]
            } else {
                vec![level(
                    Level::Coverage,
                    coverage.clone() * coverage_weight + o.expression,
                    coverage_weight * seats_constant + o.constant,
                )]
            };
            if let Some(c) = changes {
                levels.push(level(Level::Changes, c, 0.0));
            }
            levels.push(fairness_level());
            levels.push(level(Level::Preferences, preferences, 0.0));
            levels
        }
        None => {
            let replanning = changes.is_some();
            let mut levels = match (split, replanning) {
                (true, _) => vec![seats_level()],
                (false, true) => vec![level(
                    Level::Coverage,
                    coverage.clone() * coverage_weight,
                    coverage_weight * seats_constant,
                )],
                (false, false) => vec![level(
                    Level::CoverageFairness,
                    coverage.clone() * coverage_weight + fairness_expr.clone(),
                    coverage_weight * seats_constant + fairness_constant,
                )],
            };
            if let Some(c) = changes {
                levels.push(level(Level::Changes, c, 0.0));
            }
            if split || replanning {
                levels.push(fairness_level());
            }
            levels.push(level(Level::Preferences, preferences, 0.0));
            levels
        }
    };

    let nonzeros = constraints
        .iter()
        .map(|(_, c)| c.expression().linear_coefficients().count())
        .sum();
    let size = ModelSize {
        variables: vb.columns.len(),
        binaries: vb.binaries,
        constraints: constraints.len(),
        nonzeros,
    };
    let assign_day = assign
        .iter()
        .map(|a| {
            let d = &duties[units[a.unit.get()].duties[0].get()];
            u32::try_from((d.date - instance.horizon.first).num_days()).unwrap_or(0)
        })
        .collect();
    let duty_day = duties
        .iter()
        .map(|d| u32::try_from((d.date - instance.horizon.first).num_days()).unwrap_or(0))
        .collect();
    Model {
        vars: vb.vars,
        columns: vb.columns,
        units,
        unit_of,
        assign,
        assign_day,
        duty_day,
        shortfall,
        over,
        constraints,
        levels,
        fairness,
        coverage_weight,
        first_level_max,
        warm_start,
        start,
        size,
    }
}

/// Above this largest value of the weighted first level, [`Model::first_level_max`],
/// the empty seats become a level of their own: with the freeze margin
/// `1e-4 + 1e-6 × |v|` and HiGHS's tolerances (feasibility 1e-6 on rows whose terms
/// reach that value), the frozen level would admit up to 10 points there, and beyond
/// whole seats (docs/model.md, "Magnitudes").
pub const SPLIT_THRESHOLD: f64 = 1e7;

/// Whether a first level that can reach `first_level_max` must be split into empty
/// seats, then the rest (see [`SPLIT_THRESHOLD`]).
pub fn split_levels(first_level_max: f64) -> bool {
    first_level_max.is_nan() || first_level_max > SPLIT_THRESHOLD
}

/// Each duty's demand split into the seats that some roster can fill (at most the
/// candidates of its unit, `holders`) and the seats beyond, empty in every roster.
fn fillable_seats(duties: &[Duty], unit_of: &[UnitIdx], holders: &[usize]) -> (Vec<u32>, Vec<u32>) {
    duties
        .iter()
        .map(|d| {
            let candidates = holders[unit_of[d.idx.get()].get()];
            let fillable = d.demand.min(u32::try_from(candidates).unwrap_or(u32::MAX));
            (fillable, d.demand - fillable)
        })
        .unzip()
}

/// Whether anyone is bound by a rule the greedy start does not know: per-period
/// maxima, working minutes, runs of days.
fn general_rules(instance: &Instance) -> bool {
    (0..instance.practitioners.len()).any(|i| {
        let l = instance.limits_of(PracIdx(i as u32));
        l.max_per_period.values().any(|&n| n > 0)
            || l.min_minutes.is_some()
            || l.max_minutes.is_some()
            || l.max_consecutive_days.is_some()
            || l.min_consecutive_days.is_some_and(|m| m >= 2)
            || l.min_consecutive_days_off.is_some_and(|m| m >= 2)
    })
}

/// What the rule and objective functions read.
struct Ctx<'a> {
    instance: &'a Instance,
    duties: &'a [Duty],
    units: &'a [Unit],
    unit_of: &'a [UnitIdx],
    assign: &'a [Assign],
}

impl Ctx<'_> {
    /// The binaries of each practitioner, in unit order.
    fn by_practitioner(&self) -> Vec<Vec<Assign>> {
        let mut out = vec![Vec::new(); self.instance.practitioners.len()];
        for a in self.assign {
            out[a.prac.get()].push(*a);
        }
        out
    }

    /// Whether the unit's seats are required (its post's `required`).
    fn required(&self, u: UnitIdx) -> bool {
        self.duties_of(u)
            .all(|d| self.instance.post(d.post).required)
    }

    /// Whether who holds the unit changes the population covered (an MCS unit, with
    /// geography).
    fn by_population(&self, u: UnitIdx) -> bool {
        self.duties_of(u)
            .any(|d| population::valued_by_population(self.instance, d.post))
    }

    fn duties_of(&self, u: UnitIdx) -> impl Iterator<Item = &Duty> + '_ {
        self.units[u.get()]
            .duties
            .iter()
            .map(move |d| &self.duties[d.get()])
    }
}

/// Sum of `coef × var` terms.
fn sum<I: IntoIterator<Item = (f64, Variable)>>(terms: I) -> Expression {
    let mut e = Expression::from(0.0);
    for (c, v) in terms {
        e.add_mul(c, v);
    }
    e
}

/// The hours of a `u32` count, as a chrono duration.
fn hours(h: u32) -> Duration {
    Duration::hours(i64::from(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One post `a` (nights, Monday to Wednesday, bundling off) and two practitioners.
    fn tiny(post_extra: &str, more: &str) -> (Instance, Vec<Duty>) {
        let text = format!(
            r#"
[horizon]
first = 2027-01-04
last = 2027-01-06
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "a"
periods = ["nuit"]
{post_extra}
[[practitioners]]
id = "d01"
posts = ["a"]
[[practitioners]]
id = "d02"
posts = ["a"]
{more}
"#
        );
        let instance = crate::instance::parse("tiny.toml", &text).unwrap();
        let duties = crate::duties::expand(&instance).unwrap();
        (instance, duties)
    }

    fn names(model: &Model) -> Vec<Level> {
        model.levels.iter().map(|l| l.level).collect()
    }

    #[test]
    fn fillable_seats_are_the_demand_capped_at_the_candidates() {
        let (instance, duties) = tiny("demand = 100000000", "");
        let (all, unit_of) = units(&instance, &duties);
        let holders = vec![2; all.len()];
        let (fillable, unfillable) = fillable_seats(&duties, &unit_of, &holders);
        assert_eq!(fillable, [2, 2, 2]);
        assert_eq!(unfillable, [99_999_998; 3]);
        // More candidates than seats: nothing is cut.
        let (instance, duties) = tiny("demand = 1", "");
        let (_, unit_of) = units(&instance, &duties);
        let (fillable, unfillable) = fillable_seats(&duties, &unit_of, &[2, 2, 2]);
        assert_eq!((fillable, unfillable), (vec![1, 1, 1], vec![0, 0, 0]));
    }

    /// A bundled weekend whose duties have different demands: each duty is capped at
    /// the candidates of the one unit.
    #[test]
    fn a_bundle_caps_each_duty_at_its_candidates() {
        let text = r#"
[horizon]
first = 2027-01-09
last = 2027-01-10
[[periods]]
id = "jour"
start = "08:00"
end = "20:00"
[[posts]]
id = "a"
periods = ["jour"]
weekend_bundle = true
demand_on = [{ date = 2027-01-09, period = "jour", demand = 3 }]
[[practitioners]]
id = "d01"
posts = ["a"]
[[practitioners]]
id = "d02"
posts = ["a"]
"#;
        let instance = crate::instance::parse("tiny.toml", text).unwrap();
        let duties = crate::duties::expand(&instance).unwrap();
        let model = build(&instance, &duties);
        assert_eq!(model.units.len(), 1);
        let (fillable, unfillable) = fillable_seats(&duties, &model.unit_of, &[2]);
        assert_eq!((fillable, unfillable), (vec![2, 1], vec![1, 0]));
        // The one unfillable seat is the first level's constant, at weight W.
        assert_eq!(names(&model), [Level::CoverageFairness, Level::Preferences]);
        let first = &model.levels[0];
        assert!(first.offset >= model.coverage_weight, "{}", first.offset);
    }

    /// The seats nobody can fill and the fairness targets nobody can reach stay out of
    /// the expressions: what HiGHS sees does not grow with the demand.
    #[test]
    fn a_huge_demand_leaves_the_model_small() {
        let (instance, duties) = tiny("demand = 100000000", "");
        let model = build(&instance, &duties);
        let (small_instance, small_duties) = tiny("demand = 2", "");
        let small = build(&small_instance, &small_duties);
        assert_eq!(names(&model), [Level::CoverageFairness, Level::Preferences]);
        assert_eq!(model.coverage_weight, small.coverage_weight);
        assert_eq!(model.first_level_max, small.first_level_max);
        assert!(model.first_level_max < 100.0, "{}", model.first_level_max);
        // W × 3 × 99 999 998 empty seats, and |L − T| beyond the most anyone can hold:
        // targets 1.5e8 each against at most 3 nights (minus the nights a roster fills).
        let seats = model.coverage_weight * 3.0 * 99_999_998.0;
        let fairness = 2.0 * (150_000_000.0 - 3.0);
        assert!((model.levels[0].offset - seats - fairness).abs() < 1e-3);
        assert_eq!(small.levels[0].offset, 0.0);
    }

    #[test]
    fn split_rule() {
        assert!(!split_levels(0.0));
        assert!(!split_levels(SPLIT_THRESHOLD));
        assert!(split_levels(SPLIT_THRESHOLD * 1.000_001));
        assert!(split_levels(f64::NAN));
        assert!(split_levels(f64::INFINITY));
    }

    /// Seat weights 1e7 apart make W × seats too large for the tolerances: the empty
    /// seats become a level of their own (weight 1), then fairness, then preferences.
    #[test]
    fn a_weight_beyond_the_tolerances_splits_the_first_level() {
        let text = |weight: &str| {
            format!(
                r#"
[horizon]
first = 2027-01-04
last = 2027-01-06
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "a"
periods = ["nuit"]
[[posts]]
id = "b"
periods = ["nuit"]
under_cover_weight = {weight}
[[practitioners]]
id = "d01"
posts = ["a", "b"]
[[practitioners]]
id = "d02"
posts = ["a", "b"]
"#
            )
        };
        let model_of = |weight: &str| {
            let instance = crate::instance::parse("tiny.toml", &text(weight)).unwrap();
            let duties = crate::duties::expand(&instance).unwrap();
            build(&instance, &duties)
        };
        let usual = model_of("0.5");
        assert_eq!(names(&usual), [Level::CoverageFairness, Level::Preferences]);
        assert!(usual.first_level_max <= SPLIT_THRESHOLD);
        let tiny_weight = model_of("0.0000001");
        assert!(tiny_weight.first_level_max > SPLIT_THRESHOLD);
        assert_eq!(
            names(&tiny_weight),
            [Level::Seats, Level::Fairness, Level::Preferences]
        );
        assert_eq!(tiny_weight.coverage_weight, 1.0);
    }

    /// The bundled quarters keep their levels and weights: the guard does not split them.
    #[test]
    fn bundled_instances_keep_their_levels() {
        for (file, levels) in [
            (
                "lozere-2027-q1.toml",
                [Level::Coverage, Level::Fairness, Level::Preferences],
            ),
            (
                "coeur-herault-2027-q1.toml",
                [Level::Coverage, Level::Fairness, Level::Preferences],
            ),
        ] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("instances")
                .join(file);
            let instance = crate::instance::load(&path).unwrap();
            let duties = crate::duties::expand(&instance).unwrap();
            let model = build(&instance, &duties);
            eprintln!(
                "{file}: W = {}, first level at most {}, offsets {:?}",
                model.coverage_weight,
                model.first_level_max,
                model.levels.iter().map(|l| l.offset).collect::<Vec<_>>()
            );
            assert_eq!(names(&model), levels, "{file}");
            assert!(model.first_level_max <= SPLIT_THRESHOLD, "{file}");
        }
    }
}
