//! Local import specifier → project file, per language.
//!
//! Everything works on scan-relative paths with `/` separators (the paths
//! findings carry), never on the file system: the walk already listed every
//! file, and the few project files resolution needs (tsconfig.json,
//! package.json, Package.swift, CMakeLists.txt, Cargo.toml, pyproject.toml)
//! were read during it.
//!
//! An import resolves to files of the project, to something outside it
//! (a package, the standard library, an asset), or is unresolved: it names
//! the project's own code (a relative path, a project package) but no file
//! matches. Unresolved imports are counted, never guessed.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::{ModuleNode, ProjectFile};
use crate::facts::{Import, ImportKind};
use crate::lang::Language;

/// Where an import leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Project files (several for a Kotlin wildcard or a Swift module).
    Files(Vec<usize>),
    /// A package, the standard library, a system header, an asset.
    External,
    /// The project's own code, but no file matches.
    Unresolved,
}

/// Language families whose files can import each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    Js,
    Python,
    Jvm,
    Swift,
    C,
    Rust,
}

impl Family {
    pub fn of(language: Language) -> Family {
        match language {
            Language::JavaScript | Language::TypeScript | Language::Tsx => Family::Js,
            Language::Python => Family::Python,
            Language::Kotlin | Language::Java => Family::Jvm,
            Language::Swift => Family::Swift,
            Language::C | Language::Cpp => Family::C,
            Language::Rust => Family::Rust,
        }
    }
}

// ---- paths ------------------------------------------------------------------

/// The directory part of a relative path ("" at the top).
pub fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

fn file_name(path: &str) -> &str {
    path.rfind('/').map_or(path, |i| &path[i + 1..])
}

/// `dir` joined with `rel`, `.` and `..` folded; `None` when it climbs out
/// of the scanned tree.
pub fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Whether `path` is inside directory `dir` ("" contains everything).
fn is_under(path: &str, dir: &str) -> bool {
    dir.is_empty() || (path.len() > dir.len() && path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/')
}

// ---- JSON with comments (tsconfig) --------------------------------------------

/// Parses JSON with comments and trailing commas, as tsconfig.json allows.
pub fn parse_jsonc(text: &str) -> Option<Value> {
    serde_json::from_str(&crate::jsonc::blank(text)).ok()
}

// ---- JavaScript / TypeScript -----------------------------------------------------

const JS_EXTENSIONS: &[&str] = &[".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"];
/// Specifiers with these extensions load assets, not modules.
const ASSET_EXTENSIONS: &[&str] = &[
    ".css", ".scss", ".sass", ".less", ".json", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff",
    ".woff2", ".ttf", ".html", ".md", ".txt", ".wasm", ".node", ".vue", ".svelte", ".graphql", ".gql", ".yaml", ".yml",
];

#[derive(Debug, Clone, Default)]
struct TsConfig {
    /// Directory `paths` targets are relative to.
    paths_base: String,
    base_url: Option<String>,
    /// (pattern, targets), longest literal prefix first.
    paths: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone)]
struct JsPackage {
    name: String,
    dir: String,
    manifest: Value,
}

#[derive(Debug, Default)]
struct JsResolver {
    /// tsconfig.json/jsconfig.json by directory, `extends` applied.
    configs: BTreeMap<String, TsConfig>,
    packages: Vec<JsPackage>,
}

fn tsconfig_raw(project: &HashMap<&str, &str>, path: &str, depth: usize) -> Option<TsConfig> {
    if depth > 8 {
        return None;
    }
    let value = parse_jsonc(project.get(path)?)?;
    let dir = parent(path);
    let mut config = value
        .get("extends")
        .and_then(Value::as_str)
        .filter(|e| e.starts_with('.'))
        .and_then(|e| {
            let target = join(dir, e)?;
            let target = if target.ends_with(".json") { target } else { format!("{target}.json") };
            tsconfig_raw(project, &target, depth + 1)
        })
        .unwrap_or_default();
    let options = value.get("compilerOptions");
    if let Some(base) = options.and_then(|o| o.get("baseUrl")).and_then(Value::as_str) {
        config.base_url = join(dir, base);
        config.paths_base = config.base_url.clone().unwrap_or_default();
    }
    if let Some(paths) = options.and_then(|o| o.get("paths")).and_then(Value::as_object) {
        if config.base_url.is_none() {
            config.paths_base = dir.to_string();
        }
        config.paths = paths
            .iter()
            .map(|(k, v)| {
                let targets = v.as_array().map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect());
                (k.clone(), targets.unwrap_or_default())
            })
            .collect();
        config.paths.sort_by_key(|(k, _)| std::cmp::Reverse(k.find('*').unwrap_or(k.len())));
    }
    Some(config)
}

static PNPM_PACKAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?m)^\s*-\s*['"]?([^'"\n#]+?)['"]?\s*$"#).expect("static regex"));

