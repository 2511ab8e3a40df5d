//! Rules 3 to 7 of `docs/rules.md`, read off one practitioner's timeline, with the
//! rules of working patterns that one more duty can only break (9 to 12, in
//! [`super::work`]).
//!
//! The timeline is the practitioner's duties in order of start. Every duty is compared
//! with each one that starts at or after it (overlap, combined duties, rest, two nights,
//! spacing), then forbidden successions are sought date by date; then the duties are
//! counted per ISO week, month, horizon and weekend, per period, in minutes and in runs
//! of worked dates (maxima). Duties of one weekend bundle are exempt from rest, two
//! nights and spacing.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;

use crate::duties::Duty;
use crate::instance::{Instance, PracIdx};

use super::work::{limit_violations, succession_violations};
use super::{duty_ref, held, who, CombinedPair, Holding, Violation};

/// Whether two duties belong to one weekend bundle (same post, which bundles, same
/// weekend).
pub(crate) fn same_bundle(instance: &Instance, a: &Duty, b: &Duty) -> bool {
    a.post == b.post
        && instance.post(a.post).weekend_bundle
        && a.weekend.is_some()
        && a.weekend == b.weekend
}

/// Pairwise rules on one practitioner's distinct duties: overlap (rule 3), rest (4),
/// two nights in a row (5), spacing (6), forbidden successions (9). Combined duties (overlapping, combinable) are
/// not violations; they are pushed to `combined` for the preference level.
pub(crate) fn timeline_violations(
    instance: &Instance,
    duties: &[Duty],
    p: PracIdx,
    holdings: &[Holding],
    violations: &mut Vec<Violation>,
    combined: &mut Vec<CombinedPair>,
) {
    let rules = &instance.rules;
    let spacing = instance.limits_of(p).min_days_between_duties.unwrap_or(0);
    let mut timeline: Vec<Holding> = holdings.to_vec();
    timeline.sort_by_key(|h| (duties[h.duty.get()].start, h.duty, h.line));
    timeline.dedup_by_key(|h| h.duty);

    for (i, &ha) in timeline.iter().enumerate() {
        let a = &duties[ha.duty.get()];
        for &hb in &timeline[i + 1..] {
            let b = &duties[hb.duty.get()];
            // `a` starts no later than `b`: either they overlap or `a` ends first.
            let overlap = a.overlaps(b);
            if overlap {
                if instance.combinable(a.post, b.post) {
                    combined.push(CombinedPair {
                        practitioner: p,
                        first: duty_ref(instance, a),
                        second: duty_ref(instance, b),
                    });
                } else {
                    violations.push(Violation::Overlap {
                        who: who(instance, p),
                        first: held(instance, duties, ha),
                        second: held(instance, duties, hb),
                    });
                }
            }
            if same_bundle(instance, a, b) {
                continue;
            }
            let rest = b.start - a.end;
            let required_hours = if a.night {
                rules.min_rest_hours.max(rules.min_rest_after_night_hours)
            } else {
                rules.min_rest_hours
            };
            // Rest is measured between a duty and one starting after its end; two
            // overlapping duties are rule 3's business. Two nights and spacing speak of
            // dates and apply to any pair.
            if !overlap && rest < chrono::Duration::hours(i64::from(required_hours)) {
                violations.push(Violation::Rest {
                    who: who(instance, p),
                    first: held(instance, duties, ha),
                    second: held(instance, duties, hb),
                    rest,
                    required_hours,
                    after_night: a.night && rules.min_rest_after_night_hours > rules.min_rest_hours,
                });
            }
            // Dates, unlike starts, may come in either order (a deep night starts after
            // the midnight of its date), so the pair is put in date order.
            let (early, late, he, hl) = if a.date <= b.date {
                (a, b, ha, hb)
            } else {
                (b, a, hb, ha)
            };
            let days = (late.date - early.date).num_days();
            if rules.no_two_nights_in_a_row && early.night && late.night && days == 1 {
                violations.push(Violation::TwoNightsInARow {
                    who: who(instance, p),
                    first: held(instance, duties, he),
                    second: held(instance, duties, hl),
                });
            }
            let k = spacing;
            if k >= 2 && days > 0 && days < i64::from(k) {
                violations.push(Violation::Spacing {
                    who: who(instance, p),
                    first: held(instance, duties, he),
                    second: held(instance, duties, hl),
                    days,
                    min_days: k,
                });
            }
        }
    }
    succession_violations(instance, duties, p, &timeline, violations);
}

