//! Publication dates as news feeds write them.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// Parses a publication date, or returns `None` when none of the accepted
/// shapes fits: RFC 3339, RFC 2822, `YYYY-MM-DD` (also followed by a time in
/// any form), `YYYY/MM/DD`, `Month D, YYYY`, `D Month YYYY`, with month
/// names full or abbreviated and an optional leading weekday.
///
/// A timestamp keeps the calendar date it was written in, not UTC's: that is
/// the day the outlet's own "yesterday" and "on Monday" are counted from.
pub(crate) fn parse_published(raw: &str) -> Option<NaiveDate> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(datetime) = DateTime::parse_from_rfc3339(s) {
        return Some(datetime.date_naive());
    }
    if let Ok(datetime) = DateTime::parse_from_rfc2822(s) {
        return Some(datetime.date_naive());
    }
    if let Some(date) = iso_date_prefix(s) {
        return Some(date);
    }
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y/%m/%d") {
        return Some(date);
    }
    if let Ok(datetime) = NaiveDateTime::parse_from_str(s, "%Y/%m/%d %H:%M:%S") {
        return Some(datetime.date());
    }
    let s = strip_weekday(s);
    // chrono's `%B` accepts abbreviated names too, so these two also cover
    // "Mar 5, 2024" and "5 Mar 2024".
    for pattern in ["%B %d, %Y", "%B %d %Y", "%d %B %Y", "%d %B, %Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(s, pattern) {
            return Some(date);
        }
    }
    None
}

/// `YYYY-MM-DD` alone or followed by `T`/space and a time in any form
/// (offsets without a colon, fractional seconds, zone names): the date part
/// is unambiguous, and the time does not matter for the anchor.
fn iso_date_prefix(s: &str) -> Option<NaiveDate> {
    let head = s.get(..10)?;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

/// Drops a leading "Tuesday, " or "Tue ", which chrono would otherwise
/// check against the date.
fn strip_weekday(s: &str) -> &str {
    let Some((first, rest)) = s.split_once([',', ' ']) else {
        return s;
    };
    let word = first.trim_end_matches('.').to_ascii_lowercase();
    const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let is_weekday = word.len() >= 3
        && WEEKDAYS.iter().any(|day| word.starts_with(day))
        && !word.chars().any(|c| c.is_ascii_digit());
    if is_weekday {
        rest.trim_start_matches([',', ' '])
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn every_accepted_shape_parses() {
        let cases = [
            ("2024-03-05T23:30:00-05:00", ymd(2024, 3, 5)),
            ("2024-03-05T10:00:00Z", ymd(2024, 3, 5)),
            ("Tue, 05 Mar 2024 10:00:00 +0000", ymd(2024, 3, 5)),
            ("2024-03-05", ymd(2024, 3, 5)),
            ("2024-03-05 10:11:12", ymd(2024, 3, 5)),
            ("2024-03-05T10:00:00.000+0000", ymd(2024, 3, 5)),
            ("2024/03/05", ymd(2024, 3, 5)),
            ("March 5, 2024", ymd(2024, 3, 5)),
            ("Mar 5, 2024", ymd(2024, 3, 5)),
            ("Tuesday, March 5, 2024", ymd(2024, 3, 5)),
            ("5 March 2024", ymd(2024, 3, 5)),
            ("05 Mar 2024", ymd(2024, 3, 5)),
            (" 2024-03-05 ", ymd(2024, 3, 5)),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_published(raw), expected, "{raw}");
        }
    }

    #[test]
    fn nonsense_and_impossible_dates_are_none() {
        for raw in [
            "",
            "yesterday",
            "2024-02-30",
            "2024-03-05x",
            "5/3/2024",
            "2024",
            "März 5, 2024",
        ] {
            assert_eq!(parse_published(raw), None, "{raw}");
        }
    }
}
