//! Integration tests: instance. The format is docs/instance-format.md; every kind of
//! problem has a test asserting its code, its place and its French message.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveTime};
use gardes::calendar::{DayKind, RegionalCalendar};
use gardes::instance::{
    codes, load, parse, CategoryIdx, Instance, LoadError, PeriodIdx, PostIdx, PostKind, PracIdx,
    Unavailability, WishKind,
};
use proptest::prelude::*;

const EXAMPLE: &str = include_str!("../docs/example.toml");

/// A small valid instance; tests append keys to its last table (the practitioner
/// `d01`) or add tables after it.
const BASE: &str = r#"[horizon]
first = 2027-01-01
last = 2027-01-31

[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"

[[posts]]
id = "mende"
periods = ["nuit"]

[[practitioners]]
id = "d01"
posts = ["mende"]
"#;

fn ok(text: &str) -> Instance {
    match parse("instance.toml", text) {
        Ok(i) => i,
        Err(d) => panic!("expected a valid instance, got:\n{}", d.render_plain()),
    }
}

/// The problems of `text`, rendered without colours.
fn problems(text: &str) -> String {
    match parse("instance.toml", text) {
        Ok(_) => panic!("expected problems, the instance is valid"),
        Err(d) => d.render_plain(),
    }
}

/// The codes of the problems of `text`, in order.
fn codes_of(text: &str) -> Vec<&'static str> {
    match parse("instance.toml", text) {
        Ok(_) => panic!("expected problems, the instance is valid"),
        Err(d) => d.codes(),
    }
}

fn with(extra: &str) -> String {
    format!("{BASE}{extra}")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("a real time")
}

// ---------------------------------------------------------------------------------
// Valid files.

#[test]
fn example_parses_with_its_values() {
    let i = ok(EXAMPLE);
    assert_eq!(i.name, "Exemple — deux secteurs, janvier 2027");
    assert_eq!(i.horizon.first, date(2027, 1, 1));
    assert_eq!(i.horizon.last, date(2027, 1, 31));
    assert_eq!(i.horizon.time_zone, chrono_tz::Europe::Paris);
    assert!(i.calendar.regional.is_empty());
    assert!(i.calendar.bridge_days);
    assert!(!i.calendar.saturday_after_thursday_holiday_bridge);
    assert_eq!(
        i.calendar.overrides.get(&date(2027, 1, 22)),
        Some(&DayKind::Bridge)
    );
    assert!(i.deep_night);
    assert_eq!(i.fees.per_hour_cents, 1250);
    assert!(!i.fees.per_hour_is_default);
    assert_eq!(
        i.fees.periods.values().copied().collect::<Vec<_>>(),
        [15000, 10000, 15000]
    );
    assert_eq!(i.fees.by_day_kind.len(), 2);

    let ids: Vec<&str> = i.periods.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["soir", "nuit_profonde", "nuit", "samedi", "jour"]);
    let soir = &i.periods[0];
    assert_eq!((soir.start, soir.end), (time(20, 0), time(0, 0)));
    assert_eq!(soir.day_kinds.len(), 5);
    assert!(
        !soir.night,
        "20:00–24:00 ends at midnight, it does not cross it"
    );
    let deep = &i.periods[1];
    assert!(deep.after_midnight && deep.deep_night && deep.night);
    assert_eq!(deep.label, "Nuit profonde");
    let nuit = &i.periods[2];
    assert!(nuit.night && !nuit.deep_night && !nuit.after_midnight);
    assert_eq!(i.periods[3].day_kinds, BTreeSet::from([DayKind::Saturday]));
    assert_eq!(
        i.periods[4].day_kinds,
        BTreeSet::from([DayKind::Sunday, DayKind::Holiday, DayKind::Bridge])
    );

    let mende = &i.posts[0];
    assert_eq!(mende.label, "Secteur de Mende");
    assert_eq!(mende.kind, PostKind::Pdsa);
    let nuit_idx = i.period_by_id("nuit").expect("nuit");
    assert_eq!(mende.demand.len(), 3);
    assert_eq!(mende.demand.get(&nuit_idx), Some(&1));
    assert_eq!(mende.location.as_deref(), Some("Mende"));
    assert_eq!(mende.phone.as_deref(), Some("15"));
    assert!(mende.bridge_days && mende.weekend_bundle);
    assert_eq!(mende.season, None);
    let mcs = &i.posts[1];
    assert_eq!(mcs.kind, PostKind::McsZone);
    assert_eq!(mcs.qualifications, BTreeSet::from(["mcs".to_owned()]));
    assert!(!mcs.weekend_bundle);
    // Declared on mende only, symmetric in the instance.
    assert!(mende.combinable_with.contains(&PostIdx(1)));
    assert!(mcs.combinable_with.contains(&PostIdx(0)));

    let r = &i.rules;
    assert_eq!(r.min_rest_after_night_hours, 11);
    assert_eq!(r.min_rest_hours, 0);
    assert!(r.no_two_nights_in_a_row);
    assert_eq!(r.min_days_between_duties, 2);
    assert_eq!(r.limits.max_per_week, Some(3));
    assert_eq!(r.limits.max_per_month, Some(8));
    assert_eq!(r.limits.max_per_horizon, Some(20));
    assert_eq!(r.limits.max_weekends, Some(3));
    assert!(r.weekend_bundle);

    let f = &i.fairness;
    assert_eq!((f.worst_overload_weight, f.history_weight), (1.0, 1.0));
    let cats: Vec<(&str, f64)> = f
        .categories
        .iter()
        .map(|c| (c.id.as_str(), c.weight))
        .collect();
    assert_eq!(
        cats,
        [
            ("noel_nouvel_an", 4.0),
            ("ferie_pont", 3.0),
            ("weekend", 2.0),
            ("semaine", 1.0)
        ]
    );
    assert_eq!(
        f.categories[0].month_days,
        BTreeSet::from([(12, 24), (12, 25), (12, 31), (1, 1)])
    );
    assert_eq!(f.categories[3].label, "Soirs et nuits de semaine");
    assert_eq!(
        (
            i.preferences.wish_weight,
            i.preferences.combined_duty_penalty
        ),
        (1.0, 1.0)
    );

    let d01 = &i.practitioners[0];
    assert_eq!(d01.name, "Dr Anne Martin");
    assert_eq!(d01.email.as_deref(), Some("anne.martin@example.org"));
    assert_eq!(d01.profession, "medecin");
    assert_eq!(d01.posts, BTreeSet::from([PostIdx(0), PostIdx(1)]));
    assert_eq!(d01.share, 1.0);
    assert_eq!(d01.limits.max_per_month, Some(6));
    assert_eq!(d01.limits.max_weekends, Some(2));
    assert_eq!(d01.limits.max_per_week, None);
    let d01_idx = i.practitioner_by_id("d01").expect("d01");
    assert_eq!(
        i.limits_of(d01_idx).max_per_week,
        Some(3),
        "falls back on the rules"
    );
    assert_eq!(d01.history.get(&CategoryIdx(2)), Some(&3.0));
    assert_eq!(d01.history.get(&CategoryIdx(0)), Some(&1.0));
    assert_eq!(
        d01.unavailable,
        [
            Unavailability::Dates {
                from: date(2027, 1, 18),
                to: date(2027, 1, 24)
            },
            Unavailability::Dates {
                from: date(2027, 1, 5),
                to: date(2027, 1, 5)
            },
            Unavailability::Duty {
                post: PostIdx(0),
                period: nuit_idx,
                date: date(2027, 1, 9)
            },
        ]
    );
    let wishes: Vec<(WishKind, u32)> = d01.wishes.iter().map(|w| (w.kind, w.weight)).collect();
    assert_eq!(
        wishes,
        [(WishKind::Off, 3), (WishKind::On, 2), (WishKind::Off, 1)]
    );
    assert_eq!(
        d01.wishes[1].target,
        Unavailability::Duty {
            post: PostIdx(0),
            period: i.period_by_id("jour").expect("jour"),
            date: date(2027, 1, 10)
        }
    );

    let d02 = &i.practitioners[1];
    assert_eq!((d02.name.as_str(), d02.share), ("Dr Bruno Roux", 0.5));
    assert_eq!(d02.profession, "medecin");
    assert!(d02.unavailable.is_empty() && d02.wishes.is_empty() && d02.history.is_empty());
}

#[test]
fn defaults_apply_when_keys_are_omitted() {
    let i = ok(BASE);
    assert_eq!(i.name, "instance", "the file name without extension");
    assert_eq!(i.horizon.time_zone, chrono_tz::Europe::Paris);
    assert!(i.deep_night);
    assert_eq!(i.calendar, gardes::calendar::CalendarOptions::default());

    let nuit = &i.periods[0];
    assert_eq!(nuit.label, "nuit", "the label defaults to the id");
    assert_eq!(nuit.day_kinds.len(), 5);
    assert!(nuit.night && !nuit.deep_night && !nuit.after_midnight);

    let mende = &i.posts[0];
    assert_eq!(mende.label, "mende");
    assert_eq!(mende.kind, PostKind::Pdsa);
    assert_eq!(mende.demand.get(&PeriodIdx(0)), Some(&1));
    assert!(mende.bridge_days);
    assert!(
        !mende.weekend_bundle,
        "rules.weekend_bundle defaults to false"
    );
    assert!(mende.qualifications.is_empty() && mende.combinable_with.is_empty());

    let r = &i.rules;
    assert_eq!(r.min_rest_after_night_hours, 11);
    assert_eq!(r.min_rest_hours, 0);
    assert!(r.no_two_nights_in_a_row);
    assert_eq!(r.min_days_between_duties, 0);
    assert_eq!(r.limits, gardes::instance::Limits::default());
    assert!(!r.weekend_bundle);

    assert_eq!(i.fairness.worst_overload_weight, 1.0);
    assert_eq!(i.fairness.history_weight, 1.0);
    assert_eq!(i.preferences.wish_weight, 1.0);
    assert_eq!(i.preferences.combined_duty_penalty, 1.0);

    let d01 = &i.practitioners[0];
    assert_eq!(d01.name, "d01", "the name defaults to the id");
    assert_eq!(d01.profession, "medecin");
    assert_eq!(d01.share, 1.0);
    assert_eq!(d01.limits, gardes::instance::Limits::default());
}

#[test]
fn default_fairness_categories_in_order() {
    let i = ok(BASE);
    let cats: Vec<(&str, &str, f64)> = i
        .fairness
        .categories
        .iter()
        .map(|c| (c.id.as_str(), c.label.as_str(), c.weight))
        .collect();
    assert_eq!(
        cats,
        [
            ("noel_nouvel_an", "Noël et Nouvel An", 4.0),
            ("ferie_pont", "Fériés et ponts", 3.0),
            ("weekend", "Week-ends", 2.0),
            ("semaine", "Soirs et nuits de semaine", 1.0),
        ]
    );
    let c = &i.fairness.categories;
    assert_eq!(
        c[0].month_days,
        BTreeSet::from([(12, 24), (12, 25), (12, 31), (1, 1)])
    );
    assert_eq!(
        c[1].day_kinds,
        BTreeSet::from([DayKind::Holiday, DayKind::Bridge])
    );
    assert_eq!(
        c[2].day_kinds,
        BTreeSet::from([DayKind::Saturday, DayKind::Sunday])
    );
    assert_eq!(c[3].day_kinds, BTreeSet::from([DayKind::Weekday]));
    // The defaults can be named in a history.
    let i = ok(&with("history = { ferie_pont = 2 }\n"));
    assert_eq!(i.practitioners[0].history.get(&CategoryIdx(1)), Some(&2.0));
}

