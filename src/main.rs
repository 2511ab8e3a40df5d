//! The `gardes` binary: the command line lives in the library (`gardes::cli`).

use std::process::ExitCode;

fn main() -> ExitCode {
    gardes::cli::main()
}
