//! The matcher on hand-built facts: provenance, aliases, wildcards, strings,
//! dependencies and context, independent of any parser.

use std::path::PathBuf;

use session_impact::facts::{
    Dependency, Ecosystem, FileFacts, Import, ImportKind, RefKind, Reference, Span, StringLit,
};
use session_impact::rules::matcher::match_file;
use session_impact::RuleSet;

const RULES: &str = r#"
[[rule]]
id = "sdk/module-only"
title = "t"
category = "sdk"
severity = "error"
effort = "L"
languages = ["typescript", "kotlin"]
message = "m"
[rule.match]
modules = ["@session.js/*", "network.loki.messenger.libsession_util.*"]
[[rule.replacement]]
target = "matrix"
api = "a"

[[rule]]
id = "sdk/symbols"
title = "t"
category = "sdk"
severity = "error"
effort = "L"
message = "m"
[rule.match]
modules = ["@session.js/client"]
symbols = ["Session", "Poller"]
[[rule.replacement]]
target = "matrix"
api = "a"

[[rule]]
id = "libsession/c-api"
title = "t"
category = "libsession"
severity = "warning"
effort = "M"
languages = ["cpp", "swift"]
message = "m"
[rule.match]
modules = ["session/*", "SessionUtil", "session::config"]
symbols = ["contacts_*", "user_profile_*", "Contacts"]
[[rule.replacement]]
target = "generic"
api = "a"

[[rule]]
id = "onion-request/seed"
title = "t"
category = "onion-request"
severity = "error"
effort = "M"
message = "m"
[rule.match]
strings = ['(^|[/.])seed[1-3]\.getsession\.org']
[[rule.replacement]]
target = "tor"
api = "a"

[[rule]]
id = "identity/session-id"
title = "t"
category = "identity"
severity = "warning"
effort = "S"
message = "m"
[rule.match]
strings = ['^05[0-9a-f]{64}$']
[rule.context]
text = ['session_?id']
[[rule.replacement]]
target = "generic"
api = "a"

[[rule]]
id = "libsession/npm"
title = "t"
category = "libsession"
severity = "warning"
effort = "M"
languages = ["javascript"]
message = "m"
[rule.match]
dependencies = [{ ecosystem = "npm", name = "libsession_util_nodejs" }, { ecosystem = "npm", source = 'github\.com/session-foundation/' }]
[[rule.replacement]]
target = "matrix"
api = "a"
"#;

fn rules() -> RuleSet {
    RuleSet::from_sources([(PathBuf::from("test.toml"), RULES)]).expect("test rules compile")
}

fn at(line: usize) -> Span {
    Span { start_byte: line * 10, end_byte: line * 10 + 5, line, column: 1, end_line: line, end_column: 6 }
}

fn import(module: &str, name: Option<&str>, alias: Option<&str>, kind: ImportKind, line: usize) -> Import {
    Import {
        module: module.into(),
        name: name.map(Into::into),
        alias: alias.map(Into::into),
        kind,
        local: false,
        reexport: false,
        span: at(line),
    }
}

fn reference(path: &str, line: usize) -> Reference {
    Reference { path: path.into(), kind: RefKind::Call, span: at(line) }
}

fn hits(facts: &FileFacts, kind: &str, source: &str) -> Vec<(String, usize)> {
    let rules = rules();
    match_file(&rules, kind, facts, source).into_iter().map(|m| (rules.rules[m.rule].id.clone(), m.span.line)).collect()
}

#[test]
fn aliased_named_import_resolves_uses_far_from_the_import() {
    let facts = FileFacts {
        imports: vec![import("@session.js/client", Some("Session"), Some("Messenger"), ImportKind::Named, 1)],
        references: vec![reference("Messenger", 40), reference("Messenger.sendMessage", 41), reference("Session", 42)],
        ..Default::default()
    };
    let got = hits(&facts, "typescript", "");
    assert_eq!(
        got,
        vec![
            ("sdk/module-only".into(), 1),
            ("sdk/symbols".into(), 1),
            ("sdk/symbols".into(), 40),
            ("sdk/symbols".into(), 41)
        ],
        "a bare `Session` not bound to the SDK (line 42) must not match"
    );
}

