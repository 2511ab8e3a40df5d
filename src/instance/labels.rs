//! French words of the instance file's diagnostics: what is wrong and how to fix it.
//!
//! The instance is core and cannot import `crate::labels` (presentation), so its words
//! live here, beside the checks of [`super::validate`] (as `crate::desiderata::labels`
//! does for the sheets). Only words live here; what is a problem is decided there.

use std::fmt::Display;

use super::diagnostic::codes;

/// The nouns of one kind of id, for messages.
pub(super) struct IdKind {
    /// `période`.
    pub(super) noun: &'static str,
    /// `périodes déclarées`.
    pub(super) declared: &'static str,
    /// `aucune période n'est déclarée`.
    pub(super) none: &'static str,
    /// `inconnue`.
    pub(super) unknown: &'static str,
    /// `déclarée`.
    pub(super) declared_one: &'static str,
    /// The code of a reference to an undeclared id.
    pub(super) code_unknown: &'static str,
    /// An example `id = ...` line for a missing id.
    pub(super) example: &'static str,
}

pub(super) const PERIOD: IdKind = IdKind {
    noun: "période",
    declared: "périodes déclarées",
    none: "aucune période n'est déclarée",
    unknown: "inconnue",
    declared_one: "déclarée",
    code_unknown: codes::UNKNOWN_PERIOD,
    example: "id = \"nuit\"",
};
pub(super) const POST: IdKind = IdKind {
    noun: "poste",
    declared: "postes déclarés",
    none: "aucun poste n'est déclaré",
    unknown: "inconnu",
    declared_one: "déclaré",
    code_unknown: codes::UNKNOWN_POST,
    example: "id = \"mende\"",
};
pub(super) const PRACTITIONER: IdKind = IdKind {
    noun: "praticien",
    declared: "praticiens déclarés",
    none: "aucun praticien n'est déclaré",
    unknown: "inconnu",
    declared_one: "déclaré",
    // No table refers to a practitioner, so this code is never emitted.
    code_unknown: codes::MISSING_KEY,
    example: "id = \"d01\"",
};
pub(super) const CATEGORY: IdKind = IdKind {
    noun: "catégorie",
    declared: "catégories",
    none: "aucune catégorie n'est définie",
    unknown: "inconnue",
    declared_one: "déclarée",
    code_unknown: codes::UNKNOWN_CATEGORY,
    example: "id = \"weekend\"",
};

/// French words a coordinator may write for a day kind, with the file's English word.
pub(super) const FRENCH_DAY_KINDS: [(&str, &str); 9] = [
    ("semaine", "weekday"),
    ("samedi", "saturday"),
    ("dimanche", "sunday"),
    ("ferie", "holiday"),
    ("férié", "holiday"),
    ("jour_ferie", "holiday"),
    ("jour férié", "holiday"),
    ("pont", "bridge"),
    ("jour_de_pont", "bridge"),
];

// -- Demand above the candidates (a warning) ------------------------------------------

/// A demand above the practitioners who can hold the post, and the help.
pub(super) fn demand_above_candidates(post: &str, n: i64, candidates: usize) -> (String, String) {
    let who = match candidates {
        0 => "aucun praticien ne peut tenir ce poste".to_owned(),
        1 => "un seul praticien peut tenir ce poste".to_owned(),
        c => format!("au plus {c} praticiens peuvent tenir ce poste"),
    };
    (
        format!(
            "poste \"{post}\" : demande {n}, or {who} (ceux qui le listent et en ont les qualifications) ; les places au-delà resteront vides"
        ),
        "vérifiez la demande (faute de frappe ?) ; les places vides figurent dans uncovered.csv"
            .to_owned(),
    )
}

// -- The file ------------------------------------------------------------------------

/// A file that is not UTF-8, at its first invalid byte.
pub(super) fn not_utf8(byte: u8) -> String {
    format!("le fichier n'est pas en UTF-8 : octet 0x{byte:02X} invalide")
}

/// How to fix a file that is not UTF-8.
pub(super) const NOT_UTF8_HELP: &str =
    "enregistrez le fichier en UTF-8 (Latin-1 et Windows-1252 ne sont pas acceptés)";

/// A required key is missing from a table.
pub(super) fn missing_key(owner: &str, key: &str) -> String {
    format!("{owner} : clé \"{key}\" manquante")
}

/// The help of a missing key: an example line.
pub(super) fn for_example(example: &str) -> String {
    format!("attendu par exemple : {example}")
}

/// An unknown `[objective] mode`.
pub(super) fn unknown_objective_mode(found: &str) -> String {
    format!("[objective] : mode inconnu \"{found}\", attendu lexicographic ou weighted")
}

// -- Values --------------------------------------------------------------------------

/// A date that does not exist (`2027-02-30`).
pub(super) fn nonexistent_date(owner: &str, key: &str, written: impl Display) -> String {
    format!("{owner} : {key} = {written}, date inexistante")
}

/// A date written with a time.
pub(super) fn date_with_time(owner: &str, key: &str, written: impl Display) -> String {
    format!("{owner} : {key} doit être une date sans heure, trouvé {written}")
}

/// The help of a date written with a time: the date alone.
pub(super) fn date_only(key: &str, date: &str) -> String {
    format!("écrivez seulement la date : {key} = {date}")
}

