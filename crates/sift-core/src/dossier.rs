use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    Actor, ActorOrigin, AttributionKind, CameoCode, Certainty, DatePrecision, DateRule, DepLabel,
    Doc, EntityLabel, EntityOrigin, EventRule, MagnitudeKind, PlaceCandidate, PlaceKind,
    PloverCode, PublicationEvidence, RelationKind, SentenceKind, Severity, Signal,
    SourceReputation, Span, StanceLabel, TokenKind, Upos, Xpos,
};

/// The version of the [`Dossier`] JSON schema. Bump it on any change that a
/// reader of old dossiers would notice, and say what changed in `docs/dossier.md`.
pub const DOSSIER_SCHEMA_VERSION: u32 = 4;

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

/// One date mention in a dossier: the expression and the days it names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateOut {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The expression as written.
    pub text: String,
    /// The first day it names.
    pub first_day: NaiveDate,
    /// The last day it names (inclusive).
    pub last_day: NaiveDate,
    /// Day, week, month or year.
    pub precision: DatePrecision,
    /// The pattern that produced it.
    pub rule: DateRule,
    /// Counted from the publication date.
    pub anchored: bool,
    /// Index of its sentence.
    pub sentence: u32,
    /// Index of its first token.
    pub first_token: u32,
    /// Number of tokens.
    pub n_tokens: u32,
}

/// Where a publication date read from the text came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedDetectedOut {
    /// First byte of the date expression.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The date expression as written.
    pub text: String,
    /// The date read.
    pub date: NaiveDate,
    /// The kind of line it was in.
    pub evidence: PublicationEvidence,
}

/// An actor in a dossier: the evidence span, the code and where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorOut {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The noun phrase as written.
    pub text: String,
    /// Composed CAMEO actor code; absent for unknown actors.
    pub code: Option<String>,
    /// The actor dictionary entry (`ROOT (file:line)`).
    pub entry: Option<String>,
    /// The agent dictionary entry (`PHRASE ~CODE (file:line)`).
    pub agent: Option<String>,
    /// dictionary, agent, coreference or unknown.
    pub origin: ActorOrigin,
    /// Index of its sentence.
    pub sentence: u32,
}

impl ActorOut {
    fn of(doc: &Doc, actor: &Actor) -> ActorOut {
        ActorOut {
            start: actor.span.start(),
            end: actor.span.end(),
            text: doc.slice(actor.span).to_string(),
            code: actor.code.clone(),
            entry: actor.entry.clone(),
            agent: actor.agent.clone(),
            origin: actor.origin,
            sentence: actor.sentence,
        }
    }
}

/// A coded event in a dossier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventOut {
    /// The verb or event noun.
    pub trigger: TextSpan,
    /// Index of its sentence.
    pub sentence: u32,
    /// Who acted.
    pub source: Option<ActorOut>,
    /// Who was acted upon.
    pub target: Option<ActorOut>,
    /// CAMEO code, label, Goldstein score and QuadClass.
    pub cameo: CameoCode,
    /// PLOVER type, mode and context.
    pub plover: Option<PloverCode>,
    /// The dictionary rule that fired.
    pub rule: EventRule,
    /// Reported as not having happened ("did not attack").
    pub negated: bool,
    /// Coded from a noun phrase rather than a verb.
    pub nominal: bool,
    /// When it happened.
    pub date: Option<EventDateOut>,
    /// Where it happened.
    pub place: Option<EventPlaceOut>,
    /// How the report puts the claim that contains the event (asserted,
    /// reported, hedged, speculative...); null outside any claim.
    pub certainty: Option<Certainty>,
    /// Who makes that claim.
    pub attribution: Option<AttributionOut>,
    /// The figures (killed, injured, arrested, displaced, participants)
    /// linked to this event, in text order.
    #[serde(default)]
    pub magnitudes: Vec<MagnitudeOut>,
}

/// A figure of a report in a dossier: how many people of one kind, the
/// quantity as written, and the certainty and holder of the claim it is in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MagnitudeOut {
    /// killed, injured, arrested, displaced or participants.
    pub kind: MagnitudeKind,
    /// The smallest count the words allow.
    pub low: u64,
    /// The largest count the words allow; null when open-ended ("at least 12").
    pub high: Option<u64>,
    /// The one number written ("about 30" → 30); null for ranges and vague words.
    pub point: Option<u64>,
    /// The quantity as written ("at least 156"): the evidence.
    pub text: String,
    /// First byte of the quantity.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// How the report puts the claim that contains the figure; null outside any claim.
    pub certainty: Option<Certainty>,
    /// Who makes that claim; null when the outlet states it.
    pub attribution: Option<AttributionOut>,
    /// Index of its sentence.
    pub sentence: u32,
    /// The words that decided the kind ("killed", "death toll").
    pub cue: TextSpan,
    /// The people counted ("fighters"), when named.
    pub victims: Option<TextSpan>,
    /// The word of the event the figure belongs to, when the text names one.
    pub anchor: Option<TextSpan>,
    /// Index into `events` of the coded event it belongs to; null when the
    /// event coder found none.
    pub event: Option<usize>,
}

