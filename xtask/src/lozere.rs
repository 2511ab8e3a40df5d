//! `cargo xtask gen-lozere`: writes `instances/lozere-2027-q1.toml`, the bundled PDSA
//! instance for the first quarter of 2027 in Lozère, from the open commune data in
//! `../shared/data/lozere/communes.csv`.
//!
//! What is real and what is made up:
//! - real: the 152 communes, their populations (INSEE PMUN 2023) and town-hall points;
//!   the calendar (holidays, the bridge Saturday, the clock change);
//! - a stated method: the sectors (twelve seats, each commune joining the nearest seat
//!   by great-circle distance), the number of practitioners per sector (by population);
//! - invented, from a fixed seed: the practitioners (pseudonymous names), their
//!   neighbouring sectors, shares, unavailability, wishes and the history of the last
//!   quarter of 2026, simulated with a simple rotation.
//!
//! The output is the same byte for byte on every run: one seeded PRNG (splitmix64),
//! drawn in a fixed order, every collection ordered. The CSV is parsed by hand (the
//! file has no quoted field, and the parser refuses one) so that this crate keeps no
//! dependency.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::TaskResult;

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

/// Invented identities: first names drawn without replacement, surnames built from an
/// Occitan-sounding stem and ending, so that no name points at a real doctor.
const FIRST_NAMES: &str = "\
Agnès Alain Amélie Antoine Aurélie Bastien Béatrice Benoît Camille Cécile \
Christophe Claire Damien Delphine Denis Élodie Émilie Étienne Fabienne Florence \
François Gaëlle Guillaume Hélène Isabelle Jacques Jeanne Julien Laure Laurent \
Lucie Marc Margaux Mathieu Nathalie Nicolas Olivier Pascale Philippe Pierre \
Raphaël Sandrine Sébastien Sophie Stéphane Sylvie Thierry Thomas Valérie \
Vincent Yannick Zoé";
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
    let mut communes_path = root.join(DEFAULT_COMMUNES);
    let mut out_path = root.join(DEFAULT_OUT);
    let mut check = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--communes" => communes_path = PathBuf::from(value_of(&mut it, arg)?),
            "--out" => out_path = PathBuf::from(value_of(&mut it, arg)?),
            "--check" => check = true,
            other => return Err(format!("gen-lozere: unknown argument `{other}`").into()),
        }
    }
    let text = std::fs::read_to_string(&communes_path).map_err(|e| {
        format!(
            "cannot read the commune data {}: {e}\n(pass --communes PATH if ../shared is elsewhere)",
            communes_path.display()
        )
    })?;
    let communes = parse_communes(&text)?;
    let generated = generate(&communes)?;
    eprint!("{}", generated.report);
    if check {
        let committed = std::fs::read_to_string(&out_path)
            .map_err(|e| format!("cannot read {}: {e}", out_path.display()))?;
        if committed != generated.toml {
            return Err(format!(
                "{} differs from the generator's output: run `cargo xtask gen-lozere` \
                 and commit the result",
                out_path.display()
            )
            .into());
        }
        eprintln!("{} is up to date", out_path.display());
        return Ok(());
    }
    if let Some(dir) = out_path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out_path, &generated.toml)
        .map_err(|e| format!("cannot write {}: {e}", out_path.display()))?;
    eprintln!("wrote {}", out_path.display());
    Ok(())
}

fn value_of<'a>(it: &mut impl Iterator<Item = &'a String>, flag: &str) -> Result<&'a str, String> {
    it.next()
        .map(String::as_str)
        .ok_or_else(|| format!("gen-lozere: {flag} needs a value"))
}

// ---------------------------------------------------------------------------------------
// Input

/// One row of `communes.csv`: the columns the generator uses.
#[derive(Clone, Debug, PartialEq)]
struct Commune {
    insee: String,
    name: String,
    population: u32,
    lat: f64,
    lon: f64,
    epci_name: String,
}

