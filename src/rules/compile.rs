//! Validating rule files and compiling them into a [`RuleSet`]: one set of
//! indexes for the whole scan, so matching a file costs its facts, not
//! facts × rules.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use regex::{Regex, RegexSet};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::literals::{glob_prefix, required_literals};
use super::load::{parse_rule_file, ContextSpec, RuleError, RuleFile, RuleSpec};
use crate::facts::Ecosystem;
use crate::lang::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Effort {
    S,
    M,
    L,
    XL,
}

impl Effort {
    pub fn as_str(self) -> &'static str {
        match self {
            Effort::S => "S",
            Effort::M => "M",
            Effort::L => "L",
            Effort::XL => "XL",
        }
    }
    pub fn parse(s: &str) -> Option<Effort> {
        match s {
            "S" => Some(Effort::S),
            "M" => Some(Effort::M),
            "L" => Some(Effort::L),
            "XL" => Some(Effort::XL),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Matrix,
    Signal,
    Tor,
    Simplex,
    Generic,
}

impl Target {
    pub const ALL: [Target; 5] = [Target::Matrix, Target::Signal, Target::Tor, Target::Simplex, Target::Generic];
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Matrix => "matrix",
            Target::Signal => "signal",
            Target::Tor => "tor",
            Target::Simplex => "simplex",
            Target::Generic => "generic",
        }
    }
    pub fn parse(s: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

pub const CATEGORIES: &[&str] = &[
    "sdk",
    "libsession",
    "onion-request",
    "storage-rpc",
    "sogs",
    "file-server",
    "push",
    "ons",
    "identity",
    "protocol",
    "calls",
    "pro",
    "dependency",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replacement {
    pub target: Target,
    pub api: String,
    pub note: String,
    pub docs: String,
}

/// A compiled rule: its metadata. Matchers live in the [`RuleSet`] indexes.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub category: String,
    pub severity: Severity,
    pub effort: Effort,
    /// Empty means every language (and manifests).
    pub languages: Vec<String>,
    /// Shared with every finding of the rule (`Arc`): a dense repository
    /// has hundreds of thousands of them.
    pub message: Arc<str>,
    pub docs: Option<String>,
    pub replacements: Arc<[Replacement]>,
    /// False once disabled by configuration; a disabled rule never matches.
    pub enabled: bool,
    /// The rule file it came from (`rules/sdk/session-js.toml` or a user path).
    pub file: PathBuf,
    /// What the rule matches, as written in its file (for `rules explain`).
    pub patterns: MatchPatterns,
    pub(crate) symbols: SymbolMatcher,
    pub(crate) context: Option<Context>,
    /// Literals every file this rule matches contains: all literals of at
    /// least one group (lower-cased); `None` when the rule cannot be
    /// prefiltered.
    pub(crate) needles: Option<NeedleGroups>,
    /// Like `needles`, for manifest files (dependency names are normalised
    /// differently there).
    pub(crate) manifest_needles: Option<NeedleGroups>,
    /// Which matcher kinds the rule has, so the prefilter knows which files
    /// it can match at all.
    pub(crate) has_modules: bool,
    pub(crate) has_strings: bool,
    pub(crate) has_dependencies: bool,
}

impl Rule {
    /// Whether this rule could match a source file of this language.
    pub(crate) fn can_match_source(&self, kind: &str) -> bool {
        (self.has_modules || self.has_strings) && self.applies_to(kind)
    }

    /// Whether this rule could match a manifest.
    pub(crate) fn can_match_manifest(&self) -> bool {
        self.enabled && (self.has_dependencies || (self.has_strings && self.applies_to("manifest")))
    }

    /// Whether the rule has `symbols` (then it fires on uses of those
    /// symbols, not on every import of its modules).
    pub fn has_symbols(&self) -> bool {
        !self.symbols.is_empty()
    }
}

impl Rule {
    /// Whether the rule applies to a file of this kind (`"manifest"` or a
    /// language name).
    pub fn applies_to(&self, kind: &str) -> bool {
        self.enabled
            && (self.languages.is_empty()
                || self.languages.iter().any(|l| l == kind || (kind == "tsx" && l == "typescript")))
    }

    /// Replacements for the chosen targets (all when `targets` is empty).
    pub fn replacements_for<'a>(&'a self, targets: &'a [Target]) -> impl Iterator<Item = &'a Replacement> + 'a {
        self.replacements.iter().filter(move |r| targets.is_empty() || targets.contains(&r.target))
    }
}

