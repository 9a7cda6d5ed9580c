//! Fact extraction for JavaScript, TypeScript and TSX.
//!
//! One pass over the tree-sitter tree, with an explicit ancestor stack
//! (tree-sitter's `Node::parent` re-descends from the root, which is slow on
//! big files), produces:
//! - imports: ESM `import` forms, `export … from`, CommonJS `require`,
//!   dynamic `import()`, TS `import x = require()` and `declare module 'm'`;
//! - references: maximal identifier-rooted member chains, `new X()`, type
//!   references and JSX element names;
//! - string literals, template literals (literal parts only) and `'a' + 'b'`
//!   concatenations of literals (joined);
//! - comments, and the names the file exports at top level.
//!
//! Nodes inside ERROR subtrees are visited like any other, so a syntax error
//! elsewhere in the file costs only the facts of the broken construct.

use std::cell::RefCell;
use std::collections::HashMap;

use tree_sitter::{Node, Parser, Tree};

use super::ts_util::{self, unquote, NodeExt};
use super::ExtractError;
use crate::facts::{Comment, FileFacts, Import, ImportKind, LineIndex, RefKind, Reference, Span, StringLit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    JavaScript,
    TypeScript,
    Tsx,
}

thread_local! {
    static JS_PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
    static TS_PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
    static TSX_PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Parses `source` as `dialect` and returns what it says.
pub fn extract(source: &str, dialect: Dialect) -> Result<FileFacts, ExtractError> {
    let tree = match dialect {
        Dialect::JavaScript => ts_util::parse(&JS_PARSER, &tree_sitter_javascript::LANGUAGE.into(), source)?,
        Dialect::TypeScript => ts_util::parse(&TS_PARSER, &tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(), source)?,
        Dialect::Tsx => ts_util::parse(&TSX_PARSER, &tree_sitter_typescript::LANGUAGE_TSX.into(), source)?,
    };
    let mut extractor = Extractor { source, lines: LineIndex::new(source), facts: FileFacts::default() };
    extractor.run(&tree);
    Ok(extractor.facts)
}

/// A node together with the field it occupies in its parent.
#[derive(Clone, Copy)]
struct Slot<'t> {
    node: Node<'t>,
    field: Option<&'t str>,
}

/// The current node's slot and those of its ancestors (nearest last).
struct Path<'a, 't> {
    here: Slot<'t>,
    ancestors: &'a [Slot<'t>],
}

impl<'t> Path<'_, 't> {
    /// The slot `k` levels up: 0 is the node itself, 1 its parent.
    fn up(&self, k: usize) -> Option<Slot<'t>> {
        if k == 0 {
            return Some(self.here);
        }
        self.ancestors.len().checked_sub(k).and_then(|i| self.ancestors.get(i)).copied()
    }

    fn parent_kind(&self) -> &'t str {
        self.up(1).map(|s| s.node.kind_name()).unwrap_or("")
    }

    /// Whether the node is a direct child of the root (or of an ERROR node
    /// that is): the file's top level.
    fn is_top_level(&self) -> bool {
        match self.ancestors.len() {
            1 => true,
            2 => self.ancestors[1].node.is_error(),
            _ => false,
        }
    }
}

struct Extractor<'s> {
    source: &'s str,
    lines: LineIndex<'s>,
    facts: FileFacts,
}

/// Bare identifiers in these (parent kind, field) slots declare names rather
/// than use them. `None` as field means any child of that parent.
const DECLARING_SLOTS: &[(&str, Option<&str>)] = &[
    ("variable_declarator", Some("name")),
    ("function_declaration", Some("name")),
    ("generator_function_declaration", Some("name")),
    ("function_expression", Some("name")),
    ("function", Some("name")),
    ("generator_function", Some("name")),
    ("class_declaration", Some("name")),
    ("class", Some("name")),
    ("abstract_class_declaration", Some("name")),
    ("enum_declaration", Some("name")),
    ("internal_module", Some("name")),
    ("module", Some("name")),
    ("function_signature", Some("name")),
    ("formal_parameters", None),
    ("required_parameter", Some("pattern")),
    ("optional_parameter", Some("pattern")),
    ("arrow_function", Some("parameter")),
    ("catch_clause", Some("parameter")),
    ("for_in_statement", Some("left")),
    ("pair_pattern", Some("value")),
    ("array_pattern", None),
    ("assignment_pattern", Some("left")),
    ("rest_pattern", None),
    ("import_specifier", None),
    ("import_clause", None),
    ("namespace_import", None),
    ("import_require_clause", None),
    ("export_specifier", None),
    ("namespace_export", None),
    ("nested_identifier", None),
    ("nested_type_identifier", None),
    ("jsx_closing_element", None),
    ("labeled_statement", None),
];

