//! The migration plan behind tickets, the Markdown summary and the HTML
//! report: grouping findings, sizing the work, and the words that describe
//! what breaks and what replaces it.
//!
//! Effort of a group of findings (a ticket): the largest effort of its rules,
//! one size bigger for every [`FILES_PER_SIZE_STEP`] files beyond the first
//! (1–5 files: no change, 6–10: one size, …), never above XL. Rules that fire
//! on the same code (an import and the calls through it) are one piece of
//! work, so they do not add up inside a group; files do, because each one
//! must be edited and tested. Sizes convert to points (S=1, M=3, L=8, XL=20)
//! and totals are sums of group points, shown with the size they amount to.

use std::collections::{BTreeMap, BTreeSet};

use super::modules::{Module, Modules};
use super::Finding;
use crate::rules::{Effort, Replacement, Severity, Target};

/// Every this many files beyond the first make a group one size bigger.
pub const FILES_PER_SIZE_STEP: usize = 5;

/// Story points of an effort size.
pub fn points(effort: Effort) -> u32 {
    match effort {
        Effort::S => 1,
        Effort::M => 3,
        Effort::L => 8,
        Effort::XL => 20,
    }
}

/// The size a number of points amounts to (XL for anything above L).
pub fn size_of_points(points: u32) -> Effort {
    match points {
        0..=1 => Effort::S,
        2..=3 => Effort::M,
        4..=8 => Effort::L,
        _ => Effort::XL,
    }
}

fn one_size_bigger(effort: Effort) -> Effort {
    match effort {
        Effort::S => Effort::M,
        Effort::M => Effort::L,
        Effort::L | Effort::XL => Effort::XL,
    }
}

/// The effort of work whose largest rule effort is `largest`, spread over `files` files.
pub fn group_effort(largest: Effort, files: usize) -> Effort {
    let steps = files.saturating_sub(1) / FILES_PER_SIZE_STEP;
    (0..steps).fold(largest, |e, _| one_size_bigger(e))
}

/// What tickets are cut along.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// One ticket per rule (one kind of dependency, wherever it is).
    Rule,
    /// One ticket per file.
    File,
    /// One ticket per module: the nearest package manifest, else the top-level directory.
    Module,
}

/// One rule as it occurs in a set of findings.
#[derive(Debug, Clone)]
pub struct RuleUse<'a> {
    pub rule_id: &'a str,
    pub severity: Severity,
    pub effort: Effort,
    pub category: &'a str,
    pub message: &'a str,
    pub replacements: &'a [Replacement],
    /// Number of findings.
    pub places: usize,
    /// Number of distinct files.
    pub files: usize,
}

impl RuleUse<'_> {
    /// The replacements for `target`.
    pub fn replacements_for(&self, target: Target) -> impl Iterator<Item = &Replacement> {
        self.replacements.iter().filter(move |r| r.target == target)
    }
}

/// The rules in `findings`, most urgent first: severity, then effort, then
/// number of places, then id.
pub fn rule_uses<'a>(findings: &[&'a Finding]) -> Vec<RuleUse<'a>> {
    let mut by_rule: BTreeMap<&str, (RuleUse<'a>, BTreeSet<&str>)> = BTreeMap::new();
    for f in findings {
        let entry = by_rule.entry(f.rule_id.as_str()).or_insert_with(|| {
            let first = RuleUse {
                rule_id: &f.rule_id,
                severity: f.severity,
                effort: f.effort,
                category: &f.category,
                message: &f.message,
                replacements: &f.replacements,
                places: 0,
                files: 0,
            };
            (first, BTreeSet::new())
        });
        entry.0.places += 1;
        // A report may carry a rule at different severities (configuration
        // overrides between merged shards): keep the highest.
        entry.0.severity = entry.0.severity.max(f.severity);
        entry.0.effort = entry.0.effort.max(f.effort);
        entry.1.insert(f.path.as_str());
    }
    let mut uses: Vec<RuleUse<'a>> = by_rule
        .into_values()
        .map(|(mut u, files)| {
            u.files = files.len();
            u
        })
        .collect();
    uses.sort_by(|a, b| {
        (b.severity, b.effort, b.places).cmp(&(a.severity, a.effort, a.places)).then(a.rule_id.cmp(b.rule_id))
    });
    uses
}

/// A set of findings that make one piece of work.
#[derive(Debug, Clone)]
pub struct Group<'a> {
    /// What the findings share: a rule id, a path, or a module label.
    pub label: String,
    /// The module, when grouped by module.
    pub module: Option<Module>,
    pub findings: Vec<&'a Finding>,
}

