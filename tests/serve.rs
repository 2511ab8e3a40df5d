//! Integration tests: `gardes tokens` and `gardes serve` (docs/serving.md).
//!
//! The feeds are those `export::write_all` writes for a small instance built here (one
//! PDSA sector, four weeks of nights, N practitioners taking turns). The server runs in
//! process on 127.0.0.1:0 (`serve::serve` on a tokio runtime of its own) or as the
//! built binary, and is fetched with a real HTTP client (`ureq`), or with raw bytes on
//! a TCP socket when the exact request line matters (dotted and percent-encoded paths,
//! which a client might normalise). The load test counts errors and checks every body
//! and validator; it prints its throughput and asserts no time.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, TimeZone, Utc};
use gardes::duties::{self, DutyIdx};
use gardes::export;
use gardes::instance::{Instance, PracIdx};
use gardes::roster::{Assignment, Roster};
use gardes::serve::tokens::{self, CoordinatorToken, IssueOptions};
use gardes::serve::{self, Access, Feed, Feeds, Stopped, Tokens, TokensError};
use sha2::{Digest, Sha256};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 15, 9, 30, 0).unwrap()
}

/// An instance with `n` practitioners `d01`... and four weeks of nights on one sector.
fn instance_toml(ids: &[String]) -> String {
    let mut text = String::from(
        "name = \"serve\"\n\
         horizon = { first = 2027-02-01, last = 2027-02-28 }\n\
         [[periods]]\nid = \"nuit\"\nstart = \"20:00\"\nend = \"08:00\"\n\
         [[posts]]\nid = \"mende\"\nperiods = [\"nuit\"]\n",
    );
    for id in ids {
        text.push_str(&format!(
            "[[practitioners]]\nid = \"{id}\"\nname = \"Dr {id}\"\nposts = [\"mende\"]\n"
        ));
    }
    text
}

fn ids(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("d{i:02}")).collect()
}

/// `dir` holds the roster of `n` practitioners taking the nights in turn, starting
/// with the `shift`-th: `ics/d01.ics`... and `ics/all.ics`.
fn publish(dir: &Path, n: usize, shift: usize) -> Instance {
    let instance = gardes::instance::parse("serve.toml", &instance_toml(&ids(n))).unwrap();
    let duties = duties::expand(&instance).unwrap();
    let roster = Roster {
        assignments: (0..duties.len())
            .map(|d| Assignment {
                duty: DutyIdx(d as u32),
                practitioner: PracIdx(((d + shift) % n) as u32),
            })
            .collect(),
        uncovered: Vec::new(),
    };
    export::write_all(dir, &instance, &duties, &roster, now()).unwrap();
    instance
}

fn issue(n: usize, coordinator: bool) -> Tokens {
    let ids = ids(n);
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let options = IssueOptions {
        coordinator,
        ..IssueOptions::default()
    };
    Tokens::issue(&Tokens::default(), &ids, &options)
        .unwrap()
        .tokens
}

