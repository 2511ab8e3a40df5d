//! Integration tests: export (DESIGN.md, "Outputs (stable contracts)").
//!
//! Two tiny instances built in Rust, one per clock change of 2027: the Easter weekend
//! (spring change on the night of Saturday 27 March, Easter Monday a holiday) and the
//! All Saints weekend (autumn change on the night of Saturday 30 October, 1 November a
//! holiday). Two posts: a PDSA sector with a long location holding a comma, and an MCS
//! zone with two seats per night; a practitioner whose name has accents, a comma and a
//! semicolon; one practitioner without duty.
//!
//! The iCal feeds are read back with `caldata`, a strict RFC 5545 parser (it refuses a
//! missing `UID`/`DTSTAMP`/`DTSTART`, a `TZID` without its `VTIMEZONE`, unknown
//! components and malformed values); `ical` only splits lines and `icalendar`'s
//! parser is lenient. The zone's offsets are checked twice: by `caldata` (which reads
//! the TZID through chrono-tz) and by reading our own `VTIMEZONE` rules here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use caldata::component::Component;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use gardes::calendar::{CalendarOptions, DayKind};
use gardes::check::{Violation, Who};
use gardes::duties::{self, Duty, DutyIdx};
use gardes::export::{self, atomic, ical, tableau};
use gardes::instance::{
    Fairness, Horizon, Instance, Limits, Period, PeriodId, PeriodIdx, Post, PostId, PostIdx,
    PostKind, PracIdx, Practitioner, PractitionerId, Preferences, Rules,
};
use gardes::roster::{Assignment, Binding, Candidate, Roster, Uncovered, UncoveredReason};

const MARTIN: &str = "Dr Anne Martin";
const BENARD: &str = "Dr Élodie Bénard, dite « Lodie »; Saint-Chély";
const ROUX: &str = "Dr Paul Roux";
const MENDE_LOCATION: &str =
    "Maison de santé pluriprofessionnelle, 2 avenue du Père Coudrier, 48000 Mende";

pub(crate) fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub(crate) fn clock(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 15, 9, 30, 0).unwrap()
}

fn period(id: &str, label: &str, start: &str, end: &str, kinds: &[DayKind]) -> Period {
    Period {
        id: PeriodId(id.to_owned()),
        label: label.to_owned(),
        start: clock(start),
        end: clock(end),
        end_day: u32::from(end <= start),
        after_midnight: false,
        day_kinds: kinds.iter().copied().collect(),
        weekdays: chrono::WeekdaySet::ALL,
        night: end <= start,
        deep_night: false,
        minutes: None,
        not_followed_by: BTreeSet::new(),
    }
}

fn practitioner(id: &str, name: &str) -> Practitioner {
    Practitioner {
        id: PractitionerId(id.to_owned()),
        name: name.to_owned(),
        email: None,
        profession: "medecin".to_owned(),
        qualifications: BTreeSet::from(["mcs".to_owned()]),
        posts: BTreeSet::from([PostIdx(0), PostIdx(1)]),
        share: 1.0,
        pledge: None,
        unavailable: Vec::new(),
        available: None,
        wishes: Vec::new(),
        limits: Limits::default(),
        history: BTreeMap::new(),
        place: None,
    }
}

/// Periods: 0 `nuit` every day, 1 `jour` on Sundays and holidays. Posts: 0 `mende`
/// (PDSA, both periods, one seat), 1 `mcs-mende` (MCS, nights, two seats).
pub(crate) fn instance(first: &str, last: &str) -> Instance {
    use DayKind::*;
    let all = [Weekday, Saturday, Sunday, Holiday, Bridge];
    let nuit = PeriodIdx(0);
    let jour = PeriodIdx(1);
    Instance {
        name: "Lozère — essai".to_owned(),
        horizon: Horizon {
            first: date(first),
            last: date(last),
            time_zone: chrono_tz::Europe::Paris,
        },
        calendar: CalendarOptions::default(),
        deep_night: true,
        periods: vec![
            period("nuit", "Nuit", "20:00", "08:00", &all),
            period(
                "jour",
                "Journée",
                "08:00",
                "20:00",
                &[Sunday, Holiday, Bridge],
            ),
        ],
        posts: vec![
            Post {
                id: PostId("mende".to_owned()),
                label: "Secteur de Mende".to_owned(),
                kind: PostKind::Pdsa,
                demand: BTreeMap::from([(nuit, 1), (jour, 1)]),
                qualifications: BTreeSet::new(),
                combinable_with: BTreeSet::from([PostIdx(1)]),
                location: Some(MENDE_LOCATION.to_owned()),
                phone: Some("15".to_owned()),
                bridge_days: true,
                season: None,
                weekend_bundle: false,
                required: true,
                professions: BTreeSet::new(),
                demand_on: BTreeMap::new(),
                under_cover_weight: 1.0,
                over_cover_weight: None,
                place: None,
                continuity_weight: None,
            },
            Post {
                id: PostId("mcs-mende".to_owned()),
                label: "MCS — Causse de Sauveterre et vallée du Valdonnez".to_owned(),
                kind: PostKind::McsZone,
                demand: BTreeMap::from([(nuit, 2)]),
                qualifications: BTreeSet::from(["mcs".to_owned()]),
                combinable_with: BTreeSet::from([PostIdx(0)]),
                location: None,
                phone: None,
                bridge_days: true,
                season: None,
                weekend_bundle: false,
                required: false,
                professions: BTreeSet::new(),
                demand_on: BTreeMap::new(),
                under_cover_weight: 1.0,
                over_cover_weight: None,
                place: None,
                continuity_weight: None,
            },
        ],
        practitioners: vec![
            practitioner("d01", MARTIN),
            practitioner("d02", BENARD),
            practitioner("d03", ROUX),
        ],
        rules: Rules {
            min_rest_after_night_hours: 0,
            min_rest_hours: 0,
            no_two_nights_in_a_row: false,
            min_days_between_duties: 0,
            limits: Limits::default(),
            weekend_bundle: false,
            exempt_runs_at_horizon_ends: true,
        },
        fairness: Fairness {
            categories: Vec::new(),
            worst_overload_weight: 1.0,
            history_weight: 1.0,
        },
        preferences: Preferences {
            wish_weight: 1.0,
            combined_duty_penalty: 1.0,
            travel_weight: 0.01,
        },
        geography: None,
        objective: gardes::instance::ObjectiveMode::Lexicographic,
        fees: gardes::instance::Fees::default(),
    }
}

