//! Remembers which tokens this client has sent, so that a token — single-use at the platform — is never sent
//! twice. Only SHA-256 digests of tokens are kept, for the configured lifetime.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result, Status};
use crate::protocol::fields::redact_token;

type TokenDigest = [u8; 32];

/// Where the ledger reads the time: the monotonic clock, or a clock a test moves by hand.
pub trait Clock: Send + Sync {
    fn now(&self) -> Instant;
}

/// `Instant::now()`.
struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// The set of tokens sent within their lifetime. Safe to share between threads.
pub struct TokenLedger {
    ttl: Duration,
    clock: Box<dyn Clock>,
    sent: Mutex<Sent>,
}

struct Sent {
    until: HashMap<TokenDigest, Instant>,
    prune_at: usize,
}

const FIRST_PRUNE: usize = 1024;

/// A token reserved for one request. It stays reserved for its lifetime unless [`Reservation::release`] is
/// called (nothing was sent): dropping a reservation keeps the token, because the request may have left.
pub struct Reservation {
    ledger: Arc<TokenLedger>,
    digest: TokenDigest,
}

impl TokenLedger {
    pub fn new(ttl: Duration) -> TokenLedger {
        TokenLedger::with_clock(ttl, Box::new(SystemClock))
    }

    /// A ledger that reads the time from `clock`.
    pub fn with_clock(ttl: Duration, clock: Box<dyn Clock>) -> TokenLedger {
        TokenLedger { ttl, clock, sent: Mutex::new(Sent { until: HashMap::new(), prune_at: FIRST_PRUNE }) }
    }

    fn lock(&self) -> MutexGuard<'_, Sent> {
        // The map stays consistent even if a holder panicked: every update is a single insert or remove.
        self.sent.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Reserves `token` for a request, or fails fast with `Status::TokenReused` when it was already sent (or is
    /// being sent by another thread) within its lifetime.
    pub fn reserve(self: &Arc<Self>, token: &str) -> Result<Reservation> {
        let digest: TokenDigest = Sha256::digest(token.as_bytes()).into();
        let now = self.clock.now();
        let mut sent = self.lock();
        if sent.until.len() >= sent.prune_at {
            sent.until.retain(|_, until| *until > now);
            sent.prune_at = (sent.until.len() * 2).max(FIRST_PRUNE);
        }
        if sent.until.get(&digest).is_some_and(|until| *until > now) {
            return Err(Error::new(
                Status::TokenReused,
                format!(
                    "token {} was already sent to the platform by this client; tokens are single-use, so it is not \
                     sent again (get a new token from the mini-program)",
                    redact_token(token)
                ),
            ));
        }
        sent.until.insert(digest, now + self.ttl);
        Ok(Reservation { ledger: Arc::clone(self), digest })
    }
}

impl Reservation {
    /// Releases the token: nothing was sent, so it may be sent again.
    pub fn release(self) {
        self.ledger.lock().until.remove(&self.digest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_tokens_are_refused_released_ones_are_not() {
        let ledger = Arc::new(TokenLedger::new(Duration::from_secs(60)));
        drop(ledger.reserve("A").unwrap());
        let e = ledger.reserve("A").err().unwrap();
        assert_eq!(e.status(), Status::TokenReused);
        assert!(!e.message().contains("A was"), "{}", e.message());
        ledger.reserve("B").unwrap().release();
        drop(ledger.reserve("B").unwrap());
        assert!(ledger.reserve("B").is_err(), "a dropped reservation keeps the token");
        let held = ledger.reserve("C").unwrap();
        assert!(ledger.reserve("C").is_err(), "a token in flight is refused to a second caller");
        drop(held);
    }

    /// A clock the test moves by hand.
    #[derive(Clone)]
    struct ManualClock(std::sync::Arc<Mutex<Instant>>);

    impl ManualClock {
        fn advance(&self, by: Duration) {
            *self.0.lock().unwrap() += by;
        }
    }

    impl Clock for ManualClock {
        fn now(&self) -> Instant {
            *self.0.lock().unwrap()
        }
    }

    #[test]
    fn tokens_expire_after_the_ttl_and_old_entries_are_pruned() {
        let clock = ManualClock(std::sync::Arc::new(Mutex::new(Instant::now())));
        let ledger = Arc::new(TokenLedger::with_clock(Duration::from_secs(120), Box::new(clock.clone())));
        drop(ledger.reserve("a").unwrap());
        clock.advance(Duration::from_secs(119));
        assert_eq!(ledger.reserve("a").err().map(|e| e.status()), Some(Status::TokenReused), "within the ttl");
        clock.advance(Duration::from_secs(1));
        drop(ledger.reserve("a").unwrap());
        for i in 0..4095 {
            drop(ledger.reserve(&format!("t{i}")).unwrap());
        }
        assert_eq!(ledger.lock().until.len(), 4096, "nothing expired yet, nothing pruned");
        clock.advance(Duration::from_secs(120));
        drop(ledger.reserve("t0").unwrap());
        assert_eq!(ledger.lock().until.len(), 1, "the expired entries were pruned; only the new t0 is left");
    }
}
