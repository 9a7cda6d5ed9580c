//! `--format short`: `path:line:col: severity [rule] message`, one per line.

use std::fmt::Write;

use super::{sanitize_terminal, Finding, Report};

/// `path:line:col: severity [rule] message` (the message's first line).
pub fn line(f: &Finding) -> String {
    format!(
        "{}:{}:{}: {} [{}] {}",
        sanitize_terminal(&f.path),
        f.line,
        f.column,
        f.severity,
        f.rule_id,
        sanitize_terminal(f.message.lines().next().unwrap_or(""))
    )
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let _ = writeln!(out, "{}", line(f));
    }
    for e in &report.errors {
        let _ = writeln!(out, "{}: error [scan] {}", sanitize_terminal(&e.path), sanitize_terminal(&e.message));
    }
    out
}
