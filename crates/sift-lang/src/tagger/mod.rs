//! The part-of-speech tagger and lemmatizer.
//!
//! A greedy left-to-right averaged perceptron predicts one class per word:
//! a (UPOS, XPOS) pair as UD English EWT uses them. It sees the word's
//! form, prefixes, suffixes and shape, the two words on each side, the two
//! classes it predicted before, what training saw of the word and of the
//! next two words (their ambiguity classes), and distributional word
//! clusters learned from unlabeled text. Frequent words that always took one
//! class in training skip the model. The lemma then comes from suffix rules
//! per Penn tag plus a table of exceptions learned from the treebank.
//!
//! The model is one zstd-compressed file, `data/models/tagger.bin.zst`,
//! embedded in the binary and loaded once per process.

mod clusters;
mod features;
mod lemma;
mod lexicon;
mod memo;
mod scorer;
mod train;

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use sift_core::{Diagnostic, Doc, LayerKind, Stage, TokenTag, Upos, Xpos};

use crate::linear::{self, LinearModel, ModelError};
use crate::treebank::TreebankSentence;
use features::{Analyzer, PAD, START_CLASS};
use lemma::Lemmatizer;
use lexicon::WordTable;
use memo::WordMemo;
use scorer::SparseScorer;

pub use train::TaggerTrainError;

/// The embedded model, written by [`train_tagger`].
static EMBEDDED_MODEL: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/models/tagger.bin.zst"
));

const MAGIC: &[u8; 8] = b"SIFTTAG1";

/// The tagging stage: adds a [`TokenTag`] (UPOS, XPOS and lemma) for every
/// token, sentence by sentence.
///
/// Cloning is cheap: clones share one loaded model.
#[derive(Clone)]
pub struct Tagger {
    model: Arc<TaggerModel>,
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tagger")
            .field("n_classes", &self.model.classes.len())
            .field("n_feature_rows", &self.model.scorer.n_rows())
            .finish()
    }
}

impl Tagger {
    /// The model embedded in this build. The first call decompresses it
    /// (tens of milliseconds); later calls share it.
    pub fn embedded() -> Result<Tagger, ModelError> {
        static LOADED: OnceLock<Result<Arc<TaggerModel>, &'static str>> = OnceLock::new();
        let loaded = LOADED.get_or_init(|| {
            TaggerModel::from_compressed(EMBEDDED_MODEL)
                .map(Arc::new)
                .map_err(|ModelError::Corrupt(why)| why)
        });
        match loaded {
            Ok(model) => Ok(Tagger {
                model: Arc::clone(model),
            }),
            Err(why) => Err(ModelError::Corrupt(why)),
        }
    }

    /// A model from the bytes [`train_tagger`] returned.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        Ok(Tagger {
            model: Arc::new(TaggerModel::from_compressed(bytes)?),
        })
    }

    /// Whether training saw this exact word form (for scoring unseen words
    /// apart).
    pub fn knows_word(&self, word: &str) -> bool {
        self.model
            .words
            .contains_form(features::hash_bytes(word.as_bytes()))
    }

    /// Tags one sentence given as its words.
    pub fn tag_words(&self, words: &[&str]) -> Vec<TokenTag> {
        let mut tags = Vec::with_capacity(words.len());
        with_scratch(|scratch| self.model.tag_into(words, scratch, &mut tags));
        tags
    }
}

impl Stage for Tagger {
    fn name(&self) -> &'static str {
        "tagger"
    }

    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }

    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Tags]
    }

    fn run(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let tags = with_scratch(|scratch| self.tag_doc(doc, scratch));
        doc.set_tags(tags);
        Vec::new()
    }
}

impl Tagger {
    fn tag_doc(&self, doc: &Doc, scratch: &mut Scratch) -> Vec<TokenTag> {
        let mut tags = Vec::with_capacity(doc.tokens().len());
        let mut words: Vec<&str> = Vec::new();
        let tokens = doc.tokens();
        // Sentences partition the tokens; anything they leave out (which the
        // splitter never does) is tagged as one more sentence.
        let mut ranges: Vec<std::ops::Range<usize>> =
            doc.sentences().iter().map(|s| s.token_range()).collect();
        let covered = ranges.last().map_or(0, |r| r.end);
        if covered < tokens.len() {
            ranges.push(covered..tokens.len());
        }
        for range in ranges {
            if range.start < tags.len() || range.end > tokens.len() {
                continue;
            }
            words.clear();
            words.extend(tokens[range].iter().map(|t| doc.slice(t.span)));
            self.model.tag_into(&words, scratch, &mut tags);
        }
        // Keeps the layer's one-tag-per-token promise even if the sentence
        // layer were malformed.
        if tags.len() != tokens.len() {
            tags.clear();
            words.clear();
            words.extend(tokens.iter().map(|t| doc.slice(t.span)));
            self.model.tag_into(&words, scratch, &mut tags);
        }
        tags
    }
}

