//! `cargo xtask gen-herault`: writes `instances/coeur-herault-2027-q1.toml`, a second
//! bundled instance, for the first quarter of 2027 in the Pays Cœur d'Hérault (the three
//! intercommunalités Vallée de l'Hérault, Clermontais, Lodévois et Larzac), from
//! `../shared/data/coeur-herault/communes.csv` and `../shared/data/emergency-bases.csv`.
//! Where Lozère has PDSA and MCS only, this territory has every kind of post: PDSA
//! sectors, a maison médicale de garde, a mobile on-call doctor, a physiotherapy roster
//! for bronchiolitis, and MCS zones.
//!
//! What is real and what is made up:
//! - real: the 77 communes, their populations (INSEE PMUN 2023, 86,257 inhabitants) and
//!   town-hall points, written as the instance's `places`; the SMUR bases (the rows of
//!   kind `smur` of the bases file: Montpellier and Béziers reach the territory; the
//!   Clermont-l'Hérault antenna, of kind `smur-antenna`, is left out since its opening is
//!   not confirmed); the calendar;
//! - a stated method: the travel-time calibration of `[coverage]` (60 km/h road, detour
//!   1.3: 46 km/h straight-line, within the data README's 45-50 km/h for the Hérault
//!   plain and the A75/A750); the sectors (five seats, every commune joining the nearest
//!   seat by great-circle distance); the number of doctors per sector (D'Hondt on
//!   population, three at least);
//! - invented: the sector seats (Clermont-l'Hérault, Gignac, Lodève, Paulhan, Le Caylar;
//!   no official sector map was available); the maison médicale de garde at
//!   Clermont-l'Hérault (open Saturday afternoons, Sundays, holidays and bridge days); the
//!   mobile doctor, 24 hours a day in two 12-hour shifts, modelled on the UMUPS that
//!   served the area from Clermont-l'Hérault hospital (PDSA.md §6.2); the three MCS zones
//!   (Lodève, Le Caylar for the Larzac, Aniane for the north of the Hérault valley); the
//!   bronchiolitis season, 15 October 2026 to 15 March 2027 (the "mid-October to
//!   mid-March" of the networks PDSA.md §6.3 cites; no network of the area was found);
//!   and, from a fixed seed, every person: the doctors and physiotherapists
//!   (pseudonymous names), their practice communes (drawn among the communes of at
//!   least 500 inhabitants of their sector, 1,000 for physiotherapists, weighted by
//!   population), their posts, shares, unavailability, wishes and the history of Q4 2026,
//!   simulated with a simple rotation under the instance's rules.
//!
//! The output is the same byte for byte on every run: one seeded PRNG (splitmix64),
//! drawn in a fixed order, every collection ordered.

mod render;

use std::collections::BTreeSet;
use std::path::Path;

use crate::territory::calendar::{
    day_kind, history_quarter, horizon, winter_weeks, Date, Kind, CHRISTMAS_NEW_YEAR,
};
use crate::territory::cli::{emit, read_input, Options};
use crate::territory::data::{parse_bases, parse_communes, split_smur, Commune, EmergencyBase};
use crate::territory::geo::{dhondt, distance_km, nearest_other, nearest_seats, Coverage};
use crate::territory::names::{FIRST_NAMES, MORE_FIRST_NAMES};
use crate::territory::requests::{self, Requester as _};
use crate::territory::rng::SplitMix64;
use crate::territory::text::ascii_slug;
use crate::TaskResult;

/// The seed of every random draw.
const SEED: u64 = 0x4865_7261_756C_2027; // "Heraul" and the year

/// Doctors in the territory: about one GP in four of the area volunteering.
const DOCTORS: usize = 42;
/// Every sector has at least this many doctors of its own.
const MIN_PER_SECTOR: usize = 3;
/// Physiotherapists on the bronchiolitis roster.
const PHYSIOS: usize = 11;
/// Wishes in the whole instance.
const WISHES: usize = 25;
/// The most MCS on-calls (duties of MCS zones) a volunteer with a full share declares a
/// month (PDSA.md §5.4), scaled by the share and rounded up: each volunteer's
/// `max_per_month_by_kind = { mcs = N }`, kept by the simulated history too.
const MCS_PER_MONTH: u32 = 8;

const DEFAULT_COMMUNES: &str = "../shared/data/coeur-herault/communes.csv";
const DEFAULT_OUT: &str = "instances/coeur-herault-2027-q1.toml";

/// The travel-time estimate (`[coverage]`): 60 km/h on the road with a detour factor of
/// 1.3 is 46 km/h straight-line, within the data README's 45-50 km/h for the Hérault
/// plain and the A75/A750 (Montpellier → Lodève: 48.8 km crow-flies in one hour for a
/// SMUR): 30 minutes is 23 km.
pub(crate) const COVERAGE: Coverage = Coverage {
    threshold_minutes: 30,
    road_speed_kmh: 60.0,
    detour_factor: 1.3,
    dispatch_minutes: 0.0,
};

/// Doctors practise in a commune of their sector with at least this many inhabitants
/// (or the seat).
const MIN_PRACTICE_POPULATION: u32 = 500;
/// Physiotherapists practise in a commune of at least this many inhabitants.
const MIN_PHYSIO_POPULATION: u32 = 1000;
/// The commune of the maison médicale de garde.
const MMG_INSEE: &str = "34079";
/// Doctors of the sectors whose seat is within this distance of the MMG serve there.
const MMG_RADIUS_KM: f64 = 12.0;
/// One doctor in this many of each sector (rounded up), Le Caylar's excepted, is on the
/// mobile doctor's roster.
const MOBILE_ONE_IN: usize = 3;
/// The bronchiolitis season (PDSA.md §6.3: "mid-October to mid/late March").
fn bronchiolitis_season() -> (Date, Date) {
    (Date::new(2026, 10, 15), Date::new(2027, 3, 15))
}

// ---------------------------------------------------------------------------------------
// Periods, post kinds, fairness categories

/// A period of the instance.
pub(super) struct PeriodDef {
    pub(super) id: &'static str,
    pub(super) label: &'static str,
    pub(super) start: &'static str,
    pub(super) end: &'static str,
    pub(super) kinds: &'static [Kind],
    /// Written as `night = ...` when set.
    pub(super) night: Option<bool>,
    /// Comment lines above the period.
    pub(super) comment: &'static str,
}

