//! The iCal feeds (RFC 5545): `ics/<practitioner_id>.ics`, the duties one person
//! holds, and `ics/all.ics`, every seat of every duty, held or not.
//!
//! # What the files promise
//!
//! - CRLF line ends; content lines folded at 75 octets (a continuation line starts
//!   with a space that counts in its 75), never inside a UTF-8 character.
//! - TEXT values escaped (`\\`, `\;`, `\,`, `\n`); carriage returns and other control
//!   characters of user-supplied names are dropped, as RFC 5545 forbids them.
//! - `DTSTART`/`DTEND` as local times with `TZID=<horizon zone>` and a `VTIMEZONE`
//!   describing that zone, generated from `chrono-tz` (see `vtimezone` below); an
//!   instant whose local time would read back as another instant (the second pass
//!   through an autumn fold) is written in UTC instead, so every time reads back
//!   exactly.
//! - A `UID` derived from what the duty is, never from a position:
//!   `<post>-<period>-<YYYYMMDD>-<practitioner>@gardes` in a practitioner's feed,
//!   `<post>-<period>-<YYYYMMDD>-seat<N>@gardes` in `all.ics`, `N` counting the
//!   duty's holders sorted by practitioner id, then its empty seats. Re-solving keeps
//!   them; a feed that would hold one UID twice is an error, not a file.
//! - `SEQUENCE`, `LAST-MODIFIED` and `STATUS` from the publication history
//!   ([`super::feeds`]): on a first publication `SEQUENCE:0`, `LAST-MODIFIED` the `now`
//!   passed in, `STATUS:CONFIRMED`; on a re-publication into the same folder an
//!   unchanged event keeps both, a changed one gets `SEQUENCE + 1` and `now`, and an
//!   event that left the feed stays a while as `STATUS:CANCELLED` (title « Annulée –
//!   ... », `TRANSP:TRANSPARENT`) before it is left out.
//! - No `METHOD`: a feed is a copy of a calendar store, not an iTIP message (RFC
//!   5546). With `METHOD:PUBLISH`, iTIP requires an `ORGANIZER` in every `VEVENT`
//!   and libical (GNOME Evolution's library) refuses the events without one; without
//!   `METHOD`, RFC 5545 asks for no `ORGANIZER` and libical's restriction check
//!   passes. docs/calendar-feeds.md gives the reasoning and what clients do.
//! - `DTSTAMP` equal to `LAST-MODIFIED`, not to the publication's `now`. In a
//!   calendar without `METHOD`, RFC 5545 §3.8.7.2 defines `DTSTAMP` as the instant
//!   the event's information was last revised in the calendar store, which is what
//!   `LAST-MODIFIED` records; keeping that instant makes an unchanged event byte for
//!   byte what was published before: a re-publication without change rewrites
//!   identical feeds, so HTTP caches (`ETag`) and clients see nothing new. For one
//!   `UID`, `SEQUENCE` and `DTSTAMP` only ever grow together. (Were `METHOD` ever
//!   written, `DTSTAMP` would mean the instant the file was made and this would no
//!   longer hold: keep both decisions together.)
//! - `REFRESH-INTERVAL` and `X-PUBLISHED-TTL` of 12 hours, events sorted by start (a
//!   cancelled event after the current ones that start at the same instant): same
//!   input, same bytes.
//! - Every calendar holds its `VTIMEZONE`, so even a practitioner without duty gets a
//!   valid calendar (RFC 5545 asks for at least one component).
//!
//! # Why a hand-written writer
//!
//! The `icalendar` crate (0.17) was the candidate. Its folding counts octets and its
//! TEXT escaping is right, but it cannot write what we need deterministically: every
//! component without `DTSTAMP` or `UID` gets `Utc::now()` and a random UUID at
//! serialisation time, including the `VTIMEZONE` and its `STANDARD`/`DAYLIGHT`
//! sub-components (which RFC 5545 does not allow to carry them), and those can only
//! be built through its `Other` component, which it hides from its documentation. A
//! `VTIMEZONE` is required by our contract (times with `TZID`). What remains to write
//! is small: a content-line writer (escape, fold) and the zone's observances, both
//! tested here and parsed back by a strict parser in `tests/export.rs`.
//!
//! `all.ics` is an overview for coordinators: its events are `TRANSP:TRANSPARENT`,
//! so subscribing to it does not mark anyone busy; the personal feeds are `OPAQUE`.
//! Its seat UIDs are slots, not people: when a duty's holders change, `seat1`,
//! `seat2`... are renumbered in practitioner id order and each seat whose holder (or
//! emptiness) changed is a changed event (`SEQUENCE + 1`); a seat that no longer
//! exists (a lower demand) is cancelled like a lost duty.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use chrono::{
    DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc, Weekday,
};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use crate::duties::{Duty, DutyIdx};
use crate::instance::{Instance, PracIdx};
use crate::labels::export as labels;
use crate::roster::{Roster, UncoveredReason};

