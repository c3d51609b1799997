//! The coder alone, parse excluded: `cargo run --release -p sift-events --example bench_coder -- BODIES.csv`.
//! Parses every body once, then times three coding passes over all sentences.
use std::time::Instant;

use sift_core::{Doc, Headline, Pipeline};
use sift_events::{Coder, Context, Dictionaries, sentence_words};

fn main() {
    let path = std::env::args().nth(1).expect("a CSV of bodies");
    let text = std::fs::read_to_string(&path).expect("readable corpus");
    let pipeline = Pipeline::new(vec![
        Box::new(sift_lang::TextBasics::new()),
        Box::new(sift_lang::Tagger::embedded().unwrap()),
        Box::new(sift_lang::Parser::embedded().unwrap()),
        Box::new(sift_lang::EntityRecognizer::embedded().unwrap()),
        Box::new(sift_time::DateStage::new()),
        Box::new(sift_geo::PlaceResolver::embedded().unwrap()),
    ])
    .unwrap();
    let mut sentences = Vec::new();
    let mut docs = Vec::new();
    for chunk in text.split("\n\"").take(2000) {
        let mut doc = Doc::from_text(chunk, Headline::None).unwrap();
        pipeline.run(&mut doc);
        for sentence in doc.sentences() {
            sentences.push(sentence_words(&doc, sentence));
        }
        docs.push(doc);
    }
    let started = Instant::now();
    let coder = Coder::new(Dictionaries::embedded().unwrap());
    println!(
        "dictionaries loaded in {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let context = Context {
        date: chrono::NaiveDate::from_ymd_opt(2016, 1, 1),
        nominal_events: true,
        ..Context::default()
    };
    let stage = sift_events::EventStage::new(
        Coder::new(Dictionaries::embedded().unwrap()),
        Some(Box::new(sift_events::Codebook)),
    );
    for pass in 0..2 {
        let copies: Vec<Doc> = docs.clone();
        let started = Instant::now();
        let mut events = 0;
        for mut doc in copies {
            sift_core::Stage::run(&stage, &mut doc);
            events += doc.events().len();
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "stage pass {pass}: {} sentences, {events} events, {:.0} sentences/s",
            sentences.len(),
            sentences.len() as f64 / seconds
        );
    }
    for pass in 0..3 {
        let started = Instant::now();
        let mut events = 0;
        for words in &sentences {
            events += coder.code(words, &context).events.len();
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "pass {pass}: {} sentences, {events} events, {:.0} sentences/s",
            sentences.len(),
            sentences.len() as f64 / seconds
        );
    }
}
