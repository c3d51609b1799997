//! The actor and event layers: who did what to whom, with the evidence.

use serde::{Deserialize, Serialize};

use crate::Span;

/// How an actor mention was recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorOrigin {
    /// A named actor in the actor dictionaries (with an agent, perhaps).
    Dictionary,
    /// Only an agent word ("soldiers", "the ministry").
    Agent,
    /// A pronoun or definite description resolved to an earlier actor.
    Coreference,
    /// A named entity the dictionaries do not know: kept with a sector guess
    /// so that nothing is silently dropped.
    Unknown,
}

/// An actor as it takes part in an event, or as it is mentioned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// The evidence: the noun phrase that names the actor.
    pub span: Span,
    /// The composed CAMEO actor code (`RUSMIL`); `None` for unknown actors.
    pub code: Option<String>,
    /// The dictionary entry that gave the named part, as `ROOT (file:line)`.
    pub entry: Option<String>,
    /// The agent entry that gave the sector part, as `PHRASE ~CODE (file:line)`.
    pub agent: Option<String>,
    /// How it was recognised.
    pub origin: ActorOrigin,
    /// Index of its sentence.
    pub sentence: u32,
}

/// The CAMEO reading of an event code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CameoCode {
    /// The code as the dictionary gives it (`195`).
    pub code: String,
    /// The codebook label, when the code is in the taxonomy.
    pub label: Option<String>,
    /// Goldstein conflict-cooperation score, -10 to +10.
    pub goldstein: Option<f32>,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: Option<u8>,
}

/// The PLOVER reading of an event code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PloverCode {
    /// Event type (`ASSAULT`).
    #[serde(rename = "type")]
    pub event_type: String,
    /// Mode, when the mapping gives one.
    pub mode: Option<String>,
    /// Context, when the mapping gives one.
    pub context: Option<String>,
}

/// The dictionary rule that gave an event its code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRule {
    /// The verb block (`--- ATTACK [190] ---`).
    pub verb: String,
    /// The pattern text, or the verb line when no pattern matched.
    pub pattern: String,
    /// `file:line` of the pattern or verb block.
    pub location: String,
}

/// One coded event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The verb or event noun.
    pub trigger: Span,
    /// Index of its sentence.
    pub sentence: u32,
    /// Who acted.
    pub source: Option<Actor>,
    /// Who was acted upon.
    pub target: Option<Actor>,
    /// CAMEO code, label, Goldstein score, QuadClass.
    pub cameo: CameoCode,
    /// PLOVER type, mode, context.
    pub plover: Option<PloverCode>,
    /// What decided the code.
    pub rule: EventRule,
    /// "did not attack": reported as not having happened.
    pub negated: bool,
    /// Coded from a noun phrase ("the bombing of the convoy").
    pub nominal: bool,
    /// When it happened, and which rule decided it.
    pub date: Option<crate::EventDate>,
    /// Where it happened.
    pub place: Option<EventPlace>,
    /// Index of the claim (claims layer) that contains the trigger: its
    /// certainty and attribution are the event's.
    pub claim: Option<usize>,
}

/// Where an event happened: a place of the places layer and the rule that chose it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventPlace {
    /// Index into the places layer.
    pub place: usize,
    /// `attached` (the parse links it to the trigger), `sentence`, `dateline` or `dominant`.
    pub rule: String,
    /// A relative phrase such as "30 km west of", when one anchors the event on the place.
    pub relation: Option<crate::PlaceRelation>,
}
