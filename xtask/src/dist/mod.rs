//! `cargo xtask dist [--check]`: gardes for a machine without a Rust toolchain, CMake or
//! libclang. It builds the release binary, asks it for its man pages and shell
//! completions (the hidden `gardes dist-assets`, which writes them from the clap
//! definitions with `clap_mangen` and `clap_complete`), and writes under `target/dist/`
//! (`$CARGO_TARGET_DIR/dist/` when that is set):
//!
//! - `gardes_<version>_<arch>.deb`, a Debian package: `/usr/bin/gardes` (stripped), the man pages
//!   in `/usr/share/man/man1/`, the completions where Debian's bash-completion, zsh and
//!   fish look for them, the bundled instances in `/usr/share/gardes/instances/`, and
//!   the French guide, the README, the licences and `copyright` in
//!   `/usr/share/doc/gardes/`;
//! - `gardes-<version>-<target>.tar.gz`, the same files under one folder laid out as a
//!   prefix (`bin/`, `share/…`), to unpack into `/usr/local` or `~/.local`.
//!
//! The package is built with `dpkg-deb`, which every Debian system has (it is part of
//! `dpkg`, an essential package), from a control file written here: no `cargo-deb`, whose
//! library would build more than gardes itself, and no hand-written `ar`. `Depends` is
//! what `dpkg-shlibdeps` would give without symbols files: for each library `ldd` lists,
//! the owning package (`dpkg -S`) and its `shlibs` line. Man pages are compressed with
//! `gzip -9n` and the tarball is written by `tar`, both essential on Debian too. HiGHS is
//! linked statically: the binary needs only the C and C++ runtime libraries.
//!
//! `--check` then installs the package into a clean root made for the purpose and runs
//! `gardes` there (see [`root`]); it needs root (chroot), so it is a separate task and
//! never part of `cargo xtask test`.

mod root;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, command_line, run, TaskResult};

const HELP: &str = "\
cargo xtask dist [--check]

Builds the release binary and writes under target/dist/:
  gardes_<version>_<arch>.deb         the Debian package (dpkg-deb)
  gardes-<version>-<target>.tar.gz    the same files as a prefix (bin/, share/)
each with the man pages and the bash, zsh and fish completions generated from the
command line, the bundled instances, the French guide and the licences.

  --check   then install the package in a clean root made under target/dist/ (the
            package's dependencies, bash and man-db copied from this Debian system,
            nothing else) and run there: gardes --version, man gardes, the bash
            completion of `gardes so`, a short solve of a bundled instance, and the
            tarball's gardes --version. Needs root (chroot) and a Debian system.
";

/// `/usr/share/doc/gardes/copyright`, which Debian's policy asks of every package
/// (machine-readable format), pointing at the two licence texts shipped beside it.
const COPYRIGHT: &str = "\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: gardes

Files: *
Copyright: 2026 the gardes contributors
License: MIT or Apache-2.0
 gardes is dual-licensed under the MIT licence or the Apache License 2.0, at the
 user's choice. The full texts are LICENSE-MIT and LICENSE-APACHE in this folder.
";

/// Everything shipped, in both the package and the tarball, by path under the prefix.
struct Staged {
    version: String,
    /// `(path under the prefix, source file, mode)`.
    files: Vec<(PathBuf, PathBuf, u32)>,
}

