//! Annotated test corpora: files that state, in their own comment syntax,
//! which findings they must produce (semgrep-style). Used by the corpus test
//! and by `session-impact rules test DIR`.
//!
//! - `// expect: rule/id, other/id` (or `# expect:`, `<!-- expect: -->`,
//!   `-- expect:`): the next line that is not itself an annotation must carry
//!   exactly these findings (among others listed for it).
//! - `expect-none` in a comment: the file must produce no finding.
//! - Files that cannot hold comments (JSON) take a sidecar `<name>.expect`
//!   with lines `LINE: rule/id, ...` or `none`.
//!
//! Every classified file must be annotated one way or the other, so that a
//! forgotten annotation is an error, not a silent pass.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::lang;
use crate::report::Report;
use crate::rules::RuleSet;
use crate::scan::{self, display_path, ScanOptions};

static EXPECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?://|#|--|/\*|\*|<!--)\s*expect:\s*([A-Za-z0-9/_,\s-]+)").expect("static regex"));
static EXPECT_NONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?://|#|--|/\*|\*|<!--)\s*expect-none\b").expect("static regex"));

/// (path, line, rule id)
pub type Expected = BTreeSet<(String, usize, String)>;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mismatch {
    Missing { path: String, line: usize, rule: String },
    Unexpected { path: String, line: usize, rule: String, snippet: String },
    Unannotated { path: String },
    UnknownRule { path: String, line: usize, rule: String },
    ScanError { path: String, message: String },
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::Missing { path, line, rule } => write!(f, "{path}:{line}: missing finding {rule}"),
            Mismatch::Unexpected { path, line, rule, snippet } => {
                write!(f, "{path}:{line}: unexpected finding {rule}: {}", snippet.trim())
            }
            Mismatch::Unannotated { path } => {
                write!(
                    f,
                    "{path}: no `expect:` or `expect-none` annotation (every corpus file states what it must produce)"
                )
            }
            Mismatch::UnknownRule { path, line, rule } => {
                write!(f, "{path}:{line}: annotation names unknown rule {rule}")
            }
            Mismatch::ScanError { path, message } => write!(f, "{path}: could not be scanned: {message}"),
        }
    }
}

/// What one file's annotations say: `None` when it has none.
pub fn annotations(text: &str) -> Option<BTreeSet<(usize, String)>> {
    let mut out = BTreeSet::new();
    let mut pending: Vec<String> = Vec::new();
    let mut annotated = false;
    for (i, line) in text.lines().enumerate() {
        if EXPECT_NONE.is_match(line) {
            annotated = true;
            continue;
        }
        if let Some(c) = EXPECT.captures(line) {
            annotated = true;
            pending.extend(c[1].split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
            continue;
        }
        if !pending.is_empty() && !line.trim().is_empty() {
            for rule in pending.drain(..) {
                out.insert((i + 1, rule));
            }
        }
    }
    annotated.then_some(out)
}

/// Reads a `.expect` sidecar: `LINE: id, id` per line, or `none`.
pub fn sidecar(text: &str) -> BTreeSet<(usize, String)> {
    let mut out = BTreeSet::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        if let Some((n, ids)) = line.split_once(':') {
            if let Ok(n) = n.trim().parse::<usize>() {
                for id in ids.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    out.insert((n, id.to_string()));
                }
            }
        }
    }
    out
}

/// Collects the expectations of every file under `dir` that the scanner
/// classifies. Returns (expected, files without annotations).
pub fn expectations(dir: &Path) -> (Expected, Vec<String>) {
    let mut expected = Expected::new();
    let mut unannotated = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        let path = entry.path();
        if !entry.file_type().is_file() || lang::classify(path).is_none() {
            continue;
        }
        let rel = display_path(dir, path);
        let sidecar_path = PathBuf::from(format!("{}.expect", path.display()));
        let found = if sidecar_path.is_file() {
            std::fs::read_to_string(&sidecar_path).ok().map(|t| sidecar(&t))
        } else {
            std::fs::read(path).ok().and_then(|b| annotations(&String::from_utf8_lossy(&b)))
        };
        match found {
            Some(set) => expected.extend(set.into_iter().map(|(l, r)| (rel.clone(), l, r))),
            None => unannotated.push(rel),
        }
    }
    (expected, unannotated)
}

