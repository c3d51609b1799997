//! A headline or a body reduced to what the stance features read: content
//! terms (hashed lower-case lemmas), word n-grams, proper nouns and numbers,
//! and cue counts per sentence. Built from a [`Doc`]'s token, sentence and
//! tag layers, so that the stance stage never re-tokenizes.

use std::borrow::Cow;

use sift_core::{Doc, Headline, Pipeline, Sentence, Span, TokenKind, Upos};

use crate::cues::{CUES, CueIndex, CueKind, N_CUE_KINDS};
use crate::{Error, Result};

/// One side of a headline-body pair, ready for the features.
#[derive(Clone, Debug, Default)]
pub struct Passage {
    /// Content terms (lower-case lemmas, stop words dropped), in text order.
    pub(crate) terms: Vec<u64>,
    /// Lower-case word forms (stop words kept), in text order, for n-grams.
    pub(crate) words: Vec<u64>,
    /// Content terms that are proper nouns, sorted and deduplicated.
    pub(crate) proper_nouns: Vec<u64>,
    /// Numbers as written, sorted and deduplicated.
    pub(crate) numbers: Vec<u64>,
    /// The sentences, in text order.
    pub(crate) sentences: Vec<PassageSentence>,
    /// How often each entry of [`CUES`] occurs.
    pub(crate) cue_counts: Vec<u16>,
    /// Word and number tokens.
    pub(crate) n_words: usize,
}

/// One sentence of a [`Passage`].
#[derive(Clone, Debug)]
pub(crate) struct PassageSentence {
    /// Where it is in the document it came from.
    pub(crate) span: Span,
    /// Its slice of [`Passage::terms`].
    pub(crate) terms: std::ops::Range<usize>,
    /// Cue occurrences by [`CueKind`].
    pub(crate) cues: [u16; N_CUE_KINDS],
    /// A dateline (`GENEVA (Reuters) -`): its terms count for the body,
    /// but it is never the sentence closest to the headline.
    pub(crate) is_dateline: bool,
}

impl Passage {
    /// The passage made of `sentences` of a tokenized (and ideally tagged)
    /// document. Without tags, lower-case forms stand in for lemmas and no
    /// word counts as a proper noun.
    pub fn from_sentences<'a>(
        doc: &Doc,
        sentences: impl IntoIterator<Item = &'a Sentence>,
    ) -> Passage {
        let tokens = doc.tokens();
        let tags = doc.tags();
        let cue_index = CueIndex::get();
        let proper_noun = Upos::from_name("PROPN");
        let mut passage = Passage {
            cue_counts: vec![0; CUES.len()],
            ..Passage::default()
        };
        let mut keys: Vec<[u64; 2]> = Vec::new();
        let mut keep: Vec<bool> = Vec::new();
        let mut lowered = String::new();
        let mut lowered_lemma = String::new();
        for sentence in sentences {
            let range = sentence.token_range();
            if range.end > tokens.len() {
                continue;
            }
            keys.clear();
            keep.clear();
            let first_term = passage.terms.len();
            let mut cues = [0u16; N_CUE_KINDS];
            for idx in range.clone() {
                let token = tokens[idx];
                let text = doc.slice(token.span);
                let form = lower_into(text, &mut lowered);
                let form_hash = hash_word(form);
                let lemma_hash = match tags.get(idx) {
                    Some(tag) => {
                        let lemma: Cow<str> = tag.lemma.resolve(text);
                        hash_word(lower_into(&lemma, &mut lowered_lemma))
                    }
                    None => form_hash,
                };
                keys.push([form_hash, lemma_hash]);
                if text == "?" {
                    cues[CueKind::Question.id()] += 1;
                }
                let is_word = matches!(token.kind, TokenKind::Word | TokenKind::Number);
                keep.push(is_word);
                if !is_word {
                    continue;
                }
                passage.n_words += 1;
                passage.words.push(form_hash);
                if token.kind == TokenKind::Number {
                    passage.numbers.push(form_hash);
                }
                if !is_stop_word(lemma_hash) && !is_stop_word(form_hash) {
                    passage.terms.push(lemma_hash);
                    if tags
                        .get(idx)
                        .is_some_and(|tag| Some(tag.upos) == proper_noun)
                    {
                        passage.proper_nouns.push(lemma_hash);
                    }
                }
            }
            for start in 0..keys.len() {
                cue_index.match_at(&keys, start, |cue_idx| {
                    passage.cue_counts[cue_idx] = passage.cue_counts[cue_idx].saturating_add(1);
                    let kind = CUES[cue_idx].1.id();
                    cues[kind] = cues[kind].saturating_add(1);
                });
            }
            passage.sentences.push(PassageSentence {
                span: sentence.span,
                terms: first_term..passage.terms.len(),
                cues,
                is_dateline: sentence.kind == sift_core::SentenceKind::Dateline,
            });
        }
        passage.proper_nouns.sort_unstable();
        passage.proper_nouns.dedup();
        passage.numbers.sort_unstable();
        passage.numbers.dedup();
        passage
    }

    /// The headline of an analyzed document, when it has one.
    pub fn headline_of(doc: &Doc) -> Option<Passage> {
        let headline = doc
            .sentences()
            .iter()
            .filter(|s| s.kind == sift_core::SentenceKind::Headline)
            .collect::<Vec<_>>();
        (!headline.is_empty()).then(|| Passage::from_sentences(doc, headline))
    }

    /// Everything but the headline of an analyzed document.
    pub fn body_of(doc: &Doc) -> Passage {
        Passage::from_sentences(
            doc,
            doc.sentences()
                .iter()
                .filter(|s| s.kind != sift_core::SentenceKind::Headline),
        )
    }

    /// True when the passage has no word at all.
    pub fn is_empty(&self) -> bool {
        self.n_words == 0
    }
}

