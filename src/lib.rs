//! gardes builds duty rosters (*tableaux de garde*) for out-of-hours medical care in
//! rural France: who is on call in which sector, on which evening, night, weekend or
//! public holiday.
//! It reads one TOML instance, solves a mixed-integer program with HiGHS (coverage
//! first, then fairness, then wishes), verifies the roster with a checker that shares
//! no code with the model, and writes CSV files and one iCal feed per practitioner.
//!
//! The data flow (docs/ARCHITECTURE.md):
//!
//! ```text
//! instance.toml ─parse─▶ Instance ─expand─▶ Duties ─model─▶ MILP ─solve─▶ Roster
//! Roster ─check─▶ violations and figures;  Roster ─export─▶ CSV, iCal, summary
//! ```
//!
//! [`plan::plan`] runs the whole chain from a validated [`instance::Instance`] to a
//! checked [`plan::Plan`]; the command line (`gardes solve`) is a thin layer over it.
//! The formulation is written down in docs/model.md, the rules it implements in
//! docs/rules.md.
//!
//! # Example
//!
//! One sector, two nights, two doctors.
//! Nobody may do two nights in a row (a default rule), and d01 wishes Monday:
//!
//! ```
//! let toml = r#"
//! name = "exemple"
//! horizon = { first = 2027-01-04, last = 2027-01-05 }
//! [[periods]]
//! id = "nuit"
//! start = "20:00"
//! end = "08:00"
//! [[posts]]
//! id = "mende"
//! periods = ["nuit"]
//! [[practitioners]]
//! id = "d01"
//! posts = ["mende"]
//! wishes = [{ on = { date = 2027-01-04 } }]
//! [[practitioners]]
//! id = "d02"
//! posts = ["mende"]
//! "#;
//! let instance = gardes::instance::parse("exemple.toml", toml)?;
//! let plan = gardes::plan::plan(&instance, &gardes::solve::SolveOptions::default())?;
//! assert!(plan.roster.uncovered.is_empty(), "every seat is filled");
//! assert!(plan.check.is_valid(), "the independent checker agrees");
//! let table = plan.roster.as_table(&instance, &plan.duties);
//! print!("{table}");
//! assert_eq!(table, "2027-01-04 nuit mende d01\n2027-01-05 nuit mende d02\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]
#![warn(clippy::unwrap_used)]

pub mod app;
pub mod bench;
pub mod calendar;
pub mod check;
pub mod cli;
/// The Curtois & Qu shift-scheduling benchmark: parser and independent penalty evaluator.
pub mod curtois;
pub mod desiderata;
pub mod duties;
pub mod explain;
pub mod export;
pub mod fees;
pub mod html;
pub mod instance;
pub mod labels;
pub mod model;
pub mod plan;
pub mod progress;
pub mod replan;
pub mod report;
pub mod roster;
pub mod serve;
pub mod solve;
pub mod swap;
pub mod text;
pub mod whatif;
pub mod workspace;
