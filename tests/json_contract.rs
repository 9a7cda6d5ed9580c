//! The JSON report is a stable contract (schema_version 1, DESIGN.md): this
//! test pins its shape, so a change to it is a deliberate, visible decision.

use session_impact::report::{
    self, FileError, Finding, Format, ImpactedFile, RenderOptions, Report, Skipped, Summary, Tool,
};
use session_impact::rules::{Effort, Replacement, Severity, Target};

fn sample() -> Report {
    let mut r = Report {
        schema_version: 1,
        tool: Tool::default(),
        root: "repo".into(),
        summary: Summary { files_scanned: 3, ..Default::default() },
        findings: vec![Finding {
            rule_id: "sdk/session-js-import".into(),
            severity: Severity::Error,
            category: "sdk".into(),
            effort: Effort::L,
            path: "src/bot.ts".into(),
            line: 2,
            column: 1,
            end_line: 2,
            end_column: 45,
            message: "Imports a @session.js package.".into(),
            snippet: "import { Session } from '@session.js/client'".into(),
            language: "typescript".into(),
            fingerprint: "0123456789abcdef0123456789abcdef".into(),
            line_hash: "6a9a1e8b2c2e1f3d:1".into(),
            replacements: vec![Replacement {
                target: Target::Matrix,
                api: "matrix-js-sdk createClient()".into(),
                note: "IDs change".into(),
                docs: "https://matrix-org.github.io/matrix-js-sdk/".into(),
            }]
            .into(),
        }],
        errors: vec![FileError { path: "bad.json".into(), message: "invalid JSON at line 1".into() }],
        skipped: vec![Skipped { path: "big.js".into(), reason: "larger than --max-file-size".into() }],
        impact: None,
        unresolved: None,
    };
    r.finish();
    r
}

/// The object's keys, sorted (serde_json's map is ordered by key).
fn keys(v: &serde_json::Value) -> Vec<&str> {
    v.as_object().expect("object").keys().map(String::as_str).collect()
}

fn sorted(mut v: Vec<&str>) -> Vec<&str> {
    v.sort();
    v
}

#[test]
fn json_report_has_exactly_the_documented_shape() {
    let text = report::render(&sample(), Format::Json, &RenderOptions::default());
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let mut top = keys(&v);
    top.sort();
    assert_eq!(top, ["errors", "findings", "root", "schema_version", "skipped", "summary", "tool"]);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["tool"]["name"], "session-impact");
    assert_eq!(v["tool"]["version"], env!("CARGO_PKG_VERSION"));
    let mut summary = keys(&v["summary"]);
    summary.sort();
    assert_eq!(
        summary,
        [
            "baselined",
            "by_category",
            "by_rule",
            "by_severity",
            "files_scanned",
            "files_skipped",
            "files_with_findings",
            "findings",
            "suppressed"
        ]
    );
    assert_eq!(v["summary"]["by_severity"]["error"], 1);
    assert_eq!(v["summary"]["by_category"]["sdk"], 1);
    assert_eq!(v["summary"]["files_with_findings"], 1);
    let f = &v["findings"][0];
    assert_eq!(
        keys(f),
        sorted(vec![
            "rule_id",
            "severity",
            "category",
            "effort",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "message",
            "snippet",
            "language",
            "fingerprint",
            "line_hash",
            "replacements"
        ])
    );
    assert_eq!(f["severity"], "error");
    assert_eq!(f["effort"], "L");
    assert_eq!(keys(&f["replacements"][0]), sorted(vec!["target", "api", "note", "docs"]));
    assert_eq!(f["replacements"][0]["target"], "matrix");
    assert_eq!(keys(&v["errors"][0]), sorted(vec!["path", "message"]));
    // The text itself keeps the documented field order.
    let order: Vec<usize> =
        ["\"rule_id\"", "\"severity\"", "\"path\"", "\"line\"", "\"fingerprint\"", "\"line_hash\"", "\"replacements\""]
            .iter()
            .map(|k| text.find(k).expect("key present"))
            .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "finding fields keep the documented order");
}

#[test]
fn json_round_trips_into_the_same_report() {
    let report = sample();
    let text = report::render(&report, Format::Json, &RenderOptions::default());
    let back: Report = serde_json::from_str(&text).expect("parses back");
    assert_eq!(back, report);
}

/// `--blast-radius` adds, and only then, an `impact` array and two summary
/// counters (additive to schema 1: readers of reports without them are
/// unaffected).
fn with_impact() -> Report {
    let mut r = sample();
    r.impact = Some(vec![ImpactedFile {
        path: "src/app.ts".into(),
        depth: 2,
        via: vec!["src/app.ts".into(), "src/chat.ts".into(), "src/bot.ts".into()],
        reaches: vec!["src/bot.ts".into()],
    }]);
    r.summary.impacted_files = Some(1);
    r.summary.unresolved_imports = Some(0);
    r
}

#[test]
fn json_impact_is_additive_and_pinned() {
    let text = report::render(&sample(), Format::Json, &RenderOptions::default());
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert!(v.get("impact").is_none(), "no impact key unless the blast radius was computed");
    assert!(v["summary"].get("impacted_files").is_none() && v["summary"].get("unresolved_imports").is_none());

    let report = with_impact();
    let text = report::render(&report, Format::Json, &RenderOptions::default());
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(
        sorted(keys(&v)),
        ["errors", "findings", "impact", "root", "schema_version", "skipped", "summary", "tool"]
    );
    assert_eq!(v["summary"]["impacted_files"], 1);
    assert_eq!(v["summary"]["unresolved_imports"], 0);
    let entry = &v["impact"][0];
    assert_eq!(keys(entry), sorted(vec!["path", "depth", "via", "reaches"]));
    assert_eq!(entry["depth"], 2);
    assert_eq!(entry["via"][0], "src/app.ts");
    assert_eq!(entry["via"][2], "src/bot.ts");
    let back: Report = serde_json::from_str(&text).expect("parses back");
    assert_eq!(back, report);
}