/// Runs the task.
pub fn run_task(root: &Path, args: &[String]) -> TaskResult {
    if crate::asks_for_help(args) {
        print!("{HELP}");
        return Ok(());
    }
    let check = match args {
        [] => false,
        [a] if a == "--check" => true,
        _ => return Err(format!("dist: unexpected arguments {args:?}\n\n{HELP}").into()),
    };
    crate::setup::ensure_build_tools()?;
    run(cargo(root).args([
        "build",
        "--release",
        "--package",
        "gardes",
        "--bin",
        "gardes",
    ]))?;
    let target = target_dir(root);
    let binary = target.join("release").join("gardes");
    let dist = target.join("dist");
    let work = dist.join("work");
    remove_if_present(&work)?;
    std::fs::create_dir_all(&work)?;
    let staged = stage(root, &binary, &work)?;
    let deb = build_deb(&staged, &binary, &work, &dist)?;
    let tarball = build_tarball(&staged, &work, &dist)?;
    remove_if_present(&work)?;
    for file in [&deb, &tarball] {
        let size = std::fs::metadata(file)?.len();
        println!("{} ({:.1} MB)", file.display(), size as f64 / 1e6);
    }
    if check {
        root::check(&dist, &deb, &tarball, &staged.version)?;
    }
    Ok(())
}

/// Cargo's target folder: `$CARGO_TARGET_DIR` (relative to the workspace) or `target/`.
fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => root.join("target"),
    }
}

/// Collects the files to ship: the binary, what `gardes dist-assets` writes, the
/// instances and the documents.
fn stage(root: &Path, binary: &Path, work: &Path) -> Result<Staged, Box<dyn std::error::Error>> {
    let version = version_of(binary)?;
    let assets = work.join("assets");
    run(Command::new(binary).arg("dist-assets").arg(&assets))?;
    // Shipped without its symbol table, as Debian's policy asks (a third smaller);
    // `strip` is binutils', which the C++ compiler HiGHS needs brings along.
    let stripped = work.join("gardes");
    std::fs::copy(binary, &stripped)?;
    run(Command::new("strip").arg("--strip-unneeded").arg(&stripped))?;
    let mut files = vec![(PathBuf::from("bin/gardes"), stripped, 0o755)];
    let man = assets.join("man");
    let gz = work.join("man1");
    std::fs::create_dir_all(&gz)?;
    for page in sorted_files(&man)? {
        let name = file_name(&page)?;
        let target = gz.join(format!("{name}.gz"));
        let out = Command::new("gzip")
            .args(["-9", "-n", "-c"])
            .arg(&page)
            .output()
            .map_err(|e| format!("cannot start gzip: {e}"))?;
        if !out.status.success() {
            return Err(format!("gzip {} failed", page.display()).into());
        }
        std::fs::write(&target, out.stdout)?;
        files.push((
            PathBuf::from(format!("share/man/man1/{name}.gz")),
            target,
            0o644,
        ));
    }
    let completions = assets.join("completions");
    for (file, dest) in [
        ("gardes.bash", "share/bash-completion/completions/gardes"),
        ("_gardes", "share/zsh/vendor-completions/_gardes"),
        ("gardes.fish", "share/fish/vendor_completions.d/gardes.fish"),
    ] {
        files.push((PathBuf::from(dest), completions.join(file), 0o644));
    }
    for instance in sorted_files(&root.join("instances"))? {
        let name = file_name(&instance)?;
        if name.ends_with(".toml") || name == "README.md" {
            files.push((
                PathBuf::from(format!("share/gardes/instances/{name}")),
                instance,
                0o644,
            ));
        }
    }
    for (source, dest) in [
        ("docs/guide-coordinateur.md", "guide-coordinateur.md"),
        ("README.md", "README.md"),
        ("LICENSE-MIT", "LICENSE-MIT"),
        ("LICENSE-APACHE", "LICENSE-APACHE"),
    ] {
        files.push((
            PathBuf::from(format!("share/doc/gardes/{dest}")),
            root.join(source),
            0o644,
        ));
    }
    let copyright = work.join("copyright");
    std::fs::write(&copyright, COPYRIGHT)?;
    files.push((
        PathBuf::from("share/doc/gardes/copyright"),
        copyright,
        0o644,
    ));
    for (_, source, _) in &files {
        if !source.is_file() {
            return Err(format!("{} is missing", source.display()).into());
        }
    }
    Ok(Staged { version, files })
}

