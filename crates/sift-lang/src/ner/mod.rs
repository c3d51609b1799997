//! Named-entity recognition: a BILOU structured perceptron (Viterbi over
//! class bigrams) with gazetteer and word-case features; then gazetteer-only
//! nationality mentions, one label per name per document, and date rules.
//!
//! Work per sentence is linear in its length (the gazetteer looks at most
//! eight tokens ahead), so sentences of any length are handled whole.
//!
//! The model file holds both the weights and the name lists (countries,
//! demonyms, regions, cities, the Phoenix actor dictionaries), so that one
//! `include_bytes!` carries everything. [`train_ner`] rebuilds it from the
//! shared data.

mod dates;
mod features;
mod gazetteer;
mod text;
mod train;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use sift_core::{
    Diagnostic, Doc, Entity, EntityLabel, EntityOrigin, LayerKind, Span, Stage, Token,
};

use crate::linear::{self, LinearModel, ModelError};
use features::{Scratch, TYPE_LOC, TYPE_MISC, TYPE_ORG, TYPE_PER};
use gazetteer::{Gazetteer, WordTable, kind};

pub use train::{NerSources, NerTrainConfig, NerTrainError, train_ner, train_ner_with_config};

const MAGIC: &[u8; 8] = b"SIFTNER1";

static EMBEDDED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/models/ner.bin.zst"
));

/// The stage that finds people, organizations, places, nationality groups,
/// dates and other named things (the [`LayerKind::Entities`] layer).
///
/// Mentions never overlap, are whole tokens, and stay inside one sentence.
#[derive(Clone)]
pub struct EntityRecognizer {
    model: Arc<NerModel>,
}

struct NerModel {
    gazetteer: Gazetteer,
    profiles: WordTable,
    weights: LinearModel,
}

impl EntityRecognizer {
    /// The recognizer trained into the binary. The model is decompressed and
    /// indexed on the first call; later calls share it.
    pub fn embedded() -> Result<EntityRecognizer, ModelError> {
        static LOADED: OnceLock<Result<Arc<NerModel>, &'static str>> = OnceLock::new();
        let loaded = LOADED.get_or_init(|| {
            NerModel::from_compressed(EMBEDDED)
                .map(Arc::new)
                .map_err(|ModelError::Corrupt(why)| why)
        });
        match loaded {
            Ok(model) => Ok(EntityRecognizer {
                model: Arc::clone(model),
            }),
            Err(why) => Err(ModelError::Corrupt(why)),
        }
    }

    /// A recognizer from model bytes as [`train_ner`] returns them.
    pub fn from_bytes(bytes: &[u8]) -> Result<EntityRecognizer, ModelError> {
        Ok(EntityRecognizer {
            model: Arc::new(NerModel::from_compressed(bytes)?),
        })
    }

    /// Number of phrases in the gazetteers, for reports.
    pub fn n_gazetteer_phrases(&self) -> usize {
        self.model.gazetteer.n_phrases()
    }

    /// Finds the mentions in one sentence given as its token texts: spans are
    /// token ranges of `words`, in order, never overlapping. Unlike the
    /// stage, this sees no document, so it skips the one-label-per-name pass.
    pub fn recognize_words(&self, words: &[&str]) -> Vec<WordEntity> {
        let mut scratch = Scratch::default();
        let mut out = Vec::new();
        self.model.recognize(words, &mut scratch, &mut out);
        out
    }
}

/// A mention over a sentence's words, from [`EntityRecognizer::recognize_words`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordEntity {
    /// Index of its first word.
    pub start: usize,
    /// One past its last word.
    pub end: usize,
    /// What it names.
    pub label: EntityLabel,
    /// What decided it.
    pub origin: EntityOrigin,
}

impl NerModel {
    fn from_compressed(bytes: &[u8]) -> Result<NerModel, ModelError> {
        let raw = linear::decompress(bytes)?;
        let mut input = raw.as_slice();
        if linear::take(&mut input, 8)? != MAGIC {
            return Err(ModelError::Corrupt("not an entity model"));
        }
        let gazetteer_len = linear::read_u32(&mut input)? as usize;
        let gazetteer_text = std::str::from_utf8(linear::take(&mut input, gazetteer_len)?)
            .map_err(|_| ModelError::Corrupt("gazetteer is not UTF-8"))?;
        let gazetteer = Gazetteer::parse(gazetteer_text)?;
        let profiles = WordTable::read(&mut input)?;
        let weights = LinearModel::read(&mut input)?;
        if weights.n_classes() != features::N_CLASSES {
            return Err(ModelError::Corrupt("entity model has the wrong classes"));
        }
        Ok(NerModel {
            gazetteer,
            profiles,
            weights,
        })
    }

