//! What stands between the network and the quarter, checked on every request before
//! its handler runs ([`guard`]):
//!
//! - **Host.** On a loopback address the `Host` header must name that address
//!   (`127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`): a page of another site that
//!   rebinds its DNS name to 127.0.0.1 is refused (`421`).
//! - **Secret.** With a coordinator secret (required off loopback), every page but the
//!   login one needs the session cookie the login sets (`HttpOnly`, `SameSite=Strict`);
//!   a wrong secret costs a second.
//! - **Cross-site requests.** A request that changes anything is a `POST` carrying the
//!   process's random form token in its query (`?jeton=`), which only the workspace's
//!   own pages hold; its `Origin` (when sent) must be the workspace's, and its
//!   `Sec-Fetch-Site` (when sent) `same-origin`. Otherwise `403`, nothing done.
//! - **Headers.** Every response forbids framing, sniffing, referrers to other sites
//!   (`same-origin`: with `no-referrer` a browser sends `Origin: null` on a form),
//!   caching and any
//!   load from elsewhere (`Content-Security-Policy`).
//!
//! Tokens come from the operating system's generator and are compared in constant
//! time (`subtle`), as the feeds' tokens are (`serve::tokens`).

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::Mutex;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use super::Shared;
use crate::labels::workspace as fr;

/// The session cookie's name.
pub const COOKIE: &str = "gardes_atelier";

/// The login page.
pub const LOGIN: &str = "/connexion";

/// The query parameter holding the form token.
pub const FORM_TOKEN: &str = "jeton";

/// The Content-Security-Policy of every response: this origin only, inline style and
/// script (the report's and the workspace's own), no frame, no outside form target.
const CSP: &str = "default-src 'none'; script-src 'self' 'unsafe-inline'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The secrets of one running workspace.
pub struct Guard {
    /// The form token of this process.
    form_token: String,
    /// The coordinator secret, when one is required.
    secret: Option<String>,
    /// The sessions opened with the secret.
    sessions: Mutex<BTreeSet<String>>,
    /// The `Host` values accepted (on loopback), empty for any.
    hosts: Vec<String>,
}

impl Guard {
    /// The guard of a workspace listening on `address`, with `secret` if any.
    ///
    /// # Errors
    /// A French message when the system's random generator fails, or a secret is
    /// missing (off loopback) or too short.
    pub fn new(address: SocketAddr, secret: Option<String>) -> Result<Guard, String> {
        if let Some(s) = &secret {
            if s.chars().count() < MIN_SECRET {
                return Err(fr::secret_too_short(MIN_SECRET));
            }
        } else if !address.ip().is_loopback() {
            return Err(fr::SECRET_REQUIRED.to_owned());
        }
        let hosts = if address.ip().is_loopback() {
            let port = address.port();
            vec![
                format!("127.0.0.1:{port}"),
                format!("localhost:{port}"),
                format!("[::1]:{port}"),
            ]
        } else {
            Vec::new()
        };
        Ok(Guard {
            form_token: random_token()?,
            secret,
            sessions: Mutex::new(BTreeSet::new()),
            hosts,
        })
    }

    /// The form token, for the pages' forms.
    pub fn form_token(&self) -> &str {
        &self.form_token
    }

    /// Whether a secret is required.
    pub fn has_secret(&self) -> bool {
        self.secret.is_some()
    }

    /// Checks `given` against the secret and opens a session: its cookie value.
    pub fn login(&self, given: &str) -> Option<String> {
        let secret = self.secret.as_deref()?;
        if !bool::from(given.as_bytes().ct_eq(secret.as_bytes())) {
            return None;
        }
        let token = random_token().ok()?;
        self.sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(token.clone());
        Some(token)
    }

    fn has_session(&self, headers: &HeaderMap) -> bool {
        let Some(cookies) = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()) else {
            return false;
        };
        let sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        cookies
            .split(';')
            .filter_map(|c| c.trim().split_once('='))
            .filter(|(name, _)| *name == COOKIE)
            .any(|(_, value)| {
                sessions
                    .iter()
                    .any(|s| bool::from(s.as_bytes().ct_eq(value.as_bytes())))
            })
    }

    fn form_token_in(&self, query: Option<&str>) -> bool {
        query
            .unwrap_or("")
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .filter(|(k, _)| *k == FORM_TOKEN)
            .any(|(_, v)| bool::from(v.as_bytes().ct_eq(self.form_token.as_bytes())))
    }
}

/// The shortest coordinator secret accepted, in characters.
pub const MIN_SECRET: usize = 16;

/// 32 random bytes in hex.
fn random_token() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| crate::labels::serve::no_random(&e))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The middleware: the checks of the module's doc, then the handler, then the headers.
pub async fn guard(State(shared): State<Shared>, request: Request, next: Next) -> Response {
    let guard = &shared.guard;
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let mut response = if !guard.hosts.is_empty() && !guard.hosts.iter().any(|h| h == host) {
        refuse(StatusCode::MISDIRECTED_REQUEST, fr::BAD_HOST)
    } else if guard.has_secret() && request.uri().path() != LOGIN && !guard.has_session(headers) {
        if request.method() == Method::GET || request.method() == Method::HEAD {
            Response::builder()
                .status(StatusCode::SEE_OTHER)
                .header(header::LOCATION, LOGIN)
                .body(Body::empty())
                .unwrap_or_default()
        } else {
            refuse(StatusCode::FORBIDDEN, fr::NO_SESSION)
        }
    } else if request.method() != Method::GET
        && request.method() != Method::HEAD
        && !same_origin(headers, host, guard, request.uri().query())
    {
        refuse(StatusCode::FORBIDDEN, fr::CROSS_SITE)
    } else {
        next.run(request).await
    };
    let h = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Whether a state-changing request comes from the workspace's own pages.
fn same_origin(headers: &HeaderMap, host: &str, guard: &Guard, query: Option<&str>) -> bool {
    let origin_ok = headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .is_none_or(|o| o == format!("http://{host}") || o == format!("https://{host}"));
    let site_ok = headers
        .get("sec-fetch-site")
        .and_then(|o| o.to_str().ok())
        .is_none_or(|s| s == "same-origin");
    origin_ok && site_ok && guard.form_token_in(query)
}

/// A refusal: the status and a line of French.
pub fn refuse(status: StatusCode, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message.to_owned(),
    )
        .into_response()
}
