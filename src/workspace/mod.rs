//! The coordinator's workspace in the browser (`gardes workspace DOSSIER`;
//! docs/workspace.md): one quarter's folder ([`quarter`]) served on loopback, to collect
//! the availability sheets, solve with live progress, look at the roster, exchange
//! duties, re-plan an absence and publish, without a terminal.
//!
//! **No logic of its own.** Each action is a library workflow the commands run: the
//! sheets are imported by `desiderata::import` and summarised by
//! `desiderata::summary` (as `gardes desiderata import|summary`), a solve is
//! `app::solve`, an exchange `app::swap`, a re-planning `app::replan`, a publication
//! `app::Publication::write` (as `gardes solve|swap|replan` into the publication
//! folder), the feeds' tokens `serve::Tokens::issue` (as `gardes tokens`). The
//! candidates for a seat are `swap::apply`, that is the independent checker's verdict
//! on the roster with that one change. So the workspace writes exactly what the
//! commands write, and nothing the checker refuses.
//!
//! **The draft.** Solving, exchanging and re-planning write into `brouillon/` (as the
//! command would with `-o brouillon/ --replace`); publishing writes the draft into
//! `publication/`, archiving the earlier tableau and continuing the feeds' history,
//! then issues the missing feed tokens and lists each practitioner's private address.
//! A re-planning is set aside until the coordinator has seen its changes and keeps it.
//!
//! **Conflicts.** Every page carries the quarter's revision (a digest of the instance,
//! the draft, the published roster and the sheets, [`quarter::Quarter::revision`]);
//! a change sent from a page drawn on another revision — another tab, or a command run
//! meanwhile — is refused with `409` and nothing is written. Changes are serialised by
//! one lock, and none is taken while a solve or a re-planning runs ([`job`]).
//!
//! **Safety.** [`guard`]: loopback by default, a coordinator secret otherwise,
//! cross-site requests refused, no file reachable but the quarter's own by fixed name.
//!
//! Hand-written on axum like `serve/`; the pages are maud (escaped, checked at compile
//! time) around the report's own grid (`html::render_with`), with one small inline
//! script and no framework.

pub mod guard;
pub mod job;
mod pages;
pub mod quarter;

use std::collections::BTreeMap;
use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Multipart, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use tokio::net::TcpListener;

use crate::app::{self, Publication};
use crate::instance::Instance;
use crate::labels::workspace as fr;
use crate::solve::SolveOptions;
use crate::swap::{Seat, Swap};

pub use guard::Guard;
pub use quarter::Quarter;

/// How a workspace runs.
pub struct Config {
    /// The quarter's folder and instance.
    pub quarter: Quarter,
    /// The solver's options for a solve or a re-planning (the time limit can be changed
    /// on the page).
    pub options: SolveOptions,
    /// The base of the feeds' public addresses (`https://gardes.example.org`), for the
    /// list of private addresses.
    pub feeds_base: Option<String>,
    /// The publication instant, fixed (`--now`, `SOURCE_DATE_EPOCH`); the clock when
    /// `None`.
    pub now: Option<DateTime<Utc>>,
}

/// A notice shown once on the page a change leads back to.
#[derive(Clone, Debug)]
pub(crate) struct Notice {
    /// Whether the change was made.
    pub ok: bool,
    /// One line.
    pub title: String,
    /// Details, line by line.
    pub lines: Vec<String>,
}

/// The workspace's state, shared by every request.
pub struct Workspace {
    config: Config,
    guard: Guard,
    /// Serialises every change of the quarter.
    write: Mutex<()>,
    /// The draft in memory, as last written into `brouillon/` (the re-planned instance
    /// with it); rebuilt from the folder when `None`.
    draft: Mutex<Option<Publication>>,
    /// A re-planning waiting to be kept or dropped, with the revision it was made on.
    pending: Mutex<Option<(Publication, String)>>,
    /// The running or last job.
    job: Mutex<Option<job::Job>>,
    /// Notices by number.
    notices: Mutex<BTreeMap<u64, Notice>>,
}

/// The state handed to handlers.
pub type Shared = Arc<Workspace>;

/// Notices kept (the oldest go first).
const NOTICES_KEPT: usize = 32;

