//! Working patterns of one practitioner (docs/rules.md, rules 9 to 12): forbidden
//! successions, duties per period, counted minutes, and runs of worked dates and of
//! dates off.
//!
//! A **worked date** is a horizon date on which the practitioner holds at least one
//! duty; a duty belongs to its `date` (a deep night to the evening's date). The horizon
//! is cut into maximal **runs** of consecutive dates that are all worked or all off,
//! and each run is compared with the limits. A run that starts on the horizon's first
//! date or ends on its last one is exempt from the minima when
//! `rules.exempt_runs_at_horizon_ends` (the dates beyond are unknown), never from the
//! maximum.
//!
//! The rules split in two. Those that one more duty can only break, never mend
//! (successions, per-period maxima, most minutes, longest run) are called from the
//! timeline and maxima scans, so `explain` and the extra-volunteer figures see them.
//! The minima (least minutes, shortest runs worked and off) are checked once per
//! practitioner by [`super::check`], those without any duty included.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::duties::{Duty, DutyIdx};
use crate::instance::{Horizon, Instance, PracIdx};

use super::{held, who, Holding, Violation};

/// A maximal run of consecutive horizon dates, all worked or all off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Run {
    /// First date.
    pub(crate) first: NaiveDate,
    /// Last date.
    pub(crate) last: NaiveDate,
    /// Number of dates.
    pub(crate) days: u32,
    /// Whether the dates are worked.
    pub(crate) worked: bool,
}

/// The horizon cut into maximal runs of worked and of off dates, in date order.
pub(crate) fn runs(horizon: &Horizon, worked: &BTreeSet<NaiveDate>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for date in horizon.dates() {
        let w = worked.contains(&date);
        match out.last_mut() {
            Some(run) if run.worked == w => {
                run.last = date;
                run.days += 1;
            }
            _ => out.push(Run {
                first: date,
                last: date,
                days: 1,
                worked: w,
            }),
        }
    }
    out
}

/// Whether a run escapes the minima because it touches an end of the horizon.
fn exempt(instance: &Instance, run: &Run) -> bool {
    instance.rules.exempt_runs_at_horizon_ends
        && (run.first == instance.horizon.first || run.last == instance.horizon.last)
}

/// Each distinct duty with the line of its first row, in duty order.
fn distinct(holdings: &[Holding]) -> BTreeMap<DutyIdx, u64> {
    let mut out: BTreeMap<DutyIdx, u64> = BTreeMap::new();
    for h in holdings {
        let line = out.entry(h.duty).or_insert(h.line);
        *line = (*line).min(h.line);
    }
    out
}

/// Minutes a duty counts towards working time: its period's `minutes`, else its true
/// length (re-derived here from the instance, not read from the duty's own figure).
fn counted_minutes(instance: &Instance, duty: &Duty) -> i64 {
    instance
        .period(duty.period)
        .minutes
        .map_or_else(|| duty.minutes(), i64::from)
}

/// The counted minutes of a set of duties.
fn total_minutes(instance: &Instance, duties: &[Duty], held: &BTreeMap<DutyIdx, u64>) -> i64 {
    held.keys()
        .map(|d| counted_minutes(instance, &duties[d.get()]))
        .sum()
}

/// The rows of the duties dated within a run, sorted.
fn lines_within(duties: &[Duty], held: &BTreeMap<DutyIdx, u64>, run: &Run) -> Vec<u64> {
    let mut lines: Vec<u64> = held
        .iter()
        .filter(|(d, _)| {
            let date = duties[d.get()].date;
            run.first <= date && date <= run.last
        })
        .map(|(_, &line)| line)
        .collect();
    lines.sort_unstable();
    lines
}

/// The worked dates of a set of duties.
fn worked_dates(duties: &[Duty], held: &BTreeMap<DutyIdx, u64>) -> BTreeSet<NaiveDate> {
    held.keys().map(|d| duties[d.get()].date).collect()
}

/// Rule 9: for each duty dated D and each duty dated D + 1 whose period the first
/// one's period lists in `not_followed_by`, whatever the posts (a weekend bundle is not
/// exempt). In order of the first duty's date and start.
pub(crate) fn succession_violations(
    instance: &Instance,
    duties: &[Duty],
    p: PracIdx,
    holdings: &[Holding],
    violations: &mut Vec<Violation>,
) {
    let mine = distinct(holdings);
    let mut by_date: BTreeMap<NaiveDate, Vec<Holding>> = BTreeMap::new();
    for (&duty, &line) in &mine {
        by_date
            .entry(duties[duty.get()].date)
            .or_default()
            .push(Holding { duty, line });
    }
    for list in by_date.values_mut() {
        list.sort_by_key(|h| (duties[h.duty.get()].start, h.duty));
    }
    for (date, list) in &by_date {
        let Some(next) = date.succ_opt().and_then(|d| by_date.get(&d)) else {
            continue;
        };
        for &ha in list {
            let forbidden = &instance
                .period(duties[ha.duty.get()].period)
                .not_followed_by;
            if forbidden.is_empty() {
                continue;
            }
            for &hb in next {
                if forbidden.contains(&duties[hb.duty.get()].period) {
                    violations.push(Violation::ForbiddenSuccession {
                        who: who(instance, p),
                        first: held(instance, duties, ha),
                        second: held(instance, duties, hb),
                    });
                }
            }
        }
    }
}

