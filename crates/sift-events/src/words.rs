//! Dictionary words: normalization, interning and the phrase automaton that
//! actors, agents and discards share.

use rustc_hash::FxHashMap;

/// Upper-cases a token the way the PETRARCH dictionaries write words, and
/// folds typographic apostrophes and dashes to their ASCII forms.
pub fn normalize_word(text: &str) -> String {
    if text.is_ascii() && !text.contains('`') {
        return text.to_ascii_uppercase();
    }
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\u{2019}' | '\u{2018}' | '`' => out.push('\''),
            '\u{2010}' | '\u{2011}' | '\u{2013}' => out.push('-'),
            _ => out.extend(ch.to_uppercase()),
        }
    }
    out
}

/// Interned dictionary words. Token lookups never insert, so a word that no
/// dictionary uses maps to `None` and can match nothing.
#[derive(Debug, Default)]
pub struct Vocabulary {
    ids: FxHashMap<Box<str>, u32>,
}

impl Vocabulary {
    /// The id of `word`, adding it if new.
    pub fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(word.into(), id);
        id
    }

    /// The id of `word` if some dictionary uses it.
    pub fn get(&self, word: &str) -> Option<u32> {
        self.ids.get(word).copied()
    }

    /// How many distinct words the dictionaries use.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True before any word was added.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// One word of a dictionary phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhraseWord {
    /// Interned upper-case word.
    pub id: u32,
    /// A trailing underscore in the dictionary: the token must be exactly
    /// this word. Otherwise, as in TABARI, a token that extends the word by a
    /// short suffix also matches (`ARGENTIN` matches `Argentina`, `TIE` matches `ties`).
    pub exact: bool,
}

/// Splits a dictionary phrase (`THE_UNITED_NATIONS_`, `CARAS GALADHON`)
/// into words. Only the last word may be suffix-tolerant: inner words are
/// joined by connectors and must match as written.
pub fn split_phrase(phrase: &str, vocabulary: &mut Vocabulary) -> Vec<PhraseWord> {
    let trimmed = phrase.trim();
    let ends_exact = trimmed.ends_with('_');
    let parts: Vec<&str> = trimmed
        .split(['_', ' ', '\t'])
        .filter(|part| !part.is_empty())
        .collect();
    let last = parts.len().saturating_sub(1);
    parts
        .iter()
        .enumerate()
        .map(|(idx, part)| PhraseWord {
            id: vocabulary.intern(&normalize_word(part)),
            exact: idx < last || ends_exact,
        })
        .collect()
}

/// The ids a token can match: its own word, and the shorter words it extends
/// by one to three letters (for suffix-tolerant phrase ends).
#[derive(Clone, Debug, Default)]
pub struct TokenWords {
    /// The token's own id, if any dictionary has the word.
    pub exact: Option<u32>,
    /// Ids of dictionary words that are prefixes of the token, longest first.
    pub prefixes: Prefixes,
}

/// Up to three prefix ids, kept inline: a token never allocates for them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Prefixes {
    ids: [u32; 3],
    len: u8,
}

impl Prefixes {
    fn push(&mut self, id: u32) {
        if (self.len as usize) < self.ids.len() {
            self.ids[self.len as usize] = id;
            self.len += 1;
        }
    }

    /// The ids, longest prefix first.
    pub fn as_slice(&self) -> &[u32] {
        &self.ids[..self.len as usize]
    }
}

impl TokenWords {
    /// Looks up a normalized token.
    pub fn of(normalized: &str, vocabulary: &Vocabulary) -> TokenWords {
        let exact = vocabulary.get(normalized);
        let mut prefixes = Prefixes::default();
        let len = normalized.len();
        if normalized.chars().all(|ch| ch.is_alphabetic()) {
            for cut in 1..=3 {
                if len < cut + 3 || !normalized.is_char_boundary(len - cut) {
                    continue;
                }
                if let Some(id) = vocabulary.get(&normalized[..len - cut]) {
                    prefixes.push(id);
                }
            }
        }
        TokenWords { exact, prefixes }
    }

    /// True when this token matches `word`.
    pub fn matches(&self, word: PhraseWord) -> bool {
        self.exact == Some(word.id) || (!word.exact && self.prefixes.as_slice().contains(&word.id))
    }
}

/// A word-level trie: finds every dictionary phrase starting at a token in
/// one walk, so matching costs the same whatever the dictionary size.
///
/// All edges live in one hash table keyed by (node, word): one probe per
/// step, and no per-node allocations to chase through the cache.
#[derive(Debug)]
pub struct PhraseTrie {
    edges: FxHashMap<u64, u32>,
    /// Per node: the entry of a phrase ending here whose last word must
    /// match exactly, and of one whose last word may carry a suffix.
    values: Vec<(Option<u32>, Option<u32>)>,
    /// Bit per word id: does some phrase start with it? Most tokens start
    /// nothing, and a bit test is cheaper than a probe.
    starts: Vec<u64>,
}

impl Default for PhraseTrie {
    fn default() -> Self {
        PhraseTrie {
            edges: FxHashMap::default(),
            values: vec![(None, None)],
            starts: Vec::new(),
        }
    }
}

fn edge_key(node: u32, word: u32) -> u64 {
    (u64::from(node) << 32) | u64::from(word)
}

/// A phrase found in a token sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhraseMatch {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The entry stored with the phrase.
    pub value: u32,
}

impl PhraseTrie {
    /// Stores `value` under `words`, returning the value already there if
    /// the same phrase was added before (callers merge duplicates).
    pub fn insert(&mut self, words: &[PhraseWord], value: u32) -> Option<u32> {
        if let Some(first) = words.first() {
            let slot = first.id as usize / 64;
            if self.starts.len() <= slot {
                self.starts.resize(slot + 1, 0);
            }
            self.starts[slot] |= 1 << (first.id % 64);
        }
        let mut node = 0u32;
        for word in words {
            let next = self.values.len() as u32;
            let child = *self.edges.entry(edge_key(node, word.id)).or_insert(next);
            if child == next {
                self.values.push((None, None));
            }
            node = child;
        }
        let last_exact = words.last().is_none_or(|word| word.exact);
        let (exact, tolerant) = &mut self.values[node as usize];
        let slot = if last_exact { exact } else { tolerant };
        match slot {
            Some(existing) => Some(*existing),
            None => {
                *slot = Some(value);
                None
            }
        }
    }

    fn may_start(&self, id: u32) -> bool {
        self.starts
            .get(id as usize / 64)
            .is_some_and(|bits| bits & (1 << (id % 64)) != 0)
    }

    /// The longest phrase starting at token `start`.
    pub fn longest_at(&self, tokens: &[TokenWords], start: usize) -> Option<PhraseMatch> {
        let first = &tokens[start];
        let starts_something = first.exact.is_some_and(|id| self.may_start(id))
            || first
                .prefixes
                .as_slice()
                .iter()
                .any(|&id| self.may_start(id));
        if !starts_something {
            return None;
        }
        let mut node = 0u32;
        let mut best = None;
        for (position, token) in tokens.iter().enumerate().skip(start) {
            for &prefix in token.prefixes.as_slice() {
                if let Some(&child) = self.edges.get(&edge_key(node, prefix))
                    && let Some(value) = self.values[child as usize].1
                {
                    best = Some(PhraseMatch {
                        start,
                        end: position + 1,
                        value,
                    });
                    break;
                }
            }
            let Some(id) = token.exact else { break };
            let Some(&child) = self.edges.get(&edge_key(node, id)) else {
                break;
            };
            node = child;
            let (exact, tolerant) = self.values[node as usize];
            if let Some(value) = exact.or(tolerant) {
                best = Some(PhraseMatch {
                    start,
                    end: position + 1,
                    value,
                });
            }
        }
        best
    }

    /// Non-overlapping longest matches, left to right.
    pub fn find_all(&self, tokens: &[TokenWords]) -> Vec<PhraseMatch> {
        let mut found = Vec::new();
        let mut start = 0;
        while start < tokens.len() {
            match self.longest_at(tokens, start) {
                Some(found_match) => {
                    start = found_match.end;
                    found.push(found_match);
                }
                None => start += 1,
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(words: &[&str], vocabulary: &Vocabulary) -> Vec<TokenWords> {
        words
            .iter()
            .map(|word| TokenWords::of(&normalize_word(word), vocabulary))
            .collect()
    }

    #[test]
    fn longest_phrase_wins_and_underscore_means_exact() {
        let mut vocabulary = Vocabulary::default();
        let mut trie = PhraseTrie::default();
        let united = split_phrase("UNITED_STATES_", &mut vocabulary);
        let united_army = split_phrase("UNITED_STATES_ARMY_", &mut vocabulary);
        let argentina = split_phrase("ARGENTIN", &mut vocabulary);
        trie.insert(&united, 1);
        trie.insert(&united_army, 2);
        trie.insert(&argentina, 3);
        let words = tokens(
            &["the", "United", "States", "Army", "and", "Argentina"],
            &vocabulary,
        );
        let found = trie.find_all(&words);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].start, found[0].end, found[0].value), (1, 4, 2));
        assert_eq!((found[1].start, found[1].value), (5, 3));
        let states = tokens(&["United", "Statesman"], &vocabulary);
        assert!(
            trie.find_all(&states).is_empty(),
            "exact words take no suffix"
        );
    }

    #[test]
    fn duplicate_phrases_report_the_first_entry() {
        let mut vocabulary = Vocabulary::default();
        let mut trie = PhraseTrie::default();
        let phrase = split_phrase("GONDOR", &mut vocabulary);
        assert_eq!(trie.insert(&phrase, 7), None);
        assert_eq!(trie.insert(&phrase, 8), Some(7));
    }
}
