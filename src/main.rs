//! The `gardes` command line: parses arguments, reads files, calls the library, renders
//! errors and sets the exit code. Only this file prints, exits or reads the clock.
//!
//! Exit codes: 0 success; 1 a roster breaks a hard rule (`check`, `score`) or the solver
//! failed; 2 bad input (unreadable or invalid file, bad arguments).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Parser, Subcommand};

use gardes::calendar::{self, CalendarOptions};
use gardes::instance::{self, Instance};
use gardes::solve::SolveOptions;
use gardes::whatif::{self, HintOptions};
use gardes::{bench, check, curtois, duties, export, plan, report};

/// Duty rosters for out-of-hours medical care (tableaux de garde).
#[derive(Parser)]
#[command(name = "gardes", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Solve an instance and write the roster, the grid, the iCal feeds and the summary.
    Solve {
        /// The instance file (TOML).
        instance: PathBuf,
        /// Output folder (created if missing).
        #[arg(short, long, default_value = "out")]
        output: PathBuf,
        #[command(flatten)]
        solver: SolverArgs,
        /// The publication instant (RFC 3339): iCal LAST-MODIFIED of what changes;
        /// default: now, or
        /// SOURCE_DATE_EPOCH when set, for reproducible files.
        #[arg(long)]
        now: Option<DateTime<Utc>>,
        /// What-if hints to look for when seats stay empty (0: none).
        #[arg(long, default_value_t = 3)]
        hints: usize,
        /// Seconds for the hints' solves together (default: a tenth of the time
        /// limit, at least 2).
        #[arg(long)]
        hints_time: Option<f64>,
        /// Overwrite an earlier roster in the output folder instead of moving it to
        /// `archive/<date>/` first.
        #[arg(long)]
        replace: bool,
        /// Print HiGHS's log.
        #[arg(short, long)]
        verbose: bool,
        /// Print nothing but errors.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Re-plan a published roster after changes (illness, departure, newcomer, demand),
    /// changing as few duties as possible from a date on; writes the new roster, the
    /// feeds, changes.csv and the summary.
    Replan {
        /// The instance file (TOML).
        instance: PathBuf,
        /// The published roster (assignments.csv).
        #[arg(long)]
        roster: PathBuf,
        /// A changes file (TOML: from, [[unavailable]], [[leave]], [[join]], [[demand]]).
        #[arg(long)]
        changes: Option<PathBuf>,
        /// Duties dated before this day stay as published (default: today, from --now).
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// A new unavailability: ID:FIRST..LAST, ID:DATE or ID:DATE:PERIOD:POST.
        #[arg(long, value_name = "ID:DATES")]
        unavailable: Vec<String>,
        /// A practitioner leaving: ID:DATE, the first day they are gone.
        #[arg(long, value_name = "ID:DATE")]
        leave: Vec<String>,
        /// A post's demand: POST[:PERIOD]:FIRST..LAST=N.
        #[arg(long, value_name = "POST:DATES=N")]
        demand: Vec<String>,
        /// Days over which a change costs more, the sooner it is (default 14).
        #[arg(long)]
        notice_days: Option<u32>,
        /// Cost of a change on the re-planning date, against 1 far ahead (default 3).
        #[arg(long)]
        urgency: Option<f64>,
        /// Output folder (default: the published roster's folder, whose files move to
        /// archive/<date>/ first).
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        solver: SolverArgs,
        /// The publication instant (RFC 3339): iCal LAST-MODIFIED of what changes, and
        /// today's date for --from;
        /// default: now, or SOURCE_DATE_EPOCH when set.
        #[arg(long)]
        now: Option<DateTime<Utc>>,
        /// Overwrite the earlier roster of the output folder instead of archiving it.
        #[arg(long)]
        replace: bool,
        /// Print HiGHS's log.
        #[arg(short, long)]
        verbose: bool,
        /// Print nothing but errors.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Exchange duties between two practitioners on a published roster: checked
    /// against every rule, then applied (roster, feeds, changes.csv, swap.md), or
    /// refused with the rules it would break.
    Swap {
        /// The instance file (TOML).
        instance: PathBuf,
        /// The published roster (assignments.csv).
        roster: PathBuf,
        /// A seat the first practitioner gives: ID:DATE:PERIOD:POST (repeatable).
        #[arg(long, required = true, value_name = "ID:DATE:PERIOD:POST")]
        give: Vec<String>,
        /// A seat of the second practitioner given back in exchange (repeatable).
        #[arg(long, value_name = "ID:DATE:PERIOD:POST")]
        take: Vec<String>,
        /// The receiver of a one-way handover (a replacement), instead of --take.
        #[arg(long, value_name = "ID")]
        to: Option<String>,
        /// Check only: print the verdict, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Output folder (default: the roster's folder, whose files move to
        /// archive/<date>/ first).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The publication instant (RFC 3339): iCal LAST-MODIFIED of what changes;
        /// default: now, or
        /// SOURCE_DATE_EPOCH when set.
        #[arg(long)]
        now: Option<DateTime<Utc>>,
        /// Overwrite the earlier roster of the output folder instead of archiving it.
        #[arg(long)]
        replace: bool,
        /// Print nothing but errors.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Issue the secret token of each practitioner's iCal feed (tokens.toml, mode
    /// 0600): keeps the tokens already issued, adds newcomers, drops leavers, renews
    /// those asked; prints each practitioner's URL.
    Tokens {
        /// The instance file (TOML): its practitioners get a token.
        instance: PathBuf,
        /// The tokens file to write (read first when it exists).
        #[arg(short, long, default_value = "tokens.toml")]
        output: PathBuf,
        /// Renew the token of a practitioner whose URL leaked (repeatable).
        #[arg(long, value_name = "ID")]
        rotate: Vec<String>,
        /// Also issue a token for the coordinator's feed of every seat (all.ics).
        #[arg(long)]
        coordinator: bool,
        /// Renew the coordinator's token.
        #[arg(long)]
        rotate_coordinator: bool,
        /// The public base URL of the feeds (e.g. https://gardes.example.fr): print
        /// whole URLs instead of paths.
        #[arg(long, value_name = "BASE")]
        urls: Option<String>,
    },
    /// Serve each practitioner's iCal feed over HTTP at its private URL
    /// /ics/<token>.ics (plain HTTP: put a TLS reverse proxy in front).
    Serve {
        /// The output folder of `gardes solve` (holding ics/).
        out_dir: PathBuf,
        /// The tokens file written by `gardes tokens` (re-read on SIGHUP).
        #[arg(long, default_value = "tokens.toml")]
        tokens: PathBuf,
        /// Address and port to listen on (port 0: any free port).
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        /// Cache-Control max-age of the feeds, in seconds.
        #[arg(long, default_value_t = gardes::serve::DEFAULT_MAX_AGE)]
        max_age: u32,
        /// Seconds in-flight requests get to finish after Ctrl-C or SIGTERM.
        #[arg(long, default_value_t = 10)]
        grace: u64,
        /// No access log (one line per request on stderr).
        #[arg(short, long)]
        quiet: bool,
    },
    /// Verify a roster (the solver's or hand-made) against every rule of the instance,
    /// and write report.html (grid, loads, wishes, coverage, broken rules).
    Check {
        /// The instance file (TOML).
        instance: PathBuf,
        /// The roster, in the assignments.csv format.
        roster: PathBuf,
        /// Folder for report.html (default: the roster's folder).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print the day kinds (weekday, holiday, bridge...) of a range of dates.
    Calendar {
        /// FIRST..LAST, e.g. 2027-01-01..2027-12-31.
        range: String,
        /// Only holidays and bridge days.
        #[arg(long)]
        only_special: bool,
        /// Regional calendars to add (alsace_moselle, martinique, ...).
        #[arg(long = "regional", value_name = "CALENDAR")]
        regional: Vec<String>,
        /// No bridge days at all.
        #[arg(long)]
        no_bridges: bool,
        /// Broad reading: the Saturday after a Thursday holiday is a bridge too.
        #[arg(long)]
        broad_bridges: bool,
    },
    /// The practitioners' availability sheets (desiderata): write them, merge the
    /// returned ones into the instance, summarise what was collected
    /// (docs/guide-coordinateur.md).
    Desiderata {
        #[command(subcommand)]
        action: DesiderataAction,
    },
    /// Convert a benchmark instance into a gardes instance file.
    Import {
        #[command(subcommand)]
        format: ImportFormat,
    },
    /// Score a gardes roster with a benchmark's own objective.
    Score {
        #[command(subcommand)]
        format: ScoreFormat,
    },
    /// Run a benchmark and write its results table.
    Bench {
        #[command(subcommand)]
        suite: BenchSuite,
    },
}

/// The solver's options of `solve` and `replan`.
#[derive(clap::Args, Clone, Copy)]
struct SolverArgs {
    /// Time limit in seconds for the whole solve.
    #[arg(long, default_value_t = 60.0)]
    time_limit: f64,
    /// Relative MIP gap at which to stop (0 proves optimality).
    #[arg(long, default_value_t = 0.0)]
    gap: f64,
    /// HiGHS threads.
    #[arg(long, default_value_t = 1)]
    threads: u32,
    /// HiGHS random seed.
    #[arg(long, default_value_t = 0)]
    seed: u32,
    /// Deterministic work limit, in units of a thousand LP iterations: the same roster
    /// on a busy machine as on a quiet one, with --time-limit as a cap.
    #[arg(long)]
    work_limit: Option<f64>,
}

/// The benchmarks `gardes bench` runs.
#[derive(Subcommand)]
enum BenchSuite {
    /// The Curtois & Qu instances: solve each, re-score the roster with the benchmark's
    /// own evaluator, write curtois.csv, curtois.md and the rosters (docs/benchmarks.md).
    Curtois {
        /// The benchmark folder (InstanceN.txt and bounds.csv).
        dir: PathBuf,
        /// Instances to run: numbers and ranges, e.g. 1-12 or 1,3,5-7.
        #[arg(long, default_value = "1-24")]
        instances: String,
        /// Time limit in seconds per instance.
        #[arg(long, default_value_t = 60.0)]
        time_limit: f64,
        /// HiGHS threads.
        #[arg(long, default_value_t = 2)]
        threads: u32,
        /// HiGHS random seed.
        #[arg(long, default_value_t = 0)]
        seed: u32,
        /// Output folder (created if missing).
        #[arg(short, long, visible_alias = "out", default_value = "out/bench")]
        output: PathBuf,
        /// Print HiGHS's log.
        #[arg(short, long)]
        verbose: bool,
    },
}

/// What `gardes desiderata` does.
#[derive(Subcommand)]
enum DesiderataAction {
    /// Write one sheet per practitioner (ID.xlsx) listing every duty they may take,
    /// and one combined sheet (tous-les-praticiens.xlsx), into a folder.
    Template {
        /// The instance file (TOML).
        instance: PathBuf,
        /// The folder of the sheets (created if missing).
        #[arg(short, long)]
        output: PathBuf,
        /// xlsx (with dropdowns and protected key columns) or csv.
        #[arg(long, value_enum, default_value = "xlsx")]
        format: SheetFormatArg,
        /// The date by which the sheets are to be returned, printed in their header.
        #[arg(long, value_parser = parse_date)]
        return_by: Option<NaiveDate>,
        /// The XLSX files' creation time (RFC 3339); default: now, or
        /// SOURCE_DATE_EPOCH when set.
        #[arg(long)]
        now: Option<DateTime<Utc>>,
        /// Overwrite sheets already in the folder (returned ones may be there).
        #[arg(long)]
        replace: bool,
        /// Print nothing but errors.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Merge the marks of returned sheets (XLSX, XLS, ODS or CSV) into the instance as
    /// unavailabilities and weighted wishes; nothing is written when a cell cannot be
    /// read, unless --skip-invalid.
    Import {
        /// The instance file (TOML).
        instance: PathBuf,
        /// The returned sheets.
        #[arg(required = true)]
        sheets: Vec<PathBuf>,
        /// The instance file to write (may be the instance itself).
        #[arg(short, long)]
        output: PathBuf,
        /// Import the readable rows and list the others instead of writing nothing.
        #[arg(long)]
        skip_invalid: bool,
        /// Print nothing but errors.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Summarise what was collected before solving: who answered, who did not, and
    /// the duties fewer practitioners may take than they have seats.
    Summary {
        /// The instance file (TOML), with or without imported desiderata.
        instance: PathBuf,
        /// Returned sheets not imported yet.
        sheets: Vec<PathBuf>,
        /// Also write collecte.md and collecte.csv into this folder.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Print nothing but errors.
        #[arg(short, long)]
        quiet: bool,
    },
}

/// The file format of `gardes desiderata template`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum SheetFormatArg {
    /// XLSX workbooks.
    Xlsx,
    /// CSV files (UTF-8, `;`).
    Csv,
}

/// The formats `gardes import` reads.
#[derive(Subcommand)]
enum ImportFormat {
    /// A Curtois & Qu shift scheduling instance (InstanceN.txt), see docs/curtois.md.
    Curtois {
        /// The benchmark file.
        input: PathBuf,
        /// The gardes instance file to write (TOML).
        #[arg(short, long)]
        output: PathBuf,
        /// The date of day 0, a Monday.
        #[arg(long, default_value = "2024-01-01", value_parser = parse_date)]
        start: NaiveDate,
    },
}

/// The benchmarks `gardes score` evaluates.
#[derive(Subcommand)]
enum ScoreFormat {
    /// The Curtois & Qu penalty of a roster solved on an imported instance.
    Curtois {
        /// The benchmark file the instance was imported from.
        input: PathBuf,
        /// The roster, in the assignments.csv format.
        roster: PathBuf,
        /// The date of day 0 used at import.
        #[arg(long, default_value = "2024-01-01", value_parser = parse_date)]
        start: NaiveDate,
        /// Print a JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// A failure with its exit code and an already rendered message.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn input(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: message.into(),
        }
    }

    fn rule(message: impl Into<String>) -> Self {
        Failure {
            code: 1,
            message: message.into(),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("{}", f.message.trim_end());
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
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
                return Err(Failure::input(
                    "--hints-time : attendu un nombre de secondes ≥ 0",
                ));
            }
            let hints = HintOptions {
                count: hints,
                seconds: hints_time,
                threads: options.threads,
                seed: options.seed,
                work: options.work_limit.map(|w| w / 10.0),
            };
            solve(
                &instance,
                &output,
                &options,
                &hints,
                now.unwrap_or_else(now_or_epoch),
                Archive { replace },
                quiet,
            )
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
                    return Err(Failure::input("--urgency : attendu un nombre de 1 à 100"));
                }
            }
            if notice_days.is_some_and(|n| n > 366) {
                return Err(Failure::input(
                    "--notice-days : attendu un entier de 0 à 366",
                ));
            }
            let request = ReplanRequest {
                instance,
                output: output.unwrap_or_else(|| {
                    roster
                        .parent()
                        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
                }),
                roster,
                changes,
                from,
                unavailable,
                leave,
                demand,
                notice_days,
                urgency,
                now: now.unwrap_or_else(now_or_epoch),
                replace,
                quiet,
            };
            replan(&request, &options)
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
                        gardes::swap::Seat::parse(t)
                            .map_err(|e| Failure::input(format!("{option} {e}")))
                    })
                    .collect::<Result<Vec<_>, _>>()
            };
            let swap = gardes::swap::Swap {
                give: seats(&give, "--give")?,
                take: seats(&take, "--take")?,
                to,
            };
            let output = output.unwrap_or_else(|| {
                roster
                    .parent()
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
            });
            swap_duties(
                &instance,
                &roster,
                &swap,
                (!dry_run).then_some(output.as_path()),
                now.unwrap_or_else(now_or_epoch),
                Archive { replace },
                quiet,
            )
        }
        Command::Check {
            instance,
            roster,
            output,
        } => {
            let output = output.unwrap_or_else(|| {
                roster
                    .parent()
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
            });
            check_roster(&instance, &roster, &output)
        }
        Command::Desiderata { action } => desiderata(action),
        Command::Tokens {
            instance,
            output,
            rotate,
            coordinator,
            rotate_coordinator,
            urls,
        } => issue_tokens(
            &instance,
            &output,
            &gardes::serve::tokens::IssueOptions {
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
        } => serve_feeds(
            out_dir,
            &tokens,
            listen,
            max_age,
            std::time::Duration::from_secs(grace),
            quiet,
        ),
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
                let cal = calendar::parse_regional(r).ok_or_else(|| {
                    Failure::input(format!(
                        "--regional : calendrier inconnu « {r} » ; attendu alsace_moselle, mayotte, martinique, guadeloupe, saint_martin, guyane, saint_barthelemy ou reunion"
                    ))
                })?;
                options.regional.insert(cal);
            }
            print!(
                "{}",
                calendar::describe(first, last, &options, only_special)
            );
            Ok(())
        }
        Command::Import {
            format:
                ImportFormat::Curtois {
                    input,
                    output,
                    start,
                },
        } => import_curtois(&input, &output, start),
        Command::Score {
            format:
                ScoreFormat::Curtois {
                    input,
                    roster,
                    start,
                    json,
                },
        } => score_curtois(&input, &roster, start, json),
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
                },
        } => {
            if !(time_limit.is_finite() && time_limit > 0.0) {
                return Err(Failure::input(
                    "--time-limit : attendu un nombre de secondes > 0",
                ));
            }
            if threads == 0 {
                return Err(Failure::input("--threads : attendu au moins 1"));
            }
            let instances =
                bench::parse_instances(&instances).map_err(|e| Failure::input(e.to_string()))?;
            let options = bench::BenchOptions {
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
                },
                out: output,
                first: curtois::import::default_start(),
            };
            bench_curtois(&options)
        }
    }
}

