//! Blast radius on the multi-file projects under test-corpus/impact: the
//! exact set of impacted files with their depth, one import chain each, and
//! the findings that only appear when Session symbols are followed through
//! the project's own barrels and wrappers. (The `// expect:` annotations of
//! those files are checked by tests/corpus.rs, which scans with the blast
//! radius on.)

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use session_impact::report::{ImpactedFile, Report};
use session_impact::{scan, RuleSet, ScanOptions};

fn project(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus/impact").join(name)
}

fn scan_project(name: &str, blast_radius: bool, threads: usize) -> Report {
    let rules = RuleSet::load(true, &[]).expect("shipped rules load");
    let mut options = ScanOptions { paths: vec![project(name)], blast_radius, ..ScanOptions::default() };
    options.walk.threads = threads;
    scan(&options, &rules).expect("scan runs")
}

fn impact(report: &Report) -> &[ImpactedFile] {
    report.impact.as_deref().expect("the blast radius was computed")
}

fn depths(report: &Report) -> BTreeSet<(String, usize)> {
    impact(report).iter().map(|i| (i.path.clone(), i.depth)).collect()
}

fn set(items: &[(&str, usize)]) -> BTreeSet<(String, usize)> {
    items.iter().map(|(p, d)| (p.to_string(), *d)).collect()
}

fn via<'r>(report: &'r Report, path: &str) -> Vec<&'r str> {
    let entry = impact(report).iter().find(|i| i.path == path).unwrap_or_else(|| panic!("{path} is not impacted"));
    entry.via.iter().map(String::as_str).collect()
}

fn finding_lines(report: &Report, path: &str) -> BTreeSet<(usize, String)> {
    report.findings.iter().filter(|f| f.path == path).map(|f| (f.line, f.rule_id.clone())).collect()
}

#[test]
fn ts_monorepo_barrels_aliases_workspaces_and_a_cycle() {
    let r = scan_project("ts-monorepo", true, 0);
    assert_eq!(
        depths(&r),
        set(&[
            ("apps/web/src/app.ts", 1),
            ("packages/messaging/src/index.ts", 1),
            ("apps/web/src/chat/history.ts", 2),
            ("apps/web/src/state/store.ts", 3),
            ("apps/web/src/state/selectors.ts", 4),
        ])
    );
    // history.ts imports only formatting helpers, through the workspace
    // package's barrel (package.json main → dist/ → src/index.ts).
    assert_eq!(
        via(&r, "apps/web/src/chat/history.ts"),
        ["apps/web/src/chat/history.ts", "packages/messaging/src/index.ts", "packages/messaging/src/sdk.ts"]
    );
    // `@web/*` is a tsconfig path alias, inherited through `extends`.
    assert_eq!(via(&r, "apps/web/src/app.ts"), ["apps/web/src/app.ts", "apps/web/src/chat/ChatPanel.tsx"]);
    // The cycle store ⇄ selectors ends; each file once, at its distance.
    assert_eq!(
        via(&r, "apps/web/src/state/selectors.ts"),
        [
            "apps/web/src/state/selectors.ts",
            "apps/web/src/state/store.ts",
            "apps/web/src/chat/history.ts",
            "packages/messaging/src/index.ts",
            "packages/messaging/src/sdk.ts"
        ]
    );
    let index = impact(&r).iter().find(|i| i.path == "packages/messaging/src/index.ts").expect("barrel impacted");
    assert_eq!(index.reaches, ["packages/messaging/src/sdk.ts", "packages/messaging/src/session-client.ts"]);
    assert_eq!(r.summary.impacted_files, Some(5));
    assert_eq!(r.summary.unresolved_imports, Some(0));
}

#[test]
fn barrel_importers_get_the_findings_of_a_direct_import() {
    let with = scan_project("ts-monorepo", true, 0);
    let without = scan_project("ts-monorepo", false, 0);
    let client = "sdk/session-js-client".to_string();
    // `import { SdkSession } from '@acme/messaging'` (a barrel re-exporting
    // `Session as SdkSession`): the import and `new SdkSession()`.
    assert_eq!(
        finding_lines(&with, "apps/web/src/chat/ChatPanel.tsx"),
        [(4, client.clone()), (10, client.clone())].into()
    );
    // `import * as messaging` then `messaging.SdkSession`, and a CommonJS
    // bridge (`module.exports = require('@session.js/client')`).
    assert_eq!(
        finding_lines(&with, "apps/web/src/bot.ts"),
        [(4, client.clone()), (8, client.clone()), (10, client.clone()), (12, client.clone())].into()
    );
    // Without the module graph these files have no findings at all.
    assert!(finding_lines(&without, "apps/web/src/chat/ChatPanel.tsx").is_empty());
    assert!(finding_lines(&without, "apps/web/src/bot.ts").is_empty());
    assert!(without.impact.is_none());
    // Reading every file's imports does not change what counts as scanned.
    assert_eq!(with.summary.files_scanned, without.summary.files_scanned);
    // A barrel that only re-exports local barrels is not itself a finding.
    assert!(finding_lines(&with, "packages/messaging/src/index.ts").is_empty());
}

