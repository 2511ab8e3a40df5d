//! The feeds' secret tokens: `tokens.toml`, one random URL-safe token per practitioner
//! (and optionally one for the coordinator's `ics/all.ics`), the capability that opens
//! a feed at `/ics/<token>.ics`.
//!
//! [`Tokens::issue`] keeps the tokens already sent to doctors, adds newcomers, drops
//! those no longer in the instance and renews the ones asked for (a leaked URL).
//! [`Tokens::parse`] reads the file back, every problem located by file, line and
//! column ([`Diagnostics`]); [`Tokens::save`] writes it atomically, readable by its
//! owner only. [`Tokens::lookup`] finds the feed of a token in constant time.
//!
//! The file:
//!
//! ```toml
//! # (a French header saying the file is secret)
//! coordinator = "…"        # optional: ics/all.ics
//!
//! [practitioners]
//! d01 = "2bQ0…"            # ics/d01.ics
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use subtle::{ConditionallySelectable, ConstantTimeEq};
use toml::Spanned;

use crate::instance::{line_column, Diagnostic, Diagnostics};
use crate::labels::serve as fr;

/// Random bytes in a generated token: 256 bits from the OS generator.
pub const TOKEN_BYTES: usize = 32;

/// The fewest characters a token may have: 22 base64url characters carry 132 bits,
/// so a hand-written token shorter than that cannot hold the 128 bits a guess must
/// not find.
pub const MIN_TOKEN_CHARS: usize = 22;

/// The most characters a token may have (a URL segment stays short).
pub const MAX_TOKEN_CHARS: usize = 128;

/// Stable codes of the problems of a tokens file.
pub mod codes {
    /// The file is not valid TOML, or has a value of the wrong type.
    pub const SYNTAX: &str = "gardes::serve::syntax";
    /// A key the tokens file does not have.
    pub const UNKNOWN_KEY: &str = "gardes::serve::unknown_key";
    /// A practitioner id that cannot name its feed `ics/<id>.ics`.
    pub const INVALID_ID: &str = "gardes::serve::invalid_id";
    /// An empty token.
    pub const EMPTY_TOKEN: &str = "gardes::serve::empty_token";
    /// A token shorter than [`super::MIN_TOKEN_CHARS`].
    pub const SHORT_TOKEN: &str = "gardes::serve::short_token";
    /// A token longer than [`super::MAX_TOKEN_CHARS`].
    pub const LONG_TOKEN: &str = "gardes::serve::long_token";
    /// A token with a character outside `A-Z a-z 0-9 - _`.
    pub const INVALID_TOKEN: &str = "gardes::serve::invalid_token";
    /// Two feeds with the same token.
    pub const DUPLICATE_TOKEN: &str = "gardes::serve::duplicate_token";
}

/// What a token opens.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feed {
    /// A practitioner's feed, `ics/<id>.ics`.
    Practitioner(String),
    /// The coordinator's feed of every seat, `ics/all.ics`.
    Coordinator,
}

impl Feed {
    /// The feed's file name inside `ics/`.
    pub fn file_name(&self) -> String {
        match self {
            Feed::Practitioner(id) => format!("{id}.ics"),
            Feed::Coordinator => "all.ics".to_owned(),
        }
    }

    /// Who the feed belongs to, for logs: the practitioner id, or `coordinator`.
    pub fn owner(&self) -> &str {
        match self {
            Feed::Practitioner(id) => id,
            Feed::Coordinator => "coordinator",
        }
    }
}

/// The tokens of every feed: practitioner id → token, and the coordinator's.
///
/// Every token is URL-safe, [`MIN_TOKEN_CHARS`] to [`MAX_TOKEN_CHARS`] long and
/// unique, and every id can name a file: [`Tokens::parse`] and [`Tokens::issue`]
/// make sure of it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tokens {
    #[serde(skip_serializing_if = "Option::is_none")]
    coordinator: Option<String>,
    practitioners: BTreeMap<String, String>,
}

/// What [`Tokens::issue`] asks for besides the instance's practitioners.
#[derive(Clone, Debug, Default)]
pub struct IssueOptions {
    /// Practitioners whose token is renewed.
    pub rotate: Vec<String>,
    /// Issue a coordinator token for `ics/all.ics` if there is none.
    pub coordinator: bool,
    /// Renew the coordinator's token (issuing one if there is none).
    pub rotate_coordinator: bool,
}

/// The tokens [`Tokens::issue`] made, and what changed.
#[derive(Clone, Debug)]
pub struct Issued {
    /// The new table.
    pub tokens: Tokens,
    /// Practitioners whose token was kept.
    pub kept: Vec<String>,
    /// Practitioners who got their first token.
    pub added: Vec<String>,
    /// Practitioners whose token was renewed.
    pub rotated: Vec<String>,
    /// Practitioners of the previous file no longer in the instance: their token is gone.
    pub dropped: Vec<String>,
    /// What happened to the coordinator's token.
    pub coordinator: CoordinatorToken,
}

