//! The checker (`docs/rules.md`): hand-made rosters that break one rule each are
//! reported with exactly that violation, in French; the objective's figures are
//! recomputed by hand; the roster reader locates every bad cell; empty seats are
//! explained.

use gardes::check::{
    check, read_roster_csv, CheckReport, NoSuchDutyReason, RosterReadProblemKind, Violation,
};
use gardes::duties::{expand, Duty};
use gardes::explain::explain_uncovered;
use gardes::instance::{parse, Instance};
use gardes::labels::check::held_back_text;
use gardes::roster::{Assignment, Roster, UncoveredReason};

/// Two weeks of January 2027 (Mon 4 to Sun 17, no holiday), three posts:
/// `mende` (nights every day, days on Sundays), `marvejols` (nights) and `mcs`
/// (evenings, needs the `mcs` qualification, combinable with mende).
const TWO_WEEKS: &str = r#"
name = "deux semaines"
horizon = { first = 2027-01-04, last = 2027-01-17 }
[[periods]]
id = "soir"
start = "20:00"
end = "24:00"
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[periods]]
id = "jour"
start = "08:00"
end = "20:00"
day_kinds = ["sunday", "holiday", "bridge"]
[[posts]]
id = "mende"
periods = ["nuit", "jour"]
combinable_with = ["mcs"]
[[posts]]
id = "marvejols"
periods = ["nuit"]
[[posts]]
id = "mcs"
kind = "mcs"
periods = ["soir"]
qualifications = ["mcs"]
required = true # these tests count MCS seats as required seats
[[fairness.categories]]
id = "weekend"
weight = 2.0
day_kinds = ["saturday", "sunday"]
[[fairness.categories]]
id = "semaine"
weight = 1.0
day_kinds = ["weekday"]
"#;

/// d01 serves everywhere; d02 has no `mcs` qualification; d03 only serves marvejols.
const THREE_DOCTORS: &str = r#"
[[practitioners]]
id = "d01"
name = "Dr Anne Martin"
qualifications = ["mcs"]
posts = ["mende", "marvejols", "mcs"]
[[practitioners]]
id = "d02"
name = "Dr Bruno Roux"
posts = ["mende", "marvejols", "mcs"]
[[practitioners]]
id = "d03"
name = "Dr Chloé Vidal"
posts = ["marvejols"]
"#;

const HEADER: &str = "date,post,period,start,end,practitioner_id,practitioner_name\n";

fn tiny(toml: &str) -> (Instance, Vec<Duty>) {
    let instance = match parse("tiny.toml", toml) {
        Ok(i) => i,
        Err(d) => panic!("{}", d.render_plain()),
    };
    let duties = expand(&instance).unwrap();
    (instance, duties)
}

/// The two-week instance with these rules and practitioners.
fn two_weeks(rules: &str, practitioners: &str) -> (Instance, Vec<Duty>) {
    tiny(&format!("{TWO_WEEKS}\n[rules]\n{rules}\n{practitioners}"))
}

