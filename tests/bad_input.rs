//! Bad input, end to end: malformed or contradictory files and arguments run through
//! the `gardes` binary, each with its message, its exit code and nothing written.
//!
//! Every case changes one thing in a valid file of `fixtures/bad/` (`base.toml`, the
//! instance; `base.csv`, a roster of it; `base.txt`, a Curtois & Qu file, and
//! `base-score.csv`, a roster of its import), runs one command in a temporary
//! directory and asserts:
//!
//! - the exit code: 2 for bad input; a roster row naming a post, a period or a
//!   practitioner the instance does not know is the checker's finding, exit 1 with the
//!   report on stderr (as in `tests/cli.rs`);
//! - an empty stdout;
//! - the whole stderr, as the snapshot `snapshots/main__bad_input__<case>.snap` (no
//!   colours, `NO_COLOR`; the temporary directory, should it appear, as `[TMP]`);
//! - the `file:line:col` of the problem, where the input has one (a roster's column is
//!   the field's number, as in `check::read_roster_csv`; the checker's findings name
//!   the row's line);
//! - that nothing was written: `solve -o out` runs twice, once without `out` (it is not
//!   created) and once with an earlier roster there (every file byte-identical, none
//!   added); `import -o` creates no file and leaves an existing one as it was; every
//!   file of the directory is the same before and after.
//!
//! The categories:
//!
//! - TOML syntax: an unclosed string, a duplicate key, a broken table header;
//! - wrong types: a string for an integer, a float for a count, a date that is not one;
//! - unknown keys: top level, in a post, a practitioner, `[rules]`;
//! - unknown ids: a practitioner's post, a wish's post, a category's period, a
//!   `not_followed_by` period;
//! - wrong values: reversed horizon and unavailability, a horizon over ten years, a
//!   period of zero length, a malformed time, a quoted date, a French day kind, a
//!   negative share, a zero share, all shares zero, an unavailability outside the
//!   horizon, a wish of weight 0;
//! - duplicate ids: practitioners, posts, periods;
//! - contradictory limits: `min_minutes` above `max_minutes` in `[rules]` and in a
//!   practitioner's `limits`, `min_consecutive_days` above `max_consecutive_days`;
//! - the file itself: no `[horizon]`, empty, not UTF-8, a travel matrix that does not
//!   exist, has a bad row (also in a subfolder) or is not a matrix (not quoted);
//! - a travel matrix outside the quarter's folder: an absolute path, `..`, a symbolic
//!   link leading out (unix); the outside file is neither read nor quoted;
//! - `check INSTANCE ROSTER.csv`: unknown post, period and practitioner, unreadable
//!   date and time, a missing column, rows too short and too long, not UTF-8, empty;
//! - `import curtois` and `score curtois`: a truncated file, a bad number;
//! - the command line: unknown subcommand and option, a missing argument, values that
//!   do not parse or are out of range.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::cli::Dir;

const INSTANCE: &str = include_str!("fixtures/bad/base.toml");
const ROSTER: &str = include_str!("fixtures/bad/base.csv");
const CURTOIS: &str = include_str!("fixtures/bad/base.txt");
const CURTOIS_ROSTER: &str = include_str!("fixtures/bad/base-score.csv");
const NOW: &str = "2027-01-01T08:00:00Z";

/// `text` with the first `from` replaced by `to`; `from` must be there.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in the fixture");
    text.replacen(from, to, 1)
}

/// The base instance with one change.
fn instance(from: &str, to: &str) -> String {
    edit(INSTANCE, from, to)
}

/// The files of an earlier, valid solve of the base instance, relative path → bytes.
fn earlier_roster() -> &'static BTreeMap<String, Vec<u8>> {
    static FILES: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = Dir::new();
        dir.write("instance.toml", INSTANCE);
        dir.run(&["solve", "instance.toml", "-o", "out", "--now", NOW, "-q"])
            .code(0);
        let files = dir.files("out");
        assert!(files.contains_key("assignments.csv"), "{:?}", files.keys());
        files
    })
}

