//! Cheap import scanners: what the module graph needs from a file the
//! prefilter rejected (most files of most repositories), without a parse.
//!
//! Each scanner reads the text once: JS/TS and Python first blank out their
//! comments (and Python its strings) so commented-out or quoted code adds no
//! edge, then regular expressions find the import forms; the C-like languages
//! (Kotlin, Java, Swift, Rust) go through a small tokenizer that knows
//! comments, strings and brace depth. They produce the same [`Import`] shape
//! as the full extractors (module as written, kind, `local`, `reexport`), and
//! the file's top-level declarations (`exports`) and package, so a file is a
//! graph node of the same kind whichever way it was read. The tests hold
//! them to the full extractors on the corpus files.

use std::sync::LazyLock;

use regex::Regex;

use crate::facts::{Import, ImportKind, LineIndex, Span};
use crate::lang::Language;

/// What a cheap scan of one file found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScannedModule {
    pub imports: Vec<Import>,
    /// Kotlin/Java `package`.
    pub package: Option<String>,
    /// Names declared at top level.
    pub exports: Vec<String>,
    /// Kotlin, Java, Swift: see [`mentions`] (computed from the same tokens).
    pub mentions: Vec<u64>,
}

/// Scans `source` (a file of `language`) for its imports, package and
/// top-level declarations.
pub fn scan(language: Language, source: &str) -> ScannedModule {
    match language {
        Language::JavaScript | Language::TypeScript | Language::Tsx => scan_js(source),
        Language::Python => scan_python(source),
        Language::C | Language::Cpp => scan_c(source),
        Language::Kotlin | Language::Java | Language::Swift => scan_jvm_swift(language, source),
        Language::Rust => scan_rust(source),
    }
}

/// Hash of an identifier, for [`mentions`] (FNV-1a; collisions only add an
/// edge, they never lose one).
pub fn ident_hash(ident: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in ident.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The identifiers a Kotlin, Java or Swift file mentions outside comments and
/// strings, as sorted hashes: same-package (same-target) files need no import
/// to use each other's declarations, so edges between them come from these.
/// Empty for other languages.
pub fn mentions(language: Language, source: &str) -> Vec<u64> {
    if !matches!(language, Language::Kotlin | Language::Java | Language::Swift) {
        return Vec::new();
    }
    ident_hashes(&tokenize(source, Dialect::of(language)))
}

/// Sorted, deduplicated hashes of the identifiers among `tokens`.
fn ident_hashes(tokens: &[Token<'_>]) -> Vec<u64> {
    let mut out: Vec<u64> = tokens.iter().filter_map(|t| t.ident()).map(ident_hash).collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn span_at(lines: &LineIndex<'_>, start: usize, end: usize) -> Span {
    lines.span(start, end)
}

fn import(
    module: &str,
    name: Option<&str>,
    alias: Option<&str>,
    kind: ImportKind,
    local: bool,
    reexport: bool,
    span: Span,
) -> Import {
    let alias = alias.filter(|a| Some(*a) != name);
    Import {
        module: module.to_string(),
        name: name.map(str::to_string),
        alias: alias.map(str::to_string),
        kind,
        local,
        reexport,
        span,
    }
}

// ---- JavaScript / TypeScript ------------------------------------------------

fn is_relative(specifier: &str) -> bool {
    specifier == "." || specifier == ".." || specifier.starts_with("./") || specifier.starts_with("../")
}

/// Replaces the text of comments with spaces (newlines kept, so offsets and
/// lines stay), leaving strings, templates and regex literals alone.
fn blank_js_comments(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    // Whether a `/` here would start a regex literal rather than divide.
    let mut regex_allowed = true;
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for b in &mut out[from..to] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = bytes[i..].iter().position(|&c| c == b'\n').map_or(bytes.len(), |p| i + p);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = source[i + 2..].find("*/").map_or(bytes.len(), |p| i + 2 + p + 2);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if regex_allowed => {
                // A regex literal: skip to its closing slash on this line.
                let mut j = i + 1;
                let mut in_class = false;
                while j < bytes.len() && bytes[j] != b'\n' {
                    match bytes[j] {
                        b'\\' => j += 1,
                        b'[' => in_class = true,
                        b']' => in_class = false,
                        b'/' if !in_class => break,
                        _ => {}
                    }
                    j += 1;
                }
                i = (j + 1).min(bytes.len());
                regex_allowed = false;
            }
            b'\'' | b'"' | b'`' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b {
                    if bytes[j] == b'\\' {
                        j += 1;
                    } else if bytes[j] == b'\n' && b != b'`' {
                        break;
                    }
                    j += 1;
                }
                i = (j + 1).min(bytes.len());
                regex_allowed = false;
            }
            _ => {
                if !b.is_ascii_whitespace() {
                    regex_allowed = matches!(
                        b,
                        b'(' | b','
                            | b'='
                            | b':'
                            | b'['
                            | b'!'
                            | b'&'
                            | b'|'
                            | b'?'
                            | b'{'
                            | b'}'
                            | b';'
                            | b'+'
                            | b'-'
                            | b'*'
                            | b'%'
                            | b'<'
                            | b'>'
                            | b'~'
                            | b'^'
                    );
                    if b.is_ascii_alphanumeric() || b == b'_' || b == b'$' {
                        // `return /re/`, `typeof /re/`: keywords before a regex.
                        let start = i;
                        while i < bytes.len()
                            && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'$')
                        {
                            i += 1;
                        }
                        regex_allowed =
                            matches!(&source[start..i], "return" | "typeof" | "case" | "do" | "else" | "in" | "of");
                        continue;
                    }
                }
                i += 1;
            }
        }
    }
    // Only ASCII bytes were replaced by ASCII spaces inside comments, which
    // end on ASCII delimiters; a multi-byte character is blanked whole.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

const Q: &str = r#"["']([^"'\n]+)["']"#;

