//! The shipped string-literal rules (hosts, keys, paths, headers, ID formats) on
//! facts built without the language extractors: a small stand-in scanner turns
//! each file of `test-corpus/endpoints` into `StringLit`s the way the
//! extractors are specified to (quotes stripped, escapes as written, template
//! substitutions dropped, literal-only `+` chains joined), and the findings
//! must equal the files' `expect:` annotations. Once the extractors land, the
//! corpus test checks the same files end to end.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use session_impact::corpus;
use session_impact::facts::{FileFacts, LineIndex, Span, StringLit};
use session_impact::lang::{self, FileKind, Language};
use session_impact::rules::matcher::match_file;
use session_impact::rules::prefilter::Prefilter;
use session_impact::RuleSet;

fn shipped() -> RuleSet {
    RuleSet::load(true, &[]).expect("the shipped rules load")
}

/// A string token: value and byte range including its quotes.
struct Token {
    value: String,
    start: usize,
    end: usize,
}

/// Finds the string literals of `source` (see the module comment). Handles
/// `//` and `/* */` comments (`#` in Python), '…', "…", Python triple quotes
/// and JS template literals; good enough for the hand-written corpus files.
fn string_tokens(source: &str, lang: Language) -> Vec<Token> {
    let python = lang == Language::Python;
    let js = matches!(lang, Language::JavaScript | Language::TypeScript | Language::Tsx);
    let b = source.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let rest = &source[i..];
        if (!python && rest.starts_with("//")) || (python && b[i] == b'#') {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if !python && rest.starts_with("/*") {
            i += rest.find("*/").map(|e| e + 2).unwrap_or(rest.len());
        } else if python && (rest.starts_with("\"\"\"") || rest.starts_with("'''")) {
            let end = rest[3..].find(&rest[..3]).map(|e| e + 6).unwrap_or(rest.len());
            out.push(Token { value: rest[3..end.saturating_sub(3).max(3)].to_string(), start: i, end: i + end });
            i += end;
        } else if b[i] == b'"' || b[i] == b'\'' || (js && b[i] == b'`') {
            let quote = b[i];
            let mut value = String::new();
            let mut j = i + 1;
            while j < b.len() && b[j] != quote && (quote == b'`' || b[j] != b'\n') {
                if b[j] == b'\\' && j + 1 < b.len() {
                    value.push_str(&source[j..j + 2]);
                    j += 2;
                } else if quote == b'`' && source[j..].starts_with("${") {
                    // Substitutions are replaced by nothing.
                    let mut depth = 0;
                    while j < b.len() {
                        match b[j] {
                            b'{' => depth += 1,
                            b'}' => {
                                depth -= 1;
                                if depth == 0 {
                                    j += 1;
                                    break;
                                }
                            }
                            _ => {}
                        }
                        j += 1;
                    }
                } else {
                    let ch = source[j..].chars().next().unwrap_or('\0');
                    value.push(ch);
                    j += ch.len_utf8().max(1);
                }
            }
            out.push(Token { value, start: i, end: (j + 1).min(b.len()) });
            i = j + 1;
        } else {
            i += source[i..].chars().next().map(char::len_utf8).unwrap_or(1);
        }
    }
    out
}

fn facts_for(source: &str, lang: Language) -> FileFacts {
    let index = LineIndex::new(source);
    let tokens = string_tokens(source, lang);
    let mut strings: Vec<StringLit> =
        tokens.iter().map(|t| StringLit { value: t.value.clone(), span: index.span(t.start, t.end) }).collect();
    // Chains of literals joined by `+` give one more literal with the joined value.
    let mut k = 0;
    while k < tokens.len() {
        let mut last = k;
        while last + 1 < tokens.len() && source[tokens[last].end..tokens[last + 1].start].trim() == "+" {
            last += 1;
        }
        if last > k {
            let value: String = tokens[k..=last].iter().map(|t| t.value.as_str()).collect();
            strings.push(StringLit { value, span: index.span(tokens[k].start, tokens[last].end) });
        }
        k = last + 1;
    }
    FileFacts { strings, ..FileFacts::default() }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus").join("endpoints")
}