const EVERY_DAY: &[Kind] = &[
    Kind::Weekday,
    Kind::Saturday,
    Kind::Sunday,
    Kind::Holiday,
    Kind::Bridge,
];
const SUNDAY_HOLIDAY_BRIDGE: &[Kind] = &[Kind::Sunday, Kind::Holiday, Kind::Bridge];
const WEEKEND_HOLIDAY_BRIDGE: &[Kind] =
    &[Kind::Saturday, Kind::Sunday, Kind::Holiday, Kind::Bridge];

const SOIR: usize = 0;
const SAMEDI: usize = 1;
const JOUR: usize = 2;
const JOURNEE: usize = 3;
const NUIT: usize = 4;
const KINE: usize = 5;

/// The periods, indexed by the constants above.
pub(super) const PERIODS: [PeriodDef; 6] = [
    PeriodDef {
        id: "soir",
        label: "Soirée",
        start: "20:00",
        end: "24:00",
        kinds: EVERY_DAY,
        night: Some(false),
        comment:
            "# PDSA sectors stop at midnight: the mobile doctor covers the deep night of the\n\
                  # whole territory. An evening is not a night for the rest rules.\n",
    },
    PeriodDef {
        id: "samedi",
        label: "Samedi après-midi",
        start: "12:00",
        end: "20:00",
        kinds: &[Kind::Saturday],
        night: None,
        comment: "",
    },
    PeriodDef {
        id: "jour",
        label: "Journée",
        start: "08:00",
        end: "20:00",
        kinds: SUNDAY_HOLIDAY_BRIDGE,
        night: None,
        comment: "",
    },
    PeriodDef {
        id: "journee",
        label: "Journée (12 h)",
        start: "08:00",
        end: "20:00",
        kinds: EVERY_DAY,
        night: None,
        comment:
            "# The mobile doctor's two 12-hour shifts, every day (PDSA.md §6.2); the night is\n\
                  # also the MCS night.\n",
    },
    PeriodDef {
        id: "nuit",
        label: "Nuit (12 h)",
        start: "20:00",
        end: "08:00",
        kinds: EVERY_DAY,
        night: Some(true),
        comment: "",
    },
    PeriodDef {
        id: "kine",
        label: "Journée de kinésithérapie respiratoire",
        start: "09:00",
        end: "18:00",
        kinds: WEEKEND_HOLIDAY_BRIDGE,
        night: None,
        comment:
            "# The physiotherapists' day: Saturdays, Sundays, holidays and bridge days (PDSA.md\n\
                  # §6.3: typically 08:00-19:00; 09:00-18:00 here).\n",
    },
];

/// Post kinds, as the instance file names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PostKind {
    Pdsa,
    Mcs,
    Mmg,
    MobileDoctor,
    PhysioWeekend,
}

impl PostKind {
    pub(super) fn word(self) -> &'static str {
        match self {
            PostKind::Pdsa => "pdsa",
            PostKind::Mcs => "mcs",
            PostKind::Mmg => "mmg",
            PostKind::MobileDoctor => "mobile_doctor",
            PostKind::PhysioWeekend => "physio_weekend",
        }
    }
}

/// A fairness category; a duty falls in the first that matches.
pub(super) struct Category {
    pub(super) id: &'static str,
    pub(super) label: &'static str,
    /// Weight in tenths (5 is 0.5), an integer so the simulated burden is exact.
    pub(super) weight_tenths: u32,
    pub(super) post_kinds: &'static [PostKind],
    pub(super) day_kinds: &'static [Kind],
    pub(super) month_days: &'static [(u32, u32)],
    pub(super) comment: &'static str,
}

impl Category {
    fn matches(&self, kind: PostKind, date: Date) -> bool {
        (self.post_kinds.is_empty() || self.post_kinds.contains(&kind))
            && (self.day_kinds.is_empty() || self.day_kinds.contains(&day_kind(date)))
            && (self.month_days.is_empty() || self.month_days.contains(&date.month_day()))
    }
}

/// The categories, in the order of the file.
pub(super) const CATEGORIES: [Category; 6] = [
    Category {
        id: "mcs",
        label: "Astreintes MCS",
        weight_tenths: 5,
        post_kinds: &[PostKind::Mcs],
        day_kinds: &[],
        month_days: &[],
        comment: "# First, so that no MCS duty falls in a PDSA category: MCS on call from home is lighter\n\
                  # than a PDSA duty (called out only for an emergency nearby), hence half the weight\n\
                  # of a weekday evening.\n",
    },
    Category {
        id: "kine",
        label: "Gardes de kinésithérapie",
        weight_tenths: 10,
        post_kinds: &[PostKind::PhysioWeekend],
        day_kinds: &[],
        month_days: &[],
        comment: "# Second: the physiotherapists are compared among themselves, whatever the day.\n",
    },
    Category {
        id: "noel_nouvel_an",
        label: "Noël et Nouvel An",
        weight_tenths: 40,
        post_kinds: &[],
        day_kinds: &[],
        month_days: &CHRISTMAS_NEW_YEAR,
        comment: "# Then the default categories of the format, written out.\n",
    },
    Category {
        id: "ferie_pont",
        label: "Fériés et ponts",
        weight_tenths: 30,
        post_kinds: &[],
        day_kinds: &[Kind::Holiday, Kind::Bridge],
        month_days: &[],
        comment: "",
    },
    Category {
        id: "weekend",
        label: "Week-ends",
        weight_tenths: 20,
        post_kinds: &[],
        day_kinds: &[Kind::Saturday, Kind::Sunday],
        month_days: &[],
        comment: "",
    },
    Category {
        id: "semaine",
        label: "Soirs et nuits de semaine",
        weight_tenths: 10,
        post_kinds: &[],
        day_kinds: &[Kind::Weekday],
        month_days: &[],
        comment: "",
    },
];

/// The category of a duty of a post of `kind` on `date` (every date matches one of the
/// day-kind categories).
fn category_of(kind: PostKind, date: Date) -> usize {
    CATEGORIES
        .iter()
        .position(|c| c.matches(kind, date))
        .unwrap_or(CATEGORIES.len() - 1)
}

// ---------------------------------------------------------------------------------------
// Sectors, posts, zones