/// A date that is not a TOML date; `found` describes what was written.
pub(super) fn not_a_date(owner: &str, key: &str, found: &str) -> String {
    format!("{owner} : {key} doit être une date AAAA-MM-JJ, trouvé {found}")
}

/// The help of a date written as a string that reads as a date.
pub(super) fn date_without_quotes(key: &str, written: &str) -> String {
    format!("écrivez la date sans guillemets : {key} = {written}")
}

/// The help of a date that is not one: an example.
pub(super) fn date_example(key: &str) -> String {
    format!("par exemple {key} = 2027-01-01, sans guillemets")
}

/// An example line of a required date key.
pub(super) fn date_key_example(key: &str) -> String {
    format!("{key} = 2027-01-01")
}

/// A date outside the horizon.
pub(super) fn outside_horizon(
    what: &str,
    date: impl Display,
    first: impl Display,
    last: impl Display,
) -> String {
    format!("{what} : date {date} hors de l'horizon (du {first} au {last})")
}

/// The end of a period, or its start, in a message.
pub(super) fn clock_noun(is_end: bool) -> &'static str {
    if is_end {
        "fin"
    } else {
        "début"
    }
}

/// What a clock time should look like.
pub(super) fn clock_expected(is_end: bool) -> &'static str {
    if is_end {
        "attendu HH:MM entre 00:00 et 23:59 (ou 24:00)"
    } else {
        "attendu HH:MM entre 00:00 et 23:59"
    }
}

/// An invalid clock time; `written` as the file shows it (`"8h"`, a TOML time).
pub(super) fn invalid_clock(
    owner: &str,
    noun: &str,
    written: impl Display,
    expected: &str,
) -> String {
    format!("{owner} : {noun} {written} invalide, {expected}")
}

/// A clock time that is not one at all; `found` describes what was written.
pub(super) fn clock_not_a_time(owner: &str, noun: &str, expected: &str, found: &str) -> String {
    format!("{owner} : {noun} invalide, {expected}, trouvé {found}")
}

/// `24:00` as a start.
pub(super) const MIDNIGHT_ONLY_AT_END: &str = "\"24:00\" n'est accepté qu'en fin de période";

/// The help of a clock time written without its leading zero.
pub(super) fn write_clock(padded: &str) -> String {
    format!("écrivez \"{padded}\"")
}

/// A negative count.
pub(super) fn negative_count(owner: &str, key: &str, value: i64) -> String {
    format!("{owner} : {key} = {value} invalide, attendu un entier ≥ 0")
}

/// A count above `u32::MAX`.
pub(super) fn count_too_large(owner: &str, key: &str, value: i64) -> String {
    format!(
        "{owner} : {key} = {value} trop grand, attendu un entier ≤ {}",
        u32::MAX
    )
}

/// An invalid weight, with what is expected.
pub(super) fn invalid_weight(owner: &str, key: &str, value: f64, max: Option<f64>) -> String {
    let expected = match max {
        Some(m) => format!("attendu un nombre entre 0 et {m}"),
        None => "attendu un nombre ≥ 0".to_owned(),
    };
    format!("{owner} : {key} = {value} invalide, {expected}")
}

/// A `[fees]` amount that is negative, too large or not in whole cents.
pub(super) fn invalid_fee(owner: &str, key: &str, value: f64) -> String {
    format!("{owner} : {key} = {value} invalide, attendu un montant en euros entre 0 et 1000000, au centime près")
}

/// An id with characters other than letters, digits, `-` and `_`.
pub(super) fn invalid_id(owner: &str, id: &str) -> String {
    format!("{owner} : identifiant \"{id}\" invalide, attendu des lettres, des chiffres, « - » ou « _ »")
}

/// Why an id must be plain.
pub(super) const INVALID_ID_HELP: &str =
    "l'identifiant sert dans les noms de fichiers et les agendas ; mettez le texte libre dans label ou name";

// -- Ids and references ------------------------------------------------------------

/// An id declared twice.
pub(super) fn duplicate_id(kind: &IdKind, id: &str, first_line: usize) -> String {
    format!(
        "{} \"{id}\" {} deux fois (première déclaration ligne {first_line})",
        kind.noun, kind.declared_one
    )
}

/// The ids that are declared, for a message: `périodes déclarées : "nuit", "jour"`.
pub(super) fn declared_ids(kind: &IdKind, listed: &str) -> String {
    format!("{} : {listed}", kind.declared)
}

/// A reference to an undeclared id; `known` from [`declared_ids`] or `kind.none`.
pub(super) fn unknown_id(owner: &str, kind: &IdKind, name: &str, known: &str) -> String {
    format!(
        "{owner} : {} {} \"{name}\" ; {known}",
        kind.noun, kind.unknown
    )
}

/// The help of a day kind written in French.
pub(super) fn english_words(word: &str) -> String {
    format!("le fichier emploie les mots anglais : \"{word}\"")
}

/// An unknown day kind, with the words expected.
pub(super) fn unknown_day_kind(owner: &str, found: &str, expected: &str) -> String {
    format!("{owner} : type de jour inconnu \"{found}\", attendu {expected}")
}

