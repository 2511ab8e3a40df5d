//! French words of `report.html` (`crate::html`): titles, headline figures, the grid's
//! marks, the charts' legends, and the progress line of the terminal.
//!
//! Only words live here; what the page shows is decided in `crate::html`.

use crate::instance::WishKind;
use crate::model::{Level, Stage};

/// The page's title, before the instance's name.
pub const TITLE: &str = "Tableau de garde";
/// Subtitle of a solved roster.
pub const SOLVED_BY: &str = "Tableau calculé par gardes et vérifié par son contrôleur indépendant";
/// Subtitle of a re-planned roster.
pub const REPLANNED_BY: &str =
    "Tableau replanifié par gardes et vérifié par son contrôleur indépendant";
/// Subtitle of a roster read from a file and checked.
pub const CHECKED_FILE: &str = "Vérification du tableau";
/// Subtitle of a roster after an exchange of duties.
pub const SWAPPED: &str = "Tableau après échange de gardes, vérifié par le contrôleur";

/// Headline card: required seats filled.
pub const CARD_FILLED: &str = "Gardes pourvues";
/// Headline card: required seats left empty.
pub const CARD_EMPTY: &str = "Non pourvues";
/// Under the empty seats when there are none.
pub const CARD_EMPTY_NONE: &str = "toutes les gardes ont un médecin";
/// Under the empty seats when there are some.
pub const CARD_EMPTY_SOME: &str = "en rouge dans le tableau";
/// Headline card: optional seats (MCS on-calls) filled.
pub const CARD_OPTIONAL: &str = "Astreintes facultatives (MCS)";
/// Headline card: population covered.
pub const CARD_POPULATION: &str = "Population à portée";
/// Headline card: wishes granted.
pub const CARD_WISHES: &str = "Souhaits accordés";
/// Headline card: the solver.
pub const CARD_SOLVER: &str = "Solveur";
/// Headline card: the checker's verdict.
pub const CARD_RULES: &str = "Règles";
/// The checker found nothing.
pub const RULES_OK: &str = "toutes respectées";
/// Headline card: duties changed by a re-planning.
pub const CARD_CHANGES: &str = "Gardes modifiées";

/// `optimal` as the headline says it.
pub const SOLVER_OPTIMAL: &str = "optimal";
/// Under `optimal`.
pub const SOLVER_OPTIMAL_NOTE: &str = "prouvé : aucun meilleur tableau n'existe";
/// Stopped at the time limit.
pub const SOLVER_TIME_LIMIT: &str = "limite de temps";
/// Stopped by Ctrl-C.
pub const SOLVER_INTERRUPTED: &str = "interrompu";
/// The solver box when the work limit stopped the solve.
pub const SOLVER_WORK_LIMIT: &str = "limite de travail";

/// Section: empty seats.
pub const UNCOVERED_TITLE: &str = "Gardes non pourvues";
/// Section: broken rules.
pub const VIOLATIONS_TITLE: &str = "Règles enfreintes";
/// Section: the grid.
pub const GRID_TITLE: &str = "Tableau";
/// Section: loads.
pub const LOADS_TITLE: &str = "Charge par praticien : réalisé et cible, par catégorie";
/// Under the loads' title.
pub const LOADS_INTRO: &str = "La barre est le nombre de gardes tenues dans la catégorie ; le trait noir est la cible (quote-part des gardes ouvertes au praticien, corrigée de l'historique). Barre et trait proches : la charge est équitable.";
/// Section: wishes.
pub const WISHES_TITLE: &str = "Souhaits";
/// Section: MCS coverage.
pub const POPULATION_TITLE: &str = "Couverture de la population par les MCS";
/// Section: the solver.
pub const SOLVER_TITLE: &str = "Résolution";
/// Section: the checker's figures of a checked roster.
pub const CHECKER_TITLE: &str = "Contrôle";
/// Section: a re-planning's changes.
pub const REPLAN_TITLE: &str = "Replanification";