/// Checks rows written without the header (`date,post,period,,,id`), one per line.
fn check_rows(instance: &Instance, duties: &[Duty], rows: &str) -> CheckReport {
    let text = format!("{HEADER}{}", rows.trim_start());
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

fn only(report: &CheckReport) -> &Violation {
    assert_eq!(report.violations.len(), 1, "{}", said(report));
    &report.violations[0]
}

fn roster_of(instance: &Instance, duties: &[Duty], rows: &[(&str, &str, &str, &str)]) -> Roster {
    let mut assignments: Vec<Assignment> = rows
        .iter()
        .map(|&(date, post, period, who)| {
            let post = instance.post_by_id(post).unwrap();
            let period = instance.period_by_id(period).unwrap();
            let date = date.parse().unwrap();
            let duty = duties
                .iter()
                .find(|d| d.post == post && d.period == period && d.date == date)
                .unwrap();
            Assignment {
                duty: duty.idx,
                practitioner: instance.practitioner_by_id(who).unwrap(),
            }
        })
        .collect();
    assignments.sort();
    Roster {
        assignments,
        uncovered: Vec::new(),
    }
}

// ---------------------------------------------------------------------------------
// A valid roster.

/// docs/rules.md: a roster that respects every rule has no violation, and the roster
/// `solve` would write (`Roster::records`) reads back through the CSV unchanged.
#[test]
fn valid_roster_has_no_violation() {
    let (instance, duties) = two_weeks("min_days_between_duties = 2", THREE_DOCTORS);
    let report = check_rows(
        &instance,
        &duties,
        r"
2027-01-04,mende,nuit,2027-01-04T20:00:00+01:00,2027-01-05T08:00:00+01:00,d01,Dr Anne Martin
2027-01-04,mcs,soir,2027-01-04T20:00:00+01:00,2027-01-05T00:00:00+01:00,d01,Dr Anne Martin
2027-01-04,marvejols,nuit,,,d03,
2027-01-06,mende,nuit,,,d02,
2027-01-08,marvejols,nuit,,,d01,
2027-01-10,mende,jour,,,d03x,
",
    );
    // The last row is the only fault: d03x is nobody.
    assert_eq!(
        report.violations,
        vec![Violation::UnknownPractitioner {
            line: 7,
            practitioner_id: "d03x".into()
        }]
    );
    let report = check_rows(
        &instance,
        &duties,
        r"
2027-01-04,mende,nuit,2027-01-04T20:00:00+01:00,2027-01-05T08:00:00+01:00,d01,Dr Anne Martin
2027-01-04,mcs,soir,2027-01-04T20:00:00+01:00,2027-01-05T00:00:00+01:00,d01,Dr Anne Martin
2027-01-04,marvejols,nuit,,,d03,
2027-01-06,mende,nuit,,,d02,
2027-01-08,marvejols,nuit,,,d01,
",
    );
    assert!(report.is_valid(), "{}", said(&report));
    // Mende's evening PDSA and the MCS evening at once are allowed, and counted.
    assert_eq!(report.preferences.combined.len(), 1);
    // 14 nights in each sector, 2 Sunday days, 14 MCS evenings; 5 seats held.
    assert_eq!(report.uncovered_seats, 14 + 14 + 2 + 14 - 5);
}

// ---------------------------------------------------------------------------------
// One test per violation, each with its French text.

/// A row naming a practitioner the instance does not know is reported and skipped.
#[test]
fn unknown_practitioner() {
    let (instance, duties) = two_weeks("", THREE_DOCTORS);
    let report = check_rows(&instance, &duties, "2027-01-04,mende,nuit,,,d99,\n");
    assert!(matches!(
        only(&report),
        Violation::UnknownPractitioner { .. }
    ));
    insta::assert_snapshot!(said(&report), @"ligne 2 : praticien « d99 » inconnu de l'instance (ligne ignorée)");
    // Skipped: the duty still counts as empty.
    assert_eq!(report.uncovered_seats, 44);
}

/// A row naming an unknown post.
#[test]
fn unknown_post() {
    let (instance, duties) = two_weeks("", THREE_DOCTORS);
    let report = check_rows(&instance, &duties, "2027-01-04,florac,nuit,,,d01,\n");
    assert!(matches!(only(&report), Violation::UnknownPost { .. }));
    insta::assert_snapshot!(said(&report), @"ligne 2 : poste « florac » inconnu de l'instance (ligne ignorée)");
}

/// A row naming an unknown period.
#[test]
fn unknown_period() {
    let (instance, duties) = two_weeks("", THREE_DOCTORS);
    let report = check_rows(&instance, &duties, "2027-01-04,mende,nuit_blanche,,,d01,\n");
    assert!(matches!(only(&report), Violation::UnknownPeriod { .. }));
    insta::assert_snapshot!(said(&report), @"ligne 2 : période « nuit_blanche » inconnue de l'instance (ligne ignorée)");
}

/// A post, period and date that are not a duty: outside the horizon, a period the
/// post never covers, a period that does not exist that day.
#[test]
fn no_such_duty() {
    let (instance, duties) = two_weeks("", THREE_DOCTORS);
    let report = check_rows(
        &instance,
        &duties,
        r"
2027-01-18,mende,nuit,,,d01,
2027-01-04,marvejols,jour,,,d01,
2027-01-05,mende,jour,,,d01,
",
    );
    let reasons: Vec<NoSuchDutyReason> = report
        .violations
        .iter()
        .map(|v| match v {
            Violation::NoSuchDuty { reason, .. } => *reason,
            other => panic!("unexpected {other}"),
        })
        .collect();
    assert_eq!(reasons.len(), 3);
    insta::assert_snapshot!(said(&report), @"
    ligne 2 : aucune garde nuit à mende le 2027-01-18 : la date est hors du tableau (du 2027-01-04 au 2027-01-17) (ligne ignorée)
    ligne 3 : aucune garde jour à marvejols le 2027-01-04 : le poste marvejols n'a jamais de période jour (ligne ignorée)
    ligne 4 : aucune garde jour à mende le 2027-01-05 : le poste mende n'a pas de période jour ce jour-là (mardi) (ligne ignorée)
    ");
    assert_eq!(report.uncovered_seats, 44);
}

/// Start and end, when given, must be the duty's instants (any offset).
#[test]
fn times_mismatch() {
    let (instance, duties) = two_weeks("", THREE_DOCTORS);
    let report = check_rows(
        &instance,
        &duties,
        r"
2027-01-04,mende,nuit,2027-01-04T19:00:00Z,2027-01-05T07:00:00Z,d01,
2027-01-05,mende,nuit,2027-01-05T21:00:00+01:00,2027-01-06T08:00:00+01:00,d02,
",
    );
    assert!(matches!(only(&report), Violation::TimesMismatch { .. }));
    insta::assert_snapshot!(said(&report), @"ligne 3 : d02 (Dr Bruno Roux), garde nuit à mende le 2027-01-05 : horaires erronés, début 2027-01-05T21:00:00+01:00 au lieu de 2027-01-05T20:00:00+01:00");
    // The row still holds its duty.
    assert_eq!(report.uncovered_seats, 42);
}

/// Rule 1: a practitioner holds only duties of their posts.
#[test]
fn not_serving_post() {
    let (instance, duties) = two_weeks("", THREE_DOCTORS);
    let report = check_rows(&instance, &duties, "2027-01-04,mende,nuit,,,d03,\n");
    assert!(matches!(only(&report), Violation::NotServingPost { .. }));
    insta::assert_snapshot!(said(&report), @"ligne 2 : d03 (Dr Chloé Vidal) est de garde nuit à mende le 2027-01-04 mais ne participe pas au poste mende");
}

/// Rule 1: a practitioner holds only duties they are qualified for.
#[test]
fn missing_qualification() {
    let (instance, duties) = two_weeks("", THREE_DOCTORS);
    let report = check_rows(&instance, &duties, "2027-01-04,mcs,soir,,,d02,\n");
    assert!(matches!(
        only(&report),
        Violation::MissingQualification { .. }
    ));
    insta::assert_snapshot!(said(&report), @"ligne 2 : d02 (Dr Bruno Roux) est de garde soir à mcs le 2027-01-04 sans la qualification requise : mcs");
}

/// Rule 1: nobody holds a duty that meets their days off (a night meets both of its
/// days) or a duty they declared unavailable.
#[test]
fn unavailable() {
    let practitioners = r#"
[[practitioners]]
id = "d07"
name = "Dr Martin"
posts = ["mende"]
unavailable = [
  { from = 2027-01-10, to = 2027-01-14 },
  { post = "mende", period = "nuit", date = 2027-01-05 },
]
"#;
    let (instance, duties) = two_weeks("", practitioners);
    // The night of the 9th ends on the 10th; the night of the 14th starts on it; the
    // night of the 15th starts after the span.
    let report = check_rows(
        &instance,
        &duties,
        r"
2027-01-05,mende,nuit,,,d07,
2027-01-09,mende,nuit,,,d07,
2027-01-14,mende,nuit,,,d07,
2027-01-16,mende,nuit,,,d07,
",
    );
    assert!(report
        .violations
        .iter()
        .all(|v| matches!(v, Violation::Unavailable { .. })));
    insta::assert_snapshot!(said(&report), @"
    ligne 2 : d07 (Dr Martin) est de garde nuit à mende le 2027-01-05 malgré son indisponibilité pour cette garde
    ligne 3 : d07 (Dr Martin) est de garde nuit à mende le 2027-01-09 pendant son indisponibilité du 2027-01-10 au 2027-01-14
    ligne 4 : d07 (Dr Martin) est de garde nuit à mende le 2027-01-14 pendant son indisponibilité du 2027-01-10 au 2027-01-14
    ");
}

/// Rule 2: a person holds a duty at most once.
#[test]
fn duplicate_assignment() {
    let (instance, duties) = two_weeks("", THREE_DOCTORS);
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-04,mende,nuit,,,d01,\n2027-01-04,mende,nuit,,,d01,\n",
    );
    assert!(matches!(
        only(&report),
        Violation::DuplicateAssignment { .. }
    ));
    insta::assert_snapshot!(said(&report), @"ligne 3 : d01 (Dr Anne Martin) figure deux fois sur la garde nuit à mende le 2027-01-04 (déjà ligne 2)");
    assert_eq!(report.uncovered_seats, 43);
}

/// Rule 2: at most `demand` people on a duty.
#[test]
fn demand_exceeded() {
    let (instance, duties) = two_weeks("", THREE_DOCTORS);
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-04,marvejols,nuit,,,d01,\n2027-01-04,marvejols,nuit,,,d03,\n",
    );
    assert!(matches!(only(&report), Violation::DemandExceeded { .. }));
    insta::assert_snapshot!(said(&report), @"lignes 2 et 3 : garde nuit à marvejols le 2027-01-04 : 2 personnes (d01, d03) pour 1 place");
}

/// Rule 3: no overlapping duties, unless the posts are combinable.
#[test]
fn overlap() {
    let (instance, duties) = two_weeks("", THREE_DOCTORS);
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-04,mende,nuit,,,d01,\n2027-01-04,marvejols,nuit,,,d01,\n2027-01-04,mcs,soir,,,d01,\n",
    );
    // mende + mcs are combinable; marvejols is combinable with neither.
    assert_eq!(report.violations.len(), 2, "{}", said(&report));
    assert!(report
        .violations
        .iter()
        .all(|v| matches!(v, Violation::Overlap { .. })));
    insta::assert_snapshot!(said(&report), @"
    lignes 2 et 3 : d01 (Dr Anne Martin) tient deux gardes qui se chevauchent sur des postes non cumulables : nuit à mende le 2027-01-04 (20:00–08:00) et nuit à marvejols le 2027-01-04 (20:00–08:00)
    lignes 3 et 4 : d01 (Dr Anne Martin) tient deux gardes qui se chevauchent sur des postes non cumulables : nuit à marvejols le 2027-01-04 (20:00–08:00) et soir à mcs le 2027-01-04 (20:00–00:00)
    ");
    assert_eq!(report.preferences.combined.len(), 1);
}

/// Rule 4: rest after a night, in true elapsed time.
#[test]
fn rest() {
    let (instance, duties) = two_weeks("min_rest_after_night_hours = 11", THREE_DOCTORS);
    // The Saturday night ends at 08:00 on Sunday, when Sunday's day duty starts.
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-09,mende,nuit,,,d01,\n2027-01-10,mende,jour,,,d01,\n",
    );
    assert!(matches!(only(&report), Violation::Rest { .. }));
    insta::assert_snapshot!(said(&report), @"lignes 2 et 3 : d01 (Dr Anne Martin) n'a que 0 h de repos entre nuit à mende le 2027-01-09 (fin 08:00) et jour à mende le 2027-01-10 (début 08:00), repos minimal 11 h après une nuit");
}