/// Type identifiers in these slots name a declaration, not a use.
const DECLARING_TYPE_SLOTS: &[(&str, Option<&str>)] = &[
    ("class_declaration", Some("name")),
    ("class", Some("name")),
    ("abstract_class_declaration", Some("name")),
    ("interface_declaration", Some("name")),
    ("type_alias_declaration", Some("name")),
    ("type_parameter", Some("name")),
    ("nested_type_identifier", None),
];

fn in_slots(slots: &[(&str, Option<&str>)], parent: &str, field: Option<&str>) -> bool {
    slots.iter().any(|&(p, f)| p == parent && (f.is_none() || f == field))
}

/// Skips `(…)` wrappers.
fn unwrap_parens(mut node: Node<'_>) -> Node<'_> {
    while node.kind_name() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// The operands of `a + b` (through parentheses).
fn plus_operands(node: Node<'_>) -> Option<(Node<'_>, Node<'_>)> {
    let node = unwrap_parens(node);
    if node.kind_name() != "binary_expression" || node.field("operator")?.kind_name() != "+" {
        return None;
    }
    Some((node.field("left")?, node.field("right")?))
}

/// Whether a specifier names the project's own code rather than a package.
fn is_relative(specifier: &str) -> bool {
    specifier == "." || specifier == ".." || specifier.starts_with("./") || specifier.starts_with("../")
}

impl<'s> Extractor<'s> {
    fn text(&self, node: Node<'_>) -> &'s str {
        ts_util::text(node, self.source)
    }

    fn span(&self, node: Node<'_>) -> Span {
        ts_util::span(node, &self.lines)
    }

    fn run(&mut self, tree: &Tree) {
        let mut cursor = tree.walk();
        let mut ancestors: Vec<Slot<'_>> = Vec::new();
        let fields = ts_util::FieldNames::of(tree);
        loop {
            let node = cursor.node();
            // Anonymous nodes are tokens (punctuation, keywords) that `visit`
            // ignores; an anonymous leaf needs neither the visit nor its field.
            let named = node.is_named();
            if named || node.child_count() > 0 {
                let here = Slot { node, field: fields.current(&cursor) };
                let descend = !named || self.visit(&Path { here, ancestors: &ancestors });
                if descend && cursor.goto_first_child() {
                    ancestors.push(here);
                    continue;
                }
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return;
                }
                ancestors.pop();
            }
        }
    }

    /// Records what `path`'s node says; false when its children have
    /// nothing more to say (the quotes and fragments of a string).
    fn visit(&mut self, path: &Path<'_, '_>) -> bool {
        let node = path.here.node;
        match node.kind_name() {
            "import_statement" => self.import_statement(node),
            "export_statement" => self.export_statement(path),
            "ambient_declaration" => self.ambient_module(node),
            "call_expression" => self.require_or_dynamic_import(path),
            "expression_statement" if path.is_top_level() => self.commonjs_exports(node),
            "identifier" | "member_expression" => self.chain_reference(path),
            "shorthand_property_identifier" => self.push_reference(node, self.text(node).to_string(), RefKind::Ident),
            "type_identifier" if !in_slots(DECLARING_TYPE_SLOTS, path.parent_kind(), path.here.field) => {
                self.push_reference(node, self.text(node).to_string(), RefKind::Type);
            }
            "nested_type_identifier" if path.parent_kind() != "nested_type_identifier" => {
                let qualified: String = self.text(node).chars().filter(|c| !c.is_whitespace()).collect();
                self.push_reference(node, qualified, RefKind::Type);
            }
            "string" => {
                let value = unquote(self.text(node)).to_string();
                self.facts.strings.push(StringLit { value, span: self.span(node) });
                return false;
            }
            "template_string" => {
                let value = self.template_value(node);
                self.facts.strings.push(StringLit { value, span: self.span(node) });
            }
            "binary_expression" => self.concatenation(path),
            "comment" | "html_comment" => {
                self.facts.comments.push(Comment { text: self.text(node).to_string(), span: self.span(node) });
            }
            _ => {}
        }
        true
    }

    fn push_import(&mut self, module: &str, name: Option<&str>, alias: Option<&str>, kind: ImportKind, span: Span) {
        self.push_import_full(module, name, alias, kind, false, span);
    }

    fn push_import_full(
        &mut self,
        module: &str,
        name: Option<&str>,
        alias: Option<&str>,
        kind: ImportKind,
        reexport: bool,
        span: Span,
    ) {
        // `import { X as X }` binds X: keep `alias` for names that differ.
        let alias = alias.filter(|a| Some(*a) != name);
        self.facts.imports.push(Import {
            module: module.to_string(),
            name: name.map(str::to_string),
            alias: alias.map(str::to_string),
            kind,
            local: is_relative(module),
            reexport,
            span,
        });
    }

    fn push_reference(&mut self, node: Node<'_>, path: String, kind: RefKind) {
        if !path.is_empty() {
            self.facts.references.push(Reference { path, kind, span: self.span(node) });
        }
    }

    /// The module a `string` (or substitution-free template) names.
    fn specifier(&self, node: Node<'_>) -> Option<&'s str> {
        match node.kind_name() {
            "string" => Some(unquote(self.text(node))),
            "template_string" if !has_substitution(node) => Some(unquote(self.text(node))),
            _ => None,
        }
    }

    /// A name as written in an import/export specifier (`X` or `"x-y"`).
    fn specifier_name(&self, node: Node<'_>) -> &'s str {
        unquote(self.text(node))
    }

    // ---- imports ----------------------------------------------------------

    fn import_statement(&mut self, node: Node<'_>) {
        let Some(module) = node.field("source").and_then(|s| self.specifier(s)) else {
            // TS `import x = require('m')` keeps its source inside the clause.
            self.import_require_clause(node);
            return;
        };
        let span = self.span(node);
        let mut cursor = node.walk();
        let Some(clause) = node.named_children(&mut cursor).find(|c| c.kind_name() == "import_clause") else {
            self.push_import(module, None, None, ImportKind::SideEffect, span);
            return;
        };
        let mut cursor = clause.walk();
        for part in clause.named_children(&mut cursor) {
            match part.kind_name() {
                // `import X from 'm'`: the default export, bound as the module.
                "identifier" => self.push_import(module, None, Some(self.text(part)), ImportKind::Namespace, span),
                "namespace_import" => {
                    let alias = part.named_child(0).map(|n| self.text(n));
                    self.push_import(module, None, alias, ImportKind::Namespace, span);
                }
                "named_imports" => {
                    let mut inner = part.walk();
                    for spec in part.named_children(&mut inner).filter(|s| s.kind_name() == "import_specifier") {
                        let Some(name) = spec.field("name").map(|n| self.specifier_name(n)) else {
                            continue;
                        };
                        let alias = spec.field("alias").map(|a| self.text(a));
                        self.push_import(module, Some(name), alias, ImportKind::Named, span);
                    }
                }
                _ => {}
            }
        }
    }

    /// `import fs = require('fs')` (TypeScript).
    fn import_require_clause(&mut self, statement: Node<'_>) {
        let mut cursor = statement.walk();
        let Some(clause) = statement.named_children(&mut cursor).find(|c| c.kind_name() == "import_require_clause")
        else {
            return;
        };
        let Some(module) = clause.field("source").and_then(|s| self.specifier(s)) else { return };
        let alias = clause.named_child(0).filter(|n| n.kind_name() == "identifier").map(|n| self.text(n));
        let span = self.span(statement);
        self.push_import(module, None, alias, ImportKind::Namespace, span);
    }

    fn export_statement(&mut self, path: &Path<'_, '_>) {
        let node = path.here.node;
        let source = node.field("source").and_then(|s| self.specifier(s));
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
        if let Some(module) = source {
            // Re-exports: `export { X as Y } from`, `export * as N from`, `export * from`.
            let span = self.span(node);
            let mut any = false;
            for child in &children {
                match child.kind_name() {
                    "export_clause" => {
                        let mut inner = child.walk();
                        for spec in child.named_children(&mut inner).filter(|s| s.kind_name() == "export_specifier") {
                            let Some(name) = spec.field("name").map(|n| self.specifier_name(n)) else {
                                continue;
                            };
                            let alias = spec.field("alias").map(|a| self.specifier_name(a));
                            self.push_import_full(module, Some(name), alias, ImportKind::Named, true, span);
                            any = true;
                        }
                    }
                    "namespace_export" => {
                        let alias = child.named_child(0).map(|n| self.specifier_name(n));
                        self.push_import_full(module, None, alias, ImportKind::Namespace, true, span);
                        any = true;
                    }
                    _ => {}
                }
            }
            if !any {
                // `export * from 'm'` (or `export {} from 'm'`): everything.
                self.push_import_full(module, None, None, ImportKind::Wildcard, true, span);
            }
            return;
        }
        if !path.is_top_level() {
            return;
        }
        if children.iter().any(|c| c.kind_name() == "default") {
            self.facts.exports.push("default".to_string());
            return;
        }
        if let Some(declaration) = node.field("declaration") {
            self.declared_names(declaration);
        }
        for clause in children.iter().filter(|c| c.kind_name() == "export_clause") {
            let mut inner = clause.walk();
            for spec in clause.named_children(&mut inner).filter(|s| s.kind_name() == "export_specifier") {
                let exported = spec.field("alias").or_else(|| spec.field("name"));
                if let Some(exported) = exported {
                    self.facts.exports.push(self.specifier_name(exported).to_string());
                }
            }
        }
    }

    /// Names introduced by an exported declaration.
    fn declared_names(&mut self, declaration: Node<'_>) {
        match declaration.kind_name() {
            "lexical_declaration" | "variable_declaration" => {
                let mut cursor = declaration.walk();
                for declarator in
                    declaration.named_children(&mut cursor).filter(|d| d.kind_name() == "variable_declarator")
                {
                    if let Some(name) = declarator.field("name") {
                        self.pattern_names(name);
                    }
                }
            }
            _ => {
                if let Some(name) = declaration.field("name") {
                    self.facts.exports.push(self.text(name).to_string());
                }
            }
        }
    }

    /// The identifiers a binding pattern declares (`a`, `{ a, b: c }`, `[d, ...e]`).
    fn pattern_names(&mut self, pattern: Node<'_>) {
        let mut stack = vec![pattern];
        while let Some(node) = stack.pop() {
            match node.kind_name() {
                "identifier" | "shorthand_property_identifier_pattern" => {
                    self.facts.exports.push(self.text(node).to_string());
                }
                "pair_pattern" => stack.extend(node.field("value")),
                "assignment_pattern" | "object_assignment_pattern" => stack.extend(node.field("left")),
                "object_pattern" | "array_pattern" | "rest_pattern" => {
                    let mut cursor = node.walk();
                    let children: Vec<_> = node.named_children(&mut cursor).collect();
                    stack.extend(children.into_iter().rev());
                }
                _ => {}
            }
        }
    }

    /// `module.exports = { a, b }`, `module.exports = X`, `exports.a = …`.
    fn commonjs_exports(&mut self, statement: Node<'_>) {
        let Some(assignment) = statement.named_child(0).filter(|n| n.kind_name() == "assignment_expression") else {
            return;
        };
        let (Some(left), Some(right)) = (assignment.field("left"), assignment.field("right")) else {
            return;
        };
        let target = self.text(left);
        if target == "module.exports" {
            if right.kind_name() == "object" {
                let mut cursor = right.walk();
                for member in right.named_children(&mut cursor) {
                    let key = match member.kind_name() {
                        "shorthand_property_identifier" => Some(member),
                        "pair" | "method_definition" => member.field("key").or_else(|| member.field("name")),
                        _ => None,
                    };
                    if let Some(key) = key {
                        self.facts.exports.push(unquote(self.text(key)).to_string());
                    }
                }
            } else {
                self.facts.exports.push("default".to_string());
            }
        } else if let Some(name) = target.strip_prefix("module.exports.").or_else(|| target.strip_prefix("exports.")) {
            if !name.contains(['.', '[']) {
                self.facts.exports.push(name.to_string());
            }
        }
    }

    /// `declare module 'm' { … }` (TypeScript ambient module declarations).
    fn ambient_module(&mut self, node: Node<'_>) {
        let mut cursor = node.walk();
        let Some(module) = node.named_children(&mut cursor).find(|c| c.kind_name() == "module") else { return };
        let Some(name) = module.field("name").filter(|n| n.kind_name() == "string") else { return };
        let span = self.lines.span(node.start_byte(), name.end_byte());
        let specifier = unquote(self.text(name));
        self.push_import(specifier, None, None, ImportKind::SideEffect, span);
    }

    /// `require('m')` and `import('m')`, bound by what receives the result:
    /// `const X = require('m')` (namespace), `const { A, B: C } = require('m')`
    /// (named), `const X = require('m').A` (named), `const m = await
    /// import('m')`, `module.exports = require('m')` (re-export); anything
    /// else only loads the module.
    fn require_or_dynamic_import(&mut self, path: &Path<'_, '_>) {
        let call = path.here.node;
        let Some(function) = call.field("function") else { return };
        let dynamic = match function.kind_name() {
            "import" => true,
            "identifier" if self.text(function) == "require" => false,
            _ => return,
        };
        let Some(arguments) = call.field("arguments") else { return };
        let Some(module) = arguments.named_child(0).and_then(|a| self.specifier(a)) else { return };

        let mut level = 0;
        if dynamic && path.up(1).is_some_and(|s| s.node.kind_name() == "await_expression") {
            level += 1;
        }
        let mut member = None;
        if let (Some(here), Some(parent)) = (path.up(level), path.up(level + 1)) {
            if parent.node.kind_name() == "member_expression" && here.field == Some("object") {
                member = parent.node.field("property").map(|p| self.text(p));
                level += 1;
            }
        }
        let (Some(here), Some(parent)) = (path.up(level), path.up(level + 1)) else { return };
        match (parent.node.kind_name(), here.field) {
            ("variable_declarator", Some("value")) => {
                let span = self.span(parent.node);
                if let Some(pattern) = parent.node.field("name") {
                    self.bind_pattern(module, member, pattern, span);
                }
            }
            ("assignment_expression", Some("right")) => {
                let span = self.span(parent.node);
                let left = parent.node.field("left");
                match left {
                    Some(l) if l.kind_name() == "identifier" => {
                        let alias = self.text(l);
                        self.bind_local(module, member, alias, span);
                    }
                    Some(l) if self.text(l) == "module.exports" && member.is_none() => {
                        self.push_import_full(module, None, None, ImportKind::Wildcard, true, span);
                    }
                    _ => self.push_import(module, None, None, ImportKind::SideEffect, span),
                }
            }
            _ => {
                let span = self.span(call);
                self.push_import(module, None, None, ImportKind::SideEffect, span);
            }
        }
    }

    /// Binds `alias` to the module, or to its member when the call was
    /// followed by `.member`.
    fn bind_local(&mut self, module: &str, member: Option<&str>, alias: &str, span: Span) {
        match member {
            Some(m) => self.push_import(module, Some(m), Some(alias), ImportKind::Named, span),
            None => self.push_import(module, None, Some(alias), ImportKind::Namespace, span),
        }
    }

    fn bind_pattern(&mut self, module: &str, member: Option<&str>, pattern: Node<'_>, span: Span) {
        match pattern.kind_name() {
            "identifier" => self.bind_local(module, member, self.text(pattern), span),
            // Destructuring a member of the module is a level deeper than
            // imports go: record that the module is loaded.
            "object_pattern" if member.is_none() => {
                let mut cursor = pattern.walk();
                for property in pattern.named_children(&mut cursor) {
                    match property.kind_name() {
                        "shorthand_property_identifier_pattern" => {
                            let name = self.text(property);
                            self.push_import(module, Some(name), None, ImportKind::Named, span);
                        }
                        "object_assignment_pattern" => {
                            if let Some(left) = property.field("left") {
                                let name = self.text(left);
                                self.push_import(module, Some(name), None, ImportKind::Named, span);
                            }
                        }
                        "pair_pattern" => {
                            let key = property.field("key").map(|k| unquote(self.text(k)));
                            let value = property.field("value").map(|v| match v.kind_name() {
                                "assignment_pattern" => v.field("left").unwrap_or(v),
                                _ => v,
                            });
                            if let (Some(key), Some(value)) = (key, value) {
                                if value.kind_name() == "identifier" {
                                    let alias = self.text(value);
                                    self.push_import(module, Some(key), Some(alias), ImportKind::Named, span);
                                }
                            }
                        }
                        "rest_pattern" => {
                            if let Some(rest) = property.named_child(0).filter(|n| n.kind_name() == "identifier") {
                                let alias = self.text(rest);
                                self.push_import(module, None, Some(alias), ImportKind::Namespace, span);
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => self.push_import(module, None, None, ImportKind::SideEffect, span),
        }
    }

    // ---- references -------------------------------------------------------

    /// Emits the reference for an identifier or member expression that tops
    /// a maximal identifier-rooted chain (`S.foo.bar` in `S.foo.bar()`).
    fn chain_reference(&mut self, path: &Path<'_, '_>) {
        let node = path.here.node;
        // Climb `x!` wrappers to the slot the chain occupies.
        let mut level = 0;
        while path.up(level + 1).is_some_and(|s| s.node.kind_name() == "non_null_expression") {
            level += 1;
        }
        let Some(slot) = path.up(level) else { return };
        let parent = path.up(level + 1);
        let parent_kind = parent.map(|p| p.node.kind_name()).unwrap_or("");
        if parent_kind == "member_expression" && slot.field == Some("object") {
            return; // a link of a longer chain
        }
        if node.kind_name() == "identifier" && in_slots(DECLARING_SLOTS, path.parent_kind(), path.here.field) {
            return;
        }
        let Some(chain) = self.chain_path(node) else { return };
        let kind = match (parent_kind, slot.field) {
            ("call_expression", Some("function")) | ("new_expression", Some("constructor")) => RefKind::Call,
            ("jsx_opening_element" | "jsx_self_closing_element", Some("name")) => {
                // Lower-case single names are intrinsic elements (`<div>`).
                if !chain.contains('.') && chain.starts_with(|c: char| c.is_ascii_lowercase()) {
                    return;
                }
                RefKind::Call
            }
            ("jsx_closing_element", _) => return,
            _ if node.kind_name() == "identifier" => RefKind::Ident,
            _ => RefKind::Member,
        };
        self.push_reference(node, chain, kind);
    }

    /// `a.b.c` for a member chain rooted at an identifier; `None` when the
    /// chain starts at a call, `this`, a literal...
    fn chain_path(&self, node: Node<'_>) -> Option<String> {
        let mut parts = Vec::new();
        let mut current = node;
        loop {
            match current.kind_name() {
                "member_expression" => {
                    parts.push(self.text(current.field("property")?));
                    current = current.field("object")?;
                }
                "non_null_expression" => current = current.named_child(0)?,
                "identifier" => {
                    parts.push(self.text(current));
                    break;
                }
                _ => return None,
            }
        }
        parts.reverse();
        Some(parts.join("."))
    }

    // ---- strings ----------------------------------------------------------

    /// A template literal's text between the backticks, substitutions
    /// replaced by nothing.
    fn template_value(&self, node: Node<'_>) -> String {
        let (start, end) = (node.start_byte() + 1, node.end_byte().saturating_sub(1));
        let mut value = String::new();
        let mut at = start;
        let mut cursor = node.walk();
        for sub in node.named_children(&mut cursor).filter(|c| c.kind_name() == "template_substitution") {
            value.push_str(self.source.get(at..sub.start_byte()).unwrap_or(""));
            at = sub.end_byte();
        }
        if at < end {
            value.push_str(self.source.get(at..end).unwrap_or(""));
        }
        value
    }

    /// The value of a literal operand of `+`: a string or a template
    /// literal without substitutions.
    fn literal_operand(&self, node: Node<'_>) -> Option<String> {
        let node = unwrap_parens(node);
        match node.kind_name() {
            "string" => Some(unquote(self.text(node)).to_string()),
            "template_string" if !has_substitution(node) => Some(self.template_value(node)),
            _ => None,
        }
    }

    /// At the top of a tree of `+` operations, emits one string for every
    /// maximal subtree whose operands are all literals:
    /// `'https://' + 'seed1' + '.getsession.org' + path` yields
    /// `https://seed1.getsession.org`. Iterative, so long chains of `+` in
    /// generated code cannot overflow the stack.
    fn concatenation(&mut self, path: &Path<'_, '_>) {
        let top = path.here.node;
        if plus_operands(top).is_none() {
            return;
        }
        let mut level = 1;
        while path.up(level).is_some_and(|s| s.node.kind_name() == "parenthesized_expression") {
            level += 1;
        }
        if path.up(level).is_some_and(|s| plus_operands(s.node).is_some()) {
            return; // handled from the top of this `+` tree
        }

        // Pre-order list of the `+` nodes; reversed, children come first.
        let mut order = Vec::new();
        let mut stack = vec![top];
        while let Some(node) = stack.pop() {
            order.push(node);
            if let Some((left, right)) = plus_operands(node) {
                stack.extend([left, right].into_iter().filter(|c| plus_operands(*c).is_some()));
            }
        }
        let mut all_literal: HashMap<usize, bool> = HashMap::with_capacity(order.len());
        for node in order.iter().rev() {
            let Some((left, right)) = plus_operands(*node) else { continue };
            let literal = |operand: Node<'_>| match all_literal.get(&operand.id()) {
                Some(&known) => known,
                None => self.literal_operand(operand).is_some(),
            };
            let value = literal(left) && literal(right);
            all_literal.insert(node.id(), value);
        }

        let mut stack = vec![top];
        while let Some(node) = stack.pop() {
            if all_literal.get(&node.id()).copied().unwrap_or(false) {
                let value = self.joined_operands(node);
                self.facts.strings.push(StringLit { value, span: self.span(node) });
            } else if let Some((left, right)) = plus_operands(node) {
                stack.extend([right, left].into_iter().filter(|c| plus_operands(*c).is_some()));
            }
        }
    }

    /// The operands of an all-literal `+` tree, joined left to right.
    fn joined_operands(&self, node: Node<'_>) -> String {
        let mut value = String::new();
        let mut stack = vec![node];
        while let Some(node) = stack.pop() {
            match plus_operands(node) {
                Some((left, right)) => stack.extend([right, left]),
                None => value.push_str(&self.literal_operand(node).unwrap_or_default()),
            }
        }
        value
    }
}

fn has_substitution(template: Node<'_>) -> bool {
    let mut cursor = template.walk();
    let found = template.named_children(&mut cursor).any(|c| c.kind_name() == "template_substitution");
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(source: &str) -> FileFacts {
        extract(source, Dialect::TypeScript).expect("parses")
    }

    fn js(source: &str) -> FileFacts {
        extract(source, Dialect::JavaScript).expect("parses")
    }

    /// (module, name, alias, kind) of every import.
    fn imports(facts: &FileFacts) -> Vec<(String, Option<String>, Option<String>, ImportKind)> {
        facts.imports.iter().map(|i| (i.module.clone(), i.name.clone(), i.alias.clone(), i.kind.clone())).collect()
    }

    fn import(
        module: &str,
        name: Option<&str>,
        alias: Option<&str>,
        kind: ImportKind,
    ) -> (String, Option<String>, Option<String>, ImportKind) {
        (module.into(), name.map(Into::into), alias.map(Into::into), kind)
    }

    fn refs(facts: &FileFacts) -> Vec<(String, RefKind)> {
        facts.references.iter().map(|r| (r.path.clone(), r.kind)).collect()
    }

    fn has_ref(facts: &FileFacts, path: &str, kind: RefKind) -> bool {
        facts.references.iter().any(|r| r.path == path && r.kind == kind)
    }

    fn strings(facts: &FileFacts) -> Vec<&str> {
        facts.strings.iter().map(|s| s.value.as_str()).collect()
    }

    #[test]
    fn esm_imports_keep_names_aliases_and_kinds() {
        let facts = ts(r#"
import Default, { Session as S, Poller } from '@session.js/client';
import * as storage from '@session.js/client/storage';
import type { PubkeyType } from 'libsession_util_nodejs';
import './polyfills';
import sodium = require('libsodium-wrappers-sumo');
"#);
        assert_eq!(
            imports(&facts),
            vec![
                import("@session.js/client", None, Some("Default"), ImportKind::Namespace),
                import("@session.js/client", Some("Session"), Some("S"), ImportKind::Named),
                import("@session.js/client", Some("Poller"), None, ImportKind::Named),
                import("@session.js/client/storage", None, Some("storage"), ImportKind::Namespace),
                import("libsession_util_nodejs", Some("PubkeyType"), None, ImportKind::Named),
                import("./polyfills", None, None, ImportKind::SideEffect),
                import("libsodium-wrappers-sumo", None, Some("sodium"), ImportKind::Namespace),
            ]
        );
        assert_eq!(facts.imports.iter().filter(|i| i.local).count(), 1, "only ./polyfills is the project's own");
        assert_eq!(facts.imports[0].span.line, 2);
    }

    #[test]
    fn reexports_are_imports_marked_reexport() {
        let facts = ts(r#"
export { Session as SessionClient, Poller } from '@session.js/client';
export * from '@session.js/types';
export * as mnemonic from '@session.js/mnemonic';
"#);
        assert_eq!(
            imports(&facts),
            vec![
                import("@session.js/client", Some("Session"), Some("SessionClient"), ImportKind::Named),
                import("@session.js/client", Some("Poller"), None, ImportKind::Named),
                import("@session.js/types", None, None, ImportKind::Wildcard),
                import("@session.js/mnemonic", None, Some("mnemonic"), ImportKind::Namespace),
            ]
        );
        assert!(facts.imports.iter().all(|i| i.reexport));
        assert!(facts.exports.is_empty(), "re-exported names travel as imports, not as own exports");
    }

    #[test]
    fn require_forms_bind_like_imports() {
        let facts = js(r#"
const libsession = require('libsession_util_nodejs');
const {
  UserConfigWrapperNode,
  ContactsConfigWrapperNode: Contacts,
} = require('libsession_util_nodejs');
const Meta = require('libsession_util_nodejs').MetaGroupWrapperNode;
require('dotenv/config');
let lazy;
lazy = require('./lazy');
module.exports = require('./barrel');
"#);
        assert_eq!(
            imports(&facts),
            vec![
                import("libsession_util_nodejs", None, Some("libsession"), ImportKind::Namespace),
                import("libsession_util_nodejs", Some("UserConfigWrapperNode"), None, ImportKind::Named),
                import(
                    "libsession_util_nodejs",
                    Some("ContactsConfigWrapperNode"),
                    Some("Contacts"),
                    ImportKind::Named
                ),
                import("libsession_util_nodejs", Some("MetaGroupWrapperNode"), Some("Meta"), ImportKind::Named),
                import("dotenv/config", None, None, ImportKind::SideEffect),
                import("./lazy", None, Some("lazy"), ImportKind::Namespace),
                import("./barrel", None, None, ImportKind::Wildcard),
            ]
        );
        // The destructuring import points at the line of its declarator.
        assert_eq!(facts.imports[1].span.line, 3);
        assert!(facts.imports[6].reexport && facts.imports[6].local);
    }

    #[test]
    fn dynamic_imports_load_and_bind_when_awaited() {
        let facts = ts(r#"
const sdk = await import('@session.js/client');
const { Poller } = await import('@session.js/client/polling');
import('./analytics').then((m) => m.start());
"#);
        assert_eq!(
            imports(&facts),
            vec![
                import("@session.js/client", None, Some("sdk"), ImportKind::Namespace),
                import("@session.js/client/polling", Some("Poller"), None, ImportKind::Named),
                import("./analytics", None, None, ImportKind::SideEffect),
            ]
        );
    }

    #[test]
    fn ambient_module_declarations_are_recorded() {
        let facts = ts("declare module 'libsession_util_nodejs' {\n  export class UserConfigWrapperNode {}\n}\n");
        assert_eq!(imports(&facts), vec![import("libsession_util_nodejs", None, None, ImportKind::SideEffect)]);
        assert_eq!((facts.imports[0].span.line, facts.imports[0].span.end_line), (1, 1));
        assert!(facts.exports.is_empty(), "names inside `declare module` are not this file's exports");
    }

    #[test]
    fn member_chains_are_maximal_and_rooted_at_identifiers() {
        let facts = ts(r#"
S.foo.bar();
const poller = new sdk.Poller({ interval: 5000 });
client!.session.send(x);
getClient().session.send();
this.session.send();
if (S.ready) {}
"#);
        assert!(has_ref(&facts, "S.foo.bar", RefKind::Call));
        assert!(has_ref(&facts, "sdk.Poller", RefKind::Call));
        assert!(has_ref(&facts, "client.session.send", RefKind::Call));
        assert!(has_ref(&facts, "getClient", RefKind::Call));
        assert!(has_ref(&facts, "S.ready", RefKind::Member));
        let paths: Vec<String> = refs(&facts).into_iter().map(|(p, _)| p).collect();
        assert!(!paths.iter().any(|p| p == "S" || p == "S.foo" || p == "sdk"), "no partial chains: {paths:?}");
        assert!(!paths.iter().any(|p| p.contains("this") || p.starts_with("session")), "{paths:?}");
        // Declared names are not uses.
        assert!(!paths.iter().any(|p| p == "poller"));
    }

    #[test]
    fn types_generics_and_qualified_types_are_type_references() {
        let facts = ts(r#"
let c: UserConfigWrapperNode;
const groups = new Map<string, MetaGroupWrapperNode>();
function load(w: libsession.ContactsConfigWrapperNode): Promise<PubkeyType> { return w as any; }
interface Local { x: number }
class Bot implements Handler {}
"#);
        assert!(has_ref(&facts, "UserConfigWrapperNode", RefKind::Type));
        assert!(has_ref(&facts, "MetaGroupWrapperNode", RefKind::Type));
        assert!(has_ref(&facts, "libsession.ContactsConfigWrapperNode", RefKind::Type));
        assert!(has_ref(&facts, "PubkeyType", RefKind::Type));
        assert!(has_ref(&facts, "Handler", RefKind::Type));
        assert!(!has_ref(&facts, "Local", RefKind::Type) && !has_ref(&facts, "Bot", RefKind::Type));
        assert!(!has_ref(&facts, "ContactsConfigWrapperNode", RefKind::Type), "qualified types stay whole");
    }

    #[test]
    fn jsx_component_names_are_references_but_intrinsics_are_not() {
        let facts =
            extract("const v = <S.Provider value={s}><ChatView id={id} /><div>hi</div></S.Provider>;", Dialect::Tsx)
                .expect("parses");
        assert!(has_ref(&facts, "S.Provider", RefKind::Call));
        assert!(has_ref(&facts, "ChatView", RefKind::Call));
        assert!(!has_ref(&facts, "div", RefKind::Call));
        assert_eq!(facts.references.iter().filter(|r| r.path == "S.Provider").count(), 1, "closing tag skipped");
    }

    #[test]
    fn template_literals_keep_literal_parts() {
        let facts = ts("const url = `https://${host}:${port}/storage_rpc/v1`;\nconst raw = `a\\nb`;");
        assert_eq!(strings(&facts), vec!["https://:/storage_rpc/v1", "a\\nb"]);
    }

    #[test]
    fn literal_concatenations_are_joined_once() {
        let facts = js(r#"
const seed = 'https://' + 'seed1.getsession.org';
const three = "a" + ('b' + `c`);
const mixed = 'https://' + 'seed2' + host + '.x';
"#);
        let s = strings(&facts);
        assert!(s.contains(&"https://seed1.getsession.org"), "{s:?}");
        assert!(s.contains(&"abc"), "{s:?}");
        assert!(!s.contains(&"bc"), "only the maximal literal subtree is joined: {s:?}");
        assert!(s.contains(&"https://seed2"), "{s:?}");
        assert!(s.contains(&"seed1.getsession.org") && s.contains(&"b"), "the parts stay too: {s:?}");
    }

    #[test]
    fn deep_concatenations_do_not_overflow() {
        let mut source = String::from("const s = 'x'");
        for _ in 0..20_000 {
            source.push_str(" + 'y'");
        }
        source.push(';');
        let facts = js(&source);
        assert!(facts.strings.iter().any(|s| s.value.len() == 20_001));
    }

    #[test]
    fn comments_and_exports_are_collected() {
        let facts = ts(r#"
// Session bot entry point
/* block */
export class SessionBot {}
export function start() {}
export const a = 1, { b, c: d } = obj;
export interface Options {}
export default SessionBot;
const hidden = 1;
export { hidden as visible };
"#);
        assert_eq!(facts.comments.len(), 2);
        assert_eq!(facts.comments[0].text, "// Session bot entry point");
        assert_eq!(facts.exports, vec!["SessionBot", "start", "a", "b", "d", "Options", "default", "visible"]);
    }

    #[test]
    fn commonjs_exports_are_collected() {
        let facts = js("module.exports = { createBot, stop: halt };\nexports.version = '1';\n");
        assert_eq!(facts.exports, vec!["createBot", "stop", "version"]);
    }

    #[test]
    fn facts_survive_syntax_errors() {
        let facts = ts(r#"
import { Session } from '@session.js/client';
const broken = {{ ;
const s = new Session();
"#);
        assert_eq!(facts.imports.len(), 1);
        assert!(has_ref(&facts, "Session", RefKind::Call), "{:?}", refs(&facts));
    }

    #[test]
    fn odd_input_does_not_panic() {
        for source in ["", "import", "require(", "import(`x${y}`)", "`unterminated", "a +", "<", "export * from"] {
            for dialect in [Dialect::JavaScript, Dialect::TypeScript, Dialect::Tsx] {
                assert!(extract(source, dialect).is_ok());
            }
        }
    }
}
