//! Request identifiers and timestamps.

use std::time::{SystemTime, UNIX_EPOCH};

use rand::RngCore;

use crate::codec::Encoding;

/// A fresh 32-character lower-case hex id (the format of a UUID without dashes), for traceId / msgId.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    Encoding::HexLower.encode(&bytes)
}

/// Beijing time's offset from UTC, in minutes.
pub const BEIJING_UTC_OFFSET_MINUTES: i32 = 480;

/// The current time as a 17-digit `yyyyMMddHHmmssSSS` timestamp in Beijing time (UTC+8).
pub fn timestamp_now() -> String {
    timestamp_now_at_offset(BEIJING_UTC_OFFSET_MINUTES)
}

/// The current time as a 17-digit timestamp at the given offset from UTC.
pub fn timestamp_now_at_offset(utc_offset_minutes: i32) -> String {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    timestamp_at(since_epoch.as_millis() as i64, utc_offset_minutes)
}

/// Formats a Unix time in milliseconds as a 17-digit UTC+8 timestamp.
pub fn timestamp_at_unix_millis(unix_millis: i64) -> String {
    timestamp_at(unix_millis, BEIJING_UTC_OFFSET_MINUTES)
}

/// Formats a Unix time in milliseconds as a 17-digit timestamp at the given offset from UTC.
pub fn timestamp_at(unix_millis: i64, utc_offset_minutes: i32) -> String {
    let beijing = unix_millis + i64::from(utc_offset_minutes) * 60_000;
    let millis = beijing.rem_euclid(1000);
    let secs = beijing.div_euclid(1000);
    let (days, day_secs) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}{millis:03}",
        day_secs / 3600,
        day_secs % 3600 / 60,
        day_secs % 60
    )
}

/// Parses a 17-digit timestamp written at `utc_offset_minutes` from UTC (480 for Beijing time) back to Unix
/// milliseconds; `None` if it is not a valid date and time.
pub fn unix_millis_of_timestamp(ts: &str, utc_offset_minutes: i32) -> Option<i64> {
    if ts.len() != 17 || !ts.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| ts[r].parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (h, mi, s, ms) = (num(8..10)?, num(10..12)?, num(12..14)?, num(14..17)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 59 {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    if civil_from_days(days) != (y, mo, d) {
        return None;
    }
    Some(((days * 86_400 + h * 3600 + mi * 60 + s) * 1000 + ms) - i64::from(utc_offset_minutes) * 60_000)
}

// Howard Hinnant's civil calendar algorithms (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_beijing_time() {
        // 2024-01-31T15:59:59.123Z is 2024-01-31 23:59:59.123 in Beijing.
        assert_eq!(timestamp_at_unix_millis(1_706_716_799_123), "20240131235959123");
        // 2024-02-29T16:00:00.000Z crosses into March 1st in Beijing (leap year).
        assert_eq!(timestamp_at_unix_millis(1_709_222_400_000), "20240301000000000");
        assert_eq!(unix_millis_of_timestamp("20240131235959123", 480), Some(1_706_716_799_123));
        assert_eq!(unix_millis_of_timestamp("20230229000000000", 480), None);
        assert_eq!(unix_millis_of_timestamp("2024013123595912", 480), None);
        assert_eq!(timestamp_now().len(), 17);
    }

    #[test]
    fn parsing_honours_the_offset_it_is_given() {
        // The same wall-clock text is 8 h later in UTC than in Beijing, and 13 h 30 min earlier in UTC+13:30.
        assert_eq!(unix_millis_of_timestamp("20240131155959123", 0), Some(1_706_716_799_123));
        assert_eq!(unix_millis_of_timestamp("20240201052959123", 13 * 60 + 30), Some(1_706_716_799_123));
        assert_eq!(unix_millis_of_timestamp("20240131105959123", -5 * 60), Some(1_706_716_799_123));
        for offset in [-720, -300, 0, 330, 480, 840] {
            let now = timestamp_now_at_offset(offset);
            let parsed = unix_millis_of_timestamp(&now, offset).unwrap();
            let unix_now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as i64;
            assert!((unix_now - parsed).abs() < 60_000, "offset {offset}: {now} parsed as {parsed}, now {unix_now}");
            assert_eq!(timestamp_at(parsed, offset), now);
        }
    }

    #[test]
    fn ids_are_32_lower_hex_and_distinct() {
        let (a, b) = (new_id(), new_id());
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(a, b);
    }
}
