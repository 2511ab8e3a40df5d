//! Desiderata: the practitioners' availability sheets, out and back in.
//!
//! Before a quarter is solved, a coordinator collects each practitioner's unavailability
//! and wishes (*desiderata*). This module writes one spreadsheet per practitioner
//! listing every duty they may take ([`template`]), reads the sheets back, XLSX, ODS or
//! CSV, every unreadable cell located by file, sheet, row and column ([`read`]), merges
//! the marks into the instance text as `unavailable` entries and weighted `wishes`
//! without touching anything else of the file ([`merge`]), and summarises what was
//! collected before any solve: who answered, and per duty how many practitioners may
//! still take it ([`summary`]). docs/guide-coordinateur.md walks through a quarter.
//!
//! The merge is idempotent: imported entries carry a same-line comment
//! ([`merge::MARKER`]), a later import replaces them, and importing the same sheets
//! twice gives the same bytes. Entries written by hand are never changed.
//!
//! Choices, and why:
//!
//! - One row, and one imported entry, per duty. A mark « indisponible » on a Tuesday
//!   evening becomes `{ post, period, date }`, never a day range `{ date }`, which
//!   would also block the night that ends that morning: the instance says exactly what
//!   the practitioner marked.
//! - Duties the instance already makes unavailable by hand are shown pre-marked and
//!   locked; marking them again adds nothing, wishing for them is an error. Entries
//!   written by hand are never changed.
//! - A blank weight is 1; weights go from 1 to [`MAX_WEIGHT`] so that no single wish
//!   outweighs ten others; a weight next to « indisponible » is ignored (it is hard).
//! - An import replaces the earlier imported entries of the practitioners it covers
//!   (a sheet of theirs was read, or a mark), and keeps the others': late sheets are
//!   imported into the merged file alone.
//! - A practitioner answered when a sheet of theirs came back, blank or not (a blank
//!   sheet says « nothing to report »), or when the combined sheet has a mark of theirs.
//!
//! This module reads no clock (the sheets' creation time is the caller's), writes no
//! file and prints nothing: the command line does. It uses [`crate::model::eligible`],
//! the model's own test of who may take a duty, so that the summary counts exactly the
//! candidates the solver will have.

pub mod labels;
pub mod merge;
pub mod read;
pub mod summary;
pub mod template;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::duties::{self, Duty, DutyIdx};
use crate::instance::{self, Diagnostics, Instance, PeriodIdx, PostIdx, PracIdx};

pub use read::{Cell, CellRef, Collected, Grid, Problem, ProblemKind};

/// The highest weight a sheet accepts: one practitioner's wish may count up to ten
/// ordinary ones, never more (the weight column's validation and the import agree).
pub const MAX_WEIGHT: u32 = 10;

/// What a practitioner marked on one duty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Choice {
    /// « indisponible »: they cannot take it (a hard unavailability).
    Unavailable,
    /// « souhaité »: they would like it (a wish `on`).
    Wanted,
    /// « à éviter »: they would rather not (a wish `off`).
    Avoided,
}

/// One duty, as the sheets name it: post, period and the date it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DutyKey {
    /// The post.
    pub post: PostIdx,
    /// The period.
    pub period: PeriodIdx,
    /// The date the duty belongs to (a deep night belongs to its evening).
    pub date: NaiveDate,
}

impl DutyKey {
    /// The key of an expanded duty.
    pub fn of(duty: &Duty) -> DutyKey {
        DutyKey {
            post: duty.post,
            period: duty.period,
            date: duty.date,
        }
    }
}

/// A practitioner's mark on one duty, read from a sheet or from an earlier import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// Who.
    pub practitioner: PracIdx,
    /// Which duty.
    pub duty: DutyKey,
    /// What they marked.
    pub choice: Choice,
    /// The wish's weight, 1 to [`MAX_WEIGHT`] (1 when left blank; unused for an
    /// unavailability).
    pub weight: u32,
    /// Their comment on the row, if any, kept as a comment of the instance file.
    pub comment: Option<String>,
}

/// The instance as the desiderata see it: the entries written by hand, and the marks
/// an earlier import added, told apart by [`merge::MARKER`].
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The instance without the imported entries: what the coordinator wrote.
    pub base: Instance,
    /// Its duties.
    pub duties: Vec<Duty>,
    /// The text without the imported entries, arrays normalised for the merge.
    pub stripped: String,
    /// The marks of earlier imports, in duty order per practitioner.
    pub imported: Vec<Mark>,
    /// Each duty's index by its key.
    index: BTreeMap<DutyKey, DutyIdx>,
}

