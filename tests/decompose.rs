//! The decomposition engine (issue 18) through the public API: on random small
//! instances (the generators of tests/props.rs, with and without the general rostering
//! rules), the bound it reports never exceeds the compact model's proven optimum, a
//! level it calls optimal has that optimum, and its rosters pass the independent
//! checker; on hand-written instances, bounds known exactly.
//!
//! Each case plans the same instance twice, with `Engine::Compact` and with
//! `Engine::Decomposition`. A level `k` of the two runs is compared only when the
//! compact run proved it optimal and the decomposition run's earlier levels were frozen
//! at values no lower than the compact run's: the decomposition's level-`k` problem
//! then relaxes the compact one (the same rows, right-hand sides no tighter), so any
//! valid bound of it is at most the compact optimum. When the earlier levels were
//! frozen no higher either, the two problems are one and a roster of the decomposition
//! is worth at least that optimum. Nothing depends on the machine's speed: a bound is
//! valid whenever it is reported, and a level the compact run did not prove is skipped
//! (a property fails if more than a quarter of its cases are skipped).

use std::cell::Cell;

use gardes::instance::parse;
use gardes::plan::{plan, Plan, PlanError};
use gardes::solve::{Engine, SolveError, SolveOptions, Status, FREEZE_MARGIN};
use proptest::prelude::*;

use crate::props::{
    check_plan, margin, run_property_in, spec_strategy, unproven, GeneralSpec, LimitsSpec, Spec,
    Verdict, PERIOD_IDS, TOLERANCE,
};

/// The failing seeds of these properties.
const REGRESSIONS: &str = "decompose.txt";

/// Cases per property: each plans twice, and the decomposition prices every
/// practitioner at every round of every level.
const CASES: u32 = 12;

/// tests/props.rs's options (a work limit, so that the same case stops at the same
/// place on a busy machine; a generous time limit) with `engine`.
fn options(engine: Engine) -> SolveOptions {
    SolveOptions {
        engine,
        ..crate::props::options()
    }
}

/// Whether `limits` holds a rule that makes the model a general one (no greedy start:
/// `model::general_rules`).
fn is_general(limits: &LimitsSpec) -> bool {
    limits.max_per_period.is_some_and(|(_, n)| n > 0)
        || limits.min_minutes.is_some()
        || limits.max_minutes.is_some()
        || limits.max_consecutive_days.is_some()
        || limits.min_consecutive_days.is_some_and(|m| m >= 2)
        || limits.min_consecutive_days_off.is_some_and(|m| m >= 2)
}

/// One practitioner's general limits. A duty lasts 240 (evening), 480 (deep night) or
/// 720 minutes (night, day), so a minimum of minutes asks for one or two duties (which
/// may make the instance infeasible: then both engines must say so) and a maximum caps
/// one to three; a minimum run above the maximum run is raised to it (refused
/// otherwise).
fn limits_strategy() -> impl Strategy<Value = LimitsSpec> {
    (
        prop::option::weighted(0.3, (0..PERIOD_IDS.len(), 0..=2u32)),
        prop::option::weighted(0.1, prop::sample::select(vec![240u32, 480])),
        prop::option::weighted(0.2, prop::sample::select(vec![720u32, 1440, 2160])),
        prop::option::weighted(0.4, 1..=3u32),
        prop::option::weighted(0.4, 2..=3u32),
        prop::option::weighted(0.3, 2..=3u32),
    )
        .prop_map(
            |(max_per_period, min_minutes, max_minutes, max_run, min_run, min_off)| {
                let max_run = match (max_run, min_run) {
                    (Some(max), Some(min)) => Some(max.max(min)),
                    (max, _) => max,
                };
                LimitsSpec {
                    max_per_period,
                    min_minutes,
                    max_minutes,
                    max_consecutive_days: max_run,
                    min_consecutive_days: min_run,
                    min_consecutive_days_off: min_off,
                }
            },
        )
}

