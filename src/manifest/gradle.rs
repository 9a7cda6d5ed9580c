//! Gradle: build scripts and settings (Groovy and Kotlin DSL, read as tokens)
//! and version catalogs (`gradle/libs.versions.toml`, read with `toml`).
//!
//! What becomes a Dependency (ecosystem `maven`):
//! - `implementation("g:a:v")`, `api 'g:a'`, `classpath(...)`, `platform(...)`,
//!   map notation `implementation group: 'g', name: 'a', version: 'v'` →
//!   name `g:a`.
//! - local projects `project(":x")` and settings `include(":x")` → name `:x`
//!   (the Gradle project path, always with its leading colon).
//! - version-catalog accessors `implementation(libs.libsession.util.android)`
//!   → name `libs.libsession.util.android` as written: one file cannot see
//!   the catalog, so rules match accessors by their conventional alias.
//! - catalog `[libraries]` entries → `g:a` with the version (refs resolved);
//!   `[plugins]` entries → the plugin id.
//!
//! Every string literal of a script is also a `StringLit`, so repository
//! URLs (`maven { url = uri("...") }`, `maven("...")`) and `includeGroup`
//! arguments reach string rules.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::lexer::{Flavor, Kind, Token};
use super::util::{toml_error, FactsBuilder};
use crate::facts::{Ecosystem, FileFacts};
use crate::lang::ExtractError;

/// Calls whose first string argument is never a dependency.
const NOT_DEPENDENCIES: &[&str] = &[
    "id",
    "exclude",
    "include",
    "includeGroup",
    "includeModule",
    "includeBuild",
    "println",
    "print",
    "error",
    "warn",
    "info",
    "debug",
    "register",
    "named",
    "create",
    "getByName",
    "file",
    "files",
    "uri",
    "url",
    "maven",
    "project",
    "property",
    "getProperty",
    "findProperty",
];

/// Wrappers around a dependency notation.
const WRAPPERS: &[&str] = &["platform", "enforcedPlatform", "testFixtures", "module", "variantOf"];

/// Whether `name` reads like a dependency configuration (`implementation`,
/// `playImplementation`, `kaptTest`, `classpath`, ...). A `g:a` string with
/// one colon counts as a dependency only after one of these; `g:a:v` after
/// any call not in [`NOT_DEPENDENCIES`].
fn is_configuration(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    const SUFFIXES: &[&str] = &[
        "implementation",
        "api",
        "compileonly",
        "runtimeonly",
        "compile",
        "runtime",
        "annotationprocessor",
        "classpath",
        "desugaring",
        "lintchecks",
        "lintpublish",
        "compileonlyapi",
    ];
    SUFFIXES.iter().any(|s| lower.ends_with(s))
        || lower.starts_with("kapt")
        || lower.starts_with("ksp")
        || matches!(name, "force" | "substitute" | "detektPlugins" | "wearApp")
}

/// `group:name[:version[:classifier]][@ext]` → (`group:name`, version).
fn coordinates(s: &str) -> Option<(String, Option<&str>)> {
    let s = s.split('@').next().unwrap_or(s);
    let parts: Vec<&str> = s.split(':').collect();
    if !(2..=4).contains(&parts.len()) {
        return None;
    }
    let ident_ok = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
    if !ident_ok(parts[0]) || !ident_ok(parts[1]) {
        return None;
    }
    if parts[2..].iter().any(|p| p.is_empty() || p.contains(char::is_whitespace)) {
        return None;
    }
    Some((format!("{}:{}", parts[0], parts[1]), parts.get(2).copied()))
}

/// Offset of the first non-blank character of the line holding `offset`:
/// Gradle dependencies span their whole declaring statement line.
/// Looks back at most 512 bytes, so very long lines stay linear.
fn line_start(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    let mut window = offset.saturating_sub(512);
    while !source.is_char_boundary(window) {
        window += 1;
    }
    let start = match source[window..offset].rfind('\n') {
        Some(i) => window + i + 1,
        None if window == 0 => 0,
        None => return offset,
    };
    start + (source[start..].len() - source[start..].trim_start_matches([' ', '\t']).len())
}