/// The strong ETag the server must give these bytes, computed here on its own.
fn expected_etag(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// A server running in this process.
struct Server {
    runtime: tokio::runtime::Runtime,
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<Stopped>>>,
    feeds: Arc<Feeds>,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(out_dir: &Path, tokens: Tokens) -> Server {
        Server::start_with_grace(out_dir, tokens, Duration::from_secs(30))
    }

    fn start_with_grace(out_dir: &Path, tokens: Tokens, grace: Duration) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let lines = Arc::clone(&log);
        let feeds = Arc::new(
            Feeds::new(out_dir, tokens)
                .with_max_age(120)
                .with_access_log(move |a: &Access| lines.lock().unwrap().push(a.to_string())),
        );
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = runtime.spawn(serve::serve(
            listener,
            Arc::clone(&feeds),
            async move {
                let _ = stopped.await;
            },
            grace,
        ));
        Server {
            runtime,
            addr,
            stop: Some(stop),
            task: Some(task),
            feeds,
            log,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn signal_stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// Stops the server and returns how it ended.
    fn stop(mut self) -> Stopped {
        self.signal_stop();
        let task = self.task.take().unwrap();
        self.runtime.block_on(task).unwrap().unwrap()
    }

    fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// What a response said.
struct Got {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Got {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn got(mut response: ureq::http::Response<ureq::Body>) -> Got {
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    Got {
        status: response.status().as_u16(),
        headers,
        body: response.body_mut().read_to_vec().unwrap(),
    }
}

fn get(agent: &ureq::Agent, url: &str, headers: &[(&str, &str)]) -> Got {
    let mut request = agent.get(url);
    for (n, v) in headers {
        request = request.header(*n, *v);
    }
    got(request.call().unwrap())
}

/// Sends `request_line` as is, and returns the status and the body.
fn raw(addr: SocketAddr, method: &str, target: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    parse_raw(&answer)
}

fn parse_raw(answer: &[u8]) -> (u16, Vec<u8>) {
    let text = String::from_utf8_lossy(answer);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = match answer.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(i) => answer[i + 4..].to_vec(),
        None => Vec::new(),
    };
    (status, body)
}

fn feed_path(out: &Path, id: &str) -> PathBuf {
    out.join("ics").join(format!("{id}.ics"))
}

#[test]
fn a_feed_is_served_with_its_type_validators_and_caching() {
    let dir = tempfile::tempdir().unwrap();
    publish(dir.path(), 3, 0);
    let tokens = issue(3, true);
    let d01 = tokens.practitioners()["d01"].clone();
    let coordinator = tokens.coordinator().unwrap().to_owned();
    let server = Server::start(dir.path(), tokens);
    let agent = agent();
    let url = server.url(&tokens::url_path(&d01));

    let file = std::fs::read(feed_path(dir.path(), "d01")).unwrap();
    let modified = httpdate::fmt_http_date(
        std::fs::metadata(feed_path(dir.path(), "d01"))
            .unwrap()
            .modified()
            .unwrap(),
    );
    let ok = get(&agent, &url, &[]);
    assert_eq!(ok.status, 200);
    assert_eq!(ok.body, file, "the body is the file, byte for byte");
    assert!(String::from_utf8_lossy(&ok.body).contains("BEGIN:VCALENDAR"));
    assert_eq!(
        ok.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    let etag = ok.header("etag").unwrap().to_owned();
    assert_eq!(etag, expected_etag(&file), "strong, from the bytes");
    assert_eq!(ok.header("last-modified"), Some(modified.as_str()));
    assert_eq!(ok.header("cache-control"), Some("private, max-age=120"));
    assert_eq!(ok.header("x-content-type-options"), Some("nosniff"));

    // If-None-Match with the current tag, alone, in a list, or weak: 304, no body.
    for tag in [
        etag.clone(),
        format!("\"autre\", {etag}"),
        format!("W/{etag}"),
        "*".to_owned(),
    ] {
        let not_modified = get(&agent, &url, &[("If-None-Match", &tag)]);
        assert_eq!(not_modified.status, 304, "{tag}");
        assert!(not_modified.body.is_empty());
        assert_eq!(not_modified.header("etag"), Some(etag.as_str()));
        assert_eq!(
            not_modified.header("last-modified"),
            Some(modified.as_str())
        );
    }
    // If-Modified-Since: 304 at the file's date, 200 before it.
    let since = get(&agent, &url, &[("If-Modified-Since", &modified)]);
    assert_eq!(since.status, 304);
    assert!(since.body.is_empty());
    let before = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000));
    let older = get(&agent, &url, &[("If-Modified-Since", &before)]);
    assert_eq!(
        (older.status, older.body.as_slice()),
        (200, file.as_slice())
    );
    // If-None-Match decides when both are sent.
    let both = get(
        &agent,
        &url,
        &[
            ("If-None-Match", "\"ancien\""),
            ("If-Modified-Since", &modified),
        ],
    );
    assert_eq!(both.status, 200);

    // HEAD: the same headers, no body.
    let head = got(agent.head(&url).call().unwrap());
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("etag"), Some(etag.as_str()));
    assert_eq!(
        head.header("content-length"),
        Some(file.len().to_string().as_str())
    );
    assert_eq!(
        head.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );

    // Another method on a feed: 405 with the methods allowed.
    let post = got(agent.post(&url).send_empty().unwrap());
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
    assert!(post.body.is_empty());

    // The coordinator's token opens all.ics.
    let all = get(&agent, &server.url(&tokens::url_path(&coordinator)), &[]);
    assert_eq!(all.status, 200);
    assert_eq!(
        all.body,
        std::fs::read(feed_path(dir.path(), "all")).unwrap()
    );

    // The log names the owner and never a token.
    let log = server.log();
    assert!(log
        .iter()
        .any(|l| l == &format!("GET /ics/<jeton>.ics d01 200 {}", file.len())));
    assert!(log.iter().any(|l| l == "GET /ics/<jeton>.ics d01 304 0"));
    assert!(log.iter().any(|l| l == "HEAD /ics/<jeton>.ics d01 200 0"));
    assert!(log.iter().any(|l| l == "POST /ics/<jeton>.ics d01 405 0"));
    assert!(log
        .iter()
        .any(|l| l.starts_with("GET /ics/<jeton>.ics coordinator 200 ")));
    for line in &log {
        assert!(
            !line.contains(&d01) && !line.contains(&coordinator),
            "{line}"
        );
    }
    assert_eq!(server.stop(), Stopped::Drained);
}

#[test]
fn a_republished_feed_is_served_at_once_and_a_missing_one_is_503() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    publish(out, 3, 0);
    let tokens = issue(3, false);
    let d02 = tokens.practitioners()["d02"].clone();
    let server = Server::start(out, tokens);
    let agent = agent();
    let url = server.url(&tokens::url_path(&d02));
    let first = get(&agent, &url, &[]);
    let first_tag = first.header("etag").unwrap().to_owned();

    // A republication archives the earlier files, then writes the new ones: in
    // between, the feed is missing and the answer says to come back.
    export::archive::archive_earlier(out).unwrap().unwrap();
    let gap = get(&agent, &url, &[("If-None-Match", &first_tag)]);
    assert_eq!(gap.status, 503);
    assert_eq!(gap.header("retry-after"), Some("60"));
    assert!(gap.body.is_empty());

    publish(out, 3, 1);
    let file = std::fs::read(feed_path(out, "d02")).unwrap();
    assert_ne!(file, first.body, "the roster changed");
    let second = get(&agent, &url, &[("If-None-Match", &first_tag)]);
    assert_eq!(second.status, 200, "the old tag no longer matches");
    assert_eq!(second.body, file);
    let second_tag = second.header("etag").unwrap().to_owned();
    assert_ne!(second_tag, first_tag);
    assert_eq!(second_tag, expected_etag(&file));
    let again = get(&agent, &url, &[("If-None-Match", &second_tag)]);
    assert_eq!(again.status, 304);
    assert_eq!(server.stop(), Stopped::Drained);
}

#[test]
fn nothing_but_the_feeds_is_reachable() {
    let dir = tempfile::tempdir().unwrap();
    publish(dir.path(), 2, 0);
    std::fs::write(dir.path().join("ics").join("notes.ics"), "secret").unwrap();
    let tokens = issue(2, false);
    let d01 = tokens.practitioners()["d01"].clone();
    let server = Server::start(dir.path(), tokens);
    let unknown = tokens::generate().unwrap();
    let targets = [
        "/".to_owned(),
        "/ics".to_owned(),
        "/ics/".to_owned(),
        "/ics/d01.ics".to_owned(),
        "/ics/all.ics".to_owned(),
        "/ics/notes.ics".to_owned(),
        "/ics/publication.json".to_owned(),
        "/assignments.csv".to_owned(),
        "/ics/../assignments.csv".to_owned(),
        "/ics/..%2fassignments.csv".to_owned(),
        "/ics/%2e%2e%2fassignments.csv".to_owned(),
        "/ics/%2e%2e/assignments.csv".to_owned(),
        "/%2e%2e/%2e%2e/etc/passwd".to_owned(),
        "/ics/..%2f..%2f..%2fetc%2fpasswd".to_owned(),
        format!("/ics/{unknown}.ics"),
        format!("/ics/{d01}"),
        format!("/ics/{d01}.ics/"),
        format!("/ics/{d01}.ICS"),
        format!("/ics/{d01}x.ics"),
        format!("/ics/{}.ics", &d01[..d01.len() - 1]),
        format!("/ics/%{}.ics", &d01[1..]),
        format!("/{d01}.ics"),
        format!("/ics/./{d01}.ics"),
        format!("/ics/{}.ics", "A".repeat(5000)),
    ];
    for target in &targets {
        for method in ["GET", "HEAD", "POST", "DELETE"] {
            let (status, body) = raw(server.addr, method, target);
            assert_eq!(status, 404, "{method} {target}");
            assert!(body.is_empty(), "{method} {target}: no listing, no text");
        }
    }
    // The same through a client, and the feed itself still answers.
    let agent = agent();
    assert_eq!(get(&agent, &server.url("/ics/"), &[]).status, 404);
    assert_eq!(
        get(&agent, &server.url(&tokens::url_path(&d01)), &[]).status,
        200
    );
    assert_eq!(
        raw(
            server.addr,
            "GET",
            &format!("{}?x=1", tokens::url_path(&d01))
        )
        .0,
        200,
        "a query string is ignored"
    );
    let log = server.log();
    assert!(log.iter().any(|l| l == "GET (autre chemin) - 404 0"));
    assert!(log.iter().any(|l| l == "GET /ics/<jeton>.ics - 404 0"));
    assert!(log
        .iter()
        .all(|l| !l.contains(&d01) && !l.contains(&unknown)));
    assert_eq!(server.stop(), Stopped::Drained);
}

#[test]
fn replacing_the_tokens_takes_effect_at_once() {
    let dir = tempfile::tempdir().unwrap();
    publish(dir.path(), 2, 0);
    let tokens = issue(2, false);
    let old = tokens.practitioners()["d01"].clone();
    let rotated = Tokens::issue(
        &tokens,
        &["d01", "d02"],
        &IssueOptions {
            rotate: vec!["d01".into()],
            ..IssueOptions::default()
        },
    )
    .unwrap();
    let new = rotated.tokens.practitioners()["d01"].clone();
    let server = Server::start(dir.path(), tokens);
    let agent = agent();
    assert_eq!(
        get(&agent, &server.url(&tokens::url_path(&old)), &[]).status,
        200
    );
    server.feeds.replace_tokens(rotated.tokens);
    assert_eq!(
        get(&agent, &server.url(&tokens::url_path(&old)), &[]).status,
        404
    );
    assert_eq!(
        get(&agent, &server.url(&tokens::url_path(&new)), &[]).status,
        200
    );
    assert_eq!(server.stop(), Stopped::Drained);
}

/// Opens a connection to `server` and sends half a request for `token`'s feed, then
/// stops the server and waits until it refuses new connections.
fn half_request_then_stop(server: &mut Server, token: &str) -> TcpStream {
    let mut stream = TcpStream::connect(server.addr).unwrap();
    write!(
        stream,
        "GET {} HTTP/1.1\r\nHost: localhost\r\n",
        tokens::url_path(token)
    )
    .unwrap();
    stream.flush().unwrap();
    // Give the server a moment to accept the connection before it is told to stop: a
    // connection still in the listen queue is reset with the listener, while an
    // accepted one that has not finished its first request is busy, never idle
    // (hyper), so the server waits for it.
    std::thread::sleep(Duration::from_millis(200));
    server.signal_stop();
    // The listener closes: new connections are refused (bounded polling).
    let closed = (0..1000).any(|_| {
        std::thread::sleep(Duration::from_millis(5));
        TcpStream::connect(server.addr).is_err()
    });
    assert!(closed, "the server stops accepting");
    stream
}

#[test]
fn shutdown_lets_a_request_in_flight_finish() {
    let dir = tempfile::tempdir().unwrap();
    publish(dir.path(), 2, 0);
    let tokens = issue(2, false);
    let d01 = tokens.practitioners()["d01"].clone();
    let mut server = Server::start(dir.path(), tokens);
    let mut stream = half_request_then_stop(&mut server, &d01);
    // The client finishes its request while the server is waiting for it.
    let client = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        write!(stream, "Connection: close\r\n\r\n").unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        parse_raw(&answer)
    });
    assert_eq!(server.stop(), Stopped::Drained, "serve waited for it");
    let (status, body) = client.join().unwrap();
    assert_eq!(status, 200, "the request in flight is answered");
    assert_eq!(body, std::fs::read(feed_path(dir.path(), "d01")).unwrap());
}

