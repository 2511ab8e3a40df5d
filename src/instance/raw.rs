//! The instance file as the user typed it: serde structs that mirror the TOML, with
//! byte spans (`toml::Spanned`) on every value a diagnostic may have to point at.
//!
//! Nothing here is checked beyond TOML types. Almost every field is optional, so that
//! a missing key is reported by the validation together with every other problem
//! instead of stopping deserialisation at the first one. Integers are read as `i64`
//! for the same reason: a negative or zero count is a located validation error, not
//! a serde failure. Dates and clock times are read as raw TOML values, because a date
//! typed as a string (`"2027-01-01"`) or a clock time typed as a TOML time deserve a
//! precise message rather than a type error.
//!
//! The structs must not use `#[serde(flatten)]` or untagged enums: both buffer their
//! input, which loses the spans and hides unknown keys from `serde_ignored`.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use toml::Spanned;

/// A raw TOML value with its span (dates, clock times).
pub type RawValue = Spanned<toml::Value>;

/// The whole file.
#[derive(Debug, Default, Deserialize)]
pub struct RawInstance {
    /// `name`.
    pub name: Option<Spanned<String>>,
    /// `[horizon]`.
    pub horizon: Option<Spanned<RawHorizon>>,
    /// `[calendar]`.
    pub calendar: Option<Spanned<RawCalendar>>,
    /// `[[periods]]`.
    pub periods: Option<Vec<Spanned<RawPeriod>>>,
    /// `[[posts]]`.
    pub posts: Option<Vec<Spanned<RawPost>>>,
    /// `[rules]`.
    pub rules: Option<Spanned<RawRules>>,
    /// `[fairness]`.
    pub fairness: Option<Spanned<RawFairness>>,
    /// `[preferences]`.
    pub preferences: Option<Spanned<RawPreferences>>,
    /// `[[practitioners]]`.
    pub practitioners: Option<Vec<Spanned<RawPractitioner>>>,
    /// `[coverage]`.
    pub coverage: Option<Spanned<RawCoverage>>,
    /// `places`: demand points.
    pub places: Option<Vec<Spanned<RawPlace>>>,
    /// `emergency_bases`.
    pub emergency_bases: Option<Vec<Spanned<RawBase>>>,
    /// `[objective]`.
    pub objective: Option<Spanned<RawObjective>>,
    /// `[fees]`: the on-call fees (*forfaits d'astreinte*).
    pub fees: Option<Spanned<RawFees>>,
}

/// `[fees]`: the on-call fee of each period, in euros.
#[derive(Debug, Default, Deserialize)]
pub struct RawFees {
    /// Post kinds whose duties are paid.
    pub post_kinds: Option<Vec<Spanned<String>>>,
    /// Euros per hour of a period not listed in `periods`.
    pub per_hour: Option<Spanned<f64>>,
    /// Euros per duty, by period id.
    pub periods: Option<std::collections::BTreeMap<String, Spanned<f64>>>,
    /// Euros per duty, by period id then day kind, replacing `periods` on those kinds.
    pub by_day_kind: Option<
        std::collections::BTreeMap<String, std::collections::BTreeMap<String, Spanned<f64>>>,
    >,
}

/// `[objective]`: how the terms of the objective are combined.
#[derive(Debug, Default, Deserialize)]
pub struct RawObjective {
    /// `lexicographic` (default) or `weighted`.
    pub mode: Option<Spanned<String>>,
}

/// `[coverage]`: the threshold and the travel-time estimate.
#[derive(Debug, Default, Deserialize)]
pub struct RawCoverage {
    /// Minutes within which a place counts as covered.
    pub threshold_minutes: Option<Spanned<i64>>,
    /// Average road speed, km/h.
    pub road_speed_kmh: Option<Spanned<f64>>,
    /// Road km per great-circle km.
    pub detour_factor: Option<Spanned<f64>>,
    /// Minutes added to every estimate.
    pub dispatch_minutes: Option<Spanned<f64>>,
    /// CSV of explicit travel times, relative to the instance file.
    pub travel_matrix: Option<Spanned<String>>,
}