fn duty_of(instance: &Instance, duties: &[Duty], post: &str, period: &str, day: &str) -> DutyIdx {
    let post = instance.post_by_id(post).unwrap();
    let period = instance.period_by_id(period).unwrap();
    let day = date(day);
    let i = duties
        .iter()
        .position(|d| d.post == post && d.period == period && d.date == day)
        .unwrap_or_else(|| panic!("no duty {post:?} {period:?} {day}"));
    DutyIdx(i as u32)
}

/// `held`: (post, period, date, practitioner); `empty`: (post, period, date, missing,
/// reason).
pub(crate) fn roster(
    instance: &Instance,
    duties: &[Duty],
    held: &[(&str, &str, &str, &str)],
    empty: &[(&str, &str, &str, u32, UncoveredReason)],
) -> Roster {
    let mut assignments: Vec<Assignment> = held
        .iter()
        .map(|(post, period, day, who)| Assignment {
            duty: duty_of(instance, duties, post, period, day),
            practitioner: instance.practitioner_by_id(who).unwrap(),
        })
        .collect();
    assignments.sort();
    let mut uncovered: Vec<Uncovered> = empty
        .iter()
        .map(|(post, period, day, missing, reason)| Uncovered {
            duty: duty_of(instance, duties, post, period, day),
            missing: *missing,
            reason: reason.clone(),
        })
        .collect();
    uncovered.sort_by_key(|u| u.duty);
    Roster {
        assignments,
        uncovered,
    }
}

pub(crate) struct Case {
    pub(crate) instance: Instance,
    pub(crate) duties: Vec<Duty>,
    pub(crate) roster: Roster,
}

/// The spring roster's seats held: (post, period, date, practitioner).
pub(crate) const SPRING_HELD: [(&str, &str, &str, &str); 9] = [
    ("mende", "nuit", "2027-03-26", "d01"),
    ("mende", "nuit", "2027-03-27", "d02"),
    ("mende", "nuit", "2027-03-28", "d01"),
    ("mende", "jour", "2027-03-28", "d02"),
    ("mende", "jour", "2027-03-29", "d01"),
    ("mcs-mende", "nuit", "2027-03-26", "d02"),
    ("mcs-mende", "nuit", "2027-03-27", "d02"),
    ("mcs-mende", "nuit", "2027-03-27", "d01"),
    ("mcs-mende", "nuit", "2027-03-29", "d02"),
];

/// Easter 2027: Friday 26 to Easter Monday 29 March; clocks go forward on the night
/// of the 27th.
pub(crate) fn spring() -> Case {
    let instance = instance("2027-03-26", "2027-03-29");
    let duties = duties::expand(&instance).unwrap();
    let roster = roster(&instance, &duties, &SPRING_HELD, &spring_empty());
    Case {
        instance,
        duties,
        roster,
    }
}

/// A candidate held back by one maximum.
fn at_maximum(index: u32, id: &str, name: &str, rule: impl FnOnce(Who) -> Violation) -> Candidate {
    let who = Who {
        practitioner: PracIdx(index),
        id: PractitionerId(id.to_owned()),
        name: name.to_owned(),
    };
    Candidate {
        practitioner: PracIdx(index),
        added: Vec::new(),
        obstacles: Some(vec![rule(who)]),
    }
}

/// The spring roster's empty seats: (post, period, date, missing, reason).
pub(crate) fn spring_empty() -> Vec<(
    &'static str,
    &'static str,
    &'static str,
    u32,
    UncoveredReason,
)> {
    vec![
        (
            "mende",
            "nuit",
            "2027-03-29",
            1,
            UncoveredReason::AllUnavailable,
        ),
        (
            "mcs-mende",
            "nuit",
            "2027-03-26",
            1,
            UncoveredReason::RulesBind {
                binding: Binding::Maxima,
                held_back: vec![
                    at_maximum(0, "d01", MARTIN, |who| Violation::MaxPerHorizon {
                        who,
                        count: 2,
                        limit: 2,
                    }),
                    at_maximum(2, "d03", ROUX, |who| Violation::MaxPerWeek {
                        who,
                        year: 2027,
                        week: 12,
                        count: 1,
                        limit: 1,
                        lines: Vec::new(),
                    }),
                ],
            },
        ),
        (
            "mcs-mende",
            "nuit",
            "2027-03-28",
            2,
            UncoveredReason::AllUnavailable,
        ),
        (
            "mcs-mende",
            "nuit",
            "2027-03-29",
            1,
            UncoveredReason::NobodyQualified,
        ),
    ]
}

