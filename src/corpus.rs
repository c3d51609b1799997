//! From analyzed dossiers to store rows, and the corpus state an ingest
//! keeps in memory while it writes: the syndication index and the event
//! clusters. Both are rebuilt from the store when an ingest resumes, so a
//! killed run loses nothing that was committed.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sift_core::{Dossier, EventOut};
use sift_store::{
    ActorRow, ClaimRow, DocumentRow, EventRow, NextKeys, PlaceRow, Store, WriteBatch,
};

/// One analyzed report on its way to the writer.
pub struct Analyzed {
    pub dossier: Dossier,
    pub dossier_json: String,
    pub origin: String,
    pub signature: Vec<u8>,
}

/// What the writer keeps between batches.
pub struct CorpusState {
    next: NextKeys,
}

/// Counts of one written batch.
#[derive(Default, Clone, Copy)]
pub struct BatchCounts {
    pub documents: usize,
    pub events: usize,
    pub claims: usize,
    pub places: usize,
}

impl CorpusState {
    /// Rebuilds the in-memory indexes from what the store holds.
    pub fn restore(store: &dyn Store) -> anyhow::Result<CorpusState> {
        Ok(CorpusState {
            next: store.next_keys()?,
        })
    }

    /// Assigns keys, groups and clusters to a batch and turns it into rows.
    pub fn add_batch(
        &mut self,
        analyzed: Vec<Analyzed>,
        now: DateTime<Utc>,
    ) -> (WriteBatch, BatchCounts) {
        let mut batch = WriteBatch::default();
        let mut counts = BatchCounts::default();
        for item in analyzed {
            let doc_key = self.next.document;
            self.next.document += 1;
            let dossier = &item.dossier;
            for (index, event) in dossier.events.iter().enumerate() {
                let key = self.next.event;
                self.next.event += 1;
                batch
                    .events
                    .push(event_row(dossier, event, index, key, doc_key));
            }
            batch.claims.extend(claim_rows(dossier, doc_key));
            batch.places.extend(place_rows(dossier, doc_key));
            batch.actors.extend(actor_rows(dossier, doc_key));
            counts.documents += 1;
            counts.events += dossier.events.len();
            counts.claims += dossier.claims.len();
            counts.places += dossier.places.len();
            batch.documents.push(DocumentRow {
                key: doc_key,
                id: dossier.id.clone(),
                url: dossier.url.clone(),
                source: dossier.source.clone(),
                published: dossier.published,
                headline: dossier.headline.as_ref().map(|h| h.text.clone()),
                language: dossier.language.clone(),
                origin: item.origin,
                ingested_at: now,
                text: dossier.text.clone().unwrap_or_default(),
                syndication_group: doc_key,
                copy_of: None,
                copy_similarity: None,
                signature: item.signature,
                dossier_json: item.dossier_json,
            });
        }
        (batch, counts)
    }
}

/// The snake-case name serde gives an enum value (`denied`, `named_person`).
pub fn snake_name(value: impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

fn event_row(
    dossier: &Dossier,
    event: &EventOut,
    index: usize,
    key: i64,
    doc_key: i64,
) -> EventRow {
    let (first_day, last_day) = match &event.date {
        Some(date) => (Some(date.first_day), Some(date.last_day)),
        None => (dossier.published, dossier.published),
    };
    EventRow {
        key,
        doc_key,
        doc_id: dossier.id.clone(),
        index: index as u32,
        trigger: event.trigger.text.clone(),
        source_code: event.source.as_ref().and_then(|a| a.code.clone()),
        source_text: event.source.as_ref().map(|a| a.text.clone()),
        source_country: None,
        source_sector: None,
        target_code: event.target.as_ref().and_then(|a| a.code.clone()),
        target_text: event.target.as_ref().map(|a| a.text.clone()),
        target_country: None,
        target_sector: None,
        cameo: event.cameo.code.clone(),
        cameo_label: event.cameo.label.clone(),
        goldstein: event.cameo.goldstein.map(f64::from),
        quad_class: event.cameo.quad_class.map(i64::from),
        plover_type: event.plover.as_ref().map(|p| p.event_type.clone()),
        first_day,
        last_day,
        place_name: event.place.as_ref().map(|p| p.name.clone()),
        geonameid: event
            .place
            .as_ref()
            .and_then(|p| p.geonameid.map(i64::from)),
        lat: event.place.as_ref().map(|p| p.lat),
        lon: event.place.as_ref().map(|p| p.lon),
        country_code: event.place.as_ref().map(|p| p.country_code.clone()),
        certainty: event.certainty.map(snake_name),
        negated: event.negated,
        nominal: event.nominal,
        cluster: None,
    }
}

fn claim_rows(dossier: &Dossier, doc_key: i64) -> impl Iterator<Item = ClaimRow> + '_ {
    dossier
        .claims
        .iter()
        .enumerate()
        .map(move |(index, claim)| ClaimRow {
            key: None,
            doc_key,
            doc_id: dossier.id.clone(),
            index: index as u32,
            certainty: snake_name(claim.certainty),
            holder_kind: claim.attribution.as_ref().map(|a| snake_name(a.kind)),
            holder: claim.attribution.as_ref().map(|a| a.text.clone()),
            holder_code: claim.attribution.as_ref().and_then(|a| a.code.clone()),
            text: claim.text.clone(),
        })
}

fn place_rows(dossier: &Dossier, doc_key: i64) -> impl Iterator<Item = PlaceRow> + '_ {
    dossier
        .places
        .iter()
        .enumerate()
        .map(move |(index, place)| PlaceRow {
            doc_key,
            index: index as u32,
            text: place.text.clone(),
            name: place.name.clone(),
            geonameid: place.geonameid.map(i64::from),
            lat: place.lat,
            lon: place.lon,
            country_code: place.country_code.clone(),
        })
}

fn actor_rows(dossier: &Dossier, doc_key: i64) -> impl Iterator<Item = ActorRow> + '_ {
    dossier
        .actors
        .iter()
        .enumerate()
        .map(move |(index, actor)| ActorRow {
            doc_key,
            index: index as u32,
            text: actor.text.clone(),
            code: actor.code.clone(),
        })
}
