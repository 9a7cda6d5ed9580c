//! `--format markdown`: an impact summary for a pull request or a wiki page:
//! totals, findings by category × severity and by module, the effort
//! estimate, the top files and what to do first.
//!
//! Also the Markdown escaping used by the tickets. Everything that comes from
//! the scanned code or from rule files goes through [`text`] (prose) or
//! [`code`]/[`cell_code`] (code spans), so a path or snippet can neither
//! break a table, inject HTML, nor mention a GitHub user or team.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::modules::Modules;
use super::plan::{self, GroupBy};
use super::{blast, Finding, RenderOptions, Report};
use crate::rules::{Severity, Target};

/// Rows in the "top files" table and items in "what to do first".
const TOP: usize = 10;

/// Escapes prose for Markdown (paragraphs, list items, table cells):
/// Markdown punctuation is backslash-escaped, HTML is turned into entities,
/// line breaks become spaces, and `@` is followed by a word joiner so that
/// `@user` or `@org/team` never notifies anyone.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("@\u{2060}"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// An inline code span holding `s` literally (outside tables).
pub fn code(s: &str) -> String {
    code_span(s, false)
}

/// An inline code span for a table cell: GitHub-flavoured tables split on
/// `|` even inside code, so pipes are escaped (and rendered as `|`).
pub fn cell_code(s: &str) -> String {
    code_span(s, true)
}

