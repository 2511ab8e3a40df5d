//! Located problems of an instance file: [`Diagnostic`], the list [`Diagnostics`] and
//! the [`LoadError`] of [`super::load`].
//!
//! A diagnostic carries a stable code (listed in [`codes`] and in
//! docs/instance-format.md), a French message, the place (file, 1-based line and
//! column in characters, byte span) and an optional help. [`Diagnostics`] keeps the
//! source text so that miette can show the offending line of each problem; its
//! `Display` and [`Diagnostics::render_plain`] need no terminal.
//!
//! This module only formats: it decides nothing about what is valid.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use miette::{LabeledSpan, NamedSource, SourceCode};

/// The stable codes of instance diagnostics, one per kind of problem.
pub mod codes {
    /// TOML syntax error.
    pub const SYNTAX: &str = "gardes::instance::syntax";
    /// A value of the wrong TOML type.
    pub const INVALID_TYPE: &str = "gardes::instance::invalid_type";
    /// A key the format does not know.
    pub const UNKNOWN_KEY: &str = "gardes::instance::unknown_key";
    /// A required key or section is absent.
    pub const MISSING_KEY: &str = "gardes::instance::missing_key";
    /// An id that is empty or has characters other than letters, digits, `-`, `_`.
    pub const INVALID_ID: &str = "gardes::instance::invalid_id";
    /// Two periods, posts, practitioners or categories share an id.
    pub const DUPLICATE_ID: &str = "gardes::instance::duplicate_id";
    /// Not a date, or not a real one.
    pub const INVALID_DATE: &str = "gardes::instance::invalid_date";
    /// The horizon's last date is before its first.
    pub const REVERSED_HORIZON: &str = "gardes::instance::reversed_horizon";
    /// A horizon longer than ten years (a typo in a year, most likely).
    pub const HORIZON_TOO_LONG: &str = "gardes::instance::horizon_too_long";
    /// A time zone name that is not in the IANA database.
    pub const UNKNOWN_TIME_ZONE: &str = "gardes::instance::unknown_time_zone";
    /// A clock time that is not HH:MM in 00:00–23:59 (or 24:00 as an end).
    pub const INVALID_TIME: &str = "gardes::instance::invalid_time";
    /// A period whose start equals its end.
    pub const EMPTY_PERIOD: &str = "gardes::instance::empty_period";
    /// A period with `day_kinds = []`: it would never occur.
    pub const EMPTY_DAY_KINDS: &str = "gardes::instance::empty_day_kinds";
    /// A period's `end_day` outside 0..=28.
    pub const INVALID_END_DAY: &str = "gardes::instance::invalid_end_day";
    /// A period with `end_day = 0` whose end is not after its start.
    pub const PERIOD_ENDS_BEFORE_START: &str = "gardes::instance::period_ends_before_start";
    /// A period with both `end_day` and `after_midnight = true`.
    pub const END_DAY_AFTER_MIDNIGHT: &str = "gardes::instance::end_day_after_midnight";
    /// A period with `weekdays = []`: it would never occur.
    pub const EMPTY_WEEKDAYS: &str = "gardes::instance::empty_weekdays";
    /// A weekday other than monday … sunday.
    pub const UNKNOWN_WEEKDAY: &str = "gardes::instance::unknown_weekday";
    /// A reference to a period that is not declared.
    pub const UNKNOWN_PERIOD: &str = "gardes::instance::unknown_period";
    /// A reference to a post that is not declared.
    pub const UNKNOWN_POST: &str = "gardes::instance::unknown_post";
    /// A reference to a fairness category that is not declared.
    pub const UNKNOWN_CATEGORY: &str = "gardes::instance::unknown_category";
    /// A day kind other than weekday, saturday, sunday, holiday, bridge.
    pub const UNKNOWN_DAY_KIND: &str = "gardes::instance::unknown_day_kind";
    /// A post kind other than pdsa, mcs, mmg, mobile_doctor, physio_weekend, other.
    pub const UNKNOWN_POST_KIND: &str = "gardes::instance::unknown_post_kind";
    /// A regional calendar that does not exist.
    pub const UNKNOWN_REGIONAL_CALENDAR: &str = "gardes::instance::unknown_regional_calendar";
    /// A demand below 1.
    pub const INVALID_DEMAND: &str = "gardes::instance::invalid_demand";
    /// A period named with a post that does not cover it.
    pub const PERIOD_NOT_IN_POST: &str = "gardes::instance::period_not_in_post";
    /// A post declared combinable with itself.
    pub const SELF_COMBINABLE: &str = "gardes::instance::self_combinable";
    /// A share that is not a finite number above 0.
    pub const INVALID_SHARE: &str = "gardes::instance::invalid_share";
    /// A date outside the horizon where it must be inside.
    pub const DATE_OUTSIDE_HORIZON: &str = "gardes::instance::date_outside_horizon";
    /// A date range whose end is before its start.
    pub const REVERSED_RANGE: &str = "gardes::instance::reversed_range";
    /// A weight out of its range (wish weight below 1, negative weights...).
    pub const INVALID_WEIGHT: &str = "gardes::instance::invalid_weight";
    /// A negative or non-finite history value.
    pub const INVALID_HISTORY: &str = "gardes::instance::invalid_history";
    /// A negative or too large count (rules, limits).
    pub const INVALID_NUMBER: &str = "gardes::instance::invalid_number";
    /// A month-day that is not `MM-DD` or not a day of the year.
    pub const INVALID_MONTH_DAY: &str = "gardes::instance::invalid_month_day";
    /// An unavailability or wish target that is none of the three accepted forms.
    pub const INVALID_TARGET: &str = "gardes::instance::invalid_target";
    /// A wish with neither or both of `off` and `on`.
    pub const INVALID_WISH: &str = "gardes::instance::invalid_wish";
    /// One date forced twice in `[calendar] overrides`.
    pub const DUPLICATE_OVERRIDE: &str = "gardes::instance::duplicate_override";
    /// The file could not be read.
    pub const IO: &str = "gardes::instance::io";
    /// The file is not UTF-8.
    pub const ENCODING: &str = "gardes::instance::encoding";
    /// A practitioner's `place` that no `places` entry declares.
    pub const UNKNOWN_PLACE: &str = "gardes::instance::unknown_place";
    /// A latitude or longitude out of range.
    pub const INVALID_COORDINATE: &str = "gardes::instance::invalid_coordinate";
    /// A problem of the travel-matrix CSV file.
    pub const TRAVEL_MATRIX: &str = "gardes::instance::travel_matrix";
    /// A file named by the instance (`travel_matrix`) outside the instance file's
    /// folder: an absolute path, a `..`, or a symbolic link leading out. The file is
    /// neither read nor quoted.
    pub const OUTSIDE_FOLDER: &str = "gardes::instance::outside_folder";
    /// A practitioner serving a post reserved to other professions.
    pub const PROFESSION_MISMATCH: &str = "gardes::instance::profession_mismatch";
    /// An `[objective] mode` other than lexicographic or weighted.
    pub const UNKNOWN_OBJECTIVE_MODE: &str = "gardes::instance::unknown_objective_mode";
    /// Limits that contradict each other (a minimum above its maximum).
    pub const CONTRADICTORY_LIMITS: &str = "gardes::instance::contradictory_limits";
    /// A category's `targets` other than demand or filled.
    pub const UNKNOWN_TARGET_BASIS: &str = "gardes::instance::unknown_target_basis";
    /// A warning, not an error: a demand above the practitioners who may serve the post.
    pub const DEMAND_ABOVE_CANDIDATES: &str = "gardes::instance::demand_above_candidates";
    /// A `[fees]` amount that is negative, too large or not in whole cents.
    pub const INVALID_FEE: &str = "gardes::instance::invalid_fee";

