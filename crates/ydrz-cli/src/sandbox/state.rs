//! What every connection thread shares: the app registry, tokens, counters and queued faults.

use std::sync::{Mutex, MutexGuard, PoisonError};

use serde_json::Value;

use super::apps::Registry;
use super::exposure::Exposure;
use super::faults::FaultQueue;
use super::limits::DailyCounter;
use super::stats::Stats;
use super::tokens::TokenStore;

pub struct State {
    pub apps: Registry,
    pub tokens: TokenStore,
    pub stats: Stats,
    pub faults: FaultQueue,
    pub daily: DailyCounter,
    /// The info JSON printed at start, served again by `GET /_sandbox/info`.
    pub info: Value,
    /// Whether control requests need the control key.
    pub exposure: Exposure,
}

/// Locks a mutex, carrying on after a panic in another thread (every critical section leaves the data valid).
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
