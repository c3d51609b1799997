use sift_core::{Sentence, SentenceKind, Span, Token, TokenKind};

/// Groups `tokens` (as made by [`crate::tokenize`] over `text`) into
/// sentences that partition them in order.
///
/// Blank lines always end a sentence and start a new paragraph. The tokens
/// inside `headline`, when given, form one `Headline` sentence in paragraph
/// 0, and body paragraphs are numbered from 1 after it. A dateline opening
/// the body (`ALEPPO, Syria (Reuters) -`) becomes its own sentence.
pub fn split_sentences(text: &str, tokens: &[Token], headline: Option<Span>) -> Vec<Sentence> {
    let mut splitter = Splitter {
        text,
        tokens,
        sentences: Vec::with_capacity(tokens.len() / 20 + 1),
    };
    let headline_tokens = headline
        .map(|span| {
            let first = tokens.partition_point(|t| t.span.end() <= span.start());
            let last = tokens.partition_point(|t| t.span.start() < span.end());
            first..last.max(first)
        })
        .filter(|range| !range.is_empty());
    match headline_tokens {
        Some(range) => {
            // Text before a headline cannot come from `Doc`, which finds the
            // headline on the first non-empty line; treat it as body anyway.
            splitter.body(0, range.start, 0);
            splitter.push(range.start, range.end, SentenceKind::Headline, 0);
            splitter.body(range.end, tokens.len(), 1);
        }
        None => splitter.body(0, tokens.len(), 0),
    }
    splitter.sentences
}

/// How many body paragraphs may precede a dateline: a byline or a kicker
/// sometimes comes first, but a dateline deep in the text is a false match.
const DATELINE_PARAGRAPHS: u32 = 3;

/// A single newline ends a sentence after a line this short even without
/// final punctuation: such lines are bylines, subheads or list items, while
/// wrapped prose runs longer.
const SHORT_LINE_BYTES: usize = 40;

struct Splitter<'a> {
    text: &'a str,
    tokens: &'a [Token],
    sentences: Vec<Sentence>,
}

