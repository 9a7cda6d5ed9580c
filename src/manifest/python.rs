//! Python: requirements*.txt, pyproject.toml (PEP 621, PEP 735 groups,
//! build-system, Poetry), setup.py (`install_requires=[...]` and friends,
//! read as text) and setup.cfg (`[options]` lists).
//!
//! Dependencies (ecosystem `pypi`) carry PEP 503-normalised names
//! (`Session_Util` → `session-util`), the version specifier as written, and
//! the URL of direct references (`name @ url`, `-e git+...#egg=name`, Poetry
//! `git`/`url`/`path`) as the source.

use std::sync::LazyLock;

use regex::Regex;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::util::{indent_end, lines, repo_name, toml_error, FactsBuilder};
use crate::facts::{Ecosystem, FileFacts};
use crate::lang::ExtractError;

static NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)").expect("static regex"));
static SEPARATORS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[-_.]+").expect("static regex"));

/// PEP 503 name normalisation.
pub fn normalize(name: &str) -> String {
    SEPARATORS.replace_all(&name.to_ascii_lowercase(), "-").into_owned()
}

#[derive(Debug, PartialEq, Eq)]
struct Requirement {
    name: String,
    version: Option<String>,
    source: Option<String>,
}

/// A PEP 508 requirement: `name[extras] (specifier | @ url) ; marker`.
/// `None` when the text does not start with a project name.
fn requirement(text: &str) -> Option<Requirement> {
    let text = text.trim();
    let name = NAME.captures(text)?.get(1)?.as_str();
    let mut rest = text[name.len()..].trim_start();
    if rest.starts_with('[') {
        rest = rest.find(']').map(|p| rest[p + 1..].trim_start()).unwrap_or("");
    }
    if let Some(url) = rest.strip_prefix('@') {
        let url = url.split_whitespace().next().unwrap_or("").trim_end_matches(';');
        return Some(Requirement { name: normalize(name), version: None, source: Some(url.to_string()) });
    }
    let spec = rest.split(';').next().unwrap_or("").trim().trim_start_matches('(').trim_end_matches(')').trim();
    Some(Requirement { name: normalize(name), version: (!spec.is_empty()).then(|| spec.to_string()), source: None })
}

/// The project a URL requirement installs: `#egg=name`, else the archive or
/// repository name (`pkg-1.0.tar.gz` → `pkg`, `.../repo.git` → `repo`).
fn url_requirement(url: &str) -> Option<Requirement> {
    let url = url.trim();
    let egg = url.split_once("#egg=").map(|(_, e)| e.split('&').next().unwrap_or(e));
    let name = match egg {
        Some(e) => e.to_string(),
        None => {
            let base = repo_name(url);
            let stem = base.split(".tar").next().unwrap_or(base).trim_end_matches(".zip").trim_end_matches(".whl");
            // Archive names are `name-version...`: cut before the first `-digit`.
            let cut =
                stem.char_indices().find(|&(i, c)| c == '-' && stem[i + 1..].starts_with(|d: char| d.is_ascii_digit()));
            cut.map(|(i, _)| &stem[..i]).unwrap_or(stem).to_string()
        }
    };
    (!name.is_empty()).then(|| Requirement { name: normalize(&name), version: None, source: Some(url.to_string()) })
}

fn push(b: &mut FactsBuilder<'_>, r: Requirement, at: usize) {
    b.dep_at(Ecosystem::Pypi, &r.name, r.version.as_deref(), r.source.as_deref(), at);
}

/// Strips a `#` comment (at the start or after whitespace).
fn strip_comment(line: &str) -> &str {
    if line.trim_start().starts_with('#') {
        return "";
    }
    match line.find(" #").or_else(|| line.find("\t#")) {
        Some(p) => &line[..p],
        None => line,
    }
}

