//! Which module a finding belongs to, for grouping tickets and summaries.
//!
//! A module is the nearest directory below the scan root that holds a
//! package manifest (named after the package when the manifest says so:
//! `package.json` `name`, `Cargo.toml` `[package] name`, `pyproject.toml`
//! `[project] name` or `[tool.poetry] name`; named after the directory for
//! Gradle, SwiftPM, setup.py and Maven projects). Without such a manifest it
//! is the top-level directory of the path. A manifest at the scan root itself
//! does not count: it names the whole project, not a part of it. When the
//! report's files are not on disk (a JSON report from elsewhere), only
//! top-level directories are used.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Manifests that mark a package directory, in the order they are read.
const MANIFESTS: &[&str] = &[
    "package.json",
    "Cargo.toml",
    "pyproject.toml",
    "build.gradle.kts",
    "build.gradle",
    "Package.swift",
    "setup.py",
    "pom.xml",
];

/// Manifests larger than this are not read for a name (the directory is used).
const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;
/// Package names longer than this are not believed (the directory is used).
const MAX_NAME_CHARS: usize = 120;

/// The label of files directly in the scan root.
pub const ROOT_MODULE: &str = "(root)";

/// A part of the scanned tree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Module {
    /// The package name, or the directory when there is none.
    pub name: String,
    /// The directory, relative to the scan root, `/`-separated (empty for the root).
    pub dir: String,
}

impl Module {
    /// How to name the module in a sentence: `bot/` for a directory,
    /// `@acme/bot` for a package.
    pub fn label(&self) -> String {
        if self.dir.is_empty() {
            ROOT_MODULE.to_string()
        } else if self.name == self.dir {
            format!("{}/", self.dir)
        } else {
            self.name.clone()
        }
    }
}

/// Assigns paths to modules; caches what it reads from disk.
#[derive(Debug, Default)]
pub struct Modules {
    /// Where the report's relative paths live; `None`: top-level directories only.
    base: Option<PathBuf>,
    /// Directory (relative) → whether it is a package, and its name.
    cache: Mutex<HashMap<String, Option<String>>>,
}

impl Modules {
    /// Modules named after the manifests under `base`.
    pub fn from_disk(base: PathBuf) -> Modules {
        Modules { base: Some(base), cache: Mutex::default() }
    }

    /// The directory a scan of `paths` reports paths relative to: the root
    /// itself for one directory, the working directory for several roots
    /// (their paths are prefixed with the root), none for a single file.
    pub fn source_root(paths: &[PathBuf]) -> Option<PathBuf> {
        match paths {
            [one] if one.is_dir() => Some(one.clone()),
            [_] | [] => None,
            _ => Some(PathBuf::from(".")),
        }
    }

    /// The module of `path` (relative, `/`-separated).
    pub fn of(&self, path: &str) -> Module {
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        if parts.len() < 2 {
            return Module { name: ROOT_MODULE.to_string(), dir: String::new() };
        }
        if self.base.is_some() {
            // Nearest first: a/b/c.ts tries a/b, then a.
            for end in (1..parts.len()).rev() {
                let dir = parts[..end].join("/");
                if let Some(name) = self.package_at(&dir) {
                    return Module { name, dir };
                }
            }
        }
        let top = parts[0].to_string();
        Module { name: top.clone(), dir: top }
    }

    /// The package name of `dir` if it holds a manifest.
    fn package_at(&self, dir: &str) -> Option<String> {
        let base = self.base.as_deref()?;
        if let Ok(cache) = self.cache.lock() {
            if let Some(hit) = cache.get(dir) {
                return hit.clone();
            }
        }
        let found = read_package(&base.join(dir), dir);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(dir.to_string(), found.clone());
        }
        found
    }
}

