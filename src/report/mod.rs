//! The summary of a solve: `summary.json` for machines and `summary.md` for the
//! coordinator (French), from a [`Plan`].
//!
//! Formats only; every figure comes from the plan (solver outcome and checker report)
//! or from the instance: loads, targets and the objective figures are the independent
//! checker's. The summaries of a re-planning and of an exchange are in [`replan`] and
//! [`swap`].

pub mod replan;
pub mod swap;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::instance::{CategoryIdx, Instance, PracIdx};
use crate::labels::report as fr;
use crate::model::Level;
use crate::plan::Plan;
use crate::roster::{Binding, UncoveredReason};
use crate::solve::SolveOptions;

/// summary.json, field by field (README, "Outputs").
#[derive(Debug, Serialize)]
pub struct Summary {
    /// `optimal` or `time_limit`.
    pub status: &'static str,
    /// `lexicographic` or `weighted` (the instance's `[objective] mode`).
    pub objective_mode: &'static str,
    /// Objective of the last level (the weighted sum in the weighted mode) at the
    /// roster, as the independent checker recomputes it from the roster alone: a
    /// time-limited solution may carry slack the roster does not deserve.
    pub objective: f64,
    /// HiGHS's best bound on that level (at most the objective).
    pub best_bound: f64,
    /// Relative gap of that level, (objective − bound) / objective.
    pub gap: f64,
    /// Seconds from the start of the solve to the end.
    pub wall_seconds: f64,
    /// Seconds from the start of the solve to the moment the roster kept was found.
    pub time_to_best: Option<f64>,
    /// The solver's work, in the units of `--work-limit` (thousands of LP iterations).
    pub work: f64,
    /// Empty seats.
    pub uncovered: u32,
    /// The duties with empty seats, as runs: consecutive dates of one post and period
    /// with the same reason.
    pub uncovered_runs: Vec<UncoveredRun>,
    /// What-if hints: one change asked of one practitioner, and the empty seats the
    /// solver filled with it (set by [`with_hints`]; empty without empty seats).
    pub hints: Vec<HintSummary>,
    /// Seats to fill and filled.
    pub coverage: Coverage,
    /// The fairness level F (weighted deviations from the targets plus the worst
    /// weighted overload), recomputed by the checker.
    pub fairness: f64,
    /// The preference level P (refused wishes and combined duties), recomputed by the
    /// checker.
    pub preferences: f64,
    /// Weight of one empty seat in the first level (`W × empty seats + F`).
    pub coverage_weight: f64,
    /// Each level of the lexicographic objective.
    pub levels: Vec<LevelSummary>,
    /// What each level proves, in the units a coordinator reads (seats, population
    /// share, fairness and preference points): the roster's figure, the best any
    /// roster could reach as far as the solver proved, and whether the roster is it.
    pub proof: Vec<ProofFigure>,
    /// The warm-start stage (required seats and fairness, optional seats at 0), when
    /// the instance has optional seats; not a level, so its `checker_value` is 0.
    pub warm_start: Option<LevelSummary>,
    /// Model size.
    pub model: ModelSummary,
    /// Options the solve ran with.
    pub options: OptionsSummary,
    /// Per practitioner: load against target per category.
    pub practitioners: Vec<PractitionerSummary>,
    /// For a re-planning: what changed from the published roster (set by
    /// [`with_replan`]; absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replan: Option<ReplanSummary>,
}

/// What a re-planning changed, counted from the published and the new roster alone.
#[derive(Debug, Serialize)]
pub struct ReplanSummary {
    /// Duties dated before this day stayed as published.
    pub from: String,
    /// Days over which a change costs more, the sooner it is.
    pub notice_days: u32,
    /// Cost of a change on `from`.
    pub urgency: f64,
    /// The changes applied, in French.
    pub changes: Vec<String>,
    /// Duties whose holders changed.
    pub duties_changed: usize,
    /// Seats lost by their published holder.
    pub lost: Vec<crate::replan::Change>,
    /// Seats gained by a new holder.
    pub gained: Vec<crate::replan::Change>,
    /// Seats kept.
    pub kept: usize,
    /// The weighted count of the changes (the changes level).
    pub cost: f64,
}

/// Consecutive dates of one post and period whose duties keep empty seats for the
/// same reason.
#[derive(Debug, Serialize)]
pub struct UncoveredRun {
    /// Post id.
    pub post: String,
    /// Period id.
    pub period: String,
    /// First date.
    pub first: String,
    /// Last date.
    pub last: String,
    /// Duties in the run.
    pub duties: u32,
    /// Empty seats in the run.
    pub seats: u32,
    /// `nobody_qualified`, `all_unavailable` or `rules` (then `binding` says which).
    pub reason: &'static str,
    /// With `rules`: `maxima`, `rest_or_spacing`, `already_on_duty`, `bundle` or
    /// `mixed`.
    pub binding: Option<&'static str>,
    /// The reason in French, as in `uncovered.csv`.
    pub text: String,
}