#[test]
fn python_package_relative_absolute_src_layout_and_reexported_submodule() {
    let r = scan_project("py-bot", true, 0);
    assert_eq!(
        depths(&r),
        set(&[
            ("src/chatbot/commands.py", 1),
            ("src/chatbot/handlers.py", 2),
            ("tests/test_commands.py", 2),
            ("src/chatbot/scheduler.py", 3),
        ])
    );
    // tests/ imports `chatbot.commands` absolutely; the package is under src/.
    assert_eq!(
        via(&r, "tests/test_commands.py"),
        ["tests/test_commands.py", "src/chatbot/commands.py", "src/chatbot/gateway.py"]
    );
    // handlers ⇄ scheduler import each other.
    assert_eq!(
        via(&r, "src/chatbot/scheduler.py"),
        ["src/chatbot/scheduler.py", "src/chatbot/handlers.py", "src/chatbot/commands.py", "src/chatbot/gateway.py"]
    );
    // `from chatbot import blinding`, re-exported by __init__.py from
    // session_util: symbol findings as for a direct import.
    let blinding = "libsession/python-blinding".to_string();
    assert_eq!(finding_lines(&r, "src/chatbot/ids.py"), [(6, blinding.clone()), (11, blinding)].into());
    assert!(finding_lines(&scan_project("py-bot", false, 0), "src/chatbot/ids.py").is_empty());
}

#[test]
fn kotlin_app_by_declared_package_same_package_use_and_wildcards() {
    let r = scan_project("kotlin-app", true, 0);
    let p = |s: &str| format!("app/src/main/java/com/acme/chat/{s}");
    let expected: BTreeSet<(String, usize)> = [
        ("session/Helpers.kt", 1),
        ("ui/ProfileScreen.kt", 1),
        ("misc/Wiring.kt", 2),
        ("nav/Router.kt", 2),
        ("ui/ProfileActivity.java", 2),
        ("links/DeepLinks.kt", 3),
    ]
    .iter()
    .map(|(f, d)| (p(f), *d))
    .collect();
    assert_eq!(depths(&r), expected);
    // Wiring.kt declares com.acme.chat.di (it lives in misc/) and reaches
    // the wrapper's package through `import com.acme.chat.session.*`, using
    // only a helper; Constants.kt in the same package mentions nothing of
    // the wrapper and is not impacted.
    assert_eq!(
        via(&r, &p("misc/Wiring.kt")),
        [p("misc/Wiring.kt"), p("session/Helpers.kt"), p("session/SessionProfileStore.kt")]
    );
    // Java, same package as ProfileScreen, no import.
    assert_eq!(
        via(&r, &p("ui/ProfileActivity.java")),
        [p("ui/ProfileActivity.java"), p("ui/ProfileScreen.kt"), p("session/SessionProfileStore.kt")]
    );
}

#[test]
fn cpp_library_wrapper_header_cmake_include_dirs_and_include_cycle() {
    let r = scan_project("cpp-lib", true, 0);
    assert_eq!(
        depths(&r),
        set(&[
            ("include/chatlib/profile_view.hpp", 1),
            ("app/main.cpp", 2),
            ("include/chatlib/events.hpp", 2),
            ("src/profile_view.cpp", 2),
            ("include/chatlib/dispatch.hpp", 3),
            ("src/events.cpp", 4),
        ])
    );
    // `<chatlib/profile_view.hpp>` through target_include_directories.
    assert_eq!(
        via(&r, "app/main.cpp"),
        ["app/main.cpp", "include/chatlib/profile_view.hpp", "include/chatlib/session_bridge.hpp"]
    );
    // The C API calls in the bridge's implementation are declared by the
    // wrapper header's include of <session/config/user_profile.h>.
    let api = "libsession/c-config-api".to_string();
    assert_eq!(
        finding_lines(&r, "src/profile_bridge.cpp"),
        [(13, api.clone()), (19, api.clone()), (24, api.clone()), (30, api)].into()
    );
    assert!(finding_lines(&scan_project("cpp-lib", false, 0), "src/profile_bridge.cpp").is_empty());
}