/// tests/props.rs's instances with personal general limits for some practitioners, at
/// least one of which makes the model a general one (`Engine::Auto` would run the
/// decomposition on its first level), and runs at the horizon's ends counted one case
/// in five.
fn general_strategy() -> impl Strategy<Value = Spec> {
    (
        spec_strategy(),
        prop::collection::vec(prop::option::weighted(0.6, limits_strategy()), 6),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(mut spec, limits, strict_ends)| {
            let n = spec.practitioner_count();
            let mut general = GeneralSpec {
                limits: limits
                    .into_iter()
                    .take(n)
                    .enumerate()
                    .filter_map(|(p, l)| Some((p, l?)))
                    .collect(),
                strict_ends,
            };
            if !general.limits.values().any(is_general) {
                general
                    .limits
                    .entry(0)
                    .or_default()
                    .min_consecutive_days_off = Some(2);
            }
            spec.general = general;
            spec
        })
}

/// How a plan ended: a checked plan, or proven infeasible (only the general rules'
/// minimum of minutes can make an instance infeasible).
enum Planned {
    Plan(Box<Plan>),
    Infeasible,
}

fn plan_with(
    instance: &gardes::instance::Instance,
    engine: Engine,
    text: &str,
) -> Result<Planned, TestCaseError> {
    match plan(instance, &options(engine)) {
        Ok(p) => {
            check_plan(instance, &p, text)?;
            Ok(Planned::Plan(Box::new(p)))
        }
        Err(PlanError::Solve(SolveError::Infeasible(_))) => Ok(Planned::Infeasible),
        Err(e) => Err(TestCaseError::fail(format!(
            "{engine:?}: {e}\n--- instance\n{text}"
        ))),
    }
}

/// The property: both engines' rosters pass the checker (in [`plan_with`]), they agree
/// on infeasibility, and on every level the comparison of the module's doc allows, the
/// decomposition's Lagrangian bound (its level's constant added), the decomposition
/// run's best bound and the value of a level it calls optimal are at most the compact
/// optimum; when the two levels' problems are one, the decomposition's own roster is
/// worth at least that optimum and an optimal level has the same value.
///
/// `counts` counts what was compared, for the test's last words.
fn bound_below_the_compact_optimum(
    spec: Spec,
    general: bool,
    counts: &Counts,
) -> Result<Verdict, TestCaseError> {
    compare_engines(&spec.text(), general, counts)
}