/// Runs `args` in `dir` and asserts the exit code, an empty stdout and that no file of
/// the directory changed or appeared. Returns stderr, made independent of the
/// temporary directory.
fn run_bad(dir: &Dir, args: &[&str], code: i32) -> String {
    let before = dir.files("");
    let run = dir.run(args);
    run.code(code);
    assert_eq!(run.stdout, "", "gardes {args:?} printed on stdout");
    assert_eq!(
        dir.files("").keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "gardes {args:?} wrote a file"
    );
    assert!(dir.files("") == before, "gardes {args:?} changed a file");
    let tmp = dir.path().display().to_string();
    run.stderr.replace(&tmp, "[TMP]")
}

/// Asserts that `stderr` names the problem's place, then snapshots it whole.
fn snapshot(case: &str, stderr: &str, place: Option<&str>) {
    if let Some(place) = place {
        assert!(stderr.contains(place), "{place} not in\n{stderr}");
    }
    insta::assert_snapshot!(case, stderr);
}

/// `gardes solve instance.toml -o out ARGS` on `files` exits 2 and writes nothing,
/// with and without an earlier roster in `out`.
fn solve_bad(case: &str, files: &[(&str, &[u8])], extra: &[&str], place: Option<&str>) {
    let dir = Dir::new();
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("fixture written");
    }
    solve_bad_in(case, &dir, "instance.toml", extra, place);
}

/// `gardes solve INSTANCE -o out ARGS` in `dir` exits 2 and writes nothing, with and
/// without an earlier roster in `out`; returns stderr after snapshotting it.
fn solve_bad_in(
    case: &str,
    dir: &Dir,
    instance: &str,
    extra: &[&str],
    place: Option<&str>,
) -> String {
    let mut args = vec!["solve", instance, "-o", "out"];
    if !extra.contains(&"--now") {
        args.extend(["--now", NOW]);
    }
    args.extend(extra);

    let stderr = run_bad(dir, &args, 2);
    assert!(!dir.join("out").exists(), "out was created");

    for (name, bytes) in earlier_roster() {
        let path = dir.join("out").join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folder created");
        std::fs::write(path, bytes).expect("earlier roster written");
    }
    let again = run_bad(dir, &args, 2);
    assert_eq!(dir.files("out"), *earlier_roster(), "out changed");
    assert_eq!(again, stderr, "the message depends on out");

    snapshot(case, &stderr, place);
    stderr
}

/// `solve` on the base instance with one change.
fn bad_instance(case: &str, from: &str, to: &str, place: &str) {
    bad_instance_text(case, &instance(from, to), place);
}

/// `solve` on a whole instance text.
fn bad_instance_text(case: &str, text: &str, place: &str) {
    solve_bad(
        case,
        &[("instance.toml", text.as_bytes())],
        &[],
        Some(place),
    );
}

/// `gardes check instance.toml roster.csv` on the base instance and `roster`.
fn check_bad(case: &str, roster: &[u8], code: i32, place: &str) {
    let dir = Dir::new();
    dir.write("instance.toml", INSTANCE);
    std::fs::write(dir.join("roster.csv"), roster).expect("roster written");
    let stderr = run_bad(&dir, &["check", "instance.toml", "roster.csv"], code);
    snapshot(case, &stderr, Some(place));
}

/// The base roster with one change.
fn roster(from: &str, to: &str) -> Vec<u8> {
    edit(ROSTER, from, to).into_bytes()
}

/// `gardes import curtois bench.txt -o out.toml` on `text`: exit 2, `out.toml` neither
/// created nor, when it exists, changed.
fn import_bad(case: &str, text: &str, extra: &[&str], place: Option<&str>) {
    let dir = Dir::new();
    dir.write("bench.txt", text);
    let mut args = vec!["import", "curtois", "bench.txt", "-o", "out.toml"];
    args.extend(extra);
    let stderr = run_bad(&dir, &args, 2);
    assert!(!dir.join("out.toml").exists(), "out.toml was created");
    dir.write("out.toml", INSTANCE);
    let again = run_bad(&dir, &args, 2);
    assert_eq!(again, stderr, "the message depends on out.toml");
    snapshot(case, &stderr, place);
}

/// `gardes score curtois bench.txt roster.csv` on `text` and `roster`: exit 2.
fn score_bad(case: &str, text: &str, roster: &str, place: &str) {
    let dir = Dir::new();
    dir.write("bench.txt", text);
    dir.write("roster.csv", roster);
    let stderr = run_bad(&dir, &["score", "curtois", "bench.txt", "roster.csv"], 2);
    snapshot(case, &stderr, Some(place));
}