/// The annotated lines of `dir` that expect `rule_id`: (relative path, line,
/// line text), in path order. Used by `rules explain` to show examples.
pub fn examples(dir: &Path, rule_id: &str) -> Vec<(String, usize, String)> {
    let (expected, _) = expectations(dir);
    let mut out = Vec::new();
    let mut current: Option<(String, Vec<String>)> = None;
    for (path, line, rule) in expected {
        if rule != rule_id {
            continue;
        }
        if current.as_ref().is_none_or(|(p, _)| *p != path) {
            let text = std::fs::read(dir.join(&path)).map(|b| String::from_utf8_lossy(&b).into_owned());
            current = Some((path.clone(), text.unwrap_or_default().lines().map(str::to_string).collect()));
        }
        let text = current.as_ref().and_then(|(_, lines)| lines.get(line.saturating_sub(1))).cloned();
        out.push((path, line, text.unwrap_or_default()));
    }
    out
}

/// Compares a scan of `dir` with its annotations.
pub fn check(dir: &Path, rules: &RuleSet) -> Result<(Report, Vec<Mismatch>), scan::ScanError> {
    // The complete analysis: barrel importers get their symbol-level findings.
    let options = ScanOptions { paths: vec![dir.to_path_buf()], blast_radius: true, ..ScanOptions::default() };
    let report = scan::scan(&options, rules)?;
    let (expected, unannotated) = expectations(dir);
    let mut mismatches: Vec<Mismatch> = unannotated.into_iter().map(|path| Mismatch::Unannotated { path }).collect();
    let mut actual: BTreeMap<(String, usize, String), String> = BTreeMap::new();
    for f in &report.findings {
        actual.insert((f.path.clone(), f.line, f.rule_id.clone()), f.snippet.clone());
    }
    for (path, line, rule) in &expected {
        if rules.get(rule).is_none() {
            mismatches.push(Mismatch::UnknownRule { path: path.clone(), line: *line, rule: rule.clone() });
        } else if !actual.contains_key(&(path.clone(), *line, rule.clone())) {
            mismatches.push(Mismatch::Missing { path: path.clone(), line: *line, rule: rule.clone() });
        }
    }
    for ((path, line, rule), snippet) in &actual {
        if !expected.contains(&(path.clone(), *line, rule.clone())) {
            mismatches.push(Mismatch::Unexpected {
                path: path.clone(),
                line: *line,
                rule: rule.clone(),
                snippet: snippet.clone(),
            });
        }
    }
    for e in &report.errors {
        mismatches.push(Mismatch::ScanError { path: e.path.clone(), message: e.message.clone() });
    }
    mismatches.sort();
    Ok((report, mismatches))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_apply_to_the_next_code_line() {
        let text = "// expect: a/b\n// expect: c/d, e/f\n\nimport x\n# expect: g/h\ny\n";
        let got = annotations(text).unwrap();
        let want: BTreeSet<_> =
            [(4, "a/b"), (4, "c/d"), (4, "e/f"), (6, "g/h")].into_iter().map(|(l, r)| (l, r.to_string())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn expect_none_is_an_annotation_and_absence_is_not() {
        assert_eq!(annotations("// expect-none\nlet x = 1;\n"), Some(BTreeSet::new()));
        assert_eq!(annotations("let x = 1;\n"), None);
    }

    #[test]
    fn sidecars_list_lines() {
        let got = sidecar("# package.json\n12: a/b, c/d\nnone\n");
        assert_eq!(got.len(), 2);
        assert!(got.contains(&(12, "c/d".to_string())));
    }
}
