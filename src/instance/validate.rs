//! Raw → validated [`Instance`], collecting every problem of the file at once.
//!
//! [`parse`] runs three stages. TOML syntax: every error the recovering parser finds.
//! Serde: the raw structs of [`super::raw`], which stops at the first type error, and
//! every unknown key (`serde_ignored`); both are translated in [`super::sink`]. Then
//! the semantic checks of docs/instance-format.md, here, each problem located by the
//! span of the value it is about. A check that meets an invalid value reports it,
//! substitutes a harmless placeholder and goes on, and references to an id already
//! reported as invalid are not reported again, so one mistake is reported once, not
//! as a cascade.
//!
//! The French messages of the semantic checks are words of [`super::labels`], one
//! constant or small function per diagnostic; the names of tables (`période "nuit"`, `[rules]`) come from
//! [`super::locate`]. Nothing here knows about duties, the model or outputs.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use toml::de::DeTable;
use toml::Spanned;

use super::diagnostic::{codes, line_column, Diagnostic, Diagnostics, LoadError};
use super::labels::{self as fr, IdKind, CATEGORY, PERIOD, POST, PRACTITIONER};
use super::locate::{segments, Locator, Seg};
use super::raw::{self, RawDemand, RawInstance, RawTarget, RawValue};
use super::sink::{alternatives, help_did_you_mean, list, value_found, Sink};
use super::{
    Category, CategoryId, CategoryIdx, Fairness, Horizon, Instance, Limits, ObjectiveMode,
    PeriodId, PeriodIdx, Post, PostId, PostIdx, PostKind, Practitioner, PractitionerId,
    Preferences, Rules, TargetBasis, Unavailability, Wish, WishKind,
};
use crate::calendar::{self, CalendarOptions, DayKind, RegionalCalendar};
use crate::instance::{Period, PlaceIdx};

mod geography;

/// Longest accepted horizon, in days: ten years. Longer is a typo (`2207` for `2027`)
/// that would otherwise expand into millions of duties.
const MAX_HORIZON_DAYS: i64 = 3653;

const ALL_DAY_KINDS: [DayKind; 5] = [
    DayKind::Weekday,
    DayKind::Saturday,
    DayKind::Sunday,
    DayKind::Holiday,
    DayKind::Bridge,
];

const ALL_REGIONAL: [RegionalCalendar; 8] = [
    RegionalCalendar::AlsaceMoselle,
    RegionalCalendar::Mayotte,
    RegionalCalendar::Martinique,
    RegionalCalendar::Guadeloupe,
    RegionalCalendar::SaintMartin,
    RegionalCalendar::Guyane,
    RegionalCalendar::SaintBarthelemy,
    RegionalCalendar::Reunion,
];

const POST_KINDS: [(PostKind, &str); 6] = [
    (PostKind::Pdsa, "pdsa"),
    (PostKind::McsZone, "mcs"),
    (PostKind::Mmg, "mmg"),
    (PostKind::MobileDoctor, "mobile_doctor"),
    (PostKind::PhysioWeekend, "physio_weekend"),
    (PostKind::Other, "other"),
];

