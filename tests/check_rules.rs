//! The checker on the general rules of staff rostering (docs/rules.md, rules 9 to 12,
//! and the weighted objective): forbidden successions, duties per period, counted
//! minutes, runs of worked dates and of dates off (with the horizon's ends), dated
//! demand, under- and over-cover. Every expected violation and figure is derived by
//! hand from tiny instances.

use gardes::check::{check, read_roster_csv, CheckReport, NoSuchDutyReason, Violation};
use gardes::duties::{expand, Duty};
use gardes::explain::explain_uncovered;
use gardes::instance::{parse, Instance};
use gardes::labels::check::held_back_text;
use gardes::roster::{Assignment, Binding, Roster, UncoveredReason};

/// One week, Monday 4 to Sunday 10 January 2027 (no holiday). Three periods of eight
/// hours: `E` 06–14, `L` 14–22 (not followed by `E`), `N` 22–06 (counts 600 minutes,
/// not followed by `E` nor `L`).
const WEEK: &str = r#"
name = "règles de travail"
horizon = { first = 2027-01-04, last = 2027-01-10 }
[[periods]]
id = "E"
start = "06:00"
end = "14:00"
[[periods]]
id = "L"
start = "14:00"
end = "22:00"
not_followed_by = ["E"]
[[periods]]
id = "N"
start = "22:00"
end = "06:00"
minutes = 600
not_followed_by = ["E", "L"]
"#;

/// Post `a` covers the three periods, `b` only `E` and `L`; one seat each: 21 + 14
/// duties.
const POSTS: &str = r#"
[[posts]]
id = "a"
periods = ["E", "L", "N"]
[[posts]]
id = "b"
periods = ["E", "L"]
"#;

/// No rest, no night rule: only the rules under test bind.
const RULES: &str = "[rules]\nmin_rest_after_night_hours = 0\nno_two_nights_in_a_row = false\n";

/// Three practitioners serving both posts.
const THREE: &str = r#"
[[practitioners]]
id = "d01"
posts = ["a", "b"]
[[practitioners]]
id = "d02"
posts = ["a", "b"]
[[practitioners]]
id = "d03"
posts = ["a", "b"]
"#;

const HEADER: &str = "date,post,period,start,end,practitioner_id,practitioner_name\n";

fn parsed(toml: &str) -> (Instance, Vec<Duty>) {
    let instance = match parse("regles.toml", toml) {
        Ok(i) => i,
        Err(d) => panic!("{}", d.render_plain()),
    };
    let duties = expand(&instance).unwrap();
    (instance, duties)
}

/// The week with these posts, these lines added to `[rules]`, and these practitioners.
fn week(posts: &str, rules: &str, practitioners: &str) -> (Instance, Vec<Duty>) {
    parsed(&format!("{WEEK}{posts}{RULES}{rules}\n{practitioners}"))
}

/// Checks rows `date,post,period,id`, one per line; the first is CSV line 2.
fn check_rows(instance: &Instance, duties: &[Duty], rows: &str) -> CheckReport {
    let mut text = HEADER.to_owned();
    for row in rows.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = row.split(',').collect();
        text.push_str(&format!("{},{},{},,,{},\n", f[0], f[1], f[2], f[3]));
    }
    let records = read_roster_csv("tableau.csv", &text).unwrap();
    check(instance, duties, &records)
}