impl<'a> Group<'a> {
    pub fn severity(&self) -> Severity {
        self.findings.iter().map(|f| f.severity).max().unwrap_or(Severity::Info)
    }

    /// Distinct files, sorted.
    pub fn files(&self) -> Vec<&'a str> {
        let set: BTreeSet<&str> = self.findings.iter().map(|f| f.path.as_str()).collect();
        set.into_iter().collect()
    }

    pub fn largest_rule_effort(&self) -> Effort {
        self.findings.iter().map(|f| f.effort).max().unwrap_or(Effort::S)
    }

    /// The size of the work (see the module documentation).
    pub fn effort(&self) -> Effort {
        group_effort(self.largest_rule_effort(), self.files().len())
    }

    pub fn points(&self) -> u32 {
        points(self.effort())
    }

    pub fn rules(&self) -> Vec<RuleUse<'a>> {
        rule_uses(&self.findings)
    }

    /// Categories, the most urgent first: highest severity, then most findings.
    pub fn categories_by_urgency(&self) -> Vec<&'a str> {
        let mut stats: BTreeMap<&str, (Severity, usize)> = BTreeMap::new();
        for f in &self.findings {
            let e = stats.entry(f.category.as_str()).or_insert((f.severity, 0));
            e.0 = e.0.max(f.severity);
            e.1 += 1;
        }
        let mut list: Vec<(&str, (Severity, usize))> = stats.into_iter().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        list.into_iter().map(|(c, _)| c).collect()
    }
}

/// Groups `findings` by `by`, the most urgent group first: severity, effort,
/// number of findings, then label.
pub fn group<'a>(findings: &'a [Finding], by: GroupBy, modules: &Modules) -> Vec<Group<'a>> {
    let mut groups: BTreeMap<String, Group<'a>> = BTreeMap::new();
    for f in findings {
        let (key, label, module) = match by {
            GroupBy::Rule => (f.rule_id.clone(), f.rule_id.clone(), None),
            GroupBy::File => (f.path.clone(), f.path.clone(), None),
            GroupBy::Module => {
                let m = modules.of(&f.path);
                (m.dir.clone(), m.label(), Some(m))
            }
        };
        groups.entry(key).or_insert_with(|| Group { label, module, findings: Vec::new() }).findings.push(f);
    }
    let mut list: Vec<Group<'a>> = groups.into_values().collect();
    list.sort_by(|a, b| {
        (b.severity(), b.effort(), b.findings.len())
            .cmp(&(a.severity(), a.effort(), a.findings.len()))
            .then_with(|| a.label.cmp(&b.label))
    });
    list
}

/// A noun phrase for what a category of finding is, for titles.
pub fn category_subject(category: &str) -> String {
    match category {
        "sdk" => "the Session SDK".into(),
        "libsession" => "libsession-util".into(),
        "onion-request" => "onion requests".into(),
        "storage-rpc" => "storage-server RPC".into(),
        "sogs" => "open-group (SOGS) calls".into(),
        "file-server" => "the Session file server".into(),
        "push" => "Session push notifications".into(),
        "ons" => "ONS name lookups".into(),
        "identity" => "Session IDs and keys".into(),
        "protocol" => "Session protobuf messages".into(),
        "calls" => "Session call signalling".into(),
        "pro" => "Session Pro and network APIs".into(),
        "dependency" => "Session packages".into(),
        other => format!("{other} code"),
    }
}

/// The subject of a ticket covering `categories` (most frequent first).
pub fn subject_of(categories: &[&str]) -> String {
    match categories {
        [] => "Session dependencies".into(),
        [one] => category_subject(one),
        [a, b] => format!("{} and {}", category_subject(a), category_subject(b)),
        [first, rest @ ..] => format!("{} and {} other Session dependencies", category_subject(first), rest.len()),
    }
}