/// All Saints 2027: Friday 29 October to Monday 1 November (a holiday); clocks go
/// back on the night of the 30th.
fn autumn() -> Case {
    let instance = instance("2027-10-29", "2027-11-01");
    let duties = duties::expand(&instance).unwrap();
    let mut held = Vec::new();
    for day in ["2027-10-29", "2027-10-30", "2027-10-31", "2027-11-01"] {
        held.push(("mende", "nuit", day, "d01"));
    }
    held.push(("mende", "jour", "2027-10-31", "d02"));
    held.push(("mende", "jour", "2027-11-01", "d02"));
    held.push(("mcs-mende", "nuit", "2027-10-30", "d02"));
    held.push(("mcs-mende", "nuit", "2027-10-30", "d01"));
    let empty: Vec<_> = ["2027-10-29", "2027-10-31", "2027-11-01"]
        .into_iter()
        .map(|day| ("mcs-mende", "nuit", day, 2, UncoveredReason::AllUnavailable))
        .collect();
    let roster = roster(&instance, &duties, &held, &empty);
    Case {
        instance,
        duties,
        roster,
    }
}

/// CRLF shown as `\n`, for snapshots; CRLF itself is asserted separately.
pub(crate) fn lf(text: &str) -> String {
    text.replace("\r\n", "\n")
}

// ---------------------------------------------------------------------------------
// CSV contracts and the grid.

/// DESIGN.md: one row per person on duty, the fixed header, RFC 3339 with offset,
/// sorted by start then post.
#[test]
fn assignments_csv_has_one_row_per_person_on_duty_sorted_by_start() {
    let c = spring();
    let text = export::csv::assignments(&c.instance, &c.duties, &c.roster).unwrap();
    assert!(text.starts_with("date,post,period,start,end,practitioner_id,practitioner_name\n"));
    insta::assert_snapshot!("spring_assignments_csv", text);
}

/// DESIGN.md: the same columns without the practitioner, plus how many seats are
/// missing and why, in French.
#[test]
fn uncovered_csv_gives_the_reason_in_french() {
    let c = spring();
    let text = export::csv::uncovered(&c.instance, &c.duties, &c.roster).unwrap();
    insta::assert_snapshot!("spring_uncovered_csv", text);
}

/// The grid: BOM, `;`, CRLF, a row for every date, a column per post × period.
#[test]
fn tableau_is_a_french_grid_with_bom_and_semicolons() {
    let c = spring();
    let bytes = tableau::grid(&c.instance, &c.duties, &c.roster).unwrap();
    assert!(bytes.starts_with(tableau::BOM));
    let text = String::from_utf8(bytes[tableau::BOM.len()..].to_vec()).unwrap();
    assert_eq!(text.matches("\r\n").count(), text.matches('\n').count());
    assert_eq!(text.lines().count(), 1 + 4, "a header and one row per date");
    insta::assert_snapshot!("spring_tableau_csv", lf(&text));
}

/// A practitioner's feed, whole: folded lines, escaped name and location, VTIMEZONE.
#[test]
fn practitioner_feed_golden_file() {
    let c = spring();
    let d02 = c.instance.practitioner_by_id("d02").unwrap();
    let feed = ical::practitioner_feed(&c.instance, &c.duties, &c.roster, d02, now()).unwrap();
    insta::assert_snapshot!("spring_d02_ics", lf(&feed));
}

/// The overview feed, whole: a seat per event, empty seats titled and explained,
/// the autumn night's offsets.
#[test]
fn all_feed_golden_file() {
    let c = autumn();
    let feed = ical::all_feed(&c.instance, &c.duties, &c.roster, now()).unwrap();
    insta::assert_snapshot!("autumn_all_ics", lf(&feed));
}

// ---------------------------------------------------------------------------------
// The iCal feeds read back by a strict parser.

/// One row of assignments.csv or uncovered.csv, as the tests need it.
#[derive(Debug)]
struct Row {
    date: NaiveDate,
    post: String,
    period: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    /// Practitioner id (assignments) or number of missing seats (uncovered).
    who: String,
    /// Practitioner name (assignments) or reason (uncovered).
    text: String,
}

fn read_rows(path: &Path) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |names: [&str; 2]| {
        headers
            .iter()
            .position(|h| names.contains(&h))
            .unwrap_or_else(|| panic!("no column {names:?} in {headers:?}"))
    };
    let who = column(["practitioner_id", "missing"]);
    let text = column(["practitioner_name", "reason"]);
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let instant = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
            Row {
                date: date(&r[0]),
                post: r[1].to_owned(),
                period: r[2].to_owned(),
                start: instant(&r[3]),
                end: instant(&r[4]),
                who: r[who].to_owned(),
                text: r[text].to_owned(),
            }
        })
        .collect()
}

