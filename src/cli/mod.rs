//! The `gardes` command line, the edge of the crate: parses arguments into validated
//! requests (`args.rs`, `request.rs`), reads the instance, calls the library (`app/` for
//! the commands that publish or check a roster), prints and sets the exit code
//! (`exit.rs`). Only this module prints, exits or reads the time of day.
//!
//! Exit codes: 0 success; 1 a roster breaks a hard rule (`check`, `score`) or the solver
//! failed; 2 bad input (unreadable or invalid file, bad arguments).

mod args;
mod bench;
mod desiderata;
mod dist;
mod exit;
mod request;
mod serve;
mod workspace;

use std::path::Path;
use std::process::ExitCode;

use clap::Parser as _;

use crate::app::{self, Publication};
use crate::export;
use crate::instance::{self, Instance};
use crate::labels::cli as fr;
use crate::progress::ProgressLine;
use crate::solve::SolveOptions;
use args::{Cli, Command, ImportFormat, ScoreFormat};
use exit::Failure;
use request::{Publishing, Request};

/// Runs the command line of the process and gives its exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => f.exit(),
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match Request::new(cli.command)? {
        Request::Solve(request) => solve(&request),
        Request::Replan(request) => replan(&request),
        Request::Swap(request) => swap(&request),
        Request::Check { instance, request } => check_roster(&instance, &request),
        Request::Calendar {
            first,
            last,
            options,
            only_special,
        } => {
            print!(
                "{}",
                crate::labels::calendar::describe(first, last, &options, only_special)
            );
            Ok(())
        }
        Request::Bench(options) => bench::bench_curtois(&options),
        Request::Other(command) => match command {
            Command::Desiderata { action } => desiderata::desiderata(action),
            Command::Tokens {
                instance,
                output,
                rotate,
                coordinator,
                rotate_coordinator,
                urls,
            } => serve::issue_tokens(
                &instance,
                &output,
                &crate::serve::tokens::IssueOptions {
                    rotate,
                    coordinator,
                    rotate_coordinator,
                },
                urls.as_deref(),
            ),
            Command::Serve {
                out_dir,
                tokens,
                listen,
                max_age,
                grace,
                quiet,
            } => serve::serve_feeds(
                out_dir,
                &tokens,
                listen,
                max_age,
                std::time::Duration::from_secs(grace),
                quiet,
            ),
            Command::Workspace {
                folder,
                instance,
                listen,
                secret_file,
                urls,
                solver,
                now,
            } => workspace::workspace(&workspace::Args {
                folder,
                instance,
                listen,
                secret_file,
                urls,
                solver,
                now,
            }),
            Command::Import {
                format:
                    ImportFormat::Curtois {
                        input,
                        output,
                        start,
                    },
            } => bench::import_curtois(&input, &output, start),
            Command::Score {
                format:
                    ScoreFormat::Curtois {
                        input,
                        roster,
                        start,
                        json,
                    },
            } => bench::score_curtois(&input, &roster, start, json),
            Command::DistAssets { output } => dist::write_assets(&output),
            Command::Solve { .. }
            | Command::Replan { .. }
            | Command::Swap { .. }
            | Command::Check { .. }
            | Command::Calendar { .. }
            | Command::Bench { .. } => {
                unreachable!("request.rs turns these commands into their own requests")
            }
        },
    }
}

/// Reads and validates an instance; its warnings, located, go to stderr and stop
/// nothing.
fn load_instance(path: &Path) -> Result<Instance, Failure> {
    let (instance, warnings) = instance::load_with_warnings(path)?;
    for w in warnings.iter() {
        eprintln!(
            "{}",
            fr::instance_warning(&w.file, w.line, w.column, &w.message)
        );
        if let Some(help) = &w.help {
            eprintln!("{}", fr::warning_help(help));
        }
    }
    Ok(instance)
}

