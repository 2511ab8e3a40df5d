//! The HTTP server of the iCal feeds (`gardes serve`): each practitioner's
//! `OUT_DIR/ics/<id>.ics` at the private URL `/ics/<token>.ics`, and nothing else.
//!
//! - **Route.** `GET` and `HEAD /ics/<token>.ics` (a query string is ignored). The
//!   token is looked up in the [`Tokens`] table in constant time
//!   ([`Tokens::lookup`]); the file served is named by the table's id, never by the
//!   URL, so no URL can reach another file. Every other path, an unknown token, a
//!   percent-encoded or dotted path → `404` with an empty body; another method on a
//!   feed's URL → `405` with `Allow: GET, HEAD`.
//! - **Read at request time.** The file is opened, its metadata and bytes read from
//!   the one open handle, so a republication (whose writes are atomic renames, see
//!   `export::atomic`) is served at once and a reader never sees half a file. A feed
//!   whose file is missing (the moment a republication moves `ics/` to `archive/`, or
//!   an id no roster has) → `503` with `Retry-After`, so calendar clients keep their
//!   copy and try again rather than drop the subscription; an unreadable one → `500`.
//! - **Headers.** `Content-Type: text/calendar; charset=utf-8`, a strong `ETag` (the
//!   first 128 bits of the bytes' SHA-256), `Last-Modified` (the file's mtime),
//!   `Cache-Control: private, max-age=…`; `If-None-Match` (which wins when present),
//!   else `If-Modified-Since` → `304` without a body.
//! - **Logs.** [`Access`] records go to the caller's callback: the method, the feed's
//!   owner (practitioner id), the status, never the token nor the path as typed.
//! - **Shutdown.** [`serve`] stops accepting when its `shutdown` future completes and
//!   lets in-flight requests finish, within a grace period. [`Termination`] is that
//!   future for Ctrl-C and SIGTERM. The token table can be swapped while serving
//!   ([`Feeds::replace_tokens`]; `gardes serve` does it on SIGHUP).
//!
//! The server speaks plain HTTP: it belongs on loopback behind a TLS reverse proxy
//! (docs/serving.md). This module prints nothing and reads no clock.

pub mod tokens;

use std::future::{Future, IntoFuture};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use httpdate::HttpDate;
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

pub use tokens::{Feed, Tokens, TokensError};

/// The default `Cache-Control: max-age`, in seconds: calendar clients refresh every
/// few hours at most, so five minutes of caching in a proxy costs nothing.
pub const DEFAULT_MAX_AGE: u32 = 300;

/// The `Retry-After` of a feed whose file is missing, in seconds.
pub const RETRY_AFTER: u32 = 60;

/// The default time in-flight requests get to finish after a shutdown signal.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(10);

/// The only path a request may reach, as logs show it.
const FEED_ROUTE: &str = "/ics/<jeton>.ics";

/// The access log's callback.
type AccessLog = Box<dyn Fn(&Access) + Send + Sync>;

/// The feeds being served: the output folder, the token table (replaceable while
/// serving), the caching policy and the access log.
pub struct Feeds {
    out_dir: PathBuf,
    tokens: RwLock<Arc<Tokens>>,
    max_age: u32,
    log: Option<AccessLog>,
}

impl std::fmt::Debug for Feeds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the tokens.
        f.debug_struct("Feeds")
            .field("out_dir", &self.out_dir)
            .field("feeds", &self.tokens().len())
            .field("max_age", &self.max_age)
            .finish_non_exhaustive()
    }
}

impl Feeds {
    /// The feeds of `out_dir` (the folder `gardes solve` wrote, holding `ics/`),
    /// opened by `tokens`, with [`DEFAULT_MAX_AGE`] and no access log.
    pub fn new(out_dir: impl Into<PathBuf>, tokens: Tokens) -> Self {
        Feeds {
            out_dir: out_dir.into(),
            tokens: RwLock::new(Arc::new(tokens)),
            max_age: DEFAULT_MAX_AGE,
            log: None,
        }
    }

    /// Sets the `Cache-Control: max-age` in seconds.
    #[must_use]
    pub fn with_max_age(mut self, seconds: u32) -> Self {
        self.max_age = seconds;
        self
    }

    /// Calls `log` once per request, after its response is built.
    #[must_use]
    pub fn with_access_log(mut self, log: impl Fn(&Access) + Send + Sync + 'static) -> Self {
        self.log = Some(Box::new(log));
        self
    }

