//! French labels of the summary (summary.md) and of the solve's terminal output.

use crate::model::{Level, Stage};

/// Title of summary.md.
pub const TITLE: &str = "Tableau de garde";
/// "Status".
pub const STATUS: &str = "Statut";
/// Proven optimal.
pub const STATUS_OPTIMAL: &str = "optimal (prouvé)";
/// Stopped at the time limit.
pub const STATUS_TIME_LIMIT: &str = "arrêté à la limite de temps, meilleur tableau trouvé";
/// Stopped on request (Ctrl-C).
pub const STATUS_INTERRUPTED: &str = "interrompu (Ctrl-C), meilleur tableau trouvé";
/// Short form of the interrupted status.
pub const STATUS_INTERRUPTED_SHORT: &str = "interrompu";
/// "gap" after a stopped status.
pub const GAP_SHORT: &str = "écart à la borne";
/// The gap when no bound is known.
pub const GAP_UNKNOWN: &str = "inconnu, aucune borne";
/// Short forms for the table of levels.
pub const STATUS_OPTIMAL_SHORT: &str = "optimal";
/// Short form of the time-limit status.
pub const STATUS_TIME_LIMIT_SHORT: &str = "limite de temps";
/// Stopped at the work limit (`--work-limit`).
pub const STATUS_WORK_LIMIT: &str =
    "arrêté à la limite de travail, meilleur tableau trouvé (le même sur toute machine)";
/// Short form of the work-limit status.
pub const STATUS_WORK_LIMIT_SHORT: &str = "limite de travail";

/// Title of the section of summary.md on what the solver proved.
pub const PROOF_TITLE: &str = "Ce que le solveur a prouvé";
/// Its columns.
pub const PROOF_HEADER: [&str; 4] = ["Mesure", "Tableau", "Meilleur possible", "Prouvé"];
/// No bound known.
pub const PROOF_UNKNOWN: &str = "inconnu";
/// Proven.
pub const PROOF_YES: &str = "oui";
/// Not proven, and no bound.
pub const PROOF_NO: &str = "non";

/// A figure of the proof, named (`summary.json`'s `proof[].figure`).
pub fn proof_figure(figure: &str) -> &'static str {
    match figure {
        "empty_seats" => "Places requises non pourvues",
        "population_share" => "Population à portée pendant les astreintes MCS",
        "optional_loss" => "Perte sur les places facultatives (‰)",
        "fairness" => "Équité (points)",
        "preferences" => "Souhaits non satisfaits et cumuls (points)",
        "changes" => "Changements pondérés",
        _ => "Pénalité",
    }
}

/// Not proven: the distance to the best possible cost, absolute and relative.
pub fn proof_distance(distance: f64, value: f64) -> String {
    let relative = if value.abs() > 1e-9 {
        distance / value.abs() * 100.0
    } else {
        0.0
    };
    format!(
        "non (écart {} ; {} %)",
        format!("{distance:.1}").replace('.', ","),
        format!("{relative:.1}").replace('.', ",")
    )
}

/// Not proven: the distance to the best possible share, in percentage points.
pub fn proof_distance_points(points: f64) -> String {
    format!(
        "non (écart {} point{})",
        format!("{points:.1}").replace('.', ","),
        if points >= 2.0 { "s" } else { "" }
    )
}

/// The status of a stopped solve or level (`summary.json`'s `status`), in full.
pub fn stopped_status(status: &str) -> &'static str {
    match status {
        "interrupted" => STATUS_INTERRUPTED,
        "work_limit" => STATUS_WORK_LIMIT,
        _ => STATUS_TIME_LIMIT,
    }
}

