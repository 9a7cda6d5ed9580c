//! Swift Package Manager: Package.swift (read as tokens), Package.resolved
//! (v1 `object.pins`, v2/v3 `pins`) and the packages an Xcode project adds
//! without a Package.swift (`XCRemoteSwiftPackageReference` objects of
//! `project.pbxproj`).
//!
//! Dependencies (ecosystem `swiftpm`):
//! - `.package(url: U, from: V)` (and `exact:`, `branch:`, `revision:`,
//!   `"a"..<"b"`, `.upToNextMajor(from:)`, `path:`, registry `id:`) → name
//!   = `name:` when given, else the repository name of `U` (`libsession-util-spm`),
//!   source = `U`.
//! - `.product(name: P, package: K)` → name `K/P` (`libsession-util-spm/SessionUtil`).
//! - `.binaryTarget(name: N, url: U)` → name `N`, source `U`.
//! - a resolved pin → name = its identity (v1: derived from the URL),
//!   source = `location` / `repositoryURL`, version = version, branch or revision.
//!
//! - an Xcode package reference → name = the repository name of its
//!   `repositoryURL`, source = that URL, version = its requirement's
//!   `version`, `minimumVersion`, `branch` or `revision`.
//!
//! Every string literal of Package.swift is also a `StringLit`.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::lexer::{Flavor, Kind, Token};
use super::util::{indent_end, indentation, json_error, json_field_start, lines, raw_offset, repo_name, FactsBuilder};
use crate::facts::{Ecosystem, FileFacts};
use crate::lang::ExtractError;

/// Labelled string arguments of one call, at any depth inside it, plus the
/// unlabelled ones in order.
#[derive(Default)]
struct CallArgs<'s> {
    labelled: Vec<(&'s str, &'s str)>,
    unlabelled: Vec<&'s str>,
}

impl<'s> CallArgs<'s> {
    fn get(&self, label: &str) -> Option<&'s str> {
        self.labelled.iter().find(|(l, _)| *l == label).map(|(_, v)| *v)
    }
}

/// Reads the arguments of the call whose `(` is at `open`.
fn call_args<'s>(t: &[Token<'s>], open: usize) -> CallArgs<'s> {
    let mut args = CallArgs::default();
    let mut depth = 0usize;
    let mut j = open;
    while let Some(tok) = t.get(j) {
        if tok.is_punct("(") || tok.is_punct("[") {
            depth += 1;
        } else if tok.is_punct(")") || tok.is_punct("]") {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                break;
            }
        } else if tok.kind == Kind::Str {
            let label = (j >= 2 && t[j - 1].is_punct(":") && t[j - 2].kind == Kind::Ident).then(|| t[j - 2].text);
            match label {
                Some(l) => args.labelled.push((l, tok.text)),
                None => args.unlabelled.push(tok.text),
            }
        }
        j += 1;
    }
    args
}

pub fn package_swift(source: &str) -> Result<FileFacts, ExtractError> {
    let mut b = FactsBuilder::new(source);
    let tokens = b.lex(Flavor::Slash)?;
    let t = &tokens;
    for (i, tok) in t.iter().enumerate() {
        if !tok.is_punct(".") || !t.get(i + 2).is_some_and(|p| p.is_punct("(")) {
            continue;
        }
        let Some(call) = t.get(i + 1).filter(|c| c.kind == Kind::Ident) else { continue };
        let args = || call_args(t, i + 2);
        match call.text {
            "package" => {
                let a = args();
                let location = a.get("url").or(a.get("path"));
                let name = a.get("name").or(location.map(repo_name)).or(a.get("id"));
                let version = ["from", "exact", "branch", "revision"]
                    .iter()
                    .find_map(|l| a.get(l))
                    .or(a.unlabelled.first().copied());
                if let Some(name) = name {
                    b.dep_at(Ecosystem::Swiftpm, name, version, location, tok.start);
                }
            }
            "product" => {
                let a = args();
                if let Some(product) = a.get("name") {
                    let name = match a.get("package") {
                        Some(package) => format!("{package}/{product}"),
                        None => product.to_string(),
                    };
                    b.dep_at(Ecosystem::Swiftpm, &name, None, None, tok.start);
                }
            }
            "binaryTarget" => {
                let a = args();
                if let Some(name) = a.get("name") {
                    b.dep_at(Ecosystem::Swiftpm, name, None, a.get("url").or(a.get("path")), tok.start);
                }
            }
            _ => {}
        }
    }
    Ok(b.finish())
}

