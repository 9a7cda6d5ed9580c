//! Suppression comments.
//!
//! - `session-impact: ignore` in a comment hides every finding on the
//!   comment's line and on the line below it;
//! - `session-impact: ignore[rule-id, other-id]` hides only those rules' findings;
//! - `session-impact: ignore-file` in a comment within the first 10 lines
//!   hides every finding of the file.
//!
//! Any comment syntax works (`//`, `/* */`, `#`, `--`, `<!-- -->`): the
//! directive is looked for in the text of the file's comment facts. Manifests
//! whose reader records no comments are searched line by line after the
//! file's comment leader (`#`, `//` in Gradle files); JSON has no comments,
//! so there a directive anywhere on the line counts, e.g. in a
//! `"//": "session-impact: ignore[rule-id]"` key.
//!
//! Hidden findings are counted in `summary.suppressed`. Like ruff's RUF100, a
//! directive that names an unknown rule or cannot be read is itself reported,
//! as a finding of the built-in rule `suppression/invalid` (warning; it can
//! be disabled or given another severity in the config file).

use std::path::PathBuf;
use std::sync::Arc;

use crate::facts::{FileFacts, LineIndex, Span};
use crate::lang::FileKind;
use crate::report::Finding;
use crate::rules::compile::{MatchPatterns, SymbolMatcher};
use crate::rules::{Effort, Rule, RuleSet, Severity};

/// The built-in rule reporting unusable suppression comments.
pub const RULE_ID: &str = "suppression/invalid";
const MARKER: &str = "session-impact:";
/// `ignore-file` counts only in this many leading lines.
pub const FILE_DIRECTIVE_LINES: usize = 10;

/// What one directive hides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every rule, on the directive's line and the next.
    AllRules,
    /// These rules, on the directive's line and the next.
    Rules(Vec<String>),
    /// Every rule, in the whole file.
    File,
}

/// A directive found in a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub line: usize,
    pub scope: Scope,
}

/// A directive that does not do what its author meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Span,
    pub message: String,
}

/// The suppression directives of one file.
#[derive(Debug, Default)]
pub struct Suppressions {
    pub directives: Vec<Directive>,
    /// Rule ids named in directives, with where they are written.
    named: Vec<(String, Span)>,
    problems: Vec<Problem>,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

impl Suppressions {
    /// Finds the directives of a file from its comment facts (or, for
    /// manifests without any, from the text after the comment leader).
    pub fn parse(kind: FileKind, facts: &FileFacts, source: &str, lines: &LineIndex<'_>) -> Suppressions {
        let mut out = Suppressions::default();
        if !source.contains(MARKER) {
            return out;
        }
        if !facts.comments.is_empty() {
            for c in &facts.comments {
                // Offsets come from the source when the span and text agree.
                match source.get(c.span.start_byte..c.span.end_byte) {
                    Some(text) if text.contains(MARKER) => out.scan(text, c.span.start_byte, lines),
                    _ if c.text.contains(MARKER) => out.scan(&c.text, c.span.start_byte, lines),
                    _ => {}
                }
            }
        } else if matches!(kind, FileKind::Manifest(_)) {
            // JSON has no comments: a directive anywhere on a line counts
            // (by convention in a `"//"` key).
            let leader = kind.line_comment();
            let mut start = 0;
            for line in source.split_inclusive('\n') {
                let comment_at = match leader {
                    Some(leader) => line.find(leader),
                    None => Some(0),
                };
                if let Some(at) = comment_at {
                    let text = &line[at..];
                    if text.contains(MARKER) {
                        out.scan(text, start + at, lines);
                    }
                }
                start += line.len();
            }
        }
        out
    }