fn uid(row: &Row, who: &str) -> String {
    format!(
        "{}-{}-{}-{who}@gardes",
        row.post,
        row.period,
        row.date.format("%Y%m%d")
    )
}

/// The raw form of a feed holds to RFC 5545 §3.1: CRLF only, 75 octets at most.
fn assert_wire_form(name: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).unwrap();
    assert!(text.ends_with("\r\n"), "{name}: ends with CRLF");
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "{name}: every LF is part of a CRLF"
    );
    assert_eq!(
        text.matches('\r').count(),
        text.matches("\r\n").count(),
        "{name}: every CR is part of a CRLF"
    );
    for line in text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{name}: {} octets: {line:?}", line.len());
        assert!(!line.is_empty(), "{name}: empty line");
    }
}

/// Reverses TEXT escaping (RFC 5545 §3.3.11).
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => panic!("dangling backslash in {value:?}"),
            }
        } else {
            out.push(c);
        }
    }
    out
}

pub(crate) fn text_of<C: Component>(c: &C, name: &str) -> String {
    unescape(
        &c.get_property(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .value,
    )
}

pub(crate) struct ParsedEvent {
    pub(crate) uid: String,
    pub(crate) start: DateTime<Utc>,
    pub(crate) end: DateTime<Utc>,
    pub(crate) summary: String,
    pub(crate) location: String,
    pub(crate) description: String,
}

/// What keeps a feed acceptable to an iTIP-minded reader (libical's restriction
/// check, RFC 5546 §3.2.1): a calendar that carries `METHOD:PUBLISH` needs exactly one
/// `ORGANIZER` and no `ATTENDEE` in every `VEVENT`; any other `METHOD` is an
/// invitation or a reply, never a feed. A calendar without `METHOD` is a plain RFC
/// 5545 object, with nothing more to check. Returns one line per breach.
pub(crate) fn itip_breaches(text: &str) -> Vec<String> {
    let unfolded = text.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split_terminator("\r\n").collect();
    let prop = |line: &str| -> String {
        let end = line.find([':', ';']).unwrap_or(line.len());
        line[..end].to_ascii_uppercase()
    };
    let methods: Vec<&str> = lines
        .iter()
        .filter(|l| prop(l) == "METHOD")
        .map(|l| l.split_once(':').map_or("", |(_, v)| v))
        .collect();
    let mut out = Vec::new();
    match methods.as_slice() {
        [] => return out,
        ["PUBLISH"] => {}
        other => out.push(format!("METHOD {other:?} in a feed")),
    }
    let (mut uid, mut organizers, mut attendees) = (String::new(), 0, 0);
    for line in &lines {
        match (prop(line).as_str(), *line) {
            (_, "BEGIN:VEVENT") => (uid, organizers, attendees) = (String::new(), 0, 0),
            ("UID", _) => uid = line["UID:".len()..].to_owned(),
            ("ORGANIZER", _) => organizers += 1,
            ("ATTENDEE", _) => attendees += 1,
            (_, "END:VEVENT") => {
                if organizers != 1 {
                    out.push(format!(
                        "{uid}: {organizers} ORGANIZER under METHOD:PUBLISH"
                    ));
                }
                if attendees != 0 {
                    out.push(format!("{uid}: {attendees} ATTENDEE under METHOD:PUBLISH"));
                }
            }
            _ => {}
        }
    }
    out
}

/// gardes's choice (docs/calendar-feeds.md, `export::ical`): no `METHOD`, so the
/// iTIP rule above holds without an `ORGANIZER`, and `DTSTAMP` = `LAST-MODIFIED`
/// is what RFC 5545 §3.8.7.2 means by `DTSTAMP` in a calendar without `METHOD`.
fn assert_feed_rules(name: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).unwrap();
    assert_eq!(itip_breaches(text), Vec::<String>::new(), "{name}");
    assert!(
        !text.replace("\r\n ", "").contains("\r\nMETHOD"),
        "{name}: a feed carries no METHOD"
    );
}

pub(crate) fn parse_feed(
    name: &str,
    bytes: &[u8],
) -> (caldata::component::IcalCalendar, Vec<ParsedEvent>) {
    assert_wire_form(name, bytes);
    assert_feed_rules(name, bytes);
    let cal = caldata::IcalParser::from_slice(bytes)
        .expect_one()
        .unwrap_or_else(|e| panic!("{name} does not parse: {e:?}"));
    assert!(
        cal.vtimezones.contains_key("Europe/Paris"),
        "{name}: VTIMEZONE"
    );
    let events = cal
        .events
        .iter()
        .map(|e| ParsedEvent {
            uid: e.get_uid().to_owned(),
            start: e.dtstart.0.utc(),
            end: e.dtend.as_ref().expect("DTEND").0.utc(),
            summary: text_of(e, "SUMMARY"),
            location: text_of(e, "LOCATION"),
            description: text_of(e, "DESCRIPTION"),
        })
        .collect();
    (cal, events)
}

