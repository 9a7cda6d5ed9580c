//! Which of the walked files a scan processes: one shard of a stable
//! partition (`--shard K/N`) and/or the files changed since a git revision
//! (`--changed-since REV`). Both filters apply after the walk, so excludes
//! and `.gitignore` still hold.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use std::sync::Arc;

use miette::Diagnostic;

/// The `K`-th (1-based) of `N` partitions of the file list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

/// 64-bit FNV-1a: fixed and platform-independent, unlike `RandomState`, so
/// every machine of a CI matrix puts a file in the same shard.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl Shard {
    /// Whether the file at `rel` (the report path) belongs to this shard.
    pub fn contains(&self, rel: &str) -> bool {
        fnv1a(rel.as_bytes()) % u64::from(self.count) == u64::from(self.index - 1)
    }
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let usage = || format!("`{s}` is not K/N with 1 <= K <= N (e.g. 2/4)");
        let (k, n) = s.split_once('/').ok_or_else(usage)?;
        let index: u32 = k.trim().parse().map_err(|_| usage())?;
        let count: u32 = n.trim().parse().map_err(|_| usage())?;
        if index == 0 || count == 0 || index > count {
            return Err(usage());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Why the changed files could not be listed.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum ChangedError {
    #[error("--changed-since needs git, which could not be run: {0}")]
    #[diagnostic(code(session_impact::changed::git), help("install git, or scan without --changed-since"))]
    GitMissing(String),
    #[error("--changed-since needs a git work tree, and {path} is not inside one")]
    #[diagnostic(
        code(session_impact::changed::not_a_repository),
        help("run it in a clone of the repository, or scan without --changed-since")
    )]
    NotARepository { path: PathBuf },
    #[error("--changed-since: unknown git revision `{rev}`")]
    #[diagnostic(
        code(session_impact::changed::revision),
        help("give a commit, branch or tag that exists locally, e.g. origin/main (in CI, fetch it first: a shallow clone may not have it)")
    )]
    UnknownRevision { rev: String },
    #[error("--changed-since: `git {command}` failed: {message}")]
    #[diagnostic(code(session_impact::changed::git))]
    Git { command: String, message: String },
}

/// Files changed in the work tree since a revision, plus untracked files
/// that are not ignored, as canonical absolute paths.
#[derive(Debug, Clone, Default)]
pub struct ChangedFiles {
    files: HashSet<PathBuf>,
}

fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, ChangedError> {
    Command::new("git").arg("-C").arg(dir).args(args).output().map_err(|e| ChangedError::GitMissing(e.to_string()))
}

fn git_ok(dir: &Path, args: &[&str]) -> Result<Vec<u8>, ChangedError> {
    let out = git(dir, args)?;
    if !out.status.success() {
        return Err(ChangedError::Git {
            command: args.join(" "),
            message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(out.stdout)
}

impl ChangedFiles {
    /// Lists the files changed since `rev` in the repositories holding `roots`.
    pub fn since(roots: &[PathBuf], rev: &str) -> Result<ChangedFiles, ChangedError> {
        // Never let a revision be read as an option of `git diff`.
        if rev.is_empty() || rev.starts_with('-') {
            return Err(ChangedError::UnknownRevision { rev: rev.to_string() });
        }
        let mut files = HashSet::new();
        let mut tops = HashSet::new();
        for root in roots {
            let dir = if root.is_dir() {
                root.as_path()
            } else {
                root.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
            };
            let out = git(dir, &["rev-parse", "--show-toplevel"])?;
            if !out.status.success() {
                return Err(ChangedError::NotARepository { path: root.clone() });
            }
            let top = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim_end_matches(['\n', '\r']));
            let top = top.canonicalize().unwrap_or(top);
            if !tops.insert(top.clone()) {
                continue;
            }
            let verify =
                git(&top, &["rev-parse", "--verify", "--quiet", "--end-of-options", &format!("{rev}^{{commit}}")])?;
            if !verify.status.success() {
                return Err(ChangedError::UnknownRevision { rev: rev.to_string() });
            }
            let diff = git_ok(&top, &["-c", "diff.relative=false", "diff", "--name-only", "-z", rev, "--"])?;
            let untracked = git_ok(&top, &["ls-files", "--others", "--exclude-standard", "-z"])?;
            for name in diff.split(|&b| b == 0).chain(untracked.split(|&b| b == 0)) {
                if !name.is_empty() {
                    files.insert(top.join(String::from_utf8_lossy(name).as_ref()));
                }
            }
        }
        Ok(ChangedFiles { files })
    }

    /// Whether `path` (canonical, absolute) is one of the changed files.
    pub fn contains(&self, path: &Path) -> bool {
        self.files.contains(path)
    }
}

/// The filters of one scan; the default selects every file.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub shard: Option<Shard>,
    pub changed: Option<Arc<ChangedFiles>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_refuse_nonsense() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
        for bad in ["0/4", "5/4", "1/0", "x/2", "3", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_partition_every_path_exactly_once() {
        let shards: Vec<Shard> = (1..=3).map(|k| Shard { index: k, count: 3 }).collect();
        let mut sizes = [0usize; 3];
        for i in 0..300 {
            let path = format!("src/dir{}/file{i}.ts", i % 7);
            let owners: Vec<usize> = (0..3).filter(|&s| shards[s].contains(&path)).collect();
            assert_eq!(owners.len(), 1, "{path}");
            sizes[owners[0]] += 1;
        }
        // Hashing spreads the files: no shard is nearly empty.
        assert!(sizes.iter().all(|&n| n > 60), "{sizes:?}");
    }

    #[test]
    fn the_partition_is_fixed() {
        // The hash must never change between versions or machines:
        // shards of one CI run may be scanned by different builds.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
