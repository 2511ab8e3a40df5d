//! Raw → validated [`Instance`], collecting every problem of the file at once.
//!
//! [`parse`] runs three stages. TOML syntax: every error the recovering parser finds.
//! Serde: the raw structs of [`super::raw`], which stops at the first type error, and
//! every unknown key (`serde_ignored`); both are translated in [`super::sink`]. Then
//! the semantic checks of docs/instance-format.md, each problem located by the span of
//! the value it is about: `Checker::instance`, here, runs the sections in order, and
//! each section is in a submodule (`horizon`: `[horizon]` and `[calendar]`; `posts`:
//! periods and posts; `rules`: rules, limits, fairness, preferences, objective;
//! `geography`, with `confine`, which keeps the files an instance names inside its
//! folder; `practitioners`), all reading their values through `values`. A check
//! that meets an invalid value reports it, substitutes a harmless placeholder and goes
//! on, and references to an id already reported as invalid are not reported again, so
//! one mistake is reported once, not as a cascade.
//!
//! The French messages of the semantic checks are words of [`super::labels`], one
//! constant or small function per diagnostic; the names of tables (`période "nuit"`, `[rules]`) come from
//! [`super::locate`]. Nothing here knows about duties, the model or outputs.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use toml::de::DeTable;
use toml::Spanned;

use super::diagnostic::{codes, line_column, Diagnostic, Diagnostics, LoadError};
use super::labels as fr;
use super::locate::{segments, Locator, Seg};
use super::raw::{self, RawDemand, RawInstance};
use super::sink::Sink;
use super::{CategoryIdx, Horizon, Instance, PeriodIdx, PlaceIdx, PostIdx};

mod confine;
mod fees;
mod geography;
mod horizon;
mod posts;
mod practitioners;
mod rules;
mod values;

/// Parses and validates an instance file.
///
/// `file` is the path as the user typed it: used in messages, and as the base of the
/// travel-matrix path of `[coverage]`, the one file an instance may refer to, which is
/// read only inside `file`'s folder or a subfolder (an absolute path, a `..` or a
/// symbolic link leading out is [`codes::OUTSIDE_FOLDER`], and the file is neither read
/// nor quoted).
///
/// # Errors
///
/// Every problem found, sorted by position: TOML syntax errors (all the recovering
/// parser finds), else the first type error and every unknown key, and every semantic
/// problem (see docs/instance-format.md for the list of codes).
///
/// # Example
///
/// ```
/// let text = r#"
/// [horizon]
/// first = 2027-01-01
/// last = 2026-12-31
/// "#;
/// let Err(problems) = gardes::instance::parse("i.toml", text) else {
///     panic!("a reversed horizon is refused");
/// };
/// assert_eq!(problems.0[0].code, "gardes::instance::reversed_horizon");
/// assert_eq!((problems.0[0].line, problems.0[0].column), (4, 8));
/// ```
pub fn parse(file: &str, text: &str) -> Result<Instance, Diagnostics> {
    parse_with_warnings(file, text).map(|(instance, _)| instance)
}

/// [`parse`], with the warnings of a valid file: located remarks that do not stop the
/// solve (a demand above the practitioners who may serve the post,
/// [`codes::DEMAND_ABOVE_CANDIDATES`]), sorted by position.
///
/// # Errors
///
/// As [`parse`].
pub fn parse_with_warnings(file: &str, text: &str) -> Result<(Instance, Diagnostics), Diagnostics> {
    // A byte-order mark is not TOML; editors on Windows add one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sink = Sink {
        file,
        text,
        out: Vec::new(),
    };

    let (root, syntax_errors) = DeTable::parse_recoverable(text);
    if !syntax_errors.is_empty() {
        for e in &syntax_errors {
            sink.syntax(e);
        }
        return Err(sink.finish());
    }

    let locator = Locator::new(root.clone());
    let mut ignored = Vec::new();
    let deserializer = toml::de::Deserializer::from(root);
    let raw: Result<RawInstance, _> =
        serde_ignored::deserialize(deserializer, |path| ignored.push(segments(&path)));
    for path in &ignored {
        sink.unknown_key(path, &locator);
    }
    let raw = match raw {
        Ok(raw) => raw,
        Err(e) => {
            sink.type_error(&e, &locator);
            return Err(sink.finish());
        }
    };

    let mut checker = Checker::new(&mut sink, &locator, file);
    let mut instance = checker.instance(&raw);
    if !sink.out.is_empty() {
        return Err(sink.finish());
    }
    if let Some(geo) = instance.geography.as_mut() {
        let named_at = raw
            .coverage
            .as_ref()
            .and_then(|c| c.get_ref().travel_matrix.as_ref())
            .map_or(0..0, Spanned::span);
        geography::read_matrix(geo, file, text, named_at)?;
    }
    let raw_posts = raw.posts.as_deref().unwrap_or_default();
    sink.out = demand_warnings(file, text, raw_posts, &instance);
    let warnings = sink.finish();
    Ok((instance, warnings))
}

