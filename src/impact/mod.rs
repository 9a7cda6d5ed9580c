//! Blast radius: the project's own module graph, Session symbols carried
//! through wrappers and barrels, and every file that transitively reaches a
//! direct finding.
//!
//! The scan hands over one [`ModuleNode`] per source file (from the full
//! facts of the files the prefilter let through, from a cheap
//! [`imports`] scan of the others) and the few [`ProjectFile`]s resolution
//! needs. [`Analysis::new`] resolves imports ([`resolve`]), builds the
//! graph ([`graph`]) and the re-export tables ([`reexports`]); the scan then
//! re-matches the files that import Session symbols through a barrel
//! ([`Analysis::rematch_candidates`], [`Analysis::rewrite`]) and finally
//! calls [`compute`] with the files that have findings.

pub mod graph;
pub mod imports;
pub mod reexports;
pub mod resolve;

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::facts::{FileFacts, Import, Span};
use crate::lang::Language;
use crate::report::ImpactedFile;
use crate::rules::RuleSet;

use graph::Graph;
use reexports::ExportTables;
use resolve::Resolver;

/// One source file as the module graph sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleNode {
    /// Relative to the scan root, `/`-separated (as in findings).
    pub path: String,
    /// Where to read it again, for re-matching.
    pub fs_path: PathBuf,
    pub language: Language,
    pub imports: Vec<Import>,
    /// Kotlin/Java `package`.
    pub package: Option<String>,
    /// Names declared at top level.
    pub exports: Vec<String>,
    /// Hashes of the identifiers used (Kotlin, Java, Swift: same-package
    /// and same-module files need no import).
    pub mentions: Vec<u64>,
}

impl ModuleNode {
    /// A node from a file's full facts (the prefilter let it through).
    pub fn from_facts(path: String, fs_path: PathBuf, language: Language, facts: &FileFacts, source: &str) -> Self {
        Self::compact(ModuleNode {
            path,
            fs_path,
            language,
            imports: facts.imports.clone(),
            package: facts.package.as_ref().map(|p| p.name.clone()),
            exports: facts.exports.clone(),
            mentions: imports::mentions(language, source),
        })
    }

    /// A node from a cheap scan of the text (the prefilter rejected it).
    pub fn scan(path: String, fs_path: PathBuf, language: Language, source: &str) -> Self {
        let scanned = imports::scan(language, source);
        Self::compact(ModuleNode {
            path,
            fs_path,
            language,
            imports: scanned.imports,
            package: scanned.package,
            exports: scanned.exports,
            mentions: scanned.mentions,
        })
    }

    /// Nodes of every file of a tree are held until the walk ends: no
    /// spare capacity.
    fn compact(mut self) -> Self {
        self.imports.shrink_to_fit();
        self.exports.shrink_to_fit();
        self.mentions.shrink_to_fit();
        self
    }
}

/// A configuration file that import resolution reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectFile {
    pub path: String,
    pub text: String,
}

/// Project files resolution reads, by file name. Also the manifests among
/// them are scanned as usual.
pub fn is_project_file(name: &str) -> bool {
    matches!(
        name,
        "package.json"
            | "pnpm-workspace.yaml"
            | "jsconfig.json"
            | "Package.swift"
            | "CMakeLists.txt"
            | "Cargo.toml"
            | "pyproject.toml"
            | "setup.py"
            | "setup.cfg"
    ) || (name.starts_with("tsconfig") && name.ends_with(".json"))
        || name.ends_with(".cmake")
}

/// Project files larger than this are not read for resolution.
pub const MAX_PROJECT_FILE: u64 = 1024 * 1024;

/// The module graph of a scan, ready to re-match barrel importers and to
/// compute the blast radius.
pub struct Analysis {
    nodes: Vec<ModuleNode>,
    project: Vec<ProjectFile>,
    graph: Graph,
    tables: ExportTables,
}

impl Analysis {
    /// Resolves every node's imports and computes the re-export tables.
    /// Nodes and project files may come in any order.
    pub fn new(mut nodes: Vec<ModuleNode>, mut project: Vec<ProjectFile>, rules: &RuleSet) -> Analysis {
        nodes.sort_by(|a, b| a.path.cmp(&b.path));
        nodes.dedup_by(|a, b| a.path == b.path);
        project.sort_by(|a, b| a.path.cmp(&b.path));
        project.dedup_by(|a, b| a.path == b.path);
        // A rule matching every module (`*`) makes every import relevant.
        let any_module = !rules.any_module_rules.is_empty();
        let relevant = |module: &str, name: Option<&str>| {
            any_module
                || rules.modules.is_match(module)
                || name.is_some_and(|n| rules.modules.is_match(format!("{module}.{n}")))
        };
        let (graph, tables) = {
            let resolver = Resolver::new(&nodes, &project);
            let graph = Graph::build(&nodes, &resolver);
            let tables = ExportTables::build(&nodes, &graph, &resolver, &relevant);
            (graph, tables)
        };
        Analysis { nodes, project, graph, tables }
    }