/// A PDSA sector seat.
pub(super) struct SeatDef {
    pub(super) post: &'static str,
    pub(super) label: &'static str,
    pub(super) insee: &'static str,
    pub(super) periods: &'static [usize],
    /// Whether one doctor holds the sector's whole weekend.
    pub(super) bundle: bool,
    /// Comment lines above the post.
    pub(super) comment: &'static str,
}

const PDSA_PERIODS: &[usize] = &[SOIR, SAMEDI, JOUR];

/// The five seats: the four towns of more than 4,000 inhabitants that are at least 7 km
/// apart (Saint-André-de-Sangonis, 4 km from Gignac, and Montarnaud, at the Montpellier
/// end of the territory, are not seats), and Le Caylar for the Larzac plateau, 14 km
/// and a climb of the A75 above Lodève.
const SEATS: [SeatDef; 5] = [
    SeatDef {
        post: "clermont-l-herault",
        label: "Secteur de Clermont-l'Hérault",
        insee: "34079",
        periods: &[SOIR],
        bundle: true,
        comment: "# Evenings only: on Saturday afternoons, Sundays, holidays and bridge days the\n\
                  # sector's patients go to the maison médicale de garde, in the same town.\n",
    },
    SeatDef {
        post: "gignac",
        label: "Secteur de Gignac",
        insee: "34114",
        periods: PDSA_PERIODS,
        bundle: false,
        comment: "# Split weekends: the largest sector, with the doctors to share them.\n",
    },
    SeatDef {
        post: "lodeve",
        label: "Secteur de Lodève",
        insee: "34142",
        periods: PDSA_PERIODS,
        bundle: true,
        comment: "",
    },
    SeatDef {
        post: "paulhan",
        label: "Secteur de Paulhan",
        insee: "34194",
        periods: PDSA_PERIODS,
        bundle: true,
        comment: "",
    },
    SeatDef {
        post: "le-caylar",
        label: "Secteur du Caylar",
        insee: "34064",
        periods: PDSA_PERIODS,
        bundle: true,
        comment: "",
    },
];

/// How the volunteers of an MCS zone are chosen.
#[derive(Clone, Copy)]
enum Pick {
    /// Every doctor of the sector.
    All,
    /// This many doctors of the sector, drawn.
    Drawn(usize),
    /// The doctors of the sector practising nearest to the zone's seat.
    Nearest(usize),
}

/// An MCS zone.
pub(super) struct ZoneDef {
    pub(super) id: &'static str,
    pub(super) label: &'static str,
    /// INSEE code of the commune the zone is named after.
    pub(super) insee: &'static str,
    /// The sector whose doctors volunteer.
    pub(super) sector: &'static str,
    pick: Pick,
    /// Whether the sector's PDSA duty may be held at the same time.
    pub(super) combinable: bool,
}

/// The zones: the remote parts of the territory, far from Montpellier and Béziers. The
/// Larzac zone is combinable with its PDSA sector: the smallest sector (about 1,400
/// inhabitants, three doctors), more than an hour from a SMUR, where the doctor on PDSA
/// duty is the only one within reach.
const ZONES: [ZoneDef; 3] = [
    ZoneDef {
        id: "mcs-lodeve",
        label: "MCS — zone de Lodève",
        insee: "34142",
        sector: "lodeve",
        pick: Pick::Drawn(4),
        combinable: false,
    },
    ZoneDef {
        id: "mcs-le-caylar",
        label: "MCS — zone du Caylar (Larzac)",
        insee: "34064",
        sector: "le-caylar",
        pick: Pick::All,
        combinable: true,
    },
    ZoneDef {
        id: "mcs-aniane",
        label: "MCS — zone d'Aniane (nord de la vallée de l'Hérault)",
        insee: "34010",
        sector: "gignac",
        pick: Pick::Nearest(3),
        combinable: false,
    },
];

/// A sector: its seat and the communes nearest to it.
pub(super) struct Sector {
    pub(super) def: &'static SeatDef,
    pub(super) town: Commune,
    pub(super) communes: Vec<Commune>,
    pub(super) population: u32,
    pub(super) farthest_km: f64,
    /// Index of the nearest other seat: where its doctors may lend a hand.
    pub(super) neighbour: usize,
}

/// A post of the instance.
pub(super) struct Post {
    pub(super) id: String,
    pub(super) label: String,
    pub(super) kind: PostKind,
    pub(super) periods: Vec<usize>,
    pub(super) demand: u32,
    pub(super) season: Option<(Date, Date)>,
    /// `weekend_bundle` of the post.
    pub(super) bundle: bool,
    /// Each period has its own holder in the simulated history (the mobile doctor's
    /// shifts); otherwise one person holds all of a date's periods.
    pub(super) split: bool,
    pub(super) required: bool,
    pub(super) professions: &'static [&'static str],
    /// Indices of posts it is combinable with.
    pub(super) combinable_with: Vec<usize>,
    pub(super) location: String,
    /// Comment lines above the post.
    pub(super) comment: String,
}

impl Post {
    /// The periods of this post on `date` (none outside its season).
    fn periods_on(&self, date: Date) -> Vec<usize> {
        if let Some((first, last)) = self.season {
            if date < first || date > last {
                return Vec::new();
            }
        }
        let kind = day_kind(date);
        self.periods
            .iter()
            .copied()
            .filter(|&p| PERIODS[p].kinds.contains(&kind))
            .collect()
    }

    /// The groups of periods one person holds on `date`: each period alone when split,
    /// else all together.
    fn groups_on(&self, date: Date) -> Vec<Vec<usize>> {
        let periods = self.periods_on(date);
        if self.split {
            periods.into_iter().map(|p| vec![p]).collect()
        } else if periods.is_empty() {
            Vec::new()
        } else {
            vec![periods]
        }
    }

    /// Whether the post admits physiotherapists (and them only).
    pub(super) fn for_physios(&self) -> bool {
        self.professions.contains(&"kine")
    }
}

// ---------------------------------------------------------------------------------------
// People

/// A profession, as the instance file names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Profession {
    Medecin,
    Kine,
}

/// Something a practitioner cannot do or would like (post index, period index, date).
pub(super) type Target = requests::Target<usize>;
pub(super) type Wish = requests::Wish<usize>;

