//! Training: a dynamic oracle with error exploration over projectivized
//! gold trees, on the tags the parser will see at run time.

use sift_core::{DepLabel, Upos, Xpos};

use super::features::{
    N_LABEL_FEATURES, N_TRANSITION_FEATURES, Words, label_features, transition_features,
};
use super::projectivize::projectivize;
use super::state::{State, Transition};
use super::{MAGIC, N_LABELS, N_TRANSITIONS, Parser, Scorer, best_label, best_valid, greedy_parse};
use crate::TreebankSentence;
use crate::linear::{LinearModel, Perceptron, compress};

/// Knobs of [`train_parser_with`]; the defaults are what `sift train parser` uses.
#[derive(Clone, Debug)]
pub struct ParserTrainConfig {
    /// Passes over the training sentences.
    pub epochs: usize,
    /// From this epoch on (0-based), the parser sometimes follows its own
    /// mistakes, so that it learns to recover from them.
    pub first_exploring_epoch: usize,
    /// When exploring, how often a wrong prediction is followed.
    pub explore_probability: f64,
    /// Transition-model rows whose averaged weights all stay below this
    /// (in absolute value) are dropped.
    pub prune_transitions_below: f32,
    /// The same for the label model.
    pub prune_labels_below: f32,
    /// Seed of the shuffling and exploration.
    pub seed: u64,
    /// When at least 2, the training sentences are retagged by jackknifing:
    /// split into this many folds, each tagged by a tagger trained on the
    /// others, and the dev sentences by a tagger trained on all of them. The
    /// parser then learns from tags as wrong as the ones it will see. Below
    /// 2, the tags in the input are used as they are.
    pub jackknife_folds: usize,
}

impl Default for ParserTrainConfig {
    fn default() -> Self {
        ParserTrainConfig {
            epochs: 15,
            first_exploring_epoch: 1,
            explore_probability: 0.9,
            prune_transitions_below: 1.0,
            prune_labels_below: 1.0,
            seed: 0x5EED,
            jackknife_folds: 10,
        }
    }
}

/// Why training could not start.
#[derive(Debug, thiserror::Error)]
pub enum ParserTrainError {
    /// A gold tree is malformed.
    #[error("sentence `{sentence}`: {message}")]
    BadTree {
        /// The sentence id.
        sentence: String,
        /// What is wrong, lower-case.
        message: String,
    },
    /// There is nothing to learn from.
    #[error("no training sentences")]
    NoSentences,
}