impl Splitter<'_> {
    fn push(&mut self, first: usize, end: usize, kind: SentenceKind, paragraph: u32) {
        if first >= end {
            return;
        }
        let span = Span::new(
            self.tokens[first].span.start(),
            self.tokens[end - 1].span.end(),
        );
        self.sentences.push(Sentence {
            span,
            first_token: first as u32,
            n_tokens: (end - first) as u32,
            kind,
            paragraph,
        });
    }

    fn token_text(&self, idx: usize) -> &str {
        &self.text[self.tokens[idx].span.range()]
    }

    /// The whitespace between token `idx - 1` and token `idx`.
    fn gap_before(&self, idx: usize) -> &str {
        &self.text[self.tokens[idx - 1].span.end()..self.tokens[idx].span.start()]
    }

    /// Splits tokens `[first, end)` into paragraphs, then each paragraph into
    /// sentences. Returns nothing; sentences are pushed in order.
    fn body(&mut self, first: usize, end: usize, first_paragraph: u32) {
        let mut paragraph = first_paragraph;
        let mut paragraph_start = first;
        let mut dateline_allowed = true;
        for idx in first + 1..=end {
            let is_break = idx == end || is_paragraph_gap(self.gap_before(idx));
            if !is_break {
                continue;
            }
            if paragraph_start < idx {
                let may_have_dateline =
                    dateline_allowed && paragraph - first_paragraph < DATELINE_PARAGRAPHS;
                if self.paragraph(paragraph_start, idx, paragraph, may_have_dateline) {
                    dateline_allowed = false;
                }
                paragraph += 1;
            }
            paragraph_start = idx;
        }
    }

    /// Splits one paragraph; returns true when it opened with a dateline.
    fn paragraph(
        &mut self,
        first: usize,
        end: usize,
        paragraph: u32,
        may_have_dateline: bool,
    ) -> bool {
        let mut sentence_start = first;
        let dateline = if may_have_dateline {
            self.dateline_end(first, end)
        } else {
            None
        };
        if let Some(dateline_end) = dateline {
            self.push(first, dateline_end, SentenceKind::Dateline, paragraph);
            sentence_start = dateline_end;
        }
        let mut idx = sentence_start;
        while idx < end {
            if let Some(standalone_end) = self.standalone_end(idx, end) {
                if idx > sentence_start {
                    self.push(sentence_start, idx, SentenceKind::Body, paragraph);
                }
                self.push(idx, standalone_end, SentenceKind::Body, paragraph);
                sentence_start = standalone_end;
                idx = standalone_end;
                continue;
            }
            let boundary = if self.is_terminal(idx) {
                let after = self.absorb_closers(idx + 1, end);
                (after < end && self.opens_sentence(idx, after)).then_some(after)
            } else {
                None
            };
            if let Some(next_start) = boundary {
                self.push(sentence_start, next_start, SentenceKind::Body, paragraph);
                sentence_start = next_start;
                idx = next_start;
                continue;
            }
            let next = idx + 1;
            if next < end && self.is_line_break_boundary(sentence_start, next) {
                self.push(sentence_start, next, SentenceKind::Body, paragraph);
                sentence_start = next;
            }
            idx = next;
        }
        self.push(sentence_start, end, SentenceKind::Body, paragraph);
        dateline.is_some()
    }

    /// Tokens that stand as sentences of their own: separator lines (`***`,
    /// `=====`) and e-mail time stamps (`08/16/2000 12:05 PM`). Returns the
    /// end of the standalone run.
    fn standalone_end(&self, idx: usize, end: usize) -> Option<usize> {
        let text = self.token_text(idx);
        let bytes = text.as_bytes();
        let is_separator = bytes.len() >= 3
            && matches!(bytes[0], b'*' | b'=' | b'_' | b'~' | b'#' | b'-')
            && bytes.iter().all(|&b| b == bytes[0]);
        // A rule glued to text (`----== Posted`) is decoration, not a line.
        let stands_apart = |probe: usize| {
            probe == 0 || probe >= self.tokens.len() || !self.gap_before(probe).is_empty()
        };
        if is_separator && stands_apart(idx) && stands_apart(idx + 1) {
            return Some(idx + 1);
        }
        let is_date = self.tokens[idx].kind == TokenKind::Number
            && text.bytes().filter(|&b| b == b'/').count() == 2;
        if is_date && idx + 2 < end {
            let time = self.token_text(idx + 1);
            let meridiem = self.token_text(idx + 2);
            let is_stamp = time.contains(':')
                && time.as_bytes()[0].is_ascii_digit()
                && matches!(meridiem, "AM" | "PM" | "am" | "pm");
            // `... on 08/16/2000 03:14 PM` keeps the stamp in its sentence.
            let follows_preposition =
                idx > 0 && matches!(self.token_text(idx - 1), "on" | "at" | "by" | "On" | "At");
            if is_stamp && !follows_preposition {
                return Some(idx + 3);
            }
        }
        None
    }

    /// Sentence-final punctuation: `.`, `?!`, `...`, and emoticons.
    fn is_terminal(&self, idx: usize) -> bool {
        let token = self.tokens[idx];
        let text = self.token_text(idx);
        match token.kind {
            TokenKind::Punct => text
                .chars()
                .all(|c| matches!(c, '.' | '!' | '?' | '\u{2026}')),
            TokenKind::Symbol => is_emoticon(text),
            _ => false,
        }
    }

    /// Closing quotes and brackets that stick to the sentence end (`."`,
    /// `?)`), and further terminal runs. Returns the first token after them.
    fn absorb_closers(&self, mut idx: usize, end: usize) -> usize {
        while idx < end {
            let text = self.token_text(idx);
            let attached = self.gap_before(idx).is_empty();
            let is_closer = matches!(
                text,
                "\"" | "'" | "''" | ")" | "]" | "}" | "\u{201D}" | "\u{2019}" | "\u{00BB}"
            );
            let is_quote_like = matches!(text, "\"" | "'" | "''");
            // A straight quote after a space opens the next sentence instead.
            if is_closer && (attached || !is_quote_like) || (attached && self.is_terminal(idx)) {
                idx += 1;
            } else {
                break;
            }
        }
        idx
    }

    /// Whether token `next` starts a new sentence after the terminal `terminal`.
    ///
    /// In EWT a capital or a digit after `.`, `?` or `!` starts a sentence
    /// 99% of the time, and so does a lower-case word (95%: web text often
    /// skips capitals); but after a closing quote (`"Why?" he asked`) or an
    /// ellipsis, a lower-case word continues the sentence.
    fn opens_sentence(&self, terminal: usize, next: usize) -> bool {
        let terminal_text = self.token_text(terminal);
        let word = self.token_text(next);
        let Some(first_char) = word.chars().next() else {
            return false;
        };
        let is_ellipsis = terminal_text.starts_with("..") || terminal_text.starts_with('\u{2026}');
        let closers_absorbed = next > terminal + 1;
        if self.gap_before(next).is_empty() {
            // `draft).doc` or `end.The`: only a capital after a glued stop
            // suggests a lost space rather than a file name or a number.
            return first_char.is_uppercase() && !closers_absorbed;
        }
        if matches!(word, "-" | "--" | "\u{2014}" | "\u{2013}") {
            // A dash after a full stop opens a signature or a new clause.
            return !is_ellipsis;
        }
        if first_char.is_uppercase() || first_char.is_ascii_digit() || is_opener(word) {
            return !is_emoticon(terminal_text) || first_char.is_uppercase();
        }
        if first_char.is_lowercase() {
            return !is_ellipsis && !closers_absorbed && !is_emoticon(terminal_text);
        }
        // Symbols, emoji, letters without case: split after a clear stop.
        !first_char.is_ascii_punctuation() && !is_ellipsis
    }

    /// A single newline inside a paragraph ends a sentence when the line
    /// before it is short and the next line starts like a sentence.
    fn is_line_break_boundary(&self, sentence_start: usize, next: usize) -> bool {
        let gap = self.gap_before(next);
        if !gap.contains('\n') {
            return false;
        }
        let line_start = self.tokens[sentence_start].span.start();
        let prev_end = self.tokens[next - 1].span.end();
        let line = &self.text[line_start..prev_end];
        let line_len = line.len() - line.rfind('\n').map_or(0, |idx| idx + 1);
        let prev_text = self.token_text(next - 1);
        let next_starts_upper = self
            .token_text(next)
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || !c.is_alphanumeric());
        line_len <= SHORT_LINE_BYTES
            && next_starts_upper
            && !matches!(prev_text, "," | "-" | "(" | "&")
    }

    /// The end of a dateline opening the paragraph at `first`, if there is one:
    /// `PLACE[, Region][, Date] [(Agency)] -`.
    fn dateline_end(&self, first: usize, end: usize) -> Option<usize> {
        let mut idx = first;
        let mut n_place_words = 0;
        while idx < end && n_place_words < 4 && is_all_caps_word(self.token_text(idx)) {
            idx += 1;
            n_place_words += 1;
        }
        if n_place_words == 0 || n_place_words > 3 || is_kicker(self.token_text(first)) {
            return None;
        }
        if idx < end && self.token_text(idx) == "," {
            idx += 1;
            if let Some(after_date) = self.date(idx, end) {
                idx = after_date;
            } else {
                let region_start = idx;
                while idx < end && idx - region_start < 3 && is_capitalized(self.token_text(idx)) {
                    idx += 1;
                }
                if idx == region_start {
                    return None;
                }
                if idx < end && self.token_text(idx) == "," {
                    idx = self.date(idx + 1, end)?;
                } else if let Some(after_date) = self.date(idx, end) {
                    idx = after_date;
                }
            }
        }
        if idx < end && self.token_text(idx) == "(" {
            let close = (idx + 1..end.min(idx + 6)).find(|&probe| self.token_text(probe) == ")")?;
            if close == idx + 1 {
                return None;
            }
            idx = close + 1;
        }
        if idx >= end {
            return None;
        }
        let dash = self.token_text(idx);
        let is_dash = matches!(dash, "-" | "--" | "\u{2014}" | "\u{2013}" | "\u{2015}");
        // The dash must be followed by the story itself.
        (is_dash && idx + 1 < end).then_some(idx + 1)
    }

    /// `March 3`, `Jan. 5`, `Sept 22, 2016`: returns the token after the date.
    fn date(&self, idx: usize, end: usize) -> Option<usize> {
        if idx + 1 < end
            && is_month(self.token_text(idx))
            && self.tokens[idx + 1].kind == TokenKind::Number
        {
            let is_year = |probe: usize| {
                probe < end
                    && self.tokens[probe].kind == TokenKind::Number
                    && self.token_text(probe).len() == 4
            };
            if idx + 3 < end && self.token_text(idx + 2) == "," && is_year(idx + 3) {
                Some(idx + 4)
            } else {
                Some(idx + 2)
            }
        } else {
            None
        }
    }
}