/// An unknown post kind, with the words expected.
pub(super) fn unknown_post_kind(owner: &str, found: &str, expected: &str) -> String {
    format!("{owner} : type de poste inconnu \"{found}\", attendu {expected}")
}

// -- Horizon and calendar ------------------------------------------------------------

/// No `[horizon]` section.
pub(super) const MISSING_HORIZON: &str = "section [horizon] manquante";

/// How to add it.
pub(super) const MISSING_HORIZON_HELP: &str =
    "ajoutez [horizon] avec first = 2027-01-01 et last = 2027-03-31";

/// The help of an unknown time zone with no near name.
pub(super) const TIME_ZONE_HELP: &str =
    "attendu un nom de la base IANA, par exemple \"Europe/Paris\"";

/// An unknown time zone.
pub(super) fn unknown_time_zone(found: &str) -> String {
    format!("[horizon] : fuseau horaire inconnu \"{found}\"")
}

/// `last` before `first`.
pub(super) fn reversed_horizon(first: impl Display, last: impl Display) -> String {
    format!("[horizon] : horizon vide, last ({last}) est avant first ({first})")
}

/// A horizon longer than ten years.
pub(super) fn horizon_too_long(days: i64, max_days: i64) -> String {
    format!("[horizon] : horizon de {days} jours, au plus {max_days} (dix ans)")
}

/// The help of a horizon too long: a typo in a year, most likely.
pub(super) const HORIZON_TOO_LONG_HELP: &str = "vérifiez l'année de first et de last";

/// An unknown regional calendar, with the words expected.
pub(super) fn unknown_regional(owner: &str, found: &str, expected: &str) -> String {
    format!("{owner} : calendrier régional inconnu \"{found}\", attendu {expected}")
}

/// A date forced twice.
pub(super) fn duplicate_override(what: &str, date: impl Display, first: usize) -> String {
    format!("{what} : la date {date} est déjà forcée par la date forcée n° {first}")
}

// -- Periods, rules and posts --------------------------------------------------------

/// A period whose start and end are the same clock time.
pub(super) fn empty_period(owner: &str, clock: &str) -> String {
    format!("{owner} : début et fin à la même heure ({clock}), la période durerait 0 ou 24 h")
}

/// How to declare a 24-hour duty.
pub(super) const EMPTY_PERIOD_HELP: &str =
    "pour une garde de 24 h, ajoutez end_day = 1 (fin le lendemain à la même heure), ou déclarez deux périodes, par exemple 08:00–20:00 et 20:00–08:00";

/// `day_kinds = []`.
pub(super) fn empty_day_kinds(owner: &str) -> String {
    format!("{owner} : day_kinds est vide, la période n'existerait aucun jour")
}

/// How to fix an empty `day_kinds`.
pub(super) const EMPTY_DAY_KINDS_HELP: &str = "omettez day_kinds pour les cinq types de jour";

/// An `end_day` outside 0..=28.
pub(super) fn invalid_end_day(owner: &str, value: i64) -> String {
    format!("{owner} : end_day = {value} invalide, attendu un entier de 0 à 28 (jours après la date de la garde)")
}

/// `end_day = 0` with an end at or before the start.
pub(super) fn period_ends_before_start(owner: &str, start: &str, end: &str) -> String {
    format!("{owner} : avec end_day = 0, la fin ({end}) doit venir après le début ({start}) le même jour")
}

/// How to fix `end_day = 0` with an end at or before the start.
pub(super) const PERIOD_ENDS_BEFORE_START_HELP: &str =
    "pour finir le lendemain, écrivez end_day = 1 (ou omettez end_day)";

/// `end_day` together with `after_midnight = true`.
pub(super) fn end_day_after_midnight(owner: &str) -> String {
    format!("{owner} : end_day et after_midnight = true ne vont pas ensemble")
}

/// How to fix `end_day` with `after_midnight`.
pub(super) const END_DAY_AFTER_MIDNIGHT_HELP: &str =
    "une période after_midnight commence et finit le lendemain de sa date : omettez end_day";

/// `weekdays = []`.
pub(super) fn empty_weekdays(owner: &str) -> String {
    format!("{owner} : weekdays est vide, la période n'existerait aucun jour")
}

/// How to fix an empty `weekdays`.
pub(super) const EMPTY_WEEKDAYS_HELP: &str = "omettez weekdays pour les sept jours de la semaine";

/// An unknown weekday, with the words expected.
pub(super) fn unknown_weekday(owner: &str, found: &str, expected: &str) -> String {
    format!("{owner} : jour de la semaine inconnu \"{found}\", attendu {expected}")
}

/// French weekday names a file may use by mistake, with the English word expected.
pub(super) const FRENCH_WEEKDAYS: [(&str, &str); 7] = [
    ("lundi", "monday"),
    ("mardi", "tuesday"),
    ("mercredi", "wednesday"),
    ("jeudi", "thursday"),
    ("vendredi", "friday"),
    ("samedi", "saturday"),
    ("dimanche", "sunday"),
];

/// A minimum above its maximum.
pub(super) fn contradictory_limits(
    owner: &str,
    min_key: &str,
    lo: u32,
    max_key: &str,
    hi: u32,
) -> String {
    format!("{owner} : {min_key} = {lo} dépasse {max_key} = {hi}")
}

