//! Population coverage recomputed from the roster alone (docs/rules.md, "Population
//! coverage"): which places are within the threshold of a SMUR base or of an on-duty
//! MCS, slice by slice of MCS time. Shares no code with `model`.
//!
//! MCS time is cut at every start and end of an MCS duty; a slice is a pair of
//! consecutive cuts on which at least one MCS duty is open. On each slice the places
//! reached by a base or by the practice place of a holder of an open MCS duty are
//! covered; population × minutes are summed over slices. The figures then say which
//! periods and places stay beyond the threshold, and which single extra volunteer on an
//! empty MCS seat would bring the most population-hours, checked against the rules with
//! the checker's own timeline, maxima, minima and bundle scans.

use std::collections::{BTreeMap, BTreeSet};
use std::mem::{discriminant, Discriminant};

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;

use crate::duties::{Duty, DutyIdx};
use crate::instance::{Geography, Instance, PlaceIdx, PostKind, PracIdx};

use super::eligibility::is_eligible;
use super::timeline::{maxima_violations, timeline_violations};
use super::work::minimum_violations;
use super::{bundle_violations, duty_ref, DutyRef, Holding, Violation};

/// How many extra volunteer-periods the figures keep, best first.
pub(crate) const EXTRA_SHOWN: usize = 10;

/// How many candidates, best first, are scanned for a compatible extra when none of the
/// [`EXTRA_SHOWN`] best is compatible.
pub(crate) const EXTRA_SCAN: usize = 300;

/// Population coverage of a roster during MCS time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PopulationFigures {
    /// The threshold, minutes.
    pub threshold_minutes: u32,
    /// Residents of every place.
    pub population: u64,
    /// Residents within the threshold of a SMUR base (at any time).
    pub smur_population: u64,
    /// Minutes of MCS time (the union of the MCS duties' intervals).
    pub mcs_minutes: i64,
    /// `population × mcs_minutes`.
    pub potential: f64,
    /// Population-minutes covered by the SMUR bases alone.
    pub covered_smur: f64,
    /// Population-minutes covered by the SMUR bases or an on-duty MCS.
    pub covered: f64,
    /// `1000 × (potential − covered) / potential`: the roster's term of the first level.
    pub loss_per_mille: f64,
    /// Each slice of MCS time, in time order.
    pub slices: Vec<SliceFigures>,
    /// Per MCS period id (or `a+b` when periods overlap on a slice), in first-slice order.
    pub periods: Vec<PeriodFigures>,
    /// Places with uncovered MCS time, worst (population × hours) first.
    pub uncovered_places: Vec<PlaceFigures>,
    /// The single extra volunteer-period that would gain the most, best first: the ten
    /// best, plus the best compatible one (among the first few hundred) when none of
    /// those is.
    pub best_extra: Vec<ExtraFigures>,
}

impl PopulationFigures {
    /// Share of the population within the threshold of a SMUR base, 0–1.
    pub fn smur_share(&self) -> f64 {
        ratio(self.smur_population as f64, self.population as f64)
    }

    /// Share of the population-minutes of MCS time covered with the MCS on duty, 0–1.
    pub fn share(&self) -> f64 {
        ratio(self.covered, self.potential)
    }

    /// Hours of MCS time.
    pub fn mcs_hours(&self) -> f64 {
        self.mcs_minutes as f64 / 60.0
    }
}

/// One slice of MCS time on which the set of open MCS duties is constant.
#[derive(Clone, Debug, PartialEq)]
pub struct SliceFigures {
    /// Start, local time with offset.
    pub start: DateTime<FixedOffset>,
    /// End.
    pub end: DateTime<FixedOffset>,
    /// Length, minutes.
    pub minutes: i64,
    /// The MCS period ids open, sorted, joined with `+`.
    pub period: String,
    /// The MCS duties open on the slice, by index.
    pub open: Vec<DutyIdx>,
    /// Residents covered with SMUR only.
    pub smur_population: u64,
    /// Residents covered with SMUR and the MCS on duty.
    pub covered_population: u64,
    /// Practitioners on MCS duty during the slice (holders with a place), by index.
    pub on_duty: Vec<PracIdx>,
}

