//! Instance × calendar → the duties to fill: one per post × period × date, with its
//! zoned start and end.
//!
//! A duty belongs to the local date on which its period starts (PDSA.md §1.5), except
//! an `after_midnight` period (deep night), which starts at 00:00 of the next day and
//! still belongs to the evening's date. It ends `end_day` days after its start's date
//! (a week from Monday 08:00 to Saturday 12:00 has 5), at the period's end clock time.
//! A period with `weekdays` exists only on dates of those weekdays. Start and end are true instants in the
//! horizon's time zone, so a 20:00→08:00 night lasts 11 h over the spring clock change
//! and 13 h over the autumn one.
//!
//! Local times that do not exist (spring gap) or exist twice (autumn fold) are resolved
//! as RFC 5545 §3.3.5 and jiff's `Compatible` do: a time in a gap moves forward by the
//! gap's length, a time in a fold takes its first occurrence.
//!
//! This module decides no assignment and reads no clock.

use chrono::{DateTime, Datelike, Days, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use crate::calendar::{self, DayKind};
use crate::instance::{CategoryIdx, Instance, PeriodIdx, PostIdx};

/// Dense index into the duty list returned by [`expand`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DutyIdx(pub u32);

impl DutyIdx {
    /// The index as a `usize`.
    pub fn get(self) -> usize {
        self.0 as usize
    }
}

/// One post × period × date to cover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duty {
    /// Its index in the list.
    pub idx: DutyIdx,
    /// The post.
    pub post: PostIdx,
    /// The period.
    pub period: PeriodIdx,
    /// The local date the duty belongs to.
    pub date: NaiveDate,
    /// The kind of that date for this post (a bridge counts as its ordinary kind in a
    /// post that does not organise bridges).
    pub day_kind: DayKind,
    /// Zoned start.
    pub start: DateTime<Tz>,
    /// Zoned end, strictly after the start.
    pub end: DateTime<Tz>,
    /// How many people at once.
    pub demand: u32,
    /// The fairness category it falls in, if any.
    pub category: Option<CategoryIdx>,
    /// Whether it is a night duty (rest after a night, no two nights in a row).
    pub night: bool,
    /// The Saturday of the weekend it belongs to, for duties dated on a Saturday or a
    /// Sunday.
    pub weekend: Option<NaiveDate>,
    /// Minutes it counts towards working time: its period's `minutes`, else its true
    /// length.
    pub counted_minutes: i64,
}

impl Duty {
    /// Length in minutes (true elapsed time).
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }

    /// Whether the two duties share an instant.
    pub fn overlaps(&self, other: &Duty) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// A duty whose clock times make no sense in the time zone. Its French `Display` is in
/// `labels::duties`.
#[derive(Debug, PartialEq, Eq)]
pub enum DutyError {
    /// The end is not after the start once placed in the time zone.
    EmptyDuty {
        /// The post id.
        post: String,
        /// The period id.
        period: String,
        /// The date.
        date: NaiveDate,
    },
}

impl std::error::Error for DutyError {}

/// Places a local date-time in the zone: forward over a gap, first occurrence in a fold.
pub fn zoned(tz: Tz, local: NaiveDateTime) -> DateTime<Tz> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t,
        LocalResult::Ambiguous(first, _) => first,
        LocalResult::None => {
            // In a gap: find the offset before the gap and add it, which lands after the
            // gap by its own length (02:30 → 03:30 in Paris). Gaps last at most a few
            // hours, so stepping back one day always finds a valid time.
            let before = (1..=48)
                .find_map(|h| {
                    tz.from_local_datetime(&(local - Duration::hours(h)))
                        .earliest()
                })
                .expect("a time zone gap is shorter than 48 hours");
            let offset = before.naive_local() - before.naive_utc();
            let utc = local - offset;
            tz.from_utc_datetime(&utc)
        }
    }
}

/// The Saturday of the weekend of `date`, when `date` is a Saturday or a Sunday.
pub fn weekend_of(date: NaiveDate) -> Option<NaiveDate> {
    match date.weekday() {
        chrono::Weekday::Sat => Some(date),
        chrono::Weekday::Sun => date.pred_opt(),
        _ => None,
    }
}