/// `gardes bench curtois`: the table is printed line by line as the instances finish.
/// Exit 1 when an instance failed or its roster was not confirmed (after writing every
/// file); a run out of time without a roster is a result, not a failure.
fn bench_curtois(options: &bench::BenchOptions) -> Result<(), Failure> {
    use std::io::Write as _;
    let info = bench::RunInfo {
        date: now_or_epoch().format("%Y-%m-%d %H:%M UTC").to_string(),
        command: command_line(),
        machine: bench::Machine::detect(),
    };
    let mut stdout = std::io::stdout();
    let mut head = Some(bench::table_head());
    // A closed pipe (`| head`) must not stop the run: printing errors are ignored. The
    // table's head comes with the first row, after the arguments have been checked.
    let rows = bench::curtois(options, &info, |row| {
        if let Some(head) = head.take() {
            let _ = writeln!(stdout, "{head}");
        }
        let _ = writeln!(stdout, "{}", row.markdown_line());
        let _ = stdout.flush();
    })
    .map_err(|e| match e {
        e @ bench::BenchError::Write { .. } => Failure::rule(e.to_string()),
        e => Failure::input(e.to_string()),
    })?;
    let _ = writeln!(stdout, "\nÉcrit dans {}", options.out.display());
    let faults: Vec<String> = rows
        .iter()
        .filter(|r| r.is_fault())
        .map(|r| r.instance.to_string())
        .collect();
    if faults.is_empty() {
        Ok(())
    } else {
        Err(Failure::rule(format!(
            "instance(s) en erreur ou non confirmée(s) : {}",
            faults.join(", ")
        )))
    }
}