fn findings(rules: &RuleSet, lang: Language, source: &str) -> BTreeSet<(usize, String)> {
    let facts = facts_for(source, lang);
    match_file(rules, lang.name(), &facts, source)
        .into_iter()
        .map(|m| (m.span.line, rules.rules[m.rule].id.clone()))
        .collect()
}

#[test]
fn endpoint_corpus_matches_its_annotations() {
    let rules = shipped();
    let prefilter = Prefilter::new(&rules);
    let mut problems = Vec::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(corpus_dir()).sort_by_file_name().into_iter().flatten() {
        let path = entry.path();
        let Some(FileKind::Source(lang)) = lang::classify(path) else { continue };
        files += 1;
        let text = std::fs::read_to_string(path).expect("corpus files are UTF-8");
        let rel = path.strip_prefix(corpus_dir()).unwrap_or(path).display().to_string();
        let Some(expected) = corpus::annotations(&text) else {
            problems.push(format!("{rel}: not annotated"));
            continue;
        };
        let actual = findings(&rules, lang, &text);
        for (line, rule) in expected.difference(&actual) {
            problems.push(format!("{rel}:{line}: missing finding {rule}"));
        }
        for (line, rule) in actual.difference(&expected) {
            problems.push(format!("{rel}:{line}: unexpected finding {rule}"));
        }
        if !expected.is_empty() && !prefilter.may_match(FileKind::Source(lang), text.as_bytes()) {
            problems.push(format!("{rel}: the prefilter drops a file with expected findings"));
        }
    }
    assert!(files >= 10, "expected the endpoint corpus, found {files} files");
    assert!(problems.is_empty(), "{} problem(s):\n  {}", problems.len(), problems.join("\n  "));
}

/// Rule ids that one line of `lang` source produces.
fn ids(rules: &RuleSet, lang: Language, source: &str) -> Vec<String> {
    let mut v: Vec<String> = findings(rules, lang, source).into_iter().map(|(_, id)| id).collect();
    v.dedup();
    v
}

#[test]
fn hosts_match_in_every_spelling_and_only_as_hosts() {
    let rules = shipped();
    let ts = Language::TypeScript;
    assert_eq!(
        ids(&rules, ts, "const a = 'https://seed3.getsession.org:4443/json_rpc';"),
        ["onion-request/seed-node-host"]
    );
    assert_eq!(ids(&rules, ts, "const a = 'seed1.getsession.org';"), ["onion-request/seed-node-host"]);
    // Template literal with the placeholder kept instead of dropped.
    let facts = FileFacts {
        strings: vec![StringLit { value: "https://seed${i}.getsession.org".into(), span: Span::default() }],
        ..FileFacts::default()
    };
    assert_eq!(match_file(&rules, "typescript", &facts, "").len(), 1);
    assert_eq!(ids(&rules, ts, "x = 'https://getsession.org/faq'"), ["identity/getsession-link"]);
    assert_eq!(ids(&rules, ts, "x = 'Download it at https://getsession.org.'"), ["identity/getsession-link"]);
    // Look-alike hosts are not Session's.
    for s in [
        "x = 'https://seed1.getsession.org.evil.example'",
        "x = 'https://notgetsession.org'",
        "x = 'https://open.getsession.organic.example'",
        "x = 'mygetsession.org'",
        "x = 'https://filev2.getsessions.org'",
    ] {
        let got = ids(&rules, ts, s);
        assert!(got.iter().all(|id| id != "sogs/official-community-host" && id != "file-server/host"), "{s}: {got:?}");
    }
    assert!(ids(&rules, ts, "x = 'https://notgetsession.org'").is_empty());
    assert!(ids(&rules, ts, "x = 'mygetsession.org'").is_empty());
    // IPs need their own boundaries.
    assert_eq!(ids(&rules, ts, "x = 'http://116.203.70.33:80'"), ["sogs/official-community-host"]);
    assert!(ids(&rules, ts, "x = '116.203.70.330'").is_empty());
    assert!(ids(&rules, ts, "x = '1.144.76.164.202'").is_empty());
}

#[test]
fn headers_match_in_any_case_but_not_as_prefixes() {
    let rules = shipped();
    let py = Language::Python;
    assert_eq!(ids(&rules, py, "h = 'x-sogs-signature'"), ["sogs/auth-header"]);
    assert_eq!(ids(&rules, py, "h = 'X-FS-Timestamp: 1700000000'"), ["file-server/auth-header"]);
    assert!(ids(&rules, py, "h = 'X-SOGS-Pubkeys'").is_empty());
    assert!(ids(&rules, py, "h = 'X-FSX-Pubkey'").is_empty());
}

