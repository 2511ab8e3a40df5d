//! `cargo xtask dist --check`: the package installed in a clean root, and `gardes` run
//! there, never on this machine itself.
//!
//! The root is a fresh folder `target/dist/clean-root/`, filled in two stages from this
//! Debian system's own packages: each package's files as the package database lists
//! them (`dpkg-query -L`), with its entries in the root's database (`status`, and the
//! `.list`, `.md5sums` and `.conffiles` files). Besides packages, the root has only the
//! merged-/usr links (`/bin` → `usr/bin`…), `/etc/passwd` and `/etc/group` with `root`
//! and `man` (man-db runs as `man`), `/dev/null`, `/tmp` and `/root`. Never a Rust
//! toolchain, a compiler, CMake, libclang or HiGHS.
//!
//! 1. The packages the `.deb` declares in `Depends`, and what they depend on (on
//!    Debian 12: libc6, libgcc-s1, libstdc++6, gcc-12-base): no shell, no coreutils.
//!    The package is installed with `dpkg --root`, which checks its `Depends` against
//!    the root's own database (no `--force`). Then, inside `chroot`, with an empty
//!    environment but `PATH`, `HOME` and `TERM=dumb`, and no shell in between:
//!    `gardes --version` prints `gardes <version>`, and `gardes solve` of the bundled
//!    Lozère quarter (`--time-limit 30`) writes its `summary.md`. A library missing
//!    from `Depends` fails here.
//! 2. `bash`, `dash` (`/bin/sh`) and `man-db` added, with what they depend on (groff,
//!    debconf, tar…; no perl, no coreutils). Then: `dpkg --root -L gardes` lists the
//!    binary, the pages, the three completions, the instances, the guide and the
//!    licence; `man gardes` and
//!    `man gardes-solve` (man-db's own `man`, in the root) format the installed pages;
//!    bash sources `/usr/share/bash-completion/completions/gardes`, `complete -p gardes`
//!    shows the completion, and the completion function offers `solve` for
//!    `gardes so` and `--time-limit` for `gardes solve --time-l`; the tarball, unpacked
//!    into `/opt` of the root, runs `gardes --version`.
//!
//! The zsh and fish completions are only checked to be installed: neither shell is part
//! of the root (nor of this machine).
//!
//! The root is removed when every check passes and kept for inspection otherwise.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{output, remove_if_present};
use crate::TaskResult;

/// What the root holds besides the package's dependencies.
const TOOLS: [&str; 3] = ["bash", "dash", "man-db"];

/// An installed package as `dpkg-query` shows it.
struct Installed {
    /// `libc6:amd64` for a multi-arch package, `bash` otherwise.
    name: String,
    depends: Vec<Vec<String>>,
}

/// Runs the checks; `dist` is `target/dist/`.
pub fn check(dist: &Path, deb: &Path, tarball: &Path, version: &str) -> TaskResult {
    let uid = output(Command::new("id").arg("-u"))?;
    if uid.trim() != "0" {
        return Err(
            "dist --check needs root (it installs into a chroot); run it as root, \
                    e.g. `sudo -E cargo xtask dist --check`"
                .into(),
        );
    }
    let root = dist.join("clean-root");
    remove_if_present(&root)?;
    std::fs::create_dir_all(&root)?;
    let installed = installed_packages()?;
    let depends = output(
        Command::new("dpkg-deb")
            .arg("--field")
            .arg(deb)
            .arg("Depends"),
    )?;
    skeleton(&root)?;

    // Stage 1: the package's dependencies alone, and gardes run without any shell.
    let base = closure(&installed, parse_depends(depends.trim()))?;
    add_packages(&root, &installed, &base)?;
    println!(
        "clean root {}, stage 1, the package's Depends ({}) and what they depend on: \
         {} packages: {} ({:.0} MB)",
        root.display(),
        depends.trim(),
        base.len(),
        base.iter().cloned().collect::<Vec<_>>().join(" "),
        size_of(&root)? as f64 / 1e6
    );
    let mut install = Command::new("dpkg");
    install
        .arg(format!("--root={}", root.display()))
        .arg("--path-include=/*")
        .arg("--install")
        .arg(deb);
    crate::run(&mut install)?;
    check_binary(&root, version)?;

    // Stage 2: bash, /bin/sh and man-db added, for the man pages and the completion.
    let tools = closure(
        &installed,
        TOOLS.iter().map(|t| vec![(*t).to_owned()]).collect(),
    )?;
    let added: BTreeSet<String> = tools.difference(&base).cloned().collect();
    add_packages(&root, &installed, &added)?;
    println!(
        "clean root, stage 2, with {}: {} more packages: {} ({:.0} MB with gardes)",
        TOOLS.join(", "),
        added.len(),
        added.iter().cloned().collect::<Vec<_>>().join(" "),
        size_of(&root)? as f64 / 1e6
    );
    check_tools(&root, tarball, version)?;
    remove_if_present(&root)?;
    println!("dist --check: all checks passed (the clean root is removed)");
    Ok(())
}

