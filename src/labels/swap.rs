//! The French of an exchange refused (`swap::SwapError`).

use std::fmt;

use crate::swap::{RequestProblem, SeatError, SwapError};

impl fmt::Display for SeatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeatError::Shape(text) => write!(
                f,
                "« {text} » illisible : attendu PRATICIEN:DATE:PÉRIODE:POSTE, par exemple d07:2027-02-13:nuit:mende"
            ),
            SeatError::Date { text, date } => write!(
                f,
                "« {text} » : date « {date} » illisible, attendu AAAA-MM-JJ"
            ),
            SeatError::Empty(text) => {
                write!(f, "« {text} » illisible : attendu PRATICIEN:DATE:PÉRIODE:POSTE")
            }
        }
    }
}

impl fmt::Display for RequestProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestProblem::NothingGiven => {
                f.write_str("rien à échanger : donnez au moins une garde avec --give")
            }
            RequestProblem::ToAndTake => f.write_str(
                "--to et --take s'excluent : --take nomme déjà le praticien qui reçoit",
            ),
            RequestProblem::NoReceiver => f.write_str(
                "à qui ? ajoutez --take PRATICIEN:DATE:PÉRIODE:POSTE (un échange) ou --to PRATICIEN (un remplacement)",
            ),
            RequestProblem::UnknownPractitioner(id) => write!(f, "praticien inconnu « {id} »"),
            RequestProblem::WithSelf(giver) => {
                write!(f, "{giver} ne peut pas échanger avec lui-même")
            }
            RequestProblem::GiveOtherHolder { seat, giver } => write!(
                f,
                "--give {seat} : toutes les gardes données doivent être au même praticien ({giver})"
            ),
            RequestProblem::TakeOtherHolder { seat, receiver } => write!(
                f,
                "--take {seat} : toutes les gardes reprises doivent être au même praticien ({receiver})"
            ),
            RequestProblem::NoDuty(seat) => write!(
                f,
                "{seat} : aucune garde ce jour-là pour ce poste et cette période"
            ),
            RequestProblem::NotHeld { seat, holder } => {
                write!(f, "{seat} : {holder} ne tient pas cette garde")
            }
            RequestProblem::AlreadyHeld { seat, holder } => {
                write!(f, "{seat} : {holder} tient déjà cette garde")
            }
        }
    }
}

impl fmt::Display for SwapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SwapError::Request(problem) => fmt::Display::fmt(problem, f),
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