static JS_IMPORT_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?m)(?:^|;)[ \t]*import\s+(?:type\s+)?([\w$*{{}},\s]*?)\s*\bfrom\s*{Q}"))
        .expect("static regex")
});
static JS_IMPORT_BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?m)(?:^|;)[ \t]*import\s*{Q}")).expect("static regex"));
static JS_IMPORT_EQUALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?m)(?:^|;)[ \t]*(?:export\s+)?import\s+(?:type\s+)?([\w$]+)\s*=\s*require\s*\(\s*{Q}\s*\)"))
        .expect("static regex")
});
static JS_EXPORT_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?m)(?:^|;)[ \t]*export\s+(?:type\s+)?(\*(?:\s*as\s+[\w$]+)?|\{{[^}}]*\}})\s*from\s*{Q}"))
        .expect("static regex")
});
static JS_REQUIRE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\brequire\s*\(\s*{Q}\s*\)")).expect("static regex"));
static JS_DYNAMIC_IMPORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\bimport\s*\(\s*{Q}\s*\)")).expect("static regex"));
/// `const X = require('m')`, `const { A, B: C } = require('m')`,
/// `const X = require('m').A`, `const X = await import('m')`.
static JS_REQUIRE_BINDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:(?:\b(?:const|let|var)\s|,)\s*([\w$]+|\{{[^}}]*\}})|(?:^|[;\s(])([\w$]+))\s*=\s*(?:await\s+)?(require|import)\s*\(\s*{Q}\s*\)(\s*\.\s*[\w$]+)?"
    ))
    .expect("static regex")
});
static JS_MODULE_EXPORTS_REQUIRE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?m)^[ \t]*module\.exports\s*=\s*require\s*\(\s*{Q}\s*\)\s*(?:;|$)")).expect("static regex")
});
static JS_AMBIENT_MODULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?m)^[ \t]*(?:export\s+)?declare\s+module\s+{Q}")).expect("static regex"));
static JS_EXPORT_DECL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*export\s+(?:declare\s+)?(?:async\s+)?(?:abstract\s+)?(?:const\s+enum|function\s*\*?|class|const|let|var|interface|type|enum|namespace)\s+([\w$]+)",
    )
    .expect("static regex")
});
static JS_EXPORT_DEFAULT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*export\s+default\b").expect("static regex"));
static JS_EXPORT_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^[ \t]*export\s+(?:type\s+)?\{([^}]*)\}\s*(;|$|[^\sf]|f[^r])"#).expect("static regex")
});
static JS_MODULE_EXPORTS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*module\.exports\s*=\s*(\{[^}]*\}|[^;\n]*)").expect("static regex"));
static JS_COMMONJS_EXPORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*(?:module\.)?exports\.([\w$]+)\s*=[^=]").expect("static regex"));

/// `A as B` → (A, Some(B)); names may be quoted.
fn split_as(spec: &str) -> Option<(&str, Option<&str>)> {
    let spec = spec.trim();
    let spec = spec.strip_prefix("type ").map(str::trim).unwrap_or(spec);
    if spec.is_empty() {
        return None;
    }
    let mut parts = spec.split_whitespace();
    let name = parts.next()?.trim_matches(|c| c == '"' || c == '\'');
    match (parts.next(), parts.next()) {
        (Some("as"), Some(alias)) => Some((name, Some(alias.trim_matches(|c| c == '"' || c == '\'')))),
        _ => Some((name, None)),
    }
}

/// A side-effect import for each match of `re` (module in group 1) that
/// does not start inside a range already `taken` by a binding form.
fn side_effect_imports(
    out: &mut ScannedModule,
    re: &Regex,
    code: &str,
    lines: &LineIndex<'_>,
    taken: &[(usize, usize)],
) {
    for c in re.captures_iter(code) {
        let (Some(whole), Some(module)) = (c.get(0), c.get(1)) else { continue };
        if taken.iter().any(|&(s, e)| s <= whole.start() && whole.start() < e) {
            continue;
        }
        let m = module.as_str();
        let span = span_at(lines, whole.start(), whole.end());
        out.imports.push(import(m, None, None, ImportKind::SideEffect, is_relative(m), false, span));
    }
}

fn scan_js(source: &str) -> ScannedModule {
    let mut out = ScannedModule::default();
    if !(source.contains("import") || source.contains("require") || source.contains("export")) {
        return out;
    }
    let code = blank_js_comments(source);
    let lines = LineIndex::new(source);
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let push =
        |out: &mut ScannedModule, m: &str, n: Option<&str>, a: Option<&str>, k: ImportKind, re: bool, s: Span| {
            out.imports.push(import(m, n, a, k, is_relative(m), re, s));
        };
    for c in JS_IMPORT_FROM.captures_iter(&code) {
        let (Some(whole), Some(clause), Some(module)) = (c.get(0), c.get(1), c.get(2)) else { continue };
        let span = span_at(&lines, whole.start(), whole.end() + 1);
        taken.push((whole.start(), whole.end()));
        let m = module.as_str();
        let clause = clause.as_str();
        let (head, braces) = match (clause.find('{'), clause.rfind('}')) {
            (Some(o), Some(c)) if o < c => (&clause[..o], Some(&clause[o + 1..c])),
            _ => (clause, None),
        };
        for part in head.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            if let Some(ns) = part.strip_prefix('*') {
                let alias = ns.trim().strip_prefix("as").map(str::trim);
                push(&mut out, m, None, alias, ImportKind::Namespace, false, span);
            } else {
                push(&mut out, m, None, Some(part), ImportKind::Namespace, false, span);
            }
        }
        if let Some(inner) = braces {
            for (name, alias) in inner.split(',').filter_map(split_as) {
                push(&mut out, m, Some(name), alias, ImportKind::Named, false, span);
            }
        }
    }
    side_effect_imports(&mut out, &JS_IMPORT_BARE, &code, &lines, &[]);
    for c in JS_IMPORT_EQUALS.captures_iter(&code) {
        let (Some(whole), Some(alias), Some(module)) = (c.get(0), c.get(1), c.get(2)) else { continue };
        taken.push((whole.start(), whole.end()));
        let span = span_at(&lines, whole.start(), whole.end());
        push(&mut out, module.as_str(), None, Some(alias.as_str()), ImportKind::Namespace, false, span);
    }
    for c in JS_EXPORT_FROM.captures_iter(&code) {
        let (Some(whole), Some(what), Some(module)) = (c.get(0), c.get(1), c.get(2)) else { continue };
        let span = span_at(&lines, whole.start(), whole.end());
        let m = module.as_str();
        let what = what.as_str();
        if let Some(rest) = what.strip_prefix('*') {
            match rest.trim().strip_prefix("as").map(str::trim) {
                Some(alias) => push(&mut out, m, None, Some(alias), ImportKind::Namespace, true, span),
                None => push(&mut out, m, None, None, ImportKind::Wildcard, true, span),
            }
        } else {
            let inner = what.trim_start_matches('{').trim_end_matches('}');
            let mut any = false;
            for (name, alias) in inner.split(',').filter_map(split_as) {
                push(&mut out, m, Some(name), alias, ImportKind::Named, true, span);
                any = true;
            }
            if !any {
                push(&mut out, m, None, None, ImportKind::Wildcard, true, span);
            }
        }
    }
    // `module.exports = require('m')` re-exports the module whole.
    for c in JS_MODULE_EXPORTS_REQUIRE.captures_iter(&code) {
        let (Some(whole), Some(module)) = (c.get(0), c.get(1)) else { continue };
        taken.push((whole.start(), whole.end()));
        let span = span_at(&lines, whole.start(), whole.end());
        push(&mut out, module.as_str(), None, None, ImportKind::Wildcard, true, span);
    }
    for c in JS_REQUIRE_BINDING.captures_iter(&code) {
        let (Some(whole), Some(call), Some(module)) = (c.get(0), c.get(3), c.get(4)) else { continue };
        if taken.iter().any(|&(s, e)| s <= call.start() && call.start() < e) {
            continue;
        }
        let pattern = c.get(1).or(c.get(2)).map(|p| p.as_str()).unwrap_or("");
        if c.get(2).is_some_and(|p| matches!(p.as_str(), "exports" | "return")) {
            continue;
        }
        let member = c.get(5).map(|m| m.as_str().trim().trim_start_matches('.').trim());
        let span = span_at(&lines, whole.start(), whole.end());
        let m = module.as_str();
        taken.push((call.start(), whole.end()));
        // `require('m')(x)`: the result is called, nothing is bound.
        if code[whole.end()..].trim_start().starts_with('(') {
            push(&mut out, m, None, None, ImportKind::SideEffect, false, span_at(&lines, call.start(), whole.end()));
            continue;
        }
        if let Some(inner) = pattern.strip_prefix('{') {
            if member.is_some() {
                push(&mut out, m, None, None, ImportKind::SideEffect, false, span);
                continue;
            }
            for prop in inner.trim_end_matches('}').split(',').map(str::trim).filter(|p| !p.is_empty()) {
                if let Some(rest) = prop.strip_prefix("...") {
                    push(&mut out, m, None, Some(rest.trim()), ImportKind::Namespace, false, span);
                } else if let Some((key, value)) = prop.split_once(':') {
                    let value = value.split('=').next().unwrap_or("").trim();
                    let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
                    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$') {
                        push(&mut out, m, Some(key), Some(value), ImportKind::Named, false, span);
                    }
                } else {
                    let name = prop.split('=').next().unwrap_or("").trim();
                    push(&mut out, m, Some(name), None, ImportKind::Named, false, span);
                }
            }
        } else if let Some(member) = member {
            push(&mut out, m, Some(member), Some(pattern), ImportKind::Named, false, span);
        } else {
            push(&mut out, m, None, Some(pattern), ImportKind::Namespace, false, span);
        }
    }
    side_effect_imports(&mut out, &JS_REQUIRE, &code, &lines, &taken);
    side_effect_imports(&mut out, &JS_DYNAMIC_IMPORT, &code, &lines, &taken);
    side_effect_imports(&mut out, &JS_AMBIENT_MODULE, &code, &lines, &[]);
    // Declarations.
    for c in JS_EXPORT_DECL.captures_iter(&code) {
        if let Some(name) = c.get(1) {
            out.exports.push(name.as_str().to_string());
        }
    }
    if JS_EXPORT_DEFAULT.is_match(&code) {
        out.exports.push("default".to_string());
    }
    for c in JS_EXPORT_CLAUSE.captures_iter(&code) {
        if let Some(inner) = c.get(1) {
            for (name, alias) in inner.as_str().split(',').filter_map(split_as) {
                out.exports.push(alias.unwrap_or(name).to_string());
            }
        }
    }
    for c in JS_MODULE_EXPORTS.captures_iter(&code) {
        let Some(value) = c.get(1).map(|v| v.as_str().trim()) else { continue };
        match value.strip_prefix('{') {
            Some(inner) => {
                for member in inner.trim_end_matches('}').split(',').map(str::trim).filter(|m| !m.is_empty()) {
                    let key = member.split([':', '(']).next().unwrap_or("").trim();
                    let key = key.trim_start_matches("async ").trim_matches(|c| c == '"' || c == '\'');
                    if !key.is_empty() && !key.starts_with("...") {
                        out.exports.push(key.to_string());
                    }
                }
            }
            None if !value.is_empty() => out.exports.push("default".to_string()),
            None => {}
        }
    }
    for c in JS_COMMONJS_EXPORT.captures_iter(&code) {
        if let Some(name) = c.get(1) {
            out.exports.push(name.as_str().to_string());
        }
    }
    out.imports.sort_by_key(|i| i.span.start_byte);
    out.exports.sort();
    out.exports.dedup();
    out
}

