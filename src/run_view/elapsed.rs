//! Virtual time since the execution started, as the history table prints it: `+3.000 s`.

use asl::clock::Timestamp;

/// `+3.000 s`, `+2 min 5.000 s`, `+1 h 0 min 0.000 s`, `+365 d 0 h 0 min 0.000 s`: seconds with
/// milliseconds always, larger units only when they are reached, so a Wait of a year still reads.
pub fn elapsed(start: Timestamp, at: Timestamp) -> String {
    let millis = at.0.saturating_sub(start.0);
    let sign = if millis < 0 { "-" } else { "+" };
    let millis = millis.unsigned_abs();
    let (seconds, millis) = (millis / 1000, millis % 1000);
    let (minutes, seconds) = (seconds / 60, seconds % 60);
    let (hours, minutes) = (minutes / 60, minutes % 60);
    let (days, hours) = (hours / 24, hours % 24);
    let text = if days > 0 {
        format!("{days} d {hours} h {minutes} min {seconds}.{millis:03} s")
    } else if hours > 0 {
        format!("{hours} h {minutes} min {seconds}.{millis:03} s")
    } else if minutes > 0 {
        format!("{minutes} min {seconds}.{millis:03} s")
    } else {
        format!("{seconds}.{millis:03} s")
    };
    format!("{sign}{text}")
}

#[cfg(test)]
mod tests {
    use super::elapsed;
    use asl::clock::Timestamp;

    #[test]
    fn prints_seconds_with_millis_and_larger_units_once_reached() {
        let start = Timestamp::DEFAULT_START;
        let at = |millis: i64| elapsed(start, start.plus_millis(millis));
        assert_eq!(at(0), "+0.000 s");
        assert_eq!(at(3_000), "+3.000 s");
        assert_eq!(at(59_999), "+59.999 s");
        assert_eq!(at(125_000), "+2 min 5.000 s");
        assert_eq!(at(3_600_000), "+1 h 0 min 0.000 s");
        assert_eq!(at(365 * 86_400_000 + 1), "+365 d 0 h 0 min 0.001 s");
        assert_eq!(at(-1_500), "-1.500 s");
    }
}
