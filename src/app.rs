//! Running the commands: everything the binary does between parsing
//! arguments and exiting. Returns the exit code; errors become miette
//! reports in `main`.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use miette::{IntoDiagnostic, Result, WrapErr};

use crate::cli::{Cli, ColorChoice, Command, FailOn, RuleArgs, RulesCommand, ScanArgs, TicketsArgs, WalkArgs};
use crate::report::modules::Modules;
use crate::report::tickets::{self, TicketOptions};
use crate::report::{self, Format, RenderOptions};
use crate::rules::{RuleSet, Severity, Target};
use crate::scan::{self, ScanOptions};
use crate::walk::WalkOptions;

mod rules_cmd;

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Scan(args) => run_scan(args),
        Command::Tickets(args) => run_tickets(args),
        Command::Lsp(args) => {
            let options = crate::lsp::LspOptions {
                extra_rules: args.rule_args.rules.clone(),
                no_default_rules: args.rule_args.no_default_rules,
                targets: parse_targets(&args.targets)?,
            };
            crate::lsp::run_stdio(options)?;
            Ok(ExitCode::from(EXIT_OK))
        }
        Command::Rules(r) => match r.command {
            RulesCommand::List { format, rule_args } => rules_cmd::list(&rule_args, format),
            RulesCommand::Explain { id, rule_args } => rules_cmd::explain(&rule_args, &id),
            RulesCommand::Validate { dir } => rules_cmd::validate(&dir),
            RulesCommand::Test { dir, rule_args } => rules_cmd::test(&rule_args, &dir),
        },
    }
}

pub fn load_rules(args: &RuleArgs) -> Result<RuleSet> {
    Ok(RuleSet::load(!args.no_default_rules, &args.rules)?)
}

fn parse_targets(names: &[String]) -> Result<Vec<Target>> {
    names
        .iter()
        .map(|n| {
            Target::parse(n).ok_or_else(|| {
                miette::miette!(help = "one of: matrix, signal, tor, simplex, generic", "unknown target `{n}`")
            })
        })
        .collect()
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal(),
    }
}

/// Writes `text` to `path` atomically (temp file in the same directory,
/// then rename), or to stdout when `path` is `None`.
pub fn write_output(path: Option<&Path>, text: &str) -> Result<()> {
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                // A closed pipe (`| head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => r.into_diagnostic().wrap_err("could not write to standard output"),
            }
        }
        Some(path) => {
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let mut tmp = tempfile::NamedTempFile::new_in(dir)
                .into_diagnostic()
                .wrap_err_with(|| format!("could not create a file in {}", dir.display()))?;
            tmp.write_all(text.as_bytes()).into_diagnostic()?;
            // Temp files are created 0600; a report is an ordinary file.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(path).map(|m| m.permissions().mode()).unwrap_or(0o644);
                tmp.as_file().set_permissions(std::fs::Permissions::from_mode(mode)).into_diagnostic()?;
            }
            tmp.persist(path).into_diagnostic().wrap_err_with(|| format!("could not write {}", path.display()))?;
            Ok(())
        }
    }
}

fn fail_threshold(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
}

fn scan_options(args: &WalkArgs) -> ScanOptions {
    ScanOptions {
        paths: args.paths.clone(),
        walk: WalkOptions {
            threads: args.threads,
            excludes: args.exclude.clone(),
            default_excludes: !args.no_default_excludes,
            follow_symlinks: args.follow_symlinks,
        },
        max_file_size: args.max_file_size,
        blast_radius: args.blast_radius,
    }
}

fn run_scan(args: ScanArgs) -> Result<ExitCode> {
    let rules = load_rules(&args.rule_args)?;
    let targets = parse_targets(&args.targets)?;
    let options = scan_options(&args.walk);
    let report = scan::scan(&options, &rules)?;
    let color = args.output.is_none() && args.format == Format::Human && use_color(args.color);
    let source_root = Modules::source_root(&args.walk.paths);
    let text = report::render(&report, args.format, &RenderOptions { color, targets, source_root });
    write_output(args.output.as_deref(), &text)?;
    let failed = match (fail_threshold(args.fail_on), report.max_severity()) {
        (Some(threshold), Some(max)) => max >= threshold,
        _ => false,
    };
    Ok(ExitCode::from(if failed { EXIT_FINDINGS } else { EXIT_OK }))
}

fn run_tickets(args: TicketsArgs) -> Result<ExitCode> {
    let rules = load_rules(&args.rule_args)?;
    let target = match &args.target {
        Some(name) => parse_targets(std::slice::from_ref(name))?.into_iter().next().unwrap_or(Target::Matrix),
        None => Target::Matrix,
    };
    let (report, source_root) = match &args.report {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .into_diagnostic()
                .wrap_err_with(|| format!("could not read {}", path.display()))?;
            let report: report::Report = serde_json::from_str(&text)
                .into_diagnostic()
                .wrap_err_with(|| format!("{} is not a session-impact JSON report", path.display()))?;
            (report, None)
        }
        None => (scan::scan(&scan_options(&args.walk), &rules)?, Modules::source_root(&args.walk.paths)),
    };
    let options = TicketOptions {
        group_by: args.group_by,
        target,
        repo_url: args.repo_url.clone(),
        rule_titles: rules.rules.iter().map(|r| (r.id.clone(), r.title.clone())).collect(),
        modules: source_root.map(Modules::from_disk).unwrap_or_default(),
    };
    let text = tickets::render(&report, args.format, &options)?;
    write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::from(EXIT_OK))
}
