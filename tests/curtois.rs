//! The Curtois & Qu benchmark reader and evaluator (`gardes::curtois`): the 24 published
//! files parse, broken files give located French errors, and the penalty of hand-built
//! rosters on tiny instances matches the value derived by hand for every rule.

use std::path::{Path, PathBuf};

use gardes::curtois::{self, penalty, CurtoisInstance, Penalty, Roster, RosterError, Violation};

/// A small valid instance; the broken snippets below replace one of its lines.
/// Same text as `tests/fixtures/curtois/tiny_crlf.txt`, with `\n` line ends.
const VALID: &str = "\
# Tiny Curtois instance with CRLF line ends (tests/curtois.rs).
SECTION_HORIZON
14

SECTION_SHIFTS
E,480,
L,600,E

SECTION_STAFF
A,E=14|L=14,9600,0,5,1,1,2
B,E=14|L=14,9600,0,5,1,1,2

SECTION_DAYS_OFF
A,0,1,,

SECTION_SHIFT_ON_REQUESTS
B,2,E,3

SECTION_SHIFT_OFF_REQUESTS
A,3,L,1

SECTION_COVER
0,E,1,100,1
0,L,1,100,1
";

/// The shared benchmark directory, if present.
fn benchmarks() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/benchmarks/curtois");
    dir.is_dir().then_some(dir)
}

// ---------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------

#[test]
fn the_tiny_instance_parses_into_typed_structs() {
    let inst = curtois::parse("tiny.txt", VALID).expect("valid");
    assert_eq!(inst.horizon, 14);
    assert_eq!(inst.weekends(), 2);
    let ids: Vec<&str> = inst.shifts.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["E", "L"]);
    assert_eq!(inst.shifts[1].minutes, 600);
    assert_eq!(inst.shifts[1].forbidden_next, vec![0]);
    assert!(inst.shifts[0].forbidden_next.is_empty());
    let a = &inst.staff[0];
    assert_eq!(a.max_shifts, vec![14, 14]);
    assert_eq!(
        (
            a.max_total_minutes,
            a.min_total_minutes,
            a.max_consecutive_shifts,
            a.min_consecutive_shifts,
            a.min_consecutive_days_off,
            a.max_weekends
        ),
        (9600, 0, 5, 1, 1, 2)
    );
    assert_eq!(a.days_off, vec![0, 1], "trailing empty fields are ignored");
    assert!(inst.staff[1].days_off.is_empty());
    assert_eq!(inst.shift_on_requests.len(), 1);
    assert_eq!(inst.shift_on_requests[0].staff, 1);
    assert_eq!(inst.shift_on_requests[0].day, 2);
    assert_eq!(inst.shift_on_requests[0].weight, 3);
    assert_eq!(inst.shift_off_requests[0].shift, 1);
    assert_eq!(inst.cover.len(), 2);
    assert_eq!(inst.cover[1].shift, 1);
    assert_eq!(inst.cover[1].weight_under, 100);
}

#[test]
fn the_crlf_fixture_reads_like_the_lf_text() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/curtois/tiny_crlf.txt");
    let bytes = std::fs::read_to_string(&path).expect("fixture");
    assert!(
        bytes.contains("\r\n"),
        "the fixture keeps its CRLF line ends"
    );
    assert_eq!(bytes.replace("\r\n", "\n"), VALID);
    let from_file = curtois::read(&path).expect("valid");
    assert_eq!(from_file, curtois::parse("tiny.txt", VALID).expect("valid"));
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let err = curtois::read(Path::new("/nonexistent/Instance99.txt")).expect_err("missing");
    let text = err.to_string();
    assert!(text.starts_with("impossible de lire le fichier /nonexistent/Instance99.txt"));
}

/// Replaces line `n` (1-based) of [`VALID`] and parses the result, expecting an error.
fn broken(n: usize, replacement: &str) -> curtois::ParseError {
    let text: Vec<&str> = VALID
        .lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == n { replacement } else { l })
        .collect();
    curtois::parse("tiny.txt", &text.join("\n")).expect_err("the snippet is broken")
}

