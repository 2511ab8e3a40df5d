//! Re-planning a published roster: what changed in the world (an illness, a departure,
//! a newcomer, a post's demand), applied to the instance from a date on, and the new
//! roster that changes the published one as little as possible.
//!
//! The pieces:
//! - [`Changes`]: the changes, read from a small TOML file ([`Changes::parse`], every
//!   problem located by line and column) or from command-line options, and
//!   [`Changes::apply`], which turns them into the instance to solve. A change only
//!   touches duties dated on or after the re-planning date: the past and the duties
//!   before that date stay as published, even for a doctor now ill.
//! - [`Policy`]: that date and what one change costs (more when sooner).
//! - [`Baseline`]: the published roster with its policy; `plan::plan_with` fixes the
//!   duties before the date and adds the changes level (`model::build_with`), and
//!   [`Baseline::diff`] recounts the changes from the two rosters alone, as the
//!   independent checker does for every other level.
//! - [`Diff`]: the seats lost and gained per practitioner, `changes.csv`
//!   ([`changes_csv`]) and the French summary ([`summary_markdown`]).
//!
//! Nothing here reads a clock or writes a file.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;

use chrono::{Datelike as _, NaiveDate};
use serde::Deserialize;
use toml::Spanned;

use crate::duties::{self, Duty, DutyError, DutyIdx};
use crate::instance::{Diagnostic, Diagnostics};
use crate::instance::{
    Instance, Limits, PeriodIdx, PostIdx, PracIdx, Practitioner, PractitionerId, Unavailability,
};
use crate::labels::report::dates_text;
use crate::model::{targets_duty, Stability};
use crate::roster::RosterRecord;

/// Default days over which a change costs more, the sooner it is.
pub const DEFAULT_NOTICE_DAYS: u32 = 14;
/// Default cost of a change on the re-planning date itself, against 1 for a change
/// `notice_days` or more ahead.
pub const DEFAULT_URGENCY: f64 = 3.0;

