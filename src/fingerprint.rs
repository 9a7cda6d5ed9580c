//! Finding fingerprints.
//!
//! - [`assign`]: the tool's own stable fingerprint, a hash of the rule id, the
//!   path, the whitespace-normalised line text and the occurrence index of that
//!   triple in the file. Moving code up or down keeps the fingerprint;
//!   renaming the file or editing the line changes it. Baselines use it.
//! - [`line_hashes`]: GitHub code scanning's `primaryLocationLineHash`,
//!   computed the way `github/codeql-action` does when it uploads SARIF, so
//!   alerts keep their identity whether or not the uploader recomputes it.

use std::collections::{BTreeSet, VecDeque};
use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use sha2::{Digest, Sha256};

use crate::report::Finding;

fn normalize(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Fills `fingerprint` of every finding of one file. `findings` must be in
/// report order ([`Finding::sort_key`], deduplicated). The occurrence count
/// is per (rule, path, line text), so a file's fingerprints depend on that
/// file's findings alone: the scan computes them on the worker that
/// analysed the file, not in one serial pass at the end.
pub fn assign(findings: &mut [Finding]) {
    let mut seen: FxHashMap<(&str, &str, String), usize> = FxHashMap::default();
    for f in findings.iter_mut() {
        let text = normalize(&f.snippet);
        let mut h = Sha256::new();
        let n = {
            let n = seen.entry((&f.rule_id, &f.path, text.clone())).or_insert(0);
            let current = *n;
            *n += 1;
            current
        };
        for part in [f.rule_id.as_bytes(), f.path.as_bytes(), text.as_bytes(), n.to_string().as_bytes()] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        let digest = h.finalize();
        let mut hex = String::with_capacity(32);
        for b in &digest[..16] {
            // Writing to a String cannot fail.
            let _ = write!(hex, "{b:02x}");
        }
        f.fingerprint = hex;
    }
}

/// Characters hashed per line: the line's own and, when it is shorter, those
/// of the lines after it.
const WINDOW: usize = 100;
const BASE: u64 = 37;
/// Appended after the last character; a UTF-16 code unit no text contains.
const END_OF_FILE: u16 = 0xFFFF;

/// GitHub's `primaryLocationLineHash` (`<hex>:<n>`) of each 1-based line in
/// `wanted`.
///
/// The hash of a line is a polynomial rolling hash (base 37, wrapping 64-bit
/// arithmetic) over the next 100 UTF-16 code units from the start of the
/// line, skipping spaces and tabs, with `\r\n` and `\r` read as `\n`; the
/// end of the file is one 0xFFFF unit followed by zeros. `n` counts how
/// often that hash value has occurred so far in the file, so identical lines
/// stay distinct. Every line of the file is hashed (the counts depend on
/// all of them); only the wanted ones are kept.
pub fn line_hashes(source: &str, wanted: &BTreeSet<usize>) -> FxHashMap<usize, String> {
    // ASCII bytes are their own UTF-16 code units, without the decoding.
    if source.is_ascii() {
        hash_units(source.bytes().map(u16::from), wanted)
    } else {
        hash_units(source.encode_utf16(), wanted)
    }
}

fn hash_units(units: impl Iterator<Item = u16>, wanted: &BTreeSet<usize>) -> FxHashMap<usize, String> {
    let mut hasher = LineHasher::new(wanted);
    let mut previous_cr = false;
    for unit in units {
        let unit = match unit {
            // Line feeds right after a carriage return belong to it.
            0x0A if previous_cr => {
                previous_cr = false;
                continue;
            }
            0x20 | 0x09 => {
                previous_cr = false;
                continue;
            }
            0x0D => {
                previous_cr = true;
                0x0A
            }
            u => {
                previous_cr = false;
                u
            }
        };
        hasher.push(unit);
        // A line's count depends only on the lines before it: once every
        // wanted line is out, the rest of the file changes nothing.
        if hasher.out.len() == wanted.len() {
            return hasher.out;
        }
    }
    hasher.push(END_OF_FILE);
    hasher.finish()
}

struct LineHasher<'a> {
    wanted: &'a BTreeSet<usize>,
    /// The last `WINDOW` units, as a ring buffer starting at `next`.
    window: [u16; WINDOW],
    next: usize,
    /// Units pushed so far.
    pushed: usize,
    /// Lines whose window is not complete yet: (index of their first unit,
    /// line), oldest first. A line's hash is ready when `WINDOW` units from
    /// its first one are in: at `pushed == first + WINDOW`, kept in
    /// `ready_at` so that each unit costs one comparison.
    pending: VecDeque<(usize, usize)>,
    ready_at: usize,
    hash: u64,
    /// `BASE^WINDOW`, to take the oldest unit out of the hash.
    oldest_weight: u64,
    line: usize,
    at_line_start: bool,
    counts: FxHashMap<u64, usize>,
    out: FxHashMap<usize, String>,
}

impl<'a> LineHasher<'a> {
    fn new(wanted: &'a BTreeSet<usize>) -> Self {
        LineHasher {
            wanted,
            window: [0; WINDOW],
            next: 0,
            pushed: 0,
            pending: VecDeque::new(),
            ready_at: usize::MAX,
            hash: 0,
            oldest_weight: (0..WINDOW).fold(1u64, |w, _| w.wrapping_mul(BASE)),
            line: 0,
            at_line_start: true,
            counts: FxHashMap::default(),
            out: FxHashMap::default(),
        }
    }

