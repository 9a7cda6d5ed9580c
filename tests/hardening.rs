//! Hostile input never crashes a scan and never loses a result (issue 8).
//! Every case builds its input at test time and runs the real binary.

use std::fs;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A generous bound so that a regression to quadratic time or a hang fails
/// the test instead of stalling CI; not a performance assertion.
const HANG: Duration = Duration::from_secs(600);

/// A string every language's extractor sees and a language-neutral rule
/// matches (`onion-request/seed-node-host`).
const SEED: &str = "https://seed1.getsession.org";
const SEED_RULE: &str = "onion-request/seed-node-host";

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("session-impact").expect("the binary is built");
    cmd.env("NO_COLOR", "1").env_remove("SESSION_IMPACT_TEST_PANIC").timeout(HANG);
    cmd
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create dirs");
    }
    fs::write(path, text).expect("write file");
}

/// Runs `scan DIR --format json` with `extra` arguments; returns the exit
/// code and the report.
fn scan_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let out =
        bin().arg("scan").arg(dir).args(["--format", "json", "-j", "2"]).args(extra).output().expect("the binary runs");
    let code = out.status.code().unwrap_or_else(|| panic!("killed by a signal: {:?}", out.status));
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", String::from_utf8_lossy(&out.stderr)));
    (code, report)
}

/// (path, line, rule) of every finding.
fn findings(report: &Value) -> Vec<(String, u64, String)> {
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

fn has_finding(report: &Value, path: &str, line: u64, rule: &str) -> bool {
    findings(report).iter().any(|(p, l, r)| p == path && *l == line && r == rule)
}

/// The `errors` entry (path → message) of `path`, if any.
fn error_of<'r>(report: &'r Value, path: &str) -> Option<&'r str> {
    report["errors"].as_array()?.iter().find(|e| e["path"] == path).and_then(|e| e["message"].as_str())
}

fn skipped_reason<'r>(report: &'r Value, path: &str) -> Option<&'r str> {
    report["skipped"].as_array()?.iter().find(|e| e["path"] == path).and_then(|e| e["reason"].as_str())
}

/// A TypeScript file with a finding on its last line.
fn ts_with_finding_at_end(prefix: &str) -> String {
    format!("{prefix}\nimport {{ Session }} from '@session.js/client';\n")
}

fn line_count(text: &str) -> u64 {
    text.lines().count() as u64
}

// ---- hostile files ---------------------------------------------------------

#[test]
fn binary_content_with_a_source_extension_is_skipped_and_listed() {
    let dir = TempDir::new().expect("temp dir");
    let mut blob = b"import { Session } from '@session.js/client';\n".to_vec();
    blob.extend_from_slice(&[0, 159, 146, 150, 0, 1, 2]);
    write(dir.path(), "bundle.js", &blob);
    write(dir.path(), "ok.ts", "import { Session } from '@session.js/client';\n");
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 1, "the finding in ok.ts still fails the gate");
    assert!(skipped_reason(&report, "bundle.js").is_some_and(|r| r.contains("binary")), "{report:#}");
    assert!(findings(&report).iter().all(|(p, _, _)| p != "bundle.js"));
    assert!(has_finding(&report, "ok.ts", 1, "sdk/session-js-import"));
    assert_eq!(report["summary"]["files_skipped"], 1);
}

#[test]
fn invalid_utf8_is_decoded_lossily_and_findings_after_it_are_reported() {
    let dir = TempDir::new().expect("temp dir");
    let mut text = b"// caf\xe9 \xff\xfe latin-1 and junk\n".to_vec();
    // The import follows an invalid byte on its own line; columns count the
    // replacement character as one character.
    text.extend_from_slice(b"/* \xc3 */ import { Session } from '@session.js/client';\n");
    write(dir.path(), "legacy.ts", &text);
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(report["errors"], serde_json::json!([]));
    let f = report["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["rule_id"] == "sdk/session-js-import"))
        .unwrap_or_else(|| panic!("finding missing: {report:#}"));
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(2), Some(9)));
    assert!(f["snippet"].as_str().is_some_and(|s| s.starts_with("/* \u{FFFD} */ import")), "{f:#}");
}

