//! The places stage.

use sift_core::{Diagnostic, Doc, LayerKind, PlaceKind, PlaceMention, Span, Stage};

use crate::gazetteer::{Gazetteer, LookupDepth};
use crate::recognize::{Mention, mention_for, recognize};
use crate::resolve::resolve;
use crate::{Error, Result};

/// The stage that recognizes and resolves place mentions (the
/// [`LayerKind::Places`] layer). It shares the embedded gazetteer.
#[derive(Clone, Copy)]
pub struct PlaceResolver {
    gazetteer: &'static Gazetteer,
}

/// Everything recognition found in a document.
#[derive(Clone, Debug, Default)]
pub struct PlaceAnalysis {
    /// Mentions resolved to a gazetteer entry, in text order.
    pub places: Vec<PlaceMention>,
    /// Spans recognized as place names that the gazetteer does not know.
    pub unresolved: Vec<Span>,
}

impl PlaceResolver {
    /// The resolver over the embedded gazetteer (loaded on first use).
    pub fn embedded() -> Result<PlaceResolver> {
        Ok(PlaceResolver {
            gazetteer: Gazetteer::embedded()?,
        })
    }

    /// A resolver over another gazetteer, for tests and tools.
    pub fn with_gazetteer(gazetteer: &'static Gazetteer) -> PlaceResolver {
        PlaceResolver { gazetteer }
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &'static Gazetteer {
        self.gazetteer
    }

    /// Recognizes and resolves the places of a document that has tokens,
    /// sentences, tags and entities.
    pub fn analyze(&self, doc: &Doc) -> PlaceAnalysis {
        let mentions = recognize(doc, self.gazetteer);
        split(resolve(self.gazetteer, &mentions), &mentions)
    }

    /// Resolves given spans (gold toponyms), with the same one-sense-per-
    /// document context as [`PlaceResolver::analyze`]. The document needs
    /// tokens and sentences. The result is aligned with `spans`; a span
    /// that covers no token or that the gazetteer does not know is `None`.
    pub fn resolve_spans(&self, doc: &Doc, spans: &[Span]) -> Result<Vec<Option<PlaceMention>>> {
        if !doc.layers().has(LayerKind::Tokens) || !doc.layers().has(LayerKind::Sentences) {
            return Err(Error::Format(
                "resolve_spans needs tokens and sentences".into(),
            ));
        }
        let mut mentions: Vec<Mention> = Vec::new();
        let mut slot_of_span = Vec::with_capacity(spans.len());
        for &span in spans {
            let tokens = doc.tokens_in(span);
            if tokens.is_empty() {
                slot_of_span.push(None);
                continue;
            }
            let text = doc.slice(span);
            let kind = if self.gazetteer.demonym_country(text).is_some()
                && self.gazetteer.lookup(text, LookupDepth::Folded).is_empty()
            {
                PlaceKind::Demonym
            } else {
                PlaceKind::Toponym
            };
            let mut mention = mention_for(doc, tokens.start, tokens.end, kind, LookupDepth::Loose);
            // The gold span is the name: keep it even where a designator
            // follows, so that the result's span is the one given.
            if mention.span != span && mention.n_tokens != tokens.len() {
                mention.n_tokens = tokens.len();
                mention.bare_name = None;
            }
            mention.span = span;
            mention.name = text.to_string();
            slot_of_span.push(Some(mentions.len()));
            mentions.push(mention);
        }
        // Containers are linked by token adjacency, as in recognition.
        for idx in 0..mentions.len().saturating_sub(1) {
            let end = mentions[idx].first_token + mentions[idx].n_tokens;
            if mentions[idx + 1].first_token == end + 1
                && end < doc.tokens().len()
                && doc.slice(doc.tokens()[end].span) == ","
            {
                mentions[idx].container = Some(idx + 1);
            }
        }
        let resolved = resolve(self.gazetteer, &mentions);
        Ok(slot_of_span
            .into_iter()
            .map(|slot| slot.and_then(|idx| resolved[idx].clone()))
            .collect())
    }
}

fn split(resolved: Vec<Option<PlaceMention>>, mentions: &[Mention]) -> PlaceAnalysis {
    let mut analysis = PlaceAnalysis::default();
    for (place, mention) in resolved.into_iter().zip(mentions) {
        match place {
            Some(place) => analysis.places.push(place),
            None => analysis.unresolved.push(mention.span),
        }
    }
    analysis
}

impl Stage for PlaceResolver {
    fn name(&self) -> &'static str {
        "places"
    }

    fn requires(&self) -> &'static [LayerKind] {
        &[
            LayerKind::Tokens,
            LayerKind::Sentences,
            LayerKind::Tags,
            LayerKind::Entities,
        ]
    }

    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Places]
    }

    fn run(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let analysis = self.analyze(doc);
        doc.set_places(analysis.places);
        Vec::new()
    }
}
