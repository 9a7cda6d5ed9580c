//! Baselines: `--write-baseline FILE` records the fingerprints of today's
//! findings; `--baseline FILE` then reports only findings not recorded, and
//! `summary.baselined` says how many it hid.
//!
//! A fingerprint hashes the rule id, the path, the whitespace-normalised text
//! of the finding's line and the occurrence index of that triple in the file
//! (see `fingerprint.rs`). So a finding keeps its fingerprint when lines are
//! inserted or removed above it or when it is re-indented, and gets a new one
//! when its line is edited or its file is renamed or moved: a renamed file's
//! findings are reported as new. That is deliberate: the path is part of
//! what a reviewer accepted, and content-only matching would let a finding
//! copied into a new file hide behind the baseline of the old one.
//!
//! The file is versioned JSON with a little context per entry (rule, path,
//! line, snippet) so that it reviews well in a diff.

// The errors carry the file's text for miette to point into; they end the
// run, so their size on the error path costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::{Deserialize, Serialize};

use crate::report::Report;

pub const BASELINE_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    /// `session-impact <version>` that wrote the file (informative).
    pub tool: String,
    pub findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub rule_id: String,
    pub path: String,
    /// Where the finding was when the baseline was written (informative:
    /// matching uses the fingerprint only).
    pub line: usize,
    pub snippet: String,
}

#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum BaselineError {
    #[error("could not read baseline {path}: {message}")]
    #[diagnostic(
        code(session_impact::baseline::io),
        help("write one with `session-impact scan --write-baseline FILE`")
    )]
    Io { path: PathBuf, message: String },
    #[error("invalid baseline {path}: {message}")]
    #[diagnostic(
        code(session_impact::baseline::invalid),
        help("baselines are written by `session-impact scan --write-baseline FILE`; write it again rather than editing it")
    )]
    Invalid {
        path: PathBuf,
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("here")]
        span: SourceSpan,
    },
}

/// Byte offset of a 1-based line and column (as serde_json reports them).
fn offset(source: &str, line: usize, column: usize) -> usize {
    let start: usize = source.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    // An error at the very end (a truncated file) points at the last character.
    let mut at = (start + column.saturating_sub(1)).min(source.len().saturating_sub(1));
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl Baseline {
    pub fn from_report(report: &Report) -> Baseline {
        Baseline {
            version: BASELINE_VERSION,
            tool: format!("{} {}", report.tool.name, report.tool.version),
            findings: report
                .findings
                .iter()
                .map(|f| Entry {
                    fingerprint: f.fingerprint.clone(),
                    rule_id: f.rule_id.clone(),
                    path: f.path.clone(),
                    line: f.line,
                    snippet: f.snippet.clone(),
                })
                .collect(),
        }
    }

    pub fn to_json(&self) -> String {
        // Plain data with string keys: serialising cannot fail.
        let mut out = serde_json::to_string_pretty(self).unwrap_or_default();
        out.push('\n');
        out
    }

    /// Parses a baseline file's text; `path` is for messages.
    pub fn parse(path: &Path, source: &str) -> Result<Baseline, BaselineError> {
        let invalid = |message: String, at: usize, len: usize| BaselineError::Invalid {
            path: path.to_path_buf(),
            message,
            src: NamedSource::new(path.display().to_string(), source.to_string()),
            span: SourceSpan::from(at..(at + len).min(source.len())),
        };
        let baseline: Baseline = serde_json::from_str(source).map_err(|e| {
            let at = offset(source, e.line(), e.column());
            invalid(e.to_string(), at, 1)
        })?;
        if baseline.version != BASELINE_VERSION {
            let at = source.find("\"version\"").unwrap_or(0);
            return Err(invalid(
                format!(
                    "baseline version {} is not supported (this session-impact reads version {BASELINE_VERSION})",
                    baseline.version
                ),
                at,
                "\"version\"".len(),
            ));
        }
        Ok(baseline)
    }

    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let source = std::fs::read_to_string(path)
            .map_err(|e| BaselineError::Io { path: path.to_path_buf(), message: e.to_string() })?;
        Baseline::parse(path, &source)
    }

    /// Removes the findings recorded in the baseline from `report` and
    /// counts them in `summary.baselined`.
    pub fn apply(&self, report: &mut Report) {
        let known: HashSet<&str> = self.findings.iter().map(|e| e.fingerprint.as_str()).collect();
        let before = report.findings.len();
        report.findings.retain(|f| !known.contains(f.fingerprint.as_str()));
        report.summary.baselined += before - report.findings.len();
        report.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_point_into_the_file() {
        let src = "{\n  \"version\": 1,\n  \"tool\": \"x\",\n  \"findings\": [,]\n}\n";
        let err = Baseline::parse(Path::new("b.json"), src).err();
        let Some(BaselineError::Invalid { span, .. }) = err else { panic!("expected an invalid-file error: {err:?}") };
        // Line 4, at the stray comma.
        assert_eq!(&src[span.offset()..span.offset() + 1], ",");
    }

    #[test]
    fn other_versions_are_refused() {
        let src = "{\"version\": 7, \"tool\": \"x\", \"findings\": []}";
        let err = Baseline::parse(Path::new("b.json"), src).err();
        assert!(
            matches!(&err, Some(BaselineError::Invalid { message, .. }) if message.contains("version 7")),
            "{err:?}"
        );
    }
}
