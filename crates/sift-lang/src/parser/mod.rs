//! The dependency parser: greedy arc-hybrid transitions scored by a hashed
//! averaged perceptron, trained with a dynamic oracle and error exploration,
//! with a second linear model choosing each arc's UD relation.
//!
//! - **Transitions** (`state.rs`): arc-hybrid with the root at the end of the
//!   buffer. The root takes exactly one dependent, so every sentence gets a
//!   single-rooted tree.
//! - **Training** (`train.rs`): Goldberg and Nivre's dynamic oracle; after
//!   the first epoch the parser follows its own wrong moves 90% of the time
//!   and learns the best move from there. Non-projective gold trees (2.3% of
//!   EWT's training sentences) are projectivized by lifting arcs
//!   (`projectivize.rs`), not dropped. Tags come from 10-fold jackknifing
//!   with the tagger, so the parser learns from tags as wrong as at run time.
//! - **Features** (`features.rs`): about a hundred Zhang–Nivre templates,
//!   hashed to 64-bit keys into fixed arrays; nothing is allocated per word.
//! - **Scoring** (`table.rs`): weights are pruned and quantized at training
//!   time and laid out at load time in cache-line buckets.
//!
//! Parsing is linear in the sentence length (two transitions per word), so
//! sentences of any length are parsed whole and never split: a 5,000-token
//! "sentence" from a page without punctuation costs as much as 300 ordinary
//! ones.

mod features;
mod projectivize;
mod state;
mod table;
mod train;

use std::sync::{Arc, OnceLock};

use sift_core::{DEP_LABELS, DepLabel, Dependency, Diagnostic, Doc, LayerKind, Stage, TokenTag};

use crate::linear::{ModelError, ModelRows, decompress};
use features::{
    N_LABEL_FEATURES, N_TRANSITION_FEATURES, Words, label_features, transition_features,
};
use state::{State, Transition};
use table::{RowTable, TransitionTable};

pub use train::{
    ParserTrainConfig, ParserTrainError, jackknife_tags, train_parser, train_parser_with,
};

/// Number of relation classes: every label of [`DEP_LABELS`].
const N_LABELS: usize = DEP_LABELS.len();
const N_TRANSITIONS: usize = 3;
const MAGIC: &[u8; 8] = b"SIFTPAR1";

static EMBEDDED_BYTES: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/models/parser.bin.zst"
));

/// The dependency parser stage. Cloning it is cheap: the model is shared.
#[derive(Clone)]
pub struct Parser {
    model: Arc<Model>,
}

struct Model {
    transitions: TransitionTable,
    labels: RowTable<N_LABELS>,
    root_label: u8,
}

impl std::fmt::Debug for Parser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parser").finish_non_exhaustive()
    }
}

impl Parser {
    /// The model compiled into the crate, loaded once per process.
    pub fn embedded() -> Result<Parser, ModelError> {
        static EMBEDDED: OnceLock<Result<Parser, &'static str>> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| {
                Parser::from_bytes(EMBEDDED_BYTES).map_err(|ModelError::Corrupt(why)| why)
            })
            .clone()
            .map_err(ModelError::Corrupt)
    }

    /// A model from the compressed bytes [`train_parser`] returned.
    pub fn from_bytes(compressed: &[u8]) -> Result<Parser, ModelError> {
        let bytes = decompress(compressed)?;
        let mut input = bytes.as_slice();
        if crate::linear::take(&mut input, 8)? != MAGIC {
            return Err(ModelError::Corrupt("not a parser model"));
        }
        let transitions = ModelRows::read(&mut input)?;
        let labels = ModelRows::read(&mut input)?;
        let model = Model {
            transitions: TransitionTable::from_model(&transitions).ok_or(ModelError::Corrupt(
                "transition model has the wrong class count",
            ))?,
            labels: RowTable::from_model(&labels)
                .ok_or(ModelError::Corrupt("label model has the wrong class count"))?,
            root_label: root_label(),
        };
        Ok(Parser {
            model: Arc::new(model),
        })
    }

    /// Parses one sentence given its word forms and tags (one each).
    ///
    /// Heads in the result index `forms`; exactly one word has no head and
    /// the label `root`. Returns an empty vector when the lengths differ.
    pub fn parse_words(&self, forms: &[&str], tags: &[TokenTag]) -> Vec<Dependency> {
        if forms.len() != tags.len() {
            return Vec::new();
        }
        let mut scratch = Scratch::default();
        scratch.words.clear();
        for (form, tag) in forms.iter().zip(tags) {
            scratch
                .words
                .push(form, tag.xpos.id() as u8, tag.upos.id() as u8);
        }
        scratch.words.finish();
        let mut out = Vec::with_capacity(forms.len());
        self.parse_prepared(&mut scratch, 0, &mut out);
        out
    }

    /// Parses the sentence in `scratch.words`, appending one dependency per
    /// word with heads offset by `first_token`.
    fn parse_prepared(&self, scratch: &mut Scratch, first_token: u32, out: &mut Vec<Dependency>) {
        let n_words = scratch.words.len();
        greedy_parse(&*self.model, &scratch.words, &mut scratch.state);
        let state = &scratch.state;
        for word in 0..n_words {
            let head = state.heads[word];
            let label = DepLabel::from_id(state.labels[word] as usize)
                .unwrap_or_else(|| DepLabel::from_id(0).expect("a label"));
            out.push(if head as usize >= n_words {
                Dependency {
                    head: None,
                    label: DepLabel::from_id(self.model.root_label as usize).expect("root"),
                }
            } else {
                Dependency {
                    head: Some(first_token + head),
                    label,
                }
            });
        }
    }
}

