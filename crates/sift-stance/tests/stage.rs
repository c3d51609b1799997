//! The stance stage with the embedded model, on short fictional reports.

use sift_core::{Doc, Headline, Pipeline, StanceLabel};
use sift_stance::StanceModel;

fn analyze(text: &str, headline: Headline) -> Doc {
    let pipeline = Pipeline::new(vec![
        Box::new(sift_lang::TextBasics::new()),
        Box::new(sift_lang::Tagger::embedded().unwrap()),
        Box::new(StanceModel::embedded().unwrap()),
    ])
    .unwrap();
    let mut doc = Doc::from_text(text, headline).unwrap();
    pipeline.run(&mut doc);
    doc
}

#[test]
fn a_body_about_something_else_is_unrelated() {
    let doc = analyze(
        "Floods in the southern delta forced 20,000 people from their homes on Monday, \
         the regional governor said. Rescue boats reached three villages cut off by the water.",
        Headline::Given("Tech firm unveils a folding phone with a larger screen".into()),
    );
    let stance = doc.headline_stance().expect("the document has a headline");
    assert_eq!(stance.label, StanceLabel::Unrelated);
    assert!(stance.score >= 0.5 && stance.score <= 1.0);
}

#[test]
fn a_related_body_is_related_and_its_evidence_is_a_body_sentence() {
    let text = "Port workers strike in Valmora\n\n\
        Dock workers in Valmora walked off the job on Tuesday, halting cargo at the port. \
        The strike in Valmora was called by the dockers' union after pay talks failed. \
        Ships were waiting offshore.";
    let doc = analyze(text, Headline::FirstLine);
    let stance = doc.headline_stance().expect("the document has a headline");
    assert_ne!(stance.label, StanceLabel::Unrelated);
    let evidence = stance
        .evidence
        .expect("body sentences share the headline's words");
    let headline = doc.headline().unwrap();
    assert!(evidence.start() >= headline.end());
    assert!(doc.slice(evidence).contains("Valmora"));
}

#[test]
fn a_document_without_a_headline_has_no_stance() {
    let doc = analyze("Talks resumed in Geneva. Both sides met.", Headline::None);
    assert!(doc.layers().has(sift_core::LayerKind::HeadlineStance));
    assert_eq!(doc.headline_stance(), None);
}