/// The command line as typed, an argument with a space or a quote quoted for a POSIX
/// shell.
fn command_line() -> String {
    std::env::args()
        .map(|a| {
            let plain = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
            if plain {
                a
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A `YYYY-MM-DD` date argument.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("date « {text} » illisible, attendu AAAA-MM-JJ"))
}

/// `gardes import curtois`: benchmark file → gardes instance file, written atomically
/// and only once the written text is known to be a valid instance.
fn import_curtois(input: &Path, output: &Path, start: NaiveDate) -> Result<(), Failure> {
    let inst = curtois::read(input).map_err(|e| Failure::input(e.to_string()))?;
    let file_name = input.file_name().map_or_else(
        || input.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let name = input
        .file_stem()
        .map_or_else(|| file_name.clone(), |n| n.to_string_lossy().into_owned());
    let text = curtois::to_toml_with_source(&inst, start, &name, &file_name)
        .map_err(|e| Failure::input(format!("{file_name} : {e}")))?;
    // The converted file must read back: a contradiction in the benchmark file (a
    // minimum above its maximum) is reported now rather than at `solve`.
    let out_name = output.display().to_string();
    if let Err(e) = instance::parse(&out_name, &text) {
        return Err(Failure::input(format!(
            "{file_name} : l'instance convertie est refusée\n{:?}",
            miette::Report::new(e)
        )));
    }
    export::atomic::write(output, text.as_bytes())
        .map_err(|e| Failure::rule(format!("écriture de {} impossible : {e}", output.display())))?;
    let plural = |n: usize| if n > 1 { "s" } else { "" };
    let (staff, shifts) = (inst.staff.len(), inst.shifts.len());
    println!(
        "{file_name} : {} jours, {staff} effectif{}, {shifts} type{} de poste → {}",
        inst.horizon,
        plural(staff),
        plural(shifts),
        output.display()
    );
    Ok(())
}

/// `gardes score curtois`: the benchmark penalty of a gardes roster; exit 1 when a hard
/// constraint of the benchmark is broken.
fn score_curtois(input: &Path, roster: &Path, start: NaiveDate, json: bool) -> Result<(), Failure> {
    let inst = curtois::read(input).map_err(|e| Failure::input(e.to_string()))?;
    let bytes = std::fs::read(roster)
        .map_err(|e| Failure::input(format!("lecture de {} impossible : {e}", roster.display())))?;
    let label = roster.display().to_string();
    let records = check::roster_text(&label, &bytes)
        .and_then(|text| check::read_roster_csv(&label, text))
        .map_err(|e| Failure::input(e.to_string()))?;
    let mapped = curtois::roster_from_records(&inst, start, &records).map_err(|e| {
        Failure::input(match e.line {
            Some(line) => format!("{label}:{line}: {}", e.kind),
            None => format!("{label} : {e}"),
        })
    })?;
    let penalty = curtois::penalty(&inst, &mapped);
    if json {
        println!("{}", curtois::import::penalty_json(&penalty));
    } else {
        print!("{}", curtois::import::penalty_text(&penalty));
    }
    match penalty.violations.len() {
        0 => Ok(()),
        n => Err(Failure::rule(format!(
            "le tableau viole {n} contrainte{s} dure{s} du benchmark",
            s = if n > 1 { "s" } else { "" }
        ))),
    }
}

/// `SOURCE_DATE_EPOCH` when set (reproducible builds convention), else the clock.
fn now_or_epoch() -> DateTime<Utc> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(Utc::now)
}

fn parse_range(range: &str) -> Result<(NaiveDate, NaiveDate), Failure> {
    let bad = || {
        Failure::input(format!(
            "période « {range} » illisible : attendu PREMIER..DERNIER, par exemple 2027-01-01..2027-12-31"
        ))
    };
    let (a, b) = range.split_once("..").ok_or_else(bad)?;
    let first = NaiveDate::parse_from_str(a.trim(), "%Y-%m-%d").map_err(|_| bad())?;
    let last = NaiveDate::parse_from_str(b.trim(), "%Y-%m-%d").map_err(|_| bad())?;
    if last < first {
        return Err(Failure::input(format!(
            "période « {range} » à l'envers : {last} est avant {first}"
        )));
    }
    Ok((first, last))
}

fn load_instance(path: &Path) -> Result<Instance, Failure> {
    let (instance, warnings) = instance::load_with_warnings(path).map_err(|e| match e {
        e @ instance::LoadError::Invalid(_) => {
            // miette renders the one-line summary, then each problem with its line.
            Failure::input(format!("{:?}", miette::Report::new(e)))
        }
        other => Failure::input(other.to_string()),
    })?;
    // Warnings do not stop anything: located, on stderr.
    for w in warnings.iter() {
        eprintln!(
            "{}:{}:{}: avertissement : {}",
            w.file, w.line, w.column, w.message
        );
        if let Some(help) = &w.help {
            eprintln!("  aide : {help}");
        }
    }
    Ok(instance)
}

/// The first Ctrl-C stops the solver, which keeps its best roster and lets `solve`
/// write it, marked as interrupted with its gap; a second one quits at once, writing
/// nothing more (each file already written is whole: writes are atomic).
fn stop_on_ctrl_c(quiet: bool) {
    let installed = ctrlc::set_handler(move || {
        if gardes::solve::stop_requested() {
            eprintln!("\nDeuxième interruption : abandon, rien de plus n'est écrit.");
            std::process::exit(130);
        }
        gardes::solve::request_stop();
        if !quiet {
            eprintln!(
                "\nInterruption demandée : arrêt du solveur, le meilleur tableau trouvé sera écrit \
                 (Ctrl-C encore pour abandonner)."
            );
        }
    });
    if let Err(e) = installed {
        // Without the handler Ctrl-C ends the process as usual: nothing half-written.
        eprintln!("avertissement : Ctrl-C ne pourra pas garder le meilleur tableau ({e})");
    }
}

/// Seconds of the time limit kept for writing the files after the solve.
const WRITING_RESERVE: f64 = 0.5;

/// What to do with an earlier roster in the output folder.
struct Archive {
    /// Overwrite it rather than move it to `archive/<date>/`.
    replace: bool,
}

fn solve(
    instance_path: &Path,
    output: &Path,
    options: &SolveOptions,
    hint_options: &HintOptions,
    now: DateTime<Utc>,
    archive: Archive,
    quiet: bool,
) -> Result<(), Failure> {
    // The time limit holds for the whole command: reading, the plan, the what-if hints
    // (their seconds come out of it) and writing.
    let started = std::time::Instant::now();
    stop_on_ctrl_c(quiet);
    let instance = load_instance(instance_path)?;
    // The feeds' history, read before archive_earlier moves ics/ away (and before the
    // solve, so that an unreadable one stops us early): re-publishing continues it.
    let history =
        export::feeds::FeedHistory::load(output).map_err(|e| Failure::input(e.to_string()))?;
    let progress = progress_line(quiet, options);
    let hints_seconds = if hint_options.count > 0 {
        hint_options.seconds
    } else {
        0.0
    };
    let requested = options;
    let options = &SolveOptions {
        time_limit: (options.time_limit
            - started.elapsed().as_secs_f64()
            - hints_seconds
            - WRITING_RESERVE)
            .max(1.0),
        ..with_progress(options, progress.as_ref())
    };
    let plan = plan::plan(&instance, options).map_err(|e| Failure::rule(e.to_string()))?;
    let hints = if gardes::solve::stop_requested() {
        Vec::new()
    } else {
        if let Some(line) = &progress {
            line.say(gardes::labels::html::PROGRESS_HINTS);
        }
        whatif::hints(&instance, &plan, hint_options)
    };
    drop(progress);
    let summary = report::with_hints(
        report::summary(&instance, &plan, requested),
        &instance,
        &plan,
        &hints,
    );
    let markdown = report::to_markdown(&instance, &plan, &summary);
    let page = gardes::html::render(&gardes::html::Page {
        instance: &instance,
        duties: &plan.duties,
        roster: &plan.roster,
        check: &plan.check,
        source: gardes::html::Source::Solved(&summary),
    });
    publish(&Publish {
        output,
        instance: &instance,
        duties: &plan.duties,
        roster: &plan.roster,
        population: plan.check.population.as_ref(),
        files: vec![
            ("summary.json", report::to_json(&summary)),
            ("summary.md", markdown.clone()),
            (gardes::html::FILE_NAME, page),
        ],
        history: &history,
        now,
        replace: archive.replace,
        quiet,
        markdown: &markdown,
    })
}

/// The progress line of a solve, when standard error is a terminal and neither
/// `--quiet` nor `--verbose` (HiGHS's log) is asked.
fn progress_line(quiet: bool, options: &SolveOptions) -> Option<gardes::progress::ProgressLine> {
    use std::io::IsTerminal as _;
    (!quiet && !options.verbose && std::io::stderr().is_terminal())
        .then(gardes::progress::ProgressLine::start)
}

/// `options` feeding `line`, when there is one.
fn with_progress(
    options: &SolveOptions,
    line: Option<&gardes::progress::ProgressLine>,
) -> SolveOptions {
    SolveOptions {
        progress: line.map(gardes::progress::ProgressLine::sink),
        ..options.clone()
    }
}

/// The solver options of `solve` and `replan`, checked.
fn solve_options(solver: &SolverArgs, verbose: bool) -> Result<SolveOptions, Failure> {
    let SolverArgs {
        time_limit,
        gap,
        threads,
        seed,
        work_limit,
    } = *solver;
    if !(time_limit.is_finite() && time_limit > 0.0) {
        return Err(Failure::input(
            "--time-limit : attendu un nombre de secondes > 0",
        ));
    }
    if !(gap.is_finite() && (0.0..1.0).contains(&gap)) {
        return Err(Failure::input(
            "--gap : attendu un écart relatif entre 0 et 1 (0,01 = 1 %)",
        ));
    }
    if threads == 0 {
        return Err(Failure::input("--threads : attendu au moins 1"));
    }
    if work_limit.is_some_and(|w| !(w.is_finite() && w > 0.0)) {
        return Err(Failure::input(
            "--work-limit : attendu un nombre d'unités de travail > 0 (1 unité = 1 000 itérations du simplexe)",
        ));
    }
    Ok(SolveOptions {
        time_limit,
        gap,
        threads,
        seed,
        verbose,
        progress: None,
        work_limit,
    })
}

/// Reads a roster in the assignments.csv format, every problem located.
fn read_roster(path: &Path) -> Result<Vec<gardes::roster::RosterRecord>, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::input(format!("lecture de {} impossible : {e}", path.display())))?;
    let label = path.display().to_string();
    check::roster_text(&label, &bytes)
        .and_then(|text| check::read_roster_csv(&label, text))
        .map_err(|e| Failure::input(e.to_string()))
}