    /// The output folder.
    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// The token table now in use.
    pub fn tokens(&self) -> Arc<Tokens> {
        // A poisoned lock still holds a whole table: the swap is one assignment.
        Arc::clone(&self.tokens.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Swaps the token table: requests from now on use `tokens`; those in flight
    /// finish with the table they started with.
    pub fn replace_tokens(&self, tokens: Tokens) {
        *self.tokens.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(tokens);
    }

    fn record(&self, access: &Access) {
        if let Some(log) = &self.log {
            log(access);
        }
    }
}

/// One request, as the access log sees it: no token, no path as typed.
#[derive(Clone, Debug)]
pub struct Access {
    /// The method.
    pub method: Method,
    /// Whether the path had the shape of a feed's URL.
    pub route: Route,
    /// The feed its token opened, if it opened one.
    pub feed: Option<Feed>,
    /// The status answered.
    pub status: StatusCode,
    /// The body's length (0 for `HEAD`, `304` and errors).
    pub bytes: u64,
}

/// The shape of a request's path, the only part of it an access log shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/ics/<something>.ics`.
    Feed,
    /// Anything else.
    Other,
}

impl std::fmt::Display for Access {
    /// `GET /ics/<jeton>.ics d01 200 1234`, or `GET (autre chemin) - 404 0`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let route = match self.route {
            Route::Feed => FEED_ROUTE,
            Route::Other => "(autre chemin)",
        };
        let owner = self.feed.as_ref().map_or("-", Feed::owner);
        write!(
            f,
            "{} {route} {owner} {} {}",
            self.method,
            self.status.as_u16(),
            self.bytes
        )
    }
}

/// How [`serve`] ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    /// Every in-flight request finished.
    Drained,
    /// The grace period ended with requests still in flight; they were dropped.
    GraceExpired,
}

/// The router of the feeds: `/ics/<token>.ics` and a fallback that answers 404.
pub fn router(feeds: Arc<Feeds>) -> Router {
    Router::new()
        .route("/ics/{file}", axum::routing::any(feed))
        .fallback(other)
        .with_state(feeds)
}

/// Serves the feeds on `listener` until `shutdown` completes, then stops accepting
/// and lets in-flight requests finish for at most `grace`.
///
/// # Errors
/// An I/O error of the server itself (accept errors are retried by axum).
pub async fn serve<F>(
    listener: TcpListener,
    feeds: Arc<Feeds>,
    shutdown: F,
    grace: Duration,
) -> io::Result<Stopped>
where
    F: Future<Output = ()> + Send + 'static,
{
    let (signalled, mut watch) = tokio::sync::watch::channel(false);
    let server = axum::serve(listener, router(feeds))
        .with_graceful_shutdown(async move {
            shutdown.await;
            // The receiver lives until `serve` returns.
            let _ = signalled.send(true);
        })
        .into_future();
    let deadline = async move {
        if watch.wait_for(|s| *s).await.is_err() {
            // The shutdown future was dropped unfinished: the server ended by itself.
            std::future::pending::<()>().await;
        }
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        ended = server => ended.map(|()| Stopped::Drained),
        () = deadline => Ok(Stopped::GraceExpired),
    }
}

/// Which signal asked the server to stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopSignal {
    /// Ctrl-C (SIGINT).
    Interrupt,
    /// SIGTERM (a service manager's stop).
    Terminate,
}

/// The signals that stop the server, installed up front so that a signal arriving
/// as soon as the server announces itself is caught rather than killing the process.
#[derive(Debug)]
pub struct Termination {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Termination {
    /// Installs the handlers of Ctrl-C and (on Unix) SIGTERM. Must run inside a
    /// tokio runtime.
    ///
    /// # Errors
    /// When a handler cannot be installed.
    pub fn install() -> io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Termination {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Termination {})
        }
    }

    /// Waits for the first stop signal.
    pub async fn wait(mut self) -> StopSignal {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => StopSignal::Interrupt,
                _ = self.terminate.recv() => StopSignal::Terminate,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = &mut self;
            match tokio::signal::ctrl_c().await {
                Ok(()) => StopSignal::Interrupt,
                // No handler: never stop on a signal.
                Err(_) => std::future::pending().await,
            }
        }
    }
}

/// `/ics/{file}`: a feed if the segment is a known token followed by `.ics`.
async fn feed(
    State(feeds): State<Arc<Feeds>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let Some(token) = token_of(uri.path()) else {
        return finish(
            &feeds,
            method,
            Route::Other,
            None,
            empty(StatusCode::NOT_FOUND),
        );
    };
    let Some(owner) = feeds.tokens().lookup(token.as_bytes()) else {
        return finish(
            &feeds,
            method,
            Route::Feed,
            None,
            empty(StatusCode::NOT_FOUND),
        );
    };
    if method != Method::GET && method != Method::HEAD {
        let mut response = empty(StatusCode::METHOD_NOT_ALLOWED);
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return finish(&feeds, method, Route::Feed, Some(owner), response);
    }
    let path = feeds.out_dir.join("ics").join(owner.file_name());
    let response = match read(&path).await {
        Ok((bytes, modified)) => respond(
            &bytes,
            modified,
            &headers,
            feeds.max_age,
            method == Method::HEAD,
        ),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let mut response = empty(StatusCode::SERVICE_UNAVAILABLE);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER));
            response
        }
        Err(_) => empty(StatusCode::INTERNAL_SERVER_ERROR),
    };
    finish(&feeds, method, Route::Feed, Some(owner), response)
}

/// Every other path.
async fn other(State(feeds): State<Arc<Feeds>>, method: Method) -> Response {
    finish(
        &feeds,
        method,
        Route::Other,
        None,
        empty(StatusCode::NOT_FOUND),
    )
}

