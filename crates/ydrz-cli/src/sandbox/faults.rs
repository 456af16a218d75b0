//! Faults queued by tests: each applies to one of the next requests to the platform interfaces, in order.
//!
//! `delay` and `slow_body` let the request be processed (its token is used); `http_status`, `malformed_json`
//! and `reset` stand for a failure in front of the platform, so the request is not processed.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{Map, Value};

use super::state::lock;

/// Most faults one call may queue, and most queued at once.
const MAX_QUEUED: usize = 10_000;
/// Longest delay a fault may take.
const MAX_DELAY: Duration = Duration::from_secs(60);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Wait, then answer normally.
    Delay(Duration),
    /// Answer this HTTP status with a short HTML page.
    HttpStatus(u16),
    /// Answer 200 with a truncated JSON body.
    MalformedJson,
    /// Read the request, then reset the connection without answering.
    Reset,
    /// Send the head of the real answer at once and its body spread over this time.
    SlowBody(Duration),
}

impl Fault {
    pub fn name(self) -> &'static str {
        match self {
            Fault::Delay(_) => "delay",
            Fault::HttpStatus(_) => "http_status",
            Fault::MalformedJson => "malformed_json",
            Fault::Reset => "reset",
            Fault::SlowBody(_) => "slow_body",
        }
    }

    /// Parses `{"kind", "count"?, "delay_ms"?, "status"?}` into the fault and how many times to queue it.
    pub fn from_json(request: &Map<String, Value>) -> Result<(Fault, usize), String> {
        for key in request.keys() {
            if !["kind", "count", "delay_ms", "status"].contains(&key.as_str()) {
                return Err(format!("unknown field \"{key}\"; use kind, count, delay_ms, status"));
            }
        }
        let number = |name: &str, default: u64, max: u64| -> Result<u64, String> {
            match request.get(name) {
                None => Ok(default),
                Some(v) => v
                    .as_u64()
                    .filter(|n| *n <= max)
                    .ok_or_else(|| format!("{name} must be a whole number from 0 to {max}")),
            }
        };
        let delay = Duration::from_millis(number("delay_ms", 0, MAX_DELAY.as_millis() as u64)?);
        let fault = match request.get("kind").and_then(Value::as_str).unwrap_or_default() {
            "delay" => Fault::Delay(delay),
            "http_status" => match number("status", 503, 599)? {
                status @ 100..=599 => Fault::HttpStatus(status as u16),
                _ => return Err("status must be an HTTP status from 100 to 599".into()),
            },
            "malformed_json" => Fault::MalformedJson,
            "reset" => Fault::Reset,
            "slow_body" => Fault::SlowBody(delay),
            other => {
                return Err(format!(
                    "unknown fault kind \"{other}\"; use delay, http_status, malformed_json, reset or slow_body"
                ))
            }
        };
        let count = number("count", 1, MAX_QUEUED as u64)? as usize;
        Ok((fault, count))
    }
}

/// The queue of faults for the next interface requests.
#[derive(Default)]
pub struct FaultQueue {
    queue: Mutex<VecDeque<Fault>>,
}

impl FaultQueue {
    /// Appends `count` copies of `fault`; an error when the queue would exceed its bound.
    pub fn push(&self, fault: Fault, count: usize) -> Result<(), String> {
        let mut queue = lock(&self.queue);
        if queue.len() + count > MAX_QUEUED {
            return Err(format!("at most {MAX_QUEUED} faults may be queued"));
        }
        queue.extend(std::iter::repeat_n(fault, count));
        Ok(())
    }

    /// The fault for the request being handled now, if any.
    pub fn next(&self) -> Option<Fault> {
        lock(&self.queue).pop_front()
    }

    pub fn clear(&self) {
        lock(&self.queue).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(value: Value) -> Result<(Fault, usize), String> {
        Fault::from_json(value.as_object().unwrap())
    }

    #[test]
    fn parses_every_kind_with_defaults() {
        assert_eq!(parse(json!({"kind":"http_status"})), Ok((Fault::HttpStatus(503), 1)));
        assert_eq!(parse(json!({"kind":"http_status","status":502,"count":3})), Ok((Fault::HttpStatus(502), 3)));
        assert_eq!(parse(json!({"kind":"delay","delay_ms":250})), Ok((Fault::Delay(Duration::from_millis(250)), 1)));
        assert_eq!(
            parse(json!({"kind":"slow_body","delay_ms":10})),
            Ok((Fault::SlowBody(Duration::from_millis(10)), 1))
        );
        assert_eq!(parse(json!({"kind":"reset"})), Ok((Fault::Reset, 1)));
        assert_eq!(parse(json!({"kind":"malformed_json"})), Ok((Fault::MalformedJson, 1)));
        assert!(parse(json!({"kind":"nope"})).is_err());
        assert!(parse(json!({"kind":"http_status","status":99})).is_err());
        assert!(parse(json!({"kind":"delay","delay_ms":-1})).is_err());
        assert!(parse(json!({"kind":"delay","delay":1})).is_err());
    }

    #[test]
    fn queue_is_ordered_and_bounded() {
        let queue = FaultQueue::default();
        queue.push(Fault::Reset, 2).unwrap();
        queue.push(Fault::MalformedJson, 1).unwrap();
        assert!(queue.push(Fault::Reset, MAX_QUEUED).is_err());
        assert_eq!(queue.next(), Some(Fault::Reset));
        assert_eq!(queue.next(), Some(Fault::Reset));
        assert_eq!(queue.next(), Some(Fault::MalformedJson));
        assert_eq!(queue.next(), None);
        queue.push(Fault::Reset, 1).unwrap();
        queue.clear();
        assert_eq!(queue.next(), None);
    }
}
