//! Integration tests: the iCal feeds across successive publications into one folder
//! (`src/export/feeds.rs`, docs/calendar-feeds.md).
//!
//! The spring case of `tests/export.rs` (Easter 2027, three practitioners, d03 without
//! duty) is published, then published again after two changes: the Saturday night in
//! Mende changes hands (d02 → d03) and the day period's hours move from 08:00–20:00 to
//! 09:00–21:00 (both day duties change time); everything else is unchanged. Each
//! publication goes the way `gardes solve` does it: read the history, archive the
//! earlier files, write with the history. Every feed is read back by `caldata`, the
//! strict RFC 5545 parser, and the `SEQUENCE`, `LAST-MODIFIED`, `DTSTAMP` and `STATUS`
//! of every event are checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use gardes::duties;
use gardes::export::feeds::{EventStatus, FeedHistory, FeedPolicy, Publication};
use gardes::export::{self, archive};
use gardes::instance::Instance;
use gardes::roster::Roster;

use crate::cli::Dir;
use crate::export::{
    clock, instance, lf, now, parse_feed, roster, spring, spring_empty, text_of, Case, SPRING_HELD,
};

/// The spring roster after the changes: the Saturday night in Mende goes to d03, and
/// the day period runs 09:00–21:00.
fn changed() -> Case {
    let mut instance = instance("2027-03-26", "2027-03-29");
    instance.periods[1].start = clock("09:00");
    instance.periods[1].end = clock("21:00");
    let held: Vec<_> = SPRING_HELD
        .iter()
        .map(|&(post, period, day, who)| {
            if (post, period, day) == ("mende", "nuit", "2027-03-27") {
                (post, period, day, "d03")
            } else {
                (post, period, day, who)
            }
        })
        .collect();
    case(instance, &held)
}

fn case(instance: Instance, held: &[(&str, &str, &str, &str)]) -> Case {
    let duties = duties::expand(&instance).unwrap();
    let roster: Roster = roster(&instance, &duties, held, &spring_empty());
    Case {
        instance,
        duties,
        roster,
    }
}

