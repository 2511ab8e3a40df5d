//! Conversion between the Curtois & Qu benchmark and gardes: a [`CurtoisInstance`] becomes
//! a gardes instance file ([`to_toml`]), and a gardes roster (`assignments.csv` rows)
//! becomes a benchmark [`Roster`] that [`penalty`](super::penalty::penalty) scores
//! ([`roster_from_records`], [`roster_from_assignments`]).
//!
//! The mapping (docs/curtois.md):
//!
//! - day *d* of the benchmark is the date `first + d`; `first` must be a Monday, so that
//!   the benchmark's weekends (days 7k+5 and 7k+6) are gardes' Saturdays and Sundays;
//! - every shift type is a period from 08:00 to 08:00 + its length, counting its length
//!   in minutes, with its forbidden successors as `not_followed_by`; every staff member
//!   is a practitioner of the one post [`POST_ID`], with the staff limits as personal
//!   limits, the days off as unavailabilities and the requests as weighted wishes;
//! - every (day, shift) pair gets its cover requirement as a dated demand (0 included),
//!   with the file's one under-cover and one over-cover weight on the post.
//!
//! What cannot be said exactly in gardes' format is an [`ImportError`], never an
//! approximation: cover weights that differ between lines, a (day, shift) pair without a
//! cover line while over-cover costs something, a shift longer than 16 hours (it would
//! spill into the next day), an id gardes does not accept.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, Weekday};
use serde_json::json;

use super::penalty::{Penalty, Roster, RosterError};
use super::CurtoisInstance;
use crate::roster::RosterRecord;

/// The id of the one post of an imported instance.
pub const POST_ID: &str = "service";

/// Start of every period, in minutes after midnight (08:00).
const SHIFT_START: u32 = 8 * 60;

/// The longest shift that still ends on its own day (08:00 → 24:00).
const MAX_SHIFT_MINUTES: u32 = 24 * 60 - SHIFT_START;

/// The default first date: Monday 1 January 2024.
pub fn default_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
}

/// Why a benchmark instance cannot be written as a gardes instance.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The first date is not a Monday.
    #[error(
        "la date de début {first} n'est pas un lundi : le jour 0 des instances Curtois est un \
         lundi et leurs week-ends sont les jours 7k+5 et 7k+6"
    )]
    NotMonday {
        /// The date given.
        first: NaiveDate,
    },
    /// The last date would be beyond chrono's calendar.
    #[error("horizon de {days} jours à partir du {first} hors du calendrier")]
    HorizonOutOfRange {
        /// The first date.
        first: NaiveDate,
        /// Number of days.
        days: usize,
    },
    /// The instance has no shift type: the post would cover nothing.
    #[error("aucun type de poste : l'instance n'a rien à couvrir")]
    NoShift,
    /// A staff or shift id gardes does not accept.
    #[error(
        "{what} « {id} » : identifiant invalide pour gardes, attendu des lettres, des \
         chiffres, « - » et « _ » seulement"
    )]
    InvalidId {
        /// `type de poste` or `effectif`.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// A shift too long (or empty) to end on its own day when it starts at 08:00.
    #[error(
        "type de poste « {shift} » : durée de {minutes} minutes non représentable, attendu \
         de 1 à {MAX_SHIFT_MINUTES} minutes (de 08:00 à 24:00 au plus)"
    )]
    ShiftLength {
        /// The shift id.
        shift: String,
        /// Its length.
        minutes: u32,
    },
    /// Cover lines with different weights: gardes has one pair of weights per post.
    #[error(
        "ligne de couverture du jour {day}, poste « {shift} » : poids {under} (manque) et \
         {over} (surplus), alors que la première ligne a {first_under} et {first_over} ; \
         gardes n'a qu'un poids de manque et un de surplus par poste"
    )]
    CoverWeights {
        /// Day of the line.
        day: usize,
        /// Shift id of the line.
        shift: String,
        /// Its under-cover weight.
        under: u32,
        /// Its over-cover weight.
        over: u32,
        /// The first line's under-cover weight.
        first_under: u32,
        /// The first line's over-cover weight.
        first_over: u32,
    },
    /// An under-cover weight of 0, which gardes refuses.
    #[error(
        "poids de manque 0 sur les lignes de couverture : gardes attend un poids de manque > 0"
    )]
    ZeroUnderWeight,
    /// A (day, shift) pair without a cover line while extra people cost something: the
    /// benchmark charges nothing there, gardes would charge the over-cover weight.
    #[error(
        "aucune ligne de couverture pour le jour {day}, poste « {shift} » : le surplus y est \
         gratuit dans le benchmark, alors que gardes le compterait au poids {over}"
    )]
    MissingCover {
        /// The day.
        day: usize,
        /// The shift id.
        shift: String,
        /// The over-cover weight of the other lines.
        over: u32,
    },
}

