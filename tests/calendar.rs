//! Integration tests: calendar (PDSA.md §1.3 bridges, §2 holidays), through the public
//! API `gardes::calendar`.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use gardes::calendar::{
    day_kind, easter_sunday, holidays, is_holiday, ordinary_kind, CalendarOptions, DayKind,
    Holiday, HolidayKind, RegionalCalendar,
};
use gardes::labels::calendar::{describe, holiday_name};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn year_days(year: i32) -> impl Iterator<Item = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    first.iter_days().take_while(move |d| d.year() == year)
}

/// The bridges of `year`, as `YYYY-MM-DD ddd` words for readable failures.
fn bridges(year: i32, options: &CalendarOptions) -> Vec<String> {
    year_days(year)
        .filter(|&d| day_kind(d, options) == DayKind::Bridge)
        .map(|d| d.format("%Y-%m-%d %a").to_string())
        .collect()
}

fn broad() -> CalendarOptions {
    CalendarOptions {
        saturday_after_thursday_holiday_bridge: true,
        ..CalendarOptions::default()
    }
}

fn with_regional(r: RegionalCalendar) -> CalendarOptions {
    let mut options = CalendarOptions::default();
    options.regional.insert(r);
    options
}

/// Easter Sunday as published (Gregorian computus), 2000–2035.
const EASTER: &str = "
2000-04-23 2001-04-15 2002-03-31 2003-04-20 2004-04-11 2005-03-27
2006-04-16 2007-04-08 2008-03-23 2009-04-12 2010-04-04 2011-04-24
2012-04-08 2013-03-31 2014-04-20 2015-04-05 2016-03-27 2017-04-16
2018-04-01 2019-04-21 2020-04-12 2021-04-04 2022-04-17 2023-04-09
2024-03-31 2025-04-20 2026-04-05 2027-03-28 2028-04-16 2029-04-01
2030-04-21 2031-04-13 2032-03-28 2033-04-17 2034-04-09 2035-03-25
";

/// PDSA.md §2.2: Easter by the Gregorian computus matches the published dates.
#[test]
fn easter_matches_the_published_table() {
    let published: Vec<NaiveDate> = EASTER.split_whitespace().map(date).collect();
    assert_eq!(published.len(), 36);
    for (year, expected) in (2000..=2035).zip(published) {
        assert_eq!(easter_sunday(year), expected, "Easter {year}");
    }
}

/// The eleven national holidays of CT L3133-1, one row per year, columns in this order:
/// Jour de l'an, Lundi de Pâques, Fête du Travail, Victoire 1945, Ascension,
/// Lundi de Pentecôte, Fête nationale, Assomption, Toussaint, Armistice 1918, Noël.
const NATIONAL_HOLIDAYS: &str = "
2024 01-01 04-01 05-01 05-08 05-09 05-20 07-14 08-15 11-01 11-11 12-25
2025 01-01 04-21 05-01 05-08 05-29 06-09 07-14 08-15 11-01 11-11 12-25
2026 01-01 04-06 05-01 05-08 05-14 05-25 07-14 08-15 11-01 11-11 12-25
2027 01-01 03-29 05-01 05-08 05-06 05-17 07-14 08-15 11-01 11-11 12-25
2028 01-01 04-17 05-01 05-08 05-25 06-05 07-14 08-15 11-01 11-11 12-25
2029 01-01 04-02 05-01 05-08 05-10 05-21 07-14 08-15 11-01 11-11 12-25
2030 01-01 04-22 05-01 05-08 05-30 06-10 07-14 08-15 11-01 11-11 12-25
2031 01-01 04-14 05-01 05-08 05-22 06-02 07-14 08-15 11-01 11-11 12-25
2032 01-01 03-29 05-01 05-08 05-06 05-17 07-14 08-15 11-01 11-11 12-25
2033 01-01 04-18 05-01 05-08 05-26 06-06 07-14 08-15 11-01 11-11 12-25
2034 01-01 04-10 05-01 05-08 05-18 05-29 07-14 08-15 11-01 11-11 12-25
2035 01-01 03-26 05-01 05-08 05-03 05-14 07-14 08-15 11-01 11-11 12-25
";

