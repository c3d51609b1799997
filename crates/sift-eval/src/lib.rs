//! Evaluation harnesses: each runs a sift stage over gold data held in a
//! string and scores it with the task's standard metric.
//!
//! Key items:
//! - [`eval_conllu`] and [`TokenEval`]: tokens, words and sentences against a
//!   CoNLL-U treebank, scored as in the CoNLL 2018 shared task.
//! - [`eval_news_sentences`] and [`SentenceEval`]: sentence boundaries,
//!   headlines and datelines against the one-segment-per-line news gold.
//! - [`eval_pos`] and [`PosEval`]: UPOS, XPOS and lemma accuracy against a
//!   CoNLL-U treebank on its gold tokens, UPOS last.
//! - [`eval_parse`] and [`ParseEval`]: UAS and LAS against a CoNLL-U
//!   treebank, with gold tokens and predicted tags.
//! - [`eval_ner`] and [`NerEval`]: entity mentions against a UNER IOB2 file
//!   on its gold tokens, by exact span and type, PER/ORG/LOC micro F1 last.
//! - [`eval_geo`] and [`GeoEval`]: toponym resolution (Acc@161 km, mean and
//!   median error, AUC of log error, exact GeoNames id) and recognition
//!   against LGL / TR-News XML ([`read_geo_xml`]).
//! - [`eval_claims`] and [`ClaimsEval`]: claim certainty (per-class P/R/F1,
//!   macro-F1) and attribution kind (accuracy) against the claims gold set.
//! - [`eval_magnitudes`] and [`MagnitudesEval`]: casualty and other figures,
//!   precision, recall and F1 of (kind, low, high) and event attachment
//!   accuracy against the magnitudes gold set.
//! - [`eval_syndication`] and [`SyndicationEval`]: syndication groups
//!   against seeded edited copies of real bodies, pair precision and recall.
//! - [`Score`]: precision, recall and F1 over matched spans.
//! - [`shared_data_dir`]: where the shared training and evaluation data is,
//!   with the rule every data-dependent test follows when it is missing.
//!
//! The harnesses take text, not paths: reading files is the caller's job
//! (the `sift eval` command or a test). Reports print their headline metric
//! on the last line.
#![deny(missing_docs)]

mod claims;
mod conllu;
mod data;
mod error;
mod geo;
mod gold_sentences;
mod magnitudes;
mod ner;
mod news;
mod parse;
mod pos;
mod score;
mod syndication;

pub use claims::{ClaimsEval, eval_claims};
pub use conllu::{TokenEval, eval_conllu};
pub use data::shared_data_dir;
pub use error::{Error, Result};
pub use geo::{GeoArticle, GeoEval, GeoSpans, GoldToponym, eval_geo, read_geo_xml};
pub use magnitudes::{MagnitudesEval, eval_magnitudes};
pub use ner::{NerEval, eval_ner};
pub use news::{SentenceEval, eval_news_sentences};
pub use parse::{ParseEval, eval_parse};
pub use pos::{PosEval, eval_pos};
pub use score::Score;
pub use syndication::{Edit, SyndicationEval, eval_syndication};
