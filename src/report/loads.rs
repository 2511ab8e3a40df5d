//! The loads and coverage of a checked roster, with or without a plan: each
//! practitioner's duties, hours and load against target, the seats filled and the
//! population covered, all from the independent checker's report.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::instance::{CategoryIdx, Instance, PracIdx};

use super::round;

/// Coverage figures.
#[derive(Debug, Serialize)]
pub struct Coverage {
    /// Duties in the horizon.
    pub duties: usize,
    /// Seats (sum of demands).
    pub seats: u32,
    /// Seats filled.
    pub filled: u32,
    /// Filled / seats.
    pub rate: f64,
    /// Seats of optional posts (MCS on-calls...), not counted above.
    pub optional_seats: u32,
    /// Of which filled.
    pub optional_filled: u32,
    /// Cost of the empty required seats (each at its post's `under_cover_weight`).
    pub under_cover_penalty: f64,
    /// People above the demand, where posts allow it.
    pub over_cover_seats: u32,
    /// Their cost (each at its post's `over_cover_weight`).
    pub over_cover_penalty: f64,
    /// Population coverage, when the instance has places and MCS posts.
    pub population: Option<PopulationCoverage>,
}

/// Population within the threshold of help, during MCS time (docs/rules.md,
/// "Population coverage"), as the checker recomputes it from the roster.
#[derive(Debug, Serialize)]
pub struct PopulationCoverage {
    /// The threshold, minutes.
    pub threshold_minutes: u32,
    /// Residents of every place.
    pub population: u64,
    /// Residents within the threshold of a SMUR base.
    pub smur_population: u64,
    /// Hours of MCS time over the horizon.
    pub mcs_hours: f64,
    /// Share of population-hours of MCS time within the threshold, SMUR alone.
    pub share_without_mcs: f64,
    /// The same with the MCS on duty.
    pub share_with_mcs: f64,
    /// Per MCS period.
    pub periods: Vec<PeriodCoverage>,
    /// The places left uncovered longest (population × hours), worst first, at most 10.
    pub uncovered_places: Vec<PlaceCoverage>,
    /// The extra volunteer-periods that would gain the most, best first.
    pub best_extra: Vec<ExtraCoverage>,
}

/// Coverage over one MCS period.
#[derive(Debug, Serialize)]
pub struct PeriodCoverage {
    /// Period id(s).
    pub period: String,
    /// Hours.
    pub hours: f64,
    /// Share SMUR alone.
    pub share_without_mcs: f64,
    /// Share with the MCS on duty.
    pub share_with_mcs: f64,
}

/// A place left uncovered.
#[derive(Debug, Serialize)]
pub struct PlaceCoverage {
    /// Place id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Residents.
    pub population: u32,
    /// Hours of MCS time beyond the threshold.
    pub hours: f64,
    /// Population × hours.
    pub population_hours: f64,
}

/// One extra volunteer on one MCS duty.
#[derive(Debug, Serialize)]
pub struct ExtraCoverage {
    /// Practitioner id.
    pub practitioner: String,
    /// Post id.
    pub post: String,
    /// Period id.
    pub period: String,
    /// Duty date.
    pub date: String,
    /// Population-hours gained.
    pub population_hours: f64,
    /// Whether it breaks no hard rule of the roster.
    pub compatible: bool,
}

/// One practitioner's load.
#[derive(Debug, Serialize)]
pub struct PractitionerSummary {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Share.
    pub share: f64,
    /// Duties pledged over the horizon, when the practitioner pledged (absent from
    /// the JSON otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pledge: Option<u32>,
    /// Duties held.
    pub duties: usize,
    /// Hours on duty.
    pub hours: f64,
    /// Per category id: load and target.
    pub categories: BTreeMap<String, CategoryLoad>,
    /// Round-trip kilometres travelled, when some post has a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub km: Option<f64>,
}

/// Travel and continuity (docs/rules.md, level 3), when some post has a place or a
/// continuity weight.
#[derive(Debug, Serialize)]
pub struct TravelSummary {
    /// Round-trip kilometres travelled in all.
    pub km: f64,
    /// `travel_weight × km`.
    pub travel_penalty: f64,
    /// `Σ continuity_weight × distinct holders`.
    pub continuity_penalty: f64,
    /// Every post, in instance order.
    pub posts: Vec<PostHolders>,
}

