//! Necessary-literal analysis of regular expressions, for the prefilter.
//!
//! `required_literals(re)` returns a set of strings such that every match of
//! `re` contains at least one of them (compared ASCII-case-insensitively), or
//! `None` when no such set is known. This is the classic "necessary
//! substrings" analysis used by trigram indexes, kept small: it is sound by
//! construction (every rule below only ever widens the answer).

use regex_syntax::hir::{Class, Hir, HirKind};

/// Alternatives bigger than this are given up on (they would not help).
const MAX_SET: usize = 64;
/// Character classes with more members than this are "any character".
const MAX_CLASS: usize = 8;

#[derive(Debug, Clone)]
struct Info {
    /// Every string the node can match, when that set is small and finite.
    exact: Option<Vec<String>>,
    /// A set of strings one of which every match contains.
    required: Option<Vec<String>>,
}

fn score(set: &Option<Vec<String>>) -> usize {
    match set {
        Some(v) if !v.is_empty() => v.iter().map(|s| s.len()).min().unwrap_or(0),
        _ => 0,
    }
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

fn cross(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len() * b.len() > MAX_SET {
        return None;
    }
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            out.push(format!("{x}{y}"));
        }
    }
    Some(dedup(out))
}

fn class_members(class: &Class) -> Option<Vec<String>> {
    let mut out = Vec::new();
    match class {
        Class::Unicode(c) => {
            for r in c.ranges() {
                let (s, e) = (r.start() as u32, r.end() as u32);
                if (e - s) as usize >= MAX_CLASS * 2 {
                    return None;
                }
                for cp in s..=e {
                    out.push(char::from_u32(cp)?.to_ascii_lowercase().to_string());
                }
            }
        }
        Class::Bytes(c) => {
            for r in c.ranges() {
                let (s, e) = (r.start(), r.end());
                if (e - s) as usize >= MAX_CLASS * 2 {
                    return None;
                }
                for b in s..=e {
                    if !b.is_ascii() {
                        return None;
                    }
                    out.push((b as char).to_ascii_lowercase().to_string());
                }
            }
        }
    }
    let out = dedup(out);
    (out.len() <= MAX_CLASS).then_some(out)
}

fn analyse(hir: &Hir) -> Info {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Info { exact: Some(vec![String::new()]), required: None },
        HirKind::Literal(lit) => {
            let s = String::from_utf8_lossy(&lit.0).to_lowercase();
            Info { exact: Some(vec![s.clone()]), required: Some(vec![s]) }
        }
        HirKind::Class(c) => {
            let exact = class_members(c);
            Info { required: exact.clone(), exact }
        }
        HirKind::Capture(c) => analyse(&c.sub),
        HirKind::Repetition(rep) => {
            let sub = analyse(&rep.sub);
            if rep.min == 0 {
                return Info { exact: None, required: None };
            }
            let exact = if rep.min == 1 && rep.max == Some(1) { sub.exact.clone() } else { None };
            Info { exact, required: sub.required.or(sub.exact) }
        }
        HirKind::Alternation(alts) => {
            let infos: Vec<Info> = alts.iter().map(analyse).collect();
            let exact = infos
                .iter()
                .map(|i| i.exact.clone())
                .collect::<Option<Vec<_>>>()
                .map(|v| dedup(v.concat()))
                .filter(|v| v.len() <= MAX_SET);
            let required = infos
                .iter()
                .map(|i| best(i.required.clone(), i.exact.clone()))
                .collect::<Option<Vec<_>>>()
                .map(|v| dedup(v.concat()))
                .filter(|v| v.len() <= MAX_SET && v.iter().all(|s| !s.is_empty()));
            Info { exact, required }
        }
        HirKind::Concat(parts) => {
            let infos: Vec<Info> = parts.iter().map(analyse).collect();
            let mut candidates: Vec<Option<Vec<String>>> = Vec::new();
            let mut run: Option<Vec<String>> = Some(vec![String::new()]);
            let mut whole_exact = true;
            for info in &infos {
                candidates.push(info.required.clone());
                match (&run, &info.exact) {
                    (Some(r), Some(e)) => match cross(r, e) {
                        Some(next) => run = Some(next),
                        None => {
                            candidates.push(run.take());
                            run = Some(e.clone());
                            whole_exact = false;
                        }
                    },
                    (None, Some(e)) => run = Some(e.clone()),
                    (_, None) => {
                        candidates.push(run.take());
                        run = Some(vec![String::new()]);
                        whole_exact = false;
                    }
                }
            }
            candidates.push(run.clone());
            let exact = if whole_exact { run } else { None };
            let required = candidates.into_iter().max_by_key(score).flatten().filter(|v| score(&Some(v.clone())) > 0);
            Info { exact, required }
        }
    }
}

