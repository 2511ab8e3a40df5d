//! `gardes workspace`, the coordinator's workspace: the built binary serves a quarter's
//! folder on loopback, and
//!
//! - the server's refusals are checked with raw HTTP requests: another `Host`, a change
//!   without the form token or from another site, a change drawn on another revision
//!   (two tabs), a file outside the quarter's known outputs, a non-loopback address
//!   without a secret, the login;
//! - a whole quarter is driven in headless Chromium through the DevTools protocol
//!   (`headless_chrome`), as a coordinator clicks it: upload a returned sheet, solve,
//!   exchange two duties by clicking them in the grid, re-plan an absence and keep it,
//!   publishing after each; each publication's files are compared with those the
//!   commands (`desiderata import`, `solve`, `swap`, `replan`) write for the same
//!   actions. Chromium as in tests/browser.rs (`GARDES_SKIP_BROWSER=1` opts out,
//!   refused under CI).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cli::Dir;

/// The quarter of the tests: two weeks, two sectors, six doctors.
const QUINZAINE: &str = include_str!("fixtures/replan/quinzaine.toml");

/// The publication instant of every run.
const NOW: &str = "2027-01-15T09:30:00Z";

/// A running workspace, stopped when dropped.
struct Server {
    child: Child,
    address: SocketAddr,
    /// Its standard output, kept open while it runs.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `gardes workspace DIR --listen 127.0.0.1:0 ARGS`, once it listens.
fn start(dir: &Path, args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gardes"))
        .arg("workspace")
        .arg(dir)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--now",
            NOW,
            "--time-limit",
            "20",
        ])
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the gardes binary runs");
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut line).unwrap();
    let url = line
        .trim()
        .rsplit(' ')
        .next()
        .unwrap()
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let address: SocketAddr = url
        .parse()
        .unwrap_or_else(|_| panic!("no address in {line:?}"));
    Server {
        child,
        address,
        _stdout: stdout,
    }
}

/// A response: status, headers (lower-case names), body.
struct Reply {
    status: u16,
    headers: BTreeMap<String, String>,
    body: String,
}

/// One raw HTTP/1.1 request with `headers` (Host included by the caller when wanted).
fn raw(
    address: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Reply {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        request.push_str(&format!("Host: {address}\r\n"));
    }
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        request.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_owned(),
    }
}

fn get(s: &Server, path: &str) -> Reply {
    raw(s.address, "GET", path, &[], "")
}

/// An attribute's value in a page (the first).
fn attribute(page: &str, name: &str) -> String {
    let start = page
        .find(&format!("{name}=\""))
        .unwrap_or_else(|| panic!("no {name} in the page"))
        + name.len()
        + 2;
    page[start..].split('"').next().unwrap().to_owned()
}

/// The form token and revision of a page.
fn token_and_revision(s: &Server) -> (String, String) {
    let page = get(s, "/resoudre").body;
    (
        attribute(&page, "data-jeton"),
        attribute(&page, "data-revision"),
    )
}

fn quarter() -> Dir {
    let dir = Dir::new();
    dir.write("trimestre/quinzaine.toml", QUINZAINE);
    dir
}

#[test]
fn another_host_is_refused() {
    let dir = quarter();
    let s = start(&dir.join("trimestre"), &[]);
    assert_eq!(get(&s, "/").status, 200);
    for host in ["evil.example", "evil.example:80", "127.0.0.1"] {
        let r = raw(s.address, "GET", "/", &[("Host", host)], "");
        assert_eq!(r.status, 421, "Host: {host}");
    }
    // Every response forbids framing and loads from elsewhere.
    let r = get(&s, "/");
    assert!(r.headers["content-security-policy"].contains("default-src 'none'"));
    assert_eq!(r.headers["x-frame-options"], "DENY");
}

