//! .gitmodules: one Dependency (ecosystem `git`) per `[submodule "name"]`,
//! named by its `path` (or the submodule name), with `url` as the source and
//! `branch` as the version, spanning the section header.

use super::util::{indent_end, lines, FactsBuilder};
use crate::facts::{Ecosystem, FileFacts};
use crate::lang::ExtractError;

#[derive(Default)]
struct Submodule {
    header: usize,
    name: String,
    path: Option<String>,
    url: Option<String>,
    branch: Option<String>,
}

fn flush(b: &mut FactsBuilder<'_>, current: Option<Submodule>) {
    if let Some(s) = current {
        let name = s.path.as_deref().unwrap_or(&s.name).to_string();
        b.dep_at(Ecosystem::Git, &name, s.branch.as_deref(), s.url.as_deref(), s.header);
    }
}

/// `"a b"` → `a b`, git-config style (surrounding quotes only).
fn config_value(v: &str) -> String {
    let v = v.trim();
    v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(v).to_string()
}

pub fn gitmodules(source: &str) -> Result<FileFacts, ExtractError> {
    let mut b = FactsBuilder::new(source);
    let mut current: Option<Submodule> = None;
    let mut in_section = false;
    for (start, line) in lines(source) {
        let trimmed = line.trim();
        let at = indent_end(start, line);
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with(['#', ';']) {
            b.comment(at, start + line.trim_end().len());
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            let Some(header) = rest.strip_suffix(']') else {
                return Err(b.error(start, format!("unterminated section header `{trimmed}`")));
            };
            flush(&mut b, current.take());
            in_section = true;
            let header = header.trim();
            if let Some(name) = header.strip_prefix("submodule") {
                current = Some(Submodule { header: at, name: config_value(name), ..Submodule::default() });
            }
            continue;
        }
        if !in_section {
            return Err(b.error(start, format!("`{trimmed}` is outside any [submodule] section")));
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(b.error(start, format!("expected `key = value`, found `{trimmed}`")));
        };
        let Some(sub) = current.as_mut() else { continue };
        let value = config_value(value);
        match key.trim() {
            "path" => sub.path = Some(value),
            "url" => sub.url = Some(value),
            "branch" => sub.branch = Some(value),
            _ => {}
        }
    }
    flush(&mut b, current);
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::test_support::deps;

    #[test]
    fn submodules_with_paths_urls_and_branches() {
        let src = "[submodule \"libsession-util\"]\n\tpath = libsession-util\n\turl = https://github.com/session-foundation/libsession-util.git\n\tbranch = dev\n# vendored\n[submodule \"external/oxen-encoding\"]\n\turl = https://github.com/session-foundation/oxen-encoding.git\n";
        let facts = gitmodules(src).unwrap();
        let got = deps(&facts);
        assert_eq!(
            got,
            vec![
                ("libsession-util", Some("dev"), Some("https://github.com/session-foundation/libsession-util.git"), 1),
                ("external/oxen-encoding", None, Some("https://github.com/session-foundation/oxen-encoding.git"), 6),
            ]
        );
        assert_eq!(facts.comments.len(), 1);
    }

    #[test]
    fn broken_gitmodules_are_errors() {
        assert!(gitmodules("url = x\n").unwrap_err().0.starts_with("line 1"));
        assert!(gitmodules("[submodule \"a\"\n").is_err());
        assert!(gitmodules("[submodule \"a\"]\n  garbage\n").unwrap_err().0.starts_with("line 2"));
    }
}