/// A what-if hint (see [`crate::whatif`]).
#[derive(Debug, Serialize)]
pub struct HintSummary {
    /// The practitioner asked.
    pub practitioner: String,
    /// `raise_limits` or `free_duty`.
    pub change: &'static str,
    /// With `raise_limits`: each limit (`max_per_week`, `max_per_month`,
    /// `max_per_horizon`, `max_weekends`, `max_per_period:<id>`, `max_minutes`,
    /// `max_consecutive_days`), its value and the raised one.
    pub limits: Vec<LimitChange>,
    /// With `free_duty`: the duty.
    pub duty: Option<DutyName>,
    /// Empty seats of the roster.
    pub before: u32,
    /// Empty seats of the roster the solver found with the change.
    pub after: u32,
    /// The duties with fewer empty seats, and how many fewer.
    pub filled: Vec<FilledDuty>,
    /// The duties with more empty seats (given up so that others are filled), and
    /// how many more.
    pub emptied: Vec<FilledDuty>,
    /// Whether the roster was proven optimal for its empty seats, so that the whole
    /// gain is the change's.
    pub proven: bool,
    /// The hint in French.
    pub text: String,
}

/// One raised limit.
#[derive(Debug, Serialize)]
pub struct LimitChange {
    /// Which.
    pub limit: String,
    /// The current value.
    pub from: u32,
    /// The raised value.
    pub to: u32,
}

/// A duty by its ids.
#[derive(Debug, Serialize)]
pub struct DutyName {
    /// Date.
    pub date: String,
    /// Post id.
    pub post: String,
    /// Period id.
    pub period: String,
}

/// A duty a hint fills.
#[derive(Debug, Serialize)]
pub struct FilledDuty {
    /// Date.
    pub date: String,
    /// Post id.
    pub post: String,
    /// Period id.
    pub period: String,
    /// Seats filled.
    pub seats: u32,
}

/// Coverage figures.
#[derive(Debug, Serialize)]
pub struct Coverage {
    /// Duties in the horizon.
    pub duties: usize,
    /// Seats (sum of demands).
    pub seats: u32,
    /// Seats filled.
    pub filled: u32,
    /// Filled / seats.
    pub rate: f64,
    /// Seats of optional posts (MCS on-calls...), not counted above.
    pub optional_seats: u32,
    /// Of which filled.
    pub optional_filled: u32,
    /// Cost of the empty required seats (each at its post's `under_cover_weight`).
    pub under_cover_penalty: f64,
    /// People above the demand, where posts allow it.
    pub over_cover_seats: u32,
    /// Their cost (each at its post's `over_cover_weight`).
    pub over_cover_penalty: f64,
    /// Population coverage, when the instance has places and MCS posts.
    pub population: Option<PopulationCoverage>,
}

/// Population within the threshold of help, during MCS time (docs/rules.md,
/// "Population coverage"), as the checker recomputes it from the roster.
#[derive(Debug, Serialize)]
pub struct PopulationCoverage {
    /// The threshold, minutes.
    pub threshold_minutes: u32,
    /// Residents of every place.
    pub population: u64,
    /// Residents within the threshold of a SMUR base.
    pub smur_population: u64,
    /// Hours of MCS time over the horizon.
    pub mcs_hours: f64,
    /// Share of population-hours of MCS time within the threshold, SMUR alone.
    pub share_without_mcs: f64,
    /// The same with the MCS on duty.
    pub share_with_mcs: f64,
    /// Per MCS period.
    pub periods: Vec<PeriodCoverage>,
    /// The places left uncovered longest (population × hours), worst first, at most 10.
    pub uncovered_places: Vec<PlaceCoverage>,
    /// The extra volunteer-periods that would gain the most, best first.
    pub best_extra: Vec<ExtraCoverage>,
}

/// Coverage over one MCS period.
#[derive(Debug, Serialize)]
pub struct PeriodCoverage {
    /// Period id(s).
    pub period: String,
    /// Hours.
    pub hours: f64,
    /// Share SMUR alone.
    pub share_without_mcs: f64,
    /// Share with the MCS on duty.
    pub share_with_mcs: f64,
}

/// A place left uncovered.
#[derive(Debug, Serialize)]
pub struct PlaceCoverage {
    /// Place id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Residents.
    pub population: u32,
    /// Hours of MCS time beyond the threshold.
    pub hours: f64,
    /// Population × hours.
    pub population_hours: f64,
}

/// One extra volunteer on one MCS duty.
#[derive(Debug, Serialize)]
pub struct ExtraCoverage {
    /// Practitioner id.
    pub practitioner: String,
    /// Post id.
    pub post: String,
    /// Period id.
    pub period: String,
    /// Duty date.
    pub date: String,
    /// Population-hours gained.
    pub population_hours: f64,
    /// Whether it breaks no hard rule of the roster.
    pub compatible: bool,
}

/// One figure of the objective, with the best value the solver proved possible.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProofFigure {
    /// The level it belongs to (`coverage`, `coverage_fairness`, `fairness`, ...).
    pub level: Level,
    /// What it counts: `empty_seats` (weighted empty required seats), `population_share`
    /// (share of population-time within reach, 0–1, higher is better), `optional_loss`
    /// (per mille), `fairness`, `preferences`, `changes`, `penalty` (the weighted mode).
    pub figure: &'static str,
    /// The roster's value, as the independent checker recomputes it.
    pub value: f64,
    /// The best value any roster could have, as proven by the solver's bound: a lower
    /// bound on a cost, an upper bound on a share. `None` when nothing is proven (the
    /// level's bound is unknown, or an earlier figure of the level is not proven).
    pub best_possible: Option<f64>,
    /// Whether the roster reaches it (within the solver's tolerance).
    pub proven: bool,
}

