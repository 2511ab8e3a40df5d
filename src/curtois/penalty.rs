//! The benchmark's objective, evaluated on a roster independently of any model.
//!
//! [`penalty`] checks the hard constraints H1–H9 of the benchmark README and lists every
//! broken one as a [`Violation`] (they carry no weight), and sums the three soft terms
//! (shift-on requests, shift-off requests, cover under/over) into a [`Penalty`].
//!
//! Horizon boundaries, as the README defines them:
//! - H2 (forbidden successions): no history before day 0, no wrap-around after day *H*−1;
//! - H5 (maximum run of worked days): every run counts, including those touching day 0
//!   or day *H*−1;
//! - H6/H7 (minimum runs of worked days / days off): a maximal run that starts on day 0
//!   or ends on day *H*−1 is exempt;
//! - H8 (weekends): weekend *k* is days 7k+5 and 7k+6 for *k* < *H*/7, worked if either
//!   day is worked.
//!
//! H1 (at most one shift per day) holds by construction: a [`Roster`] holds one optional
//! shift per staff and day, and [`Roster::from_assignments`] refuses a second shift.

use std::fmt;

use super::CurtoisInstance;

/// One optional shift per staff member and day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    /// Number of shift types of the instance it was built for.
    shift_count: usize,
    /// Number of days.
    horizon: usize,
    /// `cells[staff][day]`: the shift index worked, or `None` for a day off.
    cells: Vec<Vec<Option<usize>>>,
}

/// Why a roster could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RosterError {
    /// A staff id that the instance does not define.
    #[error("effectif inconnu « {0} »")]
    UnknownStaff(String),
    /// A shift id that the instance does not define.
    #[error("type de poste inconnu « {0} »")]
    UnknownShift(String),
    /// A day outside `0..horizon`.
    #[error("jour {day} hors de l'horizon (0 à {last})")]
    DayOutOfHorizon {
        /// The day given.
        day: usize,
        /// The last day of the horizon.
        last: usize,
    },
    /// A staff index outside the instance.
    #[error("effectif n° {0} hors de l'instance")]
    StaffIndex(usize),
    /// A shift index outside the instance.
    #[error("type de poste n° {0} hors de l'instance")]
    ShiftIndex(usize),
    /// Two assignments for the same staff member and day (H1).
    #[error("« {staff} » a déjà un poste le jour {day}")]
    Twice {
        /// The staff id.
        staff: String,
        /// The day.
        day: usize,
    },
}

impl Roster {
    /// A roster where everybody is off every day.
    pub fn off(instance: &CurtoisInstance) -> Self {
        Self {
            shift_count: instance.shifts.len(),
            horizon: instance.horizon,
            cells: vec![vec![None; instance.horizon]; instance.staff.len()],
        }
    }

    /// A roster from `(staff_id, day, shift_id)` triples; every other cell is a day off.
    /// Unknown ids, days outside the horizon and a second assignment for the same staff
    /// member and day are errors.
    pub fn from_assignments<S, T>(
        instance: &CurtoisInstance,
        assignments: impl IntoIterator<Item = (S, usize, T)>,
    ) -> Result<Self, RosterError>
    where
        S: AsRef<str>,
        T: AsRef<str>,
    {
        let mut roster = Self::off(instance);
        for (staff_id, day, shift_id) in assignments {
            let (staff_id, shift_id) = (staff_id.as_ref(), shift_id.as_ref());
            let staff = instance
                .staff_index(staff_id)
                .ok_or_else(|| RosterError::UnknownStaff(staff_id.to_string()))?;
            let shift = instance
                .shift_index(shift_id)
                .ok_or_else(|| RosterError::UnknownShift(shift_id.to_string()))?;
            if roster.shift(staff, day).is_some() {
                return Err(RosterError::Twice {
                    staff: staff_id.to_string(),
                    day,
                });
            }
            roster.set(staff, day, Some(shift))?;
        }
        Ok(roster)
    }

    /// Sets one cell by indices.
    pub fn set(
        &mut self,
        staff: usize,
        day: usize,
        shift: Option<usize>,
    ) -> Result<(), RosterError> {
        if let Some(s) = shift.filter(|&s| s >= self.shift_count) {
            return Err(RosterError::ShiftIndex(s));
        }
        if day >= self.horizon {
            return Err(RosterError::DayOutOfHorizon {
                day,
                last: self.horizon.saturating_sub(1),
            });
        }
        let row = self
            .cells
            .get_mut(staff)
            .ok_or(RosterError::StaffIndex(staff))?;
        row[day] = shift;
        Ok(())
    }