/// What `gardes replan` was asked.
struct ReplanRequest {
    instance: PathBuf,
    roster: PathBuf,
    changes: Option<PathBuf>,
    from: Option<NaiveDate>,
    unavailable: Vec<String>,
    leave: Vec<String>,
    demand: Vec<String>,
    notice_days: Option<u32>,
    urgency: Option<f64>,
    output: PathBuf,
    now: DateTime<Utc>,
    replace: bool,
    quiet: bool,
}

/// `gardes replan`: the published roster, the changes, a new roster that changes as
/// little as possible from `--from` on, checked, then published like `solve`'s, with
/// `changes.csv` and the changes in the summary.
fn replan(request: &ReplanRequest, options: &SolveOptions) -> Result<(), Failure> {
    use gardes::replan::{Baseline, Changes, ChangesError, Policy};
    stop_on_ctrl_c(request.quiet);
    let instance = load_instance(&request.instance)?;
    let published = read_roster(&request.roster)?;
    // The feeds' history of the output folder, read before its ics/ is archived.
    let history = export::feeds::FeedHistory::load(&request.output)
        .map_err(|e| Failure::input(e.to_string()))?;
    let changes_error = |e: ChangesError| match e {
        ChangesError::Invalid(d) => Failure::input(format!("{:?}", miette::Report::new(d))),
        ChangesError::Option(m) => Failure::input(m),
    };
    let mut changes = match &request.changes {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| {
                Failure::input(format!("lecture de {} impossible : {e}", path.display()))
            })?;
            let label = path.display().to_string();
            let text = std::str::from_utf8(&bytes).map_err(|e| {
                Failure::input(format!(
                    "{label} : le fichier n'est pas en UTF-8 (octet {} illisible) ; enregistrez-le en UTF-8",
                    e.valid_up_to()
                ))
            })?;
            Changes::parse(&label, text, &instance).map_err(changes_error)?
        }
        None => Changes::default(),
    };
    changes.extend(
        Changes::from_options(
            &instance,
            &request.unavailable,
            &request.leave,
            &request.demand,
        )
        .map_err(changes_error)?,
    );
    let today = request
        .now
        .with_timezone(&instance.horizon.time_zone)
        .date_naive();
    let from = request
        .from
        .or(changes.from)
        .unwrap_or(today)
        .max(instance.horizon.first);
    if from > instance.horizon.last {
        return Err(Failure::input(format!(
            "la date de replanification {from} est après la fin de l'horizon ({}) : rien à replanifier",
            instance.horizon.last
        )));
    }
    let policy = Policy {
        from,
        notice_days: request
            .notice_days
            .or(changes.notice_days)
            .unwrap_or(gardes::replan::DEFAULT_NOTICE_DAYS),
        urgency: request
            .urgency
            .or(changes.urgency)
            .unwrap_or(gardes::replan::DEFAULT_URGENCY),
    };
    let changed = changes
        .apply(&instance, from)
        .map_err(|e| Failure::input(e.to_string()))?;
    let baseline = Baseline { published, policy };
    let duties = duties::expand(&changed).map_err(|e| Failure::input(e.to_string()))?;
    if let Some(problem) = baseline.fixed_problems(&changed, &duties) {
        return Err(Failure::input(problem));
    }
    let progress = progress_line(request.quiet, options);
    let options = &with_progress(options, progress.as_ref());
    let (plan, diff) = gardes::replan::plan(&baseline, &changed, &duties, options)
        .map_err(|e| Failure::rule(e.to_string()))?;
    drop(progress);
    let summary = report::with_replan(
        report::summary(&changed, &plan, options),
        &changed,
        &diff,
        &changes,
        &policy,
    );
    let mut markdown = report::to_markdown(&changed, &plan, &summary);
    markdown.push('\n');
    markdown.push_str(&gardes::report::replan::summary_markdown(
        &changed, &changes, &diff,
    ));
    let changes_csv =
        gardes::export::changes::changes_csv(&changed, &plan.duties, &baseline.published, &diff)
            .map_err(|e| Failure::rule(e.to_string()))?;
    let page = gardes::html::render(&gardes::html::Page {
        instance: &changed,
        duties: &plan.duties,
        roster: &plan.roster,
        check: &plan.check,
        source: gardes::html::Source::Solved(&summary),
    });
    publish(&Publish {
        output: &request.output,
        instance: &changed,
        duties: &plan.duties,
        roster: &plan.roster,
        population: plan.check.population.as_ref(),
        files: vec![
            ("changes.csv", changes_csv),
            ("summary.json", report::to_json(&summary)),
            ("summary.md", markdown.clone()),
            (gardes::html::FILE_NAME, page),
        ],
        history: &history,
        now: request.now,
        replace: request.replace,
        quiet: request.quiet,
        markdown: &markdown,
    })
}