/// Any other command line that must be refused (exit 2, nothing written).
fn args_bad(case: &str, args: &[&str]) {
    let dir = Dir::new();
    dir.write("instance.toml", INSTANCE);
    dir.write("bench.txt", CURTOIS);
    let stderr = run_bad(&dir, args, 2);
    snapshot(case, &stderr, None);
}

/// The base file is valid, so each case below fails for its own change only.
#[test]
fn the_base_files_are_valid() {
    let dir = Dir::new();
    dir.write("instance.toml", INSTANCE);
    dir.write("roster.csv", ROSTER);
    dir.write("bench.txt", CURTOIS);
    dir.write("score.csv", CURTOIS_ROSTER);
    dir.run(&["check", "instance.toml", "roster.csv"]).code(0);
    dir.run(&["import", "curtois", "bench.txt", "-o", "bench.toml"])
        .code(0);
    dir.run(&["score", "curtois", "bench.txt", "score.csv"])
        .code(0);
    assert!(!earlier_roster().is_empty());
}

// ---------------------------------------------------------------------------------
// TOML syntax

#[test]
fn toml_unclosed_string() {
    bad_instance(
        "toml_unclosed_string",
        "start = \"20:00\"",
        "start = \"20:00",
        "instance.toml:14:15",
    );
}

#[test]
fn toml_duplicate_key() {
    bad_instance(
        "toml_duplicate_key",
        "label = \"Nuit\"\n",
        "label = \"Nuit\"\nlabel = \"Nuit profonde\"\n",
        "instance.toml:14:1",
    );
}

#[test]
fn toml_bad_table_header() {
    bad_instance(
        "toml_bad_table_header",
        "[[posts]]\nid = \"florac\"",
        "[[posts]\nid = \"florac\"",
        "instance.toml:30:9",
    );
}

// ---------------------------------------------------------------------------------
// Wrong types

#[test]
fn type_string_for_integer() {
    bad_instance(
        "type_string_for_integer",
        "max_per_horizon = 5",
        "max_per_horizon = \"5\"",
        "instance.toml:37:19",
    );
}

#[test]
fn type_float_for_count() {
    bad_instance(
        "type_float_for_count",
        "max_per_horizon = 5",
        "max_per_horizon = 4.5",
        "instance.toml:37:19",
    );
}

#[test]
fn type_date_not_a_date() {
    bad_instance(
        "type_date_not_a_date",
        "last = 2027-01-10",
        "last = \"10/01/2027\"",
        "instance.toml:9:8",
    );
}

#[test]
fn type_quoted_date() {
    bad_instance(
        "type_quoted_date",
        "first = 2027-01-04",
        "first = \"2027-01-04\"",
        "instance.toml:8:9",
    );
}

// ---------------------------------------------------------------------------------
// Unknown keys

#[test]
fn unknown_key_top_level() {
    bad_instance(
        "unknown_key_top_level",
        "name = ",
        "nom = \"Gardes de janvier\"\nname = ",
        "instance.toml:5:1",
    );
}

#[test]
fn unknown_key_in_post() {
    bad_instance(
        "unknown_key_in_post",
        "label = \"Secteur de Florac\"\n",
        "label = \"Secteur de Florac\"\ndemande = 2\n",
        "instance.toml:33:1",
    );
}

#[test]
fn unknown_key_in_practitioner() {
    bad_instance(
        "unknown_key_in_practitioner",
        "name = \"Dr Bruno Roux\"\n",
        "name = \"Dr Bruno Roux\"\nemial = \"bruno.roux@example.org\"\n",
        "instance.toml:63:1",
    );
}

#[test]
fn unknown_key_in_rules() {
    bad_instance(
        "unknown_key_in_rules",
        "max_per_horizon = 5",
        "max_per_horizn = 5",
        "instance.toml:37:1",
    );
}

// ---------------------------------------------------------------------------------
// Unknown ids

#[test]
fn unknown_post_of_practitioner() {
    bad_instance(
        "unknown_post_of_practitioner",
        "posts = [\"mende\"]",
        "posts = [\"mendes\"]",
        "instance.toml:63:10",
    );
}

