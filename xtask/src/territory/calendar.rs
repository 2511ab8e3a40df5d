//! Civil dates without a dependency, French public holidays and the strict bridge rule:
//! what the generators need to know which duties exist on a date.
//!
//! A small restatement of PDSA.md §1.3 and §2 for the bundled instances only; the real
//! calendar of gardes is `src/calendar/`, which this dependency-free crate cannot use.
//! The generators use it to count duties and to simulate the history of Q4 2026; the
//! instances themselves are expanded by gardes.

/// A civil date, as days since 1970-01-01 for arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Date(pub(crate) i64);

impl Date {
    /// Howard Hinnant's `days_from_civil`.
    pub(crate) fn new(y: i64, m: u32, d: u32) -> Date {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date(era * 146_097 + doe - 719_468)
    }

    /// (year, month, day), Hinnant's `civil_from_days`.
    pub(crate) fn ymd(self) -> (i64, u32, u32) {
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
    pub(crate) fn weekday(self) -> i64 {
        (self.0 + 3).rem_euclid(7)
    }

    /// The date `days` later (earlier when negative).
    pub(crate) fn plus(self, days: i64) -> Date {
        Date(self.0 + days)
    }

    /// (month, day), for the Christmas and New Year category.
    pub(crate) fn month_day(self) -> (u32, u32) {
        let (_, m, d) = self.ymd();
        (m, d)
    }

    /// Every date from `self` to `last`, both inclusive.
    pub(crate) fn through(self, last: Date) -> impl Iterator<Item = Date> {
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
pub(crate) fn easter(year: i64) -> Date {
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
pub(crate) fn is_holiday(date: Date) -> bool {
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
pub(crate) enum Kind {
    Weekday,
    Saturday,
    Sunday,
    Holiday,
    Bridge,
}

impl Kind {
    /// The word of the instance file.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Kind::Weekday => "weekday",
            Kind::Saturday => "saturday",
            Kind::Sunday => "sunday",
            Kind::Holiday => "holiday",
            Kind::Bridge => "bridge",
        }
    }
}

/// The strict bridge rule of PDSA.md §1.3; holiday beats bridge beats the weekday.
pub(crate) fn day_kind(date: Date) -> Kind {
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

/// The horizon of both bundled instances: the first quarter of 2027.
pub(crate) fn horizon() -> (Date, Date) {
    (Date::new(2027, 1, 1), Date::new(2027, 3, 31))
}

/// The quarter before the horizon, whose history the generators simulate.
pub(crate) fn history_quarter() -> (Date, Date) {
    (Date::new(2026, 10, 1), Date::new(2026, 12, 31))
}

/// The winter school holidays of zone C (académie de Montpellier, which covers both
/// Lozère and Hérault), assumed 6-22 February 2027: one week each, Saturday to Friday.
pub(crate) fn winter_weeks() -> [(Date, Date); 2] {
    [
        (Date::new(2027, 2, 6), Date::new(2027, 2, 12)),
        (Date::new(2027, 2, 13), Date::new(2027, 2, 19)),
    ]
}

/// The Christmas and New Year days of the `noel_nouvel_an` category.
pub(crate) const CHRISTMAS_NEW_YEAR: [(u32, u32); 4] = [(12, 24), (12, 25), (12, 31), (1, 1)];

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(Kind::Bridge.word(), "bridge");
    }
}
