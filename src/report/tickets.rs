//! `session-impact tickets`: one migration ticket per rule, file or module,
//! as one Markdown document, a JSON array for GitHub issues, or a CSV file
//! for Jira's importer.
//!
//! A ticket says what breaks at the shutdown and when (worded by severity),
//! where (path:line, linked with `--repo-url`), how big the work is (see
//! [`plan`] for the sizing rule), what replaces it on the chosen target, and
//! a checklist. The body is built once as [`Block`]s and written either as
//! Markdown (markdown, github) or as Jira wiki markup (jira-csv).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

use serde::Serialize;

use super::markdown;
use super::modules::Modules;
pub use super::plan::GroupBy;
use super::plan::{self, Group, RuleUse};
use super::{blast, ImpactedFile, Report};
use crate::rules::{Effort, Severity, Target};

/// Locations listed per ticket; the rest are counted.
const MAX_LOCATIONS: usize = 50;
/// Files listed one by one in the checklist; more become one item.
const MAX_CHECKLIST_FILES: usize = 15;
/// Snippets are cut to this many characters in tickets.
const MAX_SNIPPET_CHARS: usize = 120;
/// GitHub rejects issue bodies over 65,536 characters; keep a margin.
const MAX_GITHUB_BODY_CHARS: usize = 60_000;
/// Jira rejects descriptions over 32,767 characters; keep a margin.
const MAX_JIRA_DESCRIPTION_CHARS: usize = 30_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TicketFormat {
    /// One Markdown document with a table of contents.
    Markdown,
    /// A JSON array of {title, body, labels} for `gh issue create` or the REST API.
    Github,
    /// CSV for Jira's importer: Summary, Description, Issue Type, Priority, Labels.
    JiraCsv,
}

pub struct TicketOptions {
    pub group_by: GroupBy,
    pub target: Target,
    /// Base URL of the repository, for links to locations.
    pub repo_url: Option<String>,
    /// Rule id → rule title, for the "what breaks" lines (the id is used without).
    pub rule_titles: HashMap<String, String>,
    pub modules: Modules,
}

impl TicketOptions {
    pub fn new(group_by: GroupBy, target: Target) -> TicketOptions {
        TicketOptions { group_by, target, repo_url: None, rule_titles: HashMap::new(), modules: Modules::default() }
    }
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("could not write the tickets: {0}")]
#[diagnostic(code(session_impact::tickets))]
pub struct TicketError(String);

/// One ticket, ready to render.
#[derive(Debug, Clone)]
pub struct Ticket {
    pub title: String,
    pub severity: Severity,
    /// The size of the work (with `--blast-radius`, dependents included).
    pub effort: Effort,
    pub labels: Vec<String>,
    pub body: Vec<Block>,
}

/// A piece of running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Strong(String),
    Code(String),
    Link { label: String, url: String },
}

/// A block of a ticket body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    Paragraph(Vec<Inline>),
    Bullets(Vec<Vec<Inline>>),
    Checklist(Vec<Vec<Inline>>),
}

fn t(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [a, b, ..] => format!("{a}, {b} and others"),
    }
}

/// Builds the tickets for `report`, the most urgent first.
pub fn tickets(report: &Report, options: &TicketOptions) -> Vec<Ticket> {
    let impact = report.impact.as_deref();
    plan::group(&report.findings, options.group_by, &options.modules)
        .iter()
        .map(|g| ticket(g, impact, options))
        .collect()
}

