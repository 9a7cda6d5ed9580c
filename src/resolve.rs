//! Binding local names to the imports they came from.
//!
//! `import { Session as S } from '@session.js/client'` makes `S.foo()` a use
//! of `@session.js/client` symbol `Session.foo`; `import * as X` binds `X` to
//! the module; wildcard imports (`import SessionUtil`, `#include`, `import
//! a.b.*`) make every otherwise unbound name a possible member of the module.

use rustc_hash::FxHashMap as HashMap;

use crate::facts::{FileFacts, Import, ImportKind};

/// A reference resolved against the file's imports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved<'f> {
    pub module: &'f str,
    /// The path inside the module, `.`/`::`-separated; empty for the module
    /// itself.
    pub symbol: String,
    /// For a Named import, the imported name may itself be a module
    /// (`use a::b;` then `b::C`, `from a import b` then `b.c`): the same
    /// reference read as (`a::b`, `C`).
    pub as_module: Option<(String, String)>,
}

/// The names a file's imports bind.
pub struct Bindings<'f> {
    named: HashMap<&'f str, &'f Import>,
    wildcards: Vec<&'f Import>,
}

/// Splits `a.b::c` at its first separator: (`a`, `b::c`).
pub fn split_head(path: &str) -> (&str, &str) {
    let dot = path.find('.');
    let colons = path.find("::");
    match (dot, colons) {
        (Some(d), Some(c)) if c < d => (&path[..c], &path[c + 2..]),
        (Some(d), _) => (&path[..d], &path[d + 1..]),
        (None, Some(c)) => (&path[..c], &path[c + 2..]),
        (None, None) => (path, ""),
    }
}

/// How many separators of a reference path are tried as the cut between
/// module and symbol. Real qualified names have a dozen segments at most;
/// the cap keeps generated chains (`x.a.a.a…`, thousands long) linear,
/// since every cut is matched against the rule globs.
pub const MAX_QUALIFIED_SPLITS: usize = 32;

/// Every way to cut `path` into (module, symbol) at a separator, shortest
/// module first: `a.b.C` gives (`a`, `b.C`), (`a.b`, `C`). At most
/// [`MAX_QUALIFIED_SPLITS`] cuts.
pub fn qualified_splits(path: &str) -> impl Iterator<Item = (&str, &str)> {
    let bytes = path.as_bytes();
    (1..bytes.len())
        .filter_map(move |i| {
            if bytes[i] == b'.' {
                Some((&path[..i], &path[i + 1..]))
            } else if bytes[i] == b':' && bytes.get(i + 1) == Some(&b':') {
                Some((&path[..i], &path[i + 2..]))
            } else {
                None
            }
        })
        .take(MAX_QUALIFIED_SPLITS)
}

/// `a.b.c` → [`a`, `a.b`, `a.b.c`] (also across `::`): the first
/// [`MAX_QUALIFIED_SPLITS`] prefixes and the whole path.
pub fn prefixes(path: &str) -> impl Iterator<Item = &str> {
    qualified_splits(path).map(|(m, _)| m).chain(std::iter::once(path)).filter(|p| !p.is_empty())
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}.{b}"),
    }
}

impl<'f> Bindings<'f> {
    pub fn new(facts: &'f FileFacts) -> Self {
        let mut named = HashMap::default();
        let mut wildcards = Vec::new();
        for import in &facts.imports {
            match import.kind {
                ImportKind::Named | ImportKind::Namespace => {
                    // `import a.b` (Python) has neither and binds nothing here:
                    // its uses are matched as qualified references.
                    let local = import.alias.as_deref().or(import.name.as_deref());
                    if let Some(local) = local {
                        named.insert(local, import);
                    }
                }
                ImportKind::Wildcard => wildcards.push(import),
                ImportKind::SideEffect => {}
            }
        }
        Bindings { named, wildcards }
    }

    /// Resolves a reference path through the file's named and namespace
    /// imports; `None` when its head is not bound by one.
    pub fn resolve(&self, path: &str) -> Option<Resolved<'f>> {
        let (head, rest) = split_head(path);
        let import = self.named.get(head)?;
        let (symbol, as_module) = match (&import.kind, import.name.as_deref()) {
            (ImportKind::Named, Some(name)) => {
                let sep = if import.module.contains("::") { "::" } else { "." };
                (join(name, rest), Some((format!("{}{sep}{name}", import.module), rest.to_string())))
            }
            (ImportKind::Named, None) => (join(head, rest), None),
            _ => (rest.to_string(), None),
        };
        Some(Resolved { module: &import.module, symbol, as_module })
    }

    pub fn is_bound(&self, path: &str) -> bool {
        self.named.contains_key(split_head(path).0)
    }

    /// Modules whose names are all in scope (wildcard imports).
    pub fn wildcards(&self) -> impl Iterator<Item = &'f Import> + '_ {
        self.wildcards.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Span;

    fn import(module: &str, name: Option<&str>, alias: Option<&str>, kind: ImportKind) -> Import {
        Import {
            module: module.into(),
            name: name.map(Into::into),
            alias: alias.map(Into::into),
            kind,
            local: false,
            reexport: false,
            span: Span::default(),
        }
    }

    #[test]
    fn aliases_resolve_to_the_imported_name() {
        let facts = FileFacts {
            imports: vec![
                import("@session.js/client", Some("Session"), Some("S"), ImportKind::Named),
                import("@session.js/client", None, Some("sdk"), ImportKind::Namespace),
            ],
            ..Default::default()
        };
        let b = Bindings::new(&facts);
        assert_eq!(b.resolve("S.sendMessage").unwrap().symbol, "Session.sendMessage");
        assert_eq!(b.resolve("sdk.Poller").unwrap().symbol, "Poller");
        assert_eq!(b.resolve("Session"), None);
    }

    #[test]
    fn splits_cover_both_separators() {
        let splits: Vec<_> = qualified_splits("session::config::Contacts.get").collect();
        assert_eq!(
            splits,
            vec![
                ("session", "config::Contacts.get"),
                ("session::config", "Contacts.get"),
                ("session::config::Contacts", "get")
            ]
        );
        assert_eq!(prefixes("a.b").collect::<Vec<_>>(), vec!["a", "a.b"]);
    }
}