#[test]
fn shutdown_gives_up_on_a_request_after_the_grace_period() {
    let dir = tempfile::tempdir().unwrap();
    publish(dir.path(), 2, 0);
    let tokens = issue(2, false);
    let d01 = tokens.practitioners()["d01"].clone();
    let mut server = Server::start_with_grace(dir.path(), tokens, Duration::from_millis(200));
    let _stream = half_request_then_stop(&mut server, &d01);
    // The request never ends: the grace period does.
    assert_eq!(server.stop(), Stopped::GraceExpired);
}

#[test]
fn tokens_are_issued_kept_rotated_and_dropped() {
    let five = ids(5);
    let five: Vec<&str> = five.iter().map(String::as_str).collect();
    let first = Tokens::issue(&Tokens::default(), &five, &IssueOptions::default()).unwrap();
    assert_eq!(first.added.len(), 5);
    assert_eq!(first.coordinator, CoordinatorToken::None);
    let t = &first.tokens;
    for token in t.practitioners().values() {
        assert_eq!(token.len(), 43);
        assert!(token.bytes().all(tokens::is_token_char));
    }
    let distinct: std::collections::BTreeSet<&String> = t.practitioners().values().collect();
    assert_eq!(distinct.len(), 5);

    // d05 leaves, d06 arrives, d02's URL leaked; the coordinator gets one.
    let next = ["d01", "d02", "d03", "d04", "d06"];
    let second = Tokens::issue(
        t,
        &next,
        &IssueOptions {
            rotate: vec!["d02".into()],
            coordinator: true,
            ..IssueOptions::default()
        },
    )
    .unwrap();
    assert_eq!(second.kept, ["d01", "d03", "d04"]);
    assert_eq!(second.added, ["d06"]);
    assert_eq!(second.rotated, ["d02"]);
    assert_eq!(second.dropped, ["d05"]);
    assert_eq!(second.coordinator, CoordinatorToken::Added);
    let s = &second.tokens;
    for id in ["d01", "d03", "d04"] {
        assert_eq!(s.practitioners()[id], t.practitioners()[id]);
    }
    assert_ne!(s.practitioners()["d02"], t.practitioners()["d02"]);
    assert!(!s.practitioners().contains_key("d05"));
    assert_eq!(s.lookup(t.practitioners()["d02"].as_bytes()), None);
    assert_eq!(
        s.lookup(s.practitioners()["d06"].as_bytes()),
        Some(Feed::Practitioner("d06".into()))
    );

    // The file parses back to the same table; the coordinator's token is kept.
    let text = s.to_toml();
    assert!(text.starts_with("# Jetons SECRETS"));
    assert_eq!(&Tokens::parse("tokens.toml", &text).unwrap(), s);
    let third = Tokens::issue(s, &next, &IssueOptions::default()).unwrap();
    assert_eq!(&third.tokens, s);
    assert_eq!(third.coordinator, CoordinatorToken::Kept);
    let fourth = Tokens::issue(
        s,
        &next,
        &IssueOptions {
            rotate_coordinator: true,
            ..IssueOptions::default()
        },
    )
    .unwrap();
    assert_eq!(fourth.coordinator, CoordinatorToken::Rotated);
    assert_ne!(fourth.tokens.coordinator(), s.coordinator());

    assert!(matches!(
        Tokens::issue(
            s,
            &next,
            &IssueOptions {
                rotate: vec!["d05".into()],
                ..IssueOptions::default()
            }
        ),
        Err(TokensError::UnknownRotate(id)) if id == "d05"
    ));
    assert!(matches!(
        Tokens::issue(s, &["all"], &IssueOptions::default()),
        Err(TokensError::UnsafeId(_))
    ));
}

