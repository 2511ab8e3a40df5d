//! The French of the coordinator's workspace (`gardes workspace`, src/workspace/).

use std::path::Path;

/// The application's name in the bar.
pub const APP: &str = "gardes · atelier";

/// Navigation: the quarter.
pub const NAV_QUARTER: &str = "Trimestre";
/// Navigation: the solve.
pub const NAV_SOLVE: &str = "Résoudre";
/// Navigation: the roster.
pub const NAV_ROSTER: &str = "Tableau";
/// Navigation: an absence and its re-planning.
pub const NAV_ABSENCE: &str = "Absence";
/// Navigation: the publication.
pub const NAV_PUBLISH: &str = "Publication";
/// The periods' heading.
pub const NAV_PERIODS: &str = "Créneaux";

/// Headings and columns of the quarter page.
pub const POSTS: &str = "Postes";
/// Heading.
pub const PRACTITIONERS: &str = "Praticiens";
/// Column.
pub const ID: &str = "Identifiant";
/// Column.
pub const LABEL: &str = "Libellé";
/// Column.
pub const NAME: &str = "Nom";
/// Column.
pub const SHARE: &str = "Quote-part";
/// Column.
pub const HOURS: &str = "Heures";
/// Column.
pub const PRACTITIONER: &str = "Praticien";
/// Column.
pub const LOAD: &str = "Charge dans la catégorie";
/// Column.
pub const VERDICT: &str = "Verdict du contrôleur";
/// Column.
pub const ADDRESS: &str = "Adresse privée du flux";

/// The sheets to send.
pub const BLANK_SHEETS: &str = "La feuille de disponibilités de chacun, à lui envoyer (XLSX, \
     comme gardes desiderata template) ; ou une feuille pour tous :";
/// Link.
pub const ALL_IN_ONE: &str = "tous-les-praticiens.xlsx";
/// Column.
pub const SHEET: &str = "Feuille à envoyer";
/// Link.
pub const SHEET_LINK: &str = "télécharger";

/// The horizon's counts.
pub fn counts(posts: usize, periods: usize, practitioners: usize) -> String {
    format!("{posts} postes, {periods} créneaux, {practitioners} praticiens")
}

/// The collection's heading.
pub const COLLECTION: &str = "Recueil des disponibilités";
/// The collection's summary, folded.
pub const COLLECTION_SUMMARY: &str =
    "Qui a répondu, et les gardes déjà difficiles à pourvoir (gardes desiderata summary)";
/// The upload field.
pub const UPLOAD_LABEL: &str = "Feuilles renvoyées (XLSX, ODS ou CSV) :";
/// The upload button.
pub const UPLOAD_BUTTON: &str = "Importer";

/// How many sheets came back.
pub fn sheets_returned(sheets: usize, practitioners: usize) -> String {
    format!(
        "{sheets} feuille{} reçue{} pour {practitioners} praticiens (dossier retours/).",
        plural(sheets),
        plural(sheets)
    )
}

/// Sheets imported.
pub fn imported(n: usize) -> String {
    format!(
        "{n} feuille{} importée{} dans l'instance",
        plural(n),
        plural(n)
    )
}

/// An upload that cannot be read.
pub const UPLOAD_BROKEN: &str = "envoi illisible : rien n'a été importé";
/// No sheet chosen.
pub const NO_SHEET: &str = "aucune feuille choisie : rien n'a été importé";
/// A sheet's name refused.
pub const SHEETS_REFUSED: &str = "feuille refusée : rien n'a été importé";

/// A sheet's name that is not a sheet.
pub fn bad_sheet_name(given: &str) -> String {
    format!(
        "« {given} » : attendu un fichier .xlsx, .ods ou .csv de moins de 5 Mo, au nom fait de \
         lettres, chiffres, espaces, - _ ."
    )
}

/// The import failed as a whole.
pub const IMPORT_FAILED: &str = "import impossible : rien n'a été importé";
/// The sheets hold problems.
pub const IMPORT_PROBLEMS: &str =
    "les feuilles contiennent des erreurs : rien n'a été importé ; corrigez-les et renvoyez-les";

