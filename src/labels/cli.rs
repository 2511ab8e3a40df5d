//! The French of the command line (`cli/`) and of the commands' workflows (`app/`):
//! argument errors, reading and writing errors, what was written, the server's log.

use std::fmt::Display;

// -- Arguments --------------------------------------------------------------------

/// A date argument that is not `YYYY-MM-DD`.
pub fn bad_date(text: &str) -> String {
    format!("date « {text} » illisible, attendu AAAA-MM-JJ")
}

/// `--hints-time` out of range.
pub const HINTS_TIME: &str = "--hints-time : attendu un nombre de secondes ≥ 0";
/// `--urgency` out of range.
pub const URGENCY: &str = "--urgency : attendu un nombre de 1 à 100";
/// `--notice-days` out of range.
pub const NOTICE_DAYS: &str = "--notice-days : attendu un entier de 0 à 366";
/// `--time-limit` out of range.
pub const TIME_LIMIT: &str = "--time-limit : attendu un nombre de secondes > 0";
/// `--threads` out of range.
pub const THREADS: &str = "--threads : attendu au moins 1";
/// `--gap` out of range.
pub const GAP: &str = "--gap : attendu un écart relatif entre 0 et 1 (0,01 = 1 %)";
/// `--work-limit` out of range.
pub const WORK_LIMIT: &str = "--work-limit : attendu un nombre d'unités de travail > 0 (1 unité = 1 000 itérations du simplexe)";

/// A bad seat of `--give` or `--take`.
pub fn bad_seat(option: &str, problem: impl Display) -> String {
    format!("{option} {problem}")
}

/// An unknown `--regional` calendar.
pub fn unknown_regional(name: &str) -> String {
    format!(
        "--regional : calendrier inconnu « {name} » ; attendu alsace_moselle, mayotte, martinique, guadeloupe, saint_martin, guyane, saint_barthelemy ou reunion"
    )
}

/// A `FIRST..LAST` range that cannot be read.
pub fn bad_range(range: &str) -> String {
    format!(
        "période « {range} » illisible : attendu PREMIER..DERNIER, par exemple 2027-01-01..2027-12-31"
    )
}

/// A `FIRST..LAST` range whose last day is before its first.
pub fn reversed_range(range: &str, first: impl Display, last: impl Display) -> String {
    format!("période « {range} » à l'envers : {last} est avant {first}")
}

// -- Files ------------------------------------------------------------------------

/// A file that cannot be read.
pub fn unreadable(path: impl Display, e: impl Display) -> String {
    format!("lecture de {path} impossible : {e}")
}

/// A text file that is not UTF-8.
pub fn not_utf8(label: impl Display, offset: usize) -> String {
    format!(
        "{label} : le fichier n'est pas en UTF-8 (octet {offset} illisible) ; enregistrez-le en UTF-8"
    )
}

/// A file that cannot be written.
pub fn unwritable(path: impl Display, e: impl Display) -> String {
    format!("écriture de {path} impossible : {e}")
}

/// A folder that cannot be created.
pub fn uncreatable(path: impl Display, e: impl Display) -> String {
    format!("création de {path} impossible : {e}")
}

/// A warning that stops nothing.
pub fn warning(message: impl Display) -> String {
    format!("avertissement : {message}")
}

/// A located warning of the instance file.
pub fn instance_warning(
    file: impl Display,
    line: impl Display,
    column: impl Display,
    message: impl Display,
) -> String {
    format!("{file}:{line}:{column}: avertissement : {message}")
}

/// The help under a located warning.
pub fn warning_help(help: impl Display) -> String {
    format!("  aide : {help}")
}

/// Where the files went (after a blank line where the caller wants one).
pub fn written_to(dir: impl Display) -> String {
    format!("Écrit dans {dir}")
}

/// Where the earlier roster went.
pub fn archived_to(dir: impl Display) -> String {
    format!("Tableau précédent déplacé dans {dir}")
}