/// One level.
#[derive(Debug, Serialize)]
pub struct LevelSummary {
    /// The level (`coverage`, `fairness`, `preferences`, ...) or `warm_start`.
    pub name: crate::model::Stage,
    /// `optimal` or `time_limit`.
    pub status: &'static str,
    /// Value reached.
    pub objective: f64,
    /// Best bound.
    pub best_bound: f64,
    /// Relative gap.
    pub gap: f64,
    /// Seconds spent.
    pub seconds: f64,
    /// Branch-and-bound nodes.
    pub nodes: i64,
    /// The same value recomputed by the independent checker from the roster.
    pub checker_value: f64,
}

/// Model size.
#[derive(Debug, Serialize)]
pub struct ModelSummary {
    /// Columns (level columns excluded).
    pub variables: usize,
    /// Of which binaries.
    pub binaries: usize,
    /// Rows (level rows excluded).
    pub constraints: usize,
    /// Non-zeros.
    pub nonzeros: usize,
}

/// Options.
#[derive(Debug, Serialize)]
pub struct OptionsSummary {
    /// Seconds.
    pub time_limit: f64,
    /// Requested relative gap.
    pub gap: f64,
    /// HiGHS threads.
    pub threads: u32,
    /// HiGHS random seed.
    pub seed: u32,
    /// The deterministic work limit (`--work-limit`, thousands of LP iterations), if
    /// any: with it, the same roster on any machine unless the time limit came first.
    pub work_limit: Option<f64>,
    /// HiGHS version.
    pub solver: String,
}

/// One practitioner's load.
#[derive(Debug, Serialize)]
pub struct PractitionerSummary {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Share.
    pub share: f64,
    /// Duties held.
    pub duties: usize,
    /// Hours on duty.
    pub hours: f64,
    /// Per category id: load and target.
    pub categories: BTreeMap<String, CategoryLoad>,
}

/// Load against target in one category.
#[derive(Debug, Serialize)]
pub struct CategoryLoad {
    /// Duties held in the category.
    pub load: u32,
    /// Target (share-proportional, history-corrected).
    pub target: f64,
}

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    let r = (x * f).round() / f;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Builds the summary of a plan.
pub fn summary(instance: &Instance, plan: &Plan, options: &SolveOptions) -> Summary {
    let outcome = &plan.outcome;
    let last = outcome.levels.last();
    let uncovered = plan.check.uncovered_seats;
    // The checker's value of a stage, by its level (none for the warm start).
    let checker =
        |l: &crate::solve::LevelOutcome| l.stage.level().and_then(|k| plan.checker_level(k));
    let practitioners = loads(instance, &plan.duties, &plan.roster, &plan.check);
    // The roster's own value of the last level, by the checker; the bound is HiGHS's.
    let objective = last.map_or(0.0, |l| checker(l).unwrap_or(l.objective));
    let best_bound = last.map_or(objective, |l| l.best_bound.min(objective));
    Summary {
        status: outcome.status.as_str(),
        objective_mode: instance.objective.as_str(),
        objective: round(objective, 6),
        best_bound: round(best_bound, 6),
        gap: round(crate::solve::relative_gap(objective, best_bound), 6),
        wall_seconds: round(outcome.wall_seconds, 3),
        time_to_best: outcome.time_to_best.map(|t| round(t, 3)),
        work: round(outcome.work, 3),
        uncovered,
        uncovered_runs: uncovered_runs(instance, plan),
        hints: Vec::new(),
        fairness: round(plan.check.fairness.value, 6),
        preferences: round(plan.check.preferences.value, 6),
        coverage_weight: plan.coverage_weight,
        coverage: coverage(instance, &plan.duties, &plan.check),
        levels: outcome
            .levels
            .iter()
            .map(|l| level_summary(l, checker(l).unwrap_or(f64::NAN)))
            .collect(),
        proof: proof(plan),
        warm_start: outcome.warm_start.as_ref().map(|l| level_summary(l, 0.0)),
        model: ModelSummary {
            variables: outcome.size.variables,
            binaries: outcome.size.binaries,
            constraints: outcome.size.constraints,
            nonzeros: outcome.size.nonzeros,
        },
        options: OptionsSummary {
            time_limit: options.time_limit,
            gap: options.gap,
            threads: options.threads,
            seed: options.seed,
            work_limit: options.work_limit,
            solver: outcome.solver.clone(),
        },
        practitioners,
        replan: None,
    }
}

/// Each practitioner's duties, hours, and load against target per category (the
/// categories where either is above 0), as the independent checker computed them
/// from the roster.
pub fn loads(
    instance: &Instance,
    duties: &[crate::duties::Duty],
    roster: &crate::roster::Roster,
    check: &crate::check::CheckReport,
) -> Vec<PractitionerSummary> {
    let mut fairness: BTreeMap<(PracIdx, CategoryIdx), (u32, f64)> = BTreeMap::new();
    for row in &check.fairness.rows {
        fairness.insert((row.practitioner, row.category), (row.load, row.target));
    }
    let mut count: BTreeMap<PracIdx, (usize, i64)> = BTreeMap::new();
    for a in &roster.assignments {
        let e = count.entry(a.practitioner).or_insert((0, 0));
        e.0 += 1;
        e.1 += duties[a.duty.get()].minutes();
    }
    instance
        .practitioners
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let pi = PracIdx(i as u32);
            let (duties, minutes) = count.get(&pi).copied().unwrap_or((0, 0));
            let categories = instance
                .fairness
                .categories
                .iter()
                .enumerate()
                .filter_map(|(ci, c)| {
                    let key = (pi, CategoryIdx(ci as u32));
                    let (load, target) = fairness.get(&key).copied().unwrap_or((0, 0.0));
                    (load > 0 || target > 0.0).then(|| {
                        (
                            c.id.0.clone(),
                            CategoryLoad {
                                load,
                                target: round(target, 3),
                            },
                        )
                    })
                })
                .collect();
            PractitionerSummary {
                id: p.id.0.clone(),
                name: p.name.clone(),
                share: p.share,
                duties,
                hours: round(minutes as f64 / 60.0, 2),
                categories,
            }
        })
        .collect()
}