/// Rule 4: the rest after any duty, too.
#[test]
fn rest_after_any_duty() {
    let (instance, duties) = two_weeks("min_rest_hours = 24", THREE_DOCTORS);
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-04,mcs,soir,,,d01,\n2027-01-05,mcs,soir,,,d01,\n",
    );
    insta::assert_snapshot!(said(&report), @"lignes 2 et 3 : d01 (Dr Anne Martin) n'a que 20 h de repos entre soir à mcs le 2027-01-04 (fin 00:00) et soir à mcs le 2027-01-05 (début 20:00), repos minimal 24 h");
}

/// Rule 4: rest is true elapsed time. Saturday 30 October 2027 ends at 20:00 (summer
/// time) and Sunday starts at 08:00 (winter time): 12 h on the clock, 13 h of rest.
#[test]
fn rest_is_elapsed_time_over_the_clock_change() {
    let toml = |rest: u32| {
        format!(
            r#"
name = "changement d'heure"
horizon = {{ first = 2027-10-30, last = 2027-10-31 }}
[[periods]]
id = "samedi"
start = "12:00"
end = "20:00"
day_kinds = ["saturday"]
[[periods]]
id = "jour"
start = "08:00"
end = "20:00"
day_kinds = ["sunday"]
[[posts]]
id = "mende"
periods = ["samedi", "jour"]
[rules]
min_rest_hours = {rest}
[[practitioners]]
id = "d01"
posts = ["mende"]
"#
        )
    };
    let rows = "2027-10-30,mende,samedi,,,d01,\n2027-10-31,mende,jour,,,d01,\n";
    let (instance, duties) = tiny(&toml(13));
    let report = check_rows(&instance, &duties, rows);
    assert!(report.is_valid(), "{}", said(&report));
    let (instance, duties) = tiny(&toml(14));
    let report = check_rows(&instance, &duties, rows);
    insta::assert_snapshot!(said(&report), @"lignes 2 et 3 : d01 n'a que 13 h de repos entre samedi à mende le 2027-10-30 (fin 20:00) et jour à mende le 2027-10-31 (début 08:00), repos minimal 14 h");
}

/// Rules 4 to 6 exempt the duties of one weekend bundle: one person holds mende's
/// Saturday night, Sunday day and Sunday night.
#[test]
fn weekend_bundle_is_exempt_from_rest_two_nights_and_spacing() {
    let rules =
        "min_rest_after_night_hours = 11\nmin_days_between_duties = 3\nweekend_bundle = true";
    let (instance, duties) = two_weeks(rules, THREE_DOCTORS);
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-09,mende,nuit,,,d01,\n2027-01-10,mende,jour,,,d01,\n2027-01-10,mende,nuit,,,d01,\n\
         2027-01-16,mende,nuit,,,d02,\n2027-01-17,mende,jour,,,d02,\n2027-01-17,mende,nuit,,,d02,\n",
    );
    assert!(report.is_valid(), "{}", said(&report));
}

/// Rule 5: nobody holds night duties on two consecutive dates.
#[test]
fn two_nights_in_a_row() {
    let (instance, duties) = two_weeks("", THREE_DOCTORS);
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-04,mende,nuit,,,d01,\n2027-01-05,marvejols,nuit,,,d01,\n",
    );
    assert!(matches!(only(&report), Violation::TwoNightsInARow { .. }));
    insta::assert_snapshot!(said(&report), @"lignes 2 et 3 : d01 (Dr Anne Martin) est de garde deux nuits de suite : nuit à mende le 2027-01-04 et nuit à marvejols le 2027-01-05");
    // Switched off, the same roster is valid.
    let (instance, duties) = two_weeks("no_two_nights_in_a_row = false", THREE_DOCTORS);
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-04,mende,nuit,,,d01,\n2027-01-05,marvejols,nuit,,,d01,\n",
    );
    assert!(report.is_valid(), "{}", said(&report));
}

/// Rule 6: duties on different dates at least `min_days_between_duties` apart.
#[test]
fn spacing() {
    let (instance, duties) = two_weeks("min_days_between_duties = 3", THREE_DOCTORS);
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-04,mende,nuit,,,d01,\n2027-01-06,mende,nuit,,,d01,\n2027-01-09,mende,nuit,,,d01,\n",
    );
    assert!(matches!(only(&report), Violation::Spacing { .. }));
    insta::assert_snapshot!(said(&report), @"lignes 2 et 3 : d01 (Dr Anne Martin) a deux gardes à 2 jours d'écart : nuit à mende le 2027-01-04 et nuit à mende le 2027-01-06, au moins 3 jours exigés entre deux gardes");
}

/// Rule 6 with personal spacings: d02's own `min_days_between_duties` replaces the
/// rules' (3 days apart is too close for d02's 4, and fine for the rules' 3), and d01's
/// 0 allows consecutive dates against the rules' 3.
#[test]
fn personal_spacing() {
    let people = THREE_DOCTORS
        .replacen(
            "posts = [\"mende\", \"marvejols\", \"mcs\"]\n[[practitioners]]\nid = \"d02\"",
            "posts = [\"mende\", \"marvejols\", \"mcs\"]\nlimits = { min_days_between_duties = 0 }\n[[practitioners]]\nid = \"d02\"",
            1,
        )
        .replacen(
            "name = \"Dr Bruno Roux\"",
            "name = \"Dr Bruno Roux\"\nlimits = { min_days_between_duties = 4 }",
            1,
        );
    let (instance, duties) = two_weeks(
        "min_days_between_duties = 3\nno_two_nights_in_a_row = false",
        &people,
    );
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-04,mende,nuit,,,d01,\n2027-01-05,mende,nuit,,,d01,\n2027-01-06,mende,nuit,,,d02,\n2027-01-09,mende,nuit,,,d02,\n2027-01-13,mende,nuit,,,d02,\n",
    );
    assert!(matches!(
        only(&report),
        Violation::Spacing {
            days: 3,
            min_days: 4,
            ..
        }
    ));
    insta::assert_snapshot!(said(&report), @"lignes 4 et 5 : d02 (Dr Bruno Roux) a deux gardes à 3 jours d'écart : nuit à mende le 2027-01-06 et nuit à mende le 2027-01-09, au moins 4 jours exigés entre deux gardes");
}

/// Rule 7: at most `max_per_week` duties per ISO week (Monday 11 starts week 2).
#[test]
fn max_per_week() {
    let (instance, duties) = two_weeks("max_per_week = 2", THREE_DOCTORS);
    let report = check_rows(
        &instance,
        &duties,
        r"
2027-01-04,mende,nuit,,,d01,
2027-01-06,mende,nuit,,,d01,
2027-01-10,mende,nuit,,,d01,
2027-01-11,marvejols,nuit,,,d02,
2027-01-13,marvejols,nuit,,,d02,
",
    );
    assert!(matches!(only(&report), Violation::MaxPerWeek { .. }));
    insta::assert_snapshot!(said(&report), @"lignes 2, 3 et 4 : d01 (Dr Anne Martin) a 3 gardes la semaine 1 de 2027, maximum 2 par semaine");
}