/// One demand point.
#[derive(Debug, Default, Deserialize)]
pub struct RawPlace {
    /// Id.
    pub id: Option<Spanned<String>>,
    /// Name.
    pub name: Option<String>,
    /// Residents.
    pub population: Option<Spanned<i64>>,
    /// Latitude.
    pub lat: Option<Spanned<f64>>,
    /// Longitude.
    pub lon: Option<Spanned<f64>>,
}

/// One emergency base.
#[derive(Debug, Default, Deserialize)]
pub struct RawBase {
    /// Id.
    pub id: Option<Spanned<String>>,
    /// Name.
    pub name: Option<String>,
    /// Latitude.
    pub lat: Option<Spanned<f64>>,
    /// Longitude.
    pub lon: Option<Spanned<f64>>,
}

/// `[horizon]`.
#[derive(Debug, Default, Deserialize)]
pub struct RawHorizon {
    /// First date, inclusive.
    pub first: Option<RawValue>,
    /// Last date, inclusive.
    pub last: Option<RawValue>,
    /// IANA time zone name.
    pub time_zone: Option<Spanned<String>>,
}

/// `[calendar]`.
#[derive(Debug, Default, Deserialize)]
pub struct RawCalendar {
    /// Regional calendars.
    pub regional: Option<Vec<Spanned<String>>>,
    /// Whether bridge days exist.
    pub bridge_days: Option<bool>,
    /// Broad reading of bridges.
    pub saturday_after_thursday_holiday_bridge: Option<bool>,
    /// Whether deep-night periods are organised.
    pub deep_night: Option<bool>,
    /// Dates forced to a kind.
    pub overrides: Option<Vec<Spanned<RawOverride>>>,
}

/// One `[calendar] overrides` entry.
#[derive(Debug, Default, Deserialize)]
pub struct RawOverride {
    /// The date.
    pub date: Option<RawValue>,
    /// The day kind it is forced to.
    pub kind: Option<Spanned<String>>,
}

/// One `[[periods]]`.
#[derive(Debug, Default, Deserialize)]
pub struct RawPeriod {
    /// Id.
    pub id: Option<Spanned<String>>,
    /// Label.
    pub label: Option<String>,
    /// Start clock time.
    pub start: Option<RawValue>,
    /// End clock time.
    pub end: Option<RawValue>,
    /// The day of the end, counted from the duty's date (0: the same day).
    pub end_day: Option<Spanned<i64>>,
    /// Starts after midnight but belongs to the evening's date.
    pub after_midnight: Option<bool>,
    /// Day kinds on which the period exists.
    pub day_kinds: Option<Spanned<Vec<Spanned<String>>>>,
    /// Weekdays on which the period exists.
    pub weekdays: Option<Spanned<Vec<Spanned<String>>>>,
    /// Night duty.
    pub night: Option<bool>,
    /// Part of the deep night.
    pub deep_night: Option<bool>,
    /// Minutes counted towards working time (default: the true duration).
    pub minutes: Option<Spanned<i64>>,
    /// Periods the same person may not hold on the next date.
    pub not_followed_by: Option<Vec<Spanned<String>>>,
}

/// One `[[posts]]`.
#[derive(Debug, Default, Deserialize)]
pub struct RawPost {
    /// Id.
    pub id: Option<Spanned<String>>,
    /// Label.
    pub label: Option<String>,
    /// Post kind.
    pub kind: Option<Spanned<String>>,
    /// Period ids.
    pub periods: Option<Vec<Spanned<String>>>,
    /// Demand: one integer or a table per period.
    pub demand: Option<Spanned<RawDemand>>,
    /// Required qualifications.
    pub qualifications: Option<Vec<String>>,
    /// Post ids that may be held at the same time.
    pub combinable_with: Option<Vec<Spanned<String>>>,
    /// Where the duty is held.
    pub location: Option<String>,
    /// The number patients call.
    pub phone: Option<String>,
    /// Whether bridge days are organised here.
    pub bridge_days: Option<bool>,
    /// Whether one person holds the whole weekend.
    pub weekend_bundle: Option<bool>,
    /// Dates outside which the post is closed.
    pub season: Option<Spanned<RawSeason>>,
    /// Whether an empty seat counts in the first level.
    pub required: Option<bool>,
    /// Professions allowed.
    pub professions: Option<Vec<Spanned<String>>>,
    /// Demand of single dates, overriding `demand`.
    pub demand_on: Option<Vec<Spanned<RawDemandOn>>>,
    /// Cost of one empty seat.
    pub under_cover_weight: Option<Spanned<f64>>,
    /// Cost of one person above the demand; absent: nobody above the demand.
    pub over_cover_weight: Option<Spanned<f64>>,
    /// Place id where the duty is held (travel).
    pub place: Option<Spanned<String>>,
    /// Cost of each distinct practitioner holding a duty of the post.
    pub continuity_weight: Option<Spanned<f64>>,
}

