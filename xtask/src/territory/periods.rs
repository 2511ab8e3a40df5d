//! The periods and PDSA fairness categories of the Lozère-shaped instances (`gen-lozere`,
//! `gen-scale`), on top of the shared calendar: which duties a sector has on a date, and
//! which category a duty falls in. Their TOML is [`super::text::PDSA_PERIODS`].

use super::calendar::{day_kind, Date, Kind, CHRISTMAS_NEW_YEAR};

/// The periods, and on which day kinds each exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Period {
    Soir,
    NuitProfonde,
    Samedi,
    Jour,
    /// The MCS night of Lozère, 20:00-08:00 every day; MCS zones reuse `samedi` and
    /// `jour`.
    McsNuit,
}

impl Period {
    pub(crate) fn id(self) -> &'static str {
        match self {
            Period::Soir => "soir",
            Period::NuitProfonde => "nuit_profonde",
            Period::Samedi => "samedi",
            Period::Jour => "jour",
            Period::McsNuit => "mcs_nuit",
        }
    }

    pub(crate) fn exists_on(self, kind: Kind) -> bool {
        match self {
            Period::Soir | Period::NuitProfonde | Period::McsNuit => true,
            Period::Samedi => kind == Kind::Saturday,
            Period::Jour => matches!(kind, Kind::Sunday | Kind::Holiday | Kind::Bridge),
        }
    }
}

/// The periods a sector lists (deep night only where the sector keeps it).
pub(crate) fn sector_periods(deep_night: bool) -> Vec<Period> {
    let mut periods = vec![Period::Soir];
    if deep_night {
        periods.push(Period::NuitProfonde);
    }
    periods.extend([Period::Samedi, Period::Jour]);
    periods
}

/// The duties of one sector on one date.
pub(crate) fn duties_on(date: Date, deep_night: bool) -> Vec<Period> {
    let kind = day_kind(date);
    sector_periods(deep_night)
        .into_iter()
        .filter(|p| p.exists_on(kind))
        .collect()
}

/// The duty of a sector that a wish asks for on `date`: the daytime one when there is
/// one, else the evening.
pub(crate) fn wished_duty(date: Date, deep_night: bool) -> Period {
    *duties_on(date, deep_night)
        .iter()
        .rfind(|p| **p != Period::NuitProfonde)
        .expect("every date has an evening")
}

/// The PDSA fairness category ids, in the order of the file (the first that matches
/// wins): the default categories of the format ([`super::text::DEFAULT_CATEGORIES`]).
pub(crate) const CATEGORY_IDS: [&str; 4] = ["noel_nouvel_an", "ferie_pont", "weekend", "semaine"];

/// Index into [`CATEGORY_IDS`] of a PDSA duty on `date`, and its weight.
pub(crate) fn category(date: Date) -> (usize, u32) {
    if CHRISTMAS_NEW_YEAR.contains(&date.month_day()) {
        return (0, 4);
    }
    match day_kind(date) {
        Kind::Holiday | Kind::Bridge => (1, 3),
        Kind::Saturday | Kind::Sunday => (2, 2),
        Kind::Weekday => (3, 1),
    }
}
