//! A solve or a re-planning running in the background: its thread, the solver's last
//! progress (fed by HiGHS's callback through [`SolveOptions::progress`]), the stop
//! request (a [`StopFlag`], as Ctrl-C is for the command) and the outcome.
//!
//! One job at a time: while one runs, the workspace refuses every other change.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::solve::{Progress, ProgressSink, SolveOptions, StopFlag};

/// What a job does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A solve of the quarter into the draft.
    Solve,
    /// A re-planning of the draft, kept aside until the coordinator accepts it.
    Replan,
}

/// How a job ended.
#[derive(Clone, Debug)]
pub enum Ended {
    /// Its result was kept (solve) or set aside for review (re-planning), with the
    /// summary the command prints (summary.md).
    Done(String),
    /// It failed; the message in French.
    Failed(String),
}

/// A job and what it reports.
#[derive(Clone)]
pub struct Job {
    /// What it does.
    pub kind: Kind,
    /// When it started.
    pub started: Instant,
    /// Set to stop it: the solver keeps the best roster found so far.
    pub stop: StopFlag,
    progress: Arc<Mutex<Option<Progress>>>,
    ended: Arc<Mutex<Option<(Ended, f64)>>>,
}

impl Job {
    /// A new job, and the solver options that feed its progress and obey its stop.
    pub fn new(kind: Kind, options: &SolveOptions) -> (Job, SolveOptions) {
        let progress: Arc<Mutex<Option<Progress>>> = Arc::default();
        let sink = Arc::clone(&progress);
        let stop = StopFlag::default();
        let options = SolveOptions {
            progress: Some(ProgressSink::new(move |p: &Progress| {
                *sink.lock().unwrap_or_else(|e| e.into_inner()) = Some(*p);
            })),
            stop: stop.clone(),
            ..options.clone()
        };
        let job = Job {
            kind,
            started: Instant::now(),
            stop,
            progress,
            ended: Arc::default(),
        };
        (job, options)
    }

    /// The solver's last progress.
    pub fn progress(&self) -> Option<Progress> {
        *self.progress.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How it ended, `None` while it runs.
    pub fn ended(&self) -> Option<Ended> {
        self.ended
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|(e, _)| e.clone())
    }

    /// Seconds it ran, or has run so far.
    pub fn seconds(&self) -> f64 {
        self.ended
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map_or_else(|| self.started.elapsed().as_secs_f64(), |(_, s)| *s)
    }

    /// Records how it ended.
    pub fn end(&self, ended: Ended) {
        let seconds = self.started.elapsed().as_secs_f64();
        *self.ended.lock().unwrap_or_else(|e| e.into_inner()) = Some((ended, seconds));
    }

    /// Whether it still runs.
    pub fn running(&self) -> bool {
        self.ended().is_none()
    }
}
