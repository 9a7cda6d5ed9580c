//! Fact extraction for Rust (syn).
//!
//! - `use` trees: `use a::b::C as D;` → Named module `a::b`, name `C`, alias
//!   `D`; `use a::b::*` → Wildcard; `use a::{self, b}` → Namespace `a` and
//!   Named `a`/`b`; `crate::`/`self::`/`super::` are local; `pub use` is a
//!   re-export. `extern crate x as y` is a Namespace import, `mod x;` a local
//!   SideEffect import.
//! - `#[link(name = "L")] extern "C" { ... }` is a Wildcard import of the
//!   native library `L`: it brings that library's C functions into scope the
//!   way `#include` does in C, so rules can match calls to them by prefix.
//! - References keep `::` (`session::config::Contacts`); method calls and
//!   field accesses on path-rooted receivers are one chain
//!   (`client.inner.send` for `client.inner.send(..)`).
//! - Strings: every string, byte-string and C-string literal syn can reach,
//!   including inside macro invocations (bodies that parse as
//!   comma-separated expressions are visited as code, other bodies are
//!   scanned token by token), and `concat!` of literals joined. Doc comments
//!   are comments, not strings.
//! - Comments: syn drops them, so a small lexer that knows string, char and
//!   raw-string literals finds them in the text.
//!
//! Files syn cannot parse yield an [`ExtractError`] with syn's message and
//! position: the scan lists the file as not analysed. A lexical fallback
//! (strings and comments only) was considered and left out: it would return
//! facts that look complete while every import and reference is missing,
//! and an error in the report is the honest outcome.
//!
//! syn, its visitor and the tree's destructor recurse once per syntax level,
//! so a lexical pre-scan estimates the depth ([`Nesting`]) and refuses files
//! past [`MAX_NESTING`] / [`MAX_CHAIN`] with an error instead of letting it
//! overflow the stack, and the parse runs on a thread whose stack is twice
//! what those limits need.

use std::borrow::Cow;

use proc_macro2::{TokenStream, TokenTree};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Expr, Lit, Token, UseTree};

use super::ExtractError;
use crate::facts::{Comment, FileFacts, Import, ImportKind, LineIndex, RefKind, Reference, Span, StringLit};

/// Deepest bracket-and-generics nesting accepted. syn needs up to ~7 KiB of
/// stack a level (nested generics, debug build); real code stays far below
/// (typenum-style types reach about 64).
pub const MAX_NESTING: usize = 256;

/// Longest operator chain accepted (see [`Nesting`]): ~3 KiB of stack a
/// level at worst (nested closures, debug build). Only generated code
/// comes near it.
pub const MAX_CHAIN: usize = 8192;

/// The parse runs on its own thread with this much stack: twice what the
/// two limits above can use together. It is reserved address space, touched
/// only as deep as the file goes.
const PARSE_STACK: usize = 64 << 20;

pub fn extract(source: &str) -> Result<FileFacts, ExtractError> {
    let lines = LineIndex::new(source);
    let lexed = lex(source);
    let refuse = |what: &str, limit: usize, at: usize| {
        let (line, _) = lines.position(at);
        Err(ExtractError(format!(
            "{what} deeper than {limit} levels at line {line}; not parsed (the Rust parser is recursive)"
        )))
    };
    if lexed.nesting.worst_nesting.0 > MAX_NESTING {
        return refuse("brackets and generics nest", MAX_NESTING, lexed.nesting.worst_nesting.1);
    }
    if lexed.nesting.worst_chain.0 > MAX_CHAIN {
        return refuse("operators chain", MAX_CHAIN, lexed.nesting.worst_chain.1);
    }
    // On a thread of its own: the worker's stack is 2 MiB, and
    // proc-macro2's per-thread source map (the text of every file parsed on
    // the thread, kept for span lookups) goes away with the thread.
    let mut facts = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("rust-parse".into())
            .stack_size(PARSE_STACK)
            // Caught on the parse thread itself, so that the panic is
            // reported with its message and nothing is printed.
            .spawn_scoped(scope, || crate::isolate::catch(|| parse(source, &lines)))
            .map_err(|e| ExtractError(format!("could not start the Rust parser thread: {e}")))?
            .join()
            .unwrap_or_else(|_| Err("the thread ended abnormally".into()))
            .unwrap_or_else(|what| Err(ExtractError(format!("the Rust parser panicked on this file: {what}"))))
    })?;
    facts.comments = lexed
        .comments
        .iter()
        .map(|&(s, e)| Comment { text: source[s..e].to_string(), span: lines.span(s, e) })
        .collect();
    Ok(facts)
}

fn parse(source: &str, lines: &LineIndex<'_>) -> Result<FileFacts, ExtractError> {
    let text = mask_prelude(source);
    let file: syn::File = syn::parse_str(&text).map_err(|e| {
        let start = e.span().start();
        ExtractError(format!("could not parse Rust at {}:{}: {e}", start.line, start.column + 1))
    })?;
    let mut collector = Collector { lines, facts: FileFacts::default(), hint: RefKind::Ident };
    collector.exports(&file);
    collector.visit_file(&file);
    Ok(collector.facts)
}

