//! The synthetic PDSA instance of `cargo xtask gen-scale`: a made-up territory of any
//! size (practitioners × posts × days), shaped like the bundled Lozère quarter so that
//! its solve time and memory say something about real territories.
//!
//! What it holds, and why (the Lozère generator, `xtask/src/lozere/`, is the model):
//! - posts are PDSA sectors around invented seats placed at random in a
//!   département-sized box; each has an evening (20:00-24:00) on every date, a Saturday
//!   afternoon, and a daytime on Sundays, holidays and bridges; the most populous quarter
//!   also keep the deep night (00:00-08:00) and split their weekends, the others bundle
//!   them (one doctor from Saturday 12:00 to Sunday 24:00), as in Lozère;
//! - practitioners are spread over the sectors by population (D'Hondt, at least three
//!   per sector, five where the deep night is kept); about one in five also serves the
//!   nearest sector; about one in eight, in sectors above the minimum, has a half share
//!   with personal limits;
//! - unavailability: about five weeks of holidays a year in blocks of one to three weeks
//!   starting on a Saturday (more in summer and school holidays), the coordinator keeping
//!   the holidays of a sector's colleagues apart when a few tries allow it and giving up
//!   otherwise (the hard spots of the instance); a few scattered days off, training
//!   courses and single duties;
//! - wishes: about 0.7 per practitioner and quarter (Lozère: 30 for 44 GPs);
//! - history: the quarter before the horizon, each of its duties drawn among the
//!   sector's practitioners by share and a personal willingness;
//! - the rules of the Lozère instance (rest after a night, no two nights in a row, two
//!   days between duties, at most 6 duties a week and 20 a month), the maximum of
//!   weekends scaled to the horizon, and the four default fairness categories.
//!
//! Same sizes, first date and seed, same bytes: one splitmix64 stream drawn in a fixed
//! order, every collection ordered.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::territory::calendar::Date;
use crate::territory::geo::{dhondt, nearest_other};
use crate::territory::names::{FIRST_NAMES, MORE_FIRST_NAMES};
use crate::territory::periods::{
    category, duties_on, sector_periods, wished_duty, Period, CATEGORY_IDS,
};
use crate::territory::requests::{self, requests_toml, Requester as _};
use crate::territory::rng::SplitMix64;
use crate::territory::text::{
    ascii_slug, toml_string, CALENDAR, DEFAULT_CATEGORIES, FAIRNESS, PDSA_PERIODS, PREFERENCES,
};
use crate::TaskResult;

/// The first date when none is given: a year that starts on a Friday holiday, as the
/// bundled instances.
pub(crate) const DEFAULT_FIRST: &str = "2027-01-01";
/// The seed when none is given.
pub(crate) const DEFAULT_SEED: u64 = 1;

/// Every sector has at least this many practitioners of its own (PDSA.md §3.2: 3 to 12
/// GPs per rural sector), as in Lozère.
const MIN_PER_SECTOR: usize = 3;
/// A sector that keeps the deep night has nearly twice the duties, so at least this many.
const MIN_PER_DEEP_NIGHT_SECTOR: usize = 5;
/// Limits that keep the generator's loops and names finite.
const MAX_POSTS: usize = 300;
const MAX_PRACTITIONERS: usize = 5000;
const MAX_DAYS: usize = 3650;
const MIN_DAYS: usize = 7;

pub(crate) const USAGE: &str = "\
cargo xtask gen-scale [OPTIONS]

Writes a synthetic PDSA instance of the given size (docs/scale.md): invented sectors,
practitioners, holidays, wishes and history, the rules of the Lozère instance.

Options:
  --practitioners N      (default 150)
  --posts N              sectors, at most N/3 (default 30)
  --days N               length of the horizon (default 365)
  --first YYYY-MM-DD     first date (default 2027-01-01)
  --seed N               (default 1)
  -o, --out FILE         where to write (default target/scale/instances/PxSxD.toml,
                         relative to the workspace root)
";

/// The size of an instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Size {
    pub(crate) practitioners: usize,
    pub(crate) posts: usize,
    pub(crate) days: usize,
}