/// What the prefilter looks for: a file may match when it contains every
/// literal of one of the groups (compared ASCII case-insensitively).
pub(crate) type NeedleGroups = Vec<Vec<String>>;

/// One group per literal: any one of them will do.
fn any_of(literals: Option<Vec<String>>) -> Option<NeedleGroups> {
    literals.map(|l| l.into_iter().map(|n| vec![n]).collect())
}

/// A rule's `[rule.match]` and `[rule.context]` as written, for display.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MatchPatterns {
    pub modules: Vec<String>,
    pub symbols: Vec<String>,
    pub strings: Vec<String>,
    /// `ecosystem name` or `ecosystem source~/regex/`.
    pub dependencies: Vec<String>,
    pub context_modules: Vec<String>,
    pub context_strings: Vec<String>,
    pub context_text: Vec<String>,
}

impl MatchPatterns {
    fn from_specs(m: &super::load::MatchSpec, ctx: Option<&ContextSpec>) -> MatchPatterns {
        let all = |v: &[Spanned<String>]| v.iter().map(|s| s.get_ref().clone()).collect::<Vec<_>>();
        let dependencies = m
            .dependencies
            .iter()
            .map(|d| {
                let d = d.get_ref();
                let mut s = d.ecosystem.get_ref().clone();
                if let Some(n) = &d.name {
                    s.push_str(&format!(" {}", n.get_ref()));
                }
                if let Some(src) = &d.source {
                    s.push_str(&format!(" source~/{}/", src.get_ref()));
                }
                s
            })
            .collect();
        MatchPatterns {
            modules: all(&m.modules),
            symbols: all(&m.symbols),
            strings: all(&m.strings),
            dependencies,
            context_modules: ctx.map(|c| all(&c.modules)).unwrap_or_default(),
            context_strings: ctx.map(|c| all(&c.strings)).unwrap_or_default(),
            context_text: ctx.map(|c| all(&c.text)).unwrap_or_default(),
        }
    }
}

/// Which symbol paths a module-bound rule accepts.
#[derive(Debug, Clone, Default)]
pub(crate) struct SymbolMatcher {
    pub exact: HashSet<String>,
    pub globs: Option<GlobSet>,
}

impl SymbolMatcher {
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.globs.is_none()
    }
    pub fn matches(&self, symbol: &str) -> bool {
        self.exact.contains(symbol) || self.globs.as_ref().is_some_and(|g| g.is_match(symbol))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Context {
    pub modules: Option<GlobSet>,
    pub strings: Option<RegexSet>,
    pub text: Option<RegexSet>,
}

#[derive(Debug, Clone)]
pub(crate) struct DependencyMatcher {
    pub rule: usize,
    pub ecosystem: Ecosystem,
    pub name: Option<GlobMatcher>,
    pub source: Option<Regex>,
}

/// All rules of a scan, compiled once and indexed by what they match.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Module patterns; `module_rules[i]` is the rule of pattern `i`.
    pub(crate) modules: GlobSet,
    pub(crate) module_rules: Vec<usize>,
    /// Rules with a module pattern that matches every module (`*`), kept
    /// out of `modules`: otherwise every module name of every language
    /// would match the set, and the matcher could not ask `is_match` first.
    pub(crate) any_module_rules: Vec<usize>,
    pub(crate) strings: RegexSet,
    pub(crate) string_rules: Vec<usize>,
    pub(crate) dependencies: Vec<DependencyMatcher>,
    by_id: HashMap<String, usize>,
}

fn module_glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(false).backslash_escape(true).build()
}

/// Everything that went wrong compiling one rule file.
struct FileCompiler<'a> {
    path: &'a Path,
    source: &'a str,
}

impl FileCompiler<'_> {
    fn err<T>(&self, spanned: &Spanned<T>, message: impl Into<String>, help: Option<String>) -> RuleError {
        RuleError::at(self.path, self.source, Some(spanned.span()), message, help)
    }
    fn regex(&self, s: &Spanned<String>, field: &str) -> Result<Regex, RuleError> {
        Regex::new(s.get_ref()).map_err(|e| self.err(s, format!("`{field}` is not a valid regex: {e}"), None))
    }
    fn glob(&self, s: &Spanned<String>, field: &str) -> Result<Glob, RuleError> {
        module_glob(s.get_ref()).map_err(|e| self.err(s, format!("`{field}` is not a valid glob: {e}"), None))
    }
}