/// A post combinable with itself.
pub(super) fn self_combinable(owner: &str) -> String {
    format!("{owner} : un poste ne peut être cumulable avec lui-même")
}

/// A season whose last day is before its first.
pub(super) fn reversed_season(owner: &str, first: impl Display, last: impl Display) -> String {
    format!("{owner} : saison inversée, last ({last}) est avant first ({first})")
}

/// `under_cover_weight = 0`.
pub(super) fn zero_under_cover_weight(owner: &str) -> String {
    format!("{owner} : under_cover_weight = 0 invalide, attendu un nombre > 0")
}

/// A demand below 1.
pub(super) fn invalid_demand(owner: &str, n: i64) -> String {
    format!(
        "{owner} : demande {n} invalide, attendu un entier ≥ 1 (personnes de garde en même temps)"
    )
}

/// A demand naming an undeclared period; `known` from [`declared_ids`].
pub(super) fn demand_unknown_period(owner: &str, name: &str, known: &str) -> String {
    format!("{owner} : la demande nomme une période inconnue \"{name}\" ; {known}")
}

/// A demand naming a period the post does not cover.
pub(super) fn demand_period_not_in_post(owner: &str, name: &str) -> String {
    format!("{owner} : la demande nomme la période \"{name}\", que le poste ne couvre pas")
}

/// A `demand_on` entry naming a period the post does not cover.
pub(super) fn period_not_covered(owner: &str, name: &str) -> String {
    format!("{owner} : la période \"{name}\" n'est pas couverte par le poste")
}

/// A duty target naming a period its post does not cover.
pub(super) fn post_does_not_cover(owner: &str, post: &str, period: &str) -> String {
    format!("{owner} : le poste \"{post}\" ne couvre pas la période \"{period}\"")
}

/// The help of a period not in its post: the periods it covers (`listed`), if any.
pub(super) fn periods_of_post(listed: Option<&str>) -> String {
    match listed {
        None => "le poste ne couvre aucune période".to_owned(),
        Some(listed) => format!("périodes du poste : {listed}"),
    }
}

// -- Categories, practitioners and wishes --------------------------------------------

/// A day of the year that is not `MM-JJ`.
pub(super) fn invalid_month_day(owner: &str, found: &str) -> String {
    format!("{owner} : jour de l'année \"{found}\" invalide, attendu MM-JJ")
}

/// How to write a day of the year.
pub(super) const MONTH_DAY_HELP: &str =
    "par exemple \"12-25\" pour le 25 décembre ; \"02-29\" est accepté";

/// An unknown `targets` basis.
pub(super) fn unknown_target_basis(owner: &str, found: &str) -> String {
    format!("{owner} : base des cibles inconnue \"{found}\", attendu demand ou filled")
}

/// A post reserved to other professions.
pub(super) fn profession_mismatch(
    owner: &str,
    post: &str,
    allowed: &str,
    profession: &str,
) -> String {
    format!(
        "{owner} : le poste \"{post}\" est réservé à : {allowed} ; ce praticien est {profession}"
    )
}

/// How to fix a profession mismatch.
pub(super) const PROFESSION_MISMATCH_HELP: &str =
    "retirez le poste de sa liste, ou corrigez profession";

/// The example of a missing `place`.
pub(super) const PLACE_EXAMPLE: &str =
    "place = \"48095\" (le lieu d'exercice, d'où l'astreinte MCS couvre la population)";

/// A share that is not a positive number.
pub(super) fn invalid_share(owner: &str, value: f64) -> String {
    format!("{owner} : share = {value} invalide, attendu un nombre > 0")
}

/// What a share means.
pub(super) const SHARE_HELP: &str =
    "1.0 pour une participation pleine, 0.5 pour une demi-part ; retirez le praticien pour une part nulle";

/// A pledge below 1.
pub(super) fn invalid_pledge(owner: &str, value: i64) -> String {
    format!("{owner} : pledge = {value} invalide, attendu un entier ≥ 1")
}

/// What a pledge means.
pub(super) const PLEDGE_HELP: &str =
    "le nombre de gardes (de semaines, pour un roulement hebdomadaire) promises sur l'horizon ; omettez la clé plutôt que d'écrire 0";

/// A duty target in `available`.
pub(super) fn available_duty(owner: &str) -> String {
    format!("{owner} : une disponibilité nomme des jours, pas une garde (post, period)")
}

/// The forms of an `available` entry.
pub(super) const AVAILABLE_FORMS: &str =
    "attendu { from = …, to = … } ou { date = … } ; une garde précise se refuse par unavailable ou wishes";

/// A month outside 1..=12.
pub(super) fn invalid_month(owner: &str, value: i64) -> String {
    format!("{owner} : mois {value} invalide, attendu un entier de 1 à 12")
}

/// A negative or infinite history.
pub(super) fn invalid_history(owner: &str, value: f64, category: &str) -> String {
    format!("{owner} : historique {value} invalide pour \"{category}\", attendu un nombre ≥ 0")
}

/// A wish's weight below 1.
pub(super) fn invalid_wish_weight(owner: &str, value: i64) -> String {
    format!("{owner} : poids {value} invalide, attendu un entier ≥ 1")
}

