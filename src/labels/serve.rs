//! The French of the feeds' server (`serve`): the secret tokens file, its header and its
//! problems.

use std::path::Path;

/// The French header of `tokens.toml`.
pub const TOKENS_HEADER: &str = "\
# Jetons SECRETS des flux iCal de gardes (écrit par `gardes tokens`, lu par `gardes serve`).
# Chaque jeton est la clé du calendrier d'un praticien : quiconque connaît l'adresse
# …/ics/<jeton>.ics lit ses gardes. Ne diffusez pas ce fichier, ne le versionnez pas ;
# envoyez à chaque praticien sa propre adresse, et à lui seul.
# Adresse divulguée : gardes tokens INSTANCE.toml -o tokens.toml --rotate <id>
";

/// The tokens file could not be read.
pub fn tokens_unreadable(path: &Path, source: &std::io::Error) -> String {
    format!("lecture de {} impossible : {source}", path.display())
}

/// `--rotate` names an id the instance does not have.
pub fn unknown_rotate(id: &str) -> String {
    format!("--rotate : praticien « {id} » inconnu de l'instance")
}

/// A practitioner id of the instance cannot name its feed.
pub fn unsafe_id(id: &str) -> String {
    format!(
        "l'identifiant de praticien « {id} » ne peut pas nommer un flux ics/<id>.ics \
         (vide, « all », ou contenant / \\ : ou un caractère de contrôle)"
    )
}

/// The operating system's random generator failed.
pub fn no_random(error: &getrandom::Error) -> String {
    format!("générateur aléatoire du système indisponible : {error}")
}

/// A token already used by the feed on `line`.
pub fn duplicate_token(what: &str, line: usize) -> String {
    format!("{what} : ce jeton est déjà celui de la ligne {line}")
}

/// Help for a duplicate token.
pub const DUPLICATE_TOKEN_HELP: &str =
    "chaque flux a son propre jeton ; renouvelez-en un avec gardes tokens --rotate <id>";

/// A practitioner id of the tokens file that cannot name a feed.
pub fn invalid_id(id: &str) -> String {
    format!(
        "identifiant de praticien « {id} » invalide : il ne peut pas nommer un flux ics/<id>.ics"
    )
}

/// Help for an invalid practitioner id.
pub const INVALID_ID_HELP: &str = "ni vide, ni « all », ni / \\ : ou caractère de contrôle";

/// The token of a practitioner, as a message subject.
pub fn practitioner_token(id: &str) -> String {
    format!("jeton de « {id} »")
}

/// Help for every shape error of the tokens file.
pub const SHAPE_HELP: &str =
    "forme attendue : coordinator = \"<jeton>\" (facultatif), puis [practitioners] avec <id> = \"<jeton>\"";

/// An unknown key in the tokens file.
pub fn unknown_key(key: &str) -> String {
    format!("clé inconnue « {key} » dans le fichier des jetons")
}

/// A value of the wrong type in the tokens file.
pub fn invalid_value(english: &str) -> String {
    format!("valeur invalide ({english}) : un jeton est une chaîne entre guillemets")
}

/// Another TOML error in the tokens file.
pub fn syntax(english: &str) -> String {
    format!("syntaxe TOML invalide ({english})")
}

/// An empty token.
pub fn empty_token(what: &str) -> String {
    format!("{what} : jeton vide")
}

/// A token with a character outside base64url.
pub fn invalid_token(what: &str) -> String {
    format!("{what} : caractère interdit ; un jeton ne contient que A-Z a-z 0-9 - _")
}

/// A token shorter than `min` characters.
pub fn short_token(what: &str, chars: usize, min: usize) -> String {
    format!("{what} : jeton trop court ({chars} caractères, au moins {min}) : il se devinerait")
}

/// A token longer than `max` characters.
pub fn long_token(what: &str, chars: usize, max: usize) -> String {
    format!("{what} : jeton trop long ({chars} caractères, au plus {max})")
}

/// Help for every unusable token.
pub const TOKEN_HELP: &str = "générez les jetons avec gardes tokens (43 caractères aléatoires)";
