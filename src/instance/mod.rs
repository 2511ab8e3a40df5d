//! The instance: what a coordinator describes in one TOML file.
//!
//! Two layers, in ripgrep's low/high split: [`raw`] mirrors the TOML with spans (what
//! the user typed), and the types of this module are what the rest of the crate may
//! trust: ids resolved to dense indices, clock times parsed, dates inside the horizon,
//! shares positive. Nothing downstream re-validates. [`parse`] turns text into an
//! [`Instance`] or into the complete list of problems found in the file
//! ([`Diagnostics`]), each located by file, line and column.
//!
//! This module must not know about duties, the model or outputs.

mod diagnostic;
mod labels;
mod locate;
pub mod raw;
mod sink;
mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{NaiveDate, NaiveTime, WeekdaySet};
use chrono_tz::Tz;

use crate::calendar::{CalendarOptions, DayKind};

pub(crate) use diagnostic::line_column;
pub use diagnostic::{codes, Diagnostic, Diagnostics, LoadError};
pub(crate) use sink::Sink;
pub use validate::{load, load_with_warnings, parse, parse_with_warnings};

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub String);
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl $name {
            /// The id as written in the instance file.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    };
}

macro_rules! idx_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);
        impl $name {
            /// The index as a `usize`, to index the instance's vectors.
            pub fn get(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// A practitioner's id as written in the instance (`d07`).
    PractitionerId
);
id_type!(
    /// A post's id as written in the instance (`mende`).
    PostId
);
id_type!(
    /// A period's id as written in the instance (`nuit`).
    PeriodId
);
id_type!(
    /// A fairness category's id as written in the instance (`weekend`).
    CategoryId
);

idx_type!(
    /// Dense index into [`Instance::practitioners`].
    PracIdx
);
idx_type!(
    /// Dense index into [`Instance::posts`].
    PostIdx
);
idx_type!(
    /// Dense index into [`Instance::periods`].
    PeriodIdx
);
idx_type!(
    /// Dense index into [`Fairness::categories`].
    CategoryIdx
);
idx_type!(
    /// Dense index into [`Geography::places`].
    PlaceIdx
);

/// A validated instance. Every index inside points into this instance's vectors.
#[derive(Clone, Debug)]
pub struct Instance {
    /// Free-text name, shown in reports.
    pub name: String,
    /// First and last date and time zone.
    pub horizon: Horizon,
    /// Which holiday calendars and bridge rules apply, and the coordinator's overrides.
    pub calendar: CalendarOptions,
    /// Whether periods marked `deep_night` are organised (PDSA.md §1.4).
    pub deep_night: bool,
    /// The periods, in file order.
    pub periods: Vec<Period>,
    /// The posts, in file order.
    pub posts: Vec<Post>,
    /// The practitioners, in file order.
    pub practitioners: Vec<Practitioner>,
    /// Hard rules (rest, spacing, maxima, bundling).
    pub rules: Rules,
    /// Fairness categories and weights.
    pub fairness: Fairness,
    /// Weights of the preference level (wishes, combined duties).
    pub preferences: Preferences,
    /// Demand points, emergency bases and travel times, when the file has `places`
    /// (MCS coverage, docs/rules.md "Population coverage").
    pub geography: Option<Geography>,
    /// How the objective's terms are combined.
    pub objective: ObjectiveMode,
    /// The on-call fees (`[fees]`), defaults when the file has none.
    pub fees: Fees,
}

/// How the objective's terms are combined (docs/model.md, "Objective modes").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ObjectiveMode {
    /// Empty seats first, then fairness, then preferences, each level optimised given
    /// the ones before (PDSA.md §7.5). The default.
    #[default]
    Lexicographic,
    /// One weighted sum: under-cover × its weight + over-cover × its weight + wishes +
    /// combined duties + fairness (the staff-rostering benchmarks' objective).
    Weighted,
}

impl ObjectiveMode {
    /// The word of the instance file.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectiveMode::Lexicographic => "lexicographic",
            ObjectiveMode::Weighted => "weighted",
        }
    }
}

