//! The one integration test binary; one module per part of gardes.

mod calendar;
mod check;
mod cli;
mod coverage;
mod curtois;
mod export;
mod instance;
mod props;
mod rules;
mod tidy;