/// Codes of the problems of a changes file.
pub mod codes {
    /// TOML syntax, a wrong type or an unknown key.
    pub const SYNTAX: &str = "gardes::replan::syntax";
    /// A practitioner id the instance does not have.
    pub const UNKNOWN_PRACTITIONER: &str = "gardes::replan::unknown_practitioner";
    /// A post id the instance does not have.
    pub const UNKNOWN_POST: &str = "gardes::replan::unknown_post";
    /// A period id the instance or the post does not have.
    pub const UNKNOWN_PERIOD: &str = "gardes::replan::unknown_period";
    /// A date outside the horizon, or a range ending before it starts.
    pub const INVALID_DATE: &str = "gardes::replan::invalid_date";
    /// A newcomer's id already taken, or not usable as a file name.
    pub const INVALID_ID: &str = "gardes::replan::invalid_id";
    /// A number out of its range (share, demand, notice days, urgency).
    pub const INVALID_NUMBER: &str = "gardes::replan::invalid_number";
    /// A newcomer's profession that a post of theirs does not admit.
    pub const PROFESSION_MISMATCH: &str = "gardes::replan::profession_mismatch";
}

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
            .map(|c| (c, "retiré"))
            .chain(self.gained.iter().map(|c| (c, "ajouté")))
            .filter(|(c, _)| c.date < self.from)
            .map(|(c, what)| {
                format!(
                    "{} {} {} : {} {what}",
                    c.date, c.post, c.period, c.practitioner
                )
            })
            .collect();
        (!bad.is_empty()).then(|| {
            format!(
                "des gardes antérieures au {} ont changé (elles devaient rester figées) : {}",
                self.from,
                bad.join(" ; ")
            )
        })
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
        let by_key: BTreeMap<(NaiveDate, &str, &str), DutyIdx> = duties
            .iter()
            .map(|d| {
                (
                    (
                        d.date,
                        instance.post(d.post).id.0.as_str(),
                        instance.period(d.period).id.0.as_str(),
                    ),
                    d.idx,
                )
            })
            .collect();
        let by_id: BTreeMap<&str, PracIdx> = instance
            .practitioners
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.0.as_str(), PracIdx(i as u32)))
            .collect();
        let mut gone = 0.0;
        let published = self
            .published
            .iter()
            .filter_map(|r| {
                let found = by_key
                    .get(&(r.date, r.post.as_str(), r.period.as_str()))
                    .zip(by_id.get(r.practitioner_id.as_str()));
                if found.is_none() {
                    gone += self.policy.cost(r.date);
                }
                found.map(|(d, p)| (*d, *p))
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

/// The changes file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChanges {
    from: Option<Spanned<toml::value::Datetime>>,
    notice_days: Option<Spanned<i64>>,
    urgency: Option<Spanned<f64>>,
    #[serde(default)]
    unavailable: Vec<RawUnavailable>,
    #[serde(default)]
    leave: Vec<RawLeave>,
    #[serde(default)]
    join: Vec<RawJoin>,
    #[serde(default)]
    demand: Vec<RawDemand>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnavailable {
    practitioner: Spanned<String>,
    from: Option<Spanned<toml::value::Datetime>>,
    to: Option<Spanned<toml::value::Datetime>>,
    date: Option<Spanned<toml::value::Datetime>>,
    post: Option<Spanned<String>>,
    period: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLeave {
    practitioner: Spanned<String>,
    from: Spanned<toml::value::Datetime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJoin {
    id: Spanned<String>,
    name: Spanned<String>,
    from: Option<Spanned<toml::value::Datetime>>,
    posts: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    qualifications: Vec<Spanned<String>>,
    share: Option<Spanned<f64>>,
    profession: Option<Spanned<String>>,
    email: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDemand {
    post: Spanned<String>,
    period: Option<Spanned<String>>,
    from: Spanned<toml::value::Datetime>,
    to: Option<Spanned<toml::value::Datetime>>,
    demand: Spanned<i64>,
}

/// Collects the problems of a changes file, located.
struct Problems<'a> {
    file: &'a str,
    text: &'a str,
    found: Vec<Diagnostic>,
}

impl Problems<'_> {
    fn push(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        message: String,
        help: Option<String>,
    ) {
        self.found.push(Diagnostic::at(
            code, self.file, self.text, span, message, help,
        ));
    }

    /// A date value (no time, no offset) inside the horizon.
    fn date(
        &mut self,
        instance: &Instance,
        v: &Spanned<toml::value::Datetime>,
        what: &str,
    ) -> Option<NaiveDate> {
        let span = v.span();
        let value = v.get_ref();
        let date = match (value.date, value.time, value.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }
            _ => None,
        };
        let Some(date) = date else {
            self.push(
                codes::INVALID_DATE,
                span,
                format!("{what} : « {value} » n'est pas une date"),
                Some("attendu une date AAAA-MM-JJ sans heure, par exemple 2027-02-08".to_owned()),
            );
            return None;
        };
        let h = &instance.horizon;
        if date < h.first || date > h.last {
            self.push(
                codes::INVALID_DATE,
                span,
                format!(
                    "{what} : date {date} hors de l'horizon (du {} au {})",
                    h.first, h.last
                ),
                None,
            );
            return None;
        }
        Some(date)
    }

    fn practitioner(&mut self, instance: &Instance, id: &Spanned<String>) -> Option<PracIdx> {
        let found = instance
            .practitioners
            .iter()
            .position(|p| p.id.0 == *id.get_ref());
        if found.is_none() {
            let known: Vec<&str> = instance
                .practitioners
                .iter()
                .map(|p| p.id.0.as_str())
                .collect();
            self.push(
                codes::UNKNOWN_PRACTITIONER,
                id.span(),
                format!("praticien inconnu « {} »", id.get_ref()),
                did_you_mean(id.get_ref(), &known),
            );
        }
        found.map(|i| PracIdx(i as u32))
    }

    fn post(&mut self, instance: &Instance, id: &Spanned<String>) -> Option<PostIdx> {
        let found = instance.posts.iter().position(|p| p.id.0 == *id.get_ref());
        if found.is_none() {
            let known: Vec<&str> = instance.posts.iter().map(|p| p.id.0.as_str()).collect();
            self.push(
                codes::UNKNOWN_POST,
                id.span(),
                format!("poste inconnu « {} »", id.get_ref()),
                did_you_mean(id.get_ref(), &known),
            );
        }
        found.map(|i| PostIdx(i as u32))
    }

    /// A period of the post.
    fn period(
        &mut self,
        instance: &Instance,
        post: PostIdx,
        id: &Spanned<String>,
    ) -> Option<PeriodIdx> {
        let p = instance.post(post);
        let found = p
            .demand
            .keys()
            .copied()
            .find(|&k| instance.period(k).id.0 == *id.get_ref());
        if found.is_none() {
            let known: Vec<&str> = p
                .demand
                .keys()
                .map(|&k| instance.period(k).id.0.as_str())
                .collect();
            self.push(
                codes::UNKNOWN_PERIOD,
                id.span(),
                format!(
                    "période « {} » inconnue du poste « {} » ; périodes du poste : {}",
                    id.get_ref(),
                    p.id.0,
                    known.join(", ")
                ),
                did_you_mean(id.get_ref(), &known),
            );
        }
        found
    }
}

fn did_you_mean(word: &str, known: &[&str]) -> Option<String> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(word, k), *k))
        .filter(|(s, _)| *s > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| format!("vouliez-vous dire « {k} » ?"))
}