fn is_paragraph_gap(gap: &str) -> bool {
    let Some(first) = gap.find('\n') else {
        return false;
    };
    gap[first + 1..].contains('\n')
}

fn is_emoticon(text: &str) -> bool {
    let bytes = text.as_bytes();
    (2..=3).contains(&bytes.len())
        && matches!(bytes[0], b':' | b';' | b'=')
        && matches!(bytes[bytes.len() - 1], b')' | b'(' | b'D' | b'P' | b'p')
}

fn is_opener(text: &str) -> bool {
    matches!(
        text,
        "\"" | "'" | "(" | "[" | "\u{201C}" | "\u{2018}" | "\u{00AB}" | "``"
    )
}

fn is_all_caps_word(text: &str) -> bool {
    let mut n_letters = 0;
    for c in text.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            n_letters += 1;
        } else if !matches!(c, '.' | '-' | '\'') {
            return false;
        }
    }
    n_letters >= 2
}

fn is_capitalized(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}

/// All-caps openers that are labels, not places (`UPDATE -`).
fn is_kicker(text: &str) -> bool {
    matches!(
        text,
        "BREAKING"
            | "UPDATE"
            | "UPDATED"
            | "WARNING"
            | "EXCLUSIVE"
            | "WATCH"
            | "VIDEO"
            | "PHOTOS"
            | "ANALYSIS"
            | "OPINION"
            | "EDITORIAL"
            | "NOTE"
            | "CORRECTION"
            | "FILE"
            | "PHOTO"
            | "LIVE"
            | "URGENT"
            | "FLASH"
            | "AP"
            | "REUTERS"
            | "AFP"
    )
}

fn is_month(text: &str) -> bool {
    matches!(
        text,
        "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Jan."
            | "Feb."
            | "Aug."
            | "Sept."
            | "Sep."
            | "Oct."
            | "Nov."
            | "Dec."
            // Wire datelines often drop the period: `ALEPPO, Sept 22 (Reuters) -`.
            | "Jan"
            | "Feb"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
    )
}
