//! The dense features of one headline-body pair: how much the two share
//! (TF-IDF cosines over the whole body, its lead and its closest sentences;
//! term, n-gram, proper-noun and number overlaps) and how the body treats
//! the claim (refuting, hedging, supporting and negating cues, overall and
//! near the sentences that match the headline).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use sift_core::Span;

use crate::codec::{Reader, Writer};
use crate::cues::{CUES, CueKind, N_CUE_KINDS};
use crate::passage::Passage;
use crate::{Error, Result};

/// Body sentences that count as the lead.
const LEAD_SENTENCES: usize = 2;
/// Closest body sentences whose cues are counted apart.
const TOP_SENTENCES: usize = 3;

/// Names of the dense features before the per-cue counts, in order.
const BASE_FEATURES: &[&str] = &[
    "cos_body",
    "cos_lead",
    "cos_best_sentence",
    "cos_second_sentence",
    "cos_top_mean",
    "best_sentence_position",
    "share_sentences_matching",
    "terms_in_body",
    "terms_in_body_idf",
    "terms_in_lead",
    "bigrams_in_body",
    "trigrams_in_body",
    "proper_nouns_in_body",
    "n_headline_proper_nouns",
    "numbers_in_body",
    "n_headline_numbers",
    "jaccard",
    "n_headline_terms",
    "log_body_words",
    "log_body_sentences",
    "headline_term_density",
    "max_idf_missing",
    "max_idf_present",
    "headline_refute",
    "headline_hedge",
    "headline_support",
    "headline_negation",
    "headline_question",
    "body_refute_rate",
    "body_hedge_rate",
    "body_support_rate",
    "body_negation_rate",
    "body_question_rate",
    "top_refute",
    "top_hedge",
    "top_support",
    "top_negation",
    "top_question",
    "lead_refute",
    "lead_hedge",
    "lead_support",
    "lead_negation",
    "lead_question",
    "headline_refute_parity",
    "body_refute_parity",
];

/// How many features a pair has.
pub(crate) fn n_features() -> usize {
    BASE_FEATURES.len() + CUES.len()
}

/// A fingerprint of the feature layout, stored in the model so that a model
/// trained on other features is refused instead of misread.
pub(crate) fn layout_hash() -> u64 {
    let mut text = String::new();
    for name in BASE_FEATURES {
        text.push_str(name);
        text.push('\n');
    }
    for (cue, kind) in CUES {
        text.push_str(&format!("cue {cue} {kind:?}\n"));
    }
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Inverse document frequencies over hashed terms.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Idf {
    terms: Vec<u64>,
    values: Vec<f32>,
    unseen: f32,
}

impl Idf {
    /// Smoothed IDF, `ln((1 + n) / (1 + df)) + 1`, over the passages' term
    /// sets. Terms seen in one passage only are dropped from the table: they
    /// get the value of an unseen term, which is the same number.
    pub(crate) fn fit<'a>(passages: impl IntoIterator<Item = &'a Passage>) -> Idf {
        let mut df: HashMap<u64, u32> = HashMap::new();
        let mut n_docs = 0u32;
        for passage in passages {
            n_docs += 1;
            let unique: HashSet<u64> = passage.terms.iter().copied().collect();
            for term in unique {
                *df.entry(term).or_default() += 1;
            }
        }
        let value = |df: u32| ((1.0 + n_docs as f64) / (1.0 + df as f64)).ln() as f32 + 1.0;
        let mut entries: Vec<(u64, f32)> = df
            .into_iter()
            .filter(|&(_, df)| df >= 2)
            .map(|(term, df)| (term, value(df)))
            .collect();
        entries.sort_unstable_by_key(|&(term, _)| term);
        Idf {
            terms: entries.iter().map(|e| e.0).collect(),
            values: entries.iter().map(|e| e.1).collect(),
            unseen: value(1),
        }
    }

    pub(crate) fn get(&self, term: u64) -> f32 {
        match self.terms.binary_search(&term) {
            Ok(idx) => self.values[idx],
            Err(_) => self.unseen,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.terms.len()
    }

    /// Values are stored as `u16` steps of 1/4096: far finer than any
    /// feature threshold needs, and half the size.
    pub(crate) fn encode(&self, out: &mut Writer) {
        out.f32(self.unseen);
        out.u32(self.terms.len() as u32);
        let mut previous = 0u64;
        for &term in &self.terms {
            out.u64(term.wrapping_sub(previous));
            previous = term;
        }
        for &value in &self.values {
            out.u16((value * 4096.0).round().clamp(0.0, u16::MAX as f32) as u16);
        }
    }

    pub(crate) fn decode(input: &mut Reader) -> Result<Idf> {
        let unseen = input.f32()?;
        let n = input.u32()? as usize;
        let mut terms = Vec::with_capacity(n.min(1 << 20));
        let mut previous = 0u64;
        for _ in 0..n {
            previous = previous.wrapping_add(input.u64()?);
            terms.push(previous);
        }
        if terms.windows(2).any(|pair| pair[0] >= pair[1]) {
            return Err(Error::Model("the IDF table is not sorted".into()));
        }
        let values = (0..n)
            .map(|_| input.u16().map(|v| v as f32 / 4096.0))
            .collect::<Result<Vec<_>>>()?;
        Ok(Idf {
            terms,
            values,
            unseen,
        })
    }

    /// The table as it reads back after [`Idf::encode`], so that training
    /// sees the values the shipped model will use.
    pub(crate) fn quantized(&self) -> Idf {
        Idf {
            terms: self.terms.clone(),
            values: self
                .values
                .iter()
                .map(|v| (v * 4096.0).round() / 4096.0)
                .collect(),
            unseen: self.unseen,
        }
    }
}

/// Keys are already hashes, so the map need not hash them again.
#[derive(Default)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ byte as u64;
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

type TermMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;
type TermSet = HashSet<u64, BuildHasherDefault<IdentityHasher>>;

/// A sparse TF-IDF vector with sublinear term frequency.
struct SparseVector {
    weights: TermMap<f32>,
    norm: f32,
}

impl SparseVector {
    fn of(terms: &[u64], idf: &Idf) -> SparseVector {
        let mut counts: TermMap<u32> = TermMap::default();
        for &term in terms {
            *counts.entry(term).or_default() += 1;
        }
        let weights: TermMap<f32> = counts
            .into_iter()
            .map(|(term, tf)| (term, (1.0 + (tf as f32).ln()) * idf.get(term)))
            .collect();
        let norm = weights.values().map(|w| w * w).sum::<f32>().sqrt();
        SparseVector { weights, norm }
    }

    fn cosine(&self, other: &SparseVector) -> f32 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        let (small, large) = if self.weights.len() <= other.weights.len() {
            (self, other)
        } else {
            (other, self)
        };
        let dot: f32 = small
            .weights
            .iter()
            .filter_map(|(term, w)| large.weights.get(term).map(|v| w * v))
            .sum();
        dot / (self.norm * other.norm)
    }
}