/// One `demand_on` entry: `{ date = D, period = "E", demand = 2 }`.
#[derive(Debug, Default, Deserialize)]
pub struct RawDemandOn {
    /// The date of the duty.
    pub date: Option<RawValue>,
    /// The period.
    pub period: Option<Spanned<String>>,
    /// How many people at once (0 allowed).
    pub demand: Option<Spanned<i64>>,
}

/// `season = { first = ..., last = ... }`.
#[derive(Debug, Default, Deserialize)]
pub struct RawSeason {
    /// First open date.
    pub first: Option<RawValue>,
    /// Last open date.
    pub last: Option<RawValue>,
}

/// `demand`: one integer for every period, or a table period → integer.
#[derive(Debug, Clone, PartialEq)]
pub enum RawDemand {
    /// `demand = 2`.
    All(i64),
    /// `demand = { nuit = 1, jour = 2 }`, in file order. The keys carry no span (the
    /// validation finds them in the document tree).
    PerPeriod(Vec<(String, Spanned<i64>)>),
}

impl<'de> Deserialize<'de> for RawDemand {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DemandVisitor;

        impl<'de> Visitor<'de> for DemandVisitor {
            type Value = RawDemand;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(super::labels::DEMAND_EXPECTED)
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawDemand, E> {
                Ok(RawDemand::All(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawDemand, E> {
                Ok(RawDemand::All(i64::try_from(v).unwrap_or(i64::MAX)))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawDemand, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value::<Spanned<i64>>()?;
                    entries.push((key, value));
                }
                Ok(RawDemand::PerPeriod(entries))
            }
        }

        deserializer.deserialize_any(DemandVisitor)
    }
}

/// `[rules]`.
#[derive(Debug, Default, Deserialize)]
pub struct RawRules {
    /// Hours of rest after a night.
    pub min_rest_after_night_hours: Option<Spanned<i64>>,
    /// Hours of rest after any duty.
    pub min_rest_hours: Option<Spanned<i64>>,
    /// No night duties on two consecutive dates.
    pub no_two_nights_in_a_row: Option<bool>,
    /// Spacing in days between duties.
    pub min_days_between_duties: Option<Spanned<i64>>,
    /// Maximum per ISO week.
    pub max_per_week: Option<Spanned<i64>>,
    /// Maximum per calendar month.
    pub max_per_month: Option<Spanned<i64>>,
    /// Maximum over the horizon.
    pub max_per_horizon: Option<Spanned<i64>>,
    /// Maximum weekends with a duty.
    pub max_weekends: Option<Spanned<i64>>,
    /// Longest run of consecutive dates with a duty.
    pub max_consecutive_days: Option<Spanned<i64>>,
    /// Shortest run of consecutive dates with a duty.
    pub min_consecutive_days: Option<Spanned<i64>>,
    /// Shortest run of consecutive dates without a duty.
    pub min_consecutive_days_off: Option<Spanned<i64>>,
    /// Least counted minutes over the horizon.
    pub min_minutes: Option<Spanned<i64>>,
    /// Most counted minutes over the horizon.
    pub max_minutes: Option<Spanned<i64>>,
    /// Maximum duties per period over the horizon, period id → count.
    pub max_per_period: Option<Spanned<RawCounts>>,
    /// Maximum duties per calendar month on posts of a kind, post kind → count.
    pub max_per_month_by_kind: Option<Spanned<RawCounts>>,
    /// One person per post's weekend.
    pub weekend_bundle: Option<bool>,
    /// Minimum runs touching the horizon's first or last date are exempt.
    pub exempt_runs_at_horizon_ends: Option<bool>,
}

/// `[fairness]`.
#[derive(Debug, Default, Deserialize)]
pub struct RawFairness {
    /// Weight of the min-max term.
    pub worst_overload_weight: Option<Spanned<f64>>,
    /// Share of the history carried into targets.
    pub history_weight: Option<Spanned<f64>>,
    /// `[[fairness.categories]]`.
    pub categories: Option<Vec<Spanned<RawCategory>>>,
}

/// One `[[fairness.categories]]`.
#[derive(Debug, Default, Deserialize)]
pub struct RawCategory {
    /// Id.
    pub id: Option<Spanned<String>>,
    /// Label.
    pub label: Option<String>,
    /// Burden weight.
    pub weight: Option<Spanned<f64>>,
    /// Day kinds matched.
    pub day_kinds: Option<Vec<Spanned<String>>>,
    /// Periods matched.
    pub periods: Option<Vec<Spanned<String>>>,
    /// Post kinds matched.
    pub post_kinds: Option<Vec<Spanned<String>>>,
    /// Month-days matched (`"12-25"`).
    pub month_days: Option<Vec<Spanned<String>>>,
    /// Months matched (1 to 12).
    pub months: Option<Vec<Spanned<i64>>>,
    /// What the targets share out: `"demand"` or `"filled"`.
    pub targets: Option<Spanned<String>>,
}

/// `[preferences]`.
#[derive(Debug, Default, Deserialize)]
pub struct RawPreferences {
    /// Multiplier on wish weights.
    pub wish_weight: Option<Spanned<f64>>,
    /// Penalty for holding two combinable duties at once.
    pub combined_duty_penalty: Option<Spanned<f64>>,
    /// Cost of one kilometre travelled.
    pub travel_weight: Option<Spanned<f64>>,
}

/// One `[[practitioners]]`.
#[derive(Debug, Default, Deserialize)]
pub struct RawPractitioner {
    /// Id.
    pub id: Option<Spanned<String>>,
    /// Display name.
    pub name: Option<String>,
    /// Contact address.
    pub email: Option<String>,
    /// Profession.
    pub profession: Option<String>,
    /// Qualifications held.
    pub qualifications: Option<Vec<String>>,
    /// Post ids where they may serve.
    pub posts: Option<Vec<Spanned<String>>>,
    /// Participation share.
    pub share: Option<Spanned<f64>>,
    /// Duties pledged over the horizon.
    pub pledge: Option<Spanned<i64>>,
    /// Personal limits.
    pub limits: Option<Spanned<RawLimits>>,
    /// Earlier duties per category id, in file order. The keys carry no span (the
    /// validation finds them in the document tree).
    pub history: Option<Spanned<RawHistory>>,
    /// Unavailabilities.
    pub unavailable: Option<Vec<Spanned<RawTarget>>>,
    /// The only days they are available (day targets).
    pub available: Option<Vec<Spanned<RawTarget>>>,
    /// Wishes.
    pub wishes: Option<Vec<Spanned<RawWish>>>,
    /// Practice place id.
    pub place: Option<Spanned<String>>,
}

/// `history = { weekend = 3 }`, in file order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RawHistory(pub Vec<(String, Spanned<f64>)>);

impl<'de> Deserialize<'de> for RawHistory {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HistoryVisitor;

