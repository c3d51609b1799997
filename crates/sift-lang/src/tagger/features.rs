//! What the tagger sees of a word and of its neighbourhood, as hashed
//! feature keys.
//!
//! Each word of a sentence is analysed once ([`WordInfo`]): hashes of its
//! form, lower-cased form, prefixes, suffixes and shape, plus what the
//! word table knows about it. Features for a position are then mixed from
//! those hashes and the previous two predicted classes, so that tagging a
//! token allocates nothing.

use super::lexicon::{WordEntry, WordTable};
use crate::linear::feature_key;

/// Class code used for "before the sentence" in the previous-tag features.
pub(super) const START_CLASS: u64 = 0xFFFF;

/// Hashes of a sentence boundary, used for context words outside the sentence.
const PAD_BEFORE: u64 = 0x5EED_0000_0000_0001;
const PAD_AFTER: u64 = 0x5EED_0000_0000_0002;

/// Everything the feature templates need to know about one word.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct WordInfo {
    pub(super) form: u64,
    pub(super) lower: u64,
    /// Hashes of the first 1..=4 characters of the lower-cased form.
    pub(super) prefixes: [u64; 4],
    /// Hashes of the last 1..=4 characters of the lower-cased form.
    pub(super) suffixes: [u64; 4],
    pub(super) shape: u64,
    /// The set of classes the word took in training, hashed; 0 when unknown.
    pub(super) ambiguity: u64,
    /// The word's distributional cluster, hashed; 0 when it has none.
    pub(super) cluster: u64,
    /// The ambiguity class of the lower-cased form; 0 when unknown.
    pub(super) lower_ambiguity: u64,
    /// The one class a frequent, unambiguous word always takes.
    pub(super) shortcut: Option<u8>,
}

impl WordInfo {
    fn padding(hash: u64) -> WordInfo {
        WordInfo {
            form: hash,
            lower: hash,
            prefixes: [hash; 4],
            suffixes: [hash; 4],
            shape: hash,
            ambiguity: hash,
            cluster: hash,
            lower_ambiguity: hash,
            shortcut: None,
        }
    }
}

/// Reusable buffers for analysing sentences.
#[derive(Default)]
pub(super) struct Analyzer {
    /// The sentence's words lower-cased, one after another.
    lower: String,
    /// Where each word's lower-cased text ends in `lower`.
    lower_ends: Vec<usize>,
    /// The sentence's words with two padding entries on each side.
    pub(super) infos: Vec<WordInfo>,
}

/// Offset of the first real word in [`Analyzer::infos`].
pub(super) const PAD: usize = 2;

impl Analyzer {
    /// Fills `infos` for `words`, looking each up in `table`.
    pub(super) fn analyze(&mut self, words: &[&str], table: &WordTable) {
        self.begin();
        for word in words {
            self.push_word(word, table);
        }
        self.finish();
    }

    /// Starts a sentence: [`Analyzer::push_word`] or
    /// [`Analyzer::push_analysed`] each word, then [`Analyzer::finish`].
    pub(super) fn begin(&mut self) {
        self.infos.clear();
        self.lower.clear();
        self.lower_ends.clear();
        self.infos.push(WordInfo::padding(PAD_BEFORE));
        self.infos.push(WordInfo::padding(PAD_BEFORE ^ 1));
    }

    /// Analyses the sentence's next word and returns what it found.
    pub(super) fn push_word(&mut self, word: &str, table: &WordTable) -> WordInfo {
        let info = analyze_word(word, &mut self.lower, table);
        self.lower_ends.push(self.lower.len());
        self.infos.push(info);
        info
    }

    /// Adds the sentence's next word, analysed before as `info` with
    /// lower-cased text `lower`.
    pub(super) fn push_analysed(&mut self, info: WordInfo, lower: &str) {
        self.lower.push_str(lower);
        self.lower_ends.push(self.lower.len());
        self.infos.push(info);
    }

    /// Ends the sentence.
    pub(super) fn finish(&mut self) {
        self.infos.push(WordInfo::padding(PAD_AFTER));
        self.infos.push(WordInfo::padding(PAD_AFTER ^ 1));
    }

    /// The lower-cased text of word `word_idx` (0-based, padding excluded).
    pub(super) fn lower(&self, word_idx: usize) -> &str {
        let start = if word_idx == 0 {
            0
        } else {
            self.lower_ends[word_idx - 1]
        };
        &self.lower[start..self.lower_ends[word_idx]]
    }
}

