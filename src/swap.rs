//! Exchanges between two practitioners on a published roster (`gardes swap`): one gives
//! duties, the other takes them and may give some back; the result is checked against
//! every rule by the independent checker before anything is applied.
//!
//! A seat is named `PRACTITIONER:DATE:PERIOD:POST` (`d07:2027-02-13:nuit:mende`), the
//! practitioner being the one who holds it now. `--give` names the seats the first
//! practitioner hands over, `--take` the seats of the second that come back in
//! exchange, `--to` the receiver of a one-way handover (a replacement). A seat of a
//! bundled weekend carries the rest of that weekend with it (the post's weekend is held
//! by one person). Everything works on the roster's rows as text, like the checker.
//! Its French account (`swap.md`) is written by `report::swap`.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::check::{self, CheckReport};
use crate::duties::Duty;
use crate::instance::Instance;
use crate::roster::RosterRecord;

/// One seat, named by who holds it now.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seat {
    /// The holder's id.
    pub practitioner: String,
    /// The duty's date.
    pub date: NaiveDate,
    /// The period id.
    pub period: String,
    /// The post id.
    pub post: String,
}

impl Seat {
    /// Reads `PRACTITIONER:DATE:PERIOD:POST`.
    ///
    /// # Errors
    /// A [`SeatError`] saying what was expected (worded by `labels::swap`).
    pub fn parse(text: &str) -> Result<Seat, SeatError> {
        let parts: Vec<&str> = text.split(':').collect();
        let [practitioner, date, period, post] = parts[..] else {
            return Err(SeatError::Shape(text.to_owned()));
        };
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| SeatError::Date {
            text: text.to_owned(),
            date: date.to_owned(),
        })?;
        if [practitioner, period, post].iter().any(|s| s.is_empty()) {
            return Err(SeatError::Empty(text.to_owned()));
        }
        Ok(Seat {
            practitioner: practitioner.to_owned(),
            date,
            period: period.to_owned(),
            post: post.to_owned(),
        })
    }
}

/// Why a seat's text cannot be read. Its French text (`Display`) is written by
/// `labels::swap`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SeatError {
    /// The text (given) is not four fields separated by `:`.
    Shape(String),
    /// The date field of the text cannot be read.
    Date {
        /// The whole text.
        text: String,
        /// Its date field.
        date: String,
    },
    /// The text (given) has an empty field.
    Empty(String),
}

impl std::error::Error for SeatError {}

impl std::fmt::Display for Seat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}:{}",
            self.practitioner, self.date, self.period, self.post
        )
    }
}

/// The exchange asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Swap {
    /// Seats the first practitioner gives (all theirs).
    pub give: Vec<Seat>,
    /// Seats of the second practitioner that go to the first in exchange.
    pub take: Vec<Seat>,
    /// The receiver of a one-way handover, when nothing is taken back.
    pub to: Option<String>,
}

/// Why an exchange cannot be made. Its French text (`Display`) is written by
/// `labels::swap`.
#[derive(Debug)]
pub enum SwapError {
    /// The request itself is wrong (unknown id, a seat not held, no receiver...).
    Request(RequestProblem),
    /// The roster before the exchange already breaks rules: the checker's report.
    InvalidBefore(Box<CheckReport>),
    /// The exchange breaks rules: nothing is applied; the checker's report on the
    /// roster after it.
    Breaks(Box<CheckReport>),
}

impl std::error::Error for SwapError {}

/// What is wrong with an exchange asked for (worded by `labels::swap`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestProblem {
    /// No `--give`.
    NothingGiven,
    /// Both `--to` and `--take`.
    ToAndTake,
    /// Neither `--to` nor `--take`.
    NoReceiver,
    /// A practitioner id the instance does not know.
    UnknownPractitioner(String),
    /// The giver (given) would exchange with themself.
    WithSelf(String),
    /// A seat given that is not the giver's.
    GiveOtherHolder {
        /// The seat.
        seat: Seat,
        /// The giver (holder of the first seat given).
        giver: String,
    },
    /// A seat taken back that is not the receiver's.
    TakeOtherHolder {
        /// The seat.
        seat: Seat,
        /// The receiver.
        receiver: String,
    },
    /// No duty on that day for that post and period.
    NoDuty(Seat),
    /// The practitioner does not hold that duty.
    NotHeld {
        /// The seat named.
        seat: Seat,
        /// Who should hold it.
        holder: String,
    },
    /// The practitioner who should receive it already holds it.
    AlreadyHeld {
        /// The seat named.
        seat: Seat,
        /// Who would receive it.
        holder: String,
    },
}

/// One seat that changes hands.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Move {
    /// The duty's date.
    pub date: NaiveDate,
    /// The post id.
    pub post: String,
    /// The period id.
    pub period: String,
    /// Who held it.
    pub from: String,
    /// Who holds it now.
    pub to: String,
    /// Whether it was added because it belongs to a bundled weekend named.
    pub bundled: bool,
}

/// An exchange applied and checked.
#[derive(Clone, Debug)]
pub struct Applied {
    /// The roster after the exchange, in the order of the one before.
    pub records: Vec<RosterRecord>,
    /// The seats that changed hands, by date.
    pub moves: Vec<Move>,
    /// The checker's report before.
    pub before: CheckReport,
    /// The checker's report after (valid).
    pub after: CheckReport,
}

