//! Claims and credibility: what a report asserts, how sure it is, who says
//! so, and what a reader should know about its sourcing.
//!
//! Key items:
//! - [`ClaimsStage`]: the pipeline [`Stage`] that adds the claims layer
//!   ([`sift_core::ClaimAnalysis`]) after the parser and NER.
//! - Claim units come from the dependency parse: main clauses, reported
//!   complements, both parts of conditions, subordinate clauses. Each gets a
//!   [`Certainty`] from cue words *in its own clause* (so a hedge in a
//!   subordinate clause does not hedge the main clause) and an attribution
//!   from its reporting frame, "according to", a quote's speaker, or a
//!   pronoun that refers back to an earlier holder.
//! - [`claim_at`]: the innermost claim containing a token, so that other
//!   layers (events) inherit certainty and attribution.
//! - [`SourceList`]: the embedded OpenSources domain list, matched on the
//!   registrable domain; unknown domains are unrated.
//! - Document signals (unattributed, anonymous, speculative and predicted
//!   shares, missing date or byline) and a headline-consistency check, each
//!   with its evidence. There is deliberately no single credibility score.
//!
//! This crate does no IO: the source list is compiled in, and
//! [`build_source_list`] takes the JSON as a string.
#![deny(missing_docs)]

mod extract;
mod holder;
mod lexicon;
mod reputation;
mod sentence;
mod signals;

use sift_core::{ClaimAnalysis, Diagnostic, Doc, LayerKind, Stage};

pub use reputation::{SourceList, build_source_list};
pub use sift_core::{Attribution, AttributionKind, Certainty, Claim, claim_at};

/// What can go wrong in this crate: only a broken source list, which means
/// a broken build or a bad `opensources.json`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The source list could not be read or built.
    #[error("bad source list: {0}")]
    SourceList(String),
}

/// This crate's result type.
pub type Result<T> = std::result::Result<T, Error>;

/// The stage that finds claims, their certainty and holders, and the
/// document's credibility signals.
#[derive(Clone, Copy, Debug)]
pub struct ClaimsStage {
    sources: &'static SourceList,
}

impl ClaimsStage {
    /// The stage with the embedded source list.
    pub fn embedded() -> Result<ClaimsStage> {
        Ok(ClaimsStage {
            sources: SourceList::embedded()?,
        })
    }

    /// The analysis of one parsed document, without setting it, and the
    /// number of sentences too long to analyze.
    pub fn analyze(&self, doc: &Doc) -> (ClaimAnalysis, usize) {
        let (claims, n_skipped) = extract::extract_claims(doc, signals::outlet_names(doc));
        let signals = signals::document_signals(doc, &claims);
        let meta = doc.meta();
        let analysis = ClaimAnalysis {
            source_reputation: self
                .sources
                .reputation(meta.source.as_deref(), meta.url.as_deref()),
            headline_consistency: signals::headline_consistency(doc),
            signals,
            claims,
        };
        (analysis, n_skipped)
    }
}

impl Stage for ClaimsStage {
    fn name(&self) -> &'static str {
        "claims"
    }

    fn requires(&self) -> &'static [LayerKind] {
        &[
            LayerKind::Tokens,
            LayerKind::Sentences,
            LayerKind::Tags,
            LayerKind::Dependencies,
            LayerKind::Entities,
        ]
    }

    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Claims]
    }

    fn run(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let (analysis, n_skipped) = self.analyze(doc);
        doc.set_claims(analysis);
        if n_skipped == 0 {
            return Vec::new();
        }
        vec![Diagnostic::info(
            "claims-long-sentence",
            format!(
                "{n_skipped} sentence(s) longer than {} tokens were not analyzed for claims",
                extract::MAX_SENTENCE_TOKENS
            ),
        )]
    }
}