/// Rules 10 to 12, the maxima: duties per period (in period order), most counted
/// minutes, longest run of worked dates (each run too long, in date order).
pub(crate) fn limit_violations(
    instance: &Instance,
    duties: &[Duty],
    p: PracIdx,
    holdings: &[Holding],
    violations: &mut Vec<Violation>,
) {
    let limits = instance.limits_of(p);
    let held = distinct(holdings);
    for (&period, &limit) in &limits.max_per_period {
        let mut lines: Vec<u64> = held
            .iter()
            .filter(|(d, _)| duties[d.get()].period == period)
            .map(|(_, &line)| line)
            .collect();
        if lines.len() > limit as usize {
            lines.sort_unstable();
            violations.push(Violation::MaxPerPeriod {
                who: who(instance, p),
                period: instance.period(period).id.clone(),
                count: lines.len() as u32,
                limit,
                lines,
            });
        }
    }
    if let Some(limit) = limits.max_minutes {
        let minutes = total_minutes(instance, duties, &held);
        if minutes > i64::from(limit) {
            violations.push(Violation::MaxMinutes {
                who: who(instance, p),
                minutes,
                limit,
            });
        }
    }
    if let Some(limit) = limits.max_consecutive_days {
        let worked = worked_dates(duties, &held);
        for run in runs(&instance.horizon, &worked) {
            if run.worked && run.days > limit {
                violations.push(Violation::MaxConsecutiveDays {
                    who: who(instance, p),
                    first: run.first,
                    last: run.last,
                    days: run.days,
                    limit,
                    lines: lines_within(duties, &held, &run),
                });
            }
        }
    }
}

/// Rules 11 and 12, the minima: least counted minutes, then each run of worked dates
/// and each run of dates off that is too short and not exempt, in date order.
pub(crate) fn minimum_violations(
    instance: &Instance,
    duties: &[Duty],
    p: PracIdx,
    holdings: &[Holding],
    violations: &mut Vec<Violation>,
) {
    let limits = instance.limits_of(p);
    let held = distinct(holdings);
    if let Some(limit) = limits.min_minutes {
        let minutes = total_minutes(instance, duties, &held);
        if minutes < i64::from(limit) {
            violations.push(Violation::MinMinutes {
                who: who(instance, p),
                minutes,
                limit,
            });
        }
    }
    let min_on = limits.min_consecutive_days.unwrap_or(0);
    let min_off = limits.min_consecutive_days_off.unwrap_or(0);
    if min_on <= 1 && min_off <= 1 {
        return;
    }
    let worked = worked_dates(duties, &held);
    for run in runs(&instance.horizon, &worked) {
        if exempt(instance, &run) {
            continue;
        }
        if run.worked && run.days < min_on {
            violations.push(Violation::MinConsecutiveDays {
                who: who(instance, p),
                first: run.first,
                last: run.last,
                days: run.days,
                limit: min_on,
                lines: lines_within(duties, &held, &run),
            });
        } else if !run.worked && run.days < min_off {
            violations.push(Violation::MinConsecutiveDaysOff {
                who: who(instance, p),
                first: run.first,
                last: run.last,
                days: run.days,
                limit: min_off,
            });
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // STYLE.md §4: unwrap is fine in tests.
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 1, day).unwrap()
    }

    fn horizon(first: u32, last: u32) -> Horizon {
        Horizon {
            first: d(first),
            last: d(last),
            time_zone: chrono_tz::Europe::Paris,
        }
    }

    /// `(first day, last day, worked)` of each run.
    fn shape(runs: &[Run]) -> Vec<(u32, u32, bool)> {
        use chrono::Datelike;
        runs.iter()
            .map(|r| {
                assert_eq!(i64::from(r.days), (r.last - r.first).num_days() + 1);
                (r.first.day(), r.last.day(), r.worked)
            })
            .collect()
    }

    #[test]
    fn runs_alternate_and_cover_the_horizon() {
        let worked: BTreeSet<NaiveDate> = [4, 5, 7, 10].into_iter().map(d).collect();
        assert_eq!(
            shape(&runs(&horizon(4, 10), &worked)),
            vec![
                (4, 5, true),
                (6, 6, false),
                (7, 7, true),
                (8, 9, false),
                (10, 10, true)
            ]
        );
    }

    #[test]
    fn no_duty_is_one_run_off_and_every_duty_one_run_worked() {
        assert_eq!(
            shape(&runs(&horizon(4, 10), &BTreeSet::new())),
            vec![(4, 10, false)]
        );
        let all: BTreeSet<NaiveDate> = (4..=10).map(d).collect();
        assert_eq!(shape(&runs(&horizon(4, 10), &all)), vec![(4, 10, true)]);
        // Dates outside the horizon are not part of any run.
        let outside: BTreeSet<NaiveDate> = [3, 11].into_iter().map(d).collect();
        assert_eq!(
            shape(&runs(&horizon(4, 10), &outside)),
            vec![(4, 10, false)]
        );
    }

    #[test]
    fn a_one_day_horizon_has_one_run() {
        let worked: BTreeSet<NaiveDate> = [d(4)].into_iter().collect();
        assert_eq!(shape(&runs(&horizon(4, 4), &worked)), vec![(4, 4, true)]);
    }
}