/// Where people live, where help leaves from, and how long it takes.
///
/// Travel times are input data, resolved once at validation (from the file's matrix or
/// estimated from great-circle distance), so that the model and the checker read the
/// same minutes without sharing any code that computes coverage.
#[derive(Clone, Debug, PartialEq)]
pub struct Geography {
    /// A place is covered when help is at most this many minutes away.
    pub threshold_minutes: u32,
    /// Average road speed of the estimate, km/h.
    pub road_speed_kmh: f64,
    /// Road kilometres per great-circle kilometre, in the estimate.
    pub detour_factor: f64,
    /// Minutes added to every estimated time.
    pub dispatch_minutes: f64,
    /// The demand points (communes), in file order.
    pub places: Vec<Place>,
    /// The emergency bases (SMUR), in file order.
    pub bases: Vec<EmergencyBase>,
    /// `between_places[from][to]`: minutes from place `from` to place `to`.
    pub between_places: Vec<Vec<f64>>,
    /// `from_bases[base][to]`: minutes from a base to a place.
    pub from_bases: Vec<Vec<f64>>,
    /// The travel-matrix file, as written in the instance, and how many of its pairs
    /// replaced an estimate.
    pub matrix: Option<(String, usize)>,
    /// Round-trip kilometres of one duty, `2 × great-circle km × detour_factor` from the
    /// practitioner's place (their home) to the post's, for every practitioner with a
    /// place and every post with a place they serve.
    pub travel_km: BTreeMap<(PracIdx, PostIdx), f64>,
}

impl Geography {
    /// Whether a base reaches the place within the threshold.
    pub fn base_covers(&self, place: PlaceIdx) -> bool {
        let limit = f64::from(self.threshold_minutes);
        self.from_bases.iter().any(|row| row[place.get()] <= limit)
    }

    /// Whether someone practising at `from` reaches `to` within the threshold.
    pub fn place_reaches(&self, from: PlaceIdx, to: PlaceIdx) -> bool {
        self.between_places[from.get()][to.get()] <= f64::from(self.threshold_minutes)
    }

    /// Total population of the places.
    pub fn population(&self) -> u64 {
        self.places.iter().map(|p| u64::from(p.population)).sum()
    }
}

/// A demand point: a commune's population attached to one point (its town hall).
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// Id (the INSEE code for a commune).
    pub id: String,
    /// Name.
    pub name: String,
    /// Residents.
    pub population: u32,
    /// Latitude, degrees WGS84.
    pub lat: f64,
    /// Longitude, degrees WGS84.
    pub lon: f64,
}

/// An emergency base whose team reaches places by road (a SMUR).
#[derive(Clone, Debug, PartialEq)]
pub struct EmergencyBase {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Latitude, degrees WGS84.
    pub lat: f64,
    /// Longitude, degrees WGS84.
    pub lon: f64,
}

/// The dates the roster covers, both inclusive, and the zone its clock times are in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Horizon {
    /// First date (inclusive).
    pub first: NaiveDate,
    /// Last date (inclusive).
    pub last: NaiveDate,
    /// Time zone of every clock time in the instance.
    pub time_zone: Tz,
}

impl Horizon {
    /// Whether `date` lies in the horizon.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last
    }

    /// Every date of the horizon, in order.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> {
        let last = self.last;
        self.first.iter_days().take_while(move |d| *d <= last)
    }
}

/// A named time window attached to day kinds, expanded per date into duties.
#[derive(Clone, Debug)]
pub struct Period {
    /// Id (`nuit`).
    pub id: PeriodId,
    /// French label (`Nuit`).
    pub label: String,
    /// Local clock time at which it starts.
    pub start: NaiveTime,
    /// Local clock time at which it ends, on the day `end_day` after the start's.
    pub end: NaiveTime,
    /// Days from the start's date to the end's (resolved: `end = "24:00"` is 00:00 of
    /// the day after, so `08:00`–`24:00` has 1; `20:00`–`08:00` has 1; Monday 08:00 to
    /// Saturday 12:00 has 5). The end comes after the start.
    pub end_day: u32,
    /// The period starts after midnight but belongs to the evening's date (deep night
    /// 00:00–08:00 of the night of D belongs to D, PDSA.md §1.5).
    pub after_midnight: bool,
    /// Day kinds (of the date the duty belongs to) on which the period exists.
    pub day_kinds: BTreeSet<DayKind>,
    /// Weekdays (of the date the duty belongs to) on which the period exists; all
    /// seven by default.
    pub weekdays: WeekdaySet,
    /// Night duties get the rest after a night and the "no two nights in a row" rule.
    pub night: bool,
    /// Part of the deep night, dropped when the instance switches deep night off.
    pub deep_night: bool,
    /// Minutes a duty of this period counts towards working time; `None`: its true
    /// duration.
    pub minutes: Option<u32>,
    /// Periods the same person may not hold on the date after one of this period
    /// (a forbidden succession, whatever the posts).
    pub not_followed_by: BTreeSet<PeriodIdx>,
}

