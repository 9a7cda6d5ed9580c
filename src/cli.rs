//! Command-line definitions (clap derive) and nothing else.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::tickets::{GroupBy, TicketFormat};
use crate::report::Format;
use crate::select::Shard;

#[derive(Debug, Parser)]
#[command(
    name = "session-impact",
    version,
    about = "Find every place a codebase depends on the Session messenger ecosystem, and plan its migration.",
    long_about = None,
    after_help = "Examples:\n  session-impact scan .\n  session-impact scan services/ apps/ --format json --output session.json\n  session-impact scan --fail-on warning --exclude 'vendor/**'\n  session-impact rules list"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan paths and report every Session dependency.
    #[command(
        after_help = "Examples:\n  session-impact scan                       # the current directory\n  session-impact scan test-corpus           # the bundled example projects\n  session-impact scan . --format short      # path:line:col: severity [rule] message\n  session-impact scan . --format json -o report.json\n  session-impact scan . --rules my-rules/ --fail-on never\n\nExit codes: 0 no finding at or above --fail-on, 1 there are (or, with --strict, a file could not be scanned), 2 usage, config or rule error."
    )]
    Scan(ScanArgs),
    /// List, explain, validate and test rules.
    Rules(RulesArgs),
    /// Combine the JSON reports of `scan --shard K/N` runs into one report.
    #[command(
        after_help = "Examples:\n  session-impact scan . --shard 1/2 -f json -o shard1.json\n  session-impact scan . --shard 2/2 -f json -o shard2.json\n  session-impact merge shard1.json shard2.json --format sarif -o session.sarif\n\nThe result is identical to one scan of the same paths. Pass the same --rules and\n--config as the scans (the config file at the scanned root is found as scan finds it)."
    )]
    Merge(MergeArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  session-impact completions bash > ~/.local/share/bash-completion/completions/session-impact\n  session-impact completions zsh > \"${fpath[1]}/_session-impact\"\n  session-impact completions fish > ~/.config/fish/completions/session-impact.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write migration tickets (one per rule, file or module) from a scan.
    #[command(
        after_help = "Examples:\n  session-impact tickets . > MIGRATION.md\n  session-impact tickets . --format github --group-by module --target matrix -o tickets.json\n  session-impact tickets . --format jira-csv --repo-url https://github.com/acme/app -o jira.csv\n  session-impact tickets --report session.json --group-by rule\n\nEffort per ticket: the largest rule effort in the group, one size bigger per 5 files\nbeyond the first (S=1, M=3, L=8, XL=20 points); with --blast-radius the files that\nimport the group's files count too."
    )]
    Tickets(TicketsArgs),
    /// Serve diagnostics, hover and quick fixes to an editor over the Language Server Protocol (stdio).
    Lsp(LspArgs),
}

#[derive(Debug, Clone, Args)]
pub struct LspArgs {
    /// Show replacements for these targets only in hover text.
    #[arg(long = "target", value_name = "TARGET")]
    pub targets: Vec<String>,
    #[command(flatten)]
    pub rule_args: RuleArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Options shared by every command that loads rules.
#[derive(Debug, Clone, Args)]
pub struct RuleArgs {
    /// Extra rule directory (or file); may be repeated.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Do not load the shipped rule pack.
    #[arg(long)]
    pub no_default_rules: bool,
}

/// What to scan and how to walk it: shared by every command that scans.
#[derive(Debug, Clone, Args)]
pub struct WalkArgs {
    /// Files or directories to scan.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Number of threads (0: one per core).
    #[arg(long = "threads", short = 'j', value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Skip paths matching this gitignore-style glob; may be repeated.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Also scan node_modules, Pods, build, .gradle, target, dist and .git.
    #[arg(long)]
    pub no_default_excludes: bool,
    /// Follow symbolic links (loops are reported, not followed forever).
    #[arg(long)]
    pub follow_symlinks: bool,
    /// Skip files larger than this many bytes (they are listed as skipped).
    #[arg(long, value_name = "BYTES", default_value_t = crate::scan::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Also list the files that reach a finding through the project's own
    /// imports (wrappers, barrels), and match Session symbols imported
    /// through them. Reads every source file's imports. Also turned on by
    /// `impact = true` in the config file (scan only).
    #[arg(long)]
    pub blast_radius: bool,
}

/// How a report is rendered and gated (`scan` and `merge`).
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit with 1 when a finding is at or above this severity [default: error, or the config file's].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Also exit with 1 when a file could not be scanned (the report's `errors`: unreadable, unparsable,
    /// an internal error). Skipped files (too large, binary) do not count.
    #[arg(long)]
    pub strict: bool,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Show replacements for these targets only (matrix, signal, tor, simplex, generic).
    #[arg(long = "target", value_name = "TARGET")]
    pub targets: Vec<String>,
}

#[derive(Debug, Clone, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub walk: WalkArgs,
    #[command(flatten)]
    pub report: ReportArgs,
    /// No progress display on stderr (it is only shown when stderr is a terminal).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    /// Configuration file [default: .session-impact.toml at the first PATH].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report only findings whose fingerprints are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the fingerprints of every finding in FILE (and exit 0: they are accepted).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Scan only files changed since this git revision, plus untracked files.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// Scan only the K-th of N stable partitions of the files (combine with `merge`).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
}

#[derive(Debug, Clone, Args)]
pub struct MergeArgs {
    /// JSON reports written by `scan --format json`.
    #[arg(value_name = "REPORT", required = true)]
    pub reports: Vec<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    /// Configuration file [default: .session-impact.toml at the scanned root, if it is here].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct TicketsArgs {
    #[command(flatten)]
    pub walk: WalkArgs,
    /// Ticket format.
    #[arg(long, short = 'f', value_enum, default_value_t = TicketFormat::Markdown)]
    pub format: TicketFormat,
    /// One ticket per rule, per file, or per module (nearest package manifest, else top-level directory).
    #[arg(long, value_enum, default_value_t = GroupBy::Module)]
    pub group_by: GroupBy,
    /// The stack to migrate to: matrix, signal, tor, simplex or generic [default: matrix].
    #[arg(long, value_name = "TARGET")]
    pub target: Option<String>,
    /// Link locations to this repository (`URL/blob/HEAD/path#Lline`).
    #[arg(long, value_name = "URL")]
    pub repo_url: Option<String>,
    /// Read the findings from a JSON report (`scan --format json`) instead of scanning.
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub report: Option<PathBuf>,
    /// Write the tickets to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub rule_args: RuleArgs,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List the loaded rules.
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        #[command(flatten)]
        rule_args: RuleArgs,
    },
    /// Show what one rule matches, why it matters, its replacements and corpus examples.
    Explain {
        #[arg(value_name = "ID")]
        id: String,
        #[command(flatten)]
        rule_args: RuleArgs,
    },
    /// Validate the rule files in DIR and report every error precisely.
    Validate {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Check the annotated files in DIR (`// expect: rule/id`, `expect-none`) against the rules.
    #[command(
        after_help = "Each mismatch is printed as `file:line: ...`. Exit codes: 0 every annotation holds, 1 there are mismatches, 2 rule or usage error.\n\nExamples:\n  session-impact rules test test-corpus\n  session-impact rules test my-cases/ --rules my-rules/"
    )]
    Test {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        #[command(flatten)]
        rule_args: RuleArgs,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    /// The prefilter's literals, one per line (for the benchmark's `rg -F -f`).
    #[value(hide = true)]
    Literals,
}