/// [`bound_below_the_compact_optimum`] on an instance file.
fn compare_engines(text: &str, general: bool, counts: &Counts) -> Result<Verdict, TestCaseError> {
    let fail = |what: String| TestCaseError::fail(format!("{what}\n--- instance\n{text}"));
    let instance = parse("prop.toml", text).map_err(|e| fail(e.to_string()))?;
    let duties = gardes::duties::expand(&instance).map_err(|e| fail(e.to_string()))?;
    let model = gardes::model::build(&instance, &duties);
    // The general rules leave the model without a greedy start.
    prop_assert!(
        !general || !model.start.iter().any(|&on| on),
        "a general instance with a greedy start\n--- instance\n{}",
        text
    );
    let levels = model.levels.len();
    let compact = plan_with(&instance, Engine::Compact, text)?;
    let decomposition = plan_with(&instance, Engine::Decomposition, text)?;
    let (c, d) = match (compact, decomposition) {
        (Planned::Plan(c), Planned::Plan(d)) => (c, d),
        (Planned::Infeasible, Planned::Infeasible) => {
            Counts::add(&counts.infeasible);
            return Ok(Verdict::Verified);
        }
        (c, _) => {
            return Err(fail(format!(
                "only the {} engine found the instance infeasible",
                if matches!(c, Planned::Infeasible) {
                    "compact"
                } else {
                    "decomposition"
                }
            )))
        }
    };
    let (cl, dl) = (&c.outcome.levels, &d.outcome.levels);
    prop_assert_eq!(cl.len(), dl.len());
    prop_assert_eq!(cl.len(), levels);
    if cl.first().is_none_or(|l| l.status != Status::Optimal) {
        return Ok(Verdict::Unproven(unproven(&c)));
    }
    let close = |x: f64| 1e-9 * x.abs().max(1.0);
    for k in 0..cl.len() {
        let (ck, dk) = (&cl[k], &dl[k]);
        let relaxes = (0..k).all(|j| dl[j].objective >= cl[j].objective - close(cl[j].objective));
        let same =
            relaxes && (0..k).all(|j| dl[j].objective <= cl[j].objective + close(cl[j].objective));
        if ck.status != Status::Optimal || !relaxes {
            continue;
        }
        let optimum = ck.objective;
        let tolerance = TOLERANCE * optimum.abs().max(1.0);
        let figures = format!(
            "level {k} ({}): compact optimum {optimum}, decomposition run {:?} {} bound {}, {:?}",
            ck.stage, dk.status, dk.objective, dk.best_bound, dk.decomposition
        );
        if let Some(report) = &dk.decomposition {
            if let Some(bound) = report.bound {
                Counts::add(&counts.bounds);
                if optimum - bound <= FREEZE_MARGIN {
                    Counts::add(&counts.tight);
                }
                prop_assert!(
                    bound <= optimum + tolerance,
                    "the decomposition's bound exceeds the compact optimum: {}\n--- instance\n{}",
                    figures,
                    text
                );
            }
            if let (true, Some(value)) = (same, report.roster_value) {
                prop_assert!(
                    value >= optimum - tolerance,
                    "the decomposition's roster is worth less than the compact optimum: {}\n--- instance\n{}",
                    figures,
                    text
                );
            }
        }
        prop_assert!(
            dk.best_bound <= optimum + tolerance,
            "the decomposition run's best bound exceeds the compact optimum: {}\n--- instance\n{}",
            figures,
            text
        );
        if dk.status == Status::Optimal {
            prop_assert!(
                dk.objective <= optimum + margin(optimum),
                "the decomposition run's optimal level is worse than the compact optimum: {}\n--- instance\n{}",
                figures,
                text
            );
            if same {
                prop_assert!(
                    dk.objective >= optimum - margin(optimum),
                    "the decomposition run's optimal level is better than the compact optimum: {}\n--- instance\n{}",
                    figures,
                    text
                );
            }
        }
    }
    Ok(Verdict::Verified)
}

/// What the properties compared over their cases.
#[derive(Default)]
struct Counts {
    /// Levels with a Lagrangian bound compared to the compact optimum (a split needs
    /// two practitioners who may hold a duty).
    bounds: Cell<u32>,
    /// Of those, bounds that prove the optimum (within the freeze margin).
    tight: Cell<u32>,
    /// Cases both engines found infeasible.
    infeasible: Cell<u32>,
}

impl Counts {
    fn add(count: &Cell<u32>) {
        count.set(count.get() + 1);
    }

    fn say(&self, name: &str) {
        eprintln!(
            "{name}: {} Lagrangian bounds compared, {} of them proving the optimum; {} cases infeasible for both engines",
            self.bounds.get(),
            self.tight.get(),
            self.infeasible.get()
        );
    }
}

#[test]
fn decomposition_bound_never_exceeds_the_compact_optimum() {
    let counts = Counts::default();
    run_property_in(
        REGRESSIONS,
        CASES,
        "decomposition_bound",
        spec_strategy(),
        |spec| bound_below_the_compact_optimum(spec, false, &counts),
    );
    counts.say("decomposition_bound");
}

#[test]
fn decomposition_bound_never_exceeds_the_compact_optimum_under_the_general_rules() {
    let counts = Counts::default();
    run_property_in(
        REGRESSIONS,
        CASES,
        "decomposition_bound_general",
        general_strategy(),
        |spec| bound_below_the_compact_optimum(spec, true, &counts),
    );
    counts.say("decomposition_bound_general");
}

