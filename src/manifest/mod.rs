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
pub mod npm;
pub mod python;
pub mod swiftpm;

use crate::facts::FileFacts;
use crate::lang::ExtractError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ManifestKind {
    PackageJson,
    PackageLock,
    YarnLock,
    PnpmLock,
    Gradle,
    GradleSettings,
    VersionCatalog,
    PackageSwift,
    PackageResolved,
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
}

impl ManifestKind {
    pub fn from_file_name(name: &str) -> Option<ManifestKind> {
        use ManifestKind::*;
        Some(match name {
            "package.json" => PackageJson,
            "package-lock.json" | "npm-shrinkwrap.json" => PackageLock,
            "yarn.lock" => YarnLock,
            "pnpm-lock.yaml" => PnpmLock,
            "build.gradle" | "build.gradle.kts" => Gradle,
            "settings.gradle" | "settings.gradle.kts" => GradleSettings,
            "Package.swift" => PackageSwift,
            "Package.resolved" => PackageResolved,
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
            PackageJson | PackageLock | PackageResolved => None,
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
        Gradle | GradleSettings => gradle::gradle_script(source),
        VersionCatalog => gradle::version_catalog(source),
        PackageSwift => swiftpm::package_swift(source),
        PackageResolved => swiftpm::package_resolved(source),
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