impl Size {
    /// `150x30x365`: practitioners, posts, days.
    pub(crate) fn parse(text: &str) -> Result<Size, String> {
        let parts: Vec<&str> = text.trim().split('x').collect();
        let numbers: Vec<usize> = parts
            .iter()
            .map(|p| p.parse::<usize>())
            .collect::<Result<_, _>>()
            .map_err(|_| {
                format!("size `{text}`: expected PRACTITIONERSxPOSTSxDAYS, e.g. 150x30x365")
            })?;
        let [practitioners, posts, days] = numbers[..] else {
            return Err(format!(
                "size `{text}`: expected three numbers, PRACTITIONERSxPOSTSxDAYS"
            ));
        };
        let size = Size {
            practitioners,
            posts,
            days,
        };
        size.validate()?;
        Ok(size)
    }

    /// `150x30x365`.
    pub(crate) fn name(self) -> String {
        format!("{}x{}x{}", self.practitioners, self.posts, self.days)
    }

    fn validate(self) -> Result<(), String> {
        let name = self.name();
        if self.posts == 0 || self.posts > MAX_POSTS {
            return Err(format!("{name}: between 1 and {MAX_POSTS} posts"));
        }
        if self.practitioners < MIN_PER_SECTOR * self.posts {
            return Err(format!(
                "{name}: at least {MIN_PER_SECTOR} practitioners per post ({})",
                MIN_PER_SECTOR * self.posts
            ));
        }
        if self.practitioners > MAX_PRACTITIONERS {
            return Err(format!("{name}: at most {MAX_PRACTITIONERS} practitioners"));
        }
        if !(MIN_DAYS..=MAX_DAYS).contains(&self.days) {
            return Err(format!("{name}: between {MIN_DAYS} and {MAX_DAYS} days"));
        }
        Ok(())
    }
}

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Params {
    pub(crate) size: Size,
    pub(crate) first: Date,
    pub(crate) seed: u64,
}

impl Params {
    /// The `gen-scale` command line that writes this instance.
    pub(crate) fn command(self) -> String {
        format!(
            "cargo xtask gen-scale --practitioners {} --posts {} --days {} --first {} --seed {}",
            self.size.practitioners, self.size.posts, self.size.days, self.first, self.seed
        )
    }
}

/// `YYYY-MM-DD`, checked by the round trip.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let bad = || format!("date `{text}`: expected YYYY-MM-DD");
    let mut parts = text.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let (y, m, d) = (
        y.parse::<i64>().map_err(|_| bad())?,
        m.parse::<u32>().map_err(|_| bad())?,
        d.parse::<u32>().map_err(|_| bad())?,
    );
    let date = Date::new(y, m, d);
    if date.ymd() != (y, m, d) || !(1900..=9000).contains(&y) {
        return Err(format!("date `{text}` does not exist"));
    }
    Ok(date)
}

/// Runs `gen-scale` with its command-line arguments.
pub(crate) fn run(root: &Path, args: &[String]) -> TaskResult {
    if crate::asks_for_help(args) {
        print!("{USAGE}");
        return Ok(());
    }
    let (params, out) = parse_args(root, args)?;
    let generated = generate(params);
    eprint!("{}", generated.report);
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, &generated.toml)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    eprintln!("wrote {}", out.display());
    Ok(())
}