    /// Reads every directive in `text`, which starts at byte `base` of the file.
    fn scan(&mut self, text: &str, base: usize, lines: &LineIndex<'_>) {
        for (at, _) in text.match_indices(MARKER) {
            let start = base + at;
            let after = &text[at + MARKER.len()..];
            let trimmed = after.trim_start_matches([' ', '\t']);
            let offset = at + MARKER.len() + (after.len() - trimmed.len());
            let span_to = |len: usize| lines.span(start, base + offset + len);
            let line = lines.position(start).0;
            let Some(rest) = trimmed.strip_prefix("ignore") else { continue };
            if let Some(tail) = rest.strip_prefix("-file") {
                if tail.starts_with(is_word) {
                    self.problem(
                        span_to(6 + 5),
                        format!("unknown directive `session-impact: ignore-file{}`", word(tail)),
                    );
                } else if line <= FILE_DIRECTIVE_LINES {
                    self.directives.push(Directive { line, scope: Scope::File });
                } else {
                    self.problem(
                        span_to(11),
                        format!(
                            "`session-impact: ignore-file` only counts in the first {FILE_DIRECTIVE_LINES} lines; \
                             this one (line {line}) hides nothing"
                        ),
                    );
                }
                continue;
            }
            if rest.starts_with(is_word) {
                self.problem(span_to(6), format!("unknown directive `session-impact: ignore{}`", word(rest)));
                continue;
            }
            let list = rest.trim_start_matches([' ', '\t']);
            let Some(list) = list.strip_prefix('[') else {
                self.directives.push(Directive { line, scope: Scope::AllRules });
                continue;
            };
            let list_offset = offset + 6 + (rest.len() - list.len());
            let end = list.find([']', '\n']);
            let Some(end) = end.filter(|&e| list[e..].starts_with(']')) else {
                self.problem(span_to(6), "`session-impact: ignore[` has no closing `]`; it hides nothing".into());
                continue;
            };
            let mut ids = Vec::new();
            let mut pos = 0;
            for part in list[..end].split(',') {
                let id = part.trim();
                if !id.is_empty() {
                    let lead = part.len() - part.trim_start().len();
                    let id_start = base + list_offset + pos + lead;
                    self.named.push((id.to_string(), lines.span(id_start, id_start + id.len())));
                    ids.push(id.to_string());
                }
                pos += part.len() + 1;
            }
            if ids.is_empty() {
                self.problem(
                    span_to(6),
                    "`session-impact: ignore[]` names no rule; write `session-impact: ignore` to hide every rule"
                        .into(),
                );
            } else {
                self.directives.push(Directive { line, scope: Scope::Rules(ids) });
            }
        }
    }

    fn problem(&mut self, span: Span, message: String) {
        self.problems.push(Problem { span, message });
    }

    pub fn is_empty(&self) -> bool {
        self.directives.is_empty() && self.problems.is_empty()
    }

    /// Whether a directive hides this finding.
    pub fn hides(&self, f: &Finding) -> bool {
        self.directives.iter().any(|d| match &d.scope {
            Scope::File => true,
            Scope::AllRules => f.line == d.line || f.line == d.line + 1,
            Scope::Rules(ids) => (f.line == d.line || f.line == d.line + 1) && ids.contains(&f.rule_id),
        })
    }

    /// Directives that do nothing: unreadable ones and ids no loaded rule has.
    pub fn problems(&self, rules: &RuleSet) -> Vec<Problem> {
        let mut out = self.problems.clone();
        for (id, span) in &self.named {
            if rules.get(id).is_some() || id == RULE_ID {
                continue;
            }
            let hint = match similar_rule_id(rules, id) {
                Some(s) => format!(" (did you mean `{s}`?)"),
                None => " (`session-impact rules list` shows every rule id)".to_string(),
            };
            out.push(Problem {
                span: *span,
                message: format!("suppression names unknown rule `{id}`, so it hides nothing{hint}"),
            });
        }
        out.sort_by_key(|p| (p.span.start_byte, p.span.end_byte));
        out
    }
}

/// The text of the word `text` starts with.
fn word(text: &str) -> &str {
    let end = text.find(|c: char| !is_word(c)).unwrap_or(text.len());
    &text[..end]
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(row[j]).min(row[j + 1]) };
            prev = cur;
        }
    }
    row[b.len()]
}

/// The loaded rule id closest to a misspelt one, if any is close.
pub fn similar_rule_id<'a>(rules: &'a RuleSet, id: &str) -> Option<&'a str> {
    let limit = (id.len() / 4).clamp(2, 6);
    rules
        .rules
        .iter()
        .map(|r| (edit_distance(id, &r.id), r.id.as_str()))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, id)| id)
}

