//! The claims layer: what a report asserts, how sure it is, and who says so;
//! plus the document-level credibility signals built on it.
//!
//! A [`Claim`] is a clause-sized unit of a sentence (a main clause, a
//! reported complement, either part of a condition, a subordinate clause)
//! with a [`Certainty`], the cue spans that decided it, and an
//! [`Attribution`] to whoever holds it. Claims nest: a subordinate clause's
//! claim lies inside its main clause's token range, and [`claim_at`] finds
//! the innermost one containing a token, which is how an event inherits the
//! certainty and attribution of the words that report it.

use serde::{Deserialize, Serialize};

use crate::Span;

/// How a claim is put forward. When several cues apply, the first in this
/// order wins: question, conditional, denied, speculative, hedged, predicted,
/// negated, reported, asserted (see [`Certainty::PRECEDENCE`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// Stated as fact by the outlet.
    Asserted,
    /// Attributed to a holder by a reporting verb, "according to" or a quote.
    Reported,
    /// Possible or unconfirmed: may, might, reportedly, allegedly, "cannot confirm".
    Hedged,
    /// Interpretation or inference: seems, appears to, likely, "can be seen as".
    Speculative,
    /// Either part of an if / unless condition.
    Conditional,
    /// Its predicate is negated: not, never, no.
    Negated,
    /// Its holder contradicts it: "X denied that...", "rejected reports that...".
    Denied,
    /// About the future: will, "is expected to", "could lead to".
    Predicted,
    /// Asked rather than stated, directly or indirectly ("asked whether").
    Question,
}

impl Certainty {
    /// Every certainty, in the order in which one cue outranks another.
    pub const PRECEDENCE: [Certainty; 9] = [
        Certainty::Question,
        Certainty::Conditional,
        Certainty::Denied,
        Certainty::Speculative,
        Certainty::Hedged,
        Certainty::Predicted,
        Certainty::Negated,
        Certainty::Reported,
        Certainty::Asserted,
    ];

    /// Its name in the dossier (`asserted`, `hedged`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Certainty::Asserted => "asserted",
            Certainty::Reported => "reported",
            Certainty::Hedged => "hedged",
            Certainty::Speculative => "speculative",
            Certainty::Conditional => "conditional",
            Certainty::Negated => "negated",
            Certainty::Denied => "denied",
            Certainty::Predicted => "predicted",
            Certainty::Question => "question",
        }
    }

    /// The certainty with this dossier name.
    pub fn from_name(name: &str) -> Option<Certainty> {
        Certainty::PRECEDENCE
            .into_iter()
            .find(|certainty| certainty.as_str() == name)
    }

    /// Its rank in [`Certainty::PRECEDENCE`]: lower outranks higher.
    pub fn rank(self) -> usize {
        Certainty::PRECEDENCE
            .iter()
            .position(|&c| c == self)
            .expect("every certainty is in the precedence list")
    }
}

/// Who holds a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributionKind {
    /// A named person, or a pronoun that refers back to one.
    NamedPerson,
    /// An identifiable organization, government, ministry, army or armed group.
    NamedOrganization,
    /// An unnamed individual in an official role ("officials", "a spokesman").
    OfficialUnnamed,
    /// Unnamed non-official holders ("sources", "witnesses", "it is said").
    Anonymous,
    /// The outlet itself ("this newspaper", "our correspondent").
    Document,
    /// Nobody: the outlet states it. In a dossier this is a null attribution.
    None,
}

impl AttributionKind {
    /// Every kind, in declaration order.
    pub const ALL: [AttributionKind; 6] = [
        AttributionKind::NamedPerson,
        AttributionKind::NamedOrganization,
        AttributionKind::OfficialUnnamed,
        AttributionKind::Anonymous,
        AttributionKind::Document,
        AttributionKind::None,
    ];

    /// Its name in the dossier (`named_person`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            AttributionKind::NamedPerson => "named_person",
            AttributionKind::NamedOrganization => "named_organization",
            AttributionKind::OfficialUnnamed => "official_unnamed",
            AttributionKind::Anonymous => "anonymous",
            AttributionKind::Document => "document",
            AttributionKind::None => "none",
        }
    }

    /// The kind with this dossier name.
    pub fn from_name(name: &str) -> Option<AttributionKind> {
        AttributionKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }
}

/// The holder of a claim: its words and what kind of holder it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribution {
    /// Never [`AttributionKind::None`]: a claim without a holder has no attribution.
    pub kind: AttributionKind,
    /// The holder's words (for a pronoun, the words it refers back to; for an
    /// agentless "is said to", the reporting words).
    pub span: Span,
    /// The holder's actor code, filled in by the events layer when it knows it.
    pub code: Option<String>,
}