/// `gardes swap`: checks the exchange on the roster; unless `output` is `None` (a dry
/// run), publishes the new roster like `solve` with `changes.csv` and `swap.md`.
fn swap_duties(
    instance_path: &Path,
    roster_path: &Path,
    swap: &gardes::swap::Swap,
    output: Option<&Path>,
    now: DateTime<Utc>,
    archive: Archive,
    quiet: bool,
) -> Result<(), Failure> {
    use gardes::swap::SwapError;
    let instance = load_instance(instance_path)?;
    let records = read_roster(roster_path)?;
    let duties = duties::expand(&instance).map_err(|e| Failure::input(e.to_string()))?;
    let applied = gardes::swap::apply(&instance, &duties, &records, swap).map_err(|e| match e {
        e @ SwapError::Request(_) => Failure::input(e.to_string()),
        e => Failure::rule(e.to_string()),
    })?;
    let markdown = gardes::report::swap::summary_markdown(&instance, &applied);
    let Some(output) = output else {
        if !quiet {
            print!("{markdown}");
            println!("\nEssai seulement (--dry-run) : rien n'a été écrit.");
        }
        return Ok(());
    };
    // The feeds' history of the output folder, read before its ics/ is archived.
    let history =
        export::feeds::FeedHistory::load(output).map_err(|e| Failure::input(e.to_string()))?;
    let roster =
        gardes::swap::roster_of(&instance, &duties, &applied.records).ok_or_else(|| {
            Failure::rule(
                "défaut interne : le tableau échangé nomme une garde ou un praticien inconnu",
            )
        })?;
    let baseline = gardes::replan::Baseline {
        published: records,
        policy: gardes::replan::Policy::new(instance.horizon.first),
    };
    let diff = baseline.diff(&applied.records);
    let changes_csv =
        gardes::export::changes::changes_csv(&instance, &duties, &baseline.published, &diff)
            .map_err(|e| Failure::rule(e.to_string()))?;
    let label = roster_path.display().to_string();
    let page = gardes::html::render(&gardes::html::Page {
        instance: &instance,
        duties: &duties,
        roster: &roster,
        check: &applied.after,
        source: gardes::html::Source::Checked {
            title: gardes::labels::html::SWAPPED,
            file: &label,
        },
    });
    publish(&Publish {
        output,
        instance: &instance,
        duties: &duties,
        roster: &roster,
        population: None,
        files: vec![
            ("changes.csv", changes_csv),
            ("swap.md", markdown.clone()),
            (gardes::html::FILE_NAME, page),
        ],
        history: &history,
        now,
        replace: archive.replace,
        quiet,
        markdown: &markdown,
    })
}