/// What happened to the coordinator's token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoordinatorToken {
    /// There is none.
    None,
    /// The previous one was kept.
    Kept,
    /// A first one was issued.
    Added,
    /// It was renewed.
    Rotated,
}

/// Why a tokens file could not be read or issued.
#[derive(Debug, thiserror::Error)]
pub enum TokensError {
    /// The file could not be read.
    #[error("{}", fr::tokens_unreadable(.path, .source))]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The file is not valid: every problem, located.
    #[error("{}", .0.summary())]
    Invalid(Diagnostics),
    /// `--rotate` names an id the instance does not have.
    #[error("{}", fr::unknown_rotate(.0))]
    UnknownRotate(String),
    /// A practitioner id of the instance cannot name its feed.
    #[error("{}", fr::unsafe_id(.0))]
    UnsafeId(String),
    /// The operating system's random generator failed.
    #[error("{}", fr::no_random(.0))]
    Random(getrandom::Error),
}

/// The raw file, with spans for the messages.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTokens {
    coordinator: Option<Spanned<String>>,
    #[serde(default)]
    practitioners: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// A new random token: [`TOKEN_BYTES`] bytes from the operating system's generator,
/// in unpadded base64url (43 characters of `A-Z a-z 0-9 - _`).
///
/// # Errors
/// [`TokensError::Random`] when the generator is unavailable.
pub fn generate() -> Result<String, TokensError> {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(TokensError::Random)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The URL path of a token's feed: `/ics/<token>.ics`.
pub fn url_path(token: &str) -> String {
    format!("/ics/{token}.ics")
}

/// Whether `c` may appear in a token (the base64url alphabet, which needs no
/// percent-encoding in a URL).
pub fn is_token_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_'
}

/// Whether a practitioner id can name its feed `ics/<id>.ics` (the rule of
/// `export::write_all`): not empty, `.`, `..` or `all`, and without `/ \ :` or a
/// control character.
pub fn is_safe_id(id: &str) -> bool {
    !(id.is_empty()
        || id == "."
        || id == ".."
        || id.eq_ignore_ascii_case("all")
        || id
            .chars()
            .any(|c| matches!(c, '/' | '\\' | ':') || c.is_control()))
}

impl Tokens {
    /// The practitioners' tokens, by id.
    pub fn practitioners(&self) -> &BTreeMap<String, String> {
        &self.practitioners
    }

    /// The coordinator's token, if any.
    pub fn coordinator(&self) -> Option<&str> {
        self.coordinator.as_deref()
    }

    /// How many feeds the tokens open.
    pub fn len(&self) -> usize {
        self.practitioners.len() + usize::from(self.coordinator.is_some())
    }

    /// Whether no token opens anything.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The feed a token opens, if any.
    ///
    /// Constant time in the token: the candidate is compared with *every* token with
    /// `subtle`'s `ConstantTimeEq` (no early exit on the first differing byte, nor on
    /// the first match) and the match is kept with a conditional select, so the time
    /// taken tells an attacker nothing about how much of a token they guessed. Only
    /// the candidate's length may show, and it is no secret (every generated token is
    /// 43 characters). A hash map would answer in constant time on average too, but
    /// its final key comparison is an ordinary early-exit `==`; a linear scan of a few
    /// hundred tokens costs microseconds and is obviously right.
    pub fn lookup(&self, candidate: &[u8]) -> Option<Feed> {
        // 0: no match; i + 1: the i-th practitioner; len + 1: the coordinator.
        let mut found = 0u32;
        let mut index = 0u32;
        for token in self.practitioners.values() {
            index += 1;
            let equal = token.as_bytes().ct_eq(candidate);
            found.conditional_assign(&index, equal);
        }
        index += 1;
        if let Some(token) = &self.coordinator {
            let equal = token.as_bytes().ct_eq(candidate);
            found.conditional_assign(&index, equal);
        }
        match found {
            0 => None,
            n if n == index => Some(Feed::Coordinator),
            n => self
                .practitioners
                .keys()
                .nth(n as usize - 1)
                .map(|id| Feed::Practitioner(id.clone())),
        }
    }

