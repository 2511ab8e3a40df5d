//! Why a duty keeps empty seats, in the coordinator's terms (DESIGN.md, "Coverage
//! first": nobody eligible, everybody unavailable, limits reached).
//!
//! For each duty with fewer holders than its demand, in this order:
//! nobody serves the post with its qualifications ([`UncoveredReason::NobodyQualified`]);
//! every qualified practitioner is unavailable ([`UncoveredReason::AllUnavailable`]);
//! otherwise, for each qualified and available practitioner not already on the duty,
//! the rules that adding them to it, in this very roster, would break
//! ([`UncoveredReason::RulesBind`]). A duty of a bundled weekend is tried with the whole
//! bundle, since nobody may hold half of it.
//!
//! The rules are the checker's own ([`crate::check`]): adding a person is checked by
//! running the checker's timeline and maxima scans with and without the new duties and
//! keeping what is new. Like the checker, this module never imports `model` or `solve`.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::eligibility::{ineligibility, missing_qualifications, serves, unavailable};
use crate::check::timeline::{maxima_violations, timeline_violations};
use crate::check::{duty_ref, held, who, Holding, Violation};
use crate::duties::{Duty, DutyIdx};
use crate::instance::{Instance, PracIdx};
pub use crate::roster::Candidate;
use crate::roster::{Binding, Roster, Uncovered, UncoveredReason};

/// Every duty of `roster` with fewer holders than its demand, with how many seats are
/// empty and why, sorted by duty.
///
/// `duties` must be `duties::expand(instance)` and `roster` a roster over them. The
/// roster's own `uncovered` list is ignored: seats are counted from its assignments.
pub fn explain_uncovered(instance: &Instance, duties: &[Duty], roster: &Roster) -> Vec<Uncovered> {
    blocked(instance, duties, roster)
        .into_iter()
        .map(|b| Uncovered {
            duty: b.duty,
            missing: b.missing,
            reason: b.reason(),
        })
        .collect()
}

/// A duty with empty seats and, for each practitioner who could have held it, what
/// kept them off: the raw material of the reasons and of the what-if hints.
#[derive(Clone, Debug)]
pub struct Blocked {
    /// The duty.
    pub duty: DutyIdx,
    /// How many seats stay empty.
    pub missing: u32,
    /// Whether anybody serves the post with its qualifications.
    pub anybody_qualified: bool,
    /// Qualified practitioners unavailable for the duty, in instance order.
    pub unavailable: Vec<PracIdx>,
    /// Qualified and available practitioners, each with what held them back.
    pub held_back: Vec<Candidate>,
}

impl Blocked {
    /// The reason in the coordinator's terms, as data (`crate::labels` words it).
    pub fn reason(&self) -> UncoveredReason {
        if !self.anybody_qualified {
            return UncoveredReason::NobodyQualified;
        }
        if self.held_back.is_empty() {
            return UncoveredReason::AllUnavailable;
        }
        let kinds: BTreeSet<Binding> = self
            .held_back
            .iter()
            .filter_map(|c| c.obstacles.as_deref())
            .flatten()
            .map(binding_of)
            .collect();
        let binding = match kinds.len() {
            1 => kinds.into_iter().next().unwrap_or(Binding::Mixed),
            _ => Binding::Mixed,
        };
        UncoveredReason::RulesBind {
            binding,
            held_back: self.held_back.clone(),
        }
    }
}

/// Which kind of rule a violation is, for [`Binding`].
pub fn binding_of(v: &Violation) -> Binding {
    match v {
        Violation::Overlap { .. } => Binding::AlreadyOnDuty,
        Violation::Rest { .. }
        | Violation::TwoNightsInARow { .. }
        | Violation::Spacing { .. }
        | Violation::ForbiddenSuccession { .. } => Binding::RestOrSpacing,
        Violation::Unavailable { .. } | Violation::DemandExceeded { .. } => Binding::Bundle,
        _ => Binding::Maxima,
    }
}

/// Every duty of `roster` with empty required seats, with who could have held it and
/// what kept each of them off, sorted by duty (see [`explain_uncovered`]).
pub fn blocked(instance: &Instance, duties: &[Duty], roster: &Roster) -> Vec<Blocked> {
    let mut holders: BTreeMap<DutyIdx, BTreeSet<PracIdx>> = BTreeMap::new();
    let mut holdings: BTreeMap<PracIdx, Vec<Holding>> = BTreeMap::new();
    for a in &roster.assignments {
        if holders.entry(a.duty).or_default().insert(a.practitioner) {
            holdings.entry(a.practitioner).or_default().push(Holding {
                duty: a.duty,
                line: 0,
            });
        }
    }
    let mut explainer = Explainer {
        instance,
        duties,
        holders: &holders,
        holdings: &holdings,
        before: BTreeMap::new(),
    };

    let mut out = Vec::new();
    for duty in duties {
        let on_duty = holders.get(&duty.idx).map_or(0, BTreeSet::len);
        let missing = (duty.demand as usize).saturating_sub(on_duty) as u32;
        // Only required seats are empty seats of the roster; an optional seat (an MCS
        // on-call) left empty is a figure of the coverage report, not a gap.
        if missing == 0 || !instance.post(duty.post).required {
            continue;
        }
        out.push(explainer.blocked(duty, missing));
    }
    out
}

