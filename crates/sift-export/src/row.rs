//! One export row per stored event, mapped from its document's dossier.
//!
//! Every field is read from the stored dossier JSON or the stored cluster
//! counts; nothing is analyzed again.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sift_core::{ActorOut, EventOut, SentenceKind};
use sift_store::{EventRow, ExportContext};

use crate::codes::split_actor_code;

/// One event as the CSV, JSON Lines and Parquet exports write it.
///
/// The field order is the CSV column order ([`CSV_COLUMNS`]). New fields
/// are only ever appended (the next is `magnitudes`), so readers that go by
/// column name or position keep working.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExportRow {
    /// The stored event key (also GDELT's GLOBALEVENTID).
    pub event_key: i64,
    /// The document's stable id.
    pub doc_id: String,
    /// The document's URL.
    pub url: Option<String>,
    /// The outlet.
    pub source: Option<String>,
    /// The document's publication date.
    pub published: Option<NaiveDate>,
    /// First day of the event, else the publication date.
    pub date: Option<NaiveDate>,
    /// Last day of the event (inclusive).
    pub date_last: Option<NaiveDate>,
    /// `day`, `week`, `month` or `year`.
    pub date_precision: Option<String>,
    /// What dated the event: `attached`, `sentence`, `dateline` or `publication`.
    pub date_rule: Option<String>,
    /// The date expression that dated the event (evidence).
    pub date_text: Option<String>,
    /// Source actor's CAMEO code (`RUSMIL`).
    pub source_code: Option<String>,
    /// Country part of the source code (`RUS`).
    pub source_country: Option<String>,
    /// Source actor's words (evidence).
    pub source_text: Option<String>,
    /// Target actor's CAMEO code.
    pub target_code: Option<String>,
    /// Country part of the target code.
    pub target_country: Option<String>,
    /// Target actor's words (evidence).
    pub target_text: Option<String>,
    /// CAMEO event code as coded (`195`).
    pub cameo_code: String,
    /// CAMEO label.
    pub cameo_label: Option<String>,
    /// PLOVER event type (`ASSAULT`).
    pub plover_type: Option<String>,
    /// PLOVER mode.
    pub plover_mode: Option<String>,
    /// PLOVER context.
    pub plover_context: Option<String>,
    /// Goldstein score, -10 to +10.
    pub goldstein: Option<f32>,
    /// QuadClass, 1 to 4.
    pub quad_class: Option<u8>,
    /// The report says it did not happen.
    pub negated: bool,
    /// Coded from a noun phrase.
    pub nominal: bool,
    /// The event's place, as the gazetteer names it.
    pub place_name: Option<String>,
    /// GeoNames id of the place.
    pub geonameid: Option<u32>,
    /// Latitude (WGS84).
    pub lat: Option<f64>,
    /// Longitude (WGS84).
    pub lon: Option<f64>,
    /// ISO 3166-1 alpha-2 country of the place.
    pub country_code: Option<String>,
    /// The place name as written (evidence).
    pub place_text: Option<String>,
    /// Certainty of the claim that carries the event (`asserted`, `denied`...).
    pub certainty: Option<String>,
    /// Who holds that claim, in the report's words.
    pub holder: Option<String>,
    /// `named_person`, `named_organization`, `official_unnamed`, `anonymous` or `document`.
    pub holder_kind: Option<String>,
    /// The holder's actor code.
    pub holder_code: Option<String>,
    /// The trigger word(s) (evidence).
    pub trigger: String,
    /// First byte of the trigger in the analyzed text.
    pub trigger_start: u64,
    /// One past its last byte.
    pub trigger_end: u64,
    /// Index of the event's sentence.
    pub sentence: u32,
    /// The event's sentence (evidence).
    pub sentence_text: Option<String>,
    /// The event's cluster, when clustered.
    pub cluster: Option<i64>,
    /// Documents reporting the cluster (1 without a cluster).
    pub n_documents: i64,
    /// Independent sources of the cluster (1 without a cluster).
    pub independent_sources: i64,
    /// The figures this report gives for the event, as a JSON array of
    /// `{kind, low, high, text, certainty, holder}` (empty when none).
    pub magnitudes: Option<String>,
    /// The cluster's figures reconciled across independent reports, as JSON:
    /// per kind, `{figures, n_independent_figures, conservative, range,
    /// latest}` (docs/corpus.md); empty when the cluster has none.
    pub cluster_magnitudes: Option<String>,
    /// The cluster's conservative estimate of the dead: the lowest figure
    /// an independent source asserts or reports.
    pub cluster_killed_conservative: Option<u64>,
    /// The lowest and highest death figure the cluster's reports give.
    pub cluster_killed_low: Option<u64>,
    /// See `cluster_killed_low`.
    pub cluster_killed_high: Option<u64>,
    #[serde(skip)]
    pub(crate) gdelt: GdeltExtras,
}

