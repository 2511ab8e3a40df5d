//! The publication history of the iCal feeds, `ics/publication.json`: what each event of
//! each feed said when it was last published, so that a re-publication into the same
//! folder updates subscribed calendars in place.
//!
//! # Why a history
//!
//! A doctor subscribes once to `ics/<id>.ics`; their calendar application then fetches
//! that URL every few hours and reconciles what it holds with what it reads, event by
//! event, through the `UID` (docs/calendar-feeds.md says what each application does).
//! For an update to be taken as one, an event that changed must keep its `UID` and show
//! a higher `SEQUENCE` and a later `LAST-MODIFIED`, and an event that did not change
//! should not look changed. The roster alone cannot say which is which: the history
//! can. It is written next to the feeds at every publication and read back at the next.
//!
//! # What it holds
//!
//! Per feed file (`d01.ics`, ..., `all.ics`), its calendar name and, per `UID`, an
//! [`EventRecord`]: the `SEQUENCE`, the `LAST-MODIFIED` instant, the status
//! (`confirmed`, `cancelled` since when, or `dropped`) and the event's content
//! ([`EventContent`]: start, end, summary, location, description, transparency). The
//! content is the fingerprint: an event whose content and status are unchanged is
//! unchanged. Keeping the content itself rather than a hash makes the comparison exact
//! and the file readable, and it is what a cancelled event needs to be written again
//! once its duty has left the roster (or its practitioner the instance).
//!
//! The file is JSON, versioned (`"format": 1`), pretty-printed with a trailing
//! newline, every map sorted (`BTreeMap`): the same history gives the same bytes.
//!
//! # The rules of a re-publication ([`revise`])
//!
//! - An event whose content and status are unchanged keeps its `SEQUENCE` and its
//!   `LAST-MODIFIED`; `DTSTAMP` is that same instant (see `ical`), so an unchanged
//!   event is byte for byte what was published before.
//! - A changed event (other hours, another holder in an `all.ics` seat, another label)
//!   gets `SEQUENCE + 1` and `LAST-MODIFIED = now`.
//! - An event that left the feed (a duty the practitioner lost, a seat that no longer
//!   exists) is written with `STATUS:CANCELLED`, `SEQUENCE + 1`, `LAST-MODIFIED = now`,
//!   a title starting with « Annulée – » and a first description line saying since
//!   when, for [`FeedPolicy::keep_cancelled_days`] days (default
//!   [`DEFAULT_KEEP_CANCELLED_DAYS`]) or until the duty has ended, whichever comes
//!   first; then it is left out of the feed. The history keeps its `UID` and
//!   `SEQUENCE` (status `dropped`), so a `UID` never goes back to a lower `SEQUENCE`.
//! - A duty that comes back (regained before or after being dropped) is written with
//!   the same `UID`, `SEQUENCE + 1`, `STATUS:CONFIRMED`.
//! - A practitioner who left the instance keeps their feed file: every duty of theirs
//!   is cancelled as above, then the calendar stays empty, as long as the folder is
//!   published into. Their subscription thus empties itself instead of failing on a
//!   missing file and keeping stale duties.
//! - `LAST-MODIFIED` never goes back: a `now` earlier than the last change (a clock set
//!   back, a `--now` in the past) keeps the last change's instant.
//!
//! # Determinism
//!
//! The feeds and the history are a function of the instance, the duties, the roster,
//! the history read and `now` (to the second): same inputs, same bytes. `now` only
//! enters for an event that changes, is cancelled, or reaches the end of its retention:
//! re-publishing an unchanged roster at a later `now` writes the same bytes again, as
//! long as no cancelled event reaches the end of its retention in between.
//!
//! # Using it
//!
//! Load the history of the folder before anything moves it away, then publish with it:
//!
//! ```no_run
//! # fn demo(instance: &gardes::instance::Instance, duties: &[gardes::duties::Duty],
//! #         roster: &gardes::roster::Roster) -> Result<(), gardes::export::ExportError> {
//! use gardes::export::{self, archive, feeds::{FeedHistory, FeedPolicy, Publication}};
//! let out = std::path::Path::new("out");
//! let history = FeedHistory::load(out)?; // out/ics/publication.json, or empty
//! archive::archive_earlier(out)?; // moves out/ics/ to out/archive/<date>/
//! let now = chrono::Utc::now();
//! let publication = Publication { now, history: &history, policy: FeedPolicy::default() };
//! export::write_all_with(out, instance, duties, roster, &publication)?;
//! # Ok(()) }
//! ```

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use super::ExportError;
use crate::labels::export::{self as labels, EventProblem, HistoryProblem};

