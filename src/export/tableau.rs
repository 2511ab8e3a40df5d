//! `tableau.csv`, the grid a coordinator opens in a spreadsheet: one row per date of
//! the horizon, one column per post × period, names in the cells.
//!
//! French spreadsheet programs open a CSV with `;` as separator (the comma is their
//! decimal mark) and guess the legacy Windows code page unless the file starts with a
//! UTF-8 byte-order mark; so the grid is UTF-8 with BOM, `;`-separated, with CRLF
//! line ends (RFC 4180, what those programs write themselves). The first columns are
//! `date;jour;type` (`27/03/2027;samedi;samedi`), then one column per (post, period)
//! pair the instance organises and that has at least one duty in the horizon, posts
//! and periods in file order, headed `<post> — <period>`. A period of several days
//! (a week from Monday 08:00 to Saturday 12:00) has its span in its header,
//! `<post> — <period> (lundi 08:00 → samedi 12:00)`, and its names on the row of the
//! duty's date only. When every column is such a period (a network's weekly rotation),
//! only the dates on which some duty of the grid is dated have a row: 52 rows for a
//! year of weeks, not 365 of which 313 are empty.
//!
//! A cell holds the names of the duty's holders (sorted by practitioner id) and
//! `NON POURVU` once per empty seat, joined with ` / `; it is empty when that duty
//! does not exist on that date.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use crate::calendar;
use crate::duties::{Duty, DutyIdx};
use crate::instance::{Instance, PeriodIdx, PostIdx};
use crate::labels::export as labels;
use crate::roster::Roster;

use super::{ExportError, View};

/// The UTF-8 byte-order mark the grid starts with.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The bytes of `tableau.csv`, BOM included.
///
/// # Errors
/// [`ExportError`] when the roster or the duties do not match the instance.
pub fn grid(instance: &Instance, duties: &[Duty], roster: &Roster) -> Result<Vec<u8>, ExportError> {
    grid_in(&View::new(instance, duties, roster)?)
}

pub(crate) fn grid_in(view: &View<'_>) -> Result<Vec<u8>, ExportError> {
    let instance = view.instance;
    let mut by_cell: BTreeMap<(PostIdx, PeriodIdx, NaiveDate), DutyIdx> = BTreeMap::new();
    let mut used: BTreeSet<(PostIdx, PeriodIdx)> = BTreeSet::new();
    for (i, d) in view.duties.iter().enumerate() {
        by_cell.insert((d.post, d.period, d.date), DutyIdx(i as u32));
        used.insert((d.post, d.period));
    }
    let columns: Vec<(PostIdx, PeriodIdx)> = instance
        .posts
        .iter()
        .enumerate()
        .flat_map(|(i, post)| {
            let post_idx = PostIdx(i as u32);
            post.demand.keys().map(move |period| (post_idx, *period))
        })
        .filter(|pair| used.contains(pair))
        .collect();

    let mut bytes = BOM.to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut bytes);
        let mut header = vec![
            labels::GRID_DATE.to_owned(),
            labels::GRID_WEEKDAY.to_owned(),
            labels::GRID_DAY_KIND.to_owned(),
        ];
        header.extend(columns.iter().map(|(post, period)| {
            let (post, period) = (instance.post(*post), instance.period(*period));
            if period.multi_day() {
                labels::grid_column_span(&post.label, period)
            } else {
                labels::grid_column(&post.label, &period.label)
            }
        }));
        w.write_record(&header)?;

        let only_spans = !columns.is_empty()
            && columns
                .iter()
                .all(|(_, period)| instance.period(*period).multi_day());
        let dated: BTreeSet<NaiveDate> = view.duties.iter().map(|d| d.date).collect();
        for date in instance.horizon.dates() {
            if only_spans && !dated.contains(&date) {
                continue;
            }
            let mut row = vec![
                labels::grid_date(date),
                crate::labels::calendar::day_name(date.weekday()).to_owned(),
                crate::labels::calendar::kind_label(calendar::day_kind(date, &instance.calendar))
                    .to_owned(),
            ];
            for (post, period) in &columns {
                let cell = match by_cell.get(&(*post, *period, date)) {
                    Some(duty) => cell(view, *duty),
                    None => String::new(),
                };
                row.push(cell);
            }
            w.write_record(&row)?;
        }
        w.flush().map_err(::csv::Error::from)?;
    }
    Ok(bytes)
}

/// Holders' names, then one `NON POURVU` per empty seat.
fn cell(view: &View<'_>, duty: DutyIdx) -> String {
    let names = view
        .holders(duty)
        .iter()
        .map(|p| view.instance.practitioner(*p).name.as_str());
    let empty = std::iter::repeat_n(labels::NOT_FILLED, view.empty_seats(duty) as usize);
    names
        .chain(empty)
        .collect::<Vec<_>>()
        .join(labels::NAME_SEPARATOR)
}
