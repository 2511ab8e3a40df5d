//! `assignments.csv` → [`RosterRecord`]s, for checking a roster written by `solve` or
//! edited by hand.
//!
//! The header must name at least `date`, `post`, `period` and `practitioner_id`; `start`
//! and `end` (RFC 3339 with offset) are read when present, `practitioner_name` and any
//! other column are ignored, and the columns may come in any order; a row may end with
//! empty cells beyond the header, not with text. Every unreadable cell is reported,
//! with the file, the line and the field's column number (1-based), and what was
//! expected; reading goes on to the end, so a coordinator fixes the file in one pass. Ids are kept as text: whether they exist is the checker's question.
//!
//! CSV syntax is the `csv` crate's (quotes, embedded commas and newlines); this module
//! never panics on any input.

use chrono::{DateTime, FixedOffset, NaiveDate};

/// One row of `assignments.csv`, ids as text ([`crate::roster::Roster::records`] makes
/// them from a typed roster).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterRecord {
    /// The line of the CSV it was read from (1 = header), 0 when made in memory.
    pub line: u64,
    /// The date the duty belongs to.
    pub date: NaiveDate,
    /// The post id.
    pub post: String,
    /// The period id.
    pub period: String,
    /// The start as written, if the file gave one.
    pub start: Option<DateTime<FixedOffset>>,
    /// The end as written, if the file gave one.
    pub end: Option<DateTime<FixedOffset>>,
    /// The practitioner id.
    pub practitioner_id: String,
}

/// A roster file that could not be read, with every problem found. `Display` (in
/// `crate::labels::check`) lists them in French, one per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterReadError {
    /// The file name, as given.
    pub file: String,
    /// Every problem, in line then column order.
    pub problems: Vec<RosterReadProblem>,
}

impl std::error::Error for RosterReadError {}

/// One problem of a roster file, located.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterReadProblem {
    /// 1-based line (the header is line 1).
    pub line: u64,
    /// 1-based number of the field in its row, when the problem is in one field.
    pub column: Option<usize>,
    /// What is wrong.
    pub kind: RosterReadProblemKind,
}

/// What is wrong in a roster file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RosterReadProblemKind {
    /// The file has no header line.
    NoHeader,
    /// A required column is absent from the header.
    MissingColumn {
        /// Its name.
        name: &'static str,
    },
    /// A column the reader uses appears twice in the header.
    DuplicateColumn {
        /// Its name.
        name: &'static str,
        /// The 1-based column of its first occurrence.
        first: usize,
    },
    /// The row has text beyond the header's last column (a stray comma, most likely).
    ExtraField {
        /// How many fields the row has, up to its last non-empty one.
        fields: usize,
        /// How many columns the header has.
        columns: usize,
    },
    /// The file is not UTF-8 (a spreadsheet's Windows-1252 export, most likely).
    NotUtf8 {
        /// The first invalid byte.
        byte: u8,
    },
    /// The row stops before this field.
    MissingField {
        /// The column's name.
        name: &'static str,
    },
    /// A required field is empty.
    EmptyField {
        /// The column's name.
        name: &'static str,
    },
    /// The date is not `YYYY-MM-DD`.
    UnparseableDate {
        /// What the cell holds.
        found: String,
    },
    /// A start or end is not an RFC 3339 time with offset.
    UnparseableTime {
        /// The column's name (`start` or `end`).
        name: &'static str,
        /// What the cell holds.
        found: String,
    },
    /// The CSV syntax itself is broken.
    Syntax {
        /// The CSV parser's message.
        message: String,
    },
}

const DATE: &str = "date";
const POST: &str = "post";
const PERIOD: &str = "period";
const START: &str = "start";
const END: &str = "end";
const PRACTITIONER_ID: &str = "practitioner_id";

/// The columns the reader uses: (name, required).
const COLUMNS: [(&str, bool); 6] = [
    (DATE, true),
    (POST, true),
    (PERIOD, true),
    (START, false),
    (END, false),
    (PRACTITIONER_ID, true),
];

/// Where each used column sits in a row (0-based), once the header is read.
struct Layout {
    at: [Option<usize>; 6],
    /// How many columns the header has.
    columns: usize,
}

impl Layout {
    fn of(&self, name: &str) -> Option<usize> {
        COLUMNS
            .iter()
            .position(|(n, _)| *n == name)
            .and_then(|i| self.at[i])
    }
}

