//! `honoraires.csv`, the on-call fee statement a coordinator attaches to the payment
//! claims (*forfaits d'astreinte*, PDSA.md §4.1): one row per practitioner and duty
//! type (period × kind of day), in instance order of practitioners, then periods, then
//! kinds of day.
//!
//! Like `tableau.csv` it is for French spreadsheets: UTF-8 with a byte-order mark,
//! `;`-separated, CRLF line ends, amounts in euros with a decimal comma (`150,00`).
//! The columns: `praticien;nom;periode;type de jour;gardes;forfait unitaire (€);
//! montant (€);estimation`, `estimation` saying `oui` when the amount is the built-in
//! hourly rate rather than the instance's `[fees]`. A last row `Total` sums the
//! amounts. A roster without a paid duty gives the header and the total only.

use crate::fees::FeeStatement;
use crate::instance::Instance;
use crate::labels::fees as fr;

use super::tableau::BOM;
use super::ExportError;

/// The bytes of `honoraires.csv`, BOM included, for this statement.
///
/// # Errors
/// [`ExportError::Csv`] when the CSV writer fails.
pub fn statement(instance: &Instance, statement: &FeeStatement) -> Result<Vec<u8>, ExportError> {
    let mut bytes = BOM.to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut bytes);
        w.write_record(fr::HEADER)?;
        for l in &statement.lines {
            let prac = instance.practitioner(l.practitioner);
            let duties = l.duties.to_string();
            let (unit, total) = (
                fr::euros_plain(l.unit_cents),
                fr::euros_plain(l.total_cents),
            );
            w.write_record([
                prac.id.0.as_str(),
                prac.name.as_str(),
                instance.period(l.period).label.as_str(),
                crate::labels::calendar::kind_label(l.day_kind),
                duties.as_str(),
                unit.as_str(),
                total.as_str(),
                if l.estimate { fr::YES } else { fr::NO },
            ])?;
        }
        let duties = statement
            .lines
            .iter()
            .map(|l| l.duties)
            .sum::<u32>()
            .to_string();
        let total = fr::euros_plain(statement.total_cents());
        w.write_record([
            fr::TOTAL,
            "",
            "",
            "",
            duties.as_str(),
            "",
            total.as_str(),
            if statement.has_estimates() {
                fr::YES
            } else {
                fr::NO
            },
        ])?;
        w.flush().map_err(::csv::Error::from)?;
    }
    Ok(bytes)
}
