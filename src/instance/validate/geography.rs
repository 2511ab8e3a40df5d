//! `[coverage]`, `places`, `emergency_bases` and the travel-matrix file: the input of
//! population coverage (docs/instance-format.md, "Geography").
//!
//! Travel minutes are resolved here, once: an explicit pair of the matrix file wins,
//! any other pair is estimated as `dispatch + great-circle km × detour / speed × 60`.
//! So are the kilometres of travel from a practitioner's place to a post's (`travel`),
//! and the posts' `place`.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::confine::{self, Escape, Refused};
use super::{at, key, Checker, Declared};
use crate::instance::diagnostic::{codes, line_column, Diagnostic, Diagnostics};
pub(super) use crate::instance::labels::PLACE;
use crate::instance::labels::{self as fr, BASE};
use crate::instance::locate::Seg;
use crate::instance::raw::{RawBase, RawInstance, RawPlace, RawPost};
use crate::instance::{EmergencyBase, Geography, Place, PlaceIdx, Post, PracIdx, Practitioner};

/// Mean Earth radius (IUGG), km.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Defaults of `[coverage]` (docs/instance-format.md): 30 minutes, the national goal;
/// 56 km/h on the road with 1.4 road km per straight km, that is 40 km/h in a straight
/// line, the calibration of ../shared/data/README.md for Lozère (Mende → Meyrueis,
/// 37.9 km in about an hour).
pub(crate) const DEFAULT_THRESHOLD_MINUTES: u32 = 30;
pub(crate) const DEFAULT_ROAD_SPEED_KMH: f64 = 56.0;
pub(crate) const DEFAULT_DETOUR_FACTOR: f64 = 1.4;

/// Great-circle distance in km (haversine).
pub(crate) fn great_circle_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// The estimated minutes between two points.
fn estimate(geo: &Geography, a: (f64, f64), b: (f64, f64)) -> f64 {
    let km = great_circle_km(a, b);
    if km == 0.0 {
        return 0.0;
    }
    geo.dispatch_minutes + km * geo.detour_factor / geo.road_speed_kmh * 60.0
}

impl Checker<'_, '_, '_, '_> {
    /// Reads `[coverage]`, `places` and `emergency_bases`, registering place ids for
    /// the practitioners' `place`. The travel matrix is read later (`read_matrix`),
    /// once the file itself is known to be valid.
    pub(super) fn geography(&mut self, raw: &RawInstance) -> Option<Geography> {
        let places = self.places(raw.places.as_deref().unwrap_or(&[]));
        let bases = self.bases(raw.emergency_bases.as_deref().unwrap_or(&[]));
        let c = raw.coverage.as_ref();
        if places.is_empty() {
            let stray = c.map(Spanned::span).or_else(|| {
                raw.emergency_bases
                    .as_ref()
                    .and_then(|b| b.first())
                    .map(Spanned::span)
            });
            if let Some(span) = stray {
                self.error_help(
                    codes::MISSING_KEY,
                    span,
                    fr::COVERAGE_WITHOUT_PLACES.to_owned(),
                    Some(fr::PLACES_EXAMPLE.to_owned()),
                );
            }
            return None;
        }
        let default = crate::instance::raw::RawCoverage::default();
        let cov = c.map_or(&default, |c| c.get_ref());
        let owner = "[coverage]";
        let threshold_minutes =
            match self.count(cov.threshold_minutes.as_ref(), owner, "threshold_minutes") {
                Some(0) => {
                    let span = cov.threshold_minutes.as_ref().map_or(0..0, Spanned::span);
                    self.error(codes::INVALID_NUMBER, span, fr::ZERO_THRESHOLD.to_owned());
                    DEFAULT_THRESHOLD_MINUTES
                }
                Some(n) => n,
                None => DEFAULT_THRESHOLD_MINUTES,
            };
        let road_speed_kmh = self.bounded(
            cov.road_speed_kmh.as_ref(),
            "road_speed_kmh",
            DEFAULT_ROAD_SPEED_KMH,
            |v| v > 0.0 && v <= 300.0,
            fr::ROAD_SPEED_EXPECTED,
        );
        let detour_factor = self.bounded(
            cov.detour_factor.as_ref(),
            "detour_factor",
            DEFAULT_DETOUR_FACTOR,
            |v| (1.0..=5.0).contains(&v),
            fr::DETOUR_EXPECTED,
        );
        let dispatch_minutes = self.bounded(
            cov.dispatch_minutes.as_ref(),
            "dispatch_minutes",
            0.0,
            |v| (0.0..=600.0).contains(&v),
            fr::DISPATCH_EXPECTED,
        );
        if let Some(m) = &cov.travel_matrix {
            if let Err(escape) = confine::lexical(m.get_ref()) {
                self.outside_folder(m.span(), escape);
            }
        }
        let mut geo = Geography {
            threshold_minutes,
            road_speed_kmh,
            detour_factor,
            dispatch_minutes,
            between_places: Vec::new(),
            from_bases: Vec::new(),
            matrix: cov.travel_matrix.as_ref().map(|m| (m.get_ref().clone(), 0)),
            travel_km: BTreeMap::new(),
            places,
            bases,
        };
        let points: Vec<(f64, f64)> = geo.places.iter().map(|p| (p.lat, p.lon)).collect();
        geo.between_places = points
            .iter()
            .map(|&a| points.iter().map(|&b| estimate(&geo, a, b)).collect())
            .collect();
        geo.from_bases = geo
            .bases
            .iter()
            .map(|base| {
                points
                    .iter()
                    .map(|&b| estimate(&geo, (base.lat, base.lon), b))
                    .collect()
            })
            .collect();
        Some(geo)
    }

