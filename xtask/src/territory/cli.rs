//! The command line every generator shares: `--communes PATH`, `--bases PATH`,
//! `--out PATH`, `--check`, and what `--check` means (fail when the committed file is not
//! the generator's output).

use std::path::{Path, PathBuf};

use crate::TaskResult;

/// Where the emergency bases are read from by default, relative to the project root.
pub(crate) const DEFAULT_BASES: &str = "../shared/data/emergency-bases.csv";

/// The parsed arguments of a `gen-*` task.
#[derive(Debug, PartialEq)]
pub(crate) struct Options {
    /// The territory's `communes.csv`.
    pub(crate) communes: PathBuf,
    /// `emergency-bases.csv`.
    pub(crate) bases: PathBuf,
    /// The instance to write or compare.
    pub(crate) out: PathBuf,
    /// Compare only.
    pub(crate) check: bool,
}

impl Options {
    /// Parses `args` of task `task`; the defaults are relative to `root`.
    pub(crate) fn parse(
        task: &str,
        root: &Path,
        communes: &str,
        out: &str,
        args: &[String],
    ) -> Result<Options, String> {
        let mut options = Options {
            communes: root.join(communes),
            bases: root.join(DEFAULT_BASES),
            out: root.join(out),
            check: false,
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut value = || {
                it.next()
                    .map(PathBuf::from)
                    .ok_or_else(|| format!("{task}: {arg} needs a value"))
            };
            match arg.as_str() {
                "--communes" => options.communes = value()?,
                "--bases" => options.bases = value()?,
                "--out" => options.out = value()?,
                "--check" => options.check = true,
                other => return Err(format!("{task}: unknown argument `{other}`")),
            }
        }
        Ok(options)
    }
}

/// Reads an input data file, with a hint when `../shared` is elsewhere.
pub(crate) fn read_input(path: &Path, flag: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read {}: {e}\n(pass {flag} PATH if ../shared is elsewhere)",
            path.display()
        )
    })
}

/// Writes `toml` to `options.out`, or with `--check` compares it with the file there and
/// fails when they differ.
pub(crate) fn emit(task: &str, options: &Options, toml: &str) -> TaskResult {
    emit_to(task, &options.out, options.check, toml)
}

/// [`emit`] for a task with its own options: writes `toml` to `out`, or with `check`
/// compares it with the file there and fails when they differ.
pub(crate) fn emit_to(task: &str, out: &Path, check: bool, toml: &str) -> TaskResult {
    if check {
        let committed = std::fs::read_to_string(out)
            .map_err(|e| format!("cannot read {}: {e}", out.display()))?;
        if committed != toml {
            return Err(format!(
                "{} differs from the generator's output: run `cargo xtask {task}` \
                 and commit the result",
                out.display()
            )
            .into());
        }
        eprintln!("{} is up to date", out.display());
        return Ok(());
    }
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(out, toml).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    eprintln!("wrote {}", out.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn options_default_to_the_shared_data_and_accept_overrides() {
        let root = Path::new("/r");
        let o = Options::parse("gen-x", root, "c.csv", "i.toml", &[]).expect("no argument");
        assert_eq!(o.communes, root.join("c.csv"));
        assert_eq!(o.bases, root.join(DEFAULT_BASES));
        assert!(!o.check);
        let o = Options::parse(
            "gen-x",
            root,
            "c.csv",
            "i.toml",
            &args(&["--bases", "b.csv", "--check", "--out", "o.toml"]),
        )
        .expect("valid arguments");
        assert_eq!(
            (o.bases, o.out, o.check),
            (PathBuf::from("b.csv"), PathBuf::from("o.toml"), true)
        );
        let e = Options::parse("gen-x", root, "c", "o", &args(&["--bases"])).unwrap_err();
        assert_eq!(e, "gen-x: --bases needs a value");
        let e = Options::parse("gen-x", root, "c", "o", &args(&["-x"])).unwrap_err();
        assert!(e.contains("unknown argument `-x`"));
    }

    #[test]
    fn check_fails_when_the_file_differs() {
        let dir = std::env::temp_dir().join(format!("xtask-emit-{}", std::process::id()));
        let out = dir.join("i.toml");
        let mut options = Options {
            communes: PathBuf::new(),
            bases: PathBuf::new(),
            out: out.clone(),
            check: false,
        };
        emit("gen-x", &options, "a = 1\n").expect("writes");
        options.check = true;
        assert!(emit("gen-x", &options, "a = 1\n").is_ok());
        let e = emit("gen-x", &options, "a = 2\n").expect_err("differs");
        assert!(e.to_string().contains("cargo xtask gen-x"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
