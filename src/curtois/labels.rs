//! French words of the Curtois & Qu importer: the parser's, the importer's and the
//! evaluator's messages.
//!
//! `curtois` is core and cannot import `crate::labels` (presentation), so its words live
//! here (as `crate::instance::labels` does for the instance). Only words live here; what
//! is a problem is decided in [`super::parse`], [`super::import`] and [`super::penalty`].

use std::fmt::Display;
use std::path::Path;

// ---- parse.rs ----

/// A file that could not be read.
pub(super) fn cannot_read(path: &Path, source: &dyn Display) -> String {
    format!(
        "impossible de lire le fichier {} : {source}",
        path.display()
    )
}

/// The context of the lines of `SECTION_SHIFT_ON_REQUESTS`.
pub(super) const SHIFT_ON_REQUEST: &str = "demande de poste";
/// The context of the lines of `SECTION_SHIFT_OFF_REQUESTS`.
pub(super) const SHIFT_OFF_REQUEST: &str = "demande de repos";

/// What was found: an empty field, or its text.
pub(super) fn found(text: &str) -> String {
    if text.is_empty() {
        "trouvé un champ vide".to_string()
    } else {
        format!("trouvé « {text} »")
    }
}

pub(super) fn unknown_section(name: &str, expected: &str) -> String {
    format!("section inconnue « {name} » (attendu : {expected})")
}

pub(super) fn section_reopened(name: &str, line: usize) -> String {
    format!("section « {name} » déjà ouverte ligne {line}")
}

pub(super) fn line_outside_sections(found: &str) -> String {
    format!("ligne de données hors de toute section, {found}")
}

pub(super) fn missing_section(name: &str) -> String {
    format!("section « {name} » manquante")
}

pub(super) fn wrong_arity(context: &str, n: usize, len: usize) -> String {
    format!("{context} : {n} champs attendus, trouvé {len}")
}

pub(super) fn not_a_number(context: &str, what: &str, found: &str) -> String {
    format!("{context} : entier positif ou nul attendu pour {what}, {found}")
}

pub(super) const THE_DAY: &str = "le jour";

pub(super) fn day_outside_horizon(context: &str, day: usize, last: usize) -> String {
    format!("{context} : jour {day} hors de l'horizon (0 à {last})")
}

pub(super) fn missing(context: &str, what: &str, found: &str) -> String {
    format!("{context} : {what} attendu, {found}")
}

pub(super) const SHIFT_ID: &str = "identifiant de type de poste";
pub(super) const STAFF_ID: &str = "identifiant d'effectif";

pub(super) fn unknown_shift_in(context: &str, id: &str) -> String {
    format!("{context} : type de poste inconnu « {id} »")
}

pub(super) fn unknown_staff_in(context: &str, id: &str) -> String {
    format!("{context} : effectif inconnu « {id} »")
}

pub(super) const HORIZON: &str = "horizon";
pub(super) const HORIZON_EMPTY: &str = "section « SECTION_HORIZON » vide : nombre de jours attendu";
pub(super) const HORIZON_ONE_LINE: &str = "horizon : une seule ligne attendue (le nombre de jours)";
pub(super) const THE_DAY_COUNT: &str = "le nombre de jours";

pub(super) fn horizon_not_weeks(days: usize) -> String {
    format!("horizon : multiple de 7 non nul attendu (l'horizon commence un lundi et compte des semaines entières), trouvé {days}")
}

pub(super) fn horizon_too_long(days: usize, max: usize) -> String {
    format!("horizon : {days} jours, au plus {max} (521 semaines, dix ans)")
}

pub(super) const SHIFT: &str = "type de poste";

pub(super) fn shift_context(id: &str) -> String {
    format!("type de poste « {id} »")
}

pub(super) fn already_defined(context: &str, previous: usize) -> String {
    format!("{context} : identifiant déjà défini ligne {previous}")
}

pub(super) const THE_MINUTES: &str = "la durée en minutes";
pub(super) const STAFF: &str = "effectif";

pub(super) fn staff_context(id: &str) -> String {
    format!("effectif « {id} »")
}

pub(super) const THE_MAX_TOTAL: &str = "la durée totale maximale";
pub(super) const THE_MIN_TOTAL: &str = "la durée totale minimale";
pub(super) const THE_MAX_RUN: &str = "le nombre maximal de postes consécutifs";
pub(super) const THE_MIN_RUN: &str = "le nombre minimal de postes consécutifs";
pub(super) const THE_MIN_REST: &str = "le nombre minimal de jours de repos consécutifs";
pub(super) const THE_MAX_WEEKENDS: &str = "le nombre maximal de week-ends";

pub(super) fn min_total_above_max(context: &str, min: u32, max: u32) -> String {
    format!("{context} : durée totale minimale {min} supérieure à la maximale {max}")
}

pub(super) fn min_run_above_max(context: &str, min: u32, max: u32) -> String {
    format!("{context} : nombre minimal de postes consécutifs {min} supérieur au maximal {max}")
}

pub(super) fn limit_expected(context: &str, found: &str) -> String {
    format!("{context} : « type=limite » attendu, {found}")
}

pub(super) fn limit_twice(context: &str, id: &str) -> String {
    format!("{context} : limite du type « {id} » donnée deux fois")
}

pub(super) const THE_LIMIT: &str = "la limite";
pub(super) const DAYS_OFF: &str = "jours de repos";

pub(super) fn days_off_context(id: &str) -> String {
    format!("jours de repos de « {id} »")
}

pub(super) fn days_off_again(context: &str, previous: usize) -> String {
    format!("{context} : déjà donnés ligne {previous}")
}

pub(super) fn request_context(context: &str, id: &str) -> String {
    format!("{context} de « {id} »")
}

pub(super) const THE_WEIGHT: &str = "le poids";
pub(super) const COVER: &str = "couverture";

pub(super) fn cover_context(day: usize, shift: &str) -> String {
    format!("couverture du jour {day}, poste « {shift} »")
}

pub(super) fn cover_again(context: &str, previous: usize) -> String {
    format!("{context} : déjà donnée ligne {previous}")
}

pub(super) const THE_REQUIREMENT: &str = "l'effectif souhaité";
pub(super) const THE_UNDER_WEIGHT: &str = "le poids du manque";
pub(super) const THE_OVER_WEIGHT: &str = "le poids de l'excès";