/// Reusable buffers for one thread's parsing.
#[derive(Default)]
struct Scratch {
    words: Words,
    state: State,
}

fn root_label() -> u8 {
    DepLabel::from_name("root")
        .expect("root is a UD relation")
        .id() as u8
}

/// Scores transitions and labels: the trained tables at run time, the live
/// perceptrons while training.
trait Scorer {
    fn transition_scores(&self, keys: &[u64; N_TRANSITION_FEATURES]) -> [f32; N_TRANSITIONS];
    fn label_scores(&self, keys: &[u64; N_LABEL_FEATURES]) -> [f32; N_LABELS];
    fn root_label(&self) -> u8;
}

impl Scorer for Model {
    #[inline]
    fn transition_scores(&self, keys: &[u64; N_TRANSITION_FEATURES]) -> [f32; N_TRANSITIONS] {
        let mut scores = [0i32; N_TRANSITIONS];
        self.transitions.score(keys, &mut scores);
        scores.map(|s| s as f32)
    }

    #[inline]
    fn label_scores(&self, keys: &[u64; N_LABEL_FEATURES]) -> [f32; N_LABELS] {
        let mut scores = [0i32; N_LABELS];
        self.labels.score(keys, &mut scores);
        scores.map(|s| s as f32)
    }

    fn root_label(&self) -> u8 {
        self.root_label
    }
}

/// The best valid transition by score.
fn best_valid(state: &State, scores: &[f32; N_TRANSITIONS]) -> Transition {
    let mut best = None;
    for transition in Transition::ALL {
        if state.is_valid(transition)
            && best.is_none_or(|b: Transition| scores[transition.id()] > scores[b.id()])
        {
            best = Some(transition);
        }
    }
    best.expect("a non-terminal state always has a valid transition")
}

/// The best label other than `root`, which only arcs from the root carry.
fn best_label(scores: &[f32; N_LABELS], root_label: u8) -> u8 {
    let mut best = usize::from(root_label == 0);
    for (label, &score) in scores.iter().enumerate() {
        if label != root_label as usize && score > scores[best] {
            best = label;
        }
    }
    best as u8
}

/// Parses `words` greedily into `state`.
fn greedy_parse(scorer: &impl Scorer, words: &Words, state: &mut State) {
    state.reset(words.len());
    let mut keys = [0u64; N_TRANSITION_FEATURES];
    let mut label_keys = [0u64; N_LABEL_FEATURES];
    while !state.is_terminal() {
        transition_features(state, words, &mut keys);
        let scores = scorer.transition_scores(&keys);
        let transition = best_valid(state, &scores);
        let label = match state.arc_of(transition) {
            None => 0,
            Some((head, _)) if head == state.root() => scorer.root_label(),
            Some((head, dependent)) => {
                label_features(state, words, head, dependent, &mut label_keys);
                best_label(&scorer.label_scores(&label_keys), scorer.root_label())
            }
        };
        state.apply(transition, label);
    }
}

