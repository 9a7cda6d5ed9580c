//! Fact extraction for Java (tree-sitter-java).

use std::cell::RefCell;

use tree_sitter::{Node, Parser};

use super::ts_util::{self, span, text, NodeExt};
use super::ExtractError;
use crate::facts::{Comment, FileFacts, Import, ImportKind, LineIndex, PackageDecl, RefKind, Reference, StringLit};

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

pub fn extract(source: &str) -> Result<FileFacts, ExtractError> {
    let tree = ts_util::parse(&PARSER, &tree_sitter_java::LANGUAGE.into(), source)?;
    let lines = LineIndex::new(source);
    let mut cx = Extractor { source, lines: &lines, facts: FileFacts::default(), literals: Default::default() };
    ts_util::walk_with_ancestors(&tree, |node, ancestors| cx.visit(node, ancestors));
    Ok(cx.facts)
}

fn is_comment(node: Node<'_>) -> bool {
    matches!(node.kind_name(), "line_comment" | "block_comment")
}

/// `a.b.C` of an identifier, scoped identifier or (scoped) type name:
/// whitespace, comments, annotations and type arguments between the parts
/// dropped. Iterative, like every traversal here.
fn dotted_name(node: Node<'_>, source: &str) -> String {
    let mut parts = Vec::new();
    let mut cursor = node.walk();
    'walk: loop {
        let n = cursor.node();
        let descend = match n.kind_name() {
            "identifier" | "type_identifier" => {
                parts.push(text(n, source));
                false
            }
            "type_arguments" | "annotation" | "marker_annotation" | "line_comment" | "block_comment" => false,
            _ => true,
        };
        if descend && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.node().id() == node.id() {
                break 'walk;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    parts.join(".")
}

fn is_same(a: Option<Node<'_>>, b: Node<'_>) -> bool {
    a.is_some_and(|a| a.id() == b.id())
}

/// The dotted path of an identifier-rooted chain of field accesses and
/// method calls (`a.b.c()` → `a.b.c`); `None` when it starts at a call,
/// `this`, a literal or anything else that is not a name.
fn chain_path(node: Node<'_>, source: &str) -> Option<String> {
    let mut parts = Vec::new();
    let mut current = Some(node);
    let mut first = true;
    while let Some(n) = current {
        match n.kind_name() {
            "identifier" => {
                parts.push(text(n, source));
                break;
            }
            "field_access" => {
                parts.push(text(n.field("field")?, source));
                current = Some(n.field("object")?);
            }
            // A call ends the chain from the outside (`a.b().c` is not a
            // name path); only the outermost node may be one.
            "method_invocation" if first => {
                parts.push(text(n.field("name")?, source));
                match n.field("object") {
                    Some(object) => current = Some(object),
                    None => break,
                }
            }
            _ => return None,
        }
        first = false;
    }
    parts.reverse();
    Some(parts.join("."))
}

/// Whether `node` is the object of an enclosing field access or call (so
/// the enclosing chain is the maximal one).
fn is_object_of_parent(node: Node<'_>, parent: Option<Node<'_>>) -> bool {
    parent.is_some_and(|p| {
        matches!(p.kind_name(), "field_access" | "method_invocation") && is_same(p.field("object"), node)
    })
}

/// Whether an identifier stands for a value (rather than declaring a name,
/// being part of a chain or qualified name handled elsewhere, or a label).
fn is_value_identifier(node: Node<'_>, parent: Option<Node<'_>>) -> bool {
    let Some(parent) = parent else { return false };
    match parent.kind_name() {
        "field_access"
        | "method_invocation"
        | "scoped_identifier"
        | "import_declaration"
        | "package_declaration"
        | "annotation"
        | "marker_annotation"
        | "method_reference"
        | "labeled_statement"
        | "break_statement"
        | "continue_statement"
        | "inferred_parameters"
        | "module_declaration"
        | "record_pattern"
        | "record_pattern_component"
        | "type_pattern"
        | "receiver_parameter"
        | "ERROR" => false,
        _ => !["name", "key", "parameters", "module", "modules", "package", "provided", "provider", "type"]
            .iter()
            .any(|f| is_same(parent.field(f), node)),
    }
}

/// The kind of a reference to a type (ancestors given root first, parent
/// last): `Call` for the class instantiated by `new`, `Type` otherwise.
fn type_ref_kind(node: Node<'_>, ancestors: &[Node<'_>]) -> RefKind {
    let mut n = node;
    let mut up = ancestors.iter().rev().copied();
    let mut parent = up.next();
    while let Some(p) = parent.filter(|p| p.kind_name() == "generic_type") {
        n = p;
        parent = up.next();
    }
    match parent {
        Some(p) if p.kind_name() == "object_creation_expression" && is_same(p.field("type"), n) => RefKind::Call,
        _ => RefKind::Type,
    }
}

