//! Cargo: Cargo.toml (every dependency table, target-specific ones,
//! `[workspace.dependencies]`, `[patch.*]`) and Cargo.lock (`[[package]]`).
//!
//! Dependencies (ecosystem `cargo`) are named by the crate they pull in
//! (`package = "real"` wins over the key); `git` or `path` is the source.
//! Registry sources in Cargo.lock (crates.io) are left out.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::util::{toml_error, FactsBuilder};
use crate::facts::{Ecosystem, FileFacts};
use crate::lang::ExtractError;

const TABLES: &[&str] =
    &["dependencies", "dev-dependencies", "dev_dependencies", "build-dependencies", "build_dependencies"];

const CRATES_IO: &[&str] =
    &["registry+https://github.com/rust-lang/crates.io-index", "sparse+https://index.crates.io/"];

fn get<'t, 'a>(table: &'t DeTable<'a>, key: &str) -> Option<&'t Spanned<DeValue<'a>>> {
    table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
}

fn get_table<'t, 'a>(table: &'t DeTable<'a>, key: &str) -> Option<&'t DeTable<'a>> {
    get(table, key).and_then(|v| v.get_ref().as_table())
}

fn get_str<'t>(table: &'t DeTable<'_>, key: &str) -> Option<&'t str> {
    get(table, key).and_then(|v| v.get_ref().as_str())
}

/// Every `name = spec` of one dependency table.
fn dependency_table(b: &mut FactsBuilder<'_>, table: &DeTable<'_>) {
    for (key, value) in table.iter() {
        let at = key.span().start;
        match value.get_ref() {
            DeValue::String(version) => b.dep_at(Ecosystem::Cargo, key.get_ref(), Some(version), None, at),
            DeValue::Table(spec) => {
                let name = get_str(spec, "package").unwrap_or(key.get_ref());
                let version =
                    get_str(spec, "version").or_else(|| ["tag", "branch", "rev"].iter().find_map(|k| get_str(spec, k)));
                let source = get_str(spec, "git").or_else(|| get_str(spec, "path"));
                b.dep_at(Ecosystem::Cargo, name, version, source, at);
            }
            _ => {}
        }
    }
}

fn dependency_tables(b: &mut FactsBuilder<'_>, parent: &DeTable<'_>) {
    for name in TABLES {
        if let Some(t) = get_table(parent, name) {
            dependency_table(b, t);
        }
    }
}

pub fn cargo_toml(source: &str) -> Result<FileFacts, ExtractError> {
    let doc = DeTable::parse(source).map_err(|e| toml_error("Cargo.toml", source, &e))?;
    let doc = doc.get_ref();
    let mut b = FactsBuilder::new(source);
    if let Some(name) = get_table(doc, "package").and_then(|p| get(p, "name")) {
        if let Some(n) = name.get_ref().as_str() {
            b.package(n, name.span().start);
        }
    }
    dependency_tables(&mut b, doc);
    if let Some(targets) = get_table(doc, "target") {
        for (_, target) in targets.iter() {
            if let Some(t) = target.get_ref().as_table() {
                dependency_tables(&mut b, t);
            }
        }
    }
    if let Some(workspace) = get_table(doc, "workspace") {
        if let Some(t) = get_table(workspace, "dependencies") {
            dependency_table(&mut b, t);
        }
    }
    if let Some(patches) = get_table(doc, "patch") {
        for (_, registry) in patches.iter() {
            if let Some(t) = registry.get_ref().as_table() {
                dependency_table(&mut b, t);
            }
        }
    }
    Ok(b.finish())
}

pub fn cargo_lock(source: &str) -> Result<FileFacts, ExtractError> {
    let doc = DeTable::parse(source).map_err(|e| toml_error("Cargo.lock", source, &e))?;
    let doc = doc.get_ref();
    let mut b = FactsBuilder::new(source);
    let Some(packages) = get(doc, "package").and_then(|p| p.get_ref().as_array()) else {
        return Ok(b.finish());
    };
    for package in packages.iter() {
        let Some(p) = package.get_ref().as_table() else { continue };
        let Some(name) = get(p, "name") else { continue };
        let Some(n) = name.get_ref().as_str() else { continue };
        let src = get_str(p, "source").filter(|s| !CRATES_IO.iter().any(|r| s.starts_with(r)));
        let at =
            p.iter().find(|(k, _)| k.get_ref() == "name").map(|(k, _)| k.span().start).unwrap_or(name.span().start);
        b.dep_at(Ecosystem::Cargo, n, get_str(p, "version"), src, at);
    }
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::test_support::deps;

    #[test]
    fn every_dependency_table() {
        let src = r#"[package]
name = "bot"

[dependencies]
tower-sessions = "0.12"
matrix = { package = "matrix-sdk", version = "0.7" }
sodium = { git = "https://github.com/session-foundation/sodiumoxide", branch = "session" }

[dev-dependencies.tokio]
version = "1"

[target.'cfg(unix)'.build-dependencies]
cc = "1"

[workspace.dependencies]
serde = { version = "1" }

[patch.crates-io]
curve25519-dalek = { git = "https://github.com/oxen-io/session-curve25519-dalek" }
"#;
        let facts = cargo_toml(src).unwrap();
        let mut got = deps(&facts);
        got.sort_by_key(|d| d.3);
        assert_eq!(
            got,
            vec![
                ("tower-sessions", Some("0.12"), None, 5),
                ("matrix-sdk", Some("0.7"), None, 6),
                ("sodium", Some("session"), Some("https://github.com/session-foundation/sodiumoxide"), 7),
                ("tokio", Some("1"), None, 9),
                ("cc", Some("1"), None, 13),
                ("serde", Some("1"), None, 16),
                ("curve25519-dalek", None, Some("https://github.com/oxen-io/session-curve25519-dalek"), 19),
            ]
        );
        assert_eq!(facts.package.as_ref().map(|p| p.name.as_str()), Some("bot"));
        assert!(cargo_toml("[dependencies]\nx = \"1\"\ny = {\n").unwrap_err().0.contains("line 3"));
    }

    #[test]
    fn lockfile_packages() {
        let src = "version = 3\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[[package]]\nname = \"sodium\"\nversion = \"0.2.0\"\nsource = \"git+https://github.com/session-foundation/sodiumoxide?branch=session#abc\"\n";
        let facts = cargo_lock(src).unwrap();
        assert_eq!(
            deps(&facts),
            vec![
                ("serde", Some("1.0.0"), None, 4),
                (
                    "sodium",
                    Some("0.2.0"),
                    Some("git+https://github.com/session-foundation/sodiumoxide?branch=session#abc"),
                    9
                ),
            ]
        );
        assert!(cargo_lock("[[package]]\nname = \"x\nversion").is_err());
    }
}
