//! CMake: CMakeLists.txt and *.cmake, read as command invocations.
//!
//! Dependencies (all ecosystem `cmake`):
//! - `find_package(Name ...)` → `Name`, version when given;
//! - `pkg_check_modules(P ... mod>=1.0)` / `pkg_search_module` → each pkg-config module;
//! - `target_link_libraries(t PUBLIC a b)` / `link_libraries` → each item
//!   (`$<BUILD_INTERFACE:x>` unwrapped to `x`), on the item's own line;
//! - `FetchContent_Declare(n GIT_REPOSITORY u GIT_TAG t)` / `ExternalProject_Add`
//!   / `CPMAddPackage` → `n`, source = the repository or URL, version = the tag;
//! - `add_subdirectory(external/x)` → `x` (the last path component), source =
//!   the directory as written.
//!
//! Quoted and bracket arguments, and unquoted arguments that are URLs, are
//! also `StringLit`s; comments are `Comment`s.

use super::util::{repo_name, FactsBuilder};
use crate::facts::{Ecosystem, FileFacts};
use crate::lang::ExtractError;

struct Arg<'s> {
    value: &'s str,
    start: usize,
    end: usize,
    quoted: bool,
}

struct Command<'s> {
    name: &'s str,
    start: usize,
    args: Vec<Arg<'s>>,
}

/// Length of a bracket opener `[==[` at `i` (and its `=` count), if any.
fn bracket_open(bytes: &[u8], i: usize) -> Option<(usize, usize)> {
    if bytes.get(i) != Some(&b'[') {
        return None;
    }
    let eq = bytes[i + 1..].iter().take_while(|&&b| b == b'=').count();
    (bytes.get(i + 1 + eq) == Some(&b'[')).then_some((eq + 2, eq))
}

/// Offset just past the `]==]` closing a bracket with `eq` equals signs.
fn bracket_close(source: &str, from: usize, eq: usize) -> Option<(usize, usize)> {
    let closer = format!("]{}]", "=".repeat(eq));
    source[from..].find(&closer).map(|p| (from + p, from + p + closer.len()))
}

struct Parsed<'s> {
    commands: Vec<Command<'s>>,
    comments: Vec<(usize, usize)>,
}

fn parse(source: &str) -> Result<Parsed<'_>, (usize, String)> {
    let bytes = source.as_bytes();
    let mut commands = Vec::new();
    let mut comments = Vec::new();
    let mut i = 0;
    // Skips a comment at `i`, returning the offset after it.
    let comment = |i: usize, comments: &mut Vec<(usize, usize)>| -> Result<usize, (usize, String)> {
        if let Some((open, eq)) = bracket_open(bytes, i + 1) {
            let (_, end) = bracket_close(source, i + 1 + open, eq).ok_or((i, "unterminated bracket comment".into()))?;
            comments.push((i, end));
            return Ok(end);
        }
        let end = bytes[i..].iter().position(|&b| b == b'\n').map(|p| i + p).unwrap_or(bytes.len());
        comments.push((i, end));
        Ok(end)
    };
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'#' {
            i = comment(i, &mut comments)?;
            continue;
        }
        if !(c.is_ascii_alphabetic() || c == b'_') {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        let name = &source[start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'(') {
            continue;
        }
        i += 1;
        let mut depth = 1usize;
        let mut args = Vec::new();
        loop {
            let Some(&c) = bytes.get(i) else {
                return Err((start, format!("unterminated `{name}(` call")));
            };
            match c {
                _ if c.is_ascii_whitespace() => i += 1,
                b'#' => i = comment(i, &mut comments)?,
                b'(' => {
                    depth += 1;
                    i += 1;
                }
                b')' => {
                    depth -= 1;
                    i += 1;
                    if depth == 0 {
                        break;
                    }
                }
                b'"' => {
                    let from = i + 1;
                    let mut j = from;
                    while j < bytes.len() && bytes[j] != b'"' {
                        j += if bytes[j] == b'\\' { 2 } else { 1 };
                    }
                    if j >= bytes.len() {
                        return Err((i, "unterminated quoted argument".into()));
                    }
                    args.push(Arg { value: &source[from..j], start: i, end: j + 1, quoted: true });
                    i = j + 1;
                }
                b'[' if bracket_open(bytes, i).is_some() => {
                    let (open, eq) = bracket_open(bytes, i).unwrap_or((2, 0));
                    let from = i + open;
                    let (close, end) =
                        bracket_close(source, from, eq).ok_or((i, "unterminated bracket argument".to_string()))?;
                    args.push(Arg { value: &source[from..close], start: i, end, quoted: true });
                    i = end;
                }
                _ => {
                    let from = i;
                    while i < bytes.len() {
                        let b = bytes[i];
                        if b.is_ascii_whitespace() || b"()#\"".contains(&b) {
                            break;
                        }
                        i += if b == b'\\' { 2 } else { 1 };
                    }
                    let i_end = i.min(bytes.len());
                    i = i_end;
                    args.push(Arg { value: &source[from..i_end], start: from, end: i_end, quoted: false });
                }
            }
        }
        commands.push(Command { name, start, args });
    }
    Ok(Parsed { commands, comments })
}

