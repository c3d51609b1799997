//! Quantity expressions: digits with separators, number words, vague
//! quantities, and the modifiers around them, read from the token layer and
//! normalized to a range.

use std::ops::Range;

use sift_core::{Span, Token, TokenKind};

use crate::lexicon::{self, Lower, Modifier};

/// The largest count read as a quantity; anything bigger is no count of people.
const MAX_COUNT: u64 = 10_000_000_000;

/// A quantity expression and the range of counts it allows.
///
/// **Invariant:** `low <= high` when `high` is set; `point`, when set, lies
/// in the range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    /// The smallest count the words allow.
    pub low: u64,
    /// The largest, or `None` when open-ended ("at least 12", "more than 100").
    pub high: Option<u64>,
    /// The one number written ("about 30" → 30); `None` for ranges and vague words.
    pub point: Option<u64>,
    /// The whole expression, modifiers included ("at least 156").
    pub span: Span,
    /// Token indices of the whole expression.
    pub(crate) tokens: Range<usize>,
    /// The token that carries the number itself (its last word: "30",
    /// "dozens", "thousand"), the one the parse attaches to the noun.
    pub(crate) number_token: usize,
    /// How the people counted follow the number.
    pub(crate) people: OfPhrase,
    /// True when the expression had a modifier ("about", "at least").
    pub(crate) modified: bool,
}

/// Every quantity expression in `tokens[range]`, in text order, not
/// overlapping. `text` is the text the tokens index.
pub fn quantities(text: &str, tokens: &[Token]) -> Vec<Quantity> {
    let words = Words { text, tokens };
    let mut found = Vec::new();
    let mut idx = 0;
    while idx < tokens.len() {
        match read_quantity(&words, idx, 0..tokens.len()) {
            Some(quantity) => {
                idx = quantity.tokens.end;
                found.push(quantity);
            }
            None => idx += 1,
        }
    }
    found
}

/// How a quantity takes the noun of the people it counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OfPhrase {
    /// Right after it: "30 fighters", "a dozen soldiers".
    Direct,
    /// Right after it or after "of": "several people", "a handful of demonstrators".
    Optional,
    /// Only after "of": "dozens of people"; "thousands march" has no noun.
    Required,
}

/// The token layer seen as words.
#[derive(Clone, Copy)]
pub(crate) struct Words<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
}

impl<'a> Words<'a> {
    pub(crate) fn text(&self, idx: usize) -> &'a str {
        &self.text[self.tokens[idx].span.range()]
    }

    pub(crate) fn lower(&self, idx: usize) -> Lower {
        Lower::new(self.text(idx))
    }

    /// True when token `idx` ends where the next one starts ("thirty-two").
    pub(crate) fn touches_next(&self, idx: usize) -> bool {
        self.tokens
            .get(idx + 1)
            .is_some_and(|next| next.span.start() == self.tokens[idx].span.end())
    }

    pub(crate) fn is_number(&self, idx: usize) -> bool {
        self.tokens[idx].kind == TokenKind::Number
    }
}

/// A number before any modifier: one value, or a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Amount {
    low: u64,
    high: u64,
    /// The one number written, for exact amounts.
    point: Option<u64>,
    /// One past its last token.
    end: usize,
    /// Its last token.
    last: usize,
    people: OfPhrase,
}

impl Amount {
    fn exact(value: u64, end: usize) -> Amount {
        Amount {
            low: value,
            high: value,
            point: Some(value),
            end,
            last: end - 1,
            people: OfPhrase::Direct,
        }
    }

    /// A range with no one number written ("dozens", "several hundred"),
    /// ending before `end`.
    fn vague(low: u64, high: u64, end: usize, people: OfPhrase) -> Amount {
        Amount {
            low,
            high,
            point: None,
            end,
            last: end - 1,
            people,
        }
    }
}