    /// Reads a tokens file's text; `file` names it in the messages.
    ///
    /// # Errors
    /// [`TokensError::Invalid`] with every problem located by line and column: TOML
    /// syntax, unknown keys, values that are not strings, ids that cannot name a
    /// feed, empty, short, long or non-URL-safe tokens, a token used twice.
    pub fn parse(file: &str, text: &str) -> Result<Tokens, TokensError> {
        let mut problems = Problems {
            file,
            text,
            found: Vec::new(),
        };
        let raw: RawTokens = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                problems.toml(&e);
                return Err(problems.finish());
            }
        };
        let mut seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
        let mut tokens = Tokens::default();
        let mut check = |problems: &mut Problems<'_>, what: &str, token: &Spanned<String>| {
            let ok = problems.token(what, token);
            if !ok {
                return false;
            }
            if let Some(first) = seen.get(token.get_ref().as_str()) {
                let (line, _) = line_column(text, first.start);
                problems.push(
                    codes::DUPLICATE_TOKEN,
                    token.span(),
                    fr::duplicate_token(what, line),
                    Some(fr::DUPLICATE_TOKEN_HELP.to_owned()),
                );
                return false;
            }
            seen.insert(token.get_ref().clone(), token.span());
            true
        };
        if let Some(token) = &raw.coordinator {
            if check(&mut problems, "coordinator", token) {
                tokens.coordinator = Some(token.get_ref().clone());
            }
        }
        for (id, token) in &raw.practitioners {
            let mut ok = true;
            if !is_safe_id(id.get_ref()) {
                problems.push(
                    codes::INVALID_ID,
                    id.span(),
                    fr::invalid_id(id.get_ref()),
                    Some(fr::INVALID_ID_HELP.to_owned()),
                );
                ok = false;
            }
            let what = fr::practitioner_token(id.get_ref());
            if check(&mut problems, &what, token) && ok {
                tokens
                    .practitioners
                    .insert(id.get_ref().clone(), token.get_ref().clone());
            }
        }
        if problems.found.is_empty() {
            Ok(tokens)
        } else {
            Err(problems.finish())
        }
    }

    /// Reads a tokens file.
    ///
    /// # Errors
    /// [`TokensError::Io`] when it cannot be read (or is not UTF-8), else as
    /// [`Tokens::parse`].
    pub fn load(path: &Path) -> Result<Tokens, TokensError> {
        let text = std::fs::read_to_string(path).map_err(|source| TokensError::Io {
            path: path.to_owned(),
            source,
        })?;
        Tokens::parse(&path.display().to_string(), &text)
    }

    /// The file's text: the French header saying it is secret, then the tokens.
    pub fn to_toml(&self) -> String {
        // Serialising a map of strings cannot fail; an empty table is the fallback.
        let body = toml::to_string(self).unwrap_or_default();
        format!("{}\n{body}", fr::TOKENS_HEADER)
    }

    /// Writes the file atomically, readable and writable by its owner only (mode
    /// 0600 on Unix, from the moment the file exists).
    ///
    /// # Errors
    /// Any I/O error; the previous file is then unchanged.
    pub fn save(&self, path: &Path) -> io::Result<()> {
        crate::export::atomic::write_private(path, self.to_toml().as_bytes())
    }

    /// The tokens for the practitioners `ids` (an instance's): those of `previous`
    /// are kept, so the URLs already sent stay valid; newcomers get a new token; the
    /// ids of `options.rotate` get a new one; ids of `previous` absent from `ids` are
    /// dropped. The coordinator's token is kept, issued or renewed as `options` says.
    ///
    /// # Errors
    /// [`TokensError::UnknownRotate`] for a `--rotate` id not in `ids`,
    /// [`TokensError::UnsafeId`] for an id that cannot name a feed,
    /// [`TokensError::Random`] when the generator fails.
    pub fn issue(
        previous: &Tokens,
        ids: &[&str],
        options: &IssueOptions,
    ) -> Result<Issued, TokensError> {
        let wanted: BTreeSet<&str> = ids.iter().copied().collect();
        if let Some(unsafe_id) = wanted.iter().find(|id| !is_safe_id(id)) {
            return Err(TokensError::UnsafeId((*unsafe_id).to_owned()));
        }
        let rotate: BTreeSet<&str> = options.rotate.iter().map(String::as_str).collect();
        if let Some(unknown) = rotate.iter().find(|id| !wanted.contains(*id)) {
            return Err(TokensError::UnknownRotate((*unknown).to_owned()));
        }
        // Every token of the previous file, kept or replaced: a fresh token repeats
        // none (a collision of 256 random bits will not happen, but the table's
        // uniqueness must not rest on it, and a renewed token must never come back).
        let mut used: BTreeSet<String> = previous.practitioners.values().cloned().collect();
        used.extend(previous.coordinator.iter().cloned());
        let mut out = Issued {
            tokens: Tokens::default(),
            kept: Vec::new(),
            added: Vec::new(),
            rotated: Vec::new(),
            dropped: previous
                .practitioners
                .keys()
                .filter(|id| !wanted.contains(id.as_str()))
                .cloned()
                .collect(),
            coordinator: CoordinatorToken::None,
        };
        for id in &wanted {
            let token = match previous.practitioners.get(*id) {
                Some(token) if !rotate.contains(id) => {
                    out.kept.push((*id).to_owned());
                    token.clone()
                }
                Some(_) => {
                    out.rotated.push((*id).to_owned());
                    fresh(&mut used)?
                }
                None => {
                    out.added.push((*id).to_owned());
                    fresh(&mut used)?
                }
            };
            out.tokens.practitioners.insert((*id).to_owned(), token);
        }
        (out.tokens.coordinator, out.coordinator) = match &previous.coordinator {
            Some(_) if options.rotate_coordinator => {
                (Some(fresh(&mut used)?), CoordinatorToken::Rotated)
            }
            Some(token) => (Some(token.clone()), CoordinatorToken::Kept),
            None if options.coordinator || options.rotate_coordinator => {
                (Some(fresh(&mut used)?), CoordinatorToken::Added)
            }
            None => (None, CoordinatorToken::None),
        };
        Ok(out)
    }
}

