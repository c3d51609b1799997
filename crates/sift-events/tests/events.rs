//! End-to-end checks of the event coder: dictionaries from files and from the
//! embedded bundle, the PETRARCH suite, and the stage over our own parse.

use sift_core::{Doc, Headline, NewDoc, Pipeline};
use sift_events::{
    Coder, Dictionaries, DictionaryFiles, EventStage, LoadError, code_record, suite,
};

fn language_pipeline(events: EventStage) -> Pipeline {
    Pipeline::new(vec![
        Box::new(sift_lang::TextBasics::new()),
        Box::new(sift_lang::Tagger::embedded().unwrap()),
        Box::new(sift_lang::Parser::embedded().unwrap()),
        Box::new(sift_lang::EntityRecognizer::embedded().unwrap()),
        Box::new(sift_time::DateStage::new()),
        Box::new(sift_geo::PlaceResolver::embedded().unwrap()),
        Box::new(sift_claims::ClaimsStage::embedded().unwrap()),
        Box::new(events),
    ])
    .unwrap()
}

fn analyze(text: &str, date: &str) -> Doc {
    let stage = EventStage::new(Coder::new(Dictionaries::embedded().unwrap()), None);
    let pipeline = language_pipeline(stage);
    let mut doc = Doc::new(NewDoc {
        text: text.to_string(),
        headline: Headline::None,
        published: chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
        ..NewDoc::default()
    })
    .unwrap();
    pipeline.run(&mut doc);
    doc
}

#[test]
fn embedded_phoenix_dictionaries_load_with_the_full_vocabulary() {
    let dictionaries = Dictionaries::embedded().unwrap();
    assert!(
        dictionaries.actors.len() > 10_000,
        "{} actors",
        dictionaries.actors.len()
    );
    assert!(dictionaries.agents.len() > 500);
    let patterns: usize = dictionaries.patterns_by_block.iter().map(Vec::len).sum();
    assert!(patterns > 4_000, "{patterns} patterns");
}

#[test]
fn warship_fires_on_a_base_codes_a_russian_military_source() {
    let doc = analyze(
        "A Russian warship fired three cruise missiles at a rebel base near Aleppo on Tuesday.",
        "2016-09-22",
    );
    let event = doc
        .events()
        .iter()
        .find(|event| doc.slice(event.trigger) == "fired")
        .expect("an event on 'fired'");
    let source = event.source.as_ref().expect("a source");
    assert_eq!(source.code.as_deref(), Some("RUSMIL"));
    assert_eq!(doc.slice(source.span), "A Russian warship");
    assert!(event.cameo.code.starts_with("19"), "{:?}", event.cameo);
    assert!(
        event.rule.location.starts_with("CAMEO.2.0.txt:"),
        "{:?}",
        event.rule
    );
    assert!(!event.negated);
}

#[test]
fn negation_passive_and_compound_subjects() {
    let negated = analyze("Russia did not attack Turkey.", "2016-01-01");
    assert!(
        negated.events().iter().all(|event| event.negated),
        "{:?}",
        negated.events()
    );
    assert!(!negated.events().is_empty());

    let passive = analyze("Turkey was attacked by Russia.", "2016-01-01");
    let event = &passive.events()[0];
    assert_eq!(event.source.as_ref().unwrap().code.as_deref(), Some("RUS"));
    assert_eq!(event.target.as_ref().unwrap().code.as_deref(), Some("TUR"));

    let compound = analyze("France and Germany condemned Iran.", "2016-01-01");
    let sources: Vec<_> = compound
        .events()
        .iter()
        .filter_map(|event| event.source.as_ref()?.code.clone())
        .collect();
    assert!(
        sources.contains(&"FRA".to_string()) && sources.contains(&"DEU".to_string()),
        "{sources:?}"
    );
}

#[test]
fn date_bounded_codes_follow_the_publication_date() {
    let early = analyze("Vladimir Putin criticized Georgia.", "1999-01-01");
    let late = analyze("Vladimir Putin criticized Georgia.", "2015-01-01");
    let code = |doc: &Doc| doc.events()[0].source.as_ref().unwrap().code.clone();
    assert_eq!(code(&early).as_deref(), Some("RUSELI"));
    assert_eq!(code(&late).as_deref(), Some("RUSGOV"));
}

#[test]
fn a_missing_dictionary_file_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let error = Dictionaries::from_files(&DictionaryFiles::validation(dir.path())).unwrap_err();
    assert!(matches!(error, LoadError::Read { .. }));
    assert!(error.to_string().contains("PETR.Validate"), "{error}");
}

#[test]
fn unit_suite_with_gold_parses_stays_above_its_floor() {
    let Some(data) = sift_eval::shared_data_dir() else {
        return;
    };
    let dir = data.join("petrarch/suite-ud");
    let xml = std::fs::read_to_string(dir.join("PETR.UnitTest.records.xml")).unwrap();
    let records = suite::read_suite("suite", &xml).unwrap();
    assert_eq!(records.len(), 284);
    let coder = Coder::new(Dictionaries::from_files(&DictionaryFiles::validation(&dir)).unwrap());
    let mut score = suite::SuiteScore::default();
    for record in &records {
        let produced = code_record(
            &coder,
            record,
            &record.parse.iter().cloned().collect::<Vec<_>>(),
        );
        score.add(record, &produced);
    }
    let share = score.correct() as f64 / records.len() as f64;
    assert!(share >= 0.68, "records fully correct fell to {share:.3}");
}