/// Learns a tagger and lemmatizer from `train`, reports its accuracy on
/// `dev` through `progress`, and returns the compressed model file.
///
/// `unlabeled` is raw running text (e.g. news bodies) from which word
/// clusters are learned; the training sentences' words are used as well.
/// The same inputs give byte-identical output.
pub fn train_tagger(
    train: &[TreebankSentence],
    dev: &[TreebankSentence],
    unlabeled: &[&str],
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<u8>, TaggerTrainError> {
    let trained = train::train_model(train, unlabeled, &train::TrainConfig::full(), progress)?;
    let mut bytes = Vec::new();
    trained.write(&mut bytes);
    progress(&format!(
        "model: {} classes, {} feature rows, {} bytes before compression",
        trained.classes.len(),
        trained.weights.n_rows(),
        bytes.len()
    ));
    let model = TaggerModel::from_trained(trained);
    if !dev.is_empty() {
        let accuracy = train::accuracy(&model, dev);
        progress(&format!("dev: {accuracy}"));
    }
    Ok(linear::compress(&bytes))
}

/// Trains a tagger in memory, without word clusters or compression, for
/// jackknifing (tagging each fold of a treebank with a model that never saw
/// it). Deterministic; takes some seconds on 10,000 sentences in release.
///
/// An empty `train` gives a tagger that tags everything as a noun.
pub fn train_tagger_in_memory(train: &[TreebankSentence]) -> Tagger {
    let model = train::train_model(train, &[], &train::TrainConfig::in_memory(), &mut |_| {})
        .map_or_else(|_| TaggerModel::fallback(), TaggerModel::from_trained);
    Tagger {
        model: Arc::new(model),
    }
}

/// Reusable buffers for tagging, and the memo of words seen before.
#[derive(Default)]
struct Scratch {
    analyzer: Analyzer,
    keys: Vec<u64>,
    scores: Vec<i32>,
    memo: WordMemo,
    /// Each word's memo entry, for the sentence being tagged.
    memo_idx: Vec<Option<u32>>,
    /// Per word, the scores of its features that do not depend on the
    /// classes before it (one row of classes per word).
    sentence_scores: Vec<i32>,
}

thread_local! {
    /// Each thread's buffers and memo, kept across documents so that the
    /// memo pays off.
    static THREAD_SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `work` with this thread's scratch (or a fresh one if it is in use).
fn with_scratch<R>(work: impl FnOnce(&mut Scratch) -> R) -> R {
    THREAD_SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => work(&mut scratch),
        Err(_) => work(&mut Scratch::default()),
    })
}

/// Gives each loaded model its own id, so that a thread's memo is never
/// used with another model's weights.
fn next_model_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Everything a trained tagger holds, as training leaves it and as the
/// model file stores it.
struct TrainedModel {
    /// Class id → the tag pair it stands for.
    classes: Vec<(Upos, Xpos)>,
    words: WordTable,
    lemmatizer: Lemmatizer,
    weights: LinearModel,
}

impl TrainedModel {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.classes.len() as u32).to_le_bytes());
        for (upos, xpos) in &self.classes {
            out.push(upos.id() as u8);
            out.push(xpos.id() as u8);
        }
        self.words.write(out);
        self.lemmatizer.write(out);
        self.weights.write(out);
    }
}

/// A tagger ready to run: the trained model with its weights laid out for
/// fast scoring.
struct TaggerModel {
    /// Unique per loaded model (see [`next_model_id`]).
    id: u64,
    classes: Vec<(Upos, Xpos)>,
    words: WordTable,
    lemmatizer: Lemmatizer,
    scorer: SparseScorer,
}

impl TaggerModel {
    fn from_trained(trained: TrainedModel) -> TaggerModel {
        TaggerModel {
            id: next_model_id(),
            scorer: SparseScorer::new(&trained.weights),
            classes: trained.classes,
            words: trained.words,
            lemmatizer: trained.lemmatizer,
        }
    }