/// The coverage figures of a checked roster: seats to fill and filled, optional seats,
/// penalties, and the population covered, from the checker's report.
pub fn coverage(
    instance: &Instance,
    duties: &[crate::duties::Duty],
    check: &crate::check::CheckReport,
) -> Coverage {
    // Saturating sums: a demand far above the practitioners (validation warns) must
    // not overflow.
    let seats: u32 = duties
        .iter()
        .filter(|d| instance.post(d.post).required)
        .fold(0, |n, d| n.saturating_add(d.demand));
    let optional_seats: u32 = duties
        .iter()
        .filter(|d| !instance.post(d.post).required)
        .fold(0, |n, d| n.saturating_add(d.demand));
    let optional_empty: u32 = check
        .optional_empty
        .iter()
        .fold(0, |n, &(_, e)| u32::saturating_add(n, e));
    let uncovered = check.uncovered_seats;
    Coverage {
        duties: duties.len(),
        seats,
        filled: seats - uncovered.min(seats),
        rate: if seats == 0 {
            1.0
        } else {
            round(
                f64::from(seats - uncovered.min(seats)) / f64::from(seats),
                6,
            )
        },
        optional_seats,
        optional_filled: optional_seats - optional_empty.min(optional_seats),
        under_cover_penalty: round(check.under_cover_penalty, 6),
        over_cover_seats: check.over_cover_seats,
        over_cover_penalty: round(check.over_cover_penalty, 6),
        population: check
            .population
            .as_ref()
            .map(|p| population_coverage(instance, duties, p)),
    }
}

/// Tolerance under which a figure counts as reaching its best possible value: the
/// freeze margin of the levels, well below anything the reports print.
const PROOF_TOLERANCE: f64 = 1e-3;

/// What each level proves, in the coordinator's units (docs/model.md, "What a level
/// proves").
///
/// A level with a weight, `W · V + S` with `0 ≤ S < W` (empty seats, then fairness or
/// the optional loss), is split with the level's bound `b`: every roster has
/// `V > b / W − 1`, so with integral seat weights at least `⌊b / W⌋` empty seats; when
/// the roster has that many, `S ≥ b − W · V` among rosters with as few, which is the
/// bound on the second figure. A level of its own is its bound, as it is.
pub fn proof(plan: &Plan) -> Vec<ProofFigure> {
    let check = &plan.check;
    // The population's loss is per mille of population-time (docs/rules.md).
    let share = |loss: f64| round(1.0 - loss / 1000.0, 6);
    let w = plan.coverage_weight;
    let mut out = Vec::new();
    for outcome in &plan.outcome.levels {
        let Some((level, value)) = outcome
            .stage
            .level()
            .and_then(|level| Some((level, plan.checker_level(level)?)))
        else {
            continue;
        };
        let bound = outcome
            .best_bound
            .is_finite()
            .then_some(outcome.best_bound.min(value));
        let optimal = outcome.status == crate::solve::Status::Optimal;
        let single = |figure: &'static str| ProofFigure {
            level,
            figure,
            value: round(value, 6),
            best_possible: bound.map(|b| round(b, 6)),
            proven: optimal || bound.is_some_and(|b| value - b <= PROOF_TOLERANCE),
        };
        match level {
            Level::Coverage | Level::CoverageFairness => {
                let seats = check.under_cover_penalty;
                let integral = seats.fract() == 0.0;
                let seats_bound = bound.map(|b| {
                    let least = (b / w + 1e-9).floor();
                    if integral {
                        least.max(0.0)
                    } else {
                        (b / w - 1.0).max(0.0)
                    }
                });
                let seats_proven =
                    optimal || seats_bound.is_some_and(|l| seats - l <= PROOF_TOLERANCE);
                out.push(ProofFigure {
                    level,
                    figure: "empty_seats",
                    value: round(seats, 6),
                    best_possible: seats_bound.map(|b| round(if optimal { seats } else { b }, 6)),
                    proven: seats_proven,
                });
                let rest = value - w * seats;
                let rest_bound = bound.filter(|_| seats_proven).map(|b| {
                    if optimal {
                        rest
                    } else {
                        (b - w * seats).max(0.0)
                    }
                });
                let rest_proven = seats_proven
                    && (optimal || rest_bound.is_some_and(|b| rest - b <= PROOF_TOLERANCE));
                if level == Level::CoverageFairness {
                    out.push(ProofFigure {
                        level,
                        figure: "fairness",
                        value: round(rest, 6),
                        best_possible: rest_bound.map(|b| round(b, 6)),
                        proven: rest_proven,
                    });
                } else if check.optional_seats.seats == 0 && check.population.is_some() {
                    // The loss is the population's alone: per mille of population-time.
                    out.push(ProofFigure {
                        level,
                        figure: "population_share",
                        value: share(rest),
                        best_possible: rest_bound.map(share),
                        proven: rest_proven,
                    });
                } else {
                    out.push(ProofFigure {
                        level,
                        figure: "optional_loss",
                        value: round(rest, 6),
                        best_possible: rest_bound.map(|b| round(b, 6)),
                        proven: rest_proven,
                    });
                }
            }
            // A split first level (docs/model.md, "Magnitudes"): the seats alone, then
            // the optional term.
            Level::Seats => out.push(single("empty_seats")),
            Level::Optional if check.optional_seats.seats == 0 && check.population.is_some() => {
                let mut figure = single("population_share");
                figure.value = share(value);
                figure.best_possible = bound.map(share);
                out.push(figure);
            }
            Level::Optional => out.push(single("optional_loss")),
            Level::Fairness => out.push(single("fairness")),
            Level::Preferences => out.push(single("preferences")),
            Level::Changes => out.push(single("changes")),
            Level::Weighted => out.push(single("penalty")),
        }
    }
    out
}

