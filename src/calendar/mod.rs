//! The French calendar: public holidays, bridge days and day kinds (PDSA.md §1.3, §2).
//!
//! Pure functions of a date and [`CalendarOptions`]: no clock, no I/O, no time zones
//! (those start in `duties`). Every date has exactly one [`DayKind`], decided in this
//! order: the coordinator's override, then holiday, then bridge, then the day of the week.
//!
//! Holidays are the eleven of CT L3133-1, plus the optional regional calendars of
//! PDSA.md §2.3. Bridges follow the strict reading of CSP R6315-1 (PDSA.md §1.3), with the
//! broad reading as a switch, and are computed from whichever holidays are active, so a
//! regional holiday or a holiday added by hand creates bridges too.

mod easter;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// What kind of day a date is, for PDSA. Exactly one per date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DayKind {
    /// Monday to Friday, not a holiday nor a bridge.
    Weekday,
    /// Saturday, not a holiday nor a bridge.
    Saturday,
    /// Sunday that is not a holiday.
    Sunday,
    /// A public holiday of an active calendar.
    Holiday,
    /// A bridge day (PDSA.md §1.3).
    Bridge,
}

impl DayKind {
    /// Every kind, in declaration order.
    pub const ALL: [DayKind; 5] = [
        DayKind::Weekday,
        DayKind::Saturday,
        DayKind::Sunday,
        DayKind::Holiday,
        DayKind::Bridge,
    ];
}

/// Optional regional calendars (PDSA.md §2.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RegionalCalendar {
    /// Bas-Rhin, Haut-Rhin, Moselle: Good Friday and 26 December.
    AlsaceMoselle,
    /// 27 April.
    Mayotte,
    /// 22 May.
    Martinique,
    /// 27 May.
    Guadeloupe,
    /// 28 May.
    SaintMartin,
    /// 10 June.
    Guyane,
    /// 9 October.
    SaintBarthelemy,
    /// 20 December.
    Reunion,
}

impl RegionalCalendar {
    /// Every regional calendar, in declaration order.
    pub const ALL: [RegionalCalendar; 8] = [
        RegionalCalendar::AlsaceMoselle,
        RegionalCalendar::Mayotte,
        RegionalCalendar::Martinique,
        RegionalCalendar::Guadeloupe,
        RegionalCalendar::SaintMartin,
        RegionalCalendar::Guyane,
        RegionalCalendar::SaintBarthelemy,
        RegionalCalendar::Reunion,
    ];
}

/// Which holidays and bridges apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarOptions {
    /// Regional calendars added to the national one.
    pub regional: BTreeSet<RegionalCalendar>,
    /// Whether bridge days exist at all (strict reading of R6315-1).
    pub bridge_days: bool,
    /// Broad reading: the Saturday after a Thursday holiday is a bridge too.
    pub saturday_after_thursday_holiday_bridge: bool,
    /// The coordinator's hand-made changes: a date forced to a kind.
    pub overrides: BTreeMap<NaiveDate, DayKind>,
}

impl Default for CalendarOptions {
    fn default() -> Self {
        CalendarOptions {
            regional: BTreeSet::new(),
            bridge_days: true,
            saturday_after_thursday_holiday_bridge: false,
            overrides: BTreeMap::new(),
        }
    }
}

/// A public holiday: its date and which holiday it is (`crate::labels::calendar`
/// names it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Holiday {
    /// The date.
    pub date: NaiveDate,
    /// Which holiday.
    pub kind: HolidayKind,
}

/// Which public holiday a date is. Declared in the alphabetical order of the French
/// names, so that two holidays on one date (Ascension on 1 May, as in 2008) sort as
/// the listing has always named them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HolidayKind {
    /// The overseas commemoration of the abolition of slavery (CT L3422-2).
    AbolitionOfSlavery,
    /// 11 November.
    Armistice1918,
    /// Easter + 39.
    Ascension,
    /// 15 August.
    Assumption,
    /// 1 May.
    LabourDay,
    /// 14 July.
    NationalDay,
    /// 1 January (CT L3133-1).
    NewYearsDay,
    /// A date a coordinator forced to `holiday` that is no holiday of the active
    /// calendars.
    AddedByOverride,
    /// Easter + 50.
    WhitMonday,
    /// Easter + 1.
    EasterMonday,
    /// 25 December.
    Christmas,
    /// 26 December, Alsace-Moselle (CT L3134-13).
    SaintStephen,
    /// 1 November.
    AllSaints,
    /// Easter − 2, Alsace-Moselle (CT L3134-13).
    GoodFriday,
    /// 8 May.
    Victory1945,
}

