//! `cargo xtask gen-network`: writes `instances/reseau-2027.toml`, a year of a network of
//! volunteer GPs from all over France who staff health centres in villages without a
//! doctor, one volunteer a week per centre (issue 21), from
//! `../shared/data/lozere/communes.csv` and `../shared/data/coeur-herault/communes.csv`.
//!
//! What is real and what is made up:
//! - real: the twelve villages (INSEE code, name, population PMUN 2023, town-hall
//!   point), eight in Lozère and four in the Cœur d'Hérault; the regions' populations
//!   (INSEE, rounded) and the cities' positions (rounded), in [`cities`];
//! - a stated method: which villages host a centre (a proxy for "no doctor", below: the
//!   data has no doctor); homes spread over France by the regions' populations; the
//!   travel estimate (`[coverage]`);
//! - invented, from a fixed seed: the 150 volunteers (pseudonymous names), their home
//!   city, the regions they accept, their pledges, the weeks they can come, who accepts
//!   consecutive weeks, and a few favourite weeks (wishes).
//!
//! **The villages.** No open register of doctors by commune was used (the RPPS /
//! Annuaire santé was not at hand), so "without a doctor" is a proxy: candidates are the
//! communes of [`MIN_VILLAGE`] to [`TOWN`] − 1 inhabitants; a commune of [`TOWN`]
//! inhabitants or more counts as a town, which keeps doctors; a candidate's remoteness is
//! its great-circle distance to the nearest town of either data file. In each territory
//! the villages are taken by rounds, most remote first: in round r a candidate is taken
//! when its canton has fewer than r villages yet and it lies at least
//! [`MIN_SPACING_KM`] from every village already taken, until the territory's quota
//! ([`QUOTAS`]). So the centres are the most remote villages, spread over the cantons.
//!
//! The output is the same byte for byte on every run: one seeded PRNG (splitmix64),
//! drawn in a fixed order, every collection ordered.

mod cities;
mod render;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::territory::calendar::Date;
use crate::territory::cli::{emit_to, read_input};
use crate::territory::data::{parse_cantons, parse_communes, Commune};
use crate::territory::geo::distance_km;
use crate::territory::names::{FIRST_NAMES, MORE_FIRST_NAMES};
use crate::territory::rng::SplitMix64;
use crate::territory::text::ascii_slug;
use crate::TaskResult;

use cities::{City, REGIONS};

/// The seed of every random draw.
const SEED: u64 = 0x5265_7365_6175_2027; // "Reseau" and the year

const DEFAULT_LOZERE: &str = "../shared/data/lozere/communes.csv";
const DEFAULT_HERAULT: &str = "../shared/data/coeur-herault/communes.csv";
const DEFAULT_OUT: &str = "instances/reseau-2027.toml";

/// The first Monday of the horizon; the horizon is [`WEEKS`] weeks, Monday 08:00 to
/// Saturday 12:00, and ends on the last Saturday (2028-01-01).
fn first_monday() -> Date {
    Date::new(2027, 1, 4)
}
const WEEKS: usize = 52;

/// The Monday of week `w` (0-based).
fn monday(w: usize) -> Date {
    first_monday().plus(7 * w as i64)
}

/// The Saturday that ends week `w`.
fn saturday(w: usize) -> Date {
    monday(w).plus(5)
}

/// Villages have at least this many inhabitants: enough to keep a town hall, a shop and
/// the premises of a centre.
const MIN_VILLAGE: u32 = 300;
/// A commune of this many inhabitants or more is a town, where doctors practise.
const TOWN: u32 = 1500;
/// Two centres are at least this far apart, so that they serve different people.
const MIN_SPACING_KM: f64 = 15.0;

/// The two territories of the data and how many centres each gets: about two thirds in
/// Lozère, the most remote département of the two.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Territory {
    Lozere,
    Herault,
}

impl Territory {
    fn name(self) -> &'static str {
        match self {
            Territory::Lozere => "Lozère",
            Territory::Herault => "Cœur d'Hérault",
        }
    }
}

