//! The rows the store writes and reads. Every row but the document is an
//! index into its document's dossier: `index` is the item's position in the
//! dossier's list, so the full item is always one JSON lookup away.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The first unused keys, where a new ingest continues numbering.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NextKeys {
    /// The next document key.
    pub document: i64,
    /// The next event key.
    pub event: i64,
    /// The next cluster id.
    pub cluster: i64,
}

/// One stored report.
#[derive(Clone, Debug)]
pub struct DocumentRow {
    /// Insertion-order key, assigned by the caller.
    pub key: i64,
    /// The dossier's stable document id.
    pub id: String,
    /// The page it came from.
    pub url: Option<String>,
    /// The outlet's domain.
    pub source: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Headline text.
    pub headline: Option<String>,
    /// ISO 639-1 language code.
    pub language: Option<String>,
    /// Where it was read from (file and record).
    pub origin: String,
    /// When it was stored.
    pub ingested_at: DateTime<Utc>,
    /// The analyzed text, for full-text search.
    pub text: String,
    /// The key of its syndication group (the group's first member).
    pub syndication_group: i64,
    /// The key of the group member it was found to copy, when it copies one.
    pub copy_of: Option<i64>,
    /// Estimated Jaccard similarity to `copy_of`.
    pub copy_similarity: Option<f32>,
    /// Its MinHash signature, for rebuilding the syndication index.
    pub signature: Vec<u8>,
    /// The dossier, serialized: the source of truth.
    pub dossier_json: String,
}

/// A document as listings show it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DocumentSummary {
    /// Insertion-order key.
    pub key: i64,
    /// Stable document id.
    pub id: String,
    /// The page it came from.
    pub url: Option<String>,
    /// The outlet's domain.
    pub source: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Headline text.
    pub headline: Option<String>,
    /// Where it was read from.
    pub origin: String,
    /// The key of its syndication group.
    pub syndication_group: i64,
    /// The key of the document it copies, when it is a copy.
    pub copy_of: Option<i64>,
    /// Events coded in it.
    pub n_events: i64,
    /// Claims found in it.
    pub n_claims: i64,
}

/// One coded event, with the columns queries and clustering need.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct EventRow {
    /// Insertion-order key, assigned by the caller.
    pub key: i64,
    /// Its document's key.
    pub doc_key: i64,
    /// Its document's id.
    pub doc_id: String,
    /// Position in the dossier's `events`.
    pub index: u32,
    /// The trigger's words.
    pub trigger: String,
    /// Source actor code (`RUSMIL`).
    pub source_code: Option<String>,
    /// Source actor's words.
    pub source_text: Option<String>,
    /// Source country (`RUS`).
    pub source_country: Option<String>,
    /// Source sector (`MIL`).
    pub source_sector: Option<String>,
    /// Target actor code.
    pub target_code: Option<String>,
    /// Target actor's words.
    pub target_text: Option<String>,
    /// Target country.
    pub target_country: Option<String>,
    /// Target sector.
    pub target_sector: Option<String>,
    /// CAMEO event code (`195`).
    pub cameo: String,
    /// CAMEO label.
    pub cameo_label: Option<String>,
    /// Goldstein score.
    pub goldstein: Option<f64>,
    /// QuadClass, 1-4.
    pub quad_class: Option<i64>,
    /// PLOVER event type.
    pub plover_type: Option<String>,
    /// First day of the event's date, else the publication date.
    pub first_day: Option<NaiveDate>,
    /// Last day of the event's date.
    pub last_day: Option<NaiveDate>,
    /// Place name.
    pub place_name: Option<String>,
    /// GeoNames id of the place.
    pub geonameid: Option<i64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// ISO country code of the place.
    pub country_code: Option<String>,
    /// GeoNames feature code of the place (`PPLA`, `PCLI`, `ADM1`, ...).
    pub place_feature: Option<String>,
    /// Certainty of the event's claim (`asserted`, `denied`, ...).
    pub certainty: Option<String>,
    /// Who holds the event's claim, as written.
    pub holder: Option<String>,
    /// Position in the dossier's `claims` of the claim holding the event.
    pub claim: Option<u32>,
    /// The figures the report gives for the event, as a JSON array of
    /// `{kind, low, high, text, certainty, holder}`; none when it gives none.
    pub figures: Option<String>,
    /// The event's verb is negated.
    pub negated: bool,
    /// Coded from a noun phrase.
    pub nominal: bool,
    /// Its cluster.
    pub cluster: Option<i64>,
}

/// What an export reads with each event besides its row: its document's
/// stored fields and its cluster's counts.
#[derive(Clone, Copy, Debug)]
pub struct ExportContext<'a> {
    /// The document's dossier JSON (the source of truth).
    pub dossier_json: &'a str,
    /// When the document was stored; `None` if the stored time is unreadable.
    pub ingested_at: Option<DateTime<Utc>>,
    /// The document's syndication group.
    pub syndication_group: i64,
    /// Documents reporting the event's cluster; `None` without a cluster.
    pub cluster_documents: Option<i64>,
    /// Independent sources of the event's cluster; `None` without a cluster.
    pub cluster_independent_sources: Option<i64>,
    /// The cluster's figures reconciled across its reports (the
    /// `magnitudes` object of its summary, as JSON); `None` without a
    /// cluster or without figures.
    pub cluster_magnitudes: Option<&'a str>,
}

