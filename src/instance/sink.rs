//! The collector of diagnostics, and the problems found before the semantic checks:
//! TOML syntax errors, type errors and unknown keys, translated into French with a
//! did-you-mean. Also the small French helpers shared by the checks (lists of
//! alternatives, suggestions).
//!
//! Knows nothing of what the fields mean; the semantic checks are in `validate`.

use std::ops::Range;

use toml::de::DeValue;

use super::diagnostic::{codes, Diagnostic, Diagnostics};
use super::labels as fr;
pub(super) use super::labels::{alternatives, value_found};
use super::locate::{Locator, Seg};
use super::raw;
use crate::text::did_you_mean;

/// How many declared ids an "unknown id" message lists before eliding the rest.
const MAX_LISTED: usize = 12;

/// Collects the diagnostics of one file (the instance's, and the other TOML files
/// read against it: a re-planning's changes).
pub(crate) struct Sink<'t> {
    pub(crate) file: &'t str,
    pub(crate) text: &'t str,
    pub(crate) out: Vec<Diagnostic>,
}

impl Sink<'_> {
    pub(crate) fn push(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        message: String,
        help: Option<String>,
    ) {
        self.out.push(Diagnostic::at(
            code, self.file, self.text, span, message, help,
        ));
    }

    pub(crate) fn finish(&mut self) -> Diagnostics {
        Diagnostics::with_source(std::mem::take(&mut self.out), self.file, self.text)
    }

    pub(super) fn syntax(&mut self, e: &toml::de::Error) {
        let span = e.span().unwrap_or(0..0);
        let english = e.message().trim();
        let message = fr::syntax(fr::translate_syntax(english).as_deref(), english);
        self.push(codes::SYNTAX, span, message, None);
    }

    pub(super) fn unknown_key(&mut self, path: &[Seg], loc: &Locator<'_>) {
        let Some((Seg::Key(key), parent)) = path.split_last() else {
            return;
        };
        let span = loc
            .key_span(path)
            .or_else(|| loc.value(parent).map(|v| v.span()))
            .unwrap_or(0..0);
        let known = known_keys(parent);
        let mut message = fr::unknown_key(key, &loc.describe(parent));
        if let Some(s) = did_you_mean(key, known.iter().copied()) {
            message.push_str(&fr::did_you_mean_suffix(s));
        }
        let top = known_keys(&[]);
        let help = if !parent.is_empty() && top.contains(&key.as_str()) {
            // `places = [...]` written after `[coverage]` belongs to [coverage] in TOML.
            Some(fr::top_level_key_help(key))
        } else if known.is_empty() {
            None
        } else {
            Some(fr::possible_keys(known, parent.is_empty()))
        };
        self.push(codes::UNKNOWN_KEY, span, message, help);
    }

    pub(super) fn type_error(&mut self, e: &toml::de::Error, loc: &Locator<'_>) {
        let span = e.span().unwrap_or(0..0);
        let english = e.message().trim();
        let Some((path, value)) = loc.value_at(&span) else {
            self.push(codes::INVALID_TYPE, span, fr::invalid_type(english), None);
            return;
        };
        let expected = english
            .split_once(", expected ")
            .map(|(_, x)| fr::translate_expected(x));
        let found = fr::describe_found(value.get_ref(), self.text.get(value.span()).unwrap_or(""));
        let (what, owner) = match path.split_last() {
            Some((Seg::Index(i), rest)) => {
                let list = match rest.last() {
                    Some(Seg::Key(k)) => k.clone(),
                    _ => String::new(),
                };
                let owner = rest.split_last().map_or(&[][..], |(_, o)| o);
                (fr::list_element(*i, &list), owner)
            }
            Some((Seg::Key(k), owner)) => (fr::the_key(k), owner),
            None => (fr::THE_FILE.to_owned(), &[][..]),
        };
        let prefix = if owner.is_empty() {
            String::new()
        } else {
            format!("{} : ", loc.describe(owner))
        };
        let message = fr::wrong_type(&prefix, &what, expected.as_deref(), english, &found);
        let help = match (path.last(), value.get_ref(), &expected) {
            (Some(Seg::Key(_)), DeValue::Table(_), Some(x)) if fr::expects_list(x) => {
                Some(fr::array_of_tables_help(&dotted(&path)))
            }
            (_, DeValue::String(s), Some(x)) if fr::expects_number(x) && looks_numeric(s) => {
                Some(fr::remove_quotes_help(s))
            }
            _ => None,
        };
        self.push(codes::INVALID_TYPE, span, message, help);
    }
}

fn looks_numeric(s: &str) -> bool {
    !s.is_empty() && s.parse::<f64>().is_ok()
}

fn dotted(path: &[Seg]) -> String {
    path.iter()
        .filter_map(|s| match s {
            Seg::Key(k) => Some(k.as_str()),
            Seg::Index(_) => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The keys known in the table at `path` (indices are wildcards).
fn known_keys(path: &[Seg]) -> &'static [&'static str] {
    use raw::*;
    let keys: Vec<&str> = path
        .iter()
        .map(|s| match s {
            Seg::Key(k) => k.as_str(),
            Seg::Index(_) => "#",
        })
        .collect();
    match keys.as_slice() {
        [] => fields_of::<RawInstance>(),
        ["horizon"] => fields_of::<RawHorizon>(),
        ["calendar"] => fields_of::<RawCalendar>(),
        ["calendar", "overrides", "#"] => fields_of::<RawOverride>(),
        ["periods", "#"] => fields_of::<RawPeriod>(),
        ["posts", "#"] => fields_of::<RawPost>(),
        ["posts", "#", "season"] => fields_of::<RawSeason>(),
        ["rules"] => fields_of::<RawRules>(),
        ["fairness"] => fields_of::<RawFairness>(),
        ["fairness", "categories", "#"] => fields_of::<RawCategory>(),
        ["preferences"] => fields_of::<RawPreferences>(),
        ["coverage"] => fields_of::<RawCoverage>(),
        ["places", "#"] => fields_of::<RawPlace>(),
        ["emergency_bases", "#"] => fields_of::<RawBase>(),
        ["practitioners", "#"] => fields_of::<RawPractitioner>(),
        ["practitioners", "#", "limits"] => fields_of::<RawLimits>(),
        ["practitioners", "#", "unavailable", "#"] => fields_of::<RawTarget>(),
        ["practitioners", "#", "wishes", "#"] => fields_of::<RawWish>(),
        ["practitioners", "#", "wishes", "#", "off" | "on"] => fields_of::<RawTarget>(),
        _ => &[],
    }
}

pub(super) fn help_did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    did_you_mean(word, candidates).map(fr::did_you_mean_help)
}

/// `a, b, c` with at most [`MAX_LISTED`] names.
pub(super) fn list(names: &[&str]) -> String {
    if names.len() > MAX_LISTED {
        format!("{}, …", names[..MAX_LISTED].join(", "))
    } else {
        names.join(", ")
    }
}