/// Column of the grid: the date.
pub const GRID_DATE: &str = "Date";
/// An empty required seat in the grid.
pub const NOT_FILLED: &str = "non pourvu";
/// An empty optional seat in the grid.
pub const FREE: &str = "libre";
/// Legend of the grid.
pub const LEGEND_WEEKEND: &str = "week-end";
/// Legend of the grid.
pub const LEGEND_HOLIDAY: &str = "jour férié";
/// Legend of the grid.
pub const LEGEND_BRIDGE: &str = "pont";
/// Legend of the grid: an empty seat.
pub const LEGEND_UNCOVERED: &str = "garde non pourvue";
/// Legend of the grid: an empty optional seat.
pub const LEGEND_FREE: &str = "astreinte facultative libre";
/// Legend of the grid: a seat given to someone else by a re-planning.
pub const LEGEND_CHANGED: &str = "changé par la replanification";
/// Legend of the grid: the time tags.
pub const LEGEND_PERIODS: &str = "Créneaux";
/// Legend of the grid: the names.
pub const LEGEND_NAMES: &str = "Noms courts : voir la charge par praticien.";

/// Column of the loads.
pub const PRACTITIONER: &str = "Praticien";
/// Column of the loads.
pub const SHARE: &str = "Quote-part";
/// Column of the loads.
pub const DUTIES: &str = "Gardes";
/// Column of the loads, when someone pledged: duties held / pledged.
pub const PLEDGED: &str = "Engagées";
/// Title of that column.
pub const PLEDGED_TITLE: &str = "gardes tenues / gardes promises (engagement)";
/// Column of the loads.
pub const HOURS: &str = "Heures";
/// Column of the loads: round-trip kilometres travelled.
pub const KM: &str = "Km";
/// Section: the posts' holders (travel and continuity).
pub const POSTS_TITLE: &str = "Médecins par poste";
/// Under the posts' title: the kilometres in all.
pub fn posts_intro(km: &str) -> String {
    format!("Kilomètres parcourus, allers-retours du domicile au poste : {km} km.")
}
/// Columns of the posts' holders.
pub const POSTS_HEADER: [&str; 4] = [
    "Poste",
    "Places pourvues",
    "Places vides",
    "Médecins différents",
];
/// Legend of the loads' bars.
pub const LEGEND_LOAD: &str = "barre : réalisé";
/// Legend of the loads' target mark.
pub const LEGEND_TARGET: &str = "trait : cible";
/// Legend: a load clearly above target.
pub const LEGEND_OVER: &str = "au-dessus de la cible (de plus d'une garde et de 10 %)";
/// Legend: a load clearly below target.
pub const LEGEND_UNDER: &str = "en dessous de la cible (de plus d'une garde et de 10 %)";

/// Column of the wishes.
pub const WISHES_HEADER: [&str; 4] = ["Praticien", "Souhaits", "Accordés", "Refusés"];
/// No wish in the instance.
pub const NO_WISHES: &str = "Aucun souhait dans l'instance.";
/// Every wish granted.
pub const ALL_WISHES_GRANTED: &str = "Tous les souhaits sont accordés.";
/// Column of combined duties in the wishes' table.
pub const COMBINED_HEADER: &str = "Cumuls";

/// `312 cumuls (deux postes tenus en même temps, comptés avec les souhaits).`
pub fn combined_line(n: usize) -> String {
    format!(
        "{n} cumul{} : deux postes cumulables tenus en même temps (une PDSA et l'astreinte MCS autour), pénalisés avec les souhaits refusés.",
        plural(n)
    )
}

/// Heat map's title.
pub const HEATMAP_TITLE: &str =
    "Part de la population à portée (SMUR ou MCS d'astreinte), par jour et par heure";