    /// The shift worked by `staff` on `day`, `None` for a day off (or outside the roster).
    pub fn shift(&self, staff: usize, day: usize) -> Option<usize> {
        self.cells.get(staff)?.get(day).copied().flatten()
    }

    /// Whether `staff` works on `day`.
    pub fn works(&self, staff: usize, day: usize) -> bool {
        self.shift(staff, day).is_some()
    }

    /// Whether this roster has the shape of `instance` (staff, days, shift types).
    pub fn fits(&self, instance: &CurtoisInstance) -> bool {
        self.cells.len() == instance.staff.len()
            && self.horizon == instance.horizon
            && self.shift_count == instance.shifts.len()
    }
}

/// A broken hard constraint. Staff and shifts are named by id; days are 0-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// The roster was built for another instance (different staff, days or shift types).
    Shape,
    /// H2: `shift` on `day` is followed by the forbidden `next` on `day + 1`.
    Succession {
        /// Staff id.
        staff: String,
        /// Day of the first shift.
        day: usize,
        /// First shift id.
        shift: String,
        /// Forbidden successor id.
        next: String,
    },
    /// H3: more shifts of one type than allowed.
    MaxShifts {
        /// Staff id.
        staff: String,
        /// Shift id.
        shift: String,
        /// Shifts worked.
        worked: u32,
        /// Limit.
        limit: u32,
    },
    /// H4: total working time above the maximum.
    MaxMinutes {
        /// Staff id.
        staff: String,
        /// Minutes worked.
        minutes: u64,
        /// Limit.
        limit: u32,
    },
    /// H4: total working time below the minimum.
    MinMinutes {
        /// Staff id.
        staff: String,
        /// Minutes worked.
        minutes: u64,
        /// Limit.
        limit: u32,
    },
    /// H5: a run of worked days longer than allowed.
    MaxConsecutiveShifts {
        /// Staff id.
        staff: String,
        /// First day of the run.
        first: usize,
        /// Length of the run.
        length: usize,
        /// Limit.
        limit: u32,
    },
    /// H6: an inner run of worked days shorter than required.
    MinConsecutiveShifts {
        /// Staff id.
        staff: String,
        /// First day of the run.
        first: usize,
        /// Length of the run.
        length: usize,
        /// Limit.
        limit: u32,
    },
    /// H7: an inner run of days off shorter than required.
    MinConsecutiveDaysOff {
        /// Staff id.
        staff: String,
        /// First day of the run.
        first: usize,
        /// Length of the run.
        length: usize,
        /// Limit.
        limit: u32,
    },
    /// H8: more worked weekends than allowed.
    MaxWeekends {
        /// Staff id.
        staff: String,
        /// Weekends worked.
        worked: u32,
        /// Limit.
        limit: u32,
    },
    /// H9: work on a day off.
    DayOff {
        /// Staff id.
        staff: String,
        /// The day.
        day: usize,
        /// Shift id worked.
        shift: String,
    },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Shape => write!(
                f,
                "le tableau ne correspond pas à l'instance (effectifs, jours ou types de poste)"
            ),
            Self::Succession {
                staff,
                day,
                shift,
                next,
            } => write!(
                f,
                "H2 « {staff} » : « {next} » le jour {} suit « {shift} » le jour {day}, \
                 succession interdite",
                day + 1
            ),
            Self::MaxShifts {
                staff,
                shift,
                worked,
                limit,
            } => write!(
                f,
                "H3 « {staff} » : {worked} postes « {shift} », au plus {limit}"
            ),
            Self::MaxMinutes {
                staff,
                minutes,
                limit,
            } => write!(
                f,
                "H4 « {staff} » : {minutes} minutes travaillées, au plus {limit}"
            ),
            Self::MinMinutes {
                staff,
                minutes,
                limit,
            } => write!(
                f,
                "H4 « {staff} » : {minutes} minutes travaillées, au moins {limit}"
            ),
            Self::MaxConsecutiveShifts {
                staff,
                first,
                length,
                limit,
            } => write!(
                f,
                "H5 « {staff} » : {length} jours travaillés d'affilée à partir du jour \
                 {first}, au plus {limit}"
            ),
            Self::MinConsecutiveShifts {
                staff,
                first,
                length,
                limit,
            } => write!(
                f,
                "H6 « {staff} » : {length} jours travaillés d'affilée à partir du jour \
                 {first}, au moins {limit}"
            ),
            Self::MinConsecutiveDaysOff {
                staff,
                first,
                length,
                limit,
            } => write!(
                f,
                "H7 « {staff} » : {length} jours de repos d'affilée à partir du jour \
                 {first}, au moins {limit}"
            ),
            Self::MaxWeekends {
                staff,
                worked,
                limit,
            } => write!(
                f,
                "H8 « {staff} » : {worked} week-ends travaillés, au plus {limit}"
            ),
            Self::DayOff { staff, day, shift } => write!(
                f,
                "H9 « {staff} » : poste « {shift} » le jour {day}, jour de repos imposé"
            ),
        }
    }
}