/// Why gardes roster rows could not be turned into a benchmark roster.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{kind}", row_label(*.row, *.line))]
pub struct AssignmentError {
    /// 0-based index of the row in the input.
    pub row: usize,
    /// Line of the file it was read from (header = 1), when known.
    pub line: Option<u64>,
    /// What is wrong.
    pub kind: AssignmentErrorKind,
}

/// What is wrong with one roster row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssignmentErrorKind {
    /// A date before the first date or after the last.
    #[error("date {date} hors de l'horizon importé (du {first} au {last})")]
    DateOutsideHorizon {
        /// The date of the row.
        date: NaiveDate,
        /// First date of the horizon.
        first: NaiveDate,
        /// Last date of the horizon.
        last: NaiveDate,
    },
    /// A post other than [`POST_ID`].
    #[error("poste « {0} » inconnu, attendu « service », le seul poste d'une instance importée")]
    UnknownPost(String),
    /// An unknown staff or shift id, or a second shift for one person on one day.
    #[error(transparent)]
    Roster(RosterError),
}

/// `ligne 3 : ` when the file line is known, else `affectation n° 3 : `.
fn row_label(row: usize, line: Option<u64>) -> String {
    match line {
        Some(line) => format!("ligne {line} : "),
        None => format!("affectation n° {} : ", row + 1),
    }
}

/// The gardes instance file of `inst`, day 0 on `first`, named `name`.
///
/// # Errors
/// [`ImportError`] when the instance cannot be written exactly (see the module doc).
pub fn to_toml(
    inst: &CurtoisInstance,
    first: NaiveDate,
    name: &str,
) -> Result<String, ImportError> {
    write_toml(inst, first, name, None)
}

/// [`to_toml`], with the source file named in the header comment.
///
/// # Errors
/// As [`to_toml`].
pub fn to_toml_with_source(
    inst: &CurtoisInstance,
    first: NaiveDate,
    name: &str,
    source: &str,
) -> Result<String, ImportError> {
    write_toml(inst, first, name, Some(source))
}

/// Whether gardes accepts `id` as an id (docs/instance-format.md, "Conventions").
fn is_gardes_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `HH:MM` of a number of minutes after midnight (1440 is `24:00`).
fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A TOML basic string, quoted and escaped by the `toml` crate.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// Text fit for one comment line: control characters (a line end) become `?`.
fn comment_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// The cover weights shared by every line: (under, over). Without any line, (1, 0):
/// nothing is demanded and nothing is charged.
fn cover_weights(inst: &CurtoisInstance) -> Result<(u32, u32), ImportError> {
    let Some(head) = inst.cover.first() else {
        return Ok((1, 0));
    };
    for c in &inst.cover {
        if (c.weight_under, c.weight_over) != (head.weight_under, head.weight_over) {
            return Err(ImportError::CoverWeights {
                day: c.day,
                shift: inst.shifts[c.shift].id.clone(),
                under: c.weight_under,
                over: c.weight_over,
                first_under: head.weight_under,
                first_over: head.weight_over,
            });
        }
    }
    if head.weight_under == 0 {
        return Err(ImportError::ZeroUnderWeight);
    }
    Ok((head.weight_under, head.weight_over))
}