/// The source with a byte-order mark and a shebang line blanked out (syn
/// would strip them and shift every byte offset); same length, so spans
/// stay offsets into the original text.
fn mask_prelude(source: &str) -> Cow<'_, str> {
    let bom = if source.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let rest = &source[bom..];
    let shebang = if rest.starts_with("#!") && !rest[2..].trim_start().starts_with('[') {
        rest.find('\n').unwrap_or(rest.len())
    } else {
        0
    };
    if bom == 0 && shebang == 0 {
        return Cow::Borrowed(source);
    }
    let mut out = " ".repeat(bom + shebang);
    out.push_str(&rest[shebang..]);
    Cow::Owned(out)
}

/// What the lexical pre-scan finds: comment byte ranges and how deeply
/// syn would have to recurse.
struct Lexed {
    comments: Vec<(usize, usize)>,
    nesting: Nesting,
}

/// An estimate of syn's recursion, from tokens alone.
///
/// syn recurses once per level of the syntax tree, and so do its visitor and
/// the tree's destructor. Levels come from brackets and unclosed generic `<`
/// ([`MAX_NESTING`]), and from operator chains inside one expression
/// (`a + b + ...`, `x.f().g()...`, `f(1)(2)...`, `return return ...`,
/// `|a, b| |c, d| ...`): every such level costs at least one counted token
/// at its bracket level, and a level's count restarts only where an
/// expression must end (`;`, `=>`, a `,` outside closure parameters), so the
/// sum over the open brackets bounds the chain depth ([`MAX_CHAIN`]).
#[derive(Default)]
struct Nesting {
    /// Counted tokens of the current expression at each open bracket level
    /// (the file level first), and whether a closure parameter list `|..|`
    /// is open at that level.
    levels: Vec<(usize, bool)>,
    chain: usize,
    angles: usize,
    worst_nesting: (usize, usize),
    worst_chain: (usize, usize),
    /// A `}` was just closed: unless the next token continues an
    /// expression (`} + x`, `} else`, `}.await`, `}(..)`), the enclosing
    /// expression or item ended there.
    after_brace: bool,
}

impl Nesting {
    fn new() -> Self {
        Nesting { levels: vec![(0, false)], ..Default::default() }
    }

    fn count(&mut self, at: usize) {
        if let Some(level) = self.levels.last_mut() {
            level.0 += 1;
            self.chain += 1;
        }
        if self.chain > self.worst_chain.0 {
            self.worst_chain = (self.chain, at);
        }
    }

    fn end_expression(&mut self) {
        if let Some(level) = self.levels.last_mut() {
            self.chain -= level.0;
            *level = (0, false);
        }
    }

    fn comma(&mut self) {
        if !self.levels.last().is_some_and(|l| l.1) {
            self.end_expression();
        }
    }

    fn toggle_closure_params(&mut self) {
        if let Some(level) = self.levels.last_mut() {
            level.1 = !level.1;
        }
    }

    fn open(&mut self, at: usize, trailer: bool) {
        if trailer {
            // `f(..)`, `a[..]`: a call or index is a level of the enclosing
            // expression.
            self.count(at);
        }
        self.levels.push((0, false));
        self.angles = 0;
        self.check_nesting(at);
    }

    fn close(&mut self) {
        if self.levels.len() > 1 {
            if let Some((n, _)) = self.levels.pop() {
                self.chain -= n;
            }
        }
        self.angles = 0;
    }

    fn angle_open(&mut self, at: usize) {
        self.angles += 1;
        self.check_nesting(at);
    }

    fn check_nesting(&mut self, at: usize) {
        let depth = self.levels.len() - 1 + self.angles;
        if depth > self.worst_nesting.0 {
            self.worst_nesting = (depth, at);
        }
    }
}

/// Keywords that nest the expression, type or pattern after them.
fn is_nesting_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "return"
            | "break"
            | "yield"
            | "become"
            | "box"
            | "move"
            | "async"
            | "static"
            | "dyn"
            | "impl"
            | "fn"
            | "ref"
    )
}

