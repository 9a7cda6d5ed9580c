//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF
//! consumers, built with the typed `serde-sarif` model.
//!
//! - `tool.driver.rules` lists every enabled rule of the scan (from
//!   [`RenderOptions::rules`]; rules only known from findings are described
//!   from the finding), with the replacement plan as help text and markdown.
//! - Each result points at its rule by `ruleId` and `ruleIndex`, has one
//!   physical location relative to `%SRCROOT%` (the directory the scan ran
//!   from) and two partial fingerprints: GitHub's `primaryLocationLineHash`
//!   and the tool's own stable fingerprint.
//! - Files that could not be scanned are `toolExecutionNotifications` of
//!   level `error`; skipped files are notifications of level `note`. The
//!   run completed either way, so `executionSuccessful` is true: a scan that
//!   cannot run at all exits with code 2 and writes no report.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Value};
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification, PhysicalLocation,
    PropertyBag, Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
};

use super::{Finding, RenderOptions, Report};
use crate::rules::{Effort, Replacement, Severity, Target};

pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
pub const INFORMATION_URI: &str = "https://github.com/session-impact/session-impact";
/// The key of the tool's own fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "sessionImpact/v1";
/// The base every artifact URI is relative to: the scan's working directory.
pub const SRCROOT: &str = "%SRCROOT%";

/// What SARIF says about one rule.
struct RuleInfo<'a> {
    id: &'a str,
    title: &'a str,
    message: &'a str,
    docs: Option<&'a str>,
    severity: Severity,
    category: &'a str,
    effort: Effort,
    languages: &'a [String],
    replacements: &'a [Replacement],
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    }
}

