//! The platform's per-app limits: the server IP allowlist and the daily number-verification quota.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use serde_json::Value;
use ydrz::protocol::ids::timestamp_now;

use super::state::lock;

/// One allowlist entry.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Rule {
    /// `a.b.c.d/n` or `v6::/n`: the network number (as a u128 in its family) and the prefix length.
    Cidr { v6: bool, network: u128, prefix: u32 },
    /// `a.b.c.d-a.b.c.e` (or a single address, first = last).
    Range { v6: bool, first: u128, last: u128 },
}

/// An IP allowlist as configured on the console: IPs, CIDR blocks and `first-last` ranges, IPv4 or IPv6.
/// An empty list allows every address. IPv4-mapped IPv6 peers (`::ffff:a.b.c.d`) are matched as IPv4.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Allowlist {
    texts: Vec<String>,
    rules: Vec<Rule>,
}

fn number(ip: IpAddr) -> (bool, u128) {
    match ip.to_canonical() {
        IpAddr::V4(v4) => (false, u128::from(u32::from(v4))),
        IpAddr::V6(v6) => (true, u128::from(v6)),
    }
}

fn parse_ip(text: &str) -> Result<IpAddr, String> {
    text.trim().parse().map_err(|_| format!("\"{text}\" is not an IP address"))
}

fn parse_rule(text: &str) -> Result<Rule, String> {
    if let Some((ip, prefix)) = text.split_once('/') {
        let (v6, value) = number(parse_ip(ip)?);
        let width = if v6 { 128 } else { 32 };
        let prefix: u32 = prefix
            .trim()
            .parse()
            .ok()
            .filter(|p| *p <= width)
            .ok_or_else(|| format!("\"{text}\": the prefix length must be a number from 0 to {width}"))?;
        let host_bits = width - prefix;
        let network = if host_bits >= 128 { 0 } else { value >> host_bits << host_bits };
        return Ok(Rule::Cidr { v6, network, prefix });
    }
    let (first, last) = match text.split_once('-') {
        Some((a, b)) => (number(parse_ip(a)?), number(parse_ip(b)?)),
        None => {
            let one = number(parse_ip(text)?);
            (one, one)
        }
    };
    if first.0 != last.0 || first.1 > last.1 {
        return Err(format!("\"{text}\" is not a range from a lower to a higher address of one family"));
    }
    Ok(Rule::Range { v6: first.0, first: first.1, last: last.1 })
}

impl Allowlist {
    /// Parses entries; the first invalid one is an error naming it.
    pub fn parse(entries: &[String]) -> Result<Allowlist, String> {
        let rules = entries.iter().map(|e| parse_rule(e)).collect::<Result<Vec<_>, _>>()?;
        Ok(Allowlist { texts: entries.to_vec(), rules })
    }

    /// Parses a JSON array of strings.
    pub fn from_json(value: &Value) -> Result<Allowlist, String> {
        let items = value.as_array().ok_or("allowed_ips must be an array of strings")?;
        let texts = items
            .iter()
            .map(|v| v.as_str().map(str::to_string).ok_or("allowed_ips must be an array of strings"))
            .collect::<Result<Vec<_>, _>>()?;
        Allowlist::parse(&texts)
    }

    pub fn allows(&self, ip: IpAddr) -> bool {
        let (v6, value) = number(ip);
        self.rules.is_empty()
            || self.rules.iter().any(|rule| match *rule {
                Rule::Cidr { v6: family, network, prefix } => {
                    let host_bits = (if family { 128 } else { 32 }) - prefix;
                    family == v6 && (host_bits >= 128 || value >> host_bits << host_bits == network)
                }
                Rule::Range { v6: family, first, last } => family == v6 && (first..=last).contains(&value),
            })
    }

    /// The entries as given.
    pub fn to_json(&self) -> Value {
        Value::from(self.texts.clone())
    }
}

/// The counts of one day (`yyyyMMdd` in Beijing time), per (app id, phone).
#[derive(Default)]
struct Day {
    date: String,
    counts: HashMap<(String, String), u32>,
}

/// Verifications per (app, phone) on the current day in Beijing time; counts of earlier days are dropped.
#[derive(Default)]
pub struct DailyCounter {
    today: Mutex<Day>,
}

impl DailyCounter {
    /// Counts one verification; false when it goes over `limit` for the day.
    pub fn record(&self, app_id: &str, phone: &str, limit: u32) -> bool {
        let date = &timestamp_now()[..8];
        let mut day = lock(&self.today);
        if day.date != date {
            *day = Day { date: date.to_string(), counts: HashMap::new() };
        }
        let count = day.counts.entry((app_id.to_string(), phone.to_string())).or_insert(0);
        *count = count.saturating_add(1);
        *count <= limit
    }

    pub fn clear(&self) {
        lock(&self.today).counts.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Allowlist {
        Allowlist::parse(&items.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn allowlist_entries() {
        assert!(list(&[]).allows(ip("203.0.113.9")));
        let l = list(&["127.0.0.1", "10.1.0.0/16", "192.0.2.10-192.0.2.20", "2001:db8::/32"]);
        assert!(l.allows(ip("127.0.0.1")));
        assert!(l.allows(ip("::ffff:127.0.0.1")));
        assert!(!l.allows(ip("127.0.0.2")));
        assert!(l.allows(ip("10.1.255.3")));
        assert!(!l.allows(ip("10.2.0.1")));
        assert!(l.allows(ip("192.0.2.10")) && l.allows(ip("192.0.2.20")));
        assert!(!l.allows(ip("192.0.2.21")));
        assert!(l.allows(ip("2001:db8::1")));
        assert!(!l.allows(ip("::1")));
        assert!(list(&["0.0.0.0/0"]).allows(ip("8.8.8.8")));
        assert!(list(&["::/0"]).allows(ip("::1")));
    }

    #[test]
    fn invalid_entries_are_named() {
        for bad in ["1.2.3", "1.2.3.4/33", "1.2.3.9-1.2.3.1", "1.2.3.4-::1", "x/8"] {
            let err = Allowlist::parse(&[bad.to_string()]).unwrap_err();
            assert!(err.contains(bad.split(['/', '-']).next().unwrap()), "{err}");
        }
    }

    #[test]
    fn daily_limit_counts_per_app_and_phone() {
        let counter = DailyCounter::default();
        assert!(counter.record("a", "13800138000", 2));
        assert!(counter.record("a", "13800138000", 2));
        assert!(!counter.record("a", "13800138000", 2));
        assert!(counter.record("a", "13900139000", 2));
        assert!(counter.record("b", "13800138000", 2));
        counter.clear();
        assert!(counter.record("a", "13800138000", 2));
    }
}
