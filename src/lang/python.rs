//! Fact extraction for Python (tree-sitter-python).
//!
//! - `import a.b` → Namespace `a.b` with no local name: its uses show up as
//!   qualified references `a.b.x`; `import a.b as c` → Namespace alias `c`.
//! - `from a.b import c as d` → Named; `from a import *` → Wildcard;
//!   relative `from ..m import y` keeps its dots and is `local`.
//! - `importlib.import_module('m')` / `__import__('m')` → SideEffect.
//! - References are maximal identifier-rooted attribute chains (`a.b.c(...)`
//!   is one Call `a.b.c`), with Type kind inside annotations.
//! - Strings: every literal (f-strings keep their literal parts, bytes
//!   included), plus the joined value of implicit concatenation
//!   `"a" "b"` and of `"a" + "b"` runs.

use std::cell::RefCell;

use tree_sitter::{Node, Parser};

use super::ts_util::{self, span, text, NodeExt};
use super::ExtractError;
use crate::facts::{Comment, FileFacts, Import, ImportKind, LineIndex, RefKind, Reference, StringLit};

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// How far up the tree to look for an enclosing annotation; type hints are
/// shallow, and a bound keeps the walk linear on deeply nested code.
const TYPE_CONTEXT_DEPTH: usize = 6;

pub fn extract(source: &str) -> Result<FileFacts, ExtractError> {
    let language = tree_sitter_python::LANGUAGE.into();
    let tree = ts_util::parse(&PARSER, &language, source)?;
    let lines = LineIndex::new(source);
    let mut x = Extractor { source, lines: &lines, facts: FileFacts::default() };
    ts_util::walk_with_ancestors(&tree, |node, up| x.visit(node, up));
    x.exports(tree.root_node());
    Ok(x.facts)
}

struct Extractor<'s, 'l> {
    source: &'s str,
    lines: &'l LineIndex<'s>,
    facts: FileFacts,
}