pub fn requirements(source: &str) -> Result<FileFacts, ExtractError> {
    let mut b = FactsBuilder::new(source);
    let mut pending: Option<(usize, String)> = None;
    for (start, line) in lines(source) {
        let at = indent_end(start, line);
        if let Some(p) =
            line.find('#').filter(|&p| p == 0 || line[..p].ends_with([' ', '\t']) || line[..p].trim().is_empty())
        {
            b.comment(start + p, start + line.trim_end().len());
        }
        let content = strip_comment(line);
        // Backslash continuations join physical lines into one requirement.
        let (first, mut joined) = pending.take().unwrap_or((at, String::new()));
        joined.push_str(content.trim_end().trim_end_matches('\\'));
        if content.trim_end().ends_with('\\') {
            pending = Some((first, joined));
            continue;
        }
        requirement_line(&mut b, joined.trim(), first)?;
    }
    if let Some((first, joined)) = pending {
        requirement_line(&mut b, joined.trim(), first)?;
    }
    Ok(b.finish())
}

fn requirement_line(b: &mut FactsBuilder<'_>, text: &str, at: usize) -> Result<(), ExtractError> {
    if text.is_empty() {
        return Ok(());
    }
    // Per-requirement options (`--hash=...`) follow the requirement.
    let text = text.split(" --").next().unwrap_or(text).trim();
    if let Some(target) = text.strip_prefix("-e ").or_else(|| text.strip_prefix("--editable ")).map(str::trim) {
        if target.contains("://") || target.starts_with("git+") {
            if let Some(r) = url_requirement(target) {
                push(b, r, at);
            }
        }
        return Ok(());
    }
    if text.starts_with('-') || text.starts_with(['.', '/', '~', '$']) {
        return Ok(());
    }
    if text.contains("://") && !text.contains(" @ ") && !text.contains("@ ") {
        if let Some(r) = url_requirement(text) {
            push(b, r, at);
        }
        return Ok(());
    }
    match requirement(text) {
        Some(r) => {
            push(b, r, at);
            Ok(())
        }
        None => Err(b.error(at, format!("not a requirement: `{text}`"))),
    }
}

fn get<'t, 'a>(table: &'t DeTable<'a>, key: &str) -> Option<&'t Spanned<DeValue<'a>>> {
    table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
}

fn get_table<'t, 'a>(table: &'t DeTable<'a>, key: &str) -> Option<&'t DeTable<'a>> {
    get(table, key).and_then(|v| v.get_ref().as_table())
}

/// An array of PEP 508 strings (each spanning its own line).
fn requirement_array(b: &mut FactsBuilder<'_>, value: Option<&Spanned<DeValue<'_>>>) {
    let Some(items) = value.and_then(|v| v.get_ref().as_array()) else { return };
    for item in items.iter() {
        if let Some(r) = item.get_ref().as_str().and_then(requirement) {
            push(b, r, item.span().start);
        }
    }
}

/// A Poetry dependency table: `name = "^1"` or `name = { git = ..., ... }`.
fn poetry_table(b: &mut FactsBuilder<'_>, table: Option<&DeTable<'_>>) {
    let Some(table) = table else { return };
    for (key, value) in table.iter() {
        if key.get_ref() == "python" {
            continue;
        }
        let name = normalize(key.get_ref());
        let at = key.span().start;
        let spec = match value.get_ref() {
            DeValue::String(v) => Some((Some(v.to_string()), None)),
            DeValue::Table(t) => Some(poetry_spec(t)),
            DeValue::Array(a) => a.iter().find_map(|v| v.get_ref().as_table()).map(poetry_spec),
            _ => None,
        };
        if let Some((version, source)) = spec {
            b.dep_at(Ecosystem::Pypi, &name, version.as_deref(), source.as_deref(), at);
        }
    }
}

fn poetry_spec(t: &DeTable<'_>) -> (Option<String>, Option<String>) {
    let s = |k: &str| get(t, k).and_then(|v| v.get_ref().as_str()).map(str::to_string);
    let version = s("version").or_else(|| s("tag")).or_else(|| s("branch")).or_else(|| s("rev"));
    (version, s("git").or_else(|| s("url")).or_else(|| s("path")))
}

