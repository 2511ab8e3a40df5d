//! Model construction: how long [`gardes::model::build`] takes to write the MILP
//! (variables, constraints and the objective levels) for a quarter, without solving it.
//!
//! Measured on the two bundled quarters, `instances/lozere-2027-q1.toml` and
//! `instances/coeur-herault-2027-q1.toml`. Loading and the calendar expansion are done
//! once, outside the timed closure: only `model::build` is timed. Ten samples over a
//! few seconds, since one build takes much longer than an expansion.
//!
//! Run with `cargo bench --bench model` (add `-- --quick` for a short run).
//! `cargo bench` builds the release profile, so the first run compiles HiGHS in release
//! mode (several minutes); `cargo bench --profile dev --bench model` reuses the
//! development build instead, at the price of less representative figures.

use std::hint::black_box;
use std::time::Duration;

mod common;

use common::{load_with_duties, name};
use criterion::{criterion_group, criterion_main, Criterion};

/// The bundled instances timed here, relative to the crate root.
const INSTANCES: [&str; 2] = [
    "instances/lozere-2027-q1.toml",
    "instances/coeur-herault-2027-q1.toml",
];

/// Times `model::build` on each bundled instance.
fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    for relative in INSTANCES {
        let (instance, duties) = load_with_duties(relative);
        group.bench_function(name(relative), |b| {
            b.iter(|| gardes::model::build(black_box(&instance), black_box(&duties)))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    targets = build
}
criterion_main!(benches);
