//! npm manifests: package.json, package-lock.json (v1 `dependencies`, v2/v3
//! `packages`), yarn.lock (v1 and berry), pnpm-lock.yaml and Bun's text
//! lockfile bun.lock.
//!
//! Values that are not registry versions (tarball URLs, `git+https://...`,
//! `github:owner/repo`, `owner/repo`) go into `source`; GitHub shorthands are
//! spelled out as `https://github.com/owner/repo` so that one source regex
//! covers every spelling. `npm:real@range` aliases report the real package.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::util::{indent_end, indentation, json_error, json_key_start, lines, raw_offset, unquote, FactsBuilder};
use crate::facts::{Ecosystem, FileFacts};
use crate::lang::ExtractError;

type RawMap<'a> = BTreeMap<String, &'a RawValue>;

/// Sections of package.json whose values are `name: spec` maps.
const DEPENDENCY_SECTIONS: &[&str] = &["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"];

/// Public registries: a `resolved` URL there says nothing about provenance.
const REGISTRIES: &[&str] =
    &["https://registry.npmjs.org/", "https://registry.yarnpkg.com/", "http://registry.npmjs.org/"];

/// A package name with its version range or its non-registry source.
#[derive(Debug, PartialEq, Eq)]
struct Spec {
    name: String,
    version: Option<String>,
    source: Option<String>,
}

/// Interprets the value of a `name: spec` entry the way npm does.
fn classify(name: &str, spec: &str) -> Spec {
    let spec = spec.trim();
    if let Some(aliased) = spec.strip_prefix("npm:") {
        if let Some((real, range)) = split_descriptor(aliased) {
            return Spec { name: real.to_string(), version: Some(range.to_string()), source: None };
        }
        return Spec { name: name.to_string(), version: Some(aliased.to_string()), source: None };
    }
    let source = source_of(spec);
    let version = if source.is_none() && !spec.is_empty() { Some(spec.to_string()) } else { None };
    Spec { name: name.to_string(), version, source }
}

/// The source URL or path a spec points at, or `None` for a registry range.
fn source_of(spec: &str) -> Option<String> {
    const URLISH: &[&str] = &[
        "http://",
        "https://",
        "git+",
        "git://",
        "git@",
        "ssh://",
        "file:",
        "link:",
        "portal:",
        "workspace:",
        "patch:",
    ];
    if URLISH.iter().any(|p| spec.starts_with(p)) {
        return Some(spec.to_string());
    }
    for (prefix, host) in [("github:", "github.com"), ("gitlab:", "gitlab.com"), ("bitbucket:", "bitbucket.org")] {
        if let Some(rest) = spec.strip_prefix(prefix) {
            return Some(format!("https://{host}/{rest}"));
        }
    }
    if spec.starts_with(['.', '/', '~']) {
        return Some(spec.to_string());
    }
    // `owner/repo` or `owner/repo#ref`: npm reads it as a GitHub repository.
    // Ranges never contain `/`.
    let repo = spec.split('#').next().unwrap_or(spec);
    if !spec.starts_with('@') && repo.matches('/').count() == 1 && !repo.contains(char::is_whitespace) {
        return Some(format!("https://github.com/{spec}"));
    }
    None
}

/// Splits `name@range` (the name may be scoped: `@s/n@range`).
fn split_descriptor(d: &str) -> Option<(&str, &str)> {
    let at = d.get(1..)?.find('@')? + 1;
    Some((&d[..at], &d[at + 1..]))
}

fn is_registry(url: &str) -> bool {
    REGISTRIES.iter().any(|r| url.starts_with(r))
}

fn as_string(raw: &RawValue) -> Option<String> {
    serde_json::from_str::<String>(raw.get()).ok()
}

fn as_map(raw: &RawValue) -> Option<RawMap<'_>> {
    serde_json::from_str::<RawMap<'_>>(raw.get()).ok()
}

