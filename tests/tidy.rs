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

/// The layers of docs/ARCHITECTURE.md, lowest first. A module may import modules of its
/// own layer or of a lower one, never of a higher one; inside a layer the imports form no
/// cycle; and `labels` imports no other presentation module (it turns data into French
/// and is used by the rest of presentation, never the other way round).
const LAYERS: [(&str, &[&str]); 7] = [
    ("leaf", &["text"]),
    (
        "core",
        &[
            "instance", "calendar", "duties", "roster", "fees", "check", "explain", "curtois",
        ],
    ),
    ("optimise", &["model", "solve", "plan"]),
    ("workflows", &["replan", "swap", "whatif"]),
    // The availability sheets: written for people and read back, in their words.
    (
        "presentation",
        &[
            "labels",
            "report",
            "html",
            "export",
            "progress",
            "desiderata",
        ],
    ),
    ("application", &["app"]),
    ("edge", &["cli", "serve", "workspace", "bench", "main"]),
];

/// The top-level module a source file belongs to (`src/check/read.rs` → `check`,
/// `src/main.rs` → `main`); `None` for the crate root.
fn top_module(path: &Path) -> Option<String> {
    let relative = path.strip_prefix(src()).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_string())
}

/// The top-level modules of `known` that a file's code names through `crate::`,
/// `gardes::` (the binary) or a grouped `use crate::{...}`.
fn imported_modules(text: &str, known: &[&str]) -> std::collections::BTreeSet<String> {
    let code: String = code_lines(text)
        .map(|(_, line)| format!("{line}\n"))
        .collect();
    let mut found = std::collections::BTreeSet::new();
    for root in ["crate::", "gardes::"] {
        for (at, _) in code.match_indices(root) {
            // `a_crate::x` is not a crate path.
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &code[at + root.len()..];
            let names: Vec<String> = if let Some(group) = rest.strip_prefix('{') {
                // The first word of each item of the group, at depth 0.
                let mut depth = 0;
                let mut items = vec![String::new()];
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => items.push(String::new()),
                        _ => items.last_mut().expect("one item at least").push(c),
                    }
                }
                items
                    .iter()
                    .map(|item| word_at_start(item.trim_start()))
                    .collect()
            } else {
                vec![word_at_start(rest)]
            };
            found.extend(
                names
                    .into_iter()
                    .filter(|name| known.contains(&name.as_str())),
            );
        }
    }
    found
}

fn word_at_start(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Every import between top-level modules, as (importer, imported).
fn module_imports() -> std::collections::BTreeSet<(String, String)> {
    let known: Vec<&str> = LAYERS.iter().flat_map(|(_, m)| m.iter().copied()).collect();
    let mut imports = std::collections::BTreeSet::new();
    let mut unknown = Vec::new();
    for path in rust_files(&src()) {
        let Some(module) = top_module(&path) else {
            continue;
        };
        if !known.contains(&module.as_str()) {
            unknown.push(module.clone());
            continue;
        }
        for imported in imported_modules(&read(&path), &known) {
            if imported != module {
                imports.insert((module.clone(), imported));
            }
        }
    }
    unknown.dedup();
    assert!(
        unknown.is_empty(),
        "modules missing from the layer table of tests/tidy.rs (and docs/ARCHITECTURE.md): {unknown:?}"
    );
    imports
}

fn layer_of(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
        .expect("a module of the table")
}

/// The imports that break a layer rule, with the rule they break.
fn layer_violations(
    imports: &std::collections::BTreeSet<(String, String)>,
) -> Vec<((String, String), String)> {
    let mut violations = Vec::new();
    for (from, to) in imports {
        let (lf, lt) = (layer_of(from), layer_of(to));
        if lt > lf {
            violations.push((
                (from.clone(), to.clone()),
                format!(
                    "{} ({}) imports {} ({})",
                    from, LAYERS[lf].0, to, LAYERS[lt].0
                ),
            ));
        } else if from == "labels" && lt == lf {
            violations.push((
                (from.clone(), to.clone()),
                format!("labels imports {to}: labels is the leaf of presentation"),
            ));
        }
    }
    // Cycles inside a layer (across layers the rule above already forbids them), through
    // the imports inside that layer.
    let inside: std::collections::BTreeSet<(String, String)> = imports
        .iter()
        .filter(|(f, t)| layer_of(f) == layer_of(t))
        .cloned()
        .collect();
    for (from, to) in &inside {
        if from != "labels" && reaches(&inside, to, from) {
            violations.push((
                (from.clone(), to.clone()),
                format!("{from} imports {to}, which imports {from} back (a cycle)"),
            ));
        }
    }
    violations
}

/// Whether `to` is reachable from `from` through `imports`.
fn reaches(imports: &std::collections::BTreeSet<(String, String)>, from: &str, to: &str) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(module) = stack.pop() {
        if module == to {
            return true;
        }
        if seen.insert(module.clone()) {
            stack.extend(
                imports
                    .iter()
                    .filter(|(f, _)| *f == module)
                    .map(|(_, t)| t.clone()),
            );
        }
    }
    false
}