#[test]
fn broken_snippets_give_located_french_errors() {
    let all = "SECTION_HORIZON, SECTION_SHIFTS, SECTION_STAFF, SECTION_DAYS_OFF, \
               SECTION_SHIFT_ON_REQUESTS, SECTION_SHIFT_OFF_REQUESTS, SECTION_COVER";
    let cases: Vec<(usize, &str, usize, usize, String)> = vec![
        (1, "14", 1, 1, "ligne de données hors de toute section, trouvé « 14 »".into()),
        (2, "SECTION_HORIZONS", 2, 1, format!("section inconnue « SECTION_HORIZONS » (attendu : {all})")),
        (22, "SECTION_SHIFTS", 22, 1, "section « SECTION_SHIFTS » déjà ouverte ligne 5".into()),
        (3, "x", 3, 1, "horizon : entier positif ou nul attendu pour le nombre de jours, trouvé « x »".into()),
        (3, "10", 3, 1, "horizon : multiple de 7 non nul attendu (l'horizon commence un lundi et compte des semaines entières), trouvé 10".into()),
        (6, "E,huit,", 6, 3, "type de poste « E » : entier positif ou nul attendu pour la durée en minutes, trouvé « huit »".into()),
        (6, ",480,", 6, 1, "type de poste : identifiant de type de poste attendu, trouvé un champ vide".into()),
        (7, "L,600,E|Z", 7, 9, "type de poste « L » : type de poste inconnu « Z »".into()),
        (7, "E,600,", 7, 1, "type de poste « E » : identifiant déjà défini ligne 6".into()),
        (10, "A,E=14|L=14,9600,0,5,1,1", 10, 25, "effectif : 8 champs attendus, trouvé 7".into()),
        (10, "A,E=14|Q=3,9600,0,5,1,1,2", 10, 8, "effectif « A » : type de poste inconnu « Q »".into()),
        (10, "A,E14,9600,0,5,1,1,2", 10, 3, "effectif « A » : « type=limite » attendu, trouvé « E14 »".into()),
        (10, "A,E=14|L=x,9600,0,5,1,1,2", 10, 10, "effectif « A » : entier positif ou nul attendu pour la limite, trouvé « x »".into()),
        (10, "A,E=14|L=14,9600,x,5,1,1,2", 10, 18, "effectif « A » : entier positif ou nul attendu pour la durée totale minimale, trouvé « x »".into()),
        (11, "A,E=1|L=1,1,0,5,1,1,2", 11, 1, "effectif « A » : identifiant déjà défini ligne 10".into()),
        (14, "Z,0", 14, 1, "jours de repos : effectif inconnu « Z »".into()),
        (14, "a,0", 14, 1, "jours de repos : effectif inconnu « a »".into()),
        (14, "A,0,14", 14, 5, "jours de repos de « A » : jour 14 hors de l'horizon (0 à 13)".into()),
        (14, "A,0,,1", 14, 5, "jours de repos de « A » : entier positif ou nul attendu pour le jour, trouvé un champ vide".into()),
        (17, "B,2,X,3", 17, 5, "demande de poste de « B » : type de poste inconnu « X »".into()),
        (20, "A,3,L,-1", 20, 7, "demande de repos de « A » : entier positif ou nul attendu pour le poids, trouvé « -1 »".into()),
        (23, "99,E,1,100,1", 23, 1, "couverture : jour 99 hors de l'horizon (0 à 13)".into()),
        (24, "0,E,2,100,1", 24, 1, "couverture du jour 0, poste « E » : déjà donnée ligne 23".into()),
        (24, "0,L,1,100,1,5", 24, 13, "couverture : 5 champs attendus, trouvé 6".into()),
    ];
    for (n, replacement, line, column, message) in cases {
        let err = broken(n, replacement);
        assert_eq!(
            (err.line, err.column, err.message.as_str()),
            (line, column, message.as_str()),
            "snippet « {replacement} » on line {n}"
        );
        assert_eq!(err.file, "tiny.txt");
    }
}

