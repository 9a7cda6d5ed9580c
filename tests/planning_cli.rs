//! The planning outputs from the command line, as a user runs them:
//! `tickets` (markdown, github, jira-csv), `scan --format markdown|html`,
//! `--target`, `--repo-url`, `--report`, and their errors.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use session_impact::report::{Finding, Report, Summary, Tool};
use session_impact::rules::{Effort, Replacement, Severity, Target};

fn bin() -> Command {
    Command::cargo_bin("session-impact").expect("binary built")
}

fn finding(rule: &str, severity: Severity, effort: Effort, path: &str, line: usize) -> Finding {
    Finding {
        rule_id: rule.into(),
        severity,
        category: rule.split('/').next().unwrap_or("sdk").into(),
        effort,
        path: path.into(),
        line,
        column: 1,
        end_line: line,
        end_column: 5,
        message: format!("What {rule} breaks.").into(),
        snippet: "import { Session } from '@session.js/client'".into(),
        language: "typescript".into(),
        fingerprint: String::new(),
        line_hash: String::new(),
        replacements: vec![
            Replacement {
                target: Target::Matrix,
                api: "matrix-js-sdk: client.sendEvent()".into(),
                note: "New user IDs.".into(),
                docs: "https://matrix-org.github.io/matrix-js-sdk/".into(),
            },
            Replacement {
                target: Target::Signal,
                api: "libsignal: SessionCipher".into(),
                note: String::new(),
                docs: "https://github.com/signalapp/libsignal".into(),
            },
        ]
        .into(),
    }
}

/// A JSON report as `scan --format json` writes it, in `dir`.
fn write_report(dir: &Path) -> std::path::PathBuf {
    let mut report = Report {
        schema_version: 1,
        tool: Tool::default(),
        root: "acme".into(),
        summary: Summary { files_scanned: 9, ..Summary::default() },
        findings: vec![
            finding("sdk/session-js-import", Severity::Error, Effort::L, "bot/index.ts", 1),
            finding("sdk/session-js-messaging", Severity::Error, Effort::L, "bot/index.ts", 4),
            finding("identity/session-id", Severity::Warning, Effort::M, "web/ids.ts", 2),
            finding("sdk/session-js-import", Severity::Error, Effort::L, "web/=cmd|calc.ts", 1),
        ],
        errors: Vec::new(),
        skipped: Vec::new(),
        impact: None,
        unresolved: None,
    };
    report.finish();
    let path = dir.join("report.json");
    std::fs::write(&path, serde_json::to_string_pretty(&report).expect("serialise")).expect("write report");
    path
}

#[test]
fn tickets_from_a_json_report_as_github_issues() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let report = write_report(tmp.path());
    let out = bin()
        .args(["tickets", "--report"])
        .arg(&report)
        .args(["--format", "github", "--group-by", "module", "--repo-url", "https://github.com/acme/app"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let issues: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON array");
    let issues = issues.as_array().expect("array");
    assert_eq!(issues.len(), 2);
    assert_eq!(issues[0]["title"], "Replace the Session SDK in bot/ with matrix-js-sdk");
    let body = issues[0]["body"].as_str().expect("body");
    assert!(body.contains("[bot/index.ts:4](https://github.com/acme/app/blob/HEAD/bot/index.ts#L4)"), "{body}");
    assert!(body.contains("## Checklist"));
    let labels: Vec<&str> = issues[0]["labels"].as_array().expect("labels").iter().filter_map(|l| l.as_str()).collect();
    assert!(labels.contains(&"severity:error") && labels.contains(&"target:matrix"), "{labels:?}");
}

#[test]
fn tickets_target_changes_the_plan() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let report = write_report(tmp.path());
    bin()
        .args(["tickets", "--report"])
        .arg(&report)
        .args(["--target", "signal", "--group-by", "rule"])
        .assert()
        .success()
        .stdout(predicate::str::contains("## Contents"))
        .stdout(predicate::str::contains("with libsignal (sdk/session-js-import)"))
        .stdout(predicate::str::contains("### Replacement plan: Signal (libsignal)"))
        .stdout(predicate::str::contains("matrix-js-sdk").not());
}

#[test]
fn tickets_as_jira_csv_to_a_file() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let report = write_report(tmp.path());
    let csv_path = tmp.path().join("jira.csv");
    bin()
        .args(["tickets", "--report"])
        .arg(&report)
        .args(["--format", "jira-csv", "--group-by", "file", "-o"])
        .arg(&csv_path)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let text = std::fs::read_to_string(&csv_path).expect("csv written");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        &reader.headers().expect("headers").iter().take(5).collect::<Vec<_>>()[..],
        ["Summary", "Description", "Issue Type", "Priority", "Labels"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("rows");
    assert_eq!(rows.len(), 3);
    let summaries: Vec<&str> = rows.iter().filter_map(|r| r.get(0)).collect();
    assert!(summaries.contains(&"Replace the Session SDK in web/=cmd|calc.ts with matrix-js-sdk"), "{summaries:?}");
    assert!(rows.iter().all(|r| r.get(2) == Some("Task")));
}