/// Parses `communes.csv` (README of the data: UTF-8, comma-separated, a header line,
/// no quoting). A quote anywhere is refused rather than misread.
fn parse_communes(text: &str) -> Result<Vec<Commune>, String> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .ok_or("communes.csv is empty")?
        .split(',')
        .collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| format!("communes.csv: no column `{name}` in the header"))
    };
    let (insee, name, population) = (column("insee")?, column("name")?, column("population")?);
    let (lat, lon, epci_name) = (column("lat")?, column("lon")?, column("epci_name")?);
    let mut communes = Vec::new();
    for (i, line) in lines.enumerate() {
        let line_no = i + 2;
        if line.trim().is_empty() {
            continue;
        }
        if line.contains('"') {
            return Err(format!(
                "communes.csv line {line_no}: quoted fields are not supported by this \
                 hand-written parser (the file had none when it was written)"
            ));
        }
        let fields: Vec<&str> = line.split(',').collect();
        if fields.len() != header.len() {
            return Err(format!(
                "communes.csv line {line_no}: {} fields, expected {}",
                fields.len(),
                header.len()
            ));
        }
        let number = |col: usize, what: &str| -> Result<f64, String> {
            fields[col]
                .parse::<f64>()
                .map_err(|e| format!("communes.csv line {line_no}: {what} `{}`: {e}", fields[col]))
        };
        communes.push(Commune {
            insee: fields[insee].to_string(),
            name: fields[name].to_string(),
            population: fields[population].parse().map_err(|e| {
                format!(
                    "communes.csv line {line_no}: population `{}`: {e}",
                    fields[population]
                )
            })?,
            lat: number(lat, "lat")?,
            lon: number(lon, "lon")?,
            epci_name: fields[epci_name].to_string(),
        });
    }
    communes.sort_by(|a, b| a.insee.cmp(&b.insee));
    Ok(communes)
}

/// Great-circle distance in kilometres (haversine, mean Earth radius 6371.0088 km).
fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().asin()
}

// ---------------------------------------------------------------------------------------
// Randomness

/// splitmix64 (Steele, Lea and Flood, 2014): tiny, good enough for made-up data, and the
/// same numbers on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0), by multiply-shift (Lemire), without modulo bias
    /// worth caring about here.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    /// One element of a non-empty slice.
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------
// Calendar (a small copy of the rules of PDSA.md §1.3 and §2, enough for this data)

/// A civil date, as days since 1970-01-01 for arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Date(i64);

impl Date {
    /// Howard Hinnant's `days_from_civil`.
    fn new(y: i64, m: u32, d: u32) -> Date {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date(era * 146_097 + doe - 719_468)
    }

    /// (year, month, day), Hinnant's `civil_from_days`.
    fn ymd(self) -> (i64, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        (y, m, d)
    }

    /// 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday).
    fn weekday(self) -> i64 {
        (self.0 + 3).rem_euclid(7)
    }

    fn plus(self, days: i64) -> Date {
        Date(self.0 + days)
    }

    fn month_day(self) -> (u32, u32) {
        let (_, m, d) = self.ymd();
        (m, d)
    }

    /// Every date from `self` to `last`, both inclusive.
    fn through(self, last: Date) -> impl Iterator<Item = Date> {
        (self.0..=last.0).map(Date)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
fn easter(year: i64) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as u32, day as u32)
}

/// The 11 national public holidays (CT L3133-1).
fn is_holiday(date: Date) -> bool {
    let (y, m, d) = date.ymd();
    let fixed = [
        (1, 1),
        (5, 1),
        (5, 8),
        (7, 14),
        (8, 15),
        (11, 1),
        (11, 11),
        (12, 25),
    ];
    let e = easter(y);
    fixed.contains(&(m, d)) || [e.plus(1), e.plus(39), e.plus(50)].contains(&date)
}

/// Day kinds, as the instance file names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Weekday,
    Saturday,
    Sunday,
    Holiday,
    Bridge,
}

/// The strict bridge rule of PDSA.md §1.3; holiday beats bridge beats the weekday.
fn day_kind(date: Date) -> Kind {
    let wd = date.weekday();
    if is_holiday(date) {
        Kind::Holiday
    } else if (wd == 0 && is_holiday(date.plus(1)))
        || ((wd == 4 || wd == 5) && is_holiday(date.plus(-1)))
    {
        Kind::Bridge
    } else if wd == 5 {
        Kind::Saturday
    } else if wd == 6 {
        Kind::Sunday
    } else {
        Kind::Weekday
    }
}

/// The periods of the instance, and on which day kinds each exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Period {
    Soir,
    NuitProfonde,
    Samedi,
    Jour,
}

