//! The sheets sent to practitioners: one per practitioner and one combined, as XLSX
//! (rust_xlsxwriter; LibreOffice, Excel and Google Sheets open it) or CSV.
//!
//! A sheet has a header block (title, quarter, deadlines, how to fill it, the rules of
//! the quarter, and for a practitioner's sheet the row that names them), then a table
//! with one row per duty the practitioner may take: its date, day kind, post, period
//! and hours in French, the three columns they fill ([`COL_CHOICE`],
//! [`COL_WEIGHT`], [`COL_COMMENT`]) and four hidden key columns
//! (practitioner, date, post and period ids) that the import reads instead of the
//! French labels. In the XLSX file the sheet is protected without a password (only
//! the three columns can be edited, the key columns are hidden), the choice column has
//! a dropdown of the three marks and the weight column accepts integers from 1 to
//! [`MAX_WEIGHT`]. Duties the coordinator already made unavailable are shown greyed,
//! marked « indisponible » and locked; the marks of an earlier import are filled in, so
//! that a sheet can be sent back for corrections.
//!
//! The bytes depend only on the instance and [`Options`] (the XLSX creation time is
//! the caller's).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatBorder,
    ProtectionOptions, Workbook, XlsxError,
};

use crate::duties::Duty;
use crate::instance::PracIdx;

use super::read::{
    COL_CHOICE, COL_COMMENT, COL_WEIGHT, KEY_DATE, KEY_PERIOD, KEY_POST, KEY_PRACTITIONER,
};
use super::{labels, Choice, DutyKey, Mark, Prepared, MAX_WEIGHT};

/// The file name of the combined sheet (without extension).
pub const COMBINED: &str = "tous-les-praticiens";

/// The file format of the sheets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SheetFormat {
    /// XLSX workbooks.
    #[default]
    Xlsx,
    /// CSV files: UTF-8 with a byte-order mark, `;`-separated, CRLF, as French
    /// spreadsheet programs expect.
    Csv,
}

/// What the sheets say beyond the instance.
#[derive(Clone, Debug)]
pub struct Options {
    /// XLSX or CSV.
    pub format: SheetFormat,
    /// The date by which the sheets are to be returned, printed in their header.
    pub return_by: Option<NaiveDate>,
    /// The XLSX files' creation time (document properties).
    pub created: DateTime<Utc>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            format: SheetFormat::Xlsx,
            return_by: None,
            created: DateTime::<Utc>::UNIX_EPOCH,
        }
    }
}

/// The sheets could not be written.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// rust_xlsxwriter refused something.
    #[error("écriture du classeur {file} impossible : {source}")]
    Xlsx {
        /// The file being written.
        file: String,
        /// The library's error.
        source: XlsxError,
    },
    /// The CSV writer failed.
    #[error("écriture du fichier {file} impossible : {message}")]
    Csv {
        /// The file being written.
        file: String,
        /// What failed.
        message: String,
    },
    /// A practitioner's file name is the combined sheet's.
    #[error("le praticien « {0} » a l'identifiant réservé au classeur commun ; renommez-le dans l'instance")]
    NameClash(String),
}

/// What a row of a sheet is filled with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prefill {
    /// Nothing: the practitioner fills it.
    Blank,
    /// The instance makes the duty unavailable by an entry written by hand: greyed,
    /// marked « indisponible », locked.
    ByHand,
    /// An earlier import's mark.
    Imported(Mark),
}

/// One row of a sheet.
#[derive(Clone, Debug)]
pub struct Row<'a> {
    /// Whose row.
    pub practitioner: PracIdx,
    /// The duty.
    pub duty: &'a Duty,
    /// What it is filled with.
    pub prefill: Prefill,
}