/// The history's file name, inside the `ics/` folder of the output folder.
pub const HISTORY_FILE: &str = "publication.json";
/// The version of the history's format this build reads and writes.
pub const FORMAT: u32 = 1;
/// How long a cancelled event stays in a feed, in days, unless its duty ends first.
///
/// Thirty days: the slowest common client, Google Calendar, refreshes a subscription
/// about once a day and sometimes takes several; a phone left off during two weeks
/// of holidays must still find the cancellation when it comes back. A month is also
/// short against a quarter's roster, so feeds do not fill with struck-through duties.
pub const DEFAULT_KEEP_CANCELLED_DAYS: u32 = 30;
/// The overview feed's file name.
pub const ALL_FEED: &str = "all.ics";

/// How cancelled events are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeedPolicy {
    /// Days a cancelled event stays in its feed after the publication that cancelled
    /// it (it leaves earlier once its duty has ended). `0` removes a lost duty at once,
    /// without a cancelled version.
    pub keep_cancelled_days: u32,
}

impl Default for FeedPolicy {
    fn default() -> Self {
        FeedPolicy {
            keep_cancelled_days: DEFAULT_KEEP_CANCELLED_DAYS,
        }
    }
}

/// A publication of the feeds: when, after which history, under which policy.
#[derive(Clone, Copy, Debug)]
pub struct Publication<'a> {
    /// The instant of this publication: `LAST-MODIFIED` (and `DTSTAMP`) of what
    /// changes. The library reads no clock.
    pub now: DateTime<Utc>,
    /// The history of the earlier publications into the same folder (empty for the
    /// first one).
    pub history: &'a FeedHistory,
    /// How long cancelled events stay.
    pub policy: FeedPolicy,
}

static EMPTY: FeedHistory = FeedHistory::new();

impl Publication<'static> {
    /// The first publication into a folder: an empty history, the default policy.
    pub fn first(now: DateTime<Utc>) -> Self {
        Publication {
            now,
            history: &EMPTY,
            policy: FeedPolicy::default(),
        }
    }
}

/// What was published in every feed of a folder, by feed file name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedHistory {
    /// Per feed file name (`d01.ics`, `all.ics`), its record.
    pub feeds: BTreeMap<String, FeedRecord>,
}

/// What one feed held.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedRecord {
    /// The calendar's name (`X-WR-CALNAME`), to write the feed of a practitioner no
    /// longer in the instance.
    pub calendar: String,
    /// Per `UID`, the event's last published state.
    pub events: BTreeMap<String, EventRecord>,
}

/// The last published state of one event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRecord {
    /// Its `SEQUENCE`.
    pub sequence: u32,
    /// Its `LAST-MODIFIED` (and `DTSTAMP`).
    pub last_modified: DateTime<Utc>,
    /// Confirmed, cancelled or dropped.
    pub status: EventStatus,
    /// For a cancelled event, the publication that cancelled it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_since: Option<DateTime<Utc>>,
    /// What it says (for a cancelled event, what it said when last confirmed); `None`
    /// once dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<EventContent>,
}

/// Where an event stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    /// In the feed, `STATUS:CONFIRMED`.
    Confirmed,
    /// In the feed, `STATUS:CANCELLED`, until its retention ends.
    Cancelled,
    /// Out of the feed; its `UID` and `SEQUENCE` are remembered.
    Dropped,
}

/// What an event says to the person who reads it: the fingerprint of an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventContent {
    /// Start, with the local offset (compared as an instant).
    pub start: DateTime<FixedOffset>,
    /// End, with the local offset (compared as an instant).
    pub end: DateTime<FixedOffset>,
    /// `SUMMARY`.
    pub summary: String,
    /// `LOCATION`.
    pub location: String,
    /// `DESCRIPTION`.
    pub description: String,
    /// `TRANSP`.
    pub transparency: Transparency,
}

/// Whether an event marks its holder busy (`TRANSP`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transparency {
    /// `OPAQUE`: busy (a practitioner's own duties).
    Opaque,
    /// `TRANSPARENT`: free (the overview feed, cancelled events).
    Transparent,
}

