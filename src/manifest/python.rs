//! Manifest reader: python.

use crate::facts::FileFacts;
use crate::lang::ExtractError;

pub fn requirements(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}

pub fn pyproject(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}

pub fn setup_py(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}

pub fn setup_cfg(_source: &str) -> Result<FileFacts, ExtractError> {
    Ok(FileFacts::default())
}
