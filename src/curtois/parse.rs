//! Parser of the Curtois & Qu text format into a [`CurtoisInstance`].
//!
//! The file is user input: every problem becomes a [`ParseError`] that names the file,
//! the 1-based line and column, and what was expected; nothing panics. Accepted syntax
//! (README of the benchmark):
//!
//! - `\n` or `\r\n` line ends; a line whose first non-blank character is `#` is a
//!   comment; blank lines are ignored (they only separate sections);
//! - a section starts with a line holding only its name, one of the seven
//!   `SECTION_*` names; each must appear exactly once, in any order;
//! - data lines are comma-separated, fields are trimmed of surrounding blanks.
//!
//! Sections are read in dependency order (shifts before the staff that name them, …), so
//! a reference to an unknown shift or staff id, a day outside the horizon, a duplicate
//! id, a duplicate cover line or a wrong number of fields is an error at its position.
//! So are a horizon beyond [`MAX_HORIZON_DAYS`] and a staff member whose minimum total
//! time or minimum run is above its maximum (no roster meets them, and gardes' limits
//! refuse them, so the importer could not write them).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::labels as words;
use super::{Cover, CurtoisInstance, Request, ShiftType, Staff};

/// A syntax or reference error, located in the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct ParseError {
    /// The file name given to [`parse`].
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is wrong, in French.
    pub message: String,
}

/// Why [`read`] failed.
#[derive(Debug, thiserror::Error)]
pub enum CurtoisError {
    /// The file could not be read.
    #[error("{}", words::cannot_read(.path, .source))]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file was read but is not a valid instance.
    #[error(transparent)]
    Parse(#[from] ParseError),
}

/// The longest horizon accepted, in days: 521 weeks, the last multiple of 7 within
/// gardes' ten-year horizon (docs/instance-format.md), so that any horizon that parses
/// can be imported. The published instances have at most 364 days; without a bound, a
/// file of a few lines asking for four billion days made the evaluator and the importer
/// allocate one cell per staff member (or shift type) and day, and abort.
pub const MAX_HORIZON_DAYS: usize = 3647;

/// The seven sections, in the order they are read.
const SECTIONS: [&str; 7] = [
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
];

/// Reads and parses one instance file; errors name the file by its file name.
pub fn read(path: &Path) -> Result<CurtoisInstance, CurtoisError> {
    let text = std::fs::read_to_string(path).map_err(|source| CurtoisError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(parse(&name, &text)?)
}

/// Parses the text of one instance; `file` only labels the errors.
pub fn parse(file: &str, text: &str) -> Result<CurtoisInstance, ParseError> {
    let p = Parser { file };
    let sections = p.sections(text)?;
    let [horizon, shifts, staff, days_off, on, off, cover] = &sections.lines;
    let horizon = p.horizon(sections.header(0), horizon)?;
    let shifts = p.shifts(shifts)?;
    let mut staff = p.staff(staff, &shifts)?;
    p.days_off(days_off, &mut staff, horizon)?;
    let universe = Universe {
        horizon,
        shifts: &shifts,
        staff: &staff,
    };
    let shift_on_requests = p.requests(on, &universe, words::SHIFT_ON_REQUEST)?;
    let shift_off_requests = p.requests(off, &universe, words::SHIFT_OFF_REQUEST)?;
    let cover = p.cover(cover, &universe)?;
    Ok(CurtoisInstance {
        horizon,
        shifts,
        staff,
        shift_on_requests,
        shift_off_requests,
        cover,
    })
}

/// One non-blank, non-comment line.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// 1-based line number.
    number: usize,
    /// The text, without its line end.
    text: &'a str,
}

/// One comma-separated field of a line.
#[derive(Debug, Clone, Copy)]
struct Field<'a> {
    /// 1-based line number.
    line: usize,
    /// 1-based column of the first non-blank character (or of the field if empty).
    column: usize,
    /// The trimmed text.
    text: &'a str,
}

/// The data lines of each section, with the header line of each.
struct Sections<'a> {
    /// Header line number of each section, indexed like [`SECTIONS`].
    headers: [usize; 7],
    /// Data lines of each section.
    lines: [Vec<Line<'a>>; 7],
}

impl Sections<'_> {
    /// The header line of section `i`.
    fn header(&self, i: usize) -> usize {
        self.headers[i]
    }
}