    /// Every code, for documentation tests.
    pub const ALL: &[&str] = &[
        SYNTAX,
        INVALID_TYPE,
        UNKNOWN_KEY,
        MISSING_KEY,
        INVALID_ID,
        DUPLICATE_ID,
        INVALID_DATE,
        REVERSED_HORIZON,
        HORIZON_TOO_LONG,
        UNKNOWN_TIME_ZONE,
        INVALID_TIME,
        EMPTY_PERIOD,
        EMPTY_DAY_KINDS,
        INVALID_END_DAY,
        PERIOD_ENDS_BEFORE_START,
        END_DAY_AFTER_MIDNIGHT,
        EMPTY_WEEKDAYS,
        UNKNOWN_WEEKDAY,
        UNKNOWN_PERIOD,
        UNKNOWN_POST,
        UNKNOWN_CATEGORY,
        UNKNOWN_DAY_KIND,
        UNKNOWN_POST_KIND,
        UNKNOWN_REGIONAL_CALENDAR,
        INVALID_DEMAND,
        PERIOD_NOT_IN_POST,
        SELF_COMBINABLE,
        INVALID_SHARE,
        DATE_OUTSIDE_HORIZON,
        REVERSED_RANGE,
        INVALID_WEIGHT,
        INVALID_HISTORY,
        INVALID_NUMBER,
        INVALID_MONTH_DAY,
        INVALID_TARGET,
        INVALID_WISH,
        DUPLICATE_OVERRIDE,
        IO,
        ENCODING,
        UNKNOWN_PLACE,
        INVALID_COORDINATE,
        TRAVEL_MATRIX,
        OUTSIDE_FOLDER,
        PROFESSION_MISMATCH,
        UNKNOWN_OBJECTIVE_MODE,
        CONTRADICTORY_LIMITS,
        UNKNOWN_TARGET_BASIS,
        DEMAND_ABOVE_CANDIDATES,
        INVALID_FEE,
    ];
}

