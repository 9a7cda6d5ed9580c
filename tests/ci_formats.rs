//! CI output formats: SARIF validated against the official SARIF 2.1.0
//! schema, GitHub workflow commands and GitLab Code Quality JSON as
//! snapshots.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use session_impact::report::{self, Format, RenderOptions};
use session_impact::{Report, RuleSet};

use common::{synthetic_report, Project, RULES};

fn rules() -> Arc<RuleSet> {
    let mut rules = RuleSet::from_sources(vec![(PathBuf::from("rules/test.toml"), RULES)]).expect("test rules");
    session_impact::suppress::add_builtin_rules(&mut rules);
    Arc::new(rules)
}

fn sample() -> Report {
    let value = synthetic_report(
        ".",
        &[
            ("src/app.js", 3, "sdk/test-client", "error"),
            ("src/net/seed.js", 12, "onion-request/test-seed", "warning"),
            ("src/odd, name: x%.js", 1, "identity/test-session-id", "info"),
        ],
    );
    serde_json::from_value(value).expect("report")
}

fn render(format: Format, prefix: &str) -> String {
    let options = RenderOptions { rules: Some(rules()), path_prefix: prefix.to_string(), ..RenderOptions::default() };
    report::render(&sample(), format, &options).replace(env!("CARGO_PKG_VERSION"), "[version]")
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("fixtures/sarif-schema-2.1.0.json")).expect("schema JSON");
    jsonschema::options().should_validate_formats(true).build(&schema).expect("the SARIF schema compiles")
}

fn assert_valid_sarif(text: &str) {
    let instance: Value = serde_json::from_str(text).expect("SARIF is JSON");
    let validator = sarif_validator();
    let errors: Vec<String> =
        validator.iter_errors(&instance).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
}

#[test]
fn sarif_validates_against_the_official_schema() {
    assert_valid_sarif(&render(Format::Sarif, ""));
    assert_valid_sarif(&render(Format::Sarif, "services/api/"));
}

#[test]
fn the_schema_check_would_catch_a_broken_log() {
    let mut broken: Value = serde_json::from_str(&render(Format::Sarif, "")).expect("JSON");
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = Value::from(0);
    assert!(!sarif_validator().is_valid(&broken));
}

#[test]
fn sarif_describes_rules_results_and_failures() {
    let sarif: Value = serde_json::from_str(&render(Format::Sarif, "")).expect("JSON");
    let run = &sarif["runs"][0];
    assert_eq!(sarif["version"], "2.1.0");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "session-impact");
    assert_eq!(driver["semanticVersion"], "[version]");
    let rules = driver["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap_or("")).collect();
    assert_eq!(ids, ["sdk/test-client", "onion-request/test-seed", "identity/test-session-id", "suppression/invalid"]);
    assert_eq!(rules[0]["defaultConfiguration"]["level"], "error");
    assert_eq!(rules[2]["defaultConfiguration"]["level"], "note");
    assert_eq!(rules[0]["helpUri"], "https://example.org/rules/sdk-test-client");
    assert!(rules[0]["help"]["markdown"].as_str().unwrap_or("").contains("matrix-js-sdk createClient()"));
    assert_eq!(rules[0]["properties"]["effort"], "L");

    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 3);
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], r["ruleId"], "ruleIndex points at the rule");
    }
    let first = &results[0];
    let location = &first["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "src/app.js");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(location["region"]["startLine"], 3);
    assert_eq!(location["region"]["startColumn"], 3);
    assert_eq!(first["partialFingerprints"]["primaryLocationLineHash"], "abc0:1");
    assert_eq!(first["partialFingerprints"]["sessionImpact/v1"], format!("{:032x}", 1));
    // A path that is not a plain URI is escaped.
    assert_eq!(
        results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "src/odd%2C%20name%3A%20x%25.js"
    );

    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let notes = invocation["toolExecutionNotifications"].as_array().expect("notifications");
    assert_eq!(notes[0]["level"], "error");
    assert!(notes[0]["message"]["text"].as_str().unwrap_or("").contains("boom"));
    assert_eq!(notes[1]["level"], "note");
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!("sarif", render(Format::Sarif, ""));
}

