//! `cargo xtask gen-lozere`: writes `instances/lozere-2027-q1.toml`, the bundled PDSA and
//! MCS instance for the first quarter of 2027 in Lozère, from the open commune data in
//! `../shared/data/lozere/communes.csv` and the emergency bases of
//! `../shared/data/emergency-bases.csv`.
//!
//! What is real and what is made up:
//! - real: the 152 communes, their populations (INSEE PMUN 2023) and town-hall points,
//!   written as the instance's `places`; the SMUR bases (the rows of kind `smur` of the
//!   bases file); the calendar (holidays, the bridge Saturday, the clock change); eleven
//!   MCS sectors funded by the ARS and about 29 MCS (28 settled GPs and one locum in
//!   2020), from `../shared/data/README.md` and PDSA.md §5.4;
//! - a stated method: the sectors (twelve seats, each commune joining the nearest seat
//!   by great-circle distance), the number of practitioners per sector (by population);
//!   the travel-time calibration of `[coverage]` (56 km/h road, detour 1.4: 40 km/h
//!   straight-line, the data README's Lozère figure); one MCS zone per sector except the
//!   one of the SMUR base (Mende); MCS volunteers two per zone and a third in the six
//!   zones whose seat is farthest from a SMUR base; the PDSA duty combinable with the MCS
//!   zone in the four Cévennes and Causses sectors (below);
//! - invented, from a fixed seed: the practitioners (pseudonymous names), their
//!   neighbouring sectors, shares, unavailability, wishes and the history of the last
//!   quarter of 2026, simulated with a simple rotation; their practice commune (`place`),
//!   drawn among the communes of their sector with at least 500 inhabitants (the seat
//!   always qualifies), weighted by population, since the data has no practice address;
//!   which of them are MCS; the locum.
//!
//! The output is the same byte for byte on every run: one seeded PRNG (splitmix64),
//! drawn in a fixed order, every collection ordered. Every draw that the MCS and the
//! places added comes after the draws of the PDSA-only generator, so that the 44 GPs kept
//! their names, shares, unavailability, wishes and PDSA history.

mod calendar;
mod render;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::territory::calendar::{day_kind, history_quarter, horizon, winter_weeks, Date, Kind};
use crate::territory::cli::{emit, read_input, Options};
use crate::territory::data::{parse_bases, parse_communes, split_smur, Commune, EmergencyBase};
use crate::territory::geo::{dhondt, distance_km, nearest_other, nearest_seats, Coverage};
use crate::territory::names::FIRST_NAMES;
use crate::territory::requests::{self, Requester as _};
use crate::territory::rng::SplitMix64;
use crate::territory::text::ascii_slug;
use crate::TaskResult;

use calendar::{category, duties_on, mcs_duties_on, wished_duty, Period};

/// The seed of every random draw. Changing it changes the practitioners, not the sectors.
const SEED: u64 = 0x4C6F_7A65_7265_2027; // "Lozere" and the year

/// Number of practitioners: the "about forty volunteer GPs" of DESIGN.md.
const PRACTITIONERS: usize = 44;
/// Every sector has at least this many practitioners of its own (PDSA.md §3.2: 3 to 12
/// GPs per rural sector).
const MIN_PER_SECTOR: usize = 3;
/// A sector that keeps the deep night has nearly twice the duties, so at least this many.
const MIN_PER_DEEP_NIGHT_SECTOR: usize = 5;
/// Wishes in the whole instance.
const WISHES: usize = 30;

const DEFAULT_COMMUNES: &str = "../shared/data/lozere/communes.csv";
const DEFAULT_OUT: &str = "instances/lozere-2027-q1.toml";

/// The travel-time estimate (`[coverage]`): 56 km/h on the road with a detour factor of
/// 1.4 is 40 km/h straight-line, the data README's calibration for Lozère (Mende →
/// Meyrueis 37.9 km crow-flies in about one hour by road, 38 km/h): 30 minutes is 20 km.
pub(crate) const COVERAGE: Coverage = Coverage {
    threshold_minutes: 30,
    road_speed_kmh: 56.0,
    detour_factor: 1.4,
    dispatch_minutes: 0.0,
};

