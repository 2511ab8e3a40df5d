//! Fuzz target `instance`: any bytes as an instance file, through validation, duty
//! expansion and the checker on an empty roster.
//!
//! Invalid UTF-8 is skipped (`gardes::instance::load` refuses it before parsing). An
//! invalid file must give located diagnostics, rendered the way the CLI renders them
//! (plain and through miette), never a panic. A valid one is expanded into duties and
//! checked with no assignment, which recomputes every figure (empty seats, fairness,
//! population coverage) from the instance alone.
//!
//! Two inputs are skipped rather than run, both documented in docs/fuzzing.md:
//!
//! - a `[coverage] travel_matrix` that names an existing file other than a regular file
//!   of `fuzz/data/` (the validator reads the matrix, and `/dev/zero` or a FIFO would
//!   hang the fuzzer, not gardes' fault: a coordinator who names it gets what they
//!   asked for);
//! - an expansion of more than [`MAX_DUTY_SLOTS`] (date, post, period) slots: the
//!   validator caps the horizon at ten years, so a few hundred posts and periods in a
//!   large input could still ask for tens of millions of duties, which is an honest
//!   instance too big for the fuzzer's memory limit, not a bug.
//!
//! The checker runs only on instances of at most [`MAX_CHECKED_DUTIES`] duties: on the
//! bundled quarters it takes most of an execution, and the fuzzer gets more out of
//! many small instances than out of the same large one checked again.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// The name the instance is parsed under: a travel matrix `matrix.csv` resolves to
/// `fuzz/data/matrix.csv`.
const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/instance.toml");

/// The most problems rendered through miette.
const MAX_RENDERED: usize = 16;

/// The most (date, post, period) slots expanded; the bundled instances have a few
/// thousand.
const MAX_DUTY_SLOTS: usize = 200_000;

/// The most duties checked (an empty roster: every figure from the instance alone).
const MAX_CHECKED_DUTIES: usize = 1_000;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if reads_outside_data(text) {
        return;
    }
    let instance = match gardes::instance::parse(FILE, text) {
        Ok(instance) => instance,
        Err(problems) => {
            assert!(!problems.is_empty(), "an invalid instance with no problem");
            let _ = problems.render_plain();
            let _ = problems.to_string();
            // miette looks each problem's line up from the start of the file, so on a
            // large file with hundreds of problems it took 95 % of the time; the first
            // problems, with the same source and spans, exercise the same code.
            if problems.len() <= MAX_RENDERED {
                let error = gardes::instance::LoadError::from(problems);
                let _ = format!("{:?}", miette::Report::new(error));
            } else {
                let first = problems.0[..MAX_RENDERED].to_vec();
                let source = text.strip_prefix('\u{feff}').unwrap_or(text);
                let some = gardes::instance::Diagnostics::with_source(first, FILE, source);
                let _ = format!("{:?}", miette::Report::new(some));
            }
            return;
        }
    };
    let days = instance.horizon.dates().count();
    let pairs: usize = instance.posts.iter().map(|p| p.demand.len()).sum();
    if days.saturating_mul(pairs) > MAX_DUTY_SLOTS {
        return;
    }
    let Ok(duties) = gardes::duties::expand(&instance) else {
        return;
    };
    if duties.len() <= MAX_CHECKED_DUTIES {
        let report = gardes::check::check(&instance, &duties, &[]);
        let _ = report.render(&instance);
    }
});

/// Whether the instance names a travel matrix that exists but is not a regular file
/// under `fuzz/data/`.
fn reads_outside_data(text: &str) -> bool {
    // Parsing twice is costly: only when the key may be there (a quoted key may spell
    // it with escapes).
    if !text.contains("travel_matrix") && !text.contains('\\') {
        return false;
    }
    let Ok(table) = text.parse::<toml::Table>() else {
        return false;
    };
    let Some(name) = table
        .get("coverage")
        .and_then(|c| c.get("travel_matrix"))
        .and_then(|m| m.as_str())
    else {
        return false;
    };
    let parent = Path::new(FILE).parent().unwrap_or(Path::new(""));
    match parent.join(name).canonicalize() {
        Ok(path) => !(path.starts_with(data_dir()) && path.is_file()),
        // Nothing there: the validator reports it.
        Err(_) => false,
    }
}

fn data_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(FILE).parent().unwrap_or(Path::new(""));
        dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
    })
}