impl<'s> Extractor<'s, '_> {
    /// Handles one node (below `up`, its ancestors, parent last); returns
    /// whether to descend into its children.
    fn visit(&mut self, node: Node<'_>, up: &[Node<'_>]) -> bool {
        match node.kind_name() {
            "import_statement" => {
                self.import_statement(node);
                false
            }
            "import_from_statement" => {
                self.import_from_statement(node);
                false
            }
            // `from __future__ import x` binds nothing a rule cares about.
            "future_import_statement" => false,
            "comment" => {
                self.facts.comments.push(Comment { text: text(node, self.source).to_string(), span: self.span(node) });
                false
            }
            "string" => {
                let value = self.string_value(node);
                self.facts.strings.push(StringLit { value, span: self.span(node) });
                // Interpolations hold expressions (references, strings).
                true
            }
            "concatenated_string" => {
                let parts = self.named_children(node);
                let value: String = parts.iter().map(|&p| self.string_value(p)).collect();
                self.facts.strings.push(StringLit { value, span: self.span(node) });
                true
            }
            "binary_operator" => {
                self.plus_chain(node, up.last().copied());
                true
            }
            "call" => {
                self.dynamic_import(node);
                true
            }
            "identifier" | "attribute" => {
                self.reference(node, up);
                // A chain's inner nodes are not references of their own, but
                // calls and subscripts inside it (`a(x).b[y]`) are visited.
                node.kind_name() == "attribute"
            }
            _ => true,
        }
    }

    fn span(&self, node: Node<'_>) -> crate::facts::Span {
        span(node, self.lines)
    }

    fn named_children<'t>(&self, node: Node<'t>) -> Vec<Node<'t>> {
        let mut cursor = node.walk();
        node.named_children(&mut cursor).collect()
    }

    fn import(
        &mut self,
        node: Node<'_>,
        module: String,
        name: Option<String>,
        alias: Option<String>,
        kind: ImportKind,
    ) {
        let local = module.starts_with('.');
        self.facts.imports.push(Import { module, name, alias, kind, local, reexport: false, span: self.span(node) });
    }

    /// `import a.b, c.d as e`
    fn import_statement(&mut self, node: Node<'_>) {
        let mut cursor = node.walk();
        let names: Vec<Node<'_>> = node.children_by_field_name("name", &mut cursor).collect();
        for name in names {
            match name.kind_name() {
                "dotted_name" => {
                    let module = self.dotted(name);
                    self.import(node, module, None, None, ImportKind::Namespace);
                }
                "aliased_import" => {
                    let module = name.field("name").map(|n| self.dotted(n)).unwrap_or_default();
                    let alias = name.field("alias").map(|a| text(a, self.source).to_string());
                    if !module.is_empty() {
                        self.import(node, module, None, alias, ImportKind::Namespace);
                    }
                }
                _ => {}
            }
        }
    }

    /// `from m import a, b as c`, `from m import *`, `from ..m import x`
    fn import_from_statement(&mut self, node: Node<'_>) {
        let Some(module_node) = node.field("module_name") else { return };
        let module = self.dotted(module_node);
        if module.is_empty() {
            return;
        }
        let mut cursor = node.walk();
        let names: Vec<Node<'_>> = node.children_by_field_name("name", &mut cursor).collect();
        let wildcard = self.named_children(node).iter().any(|c| c.kind_name() == "wildcard_import");
        if wildcard {
            self.import(node, module.clone(), None, None, ImportKind::Wildcard);
        }
        for name in names {
            let (name, alias) = match name.kind_name() {
                "dotted_name" => (self.dotted(name), None),
                "aliased_import" => (
                    name.field("name").map(|n| self.dotted(n)).unwrap_or_default(),
                    name.field("alias").map(|a| text(a, self.source).to_string()),
                ),
                _ => continue,
            };
            if !name.is_empty() {
                self.import(node, module.clone(), Some(name), alias, ImportKind::Named);
            }
        }
    }

    /// A dotted or relative module name without the whitespace and line
    /// continuations Python allows inside it.
    fn dotted(&self, node: Node<'_>) -> String {
        text(node, self.source).chars().filter(|c| !c.is_whitespace() && *c != '\\').collect()
    }

    /// `importlib.import_module('m')`, `import_module('.m', pkg)`,
    /// `__import__('m')`: the module is loaded at run time.
    fn dynamic_import(&mut self, node: Node<'_>) {
        let Some(function) = node.field("function") else { return };
        if !matches!(text(function, self.source), "importlib.import_module" | "import_module" | "__import__") {
            return;
        }
        let Some(args) = node.field("arguments") else { return };
        let mut cursor = args.walk();
        let first = args.named_children(&mut cursor).next();
        let Some(first) = first.filter(|a| a.kind_name() == "string") else { return };
        if self.named_children(first).iter().any(|c| c.kind_name() == "interpolation") {
            return;
        }
        let module = self.string_value(first);
        if !module.is_empty() {
            self.import(node, module, None, None, ImportKind::SideEffect);
        }
    }

    /// The literal parts of a string, escapes as written, without prefix,
    /// quotes and interpolations.
    fn string_value(&self, node: Node<'_>) -> String {
        self.named_children(node)
            .into_iter()
            .filter(|c| c.kind_name() == "string_content")
            .map(|c| text(c, self.source))
            .collect()
    }

    /// The literal value of a `+` operand, if it is one.
    fn literal_value(&self, node: Node<'_>) -> Option<String> {
        match node.kind_name() {
            "string" => Some(self.string_value(node)),
            "concatenated_string" => Some(self.named_children(node).iter().map(|&p| self.string_value(p)).collect()),
            _ => None,
        }
    }

    fn is_plus(&self, node: Node<'_>) -> bool {
        node.kind_name() == "binary_operator" && node.field("operator").is_some_and(|op| text(op, self.source) == "+")
    }

    /// At the top of a `+` chain, joins each run of two or more adjacent
    /// literal operands: `"https://" + "seed1." + host` yields
    /// `"https://seed1."`.
    fn plus_chain(&mut self, node: Node<'_>, parent: Option<Node<'_>>) {
        if !self.is_plus(node) || parent.is_some_and(|p| self.is_plus(p)) {
            return;
        }
        // Operands in source order, flattened without recursion.
        let mut operands = Vec::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if self.is_plus(n) {
                if let (Some(l), Some(r)) = (n.field("left"), n.field("right")) {
                    stack.push(r);
                    stack.push(l);
                }
            } else {
                operands.push(n);
            }
        }
        let mut run: Vec<(Node<'_>, String)> = Vec::new();
        for operand in operands.into_iter().map(Some).chain(std::iter::once(None)) {
            match operand.and_then(|o| self.literal_value(o).map(|v| (o, v))) {
                Some(lit) => run.push(lit),
                None => {
                    if let [(first, _), .., (last, _)] = run.as_slice() {
                        let value = run.iter().map(|(_, v)| v.as_str()).collect();
                        let span = self.lines.span(first.start_byte(), last.end_byte());
                        self.facts.strings.push(StringLit { value, span });
                    }
                    run.clear();
                }
            }
        }
    }

    /// Records a maximal identifier-rooted chain (`a`, `a.b.c`).
    fn reference(&mut self, node: Node<'_>, up: &[Node<'_>]) {
        let parent = up.last().copied();
        // Not maximal: the parent chain is recorded instead.
        if let Some(p) = parent {
            if p.kind_name() == "attribute" {
                return;
            }
        }
        if node.kind_name() == "identifier" && parent.is_some_and(|p| is_binding_site(p, node)) {
            return;
        }
        let Some(path) = self.chain_path(node) else { return };
        let kind = if parent
            .is_some_and(|p| p.kind_name() == "call" && p.field("function").is_some_and(|f| f.id() == node.id()))
        {
            RefKind::Call
        } else if in_type_context(up) {
            RefKind::Type
        } else if node.kind_name() == "attribute" {
            RefKind::Member
        } else {
            RefKind::Ident
        };
        self.facts.references.push(Reference { path, kind, span: self.span(node) });
    }

    /// `a.b.c` for a chain of attributes rooted at an identifier; `None`
    /// when rooted at anything else (`f().x`, `"s".join`).
    fn chain_path(&self, node: Node<'_>) -> Option<String> {
        let mut parts = Vec::new();
        let mut n = node;
        loop {
            match n.kind_name() {
                "identifier" => {
                    parts.push(text(n, self.source));
                    break;
                }
                "attribute" => {
                    parts.push(text(n.field("attribute")?, self.source));
                    n = n.field("object")?;
                }
                _ => return None,
            }
        }
        parts.reverse();
        Some(parts.join("."))
    }

    /// Top-level `def` and `class` names.
    fn exports(&mut self, root: Node<'_>) {
        for child in self.named_children(root) {
            let def = if child.kind_name() == "decorated_definition" { child.field("definition") } else { Some(child) };
            let Some(def) = def else { continue };
            if matches!(def.kind_name(), "function_definition" | "class_definition") {
                if let Some(name) = def.field("name") {
                    self.facts.exports.push(text(name, self.source).to_string());
                }
            }
        }
    }
}

