//! Helpers shared by the CLI's integration tests: the sandbox process, plus the raw-HTTP and vector helpers of
//! the library's own tests (`tests/common/` at the workspace root). Each test crate uses a different subset.
#![allow(dead_code)]

#[path = "../../../../tests/common/http.rs"]
pub mod http;
pub mod sandbox;
#[path = "../../../../tests/common/vectors.rs"]
pub mod vectors;