impl Period {
    fn id(self) -> &'static str {
        match self {
            Period::Soir => "soir",
            Period::NuitProfonde => "nuit_profonde",
            Period::Samedi => "samedi",
            Period::Jour => "jour",
        }
    }

    fn exists_on(self, kind: Kind) -> bool {
        match self {
            Period::Soir | Period::NuitProfonde => true,
            Period::Samedi => kind == Kind::Saturday,
            Period::Jour => matches!(kind, Kind::Sunday | Kind::Holiday | Kind::Bridge),
        }
    }
}

/// The periods a sector lists (deep night only where the sector keeps it).
fn sector_periods(deep_night: bool) -> Vec<Period> {
    let mut periods = vec![Period::Soir];
    if deep_night {
        periods.push(Period::NuitProfonde);
    }
    periods.extend([Period::Samedi, Period::Jour]);
    periods
}

/// The duties of one sector on one date.
fn duties_on(date: Date, deep_night: bool) -> Vec<Period> {
    let kind = day_kind(date);
    sector_periods(deep_night)
        .into_iter()
        .filter(|p| p.exists_on(kind))
        .collect()
}

/// Fairness category ids, in the order of the file (the first that matches wins).
const CATEGORY_IDS: [&str; 4] = ["noel_nouvel_an", "ferie_pont", "weekend", "semaine"];
const CHRISTMAS_NEW_YEAR: [(u32, u32); 4] = [(12, 24), (12, 25), (12, 31), (1, 1)];

/// Index into [`CATEGORY_IDS`] of a duty on `date`, and its burden weight.
fn category(date: Date) -> (usize, u32) {
    if CHRISTMAS_NEW_YEAR.contains(&date.month_day()) {
        return (0, 4);
    }
    match day_kind(date) {
        Kind::Holiday | Kind::Bridge => (1, 3),
        Kind::Saturday | Kind::Sunday => (2, 2),
        Kind::Weekday => (3, 1),
    }
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

/// Something a practitioner cannot do or would like, as written in the file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    Days(Date, Date),
    Duty(usize, Period, Date),
}

impl Target {
    fn first(&self) -> Date {
        match self {
            Target::Days(from, _) | Target::Duty(_, _, from) => *from,
        }
    }

    fn dates(&self) -> impl Iterator<Item = Date> {
        let (from, to) = match self {
            Target::Days(from, to) => (*from, *to),
            Target::Duty(_, _, d) => (*d, *d),
        };
        from.through(to)
    }

    fn toml(&self, sectors: &[Sector]) -> String {
        match self {
            Target::Days(from, to) if from == to => format!("{{ date = {from} }}"),
            Target::Days(from, to) => format!("{{ from = {from}, to = {to} }}"),
            Target::Duty(s, p, d) => format!(
                "{{ post = \"{}\", period = \"{}\", date = {d} }}",
                sectors[*s].seat.post,
                p.id()
            ),
        }
    }
}

struct Wish {
    on: bool,
    target: Target,
    weight: u32,
}

