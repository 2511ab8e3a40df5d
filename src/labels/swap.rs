//! The French of an exchange refused (`swap::SwapError`).

use std::fmt;

use crate::swap::SwapError;

impl fmt::Display for SwapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SwapError::Request(message) => f.write_str(message),
            SwapError::InvalidBefore(report) => write!(
                f,
                "le tableau d'origine enfreint déjà des règles ; corrigez-le d'abord (gardes check) :\n{}",
                super::check::violations_text(report)
            ),
            SwapError::Breaks(after) => write!(
                f,
                "l'échange est refusé, il enfreindrait des règles :\n{}",
                super::check::violations_text(after)
            ),
        }
    }
}

/// Title of `swap.md`, for the instance named `name`.
pub fn summary_title(name: &str) -> String {
    format!("# Échange de gardes — {name}\n")
}

/// The swapped roster passed the checker.
pub const SUMMARY_VALID: &str =
    "Le tableau échangé respecte toutes les règles (vérificateur indépendant).\n";

/// Header of the table of the seats moved.
pub const MOVES_HEADER: &str = "| Garde | De | À |";

/// After a seat moved with its weekend.
pub const SAME_WEEKEND: &str = " (même week-end)";

/// No load changed.
pub const LOADS_UNCHANGED: &str =
    "\nCharges inchangées : chacun garde autant de gardes dans chaque catégorie d'équité.";

/// Title of the table of loads.
pub const LOADS_TITLE: &str = "\n## Charges (avant → après, cible)\n";

/// Header of the table of loads.
pub const LOADS_HEADER: &str = "| Praticien | Catégorie | Avant | Après | Cible |";

/// The roster's fairness before and after (already formatted).
pub fn fairness_line(before: &str, after: &str) -> String {
    format!(
        "\nÉquité du tableau (écarts pondérés aux cibles + pire surcharge) : {before} → {after}."
    )
}

/// The roster's preference penalty before and after (already formatted).
pub fn preferences_line(before: &str, after: &str) -> String {
    format!("Souhaits non satisfaits et cumuls (pénalité) : {before} → {after}.")
}
