//! The on-call fee statement in the summaries: [`FeesSummary`] (summary.json's `fees`),
//! its section of summary.md, and the gains and losses of a re-planning or an exchange.
//!
//! The statement is [`crate::fees::statement`] of the roster; the checker's recount
//! ([`crate::check::CheckReport::fees`]) is compared with it here, and the summaries
//! say whether the two agree.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::fees::FeeStatement;
use crate::instance::{Instance, PracIdx};
use crate::labels::fees as fr;

/// The fees of a roster (summary.json's `fees`). Amounts are euro cents.
#[derive(Clone, Debug, Serialize)]
pub struct FeesSummary {
    /// Whether some amounts are the built-in estimate (no amount in `[fees]`).
    pub estimated: bool,
    /// Whether the checker's recount from the roster alone gives the same lines.
    pub recount_agrees: bool,
    /// The total of every practitioner.
    pub total_cents: u64,
    /// Each practitioner with a paid duty, in instance order.
    pub practitioners: Vec<PractitionerFees>,
}

/// One practitioner's fees.
#[derive(Clone, Debug, Serialize)]
pub struct PractitionerFees {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Paid duties.
    pub duties: u32,
    /// Their total.
    pub total_cents: u64,
    /// One line per duty type.
    pub lines: Vec<FeeLineSummary>,
}

/// One duty type of a practitioner.
#[derive(Clone, Debug, Serialize)]
pub struct FeeLineSummary {
    /// Period id.
    pub period: String,
    /// Kind of the duties' date (`weekday`, `saturday`, `sunday`, `holiday`, `bridge`).
    pub day_kind: &'static str,
    /// How many duties.
    pub duties: u32,
    /// The fee of one.
    pub unit_cents: u64,
    /// `duties × unit_cents`.
    pub total_cents: u64,
    /// Whether the fee is the built-in estimate.
    pub estimate: bool,
}

/// The summary of `statement`, compared with the checker's `recount`.
pub fn summary(
    instance: &Instance,
    statement: &FeeStatement,
    recount: &FeeStatement,
) -> FeesSummary {
    let mut practitioners: Vec<PractitionerFees> = Vec::new();
    for l in &statement.lines {
        let prac = instance.practitioner(l.practitioner);
        if practitioners.last().is_none_or(|p| p.id != prac.id.0) {
            practitioners.push(PractitionerFees {
                id: prac.id.0.clone(),
                name: prac.name.clone(),
                duties: 0,
                total_cents: 0,
                lines: Vec::new(),
            });
        }
        let Some(p) = practitioners.last_mut() else {
            continue;
        };
        p.duties += l.duties;
        p.total_cents += l.total_cents;
        p.lines.push(FeeLineSummary {
            period: instance.period(l.period).id.0.clone(),
            day_kind: crate::calendar::kind_name(l.day_kind),
            duties: l.duties,
            unit_cents: l.unit_cents,
            total_cents: l.total_cents,
            estimate: l.estimate,
        });
    }
    FeesSummary {
        estimated: statement.has_estimates(),
        recount_agrees: statement == recount,
        total_cents: statement.total_cents(),
        practitioners,
    }
}

