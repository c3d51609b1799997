use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    DepLabel, Doc, EntityLabel, EntityOrigin, PlaceCandidate, PlaceKind, RelationKind,
    SentenceKind, Severity, Span, TokenKind, Upos, Xpos,
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

/// One place mention in a dossier: where it is written and which place it
/// names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceOut {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The name as written.
    pub text: String,
    /// Toponym, demonym or dateline.
    pub kind: PlaceKind,
    /// Index of its first token.
    pub first_token: u32,
    /// Number of tokens.
    pub n_tokens: u32,
    /// GeoNames id (absent for places of sift's own alias table).
    pub geonameid: Option<u32>,
    /// The place's name in the gazetteer.
    pub name: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 country code (empty for seas and continents).
    pub country_code: String,
    /// GeoNames admin1 code (empty when none).
    pub admin1: String,
    /// GeoNames feature class.
    pub feature_class: char,
    /// GeoNames feature code.
    pub feature_code: String,
    /// Population (0 when unknown).
    pub population: u64,
    /// The resolver's score of the chosen place.
    pub score: f32,
    /// A relative phrase anchored on this place (`30 km west of`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<RelationOut>,
    /// The best candidates, best first, the chosen one included.
    pub candidates: Vec<PlaceCandidate>,
}

/// A relative phrase in a dossier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RelationOut {
    /// The words, quoted.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The words as written.
    pub text: String,
    /// In, near, off in a direction, or a part of.
    pub kind: RelationKind,
    /// The compass direction, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<crate::Compass>,
    /// The distance in kilometres, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
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
    /// Place mentions in text order, resolved (empty before the places stage).
    #[serde(default)]
    pub places: Vec<PlaceOut>,
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
        let places = doc
            .places()
            .iter()
            .map(|mention| PlaceOut {
                start: mention.span.start(),
                end: mention.span.end(),
                text: doc.slice(mention.span).to_string(),
                kind: mention.kind,
                first_token: mention.first_token,
                n_tokens: mention.n_tokens,
                geonameid: mention.place.geonameid,
                name: mention.place.name.clone(),
                lat: mention.place.lat,
                lon: mention.place.lon,
                country_code: mention.place.country_code.clone(),
                admin1: mention.place.admin1.clone(),
                feature_class: mention.place.feature_class,
                feature_code: mention.place.feature_code.clone(),
                population: mention.place.population,
                score: mention.place.score,
                relation: mention.relation.map(|relation| RelationOut {
                    start: relation.span.start(),
                    end: relation.span.end(),
                    text: doc.slice(relation.span).to_string(),
                    kind: relation.kind,
                    direction: relation.direction,
                    distance_km: relation.distance_km,
                }),
                candidates: mention.candidates.clone(),
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
            places,
            metadata: meta.extra.clone(),
            diagnostics,
        }
    }
}
