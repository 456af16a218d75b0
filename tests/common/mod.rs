//! Helpers shared by the integration tests. Each test crate uses a different subset of them.
#![allow(dead_code)]

pub mod sandbox;
