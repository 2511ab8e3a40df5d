//! What the solver proved, figure by figure: [`proof`] from a plan, and its rows in
//! French for summary.md and report.html ([`proof_rows`]).

use std::fmt::Write as _;

use serde::Serialize;

use crate::labels::report as fr;
use crate::model::Level;
use crate::plan::Plan;

use super::{num, round};

/// One figure of the objective, with the best value the solver proved possible.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProofFigure {
    /// The level it belongs to (`coverage`, `coverage_fairness`, `fairness`, ...).
    pub level: Level,
    /// What it counts: `empty_seats` (weighted empty required seats), `population_share`
    /// (share of population-time within reach, 0–1, higher is better), `optional_loss`
    /// (per mille), `fairness`, `preferences`, `changes`, `penalty` (the weighted mode).
    pub figure: &'static str,
    /// The roster's value, as the independent checker recomputes it.
    pub value: f64,
    /// The best value any roster could have, as proven by the solver's bound: a lower
    /// bound on a cost, an upper bound on a share. `None` when nothing is proven (the
    /// level's bound is unknown, or an earlier figure of the level is not proven).
    pub best_possible: Option<f64>,
    /// Whether the roster reaches it (within the solver's tolerance).
    pub proven: bool,
}

/// Tolerance under which a figure counts as reaching its best possible value: the
/// freeze margin of the levels, well below anything the reports print.
const PROOF_TOLERANCE: f64 = 1e-3;

/// What each level proves, in the coordinator's units (docs/model.md, "What a level
/// proves").
///
/// A level with a weight, `W · V + S` with `0 ≤ S < W` (empty seats, then fairness or
/// the optional loss), is split with the level's bound `b`: every roster has
/// `V > b / W − 1`, so with integral seat weights at least `⌊b / W⌋` empty seats; when
/// the roster has that many, `S ≥ b − W · V` among rosters with as few, which is the
/// bound on the second figure. A level of its own is its bound, as it is.
pub fn proof(plan: &Plan) -> Vec<ProofFigure> {
    let check = &plan.check;
    // The population's loss is per mille of population-time (docs/rules.md).
    let share = |loss: f64| round(1.0 - loss / 1000.0, 6);
    let w = plan.coverage_weight;
    let mut out = Vec::new();
    for outcome in &plan.outcome.levels {
        let Some((level, value)) = outcome
            .stage
            .level()
            .and_then(|level| Some((level, plan.checker_level(level)?)))
        else {
            continue;
        };
        let bound = outcome
            .best_bound
            .is_finite()
            .then_some(outcome.best_bound.min(value));
        let optimal = outcome.status == crate::solve::Status::Optimal;
        let single = |figure: &'static str| ProofFigure {
            level,
            figure,
            value: round(value, 6),
            best_possible: bound.map(|b| round(b, 6)),
            proven: optimal || bound.is_some_and(|b| value - b <= PROOF_TOLERANCE),
        };
        match level {
            Level::Coverage | Level::CoverageFairness => {
                let seats = check.under_cover_penalty;
                let integral = seats.fract() == 0.0;
                let seats_bound = bound.map(|b| {
                    let least = (b / w + 1e-9).floor();
                    if integral {
                        least.max(0.0)
                    } else {
                        (b / w - 1.0).max(0.0)
                    }
                });
                let seats_proven =
                    optimal || seats_bound.is_some_and(|l| seats - l <= PROOF_TOLERANCE);
                out.push(ProofFigure {
                    level,
                    figure: "empty_seats",
                    value: round(seats, 6),
                    best_possible: seats_bound.map(|b| round(if optimal { seats } else { b }, 6)),
                    proven: seats_proven,
                });
                let rest = value - w * seats;
                let rest_bound = bound.filter(|_| seats_proven).map(|b| {
                    if optimal {
                        rest
                    } else {
                        (b - w * seats).max(0.0)
                    }
                });
                let rest_proven = seats_proven
                    && (optimal || rest_bound.is_some_and(|b| rest - b <= PROOF_TOLERANCE));
                if level == Level::CoverageFairness {
                    out.push(ProofFigure {
                        level,
                        figure: "fairness",
                        value: round(rest, 6),
                        best_possible: rest_bound.map(|b| round(b, 6)),
                        proven: rest_proven,
                    });
                } else if check.optional_seats.seats == 0 && check.population.is_some() {
                    // The loss is the population's alone: per mille of population-time.
                    out.push(ProofFigure {
                        level,
                        figure: "population_share",
                        value: share(rest),
                        best_possible: rest_bound.map(share),
                        proven: rest_proven,
                    });
                } else {
                    out.push(ProofFigure {
                        level,
                        figure: "optional_loss",
                        value: round(rest, 6),
                        best_possible: rest_bound.map(|b| round(b, 6)),
                        proven: rest_proven,
                    });
                }
            }
            // A split first level (docs/model.md, "Magnitudes"): the seats alone, then
            // the optional term.
            Level::Seats => out.push(single("empty_seats")),
            Level::Optional if check.optional_seats.seats == 0 && check.population.is_some() => {
                let mut figure = single("population_share");
                figure.value = share(value);
                figure.best_possible = bound.map(share);
                out.push(figure);
            }
            Level::Optional => out.push(single("optional_loss")),
            Level::Fairness => out.push(single("fairness")),
            Level::Preferences => out.push(single("preferences")),
            Level::Changes => out.push(single("changes")),
            Level::Weighted => out.push(single("penalty")),
        }
    }
    out
}

/// The section of summary.md that says, figure by figure, what the solver proved.
pub(super) fn proof_markdown(s: &mut String, proof: &[ProofFigure]) {
    if proof.is_empty() {
        return;
    }
    let _ = writeln!(s, "\n## {}\n", fr::PROOF_TITLE);
    let _ = writeln!(s, "| {} |", fr::PROOF_HEADER.join(" | "));
    let _ = writeln!(s, "|{}", "---|".repeat(fr::PROOF_HEADER.len()));
    for row in proof_rows(proof) {
        let _ = writeln!(s, "| {} |", row.join(" | "));
    }
}

/// The rows of the proof table, in French: the figure, the roster's value, the best
/// possible and the verdict (summary.md and report.html).
pub fn proof_rows(proof: &[ProofFigure]) -> Vec<[String; 4]> {
    let mut rows = Vec::new();
    for p in proof {
        let share = p.figure == "population_share";
        let show = |x: f64| {
            if share {
                format!("{} %", num(x * 100.0, 1))
            } else if p.figure == "empty_seats" {
                num(x, if x.fract() == 0.0 { 0 } else { 2 })
            } else {
                num(x, 1)
            }
        };
        let best = match p.best_possible {
            Some(b) if share => format!("≤ {}", show(b)),
            Some(b) => format!("≥ {}", show(b)),
            None => fr::PROOF_UNKNOWN.to_owned(),
        };
        let verdict = match p.best_possible {
            _ if p.proven => fr::PROOF_YES.to_owned(),
            Some(b) if share => fr::proof_distance_points((b - p.value) * 100.0),
            Some(b) => fr::proof_distance(p.value - b, p.value),
            None => fr::PROOF_NO.to_owned(),
        };
        rows.push([
            fr::proof_figure(p.figure).to_owned(),
            show(p.value),
            best,
            verdict,
        ]);
    }
    rows
}