/// What requests and cover lines may refer to.
struct Universe<'a> {
    horizon: usize,
    shifts: &'a [ShiftType],
    staff: &'a [Staff],
}

/// Splits a line into fields, with their columns.
fn fields(line: Line<'_>) -> Vec<Field<'_>> {
    let mut out = Vec::new();
    let mut column = 1;
    for raw in line.text.split(',') {
        let lead = raw.chars().take_while(|c| c.is_whitespace()).count();
        out.push(Field {
            line: line.number,
            column: column + lead,
            text: raw.trim(),
        });
        column += raw.chars().count() + 1;
    }
    out
}

/// Column just after the end of a line.
fn end_column(line: Line<'_>) -> usize {
    line.text.chars().count() + 1
}

/// `« text »`, or a note that the field is empty.
fn found(text: &str) -> String {
    words::found(text)
}

/// Parser state: the file name used in errors.
struct Parser<'f> {
    file: &'f str,
}

impl Parser<'_> {
    /// An error at a position.
    fn error(&self, line: usize, column: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            file: self.file.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    /// An error at a field.
    fn at(&self, field: Field<'_>, message: impl Into<String>) -> ParseError {
        self.error(field.line, field.column, message)
    }

    /// Groups the lines by section; checks names, duplicates and missing sections.
    fn sections<'a>(&self, text: &'a str) -> Result<Sections<'a>, ParseError> {
        let mut headers = [0usize; 7];
        let mut lines: [Vec<Line<'a>>; 7] = Default::default();
        let mut current: Option<usize> = None;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut last = 0;
        for (i, raw) in text.lines().enumerate() {
            let number = i + 1;
            last = number;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let column = raw.chars().take_while(|c| c.is_whitespace()).count() + 1;
            if trimmed.starts_with("SECTION_") {
                let Some(s) = SECTIONS.iter().position(|&n| n == trimmed) else {
                    return Err(self.error(
                        number,
                        column,
                        words::unknown_section(trimmed, &SECTIONS.join(", ")),
                    ));
                };
                if headers[s] != 0 {
                    return Err(self.error(
                        number,
                        column,
                        words::section_reopened(trimmed, headers[s]),
                    ));
                }
                headers[s] = number;
                current = Some(s);
                continue;
            }
            let Some(s) = current else {
                return Err(self.error(
                    number,
                    column,
                    words::line_outside_sections(&found(trimmed)),
                ));
            };
            lines[s].push(Line { number, text: raw });
        }
        if let Some(s) = headers.iter().position(|&h| h == 0) {
            return Err(self.error(last + 1, 1, words::missing_section(SECTIONS[s])));
        }
        Ok(Sections { headers, lines })
    }

    /// Checks that a line has exactly `n` fields.
    fn arity<'a>(
        &self,
        line: Line<'a>,
        n: usize,
        context: &str,
    ) -> Result<Vec<Field<'a>>, ParseError> {
        let f = fields(line);
        match f.len() {
            len if len == n => Ok(f),
            len if len < n => Err(self.error(
                line.number,
                end_column(line),
                words::wrong_arity(context, n, len),
            )),
            len => Err(self.at(f[n], words::wrong_arity(context, n, len))),
        }
    }

    /// A non-negative integer. `-0` is read as 0: Instance15 writes two cover
    /// requirements that way.
    fn number(&self, field: Field<'_>, context: &str, what: &str) -> Result<u32, ParseError> {
        let text = match field.text.strip_prefix('-') {
            Some(zeros) if !zeros.is_empty() && zeros.bytes().all(|b| b == b'0') => zeros,
            _ => field.text,
        };
        let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
        let value = if digits {
            text.parse::<u32>().ok()
        } else {
            None
        };
        value.ok_or_else(|| {
            self.at(
                field,
                words::not_a_number(context, what, &found(field.text)),
            )
        })
    }

    /// A day index inside the horizon.
    fn day(&self, field: Field<'_>, horizon: usize, context: &str) -> Result<usize, ParseError> {
        let day = self.number(field, context, words::THE_DAY)? as usize;
        if day >= horizon {
            return Err(self.at(field, words::day_outside_horizon(context, day, horizon - 1)));
        }
        Ok(day)
    }

    /// A non-empty identifier.
    fn identifier<'a>(
        &self,
        field: Field<'a>,
        context: &str,
        what: &str,
    ) -> Result<&'a str, ParseError> {
        if field.text.is_empty() {
            return Err(self.at(field, words::missing(context, what, &found(""))));
        }
        Ok(field.text)
    }

    /// A reference to a known shift type.
    fn shift_ref(
        &self,
        field: Field<'_>,
        shifts: &[ShiftType],
        context: &str,
    ) -> Result<usize, ParseError> {
        let id = self.identifier(field, context, words::SHIFT_ID)?;
        shifts
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| self.at(field, words::unknown_shift_in(context, id)))
    }

    /// A reference to a known staff member.
    fn staff_ref(
        &self,
        field: Field<'_>,
        staff: &[Staff],
        context: &str,
    ) -> Result<usize, ParseError> {
        let id = self.identifier(field, context, words::STAFF_ID)?;
        staff
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| self.at(field, words::unknown_staff_in(context, id)))
    }

    /// `SECTION_HORIZON`: one line, one positive multiple of 7.
    fn horizon(&self, header: usize, lines: &[Line<'_>]) -> Result<usize, ParseError> {
        let context = words::HORIZON;
        let Some(&first) = lines.first() else {
            return Err(self.error(header, 1, words::HORIZON_EMPTY));
        };
        if let Some(&extra) = lines.get(1) {
            return Err(self.error(extra.number, 1, words::HORIZON_ONE_LINE));
        }
        let f = self.arity(first, 1, context)?;
        let days = self.number(f[0], context, words::THE_DAY_COUNT)? as usize;
        if days == 0 || !days.is_multiple_of(7) {
            return Err(self.at(f[0], words::horizon_not_weeks(days)));
        }
        if days > MAX_HORIZON_DAYS {
            return Err(self.at(f[0], words::horizon_too_long(days, MAX_HORIZON_DAYS)));
        }
        Ok(days)
    }

    /// `SECTION_SHIFTS`: `ShiftID, LengthInMinutes, Forbidden`.
    fn shifts(&self, lines: &[Line<'_>]) -> Result<Vec<ShiftType>, ParseError> {
        let mut shifts: Vec<ShiftType> = Vec::new();
        let mut defined: BTreeMap<&str, usize> = BTreeMap::new();
        let mut pending = Vec::new();
        for &line in lines {
            let f = self.arity(line, 3, words::SHIFT)?;
            let id = self.identifier(f[0], words::SHIFT, words::SHIFT_ID)?;
            let context = words::shift_context(id);
            if let Some(previous) = defined.insert(id, line.number) {
                return Err(self.at(f[0], words::already_defined(&context, previous)));
            }
            let minutes = self.number(f[1], &context, words::THE_MINUTES)?;
            shifts.push(ShiftType {
                id: id.to_string(),
                minutes,
                forbidden_next: Vec::new(),
            });
            pending.push((context, f[2]));
        }
        // Successions may name shifts defined further down: resolve them last.
        for (i, (context, field)) in pending.into_iter().enumerate() {
            let forbidden = self.forbidden(field, &shifts, &context)?;
            shifts[i].forbidden_next = forbidden;
        }
        Ok(shifts)
    }

    /// The `|`-separated list of forbidden successors (may be empty).
    fn forbidden(
        &self,
        field: Field<'_>,
        shifts: &[ShiftType],
        context: &str,
    ) -> Result<Vec<usize>, ParseError> {
        let mut out = Vec::new();
        if field.text.is_empty() {
            return Ok(out);
        }
        for part in sub_fields(field, '|') {
            out.push(self.shift_ref(part, shifts, context)?);
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    /// `SECTION_STAFF`: eight fields per line.
    fn staff(&self, lines: &[Line<'_>], shifts: &[ShiftType]) -> Result<Vec<Staff>, ParseError> {
        let mut staff: Vec<Staff> = Vec::new();
        let mut defined: BTreeMap<&str, usize> = BTreeMap::new();
        for &line in lines {
            let f = self.arity(line, 8, words::STAFF)?;
            let id = self.identifier(f[0], words::STAFF, words::STAFF_ID)?;
            let context = words::staff_context(id);
            if let Some(previous) = defined.insert(id, line.number) {
                return Err(self.at(f[0], words::already_defined(&context, previous)));
            }
            let max_shifts = self.max_shifts(f[1], shifts, &context)?;
            let n = |i: usize, what: &str| self.number(f[i], &context, what);
            let member = Staff {
                id: id.to_string(),
                max_shifts,
                max_total_minutes: n(2, words::THE_MAX_TOTAL)?,
                min_total_minutes: n(3, words::THE_MIN_TOTAL)?,
                max_consecutive_shifts: n(4, words::THE_MAX_RUN)?,
                min_consecutive_shifts: n(5, words::THE_MIN_RUN)?,
                min_consecutive_days_off: n(6, words::THE_MIN_REST)?,
                max_weekends: n(7, words::THE_MAX_WEEKENDS)?,
                days_off: Vec::new(),
            };
            // A minimum above its maximum can be met by no roster; gardes refuses the
            // same pairs (`contradictory_limits`), so the importer could not write them.
            // A minimum run of 0 or 1 is no minimum.
            if member.min_total_minutes > member.max_total_minutes {
                return Err(self.at(
                    f[3],
                    words::min_total_above_max(
                        &context,
                        member.min_total_minutes,
                        member.max_total_minutes,
                    ),
                ));
            }
            if member.min_consecutive_shifts > 1
                && member.min_consecutive_shifts > member.max_consecutive_shifts
            {
                return Err(self.at(
                    f[5],
                    words::min_run_above_max(
                        &context,
                        member.min_consecutive_shifts,
                        member.max_consecutive_shifts,
                    ),
                ));
            }
            staff.push(member);
        }
        Ok(staff)
    }

    /// `ShiftID=limit|…`; types not listed get 0.
    fn max_shifts(
        &self,
        field: Field<'_>,
        shifts: &[ShiftType],
        context: &str,
    ) -> Result<Vec<u32>, ParseError> {
        let mut limits = vec![0; shifts.len()];
        let mut seen = vec![false; shifts.len()];
        if field.text.is_empty() {
            return Ok(limits);
        }
        for part in sub_fields(field, '|') {
            let Some((id, limit)) = part.text.split_once('=') else {
                return Err(self.at(part, words::limit_expected(context, &found(part.text))));
            };
            let id_field = Field {
                text: id.trim(),
                ..part
            };
            let limit_field = Field {
                column: part.column + id.chars().count() + 1,
                text: limit.trim(),
                ..part
            };
            let shift = self.shift_ref(id_field, shifts, context)?;
            if std::mem::replace(&mut seen[shift], true) {
                return Err(self.at(part, words::limit_twice(context, id.trim())));
            }
            limits[shift] = self.number(limit_field, context, words::THE_LIMIT)?;
        }
        Ok(limits)
    }

    /// `SECTION_DAYS_OFF`: `EmployeeID, day, day, …`, trailing empty fields allowed.
    fn days_off(
        &self,
        lines: &[Line<'_>],
        staff: &mut [Staff],
        horizon: usize,
    ) -> Result<(), ParseError> {
        let mut given: BTreeMap<usize, usize> = BTreeMap::new();
        for &line in lines {
            let f = fields(line);
            let who = self.staff_ref(f[0], staff, words::DAYS_OFF)?;
            let context = words::days_off_context(&staff[who].id);
            if let Some(previous) = given.insert(who, line.number) {
                return Err(self.at(f[0], words::days_off_again(&context, previous)));
            }
            let used = f.iter().rposition(|x| !x.text.is_empty()).unwrap_or(0);
            let mut days = Vec::new();
            for &field in &f[1..=used] {
                days.push(self.day(field, horizon, &context)?);
            }
            days.sort_unstable();
            days.dedup();
            staff[who].days_off = days;
        }
        Ok(())
    }

    /// `SECTION_SHIFT_ON_REQUESTS` or `SECTION_SHIFT_OFF_REQUESTS`:
    /// `EmployeeID, Day, ShiftID, Weight`.
    fn requests(
        &self,
        lines: &[Line<'_>],
        u: &Universe<'_>,
        context: &str,
    ) -> Result<Vec<Request>, ParseError> {
        let mut out = Vec::with_capacity(lines.len());
        for &line in lines {
            let f = self.arity(line, 4, context)?;
            let staff = self.staff_ref(f[0], u.staff, context)?;
            let context = words::request_context(context, &u.staff[staff].id);
            out.push(Request {
                staff,
                day: self.day(f[1], u.horizon, &context)?,
                shift: self.shift_ref(f[2], u.shifts, &context)?,
                weight: self.number(f[3], &context, words::THE_WEIGHT)?,
            });
        }
        Ok(out)
    }

    /// `SECTION_COVER`: `Day, ShiftID, Requirement, WeightUnder, WeightOver`.
    fn cover(&self, lines: &[Line<'_>], u: &Universe<'_>) -> Result<Vec<Cover>, ParseError> {
        let mut out = Vec::with_capacity(lines.len());
        let mut seen: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for &line in lines {
            let context = words::COVER;
            let f = self.arity(line, 5, context)?;
            let day = self.day(f[0], u.horizon, context)?;
            let shift = self.shift_ref(f[1], u.shifts, context)?;
            let context = words::cover_context(day, &u.shifts[shift].id);
            if let Some(previous) = seen.insert((day, shift), line.number) {
                return Err(self.at(f[0], words::cover_again(&context, previous)));
            }
            out.push(Cover {
                day,
                shift,
                requirement: self.number(f[2], &context, words::THE_REQUIREMENT)?,
                weight_under: self.number(f[3], &context, words::THE_UNDER_WEIGHT)?,
                weight_over: self.number(f[4], &context, words::THE_OVER_WEIGHT)?,
            });
        }
        Ok(out)
    }
}

/// Splits a field on `sep`, keeping columns.
fn sub_fields(field: Field<'_>, sep: char) -> Vec<Field<'_>> {
    let mut out = Vec::new();
    let mut column = field.column;
    for raw in field.text.split(sep) {
        let lead = raw.chars().take_while(|c| c.is_whitespace()).count();
        out.push(Field {
            line: field.line,
            column: column + lead,
            text: raw.trim(),
        });
        column += raw.chars().count() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_carry_their_columns() {
        let line = Line {
            number: 3,
            text: "A, 2 ,,x",
        };
        let got: Vec<(usize, &str)> = fields(line).iter().map(|f| (f.column, f.text)).collect();
        assert_eq!(got, vec![(1, "A"), (4, "2"), (7, ""), (8, "x")]);
    }

    /// A valid file with `horizon` days and one staff line (found by `cargo fuzz`,
    /// docs/fuzzing.md).
    fn with(horizon: &str, staff: &str) -> Result<CurtoisInstance, ParseError> {
        let text = format!(
            "SECTION_HORIZON\n{horizon}\nSECTION_SHIFTS\nD,480,\nSECTION_STAFF\n{staff}\n\
             SECTION_DAYS_OFF\nSECTION_SHIFT_ON_REQUESTS\nSECTION_SHIFT_OFF_REQUESTS\n\
             SECTION_COVER\n0,D,1,100,1\n"
        );
        parse("f.txt", &text)
    }

    fn error(r: Result<CurtoisInstance, ParseError>) -> (usize, usize, String) {
        let e = r.expect_err("refused");
        (e.line, e.column, e.message)
    }

    #[test]
    fn the_horizon_is_at_most_521_weeks() {
        let staff = "A,D=14,4320,0,5,1,1,2";
        assert_eq!(with("3647", staff).map(|i| i.horizon), Ok(3647));
        assert_eq!(
            error(with("4294967292", staff)),
            (
                2,
                1,
                "horizon : 4294967292 jours, au plus 3647 (521 semaines, dix ans)".to_string()
            )
        );
    }

    #[test]
    fn a_minimum_above_its_maximum_is_refused() {
        // The fuzzer's reproducer: 320 minutes at most, 3360 at least.
        assert_eq!(
            error(with("14", "J,D=14,320,3360,5,2,2,1")),
            (
                6,
                12,
                "effectif « J » : durée totale minimale 3360 supérieure à la maximale 320"
                    .to_string()
            )
        );
        assert_eq!(
            error(with("14", "J,D=14,4320,0,2,3,2,1")),
            (
                6,
                17,
                "effectif « J » : nombre minimal de postes consécutifs 3 supérieur au maximal 2"
                    .to_string()
            )
        );
        // Equal bounds, and a minimum run of 1 above a maximum of 0, are no contradiction.
        assert!(with("14", "J,D=14,480,480,0,1,2,1").is_ok());
    }

    #[test]
    fn sub_fields_offset_from_the_field() {
        let field = Field {
            line: 1,
            column: 3,
            text: "D=1|E=2",
        };
        let got: Vec<(usize, &str)> = sub_fields(field, '|')
            .iter()
            .map(|f| (f.column, f.text))
            .collect();
        assert_eq!(got, vec![(3, "D=1"), (7, "E=2")]);
    }
}