// ---------------------------------------------------------------------------------
// Hand-written instances whose first level's optimum and Dantzig–Wolfe bound are
// known: one day-time post `a` (08:00–16:00, every date, demand as given), no
// spacing, no fairness term, so that the first level is `W × empty seats` (W the
// coverage weight); each practitioner's limits make the instance a general one.

/// The instance from Monday 4 January 2027 over `days` dates, demand `demand` each,
/// `[rules]` extended by `rules`, with two practitioners d01 and d02 of limits
/// `limits` (a TOML inline table's entries).
fn two_practitioners(days: u32, demand: u32, rules: &str, limits: &str) -> String {
    format!(
        r#"
name = "dw"
[horizon]
first = 2027-01-04
last = 2027-01-{last:02}
[[periods]]
id = "jour"
start = "08:00"
end = "16:00"
[[posts]]
id = "a"
periods = ["jour"]
demand = {demand}
[rules]
no_two_nights_in_a_row = false
min_rest_after_night_hours = 0
min_rest_hours = 0
min_days_between_duties = 0
{rules}
[fairness]
worst_overload_weight = 0.0
categories = []
[[practitioners]]
id = "d01"
posts = ["a"]
limits = {{ {limits} }}
[[practitioners]]
id = "d02"
posts = ["a"]
limits = {{ {limits} }}
"#,
        last = 3 + days
    )
}

/// Plans `text` with both engines (a time limit far above what these instances
/// need) and asserts on the first level: both rosters pass the checker with `empty`
/// empty seats, both runs prove the level optimal at `W × empty`, and the
/// decomposition converged with its master's value at that optimum and a bound that
/// proves it. Returns that optimum.
fn first_level_bound_is_tight(text: &str, empty: u32) -> f64 {
    let instance = parse("dw.toml", text).unwrap_or_else(|e| panic!("{e}"));
    let duties = gardes::duties::expand(&instance).unwrap_or_else(|e| panic!("{e}"));
    let model = gardes::model::build(&instance, &duties);
    assert!(
        !model.start.iter().any(|&on| on),
        "a general instance (no greedy start)"
    );
    let solve = |engine| {
        let options = SolveOptions {
            time_limit: 120.0,
            ..options(engine)
        };
        let plan = plan(&instance, &options).unwrap_or_else(|e| panic!("{engine:?}: {e}"));
        assert!(plan.check.is_valid(), "{engine:?}");
        assert_eq!(plan.check.uncovered_seats, empty, "{engine:?}");
        plan
    };
    let (compact, decomposition) = (solve(Engine::Compact), solve(Engine::Decomposition));
    let optimum = compact.coverage_weight * f64::from(empty);
    let tolerance = TOLERANCE * optimum.abs().max(1.0);
    for plan in [&compact, &decomposition] {
        let level = &plan.outcome.levels[0];
        assert_eq!(level.status, Status::Optimal, "{level:?}");
        assert!((level.objective - optimum).abs() <= tolerance, "{level:?}");
    }
    let level = &decomposition.outcome.levels[0];
    let report = level
        .decomposition
        .as_ref()
        .unwrap_or_else(|| panic!("no decomposition: {level:?}"));
    assert_eq!((report.blocks, report.converged), (2, true), "{report:?}");
    // At convergence the master's value is the Dantzig–Wolfe bound, here the optimum.
    let master = report.master_value.unwrap_or_else(|| panic!("{report:?}"));
    assert!(
        (master - optimum).abs() <= tolerance,
        "{master} against {optimum}: {report:?}"
    );
    // The bound reported is valid, and proves the level optimal by itself (within the
    // freeze margin, as `freeze` reads it): the pricing problems' gaps (1e-6 each) may
    // keep it a little under the master's value.
    let bound = report
        .bound
        .unwrap_or_else(|| panic!("no bound: {report:?}"));
    assert!(
        bound <= optimum + tolerance,
        "{bound} against {optimum}: {report:?}"
    );
    assert!(
        optimum - bound <= FREEZE_MARGIN,
        "{bound} against {optimum}: {report:?}"
    );
    optimum
}

