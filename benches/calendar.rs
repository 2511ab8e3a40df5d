//! Calendar expansion: how long [`gardes::duties::expand`] takes to turn a quarter's
//! instance into its list of duties (one per post, period and day of the horizon).
//!
//! Measured on the two bundled quarters, `instances/lozere-2027-q1.toml` and
//! `instances/coeur-herault-2027-q1.toml`. Each instance is loaded and validated once,
//! outside the timed closure: only the expansion is timed.
//!
//! Run with `cargo bench --bench calendar` (add `-- --quick` for a short run).
//! `cargo bench` builds the release profile, so the first run compiles HiGHS in release
//! mode (several minutes); `cargo bench --profile dev --bench calendar` reuses the
//! development build instead, at the price of less representative figures.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use gardes::instance::Instance;

/// The bundled instances timed here, relative to the crate root.
const INSTANCES: [&str; 2] = [
    "instances/lozere-2027-q1.toml",
    "instances/coeur-herault-2027-q1.toml",
];

/// Absolute path of a file of the crate.
fn crate_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Loads a bundled instance; a bundled instance that does not load is a bug.
fn load(relative: &str) -> Instance {
    let path = crate_path(relative);
    match gardes::instance::load(&path) {
        Ok(instance) => instance,
        Err(err) => panic!("cannot load {}: {err}", path.display()),
    }
}

/// Benchmark name: the file stem of the instance.
fn name(relative: &str) -> &str {
    Path::new(relative)
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or(relative)
}

/// Times `duties::expand` on each bundled instance.
fn expand(c: &mut Criterion) {
    let mut group = c.benchmark_group("expand");
    for relative in INSTANCES {
        let instance = load(relative);
        group.bench_function(name(relative), |b| {
            b.iter(|| gardes::duties::expand(black_box(&instance)))
        });
    }
    group.finish();
}

criterion_group!(benches, expand);
criterion_main!(benches);
