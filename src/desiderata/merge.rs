//! Merging marks into the instance text, keeping everything else byte for byte.
//!
//! The instance is edited with `toml_edit`, which keeps comments, blank lines and the
//! order of keys. Each imported entry is one line of a practitioner's `unavailable` or
//! `wishes` array, followed by the same-line comment [`MARKER`] (and the practitioner's
//! own comment after ` : `):
//!
//! ```toml
//! unavailable = [
//!   { date = 2027-02-22 },   # personal
//!   { post = "mende", period = "soir", date = 2027-01-05 },   # feuille de desiderata
//! ]
//! wishes = [
//!   { on = { post = "mende", period = "jour", date = 2027-01-10 }, weight = 2 },   # feuille de desiderata : congrès
//! ]
//! ```
//!
//! [`strip`] takes these lines out (and nothing else), [`merge`] appends them after the
//! entries written by hand, so an import replaces the earlier one instead of adding to
//! it. `toml_edit` keeps a comment that follows an array element (after its comma) in
//! the decor that follows it: the next element's prefix, or the array's trailing text
//! for the last one. Removing and appending elements move those decors so that every
//! comment stays on the line of the element it was written after.
//!
//! An array that receives entries is first normalised to one element per line
//! (normalising twice changes nothing), so `merge(strip(merge(s)))` equals `merge(s)`.

use chrono::NaiveDate;
use toml_edit::{Array, DocumentMut, InlineTable, Item, TableLike, Value};

use crate::instance::{Instance, PracIdx};

use super::{labels, Choice, DutyKey, Mark};

/// The same-line comment of an imported entry. A comment that is exactly this, or this
/// followed by ` : ` and text, marks the entry as imported: the next import replaces it.
pub const MARKER: &str = labels::MARKER;

/// Longest practitioner comment kept in the instance file, in characters.
pub const MAX_COMMENT_CHARS: usize = 200;

/// The instance text edit failed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MergeError {
    /// The text is not TOML `toml_edit` can edit (it was valid for the instance reader).
    #[error("{}", labels::merge_toml(.0))]
    Toml(String),
    /// An entry marked as imported is not in the form the import writes.
    #[error("{}", labels::merge_edited(.practitioner, .entry, .expected))]
    Edited {
        /// The practitioner's id.
        practitioner: String,
        /// The entry as written.
        entry: String,
        /// The form expected.
        expected: &'static str,
    },
    /// An imported entry names something the instance does not have.
    #[error("{}", labels::merge_unresolved(.practitioner, .problem))]
    Unresolved {
        /// The practitioner's id.
        practitioner: String,
        /// What is wrong.
        problem: String,
    },
    /// A practitioner of the instance has no table in the text (a bug).
    #[error("{}", labels::merge_internal(.0))]
    Internal(String),
}

/// An imported entry read back from the text, with ids as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The practitioner's id.
    pub practitioner: String,
    /// Unavailable, wanted or avoided.
    pub choice: Choice,
    /// The post's id.
    pub post: String,
    /// The period's id.
    pub period: String,
    /// The duty's date.
    pub date: NaiveDate,
    /// The wish's weight (1 for an unavailability).
    pub weight: u32,
    /// The practitioner's comment.
    pub comment: Option<String>,
}

/// The text without its imported entries, and those entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stripped {
    /// The instance text without the imported entries.
    pub text: String,
    /// The entries taken out, in file order.
    pub entries: Vec<Entry>,
}

/// The two arrays the import writes, and the choice each holds.
const UNAVAILABLE: &str = "unavailable";
const WISHES: &str = "wishes";