/// Trains a parser with the default [`ParserTrainConfig`] and returns the
/// compressed model for [`Parser::from_bytes`].
///
/// `train` and `dev` are gold treebank sentences (EWT train and dev). Their
/// tags are replaced by predicted ones through 10-fold jackknifing with
/// [`crate::train_tagger_in_memory`] before the parser learns from them,
/// and `dev` only reports progress. `progress` receives a line per step
/// (jackknife folds, epochs, the final dev scores). Takes about four minutes
/// on one core in release.
pub fn train_parser(
    train: &[TreebankSentence],
    dev: &[TreebankSentence],
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<u8>, ParserTrainError> {
    train_parser_with(train, dev, &ParserTrainConfig::default(), progress)
}

/// [`train_parser`] with explicit settings.
pub fn train_parser_with(
    train: &[TreebankSentence],
    dev: &[TreebankSentence],
    config: &ParserTrainConfig,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<u8>, ParserTrainError> {
    if train.is_empty() {
        return Err(ParserTrainError::NoSentences);
    }
    let retagged;
    let (train, dev) = if config.jackknife_folds >= 2 {
        retagged = jackknife_tags(train, dev, config.jackknife_folds, progress);
        (retagged.0.as_slice(), retagged.1.as_slice())
    } else {
        (train, dev)
    };
    let mut n_non_projective = 0;
    let mut n_lifted = 0;
    let mut prepared = Vec::with_capacity(train.len());
    for sentence in train {
        let mut gold = Prepared::new(sentence)?;
        let lifts = projectivize(&mut gold.heads);
        if lifts > 0 {
            n_non_projective += 1;
            n_lifted += lifts;
        }
        prepared.push(gold);
    }
    let dev: Vec<Prepared> = dev.iter().map(Prepared::new).collect::<Result<_, _>>()?;
    progress(&format!(
        "{} training sentences, {} non-projective ({} arcs lifted); {} dev sentences",
        prepared.len(),
        n_non_projective,
        n_lifted,
        dev.len()
    ));

    let root_label = super::root_label();
    let mut trainer = Trainer {
        transitions: Perceptron::new(N_TRANSITIONS),
        labels: Perceptron::new(N_LABELS),
        root_label,
        rng: config.seed | 1,
        state: State::default(),
    };
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    for epoch in 0..config.epochs {
        shuffle(&mut order, &mut trainer.rng);
        let explore = epoch >= config.first_exploring_epoch;
        let (mut n_steps, mut n_errors) = (0usize, 0usize);
        for &idx in &order {
            let (steps, errors) =
                trainer.learn_sentence(&prepared[idx], explore, config.explore_probability);
            n_steps += steps;
            n_errors += errors;
        }
        let live = LiveScorer {
            transitions: &trainer.transitions,
            labels: &trainer.labels,
            root_label,
        };
        let (uas, las) = attachment_scores(&live, &dev, &mut trainer.state);
        progress(&format!(
            "epoch {}: transition errors {:.2}%, dev (unaveraged) UAS {:.2} LAS {:.2}",
            epoch + 1,
            100.0 * n_errors as f64 / n_steps.max(1) as f64,
            100.0 * uas,
            100.0 * las
        ));
    }

    let transitions = trainer.transitions.finish(config.prune_transitions_below);
    let labels = trainer.labels.finish(config.prune_labels_below);
    // What stronger pruning would cost, for choosing the thresholds.
    for factor in [2.0, 4.0, 8.0] {
        let smaller = serialize(
            &transitions.pruned(config.prune_transitions_below * factor),
            &labels.pruned(config.prune_labels_below * factor),
        );
        if let Ok(parser) = Parser::from_bytes(&smaller) {
            let (uas, las) = attachment_scores(&*parser.model, &dev, &mut trainer.state);
            progress(&format!(
                "pruning {factor}x harder: {:.1} MB, dev UAS {:.2} LAS {:.2}",
                smaller.len() as f64 / 1e6,
                100.0 * uas,
                100.0 * las
            ));
        }
    }
    let compressed = serialize(&transitions, &labels);
    progress(&format!(
        "kept {} transition rows and {} label rows; {:.1} MB compressed",
        transitions.n_rows(),
        labels.n_rows(),
        compressed.len() as f64 / 1e6
    ));
    if let Ok(parser) = Parser::from_bytes(&compressed) {
        let (uas, las) = attachment_scores(&*parser.model, &dev, &mut trainer.state);
        progress(&format!(
            "final model: dev UAS {:.2} LAS {:.2} (punctuation included)",
            100.0 * uas,
            100.0 * las
        ));
    }
    Ok(compressed)
}

/// The compressed model file.
fn serialize(transitions: &LinearModel, labels: &LinearModel) -> Vec<u8> {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(MAGIC);
    transitions.write(&mut bytes);
    labels.write(&mut bytes);
    compress(&bytes)
}

/// Copies of `train` and `dev` with predicted tags: `train` split into
/// `n_folds` folds, each tagged by a tagger trained on the others, and `dev`
/// tagged by a tagger trained on all of `train` (see
/// [`ParserTrainConfig::jackknife_folds`]). Exposed so that experiments can
/// compute it once.
pub fn jackknife_tags(
    train: &[TreebankSentence],
    dev: &[TreebankSentence],
    n_folds: usize,
    progress: &mut dyn FnMut(&str),
) -> (Vec<TreebankSentence>, Vec<TreebankSentence>) {
    let mut retagged_train = train.to_vec();
    let (mut n_words, mut n_wrong) = (0usize, 0usize);
    // Folds interleave sentences. Contiguous folds (whole documents held
    // out) give noisier tags (94.7% XPOS instead of 96.1%), closer to new
    // text, yet the parser trained on them scored 0.3 UAS and LAS lower on
    // EWT dev, so the interleaved split stays.
    let fold_of = |idx: usize| idx % n_folds;
    for fold in 0..n_folds {
        let others: Vec<TreebankSentence> = train
            .iter()
            .enumerate()
            .filter(|(idx, _)| fold_of(*idx) != fold)
            .map(|(_, sentence)| sentence.clone())
            .collect();
        let tagger = crate::train_tagger_in_memory(&others);
        for (idx, sentence) in retagged_train.iter_mut().enumerate() {
            if fold_of(idx) == fold {
                let (words, wrong) = retag(&tagger, sentence);
                n_words += words;
                n_wrong += wrong;
            }
        }
        progress(&format!(
            "jackknifing: fold {} of {n_folds} tagged",
            fold + 1
        ));
    }
    let tagger = crate::train_tagger_in_memory(train);
    let mut retagged_dev = dev.to_vec();
    let (mut n_dev_words, mut n_dev_wrong) = (0usize, 0usize);
    for sentence in &mut retagged_dev {
        let (words, wrong) = retag(&tagger, sentence);
        n_dev_words += words;
        n_dev_wrong += wrong;
    }
    progress(&format!(
        "jackknifed XPOS accuracy: train {:.2}%, dev {:.2}%",
        100.0 * (1.0 - n_wrong as f64 / n_words.max(1) as f64),
        100.0 * (1.0 - n_dev_wrong as f64 / n_dev_words.max(1) as f64),
    ));
    (retagged_train, retagged_dev)
}

/// Replaces a sentence's tags with the tagger's; returns (words, XPOS errors).
fn retag(tagger: &crate::Tagger, sentence: &mut TreebankSentence) -> (usize, usize) {
    let forms: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
    let tags = tagger.tag_words(&forms);
    let mut n_wrong = 0;
    for (word, tag) in sentence.words.iter_mut().zip(tags) {
        if word.xpos != tag.xpos.as_str() {
            n_wrong += 1;
        }
        word.xpos = tag.xpos.as_str().to_string();
        word.upos = tag.upos.as_str().to_string();
    }
    (sentence.words.len(), n_wrong)
}

/// A gold sentence ready for the oracle: hashed words, tag ids, heads with
/// the root at index `n`, and relation ids.
struct Prepared {
    words: Words,
    heads: Vec<u32>,
    labels: Vec<u8>,
}

impl Prepared {
    fn new(sentence: &TreebankSentence) -> Result<Prepared, ParserTrainError> {
        let n_words = sentence.words.len();
        let mut words = Words::default();
        let mut heads = Vec::with_capacity(n_words);
        let mut labels = Vec::with_capacity(n_words);
        let fallback_label = DepLabel::from_name("dep").expect("dep is a UD relation");
        for word in &sentence.words {
            let xpos = Xpos::from_name(&word.xpos).map_or(u8::MAX - 1, |t| t.id() as u8);
            let upos = Upos::from_name(&word.upos).map_or(u8::MAX - 1, |t| t.id() as u8);
            words.push(&word.form, xpos, upos);
            if word.head > n_words {
                return Err(ParserTrainError::BadTree {
                    sentence: sentence.id.clone(),
                    message: format!("head {} is past the last word", word.head),
                });
            }
            heads.push(if word.head == 0 {
                n_words as u32
            } else {
                word.head as u32 - 1
            });
            labels.push(
                DepLabel::from_name(&word.deprel)
                    .unwrap_or(fallback_label)
                    .id() as u8,
            );
        }
        words.finish();
        if heads.iter().filter(|&&h| h as usize == n_words).count() != 1 {
            return Err(ParserTrainError::BadTree {
                sentence: sentence.id.clone(),
                message: "the tree does not have exactly one root".to_string(),
            });
        }
        Ok(Prepared {
            words,
            heads,
            labels,
        })
    }
}

struct LiveScorer<'a> {
    transitions: &'a Perceptron,
    labels: &'a Perceptron,
    root_label: u8,
}

impl Scorer for LiveScorer<'_> {
    fn transition_scores(&self, keys: &[u64; N_TRANSITION_FEATURES]) -> [f32; N_TRANSITIONS] {
        let mut scores = [0f32; N_TRANSITIONS];
        self.transitions.score(keys, &mut scores);
        scores
    }

    fn label_scores(&self, keys: &[u64; N_LABEL_FEATURES]) -> [f32; N_LABELS] {
        let mut scores = [0f32; N_LABELS];
        self.labels.score(keys, &mut scores);
        scores
    }

    fn root_label(&self) -> u8 {
        self.root_label
    }
}