/// Analyses one word, appending its lower-cased text to `lower_buffer`.
pub(super) fn analyze_word(word: &str, lower_buffer: &mut String, table: &WordTable) -> WordInfo {
    let start = lower_buffer.len();
    if word.is_ascii() {
        lower_buffer.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        for ch in word.chars() {
            lower_buffer.extend(ch.to_lowercase());
        }
    }
    let lower = &lower_buffer[start..];
    let form = hash_bytes(word.as_bytes());
    let lower_hash = hash_bytes(lower.as_bytes());

    let mut prefixes = [0u64; 4];
    let mut suffixes = [0u64; 4];
    let mut boundaries = lower.char_indices().map(|(idx, _)| idx).skip(1);
    for (k, prefix) in prefixes.iter_mut().enumerate() {
        let end = boundaries.next().unwrap_or(lower.len());
        *prefix = hash_bytes(&lower.as_bytes()[..end]) ^ (k as u64 + 1);
    }
    let mut starts = lower.char_indices().rev().map(|(idx, _)| idx);
    for (k, suffix) in suffixes.iter_mut().enumerate() {
        let start = starts.next().unwrap_or(0);
        *suffix = hash_bytes(&lower.as_bytes()[start..]) ^ ((k as u64 + 1) << 8);
    }

    let entry: WordEntry = table.lookup(form, lower_hash);
    WordInfo {
        form,
        lower: lower_hash,
        prefixes,
        suffixes,
        shape: shape_hash(word),
        ambiguity: entry.ambiguity,
        cluster: entry.cluster,
        lower_ambiguity: entry.lower_ambiguity,
        shortcut: entry.shortcut,
    }
}

/// The hash every feature value of the tagger is built from.
pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Hashes the word's shape: each character becomes its class (`X` upper,
/// `x` lower, `d` digit, ASCII punctuation as itself, `o` other), runs of
/// one class collapse to at most two, and the length is bucketed in.
fn shape_hash(word: &str) -> u64 {
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    let mut previous = 0u8;
    let mut run = 0;
    let mut n_chars = 0usize;
    for ch in word.chars() {
        n_chars += 1;
        let class = if ch.is_uppercase() {
            b'X'
        } else if ch.is_lowercase() {
            b'x'
        } else if ch.is_ascii_digit() {
            b'd'
        } else if ch.is_ascii() {
            ch as u8
        } else {
            b'o'
        };
        if class == previous {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
            previous = class;
        }
        hash = (hash ^ u64::from(class)).wrapping_mul(0x100_0000_01B3);
    }
    let length_bucket = match n_chars {
        0..=3 => n_chars as u64,
        4..=7 => 4,
        _ => 5,
    };
    hash ^ (length_bucket << 56)
}

/// Writes the feature keys of the word at `pos` (an index into `infos`,
/// padding included) into `keys`, given the classes of the two words before.
pub(super) fn extract(infos: &[WordInfo], pos: usize, prev1: u64, prev2: u64, keys: &mut Vec<u64>) {
    keys.clear();
    let w = &infos[pos];
    let before1 = &infos[pos - 1];
    let before2 = &infos[pos - 2];
    let after1 = &infos[pos + 1];
    let after2 = &infos[pos + 2];

    keys.push(feature_key(0, &[]));
    keys.push(feature_key(1, &[w.form]));
    keys.push(feature_key(2, &[w.lower]));
    for (k, &prefix) in w.prefixes.iter().enumerate() {
        keys.push(feature_key(3 + k as u32, &[prefix]));
    }
    for (k, &suffix) in w.suffixes.iter().enumerate() {
        keys.push(feature_key(7 + k as u32, &[suffix]));
    }
    keys.push(feature_key(11, &[w.shape]));
    keys.push(feature_key(12, &[w.ambiguity]));
    keys.push(feature_key(13, &[prev1]));
    keys.push(feature_key(14, &[prev2]));
    keys.push(feature_key(15, &[prev1, prev2]));
    keys.push(feature_key(16, &[prev1, w.lower]));
    keys.push(feature_key(17, &[before1.lower]));
    keys.push(feature_key(18, &[before2.lower]));
    keys.push(feature_key(19, &[after1.lower]));
    keys.push(feature_key(20, &[after2.lower]));
    keys.push(feature_key(21, &[before1.suffixes[2]]));
    keys.push(feature_key(22, &[after1.suffixes[2]]));
    keys.push(feature_key(23, &[after1.ambiguity]));
    keys.push(feature_key(24, &[after2.ambiguity]));
    keys.push(feature_key(25, &[prev1, after1.ambiguity]));
    keys.push(feature_key(26, &[w.lower, after1.lower]));
    keys.push(feature_key(27, &[before1.lower, w.lower]));
    keys.push(feature_key(28, &[w.shape, prev1]));
    keys.push(feature_key(29, &[w.ambiguity, after1.ambiguity]));
    if w.cluster != 0 {
        keys.push(feature_key(30, &[w.cluster]));
    }
    keys.push(feature_key(31, &[after1.cluster]));
    keys.push(feature_key(32, &[before1.cluster]));
    keys.push(feature_key(33, &[w.lower_ambiguity]));
    keys.push(feature_key(34, &[after1.lower_ambiguity]));
}

