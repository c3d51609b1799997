//! What each token can be in a date expression, decided once per token from
//! its text alone: the matcher then works on these classes, not on strings.

use chrono::Weekday;

/// A calendar unit counted in relative expressions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// A word that shifts a period or a weekday relative to the anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shift {
    /// `last`, `previous`.
    Last,
    /// `next`, `coming`.
    Next,
    /// `this`.
    This,
    /// `past` (`the past week`: the seven days up to the anchor).
    Past,
}

/// What a token can be in a date expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lex {
    /// Anything that plays no part in a date.
    Other,
    /// A month name, full or abbreviated.
    Month {
        month: u32,
        /// `Sept`, `Jan.`: only a date next to a number.
        abbreviated: bool,
        /// `May`, `March`: also a verb or a name.
        ambiguous: bool,
    },
    /// `mid-March`, `mid-2015`: the month or year it prefixes.
    MidMonth(u32),
    MidYear(i32),
    /// A weekday name.
    Weekday(Weekday),
    /// Digits, possibly with an ordinal suffix (`22nd`).
    Number {
        value: u32,
        n_digits: u8,
        ordinal: bool,
    },
    /// A number written as a word (`two`, `a`).
    CountWord(u32),
    /// `22/09/2016`, `2016-09-22`: digit groups joined by one separator.
    NumericDate {
        parts: [u32; 3],
        digits: [u8; 3],
        separator: u8,
    },
    /// `day`, `week`, `month`, `year`.
    Unit(Unit),
    /// `days`, `weeks`, `months`, `years`.
    Units(Unit),
    /// `yesterday` (-1), `today`, `tonight` (0), `tomorrow` (+1).
    RelativeDay(i8),
    /// `morning`, `afternoon`, `evening`, `night`: a part of a day, which
    /// never changes the date.
    PartOfDay,
    /// `last`, `next`, `this`, `past`, `previous`, `coming`.
    Shift(Shift),
    /// `earlier`.
    Earlier,
    /// `later`.
    Later,
    /// `ago`.
    Ago,
    /// `weekend`.
    Weekend,
    /// `of`.
    Of,
    /// `,`.
    Comma,
    /// `the`.
    The,
    /// A word after which a bare month or year is a date (`in`, `since`).
    Cue,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

const COUNT_WORDS: [&str; 12] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];

/// Words after which a bare month or year is a date. `the` is not here:
/// `the 2016 election` is a year only when no plural noun follows.
const CUES: [&str; 20] = [
    "in",
    "on",
    "since",
    "until",
    "till",
    "by",
    "before",
    "after",
    "during",
    "through",
    "throughout",
    "from",
    "to",
    "early",
    "late",
    "mid",
    "between",
    "around",
    "as",
    "end",
];

/// The class of one token. Capitalization matters for names: a month or a
/// weekday must start with a capital letter, since news always writes them so.
pub(crate) fn classify(word: &str) -> Lex {
    let bytes = word.as_bytes();
    let Some(&first) = bytes.first() else {
        return Lex::Other;
    };
    if first.is_ascii_digit() {
        return classify_number(word);
    }
    if word == "," {
        return Lex::Comma;
    }
    if bytes.len() > 16 || !first.is_ascii_alphabetic() {
        return Lex::Other;
    }
    let capitalized = first.is_ascii_uppercase();
    let mut lower = [0u8; 16];
    for (slot, byte) in lower.iter_mut().zip(bytes) {
        *slot = byte.to_ascii_lowercase();
    }
    let Ok(lower) = std::str::from_utf8(&lower[..bytes.len()]) else {
        return Lex::Other;
    };
    if capitalized {
        if let Some(month) = month_name(lower) {
            return month;
        }
        if let Some(&(_, weekday)) = WEEKDAYS.iter().find(|(name, _)| *name == lower) {
            return Lex::Weekday(weekday);
        }
    }
    if let Some(rest) = lower.strip_prefix("mid-") {
        if let Some(Lex::Month { month, .. }) = month_name(rest) {
            return Lex::MidMonth(month);
        }
        if let Lex::Number {
            value, n_digits: 4, ..
        } = classify_number(rest)
        {
            return Lex::MidYear(value as i32);
        }
        return Lex::Other;
    }
    if let Some(idx) = COUNT_WORDS.iter().position(|&w| w == lower) {
        return Lex::CountWord(idx as u32 + 1);
    }
    match lower {
        "a" | "an" => Lex::CountWord(1),
        "day" => Lex::Unit(Unit::Day),
        "week" => Lex::Unit(Unit::Week),
        "month" => Lex::Unit(Unit::Month),
        "year" => Lex::Unit(Unit::Year),
        "days" => Lex::Units(Unit::Day),
        "weeks" => Lex::Units(Unit::Week),
        "months" => Lex::Units(Unit::Month),
        "years" => Lex::Units(Unit::Year),
        "yesterday" => Lex::RelativeDay(-1),
        "today" | "tonight" => Lex::RelativeDay(0),
        "tomorrow" => Lex::RelativeDay(1),
        "morning" | "afternoon" | "evening" | "night" => Lex::PartOfDay,
        "last" | "previous" => Lex::Shift(Shift::Last),
        "next" | "coming" => Lex::Shift(Shift::Next),
        "this" => Lex::Shift(Shift::This),
        "past" => Lex::Shift(Shift::Past),
        "earlier" => Lex::Earlier,
        "later" => Lex::Later,
        "ago" => Lex::Ago,
        "weekend" => Lex::Weekend,
        "of" => Lex::Of,
        "the" => Lex::The,
        _ if CUES.contains(&lower) => Lex::Cue,
        _ => Lex::Other,
    }
}

