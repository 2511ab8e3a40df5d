//! The roster (*tableau de garde*): who holds which duty, and which seats stay empty.
//!
//! Two forms. [`Roster`] is typed (dense indices) and comes from the solver.
//! [`RosterRecord`] is what a CSV holds, ids as text, so that the checker can verify a
//! hand-made roster and report an unknown practitioner or post as a violation rather
//! than fail to load it. [`Roster::records`] turns the first into the second, and
//! [`Resolver`] (or [`resolve`], for a whole roster) the second into the first.
//!
//! This module decides nothing: it holds and converts.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::check::Violation;
use crate::duties::{Duty, DutyIdx, DutyIndex};
use crate::instance::{Instance, PeriodIdx, PostIdx, PracIdx};

/// One row of `assignments.csv`, ids as text: defined beside its reader
/// ([`crate::check::read_roster_csv`]), named here too.
pub use crate::check::RosterRecord;

/// One person on one duty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Assignment {
    /// The duty.
    pub duty: DutyIdx,
    /// Who holds it.
    pub practitioner: PracIdx,
}

/// Why a duty keeps empty seats, in the coordinator's terms.
#[derive(Clone, Debug, PartialEq)]
pub enum UncoveredReason {
    /// No practitioner serves this post with the required qualifications.
    NobodyQualified,
    /// Every qualified practitioner is unavailable for this duty.
    AllUnavailable,
    /// Qualified and available practitioners exist, but each is held back by a rule;
    /// `binding` says which kind of rule holds them all back, `held_back` lists them
    /// with the rules (`crate::labels::export::uncovered_reason` words it:
    /// `d03 : déjà de garde ; d05 : maximum par mois`).
    RulesBind {
        /// The kind of rule that binds, across every candidate.
        binding: Binding,
        /// Each qualified, available candidate with what holds them back, in instance
        /// order.
        held_back: Vec<Candidate>,
    },
}

/// A qualified, available practitioner not on a duty with empty seats, or on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Who.
    pub practitioner: PracIdx,
    /// The duties they would take on: the duty, or the part of its bundle they lack.
    pub added: Vec<DutyIdx>,
    /// The rules that adding them to the duty (with its bundle) would break in this
    /// very roster; `None` when they already hold the duty.
    pub obstacles: Option<Vec<Violation>>,
}

/// Which kind of rule keeps every qualified, available practitioner off a duty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Binding {
    /// Each is at a maximum (per week, month, horizon, weekends, period, minutes or
    /// consecutive days).
    Maxima,
    /// Each would break a rest, spacing, two-nights or succession rule.
    RestOrSpacing,
    /// Each is already on duty elsewhere at the same time.
    AlreadyOnDuty,
    /// Each is kept off by the rest of a bundled weekend (unavailable or full).
    Bundle,
    /// Candidates are held back by different kinds of rules.
    Mixed,
}

/// A duty with fewer people than its demand.
#[derive(Clone, Debug, PartialEq)]
pub struct Uncovered {
    /// The duty.
    pub duty: DutyIdx,
    /// How many seats stay empty.
    pub missing: u32,
    /// Why.
    pub reason: UncoveredReason,
}

/// A roster over an instance's duties.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Roster {
    /// Sorted by duty (start, then post), then practitioner.
    pub assignments: Vec<Assignment>,
    /// Sorted by duty.
    pub uncovered: Vec<Uncovered>,
}

impl Roster {
    /// The rows of `assignments.csv`, in its order.
    pub fn records(&self, instance: &Instance, duties: &[Duty]) -> Vec<RosterRecord> {
        self.assignments
            .iter()
            .map(|a| {
                let d = &duties[a.duty.get()];
                RosterRecord {
                    line: 0,
                    date: d.date,
                    post: instance.post(d.post).id.0.clone(),
                    period: instance.period(d.period).id.0.clone(),
                    start: Some(d.start.fixed_offset()),
                    end: Some(d.end.fixed_offset()),
                    practitioner_id: instance.practitioner(a.practitioner).id.0.clone(),
                }
            })
            .collect()
    }