#[test]
fn changes_need_the_form_token_the_origin_and_the_revision() {
    let dir = quarter();
    let s = start(&dir.join("trimestre"), &[]);
    let (token, revision) = token_and_revision(&s);
    let body = format!("revision={revision}&limite=5");
    let with_token = format!("/resoudre?jeton={token}");
    // No token, a wrong one, another site's origin or fetch metadata: 403.
    for (path, headers) in [
        ("/resoudre", vec![]),
        ("/resoudre?jeton=00", vec![]),
        (with_token.as_str(), vec![("Origin", "http://evil.example")]),
        (with_token.as_str(), vec![("Sec-Fetch-Site", "cross-site")]),
    ] {
        let r = raw(s.address, "POST", path, &headers, &body);
        assert_eq!(r.status, 403, "{path} {headers:?}: {}", r.body);
    }
    // Another revision (a second tab drawn before a change): 409.
    let r = raw(
        s.address,
        "POST",
        &with_token,
        &[],
        "revision=0123456789abcdef&limite=5",
    );
    assert_eq!(r.status, 409);
    assert!(r.body.contains("Rechargez"), "{}", r.body);
    assert!(!dir.join("trimestre/brouillon").exists(), "nothing written");
    // The right token, origin and revision: the solve starts.
    let origin = format!("http://{}", s.address);
    let r = raw(
        s.address,
        "POST",
        &with_token,
        &[("Origin", &origin), ("Sec-Fetch-Site", "same-origin")],
        &body,
    );
    assert_eq!(r.status, 303, "{}", r.body);
    wait_for_job(&s);
    assert!(dir.join("trimestre/brouillon/assignments.csv").is_file());
    // The page drawn before the solve is now stale: its exchange is refused.
    let r = raw(
        s.address,
        "POST",
        &format!("/echanger?jeton={token}"),
        &[],
        &format!("revision={revision}&donne=d01:2027-02-01:nuit:mende&a=d02"),
    );
    assert_eq!(r.status, 409);
}

