//! Matching one file's facts against the compiled [`RuleSet`].

use std::cell::OnceCell;

use super::RuleSet;
use crate::facts::{FileFacts, ImportKind, Span};
use crate::resolve::{prefixes, qualified_splits, Bindings};

/// One rule matching at one place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Match {
    pub rule: usize,
    pub span: Span,
}

/// Per-file evaluation of `[rule.context]`, computed at most once per rule.
struct ContextCache<'a> {
    rules: &'a RuleSet,
    facts: &'a FileFacts,
    source: &'a str,
    cache: Vec<OnceCell<bool>>,
}

impl ContextCache<'_> {
    fn satisfied(&self, rule: usize) -> bool {
        *self.cache[rule].get_or_init(|| {
            let Some(ctx) = &self.rules.rules[rule].context else { return true };
            ctx.modules.as_ref().is_some_and(|m| self.facts.imports.iter().any(|i| m.is_match(&i.module)))
                || ctx.strings.as_ref().is_some_and(|s| self.facts.strings.iter().any(|l| s.is_match(&l.value)))
                || ctx.text.as_ref().is_some_and(|t| t.is_match(self.source))
        })
    }
}

/// Every match of `rules` in one file of kind `kind` (a language name or
/// `"manifest"`), deduplicated to one per rule and line, in source order.
pub fn match_file(rules: &RuleSet, kind: &str, facts: &FileFacts, source: &str) -> Vec<Match> {
    let mut out: Vec<Match> = Vec::new();
    let ctx = ContextCache { rules, facts, source, cache: (0..rules.rules.len()).map(|_| OnceCell::new()).collect() };
    let applies = |rule: usize| rules.rules[rule].applies_to(kind);
    // Rules matching every module (`*`, e.g. C++ JNI entry points) that
    // apply to this kind of file: none for most languages.
    let any_module: Vec<usize> = rules.any_module_rules.iter().copied().filter(|&r| applies(r)).collect();
    let module_rules = |module: &str| -> Vec<usize> {
        // Most cuts of most references match no module: `is_match` says so
        // without collecting (and allocating) the list of matches.
        let mut v: Vec<usize> = if rules.modules.is_match(module) {
            rules.modules.matches(module).into_iter().map(|i| rules.module_rules[i]).collect()
        } else {
            Vec::new()
        };
        v.extend_from_slice(&any_module);
        v.sort_unstable();
        v.dedup();
        v
    };
    let symbol_hit = |rule: usize, symbol: &str| prefixes(symbol).any(|p| rules.rules[rule].symbols.matches(p));

    // Imports: module rules fire on the import; symbol rules fire when the
    // import names one of their symbols.
    for import in &facts.imports {
        let full = import.name.as_ref().map(|n| format!("{}.{}", import.module, n));
        let mut hits = module_rules(&import.module);
        if let Some(full) = &full {
            hits.extend(module_rules(full));
        }
        hits.sort_unstable();
        hits.dedup();
        for rule in hits {
            if !applies(rule) {
                continue;
            }
            let r = &rules.rules[rule];
            let fires = !r.has_symbols()
                || (import.kind == ImportKind::Named && import.name.as_deref().is_some_and(|n| symbol_hit(rule, n)));
            if fires {
                out.push(Match { rule, span: import.span });
            }
        }
    }

    // References: through named/namespace bindings, as fully qualified
    // paths, or as members of a wildcard-imported module.
    let bindings = Bindings::new(facts);
    let wildcard_rules: Vec<usize> = {
        let mut v: Vec<usize> = bindings
            .wildcards()
            .flat_map(|w| module_rules(&w.module))
            .filter(|&r| rules.rules[r].has_symbols() && applies(r))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    for reference in &facts.references {
        if let Some(resolved) = bindings.resolve(&reference.path) {
            let mut readings = vec![(resolved.module.to_string(), resolved.symbol.clone())];
            readings.extend(resolved.as_module.clone());
            for (module, symbol) in &readings {
                for rule in module_rules(module) {
                    if applies(rule) && rules.rules[rule].has_symbols() && symbol_hit(rule, symbol) {
                        out.push(Match { rule, span: reference.span });
                    }
                }
            }
            continue;
        }
        for (module, symbol) in qualified_splits(&reference.path) {
            for rule in module_rules(module) {
                if !applies(rule) {
                    continue;
                }
                // A fully qualified use is a dependency in its own right,
                // imported or not (`session::config::Contacts` after the include).
                if !rules.rules[rule].has_symbols() || symbol_hit(rule, symbol) {
                    out.push(Match { rule, span: reference.span });
                }
            }
        }
        for &rule in &wildcard_rules {
            if symbol_hit(rule, &reference.path) {
                out.push(Match { rule, span: reference.span });
            }
        }
    }

    // String literals.
    if !rules.string_rules.is_empty() {
        // `is_match` first: it stops at the first hit, where `matches` runs
        // every pattern over every literal, and most literals match none.
        for lit in facts.strings.iter().filter(|l| rules.strings.is_match(&l.value)) {
            for i in rules.strings.matches(&lit.value).into_iter() {
                let rule = rules.string_rules[i];
                if applies(rule) {
                    out.push(Match { rule, span: lit.span });
                }
            }
        }
    }

    // Declared dependencies (manifests only; not filtered by language).
    for dep in &facts.dependencies {
        for m in rules.dependencies.iter().filter(|m| m.ecosystem == dep.ecosystem) {
            if !rules.rules[m.rule].enabled {
                continue;
            }
            let name_ok = m.name.as_ref().is_none_or(|g| g.is_match(&dep.name));
            let source_ok = m.source.as_ref().is_none_or(|re| dep.source.as_deref().is_some_and(|s| re.is_match(s)));
            if name_ok && source_ok {
                out.push(Match { rule: m.rule, span: dep.span });
            }
        }
    }

    out.retain(|m| ctx.satisfied(m.rule));
    out.sort_by_key(|m| (m.span.line, m.rule, m.span.start_byte));
    out.dedup_by_key(|m| (m.span.line, m.rule));
    out
}