/// What a wish's weight means.
pub(super) const WISH_WEIGHT_HELP: &str =
    "le poids est la pénalité si le souhait est refusé ; omettez le souhait plutôt que de lui donner un poids nul";

/// A wish with both `off` and `on`.
pub(super) fn wish_off_and_on(owner: &str) -> String {
    format!("{owner} : off et on à la fois, attendu l'un ou l'autre")
}

/// A wish with neither `off` nor `on`.
pub(super) fn wish_neither(owner: &str) -> String {
    format!("{owner} : ni off ni on, attendu l'un des deux")
}

/// The three forms of a target.
pub(super) const TARGET_FORMS: &str =
    "attendu { from = …, to = … }, { date = … } ou { post = …, period = …, date = … }";

/// A target mixing a range with a date or a duty.
pub(super) fn mixed_target(owner: &str) -> String {
    format!("{owner} : mélange de from/to avec date, post ou period")
}

/// A range whose `to` is before its `from`.
pub(super) fn reversed_range(owner: &str, from: impl Display, to: impl Display) -> String {
    format!("{owner} : intervalle inversé, to ({to}) est avant from ({from})")
}

/// A target with no date.
pub(super) fn no_date(owner: &str) -> String {
    format!("{owner} : aucune date")
}

// -- The default categories ------------------------------------------------------------

/// Label of the default category of Christmas and New Year.
pub(super) const CHRISTMAS_CATEGORY: &str = "Noël et Nouvel An";
/// Label of the default category of holidays and bridges.
pub(super) const HOLIDAYS_CATEGORY: &str = "Fériés et ponts";
/// Label of the default category of weekends.
pub(super) const WEEKEND_CATEGORY: &str = "Week-ends";
/// Label of the default category of weekday evenings and nights.
pub(super) const WEEKDAY_CATEGORY: &str = "Soirs et nuits de semaine";

// -- Geography (`validate/geography.rs`) ----------------------------------------------

pub(super) const PLACE: IdKind = IdKind {
    noun: "lieu",
    declared: "lieux déclarés",
    none: "aucun lieu n'est déclaré (places)",
    unknown: "inconnu",
    declared_one: "déclaré",
    code_unknown: codes::UNKNOWN_PLACE,
    example: "id = \"48095\"",
};
pub(super) const BASE: IdKind = IdKind {
    noun: "base d'urgence",
    declared: "bases déclarées",
    none: "aucune base n'est déclarée",
    unknown: "inconnue",
    declared_one: "déclarée",
    // Nothing in the file refers to a base.
    code_unknown: codes::MISSING_KEY,
    example: "id = \"smur-48-mende\"",
};

/// `[coverage]` or bases without any place.
pub(super) const COVERAGE_WITHOUT_PLACES: &str =
    "[coverage] ou emergency_bases sans aucun lieu : la couverture de population a besoin de places";

/// An example `places` line.
pub(super) const PLACES_EXAMPLE: &str = "attendu par exemple : places = [ { id = \"48095\", name = \"Mende\", population = 12464, lat = 44.51782, lon = 3.50117 } ]";

/// `threshold_minutes = 0`.
pub(super) const ZERO_THRESHOLD: &str =
    "[coverage] : threshold_minutes = 0 invalide, attendu un entier ≥ 1";

/// What `road_speed_kmh` should be.
pub(super) const ROAD_SPEED_EXPECTED: &str = "un nombre > 0 et ≤ 300 (km/h)";
/// What `detour_factor` should be.
pub(super) const DETOUR_EXPECTED: &str =
    "un nombre entre 1 et 5 (km de route par km à vol d'oiseau)";
/// What `dispatch_minutes` should be.
pub(super) const DISPATCH_EXPECTED: &str = "un nombre de minutes entre 0 et 600";

/// A `[coverage]` number out of its bounds.
pub(super) fn invalid_coverage_number(key: &str, value: f64, expected: &str) -> String {
    format!("[coverage] : {key} = {value} invalide, attendu {expected}")
}

/// A latitude or longitude out of range.
pub(super) fn invalid_coordinate(owner: &str, name: &str, value: f64, max: f64) -> String {
    format!("{owner} : {name} = {value} invalide, attendu des degrés entre -{max} et {max}")
}

/// A negative population.
pub(super) fn invalid_population(owner: &str, value: i64) -> String {
    format!("{owner} : population = {value} invalide, attendu un entier ≥ 0")
}

/// The travel matrix cannot be read.
pub(super) fn unreadable_matrix(shown: &str, error: impl Display) -> String {
    format!("impossible de lire la matrice des temps de trajet {shown} : {error}")
}

/// Where the travel matrix path starts from.
pub(super) const MATRIX_PATH_HELP: &str =
    "le chemin travel_matrix de [coverage] est relatif au fichier d'instance";

/// A named file (travel matrix) that exists but is not a regular file (a folder, a
/// FIFO, a device), given as the reason it cannot be read.
pub(super) const NOT_A_REGULAR_FILE: &str = "ce n'est pas un fichier ordinaire";

