//! Running the commands: everything the binary does between parsing
//! arguments and exiting. Returns the exit code; errors become miette
//! reports in `main`.

use std::io::{IsTerminal, Write};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::CommandFactory;
use miette::{IntoDiagnostic, Result, WrapErr};

use crate::baseline::Baseline;
use crate::cli::{
    Cli, ColorChoice, Command, FailOn, MergeArgs, ReportArgs, RuleArgs, RulesCommand, ScanArgs, TicketsArgs, WalkArgs,
};
use crate::config::Config;
use crate::report::modules::Modules;
use crate::report::tickets::{self, TicketOptions};
use crate::report::{self, Format, RenderOptions, Report};
use crate::rules::{RuleSet, Severity, Target};
use crate::scan::{self, ScanOptions};
use crate::select::{ChangedFiles, Selection};
use crate::suppress;
use crate::walk::WalkOptions;

mod rules_cmd;

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Scan(args) => run_scan(args),
        Command::Merge(args) => run_merge(args),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "session-impact", &mut out);
            write_output(None, &String::from_utf8_lossy(&out))?;
            Ok(ExitCode::from(EXIT_OK))
        }
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

/// The shipped rules (unless `--no-default-rules`), the `--rules`
/// directories and the built-in rules.
pub fn load_rules(args: &RuleArgs) -> Result<RuleSet> {
    let mut rules = RuleSet::load(!args.no_default_rules, &args.rules)?;
    suppress::add_builtin_rules(&mut rules);
    Ok(rules)
}

/// Everything the config file and the flags decide together.
struct Settings {
    rules: Arc<RuleSet>,
    targets: Vec<Target>,
    fail_on: FailOn,
    excludes: Vec<String>,
    /// `impact = true` in the config: compute the blast radius.
    impact: bool,
}

/// Loads the config file (`--config`, or discovered at `root`), then the
/// rules; flags override the file (`--fail-on`, `--target`) or add to it
/// (`--rules`, `--exclude`).
fn settings(
    config_flag: Option<&Path>,
    root: Option<&Path>,
    rule_args: &RuleArgs,
    targets: &[String],
    fail_on: Option<FailOn>,
    excludes: &[String],
) -> Result<Settings> {
    let config_path = match config_flag {
        Some(p) => Some(p.to_path_buf()),
        None => root.and_then(Config::discover),
    };
    let config = match config_path {
        Some(p) => Config::load(&p)?,
        None => Config::default(),
    };
    let mut dirs = config.rules.clone();
    dirs.extend(rule_args.rules.iter().cloned());
    let mut rules = load_rules(&RuleArgs { rules: dirs, no_default_rules: rule_args.no_default_rules })?;
    config.apply(&mut rules)?;
    let targets = if targets.is_empty() { config.targets.clone() } else { parse_targets(targets)? };
    let mut all_excludes = config.exclude.clone();
    all_excludes.extend(excludes.iter().cloned());
    Ok(Settings {
        rules: Arc::new(rules),
        targets,
        fail_on: fail_on.or(config.fail_on).unwrap_or(FailOn::Error),
        excludes: all_excludes,
        impact: config.impact,
    })
}