        impl<'de> Visitor<'de> for HistoryVisitor {
            type Value = RawHistory;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(super::labels::HISTORY_EXPECTED)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawHistory, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value::<Spanned<f64>>()?;
                    entries.push((key, value));
                }
                Ok(RawHistory(entries))
            }
        }

        deserializer.deserialize_map(HistoryVisitor)
    }
}

/// `limits = { ... }`.
#[derive(Debug, Default, Deserialize)]
pub struct RawLimits {
    /// Maximum per ISO week.
    pub max_per_week: Option<Spanned<i64>>,
    /// Maximum per calendar month.
    pub max_per_month: Option<Spanned<i64>>,
    /// Maximum over the horizon.
    pub max_per_horizon: Option<Spanned<i64>>,
    /// Maximum weekends with a duty.
    pub max_weekends: Option<Spanned<i64>>,
    /// Longest run of consecutive dates with a duty.
    pub max_consecutive_days: Option<Spanned<i64>>,
    /// Shortest run of consecutive dates with a duty.
    pub min_consecutive_days: Option<Spanned<i64>>,
    /// Shortest run of consecutive dates without a duty.
    pub min_consecutive_days_off: Option<Spanned<i64>>,
    /// Least counted minutes over the horizon.
    pub min_minutes: Option<Spanned<i64>>,
    /// Most counted minutes over the horizon.
    pub max_minutes: Option<Spanned<i64>>,
    /// Maximum duties per period over the horizon, period id → count.
    pub max_per_period: Option<Spanned<RawCounts>>,
    /// Maximum duties per calendar month on posts of a kind, post kind → count.
    pub max_per_month_by_kind: Option<Spanned<RawCounts>>,
    /// Spacing in days between duties, replacing the rules'.
    pub min_days_between_duties: Option<Spanned<i64>>,
}