/// The fields of a stored event that clustering needs, with its document's.
#[derive(Clone, Debug)]
pub struct CorpusEvent {
    /// The event.
    pub event: EventRow,
    /// Its document's syndication group.
    pub syndication_group: i64,
    /// Its document's outlet.
    pub source_domain: Option<String>,
    /// Its document's publication date.
    pub published: Option<NaiveDate>,
}

/// One claim.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ClaimRow {
    /// Row key (assigned by the store).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<i64>,
    /// Its document's key.
    pub doc_key: i64,
    /// Its document's id.
    pub doc_id: String,
    /// Position in the dossier's `claims`.
    pub index: u32,
    /// Certainty (`asserted`, `reported`, `hedged`, ...).
    pub certainty: String,
    /// Kind of holder (`named`, `anonymous`, ...), when attributed.
    pub holder_kind: Option<String>,
    /// The holder's words.
    pub holder: Option<String>,
    /// The holder's actor code.
    pub holder_code: Option<String>,
    /// The claim's text.
    pub text: String,
}

/// One resolved place mention.
#[derive(Clone, Debug, Default)]
pub struct PlaceRow {
    /// Its document's key.
    pub doc_key: i64,
    /// Position in the dossier's `places`.
    pub index: u32,
    /// The words in the text.
    pub text: String,
    /// Resolved name.
    pub name: String,
    /// GeoNames id.
    pub geonameid: Option<i64>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// ISO country code.
    pub country_code: String,
}

/// One actor mention.
#[derive(Clone, Debug, Default)]
pub struct ActorRow {
    /// Its document's key.
    pub doc_key: i64,
    /// Position in the dossier's `actors`.
    pub index: u32,
    /// The words in the text.
    pub text: String,
    /// Actor code, when coded.
    pub code: Option<String>,
}

/// One event cluster, as `sift query clusters` shows it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ClusterRow {
    /// Cluster id.
    pub id: i64,
    /// CAMEO root code (two digits).
    pub cameo_root: String,
    /// PLOVER type.
    pub plover_type: Option<String>,
    /// Source actor code.
    pub source: Option<String>,
    /// Target actor code.
    pub target: Option<String>,
    /// Place name.
    pub place_name: Option<String>,
    /// GeoNames id.
    pub geonameid: Option<i64>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// First day of any member.
    pub first_date: Option<NaiveDate>,
    /// Last day of any member.
    pub last_date: Option<NaiveDate>,
    /// Documents reporting it.
    pub n_documents: i64,
    /// Independent sources.
    pub independent_sources: i64,
    /// Contradicting claims.
    pub n_contradicting: i64,
    /// The full summary (the JSON contract of `sift query clusters`).
    pub summary: serde_json::Value,
}

/// What one ingest transaction writes.
#[derive(Clone, Debug, Default)]
pub struct WriteBatch {
    /// New documents.
    pub documents: Vec<DocumentRow>,
    /// Their events.
    pub events: Vec<EventRow>,
    /// Their claims.
    pub claims: Vec<ClaimRow>,
    /// Their places.
    pub places: Vec<PlaceRow>,
    /// Their actors.
    pub actors: Vec<ActorRow>,
    /// Clusters created or changed by this batch (replaced whole).
    pub clusters: Vec<ClusterRow>,
    /// Events of earlier batches whose cluster changed: (event key, cluster).
    pub reclustered: Vec<(i64, i64)>,
}

/// Actor detail of a dyad series.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DyadLevel {
    /// Country codes only (`RUS` → `USA`).
    #[default]
    Country,
    /// Country and sector (`RUSMIL` → `USAGOV`).
    Sector,
}

/// Which dyad series to compute.
#[derive(Clone, Debug, Default)]
pub struct DyadQuery {
    /// Source country (or country+sector at [`DyadLevel::Sector`]); all when `None`.
    pub source: Option<String>,
    /// Target country (or country+sector); all when `None`.
    pub target: Option<String>,
    /// Country or country+sector.
    pub level: DyadLevel,
    /// First day.
    pub since: Option<NaiveDate>,
    /// Last day.
    pub until: Option<NaiveDate>,
}

/// One day of one ordered actor pair.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DyadDay {
    /// Source (country, or country+sector).
    pub source: String,
    /// Target.
    pub target: String,
    /// The day.
    pub day: NaiveDate,
    /// Events that day.
    pub events: i64,
    /// Sum of Goldstein scores.
    pub goldstein_sum: f64,
    /// Mean Goldstein score.
    pub goldstein_mean: f64,
    /// Events per QuadClass 1-4.
    pub quad_class: [i64; 4],
}

/// Events on one day, for timelines.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DayCount {
    /// The day (the event's first day).
    pub day: NaiveDate,
    /// Events that day.
    pub events: i64,
}

/// Events at one place, for maps.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PlaceCount {
    /// Place name.
    pub name: String,
    /// GeoNames id, when the place has one.
    pub geonameid: Option<i64>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// ISO country code.
    pub country_code: Option<String>,
    /// Events there.
    pub events: i64,
}