/// The problems of a tokens file, as `file:line:col: message` lines.
fn problems(text: &str) -> (Vec<&'static str>, String) {
    match Tokens::parse("tokens.toml", text) {
        Err(TokensError::Invalid(d)) => (d.codes(), d.to_string()),
        other => panic!("expected an invalid file, got {other:?}"),
    }
}

#[test]
fn a_bad_tokens_file_is_reported_with_file_line_and_column() {
    let good = "A".repeat(43);
    let (codes, text) = problems("[practitioners]\nd01 = \"abc\n");
    assert_eq!(codes, [tokens::codes::SYNTAX]);
    assert!(text.starts_with("tokens.toml:2:"), "{text}");

    let (codes, text) = problems("[practitioners]\nd01 = 42\n");
    assert_eq!(codes, [tokens::codes::SYNTAX]);
    assert!(text.starts_with("tokens.toml:2:7: "), "{text}");

    let (codes, text) = problems("jetons = 1\n");
    assert_eq!(codes, [tokens::codes::UNKNOWN_KEY]);
    assert!(
        text.starts_with("tokens.toml:1:1: clé inconnue « jetons »"),
        "{text}"
    );

    let file = format!(
        "# secret\ncoordinator = \"{good}\"\n[practitioners]\n\
         d01 = \"\"\nd02 = \"court\"\nd03 = \"{bad}\"\nd04 = \"{good}\"\nall = \"{other}\"\n\
         d05 = \"{long}\"\n",
        bad = "é".repeat(30),
        other = "B".repeat(43),
        long = "C".repeat(200),
    );
    let (codes, text) = problems(&file);
    assert_eq!(
        codes,
        [
            tokens::codes::EMPTY_TOKEN,
            tokens::codes::SHORT_TOKEN,
            tokens::codes::INVALID_TOKEN,
            tokens::codes::DUPLICATE_TOKEN,
            tokens::codes::INVALID_ID,
            tokens::codes::LONG_TOKEN,
        ],
        "{text}"
    );
    for expected in [
        "tokens.toml:4:7: jeton de « d01 » : jeton vide",
        "tokens.toml:5:7: jeton de « d02 » : jeton trop court (5 caractères, au moins 22)",
        "tokens.toml:6:7: jeton de « d03 » : caractère interdit",
        "tokens.toml:7:7: jeton de « d04 » : ce jeton est déjà celui de la ligne 2",
        "tokens.toml:8:1: identifiant de praticien « all » invalide",
        "tokens.toml:9:7: jeton de « d05 » : jeton trop long (200 caractères, au plus 128)",
    ] {
        assert!(text.contains(expected), "{expected}\n--\n{text}");
    }
    // An empty file is an empty table.
    assert!(Tokens::parse("tokens.toml", "").unwrap().is_empty());
}

