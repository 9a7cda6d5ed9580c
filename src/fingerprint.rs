//! Stable finding fingerprints: a hash of the rule id, the path, the
//! whitespace-normalised line text and the occurrence index of that triple
//! in the file. Moving code up or down keeps the fingerprint; renaming the
//! file or editing the line changes it.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::report::Finding;

fn normalize(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Fills `fingerprint` of every finding. `findings` must be in report order.
pub fn assign(findings: &mut [Finding]) {
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    for f in findings.iter_mut() {
        let text = normalize(&f.snippet);
        let key = (f.rule_id.clone(), f.path.clone(), text.clone());
        let n = seen.entry(key).or_insert(0);
        let mut h = Sha256::new();
        for part in [f.rule_id.as_bytes(), f.path.as_bytes(), text.as_bytes(), n.to_string().as_bytes()] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        *n += 1;
        let digest = h.finalize();
        f.fingerprint = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    }
}
