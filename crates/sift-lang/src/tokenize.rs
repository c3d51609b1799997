use sift_core::{Span, Token, TokenKind};

use crate::lexicon;

/// Splits `text` into tokens following UD English EWT conventions.
///
/// Tokens are byte spans in text order; they never overlap and never cover
/// whitespace. Clitics that EWT treats as separate syntactic words (`n't`,
/// `'s`, `'ll`, the `na` of `gonna`) are their own tokens with
/// `joins_previous` set.
///
/// Runs in time linear in the length of the text and never panics.
pub fn tokenize(text: &str) -> Vec<Token> {
    // News averages a little under six bytes per token; reserving close to
    // that avoids most regrowth without overcommitting on long texts.
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        tokens: Vec::with_capacity(text.len() / 5 + 1),
    };
    scanner.run();
    scanner.tokens
}

/// Character classes for ASCII bytes: the hot loop looks them up instead of
/// branching on ranges.
const SPACE: u8 = 1;
const LETTER: u8 = 2;
const DIGIT: u8 = 4;
const NON_ASCII: u8 = 8;

static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] =
            if b == b' ' || b == b'\t' || b == b'\n' || b == b'\r' || b == 0x0b || b == 0x0c {
                SPACE
            } else if b.is_ascii_alphabetic() {
                LETTER
            } else if b.is_ascii_digit() {
                DIGIT
            } else if b >= 0x80 {
                NON_ASCII
            } else {
                0
            };
        byte += 1;
    }
    table
};

/// What a non-ASCII character is, for tokenization purposes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wide {
    Space,
    /// Letters, marks and anything else that continues a word.
    Wordish,
    Punct,
    Symbol,
    /// Zero-width joiners and variation selectors, which glue onto the
    /// preceding token (emoji sequences).
    Glue,
    /// Zero-width spaces and byte-order marks: invisible separators.
    Invisible,
}

fn classify_wide(c: char) -> Wide {
    let code = c as u32;
    if c.is_whitespace() {
        return Wide::Space;
    }
    match code {
        0x200B | 0xFEFF | 0x2060 => Wide::Invisible,
        0x200C | 0x200D | 0xFE00..=0xFE0F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F => Wide::Glue,
        0x0080..=0x009F => Wide::Symbol,
        0x00A1 | 0x00A7 | 0x00AB | 0x00B6 | 0x00B7 | 0x00BB | 0x00BF => Wide::Punct,
        0x00A2..=0x00AE | 0x00B0 | 0x00B1 | 0x00B4 | 0x00B8 | 0x00D7 | 0x00F7 => Wide::Symbol,
        0x2010..=0x2027 | 0x2030..=0x205E => Wide::Punct,
        0x20A0..=0x20CF | 0x2100..=0x2BFF => Wide::Symbol,
        0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 => {
            Wide::Punct
        }
        0xFFF0..=0xFFFF | 0x1F000..=0x1FAFF | 0xE000..=0xF8FF => Wide::Symbol,
        _ => Wide::Wordish,
    }
}

fn is_wordish_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        classify_wide(c) == Wide::Wordish
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_sentence_punct(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '\u{2026}')
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    tokens: Vec<Token>,
}