/// Why a changes file or option was refused.
#[derive(Debug, thiserror::Error)]
pub enum ChangesError {
    /// Located problems of a changes file.
    #[error("{}", .0.summary())]
    Invalid(Diagnostics),
    /// A bad command-line option.
    #[error("{0}")]
    Option(String),
}

impl Changes {
    /// Reads a changes file (its text, `file` naming it in messages) against the
    /// instance it changes. Every problem is reported at once, located.
    ///
    /// # Errors
    /// [`ChangesError::Invalid`] with every problem found.
    pub fn parse(file: &str, text: &str, instance: &Instance) -> Result<Changes, ChangesError> {
        let mut problems = Problems {
            file,
            text,
            found: Vec::new(),
        };
        let raw: RawChanges = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                problems.push(
                    codes::SYNTAX,
                    span,
                    e.message().to_owned(),
                    Some(
                        "clés admises : from, notice_days, urgency, [[unavailable]], [[leave]], [[join]], [[demand]] (docs/replanning.md)"
                            .to_owned(),
                    ),
                );
                return Err(ChangesError::Invalid(Diagnostics::with_source(
                    problems.found,
                    file,
                    text,
                )));
            }
        };
        let mut out = Changes::default();
        if let Some(from) = &raw.from {
            out.from = problems.date(instance, from, "from");
        }
        if let Some(n) = &raw.notice_days {
            match u32::try_from(*n.get_ref()) {
                Ok(v) if v <= 366 => out.notice_days = Some(v),
                _ => problems.push(
                    codes::INVALID_NUMBER,
                    n.span(),
                    format!(
                        "notice_days = {} invalide, attendu un entier de 0 à 366",
                        n.get_ref()
                    ),
                    None,
                ),
            }
        }
        if let Some(u) = &raw.urgency {
            let v = *u.get_ref();
            if v.is_finite() && (1.0..=100.0).contains(&v) {
                out.urgency = Some(v);
            } else {
                problems.push(
                    codes::INVALID_NUMBER,
                    u.span(),
                    format!("urgency = {v} invalide, attendu un nombre de 1 à 100"),
                    None,
                );
            }
        }
        for (i, u) in raw.unavailable.iter().enumerate() {
            let what = format!("indisponibilité n° {}", i + 1);
            let p = problems.practitioner(instance, &u.practitioner);
            let target = match (&u.from, &u.to, &u.date, &u.post, &u.period) {
                (Some(from), to, None, None, None) => {
                    let a = problems.date(instance, from, &what);
                    let b = match to {
                        Some(to) => problems.date(instance, to, &what),
                        None => a,
                    };
                    match (a, b) {
                        (Some(a), Some(b)) if b < a => {
                            problems.push(
                                codes::INVALID_DATE,
                                to.as_ref().map_or(from.span(), Spanned::span),
                                format!("{what} : du {a} au {b}, la fin précède le début"),
                                None,
                            );
                            None
                        }
                        (Some(a), Some(b)) => Some(Target::Dates(a, b)),
                        _ => None,
                    }
                }
                (None, None, Some(date), Some(post), Some(period)) => {
                    let d = problems.date(instance, date, &what);
                    let post_idx = problems.post(instance, post);
                    let per = post_idx.and_then(|pi| problems.period(instance, pi, period));
                    match (d, post_idx, per) {
                        (Some(d), Some(pi), Some(per)) => Some(Target::Duty(pi, per, d)),
                        _ => None,
                    }
                }
                _ => {
                    problems.push(
                        codes::SYNTAX,
                        u.practitioner.span(),
                        format!("{what} : attendu soit from (et to), soit date, post et period"),
                        Some("par exemple { practitioner = \"d07\", from = 2027-02-08, to = 2027-02-14 }".to_owned()),
                    );
                    None
                }
            };
            if let (Some(p), Some(t)) = (p, target) {
                out.unavailable.push((p, t));
            }
        }
        for (i, l) in raw.leave.iter().enumerate() {
            let p = problems.practitioner(instance, &l.practitioner);
            let d = problems.date(instance, &l.from, &format!("départ n° {}", i + 1));
            if let (Some(p), Some(d)) = (p, d) {
                out.leave.push((p, d));
            }
        }
        let mut ids: BTreeSet<String> = instance
            .practitioners
            .iter()
            .map(|p| p.id.0.clone())
            .collect();
        for (i, j) in raw.join.iter().enumerate() {
            let what = format!("arrivée n° {}", i + 1);
            let id = j.id.get_ref();
            let id_ok = !id.is_empty()
                && id.len() <= 64
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && id != "all";
            if !id_ok {
                problems.push(
                    codes::INVALID_ID,
                    j.id.span(),
                    format!("{what} : identifiant « {id} » invalide"),
                    Some(
                        "lettres, chiffres, - et _ seulement (il nomme le fichier ics/<id>.ics)"
                            .to_owned(),
                    ),
                );
            } else if !ids.insert(id.clone()) {
                problems.push(
                    codes::INVALID_ID,
                    j.id.span(),
                    format!("{what} : l'identifiant « {id} » est déjà pris"),
                    None,
                );
            }
            let from = match &j.from {
                Some(f) => problems.date(instance, f, &what),
                None => Some(instance.horizon.first),
            };
            let profession = j
                .profession
                .as_ref()
                .map_or_else(|| "medecin".to_owned(), |p| p.get_ref().clone());
            let mut posts = BTreeSet::new();
            for post in j.posts.get_ref() {
                if let Some(pi) = problems.post(instance, post) {
                    let allowed = &instance.post(pi).professions;
                    if !allowed.is_empty() && !allowed.contains(&profession) {
                        problems.push(
                            codes::PROFESSION_MISMATCH,
                            post.span(),
                            format!(
                                "{what} : le poste « {} » est réservé à : {} ; ce praticien est {profession}",
                                post.get_ref(),
                                allowed.iter().cloned().collect::<Vec<_>>().join(", ")
                            ),
                            None,
                        );
                    }
                    posts.insert(pi);
                }
            }
            if j.posts.get_ref().is_empty() {
                problems.push(
                    codes::SYNTAX,
                    j.posts.span(),
                    format!("{what} : posts est vide, attendu au moins un poste"),
                    None,
                );
            }
            let share = match &j.share {
                Some(s)
                    if !(s.get_ref().is_finite() && *s.get_ref() > 0.0 && *s.get_ref() <= 10.0) =>
                {
                    problems.push(
                        codes::INVALID_NUMBER,
                        s.span(),
                        format!("{what} : share = {} invalide, attendu un nombre > 0 (1 = plein, 0,5 = mi-temps)", s.get_ref()),
                        None,
                    );
                    1.0
                }
                Some(s) => *s.get_ref(),
                None => 1.0,
            };
            if let Some(from) = from {
                let mut unavailable = Vec::new();
                if from > instance.horizon.first {
                    if let Some(before) = from.pred_opt() {
                        unavailable.push(Unavailability::Dates {
                            from: instance.horizon.first,
                            to: before,
                        });
                    }
                }
                out.join.push(Joiner {
                    practitioner: Practitioner {
                        id: PractitionerId(id.clone()),
                        name: j.name.get_ref().clone(),
                        email: j.email.clone(),
                        profession,
                        qualifications: j
                            .qualifications
                            .iter()
                            .map(|q| q.get_ref().clone())
                            .collect(),
                        posts,
                        share,
                        unavailable,
                        wishes: Vec::new(),
                        limits: Limits::default(),
                        history: BTreeMap::new(),
                        place: None,
                    },
                    from,
                });
            }
        }
        for (i, d) in raw.demand.iter().enumerate() {
            let what = format!("demande n° {}", i + 1);
            let post = problems.post(instance, &d.post);
            let period = match (&d.period, post) {
                (Some(per), Some(pi)) => problems.period(instance, pi, per),
                _ => None,
            };
            let from = problems.date(instance, &d.from, &what);
            let to = match &d.to {
                Some(t) => problems.date(instance, t, &what),
                None => Some(instance.horizon.last),
            };
            let demand = match u32::try_from(*d.demand.get_ref()) {
                Ok(v) if v <= 100 => Some(v),
                _ => {
                    problems.push(
                        codes::INVALID_NUMBER,
                        d.demand.span(),
                        format!(
                            "{what} : demand = {} invalide, attendu un entier de 0 à 100",
                            d.demand.get_ref()
                        ),
                        None,
                    );
                    None
                }
            };
            if let (Some(a), Some(b)) = (from, to) {
                if b < a {
                    problems.push(
                        codes::INVALID_DATE,
                        d.to.as_ref().map_or(d.from.span(), Spanned::span),
                        format!("{what} : du {a} au {b}, la fin précède le début"),
                        None,
                    );
                    continue;
                }
            }
            let period_ok = d.period.is_none() || period.is_some();
            if let (Some(post), Some(from), Some(to), Some(demand), true) =
                (post, from, to, demand, period_ok)
            {
                out.demand.push(DemandChange {
                    post,
                    period,
                    from,
                    to,
                    demand,
                });
            }
        }
        if problems.found.is_empty() {
            Ok(out)
        } else {
            Err(ChangesError::Invalid(Diagnostics::with_source(
                problems.found,
                file,
                text,
            )))
        }
    }

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

    /// The changes in French, one line each, for the summary.
    pub fn describe(&self, instance: &Instance) -> Vec<String> {
        let name = |p: PracIdx| {
            let p = instance.practitioner(p);
            format!("{} ({})", p.name, p.id.0)
        };
        let mut out = Vec::new();
        for (p, t) in &self.unavailable {
            out.push(match *t {
                Target::Dates(a, b) if a == b => {
                    format!(
                        "{} indisponible le {}",
                        name(*p),
                        crate::labels::export::long_date(a)
                    )
                }
                Target::Dates(a, b) => format!(
                    "{} indisponible {}",
                    name(*p),
                    crate::labels::report::date_range(a, b)
                ),
                Target::Duty(post, period, date) => format!(
                    "{} indisponible pour {} – {} le {}",
                    name(*p),
                    instance.post(post).label,
                    instance.period(period).label,
                    crate::labels::export::long_date(date)
                ),
            });
        }
        for &(p, d) in &self.leave {
            out.push(format!(
                "{} quitte le tableau à partir du {}",
                name(p),
                crate::labels::export::long_date(d)
            ));
        }
        for j in &self.join {
            out.push(format!(
                "{} ({}) rejoint le tableau à partir du {}",
                j.practitioner.name,
                j.practitioner.id.0,
                crate::labels::export::long_date(j.from)
            ));
        }
        for d in &self.demand {
            let post = instance.post(d.post);
            let period = d.period.map_or_else(
                || "toutes périodes".to_owned(),
                |p| instance.period(p).label.clone(),
            );
            out.push(format!(
                "{} – {} : {} à la fois {}",
                post.label,
                period,
                d.demand,
                crate::labels::report::date_range(d.from, d.to)
            ));
        }
        out
    }
}