/// Parses and validates an instance file.
///
/// `file` is the path as the user typed it: used in messages, and as the base of the
/// travel-matrix path of `[coverage]`, the one file an instance may refer to.
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
        let posts = self.posts(raw_posts, &rules);
        let fairness = self.fairness(raw.fairness.as_ref(), &posts);
        let preferences = self.preferences(raw.preferences.as_ref());
        let no_practitioners = Vec::new();
        let raw_practitioners = raw.practitioners.as_ref().unwrap_or(&no_practitioners);
        let geography = self.geography(raw);
        let practitioners = self.practitioners(raw_practitioners, &posts);
        let objective = self.objective(raw.objective.as_ref());
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
        }
    }

    fn objective(&mut self, raw: Option<&Spanned<raw::RawObjective>>) -> ObjectiveMode {
        let Some(mode) = raw.and_then(|o| o.get_ref().mode.as_ref()) else {
            return ObjectiveMode::Lexicographic;
        };
        match mode.get_ref().as_str() {
            "lexicographic" => ObjectiveMode::Lexicographic,
            "weighted" => ObjectiveMode::Weighted,
            other => {
                let help = help_did_you_mean(other, ["lexicographic", "weighted"]);
                self.error_help(
                    codes::UNKNOWN_OBJECTIVE_MODE,
                    mode.span(),
                    fr::unknown_objective_mode(other),
                    help,
                );
                ObjectiveMode::Lexicographic
            }
        }
    }

    // -- Values ------------------------------------------------------------------

    /// A date from a TOML local date; `owner` and `key_name` name it in messages.
    fn date(&mut self, value: &RawValue, owner: &str, key_name: &str) -> Option<NaiveDate> {
        let span = value.span();
        match value.get_ref() {
            toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => {
                    let date = NaiveDate::from_ymd_opt(
                        i32::from(d.year),
                        u32::from(d.month),
                        u32::from(d.day),
                    );
                    if date.is_none() {
                        self.error(
                            codes::INVALID_DATE,
                            span,
                            fr::nonexistent_date(owner, key_name, dt),
                        );
                    }
                    date
                }
                _ => {
                    let date_only = dt.date.map(|d| d.to_string());
                    self.error_help(
                        codes::INVALID_DATE,
                        span,
                        fr::date_with_time(owner, key_name, dt),
                        date_only.map(|d| fr::date_only(key_name, &d)),
                    );
                    None
                }
            },
            toml::Value::String(s) => {
                let help = if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() {
                    fr::date_without_quotes(key_name, s)
                } else {
                    fr::date_example(key_name)
                };
                self.error_help(
                    codes::INVALID_DATE,
                    span,
                    fr::not_a_date(owner, key_name, &value_found(value.get_ref())),
                    Some(help),
                );
                None
            }
            other => {
                self.error_help(
                    codes::INVALID_DATE,
                    span,
                    fr::not_a_date(owner, key_name, &value_found(other)),
                    Some(fr::date_example(key_name)),
                );
                None
            }
        }
    }

    /// A required date key of the table at `path`.
    fn required_date(
        &mut self,
        value: Option<&RawValue>,
        path: &[Seg],
        table_span: &Range<usize>,
        key_name: &str,
    ) -> Option<NaiveDate> {
        match value {
            Some(v) => {
                let owner = self.describe(path);
                self.date(v, &owner, key_name)
            }
            None => {
                self.missing(
                    path,
                    table_span.clone(),
                    key_name,
                    &fr::date_key_example(key_name),
                );
                None
            }
        }
    }

    fn check_in_horizon(&mut self, date: NaiveDate, span: Range<usize>, what: &str) -> bool {
        let Some(h) = self.horizon else {
            return true;
        };
        if h.contains(date) {
            return true;
        }
        self.error(
            codes::DATE_OUTSIDE_HORIZON,
            span,
            fr::outside_horizon(what, date, h.first, h.last),
        );
        false
    }

    /// A clock time in minutes since midnight (`24:00` is 1440, accepted as an end).
    fn clock(&mut self, value: &RawValue, owner: &str, is_end: bool) -> Option<u32> {
        let span = value.span();
        let noun = fr::clock_noun(is_end);
        let expected = fr::clock_expected(is_end);
        match value.get_ref() {
            toml::Value::String(s) => {
                let parsed = parse_clock(s);
                match parsed {
                    Some(1440) if !is_end => {
                        self.error_help(
                            codes::INVALID_TIME,
                            span,
                            fr::invalid_clock(owner, noun, format!("\"{s}\""), expected),
                            Some(fr::MIDNIGHT_ONLY_AT_END.to_owned()),
                        );
                        None
                    }
                    Some(m) => Some(m),
                    None => {
                        let help = padded_clock(s).map(|p| fr::write_clock(&p));
                        self.error_help(
                            codes::INVALID_TIME,
                            span,
                            fr::invalid_clock(owner, noun, format!("\"{s}\""), expected),
                            help,
                        );
                        None
                    }
                }
            }
            toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (None, Some(t), None)
                    if t.second.unwrap_or(0) == 0 && t.nanosecond.unwrap_or(0) == 0 =>
                {
                    Some(u32::from(t.hour) * 60 + u32::from(t.minute))
                }
                _ => {
                    self.error(
                        codes::INVALID_TIME,
                        span,
                        fr::invalid_clock(owner, noun, dt, expected),
                    );
                    None
                }
            },
            other => {
                self.error(
                    codes::INVALID_TIME,
                    span,
                    fr::clock_not_a_time(owner, noun, expected, &value_found(other)),
                );
                None
            }
        }
    }

    /// An optional non-negative count (rules, limits).
    fn count(&mut self, value: Option<&Spanned<i64>>, owner: &str, key_name: &str) -> Option<u32> {
        let v = value?;
        match u32::try_from(*v.get_ref()) {
            Ok(n) => Some(n),
            Err(_) => {
                let message = if *v.get_ref() < 0 {
                    fr::negative_count(owner, key_name, *v.get_ref())
                } else {
                    fr::count_too_large(owner, key_name, *v.get_ref())
                };
                self.error(codes::INVALID_NUMBER, v.span(), message);
                None
            }
        }
    }

    /// An optional weight: finite and at least 0 (and at most `max` if given).
    fn weight(
        &mut self,
        value: Option<&Spanned<f64>>,
        owner: &str,
        key_name: &str,
        default: f64,
        max: Option<f64>,
    ) -> f64 {
        let Some(v) = value else {
            return default;
        };
        let w = *v.get_ref();
        let ok = w.is_finite() && w >= 0.0 && max.is_none_or(|m| w <= m);
        if ok {
            return w;
        }
        self.error(
            codes::INVALID_WEIGHT,
            v.span(),
            fr::invalid_weight(owner, key_name, w, max),
        );
        default
    }

    /// Checks an id's characters: it is used in file names and iCal UIDs.
    fn id(&mut self, id: &Spanned<String>, owner: &str) -> bool {
        let s = id.get_ref();
        let ok = !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !ok {
            self.error_help(
                codes::INVALID_ID,
                id.span(),
                fr::invalid_id(owner, s),
                Some(fr::INVALID_ID_HELP.to_owned()),
            );
        }
        ok
    }

    /// Registers the ids of a list of tables (`[[periods]]`...) in file order, reporting
    /// missing, invalid and duplicate ids. Returns the id of each entry, if valid.
    fn declare<I: Copy>(
        &mut self,
        ids: Vec<(Option<&Spanned<String>>, Range<usize>)>,
        list_path: &[Seg],
        kind: &IdKind,
        make: impl Fn(u32) -> I,
        declared: &mut Declared<I>,
    ) -> Vec<Option<String>> {
        let mut out = Vec::new();
        for (i, (id, table_span)) in ids.into_iter().enumerate() {
            let path = at(list_path, &[Seg::Index(i)]);
            let Some(id) = id else {
                self.missing(&path, table_span, "id", kind.example);
                out.push(None);
                continue;
            };
            let owner = self.describe(&path);
            if !self.id(id, &owner) {
                declared.invalid.insert(id.get_ref().clone());
                out.push(None);
                continue;
            }
            let s = id.get_ref().clone();
            if let Some((_, first)) = declared.by_id.get(&s) {
                let (line, _) = line_column(self.sink.text, first.start);
                self.error(
                    codes::DUPLICATE_ID,
                    id.span(),
                    fr::duplicate_id(kind, &s, line),
                );
                out.push(None);
                continue;
            }
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            declared.by_id.insert(s.clone(), (make(index), id.span()));
            declared.order.push(s.clone());
            out.push(Some(s));
        }
        out
    }

    /// Resolves a reference to a declared id, reporting an unknown one.
    fn resolve<I: Copy>(
        &mut self,
        name: &Spanned<String>,
        owner: &str,
        kind: &IdKind,
        declared: &Declared<I>,
    ) -> Option<I> {
        if let Some(i) = declared.get(name.get_ref()) {
            return Some(i);
        }
        if declared.invalid.contains(name.get_ref()) {
            return None;
        }
        let names = declared.names();
        let known = if names.is_empty() {
            kind.none.to_owned()
        } else {
            fr::declared_ids(kind, &list(&names))
        };
        let help = help_did_you_mean(name.get_ref(), names.iter().copied());
        self.error_help(
            kind.code_unknown,
            name.span(),
            fr::unknown_id(owner, kind, name.get_ref(), &known),
            help,
        );
        None
    }

    fn day_kind(&mut self, name: &Spanned<String>, owner: &str) -> Option<DayKind> {
        if let Some(k) = calendar::parse_kind(name.get_ref()) {
            return Some(k);
        }
        let names: Vec<&str> = ALL_DAY_KINDS
            .iter()
            .map(|k| calendar::kind_name(*k))
            .collect();
        let lower = name.get_ref().to_lowercase();
        let help = fr::FRENCH_DAY_KINDS
            .iter()
            .find(|(fr, _)| *fr == lower)
            .map(|(_, en)| fr::english_words(en))
            .or_else(|| help_did_you_mean(name.get_ref(), names.iter().copied()));
        self.error_help(
            codes::UNKNOWN_DAY_KIND,
            name.span(),
            fr::unknown_day_kind(owner, name.get_ref(), &alternatives(&names)),
            help,
        );
        None
    }

    fn post_kind(&mut self, name: &Spanned<String>, owner: &str) -> Option<PostKind> {
        if let Some((k, _)) = POST_KINDS.iter().find(|(_, n)| n == name.get_ref()) {
            return Some(*k);
        }
        let names: Vec<&str> = POST_KINDS.iter().map(|(_, n)| *n).collect();
        let help = help_did_you_mean(name.get_ref(), names.iter().copied());
        self.error_help(
            codes::UNKNOWN_POST_KIND,
            name.span(),
            fr::unknown_post_kind(owner, name.get_ref(), &alternatives(&names)),
            help,
        );
        None
    }

    // -- Sections ----------------------------------------------------------------

    fn horizon(&mut self, raw: Option<&Spanned<raw::RawHorizon>>) -> Horizon {
        let placeholder = Horizon {
            first: NaiveDate::MIN,
            last: NaiveDate::MIN,
            time_zone: Tz::Europe__Paris,
        };
        let Some(raw) = raw else {
            self.error_help(
                codes::MISSING_KEY,
                0..0,
                fr::MISSING_HORIZON.to_owned(),
                Some(fr::MISSING_HORIZON_HELP.to_owned()),
            );
            return placeholder;
        };
        let path = [key("horizon")];
        let span = raw.span();
        let h = raw.get_ref();
        let first = self.required_date(h.first.as_ref(), &path, &span, "first");
        let last = self.required_date(h.last.as_ref(), &path, &span, "last");
        let time_zone = match &h.time_zone {
            None => Some(Tz::Europe__Paris),
            Some(tz) => match tz.get_ref().parse::<Tz>() {
                Ok(tz) => Some(tz),
                Err(_) => {
                    let help = help_did_you_mean(
                        tz.get_ref(),
                        chrono_tz::TZ_VARIANTS.iter().map(|t| t.name()),
                    )
                    .or_else(|| Some(fr::TIME_ZONE_HELP.to_owned()));
                    self.error_help(
                        codes::UNKNOWN_TIME_ZONE,
                        tz.span(),
                        fr::unknown_time_zone(tz.get_ref()),
                        help,
                    );
                    None
                }
            },
        };
        let (Some(first), Some(last)) = (first, last) else {
            return placeholder;
        };
        let last_span = h.last.as_ref().map_or(span.clone(), |l| l.span());
        if last < first {
            self.error(
                codes::REVERSED_HORIZON,
                last_span,
                fr::reversed_horizon(first, last),
            );
            return placeholder;
        }
        if (last - first).num_days() >= MAX_HORIZON_DAYS {
            self.error_help(
                codes::HORIZON_TOO_LONG,
                last_span,
                fr::horizon_too_long((last - first).num_days() + 1, MAX_HORIZON_DAYS),
                Some(fr::HORIZON_TOO_LONG_HELP.to_owned()),
            );
            return placeholder;
        }
        let horizon = Horizon {
            first,
            last,
            time_zone: time_zone.unwrap_or(Tz::Europe__Paris),
        };
        self.horizon = Some(horizon);
        horizon
    }

    fn calendar(&mut self, raw: Option<&Spanned<raw::RawCalendar>>) -> (CalendarOptions, bool) {
        let mut options = CalendarOptions::default();
        let Some(raw) = raw else {
            return (options, true);
        };
        let c = raw.get_ref();
        let owner = "[calendar]";
        for r in c.regional.iter().flatten() {
            match calendar::parse_regional(r.get_ref()) {
                Some(cal) => {
                    options.regional.insert(cal);
                }
                None => {
                    let names: Vec<&str> = ALL_REGIONAL
                        .iter()
                        .map(|r| calendar::regional_name(*r))
                        .collect();
                    let help = help_did_you_mean(r.get_ref(), names.iter().copied());
                    self.error_help(
                        codes::UNKNOWN_REGIONAL_CALENDAR,
                        r.span(),
                        fr::unknown_regional(owner, r.get_ref(), &alternatives(&names)),
                        help,
                    );
                }
            }
        }
        options.bridge_days = c.bridge_days.unwrap_or(true);
        options.saturday_after_thursday_holiday_bridge =
            c.saturday_after_thursday_holiday_bridge.unwrap_or(false);
        let mut seen: BTreeMap<NaiveDate, usize> = BTreeMap::new();
        for (i, o) in c.overrides.iter().flatten().enumerate() {
            let path = [key("calendar"), key("overrides"), Seg::Index(i)];
            let span = o.span();
            let date = self.required_date(o.get_ref().date.as_ref(), &path, &span, "date");
            let date_span = o.get_ref().date.as_ref().map_or(span.clone(), |d| d.span());
            let what = self.describe(&path);
            let kind = match &o.get_ref().kind {
                Some(k) => self.day_kind(k, &what),
                None => {
                    self.missing(&path, span.clone(), "kind", "kind = \"holiday\"");
                    None
                }
            };
            let Some(date) = date else { continue };
            self.check_in_horizon(date, date_span.clone(), &what);
            if let Some(first) = seen.get(&date) {
                self.error(
                    codes::DUPLICATE_OVERRIDE,
                    date_span,
                    fr::duplicate_override(&what, date, first + 1),
                );
                continue;
            }
            seen.insert(date, i);
            if let Some(kind) = kind {
                options.overrides.insert(date, kind);
            }
        }
        (options, c.deep_night.unwrap_or(true))
    }

    fn periods(&mut self, raw: &[Spanned<raw::RawPeriod>]) -> Vec<Period> {
        let list_path = [key("periods")];
        let ids = raw
            .iter()
            .map(|p| (p.get_ref().id.as_ref(), p.span()))
            .collect();
        let mut declared = Declared::new();
        let ids = self.declare(ids, &list_path, &PERIOD, PeriodIdx, &mut declared);
        self.periods = declared;

        let mut out = Vec::new();
        for (i, (p, id)) in raw.iter().zip(ids).enumerate() {
            let path = [key("periods"), Seg::Index(i)];
            let owner = self.describe(&path);
            let span = p.span();
            let p = p.get_ref();
            let start = match &p.start {
                Some(v) => self.clock(v, &owner, false),
                None => {
                    self.missing(&path, span.clone(), "start", "start = \"20:00\"");
                    None
                }
            };
            let end = match &p.end {
                Some(v) => self.clock(v, &owner, true),
                None => {
                    self.missing(&path, span.clone(), "end", "end = \"08:00\"");
                    None
                }
            };
            if let (Some(s), Some(e), Some(end_value)) = (start, end, &p.end) {
                if s % 1440 == e % 1440 {
                    self.error_help(
                        codes::EMPTY_PERIOD,
                        end_value.span(),
                        fr::empty_period(&owner, &show_clock(e)),
                        Some(fr::EMPTY_PERIOD_HELP.to_owned()),
                    );
                }
            }
            let after_midnight = p.after_midnight.unwrap_or(false);
            let (start_min, end_min) = (start.unwrap_or(0), end.unwrap_or(0));
            let night = p.night.unwrap_or(after_midnight || end_min <= start_min);
            let day_kinds = match &p.day_kinds {
                None => ALL_DAY_KINDS.iter().copied().collect(),
                Some(list) if list.get_ref().is_empty() => {
                    self.error_help(
                        codes::EMPTY_DAY_KINDS,
                        list.span(),
                        fr::empty_day_kinds(&owner),
                        Some(fr::EMPTY_DAY_KINDS_HELP.to_owned()),
                    );
                    BTreeSet::new()
                }
                Some(list) => list
                    .get_ref()
                    .iter()
                    .filter_map(|k| self.day_kind(k, &owner))
                    .collect(),
            };
            let minutes = self.count(p.minutes.as_ref(), &owner, "minutes");
            let periods = std::mem::replace(&mut self.periods, Declared::new());
            let not_followed_by = p
                .not_followed_by
                .iter()
                .flatten()
                .filter_map(|name| self.resolve(name, &owner, &PERIOD, &periods))
                .collect();
            self.periods = periods;
            let id = id.unwrap_or_default();
            out.push(Period {
                label: p.label.clone().unwrap_or_else(|| id.clone()),
                id: PeriodId(id),
                start: minutes_to_time(start_min),
                end: minutes_to_time(end_min),
                after_midnight,
                day_kinds,
                night,
                deep_night: p.deep_night.unwrap_or(false),
                minutes,
                not_followed_by,
            });
        }
        out
    }

    fn rules(&mut self, raw: Option<&Spanned<raw::RawRules>>) -> Rules {
        let default = raw::RawRules::default();
        let r = raw.map_or(&default, |r| r.get_ref());
        let owner = "[rules]";
        Rules {
            min_rest_after_night_hours: self
                .count(
                    r.min_rest_after_night_hours.as_ref(),
                    owner,
                    "min_rest_after_night_hours",
                )
                .unwrap_or(11),
            min_rest_hours: self
                .count(r.min_rest_hours.as_ref(), owner, "min_rest_hours")
                .unwrap_or(0),
            no_two_nights_in_a_row: r.no_two_nights_in_a_row.unwrap_or(true),
            min_days_between_duties: self
                .count(
                    r.min_days_between_duties.as_ref(),
                    owner,
                    "min_days_between_duties",
                )
                .unwrap_or(0),
            limits: self.limits(&LimitKeys::of_rules(r), &[key("rules")], owner),
            weekend_bundle: r.weekend_bundle.unwrap_or(false),
            exempt_runs_at_horizon_ends: r.exempt_runs_at_horizon_ends.unwrap_or(true),
        }
    }

    /// The maxima and minima of `[rules]` or of a practitioner's `limits` (at `path`).
    fn limits(&mut self, k: &LimitKeys<'_>, path: &[Seg], owner: &str) -> Limits {
        let mut max_per_period = BTreeMap::new();
        if let Some(counts) = k.max_per_period {
            let periods = std::mem::replace(&mut self.periods, Declared::new());
            for (name, value) in &counts.get_ref().0 {
                let key_path = at(path, &[key("max_per_period"), key(name)]);
                let key_span = self.loc.key_span(&key_path).unwrap_or_else(|| value.span());
                let n = self.count(Some(value), owner, &format!("max_per_period.{name}"));
                let spanned_name = Spanned::new(key_span, name.clone());
                if let (Some(p), Some(n)) =
                    (self.resolve(&spanned_name, owner, &PERIOD, &periods), n)
                {
                    max_per_period.insert(p, n);
                }
            }
            self.periods = periods;
        }
        let mut max_per_month_by_kind = BTreeMap::new();
        for (name, value) in k.by_kind.iter().flat_map(|c| &c.get_ref().0) {
            let key_path = at(path, &[key("max_per_month_by_kind"), key(name)]);
            let key_span = self.loc.key_span(&key_path).unwrap_or_else(|| value.span());
            let n = self.count(Some(value), owner, &format!("max_per_month_by_kind.{name}"));
            let kind = self.post_kind(&Spanned::new(key_span, name.clone()), owner);
            if let (Some(kind), Some(n)) = (kind, n) {
                max_per_month_by_kind.insert(kind, n);
            }
        }
        let limits = Limits {
            max_per_week: self.count(k.week, owner, "max_per_week"),
            max_per_month: self.count(k.month, owner, "max_per_month"),
            max_per_horizon: self.count(k.horizon, owner, "max_per_horizon"),
            max_weekends: self.count(k.weekends, owner, "max_weekends"),
            max_consecutive_days: self.count(k.max_days, owner, "max_consecutive_days"),
            min_consecutive_days: self.count(k.min_days, owner, "min_consecutive_days"),
            min_consecutive_days_off: self.count(k.min_days_off, owner, "min_consecutive_days_off"),
            min_minutes: self.count(k.min_minutes, owner, "min_minutes"),
            max_minutes: self.count(k.max_minutes, owner, "max_minutes"),
            max_per_period,
            max_per_month_by_kind,
        };
        // A minimum above its maximum in one table. Runs: 0 and 1 mean no minimum.
        let pairs = [
            (
                "min_minutes",
                "max_minutes",
                limits.min_minutes,
                limits.max_minutes,
                k.min_minutes,
            ),
            (
                "min_consecutive_days",
                "max_consecutive_days",
                limits.min_consecutive_days.filter(|&n| n > 1),
                limits.max_consecutive_days,
                k.min_days,
            ),
        ];
        for (min_key, max_key, lo, hi, value) in pairs {
            if let (Some(lo), Some(hi), Some(v)) = (lo, hi, value) {
                if lo > hi {
                    self.error(
                        codes::CONTRADICTORY_LIMITS,
                        v.span(),
                        fr::contradictory_limits(owner, min_key, lo, max_key, hi),
                    );
                }
            }
        }
        limits
    }

    fn posts(&mut self, raw: &[Spanned<raw::RawPost>], rules: &Rules) -> Vec<Post> {
        let list_path = [key("posts")];
        let ids = raw
            .iter()
            .map(|p| (p.get_ref().id.as_ref(), p.span()))
            .collect();
        let mut declared = Declared::new();
        let ids = self.declare(ids, &list_path, &POST, PostIdx, &mut declared);
        self.posts = declared;

        // The periods of every post first: references to a post's periods (demand,
        // unavailabilities) are checked against them.
        let periods = std::mem::replace(&mut self.periods, Declared::new());
        let mut post_periods = Vec::new();
        for (i, p) in raw.iter().enumerate() {
            let path = [key("posts"), Seg::Index(i)];
            let owner = self.describe(&path);
            let mut set = BTreeSet::new();
            match &p.get_ref().periods {
                Some(list) => {
                    for name in list {
                        if let Some(idx) = self.resolve(name, &owner, &PERIOD, &periods) {
                            set.insert(idx);
                        }
                    }
                }
                None => self.missing(&path, p.span(), "periods", "periods = [\"nuit\"]"),
            }
            post_periods.push(set);
        }
        self.periods = periods;
        self.post_periods = post_periods.clone();

        let posts = std::mem::replace(&mut self.posts, Declared::new());
        let mut out = Vec::new();
        for (i, ((p, id), covered)) in raw.iter().zip(ids).zip(post_periods).enumerate() {
            let path = [key("posts"), Seg::Index(i)];
            let owner = self.describe(&path);
            let p = p.get_ref();
            let kind = match &p.kind {
                Some(k) => self.post_kind(k, &owner).unwrap_or(PostKind::Pdsa),
                None => PostKind::Pdsa,
            };
            let demand = self.demand(p.demand.as_ref(), &covered, &path, &owner);
            let mut combinable_with = BTreeSet::new();
            for other in p.combinable_with.iter().flatten() {
                if id.as_deref() == Some(other.get_ref().as_str()) {
                    self.error(
                        codes::SELF_COMBINABLE,
                        other.span(),
                        fr::self_combinable(&owner),
                    );
                    continue;
                }
                if let Some(idx) = self.resolve(other, &owner, &POST, &posts) {
                    combinable_with.insert(idx);
                }
            }
            let season = p.season.as_ref().and_then(|s| {
                let season_path = at(&path, &[key("season")]);
                let sspan = s.span();
                let first =
                    self.required_date(s.get_ref().first.as_ref(), &season_path, &sspan, "first");
                let last =
                    self.required_date(s.get_ref().last.as_ref(), &season_path, &sspan, "last");
                let (first, last) = (first?, last?);
                if last < first {
                    let last_span = s.get_ref().last.as_ref().map_or(sspan, |l| l.span());
                    self.error(
                        codes::REVERSED_RANGE,
                        last_span,
                        fr::reversed_season(&owner, first, last),
                    );
                    return None;
                }
                Some((first, last))
            });
            let demand_on = self.demand_on(p, &covered, &path);
            let under_cover_weight = self.weight(
                p.under_cover_weight.as_ref(),
                &owner,
                "under_cover_weight",
                1.0,
                None,
            );
            if under_cover_weight <= 0.0 {
                if let Some(v) = &p.under_cover_weight {
                    self.error(
                        codes::INVALID_WEIGHT,
                        v.span(),
                        fr::zero_under_cover_weight(&owner),
                    );
                }
            }
            let over_cover_weight = p
                .over_cover_weight
                .as_ref()
                .map(|v| self.weight(Some(v), &owner, "over_cover_weight", 0.0, None));
            let id = id.unwrap_or_default();
            out.push(Post {
                label: p.label.clone().unwrap_or_else(|| id.clone()),
                id: PostId(id),
                kind,
                demand,
                qualifications: p.qualifications.iter().flatten().cloned().collect(),
                combinable_with,
                location: p.location.clone(),
                phone: p.phone.clone(),
                bridge_days: p.bridge_days.unwrap_or(true),
                season,
                weekend_bundle: p.weekend_bundle.unwrap_or(rules.weekend_bundle),
                required: p.required.unwrap_or(kind != PostKind::McsZone),
                professions: p
                    .professions
                    .iter()
                    .flatten()
                    .map(|s| s.get_ref().clone())
                    .collect(),
                demand_on,
                under_cover_weight: under_cover_weight.max(f64::MIN_POSITIVE),
                over_cover_weight,
            });
        }
        self.posts = posts;

        // Combinable is symmetric: holding A with B is holding B with A.
        let pairs: Vec<(usize, PostIdx)> = out
            .iter()
            .enumerate()
            .flat_map(|(a, p)| p.combinable_with.iter().map(move |b| (a, *b)))
            .collect();
        for (a, b) in pairs {
            if let (Some(post), Ok(a)) = (out.get_mut(b.get()), u32::try_from(a)) {
                post.combinable_with.insert(PostIdx(a));
            }
        }
        out
    }

    fn demand(
        &mut self,
        raw: Option<&Spanned<RawDemand>>,
        covered: &BTreeSet<PeriodIdx>,
        path: &[Seg],
        owner: &str,
    ) -> BTreeMap<PeriodIdx, u32> {
        let mut demand: BTreeMap<PeriodIdx, u32> = covered.iter().map(|p| (*p, 1)).collect();
        let Some(raw) = raw else {
            return demand;
        };
        let invalid = |n: i64| fr::invalid_demand(owner, n);
        match raw.get_ref() {
            RawDemand::All(n) => match u32::try_from(*n) {
                Ok(n) if n >= 1 => {
                    for d in demand.values_mut() {
                        *d = n;
                    }
                }
                _ => self.error(codes::INVALID_DEMAND, raw.span(), invalid(*n)),
            },
            RawDemand::PerPeriod(entries) => {
                for (name, value) in entries {
                    let key_path = at(path, &[key("demand"), key(name)]);
                    let key_span = self.loc.key_span(&key_path).unwrap_or_else(|| value.span());
                    let n = *value.get_ref();
                    let count = match u32::try_from(n) {
                        Ok(c) if c >= 1 => Some(c),
                        _ => {
                            self.error(codes::INVALID_DEMAND, value.span(), invalid(n));
                            None
                        }
                    };
                    let Some(period) = self.periods.get(name) else {
                        let names = self.periods.names();
                        let known = if names.is_empty() {
                            PERIOD.none.to_owned()
                        } else {
                            fr::declared_ids(&PERIOD, &list(&names))
                        };
                        let help = help_did_you_mean(name, names.iter().copied());
                        self.error_help(
                            codes::UNKNOWN_PERIOD,
                            key_span,
                            fr::demand_unknown_period(owner, name, &known),
                            help,
                        );
                        continue;
                    };
                    if !covered.contains(&period) {
                        let head = fr::demand_period_not_in_post(owner, name);
                        self.not_in_post(head, key_span, covered);
                        continue;
                    }
                    if let Some(c) = count {
                        demand.insert(period, c);
                    }
                }
            }
        }
        demand
    }

    /// `demand_on = [{ date, period, demand }]`: the demand of single dates (0 allowed).
    fn demand_on(
        &mut self,
        p: &raw::RawPost,
        covered: &BTreeSet<PeriodIdx>,
        path: &[Seg],
    ) -> BTreeMap<(NaiveDate, PeriodIdx), u32> {
        let mut out = BTreeMap::new();
        for (j, entry) in p.demand_on.iter().flatten().enumerate() {
            let epath = at(path, &[key("demand_on"), Seg::Index(j)]);
            let eowner = self.describe(&epath);
            let span = entry.span();
            let e = entry.get_ref();
            let date = self.required_date(e.date.as_ref(), &epath, &span, "date");
            let date = date.filter(|d| {
                let dspan = e.date.as_ref().map_or(span.clone(), |v| v.span());
                self.check_in_horizon(*d, dspan, &eowner)
            });
            let period = match &e.period {
                Some(name) => {
                    let periods = std::mem::replace(&mut self.periods, Declared::new());
                    let found = self.resolve(name, &eowner, &PERIOD, &periods);
                    self.periods = periods;
                    match found {
                        Some(q) if !covered.contains(&q) => {
                            let head = fr::period_not_covered(&eowner, name.get_ref());
                            self.not_in_post(head, name.span(), covered);
                            None
                        }
                        found => found,
                    }
                }
                None => {
                    self.missing(&epath, span.clone(), "period", "period = \"nuit\"");
                    None
                }
            };
            let demand = match &e.demand {
                Some(v) => self.count(Some(v), &eowner, "demand"),
                None => {
                    self.missing(&epath, span.clone(), "demand", "demand = 2");
                    None
                }
            };
            if let (Some(d), Some(q), Some(n)) = (date, period, demand) {
                out.insert((d, q), n);
            }
        }
        out
    }

    /// Reports a period named with a post that does not cover it; `head` says where.
    fn not_in_post(&mut self, head: String, span: Range<usize>, covered: &BTreeSet<PeriodIdx>) {
        let names: Vec<&str> = covered
            .iter()
            .filter_map(|p| self.periods.name_of(*p))
            .collect();
        let listed = fr::periods_of_post((!names.is_empty()).then(|| list(&names)).as_deref());
        self.error_help(
            codes::PERIOD_NOT_IN_POST,
            span,
            format!("{head} ; {listed}"),
            None,
        );
    }

    fn fairness(&mut self, raw: Option<&Spanned<raw::RawFairness>>, posts: &[Post]) -> Fairness {
        let default = raw::RawFairness::default();
        let f = raw.map_or(&default, |f| f.get_ref());
        let owner = "[fairness]";
        let worst_overload_weight = self.weight(
            f.worst_overload_weight.as_ref(),
            owner,
            "worst_overload_weight",
            1.0,
            None,
        );
        let history_weight = self.weight(
            f.history_weight.as_ref(),
            owner,
            "history_weight",
            1.0,
            Some(1.0),
        );
        let mut categories = match &f.categories {
            None => default_categories(),
            Some(list) => self.categories(list),
        };
        let said: Vec<bool> = match &f.categories {
            None => vec![false; categories.len()],
            Some(list) => list.iter().map(|c| c.get_ref().targets.is_some()).collect(),
        };
        for (c, said) in categories.iter_mut().zip(said) {
            if !said {
                c.targets = TargetBasis::default_for(c, posts);
            }
        }
        let mut declared = Declared::new();
        for (i, c) in categories.iter().enumerate() {
            if !declared.by_id.contains_key(&c.id.0) {
                declared.by_id.insert(
                    c.id.0.clone(),
                    (CategoryIdx(u32::try_from(i).unwrap_or(u32::MAX)), 0..0),
                );
                declared.order.push(c.id.0.clone());
            }
        }
        self.categories = declared;
        Fairness {
            categories,
            worst_overload_weight,
            history_weight,
        }
    }

    fn categories(&mut self, raw: &[Spanned<raw::RawCategory>]) -> Vec<Category> {
        let list_path = [key("fairness"), key("categories")];
        let ids = raw
            .iter()
            .map(|c| (c.get_ref().id.as_ref(), c.span()))
            .collect();
        let mut declared = Declared::new();
        let ids = self.declare(ids, &list_path, &CATEGORY, CategoryIdx, &mut declared);
        let periods = std::mem::replace(&mut self.periods, Declared::new());
        let mut out = Vec::new();
        for (i, (c, id)) in raw.iter().zip(ids).enumerate() {
            let path = at(&list_path, &[Seg::Index(i)]);
            let owner = self.describe(&path);
            let c = c.get_ref();
            let weight = self.weight(c.weight.as_ref(), &owner, "weight", 1.0, None);
            let day_kinds = c
                .day_kinds
                .iter()
                .flatten()
                .filter_map(|k| self.day_kind(k, &owner))
                .collect();
            let category_periods = c
                .periods
                .iter()
                .flatten()
                .filter_map(|p| self.resolve(p, &owner, &PERIOD, &periods))
                .collect();
            let post_kinds = c
                .post_kinds
                .iter()
                .flatten()
                .filter_map(|k| self.post_kind(k, &owner))
                .collect();
            let month_days = c
                .month_days
                .iter()
                .flatten()
                .filter_map(|md| {
                    let parsed = parse_month_day(md.get_ref());
                    if parsed.is_none() {
                        self.error_help(
                            codes::INVALID_MONTH_DAY,
                            md.span(),
                            fr::invalid_month_day(&owner, md.get_ref()),
                            Some(fr::MONTH_DAY_HELP.to_owned()),
                        );
                    }
                    parsed
                })
                .collect();
            let targets = c
                .targets
                .as_ref()
                .map_or(TargetBasis::Demand, |t| self.target_basis(t, &owner));
            let id = id.unwrap_or_default();
            out.push(Category {
                label: c.label.clone().unwrap_or_else(|| id.clone()),
                id: CategoryId(id),
                weight,
                day_kinds,
                periods: category_periods,
                post_kinds,
                month_days,
                targets,
            });
        }
        self.periods = periods;
        out
    }

    /// A category's `targets`: `demand` or `filled`.
    fn target_basis(&mut self, name: &Spanned<String>, owner: &str) -> TargetBasis {
        match name.get_ref().as_str() {
            "demand" => TargetBasis::Demand,
            "filled" => TargetBasis::Filled,
            other => {
                let help = help_did_you_mean(other, ["demand", "filled"]);
                self.error_help(
                    codes::UNKNOWN_TARGET_BASIS,
                    name.span(),
                    fr::unknown_target_basis(owner, other),
                    help,
                );
                TargetBasis::Demand
            }
        }
    }

    fn preferences(&mut self, raw: Option<&Spanned<raw::RawPreferences>>) -> Preferences {
        let default = raw::RawPreferences::default();
        let p = raw.map_or(&default, |p| p.get_ref());
        let owner = "[preferences]";
        Preferences {
            wish_weight: self.weight(p.wish_weight.as_ref(), owner, "wish_weight", 1.0, None),
            combined_duty_penalty: self.weight(
                p.combined_duty_penalty.as_ref(),
                owner,
                "combined_duty_penalty",
                1.0,
                None,
            ),
        }
    }

    fn practitioners(
        &mut self,
        raw: &[Spanned<raw::RawPractitioner>],
        all_posts: &[Post],
    ) -> Vec<Practitioner> {
        let list_path = [key("practitioners")];
        let ids = raw
            .iter()
            .map(|p| (p.get_ref().id.as_ref(), p.span()))
            .collect();
        let mut declared = Declared::new();
        let ids = self.declare(ids, &list_path, &PRACTITIONER, |i| i, &mut declared);
        let posts = std::mem::replace(&mut self.posts, Declared::new());
        let categories = std::mem::replace(&mut self.categories, Declared::new());
        let mut out = Vec::new();
        for (i, (p, id)) in raw.iter().zip(ids).enumerate() {
            let path = [key("practitioners"), Seg::Index(i)];
            let owner = self.describe(&path);
            let p = p.get_ref();
            let profession = p.profession.clone().unwrap_or_else(|| "medecin".to_owned());
            let mut serves = BTreeSet::new();
            for name in p.posts.iter().flatten() {
                if let Some(idx) = self.resolve(name, &owner, &POST, &posts) {
                    let allowed = &all_posts[idx.get()].professions;
                    if !allowed.is_empty() && !allowed.contains(&profession) {
                        let names: Vec<&str> = allowed.iter().map(String::as_str).collect();
                        self.error_help(
                            codes::PROFESSION_MISMATCH,
                            name.span(),
                            fr::profession_mismatch(
                                &owner,
                                name.get_ref(),
                                &list(&names),
                                &profession,
                            ),
                            Some(fr::PROFESSION_MISMATCH_HELP.to_owned()),
                        );
                        continue;
                    }
                    serves.insert(idx);
                }
            }
            let place = p.place.as_ref().and_then(|name| {
                let places = std::mem::replace(&mut self.places, Declared::new());
                let found = self.resolve(name, &owner, &geography::PLACE, &places);
                self.places = places;
                found
            });
            let volunteer = serves
                .iter()
                .any(|q: &PostIdx| all_posts[q.get()].kind == PostKind::McsZone);
            if volunteer && p.place.is_none() && !self.places.order.is_empty() {
                self.missing(&path, raw[i].span(), "place", fr::PLACE_EXAMPLE);
            }
            let share = match &p.share {
                None => 1.0,
                Some(s) => {
                    let v = *s.get_ref();
                    if v.is_finite() && v > 0.0 {
                        v
                    } else {
                        self.error_help(
                            codes::INVALID_SHARE,
                            s.span(),
                            fr::invalid_share(&owner, v),
                            Some(fr::SHARE_HELP.to_owned()),
                        );
                        1.0
                    }
                }
            };
            let limits = match &p.limits {
                None => Limits::default(),
                Some(l) => {
                    let lpath = at(&path, &[key("limits")]);
                    let lowner = self.describe(&lpath);
                    self.limits(&LimitKeys::of_limits(l.get_ref()), &lpath, &lowner)
                }
            };
            let mut history = BTreeMap::new();
            if let Some(h) = &p.history {
                for (name, value) in &h.get_ref().0 {
                    let key_path = at(&path, &[key("history"), key(name)]);
                    let key_span = self.loc.key_span(&key_path).unwrap_or_else(|| value.span());
                    let v = *value.get_ref();
                    let valid = v.is_finite() && v >= 0.0;
                    if !valid {
                        self.error(
                            codes::INVALID_HISTORY,
                            value.span(),
                            fr::invalid_history(&owner, v, name),
                        );
                    }
                    let spanned_name = Spanned::new(key_span, name.clone());
                    let hist_owner = format!("{owner}, history");
                    if let Some(c) =
                        self.resolve(&spanned_name, &hist_owner, &CATEGORY, &categories)
                    {
                        if valid {
                            history.insert(c, v);
                        }
                    }
                }
            }
            let mut unavailable = Vec::new();
            for (j, u) in p.unavailable.iter().flatten().enumerate() {
                let upath = at(&path, &[key("unavailable"), Seg::Index(j)]);
                if let Some(t) = self.target(u, &upath, &posts) {
                    unavailable.push(t);
                }
            }
            let mut wishes = Vec::new();
            for (j, w) in p.wishes.iter().flatten().enumerate() {
                let wpath = at(&path, &[key("wishes"), Seg::Index(j)]);
                if let Some(wish) = self.wish(w, &wpath, &posts) {
                    wishes.push(wish);
                }
            }
            let id = id.unwrap_or_default();
            out.push(Practitioner {
                name: p.name.clone().unwrap_or_else(|| id.clone()),
                id: PractitionerId(id),
                email: p.email.clone(),
                profession,
                qualifications: p.qualifications.iter().flatten().cloned().collect(),
                posts: serves,
                share,
                unavailable,
                wishes,
                limits,
                history,
                place,
            });
        }
        self.posts = posts;
        self.categories = categories;
        out
    }

    fn wish(
        &mut self,
        raw: &Spanned<raw::RawWish>,
        path: &[Seg],
        posts: &Declared<PostIdx>,
    ) -> Option<Wish> {
        let owner = self.describe(path);
        let w = raw.get_ref();
        let weight = match &w.weight {
            None => Some(1),
            Some(v) => match u32::try_from(*v.get_ref()) {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    self.error_help(
                        codes::INVALID_WEIGHT,
                        v.span(),
                        fr::invalid_wish_weight(&owner, *v.get_ref()),
                        Some(fr::WISH_WEIGHT_HELP.to_owned()),
                    );
                    None
                }
            },
        };
        let (kind, target, which) = match (&w.off, &w.on) {
            (Some(t), None) => (WishKind::Off, t, "off"),
            (None, Some(t)) => (WishKind::On, t, "on"),
            (both_or_none_off, _) => {
                let message = if both_or_none_off.is_some() {
                    fr::wish_off_and_on(&owner)
                } else {
                    fr::wish_neither(&owner)
                };
                self.error_help(
                    codes::INVALID_WISH,
                    raw.span(),
                    message,
                    Some("par exemple { off = { date = 2027-01-15 }, weight = 3 }".to_owned()),
                );
                return None;
            }
        };
        let target = self.target(target, &at(path, &[key(which)]), posts)?;
        Some(Wish {
            kind,
            target,
            weight: weight?,
        })
    }

    /// `{ from, to }`, `{ date }` or `{ post, period, date }`.
    fn target(
        &mut self,
        raw: &Spanned<RawTarget>,
        path: &[Seg],
        posts: &Declared<PostIdx>,
    ) -> Option<Unavailability> {
        const FORMS: &str = fr::TARGET_FORMS;
        let owner = self.describe(path);
        let span = raw.span();
        let t = raw.get_ref();
        let range = t.from.is_some() || t.to.is_some();
        let duty = t.post.is_some() || t.period.is_some();
        if range && (duty || t.date.is_some()) {
            self.error_help(
                codes::INVALID_TARGET,
                span,
                fr::mixed_target(&owner),
                Some(FORMS.to_owned()),
            );
            return None;
        }
        if range {
            let from = self.required_date(t.from.as_ref(), path, &span, "from");
            let to = self.required_date(t.to.as_ref(), path, &span, "to");
            let (from, to) = (from?, to?);
            let from_span = t.from.as_ref().map_or(span.clone(), |v| v.span());
            let to_span = t.to.as_ref().map_or(span.clone(), |v| v.span());
            if to < from {
                self.error(
                    codes::REVERSED_RANGE,
                    to_span,
                    fr::reversed_range(&owner, from, to),
                );
                return None;
            }
            let ok_from = self.check_in_horizon(from, from_span, &owner);
            let ok_to = self.check_in_horizon(to, to_span, &owner);
            return (ok_from && ok_to).then_some(Unavailability::Dates { from, to });
        }
        let Some(date_value) = &t.date else {
            if duty {
                self.missing(path, span, "date", "date = 2027-01-09");
            } else {
                self.error_help(
                    codes::INVALID_TARGET,
                    span,
                    fr::no_date(&owner),
                    Some(FORMS.to_owned()),
                );
            }
            return None;
        };
        let date = self.date(date_value, &owner, "date");
        let in_horizon = match date {
            Some(d) => self.check_in_horizon(d, date_value.span(), &owner),
            None => false,
        };
        if !duty {
            let date = date.filter(|_| in_horizon)?;
            return Some(Unavailability::Dates {
                from: date,
                to: date,
            });
        }
        let post = match &t.post {
            Some(p) => self.resolve(p, &owner, &POST, posts),
            None => {
                self.missing(path, span.clone(), "post", "post = \"mende\"");
                None
            }
        };
        let periods = std::mem::replace(&mut self.periods, Declared::new());
        let period = match &t.period {
            Some(p) => self.resolve(p, &owner, &PERIOD, &periods),
            None => {
                self.missing(path, span.clone(), "period", "period = \"nuit\"");
                None
            }
        };
        self.periods = periods;
        let (post, period) = (post?, period?);
        let covered = self
            .post_periods
            .get(post.get())
            .cloned()
            .unwrap_or_default();
        if !covered.contains(&period) {
            let (name, pspan) = t
                .period
                .as_ref()
                .map_or((String::new(), span), |p| (p.get_ref().clone(), p.span()));
            let post_id = t.post.as_ref().map_or("", |p| p.get_ref().as_str());
            let head = fr::post_does_not_cover(&owner, post_id, &name);
            self.not_in_post(head, pspan, &covered);
            return None;
        }
        let date = date.filter(|_| in_horizon)?;
        Some(Unavailability::Duty { post, period, date })
    }
}