// ---- Python -----------------------------------------------------------------

/// Blanks comments and the contents of string literals (newlines kept), and
/// joins backslash continuations, so that only code remains.
fn blank_python(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        let to = to.min(out.len());
        for b in &mut out[from.min(to)..to] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                let end = bytes[i..].iter().position(|&c| c == b'\n').map_or(bytes.len(), |p| i + p);
                blank(&mut out, i, end);
                i = end;
            }
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => {
                out[i] = b' ';
                out[i + 1] = b' ';
                i += 2;
            }
            q @ (b'\'' | b'"') => {
                let triple = bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q);
                let open = if triple { 3 } else { 1 };
                let mut j = i + open;
                // Where the contents end: the closing quote, or the end of
                // the line (or file) for an unterminated literal.
                let mut contents_end = bytes.len();
                while j < bytes.len() {
                    let c = bytes[j];
                    if c == b'\\' {
                        j += 2;
                        continue;
                    }
                    if !triple && c == b'\n' {
                        contents_end = j;
                        break;
                    }
                    if c == q && (!triple || (bytes.get(j + 1) == Some(&q) && bytes.get(j + 2) == Some(&q))) {
                        contents_end = j;
                        j += open;
                        break;
                    }
                    j += 1;
                }
                let end = j.min(bytes.len());
                blank(&mut out, i + open, contents_end.max(i + open));
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

static PY_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*from[ \t]+(\.+[\w.]*|[\w.]+)[ \t]+import[ \t]*(\([^)]*\)|[^\n;]*)").expect("static regex")
});
static PY_IMPORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*import[ \t]+([^\n;]+)").expect("static regex"));
static PY_DYNAMIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(?:importlib\.import_module|import_module|__import__)\s*\(\s*["']([^"'\n{}]+)["']"#)
        .expect("static regex")
});
static PY_DECL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(?:async[ \t]+def|def|class)[ \t]+(\w+)|^(\w+)[ \t]*(?::[^=\n]*)?=[^=]").expect("static regex")
});

fn scan_python(source: &str) -> ScannedModule {
    let mut out = ScannedModule::default();
    let code = blank_python(source);
    let lines = LineIndex::new(source);
    let mut push = |m: &str, n: Option<&str>, a: Option<&str>, k: ImportKind, s: Span| {
        out.imports.push(import(m, n, a, k, m.starts_with('.'), false, s));
    };
    if code.contains("import") {
        for c in PY_FROM.captures_iter(&code) {
            let (Some(whole), Some(module), Some(names)) = (c.get(0), c.get(1), c.get(2)) else { continue };
            let module: String = module.as_str().chars().filter(|c| !c.is_whitespace()).collect();
            if module == "__future__" {
                continue;
            }
            let span = span_at(&lines, whole.start(), whole.end());
            let names = names.as_str().trim().trim_start_matches('(').trim_end_matches(')');
            for part in names.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                if part == "*" {
                    push(&module, None, None, ImportKind::Wildcard, span);
                    continue;
                }
                let mut words = part.split_whitespace();
                let Some(name) = words.next() else { continue };
                let alias = match (words.next(), words.next()) {
                    (Some("as"), Some(a)) => Some(a),
                    _ => None,
                };
                push(&module, Some(name), alias, ImportKind::Named, span);
            }
        }
        for c in PY_IMPORT.captures_iter(&code) {
            let (Some(whole), Some(list)) = (c.get(0), c.get(1)) else { continue };
            let span = span_at(&lines, whole.start(), whole.end());
            for part in list.as_str().split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let mut words = part.split_whitespace();
                let Some(module) = words.next() else { continue };
                if !module.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b >= 0x80) {
                    continue;
                }
                let alias = match (words.next(), words.next()) {
                    (Some("as"), Some(a)) => Some(a),
                    _ => None,
                };
                push(module, None, alias, ImportKind::Namespace, span);
            }
        }
    }
    // Dynamic imports name their module in a string: read the original text.
    if source.contains("import") {
        for c in PY_DYNAMIC.captures_iter(source) {
            let (Some(whole), Some(module)) = (c.get(0), c.get(1)) else { continue };
            // Skip occurrences inside comments (blanked in `code`).
            if code.get(whole.start()..whole.start() + 1).is_some_and(|s| s == " ") {
                continue;
            }
            push(module.as_str(), None, None, ImportKind::SideEffect, span_at(&lines, whole.start(), whole.end()));
        }
    }
    for c in PY_DECL.captures_iter(&code) {
        if let Some(name) = c.get(1).or(c.get(2)) {
            out.exports.push(name.as_str().to_string());
        }
    }
    out.imports.sort_by_key(|i| i.span.start_byte);
    out.exports.sort();
    out.exports.dedup();
    out
}

