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
//!
//! Its gold-set scoring is `sift_eval::eval_magnitudes`, beside the other
//! harnesses.
//!
//! This crate does no IO and has no model: it reads the layers before it,
//! one scan over the tokens, rules only where a number is.
#![deny(missing_docs)]

mod attach;
mod lexicon;
mod link;
mod quantity;
mod stage;

pub use quantity::{Quantity, quantities};
pub use sift_core::{Magnitude, MagnitudeKind};
pub use stage::MagnitudeStage;