/// Whether a duty keeps its published holders: dated before `from`, or part of a
/// bundled weekend that starts before `from` (the model fixes whole units).
pub fn is_fixed(instance: &Instance, duty: &Duty, from: NaiveDate) -> bool {
    duty.date < from
        || (instance.post(duty.post).weekend_bundle && duty.weekend.is_some_and(|sat| sat < from))
}

impl Baseline {
    /// Published seats of fixed duties that the changed instance cannot keep (a duty
    /// gone, a practitioner gone or no longer eligible), in French; `None` when every
    /// fixed seat can stay.
    pub fn fixed_problems(&self, instance: &Instance, duties: &[Duty]) -> Option<String> {
        let by_key: BTreeMap<(NaiveDate, &str, &str), &Duty> = duties
            .iter()
            .map(|d| {
                (
                    (
                        d.date,
                        instance.post(d.post).id.0.as_str(),
                        instance.period(d.period).id.0.as_str(),
                    ),
                    d,
                )
            })
            .collect();
        let mut bad = Vec::new();
        for r in &self.published {
            let duty = by_key.get(&(r.date, r.post.as_str(), r.period.as_str()));
            let fixed = match duty {
                Some(d) => is_fixed(instance, d, self.policy.from),
                None => r.date < self.policy.from,
            };
            if !fixed {
                continue;
            }
            let prac = instance
                .practitioners
                .iter()
                .position(|p| p.id.0 == r.practitioner_id)
                .map(|i| PracIdx(i as u32));
            let why = match (duty, prac) {
                (None, _) => "cette garde n'existe plus dans l'instance",
                (_, None) => "ce praticien n'est plus dans l'instance",
                (Some(d), Some(p)) if !crate::model::eligible(instance, p, d) => {
                    "l'instance ne lui permet plus de la tenir (indisponibilité, poste ou qualification)"
                }
                _ => continue,
            };
            bad.push(format!(
                "ligne {} : {} {} {} tenue par {} : {why}",
                r.line, r.date, r.post, r.period, r.practitioner_id
            ));
        }
        (!bad.is_empty()).then(|| {
            format!(
                "le tableau publié a des gardes antérieures à la date de replanification ({}) qui ne peuvent pas rester telles quelles :\n  {}\nChoisissez une date --from antérieure à ces gardes, ou corrigez l'instance.",
                self.policy.from,
                bad.join("\n  ")
            )
        })
    }
}