const PKG_KEYWORDS: &[&str] =
    &["REQUIRED", "QUIET", "NO_CMAKE_PATH", "NO_CMAKE_ENVIRONMENT_PATH", "IMPORTED_TARGET", "GLOBAL"];
const LINK_KEYWORDS: &[&str] = &[
    "PUBLIC",
    "PRIVATE",
    "INTERFACE",
    "LINK_PUBLIC",
    "LINK_PRIVATE",
    "LINK_INTERFACE_LIBRARIES",
    "debug",
    "optimized",
    "general",
];

/// `$<BUILD_INTERFACE:libsession::config>` → `libsession::config`; plain
/// `${VAR}` references name nothing.
fn link_item(value: &str) -> Option<&str> {
    if let Some(inner) = value.strip_prefix("$<") {
        let inner = inner.trim_end_matches('>');
        // The item follows the last `:` that is not half of a `::`.
        let bytes = inner.as_bytes();
        let single = |i: usize| bytes[i] == b':' && bytes.get(i + 1) != Some(&b':') && (i == 0 || bytes[i - 1] != b':');
        let item = (0..bytes.len()).rev().find(|&i| single(i)).map(|i| &inner[i + 1..]).unwrap_or(inner);
        return (!item.is_empty() && !item.starts_with('$')).then_some(item);
    }
    (!value.starts_with("${") && !value.is_empty()).then_some(value)
}

/// The value after `keyword` among the arguments.
fn keyword_value<'s>(args: &[Arg<'s>], keyword: &str) -> Option<&'s str> {
    args.windows(2).find(|w| !w[0].quoted && w[0].value == keyword).map(|w| w[1].value)
}

pub fn cmake_lists(source: &str) -> Result<FileFacts, ExtractError> {
    let mut b = FactsBuilder::new(source);
    let parsed = parse(source).map_err(|(at, m)| b.error(at, m))?;
    for &(start, end) in &parsed.comments {
        b.comment(start, end);
    }
    for cmd in &parsed.commands {
        for a in &cmd.args {
            if a.quoted || a.value.contains("://") || a.value.starts_with("git@") {
                b.string(a.value, a.start, a.end);
            }
        }
        let args = &cmd.args;
        match cmd.name.to_ascii_lowercase().as_str() {
            "find_package" => {
                if let Some(name) = args.first() {
                    let version = args.get(1).map(|a| a.value).filter(|v| v.starts_with(|c: char| c.is_ascii_digit()));
                    b.dep_at(Ecosystem::Cmake, name.value, version, None, cmd.start);
                }
            }
            "pkg_check_modules" | "pkg_search_module" => {
                for a in args.iter().skip(1).filter(|a| !PKG_KEYWORDS.contains(&a.value)) {
                    let split = a.value.find(['<', '>', '=']).unwrap_or(a.value.len());
                    let (name, version) = a.value.split_at(split);
                    b.dep_at(Ecosystem::Cmake, name, Some(version), None, a.start);
                }
            }
            "target_link_libraries" | "link_libraries" => {
                let skip = usize::from(cmd.name.eq_ignore_ascii_case("target_link_libraries"));
                for a in args.iter().skip(skip).filter(|a| !LINK_KEYWORDS.contains(&a.value)) {
                    if let Some(item) = link_item(a.value) {
                        b.dep_at(Ecosystem::Cmake, item, None, None, a.start);
                    }
                }
            }
            "fetchcontent_declare" | "externalproject_add" => {
                if let Some(name) = args.first() {
                    let source = ["GIT_REPOSITORY", "URL", "SVN_REPOSITORY", "HG_REPOSITORY"]
                        .iter()
                        .find_map(|k| keyword_value(args, k));
                    let version = keyword_value(args, "GIT_TAG").or_else(|| keyword_value(args, "VERSION"));
                    b.dep_at(Ecosystem::Cmake, name.value, version, source, cmd.start);
                }
            }
            "cpmaddpackage" | "cpmfindpackage" => {
                if let Some((name, version, source)) = cpm_package(args) {
                    b.dep_at(Ecosystem::Cmake, &name, version.as_deref(), source.as_deref(), cmd.start);
                }
            }
            "add_subdirectory" => {
                if let Some(dir) = args.first() {
                    b.dep_at(Ecosystem::Cmake, repo_name(dir.value), None, Some(dir.value), cmd.start);
                }
            }
            _ => {}
        }
    }
    Ok(b.finish())
}