/// A file named by the instance that would be read outside its folder; `reason` is one
/// of the `OUTSIDE_*` words. The path itself is not repeated: the instance's line,
/// shown underneath, has it.
pub(super) fn outside_folder(owner: &str, key: &str, reason: &str) -> String {
    format!("{owner} : le fichier {key} est hors du dossier du fichier d'instance ({reason}), il n'est pas lu")
}

/// Why: an absolute path (a root, a drive).
pub(super) const OUTSIDE_ABSOLUTE: &str = "chemin absolu";

/// Why: a `..` component.
pub(super) const OUTSIDE_PARENT: &str = "le chemin remonte avec « .. »";

/// Why: a symbolic link leading out of the folder, or to nothing.
pub(super) const OUTSIDE_LINK: &str = "un lien symbolique mène hors du dossier";

/// Where a file named by the instance may be.
pub(super) const OUTSIDE_FOLDER_HELP: &str = "placez le fichier dans le dossier du fichier d'instance ou dans un sous-dossier, et donnez son chemin relatif à ce dossier, sans « .. » (par exemple \"temps.csv\" ou \"trajets/temps.csv\")";

/// A matrix header other than `from,to,minutes`: the file is not a travel matrix, and
/// what it holds is not repeated.
pub(super) fn matrix_header(shown: &str) -> String {
    format!("{shown} : la première ligne n'est pas l'en-tête « from,to,minutes », ce fichier n'est pas une matrice des temps de trajet (son contenu n'est pas cité)")
}

/// What a travel matrix looks like.
pub(super) const MATRIX_HEADER_HELP: &str =
    "la matrice est un CSV UTF-8 dont la première ligne est from,to,minutes, puis une ligne par paire (par exemple 48095,48096,25)";

/// A quote in the matrix.
pub(super) fn matrix_quote(shown: &str) -> String {
    format!("{shown} : guillemet inattendu, les champs sont des ids et des nombres sans guillemets")
}

/// A matrix row without three fields.
pub(super) fn matrix_fields(shown: &str, count: usize) -> String {
    format!("{shown} : {count} champs, attendu 3 (from,to,minutes)")
}

/// An unknown origin in the matrix.
pub(super) fn matrix_unknown_origin(shown: &str, from: &str) -> String {
    format!("{shown} : origine inconnue « {from} », attendu l'id d'un lieu (places) ou d'une base (emergency_bases)")
}

/// An unknown destination in the matrix.
pub(super) fn matrix_unknown_destination(shown: &str, to: &str) -> String {
    format!("{shown} : destination inconnue « {to} », attendu l'id d'un lieu (places)")
}

/// A travel time that is not a number of minutes.
pub(super) fn matrix_minutes(shown: &str, minutes: &str) -> String {
    format!("{shown} : temps « {minutes} » invalide, attendu un nombre de minutes ≥ 0")
}

/// A pair given twice in the matrix.
pub(super) fn matrix_duplicate(shown: &str, from: &str, to: &str, first: usize) -> String {
    format!("{shown} : paire {from} → {to} déjà donnée ligne {first}")
}

// The problems found before the semantic checks (`super::sink`): TOML syntax, unknown
// keys and types, in French.

/// A TOML syntax error, translated when toml's English is known (`french`).
pub(super) fn syntax(french: Option<&str>, english: &str) -> String {
    match french {
        Some(fr) => format!("syntaxe TOML invalide : {fr}"),
        None => format!("syntaxe TOML invalide ({english})"),
    }
}

/// An unknown key in the table `described` (see [`dans`]).
pub(super) fn unknown_key(key: &str, described: &str) -> String {
    format!("clé inconnue \"{key}\" {}", dans(described))
}

/// The did-you-mean appended to a message.
pub(super) fn did_you_mean_suffix(suggestion: &str) -> String {
    format!(" ; vouliez-vous dire \"{suggestion}\" ?")
}

/// The did-you-mean given as help.
pub(super) fn did_you_mean_help(suggestion: &str) -> String {
    format!("vouliez-vous dire \"{suggestion}\" ?")
}

/// A top-level key written after a `[section]`.
pub(super) fn top_level_key_help(key: &str) -> String {
    format!(
        "\"{key}\" est une clé du premier niveau : placez-la avant la première [section] du fichier"
    )
}

/// The keys possible at the top level (`top`) or in a table.
pub(super) fn possible_keys(known: &[&str], top: bool) -> String {
    if top {
        format!("clés possibles : {}", known.join(", "))
    } else {
        format!("clés possibles ici : {}", known.join(", "))
    }
}

/// A type error that could not be placed in the file.
pub(super) fn invalid_type(english: &str) -> String {
    format!("type invalide ({english})")
}

/// The element number `index` (0-based) of the list `list`, as a message subject.
pub(super) fn list_element(index: usize, list: &str) -> String {
    format!("l'élément n° {} de \"{list}\"", index + 1)
}

/// The key `key`, as a message subject.
pub(super) fn the_key(key: &str) -> String {
    format!("la clé \"{key}\"")
}

/// The whole file, as a message subject.
pub(super) const THE_FILE: &str = "le fichier";

/// A value of the wrong type; `expected` from [`translate_expected`] when toml said.
pub(super) fn wrong_type(
    prefix: &str,
    what: &str,
    expected: Option<&str>,
    english: &str,
    found: &str,
) -> String {
    match expected {
        Some(x) => format!("{prefix}{what} doit être {x}, trouvé {found}"),
        None => format!("{prefix}{what} : type invalide ({english}), trouvé {found}"),
    }
}

