//! CocoaPods: Podfile (Ruby, read as tokens) and Podfile.lock (YAML, read
//! line by line).
//!
//! Dependencies (ecosystem `cocoapods`), named as the pod is written
//! (subspecs included: `Firebase/Messaging`):
//! - `pod 'Name', '~> 1.0', :git => 'url', :branch => 'b'` (also `git:`
//!   keyword style, `:path`, `:podspec`) → source = the git/path/podspec
//!   value, version = the requirement, else tag/branch/commit.
//! - each top-level `PODS:` entry of Podfile.lock, with its source taken
//!   from `EXTERNAL SOURCES:` / `CHECKOUT OPTIONS:`.
//!
//! Every string literal of a Podfile is also a `StringLit`.

use std::collections::HashMap;

use super::lexer::{Flavor, Kind};
use super::util::{indent_end, indentation, lines, unquote, FactsBuilder};
use crate::facts::{Ecosystem, FileFacts};
use crate::lang::ExtractError;

const SOURCE_KEYS: &[&str] = &["git", "path", "podspec", "http"];
const REF_KEYS: &[&str] = &["tag", "branch", "commit"];

pub fn podfile(source: &str) -> Result<FileFacts, ExtractError> {
    let mut b = FactsBuilder::new(source);
    let tokens = b.lex(Flavor::Hash)?;
    let t = &tokens;
    for (i, tok) in t.iter().enumerate() {
        if !tok.is_ident("pod") || (i > 0 && t[i - 1].is_punct(".")) {
            continue;
        }
        let mut j = i + 1;
        if t.get(j).is_some_and(|p| p.is_punct("(")) {
            j += 1;
        }
        let Some(name) = t.get(j).filter(|n| n.kind == Kind::Str && n.line == tok.line) else { continue };
        let (mut requirement, mut location, mut reference) = (None, None, None);
        let mut k = j + 1;
        // The statement goes on while tokens stay on its line or the line
        // ends in `,` / `=>`.
        while let Some(cur) = t.get(k) {
            let prev = &t[k - 1];
            if cur.line != prev.line && !prev.is_punct(",") && !prev.is_punct(">") {
                break;
            }
            if cur.kind == Kind::Str {
                // `:key => 'v'` or `key: 'v'`: find the key before the value.
                let key = if k >= 3 && t[k - 1].is_punct(">") && t[k - 2].is_punct("=") {
                    Some(t[k - 3].text)
                } else if k >= 2 && t[k - 1].is_punct(":") && t[k - 2].kind == Kind::Ident {
                    Some(t[k - 2].text)
                } else {
                    None
                };
                match key {
                    Some(key) if SOURCE_KEYS.contains(&key) => location = location.or(Some(cur.text)),
                    Some(key) if REF_KEYS.contains(&key) => reference = reference.or(Some(cur.text)),
                    Some(_) => {}
                    None => requirement = requirement.or(Some(cur.text)),
                }
            }
            k += 1;
        }
        b.dep_at(Ecosystem::Cocoapods, name.text, requirement.or(reference), location, tok.start);
    }
    Ok(b.finish())
}

/// `Name (1.0.0)` → (`Name`, `1.0.0`).
fn pod_entry(item: &str) -> (&str, Option<&str>) {
    let item = unquote(item.trim_end_matches(':'));
    match item.split_once(" (") {
        Some((name, rest)) => (name.trim(), Some(rest.trim_end_matches(')').trim())),
        None => (item.trim(), None),
    }
}