/// One publication into a folder (`solve`, `replan`, `swap`).
struct Publish<'a> {
    output: &'a Path,
    instance: &'a Instance,
    duties: &'a [gardes::duties::Duty],
    roster: &'a gardes::roster::Roster,
    /// The checker's population figures, for coverage.csv and coverage_places.csv.
    population: Option<&'a check::PopulationFigures>,
    /// Further files of the folder, by name (summaries, changes.csv, report.html...).
    files: Vec<(&'static str, String)>,
    /// The feeds' history, read before the earlier files were archived.
    history: &'a export::feeds::FeedHistory,
    now: DateTime<Utc>,
    /// Overwrite instead of archiving the earlier roster.
    replace: bool,
    quiet: bool,
    /// Printed on success unless `quiet`.
    markdown: &'a str,
}

/// Archives the folder's earlier roster (unless `replace`), writes the roster's files,
/// the feeds continuing their history, the coverage files and the other files, each
/// atomically, then prints the summary and where things went.
fn publish(p: &Publish<'_>) -> Result<(), Failure> {
    let archived = if p.replace {
        None
    } else {
        export::archive::archive_earlier(p.output).map_err(|e| Failure::rule(e.to_string()))?
    };
    let written = (|| -> Result<(), export::ExportError> {
        let publication = export::feeds::Publication {
            now: p.now,
            history: p.history,
            policy: export::feeds::FeedPolicy::default(),
        };
        export::write_all_with(p.output, p.instance, p.duties, p.roster, &publication)?;
        if let Some(figures) = p.population {
            export::write_coverage(p.output, p.instance, figures)?;
        }
        for (name, text) in &p.files {
            let path = p.output.join(name);
            export::atomic::write(&path, text.as_bytes())
                .map_err(|source| export::ExportError::Io { path, source })?;
        }
        Ok(())
    })();
    written.map_err(|e| Failure::rule(e.to_string()))?;
    if !p.quiet {
        print!("{}", p.markdown);
        if let Some(dir) = archived {
            println!("\nTableau précédent déplacé dans {}", dir.display());
        }
        println!("\nÉcrit dans {}", p.output.display());
    }
    Ok(())
}

fn check_roster(instance_path: &Path, roster_path: &Path, output: &Path) -> Result<(), Failure> {
    let instance = load_instance(instance_path)?;
    let bytes = std::fs::read(roster_path).map_err(|e| {
        Failure::input(format!(
            "lecture de {} impossible : {e}",
            roster_path.display()
        ))
    })?;
    let label = roster_path.display().to_string();
    let records = check::roster_text(&label, &bytes)
        .and_then(|text| check::read_roster_csv(&label, text))
        .map_err(|e| Failure::input(e.to_string()))?;
    let duties = duties::expand(&instance).map_err(|e| Failure::input(e.to_string()))?;
    let report = check::check(&instance, &duties, &records);
    let rendered = report.render(&instance);
    // report.html shows the roster whether or not it keeps every rule, unless a row
    // names nothing of the instance (a mistyped id): the grid could not show it, and a
    // file with such rows is bad input, which writes nothing.
    let unreadable = report.violations.iter().any(|v| {
        matches!(
            v,
            check::Violation::UnknownPractitioner { .. }
                | check::Violation::UnknownPost { .. }
                | check::Violation::UnknownPeriod { .. }
                | check::Violation::NoSuchDuty { .. }
        )
    });
    if !unreadable {
        let roster = gardes::html::roster_from_records(&instance, &duties, &records);
        let label = roster_path.display().to_string();
        let page = gardes::html::render(&gardes::html::Page {
            instance: &instance,
            duties: &duties,
            roster: &roster,
            check: &report,
            source: gardes::html::Source::Checked {
                title: gardes::labels::html::CHECKED_FILE,
                file: &label,
            },
        });
        // A folder the page cannot go to does not hide the verdict.
        if let Err(f) = write_report_html(output, &page) {
            eprintln!("avertissement : {}", f.message.trim_end());
        }
    }
    if report.is_valid() {
        print!("{rendered}");
        Ok(())
    } else {
        Err(Failure::rule(rendered))
    }
}