/// The version `gardes --version` prints (`gardes 0.1.0` gives `0.1.0`).
fn version_of(binary: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let out = Command::new(binary)
        .arg("--version")
        .output()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    let text = String::from_utf8_lossy(&out.stdout);
    match text.trim().strip_prefix("gardes ") {
        Some(v) if out.status.success() && !v.is_empty() && !v.contains(char::is_whitespace) => {
            Ok(v.to_owned())
        }
        _ => Err(format!("`gardes --version` printed {text:?}").into()),
    }
}

/// Writes the staged files under `prefix` in `dir`, with their modes.
fn lay_out(staged: &Staged, dir: &Path, debian: bool) -> TaskResult {
    use std::os::unix::fs::PermissionsExt as _;
    for (path, source, mode) in &staged.files {
        let path = if debian {
            debian_path(path)
        } else {
            path.clone()
        };
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(source, &target)
            .map_err(|e| format!("cannot copy {}: {e}", source.display()))?;
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(*mode))?;
    }
    set_dir_modes(dir)
}

/// Where a staged file goes in the package: under `/usr`.
fn debian_path(path: &Path) -> PathBuf {
    Path::new("usr").join(path)
}

/// The tarball's path for a prefixed file: zsh's `site-functions` under a prefix.
fn tarball_path(path: &Path) -> PathBuf {
    match path.to_str() {
        Some("share/zsh/vendor-completions/_gardes") => {
            PathBuf::from("share/zsh/site-functions/_gardes")
        }
        _ => path.to_path_buf(),
    }
}

/// Every folder under `dir` (and `dir`) gets mode 755, whatever the umask.
fn set_dir_modes(dir: &Path) -> TaskResult {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))?;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            set_dir_modes(&path)?;
        }
    }
    Ok(())
}

/// Builds the Debian package with `dpkg-deb`.
fn build_deb(
    staged: &Staged,
    binary: &Path,
    work: &Path,
    dist: &Path,
) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let arch = debian_arch()?;
    let tree = work.join("deb");
    lay_out(staged, &tree, true)?;
    let depends = depends(binary)?;
    let installed_kib = staged
        .files
        .iter()
        .map(|(_, source, _)| std::fs::metadata(source).map(|m| m.len().div_ceil(1024)))
        .sum::<Result<u64, _>>()?;
    let control = control_file(&staged.version, &arch, &depends, installed_kib);
    let debian = tree.join("DEBIAN");
    std::fs::create_dir_all(&debian)?;
    std::fs::write(debian.join("control"), control)?;
    set_dir_modes(&tree)?;
    let deb = dist.join(format!("gardes_{}_{arch}.deb", staged.version));
    run(Command::new("dpkg-deb")
        .args(["--root-owner-group", "-Zxz", "--build"])
        .arg(&tree)
        .arg(&deb))?;
    Ok(deb)
}

/// The package's control file.
fn control_file(version: &str, arch: &str, depends: &[String], installed_kib: u64) -> String {
    format!(
        "Package: gardes\n\
         Version: {version}\n\
         Architecture: {arch}\n\
         Maintainer: gardes <gardes@invalid>\n\
         Installed-Size: {installed_kib}\n\
         Depends: {}\n\
         Section: science\n\
         Priority: optional\n\
         Description: duty rosters for out-of-hours medical care (tableaux de garde)\n \
         gardes builds the duty rosters of out-of-hours medical care in France (PDSA,\n \
         SAMU correspondent doctors, maison médicale de garde) for a quarter from one\n \
         TOML file, solves them as a mixed-integer program with HiGHS, checks them and\n \
         writes the grid, the CSV files, one iCal feed per doctor and report.html.\n \
         .\n \
         The bundled instances are in /usr/share/gardes/instances/ and the\n \
         coordinator's guide (in French) in /usr/share/doc/gardes/.\n",
        depends.join(", ")
    )
}