/// The status of a level (`summary.json`'s `status`), short, for the tables of levels.
pub fn status_short(status: &str) -> &'static str {
    match status {
        "optimal" => STATUS_OPTIMAL_SHORT,
        "interrupted" => STATUS_INTERRUPTED_SHORT,
        "work_limit" => STATUS_WORK_LIMIT_SHORT,
        _ => STATUS_TIME_LIMIT_SHORT,
    }
}
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
/// Column: duties held / pledged, when someone pledged.
pub const PLEDGED: &str = "Engagées (tenues / promises)";
/// Column: hours.
pub const HOURS: &str = "Heures";
/// Suffix of a category column.
pub const LOAD_TARGET: &str = "réalisé / cible";
/// Column: round-trip kilometres travelled.
pub const KM: &str = "Km";
/// The kilometres travelled in all, and their cost.
pub const TRAVEL: &str = "Kilomètres parcourus (allers-retours)";
/// The cost of the distinct holders of the posts with a continuity weight.
pub const CONTINUITY: &str = "Continuité (pénalité des médecins différents par poste)";
/// Section of the posts' holders.
pub const POSTS_TITLE: &str = "Médecins par poste";
/// Columns of the posts' holders.
pub const POSTS_HEADER: [&str; 4] = [
    "Poste",
    "Places pourvues",
    "Places vides",
    "Médecins différents",
];

/// French name of a stage of the solve: an objective level, or the warm start.
pub fn level_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Level(Level::CoverageFairness) => {
            "1. Couverture puis équité (W × places vides + écarts)"
        }
        Stage::Level(Level::Coverage) => {
            "1. Couverture (W × places vides + perte de population couverte, ‰)"
        }
        Stage::Level(Level::Seats) => {
            "1. Couverture (places vides pondérées, niveau à part : instance de grande taille)"
        }
        Stage::Level(Level::Optional) => {
            "1 bis. Perte de population couverte et astreintes facultatives vides (‰)"
        }
        Stage::Level(Level::Changes) => {
            "1 bis. Changements par rapport au tableau publié (pondérés)"
        }
        Stage::Level(Level::Fairness) => "2. Équité (écarts pondérés + pire surcharge)",
        Stage::Level(Level::Preferences) => "Souhaits et cumuls",
        Stage::Level(Level::Weighted) => "niveau",
        Stage::WarmStart => {
            "0. Départ : gardes obligatoires et équité, astreintes facultatives à zéro"
        }
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

/// Section of the what-if hints.
pub const HINTS_TITLE: &str = "Pistes pour pourvoir les places vides";
/// Under the hints' title: how they were found.
pub const HINTS_INTRO: &str = "Chaque piste est un seul changement demandé à un praticien ; le solveur a cherché, avec ce changement, le tableau le plus proche de l'actuel qui laisse le moins de places vides (équité mise de côté), et compté les places pourvues.";
/// A hint that fills the only empty seat.
pub const ONLY_SEAT_FILLED: &str = "la seule place vide pourvue";
/// Before the seats a hint's roster leaves empty in exchange.
pub const HINT_GIVEN_UP: &str = "en échange, laissées vides";
/// After a hint whose gain may come partly from the search.
pub const HINT_NOT_PROVEN: &str = "le tableau actuel n'étant pas prouvé optimal, une partie du gain peut venir de la recherche elle-même";

/// One date range of a run of uncovered duties (`le 3 février 2027`, `du 3 au 7
/// février 2027`, `du 30 janvier au 2 février 2027`).
pub fn date_range(first: chrono::NaiveDate, last: chrono::NaiveDate) -> String {
    use chrono::Datelike as _;
    let day = |d: chrono::NaiveDate| match d.day() {
        1 => "1er".to_owned(),
        n => n.to_string(),
    };
    let month = |d: chrono::NaiveDate| super::calendar::month_name(d.month());
    if first == last {
        format!("le {} {} {}", day(first), month(first), first.year())
    } else if (first.year(), first.month()) == (last.year(), last.month()) {
        format!(
            "du {} au {} {} {}",
            day(first),
            day(last),
            month(last),
            last.year()
        )
    } else if first.year() == last.year() {
        format!(
            "du {} {} au {} {} {}",
            day(first),
            month(first),
            day(last),
            month(last),
            last.year()
        )
    } else {
        format!(
            "du {} {} {} au {} {} {}",
            day(first),
            month(first),
            first.year(),
            day(last),
            month(last),
            last.year()
        )
    }
}