/// Reads an `assignments.csv` (DESIGN.md), from `solve` or from a coordinator's hands.
///
/// `file` only names the file in messages. Records keep their line (header = 1).
///
/// # Errors
/// [`RosterReadError`] with every problem found: no header, a required column missing
/// or repeated, a row too short or with text beyond the header, an empty required
/// field, a date that is not `YYYY-MM-DD`, a start or end that is not RFC 3339, broken
/// CSV syntax.
///
/// # Example
/// ```
/// let text = "date,post,period,practitioner_id\n2027-01-04,mende,nuit,d01\n2027-01-0x,mende,nuit,d02\n";
/// let err = gardes::check::read_roster_csv("tableau.csv", text).unwrap_err();
/// assert_eq!(err.problems.len(), 1);
/// assert_eq!((err.problems[0].line, err.problems[0].column), (3, Some(1)));
/// ```
pub fn read_roster_csv(file: &str, text: &str) -> Result<Vec<RosterRecord>, RosterReadError> {
    let mut problems = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut rows = reader.records();

    let layout = loop {
        match rows.next() {
            None => {
                problems.push(RosterReadProblem {
                    line: 1,
                    column: None,
                    kind: RosterReadProblemKind::NoHeader,
                });
                return Err(RosterReadError {
                    file: file.to_owned(),
                    problems,
                });
            }
            Some(Err(e)) => problems.push(syntax(&e)),
            Some(Ok(header)) => break read_header(&header, &mut problems),
        }
    };
    if !problems.is_empty() {
        // Without the columns, rows cannot be read meaningfully.
        return Err(RosterReadError {
            file: file.to_owned(),
            problems,
        });
    }

    let mut records = Vec::new();
    for row in rows {
        match row {
            Err(e) => problems.push(syntax(&e)),
            Ok(row) => {
                if let Some(r) = read_row(&row, &layout, &mut problems) {
                    records.push(r);
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(records)
    } else {
        problems.sort_by_key(|p| (p.line, p.column));
        Err(RosterReadError {
            file: file.to_owned(),
            problems,
        })
    }
}

/// The text of a roster file read as bytes.
///
/// # Errors
/// [`RosterReadError`] when the bytes are not UTF-8, located at the first invalid byte
/// (its line and field).
///
/// # Example
/// ```
/// let bytes = b"date,post,period,practitioner_id,practitioner_name\n2027-01-04,mende,nuit,d01,Pag\xe8s\n";
/// let err = gardes::check::roster_text("tableau.csv", bytes).unwrap_err();
/// assert_eq!((err.problems[0].line, err.problems[0].column), (2, Some(5)));
/// ```
pub fn roster_text<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, RosterReadError> {
    let error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(e) => e,
    };
    let before = &bytes[..error.valid_up_to()];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // The field: commas outside quotes before the byte (`""` toggles twice).
    let mut quoted = false;
    let mut field = 1;
    for &b in &before[line_start..] {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => field += 1,
            _ => {}
        }
    }
    let newlines = before.iter().filter(|&&b| b == b'\n').count();
    Err(RosterReadError {
        file: file.to_owned(),
        problems: vec![RosterReadProblem {
            line: u64::try_from(newlines).map_or(u64::MAX, |n| n + 1),
            column: Some(field),
            kind: RosterReadProblemKind::NotUtf8 {
                byte: bytes.get(error.valid_up_to()).copied().unwrap_or_default(),
            },
        }],
    })
}

fn line_of(row: &csv::StringRecord) -> u64 {
    row.position().map_or(0, csv::Position::line)
}

fn syntax(e: &csv::Error) -> RosterReadProblem {
    RosterReadProblem {
        line: e.position().map_or(0, csv::Position::line),
        column: None,
        kind: RosterReadProblemKind::Syntax {
            message: e.to_string(),
        },
    }
}

fn read_header(header: &csv::StringRecord, problems: &mut Vec<RosterReadProblem>) -> Layout {
    let line = line_of(header);
    let mut at = [None; 6];
    for (i, cell) in header.iter().enumerate() {
        // A spreadsheet may save a byte-order mark before the first name.
        let name = cell.trim_start_matches('\u{feff}').trim();
        let Some(k) = COLUMNS
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name))
        else {
            continue;
        };
        match at[k] {
            None => at[k] = Some(i),
            Some(first) => problems.push(RosterReadProblem {
                line,
                column: Some(i + 1),
                kind: RosterReadProblemKind::DuplicateColumn {
                    name: COLUMNS[k].0,
                    first: first + 1,
                },
            }),
        }
    }
    for (k, (name, required)) in COLUMNS.iter().enumerate() {
        if *required && at[k].is_none() {
            problems.push(RosterReadProblem {
                line,
                column: None,
                kind: RosterReadProblemKind::MissingColumn { name },
            });
        }
    }
    Layout {
        at,
        columns: header.len(),
    }
}