fn ticket(group: &Group<'_>, impact: Option<&[ImpactedFile]>, options: &TicketOptions) -> Ticket {
    let target = options.target;
    let rules = group.rules();
    let files = group.files();
    let severity = group.severity();
    // With the blast radius, the files that import these change with them
    // and size the work like files with findings.
    let dependents = impact.map(|i| dependent_files(i, &files)).unwrap_or_default();
    let sized_files = files.len() + dependents.len();
    let largest = group.largest_rule_effort();
    let effort = plan::group_effort(largest, sized_files);
    let categories = group.categories_by_urgency();
    let subject = plan::subject_of(&categories);
    let products = plan::products(&rules, target);

    let modules: BTreeSet<String> = files.iter().map(|f| options.modules.of(f).label()).collect();
    let scope = match options.group_by {
        GroupBy::Module if group.module.as_ref().is_some_and(|m| m.dir.is_empty()) => "the project root".to_string(),
        GroupBy::File | GroupBy::Module => group.label.clone(),
        GroupBy::Rule => match (files.as_slice(), modules.len()) {
            ([one], _) => one.to_string(),
            (_, 1) => modules.iter().next().cloned().unwrap_or_default(),
            (_, n) => format!("{n} modules"),
        },
    };
    let rule_suffix = match options.group_by {
        GroupBy::Rule => format!(" ({})", group.label),
        _ => String::new(),
    };
    let title = match (severity, products.is_empty()) {
        (Severity::Info, _) => format!("Clean up {subject} in {scope}{rule_suffix}"),
        (_, false) => format!("Replace {subject} in {scope} with {}{rule_suffix}", and_list(&products)),
        (_, true) => format!(
            "Migrate {subject} in {scope} off Session (no {} replacement listed){rule_suffix}",
            plan::target_name(target)
        ),
    };

    let mut labels = vec![
        "session-migration".to_string(),
        format!("severity:{severity}"),
        format!("effort:{}", effort.as_str()),
        format!("target:{}", target.as_str()),
    ];
    labels.extend(categories.iter().take(3).map(|c| format!("area:{c}")));

    let mut body = Vec::new();
    let (headline, explanation) = plan::shutdown_impact(severity);
    body.push(Block::Paragraph(vec![Inline::Strong(format!("{headline}.")), t(format!(" {explanation}"))]));
    body.push(Block::Paragraph(vec![t(format!(
        "Severity: {severity} · Effort: {} ({}) · {} in {} · Target: {}",
        effort.as_str(),
        plural(plan::points(effort) as usize, "point", "points"),
        plural(group.findings.len(), "place", "places"),
        plural(files.len(), "file", "files"),
        plan::target_name(target)
    ))]));

    body.push(Block::Heading("What breaks".into()));
    body.push(Block::Bullets(rules.iter().map(|r| what_breaks(r, options)).collect()));

    body.push(Block::Heading("Affected locations".into()));
    let mut locations: Vec<Vec<Inline>> = group
        .findings
        .iter()
        .take(MAX_LOCATIONS)
        .map(|f| {
            let place = format!("{}:{}", f.path, f.line);
            let mut item = match options.repo_url.as_deref().and_then(|u| plan::source_url(u, &f.path, f.line)) {
                Some(url) => vec![Inline::Link { label: place, url }],
                None => vec![Inline::Code(place)],
            };
            let snippet: String = f.snippet.trim().chars().take(MAX_SNIPPET_CHARS).collect();
            if !snippet.is_empty() {
                item.push(t(" "));
                item.push(Inline::Code(snippet));
            }
            if options.group_by != GroupBy::Rule && rules.len() > 1 {
                item.push(t(format!(" ({})", f.rule_id)));
            }
            item
        })
        .collect();
    if group.findings.len() > MAX_LOCATIONS {
        locations.push(vec![t(format!(
            "…and {} more (run session-impact scan for the full list)",
            group.findings.len() - MAX_LOCATIONS
        ))]);
    }
    body.push(Block::Bullets(locations));

    dependents_section(&dependents, &files, &mut body);

    body.push(Block::Heading("Effort".into()));
    let steps = sized_files.saturating_sub(1) / plan::FILES_PER_SIZE_STEP;
    let counted = match dependents.len() {
        0 if files.len() == 1 => "one file".to_string(),
        0 => plural(files.len(), "file", "files"),
        d => format!("{} and {}", plural(files.len(), "file", "files"), plural(d, "dependent file", "dependent files")),
    };
    let verb = if sized_files == 1 { "does" } else { "do" };
    let spread = match steps {
        0 => format!("{counted} {verb} not make it bigger"),
        s => format!("{counted} make it {} bigger", plural(s, "size", "sizes")),
    };
    body.push(Block::Paragraph(vec![t(format!(
        "{} ({}): the largest rule effort here is {}; {} (one size per {} files beyond the first). \
         Points: S=1, M=3, L=8, XL=20.",
        effort.as_str(),
        plural(plan::points(effort) as usize, "point", "points"),
        largest.as_str(),
        spread,
        plan::FILES_PER_SIZE_STEP
    ))]));

    body.push(Block::Heading(format!("Replacement plan: {}", plan::target_name(target))));
    body.push(Block::Bullets(rules.iter().map(|r| replacement_plan(r, target)).collect()));

    body.push(Block::Heading("Checklist".into()));
    body.push(Block::Checklist(checklist(group, &rules, &files, &scope, options)));

    Ticket { title, severity, effort, labels, body }
}

