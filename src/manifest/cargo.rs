//! Manifest reader: cargo.

use crate::facts::FileFacts;
use crate::lang::ExtractError;

pub fn cargo_toml(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}

pub fn cargo_lock(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}