/// The warnings of a valid instance: every demand written in the file (`demand`, a
/// period's entry of it, a `demand_on` entry) above the number of practitioners who may
/// serve the post (listing it and holding its qualifications). The seats beyond stay
/// empty in every roster; it is most likely a typo.
fn demand_warnings(
    file: &str,
    text: &str,
    raw_posts: &[Spanned<raw::RawPost>],
    instance: &Instance,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, (raw_post, post)) in raw_posts.iter().zip(&instance.posts).enumerate() {
        let idx = PostIdx(i as u32);
        let candidates = instance
            .practitioners
            .iter()
            .filter(|p| p.posts.contains(&idx) && post.qualifications.is_subset(&p.qualifications))
            .count();
        let raw_post = raw_post.get_ref();
        let mut written: Vec<(i64, Range<usize>)> = Vec::new();
        match raw_post.demand.as_ref().map(|d| (d.get_ref(), d.span())) {
            Some((RawDemand::All(n), span)) => written.push((*n, span)),
            Some((RawDemand::PerPeriod(entries), _)) => {
                written.extend(entries.iter().map(|(_, v)| (*v.get_ref(), v.span())));
            }
            None => {}
        }
        for entry in raw_post.demand_on.iter().flatten() {
            if let Some(v) = &entry.get_ref().demand {
                written.push((*v.get_ref(), v.span()));
            }
        }
        for (n, span) in written {
            if usize::try_from(n).is_ok_and(|n| n > candidates) {
                let (message, help) = fr::demand_above_candidates(&post.id.0, n, candidates);
                out.push(Diagnostic::at(
                    codes::DEMAND_ABOVE_CANDIDATES,
                    file,
                    text,
                    span,
                    message,
                    Some(help),
                ));
            }
        }
    }
    out
}

/// Reads and validates an instance file.
///
/// # Errors
///
/// [`LoadError::Io`] if the file cannot be read, [`LoadError::Invalid`] with every
/// problem found otherwise (see [`parse`]); a file that is not UTF-8 is one problem,
/// located at its first invalid byte.
pub fn load(path: &Path) -> Result<Instance, LoadError> {
    load_with_warnings(path).map(|(instance, _)| instance)
}

/// [`load`], with the warnings of a valid file (see [`parse_with_warnings`]).
///
/// # Errors
///
/// As [`load`].
pub fn load_with_warnings(path: &Path) -> Result<(Instance, Diagnostics), LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    let file = path.display().to_string();
    match String::from_utf8(bytes) {
        Ok(text) => Ok(parse_with_warnings(&file, &text)?),
        Err(e) => Err(not_utf8(&file, e.as_bytes(), e.utf8_error().valid_up_to()).into()),
    }
}

/// A file that is not UTF-8 (Latin-1 or Windows-1252, most likely), located at its
/// first invalid byte, `at`; the line is shown with that byte replaced by `�`.
fn not_utf8(file: &str, bytes: &[u8], at: usize) -> Diagnostics {
    let text = String::from_utf8_lossy(bytes);
    let (line, column) = line_column(&text, at);
    let byte = bytes.get(at).copied().unwrap_or_default();
    let problem = Diagnostic {
        code: codes::ENCODING,
        message: fr::not_utf8(byte),
        file: file.to_owned(),
        line,
        column,
        span: at..at + char::REPLACEMENT_CHARACTER.len_utf8(),
        help: Some(fr::NOT_UTF8_HELP.to_owned()),
    };
    Diagnostics::with_source(vec![problem], file, &text)
}

// ---------------------------------------------------------------------------------
// The checks.

fn key(k: &str) -> Seg {
    Seg::Key(k.to_owned())
}

fn at(path: &[Seg], more: &[Seg]) -> Vec<Seg> {
    let mut p = path.to_vec();
    p.extend_from_slice(more);
    p
}

