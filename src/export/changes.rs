//! `changes.csv`: the duties whose holders changed, for a re-planning or an exchange.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::duties::Duty;
use crate::instance::Instance;
use crate::replan::Diff;
use crate::roster::RosterRecord;

/// `changes.csv`: one row per duty whose holders changed,
/// `date,post,period,start,end,before,after` (ids joined by `;`, empty when none),
/// sorted by date, post, period. `start`/`end` come from `duties` when the duty still
/// exists, else from the published row.
///
/// # Errors
/// A CSV writer error (none in practice: the writer writes to memory).
pub fn changes_csv(
    instance: &Instance,
    duties: &[Duty],
    published: &[RosterRecord],
    diff: &Diff,
) -> Result<String, csv::Error> {
    let mut times: BTreeMap<(NaiveDate, &str, &str), (String, String)> = BTreeMap::new();
    for r in published {
        if let (Some(s), Some(e)) = (r.start, r.end) {
            times.insert(
                (r.date, r.post.as_str(), r.period.as_str()),
                (s.to_rfc3339(), e.to_rfc3339()),
            );
        }
    }
    for d in duties {
        times.insert(
            (
                d.date,
                instance.post(d.post).id.0.as_str(),
                instance.period(d.period).id.0.as_str(),
            ),
            (
                crate::export::rfc3339(d.start),
                crate::export::rfc3339(d.end),
            ),
        );
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["date", "post", "period", "start", "end", "before", "after"])?;
    for ((date, post, period), change) in diff.duties(published) {
        let (start, end) = times
            .get(&(date, post.as_str(), period.as_str()))
            .cloned()
            .unwrap_or_default();
        w.write_record([
            date.to_string(),
            post,
            period,
            start,
            end,
            change.before.join(";"),
            change.after.join(";"),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).unwrap_or_default())
}
