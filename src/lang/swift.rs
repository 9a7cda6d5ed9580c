//! Fact extraction for Swift (tree-sitter-swift).
//!
//! - `import X` is a wildcard import of module `X` (Swift brings every
//!   public name into scope); `import struct X.Y` names one declaration;
//!   `@_exported import X` re-exports.
//! - References are identifier-rooted navigation chains (`Network.SOGS.preparedPoll`),
//!   calls of bare names (the C functions of `SessionUtil`: `config_push(conf)`),
//!   type annotations and inheritance (`user_type`), and bare C-style constants
//!   (`SESSION_PROTOCOL_STANDARD_CHARACTER_LIMIT`). Chains rooted at a name the
//!   file declares as a value (`let contacts = ...; contacts.count`) are dropped:
//!   they are uses of a local value, not of a module.
//! - Strings keep their literal parts (interpolations dropped); multi-line
//!   literals are dedented like the compiler does; `"a" + "b"` also yields "ab".

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::LazyLock;

use tree_sitter::{Language as TsLanguage, Node, Parser};

use super::ts_util::{self, is_constant_name, span, text, up as nth_up, NodeExt, Slot};
use super::ExtractError;
use crate::facts::{Comment, FileFacts, Import, ImportKind, LineIndex, RefKind, Reference, StringLit};

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

static LANGUAGE: LazyLock<TsLanguage> = LazyLock::new(|| tree_sitter_swift::LANGUAGE.into());

pub fn extract(source: &str) -> Result<FileFacts, ExtractError> {
    let tree = ts_util::parse(&PARSER, &LANGUAGE, source)?;
    let mut x = Extractor {
        source,
        lines: LineIndex::new(source),
        facts: FileFacts::default(),
        chains: Vec::new(),
        values: HashSet::new(),
    };
    ts_util::walk_with_slots(&tree, |here, up| x.visit(here, up));
    x.finish();
    Ok(x.facts)
}

/// Declaration keywords of `import struct X.Y`, `import func X.f`, ...
const IMPORT_KINDS: &[&str] = &["struct", "class", "enum", "protocol", "typealias", "func", "let", "var"];

struct Extractor<'s> {
    source: &'s str,
    lines: LineIndex<'s>,
    facts: FileFacts,
    /// Member chains with their root name, filtered against `values` at the end.
    chains: Vec<(String, Reference)>,
    /// Names the file binds to values (locals, parameters, properties).
    values: HashSet<&'s str>,
}