/// A fresh token that is not in `used`, and is then.
fn fresh(used: &mut BTreeSet<String>) -> Result<String, TokensError> {
    loop {
        let token = generate()?;
        if used.insert(token.clone()) {
            return Ok(token);
        }
    }
}

/// Whether the file at `path` can be read or written by anyone but its owner (Unix
/// mode bits); `false` elsewhere or when its metadata cannot be read.
pub fn readable_by_others(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// The problems found in one tokens file.
struct Problems<'a> {
    file: &'a str,
    text: &'a str,
    found: Vec<Diagnostic>,
}

impl Problems<'_> {
    fn push(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        message: String,
        help: Option<String>,
    ) {
        let (line, column) = line_column(self.text, span.start);
        self.found.push(Diagnostic {
            code,
            message,
            file: self.file.to_owned(),
            line,
            column,
            span,
            help,
        });
    }

    fn finish(self) -> TokensError {
        TokensError::Invalid(Diagnostics::with_source(self.found, self.file, self.text))
    }

    /// A TOML or shape error, in French where the message is a common one.
    fn toml(&mut self, e: &toml::de::Error) {
        let span = e.span().unwrap_or(0..0);
        let english = e.message().trim();
        let help = Some(fr::SHAPE_HELP.to_owned());
        if let Some(rest) = english.strip_prefix("unknown field `") {
            let key = rest.split('`').next().unwrap_or(rest);
            self.push(codes::UNKNOWN_KEY, span, fr::unknown_key(key), help);
        } else if english.starts_with("invalid type") {
            self.push(codes::SYNTAX, span, fr::invalid_value(english), help);
        } else {
            self.push(codes::SYNTAX, span, fr::syntax(english), help);
        }
    }

    /// Checks one token's text; `false` (with a problem recorded) if it is unusable.
    fn token(&mut self, what: &str, token: &Spanned<String>) -> bool {
        let text = token.get_ref();
        let chars = text.chars().count();
        let (code, message) = if text.is_empty() {
            (codes::EMPTY_TOKEN, fr::empty_token(what))
        } else if !text.bytes().all(is_token_char) {
            (codes::INVALID_TOKEN, fr::invalid_token(what))
        } else if chars < MIN_TOKEN_CHARS {
            (
                codes::SHORT_TOKEN,
                fr::short_token(what, chars, MIN_TOKEN_CHARS),
            )
        } else if chars > MAX_TOKEN_CHARS {
            (
                codes::LONG_TOKEN,
                fr::long_token(what, chars, MAX_TOKEN_CHARS),
            )
        } else {
            return true;
        };
        self.push(code, token.span(), message, Some(fr::TOKEN_HELP.to_owned()));
        false
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // STYLE.md §4: unwrap is fine in tests.
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_are_url_safe_and_distinct() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_eq!(a.len(), 43);
        assert!(a.bytes().all(is_token_char));
        assert_ne!(a, b);
    }

    #[test]
    fn lookup_finds_each_feed_and_nothing_else() {
        let t = "A".repeat(43);
        let u = "B".repeat(43);
        let c = "C".repeat(43);
        let text =
            format!("coordinator = \"{c}\"\n[practitioners]\nd01 = \"{t}\"\nd02 = \"{u}\"\n");
        let tokens = Tokens::parse("t.toml", &text).unwrap();
        assert_eq!(
            tokens.lookup(t.as_bytes()),
            Some(Feed::Practitioner("d01".into()))
        );
        assert_eq!(
            tokens.lookup(u.as_bytes()),
            Some(Feed::Practitioner("d02".into()))
        );
        assert_eq!(tokens.lookup(c.as_bytes()), Some(Feed::Coordinator));
        assert_eq!(tokens.lookup(b"d01"), None);
        assert_eq!(tokens.lookup(&t.as_bytes()[..42]), None);
        assert_eq!(tokens.lookup(b""), None);
        assert_eq!(Tokens::default().lookup(b""), None);
    }
}