fn best(a: Option<Vec<String>>, b: Option<Vec<String>>) -> Option<Vec<String>> {
    let (sa, sb) = (score(&a), score(&b));
    let pick = if sa >= sb { a } else { b };
    pick.filter(|v| !v.is_empty() && v.iter().all(|s| !s.is_empty()))
}

/// Necessary literals of `pattern` (lower-cased), or `None` if unknown.
pub fn required_literals(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    let info = analyse(&hir);
    best(info.required, info.exact).map(minimise)
}

/// Drops every needle that contains another one: the shorter needle is
/// found wherever the longer one is.
fn minimise(mut needles: Vec<String>) -> Vec<String> {
    needles.sort_by_key(|n| n.len());
    let mut kept: Vec<String> = Vec::new();
    for n in needles {
        if !kept.iter().any(|k| n.contains(k.as_str())) {
            kept.push(n);
        }
    }
    kept.sort();
    kept
}

/// The literal text of a glob before its first metacharacter, lower-cased.
pub fn glob_prefix(glob: &str) -> &str {
    let end = glob.find(['*', '?', '[', '{']).unwrap_or(glob.len());
    &glob[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(p: &str) -> Option<Vec<String>> {
        required_literals(p)
    }

    #[test]
    fn finds_the_distinctive_part_of_a_host_regex() {
        assert_eq!(
            lits(r"(^|\.)seed[1-3]\.getsession\.org"),
            Some(vec!["seed1.getsession.org".into(), "seed2.getsession.org".into(), "seed3.getsession.org".into()])
        );
        assert_eq!(lits(r"/storage_rpc/v1"), Some(vec!["/storage_rpc/v1".into()]));
    }

    #[test]
    fn case_insensitive_patterns_still_yield_literals() {
        // Unicode case folding adds variants (`ſ` for `s`); the ASCII one is there.
        let got = lits(r"(?i)x-sogs-pubkey").unwrap();
        assert!(got.contains(&"x-sogs-pubkey".to_string()), "{got:?}");
    }

    #[test]
    fn alternations_union_their_requirements() {
        assert_eq!(
            lits(r"^(/oxen/v4/lsrpc|/loki/v3/lsrpc)$"),
            Some(vec!["/loki/v3/lsrpc".into(), "/oxen/v4/lsrpc".into()])
        );
    }

    #[test]
    fn unconstrained_patterns_give_none() {
        assert_eq!(lits(r"^\w+$"), None);
        assert_eq!(lits(r"a|\w+"), None);
        assert_eq!(lits(r"(abc)?"), None);
    }

    #[test]
    fn every_match_contains_a_required_literal() {
        let cases = [
            (r"(^|[/.])seed[1-3]\.getsession\.org", "https://seed2.getsession.org:4443/"),
            (r"^05[0-9a-f]{64}$", "05ab01ab01ab01ab01ab01ab01ab01ab01ab01ab01ab01ab01ab01ab01ab01ab01"),
            (r"(?i)X-SOGS-(Pubkey|Nonce)", "x-sogs-nonce"),
            (r"turn:(freyr|angus)\.getsession\.org", "turn:angus.getsession.org"),
        ];
        for (pattern, haystack) in cases {
            let re = regex::Regex::new(pattern).unwrap();
            assert!(re.is_match(haystack));
            let needles = lits(pattern).unwrap();
            let lower = haystack.to_lowercase();
            assert!(needles.iter().any(|n| lower.contains(n.as_str())), "{pattern}: {needles:?}");
        }
    }
}