#[test]
fn the_error_display_names_file_line_and_column() {
    let err = broken(10, "A,E=14|L=14,9600,x,5,1,1,2");
    assert_eq!(
        err.to_string(),
        "tiny.txt:10:18: effectif « A » : entier positif ou nul attendu pour la durée \
         totale minimale, trouvé « x »"
    );
}

#[test]
fn a_missing_section_is_reported_after_the_last_line() {
    // Lines 1–20 end with the shift-off request; the error points at line 21.
    let text: Vec<&str> = VALID.lines().take(20).collect();
    let err = curtois::parse("tiny.txt", &text.join("\n")).expect_err("no cover");
    assert_eq!(
        (err.line, err.column, err.message.as_str()),
        (21, 1, "section « SECTION_COVER » manquante")
    );
}

#[test]
fn an_empty_horizon_section_is_reported_at_its_header() {
    let err = curtois::parse("tiny.txt", &VALID.replacen("14\n", "", 1)).expect_err("empty");
    assert_eq!(
        (err.line, err.column, err.message.as_str()),
        (
            2,
            1,
            "section « SECTION_HORIZON » vide : nombre de jours attendu"
        )
    );
}

#[test]
fn minus_zero_reads_as_zero_but_other_negatives_are_refused() {
    // Instance15 has cover lines such as `41,D,-0,100,1`.
    let inst = curtois::parse("tiny.txt", &VALID.replace("0,L,1,100,1", "0,L,-0,100,1"))
        .expect("-0 is accepted");
    assert_eq!(inst.cover[1].requirement, 0);
    let err = broken(24, "0,L,-,100,1");
    assert_eq!(
        (err.line, err.column, err.message.as_str()),
        (
            24,
            5,
            "couverture du jour 0, poste « L » : entier positif ou nul attendu pour \
             l'effectif souhaité, trouvé « - »"
        )
    );
}

#[test]
fn sections_may_come_in_any_order_and_forbidden_lists_may_point_forward() {
    // COVER first, and shift E forbids L, defined on the next line.
    let text = "SECTION_COVER\n0,L,1,100,1\nSECTION_HORIZON\n7\nSECTION_SHIFTS\nE,480,L\n\
                L,600,\nSECTION_STAFF\nA,E=7|L=7,9999,0,7,0,0,1\nSECTION_DAYS_OFF\n\
                SECTION_SHIFT_ON_REQUESTS\nSECTION_SHIFT_OFF_REQUESTS\n";
    let inst = curtois::parse("t.txt", text).expect("valid");
    assert_eq!(inst.shifts[0].forbidden_next, vec![1]);
    assert_eq!(inst.cover[0].shift, 1);
}

/// One row of bounds.csv: instance number, days, staff, shift types.
fn bounds_rows(dir: &Path) -> Vec<(usize, usize, usize, usize)> {
    let text = std::fs::read_to_string(dir.join("bounds.csv")).expect("bounds.csv");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<usize> = l
                .split(',')
                .take(4)
                .map(|x| x.trim().parse().expect("a number"))
                .collect();
            (f[0], f[1], f[2], f[3])
        })
        .collect()
}

