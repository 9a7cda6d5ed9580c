//! `session-impact rules list|explain|validate|test`: the rule author's tools.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use miette::{IntoDiagnostic, Result};

use super::{load_rules, write_output, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::cli::{ListFormat, RuleArgs};
use crate::corpus;
use crate::rules::compile::{read_rule_dir, RuleSetBuilder};
use crate::rules::{Rule, RuleSet};

/// How many corpus lines `rules explain` shows at most.
const MAX_EXAMPLES: usize = 12;

fn languages(rule: &Rule) -> String {
    if rule.languages.is_empty() {
        "all".to_string()
    } else {
        rule.languages.join(",")
    }
}

fn targets(rule: &Rule) -> String {
    let mut t: Vec<&str> = rule.replacements.iter().map(|r| r.target.as_str()).collect();
    t.dedup();
    t.join(",")
}

pub fn list(args: &RuleArgs, format: ListFormat) -> Result<ExitCode> {
    let rules = load_rules(args)?;
    let text = match format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = rules
                .rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "title": r.title, "category": r.category, "severity": r.severity,
                        "effort": r.effort, "languages": r.languages,
                        "targets": r.replacements.iter().map(|x| x.target).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&list).into_diagnostic()? + "\n"
        }
        ListFormat::Literals => {
            let prefilter = crate::rules::prefilter::Prefilter::new(&rules);
            for lang in prefilter.unfiltered_languages() {
                eprintln!("note: {} files are not prefiltered (a rule has no required literal)", lang.name());
            }
            prefilter.literals().iter().map(|l| format!("{l}\n")).collect()
        }
        ListFormat::Table => {
            let width = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
            let mut s = format!(
                "{:<width$}  {:<8} {:<6} {:<14} {:<28} {}\n",
                "ID", "SEVERITY", "EFFORT", "CATEGORY", "LANGUAGES", "TARGETS"
            );
            for r in &rules.rules {
                let _ = writeln!(
                    s,
                    "{:<width$}  {:<8} {:<6} {:<14} {:<28} {}",
                    r.id,
                    r.severity.as_str(),
                    r.effort.as_str(),
                    r.category,
                    languages(r),
                    targets(r)
                );
            }
            s
        }
    };
    write_output(None, &text)?;
    Ok(ExitCode::from(EXIT_OK))
}

/// Where annotated examples live: `test-corpus` next to the crate the binary
/// was built from, else in the current directory.
fn corpus_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from("test-corpus"), Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus")];
    dirs.retain(|d| d.is_dir());
    dirs.dedup_by(|a, b| a.canonicalize().ok() == b.canonicalize().ok());
    dirs
}

fn section(out: &mut String, indent: usize, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{:indent$}{title}:", "");
    for item in items {
        let _ = writeln!(out, "{:width$}{item}", "", width = indent + 2);
    }
}

/// The text of `rules explain` for one rule.
pub fn explain_text(rule: &Rule, examples: &[(String, usize, String)]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}\n", rule.id, rule.title);
    let langs = if rule.languages.is_empty() {
        "all source languages and manifests".to_string()
    } else {
        rule.languages.join(", ")
    };
    for (key, value) in [
        ("severity", rule.severity.as_str().to_string()),
        ("effort", rule.effort.as_str().to_string()),
        ("category", rule.category.clone()),
        ("languages", langs),
        ("docs", rule.docs.clone().unwrap_or_else(|| "-".into())),
        ("defined in", rule.file.display().to_string()),
    ] {
        let _ = writeln!(out, "  {key:<11}{value}");
    }
    let _ = writeln!(out, "\n{}\n", rule.message);

    let p = &rule.patterns;
    let _ = writeln!(out, "Matches");
    if !p.symbols.is_empty() {
        section(&mut out, 2, "uses of these symbols", &p.symbols);
        section(&mut out, 2, "imported from modules", &p.modules);
    } else {
        section(&mut out, 2, "imports of modules", &p.modules);
    }
    section(&mut out, 2, "string literals matching", &p.strings);
    section(&mut out, 2, "declared dependencies", &p.dependencies);
    if !(p.context_modules.is_empty() && p.context_strings.is_empty() && p.context_text.is_empty()) {
        let _ = writeln!(out, "  only in files that also have one of (context):");
        section(&mut out, 4, "imports of", &p.context_modules);
        section(&mut out, 4, "string literals matching", &p.context_strings);
        section(&mut out, 4, "text matching", &p.context_text);
    }

    let _ = writeln!(out, "\nReplacements");
    for r in rule.replacements.iter() {
        let _ = writeln!(out, "  {}: {}", r.target.as_str(), r.api);
        if !r.note.is_empty() {
            let _ = writeln!(out, "    note: {}", r.note);
        }
        if !r.docs.is_empty() {
            let _ = writeln!(out, "    docs: {}", r.docs);
        }
    }

    let _ = writeln!(out, "\nExamples");
    if examples.is_empty() {
        let _ = writeln!(out, "  (no annotated corpus file expects this rule)");
    }
    for (path, line, text) in examples.iter().take(MAX_EXAMPLES) {
        let _ = writeln!(out, "  {path}:{line}: {}", text.trim());
    }
    if examples.len() > MAX_EXAMPLES {
        let _ = writeln!(out, "  ... and {} more", examples.len() - MAX_EXAMPLES);
    }
    out
}