fn code_span(s: &str, in_table: bool) -> String {
    let body: String = s
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect();
    let body = if in_table { body.replace('|', "\\|") } else { body };
    let longest_run = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    // A span that starts or ends with a backtick (or is all spaces) needs padding.
    let pad = if body.starts_with('`') || body.ends_with('`') || body.starts_with(' ') && body.ends_with(' ') {
        " "
    } else {
        ""
    };
    if body.is_empty() {
        return "` `".to_string();
    }
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// `[label](url)` when `url` is a web URL, else the escaped label alone.
/// `label` is escaped here.
pub fn link(label: &str, url: &str) -> String {
    if plan::is_web_url(url) {
        format!("[{}]({})", text(label), plan::tidy_url(url))
    } else {
        text(label)
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn render(report: &Report, options: &RenderOptions) -> String {
    let modules = options.source_root.clone().map(Modules::from_disk).unwrap_or_default();
    let mut out = String::new();
    let s = &report.summary;
    let count = |sev: Severity| s.by_severity.get(sev.as_str()).copied().unwrap_or(0);
    let (errors, warnings, infos) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    let module_groups = plan::group(&report.findings, GroupBy::Module, &modules);
    let total_points: u32 = module_groups.iter().map(|g| g.points()).sum();

    let _ = writeln!(out, "# Session impact\n");
    let _ = writeln!(
        out,
        "**{}** in **{} of {}** scanned ({} error, {} warning, {} info). Effort estimate: **{} points** (≈ {}).\n",
        plural(s.findings, "finding", "findings"),
        s.files_with_findings,
        plural(s.files_scanned, "file", "files"),
        errors,
        warnings,
        infos,
        total_points,
        plan::size_of_points(total_points).as_str(),
    );
    if report.findings.is_empty() {
        let _ = writeln!(out, "No Session dependencies found.\n");
    } else if errors > 0 {
        let _ = writeln!(
            out,
            "> **{} stop working when the Session network shuts down.** Start with them (see *What to do first*).\n",
            plural(errors, "finding", "findings")
        );
    } else {
        let _ = writeln!(
            out,
            "> Nothing here stops working at the shutdown, but {} must migrate before the Session libraries are removed.\n",
            plural(warnings, "finding", "findings")
        );
    }
    if s.suppressed > 0 || s.baselined > 0 {
        let _ =
            writeln!(out, "Not counted: {} suppressed by comments, {} in the baseline.\n", s.suppressed, s.baselined);
    }

    if !report.findings.is_empty() {
        by_category(report, &mut out);
        by_module(&module_groups, total_points, &mut out);
        effort(report, &mut out);
        top_files(report, &mut out);
        blast_radius(report, &mut out);
        first_steps(report, &options.targets, &mut out);
    }
    not_scanned(report, &mut out);
    let _ = writeln!(
        out,
        "---\n*{} {} · root {}*",
        text(&report.tool.name),
        text(&report.tool.version),
        code(&report.root)
    );
    out
}

fn by_category(report: &Report, out: &mut String) {
    let mut table: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for f in &report.findings {
        let row = table.entry(f.category.as_str()).or_default();
        row[severity_column(f.severity)] += 1;
    }
    let _ = writeln!(out, "## Findings by category and severity\n");
    let _ = writeln!(out, "| Category | error | warning | info | Total |\n|---|--:|--:|--:|--:|");
    let mut totals = [0usize; 3];
    let mut rows: Vec<(&str, [usize; 3])> = table.into_iter().collect();
    rows.sort_by(|a, b| (b.1[0], b.1[1], b.1[2]).cmp(&(a.1[0], a.1[1], a.1[2])).then(a.0.cmp(b.0)));
    for (category, n) in rows {
        let _ =
            writeln!(out, "| {} | {} | {} | {} | {} |", cell_code(category), n[0], n[1], n[2], n.iter().sum::<usize>());
        for i in 0..3 {
            totals[i] += n[i];
        }
    }
    let _ = writeln!(
        out,
        "| **Total** | **{}** | **{}** | **{}** | **{}** |\n",
        totals[0],
        totals[1],
        totals[2],
        totals.iter().sum::<usize>()
    );
}

fn severity_column(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

fn by_module(groups: &[plan::Group<'_>], total_points: u32, out: &mut String) {
    let _ = writeln!(out, "## By module\n");
    let _ = writeln!(out, "| Module | Findings | Files | Highest severity | Effort |\n|---|--:|--:|---|---|");
    for g in groups {
        let module = match &g.module {
            Some(m) if m.name != m.dir && !m.dir.is_empty() => {
                format!("{} ({})", cell_code(&m.name), cell_code(&m.dir))
            }
            _ => cell_code(&g.label),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} ({}) |",
            module,
            g.findings.len(),
            g.files().len(),
            g.severity(),
            g.effort().as_str(),
            plural(g.points() as usize, "pt", "pts")
        );
    }
    let _ = writeln!(out, "| **Total** | | | | **{total_points} pts** |\n");
}

fn effort(report: &Report, out: &mut String) {
    let all: Vec<&Finding> = report.findings.iter().collect();
    let _ = writeln!(out, "## Effort estimate\n");
    let _ = writeln!(
        out,
        "Each module is one piece of work, sized by the largest effort of its rules and one size bigger for every {} \
         files beyond the first; sizes are points (S=1, M=3, L=8, XL=20) and the total is their sum. Per rule:\n",
        plan::FILES_PER_SIZE_STEP
    );
    let _ = writeln!(out, "| Rule | Severity | Rule effort | Places | Files |\n|---|---|---|--:|--:|");
    for r in plan::rule_uses(&all) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell_code(r.rule_id),
            r.severity,
            r.effort.as_str(),
            r.places,
            r.files
        );
    }
    out.push('\n');
}

fn top_files(report: &Report, out: &mut String) {
    // Files in the order of their urgency: severity, effort, number of findings.
    let files = plan::group(&report.findings, GroupBy::File, &Modules::default());
    let _ = writeln!(out, "## Top files\n");
    let _ = writeln!(out, "| File | Findings | Highest severity | Rules |\n|---|--:|---|---|");
    for file in files.iter().take(TOP) {
        let rules: Vec<String> = file.rules().iter().map(|r| cell_code(r.rule_id)).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell_code(&file.label),
            file.findings.len(),
            file.severity(),
            rules.join(", ")
        );
    }
    if files.len() > TOP {
        let _ = writeln!(out, "\n…and {} more.", plural(files.len() - TOP, "file", "files"));
    }
    out.push('\n');
}

/// `--blast-radius`: the files without findings that import the ones with
/// findings, counted per touch point.
fn blast_radius(report: &Report, out: &mut String) {
    let Some(impact) = &report.impact else { return };
    let _ = writeln!(
        out,
        "## Blast radius
"
    );
    if impact.is_empty() {
        let _ = writeln!(out, "No other file imports the files with findings.\n");
        return;
    }
    let mut depths: BTreeMap<usize, usize> = BTreeMap::new();
    for file in impact {
        *depths.entry(file.depth).or_default() += 1;
    }
    let by_depth: Vec<String> = depths.iter().map(|(d, n)| format!("{n} at depth {d}")).collect();
    let _ = writeln!(
        out,
        "**{}** without findings import the files above, directly or through other files ({}). They change when those files change.\n",
        plural(impact.len(), "file", "files"),
        by_depth.join(", ")
    );
    let _ = writeln!(out, "| Touch point | Dependents | For example |\n|---|--:|---|");
    let points = blast::touch_points(impact);
    for (path, n) in points.iter().take(TOP) {
        let nearest: Vec<String> = blast::dependents(impact, path).iter().take(3).map(|d| cell_code(&d.path)).collect();
        let _ = writeln!(out, "| {} | {} | {} |", cell_code(path), n, nearest.join(", "));
    }
    if points.len() > TOP {
        let _ = writeln!(out, "\n…and {} more.", plural(points.len() - TOP, "touch point", "touch points"));
    }
    out.push('\n');
}

fn first_steps(report: &Report, targets: &[Target], out: &mut String) {
    let all: Vec<&Finding> = report.findings.iter().collect();
    let rules = plan::rule_uses(&all);
    let _ = writeln!(out, "## What to do first\n");
    let _ = writeln!(out, "Errors first, then the biggest effort: start early on what takes longest.\n");
    for (i, r) in rules.iter().take(TOP).enumerate() {
        let _ = writeln!(
            out,
            "{}. **{}** ({}, effort {}): {} in {}. {}",
            i + 1,
            code(r.rule_id),
            r.severity,
            r.effort.as_str(),
            plural(r.places, "place", "places"),
            plural(r.files, "file", "files"),
            text(r.message)
        );
        let shown: Vec<_> =
            r.replacements.iter().filter(|rep| targets.is_empty() || targets.contains(&rep.target)).collect();
        for rep in shown {
            let mut line = format!("   - {}: {}", rep.target.as_str(), text(&rep.api));
            if !rep.note.is_empty() {
                let _ = write!(line, " — {}", text(&rep.note));
            }
            if plan::is_web_url(&rep.docs) {
                let _ = write!(line, " ({})", link("docs", &rep.docs));
            }
            let _ = writeln!(out, "{line}");
        }
    }
    if rules.len() > TOP {
        let _ = writeln!(out, "\n…and {} more.", plural(rules.len() - TOP, "rule", "rules"));
    }
    out.push('\n');
}

fn not_scanned(report: &Report, out: &mut String) {
    if report.errors.is_empty() && report.skipped.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Not scanned\n");
    for e in &report.errors {
        let _ = writeln!(out, "- {}: {}", code(&e.path), text(&e.message));
    }
    for s in &report.skipped {
        let _ = writeln!(out, "- {}: skipped, {}", code(&s.path), text(&s.reason));
    }
    out.push('\n');
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::report::plan::tests::finding;
    use crate::report::{FileError, Skipped, Summary, Tool};
    use crate::rules::{Effort, Replacement};

    /// A report with findings in two modules, several rules and severities,
    /// and hostile text in paths, snippets and messages.
    pub(crate) fn sample_report() -> Report {
        let mut findings = vec![
            finding("sdk/session-js-import", Severity::Error, Effort::L, "bot/src/index.ts", 3),
            finding("sdk/session-js-messaging", Severity::Error, Effort::L, "bot/src/index.ts", 12),
            finding("sdk/session-js-import", Severity::Error, Effort::L, "bot/src/poller.ts", 1),
            finding("identity/session-id-literal", Severity::Warning, Effort::M, "web/src/contacts.ts", 40),
            finding("dependency/npm-session-js", Severity::Error, Effort::S, "package.json", 7),
            finding("sdk/session-js-import", Severity::Error, Effort::L, "web/src/<script>alert(1)</script>.ts", 2),
            finding("protocol/loki-profile", Severity::Info, Effort::S, "web/src/a|b `c`.ts", 5),
        ];
        findings[1].snippet = "session.sendMessage({ to: '@everyone', body: `a|b` })".into();
        findings[3].message =
            "Hard-codes a Session ID (05…) | <b>bold</b> *not* _em_ [link](javascript:x) @team".into();
        let mut replacements = findings[3].replacements.to_vec();
        replacements.push(Replacement {
            target: Target::Signal,
            api: "libsignal: ProtocolAddress".into(),
            note: String::new(),
            docs: "javascript:alert(1)".into(),
        });
        findings[3].replacements = replacements.into();
        findings[4].language = "manifest".into();
        findings[5].snippet = "import x from '@session.js/client' // </td><script>alert(2)</script>".into();
        let mut report = Report {
            schema_version: 1,
            tool: Tool { name: "session-impact".into(), version: "0.1.0".into() },
            root: "acme-app".into(),
            summary: Summary { files_scanned: 42, suppressed: 1, ..Summary::default() },
            findings,
            errors: vec![FileError { path: "bot/broken.ts".into(), message: "could not read file".into() }],
            skipped: vec![Skipped { path: "web/bundle.min.js".into(), reason: "binary file".into() }],
            impact: None,
            unresolved: None,
        };
        report.finish();
        report
    }

    #[test]
    fn text_escapes_markdown_html_and_mentions() {
        assert_eq!(text("a|b"), "a\\|b");
        assert_eq!(text("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
        assert_eq!(text("line1\nline2\r"), "line1 line2 ");
        assert_eq!(text("`code` *b* _i_ [l](u) #h ~s~ \\"), "\\`code\\` \\*b\\* \\_i\\_ \\[l\\](u) \\#h \\~s\\~ \\\\");
        assert_eq!(text("ping @octocat"), "ping @\u{2060}octocat");
        assert_eq!(text("a\u{1b}[31m"), "a\u{FFFD}\\[31m");
    }

    #[test]
    fn code_spans_hold_backticks_and_pipes() {
        assert_eq!(code("plain"), "`plain`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(code("a\nb"), "`a b`");
        assert_eq!(code(""), "` `");
        assert_eq!(cell_code("a|b"), "`a\\|b`");
        assert_eq!(code("a|b"), "`a|b`");
    }

    #[test]
    fn links_only_for_web_urls() {
        assert_eq!(link("docs", "https://x.org/a b"), "[docs](https://x.org/a%20b)");
        assert_eq!(link("docs", "javascript:alert(1)"), "docs");
    }

    #[test]
    fn summary_snapshot() {
        let report = sample_report();
        let md = render(&report, &RenderOptions::default());
        insta::assert_snapshot!(md);
    }

    #[test]
    fn target_selects_the_replacements_shown() {
        let report = sample_report();
        let all = render(&report, &RenderOptions::default());
        assert!(all.contains("signal: libsignal"));
        let matrix = render(&report, &RenderOptions { targets: vec![Target::Matrix], ..RenderOptions::default() });
        assert!(matrix.contains("matrix: matrix-js-sdk"));
        assert!(!matrix.contains("signal: libsignal"));
    }

    /// Every row of every table has as many cells as its header.
    pub(crate) fn assert_tables_are_rectangular(md: &str) {
        let mut header: Option<usize> = None;
        for line in md.lines() {
            if !line.starts_with('|') {
                header = None;
                continue;
            }
            // Unescaped pipes delimit cells.
            let pipes = line.replace("\\|", "").matches('|').count();
            match header {
                None => header = Some(pipes),
                Some(h) => assert_eq!(pipes, h, "row does not match its header: {line}"),
            }
        }
    }

    /// `md` without its code spans (CommonMark: a run of n backticks up to
    /// the next run of exactly n), which renderers show literally.
    pub(crate) fn outside_code_spans(md: &str) -> String {
        let mut out = String::new();
        let mut rest = md;
        while let Some(start) = rest.find('`') {
            out.push_str(&rest[..start]);
            let run = rest[start..].chars().take_while(|&c| c == '`').count();
            let after = &rest[start + run..];
            let mut search = 0;
            let mut close = None;
            while let Some(i) = after[search..].find('`') {
                let at = search + i;
                let n = after[at..].chars().take_while(|&c| c == '`').count();
                if n == run {
                    close = Some(at);
                    break;
                }
                search = at + n;
            }
            match close {
                Some(at) => rest = &after[at + run..],
                None => {
                    out.push_str(&rest[start..start + run]);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// No HTML from the scan outside code spans, no script links.
    pub(crate) fn assert_no_markup_injection(md: &str) {
        // An escaped `\]` does not close a link.
        let prose = outside_code_spans(md).replace("\\]", "");
        for bad in ["<script", "<b>", "</td>", "](javascript:"] {
            assert!(!prose.contains(bad), "{bad} reached the Markdown outside code spans");
        }
    }

    #[test]
    fn code_spans_are_found_like_commonmark_does() {
        assert_eq!(outside_code_spans("a `x` b ``y`z`` c"), "a  b  c");
        assert_eq!(outside_code_spans("open ` only"), "open ` only");
    }

    #[test]
    fn hostile_text_neither_breaks_tables_nor_injects_html() {
        let md = render(&sample_report(), &RenderOptions::default());
        assert_tables_are_rectangular(&md);
        assert_no_markup_injection(&md);
        assert!(md.contains("`web/src/<script>alert(1)</script>.ts`"));
    }

    #[test]
    fn empty_report_says_so() {
        let mut report = sample_report();
        report.findings.clear();
        report.errors.clear();
        report.skipped.clear();
        report.finish();
        let md = render(&report, &RenderOptions::default());
        assert!(md.contains("No Session dependencies found."));
        assert!(!md.contains("## By module"));
    }
}
