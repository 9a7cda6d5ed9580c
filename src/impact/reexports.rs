//! Re-exports: which external (module, name) bindings each local module
//! hands to its importers, and rewriting an importer's facts so its uses of
//! them match rules like a direct import would.
//!
//! A barrel (`export * from '@session.js/client'`, `export { Session as S }
//! from '…'`, `module.exports = require('…')`, Python `from .x import *` or
//! `from session_util import blinding` in `__init__.py`, Swift
//! `@_exported import SessionUtil`, a C++ header that includes
//! `<session/…>`, Rust `pub use`) is described by its export sources; the
//! tables are computed to a fixpoint, so chains of barrels and cycles
//! between them are handled. Only bindings of modules some rule names are
//! kept: the rest cannot change a finding.

use std::collections::{BTreeMap, BTreeSet};

use super::graph::Graph;
use super::resolve::{Family, Resolver, Target};
use super::ModuleNode;
use crate::facts::{FileFacts, Import, ImportKind, Span};
use crate::resolve::split_head;

/// What a name exported by a local module stands for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Binding {
    /// `name: None` is the module itself (a namespace or default import).
    External { module: String, name: Option<String> },
    /// The namespace of a local module.
    Local(usize),
}

#[derive(Debug, Clone)]
enum Origin {
    External(String),
    Local(Vec<usize>),
}

#[derive(Debug, Clone)]
enum Source {
    /// Everything the origin exports.
    Star(Origin),
    /// `exported` stands for `name` of the origin (`None`: its namespace).
    Named { exported: String, origin: Origin, name: Option<String> },
}

/// The export tables of every node.
#[derive(Debug, Default)]
pub struct ExportTables {
    named: Vec<BTreeMap<String, BTreeSet<Binding>>>,
    /// External modules re-exported whole.
    stars: Vec<BTreeSet<String>>,
    /// Names each node declares itself (they shadow star re-exports).
    declared: Vec<BTreeSet<String>>,
}

/// Whether a rule could care about `module` (or `module.name`).
pub type Relevant<'a> = dyn Fn(&str, Option<&str>) -> bool + 'a;

/// The span of imports added for names the file does not write on the
/// import line (members of a local namespace, names a wildcard brings in):
/// no finding may stand on it. A direct `import * as sdk from 'm'` or
/// wildcard import fires no symbol rule on its line either.
pub const HIDDEN: Span =
    Span { start_byte: usize::MAX, end_byte: usize::MAX, line: 0, column: 0, end_line: 0, end_column: 0 };

/// How far namespace chains (`a.b.c` through nested namespace re-exports)
/// are followed.
const MAX_NAMESPACE_DEPTH: usize = 4;

/// The local names an import binds.
fn bound_name(import: &Import) -> Option<&str> {
    import.alias.as_deref().or(import.name.as_deref())
}