/// A month name in lower case, full or abbreviated with or without a period.
fn month_name(lower: &str) -> Option<Lex> {
    if let Some(idx) = MONTHS.iter().position(|&m| m == lower) {
        let month = idx as u32 + 1;
        return Some(Lex::Month {
            month,
            abbreviated: false,
            ambiguous: matches!(month, 3 | 5),
        });
    }
    let stem = lower.strip_suffix('.').unwrap_or(lower);
    let month = match stem {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" | "sept" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(Lex::Month {
        month,
        abbreviated: true,
        ambiguous: false,
    })
}

/// Digits (`22`, `22nd`), or a numeric date (`22/09/2016`). Longer digit
/// runs than a date can hold are just `Other`, so huge numbers cost nothing.
fn classify_number(word: &str) -> Lex {
    let bytes = word.as_bytes();
    let n_digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let rest = &word[n_digits..];
    if n_digits == bytes.len() || matches!(rest, "st" | "nd" | "rd" | "th") {
        if n_digits > 4 {
            return Lex::Other;
        }
        let value = word[..n_digits]
            .bytes()
            .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
        return Lex::Number {
            value,
            n_digits: n_digits as u8,
            ordinal: !rest.is_empty(),
        };
    }
    numeric_date(word).unwrap_or(Lex::Other)
}

/// Three groups of 1, 2 or 4 digits joined by one repeated separator.
fn numeric_date(word: &str) -> Option<Lex> {
    let separator = *word.as_bytes().iter().find(|b| !b.is_ascii_digit())?;
    if !matches!(separator, b'/' | b'-' | b'.') {
        return None;
    }
    let mut parts = [0u32; 3];
    let mut digits = [0u8; 3];
    let mut groups = word.split(separator as char);
    for idx in 0..3 {
        let group = groups.next()?;
        if !matches!(group.len(), 1 | 2 | 4) || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        parts[idx] = group.parse().ok()?;
        digits[idx] = group.len() as u8;
    }
    if groups.next().is_some() {
        return None;
    }
    Some(Lex::NumericDate {
        parts,
        digits,
        separator,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_of_typical_tokens() {
        assert_eq!(
            classify("Sept."),
            Lex::Month {
                month: 9,
                abbreviated: true,
                ambiguous: false
            }
        );
        assert_eq!(classify("march"), Lex::Other, "lower-case month is a verb");
        assert_eq!(classify("Tuesday"), Lex::Weekday(Weekday::Tue));
        assert_eq!(
            classify("22nd"),
            Lex::Number {
                value: 22,
                n_digits: 2,
                ordinal: true
            }
        );
        assert_eq!(classify("123456789012345678901234567890"), Lex::Other);
        assert_eq!(classify("1/2/3/4"), Lex::Other);
        assert_eq!(classify("22:09:2016"), Lex::Other);
        assert_eq!(classify("mid-March"), Lex::MidMonth(3));
        assert_eq!(classify("mid-2015"), Lex::MidYear(2015));
        assert_eq!(classify("é"), Lex::Other);
    }
}