#[test]
fn namespace_import_binds_members() {
    let facts = FileFacts {
        imports: vec![import("@session.js/client", None, Some("S"), ImportKind::Namespace, 1)],
        references: vec![reference("S.Poller", 9), reference("S.somethingElse", 10)],
        ..Default::default()
    };
    assert_eq!(hits(&facts, "typescript", ""), vec![("sdk/module-only".into(), 1), ("sdk/symbols".into(), 9)]);
}

#[test]
fn module_rules_respect_languages_and_package_prefixes() {
    let facts = FileFacts {
        imports: vec![
            import("network.loki.messenger.libsession_util", Some("Contacts"), None, ImportKind::Named, 3),
            import("network.loki.messenger.libsession_util.util", Some("UserPic"), None, ImportKind::Named, 4),
            import("network.loki.messenger", Some("BuildConfig"), None, ImportKind::Named, 5),
        ],
        references: vec![reference("network.loki.messenger.libsession_util.Contacts", 20)],
        ..Default::default()
    };
    assert_eq!(
        hits(&facts, "kotlin", ""),
        vec![("sdk/module-only".into(), 3), ("sdk/module-only".into(), 4), ("sdk/module-only".into(), 20)]
    );
    assert_eq!(hits(&facts, "python", ""), vec![], "the rule is limited to typescript and kotlin");
}

#[test]
fn generic_c_names_need_the_session_include() {
    let with_include = FileFacts {
        imports: vec![import("session/config/contacts.h", None, None, ImportKind::Wildcard, 1)],
        references: vec![reference("contacts_get", 12), reference("memcpy", 13)],
        ..Default::default()
    };
    assert_eq!(hits(&with_include, "cpp", ""), vec![("libsession/c-api".into(), 12)]);
    let without = FileFacts { imports: vec![], references: vec![reference("contacts_get", 12)], ..Default::default() };
    assert_eq!(hits(&without, "cpp", ""), vec![]);
    let swift = FileFacts {
        imports: vec![import("SessionUtil", None, None, ImportKind::Wildcard, 1)],
        references: vec![reference("user_profile_get_name", 30)],
        ..Default::default()
    };
    assert_eq!(hits(&swift, "swift", ""), vec![("libsession/c-api".into(), 30)]);
}

#[test]
fn qualified_cpp_paths_and_using_directives() {
    let facts = FileFacts {
        references: vec![reference("session::config::Contacts", 7), reference("other::config::Contacts", 8)],
        ..Default::default()
    };
    assert_eq!(hits(&facts, "cpp", ""), vec![("libsession/c-api".into(), 7)]);
    let using = FileFacts {
        imports: vec![import("session::config", None, None, ImportKind::Wildcard, 2)],
        references: vec![reference("Contacts", 9)],
        ..Default::default()
    };
    assert_eq!(hits(&using, "cpp", ""), vec![("libsession/c-api".into(), 9)]);
}

#[test]
fn strings_and_context() {
    let id = "05".to_string() + &"ab".repeat(32);
    let facts = FileFacts {
        strings: vec![
            StringLit { value: "https://seed2.getsession.org:4443/".into(), span: at(3) },
            StringLit { value: "https://notseed2.getsession.org.evil".into(), span: at(4) },
            StringLit { value: id, span: at(5) },
        ],
        ..Default::default()
    };
    assert_eq!(hits(&facts, "rust", "let x = 1;"), vec![("onion-request/seed".into(), 3)]);
    assert_eq!(
        hits(&facts, "rust", "let session_id = ...;"),
        vec![("onion-request/seed".into(), 3), ("identity/session-id".into(), 5)]
    );
}

#[test]
fn dependencies_match_by_name_or_source_regardless_of_language() {
    let facts = FileFacts {
        dependencies: vec![
            Dependency {
                ecosystem: Ecosystem::Npm,
                name: "libsession_util_nodejs".into(),
                version: None,
                source: Some(
                    "https://github.com/session-foundation/libsession-util-nodejs/releases/download/v0.6.17/x.tgz"
                        .into(),
                ),
                span: at(12),
            },
            Dependency {
                ecosystem: Ecosystem::Npm,
                name: "express-session".into(),
                version: None,
                source: None,
                span: at(13),
            },
            Dependency {
                ecosystem: Ecosystem::Cargo,
                name: "libsession_util_nodejs".into(),
                version: None,
                source: None,
                span: at(14),
            },
        ],
        ..Default::default()
    };
    assert_eq!(hits(&facts, "manifest", ""), vec![("libsession/npm".into(), 12)]);
}
