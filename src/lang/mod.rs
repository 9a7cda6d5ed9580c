//! Classification of files and dispatch to the per-language fact extractors.
//!
//! Each language module exposes `pub fn extract(source: &str) -> Result<FileFacts, ExtractError>`.
//! Parsers live in `thread_local!`s inside those modules and compiled queries
//! in `LazyLock`s, so nothing is built per file.

pub mod cpp;
pub mod java;
pub mod javascript;
pub mod kotlin;
pub mod python;
pub mod rust;
pub mod swift;
pub mod ts_util;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::facts::FileFacts;
use crate::manifest::{self, ManifestKind};

/// A source language with a parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    JavaScript,
    TypeScript,
    Tsx,
    Kotlin,
    Java,
    Swift,
    C,
    Cpp,
    Python,
    Rust,
}

impl Language {
    pub const ALL: [Language; 10] = [
        Language::JavaScript,
        Language::TypeScript,
        Language::Tsx,
        Language::Kotlin,
        Language::Java,
        Language::Swift,
        Language::C,
        Language::Cpp,
        Language::Python,
        Language::Rust,
    ];

    /// The name used in rule files and reports.
    pub fn name(self) -> &'static str {
        match self {
            Language::JavaScript => "javascript",
            Language::TypeScript => "typescript",
            Language::Tsx => "tsx",
            Language::Kotlin => "kotlin",
            Language::Java => "java",
            Language::Swift => "swift",
            Language::C => "c",
            Language::Cpp => "cpp",
            Language::Python => "python",
            Language::Rust => "rust",
        }
    }

    pub fn from_name(name: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.name() == name)
    }

    /// The line-comment leader used to write a suppression in this language.
    pub fn line_comment(self) -> &'static str {
        match self {
            Language::Python => "#",
            _ => "//",
        }
    }

    fn from_extension(ext: &str) -> Option<Language> {
        Some(match ext {
            "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript,
            "ts" | "mts" | "cts" => Language::TypeScript,
            "tsx" => Language::Tsx,
            "kt" | "kts" => Language::Kotlin,
            "java" => Language::Java,
            "swift" => Language::Swift,
            "c" => Language::C,
            // Headers are parsed as C++: libsession's headers mix both, and the
            // C++ grammar accepts nearly all C.
            "h" | "hh" | "hpp" | "hxx" | "cc" | "cpp" | "cxx" | "c++" | "ipp" | "inl" | "mm" | "m" => Language::Cpp,
            "py" | "pyi" => Language::Python,
            "rs" => Language::Rust,
            _ => return None,
        })
    }
}

/// What a file is, as far as scanning goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Source(Language),
    Manifest(ManifestKind),
}

impl FileKind {
    /// The name reported in findings and matched against rule `languages`.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Source(l) => l.name(),
            FileKind::Manifest(_) => "manifest",
        }
    }

    /// Line-comment leader for suppressions written into this file; `None`
    /// for formats without comments (JSON).
    pub fn line_comment(self) -> Option<&'static str> {
        match self {
            FileKind::Source(l) => Some(l.line_comment()),
            FileKind::Manifest(m) => m.line_comment(),
        }
    }
}

/// Decides from the file name alone; manifests win over extensions
/// (`build.gradle.kts` is a manifest, not Kotlin source). Names that are not
/// UTF-8 are read lossily: `caf\xe9.ts` is still TypeScript.
pub fn classify(path: &Path) -> Option<FileKind> {
    let file_name = path.file_name()?.to_string_lossy();
    if let Some(kind) = ManifestKind::from_file_name(&file_name) {
        return Some(FileKind::Manifest(kind));
    }
    // Lower-cased on the stack: this runs for every file of the tree.
    let ext = path.extension()?.to_str()?;
    let mut lower = [0u8; 8];
    let lower = lower.get_mut(..ext.len())?; // no known extension is longer
    lower.copy_from_slice(ext.as_bytes());
    lower.make_ascii_lowercase();
    Language::from_extension(std::str::from_utf8(lower).ok()?).map(FileKind::Source)
}

/// Why facts could not be extracted from a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ExtractError(pub String);

/// Extracts the facts of one file.
pub fn extract(kind: FileKind, source: &str) -> Result<FileFacts, ExtractError> {
    crate::isolate::test_panic(source);
    match kind {
        FileKind::Source(lang) => match lang {
            Language::JavaScript => javascript::extract(source, javascript::Dialect::JavaScript),
            Language::TypeScript => javascript::extract(source, javascript::Dialect::TypeScript),
            Language::Tsx => javascript::extract(source, javascript::Dialect::Tsx),
            Language::Kotlin => kotlin::extract(source),
            Language::Java => java::extract(source),
            Language::Swift => swift::extract(source),
            Language::C => cpp::extract(source, cpp::Dialect::C),
            Language::Cpp => cpp::extract(source, cpp::Dialect::Cpp),
            Language::Python => python::extract(source),
            Language::Rust => rust::extract(source),
        },
        FileKind::Manifest(m) => manifest::extract(m, source),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_win_over_extensions() {
        assert!(matches!(classify(Path::new("app/build.gradle.kts")), Some(FileKind::Manifest(_))));
        assert_eq!(classify(Path::new("src/Foo.kt")), Some(FileKind::Source(Language::Kotlin)));
        assert_eq!(classify(Path::new("include/session/config.h")), Some(FileKind::Source(Language::Cpp)));
        assert_eq!(classify(Path::new("README.md")), None);
        assert_eq!(classify(Path::new("Legacy.JAVA")), Some(FileKind::Source(Language::Java)));
        assert_eq!(classify(Path::new("notes.averylongextension")), None);
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_still_classified() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.ts");
        assert_eq!(classify(Path::new(name)), Some(FileKind::Source(Language::TypeScript)));
    }
}
