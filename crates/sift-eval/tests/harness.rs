//! The harnesses against real and fixture gold. Tests that need the shared
//! data follow `sift_eval::shared_data_dir`: they skip locally when it is
//! missing and fail under CI.
use std::path::Path;

/// Floors a little under the measured EWT dev scores (token F1 0.9936,
/// sentence F1 0.8793), so a regression fails while small tuning passes.
const DEV_TOKEN_F1_FLOOR: f64 = 0.990;
const DEV_WORD_F1_FLOOR: f64 = 0.985;
const DEV_SENTENCE_F1_FLOOR: f64 = 0.86;

#[test]
fn ewt_dev_scores_stay_above_their_floors() {
    let Some(data) = sift_eval::shared_data_dir() else {
        return;
    };
    let conllu = std::fs::read_to_string(data.join("ud/en_ewt-ud-dev.conllu")).unwrap();
    let eval = sift_eval::eval_conllu(&conllu).unwrap();
    println!("{eval}");
    assert_eq!(
        eval.sentences.n_gold, 2001,
        "the dev file should hold 2,001 sentences"
    );
    assert!(
        eval.tokens.f1() >= DEV_TOKEN_F1_FLOOR,
        "token F1 fell:\n{eval}"
    );
    assert!(
        eval.words.f1() >= DEV_WORD_F1_FLOOR,
        "word F1 fell:\n{eval}"
    );
    assert!(
        eval.sentences.f1() >= DEV_SENTENCE_F1_FLOOR,
        "sentence F1 fell:\n{eval}"
    );
}

#[test]
fn the_news_fixture_is_split_exactly() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/news-sentences.txt");
    let gold = std::fs::read_to_string(path).unwrap();
    let eval = sift_eval::eval_news_sentences(&gold).unwrap();
    assert_eq!(eval.n_documents, 2);
    assert_eq!(eval.n_headlines_exact, 2);
    assert_eq!((eval.datelines.n_system, eval.datelines.n_correct), (2, 2));
    assert_eq!(
        (eval.sentences.n_gold, eval.sentences.n_correct),
        (9, 9),
        "\n{eval}"
    );
    let report = eval.to_string();
    assert!(
        report
            .lines()
            .last()
            .unwrap()
            .starts_with("sentences P 1.0000 R 1.0000 F1 1.0000"),
        "{report}"
    );
}