/// Reads the quantity whose number starts at `start`, if one does, with its
/// modifiers; nothing outside `limit` (the sentence) is read.
pub(crate) fn read_quantity(words: &Words, start: usize, limit: Range<usize>) -> Option<Quantity> {
    let (first, amount) = read_amount(words, start, &limit)?;
    // Modifiers come before the number: up to three words.
    let from = first.saturating_sub(3).max(limit.start);
    let before = [0, 1, 2].map(|k| {
        if from + k < first {
            words.lower(from + k)
        } else {
            Lower::new("")
        }
    });
    let n_before = first - from;
    let before_words = [before[0].as_str(), before[1].as_str(), before[2].as_str()];
    let (mut modifier, n_modifier_words) = match lexicon::modifier_before(&before_words[..n_before])
    {
        Some((modifier, n)) => (Some(modifier), n),
        None => (None, 0),
    };
    let mut amount = amount;
    let mut end = amount.end;
    // A range: "20 to 25", "20-25", "two or three", "between 20 and 30".
    if let Some(joiner) = (end < limit.end).then(|| words.lower(end))
        && end + 1 < limit.end
    {
        let joins = match joiner.as_str() {
            "to" | "-" | "–" | "or" => modifier != Some(Modifier::Between),
            "and" => modifier == Some(Modifier::Between),
            _ => false,
        };
        if joins
            && amount.point.is_some()
            && let Some((second_first, second)) = read_amount(words, end + 1, &limit)
            && second_first == end + 1
            && second.high >= amount.low
            && (second.high > amount.high || joiner.as_str() == "or")
        {
            amount = Amount {
                low: amount.low,
                high: second.high,
                point: None,
                end: second.end,
                last: second.last,
                people: second.people,
            };
            end = second.end;
        }
    }
    if modifier == Some(Modifier::Between) && amount.point.is_some() {
        // "between 20" with no second number is no range.
        modifier = None;
    }
    // "30 or so", "30 or more".
    if end + 1 < limit.end && words.lower(end).as_str() == "or" {
        match words.lower(end + 1).as_str() {
            "so" if modifier.is_none() => {
                modifier = Some(Modifier::Approximately);
                end += 2;
            }
            "more" if modifier.is_none() => {
                modifier = Some(Modifier::AtLeast);
                end += 2;
            }
            _ => {}
        }
    }
    let (low, high) = apply(modifier, &amount);
    let first_token = if modifier.is_some() && n_modifier_words > 0 {
        first - n_modifier_words
    } else {
        first
    };
    let span = Span::new(
        words.tokens[first_token].span.start(),
        words.tokens[end - 1].span.end(),
    );
    Some(Quantity {
        low,
        high,
        point: amount.point,
        span,
        tokens: first_token..end,
        number_token: amount.last,
        people: amount.people,
        modified: modifier.is_some_and(|m| m != Modifier::Neutral),
    })
}

/// Rounds `value * tenths / 10` half up.
fn tenths(value: u64, tenths: u64) -> u64 {
    (value.saturating_mul(tenths).saturating_add(5)) / 10
}

fn apply(modifier: Option<Modifier>, amount: &Amount) -> (u64, Option<u64>) {
    match (modifier, amount.point) {
        (Some(Modifier::Approximately), Some(n)) => (tenths(n, 9), Some(tenths(n, 11))),
        (Some(Modifier::Nearly), Some(n)) => (tenths(n, 9), Some(n)),
        (Some(Modifier::AtLeast), _) => (amount.low, None),
        (Some(Modifier::UpTo), _) => (amount.high.min(1), Some(amount.high)),
        _ => (amount.low, Some(amount.high)),
    }
}

