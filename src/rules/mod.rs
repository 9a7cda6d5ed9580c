//! Rules: loading TOML rule files, compiling them into indexes once per scan,
//! and matching a file's facts against them.

pub mod compile;
mod joins;
pub mod literals;
pub mod load;
pub mod matcher;
pub mod prefilter;

pub use compile::{Effort, Replacement, Rule, RuleSet, Severity, Target};
pub use load::RuleError;

/// The shipped rule pack, embedded at build time (see build.rs): pairs of
/// (path relative to `rules/`, file contents).
pub static EMBEDDED_RULES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
