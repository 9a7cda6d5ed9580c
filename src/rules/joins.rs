//! Where string literals are joined, for the prefilter.
//!
//! Extractors report `'seed1' + '.getsession.org'`, `"a" "b"`,
//! `concat!("a", "b")` as one string with the joined value, and template
//! literals and f-strings without their interpolations (`` `a${x}b` `` is
//! `ab`). A rule can match such a value although the file never spells it
//! out, so a file in which the prefilter finds no needle gets a second look:
//! the text around every join, with the join taken out, is searched again.
//!
//! What is taken out (generously: taking out too much only lets more files
//! through, never fewer):
//! - a quote run, then whitespace, `+`, `,`, `(`, `)` or `\`, then up to
//!   three prefix characters (`f`, `u8`, `@`, `r`, ...), then a quote run
//!   (`"a"u8"b"` without a space between is not recognised);
//! - runs of two or more quotes (adjacent literals `"a""b"`, empty strings);
//! - interpolations: `${...}`, Swift `\(...)`, Kotlin `$name`, and in
//!   Python every innermost one-line `{...}` (f-string fields).
//!
//! [`concatenations`] does not know which quotes open and which close a
//! literal, so a short literal that starts with whitespace (`" g" + "et"`,
//! `` `\tX` + "-Y" ``) can look like a join and hide the real one after it.
//! [`concatenations_lexed`] reads each line with a small string lexer
//! instead (a join starts only at a closing quote); the prefilter tries
//! both, so each covers the other's blind spots.

use std::ops::Range;

/// Interpolations longer than this are left alone.
const MAX_INTERPOLATION: usize = 256;

fn is_quote(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | b'`')
}

fn is_join(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'+' | b',' | b'(' | b')' | b'\\')
}

fn is_prefix(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'@' || b == b'$'
}

/// End of the run of quotes starting at `i`.
fn quote_run_end(bytes: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < bytes.len() && is_quote(bytes[j]) {
        j += 1;
    }
    j
}

/// Spans between literals that a concatenation removes.
pub(crate) fn concatenations(bytes: &[u8], out: &mut Vec<Range<usize>>) {
    let mut i = 0;
    while let Some(found) = memchr::memchr3(b'"', b'\'', b'`', &bytes[i..]) {
        let start = i + found;
        let run_end = quote_run_end(bytes, start);
        let mut j = run_end;
        while j < bytes.len() && is_join(bytes[j]) {
            j += 1;
        }
        let joined = j > run_end;
        let mut k = j;
        while k < bytes.len() && k - j < 3 && is_prefix(bytes[k]) {
            k += 1;
        }
        // Whitespace or an operator is required between the literals: a
        // prefix alone would also match the inside of a short literal.
        if joined && k < bytes.len() && is_quote(bytes[k]) {
            let end = quote_run_end(bytes, k);
            out.push(start..end);
            // The second run opens the next literal; its closing quote may
            // start the next join.
            i = end;
            continue;
        }
        if run_end - start >= 2 {
            out.push(start..run_end);
        }
        i = run_end;
    }
}

/// Like [`concatenations`], but a join only starts at the quote that
/// closes a literal, found by lexing each line on its own (quotes open and
/// close in turn, a backslash escapes the next byte). Joins may continue
/// onto the next line (`"a"\n    "b"`).
pub(crate) fn concatenations_lexed(bytes: &[u8], out: &mut Vec<Range<usize>>) {
    let mut i = 0;
    // Outside literals: jump to the next quote.
    while let Some(found) = memchr::memchr3(b'"', b'\'', b'`', &bytes[i..]) {
        let mut quote = bytes[i + found];
        i += found + 1;
        // Inside a literal opened by `quote`: jump to its end, an escape or
        // the end of the line (which ends an unterminated literal here).
        loop {
            let Some(found) = memchr::memchr3(quote, b'\\', b'\n', &bytes[i..]) else { return };
            let at = i + found;
            match bytes[at] {
                b'\\' => i = at + 2,
                b'\n' => {
                    i = at + 1;
                    break;
                }
                _ => {
                    // The closing quote: a join may follow.
                    let mut j = at + 1;
                    while j < bytes.len() && is_join(bytes[j]) {
                        j += 1;
                    }
                    let mut k = j;
                    while k < bytes.len() && k - j < 3 && is_prefix(bytes[k]) {
                        k += 1;
                    }
                    if j > at + 1 && k < bytes.len() && is_quote(bytes[k]) {
                        out.push(at..k + 1);
                        quote = bytes[k];
                        i = k + 1;
                        continue;
                    }
                    i = at + 1;
                    break;
                }
            }
            if i >= bytes.len() {
                return;
            }
        }
        if i >= bytes.len() {
            return;
        }
    }
}

/// End of the group opened at `open` (`{` or `(`), nesting counted, if it
/// closes within [`MAX_INTERPOLATION`] bytes (and on the same line when
/// `one_line`).
fn group_end(bytes: &[u8], open: usize, one_line: bool, innermost: bool) -> Option<usize> {
    let (o, c) = (bytes[open], if bytes[open] == b'{' { b'}' } else { b')' });
    let mut depth = 0usize;
    for (k, &b) in bytes.iter().enumerate().skip(open).take(MAX_INTERPOLATION) {
        if b == o {
            if innermost && k > open {
                return None;
            }
            depth += 1;
        } else if b == c {
            depth -= 1;
            if depth == 0 {
                return Some(k + 1);
            }
        } else if one_line && b == b'\n' {
            return None;
        }
    }
    None
}