impl HolidayKind {
    /// Every holiday, in declaration order.
    pub const ALL: [HolidayKind; 15] = [
        HolidayKind::AbolitionOfSlavery,
        HolidayKind::Armistice1918,
        HolidayKind::Ascension,
        HolidayKind::Assumption,
        HolidayKind::LabourDay,
        HolidayKind::NationalDay,
        HolidayKind::NewYearsDay,
        HolidayKind::AddedByOverride,
        HolidayKind::WhitMonday,
        HolidayKind::EasterMonday,
        HolidayKind::Christmas,
        HolidayKind::SaintStephen,
        HolidayKind::AllSaints,
        HolidayKind::GoodFriday,
        HolidayKind::Victory1945,
    ];
}

/// The words of the instance file for day kinds, in [`DayKind::ALL`] order.
const KIND_NAMES: [(DayKind, &str); 5] = [
    (DayKind::Weekday, "weekday"),
    (DayKind::Saturday, "saturday"),
    (DayKind::Sunday, "sunday"),
    (DayKind::Holiday, "holiday"),
    (DayKind::Bridge, "bridge"),
];

/// The words of the instance file for regional calendars, in [`RegionalCalendar::ALL`]
/// order.
const REGIONAL_NAMES: [(RegionalCalendar, &str); 8] = [
    (RegionalCalendar::AlsaceMoselle, "alsace_moselle"),
    (RegionalCalendar::Mayotte, "mayotte"),
    (RegionalCalendar::Martinique, "martinique"),
    (RegionalCalendar::Guadeloupe, "guadeloupe"),
    (RegionalCalendar::SaintMartin, "saint_martin"),
    (RegionalCalendar::Guyane, "guyane"),
    (RegionalCalendar::SaintBarthelemy, "saint_barthelemy"),
    (RegionalCalendar::Reunion, "reunion"),
];

/// Easter Sunday of `year` (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
///
/// # Panics
/// When Easter of `year` is outside chrono's date range (beyond ±262 000 years); an
/// [`Instance`](crate::instance::Instance) horizon never is.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use gardes::calendar::easter_sunday;
///
/// // Easter 2027 falls on the Sunday summer time starts (PDSA.md §1.5).
/// assert_eq!(Some(easter_sunday(2027)), NaiveDate::from_ymd_opt(2027, 3, 28));
/// assert_eq!(Some(easter_sunday(2026)), NaiveDate::from_ymd_opt(2026, 4, 5));
/// ```
pub fn easter_sunday(year: i32) -> NaiveDate {
    easter::gregorian(year).expect("the year of an Easter Sunday is within chrono's range")
}

/// The holidays of `year` in the active calendars, sorted by date (overrides applied:
/// a date forced to `Holiday` is added, a holiday forced to another kind is removed).
///
/// Two holidays on one date (Ascension on 1 May, as in 2008) are two entries with the
/// same date. A date forced to `Holiday` that is no holiday of the active calendars is
/// a [`HolidayKind::AddedByOverride`].
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use gardes::calendar::{holidays, CalendarOptions, HolidayKind, RegionalCalendar};
///
/// let national = holidays(2027, &CalendarOptions::default());
/// assert_eq!(national.len(), 11);
/// assert_eq!(national[1].kind, HolidayKind::EasterMonday);
/// assert_eq!(Some(national[1].date), NaiveDate::from_ymd_opt(2027, 3, 29));
///
/// let mut options = CalendarOptions::default();
/// options.regional.insert(RegionalCalendar::AlsaceMoselle);
/// let alsace = holidays(2027, &options);
/// assert_eq!(alsace.len(), 13);
/// assert_eq!(alsace[1].kind, HolidayKind::GoodFriday);
/// ```
pub fn holidays(year: i32, options: &CalendarOptions) -> Vec<Holiday> {
    let mut list = calendar_holidays(year, &options.regional);
    list.retain(|h| {
        options
            .overrides
            .get(&h.date)
            .is_none_or(|&kind| kind == DayKind::Holiday)
    });
    for (&date, &kind) in &options.overrides {
        if date.year() == year && kind == DayKind::Holiday && !list.iter().any(|h| h.date == date) {
            list.push(Holiday {
                date,
                kind: HolidayKind::AddedByOverride,
            });
        }
    }
    list.sort();
    list
}