/// The default fairness categories, used when the file has no `[[fairness.categories]]`.
/// The keys of `[rules]` and of a practitioner's `limits` that make a [`Limits`].
struct LimitKeys<'a> {
    week: Option<&'a Spanned<i64>>,
    month: Option<&'a Spanned<i64>>,
    horizon: Option<&'a Spanned<i64>>,
    weekends: Option<&'a Spanned<i64>>,
    max_days: Option<&'a Spanned<i64>>,
    min_days: Option<&'a Spanned<i64>>,
    min_days_off: Option<&'a Spanned<i64>>,
    min_minutes: Option<&'a Spanned<i64>>,
    max_minutes: Option<&'a Spanned<i64>>,
    max_per_period: Option<&'a Spanned<raw::RawCounts>>,
    by_kind: Option<&'a Spanned<raw::RawCounts>>,
}

impl<'a> LimitKeys<'a> {
    fn of_rules(r: &'a raw::RawRules) -> Self {
        LimitKeys {
            week: r.max_per_week.as_ref(),
            month: r.max_per_month.as_ref(),
            horizon: r.max_per_horizon.as_ref(),
            weekends: r.max_weekends.as_ref(),
            max_days: r.max_consecutive_days.as_ref(),
            min_days: r.min_consecutive_days.as_ref(),
            min_days_off: r.min_consecutive_days_off.as_ref(),
            min_minutes: r.min_minutes.as_ref(),
            max_minutes: r.max_minutes.as_ref(),
            max_per_period: r.max_per_period.as_ref(),
            by_kind: r.max_per_month_by_kind.as_ref(),
        }
    }

