//! `--format human`: miette-rendered findings grouped by file, then a summary.

use std::fmt::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};

use super::{sanitize_terminal, Finding, RenderOptions, Report};
use crate::rules::Severity;

/// One line of source, standing at its real line number.
struct SnippetSource {
    name: String,
    text: String,
    line: usize,
}

impl SourceCode for SnippetSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let whole = SourceSpan::from(0..self.text.len());
        let _ = span;
        Ok(Box::new(MietteSpanContents::new_named(self.name.clone(), self.text.as_bytes(), whole, self.line, 0, 1)))
    }
}

struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: SnippetSource,
    span: SourceSpan,
    help: Option<String>,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.rule_id)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&sanitize_terminal(&self.finding.message))
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.finding.rule_id))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label =
            format!("{} · {} · effort {}", self.finding.severity, self.finding.category, self.finding.effort.as_str());
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(Some(label), self.span))))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        None
    }
}

/// Byte offset of a 1-based character column in `text`.
fn byte_at_column(text: &str, column: usize) -> usize {
    text.char_indices().nth(column.saturating_sub(1)).map(|(i, _)| i).unwrap_or(text.len())
}

fn diagnostic<'a>(f: &'a Finding, options: &RenderOptions) -> FindingDiagnostic<'a> {
    let text = sanitize_terminal(&f.snippet);
    let start = byte_at_column(&text, f.column);
    let end = if f.end_line == f.line { byte_at_column(&text, f.end_column).max(start) } else { text.len() };
    let span = SourceSpan::from(start..end.max(start));
    let help: Vec<String> = f
        .replacements
        .iter()
        .filter(|r| options.targets.is_empty() || options.targets.contains(&r.target))
        .map(|r| {
            let mut s = format!("{}: {}", r.target.as_str(), sanitize_terminal(&r.api));
            if !r.note.is_empty() {
                s.push_str(&format!(" — {}", sanitize_terminal(&r.note)));
            }
            s
        })
        .collect();
    FindingDiagnostic {
        finding: f,
        source: SnippetSource {
            // miette appends the line and column itself.
            name: sanitize_terminal(&f.path),
            text,
            line: f.line - 1,
        },
        span,
        help: (!help.is_empty())
            .then(|| format!("migrate to\n{}", help.iter().map(|h| format!("• {h}")).collect::<Vec<_>>().join("\n"))),
    }
}

pub fn render(report: &Report, options: &RenderOptions) -> String {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    let mut out = String::new();
    let mut current: Option<&str> = None;
    // Counted once up front: counting per file header was quadratic
    // (20k files × 91k findings on a dense tree).
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for f in &report.findings {
        *counts.entry(f.path.as_str()).or_default() += 1;
    }
    for f in &report.findings {
        if current != Some(f.path.as_str()) {
            current = Some(f.path.as_str());
            let count = counts.get(f.path.as_str()).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "── {} ({} finding{})",
                sanitize_terminal(&f.path),
                count,
                if count == 1 { "" } else { "s" }
            );
        }
        let d = diagnostic(f, options);
        if handler.render_report(&mut out, &d).is_err() {
            let _ = writeln!(out, "{}", super::short::line(f));
        }
    }
    super::blast::render_human(report, &mut out);
    render_summary(report, &mut out);
    out
}

fn render_summary(report: &Report, out: &mut String) {
    let s = &report.summary;
    let _ = writeln!(out, "── summary");
    let _ = writeln!(
        out,
        "  {} file{} scanned, {} with findings, {} finding{}",
        s.files_scanned,
        if s.files_scanned == 1 { "" } else { "s" },
        s.files_with_findings,
        s.findings,
        if s.findings == 1 { "" } else { "s" }
    );
    if !s.by_severity.is_empty() {
        let parts: Vec<String> = ["error", "warning", "info"]
            .iter()
            .filter_map(|k| s.by_severity.get(*k).map(|n| format!("{n} {k}")))
            .collect();
        let _ = writeln!(out, "  by severity: {}", parts.join(", "));
    }
    if !s.by_category.is_empty() {
        let parts: Vec<String> = s.by_category.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let _ = writeln!(out, "  by category: {}", parts.join(", "));
    }
    if s.suppressed > 0 {
        let _ = writeln!(out, "  suppressed by comments: {}", s.suppressed);
    }
    if s.baselined > 0 {
        let _ = writeln!(out, "  hidden by the baseline: {}", s.baselined);
    }
    if !report.skipped.is_empty() {
        let _ = writeln!(
            out,
            "  skipped {} file{}:",
            report.skipped.len(),
            if report.skipped.len() == 1 { "" } else { "s" }
        );
        for sk in &report.skipped {
            let _ = writeln!(out, "    {}: {}", sanitize_terminal(&sk.path), sanitize_terminal(&sk.reason));
        }
    }
    if !report.errors.is_empty() {
        let _ = writeln!(
            out,
            "  {} file{} could not be scanned:",
            report.errors.len(),
            if report.errors.len() == 1 { "" } else { "s" }
        );
        for e in &report.errors {
            let _ = writeln!(out, "    {}: {}", sanitize_terminal(&e.path), sanitize_terminal(&e.message));
        }
    }
}