/// `changes.csv`: one row per duty whose holders changed,
/// `date,post,period,start,end,before,after` (ids joined by `;`, empty when none),
/// sorted by date, post, period. `start`/`end` come from `duties` when the duty still
/// exists, else from the published row.
///
/// # Errors
/// A CSV writer error (none in practice: the writer writes to memory).
pub fn changes_csv(
    instance: &Instance,
    duties: &[Duty],
    published: &[RosterRecord],
    diff: &Diff,
) -> Result<String, csv::Error> {
    let mut times: BTreeMap<(NaiveDate, &str, &str), (String, String)> = BTreeMap::new();
    for r in published {
        if let (Some(s), Some(e)) = (r.start, r.end) {
            times.insert(
                (r.date, r.post.as_str(), r.period.as_str()),
                (s.to_rfc3339(), e.to_rfc3339()),
            );
        }
    }
    for d in duties {
        times.insert(
            (
                d.date,
                instance.post(d.post).id.0.as_str(),
                instance.period(d.period).id.0.as_str(),
            ),
            (
                crate::export::rfc3339(d.start),
                crate::export::rfc3339(d.end),
            ),
        );
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["date", "post", "period", "start", "end", "before", "after"])?;
    for ((date, post, period), change) in diff.duties(published) {
        let (start, end) = times
            .get(&(date, post.as_str(), period.as_str()))
            .cloned()
            .unwrap_or_default();
        w.write_record([
            date.to_string(),
            post,
            period,
            start,
            end,
            change.before.join(";"),
            change.after.join(";"),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).unwrap_or_default())
}

/// The French summary of a re-planning: the changes applied, then who gains or loses
/// what, for `summary.md`.
pub fn summary_markdown(instance: &Instance, changes: &Changes, diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Changements par rapport au tableau publié\n");
    let _ = writeln!(
        out,
        "Replanification à partir du {} : les gardes antérieures restent telles que publiées.\n",
        crate::labels::export::long_date(diff.from)
    );
    let described = changes.describe(instance);
    if !described.is_empty() {
        let _ = writeln!(out, "Changements pris en compte :\n");
        for line in described {
            let _ = writeln!(out, "- {line}");
        }
        out.push('\n');
    }
    let duties_changed: BTreeSet<(NaiveDate, &str, &str)> = diff
        .lost
        .iter()
        .chain(&diff.gained)
        .map(|c| (c.date, c.post.as_str(), c.period.as_str()))
        .collect();
    if duties_changed.is_empty() {
        let _ = writeln!(out, "Aucune garde ne change de titulaire.");
        return out;
    }
    let plural = |n: usize| if n > 1 { "s" } else { "" };
    let _ = writeln!(
        out,
        "{} garde{} change{} de titulaire ({} place{} retirée{}, {} attribuée{} ; {} inchangée{}) ; coût pondéré des changements : {}.\n",
        duties_changed.len(),
        plural(duties_changed.len()),
        if duties_changed.len() > 1 { "nt" } else { "" },
        diff.lost.len(),
        plural(diff.lost.len()),
        plural(diff.lost.len()),
        diff.gained.len(),
        plural(diff.gained.len()),
        diff.kept,
        plural(diff.kept),
        crate::report::num(diff.cost, 2)
    );
    // Per practitioner: what they lose and gain, grouped by post and period.
    type Groups<'a> = BTreeMap<(&'a str, &'a str), Vec<NaiveDate>>;
    let mut per: BTreeMap<&str, (Groups<'_>, Groups<'_>)> = BTreeMap::new();
    for c in &diff.lost {
        per.entry(c.practitioner.as_str())
            .or_default()
            .0
            .entry((c.post.as_str(), c.period.as_str()))
            .or_default()
            .push(c.date);
    }
    for c in &diff.gained {
        per.entry(c.practitioner.as_str())
            .or_default()
            .1
            .entry((c.post.as_str(), c.period.as_str()))
            .or_default()
            .push(c.date);
    }
    let label = |post: &str, period: &str| {
        let post = instance
            .posts
            .iter()
            .find(|p| p.id.0 == post)
            .map_or(post.to_owned(), |p| p.label.clone());
        let period = instance
            .periods
            .iter()
            .find(|p| p.id.0 == period)
            .map_or(period.to_owned(), |p| p.label.clone());
        format!("{post} – {period}")
    };
    let groups_text = |g: &Groups<'_>| {
        let parts: Vec<String> = g
            .iter()
            .map(|((post, period), dates)| {
                format!("{} : {}", label(post, period), dates_text(dates))
            })
            .collect();
        parts.join(" ; ")
    };
    let _ = writeln!(out, "| Praticien | Perd | Reçoit |");
    let _ = writeln!(out, "| --- | --- | --- |");
    for (id, (lost, gained)) in &per {
        let name = instance
            .practitioners
            .iter()
            .find(|p| p.id.0 == *id)
            .map_or_else(|| (*id).to_owned(), |p| format!("{} ({id})", p.name));
        let count = |g: &Groups<'_>| g.values().map(Vec::len).sum::<usize>();
        let cell = |g: &Groups<'_>| {
            let n = count(g);
            if n == 0 {
                "—".to_owned()
            } else {
                format!("{n} garde{} ({})", plural(n), groups_text(g))
            }
        };
        let _ = writeln!(out, "| {name} | {} | {} |", cell(lost), cell(gained));
    }
    out
}

