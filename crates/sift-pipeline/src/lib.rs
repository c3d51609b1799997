//! The standard analysis pipeline: every stage sift runs on a report, in
//! order, built from the models and dictionaries embedded in the library
//! crates.
//!
//! It lives in its own crate so that everything that analyzes (the `sift`
//! binary's `analyze`, `ingest` and `bench`, and the `sift-server` API)
//! analyzes the same way without depending on each other.
//!
//! Key items: [`standard`] builds the [`Pipeline`]; [`event_stage`] builds
//! the event coder over the embedded Phoenix + CAMEO.2.0 dictionaries.
//!
//! **Boundary:** no IO; it only loads what is compiled in. A failure here
//! means the build itself is broken.
#![deny(missing_docs)]

use sift_core::Pipeline;
use sift_events::{Coder, Dictionaries, EventStage};

/// What can go wrong while assembling the pipeline.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An embedded model or dictionary did not load.
    #[error("cannot load the embedded {what}: {message}")]
    Load {
        /// Which resource.
        what: &'static str,
        /// Why.
        message: String,
    },
    /// The stages do not fit together (a stage requires a layer no earlier
    /// stage produces).
    #[error("the analysis pipeline is inconsistent: {0}")]
    Inconsistent(String),
}

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

fn load<T, E: std::fmt::Display>(
    what: &'static str,
    result: std::result::Result<T, E>,
) -> Result<T> {
    result.map_err(|err| Error::Load {
        what,
        message: err.to_string(),
    })
}

/// The stages every analysis runs, in order: text basics, tagger, parser,
/// entities, dates, places, claims, events, magnitudes, stance. Later issues
/// add theirs here.
///
/// # Errors
/// When an embedded resource fails to load (a broken build).
pub fn standard() -> Result<Pipeline> {
    let tagger = load("tagger", sift_lang::Tagger::embedded())?;
    let parser = load("parser", sift_lang::Parser::embedded())?;
    let recognizer = load("entity recognizer", sift_lang::EntityRecognizer::embedded())?;
    let events = event_stage()?;
    let stance = load("stance model", sift_stance::StanceModel::embedded())?;
    let places = load("gazetteer", sift_geo::PlaceResolver::embedded())?;
    let claims = load(
        "source-reputation list",
        sift_claims::ClaimsStage::embedded(),
    )?;
    Pipeline::new(vec![
        Box::new(sift_lang::TextBasics::new()),
        Box::new(tagger),
        Box::new(parser),
        Box::new(recognizer),
        Box::new(sift_time::DateStage::new()),
        Box::new(places),
        Box::new(claims),
        Box::new(events),
        Box::new(sift_magnitudes::MagnitudeStage::new()),
        Box::new(stance),
    ])
    .map_err(|err| Error::Inconsistent(err.to_string()))
}

/// The event stage over the embedded Phoenix + CAMEO.2.0 dictionaries.
///
/// # Errors
/// When the embedded dictionaries fail to load.
pub fn event_stage() -> Result<EventStage> {
    let dictionaries = load("event dictionaries", Dictionaries::embedded())?;
    Ok(EventStage::new(
        Coder::new(dictionaries),
        Some(Box::new(sift_events::Codebook)),
    ))
}

#[cfg(test)]
mod tests {
    use sift_core::{Doc, Dossier, DossierOptions, Headline};

    #[test]
    fn the_standard_pipeline_codes_an_event_with_its_place() {
        let pipeline = super::standard().unwrap();
        let mut doc = Doc::from_text(
            "Russian warplanes bombed an aid convoy near Aleppo on Tuesday.",
            Headline::None,
        )
        .unwrap();
        pipeline.run(&mut doc);
        let dossier = Dossier::from_doc(&doc, DossierOptions::default());
        let event = dossier.events.first().expect("one event");
        assert!(event.cameo.code.starts_with("19") || event.cameo.code.starts_with("18"));
        assert_eq!(
            event.place.as_ref().map(|p| p.name.as_str()),
            Some("Aleppo")
        );
    }
}