const NATIONAL_NAMES: [&str; 11] = [
    "Jour de l'an",
    "Lundi de Pâques",
    "Fête du Travail",
    "Victoire 1945",
    "Ascension",
    "Lundi de Pentecôte",
    "Fête nationale",
    "Assomption",
    "Toussaint",
    "Armistice 1918",
    "Noël",
];

/// CT L3133-1 and PDSA.md §2.2: every national holiday of 2024–2035, with its name,
/// and nothing else.
#[test]
fn national_holidays_2024_to_2035() {
    let options = CalendarOptions::default();
    let rows: Vec<&str> = NATIONAL_HOLIDAYS
        .lines()
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(rows.len(), 12);
    for row in rows {
        let mut fields = row.split_whitespace();
        let year: i32 = fields.next().unwrap().parse().unwrap();
        let mut expected: Vec<(NaiveDate, &str)> = fields
            .zip(NATIONAL_NAMES)
            .map(|(md, name)| (date(&format!("{year}-{md}")), name))
            .collect();
        assert_eq!(expected.len(), 11, "row {year}");
        expected.sort();
        let found: Vec<(NaiveDate, &str)> = holidays(year, &options)
            .into_iter()
            .map(|h| (h.date, holiday_name(h.kind)))
            .collect();
        assert_eq!(found, expected, "holidays of {year}");
        for (d, _) in &expected {
            assert!(is_holiday(*d, &options), "{d}");
            assert_eq!(day_kind(*d, &options), DayKind::Holiday, "{d}");
        }
    }
}

/// PDSA.md §2.2: Ascension is always a Thursday, Easter and Whit Mondays Mondays.
#[test]
fn easter_dependent_holidays_fall_on_their_weekday() {
    let options = CalendarOptions::default();
    for year in 1900..=2200 {
        for h in holidays(year, &options) {
            let expected = match h.kind {
                HolidayKind::EasterMonday | HolidayKind::WhitMonday => Weekday::Mon,
                HolidayKind::Ascension => Weekday::Thu,
                _ => continue,
            };
            assert_eq!(h.date.weekday(), expected, "{:?} {}", h.kind, h.date);
        }
    }
}

/// PDSA.md §2.3: Alsace-Moselle adds Good Friday (E−2) and Saint-Étienne (26 December).
#[test]
fn alsace_moselle_adds_good_friday_and_saint_stephen() {
    let options = with_regional(RegionalCalendar::AlsaceMoselle);
    let national: BTreeSet<Holiday> = holidays(2027, &CalendarOptions::default())
        .into_iter()
        .collect();
    let added: Vec<Holiday> = holidays(2027, &options)
        .into_iter()
        .filter(|h| !national.contains(h))
        .collect();
    assert_eq!(
        added,
        [
            Holiday {
                date: date("2027-03-26"),
                kind: HolidayKind::GoodFriday
            },
            Holiday {
                date: date("2027-12-26"),
                kind: HolidayKind::SaintStephen
            },
        ]
    );
    // PDSA.md §2.4: with Good Friday on, Saturday 27 March 2027 is a bridge.
    assert_eq!(day_kind(date("2027-03-27"), &options), DayKind::Bridge);
    assert_eq!(
        day_kind(date("2027-03-27"), &CalendarOptions::default()),
        DayKind::Saturday
    );
}

/// PDSA.md §1.3: bridges of 2026 under the strict and the broad readings.
#[test]
fn bridge_days_2026() {
    assert_eq!(
        bridges(2026, &CalendarOptions::default()),
        [
            "2026-01-02 Fri",
            "2026-05-02 Sat",
            "2026-05-09 Sat",
            "2026-05-15 Fri",
            "2026-07-13 Mon",
            "2026-12-26 Sat",
        ]
    );
    assert_eq!(
        bridges(2026, &broad()),
        [
            "2026-01-02 Fri",
            "2026-01-03 Sat",
            "2026-05-02 Sat",
            "2026-05-09 Sat",
            "2026-05-15 Fri",
            "2026-05-16 Sat",
            "2026-07-13 Mon",
            "2026-12-26 Sat",
        ]
    );
}