impl Workspace {
    /// The workspace of `config`, listening on `address` with `secret` if any.
    ///
    /// # Errors
    /// A French message when the guard cannot be set up ([`Guard::new`]).
    pub fn new(
        config: Config,
        address: SocketAddr,
        secret: Option<String>,
    ) -> Result<Self, String> {
        Ok(Workspace {
            guard: Guard::new(address, secret)?,
            config,
            write: Mutex::new(()),
            draft: Mutex::new(None),
            pending: Mutex::new(None),
            job: Mutex::new(None),
            notices: Mutex::new(BTreeMap::new()),
        })
    }

    /// The quarter.
    pub fn quarter(&self) -> &Quarter {
        &self.config.quarter
    }

    fn now(&self) -> DateTime<Utc> {
        self.config.now.unwrap_or_else(Utc::now)
    }

    fn notice(&self, notice: Notice) -> u64 {
        let mut notices = lock(&self.notices);
        let id = notices.keys().next_back().map_or(1, |k| k + 1);
        notices.insert(id, notice);
        while notices.len() > NOTICES_KEPT {
            notices.pop_first();
        }
        id
    }

    fn notice_of(&self, id: Option<u64>) -> Option<Notice> {
        id.and_then(|id| lock(&self.notices).get(&id).cloned())
    }

    fn running(&self) -> Option<job::Job> {
        lock(&self.job).clone().filter(job::Job::running)
    }

    /// The instance file, loaded.
    fn file_instance(&self) -> Result<Instance, String> {
        let path = self.quarter().instance();
        let text = std::fs::read_to_string(path)
            .map_err(|e| crate::labels::cli::unreadable(path.display(), e))?;
        crate::instance::parse(&self.quarter().instance_label(), &text)
            .map_err(|d| d.render_plain())
    }

    /// The instance the draft is on: the re-planned one when the draft is a
    /// re-planning, else the file's.
    fn draft_instance(&self) -> Result<Instance, String> {
        if let Some(p) = lock(&self.draft).as_ref() {
            return Ok(p.instance.clone());
        }
        self.file_instance()
    }

    /// The draft as a publication: the one in memory, or rebuilt from the current
    /// roster's folder.
    fn draft_publication(&self) -> Result<Option<Publication>, String> {
        if let Some(p) = lock(&self.draft).take() {
            return Ok(Some(p));
        }
        let Some(roster) = self.quarter().current_roster() else {
            return Ok(None);
        };
        let instance = self.file_instance()?;
        let folder = roster.parent().map(Path::to_path_buf).unwrap_or_default();
        let records = app::read_roster(&roster).map_err(|e| e.to_string())?;
        let duties = crate::duties::expand(&instance).map_err(|e| e.to_string())?;
        let roster = crate::swap::roster_of(&instance, &duties, &records)
            .ok_or_else(|| fr::UNKNOWN_ROWS.to_owned())?;
        let check = crate::check::check(&instance, &duties, &records);
        let mut files = Vec::new();
        for name in [
            "changes.csv",
            "summary.json",
            "summary.md",
            "swap.md",
            "report.html",
        ] {
            if let Ok(text) = std::fs::read_to_string(folder.join(name)) {
                files.push((name, text));
            }
        }
        Ok(Some(Publication {
            output: folder,
            instance,
            duties,
            roster,
            population: check.population,
            files,
            history: crate::export::feeds::FeedHistory::default(),
            now: self.now(),
            replace: true,
            markdown: String::new(),
        }))
    }

    /// Writes `publication` as the draft (into `brouillon/`, replacing).
    fn keep_draft(&self, mut publication: Publication) -> Result<(), String> {
        publication.output = self.quarter().dir(quarter::DRAFT);
        publication.replace = true;
        publication.history = crate::export::feeds::FeedHistory::default();
        publication.write().map_err(|e| e.to_string())?;
        *lock(&self.draft) = Some(publication);
        Ok(())
    }
}

/// A poisoned lock still holds whole values: each is replaced in one assignment.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The workspace's routes, behind its guard.
pub fn router(shared: Shared) -> Router {
    Router::new()
        .route("/", get(page_quarter))
        .route("/feuilles", post(import_sheets))
        .route("/modeles/{name}", get(blank_sheet))
        .route("/resoudre", get(page_solve).post(start_solve))
        .route("/arreter", post(stop_job))
        .route("/etat.json", get(job_state))
        .route("/tableau", get(page_roster))
        .route("/place", get(seat_candidates))
        .route("/echanger", post(exchange))
        .route("/absence", get(page_absence).post(start_replan))
        .route("/absence/garder", post(keep_replan))
        .route("/absence/abandonner", post(drop_replan))
        .route("/publication", get(page_publish).post(publish))
        .route("/fichiers/{folder}/{name}", get(file))
        .route(guard::LOGIN, get(page_login).post(login))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&shared),
            guard::guard,
        ))
        .with_state(shared)
}