/// The evaluation of a roster: hard violations apart, soft penalties by term.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Penalty {
    /// Every broken hard constraint, by staff member in instance order, then by rule
    /// (H2, H3, H4, H5–H7 in day order, H8, H9).
    pub violations: Vec<Violation>,
    /// Sum of the weights of shift-on requests not granted.
    pub shift_on: u64,
    /// Sum of the weights of shift-off requests not granted.
    pub shift_off: u64,
    /// Σ weight_under · max(0, requirement − n) over cover lines.
    pub cover_under: u64,
    /// Σ weight_over · max(0, n − requirement) over cover lines.
    pub cover_over: u64,
}

impl Penalty {
    /// The benchmark objective: the sum of the four soft terms.
    pub fn total(&self) -> u64 {
        self.shift_on + self.shift_off + self.cover_under + self.cover_over
    }

    /// Whether no hard constraint is broken.
    pub fn is_feasible(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Evaluates `roster` on `instance`. A roster of another shape gets
/// [`Violation::Shape`] and no other evaluation.
pub fn penalty(instance: &CurtoisInstance, roster: &Roster) -> Penalty {
    if !roster.fits(instance) {
        return Penalty {
            violations: vec![Violation::Shape],
            ..Penalty::default()
        };
    }
    let mut out = Penalty::default();
    for e in 0..instance.staff.len() {
        hard(instance, roster, e, &mut out.violations);
    }
    requests(instance, roster, &mut out);
    cover(instance, roster, &mut out);
    out
}

/// All hard rules for staff member `e`.
fn hard(instance: &CurtoisInstance, roster: &Roster, e: usize, out: &mut Vec<Violation>) {
    successions(instance, roster, e, out);
    totals(instance, roster, e, out);
    runs(instance, roster, e, out);
    weekends(instance, roster, e, out);
    days_off(instance, roster, e, out);
}

/// The id of shift `t` (empty if out of range, which a parsed instance never has).
fn shift_id(instance: &CurtoisInstance, t: usize) -> String {
    instance
        .shifts
        .get(t)
        .map(|s| s.id.clone())
        .unwrap_or_default()
}

/// H2: forbidden successions from day d to d+1, d = 0 … H−2.
fn successions(instance: &CurtoisInstance, roster: &Roster, e: usize, out: &mut Vec<Violation>) {
    let staff = &instance.staff[e];
    for day in 0..instance.horizon.saturating_sub(1) {
        let (Some(t), Some(u)) = (roster.shift(e, day), roster.shift(e, day + 1)) else {
            continue;
        };
        let forbidden = instance
            .shifts
            .get(t)
            .is_some_and(|s| s.forbidden_next.contains(&u));
        if forbidden {
            out.push(Violation::Succession {
                staff: staff.id.clone(),
                day,
                shift: shift_id(instance, t),
                next: shift_id(instance, u),
            });
        }
    }
}

/// H3 and H4: counts per type and total minutes.
fn totals(instance: &CurtoisInstance, roster: &Roster, e: usize, out: &mut Vec<Violation>) {
    let staff = &instance.staff[e];
    let mut counts = vec![0u32; instance.shifts.len()];
    let mut minutes = 0u64;
    for day in 0..instance.horizon {
        if let Some(t) = roster.shift(e, day) {
            counts[t] += 1;
            minutes += u64::from(instance.shifts[t].minutes);
        }
    }
    for (t, &worked) in counts.iter().enumerate() {
        let limit = staff.max_shifts.get(t).copied().unwrap_or(0);
        if worked > limit {
            out.push(Violation::MaxShifts {
                staff: staff.id.clone(),
                shift: shift_id(instance, t),
                worked,
                limit,
            });
        }
    }
    if minutes > u64::from(staff.max_total_minutes) {
        out.push(Violation::MaxMinutes {
            staff: staff.id.clone(),
            minutes,
            limit: staff.max_total_minutes,
        });
    }
    if minutes < u64::from(staff.min_total_minutes) {
        out.push(Violation::MinMinutes {
            staff: staff.id.clone(),
            minutes,
            limit: staff.min_total_minutes,
        });
    }
}

/// A maximal run of equal work status: days `first .. first + length`.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// First day.
    first: usize,
    /// Number of days.
    length: usize,
    /// Worked days (true) or days off (false).
    working: bool,
}

/// The maximal runs of worked days and of days off of staff member `e`, in day order.
fn maximal_runs(horizon: usize, roster: &Roster, e: usize) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for day in 0..horizon {
        let working = roster.works(e, day);
        match runs.last_mut() {
            Some(run) if run.working == working => run.length += 1,
            _ => runs.push(Run {
                first: day,
                length: 1,
                working,
            }),
        }
    }
    runs
}