    /// When the oldest pending line's window is complete, the hash covers
    /// exactly that window: record it.
    #[inline]
    fn emit_if_ready(&mut self) {
        if self.pushed != self.ready_at {
            return;
        }
        if let Some((_, line)) = self.pending.pop_front() {
            let n = self.counts.entry(self.hash).or_insert(0);
            *n += 1;
            if self.wanted.contains(&line) {
                self.out.insert(line, format!("{:x}:{}", self.hash, n));
            }
        }
        self.ready_at = self.pending.front().map_or(usize::MAX, |&(first, _)| first + WINDOW);
    }

    #[inline]
    fn roll(&mut self, unit: u16) {
        let oldest = self.window[self.next];
        self.window[self.next] = unit;
        self.hash = self
            .hash
            .wrapping_mul(BASE)
            .wrapping_add(u64::from(unit))
            .wrapping_sub(self.oldest_weight.wrapping_mul(u64::from(oldest)));
        self.next += 1;
        if self.next == WINDOW {
            self.next = 0;
        }
        self.pushed += 1;
    }

    #[inline]
    fn push(&mut self, unit: u16) {
        self.emit_if_ready();
        if self.at_line_start {
            self.at_line_start = false;
            self.line += 1;
            if self.pending.is_empty() {
                self.ready_at = self.pushed + WINDOW;
            }
            self.pending.push_back((self.pushed, self.line));
        }
        if unit == 0x0A {
            self.at_line_start = true;
        }
        self.roll(unit);
    }

    fn finish(mut self) -> FxHashMap<usize, String> {
        for _ in 0..WINDOW {
            self.emit_if_ready();
            self.roll(0);
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(source: &str) -> Vec<String> {
        let wanted: BTreeSet<usize> = (1..=source.len() + 1).collect();
        let map = line_hashes(source, &wanted);
        (1..=map.len()).map(|l| map[&l].clone()).collect()
    }

    // Expected values are the test vectors of github/codeql-action's
    // fingerprint tests: equal output means GitHub keeps our alerts' identity.
    #[test]
    fn fingerprints_count_identical_lines_and_ignore_whitespace() {
        use crate::report::plan::tests::finding;
        use crate::rules::{Effort, Severity};
        let at = |line: usize, snippet: &str| {
            let mut f = finding("sdk/x", Severity::Warning, Effort::M, "src/a.ts", line);
            f.snippet = snippet.into();
            f
        };
        let mut findings = vec![at(1, "client.poll()"), at(7, "  client.poll( )"), at(9, "client.poll()")];
        assign(&mut findings);
        let prints: Vec<&str> = findings.iter().map(|f| f.fingerprint.as_str()).collect();
        // Pinned (SHA-256 of the length-prefixed rule, path, text and
        // occurrence, computed apart): earlier baselines must keep matching.
        assert_eq!(prints[0], "1b4b9332fb186bd8621a7f184cd262c8");
        assert_ne!(prints[0], prints[2], "the second identical line is the second occurrence");
        assert_ne!(prints[1], prints[0], "`client.poll( )` normalises to another text");
        // Moving code down keeps the fingerprints.
        let mut moved = vec![at(11, "client.poll()"), at(17, "  client.poll( )"), at(19, "client.poll()")];
        assign(&mut moved);
        assert_eq!(moved.iter().map(|f| f.fingerprint.as_str()).collect::<Vec<_>>(), prints);
    }

    #[test]
    fn empty_file_has_one_line() {
        assert_eq!(all(""), ["c129715d7a2bc9a3:1"]);
    }

    #[test]
    fn spaces_and_tabs_are_skipped() {
        assert_eq!(
            all(" a\nb\n  \t\tc\n d"),
            ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]
        );
    }

    #[test]
    fn every_line_ending_style_hashes_alike() {
        let expected = [
            "e9496ae3ebfced30:1",
            "fb7c023a8b9ccb3f:1",
            "ce8ba1a563dcdaca:1",
            "e20e36e16fcb0cc8:1",
            "b3edc88f2938467e:1",
            "c8e28b0b4002a3a0:1",
            "c129715d7a2bc9a3:1",
        ];
        for text in [
            " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
            " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
            " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
            " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
        ] {
            assert_eq!(all(text), expected, "{text:?}");
        }
    }

    #[test]
    fn repeated_lines_are_numbered() {
        let got = all(&"Lorem ipsum dolor sit amet.\n".repeat(10));
        assert_eq!(got[0], "a7f2ff13bc495cf2:1");
        assert_eq!(got[5], "a7f2ff13bc495cf2:6");
        assert_eq!(got[6], "a7f2ff1481e87703:1");
        assert_eq!(got[10], "c129715d7a2bc9a3:1");
    }

    #[test]
    fn only_wanted_lines_are_returned() {
        let wanted = BTreeSet::from([2]);
        let map = line_hashes("x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n", &wanted);
        assert_eq!(map.len(), 1);
        assert_eq!(map[&2], "bb609acbe9138d60:1");
    }

    #[test]
    fn stopping_after_the_last_wanted_line_changes_no_hash() {
        let source = "a = 1\nb = 2\na = 1\n".repeat(50) + "tail\n";
        let every = all(&source);
        for line in [1, 3, 50, 148, 151] {
            let map = line_hashes(&source, &BTreeSet::from([line]));
            assert_eq!(map[&line], every[line - 1], "line {line}");
        }
    }
}
