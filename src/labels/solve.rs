//! The French of the solver: its failures (`solve::SolveError`) and the local search's
//! `--verbose` log line (`solve::LnsStep`). The solver, in the optimise layer, returns
//! data; the words are here.

use std::fmt;

use crate::solve::{HighsFailure, LnsStep, SolveError};

impl fmt::Display for SolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SolveError::Highs(failure) => write!(f, "HiGHS a échoué : {failure}"),
            SolveError::Infeasible(stage) => write!(
                f,
                "HiGHS déclare le modèle infaisable au niveau « {stage} » : aucun tableau ne respecte toutes les règles (minimums de temps de travail, de jours consécutifs ou de repos impossibles à tenir avec les disponibilités ?) ; sans ces minimums, c'est un défaut de gardes, merci de le signaler avec le fichier d'instance"
            ),
            SolveError::NoSolution(stage) => write!(
                f,
                "aucune solution trouvée au niveau « {stage} » dans le temps imparti"
            ),
        }
    }
}

impl fmt::Display for HighsFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HighsFailure::Option { key, detail } => write!(f, "option {key} : {detail}"),
            HighsFailure::TooManyColumns => f.write_str("trop de colonnes"),
            HighsFailure::Column(col) => write!(f, "colonne {col} non modifiable"),
            HighsFailure::Bounds => f.write_str("bornes non modifiables"),
            HighsFailure::StartRefused => f.write_str("solution initiale refusée"),
            HighsFailure::StartIncomplete => f.write_str("solution initiale incomplète"),
            HighsFailure::Other(text) => f.write_str(text),
        }
    }
}

impl fmt::Display for LnsStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "LNS {} : forme {}, part {:.3}, {} binaires libres, prouvé {}, meilleur {}",
            self.iteration, self.shape, self.fraction, self.free, self.proved, self.best
        )
    }
}
