//! `--format short`: `path:line:col: severity [rule] message`, one per line.

use std::fmt::Write;

use super::{sanitize_terminal, Report};

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let _ = writeln!(
            out,
            "{}:{}:{}: {} [{}] {}",
            sanitize_terminal(&f.path),
            f.line,
            f.column,
            f.severity,
            f.rule_id,
            f.message.lines().next().unwrap_or("")
        );
    }
    for e in &report.errors {
        let _ = writeln!(out, "{}: error [scan] {}", sanitize_terminal(&e.path), sanitize_terminal(&e.message));
    }
    out
}
