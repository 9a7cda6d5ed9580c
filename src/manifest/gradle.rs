//! Manifest reader: gradle.

use crate::facts::FileFacts;
use crate::lang::ExtractError;

pub fn gradle_script(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}

pub fn version_catalog(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}