#[test]
fn swift_targets_exported_imports_and_same_module_use() {
    let r = scan_project("swift-kit", true, 0);
    // Main.swift uses Settings without an import (same target); Theme.swift
    // is in that target too but uses nothing of it.
    assert_eq!(depths(&r), set(&[("Sources/App/Settings.swift", 1), ("Sources/App/Main.swift", 2)]));
    assert_eq!(
        via(&r, "Sources/App/Main.swift"),
        ["Sources/App/Main.swift", "Sources/App/Settings.swift", "Sources/ChatKit/ProfileStore.swift"]
    );
    // `import ChatKit`, whose Exports.swift does `@_exported import SessionUtil`.
    let api = "libsession/swift-config-api".to_string();
    assert_eq!(finding_lines(&r, "Sources/App/ProfileView.swift"), [(9, api)].into());
    assert!(finding_lines(&scan_project("swift-kit", false, 0), "Sources/App/ProfileView.swift").is_empty());
}

#[test]
fn the_blast_radius_does_not_depend_on_thread_count() {
    for name in ["ts-monorepo", "py-bot", "kotlin-app", "cpp-lib", "swift-kit"] {
        let one = scan_project(name, true, 1);
        let many = scan_project(name, true, 4);
        assert_eq!(one.impact, many.impact, "{name}");
        assert_eq!(one.findings, many.findings, "{name}");
    }
}

fn cli() -> Command {
    Command::cargo_bin("session-impact").expect("binary built")
}

#[test]
fn json_has_the_impact_array_and_counters_only_with_the_flag() {
    let dir = project("ts-monorepo");
    let out =
        cli().args(["scan", "--format", "json", "--fail-on", "never", "--blast-radius"]).arg(&dir).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["summary"]["impacted_files"], 5);
    assert_eq!(v["summary"]["unresolved_imports"], 0);
    let first = &v["impact"][0];
    assert_eq!(first["path"], "apps/web/src/app.ts");
    assert_eq!(first["depth"], 1);
    assert_eq!(first["via"][1], "apps/web/src/chat/ChatPanel.tsx");

    let out = cli().args(["scan", "--format", "json", "--fail-on", "never"]).arg(&dir).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert!(v.get("impact").is_none());
    assert!(v["summary"].get("impacted_files").is_none());
}