impl JsResolver {
    fn new(project: &HashMap<&str, &str>) -> JsResolver {
        let mut r = JsResolver::default();
        for path in project.keys() {
            let name = file_name(path);
            if name.starts_with("tsconfig") && name.ends_with(".json") || name == "jsconfig.json" {
                // The one named exactly tsconfig.json governs its directory.
                let dir = parent(path).to_string();
                if name != "tsconfig.json"
                    && (r.configs.contains_key(&dir)
                        || project.contains_key(
                            format!("{}tsconfig.json", if dir.is_empty() { String::new() } else { format!("{dir}/") })
                                .as_str(),
                        ))
                {
                    continue;
                }
                if let Some(c) = tsconfig_raw(project, path, 0) {
                    r.configs.insert(dir, c);
                }
            }
        }
        // Workspace globs (package.json `workspaces`, pnpm-workspace.yaml),
        // relative to the directory that declares them.
        let mut workspaces: Vec<(String, globset::GlobSet)> = Vec::new();
        let mut manifests = Vec::new();
        for (path, text) in project {
            let name = file_name(path);
            let dir = parent(path).to_string();
            let mut globs: Vec<String> = Vec::new();
            if name == "package.json" {
                let Some(v) = serde_json::from_str::<Value>(text).ok() else { continue };
                let ws = v.get("workspaces").map(|w| w.get("packages").unwrap_or(w));
                if let Some(list) = ws.and_then(Value::as_array) {
                    globs.extend(list.iter().filter_map(Value::as_str).map(str::to_string));
                }
                manifests.push((dir.clone(), v));
            } else if name == "pnpm-workspace.yaml" {
                let mut in_packages = false;
                for line in text.lines() {
                    if !line.starts_with([' ', '\t', '-']) {
                        in_packages = line.trim_end().starts_with("packages:");
                        continue;
                    }
                    if in_packages {
                        if let Some(c) = PNPM_PACKAGE.captures(line) {
                            globs.push(c[1].to_string());
                        }
                    }
                }
            }
            if !globs.is_empty() {
                let mut set = globset::GlobSetBuilder::new();
                for g in globs.iter().filter(|g| !g.starts_with('!')) {
                    let pattern = join(&dir, g.trim_end_matches('/')).unwrap_or_default();
                    if let Ok(glob) = globset::GlobBuilder::new(&pattern).literal_separator(true).build() {
                        set.add(glob);
                    }
                }
                if let Ok(set) = set.build() {
                    workspaces.push((dir, set));
                }
            }
        }
        for (dir, manifest) in manifests {
            let Some(name) = manifest.get("name").and_then(Value::as_str).map(str::to_string) else { continue };
            // Inside a workspace root, only its declared members (and the
            // root itself) are local packages; elsewhere any named package.
            let roots: Vec<&(String, globset::GlobSet)> =
                workspaces.iter().filter(|(w, _)| is_under(&dir, w) || *w == dir).collect();
            let member = roots.is_empty() || roots.iter().any(|(w, set)| *w == dir || set.is_match(&dir));
            if member {
                r.packages.push(JsPackage { name, dir, manifest });
            }
        }
        r.packages.sort_by(|a, b| b.name.len().cmp(&a.name.len()).then(a.dir.cmp(&b.dir)));
        r
    }

    /// The tsconfig that governs `file`: the nearest one in its ancestors.
    fn config_for(&self, file: &str) -> Option<&TsConfig> {
        let mut dir = parent(file);
        loop {
            if let Some(c) = self.configs.get(dir) {
                return Some(c);
            }
            if dir.is_empty() {
                return None;
            }
            dir = parent(dir);
        }
    }
}

// ---- the resolver ------------------------------------------------------------------

/// A Swift module: a Package.swift target, or a top-level directory.
#[derive(Debug, Clone)]
struct SwiftModule {
    name: String,
    dir: String,
}

/// A Rust crate: its source root and the file at its root.
#[derive(Debug, Clone)]
struct RustCrate {
    name: Option<String>,
    src: String,
    root_file: usize,
}

pub struct Resolver<'a> {
    nodes: &'a [ModuleNode],
    files: HashMap<&'a str, usize>,
    js: JsResolver,
    py_roots: Vec<String>,
    py_dirs: HashSet<String>,
    /// Kotlin/Java package → files.
    jvm_packages: HashMap<&'a str, Vec<usize>>,
    /// (package, top-level name) → files.
    jvm_decls: HashMap<(&'a str, &'a str), Vec<usize>>,
    swift_modules: Vec<SwiftModule>,
    /// Each Swift file's module index (into `swift_modules`).
    swift_module_of: HashMap<usize, usize>,
    swift_decls: HashMap<(usize, &'a str), Vec<usize>>,
    c_include_dirs: Vec<String>,
    crates: Vec<RustCrate>,
}

static SWIFT_TARGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\.(target|executableTarget|testTarget|macro|binaryTarget|systemLibrary|plugin)\s*\(")
        .expect("static regex")
});
static SWIFT_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\bname\s*:\s*"([^"]+)""#).expect("static regex"));
static SWIFT_PATH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\bpath\s*:\s*"([^"]+)""#).expect("static regex"));
static CMAKE_INCLUDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)\b(?:target_)?include_directories\s*\(([^)]*)\)").expect("static regex"));
static CMAKE_GENEX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$<(?:BUILD_INTERFACE|INSTALL_INTERFACE):([^>]*)>").expect("static regex"));

/// The `(…)` contents starting at `open` (an index just after `(`), with
/// nested parens and strings respected.
fn balanced(text: &str, open: usize) -> &str {
    let bytes = text.as_bytes();
    let mut depth = 1;
    let mut i = open;
    let mut in_str = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_str => i += 1,
            b'"' => in_str = !in_str,
            b'(' if !in_str => depth += 1,
            b')' if !in_str => {
                depth -= 1;
                if depth == 0 {
                    return &text[open..i];
                }
            }
            _ => {}
        }
        i += 1;
    }
    &text[open..]
}

fn swift_targets(path: &str, text: &str) -> Vec<SwiftModule> {
    let dir = parent(path);
    let mut out = Vec::new();
    for m in SWIFT_TARGET.captures_iter(text) {
        let (Some(whole), Some(kind)) = (m.get(0), m.get(1)) else { continue };
        let args = balanced(text, whole.end());
        // Only the target's own arguments, not those of nested calls.
        let head = args.split(".product(").next().unwrap_or(args);
        let Some(name) = SWIFT_NAME.captures(head).map(|c| c[1].to_string()) else { continue };
        let sub = match SWIFT_PATH.captures(head) {
            Some(c) => c[1].to_string(),
            None if kind.as_str() == "testTarget" => format!("Tests/{name}"),
            None => format!("Sources/{name}"),
        };
        if let Some(dir) = join(dir, &sub) {
            out.push(SwiftModule { name, dir });
        }
    }
    out
}