/// PDSA.md §1.3: bridges of 2027; Saturday 8 May is itself a holiday, so the broad
/// reading adds only 13 November.
#[test]
fn bridge_days_2027() {
    assert_eq!(
        bridges(2027, &CalendarOptions::default()),
        ["2027-01-02 Sat", "2027-05-07 Fri", "2027-11-12 Fri"]
    );
    assert_eq!(
        bridges(2027, &broad()),
        [
            "2027-01-02 Sat",
            "2027-05-07 Fri",
            "2027-11-12 Fri",
            "2027-11-13 Sat"
        ]
    );
    assert_eq!(day_kind(date("2027-05-08"), &broad()), DayKind::Holiday);
}

/// PDSA.md §1.3: bridges of 2028.
#[test]
fn bridge_days_2028() {
    assert_eq!(
        bridges(2028, &CalendarOptions::default()),
        ["2028-05-26 Fri", "2028-07-15 Sat", "2028-08-14 Mon"]
    );
    assert_eq!(
        bridges(2028, &broad()),
        [
            "2028-05-26 Fri",
            "2028-05-27 Sat",
            "2028-07-15 Sat",
            "2028-08-14 Mon"
        ]
    );
}

/// PDSA.md §1.3: in Alsace-Moselle, Saturday 26 December 2026 is a holiday, not a bridge.
#[test]
fn alsace_moselle_saint_stephen_2026_is_a_holiday_not_a_bridge() {
    let options = with_regional(RegionalCalendar::AlsaceMoselle);
    let saint_stephen = date("2026-12-26");
    assert_eq!(day_kind(saint_stephen, &options), DayKind::Holiday);
    assert_eq!(
        day_kind(saint_stephen, &CalendarOptions::default()),
        DayKind::Bridge
    );
    // Good Friday 2026 (3 April) creates the bridge Saturday 4 April.
    assert_eq!(
        bridges(2026, &options),
        [
            "2026-01-02 Fri",
            "2026-04-04 Sat",
            "2026-05-02 Sat",
            "2026-05-09 Sat",
            "2026-05-15 Fri",
            "2026-07-13 Mon",
        ]
    );
}

/// PDSA.md §1.3 and §2.4: an overseas holiday creates bridges where its calendar is on;
/// Saint-Martin's own holiday (28 May) beats the bridge Guadeloupe's 27 May would give.
#[test]
fn overseas_holidays_create_bridges() {
    let guadeloupe = with_regional(RegionalCalendar::Guadeloupe);
    assert_eq!(
        bridges(2027, &guadeloupe),
        [
            "2027-01-02 Sat",
            "2027-05-07 Fri",
            "2027-05-28 Fri",
            "2027-11-12 Fri"
        ]
    );
    let guyane = with_regional(RegionalCalendar::Guyane);
    assert_eq!(day_kind(date("2027-06-11"), &guyane), DayKind::Bridge);

    let mut both = guadeloupe.clone();
    both.regional.insert(RegionalCalendar::SaintMartin);
    assert_eq!(day_kind(date("2027-05-28"), &both), DayKind::Holiday);
    assert_eq!(
        holidays(2027, &both)
            .into_iter()
            .filter(|h| h.date.month() == 5 && h.date.day() >= 27)
            .map(|h| (h.date.to_string(), holiday_name(h.kind)))
            .collect::<Vec<_>>(),
        [
            ("2027-05-27".to_string(), "Abolition de l'esclavage"),
            ("2027-05-28".to_string(), "Abolition de l'esclavage"),
        ]
    );
}

/// PDSA.md §1.3: `bridge_days = false` removes every bridge and leaves holidays alone.
#[test]
fn bridge_days_off_means_no_bridge() {
    let off = CalendarOptions {
        bridge_days: false,
        saturday_after_thursday_holiday_bridge: true,
        ..CalendarOptions::default()
    };
    for year in 2026..=2028 {
        assert_eq!(bridges(year, &off), Vec::<String>::new(), "{year}");
        assert_eq!(
            holidays(year, &off),
            holidays(year, &CalendarOptions::default())
        );
    }
    assert_eq!(day_kind(date("2027-01-02"), &off), DayKind::Saturday);
    assert_eq!(day_kind(date("2027-05-07"), &off), DayKind::Weekday);
}

