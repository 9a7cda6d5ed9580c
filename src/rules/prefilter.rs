//! The prefilter: one Aho-Corasick automaton over every literal the rules can
//! need. A file none of whose bytes contain a needle is never parsed.
//!
//! Soundness: each rule's needles are a set one of which must occur in any
//! file the rule matches (see `compile.rs`); a language or manifests for
//! which some rule has no such set are never filtered. String literals that
//! the extractors join (`'a' + 'b'`, `"a" "b"`, template literals without
//! their interpolations) can match a rule without the file spelling the
//! joined value out: a file with no needle gets a second look at the text
//! around its joins, joined (see `joins.rs`).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::{joins, RuleSet};
use crate::lang::{FileKind, Language};

thread_local! {
    /// Join spans and joined text, reused across files.
    static SCRATCH: RefCell<(Vec<Range<usize>>, Vec<u8>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

pub struct Prefilter {
    sources: Option<AhoCorasick>,
    /// Languages for which some rule cannot be prefiltered.
    source_bypass: Vec<Language>,
    /// Languages no rule applies to: their files are not even read.
    source_idle: Vec<Language>,
    manifests: Option<AhoCorasick>,
    manifest_bypass: bool,
    manifest_idle: bool,
    /// Every needle of both automata, sorted (lower-cased).
    literals: Vec<String>,
    /// The longest needle, in bytes: how far around a join to look.
    reach: usize,
}

fn automaton(needles: &BTreeSet<String>) -> Option<AhoCorasick> {
    if needles.is_empty() {
        return None;
    }
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .build(needles)
        .ok()
}

impl Prefilter {
    pub fn new(rules: &RuleSet) -> Prefilter {
        let mut source_needles = BTreeSet::new();
        let mut source_bypass = Vec::new();
        let mut source_idle = Vec::new();
        for lang in Language::ALL {
            let mut any = false;
            for rule in rules.rules.iter().filter(|r| r.can_match_source(lang.name())) {
                any = true;
                match &rule.needles {
                    Some(n) => source_needles.extend(n.iter().cloned()),
                    None => {
                        if !source_bypass.contains(&lang) {
                            source_bypass.push(lang);
                        }
                    }
                }
            }
            if !any {
                source_idle.push(lang);
            }
        }
        let mut manifest_needles = BTreeSet::new();
        let mut manifest_bypass = false;
        let mut manifest_any = false;
        for rule in rules.rules.iter().filter(|r| r.can_match_manifest()) {
            manifest_any = true;
            match &rule.manifest_needles {
                Some(n) => manifest_needles.extend(n.iter().cloned()),
                None => manifest_bypass = true,
            }
        }
        let literals: Vec<String> = source_needles.union(&manifest_needles).cloned().collect();
        let reach = literals.iter().map(String::len).max().unwrap_or(0);
        Prefilter {
            sources: automaton(&source_needles),
            source_bypass,
            source_idle,
            manifests: automaton(&manifest_needles),
            manifest_bypass,
            manifest_idle: !manifest_any,
            literals,
            reach,
        }
    }

    /// Whether any rule could apply to files of this kind at all.
    pub fn wants(&self, kind: FileKind) -> bool {
        match kind {
            FileKind::Source(lang) => !self.source_idle.contains(&lang),
            FileKind::Manifest(_) => !self.manifest_idle,
        }
    }

    /// Whether a file of this kind with these contents may match some rule.
    pub fn may_match(&self, kind: FileKind, bytes: &[u8]) -> bool {
        let (automaton, bypass) = match kind {
            FileKind::Source(lang) => (&self.sources, self.source_bypass.contains(&lang)),
            FileKind::Manifest(_) => (&self.manifests, self.manifest_bypass),
        };
        if !self.wants(kind) {
            return false;
        }
        if bypass {
            return true;
        }
        let Some(ac) = automaton else { return false };
        ac.is_match(bytes) || self.joined_match(ac, kind, bytes)
    }

    /// Whether a needle appears once joined literals are joined: first with
    /// concatenations joined, then with interpolations left out as well.
    fn joined_match(&self, ac: &AhoCorasick, kind: FileKind, bytes: &[u8]) -> bool {
        let python = kind == FileKind::Source(Language::Python);
        SCRATCH.with(|scratch| {
            let Ok(mut scratch) = scratch.try_borrow_mut() else { return true };
            let (spans, buf) = &mut *scratch;
            spans.clear();
            joins::concatenations(bytes, spans);
            if !spans.is_empty() && joins::any_joined(bytes, spans, self.reach, buf, |t| ac.is_match(t)) {
                return true;
            }
            let concatenations = spans.len();
            joins::interpolations(bytes, python, spans);
            spans.len() > concatenations && joins::any_joined(bytes, spans, self.reach, buf, |t| ac.is_match(t))
        })
    }

    /// Number of distinct needles (for `rules list` and the benchmark).
    pub fn needle_count(&self) -> usize {
        self.literals.len()
    }

    /// Every needle, lower-cased and sorted: a file containing none of them
    /// (ASCII case-insensitively) is never parsed, unless its language is
    /// one of [`unfiltered_languages`](Self::unfiltered_languages).
    pub fn literals(&self) -> &[String] {
        &self.literals
    }

    /// Languages whose files are parsed whatever they contain, because some
    /// rule for them has no required literal.
    pub fn unfiltered_languages(&self) -> &[Language] {
        &self.source_bypass
    }
}