/// A doctor or a physiotherapist.
pub(super) struct Person {
    pub(super) id: String,
    pub(super) first: &'static str,
    pub(super) last: String,
    pub(super) profession: Profession,
    /// The sector of a doctor.
    pub(super) home: Option<usize>,
    /// The nearest sector, where a doctor also serves.
    pub(super) helps: Option<usize>,
    /// Index of the practice commune.
    pub(super) place: usize,
    /// Indices of the posts served.
    pub(super) posts: BTreeSet<usize>,
    pub(super) mcs: bool,
    /// Share in tenths: 10 is 1.0.
    pub(super) share_tenths: u32,
    pub(super) limits: Vec<(&'static str, u32)>,
    pub(super) unavailable: Vec<(Target, &'static str)>,
    pub(super) wishes: Vec<Wish>,
    /// Duties of Q4 2026 per category of [`CATEGORIES`].
    pub(super) history: [u32; CATEGORIES.len()],
}

impl Person {
    /// The monthly cap on MCS on-calls this volunteer declares (none: not an MCS).
    pub(super) fn mcs_per_month(&self) -> Option<u32> {
        self.mcs
            .then(|| (MCS_PER_MONTH * self.share_tenths).div_ceil(10))
    }

    pub(super) fn name(&self) -> String {
        match self.profession {
            Profession::Medecin => format!("Dr {} {}", self.first, self.last),
            Profession::Kine => format!("{} {}", self.first, self.last),
        }
    }

    pub(super) fn email(&self) -> String {
        format!(
            "{}.{}@example.org",
            ascii_slug(self.first),
            ascii_slug(&self.last)
        )
    }
}

requests::impl_requester!(Person, usize);

/// Invented surnames: a stem and an ending, Languedoc-sounding.
const SURNAME_STEMS: [&str; 24] = [
    "Azal", "Bard", "Bouz", "Calm", "Carb", "Cazal", "Combr", "Dalb", "Escand", "Faug", "Gaud",
    "Gral", "Jul", "Lauz", "Marc", "Mouss", "Oll", "Pradel", "Rouq", "Sabat", "Salg", "Tarr",
    "Vial", "Valm",
];
const SURNAME_ENDINGS: [&str; 14] = [
    "adou", "agne", "anel", "argues", "assac", "elle", "ergues", "eyrol", "ian", "ière", "oux",
    "uech", "ignan", "onnet",
];

// ---------------------------------------------------------------------------------------
// Generation

/// Everything the renderer needs.
pub(super) struct World<'a> {
    pub(super) communes: &'a [Commune],
    pub(super) smur: Vec<EmergencyBase>,
    pub(super) excluded: Vec<EmergencyBase>,
    pub(super) sectors: Vec<Sector>,
    pub(super) posts: Vec<Post>,
    pub(super) people: Vec<Person>,
}

/// What the generator produced: the file and a short report for the terminal.
struct Generated {
    toml: String,
    report: String,
}

/// Runs `gen-herault` with its command-line arguments.
pub fn run(root: &Path, args: &[String]) -> TaskResult {
    let options = Options::parse("gen-herault", root, DEFAULT_COMMUNES, DEFAULT_OUT, args)?;
    let communes = parse_communes(&read_input(&options.communes, "--communes")?)?;
    let bases = parse_bases(&read_input(&options.bases, "--bases")?)?;
    let generated = generate(&communes, &bases)?;
    eprint!("{}", generated.report);
    emit("gen-herault", &options, &generated.toml)
}

fn generate(communes: &[Commune], bases: &[EmergencyBase]) -> Result<Generated, String> {
    let sectors = build_sectors(communes)?;
    let posts = build_posts(&sectors, communes)?;
    let (smur, excluded) = split_smur(bases);
    let mut rng = SplitMix64(SEED);
    let mut names = Names::new();
    let mut people = place_doctors(&sectors, communes, &posts, &mut names, &mut rng)?;
    recruit_mcs(&sectors, communes, &posts, &mut people, &mut rng)?;
    add_physios(communes, &posts, &mut people, &mut names, &mut rng)?;
    add_unavailability(&posts, &mut people, &mut rng);
    add_wishes(&posts, &mut people, &mut rng);
    simulate_history(&posts, &mut people, &mut rng);
    let world = World {
        communes,
        smur,
        excluded,
        sectors,
        posts,
        people,
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
        .map(|seat| find(communes, seat.insee).cloned())
        .collect::<Result<_, _>>()?;
    let points: Vec<(f64, f64)> = towns.iter().map(Commune::point).collect();
    let mut members: Vec<Vec<(Commune, f64)>> = vec![Vec::new(); SEATS.len()];
    for (commune, (best, km)) in communes.iter().zip(nearest_seats(communes, &points)) {
        members[best].push((commune.clone(), km));
    }
    let mut sectors: Vec<Sector> = SEATS
        .iter()
        .zip(towns)
        .zip(members)
        .map(|((def, town), members)| Sector {
            def,
            town,
            population: members.iter().map(|(c, _)| c.population).sum(),
            farthest_km: members.iter().map(|(_, d)| *d).fold(0.0, f64::max),
            communes: members.into_iter().map(|(c, _)| c).collect(),
            neighbour: 0,
        })
        .collect();
    // Stable: equal populations keep the order of SEATS.
    sectors.sort_by_key(|s| std::cmp::Reverse(s.population));
    let points: Vec<(f64, f64)> = sectors.iter().map(|s| s.town.point()).collect();
    for (i, sector) in sectors.iter_mut().enumerate() {
        sector.neighbour = nearest_other(&points, i);
    }
    Ok(sectors)
}

fn find<'a>(communes: &'a [Commune], insee: &str) -> Result<&'a Commune, String> {
    communes
        .iter()
        .find(|c| c.insee == insee)
        .ok_or_else(|| format!("commune {insee} not in communes.csv"))
}