/// DESIGN.md: a coordinator adds a holiday by hand; it counts for its neighbours too.
#[test]
fn holiday_added_by_override_creates_a_bridge() {
    let mut options = CalendarOptions::default();
    // Thursday 21 January 2027: a local feast the coordinator pays as a holiday.
    options
        .overrides
        .insert(date("2027-01-21"), DayKind::Holiday);
    assert!(is_holiday(date("2027-01-21"), &options));
    assert_eq!(day_kind(date("2027-01-21"), &options), DayKind::Holiday);
    assert_eq!(day_kind(date("2027-01-22"), &options), DayKind::Bridge);
    assert_eq!(day_kind(date("2027-01-23"), &options), DayKind::Saturday);
    assert!(holidays(2027, &options).contains(&Holiday {
        date: date("2027-01-21"),
        kind: HolidayKind::AddedByOverride
    }));
    assert_eq!(holidays(2027, &options).len(), 12);
    assert_eq!(holidays(2026, &options).len(), 11);
}

/// DESIGN.md: a holiday forced to another kind is no holiday and loses its bridge.
#[test]
fn holiday_removed_by_override_loses_its_bridge() {
    let mut options = CalendarOptions::default();
    options
        .overrides
        .insert(date("2027-05-06"), DayKind::Weekday);
    assert!(!is_holiday(date("2027-05-06"), &options));
    assert_eq!(day_kind(date("2027-05-06"), &options), DayKind::Weekday);
    assert_eq!(day_kind(date("2027-05-07"), &options), DayKind::Weekday);
    assert!(holidays(2027, &options)
        .iter()
        .all(|h| h.kind != HolidayKind::Ascension));
    assert_eq!(
        bridges(2027, &options),
        ["2027-01-02 Sat", "2027-11-12 Fri"]
    );
}

/// The override wins for its own date, whatever the calendar says.
#[test]
fn override_wins_for_its_own_date() {
    let mut options = CalendarOptions::default();
    // New Year's Day forced to a bridge: it is a bridge, and no longer a holiday, so
    // the Saturday after it is not a bridge.
    options
        .overrides
        .insert(date("2027-01-01"), DayKind::Bridge);
    // An ordinary Wednesday forced to a bridge, a Saturday forced to a weekday.
    options
        .overrides
        .insert(date("2027-01-13"), DayKind::Bridge);
    options
        .overrides
        .insert(date("2027-01-16"), DayKind::Weekday);
    assert_eq!(day_kind(date("2027-01-01"), &options), DayKind::Bridge);
    assert!(!is_holiday(date("2027-01-01"), &options));
    assert_eq!(day_kind(date("2027-01-02"), &options), DayKind::Saturday);
    assert_eq!(day_kind(date("2027-01-13"), &options), DayKind::Bridge);
    assert_eq!(day_kind(date("2027-01-16"), &options), DayKind::Weekday);
    // Bridges forced by hand hold even with bridges switched off.
    options.bridge_days = false;
    assert_eq!(day_kind(date("2027-01-13"), &options), DayKind::Bridge);
}

/// The bridges a year should have, derived the other way round: from each holiday to
/// the days next to it (PDSA.md §1.3), instead of from each day to its neighbours.
fn bridges_from_holidays(year: i32, options: &CalendarOptions) -> BTreeSet<NaiveDate> {
    let holiday_dates: BTreeSet<NaiveDate> = (year - 1..=year + 1)
        .flat_map(|y| holidays(y, options))
        .map(|h| h.date)
        .collect();
    let mut out = BTreeSet::new();
    if !options.bridge_days {
        return out;
    }
    for &h in &holiday_dates {
        let candidates: Vec<NaiveDate> = match h.weekday() {
            Weekday::Tue => vec![h.pred_opt().unwrap()],
            Weekday::Thu if options.saturday_after_thursday_holiday_bridge => {
                vec![
                    h.succ_opt().unwrap(),
                    h.succ_opt().unwrap().succ_opt().unwrap(),
                ]
            }
            Weekday::Thu | Weekday::Fri => vec![h.succ_opt().unwrap()],
            _ => vec![],
        };
        out.extend(
            candidates
                .into_iter()
                .filter(|d| d.year() == year && !holiday_dates.contains(d)),
        );
    }
    out
}