/// Practice communes are drawn among the communes of the sector with at least this many
/// inhabitants (and the seat), a village large enough to keep a practice.
const MIN_PRACTICE_POPULATION: u32 = 500;
/// MCS volunteers per zone; [`MCS_FAR_ZONES`] zones get one more.
const MCS_PER_ZONE: usize = 2;
/// The zones whose seat is farthest from a SMUR base get a third volunteer: 11 × 2 + 6 =
/// 28 settled GPs, the 2020 count of PDSA.md §5.4 (with the locum, 29).
const MCS_FAR_ZONES: usize = 6;
/// The sectors whose PDSA duty is combinable with their MCS zone: Florac, where the
/// health centre describes PDSA until midnight followed by an MCS on-call (PDSA.md §5.4,
/// 2025), and the three other Cévennes and Causses sectors of the south (Meyrueis,
/// Villefort, Le Collet-de-Dèze): the smallest sectors (1,700 to 4,300 inhabitants,
/// three GPs each), on winding valley roads, where the GP on PDSA duty is often the only
/// doctor within reach.
const COMBINABLE: [&str; 4] = ["florac", "meyrueis", "villefort", "le-collet-de-deze"];
/// The most MCS on-calls (duties of MCS zones) a volunteer with a full share declares
/// a month, as networks that organise availability ask (PDSA.md §5.4); scaled by the
/// share and rounded up (the half-share locum: 4). Written as each volunteer's
/// `max_per_month_by_kind = { mcs = N }`, and kept by the simulated history.
const MCS_PER_MONTH: u32 = 8;
/// The locum lives in Florac, the MCS hub of the south, and covers its zone and the three
/// zones whose seats are nearest.
const LOCUM_PLACE: &str = "48061";
const LOCUM_ZONES: usize = 4;
/// The locum's share: half of a settled GP's.
const LOCUM_SHARE_TENTHS: u32 = 5;

/// A sector seat: a town with a practice, where the duty is held.
struct Seat {
    /// The post id in the instance.
    post: &'static str,
    /// The post label (French, shown to users).
    label: &'static str,
    /// INSEE code of the seat commune.
    insee: &'static str,
}

const fn seat(post: &'static str, label: &'static str, insee: &'static str) -> Seat {
    Seat { post, label, insee }
}

/// The twelve seats: the towns with a practice spread over the département, one or two
/// per intercommunalité, at least 7 km apart: the hospital towns (Hôpital Lozère in
/// Mende and Marvejols; hôpitaux de proximité in Saint-Chély-d'Apcher, Langogne and
/// Florac) and the small towns that anchor the rest (the Aubrac on the A75, the
/// Margeride, the Lot valley, the Cévennes, Mont Lozère, the Causses).
const SEATS: [Seat; 12] = [
    seat("mende", "Secteur de Mende", "48095"),
    seat("marvejols", "Secteur de Marvejols", "48092"),
    seat("saint-chely", "Secteur de Saint-Chély-d'Apcher", "48140"),
    seat("langogne", "Secteur de Langogne", "48080"),
    seat("florac", "Secteur de Florac", "48061"),
    seat("la-canourgue", "Secteur de La Canourgue", "48034"),
    seat("aumont-aubrac", "Secteur d'Aumont-Aubrac", "48009"),
    seat("le-malzieu", "Secteur du Malzieu", "48090"),
    seat("le-collet-de-deze", "Secteur du Collet-de-Dèze", "48051"),
    seat(
        "chateauneuf-de-randon",
        "Secteur de Châteauneuf-de-Randon",
        "48043",
    ),
    seat("villefort", "Secteur de Villefort", "48198"),
    seat("meyrueis", "Secteur de Meyrueis", "48096"),
];

/// Deep night (00:00-08:00) is kept in this many sectors, the most populous; the others
/// stop at midnight, as most rural sectors do (PDSA.md §1.4: 27 % of territories covered
/// in deep night in 2023; in Lozère the Florac health centre describes PDSA until
/// midnight followed by an MCS on-call).
const DEEP_NIGHT_SECTORS: usize = 3;

/// Invented identities: first names drawn without replacement from
/// [`FIRST_NAMES`], surnames built from an Occitan-sounding stem and ending, so that no
/// name points at a real doctor.
const SURNAME_STEMS: [&str; 26] = [
    "Albar", "Barth", "Aub", "Bal", "Bess", "Bonn", "Bouss", "Cabr", "Cast", "Chab", "Chaul",
    "Cheyl", "Coust", "Delp", "Esp", "Fab", "Fold", "Gral", "Lacr", "Malb", "Mont", "Pél", "Pradh",
    "Salv", "Teyss", "Vern",
];
const SURNAME_ENDINGS: [&str; 15] = [
    "ac", "adel", "anel", "argues", "assol", "ayrol", "ergue", "eyrac", "ières", "ignac", "iol",
    "onnet", "ouze", "oux", "ugue",
];

/// Runs `gen-lozere` with its command-line arguments.
pub fn run(root: &Path, args: &[String]) -> TaskResult {
    let options = Options::parse("gen-lozere", root, DEFAULT_COMMUNES, DEFAULT_OUT, args)?;
    let communes = parse_communes(&read_input(&options.communes, "--communes")?)?;
    let bases = parse_bases(&read_input(&options.bases, "--bases")?)?;
    let generated = generate(&communes, &bases)?;
    eprint!("{}", generated.report);
    emit("gen-lozere", &options, &generated.toml)
}

// ---------------------------------------------------------------------------------------
// The instance

/// A sector: its seat and the communes nearest to it.
struct Sector {
    seat: &'static Seat,
    town: Commune,
    communes: Vec<Commune>,
    population: u32,
    farthest_km: f64,
    /// Index of the nearest other seat: where its practitioners may lend a hand.
    neighbour: usize,
    /// Whether the sector keeps a doctor on duty after midnight.
    deep_night: bool,
}

