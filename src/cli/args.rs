//! The command line as the user types it: clap's structures, the flags, their help
//! texts and defaults. Nothing here is checked beyond what clap parses; `request.rs`
//! turns these into validated requests.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Parser, Subcommand};

/// Duty rosters for out-of-hours medical care (tableaux de garde).
#[derive(Parser)]
#[command(name = "gardes", version, about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
    /// Open the coordinator's workspace in the browser for one quarter's folder (the
    /// instance, the returned sheets in retours/, the draft in brouillon/, the published
    /// tableau in publication/): collect the wishes, solve, look, exchange, re-plan an
    /// absence and publish, without a terminal (docs/workspace.md).
    Workspace {
        /// The quarter's folder.
        folder: PathBuf,
        /// The instance file inside it (default: the folder's only .toml besides
        /// tokens.toml).
        #[arg(long)]
        instance: Option<PathBuf>,
        /// Address and port to listen on (port 0: any free port); off loopback,
        /// --secret-file is required.
        #[arg(long, default_value = "127.0.0.1:8090")]
        listen: std::net::SocketAddr,
        /// A file holding the coordinator secret (at least 16 characters), asked once
        /// per browser; required off loopback.
        #[arg(long)]
        secret_file: Option<PathBuf>,
        /// Base URL of the feeds' server (gardes serve), for the private addresses
        /// listed after publishing.
        #[arg(long)]
        urls: Option<String>,
        #[command(flatten)]
        solver: SolverArgs,
        /// The publication instant (RFC 3339) of every publication; default: now, or
        /// SOURCE_DATE_EPOCH when set.
        #[arg(long)]
        now: Option<DateTime<Utc>>,
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
        #[arg(long, default_value_t = crate::serve::DEFAULT_MAX_AGE)]
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
    /// Write the man pages and the shell completions into a folder (`cargo xtask dist`).
    #[command(hide = true)]
    DistAssets {
        /// The folder (created if missing).
        output: PathBuf,
    },
}

/// The solver's options of `solve` and `replan`.
#[derive(clap::Args, Clone, Copy)]
pub(crate) struct SolverArgs {
    /// Time limit in seconds for the whole solve.
    #[arg(long, default_value_t = 60.0)]
    pub(crate) time_limit: f64,
    /// Relative MIP gap at which to stop (0 proves optimality).
    #[arg(long, default_value_t = 0.0)]
    pub(crate) gap: f64,
    /// HiGHS threads.
    #[arg(long, default_value_t = 1)]
    pub(crate) threads: u32,
    /// HiGHS random seed.
    #[arg(long, default_value_t = 0)]
    pub(crate) seed: u32,
    /// Deterministic work limit, in units of a thousand LP iterations: the same roster
    /// on a busy machine as on a quiet one, with --time-limit as a cap.
    #[arg(long)]
    pub(crate) work_limit: Option<f64>,
    /// The engine: the compact model, the decomposition by practitioner (column
    /// generation), or auto (the decomposition on the first level of the general
    /// rostering rules); docs/model.md.
    #[arg(long, value_enum, default_value = "auto")]
    pub(crate) engine: EngineArg,
}

/// The engine of `--engine`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum EngineArg {
    /// The compact model alone.
    Compact,
    /// Column generation by practitioner, then the compact model on its roster.
    Decomposition,
    /// Chosen level by level.
    Auto,
}

impl EngineArg {
    pub(crate) fn engine(self) -> crate::solve::Engine {
        match self {
            EngineArg::Compact => crate::solve::Engine::Compact,
            EngineArg::Decomposition => crate::solve::Engine::Decomposition,
            EngineArg::Auto => crate::solve::Engine::Auto,
        }
    }
}

/// The benchmarks `gardes bench` runs.
#[derive(Subcommand)]
pub(crate) enum BenchSuite {
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
        /// The engines to run on each instance, side by side, comma-separated.
        #[arg(
            long,
            value_enum,
            value_delimiter = ',',
            default_value = "compact,decomposition"
        )]
        engines: Vec<EngineArg>,
        /// An anchor's results (the CSV of anchors/highs_curtois.py or
        /// anchors/cpsat_curtois.py), shown beside the engines; repeatable.
        #[arg(long = "anchors", value_name = "FILE")]
        anchors: Vec<PathBuf>,
    },
}

/// What `gardes desiderata` does.
#[derive(Subcommand)]
pub(crate) enum DesiderataAction {
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
pub(crate) enum SheetFormatArg {
    /// XLSX workbooks.
    Xlsx,
    /// CSV files (UTF-8, `;`).
    Csv,
}

/// The formats `gardes import` reads.
#[derive(Subcommand)]
pub(crate) enum ImportFormat {
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
pub(crate) enum ScoreFormat {
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

/// A `YYYY-MM-DD` date argument.
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| crate::labels::cli::bad_date(text))
}