/// Every date of 2000–2100 gets exactly one kind, consistent with `is_holiday` and
/// `holidays`; holidays are never bridges; bridges are only Mondays, Fridays and
/// Saturdays next to a holiday; everything else is the day of the week.
#[test]
fn every_date_2000_to_2100_has_exactly_one_consistent_kind() {
    let all_regional = CalendarOptions {
        regional: RegionalCalendar::ALL.into_iter().collect(),
        ..CalendarOptions::default()
    };
    for options in [CalendarOptions::default(), broad(), all_regional] {
        for year in 2000..=2100 {
            let holiday_dates: BTreeSet<NaiveDate> = holidays(year, &options)
                .into_iter()
                .map(|h| h.date)
                .collect();
            let expected_bridges = bridges_from_holidays(year, &options);
            for d in year_days(year) {
                // One value of an enum: "exactly one kind" is what the checks below
                // make meaningful, by tying that kind to the holiday and bridge rules.
                let kind = day_kind(d, &options);
                assert_eq!(kind == DayKind::Holiday, is_holiday(d, &options), "{d}");
                assert_eq!(kind == DayKind::Holiday, holiday_dates.contains(&d), "{d}");
                assert_eq!(
                    kind == DayKind::Bridge,
                    expected_bridges.contains(&d),
                    "{d}"
                );
                match kind {
                    DayKind::Holiday => {}
                    DayKind::Bridge => assert!(
                        matches!(d.weekday(), Weekday::Mon | Weekday::Fri | Weekday::Sat),
                        "bridge on {d} {}",
                        d.weekday()
                    ),
                    _ => assert_eq!(kind, ordinary_kind(d), "{d}"),
                }
            }
        }
    }
}

/// The `gardes calendar` listing of the first ten days of 2027 (PDSA.md §2.4).
#[test]
fn describe_lists_every_day_in_french() {
    let s = describe(
        date("2027-01-01"),
        date("2027-01-10"),
        &CalendarOptions::default(),
        false,
    );
    insta::assert_snapshot!(s, @r"
    2027-01-01 vendredi férié (Jour de l'an)
    2027-01-02 samedi pont
    2027-01-03 dimanche
    2027-01-04 lundi semaine
    2027-01-05 mardi semaine
    2027-01-06 mercredi semaine
    2027-01-07 jeudi semaine
    2027-01-08 vendredi semaine
    2027-01-09 samedi
    2027-01-10 dimanche
    ");
}

/// `gardes calendar --special` for 2027: the holidays and bridges of PDSA.md §2.4.
#[test]
fn describe_only_special_2027() {
    let s = describe(
        date("2027-01-01"),
        date("2027-12-31"),
        &CalendarOptions::default(),
        true,
    );
    insta::assert_snapshot!(s, @r"
    2027-01-01 vendredi férié (Jour de l'an)
    2027-01-02 samedi pont
    2027-03-29 lundi férié (Lundi de Pâques)
    2027-05-01 samedi férié (Fête du Travail)
    2027-05-06 jeudi férié (Ascension)
    2027-05-07 vendredi pont
    2027-05-08 samedi férié (Victoire 1945)
    2027-05-17 lundi férié (Lundi de Pentecôte)
    2027-07-14 mercredi férié (Fête nationale)
    2027-08-15 dimanche férié (Assomption)
    2027-11-01 lundi férié (Toussaint)
    2027-11-11 jeudi férié (Armistice 1918)
    2027-11-12 vendredi pont
    2027-12-25 samedi férié (Noël)
    ");
}

/// The listing shows the coordinator's changes: an added holiday, the bridge it makes,
/// a removed holiday marked as forced.
#[test]
fn describe_marks_overrides() {
    let mut options = CalendarOptions::default();
    options
        .overrides
        .insert(date("2027-01-21"), DayKind::Holiday);
    options
        .overrides
        .insert(date("2027-05-06"), DayKind::Weekday);
    let s = describe(date("2027-01-20"), date("2027-01-23"), &options, false)
        + &describe(date("2027-05-06"), date("2027-05-07"), &options, false);
    insta::assert_snapshot!(s, @r"
    2027-01-20 mercredi semaine
    2027-01-21 jeudi férié (Jour férié ajouté)
    2027-01-22 vendredi pont
    2027-01-23 samedi
    2027-05-06 jeudi semaine (forcé)
    2027-05-07 vendredi semaine
    ");
    assert_eq!(
        describe(date("2027-01-02"), date("2027-01-01"), &options, false),
        ""
    );
}
