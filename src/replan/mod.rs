//! Re-planning a published roster: what changed in the world (an illness, a departure,
//! a newcomer, a post's demand), applied to the instance from a date on, and the new
//! roster that changes the published one as little as possible.
//!
//! The pieces:
//! - [`Changes`] (`changes`): the changes and [`Changes::apply`], which turns them into
//!   the instance to solve. A change only touches duties dated on or after the
//!   re-planning date: the past and the duties before that date stay as published,
//!   even for a doctor now ill. [`Policy`]: that date and what one change costs (more
//!   when sooner).
//! - `file`: the changes file, read by [`Changes::parse`] (every problem located by
//!   line and column); `options`: the same changes given as command-line options
//!   ([`Changes::from_options`]).
//! - [`Baseline`] (`baseline`): the published roster with its policy; its
//!   [`Baseline::stability`] is what `plan::plan_stable` fixes and counts (the model's
//!   changes level), and [`Baseline::diff`] recounts the changes from the two rosters
//!   alone, as the independent checker does for every other level: a [`Diff`], the
//!   seats lost and gained per practitioner.
//! - [`plan`]: the re-planned roster and its diff.
//!
//! `changes.csv` is written by `export::changes`, the French summary by
//! `report::replan`. Nothing here reads a clock or writes a file.

mod baseline;
mod changes;
mod file;
mod labels;
mod options;

use chrono::NaiveDate;

use crate::duties::Duty;
use crate::instance::Instance;
use crate::plan::{Plan, PlanError};
use crate::roster::RosterRecord;
use crate::solve::SolveOptions;

pub use baseline::{Baseline, Change, Diff, DutyChange};
pub use changes::{
    Changes, DemandChange, Joiner, Policy, Target, DEFAULT_NOTICE_DAYS, DEFAULT_URGENCY,
};
pub use file::{codes, ChangesError};

/// Whether a duty keeps its published holders: dated before `from`, or part of a
/// bundled weekend that starts before `from` (the model fixes whole units).
pub fn is_fixed(instance: &Instance, duty: &Duty, from: NaiveDate) -> bool {
    duty.date < from
        || (instance.post(duty.post).weekend_bundle && duty.weekend.is_some_and(|sat| sat < from))
}

/// Re-plans `instance` (the instance with the changes applied, whose duties are
/// `duties`) from the published roster of `baseline`: the plan, started from the
/// published seats still possible, and what changed, counted from the two rosters
/// alone ([`Baseline::diff`]).
///
/// # Errors
/// As `plan::plan_stable` (a fixed duty that changed is a
/// [`PlanError::CheckFailed`]).
pub fn plan(
    baseline: &Baseline,
    instance: &Instance,
    duties: &[Duty],
    options: &SolveOptions,
) -> Result<(Plan, Diff), PlanError> {
    let stability = baseline.stability(instance, duties);
    let start = baseline.start(instance, duties);
    let count = |records: &[RosterRecord]| {
        let diff = baseline.diff(records);
        match diff.fixed_changed() {
            Some(fixed) => Err(fixed),
            None => Ok(diff.cost),
        }
    };
    let plan = crate::plan::plan_stable(instance, options, &stability, &start, &count)?;
    let diff = baseline.diff(&plan.roster.records(instance, &plan.duties));
    Ok((plan, diff))
}