/// What kind of roster a post belongs to (PDSA.md §8 glossary).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PostKind {
    /// A PDSA sector (*secteur de garde*).
    Pdsa,
    /// A SAMU correspondent doctors' zone.
    McsZone,
    /// A *maison médicale de garde*.
    Mmg,
    /// A mobile on-call doctor (VRM/VLM in labels only).
    MobileDoctor,
    /// A physiotherapists' weekend bronchiolitis roster.
    PhysioWeekend,
    /// Anything else.
    Other,
}

impl PostKind {
    /// The word of the instance file (`pdsa`, `mcs`, ...).
    pub fn word(self) -> &'static str {
        match self {
            PostKind::Pdsa => "pdsa",
            PostKind::McsZone => "mcs",
            PostKind::Mmg => "mmg",
            PostKind::MobileDoctor => "mobile_doctor",
            PostKind::PhysioWeekend => "physio_weekend",
            PostKind::Other => "other",
        }
    }
}

/// A place that needs someone on duty.
#[derive(Clone, Debug)]
pub struct Post {
    /// Id (`mende`).
    pub id: PostId,
    /// French label (`Secteur de Mende`).
    pub label: String,
    /// Kind of roster.
    pub kind: PostKind,
    /// Periods to cover, with how many people at once for each (at least 1).
    pub demand: BTreeMap<PeriodIdx, u32>,
    /// Qualifications a practitioner must all hold to serve here.
    pub qualifications: BTreeSet<String>,
    /// Posts one person may hold at the same time as this one (symmetric).
    pub combinable_with: BTreeSet<PostIdx>,
    /// Where the duty is held, for the iCal LOCATION.
    pub location: Option<String>,
    /// The number patients call (regulation), for the iCal DESCRIPTION.
    pub phone: Option<String>,
    /// Whether bridge days are organised for this post; when not, a bridge day counts
    /// as its ordinary kind (weekday or saturday) for this post.
    pub bridge_days: bool,
    /// Dates outside which the post is closed (a winter season), both inclusive.
    pub season: Option<(NaiveDate, NaiveDate)>,
    /// Whether one person holds the whole weekend of this post (overrides the rule).
    pub weekend_bundle: bool,
    /// Whether an empty seat is an empty seat of the roster (first level). MCS seats
    /// are optional by default: they are valued by the population they cover.
    pub required: bool,
    /// Professions allowed to serve here; empty means any.
    pub professions: BTreeSet<String>,
    /// Demand of single dates, replacing `demand` there (0: no seat that date).
    pub demand_on: BTreeMap<(NaiveDate, PeriodIdx), u32>,
    /// Cost of one empty seat (1 unless set; the weight of the seat within the first
    /// level, or in the weighted sum).
    pub under_cover_weight: f64,
    /// Cost of one person above the demand; `None`: never more people than the demand.
    pub over_cover_weight: Option<f64>,
    /// Where the duty is held, for travel ([`Instance::travel_km`]).
    pub place: Option<PlaceIdx>,
    /// Cost of each distinct practitioner who holds at least one duty of the post
    /// (level 3); `None`: no such cost.
    pub continuity_weight: Option<f64>,
}

impl Post {
    /// How many people at once on this period and date (`demand_on`, else `demand`).
    pub fn demand_at(&self, date: NaiveDate, period: PeriodIdx) -> u32 {
        self.demand_on
            .get(&(date, period))
            .or_else(|| self.demand.get(&period))
            .copied()
            .unwrap_or(0)
    }
}