impl Scanner<'_> {
    fn run(&mut self) {
        let n = self.bytes.len();
        let mut pos = 0;
        while pos < n {
            let class = CLASS[self.bytes[pos] as usize];
            if class == SPACE {
                pos += 1;
                continue;
            }
            if class == NON_ASCII {
                let c = self.char_at(pos);
                if matches!(classify_wide(c), Wide::Space | Wide::Invisible) {
                    pos += c.len_utf8();
                    continue;
                }
            }
            let chunk_end = self.chunk_end(pos);
            self.chunk(pos, chunk_end);
            pos = chunk_end;
        }
    }

    /// The end of the whitespace-free run starting at `start`.
    fn chunk_end(&self, start: usize) -> usize {
        let n = self.bytes.len();
        let mut pos = start;
        while pos < n {
            match CLASS[self.bytes[pos] as usize] {
                SPACE => return pos,
                NON_ASCII => {
                    let c = self.char_at(pos);
                    if matches!(classify_wide(c), Wide::Space | Wide::Invisible) {
                        return pos;
                    }
                    pos += c.len_utf8();
                }
                _ => pos += 1,
            }
        }
        n
    }

    fn char_at(&self, pos: usize) -> char {
        // Callers only pass positions on character boundaries below the end.
        self.text[pos..].chars().next().unwrap_or('\u{FFFD}')
    }

    fn char_before(&self, pos: usize) -> Option<char> {
        self.text[..pos].chars().next_back()
    }

    fn push(&mut self, start: usize, end: usize, kind: TokenKind, joins_previous: bool) {
        if start < end {
            self.tokens.push(Token {
                span: Span::new(start, end),
                kind,
                joins_previous,
            });
        }
    }

    /// Tokenizes one whitespace-free chunk.
    fn chunk(&mut self, start: usize, end: usize) {
        if let Some((core_start, core_end, kind)) = self.url_or_email(start, end) {
            self.pieces(start, core_start);
            self.push(core_start, core_end, kind, false);
            self.pieces(core_end, end);
        } else {
            self.pieces(start, end);
        }
    }

    /// Finds a URL, e-mail address or bare domain filling the chunk once
    /// surrounding brackets, quotes and trailing punctuation are set aside.
    fn url_or_email(&self, start: usize, end: usize) -> Option<(usize, usize, TokenKind)> {
        let bytes = self.bytes;
        // Cheap rejection first: every candidate contains `.`, `:` or `@`.
        let chunk = &bytes[start..end];
        let has_at = memchr::memchr(b'@', chunk).is_some();
        if !has_at && memchr::memchr2(b'.', b':', chunk).is_none() {
            return None;
        }
        let mut core_start = start;
        while core_start < end
            && matches!(bytes[core_start], b'(' | b'[' | b'{' | b'<' | b'"' | b'\'')
        {
            core_start += 1;
        }
        let mut core_end = end;
        while core_end > core_start
            && let Some(c) = self.char_before(core_end)
            && is_trailing_punct(c)
        {
            core_end -= c.len_utf8();
        }
        // Leading curly quotes are multi-byte; strip them separately.
        while core_start < core_end {
            let c = self.char_at(core_start);
            if matches!(c, '\u{201C}' | '\u{2018}' | '\u{00AB}') {
                core_start += c.len_utf8();
            } else {
                break;
            }
        }
        if core_start >= core_end {
            return None;
        }
        let core = &self.text[core_start..core_end];
        if has_url_scheme(core) {
            return Some((core_start, core_end, TokenKind::Url));
        }
        if has_at && is_email(core) {
            return Some((core_start, core_end, TokenKind::Email));
        }
        if is_bare_domain(core) {
            return Some((core_start, core_end, TokenKind::Url));
        }
        None
    }

    /// Tokenizes `[start, end)`, a chunk or the part of one around a URL.
    fn pieces(&mut self, start: usize, end: usize) {
        let mut pos = start;
        while pos < end {
            let byte = self.bytes[pos];
            let class = CLASS[byte as usize];
            pos = if class & (LETTER | DIGIT) != 0 {
                self.word(pos, start, end)
            } else if class == NON_ASCII {
                let c = self.char_at(pos);
                match classify_wide(c) {
                    Wide::Wordish => self.word(pos, start, end),
                    Wide::Glue => self.glue(pos, c),
                    Wide::Space | Wide::Invisible => pos + c.len_utf8(),
                    Wide::Punct => self.wide_punct(pos, end, c),
                    Wide::Symbol => self.symbol(pos, end, c),
                }
            } else {
                self.ascii_punct(pos, start, end)
            };
        }
    }

    /// A joiner or variation selector extends the previous token when it
    /// touches it, and is otherwise a symbol of its own.
    fn glue(&mut self, pos: usize, c: char) -> usize {
        let next = pos + c.len_utf8();
        if let Some(last) = self.tokens.last_mut()
            && last.span.end() == pos
        {
            last.span = Span::new(last.span.start(), next);
            return next;
        }
        self.push(pos, next, TokenKind::Symbol, false);
        next
    }

    fn symbol(&mut self, pos: usize, end: usize, c: char) -> usize {
        let mut next = pos + c.len_utf8();
        // Keep an emoji sequence (base, modifiers, joiners) in one token.
        while next < end {
            let following = self.char_at(next);
            let after_joiner = self.char_before(next) == Some('\u{200D}');
            let class = if following.is_ascii() {
                Wide::Punct
            } else {
                classify_wide(following)
            };
            if class == Wide::Glue || (after_joiner && class == Wide::Symbol) {
                next += following.len_utf8();
            } else {
                break;
            }
        }
        self.push(pos, next, TokenKind::Symbol, false);
        next
    }

    fn wide_punct(&mut self, pos: usize, end: usize, c: char) -> usize {
        let mut next = pos + c.len_utf8();
        if c == '\u{2026}' {
            return self.sentence_punct_run(pos, end);
        }
        if is_apostrophe(c) {
            return self.apostrophe(pos, end);
        }
        // Runs of one dash (`——`) are a single token, as `--` is.
        if matches!(c, '\u{2013}' | '\u{2014}' | '\u{2015}') {
            while next < end && self.text[next..].starts_with(c) {
                next += c.len_utf8();
            }
        }
        self.push(pos, next, TokenKind::Punct, false);
        next
    }

    fn sentence_punct_run(&mut self, pos: usize, end: usize) -> usize {
        let mut next = pos;
        while next < end {
            let c = self.char_at(next);
            if is_sentence_punct(c) {
                next += c.len_utf8();
            } else {
                break;
            }
        }
        self.push(pos, next, TokenKind::Punct, false);
        next
    }

    fn same_byte_run(&self, pos: usize, end: usize) -> usize {
        let byte = self.bytes[pos];
        let mut next = pos + 1;
        while next < end && self.bytes[next] == byte {
            next += 1;
        }
        next
    }

    fn ascii_punct(&mut self, pos: usize, chunk_start: usize, end: usize) -> usize {
        let bytes = self.bytes;
        let byte = bytes[pos];
        let at = |i: usize| if i < end { bytes[i] } else { b' ' };
        match byte {
            b'.' | b'!' | b'?' => {
                // `.5` and `.04` are numbers when nothing word-like precedes.
                let follows_word =
                    pos > chunk_start && CLASS[bytes[pos - 1] as usize] & (LETTER | DIGIT) != 0;
                if byte == b'.' && at(pos + 1).is_ascii_digit() && !follows_word {
                    let first_new = self.tokens.len();
                    let resume = self.word(pos + 1, chunk_start, end);
                    if let Some(number) = self.tokens.get_mut(first_new) {
                        number.span = Span::new(pos, number.span.end());
                    }
                    return resume;
                }
                self.sentence_punct_run(pos, end)
            }
            b':' | b';' | b'=' => {
                if let Some(next) = self.emoticon(pos, end) {
                    self.push(pos, next, TokenKind::Symbol, false);
                    return next;
                }
                let next = if byte == b'=' {
                    self.same_byte_run(pos, end)
                } else {
                    pos + 1
                };
                let kind = if byte == b'=' {
                    TokenKind::Symbol
                } else {
                    TokenKind::Punct
                };
                self.push(pos, next, kind, false);
                next
            }
            b'^' | b'-' if at(pos + 1) == b'_' && at(pos + 2) == byte => {
                self.push(pos, pos + 3, TokenKind::Symbol, false);
                pos + 3
            }
            b'-' | b'`' | b'<' | b'>' | b'*' | b'+' | b'_' | b'~' | b'|' | b'^' => {
                let next = self.same_byte_run(pos, end);
                let kind = if matches!(byte, b'-' | b'`') {
                    TokenKind::Punct
                } else {
                    TokenKind::Symbol
                };
                self.push(pos, next, kind, false);
                next
            }
            b'\'' => self.apostrophe(pos, end),
            b'#' | b'$' | b'%' | b'&' | b'@' | b'\\' | b'/' => {
                self.push(pos, pos + 1, TokenKind::Symbol, false);
                pos + 1
            }
            _ => {
                let kind = if byte < 0x20 || byte == 0x7f {
                    TokenKind::Symbol
                } else {
                    TokenKind::Punct
                };
                self.push(pos, pos + 1, kind, false);
                pos + 1
            }
        }
    }

    /// `:)`, `;-)`, `=)`, `:D` and friends, when nothing word-like follows.
    fn emoticon(&self, pos: usize, end: usize) -> Option<usize> {
        let bytes = self.bytes;
        let mut next = pos + 1;
        if next < end && bytes[next] == b'-' {
            next += 1;
        }
        if next >= end
            || !matches!(
                bytes[next],
                b')' | b'(' | b'D' | b'P' | b'p' | b'/' | b'|' | b'O' | b'o' | b'3'
            )
        {
            return None;
        }
        let mouth = bytes[next];
        next += 1;
        let followed_by_word = next < end && self.char_at(next).is_alphanumeric();
        // `:/` and `:o` only count at the end of a chunk, where a path or a
        // word cannot continue.
        if followed_by_word || (matches!(mouth, b'/' | b'|' | b'o' | b'O' | b'3') && next != end) {
            return None;
        }
        Some(next)
    }

    /// An apostrophe that is not inside a word: a year (`'72`), `'em`, a
    /// doubled quote (`''`), or a lone quote mark.
    fn apostrophe(&mut self, pos: usize, end: usize) -> usize {
        let c = self.char_at(pos);
        let after = pos + c.len_utf8();
        let bytes = self.bytes;
        let digits = count_while(&bytes[after..end], |b| b.is_ascii_digit());
        if digits == 2 {
            let mut next = after + 2;
            if next < end && bytes[next] == b's' {
                next += 1;
            }
            if next == end || !self.char_at(next).is_alphanumeric() {
                self.push(pos, next, TokenKind::Number, false);
                return next;
            }
        }
        if self.text[after..end].starts_with("em")
            && (after + 2 == end || !self.char_at(after + 2).is_alphanumeric())
        {
            self.push(pos, after + 2, TokenKind::Word, false);
            return after + 2;
        }
        if after < end && self.text[after..].starts_with(c) {
            let next = after + c.len_utf8();
            self.push(pos, next, TokenKind::Punct, false);
            return next;
        }
        self.push(pos, after, TokenKind::Punct, false);
        after
    }

    /// Scans a word or number starting at `start` and pushes it, plus any
    /// clitics split off it. Returns where scanning continues.
    fn word(&mut self, start: usize, chunk_start: usize, end: usize) -> usize {
        let bytes = self.bytes;
        let mut pos = start;
        let mut segment_start = start;
        let mut has_inner_period = false;
        let mut has_hyphen = false;
        loop {
            pos = self.wordish_run(pos, end);
            if pos >= end {
                break;
            }
            let byte = bytes[pos];
            let next = pos + self.char_at(pos).len_utf8();
            let next_char = if next < end {
                Some(self.char_at(next))
            } else {
                None
            };
            let next_is_word = next_char.is_some_and(is_wordish_char);
            let prev_is_digit = bytes[pos - 1].is_ascii_digit();
            let next_is_digit = next < end && bytes[next].is_ascii_digit();
            match byte {
                b'.' if next_is_word && !self.is_missing_space(segment_start, pos, end) => {
                    has_inner_period = true;
                    pos = next;
                    segment_start = next;
                }
                b',' if prev_is_digit && next_is_digit => {
                    // Thousands separators take exactly three digits.
                    let digits = count_while(&bytes[next..end], |b| b.is_ascii_digit());
                    if digits != 3 {
                        break;
                    }
                    pos = next;
                    segment_start = next;
                }
                b':' | b'/' if prev_is_digit && next_is_digit => {
                    // EWT keeps dates (`9/11`) but splits simple fractions (`1/2`).
                    let right = count_while(&bytes[next..end], |b| b.is_ascii_digit());
                    let is_fraction = byte == b'/'
                        && segment_start == start
                        && pos - start == 1
                        && right == 1
                        && bytes.get(next + 1).is_none_or(|&b| b != b'/');
                    if is_fraction {
                        break;
                    }
                    pos = next;
                    segment_start = next;
                }
                b'/' if next_is_word
                    && pos - start == 1
                    && self.wordish_run(next, end) - next <= 2 =>
                {
                    // `w/o`, `l/c`, `I/O`: a one-letter host keeps its slash.
                    pos = next;
                    segment_start = next;
                }
                b'&' if next_is_word
                    && pos - segment_start <= 3
                    && self.wordish_run(next, end) - next <= 3 =>
                {
                    // `AT&T`, `Q&A`, `PG&E`.
                    pos = next;
                    segment_start = next;
                }
                b'-' if next_is_word => {
                    match self.hyphen_continues(start, segment_start, pos, end) {
                        Some(resume) => {
                            has_hyphen = true;
                            pos = resume;
                            segment_start = pos;
                        }
                        None => break,
                    }
                }
                b'$' if pos - start <= 3
                    && bytes[start..pos].iter().all(u8::is_ascii_uppercase) =>
                {
                    // `US$`, `HK$`: the currency prefix belongs to the sign.
                    self.push(start, pos + 1, TokenKind::Symbol, false);
                    return pos + 1;
                }
                b'\'' | 0xE2 if byte == b'\'' || self.text[pos..].starts_with('\u{2019}') => {
                    match self.inner_apostrophe(start, pos, end, chunk_start) {
                        Apostrophe::Continue(resume) => {
                            pos = resume;
                            segment_start = resume;
                        }
                        Apostrophe::Split {
                            host_end,
                            clitic_end,
                        } => {
                            let kind = word_kind(&self.text[start..host_end]);
                            self.push(start, host_end, kind, false);
                            self.push(host_end, clitic_end, TokenKind::Word, true);
                            return clitic_end;
                        }
                        Apostrophe::Stop => break,
                    }
                }
                _ => break,
            }
        }
        let mut word_end = pos;
        // A final period belongs to abbreviations, initials and `U.S.`.
        if word_end < end
            && bytes[word_end] == b'.'
            && self.keeps_final_period(start, word_end, has_inner_period, end)
        {
            word_end += 1;
            // `U.S.'s`: a clitic can follow the abbreviation's period.
            if let Some(clitic_end) = self.possessive_after(word_end, end) {
                self.push(start, word_end, TokenKind::Word, false);
                self.push(word_end, clitic_end, TokenKind::Word, true);
                return clitic_end;
            }
        }
        let word = &self.text[start..word_end];
        if !has_inner_period
            && !has_hyphen
            && let Some(host_len) = lexicon::bare_contraction_split(word)
        {
            self.push(start, start + host_len, TokenKind::Word, false);
            self.push(start + host_len, word_end, TokenKind::Word, true);
            return word_end;
        }
        if let Some(number_len) = number_unit_split(word) {
            // `50m`, `10am`: EWT makes the unit a token of its own.
            self.push(start, start + number_len, TokenKind::Number, false);
            self.push(start + number_len, word_end, TokenKind::Word, false);
            return word_end;
        }
        self.push(start, word_end, word_kind(word), false);
        word_end
    }

    /// The end of an `'s` starting at `pos`, when one does.
    fn possessive_after(&self, pos: usize, end: usize) -> Option<usize> {
        let c = self.text[pos..end].chars().next()?;
        let s_pos = pos + c.len_utf8();
        let closed =
            s_pos + 1 == end || (s_pos + 1 < end && !self.char_at(s_pos + 1).is_alphanumeric());
        (is_apostrophe(c) && self.bytes.get(s_pos).is_some_and(|&b| b == b's') && closed)
            .then_some(s_pos + 1)
    }

    /// `said.The`: a lower-case word, a period and a capitalized word is a
    /// sentence end with its space lost, not an abbreviation or a domain.
    fn is_missing_space(&self, segment_start: usize, period: usize, end: usize) -> bool {
        let bytes = self.bytes;
        let left = &bytes[segment_start..period];
        left.len() >= 2
            && left.iter().all(u8::is_ascii_lowercase)
            && period + 2 < end
            && bytes[period + 1].is_ascii_uppercase()
            && bytes[period + 2].is_ascii_lowercase()
    }

    /// The end of the run of letters, digits and marks starting at `pos`.
    fn wordish_run(&self, mut pos: usize, end: usize) -> usize {
        let bytes = self.bytes;
        while pos < end {
            let class = CLASS[bytes[pos] as usize];
            if class & (LETTER | DIGIT) != 0 {
                pos += 1;
            } else if class == NON_ASCII {
                let c = self.char_at(pos);
                if classify_wide(c) == Wide::Wordish {
                    pos += c.len_utf8();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        pos
    }

    /// Decides whether the hyphen at `hyphen` stays inside the word, and if
    /// so where scanning resumes. EWT splits hyphenated compounds except
    /// after a handful of prefixes, and keeps phone-number-like digit groups.
    fn hyphen_continues(
        &self,
        word_start: usize,
        segment_start: usize,
        hyphen: usize,
        end: usize,
    ) -> Option<usize> {
        let bytes = self.bytes;
        let segment = &bytes[segment_start..hyphen];
        if segment_start == word_start && segment.iter().all(u8::is_ascii_digit) {
            let right = count_while(&bytes[hyphen + 1..end], |b| b.is_ascii_digit());
            if right == 0 {
                return None;
            }
            let right_end = hyphen + 1 + right;
            let more_groups = right_end + 1 < end
                && bytes[right_end] == b'-'
                && bytes[right_end + 1].is_ascii_digit();
            let ends_word = right_end == end || !self.char_at(right_end).is_alphanumeric();
            if more_groups {
                // `713-853-3989`, `11-20-2000`: consume every group.
                let mut pos = right_end;
                while pos + 1 < end && bytes[pos] == b'-' && bytes[pos + 1].is_ascii_digit() {
                    pos += 1 + count_while(&bytes[pos + 1..end], |b| b.is_ascii_digit());
                }
                return Some(pos);
            }
            if segment.len() == 3 && right == 4 && ends_word {
                return Some(right_end);
            }
            return None;
        }
        let segment_text = &self.text[segment_start..hyphen];
        if segment_start == word_start && lexicon::is_hyphen_prefix(segment_text) {
            return Some(hyphen + 1);
        }
        None
    }

    fn inner_apostrophe(
        &self,
        word_start: usize,
        apostrophe: usize,
        end: usize,
        chunk_start: usize,
    ) -> Apostrophe {
        let bytes = self.bytes;
        let after = apostrophe + self.char_at(apostrophe).len_utf8();
        let letters = count_while(&bytes[after..end], |b| b.is_ascii_alphabetic());
        let suffix_end = after + letters;
        let suffix_closed = suffix_end == end || !self.char_at(suffix_end).is_alphanumeric();
        let host = &self.text[word_start..apostrophe];
        let host_is_number = host.bytes().all(|b| b.is_ascii_digit());
        if letters > 0 && suffix_closed {
            let suffix = &self.text[after..suffix_end];
            if suffix.eq_ignore_ascii_case("t") && host.len() >= 2 && host.ends_with(['n', 'N']) {
                return Apostrophe::Split {
                    host_end: apostrophe - 1,
                    clitic_end: suffix_end,
                };
            }
            if lexicon::is_apostrophe_clitic(suffix) && !host_is_number {
                return Apostrophe::Split {
                    host_end: apostrophe,
                    clitic_end: suffix_end,
                };
            }
        }
        if letters > 0 {
            // `O'Connell`, `d'etat`, `60's`: the apostrophe is inside a word.
            if host_is_number && suffix_closed {
                return Apostrophe::Continue(suffix_end);
            }
            return Apostrophe::Continue(after);
        }
        // A bare apostrophe after `s` marks a plural possessive unless the
        // word opened with a quote that this one closes.
        let opened_with_quote = word_start > chunk_start && {
            let before = self.char_before(word_start);
            before.is_some_and(|c| matches!(c, '\'' | '\u{2018}'))
        };
        let is_plural = host.ends_with(['s', 'S']) && host.len() >= 2;
        let closed = after == end || !self.char_at(after).is_alphanumeric();
        if is_plural && closed && !opened_with_quote {
            return Apostrophe::Split {
                host_end: apostrophe,
                clitic_end: after,
            };
        }
        Apostrophe::Stop
    }

    fn keeps_final_period(
        &self,
        start: usize,
        period: usize,
        has_inner_period: bool,
        end: usize,
    ) -> bool {
        let bytes = self.bytes;
        // A period that starts an ellipsis is never an abbreviation's.
        if period + 1 < end && bytes[period + 1] == b'.' {
            return false;
        }
        let word = &self.text[start..period];
        if has_inner_period {
            // `U.S.`, `a.m.`, `Ph.D.`: short letter groups between periods.
            let is_dotted = word.split('.').all(|piece| {
                !piece.is_empty()
                    && piece.len() <= 2
                    && piece.bytes().all(|b| b.is_ascii_alphabetic())
            });
            return is_dotted && !self.closes_sentence(word, period);
        }
        if word.len() == 1 {
            // Initials such as `J.`; `I.` is the pronoun ending a sentence.
            return bytes[start].is_ascii_uppercase() && word != "I";
        }
        if word.len() > 7 {
            return false;
        }
        if lexicon::needs_number_after(word) {
            let after = &bytes[period + 1..];
            let gap = count_while(after, |b| b == b' ');
            return after.get(gap).is_some_and(u8::is_ascii_digit);
        }
        lexicon::is_period_abbreviation(word) && !self.closes_sentence(word, period)
    }

    /// EWT gives a sentence-final abbreviation's period to the sentence
    /// (`... in the U.S` + `.`) when the next sentence clearly begins.
    fn closes_sentence(&self, word: &str, period: usize) -> bool {
        if !lexicon::can_end_sentence(word) {
            return false;
        }
        let after = &self.bytes[period + 1..];
        let n_space = count_while(after, |b| b.is_ascii_whitespace());
        if n_space == 0 {
            return after.is_empty();
        }
        let gap = &after[..n_space];
        let next_word = &after[n_space..];
        if next_word.is_empty()
            || memchr::memchr(b'\n', gap).is_some_and(|first| gap[first + 1..].contains(&b'\n'))
        {
            return true;
        }
        let word_len = count_while(next_word, |b| b.is_ascii_alphabetic());
        let next_word = &self.text[period + 1 + n_space..period + 1 + n_space + word_len];
        // `etc.` is almost never followed by a name, so any capital counts.
        let after_etc = word.eq_ignore_ascii_case("etc")
            && next_word.starts_with(|c: char| c.is_ascii_uppercase());
        after_etc || lexicon::is_common_sentence_opener(next_word)
    }
}

enum Apostrophe {
    /// The apostrophe is part of the word; scanning resumes here.
    Continue(usize),
    /// The word ends at `host_end` and a clitic runs to `clitic_end`.
    Split { host_end: usize, clitic_end: usize },
    /// The apostrophe is a closing quote: the word ends before it.
    Stop,
}

/// Punctuation that closes a sentence or a bracket after a URL or address
/// rather than belonging to it.
fn is_trailing_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '>'
            | '"'
            | '\''
            | '\u{201D}'
            | '\u{2019}'
            | '\u{00BB}'
    )
}

