//! Every user-facing French string, in one place so that a test can snapshot them and
//! logic stays in English. One submodule per part of the program.

pub mod bench;
pub mod calendar;
pub mod check;
pub mod cli;
pub mod duties;
pub mod export;
pub mod fees;
#[cfg(test)]
mod french_literals;
pub mod html;
pub mod plan;
pub mod replan;
pub mod report;
pub mod serve;
pub mod solve;
pub mod swap;
pub mod workspace;
