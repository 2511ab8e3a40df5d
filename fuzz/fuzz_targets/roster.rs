//! Fuzz target `roster`: any bytes as a hand-made `assignments.csv`, read and, when it
//! reads, checked against a small fixed instance.
//!
//! The instance is the one of the CLI tests (`tests/fixtures/cli/ascension-2027.toml`:
//! two PDSA sectors and an MCS zone, four practitioners, Ascension week 2027), so rows
//! can name real posts, periods, practitioners and dates, or anything else. Unreadable
//! files must give located problems, and the checker must report every broken rule of
//! whatever rows read, never panic.

#![no_main]

use std::sync::OnceLock;

use gardes::duties::Duty;
use gardes::instance::Instance;
use libfuzzer_sys::fuzz_target;

const INSTANCE: &str = include_str!("../../tests/fixtures/cli/ascension-2027.toml");

fn fixed() -> &'static (Instance, Vec<Duty>) {
    static FIXED: OnceLock<(Instance, Vec<Duty>)> = OnceLock::new();
    FIXED.get_or_init(|| {
        let instance = gardes::instance::parse("ascension-2027.toml", INSTANCE)
            .expect("the CLI tests' instance is valid");
        let duties = gardes::duties::expand(&instance).expect("its duties expand");
        (instance, duties)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match gardes::check::read_roster_csv("assignments.csv", text) {
        Ok(records) => {
            let (instance, duties) = fixed();
            let report = gardes::check::check(instance, duties, &records);
            let _ = report.render(instance);
        }
        Err(e) => {
            assert!(
                !e.problems.is_empty(),
                "an unreadable roster with no problem"
            );
            let _ = e.to_string();
        }
    }
});