/// Reads one row, pushing a problem for every bad field; `None` if any.
fn read_row(
    row: &csv::StringRecord,
    layout: &Layout,
    problems: &mut Vec<RosterReadProblem>,
) -> Option<RosterRecord> {
    let line = line_of(row);
    let before = problems.len();
    let mut problem = |column: usize, kind| {
        problems.push(RosterReadProblem {
            line,
            column: Some(column + 1),
            kind,
        })
    };
    // The text of a used column: `None` when the column is absent from the header,
    // `Some(None)` when this row is too short to have it.
    let field = |name: &str| layout.of(name).map(|i| (i, row.get(i)));

    if let Some(last) = (layout.columns..row.len())
        .rev()
        .find(|&i| row.get(i).is_some_and(|c| !c.is_empty()))
    {
        problem(
            layout.columns,
            RosterReadProblemKind::ExtraField {
                fields: last + 1,
                columns: layout.columns,
            },
        );
    }

    let mut required = |name: &'static str| -> Option<String> {
        let (i, cell) = field(name)?;
        match cell {
            None => {
                problem(i, RosterReadProblemKind::MissingField { name });
                None
            }
            Some("") => {
                problem(i, RosterReadProblemKind::EmptyField { name });
                None
            }
            Some(text) => Some(text.to_owned()),
        }
    };
    let date_text = required(DATE);
    let post = required(POST);
    let period = required(PERIOD);
    let practitioner_id = required(PRACTITIONER_ID);

    let date = date_text.and_then(|text| {
        let parsed = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
        if parsed.is_none() {
            if let Some(i) = layout.of(DATE) {
                problem(i, RosterReadProblemKind::UnparseableDate { found: text });
            }
        }
        parsed
    });
    let mut instant = |name: &'static str| -> Option<DateTime<FixedOffset>> {
        let (i, cell) = field(name)?;
        let text = cell.filter(|t| !t.is_empty())?;
        let parsed = DateTime::parse_from_rfc3339(text).ok();
        if parsed.is_none() {
            problem(
                i,
                RosterReadProblemKind::UnparseableTime {
                    name,
                    found: text.to_owned(),
                },
            );
        }
        parsed
    };
    let start = instant(START);
    let end = instant(END);

    if problems.len() > before {
        return None;
    }
    Some(RosterRecord {
        line,
        date: date?,
        post: post?,
        period: period?,
        start,
        end,
        practitioner_id: practitioner_id?,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // STYLE.md §4: unwrap is fine in tests.
mod tests {
    use super::*;

    #[test]
    fn columns_in_any_order_with_extras() {
        let text = "practitioner_name,end,practitioner_id,remark,period,start,post,date\n\
                    Dr A,2027-01-05T08:00:00+01:00,d01,x,nuit,2027-01-04T20:00:00+01:00,mende,2027-01-04\n";
        let records = read_roster_csv("a.csv", text).unwrap();
        assert_eq!(records.len(), 1);
        let r = &records[0];
        assert_eq!(r.line, 2);
        assert_eq!(r.post, "mende");
        assert_eq!(r.period, "nuit");
        assert_eq!(r.practitioner_id, "d01");
        assert_eq!(r.start.unwrap().to_rfc3339(), "2027-01-04T20:00:00+01:00");
        assert_eq!(r.end.unwrap().to_rfc3339(), "2027-01-05T08:00:00+01:00");
    }

    #[test]
    fn empty_start_and_end_are_absent() {
        let text = "date,post,period,start,end,practitioner_id\n2027-01-04,mende,nuit,,,d01\n";
        let records = read_roster_csv("a.csv", text).unwrap();
        assert_eq!(records[0].start, None);
        assert_eq!(records[0].end, None);
    }
}