/// Whether `date` is a holiday (overrides applied).
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use gardes::calendar::{is_holiday, CalendarOptions, DayKind};
///
/// let whit_monday = NaiveDate::from_ymd_opt(2027, 5, 17).ok_or("bad date")?;
/// let mut options = CalendarOptions::default();
/// assert!(is_holiday(whit_monday, &options));
///
/// // A coordinator whose region works on Whit Monday forces it to a weekday.
/// options.overrides.insert(whit_monday, DayKind::Weekday);
/// assert!(!is_holiday(whit_monday, &options));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn is_holiday(date: NaiveDate, options: &CalendarOptions) -> bool {
    match options.overrides.get(&date) {
        Some(&kind) => kind == DayKind::Holiday,
        None => calendar_holidays(date.year(), &options.regional)
            .iter()
            .any(|h| h.date == date),
    }
}

/// The kind of a date ignoring holidays and bridges: weekday, saturday or sunday.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use gardes::calendar::{ordinary_kind, DayKind};
///
/// // 1 January 2027 is a Friday; holidays play no part here.
/// let new_year = NaiveDate::from_ymd_opt(2027, 1, 1).ok_or("bad date")?;
/// assert_eq!(ordinary_kind(new_year), DayKind::Weekday);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn ordinary_kind(date: NaiveDate) -> DayKind {
    match date.weekday() {
        Weekday::Sat => DayKind::Saturday,
        Weekday::Sun => DayKind::Sunday,
        Weekday::Mon | Weekday::Tue | Weekday::Wed | Weekday::Thu | Weekday::Fri => {
            DayKind::Weekday
        }
    }
}

/// The kind of `date`: an override if any, else holiday, else bridge, else ordinary.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use gardes::calendar::{day_kind, CalendarOptions, DayKind};
///
/// let options = CalendarOptions::default();
/// let date = |m, d| NaiveDate::from_ymd_opt(2027, m, d).ok_or("bad date");
/// assert_eq!(day_kind(date(5, 6)?, &options), DayKind::Holiday); // Ascension, Thursday
/// assert_eq!(day_kind(date(5, 7)?, &options), DayKind::Bridge); // the Friday after
/// assert_eq!(day_kind(date(5, 8)?, &options), DayKind::Holiday); // 8 May, Saturday
/// assert_eq!(day_kind(date(5, 9)?, &options), DayKind::Sunday);
///
/// // Bridges can be switched off (the regional plan does not organise them).
/// let no_bridges = CalendarOptions { bridge_days: false, ..CalendarOptions::default() };
/// assert_eq!(day_kind(date(5, 7)?, &no_bridges), DayKind::Weekday);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn day_kind(date: NaiveDate, options: &CalendarOptions) -> DayKind {
    if let Some(&kind) = options.overrides.get(&date) {
        kind
    } else if is_holiday(date, options) {
        DayKind::Holiday
    } else if is_bridge(date, options) {
        DayKind::Bridge
    } else {
        ordinary_kind(date)
    }
}

/// The day kind named by an instance-file word (`weekday`, `saturday`, `sunday`,
/// `holiday`, `bridge`), or `None`.
///
/// # Example
/// ```
/// use gardes::calendar::{parse_kind, DayKind};
///
/// assert_eq!(parse_kind("bridge"), Some(DayKind::Bridge));
/// assert_eq!(parse_kind("pont"), None); // the file uses the English words
/// ```
pub fn parse_kind(s: &str) -> Option<DayKind> {
    KIND_NAMES
        .iter()
        .find(|(_, name)| *name == s)
        .map(|&(kind, _)| kind)
}

/// The instance-file word of a day kind; the inverse of [`parse_kind`].
pub fn kind_name(kind: DayKind) -> &'static str {
    KIND_NAMES
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |&(_, name)| name)
}