/// An MCS zone: the area around a sector seat, outside the SMUR base's sector.
struct Zone {
    /// Index of its sector.
    sector: usize,
    /// Whether the sector's PDSA duty may be held at the same time.
    combinable: bool,
    /// Estimated minutes from the nearest SMUR base to the seat.
    smur_minutes: f64,
    /// Inhabitants of the sector beyond the threshold of every SMUR base.
    beyond: u32,
}

/// Something a practitioner cannot do or would like (post index, period, date).
type Target = requests::Target<Period>;
type Wish = requests::Wish<Period>;

struct Practitioner {
    id: String,
    first: &'static str,
    last: String,
    /// Index of the home sector (for the locum: the sector of their place).
    home: usize,
    helps: Option<usize>,
    /// A locum without a practice: no PDSA post of their own.
    locum: bool,
    /// The practice commune (INSEE code and name).
    place: (String, String),
    /// Sector indices of the MCS zones served (empty: not an MCS).
    zones: Vec<usize>,
    /// Share in tenths: 10 is 1.0.
    share_tenths: u32,
    limits: Vec<(&'static str, u32)>,
    unavailable: Vec<(Target, &'static str)>,
    wishes: Vec<Wish>,
    history: [u32; 4],
    /// MCS duties of Q4 2026.
    mcs_history: u32,
}

impl Practitioner {
    /// The monthly cap on MCS on-calls this volunteer declares (none: not an MCS).
    fn mcs_per_month(&self) -> Option<u32> {
        (!self.zones.is_empty()).then(|| (MCS_PER_MONTH * self.share_tenths).div_ceil(10))
    }

    fn name(&self) -> String {
        format!("Dr {} {}", self.first, self.last)
    }

    fn email(&self) -> String {
        format!(
            "{}.{}@example.org",
            ascii_slug(self.first),
            ascii_slug(&self.last)
        )
    }
}

requests::impl_requester!(Practitioner, Period);

/// What the generator produced: the file and a short report for the terminal.
struct Generated {
    toml: String,
    report: String,
}

/// Everything the renderer needs.
struct World<'a> {
    communes: &'a [Commune],
    smur: Vec<EmergencyBase>,
    excluded: Vec<EmergencyBase>,
    sectors: Vec<Sector>,
    zones: Vec<Zone>,
    practitioners: Vec<Practitioner>,
}

fn generate(communes: &[Commune], bases: &[EmergencyBase]) -> Result<Generated, String> {
    let sectors = build_sectors(communes)?;
    let (smur, excluded) = split_smur(bases);
    let mut rng = SplitMix64(SEED);
    let mut practitioners = place_practitioners(&sectors, &mut rng)?;
    add_unavailability(&sectors, &mut practitioners, &mut rng);
    add_wishes(&sectors, &mut practitioners, &mut rng);
    let pdsa_dates = simulate_history(&sectors, &mut practitioners, &mut rng);
    // Every later draw is new: the draws above are those of the PDSA-only generator.
    let zones = mcs_zones(&sectors, &smur);
    draw_places(&sectors, &mut practitioners, &mut rng);
    recruit_mcs(&zones, &mut practitioners, &mut rng);
    add_locum(&sectors, &zones, &mut practitioners, &mut rng)?;
    simulate_mcs_history(&zones, &mut practitioners, &pdsa_dates);
    let world = World {
        communes,
        smur,
        excluded,
        sectors,
        zones,
        practitioners,
    };
    Ok(Generated {
        toml: render::render(&world),
        report: render::report(&world),
    })
}

/// Every commune joins its nearest seat (ties: the seat listed first). Sectors are then
/// ordered by population, largest first.
fn build_sectors(communes: &[Commune]) -> Result<Vec<Sector>, String> {
    let towns: Vec<Commune> = SEATS
        .iter()
        .map(|seat| {
            communes
                .iter()
                .find(|c| c.insee == seat.insee)
                .cloned()
                .ok_or_else(|| {
                    format!(
                        "seat {} (INSEE {}) not in communes.csv",
                        seat.post, seat.insee
                    )
                })
        })
        .collect::<Result<_, _>>()?;
    let points: Vec<(f64, f64)> = towns.iter().map(Commune::point).collect();
    let mut members: Vec<Vec<(Commune, f64)>> = vec![Vec::new(); SEATS.len()];
    for (commune, (best, km)) in communes.iter().zip(nearest_seats(communes, &points)) {
        members[best].push((commune.clone(), km));
    }
    let mut sectors: Vec<(usize, Sector)> = SEATS
        .iter()
        .zip(towns)
        .zip(members)
        .enumerate()
        .map(|(i, ((seat, town), members))| {
            let population = members.iter().map(|(c, _)| c.population).sum();
            let farthest_km = members.iter().map(|(_, d)| *d).fold(0.0, f64::max);
            let communes = members.into_iter().map(|(c, _)| c).collect();
            (
                i,
                Sector {
                    seat,
                    town,
                    communes,
                    population,
                    farthest_km,
                    neighbour: 0,
                    deep_night: false,
                },
            )
        })
        .collect();
    sectors.sort_by(|a, b| b.1.population.cmp(&a.1.population).then(a.0.cmp(&b.0)));
    let mut sectors: Vec<Sector> = sectors.into_iter().map(|(_, s)| s).collect();
    for sector in sectors.iter_mut().take(DEEP_NIGHT_SECTORS) {
        sector.deep_night = true;
    }
    let points: Vec<(f64, f64)> = sectors.iter().map(|s| s.town.point()).collect();
    for (i, sector) in sectors.iter_mut().enumerate() {
        sector.neighbour = nearest_other(&points, i);
    }
    Ok(sectors)
}

/// How many practitioners each sector gets: a minimum each (more where the deep night
/// is kept), then the rest one at a time by the D'Hondt rule on population (the next one
/// goes to the largest population / (practitioners + 1)), so Mende gets the most.
fn practitioners_per_sector(sectors: &[Sector]) -> Vec<usize> {
    let populations: Vec<u32> = sectors.iter().map(|s| s.population).collect();
    let minimums: Vec<usize> = sectors
        .iter()
        .map(|s| {
            if s.deep_night {
                MIN_PER_DEEP_NIGHT_SECTOR
            } else {
                MIN_PER_SECTOR
            }
        })
        .collect();
    dhondt(&populations, &minimums, PRACTITIONERS)
}

fn place_practitioners(
    sectors: &[Sector],
    rng: &mut SplitMix64,
) -> Result<Vec<Practitioner>, String> {
    let counts = practitioners_per_sector(sectors);
    let mut first_names: Vec<&'static str> = FIRST_NAMES.split_whitespace().collect();
    let mut surnames = BTreeSet::new();
    let mut practitioners = Vec::new();
    for (s, &count) in counts.iter().enumerate() {
        for _ in 0..count {
            if first_names.is_empty() {
                return Err("more practitioners than first names".into());
            }
            let first = first_names.remove(rng.below(first_names.len()));
            let last = loop {
                let name = format!("{}{}", rng.pick(&SURNAME_STEMS), rng.pick(&SURNAME_ENDINGS));
                if surnames.insert(name.clone()) {
                    break name;
                }
            };
            practitioners.push(Practitioner {
                id: format!("d{:02}", practitioners.len() + 1),
                first,
                last,
                home: s,
                helps: None,
                locum: false,
                place: (String::new(), String::new()),
                zones: Vec::new(),
                share_tenths: 10,
                limits: Vec::new(),
                unavailable: Vec::new(),
                wishes: Vec::new(),
                history: [0; 4],
                mcs_history: 0,
            });
        }
    }
    // Half of each sector's practitioners, rounded up, also serve the nearest sector,
    // as neighbours do when a colleague is away.
    for (s, sector) in sectors.iter().enumerate() {
        let mut members: Vec<usize> = (0..practitioners.len())
            .filter(|&p| practitioners[p].home == s)
            .collect();
        for _ in 0..members.len().div_ceil(2) {
            let p = members.remove(rng.below(members.len()));
            practitioners[p].helps = Some(sector.neighbour);
        }
    }
    // Reduced shares (PDSA.md §7.4: shares rather than age rules): one practitioner in
    // each sector that has more than three, so that no small sector loses capacity;
    // one of them at 0.7, the others at 0.5 with personal limits.
    let big: Vec<usize> = (0..sectors.len())
        .filter(|&s| counts[s] > MIN_PER_SECTOR)
        .collect();
    let seventy = rng.below(big.len().max(1));
    for (k, &s) in big.iter().enumerate() {
        let members: Vec<usize> = (0..practitioners.len())
            .filter(|&p| practitioners[p].home == s)
            .collect();
        let p = &mut practitioners[*rng.pick(&members)];
        if k == seventy {
            p.share_tenths = 7;
            p.limits = vec![("max_weekends", 4)];
        } else {
            p.share_tenths = 5;
            p.limits = vec![("max_per_week", 3), ("max_weekends", 3)];
        }
    }
    Ok(practitioners)
}

/// Winter holidays for about a third of the practitioners (one week, never more than one
/// practitioner of a sector away in the same week), then a few scattered days and single
/// duties for others. As a coordinator would, whole days away never overlap those of a
/// colleague of the same sector.
fn add_unavailability(
    sectors: &[Sector],
    practitioners: &mut [Practitioner],
    rng: &mut SplitMix64,
) {
    let weeks = winter_weeks();
    for s in 0..sectors.len() {
        let mut members: Vec<usize> = (0..practitioners.len())
            .filter(|&p| practitioners[p].home == s)
            .collect();
        let away = ((members.len() + 1) / 3).max(1);
        let first_week = rng.below(2);
        for k in 0..away {
            let p = members.remove(rng.below(members.len()));
            let (from, to) = weeks[(first_week + k) % 2];
            practitioners[p]
                .unavailable
                .push((Target::Days(from, to), "winter school holidays"));
        }
    }
    let (first, last) = horizon();
    let days = (last.0 - first.0 + 1) as usize;
    for i in 0..practitioners.len() {
        if !rng.chance(1, 2) {
            continue;
        }
        let p = &practitioners[i];
        let blocked = p.blocked();
        let colleagues_away: BTreeSet<Date> = practitioners
            .iter()
            .filter(|q| q.home == p.home && q.id != p.id)
            .flat_map(|q| q.unavailable.iter())
            .filter(|(t, _)| matches!(t, Target::Days(..)))
            .flat_map(|(t, _)| t.dates())
            .collect();
        let start = first.plus(rng.below(days) as i64);
        let (target, why) = match rng.below(3) {
            0 => (Target::Days(start, start), "personal"),
            1 => {
                let end = start.plus(1 + rng.below(3) as i64).min(last);
                (Target::Days(start, end), "training course")
            }
            _ => {
                let periods = duties_on(start, sectors[p.home].deep_night);
                let period = *rng.pick(&periods);
                (Target::Duty(p.home, period, start), "one duty")
            }
        };
        let clash = match target {
            Target::Days(..) => target
                .dates()
                .any(|d| blocked.contains(&d) || colleagues_away.contains(&d)),
            Target::Duty(..) => target.dates().any(|d| blocked.contains(&d)),
        };
        if !clash {
            practitioners[i].unavailable.push((target, why));
        }
    }
    for p in practitioners.iter_mut() {
        p.unavailable
            .sort_by(|a, b| a.0.first().cmp(&b.0.first()).then(a.0.cmp(&b.0)));
    }
}

/// About thirty weighted wishes: days off (single days and short spans), and duties or
/// days wanted on, never on a day the practitioner is unavailable or already wished.
fn add_wishes(sectors: &[Sector], practitioners: &mut [Practitioner], rng: &mut SplitMix64) {
    requests::draw_wishes(
        practitioners,
        horizon(),
        WISHES,
        2,
        rng,
        |practitioner, date, _| {
            let period = wished_duty(date, sectors[practitioner.home].deep_night);
            Some((practitioner.home, period))
        },
    );
}

/// The history carried from the last quarter of 2026, from a plain rotation over
/// 1 October - 31 December 2026 with this quarter's sectors and eligibility: each date,
/// each sector's duties go to one eligible practitioner, the one with the fewest duties
/// of that category for their share (then the least total burden), never on two dates in
/// a row except within a bundled weekend, as coordinators rotate weeknights, weekends and
/// holidays each in turn. A personal willingness between 0.8 and 1.2 scales the share, so the
/// history is uneven the way real ones are. It records who did Christmas and New Year's
/// Eve 2026. Returns, for each practitioner, the sector of their duties of each date.
fn simulate_history(
    sectors: &[Sector],
    practitioners: &mut [Practitioner],
    rng: &mut SplitMix64,
) -> Vec<BTreeMap<Date, usize>> {
    let willingness: Vec<u64> = practitioners
        .iter()
        .map(|_| 8 + rng.below(5) as u64)
        .collect();
    let capacity: Vec<u64> = practitioners
        .iter()
        .zip(&willingness)
        .map(|(p, w)| u64::from(p.share_tenths) * w)
        .collect();
    let mut burden = vec![0u64; practitioners.len()];
    let mut last_on: Vec<Option<Date>> = vec![None; practitioners.len()];
    let mut saturday: Vec<Option<usize>> = vec![None; sectors.len()];
    let mut dates = vec![BTreeMap::new(); practitioners.len()];
    let (first, last) = history_quarter();
    for date in first.through(last) {
        let (cat, weight) = category(date);
        for (s, sector) in sectors.iter().enumerate() {
            let duties = duties_on(date, sector.deep_night).len() as u32;
            let bundled_sunday = !sector.deep_night
                && date.weekday() == 6
                && day_kind(date.plus(-1)) == Kind::Saturday;
            let eligible = |p: &usize| {
                let p = &practitioners[*p];
                p.home == s || p.helps == Some(s)
            };
            let free = |p: &usize| last_on[*p].is_none_or(|d| d < date.plus(-1));
            let least_burdened = |a: &usize, b: &usize| {
                // count / capacity, then burden / capacity, compared exactly; ties to the
                // first in the file.
                let count = |p: usize| u64::from(practitioners[p].history[cat]);
                (count(*a) * capacity[*b])
                    .cmp(&(count(*b) * capacity[*a]))
                    .then((burden[*a] * capacity[*b]).cmp(&(burden[*b] * capacity[*a])))
                    .then(a.cmp(b))
            };
            let chosen = match saturday[s] {
                Some(p) if bundled_sunday => p,
                _ => (0..practitioners.len())
                    .filter(eligible)
                    .filter(free)
                    .min_by(least_burdened)
                    .or_else(|| {
                        (0..practitioners.len())
                            .filter(eligible)
                            .min_by(least_burdened)
                    })
                    .expect("every sector has practitioners"),
            };
            saturday[s] = (date.weekday() == 5).then_some(chosen);
            burden[chosen] += u64::from(weight * duties);
            last_on[chosen] = Some(date);
            dates[chosen].insert(date, s);
            practitioners[chosen].history[cat] += duties;
        }
    }
    dates
}

// ---------------------------------------------------------------------------------------
// Places and MCS

/// One MCS zone per sector, except the sector whose seat hosts a SMUR base (Mende): the
/// eleven MCS sectors the ARS funds in Lozère. In sector order.
fn mcs_zones(sectors: &[Sector], smur: &[EmergencyBase]) -> Vec<Zone> {
    sectors
        .iter()
        .enumerate()
        .filter(|(_, s)| !smur.iter().any(|b| b.insee == s.town.insee))
        .map(|(i, s)| Zone {
            sector: i,
            combinable: COMBINABLE.contains(&s.seat.post),
            smur_minutes: COVERAGE.minutes_from_nearest(smur, s.town.point()),
            beyond: s
                .communes
                .iter()
                .filter(|c| {
                    COVERAGE.minutes_from_nearest(smur, c.point())
                        > f64::from(COVERAGE.threshold_minutes)
                })
                .map(|c| c.population)
                .sum(),
        })
        .collect()
}

/// The communes of a sector where a practice may be: the seat and every commune of at
/// least [`MIN_PRACTICE_POPULATION`] inhabitants, in INSEE order.
fn practice_communes(sector: &Sector) -> Vec<&Commune> {
    sector
        .communes
        .iter()
        .filter(|c| c.population >= MIN_PRACTICE_POPULATION || c.insee == sector.town.insee)
        .collect()
}

/// Each practitioner's practice commune, drawn among the practice communes of their
/// sector weighted by population, in file order.
fn draw_places(sectors: &[Sector], practitioners: &mut [Practitioner], rng: &mut SplitMix64) {
    for p in practitioners.iter_mut() {
        let candidates = practice_communes(&sectors[p.home]);
        let weights: Vec<u64> = candidates.iter().map(|c| u64::from(c.population)).collect();
        let c = candidates[rng.weighted(&weights)];
        p.place = (c.insee.clone(), c.name.clone());
    }
}

/// The MCS volunteers: [`MCS_PER_ZONE`] GPs of each zone's sector, one more in the
/// [`MCS_FAR_ZONES`] zones whose seat is farthest from a SMUR base, drawn among the
/// sector's own GPs. A volunteer who also serves the nearest sector serves its MCS zone
/// too, when it has one.
fn recruit_mcs(zones: &[Zone], practitioners: &mut [Practitioner], rng: &mut SplitMix64) {
    let mut by_distance: Vec<usize> = (0..zones.len()).collect();
    by_distance.sort_by(|&a, &b| {
        zones[b]
            .smur_minutes
            .total_cmp(&zones[a].smur_minutes)
            .then(a.cmp(&b))
    });
    let far: BTreeSet<usize> = by_distance.into_iter().take(MCS_FAR_ZONES).collect();
    let has_zone: BTreeSet<usize> = zones.iter().map(|z| z.sector).collect();
    for (z, zone) in zones.iter().enumerate() {
        let mut members: Vec<usize> = (0..practitioners.len())
            .filter(|&p| practitioners[p].home == zone.sector && !practitioners[p].locum)
            .collect();
        let quota = MCS_PER_ZONE + usize::from(far.contains(&z));
        for _ in 0..quota.min(members.len()) {
            let p = &mut practitioners[members.remove(rng.below(members.len()))];
            p.zones.push(zone.sector);
            if let Some(h) = p.helps.filter(|h| has_zone.contains(h)) {
                p.zones.push(h);
            }
        }
    }
    for p in practitioners.iter_mut() {
        p.zones.sort_by_key(|&s| (s != p.home, s));
    }
}

/// The locum (remplaçant): a new practitioner without a practice of their own, so with
/// no PDSA post, living in Florac and on the MCS roster of the Florac zone and of the
/// zones whose seats are nearest to it; a half share, and a week away on a replacement
/// outside the area.
fn add_locum(
    sectors: &[Sector],
    zones: &[Zone],
    practitioners: &mut Vec<Practitioner>,
    rng: &mut SplitMix64,
) -> Result<(), String> {
    let home = sectors
        .iter()
        .position(|s| s.communes.iter().any(|c| c.insee == LOCUM_PLACE))
        .ok_or_else(|| format!("the locum's commune {LOCUM_PLACE} is not in communes.csv"))?;
    let place = sectors[home]
        .communes
        .iter()
        .find(|c| c.insee == LOCUM_PLACE)
        .map(|c| (c.insee.clone(), c.name.clone(), c.point()))
        .ok_or("the locum's commune vanished")?;
    let used: BTreeSet<&str> = practitioners.iter().map(|p| p.first).collect();
    let free: Vec<&'static str> = FIRST_NAMES
        .split_whitespace()
        .filter(|f| !used.contains(f))
        .collect();
    if free.is_empty() {
        return Err("no first name left for the locum".into());
    }
    let first = *rng.pick(&free);
    let surnames: BTreeSet<String> = practitioners.iter().map(|p| p.last.clone()).collect();
    let last = loop {
        let name = format!("{}{}", rng.pick(&SURNAME_STEMS), rng.pick(&SURNAME_ENDINGS));
        if !surnames.contains(&name) {
            break name;
        }
    };
    let mut nearest: Vec<(f64, usize)> = zones
        .iter()
        .map(|z| {
            (
                distance_km(place.2, sectors[z.sector].town.point()),
                z.sector,
            )
        })
        .collect();
    nearest.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut served: Vec<usize> = nearest
        .into_iter()
        .take(LOCUM_ZONES)
        .map(|(_, s)| s)
        .collect();
    served.sort_by_key(|&s| (s != home, s));
    let (first_day, last_day) = horizon();
    let days = (last_day.0 - first_day.0 + 1 - 6) as usize;
    let away = first_day.plus(rng.below(days) as i64);
    practitioners.push(Practitioner {
        id: format!("d{:02}", practitioners.len() + 1),
        first,
        last,
        home,
        helps: None,
        locum: true,
        place: (place.0, place.1),
        zones: served,
        share_tenths: LOCUM_SHARE_TENTHS,
        limits: Vec::new(),
        unavailable: vec![(
            Target::Days(away, away.plus(6)),
            "replacement outside the area",
        )],
        wishes: Vec::new(),
        history: [0; 4],
        mcs_history: 0,
    });
    Ok(())
}

/// The MCS history of Q4 2026, from a plain rotation with the same zones and volunteers
/// and the rules of the instance: each date, each zone's duties (the night, and the
/// daytime of weekends and holidays) go to one volunteer, the one with the fewest MCS
/// duties for their share, who holds no duty on the day before or after (two days
/// between duties), no other MCS duty that day, and no PDSA duty that day unless the
/// zone is combinable with it, and who stays within their monthly cap
/// ([`MCS_PER_MONTH`]). A zone left without such a volunteer stays empty that date: MCS
/// seats are optional.
fn simulate_mcs_history(
    zones: &[Zone],
    practitioners: &mut [Practitioner],
    pdsa_dates: &[BTreeMap<Date, usize>],
) {
    let none = BTreeMap::new();
    let pdsa = |p: usize| pdsa_dates.get(p).unwrap_or(&none);
    let mut mcs_dates: Vec<BTreeSet<Date>> = vec![BTreeSet::new(); practitioners.len()];
    let mut this_month = vec![0_u32; practitioners.len()];
    let (first, last) = history_quarter();
    for date in first.through(last) {
        if date.month_day().1 == 1 {
            this_month.iter_mut().for_each(|n| *n = 0);
        }
        let duties = mcs_duties_on(date).len() as u32;
        for zone in zones {
            let free = |p: &usize| {
                let (pd, md) = (pdsa(*p), &mcs_dates[*p]);
                let around = [date.plus(-1), date.plus(1)];
                let cap = practitioners[*p].mcs_per_month().unwrap_or(0);
                this_month[*p] + duties <= cap
                    && !around.iter().any(|d| pd.contains_key(d))
                    && !md.contains(&date.plus(-1))
                    && !md.contains(&date)
                    && pd
                        .get(&date)
                        .is_none_or(|&s| zone.combinable && s == zone.sector)
            };
            let fewest = |a: &usize, b: &usize| {
                let (pa, pb) = (&practitioners[*a], &practitioners[*b]);
                (u64::from(pa.mcs_history) * u64::from(pb.share_tenths))
                    .cmp(&(u64::from(pb.mcs_history) * u64::from(pa.share_tenths)))
                    .then(a.cmp(b))
            };
            let chosen = (0..practitioners.len())
                .filter(|&p| practitioners[p].zones.contains(&zone.sector))
                .filter(free)
                .min_by(fewest);
            if let Some(p) = chosen {
                mcs_dates[p].insert(date);
                practitioners[p].mcs_history += duties;
                this_month[p] += duties;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commune(insee: &str, name: &str, population: u32, lat: f64, lon: f64) -> Commune {
        Commune {
            insee: insee.into(),
            name: name.into(),
            population,
            lat,
            lon,
            epci_name: "CC".into(),
        }
    }

    /// The twelve seats at their real town halls, plus two villages.
    fn small_data() -> Vec<Commune> {
        let seats = [
            ("48095", 44.51782, 3.50117, 12464),
            ("48092", 44.55040, 3.28952, 4764),
            ("48140", 44.80277, 3.27566, 3955),
            ("48080", 44.72690, 3.85456, 2836),
            ("48061", 44.32392, 3.59402, 2100),
            ("48034", 44.43080, 3.21545, 2074),
            ("48009", 44.70837, 3.28261, 2296),
            ("48090", 44.85201, 3.33012, 745),
            ("48051", 44.24548, 3.92309, 684),
            ("48043", 44.64082, 3.67556, 516),
            ("48198", 44.43844, 3.93288, 618),
            ("48096", 44.18050, 3.42928, 770),
        ];
        let mut communes: Vec<Commune> = seats
            .iter()
            .map(|(insee, lat, lon, pop)| commune(insee, insee, *pop, *lat, *lon))
            .collect();
        communes.push(commune("48013", "Badaroux", 930, 44.53626, 3.55035));
        communes.push(commune("48104", "Nasbinals", 571, 44.66276, 3.04661));
        communes
    }

    /// The SMUR of Mende, the summer helicopter there, and Alès.
    fn small_bases() -> Vec<EmergencyBase> {
        let base = |id: &str, kind: &str, insee: &str, lat: f64, lon: f64| EmergencyBase {
            id: id.into(),
            name: id.into(),
            kind: kind.into(),
            insee: insee.into(),
            lat,
            lon,
        };
        vec![
            base("smur-48-mende", "smur", "48095", 44.51782, 3.50117),
            base(
                "heli-dragon48-mende",
                "heli-seasonal",
                "48095",
                44.51782,
                3.50117,
            ),
            base("smur-ales", "smur", "30007", 44.12497, 4.07776),
        ]
    }

    #[test]
    fn every_commune_joins_its_nearest_seat() {
        let sectors = build_sectors(&small_data()).expect("all seats present");
        let of = |name: &str| {
            sectors
                .iter()
                .find(|s| s.communes.iter().any(|c| c.name == name))
                .map(|s| s.seat.post)
        };
        assert_eq!(of("Badaroux"), Some("mende"));
        assert_eq!(of("Nasbinals"), Some("aumont-aubrac"));
        let assigned: usize = sectors.iter().map(|s| s.communes.len()).sum();
        assert_eq!(assigned, 14);
        assert_eq!(sectors[0].seat.post, "mende", "largest sector first");
    }

    #[test]
    fn dhondt_gives_every_sector_the_minimum_and_the_largest_the_most() {
        let sectors = build_sectors(&small_data()).expect("all seats present");
        let counts = practitioners_per_sector(&sectors);
        assert_eq!(counts.iter().sum::<usize>(), PRACTITIONERS);
        assert!(counts.iter().all(|&c| c >= MIN_PER_SECTOR));
        assert!(counts[1..].iter().all(|&c| c < counts[0]));
    }

    #[test]
    fn generation_is_byte_identical_on_every_run() {
        let a = generate(&small_data(), &small_bases()).expect("generates");
        let b = generate(&small_data(), &small_bases()).expect("generates");
        assert_eq!(a.toml, b.toml);
        assert!(a.toml.contains("id = \"d44\""));
        assert!(a.toml.contains("id = \"d45\""), "the locum");
        assert_eq!(a.toml.matches("[[posts]]").count(), 12 + 11);
        assert_eq!(a.toml.matches("winter school holidays").count(), 15);
    }

    #[test]
    fn eleven_mcs_zones_outside_the_smur_sector_and_29_volunteers() {
        let sectors = build_sectors(&small_data()).expect("all seats present");
        let (smur, _) = split_smur(&small_bases());
        let zones = mcs_zones(&sectors, &smur);
        assert_eq!(zones.len(), 11);
        assert!(zones.iter().all(|z| sectors[z.sector].seat.post != "mende"));
        let combinable: Vec<&str> = zones
            .iter()
            .filter(|z| z.combinable)
            .map(|z| sectors[z.sector].seat.post)
            .collect();
        assert_eq!(combinable.len(), 4, "{combinable:?}");

        let text = generate(&small_data(), &small_bases())
            .expect("generates")
            .toml;
        assert_eq!(text.matches("kind = \"mcs\"").count(), 11);
        assert!(!text.contains("\"mcs-mende\""));
        assert_eq!(
            text.matches("qualifications = [\"mcs\"]\n").count(),
            11 + 29
        );
        assert_eq!(text.matches("combinable_with = [\"mcs-").count(), 4);
        assert!(text.contains("id = \"smur-ales\""));
        assert!(!text.contains("id = \"heli-dragon48-mende\""));
        // The MCS category comes first, so no MCS duty falls in a PDSA category.
        let first = text
            .find("[[fairness.categories]]\nid = ")
            .expect("categories");
        assert!(text[first..].starts_with("[[fairness.categories]]\nid = \"mcs\""));
    }

    #[test]
    fn places_are_practice_communes_of_the_home_sector() {
        let communes = small_data();
        let sectors = build_sectors(&communes).expect("all seats present");
        let mut rng = SplitMix64(SEED);
        let mut practitioners = place_practitioners(&sectors, &mut rng).expect("placed");
        draw_places(&sectors, &mut practitioners, &mut rng);
        for p in &practitioners {
            let candidates = practice_communes(&sectors[p.home]);
            assert!(
                candidates.iter().any(|c| c.insee == p.place.0),
                "{} in {}",
                p.id,
                p.place.1
            );
        }
        // Mende's sector has two practice communes; both are drawn for some GP.
        let mende: BTreeSet<&str> = practitioners
            .iter()
            .filter(|p| p.home == 0)
            .map(|p| p.place.0.as_str())
            .collect();
        assert!(mende.contains("48095"));
    }
}
