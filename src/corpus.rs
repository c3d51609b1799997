//! From analyzed dossiers to store rows, and the corpus state an ingest
//! keeps in memory while it writes: the syndication index and the event
//! clusters. Both are rebuilt from the store when an ingest resumes, so a
//! killed run loses nothing that was committed.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sift_core::{Dossier, EventOut};
use sift_corpus::{
    ActorKey, ClusterConfig, ClusterIndex, ClusterSummary, DocumentFacts, EventFacts, FigureFacts,
    PlaceFacts, Signature, SyndicationConfig, SyndicationIndex,
};
use sift_store::{
    ActorRow, ClaimRow, ClusterRow, DocumentRow, EventRow, NextKeys, PlaceRow, Store, WriteBatch,
};

/// One analyzed report on its way to the writer.
pub struct Analyzed {
    pub dossier: Dossier,
    pub dossier_json: String,
    pub origin: String,
    pub signature: Signature,
}

impl Analyzed {
    /// Packs an analyzed dossier for the writer: serializes it and signs its
    /// body (the text after the headline and dateline, which copy desks
    /// rewrite freely) for syndication.
    pub fn new(dossier: Dossier, origin: String) -> Analyzed {
        let dossier_json = serde_json::to_string(&dossier)
            .expect("a Dossier always serializes: it holds only strings, numbers and maps");
        let text = dossier.text.as_deref().unwrap_or_default();
        let body_start = [&dossier.headline, &dossier.dateline]
            .into_iter()
            .flatten()
            .map(|span| span.end)
            .max()
            .unwrap_or(0)
            .min(text.len());
        let body = text.get(body_start..).unwrap_or(text);
        Analyzed {
            signature: Signature::of_text(body),
            dossier,
            dossier_json,
            origin,
        }
    }
}

/// What the writer keeps between batches.
pub struct CorpusState {
    next: NextKeys,
    syndication: SyndicationIndex,
    clusters: ClusterIndex,
}

/// Counts of one written batch.
#[derive(Default, Clone, Copy)]
pub struct BatchCounts {
    pub documents: usize,
    pub copies: usize,
    pub events: usize,
    pub claims: usize,
    pub places: usize,
}

impl BatchCounts {
    pub fn add(&mut self, other: BatchCounts) {
        self.documents += other.documents;
        self.copies += other.copies;
        self.events += other.events;
        self.claims += other.claims;
        self.places += other.places;
    }
}

impl CorpusState {
    /// Rebuilds the in-memory indexes from what the store holds.
    pub fn restore(store: &dyn Store) -> anyhow::Result<CorpusState> {
        let next = store.next_keys()?;
        let mut syndication = SyndicationIndex::new(SyndicationConfig::default());
        let mut damaged = 0usize;
        store.for_each_signature(
            &mut |key, _published, group, bytes| match Signature::from_bytes(bytes) {
                Some(signature) => syndication.restore(key, group, signature),
                None => damaged += 1,
            },
        )?;
        if damaged > 0 {
            eprintln!(
                "warning: {damaged} stored documents have no usable signature; new copies of them will start groups of their own"
            );
        }
        let mut clusters = ClusterIndex::new(ClusterConfig::default(), next.cluster);
        let mut known_documents: HashSet<i64> = HashSet::new();
        store.for_each_corpus_event(&mut |stored| {
            if known_documents.insert(stored.event.doc_key) {
                clusters.add_document(DocumentFacts {
                    key: stored.event.doc_key,
                    id: stored.event.doc_id.clone(),
                    syndication_group: stored.syndication_group,
                    domain: stored.source_domain.clone(),
                    published: stored.published,
                });
            }
            if let Some(cluster) = stored.event.cluster {
                clusters.restore_event(stored_event_facts(&stored.event), cluster);
            }
        })?;
        Ok(CorpusState {
            next,
            syndication,
            clusters,
        })
    }

    /// Assigns keys, syndication groups and clusters to a batch and turns it
    /// into rows, with the summaries of every cluster the batch changed.
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
            let assignment = self.syndication.assign(doc_key, item.signature.clone());
            self.clusters.add_document(DocumentFacts {
                key: doc_key,
                id: dossier.id.clone(),
                syndication_group: assignment.group,
                domain: dossier.source.clone(),
                published: dossier.published,
            });
            for (index, event) in dossier.events.iter().enumerate() {
                let key = self.next.event;
                self.next.event += 1;
                let mut row = event_row(dossier, event, index, key, doc_key);
                row.cluster = Some(self.clusters.add_event(stored_event_facts(&row)));
                batch.events.push(row);
            }
            batch.claims.extend(claim_rows(dossier, doc_key));
            batch.places.extend(place_rows(dossier, doc_key));
            batch.actors.extend(actor_rows(dossier, doc_key));
            counts.documents += 1;
            counts.copies += usize::from(assignment.copy_of.is_some());
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
                syndication_group: assignment.group,
                copy_of: assignment.copy_of,
                copy_similarity: assignment.similarity.map(|s| s as f32),
                signature: item.signature.to_bytes(),
                dossier_json: item.dossier_json,
            });
        }
        self.next.cluster = self.clusters.next_id();
        batch.clusters = self
            .clusters
            .take_changed()
            .into_iter()
            .map(cluster_row)
            .collect();
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