/// Three dates, demand 2, nobody works more than two dates in a row: each practitioner
/// covers at most 2 of the 6 seats, so 2 stay empty. The compact relaxation is exact
/// here as well (its windows are an interval matrix); the decomposition's bound must
/// be that optimum.
#[test]
fn decomposition_bound_is_the_optimum_under_a_maximum_run() {
    let text = two_practitioners(3, 2, "", "max_consecutive_days = 2");
    first_level_bound_is_tight(&text, 2);
}

/// Three dates, demand 1, runs of exactly two dates counted at the horizon's ends too:
/// each practitioner works nothing, dates 1–2 or dates 2–3, both through date 2, whose
/// one seat only one of them may take, so 1 seat stays empty, and every convex
/// combination of schedules covers at most 2 seats (each unit of date 2 brings two):
/// the Dantzig–Wolfe bound is that optimum. The compact relaxation is weak: with
/// `w = (½, ½, ½)` for both, the start implications (`w₁ ≤ w₂`, `w₂ ≤ w₁ + w₃`,
/// `w₃ ≤ w₂`) and the windows hold and every seat is covered, a bound of 0.
#[test]
fn decomposition_closes_a_weak_relaxation_of_minimum_runs() {
    let text = two_practitioners(
        3,
        1,
        "exempt_runs_at_horizon_ends = false",
        "min_consecutive_days = 2, max_consecutive_days = 2",
    );
    first_level_bound_is_tight(&text, 1);
}

/// Four dates, demand 1, never two dates in a row and runs off of two dates at least
/// (those at the ends exempt): a practitioner works dates 1 and 4, or a single date,
/// so with date 1 and 4 taken by one the other covers one of dates 2–3, and 1 seat
/// stays empty; a convex combination covers `a + b + 2 ≤ 3` seats (`a`, `b` the weights
/// of {1, 4}, which share dates 1 and 4): the Dantzig–Wolfe bound is the optimum. The
/// compact relaxation is weak: `w = ½` everywhere keeps `w_d + w_{d+1} ≤ 1` and
/// `w_{d−1} − w_d + w_{d+1} ≤ 1` and covers every seat, a bound of 0.
#[test]
fn decomposition_closes_a_weak_relaxation_of_minimum_days_off() {
    let text = two_practitioners(
        4,
        1,
        "",
        "max_consecutive_days = 1, min_consecutive_days_off = 2",
    );
    first_level_bound_is_tight(&text, 1);
}

// ---------------------------------------------------------------------------------
// Regressions: instances on which the properties above failed.

/// A property's result on a fixed instance: it holds and was verified.
fn replay(text: &str, general: bool) {
    match compare_engines(text, general, &Counts::default()) {
        Ok(Verdict::Verified) => {}
        Ok(Verdict::Unproven(why)) => panic!("not proven optimal: {why}"),
        Err(e) => panic!("{e}"),
    }
}

