//! Keeps an earlier roster: before a solve writes into a folder that already holds
//! one, the files of the earlier solve move to `archive/<date>/` inside that folder.
//!
//! The date is the earlier `assignments.csv`'s modification time in UTC
//! (`archive/2027-01-15T09-30-00Z/`, with `-2`, `-3`... if that folder exists), so a
//! coordinator finds each published roster under the moment it was written. Only the
//! files gardes writes move (each by a rename, on the same file system): anything else
//! in the folder stays where it is. The move happens after the new roster is solved
//! and checked, so a failed solve leaves the earlier roster in place.
//!
//! The feeds' publication history, `ics/publication.json`, moves with `ics/`: a caller
//! that publishes again into the folder reads it first
//! ([`super::feeds::FeedHistory::load`]), so that the new feeds continue the sequence
//! the subscribed calendars know, and the archived copy records what was published
//! then.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::ExportError;

/// The files and folders a solve writes, which an earlier solve left.
pub const OUTPUTS: [&str; 12] = [
    "assignments.csv",
    "changes.csv",
    "uncovered.csv",
    "tableau.csv",
    "honoraires.csv",
    "coverage.csv",
    "coverage_places.csv",
    "summary.json",
    "summary.md",
    "swap.md",
    "report.html",
    "ics",
];

/// The folder inside the output folder that holds earlier rosters.
pub const ARCHIVE: &str = "archive";

/// Moves an earlier roster of `dir` (its outputs, when `assignments.csv` is there) to
/// `dir/archive/<date>/`, and returns that folder; `Ok(None)` when there is no earlier
/// roster.
///
/// # Errors
/// [`ExportError::Io`] when a folder cannot be created or a file cannot be moved; the
/// files already moved are in the archive folder, the others where they were.
pub fn archive_earlier(dir: &Path) -> Result<Option<PathBuf>, ExportError> {
    let roster = dir.join("assignments.csv");
    let meta = match fs::metadata(&roster) {
        Ok(meta) if meta.is_file() => meta,
        Ok(_) => return Ok(None),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(ExportError::Io {
                path: roster,
                source,
            })
        }
    };
    let written: DateTime<Utc> = meta
        .modified()
        .map(DateTime::<Utc>::from)
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let stamp = written.format("%Y-%m-%dT%H-%M-%SZ").to_string();
    let base = dir.join(ARCHIVE);
    let target = free_name(&base, &stamp);
    fs::create_dir_all(&target).map_err(|source| ExportError::Io {
        path: target.clone(),
        source,
    })?;
    for name in OUTPUTS {
        let from = dir.join(name);
        if fs::symlink_metadata(&from).is_err() {
            continue;
        }
        fs::rename(&from, target.join(name)).map_err(|source| ExportError::Io {
            path: from.clone(),
            source,
        })?;
    }
    Ok(Some(target))
}

/// `base/stamp`, or `base/stamp-2`, `base/stamp-3`... the first that does not exist.
fn free_name(base: &Path, stamp: &str) -> PathBuf {
    let first = base.join(stamp);
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| base.join(format!("{stamp}-{n}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // STYLE.md §4: unwrap is fine in tests.
mod tests {
    use super::*;

    #[test]
    fn nothing_to_archive_without_a_roster() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "à garder").unwrap();
        assert_eq!(archive_earlier(dir.path()).unwrap(), None);
        assert!(!dir.path().join(ARCHIVE).exists());
        assert!(archive_earlier(&dir.path().join("absent"))
            .unwrap()
            .is_none());
    }

    #[test]
    fn an_earlier_roster_moves_whole_and_other_files_stay() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("assignments.csv"), "a").unwrap();
        fs::write(d.join("summary.md"), "s").unwrap();
        fs::create_dir(d.join("ics")).unwrap();
        fs::write(d.join("ics").join("d01.ics"), "i").unwrap();
        fs::write(d.join("notes.txt"), "n").unwrap();

        let first = archive_earlier(d).unwrap().unwrap();
        assert!(first.starts_with(d.join(ARCHIVE)));
        assert_eq!(
            fs::read_to_string(first.join("assignments.csv")).unwrap(),
            "a"
        );
        assert_eq!(fs::read_to_string(first.join("summary.md")).unwrap(), "s");
        assert_eq!(fs::read_to_string(first.join("ics/d01.ics")).unwrap(), "i");
        assert!(!d.join("assignments.csv").exists());
        assert!(!d.join("ics").exists());
        assert_eq!(fs::read_to_string(d.join("notes.txt")).unwrap(), "n");

        // A second roster written in the same second gets its own folder.
        fs::write(d.join("assignments.csv"), "b").unwrap();
        let second = archive_earlier(d).unwrap().unwrap();
        assert_ne!(first, second);
        assert_eq!(
            fs::read_to_string(second.join("assignments.csv")).unwrap(),
            "b"
        );
        assert_eq!(
            fs::read_to_string(first.join("assignments.csv")).unwrap(),
            "a"
        );
    }
}
