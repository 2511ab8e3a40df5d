//! The native tools HiGHS needs, checked before `demo` and `test`.
//!
//! `highs-sys` compiles HiGHS from source with CMake (default generator: Unix Makefiles,
//! so `make` and a C++ compiler) and generates its bindings with bindgen, which loads
//! libclang at build time. A fresh Debian machine with only the Rust toolchain has a C
//! compiler (rustup needs a linker) but usually none of the rest.
//!
//! When something is missing: as root on a Debian-like system, install it with
//! `apt-get`; otherwise print the exact command and fail. This module never installs
//! anything when everything is already there, and never asks a question (CI has no
//! standard input).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::TaskResult;

/// A build tool HiGHS needs and the Debian package that provides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tool {
    what: &'static str,
    package: &'static str,
}

const CMAKE: Tool = Tool {
    what: "CMake",
    package: "cmake",
};
const MAKE: Tool = Tool {
    what: "make",
    package: "make",
};
const CXX: Tool = Tool {
    what: "a C++ compiler",
    package: "g++",
};
/// `libclang1` is Debian's package for the release's default libclang (`libclang1-14`
/// on bookworm), so the same name works on later releases.
const LIBCLANG: Tool = Tool {
    what: "libclang",
    package: "libclang1",
};

/// Makes sure CMake, make, a C++ compiler and libclang are present, installing the
/// missing ones when running as root with `apt-get`.
///
/// # Errors
///
/// When a tool is missing and cannot be installed from here: the message holds the
/// exact command to run.
pub fn ensure_build_tools() -> TaskResult {
    let missing = missing_tools();
    if missing.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = missing.iter().map(|t| t.what).collect();
    let packages: Vec<&str> = missing.iter().map(|t| t.package).collect();
    let install = format!(
        "apt-get update && apt-get install -y --no-install-recommends {}",
        packages.join(" ")
    );
    eprintln!(
        "xtask: HiGHS is compiled from source and needs {}, not found here.",
        names.join(", ")
    );
    if !(is_root() && succeeds("apt-get", &["--version"])) {
        return Err(format!(
            "install the missing build tools, then run the task again:\n    \
             sudo sh -c '{install}'\n\
             (on a system without apt-get, install the equivalents of: {})",
            packages.join(", ")
        )
        .into());
    }
    eprintln!("xtask: installing them: {install}");
    crate::run(Command::new("apt-get").arg("update"))?;
    crate::run(
        Command::new("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y", "--no-install-recommends"])
            .args(&packages),
    )?;
    let still = missing_tools();
    if !still.is_empty() {
        let names: Vec<&str> = still.iter().map(|t| t.what).collect();
        return Err(format!(
            "still missing after apt-get install: {}; install them by hand \
             (libclang: set LIBCLANG_PATH to the directory holding libclang.so)",
            names.join(", ")
        )
        .into());
    }
    Ok(())
}

/// Debian's package of the browser the browser tests open `report.html` in.
pub const CHROMIUM_PACKAGE: &str = "chromium";

/// Makes sure headless Chromium is there for `tests/browser.rs`, installing Debian's
/// `chromium` with `apt-get` when running as root, as CI does (`.ci/run` calls
/// `cargo xtask test`). Without it the browser tests fail, so this fails at once with
/// the command to run. A run that opts out with `GARDES_SKIP_BROWSER=1` (refused under
/// CI) installs nothing: this warns, and the browser tests print SKIPPED.
///
/// # Errors
///
/// When Chromium is missing and cannot be installed, without the opt-out.
pub fn ensure_browser() -> TaskResult {
    if std::env::var("GARDES_SKIP_BROWSER").as_deref() == Ok("1") {
        if std::env::var("CI").as_deref() == Ok("true") {
            return Err(
                "GARDES_SKIP_BROWSER=1 is refused under CI: the browser tests must run".into(),
            );
        }
        eprintln!("xtask: *** GARDES_SKIP_BROWSER=1: the browser tests will be SKIPPED. ***");
        return Ok(());
    }
    if browser_present() {
        return Ok(());
    }
    let install =
        format!("apt-get update && apt-get install -y --no-install-recommends {CHROMIUM_PACKAGE}");
    if is_root() && succeeds("apt-get", &["--version"]) {
        eprintln!("xtask: the browser tests need Chromium; installing it: {install}");
        let installed = crate::run(Command::new("apt-get").arg("update")).and_then(|()| {
            crate::run(
                Command::new("apt-get")
                    .env("DEBIAN_FRONTEND", "noninteractive")
                    .args(["install", "-y", "--no-install-recommends", CHROMIUM_PACKAGE]),
            )
        });
        match installed {
            Ok(()) if browser_present() => return Ok(()),
            Ok(()) => eprintln!("xtask: chromium still not found after apt-get install"),
            Err(e) => eprintln!("xtask: {e}"),
        }
    }
    let message = format!(
        "Chromium is missing: the browser tests (tests/browser.rs) need it. Install it with:\n    \
         sudo sh -c '{install}'\n\
         (or set GARDES_CHROMIUM to a Chromium binary; to run the other tests without it, \
         set GARDES_SKIP_BROWSER=1)"
    );
    Err(message.into())
}

