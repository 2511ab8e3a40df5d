//! The collection summary, before any solve: who answered, who did not, and per duty
//! how many practitioners may still take it against how many seats it has.
//!
//! A duty whose available practitioners are fewer than its seats cannot be covered,
//! whatever the solver does: it is flagged « couverture impossible », so the
//! coordinator can ask for volunteers before solving. Practitioners who have not
//! answered count as available (nothing says otherwise yet); the count of those among
//! the available tells how much the figure may still drop. Availability is the
//! model's own ([`crate::model::eligible`] on the instance, minus the marks
//! « indisponible »). Only required posts are flagged; optional seats (MCS) are listed
//! in the CSV with the others.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::duties::Duty;
use crate::instance::PracIdx;

use super::read::{Collected, Note, Problem};
use super::{labels, marked, Choice, DutyKey, Mark, Prepared};

/// How a duty stands before the solve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Fewer available practitioners than seats.
    Impossible,
    /// Exactly as many as seats: any further unavailability leaves a seat empty.
    Tight,
    /// More than seats.
    Ok,
}

impl Status {
    /// The word of `collecte.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Impossible => "impossible",
            Status::Tight => "juste",
            Status::Ok => "ok",
        }
    }
}

/// One duty's availability.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DutyAvailability {
    /// The duty's index in [`Prepared::duties`].
    pub duty: usize,
    /// Seats.
    pub demand: u32,
    /// Practitioners who may take it.
    pub available: u32,
    /// Of those, how many have not answered.
    pub unanswered: u32,
    /// Whether its post is required (only required posts are flagged).
    pub required: bool,
    /// How it stands.
    pub status: Status,
}

/// One practitioner's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// Who.
    pub practitioner: PracIdx,
    /// Duties marked « indisponible ».
    pub unavailable: usize,
    /// Duties marked « souhaité ».
    pub wanted: usize,
    /// Duties marked « à éviter ».
    pub avoided: usize,
}

/// What was collected.
#[derive(Clone, Debug)]
pub struct Summary {
    /// Who answered, in file order.
    pub answered: Vec<Answer>,
    /// Who did not, in file order.
    pub missing: Vec<PracIdx>,
    /// Every duty, in duty order.
    pub duties: Vec<DutyAvailability>,
    /// The marks with a comment, and the comments without a mark.
    pub comments: Vec<(PracIdx, Option<DutyKey>, Option<Choice>, String)>,
    /// The sheets' problems, as located messages.
    pub problems: Vec<String>,
}

/// Summarises the marks the instance will hold.
///
/// `collected` is what the sheets held (empty when no sheet is given); the marks of
/// earlier imports that it does not replace count too, and so do their practitioners
/// as answers.
pub fn summarize(prepared: &Prepared, collected: &Collected) -> Summary {
    let instance = &prepared.base;
    let marks = prepared.merged_marks(collected);
    let mut answered_set: BTreeSet<PracIdx> = collected.answered.clone();
    answered_set.extend(marked(&prepared.imported));
    let mut counts: BTreeMap<PracIdx, [usize; 3]> = BTreeMap::new();
    for m in &marks {
        let slot = match m.choice {
            Choice::Unavailable => 0,
            Choice::Wanted => 1,
            Choice::Avoided => 2,
        };
        counts.entry(m.practitioner).or_default()[slot] += 1;
    }
    let all: Vec<PracIdx> = (0..instance.practitioners.len())
        .map(|i| PracIdx(i as u32))
        .collect();
    let answered = all
        .iter()
        .filter(|p| answered_set.contains(p))
        .map(|&p| {
            let [unavailable, wanted, avoided] = counts.get(&p).copied().unwrap_or_default();
            Answer {
                practitioner: p,
                unavailable,
                wanted,
                avoided,
            }
        })
        .collect();
    let missing = all
        .iter()
        .copied()
        .filter(|p| !answered_set.contains(p))
        .collect();
    let blocked: BTreeSet<(PracIdx, DutyKey)> = marks
        .iter()
        .filter(|m| m.choice == Choice::Unavailable)
        .map(|m| (m.practitioner, m.duty))
        .collect();
    let duties = prepared
        .duties
        .iter()
        .map(|duty| {
            let key = DutyKey::of(duty);
            let mut available = 0;
            let mut unanswered = 0;
            for &p in &all {
                if crate::model::eligible(instance, p, duty) && !blocked.contains(&(p, key)) {
                    available += 1;
                    if !answered_set.contains(&p) {
                        unanswered += 1;
                    }
                }
            }
            let status = match available.cmp(&duty.demand) {
                std::cmp::Ordering::Less => Status::Impossible,
                std::cmp::Ordering::Equal => Status::Tight,
                std::cmp::Ordering::Greater => Status::Ok,
            };
            DutyAvailability {
                duty: duty.idx.get(),
                demand: duty.demand,
                available,
                unanswered,
                required: instance.post(duty.post).required,
                status,
            }
        })
        .collect();
    let mut comments: Vec<(PracIdx, Option<DutyKey>, Option<Choice>, String)> = marks
        .iter()
        .filter_map(|m: &Mark| {
            m.comment
                .clone()
                .map(|c| (m.practitioner, Some(m.duty), Some(m.choice), c))
        })
        .collect();
    comments.extend(
        collected
            .notes
            .iter()
            .map(|n: &Note| (n.practitioner, n.duty, None, n.text.clone())),
    );
    comments.sort_by_key(|(p, key, _, _)| (*p, key.and_then(|k| prepared.duty(&k)).map(|d| d.idx)));
    Summary {
        answered,
        missing,
        duties,
        comments,
        problems: collected.problems.iter().map(Problem::to_string).collect(),
    }
}