/// `--blast-radius`: the files without findings that import these files,
/// directly or through others (they change with them), nearest first.
fn dependent_files<'r>(impact: &'r [ImpactedFile], files: &[&str]) -> Vec<&'r ImpactedFile> {
    let mut list: Vec<&ImpactedFile> = Vec::new();
    let mut seen = BTreeSet::new();
    for file in files {
        for d in blast::dependents(impact, file) {
            if seen.insert(d.path.as_str()) {
                list.push(d);
            }
        }
    }
    list.sort_by(|a, b| (a.depth, &a.path).cmp(&(b.depth, &b.path)));
    list
}

/// The "Also affected" section listing [`dependent_files`].
fn dependents_section(list: &[&ImpactedFile], files: &[&str], body: &mut Vec<Block>) {
    if list.is_empty() {
        return;
    }
    body.push(Block::Heading("Also affected (blast radius)".into()));
    body.push(Block::Paragraph(vec![t(format!(
        "{} without findings import these files, directly or through other files, and change with them:",
        plural(list.len(), "file", "files")
    ))]));
    let mut items: Vec<Vec<Inline>> = list
        .iter()
        .take(MAX_LOCATIONS)
        .map(|d| {
            let mut item = vec![Inline::Code(d.path.clone())];
            let ends_here = d.via.last().is_some_and(|last| files.contains(&last.as_str()));
            if d.via.len() > 2 && ends_here {
                item.push(t(format!(" (through {})", d.via[1..d.via.len() - 1].join(" → "))));
            }
            item
        })
        .collect();
    if list.len() > MAX_LOCATIONS {
        items.push(vec![t(format!(
            "…and {} more (scan --blast-radius --format json lists them)",
            list.len() - MAX_LOCATIONS
        ))]);
    }
    body.push(Block::Bullets(items));
}

/// When code of this severity stops working, in a few words.
fn when(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "breaks at the shutdown",
        Severity::Warning => "keeps working offline, must migrate",
        Severity::Info => "inventory, nothing breaks",
    }
}

/// `**Title** (`id`, ...)` or `` `id` (...) `` when the rule's title is unknown.
fn rule_name(r: &RuleUse<'_>, options: &TicketOptions, details: String) -> Vec<Inline> {
    match options.rule_titles.get(r.rule_id) {
        Some(title) => vec![
            Inline::Strong(title.clone()),
            t(" ("),
            Inline::Code(r.rule_id.to_string()),
            t(if details.is_empty() { ")".to_string() } else { format!(", {details})") }),
        ],
        None => vec![
            Inline::Code(r.rule_id.to_string()),
            t(if details.is_empty() { String::new() } else { format!(" ({details})") }),
        ],
    }
}

fn what_breaks(r: &RuleUse<'_>, options: &TicketOptions) -> Vec<Inline> {
    let details = format!("{}, effort {}, {}", r.severity, r.effort.as_str(), plural(r.places, "place", "places"));
    let mut item = rule_name(r, options, details);
    item.push(t(format!(": {}. {}", when(r.severity), r.message)));
    item
}

fn replacement_plan(r: &RuleUse<'_>, target: Target) -> Vec<Inline> {
    let mut item = vec![Inline::Code(r.rule_id.to_string()), t(": ")];
    let chosen: Vec<_> = r.replacements_for(target).collect();
    if chosen.is_empty() {
        item.push(t(format!("no {} replacement is listed for this rule.", plan::target_name(target))));
        let others: Vec<String> = r
            .replacements
            .iter()
            .map(|rep| format!("{}: {}", rep.target.as_str(), plan::product_name(&rep.api)))
            .collect();
        if !others.is_empty() {
            item.push(t(format!(" Other targets: {}.", others.join("; "))));
        }
        return item;
    }
    for (i, rep) in chosen.iter().enumerate() {
        if i > 0 {
            item.push(t(" Or: "));
        }
        item.push(t(rep.api.clone()));
        if !rep.note.is_empty() {
            item.push(t(format!(". {}", rep.note.trim_end_matches('.'))));
        }
        item.push(t("."));
        if plan::is_web_url(&rep.docs) {
            item.push(t(" Docs: "));
            item.push(Inline::Link { label: rep.docs.clone(), url: rep.docs.clone() });
        }
    }
    item
}