/// The requirement of every (day, shift) pair, `[day * shifts + shift]`; a pair without
/// a line is 0, which is exact only when over-cover is free.
fn requirements(inst: &CurtoisInstance, over: u32) -> Result<Vec<u32>, ImportError> {
    let n = inst.shifts.len();
    let mut grid: Vec<Option<u32>> = vec![None; inst.horizon * n];
    for c in &inst.cover {
        grid[c.day * n + c.shift] = Some(c.requirement);
    }
    grid.iter()
        .enumerate()
        .map(|(i, r)| match r {
            Some(r) => Ok(*r),
            None if over == 0 => Ok(0),
            None => Err(ImportError::MissingCover {
                day: i / n,
                shift: inst.shifts[i % n].id.clone(),
                over,
            }),
        })
        .collect()
}

/// Checks everything [`write_toml`] relies on.
fn check_representable(inst: &CurtoisInstance, first: NaiveDate) -> Result<(), ImportError> {
    if first.weekday() != Weekday::Mon {
        return Err(ImportError::NotMonday { first });
    }
    if inst.shifts.is_empty() {
        return Err(ImportError::NoShift);
    }
    let out_of_range = || ImportError::HorizonOutOfRange {
        first,
        days: inst.horizon,
    };
    let span = u64::try_from(inst.horizon.saturating_sub(1)).map_err(|_| out_of_range())?;
    first
        .checked_add_days(chrono::Days::new(span))
        .ok_or_else(out_of_range)?;
    for s in &inst.shifts {
        if !is_gardes_id(&s.id) {
            return Err(ImportError::InvalidId {
                what: "type de poste",
                id: s.id.clone(),
            });
        }
        if s.minutes == 0 || s.minutes > MAX_SHIFT_MINUTES {
            return Err(ImportError::ShiftLength {
                shift: s.id.clone(),
                minutes: s.minutes,
            });
        }
    }
    if let Some(s) = inst.staff.iter().find(|s| !is_gardes_id(&s.id)) {
        return Err(ImportError::InvalidId {
            what: "effectif",
            id: s.id.clone(),
        });
    }
    Ok(())
}

