//! Opens `scan --format html` output in a real headless Chromium (Debian's
//! `chromium` package; `.ci/run` installs it) and checks what a reader would
//! see: the page renders, its script runs under its own Content-Security-
//! Policy without console errors, and a file named
//! `<script>alert(1)</script>.ts` shows up as text, never as markup.
//! Without a Chromium on the machine the test prints a notice and passes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use session_impact::report::{self, FileError, Finding, Format, RenderOptions, Report, Summary, Tool};
use session_impact::rules::{Effort, Replacement, Severity, Target};

const HOSTILE_NAME: &str = "web/<script>alert(1)</script>.ts";

fn finding(rule: &str, severity: Severity, path: &str, line: usize, snippet: &str) -> Finding {
    Finding {
        rule_id: rule.into(),
        severity,
        category: rule.split('/').next().unwrap_or("sdk").into(),
        effort: Effort::L,
        path: path.into(),
        line,
        column: 1,
        end_line: line,
        end_column: 5,
        message: "Sends messages through Session service nodes <img src=x onerror=alert(3)>.".into(),
        snippet: snippet.into(),
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
                target: Target::Simplex,
                api: "simplex-chat bot API".into(),
                note: String::new(),
                docs: "javascript:alert(4)".into(),
            },
        ]
        .into(),
    }
}

fn sample() -> Report {
    let mut report = Report {
        schema_version: 1,
        tool: Tool::default(),
        root: "acme\"><script>alert(5)</script>".into(),
        summary: Summary { files_scanned: 12, ..Summary::default() },
        findings: vec![
            finding(
                "sdk/session-js-import",
                Severity::Error,
                "bot/index.ts",
                1,
                "import { Session } from '@session.js/client'",
            ),
            finding(
                "sdk/session-js-messaging",
                Severity::Error,
                "bot/index.ts",
                9,
                "await session.sendMessage({ to, text })",
            ),
            finding(
                "sdk/session-js-import",
                Severity::Error,
                HOSTILE_NAME,
                2,
                "</code></pre><script>alert(2)</script>",
            ),
            finding("identity/session-id", Severity::Warning, "app/src/ids.ts", 4, "const id = '05abc…'"),
            finding("protocol/loki-profile", Severity::Info, "proto/x.proto", 7, "LokiProfile profile = 101;"),
        ],
        errors: vec![FileError { path: "bad/<b>.ts".into(), message: "could not read file".into() }],
        skipped: Vec::new(),
        impact: None,
        unresolved: None,
    };
    report.finish();
    report
}

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Runs headless Chromium on `page` with `extra` arguments; returns (stdout, stderr).
fn chromium(browser: &Path, profile: &Path, page: &Path, extra: &[&str]) -> (String, String) {
    let url = format!("file://{}", page.display());
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(&url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    // Read both pipes on threads so a chatty browser never blocks on a full pipe.
    let mut out = child.stdout.take().expect("stdout piped");
    let mut err = child.stderr.take().expect("stderr piped");
    let out_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut out, &mut s);
        s
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait on chromium").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (out_thread.join().unwrap_or_default(), err_thread.join().unwrap_or_default())
}

/// Console messages, uncaught exceptions and CSP refusals in Chromium's log.
fn console_problems(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| {
            l.contains(":CONSOLE")
                || l.contains("Uncaught")
                || l.contains("Refused to")
                || l.contains("Content Security Policy")
        })
        .collect()
}