use super::feeds::{self, EventContent, FeedRecord, Publication, Published, Transparency};
use super::{ExportError, View};

/// The `PRODID` of every feed.
pub const PRODID: &str = "-//gardes//gardes 0.1//FR";
/// How often clients should fetch the feed again (`REFRESH-INTERVAL`, RFC 7986, and
/// its older spelling `X-PUBLISHED-TTL`).
pub const REFRESH: &str = "PT12H";
/// The domain part of every UID.
pub const UID_DOMAIN: &str = "gardes";
/// The longest content line RFC 5545 §3.1 allows, in octets, line break excluded.
pub const MAX_LINE_OCTETS: usize = 75;

/// The feed of one practitioner: every duty they hold, as a first publication (no
/// history: `SEQUENCE:0`, `LAST-MODIFIED` and `DTSTAMP` at `now`).
///
/// # Errors
/// [`ExportError`] when the roster or the duties do not match the instance, or two
/// events would share a UID.
pub fn practitioner_feed(
    instance: &Instance,
    duties: &[Duty],
    roster: &Roster,
    practitioner: PracIdx,
    now: DateTime<Utc>,
) -> Result<String, ExportError> {
    let view = View::new(instance, duties, roster)?;
    if practitioner.get() >= instance.practitioners.len() {
        return Err(ExportError::UnknownPractitioner {
            practitioner: practitioner.0,
            count: instance.practitioners.len(),
        });
    }
    let who = view.instance.practitioner(practitioner);
    let (text, _) = feed_text(
        &view,
        &FeedSpec {
            file: &format!("{}.ics", who.id),
            name: &labels::practitioner_calendar_name(&who.name),
            seats: false,
        },
        practitioner_events(&view, practitioner),
        None,
        &Publication::first(now),
    )?;
    Ok(text)
}

/// The overview feed: one event per seat of every duty, empty seats included, as a
/// first publication.
///
/// # Errors
/// [`ExportError`] when the roster or the duties do not match the instance, or two
/// events would share a UID.
pub fn all_feed(
    instance: &Instance,
    duties: &[Duty],
    roster: &Roster,
    now: DateTime<Utc>,
) -> Result<String, ExportError> {
    let view = View::new(instance, duties, roster)?;
    let (text, _) = feed_text(
        &view,
        &FeedSpec {
            file: feeds::ALL_FEED,
            name: &labels::all_calendar_name(&view.instance.name),
            seats: true,
        },
        all_events(&view),
        None,
        &Publication::first(now),
    )?;
    Ok(text)
}

/// Which feed is being written.
pub(crate) struct FeedSpec<'a> {
    /// Its file name (`d01.ics`, `all.ics`): the history's key.
    pub(crate) file: &'a str,
    /// Its calendar name (`X-WR-CALNAME`).
    pub(crate) name: &'a str,
    /// The overview feed, whose events are seats (the wording of a cancellation).
    pub(crate) seats: bool,
}

/// The text of one feed for this publication, and the feed's new history record:
/// `current` (the roster's events, in output order) revised against `previous` (what
/// the history says the feed held) by [`feeds::revise`].
pub(crate) fn feed_text(
    view: &View<'_>,
    spec: &FeedSpec<'_>,
    current: Vec<(String, EventContent)>,
    previous: Option<&FeedRecord>,
    publication: &Publication<'_>,
) -> Result<(String, FeedRecord), ExportError> {
    let (events, record) = feeds::revise(previous, spec.name.to_owned(), current, publication)
        .map_err(|uid| ExportError::DuplicateUid {
            feed: spec.file.to_owned(),
            uid,
        })?;
    Ok((calendar(view, spec, &events), record))
}