/// Builder collecting rules from several files before indexing them.
#[derive(Default)]
pub struct RuleSetBuilder {
    rules: Vec<Rule>,
    module_patterns: Vec<(Glob, usize)>,
    string_patterns: Vec<(String, usize)>,
    dependencies: Vec<DependencyMatcher>,
    ids: HashMap<String, PathBuf>,
}

fn is_kebab_id(id: &str) -> bool {
    let mut parts = id.split('/');
    let ok = |p: &str| {
        !p.is_empty()
            && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !p.starts_with('-')
            && !p.ends_with('-')
    };
    matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None) if ok(a) && ok(b))
}

fn union(sets: impl IntoIterator<Item = Option<NeedleGroups>>) -> Option<NeedleGroups> {
    let mut all = BTreeSet::new();
    for set in sets {
        let set = set?;
        if set.is_empty() || set.iter().any(|g| g.is_empty() || g.iter().any(|s| s.is_empty())) {
            return None;
        }
        all.extend(set);
    }
    (!all.is_empty()).then(|| all.into_iter().collect())
}

/// How selective a set of groups is: its weakest group's longest literal.
fn selectivity(groups: &Option<NeedleGroups>) -> usize {
    groups
        .as_ref()
        .map(|v| v.iter().map(|g| g.iter().map(String::len).max().unwrap_or(0)).min().unwrap_or(0))
        .unwrap_or(0)
}

fn better(a: Option<NeedleGroups>, b: Option<NeedleGroups>) -> Option<NeedleGroups> {
    if selectivity(&b) > selectivity(&a) {
        b
    } else {
        a
    }
}

/// The longest alphanumeric run of a name: package names are spelled with
/// varying separators and case (PEP 503, Gradle map notation), but that run
/// appears in every spelling.
fn name_needle(name: &str) -> Option<String> {
    glob_prefix(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .max_by_key(|s| s.len())
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_lowercase)
}

/// Needles for a regex over string literal *values*: its required literals,
/// whole. A value may be joined from pieces (`"seed1" + ".getsession.org"`,
/// template literals, adjacent C literals) that never appear together in the
/// file; the prefilter finds those by searching the text around each join
/// with the join taken out (`joins.rs`), so the needles need not be cut into
/// words (which made `55`, `model` or `found` needles that nearly every file
/// contains).
fn string_needles(pattern: &str) -> Option<Vec<String>> {
    required_literals(pattern)
}

/// Segments shorter than this are left out of a module's group (a needle
/// like `h` would be found in every file); the group only gets weaker.
const MIN_SEGMENT: usize = 3;

fn module_needle(pattern: &str) -> Option<NeedleGroups> {
    // A module name is not always spelled out whole in the file that
    // matches it: Python `from a.b import c` imports `a.b.c` and allows
    // `a . b`, a JS named import matches as `module.name`, Rust use trees
    // split `a::{b::c}`, and qualified references run over several lines
    // (`a\n  .b`). The segments between `.` and `::` are always written
    // whole, so the file must contain each of them: one group of the
    // segments of the longest literal run.
    let run = longest_literal_run(pattern)?;
    let mut segments: Vec<String> = run
        .split("::")
        .flat_map(|part| part.split('.'))
        .map(|segment| segment.trim_matches(['/', ':']).to_ascii_lowercase())
        .filter(|segment| !segment.is_empty())
        .collect();
    segments.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let longest = segments.first()?.len();
    segments.retain(|s| s.len() >= MIN_SEGMENT.min(longest));
    segments.sort();
    segments.dedup();
    Some(vec![segments])
}

