//! Manifest reader: npm.

use crate::facts::FileFacts;
use crate::lang::ExtractError;

pub fn package_json(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}

pub fn package_lock(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}

pub fn yarn_lock(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}

pub fn pnpm_lock(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}