#[test]
fn unknown_post_of_wish() {
    bad_instance(
        "unknown_post_of_wish",
        "off = { post = \"mende\"",
        "off = { post = \"lozere\"",
        "instance.toml:58:28",
    );
}

#[test]
fn unknown_period_of_category() {
    bad_instance(
        "unknown_period_of_category",
        "periods = [\"nuit\", \"jour\"]\n\n[[fairness",
        "periods = [\"nuit\", \"soir\"]\n\n[[fairness",
        "instance.toml:45:20",
    );
}

#[test]
fn unknown_period_not_followed_by() {
    bad_instance(
        "unknown_period_not_followed_by",
        "not_followed_by = [\"jour\"]",
        "not_followed_by = [\"journee\"]",
        "instance.toml:16:20",
    );
}

// ---------------------------------------------------------------------------------
// Wrong values

#[test]
fn reversed_horizon() {
    bad_instance(
        "reversed_horizon",
        "last = 2027-01-10",
        "last = 2027-01-03",
        "instance.toml:9:8",
    );
}

#[test]
fn horizon_over_ten_years() {
    bad_instance(
        "horizon_over_ten_years",
        "last = 2027-01-10",
        "last = 2207-01-10",
        "instance.toml:9:8",
    );
}

#[test]
fn reversed_unavailability() {
    bad_instance(
        "reversed_unavailability",
        "{ from = 2027-01-05, to = 2027-01-06 }",
        "{ from = 2027-01-06, to = 2027-01-05 }",
        "instance.toml:57:42",
    );
}

#[test]
fn period_of_zero_length() {
    bad_instance(
        "period_of_zero_length",
        "end = \"08:00\"",
        "end = \"20:00\"",
        "instance.toml:15:7",
    );
}

#[test]
fn malformed_time() {
    bad_instance(
        "malformed_time",
        "end = \"08:00\"",
        "end = \"25:00\"",
        "instance.toml:15:7",
    );
}

#[test]
fn french_day_kind() {
    bad_instance(
        "french_day_kind",
        "day_kinds = [\"saturday\", \"sunday\", \"holiday\"]",
        "day_kinds = [\"samedi\", \"sunday\", \"holiday\"]",
        "instance.toml:23:14",
    );
}

#[test]
fn negative_share() {
    bad_instance(
        "negative_share",
        "share = 0.5",
        "share = -0.5",
        "instance.toml:64:9",
    );
}

#[test]
fn zero_share() {
    bad_instance(
        "zero_share",
        "share = 0.5",
        "share = 0",
        "instance.toml:64:9",
    );
}

#[test]
fn all_shares_zero() {
    let text = instance("share = 1.0", "share = 0.0")
        .replacen("share = 0.5", "share = 0", 1)
        .replacen(
            "posts = [\"florac\", \"mende\"]",
            "posts = [\"florac\", \"mende\"]\nshare = 0.0",
            1,
        );
    bad_instance_text("all_shares_zero", &text, "instance.toml:70:9");
}

#[test]
fn unavailability_outside_horizon() {
    bad_instance(
        "unavailability_outside_horizon",
        "{ from = 2027-01-05, to = 2027-01-06 }",
        "{ from = 2027-01-09, to = 2027-01-12 }",
        "instance.toml:57:42",
    );
}

#[test]
fn wish_of_weight_zero() {
    bad_instance(
        "wish_of_weight_zero",
        "weight = 2 }",
        "weight = 0 }",
        "instance.toml:58:84",
    );
}

// ---------------------------------------------------------------------------------
// Duplicate ids

#[test]
fn duplicate_practitioner() {
    bad_instance(
        "duplicate_practitioner",
        "id = \"d03\"",
        "id = \"d01\"",
        "instance.toml:67:6",
    );
}

#[test]
fn duplicate_post() {
    bad_instance(
        "duplicate_post",
        "[rules]",
        "[[posts]]\nid = \"florac\"\nperiods = [\"nuit\"]\n\n[rules]",
        "instance.toml:36:6",
    );
}

#[test]
fn duplicate_period() {
    bad_instance(
        "duplicate_period",
        "[[posts]]",
        "[[periods]]\nid = \"jour\"\nstart = \"07:00\"\nend = \"19:00\"\n\n[[posts]]",
        "instance.toml:26:6",
    );
}