#[test]
fn night_defaults_to_crossing_or_after_midnight() {
    let i = ok(r#"
[horizon]
first = 2027-01-01
last = 2027-01-02
[[periods]]
id = "soir"
start = "20:00"
end = "24:00"
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[periods]]
id = "profonde"
start = "00:00"
end = "08:00"
after_midnight = true
[[periods]]
id = "jour"
start = "08:00"
end = "20:00"
[[periods]]
id = "garde"
start = "20:00"
end = "08:00"
night = false
"#);
    let nights: Vec<(&str, bool)> = i.periods.iter().map(|p| (p.id.as_str(), p.night)).collect();
    assert_eq!(
        nights,
        [
            ("soir", false),
            ("nuit", true),
            ("profonde", true),
            ("jour", false),
            ("garde", false)
        ]
    );
}

#[test]
fn clock_times_may_be_toml_local_times() {
    let i = ok(&BASE.replace(r#"start = "20:00""#, "start = 20:30:00"));
    assert_eq!(i.periods[0].start, time(20, 30));
}

#[test]
fn demand_table_sets_some_periods_others_default_to_one() {
    let i = ok(r#"
[horizon]
first = 2027-01-01
last = 2027-01-02
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[periods]]
id = "jour"
start = "08:00"
end = "20:00"
[[posts]]
id = "mmg"
kind = "mmg"
periods = ["nuit", "jour"]
demand = { jour = 2 }
[[posts]]
id = "vrm"
kind = "mobile_doctor"
periods = ["jour"]
demand = 3
"#);
    assert_eq!(
        i.posts[0]
            .demand
            .iter()
            .map(|(p, d)| (p.0, *d))
            .collect::<Vec<_>>(),
        [(0, 1), (1, 2)]
    );
    assert_eq!(i.posts[1].kind, PostKind::MobileDoctor);
    assert_eq!(i.posts[1].demand.get(&PeriodIdx(1)), Some(&3));
}

#[test]
fn a_season_may_extend_beyond_the_horizon() {
    let i = ok(&BASE.replace(
        "periods = [\"nuit\"]\n",
        "periods = [\"nuit\"]\nseason = { first = 2026-12-01, last = 2027-03-15 }\n",
    ));
    assert_eq!(
        i.posts[0].season,
        Some((date(2026, 12, 1), date(2027, 3, 15)))
    );
}

#[test]
fn regional_calendars_and_overrides() {
    let i = ok(&BASE.replace(
        "[[periods]]",
        "[calendar]\nregional = [\"alsace_moselle\", \"reunion\"]\nbridge_days = false\n\
         saturday_after_thursday_holiday_bridge = true\ndeep_night = false\n\
         overrides = [{ date = 2027-01-04, kind = \"holiday\" }]\n\n[[periods]]",
    ));
    assert_eq!(
        i.calendar.regional,
        BTreeSet::from([RegionalCalendar::AlsaceMoselle, RegionalCalendar::Reunion])
    );
    assert!(!i.calendar.bridge_days);
    assert!(i.calendar.saturday_after_thursday_holiday_bridge);
    assert!(!i.deep_night);
    assert_eq!(
        i.calendar.overrides.get(&date(2027, 1, 4)),
        Some(&DayKind::Holiday)
    );
}

#[test]
fn a_practitioner_who_may_serve_nowhere_is_allowed() {
    let i = ok(&with(
        "[[practitioners]]\nid = \"d02\"\nposts = []\n[[practitioners]]\nid = \"d03\"\n",
    ));
    assert!(i.practitioners[1].posts.is_empty());
    assert!(i.practitioners[2].posts.is_empty());
}

#[test]
fn wish_weight_defaults_to_one() {
    let i = ok(&with(
        "wishes = [{ on = { from = 2027-01-02, to = 2027-01-03 } }]\n",
    ));
    let w = &i.practitioners[0].wishes[0];
    assert_eq!((w.kind, w.weight), (WishKind::On, 1));
}

#[test]
fn categories_given_replace_the_defaults() {
    let i = ok(&with(
        "[[fairness.categories]]\nid = \"nuits\"\nperiods = [\"nuit\"]\npost_kinds = [\"pdsa\"]\n\
         month_days = [\"02-29\"]\n",
    ));
    let c = &i.fairness.categories;
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].label.as_str(), c[0].weight), ("nuits", 1.0));
    assert_eq!(c[0].periods, BTreeSet::from([PeriodIdx(0)]));
    assert_eq!(c[0].post_kinds, BTreeSet::from([PostKind::Pdsa]));
    assert_eq!(c[0].month_days, BTreeSet::from([(2, 29)]));
}

/// A category of optional posts only shares the seats filled unless it says otherwise;
/// any other category shares the demand; a wrong word is located.
#[test]
fn category_targets_default_and_errors() {
    use gardes::instance::TargetBasis;
    let mcs = "[[posts]]\nid = \"m\"\nkind = \"mcs\"\nperiods = [\"nuit\"]\n";
    let i = ok(&format!(
        "{mcs}{BASE}[[fairness.categories]]\nid = \"mcs\"\npost_kinds = [\"mcs\"]\n\
         [[fairness.categories]]\nid = \"mcs_dit\"\npost_kinds = [\"mcs\"]\ntargets = \"demand\"\n\
         [[fairness.categories]]\nid = \"autres\"\n\
         [[fairness.categories]]\nid = \"dit\"\ntargets = \"filled\"\n"
    ));
    let bases: Vec<TargetBasis> = i.fairness.categories.iter().map(|c| c.targets).collect();
    assert_eq!(
        bases,
        [
            TargetBasis::Filled,
            TargetBasis::Demand,
            TargetBasis::Demand,
            TargetBasis::Filled
        ]
    );
    // The default categories match the required sector too.
    assert!(ok(BASE)
        .fairness
        .categories
        .iter()
        .all(|c| c.targets == TargetBasis::Demand));
    let text = with("[[fairness.categories]]\nid = \"mcs\"\ntargets = \"filed\"\n");
    assert_eq!(codes_of(&text), [codes::UNKNOWN_TARGET_BASIS]);
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:19:11: catégorie "mcs" : base des cibles inconnue "filed", attendu demand ou filled
       |
    19 | targets = "filed"
       |           ^^^^^^^
       = aide : vouliez-vous dire "filled" ?
    "#);
}

/// `max_per_month_by_kind`: post kinds as keys, merged kind by kind with the rules'.
#[test]
fn max_per_month_by_kind_is_merged_kind_by_kind() {
    let i = ok(&format!(
        "[rules]\nmax_per_month_by_kind = {{ mcs = 8, pdsa = 5 }}\n{BASE}limits = {{ max_per_month_by_kind = {{ mcs = 3 }} }}\n"
    ));
    let limits = i.limits_of(gardes::instance::PracIdx(0));
    assert_eq!(
        limits.max_per_month_by_kind,
        std::collections::BTreeMap::from([(PostKind::Pdsa, 5), (PostKind::McsZone, 3)])
    );
    let text = with("limits = { max_per_month_by_kind = { msc = -1 } }\n");
    assert_eq!(
        codes_of(&text),
        [codes::UNKNOWN_POST_KIND, codes::INVALID_NUMBER]
    );
}

/// `[fees]`: defaults when absent (PDSA and MMG at €12.50 an hour, estimates), the
/// file's amounts by period and by day kind, and every bad value located.
#[test]
fn fees_default_and_given() {
    use gardes::instance::{Fee, PeriodIdx};
    let i = ok(BASE);
    assert_eq!(i.fees, gardes::instance::Fees::default());
    let nuit = i.period(PeriodIdx(0));
    // 20:00–08:00 is 12 hours: €150, an estimate.
    assert_eq!(
        i.fees
            .fee(PeriodIdx(0), nuit, DayKind::Weekday, PostKind::Pdsa),
        Some(Fee {
            cents: 15000,
            estimate: true
        })
    );
    assert_eq!(
        i.fees
            .fee(PeriodIdx(0), nuit, DayKind::Weekday, PostKind::McsZone),
        None
    );

    let i = ok(&format!(
        "[fees]\npost_kinds = [\"mcs\"]\nper_hour = 10\nperiods = {{ nuit = 150.5 }}\nby_day_kind = {{ nuit = {{ sunday = 180 }} }}\n{BASE}"
    ));
    let nuit = i.period(PeriodIdx(0));
    let fee = |k| i.fees.fee(PeriodIdx(0), nuit, k, PostKind::McsZone);
    assert_eq!(
        fee(DayKind::Weekday),
        Some(Fee {
            cents: 15050,
            estimate: false
        })
    );
    assert_eq!(
        fee(DayKind::Sunday),
        Some(Fee {
            cents: 18000,
            estimate: false
        })
    );
    assert_eq!(
        i.fees
            .fee(PeriodIdx(0), nuit, DayKind::Sunday, PostKind::Pdsa),
        None
    );
    assert!(!i.fees.per_hour_is_default);
    assert_eq!(i.fees.per_hour_cents, 1000);

    let text = format!(
        "[fees]\npost_kinds = [\"psda\"]\nper_hour = -1\nperiods = {{ nuit = 1.005, niut = 3 }}\nby_day_kind = {{ nuit = {{ dimanche = 1 }} }}\n{BASE}"
    );
    assert_eq!(
        codes_of(&text),
        [
            codes::UNKNOWN_POST_KIND,
            codes::INVALID_FEE,
            codes::INVALID_FEE,
            codes::UNKNOWN_PERIOD,
            codes::UNKNOWN_DAY_KIND,
        ]
    );
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:2:15: [fees] : type de poste inconnu "psda", attendu pdsa, mcs, mmg, mobile_doctor, physio_weekend ou other
      |
    2 | post_kinds = ["psda"]
      |               ^^^^^^
      = aide : vouliez-vous dire "pdsa" ?
    instance.toml:3:12: [fees] : per_hour = -1 invalide, attendu un montant en euros entre 0 et 1000000, au centime près
      |
    3 | per_hour = -1
      |            ^^
    instance.toml:4:20: [fees] : periods.nuit = 1.005 invalide, attendu un montant en euros entre 0 et 1000000, au centime près
      |
    4 | periods = { nuit = 1.005, niut = 3 }
      |                    ^^^^^
    instance.toml:4:27: [fees] : période inconnue "niut" ; périodes déclarées : nuit
      |
    4 | periods = { nuit = 1.005, niut = 3 }
      |                           ^^^^
      = aide : vouliez-vous dire "nuit" ?
    instance.toml:5:26: [fees] : type de jour inconnu "dimanche", attendu weekday, saturday, sunday, holiday ou bridge
      |
    5 | by_day_kind = { nuit = { dimanche = 1 } }
      |                          ^^^^^^^^
      = aide : le fichier emploie les mots anglais : "sunday"
    "#);
}