/// The number starting at `start`, with the words that belong to it before
/// ("a dozen", "half a dozen"): returns its first token and the amount.
fn read_amount(words: &Words, start: usize, limit: &Range<usize>) -> Option<(usize, Amount)> {
    if start >= limit.end {
        return None;
    }
    if words.is_number(start) {
        return read_digits(words, start, limit).map(|amount| (start, amount));
    }
    let word = words.lower(start);
    let word = word.as_str();
    let previous = |back: usize| -> Lower {
        if start >= limit.start + back {
            words.lower(start - back)
        } else {
            Lower::new("")
        }
    };
    if lexicon::small_number(word).is_some() {
        // "no one", "one another" are no quantities.
        if word == "one" {
            // "no one", "the one detained", "any one of them".
            if matches!(
                previous(1).as_str(),
                "no" | "the" | "this" | "that" | "any" | "every" | "each" | "which"
            ) {
                return None;
            }
            if start + 1 < limit.end && words.lower(start + 1).as_str() == "another" {
                return None;
            }
        }
        return read_number_words(words, start, limit, 0).map(|amount| (start, amount));
    }
    match word {
        "dozen" => {
            let a = previous(1);
            if a.as_str() != "a" {
                return None;
            }
            if previous(2).as_str() == "half" {
                return Some((start - 2, Amount::exact(6, start + 1)));
            }
            Some((start - 1, Amount::exact(12, start + 1)))
        }
        "hundred" | "thousand" | "million" => {
            if previous(1).as_str() != "a" {
                return None;
            }
            read_number_words(words, start, limit, 1).map(|amount| (start - 1, amount))
        }
        "tens" => {
            // "tens of thousands".
            let (low, high) = of_scale(words, start + 1, limit, 20, 99)?;
            Some((
                start,
                Amount::vague(low, high, start + 3, OfPhrase::Required),
            ))
        }
        _ => {
            if let Some((low, high, _)) = lexicon::vague_plural(word) {
                // "hundreds of thousands" multiplies; "hundreds of people" does not.
                if let Some((low, high)) = of_scale(words, start + 1, limit, low, high) {
                    return Some((
                        start,
                        Amount::vague(low, high, start + 3, OfPhrase::Required),
                    ));
                }
                return Some((
                    start,
                    Amount::vague(low, high, start + 1, OfPhrase::Required),
                ));
            }
            let (low, high, needs_a) = lexicon::vague_count(word)?;
            let first = if needs_a {
                if previous(1).as_str() != "a" {
                    return None;
                }
                start - 1
            } else {
                start
            };
            // "several hundred", "a few thousand", "several dozen".
            if start + 1 < limit.end {
                let next = words.lower(start + 1);
                let unit = match next.as_str() {
                    "dozen" => Some(12),
                    other => lexicon::scale(other),
                };
                if let Some(unit) = unit {
                    return Some((
                        first,
                        Amount::vague(low * unit, high * unit, start + 2, OfPhrase::Optional),
                    ));
                }
            }
            Some((
                first,
                Amount::vague(low, high, start + 1, OfPhrase::Optional),
            ))
        }
    }
}

/// "of thousands" / "of millions" after a vague word: the range in those units.
fn of_scale(
    words: &Words,
    of_idx: usize,
    limit: &Range<usize>,
    low: u64,
    high: u64,
) -> Option<(u64, u64)> {
    if of_idx + 1 >= limit.end || words.lower(of_idx).as_str() != "of" {
        return None;
    }
    let unit = match words.lower(of_idx + 1).as_str() {
        "hundreds" => 100,
        "thousands" => 1_000,
        "millions" => 1_000_000,
        _ => return None,
    };
    Some((low * unit, high * unit + (unit - 1)))
}

/// Number words from `start` ("thirty-two", "one hundred and twenty", "two
/// thousand", "two dozen"); `implied` is 1 when an "a" before stands for one.
fn read_number_words(
    words: &Words,
    start: usize,
    limit: &Range<usize>,
    implied: u64,
) -> Option<Amount> {
    let mut total: u64 = 0;
    let mut current: u64 = implied;
    let mut idx = start;
    while idx < limit.end {
        let word = words.lower(idx);
        let word = word.as_str();
        if let Some(value) = lexicon::small_number(word) {
            // Units fill the tens ("thirty two"), tens and units fill the
            // hundreds ("one hundred twenty"); anything else ends the number.
            let fits = current == 0
                || current.is_multiple_of(100)
                || (current.is_multiple_of(10) && value < 10);
            if !fits {
                break;
            }
            current += value;
            idx += 1;
            // "thirty-two": the hyphen is its own token, touching both sides.
            if value >= 20
                && idx + 1 < limit.end
                && words.text(idx) == "-"
                && words.touches_next(idx - 1)
                && words.touches_next(idx)
                && let Some(unit) = lexicon::small_number(words.lower(idx + 1).as_str())
                && unit < 10
            {
                current += unit;
                idx += 2;
            }
            continue;
        }
        match word {
            "hundred" if current < 100 => {
                current = current.max(1) * 100;
                idx += 1;
            }
            "thousand" | "million" | "billion" => {
                let unit = lexicon::scale(word)?;
                total = total.checked_add(current.max(1).checked_mul(unit)?)?;
                current = 0;
                idx += 1;
            }
            "and"
                if (current >= 100 || total > 0)
                    && idx + 1 < limit.end
                    && lexicon::small_number(words.lower(idx + 1).as_str()).is_some() =>
            {
                idx += 1;
            }
            "dozen" if total == 0 && current > 0 && current < 100 => {
                current *= 12;
                idx += 1;
                break;
            }
            _ => break,
        }
    }
    let value = total.checked_add(current)?;
    (value > 0 && value <= MAX_COUNT && idx > start).then(|| Amount::exact(value, idx))
}