#[test]
fn tickets_reject_an_unknown_target_and_a_missing_report() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let report = write_report(tmp.path());
    bin()
        .args(["tickets", "--report"])
        .arg(&report)
        .args(["--target", "telegram"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown target `telegram`"));
    bin()
        .args(["tickets", "--report"])
        .arg(tmp.path().join("missing.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("could not read"));
    let out = tmp.path().join("never.md");
    bin().args(["tickets", "--target", "nope", "-o"]).arg(&out).arg(tmp.path()).assert().code(2);
    assert!(!out.exists(), "nothing is written on error");
}

#[test]
fn markdown_and_html_of_a_clean_tree() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("app.ts"), "export const x = 1;\n").expect("write");
    bin()
        .args(["scan", "--format", "markdown"])
        .arg(tmp.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("# Session impact"))
        .stdout(predicate::str::contains("No Session dependencies found."));
    let html = tmp.path().join("out").join("report.html");
    std::fs::create_dir_all(html.parent().expect("parent")).expect("mkdir");
    bin().args(["scan", "--format", "html", "-o"]).arg(&html).arg(tmp.path().join("app.ts")).assert().success();
    let text = std::fs::read_to_string(&html).expect("html written");
    assert!(text.starts_with("<!DOCTYPE html>"));
    assert!(text.contains("No Session dependencies found."));
}

// ---- A real project, scanned. ---------------------------------------------

/// A small monorepo: a bot package using session.js, and a file whose name is
/// an HTML injection attempt.
fn project(root: &Path) {
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write("package.json", r#"{"name": "acme-monorepo", "private": true}"#);
    write("packages/bot/package.json", r#"{"name": "@acme/bot", "version": "1.0.0"}"#);
    write(
        "packages/bot/src/index.ts",
        "import { Session } from '@session.js/client'\n\nconst session = new Session()\nexport default session\n",
    );
    // `/` cannot be in a file name: this is the directory `<script>alert(1)<`
    // holding `script>.ts`, which reports as `web/<script>alert(1)</script>.ts`.
    write("web/<script>alert(1)</script>.ts", "import * as S from '@session.js/client'\nexport const s = S\n");
}

#[test]
fn scan_markdown_summarises_a_project_by_package() {
    let tmp = tempfile::tempdir().expect("temp dir");
    project(tmp.path());
    let out = bin().args(["scan", "--format", "markdown"]).arg(tmp.path()).output().expect("runs");
    let md = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "errors found: exit 1\n{md}");
    assert!(md.contains("| `@acme/bot` (`packages/bot`) |"), "{md}");
    assert!(md.contains("`sdk/session-js-import`"), "{md}");
    assert!(md.contains("`web/<script>alert(1)</script>.ts`"), "{md}");
    assert!(md.contains("## What to do first"));
}

#[test]
fn scan_target_selects_the_replacements_shown() {
    let tmp = tempfile::tempdir().expect("temp dir");
    project(tmp.path());
    bin()
        .args(["scan", "--format", "markdown", "--target", "simplex"])
        .arg(tmp.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("   - simplex: "))
        .stdout(predicate::str::contains("   - matrix: ").not());
}

#[test]
fn scan_html_escapes_a_hostile_file_name() {
    let tmp = tempfile::tempdir().expect("temp dir");
    project(tmp.path());
    let html = tmp.path().join("report.html");
    bin().args(["scan", "--format", "html", "-o"]).arg(&html).arg(tmp.path()).assert().code(1);
    let text = std::fs::read_to_string(&html).expect("html written");
    assert!(text.contains("web/&lt;script&gt;alert(1)&lt;/script&gt;.ts"));
    assert_eq!(text.matches("<script").count(), 1);
}

#[test]
fn tickets_group_a_project_by_package() {
    let tmp = tempfile::tempdir().expect("temp dir");
    project(tmp.path());
    let out = bin()
        .args(["tickets", "--format", "github", "--repo-url", "https://github.com/acme/app"])
        .arg(tmp.path())
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let issues: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON array");
    let titles: Vec<&str> = issues.as_array().expect("array").iter().filter_map(|i| i["title"].as_str()).collect();
    // The products come from the shipped rules' Matrix replacements.
    assert!(titles.iter().any(|t| t.starts_with("Replace the Session SDK in @acme/bot with matrix-")), "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("Replace the Session SDK in web/ with matrix-")), "{titles:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("https://github.com/acme/app/blob/HEAD/packages/bot/src/index.ts#L1"), "{text}");
}