/// Debian's name of this machine's architecture.
fn debian_arch() -> Result<String, Box<dyn std::error::Error>> {
    let out = Command::new("dpkg")
        .arg("--print-architecture")
        .output()
        .map_err(|e| format!("cannot start dpkg (a Debian system is needed): {e}"))?;
    let arch = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !out.status.success() || arch.is_empty() {
        return Err("`dpkg --print-architecture` failed".into());
    }
    Ok(arch)
}

/// The package's `Depends`: for each library the binary loads (`ldd`), the package
/// that owns it and the dependency its `shlibs` file declares for that soname, as
/// `dpkg-shlibdeps` does when there is no symbols file.
fn depends(binary: &Path) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let out = Command::new("ldd")
        .arg(binary)
        .output()
        .map_err(|e| format!("cannot start ldd: {e}"))?;
    if !out.status.success() {
        return Err(format!("`ldd {}` failed", binary.display()).into());
    }
    let mut depends = BTreeSet::new();
    for (soname, path) in ldd_libraries(&String::from_utf8_lossy(&out.stdout)) {
        let package = owner(&path)?;
        depends.insert(shlibs_dependency(&package, &soname).unwrap_or_else(|| bare(&package)));
    }
    Ok(depends.into_iter().collect())
}

/// `(soname, path)` of each library in `ldd`'s output (the vDSO has no file).
fn ldd_libraries(text: &str) -> Vec<(String, PathBuf)> {
    let mut libraries = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        let (soname, path) = match line.split_once(" => ") {
            Some((name, rest)) => (name.trim(), rest.split_whitespace().next()),
            // The dynamic loader: `/lib64/ld-linux-x86-64.so.2 (0x…)`.
            None => {
                let path = line.split_whitespace().next();
                (path.and_then(|p| p.rsplit('/').next()).unwrap_or(""), path)
            }
        };
        if let Some(path) = path.filter(|p| p.starts_with('/')) {
            libraries.push((soname.to_owned(), PathBuf::from(path)));
        }
    }
    libraries
}

/// The installed package owning a file (`libc6:amd64`), trying the path as given and
/// as resolved (on a merged-/usr system dpkg knows one of the two).
pub(crate) fn owner(path: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let mut candidates = vec![path.to_path_buf()];
    if let Ok(real) = std::fs::canonicalize(path) {
        candidates.push(real);
    }
    let more: Vec<PathBuf> = candidates
        .iter()
        .filter_map(|p| {
            let s = p.to_str()?;
            Some(match s.strip_prefix("/usr") {
                Some(rest) => PathBuf::from(rest),
                None => PathBuf::from(format!("/usr{s}")),
            })
        })
        .collect();
    candidates.extend(more);
    for candidate in &candidates {
        let out = Command::new("dpkg").arg("-S").arg(candidate).output()?;
        if out.status.success() {
            let text = String::from_utf8_lossy(&out.stdout);
            if let Some((package, _)) = text.lines().next().and_then(|l| l.split_once(": ")) {
                return Ok(package.split(", ").next().unwrap_or(package).to_owned());
            }
        }
    }
    Err(format!("no installed package owns {}", path.display()).into())
}

/// The package name without its architecture (`libc6:amd64` gives `libc6`).
fn bare(package: &str) -> String {
    package.split(':').next().unwrap_or(package).to_owned()
}

/// The dependency the package's `shlibs` file declares for a soname
/// (`libstdc++.so.6` is the line `libstdc++ 6 libstdc++6 (>= 12)`).
fn shlibs_dependency(package: &str, soname: &str) -> Option<String> {
    let (name, version) = soname.split_once(".so.")?;
    let info = Path::new("/var/lib/dpkg/info");
    let text = std::fs::read_to_string(info.join(format!("{package}.shlibs")))
        .or_else(|_| std::fs::read_to_string(info.join(format!("{}.shlibs", bare(package)))))
        .ok()?;
    shlibs_line(&text, name, version)
}