// The file is formatted by hand rather than serialised through `toml`: the layout is
// part of the product (one inline table per demand, unavailability and wish, short
// tables in a fixed order, comments saying why each setting is there), and every value
// is either an integer, a date, or an id checked to be made of [A-Za-z0-9_-] (so it
// needs no escaping). The one free-text value, the name, is quoted by the `toml` crate.
// Writing into a `String` cannot fail, hence the ignored `fmt::Result`s.
fn write_toml(
    inst: &CurtoisInstance,
    first: NaiveDate,
    name: &str,
    source: Option<&str>,
) -> Result<String, ImportError> {
    check_representable(inst, first)?;
    let (under, over) = cover_weights(inst)?;
    let required = requirements(inst, over)?;
    let date = |day: usize| {
        first
            .checked_add_days(chrono::Days::new(day as u64))
            .unwrap_or(first)
    };
    let last = date(inst.horizon - 1);
    let shift = |t: usize| inst.shifts[t].id.as_str();

    let mut out = String::new();
    let o = &mut out;
    let _ = writeln!(
        o,
        "# Curtois & Qu shift scheduling benchmark, converted by `gardes import curtois`."
    );
    match source {
        Some(source) => {
            let _ = writeln!(o, "# Source: {}", comment_text(source));
        }
        None => {
            let _ = writeln!(o, "# Source: instance {}", comment_text(name));
        }
    }
    let _ = writeln!(
        o,
        "# Cite: T. Curtois and R. Qu, Computational results on new staff scheduling benchmark\n\
         #   instances, technical report, ASAP Research Group, School of Computer Science,\n\
         #   University of Nottingham, 6 October 2014 (http://www.schedulingbenchmarks.org/).\n\
         # Third-party research data, used as a benchmark input; not ours, not relicensed.\n\
         # Mapping (docs/curtois.md): day d is {first} + d days; a shift type is a period,\n\
         # a staff member a practitioner of the post \"{POST_ID}\"; the objective is the\n\
         # benchmark's: under/over-cover and request weights in one weighted sum."
    );
    let _ = writeln!(o, "\nname = {}", quoted(name));

    let _ = writeln!(
        o,
        "\n[horizon]\nfirst = {first}\nlast = {last}\n\
         time_zone = \"UTC\"             # times are nominal: no clock change"
    );
    let _ = writeln!(
        o,
        "\n[calendar]\nbridge_days = false           # every date is an ordinary date"
    );
    let _ = writeln!(o, "\n[objective]\nmode = \"weighted\"");
    let _ = writeln!(
        o,
        "\n# The benchmark's hard rules are per person (limits below) and per shift\n\
         # (not_followed_by); gardes' PDSA rest rules do not apply.\n\
         [rules]\n\
         min_rest_after_night_hours = 0\n\
         min_rest_hours = 0\n\
         no_two_nights_in_a_row = false\n\
         exempt_runs_at_horizon_ends = true   # minimum runs touching day 0 or the last day are exempt"
    );
    let _ = writeln!(
        o,
        "\n[fairness]\ncategories = []               # no fairness term in the benchmark\n\
         worst_overload_weight = 0"
    );
    let _ = writeln!(
        o,
        "\n[preferences]\nwish_weight = 1               # request weights are used as they are"
    );

    let _ = writeln!(
        o,
        "\n# Every shift starts at 08:00 and ends the same day, so any two shifts of one date\n\
         # overlap and nobody can hold two of them: that is the benchmark's one shift per day."
    );
    for s in &inst.shifts {
        let _ = writeln!(
            o,
            "\n[[periods]]\nid = \"{id}\"\nstart = \"{start}\"\nend = \"{end}\"\nnight = false\n\
             minutes = {minutes}",
            id = s.id,
            start = clock(SHIFT_START),
            end = clock(SHIFT_START + s.minutes),
            minutes = s.minutes,
        );
        if !s.forbidden_next.is_empty() {
            let next: Vec<String> = s
                .forbidden_next
                .iter()
                .map(|&u| format!("\"{}\"", shift(u)))
                .collect();
            let _ = writeln!(o, "not_followed_by = [{}]", next.join(", "));
        }
    }

    let periods: Vec<String> = inst
        .shifts
        .iter()
        .map(|s| format!("\"{}\"", s.id))
        .collect();
    let _ = writeln!(
        o,
        "\n[[posts]]\nid = \"{POST_ID}\"\nlabel = \"Service\"\nkind = \"other\"\nperiods = [{}]\n\
         demand = 1                    # replaced on every date by demand_on\n\
         under_cover_weight = {under}\n\
         over_cover_weight = {over}",
        periods.join(", ")
    );
    let _ = writeln!(o, "demand_on = [");
    for (i, r) in required.iter().enumerate() {
        let n = inst.shifts.len();
        let _ = writeln!(
            o,
            "  {{ date = {}, period = \"{}\", demand = {r} }},",
            date(i / n),
            shift(i % n)
        );
    }
    let _ = writeln!(o, "]");

    for (e, staff) in inst.staff.iter().enumerate() {
        let per_period: Vec<String> = inst
            .shifts
            .iter()
            .enumerate()
            .map(|(t, s)| {
                let limit = staff.max_shifts.get(t).copied().unwrap_or(0);
                format!("{} = {limit}", s.id)
            })
            .collect();
        let _ = writeln!(
            o,
            "\n[[practitioners]]\nid = \"{id}\"\nposts = [\"{POST_ID}\"]\n\
             limits = {{ max_per_period = {{ {per_period} }}, min_minutes = {min_minutes}, \
             max_minutes = {max_minutes}, max_consecutive_days = {max_days}, \
             min_consecutive_days = {min_days}, min_consecutive_days_off = {min_off}, \
             max_weekends = {weekends} }}",
            id = staff.id,
            per_period = per_period.join(", "),
            min_minutes = staff.min_total_minutes,
            max_minutes = staff.max_total_minutes,
            max_days = staff.max_consecutive_shifts,
            min_days = staff.min_consecutive_shifts,
            min_off = staff.min_consecutive_days_off,
            weekends = staff.max_weekends,
        );
        let ranges = day_ranges(&staff.days_off);
        if !ranges.is_empty() {
            let _ = writeln!(o, "unavailable = [");
            for (a, b) in ranges {
                if a == b {
                    let _ = writeln!(o, "  {{ date = {} }},", date(a));
                } else {
                    let _ = writeln!(o, "  {{ from = {}, to = {} }},", date(a), date(b));
                }
            }
            let _ = writeln!(o, "]");
        }
        let on = inst.shift_on_requests.iter().map(|r| ("on", r));
        let off = inst.shift_off_requests.iter().map(|r| ("off", r));
        // A request of weight 0 costs nothing either way; gardes wants weights ≥ 1.
        let wishes: Vec<_> = on
            .chain(off)
            .filter(|(_, r)| r.staff == e && r.weight > 0)
            .collect();
        if !wishes.is_empty() {
            let _ = writeln!(o, "wishes = [");
            for (kind, r) in wishes {
                let _ = writeln!(
                    o,
                    "  {{ {kind} = {{ post = \"{POST_ID}\", period = \"{}\", date = {} }}, \
                     weight = {} }},",
                    shift(r.shift),
                    date(r.day),
                    r.weight
                );
            }
            let _ = writeln!(o, "]");
        }
    }
    Ok(out)
}

