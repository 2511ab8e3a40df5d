//! The French of `gardes bench curtois` (`crate::bench`): the machine line, the notes of
//! a row not confirmed, the Markdown table and document, and the run's errors.

use std::fmt::Display;
use std::path::Path;

use crate::solve::Engine;

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

/// An engine's name in the table's titles and notes.
pub fn engine(engine: Engine) -> &'static str {
    match engine {
        Engine::Compact => "compact",
        Engine::Decomposition => "décomposition",
        Engine::Auto => "auto",
    }
}

/// The objective column of a run without roster.
pub const NO_ROSTER: &str = "aucun tableau";
/// The objective column of a run that failed.
pub const ERROR: &str = "erreur";
/// The confirmed column: every roster of the instance is confirmed.
pub const CONFIRMED: &str = "oui";

/// The confirmed column: the rosters of `engines` are not confirmed, in bold.
pub fn not_confirmed(engines: &str) -> String {
    format!("**non** ({engines})")
}

/// A note of the table, prefixed with its engine.
pub fn engine_note(engine: &str, note: &str) -> String {
    format!("{engine} : {note}")
}

/// The title of the instance column.
pub const INSTANCE: &str = "Instance";
/// The title of the size column (`14 × 8 × 1`).
pub const SIZE: &str = "Taille";

/// The titles of an engine's four columns.
pub fn engine_titles(engine: &str) -> [String; 4] {
    [
        format!("Objectif {engine}"),
        format!("Borne {engine}"),
        format!("Écart {engine}"),
        format!("Temps {engine} (s)"),
    ]
}

/// The titles of an anchor's two columns.
pub fn anchor_titles(anchor: &str) -> [String; 2] {
    [format!("Objectif {anchor}"), format!("Borne {anchor}")]
}

/// The titles of the columns after the engines and the anchors.
pub const TRAILING_TITLES: [&str; 4] =
    ["Meilleure connue", "Borne publiée", "Confirmé", "Remarque"];

/// An anchor in the document's head: its name and its file.
pub fn anchor_source(name: &str, file: &str) -> String {
    format!("{name} ({file})")
}

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

/// `--engines`: nothing chosen.
pub const NO_ENGINE_CHOSEN: &str = "aucun moteur choisi";

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

/// An anchor's CSV: a missing column.
pub fn missing_anchor_column(name: &str) -> String {
    format!(
        "colonne « {name} » absente (attendu au moins : \
         instance,objective,best_bound,wall_s, comme l'écrivent \
         anchors/highs_curtois.py et anchors/cpsat_curtois.py)"
    )
}

/// An anchor's CSV: a cell that is not a number.
pub fn not_a_number(what: &str, text: &str) -> String {
    format!("{what} « {text} » : attendu un nombre ou une case vide")
}

/// An anchor's CSV: an instance cell that is not a positive integer.
pub fn not_an_instance_number(text: &str) -> String {
    format!("numéro d'instance « {text} » : attendu un entier à partir de 1")
}

/// An anchor's CSV: what the objective column holds.
pub const OBJECTIVE: &str = "objectif";
/// An anchor's CSV: what the bound column holds.
pub const BOUND: &str = "borne";
/// An anchor's CSV: what the seconds column holds.
pub const SECONDS: &str = "durée";

/// An anchor's CSV cannot be read.
pub fn cannot_read_anchor(path: &Path, source: &dyn Display) -> String {
    format!("ancre {} : lecture impossible : {source}", path.display())
}

/// An anchor's CSV is malformed at `line`, `column`.
pub fn malformed_anchor(file: &str, line: u64, column: usize, message: &str) -> String {
    format!("ancre {file}:{line}:{column} : {message}")
}

/// Two anchors of the same name.
pub fn anchor_twice(name: &str, path: &Path) -> String {
    format!(
        "deux ancres s'appellent « {name} » (la seconde : {}) : renommez l'un des \
         fichiers, le nom d'une ancre est celui de son fichier sans extension",
        path.display()
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
    /// The engines, in the table's order.
    pub engines: &'a str,
    /// The anchors and their files; empty when none.
    pub anchors: &'a str,
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
         - Limite de temps : {} s par instance et par moteur ; threads : {} ; graine : {}\n\
         - Moteurs : {}\n\
         - Ancres : {}\n\
         - Commande : `{}`\n\
         - Objectif : pénalité du tableau selon le vérificateur de gardes ; « confirmé » : \
         l'évaluateur du banc d'essai trouve la même pénalité et aucune contrainte dure \
         enfreinte.\n\
         - Taille : jours × effectif × types de poste ; écart : (objectif − borne) / \
         objectif ; temps : import, modèle, résolution et vérifications.\n\n",
        c.date,
        c.machine,
        c.solver,
        c.version,
        c.time_limit,
        c.threads,
        c.seed,
        c.engines,
        if c.anchors.is_empty() {
            "aucune"
        } else {
            c.anchors
        },
        c.command
    )
}