/// Waits for the solve or re-planning to end.
fn wait_for_job(s: &Server) {
    let start = Instant::now();
    loop {
        let state = get(s, "/etat.json").body;
        if state.contains("\"fini\":true") {
            assert!(state.contains("\"erreur\":null"), "{state}");
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(300), "{state}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn no_file_outside_the_known_outputs_is_served() {
    let dir = quarter();
    dir.write("trimestre/brouillon/report.html", "<p>rapport</p>");
    dir.write("trimestre/brouillon/secret.txt", "secret");
    dir.write("trimestre/tokens.toml", "secret");
    dir.write("ailleurs.txt", "secret");
    let s = start(&dir.join("trimestre"), &[]);
    assert_eq!(get(&s, "/fichiers/brouillon/report.html").status, 200);
    // The blank sheets to send, by the names the template gives them.
    let sheet = get(&s, "/modeles/d01.xlsx");
    assert_eq!(sheet.status, 200);
    assert!(sheet.body.starts_with("PK"), "an XLSX (zip) file");
    assert_eq!(get(&s, "/modeles/tous-les-praticiens.xlsx").status, 200);
    for path in [
        "/modeles/d99.xlsx",
        "/modeles/..%2fquinzaine.toml",
        "/modeles/quinzaine.toml",
    ] {
        assert_eq!(get(&s, path).status, 404, "{path}");
    }
    for path in [
        "/fichiers/brouillon/secret.txt",
        "/fichiers/brouillon/../quinzaine.toml",
        "/fichiers/brouillon/..%2f..%2failleurs.txt",
        "/fichiers/..%2f/tokens.toml",
        "/fichiers/retours/report.html",
        "/fichiers/%2e%2e/tokens.toml",
        "/tokens.toml",
        "/quinzaine.toml",
        "/../ailleurs.txt",
    ] {
        let r = get(&s, path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.body.contains("secret"), "{path}");
    }
}

#[test]
fn off_loopback_a_secret_is_required_and_asked() {
    let dir = quarter();
    let run = dir.run(&["workspace", "trimestre", "--listen", "0.0.0.0:0"]);
    run.code(2);
    assert!(run.stderr.contains("--secret-file"), "{}", run.stderr);
    dir.write("secret.txt", "court\n");
    let run = dir.run(&[
        "workspace",
        "trimestre",
        "--listen",
        "0.0.0.0:0",
        "--secret-file",
        "secret.txt",
    ]);
    run.code(2);
    // A secret on loopback: every page asks for it.
    dir.write("secret.txt", "un secret assez long pour servir\n");
    let s = start(
        &dir.join("trimestre"),
        &["--secret-file", dir.join("secret.txt").to_str().unwrap()],
    );
    let r = get(&s, "/");
    assert_eq!(r.status, 303);
    assert_eq!(r.headers["location"], "/connexion");
    let page = get(&s, "/connexion").body;
    let token = attribute(&page, "action")
        .rsplit('=')
        .next()
        .unwrap()
        .to_owned();
    let login = format!("/connexion?jeton={token}");
    let r = raw(s.address, "POST", &login, &[], "secret=mauvais");
    assert_eq!(r.status, 403);
    assert!(!r.headers.contains_key("set-cookie"));
    let r = raw(
        s.address,
        "POST",
        &login,
        &[],
        "secret=un+secret+assez+long+pour+servir",
    );
    assert_eq!(r.status, 303);
    let cookie = r.headers["set-cookie"].clone();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let session = cookie.split(';').next().unwrap();
    let r = raw(s.address, "GET", "/", &[("Cookie", session)], "");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Secteur de Mende"));
    let r = raw(
        s.address,
        "GET",
        "/",
        &[("Cookie", "gardes_atelier=00")],
        "",
    );
    assert_eq!(r.status, 303);
}

#[test]
fn a_sheet_named_outside_the_folder_is_kept_inside() {
    let dir = quarter();
    let s = start(&dir.join("trimestre"), &[]);
    let (token, revision) = token_and_revision(&s);
    let boundary = "XyZ";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"revision\"\r\n\r\n{revision}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"feuilles\"; filename=\"../../evil.toml\"\r\n\
         Content-Type: text/plain\r\n\r\nname = \"x\"\r\n--{boundary}--\r\n"
    );
    let mut stream = TcpStream::connect(s.address).unwrap();
    write!(
        stream,
        "POST /feuilles?jeton={token} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\r\n{body}",
        s.address,
        body.len()
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 303"), "{reply}");
    let location = reply
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .unwrap();
    let page = get(&s, location).body;
    assert!(page.contains("refus"), "{page}");
    assert!(!dir.join("evil.toml").exists());
    assert!(!dir.join("trimestre/retours").exists());
}

// ---------------------------------------------------------------------------------
// The whole quarter in Chromium.

/// The files of a publication folder that must be the commands' byte for byte: every
/// file but the pages and summaries that show timings or the roster's path, and the
/// archive's folder names (dated by the clock).
fn comparable(dir: &Dir, folder: &str) -> BTreeMap<String, Vec<u8>> {
    let files = dir.files(folder);
    // The archive's folders are named by the clock: numbered in their order instead.
    let mut dated: Vec<&str> = files
        .keys()
        .filter_map(|n| n.strip_prefix("archive/")?.split('/').next())
        .collect();
    dated.sort_unstable();
    dated.dedup();
    files
        .iter()
        .filter(|(name, _)| {
            !name.ends_with("report.html")
                && !name.ends_with("summary.md")
                && !name.ends_with("summary.json")
        })
        .map(|(name, bytes)| {
            let name = match name.strip_prefix("archive/") {
                Some(rest) => {
                    let (folder, file) = rest.split_once('/').unwrap();
                    let rank = dated.iter().position(|d| *d == folder).unwrap();
                    format!("archive/{rank}/{file}")
                }
                None => name.clone(),
            };
            (name, bytes.clone())
        })
        .collect()
}

fn assert_same_files(dir: &Dir, workspace: &str, commands: &str, step: &str) {
    let a = comparable(dir, workspace);
    let b = comparable(dir, commands);
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{step}: the files written"
    );
    for (name, bytes) in &a {
        assert!(
            *bytes == b[name],
            "{step}: {name} differs\n--- workspace\n{}\n--- commands\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&b[name])
        );
    }
}

/// A valid exchange of two nights between two practitioners on `roster`, found with
/// the library (the same checker the workspace asks): (giver's seat, taker's seat).
fn an_exchange(instance_text: &str, roster: &Path) -> (gardes::swap::Seat, gardes::swap::Seat) {
    use gardes::swap::{Seat, Swap};
    let instance = gardes::instance::parse("q.toml", instance_text).unwrap();
    let duties = gardes::duties::expand(&instance).unwrap();
    let text = std::fs::read_to_string(roster).unwrap();
    let records = gardes::check::read_roster_csv("a.csv", &text).unwrap();
    let seat = |r: &gardes::roster::RosterRecord| Seat {
        practitioner: r.practitioner_id.clone(),
        date: r.date,
        period: r.period.clone(),
        post: r.post.clone(),
    };
    for a in &records {
        for b in &records {
            if a.practitioner_id >= b.practitioner_id || a.period != "nuit" || b.period != "nuit" {
                continue;
            }
            let swap = Swap {
                give: vec![seat(a)],
                take: vec![seat(b)],
                to: None,
            };
            if gardes::swap::apply(&instance, &duties, &records, &swap).is_ok() {
                return (seat(a), seat(b));
            }
        }
    }
    panic!("no exchange of two nights keeps every rule");
}

#[test]
fn a_whole_quarter_in_chromium_writes_what_the_commands_write() {
    let Some(program) = crate::browser::program("a_whole_quarter_in_chromium") else {
        return;
    };
    let dir = quarter();
    // The commands' side: a sheet, imported, then solve, swap, replan into cmd/.
    let run = dir.run(&[
        "desiderata",
        "template",
        "trimestre/quinzaine.toml",
        "-o",
        "feuilles",
        "--format",
        "csv",
        "--now",
        NOW,
    ]);
    run.code(0);
    let sheet = std::fs::read_to_string(dir.join("feuilles/d02.csv")).unwrap();
    let sheet = crate::desiderata::mark_csv(
        &sheet,
        "d02;2027-02-03;mende;nuit",
        "indisponible",
        "",
        "formation",
    );
    dir.write("feuilles/d02.csv", &sheet);
    dir.run(&[
        "desiderata",
        "import",
        "trimestre/quinzaine.toml",
        "feuilles/d02.csv",
        "-o",
        "cmd.toml",
    ])
    .code(0);
    dir.run(&[
        "solve",
        "cmd.toml",
        "-o",
        "cmd",
        "--now",
        NOW,
        "--time-limit",
        "20",
    ])
    .code(0);

    // The workspace's side, in Chromium.
    let s = start(&dir.join("trimestre"), &[]);
    let base = format!("http://{}", s.address);
    let browser = headless_chrome::Browser::new(
        headless_chrome::LaunchOptions::default_builder()
            .path(Some(program))
            .sandbox(false)
            .headless(true)
            .idle_browser_timeout(Duration::from_secs(600))
            .window_size(Some((1400, 900)))
            .build()
            .unwrap(),
    )
    .expect("chromium starts");
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(120));

    // 1. Import the returned sheet.
    tab.navigate_to(&format!("{base}/")).unwrap();
    tab.wait_until_navigated().unwrap();
    let input = tab.wait_for_element("input[name=feuilles]").unwrap();
    input
        .set_input_files(&[dir.join("feuilles/d02.csv").to_str().unwrap()])
        .unwrap();
    tab.wait_for_element("#importer").unwrap().click().unwrap();
    wait_ok(&tab);
    assert_eq!(
        std::fs::read_to_string(dir.join("trimestre/quinzaine.toml")).unwrap(),
        std::fs::read_to_string(dir.join("cmd.toml")).unwrap(),
        "the sheet imported as `gardes desiderata import` does"
    );
    assert!(dir.join("trimestre/retours/d02.csv").is_file());

    // 2. Solve, watch it end, publish.
    tab.navigate_to(&format!("{base}/resoudre")).unwrap();
    tab.wait_until_navigated().unwrap();
    tab.wait_for_element("input[name=limite]")
        .unwrap()
        .call_js_fn("function () { this.value = '20'; }", vec![], false)
        .unwrap();
    tab.wait_for_element("#resoudre").unwrap().click().unwrap();
    tab.wait_for_element_with_custom_timeout("[data-fin=ok]", Duration::from_secs(300))
        .unwrap();
    publish(&tab, &base);
    assert_same_files(&dir, "trimestre/publication", "cmd", "solve");

    // 3. Exchange two nights by clicking them in the grid, then publish.
    let (give, take) = an_exchange(
        &std::fs::read_to_string(dir.join("cmd.toml")).unwrap(),
        &dir.join("cmd/assignments.csv"),
    );
    tab.navigate_to(&format!("{base}/tableau")).unwrap();
    tab.wait_until_navigated().unwrap();
    // A second tab shows the same roster.
    let other = browser.new_tab().unwrap();
    other.set_default_timeout(Duration::from_secs(120));
    other.navigate_to(&format!("{base}/tableau")).unwrap();
    other.wait_until_navigated().unwrap();
    // Back to the first tab: a tab in the background gets no mouse events.
    tab.activate().unwrap();
    click_seat(&tab, &give);
    tab.wait_for_element("#place[data-etat=pret] #echange")
        .unwrap()
        .click()
        .unwrap();
    click_seat(&tab, &take);
    tab.wait_for_element("#place[data-etat=pret] #confirmer-echange")
        .unwrap()
        .click()
        .unwrap();
    wait_ok(&tab);
    // The second tab's page is stale: a seat chosen there is refused, not acted on.
    // (A script's click: a tab in the background gets no mouse events.)
    other
        .wait_for_element(&seat_selector(&give))
        .unwrap()
        .call_js_fn("function () { this.click(); }", vec![], false)
        .unwrap();
    other
        .wait_for_element("#place[data-etat=pret] [data-avis=conflit]")
        .unwrap();
    other.close(true).unwrap();
    publish(&tab, &base);
    dir.run(&[
        "swap",
        "cmd.toml",
        "cmd/assignments.csv",
        "--give",
        &give.to_string(),
        "--take",
        &take.to_string(),
        "--now",
        NOW,
    ])
    .code(0);
    assert_same_files(&dir, "trimestre/publication", "cmd", "exchange");

    // 4. An absence: re-plan, look at the changes, keep them, publish.
    tab.navigate_to(&format!("{base}/absence")).unwrap();
    tab.wait_until_navigated().unwrap();
    tab.wait_for_element("select[name=praticien]")
        .unwrap()
        .call_js_fn("function () { this.value = 'd01'; }", vec![], false)
        .unwrap();
    for (name, value) in [
        ("debut", "2027-02-08"),
        ("fin", "2027-02-10"),
        ("limite", "20"),
    ] {
        tab.wait_for_element(&format!("input[name={name}]"))
            .unwrap()
            .call_js_fn(
                &format!("function () {{ this.value = '{value}'; }}"),
                vec![],
                false,
            )
            .unwrap();
    }
    tab.wait_for_element("#replanifier")
        .unwrap()
        .click()
        .unwrap();
    tab.wait_for_element_with_custom_timeout("#garder", Duration::from_secs(300))
        .unwrap()
        .click()
        .unwrap();
    wait_ok(&tab);
    publish(&tab, &base);
    dir.run(&[
        "replan",
        "cmd.toml",
        "--roster",
        "cmd/assignments.csv",
        "--from",
        "2027-02-08",
        "--unavailable",
        "d01:2027-02-08..2027-02-10",
        "--now",
        NOW,
        "--time-limit",
        "20",
    ])
    .code(0);
    assert_same_files(&dir, "trimestre/publication", "cmd", "re-planning");

    // The feeds' private addresses are listed, one per practitioner.
    let rows = tab
        .find_elements("table.adresses tr[data-praticien]")
        .unwrap();
    assert_eq!(rows.len(), 6);
    assert!(dir.join("trimestre/tokens.toml").is_file());
    if let Ok(folder) = std::env::var("GARDES_SCREENSHOTS") {
        tab.navigate_to(&format!("{base}/tableau")).unwrap();
        tab.wait_until_navigated().unwrap();
        tab.wait_for_element(".grid-section tr[data-date='2027-02-04'] span[data-id]")
            .unwrap()
            .click()
            .unwrap();
        tab.wait_for_element("#place[data-etat=pret] table")
            .unwrap();
        let png = tab
            .capture_screenshot(
                headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
                None,
                None,
                true,
            )
            .unwrap();
        std::fs::write(PathBuf::from(folder).join("workspace.png"), png).unwrap();
    }
}