impl MagnitudeOut {
    fn of(doc: &Doc, magnitude: &crate::Magnitude) -> MagnitudeOut {
        let claim = magnitude.claim.and_then(|idx| doc.claims().get(idx));
        MagnitudeOut {
            kind: magnitude.kind,
            low: magnitude.low,
            high: magnitude.high,
            point: magnitude.point,
            text: doc.slice(magnitude.span).to_string(),
            start: magnitude.span.start(),
            end: magnitude.span.end(),
            certainty: claim.map(|claim| claim.certainty),
            attribution: claim
                .and_then(|claim| claim.attribution.as_ref())
                .map(|holder| attribution_out(doc, holder)),
            sentence: magnitude.sentence,
            cue: TextSpan::of(doc, magnitude.cue),
            victims: magnitude.victims.map(|span| TextSpan::of(doc, span)),
            anchor: magnitude.anchor.map(|span| TextSpan::of(doc, span)),
            event: magnitude.event,
        }
    }
}

/// Where an event happened, in a dossier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventPlaceOut {
    /// The place name as written: the evidence.
    pub mention: TextSpan,
    /// The gazetteer's name of the place.
    pub name: String,
    /// GeoNames id, when the place has one.
    pub geonameid: Option<u32>,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 country code.
    pub country_code: String,
    /// attached, sentence, dateline or dominant.
    pub rule: String,
    /// The relative phrase ("30 km west of"), when there is one.
    pub relation: Option<TextSpan>,
}

/// When an event happened: the days, how precise, and the evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDateOut {
    /// First day of the interval.
    pub first_day: NaiveDate,
    /// Last day of the interval (inclusive).
    pub last_day: NaiveDate,
    /// day, week, month or year.
    pub precision: DatePrecision,
    /// attached, sentence, dateline or publication.
    pub rule: crate::EventDateRule,
    /// The date expression, when one decided it.
    pub evidence: Option<TextSpan>,
}

/// The stance of the body towards the headline, in a dossier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeadlineStanceOut {
    /// `agree`, `disagree`, `discuss` or `unrelated` (FNC-1 labels).
    pub label: StanceLabel,
    /// The model's probability for the label, rounded to 4 decimals.
    pub score: f32,
    /// The body sentence closest to the headline, when one shares a content word.
    pub evidence: Option<TextSpan>,
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
    /// The publication date: given, or else read from the text (then
    /// `published_detected` says where).
    pub published: Option<NaiveDate>,
    /// Where in the text the publication date was found, when it was not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_detected: Option<PublishedDetectedOut>,
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
    /// Date mentions in text order (empty before the date stage runs).
    #[serde(default)]
    pub dates: Vec<DateOut>,
    /// Place mentions in text order, resolved (empty before the places stage).
    #[serde(default)]
    pub places: Vec<PlaceOut>,
    /// Actor mentions in text order (empty before the event stage runs).
    #[serde(default)]
    pub actors: Vec<ActorOut>,
    /// Coded events in text order (empty before the event stage runs).
    #[serde(default)]
    pub events: Vec<EventOut>,
    /// Every figure in text order, linked to an event or not (empty before
    /// the magnitudes stage runs).
    #[serde(default)]
    pub magnitudes: Vec<MagnitudeOut>,
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
    /// The body's stance towards the headline; null when there is no
    /// headline or the stance stage did not run.
    #[serde(default)]
    pub headline_stance: Option<HeadlineStanceOut>,
    /// Uninterpreted fields of the input record.
    pub metadata: BTreeMap<String, serde_json::Value>,
    /// What was noticed about the input.
    pub diagnostics: Vec<DiagnosticOut>,
}

