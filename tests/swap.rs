//! Exchanges between two practitioners (`gardes swap`, `gardes::swap`): applied only
//! when the checker accepts the result, refused with the rule otherwise, and nothing
//! written when refused or in a dry run.

use std::path::Path;
use std::process::{Command, Output};

use gardes::check;
use gardes::duties;
use gardes::instance;
use gardes::swap::{self, Seat, Swap, SwapError};

const QUINZAINE: &str = include_str!("fixtures/replan/quinzaine.toml");

fn gardes(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gardes"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The published roster of the two-week instance, solved once per test.
fn published() -> (tempfile::TempDir, Vec<gardes::roster::RosterRecord>) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("instance.toml"), QUINZAINE).unwrap();
    let out = gardes(
        dir,
        &[
            "solve",
            "instance.toml",
            "-o",
            "pub",
            "--now",
            "2027-01-15T09:30:00Z",
            "-q",
        ],
    );
    assert!(out.status.success());
    let text = std::fs::read_to_string(dir.join("pub/assignments.csv")).unwrap();
    let records = check::read_roster_csv("assignments.csv", &text).unwrap();
    (tmp, records)
}

fn seat(r: &gardes::roster::RosterRecord) -> String {
    format!("{}:{}:{}:{}", r.practitioner_id, r.date, r.period, r.post)
}

/// Two Mende nights a week apart, exchanged: applied, each holds the other's, every
/// rule holds; changes.csv names both duties; swap.md says who gave what.
#[test]
fn an_exchange_that_keeps_the_rules_is_applied() {
    let (tmp, records) = published();
    let dir = tmp.path();
    let instance = instance::parse("instance.toml", QUINZAINE).unwrap();
    let duties = duties::expand(&instance).unwrap();
    // Find an exchange of two nights the checker accepts, as a coordinator would try.
    let nights: Vec<_> = records
        .iter()
        .filter(|r| r.period == "nuit" && r.post == "mende")
        .collect();
    let mut found = None;
    'search: for a in &nights {
        for b in &nights {
            if a.practitioner_id == b.practitioner_id {
                continue;
            }
            let s = Swap {
                give: vec![Seat::parse(&seat(a)).unwrap()],
                take: vec![Seat::parse(&seat(b)).unwrap()],
                to: None,
            };
            if let Ok(applied) = swap::apply(&instance, &duties, &records, &s) {
                found = Some(((*a).clone(), (*b).clone(), applied));
                break 'search;
            }
        }
    }
    let (a, b, applied) = found.expect("some exchange keeps every rule");
    assert!(applied.after.is_valid());
    assert_eq!(applied.moves.len(), 2);

    let out = gardes(
        dir,
        &[
            "swap",
            "instance.toml",
            "pub/assignments.csv",
            "--give",
            &seat(&a),
            "--take",
            &seat(&b),
            "--now",
            "2027-02-01T08:00:00Z",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.join("pub/assignments.csv")).unwrap();
    let after = check::read_roster_csv("assignments.csv", &text).unwrap();
    let holds = |who: &str, r: &gardes::roster::RosterRecord| {
        after.iter().any(|x| {
            x.practitioner_id == who && x.date == r.date && x.post == r.post && x.period == r.period
        })
    };
    assert!(holds(&b.practitioner_id, &a) && holds(&a.practitioner_id, &b));
    assert!(!holds(&a.practitioner_id, &a) && !holds(&b.practitioner_id, &b));
    assert_eq!(after.len(), records.len());
    assert!(check::check(&instance, &duties, &after).is_valid());
    let changes = std::fs::read_to_string(dir.join("pub/changes.csv")).unwrap();
    assert_eq!(changes.lines().count(), 3, "{changes}");
    let md = std::fs::read_to_string(dir.join("pub/swap.md")).unwrap();
    assert!(md.contains("respecte toutes les règles"), "{md}");
    // The earlier publication is archived.
    assert_eq!(
        std::fs::read_dir(dir.join("pub/archive")).unwrap().count(),
        1
    );
}

