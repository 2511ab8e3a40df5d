//! `report.html` as a person sees it: each bundled instance is solved with the built
//! binary, and its page opened in headless Chromium (Debian's `chromium`, which
//! `cargo xtask test` installs), offline, with a fresh profile.
//!
//! For each page: it loads whole and without a script error (the page's own marker,
//! `data-etat="pret"`), the browser logs no console message, and no element of the DOM
//! loads anything (no `src`, `href`, `link`); the grid of the DOM Chromium builds, read by its visible
//! names, is `assignments.csv`, and its red seats are `uncovered.csv`; printed, it gives
//! A4 landscape pages, the grid starting on a page of its own; and a screenshot of the
//! top of the page is taken. With `GARDES_SCREENSHOTS=DIR` the screenshots are copied to
//! `DIR/report-<instance>.png` (how docs/report-lozere.png and docs/report-herault.png
//! are made, with a longer `GARDES_BROWSER_TIME_LIMIT`: `cargo xtask screenshots`).
//!
//! Without Chromium the tests fail, unless the run opts out with `GARDES_SKIP_BROWSER=1`
//! (then each prints a loud SKIPPED line); under CI (`CI=true`) the opt-out is refused.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

use crate::cli::Dir;
use crate::html::{assignments, Grid};

/// The flags every run gets: headless, offline, nothing started in the background.
const FLAGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
];

/// A4 landscape in PostScript points.
const A4_LANDSCAPE: (f64, f64) = (841.89, 595.28);

/// The screenshot's window, CSS pixels: the top of the page on a laptop screen.
const WINDOW: (u32, u32) = (1400, 1000);

/// Chromium, from `GARDES_CHROMIUM` or the `PATH`.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("GARDES_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
}

/// Whether the run opts out of the browser tests (`GARDES_SKIP_BROWSER=1`), which CI
/// (`CI=true`) may not do.
fn skip_requested(test: &str) -> bool {
    if std::env::var("GARDES_SKIP_BROWSER").as_deref() != Ok("1") {
        return false;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{test}: GARDES_SKIP_BROWSER=1 is refused under CI: the browser tests must run"
    );
    true
}

/// Chromium, or `None` after a loud message when the run opts out with
/// `GARDES_SKIP_BROWSER=1`; otherwise its absence fails the test.
fn browser(test: &str) -> Option<Browser> {
    if skip_requested(test) {
        eprintln!(
            "\n\n*** {test}: SKIPPED: GARDES_SKIP_BROWSER=1; report.html was not opened in a \
             browser. ***\n"
        );
        return None;
    }
    let Some(program) = chromium() else {
        panic!(
            "{test}: chromium is not installed. Run `cargo xtask test` (as root it installs \
             Debian's chromium), `apt-get install chromium`, or set GARDES_CHROMIUM to a \
             Chromium binary; to run the other tests without it, set GARDES_SKIP_BROWSER=1"
        );
    };
    Some(Browser {
        program,
        profile: tempfile::tempdir().expect("a temporary profile"),
    })
}

/// Chromium's program for a test that drives it itself (tests/workspace.rs), or `None`
/// after a loud message when the run opts out, as [`browser`].
pub(crate) fn program(test: &str) -> Option<PathBuf> {
    browser(test).map(|b| b.program)
}

/// A headless Chromium with its own profile.
struct Browser {
    program: PathBuf,
    profile: tempfile::TempDir,
}