/// package.json: every dependency section, bundled dependencies, npm
/// `overrides`, yarn `resolutions` and `pnpm.overrides`.
pub fn package_json(source: &str) -> Result<FileFacts, ExtractError> {
    let top: RawMap<'_> = serde_json::from_str(source).map_err(|e| json_error("package.json", &e))?;
    let mut b = FactsBuilder::new(source);
    if let Some(name) = top.get("name").and_then(|r| as_string(r).map(|n| (n, raw_offset(source, r)))) {
        b.package(&name.0, json_key_start(source, name.1));
    }
    for section in DEPENDENCY_SECTIONS {
        let Some(map) = top.get(*section).and_then(|r| as_map(r)) else { continue };
        for (name, raw) in map {
            let Some(spec) = as_string(raw) else { continue };
            push_spec(&mut b, source, classify(&name, &spec), raw);
        }
    }
    for section in ["bundledDependencies", "bundleDependencies"] {
        let Some(items) = top.get(section).and_then(|r| serde_json::from_str::<Vec<&RawValue>>(r.get()).ok()) else {
            continue;
        };
        for raw in items {
            if let Some(name) = as_string(raw) {
                b.dep_at(Ecosystem::Npm, &name, None, None, raw_offset(source, raw));
            }
        }
    }
    if let Some(map) = top.get("overrides").and_then(|r| as_map(r)) {
        overrides(&mut b, source, map);
    }
    if let Some(map) = top.get("resolutions").and_then(|r| as_map(r)) {
        overrides(&mut b, source, map);
    }
    if let Some(map) = top.get("pnpm").and_then(|r| as_map(r)).and_then(|p| p.get("overrides").and_then(|r| as_map(r)))
    {
        overrides(&mut b, source, map);
    }
    Ok(b.finish())
}

fn push_spec(b: &mut FactsBuilder<'_>, source: &str, spec: Spec, raw: &RawValue) {
    let start = json_key_start(source, raw_offset(source, raw));
    b.dep_at(Ecosystem::Npm, &spec.name, spec.version.as_deref(), spec.source.as_deref(), start);
}

/// The package an override or resolution key is about: `**/a`, `a/b`,
/// `a@1.x`, `@s/n@2` → `a`, `b`, `a`, `@s/n`.
fn override_target(key: &str) -> &str {
    let key = key.trim_start_matches("**/");
    let segments: Vec<&str> = key.split('/').collect();
    let last = match segments.as_slice() {
        [.., scope, _] if scope.starts_with('@') => {
            let start = key.len() - segments[segments.len() - 1].len() - scope.len() - 1;
            &key[start..]
        }
        _ => segments.last().copied().unwrap_or(key),
    };
    split_descriptor(last).map(|(n, _)| n).unwrap_or(last)
}

/// npm `overrides` (nested, with `"."` for the package itself) and yarn
/// `resolutions`; walked with an explicit stack.
fn overrides<'a>(b: &mut FactsBuilder<'_>, source: &str, map: RawMap<'a>) {
    let mut stack = vec![map];
    while let Some(map) = stack.pop() {
        for (key, raw) in map {
            if key == "." {
                continue;
            }
            let name = override_target(&key);
            if let Some(spec) = as_string(raw) {
                push_spec(b, source, classify(name, &spec), raw);
            } else if let Some(inner) = as_map(raw) {
                let version = inner.get(".").and_then(|r| as_string(r));
                let spec = classify(name, version.as_deref().unwrap_or(""));
                push_spec(b, source, spec, raw);
                stack.push(inner);
            }
        }
    }
}

#[derive(Deserialize)]
struct LockPackage {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    resolved: Option<String>,
}

#[derive(Deserialize)]
struct LockV1Entry<'a> {
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    resolved: Option<String>,
    #[serde(default, borrow)]
    dependencies: Option<&'a RawValue>,
}

/// The name a `node_modules/...` key installs: the part after the last
/// `node_modules/`.
fn installed_name(key: &str) -> Option<&str> {
    let (_, name) = key.rsplit_once("node_modules/")?;
    (!name.is_empty()).then_some(name)
}

fn lock_spec(name: &str, version: Option<&str>, resolved: Option<&str>) -> Spec {
    let mut spec = classify(name, version.unwrap_or(""));
    if let Some(url) = resolved.filter(|u| !is_registry(u)) {
        spec.source = Some(url.to_string());
    }
    spec
}