const QUOTAS: [(Territory, usize); 2] = [(Territory::Lozere, 8), (Territory::Herault, 4)];

/// Volunteers in the network: the 150 of issue 21.
const VOLUNTEERS: usize = 150;
/// Pledges in weeks and their weights (out of 100): most 3 to 5, a mean of 5, so that
/// the 150 pledge about 1.2 times the 624 centre-weeks.
const PLEDGES: [(u32, u64); 7] = [(2, 6), (3, 16), (4, 20), (5, 22), (6, 14), (7, 10), (8, 12)];
/// Which territories a volunteer accepts, and how likely (out of 100): Lozère has two
/// thirds of the centres.
const ACCEPTS: [(Accepts, u64); 3] = [
    (Accepts::Lozere, 40),
    (Accepts::Herault, 20),
    (Accepts::Both, 40),
];
/// Volunteers who accept consecutive weeks (`limits.min_days_between_duties = 0`), in
/// hundredths.
const CONSECUTIVE_PERCENT: usize = 15;
/// The weeks a volunteer can come are this many tenths of their pledge, drawn
/// uniformly (2.5 to 3 times the pledge).
const AVAILABLE_TENTHS: (usize, usize) = (25, 30);
/// Lengths of a window of available weeks (1 to 5) and their weights.
const WINDOW_WEIGHTS: [u64; 5] = [2, 4, 4, 3, 2];
/// How likely a week is to be in a window, relative to an ordinary week (10): summer
/// weeks twice, the Christmas and New Year weeks less.
const SUMMER_WEIGHT: u64 = 20;
const CHRISTMAS_WEIGHT: u64 = 8;
const ORDINARY_WEIGHT: u64 = 10;
/// Volunteers with a favourite week (a wish), in hundredths.
const WISH_PERCENT: usize = 20;

/// The regions a volunteer accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Accepts {
    Lozere,
    Herault,
    Both,
}

impl Accepts {
    fn covers(self, t: Territory) -> bool {
        matches!(
            (self, t),
            (Accepts::Both, _)
                | (Accepts::Lozere, Territory::Lozere)
                | (Accepts::Herault, Territory::Herault)
        )
    }

    fn describe(self) -> &'static str {
        match self {
            Accepts::Lozere => "Lozère",
            Accepts::Herault => "Cœur d'Hérault",
            Accepts::Both => "Lozère and Cœur d'Hérault",
        }
    }
}

/// A village with a centre.
struct Village {
    commune: Commune,
    territory: Territory,
    canton_name: String,
    /// Great-circle km to the nearest town of either file.
    remoteness_km: f64,
    /// The nearest town's name.
    nearest_town: String,
}

impl Village {
    /// The post id: the village's name in lower-case ASCII.
    fn post(&self) -> String {
        ascii_slug(&self.commune.name)
    }

    /// "Centre de santé du Collet-de-Dèze".
    fn label(&self) -> String {
        format!("Centre de santé {}", of_name(&self.commune.name))
    }
}

/// "de Villefort", "du Collet-de-Dèze", "d'Aumelas", "de La Canourgue".
fn of_name(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("Le ") {
        format!("du {rest}")
    } else if let Some(rest) = name.strip_prefix("Les ") {
        format!("des {rest}")
    } else if name.starts_with(['A', 'E', 'I', 'O', 'U', 'É', 'Â', 'Î']) {
        format!("d'{name}")
    } else {
        format!("de {name}")
    }
}

/// A volunteer.
struct Volunteer {
    id: String,
    first: &'static str,
    last: String,
    region: usize,
    city: &'static City,
    accepts: Accepts,
    pledge: u32,
    consecutive: bool,
    /// Weeks they can come, as a set of week indices (their runs are the windows).
    weeks: BTreeSet<usize>,
    /// Favourite weeks: (week, weight).
    wishes: Vec<(usize, u32)>,
}

impl Volunteer {
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

    fn home(&self) -> String {
        format!("home-{}", self.city.slug)
    }

    /// The windows: maximal runs of consecutive weeks, (first, last).
    fn windows(&self) -> Vec<(usize, usize)> {
        runs(&self.weeks)
    }
}

