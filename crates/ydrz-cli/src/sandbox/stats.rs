//! Request counts per token, so tests can prove that a client never sends one token twice.

use std::collections::HashMap;
use std::sync::Mutex;

use super::state::lock;

/// Longest token counted per token; longer strings cannot be issued tokens and count only in the total.
const MAX_TOKEN_LEN: usize = 256;
/// Most distinct tokens counted (hostile clients could send endless random ones).
const MAX_TOKENS: usize = 100_000;

#[derive(Default)]
struct Counts {
    per_token: HashMap<String, u64>,
    total: u64,
}

/// Interface requests seen: in total, and per token named in the request body.
#[derive(Default)]
pub struct Stats {
    counts: Mutex<Counts>,
}

impl Stats {
    /// Counts one interface request, and its token if its body named one.
    pub fn record(&self, token: Option<&str>) {
        let mut counts = lock(&self.counts);
        counts.total += 1;
        if let Some(token) = token.filter(|t| t.len() <= MAX_TOKEN_LEN) {
            if let Some(n) = counts.per_token.get_mut(token) {
                *n += 1;
            } else if counts.per_token.len() < MAX_TOKENS {
                counts.per_token.insert(token.to_string(), 1);
            }
        }
    }

    /// (requests that named `token`, all interface requests).
    pub fn get(&self, token: &str) -> (u64, u64) {
        let counts = lock(&self.counts);
        (counts.per_token.get(token).copied().unwrap_or(0), counts.total)
    }

    pub fn clear(&self) {
        *lock(&self.counts) = Counts::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_token_and_in_total() {
        let stats = Stats::default();
        stats.record(Some("T1"));
        stats.record(Some("T1"));
        stats.record(None);
        stats.record(Some(&"x".repeat(MAX_TOKEN_LEN + 1)));
        assert_eq!(stats.get("T1"), (2, 4));
        assert_eq!(stats.get("T2"), (0, 4));
        stats.clear();
        assert_eq!(stats.get("T1"), (0, 0));
    }
}
