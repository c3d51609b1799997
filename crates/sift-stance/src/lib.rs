//! Headline-body stance: does a report's body agree with its headline,
//! disagree, discuss it without taking a side, or talk about something else?
//! The four labels and the score are those of the Fake News Challenge
//! (FNC-1).
//!
//! Key items:
//! - [`StanceModel`]: the embedded model and the pipeline [`sift_core::Stage`]
//!   that sets a document's [`sift_core::HeadlineStance`].
//! - [`Passage`]: a headline or body reduced to what the features read,
//!   built from a document's token, sentence and tag layers.
//! - [`train_stance`]: training from FNC-1 data, split by body, with the
//!   held-out score; [`evaluate_stance`]: the score on any FNC-1 files,
//!   leaving out the bodies the model was trained on.
//! - [`Confusion`]: the confusion matrix, per-label and macro F1, and the
//!   official FNC-1 score.
//! - [`read_fnc_bodies`], [`read_fnc_stances`]: the FNC-1 CSV layout.
//!
//! The model is hand-written: TF-IDF cosines (whole body, lead, closest
//! sentences), term, n-gram, proper-noun and number overlaps, and refuting,
//! hedging, supporting and negating cues, fed to two gradient-boosted
//! forests (related or not; then agree, disagree or discuss).
//!
//! This crate does no IO: callers pass file contents in and write the model
//! bytes out.
#![deny(missing_docs)]

mod codec;
mod cues;
mod error;
mod eval;
mod features;
mod fnc;
mod gbdt;
mod model;
mod passage;
mod train;

pub use error::{Error, Result};
pub use eval::{EvalOptions, StanceEval, evaluate_stance};
pub use fnc::{Confusion, FncBody, FncPair, read_fnc_bodies, read_fnc_stances};
pub use gbdt::BoostConfig;
pub use model::{StanceModel, StancePrediction, body_fingerprint};
pub use passage::{Passage, PassageReader};
pub use train::{StanceTrainConfig, TrainedStance, is_dev_body, train_stance};
