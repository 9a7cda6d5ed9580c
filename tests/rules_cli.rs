//! `session-impact rules list|explain|validate|test`, run as a user would.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("session-impact").expect("the binary is built");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// A valid rule with the given id and `[rule.match]` body.
fn rule(id: &str, matcher: &str) -> String {
    let category = id.split('/').next().unwrap_or("sdk");
    format!(
        "[[rule]]\nid = \"{id}\"\ntitle = \"t\"\ncategory = \"{category}\"\nseverity = \"error\"\neffort = \"S\"\nmessage = \"m\"\n\n[rule.match]\n{matcher}\n\n[[rule.replacement]]\ntarget = \"matrix\"\napi = \"a\"\n"
    )
}

/// miette wraps long messages in its box; join them back into one line of words.
fn unwrapped(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.split_whitespace().filter(|w| *w != "│").collect::<Vec<_>>().join(" ")
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create dirs");
    }
    fs::write(path, text).expect("write file");
}

#[test]
fn list_shows_targets_in_the_table_and_in_json() {
    let out = bin().args(["rules", "list"]).assert().success().get_output().stdout.clone();
    let text = String::from_utf8_lossy(&out);
    assert!(text.lines().next().is_some_and(|h| h.contains("TARGETS")), "{text}");
    let line = text.lines().find(|l| l.starts_with("onion-request/seed-node-host ")).expect("rule listed");
    assert!(line.contains("matrix,tor,simplex,generic"), "{line}");

    let out = bin().args(["rules", "list", "--format", "json"]).assert().success().get_output().stdout.clone();
    let list: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let entry =
        list.as_array().and_then(|a| a.iter().find(|r| r["id"] == "calls/turn-server")).expect("rule in JSON list");
    assert_eq!(entry["targets"], serde_json::json!(["matrix", "signal", "generic"]));
}

