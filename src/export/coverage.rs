//! `coverage.csv` and `coverage_places.csv`: the checker's population coverage
//! ([`crate::check::PopulationFigures`]) for a spreadsheet, in the style of
//! `uncovered.csv`: UTF-8 without BOM, comma-separated, `\n` line ends, quoting by the
//! `csv` crate, English headers, numbers with a fixed count of decimals and a `.`.
//!
//! `coverage.csv` has one row per slice of MCS time, in time order (`start` and `end`
//! RFC 3339 with the local offset); `coverage_places.csv` one row per place with
//! uncovered MCS time, worst population-hours first, then in instance order.

use crate::check::PopulationFigures;
use crate::instance::{Instance, Place};

use super::csv::{finish, writer};
use super::{rfc3339, ExportError};

/// Header of `coverage.csv`.
pub const COVERAGE_HEADER: [&str; 9] = [
    "start",
    "end",
    "period",
    "population",
    "smur_population",
    "covered_population",
    "smur_share",
    "share",
    "on_duty",
];

/// Header of `coverage_places.csv`.
pub const COVERAGE_PLACES_HEADER: [&str; 5] = [
    "place",
    "name",
    "population",
    "uncovered_hours",
    "uncovered_population_hours",
];

/// The text of `coverage.csv`: per slice, who is on MCS duty (practitioner ids sorted,
/// joined with `;`) and the residents covered by SMUR only and with the MCS, with their
/// shares of the population (six decimals).
///
/// # Errors
/// [`ExportError::UnknownPractitioner`] when the figures name a practitioner the
/// instance does not have.
pub fn slices(instance: &Instance, figures: &PopulationFigures) -> Result<String, ExportError> {
    let mut w = writer();
    w.write_record(COVERAGE_HEADER)?;
    let share = |n: u64| {
        let share = if figures.population > 0 {
            n as f64 / figures.population as f64
        } else {
            0.0
        };
        format!("{share:.6}")
    };
    for s in &figures.slices {
        let mut ids = Vec::with_capacity(s.on_duty.len());
        for &p in &s.on_duty {
            let practitioner =
                instance
                    .practitioners
                    .get(p.get())
                    .ok_or(ExportError::UnknownPractitioner {
                        practitioner: p.0,
                        count: instance.practitioners.len(),
                    })?;
            ids.push(practitioner.id.as_str());
        }
        ids.sort_unstable();
        w.write_record([
            rfc3339(s.start).as_str(),
            &rfc3339(s.end),
            &s.period,
            &figures.population.to_string(),
            &s.smur_population.to_string(),
            &s.covered_population.to_string(),
            &share(s.smur_population),
            &share(s.covered_population),
            &ids.join(";"),
        ])?;
    }
    finish(w)
}

/// The text of `coverage_places.csv`: each place with uncovered MCS time, its hours
/// beyond the threshold (two decimals) and population × hours (one decimal).
///
/// # Errors
/// [`ExportError::UnknownPlace`] when the figures name a place the instance does not
/// have.
pub fn places(instance: &Instance, figures: &PopulationFigures) -> Result<String, ExportError> {
    let known: &[Place] = instance
        .geography
        .as_ref()
        .map_or(&[], |g| g.places.as_slice());
    let mut w = writer();
    w.write_record(COVERAGE_PLACES_HEADER)?;
    for u in &figures.uncovered_places {
        let place = known.get(u.place.get()).ok_or(ExportError::UnknownPlace {
            place: u.place.0,
            count: known.len(),
        })?;
        w.write_record([
            place.id.as_str(),
            &place.name,
            &place.population.to_string(),
            &format!("{:.2}", u.hours),
            &format!("{:.1}", u.population_hours),
        ])?;
    }
    finish(w)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // STYLE.md §4: unwrap is fine in tests.
mod tests {
    use super::*;
    use crate::check::{PlaceFigures, SliceFigures};
    use crate::instance::{PlaceIdx, PracIdx};

    fn instance() -> Instance {
        let toml = r#"
name = "export"
horizon = { first = 2027-01-04, last = 2027-01-04 }
places = [
  { id = "a", name = "Saint-Alban, \"le bourg\"", population = 300, lat = 44.0, lon = 3.0 },
  { id = "b", name = "Bravo", population = 100, lat = 44.5, lon = 3.0 },
]
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "mcs"
kind = "mcs"
periods = ["nuit"]
[[practitioners]]
id = "z9"
posts = ["mcs"]
place = "a"
[[practitioners]]
id = "a1"
posts = ["mcs"]
place = "b"
"#;
        crate::instance::parse("export.toml", toml).unwrap_or_else(|d| panic!("{d:?}"))
    }

    fn figures() -> PopulationFigures {
        let t = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
        PopulationFigures {
            population: 400,
            slices: vec![SliceFigures {
                start: t("2027-01-04T20:00:00+01:00"),
                end: t("2027-01-05T08:00:00+01:00"),
                minutes: 720,
                period: "nuit".to_owned(),
                open: Vec::new(),
                smur_population: 0,
                covered_population: 300,
                on_duty: vec![PracIdx(0), PracIdx(1)],
            }],
            uncovered_places: vec![PlaceFigures {
                place: PlaceIdx(1),
                hours: 12.0,
                population_hours: 1200.0,
            }],
            ..PopulationFigures::default()
        }
    }

    #[test]
    fn slices_sort_ids_and_fix_decimals() {
        let text = slices(&instance(), &figures()).unwrap();
        assert_eq!(
            text,
            "start,end,period,population,smur_population,covered_population,smur_share,share,on_duty\n\
             2027-01-04T20:00:00+01:00,2027-01-05T08:00:00+01:00,nuit,400,0,300,0.000000,0.750000,a1;z9\n"
        );
    }

    #[test]
    fn places_quote_names_and_fix_decimals() {
        let mut f = figures();
        f.uncovered_places.push(PlaceFigures {
            place: PlaceIdx(0),
            hours: 1.0 / 3.0,
            population_hours: 100.0,
        });
        let text = places(&instance(), &f).unwrap();
        assert_eq!(
            text,
            "place,name,population,uncovered_hours,uncovered_population_hours\n\
             b,Bravo,100,12.00,1200.0\n\
             a,\"Saint-Alban, \"\"le bourg\"\"\",300,0.33,100.0\n"
        );
    }

    #[test]
    fn figures_of_another_instance_are_refused() {
        let mut f = figures();
        f.slices[0].on_duty.push(PracIdx(7));
        assert!(matches!(
            slices(&instance(), &f),
            Err(ExportError::UnknownPractitioner {
                practitioner: 7,
                count: 2
            })
        ));
        let mut f = figures();
        f.uncovered_places[0].place = PlaceIdx(5);
        assert!(matches!(
            places(&instance(), &f),
            Err(ExportError::UnknownPlace { place: 5, count: 2 })
        ));
    }
}