/// Digits: "30", "1,200", "12 000", "1.5 million", "2 thousand".
fn read_digits(words: &Words, start: usize, limit: &Range<usize>) -> Option<Amount> {
    let text = words.text(start);
    let digits = parse_digits(text)?;
    let mut end = start + 1;
    let unit = |end: usize| -> Option<u64> {
        (end < limit.end)
            .then(|| lexicon::scale(words.lower(end).as_str()))
            .flatten()
    };
    let value = match digits {
        Digits::Integer(mut value) => {
            // "12 000": groups of three digits split by one space.
            if text.len() <= 3 {
                while end < limit.end
                    && words.is_number(end)
                    && words.text(end).len() == 3
                    && words.text(end).bytes().all(|b| b.is_ascii_digit())
                    && gap_is_one_space(words, end - 1)
                {
                    value = value * 1_000 + parse_integer(words.text(end))?;
                    end += 1;
                }
            }
            // "300 thousand", "2 million".
            if let Some(unit) = unit(end) {
                value = value.checked_mul(unit)?;
                end += 1;
            }
            value
        }
        // A decimal counts people only with a scale word: "1.5 million".
        Digits::Decimal {
            whole,
            fraction,
            fraction_digits,
        } => {
            let unit = unit(end)?;
            end += 1;
            let divisor = 10u64.checked_pow(fraction_digits)?;
            whole.checked_mul(unit)? + fraction.checked_mul(unit)? / divisor
        }
    };
    (value <= MAX_COUNT).then(|| Amount::exact(value, end))
}

fn gap_is_one_space(words: &Words, idx: usize) -> bool {
    let gap = &words.text[words.tokens[idx].span.end()..words.tokens[idx + 1].span.start()];
    matches!(gap, " " | "\u{a0}" | "\u{202f}" | "\u{2009}")
}

enum Digits {
    Integer(u64),
    Decimal {
        whole: u64,
        fraction: u64,
        fraction_digits: u32,
    },
}

/// "30", "1,200" (groups of three), "1.5"; anything else (dates, times,
/// ordinals, "1990s") is not a plain number.
fn parse_digits(text: &str) -> Option<Digits> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes[0].is_ascii_digit() {
        return None;
    }
    if bytes.iter().all(u8::is_ascii_digit) {
        if bytes.len() > 1 && bytes[0] == b'0' {
            return None;
        }
        return parse_integer(text).map(Digits::Integer);
    }
    if let Some((whole, fraction)) = text.split_once('.') {
        if whole.is_empty()
            || fraction.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
            || fraction.len() > 6
        {
            return None;
        }
        return Some(Digits::Decimal {
            whole: parse_integer(whole)?,
            fraction: parse_integer(fraction)?,
            fraction_digits: fraction.len() as u32,
        });
    }
    let mut groups = text.split(',');
    let head = groups.next()?;
    if head.is_empty() || head.len() > 3 || !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut value = parse_integer(head)?;
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        value = value.checked_mul(1_000)? + parse_integer(group)?;
    }
    Some(Digits::Integer(value))
}

