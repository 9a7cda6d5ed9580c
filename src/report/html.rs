//! `--format html`: one self-contained HTML file: an overview, bar charts
//! (by severity, category and module) as inline SVG, the findings table with
//! snippets, and the replacement plan per rule.
//!
//! Every value from the scan (paths, snippets, messages, rule text) goes
//! through maud, which escapes it; only the constant stylesheet and script
//! below are inserted as they are. The page makes no network requests: a
//! Content-Security-Policy with `default-src 'none'` and hashes of the inline
//! stylesheet and script enforces it, and also keeps any injected script from
//! running. The table works without JavaScript; the script adds sorting and
//! filtering.

use std::collections::BTreeMap;

use maud::{html, Markup, PreEscaped, DOCTYPE};
use sha2::{Digest, Sha256};

use super::modules::Modules;
use super::plan::{self, GroupBy, RuleUse};
use super::{blast, Finding, ImpactedFile, RenderOptions, Report};
use crate::rules::{Severity, Target};

const STYLE: &str = include_str!("html.css");
const SCRIPT: &str = include_str!("html.js");

/// Bars per chart; the rest are summed into one "other" bar.
const MAX_BARS: usize = 12;
/// Chart labels are cut to this many characters (the full text is in a tooltip).
const MAX_LABEL_CHARS: usize = 22;

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A CSP source expression for an inline element with this exact content.
fn csp_hash(content: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(content.as_bytes())))
}

fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src {}; script-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(STYLE),
        csp_hash(SCRIPT)
    )
}