/// The rows of a practitioner's sheet, or of every practitioner's (combined), in
/// practitioner then duty order.
pub fn rows<'a>(prepared: &'a Prepared, owner: Option<PracIdx>) -> Vec<Row<'a>> {
    let imported: std::collections::BTreeMap<(PracIdx, DutyKey), &Mark> = prepared
        .imported
        .iter()
        .map(|m| ((m.practitioner, m.duty), m))
        .collect();
    let who: Vec<PracIdx> = match owner {
        Some(p) => vec![p],
        None => (0..prepared.base.practitioners.len())
            .map(|i| PracIdx(i as u32))
            .collect(),
    };
    let mut out = Vec::new();
    for p in who {
        for duty in prepared.rows_of(p) {
            let prefill = if prepared.unavailable_by_hand(p, duty) {
                Prefill::ByHand
            } else if let Some(m) = imported.get(&(p, DutyKey::of(duty))) {
                Prefill::Imported((*m).clone())
            } else {
                Prefill::Blank
            };
            out.push(Row {
                practitioner: p,
                duty,
                prefill,
            });
        }
    }
    out
}

/// What a cell shows.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Empty,
    Text(String),
    Number(u32),
    Date(NaiveDate),
}

/// How a cell looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Title,
    Heading,
    Note,
    Header,
    /// A descriptive cell of a duty row; `true` on weekends and holidays.
    Info(bool),
    /// A cell the practitioner fills.
    Input,
    /// A row already unavailable.
    Locked,
    /// A key cell (hidden in XLSX).
    Key,
}

/// The columns of a sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Practitioner,
    Date,
    Day,
    Post,
    Period,
    Hours,
    Choice,
    Weight,
    Comment,
    KeyPractitioner,
    KeyDate,
    KeyPost,
    KeyPeriod,
}

impl Col {
    fn header(self) -> &'static str {
        match self {
            Col::Practitioner => labels::COL_PRACTITIONER,
            Col::Date => labels::COL_DATE,
            Col::Day => labels::COL_DAY,
            Col::Post => labels::COL_POST,
            Col::Period => labels::COL_PERIOD,
            Col::Hours => labels::COL_HOURS,
            Col::Choice => COL_CHOICE,
            Col::Weight => COL_WEIGHT,
            Col::Comment => COL_COMMENT,
            Col::KeyPractitioner => KEY_PRACTITIONER,
            Col::KeyDate => KEY_DATE,
            Col::KeyPost => KEY_POST,
            Col::KeyPeriod => KEY_PERIOD,
        }
    }

    /// Width in characters, in the XLSX file.
    fn width(self) -> f64 {
        match self {
            Col::Practitioner => 26.0,
            Col::Date => 20.0,
            Col::Day => 22.0,
            Col::Post => 30.0,
            Col::Period => 22.0,
            Col::Hours => 26.0,
            Col::Choice => 15.0,
            Col::Weight => 8.0,
            Col::Comment => 40.0,
            _ => 12.0,
        }
    }

    fn is_key(self) -> bool {
        matches!(
            self,
            Col::KeyPractitioner | Col::KeyDate | Col::KeyPost | Col::KeyPeriod
        )
    }
}

/// A sheet laid out as cells.
struct Layout {
    name: String,
    columns: Vec<Col>,
    cells: Vec<Vec<(Value, Style)>>,
    header_row: usize,
}

impl Layout {
    fn col(&self, col: Col) -> usize {
        self.columns
            .iter()
            .position(|c| *c == col)
            .expect("every sheet has the columns it asks for")
    }
}

