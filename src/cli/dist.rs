//! `gardes dist-assets DIR`, a hidden command for `cargo xtask dist`: the man pages and
//! the shell completions, written from the clap definitions of `args.rs` by clap's own
//! crates, so that they never drift from the command line they describe.
//!
//! `DIR/man/gardes.1` and one page per subcommand (`gardes-solve.1`, …; hidden commands
//! left out), `DIR/completions/gardes.bash`, `_gardes` (zsh) and `gardes.fish`.

use std::path::Path;

use clap::CommandFactory as _;
use clap_complete::Shell;

use super::args::Cli;
use super::exit::{uncreatable, unwritable, Failure};

/// Writes the man pages and the completions under `dir` (created if missing).
pub(crate) fn write_assets(dir: &Path) -> Result<(), Failure> {
    let man = dir.join("man");
    std::fs::create_dir_all(&man).map_err(|e| uncreatable(&man, &e))?;
    clap_mangen::generate_to(Cli::command(), &man).map_err(|e| unwritable(&man, &e))?;
    let completions = dir.join("completions");
    std::fs::create_dir_all(&completions).map_err(|e| uncreatable(&completions, &e))?;
    for (shell, file) in [
        (Shell::Bash, "gardes.bash"),
        (Shell::Zsh, "_gardes"),
        (Shell::Fish, "gardes.fish"),
    ] {
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "gardes", &mut script);
        let path = completions.join(file);
        std::fs::write(&path, script).map_err(|e| unwritable(&path, &e))?;
    }
    Ok(())
}
