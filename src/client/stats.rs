//! What the client's calls cost and how they ended: per interface, counts by outcome and a latency histogram
//! with fixed buckets. Kept for the client's whole life (across `reconfigure`), always on: one short lock per
//! call, no allocation once an interface has seen its platform codes.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

use crate::error::{Error, Status};

/// The platform interfaces, in the order of the stats JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interface {
    Onekey = 0,
    NumberVerify = 1,
    AppLogin = 2,
    AppNumber = 3,
}

impl Interface {
    pub const ALL: [Interface; 4] =
        [Interface::Onekey, Interface::NumberVerify, Interface::AppLogin, Interface::AppNumber];

    /// The interface's name in the stats JSON (the sandbox's product names).
    fn name(self) -> &'static str {
        match self {
            Interface::Onekey => "onekey",
            Interface::NumberVerify => "number_verify",
            Interface::AppLogin => "app_login",
            Interface::AppNumber => "app_number",
        }
    }
}

/// Upper bounds (inclusive, milliseconds) of the latency buckets; one more bucket counts everything slower.
pub const LATENCY_BUCKETS_MS: [u64; 12] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

/// How one call ended.
pub enum Outcome<'a> {
    Success,
    Failed(&'a Error),
}

#[derive(Default)]
struct Counts {
    success: u64,
    platform: BTreeMap<String, u64>,
    network: u64,
    timeout: u64,
    protocol: u64,
    http: u64,
    token_reused: u64,
    other: u64,
    latency: [u64; LATENCY_BUCKETS_MS.len() + 1],
}

/// The stats of one client. Safe to share between threads.
#[derive(Default)]
pub struct Stats {
    interfaces: [Mutex<Counts>; 4],
}

impl Stats {
    fn lock(&self, interface: Interface) -> MutexGuard<'_, Counts> {
        // Counters stay meaningful if a holder panicked: each update is a few increments.
        self.interfaces[interface as usize].lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts one call of `interface`: its outcome, and its latency when it reached the transport (`None` for
    /// a call refused before anything was sent, such as a reused token).
    pub fn record(&self, interface: Interface, outcome: Outcome<'_>, latency: Option<Duration>) {
        let mut counts = self.lock(interface);
        match outcome {
            Outcome::Success => counts.success += 1,
            Outcome::Failed(e) => match (e.status(), e.platform_code()) {
                (Status::Platform, Some(code)) => match counts.platform.get_mut(code) {
                    Some(n) => *n += 1,
                    None => {
                        counts.platform.insert(code.to_string(), 1);
                    }
                },
                (Status::Network, _) => counts.network += 1,
                (Status::Timeout, _) => counts.timeout += 1,
                (Status::Protocol, _) => counts.protocol += 1,
                (Status::Http, _) => counts.http += 1,
                (Status::TokenReused, _) => counts.token_reused += 1,
                _ => counts.other += 1,
            },
        }
        if let Some(latency) = latency {
            let ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
            let bucket = LATENCY_BUCKETS_MS.iter().position(|&le| ms <= le).unwrap_or(LATENCY_BUCKETS_MS.len());
            counts.latency[bucket] += 1;
        }
    }

    /// `{"<interface>": {"calls", "success", "platform": {"<code>": n}, "network", "timeout", "protocol", "http",
    /// "token_reused", "other", "latency_ms": {"le": [...], "counts": [...]}}}` for every interface: `calls` is
    /// the sum of the outcomes; `counts` has one entry per bound of `le` and a last one for slower calls, and
    /// sums to the calls that reached the transport (all but `token_reused`).
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        for interface in Interface::ALL {
            let c = self.lock(interface);
            let platform: u64 = c.platform.values().sum();
            let calls = c.success + platform + c.network + c.timeout + c.protocol + c.http + c.token_reused + c.other;
            out.insert(
                interface.name().to_string(),
                json!({
                    "calls": calls,
                    "success": c.success,
                    "platform": c.platform,
                    "network": c.network,
                    "timeout": c.timeout,
                    "protocol": c.protocol,
                    "http": c.http,
                    "token_reused": c.token_reused,
                    "other": c.other,
                    "latency_ms": {"le": LATENCY_BUCKETS_MS, "counts": c.latency},
                }),
            );
        }
        Value::Object(out)
    }
}

/// One call being measured: its interface and when it began, recorded into its client's stats when it ends.
pub struct Meter {
    stats: Arc<Stats>,
    interface: Interface,
    began: Instant,
}

impl Meter {
    pub fn start(stats: &Arc<Stats>, interface: Interface) -> Meter {
        Meter { stats: Arc::clone(stats), interface, began: Instant::now() }
    }

    /// Time since the call began.
    pub fn elapsed(&self) -> Duration {
        self.began.elapsed()
    }

    /// Records how the call ended, with its latency from begin to now.
    pub fn record<T>(&self, result: &crate::error::Result<T>) {
        let outcome = match result {
            Ok(_) => Outcome::Success,
            Err(e) => Outcome::Failed(e),
        };
        self.stats.record(self.interface, outcome, Some(self.elapsed()));
    }

    /// Records a call that ended with `e` and no answer.
    pub fn failed(&self, e: &Error) {
        self.stats.record(self.interface, Outcome::Failed(e), Some(self.elapsed()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_and_latencies_add_up() {
        let stats = Stats::default();
        let ms = Duration::from_millis;
        stats.record(Interface::Onekey, Outcome::Success, Some(ms(0)));
        stats.record(Interface::Onekey, Outcome::Success, Some(ms(7)));
        stats.record(Interface::Onekey, Outcome::Failed(&Error::platform("103101", "x")), Some(ms(5000)));
        stats.record(Interface::Onekey, Outcome::Failed(&Error::platform("103101", "x")), Some(ms(5001)));
        stats.record(Interface::Onekey, Outcome::Failed(&Error::new(Status::TokenReused, "x")), None);
        stats.record(Interface::AppNumber, Outcome::Failed(&Error::new(Status::Timeout, "x")), Some(ms(10)));
        let json = stats.to_json();
        let onekey = &json["onekey"];
        assert_eq!(onekey["calls"], 5);
        assert_eq!(onekey["success"], 2);
        assert_eq!(onekey["platform"], json!({"103101": 2}));
        assert_eq!(onekey["token_reused"], 1);
        assert_eq!(onekey["latency_ms"]["counts"], json!([1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1]));
        assert_eq!(json["app_number"]["timeout"], 1);
        assert_eq!(json["app_number"]["latency_ms"]["counts"][3], 1);
        assert_eq!(json["number_verify"]["calls"], 0);
        assert_eq!(json["app_login"]["latency_ms"]["le"].as_array().unwrap().len(), LATENCY_BUCKETS_MS.len());
    }
}
