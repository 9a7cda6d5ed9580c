//! The prefilter: one Aho-Corasick automaton over every literal the rules can
//! need. A file none of whose bytes contain a needle is never parsed.
//!
//! Soundness: each rule's needles are a set one of which must occur in any
//! file the rule matches (see `compile.rs`); a language or manifests for
//! which some rule has no such set are never filtered.

use std::collections::BTreeSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::RuleSet;
use crate::lang::{FileKind, Language};

pub struct Prefilter {
    sources: Option<AhoCorasick>,
    /// Languages for which some rule cannot be prefiltered.
    source_bypass: Vec<Language>,
    /// Languages no rule applies to: their files are not even read.
    source_idle: Vec<Language>,
    manifests: Option<AhoCorasick>,
    manifest_bypass: bool,
    manifest_idle: bool,
    needle_count: usize,
}

fn automaton(needles: &BTreeSet<String>) -> Option<AhoCorasick> {
    if needles.is_empty() {
        return None;
    }
    AhoCorasickBuilder::new().ascii_case_insensitive(true).match_kind(MatchKind::Standard).build(needles).ok()
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
        let needle_count = source_needles.len() + manifest_needles.len();
        Prefilter {
            sources: automaton(&source_needles),
            source_bypass,
            source_idle,
            manifests: automaton(&manifest_needles),
            manifest_bypass,
            manifest_idle: !manifest_any,
            needle_count,
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
        automaton.as_ref().is_some_and(|ac| ac.is_match(bytes))
    }

    /// Number of distinct needles (for `rules list` and the benchmark).
    pub fn needle_count(&self) -> usize {
        self.needle_count
    }
}