/// The events of one practitioner's feed: every duty they hold, in output order.
pub(crate) fn practitioner_events(
    view: &View<'_>,
    practitioner: PracIdx,
) -> Vec<(String, EventContent)> {
    let who = view.instance.practitioner(practitioner);
    view.assignments()
        .into_iter()
        .filter(|(_, p)| *p == practitioner)
        .map(|(duty, _)| {
            let uid = duty_uid(view, duty, who.id.as_str());
            let mut e = event(view, duty, None, None);
            e.transparency = Transparency::Opaque;
            (uid, e)
        })
        .collect()
}

/// The events of the overview feed: every seat of every duty, in output order.
pub(crate) fn all_events(view: &View<'_>) -> Vec<(String, EventContent)> {
    let mut reasons: BTreeMap<DutyIdx, &UncoveredReason> = BTreeMap::new();
    for u in &view.uncovered {
        reasons.entry(u.duty).or_insert(&u.reason);
    }
    let mut events = Vec::new();
    for duty in view.duties_in_order() {
        let d = view.duty(duty);
        let post = view.instance.post(d.post);
        let period = view.instance.period(d.period);
        let holders = view.holders(duty);
        for (i, p) in holders.iter().enumerate() {
            let name = &view.instance.practitioner(*p).name;
            let uid = duty_uid(view, duty, &format!("seat{}", i + 1));
            let mut e = event(view, duty, Some(name), None);
            e.summary = labels::seat_summary(post.kind, &post.label, &period.label, name);
            events.push((uid, e));
        }
        let empty = view.empty_seats(duty) as usize;
        for k in 0..empty {
            let uid = duty_uid(view, duty, &format!("seat{}", holders.len() + k + 1));
            let reason = reasons
                .get(&duty)
                .map(|r| labels::uncovered_reason(view.instance, r));
            let mut e = event(view, duty, None, reason);
            e.summary = labels::unfilled_summary(&post.label, &period.label);
            events.push((uid, e));
        }
    }
    events
}

/// `<post>-<period>-<YYYYMMDD>-<who>@gardes`.
fn duty_uid(view: &View<'_>, duty: DutyIdx, who: &str) -> String {
    let d = view.duty(duty);
    format!(
        "{}-{}-{}-{who}@{UID_DOMAIN}",
        view.instance.post(d.post).id,
        view.instance.period(d.period).id,
        d.date.format("%Y%m%d"),
    )
}

fn event(
    view: &View<'_>,
    duty: DutyIdx,
    holder: Option<&str>,
    unfilled_reason: Option<String>,
) -> EventContent {
    let tz = view.instance.horizon.time_zone;
    let d = view.duty(duty);
    let post = view.instance.post(d.post);
    let period = view.instance.period(d.period);
    let start = d.start.with_timezone(&tz);
    let end = d.end.with_timezone(&tz);
    let description = labels::event_description(&labels::EventText {
        period_label: &period.label,
        post_label: &post.label,
        date: d.date,
        start: start.naive_local(),
        end: end.naive_local(),
        phone: post.phone.as_deref(),
        holder,
        unfilled_reason,
    });
    EventContent {
        start: start.fixed_offset(),
        end: end.fixed_offset(),
        summary: labels::event_summary(post.kind, &post.label, &period.label),
        location: post.location.clone().unwrap_or_else(|| post.label.clone()),
        description,
        transparency: Transparency::Transparent,
    }
}

