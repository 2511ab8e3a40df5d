//! The calendar the generator needs: civil dates without a dependency, French public
//! holidays, the strict bridge rule, the instance's periods and fairness categories.
//!
//! A small restatement of PDSA.md §1.3 and §2 for this data only; the real calendar of
//! gardes is `src/calendar/`, which this dependency-free crate cannot use. It only
//! decides which duties exist (to count them and to simulate the history of Q4 2026);
//! the instance itself is expanded by gardes.

/// A civil date, as days since 1970-01-01 for arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct Date(pub(super) i64);

impl Date {
    /// Howard Hinnant's `days_from_civil`.
    pub(super) fn new(y: i64, m: u32, d: u32) -> Date {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date(era * 146_097 + doe - 719_468)
    }

    /// (year, month, day), Hinnant's `civil_from_days`.
    pub(super) fn ymd(self) -> (i64, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        (y, m, d)
    }

    /// 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday).
    pub(super) fn weekday(self) -> i64 {
        (self.0 + 3).rem_euclid(7)
    }

    pub(super) fn plus(self, days: i64) -> Date {
        Date(self.0 + days)
    }

    pub(super) fn month_day(self) -> (u32, u32) {
        let (_, m, d) = self.ymd();
        (m, d)
    }

    /// Every date from `self` to `last`, both inclusive.
    pub(super) fn through(self, last: Date) -> impl Iterator<Item = Date> {
        (self.0..=last.0).map(Date)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
pub(super) fn easter(year: i64) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as u32, day as u32)
}

/// The 11 national public holidays (CT L3133-1).
pub(super) fn is_holiday(date: Date) -> bool {
    let (y, m, d) = date.ymd();
    let fixed = [
        (1, 1),
        (5, 1),
        (5, 8),
        (7, 14),
        (8, 15),
        (11, 1),
        (11, 11),
        (12, 25),
    ];
    let e = easter(y);
    fixed.contains(&(m, d)) || [e.plus(1), e.plus(39), e.plus(50)].contains(&date)
}

/// Day kinds, as the instance file names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Weekday,
    Saturday,
    Sunday,
    Holiday,
    Bridge,
}

/// The strict bridge rule of PDSA.md §1.3; holiday beats bridge beats the weekday.
pub(super) fn day_kind(date: Date) -> Kind {
    let wd = date.weekday();
    if is_holiday(date) {
        Kind::Holiday
    } else if (wd == 0 && is_holiday(date.plus(1)))
        || ((wd == 4 || wd == 5) && is_holiday(date.plus(-1)))
    {
        Kind::Bridge
    } else if wd == 5 {
        Kind::Saturday
    } else if wd == 6 {
        Kind::Sunday
    } else {
        Kind::Weekday
    }
}

/// The periods of the instance, and on which day kinds each exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Period {
    Soir,
    NuitProfonde,
    Samedi,
    Jour,
}

impl Period {
    pub(super) fn id(self) -> &'static str {
        match self {
            Period::Soir => "soir",
            Period::NuitProfonde => "nuit_profonde",
            Period::Samedi => "samedi",
            Period::Jour => "jour",
        }
    }

    pub(super) fn exists_on(self, kind: Kind) -> bool {
        match self {
            Period::Soir | Period::NuitProfonde => true,
            Period::Samedi => kind == Kind::Saturday,
            Period::Jour => matches!(kind, Kind::Sunday | Kind::Holiday | Kind::Bridge),
        }
    }
}

/// The periods a sector lists (deep night only where the sector keeps it).
pub(super) fn sector_periods(deep_night: bool) -> Vec<Period> {
    let mut periods = vec![Period::Soir];
    if deep_night {
        periods.push(Period::NuitProfonde);
    }
    periods.extend([Period::Samedi, Period::Jour]);
    periods
}

/// The duties of one sector on one date.
pub(super) fn duties_on(date: Date, deep_night: bool) -> Vec<Period> {
    let kind = day_kind(date);
    sector_periods(deep_night)
        .into_iter()
        .filter(|p| p.exists_on(kind))
        .collect()
}

/// Fairness category ids, in the order of the file (the first that matches wins).
pub(super) const CATEGORY_IDS: [&str; 4] = ["noel_nouvel_an", "ferie_pont", "weekend", "semaine"];
pub(super) const CHRISTMAS_NEW_YEAR: [(u32, u32); 4] = [(12, 24), (12, 25), (12, 31), (1, 1)];

/// Index into [`CATEGORY_IDS`] of a duty on `date`, and its burden weight.
pub(super) fn category(date: Date) -> (usize, u32) {
    if CHRISTMAS_NEW_YEAR.contains(&date.month_day()) {
        return (0, 4);
    }
    match day_kind(date) {
        Kind::Holiday | Kind::Bridge => (1, 3),
        Kind::Saturday | Kind::Sunday => (2, 2),
        Kind::Weekday => (3, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lozere::horizon;

    #[test]
    fn easter_and_the_first_quarter_of_2027() {
        assert_eq!(easter(2027), Date::new(2027, 3, 28));
        assert_eq!(easter(2026), Date::new(2026, 4, 5));
        assert_eq!(day_kind(Date::new(2027, 1, 1)), Kind::Holiday);
        assert_eq!(day_kind(Date::new(2027, 1, 2)), Kind::Bridge);
        assert_eq!(day_kind(Date::new(2027, 1, 3)), Kind::Sunday);
        assert_eq!(day_kind(Date::new(2027, 1, 4)), Kind::Weekday);
        assert_eq!(day_kind(Date::new(2027, 3, 27)), Kind::Saturday);
        assert_eq!(day_kind(Date::new(2027, 3, 29)), Kind::Holiday);
        assert_eq!(day_kind(Date::new(2026, 12, 26)), Kind::Bridge);
        let (first, last) = horizon();
        assert_eq!(first.through(last).count(), 90);
        assert_eq!(Date::new(2027, 2, 28).plus(1).to_string(), "2027-03-01");
    }
}
