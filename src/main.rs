//! The `tthc` binary: parse the command line, pick a face, map the outcome to an exit code.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => err.report(),
    }
}