    fn tag_into(&self, words: &[&str], scratch: &mut Scratch, out: &mut Vec<TokenTag>) {
        let Scratch {
            analyzer,
            keys,
            scores,
            memo,
            memo_idx,
            sentence_scores,
        } = scratch;
        memo.prepare(self.id, self.classes.len());
        analyzer.begin();
        memo_idx.clear();
        for word in words {
            let form = features::hash_bytes(word.as_bytes());
            let idx = match memo.find(form, word) {
                Some(idx) => {
                    analyzer.push_analysed(*memo.info(idx), memo.lower(idx));
                    Some(idx)
                }
                None => {
                    let info = analyzer.push_word(word, &self.words);
                    let lower = analyzer.lower(memo_idx.len());
                    memo.insert(word, lower, info, &self.scorer)
                }
            };
            memo_idx.push(idx);
        }
        analyzer.finish();

        // First, for the whole sentence, the weights of every feature that
        // does not depend on earlier predictions: these lookups do not wait
        // on one another, so their cache misses overlap.
        let n_classes = self.classes.len();
        sentence_scores.clear();
        sentence_scores.resize(words.len() * n_classes, 0);
        for (word_idx, row) in sentence_scores.chunks_exact_mut(n_classes).enumerate() {
            let pos = word_idx + PAD;
            let info = &analyzer.infos[pos];
            if info.shortcut.is_some() {
                continue;
            }
            keys.clear();
            match memo_idx[word_idx].and_then(|idx| memo.word_scores(idx)) {
                Some(word_scores) => row.copy_from_slice(word_scores),
                None => features::extract_word_only(info, keys),
            }
            features::extract_neighbours(&analyzer.infos, pos, keys);
            self.scorer.score(keys, row);
        }

        // Then the greedy pass adds the features of the classes before.
        scores.resize(n_classes, 0);
        let mut prev1 = START_CLASS;
        let mut prev2 = START_CLASS;
        for word_idx in 0..words.len() {
            let pos = word_idx + PAD;
            let info = &analyzer.infos[pos];
            let idx = memo_idx[word_idx];
            let class = match info.shortcut {
                Some(class) => class as usize,
                None => {
                    scores.copy_from_slice(&sentence_scores[word_idx * n_classes..][..n_classes]);
                    features::extract_history(&analyzer.infos, pos, prev1, prev2, keys);
                    self.scorer.score(keys, scores);
                    argmax(scores)
                }
            };
            let (upos, xpos) = self.classes[class];
            let compute_lemma = || {
                self.lemmatizer
                    .lemma((info.form, info.lower), analyzer.lower(word_idx), xpos)
            };
            let lemma = match idx {
                Some(idx) => memo.lemma(idx, class, compute_lemma),
                None => compute_lemma(),
            };
            out.push(TokenTag { upos, xpos, lemma });
            prev2 = prev1;
            prev1 = class as u64;
        }
    }

    /// A model with no knowledge: every word a noun, lemmas lower-cased.
    fn fallback() -> TaggerModel {
        let noun = (
            Upos::from_name("NOUN").expect("NOUN is a UPOS tag"),
            Xpos::from_name("NN").expect("NN is a Penn tag"),
        );
        TaggerModel::from_trained(TrainedModel {
            classes: vec![noun],
            words: WordTable::default(),
            lemmatizer: Lemmatizer::default(),
            weights: linear::Perceptron::new(1).finish(0.0),
        })
    }

    fn from_compressed(bytes: &[u8]) -> Result<TaggerModel, ModelError> {
        let raw = linear::decompress(bytes)?;
        let mut input = raw.as_slice();
        if linear::take(&mut input, 8)? != MAGIC {
            return Err(ModelError::Corrupt("not a tagger model"));
        }
        let n_classes = linear::read_u32(&mut input)? as usize;
        if n_classes == 0 || n_classes > u8::MAX as usize {
            return Err(ModelError::Corrupt("tagger class count"));
        }
        let class_bytes = linear::take(&mut input, n_classes * 2)?;
        let classes = class_bytes
            .chunks_exact(2)
            .map(|pair| {
                Some((
                    Upos::from_id(pair[0] as usize)?,
                    Xpos::from_id(pair[1] as usize)?,
                ))
            })
            .collect::<Option<Vec<_>>>()
            .ok_or(ModelError::Corrupt("unknown tag id"))?;
        let words = WordTable::read(&mut input, n_classes)?;
        let lemmatizer = Lemmatizer::read(&mut input)?;
        let weights = LinearModel::read(&mut input)?;
        if weights.n_classes() != n_classes {
            return Err(ModelError::Corrupt("weights do not match the classes"));
        }
        Ok(TaggerModel::from_trained(TrainedModel {
            classes,
            words,
            lemmatizer,
            weights,
        }))
    }
}