/// Maximal runs of consecutive integers of `weeks`, as (first, last).
fn runs(weeks: &BTreeSet<usize>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &w in weeks {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == w => *last = w,
            _ => out.push((w, w)),
        }
    }
    out
}

/// The most weeks one can serve among `weeks`: every one with consecutive weeks
/// accepted, else every other week of each window.
fn capacity(weeks: &BTreeSet<usize>, consecutive: bool) -> usize {
    if consecutive {
        weeks.len()
    } else {
        runs(weeks).iter().map(|(a, b)| (b - a + 2) / 2).sum()
    }
}

/// Whether week `w` is a summer week (its Monday in July or August).
fn is_summer(w: usize) -> bool {
    matches!(monday(w).month_day().0, 7 | 8)
}

/// The `month_days` of the Christmas and New Year category: every Monday that may start
/// the week of 25 December (19 to 25 December) or the week of New Year's Eve (26 to 31).
const CHRISTMAS_MONDAYS: std::ops::RangeInclusive<u32> = 19..=31;

/// Whether week `w` is a Christmas or New Year week.
fn is_christmas(w: usize) -> bool {
    let (m, d) = monday(w).month_day();
    m == 12 && CHRISTMAS_MONDAYS.contains(&d)
}

/// Invented surnames, from no particular region (the volunteers come from all over
/// France): a stem and an ending, so that no name points at a real doctor.
const SURNAME_STEMS: [&str; 24] = [
    "Ambr", "Bard", "Bresc", "Caud", "Cherv", "Dauv", "Escl", "Ferr", "Gresl", "Houd", "Jarr",
    "Kerv", "Lauz", "Menn", "Norb", "Parv", "Quesn", "Rieg", "Scell", "Tarn", "Urv", "Vaub",
    "Wald", "Yvr",
];
const SURNAME_ENDINGS: [&str; 16] = [
    "ard", "aud", "elin", "enne", "ert", "et", "eux", "ier", "illon", "ot", "ou", "ac", "ec",
    "ois", "and", "in",
];

/// The command line: `--communes-lozere PATH`, `--communes-herault PATH`, `--out PATH`,
/// `--check`.
#[derive(Debug, PartialEq)]
struct Options {
    lozere: PathBuf,
    herault: PathBuf,
    out: PathBuf,
    check: bool,
}

impl Options {
    fn parse(root: &Path, args: &[String]) -> Result<Options, String> {
        let mut options = Options {
            lozere: root.join(DEFAULT_LOZERE),
            herault: root.join(DEFAULT_HERAULT),
            out: root.join(DEFAULT_OUT),
            check: false,
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut value = || {
                it.next()
                    .map(PathBuf::from)
                    .ok_or_else(|| format!("gen-network: {arg} needs a value"))
            };
            match arg.as_str() {
                "--communes-lozere" => options.lozere = value()?,
                "--communes-herault" => options.herault = value()?,
                "--out" => options.out = value()?,
                "--check" => options.check = true,
                other => return Err(format!("gen-network: unknown argument `{other}`")),
            }
        }
        Ok(options)
    }
}

/// Runs `gen-network` with its command-line arguments.
pub fn run(root: &Path, args: &[String]) -> TaskResult {
    let options = Options::parse(root, args)?;
    let lozere = read_input(&options.lozere, "--communes-lozere")?;
    let herault = read_input(&options.herault, "--communes-herault")?;
    let generated = generate(&[
        (Territory::Lozere, &lozere[..]),
        (Territory::Herault, &herault[..]),
    ])?;
    eprint!("{}", generated.report);
    emit_to("gen-network", &options.out, options.check, &generated.toml)
}

/// What the generator produced: the file and the capacity summary for the terminal.
struct Generated {
    toml: String,
    report: String,
}

/// Everything the renderer needs.
struct World {
    villages: Vec<Village>,
    /// Each territory's number of candidate villages, for the header.
    criterion: Vec<(Territory, usize)>,
    volunteers: Vec<Volunteer>,
}