pub fn pyproject(source: &str) -> Result<FileFacts, ExtractError> {
    let doc = DeTable::parse(source).map_err(|e| toml_error("pyproject.toml", source, &e))?;
    let doc = doc.get_ref();
    let mut b = FactsBuilder::new(source);
    if let Some(project) = get_table(doc, "project") {
        if let Some(name) = get(project, "name") {
            if let Some(n) = name.get_ref().as_str() {
                b.package(n, name.span().start);
            }
        }
        requirement_array(&mut b, get(project, "dependencies"));
        if let Some(optional) = get_table(project, "optional-dependencies") {
            for (_, group) in optional.iter() {
                requirement_array(&mut b, Some(group));
            }
        }
    }
    if let Some(groups) = get_table(doc, "dependency-groups") {
        for (_, group) in groups.iter() {
            requirement_array(&mut b, Some(group));
        }
    }
    if let Some(build) = get_table(doc, "build-system") {
        requirement_array(&mut b, get(build, "requires"));
    }
    if let Some(poetry) = get_table(doc, "tool").and_then(|t| get_table(t, "poetry")) {
        if let Some(name) = get(poetry, "name") {
            if let Some(n) = name.get_ref().as_str() {
                b.package(n, name.span().start);
            }
        }
        poetry_table(&mut b, get_table(poetry, "dependencies"));
        poetry_table(&mut b, get_table(poetry, "dev-dependencies"));
        if let Some(groups) = get_table(poetry, "group") {
            for (_, group) in groups.iter() {
                poetry_table(&mut b, group.get_ref().as_table().and_then(|g| get_table(g, "dependencies")));
            }
        }
    }
    Ok(b.finish())
}

static SETUP_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(install_requires|setup_requires|tests_require|extras_require)\s*=\s*([\[{])").expect("static regex")
});
/// `libraries=[...]` of an `Extension(...)`: the C libraries it links.
static SETUP_LIBRARIES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\blibraries\s*=\s*\[").expect("static regex"));
static SETUP_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bname\s*=\s*['"]([^'"\n]+)['"]"#).expect("static regex"));

/// String literals inside the bracketed Python expression opening at
/// `open`, with whether each sits inside a list (`[...]`). Returns the
/// offset after the closing bracket.
type PyStrings<'s> = Vec<(&'s str, usize, bool)>;

fn python_literals(source: &str, open: usize) -> Result<(PyStrings<'_>, usize), usize> {
    let bytes = source.as_bytes();
    let mut stack: Vec<u8> = Vec::new();
    let mut out = Vec::new();
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            c @ (b'[' | b'{' | b'(') => stack.push(c),
            b']' | b'}' | b')' => {
                stack.pop();
                if stack.is_empty() {
                    return Ok((out, i + 1));
                }
            }
            b'#' => {
                i = bytes[i..].iter().position(|&b| b == b'\n').map(|p| i + p).unwrap_or(bytes.len());
                continue;
            }
            q @ (b'"' | b'\'') => {
                let triple = bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q);
                let from = i + if triple { 3 } else { 1 };
                let mut j = from;
                loop {
                    if j >= bytes.len() || (!triple && bytes[j] == b'\n') {
                        return Err(i);
                    }
                    if bytes[j] == b'\\' {
                        j += 2;
                        continue;
                    }
                    if bytes[j] == q && (!triple || (bytes.get(j + 1) == Some(&q) && bytes.get(j + 2) == Some(&q))) {
                        break;
                    }
                    j += 1;
                }
                out.push((&source[from..j], i, stack.contains(&b'[')));
                i = j + if triple { 3 } else { 1 };
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Err(open)
}