/// One located problem of an instance file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `gardes::instance::unknown_post` (see [`codes`]).
    pub code: &'static str,
    /// What is wrong, in French.
    pub message: String,
    /// The file, as given to [`super::parse`].
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte range in the source text.
    pub span: Range<usize>,
    /// A suggestion (did-you-mean, expected form), in French.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem of `file` (whose text is `text`) at byte range `span`, its line and
    /// column computed from the text.
    pub fn at(
        code: &'static str,
        file: &str,
        text: &str,
        span: Range<usize>,
        message: String,
        help: Option<String>,
    ) -> Self {
        let (line, column) = line_column(text, span.start);
        Diagnostic {
            code,
            message,
            file: file.to_owned(),
            line,
            column,
            span,
            help,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let len = self.span.end.saturating_sub(self.span.start);
        Some(Box::new(std::iter::once(LabeledSpan::new(
            None,
            self.span.start,
            len,
        ))))
    }
}

/// Every problem found in an instance file, sorted by position.
///
/// `Display` writes one `file:line:col: message` line per problem, each followed by
/// its help if any. As a `miette::Diagnostic` the problems are `related` items sharing
/// the source text, so a graphical handler shows each with its line.
#[derive(Clone, Debug)]
pub struct Diagnostics(pub Vec<Diagnostic>, Option<Arc<NamedSource<String>>>);

impl PartialEq for Diagnostics {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Diagnostics {
    /// Wraps a list of diagnostics without source text (sorted by position).
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        sort(&mut diagnostics);
        Diagnostics(diagnostics, None)
    }

    /// Wraps a list of diagnostics of `text` (sorted by position), keeping the text
    /// for rendering.
    pub fn with_source(mut diagnostics: Vec<Diagnostic>, file: &str, text: &str) -> Self {
        sort(&mut diagnostics);
        let source = NamedSource::new(file, text.to_owned()).with_language("TOML");
        Diagnostics(diagnostics, Some(Arc::new(source)))
    }

