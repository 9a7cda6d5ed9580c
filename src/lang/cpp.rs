//! Fact extraction for C and C++ (tree-sitter-c, tree-sitter-cpp). Headers
//! and Objective-C(++) files are parsed as C++: the grammar recovers around
//! `@implementation` and message sends, and the includes, C calls and
//! literals around them are still extracted.
//!
//! - `#include <a/b.h>` / `#include "a/b.h"` / `#import` are wildcard imports
//!   of module `a/b.h` (`local` for the quoted form); `using namespace a::b;`
//!   is a wildcard import of `a::b`; `using a::b::C;` names `C` from `a::b`;
//!   `namespace x = a::b;` binds `x` to `a::b`.
//! - References keep `::` (`session::config::Contacts`, `cfg::Contacts`);
//!   member chains use `.` for both `.` and `->`. In C and C++ a chain rooted
//!   at a plain name is always a value access (namespaces and types use
//!   `::`), so chains rooted at a name the file declares as a variable,
//!   parameter or field (`conf->get()`), or named like a data member declared
//!   in a header (`contacts_->get()`, `m_network.stop()`), are dropped: their
//!   roots would otherwise look like C API names (`contacts_*`).
//! - JNI entry points (`Java_network_loki_..._1util_Contacts_get`) are
//!   definitions, but they are also the only trace of the Java class they
//!   implement, so their names are emitted as `Ident` references (besides
//!   `exports`) for rules to match.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::LazyLock;

use tree_sitter::{Language as TsLanguage, Node, Parser};

use super::ts_util::{self, is_constant_name, span, text, unquote, up as nth_up, NodeExt, Slot};
use super::ExtractError;
use crate::facts::{Comment, FileFacts, Import, ImportKind, LineIndex, RefKind, Reference, StringLit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    C,
    Cpp,
}

thread_local! {
    static C_PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
    static CPP_PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

static C_LANGUAGE: LazyLock<TsLanguage> = LazyLock::new(|| tree_sitter_c::LANGUAGE.into());
static CPP_LANGUAGE: LazyLock<TsLanguage> = LazyLock::new(|| tree_sitter_cpp::LANGUAGE.into());

pub fn extract(source: &str, dialect: Dialect) -> Result<FileFacts, ExtractError> {
    let tree = match dialect {
        Dialect::C => ts_util::parse(&C_PARSER, &C_LANGUAGE, source)?,
        Dialect::Cpp => ts_util::parse(&CPP_PARSER, &CPP_LANGUAGE, source)?,
    };
    let mut x = Extractor {
        source,
        lines: LineIndex::new(source),
        facts: FileFacts::default(),
        chains: Vec::new(),
        values: HashSet::new(),
        recovered: HashSet::new(),
    };
    ts_util::walk_with_slots(&tree, |here, up| x.visit(here.node, up));
    x.finish();
    Ok(x.facts)
}

/// Prefix of JNI entry points (`Java_<package>_<Class>_<method>`).
const JNI_PREFIX: &str = "Java_";

struct Extractor<'s> {
    source: &'s str,
    lines: LineIndex<'s>,
    facts: FileFacts,
    /// Member chains with their root name, filtered against `values` at the end.
    chains: Vec<(String, Reference)>,
    /// Names the file declares as variables, parameters or fields.
    values: HashSet<&'s str>,
    /// Identifiers in ERROR runs already turned into references.
    recovered: HashSet<usize>,
}

