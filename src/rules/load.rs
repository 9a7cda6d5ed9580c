//! Reading rule files: TOML → [`RuleFile`], with errors that point at the
//! file, line and field.

use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use toml::Spanned;

/// One `rules/<category>/<name>.toml` file: a family of rules.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default)]
    pub rule: Vec<RuleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: Spanned<String>,
    pub title: String,
    pub category: Spanned<String>,
    pub severity: Spanned<String>,
    pub effort: Spanned<String>,
    #[serde(default)]
    pub languages: Vec<Spanned<String>>,
    pub message: String,
    #[serde(default)]
    pub docs: Option<String>,
    #[serde(rename = "match")]
    pub matcher: Spanned<MatchSpec>,
    #[serde(default)]
    pub context: Option<Spanned<ContextSpec>>,
    #[serde(default)]
    pub replacement: Vec<ReplacementSpec>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchSpec {
    #[serde(default)]
    pub modules: Vec<Spanned<String>>,
    #[serde(default)]
    pub symbols: Vec<Spanned<String>>,
    #[serde(default)]
    pub strings: Vec<Spanned<String>>,
    #[serde(default)]
    pub dependencies: Vec<Spanned<DependencySpec>>,
}

/// Extra conditions on the file: the rule fires only in files that also
/// import one of `modules`, contain a string literal matching one of
/// `strings`, or whose text matches one of `text`. Used for weak signals
/// such as key formats (catalog §7.7).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextSpec {
    #[serde(default)]
    pub modules: Vec<Spanned<String>>,
    #[serde(default)]
    pub strings: Vec<Spanned<String>>,
    #[serde(default)]
    pub text: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DependencySpec {
    pub ecosystem: Spanned<String>,
    /// Glob over the package name.
    #[serde(default)]
    pub name: Option<Spanned<String>>,
    /// Regex over the source URL (tarball, git, repository).
    #[serde(default)]
    pub source: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplacementSpec {
    pub target: Spanned<String>,
    pub api: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub docs: String,
}

/// A rule file that could not be read or is not a valid rule file.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum RuleError {
    #[error("could not read rule file {path}: {message}")]
    #[diagnostic(code(session_impact::rules::io))]
    Io { path: PathBuf, message: String },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Invalid(Box<InvalidRule>),

    #[error("rule directory {path} has no .toml rule files")]
    #[diagnostic(
        code(session_impact::rules::empty),
        help("rule files end in .toml and hold one or more [[rule]] tables")
    )]
    EmptyDirectory { path: PathBuf },
}

/// A rule file with a problem at a known place (boxed: it carries the file).
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("invalid rule file {path}: {message}")]
#[diagnostic(code(session_impact::rules::invalid))]
pub struct InvalidRule {
    pub path: PathBuf,
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

impl RuleError {
    /// An error at `span` (byte range) of the rule file `path` holding `source`.
    pub fn at(
        path: &Path,
        source: &str,
        span: Option<std::ops::Range<usize>>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> RuleError {
        let message = message.into();
        let line = span.as_ref().map(|s| source[..s.start.min(source.len())].matches('\n').count() + 1);
        let label = match line {
            Some(l) => format!("here (line {l})"),
            None => "here".to_string(),
        };
        let message = match line {
            Some(l) => format!("line {l}: {message}"),
            None => message,
        };
        RuleError::Invalid(Box::new(InvalidRule {
            path: path.to_path_buf(),
            message,
            src: NamedSource::new(path.display().to_string(), source.to_string()),
            span: span.map(|s| SourceSpan::from(s.start..s.end)),
            label,
            help,
        }))
    }
}

/// Parses one rule file's text. `path` is used for messages only.
pub fn parse_rule_file(path: &Path, source: &str) -> Result<RuleFile, RuleError> {
    toml::from_str::<RuleFile>(source).map_err(|e| {
        let message = e.message().to_string();
        RuleError::at(
            path,
            source,
            e.span(),
            message,
            Some("see README.md, \"Writing a rule\", for the fields a rule takes".into()),
        )
    })
}
