//! French labels for the calendar: day and month names, day kinds and holiday names.
//!
//! The words and the listing `gardes calendar` prints, and the names of the holidays
//! [`crate::calendar`] returns as [`HolidayKind`]s. What a date is stays decided in
//! `calendar`.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::calendar::{self, CalendarOptions, DayKind, HolidayKind};

/// The French name of a public holiday (`Lundi de Pâques`).
pub fn holiday_name(kind: HolidayKind) -> &'static str {
    match kind {
        HolidayKind::NewYearsDay => "Jour de l'an",
        HolidayKind::EasterMonday => "Lundi de Pâques",
        HolidayKind::LabourDay => "Fête du Travail",
        HolidayKind::Victory1945 => "Victoire 1945",
        HolidayKind::Ascension => "Ascension",
        HolidayKind::WhitMonday => "Lundi de Pentecôte",
        HolidayKind::NationalDay => "Fête nationale",
        HolidayKind::Assumption => "Assomption",
        HolidayKind::AllSaints => "Toussaint",
        HolidayKind::Armistice1918 => "Armistice 1918",
        HolidayKind::Christmas => "Noël",
        HolidayKind::GoodFriday => "Vendredi saint",
        HolidayKind::SaintStephen => "Saint-Étienne",
        HolidayKind::AbolitionOfSlavery => "Abolition de l'esclavage",
        HolidayKind::AddedByOverride => "Jour férié ajouté",
    }
}

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

/// The French name of a month (1 to 12), lower case as in running text (`janvier`);
/// empty for any other number.
pub fn month_name(month: u32) -> &'static str {
    match month {
        1 => "janvier",
        2 => "février",
        3 => "mars",
        4 => "avril",
        5 => "mai",
        6 => "juin",
        7 => "juillet",
        8 => "août",
        9 => "septembre",
        10 => "octobre",
        11 => "novembre",
        12 => "décembre",
        _ => "",
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

/// The `gardes calendar` listing: one line per date from `first` to `last` inclusive,
/// each ending with a newline (print it with `print!`). Empty when `first > last`.
///
/// A line is the date, the French day name, the kind word when it adds something
/// (`samedi` and `dimanche` are not repeated), the holiday names in parentheses, and
/// `(forcé)` on a date a coordinator forced to a kind other than holiday. With
/// `only_special`, only holidays and bridges are listed.
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use gardes::calendar::CalendarOptions;
/// use gardes::labels::calendar::describe;
///
/// let first = NaiveDate::from_ymd_opt(2027, 1, 1).ok_or("bad date")?;
/// let last = NaiveDate::from_ymd_opt(2027, 1, 4).ok_or("bad date")?;
/// let options = CalendarOptions::default();
/// assert_eq!(
///     describe(first, last, &options, false),
///     "2027-01-01 vendredi férié (Jour de l'an)\n\
///      2027-01-02 samedi pont\n\
///      2027-01-03 dimanche\n\
///      2027-01-04 lundi semaine\n",
/// );
/// assert_eq!(
///     describe(first, last, &options, true),
///     "2027-01-01 vendredi férié (Jour de l'an)\n2027-01-02 samedi pont\n",
/// );
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn describe(
    first: NaiveDate,
    last: NaiveDate,
    options: &CalendarOptions,
    only_special: bool,
) -> String {
    let mut out = String::new();
    for date in first.iter_days().take_while(|&d| d <= last) {
        let kind = calendar::day_kind(date, options);
        if only_special && !matches!(kind, DayKind::Holiday | DayKind::Bridge) {
            continue;
        }
        let day_name = day_name(date.weekday());
        // `write!` into a String cannot fail; the results are ignored on purpose.
        let _ = write!(out, "{} {day_name}", date.format("%Y-%m-%d"));
        // "samedi samedi" says nothing more than "samedi"; "lundi semaine" does.
        if kind == DayKind::Weekday || kind != calendar::ordinary_kind(date) {
            let _ = write!(out, " {}", kind_label(kind));
        }
        if kind == DayKind::Holiday {
            let names: Vec<&str> = calendar::holidays(date.year(), options)
                .into_iter()
                .filter(|h| h.date == date)
                .map(|h| holiday_name(h.kind))
                .collect();
            let _ = write!(out, " ({})", names.join(", "));
        } else if options.overrides.contains_key(&date) {
            let _ = write!(out, " ({})", FORCED);
        }
        out.push('\n');
    }
    out
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

    /// The kinds are declared in the order of their French names, so that two holidays
    /// on one date keep the order the listing has always given them.
    #[test]
    fn holiday_kinds_sort_as_their_names() {
        let names: Vec<&str> = HolidayKind::ALL.into_iter().map(holiday_name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
    }

    /// Two calendars on one date: both named in the listing.
    #[test]
    fn ascension_on_labour_day_keeps_both_names() {
        let may_first = NaiveDate::from_ymd_opt(2008, 5, 1).expect("a date");
        assert_eq!(
            describe(may_first, may_first, &CalendarOptions::default(), false),
            "2008-05-01 jeudi férié (Ascension, Fête du Travail)\n"
        );
    }
}