/// The dependency of one `shlibs` line for a library name and version.
fn shlibs_line(text: &str, name: &str, version: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let mut words = line.splitn(3, ' ');
        let (n, v, dep) = (words.next()?, words.next()?, words.next()?);
        (n == name && v == version).then(|| dep.trim().to_owned())
    })
}

/// Writes the tarball with `tar`: one folder `gardes-<version>-<target>/`.
fn build_tarball(
    staged: &Staged,
    work: &Path,
    dist: &Path,
) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let folder = format!("gardes-{}-{}-linux", staged.version, std::env::consts::ARCH);
    let tree = work.join("tar");
    let moved = Staged {
        version: staged.version.clone(),
        files: staged
            .files
            .iter()
            .map(|(p, s, m)| (tarball_path(p), s.clone(), *m))
            .collect(),
    };
    lay_out(&moved, &tree.join(&folder), false)?;
    let tarball = dist.join(format!("{folder}.tar.gz"));
    let mut tar = Command::new("tar");
    tar.args([
        "--owner=0",
        "--group=0",
        "--numeric-owner",
        "--sort=name",
        "-czf",
    ])
    .arg(&tarball)
    .arg("-C")
    .arg(&tree)
    .arg(&folder);
    run(&mut tar)?;
    Ok(tarball)
}

/// The regular files directly in a folder, sorted.
fn sorted_files(dir: &Path) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    let mut files = Vec::new();
    for entry in
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?
    {
        let path = entry?.path();
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn file_name(path: &Path) -> Result<String, Box<dyn std::error::Error>> {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_owned)
        .ok_or_else(|| format!("unexpected file name {}", path.display()).into())
}

fn remove_if_present(dir: &Path) -> TaskResult {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot remove {}: {e}", dir.display()).into()),
    }
}

/// Runs a command and gives its standard output; fails with the command line and its
/// standard error when it exits non-zero.
pub(crate) fn output(cmd: &mut Command) -> Result<String, Box<dyn std::error::Error>> {
    let line = command_line(cmd);
    let out = cmd
        .output()
        .map_err(|e| format!("cannot start `{line}`: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`{line}` failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ldd_output_gives_sonames_and_paths() {
        let text = "\tlinux-vdso.so.1 (0x00007ffd)\n\
                    \tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x7f)\n\
                    \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x7f)\n\
                    \t/lib64/ld-linux-x86-64.so.2 (0x7f)\n";
        let libs = ldd_libraries(text);
        let names: Vec<&str> = libs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["libstdc++.so.6", "libc.so.6", "ld-linux-x86-64.so.2"]
        );
        assert_eq!(libs[1].1, Path::new("/lib/x86_64-linux-gnu/libc.so.6"));
    }

    #[test]
    fn shlibs_line_matches_name_and_version() {
        let text = "libc 6 libc6 (>= 2.36)\nlibm 6 libc6 (>= 2.36)\nlibc 7 other\n";
        assert_eq!(
            shlibs_line(text, "libc", "6").as_deref(),
            Some("libc6 (>= 2.36)")
        );
        assert_eq!(shlibs_line(text, "libfoo", "6"), None);
    }

    #[test]
    fn control_file_has_the_fields_dpkg_needs() {
        let control = control_file("0.1.0", "amd64", &["libc6 (>= 2.36)".into()], 12);
        for field in [
            "Package: gardes\n",
            "Version: 0.1.0\n",
            "Architecture: amd64\n",
            "Depends: libc6 (>= 2.36)\n",
            "Installed-Size: 12\n",
        ] {
            assert!(control.contains(field), "{field} missing from\n{control}");
        }
        // Continuation lines start with one space; none is empty.
        for line in control
            .lines()
            .skip_while(|l| !l.starts_with("Description:"))
        {
            assert!(!line.is_empty(), "empty line in the description");
        }
    }
}
