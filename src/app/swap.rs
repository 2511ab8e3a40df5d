//! `gardes swap`: the exchange checked on the published roster; unless it is a dry
//! run, the new roster as a [`Publication`] with `changes.csv` and `swap.md`.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::{Error, Publication};
use crate::instance::Instance;
use crate::swap::Swap;
use crate::{duties, html};

/// What `gardes swap` was asked, checked.
pub struct Request {
    /// The published roster (assignments.csv).
    pub roster: PathBuf,
    /// The exchange.
    pub swap: Swap,
    /// The output folder, `None` for a dry run (check only, write nothing).
    pub output: Option<PathBuf>,
    /// The publication instant.
    pub now: DateTime<Utc>,
    /// Overwrite the earlier roster instead of archiving it.
    pub replace: bool,
}

/// What an accepted exchange gives.
pub enum Swapped {
    /// A dry run: the verdict only.
    DryRun {
        /// The exchange in words (swap.md).
        markdown: String,
    },
    /// The new roster to publish.
    Publish(Box<Publication>),
}

/// Checks the exchange of `request` on its roster and, unless it is a dry run, puts
/// together what `gardes swap` publishes.
///
/// # Errors
/// [`Error::Input`], [`Error::Duties`], [`Error::History`] or a request
/// [`Error::Swap`] on bad input; [`Error::Swap`] when the exchange would break rules.
pub fn swap(instance: Instance, request: &Request) -> Result<Swapped, Error> {
    let records = super::read_roster(&request.roster)?;
    let duties = duties::expand(&instance)?;
    let applied = crate::swap::apply(&instance, &duties, &records, &request.swap)?;
    let markdown = crate::report::swap::summary_markdown(&instance, &applied);
    let Some(output) = &request.output else {
        return Ok(Swapped::DryRun { markdown });
    };
    // The feeds' history of the output folder, read before its ics/ is archived.
    let history = super::read_history(output)?;
    let roster = crate::swap::roster_of(&instance, &duties, &applied.records)
        .ok_or_else(|| Error::Internal(crate::labels::cli::SWAP_UNKNOWN.to_owned()))?;
    let baseline = crate::replan::Baseline {
        published: records,
        policy: crate::replan::Policy::new(instance.horizon.first),
    };
    let diff = baseline.diff(&applied.records);
    let changes_csv =
        crate::export::changes::changes_csv(&instance, &duties, &baseline.published, &diff)
            .map_err(|e| Error::Internal(e.to_string()))?;
    let label = request.roster.display().to_string();
    let page = html::render(&html::Page {
        instance: &instance,
        duties: &duties,
        roster: &roster,
        check: &applied.after,
        source: html::Source::Checked {
            title: crate::labels::html::SWAPPED,
            file: &label,
        },
    });
    Ok(Swapped::Publish(Box::new(Publication {
        output: output.clone(),
        instance,
        duties,
        roster,
        population: None,
        files: vec![
            ("changes.csv", changes_csv),
            ("swap.md", markdown.clone()),
            (html::FILE_NAME, page),
        ],
        history,
        now: request.now,
        replace: request.replace,
        markdown,
    })))
}