fn layout(prepared: &Prepared, owner: Option<PracIdx>, options: &Options) -> Layout {
    let instance = &prepared.base;
    let mut columns = Vec::new();
    if owner.is_none() {
        columns.push(Col::Practitioner);
    }
    columns.extend([
        Col::Date,
        Col::Day,
        Col::Post,
        Col::Period,
        Col::Hours,
        Col::Choice,
        Col::Weight,
        Col::Comment,
        Col::KeyPractitioner,
        Col::KeyDate,
        Col::KeyPost,
        Col::KeyPeriod,
    ]);
    let text = |s: &str, style| (Value::Text(s.to_owned()), style);
    let mut cells: Vec<Vec<(Value, Style)>> = Vec::new();
    cells.push(vec![text(&labels::title(instance, owner), Style::Title)]);
    cells.push(vec![text(
        &format!("{} : {}.", instance.name, labels::horizon(instance)),
        Style::Note,
    )]);
    cells.push(vec![text(&labels::deadlines(instance), Style::Note)]);
    if let Some(date) = options.return_by {
        cells.push(vec![text(&labels::return_by(date), Style::Heading)]);
    }
    for block in [
        labels::instructions(owner.is_none()),
        labels::rules(instance, owner),
    ] {
        cells.push(Vec::new());
        for (i, line) in block.iter().enumerate() {
            let style = if i == 0 { Style::Heading } else { Style::Note };
            cells.push(vec![text(line, style)]);
        }
    }
    cells.push(Vec::new());
    if let Some(p) = owner {
        let prac = instance.practitioner(p);
        let mut row = vec![(Value::Empty, Style::Note); columns.len()];
        row[0] = text(labels::OWNER_LABEL, Style::Heading);
        row[1] = text(&prac.name, Style::Heading);
        let key = columns
            .iter()
            .position(|c| *c == Col::KeyPractitioner)
            .expect("the key column exists");
        row[key] = text(prac.id.as_str(), Style::Key);
        cells.push(row);
        cells.push(Vec::new());
    }
    let header_row = cells.len();
    cells.push(
        columns
            .iter()
            .map(|c| text(c.header(), Style::Header))
            .collect(),
    );
    for row in rows(prepared, owner) {
        let duty = row.duty;
        let weekend = duty.day_kind != crate::calendar::DayKind::Weekday;
        let info = Style::Info(weekend);
        let prac = instance.practitioner(row.practitioner);
        let (choice, weight, comment, input) = match &row.prefill {
            Prefill::Blank => (Value::Empty, Value::Empty, Value::Empty, Style::Input),
            Prefill::ByHand => (
                Value::Text(labels::choice(Choice::Unavailable).to_owned()),
                Value::Empty,
                Value::Text(labels::BY_HAND.to_owned()),
                Style::Locked,
            ),
            Prefill::Imported(m) => (
                Value::Text(labels::choice(m.choice).to_owned()),
                if m.choice == Choice::Unavailable {
                    Value::Empty
                } else {
                    Value::Number(m.weight)
                },
                m.comment.clone().map_or(Value::Empty, Value::Text),
                Style::Input,
            ),
        };
        let info = if row.prefill == Prefill::ByHand {
            Style::Locked
        } else {
            info
        };
        let cells_of_row = columns
            .iter()
            .map(|c| match c {
                Col::Practitioner => text(&prac.name, info),
                Col::Date => (Value::Date(duty.date), info),
                Col::Day => text(&labels::day(instance, duty), info),
                Col::Post => text(&instance.post(duty.post).label, info),
                Col::Period => text(&instance.period(duty.period).label, info),
                Col::Hours => text(&labels::hours(duty), info),
                Col::Choice => (choice.clone(), input),
                Col::Weight => (weight.clone(), input),
                Col::Comment => (comment.clone(), input),
                Col::KeyPractitioner => text(prac.id.as_str(), Style::Key),
                Col::KeyDate => text(&duty.date.format("%Y-%m-%d").to_string(), Style::Key),
                Col::KeyPost => text(instance.post(duty.post).id.as_str(), Style::Key),
                Col::KeyPeriod => text(instance.period(duty.period).id.as_str(), Style::Key),
            })
            .collect();
        cells.push(cells_of_row);
    }
    let name = match owner {
        Some(p) => instance
            .practitioner(p)
            .id
            .as_str()
            .chars()
            .take(31)
            .collect(),
        None => "Tous".to_owned(),
    };
    Layout {
        name,
        columns,
        cells,
        header_row,
    }
}

