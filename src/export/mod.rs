//! Roster → the files people use: `assignments.csv` and `uncovered.csv` (the machine
//! contracts of DESIGN.md, "Outputs"), `tableau.csv` (the French grid a coordinator
//! opens in a spreadsheet), `honoraires.csv` (the on-call fee statement, [`fees`]), the iCal feeds `ics/<practitioner_id>.ics` and
//! `ics/all.ics`, and, when the instance has places and MCS posts, the population
//! coverage `coverage.csv` and `coverage_places.csv`.
//!
//! Each format is a pure function of the instance, the duties and the roster (or the
//! checker's coverage figures) that returns bytes ([`csv`], [`tableau`], [`ical`],
//! [`coverage`]); [`write_all`] writes the roster's files and [`write_coverage`] the
//! coverage files, each file atomically ([`atomic`]). Outputs are deterministic: rows and events are sorted
//! by start, then post, period and practitioner ids; the only time-dependent fields,
//! the iCal `DTSTAMP` and `LAST-MODIFIED`, come from the `now` the caller passes in.
//!
//! # Publishing again into the same folder
//!
//! The feeds are subscribed to, so a re-publication (a re-solve, `replan`, `swap`) must
//! update calendars in place: same `UID`s, `SEQUENCE` and `LAST-MODIFIED` raised only
//! for what changed, lost duties cancelled for a while. [`feeds`] keeps what each feed
//! held in `ics/publication.json`. [`write_all`] is a first publication (empty
//! history; it does not read the folder); [`write_all_with`] publishes after a
//! [`feeds::FeedHistory`]. A caller publishing into a folder does:
//!
//! 1. `let history = feeds::FeedHistory::load(dir)?;` before anything moves `ics/`
//!    away ([`archive::archive_earlier`] moves it to `archive/<date>/`);
//! 2. `write_all_with(dir, instance, duties, roster, &feeds::Publication { now,
//!    history: &history, policy: feeds::FeedPolicy::default() })`.
//!
//! This module formats a roster and decides nothing: it reads no clock, assigns
//! nobody, and re-checks no rule. It does refuse a roster whose indices do not point
//! into the instance and duties it is given ([`ExportError`]), rather than panic.

pub mod archive;
pub mod atomic;
pub mod changes;
pub mod coverage;
pub mod csv;
pub mod feeds;
pub mod fees;
pub mod ical;
pub mod tableau;

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, SecondsFormat, TimeZone, Timelike, Utc};

use crate::duties::{Duty, DutyIdx};
use crate::instance::{Instance, PracIdx};
use crate::labels::export as labels;
use crate::roster::{Roster, Uncovered};

/// The on-call fee statement's file name ([`fees`]).
pub const FEES_FILE: &str = "honoraires.csv";

/// Why the exports could not be produced. Its `Display` takes its French words from `labels::export`.
#[derive(Debug)]
pub enum ExportError {
    /// A file or directory could not be written.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The CSV writer failed.
    Csv(::csv::Error),
    /// The roster names a duty index outside the duty list.
    UnknownDuty {
        /// The index found.
        duty: u32,
        /// How many duties there are.
        count: usize,
    },
    /// The roster names a practitioner index outside the instance.
    UnknownPractitioner {
        /// The index found.
        practitioner: u32,
        /// How many practitioners the instance has.
        count: usize,
    },
    /// The coverage figures name a place outside the instance.
    UnknownPlace {
        /// The index found.
        place: u32,
        /// How many places the instance has.
        count: usize,
    },
    /// A duty names a post or a period outside the instance.
    UnknownPostOrPeriod {
        /// The duty's index.
        duty: u32,
    },
    /// Two duties have the same post, period and date, so they would share a UID.
    DuplicateDuty {
        /// The post id.
        post: String,
        /// The period id.
        period: String,
        /// The date.
        date: NaiveDate,
    },
    /// A practitioner id cannot name the file of its feed.
    UnsafeFileName(String),
    /// The publication history of the feeds (`ics/publication.json`) cannot be used.
    History {
        /// The history file.
        path: PathBuf,
        /// The line of the problem, when the JSON reader gives it.
        line: Option<usize>,
        /// The column of the problem, when the JSON reader gives it.
        column: Option<usize>,
        /// What is wrong, in French.
        problem: String,
    },
    /// Two events of one feed would share a UID (ids whose dashes make two duties
    /// read alike, such as post `a-b` period `c` and post `a` period `b-c`).
    DuplicateUid {
        /// The feed's file name.
        feed: String,
        /// The UID.
        uid: String,
    },
}

