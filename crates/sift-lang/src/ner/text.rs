//! Per-token facts the recognizer reads, computed once per sentence without
//! allocating a string per token: case-folded hashes, affixes, shape and
//! capitalization.

/// Folds a character for matching: lower case, and the common Latin accents
/// dropped, so that `Zürich`, `ZURICH` and `Zurich` meet.
fn fold_char(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
        return;
    }
    let base = match c {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => 'a',
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Č' | 'č' => 'c',
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => 'e',
        'Ì'..='Ï' | 'ì'..='ï' | 'Ī' | 'ī' | 'İ' | 'ı' => 'i',
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ň' | 'ň' => 'n',
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō' | 'ō' | 'Ő' | 'ő' => 'o',
        'Ù'..='Ü' | 'ù'..='ü' | 'Ū' | 'ū' | 'Ů' | 'ů' | 'Ű' | 'ű' => 'u',
        'Ý' | 'ý' | 'ÿ' => 'y',
        'Ś' | 'ś' | 'Š' | 'š' | 'Ş' | 'ş' => 's',
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => 'z',
        'Ł' | 'ł' => 'l',
        'Ř' | 'ř' => 'r',
        'Ď' | 'ď' | 'Đ' | 'đ' => 'd',
        'Ť' | 'ť' => 't',
        'Ğ' | 'ğ' => 'g',
        '\u{2019}' | '\u{2018}' => '\'',
        _ => {
            for lower in c.to_lowercase() {
                emit(lower);
            }
            return;
        }
    };
    emit(base);
}

/// A fast, deterministic 64-bit hash of the folded form of `text`.
///
/// Gazetteer phrases are stored as folded token strings and hashed with this
/// same function when the model loads, so run-time tokens match them without
/// building a lower-cased copy.
pub(crate) fn folded_hash(text: &str) -> u64 {
    let mut hash = FoldHasher::new();
    for c in text.chars() {
        fold_char(c, |folded| hash.push_char(folded));
    }
    hash.finish()
}

/// The folded form as a string, for building gazetteers at training time.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, |folded| out.push(folded));
    }
    out
}

struct FoldHasher(u64);

impl FoldHasher {
    fn new() -> FoldHasher {
        FoldHasher(0xcbf2_9ce4_8422_2325)
    }

    fn push_char(&mut self, c: char) {
        self.0 = (self.0 ^ u64::from(u32::from(c))).wrapping_mul(0x0000_0100_0000_01B3);
    }

    fn finish(&self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    }
}

/// Combines a phrase-so-far hash with the next token's hash (order matters).
pub(crate) fn extend_phrase(phrase: u64, token: u64) -> u64 {
    (phrase.rotate_left(17) ^ token).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5851_F42D
}

/// The hash a phrase starts from.
pub(crate) const PHRASE_SEED: u64 = 0x2545_F491_4F6C_DD1D;

/// Capitalization facts, as bits.
pub(crate) mod case {
    /// First letter upper case, some later letter lower case (`Aleppo`).
    pub const TITLE: u8 = 1;
    /// Every letter upper case, at least two letters (`NATO`).
    pub const ALL_CAPS: u8 = 2;
    /// No upper-case letter at all.
    pub const LOWER: u8 = 4;
    /// Contains a digit.
    pub const DIGIT: u8 = 8;
    /// Contains at least one letter.
    pub const LETTER: u8 = 16;
    /// Starts with an upper-case letter.
    pub const INITIAL_CAP: u8 = 32;
}

/// What the feature templates need to know about one token.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TokenFacts {
    pub exact: u64,
    pub folded: u64,
    pub shape: u64,
    pub prefixes: [u64; 3],
    pub suffixes: [u64; 4],
    pub case: u8,
    pub n_chars: u8,
    /// How the word is usually written in running news text (see
    /// `WordTable`); 0 when unknown.
    pub profile: u8,
}

impl TokenFacts {
    pub(crate) fn of(text: &str) -> TokenFacts {
        let mut facts = TokenFacts {
            exact: crate::linear::hash_str(text),
            folded: folded_hash(text),
            ..TokenFacts::default()
        };
        let mut n_upper = 0usize;
        let mut n_lower = 0usize;
        let mut n_chars = 0usize;
        let mut shape = FoldHasher::new();
        let mut last_class = '\0';
        let mut run = 0;
        let mut first_is_upper = false;
        for (idx, c) in text.chars().enumerate() {
            n_chars += 1;
            let class = if c.is_uppercase() {
                n_upper += 1;
                if idx == 0 {
                    first_is_upper = true;
                }
                'X'
            } else if c.is_lowercase() {
                n_lower += 1;
                'x'
            } else if c.is_ascii_digit() {
                facts.case |= case::DIGIT;
                'd'
            } else if c.is_alphabetic() {
                n_lower += 1;
                'x'
            } else {
                c
            };
            // Runs longer than two collapse, so `Xxxxx` and `Xxx` share a shape.
            if class == last_class {
                run += 1;
            } else {
                run = 1;
                last_class = class;
            }
            if run <= 2 {
                shape.push_char(class);
            }
        }
        facts.shape = shape.finish();
        facts.n_chars = n_chars.min(255) as u8;
        if n_upper + n_lower > 0 {
            facts.case |= case::LETTER;
        }
        if first_is_upper {
            facts.case |= case::INITIAL_CAP;
            if n_lower > 0 {
                facts.case |= case::TITLE;
            }
        }
        if n_upper >= 2 && n_lower == 0 {
            facts.case |= case::ALL_CAPS;
        }
        if n_upper == 0 {
            facts.case |= case::LOWER;
        }
        // Affixes of the folded form, by characters.
        for len in 1..=3 {
            if len < n_chars {
                let end = text.char_indices().nth(len).map_or(text.len(), |(o, _)| o);
                facts.prefixes[len - 1] = folded_hash(&text[..end]);
            }
        }
        for len in 1..=4 {
            if len < n_chars {
                let start = text.char_indices().rev().nth(len - 1).map_or(0, |(o, _)| o);
                facts.suffixes[len - 1] = folded_hash(&text[start..]);
            }
        }
        facts
    }

    pub(crate) fn is(&self, bit: u8) -> bool {
        self.case & bit != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_common_accents() {
        assert_eq!(folded_hash("Zürich"), folded_hash("ZURICH"));
        assert_eq!(fold("São Paulo"), "sao paulo");
        assert_ne!(folded_hash("Paris"), folded_hash("Parts"));
    }

    #[test]
    fn case_facts() {
        let title = TokenFacts::of("Aleppo");
        assert!(title.is(case::TITLE) && !title.is(case::ALL_CAPS));
        assert!(TokenFacts::of("NATO").is(case::ALL_CAPS));
        assert!(TokenFacts::of("troops").is(case::LOWER));
        assert_eq!(TokenFacts::of("Xxxxx").shape, TokenFacts::of("Abc").shape);
        let _ = TokenFacts::of("");
        let _ = TokenFacts::of("é");
    }
}