fn generate(files: &[(Territory, &str)]) -> Result<Generated, String> {
    let mut communes: Vec<(Territory, Commune, String)> = Vec::new();
    for (territory, text) in files {
        let cantons = parse_cantons(text)?;
        for c in parse_communes(text)? {
            let canton = cantons
                .get(&c.insee)
                .map(|(_, name)| name.clone())
                .unwrap_or_default();
            communes.push((*territory, c, canton));
        }
    }
    let (villages, criterion) = choose_villages(&communes)?;
    let mut rng = SplitMix64(SEED);
    let volunteers = draw_volunteers(&mut rng);
    let world = World {
        villages,
        criterion,
        volunteers,
    };
    Ok(Generated {
        toml: render::render(&world),
        report: render::report(&world),
    })
}

/// The villages with a centre and each territory's number of candidates.
type Chosen = (Vec<Village>, Vec<(Territory, usize)>);

/// The villages with a centre, by the criterion of the module's documentation, in
/// [`QUOTAS`] order then in the order taken; and each territory's number of candidates.
fn choose_villages(communes: &[(Territory, Commune, String)]) -> Result<Chosen, String> {
    let towns: Vec<&Commune> = communes
        .iter()
        .map(|(_, c, _)| c)
        .filter(|c| c.population >= TOWN)
        .collect();
    if towns.is_empty() {
        return Err(format!(
            "no commune of {TOWN} inhabitants or more in the data"
        ));
    }
    let mut villages = Vec::new();
    let mut criterion = Vec::new();
    for (territory, quota) in QUOTAS {
        let mut candidates: Vec<Village> = communes
            .iter()
            .filter(|(t, c, _)| *t == territory && (MIN_VILLAGE..TOWN).contains(&c.population))
            .map(|(_, c, canton)| {
                let (km, town) = towns
                    .iter()
                    .map(|t| (distance_km(c.point(), t.point()), t.name.clone()))
                    .fold((f64::INFINITY, String::new()), |acc, x| {
                        if x.0 < acc.0 {
                            x
                        } else {
                            acc
                        }
                    });
                Village {
                    commune: c.clone(),
                    territory,
                    canton_name: canton.clone(),
                    remoteness_km: km,
                    nearest_town: town,
                }
            })
            .collect();
        criterion.push((territory, candidates.len()));
        candidates.sort_by(|a, b| {
            b.remoteness_km
                .total_cmp(&a.remoteness_km)
                .then(a.commune.insee.cmp(&b.commune.insee))
        });
        let mut taken: Vec<Village> = Vec::new();
        let mut round = 1;
        while taken.len() < quota && !candidates.is_empty() {
            let before = taken.len();
            let mut i = 0;
            while i < candidates.len() && taken.len() < quota {
                let c = &candidates[i];
                let in_canton = taken
                    .iter()
                    .filter(|v| v.canton_name == c.canton_name)
                    .count();
                let spaced = taken
                    .iter()
                    .all(|v| distance_km(v.commune.point(), c.commune.point()) >= MIN_SPACING_KM);
                if in_canton < round && spaced {
                    taken.push(candidates.remove(i));
                } else {
                    i += 1;
                }
            }
            if taken.len() == before {
                break;
            }
            round += 1;
        }
        if taken.is_empty() {
            return Err(format!("no village found in {}", territory.name()));
        }
        villages.extend(taken);
    }
    Ok((villages, criterion))
}

