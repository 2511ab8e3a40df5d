//! Finding places in the parsed TOML document: the span of a key from its path, the
//! key holding the value at a span, and a French name for each table of the format.
//!
//! Used for what the serde structs cannot locate themselves: unknown keys (reported
//! by `serde_ignored` as a path), type errors (reported by toml as a span), and the
//! keys of free-form tables (`demand`, `history`). Knows the shape of the format only
//! through paths; it decides nothing about validity.

use std::fmt;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::labels as fr;

/// One step of a path into the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    /// A key of a table.
    Key(String),
    /// An index into an array (0-based).
    Index(usize),
}

impl fmt::Display for Seg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Seg::Key(k) => f.write_str(k),
            Seg::Index(i) => write!(f, "{i}"),
        }
    }
}

/// Converts a `serde_ignored` path into segments, dropping the steps that do not
/// exist in the document (`Option`, newtypes, the private field of `toml::Spanned`).
pub fn segments(path: &serde_ignored::Path<'_>) -> Vec<Seg> {
    let mut out = Vec::new();
    push_segments(path, &mut out);
    out
}

fn push_segments(path: &serde_ignored::Path<'_>, out: &mut Vec<Seg>) {
    use serde_ignored::Path;
    match path {
        Path::Root => {}
        Path::Seq { parent, index } => {
            push_segments(parent, out);
            out.push(Seg::Index(*index));
        }
        Path::Map { parent, key } => {
            push_segments(parent, out);
            if !key.starts_with("$__serde_spanned_private") {
                out.push(Seg::Key(key.clone()));
            }
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => push_segments(parent, out),
    }
}

/// The parsed document, kept for lookups.
pub struct Locator<'i> {
    root: Spanned<DeTable<'i>>,
}

impl<'i> Locator<'i> {
    /// Wraps a parsed document.
    pub fn new(root: Spanned<DeTable<'i>>) -> Self {
        Locator { root }
    }

    /// The value at `path`, if the document has one.
    pub fn value(&self, path: &[Seg]) -> Option<&Spanned<DeValue<'i>>> {
        let (last, parents) = path.split_last()?;
        let mut table: &DeTable<'i> = self.root.get_ref();
        let mut current: Option<&Spanned<DeValue<'i>>> = None;
        for seg in parents.iter().chain(std::iter::once(last)) {
            let next = match (seg, current) {
                (Seg::Key(k), None) => lookup(table, k),
                (Seg::Key(k), Some(v)) => match v.get_ref() {
                    DeValue::Table(t) => {
                        table = t;
                        lookup(table, k)
                    }
                    _ => None,
                },
                (Seg::Index(i), Some(v)) => match v.get_ref() {
                    DeValue::Array(a) => a.get(*i),
                    _ => None,
                },
                (Seg::Index(_), None) => None,
            }?;
            current = Some(next);
        }
        current
    }

    /// The span of the last key of `path` (which must end with a key), if found.
    pub fn key_span(&self, path: &[Seg]) -> Option<Range<usize>> {
        let (Seg::Key(key), parent) = path.split_last()? else {
            return None;
        };
        let table = if parent.is_empty() {
            self.root.get_ref()
        } else {
            match self.value(parent)?.get_ref() {
                DeValue::Table(t) => t,
                _ => return None,
            }
        };
        table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key.as_str())
            .map(|(k, _)| k.span())
    }

    /// The string value of the key `id` of the table at `path`, if any.
    pub fn id_at(&self, path: &[Seg]) -> Option<String> {
        let mut id_path = path.to_vec();
        id_path.push(Seg::Key("id".to_owned()));
        self.value(&id_path)
            .and_then(|v| v.get_ref().as_str().map(str::to_owned))
    }

    /// The path and value of the smallest value whose span contains `span`.
    pub fn value_at(&self, span: &Range<usize>) -> Option<(Vec<Seg>, &Spanned<DeValue<'i>>)> {
        let mut best: Option<(Vec<Seg>, &Spanned<DeValue<'i>>)> = None;
        let mut path = Vec::new();
        search_table(self.root.get_ref(), span, &mut path, &mut best);
        best
    }

    /// A French name for the table at `path`, without article, used as a message
    /// prefix: `[rules]`, `période "nuit"`, `limites du praticien "d01"`...
    pub fn describe(&self, path: &[Seg]) -> String {
        let id_or_number = |p: &[Seg], i: usize| match self.id_at(p) {
            Some(id) => format!("\"{id}\""),
            None => fr::number(i),
        };
        match path {
            [] => fr::TOP_LEVEL.to_owned(),
            [Seg::Key(k)] => format!("[{k}]"),
            [Seg::Key(c), Seg::Key(o), Seg::Index(i)] if c == "calendar" && o == "overrides" => {
                fr::calendar_override(*i)
            }
            [Seg::Key(k), Seg::Index(i), ..] if k == "places" => {
                fr::place(&id_or_number(&path[..2], *i))
            }
            [Seg::Key(k), Seg::Index(i), ..] if k == "emergency_bases" => {
                fr::emergency_base(&id_or_number(&path[..2], *i))
            }
            [Seg::Key(k), Seg::Index(i)] if k == "periods" => {
                fr::period(&id_or_number(&path[..2], *i))
            }
            [Seg::Key(k), Seg::Index(i), rest @ ..] if k == "posts" => {
                let post = fr::post(&id_or_number(&path[..2], *i));
                match rest {
                    [] => post,
                    [Seg::Key(s), ..] if s == "season" => fr::post_season(&post),
                    [Seg::Key(s), ..] if s == "demand" => fr::post_demand(&post),
                    _ => post,
                }
            }
            [Seg::Key(f), Seg::Key(c), Seg::Index(i), ..]
                if f == "fairness" && c == "categories" =>
            {
                fr::category(&id_or_number(&path[..3], *i))
            }
            [Seg::Key(k), Seg::Index(i), rest @ ..] if k == "practitioners" => {
                let who = id_or_number(&path[..2], *i);
                match rest {
                    [] => fr::practitioner(&who),
                    [Seg::Key(s), ..] if s == "limits" => fr::practitioner_limits(&who),
                    [Seg::Key(s), ..] if s == "history" => fr::practitioner_history(&who),
                    [Seg::Key(s), Seg::Index(j), ..] if s == "unavailable" => {
                        fr::practitioner_unavailable(*j, &who)
                    }
                    [Seg::Key(s), Seg::Index(j), ..] if s == "available" => {
                        fr::practitioner_available(*j, &who)
                    }
                    [Seg::Key(s), Seg::Index(j), Seg::Key(t), ..] if s == "wishes" => {
                        fr::wish_target(t, *j, &who)
                    }
                    [Seg::Key(s), Seg::Index(j), ..] if s == "wishes" => fr::wish(*j, &who),
                    _ => fr::practitioner(&who),
                }
            }
            _ => path
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("."),
        }
    }
}

