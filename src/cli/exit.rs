//! The one mapping from library errors to exit codes: 0 success; 1 a roster breaks a
//! hard rule (`check`, `score`), the solver failed, a file could not be written or
//! gardes found a defect of its own; 2 bad input (unreadable or invalid file, bad
//! arguments). Every command's failure goes through here.

use std::process::ExitCode;

use crate::app;
use crate::plan::PlanError;
use crate::replan::ChangesError;
use crate::swap::SwapError;

/// Exit code of bad input.
const INPUT: u8 = 2;
/// Exit code of a broken rule, a solver failure or a write failure.
const RULE: u8 = 1;

/// A failure with its exit code and an already rendered message.
pub(crate) struct Failure {
    pub(crate) code: u8,
    pub(crate) message: String,
}

impl Failure {
    /// Bad input (2).
    pub(crate) fn input(message: impl Into<String>) -> Self {
        Failure {
            code: INPUT,
            message: message.into(),
        }
    }

    /// A broken rule, a solver failure or a file that could not be written (1).
    pub(crate) fn rule(message: impl Into<String>) -> Self {
        Failure {
            code: RULE,
            message: message.into(),
        }
    }

    /// Prints the message on stderr and gives the exit code.
    pub(crate) fn exit(self) -> ExitCode {
        eprintln!("{}", self.message.trim_end());
        ExitCode::from(self.code)
    }
}

/// A file that could not be written (1, like every write failure).
pub(crate) fn unwritable(path: &std::path::Path, e: &std::io::Error) -> Failure {
    Failure::rule(crate::labels::cli::unwritable(path.display(), e))
}

/// A folder that could not be created (1, like every write failure).
pub(crate) fn uncreatable(path: &std::path::Path, e: &std::io::Error) -> Failure {
    Failure::rule(crate::labels::cli::uncreatable(path.display(), e))
}

/// A located diagnostic rendered by miette: the one-line summary, then each problem
/// with its line.
pub(crate) fn rendered(diagnostic: impl miette::Diagnostic + Send + Sync + 'static) -> String {
    format!("{:?}", miette::Report::new(diagnostic))
}

impl From<app::Error> for Failure {
    fn from(e: app::Error) -> Self {
        use app::Error;
        match e {
            Error::Input(message) => Failure::input(message),
            e @ (Error::Duties(_) | Error::History(_)) => Failure::input(e.to_string()),
            Error::Changes(ChangesError::Invalid(d)) => Failure::input(rendered(d)),
            Error::Changes(ChangesError::Option(m)) => Failure::input(m),
            // The calendar expansion inside the plan is bad input like anywhere else.
            Error::Plan(e @ PlanError::Duties(_)) => Failure::input(e.to_string()),
            e @ Error::Plan(_) => Failure::rule(e.to_string()),
            Error::Swap(e @ SwapError::Request(_)) => Failure::input(e.to_string()),
            e @ Error::Swap(_) => Failure::rule(e.to_string()),
            e @ (Error::Write(_) | Error::Internal(_)) => Failure::rule(e.to_string()),
        }
    }
}

impl From<crate::instance::LoadError> for Failure {
    fn from(e: crate::instance::LoadError) -> Self {
        match e {
            e @ crate::instance::LoadError::Invalid(_) => Failure::input(rendered(e)),
            other => Failure::input(other.to_string()),
        }
    }
}

impl From<crate::serve::TokensError> for Failure {
    fn from(e: crate::serve::TokensError) -> Self {
        match e {
            crate::serve::TokensError::Invalid(d) => Failure::input(rendered(d)),
            other => Failure::input(other.to_string()),
        }
    }
}

impl From<crate::bench::BenchError> for Failure {
    fn from(e: crate::bench::BenchError) -> Self {
        match e {
            e @ crate::bench::BenchError::Write { .. } => Failure::rule(e.to_string()),
            e => Failure::input(e.to_string()),
        }
    }
}

impl From<crate::desiderata::ImportError> for Failure {
    fn from(e: crate::desiderata::ImportError) -> Self {
        use crate::desiderata::{ImportError, PrepareError};
        match e {
            ImportError::Prepare(PrepareError::Invalid(d)) => Failure::input(rendered(d)),
            ImportError::Prepare(e) => Failure::input(e.to_string()),
            e @ ImportError::Merged(_) => Failure::rule(e.to_string()),
        }
    }
}
