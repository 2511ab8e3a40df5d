//! The independent checker: instance + roster → every broken rule, in plain words, and
//! the objective's figures recomputed from scratch.
//!
//! The rules are those of `docs/rules.md`, re-derived here from the instance and the
//! roster alone. This module must never import `model` or `solve` (a tidy test enforces
//! it): a bug in the model must not be able to hide itself by being shared. It is also
//! written another way than a model would be: instead of one constraint per rule over
//! all duties, it resolves each CSV row, then walks each practitioner's timeline (their
//! duties in order of start) and compares every later duty with each earlier one.
//!
//! A roster may be hand-made (the `assignments.csv` of DESIGN.md edited by a
//! coordinator), so rows may name things that do not exist: such rows are reported and
//! skipped for the other rules, never a panic and never a load failure.
//!
//! The checker decides nothing and prints nothing: [`check`] returns a [`CheckReport`];
//! `crate::labels::check::render_report` words it in French.

mod coverage;
pub(crate) mod eligibility;
mod fees;
mod figures;
mod read;
pub(crate) mod timeline;
pub(crate) mod work;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;

use crate::duties::{Duty, DutyIdx};
use crate::instance::{
    CategoryIdx, Instance, ObjectiveMode, PeriodId, PostId, PostIdx, PostKind, PracIdx,
    PractitionerId, WishKind,
};

use eligibility::ineligibility;
pub use read::{
    read_roster_csv, roster_text, RosterReadError, RosterReadProblem, RosterReadProblemKind,
    RosterRecord,
};
use timeline::{maxima_violations, timeline_violations};
use work::minimum_violations;

/// Relative tolerance under which two objective figures are considered equal (the
/// solver's and the checker's sums may add the same terms in another order).
pub const FIGURE_TOLERANCE: f64 = 1e-6;

/// A practitioner, as named in a violation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Who {
    /// Index in the instance.
    pub practitioner: PracIdx,
    /// Id (`d07`).
    pub id: PractitionerId,
    /// Display name (`Dr Martin`).
    pub name: String,
}

/// A duty, as named in a violation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DutyRef {
    /// Index in the duty list.
    pub duty: DutyIdx,
    /// The post id.
    pub post: PostId,
    /// The period id.
    pub period: PeriodId,
    /// The date the duty belongs to.
    pub date: NaiveDate,
    /// Zoned start.
    pub start: DateTime<Tz>,
    /// Zoned end.
    pub end: DateTime<Tz>,
}

/// A duty as held on one roster row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldDuty {
    /// The CSV line (0 for a roster made in memory).
    pub line: u64,
    /// The duty.
    pub duty: DutyRef,
}

/// Why a post × period × date is not a duty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoSuchDutyReason {
    /// The date is outside the horizon.
    OutsideHorizon {
        /// First date of the horizon.
        first: NaiveDate,
        /// Last date of the horizon.
        last: NaiveDate,
    },
    /// The post never covers this period.
    PeriodNotOfPost,
    /// The post covers this period, but not on that date (day kind, season, deep night
    /// switched off).
    NotThatDay,
    /// The post's demand for this period is 0 on that date (`demand_on`) and the post
    /// allows nobody above the demand, so the duty does not exist.
    NoSeatThatDate,
}

/// Which unavailability a duty falls in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnavailableBecause {
    /// Days off, both inclusive.
    Days {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
    /// This very duty was declared unavailable.
    Duty,
}

