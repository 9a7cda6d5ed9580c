//! Soundness of the prefilter: a file the prefilter drops is never parsed,
//! so it must never drop a file that the rules would flag.
//!
//! 1. Every shipped rule, on its own, lets its positive corpus files through.
//! 2. A property: files built from corpus files and from the rules' own
//!    patterns (imports, symbols, strings generated from the rules' regexes,
//!    context text), mutated with case changes, split and interpolated string
//!    literals and surrounding noise, are either not flagged by the full
//!    pipeline (`scan::analyse`) or let through by `Prefilter::may_match`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use regex_syntax::hir::{Hir, HirKind};
use session_impact::corpus;
use session_impact::lang::{self, FileKind};
use session_impact::rules::prefilter::Prefilter;
use session_impact::scan::analyse;
use session_impact::RuleSet;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus")
}

fn shipped() -> RuleSet {
    RuleSet::load(true, &[]).expect("shipped rules load")
}

/// The rule set with every rule but `id` disabled.
fn only(rules: &RuleSet, id: &str) -> RuleSet {
    let mut one = rules.clone();
    let others: Vec<String> = rules.rules.iter().filter(|r| r.id != id).map(|r| r.id.clone()).collect();
    one.disable(&others);
    one
}

#[test]
fn every_rule_lets_its_positive_corpus_files_through() {
    let rules = shipped();
    let dir = corpus_dir();
    let (expected, _) = corpus::expectations(&dir);
    let mut files_by_rule: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (path, _, rule) in &expected {
        files_by_rule.entry(rule.as_str()).or_default().insert(path.as_str());
    }
    let mut checked = 0;
    let mut dropped = Vec::new();
    for rule in &rules.rules {
        let Some(files) = files_by_rule.get(rule.id.as_str()) else { continue };
        let prefilter = Prefilter::new(&only(&rules, &rule.id));
        for file in files {
            let path = dir.join(file);
            let kind = lang::classify(&path).expect("annotated corpus files are classified");
            let bytes = std::fs::read(&path).expect("corpus file is readable");
            // Findings that reach a file only through its project's barrels
            // (blast radius, test-corpus/impact) come from a second pass that
            // re-reads the file whatever the prefilter said; the prefilter's
            // promise is about what the file alone makes the matcher report.
            let text = String::from_utf8_lossy(&bytes);
            let alone = session_impact::scan::analyse(&rules, kind, file, &text).unwrap_or_default();
            if !alone.iter().any(|f| f.rule_id == rule.id) {
                continue;
            }
            checked += 1;
            if !prefilter.may_match(kind, &bytes) {
                dropped.push(format!("{}: {file}", rule.id));
            }
        }
    }
    assert!(checked >= 20, "only {checked} (rule, file) pairs checked: is the corpus there?");
    assert!(
        dropped.is_empty(),
        "the prefilter of these rules drops their own positive corpus files:\n{}",
        dropped.join("\n")
    );
}

// ---- the property ---------------------------------------------------------------------------------

/// A tiny deterministic generator for the choices a case makes (proptest
/// supplies the seed, so failures replay).
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

const NOISE: &[&str] = &[
    "const session = require('express-session');",
    "let x = computeTotal(items, 3);",
    "// Sessions are stored in Redis; the session id is a cookie.",
    "val client = OkHttpClient.Builder().build()",
    "session = requests.Session()",
    "let task = URLSession.shared.dataTask(with: url)",
    "HttpSession s = request.getSession();",
    "#include <vector>",
    "use std::collections::HashMap;",
    "import os",
    "print(\"hello world\")",
    "    return a + b;",
    "}",
];

const WORDS: &[&str] = &["client", "config", "util", "Contacts", "api", "v2", "network", "Thing", "x"];