// ---- C / C++ ------------------------------------------------------------------

static C_INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^[ \t]*#[ \t]*(?:include|import|include_next)[ \t]*([<"])([^>"\n]+)[>"]"#).expect("static regex")
});
static CPP_USING_NAMESPACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*using[ \t]+namespace[ \t]+((?:::)?[A-Za-z_]\w*(?:[ \t]*::[ \t]*[A-Za-z_]\w*)*)[ \t]*;")
        .expect("static regex")
});

static CPP_NAMESPACE_ALIAS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*namespace[ \t]+([A-Za-z_]\w*)[ \t]*=[ \t]*((?:::)?[A-Za-z_]\w*(?:[ \t]*::[ \t]*[A-Za-z_]\w*)*)[ \t]*;")
        .expect("static regex")
});

fn scan_c(source: &str) -> ScannedModule {
    let mut out = ScannedModule::default();
    let lines = LineIndex::new(source);
    if source.contains('#') {
        for c in C_INCLUDE.captures_iter(source) {
            let (Some(whole), Some(delim), Some(path)) = (c.get(0), c.get(1), c.get(2)) else { continue };
            let local = delim.as_str() == "\"";
            let span = span_at(&lines, whole.start(), whole.end());
            out.imports.push(import(path.as_str().trim(), None, None, ImportKind::Wildcard, local, false, span));
        }
    }
    if source.contains("using") {
        for c in CPP_USING_NAMESPACE.captures_iter(source) {
            let (Some(whole), Some(ns)) = (c.get(0), c.get(1)) else { continue };
            let ns: String = ns.as_str().chars().filter(|c| !c.is_whitespace()).collect();
            let span = span_at(&lines, whole.start(), whole.end());
            out.imports.push(import(&ns, None, None, ImportKind::Wildcard, false, false, span));
        }
    }
    if source.contains("namespace") {
        for c in CPP_NAMESPACE_ALIAS.captures_iter(source) {
            let (Some(whole), Some(alias), Some(ns)) = (c.get(0), c.get(1), c.get(2)) else { continue };
            let ns: String = ns.as_str().chars().filter(|c| !c.is_whitespace()).collect();
            let span = span_at(&lines, whole.start(), whole.end());
            out.imports.push(import(&ns, None, Some(alias.as_str()), ImportKind::Namespace, false, false, span));
        }
    }
    out.imports.sort_by_key(|i| i.span.start_byte);
    out
}

// ---- the C-like tokenizer (Kotlin, Java, Swift, Rust) --------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Kotlin,
    Java,
    Swift,
    Rust,
}

impl Dialect {
    fn of(language: Language) -> Dialect {
        match language {
            Language::Kotlin => Dialect::Kotlin,
            Language::Swift => Dialect::Swift,
            Language::Rust => Dialect::Rust,
            _ => Dialect::Java,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokKind {
    Ident,
    Punct,
    Str,
}

#[derive(Debug, Clone, Copy)]
struct Token<'s> {
    kind: TokKind,
    text: &'s str,
    start: usize,
    /// Brace (and, for declarations, paren) nesting before this token.
    braces: u32,
    parens: u32,
}

impl<'s> Token<'s> {
    fn ident(&self) -> Option<&'s str> {
        (self.kind == TokKind::Ident).then_some(self.text)
    }
    fn is(&self, text: &str) -> bool {
        self.text == text
    }
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// Splits C-like source into identifiers, punctuation and string tokens,
/// skipping comments (nested block comments in Kotlin, Swift and Rust) and
/// string contents, and recording brace and paren depth.
fn tokenize(source: &str, dialect: Dialect) -> Vec<Token<'_>> {
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let (mut braces, mut parens) = (0u32, 0u32);
    let nested_comments = dialect != Dialect::Java;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            i = bytes[i..].iter().position(|&c| c == b'\n').map_or(bytes.len(), |p| i + p);
            continue;
        }
        if b == b'/' && bytes.get(i + 1) == Some(&b'*') {
            let mut depth = 1;
            i += 2;
            while i < bytes.len() && depth > 0 {
                if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                } else if nested_comments && bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else {
                    i += 1;
                }
            }
            continue;
        }
        let start = i;
        if b == b'"' {
            let triple = bytes.get(i + 1) == Some(&b'"') && bytes.get(i + 2) == Some(&b'"');
            if triple {
                i += 3;
                while i < bytes.len()
                    && !(bytes[i] == b'"' && bytes.get(i + 1) == Some(&b'"') && bytes.get(i + 2) == Some(&b'"'))
                {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 3).min(bytes.len());
            } else {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && (bytes[i] != b'\n' || dialect == Dialect::Rust) {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
            }
            out.push(Token { kind: TokKind::Str, text: source.get(start..i).unwrap_or(""), start, braces, parens });
            continue;
        }
        if b == b'\'' && dialect != Dialect::Swift {
            // Char literal (Rust lifetimes `'a` have no closing quote nearby).
            let close = bytes[i + 1..].iter().take(12).position(|&c| c == b'\'' || c == b'\n');
            match close {
                Some(p) if bytes[i + 1 + p] == b'\'' && (p > 0 || dialect != Dialect::Rust) => {
                    let mut j = i + 1;
                    while j < bytes.len() && bytes[j] != b'\'' && bytes[j] != b'\n' {
                        j += if bytes[j] == b'\\' { 2 } else { 1 };
                    }
                    i = (j + 1).min(bytes.len());
                    out.push(Token { kind: TokKind::Str, text: "''", start, braces, parens });
                }
                _ => {
                    i += 1;
                    out.push(Token { kind: TokKind::Punct, text: "'", start, braces, parens });
                }
            }
            continue;
        }
        if b == b'`' && matches!(dialect, Dialect::Kotlin | Dialect::Swift) {
            // Backticked identifier.
            let end = bytes[i + 1..].iter().position(|&c| c == b'`' || c == b'\n').map_or(bytes.len(), |p| i + 1 + p);
            let text = source.get(i + 1..end).unwrap_or("");
            out.push(Token { kind: TokKind::Ident, text, start, braces, parens });
            i = (end + 1).min(bytes.len());
            continue;
        }
        if is_ident_start(b) {
            while i < bytes.len() && is_ident_continue(bytes[i]) {
                i += 1;
            }
            // Rust raw strings `r"…"`, `r#"…"#`, byte strings `b"…"`.
            if dialect == Dialect::Rust && matches!(&source[start..i], "r" | "br" | "b") {
                let mut hashes = 0;
                while bytes.get(i + hashes) == Some(&b'#') {
                    hashes += 1;
                }
                if bytes.get(i + hashes) == Some(&b'"') {
                    let close: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                    let from = i + hashes + 1;
                    let end =
                        source.get(from..).and_then(|s| s.find(&close)).map_or(bytes.len(), |p| from + p + close.len());
                    out.push(Token { kind: TokKind::Str, text: "\"\"", start, braces, parens });
                    i = end;
                    continue;
                }
            }
            let text = source.get(start..i).unwrap_or("");
            out.push(Token { kind: TokKind::Ident, text, start, braces, parens });
            continue;
        }
        if b.is_ascii_digit() {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'.') {
                i += 1;
            }
            continue;
        }
        // `::` is one token; everything else is one byte (or one char).
        let len = if b == b':' && bytes.get(i + 1) == Some(&b':') {
            2
        } else {
            source[i..].chars().next().map_or(1, char::len_utf8)
        };
        let text = source.get(i..i + len).unwrap_or("");
        out.push(Token { kind: TokKind::Punct, text, start, braces, parens });
        match b {
            b'{' => braces += 1,
            b'}' => braces = braces.saturating_sub(1),
            b'(' => parens += 1,
            b')' => parens = parens.saturating_sub(1),
            _ => {}
        }
        i += len;
    }
    out
}

