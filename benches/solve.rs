//! End-to-end solve: how long [`gardes::plan::plan`] takes from a validated instance to
//! a checked roster (calendar expansion, model, the lexicographic HiGHS levels and the
//! independent checker), with one HiGHS thread and the default seed.
//!
//! Two instances:
//! - `tests/fixtures/cli/ascension-2027.toml`, a small instance, with a 10 s time limit
//!   (it needs a fraction of a second);
//! - `instances/lozere-2027-q1.toml`, the Lozère quarter, with a 20 s time limit.
//!   HiGHS stops at that limit on this quarter, so the figure is the limit plus the
//!   work around it (model, checker, swap search), not a measure of the solver's speed.
//!
//! Each instance is loaded once, outside the timed closure. A solve takes seconds, so
//! the group uses criterion's flat sampling with the minimum of ten samples: one call
//! per sample at least, one call of warm-up. The Lozère benchmark alone therefore takes
//! about eleven times its limit (about four minutes), and criterion warns that it cannot
//! complete ten samples in the 1 s target: expected, not a fault. Filter it out for a
//! quick check: `cargo bench --bench solve -- ascension`.
//!
//! Run with `cargo bench --bench solve`.
//! `cargo bench` builds the release profile, so the first run compiles HiGHS in release
//! mode (several minutes); `cargo bench --profile dev --bench solve` reuses the
//! development build instead, at the price of less representative figures.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use gardes::instance::Instance;
use gardes::plan::Plan;
use gardes::solve::SolveOptions;

/// The instances timed here, relative to the crate root, with their time limit in
/// seconds.
const INSTANCES: [(&str, f64); 2] = [
    ("tests/fixtures/cli/ascension-2027.toml", 10.0),
    ("instances/lozere-2027-q1.toml", 20.0),
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

/// Plans a bundled instance; a bundled instance without a roster is a bug, and timing
/// the error path would be meaningless.
fn solve(instance: &Instance, options: &SolveOptions) -> Plan {
    match gardes::plan::plan(instance, options) {
        Ok(plan) => plan,
        Err(err) => panic!("no roster for {}: {err}", instance.name),
    }
}

/// Times `plan::plan` on each instance, one call per sample.
fn plan(c: &mut Criterion) {
    let mut group = c.benchmark_group("plan");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(1));
    for (relative, time_limit) in INSTANCES {
        let instance = load(relative);
        let options = SolveOptions {
            time_limit,
            ..SolveOptions::default()
        };
        group.bench_function(name(relative), |b| {
            b.iter(|| solve(black_box(&instance), black_box(&options)))
        });
    }
    group.finish();
}

criterion_group!(benches, plan);
criterion_main!(benches);