impl<'s> Extractor<'s> {
    fn visit(&mut self, here: Slot<'_>, up: &[Slot<'_>]) -> bool {
        let (node, parent) = (here.node, nth_up(up, 1));
        match node.kind_name() {
            "import_declaration" => {
                self.import(node);
                false
            }
            "comment" | "multiline_comment" => {
                self.facts
                    .comments
                    .push(Comment { text: text(node, self.source).to_string(), span: span(node, &self.lines) });
                false
            }
            "line_string_literal" | "multi_line_string_literal" | "raw_string_literal" => {
                let value = string_value(node, self.source);
                self.facts.strings.push(StringLit { value, span: span(node, &self.lines) });
                // Interpolations hold expressions with references of their own.
                true
            }
            "additive_expression" => {
                self.concatenation(node, parent);
                true
            }
            "navigation_expression" => {
                self.navigation(node, parent);
                true
            }
            "call_expression" => {
                if let Some(callee) = node.named_child(0).and_then(|c| self.callee_name(c)) {
                    let name = text(callee, self.source);
                    if !name.starts_with('$') {
                        self.push_ref(name.to_string(), RefKind::Call, callee);
                    }
                }
                true
            }
            "user_type" => {
                self.user_type(node, parent);
                true
            }
            "simple_identifier" => {
                self.identifier(here, parent);
                false
            }
            "class_declaration" | "protocol_declaration" | "typealias_declaration" | "function_declaration" => {
                self.export(node, parent);
                true
            }
            _ => true,
        }
    }

    /// The called name of `f(x)`; the grammar parses `!f(x)` as a call of
    /// `!f`, so a prefix operator other than `.` (implicit member) is looked
    /// through.
    fn callee_name<'t>(&self, callee: Node<'t>) -> Option<Node<'t>> {
        match callee.kind_name() {
            "simple_identifier" => Some(callee),
            "prefix_expression" => {
                let operation = callee.field("operation")?;
                if text(operation, self.source) == "." {
                    return None;
                }
                callee.field("target").filter(|t| t.kind_name() == "simple_identifier")
            }
            _ => None,
        }
    }

    fn push_ref(&mut self, path: String, kind: RefKind, node: Node<'_>) {
        self.facts.references.push(Reference { path, kind, span: span(node, &self.lines) });
    }

    fn import(&mut self, node: Node<'_>) {
        let mut path = Vec::new();
        let mut declaration_kind = false;
        let mut reexport = false;
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            match child.kind_name() {
                "identifier" => {
                    let mut c = child.walk();
                    path = child
                        .named_children(&mut c)
                        .filter(|n| n.kind_name() == "simple_identifier")
                        .map(|n| text(n, self.source).to_string())
                        .collect();
                }
                "modifiers" => reexport = text(child, self.source).contains("@_exported"),
                k if IMPORT_KINDS.contains(&k) => declaration_kind = true,
                _ => {}
            }
        }
        if path.is_empty() {
            return;
        }
        let (module, name, kind) = if declaration_kind && path.len() > 1 {
            let name = path.pop();
            (path.join("."), name, ImportKind::Named)
        } else {
            (path.join("."), None, ImportKind::Wildcard)
        };
        self.facts.imports.push(Import {
            module,
            name,
            alias: None,
            kind,
            local: false,
            reexport,
            span: span(node, &self.lines),
        });
    }

    /// `"a" + "b" + "c"`: one extra literal with the joined value, emitted at
    /// the outermost `+` when every operand is a plain string literal.
    fn concatenation(&mut self, node: Node<'_>, parent: Option<Node<'_>>) {
        if parent.is_some_and(|p| p.kind_name() == "additive_expression") {
            return;
        }
        let mut value = String::new();
        let mut stack = vec![node];
        let mut operands = Vec::new();
        while let Some(n) = stack.pop() {
            if n.kind_name() == "additive_expression" {
                if n.field("op").is_none_or(|op| text(op, self.source) != "+") {
                    return;
                }
                match (n.field("lhs"), n.field("rhs")) {
                    // Pushed in reverse so the left operand is popped first.
                    (Some(l), Some(r)) => {
                        stack.push(r);
                        stack.push(l);
                    }
                    _ => return,
                }
            } else if matches!(
                n.kind_name(),
                "line_string_literal" | "multi_line_string_literal" | "raw_string_literal"
            ) {
                operands.push(n);
            } else {
                return;
            }
        }
        for operand in operands {
            value.push_str(&string_value(operand, self.source));
        }
        self.facts.strings.push(StringLit { value, span: span(node, &self.lines) });
    }

    /// The outermost navigation of a chain: `a.b.c` becomes one reference,
    /// a call when the chain is called. Chains rooted at anything but a name
    /// (`foo().bar`, `self.x`, `.implicitMember`) are left to their parts.
    fn navigation(&mut self, node: Node<'_>, parent: Option<Node<'_>>) {
        if parent.is_some_and(|p| {
            p.kind_name() == "navigation_expression" && p.field("target").is_some_and(|t| t.id() == node.id())
        }) {
            return;
        }
        let mut segments = Vec::new();
        let mut current = node;
        loop {
            let Some(suffix) = current
                .field("suffix")
                .and_then(|s| s.field("suffix"))
                .filter(|s| s.kind_name() == "simple_identifier")
            else {
                return;
            };
            segments.push(text(suffix, self.source));
            match current.field("target") {
                Some(t) if t.kind_name() == "navigation_expression" => current = t,
                Some(t) if t.kind_name() == "simple_identifier" => {
                    segments.push(text(t, self.source));
                    break;
                }
                _ => return,
            }
        }
        segments.reverse();
        let root = segments[0];
        if root.starts_with('$') {
            return;
        }
        let kind = match parent {
            Some(p) if p.kind_name() == "call_expression" && p.named_child(0).is_some_and(|c| c.id() == node.id()) => {
                RefKind::Call
            }
            _ => RefKind::Member,
        };
        let reference = Reference { path: segments.join("."), kind, span: span(node, &self.lines) };
        self.chains.push((root.to_string(), reference));
    }

    /// `LibSession.Config`, `UnsafeMutablePointer<config_object>` (the
    /// argument is its own `user_type`); attribute names are skipped.
    fn user_type(&mut self, node: Node<'_>, parent: Option<Node<'_>>) {
        if parent.is_some_and(|p| p.kind_name() == "attribute") {
            return;
        }
        let mut cursor = node.walk();
        let path: Vec<&str> = node
            .named_children(&mut cursor)
            .filter(|n| n.kind_name() == "type_identifier")
            .map(|n| text(n, self.source))
            .collect();
        if path.is_empty() {
            return;
        }
        let kind = match parent {
            Some(p) if p.kind_name() == "constructor_expression" => RefKind::Call,
            _ => RefKind::Type,
        };
        self.push_ref(path.join("."), kind, node);
    }

    /// Records value declarations, and bare C-style constants
    /// (`SESSION_NETWORK_ROUTER_ONION_REQUESTS`) used as values.
    fn identifier(&mut self, here: Slot<'_>, parent: Option<Node<'_>>) {
        let Some(parent) = parent else { return };
        let (node, field) = (here.node, here.field);
        let name = text(node, self.source);
        let declares = match parent.kind_name() {
            "pattern" => field == Some("bound_identifier"),
            "parameter" | "lambda_parameter" | "capture_list_item" => field == Some("name"),
            "if_statement" | "guard_statement" | "while_statement" | "repeat_while_statement" => {
                field == Some("bound_identifier")
            }
            _ => false,
        };
        if declares {
            self.values.insert(name);
            return;
        }
        if !is_constant_name(name) {
            return;
        }
        let handled_elsewhere = match parent.kind_name() {
            "navigation_expression" | "navigation_suffix" | "value_argument_label" | "identifier" | "directive" => true,
            "call_expression" => parent.named_child(0).is_some_and(|c| c.id() == node.id()),
            "enum_entry" | "function_declaration" | "typealias_declaration" => field == Some("name"),
            _ => false,
        };
        if !handled_elsewhere {
            self.push_ref(name.to_string(), RefKind::Ident, node);
        }
    }

    fn export(&mut self, node: Node<'_>, parent: Option<Node<'_>>) {
        if parent.is_none_or(|p| p.kind_name() != "source_file") {
            return;
        }
        if node.field("declaration_kind").is_some_and(|k| text(k, self.source) == "extension") {
            return;
        }
        if let Some(name) = node.field("name") {
            let name = text(name, self.source);
            if !name.is_empty() && !self.facts.exports.iter().any(|e| e == name) {
                self.facts.exports.push(name.to_string());
            }
        }
    }

    fn finish(&mut self) {
        let values = &self.values;
        let chains = std::mem::take(&mut self.chains);
        self.facts
            .references
            .extend(chains.into_iter().filter(|(root, _)| !values.contains(root.as_str())).map(|(_, r)| r));
        self.facts.references.sort_by_key(|r| r.span.start_byte);
    }
}