/// package-lock.json / npm-shrinkwrap.json. v2/v3 `packages` when present
/// (v2 also carries the v1 tree, which would only repeat it), else v1
/// `dependencies`, nested trees included.
pub fn package_lock(source: &str) -> Result<FileFacts, ExtractError> {
    let top: RawMap<'_> = serde_json::from_str(source).map_err(|e| json_error("package-lock.json", &e))?;
    let mut b = FactsBuilder::new(source);
    if let Some(packages) = top.get("packages").and_then(|r| as_map(r)) {
        for (key, raw) in packages {
            let Some(installed) = installed_name(&key) else { continue };
            let Ok(entry) = serde_json::from_str::<LockPackage>(raw.get()) else { continue };
            let name = entry.name.as_deref().unwrap_or(installed);
            push_spec(&mut b, source, lock_spec(name, entry.version.as_deref(), entry.resolved.as_deref()), raw);
        }
        return Ok(b.finish());
    }
    let mut stack: Vec<&RawValue> = top.get("dependencies").copied().into_iter().collect();
    while let Some(raw_map) = stack.pop() {
        let Some(map) = as_map(raw_map) else { continue };
        for (name, raw) in map {
            let Ok(entry) = serde_json::from_str::<LockV1Entry<'_>>(raw.get()) else { continue };
            push_spec(&mut b, source, lock_spec(&name, entry.version.as_deref(), entry.resolved.as_deref()), raw);
            if let Some(nested) = entry.dependencies {
                stack.push(nested);
            }
        }
    }
    Ok(b.finish())
}

/// bun.lock (Bun 1.2+, JSON with trailing commas): every installed package
/// of `packages`, whose entries are arrays starting with `name@version` or
/// `name@<source>` (`github:owner/repo#sha`, a tarball URL, `workspace:`).
/// The workspaces' requested ranges repeat package.json, which is read.
pub fn bun_lock(source: &str) -> Result<FileFacts, ExtractError> {
    // Blanking keeps offsets: positions found in `plain` are positions in `source`.
    let plain = crate::jsonc::blank(source);
    let top: RawMap<'_> = serde_json::from_str(&plain).map_err(|e| json_error("bun.lock", &e))?;
    let mut b = FactsBuilder::new(source);
    let Some(packages) = top.get("packages").and_then(|r| as_map(r)) else { return Ok(b.finish()) };
    for raw in packages.values() {
        let Ok(entry) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else { continue };
        let Some(descriptor) = entry.first().and_then(|d| as_string(d)) else { continue };
        let Some((name, version)) = split_descriptor(&descriptor) else { continue };
        push_spec(&mut b, &plain, classify(name, version), raw);
    }
    Ok(b.finish())
}

/// Splits a yarn.lock entry header into its descriptors, honouring quotes.
fn yarn_descriptors(header: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in header.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ',') => out.push(std::mem::take(&mut current)),
            (_, c) => current.push(c),
        }
    }
    if quote.is_some() {
        return Err("unterminated quoted descriptor".into());
    }
    out.push(current);
    // Berry writes `"a@npm:1, a@npm:^1"`: one quoted string with commas.
    Ok(out.iter().flat_map(|d| d.split(',')).map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect())
}