#[derive(Deserialize)]
struct Resolved<'a> {
    #[serde(default, borrow)]
    object: Option<ResolvedObject<'a>>,
    #[serde(default, borrow)]
    pins: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct ResolvedObject<'a> {
    #[serde(default, borrow)]
    pins: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct Pin {
    #[serde(default)]
    identity: Option<String>,
    #[serde(default)]
    package: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default, rename = "repositoryURL")]
    repository_url: Option<String>,
    #[serde(default)]
    state: Option<PinState>,
}

#[derive(Deserialize)]
struct PinState {
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    branch: Option<String>,
    #[serde(default)]
    revision: Option<String>,
}

pub fn package_resolved(source: &str) -> Result<FileFacts, ExtractError> {
    let doc: Resolved<'_> = serde_json::from_str(source).map_err(|e| json_error("Package.resolved", &e))?;
    let mut b = FactsBuilder::new(source);
    let pins = doc.pins.into_iter().flatten().chain(doc.object.into_iter().flat_map(|o| o.pins));
    for raw in pins {
        let Ok(pin) = serde_json::from_str::<Pin>(raw.get()) else { continue };
        let location = pin.location.as_deref().or(pin.repository_url.as_deref());
        let Some(name) = pin.identity.clone().or(location.map(|l| repo_name(l).to_ascii_lowercase())).or(pin.package)
        else {
            continue;
        };
        let version = pin.state.and_then(|s| s.version.or(s.branch).or(s.revision));
        let at = json_field_start(source, raw, "identity")
            .or_else(|| json_field_start(source, raw, "package"))
            .unwrap_or_else(|| raw_offset(source, raw));
        b.dep_at(Ecosystem::Swiftpm, &name, version.as_deref(), location, at);
    }
    Ok(b.finish())
}

/// project.pbxproj (an old-style plist): each `repositoryURL = ...;` line of
/// an `XCRemoteSwiftPackageReference`, with the requirement found in the
/// lines of the same object (indented at least as deep).
pub fn xcode_project(source: &str) -> Result<FileFacts, ExtractError> {
    let mut b = FactsBuilder::new(source);
    let lines: Vec<(usize, &str)> = lines(source).collect();
    for (i, &(start, line)) in lines.iter().enumerate() {
        let Some(url) = plist_value(line, "repositoryURL") else { continue };
        let depth = indentation(line);
        let version =
            lines[i + 1..].iter().take_while(|(_, l)| l.trim().is_empty() || indentation(l) >= depth).find_map(
                |(_, l)| ["version", "minimumVersion", "branch", "revision"].iter().find_map(|key| plist_value(l, key)),
            );
        b.dep_at(Ecosystem::Swiftpm, repo_name(url), version, Some(url), indent_end(start, line));
    }
    Ok(b.finish())
}

