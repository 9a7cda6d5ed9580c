//! The prefilter: one Aho-Corasick automaton over every literal the rules can
//! need. A file none of whose bytes contain a needle is never parsed.
//!
//! Soundness: each rule's needles are groups of literals, all literals of
//! one of which occur in any file the rule matches (see `compile.rs`; most
//! groups are a single literal, module names give one literal per segment);
//! a language or manifests for
//! which some rule has no such set are never filtered. String literals that
//! the extractors join (`'a' + 'b'`, `"a" "b"`, template literals without
//! their interpolations) can match a rule without the file spelling the
//! joined value out: a file with no needle gets a second look at the text
//! around its joins, joined (see `joins.rs`).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::compile::NeedleGroups;
use super::{joins, RuleSet};
use crate::lang::{FileKind, Language};

/// Per-thread buffers, reused across files.
#[derive(Default)]
struct Scratch {
    /// Which needles the current file contains so far.
    seen: Vec<bool>,
    /// Spans of joins in the current file.
    spans: Vec<Range<usize>>,
    /// Text around joins, with the joins taken out.
    joined: Vec<u8>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// One automaton over the needles of a set of groups.
struct Needles {
    ac: AhoCorasick,
    /// When some group has two or more needles: an automaton over the
    /// longest needle of each group. A text without any of them completes
    /// no group, and is searched once, without stopping at every hit of
    /// a common group member (`model`, `config`).
    anchors: Option<AhoCorasick>,
    /// Per needle: whether it forms a group on its own (found = may match).
    alone: Vec<bool>,
    /// Groups of two or more needles, as needle indices.
    groups: Vec<Vec<usize>>,
    /// Per needle: the groups of two or more it belongs to.
    groups_of: Vec<Vec<usize>>,
}

fn automaton(literals: &[&String]) -> Option<AhoCorasick> {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        // A DFA searches about twice as fast as the default NFA here; a few
        // hundred needles keep it small.
        .kind(Some(AhoCorasickKind::DFA))
        .build(literals)
        .ok()
}

impl Needles {
    fn new(groups: &BTreeSet<Vec<String>>) -> Option<Needles> {
        let literals: Vec<&String> = groups.iter().flatten().collect::<BTreeSet<_>>().into_iter().collect();
        if literals.is_empty() {
            return None;
        }
        let index = |l: &String| literals.binary_search(&l).unwrap_or(0);
        let mut alone = vec![false; literals.len()];
        let mut multi = Vec::new();
        let mut groups_of = vec![Vec::new(); literals.len()];
        for group in groups {
            match group.as_slice() {
                [one] => alone[index(one)] = true,
                _ => {
                    for l in group {
                        groups_of[index(l)].push(multi.len());
                    }
                    multi.push(group.iter().map(index).collect());
                }
            }
        }
        let ac = automaton(&literals)?;
        let anchors = if multi.is_empty() {
            None
        } else {
            let longest: BTreeSet<&String> = groups.iter().filter_map(|g| g.iter().max_by_key(|l| l.len())).collect();
            Some(automaton(&longest.into_iter().collect::<Vec<_>>())?)
        };
        Some(Needles { ac, anchors, alone, groups: multi, groups_of })
    }