/// Appends the keys of the features that depend on the word alone
/// (not on its neighbours or the classes before it), so that their summed
/// weights can be cached per word.
pub(super) fn extract_word_only(w: &WordInfo, keys: &mut Vec<u64>) {
    keys.push(feature_key(0, &[]));
    keys.push(feature_key(1, &[w.form]));
    keys.push(feature_key(2, &[w.lower]));
    for (k, &prefix) in w.prefixes.iter().enumerate() {
        keys.push(feature_key(3 + k as u32, &[prefix]));
    }
    for (k, &suffix) in w.suffixes.iter().enumerate() {
        keys.push(feature_key(7 + k as u32, &[suffix]));
    }
    keys.push(feature_key(11, &[w.shape]));
    keys.push(feature_key(12, &[w.ambiguity]));
    if w.cluster != 0 {
        keys.push(feature_key(30, &[w.cluster]));
    }
    keys.push(feature_key(33, &[w.lower_ambiguity]));
}

/// Appends the keys of the features at `pos` that look at the neighbouring
/// words but not at the classes predicted before, so that they can be
/// scored for a whole sentence before the greedy pass.
pub(super) fn extract_neighbours(infos: &[WordInfo], pos: usize, keys: &mut Vec<u64>) {
    let w = &infos[pos];
    let before1 = &infos[pos - 1];
    let before2 = &infos[pos - 2];
    let after1 = &infos[pos + 1];
    let after2 = &infos[pos + 2];
    keys.push(feature_key(17, &[before1.lower]));
    keys.push(feature_key(18, &[before2.lower]));
    keys.push(feature_key(19, &[after1.lower]));
    keys.push(feature_key(20, &[after2.lower]));
    keys.push(feature_key(21, &[before1.suffixes[2]]));
    keys.push(feature_key(22, &[after1.suffixes[2]]));
    keys.push(feature_key(23, &[after1.ambiguity]));
    keys.push(feature_key(24, &[after2.ambiguity]));
    keys.push(feature_key(26, &[w.lower, after1.lower]));
    keys.push(feature_key(27, &[before1.lower, w.lower]));
    keys.push(feature_key(29, &[w.ambiguity, after1.ambiguity]));
    keys.push(feature_key(31, &[after1.cluster]));
    keys.push(feature_key(32, &[before1.cluster]));
    keys.push(feature_key(34, &[after1.lower_ambiguity]));
}

/// Writes the keys of the features at `pos` that look at the two classes
/// predicted before. With [`extract_word_only`] and [`extract_neighbours`]
/// these are exactly the keys of [`extract`].
pub(super) fn extract_history(
    infos: &[WordInfo],
    pos: usize,
    prev1: u64,
    prev2: u64,
    keys: &mut Vec<u64>,
) {
    keys.clear();
    let w = &infos[pos];
    let after1 = &infos[pos + 1];
    keys.push(feature_key(13, &[prev1]));
    keys.push(feature_key(14, &[prev2]));
    keys.push(feature_key(15, &[prev1, prev2]));
    keys.push(feature_key(16, &[prev1, w.lower]));
    keys.push(feature_key(25, &[prev1, after1.ambiguity]));
    keys.push(feature_key(28, &[w.shape, prev1]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_separates_case_digits_and_punctuation() {
        assert_eq!(shape_hash("Hello"), shape_hash("World"));
        assert_ne!(shape_hash("Hello"), shape_hash("hello"));
        assert_ne!(shape_hash("1990"), shape_hash("abcd"));
        assert_ne!(shape_hash("U.S."), shape_hash("US"));
    }

    #[test]
    fn odd_words_analyse_without_panicking() {
        let table = WordTable::default();
        let mut analyzer = Analyzer::default();
        let words = ["", "İstanbul", "ß", "ǅ", "a", "naïve", "\u{301}"];
        analyzer.analyze(&words, &table);
        assert_eq!(analyzer.infos.len(), words.len() + 2 * PAD);
        assert_eq!(analyzer.lower(1), "i\u{307}stanbul");
        assert_eq!(analyzer.lower(5), "naïve");
    }

    #[test]
    fn word_only_neighbour_and_history_features_split_the_full_set() {
        let table = WordTable::default();
        let mut analyzer = Analyzer::default();
        analyzer.analyze(&["Rebels", "shelled", "the", "town"], &table);
        for pos in PAD..PAD + 4 {
            let mut full = Vec::new();
            extract(&analyzer.infos, pos, 3, 7, &mut full);
            let mut word_only = Vec::new();
            let mut neighbours = Vec::new();
            let mut history = Vec::new();
            extract_word_only(&analyzer.infos[pos], &mut word_only);
            extract_neighbours(&analyzer.infos, pos, &mut neighbours);
            extract_history(&analyzer.infos, pos, 3, 7, &mut history);
            let mut split = [word_only, neighbours, history].concat();
            full.sort_unstable();
            split.sort_unstable();
            assert_eq!(full, split);
        }
    }
}