/// A `YYYY-MM-DD` date inside the horizon, or a French message naming the option.
fn option_date(instance: &Instance, option: &str, text: &str) -> Result<NaiveDate, ChangesError> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        ChangesError::Option(format!(
            "{option} : date « {text} » illisible, attendu AAAA-MM-JJ"
        ))
    })?;
    let h = &instance.horizon;
    if date < h.first || date > h.last {
        return Err(ChangesError::Option(format!(
            "{option} : date {date} hors de l'horizon (du {} au {})",
            h.first, h.last
        )));
    }
    Ok(date)
}

/// `FIRST..LAST` or one date.
fn option_range(
    instance: &Instance,
    option: &str,
    text: &str,
) -> Result<(NaiveDate, NaiveDate), ChangesError> {
    let (a, b) = match text.split_once("..") {
        Some((a, b)) => (
            option_date(instance, option, a)?,
            option_date(instance, option, b)?,
        ),
        None => {
            let d = option_date(instance, option, text)?;
            (d, d)
        }
    };
    if b < a {
        return Err(ChangesError::Option(format!(
            "{option} : du {a} au {b}, la fin précède le début"
        )));
    }
    Ok((a, b))
}

fn option_practitioner(
    instance: &Instance,
    option: &str,
    id: &str,
) -> Result<PracIdx, ChangesError> {
    instance
        .practitioners
        .iter()
        .position(|p| p.id.0 == id)
        .map(|i| PracIdx(i as u32))
        .ok_or_else(|| {
            let known: Vec<&str> = instance
                .practitioners
                .iter()
                .map(|p| p.id.0.as_str())
                .collect();
            let hint = did_you_mean(id, &known).map_or(String::new(), |h| format!(" ; {h}"));
            ChangesError::Option(format!("{option} : praticien inconnu « {id} »{hint}"))
        })
}