    /// Records the needles `text` contains in `seen`; true as soon as every
    /// needle of some group has been seen.
    fn search(&self, text: &[u8], seen: &mut [bool]) -> bool {
        let Some(anchors) = &self.anchors else { return self.ac.is_match(text) };
        // Needles seen in an earlier text (around joins) may complete a
        // group whose anchor is not in this one.
        if !anchors.is_match(text) && !seen.contains(&true) {
            return false;
        }
        for m in self.ac.find_overlapping_iter(text) {
            let p = m.pattern().as_usize();
            if self.alone[p] {
                return true;
            }
            if !seen[p] {
                seen[p] = true;
                if self.groups_of[p].iter().any(|&g| self.groups[g].iter().all(|&n| seen[n])) {
                    return true;
                }
            }
        }
        false
    }
}

/// The groups of one language and their automaton, once built.
type LazyNeedles = (BTreeSet<Vec<String>>, OnceLock<Option<Needles>>);

pub struct Prefilter {
    /// Per language (in [`Language::ALL`] order): the needles of the rules
    /// for that language, so that a literal only one language's rules need
    /// (`session` for C++ namespaces) does not let every file through.
    /// Built on first use: a scan of a JavaScript project never pays for
    /// the Swift automaton.
    sources: Vec<LazyNeedles>,
    /// Languages for which some rule cannot be prefiltered.
    source_bypass: Vec<Language>,
    /// Languages no rule applies to: their files are not even read.
    source_idle: Vec<Language>,
    manifests: Option<Needles>,
    manifest_bypass: bool,
    manifest_idle: bool,
    /// Every needle of all automata, sorted (lower-cased).
    literals: Vec<String>,
    /// The longest needle, in bytes: how far around a join to look.
    reach: usize,
}

impl Prefilter {
    pub fn new(rules: &RuleSet) -> Prefilter {
        let mut sources = Vec::new();
        let mut all: BTreeSet<String> = BTreeSet::new();
        let mut source_bypass = Vec::new();
        let mut source_idle = Vec::new();
        let add = |set: &mut BTreeSet<Vec<String>>, groups: &NeedleGroups| set.extend(groups.iter().cloned());
        for lang in Language::ALL {
            let mut groups = BTreeSet::new();
            let mut any = false;
            for rule in rules.rules.iter().filter(|r| r.can_match_source(lang.name())) {
                any = true;
                match &rule.needles {
                    Some(n) => add(&mut groups, n),
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
            all.extend(groups.iter().flatten().cloned());
            sources.push((groups, OnceLock::new()));
        }
        let mut manifest_groups = BTreeSet::new();
        let mut manifest_bypass = false;
        let mut manifest_any = false;
        for rule in rules.rules.iter().filter(|r| r.can_match_manifest()) {
            manifest_any = true;
            match &rule.manifest_needles {
                Some(n) => add(&mut manifest_groups, n),
                None => manifest_bypass = true,
            }
        }
        all.extend(manifest_groups.iter().flatten().cloned());
        let literals: Vec<String> = all.into_iter().collect();
        let reach = literals.iter().map(String::len).max().unwrap_or(0);
        Prefilter {
            sources,
            source_bypass,
            source_idle,
            manifests: Needles::new(&manifest_groups),
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
        let (needles, bypass) = match kind {
            FileKind::Source(lang) => {
                let index = Language::ALL.iter().position(|l| *l == lang);
                let needles = index
                    .and_then(|i| self.sources.get(i))
                    .map(|(groups, built)| built.get_or_init(|| Needles::new(groups)));
                (needles.unwrap_or(&None), self.source_bypass.contains(&lang))
            }
            FileKind::Manifest(_) => (&self.manifests, self.manifest_bypass),
        };
        if !self.wants(kind) {
            return false;
        }
        if bypass {
            return true;
        }
        let Some(needles) = needles else { return false };
        SCRATCH.with(|scratch| {
            let Ok(mut scratch) = scratch.try_borrow_mut() else { return true };
            let Scratch { seen, spans, joined } = &mut *scratch;
            seen.clear();
            seen.resize(needles.alone.len(), false);
            if needles.search(bytes, seen) {
                return true;
            }
            // A second look around joined literals: first with
            // concatenations joined, then with interpolations left out too.
            let python = kind == FileKind::Source(Language::Python);
            spans.clear();
            joins::concatenations(bytes, spans);
            if !spans.is_empty() && joins::any_joined(bytes, spans, self.reach, joined, |t| needles.search(t, seen)) {
                return true;
            }
            let concatenations = spans.len();
            joins::interpolations(bytes, python, spans);
            if spans.len() > concatenations
                && joins::any_joined(bytes, spans, self.reach, joined, |t| needles.search(t, seen))
            {
                return true;
            }
            // The same with joins found by lexing (see `joins.rs`).
            spans.clear();
            joins::concatenations_lexed(bytes, spans);
            if !spans.is_empty() && joins::any_joined(bytes, spans, self.reach, joined, |t| needles.search(t, seen)) {
                return true;
            }
            let concatenations = spans.len();
            joins::interpolations(bytes, python, spans);
            spans.len() > concatenations
                && joins::any_joined(bytes, spans, self.reach, joined, |t| needles.search(t, seen))
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