/// The library or product a replacement's `api` names, for titles. Rule
/// authors write `api = "matrix-js-sdk: client.sendEvent(...)"`, so the text
/// before the first `": "` or `(` is the product; when that text starts
/// with a package name followed by code (`matrix-js-sdk createClient`) or is
/// long, the package name alone.
pub fn product_name(api: &str) -> String {
    const MAX: usize = 40;
    let api = api.trim();
    let end = [api.find(": "), api.find('(')].into_iter().flatten().min().unwrap_or(api.len());
    let head = api[..end].trim().trim_end_matches([':', ',', ';', '.']);
    let words: Vec<&str> = head.split_whitespace().collect();
    let package_like = |w: &str| w.contains(['-', '/', '@', '_', '.']) || w.contains("::");
    // `createClient`, `client.start`: a call or member, not part of a product name.
    let code_like = |w: &str| {
        w.contains(['.', '(']) || (w.starts_with(|c: char| c.is_lowercase()) && w.chars().any(char::is_uppercase))
    };
    match words.as_slice() {
        [] => String::new(),
        [first, second, ..] if package_like(first) && (code_like(second) || head.chars().count() > MAX) => {
            first.to_string()
        }
        _ if head.chars().count() <= MAX => head.to_string(),
        _ => words.iter().take(3).copied().collect::<Vec<_>>().join(" "),
    }
}

/// The distinct products the rules name for `target`, in rule order.
pub fn products(rules: &[RuleUse<'_>], target: Target) -> Vec<String> {
    let mut seen = Vec::new();
    for r in rules {
        for rep in r.replacements_for(target) {
            let name = product_name(&rep.api);
            if !name.is_empty() && !seen.contains(&name) {
                seen.push(name);
            }
        }
    }
    seen
}

/// How a target is named in prose.
pub fn target_name(target: Target) -> &'static str {
    match target {
        Target::Matrix => "Matrix",
        Target::Signal => "Signal (libsignal)",
        Target::Tor => "Tor (Arti)",
        Target::Simplex => "SimpleX",
        Target::Generic => "a generic stack",
    }
}

/// A headline and an explanation of what the shutdown does to code of this severity.
pub fn shutdown_impact(severity: Severity) -> (&'static str, &'static str) {
    match severity {
        Severity::Error => (
            "Breaks at the shutdown",
            "This code talks to the Session network (service nodes, onion paths, Session servers). \
             The day the network stops, these calls fail or hang: messages are no longer sent or \
             received and requests time out. The replacement must ship before the shutdown.",
        ),
        Severity::Warning => (
            "Keeps running offline, but must migrate",
            "This code works without the network (local config wrappers, crypto, ID formats), so \
             nothing fails on the day itself. It still ties the product to Session's libraries and \
             formats: migrate it together with the networked parts, before the Session libraries \
             are removed.",
        ),
        Severity::Info => (
            "Nothing breaks",
            "Inventory only: these places mention Session but keep working. Clean them up when \
             the code around them is migrated.",
        ),
    }
}

/// Whether `url` is safe to make a link of (http or https only; never
/// `javascript:` or `data:`).
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && !url.chars().any(char::is_control)
}

/// A link to `path` at `line` in the repository at `repo_url`
/// (`URL/blob/HEAD/path#Lline`), when `repo_url` is a web URL.
pub fn source_url(repo_url: &str, path: &str, line: usize) -> Option<String> {
    if !is_web_url(repo_url) {
        return None;
    }
    Some(format!("{}/blob/HEAD/{}#L{line}", repo_url.trim().trim_end_matches('/'), percent_encode_path(path)))
}

