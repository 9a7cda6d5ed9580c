//! The CI face of the command line, as a user runs it: exit codes and
//! `--fail-on`, suppressions, baselines, the config file, `--changed-since`,
//! shards and `merge`, determinism, atomic output, completions.
//!
//! Findings come from the test rules in `common` (imports and string
//! literals of JavaScript files), so these tests exercise the JavaScript
//! extractor too.

mod common;

use std::process::Command as Process;

use predicates::prelude::*;
use serde_json::Value;

use common::{findings, info_line, synthetic_report, Project, ERROR_LINE, WARNING_LINE};

fn js(lines: &[&str]) -> String {
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

// ---------------------------------------------------------------- gates

#[test]
fn fail_on_sets_the_exit_code() {
    let info = info_line();
    let p = Project::new(&[
        ("src/all.js", &js(&[ERROR_LINE, WARNING_LINE, &info])),
        ("warn/only.js", &js(&[WARNING_LINE])),
        ("info/only.js", &js(&[&info])),
    ]);
    let report = p.json(&[]);
    assert_eq!(
        findings(&report),
        [
            ("all.js".to_string(), 1, "sdk/test-client".to_string()),
            ("all.js".to_string(), 2, "onion-request/test-seed".to_string()),
            ("all.js".to_string(), 3, "identity/test-session-id".to_string()),
        ]
    );
    let run = |root: &str, fail_on: Option<&str>| {
        let mut args = vec!["scan", root, "--rules", "rules", "--no-default-rules", "-f", "short"];
        if let Some(level) = fail_on {
            args.extend(["--fail-on", level]);
        }
        p.cmd(&args).output().expect("runs").status.code()
    };
    // The default threshold is `error`.
    assert_eq!(run("src", None), Some(1));
    assert_eq!(run("src", Some("never")), Some(0));
    assert_eq!(run("warn", None), Some(0));
    assert_eq!(run("warn", Some("error")), Some(0));
    assert_eq!(run("warn", Some("warning")), Some(1));
    assert_eq!(run("info", Some("warning")), Some(0));
    assert_eq!(run("info", Some("info")), Some(1));
}

#[test]
fn merged_reports_are_gated_like_scans() {
    let p = Project::new(&[]);
    std::fs::create_dir_all(p.file("src")).expect("mkdir");
    p.write("warn.json", &synthetic_report("src", &[("a.js", 1, "onion-request/test-seed", "warning")]).to_string());
    let merge = |extra: &[&str]| {
        let mut args = vec!["merge", "warn.json", "--rules", "rules", "--no-default-rules", "-f", "short"];
        args.extend_from_slice(extra);
        p.cmd(&args).output().expect("runs").status.code()
    };
    assert_eq!(merge(&[]), Some(0));
    assert_eq!(merge(&["--fail-on", "warning"]), Some(1));
    // The config file at the scanned root sets the level; the flag wins.
    p.write("src/.session-impact.toml", "fail-on = \"warning\"\n");
    assert_eq!(merge(&[]), Some(1));
    assert_eq!(merge(&["--fail-on", "error"]), Some(0));
}

#[test]
fn errors_exit_2_and_write_nothing() {
    let p = Project::new(&[("src/a.js", &js(&[ERROR_LINE]))]);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--rules", "no-such-dir"], "no-such-dir"),
        (vec!["--config", "bad.toml"], "unknown field `fail_on`"),
        (vec!["--baseline", "bad-baseline.json"], "invalid baseline"),
        (vec!["--shard", "3/2"], "K/N"),
        (vec!["--changed-since", "HEAD"], "not inside one"),
        (vec!["--exclude", "a{b"], "invalid --exclude glob"),
    ];
    p.write("bad.toml", "fail_on = \"warning\"\n");
    p.write("bad-baseline.json", "{\"version\": 1, \"tool\": \"x\", \"findings\": [,]}\n");
    for (extra, message) in cases {
        let mut args = vec!["-f", "json", "--output", "out.json"];
        args.extend_from_slice(&extra);
        p.scan(&args).assert().code(2).stderr(predicate::str::contains(message)).stdout("");
        assert!(!p.file("out.json").exists(), "{extra:?} left a report behind");
    }
    // A usage error of `merge` too.
    p.cmd(&["merge", "missing.json", "-o", "out.json"]).assert().code(2);
    assert!(!p.file("out.json").exists());
}