/// The posts, in the order of the file: the PDSA sectors (one per sector, in sector
/// order, so post `s` is sector `s`), the MMG, the mobile doctor, the physiotherapy
/// roster, then the MCS zones.
fn build_posts(sectors: &[Sector], communes: &[Commune]) -> Result<Vec<Post>, String> {
    let mut posts: Vec<Post> = sectors
        .iter()
        .map(|s| Post {
            id: s.def.post.to_string(),
            label: s.def.label.to_string(),
            kind: PostKind::Pdsa,
            periods: s.def.periods.to_vec(),
            demand: 1,
            season: None,
            bundle: s.def.bundle,
            split: false,
            required: true,
            professions: &["medecin"],
            combinable_with: Vec::new(),
            location: s.town.name.clone(),
            comment: s.def.comment.to_string(),
        })
        .collect();
    let mmg = find(communes, MMG_INSEE)?;
    posts.push(Post {
        id: "mmg-clermont".into(),
        label: format!("Maison médicale de garde de {}", mmg.name),
        kind: PostKind::Mmg,
        periods: vec![SAMEDI, JOUR],
        demand: 2,
        season: None,
        bundle: false,
        split: false,
        required: true,
        professions: &["medecin"],
        combinable_with: Vec::new(),
        location: mmg.name.clone(),
        comment: format!(
            "# Maison médicale de garde (PDSA.md §6.1), an invented site next to the hospital\n\
             # of {}: two doctors at once on Saturday afternoons, Sundays,\n\
             # holidays and bridge days, from the sectors whose seat is within {MMG_RADIUS_KM:.0} km.\n",
            mmg.name
        ),
    });
    posts.push(Post {
        id: "medecin-mobile".into(),
        label: "Médecin mobile de garde (VRM)".into(),
        kind: PostKind::MobileDoctor,
        periods: vec![JOURNEE, NUIT],
        demand: 1,
        season: None,
        bundle: false,
        split: true,
        required: true,
        professions: &["medecin"],
        combinable_with: Vec::new(),
        location: format!("Cœur d'Hérault (départ de {})", mmg.name),
        comment: "# A doctor in a light emergency car (VRM), dispatched by the SAMU across the\n\
                  # territory, 24 hours a day in two 12-hour shifts, like the UMUPS that left\n\
                  # from Clermont-l'Hérault hospital (PDSA.md §6.2). One doctor in three of\n\
                  # each sector but Le Caylar's is on its roster.\n"
            .into(),
    });
    let (first, last) = bronchiolitis_season();
    posts.push(Post {
        id: "kine-bronchiolite".into(),
        label: "Garde de kinésithérapie respiratoire (bronchiolite)".into(),
        kind: PostKind::PhysioWeekend,
        periods: vec![KINE],
        demand: 2,
        season: Some((first, last)),
        bundle: true,
        split: false,
        required: true,
        professions: &["kine"],
        combinable_with: Vec::new(),
        location: "Cœur d'Hérault (cabinet de garde)".into(),
        comment: format!(
            "# Physiotherapists' bronchiolitis roster (PDSA.md §6.3): two physiotherapists on\n\
             # duty on weekends, holidays and bridge days during the epidemic season, ASSUMED\n\
             # {first} to {last} (\"mid-October to mid-March\" in the networks cited;\n\
             # no network of this area was found). One holds a whole weekend. Doctors cannot\n\
             # take it: `professions` admits physiotherapists only.\n"
        ),
    });
    for zone in &ZONES {
        let sector = sectors
            .iter()
            .position(|s| s.def.post == zone.sector)
            .ok_or_else(|| format!("zone {}: no sector {}", zone.id, zone.sector))?;
        let index = posts.len();
        if zone.combinable {
            posts[sector].combinable_with.push(index);
        }
        posts.push(Post {
            id: zone.id.to_string(),
            label: zone.label.to_string(),
            kind: PostKind::Mcs,
            periods: vec![NUIT, SAMEDI, JOUR],
            demand: 1,
            season: None,
            bundle: false,
            split: false,
            required: false,
            professions: &["medecin"],
            combinable_with: Vec::new(),
            location: find(communes, zone.insee)?.name.clone(),
            comment: String::new(),
        });
    }
    Ok(posts)
}

/// First names without replacement and unique surnames.
struct Names {
    first: Vec<&'static str>,
    surnames: BTreeSet<String>,
}

impl Names {
    fn new() -> Names {
        Names {
            first: FIRST_NAMES
                .split_whitespace()
                .chain(MORE_FIRST_NAMES.split_whitespace())
                .collect(),
            surnames: BTreeSet::new(),
        }
    }

    fn draw(&mut self, rng: &mut SplitMix64) -> Result<(&'static str, String), String> {
        if self.first.is_empty() {
            return Err("more practitioners than first names".into());
        }
        let first = self.first.remove(rng.below(self.first.len()));
        let last = loop {
            let name = format!("{}{}", rng.pick(&SURNAME_STEMS), rng.pick(&SURNAME_ENDINGS));
            if self.surnames.insert(name.clone()) {
                break name;
            }
        };
        Ok((first, last))
    }
}

/// Draws a commune among `candidates` (indices into `communes`), weighted by population.
fn draw_place(communes: &[Commune], candidates: &[usize], rng: &mut SplitMix64) -> usize {
    let weights: Vec<u64> = candidates
        .iter()
        .map(|&c| u64::from(communes[c].population))
        .collect();
    candidates[rng.weighted(&weights)]
}