/// The violations, one per line, in French.
fn said(report: &CheckReport) -> String {
    report
        .violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

// ---------------------------------------------------------------------------------
// Runs of worked dates and of dates off.

/// A one-day run on the first date and another on the last date are exempt from
/// `min_consecutive_days` by default (the dates beyond the horizon are unknown), and
/// violations when `exempt_runs_at_horizon_ends = false`.
#[test]
fn one_day_runs_at_the_horizon_ends() {
    let rows = "2027-01-04,a,E,d01\n2027-01-10,a,E,d01";
    let (instance, duties) = week(POSTS, "min_consecutive_days = 2", THREE);
    assert!(instance.rules.exempt_runs_at_horizon_ends);
    let report = check_rows(&instance, &duties, rows);
    assert!(report.is_valid(), "{}", said(&report));

    let (instance, duties) = week(
        POSTS,
        "min_consecutive_days = 2\nexempt_runs_at_horizon_ends = false",
        THREE,
    );
    let report = check_rows(&instance, &duties, rows);
    assert!(!report.is_valid());
    assert_eq!(
        said(&report),
        "ligne 2 : d01 ne travaille que 1 jour de suite (le 2027-01-04), au moins 2 jours de suite exigés\n\
         ligne 3 : d01 ne travaille que 1 jour de suite (le 2027-01-10), au moins 2 jours de suite exigés"
    );
    let d = |day| chrono::NaiveDate::from_ymd_opt(2027, 1, day).unwrap();
    assert!(matches!(
        &report.violations[0],
        Violation::MinConsecutiveDays { first, last, days: 1, limit: 2, lines, .. }
            if *first == d(4) && *last == d(4) && lines == &[2]
    ));
}

/// A one-day run inside the horizon breaks `min_consecutive_days = 2`, whatever the
/// exemption; a two-day run across two posts does not.
#[test]
fn a_short_interior_run() {
    let rows = "2027-01-06,a,E,d01\n2027-01-06,b,E,d02\n2027-01-07,b,E,d02";
    let expected = "ligne 2 : d01 ne travaille que 1 jour de suite (le 2027-01-06), \
                    au moins 2 jours de suite exigés";
    for exempt in ["true", "false"] {
        let rules = format!("min_consecutive_days = 2\nexempt_runs_at_horizon_ends = {exempt}");
        let (instance, duties) = week(POSTS, &rules, THREE);
        let report = check_rows(&instance, &duties, rows);
        assert_eq!(said(&report), expected, "exempt = {exempt}");
    }
}

/// `min_consecutive_days_off = 2`. d01 works 4–5 and 7–8: the day off on the 6th is a
/// short interior run; 9–10 touch the end and are two days anyway. d02 works the 5th
/// only: a one-day run off on the 4th, exempt by default, a violation otherwise. d03
/// holds nothing: one run off over the whole week, seven days.
#[test]
fn a_short_interior_run_off_and_one_at_the_start() {
    let rows = "
2027-01-04,a,E,d01
2027-01-05,a,E,d01
2027-01-07,a,E,d01
2027-01-08,a,E,d01
2027-01-05,b,E,d02";
    let interior = "d01 n'a que 1 jour de repos de suite (le 2027-01-06), \
                    au moins 2 jours de repos de suite exigés";
    let (instance, duties) = week(POSTS, "min_consecutive_days_off = 2", THREE);
    let report = check_rows(&instance, &duties, rows);
    assert_eq!(said(&report), interior);

    let (instance, duties) = week(
        POSTS,
        "min_consecutive_days_off = 2\nexempt_runs_at_horizon_ends = false",
        THREE,
    );
    let report = check_rows(&instance, &duties, rows);
    assert_eq!(
        said(&report),
        format!(
            "{interior}\nd02 n'a que 1 jour de repos de suite (le 2027-01-04), \
             au moins 2 jours de repos de suite exigés"
        )
    );
}

/// Without the exemption, someone without any duty has one run off as long as the
/// horizon, which breaks a minimum longer than the horizon.
#[test]
fn no_duty_is_one_run_off_over_the_horizon() {
    let (instance, duties) = week(
        POSTS,
        "min_consecutive_days_off = 8\nexempt_runs_at_horizon_ends = false",
        "[[practitioners]]\nid = \"d01\"\nposts = [\"a\"]\n",
    );
    let report = check_rows(&instance, &duties, "");
    assert_eq!(
        said(&report),
        "d01 n'a que 7 jours de repos de suite (du 2027-01-04 au 2027-01-10), \
         au moins 8 jours de repos de suite exigés"
    );
    // With the exemption (the default), the run touches both ends.
    let (instance, duties) = week(
        POSTS,
        "min_consecutive_days_off = 8",
        "[[practitioners]]\nid = \"d01\"\nposts = [\"a\"]\n",
    );
    assert!(check_rows(&instance, &duties, "").is_valid());
}

/// `max_consecutive_days = 3`: four days from the first date (d01) and four days to
/// the last (d03) break it, exemption or not; two runs of three (d02) do not.
#[test]
fn runs_of_max_plus_one_at_the_horizon_ends() {
    let rows = "
2027-01-04,a,E,d01
2027-01-05,a,E,d01
2027-01-06,a,E,d01
2027-01-07,a,E,d01
2027-01-04,b,E,d02
2027-01-05,b,E,d02
2027-01-06,b,E,d02
2027-01-08,b,E,d02
2027-01-09,b,E,d02
2027-01-10,b,E,d02
2027-01-07,a,L,d03
2027-01-08,a,L,d03
2027-01-09,a,L,d03
2027-01-10,a,L,d03";
    let expected = "lignes 2, 3, 4 et 5 : d01 travaille 4 jours de suite (du 2027-01-04 au 2027-01-07), maximum 3\n\
                    lignes 12, 13, 14 et 15 : d03 travaille 4 jours de suite (du 2027-01-07 au 2027-01-10), maximum 3";
    for exempt in ["true", "false"] {
        let rules = format!("max_consecutive_days = 3\nexempt_runs_at_horizon_ends = {exempt}");
        let (instance, duties) = week(POSTS, &rules, THREE);
        let report = check_rows(&instance, &duties, rows);
        assert_eq!(said(&report), expected, "exempt = {exempt}");
    }
}

// ---------------------------------------------------------------------------------
// Forbidden successions, duties per period, minutes.

/// `L` then `E` the next day is forbidden across two posts, and `N` then `L` too; `E`
/// then `L`, and `L` then `E` two days later, are not.
#[test]
fn forbidden_succession_across_two_posts() {
    let (instance, duties) = week(POSTS, "", THREE);
    let report = check_rows(
        &instance,
        &duties,
        "
2027-01-04,a,L,d01
2027-01-05,b,E,d01
2027-01-04,b,E,d02
2027-01-05,a,L,d02
2027-01-07,a,L,d02
2027-01-09,b,E,d02
2027-01-04,a,N,d03
2027-01-05,b,L,d03",
    );
    assert_eq!(
        said(&report),
        "lignes 2 et 3 : d01 est de garde L à a le 2027-01-04 puis E à b le 2027-01-05 : \
         une période E est interdite le lendemain d'une période L\n\
         lignes 8 et 9 : d03 est de garde N à a le 2027-01-04 puis L à b le 2027-01-05 : \
         une période L est interdite le lendemain d'une période N"
    );
    assert!(matches!(
        &report.violations[0],
        Violation::ForbiddenSuccession { first, second, .. }
            if first.duty.post.as_str() == "a" && second.duty.post.as_str() == "b"
    ));
}

/// `max_per_period = { E = 2 }` for everyone, `{ N = 0 }` for d01 on top: d01's one
/// night breaks it, two `E` do not; d02's three `E` break the common limit.
#[test]
fn max_per_period_zero_and_a_common_limit() {
    let practitioners = r#"
[[practitioners]]
id = "d01"
posts = ["a", "b"]
limits = { max_per_period = { N = 0 } }
[[practitioners]]
id = "d02"
posts = ["a", "b"]
"#;
    let (instance, duties) = week(POSTS, "max_per_period = { E = 2 }", practitioners);
    let report = check_rows(
        &instance,
        &duties,
        "
2027-01-04,a,N,d01
2027-01-04,a,E,d02
2027-01-05,b,E,d02
2027-01-06,a,E,d02
2027-01-08,b,E,d01
2027-01-09,b,E,d01",
    );
    assert_eq!(
        said(&report),
        "ligne 2 : d01 a 1 garde de période N, période qui lui est interdite (maximum 0)\n\
         lignes 3, 4 et 5 : d02 a 3 gardes de période E sur le tableau, maximum 2"
    );
}

/// `min_minutes = 1000`, `max_minutes = 1500`. d01 holds one `E` (480 min); d02 two
/// nights counted 600 each and one `E`: 1680, above the maximum although the true
/// length is 1440; d03 holds nothing but their own minimum is 0.
#[test]
fn minutes_min_and_max() {
    let practitioners = r#"
[[practitioners]]
id = "d01"
posts = ["a", "b"]
[[practitioners]]
id = "d02"
posts = ["a", "b"]
[[practitioners]]
id = "d03"
posts = ["a", "b"]
limits = { min_minutes = 0 }
"#;
    let (instance, duties) = week(
        POSTS,
        "min_minutes = 1000\nmax_minutes = 1500",
        practitioners,
    );
    let report = check_rows(
        &instance,
        &duties,
        "
2027-01-04,a,E,d01
2027-01-04,a,N,d02
2027-01-05,a,N,d02
2027-01-07,b,E,d02",
    );
    // Maxima come before minima.
    assert_eq!(
        said(&report),
        "d02 totalise 1680 min (28 h) de travail sur le tableau, maximum 1500 min (25 h)\n\
         d01 ne totalise que 480 min (8 h) de travail sur le tableau, minimum 1000 min (16 h 40)"
    );

    // Without d03's own limit, holding nothing is 0 minutes.
    let (instance, duties) = week(POSTS, "min_minutes = 1000", THREE);
    let report = check_rows(&instance, &duties, "");
    assert_eq!(report.violations.len(), 3);
    assert!(report.violations.iter().all(|v| matches!(
        v,
        Violation::MinMinutes {
            minutes: 0,
            limit: 1000,
            ..
        }
    )));
}

// ---------------------------------------------------------------------------------
// Demand, under- and over-cover, the weighted objective.

/// Post `a` allows over-cover (2.5 per extra person) and weighs its empty seats 10;
/// `b` allows neither. Two people on `a`'s `E` of the 4th: one extra seat, no
/// violation. Two on `b`'s `E` of the 5th: a violation, not counted as over-cover.
/// Empty seats: 20 on `a` (× 10), 13 on `b` (× 1).
///
/// Fairness has the default categories, weekend (weight 2) and weekday (1): 10
/// weekend and 25 weekday duties shared by three equal shares, targets 10/3 and 25/3;
/// nobody holds a weekend duty, weekday loads are 2, 1 and 1, so
/// F = 2 × 3 × 10/3 + (25/3 − 2) + 2 × (25/3 − 1) = 20 + 21 = 41, without overload.
#[test]
fn over_cover_allowed_or_not() {
    let posts = r#"
[[posts]]
id = "a"
periods = ["E", "L", "N"]
under_cover_weight = 10
over_cover_weight = 2.5
[[posts]]
id = "b"
periods = ["E", "L"]
[objective]
mode = "weighted"
"#;
    let (instance, duties) = week(posts, "", THREE);
    let report = check_rows(
        &instance,
        &duties,
        "
2027-01-04,a,E,d01
2027-01-04,a,E,d02
2027-01-05,b,E,d01
2027-01-05,b,E,d03",
    );
    assert_eq!(
        said(&report),
        "lignes 4 et 5 : garde E à b le 2027-01-05 : 2 personnes (d01, d03) pour 1 place"
    );
    assert_eq!(report.over_cover_seats, 1);
    assert!(close(report.over_cover_penalty, 2.5));
    assert_eq!(report.over_covered.len(), 1);
    let o = &report.over_covered[0];
    assert_eq!(
        (o.duty.post.as_str(), o.demand, o.holders, o.extra()),
        ("a", 1, 2, 1)
    );
    assert_eq!(report.uncovered_seats, 33);
    assert!(close(report.under_cover_penalty, 213.0));
    assert_eq!(report.optional_loss(), None);
    assert!(close(report.fairness.value, 41.0));
    assert!(close(report.weighted_objective(), 213.0 + 2.5 + 41.0));

    let text = gardes::labels::check::render_report(&report, &instance);
    for line in [
        "Couverture (niveau 1) : 33 places non pourvues, sur 33 gardes.",
        "- pénalité des places non pourvues (poids de chaque poste) : 213.000",
        "Sureffectif : 1 personne au-delà de la demande, sur 1 garde, pénalité 2.500 :",
        "- garde E à a le 2027-01-04 : 2 personnes pour 1 place, 1 de plus (poids 2.5)",
        "Objectif pondéré : 256.500 = places non pourvues 213.000 + sureffectif 2.500 \
         + équité 41.000 + préférences 0.000",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} not in\n{text}");
    }
}

