//! The progress display: on stderr only when it is a terminal, never with
//! `--quiet`, never on stdout.

use std::path::Path;
use std::process::Command as StdCommand;

use assert_cmd::cargo::cargo_bin;
use assert_cmd::Command;

fn corpus() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus").to_string_lossy().into_owned()
}

#[test]
fn no_progress_when_stderr_is_not_a_terminal() {
    let out = Command::cargo_bin("session-impact")
        .expect("the binary is built")
        .args(["scan", &corpus(), "--format", "json", "--fail-on", "never"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is the JSON report alone");
    assert!(report["summary"]["files_scanned"].as_u64().unwrap_or(0) > 0);
}

/// Runs the scan under a pseudo-terminal (util-linux `script`), so that both
/// stdout and stderr are terminals; returns what the terminal showed.
fn on_a_terminal(extra: &str) -> Option<String> {
    let script = ["/usr/bin/script", "/bin/script"].into_iter().find(|p| Path::new(p).exists())?;
    let command =
        format!("{} scan {} --format short --fail-on never {extra}", cargo_bin("session-impact").display(), corpus());
    let out = StdCommand::new(script).args(["-qec", &command, "/dev/null"]).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn progress_on_a_terminal_and_quiet_silences_it() {
    let Some(shown) = on_a_terminal("") else {
        eprintln!("skipped: no util-linux `script` to provide a terminal");
        return;
    };
    // The spinner is drawn on the first tick, before the scan has finished.
    assert!(shown.contains("files scanned"), "no progress line on a terminal:\n{shown}");
    let quiet = on_a_terminal("--quiet").unwrap_or_default();
    assert!(!quiet.contains("files scanned"), "--quiet still shows progress:\n{quiet}");
    assert!(quiet.contains("[sdk/"), "the findings are still printed:\n{quiet}");
}
