//! `--format gitlab`: a GitLab Code Quality report (the Code Climate issue
//! subset GitLab reads), so findings show in merge request widgets and diffs.
//!
//! Severity maps onto GitLab's five levels: error → `critical` (stops working
//! with the network), warning → `major` (must migrate), info → `info`.
//! The fingerprint is the tool's stable one: GitLab compares it between the
//! source and target branch to tell new findings from old.

use serde::Serialize;

use super::{RenderOptions, Report};
use crate::rules::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: &'a str,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

pub fn render(report: &Report, options: &RenderOptions) -> String {
    let issues: Vec<Issue<'_>> = report
        .findings
        .iter()
        .map(|f| Issue {
            description: format!("[{}] {}", f.rule_id, f.message),
            check_name: &f.rule_id,
            fingerprint: &f.fingerprint,
            severity: severity(f.severity),
            location: Location { path: format!("{}{}", options.path_prefix, f.path), lines: Lines { begin: f.line } },
        })
        .collect();
    // Plain data with string keys: serialising cannot fail.
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}
