//! The quarter's folder, the only place the workspace reads or writes:
//!
//! ```text
//! DOSSIER/
//!   <instance>.toml   the quarter (the sheets' marks are merged into it in place)
//!   retours/          the availability sheets sent back, as uploaded
//!   brouillon/        the draft: what `gardes solve`, `swap` or `replan` wrote last
//!   publication/      the published tableau, its feeds and archive/
//!   tokens.toml       the feeds' secret tokens (`gardes tokens`)
//! ```
//!
//! Every path is built here from fixed names; a name that comes from a request (an
//! uploaded sheet) is reduced to a plain file name ([`sheet_name`]) before it is joined.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The returned sheets' folder.
pub const SHEETS: &str = "retours";
/// The draft's folder.
pub const DRAFT: &str = "brouillon";
/// The published tableau's folder.
pub const PUBLISHED: &str = "publication";
/// The feeds' tokens file.
pub const TOKENS: &str = "tokens.toml";

/// The files of a roster folder a page may link to, by name: nothing else of the
/// folder is ever served.
pub const SERVED: [&str; 10] = [
    "report.html",
    "tableau.csv",
    "honoraires.csv",
    "assignments.csv",
    "uncovered.csv",
    "changes.csv",
    "summary.md",
    "summary.json",
    "swap.md",
    "coverage.csv",
];

/// Largest sheet accepted, in bytes.
pub const MAX_SHEET_BYTES: usize = 5 * 1024 * 1024;

/// The quarter's folder and its instance file.
#[derive(Clone, Debug)]
pub struct Quarter {
    folder: PathBuf,
    instance: PathBuf,
}

impl Quarter {
    /// The quarter of `folder`, whose instance is `instance` (a file name inside it);
    /// `None` names the folder's only `.toml` file other than `tokens.toml`.
    ///
    /// # Errors
    /// A French message when the folder or its instance cannot be found.
    pub fn open(folder: &Path, instance: Option<&Path>) -> Result<Quarter, String> {
        use crate::labels::workspace as fr;
        let folder = folder
            .canonicalize()
            .map_err(|e| fr::no_folder(folder, &e))?;
        if !folder.is_dir() {
            return Err(fr::not_a_folder(&folder));
        }
        let instance = match instance {
            Some(name) => {
                let path = if name.is_absolute() {
                    name.to_path_buf()
                } else {
                    folder.join(name)
                };
                let path = path.canonicalize().map_err(|e| fr::no_instance(name, &e))?;
                if path.parent() != Some(folder.as_path()) {
                    return Err(fr::instance_outside(&path, &folder));
                }
                path
            }
            None => {
                let mut found: Vec<PathBuf> = std::fs::read_dir(&folder)
                    .map_err(|e| fr::no_folder(&folder, &e))?
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| {
                        p.is_file()
                            && p.extension().is_some_and(|x| x == "toml")
                            && p.file_name().is_some_and(|n| n != TOKENS)
                    })
                    .collect();
                found.sort();
                match found.len() {
                    1 => found.remove(0),
                    0 => return Err(fr::no_toml(&folder)),
                    _ => return Err(fr::several_toml(&folder, &found)),
                }
            }
        };
        Ok(Quarter { folder, instance })
    }

    /// The folder.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The instance file.
    pub fn instance(&self) -> &Path {
        &self.instance
    }

    /// The instance as the messages name it: its file name.
    pub fn instance_label(&self) -> String {
        self.instance
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    }

    /// A subfolder by its fixed name.
    pub fn dir(&self, name: &str) -> PathBuf {
        self.folder.join(name)
    }

    /// The roster the next change starts from: the draft's, else the published one.
    pub fn current_roster(&self) -> Option<PathBuf> {
        [DRAFT, PUBLISHED]
            .iter()
            .map(|d| self.dir(d).join("assignments.csv"))
            .find(|p| p.is_file())
    }

    /// The returned sheets, sorted by name.
    pub fn sheets(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = std::fs::read_dir(self.dir(SHEETS))
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && sheet_name(&p.to_string_lossy()).is_some())
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out
    }

    /// The state the pages were drawn from: a digest of the instance, the draft, the
    /// published roster and the sheets' names. A change request carries the revision of
    /// its page, and is refused when it differs (another tab, or a command, changed
    /// the quarter meanwhile).
    pub fn revision(&self) -> String {
        let mut hash = Sha256::new();
        let mut file = |path: &Path| {
            let bytes = std::fs::read(path).unwrap_or_default();
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(&bytes);
        };
        file(&self.instance);
        file(&self.dir(DRAFT).join("assignments.csv"));
        file(&self.dir(PUBLISHED).join("assignments.csv"));
        for sheet in self.sheets() {
            file(&sheet);
        }
        let digest = hash.finalize();
        digest[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// An uploaded sheet's name reduced to a plain file name: its last component, kept only
/// when it is made of letters, digits, `-`, `_`, `.` and spaces, does not start with a
/// dot, and ends in `.xlsx`, `.ods` or `.csv`.
pub fn sheet_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next()?.trim();
    let lower = last.to_lowercase();
    let allowed = last
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '));
    let typed = [".xlsx", ".ods", ".csv"].iter().any(|x| lower.ends_with(x));
    (allowed && typed && !last.starts_with('.') && last.len() <= 120).then(|| last.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_plain_file_names() {
        assert_eq!(sheet_name("d07.xlsx").as_deref(), Some("d07.xlsx"));
        assert_eq!(sheet_name("C:\\x\\d07.xlsx").as_deref(), Some("d07.xlsx"));
        assert_eq!(sheet_name("../../etc/d07.csv").as_deref(), Some("d07.csv"));
        assert_eq!(sheet_name("Dr Éloi.ods").as_deref(), Some("Dr Éloi.ods"));
        for bad in ["..", ".xlsx", "a.toml", "a\0.csv", "a/..", "", "évil$.csv"] {
            assert_eq!(sheet_name(bad), None, "{bad}");
        }
    }
}
