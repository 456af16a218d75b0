//! The platform's wire protocol: field rules, strings to sign, identifiers and timestamps, response reading.
//! Pure functions only; the HTTP client is in `crate::client` and the sandbox server in the `ydrz` binary.

pub mod app_signs;
pub mod field_names;
pub mod fields;
pub mod ids;
pub mod interfaces;
pub mod masking;
pub mod recipe;
pub mod response;
pub mod strings;
