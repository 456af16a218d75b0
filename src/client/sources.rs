//! Where a request's timestamp and its traceId / msgId come from. The system's by default; a test passes its
//! own, so that a request is built without the wall clock and checked byte for byte.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::protocol::ids::new_id;

/// The wall clock a request's timestamp is read from.
pub trait WallClock: Send + Sync {
    /// Milliseconds since the Unix epoch.
    fn unix_millis(&self) -> i64;
}

/// The source of the 32-character lower-case hex ids a request carries as traceId / msgId.
pub trait IdSource: Send + Sync {
    fn new_id(&self) -> String;
}

/// The system clock.
pub struct SystemClock;

impl WallClock for SystemClock {
    fn unix_millis(&self) -> i64 {
        SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis() as i64
    }
}

/// Random ids from the thread's CSPRNG.
pub struct RandomIds;

impl IdSource for RandomIds {
    fn new_id(&self) -> String {
        new_id()
    }
}

/// The clock and the id source of one `begin`.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    pub clock: &'a dyn WallClock,
    pub ids: &'a dyn IdSource,
}

impl Sources<'static> {
    /// The system clock and random ids: what the blocking calls and the C ABI use.
    pub const SYSTEM: Sources<'static> = Sources { clock: &SystemClock, ids: &RandomIds };
}

impl Default for Sources<'static> {
    fn default() -> Self {
        Sources::SYSTEM
    }
}