pub fn explain(args: &RuleArgs, id: &str) -> Result<ExitCode> {
    let rules = load_rules(args)?;
    let Some(rule) = rules.get(id) else {
        let similar: Vec<&str> = rules
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .filter(|r| r.contains(id) || id.split('/').next_back().is_some_and(|n| !n.is_empty() && r.contains(n)))
            .take(8)
            .collect();
        let help = if similar.is_empty() {
            "`session-impact rules list` shows every rule id".to_string()
        } else {
            format!("did you mean: {}", similar.join(", "))
        };
        return Err(miette::miette!(help = help, "no rule with id `{id}`"));
    };
    let mut examples = Vec::new();
    for dir in corpus_dirs() {
        examples.extend(
            corpus::examples(&dir, id)
                .into_iter()
                .map(|(path, line, text)| (format!("{}/{path}", dir.display()), line, text)),
        );
    }
    write_output(None, &explain_text(rule, &examples))?;
    Ok(ExitCode::from(EXIT_OK))
}

/// Checks every rule file under `dir` and reports every error, not just the
/// first. Duplicate ids are checked across the files of `dir`.
pub fn validate(dir: &Path) -> Result<ExitCode> {
    let files = read_rule_dir(dir)?;
    let mut builder = RuleSetBuilder::default();
    let mut errors = Vec::new();
    for (path, text) in &files {
        errors.extend(builder.add_file_reporting_all(path, text));
    }
    let count = builder.len();
    if errors.is_empty() {
        // Indexing can still fail (e.g. the combined regexes are too large).
        builder.build()?;
        println!("{}: {count} rules in {} files are valid", dir.display(), files.len());
        return Ok(ExitCode::from(EXIT_OK));
    }
    let n = errors.len();
    for e in errors {
        eprintln!("{:?}", crate::report::safe_diagnostic::Safe::new(&e));
    }
    eprintln!("{}: {n} error(s) in {} rule file(s)", dir.display(), files.len());
    Ok(ExitCode::from(EXIT_ERROR))
}

/// Runs the annotated files under `dir` against the rules; every mismatch is
/// one `file:line: ...` line on stdout.
pub fn test(args: &RuleArgs, dir: &Path) -> Result<ExitCode> {
    let rules: RuleSet = load_rules(args)?;
    let (report, mismatches) = corpus::check(dir, &rules)?;
    // Mismatch paths are relative to `dir`; print them so that they open from here.
    let base = if dir.is_file() { dir.parent().unwrap_or(Path::new("")) } else { dir };
    let prefix = match base.to_string_lossy().trim_end_matches(['/', '\\']) {
        "" | "." => String::new(),
        b => format!("{b}/"),
    };
    let mut out = String::new();
    for m in &mismatches {
        let _ = writeln!(out, "{prefix}{m}");
    }
    let files = report.summary.files_scanned;
    if mismatches.is_empty() {
        let _ = writeln!(out, "ok: {files} file(s), {} finding(s), every annotation holds", report.findings.len());
    } else {
        let _ = writeln!(out, "FAILED: {} mismatch(es) in {files} file(s)", mismatches.len());
    }
    write_output(None, &out)?;
    Ok(ExitCode::from(if mismatches.is_empty() { EXIT_OK } else { EXIT_FINDINGS }))
}