/// Whether an identifier under `parent` names something being defined
/// (function, class, parameter, keyword argument) rather than a use.
fn is_binding_site(parent: Node<'_>, ident: Node<'_>) -> bool {
    let is_field = |field: &'static str| parent.field(field).is_some_and(|f| f.id() == ident.id());
    match parent.kind_name() {
        "function_definition" | "class_definition" => is_field("name"),
        "keyword_argument" | "default_parameter" | "typed_default_parameter" => is_field("name"),
        "parameters" | "lambda_parameters" | "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => {
            // Only the parameter name; a typed parameter's type is a `type`
            // node, not a direct identifier child.
            true
        }
        "global_statement" | "nonlocal_statement" | "dotted_name" | "aliased_import" => true,
        _ => false,
    }
}

/// Whether a node below `up` (its ancestors, parent last) sits inside a
/// type annotation (`x: T`, `-> T`).
fn in_type_context(up: &[Node<'_>]) -> bool {
    for p in up.iter().rev().take(TYPE_CONTEXT_DEPTH) {
        match p.kind_name() {
            "type" => return true,
            "generic_type" | "type_parameter" | "subscript" | "union_type" | "member_type" => {}
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(src: &str) -> FileFacts {
        extract(src).expect("parses")
    }

    type ImportRow = (String, Option<String>, Option<String>, ImportKind, bool);

    fn imports(f: &FileFacts) -> Vec<ImportRow> {
        f.imports.iter().map(|i| (i.module.clone(), i.name.clone(), i.alias.clone(), i.kind.clone(), i.local)).collect()
    }

    fn refs(f: &FileFacts) -> Vec<(String, RefKind)> {
        f.references.iter().map(|r| (r.path.clone(), r.kind)).collect()
    }

    fn strings(f: &FileFacts) -> Vec<String> {
        f.strings.iter().map(|s| s.value.clone()).collect()
    }

    fn s(v: &str) -> String {
        v.to_string()
    }

    #[test]
    fn import_forms_bind_as_python_does() {
        let f = facts(
            "import session_util.blinding\n\
             import session_util.blinding as bl, os\n\
             from session_util import onionreq as oreq, xed25519\n\
             from sogs.model import *\n\
             from . import views\n\
             from ..crypto import (\n    server_pubkey,\n)\n\
             from __future__ import annotations\n",
        );
        assert_eq!(
            imports(&f),
            vec![
                (s("session_util.blinding"), None, None, ImportKind::Namespace, false),
                (s("session_util.blinding"), None, Some(s("bl")), ImportKind::Namespace, false),
                (s("os"), None, None, ImportKind::Namespace, false),
                (s("session_util"), Some(s("onionreq")), Some(s("oreq")), ImportKind::Named, false),
                (s("session_util"), Some(s("xed25519")), None, ImportKind::Named, false),
                (s("sogs.model"), None, None, ImportKind::Wildcard, false),
                (s("."), Some(s("views")), None, ImportKind::Named, true),
                (s("..crypto"), Some(s("server_pubkey")), None, ImportKind::Named, true),
            ]
        );
        // A multi-line import is reported on its first line.
        assert_eq!(f.imports[7].span.line, 6);
    }

    #[test]
    fn dynamic_imports_are_side_effects() {
        let f =
            facts("import importlib\nm = importlib.import_module('session_util.xed25519')\nn = __import__(\"sogs\")\n");
        let dynamic: Vec<_> =
            f.imports.iter().filter(|i| i.kind == ImportKind::SideEffect).map(|i| i.module.as_str()).collect();
        assert_eq!(dynamic, vec!["session_util.xed25519", "sogs"]);
    }

    #[test]
    fn references_are_maximal_chains_with_kinds() {
        let f = facts(
            "@app.route('/x')\n\
             def sign(k: bl.Keypair, n: int = 3) -> Optional[bl.Keypair]:\n    \
                 sig = session_util.blinding.blind15_sign(k.secret, server)\n    \
                 return bl.blind25_id(sig).hex()\n",
        );
        let r = refs(&f);
        assert!(r.contains(&(s("app.route"), RefKind::Call)), "{r:?}");
        assert!(r.contains(&(s("bl.Keypair"), RefKind::Type)), "{r:?}");
        assert!(r.contains(&(s("Optional"), RefKind::Type)), "{r:?}");
        assert!(r.contains(&(s("session_util.blinding.blind15_sign"), RefKind::Call)), "{r:?}");
        assert!(r.contains(&(s("k.secret"), RefKind::Member)), "{r:?}");
        assert!(r.contains(&(s("bl.blind25_id"), RefKind::Call)), "{r:?}");
        // Inner links of a chain and definitions are not references.
        assert!(!r.iter().any(|(p, _)| p == "session_util" || p == "session_util.blinding"), "{r:?}");
        assert!(!r.iter().any(|(p, _)| p == "sign" || p == "k" || p == "n"), "{r:?}");
        // `bl.blind25_id(sig).hex` is rooted at a call, not an identifier.
        assert!(!r.iter().any(|(p, _)| p.ends_with("hex")), "{r:?}");
        assert_eq!(f.exports, vec![s("sign")]);
    }

    #[test]
    fn strings_keep_literal_parts_and_join_concatenations() {
        let f = facts(
            "a = f\"https://{host}:4443/storage_rpc/v1\"\n\
             b = b'\\x00raw'\n\
             c = \"seed1.\" \"getsession.org\"\n\
             d = \"https://\" + \"open.\" + \"getsession.org\" + path + \"/x\" + \"/y\"\n",
        );
        let v = strings(&f);
        assert!(v.contains(&s("https://:4443/storage_rpc/v1")), "{v:?}");
        assert!(v.contains(&s("\\x00raw")), "{v:?}");
        assert!(v.contains(&s("seed1.getsession.org")), "{v:?}");
        assert!(v.contains(&s("https://open.getsession.org")), "{v:?}");
        assert!(v.contains(&s("/x/y")), "{v:?}");
    }

    #[test]
    fn comments_are_kept_with_their_marker() {
        let f = facts("x = 1  # session-impact: ignore\n# Session is a word here\n");
        let texts: Vec<_> = f.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, vec!["# session-impact: ignore", "# Session is a word here"]);
    }

    #[test]
    fn broken_code_still_yields_facts() {
        let f = facts("from session_util import blinding\ndef broken(:\n    blinding.blind15_sign(a, b)\n");
        assert_eq!(f.imports.len(), 1);
        assert!(refs(&f).iter().any(|(p, _)| p == "blinding.blind15_sign"), "{:?}", refs(&f));
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_text_never_panics(src in "\\PC{0,200}") {
            let _ = extract(&src);
        }
    }

    #[test]
    fn every_prefix_of_a_real_file_is_handled() {
        let src = include_str!("../../test-corpus/python/sogs-welcome-bot/bot.py");
        for (i, _) in src.char_indices().step_by(5) {
            let _ = extract(&src[..i]);
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 20_000;
        let src = format!("x = {}1{}\n", "(".repeat(depth), ")".repeat(depth));
        // tree-sitter may give up or produce errors; it must not crash.
        let _ = extract(&src);
    }
}
