//! The configuration file: `.session-impact.toml` at the first scan root (or
//! the nearest one above a scanned file), or the file given with `--config`.
//!
//! ```toml
//! exclude = ["vendor/**", "*.min.js"]   # gitignore-style, relative to the scan root
//! rules = ["ci/session-rules"]           # extra rule directories, relative to this file
//! disable = ["sdk/session-js-import"]    # rule ids
//! fail-on = "warning"                    # error | warning | info | never
//! targets = ["matrix"]                   # replacements to show
//! impact = false                         # true: always compute the blast radius (--blast-radius)
//!
//! [severity]
//! "identity/session-id-format" = "info"
//! ```
//!
//! Command-line flags win: `--fail-on` and `--target` replace the file's
//! values; `--exclude` and `--rules` add to them. Unknown keys, bad values
//! and unknown rule ids are errors pointing into the file.

// The errors carry the file's text for miette to point into; they end the
// run, so their size on the error path costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use toml::Spanned;

use crate::cli::FailOn;
use crate::rules::{RuleSet, Severity, Target};
use crate::suppress::similar_rule_id;

pub const FILE_NAME: &str = ".session-impact.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    rules: Vec<Spanned<String>>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    targets: Vec<Spanned<String>>,
    #[serde(default)]
    impact: Option<bool>,
}

/// A configuration file that cannot be used.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum ConfigError {
    #[error("could not read config file {path}: {message}")]
    #[diagnostic(code(session_impact::config::io))]
    Io { path: PathBuf, message: String },
    #[error("{path}: {message}")]
    #[diagnostic(code(session_impact::config::invalid))]
    Invalid {
        path: PathBuf,
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("{label}")]
        span: Option<SourceSpan>,
        label: String,
        #[help]
        help: Option<String>,
    },
}

/// A loaded configuration file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from.
    pub path: PathBuf,
    pub exclude: Vec<String>,
    /// Rule directories, resolved against the file's directory.
    pub rules: Vec<PathBuf>,
    pub disable: Vec<Spanned<String>>,
    pub severity: Vec<(Spanned<String>, Severity)>,
    pub fail_on: Option<FailOn>,
    pub targets: Vec<Target>,
    /// Reserved for blast-radius analysis; read and validated, not used yet.
    pub impact: bool,
    source: String,
}

fn parse_fail_on(s: &str) -> Option<FailOn> {
    match s {
        "error" => Some(FailOn::Error),
        "warning" => Some(FailOn::Warning),
        "info" => Some(FailOn::Info),
        "never" => Some(FailOn::Never),
        _ => None,
    }
}

impl Config {
    fn error(&self, span: Option<Range<usize>>, message: String, help: Option<String>) -> ConfigError {
        invalid(&self.path, &self.source, span, message, help)
    }

    /// The config file for a scan of `root`: `.session-impact.toml` in the
    /// root directory; for a file root, in its directory or the nearest
    /// ancestor, stopping at the repository root (a directory with `.git`).
    pub fn discover(root: &Path) -> Option<PathBuf> {
        if root.is_dir() {
            let candidate = root.join(FILE_NAME);
            return candidate.is_file().then_some(candidate);
        }
        let parent = root.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let start = std::path::absolute(parent).unwrap_or_else(|_| parent.to_path_buf());
        for dir in start.ancestors() {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                return Some(candidate);
            }
            if dir.join(".git").exists() {
                break;
            }
        }
        None
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let source = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::Io { path: path.to_path_buf(), message: e.to_string() })?;
        Config::parse(path, &source)
    }

    /// Parses and validates a config file's text; `path` locates the rule
    /// directories and names the file in messages.
    pub fn parse(path: &Path, source: &str) -> Result<Config, ConfigError> {
        let file: ConfigFile = toml::from_str(source).map_err(|e| {
            let message = e.message().to_string();
            let help = message.contains("unknown field").then(|| {
                "keys are: exclude, rules, disable, fail-on, targets, impact and the [severity] table".to_string()
            });
            invalid(path, source, e.span(), message, help)
        })?;
        let mut config = Config { path: path.to_path_buf(), source: source.to_string(), ..Config::default() };
        let base = path.parent().unwrap_or(Path::new(""));
        for glob in &file.exclude {
            globset::Glob::new(glob.get_ref()).map_err(|e| {
                config.error(Some(glob.span()), format!("`{}` is not a valid glob: {e}", glob.get_ref()), None)
            })?;
            config.exclude.push(glob.get_ref().clone());
        }
        for dir in &file.rules {
            let resolved = base.join(dir.get_ref());
            if !resolved.exists() {
                return Err(config.error(
                    Some(dir.span()),
                    format!("rule directory `{}` does not exist ({})", dir.get_ref(), resolved.display()),
                    Some("rule directories are relative to the config file".into()),
                ));
            }
            config.rules.push(resolved);
        }
        if let Some(fail_on) = &file.fail_on {
            config.fail_on = Some(parse_fail_on(fail_on.get_ref()).ok_or_else(|| {
                config.error(
                    Some(fail_on.span()),
                    format!("unknown fail-on level `{}`", fail_on.get_ref()),
                    Some("one of: error, warning, info, never".into()),
                )
            })?);
        }
        for target in &file.targets {
            config.targets.push(Target::parse(target.get_ref()).ok_or_else(|| {
                config.error(
                    Some(target.span()),
                    format!("unknown target `{}`", target.get_ref()),
                    Some("one of: matrix, signal, tor, simplex, generic".into()),
                )
            })?);
        }
        for (id, level) in &file.severity {
            let severity = Severity::parse(level.get_ref()).ok_or_else(|| {
                config.error(
                    Some(level.span()),
                    format!("unknown severity `{}` for `{}`", level.get_ref(), id.get_ref()),
                    Some("one of: error, warning, info".into()),
                )
            })?;
            config.severity.push((id.clone(), severity));
        }
        config.disable = file.disable;
        config.impact = file.impact.unwrap_or(false);
        Ok(config)
    }

    /// Disables rules and overrides severities. Ids that name no loaded rule,
    /// and rules both disabled and given a severity, are errors.
    pub fn apply(&self, rules: &mut RuleSet) -> Result<(), ConfigError> {
        let unknown = |id: &Spanned<String>, rules: &RuleSet| {
            let help = match similar_rule_id(rules, id.get_ref()) {
                Some(s) => format!("did you mean `{s}`? `session-impact rules list` shows every rule id"),
                None => "`session-impact rules list` shows every rule id (add rule directories with `rules = [...]`)"
                    .to_string(),
            };
            self.error(Some(id.span()), format!("unknown rule id `{}`", id.get_ref()), Some(help))
        };
        for id in &self.disable {
            if rules.get(id.get_ref()).is_none() {
                return Err(unknown(id, rules));
            }
        }
        for (id, _) in &self.severity {
            if rules.get(id.get_ref()).is_none() {
                return Err(unknown(id, rules));
            }
            if self.disable.iter().any(|d| d.get_ref() == id.get_ref()) {
                return Err(self.error(
                    Some(id.span()),
                    format!("rule `{}` is disabled and also given a severity", id.get_ref()),
                    Some("remove it from `disable` or from `[severity]`".into()),
                ));
            }
        }
        let ids: Vec<String> = self.disable.iter().map(|d| d.get_ref().clone()).collect();
        rules.disable(&ids);
        for (id, severity) in &self.severity {
            rules.set_severity(id.get_ref(), *severity);
        }
        Ok(())
    }
}

