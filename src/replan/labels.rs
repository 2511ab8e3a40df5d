//! The French of re-planning's diagnostics: the problems of a changes file and of the
//! changes given as options, and why a published roster cannot be re-planned from a
//! date. `replan` produces them where it reads its inputs (as `instance::labels` does
//! for the instance), so they live beside it, not in the presentation layer.

use std::fmt::Display;

use chrono::NaiveDate;

// The changes file (`file`).

/// A value that is not a date (`what` names the entry).
pub fn not_a_date(what: &str, value: impl Display) -> String {
    format!("{what} : « {value} » n'est pas une date")
}

/// Help under [`not_a_date`].
pub const DATE_EXPECTED: &str = "attendu une date AAAA-MM-JJ sans heure, par exemple 2027-02-08";

/// A date outside the horizon `first..=last`.
pub fn outside_horizon(what: &str, date: NaiveDate, first: NaiveDate, last: NaiveDate) -> String {
    format!("{what} : date {date} hors de l'horizon (du {first} au {last})")
}

/// An unknown practitioner id.
pub fn unknown_practitioner(id: &str) -> String {
    format!("praticien inconnu « {id} »")
}

/// An unknown post id.
pub fn unknown_post(id: &str) -> String {
    format!("poste inconnu « {id} »")
}

/// A period that the post does not have; `known` lists the post's periods.
pub fn unknown_period(id: &str, post: &str, known: &[&str]) -> String {
    format!(
        "période « {id} » inconnue du poste « {post} » ; périodes du poste : {}",
        known.join(", ")
    )
}

/// The closest known id.
pub fn did_you_mean(known: &str) -> String {
    format!("vouliez-vous dire « {known} » ?")
}

/// Help under a TOML syntax error of the changes file.
pub const KEYS_ALLOWED: &str = "clés admises : from, notice_days, urgency, [[unavailable]], [[leave]], [[join]], [[demand]] (docs/replanning.md)";

/// `notice_days` out of range.
pub fn bad_notice_days(n: i64) -> String {
    format!("notice_days = {n} invalide, attendu un entier de 0 à 366")
}

/// `urgency` out of range.
pub fn bad_urgency(v: f64) -> String {
    format!("urgency = {v} invalide, attendu un nombre de 1 à 100")
}

/// The name of the `n`-th (1-based) `[[unavailable]]` entry.
pub fn unavailable_entry(n: usize) -> String {
    format!("indisponibilité n° {n}")
}

/// The name of the `n`-th (1-based) `[[leave]]` entry.
pub fn leave_entry(n: usize) -> String {
    format!("départ n° {n}")
}

/// The name of the `n`-th (1-based) `[[join]]` entry.
pub fn join_entry(n: usize) -> String {
    format!("arrivée n° {n}")
}

/// The name of the `n`-th (1-based) `[[demand]]` entry.
pub fn demand_entry(n: usize) -> String {
    format!("demande n° {n}")
}

/// A range whose end precedes its start (`what` names the entry or the option).
pub fn end_before_start(what: &str, a: NaiveDate, b: NaiveDate) -> String {
    format!("{what} : du {a} au {b}, la fin précède le début")
}

/// An `[[unavailable]]` entry that is neither dates nor one duty.
pub fn unavailable_shape(what: &str) -> String {
    format!("{what} : attendu soit from (et to), soit date, post et period")
}

/// Help under [`unavailable_shape`].
pub const UNAVAILABLE_EXAMPLE: &str =
    "par exemple { practitioner = \"d07\", from = 2027-02-08, to = 2027-02-14 }";

/// A newcomer's id that cannot be used.
pub fn invalid_id(what: &str, id: &str) -> String {
    format!("{what} : identifiant « {id} » invalide")
}

/// Help under [`invalid_id`].
pub const ID_ALLOWED: &str =
    "lettres, chiffres, - et _ seulement (il nomme le fichier ics/<id>.ics)";

/// A newcomer's id already taken.
pub fn id_taken(what: &str, id: &str) -> String {
    format!("{what} : l'identifiant « {id} » est déjà pris")
}

/// A post reserved to other professions.
pub fn profession_mismatch(what: &str, post: &str, allowed: &str, profession: &str) -> String {
    format!(
        "{what} : le poste « {post} » est réservé à : {allowed} ; ce praticien est {profession}"
    )
}

/// A newcomer without posts.
pub fn no_posts(what: &str) -> String {
    format!("{what} : posts est vide, attendu au moins un poste")
}