// ---------------------------------------------------------------------------------
// Contradictory limits

#[test]
fn contradictory_minutes_in_rules() {
    bad_instance(
        "contradictory_minutes_in_rules",
        "min_minutes = 0",
        "min_minutes = 5000",
        "instance.toml:38:15",
    );
}

#[test]
fn contradictory_minutes_in_limits() {
    bad_instance(
        "contradictory_minutes_in_limits",
        "limits = { max_per_week = 3 }",
        "limits = { min_minutes = 900, max_minutes = 480 }",
        "instance.toml:56:26",
    );
}

#[test]
fn contradictory_consecutive_days() {
    bad_instance(
        "contradictory_consecutive_days",
        "max_per_horizon = 5\n",
        "max_per_horizon = 5\nmin_consecutive_days = 4\nmax_consecutive_days = 2\n",
        "instance.toml:38:24",
    );
}

// ---------------------------------------------------------------------------------
// The file itself

#[test]
fn missing_horizon() {
    bad_instance(
        "missing_horizon",
        "[horizon]\nfirst = 2027-01-04\nlast = 2027-01-10\n",
        "",
        "instance.toml:1:1",
    );
}

#[test]
fn empty_file() {
    bad_instance_text("empty_file", "", "instance.toml:1:1");
}

/// A file saved in Latin-1: the "é" of "médecin" is the single byte 0xE9.
#[test]
fn not_utf8() {
    let text = instance(
        "name = \"Dr Bruno Roux\"",
        "name = \"Dr Bruno Roux, mXdecin\"",
    );
    let latin1: Vec<u8> = text
        .bytes()
        .map(|b| if b == b'X' { 0xE9 } else { b })
        .collect();
    solve_bad(
        "not_utf8",
        &[("instance.toml", &latin1)],
        &[],
        Some("instance.toml:62:25"),
    );
}

/// Places and a `[coverage]` naming `temps.csv`, for the travel-matrix cases.
fn with_matrix() -> String {
    with_matrix_at("temps.csv")
}

/// Places and a `[coverage]` naming `path` as its travel matrix.
fn with_matrix_at(path: &str) -> String {
    instance(
        "name = \"Entrées invalides — base\"\n",
        "name = \"Entrées invalides — base\"\nplaces = [{ id = \"48095\", population = 12464, lat = 44.51782, lon = 3.50117 }]\n",
    )
    .replacen(
        "[rules]",
        &format!("[coverage]\ntravel_matrix = \"{path}\"\n\n[rules]"),
        1,
    )
}

#[test]
fn travel_matrix_missing() {
    let text = with_matrix();
    solve_bad(
        "travel_matrix_missing",
        &[("instance.toml", text.as_bytes())],
        &[],
        Some("instance.toml:37:17"),
    );
}

#[test]
fn travel_matrix_bad_row() {
    let text = with_matrix();
    solve_bad(
        "travel_matrix_bad_row",
        &[
            ("instance.toml", text.as_bytes()),
            (
                "temps.csv",
                b"from,to,minutes\n48095,48095,0\n48095,48095,vingt\n",
            ),
        ],
        &[],
        Some("temps.csv:3:13"),
    );
}

/// A matrix in a subfolder is read, and its problems quote its lines.
#[test]
fn travel_matrix_in_a_subfolder_bad_row() {
    let dir = Dir::new();
    dir.write("instance.toml", &with_matrix_at("trajets/temps.csv"));
    dir.write(
        "trajets/temps.csv",
        "from,to,minutes\n48095,48095,0\n48095,48095,vingt\n",
    );
    solve_bad_in(
        "travel_matrix_in_a_subfolder_bad_row",
        &dir,
        "instance.toml",
        &[],
        Some("trajets/temps.csv:3:13"),
    );
}

/// A file of the folder that is not a travel matrix (the feeds' tokens) is named at
/// the instance's key, its content not shown.
#[test]
fn travel_matrix_not_a_matrix() {
    let dir = Dir::new();
    dir.write("instance.toml", &with_matrix_at("tokens.toml"));
    dir.write("tokens.toml", "[tokens]\nd01 = \"jeton-secret\"\n");
    let stderr = solve_bad_in(
        "travel_matrix_not_a_matrix",
        &dir,
        "instance.toml",
        &[],
        Some("instance.toml:37:17"),
    );
    assert!(!stderr.contains("jeton-secret"), "{stderr}");
    assert!(!stderr.contains("[tokens]"), "{stderr}");
}

