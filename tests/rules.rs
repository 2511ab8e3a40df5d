//! One test per rule of the model (docs/rules.md), each on a tiny instance whose
//! optimal roster is unique and asserted whole. Most tests solve twice, with the rule
//! off and on, to show that it is the rule that changes the roster. Every roster also
//! passes the independent checker (`plan` refuses one that does not).

use gardes::instance::parse;
use gardes::plan::plan;
use gardes::solve::{SolveOptions, Status};

/// Periods and defaults shared by the tiny instances: one sector `a`, weeknights
/// 20:00→08:00, no spacing, no fairness history, the default categories.
const BASE: &str = r#"
name = "tiny"
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
"#;

/// Solves `BASE` + `rules` + `extra` and returns the roster as a table.
fn solve_tiny(extra: &str) -> String {
    solve_text(&format!("{BASE}{extra}"))
}

fn solve_text(text: &str) -> String {
    let instance = parse("tiny.toml", text).unwrap_or_else(|e| panic!("{e}"));
    let plan = plan(&instance, &SolveOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.outcome.status, Status::Optimal);
    assert!(plan.check.is_valid());
    plan.roster.as_table(&instance, &plan.duties)
}

/// PDSA.md §7.2: nobody holds two nights in a row. d01 wishes both nights; d02 can
/// only do Tuesday. Fairness is indifferent (targets 1.5 and 0.5), so without the rule
/// d01 takes both.
#[test]
fn no_two_nights_in_a_row() {
    let people = r#"
[[practitioners]]
id = "d01"
posts = ["a"]
wishes = [{ on = { post = "a", period = "nuit", date = 2027-01-04 } }, { on = { post = "a", period = "nuit", date = 2027-01-05 } }]
[[practitioners]]
id = "d02"
posts = ["a"]
unavailable = [{ post = "a", period = "nuit", date = 2027-01-04 }]
"#;
    let horizon = "[horizon]\nfirst = 2027-01-04\nlast = 2027-01-05\n";
    let base = BASE.replace(
        "[horizon]\nfirst = 2027-01-04\nlast = 2027-01-06\n",
        horizon,
    );
    insta::assert_snapshot!(solve_text(&format!("{base}[rules]\nno_two_nights_in_a_row = false\n{people}")), @r"
    2027-01-04 nuit a d01
    2027-01-05 nuit a d01
    ");
    insta::assert_snapshot!(solve_text(&format!("{base}[rules]\nno_two_nights_in_a_row = true\n{people}")), @r"
    2027-01-04 nuit a d01
    2027-01-05 nuit a d02
    ");
}

/// Three people, three nights: d01 wishes Monday and Wednesday, d02 can only do
/// Wednesday and d03 only Tuesday. Fairness is indifferent between d01 and d02 on
/// Wednesday, so a rule that keeps d01 off Wednesday gives it to d02.
const THREE_NIGHTS: &str = r#"
[[practitioners]]
id = "d01"
posts = ["a"]
unavailable = [{ post = "a", period = "nuit", date = 2027-01-05 }]
wishes = [{ on = { date = 2027-01-04 } }, { on = { post = "a", period = "nuit", date = 2027-01-06 } }]
[[practitioners]]
id = "d02"
posts = ["a"]
unavailable = [{ post = "a", period = "nuit", date = 2027-01-04 }, { post = "a", period = "nuit", date = 2027-01-05 }]
[[practitioners]]
id = "d03"
posts = ["a"]
unavailable = [{ post = "a", period = "nuit", date = 2027-01-04 }, { post = "a", period = "nuit", date = 2027-01-06 }]
"#;

fn three_nights(rules: &str) -> String {
    solve_tiny(&format!("[rules]\n{rules}\n{THREE_NIGHTS}"))
}

/// Without any rule, d01 gets both nights it wishes.
#[test]
fn without_rules_wishes_decide() {
    insta::assert_snapshot!(three_nights(""), @r"
    2027-01-04 nuit a d01
    2027-01-05 nuit a d03
    2027-01-06 nuit a d01
    ");
}

/// One practitioner, d01, alone on five nights that straddle both an ISO week boundary
/// (Sunday 27 June | Monday 28 June 2027) and a month boundary (Wednesday 30 June |
/// Thursday 1 July), so that a spacing, a weekly, a monthly and a horizon maximum each
/// leave a different set of nights. Coverage comes first (as many nights as the rule
/// allows), then d01's wishes (weights 1, 1, 3, 2, 1) pick which ones; no fairness.
/// Each rule's roster is unique and differs from every other's below, so a rule wired
/// to a sibling's constraint (or to none) gets the sibling's roster and fails.
const FIVE_NIGHTS: &str = r#"
name = "tiny"
[horizon]
first = 2027-06-27
last = 2027-07-01
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "a"
periods = ["nuit"]
[fairness]
categories = []
[[practitioners]]
id = "d01"
posts = ["a"]
wishes = [
  { on = { date = 2027-06-27 }, weight = 1 },
  { on = { date = 2027-06-28 }, weight = 1 },
  { on = { date = 2027-06-29 }, weight = 3 },
  { on = { date = 2027-06-30 }, weight = 2 },
  { on = { date = 2027-07-01 }, weight = 1 },
]
"#;

/// Solves `FIVE_NIGHTS` with `no_two_nights_in_a_row` off and `rules` added.
fn five_nights(rules: &str) -> String {
    solve_text(&FIVE_NIGHTS.replace(
        "[fairness]",
        &format!("[rules]\nno_two_nights_in_a_row = false\n{rules}\n[fairness]"),
    ))
}

/// Without spacing or maximum d01 holds all five nights: the roster each test below
/// must differ from, so that a rule which constrains nothing fails.
#[test]
fn five_nights_without_rules() {
    insta::assert_snapshot!(five_nights(""), @r"
    2027-06-27 nuit a d01
    2027-06-28 nuit a d01
    2027-06-29 nuit a d01
    2027-06-30 nuit a d01
    2027-07-01 nuit a d01
    ");
}

/// PDSA.md §7.2, customary spacing: duties on different dates at least k days apart.
/// With k = 3, d01 holds two nights (Sunday and Wednesday, the heaviest pair 3 days
/// apart). Catches spacing wired off by one (k = 2 would give Sunday, Tuesday,
/// Thursday; k = 4 Sunday and Thursday), read as two nights in a row (k = 2 again),
/// or wired as a weekly or monthly maximum (the rosters of the next two tests).
#[test]
fn min_days_between_duties() {
    insta::assert_snapshot!(five_nights("min_days_between_duties = 3"), @r"
    2027-06-27 nuit a d01
    2027-06-28 nuit a -
    2027-06-29 nuit a -
    2027-06-30 nuit a d01
    2027-07-01 nuit a -
    ");
}

/// A personal spacing replaces the rules' (rule 6): with the rules' 3 days, d01's
/// `limits = { min_days_between_duties = 0 }` gives back all five nights (the roster
/// without rules), and a personal 3 against the rules' 0 gives the roster of the rules'
/// 3.
#[test]
fn personal_min_days_between_duties() {
    let personal =
        |rules: &str, own: u32| {
            solve_text(&FIVE_NIGHTS.replace(
            "[fairness]",
            &format!("[rules]\nno_two_nights_in_a_row = false\n{rules}\n[fairness]"),
        ).replace(
            "posts = [\"a\"]\nwishes",
            &format!("posts = [\"a\"]\nlimits = {{ min_days_between_duties = {own} }}\nwishes"),
        ))
        };
    assert_eq!(personal("min_days_between_duties = 3", 0), five_nights(""));
    assert_eq!(
        personal("min_days_between_duties = 0", 3),
        five_nights("min_days_between_duties = 3")
    );
}

/// Spacing is per practitioner in the model's conflicts: over three nights with the
/// rules' 2 days, d01 (personal 0) holds Tuesday and Wednesday, while d02 (the rules'
/// 2) may not hold Monday and Tuesday, and gets Monday, its heavier wish (d02 cannot
/// do Wednesday). With d01 under the rules too, d01 may not hold both Tuesday and
/// Wednesday, and coverage makes d02 take Tuesday; with everyone at 0, d02 takes both
/// wishes. Three rosters, each unique: a model spacing everyone by the widest value, or
/// by none, fails.
#[test]
fn spacing_is_per_practitioner() {
    let text = |own: &str| {
        format!(
            r#"{BASE}
[rules]
no_two_nights_in_a_row = false
min_days_between_duties = 2
[fairness]
categories = []
[[practitioners]]
id = "d01"
posts = ["a"]
{own}
[[practitioners]]
id = "d02"
posts = ["a"]
unavailable = [{{ post = "a", period = "nuit", date = 2027-01-06 }}]
wishes = [
  {{ on = {{ post = "a", period = "nuit", date = 2027-01-04 }}, weight = 2 }},
  {{ on = {{ post = "a", period = "nuit", date = 2027-01-05 }}, weight = 1 }},
]
"#
        )
    };
    insta::assert_snapshot!(solve_text(&text("limits = { min_days_between_duties = 0 }")), @r"
    2027-01-04 nuit a d02
    2027-01-05 nuit a d01
    2027-01-06 nuit a d01
    ");
    insta::assert_snapshot!(solve_text(&text("")), @r"
    2027-01-04 nuit a d01
    2027-01-05 nuit a d02
    2027-01-06 nuit a d01
    ");
    let everyone = text("limits = { min_days_between_duties = 0 }").replace(
        "unavailable = [",
        "limits = { min_days_between_duties = 0 }\nunavailable = [",
    );
    insta::assert_snapshot!(solve_text(&everyone), @r"
    2027-01-04 nuit a d02
    2027-01-05 nuit a d02
    2027-01-06 nuit a d01
    ");
}

/// A maximum per ISO week: one night in week 25 (Sunday), one in week 26 (Tuesday,
/// the heaviest wish). Catches a weekly maximum read as a monthly one (Tuesday and
/// Thursday, the next test), as one over the horizon (Tuesday alone), or not applied.
#[test]
fn max_per_week() {
    insta::assert_snapshot!(five_nights("max_per_week = 1"), @r"
    2027-06-27 nuit a d01
    2027-06-28 nuit a -
    2027-06-29 nuit a d01
    2027-06-30 nuit a -
    2027-07-01 nuit a -
    ");
}

/// A maximum per calendar month: one night in June (Tuesday), one in July (Thursday).
/// Catches a monthly maximum read as a weekly one (Sunday and Tuesday, the previous
/// test), as one over the horizon (Tuesday alone), or not applied.
#[test]
fn max_per_month() {
    insta::assert_snapshot!(five_nights("max_per_month = 1"), @r"
    2027-06-27 nuit a -
    2027-06-28 nuit a -
    2027-06-29 nuit a d01
    2027-06-30 nuit a -
    2027-07-01 nuit a d01
    ");
}

/// The sibling wirings the three tests above rely on: on the same five nights, a
/// maximum over the horizon and a spacing of 2 or 4 leave yet other rosters.
#[test]
fn five_nights_sibling_rules_differ() {
    let rosters = [
        five_nights(""),
        five_nights("min_days_between_duties = 3"),
        five_nights("max_per_week = 1"),
        five_nights("max_per_month = 1"),
        five_nights("max_per_horizon = 1"),
        five_nights("min_days_between_duties = 2"),
        five_nights("min_days_between_duties = 4"),
    ];
    for (i, a) in rosters.iter().enumerate() {
        for b in &rosters[i + 1..] {
            assert_ne!(a, b, "two rules leave the same roster");
        }
    }
}

/// A monthly maximum on the posts of one kind (`max_per_month_by_kind`): a PDSA sector
/// `a` and an MCS zone `m` (counted as required here) the same three nights; each of
/// d01 and d02 holds one of them every night. d01 wishes the MCS nights (weights 3,
/// 2 and 1) and gets all three; capped at one MCS on-call a month, d01 keeps Monday's and
/// takes the sector the other nights, three duties in the month either way.
#[test]
fn max_per_month_by_kind() {
    let text = |limits: &str| {
        format!(
            r#"{BASE}
[[posts]]
id = "m"
kind = "mcs"
periods = ["nuit"]
required = true
[rules]
no_two_nights_in_a_row = false
[[practitioners]]
id = "d01"
posts = ["a", "m"]
{limits}
wishes = [
  {{ on = {{ post = "m", period = "nuit", date = 2027-01-04 }}, weight = 3 }},
  {{ on = {{ post = "m", period = "nuit", date = 2027-01-05 }}, weight = 2 }},
  {{ on = {{ post = "m", period = "nuit", date = 2027-01-06 }}, weight = 1 }},
]
[[practitioners]]
id = "d02"
posts = ["a", "m"]
"#
        )
    };
    insta::assert_snapshot!(solve_text(&text("")), @r"
    2027-01-04 nuit a d02
    2027-01-04 nuit m d01
    2027-01-05 nuit a d02
    2027-01-05 nuit m d01
    2027-01-06 nuit a d02
    2027-01-06 nuit m d01
    ");
    insta::assert_snapshot!(solve_text(&text("limits = { max_per_month_by_kind = { mcs = 1 } }")), @r"
    2027-01-04 nuit a d02
    2027-01-04 nuit m d01
    2027-01-05 nuit a d01
    2027-01-05 nuit m d02
    2027-01-06 nuit a d01
    2027-01-06 nuit m d02
    ");
}

/// A maximum over the horizon, here as a personal limit.
#[test]
fn personal_max_per_horizon() {
    let text = THREE_NIGHTS.replacen(
        "posts = [\"a\"]\nunavailable = [{ post = \"a\", period = \"nuit\", date = 2027-01-05 }]",
        "posts = [\"a\"]\nlimits = { max_per_horizon = 1 }\nunavailable = [{ post = \"a\", period = \"nuit\", date = 2027-01-05 }]",
        1,
    );
    insta::assert_snapshot!(solve_tiny(&text), @r"
    2027-01-04 nuit a d01
    2027-01-05 nuit a d03
    2027-01-06 nuit a d02
    ");
}

/// Rest after a night: the Sunday day duty starts when the Saturday night ends. d01
/// wishes both; d02 can only do the Sunday day.
#[test]
fn rest_after_night() {
    let text = |rest: u32| {
        format!(
            r#"
name = "rest"
[horizon]
first = 2027-01-09
last = 2027-01-10
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
day_kinds = ["saturday"]
[[periods]]
id = "jour"
start = "08:00"
end = "20:00"
day_kinds = ["sunday"]
[[posts]]
id = "a"
periods = ["nuit", "jour"]
[rules]
min_rest_after_night_hours = {rest}
[[practitioners]]
id = "d01"
posts = ["a"]
wishes = [{{ on = {{ post = "a", period = "jour", date = 2027-01-10 }} }}]
[[practitioners]]
id = "d02"
posts = ["a"]
unavailable = [{{ date = 2027-01-09 }}]
"#
        )
    };
    // d02's unavailability on Saturday also blocks the Saturday night (it overlaps
    // Saturday); d01's wish on Sunday covers both duties (the night overlaps Sunday).
    insta::assert_snapshot!(solve_text(&text(0)), @r"
    2027-01-09 nuit a d01
    2027-01-10 jour a d01
    ");
    insta::assert_snapshot!(solve_text(&text(11)), @r"
    2027-01-09 nuit a d01
    2027-01-10 jour a d02
    ");
}

/// Two Saturday nights; d01 may work one weekend only, d02 only the second.
#[test]
fn max_weekends() {
    let text = |max: u32| {
        format!(
            r#"
name = "weekends"
[horizon]
first = 2027-01-09
last = 2027-01-16
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
day_kinds = ["saturday"]
[[posts]]
id = "a"
periods = ["nuit"]
[[practitioners]]
id = "d01"
posts = ["a"]
limits = {{ max_weekends = {max} }}
wishes = [{{ on = {{ date = 2027-01-09 }} }}, {{ on = {{ date = 2027-01-16 }} }}]
[[practitioners]]
id = "d02"
posts = ["a"]
unavailable = [{{ post = "a", period = "nuit", date = 2027-01-09 }}]
"#
        )
    };
    insta::assert_snapshot!(solve_text(&text(2)), @r"
    2027-01-09 nuit a d01
    2027-01-16 nuit a d01
    ");
    insta::assert_snapshot!(solve_text(&text(1)), @r"
    2027-01-09 nuit a d01
    2027-01-16 nuit a d02
    ");
}

/// PDSA.md §7.2: one person holds a sector's whole weekend. Fairness alone splits the
/// two nights; with the bundle, d01 (who wishes Sunday most) holds both, and the rest
/// and two-nights rules do not apply inside the bundle.
#[test]
fn weekend_bundle() {
    let text = |bundle: bool| {
        format!(
            r#"
name = "bundle"
[horizon]
first = 2027-01-09
last = 2027-01-10
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "a"
periods = ["nuit"]
[rules]
weekend_bundle = {bundle}
[[practitioners]]
id = "d01"
posts = ["a"]
wishes = [{{ on = {{ post = "a", period = "nuit", date = 2027-01-09 }} }}, {{ on = {{ post = "a", period = "nuit", date = 2027-01-10 }}, weight = 2 }}]
[[practitioners]]
id = "d02"
posts = ["a"]
"#
        )
    };
    insta::assert_snapshot!(solve_text(&text(false)), @r"
    2027-01-09 nuit a d02
    2027-01-10 nuit a d01
    ");
    insta::assert_snapshot!(solve_text(&text(true)), @r"
    2027-01-09 nuit a d01
    2027-01-10 nuit a d01
    ");
}

/// A post's qualifications: only d01 holds `mcs`, and is unavailable on Tuesday, which
/// stays empty with the reason "everybody unavailable".
#[test]
fn qualification_and_reason_for_an_empty_seat() {
    let text = r#"
name = "mcs"
[horizon]
first = 2027-01-04
last = 2027-01-05
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "m"
kind = "mcs"
periods = ["nuit"]
qualifications = ["mcs"]
required = true # these tests count MCS seats as required seats
[rules]
no_two_nights_in_a_row = false
[[practitioners]]
id = "d01"
qualifications = ["mcs"]
posts = ["m"]
unavailable = [{ post = "m", period = "nuit", date = 2027-01-05 }]
[[practitioners]]
id = "d02"
posts = ["m"]
"#;
    let instance = parse("mcs.toml", text).unwrap_or_else(|e| panic!("{e}"));
    let plan = plan(&instance, &SolveOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!(plan.roster.as_table(&instance, &plan.duties), @r"
    2027-01-04 nuit m d01
    2027-01-05 nuit m -
    ");
    assert_eq!(plan.roster.uncovered.len(), 1);
    assert_eq!(
        plan.roster.uncovered[0].reason,
        gardes::roster::UncoveredReason::AllUnavailable
    );
}

/// Two posts at the same time: d01 alone may serve both. Not combinable: one stays
/// empty (d01 wishes post `a`). Combinable: d01 holds both, coverage first.
#[test]
fn overlap_unless_combinable() {
    let text = |combinable: &str| {
        format!(
            r#"
name = "overlap"
[horizon]
first = 2027-01-04
last = 2027-01-04
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "a"
periods = ["nuit"]
combinable_with = [{combinable}]
[[posts]]
id = "b"
periods = ["nuit"]
[[practitioners]]
id = "d01"
posts = ["a", "b"]
wishes = [{{ on = {{ post = "a", period = "nuit", date = 2027-01-04 }} }}]
"#
        )
    };
    insta::assert_snapshot!(solve_text(&text("")), @r"
    2027-01-04 nuit a d01
    2027-01-04 nuit b -
    ");
    insta::assert_snapshot!(solve_text(&text("\"b\"")), @r"
    2027-01-04 nuit a d01
    2027-01-04 nuit b d01
    ");
}

/// Targets follow shares: three nights, d01 full share, d02 half share → 2 and 1.
/// d02 wishes Tuesday.
#[test]
fn fairness_follows_shares() {
    insta::assert_snapshot!(solve_tiny(r#"
[[practitioners]]
id = "d01"
posts = ["a"]
[[practitioners]]
id = "d02"
posts = ["a"]
share = 0.5
wishes = [{ on = { date = 2027-01-05 } }]
"#), @r"
    2027-01-04 nuit a d01
    2027-01-05 nuit a d02
    2027-01-06 nuit a d01
    ");
}

/// A pledge is a share and a maximum: d01 pledges 2 nights and d02 one, so the targets
/// are 2 and 1 over three nights and d02 gets one of its two wished nights
/// (Wednesday, the heavier); with one night pledged each, a night stays empty (d01
/// keeps Tuesday, d02 Wednesday, and Monday is left).
#[test]
fn pledge_is_share_and_maximum() {
    let text = |first: u32, second: u32| {
        format!(
            r#"
[rules]
no_two_nights_in_a_row = false
[[practitioners]]
id = "d01"
posts = ["a"]
pledge = {first}
wishes = [{{ on = {{ post = "a", period = "nuit", date = 2027-01-05 }}, weight = 3 }}]
[[practitioners]]
id = "d02"
posts = ["a"]
pledge = {second}
wishes = [
  {{ on = {{ post = "a", period = "nuit", date = 2027-01-04 }} }},
  {{ on = {{ post = "a", period = "nuit", date = 2027-01-06 }}, weight = 2 }},
]
"#
        )
    };
    insta::assert_snapshot!(solve_tiny(&text(2, 1)), @r"
    2027-01-04 nuit a d01
    2027-01-05 nuit a d01
    2027-01-06 nuit a d02
    ");
    insta::assert_snapshot!(solve_tiny(&text(1, 1)), @r"
    2027-01-04 nuit a -
    2027-01-05 nuit a d01
    2027-01-06 nuit a d02
    ");
}

/// History from earlier quarters moves targets: d01 already did two weeknights more
/// than d02, so over four nights the targets are 1 and 3 instead of 2 and 2.
#[test]
fn history_corrects_targets() {
    let text = BASE.replace("last = 2027-01-06", "last = 2027-01-07");
    insta::assert_snapshot!(solve_text(&format!(r#"{text}
[rules]
no_two_nights_in_a_row = false
[[practitioners]]
id = "d01"
posts = ["a"]
history = {{ semaine = 2 }}
wishes = [{{ on = {{ post = "a", period = "nuit", date = 2027-01-07 }} }}]
[[practitioners]]
id = "d02"
posts = ["a"]
"#)), @r"
    2027-01-04 nuit a d02
    2027-01-05 nuit a d02
    2027-01-06 nuit a d02
    2027-01-07 nuit a d01
    ");
}

/// MCS on-calls of one zone, Monday 4 to Wednesday 6 January: d01 may hold the three
/// nights, d02 only Monday and Tuesday; each may hold one night in all, so two of the
/// three seats are filled whatever the roster. d01 wishes Wednesday, d02 Monday.
/// The one night is a per-period maximum, not `max_per_horizon`, so that the shares are
/// not capped (docs/rules.md, "Maxima and targets"; tests/check.rs has a capped case).
fn mcs_three_nights(targets: &str) -> String {
    solve_text(&format!(
        r#"
name = "mcs"
[horizon]
first = 2027-01-04
last = 2027-01-06
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "m"
kind = "mcs"
periods = ["nuit"]
[rules]
no_two_nights_in_a_row = false
max_per_period = {{ nuit = 1 }}
[[fairness.categories]]
id = "mcs"
post_kinds = ["mcs"]
{targets}
[[practitioners]]
id = "d01"
posts = ["m"]
wishes = [{{ on = {{ post = "m", period = "nuit", date = 2027-01-06 }} }}]
[[practitioners]]
id = "d02"
posts = ["m"]
unavailable = [{{ post = "m", period = "nuit", date = 2027-01-06 }}]
wishes = [{{ on = {{ post = "m", period = "nuit", date = 2027-01-04 }} }}]
"#
    ))
}

/// Targets relative to the seats filled (docs/rules.md, level 2, `targets = "filled"`,
/// the default of a category of optional posts only). Of the demand, the targets are
/// constants, d01 2 (half of Monday and Tuesday, all of Wednesday) and d02 1; loads are
/// 1 and 1 in every roster, so fairness is indifferent and the wishes give d01
/// Wednesday. Of the seats filled, filling Wednesday makes the targets 1.5 and 0.5
/// (d02 half a night above), while filling Monday and Tuesday makes them 1 and 1, met
/// exactly: d01 gives up their wish and takes Tuesday.
#[test]
fn fairness_targets_follow_the_seats_filled() {
    insta::assert_snapshot!(mcs_three_nights(r#"targets = "demand""#), @r"
    2027-01-04 nuit m d02
    2027-01-06 nuit m d01
    ");
    insta::assert_snapshot!(mcs_three_nights(""), @r"
    2027-01-04 nuit m d02
    2027-01-05 nuit m d01
    ");
}

/// Coverage dominates fairness: d01's history makes its target zero, but d02 cannot do
/// Monday, so d01 still covers it.
#[test]
fn coverage_dominates_fairness() {
    insta::assert_snapshot!(solve_tiny(r#"
[rules]
no_two_nights_in_a_row = false
[[practitioners]]
id = "d01"
posts = ["a"]
history = { semaine = 30 }
[[practitioners]]
id = "d02"
posts = ["a"]
unavailable = [{ post = "a", period = "nuit", date = 2027-01-04 }]
"#), @r"
    2027-01-04 nuit a d01
    2027-01-05 nuit a d02
    2027-01-06 nuit a d02
    ");
}

/// Fairness dominates wishes: d01 wishes every night with a large weight, yet the
/// nights are shared; the wishes only choose which of them d01 gets.
#[test]
fn fairness_dominates_wishes() {
    let text = BASE.replace("last = 2027-01-06", "last = 2027-01-05");
    insta::assert_snapshot!(solve_text(&format!(r#"{text}
[rules]
no_two_nights_in_a_row = false
[[practitioners]]
id = "d01"
posts = ["a"]
wishes = [{{ on = {{ date = 2027-01-04 }}, weight = 100 }}, {{ on = {{ date = 2027-01-05 }}, weight = 50 }}]
[[practitioners]]
id = "d02"
posts = ["a"]
"#)), @r"
    2027-01-04 nuit a d01
    2027-01-05 nuit a d02
    ");
}

/// An unavailable day blocks every duty that overlaps it, including the night before
/// that ends on its morning: d01 is away on Tuesday and cannot take Monday's night,
/// though it wishes it.
#[test]
fn unavailability_blocks_overlapping_duties() {
    insta::assert_snapshot!(solve_tiny(r#"
[rules]
no_two_nights_in_a_row = false
[[practitioners]]
id = "d01"
posts = ["a"]
unavailable = [{ date = 2027-01-05 }]
wishes = [{ on = { date = 2027-01-04 }, weight = 5 }, { on = { date = 2027-01-06 } }]
[[practitioners]]
id = "d02"
posts = ["a"]
"#), @r"
    2027-01-04 nuit a d02
    2027-01-05 nuit a d02
    2027-01-06 nuit a d01
    ");
}

/// An "off" wish is granted when fairness does not care: d01 asks Tuesday off.
#[test]
fn off_wish_is_granted_when_free() {
    insta::assert_snapshot!(solve_tiny(r#"
[rules]
no_two_nights_in_a_row = false
[[practitioners]]
id = "d01"
posts = ["a"]
share = 0.5
wishes = [{ off = { date = 2027-01-05 } }, { off = { date = 2027-01-06 } , weight = 2 }]
[[practitioners]]
id = "d02"
posts = ["a"]
"#), @r"
    2027-01-04 nuit a d01
    2027-01-05 nuit a d02
    2027-01-06 nuit a d02
    ");
}

/// Deep night (PDSA.md §1.4) is a separate, switchable period that belongs to the
/// evening's date; switched off, its duties disappear.
#[test]
fn deep_night_switch() {
    let text = |on: bool| {
        format!(
            r#"
name = "deep"
[horizon]
first = 2027-01-04
last = 2027-01-04
[calendar]
deep_night = {on}
[[periods]]
id = "soir"
start = "20:00"
end = "24:00"
[[periods]]
id = "profonde"
start = "00:00"
end = "08:00"
after_midnight = true
deep_night = true
[[posts]]
id = "a"
periods = ["soir", "profonde"]
[[practitioners]]
id = "d01"
posts = ["a"]
"#
        )
    };
    insta::assert_snapshot!(solve_text(&text(true)), @r"
    2027-01-04 soir a d01
    2027-01-04 profonde a d01
    ");
    insta::assert_snapshot!(solve_text(&text(false)), @"2027-01-04 soir a d01");
}

/// The bridge Saturday 2 January 2027 (after New Year's Day, PDSA.md §2.4) is covered
/// from 08:00 like a holiday, and has no separate Saturday-afternoon duty.
#[test]
fn bridge_saturday_is_covered_all_day() {
    let text = r#"
name = "bridge"
[horizon]
first = 2027-01-01
last = 2027-01-03
[[periods]]
id = "samedi"
start = "12:00"
end = "20:00"
day_kinds = ["saturday"]
[[periods]]
id = "jour"
start = "08:00"
end = "20:00"
day_kinds = ["sunday", "holiday", "bridge"]
[[posts]]
id = "a"
periods = ["samedi", "jour"]
[[practitioners]]
id = "d01"
posts = ["a"]
"#;
    insta::assert_snapshot!(solve_text(text), @r"
    2027-01-01 jour a d01
    2027-01-02 jour a d01
    2027-01-03 jour a d01
    ");
}

/// The greedy roster that starts the first level breaks no hard rule: on the bundled
/// Lozère quarter, the independent checker accepts it as it is. The swap search on
/// wishes then keeps it valid, keeps coverage and fairness exactly, and lowers the wish
/// penalty.
#[test]
fn greedy_start_and_wish_swaps_respect_every_rule() {
    use gardes::roster::{Assignment, Roster};
    let instance = gardes::instance::load(std::path::Path::new("instances/lozere-2027-q1.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let duties = gardes::duties::expand(&instance).unwrap();
    let model = gardes::model::build(&instance, &duties);
    let check = |chosen: &[bool]| {
        let mut assignments = Vec::new();
        for (a, &on) in model.assign.iter().zip(chosen) {
            if on {
                for &d in &model.units[a.unit.get()].duties {
                    assignments.push(Assignment {
                        duty: d,
                        practitioner: a.prac,
                    });
                }
            }
        }
        assignments.sort();
        assert!(
            assignments.len() > duties.len() / 2,
            "the roster is nearly empty"
        );
        let roster = Roster {
            assignments,
            uncovered: Vec::new(),
        };
        let report = gardes::check::check(&instance, &duties, &roster.records(&instance, &duties));
        assert!(
            report.is_valid(),
            "{}",
            gardes::labels::check::render_report(&report, &instance)
        );
        report
    };
    let before = check(&model.start);
    let swapped = gardes::model::improve_preferences(
        &instance,
        &duties,
        &model.units,
        &model.assign,
        &model.start,
        None,
    );
    let after = check(&swapped);
    assert_eq!(after.uncovered_seats, before.uncovered_seats);
    assert!(gardes::check::figures_agree(
        after.fairness.value,
        before.fairness.value
    ));
    assert!(
        after.preferences.value < before.preferences.value,
        "{} then {}",
        before.preferences.value,
        after.preferences.value
    );
}

/// Issue 16: a demand above the people who may serve the post. Three nights of demand
/// 3 for d01 and d02, who may not hold two nights in a row: the unique optimum has both
/// on Monday and Wednesday, Tuesday empty. The seat of each night nobody can fill and
/// the part of the targets (4.5 nights each) nobody can reach are constants outside
/// HiGHS's model; the levels, with them added back, are the checker's.
#[test]
fn demand_above_the_candidates_keeps_the_optimum() {
    let text = format!(
        "{}demand = 3\n[[practitioners]]\nid = \"d01\"\nposts = [\"a\"]\n\
         [[practitioners]]\nid = \"d02\"\nposts = [\"a\"]\n",
        BASE
    );
    let instance = parse("tiny.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    let plan = plan(&instance, &SolveOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.outcome.status, Status::Optimal);
    insta::assert_snapshot!(plan.roster.as_table(&instance, &plan.duties), @r"
    2027-01-04 nuit a -
    2027-01-04 nuit a d01
    2027-01-04 nuit a d02
    2027-01-05 nuit a -
    2027-01-05 nuit a -
    2027-01-05 nuit a -
    2027-01-06 nuit a -
    2027-01-06 nuit a d01
    2027-01-06 nuit a d02
    ");
    // 1 + 3 + 1 empty seats; loads 2 against targets 4.5: F = 2 × 2.5.
    assert_eq!(plan.check.uncovered_seats, 5);
    assert!((plan.check.fairness.value - 5.0).abs() < 1e-9);
    let names: Vec<&str> = plan.levels.iter().map(|l| l.0.as_str()).collect();
    assert_eq!(names, ["coverage_fairness", "preferences"]);
    // W = ⌈F_max⌉ + 1 = 7 on the capped targets (3 each); the solver's values may
    // carry the freeze margin, as `plan` allows.
    let close =
        |a: f64, b: f64| (a - b).abs() <= 2.0 * gardes::solve::FREEZE_MARGIN + 1e-5 * b.abs();
    assert_eq!(plan.coverage_weight, 7.0);
    let first = plan.levels[0].1;
    assert!(
        close(first, plan.coverage_weight * 5.0 + 5.0),
        "{first} with W = {}",
        plan.coverage_weight
    );
    for (solver, checker) in plan.levels.iter().zip(&plan.checker_levels) {
        assert!(close(solver.1, checker.1), "{solver:?} {checker:?}");
    }
}

/// Issue 16: seat weights ten million apart make the weighted first level too large for
/// HiGHS's tolerances, so the empty seats are a level of their own (`seats`), then
/// fairness, then preferences. Two posts of one night each, two people who may hold
/// either but not both (they overlap): both seats filled, whatever the weights.
#[test]
fn a_split_first_level_still_fills_every_seat() {
    let text = "name = \"split\"\n[horizon]\nfirst = 2027-01-04\nlast = 2027-01-04\n\
        [[periods]]\nid = \"nuit\"\nstart = \"20:00\"\nend = \"08:00\"\n\
        [[posts]]\nid = \"a\"\nperiods = [\"nuit\"]\n\
        [[posts]]\nid = \"b\"\nperiods = [\"nuit\"]\nunder_cover_weight = 0.0000001\n\
        [[practitioners]]\nid = \"d01\"\nposts = [\"a\", \"b\"]\n\
        [[practitioners]]\nid = \"d02\"\nposts = [\"a\", \"b\"]\n\
        wishes = [{ on = { post = \"b\", period = \"nuit\", date = 2027-01-04 } }]\n";
    let instance = parse("split.toml", text).unwrap_or_else(|e| panic!("{e}"));
    let plan = plan(&instance, &SolveOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.outcome.status, Status::Optimal);
    let names: Vec<&str> = plan.levels.iter().map(|l| l.0.as_str()).collect();
    assert_eq!(names, ["seats", "fairness", "preferences"]);
    assert_eq!(plan.coverage_weight, 1.0);
    insta::assert_snapshot!(plan.roster.as_table(&instance, &plan.duties), @r"
    2027-01-04 nuit a d01
    2027-01-04 nuit b d02
    ");
    assert_eq!(plan.check.uncovered_seats, 0);
}

/// One night of a health centre at `centre` (45.0° N, 2.0° E); d01 lives at `first`
/// and d02 at `second`, among a place 0.1° north of the centre (about 11 km) and one
/// 1° north (about 111 km). Fairness is indifferent (targets 0.5 each, either holder
/// overloads by 0.5), so the kilometres of level 3 pick the holder.
fn travel_night(first: &str, second: &str) -> String {
    solve_text(&format!(
        r#"
name = "tiny"
places = [
  {{ id = "centre", lat = 45.0, lon = 2.0, population = 100 }},
  {{ id = "pres", lat = 45.1, lon = 2.0, population = 100 }},
  {{ id = "loin", lat = 46.0, lon = 2.0, population = 100 }},
]
[horizon]
first = 2027-01-04
last = 2027-01-04
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "a"
periods = ["nuit"]
place = "centre"
[[practitioners]]
id = "d01"
posts = ["a"]
place = "{first}"
[[practitioners]]
id = "d02"
posts = ["a"]
place = "{second}"
"#
    ))
}

/// docs/rules.md, level 3 "Travel": the volunteer who lives nearer holds the duty,
/// whoever comes first in the file.
#[test]
fn travel_picks_the_nearer_volunteer() {
    insta::assert_snapshot!(travel_night("loin", "pres"), @"2027-01-04 nuit a d02");
    insta::assert_snapshot!(travel_night("pres", "loin"), @"2027-01-04 nuit a d01");
}

/// Two centres `a` and `b` (same night, not combinable) on two nights, d01 and d02:
/// every roster gives each of them one duty a night, so coverage and fairness are
/// indifferent. d01 wishes `a` on Monday (weight 2) and `b` on Tuesday (weight 1).
/// Without continuity both wishes are granted, and each centre sees both doctors;
/// with a continuity weight of 1 per doctor on each centre, one doctor per centre
/// (cost 2, the lighter wish refused: 3) beats four (cost 4).
fn continuity_nights(weight: &str) -> String {
    solve_text(&format!(
        r#"
name = "tiny"
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
    ))
}

/// docs/rules.md, level 3 "Continuity": one doctor takes both nights of a centre
/// instead of two.
#[test]
fn continuity_keeps_one_doctor_per_post() {
    insta::assert_snapshot!(continuity_nights(""), @r"
    2027-01-04 nuit a d01
    2027-01-04 nuit b d02
    2027-01-05 nuit a d02
    2027-01-05 nuit b d01
    ");
    insta::assert_snapshot!(continuity_nights("continuity_weight = 1"), @r"
    2027-01-04 nuit a d01
    2027-01-04 nuit b d02
    2027-01-05 nuit a d01
    2027-01-05 nuit b d02
    ");
}

/// A week from Monday 08:00 to Saturday 12:00 (`end_day = 5`, `weekdays = ["monday"]`,
/// docs/instance-format.md, "Periods of several days") on post `c`, and nights on some
/// weekdays (`NIGHTS`) on post `a`, from Monday 2027-01-04 to `LAST`. One fairness
/// category for every duty, so that fairness is indifferent to which duties one
/// practitioner holds.
const WEEKS: &str = r#"
name = "weeks"
[horizon]
first = 2027-01-04
last = LAST
[[periods]]
id = "semaine"
start = "08:00"
end = "12:00"
end_day = 5
weekdays = ["monday"]
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
weekdays = NIGHTS
[[posts]]
id = "c"
periods = ["semaine"]
[[posts]]
id = "a"
periods = ["nuit"]
[[fairness.categories]]
id = "toutes"
"#;

fn weeks(last: &str, nights: &str) -> String {
    WEEKS.replace("LAST", last).replace("NIGHTS", nights)
}

/// Overlap and unavailability on a week: one week and the Wednesday night inside it.
/// d01 wishes the night. With both free, d01 takes the night and d02 the week; when
/// d02 is off on Friday 8, a day inside the week dated Monday 4, d01 must hold the
/// week and so cannot hold the night inside it: d02 takes it.
#[test]
fn a_week_is_one_duty_over_its_days() {
    let base = weeks("2027-01-10", r#"["wednesday"]"#);
    let people = |off: &str| {
        format!(
            r#"
[[practitioners]]
id = "d01"
posts = ["c", "a"]
wishes = [{{ on = {{ post = "a", period = "nuit", date = 2027-01-06 }} }}]
[[practitioners]]
id = "d02"
posts = ["c", "a"]
unavailable = [{off}]
"#
        )
    };
    insta::assert_snapshot!(solve_text(&format!("{base}{}", people(""))), @r"
    2027-01-04 semaine c d02
    2027-01-06 nuit a d01
    ");
    insta::assert_snapshot!(
        solve_text(&format!("{base}{}", people("{ date = 2027-01-08 }"))),
        @r"
    2027-01-04 semaine c d01
    2027-01-06 nuit a d02
    ");
}

/// Rest and `max_per_week` on a week: d01 alone, wishing the Saturday night of the
/// first week (which ends at 12:00 that day) and the second week. Without the rules
/// d01 holds both weeks and both weekend nights between them.
#[test]
fn rest_and_maxima_see_a_week() {
    let base = weeks("2027-01-15", r#"["saturday", "sunday"]"#);
    let people = r#"
[[practitioners]]
id = "d01"
posts = ["c", "a"]
wishes = [{ on = { post = "a", period = "nuit", date = 2027-01-09 } }, { on = { post = "c", period = "semaine", date = 2027-01-11 } }]
"#;
    let solve = |rules: &str| {
        solve_text(&format!(
            "{base}[rules]\nmin_rest_after_night_hours = 0\nno_two_nights_in_a_row = false\n{rules}\n{people}"
        ))
    };
    insta::assert_snapshot!(solve(""), @r"
    2027-01-04 semaine c d01
    2027-01-09 nuit a d01
    2027-01-10 nuit a d01
    2027-01-11 semaine c d01
    ");
    // 8 hours between Saturday 12:00 and 20:00, none between the Sunday night and
    // Monday 08:00: a rest of 11 hours keeps two of the four, the two wished.
    insta::assert_snapshot!(solve("min_rest_hours = 11"), @r"
    2027-01-04 semaine c -
    2027-01-09 nuit a d01
    2027-01-10 nuit a -
    2027-01-11 semaine c d01
    ");
    // The first week and the nights of Saturday 9 and Sunday 10 share ISO week 1.
    insta::assert_snapshot!(solve("max_per_week = 1"), @r"
    2027-01-04 semaine c -
    2027-01-09 nuit a d01
    2027-01-10 nuit a -
    2027-01-11 semaine c d01
    ");
}

/// Spacing counts from a week's date: Monday 4 and Monday 11 are 7 days apart, so
/// `min_days_between_duties = 7` keeps both weeks and 8 keeps only the one wished.
#[test]
fn spacing_counts_from_a_week_s_date() {
    let base = weeks("2027-01-15", r#"["sunday"]"#);
    let people = r#"
[[practitioners]]
id = "d01"
posts = ["c"]
wishes = [{ on = { post = "c", period = "semaine", date = 2027-01-11 } }]
"#;
    let solve = |k: u32| {
        solve_text(&format!(
            "{base}[rules]\nmin_days_between_duties = {k}\n{people}"
        ))
    };
    insta::assert_snapshot!(solve(7), @r"
    2027-01-04 semaine c d01
    2027-01-10 nuit a -
    2027-01-11 semaine c d01
    ");
    insta::assert_snapshot!(solve(8), @r"
    2027-01-04 semaine c -
    2027-01-10 nuit a -
    2027-01-11 semaine c d01
    ");
}
