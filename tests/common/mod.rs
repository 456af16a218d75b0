//! Helpers shared by the integration tests. Each test crate uses a different subset of them.
#![allow(dead_code)]

pub mod http;
pub mod sandbox;
pub mod vectors;
