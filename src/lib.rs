//! tthc: the catalogue of administrative procedures (thủ tục hành chính) of a Vietnamese local
//! government, kept as YAML files in git.
//!
//! This library is the core: it never prints, never reads the environment, never exits. The
//! binary's faces (`cli`, later `tui`) call [`workspace`] and the pure modules.

// The library never prints or exits (its tests may): words go back to the faces as data.
#![cfg_attr(
    not(test),
    deny(clippy::print_stdout, clippy::print_stderr, clippy::exit)
)]

pub mod atomic;
pub mod diagnostic;
pub mod diff;
pub mod export;
pub mod history;
pub mod i18n;
pub mod import;
pub mod listing;
pub mod merge;
pub mod model;
mod parallel;
pub mod present;
pub mod proposal_rules;
pub mod report;
pub mod sample;
pub mod search;
pub mod store;
pub mod synthetic;
pub mod validate;
pub mod words;
pub mod workspace;