    /// The practitioners on a duty, in index order.
    pub fn holders(&self, duty: DutyIdx) -> impl Iterator<Item = PracIdx> + '_ {
        let from = self.assignments.partition_point(|a| a.duty < duty);
        self.assignments[from..]
            .iter()
            .take_while(move |a| a.duty == duty)
            .map(|a| a.practitioner)
    }

    /// A compact text table, one line per assignment (`2027-01-04 nuit mende d01`) and
    /// one per empty seat (`... -`), for tests and logs.
    pub fn as_table(&self, instance: &Instance, duties: &[Duty]) -> String {
        let mut lines: Vec<(DutyIdx, String)> = Vec::new();
        for a in &self.assignments {
            let d = &duties[a.duty.get()];
            lines.push((
                a.duty,
                format!(
                    "{} {} {} {}",
                    d.date,
                    instance.period(d.period).id,
                    instance.post(d.post).id,
                    instance.practitioner(a.practitioner).id
                ),
            ));
        }
        for u in &self.uncovered {
            let d = &duties[u.duty.get()];
            for _ in 0..u.missing {
                lines.push((
                    u.duty,
                    format!(
                        "{} {} {} -",
                        d.date,
                        instance.period(d.period).id,
                        instance.post(d.post).id
                    ),
                ));
            }
        }
        lines.sort();
        let mut out = String::new();
        for (_, l) in lines {
            let _ = writeln!(out, "{l}");
        }
        out
    }
}

/// The empty seats of a duty that an output showing one item per seat shows (an event
/// of `all.ics`, a `NON POURVU` of the grids): at most as many as the instance has
/// practitioners, so that a demand far above them (a typo, which validation warns
/// about) does not write millions of them. `uncovered.csv` and the summary count every
/// seat.
pub fn shown_empty_seats(instance: &Instance, empty: u32) -> u32 {
    let people = u32::try_from(instance.practitioners.len()).unwrap_or(u32::MAX);
    empty.min(people.max(1))
}

/// The duties and practitioners that a roster's rows name by id, found by map look-ups
/// (one per row, not a scan of the duties): the one place where a roster read from a
/// file meets the instance's duties.
pub struct Resolver<'a> {
    duties: DutyIndex<'a>,
    practitioners: BTreeMap<&'a str, PracIdx>,
}

impl<'a> Resolver<'a> {
    /// The look-ups over `duties`, the duties of `instance`.
    pub fn new(instance: &'a Instance, duties: &[Duty]) -> Self {
        Resolver {
            duties: DutyIndex::new(instance, duties),
            practitioners: instance
                .practitioners
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), PracIdx(i as u32)))
                .collect(),
        }
    }

    /// The duty of this post and period on this date.
    pub fn duty_at(&self, post: PostIdx, period: PeriodIdx, date: NaiveDate) -> Option<DutyIdx> {
        self.duties.duty_at(post, period, date)
    }

    /// The duty of the post and period of these ids on this date.
    pub fn duty(&self, date: NaiveDate, post: &str, period: &str) -> Option<DutyIdx> {
        self.duties.duty(date, post, period)
    }

    /// The practitioner of this id.
    pub fn practitioner(&self, id: &str) -> Option<PracIdx> {
        self.practitioners.get(id).copied()
    }

    /// The assignment a row names, when its duty and practitioner are the instance's.
    pub fn assignment(&self, record: &RosterRecord) -> Option<Assignment> {
        Some(Assignment {
            duty: self.duty(record.date, &record.post, &record.period)?,
            practitioner: self.practitioner(&record.practitioner_id)?,
        })
    }
}

/// A roster read from its rows ([`resolve`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// The assignments of the rows that name a duty and a practitioner of the instance,
    /// sorted, each once; no empty seats (`explain::explain_uncovered` gives them).
    pub roster: Roster,
    /// How many rows name a duty or a practitioner the instance does not have (the
    /// checker reports them as violations).
    pub unknown: usize,
}

/// The roster that `records` name over `duties`, the duties of `instance`.
pub fn resolve(instance: &Instance, duties: &[Duty], records: &[RosterRecord]) -> Resolved {
    let resolver = Resolver::new(instance, duties);
    let mut unknown = 0;
    let mut assignments: Vec<Assignment> = records
        .iter()
        .filter_map(|r| {
            let a = resolver.assignment(r);
            unknown += usize::from(a.is_none());
            a
        })
        .collect();
    assignments.sort();
    assignments.dedup();
    Resolved {
        roster: Roster {
            assignments,
            uncovered: Vec::new(),
        },
        unknown,
    }
}
