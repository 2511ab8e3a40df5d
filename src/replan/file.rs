//! The changes file (`changes.toml`, docs/replanning.md): its raw TOML types with
//! spans, and [`Changes::parse`], which reports every problem at once, located.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::instance::{Diagnostics, Sink};
use crate::instance::{
    Instance, Limits, PeriodIdx, PostIdx, PracIdx, Practitioner, PractitionerId, Unavailability,
};

use super::changes::{Changes, DemandChange, Joiner, Target};
use super::labels as fr;

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

/// The problems of a changes file, located, in the instance's collector; the ids are
/// resolved against the instance.
struct Problems<'a> {
    sink: Sink<'a>,
}

impl Problems<'_> {
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
            self.sink.push(
                codes::INVALID_DATE,
                span,
                fr::not_a_date(what, value),
                Some(fr::DATE_EXPECTED.to_owned()),
            );
            return None;
        };
        let h = &instance.horizon;
        if date < h.first || date > h.last {
            self.sink.push(
                codes::INVALID_DATE,
                span,
                fr::outside_horizon(what, date, h.first, h.last),
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
            self.sink.push(
                codes::UNKNOWN_PRACTITIONER,
                id.span(),
                fr::unknown_practitioner(id.get_ref()),
                did_you_mean(id.get_ref(), &known),
            );
        }
        found.map(|i| PracIdx(i as u32))
    }

    fn post(&mut self, instance: &Instance, id: &Spanned<String>) -> Option<PostIdx> {
        let found = instance.posts.iter().position(|p| p.id.0 == *id.get_ref());
        if found.is_none() {
            let known: Vec<&str> = instance.posts.iter().map(|p| p.id.0.as_str()).collect();
            self.sink.push(
                codes::UNKNOWN_POST,
                id.span(),
                fr::unknown_post(id.get_ref()),
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
            self.sink.push(
                codes::UNKNOWN_PERIOD,
                id.span(),
                fr::unknown_period(id.get_ref(), &p.id.0, &known),
                did_you_mean(id.get_ref(), &known),
            );
        }
        found
    }
}

/// `vouliez-vous dire « x » ?` for the known id closest to `word`, if one is close.
pub(super) fn did_you_mean(word: &str, known: &[&str]) -> Option<String> {
    crate::text::did_you_mean(word, known.iter().copied()).map(fr::did_you_mean)
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
            sink: Sink {
                file,
                text,
                out: Vec::new(),
            },
        };
        let raw: RawChanges = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                problems.sink.push(
                    codes::SYNTAX,
                    span,
                    e.message().to_owned(),
                    Some(fr::KEYS_ALLOWED.to_owned()),
                );
                return Err(ChangesError::Invalid(problems.sink.finish()));
            }
        };
        let mut out = Changes::default();
        if let Some(from) = &raw.from {
            out.from = problems.date(instance, from, "from");
        }
        if let Some(n) = &raw.notice_days {
            match u32::try_from(*n.get_ref()) {
                Ok(v) if v <= 366 => out.notice_days = Some(v),
                _ => problems.sink.push(
                    codes::INVALID_NUMBER,
                    n.span(),
                    fr::bad_notice_days(*n.get_ref()),
                    None,
                ),
            }
        }
        if let Some(u) = &raw.urgency {
            let v = *u.get_ref();
            if v.is_finite() && (1.0..=100.0).contains(&v) {
                out.urgency = Some(v);
            } else {
                problems
                    .sink
                    .push(codes::INVALID_NUMBER, u.span(), fr::bad_urgency(v), None);
            }
        }
        for (i, u) in raw.unavailable.iter().enumerate() {
            let what = fr::unavailable_entry(i + 1);
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
                            problems.sink.push(
                                codes::INVALID_DATE,
                                to.as_ref().map_or(from.span(), Spanned::span),
                                fr::end_before_start(&what, a, b),
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
                    problems.sink.push(
                        codes::SYNTAX,
                        u.practitioner.span(),
                        fr::unavailable_shape(&what),
                        Some(fr::UNAVAILABLE_EXAMPLE.to_owned()),
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
            let d = problems.date(instance, &l.from, &fr::leave_entry(i + 1));
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
            let what = fr::join_entry(i + 1);
            let id = j.id.get_ref();
            let id_ok = !id.is_empty()
                && id.len() <= 64
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && id != "all";
            if !id_ok {
                problems.sink.push(
                    codes::INVALID_ID,
                    j.id.span(),
                    fr::invalid_id(&what, id),
                    Some(fr::ID_ALLOWED.to_owned()),
                );
            } else if !ids.insert(id.clone()) {
                problems.sink.push(
                    codes::INVALID_ID,
                    j.id.span(),
                    fr::id_taken(&what, id),
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
                        problems.sink.push(
                            codes::PROFESSION_MISMATCH,
                            post.span(),
                            fr::profession_mismatch(
                                &what,
                                post.get_ref(),
                                &allowed.iter().cloned().collect::<Vec<_>>().join(", "),
                                &profession,
                            ),
                            None,
                        );
                    }
                    posts.insert(pi);
                }
            }
            if j.posts.get_ref().is_empty() {
                problems
                    .sink
                    .push(codes::SYNTAX, j.posts.span(), fr::no_posts(&what), None);
            }
            let share = match &j.share {
                Some(s)
                    if !(s.get_ref().is_finite() && *s.get_ref() > 0.0 && *s.get_ref() <= 10.0) =>
                {
                    problems.sink.push(
                        codes::INVALID_NUMBER,
                        s.span(),
                        fr::bad_share(&what, *s.get_ref()),
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
                        pledge: None,
                        unavailable,
                        available: None,
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
            let what = fr::demand_entry(i + 1);
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
                    problems.sink.push(
                        codes::INVALID_NUMBER,
                        d.demand.span(),
                        fr::bad_demand(&what, d.demand.get_ref()),
                        None,
                    );
                    None
                }
            };
            if let (Some(a), Some(b)) = (from, to) {
                if b < a {
                    problems.sink.push(
                        codes::INVALID_DATE,
                        d.to.as_ref().map_or(d.from.span(), Spanned::span),
                        fr::end_before_start(&what, a, b),
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
        if problems.sink.out.is_empty() {
            Ok(out)
        } else {
            Err(ChangesError::Invalid(problems.sink.finish()))
        }
    }
}
