//! The scan pipeline: walk → classify → prefilter → parse → facts → match →
//! findings. Each walker thread processes the files it finds and keeps its
//! results in its own buffer; they are merged and sorted once at the end.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ignore::{DirEntry, WalkState};

use crate::facts::{FileFacts, LineIndex, Span};
use crate::fingerprint;
use crate::impact::{self, ModuleNode, ProjectFile};
use crate::isolate;
use crate::lang::{self, FileKind};
use crate::report::{FileError, Finding, Report, Skipped, UnresolvedImport};
use crate::rules::matcher::match_file;
use crate::rules::prefilter::Prefilter;
use crate::rules::RuleSet;
use crate::select::Selection;
use crate::suppress::{self, Suppressions};
use crate::walk::{self, WalkOptions};

pub const DEFAULT_MAX_FILE_SIZE: u64 = 2 * 1024 * 1024;
/// Binary detection looks for a NUL byte in this many leading bytes.
const BINARY_PROBE: usize = 8 * 1024;
/// Snippets longer than this (minified code) are cut.
const MAX_SNIPPET_CHARS: usize = 400;

#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub paths: Vec<PathBuf>,
    pub walk: WalkOptions,
    pub max_file_size: u64,
    /// Which walked files to process (a shard, the changed files).
    pub selection: Selection,
    /// Build the module graph and report the files that reach a finding
    /// through the project's own imports (`--blast-radius`).
    pub blast_radius: bool,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            paths: vec![PathBuf::from(".")],
            walk: WalkOptions { threads: 0, excludes: Vec::new(), default_excludes: true, follow_symlinks: false },
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            selection: Selection::default(),
            blast_radius: false,
        }
    }
}

/// Errors that stop a scan before it starts.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ScanError {
    #[error("path does not exist: {0}")]
    #[diagnostic(code(session_impact::scan::path), help("check the path, or run from the repository root"))]
    MissingPath(PathBuf),
    #[error(transparent)]
    #[diagnostic(
        code(session_impact::scan::exclude),
        help("--exclude takes gitignore-style globs, e.g. 'vendor/**' or '*.min.js'")
    )]
    Exclude(#[from] walk::ExcludeError),
}

/// What processing one file produced.
#[derive(Default)]
struct Outcome {
    files_scanned: usize,
    suppressed: usize,
    findings: Vec<Finding>,
    errors: Vec<FileError>,
    skipped: Vec<Skipped>,
    /// Module graph input (`--blast-radius` only).
    nodes: Vec<ModuleNode>,
    project: Vec<ProjectFile>,
    /// Files in the graph that the selection (shard, changed files) leaves
    /// out: they are neither reported nor re-matched.
    outside: Vec<String>,
}

/// Progress counters shared with an optional progress display.
#[derive(Debug, Default)]
pub struct Progress {
    pub files: AtomicUsize,
    pub findings: AtomicUsize,
}

thread_local! {
    /// The file buffer, reused across files on the same thread.
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The path of `path` relative to `root`, with `/` separators.
pub fn display_path(root: &Path, path: &Path) -> String {
    relative_path(root, root.is_file(), path)
}

/// [`display_path`] with `root.is_file()` already known (it costs a system
/// call, once per scan root rather than once per file).
fn relative_path(root: &Path, root_is_file: bool, path: &Path) -> String {
    let rel = if root_is_file {
        path.file_name().map(Path::new).unwrap_or(path)
    } else {
        path.strip_prefix(root).unwrap_or(path)
    };
    let mut out = String::new();
    for (i, c) in rel.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&c.as_os_str().to_string_lossy());
    }
    if out.is_empty() {
        out = path.to_string_lossy().replace('\\', "/");
    }
    out
}

/// How a scan root is named in paths when several roots are scanned: relative
/// to the current directory when it lies inside it (`apps/web`), else as
/// given; `/` separators, no `./` prefix. For a file root, its directory.
pub fn root_label(root: &Path) -> String {
    let root = if root.is_file() { root.parent().unwrap_or(Path::new("")) } else { root };
    let shown = match (root.is_absolute(), std::env::current_dir()) {
        (true, Ok(cwd)) => root.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or_else(|_| root.to_path_buf()),
        _ => root.to_path_buf(),
    };
    let mut out = Vec::new();
    for c in shown.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::RootDir => out.push(String::new()),
            other => out.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    out.join("/")
}