/// What runs in the root of stage 1: the installed binary, started by `chroot` itself.
fn check_binary(root: &Path, version: &str) -> TaskResult {
    let printed = in_root(root, &["gardes", "--version"])?;
    if printed.trim() != format!("gardes {version}") {
        return Err(format!("gardes --version printed {printed:?}").into());
    }
    println!("ok: gardes --version: {}", printed.trim());
    in_root(
        root,
        &[
            "gardes",
            "solve",
            "/usr/share/gardes/instances/lozere-2027-q1.toml",
            "-o",
            "/tmp/out",
            "--time-limit",
            "30",
            "--quiet",
        ],
    )?;
    let summary = std::fs::read_to_string(root.join("tmp/out/summary.md"))
        .map_err(|e| format!("gardes solve in the root wrote no summary.md: {e}"))?;
    println!(
        "ok: gardes solve of the bundled Lozère quarter (--time-limit 30), summary.md: {}",
        summary.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
    );
    Ok(())
}

/// What runs in the root of stage 2: the package's files, man, bash, the tarball.
fn check_tools(root: &Path, tarball: &Path, version: &str) -> TaskResult {
    let listed = output(
        Command::new("dpkg")
            .arg(format!("--root={}", root.display()))
            .args(["-L", "gardes"]),
    )?;
    for path in [
        "/usr/bin/gardes",
        "/usr/share/man/man1/gardes.1.gz",
        "/usr/share/bash-completion/completions/gardes",
        "/usr/share/zsh/vendor-completions/_gardes",
        "/usr/share/fish/vendor_completions.d/gardes.fish",
        "/usr/share/gardes/instances/lozere-2027-q1.toml",
        "/usr/share/doc/gardes/guide-coordinateur.md",
        "/usr/share/doc/gardes/LICENSE-MIT",
    ] {
        expect(&listed, path, "dpkg -L gardes")?;
    }
    println!(
        "ok: dpkg --root lists gardes's files ({} paths)",
        listed.lines().count()
    );

    let page = in_root(root, &["man", "gardes"])?;
    for needle in ["NAME", "SYNOPSIS", "solve", "workspace"] {
        expect(&page, needle, "man gardes")?;
    }
    println!("ok: man gardes ({} lines), begins:", page.lines().count());
    for line in page.lines().take(6) {
        println!("    {line}");
    }
    let solve_page = in_root(root, &["man", "gardes-solve"])?;
    expect(&solve_page, "--time-limit", "man gardes-solve")?;
    println!("ok: man gardes-solve documents --time-limit");

    let script = "source /usr/share/bash-completion/completions/gardes || exit 1\n\
        complete -p gardes || exit 1\n\
        COMP_WORDS=(gardes so); COMP_CWORD=1; COMP_LINE='gardes so'; COMP_POINT=9\n\
        _gardes gardes so gardes; echo \"gardes so<TAB>: ${COMPREPLY[*]}\"\n\
        COMP_WORDS=(gardes solve --time-l); COMP_CWORD=2\n\
        COMP_LINE='gardes solve --time-l'; COMP_POINT=21\n\
        _gardes gardes --time-l solve; echo \"gardes solve --time-l<TAB>: ${COMPREPLY[*]}\"\n";
    let completed = in_root(root, &["bash", "--norc", "--noprofile", "-c", script])?;
    expect(&completed, "-F _gardes gardes", "complete -p gardes")?;
    expect(
        &completed,
        "gardes so<TAB>: solve",
        "the completion of `gardes so`",
    )?;
    expect(
        &completed,
        "gardes solve --time-l<TAB>: --time-limit",
        "the completion of `gardes solve --time-l`",
    )?;
    println!("ok: bash completion:");
    for line in completed.lines() {
        println!("    {line}");
    }

    let opt = root.join("opt");
    std::fs::create_dir_all(&opt)?;
    output(
        Command::new("tar")
            .arg("-xzf")
            .arg(tarball)
            .arg("-C")
            .arg(&opt),
    )?;
    let folder = tarball
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".tar.gz"))
        .ok_or("unexpected tarball name")?;
    let from_tar = in_root(root, &[&format!("/opt/{folder}/bin/gardes"), "--version"])?;
    if from_tar.trim() != format!("gardes {version}") {
        return Err(format!("the tarball's gardes --version printed {from_tar:?}").into());
    }
    println!(
        "ok: the tarball's bin/gardes --version: {}",
        from_tar.trim()
    );
    Ok(())
}

