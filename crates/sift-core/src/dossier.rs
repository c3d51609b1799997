use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    AttributionKind, Certainty, DepLabel, Doc, EntityLabel, EntityOrigin, SentenceKind, Severity,
    Signal, SourceReputation, Span, TokenKind, Upos, Xpos,
};

/// The version of the [`Dossier`] JSON schema. Bump it on any change that a
/// reader of old dossiers would notice, and say what changed in `docs/dossier.md`.
pub const DOSSIER_SCHEMA_VERSION: u32 = 2;

/// What to put in a dossier beyond the always-present fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DossierOptions {
    /// Carry the analyzed text, so that every span can be checked against it.
    pub include_text: bool,
    /// Carry the token layer (large: one entry per token).
    pub include_tokens: bool,
}

/// A span with the text it covers: the evidence, quoted.
///
/// **Invariant:** `text == doc_text[start..end]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSpan {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The bytes covered.
    pub text: String,
}

impl TextSpan {
    fn of(doc: &Doc, span: Span) -> TextSpan {
        TextSpan {
            start: span.start(),
            end: span.end(),
            text: doc.slice(span).to_string(),
        }
    }
}

/// One sentence in a dossier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceOut {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The sentence as written.
    pub text: String,
    /// Headline, dateline or body.
    pub kind: SentenceKind,
    /// Zero-based paragraph number.
    pub paragraph: u32,
    /// Index of its first token.
    pub first_token: u32,
    /// Number of tokens.
    pub n_tokens: u32,
}

/// One token in a dossier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenOut {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The token as written.
    pub text: String,
    /// Word, number, punctuation...
    pub kind: TokenKind,
    /// Split off the previous token as a clitic (`n't`, `'s`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub joins_previous: bool,
    /// Universal part of speech, once tagged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upos: Option<Upos>,
    /// Penn Treebank tag, once tagged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xpos: Option<Xpos>,
    /// Dictionary form, once tagged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lemma: Option<String>,
    /// Index of the head token, once parsed; absent for a sentence's root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<u32>,
    /// Relation to the head (`root` for the root), once parsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprel: Option<DepLabel>,
}

/// One named-entity mention in a dossier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityOut {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The mention as written.
    pub text: String,
    /// PERSON, ORG, LOC, NORP, DATE or MISC.
    pub label: EntityLabel,
    /// What decided it: model, gazetteer, both, or a rule.
    pub origin: EntityOrigin,
    /// Index of its first token.
    pub first_token: u32,
    /// Number of tokens.
    pub n_tokens: u32,
}

/// The holder of a claim in a dossier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributionOut {
    /// `named_person`, `named_organization`, `official_unnamed`, `anonymous` or `document`.
    pub kind: AttributionKind,
    /// The holder's words.
    pub text: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The holder's actor code, when the events layer knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// One claim in a dossier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimOut {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The claim as written.
    pub text: String,
    /// How it is put forward.
    pub certainty: Certainty,
    /// The words that decided it.
    pub cues: Vec<TextSpan>,
    /// Who holds it; null when the outlet states it.
    pub attribution: Option<AttributionOut>,
    /// Index of its sentence in `sentences`.
    pub sentence: u32,
    /// Index of its first token.
    pub first_token: u32,
    /// Number of tokens it spans.
    pub n_tokens: u32,
}

/// One document signal in a dossier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignalOut {
    /// Claims that show it.
    pub count: u32,
    /// Their share of all claims, 0 to 1.
    pub share: f32,
    /// Where they are.
    pub evidence: Vec<TextSpan>,
}

/// The document's credibility signals in a dossier, each with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignalsOut {
    /// Claims in the body.
    pub n_claims: u32,
    /// Claims with no holder.
    pub unattributed: SignalOut,
    /// Claims held by anonymous sources.
    pub anonymous: SignalOut,
    /// Speculative or hedged claims.
    pub speculative: SignalOut,
    /// Predictions.
    pub predicted: SignalOut,
    /// No publication date in the metadata or the dateline.
    pub missing_date: bool,
    /// No byline in the text or the metadata.
    pub missing_byline: bool,
    /// The byline, when it is in the text.
    pub byline: Option<TextSpan>,
    /// The outlet's reputation (as in `source_reputation`).
    pub reputation: SourceReputation,
    /// Whether the headline matches the body (as in `headline_consistency`);
    /// null when it could not be compared.
    pub headline_consistent: Option<bool>,
}