/// Why the instance could not be prepared.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    /// The instance file itself is invalid.
    #[error(transparent)]
    Invalid(Diagnostics),
    /// The instance's calendar cannot be expanded into duties.
    #[error(transparent)]
    Duties(#[from] duties::DutyError),
    /// The instance text cannot be edited (a layout the merge does not handle).
    #[error("{0}")]
    Merge(#[from] merge::MergeError),
}

impl Prepared {
    /// Validates the instance text, then sets the imported entries apart.
    ///
    /// # Errors
    /// [`PrepareError::Invalid`] with every problem of the file, located in `text`;
    /// [`PrepareError::Merge`] when the text without the imported entries is no longer
    /// a valid instance (an imported entry edited by hand into something else).
    pub fn parse(file: &str, text: &str) -> Result<Prepared, PrepareError> {
        let full = instance::parse(file, text).map_err(PrepareError::Invalid)?;
        let stripped = merge::strip(text)?;
        let base = instance::parse(file, &stripped.text).map_err(|d| {
            merge::MergeError::Internal(format!(
                "le texte sans les desiderata importés n'est plus une instance valide : {}",
                d.summary()
            ))
        })?;
        let duties = duties::expand(&base)?;
        let index = duties.iter().map(|d| (DutyKey::of(d), d.idx)).collect();
        let mut imported = Vec::new();
        for entry in &stripped.entries {
            imported.push(merge::resolve(&full, entry)?);
        }
        let mut prepared = Prepared {
            base,
            duties,
            stripped: stripped.text,
            imported: Vec::new(),
            index,
        };
        prepared.imported = prepared.sorted(imported);
        Ok(prepared)
    }

    /// The duty with this key, if the instance has it.
    pub fn duty(&self, key: &DutyKey) -> Option<&Duty> {
        self.index.get(key).map(|i| &self.duties[i.get()])
    }

    /// Whether `p` could take the duty were it not for unavailability: the post is
    /// theirs, they hold its qualifications, and the period is not forbidden to them
    /// (`max_per_period` 0). `Err` says why not.
    pub fn may_serve(&self, p: PracIdx, duty: &Duty) -> Result<(), Inability> {
        let prac = self.base.practitioner(p);
        if !prac.posts.contains(&duty.post) {
            return Err(Inability::PostNotServed);
        }
        let missing: Vec<String> = self
            .base
            .post(duty.post)
            .qualifications
            .difference(&prac.qualifications)
            .cloned()
            .collect();
        if !missing.is_empty() {
            return Err(Inability::Qualifications(missing));
        }
        if self.base.period_limit(p, duty.period) == Some(0) {
            return Err(Inability::PeriodForbidden);
        }
        Ok(())
    }

    /// Whether the duty is unavailable to `p` by an entry written by hand.
    pub fn unavailable_by_hand(&self, p: PracIdx, duty: &Duty) -> bool {
        self.base
            .practitioner(p)
            .unavailable
            .iter()
            .any(|u| crate::model::targets_duty(&self.base, u, duty))
    }

    /// The duties a practitioner's sheet lists: every duty they could take, in the
    /// order of the duties (start, then post, then period).
    pub fn rows_of(&self, p: PracIdx) -> impl Iterator<Item = &Duty> + '_ {
        self.duties
            .iter()
            .filter(move |d| self.may_serve(p, d).is_ok())
    }

    /// The marks sorted by practitioner, then duty order, then choice.
    fn sorted(&self, mut marks: Vec<Mark>) -> Vec<Mark> {
        let order = |m: &Mark| (m.practitioner, self.index.get(&m.duty).copied(), m.choice);
        marks.sort_by_key(order);
        marks
    }

    /// Every mark that the merged instance will hold: the new ones, and the earlier
    /// imports of the practitioners this import does not cover. Sorted.
    pub fn merged_marks(&self, collected: &Collected) -> Vec<Mark> {
        let covered = &collected.answered;
        let mut marks: Vec<Mark> = self
            .imported
            .iter()
            .filter(|m| !covered.contains(&m.practitioner))
            .cloned()
            .collect();
        marks.extend(collected.marks.iter().cloned());
        self.sorted(marks)
    }
}

