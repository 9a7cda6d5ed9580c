//! Manifest reader: gitmodules.

use crate::facts::FileFacts;
use crate::lang::ExtractError;

pub fn gitmodules(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}
