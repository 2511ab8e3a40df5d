//! Reading the returned sheets: XLSX, XLS or ODS (calamine) and CSV, into marks.
//!
//! A sheet is found by its table header: the row holding the four key columns
//! ([`KEY_PRACTITIONER`], [`KEY_DATE`], [`KEY_POST`], [`KEY_PERIOD`]) and the
//! [`COL_CHOICE`] column; [`COL_WEIGHT`] and [`COL_COMMENT`] are optional. Columns are
//! found by these names, never by position or by the French labels of the visible
//! columns, so a sheet reordered or saved by another program still reads. Above the
//! table, a cell in the practitioner key column names the sheet's practitioner: the
//! sheet is their answer, even when they marked nothing.
//!
//! Every cell that cannot be read is reported with its file, sheet, row and column and
//! what was expected ([`Problem`]); the row is left out and the others are read.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Cursor;

use calamine::{Data, Reader};
use chrono::NaiveDate;

use crate::duties::Duty;
use crate::instance::PracIdx;

use super::{labels, Choice, DutyKey, Mark, Prepared, SheetFile, MAX_WEIGHT};

/// Header of the key column holding the practitioner's id.
pub const KEY_PRACTITIONER: &str = "praticien_id";
/// Header of the key column holding the duty's date, `AAAA-MM-JJ`.
pub const KEY_DATE: &str = "date_iso";
/// Header of the key column holding the post's id.
pub const KEY_POST: &str = "poste_id";
/// Header of the key column holding the period's id.
pub const KEY_PERIOD: &str = "creneau_id";
/// Header of the column of marks.
pub const COL_CHOICE: &str = "Choix";
/// Header of the column of weights.
pub const COL_WEIGHT: &str = "Poids";
/// Header of the column of comments.
pub const COL_COMMENT: &str = "Commentaire";

/// The value of one cell, as read.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text (every CSV cell is text).
    Text(String),
    /// A number.
    Number(f64),
    /// A date (a cell formatted as a date).
    Date(NaiveDate),
    /// Anything else (a boolean, an error, a time), as displayed.
    Other(String),
}

impl Cell {
    /// The cell as text, trimmed; `None` when it is empty or blank.
    fn text(&self) -> Option<String> {
        let text = match self {
            Cell::Empty => return None,
            Cell::Text(s) | Cell::Other(s) => s.trim().to_owned(),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
        };
        (!text.is_empty()).then_some(text)
    }
}

/// One sheet as a grid of cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    /// The file it comes from, as given.
    pub file: String,
    /// The sheet's name; `None` for a CSV file.
    pub sheet: Option<String>,
    /// The rows that have cells: their number (1 for the first) and their cells (the
    /// first is column A).
    pub rows: Vec<(u32, Vec<Cell>)>,
}

/// A cell's place: file, sheet, row and column (both from 1).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CellRef {
    /// The file, as given.
    pub file: String,
    /// The sheet; `None` for a CSV file.
    pub sheet: Option<String>,
    /// The row, 1 for the first.
    pub row: u32,
    /// The column, 1 for A.
    pub col: u32,
}

impl CellRef {
    /// The A1 name of the cell (`F23`).
    pub fn a1(&self) -> String {
        format!("{}{}", column_name(self.col), self.row)
    }
}

impl fmt::Display for CellRef {
    /// `file:sheet:row:column (A1)`, without the sheet for a CSV file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            Some(sheet) => write!(f, "{}:{sheet}:{}:{}", self.file, self.row, self.col)?,
            None => write!(f, "{}:{}:{}", self.file, self.row, self.col)?,
        }
        write!(f, " ({})", self.a1())
    }
}

/// The letters of a column, 1 for A, 27 for AA.
pub fn column_name(col: u32) -> String {
    let mut n = col;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(
            b'A' + u8::try_from(rem).expect("a remainder below 26"),
        ));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Where a problem is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// A whole file.
    File(String),
    /// A whole sheet of a file (`None`: a CSV file).
    Sheet(String, Option<String>),
    /// One cell, with the header of its column when known.
    Cell(CellRef, Option<String>),
}

/// A cell, sheet or file the import cannot read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub at: Location,
    /// What.
    pub kind: ProblemKind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} : {}", self.at, self.kind)
    }
}

