//! Where things happen: an embedded GeoNames gazetteer, toponym recognition
//! and resolution, and the location of events.
//!
//! Key items:
//! - [`Gazetteer`]: GeoNames cities500, countries, first- and second-order
//!   divisions and their aliases, plus a hand-kept table of regions, seas
//!   and rivers, compressed and embedded in the binary
//!   (`data/geo/gazetteer.bin.zst`, built by [`build_gazetteer`]). Names are
//!   matched folded, by transliteration skeleton, by consonants, and at last
//!   within one edit.
//! - [`PlaceResolver`]: the pipeline stage that adds the places layer
//!   ([`sift_core::PlaceMention`]): recognition from the dateline, the NER's
//!   LOC mentions, guarded gazetteer matches and demonyms; then resolution,
//!   one sense per document, from population, feature type, containment
//!   and nearness. Every mention keeps its scored candidates.
//! - [`locate`]: the place of an event from its trigger token
//!   ([`EventLocation`], with the [`LocationRule`] that applied and any
//!   relative phrase such as `30 km west of`).
//!
//! This crate does no IO: training reads nothing itself, and the gazetteer
//! is embedded. Analysis never fails on input.
#![deny(missing_docs)]

mod build;
mod error;
mod feature;
mod gazetteer;
mod locate;
mod normalize;
mod recognize;
mod relation;
mod resolve;
mod stage;

pub use build::{ALIASES_TSV, DEMONYMS_TSV, GazetteerSources, GazetteerStats, build_gazetteer};
pub use error::{Error, Result};
pub use feature::{FEATURE_CODES, Feature};
pub use gazetteer::{Gazetteer, LookupDepth, MatchQuality, NameMatch, Place};
pub use locate::{EventLocation, LocationRule, dominant, locate};
pub use normalize::{consonant_key, fold, skeleton};
pub use resolve::haversine_km;
pub use stage::{PlaceAnalysis, PlaceResolver};