pub fn setup_py(source: &str) -> Result<FileFacts, ExtractError> {
    let mut b = FactsBuilder::new(source);
    if let Some(m) = SETUP_NAME.captures(source).and_then(|c| c.get(1)) {
        b.package(m.as_str(), m.start());
    }
    for caps in SETUP_LIST.captures_iter(source) {
        let (Some(keyword), Some(open)) = (caps.get(1), caps.get(2)) else { continue };
        let (literals, _) = python_literals(source, open.start())
            .map_err(|at| b.error(at, format!("unterminated `{}` expression", keyword.as_str())))?;
        for (value, at, in_list) in literals {
            // In extras_require, dict keys are extra names, not requirements.
            if keyword.as_str() == "extras_require" && !in_list {
                continue;
            }
            let r =
                if value.contains("://") && !value.contains('@') { url_requirement(value) } else { requirement(value) };
            if let Some(r) = r {
                push(&mut b, r, at);
            }
        }
    }
    // Link names are not requirements but say what a native extension is built
    // on (libsession-python links session-config, -crypto, -onionreq): they are
    // kept as string literals for link-name rules.
    for m in SETUP_LIBRARIES.find_iter(source) {
        let open = m.end() - 1;
        let (literals, _) = python_literals(source, open).map_err(|at| b.error(at, "unterminated `libraries` list"))?;
        for (value, at, _) in literals {
            // `value` borrows from `source`; its closing quote mirrors the opening one.
            let from = value.as_ptr() as usize - source.as_ptr() as usize;
            b.string(value, at, from + value.len() + (from - at));
        }
    }
    Ok(b.finish())
}