/// The volunteers, drawn in a fixed order: homes (region by apportionment, shuffled;
/// city within the region), names, accepted territories, pledges, consecutive weeks,
/// available weeks, wishes.
fn draw_volunteers(rng: &mut SplitMix64) -> Vec<Volunteer> {
    let mut regions: Vec<usize> = cities::apportion(VOLUNTEERS)
        .into_iter()
        .enumerate()
        .flat_map(|(r, n)| std::iter::repeat_n(r, n))
        .collect();
    for i in (1..regions.len()).rev() {
        regions.swap(i, rng.below(i + 1));
    }
    let first_names: Vec<&'static str> = FIRST_NAMES
        .split_whitespace()
        .chain(MORE_FIRST_NAMES.split_whitespace())
        .collect();
    let mut emails = BTreeSet::new();
    let week_weights: Vec<u64> = (0..WEEKS)
        .map(|w| {
            if is_christmas(w) {
                CHRISTMAS_WEIGHT
            } else if is_summer(w) {
                SUMMER_WEIGHT
            } else {
                ORDINARY_WEIGHT
            }
        })
        .collect();
    let mut volunteers = Vec::new();
    for (i, &region) in regions.iter().enumerate() {
        let city = rng.pick(REGIONS[region].cities);
        let (first, last) = loop {
            let first = *rng.pick(&first_names);
            let last = format!("{}{}", rng.pick(&SURNAME_STEMS), rng.pick(&SURNAME_ENDINGS));
            if emails.insert((ascii_slug(first), ascii_slug(&last))) {
                break (first, last);
            }
        };
        let accepts = ACCEPTS[rng.weighted(&ACCEPTS.map(|(_, w)| w))].0;
        let pledge = PLEDGES[rng.weighted(&PLEDGES.map(|(_, w)| w))].0;
        let consecutive = rng.chance(CONSECUTIVE_PERCENT, 100);
        let weeks = draw_weeks(pledge, consecutive, &week_weights, rng);
        let mut wishes = Vec::new();
        if rng.chance(WISH_PERCENT, 100) {
            let open: Vec<usize> = weeks
                .iter()
                .copied()
                .filter(|&w| !is_christmas(w))
                .collect();
            if !open.is_empty() {
                wishes.push((*rng.pick(&open), 1 + rng.below(3) as u32));
            }
        }
        volunteers.push(Volunteer {
            id: format!("v{:03}", i + 1),
            first,
            last,
            region,
            city,
            accepts,
            pledge,
            consecutive,
            weeks,
            wishes,
        });
    }
    volunteers
}

/// The weeks a volunteer can come: windows of 1 to 5 weeks around weeks drawn by
/// `week_weights`, until they hold 2.5 to 3 times the pledge and the pledge fits in them
/// under the spacing rule (every other week of a window unless consecutive weeks are
/// accepted).
fn draw_weeks(
    pledge: u32,
    consecutive: bool,
    week_weights: &[u64],
    rng: &mut SplitMix64,
) -> BTreeSet<usize> {
    let (lo, hi) = AVAILABLE_TENTHS;
    let tenths = lo + rng.below(hi - lo + 1);
    let target = (pledge as usize * tenths).div_ceil(10).min(WEEKS);
    let mut weeks = BTreeSet::new();
    while weeks.len() < target || capacity(&weeks, consecutive) < pledge as usize {
        let mut len = 1 + rng.weighted(&WINDOW_WEIGHTS);
        if weeks.len() < target {
            len = len.min(target - weeks.len());
        }
        let anchor = rng.weighted(week_weights);
        let start = anchor.saturating_sub(rng.below(len)).min(WEEKS - len);
        weeks.extend(start..start + len);
        if weeks.len() == WEEKS {
            break;
        }
    }
    weeks
}