fn checklist(
    group: &Group<'_>,
    rules: &[RuleUse<'_>],
    files: &[&str],
    scope: &str,
    options: &TicketOptions,
) -> Vec<Vec<Inline>> {
    let target = options.target;
    let mut items = Vec::new();
    for r in rules {
        let products = plan::products(std::slice::from_ref(r), target);
        let places = plural(r.places, "place", "places");
        let action = match (r.severity, products.is_empty()) {
            (Severity::Info, _) => format!(": clean up {places}"),
            (_, false) => format!(": switch {places} to {}", and_list(&products)),
            (_, true) => format!(": choose a replacement for {places} (none listed for {})", plan::target_name(target)),
        };
        let mut item = rule_name(r, options, String::new());
        item.push(t(action));
        items.push(item);
    }
    if files.len() <= MAX_CHECKLIST_FILES {
        for file in files {
            let lines: BTreeSet<usize> = group.findings.iter().filter(|f| f.path == *file).map(|f| f.line).collect();
            let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
            items.push(vec![
                t("Migrate "),
                Inline::Code(file.to_string()),
                t(format!(" (line{} {})", if lines.len() == 1 { "" } else { "s" }, lines.join(", "))),
            ]);
        }
    } else {
        items.push(vec![t(format!("Migrate the {} files listed above", files.len()))]);
    }
    let manifests: BTreeSet<&str> =
        group.findings.iter().filter(|f| f.language == "manifest").map(|f| f.path.as_str()).collect();
    for m in manifests {
        items.push(vec![t("Remove the Session packages from "), Inline::Code(m.to_string())]);
    }
    let rescan = match (&group.module, options.group_by) {
        (_, GroupBy::Rule) => ".".to_string(),
        (Some(m), _) if m.dir.is_empty() => ".".to_string(),
        (Some(m), _) => m.dir.clone(),
        (None, _) => scope.to_string(),
    };
    let mut rescan_item = vec![Inline::Code(format!("session-impact scan {rescan}"))];
    match rules {
        [one] => rescan_item.extend([t(" reports no "), Inline::Code(one.rule_id.to_string()), t(" finding")]),
        _ => rescan_item.push(t(" reports none of the rules above")),
    }
    items.push(rescan_item);
    items.push(vec![t(format!("Tests pass against the {} stack", plan::target_name(target)))]);
    if group.severity() == Severity::Error {
        items.push(vec![t("Released before the Session network shuts down")]);
    }
    items
}

/// Renders the tickets for `report` in `format`.
pub fn render(report: &Report, format: TicketFormat, options: &TicketOptions) -> Result<String, TicketError> {
    let list = tickets(report, options);
    match format {
        TicketFormat::Markdown => Ok(render_markdown_document(report, &list, options)),
        TicketFormat::Github => render_github(&list),
        TicketFormat::JiraCsv => render_jira_csv(&list),
    }
}

// ---- Markdown ------------------------------------------------------------

fn inline_markdown(items: &[Inline]) -> String {
    let mut out = String::new();
    for i in items {
        match i {
            Inline::Text(s) => out.push_str(&markdown::text(s)),
            Inline::Strong(s) => {
                let _ = write!(out, "**{}**", markdown::text(s));
            }
            Inline::Code(s) => out.push_str(&markdown::code(s)),
            Inline::Link { label, url } if label == url && plan::is_web_url(url) => {
                let _ = write!(out, "<{}>", plan::tidy_url(url));
            }
            Inline::Link { label, url } => out.push_str(&markdown::link(label, url)),
        }
    }
    out
}

/// The body as Markdown, with section headings at `level`.
pub fn body_markdown(body: &[Block], level: usize) -> String {
    let mut out = String::new();
    let hashes = "#".repeat(level);
    for block in body {
        match block {
            Block::Heading(h) => {
                let _ = writeln!(out, "{hashes} {}\n", markdown::text(h));
            }
            Block::Paragraph(p) => {
                let _ = writeln!(out, "{}\n", inline_markdown(p));
            }
            Block::Bullets(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", inline_markdown(item));
                }
                out.push('\n');
            }
            Block::Checklist(items) => {
                for item in items {
                    let _ = writeln!(out, "- [ ] {}", inline_markdown(item));
                }
                out.push('\n');
            }
        }
    }
    out
}