/// Why a practitioner cannot take a duty whatever their availability.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inability {
    /// The post is not among theirs.
    PostNotServed,
    /// They lack these qualifications.
    Qualifications(Vec<String>),
    /// Their `max_per_period` for the period is 0.
    PeriodForbidden,
}

/// What an import produced: the merged instance text and what was read.
#[derive(Debug)]
pub struct Import {
    /// The instance text with the marks merged in; a valid instance.
    pub text: String,
    /// What the sheets held: marks, practitioners who answered, problems, comments.
    pub collected: Collected,
    /// The marks the merged text holds (this import's and the earlier imports kept).
    pub marks: Vec<Mark>,
    /// The prepared instance the sheets were read against.
    pub prepared: Prepared,
}

/// Why an import failed as a whole (the sheets' own problems are in
/// [`Import::collected`], not here).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The instance could not be prepared.
    #[error(transparent)]
    Prepare(#[from] PrepareError),
    /// The merged text is not a valid instance: a bug of the merge.
    #[error("défaut interne : l'instance fusionnée est refusée : {0}")]
    Merged(String),
}

/// A sheet file handed to the import: its name (for messages and the format, from the
/// extension) and its bytes.
#[derive(Clone, Debug)]
pub struct SheetFile {
    /// The name as the user gave it (`sheets/d07.xlsx`).
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Reads the sheets against the instance and merges their marks into its text.
///
/// The sheets' problems (unknown mark, date outside the horizon, unknown practitioner,
/// a duty the practitioner cannot take, ...) do not stop the import: the rows that
/// have them are left out and listed in [`Collected::problems`], and the caller decides
/// whether to write the text anyway (`--skip-invalid`).
///
/// # Errors
/// [`ImportError::Prepare`] when the instance is invalid; [`ImportError::Merged`] if
/// the merged text does not read back as a valid instance.
///
/// # Example
/// ```
/// use gardes::desiderata::{self, template, SheetFile};
/// use gardes::instance::PracIdx;
/// let text = r#"
/// horizon = { first = 2027-01-04, last = 2027-01-05 }
/// [[periods]]
/// id = "nuit"
/// start = "20:00"
/// end = "08:00"
/// [[posts]]
/// id = "mende"
/// periods = ["nuit"]
/// [[practitioners]]
/// id = "d01"   # Dr Foldoux
/// posts = ["mende"]
/// "#;
/// // d01's CSV sheet, returned with the night of the 4th marked unavailable.
/// let prepared = desiderata::Prepared::parse("i.toml", text)?;
/// let csv = template::csv(&prepared, Some(PracIdx(0)), &template::Options::default())?
///     .replacen(";;;;d01;2027-01-04", ";indisponible;;;d01;2027-01-04", 1);
/// let sheets = [SheetFile { name: "d01.csv".into(), bytes: csv.into_bytes() }];
/// let import = desiderata::import("i.toml", text, &sheets)?;
/// assert!(import.collected.problems.is_empty());
/// assert!(import.text.contains(
///     "unavailable = [\n  { post = \"mende\", period = \"nuit\", date = 2027-01-04 },   # feuille de desiderata\n]"
/// ));
/// assert!(import.text.contains(r#"id = "d01"   # Dr Foldoux"#), "comments are kept");
/// // Importing the same sheet into the result changes nothing.
/// let again = desiderata::import("i.toml", &import.text, &sheets)?;
/// assert_eq!(again.text, import.text);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn import(file: &str, text: &str, sheets: &[SheetFile]) -> Result<Import, ImportError> {
    let prepared = Prepared::parse(file, text)?;
    let collected = read::collect(&prepared, sheets);
    let marks = prepared.merged_marks(&collected);
    let merged = merge::merge(&prepared.stripped, &prepared.base, &marks)
        .map_err(|e| ImportError::Merged(e.to_string()))?;
    instance::parse(file, &merged).map_err(|d| ImportError::Merged(d.summary()))?;
    Ok(Import {
        text: merged,
        collected,
        marks,
        prepared,
    })
}

/// The practitioners who have at least one of these marks.
pub fn marked(marks: &[Mark]) -> BTreeSet<PracIdx> {
    marks.iter().map(|m| m.practitioner).collect()
}