    /// Resolves each post's `place` (a place id, with did-you-mean when unknown), once
    /// the places are declared.
    pub(super) fn post_places(&mut self, raw: &[Spanned<RawPost>], posts: &mut [Post]) {
        let places = std::mem::replace(&mut self.places, Declared::new());
        for (i, (r, post)) in raw.iter().zip(posts.iter_mut()).enumerate() {
            if let Some(name) = &r.get_ref().place {
                let owner = self.describe(&[key("posts"), Seg::Index(i)]);
                post.place = self.resolve(name, &owner, &PLACE, &places);
            }
        }
        self.places = places;
    }

    /// A `travel_matrix` whose path leaves the instance's folder, at its value.
    fn outside_folder(&mut self, span: Range<usize>, escape: Escape) {
        self.error_help(
            codes::OUTSIDE_FOLDER,
            span,
            fr::outside_folder("[coverage]", "travel_matrix", escape.words()),
            Some(fr::OUTSIDE_FOLDER_HELP.to_owned()),
        );
    }

    /// A float of `[coverage]` checked by `ok`, else the default after an error.
    fn bounded(
        &mut self,
        value: Option<&Spanned<f64>>,
        key_name: &str,
        default: f64,
        ok: impl Fn(f64) -> bool,
        expected: &str,
    ) -> f64 {
        let Some(v) = value else { return default };
        let x = *v.get_ref();
        if x.is_finite() && ok(x) {
            return x;
        }
        self.error(
            codes::INVALID_NUMBER,
            v.span(),
            fr::invalid_coverage_number(key_name, x, expected),
        );
        default
    }

    /// Latitude and longitude of a place or base, reported when missing or out of range.
    fn coordinates(
        &mut self,
        lat: Option<&Spanned<f64>>,
        lon: Option<&Spanned<f64>>,
        path: &[Seg],
        span: Range<usize>,
    ) -> (f64, f64) {
        let owner = self.describe(path);
        let one = |this: &mut Self, v: Option<&Spanned<f64>>, name: &str, max: f64| match v {
            None => {
                this.missing(path, span.clone(), name, &format!("{name} = 44.51782"));
                0.0
            }
            Some(v) if v.get_ref().is_finite() && v.get_ref().abs() <= max => *v.get_ref(),
            Some(v) => {
                this.error(
                    codes::INVALID_COORDINATE,
                    v.span(),
                    fr::invalid_coordinate(&owner, name, *v.get_ref(), max),
                );
                0.0
            }
        };
        let la = one(self, lat, "lat", 90.0);
        let lo = one(self, lon, "lon", 180.0);
        (la, lo)
    }

    fn places(&mut self, raw: &[Spanned<RawPlace>]) -> Vec<Place> {
        let list_path = [key("places")];
        let ids = raw
            .iter()
            .map(|p| (p.get_ref().id.as_ref(), p.span()))
            .collect();
        let mut declared = Declared::new();
        let ids = self.declare(ids, &list_path, &PLACE, PlaceIdx, &mut declared);
        self.places = declared;
        let mut out = Vec::new();
        for (i, (p, id)) in raw.iter().zip(ids).enumerate() {
            let path = at(&list_path, &[Seg::Index(i)]);
            let span = p.span();
            let p = p.get_ref();
            let owner = self.describe(&path);
            let population = match &p.population {
                None => {
                    self.missing(&path, span.clone(), "population", "population = 12464");
                    0
                }
                Some(v) => match u32::try_from(*v.get_ref()) {
                    Ok(n) => n,
                    Err(_) => {
                        self.error(
                            codes::INVALID_NUMBER,
                            v.span(),
                            fr::invalid_population(&owner, *v.get_ref()),
                        );
                        0
                    }
                },
            };
            let (lat, lon) = self.coordinates(p.lat.as_ref(), p.lon.as_ref(), &path, span);
            let id = id.unwrap_or_default();
            out.push(Place {
                name: p.name.clone().unwrap_or_else(|| id.clone()),
                id,
                population,
                lat,
                lon,
            });
        }
        out
    }

