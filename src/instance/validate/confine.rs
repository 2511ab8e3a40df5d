//! The files an instance names are read inside the instance file's folder only.
//!
//! Today one key names a file, `[coverage] travel_matrix`. Its path must be relative
//! and stay in the folder of the instance file or a subfolder: no root, no drive
//! prefix, no `..` ([`lexical`], a check of the text alone, run with the other
//! semantic checks), and, once joined to that folder, a canonical form inside the
//! canonical folder, so that a symbolic link leading out is refused as well
//! ([`resolve`], which asks the file system, run before the file is read). A refused
//! file is neither read nor quoted: the web workspace serves a quarter's folder and must
//! not show any other file, and a message quoting the first lines of `/etc/passwd`
//! would.

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::instance::labels as fr;

/// Why a named file is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Escape {
    /// An absolute path, or one with a root or a drive prefix.
    Absolute,
    /// A `..` component.
    Parent,
    /// A symbolic link, of the file or of a folder on its way, leading out of the
    /// folder, or leading nowhere (its target cannot be known to stay inside).
    Link,
}

impl Escape {
    /// The French reason, for [`fr::outside_folder`].
    pub(super) fn words(self) -> &'static str {
        match self {
            Escape::Absolute => fr::OUTSIDE_ABSOLUTE,
            Escape::Parent => fr::OUTSIDE_PARENT,
            Escape::Link => fr::OUTSIDE_LINK,
        }
    }
}

/// Why a named file is not read.
#[derive(Debug)]
pub(super) enum Refused {
    /// It is outside the folder.
    Outside(Escape),
    /// It is inside (as far as can be told) but cannot be read: it does not exist, or
    /// the instance's folder does not.
    Io(io::Error),
}

/// Whether the text of a path stays relative and below its base: only plain components
/// and `.`, no root, no prefix, no `..`.
///
/// # Errors
/// The first component that escapes.
pub(super) fn lexical(name: &str) -> Result<(), Escape> {
    for component in Path::new(name).components() {
        match component {
            Component::Prefix(_) | Component::RootDir => return Err(Escape::Absolute),
            Component::ParentDir => return Err(Escape::Parent),
            Component::CurDir | Component::Normal(_) => {}
        }
    }
    Ok(())
}

/// The folder of `instance_file` (`.` for a bare file name).
pub(super) fn folder_of(instance_file: &str) -> &Path {
    match Path::new(instance_file).parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The canonical path of `name`, relative to the folder of `instance_file`, when it is
/// a file inside that folder (or a subfolder), to read it there and nowhere else.
///
/// # Errors
/// [`Refused::Outside`] when the text escapes ([`lexical`]), when the canonical path
/// is outside the canonical folder, or when a symbolic link on the way leads nowhere;
/// [`Refused::Io`] when the path does not exist (its deepest existing ancestor being
/// inside the folder) or the folder cannot be resolved.
pub(super) fn resolve(instance_file: &str, name: &str) -> Result<PathBuf, Refused> {
    lexical(name).map_err(Refused::Outside)?;
    let folder = folder_of(instance_file);
    let root = folder.canonicalize().map_err(Refused::Io)?;
    let joined = folder.join(name);
    // From the file up to the folder: the first path that resolves must be inside, and
    // no link on the way may dangle (a missing file behind a link leading out would
    // otherwise tell whether something exists out there).
    let mut missing = None;
    for candidate in joined.ancestors() {
        match candidate.canonicalize() {
            Ok(real) if !real.starts_with(&root) => return Err(Refused::Outside(Escape::Link)),
            Ok(real) => {
                return match missing {
                    None => Ok(real),
                    Some(e) => Err(Refused::Io(e)),
                }
            }
            Err(e) => {
                if candidate
                    .symlink_metadata()
                    .is_ok_and(|m| m.file_type().is_symlink())
                {
                    return Err(Refused::Outside(Escape::Link));
                }
                missing.get_or_insert(e);
            }
        }
    }
    Err(Refused::Io(missing.unwrap_or_else(|| {
        io::Error::from(io::ErrorKind::NotFound)
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_pass_the_text_check() {
        for ok in [
            "temps.csv",
            "sub/temps.csv",
            "./temps.csv",
            "a/./b.csv",
            "..x.csv",
        ] {
            assert_eq!(lexical(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("/etc/passwd", Escape::Absolute),
            ("/", Escape::Absolute),
            ("../x.csv", Escape::Parent),
            ("sub/../../x.csv", Escape::Parent),
            ("sub/..", Escape::Parent),
            ("./../x.csv", Escape::Parent),
        ] {
            assert_eq!(lexical(bad), Err(why), "{bad}");
        }
    }

    #[cfg(windows)]
    #[test]
    fn windows_drives_and_roots_are_absolute() {
        for bad in [r"C:\x.csv", r"C:x.csv", r"\x.csv", r"\\server\share\x.csv"] {
            assert_eq!(lexical(bad), Err(Escape::Absolute), "{bad}");
        }
        assert_eq!(lexical(r"..\x.csv"), Err(Escape::Parent));
    }

    #[test]
    fn the_folder_of_a_bare_name_is_the_current_one() {
        assert_eq!(folder_of("i.toml"), Path::new("."));
        assert_eq!(folder_of("q/i.toml"), Path::new("q"));
    }

    #[test]
    fn a_file_inside_resolves_and_a_missing_one_is_an_io_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).expect("sub");
        std::fs::write(sub.join("t.csv"), "x").expect("written");
        let instance = dir.path().join("i.toml").display().to_string();
        let real = resolve(&instance, "sub/t.csv").expect("inside");
        assert_eq!(real, sub.join("t.csv").canonicalize().expect("canonical"));
        assert!(matches!(
            resolve(&instance, "sub/none.csv"),
            Err(Refused::Io(_))
        ));
        assert!(matches!(
            resolve(&instance, "../t.csv"),
            Err(Refused::Outside(Escape::Parent))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn links_leading_out_are_refused_and_links_inside_followed() {
        let outside = tempfile::tempdir().expect("temp dir");
        std::fs::write(outside.path().join("secret.csv"), "secret").expect("written");
        let dir = tempfile::tempdir().expect("temp dir");
        let instance = dir.path().join("i.toml").display().to_string();
        let link = |target: &Path, name: &str| {
            std::os::unix::fs::symlink(target, dir.path().join(name)).expect("link");
        };
        link(&outside.path().join("secret.csv"), "file-out.csv");
        link(outside.path(), "folder-out");
        link(&outside.path().join("none.csv"), "dangling.csv");
        std::fs::write(dir.path().join("t.csv"), "x").expect("written");
        link(Path::new("t.csv"), "inside.csv");
        for name in [
            "file-out.csv",
            "folder-out/secret.csv",
            "folder-out/none.csv",
            "dangling.csv",
        ] {
            assert!(
                matches!(
                    resolve(&instance, name),
                    Err(Refused::Outside(Escape::Link))
                ),
                "{name}"
            );
        }
        assert_eq!(
            resolve(&instance, "inside.csv").expect("inside"),
            dir.path().join("t.csv").canonicalize().expect("canonical")
        );
    }
}
