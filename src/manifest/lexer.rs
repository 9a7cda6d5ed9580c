//! A small tokenizer for script-like manifests (Gradle Groovy/Kotlin DSL,
//! Package.swift, Podfile): identifiers, string literals, punctuation and
//! comments, with byte offsets. Enough to recognise calls such as
//! `implementation("g:a:v")` or `pod 'X', :git => '...'` across line breaks
//! without a full parser. Linear in the input; never recursive.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// `//` and nested `/* */` comments (Kotlin, Groovy, Swift).
    Slash,
    /// `#` comments (Ruby).
    Hash,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Ident,
    /// A string literal; `text` is its value as written, without quotes.
    Str,
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'a> {
    pub kind: Kind,
    pub text: &'a str,
    /// Byte range of the whole token (quotes included).
    pub start: usize,
    pub end: usize,
    /// 1-based line where the token starts.
    pub line: usize,
}

impl Token<'_> {
    pub fn is_punct(&self, c: &str) -> bool {
        self.kind == Kind::Punct && self.text == c
    }
    pub fn is_ident(&self, name: &str) -> bool {
        self.kind == Kind::Ident && self.text == name
    }
}

#[derive(Debug)]
pub(crate) struct Lexed<'a> {
    pub tokens: Vec<Token<'a>>,
    /// Byte ranges of comments.
    pub comments: Vec<(usize, usize)>,
}

/// A lexing error: byte offset and message.
pub(crate) type LexError = (usize, String);

pub(crate) fn lex(source: &str, flavor: Flavor) -> Result<Lexed<'_>, LexError> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut comments = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\n' => {
                line += 1;
                i += 1;
            }
            _ if c.is_ascii_whitespace() => i += 1,
            b'#' if flavor == Flavor::Hash => {
                let end = memchr_newline(bytes, i);
                comments.push((i, end));
                i = end;
            }
            b'/' if flavor == Flavor::Slash && bytes.get(i + 1) == Some(&b'/') => {
                let end = memchr_newline(bytes, i);
                comments.push((i, end));
                i = end;
            }
            b'/' if flavor == Flavor::Slash && bytes.get(i + 1) == Some(&b'*') => {
                let start = i;
                let mut depth = 0usize;
                loop {
                    if i >= bytes.len() {
                        return Err((start, "unterminated block comment".into()));
                    }
                    if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if bytes[i] == b'\n' {
                            line += 1;
                        }
                        i += 1;
                    }
                }
                comments.push((start, i));
            }
            b'"' | b'\'' => {
                let start = i;
                let start_line = line;
                let triple = bytes.get(i + 1) == Some(&c) && bytes.get(i + 2) == Some(&c);
                let (value_start, value_end, end) = if triple {
                    let from = i + 3;
                    let close = find_triple(bytes, from, c).ok_or((start, "unterminated multi-line string".into()))?;
                    line += bytes[from..close].iter().filter(|&&b| b == b'\n').count();
                    (from, close, close + 3)
                } else {
                    let close = find_close(bytes, i + 1, c, flavor).ok_or((start, "unterminated string".into()))?;
                    line += bytes[i + 1..close].iter().filter(|&&b| b == b'\n').count();
                    (i + 1, close, close + 1)
                };
                tokens.push(Token {
                    kind: Kind::Str,
                    text: &source[value_start..value_end],
                    start,
                    end,
                    line: start_line,
                });
                i = end;
            }
            _ if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                tokens.push(Token { kind: Kind::Ident, text: &source[start..i], start, end: i, line });
            }
            _ if c.is_ascii() => {
                tokens.push(Token { kind: Kind::Punct, text: &source[i..i + 1], start: i, end: i + 1, line });
                i += 1;
            }
            // Non-ASCII outside strings and comments: not part of any token.
            _ => i += 1,
        }
    }
    Ok(Lexed { tokens, comments })
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| b == b'\n').map(|p| from + p).unwrap_or(bytes.len())
}

fn find_triple(bytes: &[u8], from: usize, q: u8) -> Option<usize> {
    (from..bytes.len().saturating_sub(2)).find(|&i| bytes[i] == q && bytes[i + 1] == q && bytes[i + 2] == q)
}

/// The closing quote of a one-line string starting after `from`, skipping
/// escapes and `${...}` / `\(...)` interpolations (whose nested quotes would
/// otherwise end the string). Slash-flavoured strings end at a newline.
fn find_close(bytes: &[u8], from: usize, q: u8, flavor: Flavor) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1) == Some(&b'(') && q == b'"' => i = skip_group(bytes, i + 1, b'(', b')')?,
            b'\\' => i += 2,
            b'$' if bytes.get(i + 1) == Some(&b'{') && q == b'"' => i = skip_group(bytes, i + 1, b'{', b'}')?,
            b'#' if flavor == Flavor::Hash && bytes.get(i + 1) == Some(&b'{') && q == b'"' => {
                i = skip_group(bytes, i + 1, b'{', b'}')?
            }
            b'\n' if flavor == Flavor::Slash => return None,
            b if b == q => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// From an opening bracket at `at`, the offset just past its closing
/// bracket; quoted strings inside are skipped whole.
fn skip_group(bytes: &[u8], at: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = at;
    while i < bytes.len() {
        let b = bytes[i];
        if b == open {
            depth += 1;
        } else if b == close {
            depth -= 1;
            if depth == 0 {
                return Some(i + 1);
            }
        } else if b == b'"' || b == b'\'' {
            i += 1;
            while i < bytes.len() && bytes[i] != b {
                if bytes[i] == b'\\' {
                    i += 1;
                }
                if bytes.get(i) == Some(&b'\n') {
                    return None;
                }
                i += 1;
            }
        } else if b == b'\n' {
            return None;
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str, flavor: Flavor) -> Vec<(Kind, &str, usize)> {
        lex(src, flavor).unwrap().tokens.iter().map(|t| (t.kind, t.text, t.line)).collect()
    }

    #[test]
    fn strings_comments_and_interpolation() {
        let src = "implementation(\"g:a:${v(\"x\")}\") // c\n/* a /* nested */ b */ x '''m\nl'''";
        let got = kinds(src, Flavor::Slash);
        assert_eq!(got[0], (Kind::Ident, "implementation", 1));
        assert_eq!(got[2], (Kind::Str, "g:a:${v(\"x\")}", 1));
        assert_eq!(got[4], (Kind::Ident, "x", 2));
        assert_eq!(got[5], (Kind::Str, "m\nl", 2));
        assert_eq!(lex(src, Flavor::Slash).unwrap().comments.len(), 2);
    }

    #[test]
    fn ruby_hash_comments_and_symbols() {
        let got = kinds("pod 'A', :git => \"u#{x}\" # note\n", Flavor::Hash);
        let texts: Vec<&str> = got.iter().map(|t| t.1).collect();
        assert_eq!(texts, vec!["pod", "A", ",", ":", "git", "=", ">", "u#{x}"]);
    }

    #[test]
    fn unterminated_literals_are_errors_with_offsets() {
        assert_eq!(lex("a(\"x\n)", Flavor::Slash).unwrap_err().0, 2);
        assert!(lex("/* open", Flavor::Slash).is_err());
        assert!(lex("\"\"\"open", Flavor::Slash).is_err());
        assert!(lex("pod 'x", Flavor::Hash).is_err());
        assert!(lex("€ \"é\"", Flavor::Slash).is_ok());
    }
}