fn project_path(path: &str) -> String {
    if path.starts_with(':') {
        path.to_string()
    } else {
        format!(":{path}")
    }
}

struct Script<'s, 't> {
    source: &'s str,
    t: &'t [Token<'s>],
}

impl<'s> Script<'s, '_> {
    fn punct(&self, i: usize, c: &str) -> bool {
        self.t.get(i).is_some_and(|t| t.is_punct(c))
    }
    fn ident(&self, i: usize) -> Option<&'s str> {
        self.t.get(i).filter(|t| t.kind == Kind::Ident).map(|t| t.text)
    }
    fn string(&self, i: usize) -> Option<&Token<'s>> {
        self.t.get(i).filter(|t| t.kind == Kind::Str)
    }

    /// `libs.a.b.c` starting at `i` → (accessor, index after it).
    fn accessor(&self, i: usize) -> Option<(String, usize)> {
        if self.ident(i) != Some("libs") {
            return None;
        }
        let mut path = String::from("libs");
        let mut j = i + 1;
        while self.punct(j, ".") {
            let Some(part) = self.ident(j + 1) else { break };
            path.push('.');
            path.push_str(part);
            j += 2;
        }
        (j > i + 1).then_some((path, j))
    }

    /// Map notation from `i`: `group: 'g', name: 'a', version: 'v'` (Groovy)
    /// or `group = "g", name = "a"` (Kotlin), up to the end of the call.
    fn map_notation(&self, i: usize, line: usize, paren: bool) -> Option<(String, Option<&'s str>)> {
        let (mut group, mut name, mut version) = (None, None, None);
        let mut j = i;
        while j < self.t.len() {
            let tok = &self.t[j];
            if (paren && tok.is_punct(")")) || (!paren && tok.line != line && !self.punct(j - 1, ",")) {
                break;
            }
            if let (Some(key), true, Some(value)) =
                (self.ident(j), self.punct(j + 1, ":") || self.punct(j + 1, "="), self.string(j + 2))
            {
                match key {
                    "group" => group = Some(value.text),
                    "name" => name = Some(value.text),
                    "version" => version = Some(value.text),
                    _ => {}
                }
                j += 3;
                continue;
            }
            j += 1;
        }
        Some((format!("{}:{}", group?, name?), version))
    }
}

/// build.gradle(.kts) and settings.gradle(.kts).
pub fn gradle_script(source: &str) -> Result<FileFacts, ExtractError> {
    let mut b = FactsBuilder::new(source);
    let tokens = b.lex(Flavor::Slash)?;
    let s = Script { source, t: &tokens };
    for (i, tok) in s.t.iter().enumerate() {
        // Kotlin DSL names flavour configurations with strings:
        // `"playImplementation"("g:a:v")`.
        if tok.kind == Kind::Str && s.punct(i + 1, "(") {
            dependency_notation(&mut b, &s, i);
            continue;
        }
        if tok.kind != Kind::Ident || s.punct(i.wrapping_sub(1), ".") && tok.text != "project" {
            continue;
        }
        let at = line_start(source, tok.start);
        match tok.text {
            "project" => {
                // project(":x") or project(path: ":x")
                if !s.punct(i + 1, "(") {
                    continue;
                }
                let path = match (s.string(i + 2), s.ident(i + 2)) {
                    (Some(p), _) => Some(p),
                    (None, Some("path")) => s.string(i + 4),
                    _ => None,
                };
                if let Some(p) = path {
                    b.dep_at(Ecosystem::Maven, &project_path(p.text), None, None, at);
                }
            }
            "include" => {
                let mut j = if s.punct(i + 1, "(") { i + 2 } else { i + 1 };
                while let Some(p) = s.string(j) {
                    b.dep_at(Ecosystem::Maven, &project_path(p.text), None, None, line_start(source, p.start));
                    if !s.punct(j + 1, ",") {
                        break;
                    }
                    j += 2;
                }
            }
            conf if !NOT_DEPENDENCIES.contains(&conf) && !WRAPPERS.contains(&conf) => {
                dependency_notation(&mut b, &s, i);
            }
            _ => {}
        }
    }
    Ok(b.finish())
}

