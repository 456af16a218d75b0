//! Helpers shared by the integration tests. Each test crate uses a different subset of them; the tests that need
//! the sandbox process live in the CLI's package (`crates/ydrz-cli/tests/`), which reuses these two modules.
#![allow(dead_code)]

pub mod http;
pub mod vectors;