/// Reads `a.b.c` (or `a.b.*`) from `tokens[i..]`; returns the segments and
/// the index after them.
fn dotted(tokens: &[Token<'_>], mut i: usize, sep: &str) -> (Vec<String>, usize) {
    let mut segs = Vec::new();
    loop {
        match tokens.get(i) {
            Some(t) if t.kind == TokKind::Ident => segs.push(t.text.to_string()),
            Some(t) if t.is("*") && !segs.is_empty() => {
                segs.push("*".to_string());
                return (segs, i + 1);
            }
            _ => return (segs, i),
        }
        i += 1;
        match tokens.get(i) {
            Some(t) if t.is(sep) => i += 1,
            _ => return (segs, i),
        }
    }
}

const KOTLIN_DECL: &[&str] = &["class", "interface", "object", "typealias", "fun", "val", "var"];
const JAVA_DECL: &[&str] = &["class", "interface", "enum", "record"];
const SWIFT_DECL: &[&str] = &["class", "struct", "enum", "protocol", "actor", "typealias", "func", "let", "var"];
const SWIFT_IMPORT_KINDS: &[&str] = &["struct", "class", "enum", "protocol", "typealias", "func", "let", "var"];

fn scan_jvm_swift(language: Language, source: &str) -> ScannedModule {
    let dialect = Dialect::of(language);
    let tokens = tokenize(source, dialect);
    let lines = LineIndex::new(source);
    let mut out = ScannedModule::default();
    let decl_words: &[&str] = match dialect {
        Dialect::Kotlin => KOTLIN_DECL,
        Dialect::Swift => SWIFT_DECL,
        _ => JAVA_DECL,
    };
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        if t.braces != 0 || t.parens != 0 || t.kind != TokKind::Ident {
            i += 1;
            continue;
        }
        let prev = i.checked_sub(1).map(|p| tokens[p]);
        let after_member = prev.is_some_and(|p| p.is(".") || p.is("::") || p.is("@") && !t.is("interface"));
        match t.text {
            "package" if dialect != Dialect::Swift && !after_member => {
                let (segs, next) = dotted(&tokens, i + 1, ".");
                if !segs.is_empty() && out.package.is_none() {
                    out.package = Some(segs.join("."));
                }
                i = next;
            }
            "import" if !after_member => {
                i = jvm_swift_import(dialect, &tokens, i, source, &lines, &mut out);
            }
            w if decl_words.contains(&w) && !after_member => {
                if let Some(name) = declared_name(dialect, &tokens, i) {
                    out.exports.push(name.to_string());
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.exports.sort();
    out.exports.dedup();
    out.mentions = ident_hashes(&tokens);
    out
}

/// Parses one import at `tokens[i]` (the `import` keyword); returns the
/// index after it.
fn jvm_swift_import(
    dialect: Dialect,
    tokens: &[Token<'_>],
    i: usize,
    source: &str,
    lines: &LineIndex<'_>,
    out: &mut ScannedModule,
) -> usize {
    let start = tokens[i].start;
    let mut j = i + 1;
    let mut is_static = false;
    let mut swift_kind = false;
    let mut reexport = false;
    if dialect == Dialect::Swift {
        // Attributes before `import` on the same declaration.
        let mut k = i;
        while k >= 2 && tokens[k - 2].is("@") && tokens[k - 1].kind == TokKind::Ident {
            if tokens[k - 1].is("_exported") {
                reexport = true;
            }
            k -= 2;
        }
        if tokens.get(j).is_some_and(|t| SWIFT_IMPORT_KINDS.contains(&t.text)) {
            swift_kind = true;
            j += 1;
        }
    } else if tokens.get(j).is_some_and(|t| t.is("static")) && dialect == Dialect::Java {
        is_static = true;
        j += 1;
    }
    let (segs, mut next) = dotted(tokens, j, ".");
    if segs.is_empty() {
        return j;
    }
    let end = tokens.get(next.saturating_sub(1)).map_or(start, |t| t.start + t.text.len());
    let mut alias = None;
    if dialect == Dialect::Kotlin && tokens.get(next).is_some_and(|t| t.is("as")) {
        if let Some(a) = tokens.get(next + 1).and_then(|t| t.ident()) {
            alias = Some(a);
            next += 2;
        }
    }
    let end = tokens.get(next.saturating_sub(1)).map_or(end, |t| t.start + t.text.len()).max(end);
    let span = lines.span(start, end.min(source.len()));
    let _ = is_static;
    if dialect == Dialect::Swift {
        let (module, name, kind) = if swift_kind && segs.len() >= 2 {
            (segs[..segs.len() - 1].join("."), Some(segs[segs.len() - 1].as_str()), ImportKind::Named)
        } else {
            (segs.join("."), None, ImportKind::Wildcard)
        };
        out.imports.push(import(&module, name, None, kind, false, reexport, span));
        return next;
    }
    if segs.last().is_some_and(|s| s == "*") {
        let module = segs[..segs.len() - 1].join(".");
        out.imports.push(import(&module, None, None, ImportKind::Wildcard, false, false, span));
    } else if segs.len() == 1 {
        out.imports.push(import(&segs[0], None, alias, ImportKind::Namespace, false, false, span));
    } else {
        let module = segs[..segs.len() - 1].join(".");
        out.imports.push(import(&module, Some(&segs[segs.len() - 1]), alias, ImportKind::Named, false, false, span));
    }
    next
}

/// The name a top-level declaration keyword at `tokens[i]` introduces.
fn declared_name<'s>(dialect: Dialect, tokens: &[Token<'s>], i: usize) -> Option<&'s str> {
    let word = tokens[i].text;
    let mut j = i + 1;
    if dialect == Dialect::Kotlin && word == "fun" && tokens.get(j).is_some_and(|t| t.is("interface")) {
        j += 1;
    }
    // Generic parameters: `fun <T> T.ext()`, `val <T> List<T>.x`.
    if tokens.get(j).is_some_and(|t| t.is("<")) {
        let mut depth = 0;
        while let Some(t) = tokens.get(j) {
            if t.is("<") {
                depth += 1;
            } else if t.is(">") {
                depth -= 1;
                if depth == 0 {
                    j += 1;
                    break;
                }
            }
            j += 1;
        }
    }
    let mut name = tokens.get(j)?.ident()?;
    if matches!(dialect, Dialect::Kotlin) && matches!(word, "fun" | "val" | "var") {
        // Extension receivers: `fun String.ext()`, `val Foo<Bar>.x`.
        let mut k = j + 1;
        loop {
            if tokens.get(k).is_some_and(|t| t.is("<")) {
                let mut depth = 0;
                while let Some(t) = tokens.get(k) {
                    if t.is("<") {
                        depth += 1;
                    } else if t.is(">") {
                        depth -= 1;
                        if depth == 0 {
                            k += 1;
                            break;
                        }
                    }
                    k += 1;
                }
            }
            if tokens.get(k).is_some_and(|t| t.is("?")) {
                k += 1;
            }
            match (tokens.get(k), tokens.get(k + 1).and_then(|t| t.ident())) {
                (Some(dot), Some(next)) if dot.is(".") => {
                    name = next;
                    k += 2;
                }
                _ => break,
            }
        }
    }
    Some(name)
}

// ---- Rust ---------------------------------------------------------------------

static RUST_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"#\s*\[\s*link\s*\(([^)]*)\)\s*\]"#).expect("static regex"));
static RUST_LINK_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bname\s*=\s*"([^"]*)""#).expect("static regex"));