/// A byte-order mark (editors on Windows add one) is not part of the file: the
/// instance read is the same as without it, and a problem on the first line keeps its
/// line and column, its source line shown without the mark.
#[test]
fn a_byte_order_mark_is_ignored() {
    assert_eq!(
        format!("{:?}", ok(&format!("\u{feff}{BASE}"))),
        format!("{:?}", ok(BASE))
    );
    let bad = format!("name = 3\n{BASE}");
    let with_mark = problems(&format!("\u{feff}{bad}"));
    assert!(with_mark.starts_with("instance.toml:1:8: "), "{with_mark}");
    assert!(with_mark.contains("1 | name = 3\n"), "{with_mark}");
    assert_eq!(with_mark, problems(&bad));
}

// ---------------------------------------------------------------------------------
// One test per kind of problem.

#[test]
fn syntax_error_is_located() {
    insta::assert_snapshot!(problems(&BASE.replace(r#"id = "nuit""#, r#"id = "nuit"#)), @r#"
    instance.toml:6:11: syntaxe TOML invalide : chaîne mal formée (guillemet fermant manquant ?), attendu `"`
      |
    6 | id = "nuit
      |           ^
    "#);
}

#[test]
fn syntax_errors_are_all_reported() {
    let text = "[horizon]\nfirst = 2027-01-01\nfirst = 2027-01-02\nlast = 2027-13-01\n";
    insta::assert_snapshot!(problems(text), @"
    instance.toml:3:1: syntaxe TOML invalide : clé en double
      |
    3 | first = 2027-01-02
      | ^^^^^
    instance.toml:4:8: syntaxe TOML invalide : date invalide, attendu un mois entre 01 et 12
      |
    4 | last = 2027-13-01
      |        ^^^^^^^^^^
    ");
}

#[test]
fn type_error_is_located_with_what_was_expected() {
    insta::assert_snapshot!(problems(&with("share = \"0.5\"\n")), @r#"
    instance.toml:17:9: praticien "d01" : la clé "share" doit être un nombre, trouvé la chaîne "0.5"
       |
    17 | share = "0.5"
       |         ^^^^^
       = aide : retirez les guillemets : 0.5
    "#);
}

#[test]
fn type_error_for_a_table_instead_of_an_array_of_tables() {
    insta::assert_snapshot!(problems("[horizon]\nfirst = 2027-01-01\nlast = 2027-01-31\n[periods]\nid = \"x\"\n"), @r#"
    instance.toml:4:1: la clé "periods" doit être une liste [ … ], trouvé une table
      |
    4 | [periods]
      | ^^^^^^^^^
      = aide : pour une liste de tables, écrivez [[periods]] devant chaque élément
    "#);
}

#[test]
fn type_error_in_a_list() {
    insta::assert_snapshot!(problems(&with("qualifications = [\"mcs\", 3]\n")), @r#"
    instance.toml:17:26: praticien "d01" : l'élément n° 2 de "qualifications" doit être une chaîne entre guillemets, trouvé l'entier 3
       |
    17 | qualifications = ["mcs", 3]
       |                          ^
    "#);
}

#[test]
fn unknown_keys_are_all_reported_with_did_you_mean() {
    let text = with("nmae = \"Dr X\"\n[rules]\nmax_per_wek = 3\nfoo = 1\n");
    insta::assert_snapshot!(problems(&text.replace("[horizon]", "nom = \"x\"\n[horizon]")), @r#"
    instance.toml:1:1: clé inconnue "nom" au premier niveau du fichier
      |
    1 | nom = "x"
      | ^^^
      = aide : clés possibles : name, horizon, calendar, periods, posts, rules, fairness, preferences, practitioners, coverage, places, emergency_bases, objective, fees
    instance.toml:18:1: clé inconnue "nmae" dans le praticien "d01" ; vouliez-vous dire "name" ?
       |
    18 | nmae = "Dr X"
       | ^^^^
       = aide : clés possibles ici : id, name, email, profession, qualifications, posts, share, pledge, limits, history, unavailable, available, wishes, place
    instance.toml:20:1: clé inconnue "max_per_wek" dans [rules] ; vouliez-vous dire "max_per_week" ?
       |
    20 | max_per_wek = 3
       | ^^^^^^^^^^^
       = aide : clés possibles ici : min_rest_after_night_hours, min_rest_hours, no_two_nights_in_a_row, min_days_between_duties, max_per_week, max_per_month, max_per_horizon, max_weekends, max_consecutive_days, min_consecutive_days, min_consecutive_days_off, min_minutes, max_minutes, max_per_period, max_per_month_by_kind, weekend_bundle, exempt_runs_at_horizon_ends
    instance.toml:21:1: clé inconnue "foo" dans [rules]
       |
    21 | foo = 1
       | ^^^
       = aide : clés possibles ici : min_rest_after_night_hours, min_rest_hours, no_two_nights_in_a_row, min_days_between_duties, max_per_week, max_per_month, max_per_horizon, max_weekends, max_consecutive_days, min_consecutive_days, min_consecutive_days_off, min_minutes, max_minutes, max_per_period, max_per_month_by_kind, weekend_bundle, exempt_runs_at_horizon_ends
    "#);
}

#[test]
fn unknown_key_in_an_inline_table() {
    insta::assert_snapshot!(problems(&with("unavailable = [{ dat = 2027-01-05 }]\n")), @r#"
    instance.toml:17:16: indisponibilité n° 1 du praticien "d01" : aucune date
       |
    17 | unavailable = [{ dat = 2027-01-05 }]
       |                ^^^^^^^^^^^^^^^^^^^^
       = aide : attendu { from = …, to = … }, { date = … } ou { post = …, period = …, date = … }
    instance.toml:17:18: clé inconnue "dat" dans l'indisponibilité n° 1 du praticien "d01" ; vouliez-vous dire "date" ?
       |
    17 | unavailable = [{ dat = 2027-01-05 }]
       |                  ^^^
       = aide : clés possibles ici : from, to, date, post, period
    "#);
}

#[test]
fn missing_horizon() {
    insta::assert_snapshot!(problems("name = \"x\"\n"), @r#"
    instance.toml:1:1: section [horizon] manquante
      |
    1 | name = "x"
      | ^
      = aide : ajoutez [horizon] avec first = 2027-01-01 et last = 2027-03-31
    "#);
}

#[test]
fn missing_keys() {
    insta::assert_snapshot!(problems(r#"[horizon]
first = 2027-01-01
[[periods]]
label = "Nuit"
[[posts]]
id = "mende"
"#), @r#"
    instance.toml:1:1: [horizon] : clé "last" manquante
      |
    1 | [horizon]
      | ^^^^^^^^^
      = aide : attendu par exemple : last = 2027-01-01
    instance.toml:3:1: période n° 1 : clé "id" manquante
      |
    3 | [[periods]]
      | ^^^^^^^^^^^
      = aide : attendu par exemple : id = "nuit"
    instance.toml:3:1: période n° 1 : clé "start" manquante
      |
    3 | [[periods]]
      | ^^^^^^^^^^^
      = aide : attendu par exemple : start = "20:00"
    instance.toml:3:1: période n° 1 : clé "end" manquante
      |
    3 | [[periods]]
      | ^^^^^^^^^^^
      = aide : attendu par exemple : end = "08:00"
    instance.toml:5:1: poste "mende" : clé "periods" manquante
      |
    5 | [[posts]]
      | ^^^^^^^^^
      = aide : attendu par exemple : periods = ["nuit"]
    "#);
}

#[test]
fn invalid_id() {
    insta::assert_snapshot!(problems(&with("[[practitioners]]\nid = \"Dr Roux\"\n")), @r#"
    instance.toml:18:6: praticien "Dr Roux" : identifiant "Dr Roux" invalide, attendu des lettres, des chiffres, « - » ou « _ »
       |
    18 | id = "Dr Roux"
       |      ^^^^^^^^^
       = aide : l'identifiant sert dans les noms de fichiers et les agendas ; mettez le texte libre dans label ou name
    "#);
}

#[test]
fn references_to_an_invalid_id_are_not_reported_again() {
    let text = BASE
        .replace("id = \"mende\"", "id = \"Mende centre\"")
        .replace("posts = [\"mende\"]", "posts = [\"Mende centre\"]");
    assert_eq!(codes_of(&text), [codes::INVALID_ID]);
}

#[test]
fn duplicate_ids() {
    let text = with(
        "[[practitioners]]\nid = \"d01\"\n[[posts]]\nid = \"mende\"\nperiods = []\n\
         [[fairness.categories]]\nid = \"we\"\n[[fairness.categories]]\nid = \"we\"\n",
    );
    let text = text.replace("[[posts]]\nid = \"mende\"\nperiods = [\"nuit\"]", "[[periods]]\nid = \"nuit\"\nstart = \"08:00\"\nend = \"20:00\"\n[[posts]]\nid = \"mende\"\nperiods = [\"nuit\"]");
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:11:6: période "nuit" déclarée deux fois (première déclaration ligne 6)
       |
    11 | id = "nuit"
       |      ^^^^^^
    instance.toml:22:6: praticien "d01" déclaré deux fois (première déclaration ligne 19)
       |
    22 | id = "d01"
       |      ^^^^^
    instance.toml:24:6: poste "mende" déclaré deux fois (première déclaration ligne 15)
       |
    24 | id = "mende"
       |      ^^^^^^^
    instance.toml:29:6: catégorie "we" déclarée deux fois (première déclaration ligne 27)
       |
    29 | id = "we"
       |      ^^^^
    "#);
}

#[test]
fn invalid_dates() {
    let text = BASE
        .replace("first = 2027-01-01", "first = \"2027-01-01\"")
        .replace("last = 2027-01-31", "last = 2027-01-31T08:00:00");
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:2:9: [horizon] : first doit être une date AAAA-MM-JJ, trouvé la chaîne "2027-01-01"
      |
    2 | first = "2027-01-01"
      |         ^^^^^^^^^^^^
      = aide : écrivez la date sans guillemets : first = 2027-01-01
    instance.toml:3:8: [horizon] : last doit être une date sans heure, trouvé 2027-01-31T08:00:00
      |
    3 | last = 2027-01-31T08:00:00
      |        ^^^^^^^^^^^^^^^^^^^
      = aide : écrivez seulement la date : last = 2027-01-31
    "#);
}

#[test]
fn reversed_horizon() {
    let text = BASE.replace("last = 2027-01-31", "last = 2026-12-31");
    assert_eq!(codes_of(&text), [codes::REVERSED_HORIZON]);
    insta::assert_snapshot!(problems(&text), @"
    instance.toml:3:8: [horizon] : horizon vide, last (2026-12-31) est avant first (2027-01-01)
      |
    3 | last = 2026-12-31
      |        ^^^^^^^^^^
    ");
}

#[test]
fn horizon_too_long() {
    let text = BASE.replace("last = 2027-01-31", "last = 2207-01-31");
    insta::assert_snapshot!(problems(&text), @"
    instance.toml:3:8: [horizon] : horizon de 65774 jours, au plus 3653 (dix ans)
      |
    3 | last = 2207-01-31
      |        ^^^^^^^^^^
      = aide : vérifiez l'année de first et de last
    ");
}

#[test]
fn unknown_time_zone() {
    let text = BASE.replace(
        "last = 2027-01-31",
        "last = 2027-01-31\ntime_zone = \"Europe/Pari\"",
    );
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:4:13: [horizon] : fuseau horaire inconnu "Europe/Pari"
      |
    4 | time_zone = "Europe/Pari"
      |             ^^^^^^^^^^^^^
      = aide : vouliez-vous dire "Europe/Paris" ?
    "#);
}

#[test]
fn bad_clock_times() {
    let text = BASE
        .replace(r#"start = "20:00""#, r#"start = "24:00""#)
        .replace(r#"end = "08:00""#, r#"end = "25:00""#);
    let text = format!("{text}[[periods]]\nid = \"b\"\nstart = \"8:00\"\nend = \"12:60\"\n");
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:7:9: période "nuit" : début "24:00" invalide, attendu HH:MM entre 00:00 et 23:59
      |
    7 | start = "24:00"
      |         ^^^^^^^
      = aide : "24:00" n'est accepté qu'en fin de période
    instance.toml:8:7: période "nuit" : fin "25:00" invalide, attendu HH:MM entre 00:00 et 23:59 (ou 24:00)
      |
    8 | end = "25:00"
      |       ^^^^^^^
    instance.toml:19:9: période "b" : début "8:00" invalide, attendu HH:MM entre 00:00 et 23:59
       |
    19 | start = "8:00"
       |         ^^^^^^
       = aide : écrivez "08:00"
    instance.toml:20:7: période "b" : fin "12:60" invalide, attendu HH:MM entre 00:00 et 23:59 (ou 24:00)
       |
    20 | end = "12:60"
       |       ^^^^^^^
    "#);
}

#[test]
fn end_at_24_00_is_midnight() {
    let i = ok(&BASE.replace(r#"end = "08:00""#, r#"end = "24:00""#));
    assert_eq!(i.periods[0].end, time(0, 0));
}

#[test]
fn period_whose_start_equals_its_end() {
    let text = BASE.replace(r#"end = "08:00""#, r#"end = "20:00""#);
    assert_eq!(codes_of(&text), [codes::EMPTY_PERIOD]);
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:8:7: période "nuit" : début et fin à la même heure (20:00), la période durerait 0 ou 24 h
      |
    8 | end = "20:00"
      |       ^^^^^^^
      = aide : pour une garde de 24 h, ajoutez end_day = 1 (fin le lendemain à la même heure), ou déclarez deux périodes, par exemple 08:00–20:00 et 20:00–08:00
    "#);
}

#[test]
fn period_on_no_day_kind() {
    let text = BASE.replace(r#"end = "08:00""#, "end = \"08:00\"\nday_kinds = []");
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:9:13: période "nuit" : day_kinds est vide, la période n'existerait aucun jour
      |
    9 | day_kinds = []
      |             ^^
      = aide : omettez day_kinds pour les cinq types de jour
    "#);
}

#[test]
fn unknown_day_kinds() {
    let text = BASE.replace(
        r#"end = "08:00""#,
        "end = \"08:00\"\nday_kinds = [\"samedi\", \"sundy\", \"xyz\"]",
    );
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:9:14: période "nuit" : type de jour inconnu "samedi", attendu weekday, saturday, sunday, holiday ou bridge
      |
    9 | day_kinds = ["samedi", "sundy", "xyz"]
      |              ^^^^^^^^
      = aide : le fichier emploie les mots anglais : "saturday"
    instance.toml:9:24: période "nuit" : type de jour inconnu "sundy", attendu weekday, saturday, sunday, holiday ou bridge
      |
    9 | day_kinds = ["samedi", "sundy", "xyz"]
      |                        ^^^^^^^
      = aide : vouliez-vous dire "sunday" ?
    instance.toml:9:33: période "nuit" : type de jour inconnu "xyz", attendu weekday, saturday, sunday, holiday ou bridge
      |
    9 | day_kinds = ["samedi", "sundy", "xyz"]
      |                                 ^^^^^
    "#);
}

#[test]
fn unknown_post_kind() {
    let text = BASE.replace("id = \"mende\"", "id = \"mende\"\nkind = \"pds\"");
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:12:8: poste "mende" : type de poste inconnu "pds", attendu pdsa, mcs, mmg, mobile_doctor, physio_weekend ou other
       |
    12 | kind = "pds"
       |        ^^^^^
       = aide : vouliez-vous dire "pdsa" ?
    "#);
}

#[test]
fn unknown_regional_calendar() {
    let text = format!("[calendar]\nregional = [\"alsace\"]\n{BASE}");
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:2:13: [calendar] : calendrier régional inconnu "alsace", attendu alsace_moselle, mayotte, martinique, guadeloupe, saint_martin, guyane, saint_barthelemy ou reunion
      |
    2 | regional = ["alsace"]
      |             ^^^^^^^^
      = aide : vouliez-vous dire "alsace_moselle" ?
    "#);
}

#[test]
fn unknown_post() {
    let text = BASE.replace("posts = [\"mende\"]", "posts = [\"mendee\"]");
    assert_eq!(codes_of(&text), [codes::UNKNOWN_POST]);
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:16:10: praticien "d01" : poste inconnu "mendee" ; postes déclarés : mende
       |
    16 | posts = ["mendee"]
       |          ^^^^^^^^
       = aide : vouliez-vous dire "mende" ?
    "#);
}

#[test]
fn unknown_periods() {
    let text = BASE.replace("periods = [\"nuit\"]", "periods = [\"nuits\"]");
    let text = format!("{text}[[fairness.categories]]\nid = \"c\"\nperiods = [\"jour\"]\n");
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:12:12: poste "mende" : période inconnue "nuits" ; périodes déclarées : nuit
       |
    12 | periods = ["nuits"]
       |            ^^^^^^^
       = aide : vouliez-vous dire "nuit" ?
    instance.toml:19:12: catégorie "c" : période inconnue "jour" ; périodes déclarées : nuit
       |
    19 | periods = ["jour"]
       |            ^^^^^^
    "#);
}

#[test]
fn unknown_combinable_post() {
    let text = BASE.replace(
        "periods = [\"nuit\"]",
        "periods = [\"nuit\"]\ncombinable_with = [\"mcs\"]",
    );
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:13:20: poste "mende" : poste inconnu "mcs" ; postes déclarés : mende
       |
    13 | combinable_with = ["mcs"]
       |                    ^^^^^
    "#);
}

#[test]
fn post_combinable_with_itself() {
    let text = BASE.replace(
        "periods = [\"nuit\"]",
        "periods = [\"nuit\"]\ncombinable_with = [\"mende\"]",
    );
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:13:20: poste "mende" : un poste ne peut être cumulable avec lui-même
       |
    13 | combinable_with = ["mende"]
       |                    ^^^^^^^
    "#);
}

#[test]
fn unknown_history_category() {
    insta::assert_snapshot!(problems(&with("history = { weekends = 2 }\n")), @r#"
    instance.toml:17:13: praticien "d01", history : catégorie inconnue "weekends" ; catégories : noel_nouvel_an, ferie_pont, weekend, semaine
       |
    17 | history = { weekends = 2 }
       |             ^^^^^^^^
       = aide : vouliez-vous dire "weekend" ?
    "#);
}

#[test]
fn unknown_post_and_period_in_unavailability_and_wish() {
    let text = with(
        "unavailable = [{ post = \"mendee\", period = \"nuit\", date = 2027-01-05 }]\n\
         wishes = [{ on = { post = \"mende\", period = \"jour\", date = 2027-01-05 } }]\n",
    );
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:17:25: indisponibilité n° 1 du praticien "d01" : poste inconnu "mendee" ; postes déclarés : mende
       |
    17 | unavailable = [{ post = "mendee", period = "nuit", date = 2027-01-05 }]
       |                         ^^^^^^^^
       = aide : vouliez-vous dire "mende" ?
    instance.toml:18:45: cible on du souhait n° 1 du praticien "d01" : période inconnue "jour" ; périodes déclarées : nuit
       |
    18 | wishes = [{ on = { post = "mende", period = "jour", date = 2027-01-05 } }]
       |                                             ^^^^^^
    "#);
}

#[test]
fn invalid_demand() {
    let text = BASE.replace("periods = [\"nuit\"]", "periods = [\"nuit\"]\ndemand = 0");
    assert_eq!(codes_of(&text), [codes::INVALID_DEMAND]);
    let text = BASE.replace(
        "periods = [\"nuit\"]",
        "periods = [\"nuit\"]\ndemand = { nuit = -1 }",
    );
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:13:19: poste "mende" : demande -1 invalide, attendu un entier ≥ 1 (personnes de garde en même temps)
       |
    13 | demand = { nuit = -1 }
       |                   ^^
    "#);
}

#[test]
fn demand_naming_a_period_the_post_does_not_list() {
    let text = format!(
        "{}[[periods]]\nid = \"jour\"\nstart = \"08:00\"\nend = \"20:00\"\n",
        BASE.replace(
            "periods = [\"nuit\"]",
            "periods = [\"nuit\"]\ndemand = { nuit = 1, jour = 2 }"
        )
    );
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:13:22: poste "mende" : la demande nomme la période "jour", que le poste ne couvre pas ; périodes du poste : nuit
       |
    13 | demand = { nuit = 1, jour = 2 }
       |                      ^^^^
    "#);
}

#[test]
fn periods_of_a_post_are_named_by_id_after_an_entry_without_id() {
    // The first period has no id: the post's periods must still be listed by name.
    let text = format!(
        "[[periods]]\nstart = \"08:00\"\nend = \"09:00\"\n{}",
        BASE.replace(
            "periods = [\"nuit\"]",
            "periods = [\"nuit\"]\ndemand = { nuit = 1, jour = 2 }"
        )
    );
    let text = format!("{text}[[periods]]\nid = \"jour\"\nstart = \"08:00\"\nend = \"20:00\"\n");
    let rendered = problems(&text);
    assert!(rendered.contains("périodes du poste : nuit"), "{rendered}");
}

#[test]
fn unavailability_of_a_duty_the_post_does_not_have() {
    let text = format!(
        "{}[[periods]]\nid = \"jour\"\nstart = \"08:00\"\nend = \"20:00\"\n",
        with("unavailable = [{ post = \"mende\", period = \"jour\", date = 2027-01-05 }]\n")
    );
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:17:43: indisponibilité n° 1 du praticien "d01" : le poste "mende" ne couvre pas la période "jour" ; périodes du poste : nuit
       |
    17 | unavailable = [{ post = "mende", period = "jour", date = 2027-01-05 }]
       |                                           ^^^^^^
    "#);
}

#[test]
fn invalid_share() {
    assert_eq!(codes_of(&with("share = -0.5\n")), [codes::INVALID_SHARE]);
    assert_eq!(codes_of(&with("share = nan\n")), [codes::INVALID_SHARE]);
    insta::assert_snapshot!(problems(&with("share = 0\n")), @r#"
    instance.toml:17:9: praticien "d01" : share = 0 invalide, attendu un nombre > 0
       |
    17 | share = 0
       |         ^
       = aide : 1.0 pour une participation pleine, 0.5 pour une demi-part ; retirez le praticien pour une part nulle
    "#);
}

#[test]
fn dates_outside_the_horizon() {
    let text = with(
        "unavailable = [{ from = 2026-12-28, to = 2027-01-02 }, { date = 2027-02-01 }]\n\
         wishes = [{ off = { post = \"mende\", period = \"nuit\", date = 2027-02-01 } }]\n",
    );
    let text =
        format!("[calendar]\noverrides = [{{ date = 2027-05-01, kind = \"weekday\" }}]\n{text}");
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:2:23: date forcée n° 1 de [calendar] : date 2027-05-01 hors de l'horizon (du 2027-01-01 au 2027-01-31)
      |
    2 | overrides = [{ date = 2027-05-01, kind = "weekday" }]
      |                       ^^^^^^^^^^
    instance.toml:19:25: indisponibilité n° 1 du praticien "d01" : date 2026-12-28 hors de l'horizon (du 2027-01-01 au 2027-01-31)
       |
    19 | unavailable = [{ from = 2026-12-28, to = 2027-01-02 }, { date = 2027-02-01 }]
       |                         ^^^^^^^^^^
    instance.toml:19:65: indisponibilité n° 2 du praticien "d01" : date 2027-02-01 hors de l'horizon (du 2027-01-01 au 2027-01-31)
       |
    19 | unavailable = [{ from = 2026-12-28, to = 2027-01-02 }, { date = 2027-02-01 }]
       |                                                                 ^^^^^^^^^^
    instance.toml:20:61: cible off du souhait n° 1 du praticien "d01" : date 2027-02-01 hors de l'horizon (du 2027-01-01 au 2027-01-31)
       |
    20 | wishes = [{ off = { post = "mende", period = "nuit", date = 2027-02-01 } }]
       |                                                             ^^^^^^^^^^
    "#);
}

#[test]
fn reversed_ranges() {
    let text = BASE.replace(
        "periods = [\"nuit\"]\n",
        "periods = [\"nuit\"]\nseason = { first = 2027-03-15, last = 2026-12-01 }\n",
    );
    let text = format!("{text}unavailable = [{{ from = 2027-01-20, to = 2027-01-10 }}]\n");
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:13:39: poste "mende" : saison inversée, last (2026-12-01) est avant first (2027-03-15)
       |
    13 | season = { first = 2027-03-15, last = 2026-12-01 }
       |                                       ^^^^^^^^^^
    instance.toml:18:42: indisponibilité n° 1 du praticien "d01" : intervalle inversé, to (2027-01-10) est avant from (2027-01-20)
       |
    18 | unavailable = [{ from = 2027-01-20, to = 2027-01-10 }]
       |                                          ^^^^^^^^^^
    "#);
}

#[test]
fn invalid_weights() {
    let text = with(
        "wishes = [{ off = { date = 2027-01-05 }, weight = 0 }]\n\
         [fairness]\nworst_overload_weight = -1\nhistory_weight = 1.5\n\
         [[fairness.categories]]\nid = \"c\"\nweight = -2\n\
         [preferences]\nwish_weight = inf\n",
    );
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:17:51: souhait n° 1 du praticien "d01" : poids 0 invalide, attendu un entier ≥ 1
       |
    17 | wishes = [{ off = { date = 2027-01-05 }, weight = 0 }]
       |                                                   ^
       = aide : le poids est la pénalité si le souhait est refusé ; omettez le souhait plutôt que de lui donner un poids nul
    instance.toml:19:25: [fairness] : worst_overload_weight = -1 invalide, attendu un nombre ≥ 0
       |
    19 | worst_overload_weight = -1
       |                         ^^
    instance.toml:20:18: [fairness] : history_weight = 1.5 invalide, attendu un nombre entre 0 et 1
       |
    20 | history_weight = 1.5
       |                  ^^^
    instance.toml:23:10: catégorie "c" : weight = -2 invalide, attendu un nombre ≥ 0
       |
    23 | weight = -2
       |          ^^
    instance.toml:25:15: [preferences] : wish_weight = inf invalide, attendu un nombre ≥ 0
       |
    25 | wish_weight = inf
       |               ^^^
    "#);
}

#[test]
fn invalid_history() {
    insta::assert_snapshot!(problems(&with("history = { weekend = -1 }\n")), @r#"
    instance.toml:17:23: praticien "d01" : historique -1 invalide pour "weekend", attendu un nombre ≥ 0
       |
    17 | history = { weekend = -1 }
       |                       ^^
    "#);
}

#[test]
fn invalid_numbers() {
    let text = with("limits = { max_per_week = -1 }\n[rules]\nmin_rest_hours = -2\nmax_per_month = 9999999999\n");
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:17:27: limites du praticien "d01" : max_per_week = -1 invalide, attendu un entier ≥ 0
       |
    17 | limits = { max_per_week = -1 }
       |                           ^^
    instance.toml:19:18: [rules] : min_rest_hours = -2 invalide, attendu un entier ≥ 0
       |
    19 | min_rest_hours = -2
       |                  ^^
    instance.toml:20:17: [rules] : max_per_month = 9999999999 trop grand, attendu un entier ≤ 4294967295
       |
    20 | max_per_month = 9999999999
       |                 ^^^^^^^^^^
    "#);
}

/// A pledge is the share and the personal maximum over the horizon unless the file
/// gives them; the rules' spacing is everyone's unless a practitioner has their own.
#[test]
fn pledge_and_personal_spacing() {
    let i = ok(&format!(
        "[rules]\nmin_days_between_duties = 8\nmax_per_horizon = 9\n{BASE}pledge = 4\n\
         limits = {{ min_days_between_duties = 0 }}\n\
         [[practitioners]]\nid = \"d02\"\nposts = [\"mende\"]\npledge = 2\nshare = 0.5\n\
         limits = {{ max_per_horizon = 3 }}\n\
         [[practitioners]]\nid = \"d03\"\nposts = [\"mende\"]\n"
    ));
    let p = &i.practitioners;
    assert_eq!((p[0].pledge, p[0].share), (Some(4), 4.0));
    assert_eq!((p[1].pledge, p[1].share), (Some(2), 0.5));
    assert_eq!((p[2].pledge, p[2].share), (None, 1.0));
    let limits = |k: u32| i.limits_of(gardes::instance::PracIdx(k));
    assert_eq!(limits(0).max_per_horizon, Some(4));
    assert_eq!(limits(1).max_per_horizon, Some(3));
    assert_eq!(limits(2).max_per_horizon, Some(9));
    assert_eq!(limits(0).min_days_between_duties, Some(0));
    assert_eq!(limits(1).min_days_between_duties, Some(8));
    assert_eq!(i.rules.min_days_between_duties, 8);
}

/// `available` keeps what was written and makes every other day of the horizon
/// unavailable (overlapping ranges merged); an empty list, the whole horizon.
#[test]
fn available_is_the_complement_of_unavailable() {
    let i = ok(&with(
        "unavailable = [{ date = 2027-01-20 }]\n\
         available = [{ from = 2027-01-04, to = 2027-01-10 }, { date = 2027-01-20 },\n\
         { from = 2027-01-08, to = 2027-01-12 }, { from = 2027-01-31, to = 2027-01-31 }]\n",
    ));
    let p = &i.practitioners[0];
    assert_eq!(
        p.available,
        Some(vec![
            (date(2027, 1, 4), date(2027, 1, 10)),
            (date(2027, 1, 20), date(2027, 1, 20)),
            (date(2027, 1, 8), date(2027, 1, 12)),
            (date(2027, 1, 31), date(2027, 1, 31)),
        ])
    );
    let range = |a: u32, b: u32| Unavailability::Dates {
        from: date(2027, 1, a),
        to: date(2027, 1, b),
    };
    assert_eq!(
        p.unavailable,
        vec![range(20, 20), range(1, 3), range(13, 19), range(21, 30)]
    );
    let none = ok(&with("available = []\n"));
    assert_eq!(none.practitioners[0].unavailable, vec![range(1, 31)]);
    assert_eq!(none.practitioners[0].available, Some(Vec::new()));
    assert_eq!(ok(BASE).practitioners[0].available, None);
}

#[test]
fn invalid_pledge_available_and_months() {
    let text = with(
        "pledge = 0\n\
         available = [{ post = \"mende\", period = \"nuit\", date = 2027-01-05 }, { date = 2027-02-01 }]\n\
         [[fairness.categories]]\nid = \"c\"\nmonths = [1, 13, 0]\n",
    );
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:17:10: praticien "d01" : pledge = 0 invalide, attendu un entier ≥ 1
       |
    17 | pledge = 0
       |          ^
       = aide : le nombre de gardes (de semaines, pour un roulement hebdomadaire) promises sur l'horizon ; omettez la clé plutôt que d'écrire 0
    instance.toml:18:14: disponibilité n° 1 du praticien "d01" : une disponibilité nomme des jours, pas une garde (post, period)
       |
    18 | available = [{ post = "mende", period = "nuit", date = 2027-01-05 }, { date = 2027-02-01 }]
       |              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
       = aide : attendu { from = …, to = … } ou { date = … } ; une garde précise se refuse par unavailable ou wishes
    instance.toml:18:79: disponibilité n° 2 du praticien "d01" : date 2027-02-01 hors de l'horizon (du 2027-01-01 au 2027-01-31)
       |
    18 | available = [{ post = "mende", period = "nuit", date = 2027-01-05 }, { date = 2027-02-01 }]
       |                                                                               ^^^^^^^^^^
    instance.toml:21:14: catégorie "c" : mois 13 invalide, attendu un entier de 1 à 12
       |
    21 | months = [1, 13, 0]
       |              ^^
    instance.toml:21:18: catégorie "c" : mois 0 invalide, attendu un entier de 1 à 12
       |
    21 | months = [1, 13, 0]
       |                  ^
    "#);
}

/// A category with `months` takes the duties of those months only.
#[test]
fn category_months() {
    let text = BASE.replace("last = 2027-01-31", "last = 2027-02-28");
    let i = ok(&format!(
        "{text}[[fairness.categories]]\nid = \"fevrier\"\nmonths = [2]\n\
         [[fairness.categories]]\nid = \"autres\"\n"
    ));
    assert_eq!(i.fairness.categories[0].months, BTreeSet::from([2]));
    let duties = gardes::duties::expand(&i).expect("duties");
    for d in &duties {
        let expected = if d.date < date(2027, 2, 1) { 1 } else { 0 };
        assert_eq!(d.category, Some(CategoryIdx(expected)), "{}", d.date);
    }
}

#[test]
fn invalid_month_days() {
    let text = with("[[fairness.categories]]\nid = \"c\"\nmonth_days = [\"12-25\", \"02-29\", \"02-30\", \"13-01\", \"1-1\"]\n");
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:19:33: catégorie "c" : jour de l'année "02-30" invalide, attendu MM-JJ
       |
    19 | month_days = ["12-25", "02-29", "02-30", "13-01", "1-1"]
       |                                 ^^^^^^^
       = aide : par exemple "12-25" pour le 25 décembre ; "02-29" est accepté
    instance.toml:19:42: catégorie "c" : jour de l'année "13-01" invalide, attendu MM-JJ
       |
    19 | month_days = ["12-25", "02-29", "02-30", "13-01", "1-1"]
       |                                          ^^^^^^^
       = aide : par exemple "12-25" pour le 25 décembre ; "02-29" est accepté
    instance.toml:19:51: catégorie "c" : jour de l'année "1-1" invalide, attendu MM-JJ
       |
    19 | month_days = ["12-25", "02-29", "02-30", "13-01", "1-1"]
       |                                                   ^^^^^
       = aide : par exemple "12-25" pour le 25 décembre ; "02-29" est accepté
    "#);
}

#[test]
fn invalid_targets() {
    let text = with(
        "unavailable = [{ }, { from = 2027-01-05 }, { post = \"mende\", date = 2027-01-05 },\n\
         { from = 2027-01-05, to = 2027-01-06, date = 2027-01-05 }]\n",
    );
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:17:16: indisponibilité n° 1 du praticien "d01" : aucune date
       |
    17 | unavailable = [{ }, { from = 2027-01-05 }, { post = "mende", date = 2027-01-05 },
       |                ^^^
       = aide : attendu { from = …, to = … }, { date = … } ou { post = …, period = …, date = … }
    instance.toml:17:21: indisponibilité n° 2 du praticien "d01" : clé "to" manquante
       |
    17 | unavailable = [{ }, { from = 2027-01-05 }, { post = "mende", date = 2027-01-05 },
       |                     ^^^^^^^^^^^^^^^^^^^^^
       = aide : attendu par exemple : to = 2027-01-01
    instance.toml:17:44: indisponibilité n° 3 du praticien "d01" : clé "period" manquante
       |
    17 | unavailable = [{ }, { from = 2027-01-05 }, { post = "mende", date = 2027-01-05 },
       |                                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
       = aide : attendu par exemple : period = "nuit"
    instance.toml:18:1: indisponibilité n° 4 du praticien "d01" : mélange de from/to avec date, post ou period
       |
    18 | { from = 2027-01-05, to = 2027-01-06, date = 2027-01-05 }]
       | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
       = aide : attendu { from = …, to = … }, { date = … } ou { post = …, period = …, date = … }
    "#);
}

#[test]
fn invalid_wishes() {
    let text = with(
        "wishes = [{ weight = 2 }, { off = { date = 2027-01-05 }, on = { date = 2027-01-06 } }]\n",
    );
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:17:11: souhait n° 1 du praticien "d01" : ni off ni on, attendu l'un des deux
       |
    17 | wishes = [{ weight = 2 }, { off = { date = 2027-01-05 }, on = { date = 2027-01-06 } }]
       |           ^^^^^^^^^^^^^^
       = aide : par exemple { off = { date = 2027-01-15 }, weight = 3 }
    instance.toml:17:27: souhait n° 2 du praticien "d01" : off et on à la fois, attendu l'un ou l'autre
       |
    17 | wishes = [{ weight = 2 }, { off = { date = 2027-01-05 }, on = { date = 2027-01-06 } }]
       |                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
       = aide : par exemple { off = { date = 2027-01-15 }, weight = 3 }
    "#);
}

#[test]
fn duplicate_override() {
    let text = format!(
        "[calendar]\noverrides = [{{ date = 2027-01-05, kind = \"holiday\" }}, {{ date = 2027-01-05, kind = \"bridge\" }}]\n{BASE}"
    );
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:2:64: date forcée n° 2 de [calendar] : la date 2027-01-05 est déjà forcée par la date forcée n° 1
      |
    2 | overrides = [{ date = 2027-01-05, kind = "holiday" }, { date = 2027-01-05, kind = "bridge" }]
      |                                                                ^^^^^^^^^^
    "#);
}

#[test]
fn several_problems_are_reported_at_once_sorted() {
    let text = r#"[horizon]
first = 2027-01-01
last = 2027-01-31
time_zone = "Europe/Pariss"

[[periods]]
id = "nuit"
start = "20:00"
end = "25:00"

[[posts]]
id = "mende"
periods = ["nuit", "jour"]

[rules]
max_per_wek = 3

[[practitioners]]
id = "d01"
posts = ["mendee"]
share = 0
"#;
    let d = match parse("instance.toml", text) {
        Ok(_) => panic!("invalid"),
        Err(d) => d,
    };
    assert_eq!(
        d.codes(),
        [
            codes::UNKNOWN_TIME_ZONE,
            codes::INVALID_TIME,
            codes::UNKNOWN_PERIOD,
            codes::UNKNOWN_KEY,
            codes::UNKNOWN_POST,
            codes::INVALID_SHARE
        ]
    );
    let places: Vec<(usize, usize)> = d.iter().map(|d| (d.line, d.column)).collect();
    let mut sorted = places.clone();
    sorted.sort();
    assert_eq!(places, sorted);
    insta::assert_snapshot!(d.to_string(), @r#"
    instance.toml:4:13: [horizon] : fuseau horaire inconnu "Europe/Pariss"
      aide : vouliez-vous dire "Europe/Paris" ?
    instance.toml:9:7: période "nuit" : fin "25:00" invalide, attendu HH:MM entre 00:00 et 23:59 (ou 24:00)
    instance.toml:13:20: poste "mende" : période inconnue "jour" ; périodes déclarées : nuit
    instance.toml:16:1: clé inconnue "max_per_wek" dans [rules] ; vouliez-vous dire "max_per_week" ?
      aide : clés possibles ici : min_rest_after_night_hours, min_rest_hours, no_two_nights_in_a_row, min_days_between_duties, max_per_week, max_per_month, max_per_horizon, max_weekends, max_consecutive_days, min_consecutive_days, min_consecutive_days_off, min_minutes, max_minutes, max_per_period, max_per_month_by_kind, weekend_bundle, exempt_runs_at_horizon_ends
    instance.toml:20:10: praticien "d01" : poste inconnu "mendee" ; postes déclarés : mende
      aide : vouliez-vous dire "mende" ?
    instance.toml:21:9: praticien "d01" : share = 0 invalide, attendu un nombre > 0
      aide : 1.0 pour une participation pleine, 0.5 pour une demi-part ; retirez le praticien pour une part nulle
    "#);
}

// ---------------------------------------------------------------------------------
// The error types.

#[test]
fn diagnostic_fields() {
    let d = match parse(
        "dir/i.toml",
        &BASE.replace("posts = [\"mende\"]", "posts = [\"mendée\"]"),
    ) {
        Ok(_) => panic!("invalid"),
        Err(d) => d,
    };
    let first = &d.0[0];
    assert_eq!(first.code, "gardes::instance::unknown_post");
    assert_eq!(first.file, "dir/i.toml");
    assert_eq!((first.line, first.column), (16, 10));
    assert_eq!(first.span.len(), "\"mendée\"".len());
    assert_eq!(first.help.as_deref(), Some("vouliez-vous dire \"mende\" ?"));
}

#[test]
fn miette_renders_each_problem_with_its_line() {
    let d = match parse(
        "i.toml",
        &with("share = 0\nlimits = { max_per_week = -1 }\n"),
    ) {
        Ok(_) => panic!("invalid"),
        Err(d) => d,
    };
    let related = miette::Diagnostic::related(&d).map_or(0, |r| r.count());
    assert_eq!(related, 2);
    let mut out = String::new();
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(200);
    let report = LoadError::Invalid(d);
    handler.render_report(&mut out, &report).expect("rendered");
    assert!(out.contains("i.toml : 2 problèmes"), "{out}");
    assert!(out.contains("share = 0"), "{out}");
    assert!(out.contains("limits = { max_per_week = -1 }"), "{out}");
    assert!(out.contains("gardes::instance::invalid_share"), "{out}");
}

#[test]
fn load_reads_a_file_or_says_which_one_it_could_not_read() {
    let i = load(std::path::Path::new("docs/example.toml")).expect("the example loads");
    assert_eq!(i.practitioners.len(), 2);
    match load(std::path::Path::new("no/such/file.toml")) {
        Err(e @ LoadError::Io { .. }) => {
            assert!(
                e.to_string()
                    .starts_with("impossible de lire le fichier d'instance no/such/file.toml"),
                "{e}"
            );
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "name = 3\n").expect("written");
    match load(&path) {
        Err(LoadError::Invalid(d)) => {
            assert_eq!(d.codes(), [codes::INVALID_TYPE]);
            assert_eq!(d.0[0].file, path.display().to_string());
        }
        other => panic!("expected diagnostics, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------
// No panic on any input.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn parse_never_panics_on_a_damaged_example(start in 0..EXAMPLE.len(), len in 0usize..40, insert in ".{0,8}") {
        let mut start = start;
        while !EXAMPLE.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + len).min(EXAMPLE.len());
        while !EXAMPLE.is_char_boundary(end) {
            end -= 1;
        }
        let text = format!("{}{}{}", &EXAMPLE[..start], insert, &EXAMPLE[end..]);
        if let Err(d) = parse("x.toml", &text) {
            prop_assert!(!d.is_empty());
            let _ = d.render_plain();
            let _ = d.to_string();
        }
    }

    #[test]
    fn parse_never_panics_on_arbitrary_text(text in "\\PC{0,200}") {
        if let Err(d) = parse("x.toml", &text) {
            prop_assert!(!d.is_empty());
        }
    }
}

// ---------------------------------------------------------------------------------
// The documentation stays true.

#[test]
fn format_doc_lists_every_code_and_includes_the_example() {
    let doc = include_str!("../docs/instance-format.md");
    for code in codes::ALL {
        assert!(
            doc.contains(&format!("`{code}`")),
            "{code} is not documented"
        );
    }
    assert!(
        doc.contains(EXAMPLE.trim_end()),
        "the example is not verbatim"
    );
}

// ---------------------------------------------------------------------------------
// Geography: places, bases, [coverage], travel matrix, professions.

const GEO: &str = r#"places = [
  { id = "48095", name = "Mende", population = 12464, lat = 44.51782, lon = 3.50117 },
  { id = "48096", name = "Meyrueis", population = 770, lat = 44.18050, lon = 3.42928 },
]
emergency_bases = [ { id = "smur", name = "SMUR de Mende", lat = 44.51782, lon = 3.50117 } ]

[horizon]
first = 2027-01-01
last = 2027-01-31

[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"

[[posts]]
id = "mcs-meyrueis"
kind = "mcs"
periods = ["nuit"]
qualifications = ["mcs"]

[[posts]]
id = "kine"
kind = "physio_weekend"
periods = ["nuit"]
professions = ["kine"]

[[practitioners]]
id = "d01"
qualifications = ["mcs"]
posts = ["mcs-meyrueis"]
place = "48096"
"#;

#[test]
fn geography_reads_places_bases_and_estimates_travel_times() {
    let i = ok(GEO);
    let g = i.geography.as_ref().expect("geography");
    assert_eq!(g.places.len(), 2);
    assert_eq!(g.places[0].name, "Mende");
    assert_eq!(g.population(), 12464 + 770);
    assert_eq!(g.bases[0].id, "smur");
    assert_eq!(
        (g.threshold_minutes, g.road_speed_kmh, g.detour_factor),
        (30, 56.0, 1.4)
    );
    // Mende → Meyrueis: about 37.9 km in a straight line, × 1.4 / 56 km/h ≈ 57 min.
    let m = g.between_places[0][1];
    assert!((m - 37.9 * 1.4 / 56.0 * 60.0).abs() < 1.0, "{m}");
    assert_eq!(g.between_places[1][1], 0.0);
    assert_eq!(g.from_bases[0][0], 0.0);
    assert!(g.base_covers(gardes::instance::PlaceIdx(0)));
    assert!(!g.base_covers(gardes::instance::PlaceIdx(1)));
    assert_eq!(
        i.practitioners[0].place,
        Some(gardes::instance::PlaceIdx(1))
    );
    // MCS posts are optional by default, other posts required; professions are kept.
    assert!(!i.posts[0].required);
    assert!(i.posts[1].required);
    assert!(i.posts[1].professions.contains("kine"));
    // No places: no geography.
    assert!(ok(BASE).geography.is_none());
}

#[test]
fn coverage_parameters_are_read_and_checked() {
    let text = GEO.replace(
        "[horizon]",
        "[coverage]\nthreshold_minutes = 20\nroad_speed_kmh = 60\ndetour_factor = 1.3\ndispatch_minutes = 5\n\n[horizon]",
    );
    let g = ok(&text).geography.expect("geography");
    assert_eq!(g.threshold_minutes, 20);
    let expected = 5.0 + 37.9 * 1.3 / 60.0 * 60.0;
    assert!((g.between_places[0][1] - expected).abs() < 1.0);
    let bad = GEO.replace(
        "[horizon]",
        "[coverage]\nthreshold_minutes = 0\nroad_speed_kmh = -3\ndetour_factor = 0.5\n\n[horizon]",
    );
    insta::assert_snapshot!(problems(&bad), @r#"
    instance.toml:8:21: [coverage] : threshold_minutes = 0 invalide, attendu un entier ≥ 1
      |
    8 | threshold_minutes = 0
      |                     ^
    instance.toml:9:18: [coverage] : road_speed_kmh = -3 invalide, attendu un nombre > 0 et ≤ 300 (km/h)
      |
    9 | road_speed_kmh = -3
      |                  ^^
    instance.toml:10:17: [coverage] : detour_factor = 0.5 invalide, attendu un nombre entre 1 et 5 (km de route par km à vol d'oiseau)
       |
    10 | detour_factor = 0.5
       |                 ^^^
    "#);
}

#[test]
fn geography_problems_are_located() {
    let text = GEO
        .replace("lat = 44.18050", "lat = 144.18050")
        .replace("place = \"48096\"", "place = \"48069\"");
    assert_eq!(
        codes_of(&text),
        [codes::INVALID_COORDINATE, codes::UNKNOWN_PLACE]
    );
    let out = problems(&text);
    assert!(out.contains("instance.toml:3:62: lieu \"48096\" : lat = 144.1805 invalide, attendu des degrés entre -90 et 90"), "{out}");
    assert!(
        out.contains("praticien \"d01\" : lieu inconnu \"48069\" ; lieux déclarés : 48095, 48096"),
        "{out}"
    );
    // A volunteer of an MCS post without a place, when the file has places.
    let text = GEO.replace("place = \"48096\"\n", "");
    assert_eq!(codes_of(&text), [codes::MISSING_KEY]);
    assert!(problems(&text).contains("clé \"place\" manquante"));
    // Places written after a [section] belong to it: the help says where they go.
    let text = format!("{BASE}\n[coverage]\nplaces = []\n");
    let out = problems(&text);
    assert!(
        out.contains("clé inconnue \"places\" dans [coverage]"),
        "{out}"
    );
    assert!(
        out.contains("placez-la avant la première [section]"),
        "{out}"
    );
    // [coverage] without any place.
    let text = format!("[coverage]\nthreshold_minutes = 30\n{BASE}");
    assert_eq!(codes_of(&text), [codes::MISSING_KEY]);
}

#[test]
fn a_post_reserved_to_a_profession_refuses_the_others() {
    let text = format!("{GEO}\n[[practitioners]]\nid = \"d02\"\nposts = [\"kine\"]\n\n[[practitioners]]\nid = \"k01\"\nprofession = \"kine\"\nposts = [\"kine\"]\n");
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:36:10: praticien "d02" : le poste "kine" est réservé à : kine ; ce praticien est medecin
       |
    36 | posts = ["kine"]
       |          ^^^^^^
       = aide : retirez le poste de sa liste, ou corrigez profession
    "#);
}

#[test]
fn the_travel_matrix_replaces_estimates_and_its_problems_name_its_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let instance = dir.path().join("i.toml");
    let text = GEO.replace(
        "[horizon]",
        "[coverage]\ntravel_matrix = \"temps.csv\"\n\n[horizon]",
    );
    std::fs::write(&instance, &text).expect("written");
    std::fs::write(
        dir.path().join("temps.csv"),
        "from,to,minutes\nsmur,48096,25\n48096,48095,12.5\n",
    )
    .expect("written");
    let i = load(&instance).expect("loads");
    let g = i.geography.expect("geography");
    assert_eq!(g.from_bases[0][1], 25.0);
    assert_eq!(g.between_places[1][0], 12.5);
    assert!(
        g.between_places[0][1] > 50.0,
        "unlisted pairs keep the estimate"
    );
    assert_eq!(g.matrix, Some(("temps.csv".to_owned(), 2)));

    std::fs::write(
        dir.path().join("temps.csv"),
        "from,to,minutes\nsmur,48096,25\nsmur, 4809,x\n\"a\",48095,3\nsmur,48096,20\n",
    )
    .expect("written");
    let Err(LoadError::Invalid(d)) = load(&instance) else {
        panic!("expected problems");
    };
    let csv = dir.path().join("temps.csv").display().to_string();
    let lines: Vec<String> =
        d.0.iter()
            .map(|p| format!("{}:{}:{} {}", p.file == csv, p.line, p.column, p.code))
            .collect();
    assert_eq!(
        lines,
        [
            "true:3:6 gardes::instance::travel_matrix",
            "true:3:12 gardes::instance::travel_matrix",
            "true:4:1 gardes::instance::travel_matrix",
            "true:5:1 gardes::instance::travel_matrix",
        ]
    );
    assert!(
        d.0[0].message.contains("destination inconnue « 4809 »"),
        "{}",
        d.0[0].message
    );
    assert!(d.0[1].message.contains("temps « x » invalide"));
    assert!(d.0[3].message.contains("déjà donnée ligne 2"));
    std::fs::remove_file(dir.path().join("temps.csv")).expect("removed");
    let Err(LoadError::Invalid(d)) = load(&instance) else {
        panic!("expected problems");
    };
    assert!(d.0[0]
        .message
        .starts_with("impossible de lire la matrice des temps de trajet"));
}

/// The quarter's folder `trimestre/` of a temporary directory, with `i.toml` naming
/// `path` as its travel matrix, and `secret.csv` beside the folder: a readable matrix
/// with a bad row, which would be quoted if it were read.
fn quarter(path: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("trimestre");
    std::fs::create_dir(&folder).expect("folder");
    let text = GEO.replace(
        "[horizon]",
        &format!("[coverage]\ntravel_matrix = \"{path}\"\n\n[horizon]"),
    );
    let instance = folder.join("i.toml");
    std::fs::write(&instance, text).expect("written");
    std::fs::write(
        dir.path().join("secret.csv"),
        "from,to,minutes\nsmur,48096,secret-outside\n",
    )
    .expect("written");
    (dir, instance)
}

/// Asserts that loading `instance` gives one problem: the travel matrix is outside the
/// folder, at the `travel_matrix` value (line 8, column 17), with the help, and nothing
/// of the file it names.
fn assert_outside(instance: &std::path::Path, why: &str) {
    let Err(LoadError::Invalid(d)) = load(instance) else {
        panic!("expected problems for {}", instance.display());
    };
    assert_eq!(d.codes(), [codes::OUTSIDE_FOLDER], "{}", d.render_plain());
    let p = &d.0[0];
    assert_eq!(p.file, instance.display().to_string());
    assert_eq!((p.line, p.column), (8, 17));
    assert_eq!(
        p.message,
        format!("[coverage] : le fichier travel_matrix est hors du dossier du fichier d'instance ({why}), il n'est pas lu")
    );
    assert!(p
        .help
        .as_deref()
        .is_some_and(|h| h.contains("dans un sous-dossier")));
    let shown = d.render_plain();
    for leak in ["secret-outside", "from,to", "root:"] {
        assert!(!shown.contains(leak), "{leak} in\n{shown}");
    }
}

#[test]
fn a_travel_matrix_outside_the_folder_is_refused_unread() {
    for (path, why) in [
        ("/etc/passwd", "chemin absolu"),
        ("../secret.csv", "le chemin remonte avec « .. »"),
        ("./../secret.csv", "le chemin remonte avec « .. »"),
        ("sous/../../secret.csv", "le chemin remonte avec « .. »"),
    ] {
        let (_dir, instance) = quarter(path);
        assert_outside(&instance, why);
    }
}

/// The path's text is checked with the other semantic checks: its problem comes with
/// the file's others.
#[test]
fn a_travel_matrix_climbing_out_is_reported_with_the_other_problems() {
    let text = GEO.replace(
        "[horizon]",
        "[coverage]\ntravel_matrix = \"../x.csv\"\nthreshold_minutes = 0\n\n[horizon]",
    );
    assert_eq!(
        codes_of(&text),
        [codes::OUTSIDE_FOLDER, codes::INVALID_NUMBER]
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_leading_out_of_the_folder_is_refused_unread() {
    let link = |dir: &std::path::Path, target: &std::path::Path, name: &str| {
        std::os::unix::fs::symlink(target, dir.join("trimestre").join(name)).expect("link");
    };
    let why = "un lien symbolique mène hors du dossier";
    // The file itself is a link to the outside file.
    let (dir, instance) = quarter("temps.csv");
    link(dir.path(), &dir.path().join("secret.csv"), "temps.csv");
    assert_outside(&instance, why);
    // A folder of the path is a link to the folder outside, the file there or not.
    for path in ["dehors/secret.csv", "dehors/absent.csv"] {
        let (dir, instance) = quarter(path);
        link(dir.path(), dir.path(), "dehors");
        assert_outside(&instance, why);
    }
    // A link leading nowhere: where it would lead is not told.
    let (dir, instance) = quarter("temps.csv");
    link(dir.path(), &dir.path().join("absent.csv"), "temps.csv");
    assert_outside(&instance, why);
    // A link that stays in the folder is followed.
    let (dir, instance) = quarter("temps.csv");
    std::fs::write(
        dir.path().join("trimestre/vrai.csv"),
        "from,to,minutes\nsmur,48096,25\n",
    )
    .expect("written");
    link(dir.path(), std::path::Path::new("vrai.csv"), "temps.csv");
    let g = load(&instance)
        .expect("loads")
        .geography
        .expect("geography");
    assert_eq!(g.from_bases[0][1], 25.0);
}

#[test]
fn a_travel_matrix_in_a_subfolder_is_read_and_its_problems_quoted() {
    let (dir, instance) = quarter("sous/temps.csv");
    let sub = dir.path().join("trimestre/sous");
    std::fs::create_dir(&sub).expect("subfolder");
    std::fs::write(sub.join("temps.csv"), "from,to,minutes\nsmur,48096,25\n").expect("written");
    let g = load(&instance)
        .expect("loads")
        .geography
        .expect("geography");
    assert_eq!(g.from_bases[0][1], 25.0);
    assert_eq!(g.matrix, Some(("sous/temps.csv".to_owned(), 1)));

    std::fs::write(sub.join("temps.csv"), "from,to,minutes\nsmur,48096,vingt\n").expect("written");
    let Err(LoadError::Invalid(d)) = load(&instance) else {
        panic!("expected problems");
    };
    assert_eq!(d.codes(), [codes::TRAVEL_MATRIX]);
    assert!(
        d.render_plain().contains("smur,48096,vingt"),
        "{}",
        d.render_plain()
    );
}

/// A file of the folder that is not a matrix (no `from,to,minutes` header: the feeds'
/// tokens, the instance itself) is reported at the instance's key, and not quoted.
#[test]
fn a_file_that_is_not_a_travel_matrix_is_not_quoted() {
    let (dir, instance) = quarter("tokens.toml");
    std::fs::write(
        dir.path().join("trimestre/tokens.toml"),
        "[tokens]\nd01 = \"jeton-secret\"\n",
    )
    .expect("written");
    for (instance, path) in [(instance, "tokens.toml"), (quarter("i.toml").1, "i.toml")] {
        let Err(LoadError::Invalid(d)) = load(&instance) else {
            panic!("expected problems");
        };
        assert_eq!(d.codes(), [codes::TRAVEL_MATRIX]);
        let p = &d.0[0];
        assert_eq!(p.file, instance.display().to_string());
        assert_eq!((p.line, p.column), (8, 17));
        let dir = instance.parent().expect("folder");
        let shown = dir.join(path).display().to_string();
        assert_eq!(
            p.message,
            format!("{shown} : la première ligne n'est pas l'en-tête « from,to,minutes », ce fichier n'est pas une matrice des temps de trajet (son contenu n'est pas cité)")
        );
        let plain = d.render_plain();
        for leak in ["jeton-secret", "[tokens]", "places = ["] {
            assert!(!plain.contains(leak), "{leak} in\n{plain}");
        }
    }
}

/// A folder where the matrix should be is not read (nor would a FIFO be).
#[test]
fn a_travel_matrix_that_is_a_folder_is_unreadable() {
    let (dir, instance) = quarter("sous");
    std::fs::create_dir(dir.path().join("trimestre/sous")).expect("subfolder");
    let Err(LoadError::Invalid(d)) = load(&instance) else {
        panic!("expected problems");
    };
    assert_eq!(d.codes(), [codes::TRAVEL_MATRIX]);
    assert!(
        d.0[0]
            .message
            .ends_with("ce n'est pas un fichier ordinaire"),
        "{}",
        d.0[0].message
    );
}

// ---------------------------------------------------------------------------------
// Warnings: a valid file, with remarks that stop nothing.

/// A demand above the practitioners who may serve the post (listing it, qualified) is
/// a located warning, in `demand`, one period's entry of it and `demand_on`; a demand
/// within them, and the implicit demand of 1, are not.
#[test]
fn a_demand_above_the_candidates_is_a_located_warning() {
    let text = r#"[horizon]
first = 2027-01-04
last = 2027-01-10
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[periods]]
id = "jour"
start = "08:00"
end = "20:00"
[[posts]]
id = "a"
periods = ["nuit", "jour"]
demand = { nuit = 2, jour = 3 }
demand_on = [{ date = 2027-01-05, period = "nuit", demand = 7 }]
[[posts]]
id = "b"
periods = ["nuit"]
qualifications = ["smur"]
demand = 2
[[posts]]
id = "c"
periods = ["nuit"]
[[practitioners]]
id = "d01"
posts = ["a", "b"]
qualifications = ["smur"]
[[practitioners]]
id = "d02"
posts = ["a", "b"]
"#;
    let (instance, warnings) =
        gardes::instance::parse_with_warnings("w.toml", text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(instance.posts.len(), 3);
    let found: Vec<(usize, usize, &str)> = warnings
        .iter()
        .map(|w| (w.line, w.column, w.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (15, 29, "poste \"a\" : demande 3, or au plus 2 praticiens peuvent tenir ce poste (ceux qui le listent et en ont les qualifications) ; les places au-delà resteront vides"),
            (16, 61, "poste \"a\" : demande 7, or au plus 2 praticiens peuvent tenir ce poste (ceux qui le listent et en ont les qualifications) ; les places au-delà resteront vides"),
            (21, 10, "poste \"b\" : demande 2, or un seul praticien peut tenir ce poste (ceux qui le listent et en ont les qualifications) ; les places au-delà resteront vides"),
        ]
    );
    assert!(warnings
        .iter()
        .all(|w| w.code == codes::DEMAND_ABOVE_CANDIDATES));
    // `parse` keeps the instance and drops the warnings.
    assert!(parse("w.toml", text).is_ok());
}

/// Posts' `place` and `continuity_weight`, `[preferences] travel_weight`
/// (docs/instance-format.md): the kilometres resolved at validation, an unknown place
/// with its did-you-mean, negative weights located.
#[test]
fn travel_and_continuity_keys() {
    let text = GEO.replace(
        "id = \"mcs-meyrueis\"\n",
        "id = \"mcs-meyrueis\"\nplace = \"48095\"\ncontinuity_weight = 3\n",
    );
    let i = ok(&text);
    assert_eq!(i.preferences.travel_weight, 0.01);
    assert_eq!(i.posts[0].continuity_weight, Some(3.0));
    assert_eq!(i.posts[1].continuity_weight, None);
    // Mende ↔ Meyrueis, 37.9 km as the crow flies (../shared/data/README.md), there and
    // back at 1.4 road km per km.
    let km = i.travel_km(PracIdx(0), PostIdx(0)).expect("km");
    assert!((km - 2.0 * 37.9 * 1.4).abs() < 2.0, "{km}");
    assert_eq!(i.travel_km(PracIdx(0), PostIdx(1)), None);
    let bad = format!(
        "{}\n[preferences]\ntravel_weight = -1\n",
        GEO.replace(
            "id = \"mcs-meyrueis\"\n",
            "id = \"mcs-meyrueis\"\nplace = \"48059\"\ncontinuity_weight = -2\n",
        )
    );
    assert_eq!(
        codes_of(&bad),
        [
            codes::UNKNOWN_PLACE,
            codes::INVALID_WEIGHT,
            codes::INVALID_WEIGHT
        ]
    );
    let out = problems(&bad);
    assert!(out.contains("lieu inconnu \"48059\""), "{out}");
    assert!(out.contains("48095"), "{out}");
}

/// `end_day` and `weekdays` (docs/instance-format.md, "Periods of several days"):
/// resolved day of the end, weekdays, and the night default.
#[test]
fn periods_of_several_days() {
    let text = BASE.replace(
        "[[posts]]",
        r#"[[periods]]
id = "semaine"
start = "08:00"
end = "12:00"
end_day = 5
weekdays = ["monday"]

[[periods]]
id = "garde24"
start = "08:00"
end = "08:00"
end_day = 1

[[periods]]
id = "soir"
start = "20:00"
end = "24:00"

[[periods]]
id = "long"
start = "08:00"
end = "24:00"
end_day = 1

[[posts]]"#,
    );
    let instance = ok(&text);
    let shown: Vec<(&str, u32, bool, u32, bool)> = instance
        .periods
        .iter()
        .map(|p| {
            (
                p.id.as_str(),
                p.end_day,
                p.night,
                p.clock_minutes(),
                p.weekdays == chrono::WeekdaySet::ALL,
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("nuit", 1, true, 720, true),
            ("semaine", 5, false, 7440, false),
            ("garde24", 1, true, 1440, true),
            ("soir", 1, false, 240, true),
            ("long", 2, false, 2400, true),
        ]
    );
    assert_eq!(
        instance.periods[1].weekdays,
        chrono::WeekdaySet::single(chrono::Weekday::Mon)
    );
}

#[test]
fn bad_end_days_and_weekdays() {
    let text = BASE.replace(
        "[[posts]]",
        r#"[[periods]]
id = "trop"
start = "08:00"
end = "12:00"
end_day = 29

[[periods]]
id = "avant"
start = "20:00"
end = "08:00"
end_day = 0

[[periods]]
id = "profonde"
start = "00:00"
end = "08:00"
after_midnight = true
end_day = 1

[[periods]]
id = "jamais"
start = "08:00"
end = "12:00"
weekdays = []

[[periods]]
id = "jours"
start = "08:00"
end = "12:00"
weekdays = ["lundi", "tuesdy", "xyz"]

[[posts]]"#,
    );
    assert_eq!(
        codes_of(&text),
        [
            codes::INVALID_END_DAY,
            codes::PERIOD_ENDS_BEFORE_START,
            codes::END_DAY_AFTER_MIDNIGHT,
            codes::EMPTY_WEEKDAYS,
            codes::UNKNOWN_WEEKDAY,
            codes::UNKNOWN_WEEKDAY,
            codes::UNKNOWN_WEEKDAY,
        ]
    );
    insta::assert_snapshot!(problems(&text), @r#"
    instance.toml:14:11: période "trop" : end_day = 29 invalide, attendu un entier de 0 à 28 (jours après la date de la garde)
       |
    14 | end_day = 29
       |           ^^
    instance.toml:19:7: période "avant" : avec end_day = 0, la fin (08:00) doit venir après le début (20:00) le même jour
       |
    19 | end = "08:00"
       |       ^^^^^^^
       = aide : pour finir le lendemain, écrivez end_day = 1 (ou omettez end_day)
    instance.toml:27:11: période "profonde" : end_day et after_midnight = true ne vont pas ensemble
       |
    27 | end_day = 1
       |           ^
       = aide : une période after_midnight commence et finit le lendemain de sa date : omettez end_day
    instance.toml:33:12: période "jamais" : weekdays est vide, la période n'existerait aucun jour
       |
    33 | weekdays = []
       |            ^^
       = aide : omettez weekdays pour les sept jours de la semaine
    instance.toml:39:13: période "jours" : jour de la semaine inconnu "lundi", attendu monday, tuesday, wednesday, thursday, friday, saturday ou sunday
       |
    39 | weekdays = ["lundi", "tuesdy", "xyz"]
       |             ^^^^^^^
       = aide : le fichier emploie les mots anglais : "monday"
    instance.toml:39:22: période "jours" : jour de la semaine inconnu "tuesdy", attendu monday, tuesday, wednesday, thursday, friday, saturday ou sunday
       |
    39 | weekdays = ["lundi", "tuesdy", "xyz"]
       |                      ^^^^^^^^
       = aide : vouliez-vous dire "tuesday" ?
    instance.toml:39:32: période "jours" : jour de la semaine inconnu "xyz", attendu monday, tuesday, wednesday, thursday, friday, saturday ou sunday
       |
    39 | weekdays = ["lundi", "tuesdy", "xyz"]
       |                                ^^^^^
    "#);
}