/// Applies `swap` to the roster `records` of `instance` (whose duties are `duties`)
/// and checks the result.
///
/// # Errors
/// [`SwapError::Request`] for a request that does not fit the roster,
/// [`SwapError::InvalidBefore`] when the roster already breaks rules, and
/// [`SwapError::Breaks`] with the checker's findings when the exchange would break
/// some.
pub fn apply(
    instance: &Instance,
    duties: &[Duty],
    records: &[RosterRecord],
    swap: &Swap,
) -> Result<Applied, SwapError> {
    apply_with(instance, duties, records, swap, None)
}

/// [`apply`] with the checker's report on `records` already made (`before`), for a
/// caller that tries many exchanges on one roster (the workspace's candidates for a
/// seat): the same verdict, one check fewer each.
///
/// # Errors
/// As [`apply`].
pub fn apply_checked(
    instance: &Instance,
    duties: &[Duty],
    records: &[RosterRecord],
    swap: &Swap,
    before: &CheckReport,
) -> Result<Applied, SwapError> {
    apply_with(instance, duties, records, swap, Some(before))
}

fn apply_with(
    instance: &Instance,
    duties: &[Duty],
    records: &[RosterRecord],
    swap: &Swap,
    before: Option<&CheckReport>,
) -> Result<Applied, SwapError> {
    let request = SwapError::Request;
    let known = |id: &str| instance.practitioners.iter().any(|p| p.id.0 == id);
    let Some(first) = swap.give.first() else {
        return Err(request(RequestProblem::NothingGiven));
    };
    let giver = first.practitioner.clone();
    let receiver = match (&swap.to, swap.take.first()) {
        (Some(_), Some(_)) => return Err(request(RequestProblem::ToAndTake)),
        (Some(to), None) => to.clone(),
        (None, Some(t)) => t.practitioner.clone(),
        (None, None) => return Err(request(RequestProblem::NoReceiver)),
    };
    for id in [&giver, &receiver] {
        if !known(id) {
            return Err(request(RequestProblem::UnknownPractitioner(id.clone())));
        }
    }
    if giver == receiver {
        return Err(request(RequestProblem::WithSelf(giver)));
    }
    for s in &swap.give {
        if s.practitioner != giver {
            return Err(request(RequestProblem::GiveOtherHolder {
                seat: s.clone(),
                giver,
            }));
        }
    }
    for s in &swap.take {
        if s.practitioner != receiver {
            return Err(request(RequestProblem::TakeOtherHolder {
                seat: s.clone(),
                receiver,
            }));
        }
    }
    let before = before.map_or_else(|| check::check(instance, duties, records), Clone::clone);
    if !before.is_valid() {
        return Err(SwapError::InvalidBefore(Box::new(before)));
    }

    // Each seat named, with the rest of its bundled weekend.
    let resolver = crate::roster::Resolver::new(instance, duties);
    let duty_of = |s: &Seat| {
        resolver
            .duty(s.date, &s.post, &s.period)
            .map(|d| &duties[d.get()])
    };
    let held = |who: &str, d: &Duty| {
        records.iter().position(|r| {
            r.practitioner_id == who
                && r.date == d.date
                && r.post == instance.post(d.post).id.0
                && r.period == instance.period(d.period).id.0
        })
    };
    let mut moves: BTreeMap<usize, Move> = BTreeMap::new();
    for (seats, from, to) in [
        (&swap.give, &giver, &receiver),
        (&swap.take, &receiver, &giver),
    ] {
        for s in seats {
            let duty = duty_of(s).ok_or_else(|| request(RequestProblem::NoDuty(s.clone())))?;
            let mut group: Vec<(&Duty, bool)> = vec![(duty, false)];
            if let (true, Some(sat)) = (instance.post(duty.post).weekend_bundle, duty.weekend) {
                for d in duties
                    .iter()
                    .filter(|d| d.post == duty.post && d.weekend == Some(sat) && d.idx != duty.idx)
                {
                    group.push((d, true));
                }
            }
            for (d, bundled) in group {
                let Some(row) = held(from, d) else {
                    if bundled {
                        continue;
                    }
                    return Err(request(RequestProblem::NotHeld {
                        seat: s.clone(),
                        holder: from.clone(),
                    }));
                };
                if held(to, d).is_some() {
                    return Err(request(RequestProblem::AlreadyHeld {
                        seat: s.clone(),
                        holder: to.clone(),
                    }));
                }
                moves.entry(row).or_insert(Move {
                    date: d.date,
                    post: instance.post(d.post).id.0.clone(),
                    period: instance.period(d.period).id.0.clone(),
                    from: from.clone(),
                    to: to.clone(),
                    bundled,
                });
            }
        }
    }
    let mut after_records = records.to_vec();
    for (&row, m) in &moves {
        after_records[row].practitioner_id = m.to.clone();
    }
    let after = check::check(instance, duties, &after_records);
    if !after.is_valid() {
        return Err(SwapError::Breaks(Box::new(after)));
    }
    let mut moves: Vec<Move> = moves.into_values().collect();
    moves.sort();
    Ok(Applied {
        records: after_records,
        moves,
        before,
        after,
    })
}

/// The roster rows as a typed roster over `duties`, for the exports (every row must
/// name a duty and a practitioner of the instance: a checked roster does).
pub fn roster_of(
    instance: &Instance,
    duties: &[Duty],
    records: &[RosterRecord],
) -> Option<crate::roster::Roster> {
    let resolved = crate::roster::resolve(instance, duties, records);
    if resolved.unknown > 0 {
        return None;
    }
    let mut roster = resolved.roster;
    roster.uncovered = crate::explain::explain_uncovered(instance, duties, &roster);
    Some(roster)
}