/// Serves `shared` on `listener` until `shutdown` completes.
///
/// # Errors
/// The server's I/O error.
pub async fn serve(
    listener: TcpListener,
    shared: Shared,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(shared))
        .with_graceful_shutdown(shutdown)
        .into_future()
        .await
}

async fn not_found() -> Response {
    guard::refuse(StatusCode::NOT_FOUND, fr::NOT_FOUND)
}

/// Runs blocking work (files, the checker, HiGHS's set-up) off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| guard::refuse(StatusCode::INTERNAL_SERVER_ERROR, fr::INTERNAL))
}

/// Where a change leads back to, with its notice.
fn back(shared: &Workspace, to: &str, notice: Notice) -> Response {
    let id = shared.notice(notice);
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, format!("{to}?avis={id}"))
        .body(Body::empty())
        .unwrap_or_default()
}

fn refused(title: impl Into<String>, lines: Vec<String>) -> Notice {
    Notice {
        ok: false,
        title: title.into(),
        lines,
    }
}

fn done(title: impl Into<String>, lines: Vec<String>) -> Notice {
    Notice {
        ok: true,
        title: title.into(),
        lines,
    }
}

/// The page's notice number.
#[derive(Deserialize, Default)]
struct NoticeQuery {
    avis: Option<u64>,
}

/// The revision a change was asked on; a change on another revision, or while a job
/// runs, is refused with this response.
fn stale(shared: &Workspace, revision: &str) -> Option<Box<Response>> {
    if shared.running().is_some() {
        return Some(Box::new(pages::conflict(fr::JOB_RUNNING)));
    }
    (shared.quarter().revision() != revision).then(|| Box::new(pages::conflict(fr::STALE)))
}

async fn page_quarter(State(shared): State<Shared>, Query(q): Query<NoticeQuery>) -> Response {
    let s = Arc::clone(&shared);
    match blocking(move || pages::quarter(&s, s.notice_of(q.avis))).await {
        Ok(page) => Html(page).into_response(),
        Err(r) => r,
    }
}

async fn import_sheets(State(shared): State<Shared>, mut multipart: Multipart) -> Response {
    let mut revision = String::new();
    let mut sheets: Vec<(String, Vec<u8>)> = Vec::new();
    let mut bad: Vec<String> = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return back(&shared, "/", refused(fr::UPLOAD_BROKEN, Vec::new())),
        };
        match field.name() {
            Some("revision") => revision = field.text().await.unwrap_or_default(),
            Some("feuilles") => {
                let given = field.file_name().unwrap_or("").to_owned();
                let Ok(bytes) = field.bytes().await else {
                    return back(&shared, "/", refused(fr::UPLOAD_BROKEN, Vec::new()));
                };
                if given.is_empty() && bytes.is_empty() {
                    continue;
                }
                match quarter::sheet_name(&given) {
                    Some(name) if bytes.len() <= quarter::MAX_SHEET_BYTES => {
                        sheets.push((name, bytes.to_vec()));
                    }
                    _ => bad.push(fr::bad_sheet_name(&given)),
                }
            }
            _ => {}
        }
    }
    let s = Arc::clone(&shared);
    let result = blocking(move || {
        let _write = lock(&s.write);
        if let Some(r) = stale(&s, &revision) {
            return Err(r);
        }
        if !bad.is_empty() {
            return Ok(refused(fr::SHEETS_REFUSED, bad));
        }
        if sheets.is_empty() {
            return Ok(refused(fr::NO_SHEET, Vec::new()));
        }
        Ok(import(&s, &sheets))
    })
    .await;
    match result {
        Ok(Ok(notice)) => back(&shared, "/", notice),
        Ok(Err(r)) => *r,
        Err(r) => r,
    }
}

