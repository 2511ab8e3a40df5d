//! The periods and fairness categories of the Lozère instance, on top of the shared
//! calendar (`territory::calendar`): which duties a sector or an MCS zone has on a date,
//! and which category a duty falls in.

use crate::territory::calendar::{day_kind, Date, Kind, CHRISTMAS_NEW_YEAR};

/// The periods of the instance, and on which day kinds each exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Period {
    Soir,
    NuitProfonde,
    Samedi,
    Jour,
    /// The MCS night, 20:00-08:00 every day; MCS zones reuse `samedi` and `jour`.
    McsNuit,
}

impl Period {
    pub(super) fn id(self) -> &'static str {
        match self {
            Period::Soir => "soir",
            Period::NuitProfonde => "nuit_profonde",
            Period::Samedi => "samedi",
            Period::Jour => "jour",
            Period::McsNuit => "mcs_nuit",
        }
    }

    pub(super) fn exists_on(self, kind: Kind) -> bool {
        match self {
            Period::Soir | Period::NuitProfonde | Period::McsNuit => true,
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

/// The periods of an MCS zone: the whole night every day, and the PDSA daytime periods
/// (`samedi`, `jour`, whose windows are exactly the MCS daytime windows).
pub(super) const MCS_PERIODS: [Period; 3] = [Period::McsNuit, Period::Samedi, Period::Jour];

/// The duties of one sector on one date.
pub(super) fn duties_on(date: Date, deep_night: bool) -> Vec<Period> {
    let kind = day_kind(date);
    sector_periods(deep_night)
        .into_iter()
        .filter(|p| p.exists_on(kind))
        .collect()
}

/// The duties of one MCS zone on one date.
pub(super) fn mcs_duties_on(date: Date) -> Vec<Period> {
    let kind = day_kind(date);
    MCS_PERIODS
        .into_iter()
        .filter(|p| p.exists_on(kind))
        .collect()
}

/// The PDSA fairness category ids, in the order of the file (the first that matches
/// wins); the `mcs` category comes before them and takes every MCS duty.
pub(super) const CATEGORY_IDS: [&str; 4] = ["noel_nouvel_an", "ferie_pont", "weekend", "semaine"];

/// Index into [`CATEGORY_IDS`] of a PDSA duty on `date`, and its burden weight.
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

    #[test]
    fn periods_of_sectors_and_zones() {
        let saturday = Date::new(2027, 1, 9);
        let sunday = Date::new(2027, 1, 10);
        let monday = Date::new(2027, 1, 11);
        assert_eq!(
            duties_on(saturday, true),
            [Period::Soir, Period::NuitProfonde, Period::Samedi]
        );
        assert_eq!(duties_on(monday, false), [Period::Soir]);
        assert_eq!(mcs_duties_on(saturday), [Period::McsNuit, Period::Samedi]);
        assert_eq!(mcs_duties_on(sunday), [Period::McsNuit, Period::Jour]);
        assert_eq!(
            mcs_duties_on(Date::new(2027, 1, 2)),
            [Period::McsNuit, Period::Jour]
        );
        assert_eq!(category(Date::new(2027, 1, 1)), (0, 4));
        assert_eq!(category(Date::new(2027, 1, 2)), (1, 3));
        assert_eq!(category(sunday), (2, 2));
        assert_eq!(category(monday), (3, 1));
    }
}
