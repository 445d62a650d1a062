//! UTC dates for Unix seconds, written by hand because all Rapport needs is printing and
//! reading whole days: "2026-11-23 14:05" in tables, ISO 8601 in exports, `--since DAY`.

/// Seconds since the Unix epoch, now (0 if the clock is before 1970).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

/// (year, month, day) of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

/// Days since 1970-01-01 of a civil date (the inverse of [`civil_from_days`]).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// "2026-11-23 14:05" (UTC).
pub fn utc_minutes(seconds: i64) -> String {
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let minutes = seconds.rem_euclid(86_400) / 60;
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        minutes / 60,
        minutes % 60
    )
}

/// "2026-11-23T14:05:09Z", the ISO 8601 form xAPI and spreadsheets read.
pub fn iso8601(seconds: i64) -> String {
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let second_of_day = seconds.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    )
}

/// Unix seconds at the start (UTC) of a day written "YYYY-MM-DD"; `None` if it is not one.
pub fn parse_day(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day < 1 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    // 2026-02-30 would silently become March 2nd: refuse days the month does not have.
    (civil_from_days(days) == (year, month, day)).then_some(days * 86_400)
}

/// Unix seconds of an ISO 8601 UTC timestamp as [`iso8601`] writes it.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let (day, time) = text.trim().split_once('T')?;
    let time = time.strip_suffix('Z')?;
    let mut parts = time.splitn(3, ':');
    let hours: i64 = parts.next()?.parse().ok()?;
    let minutes: i64 = parts.next()?.parse().ok()?;
    // Fractions of a second are allowed and dropped.
    let seconds: f64 = parts.next()?.parse().ok()?;
    if hours > 23 || minutes > 59 || !(0.0..61.0).contains(&seconds) {
        return None;
    }
    Some(parse_day(day)? + hours * 3600 + minutes * 60 + seconds as i64)
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
        for seconds in [0, 951_782_400, 1_795_443_909, 4_102_444_799] {
            assert_eq!(parse_iso8601(&iso8601(seconds)), Some(seconds));
        }
        assert_eq!(
            parse_iso8601("2026-11-23T14:25:09.250Z"),
            Some(1_795_443_909)
        );
        assert_eq!(parse_iso8601("2026-11-23 14:25"), None);
    }
}