/// A claim's holder, with the actor code of the coded actor its words
/// name, when the event stage found one there.
fn attribution_out(doc: &Doc, holder: &crate::Attribution) -> AttributionOut {
    let code = holder.code.clone().or_else(|| {
        doc.actors()
            .iter()
            .filter(|actor| {
                actor.span.start() < holder.span.end() && holder.span.start() < actor.span.end()
            })
            .find_map(|actor| actor.code.clone())
    });
    AttributionOut {
        kind: holder.kind,
        text: doc.slice(holder.span).to_string(),
        start: holder.span.start(),
        end: holder.span.end(),
        code,
    }
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
        let dates = doc
            .dates()
            .iter()
            .map(|date| DateOut {
                start: date.span.start(),
                end: date.span.end(),
                text: doc.slice(date.span).to_string(),
                first_day: date.first_day,
                last_day: date.last_day,
                precision: date.precision,
                rule: date.rule,
                anchored: date.anchored,
                sentence: date.sentence,
                first_token: date.first_token,
                n_tokens: date.n_tokens,
            })
            .collect();
        let published_detected = doc
            .detected_publication()
            .filter(|_| meta.published.is_none())
            .map(|found| PublishedDetectedOut {
                start: found.span.start(),
                end: found.span.end(),
                text: doc.slice(found.span).to_string(),
                date: found.date,
                evidence: found.evidence,
            });
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
        let actors = doc
            .actors()
            .iter()
            .map(|actor| ActorOut::of(doc, actor))
            .collect();
        let magnitudes: Vec<MagnitudeOut> = doc
            .magnitudes()
            .iter()
            .map(|magnitude| MagnitudeOut::of(doc, magnitude))
            .collect();
        let events = doc
            .events()
            .iter()
            .enumerate()
            .map(|(event_idx, event)| EventOut {
                magnitudes: magnitudes
                    .iter()
                    .filter(|magnitude| magnitude.event == Some(event_idx))
                    .cloned()
                    .collect(),
                trigger: TextSpan::of(doc, event.trigger),
                sentence: event.sentence,
                source: event.source.as_ref().map(|actor| ActorOut::of(doc, actor)),
                target: event.target.as_ref().map(|actor| ActorOut::of(doc, actor)),
                cameo: event.cameo.clone(),
                plover: event.plover.clone(),
                rule: event.rule.clone(),
                negated: event.negated,
                nominal: event.nominal,
                certainty: event
                    .claim
                    .and_then(|idx| doc.claims().get(idx))
                    .map(|claim| claim.certainty),
                attribution: event
                    .claim
                    .and_then(|idx| doc.claims().get(idx))
                    .and_then(|claim| claim.attribution.as_ref())
                    .map(|holder| attribution_out(doc, holder)),
                place: event.place.as_ref().and_then(|located| {
                    let mention = doc.places().get(located.place)?;
                    Some(EventPlaceOut {
                        mention: TextSpan::of(doc, mention.span),
                        name: mention.place.name.clone(),
                        geonameid: mention.place.geonameid,
                        lat: mention.place.lat,
                        lon: mention.place.lon,
                        country_code: mention.place.country_code.clone(),
                        rule: located.rule.clone(),
                        relation: located
                            .relation
                            .map(|relation| TextSpan::of(doc, relation.span)),
                    })
                }),
                date: event.date.map(|date| EventDateOut {
                    first_day: date.first_day,
                    last_day: date.last_day,
                    precision: date.precision,
                    rule: date.rule,
                    evidence: date
                        .mention
                        .and_then(|idx| doc.dates().get(idx))
                        .map(|mention| TextSpan::of(doc, mention.span)),
                }),
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
                attribution: claim
                    .attribution
                    .as_ref()
                    .map(|holder| attribution_out(doc, holder)),
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
            published: doc.publication_date(),
            published_detected,
            language: meta.language.clone(),
            n_bytes: doc.text().len(),
            decoded_lossily: meta.decoded_lossily,
            headline: doc.headline().map(|span| TextSpan::of(doc, span)),
            dateline: doc.dateline().map(|span| TextSpan::of(doc, span)),
            text: options.include_text.then(|| doc.text().to_string()),
            sentences,
            tokens,
            claims,
            source_reputation: analysis.map(|analysis| analysis.source_reputation.clone()),
            signals,
            headline_consistency,
            entities,
            dates,
            places,
            actors,
            events,
            magnitudes,
            headline_stance: doc.headline_stance().map(|stance| HeadlineStanceOut {
                label: stance.label,
                score: (stance.score * 1e4).round() / 1e4,
                evidence: stance.evidence.map(|span| TextSpan::of(doc, span)),
            }),
            metadata: meta.extra.clone(),
            diagnostics,
        }
    }
}
