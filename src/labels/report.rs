//! French labels of the summary (summary.md) and of the solve's terminal output.

/// Title of summary.md.
pub const TITLE: &str = "Tableau de garde";
/// "Status".
pub const STATUS: &str = "Statut";
/// Proven optimal.
pub const STATUS_OPTIMAL: &str = "optimal (prouvé)";
/// Stopped at the time limit.
pub const STATUS_TIME_LIMIT: &str = "arrêté à la limite de temps, meilleur tableau trouvé";
/// Short forms for the table of levels.
pub const STATUS_OPTIMAL_SHORT: &str = "optimal";
/// Short form of the time-limit status.
pub const STATUS_TIME_LIMIT_SHORT: &str = "limite de temps";
/// "Coverage".
pub const COVERAGE: &str = "Places pourvues";
/// "Uncovered seats".
pub const UNCOVERED: &str = "Places non pourvues";
/// The fairness level.
pub const FAIRNESS: &str = "Équité (écarts pondérés aux cibles + pire surcharge)";
/// The preference level.
pub const PREFERENCES: &str = "Souhaits non satisfaits et cumuls (pénalité)";
/// The swap search on wishes after the solver.
pub const PREFERENCE_SEARCH: &str =
    "Échanges de gardes à charge égale pour les souhaits (pénalité avant → après)";
/// Gap of the coverage and fairness level.
pub const GAP: &str = "Écart à la borne (couverture et équité)";
/// "Solve time".
pub const TIME: &str = "Temps de résolution";
/// "Model".
pub const MODEL: &str = "Modèle";
/// Section of the levels.
pub const LEVELS: &str = "Objectif lexicographique";
/// Columns of the table of levels.
pub const LEVEL_HEADER: [&str; 6] = ["Niveau", "Statut", "Valeur", "Borne", "Écart", "Temps (s)"];
/// Section of the uncovered duties.
pub const UNCOVERED_TITLE: &str = "Gardes non pourvues";
/// Section of the loads.
pub const LOADS_TITLE: &str = "Charge par praticien (réalisé / cible)";
/// Column: practitioner.
pub const PRACTITIONER: &str = "Praticien";
/// Column: share.
pub const SHARE: &str = "Quote-part";
/// Column: duties.
pub const DUTIES: &str = "Gardes";
/// Column: hours.
pub const HOURS: &str = "Heures";
/// Suffix of a category column.
pub const LOAD_TARGET: &str = "réalisé / cible";

/// French name of an objective level.
pub fn level_name(name: &str) -> &'static str {
    match name {
        "coverage_fairness" => "1. Couverture puis équité (W × places vides + écarts)",
        "coverage" => "1. Couverture (W × places vides + perte de population couverte, ‰)",
        "fairness" => "2. Équité (écarts pondérés + pire surcharge)",
        "preferences" => "Souhaits et cumuls",
        "warm_start" => "0. Départ : gardes obligatoires et équité, astreintes facultatives à zéro",
        _ => "niveau",
    }
}

/// Line: optional seats (MCS on-calls and other optional posts).
pub const OPTIONAL_SEATS: &str = "Astreintes facultatives pourvues (MCS…)";
/// Section of population coverage.
pub const POPULATION_TITLE: &str = "Couverture de la population";
/// Population within the threshold of a SMUR base.
pub const POPULATION_SMUR: &str = "à portée d'un SMUR seul";
/// Population within the threshold with the MCS on duty.
pub const POPULATION_WITH_MCS: &str = "avec les MCS d'astreinte";
/// Columns of the per-period table.
pub const POPULATION_PERIOD_HEADER: [&str; 4] =
    ["Période MCS", "Heures", "SMUR seul", "SMUR + MCS"];
/// Section of the worst places.
pub const POPULATION_PLACES_TITLE: &str =
    "Communes les moins couvertes (habitants × heures hors délai)";
/// Columns of the worst places.
pub const POPULATION_PLACES_HEADER: [&str; 4] = [
    "Commune",
    "Habitants",
    "Heures hors délai",
    "Habitants × heures",
];
/// Section of the best extra volunteer-periods.
pub const POPULATION_EXTRA_TITLE: &str = "Astreinte MCS supplémentaire la plus utile";
/// Columns of the best extra volunteer-periods.
pub const POPULATION_EXTRA_HEADER: [&str; 5] = [
    "Volontaire",
    "Astreinte",
    "Date",
    "Gain (habitants × heures)",
    "Compatible avec ses gardes",
];