/// The first class with the highest score.
fn argmax(scores: &[i32]) -> usize {
    let mut best = 0;
    let mut best_score = i32::MIN;
    for (class, &score) in scores.iter().enumerate() {
        if score > best_score {
            best = class;
            best_score = score;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use sift_core::{Headline, Lemma, Pipeline};

    use super::*;
    use crate::TextBasics;

    fn tiny_treebank() -> Vec<TreebankSentence> {
        let conllu = "\
1\tTroops\ttroop\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tfired\tfire\tVERB\tVBD\t_\t0\troot\t_\t_
3\tshells\tshell\tNOUN\tNNS\t_\t2\tobj\t_\t_
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tarmy\tarmy\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\twas\tbe\tAUX\tVBD\t_\t0\troot\t_\t_
4\there\there\tADV\tRB\t_\t3\tadvmod\t_\t_
5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_
";
        let sentences = crate::read_conllu(conllu).unwrap();
        let mut repeated = Vec::new();
        for _ in 0..20 {
            repeated.extend(sentences.iter().cloned());
        }
        repeated
    }

    #[test]
    fn a_tiny_model_learns_its_data_and_round_trips_through_bytes() {
        let train = tiny_treebank();
        let bytes = train_tagger(&train, &train, &["The troops were here."], &mut |_| {}).unwrap();
        let tagger = Tagger::from_bytes(&bytes).unwrap();
        let tags = tagger.tag_words(&["The", "army", "was", "here", "."]);
        let upos: Vec<&str> = tags.iter().map(|t| t.upos.as_str()).collect();
        assert_eq!(upos, ["DET", "NOUN", "AUX", "ADV", "PUNCT"]);
        assert_eq!(tags[2].lemma.resolve("was"), "be");
        let again = train_tagger(&train, &train, &["The troops were here."], &mut |_| {}).unwrap();
        assert_eq!(bytes, again, "training is deterministic");
    }

    #[test]
    fn the_in_memory_tagger_tags_and_an_empty_treebank_still_gives_a_tagger() {
        let tagger = train_tagger_in_memory(&tiny_treebank());
        let tags = tagger.tag_words(&["Troops", "fired", "shells", "."]);
        assert_eq!(tags[1].xpos.as_str(), "VBD");
        assert_eq!(tags[1].lemma.resolve("fired"), "fire");
        let empty = train_tagger_in_memory(&[]);
        assert_eq!(empty.tag_words(&["anything"]).len(), 1);
    }

    #[test]
    fn corrupt_bytes_are_an_error() {
        assert!(Tagger::from_bytes(b"nonsense").is_err());
        let packed = linear::compress(b"SIFTTAG1\xff\xff");
        assert!(Tagger::from_bytes(&packed).is_err());
    }

    #[test]
    fn the_embedded_stage_tags_every_token_of_odd_documents() {
        let tagger = Tagger::embedded().unwrap();
        let long = "word ".repeat(5000);
        for text in [
            "",
            "   ",
            "Troops fired shells.",
            long.as_str(),
            "İ ß \u{301} ...",
        ] {
            let pipeline =
                Pipeline::new(vec![Box::new(TextBasics::new()), Box::new(tagger.clone())]).unwrap();
            let mut doc = match Doc::from_text(text, Headline::None) {
                Ok(doc) => doc,
                Err(_) => continue,
            };
            pipeline.run(&mut doc);
            assert_eq!(doc.tags().len(), doc.tokens().len());
        }
    }

    #[test]
    fn the_embedded_model_tags_news_verbs_and_their_lemmas() {
        let tagger = Tagger::embedded().unwrap();
        let words = [
            "Rebels", "shelled", "the", "town", "and", "seized", "its", "airport", ".",
        ];
        let tags = tagger.tag_words(&words);
        assert_eq!(tags[1].upos.as_str(), "VERB");
        assert_eq!(tags[1].lemma.resolve(words[1]), "shell");
        assert_eq!(tags[5].lemma.resolve(words[5]), "seize");
        assert_eq!(
            tags[0].lemma,
            Lemma::Stem {
                keep: 5,
                suffix: ""
            }
        );
    }
}
