//! The language-neutral intermediate representation that rules see.
//!
//! Every extractor (tree-sitter, syn, manifest readers) turns one file into a
//! [`FileFacts`]; nothing downstream looks at syntax trees again.

use serde::{Deserialize, Serialize};

/// A location in a file. Lines and columns are 1-based; columns count
/// characters (Unicode scalar values), as SARIF does by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    pub start_byte: usize,
    pub end_byte: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// How an import binds names in the importing file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportKind {
    /// `import { X } from 'm'`, `from m import X`, `import a.b.X` (Kotlin/Java),
    /// `use m::X`: binds `alias.unwrap_or(name)` to `module::name`.
    Named,
    /// `import X from 'm'`, `const X = require('m')`, `import m as X` (Python),
    /// `import * as X from 'm'`: binds `alias` (or `name`) to the module itself.
    Namespace,
    /// Brings every public name of the module into scope without naming them:
    /// `import m.*` (Kotlin/Java), `import SessionUtil` (Swift), `#include`,
    /// `using namespace a::b;`, `from m import *`, `use m::*`.
    Wildcard,
    /// Only loads the module for its side effects: `import 'm'`, `require('m')`
    /// as a statement, dynamic `import('m')`.
    SideEffect,
}

/// An import, require, use or include.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    /// The module specifier as written (quotes stripped): `@session.js/client`,
    /// `network.loki.messenger.libsession_util`, `session/config/contacts.h`,
    /// `session_util.blinding`, `SessionUtil`.
    pub module: String,
    /// The imported member, for [`ImportKind::Named`].
    pub name: Option<String>,
    /// The local name, when it differs from `name` (or names the namespace).
    pub alias: Option<String>,
    pub kind: ImportKind,
    /// Whether the specifier refers to the project's own code (a relative JS
    /// path, a quoted `#include "..."`, Python `from . import`, Rust `crate::`).
    /// Kept for the module graph (blast radius); rules ignore it.
    pub local: bool,
    /// `export ... from`, `export *`, Swift `@_exported import`, Python
    /// `from .x import *` in `__init__.py`: the import is also re-exported.
    pub reexport: bool,
    pub span: Span,
}

/// How a name is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefKind {
    Call,
    Member,
    Type,
    Ident,
}

/// A use of a name: `alias.member.member` with the language's separator
/// normalised to `.` (`session::config::Contacts` becomes
/// `session.config.Contacts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub path: String,
    pub kind: RefKind,
    pub span: Span,
}

/// A string literal with escapes left as written; template literals keep
/// their literal parts, and `"a" + "b"` in one expression yields `"ab"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StringLit {
    pub value: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Ecosystem {
    Npm,
    Maven,
    Swiftpm,
    Cocoapods,
    Cargo,
    Cmake,
    Git,
    Pypi,
    Debian,
}

impl Ecosystem {
    pub fn as_str(self) -> &'static str {
        match self {
            Ecosystem::Npm => "npm",
            Ecosystem::Maven => "maven",
            Ecosystem::Swiftpm => "swiftpm",
            Ecosystem::Cocoapods => "cocoapods",
            Ecosystem::Cargo => "cargo",
            Ecosystem::Cmake => "cmake",
            Ecosystem::Git => "git",
            Ecosystem::Pypi => "pypi",
            Ecosystem::Debian => "debian",
        }
    }
}

/// A declared dependency in a manifest or lockfile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependency {
    pub ecosystem: Ecosystem,
    /// Package name as the ecosystem spells it: `@session.js/client`,
    /// `org.sessionfoundation:libsession-util-android`, `libsession::config`,
    /// `libsession-util-spm`, `session-util`.
    pub name: String,
    pub version: Option<String>,
    /// Where it comes from when that is not the registry: a tarball or git
    /// URL, a Maven repository URL, a submodule URL.
    pub source: Option<String>,
    pub span: Span,
}

/// A declaration of the file's own module identity, used by the module
/// graph: Kotlin/Java `package a.b`, nothing for path-addressed languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageDecl {
    pub name: String,
    pub span: Span,
}

/// Everything one file says that rules can match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFacts {
    pub imports: Vec<Import>,
    pub references: Vec<Reference>,
    pub strings: Vec<StringLit>,
    pub comments: Vec<Comment>,
    pub dependencies: Vec<Dependency>,
    pub package: Option<PackageDecl>,
    /// Names this file defines at top level (exported classes, functions),
    /// for cross-file symbol resolution.
    pub exports: Vec<String>,
}

