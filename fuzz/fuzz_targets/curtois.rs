//! Fuzz target `curtois`: any bytes as a Curtois & Qu benchmark file, through the
//! parser, the benchmark's penalty evaluator on an all-off roster, and the import to a
//! gardes instance file, which must validate.
//!
//! An import that fails says why ([`gardes::curtois::ImportError`]); an import that
//! succeeds but writes a file gardes refuses is a bug of the importer, and panics here
//! with the diagnostics and the file.
//!
//! The import is skipped beyond [`MAX_IMPORTED_CELLS`] (day, shift type) cells: the
//! importer writes one demand line per cell, so a 4 KB input with hundreds of shift
//! types over ten years asks for a file of tens of megabytes, slow to write and parse
//! again but not wrong. The largest published instance (Instance24) has 11 648 cells.

#![no_main]

use gardes::curtois::import::{default_start, penalty_text, to_toml};
use gardes::curtois::{parse, penalty, Roster};
use libfuzzer_sys::fuzz_target;

/// The most (day, shift type) cells imported.
const MAX_IMPORTED_CELLS: usize = 20_000;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let instance = match parse("Instance.txt", text) {
        Ok(instance) => instance,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let off = Roster::off(&instance);
    let _ = penalty_text(&penalty(&instance, &off));
    if instance.horizon.saturating_mul(instance.shifts.len()) > MAX_IMPORTED_CELLS {
        return;
    }
    match to_toml(&instance, default_start(), "fuzz") {
        Ok(toml) => {
            if let Err(problems) = gardes::instance::parse("Instance.toml", &toml) {
                panic!("the importer wrote an invalid instance:\n{problems}\n---\n{toml}");
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