fn severity_rank(s: Severity) -> u8 {
    match s {
        Severity::Error => 3,
        Severity::Warning => 2,
        Severity::Info => 1,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn truncate(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let cut: String = label.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// One bar of a chart: label, value, CSS class of the bar.
struct Bar {
    label: String,
    value: usize,
    class: &'static str,
}

/// Keeps the `MAX_BARS - 1` biggest bars and sums the rest into "other".
fn cap_bars(mut bars: Vec<Bar>) -> Vec<Bar> {
    if bars.len() <= MAX_BARS {
        return bars;
    }
    let rest: usize = bars.drain(MAX_BARS - 1..).map(|b| b.value).sum();
    bars.push(Bar { label: "(other)".into(), value: rest, class: "" });
    bars
}

/// A horizontal bar chart as inline SVG.
fn bar_chart(id: &str, caption: &str, bars: &[Bar]) -> Markup {
    const WIDTH: usize = 400;
    const LABEL: usize = 150;
    const ROW: usize = 24;
    const BAR: usize = 16;
    let plot = WIDTH - LABEL - 40;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let height = bars.len().max(1) * ROW + 8;
    let title_id = format!("{id}-title");
    html! {
        figure {
            figcaption id=(title_id) { (caption) }
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {WIDTH} {height}")) role="img"
                aria-labelledby=(title_id) {
                @if bars.is_empty() {
                    text x="0" y="18" { "No findings." }
                }
                @for (i, bar) in bars.iter().enumerate() {
                    @let y = 4 + i * ROW;
                    // A non-zero value stays visible however small; zero draws nothing.
                    @let w = if bar.value == 0 { 0 } else { (bar.value * plot).div_ceil(max).max(2) };
                    g {
                        title { (bar.label) ": " (bar.value) }
                        text x=(LABEL - 8) y=(y + 13) text-anchor="end" { (truncate(&bar.label, MAX_LABEL_CHARS)) }
                        rect class=(format!("bar {}", bar.class)) x=(LABEL) y=(y) width=(w) height=(BAR) rx="3" {}
                        text x=(LABEL + w + 6) y=(y + 13) { (bar.value) }
                    }
                }
            }
        }
    }
}

fn severity_badge(s: Severity) -> Markup {
    html! { span class=(format!("sev {s}")) { (s.as_str()) } }
}

/// `<a>` for web URLs only; anything else is shown as text.
fn link(label: &str, url: &str) -> Markup {
    html! {
        @if plan::is_web_url(url) {
            a href=(url) rel="noopener noreferrer" { (label) }
        } @else {
            (label)
        }
    }
}

pub fn render(report: &Report, options: &RenderOptions) -> String {
    let modules = options.source_root.clone().map(Modules::from_disk).unwrap_or_default();
    let all: Vec<&Finding> = report.findings.iter().collect();
    let rules = plan::rule_uses(&all);
    let rule_anchor: BTreeMap<&str, String> =
        rules.iter().enumerate().map(|(i, r)| (r.rule_id, format!("rule-{}", i + 1))).collect();
    let module_groups = plan::group(&report.findings, GroupBy::Module, &modules);
    let total_points: u32 = module_groups.iter().map(|g| g.points()).sum();
    let s = &report.summary;
    let count = |sev: Severity| s.by_severity.get(sev.as_str()).copied().unwrap_or(0);

    let severity_bars: Vec<Bar> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .map(|sev| Bar { label: sev.as_str().into(), value: count(sev), class: sev.as_str() })
        .collect();
    let mut category_bars: Vec<Bar> =
        s.by_category.iter().map(|(c, n)| Bar { label: c.clone(), value: *n, class: "" }).collect();
    category_bars.sort_by(|a, b| b.value.cmp(&a.value).then(a.label.cmp(&b.label)));
    let mut module_bars: Vec<Bar> =
        module_groups.iter().map(|g| Bar { label: g.label.clone(), value: g.findings.len(), class: "" }).collect();
    module_bars.sort_by(|a, b| b.value.cmp(&a.value).then(a.label.cmp(&b.label)));
    let categories: Vec<&String> = s.by_category.keys().collect();

    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy" content=(content_security_policy());
                meta name="referrer" content="no-referrer";
                meta name="generator" content=(format!("{} {}", report.tool.name, report.tool.version));
                link rel="icon" href="data:,";
                title { "Session impact: " (report.root) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { "Session impact" }
                    div class="muted" {
                        code { (report.root) } " · " (plural(s.files_scanned, "file", "files")) " scanned · "
                        (report.tool.name) " " (report.tool.version)
                    }
                    nav {
                        a href="#overview" { "Overview" }
                        a href="#charts" { "Charts" }
                        @if report.impact.is_some() { a href="#blast-radius" { "Blast radius" } }
                        a href="#findings" { "Findings" }
                        a href="#plan" { "Replacement plan" }
                        @if !report.errors.is_empty() || !report.skipped.is_empty() {
                            a href="#not-scanned" { "Not scanned" }
                        }
                    }
                }
                main {
                    section id="overview" {
                        h2 { "Overview" }
                        div class="cards" {
                            div class="card" { span class="n" { (s.findings) } "findings in " (s.files_with_findings) " of " (plural(s.files_scanned, "file", "files")) }
                            div class="card error" { span class="n" { (count(Severity::Error)) } "break at the shutdown (error)" }
                            div class="card warning" { span class="n" { (count(Severity::Warning)) } "must migrate, work offline (warning)" }
                            div class="card" { span class="n" { (count(Severity::Info)) } "inventory only (info)" }
                            div class="card" { span class="n" { (total_points) " pts" } "effort estimate (≈ " (plan::size_of_points(total_points).as_str()) ")" }
                        }
                        @if report.findings.is_empty() {
                            p class="callout calm" { "No Session dependencies found." }
                        } @else if count(Severity::Error) > 0 {
                            p class="callout" {
                                strong { (plural(count(Severity::Error), "finding stops", "findings stop")) " working when the Session network shuts down." }
                                " " (plan::shutdown_impact(Severity::Error).1)
                            }
                        } @else {
                            p class="callout calm" { (plan::shutdown_impact(Severity::Warning).1) }
                        }
                        @if s.suppressed > 0 || s.baselined > 0 {
                            p class="muted" { "Not counted: " (s.suppressed) " suppressed by comments, " (s.baselined) " in the baseline." }
                        }
                        p class="muted" {
                            "Effort: each module is sized by the largest effort of its rules, one size bigger per "
                            (plan::FILES_PER_SIZE_STEP) " files beyond the first; S=1, M=3, L=8, XL=20 points, summed over modules."
                        }
                    }
                    section id="charts" {
                        h2 { "Charts" }
                        div class="charts" {
                            (bar_chart("chart-severity", "By severity", &severity_bars))
                            (bar_chart("chart-category", "By category", &cap_bars(category_bars)))
                            (bar_chart("chart-module", "By directory or package", &cap_bars(module_bars)))
                        }
                    }
                    @if let Some(impact) = &report.impact { (blast_radius(impact)) }
                    section id="findings" {
                        h2 { "Findings" }
                        div id="filters" class="filters" hidden {
                            input id="filter-text" type="search" placeholder="Filter: path, rule, code…" aria-label="Filter findings";
                            select id="filter-severity" aria-label="Severity" {
                                option value="" { "All severities" }
                                option value="error" { "error" }
                                option value="warning" { "warning" }
                                option value="info" { "info" }
                            }
                            select id="filter-category" aria-label="Category" {
                                option value="" { "All categories" }
                                @for c in &categories { option value=(c) { (c) } }
                            }
                            output id="filter-count" class="muted" {}
                        }
                        @if report.findings.is_empty() {
                            p { "No findings." }
                        } @else {
                            div class="table-wrap" {
                                table id="findings-table" {
                                    thead { tr {
                                        th data-type="number" { "Severity" }
                                        th { "Rule" }
                                        th { "Category" }
                                        th data-type="number" { "Effort" }
                                        th { "Location" }
                                        th { "Code" }
                                    } }
                                    tbody {
                                        @for f in &report.findings {
                                            tr data-severity=(f.severity.as_str()) data-category=(f.category) {
                                                td data-sort=(severity_rank(f.severity)) { (severity_badge(f.severity)) }
                                                td class="rule-id" {
                                                    @if let Some(anchor) = rule_anchor.get(f.rule_id.as_str()) {
                                                        a href=(format!("#{anchor}")) { code { (f.rule_id) } }
                                                    } @else { code { (f.rule_id) } }
                                                }
                                                td { (f.category) }
                                                td data-sort=(plan::points(f.effort)) { (f.effort.as_str()) }
                                                td class="loc" data-sort=(format!("{}\u{1}{:010}", f.path, f.line)) {
                                                    code { (f.path) ":" (f.line) }
                                                }
                                                td class="snippet" { pre { code { (f.snippet) } } }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    section id="plan" {
                        h2 { "Replacement plan" }
                        @if rules.is_empty() { p { "Nothing to replace." } }
                        div class="rules" {
                            @for r in &rules {
                                (rule_plan(r, rule_anchor.get(r.rule_id).map(String::as_str).unwrap_or(""), &options.targets))
                            }
                        }
                    }
                    @if !report.errors.is_empty() || !report.skipped.is_empty() {
                        section id="not-scanned" {
                            h2 { "Not scanned" }
                            ul {
                                @for e in &report.errors { li { code { (e.path) } ": " (e.message) } }
                                @for sk in &report.skipped { li { code { (sk.path) } ": skipped, " (sk.reason) } }
                            }
                        }
                    }
                }
                footer {
                    "Generated by " (report.tool.name) " " (report.tool.version)
                    ". This file is self-contained and makes no network requests."
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    let mut out = page.into_string();
    out.push('\n');
    out
}

/// `--blast-radius`: touch points by dependents, and every impacted file
/// with its import chain (folded).
fn blast_radius(impact: &[ImpactedFile]) -> Markup {
    let points = blast::touch_points(impact);
    html! {
        section id="blast-radius" {
            h2 { "Blast radius" }
            p {
                strong { (plural(impact.len(), "file", "files")) }
                " without findings import the files with findings, directly or through other files."
            }
            @if !points.is_empty() {
                div class="table-wrap" {
                    table id="touch-points" {
                        thead { tr { th { "Touch point" } th data-type="number" { "Dependents" } } }
                        tbody {
                            @for (path, n) in &points {
                                tr { td class="loc" { code { (path) } } td data-sort=(n) { (n) } }
                            }
                        }
                    }
                }
                details {
                    summary { "Impacted files and one import chain each" }
                    div class="table-wrap" {
                        table id="impacted-files" {
                            thead { tr { th data-type="number" { "Depth" } th { "File" } th { "Imports, through" } } }
                            tbody {
                                @for file in impact {
                                    tr {
                                        td data-sort=(file.depth) { (file.depth) }
                                        td class="loc" { code { (file.path) } }
                                        td class="loc" { code { (file.via.iter().skip(1).cloned().collect::<Vec<_>>().join(" → ")) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn rule_plan(r: &RuleUse<'_>, anchor: &str, targets: &[Target]) -> Markup {
    let shown: Vec<_> =
        r.replacements.iter().filter(|rep| targets.is_empty() || targets.contains(&rep.target)).collect();
    html! {
        article class="rule" id=(anchor) {
            h3 { code { (r.rule_id) } " " (severity_badge(r.severity)) }
            p class="muted" {
                (r.category) " · effort " (r.effort.as_str()) " · "
                (plural(r.places, "place", "places")) " in " (plural(r.files, "file", "files"))
            }
            p { (r.message) }
            @if shown.is_empty() {
                p class="muted" {
                    @if targets.is_empty() { "No replacement is listed for this rule." }
                    @else { "No replacement is listed for the chosen target." }
                }
            } @else {
                dl class="targets" {
                    @for rep in &shown {
                        dt { (plan::target_name(rep.target)) }
                        dd {
                            (rep.api)
                            @if !rep.note.is_empty() { br; span class="muted" { (rep.note) } }
                            @if !rep.docs.is_empty() { br; (link(&rep.docs, &rep.docs)) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::markdown::tests::sample_report;

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
    }

    #[test]
    fn scanned_text_is_escaped() {
        let html = render(&sample_report(), &RenderOptions::default());
        assert!(html.contains("web/src/&lt;script&gt;alert(1)&lt;/script&gt;.ts"));
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
        assert!(!html.contains("<b>bold</b>"));
        // One script element: ours.
        assert_eq!(html.matches("<script").count(), 1);
        // A javascript: URL from a rule is shown, never linked.
        assert!(!html.contains("href=\"javascript:"));
    }

    #[test]
    fn self_contained_and_locked_down() {
        let html = render(&sample_report(), &RenderOptions::default());
        assert!(html.contains("default-src 'none'"));
        assert!(html.contains(&csp_hash(STYLE)));
        assert!(html.contains(&csp_hash(SCRIPT)));
        for external in ["<link rel=\"stylesheet\"", "src=\"http", "@import", "url("] {
            assert!(!html.contains(external), "external resource: {external}");
        }
        // The only http(s) references are links to docs, and the SVG namespace.
        for (i, _) in html.match_indices("http://").chain(html.match_indices("https://")) {
            let before = &html[i.saturating_sub(7)..i];
            assert!(before.ends_with("href=\"") || before.ends_with("xmlns=\"") || before.ends_with('>'), "{before}");
        }
    }

    #[test]
    fn table_and_charts_are_in_the_page_without_script() {
        let report = sample_report();
        let html = render(&report, &RenderOptions::default());
        assert_eq!(html.matches("<tr data-severity=").count(), report.findings.len());
        assert_eq!(html.matches("<svg").count(), 3);
        assert!(html.contains("By directory or package"));
        assert!(html.contains("<div id=\"filters\" class=\"filters\" hidden>"));
    }

    #[test]
    fn target_selects_the_replacements_shown() {
        let report = sample_report();
        let all = render(&report, &RenderOptions::default());
        assert!(all.contains("libsignal: ProtocolAddress"));
        let matrix = render(&report, &RenderOptions { targets: vec![Target::Matrix], ..RenderOptions::default() });
        assert!(!matrix.contains("libsignal: ProtocolAddress"));
        assert!(matrix.contains("matrix-js-sdk: client.sendEvent()"));
        let tor = render(&report, &RenderOptions { targets: vec![Target::Tor], ..RenderOptions::default() });
        assert!(tor.contains("No replacement is listed for the chosen target."));
    }

    #[test]
    fn many_categories_fold_into_other() {
        let bars: Vec<Bar> = (0..20).map(|i| Bar { label: format!("c{i}"), value: 1, class: "" }).collect();
        let capped = cap_bars(bars);
        assert_eq!(capped.len(), MAX_BARS);
        assert_eq!(capped.last().map(|b| (b.label.as_str(), b.value)), Some(("(other)", 20 - (MAX_BARS - 1))));
    }
}
