//! The on-call fee statement (*forfaits d'astreinte*, PDSA.md §4.1): what each
//! practitioner earns for the duties of a roster, by duty type (period × kind of day)
//! and in total, from the instance's `[fees]` table.
//!
//! [`statement`] tallies a roster's assignments from their duties; the checker recounts the same
//! statement from the roster's rows alone (`check::CheckReport::fees`), and the reports
//! compare the two. Amounts are euro cents, so that sums are exact. Decides nothing and
//! formats nothing: the French words are in `labels`.

use std::collections::BTreeMap;

use crate::calendar::DayKind;
use crate::duties::{Duty, DutyIdx};
use crate::instance::{Instance, PeriodIdx, PracIdx};

/// One practitioner's duties of one type and what they earn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeeLine {
    /// Who.
    pub practitioner: PracIdx,
    /// The period.
    pub period: PeriodIdx,
    /// The kind of the duties' date (for their post).
    pub day_kind: DayKind,
    /// How many duties.
    pub duties: u32,
    /// The fee of one, in cents.
    pub unit_cents: u64,
    /// `duties × unit_cents`.
    pub total_cents: u64,
    /// Whether the fee is the built-in estimate (no amount in the file).
    pub estimate: bool,
}

/// Every practitioner's fees, one line per practitioner and duty type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeeStatement {
    /// Sorted by practitioner, period, then day kind.
    pub lines: Vec<FeeLine>,
}

/// A duty type's key: who, which period, which kind of day.
pub type FeeKey = (PracIdx, PeriodIdx, DayKind);

impl FeeStatement {
    /// The statement of these paid duties: (key, fee in cents, estimate), in any order.
    pub fn from_duties(paid: impl IntoIterator<Item = (FeeKey, u64, bool)>) -> Self {
        let mut lines: BTreeMap<FeeKey, FeeLine> = BTreeMap::new();
        for ((practitioner, period, day_kind), cents, estimate) in paid {
            let line = lines
                .entry((practitioner, period, day_kind))
                .or_insert(FeeLine {
                    practitioner,
                    period,
                    day_kind,
                    duties: 0,
                    unit_cents: cents,
                    total_cents: 0,
                    estimate,
                });
            line.duties += 1;
            line.total_cents += cents;
        }
        FeeStatement {
            lines: lines.into_values().collect(),
        }
    }

    /// The total of every line, in cents.
    pub fn total_cents(&self) -> u64 {
        self.lines.iter().map(|l| l.total_cents).sum()
    }

    /// Each practitioner's total, in cents (only those with a paid duty).
    pub fn by_practitioner(&self) -> BTreeMap<PracIdx, u64> {
        let mut out = BTreeMap::new();
        for l in &self.lines {
            *out.entry(l.practitioner).or_insert(0) += l.total_cents;
        }
        out
    }

    /// Whether any line's fee is the built-in estimate.
    pub fn has_estimates(&self) -> bool {
        self.lines.iter().any(|l| l.estimate)
    }
}

/// The fee statement of a roster's assignments (who, which duty; a `Roster`'s
/// `assignments` mapped to `(practitioner, duty)`): every assignment to a duty of a
/// paid post kind, at the fee of its period and day kind.
pub fn statement(
    instance: &Instance,
    duties: &[Duty],
    held: impl IntoIterator<Item = (PracIdx, DutyIdx)>,
) -> FeeStatement {
    FeeStatement::from_duties(held.into_iter().filter_map(|(practitioner, duty)| {
        let duty = duties.get(duty.get())?;
        let fee = instance.fees.fee(
            duty.period,
            instance.period(duty.period),
            duty.day_kind,
            instance.post(duty.post).kind,
        )?;
        Some((
            (practitioner, duty.period, duty.day_kind),
            fee.cents,
            fee.estimate,
        ))
    }))
}
