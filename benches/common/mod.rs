//! What the criterion benches share: where the bundled instances are, how to load
//! one, and the name a bench gets from its file.

#![allow(dead_code)] // each bench uses its own subset

use std::path::{Path, PathBuf};

use gardes::duties::Duty;
use gardes::instance::Instance;

/// Absolute path of a file of the crate.
pub fn crate_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Loads a bundled instance; a bundled instance that does not load is a bug.
pub fn load(relative: &str) -> Instance {
    let path = crate_path(relative);
    match gardes::instance::load(&path) {
        Ok(instance) => instance,
        Err(err) => panic!("cannot load {}: {err}", path.display()),
    }
}

/// Loads a bundled instance and expands its duties; a bundled instance that fails
/// either step is a bug.
pub fn load_with_duties(relative: &str) -> (Instance, Vec<Duty>) {
    let instance = load(relative);
    let duties = match gardes::duties::expand(&instance) {
        Ok(duties) => duties,
        Err(err) => panic!("cannot expand {relative}: {err}"),
    };
    (instance, duties)
}

/// Benchmark name: the file stem of the instance.
pub fn name(relative: &str) -> &str {
    Path::new(relative)
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or(relative)
}