/// One claim unit of a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// From its first to its last token. Its reporting frame ("X said") is
    /// the attribution, not part of the claim.
    pub span: Span,
    /// Index of its first token.
    pub first_token: u32,
    /// Number of tokens it spans (nested claims included).
    pub n_tokens: u32,
    /// Index of its sentence in the sentence layer.
    pub sentence: u32,
    /// How it is put forward.
    pub certainty: Certainty,
    /// The words that decided the certainty (and the reporting verb), in text order.
    pub cues: Vec<Span>,
    /// Who holds it; `None` when the outlet states it.
    pub attribution: Option<Attribution>,
}

impl Claim {
    /// The token indices it spans.
    pub fn token_range(&self) -> std::ops::Range<usize> {
        let first = self.first_token as usize;
        first..first + self.n_tokens as usize
    }
}

/// The innermost claim whose token range contains `token`, as an index into
/// `claims`; `None` when the token is in no claim (a headline, a dateline, or
/// the reporting frame "X said" around a reported claim).
///
/// This is the link from other layers to claims: an event takes the
/// certainty and attribution of the claim that contains its trigger.
pub fn claim_at(claims: &[Claim], token: usize) -> Option<usize> {
    claims
        .iter()
        .enumerate()
        .filter(|(_, claim)| claim.token_range().contains(&token))
        .min_by_key(|(_, claim)| claim.n_tokens)
        .map(|(idx, _)| idx)
}

/// What a source list says about the outlet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceReputation {
    /// The outlet's domain as matched (the registrable domain, or the host
    /// when the list names a subdomain); the given source when it is no domain;
    /// `null` when the report names no source.
    pub domain: Option<String>,
    /// True when the list rates the domain. Unknown domains are unrated, never reliable.
    pub rated: bool,
    /// The list's tags for it (`fake`, `satire`, `bias`, `reliable`, ...), empty when unrated.
    pub tags: Vec<String>,
}

/// One document signal: how many claims show it, their share of all
/// claims, and where they are.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Signal {
    /// Claims that show it.
    pub count: u32,
    /// `count` over the number of claims; 0 when there are none.
    pub share: f32,
    /// The claims' spans.
    pub evidence: Vec<Span>,
}

/// Document-level credibility signals. Each is reported on its own, with
/// its evidence; they are never folded into one score.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Signals {
    /// Claims in the body.
    pub n_claims: u32,
    /// Claims with no holder.
    pub unattributed: Signal,
    /// Claims held by anonymous sources.
    pub anonymous: Signal,
    /// Speculative or hedged claims.
    pub speculative: Signal,
    /// Predictions.
    pub predicted: Signal,
    /// True when the report has no publication date, in its metadata or dateline.
    pub missing_date: bool,
    /// Where the byline is, when there is one in the text; see `has_byline`.
    pub byline: Option<Span>,
    /// True when a byline was found in the text or the metadata.
    pub has_byline: bool,
}

/// One piece of evidence about whether the headline matches the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadlineEvidence {
    /// The words in question.
    pub span: Span,
    /// What they show, for people.
    pub note: String,
}

/// Whether the event the headline names is the one the body reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadlineConsistency {
    /// False when the body attributes the headline's event to another target
    /// or the headline's target to another event.
    pub consistent: bool,
    /// The headline words and the body words compared.
    pub evidence: Vec<HeadlineEvidence>,
}

/// Everything the claims stage adds to a document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClaimAnalysis {
    /// Claims in text order (by first token, outer before inner).
    pub claims: Vec<Claim>,
    /// The outlet's reputation.
    pub source_reputation: SourceReputation,
    /// Document signals.
    pub signals: Signals,
    /// Headline against body, when there is a headline and the body says
    /// enough to compare.
    pub headline_consistency: Option<HeadlineConsistency>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(first: u32, n: u32) -> Claim {
        Claim {
            span: Span::new(0, 0),
            first_token: first,
            n_tokens: n,
            sentence: 0,
            certainty: Certainty::Asserted,
            cues: Vec::new(),
            attribution: None,
        }
    }

    #[test]
    fn claim_at_prefers_the_innermost_claim() {
        let claims = [claim(0, 10), claim(4, 3), claim(12, 2)];
        assert_eq!(claim_at(&claims, 5), Some(1));
        assert_eq!(claim_at(&claims, 1), Some(0));
        assert_eq!(claim_at(&claims, 11), None);
        assert_eq!(claim_at(&claims, 13), Some(2));
    }

    #[test]
    fn names_round_trip() {
        for certainty in Certainty::PRECEDENCE {
            assert_eq!(Certainty::from_name(certainty.as_str()), Some(certainty));
        }
        for kind in AttributionKind::ALL {
            assert_eq!(AttributionKind::from_name(kind.as_str()), Some(kind));
        }
        assert_eq!(
            serde_json::to_string(&AttributionKind::OfficialUnnamed).unwrap(),
            "\"official_unnamed\""
        );
        assert!(Certainty::Question.rank() < Certainty::Asserted.rank());
    }
}