/// Imports `sheets` into the instance file (as `gardes desiderata import`), then keeps
/// them in `retours/`; a sheet with a problem imports nothing.
fn import(shared: &Workspace, sheets: &[(String, Vec<u8>)]) -> Notice {
    let quarter = shared.quarter();
    let path = quarter.instance();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return refused(crate::labels::cli::unreadable(path.display(), e), vec![]),
    };
    let files: Vec<crate::desiderata::SheetFile> = sheets
        .iter()
        .map(|(name, bytes)| crate::desiderata::SheetFile {
            name: name.clone(),
            bytes: bytes.clone(),
        })
        .collect();
    let imported = match crate::desiderata::import(&quarter.instance_label(), &text, &files) {
        Ok(i) => i,
        Err(e) => return refused(fr::IMPORT_FAILED, vec![e.to_string()]),
    };
    let problems: Vec<String> = imported
        .collected
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    if !problems.is_empty() {
        return refused(fr::IMPORT_PROBLEMS, problems);
    }
    let dir = quarter.dir(quarter::SHEETS);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return refused(crate::labels::cli::unreadable(dir.display(), e), vec![]);
    }
    for (name, bytes) in sheets {
        let target = dir.join(name);
        if let Err(e) = crate::export::atomic::write(&target, bytes) {
            return refused(fr::unwritable(&target, &e), vec![]);
        }
    }
    if let Err(e) = crate::export::atomic::write(path, imported.text.as_bytes()) {
        return refused(fr::unwritable(path, &e), vec![]);
    }
    let report = crate::desiderata::labels::import_report(&imported);
    done(
        fr::imported(sheets.len()),
        report.lines().map(str::to_owned).collect(),
    )
}

/// A blank availability sheet to send (as `gardes desiderata template`), by the name
/// the template gives it: `d07.xlsx`, or the one for every practitioner.
async fn blank_sheet(
    State(shared): State<Shared>,
    axum::extract::Path(name): axum::extract::Path<String>,
) -> Response {
    let s = Arc::clone(&shared);
    let sheet = blocking(move || -> Option<Vec<u8>> {
        let text = std::fs::read_to_string(s.quarter().instance()).ok()?;
        let prepared =
            crate::desiderata::Prepared::parse(&s.quarter().instance_label(), &text).ok()?;
        let options = crate::desiderata::template::Options {
            created: s.now(),
            ..crate::desiderata::template::Options::default()
        };
        crate::desiderata::template::files(&prepared, &options)
            .ok()?
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, bytes)| bytes)
    })
    .await;
    match sheet {
        Ok(Some(bytes)) => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                (header::CONTENT_DISPOSITION, "attachment"),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => not_found().await,
        Err(r) => r,
    }
}

async fn page_solve(State(shared): State<Shared>, Query(q): Query<NoticeQuery>) -> Response {
    let s = Arc::clone(&shared);
    match blocking(move || pages::solve(&s, s.notice_of(q.avis))).await {
        Ok(page) => Html(page).into_response(),
        Err(r) => r,
    }
}

#[derive(Deserialize)]
struct SolveForm {
    revision: String,
    /// Seconds.
    limite: Option<f64>,
}

async fn start_solve(State(shared): State<Shared>, Form(form): Form<SolveForm>) -> Response {
    let s = Arc::clone(&shared);
    let result = blocking(move || {
        let _write = lock(&s.write);
        if let Some(r) = stale(&s, &form.revision) {
            return Err(r);
        }
        let instance = match s.file_instance() {
            Ok(i) => i,
            Err(e) => return Ok(refused(fr::INSTANCE_INVALID, vec![e])),
        };
        let mut options = s.config.options.clone();
        if let Some(limit) = form.limite {
            if !(limit.is_finite() && limit >= 1.0) {
                return Ok(refused(crate::labels::cli::TIME_LIMIT, vec![]));
            }
            options.time_limit = limit;
        }
        let (job, options) = job::Job::new(job::Kind::Solve, &options);
        *lock(&s.job) = Some(job.clone());
        let worker = Arc::clone(&s);
        std::thread::spawn(move || run_solve(&worker, &job, instance, options));
        Ok(done(fr::SOLVE_STARTED, vec![]))
    })
    .await;
    match result {
        Ok(Ok(notice)) => back(&shared, "/resoudre", notice),
        Ok(Err(r)) => *r,
        Err(r) => r,
    }
}