    fn of_limits(l: &'a raw::RawLimits) -> Self {
        LimitKeys {
            week: l.max_per_week.as_ref(),
            month: l.max_per_month.as_ref(),
            horizon: l.max_per_horizon.as_ref(),
            weekends: l.max_weekends.as_ref(),
            max_days: l.max_consecutive_days.as_ref(),
            min_days: l.min_consecutive_days.as_ref(),
            min_days_off: l.min_consecutive_days_off.as_ref(),
            min_minutes: l.min_minutes.as_ref(),
            max_minutes: l.max_minutes.as_ref(),
            max_per_period: l.max_per_period.as_ref(),
            by_kind: l.max_per_month_by_kind.as_ref(),
        }
    }
}

fn default_categories() -> Vec<Category> {
    let category = |id: &str, label: &str, weight: f64| Category {
        id: CategoryId(id.to_owned()),
        label: label.to_owned(),
        weight,
        day_kinds: BTreeSet::new(),
        periods: BTreeSet::new(),
        post_kinds: BTreeSet::new(),
        month_days: BTreeSet::new(),
        targets: TargetBasis::Demand,
    };
    let mut christmas = category("noel_nouvel_an", fr::CHRISTMAS_CATEGORY, 4.0);
    christmas.month_days = [(12, 24), (12, 25), (12, 31), (1, 1)].into_iter().collect();
    let mut holidays = category("ferie_pont", fr::HOLIDAYS_CATEGORY, 3.0);
    holidays.day_kinds = [DayKind::Holiday, DayKind::Bridge].into_iter().collect();
    let mut weekend = category("weekend", fr::WEEKEND_CATEGORY, 2.0);
    weekend.day_kinds = [DayKind::Saturday, DayKind::Sunday].into_iter().collect();
    let mut weekday = category("semaine", fr::WEEKDAY_CATEGORY, 1.0);
    weekday.day_kinds = [DayKind::Weekday].into_iter().collect();
    vec![christmas, holidays, weekend, weekday]
}

