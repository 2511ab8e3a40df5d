//! The only module that talks to HiGHS: options, the lexicographic sequence of solves,
//! status, objective, best bound and gap.
//!
//! good_lp builds the problem; its HiGHS solution keeps only a status and values (no
//! bound, no gap, every limit reads as a time limit), so after `try_into_inner()` this
//! module drives the `highs` model itself.
//!
//! Lexicographic optimisation over the model's levels (coverage and fairness together,
//! then preferences): each level `k` gets a free column `t_k` and a row
//! `level_k(x) − t_k = 0`. Stage `k` minimises `t_k` alone; after it, `t_k` is bounded
//! above by the value reached (the proven optimum, or the incumbent when the stage
//! stopped at the time limit, so the incumbent stays feasible), and the incumbent's
//! binaries are the MIP start of stage `k + 1`. Between fairness and preferences no
//! weight has to be large enough to dominate, so there is no numerical trade-off
//! between them (docs/model.md, "Dominance").
//!
//! `mod.rs`: [`solve`] and what it sets up (the level columns, the local search's
//! grid); `options.rs`: the options, outcomes, statuses and fixed shares;
//! `stages.rs`: the stages (`Run`); `highs.rs`: every call to HiGHS, the
//! `unsafe` ones included; `lns.rs`: the local search.

use std::collections::HashMap;
use std::time::Instant;

use good_lp::{variable, Constraint, Expression, IntoAffineExpression};

use crate::model::{Assign, Level, LevelObjective, Model, Stage, WarmStart};

mod decompose;
mod highs;
mod lns;
mod options;
mod stages;

pub use self::highs::highs_version;
pub use decompose::Decomposition;
pub use lns::{LnsReport, LnsStep};
pub use options::{
    Engine, HighsFailure, LevelOutcome, Progress, ProgressSink, SolveError, SolveOptions,
    SolveOutcome, Status, StopFlag, AUTO_DECOMPOSITION_SHARE, DECOMPOSITION_SHARE,
    FEASIBILITY_SHARE, FREEZE_MARGIN, HEURISTIC_EFFORT_FIRST, ITERATIONS_PER_WORK_UNIT,
    LARGE_MODEL_COLUMNS, LATER_LEVEL_PRESOLVE_MAX_BINARIES, LNS_MAIN_SHARE, PROGRESS_INTERVAL,
    STALL_MOVES, WARM_EXTENDED_SHARE, WARM_MAIN_SHARE, WARM_START_SHARE,
};

use self::highs::{Attempt, Limit, Stages};
use options::root_lp;
use stages::Run;