/// The solve of a job: `gardes solve -o brouillon/ --replace`.
fn run_solve(shared: &Workspace, job: &job::Job, instance: Instance, options: SolveOptions) {
    let hints = crate::whatif::HintOptions {
        count: DEFAULT_HINTS,
        seconds: (options.time_limit / 10.0).max(2.0),
        threads: options.threads,
        seed: options.seed,
        work: options.work_limit.map(|w| w / 10.0),
        stop: options.stop.clone(),
    };
    let request = app::solve::Request {
        output: shared.quarter().dir(quarter::DRAFT),
        options,
        hints,
        now: shared.now(),
        replace: true,
        started: job.started,
    };
    let ended = match app::solve::solve(instance, &request, None) {
        Ok(publication) => {
            let _write = lock(&shared.write);
            let markdown = publication.markdown.clone();
            match shared.keep_draft(publication) {
                Ok(()) => {
                    *lock(&shared.pending) = None;
                    job::Ended::Done(markdown)
                }
                Err(e) => job::Ended::Failed(e),
            }
        }
        Err(e) => job::Ended::Failed(e.to_string()),
    };
    job.end(ended);
}

/// The what-if hints a solve looks for, as `gardes solve`'s default.
const DEFAULT_HINTS: usize = 3;

#[derive(Deserialize)]
struct Plain {
    revision: String,
}

async fn stop_job(State(shared): State<Shared>) -> Response {
    if let Some(job) = shared.running() {
        job.stop.request();
    }
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, "/resoudre")
        .body(Body::empty())
        .unwrap_or_default()
}