/// `HH:MM` → minutes since midnight; `24:00` → 1440. Exactly two digits each.
fn parse_clock(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    match (h, m) {
        (24, 0) => Some(1440),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

/// `8:00` → `08:00` when that is a valid clock time, for the help.
fn padded_clock(s: &str) -> Option<String> {
    let (h, m) = s.trim().split_once(['h', 'H', ':'])?;
    let m = if m.is_empty() { "00" } else { m };
    let padded = format!("{h:0>2}:{m:0>2}");
    (padded != s && parse_clock(&padded).is_some()).then_some(padded)
}

fn show_clock(minutes: u32) -> String {
    if minutes == 1440 {
        return "24:00".to_owned();
    }
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn minutes_to_time(minutes: u32) -> NaiveTime {
    let m = minutes % 1440;
    NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or(NaiveTime::MIN)
}

/// `MM-DD` → (month, day), any day that exists in a leap year.
fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.split_once('-')?;
    if m.len() != 2 || d.len() != 2 || !m.bytes().chain(d.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    // 2000 is a leap year, so 02-29 is accepted.
    NaiveDate::from_ymd_opt(2000, m, d).map(|_| (m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times() {
        assert_eq!(parse_clock("00:00"), Some(0));
        assert_eq!(parse_clock("23:59"), Some(1439));
        assert_eq!(parse_clock("24:00"), Some(1440));
        assert_eq!(parse_clock("24:01"), None);
        assert_eq!(parse_clock("25:00"), None);
        assert_eq!(parse_clock("8:00"), None);
        assert_eq!(parse_clock("08:60"), None);
        assert_eq!(parse_clock("+8:00"), None);
        assert_eq!(padded_clock("8:00").as_deref(), Some("08:00"));
        assert_eq!(padded_clock("8h").as_deref(), Some("08:00"));
        assert_eq!(padded_clock("25:00"), None);
    }

    #[test]
    fn month_days() {
        assert_eq!(parse_month_day("12-25"), Some((12, 25)));
        assert_eq!(parse_month_day("02-29"), Some((2, 29)));
        assert_eq!(parse_month_day("02-30"), None);
        assert_eq!(parse_month_day("13-01"), None);
        assert_eq!(parse_month_day("1-01"), None);
    }
}
