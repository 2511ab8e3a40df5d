//! The one integration test binary; one module per part of gardes.

mod bad_input;
mod bench;
mod calendar;
mod check;
mod check_rules;
mod cli;
mod coverage;
mod curtois;
mod curtois_import;
mod export;
mod instance;
mod props;
mod replan;
mod rules;
mod swap;
mod tidy;
mod whatif;