/// One stage's figures, rounded for the summary.
fn level_summary(l: &crate::solve::LevelOutcome, checker_value: f64) -> LevelSummary {
    LevelSummary {
        name: l.stage,
        status: l.status.as_str(),
        objective: round(l.objective, 6),
        best_bound: round(l.best_bound, 6),
        gap: round(l.gap, 6),
        seconds: round(l.seconds, 3),
        nodes: l.nodes,
        checker_value: round(checker_value, 6),
    }
}

fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        round(part / whole, 6)
    } else {
        1.0
    }
}

fn population_coverage(
    instance: &Instance,
    duties: &[crate::duties::Duty],
    p: &crate::check::PopulationFigures,
) -> PopulationCoverage {
    let places = instance
        .geography
        .as_ref()
        .map_or(&[][..], |g| &g.places[..]);
    PopulationCoverage {
        threshold_minutes: p.threshold_minutes,
        population: p.population,
        smur_population: p.smur_population,
        mcs_hours: round(p.mcs_minutes as f64 / 60.0, 3),
        share_without_mcs: share(p.covered_smur, p.potential),
        share_with_mcs: share(p.covered, p.potential),
        periods: p
            .periods
            .iter()
            .map(|g| PeriodCoverage {
                period: g.period.clone(),
                hours: round(g.hours, 3),
                share_without_mcs: round(g.smur_share, 6),
                share_with_mcs: round(g.share, 6),
            })
            .collect(),
        uncovered_places: p
            .uncovered_places
            .iter()
            .take(10)
            .filter_map(|u| {
                let place = places.get(u.place.get())?;
                Some(PlaceCoverage {
                    id: place.id.clone(),
                    name: place.name.clone(),
                    population: place.population,
                    hours: round(u.hours, 3),
                    population_hours: round(u.population_hours, 1),
                })
            })
            .collect(),
        best_extra: p
            .best_extra
            .iter()
            .map(|e| {
                let d = &duties[e.duty.get()];
                ExtraCoverage {
                    practitioner: instance.practitioner(e.practitioner).id.0.clone(),
                    post: instance.post(d.post).id.0.clone(),
                    period: instance.period(d.period).id.0.clone(),
                    date: d.date.to_string(),
                    population_hours: round(e.population_hours, 1),
                    compatible: e.compatible,
                }
            })
            .collect(),
    }
}

/// The duties with empty seats of the plan's roster, as runs (consecutive dates of one
/// post and period, same reason), in the order of their first duty.
pub fn uncovered_runs(instance: &Instance, plan: &Plan) -> Vec<UncoveredRun> {
    uncovered_runs_of(instance, &plan.duties, &plan.roster)
}

/// The duties with empty seats of a roster (with their reasons, see
/// [`crate::explain::explain_uncovered`]), as runs like [`uncovered_runs`].
pub fn uncovered_runs_of(
    instance: &Instance,
    duties: &[crate::duties::Duty],
    roster: &crate::roster::Roster,
) -> Vec<UncoveredRun> {
    let mut runs: Vec<UncoveredRun> = Vec::new();
    // The run each (post, period) is extending, by index in `runs`.
    let mut open: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for u in &roster.uncovered {
        let d = &duties[u.duty.get()];
        let text = crate::labels::export::uncovered_reason(instance, &u.reason);
        let key = (d.post.get(), d.period.get());
        if let Some(&i) = open.get(&key) {
            let run = &mut runs[i];
            let next = run
                .last
                .parse::<chrono::NaiveDate>()
                .ok()
                .and_then(|l| l.succ_opt());
            if run.text == text && next == Some(d.date) {
                run.last = d.date.to_string();
                run.duties += 1;
                run.seats = run.seats.saturating_add(u.missing);
                continue;
            }
        }
        let (reason, binding) = match &u.reason {
            UncoveredReason::NobodyQualified => ("nobody_qualified", None),
            UncoveredReason::AllUnavailable => ("all_unavailable", None),
            UncoveredReason::RulesBind { binding, .. } => ("rules", Some(binding_id(*binding))),
        };
        open.insert(key, runs.len());
        runs.push(UncoveredRun {
            post: instance.post(d.post).id.0.clone(),
            period: instance.period(d.period).id.0.clone(),
            first: d.date.to_string(),
            last: d.date.to_string(),
            duties: 1,
            seats: u.missing,
            reason,
            binding,
            text,
        });
    }
    runs
}

fn binding_id(binding: Binding) -> &'static str {
    match binding {
        Binding::Maxima => "maxima",
        Binding::RestOrSpacing => "rest_or_spacing",
        Binding::AlreadyOnDuty => "already_on_duty",
        Binding::Bundle => "bundle",
        Binding::Mixed => "mixed",
    }
}

