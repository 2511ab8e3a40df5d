//! The anchors of `gardes bench curtois`: the CSVs the reference scripts of
//! `../shared/benchmarks/curtois/anchors/` write (`highs_curtois.py`,
//! `cpsat_curtois.py`), read before any solve and shown beside the engines
//! (docs/benchmarks.md, "Anchors").

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{number, BenchError, ANCHOR_CSV_HEADER};
use crate::labels::bench as words;

/// One anchor's figures for one instance (a row of its CSV).
#[derive(Clone, Debug, PartialEq)]
pub struct AnchorFigures {
    /// The script's status (`time_limit`, `OPTIMAL`, …), as written.
    pub status: String,
    /// The roster's penalty, when it found one.
    pub objective: Option<f64>,
    /// Its best bound, when finite.
    pub best_bound: Option<f64>,
    /// Its seconds (`wall_s`), when given.
    pub wall_seconds: Option<f64>,
}

impl AnchorFigures {
    /// The relative gap `(objective − bound) / objective` in per cent, as
    /// [`super::Solved::gap_percent`].
    pub fn gap_percent(&self) -> Option<f64> {
        let (objective, bound) = (self.objective?, self.best_bound?);
        let diff = objective - bound;
        if diff.abs() <= 1e-9 {
            Some(0.0)
        } else if objective.abs() <= 1e-9 {
            None
        } else {
            Some(100.0 * diff / objective)
        }
    }
}

/// A reference solver's results: the CSV written by `anchors/highs_curtois.py` or
/// `anchors/cpsat_curtois.py`.
#[derive(Clone, Debug, PartialEq)]
pub struct Anchor {
    /// Its name in the tables: the file's stem (`highs` for `/tmp/highs.csv`).
    pub name: String,
    /// Its figures by instance; the last row of an instance wins (the CP-SAT script
    /// appends to an existing file).
    pub figures: BTreeMap<u32, AnchorFigures>,
}

/// Reads an anchor's CSV, named by its file stem.
///
/// # Errors
/// [`BenchError::ReadAnchor`] when the file cannot be read, [`BenchError::Anchor`] with
/// its line and column when it is malformed.
pub fn read_anchor(path: &Path) -> Result<Anchor, BenchError> {
    let text = std::fs::read_to_string(path).map_err(|source| BenchError::ReadAnchor {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    parse_anchor(&name, &path.display().to_string(), &text)
}

/// Parses an anchor's CSV: the columns `instance`, `objective`, `best_bound`,
/// `wall_s` are required, `status` is read when present, others are ignored; empty
/// cells are unknown and a non-finite bound (`inf`) is none. `file` only labels the
/// errors.
///
/// # Errors
/// [`BenchError::Anchor`] with the line and column of a missing column, an unreadable
/// line, a cell that is not a number or an instance number that is not a positive
/// integer.
pub fn parse_anchor(name: &str, file: &str, text: &str) -> Result<Anchor, BenchError> {
    let located = |line: u64, column: usize, message: String| BenchError::Anchor {
        file: file.to_string(),
        line,
        column,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| located(1, 1, words::unreadable_header(&e)))?
        .clone();
    let column_of = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| located(1, 1, words::missing_anchor_column(name)))
    };
    let (c_instance, c_objective, c_bound, c_wall) = (
        column_of("instance")?,
        column_of("objective")?,
        column_of("best_bound")?,
        column_of("wall_s")?,
    );
    let c_status = headers.iter().position(|h| h == "status");
    let mut figures = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            located(line, 1, words::unreadable_line(&e))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let column = |i: usize| record.range(i).map_or(1, |r| r.start + i + 1);
        let cell = |i: usize| record.get(i).unwrap_or("");
        let real = |i: usize, what: &str| -> Result<Option<f64>, BenchError> {
            let text = cell(i);
            if text.is_empty() {
                return Ok(None);
            }
            let x: f64 = text
                .parse()
                .map_err(|_| located(line, column(i), words::not_a_number(what, text)))?;
            Ok(x.is_finite().then_some(x))
        };
        let instance = cell(c_instance);
        let number = instance
            .parse::<u32>()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| {
                located(
                    line,
                    column(c_instance),
                    words::not_an_instance_number(instance),
                )
            })?;
        let row = AnchorFigures {
            status: c_status.map_or_else(String::new, |c| cell(c).to_string()),
            objective: real(c_objective, words::OBJECTIVE)?,
            best_bound: real(c_bound, words::BOUND)?,
            wall_seconds: real(c_wall, words::SECONDS)?,
        };
        figures.insert(number, row);
    }
    Ok(Anchor {
        name: name.to_string(),
        figures,
    })
}

/// Reads every anchor, refusing two of the same name.
pub(super) fn read_anchors(paths: &[PathBuf]) -> Result<Vec<Anchor>, BenchError> {
    let mut anchors: Vec<Anchor> = Vec::with_capacity(paths.len());
    for path in paths {
        let anchor = read_anchor(path)?;
        if anchors.iter().any(|a| a.name == anchor.name) {
            return Err(BenchError::AnchorTwice {
                name: anchor.name,
                path: path.clone(),
            });
        }
        anchors.push(anchor);
    }
    Ok(anchors)
}

/// The text of `anchors.csv`: each anchor's figures for each chosen instance it has, by
/// instance then anchor.
pub fn anchors_csv(instances: &[u32], anchors: &[Anchor]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let opt = |x: Option<String>| x.unwrap_or_default();
    w.write_record(ANCHOR_CSV_HEADER)
        .expect("writing to memory cannot fail");
    for &n in instances {
        for anchor in anchors {
            let Some(f) = anchor.figures.get(&n) else {
                continue;
            };
            w.write_record([
                n.to_string(),
                anchor.name.clone(),
                f.status.clone(),
                opt(f.objective.map(number)),
                opt(f.best_bound.map(number)),
                opt(f.gap_percent().map(|g| format!("{g:.2}"))),
                opt(f.wall_seconds.map(|t| format!("{t:.2}"))),
            ])
            .expect("writing to memory cannot fail");
        }
    }
    let bytes = w.into_inner().expect("flushing to memory cannot fail");
    String::from_utf8(bytes).expect("every cell is UTF-8")
}