/// Solves the levels of `model` one after the other.
///
/// # Errors
/// [`SolveError`] when HiGHS fails on the first level, which is a bug of gardes or of
/// HiGHS. A later level that fails keeps the previous level's roster (feasible for it
/// by construction) and is reported as not optimised.
pub fn solve(
    model: Model,
    options: &SolveOptions,
    fill_optional: &dyn Fn(&[bool]) -> Vec<bool>,
) -> Result<SolveOutcome, SolveError> {
    let started = Instant::now();
    let Model {
        mut vars,
        columns,
        constraints,
        levels,
        size,
        assign,
        assign_day,
        duty_day,
        shortfall,
        start,
        warm_start,
        over,
        fairness,
        ..
    } = model;
    let map = column_map(&columns);
    // The decomposition's split: each binary's practitioner, and the columns that link
    // practitioners by design (empty seats, over-cover, the worst overload).
    let mut owner = vec![None; columns.len()];
    for a in &assign {
        owner[map[&a.var]] = Some(a.prac.0);
    }
    let mut global: Vec<usize> = shortfall.iter().map(|v| map[v]).collect();
    global.extend(over.iter().flatten().map(|v| map[v]));
    global.push(map[&fairness.worst]);
    let binaries = sorted_binaries(&assign, &map);
    let grid = search_grid(&assign, &assign_day, &shortfall, &duty_day, &map);
    let n_model_cols = columns.len();
    let mut rows: Vec<Constraint> = constraints.into_iter().map(|(_, c)| c).collect();
    let LevelColumns {
        level_cols,
        offsets,
        warm,
    } = add_level_columns(
        &mut vars,
        &mut rows,
        n_model_cols,
        &levels,
        warm_start,
        &map,
        &grid,
    );
    let stages = Stages {
        started,
        local_search: std::cell::Cell::new(None),
        vars: &vars,
        rows: &rows,
        level_cols: &level_cols,
        offsets: &offsets,
        binaries: &binaries,
        options,
        full_start: std::cell::Cell::new(false),
        spent: std::cell::Cell::new(0),
        zero: std::cell::RefCell::new(Vec::new()),
        root_lp: std::cell::Cell::new(root_lp(n_model_cols)),
    };
    let hm = stages.fresh(&[])?;
    let mut run = Run {
        stages,
        hm,
        // The whole solve's limit; each stage takes a share of what is left of it.
        total_work: options
            .work_limit
            .map(|w| (w * ITERATIONS_PER_WORK_UNIT).round() as i64),
        map: &map,
        grid: &grid,
        n_model_cols,
        binaries: size.binaries,
        frozen: Vec::new(),
        values: None,
        time_to_best: None,
        lns_report: None,
        owner: &owner,
        global: &global,
        general: !start.iter().any(|&on| on),
        decomposition: None,
    };

    let mut outcomes: Vec<LevelOutcome> = Vec::new();
    // The greedy roster starts the first level.
    let mut greedy = vec![0.0; n_model_cols];
    for (a, &on) in assign.iter().zip(&start) {
        if on {
            greedy[map[&a.var]] = 1.0;
        }
    }
    let mut warm_outcome = None;
    if let Some(warm) = &warm {
        let replanning = levels.iter().any(|l| l.level == Level::Changes);
        warm_outcome = run.warm_start(warm, replanning, &mut greedy, &assign, fill_optional)?;
    }
    for (k, level) in levels.iter().enumerate() {
        let outcome = run.level(k, level, levels.len(), &greedy, warm.is_some())?;
        outcomes.push(outcome);
    }
    let mut values = run.values.unwrap_or_default();
    values.truncate(n_model_cols);
    let status = outcomes
        .iter()
        .map(|o| o.status)
        .max()
        .unwrap_or(Status::Optimal);
    Ok(SolveOutcome {
        status,
        levels: outcomes,
        warm_start: warm_outcome,
        values,
        wall_seconds: started.elapsed().as_secs_f64(),
        size,
        solver: highs_version(),
        time_to_best: run.time_to_best,
        lns: run.lns_report,
        work: run.stages.spent.get() as f64 / ITERATIONS_PER_WORK_UNIT,
    })
}

/// The binaries' columns, sorted: the MIP start of each later stage.
///
/// The MIP start of each later stage gives the binaries only: HiGHS completes the
/// continuous columns itself. A full start would carry the previous stage's slack in
/// the auxiliary columns of the new objective, and HiGHS (1.16) may hand such a
/// start back through postsolve with those stale values.
fn sorted_binaries(assign: &[Assign], map: &HashMap<good_lp::Variable, usize>) -> Vec<usize> {
    let mut b: Vec<usize> = assign.iter().map(|a| map[&a.var]).collect();
    b.sort_unstable();
    b
}

/// Where each binary sits in the practitioner × day grid, for the local search, and
/// the day of each duty's empty-seat column.
fn search_grid(
    assign: &[Assign],
    assign_day: &[u32],
    shortfall: &[good_lp::Variable],
    duty_day: &[u32],
    map: &HashMap<good_lp::Variable, usize>,
) -> lns::Grid {
    let mut keys: Vec<(usize, u32, u32)> = assign
        .iter()
        .zip(assign_day)
        .map(|(a, &d)| (map[&a.var], a.prac.0, d))
        .collect();
    keys.sort_unstable();
    lns::Grid {
        practitioners: keys.iter().map(|k| k.1 + 1).max().unwrap_or(0),
        days: keys.iter().map(|k| k.2 + 1).max().unwrap_or(0),
        keys,
        shortfall: shortfall
            .iter()
            .zip(duty_day)
            .map(|(v, &d)| (map[v], d))
            .collect(),
    }
}

