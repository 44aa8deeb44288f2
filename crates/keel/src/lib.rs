//! The keel command-line interface: parses arguments, resolves settings, runs one command and
//! renders its report. Library crates do the work and never print; this crate is the only
//! place that writes to the terminal.
//!
//! Exit codes (a contract): 0 success, 1 the command ran and found a problem, 2 the command
//! could not do its job.

mod args;
mod commands;
mod context;
mod drivers;
mod exit;
mod output;
mod scratch;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

pub use exit::ExitStatus;

/// Runs keel with `args` (including the program name) and returns the exit code.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match args::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Success
            };
            let _ = e.print();
            return code.into();
        }
    };
    let mut out = output::Output::new(&cli.global);
    let status = match commands::dispatch(&cli, &mut out) {
        Ok(status) => status,
        Err(err) => {
            out.error(&err);
            ExitStatus::Error
        }
    };
    status.into()
}