/// Sorted days merged into inclusive runs of consecutive days.
fn day_ranges(days: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &d in days {
        match out.last_mut() {
            Some((_, b)) if d == *b + 1 => *b = d,
            Some((_, b)) if d <= *b => {}
            _ => out.push((d, d)),
        }
    }
    out
}

/// The benchmark roster of gardes `assignments.csv` records (from
/// [`check::read_roster_csv`](crate::check::read_roster_csv), or from
/// [`Roster::records`](crate::roster::Roster::records) in process): day = date − `first`,
/// shift = period id, staff = practitioner id. Errors name the record's line when it has
/// one (`line` ≥ 1).
///
/// # Errors
/// [`AssignmentError`] for the first row with a date outside the horizon, a post other
/// than [`POST_ID`], an unknown period or practitioner id, or a second shift for one
/// person on one date.
pub fn roster_from_records(
    inst: &CurtoisInstance,
    first: NaiveDate,
    records: &[RosterRecord],
) -> Result<Roster, AssignmentError> {
    let rows = records.iter().enumerate().map(|(i, r)| Row {
        index: i,
        line: (r.line > 0).then_some(r.line),
        date: r.date,
        post: Some(r.post.as_str()),
        period: &r.period,
        practitioner: &r.practitioner_id,
    });
    build_roster(inst, first, rows)
}

/// [`roster_from_records`] on bare `(date, period, practitioner)` rows, all of the post
/// [`POST_ID`]; errors name the row by its 1-based rank.
///
/// # Errors
/// As [`roster_from_records`].
pub fn roster_from_assignments(
    inst: &CurtoisInstance,
    first: NaiveDate,
    rows: &[(NaiveDate, String, String)],
) -> Result<Roster, AssignmentError> {
    let rows = rows.iter().enumerate().map(|(i, (date, period, p))| Row {
        index: i,
        line: None,
        date: *date,
        post: None,
        period,
        practitioner: p,
    });
    build_roster(inst, first, rows)
}

/// One roster row, whatever it was read from.
struct Row<'a> {
    index: usize,
    line: Option<u64>,
    date: NaiveDate,
    post: Option<&'a str>,
    period: &'a str,
    practitioner: &'a str,
}