    pub fn nodes(&self) -> &[ModuleNode] {
        &self.nodes
    }

    /// (file, specifier) of each unresolved local import, in path order.
    pub fn unresolved_list(&self) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        for (i, targets) in self.graph.targets.iter().enumerate() {
            for (k, t) in targets {
                if *t == resolve::Target::Unresolved {
                    out.push((self.nodes[i].path.as_str(), self.nodes[i].imports[*k].module.as_str()));
                }
            }
        }
        out
    }

    /// Files that import something a barrel carries from a Session module:
    /// they must be matched again with [`Analysis::rewrite`] applied.
    pub fn rematch_candidates(&self) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&i| {
                self.graph.targets[i].iter().any(|(_, t)| match t {
                    resolve::Target::Files(files) => files.iter().any(|&g| g != i && self.tables.carries(g)),
                    _ => false,
                })
            })
            .collect()
    }

    /// Rewrites the full facts of node `file` so that what it imports
    /// through barrels binds like a direct import. Returns the spans of the
    /// imports it added (module-level rules must not fire on them).
    pub fn rewrite(&self, file: usize, facts: &mut FileFacts) -> Vec<Span> {
        let resolver = Resolver::new(&self.nodes, &self.project);
        self.tables.rewrite(&self.nodes, &resolver, file, facts)
    }

    /// Like [`Analysis::rewrite`] for many files with one resolver.
    pub fn rewriter(&self) -> Rewriter<'_> {
        Rewriter { analysis: self, resolver: Resolver::new(&self.nodes, &self.project) }
    }
}

/// Rewrites facts of several files with one resolver (building it reads the
/// project files again).
pub struct Rewriter<'a> {
    analysis: &'a Analysis,
    resolver: Resolver<'a>,
}

impl Rewriter<'_> {
    pub fn rewrite(&self, file: usize, facts: &mut FileFacts) -> Vec<Span> {
        self.analysis.tables.rewrite(&self.analysis.nodes, &self.resolver, file, facts)
    }
}

/// The blast radius of `direct` (paths of files with findings): every other
/// file that reaches one of them through the module graph.
pub fn compute(analysis: &Analysis, direct: &BTreeSet<&str>) -> Vec<ImpactedFile> {
    let paths: Vec<&str> = analysis.nodes.iter().map(|n| n.path.as_str()).collect();
    let is_direct: Vec<bool> = paths.iter().map(|p| direct.contains(p)).collect();
    let mut out: Vec<ImpactedFile> = analysis
        .graph
        .impact(&paths, &is_direct)
        .into_iter()
        .map(|r| ImpactedFile {
            path: paths[r.node].to_string(),
            depth: r.depth,
            via: r.via.iter().map(|&i| paths[i].to_string()).collect(),
            reaches: r.reaches.iter().map(|&i| paths[i].to_string()).collect(),
        })
        .collect();
    out.sort_by(|a, b| (a.depth, &a.path).cmp(&(b.depth, &b.path)));
    out
}

/// Combines the blast radii of the shards of one scan (`session-impact
/// merge`) into the single scan's: each shard searched from its own files
/// with findings over the whole graph, so a file's depth is the smallest
/// over shards and its chain the smallest of that depth (the one a single
/// scan picks); files with findings anywhere are not impacted.
pub fn merge(shards: Vec<Vec<ImpactedFile>>, direct: &BTreeSet<&str>) -> Vec<ImpactedFile> {
    let mut best: std::collections::BTreeMap<String, ImpactedFile> = std::collections::BTreeMap::new();
    for file in shards.into_iter().flatten() {
        if direct.contains(file.path.as_str()) {
            continue;
        }
        match best.get_mut(&file.path) {
            None => {
                best.insert(file.path.clone(), file);
            }
            Some(b) => {
                let mut reaches: BTreeSet<String> = b.reaches.drain(..).collect();
                reaches.extend(file.reaches.iter().cloned());
                if (file.depth, &file.via) < (b.depth, &b.via) {
                    b.depth = file.depth;
                    b.via = file.via;
                }
                b.reaches = reaches.into_iter().collect();
            }
        }
    }
    let mut out: Vec<ImpactedFile> = best.into_values().collect();
    out.sort_by(|a, b| (a.depth, &a.path).cmp(&(b.depth, &b.path)));
    out
}