/// The columns [`add_level_columns`] adds after the model's.
struct LevelColumns {
    /// The column `t_k` of each level, then the warm start's.
    level_cols: Vec<usize>,
    /// Each level column's constant, for the progress reports.
    offsets: Vec<f64>,
    /// The warm start, when the model has one.
    warm: Option<WarmStage>,
}

/// The warm start as the solver runs it.
struct WarmStage {
    /// Its index in [`LevelColumns::level_cols`] (after the levels').
    k: usize,
    /// The optional binaries' columns, sorted: fixed at 0 during the stage.
    optional: Vec<usize>,
    /// The local search's grid: the binaries it may set, the required seats' columns.
    grid: lns::Grid,
    /// The stage's constant ([`crate::model::WarmStart::offset`]).
    offset: f64,
}

/// Adds one free column `t_k` per level, with the row `level_k(x) − t_k = 0`, then the
/// warm start's.
fn add_level_columns(
    vars: &mut good_lp::ProblemVariables,
    rows: &mut Vec<Constraint>,
    n_model_cols: usize,
    levels: &[LevelObjective],
    warm_start: Option<WarmStart>,
    map: &HashMap<good_lp::Variable, usize>,
    grid: &lns::Grid,
) -> LevelColumns {
    let mut level_cols = Vec::new();
    // Each level column's constant, for the progress reports.
    let mut offsets: Vec<f64> = levels.iter().map(|l| l.offset).collect();
    for level in levels {
        let t = vars.add(variable());
        level_cols.push(n_model_cols + level_cols.len());
        rows.push((level.expression.clone() - t).eq(0.0));
    }
    // The warm start's column comes after the levels' (never frozen).
    let warm = warm_start.map(|w| {
        let t = vars.add(variable());
        level_cols.push(n_model_cols + level_cols.len());
        // The required seats' columns are the shortfall columns of its expression.
        let in_expression: std::collections::BTreeSet<usize> = w
            .expression
            .clone()
            .linear_coefficients()
            .filter_map(|(v, _)| map.get(&v).copied())
            .collect();
        rows.push((w.expression - t).eq(0.0));
        let mut optional: Vec<usize> = w.optional.iter().map(|v| map[v]).collect();
        optional.sort_unstable();
        // The local search of the warm start frees only the binaries it may set, and
        // aims at the empty required seats.
        let warm_grid = lns::Grid {
            keys: grid
                .keys
                .iter()
                .filter(|k| optional.binary_search(&k.0).is_err())
                .copied()
                .collect(),
            practitioners: grid.practitioners,
            days: grid.days,
            shortfall: grid
                .shortfall
                .iter()
                .filter(|s| in_expression.contains(&s.0))
                .copied()
                .collect(),
        };
        offsets.push(w.offset);
        WarmStage {
            k: level_cols.len() - 1,
            optional,
            grid: warm_grid,
            offset: w.offset,
        }
    });
    LevelColumns {
        level_cols,
        offsets,
        warm,
    }
}

/// HiGHS's relative gap, |objective − bound| / |objective| (0 when both are 0).
pub fn relative_gap(objective: f64, bound: f64) -> f64 {
    if !bound.is_finite() {
        return f64::INFINITY;
    }
    let diff = (objective - bound).abs();
    if diff <= 1e-9 {
        0.0
    } else {
        diff / objective.abs().max(1e-9)
    }
}

/// Maps good_lp variables to column indices, for reading values.
pub fn column_map(columns: &[good_lp::Variable]) -> HashMap<good_lp::Variable, usize> {
    columns.iter().enumerate().map(|(i, v)| (*v, i)).collect()
}

/// Value of an expression at the given column values.
pub fn evaluate(
    expression: &Expression,
    map: &HashMap<good_lp::Variable, usize>,
    values: &[f64],
) -> f64 {
    expression.constant()
        + expression
            .clone()
            .linear_coefficients()
            .map(|(v, c)| c * map.get(&v).map_or(0.0, |&i| values[i]))
            .sum::<f64>()
}