#[test]
fn the_24_benchmark_files_parse_with_their_published_sizes() {
    let Some(dir) = benchmarks() else {
        eprintln!("note : ../shared/benchmarks/curtois absent, test des 24 instances sauté");
        return;
    };
    let rows = bounds_rows(&dir);
    assert_eq!(rows.len(), 24);
    for (n, days, staff, shifts) in rows {
        let inst = curtois::read(&dir.join(format!("Instance{n}.txt")))
            .unwrap_or_else(|e| panic!("Instance{n}: {e}"));
        assert_eq!(
            (inst.horizon, inst.staff.len(), inst.shifts.len()),
            (days, staff, shifts),
            "Instance{n}"
        );
        // README: every (day, shift) pair has a cover line, weights 100 and 1.
        assert_eq!(inst.cover.len(), days * shifts, "Instance{n}");
        assert!(inst
            .cover
            .iter()
            .all(|c| c.weight_under == 100 && c.weight_over == 1));
        all_off_costs_every_request_and_every_seat(&inst);
        if n == 24 {
            let days_off: usize = inst.staff.iter().map(|s| s.days_off.len()).sum();
            let requests = inst.shift_on_requests.len() + inst.shift_off_requests.len();
            assert_eq!((days_off, requests), (5400, 13809), "README counts");
        }
    }
}

/// With everybody off: every shift-on request and every required seat is paid, nothing
/// else; the only hard violations are minimum working times.
fn all_off_costs_every_request_and_every_seat(inst: &CurtoisInstance) {
    let p = penalty(inst, &Roster::off(inst));
    let on: u64 = inst
        .shift_on_requests
        .iter()
        .map(|r| u64::from(r.weight))
        .sum();
    let seats: u64 = inst
        .cover
        .iter()
        .map(|c| u64::from(c.weight_under) * u64::from(c.requirement))
        .sum();
    assert_eq!(
        (p.shift_on, p.shift_off, p.cover_under, p.cover_over),
        (on, 0, seats, 0)
    );
    let needing_time = inst
        .staff
        .iter()
        .filter(|s| s.min_total_minutes > 0)
        .count();
    assert_eq!(p.violations.len(), needing_time);
    assert!(p
        .violations
        .iter()
        .all(|v| matches!(v, Violation::MinMinutes { minutes: 0, .. })));
}

// ---------------------------------------------------------------------------------------
// Penalty
// ---------------------------------------------------------------------------------------

/// Shifts of the tiny penalty instances: E (480 min), L (600, E may not follow),
/// N (720, neither E nor L may follow).
const SHIFTS: &str = "E,480,\nL,600,E\nN,720,E|L\n";

/// Staff without any binding limit.
const LAX: &str = "E=99|L=99|N=99,100000,0,99,0,0,99";

/// A tiny instance from its sections' data lines.
fn tiny(
    horizon: usize,
    staff: &[&str],
    days_off: &[&str],
    on: &[&str],
    cover: &[&str],
) -> CurtoisInstance {
    tiny_with_off(horizon, staff, days_off, on, &[], cover)
}

/// [`tiny`] with shift-off requests.
fn tiny_with_off(
    horizon: usize,
    staff: &[&str],
    days_off: &[&str],
    on: &[&str],
    off: &[&str],
    cover: &[&str],
) -> CurtoisInstance {
    let block = |lines: &[&str]| lines.iter().map(|l| format!("{l}\n")).collect::<String>();
    let text = format!(
        "SECTION_HORIZON\n{horizon}\n\nSECTION_SHIFTS\n{SHIFTS}\nSECTION_STAFF\n{}\n\
         SECTION_DAYS_OFF\n{}\nSECTION_SHIFT_ON_REQUESTS\n{}\nSECTION_SHIFT_OFF_REQUESTS\n{}\n\
         SECTION_COVER\n{}",
        block(staff),
        block(days_off),
        block(on),
        block(off),
        block(cover)
    );
    curtois::parse("tiny.txt", &text).unwrap_or_else(|e| panic!("{e}"))
}

/// `(staff, day, shift)` triples for one staff member: shift per listed day.
fn works<'a>(staff: &'a str, shift: &'a str, days: &[usize]) -> Vec<(&'a str, usize, &'a str)> {
    days.iter().map(|&d| (staff, d, shift)).collect()
}