// -- Solve, replan, swap ----------------------------------------------------------

/// The first Ctrl-C.
pub const INTERRUPT: &str = "Interruption demandée : arrêt du solveur, le meilleur tableau trouvé sera écrit (Ctrl-C encore pour abandonner).";
/// The second Ctrl-C.
pub const SECOND_INTERRUPT: &str = "Deuxième interruption : abandon, rien de plus n'est écrit.";

/// The Ctrl-C handler could not be installed.
pub fn no_ctrl_c(e: impl Display) -> String {
    warning(format!(
        "Ctrl-C ne pourra pas garder le meilleur tableau ({e})"
    ))
}

/// The end of a dry run of `swap`.
pub const DRY_RUN: &str = "Essai seulement (--dry-run) : rien n'a été écrit.";

/// A re-planning date after the horizon.
pub fn from_after_horizon(from: impl Display, last: impl Display) -> String {
    format!(
        "la date de replanification {from} est après la fin de l'horizon ({last}) : rien à replanifier"
    )
}
/// A swapped roster naming what the instance does not know (a defect).
pub const SWAP_UNKNOWN: &str =
    "défaut interne : le tableau échangé nomme une garde ou un praticien inconnu";

// -- Tokens and serve -------------------------------------------------------------

/// What `gardes tokens` wrote.
pub fn tokens_written(
    path: impl Display,
    count: usize,
    kept: usize,
    added: usize,
    rotated: usize,
) -> String {
    format!(
        "{path} (lisible par vous seul) : {count} jetons de praticiens ; conservés : {kept}, nouveaux : {added}, renouvelés : {rotated}."
    )
}

/// The practitioners whose token was dropped.
pub fn tokens_dropped(ids: &str) -> String {
    format!("Retirés (absents de l'instance, leur adresse ne sert plus) : {ids}")
}

/// The practitioners whose token was renewed.
pub fn tokens_rotated(ids: &str) -> String {
    format!("Renouvelés (l'ancienne adresse ne sert plus) : {ids}")
}

/// The head of the list of addresses.
pub const ADDRESSES: &str = "Adresses à envoyer, chacune à son seul titulaire :";
/// A coordinator's token issued now.
pub const COORDINATOR_ADDED: &str = " (nouveau)";
/// A coordinator's token renewed now.
pub const COORDINATOR_ROTATED: &str = " (renouvelé)";

/// The coordinator's line of the list of addresses.
pub fn coordinator_line(note: &str, url: impl Display) -> String {
    format!("coordinator\ttoutes les gardes{note}\t{url}")
}

/// Paths rather than whole addresses.
pub const PATHS_ONLY: &str =
    "(chemins à placer après l'adresse publique du serveur ; --urls https://… les écrit en entier)";

/// A tokens file others may read.
pub fn tokens_readable(path: impl Display) -> String {
    warning(format!(
        "{path} est lisible par d'autres que vous (chmod 600 conseillé)"
    ))
}

/// No feeds published yet.
pub fn no_feeds_yet(dir: impl Display) -> String {
    warning(format!(
        "{dir} n'existe pas encore ; les flux répondront 503 jusqu'à la publication"
    ))
}

/// The runtime could not start.
pub fn server_start_failed(e: impl Display) -> String {
    format!("démarrage du serveur impossible : {e}")
}

/// A failure of the server, with what failed.
pub fn server_failure(what: &str, e: impl Display) -> String {
    format!("{what} : {e}")
}

/// Ctrl-C and SIGTERM cannot be caught.
pub const SIGNALS_UNAVAILABLE: &str = "signaux d'arrêt indisponibles";
/// SIGHUP cannot be caught.
pub const SIGHUP_UNAVAILABLE: &str = "signal SIGHUP indisponible";
/// The listening address is unknown.
pub const UNKNOWN_ADDRESS: &str = "adresse d'écoute inconnue";
/// The server stopped on an error.
pub const SERVER_ERROR: &str = "serveur arrêté sur une erreur";