#[test]
fn output_replaces_the_file_whole() {
    let p = Project::new(&[("src/a.js", &js(&[ERROR_LINE]))]);
    p.write("out.json", "stale");
    p.scan(&["-f", "json", "-o", "out.json"]).assert().code(1).stdout("");
    let report: Value = serde_json::from_str(&p.read("out.json")).expect("a whole JSON report");
    assert_eq!(report["summary"]["findings"], 1);
}

/// `-o /dev/stdout`, `-o /dev/null` or a named pipe: the report goes into
/// the special file, which stays what it was. (Replacing it with a renamed
/// temp file, as for regular files, turned /dev/null into a regular file.)
#[cfg(unix)]
#[test]
fn output_to_a_named_pipe_writes_into_the_pipe() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;

    let p = Project::new(&[("src/a.js", &js(&[ERROR_LINE]))]);
    let fifo = p.file("report.pipe");
    let made = Process::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(&fifo).and_then(|mut f| f.read_to_string(&mut text)).expect("read the pipe");
            text
        })
    };
    p.scan(&["-f", "json", "-o", "report.pipe"]).assert().code(1).stdout("");
    let report: Value =
        serde_json::from_str(&reader.join().expect("reader")).expect("the report came through the pipe");
    assert_eq!(report["summary"]["findings"], 1);
    let kind = std::fs::symlink_metadata(&fifo).expect("still there").file_type();
    assert!(kind.is_fifo(), "the pipe was replaced: {kind:?}");
}

// ---------------------------------------------------------------- suppressions

#[test]
fn suppression_comments_hide_findings_and_are_counted() {
    let info = info_line();
    let p = Project::new(&[(
        "src/app.js",
        &js(&[
            "// session-impact: ignore[sdk/test-client]",
            ERROR_LINE,
            &format!("{WARNING_LINE} /* session-impact: ignore */"),
            "// session-impact: ignore[sdk/test-client]",
            &info,
            "// session-impact: ignore[sdk/no-such-rule]",
            "const other = 'https://seed2.getsession.org'",
        ]),
    )]);
    let report = p.json(&[]);
    assert_eq!(
        findings(&report),
        [
            // Only sdk/test-client is named above it: the info rule still fires.
            ("app.js".to_string(), 5, "identity/test-session-id".to_string()),
            // An unknown id is reported where it is written, and hides nothing.
            ("app.js".to_string(), 6, "suppression/invalid".to_string()),
            ("app.js".to_string(), 7, "onion-request/test-seed".to_string()),
        ]
    );
    assert_eq!(report["summary"]["suppressed"], 2);
    let invalid = &report["findings"][1];
    assert_eq!(invalid["severity"], "warning");
    assert!(invalid["message"].as_str().unwrap_or("").contains("unknown rule `sdk/no-such-rule`"));
    assert_eq!(invalid["column"], 27, "points at the rule id");
}

#[test]
fn ignore_file_hides_the_whole_file() {
    let p = Project::new(&[
        ("src/gen.js", &js(&["/* generated: session-impact: ignore-file */", ERROR_LINE, WARNING_LINE])),
        ("src/late.js", &js(&["x();\n".repeat(10).trim_end(), "// session-impact: ignore-file", ERROR_LINE])),
    ]);
    let report = p.json(&[]);
    assert_eq!(report["summary"]["suppressed"], 2);
    let rules: Vec<String> = findings(&report).into_iter().map(|(path, _, rule)| format!("{path} {rule}")).collect();
    // Past line 10, ignore-file does nothing and says so.
    assert_eq!(rules, ["late.js suppression/invalid", "late.js sdk/test-client"]);
}

#[test]
fn the_suppression_checker_can_be_configured_like_any_rule() {
    let p = Project::new(&[("src/a.js", &js(&["// session-impact: ignore[sdk/typo]", ERROR_LINE]))]);
    p.write("src/.session-impact.toml", "[severity]\n\"suppression/invalid\" = \"error\"\n");
    let report = p.json(&[]);
    assert_eq!(report["findings"][0]["rule_id"], "suppression/invalid");
    assert_eq!(report["findings"][0]["severity"], "error");
    p.write("src/.session-impact.toml", "disable = [\"suppression/invalid\"]\n");
    let report = p.json(&[]);
    assert_eq!(findings(&report), [("a.js".to_string(), 2, "sdk/test-client".to_string())]);
}