fn render_markdown_document(report: &Report, list: &[Ticket], options: &TicketOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Session migration tickets\n");
    if list.is_empty() {
        let _ = writeln!(out, "No Session dependencies found in {}: nothing to migrate.", markdown::code(&report.root));
        return out;
    }
    let points: u32 = list.iter().map(|t| plan::points(t.effort)).sum();
    let by = match options.group_by {
        GroupBy::Rule => "rule",
        GroupBy::File => "file",
        GroupBy::Module => "module",
    };
    let _ = writeln!(
        out,
        "{} for a migration to {}, one per {by}, most urgent first. Total effort: **{points} points** (≈ {}). \
         From a scan of {} by {} {}.\n",
        plural(list.len(), "ticket", "tickets"),
        plan::target_name(options.target),
        plan::size_of_points(points).as_str(),
        markdown::code(&report.root),
        markdown::text(&report.tool.name),
        markdown::text(&report.tool.version),
    );
    let _ = writeln!(out, "## Contents\n");
    for (i, ticket) in list.iter().enumerate() {
        let effort = ticket.labels.iter().find_map(|l| l.strip_prefix("effort:")).unwrap_or("");
        let _ = writeln!(
            out,
            "{}. [{}](#ticket-{}) ({}, {})",
            i + 1,
            markdown::text(&ticket.title),
            i + 1,
            ticket.severity,
            effort
        );
    }
    out.push('\n');
    for (i, ticket) in list.iter().enumerate() {
        let _ = writeln!(out, "<a id=\"ticket-{}\"></a>\n", i + 1);
        let _ = writeln!(out, "## {}. {}\n", i + 1, markdown::text(&ticket.title));
        let labels: Vec<String> = ticket.labels.iter().map(|l| markdown::code(l)).collect();
        let _ = writeln!(out, "Labels: {}\n", labels.join(" "));
        out.push_str(&body_markdown(&ticket.body, 3));
    }
    out
}

/// `text` cut at a line end so that it stays under `max` characters, with a
/// note saying so (trackers reject longer bodies).
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    const NOTE: &str = "\n\n(Cut to fit the tracker's size limit: run session-impact scan for everything.)";
    let budget = max.saturating_sub(NOTE.chars().count());
    let cut = text.char_indices().nth(budget).map(|(i, _)| i).unwrap_or(text.len());
    let end = text[..cut].rfind('\n').unwrap_or(cut);
    format!("{}{NOTE}", text[..end].trim_end())
}

// ---- GitHub --------------------------------------------------------------

#[derive(Serialize)]
struct GithubIssue<'a> {
    title: &'a str,
    body: String,
    labels: &'a [String],
}

