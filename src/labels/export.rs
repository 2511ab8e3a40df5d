//! French labels for the exports: the grid (`tableau.csv`), the reasons of
//! `uncovered.csv` and the texts of the iCal events.
//!
//! Only words and phrases live here; which label goes where is decided in
//! `crate::export`. Machine contracts (CSV headers, UIDs) are not labels and stay there.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use crate::instance::{Instance, Period, PostKind};
use crate::roster::{Binding, UncoveredReason};

/// Header of the grid's date column.
pub const GRID_DATE: &str = "date";
/// Header of the grid's weekday column.
pub const GRID_WEEKDAY: &str = "jour";
/// Header of the grid's day-kind column.
pub const GRID_DAY_KIND: &str = "type";
/// A grid cell's word for a seat nobody holds.
pub const NOT_FILLED: &str = "NON POURVU";
/// Between several names in one grid cell.
pub const NAME_SEPARATOR: &str = " / ";

/// The word for a kind of roster, as it opens an event's title (`Garde PDSA — ...`).
pub fn post_kind(kind: PostKind) -> &'static str {
    match kind {
        PostKind::Pdsa => "PDSA",
        PostKind::McsZone => "MCS",
        PostKind::Mmg => "Maison médicale de garde",
        PostKind::MobileDoctor => "Médecin mobile (VRM)",
        PostKind::PhysioWeekend => "Kinésithérapie respiratoire",
        PostKind::Other => "",
    }
}

/// A date as the grid shows it (`27/03/2027`), the form French spreadsheets read as a date.
pub fn grid_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// The header of a grid column: one post and one period.
pub fn grid_column(post_label: &str, period_label: &str) -> String {
    format!("{post_label} — {period_label}")
}

/// The header of a grid column of a period of several days, with its span:
/// `Centre de Felletin — Semaine (lundi 08:00 → samedi 12:00)`.
pub fn grid_column_span(post_label: &str, period: &Period) -> String {
    format!("{post_label} — {} ({})", period.label, period_span(period))
}

/// The span of a period of several days: `lundi 08:00 → samedi 12:00` when it exists
/// on one weekday only, else `08:00 → J+5 12:00` (the end five days after the date).
pub fn period_span(period: &Period) -> String {
    let start = period.start.format("%H:%M");
    // A "24:00" end is 00:00 of the day after: shown as 24:00 of its own day.
    let (end_day, end) = if period.end == NaiveTime::MIN && period.end_day > 0 {
        (period.end_day - 1, "24:00".to_owned())
    } else {
        (period.end_day, period.end.format("%H:%M").to_string())
    };
    match period.weekdays.single_day() {
        Some(day) => {
            let last = (0..end_day).fold(day, |d, _| d.succ());
            format!(
                "{} {start} → {} {end}",
                crate::labels::calendar::day_name(day),
                crate::labels::calendar::day_name(last)
            )
        }
        None => format!("{start} → J+{end_day} {end}"),
    }
}

/// Why a duty keeps empty seats, for `uncovered.csv`, the events of `all.ics` and the
/// summary: `règles (repos ou espacement) : d03 : déjà de garde (nuit, mende) ; ...`.
pub fn uncovered_reason(instance: &Instance, reason: &UncoveredReason) -> String {
    match reason {
        UncoveredReason::NobodyQualified => "aucun praticien habilité pour ce poste".to_owned(),
        UncoveredReason::AllUnavailable => {
            "tous les praticiens habilités sont indisponibles".to_owned()
        }
        UncoveredReason::RulesBind { binding, held_back } => format!(
            "règles ({}) : {}",
            binding_label(*binding),
            super::check::held_back_text(instance, held_back)
        ),
    }
}

/// The kind of rule that keeps every candidate off a duty, in a few words.
pub fn binding_label(binding: Binding) -> &'static str {
    match binding {
        Binding::Maxima => "maximums atteints",
        Binding::RestOrSpacing => "repos ou espacement",
        Binding::AlreadyOnDuty => "tous déjà de garde au même moment",
        Binding::Bundle => "week-end groupé",
        Binding::Mixed => "plusieurs règles",
    }
}

/// A date in running text (`samedi 27 mars 2027`, `lundi 1er novembre 2027`).
pub fn long_date(date: NaiveDate) -> String {
    let day = match date.day() {
        1 => "1er".to_owned(),
        d => d.to_string(),
    };
    format!(
        "{} {day} {} {}",
        super::calendar::day_name(date.weekday()),
        super::calendar::month_name(date.month()),
        date.year()
    )
}

/// A local date and time in running text (`samedi 27 mars 2027 à 20:00`).
pub fn long_date_time(local: NaiveDateTime) -> String {
    format!("{} à {}", long_date(local.date()), local.format("%H:%M"))
}

