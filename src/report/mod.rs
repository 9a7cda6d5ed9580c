//! The report model and its renderers. Every format is one module fed the
//! same [`Report`].

pub mod blast;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod human;
pub mod json;
pub mod markdown;
pub mod modules;
pub mod plan;
pub mod safe_diagnostic;
pub mod sarif;
pub mod short;
pub mod tickets;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::rules::{Effort, Replacement, Severity};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

impl Default for Tool {
    fn default() -> Self {
        Tool { name: env!("CARGO_PKG_NAME").to_string(), version: env!("CARGO_PKG_VERSION").to_string() }
    }
}

/// One place where the scanned code depends on Session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule_id: String,
    pub severity: Severity,
    pub category: String,
    pub effort: Effort,
    /// Relative to the scan root, `/`-separated.
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The rule's message, shared by its findings.
    pub message: Arc<str>,
    /// The source line of the finding (trailing whitespace trimmed).
    pub snippet: String,
    /// Language name, or `manifest`.
    pub language: String,
    pub fingerprint: String,
    /// GitHub code scanning's `primaryLocationLineHash` of the finding's
    /// line (`<hex>:<n>`), computed from the file while it is scanned so
    /// SARIF made from a merged report carries it too.
    #[serde(default)]
    pub line_hash: String,
    /// The rule's replacements, shared by its findings.
    pub replacements: Arc<[Replacement]>,
}

impl Finding {
    /// The order of every report: path, line, column, rule.
    pub fn sort_key(&self) -> (&str, usize, usize, &str) {
        (&self.path, self.line, self.column, &self.rule_id)
    }
}

/// A file that could not be scanned (or only partly).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FileError {
    pub path: String,
    pub message: String,
}

/// A file deliberately not scanned (too large, binary).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub files_scanned: usize,
    pub files_with_findings: usize,
    pub findings: usize,
    pub by_severity: BTreeMap<String, usize>,
    pub by_category: BTreeMap<String, usize>,
    pub by_rule: BTreeMap<String, usize>,
    /// Files not scanned: over `--max-file-size` or binary (listed in `skipped`).
    #[serde(default)]
    pub files_skipped: usize,
    /// Findings hidden by `session-impact: ignore` comments.
    #[serde(default)]
    pub suppressed: usize,
    /// Findings hidden because they are in the `--baseline` file.
    #[serde(default)]
    pub baselined: usize,
    /// Files that reach a file with findings through the project's own
    /// imports (`--blast-radius` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impacted_files: Option<usize>,
    /// Imports of the project's own code that match no file, counted once
    /// per importing file and specifier (`--blast-radius` only; listed in
    /// the report's `unresolved`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unresolved_imports: Option<usize>,
}

/// A file without findings of its own that imports, directly or through
/// other files, a file that has some (`--blast-radius`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactedFile {
    pub path: String,
    /// Import hops to the nearest file with findings (1: imports it).
    pub depth: usize,
    /// One shortest import chain: this file first, a file with findings last.
    pub via: Vec<String>,
    /// Every file with findings this one reaches.
    pub reaches: Vec<String>,
}

/// The result of a scan: the JSON report contract, schema_version 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub root: String,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    pub errors: Vec<FileError>,
    #[serde(default)]
    pub skipped: Vec<Skipped>,
    /// The blast radius, when computed (`--blast-radius`), ordered by depth
    /// then path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<Vec<ImpactedFile>>,
    /// Imports of the project's own code that match no file, ordered by
    /// path (`--blast-radius`): what to fix (a missing tsconfig path, a
    /// generated file) for a complete blast radius.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unresolved: Option<Vec<UnresolvedImport>>,
}

/// A local import that matches no file of the scan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UnresolvedImport {
    /// The importing file.
    pub path: String,
    /// The specifier as written (`../localization/localeTools`, `chat/client.h`).
    pub import: String,
}

