//! Printing a fatal error without letting file contents drive the terminal.
//!
//! Config, baseline and rule errors quote the offending file (miette shows
//! the lines around the span) and often the offending key or value in the
//! message. A `.session-impact.toml` comes with the scanned repository, so
//! in CI it is whatever a pull request says: escape sequences in it must
//! not reach the log or terminal raw. [`Safe`] wraps a diagnostic and hands
//! miette sanitised copies of everything it prints; the source text keeps
//! its byte length (each bad character becomes as many `?`), so spans still
//! point at the same places.

use std::fmt;
use std::sync::OnceLock;

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteHandlerOpts, MietteSpanContents, ReportHandler, Severity, SourceCode,
    SourceSpan, SpanContents,
};

/// Whether `c` must not reach a terminal: control characters other than
/// newline and tab, and bidirectional overrides.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with unsafe characters replaced by U+FFFD.
pub fn clean(text: &str) -> String {
    text.chars().map(|c| if is_unsafe(c) { '\u{FFFD}' } else { c }).collect()
}

/// `bytes` (lossily UTF-8) with every unsafe character replaced by as many
/// `?` as it has bytes, so that byte offsets are unchanged.
fn clean_same_length(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if is_unsafe(c) {
                out.extend(std::iter::repeat_n(b'?', c.len_utf8()));
            } else {
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
        out.extend(std::iter::repeat_n(b'?', chunk.invalid().len()));
    }
    out
}

/// A diagnostic whose every printed part is sanitised.
pub struct Safe<'a> {
    inner: &'a dyn Diagnostic,
    source: Option<SafeSource<'a>>,
    related: Vec<Safe<'a>>,
    diagnostic_source: Option<Box<Safe<'a>>>,
    cause: Option<Box<SafeCause>>,
}

impl<'a> Safe<'a> {
    pub fn new(inner: &'a dyn Diagnostic) -> Self {
        Safe {
            inner,
            source: inner.source_code().map(|s| SafeSource { inner: s, whole: OnceLock::new() }),
            related: inner.related().map(|r| r.map(Safe::new).collect()).unwrap_or_default(),
            diagnostic_source: inner.diagnostic_source().map(|d| Box::new(Safe::new(d))),
            cause: std::error::Error::source(inner).map(|e| Box::new(SafeCause::new(e))),
        }
    }
}

impl fmt::Display for Safe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&clean(&self.inner.to_string()))
    }
}

impl fmt::Debug for Safe<'_> {
    /// Renders like miette's default hook (`{:?}` of a `miette::Report`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        MietteHandlerOpts::new().build().debug(self, f)
    }
}

impl std::error::Error for Safe<'_> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.as_deref().map(|c| c as &(dyn std::error::Error + 'static))
    }
}

fn clean_display<'b>(d: Option<Box<dyn fmt::Display + 'b>>) -> Option<Box<dyn fmt::Display + 'b>> {
    d.map(|d| Box::new(clean(&d.to_string())) as Box<dyn fmt::Display>)
}

impl Diagnostic for Safe<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        clean_display(self.inner.code())
    }
    fn severity(&self) -> Option<Severity> {
        self.inner.severity()
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        clean_display(self.inner.help())
    }
    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        clean_display(self.inner.url())
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let labels = self.inner.labels()?;
        Some(Box::new(labels.map(|l| {
            let label = l.label().map(clean);
            if l.primary() {
                LabeledSpan::new_primary_with_span(label, *l.inner())
            } else {
                LabeledSpan::new_with_span(label, *l.inner())
            }
        })))
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
    fn diagnostic_source(&self) -> Option<&dyn Diagnostic> {
        self.diagnostic_source.as_deref().map(|d| d as &dyn Diagnostic)
    }
}

/// A link of the `source()` chain, as sanitised text.
#[derive(Debug)]
struct SafeCause {
    message: String,
    next: Option<Box<SafeCause>>,
}

impl SafeCause {
    fn new(error: &dyn std::error::Error) -> Self {
        SafeCause { message: clean(&error.to_string()), next: error.source().map(|e| Box::new(SafeCause::new(e))) }
    }
}

impl fmt::Display for SafeCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SafeCause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.next.as_deref().map(|c| c as &(dyn std::error::Error + 'static))
    }
}

/// The wrapped diagnostic's source text, sanitised once (same length).
struct SafeSource<'a> {
    inner: &'a dyn SourceCode,
    /// Offset of the text's first byte, and the sanitised text.
    whole: OnceLock<Option<(usize, Vec<u8>)>>,
}

impl SourceCode for SafeSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let contents = self.inner.read_span(span, context_lines_before, context_lines_after)?;
        let whole = self.whole.get_or_init(|| {
            let all = self.inner.read_span(&SourceSpan::from(0..0), usize::MAX, usize::MAX).ok()?;
            Some((all.span().offset(), clean_same_length(all.data())))
        });
        let (base, text) = whole.as_ref().ok_or(MietteError::OutOfBounds)?;
        let start = contents.span().offset().checked_sub(*base).ok_or(MietteError::OutOfBounds)?;
        let data = text.get(start..start + contents.span().len()).ok_or(MietteError::OutOfBounds)?;
        let (line, column, lines) = (contents.line(), contents.column(), contents.line_count());
        let safe = match contents.name() {
            Some(name) => MietteSpanContents::new_named(clean(name), data, *contents.span(), line, column, lines),
            None => MietteSpanContents::new(data, *contents.span(), line, column, lines),
        };
        Ok(Box::new(safe))
    }
}

#[cfg(test)]
mod tests {
    use miette::NamedSource;

    use super::*;

    #[derive(Debug, thiserror::Error, Diagnostic)]
    #[error("bad value `{value}`")]
    struct Bad {
        value: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("here")]
        span: SourceSpan,
        #[help]
        help: String,
    }

    #[test]
    fn escapes_in_message_source_and_help_are_not_printed() {
        let text = "a = 1\nfail-on = \"\u{1b}[31mred\u{1b}]0;title\u{7}\u{202e}\"\n";
        let at = text.find("\u{1b}[31m").unwrap_or(0);
        let bad = Bad {
            value: "\u{1b}[2J".into(),
            src: NamedSource::new("evil\u{1b}.toml", text.to_string()),
            span: SourceSpan::from(at..at + 5),
            help: "try \u{7}".into(),
        };
        let out = format!("{:?}", Safe::new(&bad));
        for raw in ["\u{1b}[2J", "\u{1b}[31m", "\u{1b}]0;", "\u{7}", "\u{202e}", "evil\u{1b}"] {
            assert!(!out.contains(raw), "{raw:?} printed raw: {out:?}");
        }
        assert!(out.contains("?[31mred"), "the source line is shown, sanitised: {out:?}");
        assert!(out.contains("bad value"), "{out:?}");
    }

    #[test]
    fn same_length_cleaning_keeps_offsets() {
        let text = "x\u{1b}y\u{202e}z\u{85}é\n";
        let cleaned = clean_same_length(text.as_bytes());
        assert_eq!(cleaned.len(), text.len());
        assert_eq!(String::from_utf8_lossy(&cleaned), "x?y???z??é\n");
    }
}