/// Whether a translated expectation is a list (a table was written for an array of tables).
pub(super) fn expects_list(expected: &str) -> bool {
    expected.starts_with("une liste")
}

/// Whether a translated expectation is a number (`un entier`, `un nombre`).
pub(super) fn expects_number(expected: &str) -> bool {
    expected.starts_with("un ")
}

/// A table written where an array of tables is expected.
pub(super) fn array_of_tables_help(dotted: &str) -> String {
    format!("pour une liste de tables, écrivez [[{dotted}]] devant chaque élément")
}

/// A number written between quotes.
pub(super) fn remove_quotes_help(written: &str) -> String {
    format!("retirez les guillemets : {written}")
}

/// « dans » followed by the table's description with its article.
pub(super) fn dans(description: &str) -> String {
    if description.starts_with('[') {
        return format!("dans {description}");
    }
    if description.starts_with("premier niveau") {
        return "au premier niveau du fichier".to_owned();
    }
    let article = match description.split_whitespace().next().unwrap_or("") {
        "poste" | "praticien" | "souhait" => "le ",
        "limites" => "les ",
        "historique" | "indisponibilité" => "l'",
        _ => "la ",
    };
    format!("dans {article}{description}")
}

/// `a, b ou c`.
pub(super) fn alternatives(names: &[&str]) -> String {
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} ou {last}", rest.join(", ")),
    }
}

/// toml's English expectation (`a string`, `i64`...) in French.
pub(super) fn translate_expected(expected: &str) -> String {
    match expected.trim() {
        "a string" | "string" => "une chaîne entre guillemets".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "an integer" => {
            "un entier".to_owned()
        }
        "f32" | "f64" | "a float" => "un nombre".to_owned(),
        "a boolean" => "true ou false".to_owned(),
        "a sequence" | "an array" => "une liste [ … ]".to_owned(),
        x if x.starts_with("struct ") || x == "a map" || x.starts_with("map") => {
            "une table".to_owned()
        }
        other => other.to_owned(),
    }
}

/// A value as found in the file (`source`, its text), for type errors.
pub(super) fn describe_found(value: &toml::de::DeValue<'_>, source: &str) -> String {
    use toml::de::DeValue;
    let source = source.trim();
    match value {
        DeValue::String(s) => {
            let shown: String = s.chars().take(40).collect();
            let ellipsis = if s.chars().count() > 40 { "…" } else { "" };
            format!("la chaîne \"{shown}{ellipsis}\"")
        }
        DeValue::Integer(_) => format!("l'entier {source}"),
        DeValue::Float(_) => format!("le nombre {source}"),
        DeValue::Boolean(b) => format!("le booléen {b}"),
        DeValue::Datetime(_) => format!("la date {source}"),
        DeValue::Array(_) => "une liste".to_owned(),
        DeValue::Table(_) => "une table".to_owned(),
    }
}

/// A raw value as found, for messages: `la chaîne "x"`, `l'entier 3`...
pub(super) fn value_found(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("la chaîne \"{s}\""),
        toml::Value::Integer(i) => format!("l'entier {i}"),
        toml::Value::Float(f) => format!("le nombre {f}"),
        toml::Value::Boolean(b) => format!("le booléen {b}"),
        toml::Value::Datetime(d) => format!("la date {d}"),
        toml::Value::Array(_) => "une liste".to_owned(),
        toml::Value::Table(_) => "une table".to_owned(),
    }
}

/// toml's English syntax error in French, when known.
pub(super) fn translate_syntax(english: &str) -> Option<String> {
    const TABLE: &[(&str, &str)] = &[
        ("duplicate key", "clé en double"),
        (
            "string values must be quoted",
            "les chaînes doivent être entre guillemets",
        ),
        (
            "invalid basic string",
            "chaîne mal formée (guillemet fermant manquant ?)",
        ),
        (
            "invalid literal string",
            "chaîne mal formée (apostrophe fermante manquante ?)",
        ),
        (
            "missing escaped value",
            "séquence d'échappement invalide après « \\ »",
        ),
        ("invalid date", "date invalide"),
        ("invalid time", "heure invalide"),
        ("invalid date-time", "date ou heure invalide"),
        ("unclosed array table", "« ]] » manquant"),
        ("unclosed table", "« ] » manquant"),
        ("unclosed array", "« ] » manquant à la fin de la liste"),
        ("unclosed inline table", "« } » manquant"),
        (
            "missing comma between array elements",
            "virgule manquante entre deux éléments de la liste",
        ),
        (
            "missing comma between key-value pairs",
            "virgule manquante entre deux clés",
        ),
        ("missing value", "valeur manquante"),
        ("key with no value", "clé sans valeur"),
        (
            "missing assignment between key-value pairs",
            "« = » manquant entre la clé et la valeur",
        ),
        ("invalid key", "clé invalide"),
        ("invalid unquoted key", "clé invalide"),
        ("unexpected content", "contenu inattendu"),
        ("invalid integer number", "entier invalide"),
        ("invalid float", "nombre invalide"),
        ("unexpected leading zero", "zéro initial non permis"),
        ("invalid boolean", "booléen invalide (true ou false)"),
        (
            "extra comma in inline table",
            "virgule en trop dans la table",
        ),
        ("invalid value", "valeur invalide"),
        ("invalid table", "table invalide"),
    ];
    TABLE
        .iter()
        .find(|(en, _)| english.starts_with(en))
        .map(|(_, fr)| {
            // Keep toml's detail ("expected month between 01 and 12") when there is one.
            match english.split_once(", expected ") {
                Some((_, detail)) => format!("{fr}, attendu {}", translate_detail(detail)),
                None => (*fr).to_owned(),
            }
        })
}