/// A greedy rotation, to show the instance can be covered: week by week, each centre
/// (the scarcer territory first) goes to the free eligible volunteer with the most
/// weeks still to give per week still available, never two weeks in a row unless
/// accepted, never beyond the pledge. Returns the centre-weeks it leaves empty, as
/// (week, village index).
fn greedy_rotation(world: &World) -> Vec<(usize, usize)> {
    let (villages, volunteers) = (&world.villages, &world.volunteers);
    let mut left: Vec<u32> = volunteers.iter().map(|v| v.pledge).collect();
    let mut last_week: Vec<Option<usize>> = vec![None; volunteers.len()];
    let mut order: Vec<usize> = (0..villages.len()).collect();
    order.sort_by_key(|&c| (villages[c].territory != Territory::Herault, c));
    let mut empty = Vec::new();
    for w in 0..WEEKS {
        let mut busy = BTreeSet::new();
        for &c in &order {
            let eligible = |p: &usize| {
                let v = &volunteers[*p];
                v.accepts.covers(villages[c].territory)
                    && v.weeks.contains(&w)
                    && left[*p] > 0
                    && !busy.contains(p)
                    && (v.consecutive || last_week[*p].is_none_or(|l| l + 1 != w))
            };
            let urgency = |p: usize| {
                let v = &volunteers[p];
                let still = v.weeks.range(w..).count() as u64;
                (u64::from(left[p]), still.max(1))
            };
            let chosen = (0..volunteers.len()).filter(eligible).max_by(|&a, &b| {
                let ((la, sa), (lb, sb)) = (urgency(a), urgency(b));
                (la * sb).cmp(&(lb * sa)).then(b.cmp(&a))
            });
            match chosen {
                Some(p) => {
                    busy.insert(p);
                    left[p] -= 1;
                    last_week[p] = Some(w);
                }
                None => empty.push((w, c)),
            }
        }
    }
    empty
}

/// For each village and week, the volunteers who could hold it (eligible and available).
fn candidates(world: &World) -> Vec<Vec<usize>> {
    world
        .villages
        .iter()
        .map(|village| {
            (0..WEEKS)
                .map(|w| {
                    world
                        .volunteers
                        .iter()
                        .filter(|v| v.accepts.covers(village.territory) && v.weeks.contains(&w))
                        .count()
                })
                .collect()
        })
        .collect()
}

