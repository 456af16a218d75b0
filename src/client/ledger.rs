//! Remembers which tokens this client has sent, so that a token — single-use at the platform — is never sent
//! twice. Only SHA-256 digests of tokens are kept, for the configured lifetime.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result, Status};
use crate::protocol::fields::redact_token;

type TokenDigest = [u8; 32];

/// The set of tokens sent within their lifetime. Safe to share between threads.
pub struct TokenLedger {
    ttl: Duration,
    sent: Mutex<Sent>,
}

struct Sent {
    until: HashMap<TokenDigest, Instant>,
    prune_at: usize,
}

const FIRST_PRUNE: usize = 1024;

/// A token reserved for one request. Dropping it without `keep` releases the token (nothing was sent).
pub struct Reservation<'a> {
    ledger: &'a TokenLedger,
    digest: TokenDigest,
    kept: bool,
}

impl TokenLedger {
    pub fn new(ttl: Duration) -> TokenLedger {
        TokenLedger { ttl, sent: Mutex::new(Sent { until: HashMap::new(), prune_at: FIRST_PRUNE }) }
    }

    fn lock(&self) -> MutexGuard<'_, Sent> {
        // The map stays consistent even if a holder panicked: every update is a single insert or remove.
        self.sent.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Reserves `token` for a request, or fails fast with `Status::TokenReused` when it was already sent (or is
    /// being sent by another thread) within its lifetime.
    pub fn reserve(&self, token: &str) -> Result<Reservation<'_>> {
        let digest: TokenDigest = Sha256::digest(token.as_bytes()).into();
        let now = Instant::now();
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
        Ok(Reservation { ledger: self, digest, kept: false })
    }
}

impl Reservation<'_> {
    /// Marks the token as sent: it stays reserved for its lifetime.
    pub fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        if !self.kept {
            self.ledger.lock().until.remove(&self.digest);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_tokens_are_refused_released_ones_are_not() {
        let ledger = TokenLedger::new(Duration::from_secs(60));
        ledger.reserve("A").unwrap().keep();
        let e = ledger.reserve("A").err().unwrap();
        assert_eq!(e.status(), Status::TokenReused);
        assert!(!e.message().contains("A was"), "{}", e.message());
        drop(ledger.reserve("B").unwrap());
        ledger.reserve("B").unwrap().keep();
        let held = ledger.reserve("C").unwrap();
        assert!(ledger.reserve("C").is_err(), "a token in flight is refused to a second caller");
        held.keep();
    }

    #[test]
    fn tokens_expire_after_the_ttl_and_old_entries_are_pruned() {
        let ledger = TokenLedger::new(Duration::from_millis(1));
        for i in 0..3000 {
            ledger.reserve(&format!("t{i}")).unwrap().keep();
        }
        std::thread::sleep(Duration::from_millis(5));
        ledger.reserve("t0").unwrap().keep();
        assert!(ledger.lock().until.len() < 3000);
    }
}