/// One broken rule of `docs/rules.md`. `Display` (in [`crate::labels::check`]) says in
/// French who, which duty and which rule.
#[derive(Clone, Debug, PartialEq)]
pub enum Violation {
    /// The row names a practitioner the instance does not know.
    UnknownPractitioner {
        /// CSV line.
        line: u64,
        /// The id as written.
        practitioner_id: String,
    },
    /// The row names a post the instance does not know.
    UnknownPost {
        /// CSV line.
        line: u64,
        /// The id as written.
        post: String,
    },
    /// The row names a period the instance does not know.
    UnknownPeriod {
        /// CSV line.
        line: u64,
        /// The id as written.
        period: String,
    },
    /// Post, period and date exist but are not a duty.
    NoSuchDuty {
        /// CSV line.
        line: u64,
        /// The post.
        post: PostId,
        /// The period.
        period: PeriodId,
        /// The date.
        date: NaiveDate,
        /// Why.
        reason: NoSuchDutyReason,
    },
    /// The row's start or end is not the duty's (the row still counts as the duty).
    TimesMismatch {
        /// Who.
        who: Who,
        /// The duty the row names.
        held: HeldDuty,
        /// The start written, when it differs from the duty's.
        start: Option<DateTime<FixedOffset>>,
        /// The end written, when it differs from the duty's.
        end: Option<DateTime<FixedOffset>>,
    },
    /// Rule 1: the practitioner does not serve this post.
    NotServingPost {
        /// Who.
        who: Who,
        /// The duty.
        held: HeldDuty,
    },
    /// Rule 1: the practitioner lacks qualifications the post requires.
    MissingQualification {
        /// Who.
        who: Who,
        /// The duty.
        held: HeldDuty,
        /// The qualifications missing, sorted.
        missing: Vec<String>,
    },
    /// Rule 1: the practitioner is unavailable for this duty.
    Unavailable {
        /// Who.
        who: Who,
        /// The duty.
        held: HeldDuty,
        /// Which unavailability.
        because: UnavailableBecause,
    },
    /// Rule 2: the same person twice on one duty (the later row is then ignored).
    DuplicateAssignment {
        /// Who.
        who: Who,
        /// The duty, on the repeated row.
        held: HeldDuty,
        /// The line of the first row.
        first_line: u64,
    },
    /// Rule 2: more people than the demand, on a post that allows no over-cover
    /// (`over_cover_weight` absent; with it, the extra people are figures of
    /// [`CheckReport::over_covered`], not a violation).
    DemandExceeded {
        /// The duty.
        duty: DutyRef,
        /// How many people it needs.
        demand: u32,
        /// Who holds it, with their rows' lines.
        holders: Vec<(Who, u64)>,
    },
    /// Rule 3: two overlapping duties of posts that are not combinable.
    Overlap {
        /// Who.
        who: Who,
        /// The duty starting first.
        first: HeldDuty,
        /// The other.
        second: HeldDuty,
    },
    /// Rule 4: not enough rest between the end of one duty and the start of the next.
    Rest {
        /// Who.
        who: Who,
        /// The duty ending first.
        first: HeldDuty,
        /// The duty starting after it.
        second: HeldDuty,
        /// The rest actually left.
        rest: chrono::Duration,
        /// The rest required, in hours.
        required_hours: u32,
        /// Whether the requirement is the one after a night.
        after_night: bool,
    },
    /// Rule 5: night duties on two consecutive dates.
    TwoNightsInARow {
        /// Who.
        who: Who,
        /// The night of the earlier date.
        first: HeldDuty,
        /// The night of the next date.
        second: HeldDuty,
    },
    /// Rule 6: two duties on different dates too close together.
    Spacing {
        /// Who.
        who: Who,
        /// The earlier duty.
        first: HeldDuty,
        /// The later duty.
        second: HeldDuty,
        /// Days between their dates.
        days: i64,
        /// Days required.
        min_days: u32,
    },
    /// Rule 7: too many duties in one ISO week.
    MaxPerWeek {
        /// Who.
        who: Who,
        /// ISO week-numbering year.
        year: i32,
        /// ISO week number.
        week: u32,
        /// Duties held that week.
        count: u32,
        /// The limit.
        limit: u32,
        /// The rows of those duties.
        lines: Vec<u64>,
    },
    /// Rule 7: too many duties in one calendar month.
    MaxPerMonth {
        /// Who.
        who: Who,
        /// Year.
        year: i32,
        /// Month (1–12).
        month: u32,
        /// Duties held that month.
        count: u32,
        /// The limit.
        limit: u32,
        /// The rows of those duties.
        lines: Vec<u64>,
    },
    /// Rule 7: too many duties on the posts of one kind in one calendar month
    /// (`max_per_month_by_kind`).
    MaxPerMonthOfKind {
        /// Who.
        who: Who,
        /// The kind of post.
        kind: crate::instance::PostKind,
        /// Year.
        year: i32,
        /// Month (1–12).
        month: u32,
        /// Duties of that kind held that month.
        count: u32,
        /// The limit.
        limit: u32,
        /// The rows of those duties.
        lines: Vec<u64>,
    },
    /// Rule 7: too many duties over the horizon.
    MaxPerHorizon {
        /// Who.
        who: Who,
        /// Duties held.
        count: u32,
        /// The limit.
        limit: u32,
    },
    /// Rule 7: duties on too many weekends.
    MaxWeekends {
        /// Who.
        who: Who,
        /// The Saturdays of the weekends with at least one duty.
        weekends: Vec<NaiveDate>,
        /// The limit.
        limit: u32,
    },
    /// Rule 8: the duties of one bundled weekend are not held by the same people.
    WeekendBundleSplit {
        /// The post.
        post: PostId,
        /// The Saturday of the weekend.
        weekend: NaiveDate,
        /// Each duty of the bundle with its holders.
        duties: Vec<(DutyRef, Vec<PractitionerId>)>,
    },
    /// Rule 9: a duty of a period dated D, then a duty dated D + 1 of a period that the
    /// first one's period lists in `not_followed_by` (whatever the posts).
    ForbiddenSuccession {
        /// Who.
        who: Who,
        /// The duty dated D.
        first: HeldDuty,
        /// The duty dated D + 1.
        second: HeldDuty,
    },
    /// Rule 10: too many duties of one period over the horizon (`max_per_period`).
    MaxPerPeriod {
        /// Who.
        who: Who,
        /// The period.
        period: PeriodId,
        /// Duties of that period held.
        count: u32,
        /// The limit (0: never that period).
        limit: u32,
        /// The rows of those duties.
        lines: Vec<u64>,
    },
    /// Rule 11: more counted minutes over the horizon than `max_minutes`.
    MaxMinutes {
        /// Who.
        who: Who,
        /// Counted minutes of the duties held.
        minutes: i64,
        /// The limit.
        limit: u32,
    },
    /// Rule 11: fewer counted minutes over the horizon than `min_minutes` (a
    /// practitioner without any duty counts 0).
    MinMinutes {
        /// Who.
        who: Who,
        /// Counted minutes of the duties held.
        minutes: i64,
        /// The limit.
        limit: u32,
    },
    /// Rule 12: a run of consecutive worked dates longer than `max_consecutive_days`
    /// (one violation per maximal run, runs at the horizon's ends included).
    MaxConsecutiveDays {
        /// Who.
        who: Who,
        /// First date of the run.
        first: NaiveDate,
        /// Last date of the run.
        last: NaiveDate,
        /// Its length in dates.
        days: u32,
        /// The limit.
        limit: u32,
        /// The rows of the duties of the run.
        lines: Vec<u64>,
    },
    /// Rule 12: a maximal run of worked dates shorter than `min_consecutive_days`.
    MinConsecutiveDays {
        /// Who.
        who: Who,
        /// First date of the run.
        first: NaiveDate,
        /// Last date of the run.
        last: NaiveDate,
        /// Its length in dates.
        days: u32,
        /// The limit.
        limit: u32,
        /// The rows of the duties of the run.
        lines: Vec<u64>,
    },
    /// Rule 12: a maximal run of dates off shorter than `min_consecutive_days_off`.
    MinConsecutiveDaysOff {
        /// Who.
        who: Who,
        /// First date off.
        first: NaiveDate,
        /// Last date off.
        last: NaiveDate,
        /// Its length in dates.
        days: u32,
        /// The limit.
        limit: u32,
    },
}

