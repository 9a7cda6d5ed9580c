//! Shared plumbing for the manifest readers: building [`FileFacts`] with
//! spans, walking lines with their byte offsets, and locating JSON entries.

use serde_json::value::RawValue;

use super::lexer::{lex, Flavor, Kind, Token};
use crate::facts::{Comment, Dependency, Ecosystem, FileFacts, LineIndex, PackageDecl, Span, StringLit};
use crate::lang::ExtractError;

/// Collects the facts of one manifest, turning byte offsets into spans.
pub(crate) struct FactsBuilder<'a> {
    source: &'a str,
    index: LineIndex<'a>,
    facts: FileFacts,
}

impl<'a> FactsBuilder<'a> {
    pub fn new(source: &'a str) -> Self {
        FactsBuilder { source, index: LineIndex::new(source), facts: FileFacts::default() }
    }

    pub fn span(&self, start: usize, end: usize) -> Span {
        let start = start.min(self.source.len());
        self.index.span(start, end.clamp(start, self.source.len()))
    }

    /// 1-based line of a byte offset, for error messages.
    pub fn line_of(&self, byte: usize) -> usize {
        self.index.position(byte).0
    }

    /// A dependency whose span runs from `start` to the end of its line
    /// (trailing whitespace excluded): the declaring line.
    pub fn dep_at(&mut self, ecosystem: Ecosystem, name: &str, version: Option<&str>, src: Option<&str>, start: usize) {
        let end = line_content_end(self.source, start);
        self.dep_span(ecosystem, name, version, src, start, end);
    }

    pub fn dep_span(
        &mut self,
        ecosystem: Ecosystem,
        name: &str,
        version: Option<&str>,
        src: Option<&str>,
        start: usize,
        end: usize,
    ) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        let clean = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let span = self.span(start, end);
        self.facts.dependencies.push(Dependency {
            ecosystem,
            name: name.to_string(),
            version: clean(version),
            source: clean(src),
            span,
        });
    }

    /// The last dependency pushed, to fill in fields read on later lines.
    pub fn last_dep(&mut self) -> Option<&mut Dependency> {
        self.facts.dependencies.last_mut()
    }

    pub fn string(&mut self, value: &str, start: usize, end: usize) {
        let span = self.span(start, end);
        self.facts.strings.push(StringLit { value: value.to_string(), span });
    }

    pub fn comment(&mut self, start: usize, end: usize) {
        let text = self.source.get(start..end).unwrap_or("").to_string();
        let span = self.span(start, end);
        self.facts.comments.push(Comment { text, span });
    }

    /// The project's own name (package.json `name`, setup.py `name=`, ...).
    pub fn package(&mut self, name: &str, start: usize) {
        if self.facts.package.is_none() && !name.trim().is_empty() {
            let end = line_content_end(self.source, start);
            let span = self.span(start, end);
            self.facts.package = Some(PackageDecl { name: name.trim().to_string(), span });
        }
    }

    pub fn error(&self, byte: usize, message: impl std::fmt::Display) -> ExtractError {
        ExtractError(format!("line {}: {message}", self.line_of(byte)))
    }

    /// The facts in source order.
    /// Lexes a script-like manifest, recording its comments and string
    /// literals as facts; the tokens are left for the reader to walk.
    pub fn lex(&mut self, flavor: Flavor) -> Result<Vec<Token<'a>>, ExtractError> {
        let lexed = lex(self.source, flavor).map_err(|(at, m)| self.error(at, m))?;
        for &(start, end) in &lexed.comments {
            self.comment(start, end);
        }
        for tok in lexed.tokens.iter().filter(|t| t.kind == Kind::Str) {
            self.string(tok.text, tok.start, tok.end);
        }
        Ok(lexed.tokens)
    }

    pub fn finish(mut self) -> FileFacts {
        self.facts.dependencies.sort_by_key(|d| (d.span.start_byte, d.span.end_byte));
        self.facts.strings.sort_by_key(|s| s.span.start_byte);
        self.facts.comments.sort_by_key(|c| c.span.start_byte);
        self.facts
    }
}

/// Lines of `source` with the byte offset where each starts; the text has no
/// line terminator.
pub(crate) fn lines(source: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    source.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        (start, raw.trim_end_matches(['\n', '\r']))
    })
}

/// Spans stop this many bytes after their start on very long lines
/// (minified JSON), so that finding a span's end stays O(1).
const MAX_SPAN_BYTES: usize = 512;

/// Byte offset where the content of the line holding `start` ends (before
/// the terminator and trailing whitespace), never before `start` and at most
/// [`MAX_SPAN_BYTES`] after it.
pub(crate) fn line_content_end(source: &str, start: usize) -> usize {
    let start = start.min(source.len());
    let mut limit = (start + MAX_SPAN_BYTES).min(source.len());
    while !source.is_char_boundary(limit) {
        limit -= 1;
    }
    let rest = &source[start..limit];
    let line = rest.split('\n').next().unwrap_or("");
    start + line.trim_end().len()
}