/// Where an id was first declared, for duplicate and reference checks.
struct Declared<I> {
    by_id: BTreeMap<String, (I, Range<usize>)>,
    order: Vec<String>,
    /// Ids already reported as invalid: references to them are not reported again.
    invalid: BTreeSet<String>,
}

impl<I: Copy> Declared<I> {
    fn new() -> Self {
        Declared {
            by_id: BTreeMap::new(),
            order: Vec::new(),
            invalid: BTreeSet::new(),
        }
    }

    fn get(&self, id: &str) -> Option<I> {
        self.by_id.get(id).map(|(i, _)| *i)
    }

    fn names(&self) -> Vec<&str> {
        self.order.iter().map(String::as_str).collect()
    }

    /// The id declared at index `i` (indices count every entry of the file, so they
    /// differ from positions in `order` once an entry has no valid id).
    fn name_of(&self, i: I) -> Option<&str>
    where
        I: PartialEq,
    {
        self.by_id
            .iter()
            .find(|(_, (j, _))| *j == i)
            .map(|(id, _)| id.as_str())
    }
}

struct Checker<'s, 't, 'l, 'i> {
    sink: &'s mut Sink<'t>,
    loc: &'l Locator<'i>,
    file: &'t str,
    horizon: Option<Horizon>,
    periods: Declared<PeriodIdx>,
    posts: Declared<PostIdx>,
    categories: Declared<CategoryIdx>,
    /// The periods each post covers, by post index, for `period_not_in_post`.
    post_periods: Vec<BTreeSet<PeriodIdx>>,
    places: Declared<PlaceIdx>,
    bases: Declared<u32>,
}

impl<'s, 't, 'l, 'i> Checker<'s, 't, 'l, 'i> {
    fn new(sink: &'s mut Sink<'t>, loc: &'l Locator<'i>, file: &'t str) -> Self {
        Checker {
            sink,
            loc,
            file,
            horizon: None,
            periods: Declared::new(),
            posts: Declared::new(),
            categories: Declared::new(),
            post_periods: Vec::new(),
            places: Declared::new(),
            bases: Declared::new(),
        }
    }

    fn error(&mut self, code: &'static str, span: Range<usize>, message: String) {
        self.sink.push(code, span, message, None);
    }

    fn error_help(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        message: String,
        help: Option<String>,
    ) {
        self.sink.push(code, span, message, help);
    }

    fn describe(&self, path: &[Seg]) -> String {
        self.loc.describe(path)
    }

    fn missing(&mut self, path: &[Seg], span: Range<usize>, key: &str, example: &str) {
        let message = fr::missing_key(&self.describe(path), key);
        self.error_help(
            codes::MISSING_KEY,
            span,
            message,
            Some(fr::for_example(example)),
        );
    }

    fn instance(&mut self, raw: &RawInstance) -> Instance {
        let name = match &raw.name {
            Some(n) => n.get_ref().clone(),
            None => Path::new(self.file).file_stem().map_or_else(
                || self.file.to_owned(),
                |s| s.to_string_lossy().into_owned(),
            ),
        };
        let horizon = self.horizon(raw.horizon.as_ref());
        let (calendar, deep_night) = self.calendar(raw.calendar.as_ref());
        let no_periods = Vec::new();
        let raw_periods = raw.periods.as_ref().unwrap_or(&no_periods);
        let periods = self.periods(raw_periods);
        let rules = self.rules(raw.rules.as_ref());
        let no_posts = Vec::new();
        let raw_posts = raw.posts.as_ref().unwrap_or(&no_posts);
        let mut posts = self.posts(raw_posts, &rules);
        let fairness = self.fairness(raw.fairness.as_ref(), &posts);
        let preferences = self.preferences(raw.preferences.as_ref());
        let no_practitioners = Vec::new();
        let raw_practitioners = raw.practitioners.as_ref().unwrap_or(&no_practitioners);
        let mut geography = self.geography(raw);
        self.post_places(raw_posts, &mut posts);
        let practitioners = self.practitioners(raw_practitioners, &posts);
        if let Some(geo) = geography.as_mut() {
            geography::travel(geo, &posts, &practitioners);
        }
        let objective = self.objective(raw.objective.as_ref());
        let fees = self.fees(raw.fees.as_ref());
        Instance {
            name,
            horizon,
            calendar,
            deep_night,
            periods,
            posts,
            practitioners,
            rules,
            fairness,
            preferences,
            geography,
            objective,
            fees,
        }
    }
}
