//! One publication into a folder (`solve`, `replan`, `swap`): the earlier roster
//! archived, the roster's files, the feeds continuing their history, the coverage files
//! and the command's own files, each written atomically.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::Error;
use crate::check::PopulationFigures;
use crate::duties::Duty;
use crate::export::{self, feeds::FeedHistory};
use crate::instance::Instance;
use crate::roster::Roster;

/// Everything a command publishes into its output folder.
pub struct Publication {
    /// The output folder.
    pub output: PathBuf,
    /// The instance (for a re-planning, the changed one).
    pub instance: Instance,
    /// Its duties.
    pub duties: Vec<Duty>,
    /// The roster published.
    pub roster: Roster,
    /// The checker's population figures, for coverage.csv and coverage_places.csv.
    pub population: Option<PopulationFigures>,
    /// Further files of the folder, by name (summaries, changes.csv, report.html...).
    pub files: Vec<(&'static str, String)>,
    /// The feeds' history, read before the earlier files were archived.
    pub history: FeedHistory,
    /// The publication instant: iCal LAST-MODIFIED of what changes.
    pub now: DateTime<Utc>,
    /// Overwrite instead of archiving the earlier roster.
    pub replace: bool,
    /// The summary the command line prints on success.
    pub markdown: String,
}

impl Publication {
    /// Archives the folder's earlier roster (unless `replace`), then writes the roster's
    /// files, the feeds continuing their history, the coverage files and the other
    /// files, each atomically. Returns where the earlier roster went.
    ///
    /// # Errors
    /// [`Error::Write`] when the archive or a file cannot be written.
    pub fn write(&self) -> Result<Option<PathBuf>, Error> {
        let archived = if self.replace {
            None
        } else {
            export::archive::archive_earlier(&self.output).map_err(Error::Write)?
        };
        self.write_files().map_err(Error::Write)?;
        Ok(archived)
    }

    fn write_files(&self) -> Result<(), export::ExportError> {
        let output: &Path = &self.output;
        let publication = export::feeds::Publication {
            now: self.now,
            history: &self.history,
            policy: export::feeds::FeedPolicy::default(),
        };
        export::write_all_with(
            output,
            &self.instance,
            &self.duties,
            &self.roster,
            &publication,
        )?;
        if let Some(figures) = &self.population {
            export::write_coverage(output, &self.instance, figures)?;
        }
        for (name, text) in &self.files {
            let path = output.join(name);
            export::atomic::write(&path, text.as_bytes())
                .map_err(|source| export::ExportError::Io { path, source })?;
        }
        Ok(())
    }
}
