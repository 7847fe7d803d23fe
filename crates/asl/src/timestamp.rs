//! RFC 3339 timestamps as the States language reads them (Choice rules, Wait states): `2016-03-14T01:59:00Z`, `2016-03-14T02:59:00.5+01:00`.
//!
//! The States language takes the RFC 3339 profile of ISO 8601 with two more
//! restrictions: an uppercase `T` between date and time, and an uppercase `Z`
//! when there is no numeric offset. Anything else is not a timestamp: a
//! Timestamp comparison on it is false and `IsTimestamp` says no.

/// An instant on the UTC time line, read from a timestamp; instants compare in time order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant {
    /// Seconds since 1970-01-01T00:00:00Z (negative before).
    seconds: i64,
    /// Nanoseconds within that second.
    nanos: u32,
}

/// The widest offset AWS's (Java) date parser accepts, in seconds: ±18:00.
const MAX_OFFSET_SECONDS: i64 = 18 * 3600;

impl Instant {
    /// Milliseconds since the Unix epoch, rounded down: the virtual clock's resolution.
    pub fn millis(self) -> i64 {
        self.seconds
            .saturating_mul(1000)
            .saturating_add(i64::from(self.nanos / 1_000_000))
    }

    /// Reads a timestamp; `None` when the text is not a valid RFC 3339 timestamp.
    pub fn parse(text: &str) -> Option<Instant> {
        let bytes = text.as_bytes();
        let year = digits(bytes, 0, 4)?;
        literal(bytes, 4, b'-')?;
        let month = digits(bytes, 5, 2)?;
        literal(bytes, 7, b'-')?;
        let day = digits(bytes, 8, 2)?;
        literal(bytes, 10, b'T')?;
        let hour = digits(bytes, 11, 2)?;
        literal(bytes, 13, b':')?;
        let minute = digits(bytes, 14, 2)?;
        literal(bytes, 16, b':')?;
        let second = digits(bytes, 17, 2)?;
        let mut at = 19;

        let mut nanos = 0;
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            let start = at;
            while bytes.get(at).is_some_and(u8::is_ascii_digit) {
                at += 1;
            }
            let count = at - start;
            // Nanoseconds are the finest grain; one to nine digits.
            if !(1..=9).contains(&count) {
                return None;
            }
            nanos = digits(bytes, start, count)? * 10u32.pow((9 - count) as u32);
        }

        let offset_seconds = match bytes.get(at) {
            Some(b'Z') => {
                at += 1;
                0
            }
            Some(&sign @ (b'+' | b'-')) => {
                let hours = digits(bytes, at + 1, 2)?;
                literal(bytes, at + 3, b':')?;
                let minutes = digits(bytes, at + 4, 2)?;
                at += 6;
                if minutes > 59 {
                    return None;
                }
                let magnitude = i64::from(hours) * 3600 + i64::from(minutes) * 60;
                if magnitude > MAX_OFFSET_SECONDS {
                    return None;
                }
                if sign == b'-' {
                    -magnitude
                } else {
                    magnitude
                }
            }
            _ => return None,
        };
        if at != bytes.len() {
            return None;
        }

        let valid = (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour <= 23
            && minute <= 59
            && second <= 59;
        if !valid {
            return None;
        }
        let days = days_since_epoch(i64::from(year), i64::from(month), i64::from(day));
        let seconds = days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)
            - offset_seconds;
        Some(Instant { seconds, nanos })
    }
}

/// Whether `text` is a timestamp the Timestamp operators accept.
pub fn is_timestamp(text: &str) -> bool {
    Instant::parse(text).is_some()
}

/// The number written with exactly `count` ASCII digits at `at`.
fn digits(bytes: &[u8], at: usize, count: usize) -> Option<u32> {
    let slice = bytes.get(at..at.checked_add(count)?)?;
    slice.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

fn literal(bytes: &[u8], at: usize, expected: u8) -> Option<()> {
    (bytes.get(at) == Some(&expected)).then_some(())
}

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar.
///
/// Counts in 400-year eras starting in March, so that the leap day is the
/// last day of each shifted year and needs no special case.
fn days_since_epoch(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12; // March = 0 ... February = 11
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seconds(text: &str) -> i64 {
        Instant::parse(text).map(|i| i.seconds).unwrap_or(i64::MIN)
    }

    #[test]
    fn reads_utc_and_offsets_onto_one_time_line() {
        assert_eq!(seconds("1970-01-01T00:00:00Z"), 0);
        assert_eq!(seconds("2012-10-09T19:00:55Z"), 1_349_809_255);
        assert_eq!(seconds("2012-10-09T20:00:55+01:00"), 1_349_809_255);
        assert_eq!(seconds("2012-10-09T18:30:55-00:30"), 1_349_809_255);
        assert_eq!(seconds("2000-02-29T00:00:00Z"), 951_782_400);
        assert_eq!(seconds("1969-12-31T23:59:59Z"), -1);
    }

    #[test]
    fn fractions_order_within_a_second() {
        let a = Instant::parse("2016-03-14T01:59:00.5Z");
        let b = Instant::parse("2016-03-14T01:59:00.500000001Z");
        assert!(a.is_some() && a < b);
        assert_eq!(
            Instant::parse("2016-03-14T01:59:00.1Z"),
            Instant::parse("2016-03-14T01:59:00.100Z")
        );
    }

    #[test]
    fn rejects_what_the_profile_excludes() {
        for text in [
            "2012-10-09T19:00:55",
            "2012-10-09t19:00:55Z",
            "2012-10-09T19:00:55z",
            "2012-10-09 19:00:55Z",
            "2023-02-24",
            "2023-02-24 12:15:56.832957",
            "2012-10-09T19:00Z",
            "2012-10-09T19:00:55.Z",
            "2012-10-09T19:00:55.1234567890Z",
            "2012-10-09T19:00:55+0100",
            "2012-10-09T19:00:55+19:00",
            "2012-13-09T19:00:55Z",
            "2013-02-29T19:00:55Z",
            "2012-10-09T24:00:00Z",
            "2012-10-09T19:00:60Z",
            "2012-10-09T19:00:55Z ",
            "",
            "HelloWorld",
            "２０１２-10-09T19:00:55Z",
        ] {
            assert!(!is_timestamp(text), "{text} should not be a timestamp");
        }
    }
}