fn option_post(instance: &Instance, option: &str, id: &str) -> Result<PostIdx, ChangesError> {
    instance
        .posts
        .iter()
        .position(|p| p.id.0 == id)
        .map(|i| PostIdx(i as u32))
        .ok_or_else(|| {
            let known: Vec<&str> = instance.posts.iter().map(|p| p.id.0.as_str()).collect();
            let hint = did_you_mean(id, &known).map_or(String::new(), |h| format!(" ; {h}"));
            ChangesError::Option(format!("{option} : poste inconnu « {id} »{hint}"))
        })
}

fn option_period(
    instance: &Instance,
    option: &str,
    post: PostIdx,
    id: &str,
) -> Result<PeriodIdx, ChangesError> {
    let p = instance.post(post);
    p.demand
        .keys()
        .copied()
        .find(|&k| instance.period(k).id.0 == id)
        .ok_or_else(|| {
            let known: Vec<&str> = p
                .demand
                .keys()
                .map(|&k| instance.period(k).id.0.as_str())
                .collect();
            ChangesError::Option(format!(
                "{option} : période « {id} » inconnue du poste « {} » ; périodes du poste : {}",
                p.id.0,
                known.join(", ")
            ))
        })
}

impl Changes {
    /// The changes given as command-line options:
    /// `--unavailable ID:FIRST[..LAST]` or `ID:DATE:PERIOD:POST` (one duty),
    /// `--leave ID:DATE` (the first date they are gone) and
    /// `--demand POST[:PERIOD]:FIRST[..LAST]=N`.
    ///
    /// # Errors
    /// [`ChangesError::Option`] naming the option and what was expected.
    pub fn from_options(
        instance: &Instance,
        unavailable: &[String],
        leave: &[String],
        demand: &[String],
    ) -> Result<Changes, ChangesError> {
        let mut out = Changes::default();
        for text in unavailable {
            let o = "--unavailable";
            let parts: Vec<&str> = text.split(':').collect();
            match parts.as_slice() {
                [id, range] => {
                    let p = option_practitioner(instance, o, id)?;
                    let (a, b) = option_range(instance, o, range)?;
                    out.unavailable.push((p, Target::Dates(a, b)));
                }
                [id, date, period, post] => {
                    let p = option_practitioner(instance, o, id)?;
                    let d = option_date(instance, o, date)?;
                    let post = option_post(instance, o, post)?;
                    let period = option_period(instance, o, post, period)?;
                    out.unavailable.push((p, Target::Duty(post, period, d)));
                }
                _ => {
                    return Err(ChangesError::Option(format!(
                        "--unavailable « {text} » illisible : attendu ID:PREMIER..DERNIER, ID:DATE ou ID:DATE:PÉRIODE:POSTE, par exemple d07:2027-02-08..2027-02-14"
                    )))
                }
            }
        }
        for text in leave {
            let o = "--leave";
            let Some((id, date)) = text.split_once(':') else {
                return Err(ChangesError::Option(format!(
                    "--leave « {text} » illisible : attendu ID:DATE (le premier jour d'absence), par exemple d12:2027-03-01"
                )));
            };
            let p = option_practitioner(instance, o, id)?;
            out.leave.push((p, option_date(instance, o, date)?));
        }
        for text in demand {
            let o = "--demand";
            let bad = || {
                ChangesError::Option(format!(
                    "--demand « {text} » illisible : attendu POSTE[:PÉRIODE]:PREMIER..DERNIER=N, par exemple mende:nuit:2027-02-01..2027-02-28=2"
                ))
            };
            let (what, n) = text.rsplit_once('=').ok_or_else(bad)?;
            let n: u32 = n.trim().parse().map_err(|_| bad())?;
            if n > 100 {
                return Err(ChangesError::Option(format!(
                    "--demand : {n} invalide, attendu un entier de 0 à 100"
                )));
            }
            let parts: Vec<&str> = what.split(':').collect();
            let (post, period, range) = match parts.as_slice() {
                [post, range] => (option_post(instance, o, post)?, None, range),
                [post, period, range] => {
                    let post = option_post(instance, o, post)?;
                    (post, Some(option_period(instance, o, post, period)?), range)
                }
                _ => return Err(bad()),
            };
            let (from, to) = option_range(instance, o, range)?;
            out.demand.push(DemandChange {
                post,
                period,
                from,
                to,
                demand: n,
            });
        }
        Ok(out)
    }
}