fn render_github(list: &[Ticket]) -> Result<String, TicketError> {
    let issues: Vec<GithubIssue<'_>> = list
        .iter()
        .map(|ticket| GithubIssue {
            title: &ticket.title,
            body: fit(body_markdown(&ticket.body, 2).trim_end(), MAX_GITHUB_BODY_CHARS) + "\n",
            labels: &ticket.labels,
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).map_err(|e| TicketError(e.to_string()))?;
    out.push('\n');
    Ok(out)
}

// ---- Jira ----------------------------------------------------------------

/// Escapes text for Jira wiki markup: brackets, braces, pipes, `!` and `#`
/// are always backslash-escaped; the text-effect characters (`*bold*`,
/// `_em_`, `-strike-`, `+ins+`, `^sup^`, `~sub~`, `??cite??`) only where they
/// could open or close an effect, i.e. not between two letters or digits
/// (so `matrix-js-sdk` stays readable). Line breaks become spaces.
pub fn jira_text(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let inside_word = || {
            let alnum = |j: Option<&char>| j.is_some_and(|c| c.is_alphanumeric());
            i > 0 && alnum(chars.get(i - 1)) && alnum(chars.get(i + 1))
        };
        match c {
            '\\' | '{' | '}' | '[' | ']' | '|' | '!' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '*' | '_' | '?' | '-' | '+' | '^' | '~' if !inside_word() => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn inline_jira(items: &[Inline]) -> String {
    let mut out = String::new();
    for i in items {
        match i {
            Inline::Text(s) => out.push_str(&jira_text(s)),
            Inline::Strong(s) => {
                let _ = write!(out, "*{}*", jira_text(s));
            }
            Inline::Code(s) => {
                let _ = write!(out, "{{{{{}}}}}", jira_text(s));
            }
            Inline::Link { label, url } if label == url && plan::is_web_url(url) => {
                let _ = write!(out, "[{}]", plan::tidy_url(url));
            }
            Inline::Link { label, url } if plan::is_web_url(url) => {
                let _ = write!(out, "[{}|{}]", jira_text(label), plan::tidy_url(url));
            }
            Inline::Link { label, .. } => out.push_str(&jira_text(label)),
        }
    }
    out
}

/// The body as Jira wiki markup.
pub fn body_jira(body: &[Block]) -> String {
    let mut out = String::new();
    for block in body {
        match block {
            Block::Heading(h) => {
                let _ = writeln!(out, "h3. {}\n", jira_text(h));
            }
            Block::Paragraph(p) => {
                let _ = writeln!(out, "{}\n", inline_jira(p));
            }
            Block::Bullets(items) => {
                for item in items {
                    let _ = writeln!(out, "* {}", inline_jira(item));
                }
                out.push('\n');
            }
            Block::Checklist(items) => {
                // Jira has no checkbox markup in descriptions; a ballot box reads the same.
                for item in items {
                    let _ = writeln!(out, "* \u{2610} {}", inline_jira(item));
                }
                out.push('\n');
            }
        }
    }
    out.trim_end().to_string()
}

/// Neutralises a CSV cell that a spreadsheet would read as a formula
/// (OWASP "CSV injection"): a leading `=`, `+`, `-`, `@`, tab or carriage
/// return gets a `'` in front.
pub fn neutralise_formula(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

fn jira_priority(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "High",
        Severity::Warning => "Medium",
        Severity::Info => "Low",
    }
}

fn render_jira_csv(list: &[Ticket]) -> Result<String, TicketError> {
    // Jira imports several labels from several columns named "Labels".
    let label_columns = list.iter().map(|t| t.labels.len()).max().unwrap_or(1).max(1);
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut header = vec!["Summary", "Description", "Issue Type", "Priority"];
    header.extend(std::iter::repeat_n("Labels", label_columns));
    writer.write_record(&header).map_err(|e| TicketError(e.to_string()))?;
    for ticket in list {
        let mut row = vec![
            ticket.title.clone(),
            fit(&body_jira(&ticket.body), MAX_JIRA_DESCRIPTION_CHARS),
            "Task".to_string(),
            jira_priority(ticket.severity).to_string(),
        ];
        for i in 0..label_columns {
            row.push(ticket.labels.get(i).cloned().unwrap_or_default());
        }
        let row: Vec<String> = row.iter().map(|c| neutralise_formula(c)).collect();
        writer.write_record(&row).map_err(|e| TicketError(e.to_string()))?;
    }
    let bytes = writer.into_inner().map_err(|e| TicketError(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| TicketError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::markdown::tests::{assert_no_markup_injection, assert_tables_are_rectangular, sample_report};

    fn options(group_by: GroupBy) -> TicketOptions {
        let mut o = TicketOptions::new(group_by, Target::Matrix);
        o.repo_url = Some("https://github.com/acme/app".into());
        o.rule_titles.insert("sdk/session-js-import".into(), "Imports the session.js SDK (@session.js/*)".into());
        o.rule_titles.insert("sdk/session-js-messaging".into(), "Sends or receives messages with session.js".into());
        o
    }

    #[test]
    fn markdown_document_snapshot() {
        let text = render(&sample_report(), TicketFormat::Markdown, &options(GroupBy::Module)).expect("renders");
        insta::assert_snapshot!(text);
    }

    #[test]
    fn github_json_snapshot() {
        let text = render(&sample_report(), TicketFormat::Github, &options(GroupBy::Rule)).expect("renders");
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        insta::assert_json_snapshot!(value);
    }

    #[test]
    fn titles_read_like_a_team_lead_wrote_them() {
        let report = sample_report();
        let titles = |by| tickets(&report, &options(by)).into_iter().map(|t| t.title).collect::<Vec<_>>();
        let by_module = titles(GroupBy::Module);
        assert_eq!(by_module[0], "Replace the Session SDK in bot/ with matrix-js-sdk");
        let by_rule = titles(GroupBy::Rule);
        assert!(
            by_rule.contains(
                &"Replace the Session SDK in 2 modules with matrix-js-sdk (sdk/session-js-import)".to_string()
            ),
            "{by_rule:?}"
        );
        let by_file = titles(GroupBy::File);
        assert!(
            by_file.contains(&"Clean up Session protobuf messages in web/src/a|b `c`.ts".to_string()),
            "{by_file:?}"
        );
        let mut signal = options(GroupBy::Module);
        signal.target = Target::Tor;
        let tor = tickets(&report, &signal);
        assert_eq!(tor[0].title, "Migrate the Session SDK in bot/ off Session (no Tor (Arti) replacement listed)");
    }

    #[test]
    fn locations_link_to_the_repository() {
        let text = render(&sample_report(), TicketFormat::Markdown, &options(GroupBy::File)).expect("renders");
        assert!(text.contains("[bot/src/index.ts:12](https://github.com/acme/app/blob/HEAD/bot/src/index.ts#L12)"));
        assert!(text
            .contains("(https://github.com/acme/app/blob/HEAD/web/src/%3Cscript%3Ealert%281%29%3C/script%3E.ts#L2)"));
        let mut no_repo = options(GroupBy::File);
        no_repo.repo_url = None;
        let text = render(&sample_report(), TicketFormat::Markdown, &no_repo).expect("renders");
        assert!(text.contains("`bot/src/index.ts:12`"));
        assert!(!text.contains("https://github.com/acme"));
    }

    #[test]
    fn markdown_escapes_hostile_names() {
        let text = render(&sample_report(), TicketFormat::Markdown, &options(GroupBy::File)).expect("renders");
        assert_no_markup_injection(&text);
        // In link text (outside code) the file name is escaped.
        assert!(text.contains("[web/src/&lt;script&gt;alert(1)&lt;/script&gt;.ts:2]("));
        assert_tables_are_rectangular(&text);
    }

    #[test]
    fn jira_csv_round_trips_through_a_csv_reader() {
        let mut report = sample_report();
        report.findings[0].path = "-2+3/cmd.ts".into();
        report.finish();
        let mut opts = options(GroupBy::File);
        opts.repo_url = None;
        let text = render(&report, TicketFormat::JiraCsv, &opts).expect("renders");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = reader.headers().expect("header").iter().map(str::to_string).collect();
        assert_eq!(&headers[..5], ["Summary", "Description", "Issue Type", "Priority", "Labels"]);
        assert!(headers[4..].iter().all(|h| h == "Labels"));
        let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("rows");
        let expected = tickets(&report, &opts);
        assert_eq!(rows.len(), expected.len());
        for (row, ticket) in rows.iter().zip(&expected) {
            assert_eq!(row.len(), headers.len());
            assert_eq!(row.get(0), Some(ticket.title.as_str()));
            assert_eq!(row.get(1), Some(fit(&body_jira(&ticket.body), MAX_JIRA_DESCRIPTION_CHARS).as_str()));
            assert_eq!(row.get(2), Some("Task"));
            assert_eq!(row.get(3), Some(jira_priority(ticket.severity)));
            let labels: Vec<&str> = row.iter().skip(4).filter(|l| !l.is_empty()).collect();
            assert_eq!(labels, ticket.labels.iter().map(String::as_str).collect::<Vec<_>>());
        }
        // Paths and snippets keep their text (commas, quotes, newlines survive the quoting).
        assert!(rows.iter().any(|r| r.get(1).is_some_and(|d| d.contains("\\-2+3/cmd.ts"))));
    }

    #[test]
    fn jira_csv_neutralises_formula_cells() {
        let hostile = Ticket {
            title: "=HYPERLINK(\"http://evil.example\",\"x\")".into(),
            severity: Severity::Error,
            effort: Effort::S,
            labels: vec!["@SUM(A1)".into(), "-1+2".into(), "\tcmd".into(), "ok".into()],
            body: vec![Block::Paragraph(vec![t("+cmd|' /C calc'!A0, \"quoted\"\nnext line")])],
        };
        let text = render_jira_csv(&[hostile]).expect("renders");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let row = reader.records().next().expect("one row").expect("valid row");
        assert_eq!(row.get(0), Some("'=HYPERLINK(\"http://evil.example\",\"x\")"));
        // Jira markup escaping already defuses the description; its text survives the quoting.
        assert_eq!(row.get(1), Some("\\+cmd\\|' /C calc'\\!A0, \"quoted\" next line"));
        assert_eq!(row.iter().skip(4).collect::<Vec<_>>(), ["'@SUM(A1)", "'-1+2", "'\tcmd", "ok"]);
        for cell in row.iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "formula cell: {cell:?}");
        }
    }

    #[test]
    fn huge_groups_fit_the_trackers_limits() {
        let mut report = sample_report();
        let template = report.findings[0].clone();
        // Hundreds of rules with long messages in one module.
        for i in 0..400 {
            let mut f = template.clone();
            f.rule_id = format!("sdk/generated-rule-{i}");
            f.message = "x".repeat(300).into();
            f.line = i + 100;
            report.findings.push(f);
        }
        report.finish();
        let o = options(GroupBy::Module);
        let issues: serde_json::Value =
            serde_json::from_str(&render(&report, TicketFormat::Github, &o).expect("renders")).expect("JSON");
        for issue in issues.as_array().expect("array") {
            let body = issue["body"].as_str().expect("body");
            assert!(body.chars().count() <= MAX_GITHUB_BODY_CHARS + 1, "{} chars", body.chars().count());
        }
        assert!(issues[0]["body"].as_str().is_some_and(|b| b.contains("Cut to fit the tracker's size limit")));
        let csv = render(&report, TicketFormat::JiraCsv, &o).expect("renders");
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        for row in reader.records() {
            let row = row.expect("row");
            assert!(row.get(1).is_some_and(|d| d.chars().count() <= MAX_JIRA_DESCRIPTION_CHARS));
        }
        assert_eq!(fit("short", 100), "short");
    }

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(neutralise_formula("=1+1"), "'=1+1");
        assert_eq!(neutralise_formula("+1"), "'+1");
        assert_eq!(neutralise_formula("-1"), "'-1");
        assert_eq!(neutralise_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise_formula("\tx"), "'\tx");
        assert_eq!(neutralise_formula("\rx"), "'\rx");
        assert_eq!(neutralise_formula("Replace x"), "Replace x");
        assert_eq!(neutralise_formula(""), "");
    }

    #[test]
    fn jira_text_escapes_markup() {
        assert_eq!(
            jira_text("*b* _i_ {code} [l|u] !img! -d- +i+ ??c??"),
            "\\*b\\* \\_i\\_ \\{code\\} \\[l\\|u\\] \\!img\\! \\-d\\- \\+i\\+ \\?\\?c\\?\\?"
        );
        // Inside words the effect characters cannot open an effect and stay as they are.
        assert_eq!(
            jira_text("matrix-js-sdk snake_case a+b x^2 (@session.js/*)"),
            "matrix-js-sdk snake_case a+b x^2 (@session.js/\\*)"
        );
        assert_eq!(jira_text("-1 trailing-"), "\\-1 trailing\\-");
        assert_eq!(jira_text("a\nb"), "a b");
    }

    #[test]
    fn empty_report_gives_no_tickets() {
        let mut report = sample_report();
        report.findings.clear();
        report.finish();
        let o = options(GroupBy::Module);
        assert_eq!(render(&report, TicketFormat::Github, &o).expect("renders"), "[]\n");
        let csv = render(&report, TicketFormat::JiraCsv, &o).expect("renders");
        assert_eq!(csv.lines().count(), 1);
        let md = render(&report, TicketFormat::Markdown, &o).expect("renders");
        assert!(md.contains("nothing to migrate"));
    }

    #[test]
    fn effort_and_checklist_follow_the_group() {
        let report = sample_report();
        let list = tickets(&report, &options(GroupBy::Module));
        let bot = &list[0];
        assert!(bot.labels.contains(&"effort:L".to_string()));
        let md = body_markdown(&bot.body, 2);
        assert!(md.contains("- [ ] Migrate `bot/src/index.ts` (lines 3, 12)"), "{md}");
        assert!(md.contains("- [ ] `session-impact scan bot` reports none of the rules above"), "{md}");
        assert!(md.contains("- [ ] Released before the Session network shuts down"));
        let root = list.iter().find(|t| t.title.contains("the project root")).expect("a ticket for root files");
        let md = body_markdown(&root.body, 2);
        assert!(md.contains("Remove the Session packages from `package.json`"), "{md}");
        assert!(md.contains("`session-impact scan .` reports no `dependency/npm-session-js` finding"), "{md}");
    }
}