/// Scans the paths in `options` with `rules`.
pub fn scan(options: &ScanOptions, rules: &RuleSet) -> Result<Report, ScanError> {
    scan_with_progress(options, rules, None)
}

pub fn scan_with_progress(
    options: &ScanOptions,
    rules: &RuleSet,
    progress: Option<&Progress>,
) -> Result<Report, ScanError> {
    for p in &options.paths {
        if std::fs::symlink_metadata(p).is_err() {
            return Err(ScanError::MissingPath(p.clone()));
        }
    }
    let prefilter = Prefilter::new(rules);
    let results: Arc<Mutex<Vec<Outcome>>> = Arc::new(Mutex::new(Vec::new()));
    let multi_root = options.paths.len() > 1;
    for root in &options.paths {
        let walker = walk::build(root, &options.walk)?;
        // `--changed-since` compares canonical paths.
        let root_abs = options.selection.changed.as_ref().map(|_| root.canonicalize().unwrap_or_else(|_| root.clone()));
        let ctx = FileContext {
            root,
            root_is_file: root.is_file(),
            root_abs,
            selection: &options.selection,
            multi_root,
            rules,
            prefilter: &prefilter,
            max_file_size: options.max_file_size,
            progress,
            blast_radius: options.blast_radius,
            parse_timeout: lang::ts_util::DEFAULT_PARSE_TIMEOUT,
        };
        walker.run(|| {
            let sink = ThreadSink { outcome: Outcome::default(), results: Arc::clone(&results) };
            let mut sink = sink;
            let ctx = &ctx;
            Box::new(move |entry| {
                ctx.visit(entry, &mut sink.outcome);
                WalkState::Continue
            })
        });
    }
    let outcomes = match Arc::try_unwrap(results) {
        Ok(m) => m.into_inner().unwrap_or_else(|p| p.into_inner()),
        Err(arc) => std::mem::take(&mut *arc.lock().unwrap_or_else(|p| p.into_inner())),
    };
    let mut report =
        Report::empty(options.paths.iter().map(|p| p.to_string_lossy().into_owned()).collect::<Vec<_>>().join(" "));
    let mut nodes = Vec::new();
    let mut project = Vec::new();
    let mut outside = BTreeSet::new();
    // One allocation for every finding: growing the vector as the threads'
    // lists are appended copies (and page-faults in) it again and again.
    report.findings.reserve_exact(outcomes.iter().map(|o| o.findings.len()).sum());
    for o in outcomes {
        report.summary.files_scanned += o.files_scanned;
        report.summary.suppressed += o.suppressed;
        report.findings.extend(o.findings);
        report.errors.extend(o.errors);
        report.skipped.extend(o.skipped);
        nodes.extend(o.nodes);
        project.extend(o.project);
        outside.extend(o.outside);
    }
    if options.blast_radius {
        blast_radius(rules, Graph { nodes, project, outside }, &mut report);
    }
    // Fingerprints were assigned per file, on the workers (see `analyse_file`).
    report.finish();
    Ok(report)
}

/// Moves a thread's results into the shared list once, when the walker
/// drops the thread's visitor.
struct ThreadSink {
    outcome: Outcome,
    results: Arc<Mutex<Vec<Outcome>>>,
}

impl Drop for ThreadSink {
    fn drop(&mut self) {
        let outcome = std::mem::take(&mut self.outcome);
        if let Ok(mut r) = self.results.lock() {
            r.push(outcome);
        }
    }
}

struct FileContext<'a> {
    root: &'a Path,
    root_is_file: bool,
    /// The canonical root, when changed files are selected.
    root_abs: Option<PathBuf>,
    selection: &'a Selection,
    multi_root: bool,
    rules: &'a RuleSet,
    prefilter: &'a Prefilter,
    max_file_size: u64,
    progress: Option<&'a Progress>,
    blast_radius: bool,
    /// How long one file's parse may take (see [`lang::ts_util::parse`]).
    parse_timeout: Duration,
}