/// Takes the imported entries out of the instance text.
///
/// # Errors
/// [`MergeError::Toml`] if `toml_edit` cannot read the text, [`MergeError::Edited`] for
/// an entry that carries the marker but is not in the form the import writes.
pub fn strip(text: &str) -> Result<Stripped, MergeError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| MergeError::Toml(e.to_string()))?;
    let mut entries = Vec::new();
    let mut failure = None;
    for_each_practitioner(&mut doc, |id, table| {
        for key in [UNAVAILABLE, WISHES] {
            let Some(array) = table.get_mut(key).and_then(Item::as_array_mut) else {
                continue;
            };
            match strip_array(id, key, array) {
                Ok(mut taken) => entries.append(&mut taken),
                Err(e) => {
                    failure.get_or_insert(e);
                }
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    Ok(Stripped {
        text: doc.to_string(),
        entries,
    })
}

/// Appends `marks` to the practitioners' arrays of `text` (a text without imported
/// entries: [`Stripped::text`]), after the entries written by hand, in the order given.
///
/// # Errors
/// [`MergeError::Toml`] if the text cannot be read, [`MergeError::Internal`] when a
/// practitioner of a mark has no table in the text.
pub fn merge(text: &str, instance: &Instance, marks: &[Mark]) -> Result<String, MergeError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| MergeError::Toml(e.to_string()))?;
    let mut by_id: std::collections::BTreeMap<&str, Vec<&Mark>> = Default::default();
    for m in marks {
        by_id
            .entry(instance.practitioner(m.practitioner).id.as_str())
            .or_default()
            .push(m);
    }
    let mut seen = std::collections::BTreeSet::new();
    for_each_practitioner(&mut doc, |id, table| {
        let Some(list) = by_id.get(id) else {
            return;
        };
        seen.insert(id.to_owned());
        let (unavailable, wishes): (Vec<&Mark>, Vec<&Mark>) =
            list.iter().partition(|m| m.choice == Choice::Unavailable);
        for (key, group) in [(UNAVAILABLE, unavailable), (WISHES, wishes)] {
            if group.is_empty() {
                continue;
            }
            if !table.contains_key(key) {
                table.insert(key, Item::Value(Value::Array(Array::new())));
            }
            if let Some(array) = table.get_mut(key).and_then(Item::as_array_mut) {
                let values = group
                    .iter()
                    .map(|m| (entry_value(instance, m), comment_of(m)))
                    .collect();
                append(array, values);
            }
        }
    });
    if let Some(missing) = by_id.keys().find(|id| !seen.contains(**id)) {
        return Err(MergeError::Internal(labels::no_table(missing)));
    }
    Ok(doc.to_string())
}

/// Resolves an entry's ids against the instance.
///
/// # Errors
/// [`MergeError::Unresolved`] for an unknown practitioner, post or period.
pub fn resolve(instance: &Instance, entry: &Entry) -> Result<Mark, MergeError> {
    let unresolved = |problem: String| MergeError::Unresolved {
        practitioner: entry.practitioner.clone(),
        problem,
    };
    let practitioner: PracIdx = instance
        .practitioner_by_id(&entry.practitioner)
        .ok_or_else(|| unresolved(labels::UNKNOWN_PRACTITIONER.to_owned()))?;
    let post = instance
        .post_by_id(&entry.post)
        .ok_or_else(|| unresolved(labels::unknown_post(&entry.post)))?;
    let period = instance
        .period_by_id(&entry.period)
        .ok_or_else(|| unresolved(labels::unknown_period(&entry.period)))?;
    Ok(Mark {
        practitioner,
        duty: DutyKey {
            post,
            period,
            date: entry.date,
        },
        choice: entry.choice,
        weight: entry.weight,
        comment: entry.comment.clone(),
    })
}

/// A comment as the instance file keeps it: one line, no control characters, spaces
/// collapsed, at most [`MAX_COMMENT_CHARS`] characters. `None` when nothing is left.
/// Cleaning twice gives the same text.
pub fn clean_comment(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    let cut: String = joined.chars().take(MAX_COMMENT_CHARS).collect();
    let cut = cut.trim_end().to_owned();
    (!cut.is_empty()).then_some(cut)
}

/// Calls `f` with the id and table of every practitioner of the document, whether
/// they are written `[[practitioners]]` or as an inline array.
fn for_each_practitioner(doc: &mut DocumentMut, mut f: impl FnMut(&str, &mut dyn TableLike)) {
    let Some(item) = doc.get_mut("practitioners") else {
        return;
    };
    match item {
        Item::ArrayOfTables(tables) => {
            for table in tables.iter_mut() {
                if let Some(id) = table.get("id").and_then(Item::as_str).map(str::to_owned) {
                    f(&id, table);
                }
            }
        }
        Item::Value(Value::Array(array)) => {
            for value in array.iter_mut() {
                if let Value::InlineTable(table) = value {
                    if let Some(id) = table.get("id").and_then(Value::as_str).map(str::to_owned) {
                        f(&id, table);
                    }
                }
            }
        }
        _ => {}
    }
}

/// The text of a decor, or "" when it has none.
fn raw(decor: Option<&toml_edit::RawString>) -> String {
    decor.and_then(|r| r.as_str()).unwrap_or("").to_owned()
}

/// Splits a decor at its first line break: the end of the line it starts on (the
/// same-line comment of what precedes it), and the rest, line break included.
fn split_line(decor: &str) -> (&str, &str) {
    match decor.find('\n') {
        Some(i) => decor.split_at(i),
        None => (decor, ""),
    }
}

/// The decor that follows element `i`: the next element's prefix, or the trailing text.
fn after(array: &Array, i: usize) -> String {
    match array.get(i + 1) {
        Some(next) => raw(next.decor().prefix()),
        None => {
            let mut text = String::new();
            if !array.trailing_comma() {
                if let Some(last) = array.get(i) {
                    text.push_str(&raw(last.decor().suffix()));
                }
            }
            text.push_str(array.trailing().as_str().unwrap_or(""));
            text
        }
    }
}

/// Sets the decor that follows element `i`.
fn set_after(array: &mut Array, i: usize, decor: String) {
    if i + 1 < array.len() {
        if let Some(next) = array.get_mut(i + 1) {
            next.decor_mut().set_prefix(decor);
        }
    } else {
        if !array.trailing_comma() {
            if let Some(last) = array.get_mut(i) {
                last.decor_mut().set_suffix("");
            }
        }
        array.set_trailing(decor);
    }
}

/// The comment on the line of element `i`, if it is an import's: the practitioner's
/// text after the marker (`Some(None)` for the bare marker).
fn imported_comment(array: &Array, i: usize) -> Option<Option<String>> {
    let decor = after(array, i);
    let (line, _) = split_line(&decor);
    let line = line.trim_start_matches([' ', '\t', ',']).trim_end();
    let rest = line.strip_prefix(MARKER)?;
    if rest.is_empty() {
        Some(None)
    } else {
        rest.strip_prefix(" : ").map(clean_comment)
    }
}

/// Removes the imported elements of one array and returns them as entries.
fn strip_array(id: &str, key: &str, array: &mut Array) -> Result<Vec<Entry>, MergeError> {
    let mut taken = Vec::new();
    let mut i = array.len();
    while i > 0 {
        i -= 1;
        let Some(comment) = imported_comment(array, i) else {
            continue;
        };
        let value = array.get(i).expect("index below the array's length");
        taken.push(read_entry(id, key, value, comment)?);
        // The element's own prefix starts with the comment of the element before it:
        // that comment stays, followed by what came after this element's line.
        let prefix = raw(value.decor().prefix());
        let following = after(array, i);
        let (before_line, _) = split_line(&prefix);
        let (_, after_line) = split_line(&following);
        let joined = format!("{before_line}{after_line}");
        set_after(array, i, joined);
        array.remove(i);
    }
    if array.is_empty()
        && !taken.is_empty()
        && array.trailing().as_str().unwrap_or("").trim().is_empty()
    {
        array.set_trailing("");
        array.set_trailing_comma(false);
    }
    taken.reverse();
    Ok(taken)
}

/// Reads an imported element back.
fn read_entry(
    id: &str,
    key: &str,
    value: &Value,
    comment: Option<String>,
) -> Result<Entry, MergeError> {
    let edited = |expected: &'static str| MergeError::Edited {
        practitioner: id.to_owned(),
        entry: value.to_string().trim().to_owned(),
        expected,
    };
    if key == UNAVAILABLE {
        const FORM: &str = labels::UNAVAILABLE_FORM;
        let table = value.as_inline_table().ok_or_else(|| edited(FORM))?;
        let (post, period, date) = read_duty(table).ok_or_else(|| edited(FORM))?;
        return Ok(Entry {
            practitioner: id.to_owned(),
            choice: Choice::Unavailable,
            post,
            period,
            date,
            weight: 1,
            comment,
        });
    }
    const FORM: &str = labels::WISH_FORM;
    let table = value.as_inline_table().ok_or_else(|| edited(FORM))?;
    let weight = table
        .get("weight")
        .and_then(Value::as_integer)
        .and_then(|w| u32::try_from(w).ok())
        .filter(|w| *w >= 1)
        .ok_or_else(|| edited(FORM))?;
    let (choice, target) = match (table.get("on"), table.get("off")) {
        (Some(on), None) => (Choice::Wanted, on),
        (None, Some(off)) => (Choice::Avoided, off),
        _ => return Err(edited(FORM)),
    };
    if table.len() != 2 {
        return Err(edited(FORM));
    }
    let target = target.as_inline_table().ok_or_else(|| edited(FORM))?;
    let (post, period, date) = read_duty(target).ok_or_else(|| edited(FORM))?;
    Ok(Entry {
        practitioner: id.to_owned(),
        choice,
        post,
        period,
        date,
        weight,
        comment,
    })
}