/// The CSV header: [`ExportRow`]'s fields, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "event_key",
    "doc_id",
    "url",
    "source",
    "published",
    "date",
    "date_last",
    "date_precision",
    "date_rule",
    "date_text",
    "source_code",
    "source_country",
    "source_text",
    "target_code",
    "target_country",
    "target_text",
    "cameo_code",
    "cameo_label",
    "plover_type",
    "plover_mode",
    "plover_context",
    "goldstein",
    "quad_class",
    "negated",
    "nominal",
    "place_name",
    "geonameid",
    "lat",
    "lon",
    "country_code",
    "place_text",
    "certainty",
    "holder",
    "holder_kind",
    "holder_code",
    "trigger",
    "trigger_start",
    "trigger_end",
    "sentence",
    "sentence_text",
    "cluster",
    "n_documents",
    "independent_sources",
    "magnitudes",
    "cluster_magnitudes",
    "cluster_killed_conservative",
    "cluster_killed_low",
    "cluster_killed_high",
];

/// What only the GDELT layout needs.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct GdeltExtras {
    /// In the headline or the lead paragraph.
    pub is_root: bool,
    /// Dictionary names of the actors (GDELT's Actor1Name, Actor2Name).
    pub source_name: Option<String>,
    pub target_name: Option<String>,
    /// The event place's GeoNames feature class and code and admin1 code.
    pub feature_class: Option<char>,
    pub feature_code: Option<String>,
    pub admin1: Option<String>,
    /// When the document was stored.
    pub ingested_at: Option<DateTime<Utc>>,
}

/// The parts of a stored dossier an export reads; serde skips the rest,
/// which is most of a dossier's bytes.
#[derive(Deserialize)]
pub(crate) struct StoredDossier {
    id: String,
    url: Option<String>,
    source: Option<String>,
    published: Option<NaiveDate>,
    #[serde(default)]
    sentences: Vec<StoredSentence>,
    #[serde(default)]
    places: Vec<StoredPlace>,
    #[serde(default)]
    events: Vec<EventOut>,
}

#[derive(Deserialize)]
struct StoredSentence {
    text: String,
    kind: SentenceKind,
    paragraph: u32,
}

#[derive(Deserialize)]
struct StoredPlace {
    start: usize,
    end: usize,
    #[serde(default)]
    admin1: String,
    feature_class: Option<char>,
    #[serde(default)]
    feature_code: String,
}

impl StoredDossier {
    /// Reads the dossier JSON of a stored document.
    pub(crate) fn parse(json: &str) -> Result<StoredDossier, String> {
        serde_json::from_str(json).map_err(|err| format!("its dossier JSON is unreadable: {err}"))
    }

    /// The first paragraph with a body sentence: GDELT's lead paragraph.
    fn lead_paragraph(&self) -> Option<u32> {
        self.sentences
            .iter()
            .find(|s| s.kind == SentenceKind::Body)
            .map(|s| s.paragraph)
    }
}