/// What a file outside the quarter's folder holds: a matrix with a bad row, so that
/// reading it would quote it.
const OUTSIDE: &str = "from,to,minutes\n48095,48095,secret-outside\n";

/// A quarter's folder `trimestre/` whose instance names `path` as its travel matrix,
/// and `secret.csv` beside the folder, readable.
fn quarter_with_matrix(path: &str) -> Dir {
    let dir = Dir::new();
    dir.write("trimestre/instance.toml", &with_matrix_at(path));
    dir.write("secret.csv", OUTSIDE);
    dir
}

/// `solve` refuses the quarter: exit 2, nothing written, the problem at the
/// `travel_matrix` value, with its own code, and nothing of the outside file.
fn solve_outside(case: &str, dir: &Dir) {
    let stderr = solve_bad_in(
        case,
        dir,
        "trimestre/instance.toml",
        &[],
        Some("trimestre/instance.toml:37:17"),
    );
    assert!(
        stderr.contains("gardes::instance::outside_folder"),
        "{stderr}"
    );
    assert!(!stderr.contains("secret-outside"), "{stderr}");
    assert!(!stderr.contains("from,to"), "{stderr}");
    assert!(!stderr.contains("root:"), "{stderr}");
}

/// An absolute path is refused without being read (`/etc/passwd` exists on unix).
#[test]
fn travel_matrix_absolute_path() {
    let dir = quarter_with_matrix("/etc/passwd");
    solve_outside("travel_matrix_absolute_path", &dir);
}

/// `..` climbing out of the folder, to a readable file.
#[test]
fn travel_matrix_climbing_out() {
    let dir = quarter_with_matrix("../secret.csv");
    solve_outside("travel_matrix_climbing_out", &dir);
}

/// A symbolic link inside the folder, to a file outside it.
#[cfg(unix)]
#[test]
fn travel_matrix_link_leading_out() {
    let dir = quarter_with_matrix("temps.csv");
    std::os::unix::fs::symlink(dir.join("secret.csv"), dir.join("trimestre/temps.csv"))
        .expect("link");
    solve_outside("travel_matrix_link_leading_out", &dir);
}

// ---------------------------------------------------------------------------------
// check INSTANCE ROSTER.csv

#[test]
fn check_unknown_post() {
    let bad = roster("2027-01-09,florac,", "2027-01-09,floraq,");
    check_bad("check_unknown_post", &bad, 1, "ligne 3 : poste « floraq »");
}

#[test]
fn check_unknown_period() {
    let bad = roster("mende,jour", "mende,journee");
    check_bad(
        "check_unknown_period",
        &bad,
        1,
        "ligne 4 : période « journee »",
    );
}

#[test]
fn check_unknown_practitioner() {
    let bad = roster(",d03,", ",d33,");
    check_bad(
        "check_unknown_practitioner",
        &bad,
        1,
        "ligne 3 : praticien « d33 »",
    );
}

#[test]
fn check_unparseable_date() {
    let bad = roster("2027-01-09,florac", "09/01/2027,florac");
    check_bad("check_unparseable_date", &bad, 2, "roster.csv:3:1 ");
}

#[test]
fn check_unparseable_time() {
    let bad = roster("2027-01-09T08:00:00+01:00,", "2027-01-09 08h00,");
    check_bad("check_unparseable_time", &bad, 2, "roster.csv:3:4 ");
}

#[test]
fn check_missing_column() {
    let bad = ROSTER
        .replace(",d02,", ",")
        .replace(",d03,", ",")
        .replace(",d01,", ",");
    let bad = edit(&bad, "end,practitioner_id,", "end,");
    check_bad("check_missing_column", bad.as_bytes(), 2, "roster.csv:1 ");
}

#[test]
fn check_row_too_short() {
    let bad = roster(",d03,Dr Claire Vidal", "");
    check_bad("check_row_too_short", &bad, 2, "roster.csv:3:6 ");
}

