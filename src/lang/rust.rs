//! Fact extraction for Rust (syn).

use super::ExtractError;
use crate::facts::FileFacts;

pub fn extract(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}