/// Interpolations that a template literal, f-string or string template
/// leaves out of its value.
pub(crate) fn interpolations(bytes: &[u8], python: bool, out: &mut Vec<Range<usize>>) {
    for at in memchr::memchr2_iter(b'$', b'\\', bytes) {
        let next = bytes.get(at + 1).copied();
        match (bytes[at], next) {
            (b'$', Some(b'{')) | (b'\\', Some(b'(')) => {
                if let Some(end) = group_end(bytes, at + 1, false, false) {
                    out.push(at..end);
                }
            }
            (b'$', Some(c)) if c.is_ascii_alphabetic() || c == b'_' => {
                let end = bytes[at + 1..]
                    .iter()
                    .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                    .map_or(bytes.len(), |p| at + 1 + p);
                out.push(at..end);
            }
            _ => {}
        }
    }
    if python {
        for at in memchr::memchr_iter(b'{', bytes) {
            if let Some(end) = group_end(bytes, at, true, true) {
                out.push(at..end);
            }
        }
    }
}

/// Calls `search` on the text around each cluster of `spans` with the spans
/// removed, until it returns true. `reach` is the longest needle: spans
/// further apart than that cannot both be crossed by one needle.
pub(crate) fn any_joined(
    bytes: &[u8],
    spans: &mut [Range<usize>],
    reach: usize,
    buf: &mut Vec<u8>,
    mut search: impl FnMut(&[u8]) -> bool,
) -> bool {
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut i = 0;
    while i < spans.len() {
        // A cluster: spans whose gaps are shorter than a needle.
        let mut j = i + 1;
        let mut end = spans[i].end;
        while j < spans.len() && spans[j].start < end + reach {
            end = end.max(spans[j].end);
            j += 1;
        }
        let from = spans[i].start.saturating_sub(reach);
        let to = (end + reach).min(bytes.len());
        buf.clear();
        let mut at = from;
        for s in &spans[i..j] {
            if s.start > at {
                buf.extend_from_slice(&bytes[at..s.start]);
            }
            at = at.max(s.end);
        }
        if to > at {
            buf.extend_from_slice(&bytes[at..to]);
        }
        if search(buf) {
            return true;
        }
        i = j;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(text: &str, python: bool, interpolate: bool) -> Vec<String> {
        let mut spans = Vec::new();
        concatenations(text.as_bytes(), &mut spans);
        if interpolate {
            interpolations(text.as_bytes(), python, &mut spans);
        }
        texts_around(text, spans)
    }

    /// Every text [`any_joined`] searches with `spans` taken out.
    fn texts_around(text: &str, mut spans: Vec<Range<usize>>) -> Vec<String> {
        let mut out = Vec::new();
        let mut buf = Vec::new();
        any_joined(text.as_bytes(), &mut spans, 64, &mut buf, |t| {
            out.push(String::from_utf8_lossy(t).into_owned());
            false
        });
        out
    }

    fn contains(texts: &[String], needle: &str) -> bool {
        texts.iter().any(|t| t.contains(needle))
    }

    #[test]
    fn concatenations_are_joined() {
        let needle = "seed1.getsession.org";
        for text in [
            "const u = 'https://seed1' + '.getsession.org';",
            "u = \"seed1.\" \"getsession.org\"",
            "u = (\"seed1.getsession\"\n     + \".org\")",
            "const char* u = \"seed1.\"\n    u8\"getsession.org\";",
            "let u = concat!(\"seed1.\", \"getsession\", \".org\");",
            "val u = \"\"\"seed1.\"\"\" + \"\"\"getsession.org\"\"\"",
            "x = 'se' + 'ed1' + '.get' + 'session' + '.org'",
        ] {
            assert!(contains(&joined(text, false, false), needle), "{text}");
        }
    }

    fn joined_lexed(text: &str) -> Vec<String> {
        let mut spans = Vec::new();
        concatenations_lexed(text.as_bytes(), &mut spans);
        texts_around(text, spans)
    }

    #[test]
    fn a_literal_starting_with_whitespace_does_not_hide_the_join_after_it() {
        for (text, needle) in [
            ("String m = \" g\" + \"et_n_service_nodes\";", "get_n_service_nodes"),
            ("const h = `\\tX` + \"-FS-TIMESTAMP\";", "X-FS-TIMESTAMP"),
            ("s = \"it's \" + \"seed1.\" +\n    \"getsession.org\"", "seed1.getsession.org"),
            ("u = \"seed1.\"\n    \"getsession.org\"", "seed1.getsession.org"),
        ] {
            assert!(contains(&joined_lexed(text), needle), "{text}: {:?}", joined_lexed(text));
        }
        // The quote-run reading alone misses the first two.
        assert!(!contains(&joined("String m = \" g\" + \"et_n_service_nodes\";", false, false), "get_n_service_nodes"));
    }

    #[test]
    fn interpolations_are_left_out() {
        let needle = "seed1.getsession.org";
        assert!(contains(&joined("`seed1.${ host }getsession.org`", false, true), needle));
        assert!(contains(&joined("\"seed1.\\(host)getsession.org\"", false, true), needle));
        assert!(contains(&joined("\"seed1$host.getsession.org\"", false, true), needle));
        assert!(contains(&joined("d = {'k': f\"seed1.{host}getsession.org\"}", true, true), needle));
    }

    #[test]
    fn odd_endings_do_not_panic() {
        for text in ["\"", "\"\\", "'a\\", "\"a\" +", "\"a\" + \"", "`a\n", "\"a\"\n", "'é' + 'ü"] {
            let mut spans = Vec::new();
            concatenations_lexed(text.as_bytes(), &mut spans);
            assert!(spans.iter().all(|s| s.end <= text.len()), "{text}");
        }
    }

    #[test]
    fn text_without_joins_has_nothing_to_search() {
        assert!(joined("let a = b + c; // it's fine\nfoo(x)", false, true).is_empty());
    }
}