/// Every feed parses strictly and matches assignments.csv (and uncovered.csv for the
/// empty seats of all.ics) duty for duty, with the same instants.
#[test]
fn every_feed_parses_strictly_and_matches_assignments_csv() {
    for (season, c) in [("spring", spring()), ("autumn", autumn())] {
        let dir = tempfile::tempdir().unwrap();
        let written =
            export::write_all(dir.path(), &c.instance, &c.duties, &c.roster, now()).unwrap();
        assert_eq!(
            written.len(),
            4 + 3 + 1 + 1,
            "{season}: 4 CSV, 3 feeds, all.ics, publication.json"
        );
        let rows = read_rows(&dir.path().join("assignments.csv"));
        let missing = read_rows(&dir.path().join("uncovered.csv"));
        assert_eq!(rows.len(), c.roster.assignments.len());

        for p in &c.instance.practitioners {
            let name = format!("{season} {}.ics", p.id);
            let bytes =
                std::fs::read(dir.path().join("ics").join(format!("{}.ics", p.id))).unwrap();
            let (cal, events) = parse_feed(&name, &bytes);
            assert_eq!(
                text_of(&cal, "X-WR-CALNAME"),
                format!("Gardes — {}", p.name)
            );
            let expected: BTreeMap<String, (DateTime<Utc>, DateTime<Utc>)> = rows
                .iter()
                .filter(|r| r.who == p.id.as_str())
                .map(|r| (uid(r, p.id.as_str()), (r.start, r.end)))
                .collect();
            let found: BTreeMap<String, (DateTime<Utc>, DateTime<Utc>)> = events
                .iter()
                .map(|e| (e.uid.clone(), (e.start, e.end)))
                .collect();
            assert_eq!(found.len(), events.len(), "{name}: UIDs are unique");
            assert_eq!(
                found, expected,
                "{name}: one event per row of assignments.csv"
            );
            let starts: Vec<_> = events.iter().map(|e| e.start).collect();
            assert!(
                starts.windows(2).all(|w| w[0] <= w[1]),
                "{name}: sorted by start"
            );
            for e in &events {
                if e.uid.starts_with("mende-") {
                    assert!(e.summary.starts_with("Garde PDSA — Secteur de Mende ("));
                    assert_eq!(e.location, MENDE_LOCATION);
                    assert!(e
                        .description
                        .ends_with("\nNuméro à donner aux patients : 15"));
                } else {
                    assert_eq!(
                        e.summary,
                        "Garde MCS — MCS — Causse de Sauveterre et vallée du Valdonnez (Nuit)"
                    );
                    assert!(!e.description.contains("Numéro"), "no phone, no number");
                }
            }
        }

        let name = format!("{season} all.ics");
        let bytes = std::fs::read(dir.path().join("ics/all.ics")).unwrap();
        let (_, events) = parse_feed(&name, &bytes);
        // (start, end, holder's name or None for an empty seat), by UID.
        type Seat = (DateTime<Utc>, DateTime<Utc>, Option<String>);
        let mut expected: BTreeMap<String, Seat> = BTreeMap::new();
        let mut held: BTreeMap<String, usize> = BTreeMap::new();
        // Rows come sorted by practitioner id within a duty: the seat order.
        for r in &rows {
            let seat = held.entry(uid(r, "")).or_default();
            *seat += 1;
            let key = uid(r, &format!("seat{seat}"));
            expected.insert(key, (r.start, r.end, Some(r.text.clone())));
        }
        for r in &missing {
            let taken = held.get(&uid(r, "")).copied().unwrap_or(0);
            for k in 1..=r.who.parse::<usize>().unwrap() {
                let key = uid(r, &format!("seat{}", taken + k));
                expected.insert(key, (r.start, r.end, None));
            }
        }
        let found: BTreeMap<String, Seat> = events
            .iter()
            .map(|e| {
                let holder = if e.summary.starts_with("Garde non pourvue — ") {
                    assert!(
                        e.description.contains("\nGarde non pourvue : "),
                        "{}",
                        e.uid
                    );
                    None
                } else {
                    let (_, name) = e.summary.split_once(" : ").unwrap();
                    assert!(e.description.contains(&format!("\nDe garde : {name}")));
                    Some(name.to_owned())
                };
                (e.uid.clone(), (e.start, e.end, holder))
            })
            .collect();
        assert_eq!(found.len(), events.len(), "{name}: UIDs are unique");
        assert_eq!(found, expected, "{name}: one event per seat");
    }
}

/// The `VTIMEZONE`'s observances, read the way a client reads them: each onset is a
/// local time in the offset before it, repeated yearly by `RRULE` or listed by
/// `RDATE`. Only the rule shapes gardes writes are understood (and anything else
/// fails the test).
struct Zone {
    /// (onset in UTC, offset in seconds from then on), sorted.
    onsets: Vec<(NaiveDateTime, i64)>,
}

fn offset_seconds(s: &str) -> i64 {
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let h: i64 = s[1..3].parse().unwrap();
    let m: i64 = s[3..5].parse().unwrap();
    sign * (h * 3600 + m * 60)
}

fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%S").unwrap()
}

