//! Training: the class inventory, the word table, word clusters, the
//! perceptron epochs and the lemmatizer, all from a treebank.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use sift_core::{Upos, Xpos};

use super::features::{self, Analyzer, PAD, START_CLASS};
use super::lemma::train_lemmatizer;
use super::lexicon::WordTable;
use super::{Scratch, TaggerModel, TrainedModel, clusters};
use crate::linear::{LinearModel, Perceptron, feature_key};
use crate::treebank::TreebankSentence;

/// Why training could not produce a model.
#[derive(Debug, thiserror::Error)]
pub enum TaggerTrainError {
    /// The training set has no word with a known UPOS and XPOS tag.
    #[error("the training treebank has no tagged words")]
    NoTaggedWords,
}

/// The knobs of one training run.
pub(super) struct TrainConfig {
    epochs: usize,
    /// A word seen at least this often ...
    shortcut_min_count: u32,
    /// ... with at least this share of one class skips the model.
    shortcut_min_share: f64,
    /// Classes below this share of a word's occurrences are left out of its
    /// ambiguity class.
    ambiguity_min_share: f64,
    /// Words seen fewer times get no ambiguity class: for them it would be
    /// the very tag being learned, which at test time no unseen word has.
    ambiguity_min_count: u32,
    /// Feature rows whose averaged weights all stay below this are dropped.
    prune_below: f32,
    /// Whether to learn word clusters (slow-ish; skipped for jackknifing).
    clusters: bool,
}

impl TrainConfig {
    pub(super) fn full() -> TrainConfig {
        TrainConfig {
            epochs: 12,
            shortcut_min_count: 5,
            shortcut_min_share: 0.98,
            ambiguity_min_share: 0.05,
            ambiguity_min_count: 1,
            // Measured on EWT dev: 1.0 halves the rows at no cost in
            // accuracy; 2.0 halves them again for -0.04 UPOS.
            prune_below: 1.0,
            clusters: true,
        }
    }

    pub(super) fn in_memory() -> TrainConfig {
        TrainConfig {
            epochs: 8,
            clusters: false,
            ..TrainConfig::full()
        }
    }
}

/// Minimum count for a (UPOS, XPOS) pair to be a class of its own; rarer
/// pairs (`ADV/NNP`, `X/WP`) are folded into the most frequent class with
/// the same XPOS.
const MIN_CLASS_COUNT: u32 = 3;

pub(super) fn train_model(
    train: &[TreebankSentence],
    unlabeled: &[&str],
    config: &TrainConfig,
    progress: &mut dyn FnMut(&str),
) -> Result<TrainedModel, TaggerTrainError> {
    let inventory = ClassInventory::from_treebank(train);
    if inventory.classes.is_empty() {
        return Err(TaggerTrainError::NoTaggedWords);
    }
    let n_classes = inventory.classes.len();
    progress(&format!("{n_classes} classes"));

    let gold: Vec<Vec<usize>> = train
        .iter()
        .map(|sentence| {
            sentence
                .words
                .iter()
                .map(|w| inventory.class_of(&w.upos, &w.xpos))
                .collect()
        })
        .collect();

    // What training sentences see of their words comes from the other
    // folds, so that a word's ambiguity class is as informative (and as
    // often missing) in training as on unseen text.
    let mut fold_tables: Vec<WordTable> = (0..N_FOLDS)
        .map(|fold| word_table(train, &gold, n_classes, config, Some(fold)))
        .collect();
    let mut words = word_table(train, &gold, n_classes, config, None);
    let mut known_words = Vec::new();
    if config.clusters {
        let learned = clusters::learn(train, unlabeled, progress);
        known_words.extend(learned.iter().map(|&(lower, _)| lower));
        progress(&format!("{} words clustered", learned.len()));
        for table in fold_tables.iter_mut().chain(std::iter::once(&mut words)) {
            for &(lower, cluster) in &learned {
                table.insert_cluster(lower, cluster);
            }
        }
    }

    let weights = train_perceptron(train, &gold, &fold_tables, n_classes, config, progress);

    let lemmatizer = train_lemmatizer(
        train.iter().flat_map(|sentence| {
            sentence.words.iter().filter_map(|w| {
                Some((w.form.as_str(), w.lemma.as_str(), Xpos::from_name(&w.xpos)?))
            })
        }),
        &known_words,
    );

    Ok(TrainedModel {
        classes: inventory.classes,
        words,
        lemmatizer,
        weights,
    })
}

