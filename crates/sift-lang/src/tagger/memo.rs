//! A memo of what the tagger works out for each word form it meets.
//!
//! News repeats its words: most tokens of a document are forms seen many
//! times before. Everything that depends on the form alone is therefore
//! worked out once and kept: its [`WordInfo`] (lower-casing, affix and shape
//! hashes, word-table lookups), the summed weights of the features that look
//! at the word only (about half of the keys, and each key is a cache miss
//! into the weight table), and its lemma per class. Sums of integer weights
//! do not depend on their order, so tagging with the memo gives exactly the
//! tags and lemmas that tagging without it gives.

use sift_core::Lemma;

use super::features::{self, WordInfo};
use super::lexicon::HashKeyed;
use super::scorer::SparseScorer;

/// How many forms the memo keeps; later new forms are analysed every time.
/// With ~50 classes this bounds it to a few megabytes.
const MAX_WORDS: usize = 1 << 15;
/// How many (class, lemma) pairs each form keeps.
const LEMMAS_PER_WORD: usize = 2;
const NO_CLASS: u8 = u8::MAX;
const NO_SCORES: u32 = u32::MAX;

/// One remembered form.
struct MemoWord {
    text: Box<str>,
    lower: Box<str>,
    info: WordInfo,
    /// Where its word-only scores start in [`WordMemo::word_scores`], or
    /// `NO_SCORES` for words the model never scores (shortcut words).
    scores_at: u32,
    lemmas: [(u8, Lemma); LEMMAS_PER_WORD],
}

/// Per-word results for one model (see the module documentation).
#[derive(Default)]
pub(super) struct WordMemo {
    /// Which model the memo belongs to; 0 before first use.
    model_id: u64,
    n_classes: usize,
    by_form: HashKeyed<u32>,
    words: Vec<MemoWord>,
    word_scores: Vec<i32>,
    keys: Vec<u64>,
}

impl WordMemo {
    /// Empties the memo unless it already belongs to model `model_id`.
    pub(super) fn prepare(&mut self, model_id: u64, n_classes: usize) {
        if self.model_id != model_id || self.n_classes != n_classes {
            *self = WordMemo {
                model_id,
                n_classes,
                ..WordMemo::default()
            };
        }
    }

    /// The entry of `word` (whose exact-form hash is `form`), if remembered.
    pub(super) fn find(&self, form: u64, word: &str) -> Option<u32> {
        let &idx = self.by_form.get(&form)?;
        (*self.words[idx as usize].text == *word).then_some(idx)
    }

    /// Remembers `word` (lower-cased `lower`, analysed as `info`) unless
    /// the memo is full.
    pub(super) fn insert(
        &mut self,
        word: &str,
        lower: &str,
        info: WordInfo,
        scorer: &SparseScorer,
    ) -> Option<u32> {
        if self.words.len() >= MAX_WORDS || self.by_form.contains_key(&info.form) {
            return None;
        }
        let scores_at = if info.shortcut.is_some() {
            NO_SCORES
        } else {
            let start = self.word_scores.len();
            self.word_scores.resize(start + self.n_classes, 0);
            self.keys.clear();
            features::extract_word_only(&info, &mut self.keys);
            scorer.score(&self.keys, &mut self.word_scores[start..]);
            start as u32
        };
        let idx = self.words.len() as u32;
        self.words.push(MemoWord {
            text: word.into(),
            lower: lower.into(),
            info,
            scores_at,
            lemmas: [(NO_CLASS, Lemma::Lowercase); LEMMAS_PER_WORD],
        });
        self.by_form.insert(info.form, idx);
        Some(idx)
    }

    pub(super) fn info(&self, idx: u32) -> &WordInfo {
        &self.words[idx as usize].info
    }

    pub(super) fn lower(&self, idx: u32) -> &str {
        &self.words[idx as usize].lower
    }

    /// The summed weights of the word-only features of entry `idx`.
    pub(super) fn word_scores(&self, idx: u32) -> Option<&[i32]> {
        let start = self.words[idx as usize].scores_at;
        (start != NO_SCORES).then(|| &self.word_scores[start as usize..][..self.n_classes])
    }

    /// The lemma of entry `idx` as class `class`, computing it with
    /// `compute` the first time.
    pub(super) fn lemma(
        &mut self,
        idx: u32,
        class: usize,
        compute: impl FnOnce() -> Lemma,
    ) -> Lemma {
        let lemmas = &mut self.words[idx as usize].lemmas;
        let class = class as u8;
        if let Some(&(_, lemma)) = lemmas.iter().find(|(c, _)| *c == class) {
            return lemma;
        }
        let lemma = compute();
        if let Some(free) = lemmas.iter_mut().find(|(c, _)| *c == NO_CLASS) {
            *free = (class, lemma);
        }
        lemma
    }
}