/// Reads the package name of the manifest in `dir`; `rel` names the module
/// when the manifest has no name.
fn read_package(dir: &Path, rel: &str) -> Option<String> {
    for manifest in MANIFESTS {
        let path = dir.join(manifest);
        let Ok(meta) = std::fs::metadata(&path) else { continue };
        if !meta.is_file() {
            continue;
        }
        let name = if meta.len() <= MAX_MANIFEST_BYTES {
            std::fs::read_to_string(&path).ok().and_then(|text| package_name(manifest, &text))
        } else {
            None
        };
        return Some(
            name.filter(|n| !n.trim().is_empty() && n.chars().count() <= MAX_NAME_CHARS)
                .unwrap_or_else(|| rel.to_string()),
        );
    }
    None
}

/// The package name a manifest declares, if it is one that declares one.
fn package_name(manifest: &str, text: &str) -> Option<String> {
    let string = |v: Option<&toml::Value>| v.and_then(|v| v.as_str()).map(str::to_string);
    match manifest {
        "package.json" => {
            let json: serde_json::Value = serde_json::from_str(text).ok()?;
            json.get("name")?.as_str().map(str::to_string)
        }
        "Cargo.toml" => {
            let toml: toml::Table = toml::from_str(text).ok()?;
            string(toml.get("package").and_then(|p| p.get("name")))
        }
        "pyproject.toml" => {
            let toml: toml::Table = toml::from_str(text).ok()?;
            string(toml.get("project").and_then(|p| p.get("name")))
                .or_else(|| string(toml.get("tool").and_then(|t| t.get("poetry")).and_then(|p| p.get("name"))))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_disk_modules_are_top_level_directories() {
        let m = Modules::default();
        assert_eq!(m.of("bot/src/index.ts").label(), "bot/");
        assert_eq!(m.of("index.ts").label(), ROOT_MODULE);
        assert_eq!(m.of("index.ts").dir, "");
    }

    #[test]
    fn nearest_manifest_names_the_module() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path();
        std::fs::create_dir_all(root.join("packages/bot/src")).expect("mkdir");
        std::fs::create_dir_all(root.join("packages/site/src")).expect("mkdir");
        std::fs::create_dir_all(root.join("android/app/src")).expect("mkdir");
        std::fs::create_dir_all(root.join("tools")).expect("mkdir");
        std::fs::write(root.join("package.json"), r#"{"name": "whole-repo"}"#).expect("write");
        std::fs::write(root.join("packages/bot/package.json"), r#"{"name": "@acme/bot"}"#).expect("write");
        std::fs::write(root.join("packages/site/package.json"), "{not json").expect("write");
        std::fs::write(root.join("android/app/build.gradle.kts"), "plugins {}").expect("write");
        let m = Modules::from_disk(root.to_path_buf());
        let bot = m.of("packages/bot/src/index.ts");
        assert_eq!((bot.name.as_str(), bot.dir.as_str()), ("@acme/bot", "packages/bot"));
        assert_eq!(bot.label(), "@acme/bot");
        // An unreadable manifest still marks the package; the directory names it.
        assert_eq!(m.of("packages/site/src/a.ts").label(), "packages/site/");
        assert_eq!(m.of("android/app/src/Main.kt").label(), "android/app/");
        // The root manifest does not make everything one module.
        assert_eq!(m.of("tools/gen.js").label(), "tools/");
        assert_eq!(m.of("index.js").label(), ROOT_MODULE);
    }

    #[test]
    fn cargo_and_pyproject_names() {
        assert_eq!(package_name("Cargo.toml", "[package]\nname = \"relay\"\n").as_deref(), Some("relay"));
        assert_eq!(package_name("Cargo.toml", "[workspace]\nmembers = []\n"), None);
        assert_eq!(package_name("pyproject.toml", "[project]\nname = \"bridge\"\n").as_deref(), Some("bridge"));
        assert_eq!(package_name("pyproject.toml", "[tool.poetry]\nname = \"old\"\n").as_deref(), Some("old"));
    }
}