/// Waits for the notice of a change and asserts it was made.
fn wait_ok(tab: &headless_chrome::Tab) {
    let notice = tab.wait_for_element("[data-avis]").unwrap();
    let kind = notice.get_attribute_value("data-avis").unwrap();
    assert_eq!(
        kind.as_deref(),
        Some("ok"),
        "{}",
        notice.get_inner_text().unwrap_or_default()
    );
}

/// Publishes the draft from the publication page and waits for the notice.
fn publish(tab: &headless_chrome::Tab, base: &str) {
    tab.navigate_to(&format!("{base}/publication")).unwrap();
    tab.wait_until_navigated().unwrap();
    tab.wait_for_element("#publier").unwrap().click().unwrap();
    wait_ok(tab);
}

/// The name of `seat`'s holder in the grid, on the seat's line.
fn seat_selector(seat: &gardes::swap::Seat) -> String {
    format!(
        "tr[data-date='{}'] td[data-post='{}'] div[data-periods~='{}'] span[data-id='{}']",
        seat.date, seat.post, seat.period, seat.practitioner
    )
}

/// Clicks the name of `seat`'s holder in the grid, on the seat's line.
fn click_seat(tab: &headless_chrome::Tab, seat: &gardes::swap::Seat) {
    let selector = seat_selector(seat);
    tab.wait_for_element(&selector)
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .click()
        .unwrap();
}