impl ExportTables {
    pub fn build(
        nodes: &[ModuleNode],
        graph: &Graph,
        resolver: &Resolver<'_>,
        relevant: &Relevant<'_>,
    ) -> ExportTables {
        let n = nodes.len();
        let mut sources: Vec<Vec<Source>> = vec![Vec::new(); n];
        for (i, node) in nodes.iter().enumerate() {
            let family = Family::of(node.language);
            let exported: BTreeSet<&str> = node.exports.iter().map(String::as_str).collect();
            for (k, import) in node.imports.iter().enumerate() {
                let origin = match graph.target(i, k) {
                    Target::Files(files) => Origin::Local(files.clone()),
                    // Bindings no rule can match change no finding.
                    Target::External if relevant(&import.module, import.name.as_deref()) => {
                        Origin::External(import.module.clone())
                    }
                    _ => continue,
                };
                // Which imports a module passes on to its importers.
                let passes_on = match family {
                    // Python binds every import in the module's namespace;
                    // a C/C++ include is textual.
                    Family::Python | Family::C => true,
                    Family::Js => import.reexport || bound_name(import).is_some_and(|b| exported.contains(b)),
                    Family::Swift | Family::Rust => import.reexport,
                    Family::Jvm => false,
                };
                if !passes_on {
                    continue;
                }
                let source = match (&import.kind, family) {
                    (_, Family::C) | (ImportKind::Wildcard, _) => Source::Star(origin),
                    (ImportKind::Named, _) => {
                        let Some(name) = import.name.clone() else { continue };
                        let exported = import.alias.clone().unwrap_or_else(|| name.clone());
                        // Python `from pkg import sub`: the submodule.
                        let sub = resolver.python_submodule(i, import);
                        match sub {
                            Some(s) => Source::Named { exported, origin: Origin::Local(vec![s]), name: None },
                            None => Source::Named { exported, origin, name: Some(name) },
                        }
                    }
                    (ImportKind::Namespace, _) => {
                        let Some(exported) = import.alias.clone() else { continue };
                        Source::Named { exported, origin, name: None }
                    }
                    (ImportKind::SideEffect, _) => continue,
                };
                sources[i].push(source);
            }
        }

        let involved: Vec<usize> = (0..n).filter(|&i| !sources[i].is_empty()).collect();
        let mut declared: Vec<BTreeSet<String>> = vec![BTreeSet::new(); n];
        for &i in &involved {
            let bound: BTreeSet<&str> = nodes[i].imports.iter().filter_map(bound_name).collect();
            declared[i] = nodes[i].exports.iter().filter(|e| !bound.contains(e.as_str())).cloned().collect();
        }
        let mut tables = ExportTables { named: vec![BTreeMap::new(); n], stars: vec![BTreeSet::new(); n], declared };
        // Monotone: sets only grow, and they are bounded, so this ends.
        loop {
            let mut changed = false;
            for &i in &involved {
                for source in &sources[i] {
                    match source {
                        Source::Star(Origin::External(m)) => {
                            if relevant(m, None) {
                                changed |= tables.stars[i].insert(m.clone());
                            }
                        }
                        Source::Star(Origin::Local(files)) => {
                            for &g in files.iter().filter(|&&g| g != i) {
                                let stars: Vec<String> = tables.stars[g].iter().cloned().collect();
                                for m in stars {
                                    changed |= tables.stars[i].insert(m);
                                }
                                let named: Vec<(String, BTreeSet<Binding>)> =
                                    tables.named[g].iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                                for (name, bindings) in named {
                                    if tables.declared[i].contains(&name) {
                                        continue;
                                    }
                                    let entry = tables.named[i].entry(name).or_default();
                                    for b in bindings {
                                        changed |= entry.insert(b);
                                    }
                                }
                            }
                        }
                        Source::Named { exported, origin: Origin::External(m), name } => {
                            if relevant(m, name.as_deref()) {
                                let b = Binding::External { module: m.clone(), name: name.clone() };
                                changed |= tables.named[i].entry(exported.clone()).or_default().insert(b);
                            }
                        }
                        Source::Named { exported, origin: Origin::Local(files), name } => {
                            let mut found = BTreeSet::new();
                            for &g in files {
                                match name {
                                    None => {
                                        if tables.carries(g) {
                                            found.insert(Binding::Local(g));
                                        }
                                    }
                                    Some(name) => found.extend(tables.lookup(g, name)),
                                }
                            }
                            if !found.is_empty() {
                                let entry = tables.named[i].entry(exported.clone()).or_default();
                                for b in found {
                                    changed |= entry.insert(b);
                                }
                            }
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        tables
    }

    /// Whether module `g` passes on anything a rule could match.
    pub fn carries(&self, g: usize) -> bool {
        !self.named[g].is_empty() || !self.stars[g].is_empty()
    }

    /// What `name` exported by module `g` stands for.
    pub fn lookup(&self, g: usize, name: &str) -> BTreeSet<Binding> {
        let mut out: BTreeSet<Binding> = self.named[g].get(name).cloned().unwrap_or_default();
        if out.is_empty() && !self.declared[g].contains(name) {
            for m in &self.stars[g] {
                out.insert(Binding::External { module: m.clone(), name: Some(name.to_string()) });
            }
        }
        out
    }

    /// Adds to `facts` (a fresh full extraction of node `file`) the external
    /// imports its local imports reach through re-exports, and rewrites the
    /// references that go through local namespaces. Returns the spans of the
    /// added imports that stand on an import line: they stand in for the
    /// local import statement, so a module-level rule must not fire on them
    /// (the barrel is the file that imports the module), only symbol-level
    /// ones. Other added imports carry [`HIDDEN`].
    pub fn rewrite(
        &self,
        nodes: &[ModuleNode],
        resolver: &Resolver<'_>,
        file: usize,
        facts: &mut FileFacts,
    ) -> Vec<Span> {
        let family = Family::of(nodes[file].language);
        let mut added: Vec<Import> = Vec::new();
        let mut renames: Vec<(String, String)> = Vec::new();
        let original = std::mem::take(&mut facts.imports);
        for import in &original {
            let Target::Files(files) = resolver.resolve(file, import) else { continue };
            let span = import.span;
            match &import.kind {
                ImportKind::Named => {
                    let Some(name) = import.name.as_deref() else { continue };
                    let local = import.alias.as_deref().unwrap_or(name).to_string();
                    let mut bindings = BTreeSet::new();
                    match resolver.python_submodule(file, import) {
                        Some(sub) => {
                            if self.carries(sub) {
                                bindings.insert(Binding::Local(sub));
                            }
                        }
                        None => {
                            for &g in &files {
                                bindings.extend(self.lookup(g, name));
                            }
                        }
                    }
                    for b in bindings {
                        self.bind(&local, &local, b, span, facts, &mut added, &mut renames, 0);
                    }
                }
                ImportKind::Namespace => {
                    // Python `import pkg.mod` binds the dotted name itself.
                    let local = match (&import.alias, family) {
                        (Some(a), _) => a.clone(),
                        (None, Family::Python) => import.module.clone(),
                        (None, _) => continue,
                    };
                    // The module itself (for Python, the last file is the
                    // deepest one: `pkg.mod`).
                    if let Some(&g) = files.last() {
                        if self.carries(g) {
                            let fresh = local.replace(['.', ':'], "\u{1f}");
                            self.bind(&local, &fresh, Binding::Local(g), span, facts, &mut added, &mut renames, 0);
                        }
                    }
                }
                ImportKind::Wildcard => {
                    for &g in &files {
                        for m in &self.stars[g] {
                            added.push(synthetic(m, None, None, ImportKind::Wildcard, HIDDEN));
                        }
                        for (name, bindings) in &self.named[g] {
                            for b in bindings {
                                self.bind(name, name, b.clone(), HIDDEN, facts, &mut added, &mut renames, 1);
                            }
                        }
                    }
                }
                ImportKind::SideEffect => {}
            }
        }
        facts.imports = original;
        let spans: Vec<Span> = added.iter().map(|i| i.span).filter(|s| *s != HIDDEN).collect();
        added.sort_by(|a, b| (&a.module, &a.name, &a.alias).cmp(&(&b.module, &b.name, &b.alias)));
        added.dedup_by(|a, b| a.module == b.module && a.name == b.name && a.alias == b.alias && a.kind == b.kind);
        facts.imports.extend(added);
        // Longest first: `sdk.chat.Session` before `sdk.chat`.
        renames.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        renames.dedup();
        for reference in &mut facts.references {
            for (from, to) in &renames {
                if let Some(rest) = reference.path.strip_prefix(from.as_str()) {
                    if rest.is_empty() || rest.starts_with('.') || rest.starts_with("::") {
                        reference.path = format!("{to}{rest}");
                        break;
                    }
                }
            }
        }
        spans
    }

    /// Binds what the file writes as `written` (a local name, or a path
    /// through local namespaces such as `sdk.chat`) to `binding`: an
    /// external binding becomes an import under the name `local` (and
    /// references to `written` are renamed to it); a local namespace is
    /// followed into each `written.X` the file uses.
    #[allow(clippy::too_many_arguments)]
    fn bind(
        &self,
        written: &str,
        local: &str,
        binding: Binding,
        span: Span,
        facts: &FileFacts,
        added: &mut Vec<Import>,
        renames: &mut Vec<(String, String)>,
        depth: usize,
    ) {
        match binding {
            Binding::External { module, name } => {
                let kind = if name.is_some() { ImportKind::Named } else { ImportKind::Namespace };
                // Only a name bound on the import line itself stands there.
                let span = if depth == 0 { span } else { HIDDEN };
                added.push(synthetic(&module, name.as_deref(), Some(local), kind, span));
                if written != local {
                    renames.push((written.to_string(), local.to_string()));
                }
            }
            Binding::Local(g) => {
                if depth >= MAX_NAMESPACE_DEPTH {
                    return;
                }
                // The members of `written` the file uses: `written.X…`.
                let mut members: BTreeSet<(String, &str)> = BTreeSet::new();
                for r in &facts.references {
                    let Some(rest) = r.path.strip_prefix(written) else { continue };
                    let (rest, sep) = match (rest.strip_prefix('.'), rest.strip_prefix("::")) {
                        (Some(r), _) => (r, "."),
                        (_, Some(r)) => (r, "::"),
                        _ => continue,
                    };
                    let member = split_head(rest).0;
                    if !member.is_empty() {
                        members.insert((member.to_string(), sep));
                    }
                }
                for (member, sep) in members {
                    let fresh = format!("{local}\u{1f}{member}");
                    let path = format!("{written}{sep}{member}");
                    for b in self.lookup(g, &member) {
                        self.bind(&path, &fresh, b, span, facts, added, renames, depth + 1);
                    }
                }
            }
        }
    }
}

fn synthetic(module: &str, name: Option<&str>, alias: Option<&str>, kind: ImportKind, span: Span) -> Import {
    Import {
        module: module.to_string(),
        name: name.map(str::to_string),
        alias: alias.filter(|a| Some(*a) != name).map(str::to_string),
        kind,
        local: false,
        reexport: false,
        span,
    }
}
