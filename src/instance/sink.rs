//! The collector of diagnostics, and the problems found before the semantic checks:
//! TOML syntax errors, type errors and unknown keys, translated into French with a
//! did-you-mean. Also the small French helpers shared by the checks (lists of
//! alternatives, suggestions).
//!
//! Knows nothing of what the fields mean; the semantic checks are in `validate`.

use std::ops::Range;

use toml::de::DeValue;

use super::diagnostic::{codes, Diagnostic, Diagnostics};
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
        let message = match translate_syntax(english) {
            Some(fr) => format!("syntaxe TOML invalide : {fr}"),
            None => format!("syntaxe TOML invalide ({english})"),
        };
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
        let place = dans(&loc.describe(parent));
        let mut message = format!("clé inconnue \"{key}\" {place}");
        if let Some(s) = did_you_mean(key, known.iter().copied()) {
            message.push_str(&format!(" ; vouliez-vous dire \"{s}\" ?"));
        }
        let top = known_keys(&[]);
        let help = if !parent.is_empty() && top.contains(&key.as_str()) {
            // `places = [...]` written after `[coverage]` belongs to [coverage] in TOML.
            Some(format!(
                "\"{key}\" est une clé du premier niveau : placez-la avant la première [section] du fichier"
            ))
        } else if known.is_empty() {
            None
        } else if parent.is_empty() {
            Some(format!("clés possibles : {}", known.join(", ")))
        } else {
            Some(format!("clés possibles ici : {}", known.join(", ")))
        };
        self.push(codes::UNKNOWN_KEY, span, message, help);
    }

    pub(super) fn type_error(&mut self, e: &toml::de::Error, loc: &Locator<'_>) {
        let span = e.span().unwrap_or(0..0);
        let english = e.message().trim();
        let Some((path, value)) = loc.value_at(&span) else {
            self.push(
                codes::INVALID_TYPE,
                span,
                format!("type invalide ({english})"),
                None,
            );
            return;
        };
        let expected = english
            .split_once(", expected ")
            .map(|(_, x)| translate_expected(x));
        let found = describe_found(value.get_ref(), self.text.get(value.span()).unwrap_or(""));
        let (what, owner) = match path.split_last() {
            Some((Seg::Index(i), rest)) => {
                let list = match rest.last() {
                    Some(Seg::Key(k)) => k.clone(),
                    _ => String::new(),
                };
                let owner = rest.split_last().map_or(&[][..], |(_, o)| o);
                (format!("l'élément n° {} de \"{list}\"", i + 1), owner)
            }
            Some((Seg::Key(k), owner)) => (format!("la clé \"{k}\""), owner),
            None => (String::from("le fichier"), &[][..]),
        };
        let prefix = if owner.is_empty() {
            String::new()
        } else {
            format!("{} : ", loc.describe(owner))
        };
        let message = match &expected {
            Some(x) => format!("{prefix}{what} doit être {x}, trouvé {found}"),
            None => format!("{prefix}{what} : type invalide ({english}), trouvé {found}"),
        };
        let help = match (path.last(), value.get_ref(), &expected) {
            (Some(Seg::Key(_)), DeValue::Table(_), Some(x)) if x.starts_with("une liste") => {
                Some(format!(
                    "pour une liste de tables, écrivez [[{}]] devant chaque élément",
                    dotted(&path)
                ))
            }
            (_, DeValue::String(s), Some(x)) if x.starts_with("un ") && looks_numeric(s) => {
                Some(format!("retirez les guillemets : {s}"))
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

/// « dans » followed by the table's description with its article.
fn dans(description: &str) -> String {
    if description.starts_with('[') {
        return format!("dans {description}");
    }
    if description.starts_with("premier niveau") {
        return "au premier niveau du fichier".to_owned();
    }
    let article = match description.split_whitespace().next().unwrap_or("") {
        "poste" | "praticien" | "souhait" => "le ",
        "limites" => "les ",
        "historique" | "indisponibilité" => "l'",
        _ => "la ",
    };
    format!("dans {article}{description}")
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
    did_you_mean(word, candidates).map(|s| format!("vouliez-vous dire \"{s}\" ?"))
}

/// `a, b, c` with at most [`MAX_LISTED`] names.
pub(super) fn list(names: &[&str]) -> String {
    if names.len() > MAX_LISTED {
        format!("{}, …", names[..MAX_LISTED].join(", "))
    } else {
        names.join(", ")
    }
}

/// `a, b ou c`.
pub(super) fn alternatives(names: &[&str]) -> String {
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} ou {last}", rest.join(", ")),
    }
}

fn translate_expected(expected: &str) -> String {
    match expected.trim() {
        "a string" | "string" => "une chaîne entre guillemets".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "an integer" => {
            "un entier".to_owned()
        }
        "f32" | "f64" | "a float" => "un nombre".to_owned(),
        "a boolean" => "true ou false".to_owned(),
        "a sequence" | "an array" => "une liste [ … ]".to_owned(),
        x if x.starts_with("struct ") || x == "a map" || x.starts_with("map") => {
            "une table".to_owned()
        }
        other => other.to_owned(),
    }
}

fn describe_found(value: &DeValue<'_>, source: &str) -> String {
    let source = source.trim();
    match value {
        DeValue::String(s) => {
            let shown: String = s.chars().take(40).collect();
            let ellipsis = if s.chars().count() > 40 { "…" } else { "" };
            format!("la chaîne \"{shown}{ellipsis}\"")
        }
        DeValue::Integer(_) => format!("l'entier {source}"),
        DeValue::Float(_) => format!("le nombre {source}"),
        DeValue::Boolean(b) => format!("le booléen {b}"),
        DeValue::Datetime(_) => format!("la date {source}"),
        DeValue::Array(_) => "une liste".to_owned(),
        DeValue::Table(_) => "une table".to_owned(),
    }
}

/// A raw value as found, for messages: `la chaîne "x"`, `l'entier 3`...
pub(super) fn value_found(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("la chaîne \"{s}\""),
        toml::Value::Integer(i) => format!("l'entier {i}"),
        toml::Value::Float(f) => format!("le nombre {f}"),
        toml::Value::Boolean(b) => format!("le booléen {b}"),
        toml::Value::Datetime(d) => format!("la date {d}"),
        toml::Value::Array(_) => "une liste".to_owned(),
        toml::Value::Table(_) => "une table".to_owned(),
    }
}

