//! The summary of a solve: `summary.json` for machines and `summary.md` for the
//! coordinator (French), from a [`Plan`].
//!
//! Formats only; every figure comes from the plan (solver outcome and checker report)
//! or from the instance: loads, targets and the objective figures are the independent
//! checker's. The summaries of a re-planning and of an exchange are in [`replan`] and
//! [`swap`].

pub mod fees;
mod loads;
mod proof;
pub mod replan;
pub mod swap;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::instance::Instance;
use crate::labels::report as fr;
use crate::plan::Plan;
use crate::roster::{Binding, UncoveredReason};
use crate::solve::SolveOptions;

pub use loads::{
    coverage, loads, travel, CategoryLoad, Coverage, ExtraCoverage, PeriodCoverage, PlaceCoverage,
    PopulationCoverage, PostHolders, PractitionerSummary, TravelSummary,
};
use proof::proof_markdown;
pub use proof::{proof, proof_rows, ProofFigure};

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
    /// The on-call fees of the roster (`[fees]`), by practitioner and duty type.
    pub fees: fees::FeesSummary,
    /// Kilometres travelled and the holders of each post, when some post has a place
    /// or a continuity weight (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub travel: Option<TravelSummary>,
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
    /// Who gains and loses how much in on-call fees, from the published roster to the
    /// new one (set by [`with_fee_changes`]).
    pub fees: Vec<fees::FeeChange>,
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
    /// What the decomposition engine did on the level, when it ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decomposition: Option<DecompositionSummary>,
}

/// The decomposition engine on one level (docs/model.md, "The decomposition engine").
#[derive(Debug, Serialize)]
pub struct DecompositionSummary {
    /// Practitioners with a pricing problem.
    pub blocks: usize,
    /// Rows of the master that link practitioners.
    pub linking_rows: usize,
    /// Rounds of column generation.
    pub rounds: usize,
    /// Schedules generated.
    pub columns: usize,
    /// The best Lagrangian bound, when a round priced every practitioner.
    pub bound: Option<f64>,
    /// The master LP's last value.
    pub master_value: Option<f64>,
    /// Whether nothing priced out any more (the master's value is then the bound).
    pub converged: bool,
    /// The value of the restricted master MIP's roster, when it found one.
    pub roster_value: Option<f64>,
    /// Seconds spent.
    pub seconds: f64,
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
        travel: travel(instance, &plan.duties, &plan.roster, &plan.check),
        fees: fees::summary(
            instance,
            &crate::fees::statement(
                instance,
                &plan.duties,
                plan.roster
                    .assignments
                    .iter()
                    .map(|a| (a.practitioner, a.duty)),
            ),
            &plan.check.fees,
        ),
        replan: None,
    }
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
        decomposition: l.decomposition.as_ref().map(|d| DecompositionSummary {
            blocks: d.blocks,
            linking_rows: d.linking_rows,
            rounds: d.rounds,
            columns: d.columns,
            bound: d.bound.map(|b| round(b, 6)),
            master_value: d.master_value.map(|v| round(v, 6)),
            converged: d.converged,
            roster_value: d.roster_value.map(|v| round(v, 6)),
            seconds: round(d.seconds, 3),
        }),
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
        fees: Vec::new(),
    });
    summary
}

/// The re-planning's summary with who gains and loses how much in on-call fees.
pub fn with_fee_changes(mut summary: Summary, changes: Vec<fees::FeeChange>) -> Summary {
    if let Some(r) = summary.replan.as_mut() {
        r.fees = changes;
    }
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
    if let Some(t) = &summary.travel {
        if instance.has_travel() {
            let _ = writeln!(s, "- {} : {} km", fr::TRAVEL, num(t.km, 0));
        }
        if instance.has_continuity() {
            let _ = writeln!(s, "- {} : {}", fr::CONTINUITY, num(t.continuity_penalty, 1));
        }
    }
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
    let pledges = summary.practitioners.iter().any(|p| p.pledge.is_some());
    let mut header = vec![
        fr::PRACTITIONER.to_string(),
        fr::SHARE.to_string(),
        fr::DUTIES.to_string(),
    ];
    if pledges {
        header.push(fr::PLEDGED.to_string());
    }
    header.push(fr::HOURS.to_string());
    if instance.has_travel() {
        header.push(fr::KM.to_string());
    }
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
        ];
        if pledges {
            row.push(
                p.pledge
                    .map_or_else(|| "—".to_string(), |n| format!("{} / {n}", p.duties)),
            );
        }
        row.push(num(p.hours, 1));
        if let Some(km) = p.km {
            row.push(num(km, 0));
        }
        for c in cats {
            row.push(match p.categories.get(&c.id.0) {
                Some(l) => format!("{} / {}", l.load, num(l.target, 1)),
                None => "—".to_string(),
            });
        }
        let _ = writeln!(s, "| {} |", row.join(" | "));
    }
    if let Some(t) = &summary.travel {
        let _ = writeln!(s, "\n## {}\n", fr::POSTS_TITLE);
        let _ = writeln!(s, "| {} |", fr::POSTS_HEADER.join(" | "));
        let _ = writeln!(s, "|{}", "---|".repeat(fr::POSTS_HEADER.len()));
        for (post, h) in instance.posts.iter().zip(&t.posts) {
            let _ = writeln!(
                s,
                "| {} | {} / {} | {} | {} |",
                post.label,
                h.filled(),
                h.seats,
                h.empty,
                h.holders
            );
        }
    }
    fees::markdown(&mut s, instance, &summary.fees);
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