/// Coverage aggregated over the slices of one MCS period.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodFigures {
    /// The period id(s).
    pub period: String,
    /// Hours of MCS time in this period over the horizon.
    pub hours: f64,
    /// Share of population-hours covered by SMUR only, 0–1.
    pub smur_share: f64,
    /// Share of population-hours covered with the MCS on duty, 0–1.
    pub share: f64,
}

/// A place and how long it stays beyond the threshold.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceFigures {
    /// The place.
    pub place: PlaceIdx,
    /// Hours of MCS time it is not covered.
    pub hours: f64,
    /// `population × hours`.
    pub population_hours: f64,
}

/// One extra volunteer on one MCS duty with an empty seat.
#[derive(Clone, Debug, PartialEq)]
pub struct ExtraFigures {
    /// The volunteer.
    pub practitioner: PracIdx,
    /// The duty.
    pub duty: DutyIdx,
    /// The duty, named (post, period, date, times).
    pub duty_ref: DutyRef,
    /// Population-hours it would add.
    pub population_hours: f64,
    /// Whether adding it breaks no hard rule of the roster.
    pub compatible: bool,
}

/// `a / b`, 0 when `b` is 0.
fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

/// A slice as computed, with the coverage of each place.
struct Slice {
    start: DateTime<Tz>,
    end: DateTime<Tz>,
    minutes: u64,
    open: Vec<DutyIdx>,
    period: String,
    on_duty: Vec<PracIdx>,
    /// Per place: within the threshold of a base or of an on-duty MCS.
    covered: Vec<bool>,
}

/// Computes the figures, or `None` when the instance has no places or no MCS duty.
///
/// `duties` are `duties::expand(instance)`; `holders` is who holds each duty, with the
/// line of their row (as [`super::check`] gathers it).
pub(crate) fn population(
    instance: &Instance,
    duties: &[Duty],
    holders: &BTreeMap<DutyIdx, Vec<(PracIdx, u64)>>,
) -> Option<PopulationFigures> {
    let geo = instance.geography.as_ref()?;
    let mcs: Vec<&Duty> = duties
        .iter()
        .filter(|d| instance.post(d.post).kind == PostKind::McsZone)
        .collect();
    if mcs.is_empty() {
        return None;
    }
    let pops: Vec<u64> = geo.places.iter().map(|p| u64::from(p.population)).collect();
    let smur: Vec<bool> = (0..geo.places.len())
        .map(|i| geo.base_covers(PlaceIdx(i as u32)))
        .collect();
    let slices = slices(instance, geo, &mcs, holders, &smur);

    let population = geo.population();
    let smur_population = covered_sum(&pops, &smur);
    let mcs_minutes: u64 = slices.iter().map(|s| s.minutes).sum();
    let mut covered: u128 = 0;
    let mut uncovered_minutes = vec![0u64; pops.len()];
    for s in &slices {
        covered += u128::from(covered_sum(&pops, &s.covered)) * u128::from(s.minutes);
        for (i, &c) in s.covered.iter().enumerate() {
            if !c {
                uncovered_minutes[i] += s.minutes;
            }
        }
    }
    let potential = population as f64 * mcs_minutes as f64;
    let covered = covered as f64;
    let covered_smur = smur_population as f64 * mcs_minutes as f64;
    let loss_per_mille = 1000.0 * ratio(potential - covered, potential);

    let extras = extras(instance, duties, geo, holders, &slices, &pops);
    Some(PopulationFigures {
        threshold_minutes: geo.threshold_minutes,
        population,
        smur_population,
        mcs_minutes: mcs_minutes as i64,
        potential,
        covered_smur,
        covered,
        loss_per_mille,
        periods: periods(&slices, &pops, smur_population, population),
        uncovered_places: uncovered_places(&pops, &uncovered_minutes),
        slices: slices
            .iter()
            .map(|s| SliceFigures {
                start: s.start.fixed_offset(),
                end: s.end.fixed_offset(),
                minutes: s.minutes as i64,
                period: s.period.clone(),
                open: s.open.clone(),
                smur_population,
                covered_population: covered_sum(&pops, &s.covered),
                on_duty: s.on_duty.clone(),
            })
            .collect(),
        best_extra: extras,
    })
}

/// Residents of the places flagged.
fn covered_sum(pops: &[u64], flags: &[bool]) -> u64 {
    pops.iter()
        .zip(flags)
        .filter(|(_, &f)| f)
        .map(|(p, _)| p)
        .sum()
}

