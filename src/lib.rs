//! ydrz — a server-side library for China Mobile's authentication platform (移动认证, cmpassport).
//!
//! Layout:
//! - [`codec`], [`keys`], [`signature`], [`cipher`]: byte-exact crypto (hex/Base64, key loading, RSA
//!   signatures, RSA/AES encryption) matching the platform's Java tooling; RSA runs on AWS-LC through the
//!   one module that wraps its C API (`awslc`).
//! - [`protocol`]: field rules, strings to sign, ids and timestamps, tolerant response reading.
//! - [`catalog`]: the platform's return codes.
//! - [`client`]: the HTTP client for the platform's token-verification interfaces.
//! - [`ffi`]: the C ABI over all of the above (`include/ydrz.h`).
//!
//! Start with [`client::ClientBuilder`] (or [`client::Client::new`] with the JSON configuration of the C ABI).

#![deny(unsafe_op_in_unsafe_fn)]

mod awslc;
pub mod catalog;
pub mod cipher;
pub mod client;

pub mod codec;
pub mod error;
pub mod ffi;
pub mod keys;
pub mod protocol;
pub mod signature;

pub use error::{Error, Result, Status};

/// The Rust example of README.md, compiled and run as a doctest (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