/// Rule 7: at most `max_per_month` duties per calendar month (a personal limit here).
#[test]
fn max_per_month() {
    let mut practitioners = THREE_DOCTORS.to_owned();
    practitioners.push_str("limits = { max_per_month = 2 }\n");
    let (instance, duties) = two_weeks("max_per_month = 8", &practitioners);
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-04,marvejols,nuit,,,d03,\n2027-01-08,marvejols,nuit,,,d03,\n2027-01-12,marvejols,nuit,,,d03,\n",
    );
    assert!(matches!(only(&report), Violation::MaxPerMonth { .. }));
    insta::assert_snapshot!(said(&report), @"lignes 2, 3 et 4 : d03 (Dr Chloé Vidal) a 3 gardes en janvier 2027, maximum 2 par mois");
}

/// Rule 7: at most `max_per_month_by_kind` duties a month on the posts of a kind: d01's
/// three MCS evenings break a personal cap of 2; the PDSA night does not count.
#[test]
fn max_per_month_of_kind() {
    let practitioners = THREE_DOCTORS.replacen(
        "posts = [\"mende\", \"marvejols\", \"mcs\"]",
        "posts = [\"mende\", \"marvejols\", \"mcs\"]\nlimits = { max_per_month_by_kind = { mcs = 2 } }",
        1,
    );
    let (instance, duties) = two_weeks("max_per_month_by_kind = { mcs = 8 }", &practitioners);
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-04,mcs,soir,,,d01,\n2027-01-06,mcs,soir,,,d01,\n2027-01-08,mcs,soir,,,d01,\n2027-01-10,mende,nuit,,,d01,\n",
    );
    assert!(matches!(only(&report), Violation::MaxPerMonthOfKind { .. }));
    insta::assert_snapshot!(said(&report), @"lignes 2, 3 et 4 : d01 (Dr Anne Martin) a 3 gardes de type mcs en janvier 2027, maximum 2 par mois");
}

/// Rule 7: at most `max_per_horizon` duties over the horizon.
#[test]
fn max_per_horizon() {
    let (instance, duties) = two_weeks("max_per_horizon = 2", THREE_DOCTORS);
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-04,marvejols,nuit,,,d03,\n2027-01-08,marvejols,nuit,,,d03,\n2027-01-12,marvejols,nuit,,,d03,\n",
    );
    assert!(matches!(only(&report), Violation::MaxPerHorizon { .. }));
    insta::assert_snapshot!(said(&report), @"d03 (Dr Chloé Vidal) a 3 gardes sur la période du tableau, maximum 2");
}

/// Rule 7: duties on at most `max_weekends` distinct weekends.
#[test]
fn max_weekends() {
    let (instance, duties) = two_weeks("max_weekends = 1", THREE_DOCTORS);
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-10,marvejols,nuit,,,d03,\n2027-01-16,marvejols,nuit,,,d03,\n2027-01-12,marvejols,nuit,,,d03,\n",
    );
    assert!(matches!(only(&report), Violation::MaxWeekends { .. }));
    insta::assert_snapshot!(said(&report), @"d03 (Dr Chloé Vidal) est de garde 2 week-ends (2027-01-09 et 2027-01-16), maximum 1");
}

/// Rule 8: the duties of a bundled weekend are held by the same people, empty seats
/// included.
#[test]
fn weekend_bundle_split() {
    let (instance, duties) = two_weeks("weekend_bundle = true", THREE_DOCTORS);
    let report = check_rows(
        &instance,
        &duties,
        r"
2027-01-09,mende,nuit,,,d01,
2027-01-10,mende,jour,,,d01,
2027-01-10,mende,nuit,,,d02,
2027-01-09,marvejols,nuit,,,d03,
",
    );
    // Marvejols bundles too (rules.weekend_bundle) and its Sunday night is empty.
    assert_eq!(report.violations.len(), 2, "{}", said(&report));
    assert!(report
        .violations
        .iter()
        .all(|v| matches!(v, Violation::WeekendBundleSplit { .. })));
    insta::assert_snapshot!(said(&report), @"
    week-end du 2027-01-09 à mende non groupé : nuit à mende le 2027-01-09 : d01 ; jour à mende le 2027-01-10 : d01 ; nuit à mende le 2027-01-10 : d02 ; les mêmes personnes doivent tenir tout le week-end
    week-end du 2027-01-09 à marvejols non groupé : nuit à marvejols le 2027-01-09 : d03 ; nuit à marvejols le 2027-01-10 : personne ; les mêmes personnes doivent tenir tout le week-end
    ");
}

// ---------------------------------------------------------------------------------
// Figures.

/// Fri 8 to Sun 10 January, one sector, one night each; categories `weekend` (weight 2)
/// and `semaine` (weight 1).
const FAIR_WEEKEND: &str = r#"
name = "équité"
horizon = { first = 2027-01-08, last = 2027-01-10 }
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "mende"
periods = ["nuit"]
[rules]
no_two_nights_in_a_row = false
[fairness]
worst_overload_weight = 1.0
history_weight = 1.0
[[fairness.categories]]
id = "weekend"
weight = 2.0
day_kinds = ["saturday", "sunday"]
[[fairness.categories]]
id = "semaine"
weight = 1.0
day_kinds = ["weekday"]
[preferences]
wish_weight = 2.0
[[practitioners]]
id = "d01"
posts = ["mende"]
history = { weekend = 3 }
unavailable = [{ date = 2027-01-08 }]
wishes = [
  { off = { date = 2027-01-09 }, weight = 3 },
  { on = { date = 2027-01-10 }, weight = 5 },
]
[[practitioners]]
id = "d02"
posts = ["mende"]
share = 0.5
wishes = [{ on = { post = "mende", period = "nuit", date = 2027-01-09 }, weight = 2 }]
"#;

/// docs/rules.md, "Level 2": targets from shares and history, then F.
///
/// Friday night (semaine): d01 is off that day, so only d02 is eligible: T0[d02] = 1.
/// Pool {d02}, no history: T[d02, semaine] = 1.
/// Saturday and Sunday nights (weekend): both eligible, S_d = 1 + 0.5 = 1.5, so
/// T0[d01] = 2 × 1/1.5 = 4/3 and T0[d02] = 2 × 0.5/1.5 = 2/3. Pool {d01, d02}: H = 3,
/// S = 1.5; excess[d01] = 3 − 1 × 3/1.5 = 1, excess[d02] = 0 − 0.5 × 2 = −1; so
/// T[d01] = 4/3 − 1 = 1/3 and T[d02] = 2/3 + 1 = 5/3.
/// Roster: d02 Friday and Sunday, d01 Saturday. Loads weekend d01 1, d02 1; semaine d02 1.
/// Deviations: 2 × |1 − 1/3| + 2 × |1 − 5/3| + 1 × |1 − 1| = 4/3 + 4/3 = 8/3.
/// Overloads: d01 2 × 2/3 = 4/3, d02 0. F = 8/3 + 1 × 4/3 = 4.
#[test]
fn fairness_targets_with_shares_and_history() {
    let (instance, duties) = tiny(FAIR_WEEKEND);
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-08,mende,nuit,,,d02,\n2027-01-09,mende,nuit,,,d01,\n2027-01-10,mende,nuit,,,d02,\n",
    );
    assert!(report.is_valid(), "{}", said(&report));
    let f = &report.fairness;
    let target = |p: &str, c: &str| {
        let p = instance.practitioner_by_id(p).unwrap();
        let c = instance.category_by_id(c).unwrap();
        f.rows
            .iter()
            .find(|r| r.practitioner == p && r.category == c)
            .unwrap()
            .target
    };
    let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-9, "{a} != {b}");
    close(target("d01", "weekend"), 1.0 / 3.0);
    close(target("d02", "weekend"), 5.0 / 3.0);
    close(target("d01", "semaine"), 0.0);
    close(target("d02", "semaine"), 1.0);
    close(f.weighted_deviation, 8.0 / 3.0);
    close(f.worst_overload, 4.0 / 3.0);
    assert_eq!(f.worst_overloaded, instance.practitioner_by_id("d01"));
    close(f.value, 4.0);
}