#[test]
fn manifests_take_suppressions_after_their_comment_leader_or_in_a_json_key() {
    let p = Project::new(&[
        (
            "src/package.json",
            "{\n  \"dependencies\": {\n    \"//\": \"session-impact: ignore[sdk/test-dependency]\",\n    \"@session.js/client\": \"^0.0.4\",\n    \"@session.js/mnemonic\": \"^1.0.0\"\n  }\n}\n",
        ),
        ("src/requirements.txt", "requests==2.31\n# session-impact: ignore\nsession-util==1.0\n"),
    ]);
    p.write(
        "rules/deps.toml",
        r#"
[[rule]]
id = "sdk/test-dependency"
title = "Declares a Session package"
category = "sdk"
severity = "error"
effort = "L"
message = "Declares a Session package (L: test)."

[rule.match]
dependencies = [{ ecosystem = "npm", name = "@session.js/*" }, { ecosystem = "pypi", name = "session-util" }]

[[rule.replacement]]
target = "matrix"
api = "matrix-js-sdk"
"#,
    );
    let report = p.json(&[]);
    assert_eq!(findings(&report), [("package.json".to_string(), 5, "sdk/test-dependency".to_string())]);
    assert_eq!(report["summary"]["suppressed"], 2);
}

// ---------------------------------------------------------------- baseline

