//! Time for Rapport, in UTC: Unix seconds stored, "2026-11-23 14:05" in tables, ISO 8601 in
//! exports, `--since DAY` on the command line. The calendar arithmetic is `jiff`'s; this module
//! only fixes the formats and the range of times Rapport accepts, so no timestamp from a file
//! can overflow or print a year no import reads back.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// The earliest time a session may carry: 2000-01-01T00:00:00Z.
pub const EARLIEST: i64 = 946_684_800;
/// The first time a session may not carry: 2100-01-01T00:00:00Z.
pub const END: i64 = 4_102_444_800;

/// Shown for a time outside the range jiff can represent (never stored by Rapport itself).
const OUT_OF_RANGE: &str = "(time out of range)";

/// Seconds since the Unix epoch, now (0 if the clock is before 1970).
pub fn now() -> i64 {
    Timestamp::now().as_second().max(0)
}

/// Whether `seconds` is a time a session can have been played at (2000 to 2099).
pub fn is_plausible(seconds: i64) -> bool {
    (EARLIEST..END).contains(&seconds)
}

/// "2026-11-23 14:05" (UTC).
pub fn utc_minutes(seconds: i64) -> String {
    format_utc(seconds, "%Y-%m-%d %H:%M")
}

/// "2026-11-23T14:05:09Z", the ISO 8601 form xAPI and spreadsheets read.
pub fn iso8601(seconds: i64) -> String {
    format_utc(seconds, "%Y-%m-%dT%H:%M:%SZ")
}

fn format_utc(seconds: i64, format: &str) -> String {
    match Timestamp::from_second(seconds) {
        Ok(time) => time.strftime(format).to_string(),
        Err(_) => OUT_OF_RANGE.to_owned(),
    }
}

/// Unix seconds at the start (UTC) of a day written "YYYY-MM-DD"; `None` if it is not one
/// (2026-02-30 is refused, not read as March 2nd).
pub fn parse_day(text: &str) -> Option<i64> {
    let text = text.trim();
    // jiff also reads signed six-digit years; a day on the command line has four digits.
    if text.len() != 10 {
        return None;
    }
    let date: Date = text.parse().ok()?;
    Some(
        date.to_zoned_datetime(TimeZone::UTC)
            .ok()?
            .timestamp()
            .as_second(),
    )
}

/// Unix seconds of an ISO 8601 UTC timestamp as [`iso8601`] writes it (fractions of a second
/// are allowed and dropped); `None` for anything else, an offset other than `Z` included.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let text = text.trim();
    let (day, time) = text.split_once('T')?;
    if day.len() != 10 || !time.ends_with('Z') {
        return None;
    }
    Some(text.parse::<Timestamp>().ok()?.as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_print_as_utc_dates() {
        assert_eq!(utc_minutes(0), "1970-01-01 00:00");
        assert_eq!(utc_minutes(951_782_400), "2000-02-29 00:00");
        assert_eq!(utc_minutes(1_795_443_900), "2026-11-23 14:25");
        assert_eq!(iso8601(1_795_443_909), "2026-11-23T14:25:09Z");
    }

    #[test]
    fn days_and_timestamps_read_back() {
        assert_eq!(parse_day("1970-01-01"), Some(0));
        assert_eq!(parse_day("2000-02-29"), Some(951_782_400));
        assert_eq!(parse_day("2026-02-30"), None);
        assert_eq!(parse_day("2026-13-01"), None);
        assert_eq!(parse_day("yesterday"), None);
        assert_eq!(parse_day("+002026-01-01"), None);
        for seconds in [0, 951_782_400, 1_795_443_909, 4_102_444_799] {
            assert_eq!(parse_iso8601(&iso8601(seconds)), Some(seconds));
        }
        assert_eq!(
            parse_iso8601("2026-11-23T14:25:09.250Z"),
            Some(1_795_443_909)
        );
        assert_eq!(parse_iso8601("2026-11-23 14:25"), None);
        assert_eq!(parse_iso8601("2026-11-23T14:25:09+01:00"), None);
    }

    #[test]
    fn extreme_seconds_neither_overflow_nor_print_unreadable_years() {
        for seconds in [i64::MIN, -1_000_000_000_000, 1_000_000_000_000, i64::MAX] {
            assert_eq!(iso8601(seconds), OUT_OF_RANGE);
            assert_eq!(utc_minutes(seconds), OUT_OF_RANGE);
            assert!(!is_plausible(seconds));
        }
        assert!(is_plausible(1_795_443_909));
        assert!(!is_plausible(END));
        assert!(is_plausible(EARLIEST));
    }
}