/// The violations of a roster given as triples.
fn violations(inst: &CurtoisInstance, triples: Vec<(&str, usize, &str)>) -> Vec<Violation> {
    let roster = Roster::from_assignments(inst, triples).expect("valid roster");
    penalty(inst, &roster).violations
}

#[test]
fn h2_forbidden_successions_have_no_history_and_no_wrap_around() {
    let inst = tiny(
        14,
        &[&format!("A,{LAX}"), &format!("B,{LAX}")],
        &[],
        &[],
        &[],
    );
    // A: L0 E1 (forbidden: L forbids E), L2 (E→L allowed), N3 (L→N allowed),
    //    L4 (forbidden: N forbids L).
    // B: E0 and L13: L on the last day would forbid E "the day after" only with a
    //    wrap-around, which the README rules out.
    let mut roster = vec![
        ("A", 0, "L"),
        ("A", 1, "E"),
        ("A", 2, "L"),
        ("A", 3, "N"),
        ("A", 4, "L"),
    ];
    roster.extend([("B", 0, "E"), ("B", 13, "L")]);
    let succession = |day: usize, shift: &str, next: &str| Violation::Succession {
        staff: "A".into(),
        day,
        shift: shift.into(),
        next: next.into(),
    };
    assert_eq!(
        violations(&inst, roster),
        vec![succession(0, "L", "E"), succession(3, "N", "L")]
    );
}

#[test]
fn h3_max_shifts_per_type_and_an_unlisted_type_is_zero() {
    // A may work E once, L twice, and N is not listed (0).
    // Roster: E0 E2 (2 > 1), L4 L6 (2 = 2, fine), N8 (1 > 0).
    let inst = tiny(14, &["A,E=1|L=2,100000,0,99,0,0,99"], &[], &[], &[]);
    let mut roster = works("A", "E", &[0, 2]);
    roster.extend(works("A", "L", &[4, 6]));
    roster.extend(works("A", "N", &[8]));
    let max = |shift: &str, worked, limit| Violation::MaxShifts {
        staff: "A".into(),
        shift: shift.into(),
        worked,
        limit,
    };
    assert_eq!(
        violations(&inst, roster),
        vec![max("E", 2, 1), max("N", 1, 0)]
    );
}

#[test]
fn h4_total_minutes_bounds_are_inclusive() {
    // Everybody works E0 + L2 = 480 + 600 = 1080 minutes.
    // A: 1080 ≤ 1080 ≤ 1080, fine. B: max 1079, one too many. C: min 1081, one short.
    let inst = tiny(
        7,
        &[
            "A,E=9|L=9|N=9,1080,1080,99,0,0,99",
            "B,E=9|L=9|N=9,1079,0,99,0,0,99",
            "C,E=9|L=9|N=9,99999,1081,99,0,0,99",
        ],
        &[],
        &[],
        &[],
    );
    let mut roster = Vec::new();
    for s in ["A", "B", "C"] {
        roster.extend([(s, 0, "E"), (s, 2, "L")]);
    }
    assert_eq!(
        violations(&inst, roster),
        vec![
            Violation::MaxMinutes {
                staff: "B".into(),
                minutes: 1080,
                limit: 1079
            },
            Violation::MinMinutes {
                staff: "C".into(),
                minutes: 1080,
                limit: 1081
            },
        ]
    );
}

#[test]
fn h5_max_consecutive_shifts_applies_to_runs_touching_either_end() {
    // Max 3 in a row. A: days 0–3 (4, touching day 0) and 10–13 (4, touching day 13),
    // both violations. B: days 5–7 (exactly 3), fine.
    let staff = ["A,E=99,100000,0,3,0,0,99", "B,E=99,100000,0,3,0,0,99"];
    let inst = tiny(14, &staff, &[], &[], &[]);
    let mut roster = works("A", "E", &[0, 1, 2, 3, 10, 11, 12, 13]);
    roster.extend(works("B", "E", &[5, 6, 7]));
    let run = |first, length| Violation::MaxConsecutiveShifts {
        staff: "A".into(),
        first,
        length,
        limit: 3,
    };
    assert_eq!(violations(&inst, roster), vec![run(0, 4), run(10, 4)]);
}

