//! The claims gold set's dev split stays above the acceptance floors. The
//! held-out test split is measured with `sift eval claims ... --split test`.

use sift_core::Pipeline;

#[test]
fn dev_split_meets_the_acceptance_floors() {
    let gold = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/claims/claims.jsonl"
    ))
    .unwrap();
    let pipeline = Pipeline::new(vec![
        Box::new(sift_lang::TextBasics::new()),
        Box::new(sift_lang::Tagger::embedded().unwrap()),
        Box::new(sift_lang::Parser::embedded().unwrap()),
        Box::new(sift_lang::EntityRecognizer::embedded().unwrap()),
        Box::new(sift_claims::ClaimsStage::embedded().unwrap()),
    ])
    .unwrap();
    let report = sift_eval::eval_claims(&gold, &pipeline, Some("dev")).unwrap();
    assert!(report.n_claims >= 200, "{report}");
    assert!(report.certainty_macro_f1() >= 0.90, "{report}");
    assert!(report.attribution_accuracy() >= 0.90, "{report}");
}