/// Cuts MCS time into slices and finds who is on duty and what is covered on each.
fn slices(
    instance: &Instance,
    geo: &Geography,
    mcs: &[&Duty],
    holders: &BTreeMap<DutyIdx, Vec<(PracIdx, u64)>>,
    smur: &[bool],
) -> Vec<Slice> {
    let cuts: BTreeSet<DateTime<Tz>> = mcs.iter().flat_map(|d| [d.start, d.end]).collect();
    let cuts: Vec<DateTime<Tz>> = cuts.into_iter().collect();
    let mut out = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let open: Vec<&Duty> = mcs
            .iter()
            .copied()
            .filter(|d| d.start <= a && d.end >= b)
            .collect();
        if open.is_empty() {
            continue;
        }
        let ids: BTreeSet<&str> = open
            .iter()
            .map(|d| instance.period(d.period).id.as_str())
            .collect();
        let on_duty: BTreeSet<PracIdx> = open
            .iter()
            .filter_map(|d| holders.get(&d.idx))
            .flatten()
            .map(|&(p, _)| p)
            .filter(|&p| instance.practitioner(p).place.is_some())
            .collect();
        let origins: Vec<PlaceIdx> = on_duty
            .iter()
            .filter_map(|&p| instance.practitioner(p).place)
            .collect();
        let covered = (0..smur.len())
            .map(|i| {
                let to = PlaceIdx(i as u32);
                smur[i] || origins.iter().any(|&from| geo.place_reaches(from, to))
            })
            .collect();
        out.push(Slice {
            start: a,
            end: b,
            minutes: u64::try_from((b - a).num_minutes()).unwrap_or(0),
            open: open.iter().map(|d| d.idx).collect(),
            period: ids.into_iter().collect::<Vec<_>>().join("+"),
            on_duty: on_duty.into_iter().collect(),
            covered,
        });
    }
    out
}

/// Figures per period label, in order of first slice.
fn periods(
    slices: &[Slice],
    pops: &[u64],
    smur_population: u64,
    population: u64,
) -> Vec<PeriodFigures> {
    // (label, minutes, covered population-minutes)
    let mut groups: Vec<(String, u64, u128)> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for s in slices {
        let i = *index.entry(s.period.as_str()).or_insert_with(|| {
            groups.push((s.period.clone(), 0, 0));
            groups.len() - 1
        });
        groups[i].1 += s.minutes;
        groups[i].2 += u128::from(covered_sum(pops, &s.covered)) * u128::from(s.minutes);
    }
    groups
        .into_iter()
        .map(|(period, minutes, covered)| {
            let potential = population as f64 * minutes as f64;
            PeriodFigures {
                period,
                hours: minutes as f64 / 60.0,
                smur_share: ratio(smur_population as f64 * minutes as f64, potential),
                share: ratio(covered as f64, potential),
            }
        })
        .collect()
}

/// Every place with uncovered minutes, worst population × hours first, then by index.
fn uncovered_places(pops: &[u64], uncovered_minutes: &[u64]) -> Vec<PlaceFigures> {
    let mut rows: Vec<(u128, usize, u64)> = uncovered_minutes
        .iter()
        .enumerate()
        .filter(|(_, &m)| m > 0)
        .map(|(i, &m)| (u128::from(pops[i]) * u128::from(m), i, m))
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    rows.into_iter()
        .map(|(pop_minutes, i, m)| PlaceFigures {
            place: PlaceIdx(i as u32),
            hours: m as f64 / 60.0,
            population_hours: pop_minutes as f64 / 60.0,
        })
        .collect()
}