fn is_plus(node: Node<'_>) -> bool {
    node.kind_name() == "binary_expression" && node.field("operator").is_some_and(|o| o.kind_name() == "+")
}

/// A string literal's text between its delimiters (`"` or `"""`), escapes
/// as written.
fn string_value<'s>(node: Node<'_>, source: &'s str) -> &'s str {
    let count = node.child_count();
    match (node.child(0), count.checked_sub(1).and_then(|i| node.child(i))) {
        (Some(open), Some(close)) if count >= 2 => source.get(open.end_byte()..close.start_byte()).unwrap_or(""),
        _ => ts_util::unquote(text(node, source)),
    }
}

/// The value of a string literal or of a `"a" + "b" + ...` concatenation
/// whose every operand is one (parentheses allowed); `None` otherwise.
fn literal_value(node: Node<'_>, source: &str) -> Option<String> {
    let mut value = String::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match n.kind_name() {
            _ if is_plus(n) => {
                // Right pushed first so the left operand is joined first.
                stack.push(n.field("right")?);
                stack.push(n.field("left")?);
            }
            "parenthesized_expression" => {
                let mut cursor = n.walk();
                let inner: Vec<Node<'_>> = n.named_children(&mut cursor).filter(|c| !is_comment(*c)).collect();
                if inner.len() != 1 {
                    return None;
                }
                stack.push(inner[0]);
            }
            "string_literal" => value.push_str(string_value(n, source)),
            _ => return None,
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
        let inner = {
            let mut cursor = n.walk();
            let inner: Vec<Node<'_>> = n.named_children(&mut cursor).filter(|c| !is_comment(*c)).collect();
            inner
        };
        if inner.len() == 1 {
            ts_util::Operand::Of(inner)
        } else {
            ts_util::Operand::Other
        }
    } else if n.kind_name() == "string_literal" {
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

    /// Handles one node (its ancestors given root first, parent last);
    /// returns whether to visit its children.
    fn visit(&mut self, node: Node<'_>, ancestors: &[Node<'_>]) -> bool {
        let source = self.source;
        let parent = ancestors.last().copied();
        match node.kind_name() {
            "package_declaration" => {
                let mut cursor = node.walk();
                let name = node
                    .named_children(&mut cursor)
                    .find(|c| matches!(c.kind_name(), "identifier" | "scoped_identifier"));
                if let Some(name) = name {
                    let name = dotted_name(name, source);
                    self.facts.package = Some(PackageDecl { name, span: span(node, self.lines) });
                }
                // Annotations on the package are still uses.
                true
            }
            "import_declaration" => {
                self.import(node);
                false
            }
            "line_comment" | "block_comment" => {
                self.facts
                    .comments
                    .push(Comment { text: text(node, source).to_string(), span: span(node, self.lines) });
                false
            }
            "string_literal" => {
                let value = string_value(node, source).to_string();
                self.facts.strings.push(StringLit { value, span: span(node, self.lines) });
                false
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
            "method_invocation" => {
                if let Some(path) = chain_path(node, source) {
                    self.reference(path, RefKind::Call, node);
                }
                true
            }
            "field_access" => {
                if !is_object_of_parent(node, parent) {
                    if let Some(path) = chain_path(node, source) {
                        self.reference(path, RefKind::Member, node);
                    }
                }
                true
            }
            "identifier" => {
                if is_value_identifier(node, parent) {
                    self.reference(text(node, source).to_string(), RefKind::Ident, node);
                }
                false
            }
            "type_identifier" => {
                if parent.is_none_or(|p| p.kind_name() != "scoped_type_identifier") {
                    self.reference(text(node, source).to_string(), type_ref_kind(node, ancestors), node);
                }
                false
            }
            "scoped_type_identifier" => {
                if parent.is_none_or(|p| p.kind_name() != "scoped_type_identifier") {
                    self.reference(dotted_name(node, source), type_ref_kind(node, ancestors), node);
                }
                // Type arguments inside (`Outer<A>.Inner`) are their own uses.
                true
            }
            "annotation" | "marker_annotation" => {
                if let Some(name) = node.field("name") {
                    self.reference(dotted_name(name, source), RefKind::Type, node);
                }
                true
            }
            "method_reference" => {
                // `Foo::bar`, `a.b::c`: the receiver and the method.
                let mut cursor = node.walk();
                let children: Vec<Node<'_>> = node.named_children(&mut cursor).filter(|c| !is_comment(*c)).collect();
                if let (Some(receiver), Some(member)) = (children.first(), children.last()) {
                    let receiver_path = match receiver.kind_name() {
                        "identifier" | "field_access" => chain_path(*receiver, source),
                        "type_identifier" | "scoped_type_identifier" => Some(dotted_name(*receiver, source)),
                        _ => None,
                    };
                    if let Some(receiver_path) = receiver_path {
                        if children.len() == 2 && member.kind_name() == "identifier" {
                            self.reference(format!("{receiver_path}.{}", text(*member, source)), RefKind::Member, node);
                        } else {
                            self.reference(receiver_path, RefKind::Member, node);
                        }
                    }
                }
                true
            }
            "class_declaration"
            | "interface_declaration"
            | "enum_declaration"
            | "record_declaration"
            | "annotation_type_declaration" => {
                if parent.is_none_or(|p| p.kind_name() == "program") {
                    if let Some(name) = node.field("name") {
                        let name = text(name, source).to_string();
                        if !self.facts.exports.contains(&name) {
                            self.facts.exports.push(name);
                        }
                    }
                }
                true
            }
            _ => true,
        }
    }

    /// `import a.b.C;` (Named a.b / C), `import a.b.*;` (Wildcard a.b),
    /// `import static a.b.C.m;` (Named a.b.C / m), `import static a.b.C.*;`
    /// (Wildcard a.b.C).
    fn import(&mut self, node: Node<'_>) {
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
        let Some(path) = children.iter().find(|c| matches!(c.kind_name(), "identifier" | "scoped_identifier")) else {
            return;
        };
        let path = dotted_name(*path, self.source);
        let wildcard = children.iter().any(|c| c.kind_name() == "asterisk");
        let (module, name, kind) = if wildcard {
            (path, None, ImportKind::Wildcard)
        } else {
            let (module, name) = path.rsplit_once('.').unwrap_or(("", path.as_str()));
            (module.to_string(), Some(name.to_string()), ImportKind::Named)
        };
        self.facts.imports.push(Import {
            module,
            name,
            alias: None,
            kind,
            local: false,
            reexport: false,
            span: span(node, self.lines),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(src: &str) -> FileFacts {
        extract(src).expect("extracts")
    }

    fn has_ref(f: &FileFacts, path: &str, kind: RefKind) -> bool {
        f.references.iter().any(|r| r.path == path && r.kind == kind)
    }

    fn refs(f: &FileFacts) -> Vec<(&str, RefKind)> {
        f.references.iter().map(|r| (r.path.as_str(), r.kind)).collect()
    }

    #[test]
    fn imports_in_all_four_shapes() {
        let f = facts(
            "package org.example.app;\n\
             import network.loki.messenger.libsession_util.UserProfile;\n\
             import network.loki.messenger.libsession_util.util.*;\n\
             import static network.loki.messenger.libsession_util.Namespace.CONTACTS;\n\
             import static org.session.protos.SessionProtos.*;\n",
        );
        assert_eq!(f.package.as_ref().map(|p| p.name.as_str()), Some("org.example.app"));
        let got: Vec<(&str, Option<&str>, &ImportKind, usize)> =
            f.imports.iter().map(|i| (i.module.as_str(), i.name.as_deref(), &i.kind, i.span.line)).collect();
        assert_eq!(
            got,
            vec![
                ("network.loki.messenger.libsession_util", Some("UserProfile"), &ImportKind::Named, 2),
                ("network.loki.messenger.libsession_util.util", None, &ImportKind::Wildcard, 3),
                ("network.loki.messenger.libsession_util.Namespace", Some("CONTACTS"), &ImportKind::Named, 4),
                ("org.session.protos.SessionProtos", None, &ImportKind::Wildcard, 5),
            ]
        );
    }

    #[test]
    fn chains_constructors_and_qualified_types() {
        let f = facts(
            "class Repo {\n\
             \x20 void load() {\n\
             \x20   network.loki.messenger.libsession_util.Contacts c = new network.loki.messenger.libsession_util.Contacts(key);\n\
             \x20   configs.userProfile.getName();\n\
             \x20   UserProfile.newInstance(secret).dump().length;\n\
             \x20   Object o = this.cache.entry;\n\
             \x20   List<UserPic> pics = new ArrayList<>();\n\
             \x20   int ns = Namespace.CONTACTS();\n\
             \x20   Runnable r = SessionEncrypt::decryptIncoming;\n\
             \x20 }\n\
             }\n",
        );
        let r = refs(&f);
        assert!(has_ref(&f, "network.loki.messenger.libsession_util.Contacts", RefKind::Type), "{r:?}");
        assert!(has_ref(&f, "network.loki.messenger.libsession_util.Contacts", RefKind::Call), "{r:?}");
        assert!(has_ref(&f, "configs.userProfile.getName", RefKind::Call), "{r:?}");
        assert!(!r.iter().any(|(p, _)| *p == "configs.userProfile" || *p == "configs"), "{r:?}");
        assert!(has_ref(&f, "UserProfile.newInstance", RefKind::Call), "{r:?}");
        assert!(!r.iter().any(|(p, _)| p.ends_with("dump") || p.ends_with("length")), "{r:?}");
        assert!(!r.iter().any(|(p, _)| p.contains("cache")), "this-rooted chains are not names: {r:?}");
        assert!(has_ref(&f, "List", RefKind::Type) && has_ref(&f, "UserPic", RefKind::Type), "{r:?}");
        assert!(has_ref(&f, "ArrayList", RefKind::Call), "{r:?}");
        assert!(has_ref(&f, "Namespace.CONTACTS", RefKind::Call), "{r:?}");
        assert!(has_ref(&f, "SessionEncrypt.decryptIncoming", RefKind::Member), "{r:?}");
        assert!(has_ref(&f, "key", RefKind::Ident) && has_ref(&f, "secret", RefKind::Ident), "{r:?}");
        // Declared names are not uses.
        assert!(!r.iter().any(|(p, _)| ["c", "o", "pics", "ns", "load", "Repo"].contains(p)), "{r:?}");
    }

    #[test]
    fn annotations_and_class_literals() {
        let f = facts(
            "@RunWith(AndroidJUnit4.class)\n\
             public class T {\n\
             \x20 @Inject @javax.annotation.Nullable Contacts contacts;\n\
             \x20 @Test public void t() { assertEquals(UserProfile.class, x); }\n\
             }\n",
        );
        for path in
            ["RunWith", "AndroidJUnit4", "Inject", "javax.annotation.Nullable", "Contacts", "Test", "UserProfile"]
        {
            assert!(has_ref(&f, path, RefKind::Type), "{path}: {:?}", refs(&f));
        }
        assert!(has_ref(&f, "assertEquals", RefKind::Call));
    }

    #[test]
    fn strings_text_blocks_and_concatenation() {
        let f = facts(
            "class N {\n\
             \x20 static { System.loadLibrary(\"session_\" + \"util\"); }\n\
             \x20 String a = \"esc\\\"aped\";\n\
             \x20 String b = \"\"\"\n\
             \x20     block\"\"\";\n\
             \x20 String c = \"x\" + name + \"y\";\n\
             \x20 String d = prefix + (\"p\" + \"q\");\n\
             }\n",
        );
        let s: Vec<&str> = f.strings.iter().map(|s| s.value.as_str()).collect();
        assert!(s.contains(&"session_util") && s.contains(&"session_") && s.contains(&"util"), "{s:?}");
        assert!(s.contains(&"esc\\\"aped"), "{s:?}");
        assert!(s.iter().any(|v| v.trim() == "block"), "{s:?}");
        assert!(!s.contains(&"xy"), "mixed concatenations are not joined: {s:?}");
        assert!(s.contains(&"pq"), "{s:?}");
        assert!(has_ref(&f, "System.loadLibrary", RefKind::Call));
        let joined = f.strings.iter().find(|l| l.value == "session_util").expect("joined");
        assert_eq!((joined.span.line, joined.span.column), (2, 31));
    }

    #[test]
    fn comments_and_exports() {
        let f = facts(
            "// Session here is an HTTP session.\n\
             /** Javadoc */\n\
             public class SessionManager { class Inner {} }\n\
             interface Store {}\n\
             enum Kind { A }\n\
             record Pair(int a) {}\n",
        );
        assert_eq!(f.comments.len(), 2);
        assert_eq!(f.exports, vec!["SessionManager", "Store", "Kind", "Pair"]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for src in ["", "import", "import static ;", "package;", "class {", "\"open", "@", "a.b.c."] {
            let _ = facts(src);
        }
        let deep = format!("class D {{ int x = {}1{}; }}", "(".repeat(5000), ")".repeat(5000));
        let _ = facts(&deep);
        let chain = format!("class D {{ Object y = a{}; }}", ".b".repeat(5000));
        assert!(facts(&chain).references.iter().any(|r| r.path.len() > 10000));
    }
}
