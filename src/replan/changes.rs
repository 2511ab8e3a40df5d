//! The domain of a re-planning: what changed since the publication ([`Changes`]), the
//! policy of the re-planning ([`Policy`]) and the changed instance ([`Changes::apply`]).

use chrono::{Datelike as _, NaiveDate};

use crate::duties::{self, Duty, DutyError};
use crate::instance::{Instance, PeriodIdx, PostIdx, PracIdx, Practitioner, Unavailability};
use crate::model::targets_duty;

use super::is_fixed;

/// Default days over which a change costs more, the sooner it is.
pub const DEFAULT_NOTICE_DAYS: u32 = 14;
/// Default cost of a change on the re-planning date itself, against 1 for a change
/// `notice_days` or more ahead.
pub const DEFAULT_URGENCY: f64 = 3.0;

/// The date from which the roster may change and what a change costs.
///
/// A change is one seat gained or lost by one practitioner (a duty passing from one
/// doctor to another is two). On date `d` it costs
/// `1 + (urgency − 1) × max(0, 1 − (d − from) / notice_days)`: `urgency` on the
/// re-planning date, falling linearly to 1 at `notice_days` days ahead and beyond.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Policy {
    /// Duties dated before this day stay as published.
    pub from: NaiveDate,
    /// Days over which a sooner change costs more (0: every change costs 1).
    pub notice_days: u32,
    /// Cost of a change on `from` itself (≥ 1).
    pub urgency: f64,
}

impl Policy {
    /// A policy from `from` with the default costs.
    pub fn new(from: NaiveDate) -> Self {
        Policy {
            from,
            notice_days: DEFAULT_NOTICE_DAYS,
            urgency: DEFAULT_URGENCY,
        }
    }

    /// The cost of one change on a duty of this date (0 before `from`: those duties
    /// are fixed).
    pub fn cost(&self, date: NaiveDate) -> f64 {
        let days = (date - self.from).num_days();
        if days < 0 {
            return 0.0;
        }
        if self.notice_days == 0 {
            return 1.0;
        }
        let left = (1.0 - days as f64 / f64::from(self.notice_days)).max(0.0);
        1.0 + (self.urgency - 1.0) * left
    }
}

/// Which duties a new unavailability is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Every duty overlapping these local days.
    Dates(NaiveDate, NaiveDate),
    /// One duty.
    Duty(PostIdx, PeriodIdx, NaiveDate),
}

/// A practitioner who joins from a date.
#[derive(Clone, Debug)]
pub struct Joiner {
    /// The practitioner, as the instance would hold them.
    pub practitioner: Practitioner,
    /// The first date they may be on duty.
    pub from: NaiveDate,
}

/// A post's demand from one date to another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemandChange {
    /// The post.
    pub post: PostIdx,
    /// The period, or every period of the post.
    pub period: Option<PeriodIdx>,
    /// First date.
    pub from: NaiveDate,
    /// Last date.
    pub to: NaiveDate,
    /// People at once (0: no seat).
    pub demand: u32,
}

/// What changed since the publication.
#[derive(Clone, Debug, Default)]
pub struct Changes {
    /// The re-planning date, when the file gives it.
    pub from: Option<NaiveDate>,
    /// Days over which a change costs more, when given.
    pub notice_days: Option<u32>,
    /// Cost of a change on the re-planning date, when given.
    pub urgency: Option<f64>,
    /// New unavailabilities.
    pub unavailable: Vec<(PracIdx, Target)>,
    /// Practitioners leaving, each with the first date they are gone.
    pub leave: Vec<(PracIdx, NaiveDate)>,
    /// Practitioners joining.
    pub join: Vec<Joiner>,
    /// Demand changes.
    pub demand: Vec<DemandChange>,
}

impl Changes {
    /// Adds the changes of another source (command-line options after a file).
    pub fn extend(&mut self, other: Changes) {
        self.from = other.from.or(self.from);
        self.notice_days = other.notice_days.or(self.notice_days);
        self.urgency = other.urgency.or(self.urgency);
        self.unavailable.extend(other.unavailable);
        self.leave.extend(other.leave);
        self.join.extend(other.join);
        self.demand.extend(other.demand);
    }

    /// The instance to solve: `instance` with the changes, each applied to the duties
    /// dated on or after `from` only (a duty before is fixed as published, whoever
    /// holds it). New unavailabilities and departures become one unavailability per
    /// duty they cover, so that a night starting the evening before `from` is not
    /// touched; newcomers are added at the end, unavailable before their first date.
    ///
    /// # Errors
    /// [`DutyError`] when the changed calendar cannot be expanded.
    pub fn apply(&self, instance: &Instance, from: NaiveDate) -> Result<Instance, DutyError> {
        let mut changed = instance.clone();
        for d in &self.demand {
            let post = &mut changed.posts[d.post.get()];
            let periods: Vec<PeriodIdx> = match d.period {
                Some(p) => vec![p],
                None => post.demand.keys().copied().collect(),
            };
            let bundled = post.weekend_bundle;
            let mut date = d.from.max(from);
            while date <= d.to {
                // The Sunday of a bundled weekend whose Saturday is fixed stays too.
                let fixed_sunday = bundled
                    && date.weekday() == chrono::Weekday::Sun
                    && date.pred_opt().is_some_and(|sat| sat < from);
                for &p in periods.iter().filter(|_| !fixed_sunday) {
                    post.demand_on.insert((date, p), d.demand);
                }
                let Some(next) = date.succ_opt() else { break };
                date = next;
            }
        }
        let duties = duties::expand(&changed)?;
        let mut off = |p: PracIdx, covers: &dyn Fn(&Duty) -> bool| {
            let prac = &changed.practitioners[p.get()];
            let extra: Vec<Unavailability> = duties
                .iter()
                .filter(|d| {
                    !is_fixed(instance, d, from) && prac.posts.contains(&d.post) && covers(d)
                })
                .map(|d| Unavailability::Duty {
                    post: d.post,
                    period: d.period,
                    date: d.date,
                })
                .collect();
            changed.practitioners[p.get()].unavailable.extend(extra);
        };
        for (p, target) in &self.unavailable {
            match *target {
                Target::Dates(a, b) => {
                    let range = Unavailability::Dates { from: a, to: b };
                    off(*p, &|d: &Duty| targets_duty(instance, &range, d));
                }
                Target::Duty(post, period, date) => {
                    off(*p, &|d: &Duty| {
                        d.post == post && d.period == period && d.date == date
                    });
                }
            }
        }
        for &(p, gone) in &self.leave {
            let range = Unavailability::Dates {
                from: gone,
                to: instance.horizon.last,
            };
            off(p, &|d: &Duty| targets_duty(instance, &range, d));
        }
        for j in &self.join {
            changed.practitioners.push(j.practitioner.clone());
        }
        Ok(changed)
    }
}