/// One practitioner's figures in one fairness category.
#[derive(Clone, Debug, PartialEq)]
pub struct FairnessRow {
    /// Who.
    pub practitioner: PracIdx,
    /// Which category.
    pub category: CategoryIdx,
    /// The target `T[p,c]` (share of the duties open to them, corrected by history).
    pub target: f64,
    /// The load `L[p,c]`: duties of the category held.
    pub load: u32,
    /// `L − T`: positive means overloaded.
    pub deviation: f64,
}

/// The fairness level (level 2) of the objective, recomputed from the roster.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FairnessFigures {
    /// One row per practitioner and category, in instance order.
    pub rows: Vec<FairnessRow>,
    /// `Σ w_c × |L − T|`.
    pub weighted_deviation: f64,
    /// `max_p Σ_c w_c × max(0, L − T)`.
    pub worst_overload: f64,
    /// Who carries the worst overload (the first in instance order), if any is > 0.
    pub worst_overloaded: Option<PracIdx>,
    /// `F = weighted_deviation + worst_overload_weight × worst_overload`.
    pub value: f64,
}

/// A wish the roster does not grant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedWish {
    /// Whose.
    pub practitioner: PracIdx,
    /// Its index in the practitioner's `wishes`.
    pub wish: usize,
    /// Off or on.
    pub kind: WishKind,
    /// Its weight.
    pub weight: u32,
}

