//! The command line's arguments turned into validated requests, as the instance file
//! is (raw, then validated): numbers in their ranges, dates and ranges parsed, the
//! output folder's default resolved, the publication instant fixed, the solver's
//! options checked. What comes out of here is what `app/` and the other commands may
//! trust.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, NaiveDate, Utc};

use super::args::{BenchSuite, Command, SolverArgs};
use super::exit::Failure;
use crate::app;
use crate::bench;
use crate::calendar::{self, CalendarOptions};
use crate::labels::cli as fr;
use crate::solve::SolveOptions;
use crate::whatif::HintOptions;

/// A command with its arguments checked.
pub(crate) enum Request {
    /// `gardes solve`.
    Solve(Publishing<app::solve::Request>),
    /// `gardes replan`.
    Replan(Publishing<app::replan::Request>),
    /// `gardes swap`.
    Swap(Publishing<app::swap::Request>),
    /// `gardes check`.
    Check {
        /// The instance file.
        instance: PathBuf,
        /// The roster and the folder of report.html.
        request: app::check::Request,
    },
    /// `gardes calendar`.
    Calendar {
        first: NaiveDate,
        last: NaiveDate,
        options: CalendarOptions,
        only_special: bool,
    },
    /// `gardes bench curtois`.
    Bench(bench::BenchOptions),
    /// The commands whose arguments need no more than clap's checks (tokens, serve,
    /// desiderata, import, score).
    Other(Command),
}

/// A command that reads an instance and hands a request to `app/`.
pub(crate) struct Publishing<R> {
    /// The instance file.
    pub(crate) instance: PathBuf,
    /// Print nothing but errors.
    pub(crate) quiet: bool,
    /// The workflow's request.
    pub(crate) request: R,
}

impl Request {
    /// Checks the arguments of `command`.
    pub(crate) fn new(command: Command) -> Result<Request, Failure> {
        Ok(match command {
            Command::Solve {
                instance,
                output,
                solver,
                now,
                hints,
                hints_time,
                replace,
                verbose,
                quiet,
            } => {
                let options = solve_options(&solver, verbose)?;
                let time_limit = options.time_limit;
                let hints_time = hints_time.unwrap_or((time_limit / 10.0).max(2.0));
                if !(hints_time.is_finite() && hints_time >= 0.0) {
                    return Err(Failure::input(fr::HINTS_TIME));
                }
                let hints = HintOptions {
                    count: hints,
                    seconds: hints_time,
                    threads: options.threads,
                    seed: options.seed,
                    work: options.work_limit.map(|w| w / 10.0),
                    stop: options.stop.clone(),
                };
                Request::Solve(Publishing {
                    instance,
                    quiet,
                    request: app::solve::Request {
                        output,
                        options,
                        hints,
                        now: now.unwrap_or_else(now_or_epoch),
                        replace,
                        started: Instant::now(),
                    },
                })
            }
            Command::Replan {
                instance,
                roster,
                changes,
                from,
                unavailable,
                leave,
                demand,
                notice_days,
                urgency,
                output,
                solver,
                now,
                replace,
                verbose,
                quiet,
            } => {
                let options = solve_options(&solver, verbose)?;
                if let Some(u) = urgency {
                    if !(u.is_finite() && (1.0..=100.0).contains(&u)) {
                        return Err(Failure::input(fr::URGENCY));
                    }
                }
                if notice_days.is_some_and(|n| n > 366) {
                    return Err(Failure::input(fr::NOTICE_DAYS));
                }
                Request::Replan(Publishing {
                    instance,
                    quiet,
                    request: app::replan::Request {
                        output: output.unwrap_or_else(|| roster_folder(&roster)),
                        roster,
                        changes,
                        from,
                        unavailable,
                        leave,
                        demand,
                        notice_days,
                        urgency,
                        options,
                        now: now.unwrap_or_else(now_or_epoch),
                        replace,
                    },
                })
            }
            Command::Swap {
                instance,
                roster,
                give,
                take,
                to,
                dry_run,
                output,
                now,
                replace,
                quiet,
            } => {
                let seats = |list: &[String], option: &str| {
                    list.iter()
                        .map(|t| {
                            crate::swap::Seat::parse(t)
                                .map_err(|e| Failure::input(fr::bad_seat(option, e)))
                        })
                        .collect::<Result<Vec<_>, _>>()
                };
                let swap = crate::swap::Swap {
                    give: seats(&give, "--give")?,
                    take: seats(&take, "--take")?,
                    to,
                };
                let output = output.unwrap_or_else(|| roster_folder(&roster));
                Request::Swap(Publishing {
                    instance,
                    quiet,
                    request: app::swap::Request {
                        roster,
                        swap,
                        output: (!dry_run).then_some(output),
                        now: now.unwrap_or_else(now_or_epoch),
                        replace,
                    },
                })
            }
            Command::Check {
                instance,
                roster,
                output,
            } => Request::Check {
                instance,
                request: app::check::Request {
                    output: output.unwrap_or_else(|| roster_folder(&roster)),
                    roster,
                },
            },
            Command::Calendar {
                range,
                only_special,
                regional,
                no_bridges,
                broad_bridges,
            } => {
                let (first, last) = parse_range(&range)?;
                let mut options = CalendarOptions {
                    bridge_days: !no_bridges,
                    saturday_after_thursday_holiday_bridge: broad_bridges,
                    ..CalendarOptions::default()
                };
                for r in &regional {
                    let cal = calendar::parse_regional(r)
                        .ok_or_else(|| Failure::input(fr::unknown_regional(r)))?;
                    options.regional.insert(cal);
                }
                Request::Calendar {
                    first,
                    last,
                    options,
                    only_special,
                }
            }
            Command::Bench {
                suite:
                    BenchSuite::Curtois {
                        dir,
                        instances,
                        time_limit,
                        threads,
                        seed,
                        output,
                        verbose,
                        engines,
                        anchors,
                    },
            } => {
                if !(time_limit.is_finite() && time_limit > 0.0) {
                    return Err(Failure::input(fr::TIME_LIMIT));
                }
                if threads == 0 {
                    return Err(Failure::input(fr::THREADS));
                }
                let instances = bench::parse_instances(&instances)
                    .map_err(|e| Failure::input(e.to_string()))?;
                Request::Bench(bench::BenchOptions {
                    dir,
                    instances,
                    solve: SolveOptions {
                        time_limit,
                        gap: 0.0,
                        threads,
                        seed,
                        verbose,
                        progress: None,
                        work_limit: None,
                        stop: crate::solve::StopFlag::default(),
                        engine: crate::solve::Engine::Auto,
                    },
                    engines: engines.iter().map(|e| e.engine()).collect(),
                    anchors,
                    out: output,
                    first: crate::curtois::import::default_start(),
                })
            }
            other => Request::Other(other),
        })
    }
}