/// yarn.lock v1 (`version "x"`, `resolved "url"`) and berry (`version: x`,
/// `resolution: "name@npm:x"`). One dependency per entry, on its header line.
pub fn yarn_lock(source: &str) -> Result<FileFacts, ExtractError> {
    let mut b = FactsBuilder::new(source);
    // Whether the lines being read belong to an entry (false in __metadata).
    let mut in_entry = false;
    let mut seen_header = false;
    for (start, line) in lines(source) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('#') {
            let at = indent_end(start, line);
            b.comment(at, start + line.trim_end().len());
            continue;
        }
        if indentation(line) == 0 {
            let Some(header) = trimmed.strip_suffix(':') else {
                return Err(b.error(start, format!("expected an entry header ending in `:`, found `{trimmed}`")));
            };
            seen_header = true;
            if header == "__metadata" {
                in_entry = false;
                continue;
            }
            let descriptors = yarn_descriptors(header).map_err(|e| b.error(start, e))?;
            let Some(first) = descriptors.first() else {
                return Err(b.error(start, "empty entry header"));
            };
            let (name, range) = split_descriptor(first).unwrap_or((first.as_str(), ""));
            let range = range.strip_prefix("npm:").filter(|r| !r.contains('@')).unwrap_or(range);
            let spec = classify(name, range);
            b.dep_at(Ecosystem::Npm, &spec.name, None, spec.source.as_deref(), start);
            in_entry = true;
            continue;
        }
        if !seen_header {
            return Err(b.error(start, "indented line before any entry header"));
        }
        if !in_entry || indentation(line) > 2 {
            continue;
        }
        let (key, value) = match trimmed.split_once([' ', ':']) {
            Some((k, v)) => (k.trim_end_matches(':'), unquote(v.trim_start_matches(':').trim())),
            None => continue,
        };
        let Some(dep) = b.last_dep() else { continue };
        match key {
            "version" => dep.version = Some(value.to_string()).filter(|v| !v.is_empty()),
            "resolved" if !is_registry(value) && !value.is_empty() => dep.source = Some(value.to_string()),
            "resolution" => {
                let range = split_descriptor(value).map(|(_, r)| r).unwrap_or("");
                if !range.starts_with("npm:") && !range.is_empty() {
                    dep.source = classify(&dep.name, range).source.or(dep.source.take());
                }
            }
            _ => {}
        }
    }
    Ok(b.finish())
}

/// One `key: value` line of the block-style YAML pnpm writes.
fn yaml_entry(trimmed: &str) -> Option<(&str, &str)> {
    let (key, value) = if let Some(rest) = trimmed.strip_prefix(['\'', '"']) {
        let q = trimmed.as_bytes()[0] as char;
        let end = rest.find(q)?;
        let after = rest[end + 1..].trim_start();
        (&rest[..end], after.strip_prefix(':')?)
    } else {
        let (k, v) = trimmed.split_once(": ").or_else(|| trimmed.strip_suffix(':').map(|k| (k, "")))?;
        (k, v)
    };
    Some((key.trim(), unquote(value.trim())))
}

/// A `packages:` key of pnpm-lock.yaml: `/name/1.0.0` (v5), `/name@1.0.0`
/// (v6), `name@1.0.0` (v9), `name@https://...`, `github.com/o/r/sha`; peer
/// suffixes `(peer@1)` / `_peer@1` dropped.
fn pnpm_package_key(key: &str) -> Spec {
    let key = key.strip_prefix('/').unwrap_or(key);
    let key = key.split('(').next().unwrap_or(key);
    let segments: Vec<&str> = key.split('/').collect();
    let name_len = if key.starts_with('@') { 2 } else { 1 };
    // v5: `name/1.0.0` or `@s/name/1.0.0`, peers after `_`.
    if segments.len() == name_len + 1
        && !segments[..name_len].iter().any(|s| s.get(1..).is_some_and(|s| s.contains('@')))
        && segments[name_len].starts_with(|c: char| c.is_ascii_digit())
    {
        let version = segments[name_len].split('_').next().unwrap_or("");
        return Spec { name: segments[..name_len].join("/"), version: Some(version.to_string()), source: None };
    }
    if let Some((name, rest)) = split_descriptor(key) {
        return classify(name, rest);
    }
    if segments.first().is_some_and(|s| s.contains('.')) {
        // `github.com/owner/repo/commit`: a git dependency.
        let name = segments.get(2).copied().unwrap_or(key);
        return Spec { name: name.to_string(), version: None, source: Some(format!("https://{key}")) };
    }
    Spec { name: key.to_string(), version: None, source: None }
}