#[test]
fn files_over_the_size_cap_are_skipped_and_listed_in_every_summary() {
    let dir = TempDir::new().expect("temp dir");
    let big = format!("{}\n{}", "x".repeat(5000), ts_with_finding_at_end(""));
    write(dir.path(), "big.min.js", &big);
    write(dir.path(), "small.ts", ts_with_finding_at_end(""));
    let (_, report) = scan_json(dir.path(), &["--max-file-size", "4096"]);
    let reason = skipped_reason(&report, "big.min.js").unwrap_or_else(|| panic!("{report:#}"));
    assert!(reason.contains("--max-file-size") && reason.contains("4096"), "{reason}");
    assert!(has_finding(&report, "small.ts", 2, "sdk/session-js-import"));
    let out = bin().arg("scan").arg(dir.path()).args(["--max-file-size", "4096"]).output().expect("runs");
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(human.contains("skipped 1 file:") && human.contains("big.min.js: larger than --max-file-size"), "{human}");
}

#[test]
fn a_big_minified_file_under_the_cap_is_scanned() {
    // ~1.5 MiB on one line, thousands of facts: LineIndex, snippets and the
    // extractor must stay linear (this took minutes when columns were
    // counted from the line start for every fact).
    let dir = TempDir::new().expect("temp dir");
    let mut text = String::from("var S=require(\"@session.js/client\");");
    let mut i = 0u32;
    while text.len() < 1_500_000 {
        text.push_str(&format!("function f{i}(a,b){{return a.b.c+b*{i}}};var s{i}=\"v{i}€\"+\"x\";S.Session.x{i}();"));
        i += 1;
    }
    text.push_str(&format!("var seed=\"{SEED}\";"));
    write(dir.path(), "app.min.js", &text);
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(report["skipped"], serde_json::json!([]));
    assert_eq!(report["errors"], serde_json::json!([]));
    assert!(has_finding(&report, "app.min.js", 1, "sdk/session-js-import"), "{:?}", findings(&report));
    assert!(has_finding(&report, "app.min.js", 1, SEED_RULE), "the last fact of the line is found");
    let seed =
        report["findings"].as_array().and_then(|a| a.iter().find(|f| f["rule_id"] == SEED_RULE)).expect("seed finding");
    assert_eq!(seed["column"].as_u64(), Some(text.rfind(SEED).map(|b| text[..b].chars().count() as u64).unwrap_or(0)));
    assert!(seed["snippet"].as_str().is_some_and(|s| s.chars().count() <= 400), "snippets of long lines are cut");
}

/// Deeply nested and deeply chained code, one file per (language, shape),
/// each ending with a Session string literal after the nesting.
fn deep_files(depth: usize) -> Vec<(String, String)> {
    let open_close =
        |open: &str, close: &str, inner: &str| format!("{}{inner}{}", open.repeat(depth), close.repeat(depth));
    let chain = |link: &str, last: &str| format!("{}{last}", link.repeat(depth));
    vec![
        ("parens.ts".into(), format!("const x = {};\nconst seed = '{SEED}';\n", open_close("(", ")", "1"))),
        ("arrays.js".into(), format!("const x = {};\nconst seed = '{SEED}';\n", open_close("[", "]", ""))),
        ("blocks.ts".into(), format!("{}\nconst seed = '{SEED}';\n", open_close("{", "}", ""))),
        ("arrows.ts".into(), format!("const f = {}0;\nconst seed = '{SEED}';\n", chain("() => ", ""))),
        ("plus.ts".into(), format!("const x = {};\nconst seed = '{SEED}';\n", chain("a + ", "1"))),
        ("member.ts".into(), format!("const x = a{};\nconst seed = '{SEED}';\n", chain(".b", ""))),
        ("concat.js".into(), format!("const x = {};\nconst seed = '{SEED}';\n", chain("'a' + ", "'b'"))),
        ("parens.c".into(), format!("int x = {};\nconst char *seed = \"{SEED}\";\n", open_close("(", ")", "1"))),
        ("blocks.cpp".into(), format!("void f() {}\nconst char *seed = \"{SEED}\";\n", open_close("{", "}", ""))),
        ("plus.cpp".into(), format!("int x = {};\nconst char *seed = \"{SEED}\";\n", chain("a + ", "1"))),
        ("member.cpp".into(), format!("int x = a{};\nconst char *seed = \"{SEED}\";\n", chain("->b", ""))),
        ("parens.swift".into(), format!("let x = {}\nlet seed = \"{SEED}\"\n", open_close("(", ")", "1"))),
        ("plus.swift".into(), format!("let x = {}\nlet seed = \"{SEED}\"\n", chain("a + ", "1"))),
        ("member.swift".into(), format!("let x = a{}\nlet seed = \"{SEED}\"\n", chain(".b", ""))),
        ("closures.swift".into(), format!("let x = {}\nlet seed = \"{SEED}\"\n", open_close("{ ", " }", "1"))),
    ]
}