/// Writes `report.html` into `output` (created if missing).
fn write_report_html(output: &Path, page: &str) -> Result<(), Failure> {
    std::fs::create_dir_all(output)
        .map_err(|e| Failure::rule(format!("création de {} impossible : {e}", output.display())))?;
    let path = output.join(gardes::html::FILE_NAME);
    export::atomic::write(&path, page.as_bytes())
        .map_err(|source| Failure::rule(export::ExportError::Io { path, source }.to_string()))
}

fn load_tokens(path: &Path) -> Result<gardes::serve::Tokens, Failure> {
    gardes::serve::Tokens::load(path).map_err(|e| match e {
        gardes::serve::TokensError::Invalid(d) => {
            Failure::input(format!("{:?}", miette::Report::new(d)))
        }
        other => Failure::input(other.to_string()),
    })
}

/// `gardes tokens`: issue, keep, rotate and drop tokens, write the file, print the URLs.
fn issue_tokens(
    instance_path: &Path,
    output: &Path,
    options: &gardes::serve::tokens::IssueOptions,
    base: Option<&str>,
) -> Result<(), Failure> {
    use gardes::serve::tokens::{self, CoordinatorToken};
    let instance = load_instance(instance_path)?;
    let previous = if output.exists() {
        load_tokens(output)?
    } else {
        gardes::serve::Tokens::default()
    };
    let ids: Vec<&str> = instance
        .practitioners
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    let issued = gardes::serve::Tokens::issue(&previous, &ids, options)
        .map_err(|e| Failure::input(e.to_string()))?;
    issued.tokens.save(output).map_err(|e| {
        Failure::input(format!("écriture de {} impossible : {e}", output.display()))
    })?;
    println!(
        "{} (lisible par vous seul) : {} jetons de praticiens ; conservés : {}, nouveaux : {}, renouvelés : {}.",
        output.display(),
        issued.tokens.practitioners().len(),
        issued.kept.len(),
        issued.added.len(),
        issued.rotated.len()
    );
    if !issued.dropped.is_empty() {
        println!(
            "Retirés (absents de l'instance, leur adresse ne sert plus) : {}",
            issued.dropped.join(", ")
        );
    }
    if !issued.rotated.is_empty() {
        println!(
            "Renouvelés (l'ancienne adresse ne sert plus) : {}",
            issued.rotated.join(", ")
        );
    }
    let base = base.map(|b| b.trim_end_matches('/'));
    let url = |token: &str| format!("{}{}", base.unwrap_or(""), tokens::url_path(token));
    println!("Adresses à envoyer, chacune à son seul titulaire :");
    for p in &instance.practitioners {
        if let Some(token) = issued.tokens.practitioners().get(p.id.as_str()) {
            println!("{}\t{}\t{}", p.id.as_str(), p.name, url(token));
        }
    }
    if let Some(token) = issued.tokens.coordinator() {
        let note = match issued.coordinator {
            CoordinatorToken::Added => " (nouveau)",
            CoordinatorToken::Rotated => " (renouvelé)",
            CoordinatorToken::Kept | CoordinatorToken::None => "",
        };
        println!("coordinator\ttoutes les gardes{note}\t{}", url(token));
    }
    if base.is_none() {
        println!(
            "(chemins à placer après l'adresse publique du serveur ; --urls https://… les écrit en entier)"
        );
    }
    Ok(())
}

/// `gardes serve`: the feeds over HTTP until Ctrl-C or SIGTERM; SIGHUP re-reads the
/// tokens file.
fn serve_feeds(
    out_dir: PathBuf,
    tokens_path: &Path,
    listen: std::net::SocketAddr,
    max_age: u32,
    grace: std::time::Duration,
    quiet: bool,
) -> Result<(), Failure> {
    use gardes::serve::{self, Feeds, Stopped, Termination};
    use std::sync::Arc;
    let tokens = load_tokens(tokens_path)?;
    if gardes::serve::tokens::readable_by_others(tokens_path) {
        eprintln!(
            "avertissement : {} est lisible par d'autres que vous (chmod 600 conseillé)",
            tokens_path.display()
        );
    }
    if !out_dir.join("ics").is_dir() {
        eprintln!(
            "avertissement : {} n'existe pas encore ; les flux répondront 503 jusqu'à la publication",
            out_dir.join("ics").display()
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::rule(format!("démarrage du serveur impossible : {e}")))?;
    runtime.block_on(async move {
        let fail = |what: &str, e: std::io::Error| Failure::rule(format!("{what} : {e}"));
        let termination =
            Termination::install().map_err(|e| fail("signaux d'arrêt indisponibles", e))?;
        #[cfg(unix)]
        let mut hangup =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
                .map_err(|e| fail("signal SIGHUP indisponible", e))?;
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| Failure::input(format!("écoute sur {listen} impossible : {e}")))?;
        let address = listener
            .local_addr()
            .map_err(|e| fail("adresse d'écoute inconnue", e))?;
        let count = tokens.len();
        let mut feeds = Feeds::new(out_dir, tokens).with_max_age(max_age);
        if !quiet {
            feeds = feeds.with_access_log(|access| {
                eprintln!(
                    "{} {access}",
                    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                );
            });
        }
        let feeds = Arc::new(feeds);
        println!("Écoute sur http://{address}");
        eprintln!(
            "{count} flux servis depuis {} ; Ctrl-C ou SIGTERM pour arrêter, SIGHUP pour relire {}",
            feeds.out_dir().join("ics").display(),
            tokens_path.display()
        );
        if !address.ip().is_loopback() {
            eprintln!(
                "avertissement : le serveur parle HTTP en clair ; placez-le derrière un proxy inverse TLS (docs/serving.md)"
            );
        }
        #[cfg(unix)]
        {
            let feeds = Arc::clone(&feeds);
            let path = tokens_path.to_owned();
            tokio::spawn(async move {
                while hangup.recv().await.is_some() {
                    match serve::Tokens::load(&path) {
                        Ok(tokens) => {
                            let n = tokens.len();
                            feeds.replace_tokens(tokens);
                            eprintln!("SIGHUP : {} relu, {n} flux servis", path.display());
                        }
                        Err(e) => {
                            let detail = match &e {
                                serve::TokensError::Invalid(d) => d.to_string(),
                                other => other.to_string(),
                            };
                            eprintln!(
                                "SIGHUP : {} illisible, les jetons précédents restent en service :\n{detail}",
                                path.display()
                            );
                        }
                    }
                }
            });
        }
        let stopped = serve::serve(
            listener,
            feeds,
            async move {
                let signal = match termination.wait().await {
                    serve::StopSignal::Interrupt => "Ctrl-C",
                    serve::StopSignal::Terminate => "SIGTERM",
                };
                eprintln!("Arrêt demandé ({signal}) : fin des requêtes en cours…");
            },
            grace,
        )
        .await
        .map_err(|e| fail("serveur arrêté sur une erreur", e))?;
        match stopped {
            Stopped::Drained => eprintln!("Arrêt propre."),
            Stopped::GraceExpired => eprintln!(
                "Arrêt : des requêtes duraient encore après {} s, elles ont été interrompues.",
                grace.as_secs()
            ),
        }
        Ok(())
    })
}

