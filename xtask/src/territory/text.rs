//! Text helpers of the generators: TOML strings, thousands separators, e-mail slugs,
//! wrapped comments, the geographic sections every generated instance shares
//! (`places`, `emergency_bases`, `[coverage]`), and the fixed TOML sections they share
//! (`[calendar]`, the PDSA periods, `[fairness]`, the default categories, `[preferences]`).

use std::fmt::Write as _;

use super::data::{Commune, EmergencyBase};
use super::geo::Coverage;

/// The `[calendar]` table of every generated instance: national holidays only, bridge
/// days, the deep night dropped where a post does not list it.
pub(crate) const CALENDAR: &str = r#"
[calendar]
regional = []
bridge_days = true
saturday_after_thursday_holiday_bridge = false
deep_night = true
overrides = []
"#;

/// The PDSA periods of the Lozère-shaped instances (PDSA.md §1.2 and §1.4): the evening,
/// the deep night, the Saturday afternoon and the daytime of Sundays, holidays and bridges.
pub(crate) const PDSA_PERIODS: &str = r#"
# An evening ends at midnight: it is not a night for the rest rules, so where the deep
# night is kept one doctor may go on until 08:00 (a whole night is one garde).
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

/// The `[fairness]` weights, before the categories.
pub(crate) const FAIRNESS: &str = r#"
[fairness]
worst_overload_weight = 1.0
history_weight = 1.0
"#;

/// The default fairness categories of the format, written out (the order matters: the
/// first that matches wins).
pub(crate) const DEFAULT_CATEGORIES: &str = r#"[[fairness.categories]]
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
"#;

/// The `[preferences]` weights.
pub(crate) const PREFERENCES: &str = r#"
[preferences]
wish_weight = 1.0
combined_duty_penalty = 1.0
"#;

/// A TOML basic string.
pub(crate) fn toml_string(s: &str) -> String {
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
pub(crate) fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Small counts in words for comments (`3` → `three`), digits beyond ten.
pub(crate) fn in_words(n: usize) -> String {
    const WORDS: [&str; 11] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_string())
}

