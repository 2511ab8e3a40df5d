//! The busiest MCS volunteer of a roster: the practitioner holding the most duties on
//! posts of kind `mcs`, counted from `assignments.csv`, the posts' kinds read from the
//! instance file.
//!
//! Dependency-free on purpose (no TOML or CSV crate in xtask): the instance is read
//! only as far as its `[[posts]]` tables' `id` and `kind` keys (a post without `kind`
//! is `pdsa`, docs/instance-format.md), and the CSV as RFC 4180 lines with quotes.

use std::collections::BTreeMap;

/// The ids of the posts of kind `mcs`, in file order.
pub(crate) fn mcs_posts(toml: &str) -> Vec<String> {
    let mut posts = Vec::new();
    // The current `[[posts]]` table's id and kind, while inside one.
    let mut current: Option<(Option<String>, Option<String>)> = None;
    let mut finish = |current: &mut Option<(Option<String>, Option<String>)>| {
        if let Some((Some(id), Some(kind))) = current.take() {
            if kind == "mcs" {
                posts.push(id);
            }
        }
    };
    for line in toml.lines() {
        let line = strip_comment(line).trim();
        if let Some(header) = table_header(line) {
            finish(&mut current);
            if header == "[[posts]]" {
                current = Some((None, Some("pdsa".to_string())));
            }
            continue;
        }
        let Some((id, kind)) = current.as_mut() else {
            continue;
        };
        if let Some((key, value)) = line.split_once('=') {
            let value = string_value(value.trim());
            match key.trim() {
                "id" => *id = value,
                "kind" => *kind = value,
                _ => {}
            }
        }
    }
    finish(&mut current);
    posts
}

/// A table header (`[name]`, `[[name]]`), spaces inside the brackets removed; `None`
/// for any other line, including the continuation lines of a multi-line array.
fn table_header(line: &str) -> Option<String> {
    let inner = line.strip_prefix('[')?.strip_suffix(']')?;
    let bare = inner.trim_start_matches('[').trim_end_matches(']');
    let is_key = |c: char| c.is_ascii_alphanumeric() || "_-. ".contains(c);
    (!bare.trim().is_empty() && bare.chars().all(is_key)).then(|| {
        let double = inner.starts_with('[') && inner.ends_with(']');
        let name = bare.replace(' ', "");
        if double {
            format!("[[{name}]]")
        } else {
            format!("[{name}]")
        }
    })
}

/// The line without a `#` comment (a `#` inside a quoted string is kept).
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') => return &line[..i],
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    line
}

/// A basic or literal TOML string without escapes (ids and kinds have none).
fn string_value(value: &str) -> Option<String> {
    ['"', '\''].iter().find_map(|&q| {
        value
            .strip_prefix(q)?
            .strip_suffix(q)
            .filter(|s| !s.contains(q))
            .map(str::to_string)
    })
}

/// The busiest MCS volunteer in `assignments.csv`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Busiest {
    /// Practitioner id.
    pub(crate) id: String,
    /// Practitioner name.
    pub(crate) name: String,
    /// Duties held on MCS posts.
    pub(crate) duties: usize,
}

/// The practitioner holding the most rows of `assignments.csv` (one per person on
/// duty) on the posts `mcs`; the smallest id among equals. `None` without any.
pub(crate) fn busiest_volunteer(csv: &str, mcs: &[String]) -> Result<Option<Busiest>, String> {
    let mut lines = csv.lines().filter(|l| !l.trim().is_empty());
    let header = split_csv_line(lines.next().ok_or("assignments.csv is empty")?);
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("assignments.csv has no `{name}` column"))
    };
    let (post, id, name) = (
        column("post")?,
        column("practitioner_id")?,
        column("practitioner_name")?,
    );
    let mut counts: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for (i, line) in lines.enumerate() {
        let cells = split_csv_line(line);
        let cell = |c: usize| {
            cells
                .get(c)
                .ok_or_else(|| format!("assignments.csv, line {}: too few cells", i + 2))
        };
        if mcs.contains(cell(post)?) {
            let entry = counts
                .entry(cell(id)?.clone())
                .or_insert_with(|| (String::new(), 0));
            entry.0.clone_from(cell(name)?);
            entry.1 += 1;
        }
    }
    // BTreeMap order: on equal counts the first (smallest) id wins.
    Ok(counts.into_iter().fold(
        None,
        |best: Option<Busiest>, (id, (name, duties))| match best {
            Some(b) if b.duties >= duties => Some(b),
            _ => Some(Busiest { id, name, duties }),
        },
    ))
}

/// The cells of one CSV line (RFC 4180 quotes; gardes writes no line break in a cell).
fn split_csv_line(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    while let Some(c) = chars.next() {
        let cell = cells.last_mut().expect("never empty");
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => cells.push(String::new()),
            _ => cell.push(c),
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &str = r#"
[horizon]
start = "2027-01-01"

[[posts]]
id = "mende"   # PDSA sector
kind = "pdsa"
periods = [
  "soir",
  "nuit",
]

[[posts]]
id = "mcs-aubrac"
label = "MCS # Aubrac"
kind = "mcs"

[[posts]]
kind = 'mcs'
id = 'mcs-causses'

[[posts]]
id = "florac"
# no kind: pdsa

[[ practitioners ]]
id = "d01"
kind = "mcs"
"#;

    #[test]
    fn mcs_posts_are_read_from_the_posts_tables_only() {
        assert_eq!(mcs_posts(TOML), ["mcs-aubrac", "mcs-causses"]);
        assert!(mcs_posts("[[posts]]\nid = \"a\"\n").is_empty());
    }

    #[test]
    fn the_busiest_volunteer_holds_the_most_mcs_rows() {
        let csv = "date,post,period,start,end,practitioner_id,practitioner_name\n\
                   2027-01-01,mcs-aubrac,nuit,s,e,d02,\"Martin, Anne\"\n\
                   2027-01-01,mende,soir,s,e,d03,Durand\n\
                   2027-01-02,mcs-aubrac,nuit,s,e,d03,Durand\n\
                   2027-01-02,mende,soir,s,e,d03,Durand\n\
                   2027-01-03,mcs-causses,nuit,s,e,d02,\"Martin, Anne\"\n\
                   2027-01-04,mcs-causses,nuit,s,e,d01,\"Le \"\"Doc\"\"\"\n\
                   2027-01-05,mcs-causses,nuit,s,e,d01,\"Le \"\"Doc\"\"\"\n";
        let mcs = mcs_posts(TOML);
        // d01 and d02 hold two MCS duties each, d03 one: the smaller id wins.
        assert_eq!(
            busiest_volunteer(csv, &mcs).expect("valid"),
            Some(Busiest {
                id: "d01".into(),
                name: "Le \"Doc\"".into(),
                duties: 2
            })
        );
        let one_more = format!("{csv}2027-01-06,mcs-aubrac,nuit,s,e,d02,\"Martin, Anne\"\n");
        let b = busiest_volunteer(&one_more, &mcs)
            .expect("valid")
            .expect("one");
        assert_eq!(
            (b.id.as_str(), b.name.as_str(), b.duties),
            ("d02", "Martin, Anne", 3)
        );
        assert_eq!(busiest_volunteer(csv, &[]).expect("valid"), None);
        assert!(busiest_volunteer("date,post\n", &mcs)
            .expect_err("no id column")
            .contains("practitioner_id"));
    }

    #[test]
    fn csv_lines_keep_quoted_commas_and_quotes() {
        assert_eq!(
            split_csv_line("a,\"b, c\",\"d \"\"e\"\"\",\r"),
            ["a", "b, c", "d \"e\"", ""]
        );
    }
}