fn lookup<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(_, v)| v)
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

fn better(candidate: &Range<usize>, best: Option<&Range<usize>>) -> bool {
    best.is_none_or(|b| candidate.len() <= b.len())
}

// The whole tree is searched, not only the values whose span contains the target: the
// span of a `[[table]]` element is its header, which does not contain its body.
fn search_table<'a, 'i>(
    table: &'a DeTable<'i>,
    span: &Range<usize>,
    path: &mut Vec<Seg>,
    best: &mut Option<(Vec<Seg>, &'a Spanned<DeValue<'i>>)>,
) {
    for (key, value) in table.iter() {
        path.push(Seg::Key(key.get_ref().to_string()));
        search_value(value, span, path, best);
        path.pop();
    }
}

fn search_value<'a, 'i>(
    value: &'a Spanned<DeValue<'i>>,
    span: &Range<usize>,
    path: &mut Vec<Seg>,
    best: &mut Option<(Vec<Seg>, &'a Spanned<DeValue<'i>>)>,
) {
    let here = value.span();
    if contains(&here, span) && better(&here, best.as_ref().map(|(_, v)| v.span()).as_ref()) {
        *best = Some((path.clone(), value));
    }
    match value.get_ref() {
        DeValue::Table(t) => search_table(t, span, path, best),
        DeValue::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                path.push(Seg::Index(i));
                search_value(v, span, path, best);
                path.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locator(text: &str) -> Locator<'_> {
        match DeTable::parse(text) {
            Ok(t) => Locator::new(t),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn key_span_follows_arrays_of_tables() {
        let text = "[[periods]]\nid = \"a\"\n[[periods]]\nid = \"b\"\nstrat = 1\n";
        let loc = locator(text);
        let path = [
            Seg::Key("periods".into()),
            Seg::Index(1),
            Seg::Key("strat".into()),
        ];
        let span = loc.key_span(&path).unwrap_or_default();
        assert_eq!(&text[span], "strat");
        assert_eq!(loc.describe(&path[..2]), "période \"b\"");
    }

    #[test]
    fn value_at_finds_the_innermost_value() {
        let text = "[[posts]]\nid = \"m\"\ndemand = { nuit = 0 }\n";
        let loc = locator(text);
        let zero = text.find('0').unwrap_or(0);
        let Some((path, _)) = loc.value_at(&(zero..zero + 1)) else {
            panic!("no value at the zero");
        };
        assert_eq!(
            path,
            vec![
                Seg::Key("posts".into()),
                Seg::Index(0),
                Seg::Key("demand".into()),
                Seg::Key("nuit".into())
            ]
        );
    }
}