/// One piece of headline-consistency evidence in a dossier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadlineEvidenceOut {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The words compared.
    pub text: String,
    /// What they show.
    pub note: String,
}

/// Headline against body in a dossier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadlineConsistencyOut {
    /// False when the body attributes the headline's event differently.
    pub consistent: bool,
    /// The headline and body words compared.
    pub evidence: Vec<HeadlineEvidenceOut>,
}

/// One diagnostic in a dossier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosticOut {
    /// `info` or `warning`.
    pub severity: Severity,
    /// Stable machine-readable code.
    pub code: String,
    /// Human message.
    pub message: String,
    /// Where it applies, if somewhere.
    pub span: Option<TextSpan>,
}

/// The analysis of one report: the wire and storage schema of sift.
///
/// Built from a [`Doc`] only by [`Dossier::from_doc`]; exports map from it and
/// never recompute. Documented field by field in `docs/dossier.md`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dossier {
    /// [`DOSSIER_SCHEMA_VERSION`] at the time of writing.
    pub schema_version: u32,
    /// Stable document id.
    pub id: String,
    /// The page the report came from.
    pub url: Option<String>,
    /// The outlet.
    pub source: Option<String>,
    /// The publication date.
    pub published: Option<NaiveDate>,
    /// ISO 639-1 language code, when known.
    pub language: Option<String>,
    /// Length of the analyzed text in bytes.
    pub n_bytes: usize,
    /// True when invalid UTF-8 in the input was replaced.
    pub decoded_lossily: bool,
    /// The headline, when there is one.
    pub headline: Option<TextSpan>,
    /// The dateline, when the report opens with one.
    pub dateline: Option<TextSpan>,
    /// The analyzed text, when asked for; every span indexes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Sentences in text order.
    pub sentences: Vec<SentenceOut>,
    /// Tokens in text order, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<TokenOut>>,
    /// Named-entity mentions in text order (empty before NER runs).
    pub entities: Vec<EntityOut>,
    /// Claims in text order (empty before the claims stage runs).
    #[serde(default)]
    pub claims: Vec<ClaimOut>,
    /// The outlet's reputation, once the claims stage has run.
    #[serde(default)]
    pub source_reputation: Option<SourceReputation>,
    /// Document credibility signals, once the claims stage has run.
    #[serde(default)]
    pub signals: Option<SignalsOut>,
    /// Headline against body, when it could be compared.
    #[serde(default)]
    pub headline_consistency: Option<HeadlineConsistencyOut>,
    /// Uninterpreted fields of the input record.
    pub metadata: BTreeMap<String, serde_json::Value>,
    /// What was noticed about the input.
    pub diagnostics: Vec<DiagnosticOut>,
}