/// H5, H6, H7: run lengths; H6/H7 exempt runs touching day 0 or day H−1.
fn runs(instance: &CurtoisInstance, roster: &Roster, e: usize, out: &mut Vec<Violation>) {
    let staff = &instance.staff[e];
    let horizon = instance.horizon;
    for run in maximal_runs(horizon, roster, e) {
        let inner = run.first > 0 && run.first + run.length < horizon;
        let id = staff.id.clone();
        let (first, length) = (run.first, run.length);
        if run.working {
            if length > staff.max_consecutive_shifts as usize {
                out.push(Violation::MaxConsecutiveShifts {
                    staff: id.clone(),
                    first,
                    length,
                    limit: staff.max_consecutive_shifts,
                });
            }
            if inner && length < staff.min_consecutive_shifts as usize {
                out.push(Violation::MinConsecutiveShifts {
                    staff: id,
                    first,
                    length,
                    limit: staff.min_consecutive_shifts,
                });
            }
        } else if inner && length < staff.min_consecutive_days_off as usize {
            out.push(Violation::MinConsecutiveDaysOff {
                staff: id,
                first,
                length,
                limit: staff.min_consecutive_days_off,
            });
        }
    }
}

/// H8: weekends k < H/7 with Saturday 7k+5 or Sunday 7k+6 worked.
fn weekends(instance: &CurtoisInstance, roster: &Roster, e: usize, out: &mut Vec<Violation>) {
    let staff = &instance.staff[e];
    let worked = (0..instance.weekends())
        .filter(|k| roster.works(e, 7 * k + 5) || roster.works(e, 7 * k + 6))
        .count();
    let worked = u32::try_from(worked).unwrap_or(u32::MAX);
    if worked > staff.max_weekends {
        out.push(Violation::MaxWeekends {
            staff: staff.id.clone(),
            worked,
            limit: staff.max_weekends,
        });
    }
}

/// H9: no work on a listed day off.
fn days_off(instance: &CurtoisInstance, roster: &Roster, e: usize, out: &mut Vec<Violation>) {
    let staff = &instance.staff[e];
    for &day in &staff.days_off {
        if let Some(t) = roster.shift(e, day) {
            out.push(Violation::DayOff {
                staff: staff.id.clone(),
                day,
                shift: shift_id(instance, t),
            });
        }
    }
}

/// Shift-on: weight unless exactly that shift is worked; shift-off: weight if it is.
fn requests(instance: &CurtoisInstance, roster: &Roster, out: &mut Penalty) {
    for r in &instance.shift_on_requests {
        if roster.shift(r.staff, r.day) != Some(r.shift) {
            out.shift_on += u64::from(r.weight);
        }
    }
    for r in &instance.shift_off_requests {
        if roster.shift(r.staff, r.day) == Some(r.shift) {
            out.shift_off += u64::from(r.weight);
        }
    }
}

/// Cover: per (day, shift) line, under- and over-staffing times their weights.
fn cover(instance: &CurtoisInstance, roster: &Roster, out: &mut Penalty) {
    for c in &instance.cover {
        let n = (0..instance.staff.len())
            .filter(|&e| roster.shift(e, c.day) == Some(c.shift))
            .count();
        let n = u64::try_from(n).unwrap_or(u64::MAX);
        let req = u64::from(c.requirement);
        out.cover_under += u64::from(c.weight_under) * req.saturating_sub(n);
        out.cover_over += u64::from(c.weight_over) * n.saturating_sub(req);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_alternate_and_cover_the_horizon() {
        let instance = crate::curtois::parse(
            "t.txt",
            "SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,60,\nSECTION_STAFF\nA,D=7,0,0,7,0,0,1\n\
             SECTION_DAYS_OFF\nSECTION_SHIFT_ON_REQUESTS\nSECTION_SHIFT_OFF_REQUESTS\n\
             SECTION_COVER\n",
        )
        .expect("valid");
        let roster =
            Roster::from_assignments(&instance, [("A", 1, "D"), ("A", 2, "D"), ("A", 6, "D")])
                .expect("valid");
        let runs: Vec<(usize, usize, bool)> = maximal_runs(7, &roster, 0)
            .iter()
            .map(|r| (r.first, r.length, r.working))
            .collect();
        assert_eq!(
            runs,
            vec![(0, 1, false), (1, 2, true), (3, 3, false), (6, 1, true)]
        );
    }
}
