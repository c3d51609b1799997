//! Event magnitudes: how many people a report says were killed, injured,
//! arrested, displaced, or took part, with the evidence for each figure and
//! the event it belongs to.
//!
//! Key items:
//! - [`MagnitudeStage`]: the pipeline [`sift_core::Stage`] after the event
//!   stage; it adds the magnitudes layer ([`sift_core::Magnitude`]).
//! - [`Quantity`] and [`quantities`]: quantity expressions (digits with
//!   separators, number words, vague words such as "dozens" and "several",
//!   modifiers such as "at least" and "about") normalized to a range with
//!   the number written and the span.
//! - Attachment: a quantity becomes a figure only when the words around it
//!   say what happened to the people it counts ("killed about 30
//!   fighters", "12 people were killed", "the death toll rose to 40",
//!   "2,000 protesters marched"). Ages, dates, money, distances,
//!   percentages, labels ("Resolution 2254") and counts of things are left
//!   alone. Each figure takes the certainty and attribution of the claim
//!   that contains it (`sift_core::claim_at`) and is linked to a coded event
//!   of its sentence or the one before.
//! - [`eval_magnitudes`] and [`MagnitudesEval`]: precision, recall and F1 of
//!   (kind, low, high) and attachment accuracy on a gold set.
//!
//! This crate does no IO and has no model: it reads the layers before it,
//! one scan over the tokens, rules only where a number is.
#![deny(missing_docs)]

mod attach;
mod eval;
mod lexicon;
mod link;
mod quantity;
mod stage;

pub use eval::{MagnitudesEval, eval_magnitudes};
pub use quantity::{Quantity, quantities};
pub use sift_core::{Magnitude, MagnitudeKind};
pub use stage::MagnitudeStage;

/// What can go wrong in this crate: only a malformed gold file in evaluation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A gold line could not be read.
    #[error("line {line}: {message}")]
    Format {
        /// One-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// A gold text could not be made into a document.
    #[error("{name}: {source}")]
    Doc {
        /// The item's id.
        name: String,
        /// Why.
        source: sift_core::Error,
    },
}

/// This crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
