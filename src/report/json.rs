//! `--format json`: the schema_version 1 contract.

use std::io::Write;

use rayon::prelude::*;

use super::{Finding, Report};

pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail; serialising plain data neither.
    match write(report, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": {:?}}}\n", e.to_string()),
    }
}

/// Findings rendered per parallel task.
const CHUNK: usize = 1024;
/// Chunks rendered before they are written: bounds the memory held (about
/// 2 KB per finding) while keeping both cores busy.
const WINDOW: usize = 8;

/// [`render`] into `out`, without holding the whole text in memory.
///
/// The output is exactly `serde_json::to_writer_pretty(report)` plus a
/// newline, but the findings, nearly all of the text on a large scan, are
/// rendered on all cores: on a 20k-file tree with 91k findings (190 MB of
/// JSON) a serial rendering was the longest part of the scan after the
/// threads had finished.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    // Everything but the findings, rendered by serde itself; the findings
    // go where it wrote the empty list. Constructed field by field, so a
    // field added to `Report` is a compile error here, not a silent gap.
    let head = Report {
        schema_version: report.schema_version,
        tool: report.tool.clone(),
        root: report.root.clone(),
        summary: report.summary.clone(),
        findings: Vec::new(),
        errors: report.errors.clone(),
        skipped: report.skipped.clone(),
        impact: report.impact.clone(),
        unresolved: report.unresolved.clone(),
    };
    let head = serde_json::to_vec_pretty(&head).map_err(std::io::Error::from)?;
    // `findings": [` cannot occur inside a JSON string (its quote would be
    // escaped), so the first occurrence is the key.
    const KEY: &[u8] = b"\"findings\": [";
    let at = memchr::memmem::find(&head, KEY)
        .map(|i| i + KEY.len())
        .ok_or_else(|| std::io::Error::other("the report has no findings key"))?;
    out.write_all(&head[..at])?;
    if !report.findings.is_empty() {
        for (window, chunks) in report.findings.chunks(CHUNK * WINDOW).enumerate() {
            let rendered: Vec<std::io::Result<Vec<u8>>> = chunks.par_chunks(CHUNK).map(render_chunk).collect();
            for (i, chunk) in rendered.into_iter().enumerate() {
                let chunk = chunk?;
                // Every element but the very first follows a comma.
                let first = window == 0 && i == 0;
                out.write_all(if first { &chunk[1..] } else { &chunk })?;
            }
        }
        out.write_all(b"\n  ")?;
    }
    // After the `[` comes the `]` of the empty list and the rest.
    out.write_all(&head[at..])?;
    out.write_all(b"\n")
}

/// `,\n    {…}` for each finding of `chunk`: the finding as serde's pretty
/// printer writes it two levels deep (four more spaces on every line).
fn render_chunk(chunk: &[Finding]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(chunk.len() * 2048);
    let mut one = Vec::with_capacity(4096);
    for finding in chunk {
        one.clear();
        serde_json::to_writer_pretty(&mut one, finding).map_err(std::io::Error::from)?;
        out.extend_from_slice(b",\n    ");
        // Newlines in JSON text are all structural: strings escape theirs.
        let mut start = 0;
        for nl in memchr::memchr_iter(b'\n', &one) {
            out.extend_from_slice(&one[start..=nl]);
            out.extend_from_slice(b"    ");
            start = nl + 1;
        }
        out.extend_from_slice(&one[start..]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::plan::tests::finding;
    use crate::rules::{Effort, Severity};

    fn reference(report: &Report) -> String {
        serde_json::to_string_pretty(report).expect("serialises") + "\n"
    }

    #[test]
    fn output_is_serdes_pretty_json_byte_for_byte() {
        let mut report = Report::empty("a \"findings\": [ root".into());
        assert_eq!(render(&report), reference(&report), "no findings");
        // More findings than one window of chunks, with text that needs
        // escaping, newlines included, and a rule without replacements.
        report.findings = (0..CHUNK * WINDOW + 7)
            .map(|i| {
                let mut f = finding("sdk/x", Severity::Warning, Effort::M, &format!("src/f{i:06}.ts"), i + 1);
                f.snippet = format!("const s = \"a\\nb\" // {i} \u{2028} \"findings\": [");
                if i % 3 == 0 {
                    f.replacements = Vec::new().into();
                }
                f
            })
            .collect();
        report.errors.push(crate::report::FileError { path: "bad.ts".into(), message: "could not read".into() });
        assert_eq!(render(&report), reference(&report));
        report.findings.truncate(1);
        assert_eq!(render(&report), reference(&report), "one finding");
    }
}
