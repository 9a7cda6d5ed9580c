//! Manifest reader: cmake.

use crate::facts::FileFacts;
use crate::lang::ExtractError;

pub fn cmake_lists(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}