#[test]
fn an_instance_naming_a_file_outside_shows_no_byte_of_it() {
    let dir = Dir::new();
    dir.write("secret.csv", "from,to,minutes\nmot-de-passe-42,x,1\n");
    let text = std::fs::read_to_string("tests/fixtures/coverage/pick.toml")
        .unwrap()
        .replace(
            "coverage = { dispatch_minutes = 3.0 }",
            "coverage = { dispatch_minutes = 3.0, travel_matrix = \"../secret.csv\" }",
        );
    assert!(
        text.contains("../secret.csv"),
        "the fixture's coverage line"
    );
    dir.write("trimestre/instance.toml", &text);
    let s = start(&dir.join("trimestre"), &[]);
    let page = get(&s, "/").body;
    assert!(page.contains("travel_matrix"), "{page}");
    assert!(!page.contains("mot-de-passe-42"), "{page}");
    let (token, revision) = token_and_revision(&s);
    let r = raw(
        s.address,
        "POST",
        &format!("/resoudre?jeton={token}"),
        &[],
        &format!("revision={revision}"),
    );
    assert_eq!(r.status, 303);
    let page = get(&s, r.headers["location"].as_str()).body;
    assert!(page.contains("data-avis=\"refus\""), "{page}");
    assert!(!page.contains("mot-de-passe-42"));
    assert!(!dir.join("trimestre/brouillon").exists());
}
