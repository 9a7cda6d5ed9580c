//! Manifest reader: cocoapods.

use crate::facts::FileFacts;
use crate::lang::ExtractError;

pub fn podfile(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}

pub fn podfile_lock(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}
