//! The published roster and the re-planning's policy ([`Baseline`]), and what changed
//! from it to a new roster ([`Diff`]), counted from the two rosters alone.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::duties::Duty;
use crate::instance::Instance;
use crate::model::Stability;
use crate::roster::{Resolver, RosterRecord};

use super::changes::Policy;
use super::is_fixed;
use super::labels as fr;

/// A seat of one duty, held by one practitioner, named as in `assignments.csv`.
type Key = (NaiveDate, String, String, String);

/// The published roster and the policy of the re-planning.
#[derive(Clone, Debug)]
pub struct Baseline {
    /// The published `assignments.csv`.
    pub published: Vec<RosterRecord>,
    /// The date and costs.
    pub policy: Policy,
}

/// One seat gained or lost by one practitioner.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Change {
    /// The duty's date.
    pub date: NaiveDate,
    /// The post id.
    pub post: String,
    /// The period id.
    pub period: String,
    /// The practitioner id.
    pub practitioner: String,
    /// What the change costs under the policy (0 for a fixed duty).
    pub cost: f64,
}

/// What changed between the published roster and a new one, counted from the two
/// rosters alone (ids and dates as text, never the model's indices).
#[derive(Clone, Debug, PartialEq)]
pub struct Diff {
    /// The policy's date.
    pub from: NaiveDate,
    /// Seats of the published roster not in the new one, by date, post, period,
    /// practitioner.
    pub lost: Vec<Change>,
    /// Seats of the new roster not in the published one, same order.
    pub gained: Vec<Change>,
    /// The weighted count: the changes level's value.
    pub cost: f64,
    /// Seats in both rosters.
    pub kept: usize,
}

impl Diff {
    /// The changes to duties dated before the policy's date, which must not change,
    /// in French; `None` when there are none.
    pub fn fixed_changed(&self) -> Option<String> {
        let bad: Vec<String> = self
            .lost
            .iter()
            .map(|c| (c, fr::REMOVED))
            .chain(self.gained.iter().map(|c| (c, fr::ADDED)))
            .filter(|(c, _)| c.date < self.from)
            .map(|(c, what)| fr::changed_seat(c.date, &c.post, &c.period, &c.practitioner, what))
            .collect();
        (!bad.is_empty()).then(|| fr::fixed_changed(self.from, &bad))
    }

    /// The duties whose holders changed: (date, post, period) → (holders before,
    /// holders after), ids sorted.
    pub fn duties(
        &self,
        published: &[RosterRecord],
    ) -> BTreeMap<(NaiveDate, String, String), DutyChange> {
        let mut out: BTreeMap<(NaiveDate, String, String), DutyChange> = BTreeMap::new();
        for c in self.lost.iter().chain(&self.gained) {
            out.entry((c.date, c.post.clone(), c.period.clone()))
                .or_default();
        }
        let mut before: BTreeMap<(NaiveDate, String, String), BTreeSet<String>> = BTreeMap::new();
        for r in published {
            let key = (r.date, r.post.clone(), r.period.clone());
            if out.contains_key(&key) {
                before
                    .entry(key)
                    .or_default()
                    .insert(r.practitioner_id.clone());
            }
        }
        for (key, change) in &mut out {
            let b = before.remove(key).unwrap_or_default();
            let lost: BTreeSet<&String> = self
                .lost
                .iter()
                .filter(|c| (c.date, &c.post, &c.period) == (key.0, &key.1, &key.2))
                .map(|c| &c.practitioner)
                .collect();
            let mut after: BTreeSet<String> =
                b.iter().filter(|p| !lost.contains(p)).cloned().collect();
            for c in &self.gained {
                if (c.date, &c.post, &c.period) == (key.0, &key.1, &key.2) {
                    after.insert(c.practitioner.clone());
                }
            }
            change.before = b.into_iter().collect();
            change.after = after.into_iter().collect();
        }
        out
    }
}

/// The holders of one duty before and after.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DutyChange {
    /// Published holders, ids sorted.
    pub before: Vec<String>,
    /// New holders, ids sorted.
    pub after: Vec<String>,
}