/// `{ post, period, date }` exactly.
fn read_duty(table: &InlineTable) -> Option<(String, String, NaiveDate)> {
    if table.len() != 3 {
        return None;
    }
    let post = table.get("post")?.as_str()?.to_owned();
    let period = table.get("period")?.as_str()?.to_owned();
    let date = table.get("date")?.as_datetime()?;
    if date.time.is_some() || date.offset.is_some() {
        return None;
    }
    let d = date.date?;
    let date = NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))?;
    Some((post, period, date))
}

/// The TOML value of a mark: a one-duty target, or a wish on it.
fn entry_value(instance: &Instance, mark: &Mark) -> Value {
    use chrono::Datelike as _;
    let mut target = InlineTable::new();
    target.insert("post", instance.post(mark.duty.post).id.as_str().into());
    target.insert(
        "period",
        instance.period(mark.duty.period).id.as_str().into(),
    );
    let d = mark.duty.date;
    let date = toml_edit::Date {
        year: u16::try_from(d.year()).expect("horizon dates are validated within years 1–9999"),
        month: u8::try_from(d.month()).expect("a month fits in u8"),
        day: u8::try_from(d.day()).expect("a day fits in u8"),
    };
    target.insert("date", Value::from(toml_edit::Datetime::from(date)));
    target.fmt();
    match mark.choice {
        Choice::Unavailable => Value::InlineTable(target),
        Choice::Wanted | Choice::Avoided => {
            let mut wish = InlineTable::new();
            let key = if mark.choice == Choice::Wanted {
                "on"
            } else {
                "off"
            };
            wish.insert(key, Value::InlineTable(target));
            wish.insert("weight", Value::from(i64::from(mark.weight)));
            wish.fmt();
            Value::InlineTable(wish)
        }
    }
}