fn level_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `sdk/session-js-import` → `SessionJsImport`: SARIF's readable rule name.
fn rule_name(id: &str) -> String {
    let tail = id.rsplit('/').next().unwrap_or(id);
    tail.split(['-', '_'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut chars = p.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// Percent-encodes a `/`-separated relative path into a URI reference.
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn is_web_uri(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://")) && !s.contains(char::is_whitespace)
}

fn shown<'a>(replacements: &'a [Replacement], targets: &'a [Target]) -> impl Iterator<Item = &'a Replacement> + 'a {
    replacements.iter().filter(move |r| targets.is_empty() || targets.contains(&r.target))
}

fn help_text(rule: &RuleInfo<'_>, targets: &[Target]) -> String {
    let mut text = rule.message.to_string();
    let plan: Vec<&Replacement> = shown(rule.replacements, targets).collect();
    if !plan.is_empty() {
        text.push_str("\n\nMigrate to:");
        for r in plan {
            text.push_str(&format!("\n- {}: {}", r.target.as_str(), r.api));
            if !r.note.is_empty() {
                text.push_str(&format!("\n  {}", r.note));
            }
            if !r.docs.is_empty() {
                text.push_str(&format!("\n  {}", r.docs));
            }
        }
    }
    text
}

fn help_markdown(rule: &RuleInfo<'_>, targets: &[Target]) -> String {
    let mut md = format!(
        "{}\n\nSeverity: **{}** · effort **{}** · category `{}`",
        rule.message,
        rule.severity,
        rule.effort.as_str(),
        rule.category
    );
    let plan: Vec<&Replacement> = shown(rule.replacements, targets).collect();
    if !plan.is_empty() {
        md.push_str("\n\n## Migrate to\n");
        for r in plan {
            md.push_str(&format!("\n- **{}**: {}", r.target.as_str(), r.api));
            if !r.note.is_empty() {
                md.push_str(&format!(" — {}", r.note));
            }
            if is_web_uri(&r.docs) {
                md.push_str(&format!(" ([docs]({}))", r.docs));
            }
        }
    }
    if let Some(docs) = rule.docs.filter(|d| is_web_uri(d)) {
        md.push_str(&format!("\n\nMore: {docs}"));
    }
    md.push('\n');
    md
}

fn descriptor(rule: &RuleInfo<'_>, targets: &[Target]) -> ReportingDescriptor {
    let mut props = BTreeMap::new();
    props.insert("category".to_string(), json!(rule.category));
    props.insert("effort".to_string(), json!(rule.effort.as_str()));
    if !rule.languages.is_empty() {
        props.insert("languages".to_string(), json!(rule.languages));
    }
    let properties = PropertyBag::builder()
        .tags(vec!["session-migration".to_string(), rule.category.to_string()])
        .additional_properties(props)
        .build();
    let base = ReportingDescriptor::builder()
        .id(rule.id)
        .name(rule_name(rule.id))
        .short_description(MultiformatMessageString::builder().text(rule.title).build())
        .full_description(MultiformatMessageString::builder().text(rule.message).build())
        .help(
            MultiformatMessageString::builder()
                .text(help_text(rule, targets))
                .markdown(help_markdown(rule, targets))
                .build(),
        )
        .default_configuration(ReportingConfiguration::builder().level(Value::from(level_name(rule.severity))).build())
        .properties(properties)
        .build();
    match rule.docs.filter(|d| is_web_uri(d)) {
        Some(docs) => ReportingDescriptor { help_uri: Some(docs.to_string()), ..base },
        None => base,
    }
}

fn artifact(path: &str, options: &RenderOptions) -> ArtifactLocation {
    let full = format!("{}{}", options.path_prefix, path);
    if full.starts_with('/') {
        // A root outside the working directory: an absolute file URI.
        ArtifactLocation::builder().uri(format!("file://{}", uri_path(&full))).build()
    } else {
        ArtifactLocation::builder().uri(uri_path(&full)).uri_base_id(SRCROOT).build()
    }
}

fn region(f: &Finding) -> Region {
    let line = f.line.max(1) as i64;
    let column = f.column.max(1) as i64;
    let ends_after = (f.end_line, f.end_column) > (f.line, f.column);
    if ends_after {
        Region::builder()
            .start_line(line)
            .start_column(column)
            .end_line(f.end_line as i64)
            .end_column(f.end_column.max(1) as i64)
            .build()
    } else {
        Region::builder().start_line(line).start_column(column).build()
    }
}

fn result(f: &Finding, rule_index: usize, options: &RenderOptions) -> SarifResult {
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder().artifact_location(artifact(&f.path, options)).region(region(f)).build(),
        )
        .build();
    let mut fingerprints = BTreeMap::new();
    if !f.line_hash.is_empty() {
        fingerprints.insert("primaryLocationLineHash".to_string(), f.line_hash.clone());
    }
    if !f.fingerprint.is_empty() {
        fingerprints.insert(FINGERPRINT_KEY.to_string(), f.fingerprint.clone());
    }
    let mut props = BTreeMap::new();
    props.insert("category".to_string(), json!(f.category));
    props.insert("effort".to_string(), json!(f.effort.as_str()));
    let base = SarifResult::builder()
        .rule_id(f.rule_id.as_str())
        .rule_index(rule_index as i64)
        .level(level(f.severity))
        .message(Message::builder().text(&*f.message).build())
        .locations(vec![location])
        .properties(PropertyBag::builder().additional_properties(props).build())
        .build();
    if fingerprints.is_empty() {
        base
    } else {
        SarifResult { partial_fingerprints: Some(fingerprints), ..base }
    }
}

fn notification(level: &str, path: &str, text: &str, options: &RenderOptions) -> Notification {
    let message = Message::builder().text(text).build();
    if path.is_empty() {
        return Notification::builder().level(Value::from(level)).message(message).build();
    }
    let location = Location::builder()
        .physical_location(PhysicalLocation::builder().artifact_location(artifact(path, options)).build())
        .build();
    Notification::builder().level(Value::from(level)).message(message).locations(vec![location]).build()
}

/// The rules to describe: every enabled rule of the scan, then any rule
/// only known from a finding (a report merged without its rule files).
fn rule_infos<'a>(report: &'a Report, options: &'a RenderOptions) -> Vec<RuleInfo<'a>> {
    let mut infos: Vec<RuleInfo<'a>> = Vec::new();
    if let Some(rules) = &options.rules {
        for r in rules.rules.iter().filter(|r| r.enabled) {
            infos.push(RuleInfo {
                id: &r.id,
                title: &r.title,
                message: &r.message,
                docs: r.docs.as_deref(),
                severity: r.severity,
                category: &r.category,
                effort: r.effort,
                languages: &r.languages,
                replacements: &r.replacements,
            });
        }
    }
    for f in &report.findings {
        if !infos.iter().any(|i| i.id == f.rule_id) {
            infos.push(RuleInfo {
                id: &f.rule_id,
                title: &f.rule_id,
                message: &f.message,
                docs: None,
                severity: f.severity,
                category: &f.category,
                effort: f.effort,
                languages: &[],
                replacements: &f.replacements,
            });
        }
    }
    infos
}

pub fn build(report: &Report, options: &RenderOptions) -> Sarif {
    let infos = rule_infos(report, options);
    let index: HashMap<&str, usize> = infos.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let rules: Vec<ReportingDescriptor> = infos.iter().map(|r| descriptor(r, &options.targets)).collect();
    let results: Vec<SarifResult> = report
        .findings
        .iter()
        .map(|f| result(f, index.get(f.rule_id.as_str()).copied().unwrap_or(0), options))
        .collect();
    let mut notifications: Vec<Notification> =
        report.errors.iter().map(|e| notification("error", &e.path, &e.message, options)).collect();
    notifications.extend(
        report.skipped.iter().map(|s| notification("note", &s.path, &format!("not scanned: {}", s.reason), options)),
    );
    let invocation = if notifications.is_empty() {
        Invocation::builder().execution_successful(true).build()
    } else {
        Invocation::builder().execution_successful(true).tool_execution_notifications(notifications).build()
    };
    let driver = ToolComponent::builder()
        .name(report.tool.name.as_str())
        .version(report.tool.version.as_str())
        .semantic_version(report.tool.version.as_str())
        .information_uri(INFORMATION_URI)
        .rules(rules)
        .build();
    let mut run_props = BTreeMap::new();
    run_props.insert("filesScanned".to_string(), json!(report.summary.files_scanned));
    run_props.insert("suppressed".to_string(), json!(report.summary.suppressed));
    run_props.insert("baselined".to_string(), json!(report.summary.baselined));
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .invocations(vec![invocation])
        .results(results)
        .column_kind(Value::from("unicodeCodePoints"))
        .properties(PropertyBag::builder().additional_properties(run_props).build())
        .build();
    Sarif::builder().schema(SCHEMA_URI).version(Value::from("2.1.0")).runs(vec![run]).build()
}

pub fn render(report: &Report, options: &RenderOptions) -> String {
    // The model is plain data with string keys: serialising cannot fail.
    let mut out = serde_json::to_string_pretty(&build(report, options))
        .unwrap_or_else(|e| format!("{{\"version\": \"2.1.0\", \"runs\": [], \"error\": {:?}}}", e.to_string()));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(rule_name("sdk/session-js-import"), "SessionJsImport");
        assert_eq!(rule_name("suppression/invalid"), "Invalid");
    }

    #[test]
    fn uris_escape_what_is_not_a_path_character() {
        assert_eq!(uri_path("src/my app/ü.js"), "src/my%20app/%C3%BC.js");
        assert_eq!(uri_path("a/b-c_d.e~f"), "a/b-c_d.e~f");
    }
}
