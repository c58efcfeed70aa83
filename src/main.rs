//! The `newsgraph` binary: parses the command line, runs the library, maps the outcome to an
//! exit code (0 ok, 1 input or query error, 2 usage error).

use clap::Parser;
use newsgraph::cli::{self, args::Cli, Status};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(Status::Ok) => ExitCode::SUCCESS,
        Ok(Status::Failed) => ExitCode::from(1),
        Ok(Status::Usage) => ExitCode::from(2),
        Err(e) => {
            let e = anyhow::Error::from(e);
            eprintln!("newsgraph: error: {e:#}");
            ExitCode::from(1)
        }
    }
}