/// Without a post that allows over-cover, with unit weights and the lexicographic
/// mode, the report says nothing of over-cover, penalties or the weighted objective.
#[test]
fn plain_instances_render_no_new_figure() {
    let (instance, duties) = week(POSTS, "", THREE);
    let report = check_rows(&instance, &duties, "2027-01-04,a,E,d01");
    assert!(report.is_valid());
    assert_eq!(report.uncovered_seats, 34);
    assert!(close(report.under_cover_penalty, 34.0));
    assert_eq!(
        (report.over_cover_seats, report.over_cover_penalty),
        (0, 0.0)
    );
    let text = gardes::labels::check::render_report(&report, &instance);
    for word in ["Sureffectif", "pénalité", "Objectif pondéré"] {
        assert!(!text.contains(word), "{word:?} in\n{text}");
    }
    // A post allowing over-cover, none used: one line says so.
    let posts = format!("{POSTS}over_cover_weight = 1\n");
    let (instance, duties) = week(&posts, "", THREE);
    let report = check_rows(&instance, &duties, "2027-01-04,a,E,d01");
    let text = gardes::labels::check::render_report(&report, &instance);
    assert!(text.contains("Sureffectif : personne au-delà de la demande."));
}

/// `demand_on` sets a date's demand. On `a` (over-cover allowed, 1.5) the `E` of the
/// 5th has no seat but exists: its one holder is one extra person. On `b` (no
/// over-cover) the `E` of the 5th does not exist: a row naming it is reported. The
/// `E` of `a` on the 6th needs two people.
#[test]
fn demand_on_zero_with_and_without_over_cover() {
    let posts = r#"
[[posts]]
id = "a"
periods = ["E", "L", "N"]
over_cover_weight = 1.5
demand_on = [
  { date = 2027-01-05, period = "E", demand = 0 },
  { date = 2027-01-06, period = "E", demand = 2 },
]
[[posts]]
id = "b"
periods = ["E", "L"]
demand_on = [{ date = 2027-01-05, period = "E", demand = 0 }]
"#;
    let (instance, duties) = week(posts, "", THREE);
    assert_eq!(duties.len(), 21 + 13);
    let report = check_rows(
        &instance,
        &duties,
        "
2027-01-05,a,E,d01
2027-01-05,b,E,d02
2027-01-06,a,E,d02
2027-01-06,a,E,d03",
    );
    assert_eq!(
        said(&report),
        "ligne 3 : aucune garde E à b le 2027-01-05 : la demande du poste b pour la période E \
         est de 0 ce jour-là et le poste n'admet personne au-delà de la demande (ligne ignorée)"
    );
    assert!(matches!(
        report.violations[0],
        Violation::NoSuchDuty {
            reason: NoSuchDutyReason::NoSeatThatDate,
            ..
        }
    ));
    assert_eq!(report.over_cover_seats, 1);
    assert!(close(report.over_cover_penalty, 1.5));
    assert_eq!(report.over_covered[0].demand, 0);
    assert_eq!(report.over_covered[0].duty.date.to_string(), "2027-01-05");
    // a: 19 seats of demand 1 empty, the two of the 6th held; b: 13 empty.
    assert_eq!(report.uncovered_seats, 32);
    assert!(close(report.under_cover_penalty, 32.0));
    let text = gardes::labels::check::render_report(&report, &instance);
    assert!(
        text.contains(
            "- garde E à a le 2027-01-05 : 1 personne pour 0 place, 1 de plus (poids 1.5)"
        ),
        "{text}"
    );
}