/// A glob made concrete: every metacharacter replaced by something it matches.
fn concretize(glob: &str, dice: &mut Dice) -> String {
    let mut out = String::new();
    let mut chars = glob.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => {
                if chars.peek() == Some(&'*') {
                    chars.next();
                }
                if !dice.chance(20) {
                    out.push_str(dice.pick(WORDS).copied().unwrap_or("x"));
                }
            }
            '?' => out.push('x'),
            '[' => {
                let mut class = String::new();
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    class.push(c);
                }
                out.push(class.trim_start_matches('!').chars().find(|c| *c != '^').unwrap_or('x'));
            }
            '{' => {
                let mut alts = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    alts.push(c);
                }
                let options: Vec<&str> = alts.split(',').collect();
                out.push_str(dice.pick(&options).copied().unwrap_or(""));
            }
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// A source-language name a rule applies to, or a random one.
fn language_for(languages: &[String], dice: &mut Dice) -> &'static str {
    let all = ["javascript", "typescript", "tsx", "kotlin", "java", "swift", "c", "cpp", "python", "rust"];
    let known: Vec<&'static str> = all
        .iter()
        .copied()
        .filter(|l| languages.iter().any(|x| x == l || (x == "typescript" && *l == "tsx")))
        .collect();
    if known.is_empty() {
        all[dice.below(all.len())]
    } else {
        known[dice.below(known.len())]
    }
}

fn kind_of(language: &str) -> FileKind {
    let ext = match language {
        "javascript" => "js",
        "typescript" => "ts",
        "tsx" => "tsx",
        "kotlin" => "kt",
        "java" => "java",
        "swift" => "swift",
        "c" => "c",
        "cpp" => "cpp",
        "python" => "py",
        _ => "rs",
    };
    lang::classify(Path::new(&format!("file.{ext}"))).expect("extension is classified")
}

/// `value` as a string literal of `language`, sometimes split into a
/// concatenation or with an interpolation inserted.
fn string_literal(language: &str, value: &str, dice: &mut Dice) -> String {
    let quote = |s: &str| format!("\"{s}\"");
    let split = if value.is_empty() {
        0
    } else {
        let cut = dice.below(value.len() + 1);
        (0..=cut).rev().find(|&i| value.is_char_boundary(i)).unwrap_or(0)
    };
    let (a, b) = value.split_at(split);
    match dice.below(4) {
        0 => quote(value),
        1 => match language {
            "javascript" | "typescript" | "tsx" => format!("'{a}' + '{b}'"),
            "python" => format!("\"{a}\" \"{b}\""),
            "c" | "cpp" => format!("\"{a}\"\n    \"{b}\""),
            "rust" => format!("concat!(\"{a}\", \"{b}\")"),
            _ => format!("\"{a}\" + \"{b}\""),
        },
        2 => match language {
            "javascript" | "typescript" | "tsx" => format!("`{a}${{host}}{b}`"),
            "python" => format!("f\"{a}{{host}}{b}\""),
            "kotlin" => format!("\"{a}${{host}}{b}\""),
            "swift" => format!("\"{a}\\(host){b}\""),
            _ => quote(value),
        },
        _ => match language {
            "python" => format!("(\"{a}\"\n    + \"{b}\")"),
            "javascript" | "typescript" | "tsx" => format!("`{a}` + \"{b}\" + path"),
            _ => quote(value),
        },
    }
}