/// Offset of the first non-whitespace byte of `line` within the file.
pub(crate) fn indent_end(line_start: usize, line: &str) -> usize {
    line_start + (line.len() - line.trim_start().len())
}

/// Number of leading spaces/tabs of a line.
pub(crate) fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// Where a borrowed JSON value starts in the document it was parsed from.
pub(crate) fn raw_offset(source: &str, raw: &RawValue) -> usize {
    let base = source.as_ptr() as usize;
    let at = raw.get().as_ptr() as usize;
    at.checked_sub(base).filter(|&o| o <= source.len()).unwrap_or(0)
}

/// For a value at `value_offset` in a JSON object, the offset of the
/// opening quote of its key (`"key": value`), or the value offset when the
/// text does not have that shape.
pub(crate) fn json_key_start(source: &str, value_offset: usize) -> usize {
    let bytes = source.as_bytes();
    let mut i = value_offset.min(bytes.len());
    let skip_ws = |mut i: usize| {
        while i > 0 && bytes[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
        i
    };
    i = skip_ws(i);
    if i == 0 || bytes[i - 1] != b':' {
        return value_offset;
    }
    i = skip_ws(i - 1);
    if i == 0 || bytes[i - 1] != b'"' {
        return value_offset;
    }
    // Scan back to the opening quote, skipping escaped quotes.
    let mut j = i - 1;
    while j > 0 {
        j -= 1;
        if bytes[j] == b'"' {
            let backslashes = bytes[..j].iter().rev().take_while(|&&b| b == b'\\').count();
            if backslashes % 2 == 0 {
                return j;
            }
        }
        if bytes[j] == b'\n' {
            break;
        }
    }
    value_offset
}

/// Offset of the first `"key"` followed by `:` inside the JSON text `raw`
/// (an object), searching only its first level is not needed for the flat
/// objects this is used on. Returns the offset within the file.
pub(crate) fn json_field_start(source: &str, raw: &RawValue, key: &str) -> Option<usize> {
    let text = raw.get();
    let needle = format!("\"{key}\"");
    let mut from = 0;
    while let Some(pos) = text[from..].find(&needle) {
        let at = from + pos;
        let after = text[at + needle.len()..].trim_start();
        if after.starts_with(':') {
            return Some(raw_offset(source, raw) + at);
        }
        from = at + needle.len();
    }
    None
}

/// A JSON parse error with its line and column.
pub(crate) fn json_error(what: &str, e: &serde_json::Error) -> ExtractError {
    ExtractError(format!("invalid {what}: line {}, column {}: {e}", e.line(), e.column()))
}

/// A TOML parse error with its line when known.
pub(crate) fn toml_error(what: &str, source: &str, e: &toml::de::Error) -> ExtractError {
    let line = e.span().map(|s| source[..s.start.min(source.len())].matches('\n').count() + 1);
    let message = e.message().trim().to_string();
    match line {
        Some(l) => ExtractError(format!("invalid {what}: line {l}: {message}")),
        None => ExtractError(format!("invalid {what}: {message}")),
    }
}

/// Removes one pair of matching surrounding quotes (`"x"` or `'x'`).
pub(crate) fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return &s[1..s.len() - 1];
        }
    }
    s
}

/// The last path segment of a URL or path, without `.git` and trailing
/// slashes: `https://github.com/o/repo.git` → `repo`.
pub(crate) fn repo_name(url: &str) -> &str {
    let url = url.split(['?', '#']).next().unwrap_or(url).trim_end_matches('/');
    let last = url.rsplit(['/', ':']).next().unwrap_or(url);
    last.strip_suffix(".git").unwrap_or(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keys_are_found_before_their_values() {
        let src = r#"{ "a\"b": "1", "x" : 2 }"#;
        let v = src.find("\"1\"").unwrap();
        assert_eq!(json_key_start(src, v), 2);
        let v = src.find('2').unwrap();
        assert_eq!(&src[json_key_start(src, v)..][..3], "\"x\"");
    }

    #[test]
    fn repo_names_drop_git_suffix_and_refs() {
        assert_eq!(repo_name("https://github.com/session-foundation/libsession-util.git"), "libsession-util");
        assert_eq!(repo_name("git@github.com:o/r.git#main"), "r");
        assert_eq!(repo_name("https://github.com/o/r/"), "r");
    }

    #[test]
    fn lines_carry_offsets() {
        let got: Vec<_> = lines("a\r\nbc\n\nd").collect();
        assert_eq!(got, vec![(0, "a"), (3, "bc"), (6, ""), (7, "d")]);
    }
}