/// The holders of one post.
#[derive(Debug, Serialize)]
pub struct PostHolders {
    /// Post id.
    pub post: String,
    /// Duties of the post held (one per holder and duty).
    pub duties: u32,
    /// Seats of the post (its duties' demand): a centre's weeks to cover.
    pub seats: u32,
    /// Empty seats of the post, required or not (`uncovered.csv`'s rows of the post).
    pub empty: u32,
    /// Different practitioners holding at least one of them.
    pub holders: u32,
    /// The post's `continuity_weight`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continuity_weight: Option<f64>,
}

impl PostHolders {
    /// Seats filled: the seats less the empty ones.
    pub fn filled(&self) -> u32 {
        self.seats.saturating_sub(self.empty)
    }
}

/// The travel and continuity figures of a checked roster: kilometres and penalties
/// from the checker's report, the holders of every post counted from the roster.
/// `None` when no post has a place or a continuity weight.
pub fn travel(
    instance: &Instance,
    duties: &[crate::duties::Duty],
    roster: &crate::roster::Roster,
    check: &crate::check::CheckReport,
) -> Option<TravelSummary> {
    if !instance.has_travel() && !instance.has_continuity() {
        return None;
    }
    let mut held = vec![0_u32; instance.posts.len()];
    let mut seats = vec![0_u32; instance.posts.len()];
    let mut empty = vec![0_u32; instance.posts.len()];
    for d in duties {
        seats[d.post.get()] += d.demand;
    }
    for u in &roster.uncovered {
        empty[duties[u.duty.get()].post.get()] += u.missing;
    }
    let mut who: Vec<std::collections::BTreeSet<PracIdx>> =
        vec![std::collections::BTreeSet::new(); instance.posts.len()];
    for a in &roster.assignments {
        let post = duties[a.duty.get()].post.get();
        held[post] += 1;
        who[post].insert(a.practitioner);
    }
    let p = &check.preferences;
    Some(TravelSummary {
        km: round(p.travel_km, 1),
        travel_penalty: round(p.travel_penalty, 6),
        continuity_penalty: round(p.continuity_penalty, 6),
        posts: instance
            .posts
            .iter()
            .enumerate()
            .map(|(i, post)| PostHolders {
                post: post.id.0.clone(),
                duties: held[i],
                seats: seats[i],
                empty: empty[i],
                holders: u32::try_from(who[i].len()).unwrap_or(u32::MAX),
                continuity_weight: post.continuity_weight,
            })
            .collect(),
    })
}

/// Load against target in one category.
#[derive(Debug, Serialize)]
pub struct CategoryLoad {
    /// Duties held in the category.
    pub load: u32,
    /// Target (share-proportional, history-corrected).
    pub target: f64,
}

/// Each practitioner's duties, hours, and load against target per category (the
/// categories where either is above 0), as the independent checker computed them
/// from the roster.
pub fn loads(
    instance: &Instance,
    duties: &[crate::duties::Duty],
    roster: &crate::roster::Roster,
    check: &crate::check::CheckReport,
) -> Vec<PractitionerSummary> {
    let mut fairness: BTreeMap<(PracIdx, CategoryIdx), (u32, f64)> = BTreeMap::new();
    for row in &check.fairness.rows {
        fairness.insert((row.practitioner, row.category), (row.load, row.target));
    }
    let mut count: BTreeMap<PracIdx, (usize, i64)> = BTreeMap::new();
    for a in &roster.assignments {
        let e = count.entry(a.practitioner).or_insert((0, 0));
        e.0 += 1;
        e.1 += duties[a.duty.get()].minutes();
    }
    instance
        .practitioners
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let pi = PracIdx(i as u32);
            let (duties, minutes) = count.get(&pi).copied().unwrap_or((0, 0));
            let categories = instance
                .fairness
                .categories
                .iter()
                .enumerate()
                .filter_map(|(ci, c)| {
                    let key = (pi, CategoryIdx(ci as u32));
                    let (load, target) = fairness.get(&key).copied().unwrap_or((0, 0.0));
                    (load > 0 || target > 0.0).then(|| {
                        (
                            c.id.0.clone(),
                            CategoryLoad {
                                load,
                                target: round(target, 3),
                            },
                        )
                    })
                })
                .collect();
            PractitionerSummary {
                id: p.id.0.clone(),
                name: p.name.clone(),
                share: p.share,
                pledge: p.pledge,
                duties,
                hours: round(minutes as f64 / 60.0, 2),
                categories,
                km: instance.has_travel().then(|| {
                    round(
                        check
                            .preferences
                            .travel_km_by_practitioner
                            .get(i)
                            .copied()
                            .unwrap_or(0.0),
                        1,
                    )
                }),
            }
        })
        .collect()
}