/// An import of `module` in `language` and the name it binds for `symbol`.
fn import_lines(language: &str, module: &str, symbol: Option<&str>, dice: &mut Dice) -> Vec<String> {
    let sym = symbol.unwrap_or("Thing");
    let head = sym.split(['.', ':']).next().unwrap_or(sym);
    let mut out = Vec::new();
    match language {
        "javascript" | "typescript" | "tsx" => match dice.below(4) {
            0 => out.extend([format!("import {{ {head} }} from '{module}';"), format!("{sym}.run();")]),
            1 => out.extend([format!("import * as ns from '{module}';"), format!("ns.{sym}();")]),
            2 => out.extend([format!("const {{ {head} }} = require('{module}');"), format!("new {sym}();")]),
            _ => out.extend([format!("import Def from \"{module}\";"), format!("Def.{sym}();")]),
        },
        "python" => {
            let (parent, last) = module.rsplit_once('.').unwrap_or(("", module));
            match dice.below(5) {
                0 => out.extend([format!("import {module}"), format!("{module}.{sym}()")]),
                1 => out.extend([format!("from {module} import {head}"), format!("{sym}()")]),
                2 => out.extend([format!("import {module} as m"), format!("m.{sym}()")]),
                3 if !parent.is_empty() => {
                    out.extend([format!("from {parent} import {last}"), format!("{last}.{sym}()")])
                }
                _ => out.extend([format!("from {module} import *"), format!("{sym}()")]),
            }
            if dice.chance(20) {
                // Python allows spaces around the dots of a dotted name.
                for line in &mut out {
                    *line = line.replace('.', " . ");
                }
            }
        }
        "kotlin" | "java" => {
            let semi = if language == "java" { ";" } else { "" };
            match dice.below(3) {
                0 => out.extend([format!("import {module}.{head}{semi}"), format!("{sym}.call(){semi}")]),
                1 => out.extend([format!("import {module}.*{semi}"), format!("{sym}.call(){semi}")]),
                _ => out.extend([format!("import {module}{semi}"), format!("{module}.{sym}(){semi}")]),
            }
        }
        "swift" => out.extend([format!("import {module}"), format!("let v = {sym}(nil)")]),
        "c" | "cpp" => {
            if module.contains("::") {
                match dice.below(2) {
                    0 => out.extend([format!("using namespace {module};"), format!("{sym} value{{}};")]),
                    _ => out.push(format!("auto v = {module}::{sym}();")),
                }
            } else {
                out.extend([format!("#include <{module}>"), format!("int r = {sym}(ctx);")]);
            }
        }
        _ => match dice.below(3) {
            0 => out.extend([format!("#[link(name = \"{module}\")]"), format!("extern \"C\" {{ fn {head}(); }}")]),
            1 => out.extend([format!("use {module}::{head};"), format!("let v = {sym}::new();")]),
            _ => out.extend([format!("use {module}::*;"), format!("let v = {sym}();")]),
        },
    }
    out
}

/// Replaces look-arounds (`^`, `$`, `\b`) by nothing, which proptest's regex
/// generator cannot produce; the result may no longer match the rule, which
/// only makes a case unflagged.
fn without_looks(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(_) => Hir::empty(),
        HirKind::Capture(c) => without_looks(&c.sub),
        HirKind::Repetition(r) => {
            let mut r = r.clone();
            r.sub = Box::new(without_looks(&r.sub));
            Hir::repetition(r)
        }
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(without_looks).collect()),
        HirKind::Alternation(alts) => Hir::alternation(alts.iter().map(without_looks).collect()),
        _ => hir.clone(),
    }
}

/// Strings matching `pattern` (roughly), or `None` when it cannot be generated.
fn regex_values(pattern: &str) -> Option<BoxedStrategy<String>> {
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    let hir = without_looks(&hir);
    // Keep generated text printable and short.
    proptest::string::string_regex_parsed(&hir).ok().map(|s| s.prop_filter("short", |v| v.len() < 200).boxed())
}

/// What one generated case needs from the strategy.
#[derive(Debug, Clone)]
struct Case {
    source: Source,
    /// Values generated from the rule's `strings` and context regexes.
    values: Vec<String>,
    seed: u64,
}

#[derive(Debug, Clone)]
enum Source {
    Corpus(usize),
    Rule(usize),
}

struct World {
    rules: RuleSet,
    prefilter: Prefilter,
    /// (kind, text) of every positive source corpus file.
    corpus: Vec<(FileKind, String)>,
}