/// Turns raw headlines and bodies into passages the way the analyzer does:
/// the text-basics stage, then the tagger. For training and evaluation.
pub struct PassageReader {
    pipeline: Pipeline,
}

impl PassageReader {
    /// A reader with the embedded tagger.
    pub fn embedded() -> Result<PassageReader> {
        let tagger = sift_lang::Tagger::embedded().map_err(|err| Error::Model(err.to_string()))?;
        PassageReader::with_tagger(tagger)
    }

    /// A reader with this tagger.
    pub fn with_tagger(tagger: sift_lang::Tagger) -> Result<PassageReader> {
        let pipeline = Pipeline::new(vec![
            Box::new(sift_lang::TextBasics::new()),
            Box::new(tagger),
        ])
        .map_err(|err| Error::Model(err.to_string()))?;
        Ok(PassageReader { pipeline })
    }

    /// A headline on its own, tokenized as the headline of a document is.
    pub fn headline(&self, headline: &str) -> Passage {
        match Doc::from_text("", Headline::Given(headline.to_string())) {
            Ok(mut doc) => {
                self.pipeline.run(&mut doc);
                Passage::headline_of(&doc).unwrap_or_default()
            }
            Err(_) => Passage::default(),
        }
    }

    /// A body on its own.
    pub fn body(&self, body: &str) -> Passage {
        match Doc::from_text(body, Headline::None) {
            Ok(mut doc) => {
                self.pipeline.run(&mut doc);
                Passage::body_of(&doc)
            }
            Err(_) => Passage::default(),
        }
    }
}

/// The hash every term, word and cue is stored as.
pub(crate) fn hash_word(word: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(word.as_bytes())
}

/// `text` lower-cased; ASCII is done in `buffer` without a new allocation.
fn lower_into<'a>(text: &'a str, buffer: &'a mut String) -> &'a str {
    if !text
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        return text;
    }
    buffer.clear();
    if text.is_ascii() {
        buffer.extend(text.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        buffer.extend(text.chars().flat_map(char::to_lowercase));
    }
    buffer.as_str()
}

/// Function words that carry no topic. Written for sift.
const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "if",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "about",
    "as",
    "into",
    "over",
    "after",
    "before",
    "than",
    "then",
    "that",
    "this",
    "these",
    "those",
    "there",
    "here",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "you",
    "i",
    "him",
    "her",
    "them",
    "us",
    "me",
    "my",
    "our",
    "your",
    "their",
    "his",
    "be",
    "have",
    "do",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "who",
    "whom",
    "whose",
    "which",
    "what",
    "when",
    "where",
    "why",
    "how",
    "all",
    "any",
    "some",
    "so",
    "such",
    "also",
    "just",
    "only",
    "up",
    "out",
    "off",
    "s",
    "'s",
    "one",
    "more",
    "most",
    "other",
    "very",
    "much",
    "many",
    "each",
    "both",
    "while",
    "because",
    "through",
    "during",
    "again",
    "via",
    "per",
    "get",
    "go",
    "make",
    "say",
    "tell",
    "new",
    "year",
    "mr",
    "mrs",
    "ms",
    "according",
    "report",
    "reportedly",
    "not",
    "no",
    "n't",
];

fn is_stop_word(hash: u64) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<u64>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().map(|w| hash_word(w)).collect())
        .contains(&hash)
}