impl<'s> Extractor<'s> {
    fn visit(&mut self, node: Node<'_>, up: &[Slot<'_>]) -> bool {
        let parent = nth_up(up, 1);
        match node.kind_name() {
            "preproc_include" => {
                self.include(node);
                false
            }
            "preproc_call" => {
                self.objc_import(node);
                false
            }
            "using_declaration" => {
                self.using(node);
                false
            }
            "namespace_alias_definition" => {
                self.namespace_alias(node);
                false
            }
            "comment" => {
                self.facts
                    .comments
                    .push(Comment { text: text(node, self.source).to_string(), span: span(node, &self.lines) });
                false
            }
            "string_literal" | "raw_string_literal" => {
                // `extern "C"` names a linkage, not data.
                if parent.is_some_and(|p| p.kind_name() == "linkage_specification") {
                    return false;
                }
                let value = string_value(node, self.source);
                self.facts.strings.push(StringLit { value, span: span(node, &self.lines) });
                false
            }
            "concatenated_string" => {
                self.concatenation(node);
                true
            }
            "qualified_identifier" => {
                self.qualified(node, parent);
                true
            }
            "field_expression" => {
                self.field_chain(node, parent);
                true
            }
            "call_expression" => {
                if let Some(callee) = node.field("function") {
                    match callee.kind_name() {
                        "identifier" => self.push_ref(text(callee, self.source).to_string(), RefKind::Call, callee),
                        "template_function" => {
                            if let Some(name) = callee.field("name").filter(|n| n.kind_name() == "identifier") {
                                self.push_ref(text(name, self.source).to_string(), RefKind::Call, callee);
                            }
                        }
                        _ => {}
                    }
                }
                true
            }
            "type_identifier" => {
                self.type_identifier(node, up);
                false
            }
            "identifier" | "field_identifier" => {
                self.identifier(node, up);
                false
            }
            "function_definition" => {
                self.function_definition(node, up);
                true
            }
            "class_specifier" | "struct_specifier" => {
                if node.field("body").is_some() && at_file_scope(up) {
                    if let Some(name) = node.field("name").filter(|n| n.kind_name() == "type_identifier") {
                        self.export(text(name, self.source));
                    }
                }
                true
            }
            "ERROR" => {
                self.recover_error_run(node);
                true
            }
            _ => true,
        }
    }

    fn push_ref(&mut self, path: String, kind: RefKind, node: Node<'_>) {
        if path.is_empty() {
            return;
        }
        self.facts.references.push(Reference { path, kind, span: span(node, &self.lines) });
    }

    fn push_import(
        &mut self,
        node: Node<'_>,
        module: String,
        name: Option<String>,
        alias: Option<String>,
        kind: ImportKind,
        local: bool,
    ) {
        if module.is_empty() {
            return;
        }
        self.facts.imports.push(Import {
            module,
            name,
            alias,
            kind,
            local,
            reexport: false,
            span: span(node, &self.lines),
        });
    }

    fn include(&mut self, node: Node<'_>) {
        let Some(path) = node.field("path") else { return };
        let raw = text(path, self.source).trim();
        match path.kind_name() {
            "system_lib_string" => {
                let module = raw.trim_start_matches('<').trim_end_matches('>').trim().to_string();
                self.push_import(node, module, None, None, ImportKind::Wildcard, false);
            }
            "string_literal" => {
                let module = unquote(raw).trim().to_string();
                self.push_import(node, module, None, None, ImportKind::Wildcard, true);
            }
            // `#include MACRO`: nothing to resolve statically.
            _ => {}
        }
    }

    /// Objective-C `#import <Foo/Foo.h>` reaches the C++ grammar as a
    /// generic preprocessor call.
    fn objc_import(&mut self, node: Node<'_>) {
        let Some(directive) = node.field("directive") else { return };
        if !matches!(text(directive, self.source).trim(), "#import" | "#include_next") {
            return;
        }
        let Some(arg) = node.field("argument") else { return };
        let raw = text(arg, self.source).trim();
        if let Some(inner) = raw.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
            self.push_import(node, inner.trim().to_string(), None, None, ImportKind::Wildcard, false);
        } else if raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"') {
            self.push_import(node, unquote(raw).trim().to_string(), None, None, ImportKind::Wildcard, true);
        }
    }

    /// `using namespace a::b;` and `using a::b::C;`.
    fn using(&mut self, node: Node<'_>) {
        let mut cursor = node.walk();
        let mut directive = false;
        let mut target = None;
        for child in node.children(&mut cursor) {
            match child.kind_name() {
                "namespace" => directive = true,
                "qualified_identifier" | "identifier" | "namespace_identifier" | "type_identifier" => {
                    target = Some(child)
                }
                _ => {}
            }
        }
        let Some(target) = target else { return };
        let path = qualified_text(text(target, self.source));
        if directive {
            self.push_import(node, path, None, None, ImportKind::Wildcard, false);
        } else if let Some((module, name)) = path.rsplit_once("::") {
            self.push_import(node, module.to_string(), Some(name.to_string()), None, ImportKind::Named, false);
        }
    }

    /// `namespace cfg = session::config;`
    fn namespace_alias(&mut self, node: Node<'_>) {
        let Some(alias) = node.field("name") else { return };
        let mut cursor = node.walk();
        let target = node.named_children(&mut cursor).find(|c| c.id() != alias.id());
        let Some(target) = target else { return };
        let module = qualified_text(text(target, self.source));
        let alias = text(alias, self.source).to_string();
        self.push_import(node, module, None, Some(alias), ImportKind::Namespace, false);
    }

    /// `"a" "b" R"(c)"`: one extra literal with the joined value (macro
    /// pieces such as `PRIu64` contribute nothing).
    fn concatenation(&mut self, node: Node<'_>) {
        let mut value = String::new();
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            if matches!(child.kind_name(), "string_literal" | "raw_string_literal") {
                value.push_str(&string_value(child, self.source));
            }
        }
        self.facts.strings.push(StringLit { value, span: span(node, &self.lines) });
    }

    /// The outermost `a::b::c`, with template arguments dropped
    /// (`std::unique_ptr<cfg::Contacts>` gives `std::unique_ptr`; the argument
    /// is a reference of its own).
    fn qualified(&mut self, node: Node<'_>, parent: Option<Node<'_>>) {
        if parent.is_some_and(|p| p.kind_name() == "qualified_identifier") {
            return;
        }
        // Out-of-class definitions (`void Store::load() {}`) name the
        // file's own code, not a use.
        if parent.is_some_and(|p| p.kind_name() == "function_declarator") {
            return;
        }
        let path = qualified_text(text(node, self.source));
        let kind = match parent {
            Some(p) if p.kind_name() == "call_expression" && is_field(p, "function", node) => RefKind::Call,
            Some(p) if p.kind_name() == "new_expression" => RefKind::Call,
            Some(p) if is_type_position(p, node) => RefKind::Type,
            Some(p) if p.kind_name() == "template_type" => RefKind::Type,
            _ => RefKind::Ident,
        };
        self.push_ref(path, kind, node);
    }

    /// `a.b->c` rooted at an identifier, as `a.b.c`.
    fn field_chain(&mut self, node: Node<'_>, parent: Option<Node<'_>>) {
        if parent.is_some_and(|p| p.kind_name() == "field_expression" && is_field(p, "argument", node)) {
            return;
        }
        let mut segments = Vec::new();
        let mut current = node;
        let root = loop {
            let Some(field) = current.field("field") else { return };
            segments.push(text(field, self.source).to_string());
            match current.field("argument") {
                Some(a) if a.kind_name() == "field_expression" => current = a,
                Some(a) if a.kind_name() == "identifier" => break text(a, self.source).to_string(),
                Some(a) if a.kind_name() == "qualified_identifier" => break qualified_text(text(a, self.source)),
                _ => return,
            }
        };
        segments.push(root.clone());
        segments.reverse();
        let kind = match parent {
            Some(p) if p.kind_name() == "call_expression" && is_field(p, "function", node) => RefKind::Call,
            _ => RefKind::Member,
        };
        let reference = Reference { path: segments.join("."), kind, span: span(node, &self.lines) };
        // A qualified root (`ns::obj.f()`) is reported by its own visit too;
        // the chain is kept only for identifier roots.
        if !root.contains("::") {
            self.chains.push((root, reference));
        }
    }

    /// `contacts_contact c;`, `struct user_profile_pic pic;`,
    /// `std::vector<Contacts>` (the argument); not the names a definition
    /// introduces.
    fn type_identifier(&mut self, node: Node<'_>, up: &[Slot<'_>]) {
        let Some(parent) = nth_up(up, 1) else { return };
        let defines = match parent.kind_name() {
            "class_specifier" | "struct_specifier" | "union_specifier" | "enum_specifier" => {
                is_field(parent, "name", node) && parent.field("body").is_some()
            }
            "type_definition" | "alias_declaration" => !is_field(parent, "type", node),
            "type_parameter_declaration" | "optional_type_parameter_declaration" | "qualified_identifier" => true,
            "template_type" => nth_up(up, 2).is_some_and(|g| g.kind_name() == "qualified_identifier"),
            _ => false,
        };
        if !defines {
            self.push_ref(text(node, self.source).to_string(), RefKind::Type, node);
        }
    }

    /// Records declared value names; emits bare C constants used as values.
    fn identifier(&mut self, node: Node<'_>, up: &[Slot<'_>]) {
        let Some(parent) = nth_up(up, 1) else { return };
        let name = text(node, self.source);
        if declares_value(node, up) {
            self.values.insert(name);
            return;
        }
        if parent.is_error() && node.kind_name() == "identifier" && self.recovered.contains(&node.id()) {
            return;
        }
        if node.kind_name() != "identifier" || !is_constant_name(name) {
            return;
        }
        let skip = match parent.kind_name() {
            "call_expression" => is_field(parent, "function", node),
            "field_expression" => true,
            "preproc_def" | "preproc_function_def" | "preproc_ifdef" | "preproc_defined" | "enumerator" => true,
            "function_declarator" | "qualified_identifier" | "template_function" => true,
            _ => false,
        };
        if !skip {
            self.push_ref(name.to_string(), RefKind::Ident, node);
        }
    }

    /// When the grammar gives up (Objective-C method bodies in `.mm` files
    /// become flat ERROR token runs), `name (` is still a call and
    /// `type_name name ;` still a declaration. Done once per ERROR node over
    /// its children (asking each child for its next sibling would cost a
    /// descent from the root each time); the identifiers handled here are
    /// remembered so that [`Self::identifier`] skips them.
    fn recover_error_run(&mut self, node: Node<'_>) {
        let mut cursor = node.walk();
        let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
        for (i, child) in children.iter().enumerate() {
            if child.kind_name() != "identifier" {
                continue;
            }
            let Some(next) = children.get(i + 1) else { continue };
            let after = children.get(i + 2).map(|n| n.kind_name());
            let kind = if next.kind_name() == "(" {
                RefKind::Call
            } else if next.kind_name() == "identifier" && matches!(after, Some(";" | "=")) {
                RefKind::Type
            } else {
                continue;
            };
            self.push_ref(text(*child, self.source).to_string(), kind, *child);
            self.recovered.insert(child.id());
        }
    }

    fn function_definition(&mut self, node: Node<'_>, up: &[Slot<'_>]) {
        let Some(name) = function_name(node) else { return };
        let name_text = text(name, self.source);
        if name_text.starts_with(JNI_PREFIX) {
            self.push_ref(name_text.to_string(), RefKind::Ident, name);
        }
        // A macro invoked with a block (`PYBIND11_MODULE(session_util, m) {...}`,
        // `TEST_CASE("x") {...}`) parses as a definition without a return type:
        // it is a use of the macro, not a function of this file.
        if node.field("type").is_none() && is_constant_name(name_text) {
            self.push_ref(name_text.to_string(), RefKind::Call, name);
            return;
        }
        if at_file_scope(up) {
            self.export(name_text);
        }
    }

    fn export(&mut self, name: &str) {
        if !name.is_empty() && !self.facts.exports.iter().any(|e| e == name) {
            self.facts.exports.push(name.to_string());
        }
    }

    fn finish(&mut self) {
        let values = &self.values;
        let chains = std::mem::take(&mut self.chains);
        self.facts.references.extend(
            chains
                .into_iter()
                .filter(|(root, _)| !values.contains(root.as_str()) && !is_member_name(root))
                .map(|(_, r)| r),
        );
        self.facts.references.sort_by_key(|r| r.span.start_byte);
    }
}

