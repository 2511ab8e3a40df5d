//! French labels for the calendar: day names, day kinds and holiday names.
//!
//! The words the `gardes calendar` listing prints and the names [`crate::calendar`]
//! gives its holidays. Logic stays in `calendar`; this module only holds words.

use chrono::Weekday;

use crate::calendar::DayKind;

/// 1 January (CT L3133-1).
pub const NEW_YEARS_DAY: &str = "Jour de l'an";
/// Easter + 1.
pub const EASTER_MONDAY: &str = "Lundi de Pâques";
/// 1 May.
pub const LABOUR_DAY: &str = "Fête du Travail";
/// 8 May.
pub const VICTORY_1945: &str = "Victoire 1945";
/// Easter + 39.
pub const ASCENSION: &str = "Ascension";
/// Easter + 50.
pub const WHIT_MONDAY: &str = "Lundi de Pentecôte";
/// 14 July.
pub const NATIONAL_DAY: &str = "Fête nationale";
/// 15 August.
pub const ASSUMPTION: &str = "Assomption";
/// 1 November.
pub const ALL_SAINTS: &str = "Toussaint";
/// 11 November.
pub const ARMISTICE_1918: &str = "Armistice 1918";
/// 25 December.
pub const CHRISTMAS: &str = "Noël";
/// Easter − 2, Alsace-Moselle (CT L3134-13).
pub const GOOD_FRIDAY: &str = "Vendredi saint";
/// 26 December, Alsace-Moselle (CT L3134-13).
pub const SAINT_STEPHEN: &str = "Saint-Étienne";
/// The overseas commemoration of the abolition of slavery (CT L3422-2).
pub const ABOLITION_OF_SLAVERY: &str = "Abolition de l'esclavage";
/// The name of a holiday that exists only because a coordinator forced the date to
/// `holiday`.
pub const HOLIDAY_ADDED_BY_OVERRIDE: &str = "Jour férié ajouté";
/// Marks, in the listing, a date whose kind a coordinator forced to something other than
/// a holiday.
pub const FORCED: &str = "forcé";

/// The French name of a day of the week, lower case as in running text (`lundi`).
pub fn day_name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "lundi",
        Weekday::Tue => "mardi",
        Weekday::Wed => "mercredi",
        Weekday::Thu => "jeudi",
        Weekday::Fri => "vendredi",
        Weekday::Sat => "samedi",
        Weekday::Sun => "dimanche",
    }
}

/// The French word for a day kind (`semaine`, `samedi`, `dimanche`, `férié`, `pont`).
pub fn kind_label(kind: DayKind) -> &'static str {
    match kind {
        DayKind::Weekday => "semaine",
        DayKind::Saturday => "samedi",
        DayKind::Sunday => "dimanche",
        DayKind::Holiday => "férié",
        DayKind::Bridge => "pont",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every calendar word, so that a change of wording shows up in review.
    #[test]
    fn calendar_labels_are_french() {
        let days: Vec<&str> = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ]
        .into_iter()
        .map(day_name)
        .collect();
        let kinds: Vec<&str> = DayKind::ALL.into_iter().map(kind_label).collect();
        insta::assert_snapshot!(format!("{}\n{}", days.join(" "), kinds.join(" ")), @r"
        lundi mardi mercredi jeudi vendredi samedi dimanche
        semaine samedi dimanche férié pont
        ");
    }
}
