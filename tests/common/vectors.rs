//! tests/data/vectors.json: the fixed inputs, keys and expected outputs computed with OpenSSL and Python.

use serde_json::Value;

/// The whole vectors file.
pub fn vectors() -> Value {
    serde_json::from_str(include_str!("../data/vectors.json")).expect("vectors.json parses")
}

/// The string field `key` of a vector (or of a key or the fixed inputs); panics naming it when it is not one.
pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("vector field {key} is a string"))
}