impl std::error::Error for ExportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExportError::Io { source, .. } => Some(source),
            ExportError::Csv(e) => Some(e),
            _ => None,
        }
    }
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            ExportError::Io { path, source } => labels::write_failed(path, source),
            ExportError::Csv(e) => labels::csv_failed(e),
            ExportError::UnknownDuty { duty, count } => labels::unknown_duty(*duty, *count),
            ExportError::UnknownPractitioner {
                practitioner,
                count,
            } => labels::unknown_practitioner(*practitioner, *count),
            ExportError::UnknownPlace { place, count } => labels::unknown_place(*place, *count),
            ExportError::UnknownPostOrPeriod { duty } => labels::unknown_post_or_period(*duty),
            ExportError::DuplicateDuty { post, period, date } => {
                labels::duplicate_duty(post, period, *date)
            }
            ExportError::UnsafeFileName(id) => labels::unsafe_file_name(id),
            ExportError::History {
                path,
                line,
                column,
                problem,
            } => labels::history(path, *line, *column, problem),
            ExportError::DuplicateUid { feed, uid } => labels::duplicate_uid(feed, uid),
        })
    }
}

impl From<::csv::Error> for ExportError {
    fn from(e: ::csv::Error) -> Self {
        ExportError::Csv(e)
    }
}

/// Writes every export of the roster into `dir` as a first publication: `assignments.csv`,
/// `uncovered.csv`, `tableau.csv`, one `ics/<practitioner_id>.ics` per practitioner of
/// the instance (an empty calendar for one without duty keeps a subscription valid),
/// `ics/all.ics` and the feeds' history `ics/publication.json`. The population
/// coverage files, `coverage.csv` and `coverage_places.csv`, come from the checker's
/// figures: [`write_coverage`] writes them when `plan.check.population` is `Some`.
///
/// Each file is written atomically. `now` is the `DTSTAMP` and `LAST-MODIFIED` of every
/// event (`SEQUENCE:0`); the library reads no clock. Returns the paths written, in that
/// order (feeds by file name, the history last). The history of an earlier
/// publication in `dir` is not read: [`write_all_with`] continues it.
///
/// # Errors
/// [`ExportError`]: a roster or duty list that does not match the instance, a
/// practitioner id that cannot name a file, or an I/O failure. The checks run before
/// any file is written.
pub fn write_all(
    dir: &Path,
    instance: &Instance,
    duties: &[Duty],
    roster: &Roster,
    now: DateTime<Utc>,
) -> Result<Vec<PathBuf>, ExportError> {
    write_all_with(
        dir,
        instance,
        duties,
        roster,
        &feeds::Publication::first(now),
    )
}