struct Trainer {
    transitions: Perceptron,
    labels: Perceptron,
    root_label: u8,
    rng: u64,
    state: State,
}

impl Trainer {
    /// One pass of the dynamic oracle over a sentence; returns the number of
    /// transitions and of wrong predictions.
    fn learn_sentence(
        &mut self,
        gold: &Prepared,
        explore: bool,
        explore_probability: f64,
    ) -> (usize, usize) {
        let mut keys = [0u64; N_TRANSITION_FEATURES];
        let mut label_keys = [0u64; N_LABEL_FEATURES];
        let state = &mut self.state;
        state.reset(gold.words.len());
        let (mut n_steps, mut n_errors) = (0, 0);
        while !state.is_terminal() {
            transition_features(state, &gold.words, &mut keys);
            let mut scores = [0f32; N_TRANSITIONS];
            self.transitions.score(&keys, &mut scores);
            let predicted = best_valid(state, &scores);
            let mut costs = [u32::MAX; N_TRANSITIONS];
            for transition in Transition::ALL {
                if state.is_valid(transition) {
                    costs[transition.id()] = state.cost(transition, &gold.heads);
                }
            }
            let min_cost = *costs.iter().min().expect("three costs");
            let mut best_correct = None;
            for transition in Transition::ALL {
                if costs[transition.id()] == min_cost
                    && best_correct
                        .is_none_or(|b: Transition| scores[transition.id()] > scores[b.id()])
                {
                    best_correct = Some(transition);
                }
            }
            let best_correct = best_correct.expect("a valid transition");
            n_steps += 1;
            let next = if costs[predicted.id()] == min_cost {
                predicted
            } else {
                n_errors += 1;
                self.transitions
                    .update(&keys, best_correct.id(), predicted.id(), 1.0);
                if explore && next_unit(&mut self.rng) < explore_probability {
                    predicted
                } else {
                    best_correct
                }
            };
            self.transitions.tick();

            let label = match state.arc_of(next) {
                None => 0,
                Some((head, _)) if head == state.root() => self.root_label,
                Some((head, dependent)) => {
                    label_features(state, &gold.words, head, dependent, &mut label_keys);
                    let mut label_scores = [0f32; N_LABELS];
                    self.labels.score(&label_keys, &mut label_scores);
                    let guess = best_label(&label_scores, self.root_label);
                    if gold.heads[dependent as usize] == head {
                        let truth = gold.labels[dependent as usize];
                        self.labels
                            .update(&label_keys, truth as usize, guess as usize, 1.0);
                        self.labels.tick();
                        truth
                    } else {
                        guess
                    }
                }
            };
            state.apply(next, label);
        }
        (n_steps, n_errors)
    }
}

