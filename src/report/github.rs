//! `--format github`: GitHub Actions workflow commands, one per finding
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), so
//! findings show as annotations on the pull request's changed lines.
//!
//! Severity maps to the command: error → `error`, warning → `warning`,
//! info → `notice`. Files that could not be scanned become `warning`s.

use std::fmt::Write;

use super::{Finding, RenderOptions, Report};
use crate::rules::Severity;

/// Escapes a command's message the way the Actions runner unescapes it.
/// The runner has no escape for other control characters, which would reach
/// the log raw (ANSI escapes from a file name): they become U+FFFD.
pub fn escape_data(text: &str) -> String {
    super::sanitize_terminal(&text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A"))
}

/// Escapes a command property value (`file=`, `title=`): as data, plus the
/// `:` and `,` that delimit properties.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn title(f: &Finding, options: &RenderOptions) -> String {
    match options.rules.as_ref().and_then(|r| r.get(&f.rule_id)) {
        Some(rule) => format!("{}: {}", f.rule_id, rule.title),
        None => f.rule_id.clone(),
    }
}

fn message(f: &Finding, options: &RenderOptions) -> String {
    let mut text = f.message.to_string();
    let plan: Vec<String> = f
        .replacements
        .iter()
        .filter(|r| options.targets.is_empty() || options.targets.contains(&r.target))
        .map(|r| format!("{}: {}", r.target.as_str(), r.api))
        .collect();
    if !plan.is_empty() {
        text.push_str("\n\nMigrate to:\n");
        text.push_str(&plan.join("\n"));
    }
    text
}

pub fn render(report: &Report, options: &RenderOptions) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let path = format!("{}{}", options.path_prefix, f.path);
        let mut props = format!("file={},line={},col={}", escape_property(&path), f.line, f.column);
        if f.end_line >= f.line {
            let _ = write!(props, ",endLine={}", f.end_line);
            // Columns of a range only mean something on a single line.
            if f.end_line == f.line {
                let _ = write!(props, ",endColumn={}", f.end_column);
            }
        }
        let _ = writeln!(
            out,
            "::{} {},title={}::{}",
            command(f.severity),
            props,
            escape_property(&title(f, options)),
            escape_data(&message(f, options))
        );
    }
    for e in &report.errors {
        let path = format!("{}{}", options.path_prefix, e.path);
        let _ = writeln!(
            out,
            "::warning file={},title={}::{}",
            escape_property(&path),
            escape_property("session-impact could not scan this file"),
            escape_data(&e.message)
        );
    }
    out
}