/// Whether the item starting at `tokens[i]` has a visibility (`pub`,
/// `pub(crate)`, ...) before it.
fn rust_visible(tokens: &[Token<'_>], i: usize) -> bool {
    match i.checked_sub(1).map(|p| tokens[p]) {
        Some(p) if p.is("pub") => true,
        Some(p) if p.is(")") => {
            let open = tokens[..i].iter().rposition(|t| t.is("("));
            open.and_then(|o| o.checked_sub(1)).is_some_and(|k| tokens[k].is("pub"))
        }
        _ => false,
    }
}

fn scan_rust(source: &str) -> ScannedModule {
    let tokens = tokenize(source, Dialect::Rust);
    let lines = LineIndex::new(source);
    let mut out = ScannedModule::default();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let prev = i.checked_sub(1).map(|p| tokens[p]);
        let after_path = prev.is_some_and(|p| p.is("::") || p.is("."));
        if t.kind != TokKind::Ident || after_path {
            i += 1;
            continue;
        }
        match t.text {
            // `mod x;` (a file module); `mod x { … }` is inline.
            "mod" => {
                if let (Some(name), Some(semi)) = (tokens.get(i + 1).and_then(|t| t.ident()), tokens.get(i + 2)) {
                    if semi.is(";") {
                        let span = lines.span(t.start, semi.start + 1);
                        let re = rust_visible(&tokens, i);
                        out.imports.push(import(name, None, None, ImportKind::SideEffect, true, re, span));
                    }
                }
                i += 1;
            }
            "extern" if tokens.get(i + 1).is_some_and(|t| t.is("crate")) => {
                let end = tokens[i..].iter().position(|t| t.is(";")).map_or(tokens.len(), |p| i + p);
                let span = lines.span(t.start, tokens.get(end).map_or(source.len(), |s| s.start + 1));
                let name = tokens.get(i + 2).and_then(|t| t.ident());
                let alias = match (tokens.get(i + 3), tokens.get(i + 4).and_then(|t| t.ident())) {
                    (Some(a), Some(alias)) if a.is("as") => Some(alias),
                    _ => None,
                };
                if let Some(name) = name {
                    let re = rust_visible(&tokens, i);
                    out.imports.push(import(name, None, alias, ImportKind::Namespace, false, re, span));
                }
                i = end + 1;
            }
            "use" => {
                let reexport = rust_visible(&tokens, i);
                let end = tokens[i..].iter().position(|t| t.is(";")).map_or(tokens.len(), |p| i + p);
                let span = lines.span(t.start, tokens.get(end).map_or(source.len(), |s| s.start + 1));
                let mut leaves = Vec::new();
                use_tree(&tokens[i + 1..end], &mut Vec::new(), &mut leaves, 0);
                for (path, alias) in leaves {
                    push_rust_use(&mut out, &path, alias.as_deref(), reexport, span);
                }
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    // `#[link(name = "session-config")]`: a native library.
    if source.contains("link") {
        for c in RUST_LINK.captures_iter(source) {
            let (Some(whole), Some(args)) = (c.get(0), c.get(1)) else { continue };
            if let Some(name) = RUST_LINK_NAME.captures(args.as_str()).and_then(|n| n.get(1)) {
                let span = lines.span(whole.start(), whole.end());
                out.imports.push(import(name.as_str(), None, None, ImportKind::Wildcard, false, false, span));
            }
        }
    }
    out.imports.sort_by_key(|i| i.span.start_byte);
    out
}

const MAX_USE_TREE_DEPTH: usize = 32;

/// Expands a `use` tree into its leaf paths (with `as` aliases).
fn use_tree(
    tokens: &[Token<'_>],
    prefix: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
    depth: usize,
) {
    // Real use trees nest a few levels; hostile input must not exhaust the stack.
    if depth > MAX_USE_TREE_DEPTH {
        return;
    }
    let mut i = 0;
    let base = prefix.len();
    while i < tokens.len() {
        let t = tokens[i];
        match t.text {
            "::" => i += 1,
            "{" => {
                // Find the matching brace and split its contents at top-level commas.
                let mut braces = 0;
                let mut j = i;
                let mut item_start = i + 1;
                while j < tokens.len() {
                    match tokens[j].text {
                        "{" => braces += 1,
                        "}" => {
                            braces -= 1;
                            if braces == 0 {
                                use_tree(&tokens[item_start..j], prefix, out, depth + 1);
                                break;
                            }
                        }
                        "," if braces == 1 => {
                            use_tree(&tokens[item_start..j], prefix, out, depth + 1);
                            item_start = j + 1;
                        }
                        _ => {}
                    }
                    j += 1;
                }
                prefix.truncate(base);
                return;
            }
            "*" => {
                let mut path = prefix.clone();
                path.push("*".to_string());
                out.push((path, None));
                prefix.truncate(base);
                return;
            }
            "as" => {
                if let Some(alias) = tokens.get(i + 1).and_then(|t| t.ident()) {
                    out.push((prefix.clone(), Some(alias.to_string())));
                }
                prefix.truncate(base);
                return;
            }
            _ if t.kind == TokKind::Ident => {
                prefix.push(t.text.to_string());
                i += 1;
            }
            _ => i += 1,
        }
    }
    if prefix.len() > base {
        out.push((prefix.clone(), None));
    }
    prefix.truncate(base);
}

fn push_rust_use(out: &mut ScannedModule, path: &[String], alias: Option<&str>, reexport: bool, span: Span) {
    let Some(last) = path.last() else { return };
    let local = matches!(path.first().map(String::as_str), Some("crate" | "self" | "super"));
    let head = path[..path.len() - 1].join("::");
    let (module, name, kind) = match last.as_str() {
        "*" => (head, None, ImportKind::Wildcard),
        "self" => (head, None, ImportKind::Namespace),
        _ if path.len() == 1 => (last.clone(), None, ImportKind::Namespace),
        _ => (head, Some(last.as_str()), ImportKind::Named),
    };
    let alias = match (kind.clone(), alias) {
        (ImportKind::Namespace, None) if last == "self" => path.get(path.len().wrapping_sub(2)).map(String::as_str),
        (_, a) => a,
    };
    out.imports.push(import(&module, name, alias, kind, local, reexport, span));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (module, name, alias, kind, local, reexport)
    type Summary = (String, Option<String>, Option<String>, ImportKind, bool, bool);

    fn summary(m: &ScannedModule) -> Vec<Summary> {
        m.imports
            .iter()
            .map(|i| (i.module.clone(), i.name.clone(), i.alias.clone(), i.kind.clone(), i.local, i.reexport))
            .collect()
    }

    fn s(v: &str) -> String {
        v.to_string()
    }

    #[test]
    fn js_forms_multi_line_clauses_and_commented_out_imports() {
        let src = r#"
import Default, { A as B, C,
  type D } from './lib';
import * as ns from "../ns";
import './side.css';
// import { Gone } from './gone';
/* import { Gone2 } from './gone2'; */
export * from './barrel';
export { X as Y } from '@session.js/client';
export * as N from './n';
const fs = require('fs'), { join } = require('path');
const { P, Q: R } = require('./pq');
const S = require('./s').Sub;
module.exports = require('./whole');
const url = "https://example.invalid//not-a-comment"; import('./lazy');
export class Chat {}
export const a = 1, b = 2;
export default function main() {}
export { local as renamed };
"#;
        let m = scan(Language::TypeScript, src);
        let modules: Vec<&str> = m.imports.iter().map(|i| i.module.as_str()).collect();
        assert!(!modules.contains(&"./gone") && !modules.contains(&"./gone2"), "{modules:?}");
        let got = summary(&m);
        let want = [
            (s("./lib"), None, Some(s("Default")), ImportKind::Namespace, true, false),
            (s("./lib"), Some(s("A")), Some(s("B")), ImportKind::Named, true, false),
            (s("./lib"), Some(s("C")), None, ImportKind::Named, true, false),
            (s("./lib"), Some(s("D")), None, ImportKind::Named, true, false),
            (s("../ns"), None, Some(s("ns")), ImportKind::Namespace, true, false),
            (s("./side.css"), None, None, ImportKind::SideEffect, true, false),
            (s("./barrel"), None, None, ImportKind::Wildcard, true, true),
            (s("@session.js/client"), Some(s("X")), Some(s("Y")), ImportKind::Named, false, true),
            (s("./n"), None, Some(s("N")), ImportKind::Namespace, true, true),
            (s("fs"), None, Some(s("fs")), ImportKind::Namespace, false, false),
            (s("path"), Some(s("join")), None, ImportKind::Named, false, false),
            (s("./pq"), Some(s("P")), None, ImportKind::Named, true, false),
            (s("./pq"), Some(s("Q")), Some(s("R")), ImportKind::Named, true, false),
            (s("./s"), Some(s("Sub")), Some(s("S")), ImportKind::Named, true, false),
            (s("./whole"), None, None, ImportKind::Wildcard, true, true),
            (s("./lazy"), None, None, ImportKind::SideEffect, true, false),
        ];
        for w in &want {
            assert!(got.contains(w), "missing {w:?} in {got:?}");
        }
        assert_eq!(got.len(), want.len(), "{got:?}");
        assert_eq!(m.exports, vec!["Chat", "a", "default", "renamed"]);
    }

    #[test]
    fn python_forms_skip_docstrings_and_comments() {
        let src = "\"\"\"Example:\n    from fake import thing\n\"\"\"\nimport os, a.b as c\nfrom . import sibling\nfrom ..pkg.mod import (\n    One,\n    Two as Deux,\n)\nfrom .star import *\n# from gone import x\nif True:\n    from session_util import blinding\nmod = importlib.import_module('dyn.mod')\nclass Client:\n    pass\ndef helper():\n    pass\nVALUE = 3\n";
        let m = scan(Language::Python, src);
        let got = summary(&m);
        let want = [
            (s("os"), None, None, ImportKind::Namespace, false, false),
            (s("a.b"), None, Some(s("c")), ImportKind::Namespace, false, false),
            (s("."), Some(s("sibling")), None, ImportKind::Named, true, false),
            (s("..pkg.mod"), Some(s("One")), None, ImportKind::Named, true, false),
            (s("..pkg.mod"), Some(s("Two")), Some(s("Deux")), ImportKind::Named, true, false),
            (s(".star"), None, None, ImportKind::Wildcard, true, false),
            (s("session_util"), Some(s("blinding")), None, ImportKind::Named, false, false),
            (s("dyn.mod"), None, None, ImportKind::SideEffect, false, false),
        ];
        assert_eq!(got, want.to_vec());
        assert_eq!(m.exports, vec!["Client", "VALUE", "helper", "mod"]);
    }

    #[test]
    fn kotlin_java_swift_imports_packages_and_declarations() {
        let kt = "package com.example.chat\n\nimport com.example.session.SessionWrapper\nimport com.example.util.*\nimport org.x.Y as Z\n/* import gone.Gone */\nclass ChatScreen(val x: Int) {\n  fun inner() {}\n}\nfun String.shout() = this\nobject Registry\nval DEFAULT = 1\n";
        let m = scan(Language::Kotlin, kt);
        assert_eq!(m.package.as_deref(), Some("com.example.chat"));
        assert_eq!(
            summary(&m),
            vec![
                (s("com.example.session"), Some(s("SessionWrapper")), None, ImportKind::Named, false, false),
                (s("com.example.util"), None, None, ImportKind::Wildcard, false, false),
                (s("org.x"), Some(s("Y")), Some(s("Z")), ImportKind::Named, false, false),
            ]
        );
        assert_eq!(m.exports, vec!["ChatScreen", "DEFAULT", "Registry", "shout"]);

        let java = "package a.b;\nimport static a.b.C.m;\nimport java.util.*;\npublic final class Main { class Inner {} }\n@interface Ann {}\n";
        let m = scan(Language::Java, java);
        assert_eq!(m.package.as_deref(), Some("a.b"));
        assert_eq!(m.imports.len(), 2);
        assert_eq!((m.imports[0].module.as_str(), m.imports[0].name.as_deref()), ("a.b.C", Some("m")));
        assert_eq!(m.exports, vec!["Ann", "Main"]);

        let swift = "import Foundation\n@_exported import SessionUtil\n@testable import App\nimport struct Kit.Thing\npublic final class Store {}\nfunc helper() {}\nextension Store { func more() {} }\n";
        let m = scan(Language::Swift, swift);
        assert_eq!(
            summary(&m),
            vec![
                (s("Foundation"), None, None, ImportKind::Wildcard, false, false),
                (s("SessionUtil"), None, None, ImportKind::Wildcard, false, true),
                (s("App"), None, None, ImportKind::Wildcard, false, false),
                (s("Kit"), Some(s("Thing")), None, ImportKind::Named, false, false),
            ]
        );
        assert_eq!(m.exports, vec!["Store", "helper"]);
    }

    #[test]
    fn c_includes_and_using_namespace() {
        let src = "#include <session/config.hpp>\n#  include \"wrapper.h\"\n#import <Foundation/Foundation.h>\nusing namespace session::config;\n";
        let got = summary(&scan(Language::Cpp, src));
        assert_eq!(
            got,
            vec![
                (s("session/config.hpp"), None, None, ImportKind::Wildcard, false, false),
                (s("wrapper.h"), None, None, ImportKind::Wildcard, true, false),
                (s("Foundation/Foundation.h"), None, None, ImportKind::Wildcard, false, false),
                (s("session::config"), None, None, ImportKind::Wildcard, false, false),
            ]
        );
    }

    #[test]
    fn rust_mods_and_use_trees() {
        let src = "mod net;\npub mod chat;\nmod inline { fn f() {} }\nuse crate::net::{client::Client, self as n, *};\npub use super::x::Y as Z;\nuse std::io;\n// use crate::gone::Gone;\nfn f() { let s = \"use crate::fake;\"; }\n";
        let got = summary(&scan(Language::Rust, src));
        assert_eq!(
            got,
            vec![
                (s("net"), None, None, ImportKind::SideEffect, true, false),
                (s("chat"), None, None, ImportKind::SideEffect, true, true),
                (s("crate::net::client"), Some(s("Client")), None, ImportKind::Named, true, false),
                (s("crate::net"), None, Some(s("n")), ImportKind::Namespace, true, false),
                (s("crate::net"), None, None, ImportKind::Wildcard, true, false),
                (s("super::x"), Some(s("Y")), Some(s("Z")), ImportKind::Named, true, true),
                (s("std"), Some(s("io")), None, ImportKind::Named, false, false),
            ]
        );
    }

    #[test]
    fn mentions_skip_comments_and_strings() {
        let src = "// SessionWrapper in a comment\nval s = \"SessionWrapper\"\nfun f() = ChatStore()\n";
        let m = mentions(Language::Kotlin, src);
        assert!(m.binary_search(&ident_hash("ChatStore")).is_ok());
        assert!(m.binary_search(&ident_hash("SessionWrapper")).is_err());
        assert!(mentions(Language::Python, src).is_empty());
    }

    #[test]
    fn odd_input_does_not_panic() {
        // Deep nesting must not exhaust the stack (this would abort, not fail).
        let deep_use = format!("use a::{}b{};", "{".repeat(100_000), "}".repeat(100_000));
        let deep_parens = format!("import x.y\nval a = {}1{}", "(".repeat(100_000), ")".repeat(100_000));
        let cases = [
            "",
            "import",
            "from",
            "#include",
            "use",
            "mod",
            "'",
            "\"",
            "`",
            "/*",
            "r#\"",
            "import {",
            "€'x",
            "\"\"\"",
            "'é\n\"\\é",
            "x = 'é\n",
            "\"\"\"é",
            &deep_use,
            &deep_parens,
        ];
        for src in cases {
            for lang in Language::ALL {
                let _ = scan(lang, src);
                let _ = mentions(lang, src);
            }
        }
    }
}

/// The cheap scanners against the full extractors, on every corpus file:
/// every import the extractor sees on ordinary code, the scanner sees too
/// (same module, kind, name, alias, flags and line).
#[cfg(test)]
mod against_extractors {
    use std::path::Path;

    use super::*;
    use crate::lang::{self, FileKind};

    type Key = (String, Option<String>, Option<String>, String, bool, bool, usize);

    fn key(i: &Import) -> Key {
        (i.module.clone(), i.name.clone(), i.alias.clone(), format!("{:?}", i.kind), i.local, i.reexport, i.span.line)
    }

    #[test]
    fn cheap_scanners_see_every_import_the_extractors_see() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus");
        let mut problems = Vec::new();
        let mut compared = 0;
        for entry in walkdir::WalkDir::new(&root).sort_by_file_name().into_iter().flatten() {
            let path = entry.path();
            let Some(FileKind::Source(language)) = lang::classify(path) else { continue };
            let Ok(source) = std::fs::read_to_string(path) else { continue };
            let Ok(facts) = lang::extract(FileKind::Source(language), &source) else { continue };
            // An extractor that is still a stub says nothing about any file.
            if facts == crate::facts::FileFacts::default() && !source.trim().is_empty() {
                continue;
            }
            let cheap = scan(language, &source);
            compared += 1;
            let cheap_keys: Vec<Key> = cheap.imports.iter().map(key).collect();
            for import in &facts.imports {
                let k = key(import);
                if !cheap_keys.contains(&k) {
                    problems.push(format!("{}: cheap scan misses {k:?}", path.display()));
                }
            }
            for k in &cheap_keys {
                if !facts.imports.iter().any(|i| &key(i) == k) {
                    problems.push(format!("{}: cheap scan invents {k:?}", path.display()));
                }
            }
            if facts.package.as_ref().map(|p| p.name.as_str()) != cheap.package.as_deref() && facts.package.is_some() {
                problems.push(format!("{}: package {:?} vs {:?}", path.display(), facts.package, cheap.package));
            }
            // Declarations matter to the graph where files see each other's
            // names without imports (Kotlin, Java, Swift) and for re-export
            // shadowing (JS/TS, Python).
            let declarations_matter = !matches!(language, Language::C | Language::Cpp | Language::Rust);
            for name in facts.exports.iter().filter(|_| declarations_matter) {
                if !cheap.exports.contains(name) {
                    problems.push(format!("{}: cheap scan misses declaration {name}", path.display()));
                }
            }
        }
        assert!(compared > 0);
        assert!(problems.is_empty(), "{} difference(s):\n{}", problems.len(), problems.join("\n"));
    }
}