    /// The problems, sorted by position.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// How many problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no problem.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The codes, in order: handy in tests.
    pub fn codes(&self) -> Vec<&'static str> {
        self.0.iter().map(|d| d.code).collect()
    }

    /// A one-line French summary: `exemple.toml : 3 problèmes`.
    pub fn summary(&self) -> String {
        let file = self.0.first().map_or("instance", |d| d.file.as_str());
        super::labels::summary(file, self.0.len())
    }

    /// Every problem with its source line underlined, without colours, for tests and
    /// plain terminals:
    ///
    /// ```text
    /// exemple.toml:12:7: période "nuit" : fin "25:00" invalide, ...
    ///    |
    /// 12 | end = "25:00"
    ///    |       ^^^^^^^
    ///    = aide : ...
    /// ```
    pub fn render_plain(&self) -> String {
        let text = self.1.as_ref().map(|s| s.inner().as_str());
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&format!(
                "{}:{}:{}: {}\n",
                d.file, d.line, d.column, d.message
            ));
            let gutter = d.line.to_string().len();
            let pad = " ".repeat(gutter);
            if let Some(text) = text {
                if let Some((line_text, start_char, width)) = excerpt(text, &d.span) {
                    out.push_str(&format!("{pad} |\n"));
                    out.push_str(&format!("{} | {}\n", d.line, line_text));
                    out.push_str(&format!(
                        "{pad} | {}{}\n",
                        " ".repeat(start_char),
                        "^".repeat(width)
                    ));
                }
            }
            if let Some(help) = &d.help {
                out.push_str(&format!("{pad} = aide : {help}\n"));
            }
        }
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}:{}: {}", d.file, d.line, d.column, d.message)?;
            if let Some(help) = &d.help {
                write!(f, "\n  aide : {help}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl miette::Diagnostic for Diagnostics {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self.0.as_slice() {
            [only] => Some(Box::new(only.code)),
            _ => None,
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.1.as_deref().map(|s| s as &dyn SourceCode)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        Some(Box::new(
            self.0.iter().map(|d| d as &dyn miette::Diagnostic),
        ))
    }
}

/// Why [`super::load`] failed.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{}", super::labels::cannot_read_instance(.path, .source))]
    Io {
        /// The path as given.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file was read but is not a valid instance. `Display` is a one-line summary;
    /// the problems are in the diagnostics (miette `related`).
    #[error("{}", .0.summary())]
    Invalid(Diagnostics),
}

impl LoadError {
    /// The diagnostics, when the file was read but is invalid.
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            LoadError::Io { .. } => None,
            LoadError::Invalid(d) => Some(d),
        }
    }
}

impl From<Diagnostics> for LoadError {
    fn from(d: Diagnostics) -> Self {
        LoadError::Invalid(d)
    }
}

impl miette::Diagnostic for LoadError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self {
            LoadError::Io { .. } => Some(Box::new(codes::IO)),
            LoadError::Invalid(_) => None,
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        match self {
            LoadError::Io { .. } => None,
            LoadError::Invalid(d) => miette::Diagnostic::source_code(d),
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        match self {
            LoadError::Io { .. } => None,
            LoadError::Invalid(d) => miette::Diagnostic::related(d),
        }
    }
}

/// Stable sort by position; problems at the same place keep the order found.
fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
}

/// 1-based line and column (in characters) of byte `offset` in `text`. An offset past
/// the end or inside a character is moved back to the nearest boundary.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_boundary(text, offset);
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The line holding `span.start`, the column (in characters, 0-based) where the span
/// starts on it and how many characters of the line it covers (at least 1).
fn excerpt(text: &str, span: &Range<usize>) -> Option<(String, usize, usize)> {
    let start = floor_boundary(text, span.start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let start_char = text[line_start..start].chars().count();
    let end = floor_boundary(text, span.end.clamp(start, line_end));
    let width = text[start..end].chars().count().max(1);
    Some((line.to_owned(), start_char, width))
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters() {
        let text = "a = 1\nnom = \"é\" x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        // "x" after a two-byte character: byte 17, character column 11.
        let x = text.find('x').unwrap_or(0);
        assert_eq!(line_column(text, x), (2, 11));
        assert_eq!(line_column(text, 1000), (3, 1));
    }

    #[test]
    fn every_code_is_unique_and_namespaced() {
        let mut seen = std::collections::BTreeSet::new();
        for code in codes::ALL {
            assert!(code.starts_with("gardes::instance::"), "{code}");
            assert!(seen.insert(code), "{code} twice");
        }
    }
}