impl Stage for Parser {
    fn name(&self) -> &'static str {
        "parser"
    }

    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences, LayerKind::Tags]
    }

    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Dependencies]
    }

    fn run(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let n_tokens = doc.tokens().len();
        let mut dependencies = Vec::with_capacity(n_tokens);
        let mut scratch = Scratch::default();
        let mut diagnostics = Vec::new();
        let tags = doc.tags();
        for sentence in doc.sentences() {
            let range = sentence.token_range();
            // Sentences partition the tokens (a `Doc` invariant); a gap or
            // overlap would be a bug upstream, so fill it rather than panic.
            while dependencies.len() < range.start {
                dependencies.push(Dependency {
                    head: None,
                    label: DepLabel::from_id(self.model.root_label as usize).expect("root"),
                });
            }
            if range.start < dependencies.len() || range.end > n_tokens || range.end > tags.len() {
                continue;
            }
            scratch.words.clear();
            for idx in range.clone() {
                let tag = tags[idx];
                scratch.words.push(
                    doc.slice(doc.tokens()[idx].span),
                    tag.xpos.id() as u8,
                    tag.upos.id() as u8,
                );
            }
            scratch.words.finish();
            self.parse_prepared(&mut scratch, range.start as u32, &mut dependencies);
        }
        if dependencies.len() < n_tokens {
            diagnostics.push(Diagnostic::warning(
                "parser-uncovered-tokens",
                "some tokens belong to no sentence; each was made its own root",
            ));
        }
        while dependencies.len() < n_tokens {
            dependencies.push(Dependency {
                head: None,
                label: DepLabel::from_id(self.model.root_label as usize).expect("root"),
            });
        }
        doc.set_dependencies(dependencies);
        diagnostics
    }
}

#[cfg(test)]
mod tests {
    use sift_core::{Headline, Pipeline, Upos, Xpos};

    use super::*;

    /// A stand-in tagger: every token a singular noun, except punctuation.
    struct NounTagger;

    impl Stage for NounTagger {
        fn name(&self) -> &'static str {
            "noun-tagger"
        }
        fn requires(&self) -> &'static [LayerKind] {
            &[LayerKind::Tokens]
        }
        fn produces(&self) -> &'static [LayerKind] {
            &[LayerKind::Tags]
        }
        fn run(&self, doc: &mut Doc) -> Vec<Diagnostic> {
            let tags = doc
                .tokens()
                .iter()
                .map(|token| {
                    let punct = token.kind == sift_core::TokenKind::Punct;
                    TokenTag {
                        upos: Upos::from_name(if punct { "PUNCT" } else { "NOUN" }).unwrap(),
                        xpos: Xpos::from_name(if punct { "." } else { "NN" }).unwrap(),
                        lemma: sift_core::Lemma::AsWritten,
                    }
                })
                .collect();
            doc.set_tags(tags);
            Vec::new()
        }
    }

    fn parse(text: &str) -> Doc {
        let pipeline = Pipeline::new(vec![
            Box::new(crate::TextBasics::new()),
            Box::new(NounTagger),
            Box::new(Parser::embedded().unwrap()),
        ])
        .unwrap();
        let mut doc = Doc::from_text(text, Headline::None).unwrap();
        pipeline.run(&mut doc);
        doc
    }

    /// Every sentence has one root and all its heads inside it, acyclic.
    fn assert_well_formed(doc: &Doc) {
        let dependencies = doc.dependencies();
        assert_eq!(dependencies.len(), doc.tokens().len());
        for sentence in doc.sentences() {
            let range = sentence.token_range();
            let roots = range
                .clone()
                .filter(|&idx| dependencies[idx].head.is_none())
                .count();
            assert_eq!(roots, 1, "one root per sentence");
            for idx in range.clone() {
                let mut current = idx;
                for _ in 0..=range.len() {
                    match dependencies[current].head {
                        Some(head) => {
                            assert!(range.contains(&(head as usize)), "head in the sentence");
                            current = head as usize;
                        }
                        None => break,
                    }
                }
                assert!(dependencies[current].head.is_none(), "no cycles");
            }
        }
    }

    #[test]
    fn sentences_get_single_rooted_trees() {
        let doc = parse("Rebels shelled the town on Monday. Talks resumed in Geneva.");
        assert_eq!(doc.sentences().len(), 2);
        assert_well_formed(&doc);
        let root = doc
            .dependencies()
            .iter()
            .find(|d| d.head.is_none())
            .unwrap();
        assert_eq!(root.label.as_str(), "root");
    }

    #[test]
    fn empty_and_huge_inputs_are_parsed_quickly() {
        let empty = parse("");
        assert!(empty.dependencies().is_empty());
        let words = "troops ".repeat(5_000);
        let started = std::time::Instant::now();
        let doc = parse(&words);
        assert_well_formed(&doc);
        assert!(started.elapsed().as_secs() < 10);
    }

    #[test]
    fn parse_words_checks_its_lengths() {
        let parser = Parser::embedded().unwrap();
        assert!(parser.parse_words(&["a"], &[]).is_empty());
        assert!(parser.parse_words(&[], &[]).is_empty());
    }

    #[test]
    fn corrupt_models_are_errors() {
        assert!(Parser::from_bytes(b"nonsense").is_err());
        assert!(Parser::from_bytes(&crate::linear::compress(b"SIFTPAR1")).is_err());
    }
}
