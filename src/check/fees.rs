//! The fee statement recounted from the roster's rows alone: each resolved row's
//! post, period and date, the kind of that date read again from the calendar (a bridge
//! of a post without bridges counts as its ordinary kind), and the fee looked up in the
//! instance's `[fees]` table here, not through `Fees::fee`, so that a slip in either
//! shows as a disagreement in the reports.

use std::collections::BTreeMap;

use super::Holding;
use crate::calendar::{self, DayKind};
use crate::duties::Duty;
use crate::fees::FeeStatement;
use crate::instance::{Instance, PracIdx};

/// The statement of the resolved rows (each practitioner's distinct duties).
pub(super) fn recount(
    instance: &Instance,
    duties: &[Duty],
    holdings: &BTreeMap<PracIdx, Vec<Holding>>,
) -> FeeStatement {
    let fees = &instance.fees;
    let mut paid = Vec::new();
    for (&p, hs) in holdings {
        for h in hs {
            let Some(duty) = duties.get(h.duty.get()) else {
                continue;
            };
            let post = instance.post(duty.post);
            if !fees.post_kinds.contains(&post.kind) {
                continue;
            }
            let mut kind = calendar::day_kind(duty.date, &instance.calendar);
            if kind == DayKind::Bridge && !post.bridge_days {
                kind = calendar::ordinary_kind(duty.date);
            }
            let (cents, estimate) = if let Some(&c) = fees.by_day_kind.get(&(duty.period, kind)) {
                (c, false)
            } else if let Some(&c) = fees.periods.get(&duty.period) {
                (c, false)
            } else {
                let period = instance.period(duty.period);
                // The clock length: from the start's clock time to the end's,
                // `end_day` days later.
                let minutes =
                    i64::from(period.end_day) * 1440 + (period.end - period.start).num_minutes();
                let cents = (fees.per_hour_cents * minutes as u64 + 30) / 60;
                (cents, fees.per_hour_is_default)
            };
            paid.push(((p, duty.period, kind), cents, estimate));
        }
    }
    FeeStatement::from_duties(paid)
}
