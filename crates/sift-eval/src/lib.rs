//! Evaluation harnesses: each runs a sift stage over gold data held in a
//! string and scores it with the task's standard metric.
//!
//! Key items:
//! - [`eval_conllu`] and [`TokenEval`]: tokens, words and sentences against a
//!   CoNLL-U treebank, scored as in the CoNLL 2018 shared task.
//! - [`eval_news_sentences`] and [`SentenceEval`]: sentence boundaries,
//!   headlines and datelines against the one-segment-per-line news gold.
//! - [`Score`]: precision, recall and F1 over matched spans.
//! - [`shared_data_dir`]: where the shared training and evaluation data is,
//!   with the rule every data-dependent test follows when it is missing.
//!
//! The harnesses take text, not paths: reading files is the caller's job
//! (the `sift eval` command or a test). Reports print their headline metric
//! on the last line.
#![deny(missing_docs)]

mod conllu;
mod data;
mod error;
mod news;
mod score;

pub use conllu::{TokenEval, eval_conllu};
pub use data::shared_data_dir;
pub use error::{Error, Result};
pub use news::{SentenceEval, eval_news_sentences};
pub use score::Score;