/// The coverage figures of a checked roster: seats to fill and filled, optional seats,
/// penalties, and the population covered, from the checker's report.
pub fn coverage(
    instance: &Instance,
    duties: &[crate::duties::Duty],
    check: &crate::check::CheckReport,
) -> Coverage {
    // Saturating sums: a demand far above the practitioners (validation warns) must
    // not overflow.
    let seats: u32 = duties
        .iter()
        .filter(|d| instance.post(d.post).required)
        .fold(0, |n, d| n.saturating_add(d.demand));
    let optional_seats: u32 = duties
        .iter()
        .filter(|d| !instance.post(d.post).required)
        .fold(0, |n, d| n.saturating_add(d.demand));
    let optional_empty: u32 = check
        .optional_empty
        .iter()
        .fold(0, |n, &(_, e)| u32::saturating_add(n, e));
    let uncovered = check.uncovered_seats;
    Coverage {
        duties: duties.len(),
        seats,
        filled: seats - uncovered.min(seats),
        rate: if seats == 0 {
            1.0
        } else {
            round(
                f64::from(seats - uncovered.min(seats)) / f64::from(seats),
                6,
            )
        },
        optional_seats,
        optional_filled: optional_seats - optional_empty.min(optional_seats),
        under_cover_penalty: round(check.under_cover_penalty, 6),
        over_cover_seats: check.over_cover_seats,
        over_cover_penalty: round(check.over_cover_penalty, 6),
        population: check
            .population
            .as_ref()
            .map(|p| population_coverage(instance, duties, p)),
    }
}

fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        round(part / whole, 6)
    } else {
        1.0
    }
}

fn population_coverage(
    instance: &Instance,
    duties: &[crate::duties::Duty],
    p: &crate::check::PopulationFigures,
) -> PopulationCoverage {
    let places = instance
        .geography
        .as_ref()
        .map_or(&[][..], |g| &g.places[..]);
    PopulationCoverage {
        threshold_minutes: p.threshold_minutes,
        population: p.population,
        smur_population: p.smur_population,
        mcs_hours: round(p.mcs_minutes as f64 / 60.0, 3),
        share_without_mcs: share(p.covered_smur, p.potential),
        share_with_mcs: share(p.covered, p.potential),
        periods: p
            .periods
            .iter()
            .map(|g| PeriodCoverage {
                period: g.period.clone(),
                hours: round(g.hours, 3),
                share_without_mcs: round(g.smur_share, 6),
                share_with_mcs: round(g.share, 6),
            })
            .collect(),
        uncovered_places: p
            .uncovered_places
            .iter()
            .take(10)
            .filter_map(|u| {
                let place = places.get(u.place.get())?;
                Some(PlaceCoverage {
                    id: place.id.clone(),
                    name: place.name.clone(),
                    population: place.population,
                    hours: round(u.hours, 3),
                    population_hours: round(u.population_hours, 1),
                })
            })
            .collect(),
        best_extra: p
            .best_extra
            .iter()
            .map(|e| {
                let d = &duties[e.duty.get()];
                ExtraCoverage {
                    practitioner: instance.practitioner(e.practitioner).id.0.clone(),
                    post: instance.post(d.post).id.0.clone(),
                    period: instance.period(d.period).id.0.clone(),
                    date: d.date.to_string(),
                    population_hours: round(e.population_hours, 1),
                    compatible: e.compatible,
                }
            })
            .collect(),
    }
}