/// Fails unless `text` contains `needle`.
fn expect(text: &str, needle: &str, what: &str) -> TaskResult {
    if text.contains(needle) {
        Ok(())
    } else {
        Err(format!("{what}: `{needle}` not found in:\n{text}").into())
    }
}

/// Runs a command in the root with an empty environment but `PATH`, `HOME`, `TERM`.
fn in_root(root: &Path, args: &[&str]) -> Result<String, Box<dyn std::error::Error>> {
    let mut cmd = Command::new("/usr/sbin/chroot");
    cmd.env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin")
        .env("HOME", "/root")
        .env("TERM", "dumb")
        .arg(root)
        .args(args);
    output(&mut cmd)
}

/// The root before any package: the merged-/usr links, an empty package database,
/// the few files a system has that no package ships.
fn skeleton(root: &Path) -> TaskResult {
    // A merged-/usr system: /bin, /lib… are links into /usr, and must be in the root
    // before files are copied through them.
    for entry in std::fs::read_dir("/")? {
        let entry = entry?;
        let name = entry.file_name();
        let is_link = entry.file_type()?.is_symlink();
        if is_link
            && name.to_str().is_some_and(|n| {
                n.starts_with("bin") || n.starts_with("lib") || n.starts_with("sbin")
            })
        {
            let link = std::fs::read_link(entry.path())?;
            // The folder the link points to, so that folders are made through it.
            std::fs::create_dir_all(root.join(link.strip_prefix("/").unwrap_or(&link)))?;
            std::os::unix::fs::symlink(link, root.join(&name))?;
        }
    }
    let admin = root.join("var/lib/dpkg");
    for dir in ["info", "updates", "triggers"] {
        std::fs::create_dir_all(admin.join(dir))?;
    }
    std::fs::write(admin.join("status"), "")?;
    std::fs::write(admin.join("available"), "")?;
    let etc = root.join("etc");
    std::fs::create_dir_all(&etc)?;
    std::fs::write(
        etc.join("passwd"),
        "root:x:0:0:root:/root:/bin/bash\nman:x:6:12:man:/var/cache/man:/bin/sh\n",
    )?;
    std::fs::write(etc.join("group"), "root:x:0:\nman:x:12:\n")?;
    for (dir, mode) in [("tmp", 0o1777), ("root", 0o700), ("dev", 0o755)] {
        use std::os::unix::fs::PermissionsExt as _;
        let path = root.join(dir);
        std::fs::create_dir_all(&path)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))?;
    }
    output(
        Command::new("mknod")
            .args(["-m", "666"])
            .arg(root.join("dev/null"))
            .args(["c", "1", "3"]),
    )?;
    Ok(())
}

/// Copies the packages' files from this system into the root and adds them to the
/// root's package database (`status`, and their `.list`, `.md5sums`, `.conffiles`).
fn add_packages(
    root: &Path,
    installed: &BTreeMap<String, Installed>,
    packages: &BTreeSet<String>,
) -> TaskResult {
    let admin = root.join("var/lib/dpkg");
    let mut status = std::fs::read_to_string(admin.join("status"))?
        .trim_end()
        .to_owned();
    for name in packages {
        let package = &installed[name];
        let files = output(Command::new("dpkg-query").arg("-L").arg(&package.name))?;
        for path in files.lines().filter(|l| l.starts_with('/')) {
            copy_entry(Path::new(path), root)
                .map_err(|e| format!("copying {path} into the root: {e}"))?;
        }
        let stanza = output(Command::new("dpkg-query").arg("-s").arg(&package.name))?;
        if !status.is_empty() {
            status.push_str("\n\n");
        }
        status.push_str(stanza.trim_end());
        for suffix in ["list", "md5sums", "conffiles"] {
            let file = format!("{}.{suffix}", package.name);
            let host = Path::new("/var/lib/dpkg/info").join(&file);
            if host.is_file() {
                std::fs::copy(&host, admin.join("info").join(&file))?;
            }
        }
    }
    status.push('\n');
    std::fs::write(admin.join("status"), status)?;
    Ok(())
}