/// The literal parts of a string literal, escapes as written, interpolations
/// dropped; raw-string delimiters stripped; multi-line literals dedented.
fn string_value(node: Node<'_>, source: &str) -> String {
    let mut value = String::new();
    let mut cursor = node.walk();
    for (i, child) in node.children(&mut cursor).enumerate() {
        let is_text = u32::try_from(i).ok().and_then(|i| node.field_name_for_child(i)) == Some("text");
        if is_text {
            value.push_str(text(child, source));
        }
    }
    if node.kind_name() == "raw_string_literal" {
        let trimmed = value.trim_start_matches('#');
        let multi = trimmed.starts_with("\"\"\"");
        let inner = trimmed.trim_start_matches('"').trim_end_matches('#').trim_end_matches('"');
        return if multi { dedent(inner) } else { inner.to_string() };
    }
    if node.kind_name() == "multi_line_string_literal" {
        return dedent(&value);
    }
    value
}

/// Swift's multi-line literal rule: drop the newline after the opening
/// delimiter and the indentation of the closing one from every line.
fn dedent(content: &str) -> String {
    let content = content.strip_prefix("\r\n").or_else(|| content.strip_prefix('\n')).unwrap_or(content);
    let (body, indent) = match content.rfind('\n') {
        Some(i) if content[i + 1..].chars().all(|c| c == ' ' || c == '\t') => {
            (content[..i].trim_end_matches('\r'), &content[i + 1..])
        }
        _ => (content, ""),
    };
    body.split('\n').map(|line| line.strip_prefix(indent).unwrap_or(line)).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(facts: &FileFacts) -> Vec<(&str, RefKind)> {
        facts.references.iter().map(|r| (r.path.as_str(), r.kind)).collect()
    }

    fn has_ref(facts: &FileFacts, path: &str, kind: RefKind) -> bool {
        facts.references.iter().any(|r| r.path == path && r.kind == kind)
    }

    #[test]
    fn imports_cover_plain_testable_declaration_and_exported_forms() {
        let src = "import Foundation\n@testable import SessionMessagingKit\nimport struct SessionUtil.config_object\n\
                   @_exported import SessionUtilitiesKit\nimport UIKit.UIView\n";
        let facts = extract(src).unwrap();
        let got: Vec<_> = facts
            .imports
            .iter()
            .map(|i| (i.module.as_str(), i.name.as_deref(), i.kind.clone(), i.reexport, i.span.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Foundation", None, ImportKind::Wildcard, false, 1),
                ("SessionMessagingKit", None, ImportKind::Wildcard, false, 2),
                ("SessionUtil", Some("config_object"), ImportKind::Named, false, 3),
                ("SessionUtilitiesKit", None, ImportKind::Wildcard, true, 4),
                ("UIKit.UIView", None, ImportKind::Wildcard, false, 5),
            ]
        );
    }

    #[test]
    fn c_calls_far_from_the_import_are_call_references() {
        let src = r#"import SessionUtil

final class ProfileStore {
    private var conf: UnsafeMutablePointer<config_object>?

    func displayName() -> String? {
        guard let conf = conf else { return nil }
        guard let raw = user_profile_get_name(conf) else { return nil }
        return String(cString: raw)
    }

    func push() {
        let data = config_push(conf)
        defer { free(data) }
    }
}
"#;
        let facts = extract(src).unwrap();
        assert!(has_ref(&facts, "user_profile_get_name", RefKind::Call));
        assert!(has_ref(&facts, "config_push", RefKind::Call));
        assert!(has_ref(&facts, "config_object", RefKind::Type));
        assert!(has_ref(&facts, "UnsafeMutablePointer", RefKind::Type));
        let call = facts.references.iter().find(|r| r.path == "user_profile_get_name").unwrap();
        assert_eq!(call.span.line, 8);
    }

    #[test]
    fn negated_calls_are_still_calls() {
        let src = "import SessionUtil\nwhile !contacts_iterator_done(it, &contact) { contacts_iterator_advance(it) }\nlet x = .init(value: 1)\n";
        let facts = extract(src).unwrap();
        assert!(has_ref(&facts, "contacts_iterator_done", RefKind::Call), "{:?}", refs(&facts));
        assert!(has_ref(&facts, "contacts_iterator_advance", RefKind::Call), "{:?}", refs(&facts));
        assert!(!facts.references.iter().any(|r| r.path == "init"), "{:?}", refs(&facts));
    }

    #[test]
    fn navigation_chains_are_one_reference_each() {
        let src = r#"import SessionNetworkingKit
func poll(db: Database) throws {
    let request = try Network.SOGS.preparedPoll(db, server: "https://open.getsession.org", using: dependencies)
    let cache = LibSession.Cache.self
    LibSession.foo().bar.baz(1)
    let x: LibSession.Config = .init()
}
"#;
        let facts = extract(src).unwrap();
        assert!(has_ref(&facts, "Network.SOGS.preparedPoll", RefKind::Call));
        assert!(has_ref(&facts, "LibSession.Cache.self", RefKind::Member));
        assert!(has_ref(&facts, "LibSession.foo", RefKind::Call));
        assert!(has_ref(&facts, "LibSession.Config", RefKind::Type));
        // No partial chains: the inner `Network.SOGS` is not a reference of its own.
        assert!(!facts.references.iter().any(|r| r.path == "Network.SOGS"));
        assert!(!facts.references.iter().any(|r| r.path == "Network"));
    }

    #[test]
    fn chains_rooted_at_local_values_are_dropped() {
        let src = "import SessionUtil\nfunc f(config_dump: Data) {\n    let contacts_list = load()\n    \
                   print(contacts_list.count, config_dump.count)\n    SessionUtil.contacts_size(nil)\n}\n";
        let facts = extract(src).unwrap();
        assert!(!facts.references.iter().any(|r| r.path.starts_with("contacts_list")), "{:?}", refs(&facts));
        assert!(!facts.references.iter().any(|r| r.path.starts_with("config_dump")), "{:?}", refs(&facts));
        assert!(has_ref(&facts, "SessionUtil.contacts_size", RefKind::Call));
    }

    #[test]
    fn inheritance_and_extensions_are_type_references() {
        let src = "class Manager: NSObject, SessionUtilityType {}\nextension session_network_config: @retroactive CAccessible {}\n";
        let facts = extract(src).unwrap();
        assert!(has_ref(&facts, "NSObject", RefKind::Type));
        assert!(has_ref(&facts, "SessionUtilityType", RefKind::Type));
        assert!(has_ref(&facts, "session_network_config", RefKind::Type));
        assert!(has_ref(&facts, "CAccessible", RefKind::Type));
        assert!(!facts.references.iter().any(|r| r.path == "retroactive"));
        assert_eq!(facts.exports, vec!["Manager".to_string()]);
    }

    #[test]
    fn bare_c_constants_are_ident_references() {
        let src = "let limit = SESSION_PROTOCOL_STANDARD_CHARACTER_LIMIT + 1\nlet router = SESSION_NETWORK_ROUTER_ONION_REQUESTS\nlet small = maxCount\n";
        let facts = extract(src).unwrap();
        assert!(has_ref(&facts, "SESSION_PROTOCOL_STANDARD_CHARACTER_LIMIT", RefKind::Ident));
        assert!(has_ref(&facts, "SESSION_NETWORK_ROUTER_ONION_REQUESTS", RefKind::Ident));
        assert!(!facts.references.iter().any(|r| r.path == "maxCount"));
    }

    #[test]
    fn strings_keep_literal_parts_and_join_concatenations() {
        let src = "let a = \"https://seed1.getsession.org:4443\"\nlet b = \"https://\\(host)/storage_rpc/v1\"\n\
                   let c = \"/oxen/v4\" + \"/lsrpc\"\nlet d = #\"raw \"quoted\" \\#(x) end\"#\nlet e = \"\"\"\n    first\n      second\n    \"\"\"\n";
        let facts = extract(src).unwrap();
        let values: Vec<&str> = facts.strings.iter().map(|s| s.value.as_str()).collect();
        assert!(values.contains(&"https://seed1.getsession.org:4443"), "{values:?}");
        assert!(values.contains(&"https:///storage_rpc/v1"), "{values:?}");
        assert!(values.contains(&"/oxen/v4/lsrpc"), "{values:?}");
        assert!(values.iter().any(|v| v.starts_with("raw \"quoted\" ") && v.ends_with("end")), "{values:?}");
        assert!(values.contains(&"first\n  second"), "{values:?}");
        // The interpolated expression is still a reference.
        assert_eq!(facts.strings.iter().filter(|s| s.span.line == 3).count(), 3);
    }

    #[test]
    fn comments_are_kept_with_their_delimiters() {
        let facts = extract("// session-impact: ignore\nlet x = 1 /* Session */\n").unwrap();
        let texts: Vec<&str> = facts.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, vec!["// session-impact: ignore", "/* Session */"]);
    }

    #[test]
    fn broken_and_odd_input_does_not_panic() {
        for src in ["", "import", "func (", "let x = \"\"\"\n", "class { extension }", "@_exported import", "}}}}"] {
            assert!(extract(src).is_ok(), "{src:?}");
        }
        // Deep nesting must not overflow the stack.
        let deep = format!("let x = {}1{}", "(".repeat(5000), ")".repeat(5000));
        assert!(extract(&deep).is_ok());
    }
}