/// A newcomer's share out of range.
pub fn bad_share(what: &str, share: f64) -> String {
    format!("{what} : share = {share} invalide, attendu un nombre > 0 (1 = plein, 0,5 = mi-temps)")
}

/// A demand out of range (`what` names the entry or the option).
pub fn bad_demand(what: &str, demand: impl Display) -> String {
    format!("{what} : demand = {demand} invalide, attendu un entier de 0 à 100")
}

// The changes given as options (`options`).

/// An option's date that cannot be read.
pub fn option_unreadable_date(option: &str, text: &str) -> String {
    format!("{option} : date « {text} » illisible, attendu AAAA-MM-JJ")
}

/// An option's unknown practitioner, with a `hint` (empty or ` ; …`).
pub fn option_unknown_practitioner(option: &str, id: &str, hint: &str) -> String {
    format!("{option} : praticien inconnu « {id} »{hint}")
}

/// An option's unknown post, with a `hint` (empty or ` ; …`).
pub fn option_unknown_post(option: &str, id: &str, hint: &str) -> String {
    format!("{option} : poste inconnu « {id} »{hint}")
}

/// An option's period that the post does not have.
pub fn option_unknown_period(option: &str, id: &str, post: &str, known: &[&str]) -> String {
    format!("{option} : {}", unknown_period(id, post, known))
}

/// `--unavailable` that cannot be read.
pub fn unavailable_unreadable(text: &str) -> String {
    format!(
        "--unavailable « {text} » illisible : attendu ID:PREMIER..DERNIER, ID:DATE ou ID:DATE:PÉRIODE:POSTE, par exemple d07:2027-02-08..2027-02-14"
    )
}

/// `--leave` that cannot be read.
pub fn leave_unreadable(text: &str) -> String {
    format!(
        "--leave « {text} » illisible : attendu ID:DATE (le premier jour d'absence), par exemple d12:2027-03-01"
    )
}

/// `--demand` that cannot be read.
pub fn demand_unreadable(text: &str) -> String {
    format!(
        "--demand « {text} » illisible : attendu POSTE[:PÉRIODE]:PREMIER..DERNIER=N, par exemple mende:nuit:2027-02-01..2027-02-28=2"
    )
}

/// `--demand` out of range.
pub fn option_bad_demand(n: u32) -> String {
    format!("--demand : {n} invalide, attendu un entier de 0 à 100")
}

// The published roster (`baseline`).

/// A seat removed, in [`fixed_changed`].
pub const REMOVED: &str = "retiré";
/// A seat added, in [`fixed_changed`].
pub const ADDED: &str = "ajouté";

/// One changed seat before the re-planning date: `what` is [`REMOVED`] or [`ADDED`].
pub fn changed_seat(
    date: NaiveDate,
    post: &str,
    period: &str,
    practitioner: &str,
    what: &str,
) -> String {
    format!("{date} {post} {period} : {practitioner} {what}")
}

/// Seats before `from` changed though they had to stay as published.
pub fn fixed_changed(from: NaiveDate, bad: &[String]) -> String {
    format!(
        "des gardes antérieures au {from} ont changé (elles devaient rester figées) : {}",
        bad.join(" ; ")
    )
}

/// Why a fixed published seat cannot stay: the duty is gone.
pub const DUTY_GONE: &str = "cette garde n'existe plus dans l'instance";
/// Why a fixed published seat cannot stay: the practitioner is gone.
pub const PRACTITIONER_GONE: &str = "ce praticien n'est plus dans l'instance";
/// Why a fixed published seat cannot stay: the practitioner may no longer hold it.
pub const NOT_ELIGIBLE: &str =
    "l'instance ne lui permet plus de la tenir (indisponibilité, poste ou qualification)";

/// One fixed published seat that cannot stay, located in the roster file.
pub fn fixed_problem(
    line: impl Display,
    date: NaiveDate,
    post: &str,
    period: &str,
    practitioner: &str,
    why: &str,
) -> String {
    format!("ligne {line} : {date} {post} {period} tenue par {practitioner} : {why}")
}

/// The fixed published seats that cannot stay as published.
pub fn fixed_problems(from: NaiveDate, bad: &[String]) -> String {
    format!(
        "le tableau publié a des gardes antérieures à la date de replanification ({from}) qui ne peuvent pas rester telles quelles :\n  {}\nChoisissez une date --from antérieure à ces gardes, ou corrigez l'instance.",
        bad.join("\n  ")
    )
}