impl Zone {
    fn read(feed: &str) -> Zone {
        let unfolded = feed.replace("\r\n ", "");
        let lines: Vec<&str> = unfolded.split("\r\n").collect();
        let begin = lines.iter().position(|l| *l == "BEGIN:VTIMEZONE").unwrap();
        let end = lines.iter().position(|l| *l == "END:VTIMEZONE").unwrap();
        let mut onsets = Vec::new();
        let mut props: BTreeMap<&str, &str> = BTreeMap::new();
        for line in &lines[begin + 1..end] {
            if line.starts_with("BEGIN:") {
                props.clear();
            } else if line.starts_with("END:") {
                let from = offset_seconds(props["TZOFFSETFROM"]);
                let to = offset_seconds(props["TZOFFSETTO"]);
                let start = local(props["DTSTART"]);
                let mut locals = vec![start];
                if let Some(rrule) = props.get("RRULE") {
                    let parts: BTreeMap<&str, &str> = rrule
                        .split(';')
                        .map(|kv| kv.split_once('=').unwrap())
                        .collect();
                    assert_eq!(parts["FREQ"], "YEARLY");
                    assert!(!parts.contains_key("UNTIL"));
                    let month: u32 = parts["BYMONTH"].parse().unwrap();
                    assert_eq!(parts["BYDAY"], "-1SU", "only last Sundays are read here");
                    for year in start.year() + 1..=2030 {
                        let mut day = NaiveDate::from_ymd_opt(year, month + 1, 1)
                            .unwrap()
                            .pred_opt()
                            .unwrap();
                        while day.weekday() != chrono::Weekday::Sun {
                            day = day.pred_opt().unwrap();
                        }
                        locals.push(day.and_time(start.time()));
                    }
                }
                if let Some(rdate) = props.get("RDATE") {
                    locals.extend(rdate.split(',').map(local));
                }
                onsets.extend(
                    locals
                        .into_iter()
                        .map(|l| (l - Duration::seconds(from), to)),
                );
            } else {
                let (name, value) = line.split_once(':').unwrap();
                props.insert(name, value);
            }
        }
        onsets.sort();
        Zone { onsets }
    }

    fn offset_at(&self, utc: NaiveDateTime) -> i64 {
        self.onsets
            .iter()
            .rev()
            .find(|(at, _)| *at <= utc)
            .map(|(_, off)| *off)
            .expect("an observance covers every event")
    }

    /// The instant a local time means (RFC 5545 §3.3.5: the first occurrence of a
    /// repeated time).
    fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let offsets: BTreeSet<i64> = self.onsets.iter().map(|(_, o)| *o).collect();
        offsets
            .into_iter()
            .map(|o| local - Duration::seconds(o))
            .filter(|utc| self.offset_at(*utc) == (local - *utc).num_seconds())
            .min()
            .expect("a local time of an event exists in the zone")
            .and_utc()
    }
}

/// The nights over both clock changes: 11 h in spring, 13 h in autumn, local times
/// and offsets right on both sides, whether read by the parser (through the TZID) or
/// through our own VTIMEZONE.
#[test]
fn offsets_are_right_on_both_sides_of_the_clock_changes() {
    let cases = [
        (
            spring(),
            "d02",
            "mende-nuit-20270327-d02@gardes",
            "DTSTART;TZID=Europe/Paris:20270327T200000",
            "DTEND;TZID=Europe/Paris:20270328T080000",
            "2027-03-27T19:00:00Z",
            "2027-03-28T06:00:00Z",
            11,
        ),
        (
            autumn(),
            "d01",
            "mende-nuit-20271030-d01@gardes",
            "DTSTART;TZID=Europe/Paris:20271030T200000",
            "DTEND;TZID=Europe/Paris:20271031T080000",
            "2027-10-30T18:00:00Z",
            "2027-10-31T07:00:00Z",
            13,
        ),
    ];
    for (c, who, uid, dtstart, dtend, start, end, hours) in cases {
        let p = c.instance.practitioner_by_id(who).unwrap();
        let feed = ical::practitioner_feed(&c.instance, &c.duties, &c.roster, p, now()).unwrap();
        let event = feed
            .split("BEGIN:VEVENT\r\n")
            .find(|e| e.starts_with(&format!("UID:{uid}\r\n")))
            .unwrap();
        assert!(event.contains(&format!("{dtstart}\r\n")), "{event}");
        assert!(event.contains(&format!("{dtend}\r\n")), "{event}");

        let (_, events) = parse_feed(uid, feed.as_bytes());
        let e = events.iter().find(|e| e.uid == uid).unwrap();
        assert_eq!(e.start, start.parse::<DateTime<Utc>>().unwrap());
        assert_eq!(e.end, end.parse::<DateTime<Utc>>().unwrap());
        assert_eq!((e.end - e.start).num_hours(), hours);

        // Every event of every feed, read through our VTIMEZONE, lands on the duty's
        // instants.
        let zone = Zone::read(&feed);
        for (name, feed) in all_feeds(&c) {
            let unfolded = feed.replace("\r\n ", "");
            for block in unfolded.split("BEGIN:VEVENT\r\n").skip(1) {
                let field = |key: &str| {
                    let line = block
                        .lines()
                        .find(|l| l.starts_with(&format!("{key};TZID=Europe/Paris:")))
                        .unwrap_or_else(|| panic!("{name}: {key} with TZID"));
                    local(line.rsplit(':').next().unwrap())
                };
                let uid = block.lines().next().unwrap().trim_start_matches("UID:");
                let duty = c
                    .duties
                    .iter()
                    .find(|d| {
                        uid.starts_with(&format!(
                            "{}-{}-{}-",
                            c.instance.post(d.post).id,
                            c.instance.period(d.period).id,
                            d.date.format("%Y%m%d")
                        ))
                    })
                    .unwrap();
                assert_eq!(zone.instant(field("DTSTART")), duty.start, "{name} {uid}");
                assert_eq!(zone.instant(field("DTEND")), duty.end, "{name} {uid}");
            }
        }
    }
}

