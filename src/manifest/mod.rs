//! Readers for dependency manifests and lockfiles.
//!
//! Each reader turns one file into [`FileFacts`] with `dependencies` (one per
//! declaration, spanning the declaring line) and `strings` (URLs and other
//! literals that string rules may match, e.g. a Maven repository URL).

pub mod cargo;
pub mod cmake;
pub mod cocoapods;
pub mod gitmodules;
pub mod gradle;
mod lexer;
pub mod npm;
pub mod python;
pub mod swiftpm;
mod util;

use crate::facts::FileFacts;
use crate::lang::ExtractError;

/// Declares [`ManifestKind`] and its `ALL` list from one list of names.
macro_rules! manifest_kinds {
    ($($kind:ident),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ManifestKind {
            $($kind),*
        }

        impl ManifestKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ManifestKind] = &[$(ManifestKind::$kind),*];
        }
    };
}

manifest_kinds![
    PackageJson,
    PackageLock,
    YarnLock,
    PnpmLock,
    BunLock,
    Gradle,
    GradleSettings,
    VersionCatalog,
    PackageSwift,
    PackageResolved,
    XcodeProject,
    Podfile,
    PodfileLock,
    CargoToml,
    CargoLock,
    CMakeLists,
    GitModules,
    Requirements,
    PyProject,
    SetupPy,
    SetupCfg,
];

impl ManifestKind {
    pub fn from_file_name(name: &str) -> Option<ManifestKind> {
        use ManifestKind::*;
        Some(match name {
            "package.json" => PackageJson,
            "package-lock.json" | "npm-shrinkwrap.json" => PackageLock,
            "yarn.lock" => YarnLock,
            "pnpm-lock.yaml" => PnpmLock,
            "bun.lock" => BunLock,
            "build.gradle" | "build.gradle.kts" => Gradle,
            "settings.gradle" | "settings.gradle.kts" => GradleSettings,
            "Package.swift" => PackageSwift,
            "Package.resolved" => PackageResolved,
            "project.pbxproj" => XcodeProject,
            "Podfile" => Podfile,
            "Podfile.lock" => PodfileLock,
            "Cargo.toml" => CargoToml,
            "Cargo.lock" => CargoLock,
            "CMakeLists.txt" => CMakeLists,
            ".gitmodules" => GitModules,
            "pyproject.toml" => PyProject,
            "setup.py" => SetupPy,
            "setup.cfg" => SetupCfg,
            _ if name.ends_with(".versions.toml") => VersionCatalog,
            _ if name.ends_with(".cmake") => CMakeLists,
            _ if name.starts_with("requirements") && name.ends_with(".txt") => Requirements,
            _ => return None,
        })
    }

    /// Line-comment leader for suppressions written into this file; `None`
    /// for JSON, which has no comments.
    pub fn line_comment(self) -> Option<&'static str> {
        use ManifestKind::*;
        match self {
            PackageJson | PackageLock | PackageResolved | BunLock => None,
            // Xcode rewrites the file and drops comments it did not write.
            XcodeProject => None,
            Gradle | GradleSettings | PackageSwift => Some("//"),
            _ => Some("#"),
        }
    }
}

pub fn extract(kind: ManifestKind, source: &str) -> Result<FileFacts, ExtractError> {
    use ManifestKind::*;
    match kind {
        PackageJson => npm::package_json(source),
        PackageLock => npm::package_lock(source),
        YarnLock => npm::yarn_lock(source),
        PnpmLock => npm::pnpm_lock(source),
        BunLock => npm::bun_lock(source),
        Gradle | GradleSettings => gradle::gradle_script(source),
        VersionCatalog => gradle::version_catalog(source),
        PackageSwift => swiftpm::package_swift(source),
        PackageResolved => swiftpm::package_resolved(source),
        XcodeProject => swiftpm::xcode_project(source),
        Podfile => cocoapods::podfile(source),
        PodfileLock => cocoapods::podfile_lock(source),
        CargoToml => cargo::cargo_toml(source),
        CargoLock => cargo::cargo_lock(source),
        CMakeLists => cmake::cmake_lists(source),
        GitModules => gitmodules::gitmodules(source),
        Requirements => python::requirements(source),
        PyProject => python::pyproject(source),
        SetupPy => python::setup_py(source),
        SetupCfg => python::setup_cfg(source),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every prefix of every corpus manifest (a truncated download, a file
    /// being written) yields facts or an error, never a panic.
    #[test]
    fn truncated_corpus_manifests_never_panic() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus/manifests");
        let mut files = 0;
        for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
            let Some(name) = entry.file_name().to_str() else { continue };
            let Some(kind) = ManifestKind::from_file_name(name) else { continue };
            let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
            files += 1;
            assert!(extract(kind, &text).is_ok(), "{} does not parse", entry.path().display());
            for (cut, _) in text.char_indices() {
                let _ = extract(kind, &text[..cut]);
            }
        }
        assert!(files >= 20, "the manifest corpus went missing ({files} files)");
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}", kind in 0..ManifestKind::ALL.len()) {
            let _ = extract(ManifestKind::ALL[kind], &text);
        }

        #[test]
        fn manifest_like_text_never_panics(
            text in "([\\[\\]{}()\"':=,#@/\\\\$<>.\n \t-]|[a-z]{1,6}|\u{e9}|\u{20ac}){0,120}",
            kind in 0..ManifestKind::ALL.len(),
        ) {
            let _ = extract(ManifestKind::ALL[kind], &text);
        }
    }
}

/// Helpers shared by the manifest readers' unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::facts::FileFacts;

    /// (name, version, source, line) of each dependency, in file order.
    pub fn deps(f: &FileFacts) -> Vec<(&str, Option<&str>, Option<&str>, usize)> {
        f.dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_deref(), d.source.as_deref(), d.span.line))
            .collect()
    }
}
