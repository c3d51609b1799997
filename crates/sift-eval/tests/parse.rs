//! The embedded parser against EWT dev, with gold tokens and the embedded
//! tagger's tags. Follows `sift_eval::shared_data_dir`: skips locally when
//! the data is missing and fails under CI.

/// Floors a little under the measured EWT dev scores with the embedded
/// tagger (UAS 84.2, LAS 80.5, punctuation included), so that a regression
/// fails while small tuning passes.
const DEV_UAS_FLOOR: f64 = 0.835;
const DEV_LAS_FLOOR: f64 = 0.795;

#[test]
fn ewt_dev_attachment_scores_stay_above_their_floors() {
    let Some(data) = sift_eval::shared_data_dir() else {
        return;
    };
    let conllu = std::fs::read_to_string(data.join("ud/en_ewt-ud-dev.conllu")).unwrap();
    let tagger = sift_lang::Tagger::embedded().unwrap();
    let parser = sift_lang::Parser::embedded().unwrap();
    let eval = sift_eval::eval_parse(&conllu, &tagger, &parser).unwrap();
    println!("{eval}");
    assert_eq!(
        eval.n_sentences, 2001,
        "the dev file should hold 2,001 sentences"
    );
    assert!(eval.uas() >= DEV_UAS_FLOOR, "UAS fell:\n{eval}");
    assert!(eval.las() >= DEV_LAS_FLOOR, "LAS fell:\n{eval}");
    assert!(
        eval.to_string().lines().last().unwrap().starts_with("LAS "),
        "the headline metric is printed last"
    );
}