/// The dependency notations that may follow the configuration at `i`.
fn dependency_notation(b: &mut FactsBuilder<'_>, s: &Script<'_, '_>, i: usize) {
    let conf = &s.t[i];
    let mut j = i + 1;
    let paren = s.punct(j, "(");
    if paren {
        j += 1;
    }
    let mut wrapped = false;
    while s.ident(j).is_some_and(|w| WRAPPERS.contains(&w)) && s.punct(j + 1, "(") {
        j += 2;
        wrapped = true;
    }
    let Some(first) = s.t.get(j) else { return };
    // Groovy calls without parentheses take arguments on the same line only.
    if !paren && first.line != conf.line {
        return;
    }
    let start =
        if first.line == conf.line { line_start(s.source, conf.start) } else { line_start(s.source, first.start) };
    let configuration = wrapped || is_configuration(conf.text);
    if first.kind == Kind::Str {
        let mut k = j;
        while let Some(tok) = s.string(k) {
            let Some((name, version)) = coordinates(tok.text) else { break };
            if !configuration && version.is_none() {
                break;
            }
            let at = if tok.line == conf.line { start } else { line_start(s.source, tok.start) };
            b.dep_at(Ecosystem::Maven, &name, version, None, at);
            if !s.punct(k + 1, ",") {
                break;
            }
            k += 2;
        }
        return;
    }
    if !configuration {
        return;
    }
    if let Some((accessor, _)) = s.accessor(j) {
        b.dep_at(Ecosystem::Maven, &accessor, None, None, start);
        return;
    }
    if s.ident(j).is_some_and(|k| matches!(k, "group" | "name" | "version"))
        && (s.punct(j + 1, ":") || s.punct(j + 1, "="))
    {
        if let Some((name, version)) = s.map_notation(j, conf.line, paren) {
            b.dep_at(Ecosystem::Maven, &name, version, None, start);
        }
    }
}

type Table<'a> = DeTable<'a>;

fn get<'t, 'a>(table: &'t Table<'a>, key: &str) -> Option<&'t Spanned<DeValue<'a>>> {
    table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
}

fn get_str<'t>(table: &'t Table<'_>, key: &str) -> Option<&'t str> {
    get(table, key).and_then(|v| v.get_ref().as_str())
}

/// A catalog `version`: a string, `version.ref`, or a rich version table.
fn catalog_version(entry: &Table<'_>, versions: Option<&Table<'_>>) -> Option<String> {
    match get(entry, "version").map(|v| v.get_ref()) {
        Some(DeValue::String(s)) => Some(s.to_string()),
        Some(DeValue::Table(t)) => match get_str(t, "ref") {
            Some(r) => Some(
                versions
                    .and_then(|v| get(v, r))
                    .and_then(|v| version_text(v.get_ref()))
                    .unwrap_or_else(|| r.to_string()),
            ),
            None => rich_version(t),
        },
        _ => None,
    }
}

/// A `[versions]` value: `"1.0"` or a rich version table.
fn version_text(v: &DeValue<'_>) -> Option<String> {
    match v {
        DeValue::String(s) => Some(s.to_string()),
        DeValue::Table(t) => rich_version(t),
        _ => None,
    }
}

/// `{ strictly = "1.0" }`, `{ require = ... }`, `{ prefer = ... }`.
fn rich_version(t: &Table<'_>) -> Option<String> {
    ["strictly", "require", "prefer"].iter().find_map(|k| get_str(t, k)).map(str::to_string)
}