    fn bases(&mut self, raw: &[Spanned<RawBase>]) -> Vec<EmergencyBase> {
        let list_path = [key("emergency_bases")];
        let ids = raw
            .iter()
            .map(|p| (p.get_ref().id.as_ref(), p.span()))
            .collect();
        let mut declared: Declared<u32> = Declared::new();
        let ids = self.declare(ids, &list_path, &BASE, |i| i, &mut declared);
        self.bases = declared;
        let mut out = Vec::new();
        for (i, (b, id)) in raw.iter().zip(ids).enumerate() {
            let path = at(&list_path, &[Seg::Index(i)]);
            let span = b.span();
            let b = b.get_ref();
            let (lat, lon) = self.coordinates(b.lat.as_ref(), b.lon.as_ref(), &path, span);
            let id = id.unwrap_or_default();
            out.push(EmergencyBase {
                name: b.name.clone().unwrap_or_else(|| id.clone()),
                id,
                lat,
                lon,
            });
        }
        out
    }
}

/// The round-trip kilometres of one duty for every practitioner with a place (their
/// home) and every post with a place they serve: `2 × great-circle km × detour_factor`
/// (docs/rules.md, "Travel"). The model and the checker both read these, so that
/// nothing downstream computes a distance.
pub(super) fn travel(geo: &mut Geography, posts: &[Post], practitioners: &[Practitioner]) {
    let point = |p: PlaceIdx| geo.places.get(p.get()).map(|p| (p.lat, p.lon));
    let mut out = BTreeMap::new();
    for (pi, prac) in practitioners.iter().enumerate() {
        let Some(home) = prac.place.and_then(point) else {
            continue;
        };
        for &post in &prac.posts {
            let Some(centre) = posts.get(post.get()).and_then(|p| p.place).and_then(point) else {
                continue;
            };
            let km = 2.0 * great_circle_km(home, centre) * geo.detour_factor;
            out.insert((PracIdx(pi as u32), post), km);
        }
    }
    geo.travel_km = out;
}