/// Two overlapping duties of combinable posts held by one person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CombinedPair {
    /// Who.
    pub practitioner: PracIdx,
    /// The duty starting first.
    pub first: DutyRef,
    /// The other.
    pub second: DutyRef,
}

/// The preference level (level 3) of the objective, recomputed from the roster.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PreferenceFigures {
    /// Refused wishes, by practitioner then wish.
    pub refused: Vec<RefusedWish>,
    /// Combined duties, by practitioner then start.
    pub combined: Vec<CombinedPair>,
    /// Round-trip kilometres travelled by each practitioner, in instance order
    /// (`Σ travel_km(p, post)` over the duties they hold); empty when no post has a
    /// place.
    pub travel_km_by_practitioner: Vec<f64>,
    /// Their sum.
    pub travel_km: f64,
    /// `travel_weight × travel_km`.
    pub travel_penalty: f64,
    /// The posts with a `continuity_weight`, in instance order, with how many
    /// different people hold at least one of their duties.
    pub continuity: Vec<ContinuityFigure>,
    /// `Σ continuity_weight × distinct holders` over those posts.
    pub continuity_penalty: f64,
    /// `P = wish_weight × Σ refused weights + combined_duty_penalty × pairs
    /// + travel_penalty + continuity_penalty`.
    pub value: f64,
}

/// The distinct holders of a post with a `continuity_weight`.
#[derive(Clone, Debug, PartialEq)]
pub struct ContinuityFigure {
    /// The post.
    pub post: PostIdx,
    /// Different practitioners holding at least one of its duties.
    pub holders: u32,
    /// Its `continuity_weight`, the cost of each.
    pub weight: f64,
}

pub use coverage::{ExtraFigures, PeriodFigures, PlaceFigures, PopulationFigures, SliceFigures};

/// Optional seats valued one by one (`required = false`, not an MCS post valued by
/// population).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OptionalSeats {
    /// Seats of those duties.
    pub seats: u32,
    /// Of which empty.
    pub empty: u32,
}

/// A duty held by more people than its demand on a post that allows it
/// (`over_cover_weight`): each extra person costs the post's weight.
#[derive(Clone, Debug, PartialEq)]
pub struct OverCovered {
    /// The duty.
    pub duty: DutyRef,
    /// How many people it needs (0 on a date without seats).
    pub demand: u32,
    /// How many hold it.
    pub holders: u32,
    /// The post's `over_cover_weight`, the cost of one extra person.
    pub weight: f64,
}