/// What cannot be read. Messages say what was found and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file cannot be opened as a spreadsheet.
    Unreadable(String),
    /// A CSV file that is not UTF-8.
    NotUtf8(usize),
    /// A sheet without the table header.
    NoTable,
    /// A practitioner id that the instance does not have.
    UnknownPractitioner {
        /// The id found.
        id: String,
        /// A suggestion, `; vouliez-vous dire « d07 » ?`, or nothing.
        hint: String,
        /// How many rows name it, when more than this one.
        rows: String,
    },
    /// A row of another practitioner in a practitioner's sheet.
    OtherPractitioner {
        /// The id on the row.
        found: String,
        /// The sheet's practitioner.
        sheet: String,
    },
    /// A key cell left empty.
    MissingKey(&'static str),
    /// A date key that does not read.
    BadDate(String),
    /// A date outside the horizon.
    DateOutsideHorizon {
        /// The date.
        date: NaiveDate,
        /// First date of the horizon.
        first: NaiveDate,
        /// Last date.
        last: NaiveDate,
    },
    /// A post id the instance does not have.
    UnknownPost {
        /// The id.
        id: String,
        /// A suggestion or nothing.
        hint: String,
    },
    /// A period id the instance does not have.
    UnknownPeriod {
        /// The id.
        id: String,
        /// A suggestion or nothing.
        hint: String,
    },
    /// No such duty on that date (the post does not cover the period that day).
    NoSuchDuty {
        /// The post's id.
        post: String,
        /// The period's id.
        period: String,
        /// The date.
        date: NaiveDate,
    },
    /// A mark that is none of the three.
    UnknownChoice(String),
    /// A weight that is not an integer from 1 to 10.
    BadWeight(String),
    /// A weight without a mark.
    WeightWithoutChoice,
    /// A mark on a duty the practitioner cannot take.
    CannotTake {
        /// The practitioner's id.
        practitioner: String,
        /// Why.
        reason: String,
        /// The mark.
        choice: &'static str,
    },
    /// « souhaité » on a duty the instance already makes unavailable.
    WantedButUnavailable(String),
    /// The same duty marked differently in two places.
    Conflict {
        /// Where it was marked first.
        first: String,
        /// The first mark.
        before: String,
        /// This one.
        now: String,
    },
}

impl std::error::Error for ProblemKind {}

/// A practitioner's comment on a row without a mark: nothing to merge, something to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The comment's cell.
    pub at: CellRef,
    /// Who wrote it.
    pub practitioner: PracIdx,
    /// The duty's key, when the row named one.
    pub duty: Option<DutyKey>,
    /// The text.
    pub text: String,
}

/// One sheet that was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetRead {
    /// The file.
    pub file: String,
    /// The sheet (`None`: CSV).
    pub sheet: Option<String>,
    /// The practitioner the sheet belongs to, when its header names one.
    pub practitioner: Option<PracIdx>,
    /// Duty rows read.
    pub rows: usize,
    /// Marks kept.
    pub marks: usize,
}

/// What the sheets held.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Collected {
    /// The marks, one per practitioner and duty, in reading order.
    pub marks: Vec<Mark>,
    /// The practitioners who answered: a sheet of theirs was read, or a mark of theirs.
    /// The import replaces the earlier imported entries of exactly these.
    pub answered: BTreeSet<PracIdx>,
    /// Each sheet read.
    pub sheets: Vec<SheetRead>,
    /// Every cell, sheet or file that could not be read.
    pub problems: Vec<Problem>,
    /// Comments written on rows without a mark.
    pub notes: Vec<Note>,
}

