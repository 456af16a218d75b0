//! Token validations per second and p50/p99 latency of the one-click-login validate call against a sandbox
//! process over loopback, with keep-alive connection reuse versus a new connection per call.
//! Run: `cargo bench --bench client` (the sandbox is the `ydrz` binary built for this bench).

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::sandbox::Sandbox;
use serde_json::json;
use ydrz::client::Client;

const CALLS: usize = 2000;
const WARMUP: usize = 100;
const PHONE: &str = "13800138000";

/// Issues `n` one-click-login tokens through the sandbox's control endpoint (not timed).
fn tokens(sandbox: &Sandbox, n: usize) -> Vec<(String, String)> {
    let app_id = sandbox.info()["client_config"]["app_id"].as_str().expect("app_id").to_string();
    (0..n)
        .map(|_| {
            let issued = sandbox.issue_token(&app_id, "onekey", PHONE);
            let field = |k: &str| issued[k].as_str().expect("token answer fields").to_string();
            (field("token"), field("userInformation"))
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn run(sandbox: &Sandbox, keep_alive: bool) -> (f64, Duration, Duration) {
    let mut config = sandbox.info()["client_config"].clone();
    config["keep_alive"] = json!(keep_alive);
    let client = Client::new(&config.to_string()).expect("client");
    let all = tokens(sandbox, WARMUP + CALLS);
    for (token, ui) in &all[..WARMUP] {
        client.onekey_validate(token, ui, None).expect("warm-up validate");
    }
    let mut latencies = Vec::with_capacity(CALLS);
    let started = Instant::now();
    for (token, ui) in &all[WARMUP..] {
        let t = Instant::now();
        client.onekey_validate(token, ui, None).expect("validate");
        latencies.push(t.elapsed());
    }
    let total = started.elapsed();
    latencies.sort();
    (CALLS as f64 / total.as_secs_f64(), percentile(&latencies, 0.5), percentile(&latencies, 0.99))
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        // `cargo bench` passes --bench; `cargo test --all-targets` does not: a smoke run only.
        let sandbox = Sandbox::start();
        let config = sandbox.info()["client_config"].to_string();
        let (token, ui) = tokens(&sandbox, 1).remove(0);
        Client::new(&config).expect("client").onekey_validate(&token, &ui, None).expect("validate");
        println!("client bench smoke run: ok");
        return;
    }
    let sandbox = Sandbox::start();
    let mut results = Vec::new();
    // Interleave the two modes so that machine noise hits both alike.
    for round in 0..3 {
        for keep_alive in [true, false] {
            let (rate, p50, p99) = run(&sandbox, keep_alive);
            let mode = if keep_alive { "keep-alive" } else { "new connection" };
            println!("round {round} {mode:>15}: {rate:8.0} validations/s  p50 {p50:>9.1?}  p99 {p99:>9.1?}");
            results.push((keep_alive, rate, p50));
        }
    }
    let median = |keep_alive: bool, pick: fn(&(bool, f64, Duration)) -> f64| {
        let mut values: Vec<f64> = results.iter().filter(|r| r.0 == keep_alive).map(pick).collect();
        values.sort_by(|a, b| a.total_cmp(b));
        values[values.len() / 2]
    };
    let rate = |r: &(bool, f64, Duration)| r.1;
    let p50 = |r: &(bool, f64, Duration)| r.2.as_secs_f64() * 1e6;
    let (ka, nc) = (median(true, rate), median(false, rate));
    println!("median throughput: keep-alive {ka:.0}/s, new connection {nc:.0}/s, ratio {:.2}x", ka / nc);
    let (ka, nc) = (median(true, p50), median(false, p50));
    println!("median p50: keep-alive {ka:.0} µs, new connection {nc:.0} µs, ratio {:.2}x", nc / ka);
}