/// Writes a calendar of `events`, whose `UID`s [`feeds::revise`] made unique.
fn calendar(view: &View<'_>, spec: &FeedSpec<'_>, events: &[Published]) -> String {
    debug_assert_eq!(
        events.iter().map(|e| &e.uid).collect::<BTreeSet<_>>().len(),
        events.len(),
        "revise returns each UID once"
    );
    let name = spec.name;
    let horizon = view.instance.horizon;
    let tz = horizon.time_zone;
    let mut c = Content::default();
    c.raw("BEGIN", &[], "VCALENDAR");
    c.raw("VERSION", &[], "2.0");
    c.text("PRODID", PRODID);
    c.raw("CALSCALE", &[], "GREGORIAN");
    // No METHOD: see the module documentation (iTIP would ask for an ORGANIZER, and
    // DTSTAMP = LAST-MODIFIED is RFC 5545's meaning only without METHOD).
    c.text("X-WR-CALNAME", name);
    c.text("X-WR-TIMEZONE", tz.name());
    c.raw("REFRESH-INTERVAL", &[("VALUE", "DURATION")], REFRESH);
    c.raw("X-PUBLISHED-TTL", &[], REFRESH);
    vtimezone(&mut c, tz, horizon.first, horizon.last);
    for e in events {
        let stamp = utc_time(e.last_modified);
        let content = &e.content;
        c.raw("BEGIN", &[], "VEVENT");
        c.text("UID", &e.uid);
        c.raw("DTSTAMP", &[], &stamp);
        c.raw("SEQUENCE", &[], &e.sequence.to_string());
        c.raw("LAST-MODIFIED", &[], &stamp);
        c.time("DTSTART", content.start.with_timezone(&tz));
        c.time("DTEND", content.end.with_timezone(&tz));
        match e.cancelled_since {
            None => {
                c.text("SUMMARY", &content.summary);
                c.text("LOCATION", &content.location);
                c.text("DESCRIPTION", &content.description);
                c.raw("TRANSP", &[], content.transparency.as_ical());
                c.raw("STATUS", &[], "CONFIRMED");
            }
            Some(since) => {
                let day = since.with_timezone(&tz).date_naive();
                let note = labels::cancelled_note(day, spec.seats);
                c.text("SUMMARY", &labels::cancelled_summary(&content.summary));
                c.text("LOCATION", &content.location);
                c.text("DESCRIPTION", &format!("{note}\n\n{}", content.description));
                c.raw("TRANSP", &[], Transparency::Transparent.as_ical());
                c.raw("STATUS", &[], "CANCELLED");
            }
        }
        c.raw("END", &[], "VEVENT");
    }
    c.raw("END", &[], "VCALENDAR");
    c.out
}

/// Content lines being written: each property is escaped as its value type asks,
/// then folded and ended with CRLF.
#[derive(Default)]
struct Content {
    out: String,
}

impl Content {
    /// A property whose value is already in its wire form (numbers, enumerations,
    /// dates, durations).
    fn raw(&mut self, name: &str, params: &[(&str, &str)], value: &str) {
        let mut line = String::from(name);
        for (key, val) in params {
            line.push(';');
            line.push_str(key);
            line.push('=');
            line.push_str(&param_value(val));
        }
        line.push(':');
        line.push_str(value);
        fold_into(&mut self.out, &line);
    }

    /// A TEXT property (RFC 5545 §3.3.11).
    fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &[], &escape_text(value));
    }

    /// A DATE-TIME: local time with the zone's TZID when that reads back as the same
    /// instant, UTC otherwise.
    fn time(&mut self, name: &str, t: DateTime<Tz>) {
        match local_time(t) {
            Some(local) => {
                let tzid = t.timezone().name();
                self.raw(name, &[("TZID", tzid)], &local_form(local));
            }
            None => self.raw(name, &[], &utc_time(t.with_timezone(&Utc))),
        }
    }
}

/// The local time of `t` in its zone if RFC 5545 §3.3.5 reads it back as `t`: a local
/// time that occurs twice means its first occurrence.
fn local_time(t: DateTime<Tz>) -> Option<NaiveDateTime> {
    let local = t.naive_local();
    match t.timezone().from_local_datetime(&local) {
        LocalResult::Single(x) | LocalResult::Ambiguous(x, _) if x == t => Some(local),
        _ => None,
    }
}

fn local_form(local: NaiveDateTime) -> String {
    local.format("%Y%m%dT%H%M%S").to_string()
}