async fn job_state(State(shared): State<Shared>) -> Response {
    let job = lock(&shared.job).clone();
    let body = match job {
        None => serde_json::json!({ "tache": null }),
        Some(job) => {
            let progress = job.progress();
            let (finished, error) = match job.ended() {
                None => (false, None),
                Some(job::Ended::Done(_)) => (true, None),
                Some(job::Ended::Failed(e)) => (true, Some(e)),
            };
            serde_json::json!({
                "tache": match job.kind { job::Kind::Solve => "resoudre", job::Kind::Replan => "replanifier" },
                "fini": finished,
                "erreur": error,
                "ecoule": job.seconds(),
                "ligne": progress.as_ref().map(crate::progress::line),
                "etape": progress.as_ref().map(|p| crate::labels::html::stage(p.stage)),
                "valeur": progress.as_ref().and_then(|p| p.objective),
                "borne": progress.as_ref().and_then(|p| p.bound),
                "ecart": progress.as_ref().and_then(|p| p.gap),
                "revision": shared.quarter().revision(),
            })
        }
    };
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn page_roster(State(shared): State<Shared>, Query(q): Query<NoticeQuery>) -> Response {
    let s = Arc::clone(&shared);
    match blocking(move || pages::roster(&s, s.notice_of(q.avis))).await {
        Ok(page) => Html(page).into_response(),
        Err(r) => r,
    }
}

/// A seat of the grid: its holder (empty for an empty seat), date, post and periods.
#[derive(Deserialize, Clone)]
struct SeatQuery {
    #[serde(default)]
    id: String,
    date: NaiveDate,
    post: String,
    periods: String,
    /// Seats chosen first, for an exchange (`ID:DATE:PERIOD:POST` separated by spaces).
    #[serde(default)]
    avec: String,
    /// The revision of the page the seat was chosen on.
    #[serde(default)]
    revision: String,
}

impl SeatQuery {
    fn seats(&self) -> Vec<Seat> {
        self.periods
            .split_whitespace()
            .map(|period| Seat {
                practitioner: self.id.clone(),
                date: self.date,
                period: period.to_owned(),
                post: self.post.clone(),
            })
            .collect()
    }
}

async fn seat_candidates(State(shared): State<Shared>, Query(q): Query<SeatQuery>) -> Response {
    let s = Arc::clone(&shared);
    let with: Vec<Seat> = q
        .avec
        .split_whitespace()
        .filter_map(|t| Seat::parse(t).ok())
        .collect();
    match blocking(move || {
        if s.quarter().revision() != q.revision {
            return pages::stale_panel();
        }
        pages::candidates(&s, &q.id, &q.seats(), &with)
    })
    .await
    {
        Ok(fragment) => Html(fragment).into_response(),
        Err(r) => r,
    }
}

#[derive(Deserialize)]
struct ExchangeForm {
    revision: String,
    /// Seats given, `ID:DATE:PERIOD:POST` separated by spaces.
    donne: String,
    /// Seats taken back, likewise.
    #[serde(default)]
    prend: String,
    /// The receiver of a one-way handover.
    #[serde(default)]
    a: String,
}

async fn exchange(State(shared): State<Shared>, Form(form): Form<ExchangeForm>) -> Response {
    let s = Arc::clone(&shared);
    let result = blocking(move || {
        let _write = lock(&s.write);
        if let Some(r) = stale(&s, &form.revision) {
            return Err(r);
        }
        Ok(run_exchange(&s, &form))
    })
    .await;
    match result {
        Ok(Ok(notice)) => back(&shared, "/tableau", notice),
        Ok(Err(r)) => *r,
        Err(r) => r,
    }
}

/// `gardes swap INSTANCE brouillon/assignments.csv --give … --take …|--to …`.
fn run_exchange(shared: &Workspace, form: &ExchangeForm) -> Notice {
    let parse = |text: &str| -> Result<Vec<Seat>, String> {
        text.split_whitespace()
            .map(|s| Seat::parse(s).map_err(|e| e.to_string()))
            .collect()
    };
    let (give, take) = match (parse(&form.donne), parse(&form.prend)) {
        (Ok(g), Ok(t)) => (g, t),
        (Err(e), _) | (_, Err(e)) => return refused(fr::EXCHANGE_REFUSED, vec![e]),
    };
    let to = Some(form.a.trim().to_owned()).filter(|a| !a.is_empty());
    let Some(roster) = shared.quarter().current_roster() else {
        return refused(fr::NO_ROSTER, vec![]);
    };
    let instance = match shared.draft_instance() {
        Ok(i) => i,
        Err(e) => return refused(fr::INSTANCE_INVALID, vec![e]),
    };
    let request = app::swap::Request {
        roster,
        swap: Swap { give, take, to },
        output: Some(shared.quarter().dir(quarter::DRAFT)),
        now: shared.now(),
        replace: true,
    };
    match app::swap::swap(instance, &request) {
        Ok(app::swap::Swapped::Publish(publication)) => {
            let markdown = publication.markdown.clone();
            match shared.keep_draft(*publication) {
                Ok(()) => done(fr::EXCHANGED, markdown.lines().map(str::to_owned).collect()),
                Err(e) => refused(fr::EXCHANGE_REFUSED, vec![e]),
            }
        }
        Ok(app::swap::Swapped::DryRun { .. }) => refused(fr::INTERNAL, vec![]),
        Err(e) => refused(
            fr::EXCHANGE_REFUSED,
            e.to_string().lines().map(str::to_owned).collect(),
        ),
    }
}

async fn page_absence(State(shared): State<Shared>, Query(q): Query<NoticeQuery>) -> Response {
    let s = Arc::clone(&shared);
    match blocking(move || pages::absence(&s, s.notice_of(q.avis))).await {
        Ok(page) => Html(page).into_response(),
        Err(r) => r,
    }
}

#[derive(Deserialize)]
struct AbsenceForm {
    revision: String,
    praticien: String,
    /// The first day of absence.
    debut: NaiveDate,
    /// The last.
    fin: NaiveDate,
    /// The re-planning date (default: the first day of the absence).
    depuis: Option<String>,
    limite: Option<f64>,
}

async fn start_replan(State(shared): State<Shared>, Form(form): Form<AbsenceForm>) -> Response {
    let s = Arc::clone(&shared);
    let result = blocking(move || {
        let _write = lock(&s.write);
        if let Some(r) = stale(&s, &form.revision) {
            return Err(r);
        }
        let Some(roster) = s.quarter().current_roster() else {
            return Ok(refused(fr::NO_ROSTER, vec![]));
        };
        let instance = match s.draft_instance() {
            Ok(i) => i,
            Err(e) => return Ok(refused(fr::INSTANCE_INVALID, vec![e])),
        };
        let from = match form
            .depuis
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            None => form.debut,
            Some(d) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Ok(d) => d,
                Err(_) => return Ok(refused(fr::bad_date(d), vec![])),
            },
        };
        let mut options = s.config.options.clone();
        if let Some(limit) = form.limite {
            if !(limit.is_finite() && limit >= 1.0) {
                return Ok(refused(crate::labels::cli::TIME_LIMIT, vec![]));
            }
            options.time_limit = limit;
        }
        let (job, options) = job::Job::new(job::Kind::Replan, &options);
        let request = app::replan::Request {
            roster,
            changes: None,
            from: Some(from),
            unavailable: vec![format!(
                "{}:{}..{}",
                form.praticien.trim(),
                form.debut,
                form.fin
            )],
            leave: Vec::new(),
            demand: Vec::new(),
            notice_days: None,
            urgency: None,
            output: s.quarter().dir(quarter::DRAFT),
            options,
            now: s.now(),
            replace: true,
        };
        *lock(&s.job) = Some(job.clone());
        *lock(&s.pending) = None;
        let worker = Arc::clone(&s);
        let revision = form.revision.clone();
        std::thread::spawn(move || {
            let ended = match app::replan::replan(&instance, &request, None) {
                Ok(publication) => {
                    let markdown = publication.markdown.clone();
                    *lock(&worker.pending) = Some((publication, revision));
                    job::Ended::Done(markdown)
                }
                Err(e) => job::Ended::Failed(e.to_string()),
            };
            job.end(ended);
        });
        Ok(done(fr::REPLAN_STARTED, vec![]))
    })
    .await;
    match result {
        Ok(Ok(notice)) => back(&shared, "/absence", notice),
        Ok(Err(r)) => *r,
        Err(r) => r,
    }
}

