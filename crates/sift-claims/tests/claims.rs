//! What an analyst relies on: each clause labelled with its certainty, the
//! words that decided it, and who holds it, through the real models.

use sift_claims::{AttributionKind, Certainty, ClaimsStage, claim_at};
use sift_core::{Doc, Headline, Pipeline};

fn pipeline() -> Pipeline {
    Pipeline::new(vec![
        Box::new(sift_lang::TextBasics::new()),
        Box::new(sift_lang::Tagger::embedded().unwrap()),
        Box::new(sift_lang::Parser::embedded().unwrap()),
        Box::new(sift_lang::EntityRecognizer::embedded().unwrap()),
        Box::new(ClaimsStage::embedded().unwrap()),
    ])
    .unwrap()
}

fn analyze(pipeline: &Pipeline, text: &str) -> Doc {
    let mut doc = Doc::from_text(text, Headline::None).unwrap();
    pipeline.run(&mut doc);
    doc
}

/// The certainty and holder kind of the claim containing `word`.
fn label_of(doc: &Doc, word: &str) -> (Certainty, AttributionKind) {
    let token = doc
        .tokens()
        .iter()
        .position(|t| doc.slice(t.span) == word)
        .unwrap_or_else(|| panic!("{word:?} is not a token"));
    let claim = &doc.claims()
        [claim_at(doc.claims(), token).unwrap_or_else(|| panic!("{word:?} is in no claim"))];
    (
        claim.certainty,
        claim
            .attribution
            .as_ref()
            .map_or(AttributionKind::None, |a| a.kind),
    )
}

#[test]
fn unconfirmed_sourcing_speculation_and_conditionals_are_told_apart() {
    let pipeline = pipeline();
    let doc = analyze(
        &pipeline,
        "The sources say they cannot confirm the nationalities of those killed. \
         Some analysts said the strike could be seen as revenge. \
         \"If it was not revenge, then it was a message,\" said one Western diplomat.",
    );
    assert_eq!(
        label_of(&doc, "confirm"),
        (Certainty::Hedged, AttributionKind::Anonymous)
    );
    assert_eq!(
        label_of(&doc, "seen"),
        (Certainty::Speculative, AttributionKind::Anonymous)
    );
    assert_eq!(
        label_of(&doc, "message"),
        (Certainty::Conditional, AttributionKind::OfficialUnnamed),
        "a quoted condition keeps its speaker"
    );
}

#[test]
fn a_hedge_in_a_subordinate_clause_does_not_hedge_the_main_clause() {
    let pipeline = pipeline();
    let doc = analyze(
        &pipeline,
        "Troops withdrew from the village after rebels reportedly attacked the checkpoint.",
    );
    assert_eq!(label_of(&doc, "withdrew").0, Certainty::Asserted);
    assert_eq!(label_of(&doc, "attacked").0, Certainty::Hedged);
}

#[test]
fn denials_name_their_holder_and_cue() {
    let pipeline = pipeline();
    let doc = analyze(
        &pipeline,
        "The defence ministry denied that any of its ships had fired on targets near Aleppo.",
    );
    let token = doc
        .tokens()
        .iter()
        .position(|t| doc.slice(t.span) == "fired")
        .unwrap();
    let claim = &doc.claims()[claim_at(doc.claims(), token).unwrap()];
    assert_eq!(claim.certainty, Certainty::Denied);
    let holder = claim.attribution.as_ref().unwrap();
    assert_eq!(holder.kind, AttributionKind::NamedOrganization);
    assert_eq!(doc.slice(holder.span), "The defence ministry");
    assert!(claim.cues.iter().any(|&cue| doc.slice(cue) == "denied"));
    assert!(
        !doc.slice(claim.span).contains("denied"),
        "the reporting frame is the attribution, not part of the claim"
    );
}

#[test]
fn a_pronoun_carries_the_holder_of_an_earlier_sentence() {
    let pipeline = pipeline();
    let doc = analyze(
        &pipeline,
        "Foreign Minister Ana Ruiz said the talks had stalled. \
         She added that a new round would begin in May.",
    );
    let token = doc
        .tokens()
        .iter()
        .position(|t| doc.slice(t.span) == "begin")
        .unwrap();
    let claim = &doc.claims()[claim_at(doc.claims(), token).unwrap()];
    assert_eq!(claim.certainty, Certainty::Predicted);
    let holder = claim.attribution.as_ref().unwrap();
    assert_eq!(holder.kind, AttributionKind::NamedPerson);
    assert!(doc.slice(holder.span).contains("Ana Ruiz"));
}

#[test]
fn every_claim_span_lies_in_its_sentence() {
    let pipeline = pipeline();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/warship.txt"
    ))
    .unwrap();
    let mut doc = Doc::from_text(&text, Headline::FirstLine).unwrap();
    pipeline.run(&mut doc);
    let analysis = doc.claim_analysis().unwrap();
    assert!(analysis.claims.len() >= 10);
    for claim in &analysis.claims {
        let sentence = &doc.sentences()[claim.sentence as usize];
        assert!(sentence.span.contains(claim.span));
        assert!(
            sentence
                .token_range()
                .contains(&(claim.first_token as usize))
        );
    }
    let check = analysis.headline_consistency.as_ref().unwrap();
    assert!(
        !check.consistent,
        "the headline puts the missiles on the convoy; the body on a bunker"
    );
    assert!(!analysis.source_reputation.rated);
    assert!(analysis.signals.anonymous.count >= 2);
}

#[test]
fn a_run_of_text_with_no_sentence_breaks_is_skipped_with_a_note() {
    let pipeline = pipeline();
    let text = "convoys moved north past the ridge and the checkpoint ".repeat(80);
    let doc = analyze(&pipeline, &text);
    assert!(doc.claims().is_empty());
    assert!(
        doc.diagnostics()
            .iter()
            .any(|d| d.code == "claims-long-sentence")
    );
}