    /// Serializes a model for [`NerModel::from_compressed`].
    fn to_compressed(
        gazetteer_entries: &[(u8, String)],
        profiles: &[(u64, u8)],
        weights: &LinearModel,
    ) -> Vec<u8> {
        let mut gazetteer_block = Vec::new();
        Gazetteer::write_entries(gazetteer_entries, &mut gazetteer_block);
        let mut raw = Vec::with_capacity(gazetteer_block.len() + 16);
        raw.extend_from_slice(MAGIC);
        raw.extend_from_slice(&(gazetteer_block.len() as u32).to_le_bytes());
        raw.extend_from_slice(&gazetteer_block);
        WordTable::write(profiles, &mut raw);
        weights.write(&mut raw);
        linear::compress(&raw)
    }

    fn recognize(&self, words: &[&str], scratch: &mut Scratch, out: &mut Vec<WordEntity>) {
        out.clear();
        if words.is_empty() {
            return;
        }
        scratch.prepare(words, &self.gazetteer, &self.profiles);
        features::decode(&mut &self.weights, scratch, None);
        let mut spans = Vec::new();
        features::decode_spans(&scratch.classes, &mut spans);
        let mut taken = vec![false; words.len()];
        for &(start, end, entity_type) in &spans {
            let gazetteer_kinds = scratch.exact_match_kinds(start, end);
            let (label, agreeing_kind) = match entity_type {
                TYPE_PER => (EntityLabel::Person, kind::PER),
                TYPE_ORG => (EntityLabel::Org, kind::ORG),
                TYPE_LOC => (EntityLabel::Loc, kind::LOC),
                TYPE_MISC if gazetteer_kinds & kind::NORP != 0 => (EntityLabel::Norp, kind::NORP),
                _ => (EntityLabel::Misc, 0),
            };
            let origin = if gazetteer_kinds & agreeing_kind != 0 {
                EntityOrigin::ModelAndGazetteer
            } else {
                EntityOrigin::Model
            };
            out.push(WordEntity {
                start,
                end,
                label,
                origin,
            });
            taken[start..end].fill(true);
        }
        // Gazetteer mentions the model did not tag, longest first:
        // nationalities and groups when capitalized (UNER has no such label
        // to learn from), and places in a sentence written all in lower case
        // when news nearly always capitalizes every word of the name
        // (`i am from mexico`), since there case cues are absent.
        let lower_case_sentence = scratch
            .facts
            .iter()
            .all(|f| !f.is(text::case::INITIAL_CAP) || f.n_chars == 1);
        let usually_capitalized = |idx: usize| (10..=12).contains(&scratch.facts[idx].profile);
        let mut extra: Vec<(usize, usize, EntityLabel)> = scratch
            .matches
            .iter()
            .filter_map(|m| {
                let (start, end) = (m.start as usize, m.end as usize);
                if m.kinds & kind::NORP != 0 && scratch.facts[start].is(text::case::INITIAL_CAP) {
                    Some((start, end, EntityLabel::Norp))
                } else if m.kinds & kind::LOC != 0
                    && lower_case_sentence
                    && (start..end).all(usually_capitalized)
                {
                    Some((start, end, EntityLabel::Loc))
                } else {
                    None
                }
            })
            .collect();
        extra.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        for (start, end, label) in extra {
            if taken[start..end].iter().all(|t| !t) {
                out.push(WordEntity {
                    start,
                    end,
                    label,
                    origin: EntityOrigin::Gazetteer,
                });
                taken[start..end].fill(true);
            }
        }
        let mut dates = Vec::new();
        dates::find_dates(words, &taken, &mut dates);
        for (start, end) in dates {
            out.push(WordEntity {
                start,
                end,
                label: EntityLabel::Date,
                origin: EntityOrigin::Rule,
            });
        }
        out.sort_by_key(|e| e.start);
    }
}