/// Publishes `c` into `dir` as `gardes solve` does, and returns the feeds and the
/// history written (file name under `ics/` → bytes).
fn publish_with(
    dir: &Path,
    c: &Case,
    now: DateTime<Utc>,
    policy: FeedPolicy,
) -> BTreeMap<String, Vec<u8>> {
    let history = FeedHistory::load(dir).unwrap();
    archive::archive_earlier(dir).unwrap();
    let publication = Publication {
        now,
        history: &history,
        policy,
    };
    export::write_all_with(dir, &c.instance, &c.duties, &c.roster, &publication).unwrap();
    std::fs::read_dir(dir.join("ics"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn publish(dir: &Path, c: &Case, now: DateTime<Utc>) -> BTreeMap<String, Vec<u8>> {
    publish_with(dir, c, now, FeedPolicy::default())
}

/// One event as a subscribed client reads it.
#[derive(Debug, PartialEq)]
struct Seen {
    sequence: u32,
    last_modified: DateTime<Utc>,
    dtstamp: DateTime<Utc>,
    status: String,
    summary: String,
    start: DateTime<Utc>,
}

fn utc(value: &str) -> DateTime<Utc> {
    chrono::NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%SZ")
        .unwrap_or_else(|e| panic!("{value}: {e}"))
        .and_utc()
}

/// Every event of a feed by UID, read strictly; a UID twice fails.
fn seen(name: &str, bytes: &[u8]) -> BTreeMap<String, Seen> {
    let (cal, events) = parse_feed(name, bytes);
    let mut out = BTreeMap::new();
    for (e, parsed) in cal.events.iter().zip(&events) {
        let s = Seen {
            sequence: text_of(e, "SEQUENCE").parse().unwrap(),
            last_modified: utc(&text_of(e, "LAST-MODIFIED")),
            dtstamp: utc(&text_of(e, "DTSTAMP")),
            status: text_of(e, "STATUS"),
            summary: parsed.summary.clone(),
            start: parsed.start,
        };
        assert!(
            out.insert(parsed.uid.clone(), s).is_none(),
            "{name}: {} twice",
            parsed.uid
        );
    }
    out
}

fn feed(files: &BTreeMap<String, Vec<u8>>, name: &str) -> BTreeMap<String, Seen> {
    seen(name, &files[name])
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// The two publications of the scenario, in one folder.
struct Scenario {
    dir: tempfile::TempDir,
    first: BTreeMap<String, Vec<u8>>,
    second: BTreeMap<String, Vec<u8>>,
}

fn t2() -> DateTime<Utc> {
    now() + Duration::days(1)
}

fn scenario() -> Scenario {
    let dir = tempfile::tempdir().unwrap();
    let first = publish(dir.path(), &spring(), now());
    let second = publish(dir.path(), &changed(), t2());
    Scenario { dir, first, second }
}

/// The heart of the issue: same UIDs, unchanged events untouched, changed ones raised,
/// the lost duty cancelled in the loser's feed and present once in the gainer's.
#[test]
fn a_second_publication_updates_every_feed_in_place() {
    let s = scenario();
    let (t1, t2) = (now(), t2());
    assert_eq!(
        s.first.keys().collect::<Vec<_>>(),
        [
            "all.ics",
            "d01.ics",
            "d02.ics",
            "d03.ics",
            "publication.json"
        ]
    );
    assert_eq!(
        s.second.keys().collect::<Vec<_>>(),
        s.first.keys().collect::<Vec<_>>()
    );
    // A first publication: SEQUENCE 0, LAST-MODIFIED = DTSTAMP = now, CONFIRMED.
    for name in ["all.ics", "d01.ics", "d02.ics", "d03.ics"] {
        for (uid, e) in feed(&s.first, name) {
            assert_eq!(
                (e.sequence, e.last_modified, e.dtstamp, e.status.as_str()),
                (0, t1, t1, "CONFIRMED"),
                "{name} {uid}"
            );
        }
    }

    let changed_uids = [
        "mende-jour-20270328-d02@gardes",
        "mende-jour-20270329-d01@gardes",
        "mende-jour-20270328-seat1@gardes",
        "mende-jour-20270329-seat1@gardes",
        // The seat's holder changed: the overview's seat event changed.
        "mende-nuit-20270327-seat1@gardes",
    ];
    for name in ["all.ics", "d01.ics", "d02.ics"] {
        let before = feed(&s.first, name);
        let after = feed(&s.second, name);
        // UIDs are stable: every UID published is still there (the lost one
        // cancelled), and nothing else appeared.
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            "{name}"
        );
        for (uid, e) in &after {
            if uid == "mende-nuit-20270327-d02@gardes" {
                continue;
            }
            if changed_uids.contains(&uid.as_str()) {
                assert_eq!(
                    (e.sequence, e.last_modified, e.dtstamp, e.status.as_str()),
                    (1, t2, t2, "CONFIRMED"),
                    "{name} {uid}: changed, raised"
                );
            } else {
                assert_eq!(e, &before[uid], "{name} {uid}: unchanged, untouched");
            }
        }
    }
    // The new hours are there.
    let d01 = feed(&s.second, "d01.ics");
    assert_eq!(
        d01["mende-jour-20270329-d01@gardes"].start,
        at("2027-03-29T07:00:00Z")
    );
    let all = feed(&s.second, "all.ics");
    assert!(all["mende-nuit-20270327-seat1@gardes"]
        .summary
        .ends_with(" : Dr Paul Roux"));

    // The loser: the duty is cancelled, one SEQUENCE higher, and says so.
    let d02 = feed(&s.second, "d02.ics");
    let lost = &d02["mende-nuit-20270327-d02@gardes"];
    assert_eq!(
        (lost.sequence, lost.last_modified, lost.status.as_str()),
        (1, t2, "CANCELLED")
    );
    assert_eq!(
        lost.summary,
        "Annulée – Garde PDSA — Secteur de Mende (Nuit)"
    );
    // The gainer: the duty once, new.
    let d03 = feed(&s.second, "d03.ics");
    assert_eq!(
        d03.keys().collect::<Vec<_>>(),
        ["mende-nuit-20270327-d03@gardes"]
    );
    let gained = &d03["mende-nuit-20270327-d03@gardes"];
    assert_eq!(
        (
            gained.sequence,
            gained.last_modified,
            gained.status.as_str()
        ),
        (0, t2, "CONFIRMED")
    );

    // Never a duty twice: across the personal feeds, each duty is confirmed exactly as
    // many times as it has holders.
    let mut confirmed: BTreeMap<String, usize> = BTreeMap::new();
    for name in ["d01.ics", "d02.ics", "d03.ics"] {
        for (uid, e) in feed(&s.second, name) {
            if e.status == "CONFIRMED" {
                let duty = uid.rsplit_once('-').unwrap().0.to_owned();
                *confirmed.entry(duty).or_default() += 1;
            }
        }
    }
    let c = changed();
    let mut holders: BTreeMap<String, usize> = BTreeMap::new();
    for a in &c.roster.assignments {
        let d = &c.duties[a.duty.get()];
        let duty = format!(
            "{}-{}-{}",
            c.instance.post(d.post).id,
            c.instance.period(d.period).id,
            d.date.format("%Y%m%d")
        );
        *holders.entry(duty).or_default() += 1;
    }
    assert_eq!(confirmed, holders);

    // The earlier feeds are archived whole, history included.
    let archived: Vec<_> = std::fs::read_dir(s.dir.path().join("archive"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(archived.len(), 1);
    assert_eq!(
        std::fs::read(archived[0].join("ics/publication.json")).unwrap(),
        s.first["publication.json"]
    );
}

/// The determinism contract: publishing an unchanged roster again writes the same
/// bytes, whatever the `now` (feeds and history alike), as long as no cancelled event
/// reaches the end of its retention in between.
#[test]
fn a_third_publication_without_change_is_byte_identical() {
    let s = scenario();
    for later in [t2(), t2() + Duration::hours(5), t2() + Duration::days(20)] {
        let third = publish(s.dir.path(), &changed(), later);
        assert_eq!(
            third.keys().collect::<Vec<_>>(),
            s.second.keys().collect::<Vec<_>>()
        );
        for (name, bytes) in &third {
            assert!(bytes == &s.second[name], "{name} changed at {later}");
        }
    }
    // And the first publication through write_all_with is write_all's.
    let dir = tempfile::tempdir().unwrap();
    let c = spring();
    export::write_all(dir.path(), &c.instance, &c.duties, &c.roster, now()).unwrap();
    for (name, bytes) in &s.first {
        assert_eq!(
            &std::fs::read(dir.path().join("ics").join(name)).unwrap(),
            bytes,
            "{name}"
        );
    }
}

/// A cancelled event stays for the retention period, then leaves the feed; the duty
/// regained later comes back under its UID with a higher SEQUENCE.
#[test]
fn a_cancelled_duty_leaves_after_its_retention_and_comes_back_higher() {
    let s = scenario();
    let dir = s.dir.path();
    let uid = "mende-nuit-20270327-d02@gardes";
    let day_29 = publish(dir, &changed(), t2() + Duration::days(29));
    assert_eq!(feed(&day_29, "d02.ics")[uid].status, "CANCELLED");
    assert!(day_29["d02.ics"] == s.second["d02.ics"]);

    let day_30 = publish(dir, &changed(), t2() + Duration::days(30));
    let d02 = feed(&day_30, "d02.ics");
    assert!(!d02.contains_key(uid), "dropped after 30 days");
    assert_eq!(d02.len(), 4, "the other duties stay");
    let history = FeedHistory::load(dir).unwrap();
    let record = &history.feeds["d02.ics"].events[uid];
    assert_eq!((record.status, record.sequence), (EventStatus::Dropped, 1));
    assert_eq!(record.event, None);

    // d02 gets the night back (with the new hours of the day period kept).
    let mut back = changed();
    back.roster = spring_roster_on(&back);
    let later = t2() + Duration::days(31);
    let regained = publish(dir, &back, later);
    let e = &feed(&regained, "d02.ics")[uid];
    assert_eq!(
        (e.sequence, e.last_modified, e.status.as_str()),
        (2, later, "CONFIRMED")
    );
    // ... and d03, who loses it, gets it cancelled.
    let lost = &feed(&regained, "d03.ics")["mende-nuit-20270327-d03@gardes"];
    assert_eq!((lost.sequence, lost.status.as_str()), (1, "CANCELLED"));
}

/// A cancelled event leaves the feed once its duty has ended, even within the
/// retention period; `keep_cancelled_days: 0` removes a lost duty at once.
#[test]
fn a_cancelled_duty_leaves_once_past_or_at_once_without_retention() {
    let uid = "mende-nuit-20270327-d02@gardes";
    let long = FeedPolicy {
        keep_cancelled_days: 365,
    };
    let dir = tempfile::tempdir().unwrap();
    publish_with(dir.path(), &spring(), now(), long);
    publish_with(dir.path(), &changed(), t2(), long);
    // The night ends on the 28th at 08:00 in Paris (06:00 UTC, summer time).
    let before_end = publish_with(dir.path(), &changed(), at("2027-03-28T05:59:59Z"), long);
    assert_eq!(feed(&before_end, "d02.ics")[uid].status, "CANCELLED");
    let at_end = publish_with(dir.path(), &changed(), at("2027-03-28T06:00:00Z"), long);
    assert!(!feed(&at_end, "d02.ics").contains_key(uid));

    let none = FeedPolicy {
        keep_cancelled_days: 0,
    };
    let dir = tempfile::tempdir().unwrap();
    publish_with(dir.path(), &spring(), now(), none);
    let second = publish_with(dir.path(), &changed(), t2(), none);
    assert!(!feed(&second, "d02.ics").contains_key(uid));
    let record = &FeedHistory::load(dir.path()).unwrap().feeds["d02.ics"].events[uid];
    assert_eq!((record.status, record.sequence), (EventStatus::Dropped, 1));
}

/// A practitioner who left the instance keeps a feed: every duty of theirs cancelled,
/// then an empty calendar that still parses, under the same name.
#[test]
fn a_practitioner_who_left_keeps_a_feed_that_empties() {
    let dir = tempfile::tempdir().unwrap();
    let first = publish(dir.path(), &spring(), now());
    let mut without = instance("2027-03-26", "2027-03-29");
    without.practitioners.retain(|p| p.id.as_str() != "d02");
    let held: Vec<_> = SPRING_HELD
        .iter()
        .filter(|h| h.3 != "d02")
        .copied()
        .collect();
    let left = case(without.clone(), &held);
    let second = publish(dir.path(), &left, t2());
    let before = feed(&first, "d02.ics");
    let after = feed(&second, "d02.ics");
    assert_eq!(after.len(), before.len());
    for (uid, e) in &after {
        assert_eq!(
            (e.sequence, e.status.as_str(), e.last_modified),
            (1, "CANCELLED", t2()),
            "{uid}"
        );
        assert!(e.summary.starts_with("Annulée – "), "{uid}");
    }
    let (cal, _) = parse_feed("d02.ics", &second["d02.ics"]);
    assert_eq!(
        text_of(&cal, "X-WR-CALNAME"),
        "Gardes — Dr Élodie Bénard, dite « Lodie »; Saint-Chély"
    );
    // After the retention period: an empty calendar, still written and valid.
    let later = publish(dir.path(), &left, t2() + Duration::days(30));
    assert!(feed(&later, "d02.ics").is_empty());
    let again = publish(dir.path(), &left, t2() + Duration::days(60));
    assert!(again["d02.ics"] == later["d02.ics"]);
}

/// The golden files of the second publication: the loser's feed with its cancelled
/// duty, and the history, both reviewed.
#[test]
fn the_second_publication_golden_files() {
    let s = scenario();
    let d02 = String::from_utf8(s.second["d02.ics"].clone()).unwrap();
    insta::assert_snapshot!("second_d02_ics", lf(&d02));
    let history = String::from_utf8(s.second["publication.json"].clone()).unwrap();
    insta::assert_snapshot!("second_publication_json", history);
}

// ---------------------------------------------------------------------------------
// An unusable history.

fn load_error(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("ics")).unwrap();
    std::fs::write(dir.path().join("ics/publication.json"), text).unwrap();
    let e = FeedHistory::load(dir.path()).unwrap_err().to_string();
    e.replace(&dir.path().display().to_string(), "OUT")
}

/// Every way a history can be wrong is a message naming the file (with its line and
/// column when JSON gives them), never a panic.
#[test]
fn an_unusable_history_is_a_located_error() {
    insta::assert_snapshot!(
        load_error("{\n  \"format\": 1,\n  \"feeds\": {\n    \"d01.ics\": 3\n  }\n}\n"),
        @"historique des calendriers OUT/ics/publication.json:4:16 : contenu inattendu (invalid type: integer `3`, expected struct FeedRecord) ; ce fichier est écrit par gardes : remettez à sa place le plus récent des archive/<date>/ics/publication.json"
    );
    insta::assert_snapshot!(load_error("{\n  \"format\": 1,\n  \"feeds\": {\n"), @"historique des calendriers OUT/ics/publication.json:4:0 : fichier tronqué, le JSON s'arrête avant sa fin ; ce fichier est écrit par gardes : remettez à sa place le plus récent des archive/<date>/ics/publication.json");
    insta::assert_snapshot!(load_error("{\"format\": 2, \"feeds\": {}}"), @"historique des calendriers OUT/ics/publication.json : format 2 inconnu : cette version de gardes lit le format 1");
    insta::assert_snapshot!(load_error("{\"format\": 1, \"feeds\": {}, \"extra\": 0}"), @"historique des calendriers OUT/ics/publication.json:1:34 : contenu inattendu (unknown field `extra`, expected `format` or `feeds`) ; ce fichier est écrit par gardes : remettez à sa place le plus récent des archive/<date>/ics/publication.json");
    insta::assert_snapshot!(
        load_error("{\"format\": 1, \"feeds\": {\"../x.ics\": {\"calendar\": \"\", \"events\": {}}}}"),
        @"historique des calendriers OUT/ics/publication.json : « ../x.ics » ne nomme pas un calendrier <identifiant>.ics ou all.ics ; ce fichier est écrit par gardes : remettez à sa place le plus récent des archive/<date>/ics/publication.json"
    );
    insta::assert_snapshot!(
        load_error(r#"{"format": 1, "feeds": {"d01.ics": {"calendar": "", "events": {"u@gardes": {"sequence": 1, "last_modified": "2027-01-15T09:30:00Z", "status": "cancelled"}}}}}"#),
        @"historique des calendriers OUT/ics/publication.json : d01.ics, événement « u@gardes » : annulé sans « event » ; ce fichier est écrit par gardes : remettez à sa place le plus récent des archive/<date>/ics/publication.json"
    );
    // Not a file: a folder where the history should be.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("ics/publication.json")).unwrap();
    assert!(FeedHistory::load(dir.path()).is_err());
    // Missing: the first publication.
    assert_eq!(
        FeedHistory::load(&dir.path().join("nothing")).unwrap(),
        FeedHistory::new()
    );
}

// ---------------------------------------------------------------------------------
// Through the binary.

const CLI_INSTANCE: &str = include_str!("fixtures/cli/ascension-2027.toml");

/// `gardes solve` into a folder whose history is malformed stops before solving, with
/// the file's line and column, exit code 2, and touches nothing.
#[test]
fn solve_refuses_a_malformed_history_and_writes_nothing() {
    let dir = Dir::new();
    dir.write("instance.toml", CLI_INSTANCE);
    dir.write("out/assignments.csv", "date,post\n");
    dir.write(
        "out/ics/publication.json",
        "{\n  \"format\": 1,\n  \"feeds\": [\n",
    );
    let before = dir.files("out");
    let run = dir.run(&[
        "solve",
        "instance.toml",
        "-o",
        "out",
        "--now",
        "2027-01-15T09:30:00Z",
    ]);
    run.code(2);
    assert!(
        run.stderr
            .contains("out/ics/publication.json:4:0 : fichier tronqué"),
        "{}",
        run.stderr
    );
    assert_eq!(dir.files("out"), before);
    assert!(!dir.join("out/archive").exists());
}

/// `gardes solve` twice into one folder: the second run continues the history, so
/// the same roster published a day later gives the same feeds, byte for byte, and the
/// first ones are archived.
#[test]
fn solving_again_into_the_folder_continues_the_feeds() {
    let dir = Dir::new();
    dir.write("instance.toml", CLI_INSTANCE);
    let args = |now: &'static str| ["solve", "instance.toml", "-o", "out", "--now", now, "-q"];
    dir.run(&args("2027-01-15T09:30:00Z")).code(0);
    let first = dir.files("out/ics");
    dir.run(&args("2027-01-16T09:30:00Z")).code(0);
    let second = dir.files("out/ics");
    assert!(first.contains_key("publication.json"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &first {
        assert!(bytes == &second[name], "{name} changed");
    }
    let archived: BTreeSet<String> = std::fs::read_dir(dir.join("out/archive"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(archived.len(), 1);
}

/// The original holders, on the duties of `c`.
fn spring_roster_on(c: &Case) -> Roster {
    roster(&c.instance, &c.duties, &SPRING_HELD, &spring_empty())
}

/// `gardes swap` after `gardes solve` into one folder continues the feeds: the two
/// seats exchanged are cancelled in their givers' feeds and new in their takers',
/// everything else keeps the solve's `SEQUENCE` and `LAST-MODIFIED`.
#[test]
fn a_swap_after_a_solve_continues_the_feeds() {
    use gardes::swap::{Seat, Swap};
    let dir = Dir::new();
    dir.write("instance.toml", CLI_INSTANCE);
    let solved_at = at("2027-01-15T09:30:00Z");
    let swapped_at = at("2027-02-01T08:00:00Z");
    dir.run(&[
        "solve",
        "instance.toml",
        "-o",
        "pub",
        "--now",
        "2027-01-15T09:30:00Z",
        "-q",
    ])
    .code(0);
    let instance = gardes::instance::parse("instance.toml", CLI_INSTANCE).unwrap();
    let duties = duties::expand(&instance).unwrap();
    let text = std::fs::read_to_string(dir.join("pub/assignments.csv")).unwrap();
    let records = gardes::check::read_roster_csv("assignments.csv", &text).unwrap();
    let seat = |r: &gardes::roster::RosterRecord| {
        format!("{}:{}:{}:{}", r.practitioner_id, r.date, r.period, r.post)
    };
    // The first exchange of two duties the checker accepts, as a coordinator would try.
    let (a, b) = records
        .iter()
        .flat_map(|a| records.iter().map(move |b| (a, b)))
        .find(|(a, b)| {
            a.practitioner_id != b.practitioner_id
                && gardes::swap::apply(
                    &instance,
                    &duties,
                    &records,
                    &Swap {
                        give: vec![Seat::parse(&seat(a)).unwrap()],
                        take: vec![Seat::parse(&seat(b)).unwrap()],
                        to: None,
                    },
                )
                .is_ok()
        })
        .expect("some exchange keeps every rule");
    let before = dir.files("pub/ics");
    dir.run(&[
        "swap",
        "instance.toml",
        "pub/assignments.csv",
        "--give",
        &seat(a),
        "--take",
        &seat(b),
        "--now",
        "2027-02-01T08:00:00Z",
        "-q",
    ])
    .code(0);
    let after = dir.files("pub/ics");
    let uid = |r: &gardes::roster::RosterRecord, who: &str| {
        format!(
            "{}-{}-{}-{who}@gardes",
            r.post,
            r.period,
            r.date.format("%Y%m%d")
        )
    };
    for (giver, given, taker) in [(a, a, b), (b, b, a)] {
        let giver_feed = feed(&after, &format!("{}.ics", giver.practitioner_id));
        let lost = &giver_feed[&uid(given, &giver.practitioner_id)];
        assert_eq!(
            (lost.sequence, lost.status.as_str(), lost.last_modified),
            (1, "CANCELLED", swapped_at)
        );
        let taker_feed = feed(&after, &format!("{}.ics", taker.practitioner_id));
        let gained = &taker_feed[&uid(given, &taker.practitioner_id)];
        assert_eq!(
            (
                gained.sequence,
                gained.status.as_str(),
                gained.last_modified
            ),
            (0, "CONFIRMED", swapped_at)
        );
    }
    let moved = [
        uid(a, &a.practitioner_id),
        uid(a, &b.practitioner_id),
        uid(b, &a.practitioner_id),
        uid(b, &b.practitioner_id),
    ];
    for name in before
        .keys()
        .filter(|n| n.ends_with(".ics") && *n != "all.ics")
    {
        let old = feed(&before, name);
        for (uid, e) in feed(&after, name) {
            if !moved.contains(&uid) {
                assert_eq!(e, old[&uid], "{name} {uid}");
                assert_eq!((e.sequence, e.last_modified), (0, solved_at));
            }
        }
    }
}