/// Something a practitioner cannot do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unavailability {
    /// Every duty overlapping these local days (inclusive).
    Dates {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
    /// One duty.
    Duty {
        /// The post.
        post: PostIdx,
        /// The period.
        period: PeriodIdx,
        /// The date the duty belongs to.
        date: NaiveDate,
    },
}

/// Whether a wish asks for duties or for time off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum WishKind {
    /// Would rather not be on duty.
    Off,
    /// Would like to be on duty.
    On,
}

/// A weighted wish (*desiderata*).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wish {
    /// Off or on.
    pub kind: WishKind,
    /// Which duties it is about, in the same words as an unavailability.
    pub target: Unavailability,
    /// Penalty if refused (positive integer).
    pub weight: u32,
}

/// Personal limits; `None` falls back to the instance's rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    /// Maximum duties per ISO week.
    pub max_per_week: Option<u32>,
    /// Maximum duties per calendar month.
    pub max_per_month: Option<u32>,
    /// Maximum duties over the horizon.
    pub max_per_horizon: Option<u32>,
    /// Maximum weekends with at least one duty.
    pub max_weekends: Option<u32>,
    /// Longest run of consecutive dates with at least one duty.
    pub max_consecutive_days: Option<u32>,
    /// Shortest run of consecutive dates with a duty (see
    /// [`Rules::exempt_runs_at_horizon_ends`]).
    pub min_consecutive_days: Option<u32>,
    /// Shortest run of consecutive dates without a duty (same exemption).
    pub min_consecutive_days_off: Option<u32>,
    /// Least counted minutes over the horizon ([`Period::minutes`]).
    pub min_minutes: Option<u32>,
    /// Most counted minutes over the horizon.
    pub max_minutes: Option<u32>,
    /// Maximum duties of a period over the horizon (0: never that period).
    pub max_per_period: BTreeMap<PeriodIdx, u32>,
    /// Maximum duties per calendar month on the posts of a kind (`{ mcs = 6 }`).
    pub max_per_month_by_kind: BTreeMap<PostKind, u32>,
    /// Spacing in days between two duties on different dates (rule 6), replacing
    /// [`Rules::min_days_between_duties`]; [`Instance::limits_of`] always sets it.
    pub min_days_between_duties: Option<u32>,
}

/// A doctor (or physiotherapist, nurse...) who may take duties.
#[derive(Clone, Debug)]
pub struct Practitioner {
    /// Id (`d07`), used in file names and UIDs.
    pub id: PractitionerId,
    /// Display name.
    pub name: String,
    /// Contact address.
    pub email: Option<String>,
    /// Profession (`medecin`, `kine`, ...).
    pub profession: String,
    /// Qualifications held (`mcs`, `physio`).
    pub qualifications: BTreeSet<String>,
    /// Posts where they may serve.
    pub posts: BTreeSet<PostIdx>,
    /// Participation share (1.0 full, 0.5 half); always > 0. The pledge when the file
    /// gives one and no share.
    pub share: f64,
    /// Duties (weeks, for a weekly rotation) pledged over the horizon: the share and the
    /// personal `max_per_horizon` unless the file gives them.
    pub pledge: Option<u32>,
    /// Dates and duties they cannot take. The days outside `available` are among them,
    /// as `Dates` ranges.
    pub unavailable: Vec<Unavailability>,
    /// The only days they are available, as written (inclusive ranges, in file order);
    /// `None`: no such list. Already turned into `unavailable` ranges.
    pub available: Option<Vec<(NaiveDate, NaiveDate)>>,
    /// Weighted wishes.
    pub wishes: Vec<Wish>,
    /// Personal limits.
    pub limits: Limits,
    /// Duties done in earlier quarters, per fairness category.
    pub history: BTreeMap<CategoryIdx, f64>,
    /// The place they practise at, when the instance has places.
    pub place: Option<PlaceIdx>,
}