/// The built binary in a temporary folder.
fn gardes(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_gardes"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn the_tokens_command_keeps_rotates_and_prints_the_urls() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("inst.toml"), instance_toml(&ids(3))).unwrap();
    let run = gardes(d, &["tokens", "inst.toml", "-o", "tokens.toml"]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.contains("3 jetons de praticiens ; conservés : 0, nouveaux : 3, renouvelés : 0."),
        "{stdout}"
    );
    let first = Tokens::load(&d.join("tokens.toml")).unwrap();
    assert_eq!(first.len(), 3);
    assert!(stdout.contains(&format!(
        "d01\tDr d01\t{}",
        tokens::url_path(&first.practitioners()["d01"])
    )));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(d.join("tokens.toml"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "readable by its owner only");
    }
    let text = std::fs::read_to_string(d.join("tokens.toml")).unwrap();
    assert!(text.starts_with("# Jetons SECRETS"), "{text}");

    // Again with d03 gone, d04 new, d02 rotated, a coordinator and whole URLs.
    std::fs::write(
        d.join("inst.toml"),
        instance_toml(&["d01".into(), "d02".into(), "d04".into()]),
    )
    .unwrap();
    let run = gardes(
        d,
        &[
            "tokens",
            "inst.toml",
            "-o",
            "tokens.toml",
            "--rotate",
            "d02",
            "--coordinator",
            "--urls",
            "https://gardes.example.fr/",
        ],
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{stdout}");
    let second = Tokens::load(&d.join("tokens.toml")).unwrap();
    assert_eq!(second.practitioners()["d01"], first.practitioners()["d01"]);
    assert_ne!(second.practitioners()["d02"], first.practitioners()["d02"]);
    assert!(!second.practitioners().contains_key("d03"));
    assert!(second.coordinator().is_some());
    assert!(
        stdout.contains("3 jetons de praticiens ; conservés : 1, nouveaux : 1, renouvelés : 1."),
        "{stdout}"
    );
    assert!(stdout.contains("Retirés (absents de l'instance, leur adresse ne sert plus) : d03"));
    assert!(stdout.contains(&format!(
        "d04\tDr d04\thttps://gardes.example.fr/ics/{}.ics",
        second.practitioners()["d04"]
    )));
    assert!(stdout.contains(&format!(
        "coordinator\ttoutes les gardes (nouveau)\thttps://gardes.example.fr/ics/{}.ics",
        second.coordinator().unwrap()
    )));

    // An unknown --rotate, or a broken file, writes nothing.
    let before = std::fs::read(d.join("tokens.toml")).unwrap();
    let run = gardes(
        d,
        &[
            "tokens",
            "inst.toml",
            "-o",
            "tokens.toml",
            "--rotate",
            "d09",
        ],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("« d09 » inconnu"));
    assert_eq!(std::fs::read(d.join("tokens.toml")).unwrap(), before);
    std::fs::write(d.join("bad.toml"), "[practitioners]\nd01 = \"court\"\n").unwrap();
    let run = gardes(d, &["tokens", "inst.toml", "-o", "bad.toml"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("bad.toml"), "{stderr}");
    assert!(stderr.contains("jeton trop court"), "{stderr}");
    assert!(
        stderr.contains("d01 = \"court\""),
        "the line is shown: {stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("bad.toml")).unwrap(),
        "[practitioners]\nd01 = \"court\"\n"
    );
    // `serve` refuses it the same way, before listening.
    let run = gardes(
        d,
        &[
            "serve",
            ".",
            "--tokens",
            "bad.toml",
            "--listen",
            "127.0.0.1:0",
        ],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("jeton trop court"));
}

/// The binary `gardes serve`, started as a process, reloads its tokens on SIGHUP and
/// stops gracefully on SIGTERM with exit code 0.
#[cfg(unix)]
#[test]
fn the_binary_serves_reloads_on_sighup_and_stops_on_sigterm() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("inst.toml"), instance_toml(&ids(2))).unwrap();
    publish(&d.join("out"), 2, 0);
    assert_eq!(
        gardes(d, &["tokens", "inst.toml", "-o", "tokens.toml"])
            .status
            .code(),
        Some(0)
    );
    let first = Tokens::load(&d.join("tokens.toml")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gardes"))
        .args([
            "serve",
            "out",
            "--tokens",
            "tokens.toml",
            "--listen",
            "127.0.0.1:0",
        ])
        .current_dir(d)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let base = line
        .trim_end()
        .strip_prefix("Écoute sur ")
        .unwrap_or_else(|| panic!("first line: {line:?}"))
        .to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let agent = agent();
    let url = |token: &str| format!("{base}{}", tokens::url_path(token));
    let old = first.practitioners()["d01"].clone();
    let ok = get(&agent, &url(&old), &[]);
    assert_eq!(ok.status, 200);
    assert_eq!(
        ok.body,
        std::fs::read(feed_path(&d.join("out"), "d01")).unwrap()
    );
    assert_eq!(get(&agent, &format!("{base}/ics/d01.ics"), &[]).status, 404);

    // A leaked URL: rotate, then SIGHUP; the old URL stops working.
    let rotate = gardes(
        d,
        &[
            "tokens",
            "inst.toml",
            "-o",
            "tokens.toml",
            "--rotate",
            "d01",
        ],
    );
    assert_eq!(rotate.status.code(), Some(0));
    let new = Tokens::load(&d.join("tokens.toml"))
        .unwrap()
        .practitioners()["d01"]
        .clone();
    let kill = |signal: &str| {
        let status = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    };
    kill("-HUP");
    // The reload is asynchronous: poll a bounded number of times.
    let reloaded = (0..400).any(|_| {
        std::thread::sleep(Duration::from_millis(10));
        get(&agent, &url(&new), &[]).status == 200
    });
    assert!(reloaded, "the new token works after SIGHUP");
    assert_eq!(get(&agent, &url(&old), &[]).status, 404);

    kill("-TERM");
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(0), "graceful stop: {stderr}");
    assert!(stderr.contains("Arrêt demandé (SIGTERM)"), "{stderr}");
    assert!(stderr.contains("Arrêt propre."), "{stderr}");
    assert!(
        stderr.contains("SIGHUP : tokens.toml relu, 2 flux servis"),
        "{stderr}"
    );
    assert!(stderr.contains("GET /ics/<jeton>.ics d01 200 "), "{stderr}");
    assert!(
        !stderr.contains(&old) && !stderr.contains(&new),
        "no token in the log"
    );
}