#[test]
fn h6_min_consecutive_shifts_exempts_runs_touching_the_horizon_ends() {
    // Min 2 in a row. A works day 0 (alone, touches day 0: exempt), day 5 (alone, inner:
    // violation), days 8–9 (2: fine), day 13 (alone, touches day 13: exempt).
    // B works every day: one run touching both ends.
    let staff = ["A,E=99,100000,0,99,2,0,99", "B,E=99,100000,0,99,2,0,99"];
    let inst = tiny(14, &staff, &[], &[], &[]);
    let mut roster = works("A", "E", &[0, 5, 8, 9, 13]);
    roster.extend(works("B", "E", &(0..14).collect::<Vec<_>>()));
    assert_eq!(
        violations(&inst, roster),
        vec![Violation::MinConsecutiveShifts {
            staff: "A".into(),
            first: 5,
            length: 1,
            limit: 2
        }]
    );
}

#[test]
fn h7_min_consecutive_days_off_exempts_runs_touching_the_horizon_ends() {
    // Min 2 days off in a row. A works 1–4 and 6–12: off day 0 (alone, touches day 0:
    // exempt), day 5 (alone, inner: violation), day 13 (alone, touches day 13: exempt).
    // B works 0–2 and 5–13: off 3–4 (2, fine). C never works: one run touching both ends.
    let staff = [
        "A,E=99,100000,0,99,0,2,99",
        "B,E=99,100000,0,99,0,2,99",
        "C,E=99,100000,0,99,0,2,99",
    ];
    let inst = tiny(14, &staff, &[], &[], &[]);
    let mut roster = works("A", "E", &[1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12]);
    roster.extend(works("B", "E", &[0, 1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13]));
    assert_eq!(
        violations(&inst, roster),
        vec![Violation::MinConsecutiveDaysOff {
            staff: "A".into(),
            first: 5,
            length: 1,
            limit: 2
        }]
    );
}

#[test]
fn h8_a_weekend_counts_once_if_either_day_is_worked() {
    // Max 1 weekend; weekends are days 5–6 and 12–13 (the last two days of the horizon).
    // A: Saturday 5 and Sunday 13 → 2 weekends, violation.
    // B: Saturday 5 and Sunday 6 → 1 weekend. C: Friday 4, Saturday 12 → 1 weekend.
    // D: Monday 7 and Friday 11 only → 0.
    let staff = [
        "A,E=99,100000,0,99,0,0,1",
        "B,E=99,100000,0,99,0,0,1",
        "C,E=99,100000,0,99,0,0,1",
        "D,E=99,100000,0,99,0,0,1",
    ];
    let inst = tiny(14, &staff, &[], &[], &[]);
    let mut roster = works("A", "E", &[5, 13]);
    roster.extend(works("B", "E", &[5, 6]));
    roster.extend(works("C", "E", &[4, 12]));
    roster.extend(works("D", "E", &[7, 11]));
    assert_eq!(
        violations(&inst, roster),
        vec![Violation::MaxWeekends {
            staff: "A".into(),
            worked: 2,
            limit: 1
        }]
    );
}

#[test]
fn h9_work_on_a_listed_day_off() {
    // A is off on days 3 and 4 and works day 3 (violation) and day 5 (fine).
    let inst = tiny(7, &[&format!("A,{LAX}")], &["A,3,4"], &[], &[]);
    assert_eq!(
        violations(&inst, vec![("A", 3, "N"), ("A", 5, "E")]),
        vec![Violation::DayOff {
            staff: "A".into(),
            day: 3,
            shift: "N".into()
        }]
    );
}