/// The title of a duty's event (`Garde PDSA — Secteur de Mende (Nuit)`).
pub fn event_summary(kind: PostKind, post_label: &str, period_label: &str) -> String {
    match post_kind(kind) {
        "" => format!("Garde — {post_label} ({period_label})"),
        word => format!("Garde {word} — {post_label} ({period_label})"),
    }
}

/// The title of a held seat in the overview calendar: the duty, then who holds it.
pub fn seat_summary(kind: PostKind, post_label: &str, period_label: &str, holder: &str) -> String {
    format!(
        "{} : {holder}",
        event_summary(kind, post_label, period_label)
    )
}

/// The title of an empty seat in the overview calendar.
pub fn unfilled_summary(post_label: &str, period_label: &str) -> String {
    format!("Garde non pourvue — {post_label} ({period_label})")
}

/// The name of a practitioner's calendar (`Gardes — Dr Anne Martin`).
pub fn practitioner_calendar_name(name: &str) -> String {
    format!("Gardes — {name}")
}

/// The name of the overview calendar.
pub fn all_calendar_name(instance_name: &str) -> String {
    format!("Gardes — tous les postes — {instance_name}")
}

/// What an event's description says, line by line.
pub struct EventText<'a> {
    /// The period's label (`Nuit`).
    pub period_label: &'a str,
    /// The post's label.
    pub post_label: &'a str,
    /// The date the duty belongs to.
    pub date: NaiveDate,
    /// Local start.
    pub start: NaiveDateTime,
    /// Local end.
    pub end: NaiveDateTime,
    /// The number patients call, if the post has one.
    pub phone: Option<&'a str>,
    /// Who holds the seat (overview calendar only).
    pub holder: Option<&'a str>,
    /// Why the seat is empty (overview calendar only).
    pub unfilled_reason: Option<String>,
}

/// The description of a duty's event, lines separated by `\n`.
pub fn event_description(text: &EventText<'_>) -> String {
    let mut lines = vec![
        format!(
            "{} du {} — {}",
            text.period_label,
            long_date(text.date),
            text.post_label
        ),
        if text.start.date() == text.end.date() {
            format!(
                "Le {} de {} à {}",
                long_date(text.start.date()),
                text.start.format("%H:%M"),
                text.end.format("%H:%M")
            )
        } else {
            format!(
                "Du {} au {}",
                long_date_time(text.start),
                long_date_time(text.end)
            )
        },
    ];
    if let Some(holder) = text.holder {
        lines.push(format!("De garde : {holder}"));
    }
    if let Some(reason) = &text.unfilled_reason {
        lines.push(format!("Garde non pourvue : {reason}"));
    }
    if let Some(phone) = text.phone {
        lines.push(format!("Numéro à donner aux patients : {phone}"));
    }
    lines.join("\n")
}

/// The title of an event whose duty left the feed (`Annulée – Garde PDSA — ...`): kept
/// a while with `STATUS:CANCELLED`, so that calendars which show cancelled events
/// (struck through) also say it in words.
pub fn cancelled_summary(summary: &str) -> String {
    format!("Annulée – {summary}")
}

/// The first line of a cancelled event's description: since when, and why. `seat` is
/// true in the overview calendar (a seat that no longer exists), false in a
/// practitioner's (a duty no longer theirs).
pub fn cancelled_note(since: NaiveDate, seat: bool) -> String {
    if seat {
        format!(
            "Annulée le {} : ce siège ne figure plus dans le tableau publié.",
            long_date(since)
        )
    } else {
        format!(
            "Annulée le {} : cette garde ne vous est plus attribuée dans le tableau publié.",
            long_date(since)
        )
    }
}

/// A file or directory (`path`) that could not be written.
pub fn write_failed(path: &std::path::Path, source: &std::io::Error) -> String {
    format!("écriture de {} impossible : {source}", path.display())
}

/// The CSV writer failed.
pub fn csv_failed(e: &dyn std::fmt::Display) -> String {
    format!("écriture CSV impossible : {e}")
}

/// The roster names a duty index outside the duty list.
pub fn unknown_duty(duty: u32, count: usize) -> String {
    format!("le tableau renvoie à la garde n° {duty}, mais il n'y a que {count} gardes")
}

/// The roster names a practitioner index outside the instance.
pub fn unknown_practitioner(practitioner: u32, count: usize) -> String {
    format!("le tableau renvoie au praticien n° {practitioner}, mais l'instance n'en a que {count}")
}