/// Hard rules of the roster (PDSA.md §7.2: customs, all configurable).
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    /// Minimum hours between the end of a night duty and the next duty.
    pub min_rest_after_night_hours: u32,
    /// Minimum hours between the end of any duty and the next duty.
    pub min_rest_hours: u32,
    /// Nobody holds night duties on two consecutive dates.
    pub no_two_nights_in_a_row: bool,
    /// Two duties on different dates must be at least this many days apart
    /// (0 or 1: no spacing). Duties of one weekend bundle are exempt.
    pub min_days_between_duties: u32,
    /// Default limits for everyone.
    pub limits: Limits,
    /// One person holds every duty of a post's weekend (Saturday and Sunday dates).
    pub weekend_bundle: bool,
    /// A run of dates with (or without) duties that starts on the horizon's first date
    /// or ends on its last one is exempt from the minimum run lengths: the dates beyond
    /// the horizon are unknown.
    pub exempt_runs_at_horizon_ends: bool,
}

/// Fairness: categories of burden and how deviations are weighed.
#[derive(Clone, Debug, PartialEq)]
pub struct Fairness {
    /// Categories, in file order; a duty falls in the first that matches.
    pub categories: Vec<Category>,
    /// Weight of the worst practitioner's weighted overload (min-max term) against the
    /// sum of deviations.
    pub worst_overload_weight: f64,
    /// How much of the history excess is carried into the targets (0 to 1).
    pub history_weight: f64,
}

/// A fairness category (weeknight, weekend, holiday, Christmas–New Year...).
#[derive(Clone, Debug, PartialEq)]
pub struct Category {
    /// Id (`weekend`).
    pub id: CategoryId,
    /// French label.
    pub label: String,
    /// Burden weight of one duty of this category.
    pub weight: f64,
    /// Day kinds it matches (empty: any).
    pub day_kinds: BTreeSet<DayKind>,
    /// Periods it matches (empty: any).
    pub periods: BTreeSet<PeriodIdx>,
    /// Post kinds it matches (empty: any).
    pub post_kinds: BTreeSet<PostKind>,
    /// Month-days it matches (`(12, 24)`; empty: any).
    pub month_days: BTreeSet<(u32, u32)>,
    /// Months it matches (1 to 12; empty: any).
    pub months: BTreeSet<u32>,
    /// What its fairness targets share out: every seat, or the seats the roster fills.
    pub targets: TargetBasis,
}

/// What the fairness targets of a category share out (docs/rules.md, level 2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TargetBasis {
    /// Every seat of the category's duties (their demand): the targets are constants
    /// of the instance (`targets = "demand"`).
    #[default]
    Demand,
    /// The seats the roster fills: each duty is shared by its holders' count instead of
    /// its demand, so the targets move with the roster (`targets = "filled"`). Meant for
    /// optional seats (MCS on-calls), of which only a part is ever filled.
    Filled,
}

impl TargetBasis {
    /// The basis of a category that does not say: `Filled` when every post it may match
    /// (by post kind and period) is optional and there is at least one, else `Demand`.
    pub fn default_for(category: &Category, posts: &[Post]) -> TargetBasis {
        let mut matched = posts.iter().filter(|p| {
            (category.post_kinds.is_empty() || category.post_kinds.contains(&p.kind))
                && (category.periods.is_empty()
                    || p.demand.keys().any(|e| category.periods.contains(e)))
        });
        let mut any = false;
        let all_optional = matched.all(|p| {
            any = true;
            !p.required
        });
        if any && all_optional {
            TargetBasis::Filled
        } else {
            TargetBasis::Demand
        }
    }
}

impl Category {
    /// Whether a duty with these attributes falls in this category.
    pub fn matches(
        &self,
        date: NaiveDate,
        day_kind: DayKind,
        period: PeriodIdx,
        post_kind: PostKind,
    ) -> bool {
        use chrono::Datelike;
        (self.day_kinds.is_empty() || self.day_kinds.contains(&day_kind))
            && (self.periods.is_empty() || self.periods.contains(&period))
            && (self.post_kinds.is_empty() || self.post_kinds.contains(&post_kind))
            && (self.month_days.is_empty() || self.month_days.contains(&(date.month(), date.day())))
            && (self.months.is_empty() || self.months.contains(&date.month()))
    }
}

/// Weights of the lowest objective level.
#[derive(Clone, Debug, PartialEq)]
pub struct Preferences {
    /// Multiplier on every wish weight.
    pub wish_weight: f64,
    /// Penalty for one person holding two combinable duties at once (PDSA.md §7.5).
    pub combined_duty_penalty: f64,
    /// Cost of one kilometre travelled (duties of posts with a `place`).
    pub travel_weight: f64,
}

