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
    // `(("a" + "b") + "b") + ...`: one joined string, not one per level.
    let paren_concat = || format!("{}\"a\"{}", "(".repeat(depth), " + \"b\")".repeat(depth));
    vec![
        ("parens.ts".into(), format!("const x = {};\nconst seed = '{SEED}';\n", open_close("(", ")", "1"))),
        ("arrays.js".into(), format!("const x = {};\nconst seed = '{SEED}';\n", open_close("[", "]", ""))),
        ("blocks.ts".into(), format!("{}\nconst seed = '{SEED}';\n", open_close("{", "}", ""))),
        ("arrows.ts".into(), format!("const f = {}0;\nconst seed = '{SEED}';\n", chain("() => ", ""))),
        ("plus.ts".into(), format!("const x = {};\nconst seed = '{SEED}';\n", chain("a + ", "1"))),
        ("member.ts".into(), format!("const x = a{};\nconst seed = '{SEED}';\n", chain(".b", ""))),
        ("concat.js".into(), format!("const x = {};\nconst seed = '{SEED}';\n", chain("'a' + ", "'b'"))),
        ("pconcat.ts".into(), format!("const x = {};\nconst seed = '{SEED}';\n", paren_concat())),
        ("parens.c".into(), format!("int x = {};\nconst char *seed = \"{SEED}\";\n", open_close("(", ")", "1"))),
        ("blocks.cpp".into(), format!("void f() {}\nconst char *seed = \"{SEED}\";\n", open_close("{", "}", ""))),
        ("plus.cpp".into(), format!("int x = {};\nconst char *seed = \"{SEED}\";\n", chain("a + ", "1"))),
        ("member.cpp".into(), format!("int x = a{};\nconst char *seed = \"{SEED}\";\n", chain("->b", ""))),
        ("parens.swift".into(), format!("let x = {}\nlet seed = \"{SEED}\"\n", open_close("(", ")", "1"))),
        ("plus.swift".into(), format!("let x = {}\nlet seed = \"{SEED}\"\n", chain("a + ", "1"))),
        ("member.swift".into(), format!("let x = a{}\nlet seed = \"{SEED}\"\n", chain(".b", ""))),
        ("closures.swift".into(), format!("let x = {}\nlet seed = \"{SEED}\"\n", open_close("{ ", " }", "1"))),
        ("concat.swift".into(), format!("let x = {}\nlet seed = \"{SEED}\"\n", chain("\"a\" + ", "\"b\""))),
        ("parens.kt".into(), format!("val x = {}\nval seed = \"{SEED}\"\n", open_close("(", ")", "1"))),
        ("lambdas.kt".into(), format!("val x = {}\nval seed = \"{SEED}\"\n", open_close("{ ", " }", "1"))),
        ("plus.kt".into(), format!("val x = {}\nval seed = \"{SEED}\"\n", chain("a + ", "1"))),
        ("member.kt".into(), format!("val x = a{}\nval seed = \"{SEED}\"\n", chain(".b", ""))),
        ("concat.kt".into(), format!("val x = {}\nval seed = \"{SEED}\"\n", paren_concat())),
        (
            "blocks.java".into(),
            format!("class A {{ void f() {} }}\nclass B {{ String seed = \"{SEED}\"; }}\n", open_close("{", "}", "")),
        ),
        (
            "plus.java".into(),
            format!("class A {{ int x = {}; }}\nclass B {{ String seed = \"{SEED}\"; }}\n", chain("a + ", "1")),
        ),
        (
            "concat.java".into(),
            format!("class A {{ String x = {}; }}\nclass B {{ String seed = \"{SEED}\"; }}\n", paren_concat()),
        ),
        (
            "member.java".into(),
            format!("class A {{ int x = a{}; }}\nclass B {{ String seed = \"{SEED}\"; }}\n", chain(".b", "")),
        ),
        ("parens.py".into(), format!("x = {}\nSEED = \"{SEED}\"\n", open_close("(", ")", "1"))),
        ("lists.py".into(), format!("x = {}\nSEED = \"{SEED}\"\n", open_close("[", "]", ""))),
        ("plus.py".into(), format!("x = {}\nSEED = \"{SEED}\"\n", chain("a + ", "1"))),
        ("member.py".into(), format!("x = a{}\nSEED = \"{SEED}\"\n", chain(".b", ""))),
        ("calls.py".into(), format!("x = a{}\nSEED = \"{SEED}\"\n", chain("()", ""))),
        ("concat.py".into(), format!("x = {}\nSEED = \"{SEED}\"\n", paren_concat())),
        // syn is recursive: past its limits the Rust extractor refuses the
        // file with an error entry instead of overflowing the stack.
        (
            "parens.rs".into(),
            format!("fn f() {{ let x = {}; }}\nconst SEED: &str = \"{SEED}\";\n", open_close("(", ")", "1")),
        ),
        ("blocks.rs".into(), format!("fn f() {}\nconst SEED: &str = \"{SEED}\";\n", open_close("{", "}", ""))),
        (
            "generics.rs".into(),
            format!("type T = {};\nconst SEED: &str = \"{SEED}\";\n", open_close("Vec<", ">", "u8")),
        ),
        ("plus.rs".into(), format!("fn f() {{ let x = {}; }}\nconst SEED: &str = \"{SEED}\";\n", chain("a + ", "1"))),
        ("member.rs".into(), format!("fn f() {{ let x = a{}; }}\nconst SEED: &str = \"{SEED}\";\n", chain(".b", ""))),
        (
            "concat.rs".into(),
            format!("const X: &str = concat!({});\nconst SEED: &str = \"{SEED}\";\n", chain("\"a\", ", "\"b\"")),
        ),
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
        match error_of(&report, name) {
            // tree-sitter parses and is walked without recursion: the file
            // is scanned through to the finding after the nesting.
            None => assert!(found, "{name}: the finding after the nesting is missing"),
            // Only the recursive Rust parser may refuse, and says why.
            Some(message) => {
                assert!(name.ends_with(".rs") && message.contains("deeper than"), "{name}: {message}")
            }
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

/// Output of `session-impact ARGS` (exit code ignored: findings give 1).
fn stdout_of(args: &[&str], dir: &Path) -> String {
    let out = bin().args(args).arg(dir).output().expect("runs");
    assert!(out.status.code().is_some_and(|c| c <= 1), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Control characters other than newline in `text`.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars().filter(|c| c.is_control() && *c != '\n').collect()
}

/// [`raw_controls`] and bidi overrides: what must not reach a terminal.
/// (JSON formats may carry bidi characters: they are valid, inert text
/// there, and only the terminal formats reorder what they show.)
fn terminal_unsafe(text: &str) -> Vec<char> {
    let mut bad = raw_controls(text);
    bad.extend(text.chars().filter(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')));
    bad
}

/// `markdown` with its code spans (CommonMark: a run of n backticks, not
/// backslash-escaped, up to the next run of exactly n) removed: what a
/// renderer would read as markup.
fn outside_code_spans(markdown: &str) -> String {
    let opening = |text: &str| {
        let bytes = text.as_bytes();
        (0..bytes.len()).find(|&i| bytes[i] == b'`' && (i == 0 || bytes[i - 1] != b'\\'))
    };
    let mut out = String::new();
    let mut rest = markdown;
    while let Some(start) = opening(rest) {
        out.push_str(&rest[..start]);
        let run = rest[start..].chars().take_while(|c| *c == '`').count();
        let body = &rest[start + run..];
        let mut search = 0;
        let mut end = None;
        while let Some(i) = body[search..].find('`') {
            let at = search + i;
            let len = body[at..].chars().take_while(|c| *c == '`').count();
            if len == run {
                end = Some(at + len);
                break;
            }
            search = at + len;
        }
        match end {
            Some(e) => rest = &body[e..],
            None => {
                out.push_str(&rest[start..start + run]);
                rest = body;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Table rows must keep their header's cell count: a `|` from content is
/// escaped, a newline from content does not end the row.
fn assert_tables_hold(markdown: &str, what: &str) {
    let cells = |row: &str| {
        let bytes = row.as_bytes();
        (0..bytes.len()).filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\')).count()
    };
    let mut expected = None;
    for line in markdown.lines() {
        if line.starts_with('|') {
            let n = cells(line);
            assert_eq!(*expected.get_or_insert(n), n, "{what}: row breaks its table: {line}");
        } else {
            expected = None;
        }
    }
}

#[cfg(unix)]
#[test]
fn every_format_escapes_hostile_paths_and_snippets_for_its_syntax() {
    let dir = hostile_tree();
    write(
        dir.path(),
        "=HYPERLINK(x)/+a`b\"<i>.ts",
        "import { Session } from '@session.js/client'; // `<img src=x onerror=alert(1)>`\n",
    );
    let scan = |format: &str| stdout_of(&["scan", "--fail-on", "never", "--format", format], dir.path());
    let tickets = |format: &str| stdout_of(&["tickets", "--group-by", "file", "--format", format], dir.path());

    // JSON-based formats parse and keep the text exact.
    for (format, text) in [("sarif", scan("sarif")), ("gitlab", scan("gitlab")), ("tickets github", tickets("github"))]
    {
        assert!(raw_controls(&text).is_empty(), "{format}: {:?}", raw_controls(&text));
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{format}: invalid JSON: {e}"));
        let all = v.to_string();
        assert!(all.contains("red|<script>") || all.contains("%3Cscript%3E"), "{format} names the hostile file");
    }
    let gitlab: Value = serde_json::from_str(&scan("gitlab")).expect("JSON");
    let exact = |i: &Value| i["location"]["path"].as_str().is_some_and(|p| p.ends_with(&format!("/{HOSTILE_NAME}")));
    assert!(gitlab.as_array().is_some_and(|a| a.iter().any(exact)), "paths round-trip exactly");

    // GitHub workflow commands: one command per line, properties escaped.
    let github = scan("github");
    assert!(terminal_unsafe(&github).is_empty(), "github: {:?}", terminal_unsafe(&github));
    assert!(github.lines().all(|l| l.starts_with("::")), "a newline from content split a command:\n{github}");
    assert_eq!(github.lines().count(), 6, "{github}");
    assert!(github.contains("\u{FFFD}[31mred|<script>%250A=cmd.ts,line="), "% escaped, ESC replaced:\n{github}");
    assert!(github.contains("/new%0Aline.ts,line="), "{github}");

    // Markdown: no markup from content outside code spans, tables intact.
    for (format, text) in [("markdown", scan("markdown")), ("tickets markdown", tickets("markdown"))] {
        assert!(raw_controls(&text).is_empty(), "{format}: {:?}", raw_controls(&text));
        let markup = outside_code_spans(&text);
        for bad in ["<script", "<img", "<i>"] {
            assert!(!markup.contains(bad), "{format}: {bad} outside a code span");
        }
        assert_tables_hold(&text, format);
    }

    // HTML: content is text, never markup or an attribute break-out.
    let html = scan("html");
    for bad in ["<script>alert", "<img src=x", "<i>.ts", "b\"<i"] {
        assert!(!html.contains(bad), "html: {bad} unescaped");
    }
    assert!(html.contains("&lt;script&gt;alert"), "the content is shown as text");

    // CSV for spreadsheets: parses, and no cell is read as a formula.
    let csv = tickets("jira-csv");
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(csv.as_bytes());
    let mut rows = 0;
    for record in reader.records() {
        let record = record.expect("valid CSV");
        for cell in record.iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "formula cell {cell:?}");
        }
        rows += 1;
    }
    assert!(rows >= 3, "one ticket per file:\n{csv}");
    assert!(csv.contains("=HYPERLINK(x)/+a`b\"\"<i>.ts"), "the path is kept, quoted, inside a cell:\n{csv}");
}

// ---- broken manifests ----------------------------------------------------------

#[test]
fn broken_manifests_are_reported_with_file_and_reason_and_the_rest_is_scanned() {
    let dir = TempDir::new().expect("temp dir");
    // Each holds a Session literal: files are parsed (and so reported) only
    // when the prefilter finds one; a broken file without any could match
    // nothing.
    let broken: &[(&str, &[u8], &str)] = &[
        ("json/package.json", b"{\"dependencies\": {\"@session.js/client\": \"1.0\"", "invalid package.json"),
        (
            "lock/package-lock.json",
            b"{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/@session.js/client\": {\n      \"v",
            "line 5",
        ),
        ("toml/Cargo.toml", b"[package]\nname = \"x\"\n[dependencies\nlibsession-util = 1\n", "line 3"),
        (
            "catalog/gradle/libs.versions.toml",
            b"[versions]\nsession = \"1.0\n[libraries]\nx = \"org.sessionfoundation:libsession-util-android\"\n",
            "line 2",
        ),
        ("swift/Package.resolved", b"{ \"pins\": [ { \"identity\": \"libsession-util-spm\"", "invalid Package.resolved"),
        ("pods/Podfile.lock", b"PODS:\n  - SessionUtil (1.0):\n    - x\n  -", "line 4"),
        (
            "gradle/build.gradle.kts",
            b"}}}{{{ ((\n\x01 \"\"\" unterminated\nimplementation(\"org.sessionfoundation:libsession-util-android:1\")\n",
            "line 2",
        ),
    ];
    for (name, text, _) in broken {
        write(dir.path(), name, text);
    }
    // Truncated lockfiles in line formats keep what they could read.
    write(dir.path(), "yarn/yarn.lock", "# yarn lockfile v1\n\n\"@session.js/client@^1.0.0\":\n  version \"1.0.0\"\n  resolved \"https://registry.yarnpkg.com/@session.js/cli");
    write(dir.path(), "ok.ts", ts_with_finding_at_end(""));
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 1);
    for (name, _, reason) in broken {
        let message = error_of(&report, name).unwrap_or_else(|| panic!("{name} not in errors: {report:#}"));
        assert!(message.contains(reason), "{name}: {message}");
    }
    assert!(has_finding(&report, "ok.ts", 2, "sdk/session-js-import"), "other files are unaffected");
    assert!(has_finding(&report, "yarn/yarn.lock", 3, "sdk/npm-session-js"), "{:?}", findings(&report));

    let out = bin().arg("scan").arg(dir.path()).output().expect("runs");
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(human.contains(&format!("{} files could not be scanned:", broken.len())), "{human}");
    assert!(human.contains("json/package.json: invalid package.json"), "{human}");
}

// ---- --strict ------------------------------------------------------------------

#[test]
fn strict_turns_scan_errors_into_a_failing_exit_code() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "package.json", "{ \"dependencies\": { \"@session.js/client\": ");
    write(dir.path(), "notes.ts", "const notes = 'nothing to see';\n");
    // An error alone does not fail the gate...
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 0);
    assert!(error_of(&report, "package.json").is_some());
    // ...unless --strict, whatever --fail-on says.
    let (code, _) = scan_json(dir.path(), &["--strict", "--fail-on", "never"]);
    assert_eq!(code, 1);
    // Skipped files are deliberate, not errors.
    let clean = TempDir::new().expect("temp dir");
    write(clean.path(), "big.ts", "x".repeat(100));
    let (code, report) = scan_json(clean.path(), &["--strict", "--max-file-size", "10"]);
    assert_eq!((code, report["summary"]["files_skipped"].as_u64()), (0, Some(1)));
}

// ---- bad configuration -------------------------------------------------------------

/// Runs a scan that must fail with exit 2, writing (or not) to an output
/// file that already holds a previous report; returns stderr.
fn fails_with_config_error(dir: &Path, args: &[&str]) -> String {
    let output = dir.join("previous-report.json");
    fs::write(&output, "previous").expect("write");
    let out = bin().arg("scan").arg(dir.join("proj")).args(args).arg("--output").arg(&output).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(fs::read_to_string(&output).ok().as_deref(), Some("previous"), "{args:?}: output touched");
    let leftovers: Vec<_> = fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "proj" && !n.ends_with(".toml") && !n.ends_with(".json") && n != "rules")
        .collect();
    assert!(leftovers.is_empty(), "{args:?}: temporary files left behind: {leftovers:?}");
    // miette wraps long lines in its box; join the words back.
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    text.split_whitespace().filter(|w| *w != "│").collect::<Vec<_>>().join(" ")
}

#[test]
fn bad_config_baseline_and_rules_exit_2_pointing_at_file_line_and_field() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "proj/a.ts", ts_with_finding_at_end(""));
    write(dir.path(), "level.toml", "exclude = [\"x\"]\nfail-on = \"sometimes\"\n");
    write(dir.path(), "key.toml", "exclude = [\"x\"]\ncolour = \"red\"\n");
    write(dir.path(), "syntax.toml", "exclude = [\n");
    write(dir.path(), "rule-id.toml", "[severity]\n\"sdk/no-such-rule\" = \"info\"\n");
    write(dir.path(), "truncated.json", "{\"version\": 1, \"findings\": [");
    write(dir.path(), "foreign.json", "{\"schema\": 9}");
    write(
        dir.path(),
        "rules/bad.toml",
        "[[rule]]\nid = \"sdk/x\"\ntitle = \"t\"\ncategory = \"sdk\"\nseverity = \"fatal\"\neffort = \"S\"\nmessage = \"m\"\n\n[rule.match]\nmodules = [\"x\"]\n\n[[rule.replacement]]\ntarget = \"matrix\"\napi = \"a\"\n",
    );
    let cases: &[(&[&str], &[&str])] = &[
        (&["--config", "level.toml"], &["level.toml", "line 2", "fail-on", "sometimes"]),
        (&["--config", "key.toml"], &["key.toml", "line 2", "unknown field `colour`"]),
        (&["--config", "syntax.toml"], &["syntax.toml", "line 1"]),
        (&["--config", "rule-id.toml"], &["rule-id.toml", "line 2", "sdk/no-such-rule"]),
        (&["--baseline", "truncated.json"], &["truncated.json", "line 1"]),
        (&["--baseline", "foreign.json"], &["foreign.json", "unknown field `schema`"]),
        (&["--rules", "rules"], &["bad.toml", "line 5", "unknown severity `fatal`"]),
    ];
    for (args, needles) in cases {
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                if a.contains('.') || *a == "rules" {
                    dir.path().join(a).display().to_string()
                } else {
                    a.to_string()
                }
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = fails_with_config_error(dir.path(), &args);
        for needle in *needles {
            assert!(err.contains(needle), "{args:?}: missing {needle:?} in:\n{err}");
        }
    }
}

#[cfg(unix)]
#[test]
fn config_errors_do_not_print_escapes_from_the_config_file() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "proj/a.ts", ts_with_finding_at_end(""));
    // The config file comes with the scanned repository.
    write(dir.path(), "proj/.session-impact.toml", "fail-on = \"\u{1b}]0;pwned\u{7}\u{1b}[2J\"\n[\u{1b}[31mx]\n");
    let out = bin().arg("scan").arg(dir.path().join("proj")).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(".session-impact.toml"), "{err}");
    assert!(raw_controls(&err).is_empty(), "raw {:?} in:\n{err}", raw_controls(&err));
}