#[test]
fn deeply_nested_code_is_scanned_or_reported_never_a_crash() {
    let dir = TempDir::new().expect("temp dir");
    let files = deep_files(100_000);
    for (name, text) in &files {
        write(dir.path(), name, text);
    }
    let (code, report) = scan_json(dir.path(), &["--fail-on", "never"]);
    assert_eq!(code, 0);
    for (name, text) in &files {
        let found = has_finding(&report, name, line_count(text), SEED_RULE);
        let error = error_of(&report, name);
        assert!(found || error.is_some(), "{name}: neither the finding after the nesting nor an error");
        if let Some(message) = error {
            assert!(message.contains("deeper than") || message.contains("nest"), "{name}: {message}");
        }
    }
}

#[test]
fn empty_files_are_scanned_without_errors() {
    let dir = TempDir::new().expect("temp dir");
    for name in ["empty.ts", "empty.c", "empty.swift", "empty.kt", "empty.py", "empty.rs", "empty.h"] {
        write(dir.path(), name, "");
    }
    write(dir.path(), "ok.ts", ts_with_finding_at_end(""));
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(report["skipped"], serde_json::json!([]));
    assert_eq!(findings(&report).iter().filter(|(p, _, _)| p != "ok.ts").count(), 0);
}

/// Files the scanner cannot read are listed with the reason; everything else
/// is still scanned. Tests run as root here, so `chmod 000` does not stop a
/// read: that part is checked only when it does, and a read that fails even
/// for root (a link to `/proc/self/mem`, whose first page is unmapped) stands
/// in for it.
#[cfg(unix)]
#[test]
fn unreadable_files_are_listed_and_the_rest_is_scanned() {
    use std::os::unix::fs::PermissionsExt;

    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "ok.ts", ts_with_finding_at_end(""));
    write(dir.path(), "locked.ts", ts_with_finding_at_end(""));
    let locked = dir.path().join("locked.ts");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    let root_reads_anyway = fs::read(&locked).is_ok();
    // A directory named like a source file, and a FIFO (reading one would
    // block forever): neither is a regular file, neither is opened.
    fs::create_dir_all(dir.path().join("dir.ts")).expect("mkdir");
    let fifo = std::process::Command::new("mkfifo").arg(dir.path().join("pipe.ts")).status();
    #[cfg(target_os = "linux")]
    std::os::unix::fs::symlink("/proc/self/mem", dir.path().join("mem.ts")).expect("symlink");

    let (code, report) = scan_json(dir.path(), &["--follow-symlinks"]);
    assert_eq!(code, 1);
    assert!(has_finding(&report, "ok.ts", 2, "sdk/session-js-import"));
    if root_reads_anyway {
        assert!(has_finding(&report, "locked.ts", 2, "sdk/session-js-import"), "root reads a mode-000 file");
    } else {
        let message = error_of(&report, "locked.ts").unwrap_or_else(|| panic!("{report:#}"));
        assert!(message.contains("could not read"), "{message}");
    }
    #[cfg(target_os = "linux")]
    {
        let message = error_of(&report, "mem.ts").unwrap_or_else(|| panic!("{report:#}"));
        assert!(message.contains("could not read file"), "{message}");
    }
    assert_eq!(error_of(&report, "dir.ts"), None);
    if fifo.is_ok_and(|s| s.success()) {
        assert_eq!(error_of(&report, "pipe.ts"), None, "a FIFO is not a file to read");
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).expect("chmod back");
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_reported_not_followed_forever() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "src/app.ts", ts_with_finding_at_end(""));
    std::os::unix::fs::symlink("..", dir.path().join("src/loop")).expect("symlink");
    std::os::unix::fs::symlink("gone.ts", dir.path().join("src/dangling.ts")).expect("symlink");
    let (code, report) = scan_json(dir.path(), &["--follow-symlinks"]);
    assert_eq!(code, 1);
    assert!(has_finding(&report, "src/app.ts", 2, "sdk/session-js-import"));
    assert!(error_of(&report, "src/loop").is_some_and(|m| m.contains("loop")), "{report:#}");
    assert!(error_of(&report, "src/dangling.ts").is_some(), "{report:#}");
    // Without --follow-symlinks links are not entered at all.
    let (_, report) = scan_json(dir.path(), &[]);
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(findings(&report).len(), 2);
}