/// What clustering needs of an event, from its stored row: the same
/// function serves a new event and a restored one, so a resumed ingest
/// sees exactly what the first one saw.
fn stored_event_facts(row: &EventRow) -> EventFacts {
    EventFacts {
        key: row.key,
        doc_key: row.doc_key,
        index: row.index,
        claim: row.claim,
        source: row.source_code.clone(),
        target: row.target_code.clone(),
        cameo: row.cameo.clone(),
        plover_type: row.plover_type.clone(),
        days: match (row.first_day, row.last_day) {
            (Some(first), Some(last)) => Some((first, last)),
            (Some(day), None) | (None, Some(day)) => Some((day, day)),
            (None, None) => None,
        },
        place: match (&row.place_name, row.lat, row.lon) {
            (Some(name), Some(lat), Some(lon)) => Some(PlaceFacts {
                name: name.clone(),
                geonameid: row.geonameid,
                lat,
                lon,
                country_code: row.country_code.clone().unwrap_or_default(),
                broad: row.place_feature.as_deref().is_some_and(is_broad_feature),
            }),
            _ => None,
        },
        certainty: row.certainty.clone(),
        holder: row.holder.clone(),
        negated: row.negated,
        figures: row
            .figures
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_default(),
    }
}

/// The figures of an event, in the form clusters reconcile and the store
/// keeps; `None` when it has none.
fn figures_json(event: &EventOut) -> Option<String> {
    if event.magnitudes.is_empty() {
        return None;
    }
    let figures: Vec<FigureFacts> = event
        .magnitudes
        .iter()
        .map(|m| FigureFacts {
            kind: snake_name(m.kind),
            low: m.low,
            high: m.high,
            text: m.text.clone(),
            certainty: m.certainty.map(snake_name),
            holder: m.attribution.as_ref().map(|a| a.text.clone()),
        })
        .collect();
    Some(serde_json::to_string(&figures).expect("figures hold only strings and numbers"))
}

/// Countries, first-level divisions, continents and regions: places that
/// hold the towns inside them.
fn is_broad_feature(feature_code: &str) -> bool {
    feature_code.starts_with("PCL") || matches!(feature_code, "ADM1" | "CONT" | "RGN")
}

fn cluster_row(summary: ClusterSummary) -> ClusterRow {
    ClusterRow {
        id: summary.id,
        cameo_root: summary.cameo_root.clone(),
        plover_type: summary.plover_type.clone(),
        source: summary.source.clone(),
        target: summary.target.clone(),
        place_name: summary.place.as_ref().map(|p| p.name.clone()),
        geonameid: summary.place.as_ref().and_then(|p| p.geonameid),
        lat: summary.place.as_ref().map(|p| p.lat),
        lon: summary.place.as_ref().map(|p| p.lon),
        first_date: summary.first_date,
        last_date: summary.last_date,
        n_documents: summary.documents.len() as i64,
        independent_sources: summary.independent_sources as i64,
        n_contradicting: summary.contradicting.len() as i64,
        summary: serde_json::to_value(&summary)
            .expect("a cluster summary holds only strings, numbers and lists"),
    }
}

/// The position in `dossier.claims` of the innermost claim holding the
/// event's trigger.
fn claim_of(dossier: &Dossier, event: &EventOut) -> Option<u32> {
    let (start, end) = (event.trigger.start, event.trigger.end);
    dossier
        .claims
        .iter()
        .enumerate()
        .filter(|(_, claim)| claim.start <= start && end <= claim.end)
        .min_by_key(|(_, claim)| claim.end - claim.start)
        .map(|(index, _)| index as u32)
}

fn event_row(
    dossier: &Dossier,
    event: &EventOut,
    index: usize,
    key: i64,
    doc_key: i64,
) -> EventRow {
    let (first_day, last_day): (Option<NaiveDate>, Option<NaiveDate>) = match &event.date {
        Some(date) => (Some(date.first_day), Some(date.last_day)),
        None => (dossier.published, dossier.published),
    };
    let source = event.source.as_ref();
    let target = event.target.as_ref();
    let source_key = source
        .and_then(|a| a.code.as_deref())
        .and_then(ActorKey::of_code);
    let target_key = target
        .and_then(|a| a.code.as_deref())
        .and_then(ActorKey::of_code);
    let place = event.place.as_ref();
    let place_feature = place.and_then(|p| {
        dossier
            .places
            .iter()
            .find(|mention| mention.start == p.mention.start)
            .map(|mention| mention.feature_code.clone())
    });
    EventRow {
        key,
        doc_key,
        doc_id: dossier.id.clone(),
        index: index as u32,
        trigger: event.trigger.text.clone(),
        source_code: source.and_then(|a| a.code.clone()),
        source_text: source.map(|a| a.text.clone()),
        source_country: source_key.as_ref().map(|k| k.who.clone()),
        source_sector: source_key.and_then(|k| k.sector),
        target_code: target.and_then(|a| a.code.clone()),
        target_text: target.map(|a| a.text.clone()),
        target_country: target_key.as_ref().map(|k| k.who.clone()),
        target_sector: target_key.and_then(|k| k.sector),
        cameo: event.cameo.code.clone(),
        cameo_label: event.cameo.label.clone(),
        goldstein: event.cameo.goldstein.map(f64::from),
        quad_class: event.cameo.quad_class.map(i64::from),
        plover_type: event.plover.as_ref().map(|p| p.event_type.clone()),
        first_day,
        last_day,
        place_name: place.map(|p| p.name.clone()),
        geonameid: place.and_then(|p| p.geonameid.map(i64::from)),
        lat: place.map(|p| p.lat),
        lon: place.map(|p| p.lon),
        country_code: place.map(|p| p.country_code.clone()),
        place_feature,
        certainty: event.certainty.map(snake_name),
        holder: event.attribution.as_ref().map(|a| a.text.clone()),
        claim: claim_of(dossier, event),
        figures: figures_json(event),
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