/// A practitioner's sheet (`Some`) or the combined one (`None`) as CSV text: UTF-8 with
/// a byte-order mark, `;`-separated, CRLF line ends.
///
/// # Errors
/// [`TemplateError::Csv`] if the CSV writer fails (it writes to memory).
pub fn csv(
    prepared: &Prepared,
    owner: Option<PracIdx>,
    options: &Options,
) -> Result<String, TemplateError> {
    let layout = layout(prepared, owner, options);
    let error = |message: String| TemplateError::Csv {
        file: file_name(prepared, owner, SheetFormat::Csv),
        message,
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    for row in &layout.cells {
        let fields: Vec<String> = row
            .iter()
            .map(|(value, _)| match value {
                Value::Empty => String::new(),
                Value::Text(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Date(d) => labels::sheet_date(*d),
            })
            .collect();
        // Every line has every column, as spreadsheet programs write them (and an
        // empty line would otherwise be written `""`).
        let mut fields = fields;
        fields.resize(layout.columns.len().max(fields.len()), String::new());
        writer
            .write_record(&fields)
            .map_err(|e| error(e.to_string()))?;
    }
    let bytes = writer.into_inner().map_err(|e| error(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| error(e.to_string()))?;
    Ok(format!("\u{feff}{text}"))
}

/// A practitioner's sheet (`Some`) or the combined one (`None`) as an XLSX workbook.
///
/// # Errors
/// [`TemplateError::Xlsx`] when rust_xlsxwriter refuses the sheet.
pub fn xlsx(
    prepared: &Prepared,
    owner: Option<PracIdx>,
    options: &Options,
) -> Result<Vec<u8>, TemplateError> {
    let layout = layout(prepared, owner, options);
    write_xlsx(&layout, options).map_err(|source| TemplateError::Xlsx {
        file: file_name(prepared, owner, SheetFormat::Xlsx),
        source,
    })
}

fn write_xlsx(layout: &Layout, options: &Options) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_timestamp(options.created.timestamp())?;
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title(layout_title(layout))
            .set_author("gardes"),
    );
    let sheet = workbook.add_worksheet();
    if sheet.set_name(&layout.name).is_err() {
        sheet.set_name("Desiderata")?;
    }
    let grey = Color::RGB(0xD9D9D9);
    let weekend = Color::RGB(0xFFF2CC);
    let title = Format::new().set_bold().set_font_size(14);
    let heading = Format::new().set_bold();
    let note = Format::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xBDD7EE))
        .set_border(FormatBorder::Thin);
    let info = Format::new().set_border(FormatBorder::Hair);
    let info_weekend = info.clone().set_background_color(weekend);
    let input = Format::new()
        .set_unlocked()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::White);
    let locked = Format::new()
        .set_background_color(grey)
        .set_font_color(Color::RGB(0x595959))
        .set_border(FormatBorder::Hair);
    let key = Format::new();
    let date_format = labels::SHEET_DATE_FORMAT;
    for (r, row) in layout.cells.iter().enumerate() {
        let r = u32::try_from(r).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (c, (value, style)) in row.iter().enumerate() {
            let c = u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)?;
            let format = match style {
                Style::Title => &title,
                Style::Heading => &heading,
                Style::Note => &note,
                Style::Header => &header,
                Style::Info(false) => &info,
                Style::Info(true) => &info_weekend,
                Style::Input => &input,
                Style::Locked => &locked,
                Style::Key => &key,
            };
            match value {
                Value::Empty => {
                    if *style != Style::Note {
                        sheet.write_blank(r, c, format)?;
                    }
                }
                Value::Text(s) => {
                    sheet.write_string_with_format(r, c, s, format)?;
                }
                Value::Number(n) => {
                    sheet.write_number_with_format(r, c, f64::from(*n), format)?;
                }
                Value::Date(d) => {
                    let date = ExcelDateTime::from_ymd(
                        u16::try_from(d.year())
                            .map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?,
                        u8::try_from(d.month())
                            .map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?,
                        u8::try_from(d.day())
                            .map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?,
                    )?;
                    let with_date = format
                        .clone()
                        .set_num_format(date_format)
                        .set_align(rust_xlsxwriter::FormatAlign::Left);
                    sheet.write_datetime_with_format(r, c, &date, &with_date)?;
                }
            }
        }
    }
    for (i, col) in layout.columns.iter().enumerate() {
        let c = u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)?;
        sheet.set_column_width(c, col.width())?;
        if col.is_key() {
            sheet.set_column_hidden(c)?;
        }
    }
    let header_row =
        u32::try_from(layout.header_row).map_err(|_| XlsxError::RowColumnLimitError)?;
    let last_row = u32::try_from(layout.cells.len().saturating_sub(1))
        .map_err(|_| XlsxError::RowColumnLimitError)?;
    let last_col =
        u16::try_from(layout.columns.len() - 1).map_err(|_| XlsxError::RowColumnLimitError)?;
    sheet.set_freeze_panes(header_row + 1, 0)?;
    if last_row > header_row {
        sheet.autofilter(header_row, 0, last_row, last_col)?;
        let choice_col =
            u16::try_from(layout.col(Col::Choice)).map_err(|_| XlsxError::RowColumnLimitError)?;
        let weight_col =
            u16::try_from(layout.col(Col::Weight)).map_err(|_| XlsxError::RowColumnLimitError)?;
        let choices = DataValidation::new()
            .allow_list_strings(&labels::CHOICES)?
            .set_input_title("Choix")?
            .set_input_message("indisponible, souhaité ou à éviter ; vide sinon")?
            .set_error_title("Choix inconnu")?
            .set_error_message("Choisissez « indisponible », « souhaité » ou « à éviter » dans la liste, ou laissez la case vide.")?;
        sheet.add_data_validation(header_row + 1, choice_col, last_row, choice_col, &choices)?;
        let max = i32::try_from(MAX_WEIGHT).unwrap_or(i32::MAX);
        let weights = DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(1, max))
            .set_input_title("Poids")?
            .set_input_message(format!(
                "De 1 à {MAX_WEIGHT} : l'importance du souhait (1 si vide)."
            ))?
            .set_error_title("Poids invalide")?
            .set_error_message(format!(
                "Un nombre entier de 1 à {MAX_WEIGHT}, ou une case vide."
            ))?;
        sheet.add_data_validation(header_row + 1, weight_col, last_row, weight_col, &weights)?;
    }
    sheet.protect_with_options(&ProtectionOptions {
        use_autofilter: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    sheet.set_landscape();
    // Printed, the table fits the page's width, on as many pages as it needs.
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(header_row, header_row)?;
    workbook.save_to_buffer()
}

fn layout_title(layout: &Layout) -> String {
    match layout.cells.first().and_then(|r| r.first()) {
        Some((Value::Text(t), _)) => t.clone(),
        _ => String::from("Desiderata"),
    }
}

/// The file name of a practitioner's sheet (`d07.xlsx`) or of the combined one.
pub fn file_name(prepared: &Prepared, owner: Option<PracIdx>, format: SheetFormat) -> String {
    let stem = match owner {
        Some(p) => prepared.base.practitioner(p).id.to_string(),
        None => COMBINED.to_owned(),
    };
    let ext = match format {
        SheetFormat::Xlsx => "xlsx",
        SheetFormat::Csv => "csv",
    };
    format!("{stem}.{ext}")
}

/// Every sheet: one per practitioner in file order, then the combined one, as file
/// names and bytes.
///
/// # Errors
/// [`TemplateError::NameClash`] when a practitioner's id is the combined sheet's
/// name; otherwise as [`xlsx()`] and [`csv()`].
pub fn files(
    prepared: &Prepared,
    options: &Options,
) -> Result<Vec<(String, Vec<u8>)>, TemplateError> {
    let mut owners: Vec<Option<PracIdx>> = (0..prepared.base.practitioners.len())
        .map(|i| Some(PracIdx(i as u32)))
        .collect();
    if let Some(p) = prepared
        .base
        .practitioners
        .iter()
        .find(|p| p.id.as_str() == COMBINED)
    {
        return Err(TemplateError::NameClash(p.id.to_string()));
    }
    owners.push(None);
    owners
        .into_iter()
        .map(|owner| {
            let name = file_name(prepared, owner, options.format);
            let bytes = match options.format {
                SheetFormat::Xlsx => xlsx(prepared, owner, options)?,
                SheetFormat::Csv => csv(prepared, owner, options)?.into_bytes(),
            };
            Ok((name, bytes))
        })
        .collect()
}