/// The summary of a re-planning, with what changed from the published roster (`diff`,
/// counted from the two rosters by the re-planning).
pub fn with_replan(
    mut summary: Summary,
    instance: &Instance,
    diff: &crate::replan::Diff,
    changes: &crate::replan::Changes,
    policy: &crate::replan::Policy,
) -> Summary {
    let duties: std::collections::BTreeSet<_> = diff
        .lost
        .iter()
        .chain(&diff.gained)
        .map(|c| (c.date, c.post.as_str(), c.period.as_str()))
        .collect();
    summary.replan = Some(ReplanSummary {
        from: policy.from.to_string(),
        notice_days: policy.notice_days,
        urgency: policy.urgency,
        changes: crate::labels::replan::describe(changes, instance),
        duties_changed: duties.len(),
        lost: diff.lost.clone(),
        gained: diff.gained.clone(),
        kept: diff.kept,
        cost: round(diff.cost, 6),
    });
    summary
}

/// The summary with the what-if hints of [`crate::whatif::hints`].
pub fn with_hints(
    mut summary: Summary,
    instance: &Instance,
    plan: &Plan,
    hints: &[crate::whatif::Hint],
) -> Summary {
    summary.hints = hints
        .iter()
        .map(|h| hint_summary(instance, plan, h))
        .collect();
    summary
}

fn hint_summary(instance: &Instance, plan: &Plan, hint: &crate::whatif::Hint) -> HintSummary {
    use crate::whatif::{Limit, Relaxation};
    let duties = &plan.duties;
    let who = instance.practitioner(hint.relaxation.practitioner());
    let named = |list: &[(crate::duties::DutyIdx, u32)]| -> Vec<FilledDuty> {
        list.iter()
            .map(|&(d, seats)| {
                let d = &duties[d.get()];
                FilledDuty {
                    date: d.date.to_string(),
                    post: instance.post(d.post).id.0.clone(),
                    period: instance.period(d.period).id.0.clone(),
                    seats,
                }
            })
            .collect()
    };
    let (filled, emptied) = (named(&hint.filled), named(&hint.emptied));
    let gained = hint.before - hint.after;
    let mut text = match &hint.relaxation {
        Relaxation::RaiseLimits { limits, .. } => {
            let parts: Vec<String> = limits
                .iter()
                .map(|&(limit, from, to)| {
                    let label = match limit {
                        Limit::PerPeriod(p) => instance.period(p).label.as_str(),
                        _ => "",
                    };
                    fr::raise_limit(limit, label, from, to)
                })
                .collect();
            fr::hint_raise(
                &who.name,
                who.id.as_str(),
                &crate::labels::check::and_list(&parts),
            )
        }
        Relaxation::FreeDuty { duty, .. } => {
            let d = &duties[duty.get()];
            fr::hint_free(
                &who.name,
                who.id.as_str(),
                &instance.post(d.post).label,
                &instance.period(d.period).label,
                &fr::date_range(d.date, d.date),
            )
        }
    };
    // Where: the duties by post and period, with their dates.
    let wheres = |list: &[(crate::duties::DutyIdx, u32)]| -> String {
        let mut places: BTreeMap<(usize, usize), Vec<chrono::NaiveDate>> = BTreeMap::new();
        for &(d, _) in list {
            let d = &duties[d.get()];
            places
                .entry((d.post.get(), d.period.get()))
                .or_default()
                .push(d.date);
        }
        places
            .iter()
            .map(|(&(post, period), dates)| {
                let post = &instance.posts[post];
                let period = &instance.periods[period];
                format!(
                    "{} – {} : {}",
                    post.label,
                    period.label,
                    fr::dates_text(dates)
                )
            })
            .collect::<Vec<_>>()
            .join(" ; ")
    };
    let _ = if hint.before == 1 {
        write!(
            text,
            " : {} ({})",
            fr::ONLY_SEAT_FILLED,
            wheres(&hint.filled)
        )
    } else {
        write!(
            text,
            "{}",
            fr::hint_filled(gained, hint.before, &wheres(&hint.filled))
        )
    };
    if !hint.emptied.is_empty() {
        let _ = write!(text, " ; {} : {}", fr::HINT_GIVEN_UP, wheres(&hint.emptied));
    }
    if !hint.proven {
        let _ = write!(text, " ; {}", fr::HINT_NOT_PROVEN);
    }
    text.push('.');
    let (change, limits, duty) = match &hint.relaxation {
        Relaxation::RaiseLimits { limits, .. } => (
            "raise_limits",
            limits
                .iter()
                .map(|&(limit, from, to)| LimitChange {
                    limit: match limit {
                        Limit::PerWeek => "max_per_week".to_owned(),
                        Limit::PerMonth => "max_per_month".to_owned(),
                        Limit::PerHorizon => "max_per_horizon".to_owned(),
                        Limit::Weekends => "max_weekends".to_owned(),
                        Limit::PerPeriod(p) => {
                            format!("max_per_period:{}", instance.period(p).id.0)
                        }
                        Limit::Minutes => "max_minutes".to_owned(),
                        Limit::ConsecutiveDays => "max_consecutive_days".to_owned(),
                    },
                    from,
                    to,
                })
                .collect(),
            None,
        ),
        Relaxation::FreeDuty { duty, .. } => {
            let d = &duties[duty.get()];
            (
                "free_duty",
                Vec::new(),
                Some(DutyName {
                    date: d.date.to_string(),
                    post: instance.post(d.post).id.0.clone(),
                    period: instance.period(d.period).id.0.clone(),
                }),
            )
        }
    };
    HintSummary {
        practitioner: who.id.0.clone(),
        change,
        limits,
        duty,
        before: hint.before,
        after: hint.after,
        filled,
        emptied,
        proven: hint.proven,
        text,
    }
}