/// The extra volunteer-periods worth the most population-hours (module doc).
fn extras(
    instance: &Instance,
    duties: &[Duty],
    geo: &Geography,
    holders: &BTreeMap<DutyIdx, Vec<(PracIdx, u64)>>,
    slices: &[Slice],
    pops: &[u64],
) -> Vec<ExtraFigures> {
    // (gain in population-minutes, duty, practitioner)
    let mut candidates: Vec<(u128, DutyIdx, PracIdx)> = Vec::new();
    for duty in duties {
        if instance.post(duty.post).kind != PostKind::McsZone {
            continue;
        }
        let on = holders.get(&duty.idx).map_or(&[][..], Vec::as_slice);
        if on.len() >= duty.demand as usize {
            continue;
        }
        let inside: Vec<&Slice> = slices
            .iter()
            .filter(|s| duty.start <= s.start && s.end <= duty.end)
            .collect();
        for (i, prac) in instance.practitioners.iter().enumerate() {
            let p = PracIdx(i as u32);
            let Some(from) = prac.place else { continue };
            if on.iter().any(|&(q, _)| q == p) || !may_hold(instance, p, duty) {
                continue;
            }
            let gain: u128 = inside
                .iter()
                .map(|s| {
                    let reached: u64 = (0..pops.len())
                        .filter(|&q| !s.covered[q] && geo.place_reaches(from, PlaceIdx(q as u32)))
                        .map(|q| pops[q])
                        .sum();
                    u128::from(reached) * u128::from(s.minutes)
                })
                .sum();
            if gain > 0 {
                candidates.push((gain, duty.idx, p));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));

    let rules = RuleScan::new(instance, duties, holders);
    keep_best(&candidates, EXTRA_SHOWN, EXTRA_SCAN, |&(_, d, p)| {
        rules.compatible(p, d)
    })
    .into_iter()
    .map(|((gain, d, p), compatible)| ExtraFigures {
        practitioner: p,
        duty: d,
        duty_ref: duty_ref(instance, &duties[d.get()]),
        population_hours: gain as f64 / 60.0,
        compatible,
    })
    .collect()
}

/// The first `shown` candidates with whether each is compatible, plus the first
/// compatible one among the first `scan` when none of those is.
fn keep_best<C: Copy>(
    candidates: &[C],
    shown: usize,
    scan: usize,
    compatible: impl Fn(&C) -> bool,
) -> Vec<(C, bool)> {
    let mut out: Vec<(C, bool)> = candidates
        .iter()
        .take(shown)
        .map(|c| (*c, compatible(c)))
        .collect();
    if !out.iter().any(|&(_, ok)| ok) {
        if let Some(c) = candidates
            .iter()
            .take(scan)
            .skip(shown)
            .find(|c| compatible(c))
        {
            out.push((*c, true));
        }
    }
    out
}

/// Whether `p` may hold `duty` (docs/rules.md, "Eligibility"): the post is theirs, with
/// its qualifications and profession, and they are not unavailable.
fn may_hold(instance: &Instance, p: PracIdx, duty: &Duty) -> bool {
    let professions = &instance.post(duty.post).professions;
    (professions.is_empty() || professions.contains(&instance.practitioner(p).profession))
        && is_eligible(instance, p, duty)
}

/// The roster's violations, to tell whether one more duty breaks a new rule.
struct RuleScan<'a> {
    instance: &'a Instance,
    duties: &'a [Duty],
    holders: &'a BTreeMap<DutyIdx, Vec<(PracIdx, u64)>>,
    /// Each holder's duties, with their rows' lines.
    holdings: BTreeMap<PracIdx, Vec<Holding>>,
    /// Weekend bundle violations of the roster as it is.
    bundles: usize,
}

impl<'a> RuleScan<'a> {
    fn new(
        instance: &'a Instance,
        duties: &'a [Duty],
        holders: &'a BTreeMap<DutyIdx, Vec<(PracIdx, u64)>>,
    ) -> Self {
        let mut holdings: BTreeMap<PracIdx, Vec<Holding>> = BTreeMap::new();
        for (&duty, hs) in holders {
            for &(p, line) in hs {
                holdings.entry(p).or_default().push(Holding { duty, line });
            }
        }
        let mut bundle = Vec::new();
        bundle_violations(instance, duties, holders, &mut bundle);
        RuleScan {
            instance,
            duties,
            holders,
            holdings,
            bundles: bundle.len(),
        }
    }

    /// Whether adding `p` to duty `d` adds no violation of rules 3–12 for `p`: no kind
    /// of violation becomes more frequent. The least minutes are left out: one more
    /// duty never falls short of them by more, and may mend them, which must not hide a
    /// new violation of another kind.
    fn compatible(&self, p: PracIdx, d: DutyIdx) -> bool {
        let mine = self.holdings.get(&p).map_or(&[][..], Vec::as_slice);
        let mut with = mine.to_vec();
        with.push(Holding { duty: d, line: 0 });
        let before = kinds(&self.personal(p, mine));
        let after = kinds(&self.personal(p, &with));
        let count = |list: &[(Discriminant<Violation>, usize)], k| {
            list.iter().find(|(q, _)| *q == k).map_or(0, |&(_, n)| n)
        };
        if after.iter().any(|&(k, n)| n > count(&before, k)) {
            return false;
        }
        let mut holders = self.holders.clone();
        holders.entry(d).or_default().push((p, 0));
        let mut bundle = Vec::new();
        bundle_violations(self.instance, self.duties, &holders, &mut bundle);
        bundle.len() <= self.bundles
    }

