//! Atomic file writes: a reader (a calendar client fetching a feed, a coordinator
//! opening the grid) sees either the old file or the new one, never half of either.
//!
//! The bytes go to a temporary file in the target's own directory (a rename is only
//! atomic within one file system), are flushed to disk, and the temporary file is then
//! renamed over the target. If anything fails, the temporary file is removed and the
//! target is left as it was.

use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` atomically, replacing any existing file.
///
/// The new file is readable by everyone the process's umask allows (like a file made
/// with `File::create`), not only by its owner as a bare temporary file would be: the
/// calendar feeds are meant to be served.
///
/// # Errors
/// Any I/O error creating, writing, syncing or renaming the file; the target is then
/// unchanged and no temporary file remains.
///
/// # Example
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("assignments.csv");
/// gardes::export::atomic::write(&path, b"old")?;
/// gardes::export::atomic::write(&path, b"new")?;
/// assert_eq!(std::fs::read(&path)?, b"new");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with_mode(path, bytes, 0o666)
}

/// Writes `bytes` to `path` atomically, like [`write()`], but readable and writable by
/// its owner only (mode 0600 on Unix) from the moment the temporary file exists: for
/// secrets such as the feeds' tokens, which must never be readable by others, even
/// briefly. Elsewhere the same as [`write()`].
///
/// # Errors
/// As [`write()`].
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with_mode(path, bytes, 0o600)
}

fn write_with_mode(
    path: &Path,
    bytes: &[u8],
    #[cfg_attr(not(unix), allow(unused_variables))] mode: u32,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".gardes-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}
