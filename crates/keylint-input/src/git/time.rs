//! RFC 3339 dates from git's (seconds, offset) pairs, without a date library.

/// Formats `seconds` since the epoch at `offset_minutes` from UTC, e.g. `2026-02-09T14:03:00+01:00`.
/// Also what keylint-verify's AWS signatures date their requests with.
pub fn rfc3339(seconds: i64, offset_minutes: i32) -> String {
    let local = seconds + i64::from(offset_minutes) * 60;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let off = offset_minutes.unsigned_abs();
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60,
        off / 60,
        off % 60
    )
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // In range by construction: day 1..=31, month 1..=12.
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Seconds since the epoch of a UTC date and time (the inverse of [`rfc3339`] at offset 0);
/// what keylint-verify reads an HTTP `Retry-After` date with. Howard Hinnant's
/// `days_from_civil`.
pub fn unix_seconds(year: i64, month: u32, day: u32, hms: (u32, u32, u32)) -> i64 {
    let y = year - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + i64::from(hms.0) * 3600 + i64::from(hms.1) * 60 + i64::from(hms.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(rfc3339(0, 0), "1970-01-01T00:00:00+00:00");
        assert_eq!(unix_seconds(1970, 1, 1, (0, 0, 0)), 0);
        assert_eq!(unix_seconds(2026, 2, 9, (14, 3, 0)), 1_770_645_780);
        assert_eq!(
            rfc3339(unix_seconds(2000, 2, 29, (23, 59, 59)), 0),
            "2000-02-29T23:59:59+00:00"
        );
        assert_eq!(rfc3339(1_770_645_780, 60), "2026-02-09T15:03:00+01:00");
        assert_eq!(rfc3339(951_782_400, -300), "2000-02-28T19:00:00-05:00");
        assert_eq!(rfc3339(-1, 0), "1969-12-31T23:59:59+00:00");
    }
}