impl FileContext<'_> {
    fn rel(&self, path: &Path) -> String {
        let rel = relative_path(self.root, self.root_is_file, path);
        if self.multi_root {
            let root = root_label(self.root);
            if root.is_empty() {
                rel
            } else {
                format!("{root}/{rel}")
            }
        } else {
            rel
        }
    }

    fn count_scanned(&self, out: &mut Outcome) {
        out.files_scanned += 1;
        if let Some(p) = self.progress {
            p.files.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn visit(&self, entry: Result<DirEntry, ignore::Error>, out: &mut Outcome) {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = error_path(&err).map(|p| self.rel(&p)).unwrap_or_default();
                out.errors.push(FileError { path, message: err.to_string() });
                return;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            return;
        }
        let path = entry.path();
        if self.blast_radius {
            self.read_project_file(path, out);
        }
        let Some(kind) = lang::classify(path) else { return };
        // The module graph needs every source file, even of languages no
        // rule applies to.
        let graph_node = self.blast_radius && matches!(kind, FileKind::Source(_));
        if !self.prefilter.wants(kind) && !graph_node {
            return;
        }
        // The path relative to the root is made only where it is needed
        // (shards, findings, errors), not for every file of the tree.
        let selective = self.selection.shard.is_some() || self.selection.changed.is_some();
        if selective && !self.selected(path, &self.rel(path)) {
            // The blast radius of a shard runs over the whole tree's graph
            // (shards are merged into the single scan's blast radius), so
            // every shard reads the imports of the files it does not scan.
            if graph_node {
                self.graph_only(path, kind, out);
            }
            return;
        }
        self.scan_file(path, kind, graph_node, out);
    }

    /// Adds a file outside the selection to the module graph, exactly as
    /// [`FileContext::scan_file`] would (so every shard builds the same
    /// graph), without reporting anything about it: its own shard does.
    fn graph_only(&self, path: &Path, kind: FileKind, out: &mut Outcome) {
        let FileKind::Source(language) = kind else { return };
        let Ok(bytes) = read_capped(path, self.max_file_size) else { return };
        if bytes.len() as u64 > self.max_file_size || looks_binary(&bytes) {
            return;
        }
        let rel = self.rel(path);
        let source = decode(&bytes);
        let wanted = self.prefilter.wants(kind) && self.prefilter.may_match(kind, &bytes);
        let node = isolate::catch(|| {
            if wanted {
                lang::extract(kind, &source)
                    .ok()
                    .map(|facts| ModuleNode::from_facts(rel.clone(), path.to_path_buf(), language, &facts, &source))
            } else {
                Some(ModuleNode::scan(rel.clone(), path.to_path_buf(), language, &source))
            }
        });
        if let Ok(Some(node)) = node {
            out.nodes.push(node);
            out.outside.push(rel);
        }
    }

    /// Reads and analyses one listed file. Anything that goes wrong (the
    /// file vanished or cannot be read since it was listed, a parser error,
    /// a panic) becomes an entry in `out.errors`.
    fn scan_file(&self, path: &Path, kind: FileKind, graph_node: bool, out: &mut Outcome) {
        // No stat before reading: the read is capped one byte past the size
        // limit, which tells oversized files apart just as well, and the
        // exact size is asked of the open file only when it is too big.
        BUFFER.with(|buf| {
            let mut buf = buf.borrow_mut();
            buf.clear();
            let read = std::fs::File::open(path).and_then(|f| {
                let mut limited = f.take(self.max_file_size + 1);
                limited.read_to_end(&mut buf)?;
                Ok(limited.into_inner())
            });
            let file = match read {
                Ok(file) => file,
                Err(e) => {
                    self.count_scanned(out);
                    out.errors.push(FileError { path: self.rel(path), message: format!("could not read file: {e}") });
                    return;
                }
            };
            if buf.len() as u64 > self.max_file_size {
                let size = file.metadata().map(|m| m.len()).unwrap_or(buf.len() as u64);
                out.skipped.push(Skipped {
                    path: self.rel(path),
                    reason: format!("larger than --max-file-size ({size} bytes > {} bytes)", self.max_file_size),
                });
                return;
            }
            self.count_scanned(out);
            if looks_binary(&buf) {
                out.skipped
                    .push(Skipped { path: self.rel(path), reason: "binary file (NUL byte in the first 8 KiB)".into() });
                return;
            }
            let wanted = self.prefilter.wants(kind) && self.prefilter.may_match(kind, &buf);
            if !wanted {
                if let (true, FileKind::Source(language)) = (graph_node, kind) {
                    let source = decode(&buf);
                    let rel = self.rel(path);
                    let scanned = isolate::catch(|| ModuleNode::scan(rel, path.to_path_buf(), language, &source));
                    // A scanner panic only costs the file its graph edges.
                    if let Ok(node) = scanned {
                        out.nodes.push(node);
                    }
                }
                return;
            }
            let rel = self.rel(path);
            let source = decode(&buf);
            let result = isolate::catch(|| {
                lang::ts_util::with_parse_timeout(self.parse_timeout, || {
                    analyse_file(self.rules, kind, &rel, &source, None)
                })
            });
            match result {
                Ok(Ok((analysis, facts))) => {
                    if let Some(p) = self.progress {
                        p.findings.fetch_add(analysis.findings.len(), Ordering::Relaxed);
                    }
                    out.findings.extend(analysis.findings);
                    out.suppressed += analysis.suppressed;
                    if let (true, FileKind::Source(language)) = (graph_node, kind) {
                        out.nodes.push(ModuleNode::from_facts(
                            rel.clone(),
                            path.to_path_buf(),
                            language,
                            &facts,
                            &source,
                        ));
                    }
                }
                Ok(Err(e)) => out.errors.push(FileError { path: rel.clone(), message: e.0 }),
                Err(what) => {
                    out.errors.push(FileError {
                        path: rel.clone(),
                        message: format!("internal error while analysing this file: {what}"),
                    });
                }
            }
        });
    }
}