/// Regression of an engine bug, fixed (found by `decomposition_bound_general` on its 800-case run, then
/// reduced): the first level's optimum is 1.999998 (both engines prove it; fairness,
/// no seat empty), yet the decomposition reports a bound of 2.0. Its last round, at
/// the master's own duals, priced nothing out and gave a Lagrangian bound of
/// 1.9999708, which is valid; but "converged" then raised the bound to the restricted
/// master's value 2.0, which is a bound only if no column has a negative reduced cost,
/// while a column counts as pricing out only below `−1e-7 × scale` (`scale` the
/// largest cost, here the coverage weight): a column of reduced cost about −2e-6 was
/// left out. The engine now keeps the round's Lagrangian bound at convergence.
#[test]
fn regression_bound_at_convergence_above_the_optimum() {
    replay(
        r#"
name = "prop"
[horizon]
first = 2027-03-26
last = 2027-03-27
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "a"
periods = ["nuit"]
demand = 1
weekend_bundle = false
under_cover_weight = 3
[rules]
no_two_nights_in_a_row = false
min_rest_after_night_hours = 0
min_rest_hours = 0
min_days_between_duties = 0
exempt_runs_at_horizon_ends = false
[fairness]
worst_overload_weight = 0.0
[[practitioners]]
id = "d00"
posts = ["a"]
share = 1.0
history = { weekend = 0 }
limits = { min_consecutive_days_off = 2 }
unavailable = [{ date = 2027-03-27 }]
wishes = []
[[practitioners]]
id = "d01"
posts = ["a"]
share = 1.0
history = { weekend = 0 }
limits = { max_consecutive_days = 2 }
unavailable = [{ from = 2027-03-26, to = 2027-03-26 }]
wishes = []
[[practitioners]]
id = "d02"
posts = ["a"]
share = 1.0
history = { weekend = 0 }
unavailable = [{ from = 2027-03-26, to = 2027-03-26 }]
wishes = []
[[practitioners]]
id = "d03"
posts = ["a"]
share = 0.5
history = { weekend = 1 }
unavailable = []
wishes = []
"#,
        true,
    );
}

/// Two centres on two nights, d01 and d02 (tests/rules.rs
/// `continuity_keeps_one_doctor_per_post`), with or without a continuity weight.
fn continuity_nights(weight: &str) -> String {
    format!(
        r#"
name = "dw"
[horizon]
first = 2027-01-04
last = 2027-01-05
[rules]
no_two_nights_in_a_row = false
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "a"
periods = ["nuit"]
{weight}
[[posts]]
id = "b"
periods = ["nuit"]
{weight}
[[practitioners]]
id = "d01"
posts = ["a", "b"]
wishes = [{{ on = {{ post = "a", period = "nuit", date = 2027-01-04 }}, weight = 2 }}, {{ on = {{ post = "b", period = "nuit", date = 2027-01-05 }} }}]
[[practitioners]]
id = "d02"
posts = ["a", "b"]
"#
    )
}

/// docs/model.md, "Travel and continuity": a continuity column `c_{p,q}` shares its
/// rows with `p`'s binaries only, so it joins `p`'s block and its rows are block rows:
/// the preference level has as many linking rows with the weight as without. The
/// decomposition reaches the compact model's roster and optimum.
#[test]
fn continuity_columns_join_their_practitioner_s_block() {
    let run = |weight: &str, engine| {
        let instance = parse("dw.toml", &continuity_nights(weight)).unwrap();
        let options = SolveOptions {
            time_limit: 120.0,
            ..options(engine)
        };
        let plan = plan(&instance, &options).unwrap_or_else(|e| panic!("{engine:?}: {e}"));
        assert!(plan.check.is_valid());
        let roster = plan.roster.as_table(&instance, &plan.duties);
        let last = plan.outcome.levels.last().cloned().unwrap();
        (roster, last)
    };
    let (compact, compact_level) = run("continuity_weight = 1", Engine::Compact);
    let (roster, level) = run("continuity_weight = 1", Engine::Decomposition);
    let (_, without) = run("", Engine::Decomposition);
    assert_eq!(roster, compact);
    assert_eq!(level.status, Status::Optimal, "{level:?}");
    assert!(
        (level.objective - compact_level.objective).abs() <= TOLERANCE,
        "{level:?}"
    );
    let with = level
        .decomposition
        .clone()
        .unwrap_or_else(|| panic!("{level:?}"));
    let without = without
        .decomposition
        .clone()
        .unwrap_or_else(|| panic!("{without:?}"));
    assert_eq!(with.blocks, 2, "{with:?}");
    assert_eq!(
        with.linking_rows, without.linking_rows,
        "{with:?} {without:?}"
    );
}
