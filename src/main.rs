use std::process::ExitCode;

use clap::Parser;
use session_impact::app::{self, EXIT_ERROR};
use session_impact::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match app::run(cli) {
        Ok(code) => code,
        Err(report) => {
            // Sanitised: errors quote config and rule files, which may come
            // with the scanned repository.
            eprintln!("{:?}", session_impact::report::safe_diagnostic::Safe::new(report.as_ref()));
            ExitCode::from(EXIT_ERROR)
        }
    }
}
