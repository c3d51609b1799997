//! Entity recognition throughput on one core, release build:
//! `cargo run --release -p sift-lang --example ner_speed [-- FILE]`
//! (default `../shared/data/fnc1/train_bodies.csv`, read as one text).
//!
//! Tokenizing and splitting are done first and not timed; the entity stage
//! alone is timed over the whole text, best of three runs.
use sift_core::{Doc, Headline, Stage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/fnc1/train_bodies.csv"
        )
        .into()
    });
    let text = std::fs::read_to_string(&path)?;
    let load_started = std::time::Instant::now();
    let recognizer = sift_lang::EntityRecognizer::embedded()?;
    let load = load_started.elapsed();
    let mut best = f64::INFINITY;
    let mut n_tokens = 0;
    let mut n_entities = 0;
    for _ in 0..3 {
        let mut doc = Doc::from_text(&text, Headline::None)?;
        sift_lang::TextBasics::new().run(&mut doc);
        n_tokens = doc.tokens().len();
        let started = std::time::Instant::now();
        recognizer.run(&mut doc);
        best = best.min(started.elapsed().as_secs_f64());
        n_entities = doc.entities().len();
    }
    println!(
        "load {:.1} ms; {} tokens, {} entities in {:.3} s: {:.0} tokens/s",
        load.as_secs_f64() * 1000.0,
        n_tokens,
        n_entities,
        best,
        n_tokens as f64 / best
    );
    Ok(())
}