/// The common details of toml's date and time errors, in French; others verbatim.
fn translate_detail(detail: &str) -> String {
    let detail = detail.trim();
    let between = |noun: &str, rest: &str| {
        let rest = rest.replace(" and ", " et ");
        format!("{noun} entre {rest}")
    };
    if let Some(rest) = detail.strip_prefix("month between ") {
        return between("un mois", rest);
    }
    if let Some(rest) = detail.strip_prefix("day between ") {
        return between("un jour", rest);
    }
    if let Some(rest) = detail
        .strip_prefix("hour between ")
        .or_else(|| detail.strip_prefix("hours between "))
    {
        return between("une heure", rest);
    }
    if let Some(rest) = detail
        .strip_prefix("minute between ")
        .or_else(|| detail.strip_prefix("minutes between "))
    {
        return between("des minutes", rest);
    }
    if let Some(rest) = detail.strip_prefix("second between ") {
        return between("des secondes", rest);
    }
    detail.to_owned()
}

// The names of the tables of the file (`super::locate`), as message prefixes.

/// The top level of the file.
pub(super) const TOP_LEVEL: &str = "premier niveau du fichier";

/// An element without id, by its 0-based index: `n° 3`.
pub(super) fn number(index: usize) -> String {
    format!("n° {}", index + 1)
}

/// A forced date of `[calendar]`, by its 0-based index.
pub(super) fn calendar_override(index: usize) -> String {
    format!("date forcée n° {} de [calendar]", index + 1)
}

/// A place, by `"id"` or number.
pub(super) fn place(who: &str) -> String {
    format!("lieu {who}")
}

/// An emergency base, by `"id"` or number.
pub(super) fn emergency_base(who: &str) -> String {
    format!("base d'urgence {who}")
}

/// A period, by `"id"` or number.
pub(super) fn period(who: &str) -> String {
    format!("période {who}")
}

/// A post, by `"id"` or number.
pub(super) fn post(who: &str) -> String {
    format!("poste {who}")
}

/// The season of a post (`post` from [`post`]).
pub(super) fn post_season(post: &str) -> String {
    format!("saison du {post}")
}

/// The demand of a post (`post` from [`post`]).
pub(super) fn post_demand(post: &str) -> String {
    format!("demande du {post}")
}

/// A fairness category, by `"id"` or number.
pub(super) fn category(who: &str) -> String {
    format!("catégorie {who}")
}

/// A practitioner, by `"id"` or number.
pub(super) fn practitioner(who: &str) -> String {
    format!("praticien {who}")
}

/// The limits of a practitioner.
pub(super) fn practitioner_limits(who: &str) -> String {
    format!("limites du praticien {who}")
}

/// The history of a practitioner.
pub(super) fn practitioner_history(who: &str) -> String {
    format!("historique du praticien {who}")
}

/// An unavailability of a practitioner, by its 0-based index.
pub(super) fn practitioner_unavailable(index: usize, who: &str) -> String {
    format!("indisponibilité n° {} du praticien {who}", index + 1)
}

/// An entry of a practitioner's `available` list, by its 0-based index.
pub(super) fn practitioner_available(index: usize, who: &str) -> String {
    format!("disponibilité n° {} du praticien {who}", index + 1)
}

/// The target `target` (`on`, `off`) of a wish of a practitioner, by its 0-based index.
pub(super) fn wish_target(target: &str, index: usize, who: &str) -> String {
    format!(
        "cible {target} du souhait n° {} du praticien {who}",
        index + 1
    )
}

/// A wish of a practitioner, by its 0-based index.
pub(super) fn wish(index: usize, who: &str) -> String {
    format!("souhait n° {} du praticien {who}", index + 1)
}

// The summary and errors of `super::diagnostic`, and the expectations of `super::raw`.

/// `exemple.toml : 3 problèmes`.
pub(super) fn summary(file: &str, count: usize) -> String {
    match count {
        1 => format!("{file} : 1 problème"),
        n => format!("{file} : {n} problèmes"),
    }
}

/// The instance file could not be read.
pub(super) fn cannot_read_instance(path: &std::path::Path, source: &std::io::Error) -> String {
    format!(
        "impossible de lire le fichier d'instance {} : {source}",
        path.display()
    )
}

/// What a demand is (read by the type-error translation, hence French).
pub(super) const DEMAND_EXPECTED: &str = "un entier ou une table { période = entier }";

/// What a history is.
pub(super) const HISTORY_EXPECTED: &str = "une table { catégorie = nombre }";

/// What counts per period are.
pub(super) const COUNTS_EXPECTED: &str = "une table { période = entier }";