/// The first Ctrl-C stops the solver, which keeps its best roster and lets `solve`
/// write it, marked as interrupted with its gap; a second one quits at once, writing
/// nothing more (each file already written is whole: writes are atomic).
fn stop_on_ctrl_c(quiet: bool, stop: crate::solve::StopFlag) {
    let installed = ctrlc::set_handler(move || {
        if stop.requested() {
            eprintln!("\n{}", fr::SECOND_INTERRUPT);
            std::process::exit(130);
        }
        stop.request();
        if !quiet {
            eprintln!("\n{}", fr::INTERRUPT);
        }
    });
    if let Err(e) = installed {
        // Without the handler Ctrl-C ends the process as usual: nothing half-written.
        eprintln!("{}", fr::no_ctrl_c(e));
    }
}

/// The progress line of a solve, when standard error is a terminal and neither
/// `--quiet` nor `--verbose` (HiGHS's log) is asked.
fn progress_line(quiet: bool, options: &SolveOptions) -> Option<ProgressLine> {
    use std::io::IsTerminal as _;
    (!quiet && !options.verbose && std::io::stderr().is_terminal()).then(ProgressLine::start)
}

/// `gardes solve`.
fn solve(p: &Publishing<app::solve::Request>) -> Result<(), Failure> {
    stop_on_ctrl_c(p.quiet, p.request.options.stop.clone());
    let instance = load_instance(&p.instance)?;
    let progress = progress_line(p.quiet, &p.request.options);
    let publication = app::solve::solve(instance, &p.request, progress.as_ref());
    drop(progress);
    publish(&publication?, p.quiet)
}

/// `gardes replan`.
fn replan(p: &Publishing<app::replan::Request>) -> Result<(), Failure> {
    stop_on_ctrl_c(p.quiet, p.request.options.stop.clone());
    let instance = load_instance(&p.instance)?;
    let progress = progress_line(p.quiet, &p.request.options);
    let publication = app::replan::replan(&instance, &p.request, progress.as_ref());
    drop(progress);
    publish(&publication?, p.quiet)
}

/// `gardes swap`: publishes the exchanged roster, or prints the verdict of a dry run.
fn swap(p: &Publishing<app::swap::Request>) -> Result<(), Failure> {
    let instance = load_instance(&p.instance)?;
    match app::swap::swap(instance, &p.request)? {
        app::swap::Swapped::DryRun { markdown } => {
            if !p.quiet {
                print!("{markdown}");
                println!("\n{}", fr::DRY_RUN);
            }
            Ok(())
        }
        app::swap::Swapped::Publish(publication) => publish(&publication, p.quiet),
    }
}

/// Writes a publication, then prints its summary and where things went.
fn publish(publication: &Publication, quiet: bool) -> Result<(), Failure> {
    let archived = publication.write()?;
    if !quiet {
        print!("{}", publication.markdown);
        if let Some(dir) = archived {
            println!("\n{}", fr::archived_to(dir.display()));
        }
        println!("\n{}", fr::written_to(publication.output.display()));
    }
    Ok(())
}

/// `gardes check`: the verdict on stdout (valid) or stderr (exit 1), and report.html.
fn check_roster(instance_path: &Path, request: &app::check::Request) -> Result<(), Failure> {
    let instance = load_instance(instance_path)?;
    let checked = app::check::check(&instance, request)?;
    if let Some(page) = &checked.page {
        // A folder the page cannot go to does not hide the verdict.
        if let Err(f) = write_report_html(&request.output, page) {
            eprintln!("{}", fr::warning(f.message.trim_end()));
        }
    }
    if checked.valid {
        print!("{}", checked.rendered);
        Ok(())
    } else {
        Err(Failure::rule(checked.rendered))
    }
}

/// Writes `report.html` into `output` (created if missing).
fn write_report_html(output: &Path, page: &str) -> Result<(), Failure> {
    std::fs::create_dir_all(output).map_err(|e| exit::uncreatable(output, &e))?;
    let path = output.join(crate::html::FILE_NAME);
    export::atomic::write(&path, page.as_bytes())
        .map_err(|source| Failure::rule(export::ExportError::Io { path, source }.to_string()))
}