/// Reads every sheet of a file into grids.
///
/// # Errors
/// A [`Problem`] located at the file when it is not a spreadsheet or CSV it can read.
pub fn grids(file: &SheetFile) -> Result<Vec<Grid>, Box<Problem>> {
    let problem = |kind| {
        Box::new(Problem {
            at: Location::File(file.name.clone()),
            kind,
        })
    };
    let lower = file.name.to_lowercase();
    if lower.ends_with(".csv") || lower.ends_with(".txt") {
        return csv_grid(&file.name, &file.bytes)
            .map(|g| vec![g])
            .map_err(problem);
    }
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(file.bytes.as_slice()))
        .map_err(|e| problem(ProblemKind::Unreadable(e.to_string())))?;
    let mut out = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| problem(ProblemKind::Unreadable(e.to_string())))?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut rows = Vec::new();
        for (i, row) in range.rows().enumerate() {
            if row.iter().all(|c| matches!(c, Data::Empty)) {
                continue;
            }
            let mut cells = vec![Cell::Empty; col0 as usize];
            cells.extend(row.iter().map(cell_of));
            let number = row0 + u32::try_from(i).unwrap_or(u32::MAX - row0) + 1;
            rows.push((number, cells));
        }
        out.push(Grid {
            file: file.name.clone(),
            sheet: Some(name),
            rows,
        });
    }
    Ok(out)
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) => Cell::Date(t.date()),
            None => Cell::Other(dt.to_string()),
        },
        Data::DateTimeIso(s) => {
            match NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d") {
                Ok(d) => Cell::Date(d),
                Err(_) => Cell::Other(s.clone()),
            }
        }
        Data::Bool(b) => Cell::Other(b.to_string()),
        Data::DurationIso(s) => Cell::Other(s.clone()),
        Data::Error(e) => Cell::Other(format!("#{e:?}")),
    }
}

/// A CSV file: UTF-8 (a byte-order mark is skipped), `;`, `,` or tab separated: the
/// separator is the one with which a row holds the key headers.
fn csv_grid(name: &str, bytes: &[u8]) -> Result<Grid, ProblemKind> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| ProblemKind::NotUtf8(e.valid_up_to()))?;
    let parse = |delimiter: u8| -> Result<Vec<(u32, Vec<Cell>)>, String> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| e.to_string())?;
            let line = record
                .position()
                .map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let cells = record
                .iter()
                .map(|f| {
                    if f.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f.to_owned())
                    }
                })
                .collect();
            rows.push((line, cells));
        }
        Ok(rows)
    };
    let mut first = None;
    for delimiter in [b';', b',', b'\t'] {
        match parse(delimiter) {
            Ok(rows) => {
                if rows
                    .iter()
                    .any(|(_, cells)| header_columns(cells).is_some())
                {
                    return Ok(Grid {
                        file: name.to_owned(),
                        sheet: None,
                        rows,
                    });
                }
                first.get_or_insert(Ok(rows));
            }
            Err(e) => {
                first.get_or_insert(Err(e));
            }
        }
    }
    match first {
        Some(Ok(rows)) => Ok(Grid {
            file: name.to_owned(),
            sheet: None,
            rows,
        }),
        Some(Err(e)) => Err(ProblemKind::Unreadable(e)),
        None => Err(ProblemKind::Unreadable(String::new())),
    }
}

/// Where the columns are, 0-based.
#[derive(Clone, Copy, Debug)]
struct Columns {
    practitioner: usize,
    date: usize,
    post: usize,
    period: usize,
    choice: usize,
    weight: Option<usize>,
    comment: Option<usize>,
}

/// The columns of a header row, when it is one.
fn header_columns(cells: &[Cell]) -> Option<Columns> {
    let find = |name: &str| {
        let wanted = fold(name);
        cells
            .iter()
            .position(|c| c.text().is_some_and(|t| fold(&t) == wanted))
    };
    Some(Columns {
        practitioner: find(KEY_PRACTITIONER)?,
        date: find(KEY_DATE)?,
        post: find(KEY_POST)?,
        period: find(KEY_PERIOD)?,
        choice: find(COL_CHOICE)?,
        weight: find(COL_WEIGHT),
        comment: find(COL_COMMENT),
    })
}