impl FileContext<'_> {
    /// Whether the selection (shard, changed files) includes this file.
    fn selected(&self, path: &Path, rel: &str) -> bool {
        if let Some(shard) = &self.selection.shard {
            if !shard.contains(rel) {
                return false;
            }
        }
        if let (Some(changed), Some(root_abs)) = (&self.selection.changed, &self.root_abs) {
            let inside = path.strip_prefix(self.root).unwrap_or(path);
            let abs = if inside.as_os_str().is_empty() { root_abs.clone() } else { root_abs.join(inside) };
            return changed.contains(&abs);
        }
        true
    }

    /// Keeps the text of the configuration files import resolution reads
    /// (tsconfig.json, package.json, Package.swift, CMakeLists.txt, ...).
    fn read_project_file(&self, path: &Path, out: &mut Outcome) {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return };
        if !impact::is_project_file(name) {
            return;
        }
        let mut text = String::new();
        let read = std::fs::File::open(path).and_then(|f| f.take(impact::MAX_PROJECT_FILE).read_to_string(&mut text));
        if read.is_ok() {
            out.project.push(ProjectFile { path: self.rel(path), text });
        }
    }
}

/// A file's text; invalid UTF-8 is replaced (U+FFFD) and scanned anyway.
/// `str::from_utf8` first: its ASCII fast path is several times quicker
/// than the lossy decoder on the valid files that are nearly all of a tree.
fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Binary detection: a NUL byte in the first [`BINARY_PROBE`] bytes.
fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]).is_some()
}