/// The doctors: per sector by D'Hondt on population ([`MIN_PER_SECTOR`] at least), each
/// with a practice commune of their sector; half of each sector's doctors, rounded up,
/// also serve the nearest sector; the MMG and the mobile doctor's rosters; reduced
/// shares as in Lozère (one doctor in each sector of more than three, one at 0.7, the
/// others at 0.5 with personal limits).
fn place_doctors(
    sectors: &[Sector],
    communes: &[Commune],
    posts: &[Post],
    names: &mut Names,
    rng: &mut SplitMix64,
) -> Result<Vec<Person>, String> {
    let populations: Vec<u32> = sectors.iter().map(|s| s.population).collect();
    let counts = dhondt(&populations, &vec![MIN_PER_SECTOR; sectors.len()], DOCTORS);
    let mut people = Vec::new();
    for (s, &count) in counts.iter().enumerate() {
        let candidates: Vec<usize> = (0..communes.len())
            .filter(|&c| {
                sectors[s]
                    .communes
                    .iter()
                    .any(|m| m.insee == communes[c].insee)
                    && (communes[c].population >= MIN_PRACTICE_POPULATION
                        || communes[c].insee == sectors[s].town.insee)
            })
            .collect();
        for _ in 0..count {
            let (first, last) = names.draw(rng)?;
            people.push(Person {
                id: format!("d{:02}", people.len() + 1),
                first,
                last,
                profession: Profession::Medecin,
                home: Some(s),
                helps: None,
                place: draw_place(communes, &candidates, rng),
                posts: BTreeSet::from([s]),
                mcs: false,
                share_tenths: 10,
                limits: Vec::new(),
                unavailable: Vec::new(),
                wishes: Vec::new(),
                history: [0; CATEGORIES.len()],
            });
        }
    }
    let members = |people: &[Person], s: usize| -> Vec<usize> {
        (0..people.len())
            .filter(|&p| people[p].home == Some(s))
            .collect()
    };
    let mmg = post_index(posts, PostKind::Mmg)?;
    let mobile = post_index(posts, PostKind::MobileDoctor)?;
    let mmg_point = find(communes, MMG_INSEE)?.point();
    for (s, sector) in sectors.iter().enumerate() {
        let mut helpers = members(&people, s);
        for _ in 0..helpers.len().div_ceil(2) {
            let p = helpers.remove(rng.below(helpers.len()));
            people[p].helps = Some(sector.neighbour);
            people[p].posts.insert(sector.neighbour);
        }
        if distance_km(sector.town.point(), mmg_point) <= MMG_RADIUS_KM {
            for p in members(&people, s) {
                people[p].posts.insert(mmg);
            }
        }
        if sector.def.post != "le-caylar" {
            let mut pool = members(&people, s);
            for _ in 0..pool.len().div_ceil(MOBILE_ONE_IN) {
                let p = pool.remove(rng.below(pool.len()));
                people[p].posts.insert(mobile);
            }
        }
    }
    let big: Vec<usize> = (0..sectors.len())
        .filter(|&s| counts[s] > MIN_PER_SECTOR)
        .collect();
    let seventy = rng.below(big.len().max(1));
    for (k, &s) in big.iter().enumerate() {
        let pool = members(&people, s);
        let p = &mut people[*rng.pick(&pool)];
        if k == seventy {
            p.share_tenths = 7;
            p.limits = vec![("max_weekends", 4)];
        } else {
            p.share_tenths = 5;
            p.limits = vec![("max_per_week", 3), ("max_weekends", 3)];
        }
    }
    Ok(people)
}

fn post_index(posts: &[Post], kind: PostKind) -> Result<usize, String> {
    posts
        .iter()
        .position(|p| p.kind == kind)
        .ok_or_else(|| format!("no post of kind {}", kind.word()))
}

/// The MCS volunteers of each zone ([`ZONES`]), with the qualification; a volunteer who
/// also serves the nearest sector serves its zone too, when it has one.
fn recruit_mcs(
    sectors: &[Sector],
    communes: &[Commune],
    posts: &[Post],
    people: &mut [Person],
    rng: &mut SplitMix64,
) -> Result<(), String> {
    let zone_post = |sector: usize| {
        ZONES
            .iter()
            .find(|z| z.sector == sectors[sector].def.post)
            .and_then(|z| posts.iter().position(|p| p.id == z.id))
    };
    for zone in &ZONES {
        let s = sectors
            .iter()
            .position(|s| s.def.post == zone.sector)
            .ok_or_else(|| format!("zone {}: no sector {}", zone.id, zone.sector))?;
        let mut pool: Vec<usize> = (0..people.len())
            .filter(|&p| people[p].home == Some(s))
            .collect();
        let chosen: Vec<usize> = match zone.pick {
            Pick::All => pool,
            Pick::Drawn(n) => (0..n.min(pool.len()))
                .map(|_| pool.remove(rng.below(pool.len())))
                .collect(),
            Pick::Nearest(n) => {
                let seat = find(communes, zone.insee)?.point();
                let km = |p: usize| distance_km(communes[people[p].place].point(), seat);
                pool.sort_by(|&a, &b| km(a).total_cmp(&km(b)).then(a.cmp(&b)));
                pool.into_iter().take(n).collect()
            }
        };
        for p in chosen {
            let person = &mut people[p];
            person.mcs = true;
            person.posts.extend(zone_post(s));
            if let Some(h) = person.helps {
                person.posts.extend(zone_post(h));
            }
        }
    }
    Ok(())
}

/// The physiotherapists: practice communes of at least [`MIN_PHYSIO_POPULATION`]
/// inhabitants anywhere in the territory, weighted by population; the bronchiolitis
/// roster is their only post.
fn add_physios(
    communes: &[Commune],
    posts: &[Post],
    people: &mut Vec<Person>,
    names: &mut Names,
    rng: &mut SplitMix64,
) -> Result<(), String> {
    let roster = post_index(posts, PostKind::PhysioWeekend)?;
    let candidates: Vec<usize> = (0..communes.len())
        .filter(|&c| communes[c].population >= MIN_PHYSIO_POPULATION)
        .collect();
    for k in 0..PHYSIOS {
        let (first, last) = names.draw(rng)?;
        people.push(Person {
            id: format!("k{:02}", k + 1),
            first,
            last,
            profession: Profession::Kine,
            home: None,
            helps: None,
            place: draw_place(communes, &candidates, rng),
            posts: BTreeSet::from([roster]),
            mcs: false,
            share_tenths: 10,
            limits: Vec::new(),
            unavailable: Vec::new(),
            wishes: Vec::new(),
            history: [0; CATEGORIES.len()],
        });
    }
    Ok(())
}

/// The group a person's days away are kept apart within: their sector for a doctor, the
/// physiotherapists together.
fn team(person: &Person) -> Option<usize> {
    match person.profession {
        Profession::Medecin => person.home,
        Profession::Kine => None,
    }
}

/// A duty of one of the person's posts on `date`, if any: (post, period).
fn some_duty(
    posts: &[Post],
    person: &Person,
    date: Date,
    rng: &mut SplitMix64,
) -> Option<(usize, usize)> {
    let duties: Vec<(usize, usize)> = person
        .posts
        .iter()
        .flat_map(|&p| posts[p].periods_on(date).into_iter().map(move |q| (p, q)))
        .collect();
    (!duties.is_empty()).then(|| *rng.pick(&duties))
}