impl NerModel {
    /// One sense per document: a capitalized word that the model tagged as
    /// a one-word person, organization or place somewhere in the document,
    /// or as a person's last name, is tagged the same wherever the model
    /// left it untagged (`Abbas` after `Mahmoud Abbas`, every later
    /// `Google`). Words news usually writes in lower case are left alone,
    /// and so is a word tagged with two different labels.
    fn propagate_names(&self, text: &str, tokens: &[Token], entities: &mut Vec<Entity>) {
        let mut names: HashMap<u64, Option<EntityLabel>> = HashMap::new();
        let mut covered = vec![false; tokens.len()];
        for entity in entities.iter() {
            covered[entity.token_range()].fill(true);
            let propagates = matches!(
                entity.label,
                EntityLabel::Person | EntityLabel::Org | EntityLabel::Loc
            ) && entity.origin != EntityOrigin::Gazetteer;
            let key_token = match entity.n_tokens {
                1 => entity.first_token as usize,
                _ if entity.label == EntityLabel::Person => entity.token_range().end - 1,
                _ => continue,
            };
            if !propagates {
                continue;
            }
            let Some(word) = tokens.get(key_token).and_then(|t| text.get(t.span.range())) else {
                continue;
            };
            let slot = names
                .entry(text::folded_hash(word))
                .or_insert(Some(entity.label));
            if *slot != Some(entity.label) {
                *slot = None;
            }
        }
        if names.is_empty() {
            return;
        }
        let n_before = entities.len();
        for (idx, token) in tokens.iter().enumerate() {
            if covered[idx] {
                continue;
            }
            let word = text.get(token.span.range()).unwrap_or("");
            let facts = text::TokenFacts::of(word);
            if !facts.is(text::case::INITIAL_CAP) || word.len() < 2 {
                continue;
            }
            let Some(&Some(label)) = names.get(&facts.folded) else {
                continue;
            };
            // Profiles 1..=6 are words mostly written in lower case.
            if (1..=6).contains(&self.profiles.get(facts.folded)) {
                continue;
            }
            entities.push(Entity {
                span: token.span,
                first_token: idx as u32,
                n_tokens: 1,
                label,
                origin: EntityOrigin::Model,
            });
        }
        if entities.len() > n_before {
            entities.sort_by_key(|e| e.first_token);
        }
    }
}

impl Stage for EntityRecognizer {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }

    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Entities]
    }

    fn run(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let mut entities = Vec::new();
        let mut scratch = Scratch::default();
        let mut found = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        let text = doc.text();
        let tokens = doc.tokens();
        for sentence in doc.sentences() {
            let range = sentence.token_range();
            let Some(sentence_tokens) = tokens.get(range.clone()) else {
                continue;
            };
            words.clear();
            words.extend(
                sentence_tokens
                    .iter()
                    .map(|t| text.get(t.span.range()).unwrap_or("")),
            );
            self.model.recognize(&words, &mut scratch, &mut found);
            for mention in &found {
                let first = &sentence_tokens[mention.start];
                let last = &sentence_tokens[mention.end - 1];
                entities.push(Entity {
                    span: Span::new(first.span.start(), last.span.end()),
                    first_token: (range.start + mention.start) as u32,
                    n_tokens: (mention.end - mention.start) as u32,
                    label: mention.label,
                    origin: mention.origin,
                });
            }
        }
        self.model.propagate_names(text, tokens, &mut entities);
        doc.set_entities(entities);
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use sift_core::{Headline, Pipeline};

    use super::*;
    use crate::TextBasics;

    fn analyze(text: &str) -> Vec<(String, EntityLabel)> {
        let pipeline = Pipeline::new(vec![
            Box::new(TextBasics::new()),
            Box::new(EntityRecognizer::embedded().unwrap()),
        ])
        .unwrap();
        let mut doc = Doc::from_text(text, Headline::None).unwrap();
        pipeline.run(&mut doc);
        doc.entities()
            .iter()
            .map(|e| (doc.slice(e.span).to_string(), e.label))
            .collect()
    }

    #[test]
    fn nationalities_and_dates_are_found() {
        let found = analyze("Syrian troops entered the town on Tuesday.");
        assert!(
            found.contains(&("Syrian".to_string(), EntityLabel::Norp)),
            "{found:?}"
        );
        assert!(
            found.contains(&("Tuesday".to_string(), EntityLabel::Date)),
            "{found:?}"
        );
    }

    #[test]
    fn empty_and_odd_input_does_not_panic() {
        assert!(analyze("").is_empty());
        let _ = analyze("... --- \u{FFFD} 12345 ????");
        let long = "Word ".repeat(5000);
        let _ = analyze(&long);
    }
}
