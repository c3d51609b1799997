//! The full embedded pipeline up to dates, shared by the tests.
#![allow(dead_code)]

use std::sync::OnceLock;

use chrono::NaiveDate;
use sift_core::{Doc, Headline, NewDoc, Pipeline};

pub fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        Pipeline::new(vec![
            Box::new(sift_lang::TextBasics::new()),
            Box::new(sift_lang::Tagger::embedded().unwrap()),
            Box::new(sift_lang::Parser::embedded().unwrap()),
            Box::new(sift_lang::EntityRecognizer::embedded().unwrap()),
            Box::new(sift_time::DateStage::new()),
        ])
        .unwrap()
    })
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Analyzes `text` (all body, or a first-line headline) published on `published`.
pub fn analyze(text: &str, published: Option<&str>, headline: Headline) -> Doc {
    let mut doc = Doc::new(NewDoc {
        text: text.to_string(),
        headline,
        published: published.map(date),
        ..NewDoc::default()
    })
    .unwrap();
    pipeline().run(&mut doc);
    doc
}