/// Winter holidays for about a third of each team (one week, alternating), then for
/// about half of the people a scattered day, a short training course or a single duty;
/// whole days away never overlap those of a colleague of the same team.
fn add_unavailability(posts: &[Post], people: &mut [Person], rng: &mut SplitMix64) {
    let weeks = winter_weeks();
    let teams: BTreeSet<(bool, Option<usize>)> = people
        .iter()
        .map(|p| (p.profession == Profession::Kine, team(p)))
        .collect();
    for (kine, t) in teams {
        let mut members: Vec<usize> = (0..people.len())
            .filter(|&p| (people[p].profession == Profession::Kine, team(&people[p])) == (kine, t))
            .collect();
        let away = members.len().div_ceil(3);
        let first_week = rng.below(2);
        for k in 0..away {
            let p = members.remove(rng.below(members.len()));
            let (from, to) = weeks[(first_week + k) % 2];
            people[p]
                .unavailable
                .push((Target::Days(from, to), "winter school holidays"));
        }
    }
    let (first, last) = horizon();
    let days = (last.0 - first.0 + 1) as usize;
    for i in 0..people.len() {
        if !rng.chance(1, 2) {
            continue;
        }
        let person = &people[i];
        let blocked = person.blocked();
        let colleagues_away: BTreeSet<Date> = people
            .iter()
            .filter(|q| q.profession == person.profession && team(q) == team(person))
            .filter(|q| q.id != person.id)
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
            _ => match some_duty(posts, person, start, rng) {
                Some((post, period)) => (Target::Duty(post, period, start), "one duty"),
                None => continue,
            },
        };
        let clash = target.dates().any(|d| {
            blocked.contains(&d)
                || (matches!(target, Target::Days(..)) && colleagues_away.contains(&d))
        });
        if !clash {
            people[i].unavailable.push((target, why));
        }
    }
    for p in people.iter_mut() {
        p.unavailable
            .sort_by(|a, b| a.0.first().cmp(&b.0.first()).then(a.0.cmp(&b.0)));
    }
}

/// Weighted wishes: days off (single days and short spans), duties or days wanted on,
/// never on a day the person is unavailable or already wished, two at most each.
fn add_wishes(posts: &[Post], people: &mut [Person], rng: &mut SplitMix64) {
    requests::draw_wishes(people, horizon(), WISHES, 2, rng, |person, date, rng| {
        some_duty(posts, person, date, rng)
    });
}

