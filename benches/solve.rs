//! End-to-end solve: how long [`gardes::plan::plan`] takes from a validated instance to
//! a checked roster (calendar expansion, model, the lexicographic HiGHS levels and the
//! independent checker), with one HiGHS thread and the default seed.
//!
//! Two bundled instances:
//! - `tests/fixtures/cli/ascension-2027.toml`, a small instance, with a 10 s time limit
//!   (it needs a fraction of a second);
//! - `instances/lozere-2027-q1.toml`, the Lozère quarter, with a 20 s time limit.
//!   HiGHS stops at that limit on this quarter, so the figure is the limit plus the
//!   work around it (model, checker, swap search), not a measure of the solver's speed.
//!
//! Three Curtois & Qu benchmark instances, from `../shared/benchmarks/curtois/` beside
//! the repository (skipped with a note when that folder is absent), imported through
//! `gardes::bench::import` outside the timed closure:
//! - `curtois/Instance1` (14 days, 8 staff, 1 shift type) and `curtois/Instance2`
//!   (14 days, 14 staff, 2 shift types), planned with a 10 s limit;
//! - `curtois_build/Instance5` (28 days, 16 staff, 2 shift types): `model::build` alone,
//!   from the expanded duties, to see the cost of writing the general staff-rostering
//!   rules without HiGHS.
//!
//! Each instance is loaded once, outside the timed closure. A solve takes seconds, so
//! the group uses criterion's flat sampling with the minimum of ten samples: one call
//! per sample at least, one call of warm-up. The Lozère benchmark alone therefore takes
//! about eleven times its limit (about four minutes), and criterion warns that it cannot
//! complete ten samples in the 1 s target: expected, not a fault. Filter it out for a
//! quick check: `cargo bench --bench solve -- ascension`, or `-- curtois` for the
//! benchmark instances alone.
//!
//! Run with `cargo bench --bench solve`.
//! `cargo bench` builds the release profile, so the first run compiles HiGHS in release
//! mode (several minutes); `cargo bench --profile dev --bench solve` reuses the
//! development build instead, at the price of less representative figures.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod common;

use common::{crate_path, load, name};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use gardes::duties::Duty;
use gardes::instance::Instance;
use gardes::plan::Plan;
use gardes::solve::SolveOptions;

/// The instances timed here, relative to the crate root, with their time limit in
/// seconds.
const INSTANCES: [(&str, f64); 2] = [
    ("tests/fixtures/cli/ascension-2027.toml", 10.0),
    ("instances/lozere-2027-q1.toml", 20.0),
];

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

/// The Curtois & Qu instances planned here, with their time limit in seconds.
const CURTOIS_PLANNED: [(u32, f64); 2] = [(1, 10.0), (2, 10.0)];

/// The Curtois & Qu instance whose model build is timed.
const CURTOIS_BUILT: u32 = 5;

/// The shared benchmark folder beside the repository, when present.
fn curtois_dir() -> Option<PathBuf> {
    let dir = crate_path("../shared/benchmarks/curtois");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "{} is missing: the Curtois benchmarks are skipped",
            dir.display()
        );
        None
    }
}

/// Reads and imports `InstanceN.txt`; an instance of the published set that does not
/// import is a bug.
fn curtois_instance(dir: &Path, number: u32) -> Instance {
    let path = gardes::bench::instance_path(dir, number);
    let bench = match gardes::curtois::read(&path) {
        Ok(bench) => bench,
        Err(err) => panic!("cannot read {}: {err}", path.display()),
    };
    let first = gardes::curtois::import::default_start();
    match gardes::bench::import(&bench, first, &format!("Instance{number}")) {
        Ok((instance, _toml)) => instance,
        Err(err) => panic!("cannot import {}: {err}", path.display()),
    }
}

/// Times `plan::plan` on small Curtois instances, one call per sample, one thread.
fn curtois_plan(c: &mut Criterion) {
    let Some(dir) = curtois_dir() else { return };
    let mut group = c.benchmark_group("curtois");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(1));
    for (number, time_limit) in CURTOIS_PLANNED {
        let instance = curtois_instance(&dir, number);
        let options = SolveOptions {
            time_limit,
            ..SolveOptions::default()
        };
        group.bench_function(format!("Instance{number}"), |b| {
            b.iter(|| solve(black_box(&instance), black_box(&options)))
        });
    }
    group.finish();
}

/// Times `model::build` alone on a mid-sized Curtois instance.
fn curtois_build(c: &mut Criterion) {
    let Some(dir) = curtois_dir() else { return };
    let instance = curtois_instance(&dir, CURTOIS_BUILT);
    let duties: Vec<Duty> = match gardes::duties::expand(&instance) {
        Ok(duties) => duties,
        Err(err) => panic!("cannot expand Instance{CURTOIS_BUILT}: {err}"),
    };
    let mut group = c.benchmark_group("curtois_build");
    group.sample_size(10);
    group.bench_function(format!("Instance{CURTOIS_BUILT}"), |b| {
        b.iter(|| gardes::model::build(black_box(&instance), black_box(&duties)))
    });
    group.finish();
}

criterion_group!(benches, plan, curtois_plan, curtois_build);
criterion_main!(benches);