fn count_while(bytes: &[u8], predicate: impl Fn(u8) -> bool) -> usize {
    bytes.iter().take_while(|&&b| predicate(b)).count()
}

fn word_kind(word: &str) -> TokenKind {
    let bytes = word.as_bytes();
    let starts_with_digit = bytes.first().is_some_and(u8::is_ascii_digit);
    if starts_with_digit
        && bytes
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b':' | b'/' | b'-'))
    {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

/// The length of the number in a number glued to a unit (`9.3m`, `2pm`).
fn number_unit_split(word: &str) -> Option<usize> {
    let bytes = word.as_bytes();
    if !bytes.first()?.is_ascii_digit() {
        return None;
    }
    let number_len = count_while(bytes, |b| b.is_ascii_digit() || b == b'.' || b == b',');
    let unit = &word[number_len..];
    let is_unit = matches!(
        unit,
        "m" | "k"
            | "b"
            | "bn"
            | "mn"
            | "mm"
            | "cm"
            | "km"
            | "kg"
            | "mg"
            | "ml"
            | "lb"
            | "lbs"
            | "ft"
            | "am"
            | "pm"
            | "AM"
            | "PM"
            | "x"
            | "mph"
            | "kph"
            | "hrs"
            | "hr"
            | "mins"
            | "min"
            | "sec"
            | "secs"
            | "K"
            | "M"
            | "B"
            | "GB"
            | "MB"
            | "TB"
            | "MW"
            | "GW"
            | "kW"
            | "km2"
    );
    (is_unit && bytes[number_len - 1].is_ascii_digit()).then_some(number_len)
}

fn has_url_scheme(core: &str) -> bool {
    let prefix_len = ["http://", "https://", "ftp://", "www.", "mailto:"]
        .iter()
        .find_map(|scheme| {
            let head = core.get(..scheme.len())?;
            head.eq_ignore_ascii_case(scheme).then_some(scheme.len())
        });
    prefix_len.is_some_and(|len| core.len() > len + 1)
}

fn is_email(core: &str) -> bool {
    let Some((local, domain)) = core.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._%+-'".contains(&b))
        && is_domain_name(domain)
}

fn is_domain_name(domain: &str) -> bool {
    let mut labels = 0;
    for label in domain.split('.') {
        if label.is_empty()
            || !label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return false;
        }
        labels += 1;
    }
    labels >= 2
}

/// `Newsday.com`, `whitehouse.gov/news`: a host ending in a known top-level
/// domain, optionally followed by a path.
fn is_bare_domain(core: &str) -> bool {
    let host = core.split_once('/').map_or(core, |(host, _)| host);
    let Some((name, tld)) = host.rsplit_once('.') else {
        return false;
    };
    lexicon::is_top_level_domain(tld)
        && tld.bytes().all(|b| b.is_ascii_lowercase())
        && name.bytes().any(|b| b.is_ascii_alphabetic())
        && is_domain_name(host)
}