async fn keep_replan(State(shared): State<Shared>, Form(form): Form<Plain>) -> Response {
    let s = Arc::clone(&shared);
    let result = blocking(move || {
        let _write = lock(&s.write);
        if let Some(r) = stale(&s, &form.revision) {
            return Err(r);
        }
        let Some((publication, made_on)) = lock(&s.pending).take() else {
            return Ok(refused(fr::NOTHING_PENDING, vec![]));
        };
        if made_on != form.revision {
            return Err(Box::new(pages::conflict(fr::STALE)));
        }
        Ok(match s.keep_draft(publication) {
            Ok(()) => done(fr::REPLAN_KEPT, vec![]),
            Err(e) => refused(fr::REPLAN_FAILED, vec![e]),
        })
    })
    .await;
    match result {
        Ok(Ok(notice)) => back(&shared, "/tableau", notice),
        Ok(Err(r)) => *r,
        Err(r) => r,
    }
}

async fn drop_replan(State(shared): State<Shared>, Form(_form): Form<Plain>) -> Response {
    *lock(&shared.pending) = None;
    back(&shared, "/absence", done(fr::REPLAN_DROPPED, vec![]))
}

async fn page_publish(State(shared): State<Shared>, Query(q): Query<NoticeQuery>) -> Response {
    let s = Arc::clone(&shared);
    match blocking(move || pages::publish(&s, s.notice_of(q.avis))).await {
        Ok(page) => Html(page).into_response(),
        Err(r) => r,
    }
}

async fn publish(State(shared): State<Shared>, Form(form): Form<Plain>) -> Response {
    let s = Arc::clone(&shared);
    let result = blocking(move || {
        let _write = lock(&s.write);
        if let Some(r) = stale(&s, &form.revision) {
            return Err(r);
        }
        Ok(run_publish(&s))
    })
    .await;
    match result {
        Ok(Ok(notice)) => back(&shared, "/publication", notice),
        Ok(Err(r)) => *r,
        Err(r) => r,
    }
}

/// The draft into `publication/` (as the command that made it would have written it
/// there), then the missing feed tokens (as `gardes tokens`).
fn run_publish(shared: &Workspace) -> Notice {
    let quarter = shared.quarter();
    let mut publication = match shared.draft_publication() {
        Ok(Some(p)) => p,
        Ok(None) => return refused(fr::NO_ROSTER, vec![]),
        Err(e) => return refused(fr::PUBLISH_FAILED, vec![e]),
    };
    let draft_output = publication.output.clone();
    let output = quarter.dir(quarter::PUBLISHED);
    let history = match app::read_history(&output) {
        Ok(h) => h,
        Err(e) => {
            *lock(&shared.draft) = Some(publication);
            return refused(fr::PUBLISH_FAILED, vec![e.to_string()]);
        }
    };
    let draft_history = std::mem::replace(&mut publication.history, history);
    publication.output = output;
    publication.now = shared.now();
    publication.replace = false;
    let written = publication.write();
    publication.output = draft_output;
    publication.history = draft_history;
    publication.replace = true;
    let ids: Vec<String> = publication
        .instance
        .practitioners
        .iter()
        .map(|p| p.id.as_str().to_owned())
        .collect();
    *lock(&shared.draft) = Some(publication);
    let archived = match written {
        Ok(a) => a,
        Err(e) => return refused(fr::PUBLISH_FAILED, vec![e.to_string()]),
    };
    let mut lines = Vec::new();
    if let Some(a) = archived {
        lines.push(fr::archived_to(&a));
    }
    match issue_tokens(quarter, &ids) {
        Ok(line) => lines.push(line),
        Err(e) => return refused(fr::TOKENS_FAILED, vec![e]),
    }
    done(fr::PUBLISHED, lines)
}