/// Copies one path of a package's file list from this system into the root: a folder
/// is created, a link copied as a link, a file with its mode; a path that is missing
/// here (excluded by dpkg's `path-exclude`) is skipped.
fn copy_entry(path: &Path, root: &Path) -> TaskResult {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    let relative = path.strip_prefix("/")?;
    let target = root.join(relative);
    if std::fs::symlink_metadata(&target).is_ok() {
        return Ok(());
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    if meta.file_type().is_symlink() {
        std::os::unix::fs::symlink(std::fs::read_link(path)?, &target)?;
    } else if meta.is_dir() {
        std::fs::create_dir_all(&target)?;
    } else if meta.is_file() {
        std::fs::copy(path, &target).map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Every package installed here, by name without architecture.
fn installed_packages() -> Result<BTreeMap<String, Installed>, Box<dyn std::error::Error>> {
    let text = output(Command::new("dpkg-query").args([
        "-W",
        "-f",
        "${binary:Package}\t${db:Status-Abbrev}\t${Pre-Depends}\t${Depends}\t${Provides}\n",
    ]))?;
    let mut packages = BTreeMap::new();
    let mut providers: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [name, status, pre, depends, provides] = fields[..] else {
            continue;
        };
        if !status.starts_with("ii") {
            continue;
        }
        let bare = super::bare(name);
        let mut all = parse_depends(pre);
        all.extend(parse_depends(depends));
        for group in parse_depends(provides) {
            for virtual_name in group {
                providers.push((virtual_name, bare.clone()));
            }
        }
        packages.insert(
            bare,
            Installed {
                name: name.to_owned(),
                depends: all,
            },
        );
    }
    // A virtual package (`debconf-2.0`) stands for its first installed provider.
    for (virtual_name, provider) in providers {
        if !packages.contains_key(&virtual_name) {
            if let Some(p) = packages.get(&provider) {
                let alias = Installed {
                    name: p.name.clone(),
                    depends: p.depends.clone(),
                };
                packages.insert(virtual_name, alias);
            }
        }
    }
    Ok(packages)
}

/// The installed packages needed by `wanted` (groups of alternatives), transitively; a
/// group takes its first installed alternative. Names are the real packages'.
fn closure(
    installed: &BTreeMap<String, Installed>,
    wanted: Vec<Vec<String>>,
) -> Result<BTreeSet<String>, Box<dyn std::error::Error>> {
    let mut done = BTreeSet::new();
    let mut queue = wanted;
    while let Some(group) = queue.pop() {
        let Some(name) = group.iter().find(|n| installed.contains_key(*n)) else {
            return Err(format!("none of {group:?} is installed on this machine").into());
        };
        let real = super::bare(&installed[name].name);
        if done.insert(real.clone()) {
            queue.extend(installed[&real].depends.iter().cloned());
        }
    }
    Ok(done)
}

/// A `Depends` field as groups of alternatives, names only (no versions, no
/// architecture qualifier).
fn parse_depends(field: &str) -> Vec<Vec<String>> {
    field
        .split(',')
        .map(|group| {
            group
                .split('|')
                .filter_map(|alt| alt.split_whitespace().next())
                .map(super::bare)
                .collect::<Vec<_>>()
        })
        .filter(|g| !g.is_empty())
        .collect()
}

/// The bytes of the regular files under a folder (links not followed).
fn size_of(dir: &Path) -> Result<u64, Box<dyn std::error::Error>> {
    let mut total = 0;
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                total += entry.metadata()?.len();
            }
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depends_field_gives_names_by_group() {
        let groups = parse_depends("libc6 (>= 2.36), debconf (>= 0.5) | debconf-2.0, perl:any");
        assert_eq!(
            groups,
            [
                vec!["libc6".to_owned()],
                vec!["debconf".to_owned(), "debconf-2.0".to_owned()],
                vec!["perl".to_owned()],
            ]
        );
        assert!(parse_depends("").is_empty());
    }
}