impl Transparency {
    /// The property value.
    pub fn as_ical(self) -> &'static str {
        match self {
            Transparency::Opaque => "OPAQUE",
            Transparency::Transparent => "TRANSPARENT",
        }
    }
}

/// The file as stored.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryFile {
    format: u32,
    feeds: BTreeMap<String, FeedRecord>,
}

/// The version alone, read first so that a file of another version is named as such.
#[derive(Deserialize)]
struct Version {
    format: u32,
}

impl FeedHistory {
    /// An empty history: the first publication.
    pub const fn new() -> Self {
        FeedHistory {
            feeds: BTreeMap::new(),
        }
    }

    /// The history file of an output folder: `dir/ics/publication.json`.
    pub fn path(dir: &Path) -> PathBuf {
        dir.join("ics").join(HISTORY_FILE)
    }

    /// Reads the history of the output folder `dir` (`dir/ics/publication.json`).
    /// A missing file (or folder) is an empty history: the first publication.
    ///
    /// # Errors
    /// [`ExportError::History`] for a file that cannot be read, is not valid JSON, is
    /// of another format version or names an impossible feed or event, with the line
    /// and column when the JSON reader gives them. Never a panic.
    pub fn load(dir: &Path) -> Result<Self, ExportError> {
        let path = Self::path(dir);
        match std::fs::read(&path) {
            Ok(bytes) => Self::parse(&path, &bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Self::new()),
            Err(e) => Err(history_error(&path, None, &HistoryProblem::Unreadable(&e))),
        }
    }

    /// Reads a history from its bytes; `path` only names it in errors.
    ///
    /// # Errors
    /// As [`FeedHistory::load`].
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Self, ExportError> {
        let located = |e: serde_json::Error| {
            let at = (e.line() > 0).then(|| (e.line(), e.column()));
            let message = strip_location(&e);
            let problem = match e.classify() {
                serde_json::error::Category::Eof => HistoryProblem::Truncated,
                serde_json::error::Category::Syntax => HistoryProblem::Syntax(&message),
                serde_json::error::Category::Data | serde_json::error::Category::Io => {
                    HistoryProblem::Data(&message)
                }
            };
            history_error(path, at, &problem)
        };
        let version: Version = serde_json::from_slice(bytes).map_err(located)?;
        if version.format != FORMAT {
            return Err(history_error(
                path,
                None,
                &HistoryProblem::Format {
                    found: version.format,
                    known: FORMAT,
                },
            ));
        }
        let file: HistoryFile = serde_json::from_slice(bytes).map_err(located)?;
        let history = FeedHistory { feeds: file.feeds };
        history.validate(path)?;
        Ok(history)
    }

    /// The file's text: pretty-printed JSON, sorted, with a trailing newline.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            format: u32,
            feeds: &'a BTreeMap<String, FeedRecord>,
        }
        let mut text = serde_json::to_string_pretty(&Out {
            format: FORMAT,
            feeds: &self.feeds,
        })
        .expect("a history of strings, numbers and dates always serialises");
        text.push('\n');
        text
    }

    /// What JSON cannot check: feed names that name a file inside `ics/`, and each
    /// status with the fields it needs.
    fn validate(&self, path: &Path) -> Result<(), ExportError> {
        for (feed, record) in &self.feeds {
            let id_ok = feed
                .strip_suffix(".ics")
                .is_some_and(|id| feed == ALL_FEED || super::check_file_name(id).is_ok());
            if !id_ok {
                return Err(history_error(path, None, &HistoryProblem::FeedName(feed)));
            }
            for (uid, e) in &record.events {
                let problem = match e.status {
                    _ if uid.is_empty() => Some(EventProblem::EmptyUid),
                    EventStatus::Confirmed if e.event.is_none() => {
                        Some(EventProblem::ConfirmedWithoutEvent)
                    }
                    EventStatus::Confirmed if e.cancelled_since.is_some() => {
                        Some(EventProblem::ConfirmedCancelled)
                    }
                    EventStatus::Cancelled if e.event.is_none() => {
                        Some(EventProblem::CancelledWithoutEvent)
                    }
                    EventStatus::Cancelled if e.cancelled_since.is_none() => {
                        Some(EventProblem::CancelledWithoutSince)
                    }
                    _ => None,
                };
                if let Some(problem) = problem {
                    return Err(history_error(
                        path,
                        None,
                        &HistoryProblem::Event { feed, uid, problem },
                    ));
                }
            }
        }
        Ok(())
    }
}

