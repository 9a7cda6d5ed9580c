//! Helpers shared by the CLI integration tests: temp projects, a small rule
//! pack with one rule per severity, and synthetic JSON reports.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

/// Three rules, one per severity, matched through JavaScript facts.
pub const RULES: &str = r#"
[[rule]]
id = "sdk/test-client"
title = "Uses the session.js client"
category = "sdk"
severity = "error"
effort = "L"
languages = ["javascript", "typescript"]
message = "Imports @session.js/client, which stops working with the network (L: the messaging layer changes)."
docs = "https://example.org/rules/sdk-test-client"

[rule.match]
modules = ["@session.js/client"]

[[rule.replacement]]
target = "matrix"
api = "matrix-js-sdk createClient()"
note = "Users get new Matrix IDs."
docs = "https://matrix-org.github.io/matrix-js-sdk/"

[[rule]]
id = "onion-request/test-seed"
title = "Talks to a Session seed node"
category = "onion-request"
severity = "warning"
effort = "M"
languages = ["javascript", "typescript"]
message = "Contacts a Session seed node (M: bootstrap changes)."

[rule.match]
strings = ['seed[1-3]\.getsession\.org']

[[rule.replacement]]
target = "tor"
api = "arti-client TorClient::create_bootstrapped()"

[[rule]]
id = "identity/test-session-id"
title = "Hard-codes a Session ID"
category = "identity"
severity = "info"
effort = "S"
languages = ["javascript", "typescript"]
message = "A Session ID literal (S: replace with the new account ID)."

[rule.match]
strings = ['^05[0-9a-f]{64}$']

[[rule.replacement]]
target = "generic"
api = "the new platform's user ID"
"#;

pub const ERROR_LINE: &str = "import { Session } from '@session.js/client'";
pub const WARNING_LINE: &str = "const seed = 'https://seed1.getsession.org/json_rpc'";
pub fn info_line() -> String {
    format!("const admin = '05{}'", "ab".repeat(32))
}

/// A temp directory with the test rules in `rules/` and the given files.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    pub fn new(files: &[(&str, &str)]) -> Project {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = Project { dir };
        p.write("rules/test.toml", RULES);
        for (path, text) in files {
            p.write(path, text);
        }
        p
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// `session-impact <args>` run in the project directory with the test
    /// rules only (the scan root is `src`, so `rules/` is not scanned).
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("session-impact").expect("binary");
        cmd.current_dir(self.dir.path()).env("NO_COLOR", "1").args(args);
        cmd
    }

    /// `scan src --rules rules --no-default-rules <args>`.
    pub fn scan(&self, args: &[&str]) -> Command {
        let mut all = vec!["scan", "src", "--rules", "rules", "--no-default-rules"];
        all.extend_from_slice(args);
        self.cmd(&all)
    }

    /// Runs a scan with `--format json` and parses the report.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--format", "json", "--fail-on", "never"];
        all.extend_from_slice(args);
        let out = self.scan(&all).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("JSON report")
    }
}

/// Findings of a JSON report as `(path, line, rule)`.
pub fn findings(report: &Value) -> Vec<(String, u64, String)> {
    report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["rule_id"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// A JSON report as a scan of `root` would write it, with one finding per
/// `(path, line, rule, severity)`, one unreadable file and one skipped file.
pub fn synthetic_report(root: &str, findings: &[(&str, usize, &str, &str)]) -> Value {
    let list: Vec<Value> = findings
        .iter()
        .enumerate()
        .map(|(i, (path, line, rule, severity))| {
            json!({
                "rule_id": rule, "severity": severity, "category": rule.split('/').next().unwrap_or(""),
                "effort": "M", "path": path, "line": line, "column": 3, "end_line": line, "end_column": 20,
                "message": format!("{rule} fires here: a message with a comma, a colon: and 100% of the\nsecond line"),
                "snippet": "  session.connect(\"seed1.getsession.org\")", "language": "javascript",
                "fingerprint": format!("{:032x}", i + 1), "line_hash": format!("{:x}:1", 0xabc0 + i),
                "replacements": [{"target": "matrix", "api": "matrix-js-sdk createClient()", "note": "new IDs",
                                  "docs": "https://matrix-org.github.io/matrix-js-sdk/"}]
            })
        })
        .collect();
    let mut report = json!({
        "schema_version": 1,
        "tool": {"name": "session-impact", "version": env!("CARGO_PKG_VERSION")},
        "root": root,
        "summary": {"files_scanned": 3, "files_with_findings": 0, "findings": 0, "by_severity": {},
                    "by_category": {}, "by_rule": {}, "files_skipped": 0, "suppressed": 1, "baselined": 0},
        "findings": list,
        "errors": [{"path": "broken/odd file.js", "message": "internal error while analysing this file: boom"}],
        "skipped": [{"path": "big.min.js", "reason": "larger than --max-file-size (3000000 bytes > 2097152 bytes)"}]
    });
    // Let the library compute the summary, as a scan would.
    let mut parsed: session_impact::Report = serde_json::from_value(report.clone()).expect("a valid report");
    parsed.finish();
    report = serde_json::to_value(&parsed).expect("serialises");
    report
}
