//! The date of Easter Sunday in the Gregorian calendar (PDSA.md §2.2).
//!
//! Uses the anonymous Gregorian algorithm (Meeus/Jones/Butcher): integer arithmetic only,
//! valid for every Gregorian year. Floor division (`div_euclid`) keeps it total for the
//! proleptic years before 1583, where the result is a formal value, not a historical one.

use chrono::NaiveDate;

/// Easter Sunday of `year`, or `None` when the year is outside chrono's range.
pub(super) fn gregorian(year: i32) -> Option<NaiveDate> {
    let y = i64::from(year);
    // Position in the 19-year Metonic cycle of the moon.
    let a = y.rem_euclid(19);
    let (b, c) = (y.div_euclid(100), y.rem_euclid(100));
    let (d, e) = (b.div_euclid(4), b.rem_euclid(4));
    // Lunar correction (f, g) and the epact-like term h: days from 21 March to the
    // Paschal full moon, before the weekday adjustment.
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let (i, k) = (c.div_euclid(4), c.rem_euclid(4));
    // Days from the full moon to the following Sunday.
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    // The two exceptional cases (full moon on 18 or 19 April) move Easter back a week.
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    let month = u32::try_from(n.div_euclid(31)).ok()?;
    let day = u32::try_from(n.rem_euclid(31) + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // STYLE.md §4: unwrap is fine in tests.
mod tests {
    use chrono::{Datelike, Weekday};

    use super::*;

    /// Knuth's Easter algorithm (TAOCP vol. 1, §1.3.2, exercise 14), a different
    /// formulation of the same Gregorian computus, used only as an independent check.
    fn knuth(year: i32) -> NaiveDate {
        let y = i64::from(year);
        let golden = y % 19 + 1;
        let century = y / 100 + 1;
        let skipped_leap_years = 3 * century / 4 - 12;
        let moon_correction = (8 * century + 5) / 25 - 5;
        let sunday = 5 * y / 4 - skipped_leap_years - 10;
        let mut epact = (11 * golden + 20 + moon_correction - skipped_leap_years) % 30;
        if (epact == 25 && golden > 11) || epact == 24 {
            epact += 1;
        }
        let mut n = 44 - epact;
        if n < 21 {
            n += 30;
        }
        n = n + 7 - (sunday + n) % 7;
        let (month, day) = if n > 31 { (4, n - 31) } else { (3, n) };
        NaiveDate::from_ymd_opt(year, month, u32::try_from(day).unwrap()).unwrap()
    }

    /// PDSA.md §2.2: the computus gives a Sunday between 22 March and 25 April, and
    /// agrees with Knuth's formulation for every Gregorian year up to 4099.
    #[test]
    fn easter_agrees_with_knuths_algorithm() {
        for year in 1583..=4099 {
            let easter = gregorian(year).unwrap();
            assert_eq!(easter, knuth(year), "year {year}");
            assert_eq!(easter.weekday(), Weekday::Sun, "year {year}");
            let earliest = NaiveDate::from_ymd_opt(year, 3, 22).unwrap();
            let latest = NaiveDate::from_ymd_opt(year, 4, 25).unwrap();
            assert!(
                (earliest..=latest).contains(&easter),
                "year {year}: {easter}"
            );
        }
    }

    /// The extreme dates: 22 March (1818, 2285) and 25 April (1943, 2038).
    #[test]
    fn easter_reaches_its_earliest_and_latest_dates() {
        for (year, month, day) in [(1818, 3, 22), (2285, 3, 22), (1943, 4, 25), (2038, 4, 25)] {
            assert_eq!(gregorian(year), NaiveDate::from_ymd_opt(year, month, day));
        }
    }

    /// Proleptic and far years stay total: a date or `None`, never a panic.
    #[test]
    fn easter_is_total_over_chronos_range() {
        for year in [-262_143, -1, 0, 1, 1582, 262_142, i32::MAX, i32::MIN] {
            if let Some(easter) = gregorian(year) {
                assert_eq!(easter.weekday(), Weekday::Sun, "year {year}");
            }
        }
        assert!(gregorian(i32::MAX).is_none());
    }
}