#[cfg(target_os = "linux")]
#[test]
fn paths_that_are_not_utf8_are_scanned_and_shown_lossily() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let dir = TempDir::new().expect("temp dir");
    let sub = dir.path().join(OsStr::from_bytes(b"m\xf6dule"));
    fs::create_dir_all(&sub).expect("mkdir");
    fs::write(sub.join(OsStr::from_bytes(b"caf\xe9.ts")), ts_with_finding_at_end("")).expect("write");
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(has_finding(&report, "m\u{FFFD}dule/caf\u{FFFD}.ts", 2, "sdk/session-js-import"), "{report:#}");
    let out = bin().arg("scan").arg(dir.path()).args(["--format", "short"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("m\u{FFFD}dule/caf\u{FFFD}.ts:2:1:"));
}

// ---- isolation ---------------------------------------------------------------

#[test]
fn a_panic_in_one_file_becomes_an_error_entry_and_the_scan_goes_on() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "boom.ts", ts_with_finding_at_end("// SESSION_IMPACT_TEST_PANIC"));
    write(dir.path(), "ok.ts", ts_with_finding_at_end(""));
    let out = bin()
        .env("SESSION_IMPACT_TEST_PANIC", "1")
        .arg("scan")
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "exit code stays the findings' one");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let message = error_of(&report, "boom.ts").unwrap_or_else(|| panic!("{report:#}"));
    assert!(message.contains("internal error") && message.contains("test panic"), "{message}");
    assert!(has_finding(&report, "ok.ts", 2, "sdk/session-js-import"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "a caught panic prints nothing:\n{stderr}");

    // Without the variable the marker is just text.
    let (_, report) = scan_json(dir.path(), &[]);
    assert!(has_finding(&report, "boom.ts", 2, "sdk/session-js-import"));
    assert_eq!(report["errors"], serde_json::json!([]));
}

// ---- safe output -------------------------------------------------------------

/// A path and a line with terminal escapes, markup and separators in them.
const HOSTILE_NAME: &str = "\u{1b}[31mred|<script>%0A=cmd.ts";
const HOSTILE_LINE: &str =
    "import { Session } from '@session.js/client'; // \u{1b}]8;;http://x\u{7}\u{1b}[2J <script>alert(1)</script> | %0A =cmd \u{202e}txt";

#[cfg(unix)]
fn hostile_tree() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), HOSTILE_NAME, format!("{HOSTILE_LINE}\n"));
    write(dir.path(), "new\nline.ts", format!("{HOSTILE_LINE}\n"));
    dir
}

#[cfg(unix)]
#[test]
fn terminal_formats_never_print_escapes_or_controls_from_scanned_content() {
    let dir = hostile_tree();
    for format in ["human", "short"] {
        let out =
            bin().arg("scan").arg(dir.path()).args(["--format", format, "--color", "never"]).output().expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("red|<script>"), "{format}: the finding is shown:\n{text}");
        let bad: Vec<char> = text
            .chars()
            .filter(|c| {
                (c.is_control() && *c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
            })
            .collect();
        assert!(bad.is_empty(), "{format}: raw control characters {bad:?} in:\n{text}");
        // A newline in a file name does not start a new output line.
        if format == "short" {
            assert!(
                text.lines().all(|l| l.contains(": error [") || l.contains(": warning [") || l.is_empty()),
                "{text}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn json_keeps_hostile_content_exact_and_escaped() {
    let dir = hostile_tree();
    let out = bin().arg("scan").arg(dir.path()).args(["--format", "json"]).output().expect("runs");
    let raw = String::from_utf8_lossy(&out.stdout);
    assert!(!raw.contains('\u{1b}') && !raw.contains('\u{7}'), "control characters are escaped in JSON text");
    let report: Value = serde_json::from_str(&raw).expect("valid JSON");
    assert!(findings(&report).iter().any(|(p, _, _)| p == HOSTILE_NAME), "paths round-trip exactly");
    assert!(findings(&report).iter().any(|(p, _, _)| p == "new\nline.ts"));
    assert!(report["findings"].as_array().is_some_and(|a| a.iter().any(|f| f["snippet"] == HOSTILE_LINE)));
}