#[test]
fn html_report_renders_in_chromium_without_errors_or_injection() {
    let Some(browser) = find_chromium() else {
        eprintln!(
            "NOTICE: skipping the browser test: no chromium found (apt-get install -y chromium, or set CHROMIUM=/path)"
        );
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let profile = tmp.path().join("profile");

    // The log capture works: a page that logs an error is caught.
    let control = tmp.path().join("control.html");
    std::fs::write(&control, "<!DOCTYPE html><title>c</title><script>console.error('control-error')</script>")
        .expect("write control page");
    let (_, stderr) = chromium(&browser, &profile, &control, &["--dump-dom"]);
    assert!(
        console_problems(&stderr).iter().any(|l| l.contains("control-error")),
        "chromium's console log is not captured; stderr was:\n{stderr}"
    );

    let html = report::render(&sample(), Format::Html, &RenderOptions::default());
    let page = tmp.path().join("report.html");
    std::fs::write(&page, &html).expect("write report");
    let (dom, stderr) = chromium(&browser, &profile, &page, &["--dump-dom"]);

    assert!(dom.contains("<h1>Session impact</h1>"), "the page did not render:\n{dom}");
    let problems = console_problems(&stderr);
    assert!(problems.is_empty(), "console errors or CSP refusals:\n{}", problems.join("\n"));
    // The inline script ran (its CSP hash is right) and enhanced the table.
    assert!(dom.contains("data-js=\"ready\""), "the inline script did not run");
    assert!(dom.contains("<div id=\"filters\" class=\"filters\">"), "the filters were not shown");
    assert!(dom.contains("5 of 5 findings shown"));
    assert!(dom.contains("<button type=\"button\""), "the sort buttons were not added");
    // Scanned text is text: the hostile file name, snippet and root are escaped...
    assert!(dom.contains("web/&lt;script&gt;alert(1)&lt;/script&gt;.ts"), "file name not shown escaped");
    assert!(dom.contains("&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
    assert!(dom.contains("acme\"&gt;&lt;script&gt;alert(5)&lt;/script&gt;"));
    // ...and nothing was injected: one script element (ours), no injected image.
    assert_eq!(dom.matches("<script").count(), 1, "a script element was injected");
    assert!(!dom.contains("<img"), "an image element was injected");
    assert!(!dom.contains("href=\"javascript:"), "a javascript: link was made");

    // A screenshot renders too (a blank page would be a few kilobytes).
    let shot = tmp.path().join("report.png");
    let shot_arg = format!("--screenshot={}", shot.display());
    chromium(&browser, &profile, &page, &[&shot_arg, "--window-size=1280,1800", "--hide-scrollbars"]);
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(size > 20_000, "screenshot is {size} bytes");
    if let Some(dir) = std::env::var_os("SESSION_IMPACT_KEEP_SCREENSHOT") {
        let _ = std::fs::copy(&shot, Path::new(&dir).join("report.png"));
    }
}

/// Drives the page's own controls from a second script (the page's CSP is
/// removed for this copy only) and records the outcome in attributes.
const DRIVER: &str = r#"<script>
(function () {
  var buttons = document.querySelectorAll('#findings-table th button');
  function severities() {
    return Array.prototype.map.call(document.querySelectorAll('#findings-table tbody tr'), function (r) {
      return r.hidden ? '-' : r.getAttribute('data-severity');
    }).join(',');
  }
  buttons[0].click();
  document.body.setAttribute('data-ascending', severities());
  buttons[0].click();
  document.body.setAttribute('data-descending', severities());
  var select = document.getElementById('filter-severity');
  select.value = 'error';
  select.dispatchEvent(new Event('change'));
  document.body.setAttribute('data-errors', document.getElementById('filter-count').textContent);
  select.value = '';
  select.dispatchEvent(new Event('change'));
  var text = document.getElementById('filter-text');
  text.value = 'LokiProfile';
  text.dispatchEvent(new Event('input'));
  document.body.setAttribute('data-text', severities());
})();
</script>"#;

#[test]
fn html_report_sorts_and_filters_in_chromium() {
    let Some(browser) = find_chromium() else {
        eprintln!("NOTICE: skipping the browser test: no chromium found (apt-get install -y chromium)");
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let html = report::render(&sample(), Format::Html, &RenderOptions::default());
    let csp_start = html.find("<meta http-equiv=\"Content-Security-Policy\"").expect("the page has a CSP");
    let csp_end = csp_start + html[csp_start..].find('>').expect("the CSP meta ends") + 1;
    let driven = format!("{}{}", &html[..csp_start], &html[csp_end..]).replace("</body>", &format!("{DRIVER}</body>"));
    let page = tmp.path().join("driven.html");
    std::fs::write(&page, driven).expect("write page");
    let (dom, stderr) = chromium(&browser, &tmp.path().join("profile"), &page, &["--dump-dom"]);
    let problems = console_problems(&stderr);
    assert!(problems.is_empty(), "console errors:\n{}", problems.join("\n"));
    assert!(dom.contains("data-ascending=\"info,warning,error,error,error\""), "{dom}");
    assert!(dom.contains("data-descending=\"error,error,error,warning,info\""), "{dom}");
    assert!(dom.contains("data-errors=\"3 of 5 findings shown\""), "{dom}");
    assert!(dom.contains("data-text=\"-,-,-,-,info\""), "{dom}");
}