/// Data-member naming conventions (`contacts_`, `m_network`): such a root is
/// a field declared in the class's header, not an API name.
fn is_member_name(name: &str) -> bool {
    name.ends_with('_') || name.starts_with("m_")
}

fn is_field(parent: Node<'_>, field: &'static str, child: Node<'_>) -> bool {
    parent.field(field).is_some_and(|c| c.id() == child.id())
}

/// Whether `child` sits where a type is expected.
fn is_type_position(parent: Node<'_>, child: Node<'_>) -> bool {
    is_field(parent, "type", child)
        || matches!(parent.kind_name(), "base_class_clause" | "type_descriptor" | "template_argument_list")
}

/// Whether `node` (below `up`, its ancestors) is the name a declarator
/// introduces (variable, parameter, field, structured binding), as opposed
/// to a function name or a size.
fn declares_value(node: Node<'_>, up: &[Slot<'_>]) -> bool {
    let Some(parent) = nth_up(up, 1) else { return false };
    match parent.kind_name() {
        "init_declarator"
        | "declaration"
        | "parameter_declaration"
        | "optional_parameter_declaration"
        | "field_declaration"
        | "pointer_declarator"
        | "reference_declarator"
        | "array_declarator" => {
            if matches!(parent.kind_name(), "pointer_declarator" | "reference_declarator" | "array_declarator") {
                // `int *f(void)` nests the function declarator the other way
                // round; a size (`buf[N]`) is not a declaration.
                !is_field(parent, "size", node) && !declarator_of_function(up)
            } else {
                is_field(parent, "declarator", node) || parent.kind_name() == "reference_declarator"
            }
        }
        // `JavaStringRef name(env, jstr);` inside a body parses as a function
        // declaration (the "most vexing parse"); there it declares a variable.
        "function_declarator" => {
            is_field(parent, "declarator", node)
                && nth_up(up, 2).is_some_and(|d| d.kind_name() == "declaration")
                && nth_up(up, 3).is_some_and(|b| b.kind_name() == "compound_statement")
        }
        "structured_binding_declarator" | "variadic_declarator" => true,
        "for_range_loop" => is_field(parent, "declarator", node),
        "lambda_capture_specifier" => false,
        _ => false,
    }
}