/// The value of a `key = value;` plist line, unquoted (`"a\"b"` keeps its
/// escapes: URLs and versions have none).
fn plist_value<'s>(line: &'s str, key: &str) -> Option<&'s str> {
    let rest = line.trim_start().strip_prefix(key)?.trim_start().strip_prefix('=')?.trim_start();
    let value = match rest.strip_prefix('"') {
        Some(quoted) => &quoted[..quoted.find('"')?],
        None => rest[..rest.find(';')?].trim(),
    };
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::test_support::deps;

    #[test]
    fn xcode_project_package_references_with_their_requirements() {
        let src = "\t\tA /* XCRemoteSwiftPackageReference \"x\" */ = {\n\t\t\tisa = XCRemoteSwiftPackageReference;\n\t\t\trepositoryURL = \"https://github.com/session-foundation/libsession-util-spm\";\n\t\t\trequirement = {\n\t\t\t\tkind = exactVersion;\n\t\t\t\tversion = 1.5.1;\n\t\t\t};\n\t\t};\n\t\tB = {\n\t\t\tisa = XCRemoteSwiftPackageReference;\n\t\t\trepositoryURL = git@github.com:oxen-io/session-sodium.git;\n\t\t};\n\t\tC = {\n\t\t\tversion = 9.9.9;\n\t\t};\n\t\tD = {\n\t\t\trepositoryURL = \"\";\n\t\t};\n";
        let facts = xcode_project(src).unwrap();
        assert_eq!(
            deps(&facts),
            vec![
                (
                    "libsession-util-spm",
                    Some("1.5.1"),
                    Some("https://github.com/session-foundation/libsession-util-spm"),
                    3
                ),
                // No requirement in its own object: the next object's version is not taken.
                ("session-sodium", None, Some("git@github.com:oxen-io/session-sodium.git"), 11),
            ]
        );
        assert!(facts.dependencies.iter().all(|d| d.span.column == 4), "at `repositoryURL`, after the tabs");
    }

    #[test]
    fn package_swift_packages_products_and_binary_targets() {
        let src = r#"// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "SessionBot",
    dependencies: [
        .package(url: "https://github.com/session-foundation/libsession-util-spm", exact: "1.6.3"),
        .package(
            url: "https://github.com/Alamofire/Alamofire.git",
            .upToNextMajor(from: "5.9.0")
        ),
        .package(url: "https://github.com/apple/swift-protobuf.git", "1.5.0"..<"2.0.0"),
        .package(path: "../LocalKit"),
    ],
    targets: [
        .target(name: "Bot", dependencies: [
            .product(name: "SessionUtil", package: "libsession-util-spm"),
            .product(name: "Alamofire", package: "Alamofire"),
        ]),
        .binaryTarget(name: "SessionUtilBinary", url: "https://github.com/oxen-io/libsession-util/releases/download/v1.2.0-rc.1/libsession-util.xcframework.zip", checksum: "abc"),
    ]
)
"#;
        let facts = package_swift(src).unwrap();
        let got = deps(&facts);
        assert_eq!(
            got[0],
            (
                "libsession-util-spm",
                Some("1.6.3"),
                Some("https://github.com/session-foundation/libsession-util-spm"),
                7
            )
        );
        assert_eq!(got[1], ("Alamofire", Some("5.9.0"), Some("https://github.com/Alamofire/Alamofire.git"), 8));
        assert_eq!(got[2].0, "swift-protobuf");
        assert_eq!(got[2].1, Some("1.5.0"));
        assert_eq!((got[3].0, got[3].2), ("LocalKit", Some("../LocalKit")));
        assert_eq!((got[4].0, got[4].3), ("libsession-util-spm/SessionUtil", 17));
        assert_eq!(got[5].0, "Alamofire/Alamofire");
        assert_eq!(got[6].0, "SessionUtilBinary");
        assert!(got[6].2.unwrap().contains("oxen-io/libsession-util/releases"));
        assert_eq!(got.len(), 7);
        assert!(facts.strings.iter().any(|s| s.value == "SessionBot"));
        assert_eq!(facts.comments.len(), 1);
        assert!(package_swift("let p = Package(name: \"x)\n").is_err());
    }

    #[test]
    fn package_resolved_v1_and_v2() {
        let v2 = r#"{
  "originHash" : "abc",
  "pins" : [
    {
      "identity" : "libsession-util-spm",
      "kind" : "remoteSourceControl",
      "location" : "https://github.com/session-foundation/libsession-util-spm",
      "state" : { "revision" : "def", "version" : "1.6.3" }
    },
    {
      "identity" : "alamofire",
      "kind" : "remoteSourceControl",
      "location" : "https://github.com/Alamofire/Alamofire.git",
      "state" : { "branch" : "main", "revision" : "123" }
    }
  ],
  "version" : 3
}"#;
        let facts = package_resolved(v2).unwrap();
        let d = &facts.dependencies;
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[0].name.as_str(), d[0].version.as_deref(), d[0].span.line),
            ("libsession-util-spm", Some("1.6.3"), 5)
        );
        assert_eq!(d[1].version.as_deref(), Some("main"));

        let v1 = r#"{"object": {"pins": [
  {"package": "LibSessionUtil", "repositoryURL": "https://github.com/oxen-io/libsession-util-spm.git",
   "state": {"branch": null, "revision": "abc", "version": "1.2.0"}}
]}, "version": 1}"#;
        let facts = package_resolved(v1).unwrap();
        let d = &facts.dependencies[0];
        assert_eq!((d.name.as_str(), d.version.as_deref(), d.span.line), ("libsession-util-spm", Some("1.2.0"), 2));
        assert_eq!(d.source.as_deref(), Some("https://github.com/oxen-io/libsession-util-spm.git"));
        assert!(package_resolved("{\"pins\": [ {\"identity\": \"x\" ").unwrap_err().0.contains("line 1"));
    }
}