pub fn podfile_lock(source: &str) -> Result<FileFacts, ExtractError> {
    let mut b = FactsBuilder::new(source);
    let mut section = String::new();
    let mut seen_pods = false;
    let mut current_pod: Option<String> = None;
    let mut sources: HashMap<String, String> = HashMap::new();
    for (start, line) in lines(source) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('#') {
            let at = indent_end(start, line);
            b.comment(at, start + line.trim_end().len());
            continue;
        }
        let indent = indentation(line);
        if indent == 0 {
            let Some((key, _)) = trimmed.split_once(':') else {
                return Err(b.error(start, format!("expected a section such as `PODS:`, found `{trimmed}`")));
            };
            section = key.to_string();
            seen_pods |= section == "PODS";
            current_pod = None;
            continue;
        }
        if trimmed.matches('"').count() % 2 == 1 {
            return Err(b.error(start, "unterminated quoted string"));
        }
        match section.as_str() {
            "PODS" if indent == 2 => {
                let Some(item) = trimmed.strip_prefix("- ") else {
                    return Err(b.error(start, format!("expected `- Pod (version)`, found `{trimmed}`")));
                };
                let (name, version) = pod_entry(item);
                let at = start + indent + 2;
                b.dep_at(Ecosystem::Cocoapods, name, version, None, at);
            }
            "EXTERNAL SOURCES" | "CHECKOUT OPTIONS" if indent == 2 => {
                current_pod = Some(unquote(trimmed.trim_end_matches(':')).to_string());
            }
            "EXTERNAL SOURCES" | "CHECKOUT OPTIONS" => {
                let (Some(pod), Some((key, value))) = (&current_pod, trimmed.split_once(": ")) else { continue };
                if SOURCE_KEYS.iter().any(|k| key.trim_start_matches(':') == *k) {
                    sources.entry(pod.clone()).or_insert_with(|| unquote(value).to_string());
                }
            }
            _ => {}
        }
    }
    if !seen_pods && !source.trim().is_empty() {
        return Err(ExtractError("invalid Podfile.lock: no PODS: section (truncated file?)".into()));
    }
    let mut facts = b.finish();
    for dep in &mut facts.dependencies {
        let root = dep.name.split('/').next().unwrap_or(&dep.name);
        if let Some(src) = sources.get(&dep.name).or_else(|| sources.get(root)) {
            dep.source = Some(src.clone());
        }
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::test_support::deps;

    #[test]
    fn podfile_pods_with_git_sources() {
        let src = "platform :ios, '13.0'\nsource 'https://cdn.cocoapods.org/'\n\ntarget 'Session' do\n  pod 'Sodium', :git => 'https://github.com/oxen-io/session-ios-swift-sodium.git', :branch => 'session-build'\n  pod 'Curve25519Kit', git: 'https://github.com/oxen-io/session-ios-curve-25519-kit.git',\n      branch: 'session-version'\n  pod 'SwiftProtobuf', '~> 1.5.0'\n  pod 'Alamofire' # networking\n  pod 'Local', :path => '../Local'\nend\n";
        let facts = podfile(src).unwrap();
        let got = deps(&facts);
        assert_eq!(
            got,
            vec![
                ("Sodium", Some("session-build"), Some("https://github.com/oxen-io/session-ios-swift-sodium.git"), 5),
                (
                    "Curve25519Kit",
                    Some("session-version"),
                    Some("https://github.com/oxen-io/session-ios-curve-25519-kit.git"),
                    6
                ),
                ("SwiftProtobuf", Some("~> 1.5.0"), None, 8),
                ("Alamofire", None, None, 9),
                ("Local", None, Some("../Local"), 10),
            ]
        );
        assert!(facts.strings.iter().any(|s| s.value == "https://cdn.cocoapods.org/"));
        assert_eq!(facts.comments.len(), 1);
        assert!(podfile("pod 'Broken\n").is_err());
    }

    #[test]
    fn podfile_lock_merges_external_sources() {
        let src = "PODS:\n  - Curve25519Kit (2.1.0):\n    - CocoaLumberjack\n  - \"SignalCoreKit (1.0.0)\"\n  - Sodium (0.8.0)\n\nDEPENDENCIES:\n  - Curve25519Kit (from `https://github.com/oxen-io/session-ios-curve-25519-kit.git`, branch `session-version`)\n\nEXTERNAL SOURCES:\n  Curve25519Kit:\n    :branch: session-version\n    :git: https://github.com/oxen-io/session-ios-curve-25519-kit.git\n\nCHECKOUT OPTIONS:\n  SignalCoreKit:\n    :commit: abc\n    :git: https://github.com/oxen-io/session-ios-core-kit.git\n\nSPEC CHECKSUMS:\n  Sodium: abc\n\nPODFILE CHECKSUM: def\n\nCOCOAPODS: 1.11.3\n";
        let facts = podfile_lock(src).unwrap();
        let got = deps(&facts);
        assert_eq!(
            got,
            vec![
                ("Curve25519Kit", Some("2.1.0"), Some("https://github.com/oxen-io/session-ios-curve-25519-kit.git"), 2),
                ("SignalCoreKit", Some("1.0.0"), Some("https://github.com/oxen-io/session-ios-core-kit.git"), 4),
                ("Sodium", Some("0.8.0"), None, 5),
            ]
        );
        assert!(podfile_lock("SPEC CHECKSUMS:\n  Sodium: abc\n").is_err());
        assert!(podfile_lock("PODS:\n  - \"Sodium (0.8.0)\n").unwrap_err().0.starts_with("line 2"));
    }
}
