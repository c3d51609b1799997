//! Wiring of the event coder: the embedded stage and `sift eval petrarch`.

use std::path::Path;

use anyhow::Context;
use sift_core::{Doc, Headline, Pipeline};
use sift_events::{Coder, Dictionaries, DictionaryFiles, suite};

use crate::Outcome;
use crate::cli::ParseSource;

pub fn petrarch(
    file: &Path,
    parse: ParseSource,
    dictionaries: Option<&Path>,
) -> anyhow::Result<Outcome> {
    let xml = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let xml = String::from_utf8_lossy(&xml);
    let records = suite::read_suite(&file.display().to_string(), &xml)?;
    if parse == ParseSource::Gold && records.iter().all(|record| record.parse.is_none()) {
        anyhow::bail!(
            "{} has no dependency parses (the original suite carries constituency parses, which sift does not read); run it with --parse ours",
            file.display()
        );
    }
    let dir = match dictionaries {
        Some(dir) => dir.to_path_buf(),
        None => file.parent().unwrap_or(Path::new(".")).to_path_buf(),
    };
    let dictionaries =
        Dictionaries::from_files(&DictionaryFiles::validation(&dir)).with_context(|| {
            format!(
                "cannot load the suite's dictionaries from {}",
                dir.display()
            )
        })?;
    for warning in &dictionaries.warnings {
        eprintln!("warning: {warning}");
    }
    let unknown = dictionaries.unknown_codes();
    if let Some(first) = unknown.first() {
        // The test suites use made-up codes on purpose; one line says so.
        eprintln!(
            "note: {} patterns use codes outside the CAMEO codebook (first: {first}); they are coded as written",
            unknown.len()
        );
    }
    let coder = Coder::new(dictionaries);
    let language = match parse {
        ParseSource::Gold => None,
        ParseSource::Ours => Some(language_pipeline()?),
    };
    let mut score = suite::SuiteScore::default();
    let mut skipped = 0usize;
    for record in &records {
        let sentences = match &language {
            None => match &record.parse {
                Some(parse) => vec![parse.clone()],
                None => {
                    skipped += 1;
                    Vec::new()
                }
            },
            Some(pipeline) => {
                let mut doc = Doc::from_text(&record.text, Headline::None)?;
                pipeline.run(&mut doc);
                doc.sentences()
                    .iter()
                    .map(|sentence| sift_events::sentence_words(&doc, sentence))
                    .collect()
            }
        };
        let produced = sift_events::code_record(&coder, record, &sentences);
        score.add(record, &produced);
    }
    print_report(&score, parse, skipped);
    Ok(Outcome::Clean)
}

fn language_pipeline() -> anyhow::Result<Pipeline> {
    let tagger = sift_lang::Tagger::embedded().context("cannot load the embedded tagger")?;
    let parser = sift_lang::Parser::embedded().context("cannot load the embedded parser")?;
    Pipeline::new(vec![
        Box::new(sift_lang::TextBasics::new()),
        Box::new(tagger),
        Box::new(parser),
    ])
    .context("the language pipeline is inconsistent")
}

fn format_triples(triples: &[suite::Triple]) -> String {
    triples
        .iter()
        .map(|(source, target, code)| format!("{source}-{target}-{code}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_report(score: &suite::SuiteScore, parse: ParseSource, skipped: usize) {
    let mode = match parse {
        ParseSource::Gold => "gold parses",
        ParseSource::Ours => "our parses from the raw text",
    };
    println!(
        "PETRARCH unit suite, {mode}: {} records",
        score.outcomes.len()
    );
    if skipped > 0 {
        println!("{skipped} records have no parse and were coded as empty");
    }
    println!();
    println!("failing records:");
    for outcome in score.outcomes.iter().filter(|outcome| !outcome.correct) {
        let mut parts = Vec::new();
        if !outcome.missing.is_empty() {
            parts.push(format!("missing {}", format_triples(&outcome.missing)));
        }
        if !outcome.extra.is_empty() {
            parts.push(format!("extra {}", format_triples(&outcome.extra)));
        }
        if let Some(note) = &outcome.note {
            parts.push(note.clone());
        }
        println!("  {:<18} {}", outcome.id, parts.join("; "));
    }
    println!();
    println!(
        "{:<12} {:>8} {:>8} {:>8}",
        "category", "records", "correct", "share"
    );
    for (category, (correct, total)) in score.by_category() {
        println!(
            "{:<12} {:>8} {:>8} {:>7.1}%",
            category,
            total,
            correct,
            100.0 * correct as f64 / total.max(1) as f64
        );
    }
    println!();
    println!("{:<12} {:>8} {:>8}", "expects", "records", "correct");
    for (expects, (correct, total)) in score.by_expectation() {
        println!("{expects:<12} {total:>8} {correct:>8}");
    }
    let (precision, recall, f1) = score.triple_prf();
    println!();
    println!(
        "triples: precision {precision:.4} recall {recall:.4} F1 {f1:.4} ({} correct, {} produced, {} expected)",
        score.triples_correct, score.triples_produced, score.triples_expected
    );
    println!(
        "records fully correct: {}/{} = {:.4}",
        score.correct(),
        score.outcomes.len(),
        score.correct() as f64 / score.outcomes.len().max(1) as f64
    );
}