/// Runs `feeds × per_feed` requests over `threads` client threads (each with its own
/// keep-alive connection), a third of them conditional on the current ETag (304), a
/// fifth on a stale one (200); checks every status, body and ETag, and returns the
/// requests per second.
fn load(feeds: usize, per_feed: usize, threads: usize) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    publish(dir.path(), feeds, 0);
    let tokens = issue(feeds, false);
    let expected: Vec<(String, Vec<u8>, String)> = tokens
        .practitioners()
        .iter()
        .map(|(id, token)| {
            let body = std::fs::read(feed_path(dir.path(), id)).unwrap();
            let tag = expected_etag(&body);
            (token.clone(), body, tag)
        })
        .collect();
    let expected = Arc::new(expected);
    let server = Server::start(dir.path(), tokens);
    let addr = server.addr;
    let total = feeds * per_feed;
    let started = Instant::now();
    let workers: Vec<_> = (0..threads)
        .map(|t| {
            let expected = Arc::clone(&expected);
            std::thread::spawn(move || {
                let agent = agent();
                let mut errors = Vec::new();
                let mut done = 0usize;
                for i in (t..total).step_by(threads) {
                    let (token, body, tag) = &expected[i % expected.len()];
                    let url = format!("http://{addr}{}", tokens::url_path(token));
                    let mut request = agent.get(&url);
                    let conditional = i % 3 == 0;
                    if conditional {
                        request = request.header("If-None-Match", tag.as_str());
                    } else if i % 5 == 0 {
                        request = request.header("If-None-Match", "\"perime\"");
                    }
                    let got = match request.call() {
                        Ok(r) => got(r),
                        Err(e) => {
                            errors.push(format!("{url}: {e}"));
                            continue;
                        }
                    };
                    let want = if conditional { 304 } else { 200 };
                    let good_body = if conditional {
                        got.body.is_empty()
                    } else {
                        &got.body == body
                    };
                    if got.status != want || !good_body || got.header("etag") != Some(tag) {
                        errors.push(format!("request {i}: status {}", got.status));
                    }
                    done += 1;
                }
                (done, errors)
            })
        })
        .collect();
    let mut done = 0;
    let mut errors = Vec::new();
    for w in workers {
        let (n, e) = w.join().unwrap();
        done += n;
        errors.extend(e);
    }
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        errors.is_empty(),
        "{} errors, first: {:?}",
        errors.len(),
        errors.first()
    );
    assert_eq!(done, total);
    assert_eq!(server.stop(), Stopped::Drained);
    let rate = total as f64 / seconds.max(1e-9);
    let mean_bytes = expected.iter().map(|(_, b, _)| b.len()).sum::<usize>() / feeds.max(1);
    println!(
        "serve load: {feeds} feeds (mean {mean_bytes} bytes) × {per_feed} requests over \
         {threads} client threads: {total} requests, 0 errors, {seconds:.2} s, {rate:.0} requests/s"
    );
    rate
}

/// The bounded load test of the suite; `GARDES_SERVE_LOAD=N` sets the requests per
/// feed (default 50); `GARDES_SERVE_LOAD=1000` is the larger run of docs/serving.md.
#[test]
fn load_40_feeds_without_an_error() {
    let per_feed = std::env::var("GARDES_SERVE_LOAD")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    load(40, per_feed, 8);
}
