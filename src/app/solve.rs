//! `gardes solve`: the plan, the what-if hints when seats stay empty, the summary and
//! the page, as a [`Publication`].

use std::path::PathBuf;
use std::time::Instant;

use chrono::{DateTime, Utc};

use super::{Error, Publication};
use crate::instance::Instance;
use crate::progress::ProgressLine;
use crate::solve::SolveOptions;
use crate::whatif::{self, HintOptions};
use crate::{html, plan, report};

/// Seconds of the time limit kept for writing the files after the solve.
pub const WRITING_RESERVE: f64 = 0.5;

/// What `gardes solve` was asked, checked.
pub struct Request {
    /// The output folder.
    pub output: PathBuf,
    /// The solver's options as asked (`time_limit` covers the whole command).
    pub options: SolveOptions,
    /// The what-if hints to look for; their seconds come out of the time limit.
    pub hints: HintOptions,
    /// The publication instant.
    pub now: DateTime<Utc>,
    /// Overwrite an earlier roster instead of archiving it.
    pub replace: bool,
    /// When the command started (before reading the instance): the time limit holds
    /// for the whole command.
    pub started: Instant,
}

/// `options` feeding `line`, when there is one; otherwise their own progress sink, if
/// any (the workspace's).
pub fn with_progress(options: &SolveOptions, line: Option<&ProgressLine>) -> SolveOptions {
    SolveOptions {
        progress: line
            .map(ProgressLine::sink)
            .or_else(|| options.progress.clone()),
        ..options.clone()
    }
}

/// Solves `instance` and puts together what `gardes solve` publishes. The time limit
/// holds for the whole command: reading, the plan, the what-if hints (their seconds
/// come out of it) and writing ([`WRITING_RESERVE`]).
///
/// # Errors
/// [`Error::History`] when the output folder's feeds' history is unreadable,
/// [`Error::Plan`] when no roster comes out.
pub fn solve(
    instance: Instance,
    request: &Request,
    progress: Option<&ProgressLine>,
) -> Result<Publication, Error> {
    // The feeds' history, read before the publication archives ics/ away (and before the
    // solve, so that an unreadable one stops us early): re-publishing continues it.
    let history = super::read_history(&request.output)?;
    let hint_options = &request.hints;
    let hints_seconds = if hint_options.count > 0 {
        hint_options.seconds
    } else {
        0.0
    };
    let requested = &request.options;
    let options = &SolveOptions {
        time_limit: (requested.time_limit
            - request.started.elapsed().as_secs_f64()
            - hints_seconds
            - WRITING_RESERVE)
            .max(1.0),
        ..with_progress(requested, progress)
    };
    let mut plan = plan::plan(&instance, options)?;
    let hints = if requested.stop.requested() {
        Vec::new()
    } else {
        if let Some(line) = progress {
            line.say(crate::labels::html::PROGRESS_HINTS);
        }
        whatif::hints(&instance, &plan, hint_options)
    };
    let summary = report::with_hints(
        report::summary(&instance, &plan, requested),
        &instance,
        &plan,
        &hints,
    );
    let markdown = report::to_markdown(&instance, &plan, &summary);
    let page = super::solved_page(&instance, &plan, &summary);
    Ok(Publication {
        output: request.output.clone(),
        population: plan.check.population.take(),
        duties: plan.duties,
        roster: plan.roster,
        instance,
        files: vec![
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
