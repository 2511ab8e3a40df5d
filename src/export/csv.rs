//! `assignments.csv` and `uncovered.csv`, the machine contracts of DESIGN.md
//! ("Outputs"): UTF-8 without BOM, comma-separated, `\n` line ends, quoting by the
//! `csv` crate, headers exactly as the contract fixes them, rows sorted by start, then
//! post (then period, date and practitioner id, so that the order is total).
//!
//! `start` and `end` are RFC 3339 with the local offset (`2027-03-27T20:00:00+01:00`),
//! so a reader needs no time-zone database to get the instants back.

use crate::duties::Duty;
use crate::instance::Instance;
use crate::labels::export as labels;
use crate::roster::Roster;

use super::{rfc3339, ExportError, View};

/// Header of `assignments.csv` (DESIGN.md, a stable contract).
pub const ASSIGNMENTS_HEADER: [&str; 7] = [
    "date",
    "post",
    "period",
    "start",
    "end",
    "practitioner_id",
    "practitioner_name",
];

/// Header of `uncovered.csv` (DESIGN.md, a stable contract).
pub const UNCOVERED_HEADER: [&str; 7] = [
    "date", "post", "period", "start", "end", "reason", "missing",
];

/// The text of `assignments.csv`: one row per person on duty.
///
/// # Errors
/// [`ExportError`] when the roster or the duties do not match the instance.
pub fn assignments(
    instance: &Instance,
    duties: &[Duty],
    roster: &Roster,
) -> Result<String, ExportError> {
    assignments_in(&View::new(instance, duties, roster)?)
}

/// The text of `uncovered.csv`: one row per duty with empty seats, with how many and
/// why, in French.
///
/// # Errors
/// [`ExportError`] when the roster or the duties do not match the instance.
pub fn uncovered(
    instance: &Instance,
    duties: &[Duty],
    roster: &Roster,
) -> Result<String, ExportError> {
    uncovered_in(&View::new(instance, duties, roster)?)
}

pub(crate) fn assignments_in(view: &View<'_>) -> Result<String, ExportError> {
    let mut w = writer();
    w.write_record(ASSIGNMENTS_HEADER)?;
    for (duty, p) in view.assignments() {
        let d = view.duty(duty);
        let practitioner = view.instance.practitioner(p);
        w.write_record([
            d.date.to_string().as_str(),
            view.instance.post(d.post).id.as_str(),
            view.instance.period(d.period).id.as_str(),
            &rfc3339(d.start),
            &rfc3339(d.end),
            practitioner.id.as_str(),
            &practitioner.name,
        ])?;
    }
    finish(w)
}

pub(crate) fn uncovered_in(view: &View<'_>) -> Result<String, ExportError> {
    let mut w = writer();
    w.write_record(UNCOVERED_HEADER)?;
    for u in &view.uncovered {
        let d = view.duty(u.duty);
        w.write_record([
            d.date.to_string().as_str(),
            view.instance.post(d.post).id.as_str(),
            view.instance.period(d.period).id.as_str(),
            &rfc3339(d.start),
            &rfc3339(d.end),
            &labels::uncovered_reason(view.instance, &u.reason),
            &u.missing.to_string(),
        ])?;
    }
    finish(w)
}

/// A CSV writer into memory with `\n` line ends, as every CSV export is written.
pub(super) fn writer() -> ::csv::Writer<Vec<u8>> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

/// The text a [`writer`] wrote.
pub(super) fn finish(w: ::csv::Writer<Vec<u8>>) -> Result<String, ExportError> {
    let bytes = w
        .into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))?;
    Ok(String::from_utf8(bytes).expect("the CSV writer only copies UTF-8 fields and ASCII"))
}