/// Heat map's note.
pub const HEATMAP_NOTE: &str = "Chaque colonne est une journée de garde, de 8 h au lendemain 8 h ; en blanc, les heures sans astreinte MCS.";
/// Heat map legend: the bottom of the scale.
pub const HEATMAP_SMUR_ONLY: &str = "SMUR seul";
/// The per-period table.
pub const POPULATION_PERIOD_HEADER: [&str; 4] =
    ["Créneau MCS", "Heures", "SMUR seul", "Avec les MCS"];
/// The whole horizon in that table.
pub const POPULATION_TOTAL: &str = "Trimestre";
/// Places left beyond the threshold longest.
pub const POPULATION_PLACES: &str = "Communes le plus longtemps hors de portée";
/// Header of the places.
pub const POPULATION_PLACES_HEADER: [&str; 3] = ["Commune", "Habitants", "Heures hors de portée"];

/// Solver table header (no times: the page is the same for the same roster).
pub const LEVEL_HEADER: [&str; 5] = ["Niveau", "Statut", "Valeur", "Borne", "Écart"];
/// A label and its value.
pub const SOLVER_VERSION: &str = "Solveur";
/// A label and its value.
pub const MODEL: &str = "Modèle";

/// The checked file.
pub const CHECKED: &str = "Fichier vérifié";

/// The short reason of an uncovered run (the whole one is in `uncovered.csv`).
pub fn reason_short(reason: &str, binding: Option<&str>) -> &'static str {
    match (reason, binding) {
        ("nobody_qualified", _) => "personne n'est qualifié pour ce poste",
        ("all_unavailable", _) => "tous les praticiens qualifiés sont indisponibles",
        (_, Some("maxima")) => "les maximums de chacun sont atteints",
        (_, Some("rest_or_spacing")) => "repos ou espacement entre gardes",
        (_, Some("already_on_duty")) => "tous déjà de garde ailleurs",
        (_, Some("bundle")) => "week-end à tenir en entier",
        _ => "plusieurs règles s'y opposent",
    }
}

/// Under the population share: the threshold and the SMUR bases' share alone.
pub fn population_note(threshold_minutes: u32, smur_share: &str) -> String {
    format!(
        "à {threshold_minutes} min avec les MCS ; {smur_share} % {}",
        crate::labels::report::POPULATION_SMUR
    )
}

/// The solver's version and options.
pub fn solver_line(solver: &str, threads: u32, seed: u32, time_limit: &str) -> String {
    format!(
        "{SOLVER_VERSION} : {solver}, {threads} fil{}, graine {seed}, limite de temps {time_limit} s.",
        if threads > 1 { "s" } else { "" }
    )
}

/// The model's size.
pub fn model_line(variables: usize, binaries: usize, constraints: usize) -> String {
    format!("{MODEL} : {variables} variables ({binaries} binaires), {constraints} contraintes.")
}

/// A refused wish's weight.
pub fn weight(w: u32) -> String {
    format!("(poids {w})")
}

/// What a re-planning changed, in one sentence.
pub fn replan_line(
    from: Option<chrono::NaiveDate>,
    changed: usize,
    lost: usize,
    gained: usize,
    kept: usize,
) -> String {
    let before = from.map_or_else(String::new, |d| {
        format!(
            "Gardes inchangées avant le {} ; ",
            crate::labels::export::long_date(d)
        )
    });
    format!(
        "{before}{changed} garde{} modifiée{}, {lost} place{} retirée{} à {} titulaire, \
         {gained} place{} attribuée{} à un nouveau, {kept} place{} conservée{}.",
        plural(changed),
        plural(changed),
        plural(lost),
        plural(lost),
        if lost > 1 { "leur" } else { "son" },
        plural(gained),
        plural(gained),
        plural(kept),
        plural(kept),
    )
}

/// Under the count of changed duties: from when.
pub fn replan_from(from: Option<chrono::NaiveDate>) -> String {
    from.map_or_else(String::new, |d| {
        format!("à partir du {}", crate::labels::export::long_date(d))
    })
}