/// serde_json's message without its ` at line L column C` tail (the location is given
/// apart).
fn strip_location(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

fn history_error(
    path: &Path,
    at: Option<(usize, usize)>,
    problem: &HistoryProblem<'_>,
) -> ExportError {
    ExportError::History {
        path: path.to_owned(),
        line: at.map(|(l, _)| l),
        column: at.map(|(_, c)| c),
        problem: labels::history_problem(problem),
    }
}

/// One event as a feed writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    /// Its `UID`.
    pub uid: String,
    /// What it says (for a cancelled event, what it said when last confirmed).
    pub content: EventContent,
    /// Its `SEQUENCE`.
    pub sequence: u32,
    /// Its `LAST-MODIFIED` and `DTSTAMP`.
    pub last_modified: DateTime<Utc>,
    /// `Some(since)` for a cancelled event.
    pub cancelled_since: Option<DateTime<Utc>>,
}

/// The events of one feed for this publication, and the feed's new record.
///
/// `current` is what the roster puts in the feed now (`UID` and content, in output
/// order); `previous` what the history says it held. The result lists the events to
/// write: the current ones in their order, then the cancelled ones, the whole sorted
/// by start (stable, so events starting together keep that order).
///
/// # Errors
/// The `UID` that `current` holds twice.
pub fn revise(
    previous: Option<&FeedRecord>,
    calendar: String,
    current: Vec<(String, EventContent)>,
    publication: &Publication<'_>,
) -> Result<(Vec<Published>, FeedRecord), String> {
    let now = publication.now;
    let empty = BTreeMap::new();
    let before = previous.map_or(&empty, |r| &r.events);
    let mut events: BTreeMap<String, EventRecord> = BTreeMap::new();
    let mut out = Vec::with_capacity(current.len());
    for (uid, content) in current {
        let (sequence, last_modified) = match before.get(&uid) {
            None => (0, now),
            Some(prev)
                if prev.status == EventStatus::Confirmed
                    && prev.event.as_ref() == Some(&content) =>
            {
                (prev.sequence, prev.last_modified)
            }
            Some(prev) => (prev.sequence.saturating_add(1), now.max(prev.last_modified)),
        };
        let record = EventRecord {
            sequence,
            last_modified,
            status: EventStatus::Confirmed,
            cancelled_since: None,
            event: Some(content.clone()),
        };
        if events.insert(uid.clone(), record).is_some() {
            return Err(uid);
        }
        out.push(Published {
            uid,
            content,
            sequence,
            last_modified,
            cancelled_since: None,
        });
    }
    let keep = Duration::days(i64::from(publication.policy.keep_cancelled_days));
    for (uid, prev) in before {
        if events.contains_key(uid) {
            continue;
        }
        let record = match (prev.status, &prev.event) {
            (EventStatus::Confirmed, Some(content)) => EventRecord {
                sequence: prev.sequence.saturating_add(1),
                last_modified: now.max(prev.last_modified),
                status: EventStatus::Cancelled,
                cancelled_since: Some(now),
                event: Some(content.clone()),
            },
            _ => prev.clone(),
        };
        let record = match (record.status, record.cancelled_since, &record.event) {
            (EventStatus::Cancelled, Some(since), Some(content))
                if now >= since + keep || now >= content.end.with_timezone(&Utc) =>
            {
                EventRecord {
                    status: EventStatus::Dropped,
                    cancelled_since: None,
                    event: None,
                    ..record
                }
            }
            _ => record,
        };
        if let (EventStatus::Cancelled, Some(content)) = (record.status, &record.event) {
            out.push(Published {
                uid: uid.clone(),
                content: content.clone(),
                sequence: record.sequence,
                last_modified: record.last_modified,
                cancelled_since: record.cancelled_since,
            });
        }
        events.insert(uid.clone(), record);
    }
    out.sort_by_key(|e| e.content.start.with_timezone(&Utc));
    Ok((out, FeedRecord { calendar, events }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests: a panic is a failure with its place.
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, day, hour, 0, 0).unwrap()
    }

    fn content(day: u32, summary: &str) -> EventContent {
        let paris = FixedOffset::east_opt(3600).unwrap();
        EventContent {
            start: at(day, 19).with_timezone(&paris),
            end: at(day + 1, 7).with_timezone(&paris),
            summary: summary.to_owned(),
            location: "Mende".to_owned(),
            description: "Nuit".to_owned(),
            transparency: Transparency::Opaque,
        }
    }

    fn publish(
        history: &FeedHistory,
        now: DateTime<Utc>,
        current: &[(&str, EventContent)],
    ) -> (Vec<Published>, FeedHistory) {
        let publication = Publication {
            now,
            history,
            policy: FeedPolicy::default(),
        };
        let current = current
            .iter()
            .map(|(u, c)| ((*u).to_owned(), c.clone()))
            .collect();
        let (events, record) = revise(
            history.feeds.get("d01.ics"),
            "Gardes".to_owned(),
            current,
            &publication,
        )
        .unwrap();
        let mut next = FeedHistory::new();
        next.feeds.insert("d01.ics".to_owned(), record);
        (events, next)
    }

    #[test]
    fn a_lost_event_is_cancelled_then_dropped_and_a_regained_one_goes_on_counting() {
        let a = content(20, "A");
        let b = content(25, "B");
        let (first, h1) = publish(
            &FeedHistory::new(),
            at(1, 8),
            &[("a", a.clone()), ("b", b.clone())],
        );
        assert_eq!(
            first
                .iter()
                .map(|e| (e.uid.as_str(), e.sequence))
                .collect::<Vec<_>>(),
            [("a", 0), ("b", 0)]
        );
        // b is lost: cancelled, sequence 1, since now.
        let (second, h2) = publish(&h1, at(2, 8), &[("a", a.clone())]);
        assert_eq!(second.len(), 2);
        assert_eq!(second[0].last_modified, at(1, 8), "a unchanged");
        assert_eq!(second[1].uid, "b");
        assert_eq!(
            (second[1].sequence, second[1].cancelled_since),
            (1, Some(at(2, 8)))
        );
        // Still cancelled the next day, unchanged.
        let (third, h3) = publish(&h2, at(3, 8), &[("a", a.clone())]);
        assert_eq!(third, second);
        assert_eq!(h3, h2);
        // b's duty has ended on the 26th: dropped, remembered.
        let (fourth, h4) = publish(&h3, at(26, 8), &[("a", a.clone())]);
        assert_eq!(fourth.len(), 1);
        let b_record = &h4.feeds["d01.ics"].events["b"];
        assert_eq!(
            (b_record.status, b_record.sequence),
            (EventStatus::Dropped, 1)
        );
        // Regained: sequence 2, confirmed.
        let (fifth, _) = publish(&h4, at(27, 8), &[("a", a), ("b", b)]);
        assert_eq!((fifth[1].uid.as_str(), fifth[1].sequence), ("b", 2));
        assert_eq!(fifth[1].cancelled_since, None);
        assert_eq!(fifth[1].last_modified, at(27, 8));
    }

    #[test]
    fn last_modified_never_goes_back() {
        let (_, h1) = publish(&FeedHistory::new(), at(10, 8), &[("a", content(20, "A"))]);
        let (events, _) = publish(&h1, at(5, 8), &[("a", content(20, "A bis"))]);
        assert_eq!(
            (events[0].sequence, events[0].last_modified),
            (1, at(10, 8))
        );
    }

    #[test]
    fn a_uid_twice_is_refused() {
        let publication = Publication::first(at(1, 8));
        let twice = vec![
            ("a".to_owned(), content(20, "A")),
            ("a".to_owned(), content(21, "A")),
        ];
        assert_eq!(
            revise(None, String::new(), twice, &publication).unwrap_err(),
            "a"
        );
    }

    #[test]
    fn the_history_reads_back_what_it_wrote() {
        let (_, h1) = publish(&FeedHistory::new(), at(1, 8), &[("a", content(20, "A"))]);
        let (_, h2) = publish(&h1, at(2, 8), &[]);
        let text = h2.to_json();
        assert!(text.starts_with("{\n  \"format\": 1,\n"));
        assert!(text.ends_with("}\n"));
        let back = FeedHistory::parse(Path::new("p.json"), text.as_bytes()).unwrap();
        assert_eq!(back, h2);
    }
}