/// The on-call fees (*forfaits d'astreinte*, PDSA.md §4.1) of `[fees]`, in euro cents.
///
/// A duty of a paid post kind earns `by_day_kind[(period, kind)]`, else
/// `periods[period]`, else `per_hour_cents` × the period's clock length (its start to
/// its end, whatever the clock changes). Defaults: PDSA and MMG posts, €12.50 an hour,
/// i.e. the national floor of €150 per 12-hour period and the 2005 scale (€50 for
/// 20:00–24:00, €100 for 00:00–08:00); amounts from that default hourly rate are
/// estimates, which the outputs say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fees {
    /// Post kinds whose duties are paid.
    pub post_kinds: BTreeSet<PostKind>,
    /// Cents per hour of a period without an amount of its own.
    pub per_hour_cents: u64,
    /// Whether `per_hour_cents` is the built-in default (an estimate) rather than the
    /// file's.
    pub per_hour_is_default: bool,
    /// Cents per duty, by period.
    pub periods: BTreeMap<PeriodIdx, u64>,
    /// Cents per duty, by period and day kind of the duty.
    pub by_day_kind: BTreeMap<(PeriodIdx, DayKind), u64>,
}

/// The default hourly rate, in cents: €150 per 12 hours (PDSA.md §4.1).
pub const DEFAULT_FEE_PER_HOUR_CENTS: u64 = 1250;

impl Default for Fees {
    fn default() -> Self {
        Fees {
            post_kinds: [PostKind::Pdsa, PostKind::Mmg].into_iter().collect(),
            per_hour_cents: DEFAULT_FEE_PER_HOUR_CENTS,
            per_hour_is_default: true,
            periods: BTreeMap::new(),
            by_day_kind: BTreeMap::new(),
        }
    }
}

/// The fee of one duty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fee {
    /// Euro cents.
    pub cents: u64,
    /// Whether it comes from the built-in hourly rate (an estimate).
    pub estimate: bool,
}

impl Fees {
    /// The fee of a duty of `period` (index `idx`) on a date of `kind`, on a post of
    /// `post_kind`; `None` when the post kind is not paid.
    pub fn fee(
        &self,
        idx: PeriodIdx,
        period: &Period,
        kind: DayKind,
        post_kind: PostKind,
    ) -> Option<Fee> {
        if !self.post_kinds.contains(&post_kind) {
            return None;
        }
        if let Some(&cents) = self.by_day_kind.get(&(idx, kind)) {
            return Some(Fee {
                cents,
                estimate: false,
            });
        }
        if let Some(&cents) = self.periods.get(&idx) {
            return Some(Fee {
                cents,
                estimate: false,
            });
        }
        let minutes = u64::from(period.clock_minutes());
        Some(Fee {
            cents: (self.per_hour_cents * minutes + 30) / 60,
            estimate: self.per_hour_is_default,
        })
    }
}

impl Period {
    /// Minutes from the start's clock time to the end's, `end_day` days later,
    /// whatever the clock changes: 720 for 08:00–20:00, 7 440 for Monday 08:00 to
    /// Saturday 12:00.
    pub fn clock_minutes(&self) -> u32 {
        use chrono::Timelike;
        let start = self.start.num_seconds_from_midnight() / 60;
        let end = self.end.num_seconds_from_midnight() / 60;
        (self.end_day * 1440 + end).saturating_sub(start)
    }

    /// Whether the period spans several days: it lasts more than 24 hours on the
    /// clock (a week from Monday 08:00 to Saturday 12:00, not a 24-hour duty).
    pub fn multi_day(&self) -> bool {
        self.clock_minutes() > 1440
    }
}

impl Instance {
    /// The practitioner with this id.
    pub fn practitioner_by_id(&self, id: &str) -> Option<PracIdx> {
        self.practitioners
            .iter()
            .position(|p| p.id.0 == id)
            .map(|i| PracIdx(i as u32))
    }

    /// The post with this id.
    pub fn post_by_id(&self, id: &str) -> Option<PostIdx> {
        self.posts
            .iter()
            .position(|p| p.id.0 == id)
            .map(|i| PostIdx(i as u32))
    }