#[test]
fn explain_shows_message_matchers_replacements_and_corpus_examples() {
    let out = bin()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["rules", "explain", "identity/group-id-literal"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    for needle in [
        "identity/group-id-literal: Contains a Session group ID",
        "severity   warning",
        "effort     M",
        "string literals matching:",
        "only in files that also have one of (context):",
        "GroupPubkeyType",
        "matrix: Matrix room IDs",
        "docs: https://",
        "test-corpus/endpoints/ts-bot-config/src/contacts.ts:15: export const ANNOUNCEMENTS_GROUP",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn explain_an_unknown_id_suggests_close_ones() {
    bin().args(["rules", "explain", "sogs/url"]).assert().code(2).stderr(
        predicate::str::contains("no rule with id `sogs/url`").and(predicate::str::contains("sogs/community-url")),
    );
}

#[test]
fn validate_accepts_the_shipped_rules() {
    bin()
        .args(["rules", "validate", concat!(env!("CARGO_MANIFEST_DIR"), "/rules")])
        .assert()
        .success()
        .stdout(predicate::str::contains("rules in"));
}

/// Each broken file: (file name, contents, what stderr must say besides the
/// file name).
fn broken_files() -> Vec<(&'static str, String, Vec<&'static str>)> {
    let bad_toml = "[[rule]]\nid = \"sdk/x\"\ntitle = \"unterminated\n".to_string();
    let unknown_field =
        rule("sdk/unknown-field", "modules = [\"x\"]").replace("message = \"m\"", "message = \"m\"\ncolour = \"red\"");
    let bad_regex = rule("sdk/bad-regex", "strings = ['seed[1-3\\.getsession\\.org']");
    let bad_severity = rule("sdk/bad-severity", "modules = [\"x\"]").replace("\"error\"", "\"fatal\"");
    let no_replacement = rule("sdk/no-replacement", "modules = [\"x\"]");
    let no_replacement = no_replacement[..no_replacement.find("[[rule.replacement]]").unwrap_or(0)].to_string();
    let missing_title = rule("sdk/missing-title", "modules = [\"x\"]").replace("title = \"t\"\n", "");
    vec![
        ("bad-toml.toml", bad_toml, vec!["line 3", "string"]),
        ("unknown-field.toml", unknown_field, vec!["line 8", "unknown field", "colour"]),
        ("bad-regex.toml", bad_regex, vec!["line 10", "`strings` is not a valid regex", "unclosed character class"]),
        ("bad-severity.toml", bad_severity, vec!["line 5", "unknown severity `fatal`", "one of: error, warning, info"]),
        ("no-replacement.toml", no_replacement, vec!["line 2", "has no [[rule.replacement]]"]),
        ("missing-title.toml", missing_title, vec!["line 1", "missing field `title`"]),
    ]
}

#[test]
fn validate_points_at_file_line_and_field_of_each_error() {
    for (name, text, expected) in broken_files() {
        let dir = TempDir::new().expect("temp dir");
        write(dir.path(), name, &text);
        let out = bin().args(["rules", "validate"]).arg(dir.path()).assert().code(2).get_output().stderr.clone();
        let err = unwrapped(&out);
        assert!(err.contains(name), "{name}: the report names the file:\n{err}");
        for needle in expected {
            assert!(err.contains(needle), "{name}: missing {needle:?} in:\n{err}");
        }
    }
}

#[test]
fn validate_reports_every_error_not_just_the_first() {
    let dir = TempDir::new().expect("temp dir");
    for (name, text, _) in broken_files() {
        write(dir.path(), name, &text);
    }
    // A duplicate id across two otherwise valid files.
    write(dir.path(), "a-first.toml", &rule("sdk/twice", "modules = [\"x\"]"));
    write(dir.path(), "z-second.toml", &format!("# comment\n{}", rule("sdk/twice", "modules = [\"y\"]")));
    let out = bin().args(["rules", "validate"]).arg(dir.path()).assert().code(2).get_output().stderr.clone();
    let err = unwrapped(&out);
    assert!(err.contains("7 error(s) in 8 rule file(s)"), "{err}");
    assert!(err.contains("z-second.toml") && err.contains("line 3") && err.contains("already defined in"), "{err}");
    for (name, _, _) in broken_files() {
        assert!(err.contains(name), "{name} not reported:\n{err}");
    }
}

#[test]
fn test_passes_on_a_negative_corpus() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "src/app.ts", "// expect-none\nconst store = createStore();\n");
    bin().args(["rules", "test"]).arg(dir.path()).assert().success().stdout(predicate::str::contains("ok: 1 file(s)"));
}

#[test]
fn test_reports_each_mismatch_as_file_and_line() {
    let dir = TempDir::new().expect("temp dir");
    // The annotated line cannot produce the finding, whatever the extractors do.
    write(dir.path(), "src/config.ts", "// expect: onion-request/seed-node-host\nconst port = 4443;\n");
    write(dir.path(), "src/typo.ts", "// expect: onion-request/no-such-rule\nconst x = 1;\n");
    write(dir.path(), "src/forgotten.ts", "const y = 2;\n");
    let out = bin().args(["rules", "test"]).arg(dir.path()).assert().code(1).get_output().stdout.clone();
    let text = String::from_utf8_lossy(&out);
    let root = dir.path().display().to_string();
    for needle in [
        format!("{root}/src/config.ts:2: missing finding onion-request/seed-node-host"),
        format!("{root}/src/typo.ts:2: annotation names unknown rule onion-request/no-such-rule"),
        format!("{root}/src/forgotten.ts: no `expect:`"),
        "FAILED: 3 mismatch(es)".to_string(),
    ] {
        assert!(text.contains(&needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn test_loads_extra_rules_with_the_shipped_ones() {
    let corpus = TempDir::new().expect("temp dir");
    write(corpus.path(), "main.py", "# expect: sdk/my-house-rule\nx = 1\n");
    let rules = TempDir::new().expect("temp dir");
    write(rules.path(), "house.toml", &rule("sdk/my-house-rule", "strings = ['^house-host\\.example$']"));
    // Without --rules the id is unknown; with it, the rule exists but finds nothing on `x = 1`.
    bin()
        .args(["rules", "test"])
        .arg(corpus.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("unknown rule sdk/my-house-rule"));
    bin()
        .args(["rules", "test"])
        .arg(corpus.path())
        .arg("--rules")
        .arg(rules.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("main.py:2: missing finding sdk/my-house-rule"));
}

#[test]
fn test_with_a_broken_rule_directory_is_a_rule_error() {
    let corpus = TempDir::new().expect("temp dir");
    write(corpus.path(), "a.ts", "// expect-none\n");
    let rules = TempDir::new().expect("temp dir");
    write(rules.path(), "bad.toml", "[[rule]]\nid = 3\n");
    bin()
        .args(["rules", "test"])
        .arg(corpus.path())
        .arg("--rules")
        .arg(rules.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.toml"));
}