    /// The timeline, maxima and minima violations `p` has with these duties.
    fn personal(&self, p: PracIdx, holdings: &[Holding]) -> Vec<Violation> {
        let mut violations = Vec::new();
        let mut combined = Vec::new();
        timeline_violations(
            self.instance,
            self.duties,
            p,
            holdings,
            &mut violations,
            &mut combined,
        );
        maxima_violations(self.instance, self.duties, p, holdings, &mut violations);
        minimum_violations(self.instance, self.duties, p, holdings, &mut violations);
        violations
    }
}

/// How many violations of each kind, the least minutes left out (see
/// [`RuleScan::compatible`]).
fn kinds(violations: &[Violation]) -> Vec<(Discriminant<Violation>, usize)> {
    let mut out: Vec<(Discriminant<Violation>, usize)> = Vec::new();
    for v in violations {
        if matches!(v, Violation::MinMinutes { .. }) {
            continue;
        }
        let k = discriminant(v);
        match out.iter_mut().find(|(q, _)| *q == k) {
            Some((_, n)) => *n += 1,
            None => out.push((k, 1)),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // STYLE.md §4: unwrap is fine in tests.
mod tests {
    use super::*;
    use crate::check::RosterRecord;
    use crate::check::{check, CheckReport};
    use crate::instance::parse;
    use chrono::NaiveDate;

    /// One Monday, two MCS zones: `mcs-a` in the evening 20:00–24:00 (one seat), `mcs-b`
    /// over the night 22:00–08:00 (two seats). Five places; the SMUR reaches only `a`.
    /// v1 practises at b, v2 at d, v3 at c, v4 at e (its place is removed in the tests
    /// that need a holder without one), v5 at d but away that day.
    const TINY: &str = r#"
name = "couverture"
horizon = { first = 2027-01-04, last = 2027-01-04 }
coverage = { threshold_minutes = 30 }
places = [
  { id = "a", name = "Alpha", population = 1000, lat = 44.0, lon = 3.0 },
  { id = "b", name = "Bravo", population = 2000, lat = 44.1, lon = 3.0 },
  { id = "c", name = "Charlie", population = 500, lat = 44.2, lon = 3.0 },
  { id = "d", name = "Delta", population = 3000, lat = 44.3, lon = 3.0 },
  { id = "e", name = "Echo", population = 100, lat = 44.4, lon = 3.0 },
]
emergency_bases = [{ id = "smur", name = "SMUR", lat = 44.0, lon = 3.0 }]
[[periods]]
id = "soir"
start = "20:00"
end = "24:00"
[[periods]]
id = "np"
start = "22:00"
end = "08:00"
[[posts]]
id = "mcs-a"
kind = "mcs"
periods = ["soir"]
qualifications = ["mcs"]
[[posts]]
id = "mcs-b"
kind = "mcs"
periods = ["np"]
demand = 2
qualifications = ["mcs"]
[[practitioners]]
id = "v1"
qualifications = ["mcs"]
posts = ["mcs-a", "mcs-b"]
place = "b"
[[practitioners]]
id = "v2"
qualifications = ["mcs"]
posts = ["mcs-a", "mcs-b"]
place = "d"
[[practitioners]]
id = "v3"
qualifications = ["mcs"]
posts = ["mcs-b"]
place = "c"
[[practitioners]]
id = "v4"
qualifications = ["mcs"]
posts = ["mcs-b"]
place = "e"
[[practitioners]]
id = "v5"
qualifications = ["mcs"]
posts = ["mcs-b"]
place = "d"
unavailable = [{ date = 2027-01-04 }]
"#;

    /// The instance with hand-set travel times: from b reach b and c (exactly at the
    /// threshold), from c reach c and e, from any other place only itself; the base
    /// reaches only a (exactly at the threshold).
    fn tiny() -> (Instance, Vec<Duty>) {
        let mut instance = parse("tiny.toml", TINY).unwrap_or_else(|d| panic!("{d:?}"));
        let geo = instance.geography.as_mut().unwrap();
        let n = geo.places.len();
        let minutes = |i: usize, j: usize| match (i, j) {
            _ if i == j => 0.0,
            (1, 2) => 30.0,
            (2, 4) => 12.0,
            _ => 31.0,
        };
        geo.between_places = (0..n)
            .map(|i| (0..n).map(|j| minutes(i, j)).collect())
            .collect();
        geo.from_bases = vec![(0..n).map(|j| if j == 0 { 30.0 } else { 30.5 }).collect()];
        let duties = crate::duties::expand(&instance).unwrap();
        (instance, duties)
    }

    fn row(practitioner: &str, post: &str, period: &str) -> RosterRecord {
        RosterRecord {
            line: 0,
            date: NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
            post: post.to_owned(),
            period: period.to_owned(),
            start: None,
            end: None,
            practitioner_id: practitioner.to_owned(),
        }
    }

    fn figures(
        instance: &Instance,
        duties: &[Duty],
        rows: &[RosterRecord],
    ) -> (CheckReport, PopulationFigures) {
        let report = check(instance, duties, rows);
        let figures = report.population.clone().unwrap();
        (report, figures)
    }

    fn place(instance: &Instance, i: PlaceIdx) -> &str {
        &instance.geography.as_ref().unwrap().places[i.get()].id
    }

    fn prac(instance: &Instance, p: PracIdx) -> &str {
        instance.practitioner(p).id.as_str()
    }

    #[test]
    fn hand_computed_figures_with_one_evening_volunteer() {
        let (mut instance, duties) = tiny();
        // v4 holds a seat of mcs-b but has no place: on duty for no one.
        instance.practitioners[3].place = None;
        let rows = [row("v1", "mcs-a", "soir"), row("v4", "mcs-b", "np")];
        let (report, f) = figures(&instance, &duties, &rows);
        assert!(report.is_valid(), "{:?}", report.violations);

        assert_eq!(f.threshold_minutes, 30);
        assert_eq!(f.population, 6600);
        assert_eq!(f.smur_population, 1000);
        // Slices 20–22 (soir), 22–24 (np+soir), 00–08 (np).
        let shape: Vec<String> = f
            .slices
            .iter()
            .map(|s| {
                let on: Vec<&str> = s.on_duty.iter().map(|&p| prac(&instance, p)).collect();
                format!(
                    "{} {} {} {} {} [{}]",
                    s.start.to_rfc3339(),
                    s.end.to_rfc3339(),
                    s.minutes,
                    s.period,
                    s.covered_population,
                    on.join(",")
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                "2027-01-04T20:00:00+01:00 2027-01-04T22:00:00+01:00 120 soir 3500 [v1]",
                "2027-01-04T22:00:00+01:00 2027-01-05T00:00:00+01:00 120 np+soir 3500 [v1]",
                "2027-01-05T00:00:00+01:00 2027-01-05T08:00:00+01:00 480 np 1000 []",
            ]
        );
        assert!(f.slices.iter().all(|s| s.smur_population == 1000));
        assert_eq!(f.mcs_minutes, 720);
        assert_eq!(f.potential, 6600.0 * 720.0);
        assert_eq!(f.covered_smur, 1000.0 * 720.0);
        assert_eq!(f.covered, 3500.0 * 240.0 + 1000.0 * 480.0);
        let loss = 1000.0 * (4_752_000.0 - 1_320_000.0) / 4_752_000.0;
        assert!(
            (f.loss_per_mille - loss).abs() < 1e-9,
            "{}",
            f.loss_per_mille
        );
        assert!((f.share() - 1_320_000.0 / 4_752_000.0).abs() < 1e-12);

        let periods: Vec<(&str, f64, f64, f64)> = f
            .periods
            .iter()
            .map(|p| (p.period.as_str(), p.hours, p.smur_share, p.share))
            .collect();
        let (smur, evening) = (1000.0 / 6600.0, 3500.0 / 6600.0);
        assert_eq!(
            periods,
            vec![
                ("soir", 2.0, smur, evening),
                ("np+soir", 2.0, smur, evening),
                ("np", 8.0, smur, smur)
            ]
        );

        // d 12 h × 3000, b 8 h × 2000, c 8 h × 500, e 12 h × 100; a never.
        let places: Vec<(&str, f64, f64)> = f
            .uncovered_places
            .iter()
            .map(|p| (place(&instance, p.place), p.hours, p.population_hours))
            .collect();
        assert_eq!(
            places,
            vec![
                ("d", 12.0, 36000.0),
                ("b", 8.0, 16000.0),
                ("c", 8.0, 4000.0),
                ("e", 12.0, 1200.0)
            ]
        );

        // Only mcs-b has an empty seat. v2 (d: 3000 × 10 h), v1 (b and c after midnight:
        // 2500 × 8 h, but already on mcs-a until 24:00), v3 (e 2 h, c and e 8 h). v4
        // holds it, v5 is away.
        let extras: Vec<(&str, &str, f64, bool)> = f
            .best_extra
            .iter()
            .map(|e| {
                (
                    prac(&instance, e.practitioner),
                    e.duty_ref.post.as_str(),
                    e.population_hours,
                    e.compatible,
                )
            })
            .collect();
        assert_eq!(
            extras,
            vec![
                ("v2", "mcs-b", 30000.0, true),
                ("v1", "mcs-b", 20000.0, false),
                ("v3", "mcs-b", 5000.0, true)
            ]
        );
        assert_eq!(
            f.best_extra[0].duty_ref.date,
            NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()
        );
    }

    #[test]
    fn a_night_volunteer_covers_what_they_reach_and_the_smur_stays() {
        let (instance, duties) = tiny();
        let rows = [row("v2", "mcs-b", "np"), row("v3", "mcs-b", "np")];
        let (report, f) = figures(&instance, &duties, &rows);
        assert!(report.is_valid(), "{:?}", report.violations);
        // Evening 20–22: SMUR only; 22–08: a + d (v2) + c, e (v3) = 4600.
        let covered: Vec<u64> = f.slices.iter().map(|s| s.covered_population).collect();
        assert_eq!(covered, vec![1000, 4600, 4600]);
        assert_eq!(f.covered, 1000.0 * 120.0 + 4600.0 * 600.0);
        // mcs-b is full; only mcs-a (20–24) is open. v1 reaches b, c: 2000 × 4 h +
        // 500 × 2 h (c is v3's from 22:00); v2 would overlap its night.
        let extras: Vec<(&str, f64, bool)> = f
            .best_extra
            .iter()
            .map(|e| {
                (
                    prac(&instance, e.practitioner),
                    e.population_hours,
                    e.compatible,
                )
            })
            .collect();
        assert_eq!(extras, vec![("v1", 9000.0, true), ("v2", 6000.0, false)]);
    }

    #[test]
    fn an_empty_roster_loses_everything_beyond_the_smur() {
        let (instance, duties) = tiny();
        let (_, f) = figures(&instance, &duties, &[]);
        assert_eq!(f.covered, f.covered_smur);
        let loss = 1000.0 * 5600.0 / 6600.0;
        assert!((f.loss_per_mille - loss).abs() < 1e-9);
        assert!(f.slices.iter().all(|s| s.on_duty.is_empty()));
        assert_eq!(f.uncovered_places.len(), 4);
    }

    #[test]
    fn no_places_or_no_mcs_duty_means_no_figures() {
        let (instance, duties) = tiny();
        assert!(check(&instance, &duties, &[]).population.is_some());
        let mut no_places = instance.clone();
        no_places.geography = None;
        assert_eq!(check(&no_places, &duties, &[]).population, None);
        let mut no_mcs = instance;
        for post in &mut no_mcs.posts {
            post.kind = PostKind::Other;
        }
        assert_eq!(check(&no_mcs, &duties, &[]).population, None);
    }

    #[test]
    fn keep_best_adds_the_first_compatible_beyond_the_shown() {
        let list: Vec<u32> = (0..10).collect();
        let ok = |c: &u32| *c == 6 || *c == 8;
        assert_eq!(
            keep_best(&list, 3, 100, ok),
            vec![(0, false), (1, false), (2, false), (6, true)]
        );
        // Beyond the scan, nothing is added.
        assert_eq!(keep_best(&list, 3, 5, ok).len(), 3);
        // A compatible one among the shown: nothing is added.
        assert_eq!(
            keep_best(&list, 7, 100, ok).iter().filter(|c| c.1).count(),
            1
        );
    }
}