fn cmake_include_dirs(path: &str, text: &str, out: &mut Vec<String>) {
    let dir = parent(path);
    for c in CMAKE_INCLUDE.captures_iter(text) {
        let args = CMAKE_GENEX.replace_all(&c[1], "$1");
        for arg in args.split_whitespace().map(|a| a.trim_matches('"')) {
            if matches!(arg, "PUBLIC" | "PRIVATE" | "INTERFACE" | "SYSTEM" | "BEFORE" | "AFTER") {
                continue;
            }
            let arg = arg
                .strip_prefix("${CMAKE_CURRENT_SOURCE_DIR}")
                .or_else(|| arg.strip_prefix("${CMAKE_CURRENT_LIST_DIR}"))
                .map(|r| (dir, r))
                .or_else(|| {
                    ["${PROJECT_SOURCE_DIR}", "${CMAKE_SOURCE_DIR}"]
                        .iter()
                        .find_map(|v| arg.strip_prefix(v))
                        .map(|r| ("", r))
                });
            let (base, rel) = match arg {
                Some((base, rel)) => (base, rel.trim_start_matches('/')),
                None => continue,
            };
            if rel.contains("${") || rel.contains('$') {
                continue;
            }
            if let Some(d) = join(base, rel) {
                if !out.contains(&d) {
                    out.push(d);
                }
            }
        }
        // Plain relative arguments (no variable).
        for arg in c[1].split_whitespace().map(|a| a.trim_matches('"')) {
            if arg.contains('$') || arg.starts_with('/') || arg.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                continue;
            }
            if let Some(d) = join(dir, arg) {
                if !out.contains(&d) {
                    out.push(d);
                }
            }
        }
    }
}