impl OverCovered {
    /// People above the demand.
    pub fn extra(&self) -> u32 {
        self.holders.saturating_sub(self.demand)
    }
}

/// Everything the checker found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CheckReport {
    /// Broken rules and unreadable rows, in order: rows, duties, timelines, maxima,
    /// minima (least minutes, shortest runs), weekends.
    pub violations: Vec<Violation>,
    /// Level 1: the number of empty required seats, `Σ max(0, demand − holders)` over
    /// the duties of posts with `required = true`.
    pub uncovered_seats: u32,
    /// Duties of required posts with empty seats and how many, by duty.
    pub uncovered: Vec<(DutyIdx, u32)>,
    /// `Σ (demand − holders) × under_cover_weight` over the empty seats counted in
    /// [`Self::uncovered_seats`] (required posts only): the level-1 term of the
    /// weighted objective. Equals `uncovered_seats` when every weight is 1.
    pub under_cover_penalty: f64,
    /// People above the demand on posts that allow it (`over_cover_weight`), summed
    /// over duties; on the other posts more people than the demand is a
    /// [`Violation::DemandExceeded`] and is not counted here.
    pub over_cover_seats: u32,
    /// `Σ (holders − demand) × over_cover_weight` over those duties.
    pub over_cover_penalty: f64,
    /// The duties counted in [`Self::over_cover_seats`], in duty order.
    pub over_covered: Vec<OverCovered>,
    /// The instance's objective mode, copied so that the report says which objective
    /// applies ([`Self::weighted_objective`] in the weighted mode).
    pub objective_mode: ObjectiveMode,
    /// Duties of optional posts with empty seats and how many, by duty.
    pub optional_empty: Vec<(DutyIdx, u32)>,
    /// Optional seats valued one by one.
    pub optional_seats: OptionalSeats,
    /// Population coverage, when the instance has places and MCS posts.
    pub population: Option<PopulationFigures>,
    /// Level 2.
    pub fairness: FairnessFigures,
    /// Level 3.
    pub preferences: PreferenceFigures,
    /// The on-call fees of the roster's rows (`[fees]`), recounted from the rows alone.
    pub fees: crate::fees::FeeStatement,
}

impl CheckReport {
    /// Whether no hard rule is broken (empty seats are not a violation, nor people
    /// above the demand on a post that allows over-cover).
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }

    /// The objective of `[objective] mode = "weighted"` ([`ObjectiveMode::Weighted`]),
    /// recomputed from the roster:
    ///
    /// ```text
    /// under_cover_penalty + over_cover_penalty + preferences.value + fairness.value
    ///   + optional_loss (0 when None)
    /// ```
    ///
    /// `preferences.value` is already `wish_weight × Σ refused wish weights +
    /// combined_duty_penalty × combined pairs + travel_penalty + continuity_penalty`, so
    /// wishes, combined duties, travel and continuity are in it once; `fairness.value` is `F` over the instance's categories. The sum is
    /// the same whatever the instance's mode; with the lexicographic mode it is only a
    /// figure.
    pub fn weighted_objective(&self) -> f64 {
        self.under_cover_penalty
            + self.over_cover_penalty
            + self.preferences.value
            + self.fairness.value
            + self.optional_loss().unwrap_or(0.0)
    }

    /// The optional term of the first level, in per mille: empty optional seats over
    /// optional seats, plus the population loss (docs/model.md, "Population coverage").
    /// `None` when the instance has neither.
    pub fn optional_loss(&self) -> Option<f64> {
        let seats = (self.optional_seats.seats > 0).then(|| {
            1000.0 * f64::from(self.optional_seats.empty) / f64::from(self.optional_seats.seats)
        });
        let population = self
            .population
            .as_ref()
            .filter(|p| p.potential > 0.0)
            .map(|p| p.loss_per_mille);
        match (seats, population) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
        }
    }
}