fn invalid(
    path: &Path,
    source: &str,
    span: Option<Range<usize>>,
    message: String,
    help: Option<String>,
) -> ConfigError {
    let line = span.as_ref().map(|s| source[..s.start.min(source.len())].matches('\n').count() + 1);
    ConfigError::Invalid {
        path: path.to_path_buf(),
        message: match line {
            Some(l) => format!("line {l}: {message}"),
            None => message,
        },
        src: NamedSource::new(path.display().to_string(), source.to_string()),
        span: span.map(|s| SourceSpan::from(s.start..s.end)),
        label: "here".to_string(),
        help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(source: &str) -> (String, String, Option<String>) {
        match Config::parse(Path::new("x/.session-impact.toml"), source) {
            Ok(c) => panic!("expected an error, got {c:?}"),
            Err(ConfigError::Invalid { message, span, help, .. }) => {
                let span = span.unwrap_or_else(|| panic!("no span for {message}"));
                (message, source[span.offset()..span.offset() + span.len()].to_string(), help)
            }
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn values_are_read() {
        let c = Config::parse(
            Path::new(".session-impact.toml"),
            "exclude = [\"vendor/**\"]\nfail-on = \"warning\"\ntargets = [\"matrix\"]\nimpact = true\n\
             [severity]\n\"sdk/x\" = \"info\"\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.exclude, ["vendor/**"]);
        assert_eq!(c.fail_on, Some(FailOn::Warning));
        assert_eq!(c.targets, [Target::Matrix]);
        assert!(c.impact);
        assert_eq!(c.severity[0].1, Severity::Info);
    }

    #[test]
    fn unknown_keys_point_at_the_key() {
        let (message, at, help) = error_of("exclude = []\nfail_on = \"warning\"\n");
        assert!(message.contains("unknown field `fail_on`"), "{message}");
        assert!(message.starts_with("line 2"), "{message}");
        assert_eq!(at, "fail_on");
        assert!(help.is_some_and(|h| h.contains("fail-on")));
    }

    #[test]
    fn bad_values_point_at_the_value() {
        let (message, at, _) = error_of("fail-on = \"sometimes\"\n");
        assert!(message.contains("unknown fail-on level"), "{message}");
        assert_eq!(at, "\"sometimes\"");
        let (_, at, _) = error_of("[severity]\n\"sdk/x\" = \"fatal\"\n");
        assert_eq!(at, "\"fatal\"");
        let (_, at, _) = error_of("targets = [\"matrix\", \"telegram\"]\n");
        assert_eq!(at, "\"telegram\"");
        let (message, _, _) = error_of("impact = \"yes\"\n");
        assert!(message.contains("invalid type"), "{message}");
        let (message, at, _) = error_of("rules = [\"no/such/dir\"]\n");
        assert!(message.contains("does not exist"), "{message}");
        assert_eq!(at, "\"no/such/dir\"");
    }
}
