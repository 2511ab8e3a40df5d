//! The French of the on-call fee statement (`crate::fees`): `honoraires.csv`, the
//! summaries' section and the report's.

use crate::calendar::DayKind;
use crate::instance::{Instance, PeriodIdx};

/// The section's title.
pub const TITLE: &str = "Forfaits d'astreinte";

/// The CSV's header, and the tables' columns.
pub const HEADER: [&str; 8] = [
    "praticien",
    "nom",
    "periode",
    "type de jour",
    "gardes",
    "forfait unitaire (€)",
    "montant (€)",
    "estimation",
];

/// The tables' columns (summary.md, report.html).
pub const TABLE_HEADER: [&str; 5] = ["Praticien", "Type de garde", "Gardes", "Forfait", "Montant"];

/// The per-practitioner totals' columns.
pub const TOTALS_HEADER: [&str; 3] = ["Praticien", "Gardes payées", "Total"];

/// The line of the total.
pub const TOTAL: &str = "Total";

/// A CSV cell: the amount is an estimate.
pub const YES: &str = "oui";

/// A CSV cell: the amount is the instance's.
pub const NO: &str = "non";

/// No paid duty in the roster.
pub const NONE: &str = "Aucune garde payée au forfait dans ce tableau.";

/// Some amounts are the built-in estimate.
pub const ESTIMATE_NOTE: &str = "Montants estimés (marqués *) : 12,50 € de l'heure de garde, soit le plancher national de 150 € par période de 12 heures (arrêté du 20 avril 2011) et le barème de 2005 (50 € de 20 h à 24 h, 100 € de 0 h à 8 h) ; les forfaits réels sont fixés par le cahier des charges régional, à indiquer dans la section [fees] de l'instance.";

/// The checker's recount agrees.
pub const RECOUNT_AGREES: &str =
    "Montants recomptés par le vérificateur à partir du seul tableau : identiques.";

/// The checker's recount differs: a bug of one of the two counts.
pub const RECOUNT_DIFFERS: &str = "ATTENTION : le vérificateur, recomptant à partir du seul tableau, trouve d'autres montants ; ne joignez pas ce relevé à une demande de paiement et signalez l'anomalie.";

/// Who gains or loses how much, in a re-planning or an exchange.
pub const CHANGES_TITLE: &str = "Forfaits d'astreinte : gains et pertes";

/// No practitioner's fees change.
pub const NO_CHANGE: &str = "Aucun montant ne change.";

/// The duty type of a line: `Nuit — dimanche`.
pub fn duty_type(instance: &Instance, period: PeriodIdx, kind: DayKind) -> String {
    format!(
        "{} — {}",
        instance.period(period).label,
        super::calendar::kind_label(kind)
    )
}

/// Cents as euros with a decimal comma and no unit: `1234,50` (the CSV's cells).
pub fn euros_plain(cents: u64) -> String {
    format!("{},{:02}", cents / 100, cents % 100)
}

/// Cents as euros for people: `1 234,50 €` (a narrow no-break space between thousands).
pub fn euros(cents: u64) -> String {
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(c);
    }
    format!("{grouped},{:02} €", cents % 100)
}

/// A gain or a loss: `+150,00 €`, `−50,00 €`.
pub fn signed_euros(before: u64, after: u64) -> String {
    if after >= before {
        format!("+{}", euros(after - before))
    } else {
        format!("−{}", euros(before - after))
    }
}

/// One practitioner's change: `Dr Martin (d01) : 300,00 € → 450,00 € (+150,00 €)`.
pub fn change_line(name: &str, id: &str, before: u64, after: u64) -> String {
    format!(
        "{name} ({id}) : {} → {} ({})",
        euros(before),
        euros(after),
        signed_euros(before, after)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_french() {
        assert_eq!(euros_plain(15000), "150,00");
        assert_eq!(euros_plain(5), "0,05");
        assert_eq!(euros(12_345_678), "123\u{202f}456,78 €");
        assert_eq!(euros(99), "0,99 €");
        assert_eq!(signed_euros(100, 250), "+1,50 €");
        assert_eq!(signed_euros(250, 100), "−1,50 €");
    }
}