/// The header of `collecte.csv`.
pub const CSV_HEADER: &str = "date,post,period,required,demand,available,unanswered,status";

/// `collecte.csv`: one row per duty, in duty order.
pub fn to_csv(prepared: &Prepared, summary: &Summary) -> String {
    let instance = &prepared.base;
    let mut out = String::from(CSV_HEADER);
    out.push('\n');
    for d in &summary.duties {
        let duty = &prepared.duties[d.duty];
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            duty.date,
            instance.post(duty.post).id,
            instance.period(duty.period).id,
            d.required,
            d.demand,
            d.available,
            d.unanswered,
            d.status.as_str()
        );
    }
    out
}

/// A run of consecutive dates of one post and period with one status.
pub(super) struct Run {
    pub(super) post: String,
    pub(super) period: String,
    pub(super) first: chrono::NaiveDate,
    pub(super) last: chrono::NaiveDate,
    pub(super) duties: usize,
    pub(super) min_available: u32,
    pub(super) max_available: u32,
    pub(super) demand: u32,
    pub(super) unanswered: u32,
}

pub(super) fn runs(prepared: &Prepared, summary: &Summary, status: Status) -> Vec<Run> {
    let instance = &prepared.base;
    let mut by_line: BTreeMap<
        (crate::instance::PostIdx, crate::instance::PeriodIdx),
        Vec<(&Duty, &DutyAvailability)>,
    > = BTreeMap::new();
    for d in summary
        .duties
        .iter()
        .filter(|d| d.required && d.status == status)
    {
        let duty = &prepared.duties[d.duty];
        by_line
            .entry((duty.post, duty.period))
            .or_default()
            .push((duty, d));
    }
    let mut out: Vec<Run> = Vec::new();
    for ((post, period), list) in by_line {
        let mut current: Option<Run> = None;
        for (duty, d) in list {
            match &mut current {
                Some(run) if run.last.succ_opt() == Some(duty.date) => {
                    run.last = duty.date;
                    run.duties += 1;
                    run.min_available = run.min_available.min(d.available);
                    run.max_available = run.max_available.max(d.available);
                    run.demand = run.demand.max(d.demand);
                    run.unanswered = run.unanswered.max(d.unanswered);
                }
                _ => {
                    if let Some(run) = current.take() {
                        out.push(run);
                    }
                    current = Some(Run {
                        post: instance.post(post).label.clone(),
                        period: instance.period(period).label.clone(),
                        first: duty.date,
                        last: duty.date,
                        duties: 1,
                        min_available: d.available,
                        max_available: d.available,
                        demand: d.demand,
                        unanswered: d.unanswered,
                    });
                }
            }
        }
        out.extend(current);
    }
    out.sort_by(|a, b| (a.first, &a.post, &a.period).cmp(&(b.first, &b.post, &b.period)));
    out
}

/// `collecte.md`: the summary in French, for the coordinator.
pub fn to_markdown(prepared: &Prepared, summary: &Summary) -> String {
    labels::summary_markdown(prepared, summary)
}