/// docs/rules.md, "Level 2", `targets = "filled"`: the targets share the seats held,
/// not the demand. Three MCS nights, d01 eligible for all of them with history 2, d02
/// (share 0.5) for Monday and Tuesday. Of the demand: T0[d01] = 2/3 + 2/3 + 1 = 7/3,
/// T0[d02] = 2/3; pool H = 2, S = 1.5; excess[d01] = 2 − 4/3 = 2/3, so T[d01] = 5/3,
/// κ = 5/7; excess[d02] = −2/3, T[d02] = 4/3, κ = 2. Roster: d02 Monday, d01 Tuesday,
/// Wednesday empty. Filled targets: d01 5/7 × (2/3 + 2/3) = 20/21, d02 2 × (1/3 + 1/3)
/// = 4/3 (with history they need not add up to the two seats filled); loads 1 and 1.
#[test]
fn fairness_targets_of_the_seats_filled() {
    let (instance, duties) = tiny(
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
[[fairness.categories]]
id = "mcs"
post_kinds = ["mcs"]
[[practitioners]]
id = "d01"
posts = ["m"]
history = { mcs = 2 }
[[practitioners]]
id = "d02"
posts = ["m"]
share = 0.5
unavailable = [{ post = "m", period = "nuit", date = 2027-01-06 }]
"#,
    );
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-04,m,nuit,,,d02,\n2027-01-05,m,nuit,,,d01,\n",
    );
    assert!(report.is_valid(), "{}", said(&report));
    let f = &report.fairness;
    let target = |p: &str| {
        let p = instance.practitioner_by_id(p).unwrap();
        f.rows.iter().find(|r| r.practitioner == p).unwrap().target
    };
    let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-9, "{a} != {b}");
    close(target("d01"), 20.0 / 21.0);
    close(target("d02"), 4.0 / 3.0);
    // Deviations 1/21 + 1/3 = 8/21; overload d01 1/21; F = 9/21.
    close(f.weighted_deviation, 8.0 / 21.0);
    close(f.worst_overload, 1.0 / 21.0);
    close(f.value, 9.0 / 21.0);
    // Of the demand, the same roster is measured against 5/3 and 4/3.
    let demand = instance_with_demand_targets(&instance);
    let report = check_rows(
        &demand,
        &duties,
        "2027-01-04,m,nuit,,,d02,\n2027-01-05,m,nuit,,,d01,\n",
    );
    let p = demand.practitioner_by_id("d01").unwrap();
    let row = report
        .fairness
        .rows
        .iter()
        .find(|r| r.practitioner == p)
        .unwrap();
    close(row.target, 5.0 / 3.0);
}

fn instance_with_demand_targets(instance: &Instance) -> Instance {
    let mut demand = instance.clone();
    for c in &mut demand.fairness.categories {
        c.targets = gardes::instance::TargetBasis::Demand;
    }
    demand
}

/// docs/rules.md, "Level 3": d01's day off on the 9th is refused (Saturday night
/// starts that day); their wish for the 10th is granted by the same night, which ends
/// on the 10th; d02's wish for Saturday night is refused. P = 2 × (3 + 2) = 10.
#[test]
fn refused_wishes_and_preference_level() {
    let (instance, duties) = tiny(FAIR_WEEKEND);
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-08,mende,nuit,,,d02,\n2027-01-09,mende,nuit,,,d01,\n2027-01-10,mende,nuit,,,d02,\n",
    );
    let refused: Vec<(String, usize, u32)> = report
        .preferences
        .refused
        .iter()
        .map(|r| {
            (
                instance.practitioner(r.practitioner).id.to_string(),
                r.wish,
                r.weight,
            )
        })
        .collect();
    assert_eq!(
        refused,
        vec![("d01".to_owned(), 0, 3), ("d02".to_owned(), 0, 2)]
    );
    assert!((report.preferences.value - 10.0).abs() < 1e-9);
    insta::assert_snapshot!(gardes::labels::check::render_report(&report, &instance), @"
    Aucune règle enfreinte.

    Couverture (niveau 1) : toutes les places sont pourvues.

    Équité (niveau 2) : F = 4.000 (écarts pondérés 2.667 + 1 × pire surcharge 1.333, d01)
      praticien  catégorie  cible  charge   écart
      d01        weekend    0.333       1  +0.667
      d02        weekend    1.667       1  -0.667
      d02        semaine    1.000       1  +0.000

    Préférences (niveau 3) : P = 10.000 (2 souhaits refusés, 0 cumul)
    - souhait refusé : d01, pas de garde le 2027-01-09 (poids 3)
    - souhait refusé : d02, de garde nuit à mende le 2027-01-09 (poids 2)
    ");
}

// ---------------------------------------------------------------------------------
// The roster reader.