/// Whether two figures agree within [`FIGURE_TOLERANCE`] (relative, absolute near 0).
pub fn figures_agree(a: f64, b: f64) -> bool {
    (a - b).abs() <= FIGURE_TOLERANCE * a.abs().max(b.abs()).max(1.0)
}

/// One resolved row: a known practitioner on a known duty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Holding {
    pub(crate) duty: DutyIdx,
    pub(crate) line: u64,
}

pub(crate) fn who(instance: &Instance, p: PracIdx) -> Who {
    let prac = instance.practitioner(p);
    Who {
        practitioner: p,
        id: prac.id.clone(),
        name: prac.name.clone(),
    }
}

pub(crate) fn duty_ref(instance: &Instance, duty: &Duty) -> DutyRef {
    DutyRef {
        duty: duty.idx,
        post: instance.post(duty.post).id.clone(),
        period: instance.period(duty.period).id.clone(),
        date: duty.date,
        start: duty.start,
        end: duty.end,
    }
}

pub(crate) fn held(instance: &Instance, duties: &[Duty], h: Holding) -> HeldDuty {
    HeldDuty {
        line: h.line,
        duty: duty_ref(instance, &duties[h.duty.get()]),
    }
}

/// Verifies a roster against every rule of `docs/rules.md` and recomputes the three
/// levels of the objective, the under- and over-cover penalties and so the weighted
/// objective ([`CheckReport::weighted_objective`]).
///
/// `duties` must be `duties::expand(instance)`. Rows naming an unknown practitioner,
/// post or period, or no duty, are reported and skipped for every other rule; a repeated
/// row is reported and counted once.
///
/// # Example
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let instance = gardes::instance::parse("i.toml", &std::fs::read_to_string("i.toml")?)
///     .map_err(|d| format!("{d:?}"))?;
/// let duties = gardes::duties::expand(&instance)?;
/// let text = std::fs::read_to_string("assignments.csv")?;
/// let records = gardes::check::read_roster_csv("assignments.csv", &text)?;
/// let report = gardes::check::check(&instance, &duties, &records);
/// print!("{}", gardes::labels::check::render_report(&report, &instance));
/// # Ok(())
/// # }
/// ```
pub fn check(instance: &Instance, duties: &[Duty], records: &[RosterRecord]) -> CheckReport {
    let mut violations = Vec::new();
    let holdings = resolve(instance, duties, records, &mut violations);

    // Who holds each duty, for demand, coverage and bundles.
    let mut holders: BTreeMap<DutyIdx, Vec<(PracIdx, u64)>> = BTreeMap::new();
    for (&p, hs) in &holdings {
        for h in hs {
            holders.entry(h.duty).or_default().push((p, h.line));
        }
    }
    let mut over_covered = Vec::new();
    for (&d, hs) in &holders {
        let duty = &duties[d.get()];
        if hs.len() > duty.demand as usize {
            if let Some(weight) = instance.post(duty.post).over_cover_weight {
                over_covered.push(OverCovered {
                    duty: duty_ref(instance, duty),
                    demand: duty.demand,
                    holders: hs.len() as u32,
                    weight,
                });
                continue;
            }
            let mut hs = hs.clone();
            hs.sort_by_key(|&(p, line)| (line, p));
            violations.push(Violation::DemandExceeded {
                duty: duty_ref(instance, duty),
                demand: duty.demand,
                holders: hs
                    .iter()
                    .map(|&(p, line)| (who(instance, p), line))
                    .collect(),
            });
        }
    }

    let mut combined = Vec::new();
    for (&p, hs) in &holdings {
        timeline_violations(instance, duties, p, hs, &mut violations, &mut combined);
    }
    for (&p, hs) in &holdings {
        maxima_violations(instance, duties, p, hs, &mut violations);
    }
    // Minima concern everyone, those without any duty included.
    for i in 0..instance.practitioners.len() {
        let p = PracIdx(i as u32);
        let hs = holdings.get(&p).map_or(&[][..], Vec::as_slice);
        minimum_violations(instance, duties, p, hs, &mut violations);
    }
    bundle_violations(instance, duties, &holders, &mut violations);

    let mut uncovered = Vec::new();
    let mut optional_empty = Vec::new();
    let mut uncovered_seats = 0;
    let mut under_cover_penalty = 0.0;
    let mut optional_seats = OptionalSeats::default();
    for duty in duties {
        let held = holders.get(&duty.idx).map_or(0, Vec::len);
        let missing = (duty.demand as usize).saturating_sub(held) as u32;
        let post = instance.post(duty.post);
        if post.required {
            if missing > 0 {
                uncovered.push((duty.idx, missing));
                // Saturating: a typo such as a demand of 10⁸ over a quarter would
                // exceed u32 (validation warns about such demands).
                uncovered_seats = u32::saturating_add(uncovered_seats, missing);
                under_cover_penalty += f64::from(missing) * post.under_cover_weight;
            }
            continue;
        }
        if missing > 0 {
            optional_empty.push((duty.idx, missing));
        }
        // An MCS seat is valued by the population it covers when there are places.
        let by_population = instance.geography.is_some() && post.kind == PostKind::McsZone;
        if !by_population {
            optional_seats.seats = optional_seats.seats.saturating_add(duty.demand);
            optional_seats.empty = optional_seats.empty.saturating_add(missing);
        }
    }
    let population = coverage::population(instance, duties, &holders);

    let held_sets: BTreeMap<PracIdx, BTreeSet<DutyIdx>> = holdings
        .iter()
        .map(|(&p, hs)| (p, hs.iter().map(|h| h.duty).collect()))
        .collect();
    let fairness = figures::fairness(instance, duties, &held_sets);
    let preferences = figures::preferences(instance, duties, &held_sets, combined);
    let fees = fees::recount(instance, duties, &holdings);

    let over_cover_seats = over_covered.iter().map(OverCovered::extra).sum();
    // `+ 0.0`: the float sum of nothing is -0.0, which prints as "-0.000".
    let over_cover_penalty = over_covered
        .iter()
        .map(|o| f64::from(o.extra()) * o.weight)
        .sum::<f64>()
        + 0.0;

    CheckReport {
        violations,
        uncovered_seats,
        uncovered,
        under_cover_penalty,
        over_cover_seats,
        over_cover_penalty,
        over_covered,
        objective_mode: instance.objective,
        optional_empty,
        optional_seats,
        population,
        fairness,
        preferences,
        fees,
    }
}

