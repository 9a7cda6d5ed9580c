//! The blast radius as the text formats show it: impacted files by depth,
//! and the touch points (files with findings) ranked by how many files
//! depend on them. Shared by the human, markdown, HTML and ticket output.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{sanitize_terminal, ImpactedFile, Report, UnresolvedImport};

/// How many files of one depth the human output lists.
const MAX_PER_DEPTH: usize = 10;
/// How many touch points the human output lists.
const MAX_TOUCH_POINTS: usize = 5;

/// Files with findings and the number of files that depend on each (through
/// any chain), most depended-on first. Only touch points with dependents.
pub fn touch_points(impact: &[ImpactedFile]) -> Vec<(&str, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for file in impact {
        for direct in &file.reaches {
            *counts.entry(direct.as_str()).or_default() += 1;
        }
    }
    let mut out: Vec<(&str, usize)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    out
}

/// The files that depend on `touch_point`, nearest first.
pub fn dependents<'r>(impact: &'r [ImpactedFile], touch_point: &str) -> Vec<&'r ImpactedFile> {
    impact.iter().filter(|i| i.reaches.iter().any(|r| r == touch_point)).collect()
}

/// `a → b → c`.
pub fn chain(file: &ImpactedFile) -> String {
    file.via.join(" → ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The "blast radius" section of the human output (nothing when it was not
/// computed).
pub fn render_human(report: &Report, out: &mut String) {
    let Some(impact) = &report.impact else { return };
    let _ = writeln!(out, "── blast radius");
    let unresolved = report.summary.unresolved_imports.unwrap_or(0);
    let _ = writeln!(
        out,
        "  {} with findings; {} reach them through the project's own imports{}",
        plural(report.summary.files_with_findings, "file", "files"),
        plural(impact.len(), "file", "files"),
        if unresolved > 0 {
            format!(" ({} could not be resolved)", plural(unresolved, "local import", "local imports"))
        } else {
            String::new()
        }
    );
    let mut by_depth: BTreeMap<usize, Vec<&ImpactedFile>> = BTreeMap::new();
    for file in impact {
        by_depth.entry(file.depth).or_default().push(file);
    }
    for (depth, files) in &by_depth {
        let _ = writeln!(out, "  depth {depth} ({}):", plural(files.len(), "file", "files"));
        for file in files.iter().take(MAX_PER_DEPTH) {
            let _ = writeln!(out, "    {}", sanitize_terminal(&chain(file)));
        }
        if files.len() > MAX_PER_DEPTH {
            let _ = writeln!(out, "    … {} more (--format json lists every file)", files.len() - MAX_PER_DEPTH);
        }
    }
    let points = touch_points(impact);
    if !points.is_empty() {
        let _ = writeln!(out, "  most depended-on touch points:");
        for (path, n) in points.iter().take(MAX_TOUCH_POINTS) {
            let _ = writeln!(out, "    {}: {}", sanitize_terminal(path), plural(*n, "dependent", "dependents"));
        }
    }
    let specifiers = unresolved_specifiers(report.unresolved.as_deref().unwrap_or_default());
    if !specifiers.is_empty() {
        let _ = writeln!(out, "  unresolved local imports (a generated file? a path alias not in tsconfig?):");
        for (named, n) in specifiers.iter().take(MAX_TOUCH_POINTS) {
            let _ = writeln!(out, "    {}: imported by {}", sanitize_terminal(named), plural(*n, "file", "files"));
        }
        if specifiers.len() > MAX_TOUCH_POINTS {
            let _ = writeln!(
                out,
                "    … {} more (--format json lists them under `unresolved`)",
                specifiers.len() - MAX_TOUCH_POINTS
            );
        }
    }
}

/// Unresolved imports grouped by what they name, with the number of files
/// importing each, the most common first. Relative specifiers are joined
/// to the importing file's directory, so `../x` from `a/b.ts` and `./x`
/// from `a/c.ts` are both `a/x`.
pub fn unresolved_specifiers(unresolved: &[UnresolvedImport]) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for u in unresolved {
        *counts.entry(named_path(&u.path, &u.import)).or_default() += 1;
    }
    let mut out: Vec<(String, usize)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// `specifier` resolved against the directory of `importer` when it starts
/// with `./` or `../`; otherwise as written.
fn named_path(importer: &str, specifier: &str) -> String {
    if !(specifier.starts_with("./") || specifier.starts_with("../")) {
        return specifier.to_string();
    }
    let mut parts: Vec<&str> = importer.split('/').collect();
    parts.pop();
    for segment in specifier.split('/') {
        match segment {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, depth: usize, via: &[&str], reaches: &[&str]) -> ImpactedFile {
        ImpactedFile {
            path: path.into(),
            depth,
            via: via.iter().map(|s| s.to_string()).collect(),
            reaches: reaches.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn touch_points_rank_by_dependents() {
        let impact = vec![
            file("a.ts", 1, &["a.ts", "w.ts"], &["w.ts"]),
            file("b.ts", 2, &["b.ts", "a.ts", "w.ts"], &["w.ts", "x.ts"]),
            file("c.ts", 1, &["c.ts", "x.ts"], &["x.ts"]),
            file("d.ts", 1, &["d.ts", "w.ts"], &["w.ts"]),
        ];
        assert_eq!(touch_points(&impact), vec![("w.ts", 3), ("x.ts", 2)]);
        let deps: Vec<&str> = dependents(&impact, "x.ts").iter().map(|f| f.path.as_str()).collect();
        assert_eq!(deps, ["b.ts", "c.ts"]);
        assert_eq!(chain(&impact[1]), "b.ts → a.ts → w.ts");
    }
}