/// summary.json, pretty-printed, with a final newline.
pub fn to_json(summary: &Summary) -> String {
    let mut s = serde_json::to_string_pretty(summary)
        .expect("the summary holds only finite numbers and strings");
    s.push('\n');
    s
}

/// A number with a French decimal comma.
pub(crate) fn num(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        // No bound known (the time ran out before HiGHS had one).
        return "—".to_owned();
    }
    format!("{x:.digits$}").replace('.', ",")
}

/// The section of summary.md that says, figure by figure, what the solver proved.
fn proof_markdown(s: &mut String, proof: &[ProofFigure]) {
    if proof.is_empty() {
        return;
    }
    let _ = writeln!(s, "\n## {}\n", fr::PROOF_TITLE);
    let _ = writeln!(s, "| {} |", fr::PROOF_HEADER.join(" | "));
    let _ = writeln!(s, "|{}", "---|".repeat(fr::PROOF_HEADER.len()));
    for row in proof_rows(proof) {
        let _ = writeln!(s, "| {} |", row.join(" | "));
    }
}

/// The rows of the proof table, in French: the figure, the roster's value, the best
/// possible and the verdict (summary.md and report.html).
pub fn proof_rows(proof: &[ProofFigure]) -> Vec<[String; 4]> {
    let mut rows = Vec::new();
    for p in proof {
        let share = p.figure == "population_share";
        let show = |x: f64| {
            if share {
                format!("{} %", num(x * 100.0, 1))
            } else if p.figure == "empty_seats" {
                num(x, if x.fract() == 0.0 { 0 } else { 2 })
            } else {
                num(x, 1)
            }
        };
        let best = match p.best_possible {
            Some(b) if share => format!("≤ {}", show(b)),
            Some(b) => format!("≥ {}", show(b)),
            None => fr::PROOF_UNKNOWN.to_owned(),
        };
        let verdict = match p.best_possible {
            _ if p.proven => fr::PROOF_YES.to_owned(),
            Some(b) if share => fr::proof_distance_points((b - p.value) * 100.0),
            Some(b) => fr::proof_distance(p.value - b, p.value),
            None => fr::PROOF_NO.to_owned(),
        };
        rows.push([
            fr::proof_figure(p.figure).to_owned(),
            show(p.value),
            best,
            verdict,
        ]);
    }
    rows
}