/// The same-line comment of an imported entry.
fn comment_of(mark: &Mark) -> String {
    match mark.comment.as_deref().and_then(clean_comment) {
        Some(c) => format!("{MARKER} : {c}"),
        None => MARKER.to_owned(),
    }
}

/// Puts every element on a line of its own, with a comma after the last one, keeping
/// every comment where it was. Doing it twice changes nothing.
fn normalise(array: &mut Array) {
    if array.is_empty() {
        if !array.trailing().as_str().unwrap_or("").contains('\n') {
            let trailing = format!("{}\n", array.trailing().as_str().unwrap_or(""));
            array.set_trailing(trailing);
        }
        return;
    }
    let indent = indent_of(array);
    for value in array.iter_mut() {
        let prefix = raw(value.decor().prefix());
        if !prefix.contains('\n') {
            value
                .decor_mut()
                .set_prefix(format!("\n{indent}{}", prefix.trim_start()));
        }
    }
    if !array.trailing_comma() {
        let last = array.len() - 1;
        let suffix = array
            .get(last)
            .map(|v| raw(v.decor().suffix()))
            .unwrap_or_default();
        let trailing = format!("{suffix}{}", array.trailing().as_str().unwrap_or(""));
        if let Some(v) = array.get_mut(last) {
            v.decor_mut().set_suffix("");
        }
        array.set_trailing(trailing);
        array.set_trailing_comma(true);
    }
    let trailing = array.trailing().as_str().unwrap_or("").to_owned();
    if !trailing.contains('\n') {
        array.set_trailing(format!("{trailing}\n"));
    }
}

/// The indentation of the array's elements: what follows the last line break of the
/// first prefix that has one, when it is blank; two spaces otherwise.
fn indent_of(array: &Array) -> String {
    array
        .iter()
        .filter_map(|v| {
            let p = raw(v.decor().prefix());
            p.rfind('\n').map(|i| p[i + 1..].to_owned())
        })
        .find(|s| !s.is_empty() && s.chars().all(|c| c == ' ' || c == '\t'))
        .unwrap_or_else(|| "  ".to_owned())
}

/// Appends values, each with its same-line comment, after the array's elements.
fn append(array: &mut Array, values: Vec<(Value, String)>) {
    normalise(array);
    let indent = indent_of(array);
    let trailing = array.trailing().as_str().unwrap_or("").to_owned();
    let (head, tail) = split_line(&trailing);
    let mut prefix = format!("{head}\n{indent}");
    let mut last_comment = String::new();
    for (mut value, comment) in values {
        value.decor_mut().set_prefix(prefix);
        value.decor_mut().set_suffix("");
        array.push_formatted(value);
        prefix = format!("   {comment}\n{indent}");
        last_comment = comment;
    }
    array.set_trailing(format!("   {last_comment}{tail}"));
    array.set_trailing_comma(true);
}
