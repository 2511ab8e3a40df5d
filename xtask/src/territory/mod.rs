//! What the instance generators (`gen-lozere`, `gen-herault`) share: the calendar of the
//! first quarter of 2027, the open data files and their hand-written CSV parser, the
//! travel-time estimate of `[coverage]`, the seeded random generator, the PDSA periods and
//! categories of the Lozère-shaped instances, the practitioners'
//! unavailability and wishes, the TOML text helpers and fixed sections, and the command
//! line (`--communes`, `--bases`, `--out`, `--check`). The synthetic instance of
//! `gen-scale` uses them too, and `gen-network` its data, distances, generator, names,
//! text helpers and `--check`.

pub(crate) mod calendar;
pub(crate) mod cli;
pub(crate) mod data;
pub(crate) mod geo;
pub(crate) mod names;
pub(crate) mod periods;
pub(crate) mod requests;
pub(crate) mod rng;
pub(crate) mod text;