fn translate_syntax(english: &str) -> Option<String> {
    const TABLE: &[(&str, &str)] = &[
        ("duplicate key", "clé en double"),
        (
            "string values must be quoted",
            "les chaînes doivent être entre guillemets",
        ),
        (
            "invalid basic string",
            "chaîne mal formée (guillemet fermant manquant ?)",
        ),
        (
            "invalid literal string",
            "chaîne mal formée (apostrophe fermante manquante ?)",
        ),
        (
            "missing escaped value",
            "séquence d'échappement invalide après « \\ »",
        ),
        ("invalid date", "date invalide"),
        ("invalid time", "heure invalide"),
        ("invalid date-time", "date ou heure invalide"),
        ("unclosed array table", "« ]] » manquant"),
        ("unclosed table", "« ] » manquant"),
        ("unclosed array", "« ] » manquant à la fin de la liste"),
        ("unclosed inline table", "« } » manquant"),
        (
            "missing comma between array elements",
            "virgule manquante entre deux éléments de la liste",
        ),
        (
            "missing comma between key-value pairs",
            "virgule manquante entre deux clés",
        ),
        ("missing value", "valeur manquante"),
        ("key with no value", "clé sans valeur"),
        (
            "missing assignment between key-value pairs",
            "« = » manquant entre la clé et la valeur",
        ),
        ("invalid key", "clé invalide"),
        ("invalid unquoted key", "clé invalide"),
        ("unexpected content", "contenu inattendu"),
        ("invalid integer number", "entier invalide"),
        ("invalid float", "nombre invalide"),
        ("unexpected leading zero", "zéro initial non permis"),
        ("invalid boolean", "booléen invalide (true ou false)"),
        (
            "extra comma in inline table",
            "virgule en trop dans la table",
        ),
        ("invalid value", "valeur invalide"),
        ("invalid table", "table invalide"),
    ];
    TABLE
        .iter()
        .find(|(en, _)| english.starts_with(en))
        .map(|(_, fr)| {
            // Keep toml's detail ("expected month between 01 and 12") when there is one.
            match english.split_once(", expected ") {
                Some((_, detail)) => format!("{fr}, attendu {}", translate_detail(detail)),
                None => (*fr).to_owned(),
            }
        })
}

/// The common details of toml's date and time errors, in French; others verbatim.
fn translate_detail(detail: &str) -> String {
    let detail = detail.trim();
    let between = |noun: &str, rest: &str| {
        let rest = rest.replace(" and ", " et ");
        format!("{noun} entre {rest}")
    };
    if let Some(rest) = detail.strip_prefix("month between ") {
        return between("un mois", rest);
    }
    if let Some(rest) = detail.strip_prefix("day between ") {
        return between("un jour", rest);
    }
    if let Some(rest) = detail
        .strip_prefix("hour between ")
        .or_else(|| detail.strip_prefix("hours between "))
    {
        return between("une heure", rest);
    }
    if let Some(rest) = detail
        .strip_prefix("minute between ")
        .or_else(|| detail.strip_prefix("minutes between "))
    {
        return between("des minutes", rest);
    }
    if let Some(rest) = detail.strip_prefix("second between ") {
        return between("des secondes", rest);
    }
    detail.to_owned()
}
