//! session-impact: find every place a codebase depends on the Session
//! messenger ecosystem and say what each must become.
//!
//! Data flows forward: walk → classify → prefilter → parse → facts → resolve
//! → match → findings → report. [`scan::scan`] is the whole pipeline; the
//! binary only parses arguments, calls it and renders.

pub mod app;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod facts;
pub mod fingerprint;
pub mod impact;
pub mod isolate;
pub mod jsonc;
pub mod lang;
pub mod lsp;
pub mod manifest;
pub mod merge;
pub mod progress;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod scan;
pub mod select;
pub mod suppress;
pub mod walk;

pub use report::Report;
pub use rules::RuleSet;
pub use scan::{scan, ScanOptions};
