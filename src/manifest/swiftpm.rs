//! Manifest reader: swiftpm.

use crate::facts::FileFacts;
use crate::lang::ExtractError;

pub fn package_swift(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}

pub fn package_resolved(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}
