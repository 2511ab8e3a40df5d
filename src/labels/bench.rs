//! The French of `gardes bench curtois` (`crate::bench`): the machine line, the notes of
//! a row not confirmed, the Markdown table and document, and the run's errors.

use std::fmt::Display;
use std::path::Path;

use crate::solve::Status;

fn plural(n: usize) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

/// The machine's processor when `/proc/cpuinfo` does not name it.
pub const UNKNOWN_CPU: &str = "processeur inconnu";

/// `2 processeurs logiques`.
pub fn logical_cpus(n: usize) -> String {
    format!("{n} processeur{} logique{}", plural(n), plural(n))
}

/// `7,8 Gio de mémoire`, `gib` already written with a decimal comma.
pub fn memory(gib: &str) -> String {
    format!("{gib} Gio de mémoire")
}

/// A row's note: the checker finds broken rules.
pub const CHECKER_INVALID: &str = "le vérificateur de gardes signale des règles enfreintes";

/// A row's note: the evaluator cannot read the roster.
pub fn unreadable_roster(error: &dyn Display) -> String {
    format!("tableau illisible pour l'évaluateur : {error}")
}

/// A row's note: the evaluator finds `count` hard violations, the first one given.
pub fn hard_violations(count: usize, first: &dyn Display) -> String {
    format!(
        "{} contrainte{} dure{} enfreinte{} selon l'évaluateur, dont : {first}",
        count,
        plural(count),
        plural(count),
        plural(count),
    )
}

/// A row's note: the evaluator's penalty and the checker's objective differ.
pub fn penalty_differs(penalty: u64, objective: &str) -> String {
    format!("pénalité de l'évaluateur {penalty} ≠ objectif du vérificateur {objective}")
}

/// Separator of a row's notes.
pub const NOTES_SEPARATOR: &str = " ; ";

/// The status column of a solved row.
pub fn status(status: Status) -> &'static str {
    match status {
        Status::Optimal => "optimal",
        Status::WorkLimit => "limite de travail",
        Status::TimeLimit => "limite de temps",
        Status::Interrupted => "interrompu",
    }
}

/// The status column of a row without roster.
pub const NO_ROSTER: &str = "aucun tableau";
/// The status column of a row that failed.
pub const ERROR: &str = "erreur";
/// The confirmed column: yes.
pub const CONFIRMED: &str = "oui";
/// The confirmed column: no, in bold.
pub const NOT_CONFIRMED: &str = "**non**";

/// The titles of the Markdown table's columns.
pub const TABLE_TITLES: [&str; 15] = [
    "Instance",
    "Jours",
    "Effectif",
    "Types de poste",
    "Statut",
    "Objectif",
    "Borne",
    "Écart",
    "Temps (s)",
    "Meilleur à (s)",
    "Meilleure connue",
    "Borne publiée",
    "Objectif / meilleure",
    "Confirmé",
    "Remarque",
];

/// The error of a benchmark directory that does not exist.
pub fn no_dir(dir: &Path) -> String {
    format!(
        "dossier du banc d'essai {} introuvable (attendu : InstanceN.txt et bounds.csv)",
        dir.display()
    )
}

/// The error of a chosen instance whose file is missing.
pub fn no_instance(number: u32, path: &Path) -> String {
    format!(
        "instance {number} demandée mais {} est absent",
        path.display()
    )
}

/// The error of an unreadable `bounds.csv`.
pub fn cannot_read(path: &Path, source: &dyn Display) -> String {
    format!("lecture de {} impossible : {source}", path.display())
}

/// The error of an output that cannot be written.
pub fn cannot_write(path: &Path, source: &dyn Display) -> String {
    format!("écriture de {} impossible : {source}", path.display())
}

/// `--instances`: a part that is not a number nor a range.
pub fn unreadable_part(part: &str) -> String {
    format!(
        "« {part} » illisible : attendu des numéros et des plages séparés par des \
         virgules, par exemple 1-12 ou 1,3,5-7"
    )
}

/// `--instances`: instance 0.
pub fn numbered_from_one(part: &str) -> String {
    format!("« {part} » : les instances sont numérotées à partir de 1")
}

/// `--instances`: a range whose end is before its start.
pub fn reversed_range(part: &str, a: u32, b: u32) -> String {
    format!("plage « {part} » à l'envers : {b} est avant {a}")
}

/// `--instances`: nothing chosen.
pub const NO_INSTANCE_CHOSEN: &str = "aucune instance choisie";

/// `bounds.csv`: an unreadable header.
pub fn unreadable_header(error: &dyn Display) -> String {
    format!("en-tête illisible : {error}")
}

/// `bounds.csv`: a missing column.
pub fn missing_column(name: &str) -> String {
    format!(
        "colonne « {name} » absente (attendu : \
         instance,days,staff,shift_types,lower_bound,best_known,optimal)"
    )
}

/// `bounds.csv`: an unreadable line.
pub fn unreadable_line(error: &dyn Display) -> String {
    format!("ligne illisible : {error}")
}

/// `bounds.csv`: a cell that is not a non-negative integer.
pub fn not_an_integer(what: &str, text: &str) -> String {
    format!("{what} « {text} » : attendu un entier positif ou une case vide")
}

/// `bounds.csv`: what the instance column holds.
pub const INSTANCE_NUMBER: &str = "numéro d'instance";
/// `bounds.csv`: what the lower bound column holds.
pub const LOWER_BOUND: &str = "borne inférieure";
/// `bounds.csv`: what the best known column holds.
pub const BEST_KNOWN: &str = "meilleure valeur connue";
/// `bounds.csv`: an empty instance number.
pub const MISSING_INSTANCE_NUMBER: &str = "numéro d'instance manquant";

/// `bounds.csv`: an instance number beyond `u32`.
pub fn instance_number_too_big(number: u64) -> String {
    format!("numéro d'instance {number} trop grand")
}

/// `bounds.csv`: an instance given twice.
pub fn instance_twice(number: u32) -> String {
    format!("instance {number} donnée deux fois")
}

/// The import of a benchmark instance failed.
pub fn import_failed(name: &str, error: &dyn Display) -> String {
    format!("import de {name} impossible : {error}")
}

/// The imported instance is refused by the validation.
pub fn imported_refused(file: &str, error: &dyn Display) -> String {
    format!("l'instance importée {file} est refusée : {error}")
}

/// The conditions of a run, at the head of `curtois.md`.
pub struct Conditions<'a> {
    /// When the run started.
    pub date: &'a str,
    /// The machine, described.
    pub machine: &'a str,
    /// The solver's name and version.
    pub solver: &'a str,
    /// gardes' version.
    pub version: &'a str,
    /// The time limit per instance, in seconds, as written.
    pub time_limit: &'a str,
    /// The solver's threads.
    pub threads: u32,
    /// The solver's seed.
    pub seed: u32,
    /// The command line, as typed.
    pub command: &'a str,
}

/// The head of `curtois.md`, up to the table.
pub fn document_head(c: &Conditions<'_>) -> String {
    format!(
        "# Banc d'essai Curtois & Qu\n\n\
         - Date : {}\n\
         - Machine : {}\n\
         - Solveur : {}\n\
         - gardes : {}\n\
         - Limite de temps : {} s par instance ; threads : {} ; graine : {}\n\
         - Commande : `{}`\n\
         - Objectif : pénalité du tableau selon le vérificateur de gardes ; « confirmé » : \
         l'évaluateur du banc d'essai trouve la même pénalité et aucune contrainte dure \
         enfreinte.\n\n",
        c.date, c.machine, c.solver, c.version, c.time_limit, c.threads, c.seed, c.command
    )
}