/// Every bad cell, located by line and field number, with what was expected.
#[test]
fn roster_reader_reports_every_bad_cell() {
    let text = "\u{feff}practitioner_id,date,post,period,start,end\n\
                d01,2027-01-04,mende,nuit,2027-01-04T20:00:00+01:00,2027-01-05T08:00:00+01:00\n\
                d01,2027-02-30,mende,nuit,,\n\
                d02,2027-01-05,,nuit,20:00,2027-01-06 08:00\n\
                d03,2027-01-06\n";
    let err = read_roster_csv("tableau.csv", text).unwrap_err();
    let located: Vec<(u64, Option<usize>)> =
        err.problems.iter().map(|p| (p.line, p.column)).collect();
    assert_eq!(
        located,
        vec![
            (3, Some(2)),
            (4, Some(3)),
            (4, Some(5)),
            (4, Some(6)),
            (5, Some(3)),
            (5, Some(4)),
        ]
    );
    insta::assert_snapshot!(err.to_string(), @"
    tableau.csv:3:2 : date illisible « 2027-02-30 », attendu AAAA-MM-JJ (2027-01-04)
    tableau.csv:4:3 : champ « post » vide
    tableau.csv:4:5 : start : heure illisible « 20:00 », attendu RFC 3339 avec décalage (2027-01-04T20:00:00+01:00)
    tableau.csv:4:6 : end : heure illisible « 2027-01-06 08:00 », attendu RFC 3339 avec décalage (2027-01-04T20:00:00+01:00)
    tableau.csv:5:3 : ligne trop courte, champ « post » manquant
    tableau.csv:5:4 : ligne trop courte, champ « period » manquant
    ");
}

/// The header must name the four required columns, each once.
#[test]
fn roster_reader_requires_its_columns() {
    let err = read_roster_csv("tableau.csv", "date,poste,period,date\n").unwrap_err();
    assert!(err
        .problems
        .iter()
        .any(|p| p.kind == RosterReadProblemKind::MissingColumn { name: "post" }));
    insta::assert_snapshot!(err.to_string(), @"
    tableau.csv:1:4 : colonne « date » en double (déjà colonne 1)
    tableau.csv:1 : colonne « post » absente de l'en-tête
    tableau.csv:1 : colonne « practitioner_id » absente de l'en-tête
    ");
    let err = read_roster_csv("tableau.csv", "").unwrap_err();
    insta::assert_snapshot!(err.to_string(), @"tableau.csv:1 : fichier vide, attendu une ligne d'en-tête date,post,period,start,end,practitioner_id,practitioner_name");
}

/// Garbage never panics: it is either read or reported.
#[test]
fn roster_reader_does_not_panic_on_garbage() {
    let garbage = [
        "\"",
        "date,post,period,practitioner_id\n\"2027-01-04,mende\n",
        "date,post,period,practitioner_id\n,,,\n,,,,,,,,\n\n\n",
        "\0\0\0,\u{1}\n\u{feff}",
        "date,post,period,practitioner_id\n9999999-99-99,é,ü,\"x\"\"y\"\n",
        "date;post;period;practitioner_id\n2027-01-04;mende;nuit;d01\n",
    ];
    for text in garbage {
        if let Ok(records) = read_roster_csv("g.csv", text) {
            // What reads must also check without a panic.
            let (instance, duties) = two_weeks("", THREE_DOCTORS);
            let _ = check(&instance, &duties, &records);
        }
    }
}

proptest::proptest! {
    /// Any text at all: read or reported (with at least one problem), never a panic.
    #[test]
    fn roster_reader_never_panics(text in "\\PC*") {
        if let Err(e) = read_roster_csv("p.csv", &text) {
            proptest::prop_assert!(!e.problems.is_empty());
        }
    }

    /// Any rows over the header: read or reported (with at least one problem), never a
    /// panic.
    #[test]
    fn roster_reader_never_panics_on_rows(rows in "([0-9a-z:+T,\"-]{0,40}\n){0,5}") {
        if let Err(e) = read_roster_csv("p.csv", &format!("{HEADER}{rows}")) {
            proptest::prop_assert!(!e.problems.is_empty());
        }
    }
}

// ---------------------------------------------------------------------------------
// Explanations of empty seats.

/// Each empty seat gets the first reason that applies: nobody qualified, everybody
/// unavailable, else what holds back each one who could come.
#[test]
fn uncovered_duties_are_explained() {
    let practitioners = r#"
[[practitioners]]
id = "d01"
posts = ["mende", "marvejols"]
unavailable = [{ from = 2027-01-04, to = 2027-01-05 }]
[[practitioners]]
id = "d02"
posts = ["mende", "marvejols"]
limits = { max_per_week = 1 }
[[practitioners]]
id = "d03"
posts = ["mende"]
"#;
    let (instance, duties) = two_weeks("min_days_between_duties = 2", practitioners);
    let roster = roster_of(
        &instance,
        &duties,
        &[
            ("2027-01-04", "marvejols", "nuit", "d02"),
            ("2027-01-06", "mende", "nuit", "d01"),
            ("2027-01-07", "mende", "nuit", "d03"),
        ],
    );
    let explained = explain_uncovered(&instance, &duties, &roster);
    let reason = |date: &str, post: &str, period: &str| {
        let post = instance.post_by_id(post).unwrap();
        let period = instance.period_by_id(period).unwrap();
        let date = date.parse().unwrap();
        let u = explained
            .iter()
            .find(|u| {
                let d = &duties[u.duty.get()];
                d.post == post && d.period == period && d.date == date
            })
            .unwrap();
        match &u.reason {
            UncoveredReason::RulesBind { held_back, .. } => held_back_text(&instance, held_back),
            other => format!("{other:?}"),
        }
    };
    let table = [
        ("2027-01-04", "mcs", "soir"),
        ("2027-01-05", "marvejols", "nuit"),
        ("2027-01-06", "marvejols", "nuit"),
        ("2027-01-05", "mende", "nuit"),
        ("2027-01-11", "marvejols", "nuit"),
    ]
    .map(|(date, post, period)| format!("{date} {period} {post} : {}", reason(date, post, period)))
    .join("\n");
    // mcs: nobody is qualified. Marvejols on the 5th: d01 is away, d02 did the 4th and
    // has a weekly limit of 1. On the 6th d01 is already at mende. Mende on the 5th:
    // d03 could come. On the 11th (week 2) both could.
    insta::assert_snapshot!(table, @"
    2027-01-04 soir mcs : NobodyQualified
    2027-01-05 nuit marvejols : d02 : deux nuits de suite avec (nuit, marvejols) du 2027-01-04, trop proche de (nuit, marvejols) du 2027-01-04 (2 jours d'écart exigés) et maximum de 1 garde par semaine atteint
    2027-01-06 nuit marvejols : d01 : déjà de garde (nuit, mende) ; d02 : maximum de 1 garde par semaine atteint
    2027-01-05 nuit mende : d02 : deux nuits de suite avec (nuit, marvejols) du 2027-01-04, trop proche de (nuit, marvejols) du 2027-01-04 (2 jours d'écart exigés) et maximum de 1 garde par semaine atteint ; d03 : aucune règle ne s'y oppose (solution non optimale ?)
    2027-01-11 nuit marvejols : d01 : aucune règle ne s'y oppose (solution non optimale ?) ; d02 : aucune règle ne s'y oppose (solution non optimale ?)
    ");
    // Every seat left empty is explained, and only those.
    let seats: u32 = explained.iter().map(|u| u.missing).sum();
    let report = check(&instance, &duties, &roster.records(&instance, &duties));
    assert!(report.is_valid(), "{}", said(&report));
    assert_eq!(seats, report.uncovered_seats);
}

/// A bundled weekend is tried whole: a free seat on Sunday needs the person for
/// Saturday too.
#[test]
fn uncovered_bundled_weekend_is_explained_whole() {
    let practitioners = r#"
[[practitioners]]
id = "d01"
posts = ["mende"]
unavailable = [{ date = 2027-01-09 }]
[[practitioners]]
id = "d02"
posts = ["mende"]
"#;
    let (instance, duties) = two_weeks("weekend_bundle = true", practitioners);
    let roster = roster_of(
        &instance,
        &duties,
        &[("2027-01-14", "mende", "nuit", "d02")],
    );
    let explained = explain_uncovered(&instance, &duties, &roster);
    let jour = instance.period_by_id("jour").unwrap();
    let sunday = "2027-01-10".parse().unwrap();
    let u = explained
        .iter()
        .find(|u| duties[u.duty.get()].period == jour && duties[u.duty.get()].date == sunday)
        .unwrap();
    let UncoveredReason::RulesBind { held_back, .. } = &u.reason else {
        panic!("{:?}", u.reason)
    };
    let text = held_back_text(&instance, held_back);
    insta::assert_snapshot!(text, @"d01 : week-end groupé, (nuit, mende) du 2027-01-09 pendant son indisponibilité du 2027-01-09 ; d02 : aucune règle ne s'y oppose (solution non optimale ?)");
}

/// When every practitioner of a post is unavailable, that is the reason.
#[test]
fn uncovered_because_all_unavailable() {
    let practitioners = r#"
[[practitioners]]
id = "d01"
posts = ["marvejols"]
unavailable = [{ from = 2027-01-04, to = 2027-01-17 }]
"#;
    let (instance, duties) = two_weeks("", practitioners);
    let explained = explain_uncovered(&instance, &duties, &Roster::default());
    let marvejols = instance.post_by_id("marvejols").unwrap();
    assert!(explained
        .iter()
        .filter(|u| duties[u.duty.get()].post == marvejols)
        .all(|u| u.reason == UncoveredReason::AllUnavailable));
}

/// The on-call fees recounted by the checker from a hand-made roster, every amount
/// computed by hand: nights at the default €12.50 an hour (12 h: €150, estimates),
/// Saturday nights and Sunday days at the file's amounts, MCS not paid by default;
/// the statement from the roster itself, `honoraires.csv` and the summary agree.
#[test]
fn fees_are_recounted_from_the_roster_alone() {
    let (instance, duties) = tiny(&format!(
        "{TWO_WEEKS}\n[fees]\nperiods = {{ jour = 160 }}\nby_day_kind = {{ nuit = {{ saturday = 170 }} }}\n{THREE_DOCTORS}"
    ));
    let rows = [
        ("2027-01-04", "mende", "nuit", "d01"), // Monday: 150 (estimate)
        ("2027-01-06", "marvejols", "nuit", "d01"), // Wednesday: 150 (estimate)
        ("2027-01-09", "mende", "nuit", "d02"), // Saturday night: 170
        ("2027-01-10", "mende", "jour", "d02"), // Sunday day: 160
        ("2027-01-10", "mcs", "soir", "d01"),   // MCS: not paid
        ("2027-01-16", "marvejols", "nuit", "d03"), // Saturday night: 170
        ("2027-01-17", "mende", "jour", "d01"), // Sunday day: 160
    ];
    let text: String = rows
        .iter()
        .map(|(date, post, period, who)| format!("{date},{post},{period},,,{who}\n"))
        .collect();
    let report = check_rows(&instance, &duties, &text);
    let lines: Vec<(&str, &str, gardes::calendar::DayKind, u32, u64, u64, bool)> = report
        .fees
        .lines
        .iter()
        .map(|l| {
            (
                instance.practitioner(l.practitioner).id.as_str(),
                instance.period(l.period).id.as_str(),
                l.day_kind,
                l.duties,
                l.unit_cents,
                l.total_cents,
                l.estimate,
            )
        })
        .collect();
    use gardes::calendar::DayKind::{Saturday, Sunday, Weekday};
    assert_eq!(
        lines,
        [
            ("d01", "nuit", Weekday, 2, 15000, 30000, true),
            ("d01", "jour", Sunday, 1, 16000, 16000, false),
            ("d02", "nuit", Saturday, 1, 17000, 17000, false),
            ("d02", "jour", Sunday, 1, 16000, 16000, false),
            ("d03", "nuit", Saturday, 1, 17000, 17000, false),
        ]
    );
    assert_eq!(report.fees.total_cents(), 96000);
    let totals: Vec<u64> = report.fees.by_practitioner().into_values().collect();
    assert_eq!(totals, [46000, 33000, 17000]);

    // The statement of the same roster from its duties is the same.
    let roster = roster_of(&instance, &duties, &rows);
    let statement = gardes::fees::statement(
        &instance,
        &duties,
        roster.assignments.iter().map(|a| (a.practitioner, a.duty)),
    );
    assert_eq!(statement, report.fees);
    let summary = gardes::report::fees::summary(&instance, &statement, &report.fees);
    assert!(summary.recount_agrees && summary.estimated);
    assert_eq!(summary.total_cents, 96000);
    // A recount that differs is said.
    let mut other = report.fees.clone();
    other.lines[0].total_cents += 1;
    assert!(!gardes::report::fees::summary(&instance, &statement, &other).recount_agrees);

    let csv = gardes::export::fees::statement(&instance, &statement).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let csv = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert_eq!(
        csv,
        "praticien;nom;periode;type de jour;gardes;forfait unitaire (€);montant (€);estimation\r\n\
         d01;Dr Anne Martin;nuit;semaine;2;150,00;300,00;oui\r\n\
         d01;Dr Anne Martin;jour;dimanche;1;160,00;160,00;non\r\n\
         d02;Dr Bruno Roux;nuit;samedi;1;170,00;170,00;non\r\n\
         d02;Dr Bruno Roux;jour;dimanche;1;160,00;160,00;non\r\n\
         d03;Dr Chloé Vidal;nuit;samedi;1;170,00;170,00;non\r\n\
         Total;;;;6;;960,00;oui\r\n"
    );
}

/// A bridge of a post without bridges is paid as its ordinary kind, by the checker as
/// by the statement: Friday 2027-05-07 after Ascension (Thursday 6 May).
#[test]
fn fees_of_a_bridge_follow_the_post() {
    let (instance, duties) = tiny(
        r#"
horizon = { first = 2027-05-03, last = 2027-05-09 }
[[periods]]
id = "jour"
start = "08:00"
end = "20:00"
[[posts]]
id = "a"
periods = ["jour"]
[[posts]]
id = "b"
periods = ["jour"]
bridge_days = false
[fees]
by_day_kind = { jour = { bridge = 200, weekday = 100 } }
[[practitioners]]
id = "d01"
posts = ["a", "b"]
[rules]
"#,
    );
    let report = check_rows(
        &instance,
        &duties,
        "2027-05-07,a,jour,,,d01\n2027-05-07,b,jour,,,d01\n",
    );
    let kinds: Vec<(gardes::calendar::DayKind, u64)> = report
        .fees
        .lines
        .iter()
        .map(|l| (l.day_kind, l.total_cents))
        .collect();
    use gardes::calendar::DayKind::{Bridge, Weekday};
    assert_eq!(kinds, [(Weekday, 10000), (Bridge, 20000)]);
    let roster = roster_of(
        &instance,
        &duties,
        &[
            ("2027-05-07", "a", "jour", "d01"),
            ("2027-05-07", "b", "jour", "d01"),
        ],
    );
    assert_eq!(
        gardes::fees::statement(
            &instance,
            &duties,
            roster.assignments.iter().map(|a| (a.practitioner, a.duty))
        ),
        report.fees
    );
}

// ---------------------------------------------------------------------------------
// Travel and continuity.

/// docs/rules.md, level 3: the kilometres of each practitioner and the distinct holders
/// of each post with a continuity weight, recomputed by hand. The centre of `a` is at
/// 45° N 2° E; d01 lives 1° north of it and d02 0.1° north (along a meridian the
/// great circle is `R × Δlat`), so one duty of `a` travels `2 × R × Δlat × 1.4`;
/// `b` has no place (0 km).
#[test]
fn travel_and_continuity_figures() {
    let (instance, duties) = tiny(
        r#"
name = "tiny"
places = [
  { id = "centre", lat = 45.0, lon = 2.0, population = 100 },
  { id = "pres", lat = 45.1, lon = 2.0, population = 100 },
  { id = "loin", lat = 46.0, lon = 2.0, population = 100 },
]
[horizon]
first = 2027-01-04
last = 2027-01-05
[rules]
no_two_nights_in_a_row = false
min_rest_after_night_hours = 0
[preferences]
travel_weight = 0.02
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "a"
periods = ["nuit"]
place = "centre"
continuity_weight = 2
[[posts]]
id = "b"
periods = ["nuit"]
continuity_weight = 0.5
[[practitioners]]
id = "d01"
posts = ["a", "b"]
place = "loin"
[[practitioners]]
id = "d02"
posts = ["a", "b"]
place = "pres"
"#,
    );
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-04,a,nuit,,,d01,\n2027-01-04,b,nuit,,,d02,\n2027-01-05,a,nuit,,,d02,\n2027-01-05,b,nuit,,,d01,\n",
    );
    assert!(report.is_valid(), "{}", said(&report));
    let one_degree = 6371.0088 * std::f64::consts::PI / 180.0;
    let (far, near) = (2.0 * one_degree * 1.4, 2.0 * one_degree * 0.1 * 1.4);
    let d01 = instance.practitioner_by_id("d01").unwrap();
    let a = instance.post_by_id("a").unwrap();
    let b = instance.post_by_id("b").unwrap();
    assert!((instance.travel_km(d01, a).unwrap() - far).abs() < 1e-6);
    assert_eq!(instance.travel_km(d01, b), None);
    let p = &report.preferences;
    assert_eq!(p.travel_km_by_practitioner.len(), 2);
    assert!((p.travel_km_by_practitioner[0] - far).abs() < 1e-6);
    assert!((p.travel_km_by_practitioner[1] - near).abs() < 1e-6);
    assert!((p.travel_km - (far + near)).abs() < 1e-6);
    assert!((p.travel_penalty - 0.02 * (far + near)).abs() < 1e-9);
    let holders: Vec<(String, u32, f64)> = p
        .continuity
        .iter()
        .map(|c| (instance.post(c.post).id.to_string(), c.holders, c.weight))
        .collect();
    assert_eq!(
        holders,
        vec![("a".to_owned(), 2, 2.0), ("b".to_owned(), 2, 0.5)]
    );
    assert!((p.continuity_penalty - 5.0).abs() < 1e-12);
    assert!((p.value - (0.02 * (far + near) + 5.0)).abs() < 1e-9);
    assert!((report.weighted_objective() - report.fairness.value - p.value).abs() < 1e-9);
    let text = gardes::labels::check::render_report(&report, &instance);
    assert!(
        text.contains("- trajets : 342.5 km allers-retours, pénalité 6.850\n"),
        "{text}"
    );
    assert!(
        text.contains("- continuité : médecins différents par poste a 2, b 2, pénalité 5.000\n"),
        "{text}"
    );
}

/// A week from Monday 08:00 to Saturday 12:00 (`end_day = 5`) on a post `centre`:
/// the checker sees its whole span. d01 holds the first week and the Wednesday night
/// inside it (an overlap) and the Saturday night 8 hours after its end (a rest of 11
/// hours broken); d02 holds the second week while off on Thursday 14, a day inside it.
/// The fee recount pays each week its clock length, 124 hours at the hourly rate.
#[test]
fn a_week_is_checked_over_its_days() {
    let text = TWO_WEEKS.replace(
        "[[posts]]\nid = \"mende\"",
        "[[periods]]\nid = \"semaine\"\nstart = \"08:00\"\nend = \"12:00\"\nend_day = 5\nweekdays = [\"monday\"]\n[[posts]]\nid = \"centre\"\nperiods = [\"semaine\"]\n[[posts]]\nid = \"mende\"",
    );
    let people = r#"
[[practitioners]]
id = "d01"
posts = ["centre", "mende", "marvejols"]
[[practitioners]]
id = "d02"
posts = ["centre", "mende", "marvejols"]
unavailable = [{ date = 2027-01-14 }]
"#;
    let (instance, duties) = tiny(&format!("{text}\n[rules]\nmin_rest_hours = 11\n{people}"));
    let week = duties
        .iter()
        .find(|d| instance.period(d.period).id.as_str() == "semaine")
        .unwrap();
    assert_eq!(week.start.to_rfc3339(), "2027-01-04T08:00:00+01:00");
    assert_eq!(week.end.to_rfc3339(), "2027-01-09T12:00:00+01:00");
    assert!(!week.night);
    let weeks: Vec<String> = duties
        .iter()
        .filter(|d| d.period == week.period)
        .map(|d| d.date.to_string())
        .collect();
    assert_eq!(weeks, ["2027-01-04", "2027-01-11"]);
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-04,centre,semaine,,,d01\n\
         2027-01-06,marvejols,nuit,,,d01\n\
         2027-01-09,mende,nuit,,,d01\n\
         2027-01-11,centre,semaine,,,d02\n",
    );
    insta::assert_snapshot!(said(&report), @r"
    ligne 5 : d02 est de garde semaine à centre le 2027-01-11 pendant son indisponibilité du 2027-01-14
    lignes 2 et 3 : d01 tient deux gardes qui se chevauchent sur des postes non cumulables : semaine à centre le 2027-01-04 (08:00–2027-01-09 12:00) et nuit à marvejols le 2027-01-06 (20:00–08:00)
    lignes 2 et 4 : d01 n'a que 8 h de repos entre semaine à centre le 2027-01-04 (fin 2027-01-09 12:00) et nuit à mende le 2027-01-09 (début 20:00), repos minimal 11 h
    ");
    let weeks: Vec<(&str, u32, u64)> = report
        .fees
        .lines
        .iter()
        .filter(|l| instance.period(l.period).id.as_str() == "semaine")
        .map(|l| {
            (
                instance.practitioner(l.practitioner).id.as_str(),
                l.duties,
                l.unit_cents,
            )
        })
        .collect();
    assert_eq!(weeks, [("d01", 1, 124 * 1250), ("d02", 1, 124 * 1250)]);
}

const CAPPED_TARGETS: &str = r#"
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
[rules]
no_two_nights_in_a_row = false
[[fairness.categories]]
id = "nuits"
[[practitioners]]
id = "d01"
posts = ["a"]
pledge = 1
[[practitioners]]
id = "d02"
posts = ["a"]
"#;

/// Three nights open to both; d01 pledged one (`max_per_horizon` 1), d02 has no maximum.
/// By shares alone each would be given 1.5 nights, a target d01 cannot reach: the
/// capped shares give d01 1 and d02 the other 2 (docs/rules.md, "Maxima and targets"),
/// and the model's targets are the checker's.
#[test]
fn targets_are_capped_by_the_maximum_over_the_horizon() {
    let (instance, duties) = tiny(CAPPED_TARGETS);
    let report = check_rows(
        &instance,
        &duties,
        "2027-01-04,a,nuit,,,d01,\n2027-01-05,a,nuit,,,d02,\n2027-01-06,a,nuit,,,d02,\n",
    );
    assert!(report.is_valid(), "{}", said(&report));
    let target = |p: &str| {
        let p = instance.practitioner_by_id(p).unwrap();
        report
            .fairness
            .rows
            .iter()
            .find(|r| r.practitioner == p)
            .unwrap()
            .target
    };
    let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-9, "{a} != {b}");
    close(target("d01"), 1.0);
    close(target("d02"), 2.0);
    close(report.fairness.value, 0.0);
    let model = gardes::model::targets(&instance, &duties);
    let d01 = instance.practitioner_by_id("d01").unwrap();
    let d02 = instance.practitioner_by_id("d02").unwrap();
    let c = gardes::instance::CategoryIdx(0);
    close(model[&(d01, c)], 1.0);
    close(model[&(d02, c)], 2.0);
    // Both pledged one night, three nights: every share is capped alike and the parts
    // settle with each over their maximum by the same factor, 1.5 each.
    let (both, duties) = tiny(&format!("{CAPPED_TARGETS}pledge = 1\n"));
    let model = gardes::model::targets(&both, &duties);
    let d02 = both.practitioner_by_id("d02").unwrap();
    close(model[&(d01, c)], 1.5);
    close(model[&(d02, c)], 1.5);
    let report = check_rows(
        &both,
        &duties,
        "2027-01-04,a,nuit,,,d01,\n2027-01-05,a,nuit,,,d02,\n",
    );
    let row = |p| {
        report
            .fairness
            .rows
            .iter()
            .find(|r| r.practitioner == p)
            .unwrap()
            .target
    };
    close(row(d01), 1.5);
    close(row(d02), 1.5);
}