/// The history of Q4 2026, from a plain rotation over 1 October - 31 December 2026 with
/// this quarter's posts and eligibility, the required posts first: each date, each seat
/// of each post goes to an eligible person, the one with the fewest duties of that
/// category for their share (then the least total burden), never on two dates in a row
/// (except within a bundled weekend) nor on two posts the same date (except combinable
/// ones); an MCS seat left without such a volunteer stays empty. A personal willingness
/// between 0.8 and 1.2 scales the share, so the history is uneven the way real ones are.
fn simulate_history(posts: &[Post], people: &mut [Person], rng: &mut SplitMix64) {
    let capacity: Vec<u64> = people
        .iter()
        .map(|p| u64::from(p.share_tenths) * (8 + rng.below(5) as u64))
        .collect();
    let mut burden = vec![0u64; people.len()];
    let mut last_on: Vec<Option<Date>> = vec![None; people.len()];
    let mut mcs_this_month = vec![0_u32; people.len()];
    let mut order: Vec<usize> = (0..posts.len()).collect();
    order.sort_by_key(|&p| !posts[p].required);
    // Per post and seat, the holder of the Saturday of a bundled weekend.
    let mut saturday: Vec<Vec<Option<usize>>> = posts
        .iter()
        .map(|p| vec![None; p.demand as usize])
        .collect();
    let (first, last) = history_quarter();
    for date in first.through(last) {
        if date.month_day().1 == 1 {
            mcs_this_month.iter_mut().for_each(|n| *n = 0);
        }
        let mut today: Vec<Vec<usize>> = vec![Vec::new(); people.len()];
        for &post_i in &order {
            let post = &posts[post_i];
            let cat = category_of(post.kind, date);
            let weight = u64::from(CATEGORIES[cat].weight_tenths);
            let bundled_sunday =
                post.bundle && date.weekday() == 6 && day_kind(date.plus(-1)) == Kind::Saturday;
            for group in post.groups_on(date) {
                for slot in saturday[post_i].iter_mut() {
                    let n = group.len() as u32;
                    let eligible = |p: &usize| {
                        people[*p].posts.contains(&post_i)
                            && (post.kind != PostKind::Mcs
                                || mcs_this_month[*p] + n
                                    <= people[*p].mcs_per_month().unwrap_or(0))
                    };
                    let free_today = |p: &usize| {
                        today[*p].iter().all(|&q| {
                            posts[q].combinable_with.contains(&post_i)
                                || post.combinable_with.contains(&q)
                        })
                    };
                    let rested = |p: &usize| last_on[*p].is_none_or(|d| d < date.plus(-1));
                    let least_burdened = |a: &usize, b: &usize| {
                        let count = |p: usize| u64::from(people[p].history[cat]);
                        (count(*a) * capacity[*b])
                            .cmp(&(count(*b) * capacity[*a]))
                            .then((burden[*a] * capacity[*b]).cmp(&(burden[*b] * capacity[*a])))
                            .then(a.cmp(b))
                    };
                    let held = slot.filter(|_| bundled_sunday);
                    let chosen = held.or_else(|| {
                        let candidates = (0..people.len()).filter(eligible).filter(free_today);
                        let best = candidates.clone().filter(rested).min_by(least_burdened);
                        if post.required {
                            best.or_else(|| candidates.min_by(least_burdened))
                        } else {
                            best
                        }
                    });
                    *slot = chosen.filter(|_| date.weekday() == 5);
                    let Some(p) = chosen else { continue };
                    if post.kind == PostKind::Mcs {
                        mcs_this_month[p] += n;
                    }
                    burden[p] += weight * u64::from(n);
                    last_on[p] = Some(date);
                    today[p].push(post_i);
                    people[p].history[cat] += n;
                }
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

    /// The five seats and Aniane at their real town halls, and three villages.
    fn small_data() -> Vec<Commune> {
        vec![
            commune("34010", "Aniane", 2979, 43.68442, 3.58684),
            commune("34064", "Le Caylar", 460, 43.86040, 3.31633),
            commune("34079", "Clermont-l'Hérault", 9461, 43.62750, 3.42910),
            commune("34114", "Gignac", 6651, 43.65367, 3.55145),
            commune("34142", "Lodève", 7251, 43.73220, 3.31763),
            commune("34194", "Paulhan", 4039, 43.53960, 3.45775),
            commune("34239", "Saint-André-de-Sangonis", 6427, 43.64923, 3.50314),
            commune("34303", "Sorbs", 40, 43.88947, 3.40686),
            commune("34163", "Montarnaud", 4208, 43.64884, 3.69823),
        ]
    }

    fn small_bases() -> Vec<EmergencyBase> {
        let base = |id: &str, kind: &str, lat: f64, lon: f64| EmergencyBase {
            id: id.into(),
            name: id.into(),
            kind: kind.into(),
            insee: "0".into(),
            lat,
            lon,
        };
        vec![
            base("smur-34-montpellier", "smur", 43.59945, 3.89609),
            base("smur-beziers", "smur", 43.34280, 3.21312),
            base(
                "smur-antenna-clermont-herault",
                "smur-antenna",
                43.62750,
                3.42910,
            ),
        ]
    }

    #[test]
    fn generation_is_byte_identical_on_every_run() {
        let a = generate(&small_data(), &small_bases()).expect("generates");
        let b = generate(&small_data(), &small_bases()).expect("generates");
        assert_eq!(a.toml, b.toml);
        assert_eq!(a.report, b.report);
        assert!(a.toml.contains(&format!("id = \"d{DOCTORS}\"")));
        assert!(a.toml.contains(&format!("id = \"k{PHYSIOS}\"")));
    }

    #[test]
    fn every_commune_joins_a_sector_and_the_nearest_seat() {
        let communes = small_data();
        let sectors = build_sectors(&communes).expect("all seats present");
        let assigned: usize = sectors.iter().map(|s| s.communes.len()).sum();
        assert_eq!(assigned, communes.len());
        let of = |name: &str| {
            sectors
                .iter()
                .find(|s| s.communes.iter().any(|c| c.name == name))
                .map(|s| s.def.post)
        };
        assert_eq!(of("Saint-André-de-Sangonis"), Some("gignac"));
        assert_eq!(of("Sorbs"), Some("le-caylar"));
        assert_eq!(of("Montarnaud"), Some("gignac"));
        assert!(sectors
            .windows(2)
            .all(|w| w[0].population >= w[1].population));
    }

    #[test]
    fn the_antenna_is_not_a_base() {
        let text = generate(&small_data(), &small_bases())
            .expect("generates")
            .toml;
        assert!(text.contains("{ id = \"smur-34-montpellier\""));
        assert!(text.contains("{ id = \"smur-beziers\""));
        assert!(!text.contains("{ id = \"smur-antenna-clermont-herault\""));
        assert!(text.contains("smur-antenna-clermont-herault (smur-antenna)"));
    }

    #[test]
    fn physiotherapists_take_only_the_physio_roster_and_doctors_never_do() {
        let communes = small_data();
        let world_posts =
            build_posts(&build_sectors(&communes).expect("sectors"), &communes).expect("posts");
        let roster = post_index(&world_posts, PostKind::PhysioWeekend).expect("roster");
        assert_eq!(world_posts[roster].professions, ["kine"]);
        assert!(world_posts
            .iter()
            .filter(|p| p.kind != PostKind::PhysioWeekend)
            .all(|p| !p.for_physios()));

        let mut rng = SplitMix64(SEED);
        let sectors = build_sectors(&communes).expect("sectors");
        let mut names = Names::new();
        let mut people =
            place_doctors(&sectors, &communes, &world_posts, &mut names, &mut rng).expect("ok");
        add_physios(&communes, &world_posts, &mut people, &mut names, &mut rng).expect("ok");
        let physios: Vec<&Person> = people
            .iter()
            .filter(|p| p.profession == Profession::Kine)
            .collect();
        assert_eq!(physios.len(), PHYSIOS);
        assert!(physios
            .iter()
            .all(|p| p.posts == BTreeSet::from([roster]) && p.id.starts_with('k')));
        assert!(people
            .iter()
            .filter(|p| p.profession == Profession::Medecin)
            .all(|p| !p.posts.contains(&roster)));

        let text = generate(&communes, &small_bases()).expect("generates").toml;
        assert_eq!(text.matches("profession = \"kine\"").count(), PHYSIOS);
        assert_eq!(text.matches("professions = [\"kine\"]").count(), 1);
    }

    #[test]
    fn every_post_has_people_and_mcs_volunteers_are_qualified() {
        let communes = small_data();
        let sectors = build_sectors(&communes).expect("sectors");
        let posts = build_posts(&sectors, &communes).expect("posts");
        let mut rng = SplitMix64(SEED);
        let mut names = Names::new();
        let mut people =
            place_doctors(&sectors, &communes, &posts, &mut names, &mut rng).expect("ok");
        recruit_mcs(&sectors, &communes, &posts, &mut people, &mut rng).expect("ok");
        for (i, post) in posts.iter().enumerate() {
            let serving: Vec<&Person> = people.iter().filter(|p| p.posts.contains(&i)).collect();
            if post.kind == PostKind::PhysioWeekend {
                assert!(serving.is_empty());
                continue;
            }
            assert!(serving.len() >= 3, "{}: {}", post.id, serving.len());
            if post.kind == PostKind::Mcs {
                assert!(serving.iter().all(|p| p.mcs), "{}", post.id);
            }
        }
        let volunteers = people.iter().filter(|p| p.mcs).count();
        assert!((8..=12).contains(&volunteers), "{volunteers}");
        let caylar = posts
            .iter()
            .position(|p| p.id == "le-caylar")
            .expect("post");
        let zone = posts
            .iter()
            .position(|p| p.id == "mcs-le-caylar")
            .expect("zone");
        assert_eq!(posts[caylar].combinable_with, [zone]);
    }

    #[test]
    fn categories_put_mcs_and_physio_duties_apart() {
        let christmas = Date::new(2026, 12, 25);
        let monday = Date::new(2027, 1, 11);
        assert_eq!(CATEGORIES[category_of(PostKind::Mcs, christmas)].id, "mcs");
        assert_eq!(
            CATEGORIES[category_of(PostKind::PhysioWeekend, christmas)].id,
            "kine"
        );
        assert_eq!(
            CATEGORIES[category_of(PostKind::Pdsa, christmas)].id,
            "noel_nouvel_an"
        );
        assert_eq!(CATEGORIES[category_of(PostKind::Mmg, monday)].id, "semaine");
    }
}
