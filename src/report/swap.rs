//! The French account of an exchange (`swap.md`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::check::CheckReport;
use crate::instance::{CategoryIdx, Instance, PracIdx};
use crate::labels::swap as fr;
use crate::swap::Applied;

/// The French account of an applied exchange: the seats that changed hands, then each
/// of the two practitioners' loads per category before and after, against target.
pub fn summary_markdown(instance: &Instance, applied: &Applied) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", fr::summary_title(&instance.name));
    let _ = writeln!(out, "{}", fr::SUMMARY_VALID);
    let name = |id: &str| {
        instance
            .practitioners
            .iter()
            .find(|p| p.id.0 == id)
            .map_or_else(|| id.to_owned(), |p| format!("{} ({id})", p.name))
    };
    let label = |post: &str, period: &str| {
        let post = instance
            .posts
            .iter()
            .find(|p| p.id.0 == post)
            .map_or(post, |p| p.label.as_str());
        let period = instance
            .periods
            .iter()
            .find(|p| p.id.0 == period)
            .map_or(period, |p| p.label.as_str());
        format!("{post} – {period}")
    };
    let _ = writeln!(out, "{}", fr::MOVES_HEADER);
    let _ = writeln!(out, "| --- | --- | --- |");
    for m in &applied.moves {
        let _ = writeln!(
            out,
            "| {} {}{} | {} | {} |",
            crate::labels::export::long_date(m.date),
            label(&m.post, &m.period),
            if m.bundled { fr::SAME_WEEKEND } else { "" },
            name(&m.from),
            name(&m.to)
        );
    }
    let people: BTreeSet<&str> = applied
        .moves
        .iter()
        .flat_map(|m| [m.from.as_str(), m.to.as_str()])
        .collect();
    let loads = |r: &CheckReport| -> BTreeMap<(PracIdx, CategoryIdx), (u32, f64)> {
        r.fairness
            .rows
            .iter()
            .map(|row| ((row.practitioner, row.category), (row.load, row.target)))
            .collect()
    };
    let (b, a) = (loads(&applied.before), loads(&applied.after));
    let mut rows = Vec::new();
    for id in people {
        let Some(p) = instance.practitioners.iter().position(|p| p.id.0 == id) else {
            continue;
        };
        for (ci, c) in instance.fairness.categories.iter().enumerate() {
            let key = (PracIdx(p as u32), CategoryIdx(ci as u32));
            let (lb, t) = b.get(&key).copied().unwrap_or((0, 0.0));
            let (la, _) = a.get(&key).copied().unwrap_or((0, 0.0));
            if lb != la {
                rows.push(format!(
                    "| {} | {} | {lb} | {la} | {} |",
                    name(id),
                    c.label,
                    super::num(t, 1)
                ));
            }
        }
    }
    if rows.is_empty() {
        let _ = writeln!(out, "{}", fr::LOADS_UNCHANGED);
    } else {
        let _ = writeln!(out, "{}", fr::LOADS_TITLE);
        let _ = writeln!(out, "{}", fr::LOADS_HEADER);
        let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
        for row in rows {
            let _ = writeln!(out, "{row}");
        }
    }
    let fb = applied.before.fairness.value;
    let fa = applied.after.fairness.value;
    let _ = writeln!(
        out,
        "{}",
        fr::fairness_line(&super::num(fb, 3), &super::num(fa, 3))
    );
    let pb = applied.before.preferences.value;
    let pa = applied.after.preferences.value;
    if (pb - pa).abs() > 1e-9 {
        let _ = writeln!(
            out,
            "{}",
            fr::preferences_line(&super::num(pb, 1), &super::num(pa, 1))
        );
    }
    let fees = super::fees::changes(
        instance,
        &applied.before.fees,
        instance,
        &applied.after.fees,
    );
    super::fees::changes_markdown(&mut out, &fees, applied.after.fees.has_estimates());
    out
}
