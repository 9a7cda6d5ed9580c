//! `session-impact merge`: combines the JSON reports of shards
//! (`scan --shard K/N --format json`) into the report a single scan of the
//! same paths would have produced, ready to render in any format.
//!
//! Shards partition files, and everything per finding (fingerprints, line
//! hashes, suppressions) is computed per file, so the union of the shards'
//! findings is exactly the full scan's. Counts are summed; errors and skipped
//! files are deduplicated (walk errors appear in every shard). Blast radii
//! (`--blast-radius`) are combined by [`crate::impact::merge`].

// The errors carry the file's text for miette to point into; they end the
// run, so their size on the error path costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};

use crate::report::{ImpactedFile, Report, SCHEMA_VERSION};

#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum MergeError {
    #[error("could not read report {path}: {message}")]
    #[diagnostic(code(session_impact::merge::io))]
    Io { path: PathBuf, message: String },
    #[error("{path} is not a session-impact JSON report: {message}")]
    #[diagnostic(
        code(session_impact::merge::invalid),
        help("merge reads the output of `session-impact scan --format json`")
    )]
    Invalid {
        path: PathBuf,
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("here")]
        span: SourceSpan,
    },
    #[error("{path} has schema_version {found}; this session-impact reads {SCHEMA_VERSION}")]
    #[diagnostic(code(session_impact::merge::version), help("scan every shard with the same session-impact version"))]
    Version { path: PathBuf, found: u32 },
    #[error("the reports do not come from one scan: {first} has {what} `{a}`, {other} has `{b}`")]
    #[diagnostic(
        code(session_impact::merge::mismatch),
        help("every shard must scan the same paths with the same session-impact version")
    )]
    Mismatch { first: PathBuf, other: PathBuf, what: &'static str, a: String, b: String },
    #[error("merge needs at least one report")]
    #[diagnostic(code(session_impact::merge::empty))]
    Empty,
}

/// Reads one JSON report.
pub fn read_report(path: &Path) -> Result<Report, MergeError> {
    let source = std::fs::read_to_string(path)
        .map_err(|e| MergeError::Io { path: path.to_path_buf(), message: e.to_string() })?;
    serde_json::from_str::<Report>(&source).map_err(|e| {
        let line_start: usize = source.split_inclusive('\n').take(e.line().saturating_sub(1)).map(str::len).sum();
        let mut at = (line_start + e.column().saturating_sub(1)).min(source.len().saturating_sub(1));
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        MergeError::Invalid {
            path: path.to_path_buf(),
            message: e.to_string(),
            src: NamedSource::new(path.display().to_string(), source.clone()),
            span: SourceSpan::from(at..(at + 1).min(source.len())),
        }
    })
}

/// Merges reports read from `paths` (in any order).
pub fn merge_files(paths: &[PathBuf]) -> Result<Report, MergeError> {
    let mut reports = Vec::new();
    for p in paths {
        reports.push((p.clone(), read_report(p)?));
    }
    merge(reports)
}

/// Merges reports of the shards of one scan.
pub fn merge(reports: Vec<(PathBuf, Report)>) -> Result<Report, MergeError> {
    let mut iter = reports.into_iter();
    let (first_path, mut merged) = iter.next().ok_or(MergeError::Empty)?;
    let check = |path: &Path, r: &Report, merged: &Report| -> Result<(), MergeError> {
        if r.schema_version != SCHEMA_VERSION {
            return Err(MergeError::Version { path: path.to_path_buf(), found: r.schema_version });
        }
        let mismatch = |what, a: &str, b: &str| MergeError::Mismatch {
            first: first_path.clone(),
            other: path.to_path_buf(),
            what,
            a: a.to_string(),
            b: b.to_string(),
        };
        if r.root != merged.root {
            return Err(mismatch("root", &merged.root, &r.root));
        }
        if r.tool != merged.tool {
            let v = |t: &crate::report::Tool| format!("{} {}", t.name, t.version);
            return Err(mismatch("tool", &v(&merged.tool), &v(&r.tool)));
        }
        Ok(())
    };
    if merged.schema_version != SCHEMA_VERSION {
        return Err(MergeError::Version { path: first_path, found: merged.schema_version });
    }
    let blast_radius = merged.impact.is_some();
    let mut impacts: Vec<Vec<ImpactedFile>> = merged.impact.take().into_iter().collect();
    for (path, r) in iter {
        check(&path, &r, &merged)?;
        if r.impact.is_some() != blast_radius {
            let with = |has: bool| if has { "--blast-radius" } else { "no --blast-radius" }.to_string();
            return Err(MergeError::Mismatch {
                first: first_path.clone(),
                other: path,
                what: "options",
                a: with(blast_radius),
                b: with(r.impact.is_some()),
            });
        }
        impacts.extend(r.impact);
        if let (Some(all), Some(more)) = (&mut merged.unresolved, r.unresolved) {
            all.extend(more);
        }
        let s = &mut merged.summary;
        s.files_scanned += r.summary.files_scanned;
        s.suppressed += r.summary.suppressed;
        s.baselined += r.summary.baselined;
        merged.findings.extend(r.findings);
        merged.errors.extend(r.errors);
        merged.skipped.extend(r.skipped);
    }
    merged.finish();
    if blast_radius {
        // Every shard builds the whole tree's graph and searches it from
        // its own files with findings; each lists the same unresolved
        // imports.
        let direct: BTreeSet<&str> = merged.findings.iter().map(|f| f.path.as_str()).collect();
        let impact = crate::impact::merge(impacts, &direct);
        merged.summary.impacted_files = Some(impact.len());
        merged.impact = Some(impact);
        if let Some(unresolved) = &mut merged.unresolved {
            unresolved.sort();
            unresolved.dedup();
            merged.summary.unresolved_imports = Some(unresolved.len());
        }
    }
    Ok(merged)
}