/// pnpm-lock.yaml, read line by line: importer dependency maps (v6+),
/// top-level dependency maps (v5), and `packages:` with tarball or git
/// resolutions. `snapshots:` (v9) only repeats `packages:`.
pub fn pnpm_lock(source: &str) -> Result<FileFacts, ExtractError> {
    const SECTIONS: &[&str] = &["dependencies", "devDependencies", "optionalDependencies"];
    let mut b = FactsBuilder::new(source);
    let mut stack: Vec<(usize, String)> = Vec::new();
    for (start, line) in lines(source) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let at = indent_end(start, line);
        if trimmed.starts_with('#') {
            b.comment(at, start + line.trim_end().len());
            continue;
        }
        if trimmed.starts_with("- ") || trimmed == "-" {
            continue;
        }
        let indent = indentation(line);
        // pnpm 10 with config dependencies writes two YAML documents: the
        // environment lockfile (pnpm itself), `---`, then the project's.
        if indent == 0 && (trimmed == "---" || trimmed == "...") {
            stack.clear();
            continue;
        }
        let Some((key, value)) = yaml_entry(trimmed) else {
            return Err(b.error(start, format!("expected `key: value`, found `{trimmed}`")));
        };
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        let path: Vec<&str> = stack.iter().map(|(_, k)| k.as_str()).collect();
        match path.as_slice() {
            [section] | ["importers", _, section] if SECTIONS.contains(section) => {
                let spec = classify(key, value);
                b.dep_at(Ecosystem::Npm, &spec.name, spec.version.as_deref(), spec.source.as_deref(), at);
            }
            [section, _] | ["importers", _, section, _] if SECTIONS.contains(section) => {
                if let (Some(dep), "specifier" | "version") = (b.last_dep(), key) {
                    let spec = classify(&dep.name, value);
                    if key == "version" || dep.version.is_none() {
                        dep.version = spec.version.or(dep.version.take());
                    }
                    dep.source = spec.source.or(dep.source.take());
                }
            }
            ["packages"] => {
                let spec = pnpm_package_key(key);
                b.dep_at(Ecosystem::Npm, &spec.name, spec.version.as_deref(), spec.source.as_deref(), at);
            }
            ["packages", _] => {
                let Some(dep) = b.last_dep() else { continue };
                match key {
                    "name" if !value.is_empty() => dep.name = value.to_string(),
                    "version" if !value.is_empty() => dep.version = Some(value.to_string()),
                    "resolution" => {
                        for field in value.trim_matches(['{', '}']).split(',') {
                            if let Some((k, v)) = field.split_once(':') {
                                if matches!(k.trim(), "tarball" | "repo") {
                                    dep.source = Some(unquote(v.trim()).to_string());
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        stack.push((indent, key.to_string()));
    }
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Dependency;

    const TARBALL: &str = "https://github.com/session-foundation/libsession-util-nodejs/releases/download/v0.6.17/libsession_util_nodejs-v0.6.17.tar.gz";

    fn find<'a>(deps: &'a [Dependency], name: &str) -> &'a Dependency {
        deps.iter().find(|d| d.name == name).unwrap_or_else(|| panic!("no dependency {name} in {deps:#?}"))
    }

    #[test]
    fn bun_lock_reads_installed_packages_with_sources_and_lines() {
        let src = format!(
            r#"{{
  // Bun writes JSON with trailing commas; comments are allowed too.
  "lockfileVersion": 1,
  "workspaces": {{ "": {{ "name": "bot", "dependencies": {{ "@session.js/client": "^0.0.54", }}, }}, }},
  "packages": {{
    "@session.js/client": ["@session.js/client@0.0.54", "", {{ "dependencies": {{ "ky": "^1" }} }}, "sha512-x"],
    "@session.js/client/ky": ["ky@1.7.2", "", {{}}, "sha512-y"],
    "addon": ["libsession_util_nodejs@{TARBALL}", {{}}],
    "fork": ["fork@github:oxen-io/session-fork#4f1c2d9", {{}}, "oxen-io-session-fork-4f1c2d9"],
    "local": ["local@workspace:packages/local"],
    "odd": 42,
    "empty": [],
  }},
}}"#
        );
        let facts = bun_lock(&src).unwrap();
        let deps = &facts.dependencies;
        let client = find(deps, "@session.js/client");
        assert_eq!((client.version.as_deref(), client.span.line), (Some("0.0.54"), 6));
        // A nested install is named by its descriptor, not its key.
        assert_eq!(find(deps, "ky").version.as_deref(), Some("1.7.2"));
        let addon = find(deps, "libsession_util_nodejs");
        assert_eq!((addon.source.as_deref(), addon.span.line), (Some(TARBALL), 8));
        assert_eq!(find(deps, "fork").source.as_deref(), Some("https://github.com/oxen-io/session-fork#4f1c2d9"));
        assert_eq!(find(deps, "local").source.as_deref(), Some("workspace:packages/local"));
        // The workspace's requested ranges repeat package.json: not reported twice.
        assert_eq!(deps.iter().filter(|d| d.name == "@session.js/client").count(), 1);
        assert_eq!(deps.len(), 5);

        let err = bun_lock("{\n  \"packages\": {\n    \"a\": [\"a@1\"\n").unwrap_err();
        assert!(err.0.starts_with("invalid bun.lock: line 4"), "{}", err.0);
    }

    #[test]
    fn package_json_reads_every_section_with_sources_and_lines() {
        let src = format!(
            r#"{{
  "name": "session-desktop",
  "dependencies": {{
    "libsession_util_nodejs": "{TARBALL}",
    "curve25519-js": "github:session-foundation/curve25519-js",
    "sharp": "session-foundation/sharp#v0.33",
    "forked": "git+https://github.com/oxen-io/session-forked.git#abc",
    "react": "^18.2.0"
  }},
  "devDependencies": {{ "@session.js/client": "npm:@session.js/client@0.0.54" }},
  "peerDependencies": {{ "electron": ">=30" }},
  "optionalDependencies": {{ "fsevents": "2.3.3" }},
  "bundledDependencies": ["react"],
  "overrides": {{ "semver": "7.5.4", "foo": {{ ".": "1.0.0", "bar": "2.0.0" }} }},
  "resolutions": {{ "**/@types/node": "20.0.0" }}
}}"#
        );
        let facts = package_json(&src).unwrap();
        let deps = &facts.dependencies;
        let lib = find(deps, "libsession_util_nodejs");
        assert_eq!(lib.source.as_deref(), Some(TARBALL));
        assert_eq!(lib.version, None);
        assert_eq!((lib.span.line, lib.span.column), (4, 5));
        assert_eq!(
            find(deps, "curve25519-js").source.as_deref(),
            Some("https://github.com/session-foundation/curve25519-js")
        );
        assert_eq!(find(deps, "sharp").source.as_deref(), Some("https://github.com/session-foundation/sharp#v0.33"));
        assert!(find(deps, "forked").source.as_deref().unwrap().starts_with("git+https://github.com/oxen-io/"));
        assert_eq!(find(deps, "react").version.as_deref(), Some("^18.2.0"));
        assert_eq!(find(deps, "@session.js/client").version.as_deref(), Some("0.0.54"));
        for name in ["electron", "fsevents", "semver", "foo", "bar", "@types/node"] {
            find(deps, name);
        }
        assert_eq!(find(deps, "foo").version.as_deref(), Some("1.0.0"));
        assert_eq!(deps.iter().filter(|d| d.name == "react").count(), 2, "declared and bundled");
        assert_eq!(facts.package.as_ref().map(|p| p.name.as_str()), Some("session-desktop"));
    }

    #[test]
    fn broken_package_json_is_an_error_with_its_line() {
        let err = package_json("{\n  \"dependencies\": {\n    \"a\": \"1\",\n  }\n}").unwrap_err();
        assert!(err.0.contains("line 4"), "{err}");
        assert!(package_json("[1, 2]").is_err());
        // A section of the wrong type is skipped, not fatal.
        assert!(package_json(r#"{"dependencies": ["a"]}"#).unwrap().dependencies.is_empty());
    }

    #[test]
    fn package_lock_v3_reads_packages_with_resolved_urls() {
        let src = format!(
            r#"{{
  "name": "app", "lockfileVersion": 3,
  "packages": {{
    "": {{ "name": "app", "dependencies": {{ "libsession_util_nodejs": "{TARBALL}" }} }},
    "node_modules/libsession_util_nodejs": {{
      "version": "0.6.17",
      "resolved": "{TARBALL}"
    }},
    "node_modules/a/node_modules/@session.js/client": {{ "version": "0.0.54", "resolved": "https://registry.npmjs.org/@session.js/client/-/client-0.0.54.tgz" }},
    "node_modules/alias": {{ "name": "real", "version": "1.0.0" }}
  }},
  "dependencies": {{ "ignored-v1-tree": {{ "version": "1.0.0" }} }}
}}"#
        );
        let facts = package_lock(&src).unwrap();
        let names: Vec<&str> = facts.dependencies.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, vec!["libsession_util_nodejs", "@session.js/client", "real"]);
        let lib = &facts.dependencies[0];
        assert_eq!((lib.version.as_deref(), lib.source.as_deref(), lib.span.line), (Some("0.6.17"), Some(TARBALL), 5));
        assert_eq!(facts.dependencies[1].source, None, "registry URLs are not a source");
    }

    #[test]
    fn minified_lockfiles_point_at_each_key() {
        let entry = |i: usize| format!("\"node_modules/p{i}\":{{\"version\":\"1.0.{i}\"}}");
        let entries: Vec<String> = (0..200).map(entry).collect();
        let src = format!("{{\"lockfileVersion\":3,\"packages\":{{{}}}}}", entries.join(","));
        let facts = package_lock(&src).unwrap();
        assert_eq!(facts.dependencies.len(), 200);
        for d in &facts.dependencies {
            let key = format!("\"node_modules/{}\"", d.name);
            let at = src.find(&key).unwrap();
            assert_eq!((d.span.line, d.span.column), (1, at + 1), "{}", d.name);
            assert!(d.span.end_byte - d.span.start_byte <= 512, "spans stay short on a minified line");
        }
    }

    #[test]
    fn package_lock_v1_walks_nested_trees() {
        let src = r#"{
  "lockfileVersion": 1,
  "dependencies": {
    "outer": {
      "version": "github:session-foundation/outer#abc",
      "dependencies": {
        "inner": { "version": "2.0.0", "resolved": "https://codeload.github.com/oxen-io/session-inner/tar.gz/abc" }
      }
    }
  }
}"#;
        let facts = package_lock(src).unwrap();
        let outer = find(&facts.dependencies, "outer");
        assert_eq!(outer.source.as_deref(), Some("https://github.com/session-foundation/outer#abc"));
        let inner = find(&facts.dependencies, "inner");
        assert_eq!(inner.span.line, 7);
        assert!(inner.source.as_deref().unwrap().contains("oxen-io/session-inner"));
        assert!(package_lock("{\"packages\": {").unwrap_err().0.contains("line 1"));
    }

    #[test]
    fn yarn_v1_and_berry_entries() {
        let v1 = format!(
            "# yarn lockfile v1\n\n\n\"@session.js/client@^0.0.54\", \"@session.js/client@^0.0.50\":\n  version \"0.0.54\"\n  resolved \"https://registry.yarnpkg.com/@session.js/client/-/client-0.0.54.tgz#abc\"\n  dependencies:\n    bun \"^1\"\n\nlibsession_util_nodejs@{TARBALL}:\n  version \"0.6.17\"\n  resolved \"{TARBALL}\"\n"
        );
        let facts = yarn_lock(&v1).unwrap();
        assert_eq!(facts.dependencies.len(), 2);
        let client = &facts.dependencies[0];
        assert_eq!(
            (client.name.as_str(), client.version.as_deref(), client.source.as_deref()),
            ("@session.js/client", Some("0.0.54"), None)
        );
        assert_eq!(client.span.line, 4);
        assert_eq!(facts.dependencies[1].source.as_deref(), Some(TARBALL));
        assert_eq!(facts.comments.len(), 1);

        let berry = "__metadata:\n  version: 6\n  cacheKey: 8\n\n\"express-session@npm:^1.17.3\":\n  version: 1.17.3\n  resolution: \"express-session@npm:1.17.3\"\n\n\"sharp@https://github.com/session-foundation/sharp.git#commit=abc\":\n  version: 0.33.0\n  resolution: \"sharp@https://github.com/session-foundation/sharp.git#commit=abc\"\n";
        let facts = yarn_lock(berry).unwrap();
        assert_eq!(facts.dependencies.len(), 2);
        assert_eq!(facts.dependencies[0].name, "express-session");
        assert_eq!(facts.dependencies[0].version.as_deref(), Some("1.17.3"));
        assert_eq!(facts.dependencies[0].source, None);
        assert!(facts.dependencies[1].source.as_deref().unwrap().contains("session-foundation/sharp"));
    }

    #[test]
    fn truncated_yarn_lock_is_an_error() {
        let err = yarn_lock("# yarn lockfile v1\n\n\"left-pad@^1.0.0\n").unwrap_err();
        assert!(err.0.starts_with("line 3"), "{err}");
        assert!(yarn_lock("  version \"1\"\n").is_err());
    }

    #[test]
    fn pnpm_importers_and_packages() {
        let src = format!(
            "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      libsession_util_nodejs:\n        specifier: {TARBALL}\n        version: {TARBALL}\n      react:\n        specifier: ^18.2.0\n        version: 18.2.0\n\npackages:\n\n  libsession_util_nodejs@{TARBALL}:\n    resolution: {{tarball: {TARBALL}}}\n    version: 0.6.17\n\n  '@session.js/client@0.0.54':\n    resolution: {{integrity: sha512-abc}}\n\n  /express-session/1.17.3_supports-color@8:\n    resolution: {{integrity: sha512-x}}\n\nsnapshots:\n\n  react@18.2.0: {{}}\n"
        );
        let facts = pnpm_lock(&src).unwrap();
        let got: Vec<(&str, Option<&str>, usize)> =
            facts.dependencies.iter().map(|d| (d.name.as_str(), d.version.as_deref(), d.span.line)).collect();
        assert_eq!(
            got,
            vec![
                ("libsession_util_nodejs", None, 7),
                ("react", Some("18.2.0"), 10),
                ("libsession_util_nodejs", Some("0.6.17"), 16),
                ("@session.js/client", Some("0.0.54"), 20),
                ("express-session", Some("1.17.3"), 23),
            ]
        );
        assert_eq!(facts.dependencies[0].source.as_deref(), Some(TARBALL));
        assert_eq!(facts.dependencies[2].source.as_deref(), Some(TARBALL));
        assert!(pnpm_lock("packages:\n  'broken@1.0.0\n").is_err());
    }

    #[test]
    fn specs_are_classified_like_npm_does() {
        assert_eq!(classify("a", "^1.2.3").version.as_deref(), Some("^1.2.3"));
        assert_eq!(classify("a", "latest").source, None);
        assert_eq!(classify("a", "o/r").source.as_deref(), Some("https://github.com/o/r"));
        assert_eq!(classify("a", "file:../a").source.as_deref(), Some("file:../a"));
        assert_eq!(classify("a", "npm:@s/b@^2").name, "@s/b");
        assert_eq!(override_target("**/@s/n@2"), "@s/n");
        assert_eq!(override_target("a/b"), "b");
    }

    #[test]
    fn pnpm_lock_with_an_environment_document_reads_both() {
        // pnpm 10 puts its own version (config dependencies) in a first YAML
        // document; the project's dependencies follow after `---`.
        let src = "---\nlockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    packageManagerDependencies:\n      pnpm:\n        specifier: 10.12.1\n        version: 10.12.1\n\npackages:\n\n  pnpm@10.12.1:\n    resolution: {integrity: sha512-x}\n\n---\nlockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      '@session.js/client':\n        specifier: 0.0.54\n        version: 0.0.54\n";
        let facts = pnpm_lock(src).unwrap();
        let got: Vec<(&str, usize)> = facts.dependencies.iter().map(|d| (d.name.as_str(), d.span.line)).collect();
        assert_eq!(got, vec![("pnpm", 14), ("@session.js/client", 24)]);
    }
}
