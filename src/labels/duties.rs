//! The French of a duty that could not be placed in the time zone (`duties::DutyError`).

use std::fmt;

use crate::duties::DutyError;

impl fmt::Display for DutyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DutyError::EmptyDuty { post, period, date } => write!(
                f,
                "la garde {post}/{period} du {date} finit avant de commencer"
            ),
        }
    }
}
