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
