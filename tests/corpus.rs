//! The annotated corpus is the heart of the suite: every file under
//! test-corpus/ states which findings it must produce, and this test fails
//! on any missing or unexpected finding, naming file, line and rule.

use std::path::Path;

use session_impact::corpus;
use session_impact::RuleSet;

#[test]
fn corpus_findings_match_annotations() {
    let rules = RuleSet::load(true, &[]).expect("shipped rules load");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus");
    let (report, mismatches) = corpus::check(&dir, &rules).expect("corpus scans");
    assert!(report.summary.files_scanned > 0, "the corpus is empty");
    if !mismatches.is_empty() {
        let list: Vec<String> = mismatches.iter().map(|m| format!("  {m}")).collect();
        panic!("{} corpus mismatch(es):\n{}", mismatches.len(), list.join("\n"));
    }
}