/// `max_per_period = { E = 5 }`, in file order. The keys carry no span (the validation
/// finds them in the document tree).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RawCounts(pub Vec<(String, Spanned<i64>)>);

impl<'de> Deserialize<'de> for RawCounts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CountsVisitor;

        impl<'de> Visitor<'de> for CountsVisitor {
            type Value = RawCounts;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(super::labels::COUNTS_EXPECTED)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawCounts, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value::<Spanned<i64>>()?;
                    entries.push((key, value));
                }
                Ok(RawCounts(entries))
            }
        }

        deserializer.deserialize_map(CountsVisitor)
    }
}

/// What an unavailability or a wish is about: `{ from, to }`, `{ date }` or
/// `{ post, period, date }`. Which keys are present is checked by the validation.
#[derive(Debug, Default, Deserialize)]
pub struct RawTarget {
    /// First day of a range.
    pub from: Option<RawValue>,
    /// Last day of a range.
    pub to: Option<RawValue>,
    /// One day, or the date of one duty.
    pub date: Option<RawValue>,
    /// The post of one duty.
    pub post: Option<Spanned<String>>,
    /// The period of one duty.
    pub period: Option<Spanned<String>>,
}

/// One wish: `{ off = target, weight = n }` or `{ on = target, weight = n }`.
#[derive(Debug, Default, Deserialize)]
pub struct RawWish {
    /// Duties the practitioner would rather not take.
    pub off: Option<Spanned<RawTarget>>,
    /// Duties the practitioner would like to take.
    pub on: Option<Spanned<RawTarget>>,
    /// Penalty if refused.
    pub weight: Option<Spanned<i64>>,
}

/// The field names of a derived struct, as serde sees them, for the did-you-mean of
/// unknown keys. Reads the `fields` argument serde passes to `deserialize_struct`, so
/// the list cannot drift from the struct.
pub fn fields_of<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    struct Capture<'a>(&'a mut &'static [&'static str]);

    #[derive(Debug)]
    struct Stop;

    impl fmt::Display for Stop {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("field capture")
        }
    }

    impl std::error::Error for Stop {}

    impl de::Error for Stop {
        fn custom<M: fmt::Display>(_: M) -> Self {
            Stop
        }
    }

    impl<'de> Deserializer<'de> for Capture<'_> {
        type Error = Stop;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Stop> {
            *self.0 = fields;
            Err(Stop)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }

    let mut fields: &'static [&'static str] = &[];
    // The error is the expected outcome: deserialisation stops once the names are read.
    let _ = T::deserialize(Capture(&mut fields));
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_reads_the_struct_fields() {
        assert_eq!(fields_of::<RawSeason>(), &["first", "last"]);
        assert!(fields_of::<RawRules>().contains(&"max_per_week"));
        assert!(fields_of::<RawDemand>().is_empty());
    }
}