impl Browser {
    /// Runs Chromium on `page` with `args`, killing it if it hangs (a guard against a
    /// stuck browser, not a measure of speed).
    fn run(&self, page: &Path, args: &[String]) -> Output {
        let mut child = Command::new(&self.program)
            .args(FLAGS)
            .arg(format!("--user-data-dir={}", self.profile.path().display()))
            .args(args)
            .arg(format!("file://{}", page.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{} does not start: {e}", self.program.display()));
        // Read both pipes while waiting, so that a large DOM cannot block the browser.
        let mut stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let out = std::thread::spawn(move || {
            let mut v = Vec::new();
            stdout.read_to_end(&mut v).map(|_| v)
        });
        let err = std::thread::spawn(move || {
            let mut v = Vec::new();
            stderr.read_to_end(&mut v).map(|_| v)
        });
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(600) {
                let _ = child.kill();
                panic!("chromium {args:?} did not finish");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        Output {
            status,
            stdout: out.join().unwrap().unwrap(),
            stderr: err.join().unwrap().unwrap(),
        }
    }
}

/// Solves a bundled instance, opens its page, and checks it as a reader would.
fn bundled(file: &str, name: &str) {
    let Some(browser) = browser(&format!("browser::{name}")) else {
        return;
    };
    let dir = Dir::new();
    let instance = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("instances")
        .join(file);
    let seconds = std::env::var("GARDES_BROWSER_TIME_LIMIT").unwrap_or_else(|_| "15".into());
    dir.run(&[
        "solve",
        instance.to_str().unwrap(),
        "-o",
        "out",
        "--time-limit",
        &seconds,
        "--hints",
        "0",
        "--now",
        "2027-01-15T09:30:00Z",
        "-q",
    ])
    .code(0);
    let page = dir.join("out/report.html");

    // Loaded whole, no script error, nothing logged, nothing fetched.
    let dump = browser.run(
        &page,
        &[
            "--enable-logging=stderr".into(),
            "--v=0".into(),
            "--dump-dom".into(),
        ],
    );
    let log = String::from_utf8_lossy(&dump.stderr);
    assert!(dump.status.success(), "chromium --dump-dom failed:\n{log}");
    let dom = String::from_utf8(dump.stdout).expect("the DOM is UTF-8");
    let doc = Html::parse_document(&dom);
    let root = doc
        .select(&Selector::parse("html").unwrap())
        .next()
        .expect("an html element");
    assert_eq!(root.value().attr("data-etat"), Some("pret"), "{log}");
    assert_eq!(root.value().attr("data-erreur"), None);
    for line in log.lines() {
        assert!(!line.contains(":CONSOLE"), "the page logged: {line}");
    }
    let fetching = Selector::parse("[src], [href], link, object, iframe").unwrap();
    assert_eq!(doc.select(&fetching).count(), 0, "the page loads nothing");

    // The grid is the roster, read by its visible names.
    let grid = Grid::read(&dom);
    let csv = std::fs::read_to_string(dir.join("out/assignments.csv")).unwrap();
    let expected = assignments(&csv);
    assert!(!expected.is_empty());
    assert_eq!(grid.seats, expected, "the grid is assignments.csv");
    let uncovered = std::fs::read_to_string(dir.join("out/uncovered.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(uncovered.as_bytes());
    let missing: u32 = reader
        .records()
        .map(|r| r.unwrap()[6].parse::<u32>().unwrap())
        .sum();
    assert_eq!(grid.empty.values().sum::<u32>(), missing, "red seats");

    // Printed: A4 landscape pages, the grid's tables each from a new page.
    let pdf = dir.join("out/report.pdf");
    let printed = browser.run(
        &page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
    );
    assert!(
        printed.status.success(),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );
    let boxes = media_boxes(&std::fs::read(&pdf).unwrap());
    assert!(
        boxes.len() > grid.tables,
        "{} pages for {} grid tables",
        boxes.len(),
        grid.tables
    );
    for (w, h) in &boxes {
        assert!(
            (w - A4_LANDSCAPE.0).abs() < 1.0 && (h - A4_LANDSCAPE.1).abs() < 1.0,
            "page of {w} × {h} pt"
        );
    }

    // The top of the page, as a coordinator opens it.
    let png = dir.join(&format!("out/report-{name}.png"));
    let shot = browser.run(
        &page,
        &[
            format!("--screenshot={}", png.display()),
            format!("--window-size={},{}", WINDOW.0, WINDOW.1),
        ],
    );
    assert!(
        shot.status.success(),
        "{}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(png_size(&bytes), WINDOW);
    if let Some(target) = std::env::var_os("GARDES_SCREENSHOTS") {
        let target = PathBuf::from(target).join(format!("report-{name}.png"));
        std::fs::copy(&png, &target)
            .unwrap_or_else(|e| panic!("copy to {}: {e}", target.display()));
        eprintln!("screenshot written to {}", target.display());
    }
}

/// Width and height of each page of a PDF, from its `/MediaBox [0 0 W H]` entries.
fn media_boxes(pdf: &[u8]) -> Vec<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/MediaBox [")
        .filter_map(|(at, key)| {
            let rest = &text[at + key.len()..];
            let inside = &rest[..rest.find(']')?];
            let n: Vec<f64> = inside
                .split_whitespace()
                .filter_map(|v| v.parse().ok())
                .collect();
            (n.len() == 4).then(|| (n[2] - n[0], n[3] - n[1]))
        })
        .collect()
}

/// Width and height of a PNG, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(
        png.len() > 24 && png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "a PNG"
    );
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

/// The Lozère quarter (PDSA sectors and MCS zones).
#[test]
fn lozere_report_in_chromium() {
    bundled("lozere-2027-q1.toml", "lozere");
}

/// The Cœur d'Hérault quarter (PDSA, maison médicale de garde, mobile doctor,
/// physiotherapists, MCS).
#[test]
fn herault_report_in_chromium() {
    bundled("coeur-herault-2027-q1.toml", "herault");
}
