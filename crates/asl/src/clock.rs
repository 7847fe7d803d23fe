//! The virtual clock: time moves only when the machine says so, and prints as AWS prints it.

/// Milliseconds since the Unix epoch, on the execution's virtual clock.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize, serde::Deserialize,
)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// 2024-01-01T00:00:00.000Z: the default start of every execution, so runs repeat exactly.
    pub const DEFAULT_START: Timestamp = Timestamp(1_704_067_200_000);

    /// ISO 8601 with milliseconds, as in the Context object: `2024-01-01T00:00:00.000Z`.
    pub fn to_iso8601(self) -> String {
        let millis = self.0.rem_euclid(1000);
        let seconds = self.0.div_euclid(1000);
        let days = seconds.div_euclid(86_400);
        let second_of_day = seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
            second_of_day / 3600,
            second_of_day / 60 % 60,
            second_of_day % 60
        )
    }

    /// This time plus a number of milliseconds, saturating.
    pub fn plus_millis(self, millis: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(millis))
    }
}

/// Parses an RFC 3339 timestamp as AWS accepts it (`2016-03-14T01:59:00Z`,
/// `2016-03-14T01:59:00.123+01:00`), to the virtual clock's millisecond.
pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
    crate::timestamp::Instant::parse(text).map(|instant| Timestamp(instant.millis()))
}

/// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc3339_as_aws_accepts_it() {
        assert_eq!(
            parse_rfc3339("2024-01-01T00:00:00Z"),
            Some(Timestamp::DEFAULT_START)
        );
        assert_eq!(
            parse_rfc3339("2024-01-01T01:00:00.5+01:00"),
            Some(Timestamp(Timestamp::DEFAULT_START.0 + 500))
        );
        assert_eq!(parse_rfc3339("2016-12-05 21:29:29Z"), None);
        assert_eq!(parse_rfc3339("2016-12-05T21:29:29"), None);
        assert_eq!(parse_rfc3339("2016-12-05t21:29:29z"), None);
        assert_eq!(parse_rfc3339("2016-02-30T00:00:00Z"), None);
        let t = Timestamp(1_457_920_740_000);
        assert_eq!(parse_rfc3339(&t.to_iso8601()), Some(t));
    }

    #[test]
    fn formats_as_iso8601_with_millis() {
        assert_eq!(Timestamp::DEFAULT_START.to_iso8601(), "2024-01-01T00:00:00.000Z");
        assert_eq!(Timestamp(0).to_iso8601(), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            Timestamp(951_782_400_123).to_iso8601(),
            "2000-02-29T00:00:00.123Z"
        );
        assert_eq!(
            Timestamp::DEFAULT_START
                .plus_millis(86_400_000 * 366 + 3_723_004)
                .to_iso8601(),
            "2025-01-01T01:02:03.004Z"
        );
    }
}