impl Dossier {
    /// The one place a dossier is made from a document.
    pub fn from_doc(doc: &Doc, options: DossierOptions) -> Dossier {
        let meta = doc.meta();
        let sentences = doc
            .sentences()
            .iter()
            .map(|sentence| SentenceOut {
                start: sentence.span.start(),
                end: sentence.span.end(),
                text: doc.slice(sentence.span).to_string(),
                kind: sentence.kind,
                paragraph: sentence.paragraph,
                first_token: sentence.first_token,
                n_tokens: sentence.n_tokens,
            })
            .collect();
        let tokens = options.include_tokens.then(|| {
            let tags = doc.tags();
            let dependencies = doc.dependencies();
            doc.tokens()
                .iter()
                .enumerate()
                .map(|(idx, token)| {
                    let text = doc.slice(token.span);
                    let tag = tags.get(idx);
                    let dependency = dependencies.get(idx);
                    TokenOut {
                        start: token.span.start(),
                        end: token.span.end(),
                        text: text.to_string(),
                        kind: token.kind,
                        joins_previous: token.joins_previous,
                        upos: tag.map(|t| t.upos),
                        xpos: tag.map(|t| t.xpos),
                        lemma: tag.map(|t| t.lemma.resolve(text).into_owned()),
                        head: dependency.and_then(|d| d.head),
                        deprel: dependency.map(|d| d.label),
                    }
                })
                .collect()
        });
        let entities = doc
            .entities()
            .iter()
            .map(|entity| EntityOut {
                start: entity.span.start(),
                end: entity.span.end(),
                text: doc.slice(entity.span).to_string(),
                label: entity.label,
                origin: entity.origin,
                first_token: entity.first_token,
                n_tokens: entity.n_tokens,
            })
            .collect();
        let diagnostics = doc
            .diagnostics()
            .iter()
            .map(|diagnostic| DiagnosticOut {
                severity: diagnostic.severity,
                code: diagnostic.code.clone(),
                message: diagnostic.message.clone(),
                span: diagnostic.span.map(|span| TextSpan::of(doc, span)),
            })
            .collect();
        let analysis = doc.claim_analysis();
        let claims = doc
            .claims()
            .iter()
            .map(|claim| ClaimOut {
                start: claim.span.start(),
                end: claim.span.end(),
                text: doc.slice(claim.span).to_string(),
                certainty: claim.certainty,
                cues: claim
                    .cues
                    .iter()
                    .map(|&cue| TextSpan::of(doc, cue))
                    .collect(),
                attribution: claim.attribution.as_ref().map(|holder| AttributionOut {
                    kind: holder.kind,
                    text: doc.slice(holder.span).to_string(),
                    start: holder.span.start(),
                    end: holder.span.end(),
                    code: holder.code.clone(),
                }),
                sentence: claim.sentence,
                first_token: claim.first_token,
                n_tokens: claim.n_tokens,
            })
            .collect();
        let signal_out = |signal: &Signal| SignalOut {
            count: signal.count,
            share: signal.share,
            evidence: signal
                .evidence
                .iter()
                .map(|&span| TextSpan::of(doc, span))
                .collect(),
        };
        let signals = analysis.map(|analysis| {
            let signals = &analysis.signals;
            SignalsOut {
                n_claims: signals.n_claims,
                unattributed: signal_out(&signals.unattributed),
                anonymous: signal_out(&signals.anonymous),
                speculative: signal_out(&signals.speculative),
                predicted: signal_out(&signals.predicted),
                missing_date: signals.missing_date,
                missing_byline: !signals.has_byline,
                byline: signals.byline.map(|span| TextSpan::of(doc, span)),
                reputation: analysis.source_reputation.clone(),
                headline_consistent: analysis
                    .headline_consistency
                    .as_ref()
                    .map(|check| check.consistent),
            }
        });
        let headline_consistency = analysis
            .and_then(|analysis| analysis.headline_consistency.as_ref())
            .map(|check| HeadlineConsistencyOut {
                consistent: check.consistent,
                evidence: check
                    .evidence
                    .iter()
                    .map(|evidence| HeadlineEvidenceOut {
                        start: evidence.span.start(),
                        end: evidence.span.end(),
                        text: doc.slice(evidence.span).to_string(),
                        note: evidence.note.clone(),
                    })
                    .collect(),
            });
        Dossier {
            schema_version: DOSSIER_SCHEMA_VERSION,
            id: meta.id.clone(),
            url: meta.url.clone(),
            source: meta.source.clone(),
            published: meta.published,
            language: meta.language.clone(),
            n_bytes: doc.text().len(),
            decoded_lossily: meta.decoded_lossily,
            headline: doc.headline().map(|span| TextSpan::of(doc, span)),
            dateline: doc.dateline().map(|span| TextSpan::of(doc, span)),
            text: options.include_text.then(|| doc.text().to_string()),
            sentences,
            tokens,
            entities,
            claims,
            source_reputation: analysis.map(|analysis| analysis.source_reputation.clone()),
            signals,
            headline_consistency,
            metadata: meta.extra.clone(),
            diagnostics,
        }
    }
}