/// The built-in `suppression/invalid` rule, so that `rules list`, the config
/// file (`disable`, `[severity]`) and SARIF know it like any other rule.
pub fn builtin_rule() -> Rule {
    Rule {
        id: RULE_ID.to_string(),
        title: "Suppression comment that hides nothing".to_string(),
        category: "suppression".to_string(),
        severity: Severity::Warning,
        effort: Effort::S,
        languages: Vec::new(),
        message: "A `session-impact: ignore` comment names a rule that does not exist or cannot be read, so it \
                  hides nothing (S: fix the rule id or remove the comment)."
            .into(),
        docs: None,
        replacements: Arc::from([]),
        enabled: true,
        file: PathBuf::from("<built-in>"),
        patterns: MatchPatterns::default(),
        symbols: SymbolMatcher::default(),
        context: None,
        needles: None,
        manifest_needles: None,
        has_modules: false,
        has_strings: false,
        has_dependencies: false,
    }
}

/// Adds the built-in rules to a loaded rule set (once).
pub fn add_builtin_rules(rules: &mut RuleSet) {
    if rules.get(RULE_ID).is_none() {
        rules.add_builtin(builtin_rule());
    }
}

/// Findings of the built-in rule for the problems of one file (none when the
/// rule is disabled). The rule set need not contain the rule; it then
/// reports with its default severity.
pub fn problem_findings(
    rules: &RuleSet,
    problems: Vec<Problem>,
    kind: FileKind,
    rel: &str,
    lines: &LineIndex<'_>,
) -> Vec<Finding> {
    let severity = match rules.get(RULE_ID) {
        Some(r) if !r.enabled => return Vec::new(),
        Some(r) => r.severity,
        None => Severity::Warning,
    };
    problems
        .into_iter()
        .map(|p| Finding {
            rule_id: RULE_ID.to_string(),
            severity,
            category: "suppression".to_string(),
            effort: Effort::S,
            path: rel.to_string(),
            line: p.span.line,
            column: p.span.column,
            end_line: p.span.end_line,
            end_column: p.span.end_column,
            message: p.message.into(),
            snippet: lines.line_text(p.span.line).trim_end().to_string(),
            language: kind.name().to_string(),
            fingerprint: String::new(),
            line_hash: String::new(),
            replacements: Arc::from([]),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Comment;
    use crate::lang::Language;
    use crate::manifest::ManifestKind;

    const JS: FileKind = FileKind::Source(Language::JavaScript);

    /// Comment facts for every comment written with `leader ... trailer` in `source`.
    fn comments(source: &str, open: &str, close: &str) -> FileFacts {
        let lines = LineIndex::new(source);
        let mut facts = FileFacts::default();
        let mut from = 0;
        while let Some(at) = source[from..].find(open) {
            let start = from + at;
            let end = if close == "\n" {
                source[start..].find('\n').map(|e| start + e).unwrap_or(source.len())
            } else {
                source[start..].find(close).map(|e| start + e + close.len()).unwrap_or(source.len())
            };
            facts.comments.push(Comment { text: source[start..end].to_string(), span: lines.span(start, end) });
            from = end;
        }
        facts
    }

    fn finding(rule: &str, line: usize) -> Finding {
        let mut f = problem_findings(
            &RuleSet::from_sources(Vec::<(PathBuf, &str)>::new()).unwrap_or_else(|e| panic!("{e}")),
            vec![Problem {
                span: Span { line, column: 1, end_line: line, end_column: 2, ..Span::default() },
                message: String::new(),
            }],
            JS,
            "a.js",
            &LineIndex::new(""),
        )
        .remove(0);
        f.rule_id = rule.to_string();
        f
    }

    fn parse(source: &str, open: &str, close: &str) -> Suppressions {
        Suppressions::parse(JS, &comments(source, open, close), source, &LineIndex::new(source))
    }

    #[test]
    fn ignore_covers_its_line_and_the_next() {
        let s = parse("a\n// session-impact: ignore\nb\nc\n", "//", "\n");
        assert_eq!(s.directives, vec![Directive { line: 2, scope: Scope::AllRules }]);
        assert!(!s.hides(&finding("sdk/x", 1)));
        assert!(s.hides(&finding("sdk/x", 2)));
        assert!(s.hides(&finding("sdk/x", 3)));
        assert!(!s.hides(&finding("sdk/x", 4)));
    }

    #[test]
    fn rule_lists_hide_only_their_rules() {
        let s = parse("x(); /* session-impact: ignore[sdk/a,  sdk/b ] */\n", "/*", "*/");
        assert_eq!(s.directives[0].scope, Scope::Rules(vec!["sdk/a".into(), "sdk/b".into()]));
        assert!(s.hides(&finding("sdk/b", 1)));
        assert!(!s.hides(&finding("sdk/c", 1)));
    }

    #[test]
    fn every_comment_syntax_works() {
        for (source, open, close) in [
            ("# session-impact: ignore\nx\n", "#", "\n"),
            ("-- session-impact: ignore\nx\n", "--", "\n"),
            ("<!-- session-impact: ignore -->\nx\n", "<!--", "-->"),
            ("/**\n * session-impact: ignore\n */\nx\n", "/**", "*/"),
            ("x // session-impact:ignore\n", "//", "\n"),
        ] {
            let s = parse(source, open, close);
            assert_eq!(s.directives.len(), 1, "{source:?}");
            let line = s.directives[0].line;
            assert!(s.hides(&finding("sdk/x", line + 1)) || s.hides(&finding("sdk/x", line)), "{source:?}");
        }
        // In a block comment the directive's own line counts, not the comment's first.
        let s = parse("/**\n * session-impact: ignore\n */\n", "/**", "*/");
        assert_eq!(s.directives[0].line, 2);
    }

    #[test]
    fn ignore_file_counts_in_the_first_ten_lines_only() {
        let s = parse("// session-impact: ignore-file\n", "//", "\n");
        assert_eq!(s.directives[0].scope, Scope::File);
        assert!(s.hides(&finding("sdk/x", 500)));
        let late = format!("{}// session-impact: ignore-file\n", "x\n".repeat(10));
        let s = parse(&late, "//", "\n");
        assert!(s.directives.is_empty());
        assert_eq!(s.problems.len(), 1);
        assert!(s.problems[0].message.contains("first 10 lines"), "{:?}", s.problems);
    }

    #[test]
    fn text_outside_comments_is_not_a_directive() {
        let src = "const s = 'session-impact: ignore';\nx\n";
        let s = parse(src, "//", "\n");
        assert!(s.is_empty());
    }

    #[test]
    fn unknown_ids_and_unreadable_directives_are_problems() {
        let rules = RuleSet::from_sources(vec![(
            PathBuf::from("r.toml"),
            "[[rule]]\nid = \"sdk/session-js-import\"\ntitle = \"t\"\ncategory = \"sdk\"\nseverity = \"error\"\n\
             effort = \"S\"\nmessage = \"m\"\n[rule.match]\nmodules = [\"@session.js/*\"]\n\
             [[rule.replacement]]\ntarget = \"matrix\"\napi = \"a\"\n",
        )])
        .unwrap_or_else(|e| panic!("{e}"));
        let src = "// session-impact: ignore[sdk/session-js-imprt, sdk/session-js-import]\n\
                   // session-impact: ignore[sdk/x\n\
                   // session-impact: ignored\n";
        let s = parse(src, "//", "\n");
        let problems = s.problems(&rules);
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(problems.len(), 3, "{messages:?}");
        assert!(messages[0].contains("unknown rule `sdk/session-js-imprt`"), "{messages:?}");
        assert!(messages[0].contains("did you mean `sdk/session-js-import`"), "{messages:?}");
        // The span points at the misspelt id itself.
        assert_eq!((problems[0].span.line, problems[0].span.column), (1, 27));
        assert!(messages[1].contains("no closing `]`"), "{messages:?}");
        assert!(messages[2].contains("unknown directive"), "{messages:?}");
    }

    #[test]
    fn manifests_without_comment_facts_use_the_comment_leader() {
        let src = "{\n  \"//\": \"session-impact: ignore[sdk/x]\",\n  \"dependencies\": {}\n}\n";
        let kind = FileKind::Manifest(ManifestKind::PackageJson);
        let s = Suppressions::parse(kind, &FileFacts::default(), src, &LineIndex::new(src));
        assert_eq!(s.directives, vec![Directive { line: 2, scope: Scope::Rules(vec!["sdk/x".into()]) }]);
        let src = "requests==2\n# session-impact: ignore\nsession-util==1\n";
        let kind = FileKind::Manifest(ManifestKind::Requirements);
        let s = Suppressions::parse(kind, &FileFacts::default(), src, &LineIndex::new(src));
        assert!(s.hides(&finding("sdk/x", 3)));
    }
}