/// Converts byte offsets into 1-based line/character-column positions.
///
/// Built once per file; lookups are a binary search over line starts plus
/// a count of at most [`CHAR_CHECKPOINT`] bytes, so a 2 MiB minified line
/// with thousands of facts costs no more than a file of short lines.
pub struct LineIndex<'a> {
    source: &'a str,
    line_starts: Vec<usize>,
    /// Characters before byte `i * CHAR_CHECKPOINT`, for each `i`; empty
    /// for ASCII text (most source files), where columns are byte counts.
    chars_before: Vec<usize>,
    ascii: bool,
}

/// Spacing, in bytes, of the character-count checkpoints of [`LineIndex`].
const CHAR_CHECKPOINT: usize = 256;

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

impl<'a> LineIndex<'a> {
    pub fn new(source: &'a str) -> Self {
        let mut line_starts = Vec::with_capacity(source.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1));
        if source.is_ascii() {
            return LineIndex { source, line_starts, chars_before: Vec::new(), ascii: true };
        }
        // One checkpoint per whole chunk plus the start: every offset up to
        // and including `source.len()` has the checkpoint it needs.
        let mut chars_before = Vec::with_capacity(source.len() / CHAR_CHECKPOINT + 1);
        let mut count = 0;
        chars_before.push(count);
        for chunk in source.as_bytes().chunks_exact(CHAR_CHECKPOINT) {
            count += chunk.iter().filter(|&&b| starts_char(b)).count();
            chars_before.push(count);
        }
        LineIndex { source, line_starts, chars_before, ascii: false }
    }

    /// Characters in `source[..byte]` (bytes starting a character, so an
    /// offset inside a character counts it as begun).
    fn chars_to(&self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        let checkpoint = byte / CHAR_CHECKPOINT;
        let Some(&before) = self.chars_before.get(checkpoint) else { return 0 };
        let from = checkpoint * CHAR_CHECKPOINT;
        before + self.source.as_bytes()[from..byte].iter().filter(|&&b| starts_char(b)).count()
    }

    /// 1-based (line, column) of a byte offset; column counts characters.
    pub fn position(&self, byte: usize) -> (usize, usize) {
        let byte = byte.min(self.source.len());
        let line = match self.line_starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let column = self.chars_to(byte).saturating_sub(self.chars_to(start));
        (line + 1, column + 1)
    }

    pub fn span(&self, start_byte: usize, end_byte: usize) -> Span {
        let (line, column) = self.position(start_byte);
        let (end_line, end_column) = self.position(end_byte);
        Span { start_byte, end_byte, line, column, end_line, end_column }
    }

    /// The text of a 1-based line, without its line terminator.
    pub fn line_text(&self, line: usize) -> &'a str {
        if line == 0 || line > self.line_starts.len() {
            return "";
        }
        let start = self.line_starts[line - 1];
        let end = self.line_starts.get(line).map(|e| e - 1).unwrap_or(self.source.len());
        self.source.get(start..end).unwrap_or("").trim_end_matches('\r')
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let src = "ab\n€x\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(3), (2, 1));
        // "€" is 3 bytes; "x" is the second character of line 2.
        assert_eq!(idx.position(6), (2, 2));
        assert_eq!(idx.line_text(2), "€x");
        assert_eq!(idx.line_text(9), "");
        // ASCII text takes the byte-count shortcut.
        let idx = LineIndex::new("ab\ncdx\n");
        assert_eq!(
            (idx.position(0), idx.position(3), idx.position(5), idx.position(7)),
            ((1, 1), (2, 1), (2, 3), (3, 1))
        );
        assert_eq!(idx.line_text(2), "cdx");
    }

    #[test]
    fn columns_are_exact_far_into_long_lines() {
        // Checkpoints every 256 bytes must not shift columns: compare with
        // counting from the line start, across multi-byte characters.
        let line: String = (0..3000).map(|i| if i % 7 == 0 { '€' } else { 'x' }).collect();
        let src = format!("first\n{line}\n");
        let idx = LineIndex::new(&src);
        for (byte, _) in src.char_indices() {
            let start = src[..byte].rfind('\n').map(|i| i + 1).unwrap_or(0);
            let expected = src[start..byte].chars().count() + 1;
            assert_eq!(idx.position(byte).1, expected, "byte {byte}");
        }
        assert_eq!(idx.position(src.len()), (3, 1));
        // The end of a text whose length is a whole number of checkpoints.
        let exact = "a".repeat(CHAR_CHECKPOINT * 2);
        assert_eq!(LineIndex::new(&exact).position(exact.len()), (1, exact.len() + 1));
    }
}