/// Runs the perceptron epochs over `train`, in a shuffled but fixed order.
fn train_perceptron(
    train: &[TreebankSentence],
    gold: &[Vec<usize>],
    fold_tables: &[WordTable],
    n_classes: usize,
    config: &TrainConfig,
    progress: &mut dyn FnMut(&str),
) -> LinearModel {
    let mut perceptron = Perceptron::new(n_classes);
    let mut analyzer = Analyzer::default();
    let mut keys = Vec::new();
    let mut scores = vec![0f32; n_classes];
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    let mut sentence_words: Vec<&str> = Vec::new();
    for epoch in 0..config.epochs {
        rng.shuffle(&mut order);
        let (mut n_correct, mut n_total) = (0usize, 0usize);
        for &sentence_idx in &order {
            let sentence = &train[sentence_idx];
            sentence_words.clear();
            sentence_words.extend(sentence.words.iter().map(|w| w.form.as_str()));
            analyzer.analyze(&sentence_words, &fold_tables[sentence_idx % N_FOLDS]);
            let mut prev1 = START_CLASS;
            let mut prev2 = START_CLASS;
            for (word_idx, &truth) in gold[sentence_idx].iter().enumerate() {
                let pos = word_idx + PAD;
                let guess = match analyzer.infos[pos].shortcut {
                    Some(class) => class as usize,
                    None => {
                        features::extract(&analyzer.infos, pos, prev1, prev2, &mut keys);
                        scores.fill(0.0);
                        perceptron.score(&keys, &mut scores);
                        let guess = argmax_f32(&scores);
                        perceptron.update(&keys, truth, guess, 1.0);
                        perceptron.tick();
                        guess
                    }
                };
                n_correct += usize::from(guess == truth);
                n_total += 1;
                prev2 = prev1;
                prev1 = guess as u64;
            }
        }
        progress(&format!(
            "epoch {}: train accuracy {:.4}",
            epoch + 1,
            n_correct as f64 / n_total.max(1) as f64
        ));
    }
    perceptron.finish(config.prune_below)
}

/// The (UPOS, XPOS) pairs that are classes, and where rare pairs go.
struct ClassInventory {
    classes: Vec<(Upos, Xpos)>,
    index: HashMap<(Upos, Xpos), usize>,
    /// For pairs too rare to be classes: the class of the same XPOS.
    by_xpos: HashMap<Xpos, usize>,
}

impl ClassInventory {
    fn from_treebank(train: &[TreebankSentence]) -> ClassInventory {
        let mut counts: BTreeMap<(Upos, Xpos), u32> = BTreeMap::new();
        for word in train.iter().flat_map(|s| &s.words) {
            if let (Some(upos), Some(xpos)) =
                (Upos::from_name(&word.upos), Xpos::from_name(&word.xpos))
            {
                *counts.entry((upos, xpos)).or_default() += 1;
            }
        }
        let mut frequent: Vec<((Upos, Xpos), u32)> = counts
            .iter()
            .filter(|&(_, &count)| count >= MIN_CLASS_COUNT)
            .map(|(&pair, &count)| (pair, count))
            .collect();
        if frequent.is_empty() {
            frequent = counts.iter().map(|(&pair, &count)| (pair, count)).collect();
        }
        // Most frequent first; ties by tag ids, so the order is stable.
        frequent.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        frequent.truncate(u8::MAX as usize - 1);
        let classes: Vec<(Upos, Xpos)> = frequent.iter().map(|(pair, _)| *pair).collect();
        let index: HashMap<(Upos, Xpos), usize> = classes
            .iter()
            .enumerate()
            .map(|(idx, &pair)| (pair, idx))
            .collect();
        let mut by_xpos = HashMap::new();
        for (idx, &(_, xpos)) in classes.iter().enumerate() {
            by_xpos.entry(xpos).or_insert(idx);
        }
        ClassInventory {
            classes,
            index,
            by_xpos,
        }
    }

    fn class_of(&self, upos: &str, xpos: &str) -> usize {
        let (Some(upos), Some(xpos)) = (Upos::from_name(upos), Xpos::from_name(xpos)) else {
            return 0;
        };
        self.index
            .get(&(upos, xpos))
            .or_else(|| self.by_xpos.get(&xpos))
            .copied()
            .unwrap_or(0)
    }
}

/// How many parts the training set is cut into for the word tables that
/// training sentences see.
const N_FOLDS: usize = 10;