fn parse_integer(text: &str) -> Option<u64> {
    if text.len() > 12 {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sift_core::{Doc, Headline, Stage};

    /// Text, then the expected low, high, point and span text.
    type Case = (&'static str, u64, Option<u64>, Option<u64>, &'static str);

    /// Reads the first quantity of `text` with the real tokenizer.
    fn first(text: &str) -> Option<(u64, Option<u64>, Option<u64>, String)> {
        let mut doc = Doc::from_text(text, Headline::None).unwrap();
        sift_lang::TextBasics::new().run(&mut doc);
        quantities(doc.text(), doc.tokens())
            .first()
            .map(|q| (q.low, q.high, q.point, doc.slice(q.span).to_string()))
    }

    #[test]
    fn quantities_normalize_to_ranges() {
        let table: &[Case] = &[
            ("killed 30 people", 30, Some(30), Some(30), "30"),
            ("killed 1,200 people", 1200, Some(1200), Some(1200), "1,200"),
            (
                "some 12 000 residents",
                10800,
                Some(13200),
                Some(12000),
                "some 12 000",
            ),
            ("thirty-two civilians", 32, Some(32), Some(32), "thirty-two"),
            (
                "Forty-five demonstrators",
                45,
                Some(45),
                Some(45),
                "Forty-five",
            ),
            (
                "one hundred and twenty people",
                120,
                Some(120),
                Some(120),
                "one hundred and twenty",
            ),
            (
                "two thousand troops",
                2000,
                Some(2000),
                Some(2000),
                "two thousand",
            ),
            (
                "fifteen thousand people",
                15000,
                Some(15000),
                Some(15000),
                "fifteen thousand",
            ),
            ("a dozen soldiers", 12, Some(12), Some(12), "a dozen"),
            (
                "half a dozen protesters",
                6,
                Some(6),
                Some(6),
                "half a dozen",
            ),
            ("two dozen people", 24, Some(24), Some(24), "two dozen"),
            ("a hundred people", 100, Some(100), Some(100), "a hundred"),
            ("about 30 fighters", 27, Some(33), Some(30), "about 30"),
            (
                "about a dozen people",
                11,
                Some(13),
                Some(12),
                "about a dozen",
            ),
            ("roughly 75 people", 68, Some(83), Some(75), "roughly 75"),
            (
                "an estimated 250,000 people",
                225000,
                Some(275000),
                Some(250000),
                "an estimated 250,000",
            ),
            ("nearly 40 troops", 36, Some(40), Some(40), "nearly 40"),
            (
                "nearly two dozen",
                22,
                Some(24),
                Some(24),
                "nearly two dozen",
            ),
            ("at least 12 people", 12, None, Some(12), "at least 12"),
            (
                "more than 100 people",
                100,
                None,
                Some(100),
                "more than 100",
            ),
            (
                "more than a dozen soldiers",
                12,
                None,
                Some(12),
                "more than a dozen",
            ),
            (
                "no fewer than 9 people",
                9,
                None,
                Some(9),
                "no fewer than 9",
            ),
            ("over 100 people", 100, None, Some(100), "over 100"),
            ("30 or more people", 30, None, Some(30), "30 or more"),
            ("up to 40 people", 1, Some(40), Some(40), "up to 40"),
            (
                "as many as 300 people",
                1,
                Some(300),
                Some(300),
                "as many as 300",
            ),
            (
                "between 20 and 30 villagers",
                20,
                Some(30),
                None,
                "between 20 and 30",
            ),
            ("20 to 25 people", 20, Some(25), None, "20 to 25"),
            ("20-25 militants", 20, Some(25), None, "20-25"),
            ("two or three people", 2, Some(3), None, "two or three"),
            ("several passers-by", 3, Some(9), None, "several"),
            ("a few people", 2, Some(5), None, "a few"),
            ("a handful of demonstrators", 2, Some(5), None, "a handful"),
            ("dozens of people", 24, Some(99), None, "dozens"),
            ("scores of people", 40, Some(99), None, "scores"),
            ("hundreds of people", 200, Some(999), None, "hundreds"),
            (
                "thousands of villagers",
                2000,
                Some(9999),
                None,
                "thousands",
            ),
            (
                "tens of thousands of people",
                20000,
                Some(99999),
                None,
                "tens of thousands",
            ),
            (
                "hundreds of thousands of people",
                200000,
                Some(999999),
                None,
                "hundreds of thousands",
            ),
            (
                "several hundred students",
                300,
                Some(900),
                None,
                "several hundred",
            ),
            (
                "a few hundred soldiers",
                200,
                Some(500),
                None,
                "a few hundred",
            ),
            (
                "several dozen protesters",
                36,
                Some(108),
                None,
                "several dozen",
            ),
            (
                "2.5 million people",
                2500000,
                Some(2500000),
                Some(2500000),
                "2.5 million",
            ),
            (
                "about 2.5 million people",
                2250000,
                Some(2750000),
                Some(2500000),
                "about 2.5 million",
            ),
        ];
        for &(text, low, high, point, span) in table {
            assert_eq!(
                first(text),
                Some((low, high, point, span.to_string())),
                "{text:?}"
            );
        }
    }

    #[test]
    fn plain_words_and_odd_numbers_are_no_quantities() {
        for text in [
            "no one was hurt",
            "they blamed one another",
            "the 1990s",
            "at 4:35 in the morning",
            "on 12/03/2016",
            "the 2nd brigade",
            "many people",
        ] {
            assert_eq!(first(text), None, "{text:?}");
        }
        assert_eq!(
            first("a magnitude 7.1 quake"),
            None,
            "a bare decimal is no count"
        );
    }
}