fn world() -> World {
    let rules = shipped();
    let prefilter = Prefilter::new(&rules);
    let dir = corpus_dir();
    let (expected, _) = corpus::expectations(&dir);
    let files: BTreeSet<&str> = expected.iter().map(|(p, _, _)| p.as_str()).collect();
    let corpus = files
        .into_iter()
        .filter_map(|f| {
            let path = dir.join(f);
            let kind = lang::classify(&path)?;
            let text = std::fs::read_to_string(&path).ok()?;
            Some((kind, text))
        })
        .collect();
    World { rules, prefilter, corpus }
}

/// The file a case describes.
fn build(world: &World, case: &Case) -> (FileKind, String) {
    let mut dice = Dice(case.seed | 1);
    match case.source {
        Source::Corpus(i) => {
            let (kind, text) = &world.corpus[i];
            let language = kind.name();
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            for _ in 0..dice.below(4) {
                mutate_corpus_line(&mut lines, language, &mut dice);
            }
            (*kind, lines.join("\n"))
        }
        Source::Rule(r) => {
            let rule = &world.rules.rules[r];
            let p = &rule.patterns;
            let language = language_for(&rule.languages, &mut dice);
            let mut lines: Vec<String> = Vec::new();
            lines.push(dice.pick(NOISE).copied().unwrap_or("").to_string());
            let symbol = p.symbols.get(dice.below(p.symbols.len())).map(|s| concretize(s, &mut dice));
            for module in p.modules.iter().chain(&p.context_modules) {
                if dice.chance(60) {
                    let module = concretize(module, &mut dice);
                    lines.extend(import_lines(language, &module, symbol.as_deref(), &mut dice));
                }
            }
            let mut values = case.values.iter();
            for _ in p.strings.iter().chain(&p.context_strings) {
                if let Some(v) = values.next() {
                    let literal = string_literal(language, &escape(v), &mut dice);
                    lines.push(format!("x = {literal};"));
                }
            }
            for _ in &p.context_text {
                if let Some(v) = values.next() {
                    lines.push(format!("// {}", v.replace('\n', " ")));
                }
            }
            for _ in 0..dice.below(4) {
                let at = dice.below(lines.len() + 1);
                lines.insert(at, dice.pick(NOISE).copied().unwrap_or("").to_string());
            }
            if dice.chance(25) {
                flip_case(&mut lines, &mut dice);
            }
            (kind_of(language), lines.join("\n"))
        }
    }
}

/// Keeps generated values inside one string literal.
fn escape(v: &str) -> String {
    v.chars().filter(|c| !matches!(c, '"' | '\'' | '`' | '\\' | '\n' | '\r' | '$' | '{' | '}')).collect()
}

/// Upper- or lower-cases one word of one line.
fn flip_case(lines: &mut [String], dice: &mut Dice) {
    let n = lines.len();
    let Some(line) = lines.get_mut(dice.below(n)) else { return };
    let words: Vec<(usize, usize)> = line
        .match_indices(|c: char| c.is_ascii_alphanumeric() || c == '_')
        .map(|(i, _)| i)
        .fold(Vec::new(), |mut runs: Vec<(usize, usize)>, i| {
            match runs.last_mut() {
                Some((_, end)) if *end == i => *end = i + 1,
                _ => runs.push((i, i + 1)),
            }
            runs
        });
    if let Some(&(s, e)) = words.get(dice.below(words.len())) {
        let word = &line[s..e];
        let flipped = if dice.chance(50) { word.to_ascii_uppercase() } else { word.to_ascii_lowercase() };
        line.replace_range(s..e, &flipped);
    }
}

/// One random edit of a corpus file: split a string literal, change the
/// case of a word, drop a line or add noise.
fn mutate_corpus_line(lines: &mut Vec<String>, language: &str, dice: &mut Dice) {
    if lines.is_empty() {
        return;
    }
    let i = dice.below(lines.len());
    match dice.below(4) {
        0 => {
            // Split the first double- or single-quoted literal on the line.
            let line = &lines[i];
            let Some(open) = line.find(['"', '\'']) else { return };
            let q = line.as_bytes()[open] as char;
            let Some(len) = line[open + 1..].find(q) else { return };
            let value = &line[open + 1..open + 1 + len];
            if value.contains('\\') {
                return;
            }
            let literal = string_literal(language, value, dice);
            let new = format!("{}{}{}", &line[..open], literal, &line[open + 2 + len..]);
            lines[i] = new;
        }
        1 => flip_case(lines, dice),
        2 => {
            lines.remove(i);
        }
        _ => lines.insert(i, dice.pick(NOISE).copied().unwrap_or("").to_string()),
    }
}