/// A name with an unquoted comma: one field too many.
#[test]
fn check_row_too_long() {
    let bad = roster("Dr Claire Vidal", "Vidal, Claire");
    check_bad("check_row_too_long", &bad, 2, "roster.csv:3:8 ");
}

/// A roster saved by a spreadsheet in Windows-1252: "è" is the single byte 0xE8.
#[test]
fn check_not_utf8() {
    let mut bad = ROSTER.as_bytes().to_vec();
    bad.extend_from_slice(b"2027-01-10,florac,jour,,,d02,Dr Bruno Pag\xe8s\n");
    check_bad("check_not_utf8", &bad, 2, "roster.csv:5:7 ");
}

#[test]
fn check_empty_roster() {
    check_bad("check_empty_roster", b"", 2, "roster.csv:1 ");
}

// ---------------------------------------------------------------------------------
// import curtois, score curtois

/// The file stops in the middle of a staff line.
fn truncated() -> &'static str {
    let cut = CURTOIS.find("B,E=5").expect("staff B") + "B,E=5|L".len();
    &CURTOIS[..cut]
}

#[test]
fn import_truncated() {
    import_bad(
        "import_truncated",
        truncated(),
        &[],
        Some("bench.txt:12:1:"),
    );
}

#[test]
fn import_bad_number() {
    let bad = edit(CURTOIS, "L,600,E", "L,6OO,E");
    import_bad("import_bad_number", &bad, &[], Some("bench.txt:7:3:"));
}

#[test]
fn score_truncated() {
    score_bad(
        "score_truncated",
        truncated(),
        CURTOIS_ROSTER,
        "bench.txt:12:1:",
    );
}

#[test]
fn score_bad_number() {
    let bad = edit(CURTOIS, "3000,0,5,1", "3000,0,5.5,1");
    score_bad("score_bad_number", &bad, CURTOIS_ROSTER, "bench.txt:10:18:");
}

// ---------------------------------------------------------------------------------
// The command line

#[test]
fn cli_unknown_subcommand() {
    args_bad("cli_unknown_subcommand", &["solv", "instance.toml"]);
}

#[test]
fn cli_unknown_option() {
    solve_bad(
        "cli_unknown_option",
        &[("instance.toml", INSTANCE.as_bytes())],
        &["--time", "5"],
        None,
    );
}

#[test]
fn cli_missing_argument() {
    args_bad("cli_missing_argument", &["check", "instance.toml"]);
}

#[test]
fn cli_threads_not_a_number() {
    solve_bad(
        "cli_threads_not_a_number",
        &[("instance.toml", INSTANCE.as_bytes())],
        &["--threads", "deux"],
        None,
    );
}

#[test]
fn cli_zero_threads() {
    solve_bad(
        "cli_zero_threads",
        &[("instance.toml", INSTANCE.as_bytes())],
        &["--threads", "0"],
        None,
    );
}

#[test]
fn cli_zero_time_limit() {
    solve_bad(
        "cli_zero_time_limit",
        &[("instance.toml", INSTANCE.as_bytes())],
        &["--time-limit", "0"],
        None,
    );
}

#[test]
fn cli_gap_out_of_range() {
    solve_bad(
        "cli_gap_out_of_range",
        &[("instance.toml", INSTANCE.as_bytes())],
        &["--gap", "1.5"],
        None,
    );
}

#[test]
fn cli_now_not_a_date() {
    solve_bad(
        "cli_now_not_a_date",
        &[("instance.toml", INSTANCE.as_bytes())],
        &["--now", "demain"],
        None,
    );
}

#[test]
fn cli_missing_instance_file() {
    solve_bad("cli_missing_instance_file", &[], &[], Some("instance.toml"));
}

#[test]
fn cli_import_start_not_a_date() {
    import_bad(
        "cli_import_start_not_a_date",
        CURTOIS,
        &["--start", "2024-13-01"],
        None,
    );
}

#[test]
fn cli_import_start_not_monday() {
    import_bad(
        "cli_import_start_not_monday",
        CURTOIS,
        &["--start", "2024-01-02"],
        None,
    );
}

#[test]
fn cli_calendar_reversed_range() {
    args_bad(
        "cli_calendar_reversed_range",
        &["calendar", "2027-01-10..2027-01-01"],
    );
}