/// The longest run of a glob outside `*`, `?`, `[...]` and `{...}`.
fn longest_literal_run(glob: &str) -> Option<&str> {
    let mut runs: Vec<&str> = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    for (i, c) in glob.char_indices() {
        match c {
            '[' | '{' => {
                if depth == 0 {
                    runs.push(&glob[start..i]);
                }
                depth += 1;
            }
            ']' | '}' => {
                depth = depth.saturating_sub(1);
                start = i + 1;
            }
            '*' | '?' if depth == 0 => {
                runs.push(&glob[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth == 0 {
        runs.push(&glob[start..]);
    }
    runs.into_iter().map(|r| r.trim_matches(['.', '/', ':'])).filter(|r| !r.is_empty()).max_by_key(|r| r.len())
}

impl RuleSetBuilder {
    /// Adds every rule of one file.
    pub fn add_file(&mut self, path: &Path, source: &str) -> Result<(), RuleError> {
        let file: RuleFile = parse_rule_file(path, source)?;
        let fc = FileCompiler { path, source };
        if file.rule.is_empty() {
            return Err(RuleError::at(
                path,
                source,
                None,
                "the file has no [[rule]] tables",
                Some("a rule file holds one or more [[rule]] tables; see README.md".into()),
            ));
        }
        for spec in file.rule {
            self.add_rule(&fc, spec)?;
        }
        Ok(())
    }

    /// Like [`add_file`](Self::add_file) but keeps going after a bad rule,
    /// returning every error of the file (for `rules validate`). A rule that
    /// fails leaves nothing behind in the indexes.
    pub fn add_file_reporting_all(&mut self, path: &Path, source: &str) -> Vec<RuleError> {
        let file: RuleFile = match parse_rule_file(path, source) {
            Ok(f) => f,
            Err(e) => return vec![e],
        };
        if file.rule.is_empty() {
            return vec![RuleError::at(
                path,
                source,
                None,
                "the file has no [[rule]] tables",
                Some("a rule file holds one or more [[rule]] tables; see README.md".into()),
            )];
        }
        let fc = FileCompiler { path, source };
        let mut errors = Vec::new();
        for spec in file.rule {
            let lens = (self.module_patterns.len(), self.string_patterns.len(), self.dependencies.len());
            if let Err(e) = self.add_rule(&fc, spec) {
                self.module_patterns.truncate(lens.0);
                self.string_patterns.truncate(lens.1);
                self.dependencies.truncate(lens.2);
                errors.push(e);
            }
        }
        errors
    }

    /// Number of rules added so far.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    fn add_rule(&mut self, fc: &FileCompiler<'_>, spec: RuleSpec) -> Result<(), RuleError> {
        let index = self.rules.len();
        let id = spec.id.get_ref().clone();
        if !is_kebab_id(&id) {
            return Err(fc.err(
                &spec.id,
                format!("rule id `{id}` is not `category/name` in kebab-case"),
                Some("e.g. id = \"sdk/session-js-client\"".into()),
            ));
        }
        if let Some(previous) = self.ids.get(&id) {
            return Err(fc.err(
                &spec.id,
                format!("rule id `{id}` is already defined in {}", previous.display()),
                Some("rule ids must be unique across all rule directories".into()),
            ));
        }
        let category = spec.category.get_ref().clone();
        if !CATEGORIES.contains(&category.as_str()) {
            return Err(fc.err(
                &spec.category,
                format!("unknown category `{category}`"),
                Some(format!("one of: {}", CATEGORIES.join(", "))),
            ));
        }
        if !id.starts_with(&format!("{category}/")) {
            return Err(fc.err(&spec.id, format!("rule id `{id}` must start with its category `{category}/`"), None));
        }
        let severity = Severity::parse(spec.severity.get_ref()).ok_or_else(|| {
            fc.err(
                &spec.severity,
                format!("unknown severity `{}`", spec.severity.get_ref()),
                Some("one of: error, warning, info".into()),
            )
        })?;
        let effort = Effort::parse(spec.effort.get_ref()).ok_or_else(|| {
            fc.err(
                &spec.effort,
                format!("unknown effort `{}`", spec.effort.get_ref()),
                Some("one of: S, M, L, XL".into()),
            )
        })?;
        let mut languages = Vec::new();
        for lang in &spec.languages {
            let name = lang.get_ref();
            if name != "manifest" && Language::from_name(name).is_none() {
                let known: Vec<_> = Language::ALL.iter().map(|l| l.name()).collect();
                return Err(fc.err(
                    lang,
                    format!("unknown language `{name}`"),
                    Some(format!("one of: {}, manifest", known.join(", "))),
                ));
            }
            languages.push(name.clone());
        }
        let mut replacements = Vec::new();
        for r in &spec.replacement {
            let target = Target::parse(r.target.get_ref()).ok_or_else(|| {
                fc.err(
                    &r.target,
                    format!("unknown replacement target `{}`", r.target.get_ref()),
                    Some("one of: matrix, signal, tor, simplex, generic".into()),
                )
            })?;
            replacements.push(Replacement { target, api: r.api.clone(), note: r.note.clone(), docs: r.docs.clone() });
        }
        if replacements.is_empty() {
            return Err(fc.err(
                &spec.id,
                format!("rule `{id}` has no [[rule.replacement]]"),
                Some("every rule says what to migrate to: add at least one [[rule.replacement]] table".into()),
            ));
        }

        let m = spec.matcher.get_ref();
        if m.modules.is_empty() && m.strings.is_empty() && m.dependencies.is_empty() {
            let msg = if m.symbols.is_empty() {
                "`[rule.match]` matches nothing"
            } else {
                "`symbols` need `modules` to say where they come from"
            };
            return Err(fc.err(&spec.matcher, msg, Some("give at least one of modules, strings, dependencies".into())));
        }

        let mut needle_sets = Vec::new();
        let mut manifest_sets = Vec::new();
        for module in &m.modules {
            let pattern = module.get_ref();
            self.module_patterns.push((fc.glob(module, "modules")?, index));
            // `a.b.*` also means the package `a.b` itself.
            for suffix in [".*", "/*", "::*"] {
                if let Some(base) = pattern.strip_suffix(suffix) {
                    self.module_patterns.push((
                        fc.glob(module, "modules")
                            .and_then(|_| module_glob(base).map_err(|e| fc.err(module, e.to_string(), None)))?,
                        index,
                    ));
                }
            }
            needle_sets.push(module_needle(pattern));
        }
        let mut symbols = SymbolMatcher::default();
        let mut symbol_globs = GlobSetBuilder::new();
        let mut has_symbol_globs = false;
        for sym in &m.symbols {
            let s = sym.get_ref();
            if s.contains(['*', '?', '[', '{']) {
                symbol_globs.add(fc.glob(sym, "symbols")?);
                has_symbol_globs = true;
            } else {
                symbols.exact.insert(s.replace("::", "."));
            }
        }
        if has_symbol_globs {
            symbols.globs = Some(symbol_globs.build().map_err(|e| fc.err(&spec.matcher, e.to_string(), None))?);
        }
        for s in &m.strings {
            fc.regex(s, "strings")?;
            self.string_patterns.push((s.get_ref().clone(), index));
            needle_sets.push(any_of(string_needles(s.get_ref())));
            manifest_sets.push(any_of(string_needles(s.get_ref())));
        }
        for d in &m.dependencies {
            let dep = d.get_ref();
            let ecosystem = parse_ecosystem(dep.ecosystem.get_ref()).ok_or_else(|| {
                fc.err(
                    &dep.ecosystem,
                    format!("unknown ecosystem `{}`", dep.ecosystem.get_ref()),
                    Some("one of: npm, maven, swiftpm, cocoapods, cargo, cmake, git, pypi, debian".into()),
                )
            })?;
            if dep.name.is_none() && dep.source.is_none() {
                return Err(fc.err(d, "a dependency matcher needs `name` or `source`", None));
            }
            let name = match &dep.name {
                Some(n) => Some(
                    GlobBuilder::new(n.get_ref())
                        .case_insensitive(true)
                        .build()
                        .map_err(|e| fc.err(n, format!("`name` is not a valid glob: {e}"), None))?
                        .compile_matcher(),
                ),
                None => None,
            };
            let source = match &dep.source {
                Some(s) => Some(fc.regex(s, "source")?),
                None => None,
            };
            // Either the name or the source must appear; take what is certain.
            let needle = match (&dep.name, &dep.source) {
                (Some(n), _) => name_needle(n.get_ref()).map(|n| vec![vec![n]]),
                (None, Some(s)) => any_of(required_literals(s.get_ref())),
                (None, None) => None,
            };
            manifest_sets.push(needle);
            self.dependencies.push(DependencyMatcher { rule: index, ecosystem, name, source });
        }

        let context = match &spec.context {
            Some(ctx) => Some(compile_context(fc, ctx)?),
            None => None,
        };
        let context_needles = spec.context.as_ref().and_then(|c| context_needles(c.get_ref()));
        let needles = better(union(needle_sets), context_needles.clone());
        let manifest_needles = better(union(manifest_sets), context_needles);

        self.ids.insert(id.clone(), fc.path.to_path_buf());
        self.rules.push(Rule {
            id,
            title: spec.title,
            category,
            severity,
            effort,
            languages,
            message: spec.message.trim().into(),
            docs: spec.docs,
            replacements: replacements.into(),
            enabled: true,
            file: fc.path.to_path_buf(),
            patterns: MatchPatterns::from_specs(m, spec.context.as_ref().map(|c| c.get_ref())),
            symbols,
            context,
            needles,
            manifest_needles,
            has_modules: !m.modules.is_empty(),
            has_strings: !m.strings.is_empty(),
            has_dependencies: !m.dependencies.is_empty(),
        });
        Ok(())
    }

    pub fn build(self) -> Result<RuleSet, RuleError> {
        let mut modules = GlobSetBuilder::new();
        let mut module_rules = Vec::new();
        let mut any_module_rules = Vec::new();
        for (glob, rule) in self.module_patterns {
            if glob.glob().bytes().all(|b| b == b'*') {
                any_module_rules.push(rule);
            } else {
                modules.add(glob);
                module_rules.push(rule);
            }
        }
        any_module_rules.sort_unstable();
        any_module_rules.dedup();
        let internal = |e: String| RuleError::Io { path: PathBuf::from("<rules>"), message: e };
        let modules = modules.build().map_err(|e| internal(e.to_string()))?;
        let (patterns, string_rules): (Vec<String>, Vec<usize>) = self.string_patterns.into_iter().unzip();
        let strings = RegexSet::new(&patterns).map_err(|e| internal(e.to_string()))?;
        let by_id = self.rules.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
        Ok(RuleSet {
            rules: self.rules,
            modules,
            module_rules,
            any_module_rules,
            strings,
            string_rules,
            dependencies: self.dependencies,
            by_id,
        })
    }
}

fn parse_ecosystem(s: &str) -> Option<Ecosystem> {
    use Ecosystem::*;
    [Npm, Maven, Swiftpm, Cocoapods, Cargo, Cmake, Git, Pypi, Debian].into_iter().find(|e| e.as_str() == s)
}

fn compile_context(fc: &FileCompiler<'_>, ctx: &Spanned<ContextSpec>) -> Result<Context, RuleError> {
    let c = ctx.get_ref();
    if c.modules.is_empty() && c.strings.is_empty() && c.text.is_empty() {
        return Err(fc.err(
            ctx,
            "`[rule.context]` is empty",
            Some("give modules, strings or text, or remove the table".into()),
        ));
    }
    let modules = if c.modules.is_empty() {
        None
    } else {
        let mut b = GlobSetBuilder::new();
        for m in &c.modules {
            b.add(fc.glob(m, "context.modules")?);
            if let Some(base) = m.get_ref().strip_suffix(".*").or_else(|| m.get_ref().strip_suffix("/*")) {
                b.add(module_glob(base).map_err(|e| fc.err(m, e.to_string(), None))?);
            }
        }
        Some(b.build().map_err(|e| fc.err(ctx, e.to_string(), None))?)
    };
    let regex_set = |list: &[Spanned<String>], field: &str| -> Result<Option<RegexSet>, RuleError> {
        if list.is_empty() {
            return Ok(None);
        }
        for s in list {
            fc.regex(s, field)?;
        }
        RegexSet::new(list.iter().map(|s| s.get_ref())).map(Some).map_err(|e| fc.err(ctx, e.to_string(), None))
    };
    Ok(Context {
        modules,
        strings: regex_set(&c.strings, "context.strings")?,
        text: regex_set(&c.text, "context.text")?,
    })
}

fn context_needles(c: &ContextSpec) -> Option<NeedleGroups> {
    let sets = c
        .modules
        .iter()
        .map(|m| module_needle(m.get_ref()))
        .chain(c.strings.iter().map(|s| any_of(string_needles(s.get_ref()))))
        .chain(c.text.iter().map(|s| any_of(required_literals(s.get_ref()))));
    union(sets)
}

impl RuleSet {
    /// Compiles rules from (path, contents) pairs.
    pub fn from_sources<'a>(sources: impl IntoIterator<Item = (PathBuf, &'a str)>) -> Result<RuleSet, RuleError> {
        let mut b = RuleSetBuilder::default();
        for (path, text) in sources {
            b.add_file(&path, text)?;
        }
        b.build()
    }

    /// The shipped pack plus every `.toml` file under each of `dirs`
    /// (recursively, in sorted order).
    pub fn load(include_default: bool, dirs: &[PathBuf]) -> Result<RuleSet, RuleError> {
        let mut b = RuleSetBuilder::default();
        if include_default {
            for (rel, text) in super::EMBEDDED_RULES {
                b.add_file(&Path::new("rules").join(rel), text)?;
            }
        }
        for dir in dirs {
            for (path, text) in read_rule_dir(dir)? {
                b.add_file(&path, &text)?;
            }
        }
        b.build()
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id).map(|&i| &self.rules[i])
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Drops the rules whose ids are listed. Unknown ids are returned.
    pub fn disable(&mut self, ids: &[String]) -> Vec<String> {
        let mut unknown = Vec::new();
        for id in ids {
            match self.by_id.get(id) {
                Some(&i) => self.rules[i].enabled = false,
                None => unknown.push(id.clone()),
            }
        }
        unknown
    }

    /// Adds a rule defined in code rather than in a rule file (the
    /// suppression checker's `suppression/invalid`). It has no matchers, so
    /// the indexes and the prefilter never see it. `false` if the id exists.
    pub fn add_builtin(&mut self, rule: Rule) -> bool {
        if self.by_id.contains_key(&rule.id) {
            return false;
        }
        self.by_id.insert(rule.id.clone(), self.rules.len());
        self.rules.push(rule);
        true
    }

    /// Overrides the severity of one rule; `false` if no such rule.
    pub fn set_severity(&mut self, id: &str, severity: Severity) -> bool {
        match self.by_id.get(id) {
            Some(&i) => {
                self.rules[i].severity = severity;
                true
            }
            None => false,
        }
    }
}

/// Reads every `.toml` file under `dir` (or `dir` itself if it is a file).
pub fn read_rule_dir(dir: &Path) -> Result<Vec<(PathBuf, String)>, RuleError> {
    let io = |path: &Path, e: &dyn fmt::Display| RuleError::Io { path: path.to_path_buf(), message: e.to_string() };
    if dir.is_file() {
        let text = std::fs::read_to_string(dir).map_err(|e| io(dir, &e))?;
        return Ok(vec![(dir.to_path_buf(), text)]);
    }
    if !dir.is_dir() {
        return Err(io(dir, &"no such directory"));
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let entry = entry.map_err(|e| io(dir, &e))?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(entry.path()).map_err(|e| io(entry.path(), &e))?;
            out.push((entry.path().to_path_buf(), text));
        }
    }
    if out.is_empty() {
        return Err(RuleError::EmptyDirectory { path: dir.to_path_buf() });
    }
    Ok(out)
}

#[cfg(test)]
mod needle_tests {
    use super::*;

    #[test]
    fn string_needles_are_whole_required_literals() {
        // Joined literals are the prefilter's business (see joins.rs and
        // tests/prefilter.rs), so needles stay as selective as the regex allows.
        assert_eq!(
            string_needles(r"(^|[/.])seed[1-3]\.getsession\.org"),
            Some(vec!["seed1.getsession.org".into(), "seed2.getsession.org".into(), "seed3.getsession.org".into()])
        );
        assert_eq!(string_needles(r"^session_util$"), Some(vec!["session_util".to_string()]));
        assert_eq!(string_needles(r"^/oxen/v4/lsrpc$"), Some(vec!["/oxen/v4/lsrpc".to_string()]));
    }

    #[test]
    fn module_needles_are_the_segments_of_the_longest_literal_run() {
        let group = |g: &[&str]| Some(vec![g.iter().map(|s| s.to_string()).collect::<Vec<_>>()]);
        assert_eq!(module_needle("@session.js/*"), group(&["@session"]), "`js` is too short to help");
        assert_eq!(module_needle("@session.js/client"), group(&["@session", "js/client"]));
        assert_eq!(module_needle("sogs.model.*"), group(&["model", "sogs"]));
        assert_eq!(
            module_needle("network.loki.messenger.libsession_util.*"),
            group(&["libsession_util", "loki", "messenger", "network"])
        );
        assert_eq!(module_needle("*/libsession_worker_interface"), group(&["libsession_worker_interface"]));
        assert_eq!(module_needle("session::config"), group(&["config", "session"]));
        assert_eq!(module_needle("session/config/*"), group(&["session/config"]));
        assert_eq!(module_needle("session/network.h"), group(&["session/network"]));
        assert_eq!(module_needle("*"), None);
        assert_eq!(module_needle("{a,b}*x"), group(&["x"]));
    }
}