/// The address cannot be listened on.
pub fn listen_failed(listen: impl Display, e: impl Display) -> String {
    format!("écoute sur {listen} impossible : {e}")
}

/// Where the server listens.
pub fn listening(address: impl Display) -> String {
    format!("Écoute sur http://{address}")
}

/// What the server serves, and how to stop or reload it.
pub fn serving(count: usize, dir: impl Display, tokens: impl Display) -> String {
    format!(
        "{count} flux servis depuis {dir} ; Ctrl-C ou SIGTERM pour arrêter, SIGHUP pour relire {tokens}"
    )
}

/// Plain HTTP beyond the loopback.
pub const PLAIN_HTTP: &str = "avertissement : le serveur parle HTTP en clair ; placez-le derrière un proxy inverse TLS (docs/serving.md)";

/// The tokens file re-read on SIGHUP.
pub fn reloaded(path: impl Display, count: usize) -> String {
    format!("SIGHUP : {path} relu, {count} flux servis")
}

/// The tokens file unreadable on SIGHUP.
pub fn reload_failed(path: impl Display, detail: impl Display) -> String {
    format!("SIGHUP : {path} illisible, les jetons précédents restent en service :\n{detail}")
}

/// A stop asked by a signal.
pub fn stop_requested(signal: &str) -> String {
    format!("Arrêt demandé ({signal}) : fin des requêtes en cours…")
}

/// Every request finished.
pub const STOPPED_CLEAN: &str = "Arrêt propre.";

/// Requests cut at the end of the grace period.
pub fn grace_expired(seconds: u64) -> String {
    format!("Arrêt : des requêtes duraient encore après {seconds} s, elles ont été interrompues.")
}

// -- Benchmarks -------------------------------------------------------------------

fn plural(n: usize) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

/// Instances of a benchmark run that failed.
pub fn faulty_instances(list: &str) -> String {
    format!("instance(s) en erreur ou non confirmée(s) : {list}")
}

/// A problem of a benchmark file.
pub fn in_file(file: impl Display, problem: impl Display) -> String {
    format!("{file} : {problem}")
}

/// A converted instance that does not read back.
pub fn converted_refused(file: impl Display, rendered: impl Display) -> String {
    format!("{file} : l'instance convertie est refusée\n{rendered}")
}

/// What `gardes import curtois` wrote.
pub fn imported(
    file: impl Display,
    days: impl Display,
    staff: usize,
    shifts: usize,
    output: impl Display,
) -> String {
    format!(
        "{file} : {days} jours, {staff} effectif{}, {shifts} type{} de poste → {output}",
        plural(staff),
        plural(shifts)
    )
}

/// Hard constraints of the benchmark broken.
pub fn benchmark_violations(n: usize) -> String {
    format!(
        "le tableau viole {n} contrainte{s} dure{s} du benchmark",
        s = plural(n)
    )
}

// -- Desiderata -------------------------------------------------------------------

/// Sheets already in the folder.
pub fn sheets_present(count: usize, list: &str) -> String {
    format!(
        "{count} feuille(s) déjà présente(s), rien n'a été écrit (des feuilles rendues s'y trouvent peut-être ; --replace pour les remplacer) : {list}"
    )
}

/// What `gardes desiderata template` wrote.
pub fn sheets_written(count: usize, combined: &str, dir: impl Display) -> String {
    format!("{count} feuilles de praticien et la feuille commune {combined} écrites dans {dir}")
}

/// Cells that cannot be read: nothing written.
pub fn unreadable_cells(problems: &str, count: usize) -> String {
    format!(
        "{problems}\n{count} cellule(s) illisible(s) : rien n'a été écrit (corrigez les feuilles, ou --skip-invalid pour importer le reste)"
    )
}

/// Cells skipped with `--skip-invalid`.
pub fn skipped_cells(count: usize) -> String {
    format!("Ignoré (--skip-invalid), {count} cellule(s) :")
}