/// Writes every export of the roster into `dir`, like [`write_all`], continuing the
/// feeds' publication history `publication.history` (read from the same folder by
/// [`feeds::FeedHistory::load`] before the earlier files were archived): unchanged
/// events keep their `SEQUENCE` and `LAST-MODIFIED`, changed ones are raised, lost
/// ones are written cancelled for `publication.policy.keep_cancelled_days` days, and a
/// practitioner of the history no longer in the instance keeps a feed file whose
/// duties are all cancelled ([`feeds`] has the rules). `publication.now` is taken to
/// the second.
///
/// # Errors
/// As [`write_all`]; the checks run before any file is written.
pub fn write_all_with(
    dir: &Path,
    instance: &Instance,
    duties: &[Duty],
    roster: &Roster,
    publication: &feeds::Publication<'_>,
) -> Result<Vec<PathBuf>, ExportError> {
    let view = View::new(instance, duties, roster)?;
    let now = publication
        .now
        .with_nanosecond(0)
        .unwrap_or(publication.now);
    let publication = feeds::Publication {
        now,
        ..*publication
    };
    let history = publication.history;
    // Feed file name → the practitioner it belongs to, or `None` for a practitioner
    // the history knows and the instance no longer has.
    let mut practitioners: BTreeMap<String, Option<PracIdx>> = BTreeMap::new();
    for (i, p) in instance.practitioners.iter().enumerate() {
        check_file_name(p.id.as_str())?;
        practitioners.insert(format!("{}.ics", p.id), Some(PracIdx(i as u32)));
    }
    for file in history.feeds.keys() {
        if file != feeds::ALL_FEED {
            // FeedHistory::load checked it; a history built by hand may not be.
            let id = file
                .strip_suffix(".ics")
                .ok_or_else(|| ExportError::UnsafeFileName(file.clone()))?;
            check_file_name(id)?;
            practitioners.entry(file.clone()).or_insert(None);
        }
    }
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        (
            dir.join("assignments.csv"),
            csv::assignments_in(&view)?.into_bytes(),
        ),
        (
            dir.join("uncovered.csv"),
            csv::uncovered_in(&view)?.into_bytes(),
        ),
        (dir.join("tableau.csv"), tableau::grid_in(&view)?),
        (
            dir.join(FEES_FILE),
            fees::statement(
                instance,
                &crate::fees::statement(
                    instance,
                    duties,
                    roster.assignments.iter().map(|a| (a.practitioner, a.duty)),
                ),
            )?,
        ),
    ];
    let ics = dir.join("ics");
    let mut next = feeds::FeedHistory::new();
    for (file, p) in &practitioners {
        let previous = history.feeds.get(file);
        let (name, current) = match p {
            Some(p) => (
                labels::practitioner_calendar_name(&instance.practitioner(*p).name),
                ical::practitioner_events(&view, *p),
            ),
            None => (
                previous.map(|r| r.calendar.clone()).unwrap_or_default(),
                Vec::new(),
            ),
        };
        let spec = ical::FeedSpec {
            file,
            name: &name,
            seats: false,
        };
        let (text, record) = ical::feed_text(&view, &spec, current, previous, &publication)?;
        files.push((ics.join(file), text.into_bytes()));
        next.feeds.insert(file.clone(), record);
    }
    let spec = ical::FeedSpec {
        file: feeds::ALL_FEED,
        name: &labels::all_calendar_name(&instance.name),
        seats: true,
    };
    let (text, record) = ical::feed_text(
        &view,
        &spec,
        ical::all_events(&view),
        history.feeds.get(feeds::ALL_FEED),
        &publication,
    )?;
    files.push((ics.join(feeds::ALL_FEED), text.into_bytes()));
    next.feeds.insert(feeds::ALL_FEED.to_owned(), record);
    // Last, so that the history never describes feeds that were not written.
    files.push((ics.join(feeds::HISTORY_FILE), next.to_json().into_bytes()));

    std::fs::create_dir_all(&ics).map_err(|source| ExportError::Io {
        path: ics.clone(),
        source,
    })?;
    let mut written = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        atomic::write(&path, &bytes).map_err(|source| ExportError::Io {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}

/// Writes the population coverage into `dir`: `coverage.csv` (one row per slice of MCS
/// time) and `coverage_places.csv` (the places beyond the threshold, worst first), from
/// the checker's figures (`plan.check.population`, when `Some`).
///
/// Each file is written atomically. Returns the paths written, in that order.
///
/// # Errors
/// [`ExportError`]: figures naming a practitioner or place the instance does not
/// have, or an I/O failure. The checks run before any file is written.
pub fn write_coverage(
    dir: &Path,
    instance: &Instance,
    figures: &crate::check::PopulationFigures,
) -> Result<Vec<PathBuf>, ExportError> {
    let files = [
        (
            dir.join("coverage.csv"),
            coverage::slices(instance, figures)?,
        ),
        (
            dir.join("coverage_places.csv"),
            coverage::places(instance, figures)?,
        ),
    ];
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let mut written = Vec::with_capacity(files.len());
    for (path, text) in files {
        atomic::write(&path, text.as_bytes()).map_err(|source| ExportError::Io {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}

/// Refuses ids that would escape `ics/`, collide with `all.ics`, or name no file.
pub(crate) fn check_file_name(id: &str) -> Result<(), ExportError> {
    let bad = id.is_empty()
        || id == "."
        || id == ".."
        || id.eq_ignore_ascii_case("all")
        || id
            .chars()
            .any(|c| matches!(c, '/' | '\\' | ':') || c.is_control());
    if bad {
        Err(ExportError::UnsafeFileName(id.to_owned()))
    } else {
        Ok(())
    }
}

/// A start or end as the CSV contracts write it: RFC 3339 with the local offset.
pub(crate) fn rfc3339<T: TimeZone>(t: DateTime<T>) -> String
where
    T::Offset: std::fmt::Display,
{
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The instance, duties and roster once checked to agree, with each duty's holders
/// gathered. Every format works from this view, so none can index out of bounds.
pub(crate) struct View<'a> {
    pub(crate) instance: &'a Instance,
    pub(crate) duties: &'a [Duty],
    /// Per duty, its holders without repeats, sorted by practitioner id (the seat
    /// order of `all.ics`).
    holders: BTreeMap<DutyIdx, Vec<PracIdx>>,
    /// The roster's uncovered records, in the order of [`View::duty_key`].
    pub(crate) uncovered: Vec<&'a Uncovered>,
}

impl<'a> View<'a> {
    pub(crate) fn new(
        instance: &'a Instance,
        duties: &'a [Duty],
        roster: &'a Roster,
    ) -> Result<Self, ExportError> {
        let mut seen = BTreeSet::new();
        for (i, d) in duties.iter().enumerate() {
            if d.post.get() >= instance.posts.len() || d.period.get() >= instance.periods.len() {
                return Err(ExportError::UnknownPostOrPeriod { duty: i as u32 });
            }
            if !seen.insert((d.post, d.period, d.date)) {
                return Err(ExportError::DuplicateDuty {
                    post: instance.post(d.post).id.0.clone(),
                    period: instance.period(d.period).id.0.clone(),
                    date: d.date,
                });
            }
        }
        let check_duty = |duty: DutyIdx| {
            if duty.get() < duties.len() {
                Ok(())
            } else {
                Err(ExportError::UnknownDuty {
                    duty: duty.0,
                    count: duties.len(),
                })
            }
        };
        let mut pairs = BTreeSet::new();
        for a in &roster.assignments {
            check_duty(a.duty)?;
            if a.practitioner.get() >= instance.practitioners.len() {
                return Err(ExportError::UnknownPractitioner {
                    practitioner: a.practitioner.0,
                    count: instance.practitioners.len(),
                });
            }
            pairs.insert((a.duty, a.practitioner));
        }
        let mut holders: BTreeMap<DutyIdx, Vec<PracIdx>> = BTreeMap::new();
        for (duty, p) in pairs {
            holders.entry(duty).or_default().push(p);
        }
        for list in holders.values_mut() {
            list.sort_by(|a, b| {
                instance
                    .practitioner(*a)
                    .id
                    .cmp(&instance.practitioner(*b).id)
            });
        }
        for u in &roster.uncovered {
            check_duty(u.duty)?;
        }
        let mut view = View {
            instance,
            duties,
            holders,
            uncovered: Vec::new(),
        };
        let mut uncovered: Vec<&Uncovered> = roster.uncovered.iter().collect();
        uncovered.sort_by(|a, b| view.duty_key(a.duty).cmp(&view.duty_key(b.duty)));
        view.uncovered = uncovered;
        Ok(view)
    }

    pub(crate) fn duty(&self, idx: DutyIdx) -> &'a Duty {
        &self.duties[idx.get()]
    }

    /// The holders of a duty, sorted by practitioner id.
    pub(crate) fn holders(&self, idx: DutyIdx) -> &[PracIdx] {
        self.holders.get(&idx).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every (duty, holder) pair, in output order: start, post, period, date, then
    /// practitioner id.
    pub(crate) fn assignments(&self) -> Vec<(DutyIdx, PracIdx)> {
        let mut out: Vec<(DutyIdx, PracIdx)> = self
            .holders
            .iter()
            .flat_map(|(d, ps)| ps.iter().map(move |p| (*d, *p)))
            .collect();
        // Holders are already in id order within a duty and the sort is stable.
        out.sort_by(|a, b| self.duty_key(a.0).cmp(&self.duty_key(b.0)));
        out
    }

    /// Every duty index, in output order.
    pub(crate) fn duties_in_order(&self) -> Vec<DutyIdx> {
        // Positions, not `Duty::idx`: the roster indexes the slice it was built with.
        let mut out: Vec<DutyIdx> = (0..self.duties.len()).map(|i| DutyIdx(i as u32)).collect();
        out.sort_by(|a, b| self.duty_key(*a).cmp(&self.duty_key(*b)));
        out
    }

    /// The output order of duties: start instant, then post id, period id and date.
    pub(crate) fn duty_key(&self, idx: DutyIdx) -> (DateTime<Utc>, &'a str, &'a str, NaiveDate) {
        let d = self.duty(idx);
        (
            d.start.with_timezone(&Utc),
            self.instance.post(d.post).id.as_str(),
            self.instance.period(d.period).id.as_str(),
            d.date,
        )
    }

    /// How many empty seats of a duty the per-seat outputs show (one event of
    /// `all.ics`, one `NON POURVU` of the grid each): the seats nobody holds, at most
    /// [`crate::roster::shown_empty_seats`] of them. `uncovered.csv` and the summary count them all.
    pub(crate) fn empty_seats(&self, idx: DutyIdx) -> u32 {
        let held = u32::try_from(self.holders(idx).len()).unwrap_or(u32::MAX);
        crate::roster::shown_empty_seats(self.instance, self.duty(idx).demand.saturating_sub(held))
    }
}