/// The regional calendar named by an instance-file word (`alsace_moselle`, `mayotte`,
/// `martinique`, `guadeloupe`, `saint_martin`, `guyane`, `saint_barthelemy`, `reunion`),
/// or `None`.
///
/// # Example
/// ```
/// use gardes::calendar::{parse_regional, regional_name, RegionalCalendar};
///
/// assert_eq!(parse_regional("alsace_moselle"), Some(RegionalCalendar::AlsaceMoselle));
/// assert_eq!(regional_name(RegionalCalendar::Reunion), "reunion");
/// assert_eq!(parse_regional("alsace"), None);
/// ```
pub fn parse_regional(s: &str) -> Option<RegionalCalendar> {
    REGIONAL_NAMES
        .iter()
        .find(|(_, name)| *name == s)
        .map(|&(r, _)| r)
}

/// The instance-file word of a regional calendar; the inverse of [`parse_regional`].
pub fn regional_name(r: RegionalCalendar) -> &'static str {
    REGIONAL_NAMES
        .iter()
        .find(|(k, _)| *k == r)
        .map_or("", |&(_, name)| name)
}

/// Whether `date` is a bridge day: PDSA.md §1.3, strict reading, plus the broad reading
/// when switched on. Holidays here include the overrides, so a holiday added by hand
/// creates bridges and a holiday removed by hand loses them.
fn is_bridge(date: NaiveDate, options: &CalendarOptions) -> bool {
    if !options.bridge_days || is_holiday(date, options) {
        return false;
    }
    let holiday = |d: Option<NaiveDate>| d.is_some_and(|d| is_holiday(d, options));
    let before = date.pred_opt();
    match date.weekday() {
        // Monday before a Tuesday holiday.
        Weekday::Mon => holiday(date.succ_opt()),
        // Friday after a Thursday holiday.
        Weekday::Fri => holiday(before),
        // Saturday after a Friday holiday; under the broad reading, also after a
        // Thursday holiday (the Friday between being a bridge or a holiday itself).
        Weekday::Sat => {
            holiday(before)
                || (options.saturday_after_thursday_holiday_bridge
                    && holiday(before.and_then(|d| d.pred_opt())))
        }
        Weekday::Tue | Weekday::Wed | Weekday::Thu | Weekday::Sun => false,
    }
}