/// The default output folder of a command working on a published roster: the roster's
/// own folder.
fn roster_folder(roster: &Path) -> PathBuf {
    roster
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The solver options of `solve` and `replan`, checked.
pub(crate) fn solve_options(solver: &SolverArgs, verbose: bool) -> Result<SolveOptions, Failure> {
    let SolverArgs {
        time_limit,
        gap,
        threads,
        seed,
        work_limit,
        engine,
    } = *solver;
    if !(time_limit.is_finite() && time_limit > 0.0) {
        return Err(Failure::input(fr::TIME_LIMIT));
    }
    if !(gap.is_finite() && (0.0..1.0).contains(&gap)) {
        return Err(Failure::input(fr::GAP));
    }
    if threads == 0 {
        return Err(Failure::input(fr::THREADS));
    }
    if work_limit.is_some_and(|w| !(w.is_finite() && w > 0.0)) {
        return Err(Failure::input(fr::WORK_LIMIT));
    }
    Ok(SolveOptions {
        time_limit,
        gap,
        threads,
        seed,
        verbose,
        progress: None,
        work_limit,
        stop: crate::solve::StopFlag::default(),
        engine: engine.engine(),
    })
}

fn parse_range(range: &str) -> Result<(NaiveDate, NaiveDate), Failure> {
    let bad = || Failure::input(fr::bad_range(range));
    let (a, b) = range.split_once("..").ok_or_else(bad)?;
    let first = NaiveDate::parse_from_str(a.trim(), "%Y-%m-%d").map_err(|_| bad())?;
    let last = NaiveDate::parse_from_str(b.trim(), "%Y-%m-%d").map_err(|_| bad())?;
    if last < first {
        return Err(Failure::input(fr::reversed_range(range, first, last)));
    }
    Ok((first, last))
}

/// `SOURCE_DATE_EPOCH` when set (reproducible builds convention), else the clock.
pub(crate) fn now_or_epoch() -> DateTime<Utc> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(Utc::now)
}