struct Practitioner {
    id: String,
    first: &'static str,
    last: String,
    home: usize,
    helps: Option<usize>,
    /// Share in tenths: 10 is 1.0.
    share_tenths: u32,
    limits: Vec<(&'static str, u32)>,
    unavailable: Vec<(Target, &'static str)>,
    wishes: Vec<Wish>,
    history: [u32; 4],
}

impl Practitioner {
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

    fn blocked(&self) -> BTreeSet<Date> {
        self.unavailable
            .iter()
            .map(|(t, _)| t)
            .chain(self.wishes.iter().map(|w| &w.target))
            .flat_map(Target::dates)
            .collect()
    }
}

/// What the generator produced: the file and a short report for the terminal.
struct Generated {
    toml: String,
    report: String,
}

/// The horizon: the first quarter of 2027.
fn horizon() -> (Date, Date) {
    (Date::new(2027, 1, 1), Date::new(2027, 3, 31))
}

/// The winter school holidays of zone C (académie de Montpellier), assumed 6-22 February
/// 2027: one week each, Saturday to Friday.
fn winter_weeks() -> [(Date, Date); 2] {
    [
        (Date::new(2027, 2, 6), Date::new(2027, 2, 12)),
        (Date::new(2027, 2, 13), Date::new(2027, 2, 19)),
    ]
}

fn generate(communes: &[Commune]) -> Result<Generated, String> {
    let sectors = build_sectors(communes)?;
    let mut rng = SplitMix64(SEED);
    let mut practitioners = place_practitioners(&sectors, &mut rng)?;
    add_unavailability(&sectors, &mut practitioners, &mut rng);
    add_wishes(&sectors, &mut practitioners, &mut rng);
    simulate_history(&sectors, &mut practitioners, &mut rng);
    let toml = render(communes, &sectors, &practitioners);
    let report = report(&sectors, &practitioners);
    Ok(Generated { toml, report })
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
    let mut members: Vec<Vec<(Commune, f64)>> = vec![Vec::new(); SEATS.len()];
    for commune in communes {
        let (best, km) = towns
            .iter()
            .enumerate()
            .map(|(i, t)| (i, distance_km((commune.lat, commune.lon), (t.lat, t.lon))))
            .fold(
                (0, f64::INFINITY),
                |acc, (i, d)| if d < acc.1 { (i, d) } else { acc },
            );
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
    for i in 0..sectors.len() {
        let here = (sectors[i].town.lat, sectors[i].town.lon);
        sectors[i].neighbour = (0..sectors.len())
            .filter(|&j| j != i)
            .map(|j| {
                (
                    j,
                    distance_km(here, (sectors[j].town.lat, sectors[j].town.lon)),
                )
            })
            .fold((usize::MAX, f64::INFINITY), |acc, (j, d)| {
                if d < acc.1 {
                    (j, d)
                } else {
                    acc
                }
            })
            .0;
    }
    Ok(sectors)
}

/// How many practitioners each sector gets: a minimum each (more where the deep night
/// is kept), then the rest one at a time by the D'Hondt rule on population (the next one
/// goes to the largest population / (practitioners + 1)), so Mende gets the most.
fn practitioners_per_sector(sectors: &[Sector]) -> Vec<usize> {
    let mut counts: Vec<usize> = sectors
        .iter()
        .map(|s| {
            if s.deep_night {
                MIN_PER_DEEP_NIGHT_SECTOR
            } else {
                MIN_PER_SECTOR
            }
        })
        .collect();
    while counts.iter().sum::<usize>() < PRACTITIONERS {
        // population_a / (count_a + 1) against population_b / (count_b + 1), exactly.
        let quotient_above = |a: usize, b: usize| {
            u64::from(sectors[a].population) * (counts[b] as u64 + 1)
                > u64::from(sectors[b].population) * (counts[a] as u64 + 1)
        };
        let best = (0..sectors.len())
            .reduce(|a, b| if quotient_above(b, a) { b } else { a })
            .expect("there are sectors");
        counts[best] += 1;
    }
    counts
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
                share_tenths: 10,
                limits: Vec::new(),
                unavailable: Vec::new(),
                wishes: Vec::new(),
                history: [0; 4],
            });
        }
    }
    // Half of each sector's practitioners (at least one) also serve the nearest sector,
    // as neighbours do when a colleague is away.
    for (s, sector) in sectors.iter().enumerate() {
        let mut members: Vec<usize> = (0..practitioners.len())
            .filter(|&p| practitioners[p].home == s)
            .collect();
        for _ in 0..(members.len() / 2).max(1) {
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
/// duties for others.
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
    for p in practitioners.iter_mut() {
        if !rng.chance(1, 2) {
            continue;
        }
        let blocked = p.blocked();
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
        if target.dates().any(|d| blocked.contains(&d)) {
            continue;
        }
        p.unavailable.push((target, why));
    }
    for p in practitioners.iter_mut() {
        p.unavailable
            .sort_by(|a, b| a.0.first().cmp(&b.0.first()).then(a.0.cmp(&b.0)));
    }
}

/// About thirty weighted wishes: days off (single days and short spans), and duties or
/// days wanted on, never on a day the practitioner is unavailable or already wished.
fn add_wishes(sectors: &[Sector], practitioners: &mut [Practitioner], rng: &mut SplitMix64) {
    let (first, last) = horizon();
    let days = (last.0 - first.0 + 1) as usize;
    let mut made = 0;
    while made < WISHES {
        let p = rng.below(practitioners.len());
        let date = first.plus(rng.below(days) as i64);
        let kind = rng.below(10);
        let weight = 1 + rng.below(3) as u32;
        let practitioner = &practitioners[p];
        if practitioner.wishes.len() >= 2 {
            continue;
        }
        let (on, target) = match kind {
            0..=3 => (false, Target::Days(date, date)),
            4..=5 => (false, Target::Days(date, date.plus(1).min(last))),
            6..=8 => {
                let periods = duties_on(date, sectors[practitioner.home].deep_night);
                // A wish for a daytime duty when there is one, else the evening.
                let period = *periods
                    .iter()
                    .rfind(|p| **p != Period::NuitProfonde)
                    .expect("every date has an evening");
                (true, Target::Duty(practitioner.home, period, date))
            }
            _ => (true, Target::Days(date, date)),
        };
        let blocked = practitioner.blocked();
        if target.dates().any(|d| blocked.contains(&d)) {
            continue;
        }
        practitioners[p].wishes.push(Wish { on, target, weight });
        made += 1;
    }
    for p in practitioners.iter_mut() {
        p.wishes.sort_by(|a, b| {
            a.target
                .first()
                .cmp(&b.target.first())
                .then(a.target.cmp(&b.target))
        });
    }
}

/// The history carried from the last quarter of 2026, from a plain rotation over
/// 1 October - 31 December 2026 with this quarter's sectors and eligibility: each date,
/// each sector's duties go to one eligible practitioner, the one with the fewest duties
/// of that category for their share (then the least total burden), never on two dates in
/// a row except within a bundled weekend, as coordinators rotate weeknights, weekends and
/// holidays each in turn. A personal willingness between 0.8 and 1.2 scales the share, so the
/// history is uneven the way real ones are. It records who did Christmas and New Year's
/// Eve 2026.
fn simulate_history(sectors: &[Sector], practitioners: &mut [Practitioner], rng: &mut SplitMix64) {
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
    for date in Date::new(2026, 10, 1).through(Date::new(2026, 12, 31)) {
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
            practitioners[chosen].history[cat] += duties;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Output

fn render(communes: &[Commune], sectors: &[Sector], practitioners: &[Practitioner]) -> String {
    let mut w = String::new();
    let total: u32 = communes.iter().map(|c| c.population).sum();
    let (first, last) = horizon();
    let weeks = winter_weeks();
    let mut table = String::new();
    for (s, sector) in sectors.iter().enumerate() {
        let home = practitioners.iter().filter(|p| p.home == s).count();
        table += &format!(
            "#   {:<22} {:>8}  {:>10}  {:>5.1} km  {:>13}  {}\n",
            sector.seat.post,
            sector.communes.len(),
            thousands(sector.population),
            sector.farthest_km,
            home,
            if sector.deep_night { "yes" } else { "no" }
        );
    }
    w += &format!(
        "\
# Lozère, first quarter of 2027: the PDSA instance bundled with gardes.
#
# GENERATED by `cargo xtask gen-lozere` (xtask/src/lozere.rs). Do not edit by hand:
# change the generator, run it again and commit both. Same bytes on every run.
#
# Data: shared/data/lozere/communes.csv, {communes} communes, {total} inhabitants
# (INSEE population municipale 2023, COG 2026; town-hall points from the DILA annuaire;
# Licence Ouverte / Etalab).
#
# Sectors: twelve seats, towns with a practice spread over the département; every
# commune joins the seat nearest to its town hall by great-circle distance (haversine).
# Crow-flies distance is only a proxy for road time (about 40 km/h in Lozère).
# Deep night (00:00-08:00) is kept in the {deep} most populous sectors; the others stop at
# midnight, as most rural sectors do (PDSA.md §1.4). The official sector map of ARS
# Occitanie was not available: this one is a reasoned stand-in.
#
#   post                   communes  population  farthest  practitioners  deep night
{table}#
# Practitioners: {n} pseudonymous GPs with invented names, placed by population: {min} per
# sector ({min_deep} where the deep night is kept), the rest by the D'Hondt rule; half of
# each sector's practitioners (at least one) also serve the nearest sector. Shares,
# unavailability, wishes and the history of Q4 2026 are made up from a fixed seed; the
# history comes from a simulated rotation over October-December 2026.
#
# Calendar: Fri 2027-01-01 Jour de l'an; Sat 2027-01-02 bridge (after a Friday holiday);
# Sun 2027-03-28 Easter and the spring clock change (the deep night of Sat 27 March
# lasts 7 h); Mon 2027-03-29 Lundi de Pâques.
# Winter school holidays, zone C (académie de Montpellier): ASSUMED Sat 2027-02-06 to
# Mon 2027-02-22, to be checked against the official calendar; the practitioners away
# take {w0a} to {w0b} or {w1a} to {w1b}.
# Phone: \"15\" everywhere; the Lozère number 0 810 604 608 could not be confirmed
# (PDSA.md §3.5).

name = \"Lozère — PDSA, premier trimestre 2027\"

[horizon]
first = {first}
last = {last}
time_zone = \"Europe/Paris\"
",
        communes = communes.len(),
        total = thousands(total),
        n = practitioners.len(),
        min = MIN_PER_SECTOR,
        min_deep = MIN_PER_DEEP_NIGHT_SECTOR,
        deep = ["no", "one", "two", "three", "four", "five"]
            .get(DEEP_NIGHT_SECTORS)
            .copied()
            .unwrap_or("several"),
        w0a = weeks[0].0,
        w0b = weeks[0].1,
        w1a = weeks[1].0,
        w1b = weeks[1].1,
    );
    w += CALENDAR_AND_PERIODS;
    for sector in sectors {
        let periods: Vec<String> = sector_periods(sector.deep_night)
            .iter()
            .map(|p| format!("\"{}\"", p.id()))
            .collect();
        w += &format!(
            "
# {} communes, {} inhabitants; farthest town hall {:.1} km from the seat:
{}[[posts]]
id = \"{}\"
label = {}
kind = \"pdsa\"
periods = [{}]
demand = 1
location = {}
phone = \"15\"
",
            sector.communes.len(),
            thousands(sector.population),
            sector.farthest_km,
            wrapped_comment(
                &sector
                    .communes
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
            ),
            sector.seat.post,
            toml_string(sector.seat.label),
            periods.join(", "),
            toml_string(&sector.town.name),
        );
        if sector.deep_night {
            w += "\
# Split weekends: a bundle would put the Sunday day straight after the Saturday's
# deep night, against the rest after a night.
weekend_bundle = false
";
        }
    }
    w += RULES_AND_FAIRNESS;
    for p in practitioners {
        render_practitioner(&mut w, p, sectors);
    }
    w
}

/// The calendar options and the periods (PDSA.md §1.2 and §1.4).
const CALENDAR_AND_PERIODS: &str = r#"
[calendar]
regional = []
bridge_days = true
saturday_after_thursday_holiday_bridge = false
deep_night = true
overrides = []

# An evening ends at midnight: it is not a night for the rest rules, so one person may
# hold the Saturday and Sunday evenings of a bundled weekend.
[[periods]]
id = "soir"
label = "Soirée"
start = "20:00"
end = "24:00"
day_kinds = ["weekday", "saturday", "sunday", "holiday", "bridge"]
night = false

[[periods]]
id = "nuit_profonde"
label = "Nuit profonde"
start = "00:00"
end = "08:00"
day_kinds = ["weekday", "saturday", "sunday", "holiday", "bridge"]
after_midnight = true
deep_night = true
night = true

[[periods]]
id = "samedi"
label = "Samedi après-midi"
start = "12:00"
end = "20:00"
day_kinds = ["saturday"]

[[periods]]
id = "jour"
label = "Journée"
start = "08:00"
end = "20:00"
day_kinds = ["sunday", "holiday", "bridge"]
"#;

/// The rules, the fairness categories (the order matters: the first that matches wins)
/// and the preference weights. Keep the categories in step with [`category`].
const RULES_AND_FAIRNESS: &str = r#"
[rules]
min_rest_after_night_hours = 11
min_rest_hours = 0
no_two_nights_in_a_row = true
min_days_between_duties = 2
# A bundled weekend alone is four duties (Saturday afternoon and evening, Sunday day and
# evening), and a GP here holds about 40 duties a quarter, most of them four-hour evenings.
max_per_week = 5
max_per_month = 18
max_weekends = 6
weekend_bundle = true

[fairness]
worst_overload_weight = 1.0
history_weight = 1.0

[[fairness.categories]]
id = "noel_nouvel_an"
label = "Noël et Nouvel An"
weight = 4.0
month_days = ["12-24", "12-25", "12-31", "01-01"]

[[fairness.categories]]
id = "ferie_pont"
label = "Fériés et ponts"
weight = 3.0
day_kinds = ["holiday", "bridge"]

[[fairness.categories]]
id = "weekend"
label = "Week-ends"
weight = 2.0
day_kinds = ["saturday", "sunday"]

[[fairness.categories]]
id = "semaine"
label = "Soirs et nuits de semaine"
weight = 1.0
day_kinds = ["weekday"]

[preferences]
wish_weight = 1.0
combined_duty_penalty = 1.0
"#;

fn render_practitioner(w: &mut String, p: &Practitioner, sectors: &[Sector]) {
    let mut posts = vec![format!("\"{}\"", sectors[p.home].seat.post)];
    if let Some(h) = p.helps {
        posts.push(format!("\"{}\"", sectors[h].seat.post));
    }
    *w += &format!(
        "
[[practitioners]]
id = \"{}\"
name = {}
email = {}
posts = [{}]
share = {}.{}
",
        p.id,
        toml_string(&p.name()),
        toml_string(&p.email()),
        posts.join(", "),
        p.share_tenths / 10,
        p.share_tenths % 10,
    );
    if !p.limits.is_empty() {
        let limits: Vec<String> = p.limits.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        *w += &format!("limits = {{ {} }}\n", limits.join(", "));
    }
    let history: Vec<String> = CATEGORY_IDS
        .iter()
        .zip(p.history)
        .map(|(id, n)| format!("{id} = {n}"))
        .collect();
    *w += &format!("history = {{ {} }}   # Q4 2026\n", history.join(", "));
    if !p.unavailable.is_empty() {
        *w += "unavailable = [\n";
        for (target, why) in &p.unavailable {
            *w += &format!("  {},   # {why}\n", target.toml(sectors));
        }
        *w += "]\n";
    }
    if !p.wishes.is_empty() {
        *w += "wishes = [\n";
        for wish in &p.wishes {
            let kind = if wish.on { "on" } else { "off" };
            let target = wish.target.toml(sectors);
            *w += &format!("  {{ {kind} = {target}, weight = {} }},\n", wish.weight);
        }
        *w += "]\n";
    }
}

/// A terminal summary: sectors, duties per practitioner, and the load this implies.
fn report(sectors: &[Sector], practitioners: &[Practitioner]) -> String {
    let (first, last) = horizon();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "sector                  pop.  duties  own  helpers  duties/own share"
    );
    let mut total = 0;
    for (s, sector) in sectors.iter().enumerate() {
        let duties: usize = first
            .through(last)
            .map(|d| duties_on(d, sector.deep_night).len())
            .sum();
        total += duties;
        let own: Vec<&Practitioner> = practitioners.iter().filter(|p| p.home == s).collect();
        let share: u32 = own.iter().map(|p| p.share_tenths).sum();
        let helpers = practitioners.iter().filter(|p| p.helps == Some(s)).count();
        let _ = writeln!(
            out,
            "{:<22} {:>6}  {:>6}  {:>3}  {:>7}  {:>16.1}",
            sector.seat.post,
            sector.population,
            duties,
            own.len(),
            helpers,
            duties as f64 * 10.0 / f64::from(share)
        );
    }
    let share: u32 = practitioners.iter().map(|p| p.share_tenths).sum();
    let wishes: usize = practitioners.iter().map(|p| p.wishes.len()).sum();
    let _ = writeln!(
        out,
        "{} practitioners (total share {:.1}), {} duties, {:.1} per share; {} wishes",
        practitioners.len(),
        f64::from(share) / 10.0,
        total,
        total as f64 * 10.0 / f64::from(share),
        wishes
    );
    out
}

/// Names as `# a, b, c.` comment lines of at most 88 characters.
fn wrapped_comment(names: &[&str]) -> String {
    let mut out = String::new();
    let mut line = String::from("#");
    for (i, name) in names.iter().enumerate() {
        let item = if i + 1 == names.len() {
            format!(" {name}.")
        } else {
            format!(" {name},")
        };
        if line.chars().count() + item.chars().count() > 88 && line.len() > 1 {
            out += &line;
            out.push('\n');
            line = String::from("#");
        }
        line += &item;
    }
    out += &line;
    out.push('\n');
    out
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `76486` → `76,486`.
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Lower-case ASCII for an e-mail address: accents dropped, anything else a dash.
fn ascii_slug(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let plain = match c {
                'à' | 'â' | 'ä' | 'À' | 'Â' => "a",
                'ç' | 'Ç' => "c",
                'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' => "e",
                'î' | 'ï' | 'Î' => "i",
                'ô' | 'ö' | 'Ô' => "o",
                'ù' | 'û' | 'ü' => "u",
                'œ' => "oe",
                c if c.is_ascii_alphanumeric() => return vec![c.to_ascii_lowercase()],
                _ => "-",
            };
            plain.chars().collect()
        })
        .collect()
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

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // First outputs of the reference implementation seeded with 1234567.
        let mut rng = SplitMix64(1_234_567);
        assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn easter_and_the_first_quarter_of_2027() {
        assert_eq!(easter(2027), Date::new(2027, 3, 28));
        assert_eq!(easter(2026), Date::new(2026, 4, 5));
        assert_eq!(day_kind(Date::new(2027, 1, 1)), Kind::Holiday);
        assert_eq!(day_kind(Date::new(2027, 1, 2)), Kind::Bridge);
        assert_eq!(day_kind(Date::new(2027, 1, 3)), Kind::Sunday);
        assert_eq!(day_kind(Date::new(2027, 1, 4)), Kind::Weekday);
        assert_eq!(day_kind(Date::new(2027, 3, 27)), Kind::Saturday);
        assert_eq!(day_kind(Date::new(2027, 3, 29)), Kind::Holiday);
        assert_eq!(day_kind(Date::new(2026, 12, 26)), Kind::Bridge);
        let (first, last) = horizon();
        assert_eq!(first.through(last).count(), 90);
        assert_eq!(Date::new(2027, 2, 28).plus(1).to_string(), "2027-03-01");
    }

    #[test]
    fn great_circle_distance_matches_the_data_readme() {
        // README of the data: Mende → Meyrueis 37.9 km crow-flies.
        let km = distance_km((44.51782, 3.50117), (44.18050, 3.42928));
        assert!((km - 37.9).abs() < 0.05, "{km}");
    }

    #[test]
    fn the_csv_parser_reads_columns_by_name_and_refuses_quotes() {
        let text = "insee,name,population,lat,lon,epci,epci_name\n\
                    48095,Mende,12464,44.51782,3.50117,1,CC Coeur de Lozère\n";
        let communes = parse_communes(text).expect("valid file");
        assert_eq!(
            communes,
            vec![Commune {
                epci_name: "CC Coeur de Lozère".into(),
                ..commune("48095", "Mende", 12464, 44.51782, 3.50117)
            }]
        );
        let quoted = "insee,name,population,lat,lon,epci,epci_name\n\
                      48095,\"Mende, ville\",12464,44.5,3.5,1,CC\n";
        assert!(parse_communes(quoted).unwrap_err().contains("quoted"));
        let short = "insee,name,population,lat,lon,epci,epci_name\n48095,Mende\n";
        assert!(parse_communes(short).unwrap_err().contains("2 fields"));
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
        let a = generate(&small_data()).expect("generates");
        let b = generate(&small_data()).expect("generates");
        assert_eq!(a.toml, b.toml);
        assert!(a.toml.contains("id = \"d44\""));
        assert_eq!(a.toml.matches("[[posts]]").count(), 12);
        assert_eq!(a.toml.matches("winter school holidays").count(), 15);
    }

    #[test]
    fn slugs_and_strings() {
        assert_eq!(ascii_slug("Élodie"), "elodie");
        assert_eq!(ascii_slug("Pélières"), "pelieres");
        assert_eq!(
            toml_string("Saint-Chély-d'Apcher \"x\""),
            "\"Saint-Chély-d'Apcher \\\"x\\\"\""
        );
        assert_eq!(thousands(76486), "76,486");
        assert_eq!(thousands(516), "516");
    }
}
