//! Corpus-level findings: what many reports say together that no single
//! report says alone.
//!
//! Key items:
//! - [`escalation_alerts`]: days on which a dyad's Goldstein sum falls more
//!   than `k` standard deviations below its trailing mean; [`alerts_by_pair`]
//!   does many series at once.
//!
//! **Boundary:** no IO and no SQL. The caller reads rows from the store,
//! hands them over as plain values, and writes back what comes out.
#![deny(missing_docs)]

mod dyad;
mod minhash;
mod syndication;

pub use dyad::{AlertConfig, DailyGoldstein, EscalationAlert, alerts_by_pair, escalation_alerts};
pub use minhash::{N_HASHES, SHINGLE_WORDS, Signature};
pub use syndication::{Assignment, SyndicationConfig, SyndicationIndex};