/// The instance file does not load.
pub const INSTANCE_INVALID: &str = "le fichier d'instance n'est pas valide";

/// The solve page.
pub const SOLVE: &str = "Résoudre le trimestre";
/// Field.
pub const TIME_LIMIT: &str = "Limite de temps (secondes) :";
/// Under the solve button.
pub const SOLVE_NOTE: &str = "Le tableau calculé devient le brouillon (dossier brouillon/) : \
     rien n'est publié avant le bouton Publier.";
/// A solve started.
pub const SOLVE_STARTED: &str = "résolution lancée";
/// A solve runs.
pub const RUNNING: &str = "Résolution en cours…";
/// Before the first progress.
pub const WAITING: &str = "préparation du modèle…";
/// Stop button.
pub const STOP: &str = "Arrêter";
/// Beside the stop button.
pub const STOP_NOTE: &str = "(le meilleur tableau trouvé jusque-là est gardé)";
/// The solve ended.
pub const SOLVE_DONE: &str = "Tableau calculé et vérifié.";
/// The solve failed.
pub const SOLVE_FAILED: &str = "La résolution a échoué ; le brouillon n'a pas changé.";
/// The solve's summary (summary.md), folded.
pub const SOLVE_SUMMARY: &str =
    "Résumé : statut, écart prouvé, gardes non pourvues et pourquoi, charges";
/// Link.
pub const SEE_ROSTER: &str = "Voir le tableau";
/// Link.
pub const FULL_REPORT: &str = "Rapport complet (à imprimer)";

/// The roster page's subtitle.
pub const DRAFT_TITLE: &str = "Brouillon de l'atelier, vérifié par le contrôleur";
/// Above the grid.
pub const GRID_HELP: &str = "Cliquez une garde du tableau : le panneau montre qui peut la \
     prendre, selon le contrôleur indépendant, avec sa charge ; confiez-la ou échangez-la.";
/// No roster yet.
pub const NO_ROSTER: &str = "Pas encore de tableau : résolvez d'abord le trimestre.";
/// A seat that names no duty.
pub const NO_SEAT: &str = "garde inconnue";
/// A roster with rows that name nothing of the instance.
pub const UNKNOWN_ROWS: &str =
    "le tableau nomme des gardes ou des praticiens que l'instance ne connaît pas";

/// The panel's title.
pub fn seat_title(post: &str, date: chrono::NaiveDate, periods: &str) -> String {
    format!("{post}, {}, {periods}", date.format("%d/%m/%Y"))
}

/// Who holds the seat.
pub fn held_by(name: &str) -> String {
    format!("Tenue par {name}.")
}

/// A seat asked for that its holder does not hold (the page is out of date).
pub fn not_held(name: &str) -> String {
    format!("{name} ne tient pas (ou plus) cette garde : rechargez la page")
}

/// Load against target in a category.
pub fn load_against(category: &str, load: u32, target: &str) -> String {
    format!("{category} : {load} (cible {target})")
}

/// Practitioners not on the seat's post.
pub fn others_not_on_post(n: usize) -> String {
    format!(
        "{n} autre{} praticien{} ne participe{} pas à ce poste (ou n'en {} pas la qualification).",
        plural(n),
        plural(n),
        if n > 1 { "nt" } else { "" },
        if n > 1 { "ont" } else { "a" }
    )
}

/// An empty seat.
pub const EMPTY_SEAT: &str = "Garde non pourvue.";
/// What to do with it.
pub const EMPTY_SEAT_HELP: &str = "Personne ne peut la prendre sans enfreindre une règle \
     (raison ci-dessus) : changez les disponibilités ou la demande, puis résolvez à nouveau.";
/// Button of a candidate.
pub const GIVE_TO: &str = "Lui confier";
/// Starts an exchange.
pub const START_EXCHANGE: &str = "Échanger contre une autre garde…";
/// Then.
pub const EXCHANGE_HELP: &str =
    "Cliquez maintenant dans le tableau la garde d'un autre praticien à prendre en échange.";
