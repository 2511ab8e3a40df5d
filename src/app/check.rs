//! `gardes check`: the checker's verdict on a roster file, and the decision to show it
//! in report.html.

use std::path::PathBuf;

use super::Error;
use crate::check::{self, Violation};
use crate::instance::Instance;
use crate::{duties, html};

/// What `gardes check` was asked, checked.
pub struct Request {
    /// The roster, in the assignments.csv format.
    pub roster: PathBuf,
    /// The folder of report.html (the roster's folder unless asked otherwise).
    pub output: PathBuf,
}

/// The verdict on a roster.
pub struct Checked {
    /// The checker's report in words: the broken rules, then the figures.
    pub rendered: String,
    /// Whether the roster keeps every rule.
    pub valid: bool,
    /// report.html, unless a row names nothing of the instance.
    pub page: Option<String>,
}

/// Checks the roster of `request` against every rule of `instance`.
///
/// # Errors
/// [`Error::Input`] when the roster cannot be read, [`Error::Duties`] when the
/// instance's calendar cannot be expanded.
pub fn check(instance: &Instance, request: &Request) -> Result<Checked, Error> {
    let records = super::read_roster(&request.roster)?;
    let duties = duties::expand(instance)?;
    let report = check::check(instance, &duties, &records);
    let rendered = crate::labels::check::render_report(&report, instance);
    // report.html shows the roster whether or not it keeps every rule, unless a row
    // names nothing of the instance (a mistyped id): the grid could not show it, and a
    // file with such rows is bad input, which writes nothing.
    let unreadable = report.violations.iter().any(|v| {
        matches!(
            v,
            Violation::UnknownPractitioner { .. }
                | Violation::UnknownPost { .. }
                | Violation::UnknownPeriod { .. }
                | Violation::NoSuchDuty { .. }
        )
    });
    let page = (!unreadable).then(|| {
        let roster = html::roster_from_records(instance, &duties, &records);
        let label = request.roster.display().to_string();
        html::render(&html::Page {
            instance,
            duties: &duties,
            roster: &roster,
            check: &report,
            source: html::Source::Checked {
                title: crate::labels::html::CHECKED_FILE,
                file: &label,
            },
        })
    });
    Ok(Checked {
        rendered,
        valid: report.is_valid(),
        page,
    })
}