/// Every term of the weighted objective, by hand. Two dates; `a` (`E`, empty seat
/// weight 4, over-cover 0.5) and the optional `opt` (`L`); one category over every
/// duty; d02 wishes a day off on the 4th (weight 3 × wish_weight 2).
///
/// Roster: d01 and d02 on `a` the 4th, d01 on `opt` the 4th; the 5th empty.
/// - under-cover: `a` on the 5th, 1 × 4 = 4; over-cover: 1 × 0.5;
/// - optional loss: 1 empty of 2 optional seats, 500 ‰;
/// - fairness: 4 duties shared by two equal shares, targets 2 and 2; loads 2 and 1;
///   F = |2 − 2| + |1 − 2| + 1 × 0 = 1;
/// - preferences: d02's wish refused, 2 × 3 = 6.
#[test]
fn weighted_objective_sums_every_term() {
    let (instance, duties) = parsed(
        r#"
name = "pondéré"
horizon = { first = 2027-01-04, last = 2027-01-05 }
[[periods]]
id = "E"
start = "06:00"
end = "14:00"
[[periods]]
id = "L"
start = "14:00"
end = "22:00"
[[posts]]
id = "a"
periods = ["E"]
under_cover_weight = 4
over_cover_weight = 0.5
[[posts]]
id = "opt"
periods = ["L"]
required = false
[objective]
mode = "weighted"
[preferences]
wish_weight = 2
[[fairness.categories]]
id = "tout"
weight = 1
[[practitioners]]
id = "d01"
posts = ["a", "opt"]
[[practitioners]]
id = "d02"
posts = ["a", "opt"]
wishes = [{ off = { date = 2027-01-04 }, weight = 3 }]
"#,
    );
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-04,a,E,d01\n2027-01-04,a,E,d02\n2027-01-04,opt,L,d01",
    );
    assert!(report.is_valid(), "{}", said(&report));
    assert_eq!(report.uncovered_seats, 1);
    assert!(close(report.under_cover_penalty, 4.0));
    assert_eq!(report.over_cover_seats, 1);
    assert!(close(report.over_cover_penalty, 0.5));
    assert!(close(report.optional_loss().unwrap(), 500.0));
    assert!(close(report.fairness.value, 1.0));
    assert!(close(report.preferences.value, 6.0));
    assert!(close(report.weighted_objective(), 511.5));
    assert_eq!(
        report.objective_mode,
        gardes::instance::ObjectiveMode::Weighted
    );
    let text = gardes::labels::check::render_report(&report, &instance);
    assert!(
        text.contains(
            "Objectif pondéré : 511.500 = places non pourvues 4.000 + sureffectif 0.500 \
             + équité 1.000 + préférences 6.000 + perte optionnelle 500.000 ‰"
        ),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------
// Explaining empty seats with the new rules.

/// `explain` runs the checker's timeline and maxima scans: a forbidden succession is
/// an obstacle in words, and so is a period a practitioner may never hold.
#[test]
fn explain_names_successions_and_forbidden_periods() {
    let (instance, duties) = week(
        "[[posts]]\nid = \"a\"\nperiods = [\"E\", \"L\", \"N\"]\n",
        "",
        "[[practitioners]]\nid = \"d01\"\nposts = [\"a\"]\nlimits = { max_per_period = { N = 0 } }\n",
    );
    let find = |period: &str, day: u32| {
        let period = instance.period_by_id(period).unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2027, 1, day).unwrap();
        duties
            .iter()
            .find(|d| d.period == period && d.date == date)
            .unwrap()
            .idx
    };
    let roster = Roster {
        assignments: vec![Assignment {
            duty: find("L", 4),
            practitioner: instance.practitioner_by_id("d01").unwrap(),
        }],
        uncovered: Vec::new(),
    };
    let explained = explain_uncovered(&instance, &duties, &roster);
    let reason = |duty| {
        let u = explained.iter().find(|u| u.duty == duty).unwrap();
        let UncoveredReason::RulesBind { binding, held_back } = &u.reason else {
            panic!("{:?}", u.reason)
        };
        (*binding, held_back_text(&instance, held_back))
    };
    assert_eq!(
        reason(find("E", 5)),
        (
            Binding::RestOrSpacing,
            "d01 : enchaînement interdit avec (L, a) du 2027-01-04".to_owned()
        )
    );
    assert_eq!(
        reason(find("N", 6)),
        (Binding::Maxima, "d01 : période N interdite".to_owned())
    );
}