/// `gardes desiderata`: the availability sheets out and back in (src/desiderata/).
fn desiderata(action: DesiderataAction) -> Result<(), Failure> {
    use gardes::desiderata::template::{self, SheetFormat};
    match action {
        DesiderataAction::Template {
            instance,
            output,
            format,
            return_by,
            now,
            replace,
            quiet,
        } => {
            let prepared = prepare_desiderata(&instance)?;
            let options = template::Options {
                format: match format {
                    SheetFormatArg::Xlsx => SheetFormat::Xlsx,
                    SheetFormatArg::Csv => SheetFormat::Csv,
                },
                return_by,
                created: now.unwrap_or_else(now_or_epoch),
            };
            let files =
                template::files(&prepared, &options).map_err(|e| Failure::input(e.to_string()))?;
            if !replace {
                let present: Vec<String> = files
                    .iter()
                    .map(|(name, _)| output.join(name))
                    .filter(|p| p.exists())
                    .map(|p| p.display().to_string())
                    .collect();
                if !present.is_empty() {
                    return Err(Failure::input(format!(
                        "{} feuille(s) déjà présente(s), rien n'a été écrit (des feuilles rendues s'y trouvent peut-être ; --replace pour les remplacer) : {}",
                        present.len(),
                        present.join(", ")
                    )));
                }
            }
            std::fs::create_dir_all(&output).map_err(|e| {
                Failure::rule(format!("création de {} impossible : {e}", output.display()))
            })?;
            for (name, bytes) in &files {
                let path = output.join(name);
                export::atomic::write(&path, bytes).map_err(|e| {
                    Failure::rule(format!("écriture de {} impossible : {e}", path.display()))
                })?;
            }
            if !quiet {
                println!(
                    "{} feuilles de praticien et la feuille commune {} écrites dans {}",
                    files.len() - 1,
                    files.last().map_or("", |(n, _)| n.as_str()),
                    output.display()
                );
            }
            Ok(())
        }
        DesiderataAction::Import {
            instance,
            sheets,
            output,
            skip_invalid,
            quiet,
        } => {
            let text = read_text(&instance)?;
            let files = read_sheets(&sheets)?;
            let label = instance.display().to_string();
            let import =
                gardes::desiderata::import(&label, &text, &files).map_err(desiderata_failure)?;
            let collected = &import.collected;
            let problems: Vec<String> = collected.problems.iter().map(|p| p.to_string()).collect();
            if !problems.is_empty() && !skip_invalid {
                return Err(Failure::input(format!(
                    "{}\n{} cellule(s) illisible(s) : rien n'a été écrit (corrigez les feuilles, ou --skip-invalid pour importer le reste)",
                    problems.join("\n"),
                    problems.len()
                )));
            }
            export::atomic::write(&output, import.text.as_bytes()).map_err(|e| {
                Failure::rule(format!("écriture de {} impossible : {e}", output.display()))
            })?;
            if !quiet {
                print!("{}", gardes::desiderata::labels::import_report(&import));
                if !problems.is_empty() {
                    println!("\nIgnoré (--skip-invalid), {} cellule(s) :", problems.len());
                    for p in &problems {
                        println!("- {p}");
                    }
                }
                println!("\nÉcrit dans {}", output.display());
            }
            Ok(())
        }
        DesiderataAction::Summary {
            instance,
            sheets,
            output,
            quiet,
        } => {
            use gardes::desiderata::summary;
            let prepared = prepare_desiderata(&instance)?;
            let files = read_sheets(&sheets)?;
            let collected = gardes::desiderata::read::collect(&prepared, &files);
            let result = summary::summarize(&prepared, &collected);
            let markdown = summary::to_markdown(&prepared, &result);
            if let Some(dir) = &output {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Failure::rule(format!("création de {} impossible : {e}", dir.display()))
                })?;
                for (name, text) in [
                    ("collecte.md", markdown.clone()),
                    ("collecte.csv", summary::to_csv(&prepared, &result)),
                ] {
                    let path = dir.join(name);
                    export::atomic::write(&path, text.as_bytes()).map_err(|e| {
                        Failure::rule(format!("écriture de {} impossible : {e}", path.display()))
                    })?;
                }
            }
            if !quiet {
                print!("{markdown}");
                if let Some(dir) = &output {
                    println!("Écrit dans {}", dir.display());
                }
            }
            Ok(())
        }
    }
}

/// A text file, UTF-8.
fn read_text(path: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::input(format!("lecture de {} impossible : {e}", path.display())))?;
    String::from_utf8(bytes).map_err(|e| {
        Failure::input(format!(
            "{} : le fichier n'est pas en UTF-8 (octet {} illisible) ; enregistrez-le en UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

/// The sheets' bytes, named as given.
fn read_sheets(paths: &[PathBuf]) -> Result<Vec<gardes::desiderata::SheetFile>, Failure> {
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| {
                Failure::input(format!("lecture de {} impossible : {e}", path.display()))
            })?;
            Ok(gardes::desiderata::SheetFile {
                name: path.display().to_string(),
                bytes,
            })
        })
        .collect()
}

fn prepare_desiderata(path: &Path) -> Result<gardes::desiderata::Prepared, Failure> {
    let text = read_text(path)?;
    gardes::desiderata::Prepared::parse(&path.display().to_string(), &text)
        .map_err(|e| desiderata_failure(gardes::desiderata::ImportError::Prepare(e)))
}

fn desiderata_failure(e: gardes::desiderata::ImportError) -> Failure {
    use gardes::desiderata::{ImportError, PrepareError};
    match e {
        ImportError::Prepare(PrepareError::Invalid(d)) => {
            Failure::input(format!("{:?}", miette::Report::new(d)))
        }
        ImportError::Prepare(e) => Failure::input(e.to_string()),
        e @ ImportError::Merged(_) => Failure::rule(e.to_string()),
    }
}
