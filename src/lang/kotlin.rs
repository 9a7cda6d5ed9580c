//! Fact extraction for Kotlin (tree-sitter-kotlin-ng).
//!
//! kotlin-ng loses its footing on one-line bodies (`class A { val a = 1 }`,
//! `class A { val a = 1; val b = 2 }`): it wraps them in an ERROR node and
//! may leave the rest of the file outside any node. When a file has syntax
//! errors it is parsed a second time with those `;` and the blank before
//! such a `}` turned into line breaks (same byte offsets, so spans and text
//! still come from the original source), and the tree with less damage
//! wins. Facts are taken from ERROR subtrees too.

use std::cell::RefCell;

use tree_sitter::{Node, Parser, Tree};

use super::ts_util::{self, span, text, NodeExt};
use super::ExtractError;
use crate::facts::{Comment, FileFacts, Import, ImportKind, LineIndex, PackageDecl, RefKind, Reference, StringLit};

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

pub fn extract(source: &str) -> Result<FileFacts, ExtractError> {
    let tree = parse_least_damaged(source)?;
    let lines = LineIndex::new(source);
    let mut cx = Extractor { source, lines: &lines, facts: FileFacts::default(), literals: Default::default() };
    ts_util::walk_with_ancestors(&tree, |node, ancestors| cx.visit(node, ancestors));
    Ok(cx.facts)
}

fn parse(source: &str) -> Result<Tree, ExtractError> {
    ts_util::parse(&PARSER, &tree_sitter_kotlin_ng::LANGUAGE.into(), source)
}

/// Parses `source`; on syntax errors, also parses its [`relaxed_layout`]
/// and keeps whichever tree is less damaged.
fn parse_least_damaged(source: &str) -> Result<Tree, ExtractError> {
    let tree = parse(source)?;
    if !tree.root_node().has_error() {
        return Ok(tree);
    }
    let Some(relaxed) = relaxed_layout(source) else { return Ok(tree) };
    let retry = parse(&relaxed)?;
    Ok(if damage(&retry) < damage(&tree) { retry } else { tree })
}

/// How badly error recovery went: bytes inside ERROR nodes that no child
/// covers (facts there are lost), plus one per ERROR or MISSING node.
fn damage(tree: &Tree) -> usize {
    let mut total = 0;
    ts_util::walk(tree, |node| {
        if node.is_missing() {
            total += 1;
        }
        if node.is_error() {
            let mut cursor = node.walk();
            let covered: usize = node.children(&mut cursor).map(|c| c.end_byte() - c.start_byte()).sum();
            total += 1 + (node.end_byte() - node.start_byte()).saturating_sub(covered);
        }
        true
    });
    total
}