/// The token of a raw (not percent-decoded) path `/ics/<token>.ics`, if the path has
/// that shape and the token only URL-safe characters of a plausible length.
fn token_of(path: &str) -> Option<&str> {
    let token = path.strip_prefix("/ics/")?.strip_suffix(".ics")?;
    let plausible = (1..=tokens::MAX_TOKEN_CHARS).contains(&token.len())
        && token.bytes().all(tokens::is_token_char);
    plausible.then_some(token)
}

/// The file's bytes and modification time, both from one open handle.
async fn read(path: &Path) -> io::Result<(Vec<u8>, SystemTime)> {
    let mut file = tokio::fs::File::open(path).await?;
    let meta = file.metadata().await?;
    if !meta.is_file() {
        return Err(io::Error::new(io::ErrorKind::NotFound, "pas un fichier"));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes).await?;
    Ok((bytes, meta.modified().unwrap_or(SystemTime::UNIX_EPOCH)))
}

/// The strong entity tag of a feed's bytes: the first 128 bits of their SHA-256.
fn etag(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// `200` with the feed, or `304` when the request's validators still match.
fn respond(
    bytes: &[u8],
    modified: SystemTime,
    request: &HeaderMap,
    max_age: u32,
    head: bool,
) -> Response {
    let tag = etag(bytes);
    let modified = HttpDate::from(modified);
    let fresh = not_modified(request, &tag, modified);
    let (status, body) = if fresh {
        (StatusCode::NOT_MODIFIED, Body::empty())
    } else if head {
        (StatusCode::OK, Body::empty())
    } else {
        (StatusCode::OK, Body::from(bytes.to_vec()))
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    let mut set = |name, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    set(header::ETAG, tag);
    set(header::LAST_MODIFIED, modified.to_string());
    set(header::CACHE_CONTROL, format!("private, max-age={max_age}"));
    if !fresh {
        set(
            header::CONTENT_TYPE,
            "text/calendar; charset=utf-8".to_owned(),
        );
        set(header::CONTENT_LENGTH, bytes.len().to_string());
    }
    response
}

/// Whether a conditional request can be answered `304` (RFC 9110 §13.2.2):
/// `If-None-Match` decides when present (weak comparison, `*` matches), else
/// `If-Modified-Since` (the file not modified after that date).
fn not_modified(request: &HeaderMap, tag: &str, modified: HttpDate) -> bool {
    let mut none_match = request.get_all(header::IF_NONE_MATCH).iter().peekable();
    if none_match.peek().is_some() {
        let opaque = tag.trim_start_matches("W/");
        return none_match
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .any(|t| t == "*" || t.trim_start_matches("W/") == opaque);
    }
    request
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<HttpDate>().ok())
        .is_some_and(|since| modified <= since)
}

/// A response with no body.
fn empty(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

/// Adds the headers every answer carries, logs the request and returns the answer.
fn finish(
    feeds: &Feeds,
    method: Method,
    route: Route,
    feed: Option<Feed>,
    mut response: Response,
) -> Response {
    let status = response.status();
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    let bytes = if method == Method::HEAD || status != StatusCode::OK {
        0
    } else {
        headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    feeds.record(&Access {
        method,
        route,
        feed,
        status,
        bytes,
    });
    response
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // STYLE.md §4: unwrap is fine in tests.
mod tests {
    use super::*;

    #[test]
    fn only_url_safe_feed_paths_carry_a_token() {
        assert_eq!(token_of("/ics/abc-_9.ics"), Some("abc-_9"));
        for path in [
            "/ics/.ics",
            "/ics/abc",
            "/ics/a%2e.ics",
            "/ics/../a.ics",
            "/ics/a/b.ics",
            "/x/abc.ics",
            "/ics/abc.ics/",
        ] {
            assert_eq!(token_of(path), None, "{path}");
        }
        let long = format!("/ics/{}.ics", "a".repeat(tokens::MAX_TOKEN_CHARS + 1));
        assert_eq!(token_of(&long), None);
    }

    #[test]
    fn if_none_match_wins_over_if_modified_since() {
        let tag = etag(b"BEGIN:VCALENDAR");
        let modified = HttpDate::from(SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000));
        let later = HttpDate::from(SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_100));
        let mut h = HeaderMap::new();
        h.insert(
            header::IF_MODIFIED_SINCE,
            later.to_string().parse().unwrap(),
        );
        assert!(not_modified(&h, &tag, modified));
        h.insert(header::IF_NONE_MATCH, "\"other\"".parse().unwrap());
        assert!(!not_modified(&h, &tag, modified));
        h.insert(
            header::IF_NONE_MATCH,
            format!("\"x\", W/{tag}").parse().unwrap(),
        );
        assert!(not_modified(&h, &tag, modified));
        h.insert(header::IF_NONE_MATCH, "*".parse().unwrap());
        assert!(not_modified(&h, &tag, modified));
        let mut h = HeaderMap::new();
        h.insert(
            header::IF_MODIFIED_SINCE,
            HttpDate::from(SystemTime::UNIX_EPOCH)
                .to_string()
                .parse()
                .unwrap(),
        );
        assert!(!not_modified(&h, &tag, modified));
    }
}