/// Pledged weeks of the volunteers who accept each territory.
fn pledged_by_territory(volunteers: &[Volunteer]) -> BTreeMap<Territory, u32> {
    QUOTAS
        .iter()
        .map(|(t, _)| {
            (
                *t,
                volunteers
                    .iter()
                    .filter(|v| v.accepts.covers(*t))
                    .map(|v| v.pledge)
                    .sum(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "insee,name,population,lat,lon,epci,epci_name,canton,canton_name,coord_src,centroid_lat,centroid_lon\n";

    fn row(insee: &str, name: &str, pop: u32, lat: f64, lon: f64, canton: &str) -> String {
        format!("{insee},{name},{pop},{lat},{lon},1,CC,{canton},{canton},mairie,{lat},{lon}\n")
    }

    /// A town and villages at known distances (0.1° of latitude is 11.1 km).
    fn lozere() -> String {
        let mut s = HEADER.to_string();
        s += &row("48095", "Mende", 12464, 44.5, 3.5, "Mende");
        s += &row("48001", "Le Bout", 400, 44.8, 3.5, "Nord");
        s += &row("48002", "Près", 500, 44.7, 3.5, "Nord");
        s += &row("48003", "Loin", 600, 44.2, 3.5, "Sud");
        s += &row("48004", "Voisin", 700, 44.25, 3.5, "Sud");
        s += &row("48005", "Hameau", 100, 44.0, 3.5, "Sud");
        s += &row("48006", "Autre", 350, 44.5, 3.9, "Est");
        s
    }

    fn herault() -> String {
        let mut s = HEADER.to_string();
        s += &row("34142", "Lodève", 7251, 43.73, 3.32, "Lodève");
        s += &row("34064", "Le Caylar", 460, 43.86, 3.31, "Lodève");
        s += &row("34292", "Aumelas", 624, 43.60, 3.60, "Gignac");
        s
    }

    fn world() -> Generated {
        generate(&[
            (Territory::Lozere, &lozere()),
            (Territory::Herault, &herault()),
        ])
        .expect("generates")
    }

    #[test]
    fn villages_are_remote_spread_and_spaced() {
        let mut communes = Vec::new();
        for (territory, text) in [
            (Territory::Lozere, lozere()),
            (Territory::Herault, herault()),
        ] {
            let cantons = parse_cantons(&text).expect("cantons");
            for c in parse_communes(&text).expect("communes") {
                let canton = cantons[&c.insee].1.clone();
                communes.push((territory, c, canton));
            }
        }
        let (villages, criterion) = choose_villages(&communes).expect("villages");
        let names: Vec<&str> = villages.iter().map(|v| v.commune.name.as_str()).collect();
        // Le Bout and Loin (33 km from Mende), Autre (32 km), each in its own canton;
        // in the second round Voisin is 5.6 km from Loin and Près 11 km from Le Bout.
        // In Hérault, Aumelas (27 km from Lodève), then Le Caylar (14 km).
        assert_eq!(names, ["Le Bout", "Loin", "Autre", "Aumelas", "Le Caylar"]);
        assert_eq!(criterion, [(Territory::Lozere, 5), (Territory::Herault, 2)]);
        assert_eq!(villages[0].label(), "Centre de santé du Bout");
        assert_eq!(villages[0].nearest_town, "Mende");
        assert_eq!(of_name("Aumelas"), "d'Aumelas");
        assert_eq!(of_name("La Canourgue"), "de La Canourgue");
        assert_eq!(villages[0].post(), "le-bout");
    }

    #[test]
    fn generation_is_byte_identical_and_complete() {
        let (a, b) = (world(), world());
        assert_eq!(a.toml, b.toml);
        let t = &a.toml;
        assert_eq!(t.matches("[[practitioners]]").count(), VOLUNTEERS);
        assert!(t.contains("id = \"v150\""));
        assert_eq!(t.matches("[[posts]]").count(), 3 + 2);
        assert!(t.contains("end_day = 5\nweekdays = [\"monday\"]\nnight = false\n"));
        assert!(t.contains("first = 2027-01-04\nlast = 2028-01-01\n"));
        assert!(t.contains("min_days_between_duties = 8"));
        assert!(t.contains("months = [7, 8]"));
        assert!(t.contains("history_weight = 0.0"));
        assert!(t.contains("travel_weight = 0.01"));
        assert!(t.contains("place = \"34064\""));
        assert!(t.contains("{ id = \"home-paris\", name = \"Paris\", population = 0"));
        assert!(!t.contains("emergency_bases"));
        assert!(!t.contains("kind = \"mcs\""));
    }

    #[test]
    fn every_volunteer_can_give_their_pledge() {
        let mut rng = SplitMix64(SEED);
        let volunteers = draw_volunteers(&mut rng);
        let pledged: u32 = volunteers.iter().map(|v| v.pledge).sum();
        assert!((650..=850).contains(&pledged), "{pledged}");
        for v in &volunteers {
            assert!(
                capacity(&v.weeks, v.consecutive) >= v.pledge as usize,
                "{}",
                v.id
            );
            assert!(v.weeks.len() as u32 >= 2 * v.pledge, "{}", v.id);
            assert!(v.wishes.iter().all(|(w, _)| v.weeks.contains(w)));
        }
        let emails: BTreeSet<String> = volunteers.iter().map(Volunteer::email).collect();
        assert_eq!(emails.len(), VOLUNTEERS);
    }

    #[test]
    fn weeks_and_windows() {
        assert_eq!(monday(0).to_string(), "2027-01-04");
        assert_eq!(saturday(WEEKS - 1).to_string(), "2028-01-01");
        assert_eq!((0..WEEKS).filter(|&w| is_christmas(w)).count(), 2);
        assert_eq!((0..WEEKS).filter(|&w| is_summer(w)).count(), 9);
        let weeks: BTreeSet<usize> = [1, 2, 3, 7, 9, 10].into_iter().collect();
        assert_eq!(runs(&weeks), [(1, 3), (7, 7), (9, 10)]);
        assert_eq!(capacity(&weeks, false), 2 + 1 + 1);
        assert_eq!(capacity(&weeks, true), 6);
    }

    #[test]
    fn options() {
        let root = Path::new("/r");
        let o = Options::parse(root, &[]).expect("defaults");
        assert_eq!(o.out, root.join(DEFAULT_OUT));
        let args: Vec<String> = ["--communes-herault", "h.csv", "--check"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let o = Options::parse(root, &args).expect("valid");
        assert_eq!((o.herault, o.check), (PathBuf::from("h.csv"), true));
        assert!(Options::parse(root, &["--x".to_string()]).is_err());
    }
}