/// Confirms an exchange.
pub const CONFIRM_EXCHANGE: &str = "Confirmer l'échange (vérifié par le contrôleur)";
/// An exchange refused.
pub const EXCHANGE_REFUSED: &str = "échange refusé ; le tableau n'a pas changé";
/// An exchange done.
pub const EXCHANGED: &str = "échange fait et vérifié ; le brouillon est à jour";

/// The absence page.
pub const FROM_DAY: &str = "Absent du";
/// Field.
pub const TO_DAY: &str = "au";
/// Field.
pub const REPLAN_FROM: &str = "Replanifier à partir du";
/// Beside it.
pub const REPLAN_FROM_NOTE: &str =
    "(par défaut le premier jour d'absence ; les gardes d'avant ne changent pas)";
/// Button.
pub const REPLAN: &str = "Replanifier avec le moins de changements";
/// A re-planning started.
pub const REPLAN_STARTED: &str = "replanification lancée";
/// A re-planning runs.
pub const REPLANNING: &str = "Replanification en cours…";
/// Its changes.
pub const CHANGES_TITLE: &str = "Changements proposés";
/// Before them.
pub const CHANGES_INTRO: &str = "Voici chaque garde qui change de main. Rien n'est encore \
     gardé : gardez ces changements pour mettre le brouillon à jour, ou abandonnez-les.";
/// Folded summary.
pub const REPLAN_SUMMARY: &str = "Résumé de la replanification";
/// Button.
pub const KEEP: &str = "Garder ces changements";
/// Button.
pub const DROP: &str = "Abandonner";
/// Kept.
pub const REPLAN_KEPT: &str = "changements gardés ; le brouillon est à jour";
/// Dropped.
pub const REPLAN_DROPPED: &str = "changements abandonnés ; le brouillon n'a pas changé";
/// Failed.
pub const REPLAN_FAILED: &str = "La replanification a échoué ; le brouillon n'a pas changé.";
/// Nothing to keep.
pub const NOTHING_PENDING: &str = "aucune replanification à garder";

/// The publication page.
pub const PUBLISHED_HERE: &str = "Tableau publié (dossier publication/) :";
/// Nothing published.
pub const NOTHING_PUBLISHED: &str = "Rien n'est encore publié.";
/// Button.
pub const PUBLISH: &str = "Publier le brouillon";
/// Beside it.
pub const PUBLISH_NOTE: &str = "(tableau, flux iCal avec leur historique ; la publication \
     précédente va dans publication/archive/)";
/// Published.
pub const PUBLISHED: &str = "brouillon publié";
/// Publication failed.
pub const PUBLISH_FAILED: &str = "publication impossible ; rien n'a été publié";
/// Tokens failed.
pub const TOKENS_FAILED: &str = "tableau publié, mais les jetons des flux n'ont pu être écrits";
/// Feeds.
pub const FEEDS_TITLE: &str = "Adresses des flux iCal";
/// Before them.
pub const FEEDS_INTRO: &str = "Envoyez à chaque praticien sa propre adresse, et à lui seul : \
     elle donne accès à ses gardes (servies par gardes serve publication/ --tokens tokens.toml).";
/// Without a base.
pub const FEEDS_PATHS_ONLY: &str = "Chemins seuls : relancez l'atelier avec --urls \
     https://votre-serveur pour des adresses complètes.";

/// The earlier tableau's archive.
pub fn archived_to(path: &Path) -> String {
    format!("publication précédente archivée dans {}", path.display())
}

/// Tokens kept and added.
pub fn tokens_line(kept: usize, added: usize) -> String {
    format!("jetons des flux : {kept} gardés, {added} créés (tokens.toml)")
}

/// Login.
pub const LOGIN_TITLE: &str = "Atelier gardes : connexion";
/// Field.
pub const SECRET: &str = "Secret du coordinateur :";
/// Button.
pub const LOGIN: &str = "Entrer";
/// Wrong secret.
pub const LOGIN_FAILED: &str = "Secret incorrect.";

