//! `gardes replan`: the published roster, the changes (a file and options, merged), the
//! re-planning date and policy, a new roster that changes as little as possible from
//! that date on, checked, then published like `solve`'s with `changes.csv` and the
//! changes in the summary.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};

use super::{Error, Publication};
use crate::instance::Instance;
use crate::labels::cli as fr;
use crate::progress::ProgressLine;
use crate::replan::{Baseline, Changes, Policy};
use crate::solve::SolveOptions;
use crate::{duties, html, report};

/// What `gardes replan` was asked, checked.
pub struct Request {
    /// The published roster (assignments.csv).
    pub roster: PathBuf,
    /// A changes file.
    pub changes: Option<PathBuf>,
    /// Duties dated before this day stay as published (default: the changes file's,
    /// else today).
    pub from: Option<NaiveDate>,
    /// `--unavailable` changes, as typed.
    pub unavailable: Vec<String>,
    /// `--leave` changes, as typed.
    pub leave: Vec<String>,
    /// `--demand` changes, as typed.
    pub demand: Vec<String>,
    /// Days over which a change costs more, the sooner it is (0 to 366).
    pub notice_days: Option<u32>,
    /// Cost of a change on the re-planning date (1 to 100).
    pub urgency: Option<f64>,
    /// The output folder (the published roster's folder unless asked otherwise).
    pub output: PathBuf,
    /// The solver's options.
    pub options: SolveOptions,
    /// The publication instant, and today's date for `from`.
    pub now: DateTime<Utc>,
    /// Overwrite the earlier roster instead of archiving it.
    pub replace: bool,
}

/// Re-plans the published roster of `request` on `instance` and puts together what
/// `gardes replan` publishes.
///
/// # Errors
/// [`Error::Input`], [`Error::Changes`], [`Error::Duties`] or [`Error::History`] on bad
/// input (the re-planning date after the horizon included), [`Error::Plan`] when no
/// roster comes out.
pub fn replan(
    instance: &Instance,
    request: &Request,
    progress: Option<&ProgressLine>,
) -> Result<Publication, Error> {
    let published = super::read_roster(&request.roster)?;
    // The feeds' history of the output folder, read before its ics/ is archived.
    let history = super::read_history(&request.output)?;
    let mut changes = match &request.changes {
        Some(path) => {
            let bytes =
                std::fs::read(path).map_err(|e| Error::Input(fr::unreadable(path.display(), e)))?;
            let label = path.display().to_string();
            let text = std::str::from_utf8(&bytes)
                .map_err(|e| Error::Input(fr::not_utf8(&label, e.valid_up_to())))?;
            Changes::parse(&label, text, instance)?
        }
        None => Changes::default(),
    };
    changes.extend(Changes::from_options(
        instance,
        &request.unavailable,
        &request.leave,
        &request.demand,
    )?);
    let today = request
        .now
        .with_timezone(&instance.horizon.time_zone)
        .date_naive();
    let from = request
        .from
        .or(changes.from)
        .unwrap_or(today)
        .max(instance.horizon.first);
    if from > instance.horizon.last {
        return Err(Error::Input(fr::from_after_horizon(
            from,
            instance.horizon.last,
        )));
    }
    let policy = Policy {
        from,
        notice_days: request
            .notice_days
            .or(changes.notice_days)
            .unwrap_or(crate::replan::DEFAULT_NOTICE_DAYS),
        urgency: request
            .urgency
            .or(changes.urgency)
            .unwrap_or(crate::replan::DEFAULT_URGENCY),
    };
    let changed = changes.apply(instance, from)?;
    let baseline = Baseline { published, policy };
    let duties = duties::expand(&changed)?;
    if let Some(problem) = baseline.fixed_problems(&changed, &duties) {
        return Err(Error::Input(problem));
    }
    let options = &super::solve::with_progress(&request.options, progress);
    let (mut plan, diff) = crate::replan::plan(&baseline, &changed, &duties, options)?;
    // The published roster's fees, on the instance it was published with.
    let published_fees =
        crate::check::check(instance, &duties::expand(instance)?, &baseline.published).fees;
    let fee_changes = report::fees::changes(
        instance,
        &published_fees,
        &changed,
        &crate::fees::statement(
            &changed,
            &plan.duties,
            plan.roster
                .assignments
                .iter()
                .map(|a| (a.practitioner, a.duty)),
        ),
    );
    let summary = report::with_fee_changes(
        report::with_replan(
            report::summary(&changed, &plan, options),
            &changed,
            &diff,
            &changes,
            &policy,
        ),
        fee_changes,
    );
    let mut markdown = report::to_markdown(&changed, &plan, &summary);
    markdown.push('\n');
    markdown.push_str(&crate::report::replan::summary_markdown(
        &changed, &changes, &diff,
    ));
    if let Some(r) = &summary.replan {
        report::fees::changes_markdown(&mut markdown, &r.fees, summary.fees.estimated);
    }
    let changes_csv =
        crate::export::changes::changes_csv(&changed, &plan.duties, &baseline.published, &diff)
            .map_err(|e| Error::Internal(e.to_string()))?;
    let page = super::solved_page(&changed, &plan, &summary);
    Ok(Publication {
        output: request.output.clone(),
        population: plan.check.population.take(),
        duties: plan.duties,
        roster: plan.roster,
        instance: changed,
        files: vec![
            ("changes.csv", changes_csv),
            ("summary.json", report::to_json(&summary)),
            ("summary.md", markdown.clone()),
            (html::FILE_NAME, page),
        ],
        history,
        now: request.now,
        replace: request.replace,
        markdown,
    })
}