impl Baseline {
    /// The published seats as keys.
    fn keys(records: &[RosterRecord]) -> BTreeSet<Key> {
        records
            .iter()
            .map(|r| {
                (
                    r.date,
                    r.post.clone(),
                    r.period.clone(),
                    r.practitioner_id.clone(),
                )
            })
            .collect()
    }

    /// The model's view: the published seats on the current duties, and each duty's
    /// cost of a change. Seats naming a duty or a practitioner the instance no longer
    /// has are left out (their loss is counted by [`Baseline::diff`], and the model
    /// counts it as a seat no binary can keep).
    pub fn stability(&self, instance: &Instance, duties: &[Duty]) -> Stability {
        let resolver = Resolver::new(instance, duties);
        let mut gone = 0.0;
        let published = self
            .published
            .iter()
            .filter_map(|r| {
                let found = resolver.assignment(r);
                if found.is_none() {
                    gone += self.policy.cost(r.date);
                }
                found.map(|a| (a.duty, a.practitioner))
            })
            .collect();
        Stability {
            fixed_before: self.policy.from,
            published,
            cost: duties.iter().map(|d| self.policy.cost(d.date)).collect(),
            gone,
        }
    }

    /// What changed from the published roster to `new`.
    pub fn diff(&self, new: &[RosterRecord]) -> Diff {
        let before = Self::keys(&self.published);
        let after = Self::keys(new);
        let change = |k: &Key| Change {
            date: k.0,
            post: k.1.clone(),
            period: k.2.clone(),
            practitioner: k.3.clone(),
            cost: self.policy.cost(k.0),
        };
        let lost: Vec<Change> = before.difference(&after).map(change).collect();
        let gained: Vec<Change> = after.difference(&before).map(change).collect();
        let cost = lost.iter().chain(&gained).map(|c| c.cost).sum();
        Diff {
            from: self.policy.from,
            lost,
            gained,
            cost,
            kept: before.intersection(&after).count(),
        }
    }

    /// The published roster as a MIP start on `duties`: every seat a practitioner may
    /// still hold (eligible under the changed instance), the others dropped.
    pub fn start(&self, instance: &Instance, duties: &[Duty]) -> crate::roster::Roster {
        let s = self.stability(instance, duties);
        let mut assignments: Vec<crate::roster::Assignment> = s
            .published
            .iter()
            .filter(|&&(d, p)| crate::model::eligible(instance, p, &duties[d.get()]))
            .map(|&(duty, practitioner)| crate::roster::Assignment { duty, practitioner })
            .collect();
        assignments.sort();
        crate::roster::Roster {
            assignments,
            uncovered: Vec::new(),
        }
    }
}

impl Baseline {
    /// Published seats of fixed duties that the changed instance cannot keep (a duty
    /// gone, a practitioner gone or no longer eligible), in French; `None` when every
    /// fixed seat can stay.
    pub fn fixed_problems(&self, instance: &Instance, duties: &[Duty]) -> Option<String> {
        let resolver = Resolver::new(instance, duties);
        let mut bad = Vec::new();
        for r in &self.published {
            let duty = resolver
                .duty(r.date, &r.post, &r.period)
                .map(|d| &duties[d.get()]);
            let fixed = match duty {
                Some(d) => is_fixed(instance, d, self.policy.from),
                None => r.date < self.policy.from,
            };
            if !fixed {
                continue;
            }
            let prac = resolver.practitioner(&r.practitioner_id);
            let why = match (duty, prac) {
                (None, _) => fr::DUTY_GONE,
                (_, None) => fr::PRACTITIONER_GONE,
                (Some(d), Some(p)) if !crate::model::eligible(instance, p, d) => fr::NOT_ELIGIBLE,
                _ => continue,
            };
            bad.push(fr::fixed_problem(
                r.line,
                r.date,
                &r.post,
                &r.period,
                &r.practitioner_id,
                why,
            ));
        }
        (!bad.is_empty()).then(|| fr::fixed_problems(self.policy.from, &bad))
    }
}