/// Rule 7: the counts of one practitioner's distinct duties against their effective
/// limits, per ISO week, calendar month, horizon and weekend; then the maxima of rules
/// 10 to 12 (per period, minutes, consecutive worked dates).
pub(crate) fn maxima_violations(
    instance: &Instance,
    duties: &[Duty],
    p: PracIdx,
    holdings: &[Holding],
    violations: &mut Vec<Violation>,
) {
    let limits = instance.limits_of(p);
    let mut distinct: BTreeMap<crate::duties::DutyIdx, u64> = BTreeMap::new();
    for h in holdings {
        let line = distinct.entry(h.duty).or_insert(h.line);
        *line = (*line).min(h.line);
    }
    let mut weeks: BTreeMap<(i32, u32), Vec<u64>> = BTreeMap::new();
    let mut months: BTreeMap<(i32, u32), Vec<u64>> = BTreeMap::new();
    let mut weekends: BTreeSet<chrono::NaiveDate> = BTreeSet::new();
    for (&d, &line) in &distinct {
        let duty = &duties[d.get()];
        let week = duty.date.iso_week();
        weeks
            .entry((week.year(), week.week()))
            .or_default()
            .push(line);
        months
            .entry((duty.date.year(), duty.date.month()))
            .or_default()
            .push(line);
        if let Some(w) = duty.weekend {
            weekends.insert(w);
        }
    }
    if let Some(limit) = limits.max_per_week {
        for ((year, week), mut lines) in weeks {
            if lines.len() > limit as usize {
                lines.sort_unstable();
                violations.push(Violation::MaxPerWeek {
                    who: who(instance, p),
                    year,
                    week,
                    count: lines.len() as u32,
                    limit,
                    lines,
                });
            }
        }
    }
    if let Some(limit) = limits.max_per_month {
        for ((year, month), mut lines) in months {
            if lines.len() > limit as usize {
                lines.sort_unstable();
                violations.push(Violation::MaxPerMonth {
                    who: who(instance, p),
                    year,
                    month,
                    count: lines.len() as u32,
                    limit,
                    lines,
                });
            }
        }
    }
    let mut by_kind: BTreeMap<(crate::instance::PostKind, i32, u32), Vec<u64>> = BTreeMap::new();
    for (&d, &line) in &distinct {
        let duty = &duties[d.get()];
        let kind = instance.post(duty.post).kind;
        if limits.max_per_month_by_kind.contains_key(&kind) {
            by_kind
                .entry((kind, duty.date.year(), duty.date.month()))
                .or_default()
                .push(line);
        }
    }
    for ((kind, year, month), mut lines) in by_kind {
        let Some(&limit) = limits.max_per_month_by_kind.get(&kind) else {
            continue;
        };
        if lines.len() > limit as usize {
            lines.sort_unstable();
            violations.push(Violation::MaxPerMonthOfKind {
                who: who(instance, p),
                kind,
                year,
                month,
                count: lines.len() as u32,
                limit,
                lines,
            });
        }
    }
    if let Some(limit) = limits.max_per_horizon {
        if distinct.len() > limit as usize {
            violations.push(Violation::MaxPerHorizon {
                who: who(instance, p),
                count: distinct.len() as u32,
                limit,
            });
        }
    }
    if let Some(limit) = limits.max_weekends {
        if weekends.len() > limit as usize {
            violations.push(Violation::MaxWeekends {
                who: who(instance, p),
                weekends: weekends.into_iter().collect(),
                limit,
            });
        }
    }
    limit_violations(instance, duties, p, holdings, violations);
}