impl<'a> Resolver<'a> {
    pub fn new(nodes: &'a [ModuleNode], project: &'a [ProjectFile]) -> Resolver<'a> {
        let files: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (n.path.as_str(), i)).collect();
        let project_map: HashMap<&str, &str> = project.iter().map(|p| (p.path.as_str(), p.text.as_str())).collect();
        let js = JsResolver::new(&project_map);

        // Python: the scan root, src/, and each packaging root with its src/.
        let mut py_roots = vec![String::new(), "src".to_string()];
        for p in project {
            if matches!(file_name(&p.path), "pyproject.toml" | "setup.py" | "setup.cfg") {
                let d = parent(&p.path).to_string();
                let src = if d.is_empty() { "src".to_string() } else { format!("{d}/src") };
                for r in [d, src] {
                    if !py_roots.contains(&r) {
                        py_roots.push(r);
                    }
                }
            }
        }
        let mut py_dirs = HashSet::default();
        for n in nodes.iter().filter(|n| n.language == Language::Python) {
            let mut d = parent(&n.path);
            while !d.is_empty() && py_dirs.insert(d.to_string()) {
                d = parent(d);
            }
        }

        let mut jvm_packages: HashMap<&str, Vec<usize>> = HashMap::default();
        let mut jvm_decls: HashMap<(&str, &str), Vec<usize>> = HashMap::default();
        for (i, n) in nodes.iter().enumerate().filter(|(_, n)| Family::of(n.language) == Family::Jvm) {
            let pkg = n.package.as_deref().unwrap_or("");
            jvm_packages.entry(pkg).or_default().push(i);
            for name in &n.exports {
                jvm_decls.entry((pkg, name.as_str())).or_default().push(i);
            }
        }

        let mut swift_modules: Vec<SwiftModule> = Vec::new();
        for p in project.iter().filter(|p| file_name(&p.path) == "Package.swift") {
            swift_modules.extend(swift_targets(&p.path, &p.text));
        }
        let mut swift_module_of = HashMap::default();
        let mut swift_decls: HashMap<(usize, &str), Vec<usize>> = HashMap::default();
        for (i, n) in nodes.iter().enumerate().filter(|(_, n)| n.language == Language::Swift) {
            let declared = swift_modules
                .iter()
                .enumerate()
                .filter(|(_, m)| is_under(&n.path, &m.dir))
                .max_by_key(|(_, m)| m.dir.len())
                .map(|(k, _)| k);
            // Outside any Package.swift target (Xcode projects): the
            // top-level directory is the module, named after it.
            let module = declared.unwrap_or_else(|| {
                let top = n.path.split('/').next().filter(|_| n.path.contains('/')).unwrap_or("");
                match swift_modules.iter().position(|m| m.dir == top && m.name == top) {
                    Some(k) => k,
                    None => {
                        swift_modules.push(SwiftModule { name: top.to_string(), dir: top.to_string() });
                        swift_modules.len() - 1
                    }
                }
            });
            swift_module_of.insert(i, module);
            for name in &n.exports {
                swift_decls.entry((module, name.as_str())).or_default().push(i);
            }
        }

        let mut c_include_dirs = Vec::new();
        for p in project {
            let name = file_name(&p.path);
            if name == "CMakeLists.txt" || name.ends_with(".cmake") {
                cmake_include_dirs(&p.path, &p.text, &mut c_include_dirs);
            }
        }
        c_include_dirs.sort();

        let mut crates = Vec::new();
        for p in project.iter().filter(|p| file_name(&p.path) == "Cargo.toml") {
            let dir = parent(&p.path);
            let src = if dir.is_empty() { "src".to_string() } else { format!("{dir}/src") };
            let value: Option<toml::Value> = toml::from_str(&p.text).ok();
            let package_name =
                value.as_ref().and_then(|v| v.get("package")?.get("name")?.as_str().map(|s| s.replace('-', "_")));
            let lib_name =
                value.as_ref().and_then(|v| v.get("lib")?.get("name")?.as_str().map(|s| s.replace('-', "_")));
            for (root, name) in [("lib.rs", lib_name.or(package_name.clone())), ("main.rs", None)] {
                if let Some(&root_file) = files.get(format!("{src}/{root}").as_str()) {
                    crates.push(RustCrate { name, src: src.clone(), root_file });
                }
            }
        }
        // Crates without a Cargo.toml in the scan: any lib.rs/main.rs.
        for (i, n) in nodes.iter().enumerate().filter(|(_, n)| n.language == Language::Rust) {
            if matches!(file_name(&n.path), "lib.rs" | "main.rs") && !crates.iter().any(|c| c.root_file == i) {
                crates.push(RustCrate { name: None, src: parent(&n.path).to_string(), root_file: i });
            }
        }

        Resolver {
            nodes,
            files,
            js,
            py_roots,
            py_dirs,
            jvm_packages,
            jvm_decls,
            swift_modules,
            swift_module_of,
            swift_decls,
            c_include_dirs,
            crates,
        }
    }

    fn file(&self, path: &str) -> Option<usize> {
        self.files.get(path).copied()
    }

    fn file_in(&self, path: &str, family: Family) -> Option<usize> {
        self.file(path).filter(|&i| Family::of(self.nodes[i].language) == family)
    }

    /// Where `import` of file `from` leads.
    pub fn resolve(&self, from: usize, import: &Import) -> Target {
        let node = &self.nodes[from];
        match Family::of(node.language) {
            Family::Js => self.resolve_js(&node.path, &import.module),
            Family::Python => self.resolve_python(&node.path, import),
            Family::Jvm => self.resolve_jvm(import),
            Family::Swift => self.resolve_swift(from, import),
            Family::C => self.resolve_c(&node.path, import),
            Family::Rust => self.resolve_rust(from, import),
        }
    }

    // ---- JS

    /// A path (without or with extension) to a JS/TS module file.
    fn js_file(&self, base: &str) -> Option<usize> {
        if let Some(i) = self.file_in(base, Family::Js) {
            return Some(i);
        }
        // TS sources imported by their emitted names (`./x.js` → `x.ts`).
        for (js, ts) in
            [(".js", &[".ts", ".tsx", ".d.ts"][..]), (".jsx", &[".tsx"]), (".mjs", &[".mts"]), (".cjs", &[".cts"])]
        {
            if let Some(stem) = base.strip_suffix(js) {
                if let Some(i) = ts.iter().find_map(|e| self.file_in(&format!("{stem}{e}"), Family::Js)) {
                    return Some(i);
                }
            }
        }
        let stripped = base.trim_end_matches('/');
        for ext in JS_EXTENSIONS {
            if let Some(i) = self.file_in(&format!("{stripped}{ext}"), Family::Js) {
                return Some(i);
            }
        }
        for ext in JS_EXTENSIONS {
            let index = if stripped.is_empty() { format!("index{ext}") } else { format!("{stripped}/index{ext}") };
            if let Some(i) = self.file_in(&index, Family::Js) {
                return Some(i);
            }
        }
        None
    }

    fn resolve_js(&self, from: &str, specifier: &str) -> Target {
        let specifier = specifier.split(['?', '#']).next().unwrap_or(specifier);
        let lower = specifier.to_ascii_lowercase();
        if ASSET_EXTENSIONS.iter().any(|e| lower.ends_with(e)) {
            return Target::External;
        }
        if specifier == "." || specifier == ".." || specifier.starts_with("./") || specifier.starts_with("../") {
            return match join(parent(from), specifier).and_then(|p| self.js_file(&p)) {
                Some(i) => Target::Files(vec![i]),
                None => Target::Unresolved,
            };
        }
        if specifier.starts_with('/') || specifier.contains(':') {
            return Target::External;
        }
        if let Some(config) = self.js.config_for(from) {
            for (pattern, targets) in &config.paths {
                let Some(star) = match_pattern(pattern, specifier) else { continue };
                for t in targets {
                    let t = t.replacen('*', star, 1);
                    if let Some(i) = join(&config.paths_base, &t).and_then(|p| self.js_file(&p)) {
                        return Target::Files(vec![i]);
                    }
                }
                if pattern != "*" {
                    return Target::Unresolved;
                }
            }
            if let Some(base) = &config.base_url {
                if let Some(i) = join(base, specifier).and_then(|p| self.js_file(&p)) {
                    return Target::Files(vec![i]);
                }
            }
        }
        for pkg in &self.js.packages {
            let sub = if specifier == pkg.name {
                "."
            } else if let Some(rest) = specifier.strip_prefix(pkg.name.as_str()).and_then(|r| r.strip_prefix('/')) {
                rest
            } else {
                continue;
            };
            return match self.package_entry(pkg, sub) {
                Some(i) => Target::Files(vec![i]),
                None => Target::Unresolved,
            };
        }
        Target::External
    }

    /// The file a workspace package exposes at `sub` ("." or "x/y").
    fn package_entry(&self, pkg: &JsPackage, sub: &str) -> Option<usize> {
        let key = if sub == "." { ".".to_string() } else { format!("./{sub}") };
        let mut candidates: Vec<String> = Vec::new();
        if let Some(exports) = pkg.manifest.get("exports") {
            let is_map = exports.as_object().is_some_and(|o| o.keys().any(|k| k.starts_with('.')));
            if is_map {
                if let Some(obj) = exports.as_object() {
                    if let Some(v) = obj.get(&key) {
                        condition_targets(v, &mut candidates);
                    } else {
                        for (pattern, v) in obj {
                            if let Some(star) = match_pattern(pattern, &key) {
                                let mut targets = Vec::new();
                                condition_targets(v, &mut targets);
                                candidates.extend(targets.into_iter().map(|t| t.replacen('*', star, 1)));
                            }
                        }
                    }
                }
            } else if sub == "." {
                condition_targets(exports, &mut candidates);
            }
        }
        if sub == "." {
            for field in ["source", "types", "typings", "module", "main"] {
                if let Some(v) = pkg.manifest.get(field).and_then(Value::as_str) {
                    candidates.push(v.to_string());
                }
            }
            candidates.extend(["src/index".to_string(), "index".to_string()]);
        } else {
            candidates.push(sub.to_string());
            candidates.push(format!("src/{sub}"));
        }
        for c in &candidates {
            let Some(path) = join(&pkg.dir, c) else { continue };
            if let Some(i) = self.js_file(&path) {
                return Some(i);
            }
            // Build output that is not in the tree: its source twin.
            let stem = strip_js_extension(&path);
            if let Some(i) = self.js_file(stem) {
                return Some(i);
            }
            for out_dir in ["dist/", "lib/", "build/", "out/", "esm/", "cjs/"] {
                let in_pkg = path.strip_prefix(pkg.dir.as_str()).unwrap_or(&path).trim_start_matches('/');
                if let Some(rest) = in_pkg.strip_prefix(out_dir) {
                    let rest = strip_js_extension(rest);
                    let rest = rest.strip_prefix("esm/").or_else(|| rest.strip_prefix("cjs/")).unwrap_or(rest);
                    if let Some(i) = join(&pkg.dir, &format!("src/{rest}")).and_then(|p| self.js_file(&p)) {
                        return Some(i);
                    }
                }
            }
        }
        None
    }

    // ---- Python

    /// `a.b` under `root`: `a/b.py`, `a/b.pyi` or `a/b/__init__.py`.
    fn py_module(&self, root: &str, dotted: &str) -> Option<usize> {
        let rel = dotted.replace('.', "/");
        let base = if rel.is_empty() { root.to_string() } else { join(root, &rel)? };
        for candidate in [format!("{base}.py"), format!("{base}.pyi"), format!("{base}/__init__.py")] {
            if let Some(i) = self.file_in(&candidate, Family::Python) {
                return Some(i);
            }
        }
        None
    }

    fn py_is_package_dir(&self, root: &str, dotted: &str) -> bool {
        let rel = dotted.replace('.', "/");
        join(root, &rel).is_some_and(|d| self.py_dirs.contains(&d))
    }

    /// The file of a Python package or module `module` seen from `from`,
    /// and whether it is the project's own (`Err(())` = own but missing).
    fn py_lookup(&self, from: &str, module: &str) -> Result<Option<(String, Option<usize>)>, ()> {
        if let Some(rest) = module.strip_prefix('.') {
            // Relative: one dot is the importer's package, each further dot
            // one level up.
            let dots = 1 + rest.chars().take_while(|&c| c == '.').count();
            let name = &module[dots..];
            let mut base = parent(from).to_string();
            for _ in 1..dots {
                if base.is_empty() {
                    return Err(());
                }
                base = parent(&base).to_string();
            }
            let base_for_name =
                if name.is_empty() { base.clone() } else { join(&base, &name.replace('.', "/")).ok_or(())? };
            return match self.py_module(&base, name) {
                Some(i) => Ok(Some((base_for_name, Some(i)))),
                // A namespace package (no __init__.py) still holds modules.
                None if self.py_dirs.contains(&base_for_name) || base_for_name == base => {
                    Ok(Some((base_for_name, None)))
                }
                None => Err(()),
            };
        }
        let top = module.split('.').next().unwrap_or(module);
        let importer_dir = parent(from).to_string();
        let roots = self.py_roots.iter().map(String::as_str).chain(std::iter::once(importer_dir.as_str()));
        let mut own = false;
        for root in roots {
            if let Some(i) = self.py_module(root, module) {
                let dir = join(root, &module.replace('.', "/")).unwrap_or_default();
                return Ok(Some((dir, Some(i))));
            }
            if self.py_is_package_dir(root, module) {
                return Ok(Some((join(root, &module.replace('.', "/")).unwrap_or_default(), None)));
            }
            own |= self.py_module(root, top).is_some() || self.py_is_package_dir(root, top);
        }
        if own {
            Err(())
        } else {
            Ok(None)
        }
    }

    fn resolve_python(&self, from: &str, import: &Import) -> Target {
        let (dir, module_file) = match self.py_lookup(from, &import.module) {
            Err(()) => return Target::Unresolved,
            Ok(None) => return Target::External,
            Ok(Some(found)) => found,
        };
        // `from pkg import sub`: the submodule when there is one (importing
        // it runs the package's __init__ too, but that is the package's
        // dependency, not this file's); otherwise a name of the module.
        if let (ImportKind::Named, Some(name)) = (&import.kind, &import.name) {
            if let Some(i) = self.py_module(&dir, name) {
                return Target::Files(vec![i]);
            }
        }
        match module_file {
            Some(i) => Target::Files(vec![i]),
            None => Target::Unresolved,
        }
    }

    /// For a Python `from m import name` of file `from`: the submodule
    /// `m.name`, when that is what it imports.
    pub fn python_submodule(&self, from: usize, import: &Import) -> Option<usize> {
        if Family::of(self.nodes[from].language) != Family::Python || import.kind != ImportKind::Named {
            return None;
        }
        let name = import.name.as_deref()?;
        let (dir, _) = self.py_lookup(&self.nodes[from].path, &import.module).ok()??;
        self.py_module(&dir, name)
    }

    // ---- Kotlin / Java

    fn resolve_jvm(&self, import: &Import) -> Target {
        let full = match &import.name {
            Some(n) => format!("{}.{}", import.module, n),
            None => import.module.clone(),
        };
        let segs: Vec<&str> = full.split('.').collect();
        if import.kind == ImportKind::Wildcard {
            if let Some(files) = self.jvm_packages.get(full.as_str()) {
                return Target::Files(files.clone());
            }
        }
        // `a.b.C`, `a.b.C.Inner`, `a.b.C.member`: the longest package
        // prefix that declares the next segment.
        for k in (1..segs.len()).rev() {
            let pkg = segs[..k].join(".");
            if let Some(files) = self.jvm_decls.get(&(pkg.as_str(), segs[k])) {
                return Target::Files(files.clone());
            }
        }
        if self.jvm_packages.contains_key(import.module.as_str()) {
            Target::Unresolved
        } else {
            Target::External
        }
    }

    /// Kotlin/Java files of `from`'s own package (which need no import).
    pub fn jvm_same_package(&self, from: usize) -> &[usize] {
        let pkg = self.nodes[from].package.as_deref().unwrap_or("");
        self.jvm_packages.get(pkg).map_or(&[], Vec::as_slice)
    }

    // ---- Swift

    fn swift_module_named(&self, name: &str) -> Option<usize> {
        self.swift_modules.iter().position(|m| m.name == name && !m.name.is_empty())
    }

    fn resolve_swift(&self, from: usize, import: &Import) -> Target {
        let name = import.module.split('.').next().unwrap_or(&import.module);
        let Some(module) = self.swift_module_named(name) else { return Target::External };
        if self.swift_module_of.get(&from) == Some(&module) {
            return Target::External;
        }
        if let (ImportKind::Named, Some(decl)) = (&import.kind, &import.name) {
            return match self.swift_decls.get(&(module, decl.as_str())) {
                Some(files) => Target::Files(files.clone()),
                None => Target::Unresolved,
            };
        }
        Target::Files(self.swift_module_files(module))
    }

    fn swift_module_files(&self, module: usize) -> Vec<usize> {
        let mut v: Vec<usize> = self.swift_module_of.iter().filter(|(_, &m)| m == module).map(|(&f, _)| f).collect();
        v.sort_unstable();
        v
    }

    /// Swift files of `from`'s own module.
    pub fn swift_same_module(&self, from: usize) -> Vec<usize> {
        self.swift_module_of.get(&from).map(|&m| self.swift_module_files(m)).unwrap_or_default()
    }

    /// The Swift module a file belongs to (an index, stable within a scan).
    pub fn swift_module(&self, file: usize) -> Option<usize> {
        self.swift_module_of.get(&file).copied()
    }

    /// The Swift module an `import X` names, if it is the project's own.
    pub fn swift_import_module(&self, import: &Import) -> Option<usize> {
        self.swift_module_named(import.module.split('.').next().unwrap_or(&import.module))
    }

    // ---- C / C++

    fn resolve_c(&self, from: &str, import: &Import) -> Target {
        let header = import.module.as_str();
        let c_file = |p: &str| self.file_in(p, Family::C);
        if import.local {
            if let Some(i) = join(parent(from), header).and_then(|p| c_file(&p)) {
                return Target::Files(vec![i]);
            }
        }
        if !import.local && header.contains("::") {
            return Target::External; // `using namespace`
        }
        for dir in &self.c_include_dirs {
            if let Some(i) = join(dir, header).and_then(|p| c_file(&p)) {
                return Target::Files(vec![i]);
            }
        }
        // The conventional public-header directory: `include/` beside the
        // includer or in any directory above it (what most build files
        // declare; projects without a CMakeLists.txt in the scan need it).
        let mut dir = parent(from);
        loop {
            let include = if dir.is_empty() { "include".to_string() } else { format!("{dir}/include") };
            if let Some(i) = join(&include, header).and_then(|p| c_file(&p)) {
                return Target::Files(vec![i]);
            }
            if dir.is_empty() {
                break;
            }
            dir = parent(dir);
        }
        if import.local {
            return match c_file(header) {
                Some(i) => Target::Files(vec![i]),
                None => Target::Unresolved,
            };
        }
        Target::External
    }

    // ---- Rust

    fn crate_of(&self, file: usize) -> Option<&RustCrate> {
        let path = &self.nodes[file].path;
        if let Some(c) = self.crates.iter().find(|c| c.root_file == file) {
            return Some(c);
        }
        self.crates.iter().filter(|c| is_under(path, &c.src)).max_by_key(|c| c.src.len())
    }

    /// The module path of `file` inside its crate (`src/a/b.rs` → [a, b]).
    fn rust_module_path(&self, krate: &RustCrate, file: usize) -> Vec<String> {
        if krate.root_file == file {
            return Vec::new();
        }
        let path = &self.nodes[file].path;
        let rel = path.strip_prefix(krate.src.as_str()).unwrap_or(path).trim_start_matches('/');
        let rel = rel.strip_suffix(".rs").unwrap_or(rel);
        let rel = rel.strip_suffix("/mod").unwrap_or(rel);
        rel.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect()
    }

    fn rust_module_file(&self, krate: &RustCrate, segs: &[String]) -> Option<usize> {
        if segs.is_empty() {
            return Some(krate.root_file);
        }
        let base = join(&krate.src, &segs.join("/"))?;
        self.file_in(&format!("{base}.rs"), Family::Rust)
            .or_else(|| self.file_in(&format!("{base}/mod.rs"), Family::Rust))
    }

    fn resolve_rust(&self, from: usize, import: &Import) -> Target {
        let path = &self.nodes[from].path;
        // `mod x;`
        if import.kind == ImportKind::SideEffect && import.local && !import.module.contains("::") {
            let name = file_name(path);
            let is_root = self.crates.iter().any(|c| c.root_file == from);
            let dir = if is_root || matches!(name, "mod.rs" | "lib.rs" | "main.rs") {
                parent(path).to_string()
            } else {
                path.strip_suffix(".rs").unwrap_or(path).to_string()
            };
            let base = join(&dir, &import.module).unwrap_or_default();
            return match self
                .file_in(&format!("{base}.rs"), Family::Rust)
                .or_else(|| self.file_in(&format!("{base}/mod.rs"), Family::Rust))
            {
                Some(i) => Target::Files(vec![i]),
                None => Target::Unresolved,
            };
        }
        let mut segs: Vec<String> = import.module.split("::").filter(|s| !s.is_empty()).map(str::to_string).collect();
        if let Some(n) = &import.name {
            segs.push(n.clone());
        }
        let Some(first) = segs.first().cloned() else { return Target::External };
        let (krate, mut rest): (&RustCrate, Vec<String>) = match first.as_str() {
            "crate" | "self" | "super" => {
                let Some(k) = self.crate_of(from) else { return Target::Unresolved };
                let mut here = self.rust_module_path(k, from);
                let mut i = 0;
                if first == "crate" {
                    here.clear();
                    i = 1;
                } else {
                    while segs.get(i).is_some_and(|s| s == "self" || s == "super") {
                        if segs[i] == "super" && here.pop().is_none() {
                            return Target::Unresolved;
                        }
                        i += 1;
                    }
                }
                here.extend(segs[i..].iter().cloned());
                (k, here)
            }
            name => match self.crates.iter().find(|c| c.name.as_deref() == Some(name)) {
                Some(k) => (k, segs[1..].to_vec()),
                None => return Target::External,
            },
        };
        rest.retain(|s| s != "*");
        while !rest.is_empty() {
            if let Some(i) = self.rust_module_file(krate, &rest) {
                return Target::Files(vec![i]);
            }
            rest.pop();
        }
        Target::Files(vec![krate.root_file])
    }
}

