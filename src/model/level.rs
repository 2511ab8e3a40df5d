//! What a level of the lexicographic objective is ([`Level`]), and what the solver
//! runs ([`Stage`]: the levels, and the warm start before them).
//!
//! The model builds its levels from these kinds, the solver reports each stage by
//! kind, `plan` compares the solver's and the checker's values kind by kind, and the
//! reports name them: `as_str` is the stable English word of summary.json, the French
//! words are in `labels`.

use serde::{Serialize, Serializer};

/// One kind of level of the objective (docs/model.md, "Objective levels").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// `W × weighted empty required seats + F`: coverage and fairness together, the
    /// first level without optional seats.
    CoverageFairness,
    /// `W × weighted empty required seats + U`, U the optional loss (empty optional
    /// seats and population not covered, per mille; 0 without): the first level with
    /// optional seats, or of a re-planning.
    Coverage,
    /// The weighted empty required seats alone (`W = 1`): the first level split above
    /// [`crate::model::SPLIT_THRESHOLD`].
    Seats,
    /// The optional loss U alone, after [`Level::Seats`] when the first level is split.
    Optional,
    /// A re-planning's seats that change hands from the published roster (weighted).
    Changes,
    /// Fairness F (weighted deviations from the targets plus the worst overload).
    Fairness,
    /// Refused wishes and combined duties P, plus the over-cover costs.
    Preferences,
    /// The one weighted sum of `[objective] mode = "weighted"`.
    Weighted,
}

impl Level {
    /// Stable English word (summary.json, error messages).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::CoverageFairness => "coverage_fairness",
            Level::Coverage => "coverage",
            Level::Seats => "seats",
            Level::Optional => "optional",
            Level::Changes => "changes",
            Level::Fairness => "fairness",
            Level::Preferences => "preferences",
            Level::Weighted => "weighted",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Level {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A stage the solver runs: the warm start (with optional seats, before the levels;
/// see [`crate::model::WarmStart`]), or one level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Required seats and fairness with the optional binaries at 0: no level of the
    /// objective, only its roster matters.
    WarmStart,
    /// A level of the objective.
    Level(Level),
}

impl Stage {
    /// Stable English word (summary.json, error messages): `warm_start` or the level's.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::WarmStart => "warm_start",
            Stage::Level(level) => level.as_str(),
        }
    }

    /// The level, unless this is the warm start.
    pub fn level(self) -> Option<Level> {
        match self {
            Stage::WarmStart => None,
            Stage::Level(level) => Some(level),
        }
    }
}

impl From<Level> for Stage {
    fn from(level: Level) -> Self {
        Stage::Level(level)
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Stage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
