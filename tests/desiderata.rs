//! The practitioners' availability sheets out and back in (`gardes desiderata`,
//! `gardes::desiderata`): the template lists every duty a practitioner may take, the
//! import merges the marks into the instance without touching anything else, locates
//! every unreadable cell, writes nothing on error unless `--skip-invalid`, gives the
//! same bytes twice, and the solved roster honours every unavailability imported.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Output};

use calamine::{Data, Reader};
use gardes::desiderata::{self, template, Choice, SheetFile};
use gardes::instance::{self, Instance};

const SEMAINE: &str = include_str!("fixtures/desiderata/semaine.toml");
const LOZERE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/instances/lozere-2027-q1.toml");
const NOW: &str = "2026-10-01T08:00:00Z";

fn gardes(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_gardes"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(101), "gardes {args:?} panicked");
    out
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// The CSV sheet of practitioner `index` of the instance text.
fn csv_sheet(text: &str, index: u32) -> String {
    let prepared = desiderata::Prepared::parse("semaine.toml", text).unwrap();
    template::csv(
        &prepared,
        Some(gardes::instance::PracIdx(index)),
        &template::Options::default(),
    )
    .unwrap()
}

/// Sets the choice, weight and comment of the CSV row of one duty.
pub(crate) fn mark_csv(csv: &str, key: &str, choice: &str, weight: &str, comment: &str) -> String {
    let mut found = false;
    let lines: Vec<String> = csv
        .split("\r\n")
        .map(|line| {
            if !line.ends_with(key) {
                return line.to_owned();
            }
            found = true;
            let mut fields: Vec<String> = line.split(';').map(str::to_owned).collect();
            let n = fields.len();
            // Choix, Poids, Commentaire come just before the four key columns.
            fields[n - 7] = choice.to_owned();
            fields[n - 6] = weight.to_owned();
            fields[n - 5] = comment.to_owned();
            fields.join(";")
        })
        .collect();
    assert!(found, "no row ends with {key}");
    lines.join("\r\n")
}

fn sheet(name: &str, text: String) -> SheetFile {
    SheetFile {
        name: name.to_owned(),
        bytes: text.into_bytes(),
    }
}

/// The marks the text holds, as `(practitioner, date, post, period, choice, weight)`.
fn marks_of(text: &str) -> BTreeSet<(String, String, String, String, Choice, u32)> {
    let prepared = desiderata::Prepared::parse("x.toml", text).unwrap();
    let inst = &prepared.base;
    prepared
        .imported
        .iter()
        .map(|m| {
            (
                inst.practitioner(m.practitioner).id.to_string(),
                m.duty.date.to_string(),
                inst.post(m.duty.post).id.to_string(),
                inst.period(m.duty.period).id.to_string(),
                m.choice,
                m.weight,
            )
        })
        .collect()
}

/// The marks land as one-duty entries after the hand-written ones, each with the
/// marker comment; every other byte of the file stays; keys are created where missing;
/// a second import of the same sheets gives the same bytes, and so does an import
/// into the result.
#[test]
fn marks_merge_into_the_text_keeping_everything_else() {
    let d01 = mark_csv(
        &csv_sheet(SEMAINE, 0),
        "d01;2027-01-04;mende;soir",
        "indisponible",
        "",
        "congrès",
    );
    let d01 = mark_csv(&d01, "d01;2027-01-08;mcs-mende;soir", "Souhaité", "3", "");
    let d02 = mark_csv(
        &csv_sheet(SEMAINE, 1),
        "d02;2027-01-07;mende;nuit",
        "à éviter",
        "",
        "",
    );
    let d03 = mark_csv(
        &csv_sheet(SEMAINE, 2),
        "d03;2027-01-10;mende;soir",
        "indispo",
        "",
        "",
    );
    let sheets = vec![
        sheet("d01.csv", d01),
        sheet("d02.csv", d02),
        sheet("d03.csv", d03),
    ];
    let import = desiderata::import("semaine.toml", SEMAINE, &sheets).unwrap();
    assert!(
        import.collected.problems.is_empty(),
        "{:?}",
        import.collected.problems
    );
    let expected = SEMAINE
        .replace(
            "unavailable = [{ date = 2027-01-06 }]   # personal\n",
            "unavailable = [\n  { date = 2027-01-06 },\n  { post = \"mende\", period = \"soir\", date = 2027-01-04 },   # feuille de desiderata : congrès\n]   # personal\nwishes = [\n  { on = { post = \"mcs-mende\", period = \"soir\", date = 2027-01-08 }, weight = 3 },   # feuille de desiderata\n]\n",
        )
        .replace(
            "  { off = { date = 2027-01-09 }, weight = 2 },   # school trip\n]\n",
            "  { off = { date = 2027-01-09 }, weight = 2 },   # school trip\n  { off = { post = \"mende\", period = \"nuit\", date = 2027-01-07 }, weight = 1 },   # feuille de desiderata\n]\n",
        )
        .replace(
            "limits = { max_per_period = { nuit = 0 } }\n",
            "limits = { max_per_period = { nuit = 0 } }\nunavailable = [\n  { post = \"mende\", period = \"soir\", date = 2027-01-10 },   # feuille de desiderata\n]\n",
        );
    assert_eq!(import.text, expected);
    instance::parse("semaine.toml", &import.text).unwrap();
    // The same sheets again, into the original or into the result: the same bytes.
    let again = desiderata::import("semaine.toml", SEMAINE, &sheets).unwrap();
    assert_eq!(again.text, import.text);
    let twice = desiderata::import("semaine.toml", &import.text, &sheets).unwrap();
    assert_eq!(twice.text, import.text);
    // A practitioner whose sheet comes back blank loses their imported marks, and the
    // others keep theirs: d03's array is left empty.
    let blank = desiderata::import(
        "semaine.toml",
        &import.text,
        &[sheet("d03.csv", csv_sheet(SEMAINE, 2))],
    )
    .unwrap();
    assert!(blank
        .text
        .contains("limits = { max_per_period = { nuit = 0 } }\nunavailable = []\n"));
    assert_eq!(marks_of(&blank.text).len(), 3);
    let back = desiderata::import("semaine.toml", &blank.text, &sheets).unwrap();
    assert_eq!(back.text, import.text);
}

/// Every kind of unreadable cell, each located by file, sheet or line, column and A1
/// name, with what was expected; the other rows are read.
#[test]
fn unreadable_cells_are_located() {
    let mut d01 = csv_sheet(SEMAINE, 0);
    d01 = mark_csv(&d01, "d01;2027-01-04;mende;soir", "dispo", "", "");
    d01 = mark_csv(&d01, "d01;2027-01-05;mende;soir", "souhaité", "12", "");
    d01 = mark_csv(&d01, "d01;2027-01-07;mende;soir", "", "2", "");
    d01 = mark_csv(
        &d01,
        "d01;2027-01-08;mende;soir",
        "indisponible",
        "",
        "fine",
    );
    d01 = d01.replace("d01;2027-01-09;mende;soir", "d01;2027-04-09;mende;soir");
    d01 = mark_csv(&d01, "d01;2027-04-09;mende;soir", "indisponible", "", "");
    d01 = d01.replace("d01;2027-01-10;mende;soir", "d01;2027-01-10;mendee;soir");
    d01 = mark_csv(&d01, "d01;2027-01-06;mende;nuit", "souhaité", "", "");
    d01 = mark_csv(&d01, "d01;2027-01-05;mende;nuit", "souhaité", "", "");
    // d03 may not take deep nights (max_per_period 0), nor the MCS post.
    let mut d03 = csv_sheet(SEMAINE, 2);
    d03 = d03.replace("d03;2027-01-04;mende;soir", "d03;2027-01-04;mende;nuit");
    d03 = mark_csv(&d03, "d03;2027-01-04;mende;nuit", "indisponible", "", "");
    d03 = d03.replace("d03;2027-01-05;mende;soir", "d03;2027-01-05;mcs-mende;soir");
    d03 = mark_csv(&d03, "d03;2027-01-05;mcs-mende;soir", "à éviter", "", "");
    // A sheet for a practitioner the instance does not have.
    let d09 = csv_sheet(SEMAINE, 1).replace("d02", "d09");
    let d09 = mark_csv(&d09, "d09;2027-01-04;mende;soir", "indisponible", "", "");
    // The same duty marked differently in two files.
    let d02 = mark_csv(
        &csv_sheet(SEMAINE, 1),
        "d02;2027-01-04;mende;soir",
        "souhaité",
        "2",
        "",
    );
    let d02b = mark_csv(
        &csv_sheet(SEMAINE, 1),
        "d02;2027-01-04;mende;soir",
        "à éviter",
        "",
        "",
    );
    let sheets = vec![
        sheet("d01.csv", d01),
        sheet("d03.csv", d03),
        sheet("d09.csv", d09),
        sheet("d02.csv", d02),
        sheet("d02-bis.csv", d02b),
        sheet("notes.csv", "rien à voir;ici\r\n".to_owned()),
        sheet("d04.xlsx", "not a workbook".to_owned()),
    ];
    let import = desiderata::import("semaine.toml", SEMAINE, &sheets).unwrap();
    let problems: Vec<String> = import
        .collected
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    insta::assert_snapshot!(problems.join("\n"), @r"
    d01.csv:17:6 (F17, colonne « Choix ») : choix inconnu « dispo » ; attendu « indisponible », « souhaité » ou « à éviter », ou une case vide
    d01.csv:20:7 (G20, colonne « Poids ») : poids « 12 » illisible ; attendu un nombre entier de 1 à 10, ou une case vide (1)
    d01.csv:22:6 (F22, colonne « Choix ») : garde souhaitée alors que l'instance rend d01 indisponible ce jour-là (saisie du coordinateur)
    d01.csv:26:7 (G26, colonne « Poids ») : poids sans choix ; attendu « souhaité » ou « à éviter » dans la colonne Choix, ou pas de poids
    d01.csv:32:10 (J32, colonne « date_iso ») : date 2027-04-09 hors de l'horizon de l'instance (du 2027-01-04 au 2027-01-10) : feuille d'un autre trimestre ?
    d01.csv:35:11 (K35, colonne « poste_id ») : poste inconnu « mendee » ; vouliez-vous dire « mende » ?
    d03.csv:17:6 (F17, colonne « Choix ») : d03 ne peut pas prendre cette garde (le créneau « Nuit profonde » lui est exclu (maximum 0)) : la marque « indisponible » est sans objet
    d03.csv:18:6 (F18, colonne « Choix ») : d03 ne peut pas prendre cette garde (le poste « MCS de Mende » n'est pas parmi les siens) : la marque « à éviter » est sans objet
    d09.csv:14:9 (I14, colonne « praticien_id ») : praticien inconnu « d09 » : l'instance n'a pas ce praticien
    d02-bis.csv:17:6 (F17, colonne « Choix ») : même garde marquée autrement en d02.csv:17:6 (F17) : « souhaité (poids 2) » puis « à éviter (poids 1) »
    notes.csv : feuille sans tableau de desiderata : aucune ligne d'en-tête avec les colonnes praticien_id, date_iso, poste_id, creneau_id et Choix (feuille produite par « gardes desiderata template » attendue)
    d04.xlsx : fichier illisible (Cannot detect file format) ; attendu un classeur XLSX, XLS ou ODS, ou un CSV
    ");
    // The readable rows are kept: d01's unavailable evening of the 8th with its
    // comment, the deep night after the 6th (which a day off on the 6th does not
    // block: it starts on the 7th), and d02's first mark.
    let marks = marks_of(&import.text);
    assert_eq!(
        marks,
        BTreeSet::from([
            (
                "d01".into(),
                "2027-01-06".into(),
                "mende".into(),
                "nuit".into(),
                Choice::Wanted,
                1
            ),
            (
                "d01".into(),
                "2027-01-08".into(),
                "mende".into(),
                "soir".into(),
                Choice::Unavailable,
                1
            ),
            (
                "d02".into(),
                "2027-01-04".into(),
                "mende".into(),
                "soir".into(),
                Choice::Wanted,
                2
            ),
        ])
    );
    assert!(import.text.contains("# feuille de desiderata : fine\n"));
}

/// The CSV variant round trip: a sheet generated from an instance that already holds
/// imported marks shows them, and importing it back unchanged changes nothing.
#[test]
fn csv_sheets_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("semaine.toml"), SEMAINE).unwrap();
    let out = ok(&gardes(
        dir,
        &[
            "desiderata",
            "template",
            "semaine.toml",
            "-o",
            "sheets",
            "--format",
            "csv",
            "--now",
            NOW,
        ],
    ));
    assert_eq!(
        out,
        "3 feuilles de praticien et la feuille commune tous-les-praticiens.csv écrites dans sheets\n"
    );
    let d02 = std::fs::read_to_string(dir.join("sheets/d02.csv")).unwrap();
    assert!(
        d02.starts_with('\u{feff}'),
        "a byte-order mark for French spreadsheets"
    );
    let d02 = mark_csv(
        &d02,
        "d02;2027-01-05;mende;nuit",
        "souhaité",
        "4",
        "pour finir la semaine",
    );
    std::fs::write(dir.join("sheets/d02.csv"), d02).unwrap();
    // Written again over returned sheets: refused without --replace.
    let refused = gardes(
        dir,
        &[
            "desiderata",
            "template",
            "semaine.toml",
            "-o",
            "sheets",
            "--format",
            "csv",
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("rien n'a été écrit"),
        "{}",
        stderr(&refused)
    );
    ok(&gardes(
        dir,
        &[
            "desiderata",
            "import",
            "semaine.toml",
            "sheets/d02.csv",
            "-o",
            "merged.toml",
            "-q",
        ],
    ));
    let merged = std::fs::read_to_string(dir.join("merged.toml")).unwrap();
    assert!(merged.contains(
        "{ on = { post = \"mende\", period = \"nuit\", date = 2027-01-05 }, weight = 4 },   # feuille de desiderata : pour finir la semaine\n"
    ));
    ok(&gardes(
        dir,
        &[
            "desiderata",
            "template",
            "merged.toml",
            "-o",
            "again",
            "--format",
            "csv",
            "--now",
            NOW,
        ],
    ));
    let again = std::fs::read_to_string(dir.join("again/d02.csv")).unwrap();
    assert!(again.contains(";souhaité;4;pour finir la semaine;d02;2027-01-05;mende;nuit\r\n"));
    // The combined sheet too, from which the import reads every practitioner's rows.
    ok(&gardes(
        dir,
        &[
            "desiderata",
            "import",
            "merged.toml",
            "again/d02.csv",
            "again/tous-les-praticiens.csv",
            "-o",
            "merged2.toml",
            "-q",
        ],
    ));
    assert_eq!(
        std::fs::read_to_string(dir.join("merged2.toml")).unwrap(),
        merged
    );
}

/// The XLSX sheet: the key columns hidden, the sheet protected with the three input
/// columns unlocked, a dropdown of the three marks and whole weights from 1 to 10;
/// the same bytes for the same instance and creation time.
#[test]
fn xlsx_sheets_have_dropdowns_and_protected_keys() {
    let prepared = desiderata::Prepared::parse("semaine.toml", SEMAINE).unwrap();
    let options = template::Options::default();
    let bytes = template::xlsx(&prepared, Some(gardes::instance::PracIdx(0)), &options).unwrap();
    assert_eq!(
        bytes,
        template::xlsx(&prepared, Some(gardes::instance::PracIdx(0)), &options).unwrap()
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("<sheetProtection"), "{xml}");
    assert!(xml.contains(r#"<dataValidation type="list""#), "{xml}");
    assert!(
        xml.contains("<formula1>\"indisponible,souhaité,à éviter\"</formula1>"),
        "{xml}"
    );
    assert!(xml.contains(r#"<dataValidation type="whole""#), "{xml}");
    assert!(
        xml.contains("<formula1>1</formula1><formula2>10</formula2>"),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<col min="9" max="12" width="12.7109375" hidden="1""#),
        "the four key columns I:L are hidden: {xml}"
    );
    // Read back, the header names the practitioner and the table has 21 duties.
    let grids = desiderata::read::grids(&SheetFile {
        name: "d01.xlsx".into(),
        bytes,
    })
    .unwrap();
    assert_eq!(grids.len(), 1);
    assert_eq!(grids[0].sheet.as_deref(), Some("d01"));
    let collected = desiderata::read::collect(
        &prepared,
        &[SheetFile {
            name: "d01.xlsx".into(),
            bytes: template::xlsx(&prepared, Some(gardes::instance::PracIdx(0)), &options).unwrap(),
        }],
    );
    assert!(collected.problems.is_empty(), "{:?}", collected.problems);
    assert_eq!(collected.sheets[0].rows, 21);
    assert_eq!(
        collected.answered.len(),
        1,
        "a blank sheet returned is an answer"
    );
    assert!(collected.marks.is_empty(), "pre-marked rows add nothing");
}

/// A sheet read back with calamine: its name and its cells from A1.
pub(crate) fn read_xlsx(path: &Path) -> (String, Vec<Vec<Data>>) {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let (r0, c0) = range.start().unwrap();
    let mut rows = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![Data::Empty; c0 as usize];
        cells.extend(row.iter().cloned());
        rows.push(cells);
    }
    (name, rows)
}

/// Writes a filled copy, as a doctor's spreadsheet program would save it: values only.
pub(crate) fn write_xlsx(path: &Path, name: &str, rows: &[Vec<Data>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(name).unwrap();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Data::String(s) => {
                    sheet.write_string(r, c, s).unwrap();
                }
                Data::Float(f) => {
                    sheet.write_number(r, c, *f).unwrap();
                }
                Data::Int(i) => {
                    sheet.write_number(r, c, *i as f64).unwrap();
                }
                Data::DateTime(d) => {
                    sheet
                        .write_number_with_format(r, c, d.as_f64(), &date)
                        .unwrap();
                }
                _ => {}
            }
        }
    }
    book.save(path).unwrap();
}

/// Where a sheet's columns and table are.
pub(crate) struct Table {
    pub(crate) header: usize,
    pub(crate) col: BTreeMap<String, usize>,
}

pub(crate) fn table(rows: &[Vec<Data>]) -> Table {
    let header = rows
        .iter()
        .position(|r| {
            r.iter()
                .any(|c| *c == Data::String("praticien_id".into()) && r.len() > 8)
        })
        .expect("a table header");
    let col = rows[header]
        .iter()
        .enumerate()
        .map(|(i, c)| (c.to_string(), i))
        .collect();
    Table { header, col }
}

pub(crate) fn cell(rows: &[Vec<Data>], t: &Table, row: usize, name: &str) -> String {
    rows[row]
        .get(t.col[name])
        .map(ToString::to_string)
        .unwrap_or_default()
}

pub(crate) fn set(rows: &mut [Vec<Data>], t: &Table, row: usize, name: &str, value: Data) {
    let c = t.col[name];
    if rows[row].len() <= c {
        rows[row].resize(c + 1, Data::Empty);
    }
    rows[row][c] = value;
}

pub(crate) fn text(s: &str) -> Data {
    Data::String(s.to_owned())
}

/// What the test expects the import to keep: (practitioner, date, post, period).
type Key4 = (String, String, String, String);

/// The bundled Lozère quarter as forty-five doctors would return it: five never
/// answer, five send their sheet back blank, the others mark a run of days off, a few
/// single duties, wishes and duties to avoid; every doctor of the Meyrueis sector is
/// away on one evening; and some sheets have errors (an unknown mark, a weight of 12,
/// a date outside the horizon, a duty the doctor cannot take, a sheet for an unknown
/// practitioner). The import names each bad cell and writes nothing; with
/// `--skip-invalid` it imports the rest; the solved roster honours every
/// unavailability; the summary flags the Meyrueis evening, which stays uncovered.
#[test]
fn lozere_sheets_filled_imported_and_solved() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let original = std::fs::read_to_string(LOZERE).unwrap();
    std::fs::write(dir.join("lozere.toml"), &original).unwrap();
    let base = instance::parse("lozere.toml", &original).unwrap();
    ok(&gardes(
        dir,
        &[
            "desiderata",
            "template",
            "lozere.toml",
            "-o",
            "sheets",
            "--now",
            NOW,
            "--return-by",
            "2026-10-31",
        ],
    ));
    std::fs::create_dir(dir.join("returned")).unwrap();
    let meyrueis = base.post_by_id("meyrueis").unwrap();
    let impossible_day = "2027-02-10";
    let mut expected_unavailable: BTreeSet<Key4> = BTreeSet::new();
    let mut expected_wishes: BTreeSet<(Key4, Choice, u32)> = BTreeSet::new();
    let mut errors: Vec<String> = Vec::new();
    let mut silent = Vec::new();
    for (i, prac) in base.practitioners.iter().enumerate() {
        let id = prac.id.to_string();
        let serves_meyrueis = prac.posts.contains(&meyrueis);
        let behaviour = if serves_meyrueis { 0 } else { i % 9 };
        if behaviour == 4 {
            silent.push(id);
            continue;
        }
        let (name, mut rows) = read_xlsx(&dir.join(format!("sheets/{id}.xlsx")));
        let t = table(&rows);
        let file = format!("returned/{id}.xlsx");
        let data: Vec<usize> = (t.header + 1..rows.len())
            .filter(|&r| !cell(&rows, &t, r, "date_iso").is_empty())
            .collect();
        let key = |rows: &[Vec<Data>], r: usize| -> Key4 {
            (
                cell(rows, &t, r, "praticien_id"),
                cell(rows, &t, r, "date_iso"),
                cell(rows, &t, r, "poste_id"),
                cell(rows, &t, r, "creneau_id"),
            )
        };
        let free = |rows: &[Vec<Data>], r: usize| cell(rows, &t, r, "Choix").is_empty();
        // Every doctor of the Meyrueis sector is away on one evening.
        if serves_meyrueis {
            for &r in &data {
                let k = key(&rows, r);
                if k.1 == impossible_day && k.2 == "meyrueis" && k.3 == "soir" && free(&rows, r) {
                    set(&mut rows, &t, r, "Choix", text("indisponible"));
                    expected_unavailable.insert(k);
                }
            }
        }
        if behaviour != 7 {
            // A run of days off: every free row of 3 to 7 consecutive dates.
            let first = base.horizon.first + chrono::Duration::days((i as i64 * 11) % 80);
            let days = 3 + (i as i64 % 5);
            let last = first + chrono::Duration::days(days - 1);
            for &r in &data {
                let date: chrono::NaiveDate = cell(&rows, &t, r, "date_iso").parse().unwrap();
                if first <= date && date <= last && free(&rows, r) {
                    set(&mut rows, &t, r, "Choix", text("indisponible"));
                    expected_unavailable.insert(key(&rows, r));
                }
            }
            // Two wishes and a duty to avoid, away from the run.
            let mut picks = data
                .iter()
                .copied()
                .cycle()
                .skip((i * 37) % data.len())
                .step_by(17)
                .filter(|&r| free(&rows, r))
                .take(3)
                .collect::<Vec<_>>()
                .into_iter();
            for (choice, word, weight) in [
                (Choice::Wanted, "souhaité", Some(1 + i as u32 % 3)),
                (Choice::Wanted, "Souhaité", None),
                (Choice::Avoided, "à éviter", Some(2)),
            ] {
                let r = picks.next().unwrap();
                set(&mut rows, &t, r, "Choix", text(word));
                if let Some(w) = weight {
                    set(&mut rows, &t, r, "Poids", Data::Float(f64::from(w)));
                }
                set(&mut rows, &t, r, "Commentaire", text("si possible"));
                expected_wishes.insert((key(&rows, r), choice, weight.unwrap_or(1)));
            }
        }
        // The errors, on rows left free.
        let free_rows: Vec<usize> = data.iter().copied().filter(|&r| free(&rows, r)).collect();
        let at = |r: usize, col: &str| {
            let c = t.col[col] as u32 + 1;
            let letters = gardes::desiderata::read::column_name(c);
            format!(
                "{file}:{name}:{}:{c} ({letters}{}, colonne « {col} »)",
                r + 1,
                r + 1
            )
        };
        match i {
            0 => {
                let r = free_rows[5];
                set(&mut rows, &t, r, "Choix", text("dispo"));
                errors.push(format!("{} : choix inconnu « dispo »", at(r, "Choix")));
            }
            1 => {
                let r = free_rows[6];
                set(&mut rows, &t, r, "Choix", text("souhaité"));
                set(&mut rows, &t, r, "Poids", Data::Float(12.0));
                errors.push(format!("{} : poids « 12 » illisible", at(r, "Poids")));
            }
            2 => {
                let r = free_rows[7];
                set(&mut rows, &t, r, "date_iso", text("2027-04-02"));
                set(&mut rows, &t, r, "Choix", text("indisponible"));
                errors.push(format!(
                    "{} : date 2027-04-02 hors de l'horizon",
                    at(r, "date_iso")
                ));
            }
            3 => {
                // A post this doctor does not serve.
                assert!(!prac.posts.contains(&base.post_by_id("villefort").unwrap()));
                let r = *free_rows
                    .iter()
                    .find(|&&r| cell(&rows, &t, r, "creneau_id") == "soir")
                    .unwrap();
                set(&mut rows, &t, r, "poste_id", text("villefort"));
                set(&mut rows, &t, r, "Choix", text("souhaité"));
                errors.push(format!(
                    "{} : {id} ne peut pas prendre cette garde (le poste « Secteur de Villefort » n'est pas parmi les siens)",
                    at(r, "Choix")
                ));
            }
            5 => {
                // The sheet names a practitioner the instance does not have.
                assert!(!serves_meyrueis);
                let owner = (0..t.header)
                    .find(|&r| cell(&rows, &t, r, "praticien_id") == id)
                    .unwrap();
                set(&mut rows, &t, owner, "praticien_id", text("d99"));
                errors.push(format!(
                    "{} : praticien inconnu « d99 »",
                    at(owner, "praticien_id")
                ));
                expected_unavailable.retain(|k| k.0 != id);
                expected_wishes.retain(|(k, _, _)| k.0 != id);
                silent.push(id.clone());
            }
            _ => {}
        }
        write_xlsx(&dir.join(&file), &name, &rows);
    }
    assert!(silent.len() >= 5 && expected_unavailable.len() > 300);
    let sheets: Vec<String> = std::fs::read_dir(dir.join("returned"))
        .unwrap()
        .map(|e| format!("returned/{}", e.unwrap().file_name().to_string_lossy()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut args = vec!["desiderata", "import", "lozere.toml"];
    args.extend(sheets.iter().map(String::as_str));
    args.extend(["-o", "merged.toml"]);
    // Errors: every bad cell named, nothing written.
    let refused = gardes(dir, &args);
    assert_eq!(refused.status.code(), Some(2));
    let message = stderr(&refused);
    for e in &errors {
        assert!(message.contains(e.as_str()), "missing «{e}» in\n{message}");
    }
    assert!(message.ends_with(
        "5 cellule(s) illisible(s) : rien n'a été écrit (corrigez les feuilles, ou --skip-invalid pour importer le reste)\n"
    ), "{message}");
    assert!(!dir.join("merged.toml").exists());
    // --skip-invalid: the rest is imported, the skipped cells listed.
    args.push("--skip-invalid");
    let out = ok(&gardes(dir, &args));
    assert!(
        out.contains("Ignoré (--skip-invalid), 5 cellule(s) :"),
        "{out}"
    );
    let merged = std::fs::read_to_string(dir.join("merged.toml")).unwrap();
    let marks = marks_of(&merged);
    let unavailable: BTreeSet<Key4> = marks
        .iter()
        .filter(|m| m.4 == Choice::Unavailable)
        .map(|m| (m.0.clone(), m.1.clone(), m.2.clone(), m.3.clone()))
        .collect();
    assert_eq!(unavailable, expected_unavailable);
    let wishes: BTreeSet<(Key4, Choice, u32)> = marks
        .iter()
        .filter(|m| m.4 != Choice::Unavailable)
        .map(|m| {
            (
                (m.0.clone(), m.1.clone(), m.2.clone(), m.3.clone()),
                m.4,
                m.5,
            )
        })
        .collect();
    assert_eq!(wishes, expected_wishes);
    // Every comment and hand-written entry of the original is still there.
    for line in original.lines().filter(|l| l.contains('#')) {
        assert!(merged.contains(line), "lost: {line}");
    }
    // Importing again gives the same bytes.
    ok(&gardes(
        dir,
        &[
            &args[..args.len() - 3],
            &["-o", "merged-again.toml", "--skip-invalid", "-q"],
        ]
        .concat(),
    ));
    assert_eq!(
        std::fs::read_to_string(dir.join("merged-again.toml")).unwrap(),
        merged
    );
    let mut into_merged = args.clone();
    into_merged[2] = "merged.toml";
    let n = into_merged.len();
    into_merged[n - 2] = "merged-twice.toml";
    into_merged.push("-q");
    ok(&gardes(dir, &into_merged));
    assert_eq!(
        std::fs::read_to_string(dir.join("merged-twice.toml")).unwrap(),
        merged
    );
    // The summary: who did not answer, and the Meyrueis evening nobody can take.
    let mut summary_args = vec!["desiderata", "summary", "lozere.toml"];
    summary_args.extend(sheets.iter().map(String::as_str));
    summary_args.extend(["-o", "collecte"]);
    let md = ok(&gardes(dir, &summary_args));
    let answered = base.practitioners.len() - silent.len();
    assert!(
        md.contains(&format!(
            "{answered} praticiens sur {} ont répondu",
            base.practitioners.len()
        )),
        "{md}"
    );
    for id in &silent {
        assert!(
            md.contains(&format!("({id}) — ")),
            "{id} not listed as silent:\n{md}"
        );
    }
    let csv = std::fs::read_to_string(dir.join("collecte/collecte.csv")).unwrap();
    assert!(
        csv.contains(&format!(
            "{impossible_day},meyrueis,soir,true,1,0,0,impossible\n"
        )),
        "{csv}"
    );
    assert!(
        md.contains("| le 10 février 2027 | Secteur de Meyrueis | Soirée | 0 / 1 | 0 |"),
        "{md}"
    );
    // Solve: every imported unavailability is honoured, by the roster and the checker.
    ok(&gardes(
        dir,
        &[
            "solve",
            "merged.toml",
            "-o",
            "out",
            "--time-limit",
            "20",
            "--hints",
            "0",
            "-q",
            "--now",
            NOW,
        ],
    ));
    let inst: Instance = instance::parse("merged.toml", &merged).unwrap();
    let bytes = std::fs::read(dir.join("out/assignments.csv")).unwrap();
    let records = gardes::check::read_roster_csv(
        "assignments.csv",
        gardes::check::roster_text("assignments.csv", &bytes).unwrap(),
    )
    .unwrap();
    let held: BTreeSet<Key4> = records
        .iter()
        .map(|r| {
            (
                r.practitioner_id.clone(),
                r.date.to_string(),
                r.post.clone(),
                r.period.clone(),
            )
        })
        .collect();
    let broken: Vec<&Key4> = expected_unavailable.intersection(&held).collect();
    assert!(
        broken.is_empty(),
        "duties held though marked unavailable: {broken:?}"
    );
    let duties = gardes::duties::expand(&inst).unwrap();
    let report = gardes::check::check(&inst, &duties, &records);
    assert!(
        report.is_valid(),
        "{}",
        gardes::labels::check::render_report(&report, &inst)
    );
    let uncovered = std::fs::read_to_string(dir.join("out/uncovered.csv")).unwrap();
    assert!(
        uncovered.lines().any(
            |l| l.starts_with(&format!("{impossible_day},meyrueis,soir,"))
                && l.contains("tous les praticiens habilités sont indisponibles")
        ),
        "{uncovered}"
    );
}

/// The header of a Lozère sheet, in French: the quarter, the Ordre's deadlines, how
/// to fill it, and the rules that matter to someone choosing dates (maxima, rest,
/// spacing, whole weekends of the practitioner's sectors, their posts).
#[test]
fn a_sheet_header_says_the_rules_of_the_quarter() {
    let text = std::fs::read_to_string(LOZERE).unwrap();
    let prepared = desiderata::Prepared::parse("lozere.toml", &text).unwrap();
    let p = prepared.base.practitioner_by_id("d24").unwrap();
    let options = template::Options {
        return_by: chrono::NaiveDate::from_ymd_opt(2026, 10, 31),
        ..template::Options::default()
    };
    let csv = template::csv(&prepared, Some(p), &options).unwrap();
    let header: Vec<&str> = csv
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .map(|l| l.trim_end_matches(';'))
        .take_while(|l| !l.starts_with("Date;"))
        .collect();
    insta::assert_snapshot!(header.join("\n"), @r#"
    Desiderata — Dr Olivier Bessiol
    Lozère — PDSA et MCS, premier trimestre 2027 : du vendredi 1er janvier 2027 au mercredi 31 mars 2027.
    "Le tableau doit parvenir au conseil départemental de l'Ordre des médecins au plus tard le mardi 17 novembre 2026 (45 jours avant le début), qui le diffuse au plus tard le mardi 22 décembre 2026 (10 jours avant ; CSP R6315-2)."
    À renvoyer au coordinateur au plus tard le samedi 31 octobre 2026.

    Comment remplir
    Une ligne par garde que vous pouvez prendre ce trimestre (vos secteurs, vos qualifications).
    "Colonne « Choix » : « indisponible » (vous ne pouvez pas la prendre), « souhaité » (vous aimeriez l'avoir) ou « à éviter » (plutôt pas) ; laissez vide sinon."
    Colonne « Poids » : l'importance d'un souhait ou d'une garde à éviter, de 1 à 10 (1 si vide). « Commentaire » : libre, transmis au coordinateur.
    Les lignes grisées sont déjà indisponibles (saisies par le coordinateur). Ne modifiez pas les colonnes masquées ni leur ordre : elles identifient chaque garde.

    Règles du trimestre
    Au plus 6 gardes par semaine et 20 par mois.
    Au plus 6 week-ends de garde.
    11 h de repos après une garde de nuit, jamais deux nuits de suite et au moins 2 jours d'écart entre deux gardes (sauf celles d'un même week-end).
    Week-ends pris en entier (samedi et dimanche, une seule personne) : Secteur de Langogne et Secteur de Châteauneuf-de-Randon. Une garde indisponible du week-end rend le week-end entier indisponible.
    Vos postes : Secteur de Langogne, Secteur de Châteauneuf-de-Randon, MCS — zone de Langogne et MCS — zone de Châteauneuf-de-Randon.

    Praticien :;Dr Olivier Bessiol;;;;;;;d24
    "#);
}
