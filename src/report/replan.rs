//! The French summary of a re-planning, appended to `summary.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::instance::Instance;
use crate::labels::replan as fr;
use crate::labels::report::dates_text;
use crate::replan::{Changes, Diff};

/// The French summary of a re-planning: the changes applied, then who gains or loses
/// what, for `summary.md`.
pub fn summary_markdown(instance: &Instance, changes: &Changes, diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", fr::SUMMARY_TITLE);
    let _ = writeln!(out, "{}", fr::summary_from(diff.from));
    let described = fr::describe(changes, instance);
    if !described.is_empty() {
        let _ = writeln!(out, "{}", fr::CHANGES_APPLIED);
        for line in described {
            let _ = writeln!(out, "- {line}");
        }
        out.push('\n');
    }
    let duties_changed: BTreeSet<(NaiveDate, &str, &str)> = diff
        .lost
        .iter()
        .chain(&diff.gained)
        .map(|c| (c.date, c.post.as_str(), c.period.as_str()))
        .collect();
    if duties_changed.is_empty() {
        let _ = writeln!(out, "{}", fr::NO_CHANGE);
        return out;
    }
    let _ = writeln!(
        out,
        "{}",
        fr::changes_count(
            duties_changed.len(),
            diff.lost.len(),
            diff.gained.len(),
            diff.kept,
            &super::num(diff.cost, 2)
        )
    );
    // Per practitioner: what they lose and gain, grouped by post and period.
    type Groups<'a> = BTreeMap<(&'a str, &'a str), Vec<NaiveDate>>;
    let mut per: BTreeMap<&str, (Groups<'_>, Groups<'_>)> = BTreeMap::new();
    for c in &diff.lost {
        per.entry(c.practitioner.as_str())
            .or_default()
            .0
            .entry((c.post.as_str(), c.period.as_str()))
            .or_default()
            .push(c.date);
    }
    for c in &diff.gained {
        per.entry(c.practitioner.as_str())
            .or_default()
            .1
            .entry((c.post.as_str(), c.period.as_str()))
            .or_default()
            .push(c.date);
    }
    let label = |post: &str, period: &str| {
        let post = instance
            .posts
            .iter()
            .find(|p| p.id.0 == post)
            .map_or(post.to_owned(), |p| p.label.clone());
        let period = instance
            .periods
            .iter()
            .find(|p| p.id.0 == period)
            .map_or(period.to_owned(), |p| p.label.clone());
        format!("{post} – {period}")
    };
    let groups_text = |g: &Groups<'_>| {
        let parts: Vec<String> = g
            .iter()
            .map(|((post, period), dates)| {
                format!("{} : {}", label(post, period), dates_text(dates))
            })
            .collect();
        parts.join(" ; ")
    };
    let _ = writeln!(out, "{}", fr::PER_PRACTITIONER_HEADER);
    let _ = writeln!(out, "| --- | --- | --- |");
    for (id, (lost, gained)) in &per {
        let name = instance
            .practitioners
            .iter()
            .find(|p| p.id.0 == *id)
            .map_or_else(|| (*id).to_owned(), |p| format!("{} ({id})", p.name));
        let count = |g: &Groups<'_>| g.values().map(Vec::len).sum::<usize>();
        let cell = |g: &Groups<'_>| {
            let n = count(g);
            if n == 0 {
                "—".to_owned()
            } else {
                fr::duties_cell(n, &groups_text(g))
            }
        };
        let _ = writeln!(out, "| {name} | {} | {} |", cell(lost), cell(gained));
    }
    out
}