fn all_feeds(c: &Case) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = (0..c.instance.practitioners.len())
        .map(|i| {
            let p = PracIdx(i as u32);
            let feed = ical::practitioner_feed(&c.instance, &c.duties, &c.roster, p, now());
            (c.instance.practitioner(p).id.to_string(), feed.unwrap())
        })
        .collect();
    let all = ical::all_feed(&c.instance, &c.duties, &c.roster, now()).unwrap();
    out.push(("all".to_owned(), all));
    out
}

fn uids(feed: &str) -> Vec<String> {
    feed.replace("\r\n ", "")
        .split("\r\n")
        .filter_map(|l| l.strip_prefix("UID:"))
        .map(str::to_owned)
        .collect()
}

/// DESIGN.md: re-solving keeps the UIDs; the same input gives the same bytes.
#[test]
fn uids_are_unique_per_feed_and_stable_across_writes() {
    let c = spring();
    let first = tempfile::tempdir().unwrap();
    let again = tempfile::tempdir().unwrap();
    let a = export::write_all(first.path(), &c.instance, &c.duties, &c.roster, now()).unwrap();
    let b = export::write_all(again.path(), &c.instance, &c.duties, &c.roster, now()).unwrap();
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.strip_prefix(first.path()), y.strip_prefix(again.path()));
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{x:?}"
        );
    }

    // A re-solve: d01 and d02 swap the Easter Sunday day duty and the Saturday
    // night; a day later. UIDs of a person's duties follow the duties.
    let mut moved = c.roster.clone();
    let jour = duty_of(&c.instance, &c.duties, "mende", "jour", "2027-03-28");
    let nuit = duty_of(&c.instance, &c.duties, "mende", "nuit", "2027-03-27");
    for a in &mut moved.assignments {
        if a.duty == jour || (a.duty == nuit && a.practitioner == PracIdx(1)) {
            a.practitioner = PracIdx(0);
        }
    }
    moved.assignments.sort();
    let later = now() + Duration::days(1);
    let d01 = PracIdx(0);
    let before = ical::practitioner_feed(&c.instance, &c.duties, &c.roster, d01, now()).unwrap();
    let after = ical::practitioner_feed(&c.instance, &c.duties, &moved, d01, later).unwrap();
    let before: BTreeSet<String> = uids(&before).into_iter().collect();
    let after_list = uids(&after);
    let after: BTreeSet<String> = after_list.iter().cloned().collect();
    assert_eq!(after.len(), after_list.len(), "no UID twice in a feed");
    let added: Vec<&String> = after.difference(&before).collect();
    assert_eq!(
        added,
        [
            "mende-jour-20270328-d01@gardes",
            "mende-nuit-20270327-d01@gardes"
        ]
    );
    assert!(
        before.is_subset(&after),
        "d01's other duties keep their UIDs"
    );

    for (name, feed) in all_feeds(&c) {
        let list = uids(&feed);
        let set: BTreeSet<&String> = list.iter().collect();
        assert_eq!(set.len(), list.len(), "{name}: UIDs unique");
    }
}

/// An empty calendar keeps a subscription valid: the practitioner without duty
/// still gets a feed, which parses.
#[test]
fn a_practitioner_without_duty_gets_a_valid_empty_calendar() {
    let c = spring();
    let d03 = c.instance.practitioner_by_id("d03").unwrap();
    let feed = ical::practitioner_feed(&c.instance, &c.duties, &c.roster, d03, now()).unwrap();
    let (cal, events) = parse_feed("d03.ics", feed.as_bytes());
    assert!(events.is_empty());
    assert_eq!(text_of(&cal, "X-WR-CALNAME"), "Gardes — Dr Paul Roux");
    assert_eq!(text_of(&cal, "REFRESH-INTERVAL"), "PT12H");
    assert_eq!(text_of(&cal, "X-PUBLISHED-TTL"), "PT12H");
    assert!(cal.get_property("METHOD").is_none());
}