struct Explainer<'a> {
    instance: &'a Instance,
    duties: &'a [Duty],
    holders: &'a BTreeMap<DutyIdx, BTreeSet<PracIdx>>,
    holdings: &'a BTreeMap<PracIdx, Vec<Holding>>,
    /// Each practitioner's violations in the roster as it is, computed once.
    before: BTreeMap<PracIdx, Vec<Violation>>,
}

impl Explainer<'_> {
    fn blocked(&mut self, duty: &Duty, missing: u32) -> Blocked {
        let instance = self.instance;
        let qualified: Vec<PracIdx> = (0..instance.practitioners.len())
            .map(|i| PracIdx(i as u32))
            .filter(|&p| {
                serves(instance, p, duty) && missing_qualifications(instance, p, duty).is_empty()
            })
            .collect();
        let (unavailable, available): (Vec<PracIdx>, Vec<PracIdx>) = qualified
            .iter()
            .partition(|&&p| unavailable(instance, p, duty).is_some());
        let on_duty = self.holders.get(&duty.idx);
        let held_back = available
            .into_iter()
            .map(|p| {
                let added = self.to_add(p, duty);
                let obstacles = if on_duty.is_some_and(|s| s.contains(&p)) {
                    None
                } else {
                    Some(self.obstacles(p, &added, duty))
                };
                Candidate {
                    practitioner: p,
                    added,
                    obstacles,
                }
            })
            .collect();
        Blocked {
            duty: duty.idx,
            missing,
            anybody_qualified: !qualified.is_empty(),
            unavailable,
            held_back,
        }
    }

    /// The duties `p` would take on: the duty, or the part of its bundle `p` lacks.
    fn to_add(&self, p: PracIdx, duty: &Duty) -> Vec<DutyIdx> {
        let instance = self.instance;
        match duty.weekend {
            Some(weekend) if instance.post(duty.post).weekend_bundle => self
                .duties
                .iter()
                .filter(|d| d.post == duty.post && d.weekend == Some(weekend))
                .filter(|d| !self.holders.get(&d.idx).is_some_and(|s| s.contains(&p)))
                .map(|d| d.idx)
                .collect(),
            _ => vec![duty.idx],
        }
    }

    /// What adding `p` to `duty` (with its bundle) would break, each once.
    fn obstacles(&mut self, p: PracIdx, added: &[DutyIdx], duty: &Duty) -> Vec<Violation> {
        let (instance, duties) = (self.instance, self.duties);
        let mut found: Vec<Violation> = Vec::new();

        // The rest of a bundle: each duty must be open to `p` and have a free seat.
        for &d in added.iter().filter(|&&d| d != duty.idx) {
            let sibling = &duties[d.get()];
            let h = Holding { duty: d, line: 0 };
            for problem in ineligibility(instance, p, sibling) {
                if let crate::check::eligibility::Ineligible::Unavailable(because) = problem {
                    found.push(Violation::Unavailable {
                        who: who(instance, p),
                        held: held(instance, duties, h),
                        because,
                    });
                }
            }
            let on = self.holders.get(&d).map_or(0, BTreeSet::len);
            if on >= sibling.demand as usize {
                found.push(Violation::DemandExceeded {
                    duty: duty_ref(instance, sibling),
                    demand: sibling.demand,
                    holders: Vec::new(),
                });
            }
        }

        // The timeline and maxima with the new duties, against the roster as it is.
        let current: &[Holding] = self.holdings.get(&p).map_or(&[], Vec::as_slice);
        let before = self
            .before
            .entry(p)
            .or_insert_with(|| scan(instance, duties, p, current));
        let mut with: Vec<Holding> = current.to_vec();
        with.extend(added.iter().map(|&d| Holding { duty: d, line: 0 }));
        for v in scan(instance, duties, p, &with) {
            if !before.contains(&v) && !found.contains(&v) {
                found.push(v);
            }
        }

        found
    }
}

/// One practitioner's timeline and maxima violations.
fn scan(instance: &Instance, duties: &[Duty], p: PracIdx, holdings: &[Holding]) -> Vec<Violation> {
    let mut violations = Vec::new();
    let mut combined = Vec::new();
    timeline_violations(
        instance,
        duties,
        p,
        holdings,
        &mut violations,
        &mut combined,
    );
    maxima_violations(instance, duties, p, holdings, &mut violations);
    violations
}