/// Lower-case ASCII for an e-mail address: accents dropped, anything else a dash.
pub(crate) fn ascii_slug(s: &str) -> String {
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

/// Names as `# a, b, c.` comment lines of at most 88 characters.
pub(crate) fn wrapped_comment(names: &[&str]) -> String {
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

/// The `places` array: one inline table per commune, in INSEE order, after a comment
/// saying where the values come from.
pub(crate) fn places_toml(communes: &[Commune], data_file: &str) -> String {
    let total: u32 = communes.iter().map(|c| c.population).sum();
    let mut w = format!(
        "
# Demand points (places): the {n} communes of {data_file},
# id = INSEE code (COG 2026). population is the INSEE population municipale 2023 (in
# force on 1 January 2026; {total} inhabitants in all), attached to the town-hall point
# (lat, lon, WGS84; the polygon centroid for the few communes whose town-hall point
# falls outside them, see shared/data/README.md). Residents only: summer visitors are
# not counted.
places = [
",
        n = communes.len(),
        total = thousands(total),
    );
    for c in communes {
        let _ = writeln!(
            w,
            "  {{ id = {}, name = {}, population = {}, lat = {:.5}, lon = {:.5} }},",
            toml_string(&c.insee),
            toml_string(&c.name),
            c.population,
            c.lat,
            c.lon
        );
    }
    w += "]\n";
    w
}

/// The `emergency_bases` array and the comment that says which rows were kept, which
/// were left out and how far each base reaches in this territory; `notes` (comment
/// lines) come last, before the array.
pub(crate) fn bases_toml(
    used: &[EmergencyBase],
    excluded: &[EmergencyBase],
    communes: &[Commune],
    coverage: &Coverage,
    notes: &str,
) -> String {
    let threshold = coverage.threshold_minutes;
    let mut w = String::from(
        "
# Emergency bases: the rows of shared/data/emergency-bases.csv whose kind is exactly
# \"smur\" (a SMUR base whose teams leave at any hour, all year), read from the file.
# Estimated reach in this territory (see [coverage]):
",
    );
    for b in used {
        let (n, pop) = coverage.reached(std::slice::from_ref(b), communes);
        let _ = writeln!(
            w,
            "#   {:<22} {}",
            b.id,
            if n == 0 {
                format!("no place within {threshold} min (kept by the rule, harmless)")
            } else {
                format!(
                    "{n} places, {} inhabitants within {threshold} min",
                    thousands(pop)
                )
            }
        );
    }
    let (n, pop) = coverage.reached(used, communes);
    let total: u32 = communes.iter().map(|c| c.population).sum();
    let _ = writeln!(
        w,
        "# Together: {n} of {} places, {} of {} inhabitants ({:.0} %) within {threshold} min.",
        communes.len(),
        thousands(pop),
        thousands(total),
        100.0 * f64::from(pop) / f64::from(total.max(1))
    );
    let excluded: Vec<String> = excluded
        .iter()
        .map(|b| format!("{} ({})", b.id, b.kind))
        .collect();
    let excluded: Vec<&str> = excluded.iter().map(String::as_str).collect();
    w += "# Excluded by the rule (hospital sites, local hospitals and emergency departments\n\
          # send no mobile team; the helicopter is seasonal; the antenna's opening is not\n\
          # confirmed):\n";
    w += &wrapped_comment(&excluded);
    w += notes;
    w += "emergency_bases = [\n";
    for b in used {
        let _ = writeln!(
            w,
            "  {{ id = {}, name = {}, lat = {:.5}, lon = {:.5} }},",
            toml_string(&b.id),
            toml_string(&b.name),
            b.lat,
            b.lon
        );
    }
    w += "]\n";
    w
}

/// The `[coverage]` section, every key explicit, after `why` (comment lines).
pub(crate) fn coverage_toml(coverage: &Coverage, why: &str) -> String {
    format!(
        "
{why}[coverage]
threshold_minutes = {}
road_speed_kmh = {:?}
detour_factor = {:?}
dispatch_minutes = {:?}
",
        coverage.threshold_minutes,
        coverage.road_speed_kmh,
        coverage.detour_factor,
        coverage.dispatch_minutes
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(in_words(3), "three");
        assert_eq!(in_words(12), "12");
    }

    #[test]
    fn geographic_sections() {
        let commune = Commune {
            insee: "48095".into(),
            name: "Mende".into(),
            population: 12464,
            lat: 44.51782,
            lon: 3.50117,
            epci_name: "CC".into(),
        };
        let base = |id: &str, kind: &str, lat: f64| EmergencyBase {
            id: id.into(),
            name: format!("Base {id}"),
            kind: kind.into(),
            insee: "48095".into(),
            lat,
            lon: 3.50117,
        };
        let coverage = Coverage {
            threshold_minutes: 30,
            road_speed_kmh: 56.0,
            detour_factor: 1.4,
            dispatch_minutes: 0.0,
        };
        let places = places_toml(std::slice::from_ref(&commune), "x.csv");
        assert!(places.contains(
            "  { id = \"48095\", name = \"Mende\", population = 12464, \
             lat = 44.51782, lon = 3.50117 },\n]\n"
        ));
        let bases = bases_toml(
            &[base("near", "smur", 44.5), base("far", "smur", 43.0)],
            &[base("heli", "heli-seasonal", 44.5)],
            &[commune],
            &coverage,
            "# note\n",
        );
        assert!(bases.contains("near                   1 places, 12,464 inhabitants"));
        assert!(bases.contains("far                    no place within 30 min"));
        assert!(bases.contains("# heli (heli-seasonal).\n# note\nemergency_bases = [\n"));
        assert!(bases.contains("{ id = \"far\", name = \"Base far\", lat = 43.00000"));
        assert!(!bases.contains("id = \"heli\""));
        let section = coverage_toml(&coverage, "# why\n");
        assert!(section.contains("# why\n[coverage]\nthreshold_minutes = 30\n"));
        assert!(section.contains("road_speed_kmh = 56.0\ndetour_factor = 1.4\n"));
        assert!(section.contains("dispatch_minutes = 0.0\n"));
    }
}