/// Resolves every row to a (practitioner, duty), reporting what cannot be resolved, the
/// rows whose times disagree, eligibility and repeated rows, in line order. Returns each
/// practitioner's distinct duties with the line of their first row, in line order.
fn resolve(
    instance: &Instance,
    duties: &[Duty],
    records: &[RosterRecord],
    violations: &mut Vec<Violation>,
) -> BTreeMap<PracIdx, Vec<Holding>> {
    let resolver = crate::duties::DutyIndex::new(instance, duties);
    let mut order: Vec<&RosterRecord> = records.iter().collect();
    order.sort_by_key(|r| r.line);

    let mut holdings: BTreeMap<PracIdx, Vec<Holding>> = BTreeMap::new();
    let mut first_line: BTreeMap<(PracIdx, DutyIdx), u64> = BTreeMap::new();
    for r in order {
        let line = r.line;
        let post = instance.post_by_id(r.post.trim());
        let period = instance.period_by_id(r.period.trim());
        let prac = instance.practitioner_by_id(r.practitioner_id.trim());
        if prac.is_none() {
            violations.push(Violation::UnknownPractitioner {
                line,
                practitioner_id: r.practitioner_id.clone(),
            });
        }
        if post.is_none() {
            violations.push(Violation::UnknownPost {
                line,
                post: r.post.clone(),
            });
        }
        if period.is_none() {
            violations.push(Violation::UnknownPeriod {
                line,
                period: r.period.clone(),
            });
        }
        let (Some(p), Some(post), Some(period)) = (prac, post, period) else {
            continue;
        };
        let Some(d) = resolver.duty_at(post, period, r.date) else {
            let reason = if !instance.horizon.contains(r.date) {
                NoSuchDutyReason::OutsideHorizon {
                    first: instance.horizon.first,
                    last: instance.horizon.last,
                }
            } else if !instance.post(post).demand.contains_key(&period) {
                NoSuchDutyReason::PeriodNotOfPost
            } else if instance.post(post).demand_at(r.date, period) == 0
                && instance.post(post).over_cover_weight.is_none()
            {
                NoSuchDutyReason::NoSeatThatDate
            } else {
                NoSuchDutyReason::NotThatDay
            };
            violations.push(Violation::NoSuchDuty {
                line,
                post: instance.post(post).id.clone(),
                period: instance.period(period).id.clone(),
                date: r.date,
                reason,
            });
            continue;
        };
        let duty = &duties[d.get()];
        let h = Holding { duty: d, line };
        // Instants are compared, not text: `19:00Z` is the duty starting at 20:00+01:00.
        let wrong_start = r.start.filter(|s| *s != duty.start);
        let wrong_end = r.end.filter(|e| *e != duty.end);
        if wrong_start.is_some() || wrong_end.is_some() {
            violations.push(Violation::TimesMismatch {
                who: who(instance, p),
                held: held(instance, duties, h),
                start: wrong_start,
                end: wrong_end,
            });
        }
        if let Some(&first) = first_line.get(&(p, d)) {
            violations.push(Violation::DuplicateAssignment {
                who: who(instance, p),
                held: held(instance, duties, h),
                first_line: first,
            });
            continue;
        }
        first_line.insert((p, d), line);
        for problem in ineligibility(instance, p, duty) {
            let who = who(instance, p);
            let held = held(instance, duties, h);
            violations.push(match problem {
                eligibility::Ineligible::NotServingPost => Violation::NotServingPost { who, held },
                eligibility::Ineligible::MissingQualification(missing) => {
                    Violation::MissingQualification { who, held, missing }
                }
                eligibility::Ineligible::Unavailable(because) => {
                    Violation::Unavailable { who, held, because }
                }
            });
        }
        holdings.entry(p).or_default().push(h);
    }
    holdings
}