/// Reads the travel-matrix CSV named in `[coverage]` (relative to the instance file's
/// folder, and inside it: [`confine::resolve`]) and replaces the estimates of the pairs
/// it lists.
///
/// The file has three unquoted columns of ids and numbers, so lines are split by hand
/// rather than with the `csv` crate: that keeps the exact column of every field for
/// the messages, and a quote is refused with its position.
///
/// # Errors
/// Every problem of the CSV, each with the matrix file, line and column; a file outside
/// the instance's folder (neither read nor quoted), or one that cannot be read, at
/// `named_at`, the span of `travel_matrix` in the instance's `text`.
pub(super) fn read_matrix(
    geo: &mut Geography,
    instance_file: &str,
    instance_text: &str,
    named_at: Range<usize>,
) -> Result<(), Diagnostics> {
    let Some((name, _)) = geo.matrix.clone() else {
        return Ok(());
    };
    let path = Path::new(instance_file)
        .parent()
        .unwrap_or(Path::new(""))
        .join(&name);
    let shown = path.display().to_string();
    let problem = |line: usize, column: usize, message: String, help: Option<String>| Diagnostic {
        code: codes::TRAVEL_MATRIX,
        message,
        file: shown.clone(),
        line,
        column,
        span: 0..0,
        help,
    };
    // A problem of the file as a whole, at `travel_matrix` in the instance: only the
    // instance's text is quoted.
    let at_key = |code: &'static str, message: String, help: &str| {
        let (line, column) = line_column(instance_text, named_at.start);
        let problem = Diagnostic {
            code,
            message,
            file: instance_file.to_owned(),
            line,
            column,
            span: named_at.clone(),
            help: Some(help.to_owned()),
        };
        Diagnostics::with_source(vec![problem], instance_file, instance_text)
    };
    let unreadable = |error: &dyn std::fmt::Display| fr::unreadable_matrix(&shown, error);
    let real = match confine::resolve(instance_file, &name) {
        Ok(real) => real,
        Err(Refused::Outside(escape)) => {
            let message = fr::outside_folder("[coverage]", "travel_matrix", escape.words());
            return Err(at_key(
                codes::OUTSIDE_FOLDER,
                message,
                fr::OUTSIDE_FOLDER_HELP,
            ));
        }
        Err(Refused::Io(e)) => {
            return Err(at_key(
                codes::TRAVEL_MATRIX,
                unreadable(&e),
                fr::MATRIX_PATH_HELP,
            ))
        }
    };
    // A folder, a FIFO or a device inside the folder: not read (a FIFO would block).
    let text = match std::fs::metadata(&real) {
        Ok(m) if !m.is_file() => Err(unreadable(&fr::NOT_A_REGULAR_FILE)),
        Ok(_) => std::fs::read_to_string(&real).map_err(|e| unreadable(&e)),
        Err(e) => Err(unreadable(&e)),
    };
    let text = match text {
        Ok(t) => t,
        Err(message) => return Err(at_key(codes::TRAVEL_MATRIX, message, fr::MATRIX_PATH_HELP)),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let places: BTreeMap<&str, usize> = geo
        .places
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let bases: BTreeMap<&str, usize> = geo
        .bases
        .iter()
        .enumerate()
        .map(|(i, b)| (b.id.as_str(), i))
        .collect();
    let mut problems = Vec::new();
    let mut lines = text.lines().enumerate();
    let header: Vec<&str> = lines
        .next()
        .map(|(_, l)| l.split(',').map(str::trim).collect())
        .unwrap_or_default();
    if header != ["from", "to", "minutes"] {
        // Not a travel matrix (the instance itself, the feeds' tokens...): named at the
        // instance's key, its content not quoted.
        return Err(at_key(
            codes::TRAVEL_MATRIX,
            fr::matrix_header(&shown),
            fr::MATRIX_HEADER_HELP,
        ));
    }
    let mut seen: BTreeMap<(bool, usize, usize), usize> = BTreeMap::new();
    let mut set: Vec<(bool, usize, usize, f64)> = Vec::new();
    for (i, line) in lines {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        if let Some(c) = line.find('"') {
            let column = line[..c].chars().count() + 1;
            problems.push(problem(line_no, column, fr::matrix_quote(&shown), None));
            continue;
        }
        // Columns of each field, in characters, for the messages.
        let mut fields = Vec::new();
        let mut start = 0;
        for f in line.split(',') {
            fields.push((f.trim(), line[..start].chars().count() + 1));
            start += f.len() + 1;
        }
        if fields.len() != 3 {
            problems.push(problem(
                line_no,
                1,
                fr::matrix_fields(&shown, fields.len()),
                None,
            ));
            continue;
        }
        let (from, from_col) = fields[0];
        let (to, to_col) = fields[1];
        let (minutes, minutes_col) = fields[2];
        let origin = match (places.get(from), bases.get(from)) {
            (Some(&p), _) => Some((false, p)),
            (None, Some(&b)) => Some((true, b)),
            (None, None) => {
                problems.push(problem(
                    line_no,
                    from_col,
                    fr::matrix_unknown_origin(&shown, from),
                    None,
                ));
                None
            }
        };
        let dest = places.get(to).copied();
        if dest.is_none() {
            problems.push(problem(
                line_no,
                to_col,
                fr::matrix_unknown_destination(&shown, to),
                None,
            ));
        }
        let value = match minutes.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
            _ => {
                problems.push(problem(
                    line_no,
                    minutes_col,
                    fr::matrix_minutes(&shown, minutes),
                    None,
                ));
                None
            }
        };
        if let (Some((is_base, o)), Some(d), Some(v)) = (origin, dest, value) {
            if let Some(first) = seen.insert((is_base, o, d), line_no) {
                problems.push(problem(
                    line_no,
                    1,
                    fr::matrix_duplicate(&shown, from, to, first),
                    None,
                ));
                continue;
            }
            set.push((is_base, o, d, v));
        }
    }
    if !problems.is_empty() {
        return Err(located(&shown, text, problems));
    }
    for &(is_base, o, d, v) in &set {
        if is_base {
            geo.from_bases[o][d] = v;
        } else {
            geo.between_places[o][d] = v;
        }
    }
    geo.matrix = Some((name, set.len()));
    Ok(())
}

/// The matrix file's problems with their spans in `text`, from each line and column to
/// the end of the field, so that the CLI shows the offending line.
fn located(file: &str, text: &str, mut problems: Vec<Diagnostic>) -> Diagnostics {
    for p in &mut problems {
        let line_start: usize = text
            .split_inclusive('\n')
            .take(p.line.saturating_sub(1))
            .map(str::len)
            .sum();
        let line = text[line_start..].lines().next().unwrap_or_default();
        let start = line
            .char_indices()
            .nth(p.column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        let end = line[start..].find(',').map_or(line.len(), |i| start + i);
        p.span = line_start + start..line_start + end;
    }
    Diagnostics::with_source(problems, file, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn great_circle_matches_the_data_readme() {
        // ../shared/data/README.md: Mende → Meyrueis 37.9 km.
        let km = great_circle_km((44.51782, 3.50117), (44.18050, 3.42928));
        assert!((km - 37.9).abs() < 0.6, "{km}");
        assert_eq!(great_circle_km((44.5, 3.5), (44.5, 3.5)), 0.0);
    }
}
