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

mod common;

use common::{load, name};
use criterion::{criterion_group, criterion_main, Criterion};

/// The bundled instances timed here, relative to the crate root.
const INSTANCES: [&str; 2] = [
    "instances/lozere-2027-q1.toml",
    "instances/coeur-herault-2027-q1.toml",
];

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
