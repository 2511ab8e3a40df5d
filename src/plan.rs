//! The whole solve as one library call: instance → duties → model → HiGHS → roster →
//! reasons for the empty seats → independent check.
//!
//! This is the one place where the solver's values become a roster (a binary is read
//! as set when its value exceeds 0.5). Nothing is written here: `export` and `report`
//! format the [`Plan`], and only when its check passed.

use crate::check::{self, CheckReport};
use crate::duties::{self, Duty, DutyError};
use crate::explain;
use crate::instance::Instance;
use crate::model::{self, Level, Stability};
use crate::roster::{Assignment, Roster, RosterRecord};
use crate::solve::{self, SolveError, SolveOptions, SolveOutcome};

/// A solved, checked roster with everything the reports need.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The duties of the instance.
    pub duties: Vec<Duty>,
    /// The roster, empty seats with their reasons included.
    pub roster: Roster,
    /// What HiGHS said.
    pub outcome: SolveOutcome,
    /// The solver's own value of each level at the final roster, in level order.
    pub levels: Vec<(Level, f64)>,
    /// Weight of one empty seat in the first level (above any fairness value).
    pub coverage_weight: f64,
    /// The wish penalty of the solver's roster and after the swap search, when the
    /// search improved it.
    pub preference_search: Option<(f64, f64)>,
    /// The independent checker's report on the roster.
    pub check: CheckReport,
    /// The levels' values as the independent checker computes them from the roster
    /// alone ([`checker_value`]), in level order.
    pub checker_levels: Vec<(Level, f64)>,
}

impl Plan {
    /// The independent checker's value of `level` ([`Plan::checker_levels`]), when the
    /// model has that level.
    pub fn checker_level(&self, level: Level) -> Option<f64> {
        self.checker_levels
            .iter()
            .find(|(l, _)| *l == level)
            .map(|&(_, value)| value)
    }
}

/// Why no roster came out. Its French words are in `labels::plan`.
#[derive(Debug)]
pub enum PlanError {
    /// The calendar expansion failed.
    Duties(DutyError),
    /// HiGHS failed.
    Solve(SolveError),
    /// The checker found a broken rule in the solver's roster: a bug of the model.
    Broken(Box<CheckReport>),
    /// A re-planning's roster changed a duty that had to stay as published (the
    /// re-planning's count says which, in its words): a bug of the model.
    CheckFailed(String),
    /// The checker's figures differ from the solver's: a bug of one of them.
    Disagreement {
        /// The level.
        level: Level,
        /// The checker's value.
        checker: f64,
        /// The solver's value.
        solver: f64,
    },
}

impl From<DutyError> for PlanError {
    fn from(e: DutyError) -> Self {
        PlanError::Duties(e)
    }
}

impl From<SolveError> for PlanError {
    fn from(e: SolveError) -> Self {
        PlanError::Solve(e)
    }
}

impl std::error::Error for PlanError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        // The calendar's and the solver's errors are shown as they are (their own
        // message), so their source is theirs.
        match self {
            PlanError::Duties(e) => e.source(),
            PlanError::Solve(e) => e.source(),
            _ => None,
        }
    }
}

/// Share of the time limit kept after the solver's stages for reading the roster,
/// the checks and the swap search on wishes (at least half a second).
pub const AFTER_SOLVE_SHARE: f64 = 0.04;

/// Solves the instance and checks the result.
///
/// # Errors
/// [`PlanError`] when the calendar cannot be expanded, HiGHS fails, or the independent
/// checker rejects the solver's roster or disagrees with its figures (both are bugs,
/// reported loudly rather than written out).
pub fn plan(instance: &Instance, options: &SolveOptions) -> Result<Plan, PlanError> {
    plan_inner(instance, options, None, None)
}

/// [`plan`], starting the first level from `start` instead of the greedy roster: a
/// roster over the same duties that keeps every hard rule of `instance` (the roster of
/// an instance `instance` relaxes, for the what-if hints).
///
/// # Errors
/// As [`plan`].
pub fn plan_from(
    instance: &Instance,
    options: &SolveOptions,
    start: &Roster,
) -> Result<Plan, PlanError> {
    plan_inner(instance, options, Some(start), None)
}