impl Report {
    /// A report of this tool and schema with nothing in it yet.
    pub fn empty(root: String) -> Report {
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool::default(),
            root,
            summary: Summary::default(),
            findings: Vec::new(),
            errors: Vec::new(),
            skipped: Vec::new(),
            impact: None,
            unresolved: None,
        }
    }

    /// Sorts everything into report order and recomputes the summary from
    /// the findings. Called once, at the end of a scan or a merge.
    pub fn finish(&mut self) {
        // In place (a stable sort allocates half the list again). Findings
        // with equal keys are one finding, of which one is kept; should
        // they differ (merged reports of two versions of a file), the
        // tie-break makes the one kept independent of the input order.
        self.findings.sort_unstable_by(|a, b| {
            a.sort_key().cmp(&b.sort_key()).then_with(|| {
                (&a.fingerprint, &a.snippet, &a.line_hash).cmp(&(&b.fingerprint, &b.snippet, &b.line_hash))
            })
        });
        self.findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
        self.errors.sort();
        self.errors.dedup();
        self.skipped.sort();
        self.skipped.dedup();
        let s = &mut self.summary;
        s.findings = self.findings.len();
        s.files_skipped = self.skipped.len();
        s.by_severity.clear();
        s.by_category.clear();
        s.by_rule.clear();
        // Counted under borrowed keys, owned once per distinct key.
        let mut by_severity: BTreeMap<&str, usize> = BTreeMap::new();
        let mut by_category: BTreeMap<&str, usize> = BTreeMap::new();
        let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
        let mut files = 0;
        let mut previous_path = None;
        for f in &self.findings {
            *by_severity.entry(f.severity.as_str()).or_default() += 1;
            *by_category.entry(&f.category).or_default() += 1;
            *by_rule.entry(&f.rule_id).or_default() += 1;
            // Sorted by path: a file's findings are next to each other.
            if previous_path != Some(f.path.as_str()) {
                files += 1;
                previous_path = Some(f.path.as_str());
            }
        }
        let owned = |m: BTreeMap<&str, usize>| m.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        s.by_severity = owned(by_severity);
        s.by_category = owned(by_category);
        s.by_rule = owned(by_rule);
        s.files_with_findings = files;
    }

    /// The highest severity present, if any finding.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Output formats of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Short,
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...::message`).
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// An impact summary for a pull request or a wiki page.
    Markdown,
    /// One self-contained HTML file with charts and the findings table.
    Html,
}

/// Options that change how findings are shown (not what is found).
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Colour and hyperlinks in human output.
    pub color: bool,
    /// Which replacement targets to show (all when empty).
    pub targets: Vec<crate::rules::Target>,
    /// The rules of the scan, for formats that describe them (SARIF).
    pub rules: Option<std::sync::Arc<crate::rules::RuleSet>>,
    /// Prepended to finding paths in formats read by CI services (SARIF,
    /// GitHub, GitLab), which want paths from the repository root: the scan
    /// root as given (`services/api/`) when it is not the current directory.
    pub path_prefix: String,
    /// The directory the report's paths are relative to, when they are on
    /// disk: modules are then named after their package manifests.
    pub source_root: Option<std::path::PathBuf>,
}

/// Renders `report` in `format` into a string.
pub fn render(report: &Report, format: Format, options: &RenderOptions) -> String {
    match format {
        Format::Human => human::render(report, options),
        Format::Short => short::render(report),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report, options),
        Format::Github => github::render(report, options),
        Format::Gitlab => gitlab::render(report, options),
        Format::Markdown => markdown::render(report, options),
        Format::Html => html::render(report, options),
    }
}

/// [`render`] into `out`; JSON is streamed rather than built in memory.
pub fn write(
    report: &Report,
    format: Format,
    options: &RenderOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => json::write(report, out),
        _ => out.write_all(render(report, format, options).as_bytes()),
    }
}

/// Removes control characters (ANSI escapes included) and bidirectional
/// overrides (which reorder what a terminal shows, "Trojan Source") from
/// scanned text before it reaches a terminal; tabs become spaces.
pub fn sanitize_terminal(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::plan::tests::finding;

    #[test]
    fn finish_keeps_the_same_of_two_different_findings_at_one_place_whatever_their_order() {
        // Reports of two versions of a file, merged: same place and rule,
        // different line text.
        let old = finding("sdk/x", Severity::Warning, Effort::M, "src/a.ts", 3);
        let mut new = old.clone();
        new.snippet = "import { Session } from '@session.js/client' // v2".into();
        new.fingerprint = "0000".into();
        let other = finding("sdk/x", Severity::Warning, Effort::M, "src/a.ts", 1);
        let kept = |findings: Vec<Finding>| {
            let mut report = Report::empty("repo".into());
            report.findings = findings;
            report.finish();
            report.findings
        };
        let forward = kept(vec![old.clone(), other.clone(), new.clone()]);
        let backward = kept(vec![new.clone(), other, old]);
        assert_eq!(forward, backward);
        assert_eq!(forward.len(), 2);
        assert_eq!(forward[1], new, "the tie-break keeps the smallest fingerprint");
        assert_eq!(backward[1].line, 3);
    }
}