/// Matches a tsconfig/exports pattern with at most one `*`; returns what the
/// star stands for ("" for an exact match).
fn match_pattern<'s>(pattern: &str, specifier: &'s str) -> Option<&'s str> {
    match pattern.split_once('*') {
        None => (pattern == specifier).then_some(""),
        Some((prefix, suffix)) => {
            let rest = specifier.strip_prefix(prefix)?;
            rest.strip_suffix(suffix).filter(|_| rest.len() >= suffix.len())
        }
    }
}

/// Targets of a package.json `exports` value, in a source-first condition
/// order.
fn condition_targets(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|v| condition_targets(v, out)),
        Value::Object(o) => {
            for key in ["source", "types", "import", "module", "require", "node", "browser", "default"] {
                if let Some(v) = o.get(key) {
                    condition_targets(v, out);
                }
            }
            for (k, v) in o {
                if !["source", "types", "import", "module", "require", "node", "browser", "default"]
                    .contains(&k.as_str())
                {
                    condition_targets(v, out);
                }
            }
        }
        _ => {}
    }
}

fn strip_js_extension(path: &str) -> &str {
    for ext in [".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"] {
        if let Some(stem) = path.strip_suffix(ext) {
            return stem;
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::facts::Span;

    fn node(path: &str, language: Language) -> ModuleNode {
        ModuleNode {
            path: path.to_string(),
            fs_path: PathBuf::from(path),
            language,
            imports: Vec::new(),
            package: None,
            exports: Vec::new(),
            mentions: Vec::new(),
        }
    }

    fn imp(module: &str, name: Option<&str>, kind: ImportKind, local: bool) -> Import {
        Import {
            module: module.into(),
            name: name.map(Into::into),
            alias: None,
            kind,
            local,
            reexport: false,
            span: Span::default(),
        }
    }

    fn project(files: &[(&str, &str)]) -> Vec<ProjectFile> {
        files.iter().map(|(p, t)| ProjectFile { path: p.to_string(), text: t.to_string() }).collect()
    }

    fn paths(r: &Resolver<'_>, t: Target) -> Vec<String> {
        match t {
            Target::Files(f) => f.iter().map(|&i| r.nodes[i].path.clone()).collect(),
            Target::External => vec!["<external>".into()],
            Target::Unresolved => vec!["<unresolved>".into()],
        }
    }

    #[test]
    fn jsonc_allows_comments_and_trailing_commas() {
        let v = parse_jsonc("{\n // c\n \"a\": [1, 2,], /* x */ \"b\": \"//not\",\n}").unwrap();
        assert_eq!(v["a"][1], 2);
        assert_eq!(v["b"], "//not");
    }

    #[test]
    fn js_relative_index_extension_and_emitted_names() {
        let nodes = vec![
            node("app/src/main.ts", Language::TypeScript),
            node("app/src/lib/index.ts", Language::TypeScript),
            node("app/src/util.tsx", Language::Tsx),
            node("app/src/types.d.ts", Language::TypeScript),
        ];
        let r = Resolver::new(&nodes, &[]);
        let go = |s: &str| paths(&r, r.resolve(0, &imp(s, None, ImportKind::SideEffect, true)));
        assert_eq!(go("./lib"), ["app/src/lib/index.ts"]);
        assert_eq!(go("./util.js"), ["app/src/util.tsx"]);
        assert_eq!(go("./types"), ["app/src/types.d.ts"]);
        assert_eq!(go("./missing"), ["<unresolved>"]);
        assert_eq!(go("./styles.css"), ["<external>"]);
        assert_eq!(go("react"), ["<external>"]);
        assert_eq!(go("../../../../outside"), ["<unresolved>"]);
    }

    #[test]
    fn js_tsconfig_paths_base_url_extends_and_workspaces() {
        let nodes = vec![
            node("apps/web/src/page.ts", Language::TypeScript),
            node("apps/web/src/chat/session.ts", Language::TypeScript),
            node("packages/client/src/index.ts", Language::TypeScript),
            node("packages/client/src/extra.ts", Language::TypeScript),
            node("packages/legacy/index.js", Language::JavaScript),
            node("fixtures/react/index.js", Language::JavaScript),
        ];
        let proj = project(&[
            ("package.json", r#"{"name": "root", "workspaces": ["packages/*", "apps/*"]}"#),
            (
                "tsconfig.base.json",
                "{ \"compilerOptions\": { \"paths\": { \"@chat/*\": [\"apps/web/src/chat/*\"], } } // x\n}",
            ),
            ("apps/web/tsconfig.json", r#"{"extends": "../../tsconfig.base.json", "compilerOptions": {}}"#),
            (
                "packages/client/package.json",
                r#"{"name": "@acme/client", "main": "dist/index.js", "exports": {".": {"import": "./dist/index.mjs"}, "./extra": "./dist/extra.js"}}"#,
            ),
            ("packages/legacy/package.json", r#"{"name": "legacy"}"#),
            ("fixtures/react/package.json", r#"{"name": "react"}"#),
        ]);
        let r = Resolver::new(&nodes, &proj);
        let go = |s: &str| paths(&r, r.resolve(0, &imp(s, None, ImportKind::SideEffect, false)));
        assert_eq!(go("@chat/session"), ["apps/web/src/chat/session.ts"]);
        assert_eq!(go("@chat/gone"), ["<unresolved>"]);
        assert_eq!(go("@acme/client"), ["packages/client/src/index.ts"]);
        assert_eq!(go("@acme/client/extra"), ["packages/client/src/extra.ts"]);
        assert_eq!(go("legacy"), ["packages/legacy/index.js"]);
        // Not a workspace member: `react` stays the npm package.
        assert_eq!(go("react"), ["<external>"]);
    }

    #[test]
    fn python_relative_absolute_and_src_layout() {
        let nodes = vec![
            node("src/chat/__init__.py", Language::Python),
            node("src/chat/client.py", Language::Python),
            node("src/chat/ui/view.py", Language::Python),
            node("scripts/run.py", Language::Python),
            node("scripts/helpers.py", Language::Python),
        ];
        let r = Resolver::new(&nodes, &[]);
        let go = |from: usize, m: &str, n: Option<&str>, k: ImportKind| {
            paths(&r, r.resolve(from, &imp(m, n, k, m.starts_with('.'))))
        };
        assert_eq!(go(2, "..client", Some("Client"), ImportKind::Named), ["src/chat/client.py"]);
        assert_eq!(go(1, ".", Some("client"), ImportKind::Named), ["src/chat/client.py"]);
        assert_eq!(go(1, ".", Some("VERSION"), ImportKind::Named), ["src/chat/__init__.py"]);
        assert_eq!(go(3, "chat.client", None, ImportKind::Namespace), ["src/chat/client.py"]);
        assert_eq!(go(3, "chat", Some("ui"), ImportKind::Named), ["src/chat/__init__.py"]);
        assert_eq!(go(3, "chat.gone", None, ImportKind::Namespace), ["<unresolved>"]);
        assert_eq!(go(3, "helpers", None, ImportKind::Namespace), ["scripts/helpers.py"]);
        assert_eq!(go(3, "requests", None, ImportKind::Namespace), ["<external>"]);
        assert_eq!(go(2, "...x", None, ImportKind::Wildcard), ["<unresolved>"]);
    }

    #[test]
    fn jvm_by_declared_package_not_directory() {
        let mut a = node("app/src/main/java/Wrapper.kt", Language::Kotlin);
        a.package = Some("com.example.session".into());
        a.exports = vec!["SessionWrapper".into(), "sendAll".into()];
        let mut b = node("app/src/Other.java", Language::Java);
        b.package = Some("com.example.ui".into());
        b.exports = vec!["Screen".into()];
        let nodes = vec![a, b];
        let r = Resolver::new(&nodes, &[]);
        let go = |m: &str, n: Option<&str>, k: ImportKind| paths(&r, r.resolve(1, &imp(m, n, k, false)));
        assert_eq!(
            go("com.example.session", Some("SessionWrapper"), ImportKind::Named),
            ["app/src/main/java/Wrapper.kt"]
        );
        assert_eq!(go("com.example.session", Some("sendAll"), ImportKind::Named), ["app/src/main/java/Wrapper.kt"]);
        assert_eq!(
            go("com.example.session.SessionWrapper", Some("Companion"), ImportKind::Named),
            ["app/src/main/java/Wrapper.kt"]
        );
        assert_eq!(go("com.example.session", None, ImportKind::Wildcard), ["app/src/main/java/Wrapper.kt"]);
        assert_eq!(go("com.example.session", Some("Gone"), ImportKind::Named), ["<unresolved>"]);
        assert_eq!(go("android.os", Some("Bundle"), ImportKind::Named), ["<external>"]);
    }

    #[test]
    fn swift_targets_from_package_swift() {
        let mut a = node("Sources/ChatCore/Store.swift", Language::Swift);
        a.exports = vec!["Store".into()];
        let b = node("Sources/App/Main.swift", Language::Swift);
        let c = node("Modules/Net/Client.swift", Language::Swift);
        let nodes = vec![a, b, c];
        let proj = project(&[(
            "Package.swift",
            r#"let package = Package(name: "X", targets: [
                .target(name: "ChatCore", dependencies: [.product(name: "SessionUtil", package: "libsession")]),
                .executableTarget(name: "App", dependencies: ["ChatCore"]),
                .target(name: "Net", path: "Modules/Net"),
            ])"#,
        )]);
        let r = Resolver::new(&nodes, &proj);
        let go = |m: &str, n: Option<&str>, k: ImportKind| paths(&r, r.resolve(1, &imp(m, n, k, false)));
        assert_eq!(go("ChatCore", None, ImportKind::Wildcard), ["Sources/ChatCore/Store.swift"]);
        assert_eq!(go("Net", None, ImportKind::Wildcard), ["Modules/Net/Client.swift"]);
        assert_eq!(go("ChatCore", Some("Store"), ImportKind::Named), ["Sources/ChatCore/Store.swift"]);
        assert_eq!(go("SessionUtil", None, ImportKind::Wildcard), ["<external>"]);
    }

    #[test]
    fn c_includes_against_file_cmake_dirs_and_root() {
        let nodes = vec![
            node("src/app/main.cpp", Language::Cpp),
            node("src/app/local.h", Language::Cpp),
            node("lib/include/chat/wrapper.hpp", Language::Cpp),
            node("common.h", Language::Cpp),
            node("src/include/app/config.h", Language::Cpp),
        ];
        let proj = project(&[(
            "lib/CMakeLists.txt",
            "add_library(chat src/a.cpp)\ntarget_include_directories(chat PUBLIC\n  $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>\n  PRIVATE src)\n",
        )]);
        let r = Resolver::new(&nodes, &proj);
        let go = |m: &str, local: bool| paths(&r, r.resolve(0, &imp(m, None, ImportKind::Wildcard, local)));
        assert_eq!(go("local.h", true), ["src/app/local.h"]);
        assert_eq!(go("chat/wrapper.hpp", true), ["lib/include/chat/wrapper.hpp"]);
        assert_eq!(go("chat/wrapper.hpp", false), ["lib/include/chat/wrapper.hpp"]);
        assert_eq!(go("common.h", true), ["common.h"]);
        assert_eq!(go("app/config.h", false), ["src/include/app/config.h"]);
        assert_eq!(go("jni.h", true), ["<unresolved>"]);
        assert_eq!(go("vector", false), ["<external>"]);
    }

    #[test]
    fn rust_mod_and_use_paths() {
        let nodes = vec![
            node("crates/chat/src/lib.rs", Language::Rust),
            node("crates/chat/src/net.rs", Language::Rust),
            node("crates/chat/src/net/client.rs", Language::Rust),
            node("crates/chat/src/store/mod.rs", Language::Rust),
            node("crates/app/src/main.rs", Language::Rust),
        ];
        let proj = project(&[
            ("crates/chat/Cargo.toml", "[package]\nname = \"chat-core\"\n"),
            ("crates/app/Cargo.toml", "[package]\nname = \"app\"\n"),
        ]);
        let r = Resolver::new(&nodes, &proj);
        let go = |from: usize, m: &str, n: Option<&str>, k: ImportKind| paths(&r, r.resolve(from, &imp(m, n, k, true)));
        assert_eq!(go(0, "net", None, ImportKind::SideEffect), ["crates/chat/src/net.rs"]);
        assert_eq!(go(0, "store", None, ImportKind::SideEffect), ["crates/chat/src/store/mod.rs"]);
        assert_eq!(go(1, "client", None, ImportKind::SideEffect), ["crates/chat/src/net/client.rs"]);
        assert_eq!(go(1, "gone", None, ImportKind::SideEffect), ["<unresolved>"]);
        assert_eq!(go(3, "crate::net::client", Some("Client"), ImportKind::Named), ["crates/chat/src/net/client.rs"]);
        assert_eq!(go(2, "super", Some("Thing"), ImportKind::Named), ["crates/chat/src/net.rs"]);
        assert_eq!(go(4, "chat_core::store", Some("Store"), ImportKind::Named), ["crates/chat/src/store/mod.rs"]);
        assert_eq!(go(4, "serde", Some("Serialize"), ImportKind::Named), ["<external>"]);
    }
}