    /// The period with this id.
    pub fn period_by_id(&self, id: &str) -> Option<PeriodIdx> {
        self.periods
            .iter()
            .position(|p| p.id.0 == id)
            .map(|i| PeriodIdx(i as u32))
    }

    /// The category with this id.
    pub fn category_by_id(&self, id: &str) -> Option<CategoryIdx> {
        self.fairness
            .categories
            .iter()
            .position(|c| c.id.0 == id)
            .map(|i| CategoryIdx(i as u32))
    }

    /// The practitioner at this index.
    pub fn practitioner(&self, p: PracIdx) -> &Practitioner {
        &self.practitioners[p.get()]
    }

    /// The post at this index.
    pub fn post(&self, p: PostIdx) -> &Post {
        &self.posts[p.get()]
    }

    /// The period at this index.
    pub fn period(&self, p: PeriodIdx) -> &Period {
        &self.periods[p.get()]
    }

    /// The effective limits of a practitioner: personal, else the rules'.
    pub fn limits_of(&self, p: PracIdx) -> Limits {
        let own = &self.practitioner(p).limits;
        let all = &self.rules.limits;
        let mut max_per_period = all.max_per_period.clone();
        max_per_period.extend(own.max_per_period.iter().map(|(k, v)| (*k, *v)));
        let mut max_per_month_by_kind = all.max_per_month_by_kind.clone();
        max_per_month_by_kind.extend(own.max_per_month_by_kind.iter().map(|(k, v)| (*k, *v)));
        Limits {
            max_per_week: own.max_per_week.or(all.max_per_week),
            max_per_month: own.max_per_month.or(all.max_per_month),
            max_per_horizon: own.max_per_horizon.or(all.max_per_horizon),
            max_weekends: own.max_weekends.or(all.max_weekends),
            max_consecutive_days: own.max_consecutive_days.or(all.max_consecutive_days),
            min_consecutive_days: own.min_consecutive_days.or(all.min_consecutive_days),
            min_consecutive_days_off: own
                .min_consecutive_days_off
                .or(all.min_consecutive_days_off),
            min_minutes: own.min_minutes.or(all.min_minutes),
            max_minutes: own.max_minutes.or(all.max_minutes),
            max_per_period,
            max_per_month_by_kind,
            min_days_between_duties: Some(self.spacing_of(p)),
        }
    }

    /// A practitioner's spacing in days between duties (rule 6): personal, else the
    /// rules'; 0 or 1 means none.
    pub fn spacing_of(&self, p: PracIdx) -> u32 {
        self.practitioner(p)
            .limits
            .min_days_between_duties
            .unwrap_or(self.rules.min_days_between_duties)
    }

    /// A practitioner's maximum number of duties of a period over the horizon
    /// (personal limit, else the rules'), without building the whole [`Limits`].
    pub fn period_limit(&self, p: PracIdx, period: PeriodIdx) -> Option<u32> {
        self.practitioner(p)
            .limits
            .max_per_period
            .get(&period)
            .or_else(|| self.rules.limits.max_per_period.get(&period))
            .copied()
    }

    /// Round-trip kilometres of one duty of `post` held by `p` (resolved at validation,
    /// docs/rules.md "Travel"); `None` when either has no place (or `p` does not serve
    /// the post).
    pub fn travel_km(&self, p: PracIdx, post: PostIdx) -> Option<f64> {
        self.geography
            .as_ref()
            .and_then(|g| g.travel_km.get(&(p, post)).copied())
    }

    /// Whether any duty travels: some post has a place (and the instance has places).
    pub fn has_travel(&self) -> bool {
        self.geography
            .as_ref()
            .is_some_and(|g| !g.travel_km.is_empty())
    }

    /// Whether some post has a continuity weight.
    pub fn has_continuity(&self) -> bool {
        self.posts.iter().any(|p| p.continuity_weight.is_some())
    }

    /// Whether two posts may be held by one person at the same time.
    pub fn combinable(&self, a: PostIdx, b: PostIdx) -> bool {
        a != b
            && (self.post(a).combinable_with.contains(&b)
                || self.post(b).combinable_with.contains(&a))
    }
}