/// Unlabelled and labelled attachment scores over every word.
fn attachment_scores(
    scorer: &impl Scorer,
    sentences: &[Prepared],
    state: &mut State,
) -> (f64, f64) {
    let (mut n_words, mut n_heads, mut n_labelled) = (0usize, 0usize, 0usize);
    for sentence in sentences {
        greedy_parse(scorer, &sentence.words, state);
        for (word, &gold_head) in sentence.heads.iter().enumerate() {
            n_words += 1;
            if state.heads[word] == gold_head {
                n_heads += 1;
                if state.labels[word] == sentence.labels[word] {
                    n_labelled += 1;
                }
            }
        }
    }
    let total = n_words.max(1) as f64;
    (n_heads as f64 / total, n_labelled as f64 / total)
}

/// xorshift64*: reproducible and good enough for shuffling.
fn next_u64(rng: &mut u64) -> u64 {
    *rng ^= *rng >> 12;
    *rng ^= *rng << 25;
    *rng ^= *rng >> 27;
    rng.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

fn next_unit(rng: &mut u64) -> f64 {
    (next_u64(rng) >> 11) as f64 / (1u64 << 53) as f64
}

fn shuffle(order: &mut [usize], rng: &mut u64) {
    for i in (1..order.len()).rev() {
        let j = (next_u64(rng) % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
}