/// Dates in running text, grouped by month: `3, 10 et 17 février 2027`,
/// `30 janvier et 2 février 2027`.
pub fn dates_text(dates: &[chrono::NaiveDate]) -> String {
    use chrono::Datelike as _;
    let mut groups: Vec<(i32, u32, Vec<String>)> = Vec::new();
    for d in dates {
        let day = match d.day() {
            1 => "1er".to_owned(),
            n => n.to_string(),
        };
        match groups.last_mut() {
            Some((y, m, days)) if (*y, *m) == (d.year(), d.month()) => days.push(day),
            _ => groups.push((d.year(), d.month(), vec![day])),
        }
    }
    let last_year = groups.last().map(|g| g.0);
    let parts: Vec<String> = groups
        .iter()
        .map(|(y, m, days)| {
            let days = super::check::and_list(days);
            if Some(*y) == last_year {
                format!("{days} {}", super::calendar::month_name(*m))
            } else {
                format!("{days} {} {y}", super::calendar::month_name(*m))
            }
        })
        .collect();
    match last_year {
        Some(y) => format!("{} {y}", super::check::and_list(&parts)),
        None => String::new(),
    }
}

/// `1 place vide`, `5 places vides`.
pub fn empty_seats(n: u32) -> String {
    if n > 1 {
        format!("{n} places vides")
    } else {
        format!("{n} place vide")
    }
}

/// The words of one limit a hint raises.
pub fn limit_name(limit: crate::whatif::Limit, period_label: &str) -> String {
    use crate::whatif::Limit;
    match limit {
        Limit::PerWeek => "maximum par semaine".to_owned(),
        Limit::PerMonth => "maximum par mois".to_owned(),
        Limit::PerHorizon => "maximum sur la période".to_owned(),
        Limit::Weekends => "maximum de week-ends".to_owned(),
        Limit::PerPeriod(_) => format!("maximum de gardes « {period_label} »"),
        Limit::Minutes => "maximum de temps de travail (minutes)".to_owned(),
        Limit::ConsecutiveDays => "maximum de jours consécutifs".to_owned(),
    }
}

/// One limit a hint raises: `le maximum par semaine de 2 à 3`.
pub fn raise_limit(limit: crate::whatif::Limit, period_label: &str, from: u32, to: u32) -> String {
    format!("le {} de {from} à {to}", limit_name(limit, period_label))
}

/// A hint that raises limits of a practitioner (`limits` already joined).
pub fn hint_raise(name: &str, id: &str, limits: &str) -> String {
    format!("Relever pour {name} ({id}) {limits}")
}

/// A hint that frees a practitioner from one duty (`when` a [`date_range`]).
pub fn hint_free(name: &str, id: &str, post: &str, period: &str, when: &str) -> String {
    format!("Si {name} ({id}) se libérait pour la garde {post} – {period} {when}")
}

/// What a hint fills when the roster has several empty seats: `gained` of the
/// `before` empty seats, at `wheres`; starts with ` : `.
pub fn hint_filled(gained: u32, before: u32, wheres: &str) -> String {
    format!(
        " : {} des {} pourvue{} ({})",
        gained,
        empty_seats(before),
        if gained > 1 { "s" } else { "" },
        wheres
    )
}

/// The population line of summary.md's figures (the numbers already formatted).
pub fn population_line(
    threshold_minutes: u32,
    mcs_hours: &str,
    share_without_mcs: &str,
    share_with_mcs: &str,
) -> String {
    format!(
        "- {} à {} min ({} h d'astreinte MCS) : {} % {}, {} % {}",
        POPULATION_TITLE,
        threshold_minutes,
        mcs_hours,
        share_without_mcs,
        POPULATION_SMUR,
        share_with_mcs,
        POPULATION_WITH_MCS
    )
}

/// The model line of summary.md's figures.
pub fn model_line(
    variables: usize,
    binaries: usize,
    constraints: usize,
    nonzeros: usize,
) -> String {
    format!(
        "- {} : {} variables ({} binaires), {} contraintes, {} non-zéros\n",
        MODEL, variables, binaries, constraints, nonzeros
    )
}

/// Title of the population section of summary.md.
pub fn population_section(threshold_minutes: u32) -> String {
    format!("{POPULATION_TITLE} à {threshold_minutes} minutes")
}