/// Builds the exact-form table: each word's ambiguity class and, for
/// frequent unambiguous words, its shortcut class; from every sentence, or
/// from all but those of fold `left_out`.
fn word_table(
    train: &[TreebankSentence],
    gold: &[Vec<usize>],
    n_classes: usize,
    config: &TrainConfig,
    left_out: Option<usize>,
) -> WordTable {
    let mut counts: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut lower_counts: HashMap<String, Vec<u32>> = HashMap::new();
    for (sentence_idx, (sentence, classes)) in train.iter().zip(gold).enumerate() {
        if left_out == Some(sentence_idx % N_FOLDS) {
            continue;
        }
        for (word, &class) in sentence.words.iter().zip(classes) {
            counts
                .entry(word.form.as_str())
                .or_insert_with(|| vec![0; n_classes])[class] += 1;
            lower_counts
                .entry(word.form.to_lowercase())
                .or_insert_with(|| vec![0; n_classes])[class] += 1;
        }
    }
    let mut table = WordTable::default();
    for (form, class_counts) in counts {
        let (ambiguity, shortcut) = ambiguity_and_shortcut(&class_counts, config);
        table.insert_form(features::hash_bytes(form.as_bytes()), ambiguity, shortcut);
    }
    for (lower, class_counts) in lower_counts {
        let (ambiguity, _) = ambiguity_and_shortcut(&class_counts, config);
        table.insert_lower_ambiguity(features::hash_bytes(lower.as_bytes()), ambiguity);
    }
    table
}

/// A word's ambiguity class (hashed; 0 when seen too rarely) and its
/// shortcut class, from how often it took each class.
fn ambiguity_and_shortcut(class_counts: &[u32], config: &TrainConfig) -> (u64, Option<u8>) {
    let total: u32 = class_counts.iter().sum();
    let mut ambiguity_classes = Vec::new();
    let (mut top_class, mut top_count) = (0, 0);
    for (class, &count) in class_counts.iter().enumerate() {
        if count as f64 >= config.ambiguity_min_share * total as f64 && count > 0 {
            ambiguity_classes.push(class as u64);
        }
        if count > top_count {
            (top_class, top_count) = (class, count);
        }
    }
    let ambiguity = if total >= config.ambiguity_min_count {
        feature_key(900, &ambiguity_classes)
    } else {
        0
    };
    let shortcut = (total >= config.shortcut_min_count
        && top_count as f64 >= config.shortcut_min_share * total as f64)
        .then_some(top_class as u8);
    (ambiguity, shortcut)
}

/// Tag and lemma accuracy on gold-tokenized sentences.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Accuracy {
    pub(super) n_words: usize,
    pub(super) upos: usize,
    pub(super) xpos: usize,
    pub(super) lemma: usize,
}

impl fmt::Display for Accuracy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let share = |n: usize| n as f64 / self.n_words.max(1) as f64;
        write!(
            f,
            "{} words, lemma {:.4}, XPOS {:.4}, UPOS {:.4}",
            self.n_words,
            share(self.lemma),
            share(self.xpos),
            share(self.upos)
        )
    }
}

pub(super) fn accuracy(model: &TaggerModel, sentences: &[TreebankSentence]) -> Accuracy {
    let mut scratch = Scratch::default();
    let mut tags = Vec::new();
    let mut accuracy = Accuracy::default();
    let mut words: Vec<&str> = Vec::new();
    for sentence in sentences {
        words.clear();
        words.extend(sentence.words.iter().map(|w| w.form.as_str()));
        tags.clear();
        model.tag_into(&words, &mut scratch, &mut tags);
        for (word, tag) in sentence.words.iter().zip(&tags) {
            accuracy.n_words += 1;
            accuracy.upos += usize::from(tag.upos.as_str() == word.upos);
            accuracy.xpos += usize::from(tag.xpos.as_str() == word.xpos);
            accuracy.lemma += usize::from(tag.lemma.resolve(&word.form) == word.lemma);
        }
    }
    accuracy
}

fn argmax_f32(scores: &[f32]) -> usize {
    let mut best = 0;
    for (class, &score) in scores.iter().enumerate() {
        if score > scores[best] {
            best = class;
        }
    }
    best
}

/// A small deterministic generator for shuffling the training order.
pub(super) struct XorShift(pub(super) u64);

impl XorShift {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for idx in (1..items.len()).rev() {
            let other = (self.next() % (idx as u64 + 1)) as usize;
            items.swap(idx, other);
        }
    }
}