/// The holidays of `year` in the national and the given regional calendars, without
/// overrides, sorted. Dates chrono cannot represent are left out, which only happens
/// at the very ends of its range.
fn calendar_holidays(year: i32, regional: &BTreeSet<RegionalCalendar>) -> Vec<Holiday> {
    let fixed = |month, day, kind| {
        NaiveDate::from_ymd_opt(year, month, day).map(|date| Holiday { date, kind })
    };
    let easter = easter::gregorian(year);
    let after_easter = |days, kind| {
        easter
            .and_then(|e| e.checked_add_days(Days::new(days)))
            .map(|date| Holiday { date, kind })
    };
    // CT L3133-1: the eleven national holidays; offsets from PDSA.md §2.2.
    let mut list: Vec<Holiday> = [
        fixed(1, 1, HolidayKind::NewYearsDay),
        after_easter(1, HolidayKind::EasterMonday),
        fixed(5, 1, HolidayKind::LabourDay),
        fixed(5, 8, HolidayKind::Victory1945),
        after_easter(39, HolidayKind::Ascension),
        after_easter(50, HolidayKind::WhitMonday),
        fixed(7, 14, HolidayKind::NationalDay),
        fixed(8, 15, HolidayKind::Assumption),
        fixed(11, 1, HolidayKind::AllSaints),
        fixed(11, 11, HolidayKind::Armistice1918),
        fixed(12, 25, HolidayKind::Christmas),
    ]
    .into_iter()
    .flatten()
    .collect();
    for &r in regional {
        let days = match r {
            // CT L3134-13 (PDSA.md §2.3).
            RegionalCalendar::AlsaceMoselle => [
                easter
                    .and_then(|e| e.checked_sub_days(Days::new(2)))
                    .map(|date| Holiday {
                        date,
                        kind: HolidayKind::GoodFriday,
                    }),
                fixed(12, 26, HolidayKind::SaintStephen),
            ],
            // CT L3422-2: the abolition of slavery, one date per territory.
            RegionalCalendar::Mayotte => [fixed(4, 27, HolidayKind::AbolitionOfSlavery), None],
            RegionalCalendar::Martinique => [fixed(5, 22, HolidayKind::AbolitionOfSlavery), None],
            RegionalCalendar::Guadeloupe => [fixed(5, 27, HolidayKind::AbolitionOfSlavery), None],
            RegionalCalendar::SaintMartin => [fixed(5, 28, HolidayKind::AbolitionOfSlavery), None],
            RegionalCalendar::Guyane => [fixed(6, 10, HolidayKind::AbolitionOfSlavery), None],
            RegionalCalendar::SaintBarthelemy => {
                [fixed(10, 9, HolidayKind::AbolitionOfSlavery), None]
            }
            RegionalCalendar::Reunion => [fixed(12, 20, HolidayKind::AbolitionOfSlavery), None],
        };
        list.extend(days.into_iter().flatten());
    }
    list.sort();
    list.dedup();
    list
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // STYLE.md §4: unwrap is fine in tests.
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The instance file's words round-trip, and nothing else parses.
    #[test]
    fn kind_and_regional_words_round_trip() {
        for kind in DayKind::ALL {
            assert_eq!(parse_kind(kind_name(kind)), Some(kind));
        }
        for r in RegionalCalendar::ALL {
            assert_eq!(parse_regional(regional_name(r)), Some(r));
        }
        for word in ["", "Weekday", "férié", "pont", "holidays", " bridge"] {
            assert_eq!(parse_kind(word), None, "{word:?}");
        }
        for word in ["", "alsace", "Alsace_Moselle", "la_reunion", "saint-martin"] {
            assert_eq!(parse_regional(word), None, "{word:?}");
        }
    }

    /// ordinary_kind follows the day of the week only.
    #[test]
    fn ordinary_kind_is_the_day_of_the_week() {
        // 2027-01-04 is a Monday.
        let kinds: Vec<DayKind> = (4..=10).map(|d| ordinary_kind(date(2027, 1, d))).collect();
        assert_eq!(
            kinds,
            [
                DayKind::Weekday,
                DayKind::Weekday,
                DayKind::Weekday,
                DayKind::Weekday,
                DayKind::Weekday,
                DayKind::Saturday,
                DayKind::Sunday
            ]
        );
    }

    /// PDSA.md §2.3: each overseas territory adds its own date, and only that one.
    #[test]
    fn each_regional_calendar_adds_its_dates() {
        let expected = [
            (
                RegionalCalendar::AlsaceMoselle,
                vec![date(2027, 3, 26), date(2027, 12, 26)],
            ),
            (RegionalCalendar::Mayotte, vec![date(2027, 4, 27)]),
            (RegionalCalendar::Martinique, vec![date(2027, 5, 22)]),
            (RegionalCalendar::Guadeloupe, vec![date(2027, 5, 27)]),
            (RegionalCalendar::SaintMartin, vec![date(2027, 5, 28)]),
            (RegionalCalendar::Guyane, vec![date(2027, 6, 10)]),
            (RegionalCalendar::SaintBarthelemy, vec![date(2027, 10, 9)]),
            (RegionalCalendar::Reunion, vec![date(2027, 12, 20)]),
        ];
        let national: BTreeSet<NaiveDate> = calendar_holidays(2027, &BTreeSet::new())
            .into_iter()
            .map(|h| h.date)
            .collect();
        for (r, dates) in expected {
            let with: BTreeSet<NaiveDate> = calendar_holidays(2027, &BTreeSet::from([r]))
                .into_iter()
                .map(|h| h.date)
                .collect();
            let added: Vec<NaiveDate> = with.difference(&national).copied().collect();
            assert_eq!(added, dates, "{r:?}");
        }
    }

    /// Two calendars on one date give two entries, in the order the listing names them.
    #[test]
    fn ascension_on_labour_day_keeps_both() {
        let options = CalendarOptions::default();
        let on_may_first: Vec<HolidayKind> = holidays(2008, &options)
            .into_iter()
            .filter(|h| h.date == date(2008, 5, 1))
            .map(|h| h.kind)
            .collect();
        assert_eq!(
            on_may_first,
            [HolidayKind::Ascension, HolidayKind::LabourDay]
        );
    }
}
