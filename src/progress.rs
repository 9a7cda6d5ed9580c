//! The progress display of `scan`: a spinner on stderr with the number of
//! files scanned and findings so far, drawn by its own thread every 100 ms
//! from the scan's atomic counters, so the workers never wait on it. Only
//! when stderr is a terminal and `--quiet` is not given; nothing ever goes to
//! stdout.

use std::io::IsTerminal;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::report::Report;
use crate::rules::RuleSet;
use crate::scan::{self, Progress, ScanError, ScanOptions};

const TICK: Duration = Duration::from_millis(100);

/// Whether a progress display belongs on this stderr.
pub fn wanted(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

/// Scans like [`scan::scan`], showing progress on stderr when `show` is set.
pub fn scan(options: &ScanOptions, rules: &RuleSet, show: bool) -> Result<Report, ScanError> {
    if !show {
        return scan::scan(options, rules);
    }
    let progress = Progress::default();
    let (stop, stopped) = mpsc::channel::<()>();
    std::thread::scope(|s| {
        let counters = &progress;
        s.spawn(move || draw(counters, &stopped));
        let report = scan::scan_with_progress(options, rules, Some(&progress));
        // The drawing thread ends when the sender is gone.
        drop(stop);
        report
    })
}

fn draw(progress: &Progress, stopped: &mpsc::Receiver<()>) {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    loop {
        let files = progress.files.load(Ordering::Relaxed);
        let findings = progress.findings.load(Ordering::Relaxed);
        bar.set_message(format!("{files} files scanned, {findings} findings"));
        bar.tick();
        match stopped.recv_timeout(TICK) {
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            _ => break,
        }
    }
    bar.finish_and_clear();
}