/// `3 souhaits refusés sur 40`.
pub fn wishes_line(granted: usize, total: usize) -> String {
    let refused = total - granted.min(total);
    format!(
        "{granted} accordé{} et {refused} refusé{} sur {total} souhait{}.",
        plural(granted),
        plural(refused),
        plural(total)
    )
}

/// `pas de garde` / `de garde`, the direction of a wish.
pub fn wish_kind(kind: WishKind) -> &'static str {
    match kind {
        WishKind::Off => "pas de garde",
        WishKind::On => "de garde",
    }
}

/// `3 règles enfreintes`.
pub fn rules_broken(n: usize) -> String {
    format!("{n} enfreinte{}", plural(n))
}

/// `12 / 11,8` under a bar.
pub fn load_target(load: u32, target: &str) -> String {
    format!("{load} / {target}")
}

/// The month caption of a grid table (`janvier 2027`).
pub fn month_caption(month: u32, year: i32) -> String {
    format!("{} {year}", crate::labels::calendar::month_name(month))
}

/// The hours of a grid line of several days, from its start on the row's date to its
/// end on another: `8h → sam. 09 12h`.
pub fn span_tag(start: &str, end_weekday: chrono::Weekday, end_day: u32, end: &str) -> String {
    format!("{start}h → {} {end_day:02} {end}h", day_short(end_weekday))
}

/// What a cell shows on the later dates of a duty of several days: `↳ Martin`, the
/// holders again, muted.
pub const CONTINUED: &str = "↳";

/// `lun. 04` in the date column.
pub fn day_short(weekday: chrono::Weekday) -> &'static str {
    use chrono::Weekday;
    match weekday {
        Weekday::Mon => "lun.",
        Weekday::Tue => "mar.",
        Weekday::Wed => "mer.",
        Weekday::Thu => "jeu.",
        Weekday::Fri => "ven.",
        Weekday::Sat => "sam.",
        Weekday::Sun => "dim.",
    }
}

/// The name of a group of grid columns from the kinds of its posts.
pub fn kind_group(kind: crate::instance::PostKind) -> &'static str {
    use crate::instance::PostKind;
    match kind {
        PostKind::Pdsa => "secteurs PDSA",
        PostKind::McsZone => "zones MCS",
        PostKind::Mmg => "maison médicale de garde",
        PostKind::MobileDoctor => "médecin mobile",
        PostKind::PhysioWeekend => "kinésithérapie respiratoire",
        PostKind::Other => "autres postes",
    }
}

/// The progress line's words: the stage.
pub fn stage(stage: Stage) -> &'static str {
    match stage {
        Stage::WarmStart => "départ",
        Stage::Level(Level::CoverageFairness) => "couverture et équité",
        Stage::Level(Level::Coverage) => "couverture",
        Stage::Level(Level::Seats) => "places vides",
        Stage::Level(Level::Optional) => "astreintes facultatives",
        Stage::Level(Level::Changes) => "changements",
        Stage::Level(Level::Fairness) => "équité",
        Stage::Level(Level::Preferences) => "souhaits",
        Stage::Level(Level::Weighted) => "niveau",
    }
}

/// The progress line's words.
pub const PROGRESS_LOCAL_SEARCH: &str = "recherche locale";
/// The progress line's words.
pub const PROGRESS_BEST: &str = "meilleur";
/// The progress line's words.
pub const PROGRESS_BOUND: &str = "borne";
/// The progress line's words.
pub const PROGRESS_GAP: &str = "écart";
/// The progress line before any roster.
pub const PROGRESS_SEARCHING: &str = "en cours…";
/// The progress line before the solver starts.
pub const PROGRESS_PREPARING: &str = "préparation du modèle…";
/// The progress line while the what-if hints are solved.
pub const PROGRESS_HINTS: &str = "recherche de pistes pour les gardes non pourvues…";

fn plural(n: usize) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}