/// Rule 8: in each bundle (post with bundling × weekend), every duty has the same
/// holders.
fn bundle_violations(
    instance: &Instance,
    duties: &[Duty],
    holders: &BTreeMap<DutyIdx, Vec<(PracIdx, u64)>>,
    violations: &mut Vec<Violation>,
) {
    let mut bundles: BTreeMap<(NaiveDate, PostIdx), Vec<&Duty>> = BTreeMap::new();
    for d in duties {
        if let Some(weekend) = d.weekend {
            if instance.post(d.post).weekend_bundle {
                bundles.entry((weekend, d.post)).or_default().push(d);
            }
        }
    }
    for ((weekend, post), members) in bundles {
        let sets: Vec<BTreeSet<PracIdx>> = members
            .iter()
            .map(|d| {
                holders
                    .get(&d.idx)
                    .map(|hs| hs.iter().map(|&(p, _)| p).collect())
                    .unwrap_or_default()
            })
            .collect();
        if sets.windows(2).all(|w| w[0] == w[1]) {
            continue;
        }
        violations.push(Violation::WeekendBundleSplit {
            post: instance.post(post).id.clone(),
            weekend,
            duties: members
                .iter()
                .zip(&sets)
                .map(|(d, set)| {
                    (
                        duty_ref(instance, d),
                        set.iter()
                            .map(|&p| instance.practitioner(p).id.clone())
                            .collect(),
                    )
                })
                .collect(),
        });
    }
}