/// A copy of `source`, byte for byte the same length, that kotlin-ng parses
/// more reliably, or `None` when nothing changes: every `;` that separates
/// statements or members becomes a `\n` (except the one that ends an enum's
/// entry list, which is required), and so does the blank before a `}` that
/// follows code on the same line. Strings, templates' literal parts,
/// character literals and comments are left alone.
fn relaxed_layout(source: &str) -> Option<String> {
    #[derive(Clone, Copy)]
    enum Frame {
        /// A `{` block; `enum_entries` while an enum body's entry list may
        /// still be open.
        Brace { enum_entries: bool },
        /// The code of a `${...}` template inside a string.
        Template,
        /// A string: `raw` for `"""`.
        Str { raw: bool },
    }
    let bytes = source.as_bytes();
    let mut out = bytes.to_vec();
    let mut changed = false;
    let mut stack: Vec<Frame> = Vec::new();
    let mut enum_pending = false;
    // Where the current line starts and where the last non-blank byte is,
    // kept up to date lazily so that minified one-line files stay linear.
    let (mut scanned, mut line_start, mut last_code) = (0, 0, None::<usize>);
    let mut i = 0;
    while i < bytes.len() {
        if let Some(&Frame::Str { raw }) = stack.last() {
            if raw && bytes[i..].starts_with(b"\"\"\"") {
                // A raw string may end in more than three quotes; the last
                // three close it.
                let mut j = i + 3;
                while j < bytes.len() && bytes[j] == b'"' {
                    j += 1;
                }
                stack.pop();
                i = j;
            } else if !raw && bytes[i] == b'"' {
                stack.pop();
                i += 1;
            } else if !raw && bytes[i] == b'\\' {
                i += 2;
            } else if bytes[i..].starts_with(b"${") {
                stack.push(Frame::Template);
                i += 2;
            } else {
                i += 1;
            }
            continue;
        }
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                // Kotlin block comments nest.
                let mut depth = 0usize;
                while i < bytes.len() {
                    if bytes[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if bytes[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'"' => {
                let raw = bytes[i..].starts_with(b"\"\"\"");
                stack.push(Frame::Str { raw });
                i += if raw { 3 } else { 1 };
            }
            b'\'' => {
                // Character literal: up to the closing quote, escapes included.
                i += 1;
                while i < bytes.len() && bytes[i] != b'\'' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'{' => {
                stack.push(Frame::Brace { enum_entries: enum_pending });
                enum_pending = false;
                i += 1;
            }
            b'}' => {
                // `{ val a = 1 }`: kotlin-ng wants a line break before a
                // body's closing brace when a member precedes it on the
                // same line. (Closing a template returns to its string.)
                if let Some(Frame::Brace { .. }) = stack.pop() {
                    while scanned < i {
                        match bytes[scanned] {
                            b'\n' => line_start = scanned + 1,
                            b if !b.is_ascii_whitespace() => last_code = Some(scanned),
                            _ => {}
                        }
                        scanned += 1;
                    }
                    let code_before = last_code.is_some_and(|c| c >= line_start);
                    if code_before && matches!(bytes[i - 1], b' ' | b'\t') {
                        out[i - 1] = b'\n';
                        changed = true;
                    }
                }
                i += 1;
            }
            b';' => {
                match stack.last_mut() {
                    Some(Frame::Brace { enum_entries }) if *enum_entries => *enum_entries = false,
                    _ => {
                        out[i] = b'\n';
                        changed = true;
                    }
                }
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &bytes[start..i];
                let before_ok = start == 0 || !(bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_');
                if before_ok && word == b"enum" {
                    let rest = &bytes[i..];
                    let ws = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
                    if ws > 0 && rest[ws..].starts_with(b"class") {
                        enum_pending = true;
                    }
                }
            }
            _ => i += 1,
        }
    }
    if !changed {
        return None;
    }
    // Only ASCII bytes (`;`, blanks) were replaced by ASCII `\n`, so this
    // cannot fail.
    String::from_utf8(out).ok()
}

/// An identifier's name without Kotlin's backquotes.
fn ident<'s>(node: Node<'_>, source: &'s str) -> &'s str {
    text(node, source).trim_matches('`')
}

fn is_comment(node: Node<'_>) -> bool {
    matches!(node.kind_name(), "line_comment" | "block_comment")
}

/// Named children other than comments (which tree-sitter allows anywhere).
fn code_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|c| !is_comment(*c)).collect()
}

/// `a.b.c` of a qualified identifier.
fn qualified_name(node: Node<'_>, source: &str) -> String {
    code_children(node)
        .into_iter()
        .filter(|c| c.kind_name() == "identifier")
        .map(|c| ident(c, source))
        .collect::<Vec<_>>()
        .join(".")
}

fn is_postfix_bang(node: Node<'_>) -> bool {
    node.kind_name() == "unary_expression" && node.field("operator").is_some_and(|o| o.kind_name() == "!!")
}

/// The dotted path of an identifier-rooted navigation chain
/// (`a.b?.c!!.d` → `a.b.c.d`); `None` when the chain starts at a call,
/// literal, `this` or anything else that is not a name.
fn chain_path(node: Node<'_>, source: &str) -> Option<String> {
    let mut parts = Vec::new();
    let mut current = node;
    loop {
        match current.kind_name() {
            "navigation_expression" => {
                let children = code_children(current);
                let (receiver, member) = (children.first()?, children.last()?);
                if children.len() < 2 || member.kind_name() != "identifier" {
                    return None;
                }
                parts.push(ident(*member, source));
                current = *receiver;
            }
            "identifier" => {
                parts.push(ident(current, source));
                break;
            }
            _ if is_postfix_bang(current) => current = current.field("argument")?,
            _ => return None,
        }
    }
    parts.reverse();
    Some(parts.join("."))
}

/// Whether `node` (whose ancestors are given, parent last) is the receiver
/// of an enclosing navigation, so that the enclosing chain, not this one,
/// is the maximal one.
fn is_receiver(node: Node<'_>, ancestors: &[Node<'_>]) -> bool {
    let mut child = node;
    let mut up = ancestors.iter().rev();
    let mut parent = up.next();
    while let Some(p) = parent.filter(|p| is_postfix_bang(**p)) {
        child = *p;
        parent = up.next();
    }
    parent.is_some_and(|p| {
        p.kind_name() == "navigation_expression" && code_children(*p).first().is_some_and(|r| r.id() == child.id())
    })
}

/// Whether `node` is the function being called by its parent.
fn is_callee(node: Node<'_>, parent: Option<Node<'_>>) -> bool {
    parent.is_some_and(|p| {
        p.kind_name() == "call_expression" && code_children(p).first().is_some_and(|c| c.id() == node.id())
    })
}

/// Whether an identifier stands for a value (rather than declaring a name,
/// being a member of a chain handled elsewhere, a label or part of a type).
fn is_value_identifier(node: Node<'_>, parent: Option<Node<'_>>) -> bool {
    let Some(parent) = parent else { return false };
    match parent.kind_name() {
        "callable_reference"
        | "catch_block"
        | "class_declaration"
        | "class_parameter"
        | "companion_object"
        | "enum_entry"
        | "function_declaration"
        | "import"
        | "navigation_expression"
        | "object_declaration"
        | "parameter"
        | "qualified_identifier"
        | "setter"
        | "super_expression"
        | "this_expression"
        | "type_alias"
        | "type_constraint"
        | "type_parameter"
        | "user_type"
        | "variable_declaration"
        | "package_header"
        | "annotated_lambda"
        | "file_annotation"
        | "ERROR" => false,
        // `f(name = value)`: the name is a parameter label.
        "value_argument" => {
            let mut cursor = parent.walk();
            let mut after = parent.children(&mut cursor).skip_while(|c| c.id() != node.id()).skip(1);
            after.next().is_none_or(|s| s.kind_name() != "=")
        }
        // `a to b`: `to` is the infix function.
        "infix_expression" => code_children(parent).get(1).is_none_or(|m| m.id() != node.id()),
        "return_expression" => parent.field("label").is_none_or(|l| l.id() != node.id()),
        _ => true,
    }
}

fn is_private(declaration: Node<'_>, source: &str) -> bool {
    code_children(declaration).into_iter().filter(|c| c.kind_name() == "modifiers").any(|m| {
        code_children(m).into_iter().any(|v| v.kind_name() == "visibility_modifier" && text(v, source) == "private")
    })
}

/// Whether a node with these ancestors sits at file level (directly in the
/// file, or in an ERROR node that is).
fn is_top_level(ancestors: &[Node<'_>]) -> bool {
    match ancestors {
        [] | [_] => true,
        [.., grandparent, parent] => {
            parent.kind_name() == "source_file"
                || (parent.kind_name() == "ERROR" && grandparent.kind_name() == "source_file")
        }
    }
}

fn is_plus(node: Node<'_>) -> bool {
    node.kind_name() == "binary_expression" && node.field("operator").is_some_and(|o| o.kind_name() == "+")
}

fn is_string(node: Node<'_>) -> bool {
    matches!(node.kind_name(), "string_literal" | "multiline_string_literal")
}

/// The literal parts of a string literal, delimiters and `$x`/`${...}`
/// substitutions removed, escapes as written.
fn string_value(node: Node<'_>, source: &str) -> String {
    let count = node.child_count();
    let (Some(open), Some(close)) = (node.child(0), count.checked_sub(1).and_then(|i| node.child(i))) else {
        return String::new();
    };
    if count < 2 {
        return String::new();
    }
    let mut value = String::new();
    let mut at = open.end_byte();
    let mut cursor = node.walk();
    for part in node.named_children(&mut cursor).filter(|c| c.kind_name() == "interpolation") {
        value.push_str(source.get(at..part.start_byte()).unwrap_or(""));
        at = part.end_byte();
    }
    value.push_str(source.get(at..close.start_byte().max(at)).unwrap_or(""));
    value
}

/// The value of a string literal or of a `"a" + "b" + ...` concatenation
/// whose every operand is one (parentheses allowed); `None` otherwise.
fn literal_value(node: Node<'_>, source: &str) -> Option<String> {
    let mut value = String::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if is_plus(n) {
            // Right pushed first so the left operand is joined first.
            stack.push(n.field("right")?);
            stack.push(n.field("left")?);
        } else if n.kind_name() == "parenthesized_expression" {
            let inner = code_children(n);
            if inner.len() != 1 {
                return None;
            }
            stack.push(inner[0]);
        } else if is_string(n) {
            value.push_str(&string_value(n, source));
        } else {
            return None;
        }
    }
    Some(value)
}

/// The operands of a `+` node.
fn plus_operands(node: Node<'_>) -> Option<(Node<'_>, Node<'_>)> {
    if !is_plus(node) {
        return None;
    }
    Some((node.field("left")?, node.field("right")?))
}

/// What `n` is to a string concatenation.
fn concat_operand(n: Node<'_>) -> ts_util::Operand<'_> {
    if let Some((left, right)) = plus_operands(n) {
        ts_util::Operand::Of(vec![left, right])
    } else if n.kind_name() == "parenthesized_expression" {
        let inner = code_children(n);
        if inner.len() == 1 {
            ts_util::Operand::Of(inner)
        } else {
            ts_util::Operand::Other
        }
    } else if is_string(n) {
        ts_util::Operand::Literal
    } else {
        ts_util::Operand::Other
    }
}

struct Extractor<'s, 'l> {
    source: &'s str,
    lines: &'l LineIndex<'s>,
    facts: FileFacts,
    literals: ts_util::LiteralTrees,
}

impl Extractor<'_, '_> {
    fn reference(&mut self, path: String, kind: RefKind, node: Node<'_>) {
        if !path.is_empty() {
            self.facts.references.push(Reference { path, kind, span: span(node, self.lines) });
        }
    }

    fn export(&mut self, name: &str) {
        if !name.is_empty() && !self.facts.exports.iter().any(|e| e == name) {
            self.facts.exports.push(name.to_string());
        }
    }

    /// Handles one node (its ancestors given root first, parent last);
    /// returns whether to visit its children.
    fn visit(&mut self, node: Node<'_>, ancestors: &[Node<'_>]) -> bool {
        let source = self.source;
        let parent = ancestors.last().copied();
        match node.kind_name() {
            "package_header" => {
                if let Some(q) = code_children(node).into_iter().find(|c| c.kind_name() == "qualified_identifier") {
                    let name = qualified_name(q, source);
                    self.facts.package = Some(PackageDecl { name, span: span(node, self.lines) });
                }
                false
            }
            "import" => {
                self.import(node);
                false
            }
            "line_comment" | "block_comment" => {
                self.facts
                    .comments
                    .push(Comment { text: text(node, source).to_string(), span: span(node, self.lines) });
                false
            }
            "string_literal" | "multiline_string_literal" => {
                let value = string_value(node, source);
                self.facts.strings.push(StringLit { value, span: span(node, self.lines) });
                true
            }
            "binary_expression" => {
                // Only the outermost literal concatenation, each asked once:
                // long `a + b + ...` chains stay linear.
                if is_plus(node)
                    && !self.literals.extends_concatenation(node, ancestors, plus_operands, concat_operand)
                    && self.literals.is_literal(node, concat_operand)
                {
                    if let Some(value) = literal_value(node, source) {
                        self.facts.strings.push(StringLit { value, span: span(node, self.lines) });
                    }
                }
                true
            }
            "navigation_expression" => {
                if !is_receiver(node, ancestors) {
                    if let Some(path) = chain_path(node, source) {
                        let kind = if is_callee(node, parent) { RefKind::Call } else { RefKind::Member };
                        self.reference(path, kind, node);
                    }
                }
                true
            }
            "identifier" => {
                // kotlin-ng parses the `null` literal as an identifier.
                if is_value_identifier(node, parent) && text(node, source) != "null" {
                    let kind = if is_callee(node, parent) { RefKind::Call } else { RefKind::Ident };
                    self.reference(ident(node, source).to_string(), kind, node);
                }
                false
            }
            "user_type" => {
                let path = code_children(node)
                    .into_iter()
                    .filter(|c| c.kind_name() == "identifier")
                    .map(|c| ident(c, source))
                    .collect::<Vec<_>>()
                    .join(".");
                // `class A : Base()` calls Base's constructor.
                let is_super_call = matches!(
                    ancestors,
                    [.., g, p] if p.kind_name() == "constructor_invocation" && g.kind_name() == "delegation_specifier"
                );
                let kind = if is_super_call { RefKind::Call } else { RefKind::Type };
                self.reference(path, kind, node);
                true
            }
            "callable_reference" => {
                let children = code_children(node);
                let member = children.last().filter(|m| m.kind_name() == "identifier");
                if let Some(member) = member {
                    let name = ident(*member, source);
                    match children.first().filter(|r| r.kind_name() == "user_type") {
                        Some(receiver) => {
                            let receiver = text(*receiver, source).split_whitespace().collect::<String>();
                            self.reference(format!("{receiver}.{name}"), RefKind::Member, node);
                        }
                        None if children.len() == 1 => self.reference(name.to_string(), RefKind::Ident, node),
                        None => {}
                    }
                }
                true
            }
            "class_declaration" | "object_declaration" | "function_declaration" | "type_alias" => {
                if is_top_level(ancestors) && !is_private(node, source) {
                    let field = if node.kind_name() == "type_alias" { "type" } else { "name" };
                    if let Some(name) = node.field(field) {
                        self.export(ident(name, source));
                    }
                }
                true
            }
            "property_declaration" => {
                if is_top_level(ancestors) && !is_private(node, source) {
                    let var = code_children(node).into_iter().find(|c| c.kind_name() == "variable_declaration");
                    if let Some(name) =
                        var.and_then(|v| code_children(v).into_iter().find(|c| c.kind_name() == "identifier"))
                    {
                        self.export(ident(name, source));
                    }
                }
                true
            }
            "ERROR" => {
                if is_top_level(ancestors) {
                    self.exports_in_error(node);
                }
                true
            }
            _ => true,
        }
    }

    fn import(&mut self, node: Node<'_>) {
        let source = self.source;
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
        let Some(path) = children.iter().find(|c| c.kind_name() == "qualified_identifier") else { return };
        let path = qualified_name(*path, source);
        let wildcard = children.iter().any(|c| c.kind_name() == "*");
        let alias = children.iter().find(|c| c.kind_name() == "identifier").map(|a| ident(*a, source).to_string());
        let (module, name, kind) = if wildcard {
            (path, None, ImportKind::Wildcard)
        } else {
            let (module, name) = path.rsplit_once('.').unwrap_or(("", path.as_str()));
            (module.to_string(), Some(name.to_string()), ImportKind::Named)
        };
        self.facts.imports.push(Import {
            module,
            name,
            alias,
            kind,
            local: false,
            reexport: false,
            span: span(node, self.lines),
        });
    }

    /// A top-level ERROR node may hold `class Name { ... }` as loose
    /// tokens; keep the declared names.
    fn exports_in_error(&mut self, node: Node<'_>) {
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
        for pair in children.windows(2) {
            if matches!(pair[0].kind_name(), "class" | "object" | "interface") && pair[1].kind_name() == "identifier" {
                let name = ident(pair[1], self.source).to_string();
                self.export(&name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(src: &str) -> FileFacts {
        extract(src).expect("extracts")
    }

    fn refs(f: &FileFacts) -> Vec<(String, RefKind)> {
        f.references.iter().map(|r| (r.path.clone(), r.kind)).collect()
    }

    fn has_ref(f: &FileFacts, path: &str, kind: RefKind) -> bool {
        f.references.iter().any(|r| r.path == path && r.kind == kind)
    }

    fn strings(f: &FileFacts) -> Vec<&str> {
        f.strings.iter().map(|s| s.value.as_str()).collect()
    }

    #[test]
    fn imports_package_and_aliases() {
        let f = facts(
            "package org.example.chat\n\n\
             import network.loki.messenger.libsession_util.UserProfile as LibUserProfile\n\
             import network.loki.messenger.libsession_util.util.*\n\
             import kotlinx.coroutines.flow.StateFlow\n",
        );
        let package = f.package.as_ref().expect("package");
        assert_eq!(package.name, "org.example.chat");
        assert_eq!(package.span.line, 1);
        let i = &f.imports[0];
        assert_eq!(i.module, "network.loki.messenger.libsession_util");
        assert_eq!(i.name.as_deref(), Some("UserProfile"));
        assert_eq!(i.alias.as_deref(), Some("LibUserProfile"));
        assert_eq!(i.kind, ImportKind::Named);
        assert_eq!(i.span.line, 3);
        let w = &f.imports[1];
        assert_eq!(
            (w.module.as_str(), w.name.as_deref(), &w.kind),
            ("network.loki.messenger.libsession_util.util", None, &ImportKind::Wildcard)
        );
        assert_eq!(f.imports[2].name.as_deref(), Some("StateFlow"));
        assert_eq!(f.imports[2].alias, None);
    }

    #[test]
    fn chains_calls_and_types_are_maximal() {
        let f = facts(
            "class ProfileViewModel(private val configs: ConfigFactory) : ViewModel() {\n\
             \x20   val name: StateFlow<String?> = MutableStateFlow(null)\n\
             \x20   fun load() {\n\
             \x20       val profile = LibUserProfile.newInstance(secretKey, dump)\n\
             \x20       configs.userProfile.getName()\n\
             \x20       network.loki.messenger.libsession_util.Contacts(1).get(id)\n\
             \x20       session?.contacts!!.all()\n\
             \x20       val k = UserProfile::class.java\n\
             \x20   }\n\
             }\n",
        );
        let r = refs(&f);
        assert!(has_ref(&f, "LibUserProfile.newInstance", RefKind::Call), "{r:?}");
        assert!(has_ref(&f, "configs.userProfile.getName", RefKind::Call), "{r:?}");
        assert!(!r.iter().any(|(p, _)| p == "configs.userProfile" || p == "configs"), "{r:?}");
        assert!(has_ref(&f, "network.loki.messenger.libsession_util.Contacts", RefKind::Call), "{r:?}");
        assert!(has_ref(&f, "session.contacts.all", RefKind::Call), "{r:?}");
        assert!(has_ref(&f, "ViewModel", RefKind::Call), "{r:?}");
        assert!(has_ref(&f, "ConfigFactory", RefKind::Type), "{r:?}");
        assert!(has_ref(&f, "StateFlow", RefKind::Type), "{r:?}");
        assert!(has_ref(&f, "String", RefKind::Type), "{r:?}");
        assert!(has_ref(&f, "MutableStateFlow", RefKind::Call), "{r:?}");
        assert!(has_ref(&f, "UserProfile.class.java", RefKind::Member), "{r:?}");
        assert!(!r.iter().any(|(p, _)| p == "null"), "{r:?}");
        assert!(has_ref(&f, "secretKey", RefKind::Ident), "{r:?}");
        // Declared names are not uses.
        assert!(!r.iter().any(|(p, _)| p == "profile" || p == "load" || p == "ProfileViewModel"), "{r:?}");
    }

    #[test]
    fn generics_annotations_and_named_arguments() {
        let f = facts(
            "@HiltViewModel\n\
             class A @Inject constructor(@ApplicationContext val ctx: Context) {\n\
             \x20   private val cache: Map<String, List<Contact>> = emptyMap()\n\
             \x20   fun f() = build(name = displayName, kind = Namespace.CONTACTS())\n\
             }\n",
        );
        for path in ["HiltViewModel", "Inject", "ApplicationContext", "Map", "List", "Contact"] {
            assert!(has_ref(&f, path, RefKind::Type), "{path}: {:?}", refs(&f));
        }
        assert!(has_ref(&f, "Namespace.CONTACTS", RefKind::Call));
        assert!(has_ref(&f, "displayName", RefKind::Ident));
        assert!(!has_ref(&f, "name", RefKind::Ident), "a parameter label is not a use");
    }

    #[test]
    fn strings_templates_and_concatenation() {
        let f = facts(
            "object Native {\n\
             \x20   init { System.loadLibrary(\"session_\" + \"util\") }\n\
             \x20   val url = \"https://${host}/storage_rpc/v1\"\n\
             \x20   val raw = \"\"\"line $x end\"\"\"\n\
             \x20   val esc = \"a\\\"b\"\n\
             }\n",
        );
        let s = strings(&f);
        assert!(s.contains(&"session_util"), "{s:?}");
        assert!(s.contains(&"session_"), "{s:?}");
        assert!(s.contains(&"https:///storage_rpc/v1"), "{s:?}");
        assert!(s.contains(&"line  end"), "{s:?}");
        assert!(s.contains(&"a\\\"b"), "{s:?}");
        assert!(has_ref(&f, "System.loadLibrary", RefKind::Call));
        assert!(has_ref(&f, "host", RefKind::Ident));
        let joined = f.strings.iter().find(|l| l.value == "session_util").expect("joined");
        assert_eq!((joined.span.line, joined.span.column), (2, 31));
    }

    #[test]
    fn mixed_concatenation_is_not_joined() {
        let f = facts("val a = \"x\" + name + \"y\"\n");
        assert_eq!(strings(&f), vec!["x", "y"]);
    }

    #[test]
    fn comments_and_exports() {
        let f = facts(
            "// Session here means a login session.\n\
             /* block */\n\
             class SessionManager\n\
             object Registry\n\
             fun topLevel() = 1\n\
             val visible = 2\n\
             private val hidden = 3\n\
             private class Internal\n\
             typealias Id = String\n",
        );
        assert_eq!(f.comments.len(), 2);
        assert_eq!(f.comments[0].text, "// Session here means a login session.");
        assert_eq!(f.exports, vec!["SessionManager", "Registry", "topLevel", "visible", "Id"]);
    }

    #[test]
    fn semicolon_separated_members_on_one_line_keep_the_rest_of_the_file() {
        // kotlin-ng alone turns this into one ERROR node and loses every
        // line after the first class.
        let src = "import network.loki.messenger.libsession_util.Contacts\n\
                   class Holder { private var c: Contacts? = null; fun x() = Convo.OneToOne(\"05\") }\n\
                   class Other { val a = 1; val b = UserProfile.newInstance() }\n\
                   fun main() { Namespace.CONTACTS(); println(\"done; ok\") }\n";
        assert!(damage(&parse(src).expect("parses")) > 0, "the grammar still fails on this input");
        let f = facts(src);
        assert!(has_ref(&f, "Contacts", RefKind::Type), "{:?}", refs(&f));
        assert!(has_ref(&f, "Convo.OneToOne", RefKind::Call));
        assert!(has_ref(&f, "UserProfile.newInstance", RefKind::Call));
        assert!(has_ref(&f, "Namespace.CONTACTS", RefKind::Call));
        assert!(strings(&f).contains(&"done; ok"), "strings keep their semicolons");
        let lines: Vec<usize> =
            f.references.iter().filter(|r| r.path == "Namespace.CONTACTS").map(|r| r.span.line).collect();
        assert_eq!(lines, vec![4]);
        assert!(
            f.exports.contains(&"Holder".to_string()) && f.exports.contains(&"main".to_string()),
            "{:?}",
            f.exports
        );
    }

    #[test]
    fn enum_entry_semicolon_is_kept() {
        let src = "enum class Kind(val ns: Int) { USER(2), CONTACTS(3); fun isUser() = this == USER }\n\
                   class A { val a = 1; val b = 2 }\nclass B { val c = Namespace.CONTACTS(); val d = 2 }\n";
        let relaxed = relaxed_layout(src).expect("has separators");
        assert_eq!(relaxed.matches(';').count(), 1);
        assert!(relaxed.contains("this == USER\n}"), "{relaxed:?}");
        assert_eq!(relaxed.len(), src.len());
        let f = facts(src);
        assert!(has_ref(&f, "Namespace.CONTACTS", RefKind::Call), "{:?}", refs(&f));
        assert!(f.exports.contains(&"Kind".to_string()), "{:?}", f.exports);
    }

    #[test]
    fn semicolons_in_strings_comments_and_templates_stay() {
        let src =
            "val a = \"x;y\"; val b = \"\"\"r;${f(\"q;\")};\"\"\" // c;\n/* d; /* e; */ ; */ val c = ';'; val d = 1\n";
        let relaxed = relaxed_layout(src).expect("has separators");
        let kept: Vec<usize> = relaxed.match_indices(';').map(|(i, _)| i).collect();
        let all: Vec<usize> = src.match_indices(';').map(|(i, _)| i).collect();
        let replaced: Vec<usize> = all.into_iter().filter(|i| !kept.contains(i)).collect();
        // The separators after "x;y", after ';' and nothing else.
        assert_eq!(replaced.len(), 2, "{relaxed:?}");
        assert!(relaxed.contains("${f(\"q;\")}"), "a template's closing brace is not a body's: {relaxed:?}");
        assert!(replaced.iter().all(|&i| src.as_bytes()[i - 1] == b'"' || src.as_bytes()[i - 1] == b'\''));
    }

    #[test]
    fn odd_input_does_not_panic() {
        for src in
            ["", "import", "package", "class {", "\"unterminated", "'", "val x = \"${", "/* open", "fun f() = a.", "`"]
        {
            let _ = facts(src);
        }
        let deep = format!("val x = {}1{}", "(".repeat(5000), ")".repeat(5000));
        let _ = facts(&deep);
        // A minified one-line file: the layout pass must stay linear (the
        // grammar's own error recovery on such input is slow, so only a
        // small one is parsed).
        let one_line = "class A { val a = 1; fun f() { g() } } ".repeat(20_000);
        assert!(relaxed_layout(&one_line).is_some_and(|r| r.len() == one_line.len()));
        let _ = facts(&one_line[..4000]);
        let chain = format!("val y = a{}", ".b".repeat(5000));
        assert!(facts(&chain).references.iter().any(|r| r.path.len() > 10000));
    }
}