/// Reads at most `limit + 1` bytes of a file: one more than the size limit
/// tells an oversized file apart without a stat.
fn read_capped(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(limit + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// What the walk collected for the module graph (`--blast-radius`).
struct Graph {
    nodes: Vec<ModuleNode>,
    project: Vec<ProjectFile>,
    /// Paths of the nodes outside the selection.
    outside: BTreeSet<String>,
}

/// Builds the module graph, re-matches the files that import Session
/// symbols through the project's own barrels and wrappers, and records the
/// blast radius of the findings in `report`.
fn blast_radius(rules: &RuleSet, graph: Graph, report: &mut Report) {
    use rayon::prelude::*;

    let analysis = impact::Analysis::new(graph.nodes, graph.project, rules);
    let rewriter = analysis.rewriter();
    let candidates = analysis.rematch_candidates();
    let rematched: Vec<(String, Vec<Finding>)> = candidates
        .par_iter()
        .filter(|&&i| !graph.outside.contains(&analysis.nodes()[i].path))
        .filter_map(|&i| {
            let node = &analysis.nodes()[i];
            let bytes = std::fs::read(&node.fs_path).ok()?;
            let source = decode(&bytes);
            let kind = FileKind::Source(node.language);
            let rewrite = |facts: &mut FileFacts| rewriter.rewrite(i, facts);
            let result = isolate::catch(|| analyse_file(rules, kind, &node.path, &source, Some(&rewrite)));
            match result {
                Ok(Ok((analysis, _))) => Some((node.path.clone(), analysis.findings)),
                // The first pass already reported what is wrong with it.
                _ => None,
            }
        })
        .collect();
    if !rematched.is_empty() {
        let replaced: BTreeSet<&str> = rematched.iter().map(|(p, _)| p.as_str()).collect();
        report.findings.retain(|f| !replaced.contains(f.path.as_str()));
        for (_, findings) in &rematched {
            report.findings.extend(findings.iter().cloned());
        }
    }
    let direct: BTreeSet<&str> = report.findings.iter().map(|f| f.path.as_str()).collect();
    let impacted = impact::compute(&analysis, &direct);
    report.summary.impacted_files = Some(impacted.len());
    let mut unresolved: Vec<UnresolvedImport> = analysis
        .unresolved_list()
        .into_iter()
        .map(|(path, import)| UnresolvedImport { path: path.to_string(), import: import.to_string() })
        .collect();
    unresolved.sort();
    unresolved.dedup();
    report.summary.unresolved_imports = Some(unresolved.len());
    report.impact = Some(impacted);
    report.unresolved = Some(unresolved);
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// What analysing one file produced.
#[derive(Debug, Default)]
pub struct FileAnalysis {
    /// Findings not hidden by suppression comments, plus those reporting
    /// unusable suppression comments.
    pub findings: Vec<Finding>,
    /// Findings hidden by suppression comments.
    pub suppressed: usize,
}

/// Extracts facts from one file's text and turns rule matches into findings,
/// without those hidden by suppression comments.
/// Paths are already relative; `source` is the whole file.
pub fn analyse(rules: &RuleSet, kind: FileKind, rel: &str, source: &str) -> Result<Vec<Finding>, lang::ExtractError> {
    analyse_file(rules, kind, rel, source, None).map(|(a, _)| a.findings)
}

/// Rewrites a file's facts before matching, returning the spans of the
/// imports it added (see [`impact::Analysis::rewrite`]).
type Rewrite<'a> = &'a (dyn Fn(&mut FileFacts) -> Vec<Span> + Sync);

/// [`analyse`], also counting the suppressed findings and handing back the
/// facts (the module graph reads their imports), with an optional rewrite of
/// the facts before matching (imports carried through barrels).
pub fn analyse_file(
    rules: &RuleSet,
    kind: FileKind,
    rel: &str,
    source: &str,
    rewrite: Option<Rewrite<'_>>,
) -> Result<(FileAnalysis, FileFacts), lang::ExtractError> {
    let mut facts = lang::extract(kind, source)?;
    let added = rewrite.map(|r| r(&mut facts)).unwrap_or_default();
    let mut matches = match_file(rules, kind.name(), &facts, source);
    if !added.is_empty() {
        // An import carried through a barrel stands on the local import's
        // line: module-level rules belong to the barrel, symbol-level ones
        // fire here as for a direct import.
        matches.retain(|m| rules.rules[m.rule].has_symbols() || !added.contains(&m.span));
    }
    if rewrite.is_some() {
        matches.retain(|m| m.span != impact::reexports::HIDDEN);
    }
    let lines = LineIndex::new(source);
    let mut findings = findings_of(rules, matches, kind, rel, &lines);
    let suppressions = Suppressions::parse(kind, &facts, source, &lines);
    let mut suppressed = 0;
    if !suppressions.is_empty() {
        let before = findings.len();
        findings.retain(|f| !suppressions.hides(f));
        suppressed = before - findings.len();
        findings.extend(suppress::problem_findings(rules, suppressions.problems(rules), kind, rel, &lines));
    }
    if !findings.is_empty() {
        let wanted: BTreeSet<usize> = findings.iter().map(|f| f.line).collect();
        let hashes = fingerprint::line_hashes(source, &wanted);
        for f in &mut findings {
            if let Some(h) = hashes.get(&f.line) {
                f.line_hash = h.clone();
            }
        }
        // In report order, as `Report::finish` leaves them, so that the
        // fingerprints' occurrence counts are those of the final report.
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
        fingerprint::assign(&mut findings);
    }
    Ok((FileAnalysis { findings, suppressed }, facts))
}

fn findings_of(
    rules: &RuleSet,
    matches: Vec<crate::rules::matcher::Match>,
    kind: FileKind,
    rel: &str,
    lines: &LineIndex<'_>,
) -> Vec<Finding> {
    matches
        .into_iter()
        .map(|m| {
            let rule = &rules.rules[m.rule];
            let snippet: String = lines.line_text(m.span.line).trim_end().chars().take(MAX_SNIPPET_CHARS).collect();
            Finding {
                rule_id: rule.id.clone(),
                severity: rule.severity,
                category: rule.category.clone(),
                effort: rule.effort,
                path: rel.to_string(),
                line: m.span.line,
                column: m.span.column,
                end_line: m.span.end_line,
                end_column: m.span.end_column,
                message: rule.message.clone(),
                snippet,
                language: kind.name().to_string(),
                fingerprint: String::new(),
                line_hash: String::new(),
                replacements: rule.replacements.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Language;

    fn context<'a>(
        root: &'a Path,
        rules: &'a RuleSet,
        prefilter: &'a Prefilter,
        selection: &'a Selection,
        parse_timeout: Duration,
    ) -> FileContext<'a> {
        FileContext {
            root,
            root_is_file: false,
            blast_radius: false,
            root_abs: None,
            selection,
            multi_root: false,
            rules,
            prefilter,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            progress: None,
            parse_timeout,
        }
    }

    #[test]
    fn a_file_that_vanishes_after_it_was_listed_is_an_error_entry() {
        let rules = RuleSet::load(true, &[]).expect("shipped rules load");
        let prefilter = Prefilter::new(&rules);
        let selection = Selection::default();
        let dir = tempfile::tempdir().expect("temp dir");
        let ctx = context(dir.path(), &rules, &prefilter, &selection, lang::ts_util::DEFAULT_PARSE_TIMEOUT);
        let path = dir.path().join("gone.ts");
        std::fs::write(&path, "import { Session } from '@session.js/client';\n").expect("write");
        let kind = FileKind::Source(Language::TypeScript);
        let mut out = Outcome::default();
        ctx.scan_file(&path, kind, false, &mut out);
        assert_eq!((out.findings.len(), out.errors.len()), (2, 0), "the file is scanned while it exists");

        // Listed by the walk, then deleted before it is read.
        std::fs::remove_file(&path).expect("remove");
        let mut out = Outcome::default();
        ctx.scan_file(&path, kind, false, &mut out);
        assert!(out.findings.is_empty());
        assert_eq!(out.errors.len(), 1);
        assert_eq!(out.errors[0].path, "gone.ts");
        assert!(out.errors[0].message.starts_with("could not read file:"), "{}", out.errors[0].message);
    }

    #[test]
    fn a_file_whose_parse_runs_out_of_time_is_an_error_entry() {
        let rules = RuleSet::load(true, &[]).expect("shipped rules load");
        let prefilter = Prefilter::new(&rules);
        let selection = Selection::default();
        let dir = tempfile::tempdir().expect("temp dir");
        // A zero budget is spent at the parser's first progress check, so
        // the outcome does not depend on how fast the machine is.
        let ctx = context(dir.path(), &rules, &prefilter, &selection, Duration::ZERO);
        let path = dir.path().join("slow.ts");
        let body = "export const f = (a: number) => a.b.c(a, (a + 1) * 2);\n".repeat(300);
        std::fs::write(&path, format!("import {{ Session }} from '@session.js/client';\n{body}")).expect("write");
        let mut out = Outcome::default();
        ctx.scan_file(&path, FileKind::Source(Language::TypeScript), false, &mut out);
        assert!(out.findings.is_empty());
        assert_eq!(out.files_scanned, 1, "the file counts as scanned");
        assert_eq!(out.errors.len(), 1, "the file is reported, not silently lost");
        assert_eq!(out.errors[0].path, "slow.ts");
        assert!(out.errors[0].message.starts_with("parsing took longer than 0 s"), "{}", out.errors[0].message);
    }
}
