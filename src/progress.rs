//! The progress line of `gardes solve` and `gardes replan` on the terminal: elapsed
//! time, the stage, the best roster's value, the bound and the gap, fed by HiGHS's own
//! callback through [`crate::solve::SolveOptions::progress`] and drawn by indicatif on
//! standard error.
//!
//! Only `cli/` starts one, and only when standard error is a terminal and neither
//! `--quiet` nor `--verbose` (HiGHS's own log) is asked: the line is drawn over itself,
//! so it would garble a log file or HiGHS's lines. [`line`] is the text alone, for
//! tests.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::labels::html as fr;
use crate::report::num;
use crate::solve::{Progress, ProgressSink};

/// The text of a report (without the elapsed time, which the line keeps ticking):
/// `couverture et équité · meilleur 64300,7 · borne 6,7 · écart 99,99 %`.
pub fn line(p: &Progress) -> String {
    let mut parts = vec![fr::stage(p.stage).to_owned()];
    if p.local_search {
        parts.push(fr::PROGRESS_LOCAL_SEARCH.to_owned());
    }
    match p.objective {
        None => parts.push(fr::PROGRESS_SEARCHING.to_owned()),
        Some(best) => {
            parts.push(format!("{} {}", fr::PROGRESS_BEST, num(best, 1)));
            if let Some(bound) = p.bound {
                parts.push(format!("{} {}", fr::PROGRESS_BOUND, num(bound, 1)));
            }
            if let Some(gap) = p.gap.filter(|g| g.is_finite()) {
                parts.push(format!("{} {} %", fr::PROGRESS_GAP, num(gap * 100.0, 2)));
            }
        }
    }
    parts.join(" · ")
}

/// A spinner with the elapsed time and the latest report, on standard error.
pub struct ProgressLine {
    bar: ProgressBar,
}

impl ProgressLine {
    /// Starts the line (drawn only if standard error is a terminal).
    pub fn start() -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed_precise} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(fr::PROGRESS_PREPARING);
        bar.enable_steady_tick(Duration::from_millis(120));
        ProgressLine { bar }
    }

    /// The sink to put in [`crate::solve::SolveOptions::progress`].
    pub fn sink(&self) -> ProgressSink {
        let bar = self.bar.clone();
        ProgressSink::new(move |p| bar.set_message(line(p)))
    }

    /// Shows a message of the command's own (the what-if hints' search).
    pub fn say(&self, message: &'static str) {
        self.bar.set_message(message);
    }

    /// Clears the line, so that what the command prints next starts on a clean one
    /// (dropping the line does the same, on every way out).
    pub fn finish(self) {}
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // STYLE.md §4: unwrap is fine in tests.
mod tests {
    use super::*;
    use crate::model::{Level, Stage};
    use std::sync::{Arc, Mutex};

    /// Two sectors, three nights, three doctors: small enough to solve at once, with
    /// two levels to report.
    const TINY: &str = r#"
name = "progrès"
horizon = { first = 2027-01-04, last = 2027-01-06 }
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[posts]]
id = "mende"
periods = ["nuit"]
[[posts]]
id = "florac"
periods = ["nuit"]
[[practitioners]]
id = "d01"
posts = ["mende", "florac"]
wishes = [{ off = { date = 2027-01-05 } }]
[[practitioners]]
id = "d02"
posts = ["mende", "florac"]
[[practitioners]]
id = "d03"
posts = ["florac"]
"#;

    /// The solver reports each stage it runs, in order, with a bound never above the
    /// best value; and asking for progress changes nothing in the roster.
    #[test]
    fn the_solver_reports_its_stages_and_the_roster_is_the_same() {
        let instance = crate::instance::parse("progres.toml", TINY).unwrap();
        let options = crate::solve::SolveOptions {
            time_limit: 10.0,
            ..Default::default()
        };
        let quiet = crate::plan::plan(&instance, &options).unwrap();
        let seen: Arc<Mutex<Vec<Progress>>> = Arc::default();
        let sink = {
            let seen = Arc::clone(&seen);
            ProgressSink::new(move |p| seen.lock().unwrap().push(*p))
        };
        let watched = crate::plan::plan(
            &instance,
            &crate::solve::SolveOptions {
                progress: Some(sink),
                ..options
            },
        )
        .unwrap();
        assert_eq!(quiet.roster, watched.roster);
        let seen = seen.lock().unwrap();
        let mut stages: Vec<Stage> = seen.iter().map(|p| p.stage).collect();
        stages.dedup();
        let levels: Vec<Stage> = watched.outcome.levels.iter().map(|l| l.stage).collect();
        assert_eq!(stages, levels);
        assert!(seen.windows(2).all(|w| w[0].elapsed <= w[1].elapsed));
        for p in seen.iter() {
            if let (Some(best), Some(bound)) = (p.objective, p.bound) {
                assert!(bound <= best + 1e-9, "{p:?}");
            }
        }
    }

    #[test]
    fn the_line_says_the_stage_the_best_roster_the_bound_and_the_gap() {
        let mut p = Progress {
            stage: Stage::Level(Level::CoverageFairness),
            local_search: false,
            elapsed: 3.0,
            objective: None,
            bound: None,
            gap: None,
        };
        assert_eq!(line(&p), "couverture et équité · en cours…");
        p.objective = Some(1234.56);
        p.bound = Some(1200.0);
        p.gap = Some(0.02799);
        assert_eq!(
            line(&p),
            "couverture et équité · meilleur 1234,6 · borne 1200,0 · écart 2,80 %"
        );
        p.stage = Stage::Level(Level::Preferences);
        p.local_search = true;
        p.gap = Some(f64::INFINITY);
        assert_eq!(
            line(&p),
            "souhaits · recherche locale · meilleur 1234,6 · borne 1200,0"
        );
    }
}