/// Scans Rust text for comments and nesting, skipping string, char, byte
/// and raw-string literals so that `"//"` or `'{'` count for nothing.
fn lex(source: &str) -> Lexed {
    let b = source.as_bytes();
    let n = b.len();
    let mut comments = Vec::new();
    let mut nest = Nesting::new();
    let mut i = 0;
    while i < n {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let prev = if i > 0 { b[i - 1] } else { 0 };
        let trivia = c.is_ascii_whitespace() || (c == b'/' && matches!(next, Some(b'/' | b'*')));
        if nest.after_brace && !trivia {
            nest.after_brace = false;
            let word_end = source[i..].find(|ch: char| !(ch == '_' || ch.is_alphanumeric())).map_or(n, |e| i + e);
            let continues = matches!(
                c,
                b'.' | b'+'
                    | b'-'
                    | b'*'
                    | b'/'
                    | b'%'
                    | b'^'
                    | b'&'
                    | b'|'
                    | b'='
                    | b'<'
                    | b'>'
                    | b'?'
                    | b'!'
                    | b'@'
                    | b'('
                    | b'['
            ) || matches!(&source[i..word_end], "else" | "as");
            if !continues {
                nest.end_expression();
            }
        }
        match c {
            b'/' if next == Some(b'/') => {
                let end = source[i..].find('\n').map_or(n, |e| i + e);
                let text_end = if end > i && b[end - 1] == b'\r' { end - 1 } else { end };
                comments.push((i, text_end));
                i = end;
                continue;
            }
            b'/' if next == Some(b'*') => {
                let end = block_comment_end(b, i);
                comments.push((i, end));
                i = end;
                continue;
            }
            b'"' => {
                i = string_end(b, i + 1);
                continue;
            }
            b'\'' => {
                i = quote_end(source, i);
                continue;
            }
            b'(' | b'[' => nest.open(i, true),
            b'{' => nest.open(i, false),
            b')' | b']' => nest.close(),
            b'}' => {
                nest.close();
                nest.after_brace = true;
            }
            b';' => {
                nest.end_expression();
                nest.angles = 0;
            }
            b',' => nest.comma(),
            // `=>` ends a match arm or macro rule.
            b'=' if next == Some(b'>') => {
                nest.end_expression();
                nest.angles = 0;
                i += 2;
                continue;
            }
            // `->` is a return-type arrow, not an operator.
            b'-' if next == Some(b'>') => {
                i += 2;
                continue;
            }
            b'<' => {
                if !matches!(next, Some(b'<' | b'=')) && prev != b'<' {
                    nest.angle_open(i);
                }
                nest.count(i);
            }
            b'>' => {
                nest.angles = nest.angles.saturating_sub(1);
                nest.count(i);
            }
            b'|' => {
                if next != Some(b'|') && next != Some(b'=') && prev != b'|' {
                    nest.toggle_closure_params();
                }
                nest.count(i);
            }
            b'.' | b'+' | b'-' | b'*' | b'/' | b'%' | b'^' | b'&' | b'=' | b'?' | b'!' | b'@' => nest.count(i),
            _ if c == b'_' || c.is_ascii_alphanumeric() || c >= 0x80 => {
                let start = i;
                while i < n && (b[i] == b'_' || b[i].is_ascii_alphanumeric() || b[i] >= 0x80) {
                    i += 1;
                }
                let word = &source[start..i];
                match (word, b.get(i)) {
                    ("r" | "br" | "cr", Some(b'"' | b'#')) => {
                        if let Some(end) = raw_string_end(b, i) {
                            i = end;
                        }
                    }
                    ("b" | "c", Some(b'"')) => i = string_end(b, i + 1),
                    ("b", Some(b'\'')) => i = quote_end(source, start),
                    _ if is_nesting_keyword(word) => nest.count(start),
                    _ => {}
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Lexed { comments, nesting: nest }
}

/// End (exclusive) of a block comment starting at `start`; Rust block
/// comments nest. Unterminated comments run to the end of the text.
fn block_comment_end(b: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < b.len() {
        if b[i] == b'/' && b[i + 1] == b'*' {
            depth += 1;
            i += 2;
        } else if b[i] == b'*' && b[i + 1] == b'/' {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    b.len()
}

/// End (exclusive) of a quoted string whose body starts at `i`.
fn string_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// After `r`/`br`/`cr` at `i` (pointing at `#` or `"`): end of the raw
/// string, or `None` for a raw identifier (`r#match`).
fn raw_string_end(b: &[u8], mut i: usize) -> Option<usize> {
    let hashes = b[i..].iter().take_while(|&&c| c == b'#').count();
    i += hashes;
    if b.get(i) != Some(&b'"') {
        return None;
    }
    i += 1;
    while i < b.len() {
        if b[i] == b'"' && b.len() - (i + 1) >= hashes && b[i + 1..i + 1 + hashes].iter().all(|&c| c == b'#') {
            return Some(i + 1 + hashes);
        }
        i += 1;
    }
    Some(b.len())
}

/// At a `'` (`i` may point at a `b` prefix): end of a char literal, or just
/// past the quote for a lifetime or label (`'a`, `'outer:`).
fn quote_end(source: &str, i: usize) -> usize {
    let b = source.as_bytes();
    let q = if b[i] == b'b' { i + 1 } else { i };
    let after = q + 1;
    if b.get(after) == Some(&b'\\') {
        // Escaped char: the quote after the escaped character closes it
        // (`'\''`, `'\x41'`, `'\u{1F600}'`).
        let from = (after + 2).min(b.len());
        return source.get(from..).and_then(|s| s.find('\'')).map_or(b.len(), |e| from + e + 1);
    }
    let Some(ch) = source.get(after..).and_then(|s| s.chars().next()) else { return b.len() };
    let close = after + ch.len_utf8();
    if b.get(close) == Some(&b'\'') {
        close + 1
    } else {
        q + 1
    }
}

/// `a::b::C` (generic arguments left out).
fn path_string(path: &syn::Path) -> String {
    let mut out = String::new();
    for (i, seg) in path.segments.iter().enumerate() {
        if i > 0 {
            out.push_str("::");
        }
        out.push_str(&seg.ident.to_string());
    }
    out
}

fn member_name(m: &syn::Member) -> String {
    match m {
        syn::Member::Named(id) => id.to_string(),
        syn::Member::Unnamed(ix) => ix.index.to_string(),
    }
}

/// The text between a literal's outer quotes: `"a\n"` → `a\n`,
/// `br#"x"#` → `x` (escapes as written).
fn literal_body(repr: &str) -> &str {
    match (repr.find('"'), repr.rfind('"')) {
        (Some(i), Some(j)) if j > i => &repr[i + 1..j],
        _ => repr,
    }
}

/// Every string-like literal in a token stream, without recursion.
fn token_strings(tokens: &TokenStream, mut found: impl FnMut(&proc_macro2::Literal)) {
    let mut stack: Vec<proc_macro2::token_stream::IntoIter> = vec![tokens.clone().into_iter()];
    while let Some(iter) = stack.last_mut() {
        match iter.next() {
            Some(TokenTree::Group(g)) => stack.push(g.stream().into_iter()),
            Some(TokenTree::Literal(l)) => found(&l),
            Some(_) => {}
            None => {
                stack.pop();
            }
        }
    }
}

struct Collector<'a> {
    lines: &'a LineIndex<'a>,
    facts: FileFacts,
    /// The kind the next visited path gets (set by its context).
    hint: RefKind,
}

impl Collector<'_> {
    fn span(&self, s: proc_macro2::Span) -> Span {
        let r = s.byte_range();
        self.lines.span(r.start, r.end)
    }

    fn with_hint(&mut self, kind: RefKind, f: impl FnOnce(&mut Self)) {
        let saved = std::mem::replace(&mut self.hint, kind);
        f(self);
        self.hint = saved;
    }

    fn reference(&mut self, path: String, kind: RefKind, span: Span) {
        if !matches!(path.as_str(), "self" | "Self" | "crate" | "super") {
            self.facts.references.push(Reference { path, kind, span });
        }
    }

    fn string(&mut self, repr: &str, span: proc_macro2::Span) {
        let span = self.span(span);
        self.facts.strings.push(StringLit { value: literal_body(repr).to_string(), span });
    }

    fn token_literal(&mut self, l: &proc_macro2::Literal) {
        if let Lit::Str(_) | Lit::ByteStr(_) | Lit::CStr(_) = Lit::new(l.clone()) {
            self.string(&l.to_string(), l.span());
        }
    }

    fn import(
        &mut self,
        module: String,
        name: Option<String>,
        alias: Option<String>,
        kind: ImportKind,
        reexport: bool,
        span: Span,
    ) {
        let local = matches!(module.split("::").next(), Some("crate" | "self" | "super"));
        self.facts.imports.push(Import { module, name, alias, kind, local, reexport, span });
    }

    /// Flattens a `use` tree into imports, without recursion.
    fn use_tree(&mut self, tree: &UseTree, reexport: bool, span: Span) {
        let mut stack: Vec<(Vec<String>, &UseTree)> = vec![(Vec::new(), tree)];
        while let Some((prefix, tree)) = stack.pop() {
            let module = prefix.join("::");
            match tree {
                UseTree::Path(p) => {
                    let mut next = prefix;
                    next.push(p.ident.to_string());
                    stack.push((next, &p.tree));
                }
                UseTree::Group(g) => {
                    for item in g.items.iter().rev() {
                        stack.push((prefix.clone(), item));
                    }
                }
                UseTree::Glob(_) => self.import(module, None, None, ImportKind::Wildcard, reexport, span),
                UseTree::Name(n) => {
                    let name = n.ident.to_string();
                    if name == "self" {
                        let alias = prefix.last().cloned();
                        self.import(module, None, alias, ImportKind::Namespace, reexport, span);
                    } else if prefix.is_empty() {
                        self.import(name, None, None, ImportKind::Namespace, reexport, span);
                    } else {
                        self.import(module, Some(name), None, ImportKind::Named, reexport, span);
                    }
                }
                UseTree::Rename(r) => {
                    let (name, alias) = (r.ident.to_string(), Some(r.rename.to_string()));
                    if name == "self" {
                        self.import(module, None, alias, ImportKind::Namespace, reexport, span);
                    } else if prefix.is_empty() {
                        self.import(name, None, alias, ImportKind::Namespace, reexport, span);
                    } else {
                        self.import(module, Some(name), alias, ImportKind::Named, reexport, span);
                    }
                }
            }
        }
    }

    /// `a::b.c.d` for a path followed by field accesses; `None` when the
    /// receiver is rooted at anything else (a call, a literal).
    fn chain(expr: &Expr) -> Option<String> {
        let mut fields: Vec<String> = Vec::new();
        let mut e = expr;
        loop {
            match e {
                Expr::Path(p) if p.qself.is_none() => {
                    let mut out = path_string(&p.path);
                    for f in fields.iter().rev() {
                        out.push('.');
                        out.push_str(f.as_str());
                    }
                    return Some(out);
                }
                Expr::Field(f) => {
                    fields.push(member_name(&f.member));
                    e = &f.base;
                }
                _ => return None,
            }
        }
    }

    /// Top-level item names, and the functions of top-level `extern` blocks.
    fn exports(&mut self, file: &syn::File) {
        for item in &file.items {
            let ident = match item {
                syn::Item::Const(i) => Some(&i.ident),
                syn::Item::Enum(i) => Some(&i.ident),
                syn::Item::Fn(i) => Some(&i.sig.ident),
                syn::Item::Macro(i) => i.ident.as_ref(),
                syn::Item::Mod(i) => Some(&i.ident),
                syn::Item::Static(i) => Some(&i.ident),
                syn::Item::Struct(i) => Some(&i.ident),
                syn::Item::Trait(i) => Some(&i.ident),
                syn::Item::TraitAlias(i) => Some(&i.ident),
                syn::Item::Type(i) => Some(&i.ident),
                syn::Item::Union(i) => Some(&i.ident),
                syn::Item::ForeignMod(m) => {
                    for f in &m.items {
                        match f {
                            syn::ForeignItem::Fn(f) => self.facts.exports.push(f.sig.ident.to_string()),
                            syn::ForeignItem::Static(s) => self.facts.exports.push(s.ident.to_string()),
                            _ => {}
                        }
                    }
                    None
                }
                _ => None,
            };
            if let Some(ident) = ident {
                self.facts.exports.push(ident.to_string());
            }
        }
    }

    /// `#[link(name = "session-config")]`: the native library's name.
    fn link_names(attr: &syn::Attribute) -> Vec<(String, proc_macro2::Span)> {
        let syn::Meta::List(list) = &attr.meta else { return Vec::new() };
        if !list.path.is_ident("link") {
            return Vec::new();
        }
        let tokens: Vec<TokenTree> = list.tokens.clone().into_iter().collect();
        tokens
            .windows(3)
            .filter_map(|w| match w {
                [TokenTree::Ident(k), TokenTree::Punct(eq), TokenTree::Literal(l)]
                    if k == "name" && eq.as_char() == '=' =>
                {
                    match Lit::new(l.clone()) {
                        Lit::Str(s) => Some((s.value(), attr.span())),
                        _ => None,
                    }
                }
                _ => None,
            })
            .collect()
    }

    /// `concat!("a", "b", 1)`: the joined value, when every part is a literal.
    fn concat(&mut self, exprs: &Punctuated<Expr, Token![,]>) {
        let mut value = String::new();
        for e in exprs {
            let Expr::Lit(lit) = e else { return };
            match &lit.lit {
                Lit::Str(s) => value.push_str(literal_body(&s.token().to_string())),
                Lit::Char(c) => value.push(c.value()),
                Lit::Int(i) => value.push_str(&i.to_string()),
                Lit::Float(f) => value.push_str(&f.to_string()),
                Lit::Bool(b) => value.push_str(if b.value { "true" } else { "false" }),
                _ => return,
            }
        }
        if let (Some(first), Some(last)) = (exprs.first(), exprs.last()) {
            let (start, end) = (first.span().byte_range().start, last.span().byte_range().end);
            self.facts.strings.push(StringLit { value, span: self.lines.span(start, end) });
        }
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item_use(&mut self, i: &'ast syn::ItemUse) {
        for a in &i.attrs {
            self.visit_attribute(a);
        }
        let reexport = !matches!(i.vis, syn::Visibility::Inherited);
        let span = self.span(i.span());
        self.use_tree(&i.tree, reexport, span);
    }

    fn visit_item_extern_crate(&mut self, i: &'ast syn::ItemExternCrate) {
        let reexport = !matches!(i.vis, syn::Visibility::Inherited);
        let span = self.span(i.span());
        let alias = i.rename.as_ref().map(|(_, r)| r.to_string());
        self.import(i.ident.to_string(), None, alias, ImportKind::Namespace, reexport, span);
    }

    fn visit_item_mod(&mut self, i: &'ast syn::ItemMod) {
        if i.content.is_none() {
            let span = self.span(i.span());
            let reexport = !matches!(i.vis, syn::Visibility::Inherited);
            self.facts.imports.push(Import {
                module: i.ident.to_string(),
                name: None,
                alias: None,
                kind: ImportKind::SideEffect,
                local: true,
                reexport,
                span,
            });
        }
        visit::visit_item_mod(self, i);
    }

    fn visit_item_foreign_mod(&mut self, i: &'ast syn::ItemForeignMod) {
        for attr in &i.attrs {
            for (name, span) in Self::link_names(attr) {
                let span = self.span(span);
                self.import(name, None, None, ImportKind::Wildcard, false, span);
            }
        }
        visit::visit_item_foreign_mod(self, i);
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        for a in &i.attrs {
            self.visit_attribute(a);
        }
        self.visit_generics(&i.generics);
        if let Some((_, path, _)) = &i.trait_ {
            self.with_hint(RefKind::Type, |s| s.visit_path(path));
        }
        self.visit_type(&i.self_ty);
        for item in &i.items {
            self.visit_impl_item(item);
        }
    }

    fn visit_attribute(&mut self, a: &'ast syn::Attribute) {
        // Doc comments are comments (the lexer has them), not strings.
        if a.path().is_ident("doc") {
            return;
        }
        match &a.meta {
            syn::Meta::NameValue(nv) => self.visit_expr(&nv.value),
            syn::Meta::List(list) => token_strings(&list.tokens, |l| self.token_literal(l)),
            syn::Meta::Path(_) => {}
        }
    }

    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}

    fn visit_expr(&mut self, e: &'ast Expr) {
        self.with_hint(RefKind::Ident, |s| visit::visit_expr(s, e));
    }

    fn visit_pat(&mut self, p: &'ast syn::Pat) {
        self.with_hint(RefKind::Ident, |s| visit::visit_pat(s, p));
    }

    fn visit_type(&mut self, t: &'ast syn::Type) {
        self.with_hint(RefKind::Type, |s| visit::visit_type(s, t));
    }

    fn visit_trait_bound(&mut self, t: &'ast syn::TraitBound) {
        self.with_hint(RefKind::Type, |s| visit::visit_trait_bound(s, t));
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let kind = std::mem::replace(&mut self.hint, RefKind::Ident);
        let span = self.span(p.span());
        self.reference(path_string(p), kind, span);
        // Generic arguments hold types and paths of their own.
        for seg in &p.segments {
            self.visit_path_arguments(&seg.arguments);
        }
        self.hint = kind;
    }

    fn visit_expr_call(&mut self, i: &'ast syn::ExprCall) {
        for a in &i.attrs {
            self.visit_attribute(a);
        }
        match &*i.func {
            Expr::Path(p) => {
                if let Some(q) = &p.qself {
                    self.visit_qself(q);
                }
                self.with_hint(RefKind::Call, |s| s.visit_path(&p.path));
            }
            f => self.visit_expr(f),
        }
        for arg in &i.args {
            self.visit_expr(arg);
        }
    }

    fn visit_expr_method_call(&mut self, i: &'ast syn::ExprMethodCall) {
        let Some(chain) = Self::chain(&i.receiver) else {
            return visit::visit_expr_method_call(self, i);
        };
        for a in &i.attrs {
            self.visit_attribute(a);
        }
        let (start, end) = (i.receiver.span().byte_range().start, i.method.span().byte_range().end);
        self.reference(format!("{chain}.{}", i.method), RefKind::Call, self.lines.span(start, end));
        if let Some(t) = &i.turbofish {
            self.visit_angle_bracketed_generic_arguments(t);
        }
        for arg in &i.args {
            self.visit_expr(arg);
        }
    }

    fn visit_expr_field(&mut self, i: &'ast syn::ExprField) {
        match Self::chain(&i.base).map(|base| format!("{base}.{}", member_name(&i.member))) {
            Some(chain) => {
                let span = self.span(i.span());
                self.reference(chain, RefKind::Member, span);
            }
            None => visit::visit_expr_field(self, i),
        }
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.with_hint(RefKind::Call, |s| s.visit_path(&m.path));
        match m.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
            Ok(exprs) => {
                if m.path.segments.last().is_some_and(|s| s.ident == "concat") {
                    self.concat(&exprs);
                }
                for e in &exprs {
                    <Self as Visit<'_>>::visit_expr(self, e);
                }
            }
            // Not expressions (`vec![0; n]`, `json!({..})`, `macro_rules!`
            // arms): the literals are still strings of this file.
            Err(_) => token_strings(&m.tokens, |l| self.token_literal(l)),
        }
    }

    fn visit_lit_str(&mut self, s: &'ast syn::LitStr) {
        self.string(&s.token().to_string(), s.span());
    }

    fn visit_lit_byte_str(&mut self, s: &'ast syn::LitByteStr) {
        self.string(&s.token().to_string(), s.span());
    }

    fn visit_lit_cstr(&mut self, s: &'ast syn::LitCStr) {
        self.string(&s.token().to_string(), s.span());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(src: &str) -> FileFacts {
        extract(src).expect("parses")
    }

    type ImportRow = (String, Option<String>, Option<String>, ImportKind, bool, bool);

    fn imports(f: &FileFacts) -> Vec<ImportRow> {
        f.imports
            .iter()
            .map(|i| (i.module.clone(), i.name.clone(), i.alias.clone(), i.kind.clone(), i.local, i.reexport))
            .collect()
    }

    fn refs(f: &FileFacts) -> Vec<(String, RefKind)> {
        f.references.iter().map(|r| (r.path.clone(), r.kind)).collect()
    }

    fn strings(f: &FileFacts) -> Vec<String> {
        f.strings.iter().map(|s| s.value.clone()).collect()
    }

    fn s(v: &str) -> String {
        v.to_string()
    }

    fn o(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn use_trees_flatten_into_imports() {
        let f = facts(
            "use session::config::Contacts as C;\n\
             use session::onionreq::*;\n\
             use std::collections;\n\
             pub use crate::ffi::{self, keys::{Keypair, sign as xsign}};\n\
             use super::util;\n\
             use serde;\n\
             extern crate libc as c;\n\
             mod ffi;\n",
        );
        assert_eq!(
            imports(&f),
            vec![
                (s("session::config"), o("Contacts"), o("C"), ImportKind::Named, false, false),
                (s("session::onionreq"), None, None, ImportKind::Wildcard, false, false),
                (s("std"), o("collections"), None, ImportKind::Named, false, false),
                (s("crate::ffi"), None, o("ffi"), ImportKind::Namespace, true, true),
                (s("crate::ffi::keys"), o("Keypair"), None, ImportKind::Named, true, true),
                (s("crate::ffi::keys"), o("sign"), o("xsign"), ImportKind::Named, true, true),
                (s("super"), o("util"), None, ImportKind::Named, true, false),
                (s("serde"), None, None, ImportKind::Namespace, false, false),
                (s("libc"), None, o("c"), ImportKind::Namespace, false, false),
                (s("ffi"), None, None, ImportKind::SideEffect, true, false),
            ]
        );
        assert_eq!(f.imports[3].span.line, 4);
    }

    #[test]
    fn link_attributes_import_the_native_library() {
        let f = facts(
            "#[link(name = \"session-config\", kind = \"static\")]\n\
             extern \"C\" {\n    pub fn config_push(conf: *mut c_void) -> *mut c_void;\n}\n\
             pub fn push(c: *mut c_void) { unsafe { config_push(c); } }\n",
        );
        assert_eq!(imports(&f), vec![(s("session-config"), None, None, ImportKind::Wildcard, false, false)]);
        assert_eq!(f.imports[0].span.line, 1);
        assert!(strings(&f).contains(&s("session-config")), "{:?}", strings(&f));
        assert!(refs(&f).contains(&(s("config_push"), RefKind::Call)), "{:?}", refs(&f));
        assert!(f.exports.contains(&s("config_push")) && f.exports.contains(&s("push")), "{:?}", f.exports);
    }

    #[test]
    fn references_keep_paths_and_chains() {
        let f = facts(
            "fn run(client: &session::Client) -> Result<(), session::Error> {\n    \
                 let c = session::config::Contacts::new(&KEY);\n    \
                 client.inner.send(session::onion::build!(c));\n    \
                 make().ignored();\n    \
                 Ok(())\n}\n",
        );
        let r = refs(&f);
        for want in [
            (s("session::Client"), RefKind::Type),
            (s("session::Error"), RefKind::Type),
            (s("session::config::Contacts::new"), RefKind::Call),
            (s("KEY"), RefKind::Ident),
            (s("client.inner.send"), RefKind::Call),
            (s("session::onion::build"), RefKind::Call),
            (s("c"), RefKind::Ident),
            (s("make"), RefKind::Call),
        ] {
            assert!(r.contains(&want), "missing {want:?} in {r:?}");
        }
        assert!(!r.iter().any(|(p, _)| p.contains("ignored") || p == "client" || p == "client.inner"), "{r:?}");
        let call = f.references.iter().find(|r| r.path == "client.inner.send").expect("chain");
        assert_eq!((call.span.line, call.span.column), (3, 5));
    }

    #[test]
    fn strings_come_from_code_macros_and_attributes() {
        let f = facts(
            "#[serde(rename = \"session_id\")]\n\
             struct S;\n\
             /// Talks to https://doc-comment.example\n\
             fn f() {\n    \
                 let a = \"https://seed1.getsession.org:4443\";\n    \
                 let b = r#\"raw \"quoted\"\"#;\n    \
                 let c = b\"bytes\";\n    \
                 println!(\"cargo:rustc-link-lib=static={}\", LIB);\n    \
                 let d = vec![\"in-vec\"; 2];\n    \
                 let e = concat!(\"/oxen/\", \"v4/\", \"lsrpc\");\n    \
                 let g = json!({\"host\": \"open.getsession.org\"});\n}\n",
        );
        let v = strings(&f);
        for want in [
            "session_id",
            "https://seed1.getsession.org:4443",
            "raw \"quoted\"",
            "bytes",
            "cargo:rustc-link-lib=static={}",
            "in-vec",
            "/oxen/v4/lsrpc",
            "open.getsession.org",
        ] {
            assert!(v.contains(&s(want)), "missing {want:?} in {v:?}");
        }
        assert!(!v.iter().any(|s| s.contains("doc-comment")), "doc comments are not strings: {v:?}");
        assert!(refs(&f).contains(&(s("LIB"), RefKind::Ident)));
        let seed = f.strings.iter().find(|s| s.value.contains("seed1")).expect("seed string");
        assert_eq!((seed.span.line, seed.span.column), (5, 13));
    }

    #[test]
    fn comments_are_found_around_tricky_literals() {
        let src = "// line one\n\
                   let a = \"// not a comment\"; /* block /* nested */ still */\n\
                   let b = '\"'; let c = r#\"/* no */\"#; // tail 'x\n\
                   fn f<'a>(x: &'a str) -> char { '/' } //! inner doc\n";
        let lexed = lex(src);
        let texts: Vec<&str> = lexed.comments.iter().map(|&(s, e)| &src[s..e]).collect();
        assert_eq!(texts, vec!["// line one", "/* block /* nested */ still */", "// tail 'x", "//! inner doc"]);
    }

    #[test]
    fn parse_errors_name_the_position() {
        let err = extract("fn main() {\n    let x = ;\n}\n").expect_err("invalid Rust");
        assert!(err.0.contains("at 2:"), "{}", err.0);
    }

    #[test]
    fn spans_are_right_after_wide_characters_and_crlf() {
        let f = facts("// é€\r\nfn f() {\r\n    let café = \"https://open.getsession.org\";\r\n}\r\n");
        let lit = &f.strings[0];
        assert_eq!((lit.span.line, lit.span.column), (3, 16));
        assert_eq!(f.comments[0].text, "// é€");
    }

    #[test]
    fn bom_and_shebang_keep_offsets() {
        let f = facts("\u{feff}#!/usr/bin/env run-cargo-script\nfn main() { let s = \"x\"; }\n");
        assert_eq!((f.strings[0].span.line, f.strings[0].span.column), (2, 21));
    }

    /// Sources nested `depth` levels deep in each way syn recurses.
    fn deep_sources(depth: usize) -> Vec<(&'static str, String)> {
        vec![
            ("parens", format!("fn f() {{ let x = {}a::b(1){}; }}\n", "(".repeat(depth), ")".repeat(depth))),
            ("blocks", format!("fn f() {}x{}\n", "{".repeat(depth), "}".repeat(depth))),
            ("generics", format!("type T = {}u8{};\n", "Vec<".repeat(depth), ">".repeat(depth))),
            ("generic args", format!("type T = {}u8{};\n", "HashMap<u8, ".repeat(depth), ">".repeat(depth))),
        ]
    }

    fn chain_sources(depth: usize) -> Vec<(&'static str, String)> {
        vec![
            ("unary", format!("fn f() {{ let x = {}true; }}\n", "!".repeat(depth))),
            ("binary", format!("fn f() {{ let x = 1{}; }}\n", " + 1".repeat(depth))),
            ("methods", format!("fn f() {{ let x = a{}; }}\n", ".b(1, 2)".repeat(depth / 2))),
            ("calls", format!("fn f() {{ let x = f{}; }}\n", "(1)".repeat(depth))),
            ("closures", format!("fn f() {{ let x = {}1; }}\n", "|a, b| ".repeat(depth / 2))),
            ("returns", format!("fn f() {{ {}1; }}\n", "return ".repeat(depth))),
            ("casts", format!("fn f() {{ let x = 1{}; }}\n", " as u8".repeat(depth / 2))),
            ("bindings", format!("fn f() {{ let {}x = 1; }}\n", "a @ ".repeat(depth))),
            ("if-else", format!("fn f() {{ let x = 0{}; }}\n", " + if c {1} else {2}".repeat(depth / 2))),
        ]
    }

    #[test]
    fn deep_nesting_is_refused_not_a_crash() {
        // Runs on the test thread's 2 MiB stack, like a scan worker.
        for (what, src) in deep_sources(100_000).into_iter().chain(chain_sources(100_000)) {
            let err = extract(&src).expect_err(what);
            assert!(err.0.contains("deeper than"), "{what}: {}", err.0);
        }
    }

    #[test]
    fn the_deepest_accepted_files_parse() {
        for (what, src) in deep_sources(MAX_NESTING - 2) {
            assert!(extract(&src).is_ok(), "{what}");
        }
        for (what, src) in chain_sources(MAX_CHAIN - 8) {
            assert!(extract(&src).is_ok(), "{what}");
        }
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_text_never_panics(src in "\\PC{0,200}") {
            let _ = extract(&src);
        }
    }

    #[test]
    fn every_prefix_of_a_real_file_is_handled() {
        let src = include_str!("../../test-corpus/rust/libsession-sys/src/lib.rs");
        for (i, _) in src.char_indices().step_by(7) {
            let _ = extract(&src[..i]);
        }
    }

    #[test]
    fn ordinary_code_is_far_from_the_limits() {
        let src = "impl<T: Clone + Send> Foo<T> for Bar<T> where T: Into<u8> {\n    \
                   fn f(&self, a: &[u8], b: Option<Vec<u8>>) -> Result<(), E> {\n        \
                   let t = [A | B, C | D, E | F];\n        \
                   if a.len() < 3 && b.is_some() { return Err(e()); }\n        \
                   self.items.iter().map(|(k, v)| k + v).filter(|x| x > &2).count();\n        \
                   Ok(())\n    }\n}\n";
        let big = src.repeat(2000);
        let lexed = lex(&big);
        assert!(lexed.nesting.worst_nesting.0 < 10, "{}", lexed.nesting.worst_nesting.0);
        assert!(lexed.nesting.worst_chain.0 < 40, "{}", lexed.nesting.worst_chain.0);
    }
}