/// Expands the instance into its duties, sorted by start, then post, then period.
///
/// # Errors
/// [`DutyError::EmptyDuty`] when a period's end does not come after its start in the
/// zone (validation already rejects equal clock times, so only a pathological zone
/// triggers it).
pub fn expand(instance: &Instance) -> Result<Vec<Duty>, DutyError> {
    let tz = instance.horizon.time_zone;
    let mut duties = Vec::new();
    for date in instance.horizon.dates() {
        let kind = calendar::day_kind(date, &instance.calendar);
        for (pi, post) in instance.posts.iter().enumerate() {
            if let Some((first, last)) = post.season {
                if date < first || date > last {
                    continue;
                }
            }
            let day_kind = if kind == DayKind::Bridge && !post.bridge_days {
                calendar::ordinary_kind(date)
            } else {
                kind
            };
            for &period_idx in post.demand.keys() {
                let demand = post.demand_at(date, period_idx);
                // A date without a seat has no duty, unless people may come above the
                // demand (over-cover, weighted).
                if demand == 0 && post.over_cover_weight.is_none() {
                    continue;
                }
                let period = instance.period(period_idx);
                if !period.day_kinds.contains(&day_kind)
                    || !period.weekdays.contains(date.weekday())
                    || (period.deep_night && !instance.deep_night)
                {
                    continue;
                }
                let start_date = if period.after_midnight {
                    date.succ_opt()
                        .expect("horizon dates are far from chrono's limits")
                } else {
                    date
                };
                let end_date = start_date
                    .checked_add_days(Days::new(u64::from(period.end_day)))
                    .expect("horizon dates are far from chrono's limits");
                let start = zoned(tz, start_date.and_time(period.start));
                let end = zoned(tz, end_date.and_time(period.end));
                if end <= start {
                    return Err(DutyError::EmptyDuty {
                        post: post.id.0.clone(),
                        period: period.id.0.clone(),
                        date,
                    });
                }
                let category = instance
                    .fairness
                    .categories
                    .iter()
                    .position(|c| c.matches(date, day_kind, period_idx, post.kind))
                    .map(|i| CategoryIdx(i as u32));
                duties.push(Duty {
                    idx: DutyIdx(0),
                    post: PostIdx(pi as u32),
                    period: period_idx,
                    date,
                    day_kind,
                    start,
                    end,
                    demand,
                    category,
                    night: period.night,
                    weekend: weekend_of(date),
                    counted_minutes: period
                        .minutes
                        .map_or_else(|| (end - start).num_minutes(), i64::from),
                });
            }
        }
    }
    duties.sort_by(|a, b| {
        (a.start, a.post, a.period, a.date).cmp(&(b.start, b.post, b.period, b.date))
    });
    for (i, d) in duties.iter_mut().enumerate() {
        d.idx = DutyIdx(i as u32);
    }
    Ok(duties)
}

/// The duties of an instance by post, period and date, found by map look-ups (one per
/// row of a roster file, not a scan): what the checker and `roster::Resolver` use to
/// meet a roster read from a file.
pub struct DutyIndex<'a> {
    instance: &'a Instance,
    duties: std::collections::BTreeMap<(PostIdx, PeriodIdx, NaiveDate), DutyIdx>,
}

impl<'a> DutyIndex<'a> {
    /// The look-ups over `duties`, the duties of `instance`.
    pub fn new(instance: &'a Instance, duties: &[Duty]) -> Self {
        DutyIndex {
            instance,
            duties: duties
                .iter()
                .map(|d| ((d.post, d.period, d.date), d.idx))
                .collect(),
        }
    }

    /// The duty of this post and period on this date.
    pub fn duty_at(&self, post: PostIdx, period: PeriodIdx, date: NaiveDate) -> Option<DutyIdx> {
        self.duties.get(&(post, period, date)).copied()
    }