/// gradle/libs.versions.toml: `[libraries]` in string, `module` and
/// `group`+`name` notations, and `[plugins]`.
pub fn version_catalog(source: &str) -> Result<FileFacts, ExtractError> {
    let doc = DeTable::parse(source).map_err(|e| toml_error("version catalog", source, &e))?;
    let doc = doc.get_ref();
    let mut b = FactsBuilder::new(source);
    let versions = get(doc, "versions").and_then(|v| v.get_ref().as_table());
    if let Some(libraries) = get(doc, "libraries").and_then(|v| v.get_ref().as_table()) {
        for (alias, value) in libraries.iter() {
            let at = alias.span().start;
            match value.get_ref() {
                DeValue::String(s) => {
                    if let Some((name, version)) = coordinates(s) {
                        b.dep_at(Ecosystem::Maven, &name, version, None, at);
                    }
                }
                DeValue::Table(t) => {
                    let name = match (get_str(t, "module"), get_str(t, "group"), get_str(t, "name")) {
                        (Some(m), _, _) => m.to_string(),
                        (None, Some(g), Some(n)) => format!("{g}:{n}"),
                        _ => continue,
                    };
                    let version = catalog_version(t, versions);
                    b.dep_at(Ecosystem::Maven, &name, version.as_deref(), None, at);
                }
                _ => {}
            }
        }
    }
    if let Some(plugins) = get(doc, "plugins").and_then(|v| v.get_ref().as_table()) {
        for (alias, value) in plugins.iter() {
            let at = alias.span().start;
            match value.get_ref() {
                DeValue::String(s) => {
                    let (id, version) = s.split_once(':').map(|(i, v)| (i, Some(v))).unwrap_or((s, None));
                    b.dep_at(Ecosystem::Maven, id, version, None, at);
                }
                DeValue::Table(t) => {
                    if let Some(id) = get_str(t, "id") {
                        let version = catalog_version(t, versions);
                        b.dep_at(Ecosystem::Maven, id, version.as_deref(), None, at);
                    }
                }
                _ => {}
            }
        }
    }
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Dependency;

    fn deps(facts: &FileFacts) -> Vec<(&str, Option<&str>, usize)> {
        facts.dependencies.iter().map(|d: &Dependency| (d.name.as_str(), d.version.as_deref(), d.span.line)).collect()
    }

    #[test]
    fn kotlin_dsl_dependencies_in_every_notation() {
        let src = r#"plugins {
    id("com.android.application") version "8.5.0"
}
dependencies {
    implementation(libs.libsession.util.android)
    implementation("org.sessionfoundation:libsession-util-android:1.1.0-10-g6de8072")
    implementation(platform("com.google.firebase:firebase-bom:33.1.0"))
    implementation("androidx.media3:media3-session")
    playImplementation(project(":libsession-util-android"))
    "fdroidImplementation"("org.sessionfoundation:libsession-util-android:1.0")
    implementation(group = "org.signal", name = "libsignal-android", version = "0.52.0")
    testImplementation(
        "junit:junit:4.13.2"
    )
    // implementation("commented:out:1.0")
    tasks.register("a:b")
    println("x:y:z")
}
"#;
        let facts = gradle_script(src).unwrap();
        assert_eq!(
            deps(&facts),
            vec![
                ("libs.libsession.util.android", None, 5),
                ("org.sessionfoundation:libsession-util-android", Some("1.1.0-10-g6de8072"), 6),
                ("com.google.firebase:firebase-bom", Some("33.1.0"), 7),
                ("androidx.media3:media3-session", None, 8),
                (":libsession-util-android", None, 9),
                ("org.sessionfoundation:libsession-util-android", Some("1.0"), 10),
                ("org.signal:libsignal-android", Some("0.52.0"), 11),
                ("junit:junit", Some("4.13.2"), 13),
            ]
        );
        let span = facts.dependencies[1].span;
        assert_eq!(span.column, 5, "span starts at the configuration");
        assert!(facts.comments.iter().any(|c| c.text.contains("commented:out")));
    }

    #[test]
    fn groovy_dsl_and_repositories() {
        let src = "repositories {\n    maven { url 'https://oxen.rocks/session-foundation/libsession-util-android/maven' }\n    maven(\"https://jitpack.io\") { content { includeGroup(\"org.sessionfoundation\") } }\n}\ndependencies {\n    implementation 'org.sessionfoundation:libsession-util-android:1.0', 'a:b:1'\n    api group: 'org.sessionfoundation', name: 'libsession-util-android', version: '1.0'\n    implementation project(':libsession-util-android')\n    implementation project(path: ':other')\n    classpath \"com.android.tools.build:gradle:$agp\"\n}\n";
        let facts = gradle_script(src).unwrap();
        assert_eq!(
            deps(&facts),
            vec![
                ("org.sessionfoundation:libsession-util-android", Some("1.0"), 6),
                ("a:b", Some("1"), 6),
                ("org.sessionfoundation:libsession-util-android", Some("1.0"), 7),
                (":libsession-util-android", None, 8),
                (":other", None, 9),
                ("com.android.tools.build:gradle", Some("$agp"), 10),
            ]
        );
        let strings: Vec<&str> = facts.strings.iter().map(|s| s.value.as_str()).collect();
        assert!(strings.contains(&"https://oxen.rocks/session-foundation/libsession-util-android/maven"));
        assert!(strings.contains(&"org.sessionfoundation"));
        assert_eq!(facts.strings[0].span.line, 2);
    }

    #[test]
    fn settings_includes_are_local_projects() {
        let src = "rootProject.name = \"session-android\"\ninclude(\":app\", \"libsession-util-android\")\nproject(\":libsession-util-android\").projectDir = file(\"../lsa/library\")\nincludeBuild(path) { dependencySubstitution { substitute(module(\"org.sessionfoundation:libsession-util-android\")).using(project(\":library\")) } }\n";
        let facts = gradle_script(src).unwrap();
        assert_eq!(
            deps(&facts),
            vec![
                (":app", None, 2),
                (":libsession-util-android", None, 2),
                (":libsession-util-android", None, 3),
                ("org.sessionfoundation:libsession-util-android", None, 4),
                (":library", None, 4),
            ]
        );
    }

    #[test]
    fn broken_scripts_are_errors() {
        let err = gradle_script("dependencies {\n  implementation(\"a:b:1)\n}\n").unwrap_err();
        assert!(err.0.starts_with("line 2"), "{err}");
    }

    #[test]
    fn version_catalog_libraries_and_plugins() {
        let src = r#"[versions]
libsessionUtilAndroidVersion = "1.1.0-10-g6de8072"
agp = { strictly = "8.5.0" }

[libraries]
libsession-util-android = { module = "org.sessionfoundation:libsession-util-android", version.ref = "libsessionUtilAndroidVersion" }
media3-session = { group = "androidx.media3", name = "media3-session", version = "1.4.0" }
junit = "junit:junit:4.13.2"
bom = { module = "com.google.firebase:firebase-bom" }

[plugins]
android-application = { id = "com.android.application", version.ref = "agp" }
kotlin = "org.jetbrains.kotlin.android:2.0.0"
"#;
        let facts = version_catalog(src).unwrap();
        assert_eq!(
            deps(&facts),
            vec![
                ("org.sessionfoundation:libsession-util-android", Some("1.1.0-10-g6de8072"), 6),
                ("androidx.media3:media3-session", Some("1.4.0"), 7),
                ("junit:junit", Some("4.13.2"), 8),
                ("com.google.firebase:firebase-bom", None, 9),
                ("com.android.application", Some("8.5.0"), 12),
                ("org.jetbrains.kotlin.android", Some("2.0.0"), 13),
            ]
        );
        let err = version_catalog("[libraries]\nx = { module = \"a:b\"\n").unwrap_err();
        assert!(err.0.contains("line 2"), "{err}");
    }
}