/// docs/ARCHITECTURE.md, "Layers": dependencies point down the table, without cycles.
#[test]
fn modules_import_only_their_own_layer_and_lower_ones() {
    let imports = module_imports();
    assert!(imports.len() > 20, "too few imports found: {imports:?}");
    let violations = layer_violations(&imports);
    assert!(
        violations.is_empty(),
        "imports that break the layers (docs/ARCHITECTURE.md, \"Layers\"):\n{}",
        violations
            .iter()
            .map(|(_, why)| why.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The layer rule sees plain, grouped and nested imports, skips comments, and flags an
/// upward import and a cycle.
#[test]
fn the_layer_rule_reads_imports_and_flags_upward_ones_and_cycles() {
    let known = ["instance", "labels", "roster", "check", "report", "html"];
    let text = "//! Says crate::report in a comment.\n\
                use crate::{instance::{Instance, Post}, roster};\n\
                use gardes::labels::check as words;\n\
                fn f() { crate::check::run(); my_crate::html::x(); }\n";
    let found: Vec<String> = imported_modules(text, &known).into_iter().collect();
    assert_eq!(found, ["check", "instance", "labels", "roster"]);

    let imports: std::collections::BTreeSet<(String, String)> = [
        ("check", "labels"),
        ("report", "html"),
        ("html", "report"),
        ("labels", "roster"),
    ]
    .iter()
    .map(|(f, t)| (f.to_string(), t.to_string()))
    .collect();
    let why: Vec<String> = layer_violations(&imports)
        .into_iter()
        .map(|(_, w)| w)
        .collect();
    assert_eq!(
        why,
        [
            "check (core) imports labels (presentation)",
            "html imports report, which imports html back (a cycle)",
            "report imports html, which imports report back (a cycle)",
        ]
    );
}

/// docs/ARCHITECTURE.md: `main.rs` stays a thin entry point, and a source file over
/// 1,200 lines says at its top why it is not split (a line of its module doc starting
/// with `//! Length:`).
#[test]
fn files_stay_short_or_say_why() {
    let mut problems = Vec::new();
    for path in rust_files(&src()) {
        let text = read(&path);
        let lines = text.lines().count();
        let says_why = text
            .lines()
            .take_while(|l| l.starts_with("//!") || l.trim().is_empty())
            .any(|l| l.starts_with("//! Length:"));
        if lines > 1200 && !says_why {
            problems.push(format!("{}: {lines} lines", path.display()));
        }
    }
    let main_lines = read(&src().join("main.rs")).lines().count();
    assert!(
        main_lines < 400,
        "main.rs has {main_lines} lines: the command line lives in cli/, the workflows in app/"
    );
    assert!(
        problems.is_empty(),
        "files over 1,200 lines without a `//! Length:` reason at their top:\n{}",
        problems.join("\n")
    );
}
