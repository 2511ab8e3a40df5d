//! The one integration test binary; one module per part of gardes.

mod bad_input;
mod bench;
mod browser;
mod calendar;
mod check;
mod check_rules;
mod cli;
mod coverage;
mod curtois;
mod curtois_import;
mod decompose;
mod desiderata;
mod export;
mod feeds;
mod guide;
mod html;
mod instance;
mod props;
mod replan;
mod rules;
mod serve;
mod swap;
mod tidy;
mod whatif;
mod workspace;
