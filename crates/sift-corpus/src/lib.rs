//! Corpus-level findings: what many reports say together that no single
//! report says alone.
//!
//! Key items:
//! - [`Signature`]: a MinHash signature of a text (word 4-gram shingles);
//!   [`SyndicationIndex`] assigns each new document to the syndication group
//!   of the earlier text it copies, found through LSH bands, with the
//!   thresholds of [`SyndicationConfig`].
//! - [`ClusterIndex`]: incremental event clustering across reports (dyad,
//!   kind, place, days), and [`ClusterSummary`], a cluster as users see it:
//!   documents, syndication groups, independent sources, corroborating and
//!   contradicting claims, first report, certainty mix, and the figures
//!   (killed, injured, ...) reconciled across independent sources.
//! - [`ActorKey`]: an actor code split into country (or international
//!   group) and sector, the levels of dyads and clusters.
//! - [`escalation_alerts`]: days on which a dyad's Goldstein sum falls more
//!   than `k` standard deviations below its trailing mean; [`alerts_by_pair`]
//!   does many series at once.
//!
//! Everything here is deterministic: the same documents in the same order
//! give the same groups, clusters and ids.
//!
//! **Boundary:** no IO and no SQL. The caller reads rows from the store,
//! hands them over as plain values, and writes back what comes out.
#![deny(missing_docs)]

mod actor;
mod cluster;
mod dyad;
mod minhash;
mod syndication;

pub use actor::ActorKey;
pub use cluster::{
    ClaimRef, ClusterConfig, ClusterIndex, ClusterSummary, DocumentFacts, EventFacts, FigureFacts,
    FirstReport, PlaceFacts, ReconciledFigures, ReportedFigure,
};
pub use dyad::{AlertConfig, DailyGoldstein, EscalationAlert, alerts_by_pair, escalation_alerts};
pub use minhash::{N_HASHES, SHINGLE_WORDS, Signature};
pub use syndication::{Assignment, SyndicationConfig, SyndicationIndex};
