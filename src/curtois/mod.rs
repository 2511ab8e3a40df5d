//! The Curtois & Qu shift-scheduling benchmark (Instance1 … Instance24): a parser of its
//! plain-text format ([`parse`][p], [`read`][r]) into a [`CurtoisInstance`][i], and an
//! evaluator of its objective ([`penalty`][e]) that shares no code with gardes' model.
//!
//! The format and the objective are those of `benchmarks/curtois/README.md` in the shared
//! data directory: hard constraints H1–H9 (reported as violations, never weighted) and
//! three soft terms (shift-on requests, shift-off requests, cover under/over).
//!
//! Every index in a parsed instance is valid: shift, staff and day indices point into
//! its `shifts`, its `staff` and `0..horizon`.
//!
//! [`import`][m] writes an instance as a gardes instance file and maps a gardes roster
//! back onto the benchmark's days, staff and shifts, so that the evaluator scores it.
//!
//! [m]: crate::curtois::import
//! [p]: crate::curtois::parse::parse
//! [r]: crate::curtois::parse::read
//! [i]: crate::curtois::CurtoisInstance
//! [e]: crate::curtois::penalty::penalty

pub mod import;
mod labels;
pub mod parse;
pub mod penalty;

pub use import::{
    roster_from_assignments, roster_from_records, to_toml, to_toml_with_source, AssignmentError,
    AssignmentErrorKind, ImportError,
};
pub use parse::{parse, read, CurtoisError, ParseError};
pub use penalty::{penalty, Penalty, Roster, RosterError, Violation};

/// One benchmark instance, as read from its text file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurtoisInstance {
    /// Number of days *H*; day 0 is a Monday and *H* is a multiple of 7.
    pub horizon: usize,
    /// Shift types, in file order.
    pub shifts: Vec<ShiftType>,
    /// Staff members, in file order.
    pub staff: Vec<Staff>,
    /// `SECTION_SHIFT_ON_REQUESTS`, in file order.
    pub shift_on_requests: Vec<Request>,
    /// `SECTION_SHIFT_OFF_REQUESTS`, in file order.
    pub shift_off_requests: Vec<Request>,
    /// `SECTION_COVER`, in file order; at most one line per (day, shift).
    pub cover: Vec<Cover>,
}

/// One shift type (`SECTION_SHIFTS`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftType {
    /// Identifier, case-sensitive (`D`, `a1`, …).
    pub id: String,
    /// Length in minutes (counts towards the working time, H4).
    pub minutes: u32,
    /// Shift indices that may not be worked on the day after this one (H2), sorted and
    /// without duplicates.
    pub forbidden_next: Vec<usize>,
}

/// One staff member (`SECTION_STAFF`, with its `SECTION_DAYS_OFF` line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    /// Identifier, case-sensitive.
    pub id: String,
    /// Maximum number of shifts of each type, indexed by shift index (H3); a type missing
    /// from the file's list is 0.
    pub max_shifts: Vec<u32>,
    /// Maximum total working time in minutes (H4).
    pub max_total_minutes: u32,
    /// Minimum total working time in minutes (H4).
    pub min_total_minutes: u32,
    /// Longest allowed run of worked days (H5).
    pub max_consecutive_shifts: u32,
    /// Shortest allowed run of worked days not touching the horizon's ends (H6).
    pub min_consecutive_shifts: u32,
    /// Shortest allowed run of days off not touching the horizon's ends (H7).
    pub min_consecutive_days_off: u32,
    /// Maximum number of worked weekends (H8).
    pub max_weekends: u32,
    /// Days on which this person may not work (H9), sorted and without duplicates.
    pub days_off: Vec<usize>,
}

/// One shift-on or shift-off request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    /// Staff index.
    pub staff: usize,
    /// Day index.
    pub day: usize,
    /// Shift index.
    pub shift: usize,
    /// Penalty when the request is not granted.
    pub weight: u32,
}

/// One cover line: the preferred number of people on a shift on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cover {
    /// Day index.
    pub day: usize,
    /// Shift index.
    pub shift: usize,
    /// Preferred number of people.
    pub requirement: u32,
    /// Penalty per missing person.
    pub weight_under: u32,
    /// Penalty per extra person.
    pub weight_over: u32,
}

impl CurtoisInstance {
    /// The index of the shift type with this identifier.
    pub fn shift_index(&self, id: &str) -> Option<usize> {
        self.shifts.iter().position(|s| s.id == id)
    }

    /// The index of the staff member with this identifier.
    pub fn staff_index(&self, id: &str) -> Option<usize> {
        self.staff.iter().position(|s| s.id == id)
    }

    /// Number of weekends in the horizon (Saturday 7k+5, Sunday 7k+6): *H*/7.
    pub fn weekends(&self) -> usize {
        self.horizon / 7
    }
}