/// The fees section of summary.md: the totals, then each duty type, with the estimate
/// note and the recount's verdict.
pub fn markdown(s: &mut String, instance: &Instance, fees: &FeesSummary) {
    let _ = writeln!(s, "\n## {}\n", fr::TITLE);
    if fees.practitioners.is_empty() {
        let _ = writeln!(s, "{}", fr::NONE);
        return;
    }
    let _ = writeln!(s, "| {} |", fr::TOTALS_HEADER.join(" | "));
    let _ = writeln!(s, "|{}", "---|".repeat(fr::TOTALS_HEADER.len()));
    for p in &fees.practitioners {
        let _ = writeln!(
            s,
            "| {} ({}) | {} | {} |",
            p.name,
            p.id,
            p.duties,
            fr::euros(p.total_cents)
        );
    }
    let duties: u32 = fees.practitioners.iter().map(|p| p.duties).sum();
    let _ = writeln!(
        s,
        "| **{}** | {} | **{}** |\n",
        fr::TOTAL,
        duties,
        fr::euros(fees.total_cents)
    );
    let _ = writeln!(s, "| {} |", fr::TABLE_HEADER.join(" | "));
    let _ = writeln!(s, "|{}", "---|".repeat(fr::TABLE_HEADER.len()));
    for p in &fees.practitioners {
        for l in &p.lines {
            let _ = writeln!(
                s,
                "| {} ({}) | {} | {} | {}{} | {} |",
                p.name,
                p.id,
                line_type(instance, l),
                l.duties,
                fr::euros(l.unit_cents),
                if l.estimate { " *" } else { "" },
                fr::euros(l.total_cents)
            );
        }
    }
    let _ = writeln!(s);
    if fees.estimated {
        let _ = writeln!(s, "{}\n", fr::ESTIMATE_NOTE);
    }
    let verdict = if fees.recount_agrees {
        fr::RECOUNT_AGREES
    } else {
        fr::RECOUNT_DIFFERS
    };
    let _ = writeln!(s, "{verdict}");
}

/// A line's duty type in French (`Nuit — dimanche`).
pub fn line_type(instance: &Instance, l: &FeeLineSummary) -> String {
    let period = instance.period_by_id(&l.period);
    let kind = crate::calendar::parse_kind(l.day_kind);
    match (period, kind) {
        (Some(p), Some(k)) => fr::duty_type(instance, p, k),
        _ => format!("{} — {}", l.period, l.day_kind),
    }
}

/// One practitioner whose fees change (a re-planning, an exchange). Amounts in cents.
#[derive(Clone, Debug, Serialize)]
pub struct FeeChange {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Before.
    pub before_cents: u64,
    /// After.
    pub after_cents: u64,
    /// `after − before`.
    pub difference_cents: i64,
}

/// Who gains and loses how much from `before` (a roster of `was`) to `after` (a roster
/// of `now`, which may be `was` changed: practitioners are matched by id), in the order
/// of `now`'s practitioners then of those only `was` has.
pub fn changes(
    was: &Instance,
    before: &FeeStatement,
    now: &Instance,
    after: &FeeStatement,
) -> Vec<FeeChange> {
    let by_id = |instance: &Instance, s: &FeeStatement| -> BTreeMap<String, u64> {
        s.by_practitioner()
            .into_iter()
            .map(|(p, c): (PracIdx, u64)| (instance.practitioner(p).id.0.clone(), c))
            .collect()
    };
    let (b, a) = (by_id(was, before), by_id(now, after));
    let people = now.practitioners.iter().chain(
        was.practitioners
            .iter()
            .filter(|p| now.practitioner_by_id(&p.id.0).is_none()),
    );
    people
        .filter_map(|p| {
            let (x, y) = (
                b.get(&p.id.0).copied().unwrap_or(0),
                a.get(&p.id.0).copied().unwrap_or(0),
            );
            (x != y).then(|| FeeChange {
                id: p.id.0.clone(),
                name: p.name.clone(),
                before_cents: x,
                after_cents: y,
                difference_cents: i64::try_from(y).unwrap_or(i64::MAX)
                    - i64::try_from(x).unwrap_or(i64::MAX),
            })
        })
        .collect()
}

/// The gains and losses section of a re-planning's or an exchange's summary.md.
pub fn changes_markdown(s: &mut String, changes: &[FeeChange], estimated: bool) {
    let _ = writeln!(s, "\n## {}\n", fr::CHANGES_TITLE);
    if changes.is_empty() {
        let _ = writeln!(s, "{}", fr::NO_CHANGE);
    }
    for c in changes {
        let _ = writeln!(
            s,
            "- {}",
            fr::change_line(&c.name, &c.id, c.before_cents, c.after_cents)
        );
    }
    if estimated {
        let _ = writeln!(s, "\n{}", fr::ESTIMATE_NOTE);
    }
}
