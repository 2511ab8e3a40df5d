//! Tidy: the architecture rules of STYLE.md §1 and §9, checked on the sources as text so
//! that they stay true without anyone remembering them (rust-analyzer's `tidy.rs`).
//!
//! - `check` and `explain` never reach into `model` or `solve`: the checker re-derives
//!   every rule from the instance and the roster, so a model bug cannot hide itself.
//! - `export` uses no hash collection: their iteration order would leak into outputs.
//! - every source file opens with a `//!` module doc.
//!
//! Comment lines are skipped, so a doc may name what a module must not import.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, recursively, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a readable directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The lines that are code, with their 1-based numbers: comment lines dropped.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
}

/// The module paths that `check` and `explain` must not name, wherever they appear.
const FORBIDDEN_PATHS: [&str; 6] = [
    "crate::model",
    "crate::solve",
    "super::model",
    "super::solve",
    "gardes::model",
    "gardes::solve",
];

/// Problems in one file: a forbidden path on any code line, or `model`/`solve` inside a
/// grouped `use crate::{...}` (which the plain text search above would miss).
fn forbidden_imports(path: &Path, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (n, line) in code_lines(text) {
        for forbidden in FORBIDDEN_PATHS {
            if line.contains(forbidden) {
                problems.push(format!("{}:{n}: uses `{forbidden}`", path.display()));
            }
        }
    }
    let lines: Vec<&str> = code_lines(text).map(|(_, l)| l).collect();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let is_use = ["use ", "pub use ", "pub(crate) use ", "pub(super) use "]
            .iter()
            .any(|p| trimmed.starts_with(p));
        if !is_use {
            continue;
        }
        // The statement runs to the first `;`, possibly over several lines.
        let mut statement = String::new();
        for part in &lines[i..] {
            statement.push_str(part);
            statement.push(' ');
            if part.contains(';') {
                break;
            }
        }
        let rooted = ["crate::", "super::", "gardes::"]
            .iter()
            .any(|root| statement.contains(root));
        let names_module = statement
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|word| word == "model" || word == "solve");
        if rooted && names_module {
            let statement = statement.split_whitespace().collect::<Vec<_>>().join(" ");
            problems.push(format!("{}: `{statement}`", path.display()));
        }
    }
    problems
}

/// STYLE.md §1, "Dependencies point left": the checker and the explanations never import
/// the model or the solver.
#[test]
fn check_and_explain_never_import_model_or_solve() {
    let mut files = rust_files(&src().join("check"));
    files.push(src().join("explain.rs"));
    let problems: Vec<String> = files
        .iter()
        .flat_map(|path| forbidden_imports(path, &read(path)))
        .collect();
    assert!(
        problems.is_empty(),
        "check/ and explain.rs must not depend on model or solve (STYLE.md §1):\n{}",
        problems.join("\n")
    );
}

/// STYLE.md §5: no hash collection in `export`, whose iteration order would reach the
/// files people diff.
#[test]
fn export_uses_no_hashmap() {
    let mut problems = Vec::new();
    for path in rust_files(&src().join("export")) {
        for (n, line) in code_lines(&read(&path)) {
            for word in ["HashMap", "HashSet"] {
                if line.contains(word) {
                    problems.push(format!("{}:{n}: {}", path.display(), line.trim()));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "export/ must use BTreeMap/BTreeSet or sorted Vecs (STYLE.md §5):\n{}",
        problems.join("\n")
    );
}

/// STYLE.md §8: every module starts with a `//!` paragraph, before any attribute or item.
#[test]
fn every_source_file_starts_with_a_module_doc() {
    let files = rust_files(&src());
    assert!(files.len() > 5, "the sources were not found: {files:?}");
    let missing: Vec<String> = files
        .iter()
        .filter(|path| {
            let text = read(path);
            let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            !first.starts_with("//!")
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "these files do not open with a `//!` module doc (STYLE.md §8):\n{}",
        missing.join("\n")
    );
}

/// The rule catches what it is meant to catch, and only that.
#[test]
fn the_import_rule_flags_grouped_and_plain_imports_but_not_comments() {
    let path = Path::new("src/check/example.rs");
    let bad = "//! Never imports crate::model.\nuse crate::{instance::Instance, model};\n\
               fn f() { crate::solve::run(); }\n";
    let problems = forbidden_imports(path, bad);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].contains("crate::solve"), "{problems:#?}");
    assert!(problems[1].contains("model"), "{problems:#?}");
    let good = "//! Never imports crate::model.\nuse crate::roster::{Roster, solve_status};\n\
                use crate::instance::Instance;\n";
    assert_eq!(forbidden_imports(path, good), Vec::<String>::new());
}