#[test]
fn soft_terms_are_requests_and_cover_with_their_weights() {
    // Roster: A E0 L1; B E0 L1; C N1.
    // Shift-on (A): E0 granted (0), E1 but works L (3), E2 but off (2)          → 5.
    // Shift-off (B): L0 but works E (0), L1 worked (7), L2 off (0)               → 7.
    // Cover: (0,E) req 3, n 2 → 100·1 = 100 under; (1,L) req 1, n 2 → 3·1 = 3 over;
    //        (2,E) req 0, n 0 → 0; (3,N) req 1, n 0 → 50·1 = 50 under;
    //        (1,N) has no cover line: C's N1 costs nothing.                       → 150 + 3.
    // Total 5 + 7 + 150 + 3 = 165.
    let staff = [format!("A,{LAX}"), format!("B,{LAX}"), format!("C,{LAX}")];
    let staff: Vec<&str> = staff.iter().map(String::as_str).collect();
    let inst = tiny_with_off(
        7,
        &staff,
        &[],
        &["A,0,E,5", "A,1,E,3", "A,2,E,2"],
        &["B,0,L,4", "B,1,L,7", "B,2,L,1"],
        &["0,E,3,100,1", "1,L,1,10,3", "2,E,0,100,1", "3,N,1,50,2"],
    );
    let roster = Roster::from_assignments(
        &inst,
        [
            ("A", 0, "E"),
            ("A", 1, "L"),
            ("B", 0, "E"),
            ("B", 1, "L"),
            ("C", 1, "N"),
        ],
    )
    .expect("valid");
    let p = penalty(&inst, &roster);
    assert_eq!(
        p,
        Penalty {
            violations: vec![],
            shift_on: 5,
            shift_off: 7,
            cover_under: 150,
            cover_over: 3,
        }
    );
    assert_eq!(p.total(), 165);
    assert!(p.is_feasible());
}

#[test]
fn violations_carry_no_weight_in_the_total() {
    // A works N0 L1 (forbidden) with no request and no cover line: total 0, one violation.
    let inst = tiny(7, &[&format!("A,{LAX}")], &[], &[], &[]);
    let roster = Roster::from_assignments(&inst, [("A", 0, "N"), ("A", 1, "L")]).expect("valid");
    let p = penalty(&inst, &roster);
    assert_eq!(p.total(), 0);
    assert!(!p.is_feasible());
    assert_eq!(
        p.violations[0].to_string(),
        "H2 « A » : « L » le jour 1 suit « N » le jour 0, succession interdite"
    );
}

#[test]
fn rosters_refuse_unknown_ids_days_outside_and_two_shifts_a_day() {
    let inst = tiny(7, &[&format!("A,{LAX}")], &[], &[], &[]);
    let build = |t: Vec<(&str, usize, &str)>| Roster::from_assignments(&inst, t).expect_err("bad");
    assert_eq!(
        build(vec![("Z", 0, "E")]),
        RosterError::UnknownStaff("Z".into())
    );
    assert_eq!(
        build(vec![("A", 0, "e")]),
        RosterError::UnknownShift("e".into())
    );
    assert_eq!(
        build(vec![("A", 7, "E")]),
        RosterError::DayOutOfHorizon { day: 7, last: 6 }
    );
    let twice = build(vec![("A", 2, "E"), ("A", 2, "L")]);
    assert_eq!(
        twice,
        RosterError::Twice {
            staff: "A".into(),
            day: 2
        }
    );
    assert_eq!(twice.to_string(), "« A » a déjà un poste le jour 2");
}

#[test]
fn a_roster_for_another_instance_is_a_shape_violation() {
    let week = tiny(7, &[&format!("A,{LAX}")], &[], &[], &[]);
    let fortnight = tiny(14, &[&format!("A,{LAX}")], &[], &[], &["0,E,1,100,1"]);
    let p = penalty(&fortnight, &Roster::off(&week));
    assert_eq!(p.violations, vec![Violation::Shape]);
    assert_eq!(p.total(), 0, "nothing else is evaluated");
}