#[test]
fn github_workflow_commands_snapshot() {
    insta::assert_snapshot!("github", render(Format::Github, ""));
}

#[test]
fn github_commands_escape_data_and_properties() {
    let out = render(Format::Github, "");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "one command per finding and per unreadable file:\n{out}");
    assert!(lines[0].starts_with("::error file=src/app.js,line=3,col=3,endLine=3,endColumn=20,title=sdk/test-client%3A Uses the session.js client::"), "{}", lines[0]);
    assert!(lines[1].starts_with("::warning "), "{}", lines[1]);
    assert!(lines[2].starts_with("::notice file=src/odd%2C name%3A x%25.js,"), "{}", lines[2]);
    // Messages keep `:` and `,` but escape `%` and line breaks.
    assert!(lines[0].contains("a comma, a colon: and 100%25 of the%0Asecond line"), "{}", lines[0]);
    assert!(lines[3].starts_with("::warning file=broken/odd file.js,title=session-impact could not scan this file::"));
}

#[test]
fn gitlab_code_quality_snapshot() {
    insta::assert_snapshot!("gitlab", render(Format::Gitlab, ""));
}

#[test]
fn gitlab_issues_have_the_fields_gitlab_requires() {
    let issues: Value = serde_json::from_str(&render(Format::Gitlab, "apps/web/")).expect("JSON");
    let issues = issues.as_array().expect("an array of issues");
    assert_eq!(issues.len(), 3);
    let severities: Vec<&str> = issues.iter().map(|i| i["severity"].as_str().unwrap_or("")).collect();
    assert_eq!(severities, ["critical", "major", "info"]);
    for issue in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(issue[key].as_str().is_some_and(|s| !s.is_empty()), "{key} in {issue}");
        }
        assert!(issue["location"]["path"].as_str().unwrap_or("").starts_with("apps/web/src/"));
        assert!(issue["location"]["lines"]["begin"].as_u64().is_some());
    }
    let fingerprints: std::collections::BTreeSet<&str> =
        issues.iter().map(|i| i["fingerprint"].as_str().unwrap_or("")).collect();
    assert_eq!(fingerprints.len(), 3, "fingerprints are unique");
}

/// The CLI's SARIF of a real scan (and of a merge) is valid too, and paths
/// read from the directory the scan ran in.
#[test]
fn cli_sarif_is_valid_and_paths_start_at_the_working_directory() {
    let p = Project::new(&[("services/api/src/app.js", &format!("{}\n", common::ERROR_LINE))]);
    let out = p
        .cmd(&["scan", "services/api", "--rules", "rules", "--no-default-rules", "-f", "sarif", "--fail-on", "never"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_valid_sarif(&text);

    // A merged shard report rendered by the CLI: same checks, with findings.
    let report = synthetic_report("services/api", &[("src/app.js", 1, "sdk/test-client", "error")]);
    p.write("shard.json", &report.to_string());
    let out = p
        .cmd(&["merge", "shard.json", "--rules", "rules", "--no-default-rules", "-f", "sarif", "--fail-on", "never"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_valid_sarif(&text);
    let sarif: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "services/api/src/app.js"
    );
}

/// Every shipped rule's descriptor and every corpus finding make valid SARIF.
#[test]
fn sarif_of_the_corpus_with_the_shipped_rules_is_valid() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let out = assert_cmd::Command::cargo_bin("session-impact")
        .expect("binary")
        .current_dir(dir)
        .args(["scan", "test-corpus", "-f", "sarif", "--fail-on", "never"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_valid_sarif(&text);
    let sarif: Value = serde_json::from_str(&text).expect("JSON");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(!results.is_empty(), "the corpus has findings");
    for r in results {
        let hash = r["partialFingerprints"]["primaryLocationLineHash"].as_str().unwrap_or("");
        assert!(hash.contains(':'), "every result has GitHub's line hash: {r}");
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap_or("");
        assert!(uri.starts_with("test-corpus/"), "{uri}");
    }
}
