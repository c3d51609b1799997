//! Date mentions by rule: weekdays, months with or without a day and year,
//! bare years, and relative expressions such as `last month`.
//!
//! UNER has no dates to learn from, and the forms news uses are few and
//! regular, so a handful of token patterns does better than a model here.

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const MONTHS: &[&str] = &[
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
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "sept.",
    "oct.",
    "nov.",
    "dec.",
];

/// Words that are months only when a number or a date preposition is near:
/// `May` is also a modal verb and a name, `March` a verb.
const AMBIGUOUS_MONTHS: &[&str] = &["may", "march"];

const RELATIVE_DAYS: &[&str] = &["yesterday", "today", "tomorrow", "tonight"];

const RELATIVE_MODIFIERS: &[&str] = &["last", "next", "this", "past", "coming", "previous"];

const PERIODS: &[&str] = &[
    "week",
    "weekend",
    "month",
    "year",
    "decade",
    "century",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "morning",
    "afternoon",
    "evening",
    "night",
    "quarter",
];

const DATE_PREPOSITIONS: &[&str] = &[
    "in", "on", "since", "until", "by", "before", "after", "during", "early", "late", "mid", "of",
    "from", "through",
];

/// Finds date spans as token ranges `start..end` over a sentence's words,
/// skipping tokens where `taken` is true.
pub(crate) fn find_dates(words: &[&str], taken: &[bool], out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut idx = 0;
    while idx < words.len() {
        let Some(end) = date_at(words, idx) else {
            idx += 1;
            continue;
        };
        if (idx..end).all(|k| !taken[k]) {
            out.push((idx, end));
            idx = end;
        } else {
            idx += 1;
        }
    }
}

/// Case-insensitive membership: the lists are lower-case ASCII.
fn is_in(list: &[&str], word: &str) -> bool {
    list.iter().any(|entry| entry.eq_ignore_ascii_case(word))
}

fn is_day_number(word: &str) -> bool {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    !digits.is_empty()
        && digits.len() <= 2
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(suffix, "" | "st" | "nd" | "rd" | "th")
        && digits.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

fn is_year(word: &str) -> bool {
    word.len() == 4
        && word.bytes().all(|b| b.is_ascii_digit())
        && word
            .parse::<u32>()
            .is_ok_and(|y| (1800..=2099).contains(&y))
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A cheap first test: every pattern starts with a number or a word of
/// three to nine letters whose first letter is one of a few.
fn may_start_date(word: &str) -> bool {
    let Some(&first) = word.as_bytes().first() else {
        return false;
    };
    first.is_ascii_digit()
        || ((3..=9).contains(&word.len())
            && b"jfmasondtwylnpce".contains(&first.to_ascii_lowercase()))
}

/// The end of a date starting at `idx`, if one does.
fn date_at(words: &[&str], idx: usize) -> Option<usize> {
    let word_at = |idx: usize| words.get(idx).copied();
    let word = word_at(idx)?;
    if !may_start_date(word) {
        return None;
    }
    let next = word_at(idx + 1);
    // `3 March 2026`, `3rd of March`
    if is_day_number(word) {
        let month_at = if next.is_some_and(|w| w.eq_ignore_ascii_case("of")) {
            idx + 2
        } else {
            idx + 1
        };
        if let Some(month) = word_at(month_at)
            && is_in(MONTHS, month)
            && starts_upper(words[month_at])
        {
            let mut end = month_at + 1;
            if word_at(end).is_some_and(is_year) {
                end += 1;
            } else if word_at(end) == Some(",") && word_at(end + 1).is_some_and(is_year) {
                end += 2;
            }
            return Some(end);
        }
        return None;
    }
    // `March 3`, `March 3, 2026`, `March 2026`, `in March`
    if is_in(MONTHS, word) && starts_upper(words[idx]) {
        let mut end = idx + 1;
        let mut has_number = false;
        if next.is_some_and(is_day_number) {
            end += 1;
            has_number = true;
            if word_at(end) == Some(",") && word_at(end + 1).is_some_and(is_year) {
                end += 2;
            } else if word_at(end).is_some_and(is_year) {
                end += 1;
            }
        } else if next.is_some_and(is_year) {
            end += 1;
            has_number = true;
        }
        let after_preposition = idx > 0
            && word_at(idx - 1)
                .is_some_and(|w| is_in(DATE_PREPOSITIONS, w) || is_in(RELATIVE_MODIFIERS, w));
        if has_number || !is_in(AMBIGUOUS_MONTHS, word) || after_preposition {
            return Some(end);
        }
        return None;
    }
    // `Tuesday`, `Tuesday night`
    if is_in(WEEKDAYS, word) {
        let mut end = idx + 1;
        if next.is_some_and(|w| is_in(&["morning", "afternoon", "evening", "night"], w)) {
            end += 1;
        }
        return Some(end);
    }
    if is_in(RELATIVE_DAYS, word) {
        return Some(idx + 1);
    }
    // `last month`, `this week`, `next Tuesday`
    if is_in(RELATIVE_MODIFIERS, word) {
        if let Some(next) = next
            && (is_in(PERIODS, next) || is_in(WEEKDAYS, next) || is_in(MONTHS, next))
        {
            return Some(idx + 2);
        }
        return None;
    }
    // `earlier this week`, `later this month`
    if is_in(&["earlier", "later"], word)
        && next.is_some_and(|w| w.eq_ignore_ascii_case("this"))
        && word_at(idx + 2).is_some_and(|w| is_in(PERIODS, w))
    {
        return Some(idx + 3);
    }
    // `two days ago`, `3 weeks ago`
    if word_at(idx + 2).is_some_and(|w| w.eq_ignore_ascii_case("ago"))
        && next.is_some_and(|w| {
            is_in(
                &["day", "week", "month", "year", "decade"],
                w.trim_end_matches('s'),
            )
        })
    {
        return Some(idx + 3);
    }
    // A bare year, not an amount (`$2000`) or a street number run.
    if is_year(word) {
        let after_currency = idx > 0 && matches!(words[idx - 1], "$" | "£" | "€" | "#");
        if !after_currency {
            return Some(idx + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str) -> Vec<String> {
        let words: Vec<&str> = text.split(' ').collect();
        let taken = vec![false; words.len()];
        let mut out = Vec::new();
        find_dates(&words, &taken, &mut out);
        out.iter().map(|&(s, e)| words[s..e].join(" ")).collect()
    }

    #[test]
    fn common_news_dates() {
        assert_eq!(dates("Troops moved on Tuesday ."), ["Tuesday"]);
        assert_eq!(dates("It fell last month"), ["last month"]);
        assert_eq!(
            dates("on March 3 , 2026 and 3 March 2026"),
            ["March 3 , 2026", "3 March 2026"]
        );
        assert_eq!(dates("In 2026 , he said"), ["2026"]);
        assert_eq!(dates("You may go . May I ? In May ."), ["May"]);
        assert_eq!(dates("It cost $ 2000"), Vec::<String>::new());
        assert_eq!(dates("three days ago"), ["three days ago"]);
    }
}