/// Keeps the quarter's feed tokens and issues the missing ones, as `gardes tokens`.
fn issue_tokens(quarter: &Quarter, ids: &[String]) -> Result<String, String> {
    let path = quarter.dir(quarter::TOKENS);
    let previous = if path.exists() {
        crate::serve::Tokens::load(&path).map_err(|e| e.to_string())?
    } else {
        crate::serve::Tokens::default()
    };
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let issued = crate::serve::Tokens::issue(
        &previous,
        &ids,
        &crate::serve::tokens::IssueOptions::default(),
    )
    .map_err(|e| e.to_string())?;
    issued
        .tokens
        .save(&path)
        .map_err(|e| fr::unwritable(&path, &e))?;
    Ok(fr::tokens_line(issued.kept.len(), issued.added.len()))
}

/// The feeds' addresses of the published tableau: (id, name, address), in the
/// instance's order.
fn feed_addresses(shared: &Workspace, instance: &Instance) -> Vec<(String, String, String)> {
    let path = shared.quarter().dir(quarter::TOKENS);
    let Ok(tokens) = crate::serve::Tokens::load(&path) else {
        return Vec::new();
    };
    let base = shared
        .config
        .feeds_base
        .as_deref()
        .map_or("", |b| b.trim_end_matches('/'));
    instance
        .practitioners
        .iter()
        .filter_map(|p| {
            let token = tokens.practitioners().get(p.id.as_str())?;
            Some((
                p.id.as_str().to_owned(),
                p.name.clone(),
                format!("{base}{}", crate::serve::tokens::url_path(token)),
            ))
        })
        .collect()
}

#[derive(Deserialize)]
struct FilePath {
    folder: String,
    name: String,
}

/// A file of the draft or of the publication, by fixed name.
async fn file(
    State(shared): State<Shared>,
    axum::extract::Path(p): axum::extract::Path<FilePath>,
) -> Response {
    let folder = match p.folder.as_str() {
        quarter::DRAFT => quarter::DRAFT,
        quarter::PUBLISHED => quarter::PUBLISHED,
        _ => return not_found().await,
    };
    let Some(name) = quarter::SERVED.iter().find(|n| **n == p.name) else {
        return not_found().await;
    };
    let path: PathBuf = shared.quarter().dir(folder).join(name);
    let Ok(bytes) = tokio::fs::read(&path).await else {
        return not_found().await;
    };
    let kind = match Path::new(name).extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("json") => "application/json",
        _ => "text/plain; charset=utf-8",
    };
    ([(header::CONTENT_TYPE, kind)], bytes).into_response()
}

async fn page_login(State(shared): State<Shared>) -> Response {
    Html(pages::login(&shared, false)).into_response()
}

#[derive(Deserialize)]
struct LoginForm {
    secret: String,
}

async fn login(State(shared): State<Shared>, Form(form): Form<LoginForm>) -> Response {
    match shared.guard.login(&form.secret) {
        Some(session) => Response::builder()
            .status(StatusCode::SEE_OTHER)
            .header(header::LOCATION, "/")
            .header(
                header::SET_COOKIE,
                format!(
                    "{}={session}; HttpOnly; SameSite=Strict; Path=/",
                    guard::COOKIE
                ),
            )
            .body(Body::empty())
            .unwrap_or_default(),
        None => {
            // A wrong secret costs a second.
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            (StatusCode::FORBIDDEN, Html(pages::login(&shared, true))).into_response()
        }
    }
}