/// What CI formats prepend to report paths so they read from the directory
/// the scan ran in (the repository root in CI): the scan root when it is one
/// relative directory other than `.`, or a file's directory. Computed from
/// the report's `root`, so a merged report gets the prefix of a single scan.
pub fn path_prefix(root: &str) -> String {
    let path = Path::new(root);
    // Several roots: report paths already start with their root.
    if root.is_empty() || !path.exists() {
        return String::new();
    }
    let base = if path.is_file() { path.parent().unwrap_or(Path::new("")) } else { path };
    let base: PathBuf = match std::env::current_dir() {
        Ok(cwd) if base.is_absolute() => base.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or(base.to_path_buf()),
        _ => base.to_path_buf(),
    };
    let mut parts: Vec<String> = Vec::new();
    for c in base.components() {
        match c {
            Component::CurDir => {}
            Component::RootDir => parts.push(String::new()),
            c => parts.push(c.as_os_str().to_string_lossy().into_owned()),
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        parts.join("/") + "/"
    }
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
    write_output_with(path, |out| out.write_all(text.as_bytes()))
}

/// [`write_output`] for output produced piecewise by `write`: a report is
/// streamed out rather than built in memory first (hundreds of MB for a
/// dense repository in JSON).
pub fn write_output_with(path: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    match path {
        None => {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            match write(&mut out).and_then(|_| out.flush()) {
                // A closed pipe (`| head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => r.into_diagnostic().wrap_err("could not write to standard output"),
            }
        }
        // Devices, pipes and sockets (`-o /dev/stdout`, `-o /dev/null`, a
        // FIFO) are written in place: renaming a temp file over them would
        // replace the device with a regular file.
        Some(path) if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .into_diagnostic()
                .wrap_err_with(|| format!("could not open {}", path.display()))?;
            let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
            write(&mut out)
                .and_then(|_| out.flush())
                .into_diagnostic()
                .wrap_err_with(|| format!("could not write {}", path.display()))
        }
        Some(path) => {
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let mut tmp = tempfile::NamedTempFile::new_in(dir)
                .into_diagnostic()
                .wrap_err_with(|| format!("could not create a file in {}", dir.display()))?;
            {
                let mut out = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
                write(&mut out).and_then(|_| out.flush()).into_diagnostic()?;
            }
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

/// 1 when a finding is at or above the threshold, or with `strict` when a
/// file could not be scanned; else 0.
fn gate(report: &Report, fail_on: FailOn, strict: bool) -> ExitCode {
    let failed = match (fail_threshold(fail_on), report.max_severity()) {
        (Some(threshold), Some(max)) => max >= threshold,
        _ => false,
    };
    let failed = failed || (strict && !report.errors.is_empty());
    ExitCode::from(if failed { EXIT_FINDINGS } else { EXIT_OK })
}

fn render_options(
    settings: &Settings,
    report: &Report,
    format: Format,
    to_stdout: bool,
    color: ColorChoice,
) -> RenderOptions {
    RenderOptions {
        color: to_stdout && format == Format::Human && use_color(color),
        targets: settings.targets.clone(),
        rules: Some(Arc::clone(&settings.rules)),
        path_prefix: path_prefix(&report.root),
        source_root: source_root(&report.root),
    }
}

/// The directory report paths are relative to, for module names in the
/// markdown and HTML formats; from the report's `root` so that a merged
/// report renders like a single scan.
fn source_root(root: &str) -> Option<PathBuf> {
    let paths: Vec<PathBuf> =
        if Path::new(root).exists() { vec![PathBuf::from(root)] } else { root.split(' ').map(PathBuf::from).collect() };
    Modules::source_root(&paths)
}

fn scan_options(args: &WalkArgs) -> ScanOptions {
    if args.threads > 0 {
        // `-j` bounds the other parallel steps too (blast radius, JSON
        // rendering). Building the global pool fails only if it already
        // exists (an embedding program made it): then that one is used.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(args.threads).build_global();
    }
    ScanOptions {
        paths: args.paths.clone(),
        walk: WalkOptions {
            threads: args.threads,
            excludes: args.exclude.clone(),
            default_excludes: !args.no_default_excludes,
            follow_symlinks: args.follow_symlinks,
        },
        max_file_size: args.max_file_size,
        selection: Selection::default(),
        blast_radius: args.blast_radius,
    }
}

/// Renders `report` as `--format` asks and writes it to `--output`.
fn write_report(settings: &Settings, report: &Report, args: &ReportArgs) -> Result<()> {
    let options = render_options(settings, report, args.format, args.output.is_none(), args.color);
    write_output_with(args.output.as_deref(), |out| report::write(report, args.format, &options, out))
}

fn run_scan(args: ScanArgs) -> Result<ExitCode> {
    let settings = settings(
        args.config.as_deref(),
        args.walk.paths.first().map(PathBuf::as_path),
        &args.rule_args,
        &args.report.targets,
        args.report.fail_on,
        &args.walk.exclude,
    )?;
    // Read the baseline before scanning: a bad one fails fast.
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
    let changed = match &args.changed_since {
        Some(rev) => Some(Arc::new(ChangedFiles::since(&args.walk.paths, rev)?)),
        None => None,
    };
    let base = scan_options(&args.walk);
    let options = ScanOptions {
        walk: WalkOptions { excludes: settings.excludes.clone(), ..base.walk },
        selection: Selection { shard: args.shard, changed },
        blast_radius: base.blast_radius || settings.impact,
        ..base
    };
    let mut report = crate::progress::scan(&options, &settings.rules, crate::progress::wanted(args.quiet))?;
    if let Some(path) = &args.write_baseline {
        write_output(Some(path), &Baseline::from_report(&report).to_json())?;
        eprintln!("wrote a baseline of {} finding(s) to {}", report.findings.len(), path.display());
    }
    if let Some(baseline) = &baseline {
        baseline.apply(&mut report);
    }
    write_report(&settings, &report, &args.report)?;
    if args.write_baseline.is_some() {
        // Writing a baseline accepts today's findings.
        return Ok(ExitCode::from(EXIT_OK));
    }
    Ok(gate(&report, settings.fail_on, args.report.strict))
}

fn run_merge(args: MergeArgs) -> Result<ExitCode> {
    let report = crate::merge::merge_files(&args.reports)?;
    let root = Path::new(&report.root);
    let discovered_root = root.exists().then_some(root);
    let settings = settings(
        args.config.as_deref(),
        discovered_root,
        &args.rule_args,
        &args.report.targets,
        args.report.fail_on,
        &[],
    )?;
    write_report(&settings, &report, &args.report)?;
    Ok(gate(&report, settings.fail_on, args.report.strict))
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