/// The coverage figures name a place outside the instance.
pub fn unknown_place(place: u32, count: usize) -> String {
    format!("la couverture renvoie au lieu n° {place}, mais l'instance n'en a que {count}")
}

/// A duty names a post or a period outside the instance.
pub fn unknown_post_or_period(duty: u32) -> String {
    format!("la garde n° {duty} renvoie à un poste ou à une période absents de l'instance")
}

/// Two duties have the same post, period and date.
pub fn duplicate_duty(post: &str, period: &str, date: NaiveDate) -> String {
    format!(
        "deux gardes {post}/{period} le {date} : une garde est unique par poste, période et date"
    )
}

/// A practitioner id cannot name the file of its feed.
pub fn unsafe_file_name(id: &str) -> String {
    format!(
        "l'identifiant de praticien « {id} » ne peut pas nommer un fichier ics/<id>.ics \
         (vide, « all », ou contenant / \\ : ou un caractère de contrôle)"
    )
}

/// The feeds' history cannot be used: `file:line:col : problem` when located.
pub fn history(
    path: &std::path::Path,
    line: Option<usize>,
    column: Option<usize>,
    problem: &str,
) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!(
            "historique des calendriers {}:{line}:{column} : {problem}",
            path.display()
        ),
        _ => format!("historique des calendriers {} : {problem}", path.display()),
    }
}

/// Two events of one feed would share a UID.
pub fn duplicate_uid(feed: &str, uid: &str) -> String {
    format!("deux événements du calendrier {feed} auraient le même UID {uid}")
}

/// What a coordinator can do about a damaged feeds' history (gardes writes it; nobody
/// should edit it).
const HISTORY_RESTORE: &str = "ce fichier est écrit par gardes : remettez à sa place le plus \
     récent des archive/<date>/ics/publication.json";

/// Why the feeds' history could not be read, for `ExportError::History`'s `problem`.
pub enum HistoryProblem<'a> {
    /// The file exists but cannot be read.
    Unreadable(&'a std::io::Error),
    /// The JSON stops before its end.
    Truncated,
    /// The JSON is malformed (serde_json's message, without its location).
    Syntax(&'a str),
    /// The JSON does not have the expected shape (serde_json's message).
    Data(&'a str),
    /// The file is of another format version than `known`.
    Format {
        /// The version found.
        found: u32,
        /// The version this gardes reads.
        known: u32,
    },
    /// A feed's name names no `<id>.ics` nor `all.ics`.
    FeedName(&'a str),
    /// An event of a feed is inconsistent.
    Event {
        /// The feed's file name.
        feed: &'a str,
        /// The event's UID.
        uid: &'a str,
        /// What is wrong with it.
        problem: EventProblem,
    },
}

/// What is wrong with an event of the feeds' history.
#[derive(Clone, Copy)]
pub enum EventProblem {
    /// Its UID is empty.
    EmptyUid,
    /// Confirmed without its `event`.
    ConfirmedWithoutEvent,
    /// Confirmed with a `cancelled_since`.
    ConfirmedCancelled,
    /// Cancelled without its `event`.
    CancelledWithoutEvent,
    /// Cancelled without its `cancelled_since`.
    CancelledWithoutSince,
}

/// The French of a problem of the feeds' history.
pub fn history_problem(problem: &HistoryProblem<'_>) -> String {
    match problem {
        HistoryProblem::Unreadable(e) => format!("lecture impossible : {e}"),
        HistoryProblem::Truncated => {
            format!("fichier tronqué, le JSON s'arrête avant sa fin ; {HISTORY_RESTORE}")
        }
        HistoryProblem::Syntax(m) => format!("JSON mal formé ({m}) ; {HISTORY_RESTORE}"),
        HistoryProblem::Data(m) => format!("contenu inattendu ({m}) ; {HISTORY_RESTORE}"),
        HistoryProblem::Format { found, known } => {
            format!("format {found} inconnu : cette version de gardes lit le format {known}")
        }
        HistoryProblem::FeedName(feed) => format!(
            "« {feed} » ne nomme pas un calendrier <identifiant>.ics ou all.ics ; \
             {HISTORY_RESTORE}"
        ),
        HistoryProblem::Event { feed, uid, problem } => {
            let problem = match problem {
                EventProblem::EmptyUid => "UID vide",
                EventProblem::ConfirmedWithoutEvent => "confirmé sans « event »",
                EventProblem::ConfirmedCancelled => "confirmé avec « cancelled_since »",
                EventProblem::CancelledWithoutEvent => "annulé sans « event »",
                EventProblem::CancelledWithoutSince => "annulé sans « cancelled_since »",
            };
            format!("{feed}, événement « {uid} » : {problem} ; {HISTORY_RESTORE}")
        }
    }
}