fn cases(world: &World) -> BoxedStrategy<Case> {
    let corpus = (0..world.corpus.len().max(1), any::<u64>()).prop_map(|(i, seed)| Case {
        source: Source::Corpus(i),
        values: Vec::new(),
        seed,
    });
    let per_rule: Vec<BoxedStrategy<Case>> = world
        .rules
        .rules
        .iter()
        .enumerate()
        .map(|(r, rule)| {
            let p = &rule.patterns;
            let regexes: Vec<BoxedStrategy<String>> = p
                .strings
                .iter()
                .chain(&p.context_strings)
                .chain(&p.context_text)
                .map(|re| regex_values(re).unwrap_or_else(|| Just(String::new()).boxed()))
                .collect();
            (regexes, any::<u64>())
                .prop_map(move |(values, seed)| Case { source: Source::Rule(r), values, seed })
                .boxed()
        })
        .collect();
    let rules = proptest::strategy::Union::new(per_rule);
    prop_oneof![1 => corpus, 3 => rules].boxed()
}

#[test]
fn prefilter_never_drops_a_file_the_rules_flag() {
    let world = world();
    let flagged = AtomicUsize::new(0);
    // A fixed seed keeps CI reproducible; set PREFILTER_SEED=<u64> to
    // explore other cases (a failure prints the file it generated).
    let seed: u64 = std::env::var("PREFILTER_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5e55_10f1);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
    let config = Config { cases: 2048, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, rng);
    let result = runner.run(&cases(&world), |case| {
        let (kind, text) = build(&world, &case);
        let findings = analyse(&world.rules, kind, "generated", &text).unwrap_or_default();
        if !findings.is_empty() {
            flagged.fetch_add(1, Ordering::Relaxed);
            let rules: BTreeSet<&str> = findings.iter().map(|f| f.rule_id.as_str()).collect();
            prop_assert!(
                world.prefilter.may_match(kind, text.as_bytes()),
                "dropped a {} file flagged by {rules:?}:\n{text}",
                kind.name()
            );
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    // The property means nothing if the generated files are never flagged.
    let flagged = flagged.into_inner();
    assert!(flagged >= 200, "only {flagged} of 2048 generated files were flagged by any rule");
}

/// Regressions the property test found: a short literal that starts with
/// whitespace looked like a join and hid the real join after it.
#[test]
fn a_split_literal_starting_with_whitespace_passes_the_prefilter() {
    let rules = RuleSet::load(true, &[]).expect("shipped rules load");
    let prefilter = Prefilter::new(&rules);
    let mut flagged = 0;
    for (file, text) in [
        ("A.kt", "class A(val auth: SwarmAuth) {\n    val m = \" g\" + \"et_n_service_nodes\"\n}\n"),
        ("A.java", "class A {\n    String m = \" g\" + \"et_n_service_nodes\";\n    void f(SwarmAuth auth) {}\n}\n"),
        ("a.ts", "const h = ' X' + '-FS-TIMESTAMP';\nconst url = 'https://' + host + '/file';\n"),
    ] {
        let kind = lang::classify(Path::new(file)).expect("classified");
        let findings = analyse(&rules, kind, file, text).expect("analysed");
        if findings.is_empty() {
            continue;
        }
        flagged += 1;
        assert!(prefilter.may_match(kind, text.as_bytes()), "{file} is flagged but the prefilter drops it:\n{text}");
    }
    assert_eq!(flagged, 3, "every case must be flagged for the test to mean something");
}
