//! The periods and fairness categories of the Lozère instance: the MCS zones' duties
//! here, the PDSA sectors' from `territory::periods` (re-exported): which duties a
//! sector or an MCS zone has on a date, and which category a duty falls in.

use crate::territory::calendar::{day_kind, Date};
pub(super) use crate::territory::periods::{
    category, duties_on, sector_periods, wished_duty, Period, CATEGORY_IDS,
};

/// The periods of an MCS zone: the whole night every day, and the PDSA daytime periods
/// (`samedi`, `jour`, whose windows are exactly the MCS daytime windows).
pub(super) const MCS_PERIODS: [Period; 3] = [Period::McsNuit, Period::Samedi, Period::Jour];

/// The duties of one MCS zone on one date.
pub(super) fn mcs_duties_on(date: Date) -> Vec<Period> {
    let kind = day_kind(date);
    MCS_PERIODS
        .into_iter()
        .filter(|p| p.exists_on(kind))
        .collect()
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
