//! Building the parallel directory walker: .gitignore/.ignore, default and
//! user excludes, symlink policy.

use std::path::Path;

use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkParallel};

/// Directories skipped unless `--no-default-excludes`: dependencies and build
/// output, which are not the project's own code.
pub const DEFAULT_EXCLUDES: &[&str] = &["node_modules", "Pods", "build", ".gradle", "target", "dist", ".git"];

#[derive(Debug, Clone)]
pub struct WalkOptions {
    pub threads: usize,
    /// gitignore-style globs of paths to skip.
    pub excludes: Vec<String>,
    pub default_excludes: bool,
    pub follow_symlinks: bool,
}

/// An `--exclude` glob that is not valid.
#[derive(Debug, thiserror::Error)]
#[error("invalid --exclude glob `{glob}`: {message}")]
pub struct ExcludeError {
    pub glob: String,
    pub message: String,
}

pub fn build(root: &Path, options: &WalkOptions) -> Result<WalkParallel, ExcludeError> {
    let mut builder = WalkBuilder::new(root);
    builder
        .threads(options.threads)
        .hidden(false) // `.gitmodules` and `.session-impact.toml` are hidden files
        .parents(true)
        .ignore(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .follow_links(options.follow_symlinks);
    let override_root = if root.is_dir() { root } else { root.parent().unwrap_or(root) };
    let mut overrides = OverrideBuilder::new(override_root);
    let mut add = |glob: &str| {
        overrides
            .add(&format!("!{glob}"))
            .map(|_| ())
            .map_err(|e| ExcludeError { glob: glob.to_string(), message: e.to_string() })
    };
    for glob in &options.excludes {
        add(glob)?;
    }
    if options.default_excludes {
        for dir in DEFAULT_EXCLUDES {
            add(&format!("{dir}/"))?;
        }
    }
    let overrides =
        overrides.build().map_err(|e| ExcludeError { glob: options.excludes.join(", "), message: e.to_string() })?;
    builder.overrides(overrides);
    Ok(builder.build_parallel())
}
