//! The shared vocabulary of sift: one [`Doc`] owns the text of a news report,
//! stages add typed layers to it, and a [`Dossier`] is what leaves the house.
//!
//! Key types:
//! - [`Span`]: a half-open byte range into `Doc::text`. Every extracted item
//!   carries one, so every field in a dossier points at its evidence.
//! - [`Doc`]: the immutable text plus [`DocMeta`] and the append-only [`Layers`].
//! - [`Stage`] and [`Pipeline`]: a stage declares which [`LayerKind`]s it reads
//!   and writes; the pipeline checks that order once, when it is built.
//! - [`Dossier`]: the versioned, serde-serialized output schema
//!   (`docs/dossier.md`). It is built from a `Doc` in one place only.
//!
//! This crate does no IO and knows nothing of file formats, models or argv.
#![deny(missing_docs)]

mod claims;
mod dates;
mod diagnostic;
mod doc;
mod dossier;
mod error;
mod events;
mod layers;
mod magnitudes;
mod pipeline;
mod places;
mod span;
mod stance;
mod tags;

pub use claims::{
    Attribution, AttributionKind, Certainty, Claim, ClaimAnalysis, HeadlineConsistency,
    HeadlineEvidence, Signal, Signals, SourceReputation, claim_at,
};
pub use dates::{
    DateLayer, DateMention, DatePrecision, DateRule, DetectedPublication, EventDate, EventDateRule,
    PublicationEvidence,
};
pub use diagnostic::{Diagnostic, Severity};
pub use doc::{Doc, DocMeta, Headline, NewDoc, normalize_domain, stable_id};
pub use dossier::{
    ActorOut, AttributionOut, ClaimOut, DOSSIER_SCHEMA_VERSION, DateOut, DiagnosticOut, Dossier,
    DossierOptions, EventDateOut, EventOut, EventPlaceOut, HeadlineConsistencyOut,
    HeadlineEvidenceOut, HeadlineStanceOut, MagnitudeOut, PlaceOut, PublishedDetectedOut,
    RelationOut, SentenceOut, SignalOut, SignalsOut, TextSpan, TokenOut,
};
pub use error::{Error, Result};
pub use events::{Actor, ActorOrigin, CameoCode, Event, EventPlace, EventRule, PloverCode};
pub use layers::{LayerKind, Layers, Sentence, SentenceKind, Token, TokenKind};
pub use magnitudes::{Magnitude, MagnitudeKind};
pub use pipeline::{Pipeline, Stage};
pub use places::{
    Compass, PlaceCandidate, PlaceKind, PlaceMention, PlaceRelation, RelationKind, haversine_km,
};
pub use span::Span;
pub use stance::{HeadlineStance, StanceLabel};
pub use tags::{
    DEP_LABELS, DepLabel, Dependency, Entity, EntityLabel, EntityOrigin, Lemma, TokenTag,
    UPOS_TAGS, Upos, XPOS_TAGS, Xpos,
};