pub fn setup_cfg(source: &str) -> Result<FileFacts, ExtractError> {
    const LIST_KEYS: &[&str] = &["install_requires", "setup_requires", "tests_require"];
    let mut b = FactsBuilder::new(source);
    let mut section = String::new();
    // Whether continuation lines currently hold requirements.
    let mut in_list = false;
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
        let continuation = line.starts_with([' ', '\t']);
        if continuation && !section.is_empty() {
            if in_list {
                if let Some(r) = requirement(strip_comment(trimmed)) {
                    push(&mut b, r, at);
                }
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            let Some(name) = rest.strip_suffix(']') else {
                return Err(b.error(start, format!("unterminated section header `{trimmed}`")));
            };
            section = name.trim().to_string();
            in_list = false;
            continue;
        }
        if section.is_empty() {
            return Err(b.error(start, format!("`{trimmed}` is outside any [section]")));
        }
        let Some((key, value)) = trimmed.split_once(['=', ':']) else {
            return Err(b.error(start, format!("expected `key = value`, found `{trimmed}`")));
        };
        let key = key.trim();
        in_list = (section == "options" && LIST_KEYS.contains(&key)) || section == "options.extras_require";
        if section == "metadata" && key == "name" {
            b.package(value.trim(), at);
        }
        let value = strip_comment(value).trim();
        if in_list && !value.is_empty() {
            if let Some(r) = requirement(value) {
                let offset = line.find(value).map(|p| start + p).unwrap_or(at);
                push(&mut b, r, offset);
            }
        }
    }
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::test_support::deps;

    #[test]
    fn requirements_in_every_form() {
        let src = "# Oxen stack\nSession_Util==0.0.1\nrequests[socks]>=2.31 ; python_version >= \"3.8\"  # http\n-r base.txt\n--index-url https://pypi.org/simple\n-e git+https://github.com/oxen-io/session-pysogs.git@dev#egg=sogs\npyonionreq @ git+https://github.com/oxen-io/pyonionreq.git\nhttps://example.com/pkgs/oxenmq-1.0.0.tar.gz\nflask \\\n  >=2.0\n-e .\nnacl --hash=sha256:abc\n";
        let facts = requirements(src).unwrap();
        assert_eq!(
            deps(&facts),
            vec![
                ("session-util", Some("==0.0.1"), None, 2),
                ("requests", Some(">=2.31"), None, 3),
                ("sogs", None, Some("git+https://github.com/oxen-io/session-pysogs.git@dev#egg=sogs"), 6),
                ("pyonionreq", None, Some("git+https://github.com/oxen-io/pyonionreq.git"), 7),
                ("oxenmq", None, Some("https://example.com/pkgs/oxenmq-1.0.0.tar.gz"), 8),
                ("flask", Some(">=2.0"), None, 9),
                ("nacl", None, None, 12),
            ]
        );
        assert_eq!(facts.comments.len(), 2);
        assert!(requirements("ok==1\n<<<<<<< HEAD\n").unwrap_err().0.starts_with("line 2"));
    }

    #[test]
    fn pyproject_pep621_groups_and_poetry() {
        let src = r#"[build-system]
requires = ["setuptools>=61"]

[project]
name = "sogs-bot"
dependencies = [
    "sogs>=0.3",
    "session_util",
]

[project.optional-dependencies]
dev = ["pytest"]

[dependency-groups]
lint = ["ruff"]

[tool.poetry.dependencies]
python = "^3.11"
matrix-nio = "^0.24"
session-util = { git = "https://github.com/session-foundation/libsession-python.git", branch = "dev" }

[tool.poetry.group.test.dependencies]
Flask_Session = "0.5"
"#;
        let facts = pyproject(src).unwrap();
        let mut got = deps(&facts);
        got.sort_by_key(|d| d.3);
        assert_eq!(
            got,
            vec![
                ("setuptools", Some(">=61"), None, 2),
                ("sogs", Some(">=0.3"), None, 7),
                ("session-util", None, None, 8),
                ("pytest", None, None, 12),
                ("ruff", None, None, 15),
                ("matrix-nio", Some("^0.24"), None, 19),
                ("session-util", Some("dev"), Some("https://github.com/session-foundation/libsession-python.git"), 20),
                ("flask-session", Some("0.5"), None, 23),
            ]
        );
        assert_eq!(facts.package.as_ref().map(|p| p.name.as_str()), Some("sogs-bot"));
        assert!(pyproject("[project]\ndependencies = [\"a\",\n").unwrap_err().0.contains("line"));
    }

    #[test]
    fn setup_py_lists_and_extras() {
        let src = "from setuptools import setup\n\nsetup(\n    name=\"community-bot\",\n    install_requires=[\n        'sogs>=0.3',  # the server\n        \"pyonionreq\",\n    ],\n    extras_require={\"matrix\": [\"matrix-nio\"]},\n)\n";
        let facts = setup_py(src).unwrap();
        assert_eq!(
            deps(&facts),
            vec![("sogs", Some(">=0.3"), None, 6), ("pyonionreq", None, None, 7), ("matrix-nio", None, None, 9)]
        );
        assert_eq!(facts.package.as_ref().map(|p| p.name.as_str()), Some("community-bot"));
        assert!(setup_py("setup(install_requires=['a',\n").unwrap_err().0.starts_with("line 1"));
    }

    #[test]
    fn setup_py_extension_libraries_are_strings() {
        let src = "setup(\n    name=\"blind-tools\",\n    ext_modules=[Extension(\"blindx\", [\"x.cpp\"],\n        libraries=['session-crypto', \"sodium\"])],\n)\n";
        let facts = setup_py(src).unwrap();
        let got: Vec<(&str, usize, usize, usize)> =
            facts.strings.iter().map(|s| (s.value.as_str(), s.span.line, s.span.column, s.span.end_column)).collect();
        assert_eq!(got, vec![("session-crypto", 4, 20, 36), ("sodium", 4, 38, 46)]);
        assert!(facts.dependencies.is_empty());
        assert!(setup_py("Extension('x', libraries=['a',\n").is_err());
    }

    #[test]
    fn setup_cfg_options() {
        let src = "[metadata]\nname = sogs\n\n[options]\npackages = find:\ninstall_requires =\n    flask\n    pyonionreq\n    oxenmq>=1.0 # rpc\n\n[options.extras_require]\nfull = uwsgi\n";
        let facts = setup_cfg(src).unwrap();
        assert_eq!(
            deps(&facts),
            vec![
                ("flask", None, None, 7),
                ("pyonionreq", None, None, 8),
                ("oxenmq", Some(">=1.0"), None, 9),
                ("uwsgi", None, None, 12)
            ]
        );
        assert_eq!(facts.package.as_ref().map(|p| p.name.as_str()), Some("sogs"));
        assert!(setup_cfg("install_requires = x\n").is_err());
    }
}
