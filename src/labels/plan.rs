//! The French of a plan that could not be made (`plan::PlanError`): the solver's roster
//! broke a rule or disagreed with the checker, both defects, and nothing was written.

use std::fmt;

use crate::plan::PlanError;

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const BROKEN: &str =
            "le tableau produit par le solveur enfreint des règles (défaut du modèle, rien n'a été écrit) :";
        match self {
            PlanError::Duties(e) => fmt::Display::fmt(e, f),
            PlanError::Solve(e) => fmt::Display::fmt(e, f),
            PlanError::Broken(report) => {
                write!(f, "{BROKEN}\n{}", super::check::violations_text(report))
            }
            PlanError::CheckFailed(which) => write!(f, "{BROKEN}\n{which}"),
            PlanError::Disagreement {
                level,
                checker,
                solver,
            } => write!(
                f,
                "le vérificateur et le solveur ne s'accordent pas sur le niveau « {level} » : {checker} contre {solver} (rien n'a été écrit)"
            ),
        }
    }
}