/// summary.md, in French, for the coordinator.
pub fn to_markdown(instance: &Instance, plan: &Plan, summary: &Summary) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {} — {}\n", fr::TITLE, instance.name);
    let status = match summary.status {
        "optimal" => fr::STATUS_OPTIMAL.to_owned(),
        stopped => {
            // A stopped solve says so in its first line, with how far from proven
            // its roster may be.
            let gap = if summary.gap.is_finite() {
                format!("{} %", num(summary.gap * 100.0, 2))
            } else {
                fr::GAP_UNKNOWN.to_owned()
            };
            format!(
                "{} ({} : {gap})",
                fr::stopped_status(stopped),
                fr::GAP_SHORT
            )
        }
    };
    let _ = writeln!(s, "- {} : **{}**", fr::STATUS, status);
    let _ = writeln!(
        s,
        "- {} : {} / {} ({} %)",
        fr::COVERAGE,
        summary.coverage.filled,
        summary.coverage.seats,
        num(summary.coverage.rate * 100.0, 1)
    );
    let _ = writeln!(s, "- {} : {}", fr::UNCOVERED, summary.uncovered);
    if summary.coverage.optional_seats > 0 {
        let c = &summary.coverage;
        let _ = writeln!(
            s,
            "- {} : {} / {} ({} %)",
            fr::OPTIONAL_SEATS,
            c.optional_filled,
            c.optional_seats,
            num(
                100.0 * f64::from(c.optional_filled) / f64::from(c.optional_seats),
                1
            )
        );
    }
    if let Some(p) = &summary.coverage.population {
        let _ = writeln!(
            s,
            "{}",
            fr::population_line(
                p.threshold_minutes,
                &num(p.mcs_hours, 0),
                &num(p.share_without_mcs * 100.0, 1),
                &num(p.share_with_mcs * 100.0, 1),
            )
        );
    }
    let _ = writeln!(s, "- {} : {}", fr::FAIRNESS, num(summary.fairness, 3));
    let _ = writeln!(s, "- {} : {}", fr::PREFERENCES, num(summary.preferences, 1));
    if let Some((before, after)) = plan.preference_search {
        let _ = writeln!(
            s,
            "- {} : {} → {}",
            fr::PREFERENCE_SEARCH,
            num(before, 1),
            num(after, 1)
        );
    }
    if let Some(first) = summary.levels.first() {
        let _ = writeln!(s, "- {} : {} %", fr::GAP, num(first.gap * 100.0, 2));
    }
    let _ = writeln!(
        s,
        "- {} : {} s ({} ; {} fil(s), graine {})",
        fr::TIME,
        num(summary.wall_seconds, 1),
        summary.options.solver,
        summary.options.threads,
        summary.options.seed
    );
    let _ = writeln!(
        s,
        "{}",
        fr::model_line(
            summary.model.variables,
            summary.model.binaries,
            summary.model.constraints,
            summary.model.nonzeros,
        )
    );
    let _ = writeln!(s, "## {}\n", fr::LEVELS);
    let _ = writeln!(s, "| {} |", fr::LEVEL_HEADER.join(" | "));
    let _ = writeln!(s, "|{}", "---|".repeat(fr::LEVEL_HEADER.len()));
    for l in summary.warm_start.iter().chain(&summary.levels) {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} % | {} |",
            fr::level_name(l.name),
            fr::status_short(l.status),
            num(l.objective, 3),
            num(l.best_bound, 3),
            num(l.gap * 100.0, 2),
            num(l.seconds, 1)
        );
    }
    proof_markdown(&mut s, &summary.proof);
    if !summary.uncovered_runs.is_empty() {
        let _ = writeln!(s, "\n## {}\n", fr::UNCOVERED_TITLE);
        for run in &summary.uncovered_runs {
            let post = instance
                .post_by_id(&run.post)
                .map(|p| instance.post(p).label.as_str());
            let period = instance
                .period_by_id(&run.period)
                .map(|p| instance.period(p).label.as_str());
            let (Ok(first), Ok(last)) = (
                run.first.parse::<chrono::NaiveDate>(),
                run.last.parse::<chrono::NaiveDate>(),
            ) else {
                continue;
            };
            let _ = writeln!(
                s,
                "- {} – {}, {} ({}) : {}",
                post.unwrap_or(&run.post),
                period.unwrap_or(&run.period),
                fr::date_range(first, last),
                fr::empty_seats(run.seats),
                run.text
            );
        }
    }
    if !summary.hints.is_empty() {
        let _ = writeln!(s, "\n## {}\n\n{}\n", fr::HINTS_TITLE, fr::HINTS_INTRO);
        for h in &summary.hints {
            let _ = writeln!(s, "- {}", h.text);
        }
    }
    if let Some(p) = &summary.coverage.population {
        population_markdown(&mut s, p);
    }
    let _ = writeln!(s, "\n## {}\n", fr::LOADS_TITLE);
    let cats = &instance.fairness.categories;
    let mut header = vec![
        fr::PRACTITIONER.to_string(),
        fr::SHARE.to_string(),
        fr::DUTIES.to_string(),
        fr::HOURS.to_string(),
    ];
    header.extend(
        cats.iter()
            .map(|c| format!("{} ({})", c.label, fr::LOAD_TARGET)),
    );
    let _ = writeln!(s, "| {} |", header.join(" | "));
    let _ = writeln!(s, "|{}", "---|".repeat(header.len()));
    for p in &summary.practitioners {
        let mut row = vec![
            format!("{} ({})", p.name, p.id),
            num(p.share, 2),
            p.duties.to_string(),
            num(p.hours, 1),
        ];
        for c in cats {
            row.push(match p.categories.get(&c.id.0) {
                Some(l) => format!("{} / {}", l.load, num(l.target, 1)),
                None => "—".to_string(),
            });
        }
        let _ = writeln!(s, "| {} |", row.join(" | "));
    }
    s
}

/// The population section of summary.md.
fn population_markdown(s: &mut String, p: &PopulationCoverage) {
    let _ = writeln!(s, "\n## {}\n", fr::population_section(p.threshold_minutes));
    let _ = writeln!(s, "| {} |", fr::POPULATION_PERIOD_HEADER.join(" | "));
    let _ = writeln!(s, "|{}", "---|".repeat(fr::POPULATION_PERIOD_HEADER.len()));
    for g in &p.periods {
        let _ = writeln!(
            s,
            "| {} | {} | {} % | {} % |",
            g.period,
            num(g.hours, 0),
            num(g.share_without_mcs * 100.0, 1),
            num(g.share_with_mcs * 100.0, 1)
        );
    }
    let _ = writeln!(
        s,
        "| **trimestre** | {} | {} % | {} % |",
        num(p.mcs_hours, 0),
        num(p.share_without_mcs * 100.0, 1),
        num(p.share_with_mcs * 100.0, 1)
    );
    if !p.uncovered_places.is_empty() {
        let _ = writeln!(s, "\n### {}\n", fr::POPULATION_PLACES_TITLE);
        let _ = writeln!(s, "| {} |", fr::POPULATION_PLACES_HEADER.join(" | "));
        let _ = writeln!(s, "|{}", "---|".repeat(fr::POPULATION_PLACES_HEADER.len()));
        for u in &p.uncovered_places {
            let _ = writeln!(
                s,
                "| {} ({}) | {} | {} | {} |",
                u.name,
                u.id,
                u.population,
                num(u.hours, 0),
                num(u.population_hours, 0)
            );
        }
    }
    if !p.best_extra.is_empty() {
        let _ = writeln!(s, "\n### {}\n", fr::POPULATION_EXTRA_TITLE);
        let _ = writeln!(s, "| {} |", fr::POPULATION_EXTRA_HEADER.join(" | "));
        let _ = writeln!(s, "|{}", "---|".repeat(fr::POPULATION_EXTRA_HEADER.len()));
        for e in &p.best_extra {
            let _ = writeln!(
                s,
                "| {} | {} {} | {} | {} | {} |",
                e.practitioner,
                e.post,
                e.period,
                e.date,
                num(e.population_hours, 0),
                if e.compatible { "oui" } else { "non" }
            );
        }
    }
}