fn utc_time(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline;
/// a CRLF or a lone CR becomes a newline; other control characters but the tab, which
/// the grammar forbids, are dropped.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (RFC 5545 §3.2): quoted when it holds `:`, `;` or `,`; double
/// quotes and control characters, which no parameter value may hold, are dropped.
fn param_value(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| *c != '"' && (!c.is_control() || *c == '\t'))
        .collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// Appends `line` folded (RFC 5545 §3.1): at most 75 octets per physical line, the
/// leading space of a continuation included, cut only between UTF-8 characters, each
/// physical line ended by CRLF.
pub fn fold_into(out: &mut String, line: &str) {
    let mut rest = line;
    let mut first = true;
    loop {
        let room = if first {
            MAX_LINE_OCTETS
        } else {
            MAX_LINE_OCTETS - 1
        };
        if !first {
            out.push(' ');
        }
        if rest.len() <= room {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        // RFC 5545 allows a fold next to a space, but some clients trim whitespace
        // around folds and would glue two words: move the fold between two other
        // characters when one is near.
        let spaced = |at: usize| rest[..at].ends_with(' ') || rest[at..].starts_with(' ');
        let mut better = cut;
        while better > room / 2 && spaced(better) {
            better -= 1;
            while !rest.is_char_boundary(better) {
                better -= 1;
            }
        }
        if !spaced(better) {
            cut = better;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n");
        rest = &rest[cut..];
        first = false;
    }
}

/// The state of a zone at an instant: total offset in seconds, daylight saving or
/// not, abbreviation.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ZoneState {
    offset: i32,
    dst: bool,
    name: Option<String>,
}

fn zone_state(tz: Tz, utc_seconds: i64) -> ZoneState {
    let utc = DateTime::from_timestamp(utc_seconds, 0)
        .unwrap_or_default()
        .naive_utc();
    let off = tz.offset_from_utc_datetime(&utc);
    ZoneState {
        offset: off.fix().local_minus_utc(),
        dst: !off.dst_offset().is_zero(),
        name: off.abbreviation().map(str::to_owned),
    }
}

/// A change of the zone's state.
struct Transition {
    /// First second of the new state, UTC seconds.
    at: i64,
    before: ZoneState,
    after: ZoneState,
}

/// Every change of state in `[from, to)` (UTC seconds). The zone is probed hourly,
/// then each change is pinned to the second; real zones never change twice in an hour.
fn transitions(tz: Tz, from: i64, to: i64) -> Vec<Transition> {
    const HOUR: i64 = 3600;
    let mut out = Vec::new();
    let mut t = from;
    let mut state = zone_state(tz, t);
    while t < to {
        let next = t + HOUR;
        let next_state = zone_state(tz, next);
        if next_state != state {
            let (mut lo, mut hi) = (t, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if zone_state(tz, mid) == state {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(Transition {
                at: hi,
                before: state,
                after: next_state.clone(),
            });
            state = next_state;
        }
        t = next;
    }
    out
}

/// Writes the `VTIMEZONE` of `tz`, exact over the years around the horizon.
///
/// The zone's changes are read from `chrono-tz` from the 1st of January of the year
/// before the horizon to the end of the year after it, so that the observance in force
/// at the first duty has its onset in the file. Changes of one kind (same offsets,
/// same abbreviation) that fall every year on the same weekday rule of the same month
/// at the same local time are written as one observance with a yearly `RRULE` (for
/// Europe/Paris: last Sunday of March and of October, as RFC 5545's own examples
/// do), with an `UNTIL` when the rule stops inside that span; any other changes are
/// listed with `RDATE`. A zone with no change in the span gets one `STANDARD`
/// observance from 1970.
fn vtimezone(c: &mut Content, tz: Tz, first: NaiveDate, last: NaiveDate) {
    let span_start = year_start(first.year() - 1);
    let span_end = year_start(last.year() + 2);
    let changes = transitions(tz, span_start, span_end);

    c.raw("BEGIN", &[], "VTIMEZONE");
    c.text("TZID", tz.name());
    c.text("X-LIC-LOCATION", tz.name());
    if changes.is_empty() {
        let state = zone_state(tz, span_start);
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap_or_default();
        observance(c, &state, state.offset, &[epoch], None);
    }

    // Group the changes by kind, kinds in the order of their first change.
    let mut kinds: Vec<(i32, ZoneState, Vec<i64>)> = Vec::new();
    for ch in &changes {
        match kinds
            .iter_mut()
            .find(|(from, after, _)| *from == ch.before.offset && *after == ch.after)
        {
            Some((_, _, ats)) => ats.push(ch.at),
            None => kinds.push((ch.before.offset, ch.after.clone(), vec![ch.at])),
        }
    }
    let last_year = last.year() + 1;
    for (from, after, ats) in &kinds {
        // DTSTART and RDATE of an observance are local times in the offset before it.
        let onsets: Vec<NaiveDateTime> = ats
            .iter()
            .map(|at| {
                DateTime::from_timestamp(at + i64::from(*from), 0)
                    .unwrap_or_default()
                    .naive_utc()
            })
            .collect();
        let until = ats
            .last()
            .and_then(|at| DateTime::from_timestamp(*at, 0))
            .unwrap_or_default();
        observance(c, after, *from, &onsets, Some((last_year, until)));
    }
    c.raw("END", &[], "VTIMEZONE");
}

/// One `STANDARD` or `DAYLIGHT` block. `span` is the last year examined and the last
/// change's instant, to bound a rule that stopped before it.
fn observance(
    c: &mut Content,
    state: &ZoneState,
    from: i32,
    onsets: &[NaiveDateTime],
    span: Option<(i32, DateTime<Utc>)>,
) {
    let Some(first) = onsets.first() else {
        return;
    };
    let kind = if state.dst { "DAYLIGHT" } else { "STANDARD" };
    c.raw("BEGIN", &[], kind);
    c.raw("DTSTART", &[], &local_form(*first));
    c.raw("TZOFFSETFROM", &[], &utc_offset(from));
    c.raw("TZOFFSETTO", &[], &utc_offset(state.offset));
    if onsets.len() > 1 {
        match (yearly_rule(onsets), span) {
            (Some(rule), Some((last_year, until))) => {
                let ongoing = onsets.last().map(|o| o.year()) == Some(last_year);
                if ongoing {
                    c.raw("RRULE", &[], &rule);
                } else {
                    c.raw("RRULE", &[], &format!("{rule};UNTIL={}", utc_time(until)));
                }
            }
            _ => {
                let dates: Vec<String> = onsets[1..].iter().map(|o| local_form(*o)).collect();
                c.raw("RDATE", &[], &dates.join(","));
            }
        }
    }
    if let Some(name) = &state.name {
        c.text("TZNAME", name);
    }
    c.raw("END", &[], kind);
}

/// `FREQ=YEARLY;BYMONTH=m;BYDAY=nDD` when every onset falls in consecutive years on
/// the same weekday rule of the same month at the same local time.
fn yearly_rule(onsets: &[NaiveDateTime]) -> Option<String> {
    let first = onsets.first()?;
    let consecutive = onsets.windows(2).all(|w| w[1].year() == w[0].year() + 1);
    let alike = onsets.iter().all(|o| {
        o.month() == first.month() && o.weekday() == first.weekday() && o.time() == first.time()
    });
    if !consecutive || !alike {
        return None;
    }
    let day = weekday_code(first.weekday());
    let is_last = |o: &NaiveDateTime| o.day() + 7 > days_in_month(o.year(), o.month());
    let nth = |o: &NaiveDateTime| (o.day() - 1) / 7 + 1;
    let by_day = if onsets.iter().all(is_last) {
        format!("-1{day}")
    } else if onsets.iter().all(|o| nth(o) == nth(first)) {
        format!("{}{day}", nth(first))
    } else {
        return None;
    };
    Some(format!(
        "FREQ=YEARLY;BYMONTH={};BYDAY={by_day}",
        first.month()
    ))
}

fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|d| d.pred_opt()).map_or(31, |d| d.day())
}

/// UTC seconds of the 1st of January of `year`, 00:00 UTC.
fn year_start(year: i32) -> i64 {
    NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(0, |t| t.and_utc().timestamp())
}

/// `+0100`, `-0330`, `+013045` (RFC 5545 §3.3.14).
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs % 3600 / 60, abs % 60);
    let mut out = format!("{sign}{h:02}{m:02}");
    if s != 0 {
        let _ = write!(out, "{s:02}");
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests: a panic is a failure with its place.
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold_into(&mut out, line);
        out
    }

    #[test]
    fn a_short_line_is_not_folded() {
        assert_eq!(folded("SUMMARY:Garde"), "SUMMARY:Garde\r\n");
    }

    #[test]
    fn folded_lines_hold_75_octets_at_most_and_unfold_to_the_original() {
        // Two-octet and three-octet characters placed so that naive cuts would split
        // them.
        let line = format!("DESCRIPTION:{}", "é€a".repeat(60));
        let out = folded(&line);
        for physical in out.split_terminator("\r\n") {
            assert!(physical.len() <= MAX_LINE_OCTETS, "{physical:?}");
        }
        assert!(out.ends_with("\r\n"));
        assert_eq!(out.trim_end_matches("\r\n").replace("\r\n ", ""), line);
    }

    #[test]
    fn folds_avoid_spaces() {
        // The 75th octet is a space: the fold moves two characters back.
        let line = format!("SUMMARY:{} mot", "x".repeat(66));
        let out = folded(&line);
        assert_eq!(out, format!("SUMMARY:{}\r\n x mot\r\n", "x".repeat(65)));
        for physical in out.split_terminator("\r\n") {
            assert!(!physical.ends_with(' ') && !physical.starts_with("  "));
        }
    }

    #[test]
    fn a_line_of_exactly_75_octets_stays_whole() {
        let line = "X".repeat(75);
        assert_eq!(folded(&line), format!("{line}\r\n"));
        let longer = "X".repeat(76);
        assert_eq!(folded(&longer), format!("{}\r\n X\r\n", "X".repeat(75)));
    }

    #[test]
    fn text_escapes_backslash_semicolon_comma_and_newline() {
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf\rg\u{7}h"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ngh"
        );
    }

    #[test]
    fn parameter_values_with_separators_are_quoted() {
        assert_eq!(param_value("Europe/Paris"), "Europe/Paris");
        assert_eq!(param_value("a:b"), "\"a:b\"");
        assert_eq!(param_value("a\"b"), "ab");
    }

    #[test]
    fn utc_offsets_have_sign_hours_minutes_and_seconds_when_needed() {
        assert_eq!(utc_offset(3600), "+0100");
        assert_eq!(utc_offset(-12600), "-0330");
        assert_eq!(utc_offset(0), "+0000");
        assert_eq!(utc_offset(561), "+000921");
    }

    #[test]
    fn paris_changes_on_the_last_sundays_of_march_and_october() {
        let mut c = Content::default();
        let first = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(2027, 12, 31).unwrap();
        vtimezone(&mut c, chrono_tz::Europe::Paris, first, last);
        assert_eq!(
            c.out,
            "BEGIN:VTIMEZONE\r\n\
             TZID:Europe/Paris\r\n\
             X-LIC-LOCATION:Europe/Paris\r\n\
             BEGIN:DAYLIGHT\r\n\
             DTSTART:20260329T020000\r\n\
             TZOFFSETFROM:+0100\r\n\
             TZOFFSETTO:+0200\r\n\
             RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
             TZNAME:CEST\r\n\
             END:DAYLIGHT\r\n\
             BEGIN:STANDARD\r\n\
             DTSTART:20261025T030000\r\n\
             TZOFFSETFROM:+0200\r\n\
             TZOFFSETTO:+0100\r\n\
             RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
             TZNAME:CET\r\n\
             END:STANDARD\r\n\
             END:VTIMEZONE\r\n"
        );
    }

    #[test]
    fn a_zone_without_changes_gets_one_standard_observance() {
        let mut c = Content::default();
        let first = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        vtimezone(&mut c, chrono_tz::Asia::Tokyo, first, first);
        assert!(c.out.contains(
            "BEGIN:STANDARD\r\n\
             DTSTART:19700101T000000\r\n\
             TZOFFSETFROM:+0900\r\n\
             TZOFFSETTO:+0900\r\n\
             TZNAME:JST\r\n\
             END:STANDARD\r\n"
        ));
    }

    #[test]
    fn a_time_repeated_by_the_autumn_change_is_written_in_utc_the_second_time() {
        let tz = chrono_tz::Europe::Paris;
        // 2027-10-31 00:30 UTC is 02:30 CEST (first pass), 01:30 UTC is 02:30 CET.
        let first = tz.from_utc_datetime(
            &NaiveDate::from_ymd_opt(2027, 10, 31)
                .unwrap()
                .and_hms_opt(0, 30, 0)
                .unwrap(),
        );
        let second = first + chrono::Duration::hours(1);
        let mut c = Content::default();
        c.time("DTSTART", first);
        c.time("DTEND", second);
        assert_eq!(
            c.out,
            "DTSTART;TZID=Europe/Paris:20271031T023000\r\nDTEND:20271031T013000Z\r\n"
        );
    }
}