/// An exchange that would put one doctor on two nights in a row is refused with that
/// rule, exit 1, and nothing is written; so is a seat its giver does not hold (exit 2).
#[test]
fn an_exchange_that_breaks_a_rule_is_refused() {
    let (tmp, records) = published();
    let dir = tmp.path();
    let instance = instance::parse("instance.toml", QUINZAINE).unwrap();
    let duties = duties::expand(&instance).unwrap();
    // A's night handed to B, where B holds the night before: two nights in a row.
    let (a, b) = records
        .iter()
        .filter(|r| r.period == "nuit")
        .find_map(|a| {
            let eve = a.date.pred_opt()?;
            let b = records.iter().find(|b| {
                b.period == "nuit" && b.date == eve && b.practitioner_id != a.practitioner_id
            })?;
            instance
                .practitioners
                .iter()
                .find(|p| p.id.0 == b.practitioner_id)?
                .posts
                .iter()
                .any(|&p| instance.post(p).id.0 == a.post)
                .then(|| (a.clone(), b.clone()))
        })
        .expect("two consecutive nights held by two doctors");
    let s = Swap {
        give: vec![Seat::parse(&seat(&a)).unwrap()],
        take: Vec::new(),
        to: Some(b.practitioner_id.clone()),
    };
    match swap::apply(&instance, &duties, &records, &s) {
        Err(e @ SwapError::Breaks(_)) => {
            let text = e.to_string();
            assert!(text.contains("deux nuits de suite"), "{text}");
        }
        other => panic!("{other:?}"),
    }
    let before = std::fs::read(dir.join("pub/assignments.csv")).unwrap();
    let out = gardes(
        dir,
        &[
            "swap",
            "instance.toml",
            "pub/assignments.csv",
            "--give",
            &seat(&a),
            "--to",
            &b.practitioner_id,
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("l'échange est refusé"), "{stderr}");
    assert!(stderr.contains("deux nuits de suite"), "{stderr}");
    assert_eq!(
        std::fs::read(dir.join("pub/assignments.csv")).unwrap(),
        before
    );
    assert!(!dir.join("pub/archive").exists());

    // Not the giver's seat, unknown receiver, unreadable seat: bad input, exit 2.
    let not_held = format!("{}:{}:{}:{}", b.practitioner_id, a.date, a.period, a.post);
    for (args, expected) in [
        (
            vec![
                "--give",
                not_held.as_str(),
                "--to",
                a.practitioner_id.as_str(),
            ],
            "ne tient pas cette garde",
        ),
        (
            vec!["--give", &seat(&a), "--to", "d99"],
            "praticien inconnu « d99 »",
        ),
        (
            vec!["--give", "d01:2027-02-08:nuit"],
            "--give « d01:2027-02-08:nuit » illisible",
        ),
        (vec!["--give", &seat(&a)], "à qui ?"),
    ] {
        let mut full = vec!["swap", "instance.toml", "pub/assignments.csv"];
        full.extend_from_slice(&args);
        let out = gardes(dir, &full);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    assert_eq!(
        std::fs::read(dir.join("pub/assignments.csv")).unwrap(),
        before
    );
    assert!(!dir.join("pub/archive").exists());
}

/// A dry run prints the verdict and writes nothing.
#[test]
fn a_dry_run_writes_nothing() {
    let (tmp, records) = published();
    let dir = tmp.path();
    let a = &records[records.len() - 1];
    let other = records
        .iter()
        .rev()
        .find(|r| r.practitioner_id != a.practitioner_id && r.post == a.post)
        .unwrap();
    let before = std::fs::read(dir.join("pub/assignments.csv")).unwrap();
    let out = gardes(
        dir,
        &[
            "swap",
            "instance.toml",
            "pub/assignments.csv",
            "--give",
            &seat(a),
            "--to",
            &other.practitioner_id,
            "--dry-run",
        ],
    );
    // Accepted or refused, a dry run never writes.
    assert!(matches!(out.status.code(), Some(0 | 1)));
    if out.status.success() {
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.contains("rien n'a été écrit"), "{stdout}");
    }
    assert_eq!(
        std::fs::read(dir.join("pub/assignments.csv")).unwrap(),
        before
    );
    assert!(!dir.join("pub/archive").exists());
    assert!(!dir.join("pub/swap.md").exists());
}

/// A one-way handover of a Sunday day, fees computed by hand: the day is €200 in
/// `[fees]`, a night €150 at the default rate. swap.md says who gains and loses how much.
#[test]
fn a_handover_moves_its_fee() {
    let instance = instance::parse(
        "instance.toml",
        r#"
horizon = { first = 2027-01-04, last = 2027-01-10 }
[[periods]]
id = "nuit"
start = "20:00"
end = "08:00"
[[periods]]
id = "jour"
start = "08:00"
end = "20:00"
day_kinds = ["sunday", "holiday"]
[[posts]]
id = "mende"
periods = ["nuit", "jour"]
[fees]
periods = { jour = 200 }
[[practitioners]]
id = "d01"
name = "Dr Anne Martin"
posts = ["mende"]
[[practitioners]]
id = "d02"
name = "Dr Bruno Roux"
posts = ["mende"]
"#,
    )
    .unwrap();
    let duties = duties::expand(&instance).unwrap();
    let records = check::read_roster_csv(
        "assignments.csv",
        "date,post,period,start,end,practitioner_id,practitioner_name\n\
         2027-01-04,mende,nuit,,,d01,\n\
         2027-01-10,mende,jour,,,d01,\n\
         2027-01-06,mende,nuit,,,d02,\n",
    )
    .unwrap();
    let s = Swap {
        give: vec![Seat::parse("d01:2027-01-10:jour:mende").unwrap()],
        take: Vec::new(),
        to: Some("d02".into()),
    };
    let applied = swap::apply(&instance, &duties, &records, &s).unwrap();
    // d01: 150 + 200 → 150; d02: 150 → 150 + 200.
    assert_eq!(
        applied
            .before
            .fees
            .by_practitioner()
            .into_values()
            .collect::<Vec<_>>(),
        [35000, 15000]
    );
    assert_eq!(
        applied
            .after
            .fees
            .by_practitioner()
            .into_values()
            .collect::<Vec<_>>(),
        [15000, 35000]
    );
    let md = gardes::report::swap::summary_markdown(&instance, &applied);
    assert!(
        md.contains("- Dr Anne Martin (d01) : 350,00 € → 150,00 € (−200,00 €)\n- Dr Bruno Roux (d02) : 150,00 € → 350,00 € (+200,00 €)\n"),
        "{md}"
    );
    assert!(
        md.contains("Montants estimés"),
        "the nights are at the default rate: {md}"
    );
}
