//! gardes builds duty rosters (*tableaux de garde*) for out-of-hours medical care in
//! rural France.
//!
//! The data flow (docs/ARCHITECTURE.md):
//!
//! ```text
//! instance.toml ─parse─▶ Instance ─expand─▶ Duties ─model─▶ MILP ─solve─▶ Roster
//! Roster ─check─▶ violations and figures;  Roster ─export─▶ CSV, iCal, summary
//! ```
#![warn(missing_docs)]
#![warn(clippy::unwrap_used)]

pub mod calendar;
pub mod check;
pub mod duties;
pub mod explain;
pub mod export;
pub mod instance;
pub mod labels;
pub mod model;
pub mod plan;
pub mod report;
pub mod roster;
pub mod solve;