#[test]
fn baseline_hides_known_findings_even_after_lines_move() {
    let p = Project::new(&[("src/app.js", &js(&[ERROR_LINE, WARNING_LINE]))]);
    p.scan(&["-f", "short", "--write-baseline", "baseline.json"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("wrote a baseline of 2 finding(s)"));
    let baseline: Value = serde_json::from_str(&p.read("baseline.json")).expect("baseline JSON");
    assert_eq!(baseline["version"], 1);
    assert_eq!(baseline["findings"].as_array().map(Vec::len), Some(2));
    assert_eq!(baseline["findings"][0]["rule_id"], "sdk/test-client");

    // Code inserted above: the same findings, now on lines 4 and 5, stay hidden.
    p.write("src/app.js", &js(&["// a header", "", "function main() {}", ERROR_LINE, WARNING_LINE]));
    let report = p.json(&["--baseline", "baseline.json"]);
    assert_eq!(findings(&report), []);
    assert_eq!(report["summary"]["baselined"], 2);
    p.scan(&["--baseline", "baseline.json", "-f", "short"]).assert().code(0);

    // A new finding is reported and fails the gate.
    p.write("src/app.js", &js(&["// a header", ERROR_LINE, WARNING_LINE, "import '@session.js/client'"]));
    let report = p.json(&["--baseline", "baseline.json"]);
    assert_eq!(findings(&report), [("app.js".to_string(), 4, "sdk/test-client".to_string())]);
    assert_eq!(report["summary"]["baselined"], 2);
    p.scan(&["--baseline", "baseline.json", "-f", "short"]).assert().code(1);
}

#[test]
fn a_renamed_file_is_reported_as_new() {
    let p = Project::new(&[("src/app.js", &js(&[ERROR_LINE]))]);
    p.scan(&["--write-baseline", "baseline.json", "-f", "short"]).assert().code(0);
    std::fs::rename(p.file("src/app.js"), p.file("src/main.js")).expect("rename");
    let report = p.json(&["--baseline", "baseline.json"]);
    assert_eq!(findings(&report), [("main.js".to_string(), 1, "sdk/test-client".to_string())]);
    assert_eq!(report["summary"]["baselined"], 0);
}

#[test]
fn a_malformed_baseline_points_into_the_file() {
    let p = Project::new(&[("src/app.js", &js(&[ERROR_LINE]))]);
    p.write(
        "baseline.json",
        "{\n  \"version\": 1,\n  \"tool\": \"x\",\n  \"findings\": [\n    {\"fingerprint\": 3}\n  ]\n}\n",
    );
    p.scan(&["--baseline", "baseline.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid baseline baseline.json"))
        .stderr(predicate::str::contains("line 5"))
        .stderr(predicate::str::contains("[baseline.json:5:"));
    p.write("baseline.json", "{\"version\": 2, \"tool\": \"x\", \"findings\": []}");
    p.scan(&["--baseline", "baseline.json"]).assert().code(2).stderr(predicate::str::contains("version 2"));
}

// ---------------------------------------------------------------- config

#[test]
fn the_config_file_sets_rules_excludes_severity_and_targets() {
    let p =
        Project::new(&[("src/app.js", &js(&[ERROR_LINE, WARNING_LINE])), ("src/vendor/lib.js", &js(&[ERROR_LINE]))]);
    // Rule directories are relative to the config file, not to the working directory.
    p.write(
        "src/.session-impact.toml",
        "rules = [\"../rules\"]\nexclude = [\"vendor/**\"]\ndisable = [\"onion-request/test-seed\"]\n\
         targets = [\"generic\"]\nfail-on = \"info\"\n[severity]\n\"sdk/test-client\" = \"info\"\n",
    );
    let out = p.cmd(&["scan", "src", "--no-default-rules", "-f", "json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "fail-on = info: {}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(findings(&report), [("app.js".to_string(), 1, "sdk/test-client".to_string())]);
    assert_eq!(report["findings"][0]["severity"], "info");
    // Flags win over the file.
    p.cmd(&["scan", "src", "--no-default-rules", "-f", "short", "--fail-on", "warning"]).assert().code(0);
    let out =
        p.cmd(&["scan", "src", "--no-default-rules", "-f", "short", "--exclude", "app.js"]).output().expect("runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "", "--exclude adds to the file's excludes");
    // `--config` names another file.
    p.write("other.toml", "rules = [\"rules\"]\n");
    let out =
        p.cmd(&["scan", "src", "--no-default-rules", "--config", "other.toml", "-f", "json"]).output().expect("runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["summary"]["findings"], 3, "vendor/ is scanned without the first file");
}

#[test]
fn config_errors_point_into_the_file() {
    let p = Project::new(&[("src/a.js", &js(&[ERROR_LINE]))]);
    for (text, expected) in [
        ("exclude = []\ntarget = [\"matrix\"]\n", "unknown field `target`"),
        ("fail-on = \"sometimes\"\n", "unknown fail-on level `sometimes`"),
        ("disable = [\"sdk/test-clent\"]\n", "did you mean `sdk/test-client`?"),
        ("[severity]\n\"sdk/test-client\" = \"fatal\"\n", "unknown severity `fatal`"),
        ("disable = [\"sdk/test-client\"]\n[severity]\n\"sdk/test-client\" = \"info\"\n", "is disabled"),
        ("impact = \"yes\"\n", "invalid type"),
    ] {
        p.write("src/.session-impact.toml", text);
        p.scan(&[])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expected))
            .stderr(predicate::str::contains("src/.session-impact.toml:"));
    }
}

// ---------------------------------------------------------------- changed files

fn git(dir: &std::path::Path, args: &[&str]) {
    let out = Process::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn changed_since_scans_changed_and_untracked_files_only() {
    let p = Project::new(&[
        ("src/old.js", &js(&[ERROR_LINE])),
        ("src/edited.js", &js(&["x();"])),
        ("src/deleted.js", &js(&["y();"])),
        ("src/.gitignore", "ignored.js\n"),
    ]);
    git(p.path(), &["init", "-q"]);
    git(p.path(), &["add", "-A"]);
    git(p.path(), &["commit", "-qm", "base"]);
    p.write("src/edited.js", &js(&["x();", WARNING_LINE]));
    p.write("src/new.js", &js(&[ERROR_LINE]));
    p.write("src/ignored.js", &js(&[ERROR_LINE]));
    std::fs::remove_file(p.file("src/deleted.js")).expect("rm");

    let report = p.json(&["--changed-since", "HEAD"]);
    assert_eq!(
        findings(&report),
        [
            ("edited.js".to_string(), 2, "onion-request/test-seed".to_string()),
            ("new.js".to_string(), 1, "sdk/test-client".to_string()),
        ]
    );
    assert_eq!(report["summary"]["files_scanned"], 2);

    // From a subdirectory, with the revision as a branch name.
    git(p.path(), &["branch", "base"]);
    let report = p.json(&["--changed-since", "base"]);
    assert_eq!(report["summary"]["files_scanned"], 2);

    p.scan(&["--changed-since", "no-such-branch"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown git revision `no-such-branch`"));
    p.scan(&["--changed-since", "--output=x"]).assert().code(2);
    assert!(!p.file("x").exists());
}

#[test]
fn changed_since_outside_a_repository_is_a_clear_error() {
    let p = Project::new(&[("src/a.js", &js(&[ERROR_LINE]))]);
    p.scan(&["--changed-since", "HEAD"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--changed-since needs a git work tree"));
}

// ---------------------------------------------------------------- scale-out

fn many_files() -> Project {
    let info = info_line();
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..40 {
        let body = match i % 4 {
            0 => js(&[ERROR_LINE, WARNING_LINE]),
            1 => js(&["// session-impact: ignore", ERROR_LINE, &info]),
            2 => js(&["const x = 1;", WARNING_LINE, WARNING_LINE]),
            _ => js(&["const nothing = 'here';"]),
        };
        files.push((format!("src/pkg{}/file{i}.js", i % 5), body));
    }
    files.push(("src/big.js".into(), format!("{}\n{}", ERROR_LINE, "x".repeat(3000))));
    let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    Project::new(&refs)
}

fn stdout_of(p: &Project, args: &[&str]) -> Vec<u8> {
    let out = p.scan(args).output().expect("runs");
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn output_is_byte_identical_whatever_the_thread_count() {
    let p = many_files();
    for format in ["json", "sarif", "github", "gitlab", "human", "markdown", "html"] {
        let args = ["-f", format, "--max-file-size", "2000"];
        let one = stdout_of(&p, &[&args[..], &["-j", "1"]].concat());
        let eight = stdout_of(&p, &[&args[..], &["-j", "8"]].concat());
        assert!(!one.is_empty());
        assert!(one == eight, "{format} differs between -j 1 and -j 8");
    }
}

#[test]
fn merged_shards_equal_one_full_scan() {
    let p = many_files();
    let full_json = stdout_of(&p, &["-f", "json", "--max-file-size", "2000"]);
    let full: Value = serde_json::from_slice(&full_json).expect("JSON");
    assert!(full["summary"]["findings"].as_u64().unwrap_or(0) > 30);
    assert_eq!(full["summary"]["suppressed"], 10);

    let mut shard_files = Vec::new();
    let mut scanned = 0;
    for k in 1..=3 {
        let name = format!("shard{k}.json");
        p.scan(&["-f", "json", "--max-file-size", "2000", "--shard", &format!("{k}/3"), "-o", &name])
            .assert()
            .code(predicate::in_iter([0, 1]));
        let shard: Value = serde_json::from_str(&p.read(&name)).expect("JSON");
        let n = shard["summary"]["files_scanned"].as_u64().unwrap_or(0);
        assert!(n > 0 && n < 41, "shard {k} scanned {n} files");
        scanned += n;
        shard_files.push(name);
    }
    assert_eq!(scanned, full["summary"]["files_scanned"].as_u64().unwrap_or(0), "every file in exactly one shard");

    for format in ["json", "sarif", "github", "gitlab", "short", "human", "markdown", "html"] {
        let full = stdout_of(&p, &["-f", format, "--max-file-size", "2000"]);
        // Shards in any order.
        let mut args = vec!["merge", "shard3.json", "shard1.json", "shard2.json"];
        args.extend(["--rules", "rules", "--no-default-rules", "-f", format]);
        let out = p.cmd(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout == full, "merged {format} differs from the full scan");
    }
    let _ = shard_files;
}

#[test]
fn merge_refuses_reports_of_different_scans() {
    let p = Project::new(&[]);
    p.write("a.json", &synthetic_report("src", &[]).to_string());
    p.write("b.json", &synthetic_report("lib", &[]).to_string());
    p.write("c.json", "{\"schema_version\": 1,\n \"tool\": 3}");
    p.cmd(&["merge", "a.json", "b.json"]).assert().code(2).stderr(predicate::str::contains("root"));
    p.cmd(&["merge", "a.json", "c.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("c.json is not a session-impact JSON report"));
}

// ---------------------------------------------------------------- completions

#[test]
fn completions_cover_the_commands_and_flags() {
    let p = Project::new(&[]);
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        p.cmd(&["completions", shell])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("changed-since"))
            .stdout(predicate::str::contains("merge"));
    }
    p.cmd(&["completions", "tcsh"]).assert().code(2);
}

// ---------------------------------------------------------------- integrations

/// The `run: |` script of the step with `id` in action.yml.
fn action_step_script(id: &str) -> String {
    let action = include_str!("../action.yml");
    let lines: Vec<&str> = action.lines().collect();
    let at = lines.iter().position(|l| l.trim() == format!("id: {id}")).expect("the step exists");
    let run = (at..lines.len()).find(|&i| lines[i].trim() == "run: |").expect("the step has a script");
    let indent = |l: &str| l.len() - l.trim_start().len();
    let body_indent = indent(lines[run]) + 2;
    lines[run + 1..]
        .iter()
        .take_while(|l| l.trim().is_empty() || indent(l) >= body_indent)
        .map(|l| l.get(body_indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_github_action_scan_step_writes_sarif_and_reports_the_exit_code() {
    let p = Project::new(&[("src/app.js", &js(&[ERROR_LINE]))]);
    let script = action_step_script("scan");
    let bin = assert_cmd::cargo::cargo_bin("session-impact");
    let path = format!("{}:{}", bin.parent().expect("bin dir").display(), std::env::var("PATH").unwrap_or_default());
    let run = |fail_on: &str| {
        let output = p.file("github_output");
        let _ = std::fs::remove_file(&output);
        let status = Process::new("bash")
            .arg("-c")
            .arg(&script)
            .current_dir(p.path())
            .env("PATH", &path)
            .env("SCAN_PATH", "src")
            .env("FAIL_ON", fail_on)
            .env("EXTRA_ARGS", "--rules rules --no-default-rules")
            .env("SARIF_FILE", "out.sarif")
            .env("GITHUB_OUTPUT", &output)
            .status()
            .expect("bash runs");
        (status.code(), std::fs::read_to_string(&output).unwrap_or_default())
    };
    // Findings do not fail the step (the SARIF is uploaded first); the exit code is an output.
    assert_eq!(run("error"), (Some(0), "exit-code=1\n".to_string()));
    let sarif: Value = serde_json::from_str(&p.read("out.sarif")).expect("SARIF");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "sdk/test-client");
    assert_eq!(run("never"), (Some(0), "exit-code=0\n".to_string()));
    // A scan that cannot run fails the step.
    assert_eq!(run("sometimes").0, Some(2));
}

#[test]
fn the_pre_commit_hooks_run_on_staged_file_names() {
    let hooks = include_str!("../.pre-commit-hooks.yaml");
    let entries: Vec<&str> = hooks.lines().filter_map(|l| l.trim().strip_prefix("entry: ")).collect();
    assert_eq!(entries.len(), 2);
    let p = Project::new(&[("src/a.js", &js(&[WARNING_LINE])), ("src/b.js", &js(&["ok();"])), ("README.md", "hi\n")]);
    let codes: Vec<Option<i32>> = entries
        .iter()
        .map(|entry| {
            let mut words = entry.split_whitespace();
            assert_eq!(words.next(), Some("session-impact"));
            let mut args: Vec<&str> = words.collect();
            args.extend(["--rules", "rules", "--no-default-rules", "src/a.js", "src/b.js", "README.md"]);
            p.cmd(&args).output().expect("runs").status.code()
        })
        .collect();
    // The warning passes the default hook and fails the strict one.
    assert_eq!(codes, [Some(0), Some(1)]);
    let out = p
        .cmd(
            &[
                entries[1].split_whitespace().skip(1).collect::<Vec<_>>(),
                vec!["--rules", "rules", "--no-default-rules", "src/a.js", "src/b.js"],
            ]
            .concat(),
        )
        .output()
        .expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or(""),
        "src/a.js:1:14: warning [onion-request/test-seed] Contacts a Session seed node (M: bootstrap changes)."
    );
}