/// A body prepared once for any number of headlines.
pub(crate) struct BodyIndex<'a> {
    passage: &'a Passage,
    whole: SparseVector,
    lead: SparseVector,
    sentences: Vec<SparseVector>,
    term_counts: TermMap<u32>,
    bigrams: TermSet,
    trigrams: TermSet,
    cue_totals: [f32; N_CUE_KINDS],
    lead_cues: [f32; N_CUE_KINDS],
}

impl<'a> BodyIndex<'a> {
    pub(crate) fn new(passage: &'a Passage, idf: &Idf) -> BodyIndex<'a> {
        let lead_end = passage
            .sentences
            .iter()
            .filter(|s| !s.terms.is_empty())
            .nth(LEAD_SENTENCES - 1)
            .or(passage.sentences.last())
            .map_or(0, |s| s.terms.end);
        let mut term_counts: TermMap<u32> = TermMap::default();
        for &term in &passage.terms {
            *term_counts.entry(term).or_default() += 1;
        }
        let mut cue_totals = [0f32; N_CUE_KINDS];
        let mut lead_cues = [0f32; N_CUE_KINDS];
        for sentence in &passage.sentences {
            add_cues(&mut cue_totals, &sentence.cues);
            if sentence.terms.end <= lead_end {
                add_cues(&mut lead_cues, &sentence.cues);
            }
        }
        BodyIndex {
            passage,
            whole: SparseVector::of(&passage.terms, idf),
            lead: SparseVector::of(&passage.terms[..lead_end], idf),
            sentences: passage
                .sentences
                .iter()
                .map(|s| SparseVector::of(&passage.terms[s.terms.clone()], idf))
                .collect(),
            term_counts,
            bigrams: ngrams(&passage.words, 2).collect(),
            trigrams: ngrams(&passage.words, 3).collect(),
            cue_totals,
            lead_cues,
        }
    }
}

fn ngrams(words: &[u64], n: usize) -> impl Iterator<Item = u64> + '_ {
    words.windows(n).map(|window| {
        window.iter().fold(0x243F_6A88_85A3_08D3u64, |acc, &w| {
            (acc.rotate_left(23) ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        })
    })
}

/// The features of one pair, and the body sentence closest to the headline.
pub(crate) fn pair_features(
    headline: &Passage,
    body: &BodyIndex,
    idf: &Idf,
    out: &mut Vec<f32>,
) -> Option<Span> {
    out.clear();
    let head = SparseVector::of(&headline.terms, idf);
    let n_sentences = body.sentences.len();

    let mut ranked: Vec<(f32, usize)> = body
        .sentences
        .iter()
        .enumerate()
        .filter(|(idx, _)| !body.passage.sentences[*idx].is_dateline)
        .map(|(idx, sentence)| (head.cosine(sentence), idx))
        .filter(|&(cos, _)| cos > 0.0)
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let best = ranked.first().copied();
    let evidence = best.map(|(_, idx)| body.passage.sentences[idx].span);
    let top: Vec<usize> = ranked.iter().take(TOP_SENTENCES).map(|r| r.1).collect();

    out.push(head.cosine(&body.whole));
    out.push(head.cosine(&body.lead));
    out.push(best.map_or(0.0, |b| b.0));
    out.push(ranked.get(1).map_or(0.0, |b| b.0));
    out.push(if top.is_empty() {
        0.0
    } else {
        ranked.iter().take(TOP_SENTENCES).map(|r| r.0).sum::<f32>() / TOP_SENTENCES as f32
    });
    out.push(best.map_or(1.0, |(_, idx)| idx as f32 / (n_sentences.max(2) - 1) as f32));
    out.push(ranked.iter().filter(|r| r.0 >= 0.1).count() as f32 / n_sentences.max(1) as f32);

    let unique_terms: TermSet = headline.terms.iter().copied().collect();
    let n_terms = unique_terms.len().max(1) as f32;
    let in_body = unique_terms
        .iter()
        .filter(|t| body.term_counts.contains_key(t))
        .count() as f32;
    let idf_total: f32 = unique_terms.iter().map(|&t| idf.get(t)).sum();
    let idf_in_body: f32 = unique_terms
        .iter()
        .filter(|t| body.term_counts.contains_key(t))
        .map(|&t| idf.get(t))
        .sum();
    let in_lead = unique_terms
        .iter()
        .filter(|t| body.lead.weights.contains_key(t))
        .count() as f32;
    out.push(in_body / n_terms);
    out.push(if idf_total > 0.0 {
        idf_in_body / idf_total
    } else {
        0.0
    });
    out.push(in_lead / n_terms);
    out.push(share_in(ngrams(&headline.words, 2), &body.bigrams));
    out.push(share_in(ngrams(&headline.words, 3), &body.trigrams));
    let proper_in_body = headline
        .proper_nouns
        .iter()
        .filter(|t| body.term_counts.contains_key(t))
        .count() as f32;
    out.push(proper_in_body / headline.proper_nouns.len().max(1) as f32);
    out.push(headline.proper_nouns.len() as f32);
    let numbers_in_body = headline
        .numbers
        .iter()
        .filter(|n| body.passage.numbers.binary_search(n).is_ok())
        .count() as f32;
    out.push(numbers_in_body / headline.numbers.len().max(1) as f32);
    out.push(headline.numbers.len() as f32);
    let union = body.term_counts.len() as f32 + n_terms - in_body;
    out.push(if union > 0.0 { in_body / union } else { 0.0 });
    out.push(unique_terms.len() as f32);
    out.push((1.0 + body.passage.n_words as f32).ln());
    out.push((1.0 + n_sentences as f32).ln());
    let occurrences: u32 = unique_terms
        .iter()
        .filter_map(|t| body.term_counts.get(t))
        .sum();
    out.push(occurrences as f32 / body.passage.terms.len().max(1) as f32);
    let max_idf = |present: bool| {
        unique_terms
            .iter()
            .filter(|t| body.term_counts.contains_key(t) == present)
            .map(|&t| idf.get(t))
            .fold(0.0f32, f32::max)
    };
    out.push(max_idf(false));
    out.push(max_idf(true));

    let mut headline_cues = [0f32; N_CUE_KINDS];
    for sentence in &headline.sentences {
        add_cues(&mut headline_cues, &sentence.cues);
    }
    out.extend_from_slice(&headline_cues);
    let per_sentence = n_sentences.max(1) as f32;
    out.extend(body.cue_totals.iter().map(|c| c / per_sentence));
    let mut top_cues = [0f32; N_CUE_KINDS];
    for &idx in &top {
        add_cues(&mut top_cues, &body.passage.sentences[idx].cues);
    }
    out.extend_from_slice(&top_cues);
    out.extend_from_slice(&body.lead_cues);
    let refute = CueKind::Refute.id();
    out.push((headline_cues[refute] as u32 % 2) as f32);
    out.push((body.cue_totals[refute] as u32 % 2) as f32);

    out.extend(body.passage.cue_counts.iter().map(|&c| c as f32));
    debug_assert_eq!(out.len(), n_features());
    evidence
}

fn add_cues(totals: &mut [f32; N_CUE_KINDS], counts: &[u16; N_CUE_KINDS]) {
    for (total, &count) in totals.iter_mut().zip(counts) {
        *total += count as f32;
    }
}

fn share_in(grams: impl Iterator<Item = u64>, set: &TermSet) -> f32 {
    let (mut total, mut found) = (0usize, 0usize);
    for gram in grams {
        total += 1;
        found += set.contains(&gram) as usize;
    }
    if total == 0 {
        0.0
    } else {
        found as f32 / total as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::passage::PassageReader;

    fn feature(name: &str, values: &[f32]) -> f32 {
        let idx = BASE_FEATURES.iter().position(|n| *n == name).unwrap();
        values[idx]
    }

    fn features_of(headline: &str, body: &str, corpus: &[&str]) -> (Vec<f32>, Option<String>) {
        let reader = PassageReader::embedded().unwrap();
        let passages: Vec<Passage> = corpus.iter().map(|text| reader.body(text)).collect();
        let idf = Idf::fit(&passages);
        let headline = reader.headline(headline);
        let body_passage = reader.body(body);
        let index = BodyIndex::new(&body_passage, &idf);
        let mut values = Vec::new();
        let evidence = pair_features(&headline, &index, &idf, &mut values);
        assert_eq!(values.len(), n_features());
        (values, evidence.map(|span| body[span.range()].to_string()))
    }

    const BODY: &str = "Farmers in the valley reported a good harvest. \
        Officials denied reports that a dam had burst near Karlsfeld, calling the story a hoax. \
        Rain is expected on Friday.";

    #[test]
    fn the_closest_sentence_and_its_refuting_cues_are_found() {
        let corpus = [BODY, "Rain fell on the valley.", "The harvest was good."];
        let (values, evidence) = features_of("Karlsfeld dam bursts", BODY, &corpus);
        assert_eq!(
            evidence.as_deref(),
            Some(
                "Officials denied reports that a dam had burst near Karlsfeld, calling the story a hoax."
            )
        );
        // "denied" (lemma deny) and "hoax" in the closest sentence.
        assert_eq!(feature("top_refute", &values), 2.0);
        assert_eq!(feature("headline_refute", &values), 0.0);
        // dam, burst, Karlsfeld: all three headline terms are in the body.
        assert_eq!(feature("terms_in_body", &values), 1.0);
        // Karlsfeld at least (the tagger may read headlinese "dam" as a name).
        assert!(feature("n_headline_proper_nouns", &values) >= 1.0);
        assert_eq!(feature("proper_nouns_in_body", &values), 1.0);
        assert!(feature("cos_best_sentence", &values) > feature("cos_body", &values));
        let deny = CUES.iter().position(|(cue, _)| *cue == "deny").unwrap();
        assert_eq!(values[BASE_FEATURES.len() + deny], 1.0);
    }

    #[test]
    fn a_headline_about_something_else_shares_nothing() {
        let corpus = [BODY, "Rain fell on the valley."];
        let (values, evidence) = features_of("Central bank raises interest rates", BODY, &corpus);
        assert_eq!(evidence, None);
        assert_eq!(feature("cos_body", &values), 0.0);
        assert_eq!(feature("terms_in_body", &values), 0.0);
        assert_eq!(feature("bigrams_in_body", &values), 0.0);
    }

    #[test]
    fn a_multiword_cue_matches_across_a_split_clitic() {
        let (values, _) = features_of("Story isn't true, says mayor", BODY, &[BODY]);
        let not_true = CUES.iter().position(|(cue, _)| *cue == "not true").unwrap();
        assert_eq!(values.len(), n_features());
        // The headline carries the cue; the per-cue counts are the body's.
        assert_eq!(values[BASE_FEATURES.len() + not_true], 0.0);
        assert!(feature("headline_refute", &values) >= 1.0);
    }

    #[test]
    fn idf_round_trips_at_its_stored_precision() {
        let reader = PassageReader::embedded().unwrap();
        let passages = [reader.body("a dam burst"), reader.body("the dam held")];
        let idf = Idf::fit(&passages).quantized();
        let mut writer = Writer::default();
        idf.encode(&mut writer);
        let bytes = writer.into_bytes();
        assert_eq!(Idf::decode(&mut Reader::new(&bytes)).unwrap(), idf);
    }
}