/// CPM.cmake: `CPMAddPackage("gh:owner/repo@1.0")` or keyword form.
fn cpm_package(args: &[Arg<'_>]) -> Option<(String, Option<String>, Option<String>)> {
    if args.len() == 1 {
        let spec = args[0].value;
        let (location, version) = match spec.rsplit_once('@') {
            Some((l, v)) if !l.is_empty() && !v.contains('/') => (l, Some(v.to_string())),
            _ => (spec, None),
        };
        let url = [("gh:", "https://github.com/"), ("gl:", "https://gitlab.com/"), ("bb:", "https://bitbucket.org/")]
            .iter()
            .find_map(|(p, host)| location.strip_prefix(p).map(|r| format!("{host}{r}")))
            .unwrap_or_else(|| location.to_string());
        return Some((repo_name(&url).to_string(), version, Some(url)));
    }
    let source = keyword_value(args, "GITHUB_REPOSITORY")
        .map(|r| format!("https://github.com/{r}"))
        .or_else(|| keyword_value(args, "GIT_REPOSITORY").map(str::to_string))
        .or_else(|| keyword_value(args, "URL").map(str::to_string));
    let name = keyword_value(args, "NAME")
        .map(str::to_string)
        .or_else(|| source.as_deref().map(|s| repo_name(s).to_string()))?;
    let version = keyword_value(args, "VERSION").or_else(|| keyword_value(args, "GIT_TAG")).map(str::to_string);
    Some((name, version, source))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::test_support::deps;

    #[test]
    fn every_way_of_declaring_a_dependency() {
        let src = r#"cmake_minimum_required(VERSION 3.18)
project(bot LANGUAGES CXX) # the bot
find_package(libsession-util 1.2 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SESSION REQUIRED IMPORTED_TARGET libsession-util>=1.2 liboxenc)
include(FetchContent)
FetchContent_Declare(
  libsession
  GIT_REPOSITORY https://github.com/session-foundation/libsession-util.git
  GIT_TAG v1.2.0
)
FetchContent_MakeAvailable(libsession)
#[[ a bracket
comment ]]
add_subdirectory(external/libsession-util EXCLUDE_FROM_ALL)
CPMAddPackage("gh:session-foundation/libsession-util@1.2.0")
target_link_libraries(bot
  PRIVATE
    libsession::config
    $<BUILD_INTERFACE:libsession::onionreq>
    ${EXTRA_LIBS}
    "Boost::system")
"#;
        let facts = cmake_lists(src).unwrap();
        let git = Some("https://github.com/session-foundation/libsession-util.git");
        assert_eq!(
            deps(&facts),
            vec![
                ("libsession-util", Some("1.2"), None, 3),
                ("PkgConfig", None, None, 4),
                ("libsession-util", Some(">=1.2"), None, 5),
                ("liboxenc", None, None, 5),
                ("libsession", Some("v1.2.0"), git, 7),
                ("libsession-util", None, Some("external/libsession-util"), 15),
                ("libsession-util", Some("1.2.0"), Some("https://github.com/session-foundation/libsession-util"), 16),
                ("libsession::config", None, None, 19),
                ("libsession::onionreq", None, None, 20),
                ("Boost::system", None, None, 22),
            ]
        );
        let strings: Vec<&str> = facts.strings.iter().map(|s| s.value.as_str()).collect();
        assert!(strings.contains(&"https://github.com/session-foundation/libsession-util.git"));
        assert!(strings.contains(&"gh:session-foundation/libsession-util@1.2.0"));
        assert_eq!(facts.comments.len(), 2);
    }

    #[test]
    fn broken_cmake_is_an_error() {
        assert!(cmake_lists("project(x)\nfind_package(a\n").unwrap_err().0.starts_with("line 2"));
        assert!(cmake_lists("message(\"open)\n").is_err());
        assert!(cmake_lists("#[[ open\n").is_err());
    }
}