/// The iTIP rule of `parse_feed` fails for the reason it names: the feeds as
/// published before, with `METHOD:PUBLISH` and no `ORGANIZER` (which libical refuses),
/// break it once per event; with one `ORGANIZER` per event they would not; an
/// `ATTENDEE` or another `METHOD` breaks it too.
#[test]
fn a_feed_with_method_publish_needs_an_organizer_in_every_event() {
    let c = spring();
    let d02 = c.instance.practitioner_by_id("d02").unwrap();
    let feed = ical::practitioner_feed(&c.instance, &c.duties, &c.roster, d02, now()).unwrap();
    let events = uids(&feed).len();
    assert!(events > 0);
    assert_eq!(itip_breaches(&feed), Vec::<String>::new());

    let with_method = feed.replace(
        "CALSCALE:GREGORIAN\r\n",
        "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n",
    );
    let breaches = itip_breaches(&with_method);
    assert_eq!(breaches.len(), events, "{breaches:?}");
    assert!(breaches
        .iter()
        .all(|b| b.ends_with(": 0 ORGANIZER under METHOD:PUBLISH")));

    let organizer = "ORGANIZER;CN=Coordination:mailto:coordination@example.org\r\n";
    let organised = with_method.replace("END:VEVENT\r\n", &format!("{organizer}END:VEVENT\r\n"));
    assert_eq!(itip_breaches(&organised), Vec::<String>::new());
    let invited = organised.replace(
        organizer,
        &format!("{organizer}ATTENDEE:mailto:d02@example.org\r\n"),
    );
    assert_eq!(itip_breaches(&invited).len(), events);
    let request = organised.replace("METHOD:PUBLISH", "METHOD:REQUEST");
    assert_eq!(itip_breaches(&request), ["METHOD [\"REQUEST\"] in a feed"]);
}

// ---------------------------------------------------------------------------------
// Atomic writes and refusals.

/// Writing over an existing file replaces it and leaves no temporary file behind.
#[test]
fn writing_over_a_file_replaces_it_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("assignments.csv");
    std::fs::write(&path, "old contents, longer than the new ones\n").unwrap();
    atomic::write(&path, b"new\n").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"new\n");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["assignments.csv"]);

    // write_all over a previous run: same files, nothing else.
    let c = spring();
    export::write_all(dir.path(), &c.instance, &c.duties, &c.roster, now()).unwrap();
    export::write_all(dir.path(), &c.instance, &c.duties, &c.roster, now()).unwrap();
    let mut names: Vec<String> = walk(dir.path());
    names.sort();
    assert_eq!(
        names,
        [
            "assignments.csv",
            "honoraires.csv",
            "ics/all.ics",
            "ics/d01.ics",
            "ics/d02.ics",
            "ics/d03.ics",
            "ics/publication.json",
            "tableau.csv",
            "uncovered.csv"
        ]
    );
}

pub(crate) fn walk(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            for inner in walk(&path) {
                let dir = path.file_name().unwrap().to_string_lossy().into_owned();
                out.push(format!("{dir}/{inner}"));
            }
        } else {
            out.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    out
}

/// A practitioner id that would write outside `ics/` or over `all.ics` is refused
/// before anything is written.
#[test]
fn a_practitioner_id_that_cannot_name_a_file_is_refused() {
    let mut c = spring();
    c.instance.practitioners[2].id = PractitionerId("all".to_owned());
    let dir = tempfile::tempdir().unwrap();
    let err = export::write_all(dir.path(), &c.instance, &c.duties, &c.roster, now()).unwrap_err();
    insta::assert_snapshot!(err.to_string(), @"l'identifiant de praticien « all » ne peut pas nommer un fichier ics/<id>.ics (vide, « all », ou contenant / \\ : ou un caractère de contrôle)");
    assert!(walk(dir.path()).is_empty());
}

/// A roster built against other duties is refused, not indexed out of bounds.
#[test]
fn a_roster_pointing_outside_the_duties_is_refused() {
    let c = spring();
    let mut roster = c.roster.clone();
    roster.assignments.push(Assignment {
        duty: DutyIdx(999),
        practitioner: PracIdx(0),
    });
    let err = export::csv::assignments(&c.instance, &c.duties, &roster).unwrap_err();
    insta::assert_snapshot!(err.to_string(), @"le tableau renvoie à la garde n° 999, mais il n'y a que 10 gardes");
}

/// A week from Monday 08:00 to Saturday 12:00 (`end_day = 5`): the grid heads its
/// column with the span and writes the names on the Monday only, and, every column being
/// a week, has no row for the days in between; the iCal event spans the days.
#[test]
fn a_week_in_the_grid_and_the_feed() {
    let instance = gardes::instance::parse(
        "semaine.toml",
        r#"
name = "Réseau"
horizon = { first = 2027-01-04, last = 2027-01-10 }
[[periods]]
id = "semaine"
label = "Semaine"
start = "08:00"
end = "12:00"
end_day = 5
weekdays = ["monday"]
[[posts]]
id = "felletin"
label = "Centre de Felletin"
periods = ["semaine"]
[[practitioners]]
id = "d01"
name = "Dr Anne Martin"
posts = ["felletin"]
"#,
    )
    .unwrap();
    let duties = duties::expand(&instance).unwrap();
    assert_eq!(duties.len(), 1);
    let roster = roster(
        &instance,
        &duties,
        &[("felletin", "semaine", "2027-01-04", "d01")],
        &[],
    );
    let grid = String::from_utf8(tableau::grid(&instance, &duties, &roster).unwrap()).unwrap();
    insta::assert_snapshot!(lf(grid.trim_start_matches('\u{feff}')), @r"
    date;jour;type;Centre de Felletin — Semaine (lundi 08:00 → samedi 12:00)
    04/01/2027;lundi;semaine;Dr Anne Martin
    ");
    let d01 = instance.practitioner_by_id("d01").unwrap();
    let feed = ical::practitioner_feed(&instance, &duties, &roster, d01, now()).unwrap();
    insta::assert_snapshot!("week_d01_ics", lf(&feed));
}