/// Maps one stored event to its export row.
///
/// # Errors
/// A reason, when the stored event is not in its dossier.
pub(crate) fn export_row(
    row: &EventRow,
    context: &ExportContext<'_>,
    dossier: &StoredDossier,
) -> Result<ExportRow, String> {
    let event = dossier.events.get(row.index as usize).ok_or_else(|| {
        format!(
            "event {} is not in its dossier ({} events)",
            row.index,
            dossier.events.len()
        )
    })?;
    let sentence = dossier.sentences.get(event.sentence as usize);
    let lead = dossier.lead_paragraph();
    let is_root =
        sentence.is_some_and(|s| s.kind == SentenceKind::Headline || Some(s.paragraph) == lead);
    let place = event.place.as_ref();
    let stored_place = place.and_then(|p| {
        dossier
            .places
            .iter()
            .find(|candidate| candidate.start == p.mention.start && candidate.end == p.mention.end)
    });
    let (date, date_last) = match &event.date {
        Some(date) => (Some(date.first_day), Some(date.last_day)),
        None => (dossier.published, dossier.published),
    };
    let actor_code = |actor: Option<&ActorOut>| actor.and_then(|a| a.code.clone());
    let actor_country = |actor: Option<&ActorOut>| {
        actor
            .and_then(|a| a.code.as_deref())
            .and_then(|code| split_actor_code(code).country)
            .map(str::to_string)
    };
    let source = event.source.as_ref();
    let target = event.target.as_ref();
    let attribution = event.attribution.as_ref();
    let (n_documents, independent_sources) = match (
        context.cluster_documents,
        context.cluster_independent_sources,
    ) {
        (Some(documents), Some(sources)) => (documents, sources),
        _ => (1, 1),
    };
    let cluster_figures: Option<serde_json::Value> = context
        .cluster_magnitudes
        .and_then(|json| serde_json::from_str(json).ok());
    let killed = cluster_figures.as_ref().and_then(|m| m.get("killed"));
    Ok(ExportRow {
        event_key: row.key,
        doc_id: dossier.id.clone(),
        url: dossier.url.clone(),
        source: dossier.source.clone(),
        published: dossier.published,
        date,
        date_last,
        date_precision: event.date.as_ref().map(|d| snake_name(d.precision)),
        date_rule: event.date.as_ref().map(|d| snake_name(d.rule)),
        date_text: event
            .date
            .as_ref()
            .and_then(|d| d.evidence.as_ref())
            .map(|span| span.text.clone()),
        source_code: actor_code(source),
        source_country: actor_country(source),
        source_text: source.map(|a| a.text.clone()),
        target_code: actor_code(target),
        target_country: actor_country(target),
        target_text: target.map(|a| a.text.clone()),
        cameo_code: event.cameo.code.clone(),
        cameo_label: event.cameo.label.clone(),
        plover_type: event.plover.as_ref().map(|p| p.event_type.clone()),
        plover_mode: event.plover.as_ref().and_then(|p| p.mode.clone()),
        plover_context: event.plover.as_ref().and_then(|p| p.context.clone()),
        goldstein: event.cameo.goldstein,
        quad_class: event.cameo.quad_class,
        negated: event.negated,
        nominal: event.nominal,
        place_name: place.map(|p| p.name.clone()),
        geonameid: place.and_then(|p| p.geonameid),
        lat: place.map(|p| p.lat),
        lon: place.map(|p| p.lon),
        country_code: place
            .map(|p| p.country_code.clone())
            .filter(|code| !code.is_empty()),
        place_text: place.map(|p| p.mention.text.clone()),
        certainty: event.certainty.map(snake_name),
        holder: attribution.map(|a| a.text.clone()),
        holder_kind: attribution.map(|a| snake_name(a.kind)),
        holder_code: attribution.and_then(|a| a.code.clone()),
        trigger: event.trigger.text.clone(),
        trigger_start: event.trigger.start as u64,
        trigger_end: event.trigger.end as u64,
        sentence: event.sentence,
        sentence_text: sentence.map(|s| s.text.clone()),
        cluster: row.cluster,
        n_documents,
        independent_sources,
        magnitudes: event_figures(event),
        cluster_killed_conservative: killed
            .and_then(|k| k.get("conservative"))
            .and_then(serde_json::Value::as_u64),
        cluster_killed_low: killed
            .and_then(|k| k.get("range"))
            .and_then(|r| r.get(0))
            .and_then(serde_json::Value::as_u64),
        cluster_killed_high: killed
            .and_then(|k| k.get("range"))
            .and_then(|r| r.get(1))
            .and_then(serde_json::Value::as_u64),
        cluster_magnitudes: context.cluster_magnitudes.map(str::to_string),
        gdelt: GdeltExtras {
            is_root,
            source_name: source.map(dictionary_name),
            target_name: target.map(dictionary_name),
            feature_class: stored_place.and_then(|p| p.feature_class),
            feature_code: stored_place.map(|p| p.feature_code.clone()),
            admin1: stored_place
                .map(|p| p.admin1.clone())
                .filter(|code| !code.is_empty()),
            ingested_at: context.ingested_at,
        },
    })
}

/// The actor's name as GDELT gives it: the dictionary entry that matched
/// (`UNITED_NATIONS_` → `UNITED NATIONS`), else the agent phrase
/// (`WARPLANE`), else the words as written, upper-cased.
fn dictionary_name(actor: &ActorOut) -> String {
    let phrase = |entry: &str| {
        let phrase = entry.rsplit_once(" (").map_or(entry, |(phrase, _)| phrase);
        let phrase = phrase.split(" ~").next().unwrap_or(phrase);
        phrase.replace('_', " ").trim().to_string()
    };
    actor
        .entry
        .as_deref()
        .or(actor.agent.as_deref())
        .map(phrase)
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| actor.text.to_uppercase())
}

/// The snake-case name serde gives an enum value (`denied`, `named_person`).
fn snake_name(value: impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// The event's figures as the export's JSON text; `None` when it has none.
fn event_figures(event: &EventOut) -> Option<String> {
    if event.magnitudes.is_empty() {
        return None;
    }
    let figures: Vec<serde_json::Value> = event
        .magnitudes
        .iter()
        .map(|m| {
            serde_json::json!({
                "kind": m.kind,
                "low": m.low,
                "high": m.high,
                "text": m.text,
                "certainty": m.certainty,
                "holder": m.attribution.as_ref().map(|a| &a.text),
            })
        })
        .collect();
    Some(serde_json::Value::Array(figures).to_string())
}