/// Percent-encodes everything in a `/`-separated path but unreserved
/// characters and the separators.
pub fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Makes a web URL safe to put in Markdown link syntax or a CSV cell:
/// characters that end or confuse the link are percent-encoded.
pub fn tidy_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.trim().chars() {
        match c {
            ' ' | '(' | ')' | '<' | '>' | '"' | '\\' | '|' | '`' | '[' | ']' | '{' | '}' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A finding as the scan would report it.
    pub(crate) fn finding(rule: &str, severity: Severity, effort: Effort, path: &str, line: usize) -> Finding {
        let category = rule.split('/').next().unwrap_or("sdk").to_string();
        Finding {
            rule_id: rule.to_string(),
            severity,
            category,
            effort,
            path: path.to_string(),
            line,
            column: 1,
            end_line: line,
            end_column: 10,
            message: format!("Message of {rule}.").into(),
            snippet: format!("use_of({rule})"),
            language: "typescript".into(),
            fingerprint: format!("fp-{path}-{line}"),
            line_hash: String::new(),
            replacements: vec![Replacement {
                target: Target::Matrix,
                api: "matrix-js-sdk: client.sendEvent()".into(),
                note: "No Session IDs.".into(),
                docs: "https://matrix-org.github.io/matrix-js-sdk/".into(),
            }]
            .into(),
        }
    }

    #[test]
    fn effort_grows_one_size_per_five_files_and_stops_at_xl() {
        assert_eq!(group_effort(Effort::S, 1), Effort::S);
        assert_eq!(group_effort(Effort::S, 5), Effort::S);
        assert_eq!(group_effort(Effort::S, 6), Effort::M);
        assert_eq!(group_effort(Effort::S, 11), Effort::L);
        assert_eq!(group_effort(Effort::M, 6), Effort::L);
        assert_eq!(group_effort(Effort::L, 100), Effort::XL);
        assert_eq!(group_effort(Effort::XL, 0), Effort::XL);
        assert_eq!(size_of_points(0), Effort::S);
        assert_eq!(size_of_points(3), Effort::M);
        assert_eq!(size_of_points(8), Effort::L);
        assert_eq!(size_of_points(9), Effort::XL);
    }

    #[test]
    fn groups_are_most_urgent_first() {
        let findings = vec![
            finding("identity/session-id", Severity::Warning, Effort::M, "app/id.ts", 3),
            finding("sdk/session-js-import", Severity::Error, Effort::L, "bot/a.ts", 1),
            finding("sdk/session-js-import", Severity::Error, Effort::L, "bot/b.ts", 1),
            finding("sdk/session-js-messaging", Severity::Error, Effort::L, "bot/a.ts", 9),
        ];
        let modules = Modules::default();
        let by_rule = group(&findings, GroupBy::Rule, &modules);
        let labels: Vec<&str> = by_rule.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(labels, ["sdk/session-js-import", "sdk/session-js-messaging", "identity/session-id"]);
        let by_module = group(&findings, GroupBy::Module, &modules);
        assert_eq!(by_module[0].label, "bot/");
        assert_eq!(by_module[0].files(), ["bot/a.ts", "bot/b.ts"]);
        assert_eq!(by_module[0].effort(), Effort::L);
        let rules = by_module[0].rules();
        assert_eq!((rules[0].rule_id, rules[0].places, rules[0].files), ("sdk/session-js-import", 2, 2));
        let by_file = group(&findings, GroupBy::File, &modules);
        assert_eq!(by_file.len(), 3);
        assert_eq!(by_file[0].label, "bot/a.ts");
    }

    #[test]
    fn product_names_come_from_the_api_text() {
        // The shapes used by the shipped rule pack.
        assert_eq!(product_name("matrix-js-sdk: sdk.createClient({ baseUrl })"), "matrix-js-sdk");
        assert_eq!(
            product_name("simplex-chat TypeScript client: ChatClient.create('ws://x')"),
            "simplex-chat TypeScript client"
        );
        assert_eq!(product_name("arti-client (TorClient::connect)"), "arti-client");
        assert_eq!(product_name("matrix-js-sdk createClient({ baseUrl, fetchFn }) talks plain HTTPS"), "matrix-js-sdk");
        assert_eq!(
            product_name("@matrix-org/matrix-sdk-crypto-wasm through matrix-js-sdk: client.initRustCrypto()"),
            "@matrix-org/matrix-sdk-crypto-wasm"
        );
        assert_eq!(
            product_name("@signalapp/libsignal-client: IdentityKeyPair.generate()"),
            "@signalapp/libsignal-client"
        );
        assert_eq!(
            product_name("org.matrix.rustcomponents:sdk-android: Client.login()"),
            "org.matrix.rustcomponents:sdk-android"
        );
        assert_eq!(product_name("matrix_sdk::Client::builder()"), "matrix_sdk::Client::builder");
        assert_eq!(product_name("Your own entitlement service: Stripe subscriptions"), "Your own entitlement service");
        assert_eq!(product_name(""), "");
    }

    #[test]
    fn only_web_urls_become_links() {
        assert!(is_web_url("https://matrix.org/docs"));
        assert!(is_web_url("HTTP://example.com"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("data:text/html,<script>"));
        assert!(!is_web_url("https://a\n.example"));
    }

    #[test]
    fn source_links_encode_the_path() {
        assert_eq!(
            source_url("https://github.com/acme/app/", "bot/my file#1.ts", 7).as_deref(),
            Some("https://github.com/acme/app/blob/HEAD/bot/my%20file%231.ts#L7")
        );
        assert_eq!(source_url("javascript:alert(1)", "a.ts", 1), None);
        assert_eq!(tidy_url("https://x.org/a (b)"), "https://x.org/a%20%28b%29");
    }
}