/// Whether `chromium` (or `chromium-browser`, or `$GARDES_CHROMIUM`) runs.
fn browser_present() -> bool {
    if let Some(path) = std::env::var_os("GARDES_CHROMIUM") {
        return Command::new(path)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
    }
    ["chromium", "chromium-browser"]
        .iter()
        .any(|b| succeeds(b, &["--version"]))
}

/// The tools not found on this machine, in a fixed order.
fn missing_tools() -> Vec<Tool> {
    let mut missing = Vec::new();
    if !succeeds("cmake", &["--version"]) {
        missing.push(CMAKE);
    }
    // CMake only needs make with its default generator; a user who chose another one
    // (`CMAKE_GENERATOR=Ninja`) brings their own.
    if std::env::var_os("CMAKE_GENERATOR").is_none() && !succeeds("make", &["--version"]) {
        missing.push(MAKE);
    }
    if !has_cxx_compiler() {
        missing.push(CXX);
    }
    if find_libclang().is_none() {
        missing.push(LIBCLANG);
    }
    missing
}

/// Whether `program args` runs and exits 0, output discarded.
fn succeeds(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// `$CXX` when set (what the `cc` crate uses), else `c++`, `g++` or `clang++`.
fn has_cxx_compiler() -> bool {
    if let Some(cxx) = std::env::var_os("CXX") {
        return Command::new(cxx)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
    }
    ["c++", "g++", "clang++"]
        .iter()
        .any(|c| succeeds(c, &["--version"]))
}

/// Whether this process runs as root (`id -u` prints 0). Asking `id` keeps this crate
/// free of a libc dependency.
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Where a libclang shared library is, looking where bindgen's `clang-sys` looks:
/// `LIBCLANG_PATH` (a directory or the file itself), the dynamic linker's cache, then
/// the usual directories.
fn find_libclang() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("LIBCLANG_PATH") {
        let path = PathBuf::from(path);
        if path.is_file() && is_libclang_name(&path) {
            return Some(path);
        }
        if let Some(found) = libclang_in(&path) {
            return Some(found);
        }
    }
    if let Some(found) = libclang_in_ldconfig() {
        return Some(found);
    }
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/usr/lib") {
        let mut llvm: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("llvm"))
            })
            .map(|p| p.join("lib"))
            .collect();
        llvm.sort();
        dirs.extend(llvm);
    }
    for dir in [
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/lib/x86_64-linux-gnu",
        "/usr/lib64",
        "/usr/local/lib",
        "/usr/lib",
    ] {
        dirs.push(PathBuf::from(dir));
    }
    dirs.iter().find_map(|d| libclang_in(d))
}

/// A libclang found in the output of `ldconfig -p`, if any.
fn libclang_in_ldconfig() -> Option<PathBuf> {
    let output = Command::new("ldconfig")
        .arg("-p")
        .stderr(Stdio::null())
        .output()
        .or_else(|_| {
            Command::new("/sbin/ldconfig")
                .arg("-p")
                .stderr(Stdio::null())
                .output()
        })
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines().find_map(|line| {
        // "	libclang-14.so.13 (libc6,x86-64) => /lib/x86_64-linux-gnu/libclang-14.so.13"
        let path = PathBuf::from(line.split("=>").nth(1)?.trim());
        is_libclang_name(&path).then_some(path)
    })
}

/// The first libclang shared library directly inside `dir`, in name order.
fn libclang_in(dir: &Path) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| is_libclang_name(p))
        .collect();
    found.sort();
    found.into_iter().next()
}

/// `libclang.so`, `libclang.so.1`, `libclang-14.so.13`, `libclang.dylib`, but not
/// `libclang-cpp.so` (the C++ library, which bindgen cannot use).
fn is_libclang_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let Some(rest) = name.strip_prefix("libclang") else {
        return false;
    };
    // "libclang-14.so.13": a major version may follow a dash.
    let rest = match rest.strip_prefix('-') {
        Some(versioned) => versioned.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    rest.starts_with(".so") || rest.starts_with(".dylib")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libclang_names_are_recognised_and_libclang_cpp_is_not() {
        for yes in [
            "/usr/lib/llvm-14/lib/libclang.so.1",
            "/usr/lib/x86_64-linux-gnu/libclang-14.so.13",
            "/usr/lib/x86_64-linux-gnu/libclang-14.so.1",
            "libclang.so",
            "libclang.dylib",
        ] {
            assert!(is_libclang_name(Path::new(yes)), "{yes}");
        }
        for no in [
            "/lib/x86_64-linux-gnu/libclang-cpp.so.14",
            "libclangBasic.a",
            "libclang",
            "liblldb.so",
        ] {
            assert!(!is_libclang_name(Path::new(no)), "{no}");
        }
    }
}