/// How a re-planning counts the changes of a roster from its rows alone, independently
/// of the model (the re-planning's diff against the published roster): the weighted
/// count of the seats that change hands, or, when a duty that had to stay as published
/// changed, a French message saying which.
pub type CountChanges<'a> = dyn Fn(&[RosterRecord]) -> Result<f64, String> + 'a;

/// [`plan_from`] for a re-planning: the duties before the date of `stability` keep
/// their published holders, and the level after coverage counts the seats that change
/// hands (`model::build_stable`); `start` is the published roster on the current
/// duties. The changes are recounted by `count` from the rosters' rows alone and must
/// agree with the solver's, and the fixed duties must be untouched, as for every other
/// level.
///
/// # Errors
/// As [`plan`]; [`PlanError::CheckFailed`] also when a fixed duty changed.
pub fn plan_stable(
    instance: &Instance,
    options: &SolveOptions,
    stability: &Stability,
    start: &Roster,
    count: &CountChanges<'_>,
) -> Result<Plan, PlanError> {
    plan_inner(instance, options, Some(start), Some((stability, count)))
}

/// [`plan`], [`plan_from`] or [`plan_stable`], as `start` and `stable` are given.
fn plan_inner(
    instance: &Instance,
    options: &SolveOptions,
    start: Option<&Roster>,
    stable: Option<(&Stability, &CountChanges<'_>)>,
) -> Result<Plan, PlanError> {
    // The time limit holds for the whole plan: building the model, the solver's
    // stages, the checks and the swap search on wishes.
    let started = std::time::Instant::now();
    let duties = duties::expand(instance)?;
    let stability = stable.map(|(s, _)| s);
    let mut model = match stability {
        Some(s) => model::build_stable(instance, &duties, s),
        None => model::build(instance, &duties),
    };
    if let Some(roster) = start {
        let held: std::collections::BTreeSet<_> = roster.assignments.iter().copied().collect();
        model.start = model
            .assign
            .iter()
            .map(|a| {
                model.units[a.unit.get()].duties.iter().all(|&duty| {
                    held.contains(&Assignment {
                        duty,
                        practitioner: a.prac,
                    })
                })
            })
            .collect();
    }
    if let Some(s) = stability {
        // The published roster without the seats lost, its free required seats
        // filled where a rule allows it: the first level then starts complete.
        model.start = model::repair_required(
            instance,
            &duties,
            &model.units,
            &model.assign,
            &model.start,
            s.fixed_before,
        );
    }
    let assign = model.assign.clone();
    let units = model.units.clone();
    let level_exprs: Vec<_> = model
        .levels
        .iter()
        .map(|l| (l.level, l.expression.clone(), l.offset))
        .collect();
    let level_kinds: Vec<Level> = level_exprs.iter().map(|l| l.0).collect();
    let columns = solve::column_map(&model.columns);
    let coverage_weight = model.coverage_weight;
    let roster_of = |chosen: &[bool]| {
        let mut assignments = Vec::new();
        for (a, _) in assign.iter().zip(chosen).filter(|(_, &on)| on) {
            for &d in &units[a.unit.get()].duties {
                assignments.push(Assignment {
                    duty: d,
                    practitioner: a.prac,
                });
            }
        }
        assignments.sort();
        Roster {
            assignments,
            uncovered: Vec::new(),
        }
    };
    // The warm start's roster completed with optional seats, unless the greedy roster
    // is better by the first level (fewer empty seats, then less optional loss), as the
    // checker measures both: the solver starts the first level from the better one.
    let greedy_start = model.start.clone();
    let first_level = |chosen: &[bool]| {
        let report = check::check(
            instance,
            &duties,
            &roster_of(chosen).records(instance, &duties),
        );
        (
            report.uncovered_seats,
            report.optional_loss().unwrap_or(0.0),
        )
    };
    let fill = |chosen: &[bool]| {
        let filled = model::fill_optional(instance, &duties, &units, &assign, chosen);
        let (a, b) = (first_level(&filled), first_level(&greedy_start));
        if b.0 < a.0 || (b.0 == a.0 && b.1 < a.1) {
            greedy_start.clone()
        } else {
            filled
        }
    };
    // What is left after building, less what the reading, the checks and the swap
    // search take afterwards.
    let after = (options.time_limit * AFTER_SOLVE_SHARE).max(0.5);
    let solve_options = SolveOptions {
        time_limit: (options.time_limit - started.elapsed().as_secs_f64() - after).max(1.0),
        ..options.clone()
    };
    let outcome = solve::solve(model, &solve_options, &fill)?;

    let chosen: Vec<bool> = assign
        .iter()
        .map(|a| outcome.values[columns[&a.var]] > 0.5)
        .collect();
    let solver_roster = roster_of(&chosen);
    let solver_check = check::check(instance, &duties, &solver_roster.records(instance, &duties));
    if !solver_check.is_valid() {
        return Err(PlanError::Broken(Box::new(solver_check)));
    }
    // The value of each level, its constant (kept out of HiGHS's model) included.
    let levels: Vec<(Level, f64)> = level_exprs
        .iter()
        .map(|(level, e, offset)| {
            (
                *level,
                solve::evaluate(e, &columns, &outcome.values) + offset,
            )
        })
        .collect();
    let changes_of =
        |roster: &Roster| stable.map(|(_, count)| count(&roster.records(instance, &duties)));
    let solver_changes = match changes_of(&solver_roster) {
        Some(Err(fixed)) => return Err(PlanError::CheckFailed(fixed)),
        Some(Ok(cost)) => Some(cost),
        None => None,
    };
    for &(level, by_solver) in &levels {
        let by_checker = checker_value(level, &solver_check, coverage_weight, solver_changes);
        // At optimality the solver's auxiliary variables are at their least values,
        // except that a level frozen for the next one may absorb up to the freeze
        // margin in slack; at a time limit they may carry more, which is why the
        // reports use the checker's figures.
        let tolerance = 2.0 * solve::FREEZE_MARGIN + 1e-5 * by_checker.abs();
        if outcome.status == solve::Status::Optimal && (by_checker - by_solver).abs() > tolerance {
            return Err(PlanError::Disagreement {
                level,
                checker: by_checker,
                solver: by_solver,
            });
        }
    }

    // Swaps that keep coverage and fairness exactly and lower the wish penalty; kept
    // only if the independent checker accepts the result and confirms the gain.
    // Not in the weighted mode: there wishes are one term of the solver's only level,
    // and a swap that keeps the loads per category may still break the general rules
    // (runs, minutes), which the search does not know.
    let improved = if instance.objective == crate::instance::ObjectiveMode::Weighted {
        chosen.clone()
    } else {
        // Within what is left of the time limit, keeping a little for the checks.
        let left = (options.time_limit - started.elapsed().as_secs_f64() - after / 2.0).max(0.1);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs_f64(left);
        model::improve_preferences(instance, &duties, &units, &assign, &chosen, Some(deadline))
    };
    let mut preference_search = None;
    let (mut roster, report, changes) = if improved == chosen {
        (solver_roster, solver_check, solver_changes)
    } else {
        let roster = roster_of(&improved);
        let report = check::check(instance, &duties, &roster.records(instance, &duties));
        // A swap may move a seat that changes hands: kept only with the same changes.
        let changes = changes_of(&roster);
        let same_changes = match (solver_changes, &changes) {
            (Some(a), Some(Ok(b))) => check::figures_agree(a, *b),
            (Some(_), Some(Err(_))) => false,
            _ => true,
        };
        let kept = same_changes
            && report.is_valid()
            && report.uncovered_seats == solver_check.uncovered_seats
            && report
                .optional_loss()
                .zip(solver_check.optional_loss())
                .is_none_or(|(a, b)| check::figures_agree(a, b))
            && check::figures_agree(report.fairness.value, solver_check.fairness.value)
            && report.preferences.value < solver_check.preferences.value;
        if kept {
            preference_search = Some((solver_check.preferences.value, report.preferences.value));
            (roster, report, changes.and_then(Result::ok))
        } else {
            (solver_roster, solver_check, solver_changes)
        }
    };

    // Reasons for the empty seats of the roster kept (the checker reads only the
    // assignments).
    roster.uncovered = explain::explain_uncovered(instance, &duties, &roster);
    let checker_levels = checker_levels_named(&report, coverage_weight, &level_kinds, changes);
    Ok(Plan {
        duties,
        roster,
        outcome,
        levels,
        coverage_weight,
        preference_search,
        check: report,
        checker_levels,
    })
}

/// The levels' values as the independent checker computes them from the roster alone,
/// in the model's level order.
///
/// In the weighted mode there is one level, [`CheckReport::weighted_objective`].
/// Otherwise, with optional seats or population to cover (`CheckReport::optional_loss`),
/// the first level is `W × weighted empty seats + U` and fairness is a level of its
/// own; else the first level is `W × weighted empty seats + F`. Over-cover costs count
/// in the preferences level.
pub fn checker_levels(report: &CheckReport, coverage_weight: f64) -> Vec<(Level, f64)> {
    checker_levels_with(report, coverage_weight, None)
}

/// [`checker_levels`] of a re-planning when `changes` (the weighted count of seats
/// that changed hands) is given: coverage, changes, fairness, preferences; in the
/// weighted mode the changes add to the sum.
pub fn checker_levels_with(
    report: &CheckReport,
    coverage_weight: f64,
    changes: Option<f64>,
) -> Vec<(Level, f64)> {
    let levels: &[Level] = if report.objective_mode == crate::instance::ObjectiveMode::Weighted {
        &[Level::Weighted]
    } else if changes.is_some() {
        &[
            Level::Coverage,
            Level::Changes,
            Level::Fairness,
            Level::Preferences,
        ]
    } else if report.optional_loss().is_some() {
        &[Level::Coverage, Level::Fairness, Level::Preferences]
    } else {
        &[Level::CoverageFairness, Level::Preferences]
    };
    checker_levels_named(report, coverage_weight, levels, changes)
}

/// The checker's value of each of `levels` (the model's, `Model::levels`), in that
/// order ([`checker_value`]).
pub fn checker_levels_named(
    report: &CheckReport,
    coverage_weight: f64,
    levels: &[Level],
    changes: Option<f64>,
) -> Vec<(Level, f64)> {
    levels
        .iter()
        .map(|&level| {
            (
                level,
                checker_value(level, report, coverage_weight, changes),
            )
        })
        .collect()
}

/// The checker's value of one level of the model: `coverage_fairness` is
/// `W × weighted empty seats + F`, `coverage` is `W × weighted empty seats + U` (U the
/// optional loss, 0 without), `seats` the weighted empty seats times `W` (1 when they
/// are a level of their own), `optional` the optional loss, `changes` the
/// re-planning's changes (`changes`, 0 without), `fairness` F, `preferences`
/// P + over-cover, `weighted` the weighted sum (plus the changes).
pub fn checker_value(
    level: Level,
    report: &CheckReport,
    coverage_weight: f64,
    changes: Option<f64>,
) -> f64 {
    let seats = coverage_weight * report.under_cover_penalty;
    let loss = report.optional_loss().unwrap_or(0.0);
    match level {
        Level::CoverageFairness => seats + report.fairness.value,
        Level::Coverage => seats + loss,
        Level::Seats => seats,
        Level::Optional => loss,
        Level::Changes => changes.unwrap_or(0.0),
        Level::Fairness => report.fairness.value,
        Level::Preferences => report.preferences.value + report.over_cover_penalty,
        Level::Weighted => report.weighted_objective() + changes.unwrap_or(0.0),
    }
}