/// Lower case, accents dropped, spaces collapsed: how marks and headers are compared.
pub fn fold(text: &str) -> String {
    let mapped: String = text
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            '\u{a0}' | '\u{202f}' => ' ',
            c => c,
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The choice a mark stands for: the three words of the dropdown, with or without
/// accents and capitals, and the short forms `indispo` and `éviter`.
pub fn parse_choice(text: &str) -> Option<Choice> {
    match fold(text).trim_end_matches('.') {
        "indisponible" | "indispo" => Some(Choice::Unavailable),
        "souhaite" | "souhaitee" | "souhait" => Some(Choice::Wanted),
        "a eviter" | "eviter" => Some(Choice::Avoided),
        _ => None,
    }
}

/// Reads every sheet of every file against the prepared instance.
pub fn collect(prepared: &Prepared, files: &[SheetFile]) -> Collected {
    let mut collected = Collected::default();
    let mut first_mark: BTreeMap<(PracIdx, DutyKey), (usize, CellRef)> = BTreeMap::new();
    for file in files {
        match grids(file) {
            Ok(grids) => {
                for grid in &grids {
                    read_grid(prepared, grid, &mut collected, &mut first_mark);
                }
            }
            Err(problem) => collected.problems.push(*problem),
        }
    }
    collected
        .answered
        .extend(collected.marks.iter().map(|m| m.practitioner));
    collected
}

fn read_grid(
    prepared: &Prepared,
    grid: &Grid,
    out: &mut Collected,
    first_mark: &mut BTreeMap<(PracIdx, DutyKey), (usize, CellRef)>,
) {
    let instance = &prepared.base;
    let Some(header_at) = grid
        .rows
        .iter()
        .position(|(_, cells)| header_columns(cells).is_some())
    else {
        if !grid.rows.is_empty() {
            out.problems.push(Problem {
                at: Location::Sheet(grid.file.clone(), grid.sheet.clone()),
                kind: ProblemKind::NoTable,
            });
        }
        return;
    };
    let (_, header) = &grid.rows[header_at];
    let columns = header_columns(header).expect("the header row was found by its columns");
    let header_text = |i: usize| header.get(i).and_then(Cell::text);
    let cell_ref = |row: u32, col: usize| CellRef {
        file: grid.file.clone(),
        sheet: grid.sheet.clone(),
        row,
        col: u32::try_from(col + 1).unwrap_or(u32::MAX),
    };
    let at = |row: u32, col: usize| Location::Cell(cell_ref(row, col), header_text(col));
    let get = |cells: &[Cell], col: usize| cells.get(col).cloned().unwrap_or(Cell::Empty);
    // The sheet's practitioner: a practitioner key above the table.
    let mut owner: Option<PracIdx> = None;
    for (number, cells) in &grid.rows[..header_at] {
        let Some(id) = get(cells, columns.practitioner).text() else {
            continue;
        };
        match instance.practitioner_by_id(&id) {
            Some(p) => owner = Some(p),
            None => {
                out.problems.push(Problem {
                    at: at(*number, columns.practitioner),
                    kind: ProblemKind::UnknownPractitioner {
                        hint: suggestion(&id, instance.practitioners.iter().map(|p| p.id.as_str())),
                        id,
                        rows: String::new(),
                    },
                });
                return;
            }
        }
        break;
    }
    let mut sheet = SheetRead {
        file: grid.file.clone(),
        sheet: grid.sheet.clone(),
        practitioner: owner,
        rows: 0,
        marks: 0,
    };
    if let Some(p) = owner {
        out.answered.insert(p);
    }
    // Unknown practitioners of a combined sheet: reported once each, with their rows.
    let mut unknown: BTreeMap<String, (Location, usize)> = BTreeMap::new();
    for (number, cells) in &grid.rows[header_at + 1..] {
        let number = *number;
        let choice_cell = get(cells, columns.choice);
        let weight_cell = columns.weight.map_or(Cell::Empty, |c| get(cells, c));
        let comment = columns
            .comment
            .and_then(|c| get(cells, c).text())
            .and_then(|t| super::merge::clean_comment(&t));
        let keys = [
            columns.practitioner,
            columns.date,
            columns.post,
            columns.period,
        ];
        let keys_empty = keys.iter().all(|&c| get(cells, c).text().is_none());
        if keys_empty {
            if choice_cell.text().is_some() || weight_cell.text().is_some() {
                out.problems.push(Problem {
                    at: at(number, columns.date),
                    kind: ProblemKind::MissingKey(labels::KEY_DUTY_DATE),
                });
            }
            continue;
        }
        sheet.rows += 1;
        let mut problems = Vec::new();
        // The practitioner.
        let practitioner = match (get(cells, columns.practitioner).text(), owner) {
            (None, Some(p)) => Some(p),
            (None, None) => {
                problems.push(Problem {
                    at: at(number, columns.practitioner),
                    kind: ProblemKind::MissingKey(labels::KEY_PRACTITIONER_ID),
                });
                None
            }
            (Some(id), owner) => match instance.practitioner_by_id(&id) {
                Some(p) if owner.is_none_or(|o| o == p) => Some(p),
                Some(_) => {
                    let o = owner.expect("a different owner exists");
                    problems.push(Problem {
                        at: at(number, columns.practitioner),
                        kind: ProblemKind::OtherPractitioner {
                            found: id,
                            sheet: instance.practitioner(o).id.to_string(),
                        },
                    });
                    None
                }
                None => {
                    unknown
                        .entry(id)
                        .and_modify(|(_, n)| *n += 1)
                        .or_insert((at(number, columns.practitioner), 1));
                    continue;
                }
            },
        };
        // The duty.
        let date = match get(cells, columns.date) {
            Cell::Date(d) => Some(d),
            Cell::Empty => {
                problems.push(Problem {
                    at: at(number, columns.date),
                    kind: ProblemKind::MissingKey(labels::KEY_DUTY_DATE_ISO),
                });
                None
            }
            other => {
                let text = other.text().unwrap_or_default();
                let parsed = NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                    .or_else(|_| NaiveDate::parse_from_str(&text, "%d/%m/%Y"))
                    .ok();
                if parsed.is_none() {
                    problems.push(Problem {
                        at: at(number, columns.date),
                        kind: ProblemKind::BadDate(text),
                    });
                }
                parsed
            }
        };
        let date = date.filter(|d| {
            let inside = instance.horizon.contains(*d);
            if !inside {
                problems.push(Problem {
                    at: at(number, columns.date),
                    kind: ProblemKind::DateOutsideHorizon {
                        date: *d,
                        first: instance.horizon.first,
                        last: instance.horizon.last,
                    },
                });
            }
            inside
        });
        let post = match get(cells, columns.post).text() {
            None => {
                problems.push(Problem {
                    at: at(number, columns.post),
                    kind: ProblemKind::MissingKey(labels::KEY_POST_ID),
                });
                None
            }
            Some(id) => instance.post_by_id(&id).or_else(|| {
                problems.push(Problem {
                    at: at(number, columns.post),
                    kind: ProblemKind::UnknownPost {
                        hint: suggestion(&id, instance.posts.iter().map(|p| p.id.as_str())),
                        id,
                    },
                });
                None
            }),
        };
        let period = match get(cells, columns.period).text() {
            None => {
                problems.push(Problem {
                    at: at(number, columns.period),
                    kind: ProblemKind::MissingKey(labels::KEY_PERIOD_ID),
                });
                None
            }
            Some(id) => instance.period_by_id(&id).or_else(|| {
                problems.push(Problem {
                    at: at(number, columns.period),
                    kind: ProblemKind::UnknownPeriod {
                        hint: suggestion(&id, instance.periods.iter().map(|p| p.id.as_str())),
                        id,
                    },
                });
                None
            }),
        };
        let mut duty: Option<&Duty> = None;
        if let (Some(date), Some(post), Some(period)) = (date, post, period) {
            let key = DutyKey { post, period, date };
            duty = prepared.duty(&key);
            if duty.is_none() {
                problems.push(Problem {
                    at: at(number, columns.post),
                    kind: ProblemKind::NoSuchDuty {
                        post: instance.post(post).id.to_string(),
                        period: instance.period(period).id.to_string(),
                        date,
                    },
                });
            }
        }
        // The mark and its weight.
        let choice = match &choice_cell {
            Cell::Empty => None,
            cell => match cell.text() {
                None => None,
                Some(text) => match parse_choice(&text) {
                    Some(c) => Some(c),
                    None => {
                        problems.push(Problem {
                            at: at(number, columns.choice),
                            kind: ProblemKind::UnknownChoice(text),
                        });
                        None
                    }
                },
            },
        };
        let weight_col = columns.weight.unwrap_or(columns.choice);
        let weight = match weight_cell.text() {
            None => Some(None),
            Some(text) => match parse_weight(&weight_cell) {
                Some(w) => Some(Some(w)),
                None => {
                    problems.push(Problem {
                        at: at(number, weight_col),
                        kind: ProblemKind::BadWeight(text),
                    });
                    None
                }
            },
        };
        if choice.is_none() && choice_cell.text().is_none() && matches!(weight, Some(Some(_))) {
            problems.push(Problem {
                at: at(number, weight_col),
                kind: ProblemKind::WeightWithoutChoice,
            });
        }
        let Some(practitioner) = practitioner else {
            out.problems.append(&mut problems);
            continue;
        };
        if let (Some(duty), Some(choice)) = (duty, choice) {
            if let Err(why) = prepared.may_serve(practitioner, duty) {
                problems.push(Problem {
                    at: at(number, columns.choice),
                    kind: ProblemKind::CannotTake {
                        practitioner: instance.practitioner(practitioner).id.to_string(),
                        reason: labels::inability(instance, duty, &why),
                        choice: labels::choice(choice),
                    },
                });
            } else if choice == Choice::Wanted && prepared.unavailable_by_hand(practitioner, duty) {
                problems.push(Problem {
                    at: at(number, columns.choice),
                    kind: ProblemKind::WantedButUnavailable(
                        instance.practitioner(practitioner).id.to_string(),
                    ),
                });
            }
        }
        if !problems.is_empty() {
            out.problems.append(&mut problems);
            continue;
        }
        let Some(duty) = duty else { continue };
        let key = DutyKey::of(duty);
        let Some(choice) = choice else {
            if let Some(text) = comment {
                out.notes.push(Note {
                    at: cell_ref(number, columns.comment.unwrap_or(columns.choice)),
                    practitioner,
                    duty: Some(key),
                    text,
                });
            }
            continue;
        };
        // Unavailable and avoided duties the instance already makes unavailable: the
        // sheet shows them pre-marked; nothing to add.
        if choice != Choice::Wanted && prepared.unavailable_by_hand(practitioner, duty) {
            continue;
        }
        let mark = Mark {
            practitioner,
            duty: key,
            choice,
            weight: if choice == Choice::Unavailable {
                1
            } else {
                weight.flatten().unwrap_or(1)
            },
            comment,
        };
        let here = cell_ref(number, columns.choice);
        match first_mark.get(&(practitioner, key)) {
            Some((i, first)) => {
                let before = &out.marks[*i];
                if (before.choice, before.weight) != (mark.choice, mark.weight) {
                    out.problems.push(Problem {
                        at: at(number, columns.choice),
                        kind: ProblemKind::Conflict {
                            first: first.to_string(),
                            before: labels::mark_text(before),
                            now: labels::mark_text(&mark),
                        },
                    });
                } else if let Some(c) = mark.comment {
                    let before = &mut out.marks[*i];
                    match &before.comment {
                        Some(b) if b.contains(&c) => {}
                        Some(b) => {
                            before.comment = super::merge::clean_comment(&format!("{b} / {c}"));
                        }
                        None => before.comment = Some(c),
                    }
                }
            }
            None => {
                first_mark.insert((practitioner, key), (out.marks.len(), here));
                out.marks.push(mark);
                sheet.marks += 1;
            }
        }
    }
    for (id, (location, rows)) in unknown {
        out.problems.push(Problem {
            at: location,
            kind: ProblemKind::UnknownPractitioner {
                hint: suggestion(&id, instance.practitioners.iter().map(|p| p.id.as_str())),
                id,
                rows: if rows > 1 {
                    labels::rows_naming(rows)
                } else {
                    String::new()
                },
            },
        });
    }
    out.sheets.push(sheet);
}

/// A weight: an integer from 1 to [`MAX_WEIGHT`], as a number or as text.
fn parse_weight(cell: &Cell) -> Option<u32> {
    let value = match cell {
        Cell::Number(n) => *n,
        other => other.text()?.replace(',', ".").parse::<f64>().ok()?,
    };
    let ok = value.fract() == 0.0 && (1.0..=f64::from(MAX_WEIGHT)).contains(&value);
    // The range check above makes the conversion exact.
    ok.then_some(value as u32)
}

/// `; vouliez-vous dire « x » ?` for the closest id, or nothing.
fn suggestion<'a>(id: &str, ids: impl Iterator<Item = &'a str>) -> String {
    crate::text::did_you_mean(id, ids)
        .map(labels::did_you_mean)
        .unwrap_or_default()
}