/// Whether a pointer/reference declarator (the last of `path`, which holds
/// its ancestors before it) is itself part of a function declarator's name
/// (`char *(*get_name)(void)` is still a variable).
fn declarator_of_function(path: &[Slot<'_>]) -> bool {
    for pair in path.windows(2).rev() {
        let (parent, node) = (pair[0].node, pair[1].node);
        match parent.kind_name() {
            "function_declarator" => return is_field(parent, "declarator", node),
            "pointer_declarator" | "reference_declarator" | "parenthesized_declarator" => {}
            _ => return false,
        }
    }
    false
}

/// The identifier a function definition defines, through pointer and
/// reference declarators (`char *name(void)`); `None` for qualified
/// (out-of-class) and operator names.
fn function_name(definition: Node<'_>) -> Option<Node<'_>> {
    let mut declarator = definition.field("declarator")?;
    loop {
        match declarator.kind_name() {
            "function_declarator" => {
                let name = declarator.field("declarator")?;
                return (name.kind_name() == "identifier").then_some(name);
            }
            "pointer_declarator" | "reference_declarator" | "parenthesized_declarator" | "attributed_declarator" => {
                declarator = declarator.field("declarator").or_else(|| declarator.named_child(0))?;
            }
            _ => return None,
        }
    }
}

/// Whether a node whose ancestors are `up` is outside any function or class
/// body (namespaces, `extern "C"` blocks and templates are still file scope).
fn at_file_scope(up: &[Slot<'_>]) -> bool {
    for parent in up.iter().rev().map(|s| s.node) {
        match parent.kind_name() {
            "translation_unit" => return true,
            "declaration_list"
            | "namespace_definition"
            | "linkage_specification"
            | "template_declaration"
            | "preproc_if"
            | "preproc_ifdef"
            | "preproc_else"
            | "preproc_elif"
            | "preproc_elifdef"
            | "ERROR" => {}
            _ => return false,
        }
    }
    false
}

/// `session :: config::Contacts<T>` → `session::config::Contacts`: whitespace,
/// template arguments, a leading `::` and the `template` keyword removed.
fn qualified_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut depth = 0usize;
    for c in raw.chars() {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.saturating_sub(1),
            c if depth > 0 || c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    let out = out.replace("::template", "::");
    out.trim_start_matches("::").to_string()
}

/// The value of a string literal without prefix and quotes, escapes as
/// written; the body of a raw string.
fn string_value(node: Node<'_>, source: &str) -> String {
    if node.kind_name() == "raw_string_literal" {
        let mut cursor = node.walk();
        let content = node.named_children(&mut cursor).find(|c| c.kind_name() == "raw_string_content");
        return content.map(|c| text(c, source).to_string()).unwrap_or_default();
    }
    let raw = text(node, source);
    let body = raw.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
    unquote(body).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_ref(facts: &FileFacts, path: &str, kind: RefKind) -> bool {
        facts.references.iter().any(|r| r.path == path && r.kind == kind)
    }

    fn ref_list(facts: &FileFacts) -> Vec<(String, RefKind, usize)> {
        facts.references.iter().map(|r| (r.path.clone(), r.kind, r.span.line)).collect()
    }

    #[test]
    fn includes_are_wildcard_imports_and_quoted_ones_are_local() {
        let src = "#include <session/config/contacts.h>\n#include \"session/config/user_profile.hpp\"\n#include \"util.hpp\"\n#include CONFIG_HEADER\n";
        let facts = extract(src, Dialect::C).unwrap();
        let got: Vec<_> =
            facts.imports.iter().map(|i| (i.module.as_str(), i.kind.clone(), i.local, i.span.line)).collect();
        assert_eq!(
            got,
            vec![
                ("session/config/contacts.h", ImportKind::Wildcard, false, 1),
                ("session/config/user_profile.hpp", ImportKind::Wildcard, true, 2),
                ("util.hpp", ImportKind::Wildcard, true, 3),
            ]
        );
        assert!(facts.strings.is_empty(), "include paths are not string literals");
    }

    #[test]
    fn using_directives_declarations_and_namespace_aliases() {
        let src = "using namespace session::config;\nusing session::config::Contacts;\nnamespace cfg = session::config;\nusing namespace std;\n";
        let facts = extract(src, Dialect::Cpp).unwrap();
        let got: Vec<_> = facts
            .imports
            .iter()
            .map(|i| (i.module.as_str(), i.name.as_deref(), i.alias.as_deref(), i.kind.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("session::config", None, None, ImportKind::Wildcard),
                ("session::config", Some("Contacts"), None, ImportKind::Named),
                ("session::config", None, Some("cfg"), ImportKind::Namespace),
                ("std", None, None, ImportKind::Wildcard),
            ]
        );
    }

    #[test]
    fn wrapper_class_references_keep_qualifiers() {
        let src = r#"#include <session/config/contacts.hpp>
namespace cfg = session::config;

class ContactStore : public cfg::ConfigBase {
  public:
    std::optional<session::config::contact_info> find(std::string_view id) {
        auto c = conf_->get(std::string{id});
        cfg::Contacts::wipe(1);
        return c;
    }
  private:
    std::unique_ptr<cfg::Contacts> conf_ = std::make_unique<cfg::Contacts>(seed, std::nullopt);
    cfg::groups::Info* info_ = new session::config::groups::Info(seed);
};
"#;
        let facts = extract(src, Dialect::Cpp).unwrap();
        assert!(has_ref(&facts, "cfg::ConfigBase", RefKind::Type), "{:?}", ref_list(&facts));
        assert!(has_ref(&facts, "session::config::contact_info", RefKind::Type), "{:?}", ref_list(&facts));
        assert!(has_ref(&facts, "cfg::Contacts::wipe", RefKind::Call), "{:?}", ref_list(&facts));
        assert!(has_ref(&facts, "cfg::Contacts", RefKind::Type), "{:?}", ref_list(&facts));
        assert!(
            has_ref(&facts, "std::make_unique", RefKind::Call) || has_ref(&facts, "std::make_unique", RefKind::Ident)
        );
        assert!(has_ref(&facts, "session::config::groups::Info", RefKind::Call), "{:?}", ref_list(&facts));
        assert!(has_ref(&facts, "cfg::groups::Info", RefKind::Type), "{:?}", ref_list(&facts));
        // `conf_` is a field of the class: its member calls are not API uses.
        assert!(!facts.references.iter().any(|r| r.path.starts_with("conf_")), "{:?}", ref_list(&facts));
        assert_eq!(facts.exports, vec!["ContactStore".to_string()]);
    }

    #[test]
    fn c_calls_types_and_constants() {
        let src = r#"#include <session/config/user_profile.h>
#define MAX_NAME 100

int load(const unsigned char *seed, char *err) {
    config_object *conf = NULL;
    if (user_profile_init(&conf, seed, NULL, 0, err) != 0)
        return -1;
    struct user_profile_pic pic = user_profile_get_pic(conf);
    const char *name = user_profile_get_name(conf);
    int limit = SESSION_PROTOCOL_STANDARD_CHARACTER_LIMIT;
    config_free(conf);
    return conf->last_error != NULL;
}
"#;
        let facts = extract(src, Dialect::C).unwrap();
        for call in ["user_profile_init", "user_profile_get_pic", "user_profile_get_name", "config_free"] {
            assert!(has_ref(&facts, call, RefKind::Call), "{call}: {:?}", ref_list(&facts));
        }
        assert!(has_ref(&facts, "config_object", RefKind::Type));
        assert!(has_ref(&facts, "user_profile_pic", RefKind::Type));
        assert!(has_ref(&facts, "SESSION_PROTOCOL_STANDARD_CHARACTER_LIMIT", RefKind::Ident));
        assert!(!facts.references.iter().any(|r| r.path == "MAX_NAME"), "macro definitions are not uses");
        assert!(!facts.references.iter().any(|r| r.path.starts_with("conf.")), "{:?}", ref_list(&facts));
        assert_eq!(facts.exports, vec!["load".to_string()]);
        let call = facts.references.iter().find(|r| r.path == "user_profile_get_name").unwrap();
        assert_eq!((call.span.line, call.span.column), (9, 24));
    }

    #[test]
    fn member_chains_rooted_at_fields_declared_elsewhere_are_dropped() {
        let src = "#include <session/config/contacts.hpp>\nvoid Store::load() { contacts_->get(id); m_config.reload(); config_path_.clear(); }\n";
        let facts = extract(src, Dialect::Cpp).unwrap();
        assert!(
            facts.references.iter().all(|r| r.kind != RefKind::Call || !r.path.contains('.')),
            "{:?}",
            ref_list(&facts)
        );
    }

    #[test]
    fn constructor_style_locals_are_values_not_functions() {
        let src = "#include <session/config/base.hpp>\nvoid f(JNIEnv* env, jstring s) {\n    jni_utils::JavaStringRef config_name(env, s);\n    if (config_name.view() == \"Contacts\") {}\n}\n";
        let facts = extract(src, Dialect::Cpp).unwrap();
        assert!(!facts.references.iter().any(|r| r.path.starts_with("config_name")), "{:?}", ref_list(&facts));
    }

    #[test]
    fn member_chains_rooted_at_globals_are_kept() {
        let src = "void f(void) { registry.contacts.clear(); g_state->network.stop(); }\n";
        let facts = extract(src, Dialect::C).unwrap();
        assert!(has_ref(&facts, "registry.contacts.clear", RefKind::Call), "{:?}", ref_list(&facts));
        assert!(has_ref(&facts, "g_state.network.stop", RefKind::Call), "{:?}", ref_list(&facts));
    }

    #[test]
    fn jni_entry_points_are_exports_and_ident_references() {
        let src = r#"#include <jni.h>
#include "util.h"

extern "C"
JNIEXPORT jstring JNICALL
Java_network_loki_messenger_libsession_1util_UserProfile_getName(JNIEnv *env, jobject thiz) {
    auto profile = ptrToProfile(env, thiz);
    return env->NewStringUTF(profile->get_name()->c_str());
}
"#;
        let facts = extract(src, Dialect::Cpp).unwrap();
        let name = "Java_network_loki_messenger_libsession_1util_UserProfile_getName";
        assert!(has_ref(&facts, name, RefKind::Ident), "{:?}", ref_list(&facts));
        assert_eq!(facts.references.iter().find(|r| r.path == name).unwrap().span.line, 6);
        assert!(facts.exports.iter().any(|e| e == name));
        assert!(facts.strings.iter().all(|s| s.value != "C"), "extern \"C\" is not a string literal");
    }

    #[test]
    fn strings_raw_strings_and_adjacent_concatenation() {
        let src = "const char* a = \"https://seed1.getsession.org\" \":4443\";\nauto b = R\"json({\"method\":\"oxend_request\"})json\";\nauto c = u8\"/storage_rpc/v1\";\n";
        let facts = extract(src, Dialect::Cpp).unwrap();
        let values: Vec<&str> = facts.strings.iter().map(|s| s.value.as_str()).collect();
        assert!(values.contains(&"https://seed1.getsession.org:4443"), "{values:?}");
        assert!(values.contains(&"https://seed1.getsession.org"), "{values:?}");
        assert!(values.contains(&"{\"method\":\"oxend_request\"}"), "{values:?}");
        assert!(values.contains(&"/storage_rpc/v1"), "{values:?}");
    }

    #[test]
    fn objective_c_plus_plus_bridge_still_yields_facts() {
        let src = r#"#import <Foundation/Foundation.h>
#include <session/config/user_profile.h>
#import "SNProfileBridge.h"

// Bridges the C API for Swift callers that predate SessionUtil.
@implementation SNProfileBridge {
    config_object *_conf;
}

- (NSString *)displayName {
    const char *name = user_profile_get_name(_conf);
    return name ? [NSString stringWithUTF8String:name] : @"Anonymous";
}

- (BOOL)markRead:(NSString *)sessionId timestamp:(int64_t)timestampMs {
    convo_info_volatile_1to1 convo;
    if (!convo_info_volatile_get_or_construct_1to1(_conversations, &convo, sessionId.UTF8String))
        return NO;
    convo_info_volatile_set_1to1(_conversations, &convo);
    return YES;
}
@end
"#;
        let facts = extract(src, Dialect::Cpp).unwrap();
        let modules: Vec<&str> = facts.imports.iter().map(|i| i.module.as_str()).collect();
        assert_eq!(modules, vec!["Foundation/Foundation.h", "session/config/user_profile.h", "SNProfileBridge.h"]);
        assert!(has_ref(&facts, "user_profile_get_name", RefKind::Call), "{:?}", ref_list(&facts));
        // The second method body is a flat ERROR token run; calls and
        // declarations are still recovered from it.
        assert!(has_ref(&facts, "convo_info_volatile_set_1to1", RefKind::Call), "{:?}", ref_list(&facts));
        assert!(facts.references.iter().any(|r| r.path == "convo_info_volatile_1to1"), "{:?}", ref_list(&facts));
        assert!(has_ref(&facts, "config_object", RefKind::Type), "{:?}", ref_list(&facts));
        assert_eq!(facts.comments.len(), 1);
    }

    #[test]
    fn node_addon_registration_is_a_call() {
        let src = "#include <napi.h>\nNapi::Object InitAll(Napi::Env env, Napi::Object exports) { return exports; }\nNODE_API_MODULE(libsession_util_nodejs, InitAll)\n";
        let facts = extract(src, Dialect::Cpp).unwrap();
        assert!(has_ref(&facts, "NODE_API_MODULE", RefKind::Call), "{:?}", ref_list(&facts));
        assert!(has_ref(&facts, "Napi::Object", RefKind::Type), "{:?}", ref_list(&facts));
    }

    #[test]
    fn macro_invoked_with_a_block_is_a_call() {
        let src = "#include <pybind11/pybind11.h>\nPYBIND11_MODULE(session_util, m) {\n    m.def(\"f\", &f);\n}\nint helper(int x) { return x; }\n";
        let facts = extract(src, Dialect::Cpp).unwrap();
        assert!(has_ref(&facts, "PYBIND11_MODULE", RefKind::Call), "{:?}", ref_list(&facts));
        assert_eq!(facts.exports, vec!["helper".to_string()]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for src in ["", "#include", "#include <", "using namespace;", "namespace = ;", "R\"x(", "::::", "template<"] {
            assert!(extract(src, Dialect::Cpp).is_ok(), "{src:?}");
            assert!(extract(src, Dialect::C).is_ok(), "{src:?}");
        }
        let deep = format!("int x = {}1{};", "(".repeat(5000), ")".repeat(5000));
        assert!(extract(&deep, Dialect::Cpp).is_ok());
    }
}