fn build_roster<'a>(
    inst: &CurtoisInstance,
    first: NaiveDate,
    rows: impl Iterator<Item = Row<'a>>,
) -> Result<Roster, AssignmentError> {
    let mut roster = Roster::off(inst);
    let span = u64::try_from(inst.horizon.saturating_sub(1)).unwrap_or(u64::MAX);
    let last = first
        .checked_add_days(chrono::Days::new(span))
        .unwrap_or(NaiveDate::MAX);
    for row in rows {
        let fail = |kind| AssignmentError {
            row: row.index,
            line: row.line,
            kind,
        };
        if let Some(post) = row.post.filter(|&p| p != POST_ID) {
            return Err(fail(AssignmentErrorKind::UnknownPost(post.to_owned())));
        }
        if row.date < first || row.date > last {
            return Err(fail(AssignmentErrorKind::DateOutsideHorizon {
                date: row.date,
                first,
                last,
            }));
        }
        let day = usize::try_from((row.date - first).num_days()).unwrap_or(usize::MAX);
        let staff = inst.staff_index(row.practitioner).ok_or_else(|| {
            fail(AssignmentErrorKind::Roster(RosterError::UnknownStaff(
                row.practitioner.to_owned(),
            )))
        })?;
        let shift = inst.shift_index(row.period).ok_or_else(|| {
            fail(AssignmentErrorKind::Roster(RosterError::UnknownShift(
                row.period.to_owned(),
            )))
        })?;
        if roster.works(staff, day) {
            return Err(fail(AssignmentErrorKind::Roster(RosterError::Twice {
                staff: row.practitioner.to_owned(),
                day,
            })));
        }
        roster
            .set(staff, day, Some(shift))
            .map_err(|e| fail(AssignmentErrorKind::Roster(e)))?;
    }
    Ok(roster)
}

/// The penalty in French, one term a line, then the hard violations.
pub fn penalty_text(p: &Penalty) -> String {
    let mut out = String::new();
    let o = &mut out;
    let _ = writeln!(o, "Pénalité Curtois & Qu");
    let _ = writeln!(o, "  demandes de poste non satisfaites : {}", p.shift_on);
    let _ = writeln!(o, "  demandes de repos non satisfaites : {}", p.shift_off);
    let _ = writeln!(
        o,
        "  postes manquants (sous-couverture) : {}",
        p.cover_under
    );
    let _ = writeln!(
        o,
        "  personnes en surplus (sur-couverture) : {}",
        p.cover_over
    );
    let _ = writeln!(o, "  total : {}", p.total());
    match p.violations.len() {
        0 => {
            let _ = writeln!(o, "Contraintes dures : toutes respectées");
        }
        n => {
            let s = if n > 1 { "s" } else { "" };
            let _ = writeln!(o, "Contraintes dures : {n} violation{s}");
            for v in &p.violations {
                let _ = writeln!(o, "  - {v}");
            }
        }
    }
    out
}

/// The penalty as a JSON object: `total`, `feasible`, `violations` (French sentences),
/// `shift_on`, `shift_off`, `cover_under`, `cover_over`.
pub fn penalty_json(p: &Penalty) -> serde_json::Value {
    json!({
        "total": p.total(),
        "feasible": p.is_feasible(),
        "violations": p.violations.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "shift_on": p.shift_on,
        "shift_off": p.shift_off,
        "cover_under": p.cover_under,
        "cover_over": p.cover_over,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_days_merge_into_ranges() {
        assert_eq!(
            day_ranges(&[0, 1, 2, 5, 7, 8]),
            vec![(0, 2), (5, 5), (7, 8)]
        );
        assert!(day_ranges(&[]).is_empty());
    }

    #[test]
    fn clock_times_and_default_start() {
        assert_eq!(clock(8 * 60), "08:00");
        assert_eq!(clock(8 * 60 + 960), "24:00");
        assert_eq!(clock(8 * 60 + 485), "16:05");
        assert_eq!(default_start().to_string(), "2024-01-01");
        assert_eq!(default_start().weekday(), Weekday::Mon);
    }
}