/// Conflicts.
pub const CONFLICT_TITLE: &str = "Modification refusée";
/// The quarter changed under the page.
pub const STALE: &str = "Le trimestre a changé depuis l'affichage de cette page (dans un autre \
     onglet, ou par une commande) : rien n'a été modifié. Rechargez la page et recommencez.";
/// A seat chosen on a stale page.
pub const STALE_PANEL: &str = "Le tableau a changé depuis l'affichage de cette page (dans un \
     autre onglet, ou par une commande) : rechargez la page avant de choisir une garde.";
/// A job runs.
pub const JOB_RUNNING: &str = "Une résolution ou une replanification est en cours : rien n'a \
     été modifié. Attendez sa fin ou arrêtez-la.";

/// Refusals of the guard.
pub const BAD_HOST: &str = "adresse refusée : l'atelier ne répond qu'à son adresse locale";
/// No session.
pub const NO_SESSION: &str = "connexion requise";
/// Cross-site.
pub const CROSS_SITE: &str = "requête refusée : elle ne vient pas d'une page de l'atelier";
/// 404.
pub const NOT_FOUND: &str = "page introuvable";
/// A defect.
pub const INTERNAL: &str = "erreur interne de gardes";
/// Off loopback without a secret.
pub const SECRET_REQUIRED: &str = "hors de l'adresse locale (127.0.0.1), l'atelier exige un \
     secret du coordinateur : --secret-file FICHIER";

/// A secret too short.
pub fn secret_too_short(min: usize) -> String {
    format!("le secret du coordinateur doit compter au moins {min} caractères")
}

/// A date that cannot be read.
pub fn bad_date(text: &str) -> String {
    format!("date « {text} » illisible : attendu AAAA-MM-JJ")
}

/// A file that cannot be written.
pub fn unwritable(path: &Path, e: &std::io::Error) -> String {
    format!("écriture de {} impossible : {e}", path.display())
}

/// The quarter's folder is missing.
pub fn no_folder(path: &Path, e: &std::io::Error) -> String {
    format!("dossier du trimestre {} introuvable : {e}", path.display())
}

/// Not a folder.
pub fn not_a_folder(path: &Path) -> String {
    format!("{} n'est pas un dossier", path.display())
}

/// The instance named is missing.
pub fn no_instance(path: &Path, e: &std::io::Error) -> String {
    format!("fichier d'instance {} introuvable : {e}", path.display())
}

/// The instance named is outside the folder.
pub fn instance_outside(path: &Path, folder: &Path) -> String {
    format!(
        "le fichier d'instance {} doit être dans le dossier du trimestre {}",
        path.display(),
        folder.display()
    )
}

/// No instance in the folder.
pub fn no_toml(folder: &Path) -> String {
    format!(
        "aucun fichier d'instance .toml dans {} (tokens.toml mis à part)",
        folder.display()
    )
}

/// Several instances in the folder.
pub fn several_toml(folder: &Path, found: &[std::path::PathBuf]) -> String {
    let names: Vec<String> = found
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    format!(
        "plusieurs fichiers .toml dans {} ({}) : choisissez l'instance avec --instance",
        folder.display(),
        names.join(", ")
    )
}

/// The command's first line: where to open the workspace.
pub fn open_at(url: &str) -> String {
    format!("Atelier ouvert : {url}")
}

/// On stderr, after the address.
pub const HOW_TO_STOP: &str = "Ctrl-C pour arrêter l'atelier.";

/// The server could not start.
pub fn listen_failed(address: std::net::SocketAddr, e: &std::io::Error) -> String {
    format!("impossible d'écouter sur {address} : {e}")
}

/// The secret file cannot be read.
pub fn secret_unreadable(path: &Path, e: &std::io::Error) -> String {
    format!("lecture du secret {} impossible : {e}", path.display())
}

fn plural(n: usize) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}