#[test]
fn human_output_has_a_blast_radius_section() {
    let out = cli()
        .args(["scan", "--fail-on", "never", "--color", "never", "--blast-radius"])
        .arg(project("cpp-lib"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let section = text.split("── blast radius").nth(1).unwrap_or_else(|| panic!("no blast radius section:\n{text}"));
    assert!(section.contains("6 files reach them"), "{section}");
    assert!(section.contains("depth 1"), "{section}");
    assert!(
        section.contains("app/main.cpp → include/chatlib/profile_view.hpp → include/chatlib/session_bridge.hpp"),
        "{section}"
    );
    assert!(section.contains("include/chatlib/session_bridge.hpp: 6 dependents"), "{section}");
}

#[test]
fn markdown_html_and_tickets_show_the_dependents() {
    let dir = project("cpp-lib");
    let run = |args: &[&str]| {
        let out = cli().args(args).arg(&dir).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let md = run(&["scan", "--format", "markdown", "--fail-on", "never", "--blast-radius"]);
    assert!(md.contains("## Blast radius"), "{md}");
    assert!(md.contains("| `include/chatlib/session_bridge.hpp` | 6 |"), "{md}");
    assert!(!run(&["scan", "--format", "markdown", "--fail-on", "never"]).contains("Blast radius"));

    let html = run(&["scan", "--format", "html", "--fail-on", "never", "--blast-radius"]);
    assert!(html.contains(r#"<section id="blast-radius">"#));
    assert!(html.contains("<code>include/chatlib/session_bridge.hpp</code></td><td data-sort=\"6\">6</td>"));

    let tickets = run(&["tickets", "--group-by", "file", "--blast-radius"]);
    // Only the wrapper header has dependents (nothing includes a .cpp file).
    assert_eq!(tickets.matches("Also affected (blast radius)").count(), 1, "{tickets}");
    assert!(tickets.contains("`app/main.cpp` (through include/chatlib/profile\\_view.hpp)"), "{tickets}");
    // The wrapper header's dependents size its ticket: L becomes XL.
    assert!(
        tickets.contains(
            "XL (20 points): the largest rule effort here is L; 1 file and 6 dependent files make it 1 size bigger"
        ),
        "{tickets}"
    );
    // The document's total sums the tickets' efforts, dependents included (XL 20 + M 3).
    assert!(tickets.contains("Total effort: **23 points**"), "{tickets}");
    let plain = run(&["tickets", "--group-by", "file"]);
    assert!(!plain.contains("dependent files"), "{plain}");
    assert!(
        plain.contains("L (8 points): the largest rule effort here is L; one file does not make it bigger"),
        "{plain}"
    );
}

#[test]
fn config_impact_true_turns_the_blast_radius_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&project("py-bot"), dir.path());
    let json = |dir: &Path| {
        let out = cli().args(["scan", "--format", "json", "--fail-on", "never"]).arg(dir).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("valid JSON")
    };
    assert!(json(dir.path()).get("impact").is_none(), "off by default");

    std::fs::write(dir.path().join(".session-impact.toml"), "impact = true\n").unwrap();
    let with_config = json(dir.path());
    let with_flag = scan_project("py-bot", true, 1);
    let impacted = with_config["impact"].as_array().expect("the config turned the blast radius on");
    assert_eq!(impacted.len(), impact(&with_flag).len());
    assert!(!impacted.is_empty());
    assert_eq!(with_config["summary"]["impacted_files"], impact(&with_flag).len());
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

#[test]
fn sharded_scans_merge_into_the_single_scans_blast_radius() {
    let out_dir = tempfile::tempdir().expect("temp dir");
    for name in ["ts-monorepo", "py-bot", "kotlin-app", "cpp-lib", "swift-kit"] {
        let dir = project(name);
        let run = |extra: &[&str]| {
            let out = cli()
                .args(["scan", "--format", "json", "--fail-on", "never", "--blast-radius"])
                .args(extra)
                .arg(&dir)
                .output()
                .unwrap();
            assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
            out.stdout
        };
        let single = run(&[]);
        for shards in [2, 3, 5] {
            let mut files = Vec::new();
            for k in 1..=shards {
                let path = out_dir.path().join(format!("{name}-{k}-of-{shards}.json"));
                std::fs::write(&path, run(&["--shard", &format!("{k}/{shards}")])).unwrap();
                files.push(path);
            }
            let merged = cli().args(["merge", "--format", "json", "--fail-on", "never"]).args(&files).output().unwrap();
            assert!(merged.status.success(), "{name}: {}", String::from_utf8_lossy(&merged.stderr));
            assert_eq!(
                String::from_utf8_lossy(&merged.stdout),
                String::from_utf8_lossy(&single),
                "{name}: {shards} merged shards differ from one scan"
            );
        }
    }
}

#[test]
fn merge_refuses_shards_scanned_with_and_without_the_blast_radius() {
    let dir = project("py-bot");
    let out_dir = tempfile::tempdir().expect("temp dir");
    let with = out_dir.path().join("with.json");
    let without = out_dir.path().join("without.json");
    for (path, flags) in [(&with, vec!["--shard", "1/2", "--blast-radius"]), (&without, vec!["--shard", "2/2"])] {
        let out =
            cli().args(["scan", "--format", "json", "--fail-on", "never"]).args(flags).arg(&dir).output().unwrap();
        std::fs::write(path, out.stdout).unwrap();
    }
    let out = cli().args(["merge", "--format", "json"]).arg(&with).arg(&without).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--blast-radius"), "{stderr}");
}

#[test]
fn unresolved_local_imports_are_listed_and_survive_sharding() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("src/chat")).unwrap();
    std::fs::write(
        root.join("src/sdk.ts"),
        "import { Session } from '@session.js/client';\nexport const s = new Session();\n",
    )
    .unwrap();
    // `../i18n/strings` is generated at build time: not in the tree.
    std::fs::write(
        root.join("src/chat/panel.ts"),
        "import { s } from '../sdk';\nimport { t } from '../i18n/strings';\nimport { u } from '../i18n/strings';\nexport const p = [s, t, u];\n",
    )
    .unwrap();
    std::fs::write(root.join("src/app.ts"), "import { p } from './chat/panel';\nimport { t } from './i18n/strings';\n")
        .unwrap();
    let json = |extra: &[&str]| {
        let out = cli()
            .args(["scan", "--format", "json", "--fail-on", "never", "--blast-radius"])
            .args(extra)
            .arg(root)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let single = json(&[]);
    let v: serde_json::Value = serde_json::from_slice(&single).expect("valid JSON");
    // Once per importing file and specifier, however many names it imports.
    assert_eq!(
        v["unresolved"],
        serde_json::json!([
            { "path": "src/app.ts", "import": "./i18n/strings" },
            { "path": "src/chat/panel.ts", "import": "../i18n/strings" },
        ])
    );
    assert_eq!(v["summary"]["unresolved_imports"], 2);

    let human =
        cli().args(["scan", "--fail-on", "never", "--color", "never", "--blast-radius"]).arg(root).output().unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("(2 local imports could not be resolved)"), "{text}");
    // Both spellings name the same missing module.
    assert!(text.contains("    src/i18n/strings: imported by 2 files"), "{text}");

    let shards: Vec<PathBuf> = (1..=2)
        .map(|k| {
            let path = root.join(format!("shard{k}.json"));
            std::fs::write(&path, json(&["--shard", &format!("{k}/2")])).unwrap();
            path
        })
        .collect();
    let merged = cli().args(["merge", "--format", "json", "--fail-on", "never"]).args(&shards).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&merged.stdout), String::from_utf8_lossy(&single));
}