#[test]
fn generic_wire_names_need_session_context() {
    let rules = shipped();
    let js = Language::JavaScript;
    assert!(ids(&rules, js, "call({ method: 'store', params })").is_empty());
    assert!(ids(&rules, js, "app.post('/api/v1/store', h)").is_empty());
    assert_eq!(
        ids(&rules, js, "const url = `https://${snode.ip}/storage_rpc/v1`; call(url, { method: 'retrieve' })"),
        ["storage-rpc/method-name", "storage-rpc/storage-rpc-path"]
    );
    assert_eq!(
        ids(&rules, js, "import { SnodeAPI } from './snode_api'; x = { method: 'retrieve' }"),
        ["storage-rpc/method-name"]
    );
    // Lokinet and oxend say "snode" too and have their own `info`/`delete`.
    assert!(ids(&rules, js, "const snode = pick(); call(snode, { method: 'info' })").is_empty());
    assert!(ids(&rules, js, "x = { endpoint: 'generate_pro_proof' }").is_empty());
    assert_eq!(
        ids(&rules, js, "const PRO_BACKEND = u; x = { endpoint: 'generate_pro_proof' }"),
        ["pro/backend-endpoint"]
    );
}

const HEX64: &str = "7aeb66e45660c3bdfb7c62706f6440226af43ec13f3b6f899c1dd4db1b8fce5b";

#[test]
fn id_formats_need_context_and_exact_length() {
    let rules = shipped();
    let ts = Language::TypeScript;
    let with = |prefix: &str, context: &str| ids(&rules, ts, &format!("{context}\nconst k = '{prefix}{HEX64}';"));
    assert_eq!(with("05", "const sessionId = 1;"), ["identity/session-id-literal"]);
    assert_eq!(with("03", "type G = GroupPubkeyType;"), ["identity/group-id-literal"]);
    assert_eq!(with("15", "const blindedId = 1;"), ["identity/blinded-id-literal"]);
    assert_eq!(with("25", "// from the SOGS"), ["identity/blinded-id-literal"]);
    assert_eq!(with("07", "const versionBlinded = 1;"), ["identity/version-blinded-id-literal"]);
    // A compressed secp256k1 key next to wallet vocabulary is not a Session group.
    assert!(with("03", "const pubkey = 1; const session = new WalletSession();").is_empty());
    assert!(with("02", "const sessionId = 1;").is_empty());
    // libsignal keys start 05 too; without Session context nothing fires.
    assert!(with("05", "import { IdentityKey } from '@signalapp/libsignal-client';").is_empty());
    // Length and boundaries: 65 or 67 hex characters, or hex glued to a word, are not IDs.
    assert!(ids(&rules, ts, &format!("const sessionId = '05{}';", &HEX64[1..])).is_empty());
    assert!(ids(&rules, ts, &format!("const sessionId = '05{HEX64}0';")).is_empty());
    assert!(ids(&rules, ts, &format!("const sessionId = 'x05{HEX64}';")).is_empty());
    // Inside a longer string, with separators.
    assert_eq!(
        ids(&rules, ts, &format!("const msg = 'My Account ID is 05{HEX64}, add me';")),
        ["identity/session-id-literal"]
    );
    // A legacy group id is reported once, by its own rule.
    assert_eq!(
        ids(&rules, ts, &format!("const sessionId = 1; const g = '__textsecure_group__!05{HEX64}';")),
        ["identity/legacy-group-id"]
    );
}

#[test]
fn unrelated_files_do_not_pass_the_prefilter() {
    // The prefilter needs needles; a rule whose needles are empty would make
    // every file of every language go through the parser.
    let rules = shipped();
    let prefilter = Prefilter::new(&rules);
    let unrelated = b"fn main() { println!(\"hello, session world: 05 03 store retrieve\"); }";
    for lang in Language::ALL {
        assert!(
            !prefilter.may_match(FileKind::Source(lang), unrelated),
            "{}: an unrelated file passes the prefilter",
            lang.name()
        );
    }
}
