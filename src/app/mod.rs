//! The application layer: the workflows of the commands that publish or check a roster
//! (`solve`, `replan`, `swap`, `check`), each taking a validated request and returning
//! what is to be written ([`Publication`], the check page) and the facts the command
//! line prints.
//!
//! Nothing here prints, exits or reads the time of day: the command line (`cli/`)
//! passes the publication instant `now`, writes through [`Publication::write`] and turns
//! an [`Error`] into a message and an exit code (`cli/exit.rs`).

pub mod check;
pub mod publish;
pub mod replan;
pub mod solve;
pub mod swap;

use std::path::Path;

use crate::duties::DutyError;
use crate::export::feeds::FeedHistory;
use crate::export::ExportError;
use crate::plan::PlanError;
use crate::replan::ChangesError;
use crate::roster::RosterRecord;
use crate::swap::SwapError;

pub use publish::Publication;

/// Why a workflow stopped, by the library error behind it; `cli/exit.rs` gives each
/// its exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input, already put into words: an unreadable file, a contradictory request.
    #[error("{0}")]
    Input(String),
    /// The instance's calendar cannot be expanded into duties (bad input).
    #[error(transparent)]
    Duties(#[from] DutyError),
    /// A changes file or a change given as an option is wrong (bad input).
    #[error(transparent)]
    Changes(#[from] ChangesError),
    /// The feeds' history of the output folder cannot be read (bad input).
    #[error(transparent)]
    History(ExportError),
    /// No roster came out of the solver.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// An exchange of duties cannot be done.
    #[error(transparent)]
    Swap(#[from] SwapError),
    /// A file could not be written, or the output could not be put together.
    #[error(transparent)]
    Write(ExportError),
    /// A defect of gardes itself.
    #[error("{0}")]
    Internal(String),
}

/// Reads a roster in the assignments.csv format, every problem located.
///
/// # Errors
/// [`Error::Input`] when the file cannot be read, is not text, or a row is malformed.
pub fn read_roster(path: &Path) -> Result<Vec<RosterRecord>, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::Input(crate::labels::cli::unreadable(path.display(), e)))?;
    let label = path.display().to_string();
    crate::check::roster_text(&label, &bytes)
        .and_then(|text| crate::check::read_roster_csv(&label, text))
        .map_err(|e| Error::Input(e.to_string()))
}

/// The feeds' history of an output folder, read before its earlier files are archived:
/// re-publishing continues it.
///
/// # Errors
/// [`Error::History`] when a history file is there but unreadable.
pub fn read_history(output: &Path) -> Result<FeedHistory, Error> {
    FeedHistory::load(output).map_err(Error::History)
}

/// `report.html` of a solved roster (`solve`, `replan`): the plan's roster and checker's
/// report, with the solver's summary.
fn solved_page(
    instance: &crate::instance::Instance,
    plan: &crate::plan::Plan,
    summary: &crate::report::Summary,
) -> String {
    crate::html::render(&crate::html::Page {
        instance,
        duties: &plan.duties,
        roster: &plan.roster,
        check: &plan.check,
        source: crate::html::Source::Solved(summary),
    })
}
