//! The embedded model on the held-out FNC-1 bodies (needs ../shared/data).

use sift_stance::{EvalOptions, StanceModel, evaluate_stance, read_fnc_bodies, read_fnc_stances};

#[test]
fn the_embedded_model_scores_above_the_fnc_baseline_on_held_out_bodies() {
    let Some(data) = sift_eval::shared_data_dir() else {
        return;
    };
    let bodies =
        read_fnc_bodies(&std::fs::read(data.join("fnc1/train_bodies.csv")).unwrap()).unwrap();
    let pairs =
        read_fnc_stances(&std::fs::read(data.join("fnc1/train_stances.partial.csv")).unwrap())
            .unwrap();
    let model = StanceModel::embedded().unwrap();
    let tagger = sift_lang::Tagger::embedded().unwrap();
    let eval = evaluate_stance(&model, &tagger, &bodies, &pairs, EvalOptions::default()).unwrap();
    // Training bodies are left out, and what remains is the held-out fifth.
    assert!(eval.n_pairs_skipped > 0);
    let scored = eval.confusion.total() as usize;
    assert_eq!(scored + eval.n_pairs_skipped, pairs.len());
    assert!(scored >= pairs.len() / 10, "{scored} pairs held out");
    // The official FNC-1 baseline scored 0.7957 (on the competition test set).
    let score = eval.confusion.fnc_score();
    assert!(score >= 0.85, "FNC score {score:.4}\n{eval}");
}