fn parse_args(root: &Path, args: &[String]) -> Result<(Params, PathBuf), String> {
    let mut size = Size {
        practitioners: 150,
        posts: 30,
        days: 365,
    };
    let mut first = parse_date(DEFAULT_FIRST)?;
    let mut seed = DEFAULT_SEED;
    let mut out = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("gen-scale: {arg} needs a value\n\n{USAGE}"))
        };
        let number = |v: String| {
            v.parse::<usize>()
                .map_err(|_| format!("gen-scale: {arg}: `{v}` is not a number"))
        };
        match arg.as_str() {
            "--practitioners" => size.practitioners = number(value()?)?,
            "--posts" => size.posts = number(value()?)?,
            "--days" => size.days = number(value()?)?,
            "--first" => first = parse_date(&value()?)?,
            "--seed" => {
                let v = value()?;
                seed = v
                    .parse()
                    .map_err(|_| format!("gen-scale: --seed: `{v}` is not a number"))?;
            }
            "-o" | "--out" => out = Some(PathBuf::from(value()?)),
            other => return Err(format!("gen-scale: unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    size.validate().map_err(|e| format!("gen-scale: {e}"))?;
    let out = out.unwrap_or_else(|| {
        root.join("target")
            .join("scale")
            .join("instances")
            .join(format!("{}.toml", size.name()))
    });
    Ok((Params { size, first, seed }, out))
}

// ---------------------------------------------------------------------------------------
// Calendar

/// How much a week starting on `saturday` attracts holidays: summer most, then the
/// school holidays (Christmas, winter, spring, All Saints'), roughly.
fn holiday_appeal(saturday: Date) -> u64 {
    match saturday.month_day() {
        (7 | 8, _) => 4,
        (12, 18..) | (2, _) | (4, _) | (10, 17..) => 2,
        _ => 1,
    }
}

// ---------------------------------------------------------------------------------------
// The instance

/// Invented seats: a stem and an ending, so that no sector names a real town.
const TOWN_STEMS: [&str; 24] = [
    "Aub", "Bar", "Bel", "Cast", "Chal", "Coll", "Font", "Gran", "Lab", "Lan", "Mal", "Mar",
    "Mont", "Mur", "Pey", "Pral", "Roc", "Sal", "Saug", "Ser", "Tour", "Val", "Vill", "Vir",
];
const TOWN_ENDINGS: [&str; 14] = [
    "ac", "agne", "anges", "argues", "elles", "enas", "ergues", "eyrac", "ières", "ignac", "ols",
    "onne", "oux", "uéjols",
];
/// Invented surnames, built the same way.
const SURNAME_STEMS: [&str; 24] = [
    "Andr", "Bern", "Bouch", "Brun", "Carr", "Chev", "Clém", "Dum", "Ferr", "Garn", "Gauth", "Gir",
    "Guill", "Lamb", "Laur", "Lec", "Marc", "Mass", "Mor", "Perr", "Rich", "Roch", "Rouss", "Vid",
];
const SURNAME_ENDINGS: [&str; 14] = [
    "and", "ard", "as", "aud", "el", "ier", "in", "ot", "oux", "et", "eau", "on", "ey", "y",
];

struct Sector {
    id: String,
    town: String,
    population: u32,
    deep_night: bool,
    /// Index of the sector whose seat is nearest.
    neighbour: usize,
    /// Practitioners whose home it is.
    members: usize,
}

impl Sector {
    fn label(&self) -> String {
        let elided = self.town.starts_with(['A', 'E', 'I', 'O', 'U', 'É']);
        if elided {
            format!("Secteur d'{}", self.town)
        } else {
            format!("Secteur de {}", self.town)
        }
    }
}

/// Something a practitioner cannot do or would like (post index, period, date).
type Target = requests::Target<Period>;
type Wish = requests::Wish<Period>;

struct Practitioner {
    id: String,
    first: &'static str,
    last: String,
    home: usize,
    helps: Option<usize>,
    half: bool,
    /// Whole days away (holidays, training, personal days), for the clash checks.
    away: BTreeSet<Date>,
    unavailable: Vec<(Target, &'static str)>,
    wishes: Vec<Wish>,
    history: [u32; 4],
}

impl Practitioner {}

requests::impl_requester!(Practitioner, Period);

/// The generated file and a short report for the terminal.
pub(crate) struct Generated {
    pub(crate) toml: String,
    pub(crate) report: String,
}

/// Everything drawn, for the renderer.
struct World {
    params: Params,
    last: Date,
    sectors: Vec<Sector>,
    practitioners: Vec<Practitioner>,
    max_weekends: u32,
}

/// The instance of `params`.
pub(crate) fn generate(params: Params) -> Generated {
    let size = params.size;
    let last = params.first.plus(size.days as i64 - 1);
    let mut rng = SplitMix64(params.seed ^ 0x5343_414C_4521_2027); // "SCALE!" and the year
    let mut sectors = draw_sectors(size, &mut rng);
    let mut practitioners = place_practitioners(size, &mut sectors, &mut rng);
    add_holidays(params, last, &sectors, &mut practitioners, &mut rng);
    add_scattered(params, last, &sectors, &mut practitioners, &mut rng);
    add_wishes(params, last, &sectors, &mut practitioners, &mut rng);
    simulate_history(params, &sectors, &mut practitioners, &mut rng);
    let world = World {
        params,
        last,
        sectors,
        practitioners,
        max_weekends: ((6 * size.days) as f64 / 91.0).round().max(1.0) as u32,
    };
    Generated {
        toml: render(&world),
        report: report(&world),
    }
}

/// A number in `[0, 1)` with a thousandth's resolution.
fn unit(rng: &mut SplitMix64) -> f64 {
    rng.below(1000) as f64 / 1000.0
}

/// The sectors, largest population first; the deep night in the first quarter of them
/// (fewer when the practitioners cannot staff them), practitioners per sector by
/// D'Hondt, each sector's neighbour the nearest seat.
fn draw_sectors(size: Size, rng: &mut SplitMix64) -> Vec<Sector> {
    let mut towns = BTreeSet::new();
    let mut drawn: Vec<(String, u32, (f64, f64))> = Vec::new();
    while drawn.len() < size.posts {
        let town = format!("{}{}", rng.pick(&TOWN_STEMS), rng.pick(&TOWN_ENDINGS));
        let population = 1500 + (18_000.0 * unit(rng).powi(3)) as u32;
        // A box of about 130 km by 110 km, a rural département.
        let point = (44.0 + 1.2 * unit(rng), 2.8 + 1.4 * unit(rng));
        if towns.insert(town.clone()) {
            drawn.push((town, population, point));
        }
    }
    let mut order: Vec<usize> = (0..drawn.len()).collect();
    order.sort_by(|&a, &b| drawn[b].1.cmp(&drawn[a].1).then(a.cmp(&b)));
    let drawn: Vec<(String, u32, (f64, f64))> =
        order.into_iter().map(|i| drawn[i].clone()).collect();
    let mut deep = size.posts.div_ceil(4);
    while MIN_PER_SECTOR * size.posts + (MIN_PER_DEEP_NIGHT_SECTOR - MIN_PER_SECTOR) * deep
        > size.practitioners
    {
        deep -= 1;
    }
    let minimums: Vec<usize> = (0..size.posts)
        .map(|s| {
            if s < deep {
                MIN_PER_DEEP_NIGHT_SECTOR
            } else {
                MIN_PER_SECTOR
            }
        })
        .collect();
    let populations: Vec<u32> = drawn.iter().map(|d| d.1).collect();
    let counts = dhondt(&populations, &minimums, size.practitioners);
    let points: Vec<(f64, f64)> = drawn.iter().map(|d| d.2).collect();
    drawn
        .into_iter()
        .enumerate()
        .map(|(s, (town, population, _))| Sector {
            id: ascii_slug(&town),
            town,
            population,
            deep_night: s < deep,
            // With one sector, its own index: nobody helps elsewhere.
            neighbour: if size.posts > 1 {
                nearest_other(&points, s)
            } else {
                s
            },
            members: counts[s],
        })
        .collect()
}

fn place_practitioners(
    size: Size,
    sectors: &mut [Sector],
    rng: &mut SplitMix64,
) -> Vec<Practitioner> {
    let first_names: Vec<&'static str> = FIRST_NAMES
        .split_whitespace()
        .chain(MORE_FIRST_NAMES.split_whitespace())
        .collect();
    let width = size.practitioners.to_string().len().max(3);
    let mut names = BTreeSet::new();
    let mut practitioners = Vec::with_capacity(size.practitioners);
    for (s, sector) in sectors.iter().enumerate() {
        for _ in 0..sector.members {
            let (first, last) = loop {
                let first = *rng.pick(&first_names);
                let last = format!("{}{}", rng.pick(&SURNAME_STEMS), rng.pick(&SURNAME_ENDINGS));
                if names.insert((first, last.clone())) {
                    break (first, last);
                }
            };
            practitioners.push(Practitioner {
                id: format!("m{:0width$}", practitioners.len() + 1),
                first,
                last,
                home: s,
                helps: None,
                half: false,
                away: BTreeSet::new(),
                unavailable: Vec::new(),
                wishes: Vec::new(),
                history: [0; 4],
            });
        }
    }
    for (s, sector) in sectors.iter().enumerate() {
        let mut members: Vec<usize> = (0..practitioners.len())
            .filter(|&p| practitioners[p].home == s)
            .collect();
        // One in five, rounded, also serves the nearest sector (at least one).
        if sector.neighbour != s {
            for _ in 0..(members.len() + 2) / 5 {
                let p = members.remove(rng.below(members.len()));
                practitioners[p].helps = Some(sector.neighbour);
            }
        }
        // Half shares only where the sector is above its minimum, so that no sector
        // loses the capacity it needs.
        let minimum = if sector.deep_night {
            MIN_PER_DEEP_NIGHT_SECTOR
        } else {
            MIN_PER_SECTOR
        };
        if sector.members > minimum {
            for p in practitioners.iter_mut().filter(|p| p.home == s) {
                p.half = rng.chance(1, 8);
            }
        }
    }
    practitioners
}

/// About five weeks a year in blocks of one to three weeks from a Saturday. A block that
/// would leave the sector with more colleagues away than a quarter of it (none in a
/// sector of three or four) is drawn again, up to a few times; the last try is kept
/// whatever it overlaps.
fn add_holidays(
    params: Params,
    last: Date,
    sectors: &[Sector],
    practitioners: &mut [Practitioner],
    rng: &mut SplitMix64,
) {
    const TRIES: usize = 8;
    let first = params.first;
    // Saturdays whose week overlaps the horizon (a block may start before it).
    let saturdays: Vec<Date> = first
        .plus(-20)
        .through(last)
        .filter(|d| d.weekday() == 5)
        .collect();
    let appeal: Vec<u64> = saturdays.iter().map(|&d| holiday_appeal(d)).collect();
    for p in 0..practitioners.len() {
        let home = practitioners[p].home;
        let allowed = (sectors[home].members - 1) / 4;
        let willing = 0.8 + 0.4 * unit(rng);
        let target = (35.0 * params.size.days as f64 / 365.0 * willing).round() as i64;
        let mut taken = 0;
        while target - taken > 3 {
            let weeks = [1, 1, 2, 2, 2, 3][rng.below(6)];
            let mut block = None;
            for attempt in 0..TRIES {
                let start = saturdays[rng.weighted(&appeal)];
                let (from, to) = (start.max(first), start.plus(7 * weeks - 1).min(last));
                if from > to || from.through(to).any(|d| practitioners[p].away.contains(&d)) {
                    continue;
                }
                let crowded = from.through(to).any(|d| {
                    practitioners
                        .iter()
                        .filter(|q| q.home == home && q.id != practitioners[p].id)
                        .filter(|q| q.away.contains(&d))
                        .count()
                        > allowed
                });
                if !crowded || attempt == TRIES - 1 {
                    block = Some((from, to));
                    break;
                }
            }
            let Some((from, to)) = block else {
                break;
            };
            let why = if is_summer(from) {
                "summer holidays"
            } else {
                "holidays"
            };
            practitioners[p].away.extend(from.through(to));
            practitioners[p]
                .unavailable
                .push((Target::Days(from, to), why));
            taken += to.0 - from.0 + 1;
        }
    }
}

/// Whether a block starting on `from` is a summer one (for the comment in the file).
fn is_summer(from: Date) -> bool {
    matches!(from.month_day(), (7 | 8, _))
}

/// A few things a quarter, for about half of the practitioners: a personal day, a
/// training course of two to four days, or one duty; never over their own days away.
fn add_scattered(
    params: Params,
    last: Date,
    sectors: &[Sector],
    practitioners: &mut [Practitioner],
    rng: &mut SplitMix64,
) {
    let first = params.first;
    let days = params.size.days;
    let chances = (2 * days).div_ceil(91);
    for p in practitioners.iter_mut() {
        for _ in 0..chances {
            if !rng.chance(1, 4) {
                continue;
            }
            let start = first.plus(rng.below(days) as i64);
            let (target, why) = match rng.below(3) {
                0 => (Target::Days(start, start), "personal"),
                1 => {
                    let end = start.plus(1 + rng.below(3) as i64).min(last);
                    (Target::Days(start, end), "training course")
                }
                _ => {
                    let periods = duties_on(start, sectors[p.home].deep_night);
                    (Target::Duty(p.home, *rng.pick(&periods), start), "one duty")
                }
            };
            let blocked = p.blocked();
            if target.dates().any(|d| blocked.contains(&d)) {
                continue;
            }
            if let Target::Days(from, to) = target {
                p.away.extend(from.through(to));
            }
            p.unavailable.push((target, why));
        }
    }
    for p in practitioners.iter_mut() {
        p.unavailable
            .sort_by(|a, b| a.0.first().cmp(&b.0.first()).then(a.0.cmp(&b.0)));
    }
}

/// About 0.7 weighted wishes per practitioner and quarter, at most two a quarter each:
/// days off (single days and two-day spans), and duties or days wanted on, never on a
/// day the practitioner is away or already wished.
fn add_wishes(
    params: Params,
    last: Date,
    sectors: &[Sector],
    practitioners: &mut [Practitioner],
    rng: &mut SplitMix64,
) {
    let days = params.size.days;
    let wanted = (0.7 * (practitioners.len() * days) as f64 / 91.0).round() as usize;
    let per_practitioner = 2 * days.div_ceil(91);
    requests::draw_wishes(
        practitioners,
        (params.first, last),
        wanted,
        per_practitioner,
        rng,
        |practitioner, date, _| {
            let period = wished_duty(date, sectors[practitioner.home].deep_night);
            Some((practitioner.home, period))
        },
    );
}

/// The 91 days before the horizon: each duty of each sector goes to one of the sector's
/// own practitioners, drawn by share times a willingness between 0.8 and 1.2, so that
/// histories are uneven the way real ones are.
fn simulate_history(
    params: Params,
    sectors: &[Sector],
    practitioners: &mut [Practitioner],
    rng: &mut SplitMix64,
) {
    let capacity: Vec<u64> = practitioners
        .iter()
        .map(|p| (if p.half { 5 } else { 10 }) * (8 + rng.below(5) as u64))
        .collect();
    let members: Vec<Vec<usize>> = (0..sectors.len())
        .map(|s| {
            (0..practitioners.len())
                .filter(|&p| practitioners[p].home == s)
                .collect()
        })
        .collect();
    let weights: Vec<Vec<u64>> = members
        .iter()
        .map(|m| m.iter().map(|&p| capacity[p]).collect())
        .collect();
    let start = params.first.plus(-91);
    for date in start.through(params.first.plus(-1)) {
        let (cat, _) = category(date);
        for (s, sector) in sectors.iter().enumerate() {
            for _ in duties_on(date, sector.deep_night) {
                let p = members[s][rng.weighted(&weights[s])];
                practitioners[p].history[cat] += 1;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Text

fn render(world: &World) -> String {
    let mut w = header(world);
    let (first, last) = (world.params.first, world.last);
    let _ = write!(
        w,
        "
[horizon]
first = {first}
last = {last}
time_zone = \"Europe/Paris\"
{CALENDAR}{PDSA_PERIODS}"
    );
    for sector in &world.sectors {
        render_sector(&mut w, sector);
    }
    let _ = write!(
        w,
        "
[rules]
min_rest_after_night_hours = 11
min_rest_hours = 0
no_two_nights_in_a_row = true
min_days_between_duties = 2
# As in Lozère: maxima count duties (a bundled weekend alone is four, a whole night
# two). The weekends are Lozère's six a quarter, scaled to the horizon.
max_per_week = 6
max_per_month = 20
max_weekends = {}
weekend_bundle = true
{FAIRNESS}
# The default categories of the format, written out.
{DEFAULT_CATEGORIES}{PREFERENCES}",
        world.max_weekends
    );
    for p in &world.practitioners {
        render_practitioner(&mut w, world, p);
    }
    w
}

fn header(world: &World) -> String {
    let params = world.params;
    let size = params.size;
    let duties = duty_count(world);
    let deep = world.sectors.iter().filter(|s| s.deep_night).count();
    let helpers = world
        .practitioners
        .iter()
        .filter(|p| p.helps.is_some())
        .count();
    let halves = world.practitioners.iter().filter(|p| p.half).count();
    let mut w = format!(
        "\
# Synthetic PDSA instance for the scale measurements of gardes (docs/scale.md).
#
# GENERATED by `{command}`
# (xtask/src/scale/gen.rs): invented sectors, practitioners and dates, modelled on
# instances/lozere-2027-q1.toml without MCS nor geography. Same bytes on every run.
#
# {posts} sectors, {practitioners} practitioners, {days} days ({first} to {last}), {duties} duties.
# Deep night (00:00-08:00) in the {deep} most populous sectors, whose weekends are split;
# the other sectors bundle their weekends. {helpers} practitioners also serve the nearest
# sector; {halves} have a half share.
#
#   post               population  practitioners  deep night  neighbour
",
        command = params.command(),
        posts = size.posts,
        practitioners = size.practitioners,
        days = size.days,
        first = params.first,
        last = world.last,
    );
    for s in &world.sectors {
        let _ = writeln!(
            w,
            "#   {:<18} {:>10}  {:>13}  {:<10}  {}",
            s.id,
            s.population,
            s.members,
            if s.deep_night { "yes" } else { "no" },
            world.sectors[s.neighbour].id
        );
    }
    let _ = write!(
        w,
        "
name = {}
",
        toml_string(&format!(
            "Synthèse — {} secteurs, {} médecins, {} jours (graine {})",
            size.posts, size.practitioners, size.days, params.seed
        ))
    );
    w
}

fn duty_count(world: &World) -> usize {
    let dates: Vec<Date> = world.params.first.through(world.last).collect();
    world
        .sectors
        .iter()
        .map(|s| {
            dates
                .iter()
                .map(|&d| duties_on(d, s.deep_night).len())
                .sum::<usize>()
        })
        .sum()
}

fn render_sector(w: &mut String, sector: &Sector) {
    let periods: Vec<String> = sector_periods(sector.deep_night)
        .iter()
        .map(|p| format!("\"{}\"", p.id()))
        .collect();
    let _ = write!(
        w,
        "
# {} inhabitants (invented), {} practitioners of its own.
[[posts]]
id = \"{}\"
label = {}
kind = \"pdsa\"
periods = [{}]
demand = 1
location = {}
phone = \"15\"
",
        sector.population,
        sector.members,
        sector.id,
        toml_string(&sector.label()),
        periods.join(", "),
        toml_string(&sector.town),
    );
    if sector.deep_night {
        *w += "weekend_bundle = false   # split weekends: six duties with two deep nights\n";
    }
}

fn render_practitioner(w: &mut String, world: &World, p: &Practitioner) {
    let sectors = &world.sectors;
    let mut posts = vec![format!("\"{}\"", sectors[p.home].id)];
    if let Some(h) = p.helps {
        posts.push(format!("\"{}\"", sectors[h].id));
    }
    let _ = write!(
        w,
        "
[[practitioners]]
id = \"{}\"
name = {}
email = {}
posts = [{}]
share = {}
",
        p.id,
        toml_string(&format!("Dr {} {}", p.first, p.last)),
        toml_string(&format!(
            "{}.{}@example.org",
            ascii_slug(p.first),
            ascii_slug(&p.last)
        )),
        posts.join(", "),
        if p.half { "0.5" } else { "1.0" },
    );
    if p.half {
        let _ = writeln!(
            w,
            "limits = {{ max_per_week = 3, max_weekends = {} }}",
            world.max_weekends.div_ceil(2)
        );
    }
    let history: Vec<String> = CATEGORY_IDS
        .iter()
        .zip(p.history)
        .map(|(id, n)| format!("{id} = {n}"))
        .collect();
    let _ = writeln!(
        w,
        "history = {{ {} }}   # the quarter before",
        history.join(", ")
    );
    requests_toml(w, &p.unavailable, &p.wishes, |s, period| {
        (sectors[s].id.as_str(), period.id())
    });
}

/// Sizes and the load they imply, for the terminal.
fn report(world: &World) -> String {
    let duties = duty_count(world);
    let away: usize = world.practitioners.iter().map(|p| p.away.len()).sum();
    let wishes: usize = world.practitioners.iter().map(|p| p.wishes.len()).sum();
    let practitioners = world.practitioners.len();
    format!(
        "{}: {} sectors, {practitioners} practitioners, {} days, {duties} duties \
         ({:.1} per practitioner); {:.1} days away per practitioner; {wishes} wishes\n",
        world.params.size.name(),
        world.sectors.len(),
        world.params.size.days,
        duties as f64 / practitioners as f64,
        away as f64 / practitioners as f64,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(p: usize, s: usize, d: usize, seed: u64) -> Params {
        Params {
            size: Size {
                practitioners: p,
                posts: s,
                days: d,
            },
            first: parse_date(DEFAULT_FIRST).expect("valid"),
            seed,
        }
    }

    #[test]
    fn sizes_and_dates_are_parsed_and_checked() {
        assert_eq!(
            Size::parse("150x30x365"),
            Ok(Size {
                practitioners: 150,
                posts: 30,
                days: 365
            })
        );
        assert_eq!(
            Size::parse("150x30x365").expect("valid").name(),
            "150x30x365"
        );
        assert!(Size::parse("150x30").is_err());
        assert!(Size::parse("20x10x91")
            .expect_err("too few")
            .contains("at least 3"));
        assert!(Size::parse("50x10x3").is_err());
        assert_eq!(parse_date("2027-03-01"), Ok(Date::new(2027, 3, 1)));
        assert!(parse_date("2027-02-29").is_err());
        assert!(parse_date("2027-1").is_err());
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes_and_another_seed_other_ones() {
        let a = generate(params(50, 10, 91, 1));
        let b = generate(params(50, 10, 91, 1));
        let c = generate(params(50, 10, 91, 2));
        assert_eq!(a.toml, b.toml);
        assert_ne!(a.toml, c.toml);
    }

    #[test]
    fn the_file_has_the_asked_size_and_stays_inside_the_horizon() {
        let text = generate(params(150, 30, 365, 1)).toml;
        assert_eq!(text.matches("[[posts]]").count(), 30);
        assert_eq!(text.matches("[[practitioners]]").count(), 150);
        assert!(text.contains("first = 2027-01-01\nlast = 2027-12-31\n"));
        assert!(text.contains("max_weekends = 24\n"));
        assert!(text.contains("id = \"m150\""));
        assert_eq!(text.matches("weekend_bundle = false").count(), 8);
        assert!(text.contains("# summer holidays"));
        assert!(text.contains("wishes = ["));
        assert!(text.contains("share = 0.5"));
        // Every date written lies inside the horizon.
        for (i, _) in text.match_indices("= 202") {
            let date = &text[i + 2..i + 12];
            if let Ok(d) = parse_date(date) {
                assert!(
                    (Date::new(2027, 1, 1)..=Date::new(2027, 12, 31)).contains(&d),
                    "{date}"
                );
            }
        }
    }

    #[test]
    fn holidays_of_a_small_sector_mostly_do_not_overlap() {
        let p = params(150, 30, 365, 1);
        let mut rng = SplitMix64(9);
        let size = p.size;
        let last = p.first.plus(size.days as i64 - 1);
        let mut sectors = draw_sectors(size, &mut rng);
        let mut practitioners = place_practitioners(size, &mut sectors, &mut rng);
        add_holidays(p, last, &sectors, &mut practitioners, &mut rng);
        let mut overlapping = 0;
        let mut days = 0;
        for (s, sector) in sectors.iter().enumerate() {
            if sector.members > 4 {
                continue;
            }
            for d in p.first.through(last) {
                let away = practitioners
                    .iter()
                    .filter(|q| q.home == s && q.away.contains(&d))
                    .count();
                days += 1;
                overlapping += usize::from(away > 1);
            }
        }
        assert!(days > 0);
        assert!(overlapping * 20 < days, "{overlapping} of {days}");
        let mean = practitioners.iter().map(|q| q.away.len()).sum::<usize>() as f64
            / practitioners.len() as f64;
        assert!((28.0..=42.0).contains(&mean), "{mean} days of holidays");
    }
}