    /// The duty of the post and period of these ids on this date.
    pub fn duty(&self, date: NaiveDate, post: &str, period: &str) -> Option<DutyIdx> {
        let post = self.instance.post_by_id(post)?;
        let period = self.instance.period_by_id(period)?;
        self.duty_at(post, period, date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    fn paris(s: &str) -> DateTime<Tz> {
        zoned(
            chrono_tz::Europe::Paris,
            NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap(),
        )
    }

    #[test]
    fn spring_night_lasts_eleven_hours() {
        let start = paris("2027-03-27 20:00");
        let end = paris("2027-03-28 08:00");
        assert_eq!((end - start).num_hours(), 11);
        assert_eq!(start.to_rfc3339(), "2027-03-27T20:00:00+01:00");
        assert_eq!(end.to_rfc3339(), "2027-03-28T08:00:00+02:00");
    }

    #[test]
    fn autumn_night_lasts_thirteen_hours() {
        let start = paris("2027-10-30 20:00");
        let end = paris("2027-10-31 08:00");
        assert_eq!((end - start).num_hours(), 13);
        assert_eq!(end.to_rfc3339(), "2027-10-31T08:00:00+01:00");
    }

    #[test]
    fn a_time_in_the_spring_gap_moves_forward() {
        let t = paris("2027-03-28 02:30");
        assert_eq!(t.to_rfc3339(), "2027-03-28T03:30:00+02:00");
    }

    #[test]
    fn a_time_in_the_autumn_fold_takes_its_first_occurrence() {
        let t = paris("2027-10-31 02:30");
        assert_eq!(t.to_rfc3339(), "2027-10-31T02:30:00+02:00");
    }

    /// Friday 08:00 to Wednesday 12:00 (`end_day = 5`), on Fridays only, over the
    /// weeks of both clock changes of 2027, with a second period ending on the Sunday
    /// of the change at 02:30 (in the spring gap, in the autumn fold).
    fn weeks_over_clock_changes() -> Vec<Duty> {
        let text = r#"
name = "semaines"
horizon = { first = 2027-03-22, last = 2027-11-05 }
[[periods]]
id = "semaine"
start = "08:00"
end = "12:00"
end_day = 5
weekdays = ["friday"]
[[periods]]
id = "court"
start = "08:00"
end = "02:30"
end_day = 2
weekdays = ["friday"]
[[posts]]
id = "c"
periods = ["semaine", "court"]
"#;
        let instance = crate::instance::parse("semaines.toml", text).unwrap();
        expand(&instance).unwrap()
    }

    #[test]
    fn a_week_spans_its_days_in_true_instants() {
        let duties = weeks_over_clock_changes();
        let find = |date: &str, period: u32| {
            let date: NaiveDate = date.parse().unwrap();
            duties
                .iter()
                .find(|d| d.date == date && d.period == PeriodIdx(period))
                .unwrap()
        };
        // Only Fridays: 33 of them from 26 March to 5 November, two periods each.
        assert_eq!(duties.len(), 2 * 33);
        assert!(duties
            .iter()
            .all(|d| d.date.weekday() == chrono::Weekday::Fri));
        let spring = find("2027-03-26", 0);
        assert_eq!(spring.start.to_rfc3339(), "2027-03-26T08:00:00+01:00");
        assert_eq!(spring.end.to_rfc3339(), "2027-03-31T12:00:00+02:00");
        assert_eq!(spring.minutes(), 123 * 60);
        assert!(!spring.night);
        assert_eq!(find("2027-04-02", 0).minutes(), 124 * 60);
        let autumn = find("2027-10-29", 0);
        assert_eq!(autumn.end.to_rfc3339(), "2027-11-03T12:00:00+01:00");
        assert_eq!(autumn.minutes(), 125 * 60);
        // An end in the spring gap moves forward; one in the autumn fold takes its
        // first occurrence.
        assert_eq!(
            find("2027-03-26", 1).end.to_rfc3339(),
            "2027-03-28T03:30:00+02:00"
        );
        assert_eq!(
            find("2027-10-29", 1).end.to_rfc3339(),
            "2027-10-31T02:30:00+02:00"
        );
    }

    #[test]
    fn weekend_of_saturday_and_sunday() {
        let sat = NaiveDate::from_ymd_opt(2027, 1, 2).unwrap();
        assert_eq!(weekend_of(sat), Some(sat));
        assert_eq!(weekend_of(sat.succ_opt().unwrap()), Some(sat));
        assert_eq!(weekend_of(sat.pred_opt().unwrap()), None);
        let _ = NaiveTime::MIN;
    }
}
