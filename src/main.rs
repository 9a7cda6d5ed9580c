use std::process::ExitCode;

use clap::Parser;
use session_impact::app::{self, EXIT_ERROR};
use session_impact::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match app::run(cli) {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}
