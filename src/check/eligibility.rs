//! Eligibility of a practitioner for a duty (`docs/rules.md`, "Eligibility"), and the
//! duties that local days target (unavailabilities and wishes).
//!
//! Days are placed as instants: the span of `from..=to` is `[from 00:00, (to + 1)
//! 00:00)` in the horizon's zone, and a duty is targeted when its own `[start, end)`
//! meets it. So a night from the 13th to the 14th is targeted by a day off on either.

use chrono::{DateTime, NaiveDate, NaiveTime};
use chrono_tz::Tz;

use crate::duties::{zoned, Duty};
use crate::instance::{Instance, PracIdx, Unavailability};

use super::UnavailableBecause;

/// One reason why a practitioner may not hold a duty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Ineligible {
    /// The post is not among theirs.
    NotServingPost,
    /// They lack these qualifications (sorted).
    MissingQualification(Vec<String>),
    /// They declared themselves unavailable.
    Unavailable(UnavailableBecause),
}

/// Every reason why `p` may not hold `duty`, in the order of the rule text (empty when
/// eligible). Only the first unavailability that applies is given.
pub(crate) fn ineligibility(instance: &Instance, p: PracIdx, duty: &Duty) -> Vec<Ineligible> {
    let mut out = Vec::new();
    if !serves(instance, p, duty) {
        out.push(Ineligible::NotServingPost);
    }
    let missing = missing_qualifications(instance, p, duty);
    if !missing.is_empty() {
        out.push(Ineligible::MissingQualification(missing));
    }
    if let Some(because) = unavailable(instance, p, duty) {
        out.push(Ineligible::Unavailable(because));
    }
    out
}

/// Whether `p` may hold `duty`: the same answer as an empty [`ineligibility`], cheapest
/// test first (most practitioners do not serve most posts), for loops over every pair.
pub(crate) fn is_eligible(instance: &Instance, p: PracIdx, duty: &Duty) -> bool {
    serves(instance, p, duty)
        && missing_qualifications(instance, p, duty).is_empty()
        && unavailable(instance, p, duty).is_none()
        && !period_forbidden(instance, p, duty)
}

/// Whether the practitioner's `max_per_period` for the duty's period is 0 (personal
/// limit first, then the rules'): they may never hold it, as if they did not serve it
/// (docs/rules.md, rule 10), so fairness targets leave them out.
pub(crate) fn period_forbidden(instance: &Instance, p: PracIdx, duty: &Duty) -> bool {
    let own = &instance.practitioner(p).limits.max_per_period;
    let all = &instance.rules.limits.max_per_period;
    own.get(&duty.period).or_else(|| all.get(&duty.period)) == Some(&0)
}

/// Whether the duty's post is among the practitioner's.
pub(crate) fn serves(instance: &Instance, p: PracIdx, duty: &Duty) -> bool {
    instance.practitioner(p).posts.contains(&duty.post)
}

/// The qualifications the post requires that the practitioner lacks, sorted.
pub(crate) fn missing_qualifications(instance: &Instance, p: PracIdx, duty: &Duty) -> Vec<String> {
    let held = &instance.practitioner(p).qualifications;
    instance
        .post(duty.post)
        .qualifications
        .iter()
        .filter(|q| !held.contains(*q))
        .cloned()
        .collect()
}

/// The first of the practitioner's unavailabilities that covers the duty, if any.
pub(crate) fn unavailable(
    instance: &Instance,
    p: PracIdx,
    duty: &Duty,
) -> Option<UnavailableBecause> {
    instance
        .practitioner(p)
        .unavailable
        .iter()
        .find(|u| targets(instance, u, duty))
        .map(|u| match *u {
            Unavailability::Dates { from, to } => UnavailableBecause::Days { from, to },
            Unavailability::Duty { .. } => UnavailableBecause::Duty,
        })
}

/// Whether an unavailability or a wish's target names this duty.
pub(crate) fn targets(instance: &Instance, target: &Unavailability, duty: &Duty) -> bool {
    match *target {
        Unavailability::Dates { from, to } => {
            let (start, end) = day_span(instance.horizon.time_zone, from, to);
            duty.end > start && end.is_none_or(|end| duty.start < end)
        }
        Unavailability::Duty { post, period, date } => {
            duty.post == post && duty.period == period && duty.date == date
        }
    }
}

/// The instants of local days `from..=to`: from 00:00 on `from` to 00:00 after `to`
/// (`None`: after `to` there is no representable day, so no end).
fn day_span(tz: Tz, from: NaiveDate, to: NaiveDate) -> (DateTime<Tz>, Option<DateTime<Tz>>) {
    let start = zoned(tz, from.and_time(NaiveTime::MIN));
    let end = to.succ_opt().map(|d| zoned(tz, d.and_time(NaiveTime::MIN)));
    (start, end)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // STYLE.md §4: unwrap is fine in tests.
mod tests {
    use super::*;

    #[test]
    fn day_span_is_local_midnight_to_midnight() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let (start, end) = day_span(chrono_tz::Europe::Paris, d("2027-03-27"), d("2027-03-28"));
        assert_eq!(start.to_rfc3339(), "2027-03-27T00:00:00+01:00");
        assert_eq!(end.unwrap().to_rfc3339(), "2027-03-29T00:00:00+02:00");
        // The last day chrono knows has no next midnight: the span is open-ended.
        let (_, end) = day_span(chrono_tz::Europe::Paris, d("2027-01-01"), NaiveDate::MAX);
        assert!(end.is_none());
    }
}
