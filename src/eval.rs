//! `sift eval ...`: run a harness from `sift-eval` and print its report, the
//! headline metric on the last line.

use std::fmt::Display;
use std::path::Path;

use anyhow::Context;

use crate::Outcome;
use crate::analyze::build_pipeline;

pub fn tokens(file: &Path) -> anyhow::Result<Outcome> {
    let gold = read_gold(file)?;
    let is_conllu = file.extension().is_some_and(|ext| ext == "conllu")
        || gold
            .lines()
            .find(|line| !line.is_empty())
            .is_some_and(|line| line.starts_with("# sent_id") || line.starts_with("# newdoc"));
    if is_conllu {
        let report = sift_eval::eval_conllu(&gold)
            .with_context(|| format!("{} is not valid CoNLL-U", file.display()))?;
        println!("{report}");
    } else {
        let report = sift_eval::eval_news_sentences(&gold)
            .with_context(|| format!("{} is not a sift news gold file", file.display()))?;
        println!("{report}");
    }
    Ok(Outcome::Clean)
}

fn read_gold(file: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub fn claims(file: &Path, split: Option<&str>, show_errors: bool) -> anyhow::Result<Outcome> {
    sentence_gold(
        file,
        split,
        show_errors,
        "claims",
        sift_eval::eval_claims,
        |report| &report.errors,
    )
}

pub fn magnitudes(file: &Path, split: Option<&str>, show_errors: bool) -> anyhow::Result<Outcome> {
    sentence_gold(
        file,
        split,
        show_errors,
        "magnitudes",
        sift_eval::eval_magnitudes,
        |report| &report.errors,
    )
}

/// A sentence-level gold set (`what`: claims, magnitudes) scored through the
/// whole pipeline; the wrong answers first when asked for.
fn sentence_gold<R: Display>(
    file: &Path,
    split: Option<&str>,
    show_errors: bool,
    what: &str,
    score: impl FnOnce(&str, &sift_core::Pipeline, Option<&str>) -> sift_eval::Result<R>,
    errors: impl FnOnce(&R) -> &Vec<String>,
) -> anyhow::Result<Outcome> {
    if let Some(split) = split
        && !matches!(split, "dev" | "test")
    {
        anyhow::bail!("--split {split:?} is not a split; use dev or test");
    }
    let gold = read_gold(file)?;
    let pipeline = build_pipeline()?;
    let report = score(&gold, &pipeline, split)
        .with_context(|| format!("{} is not a {what} gold file", file.display()))?;
    if show_errors {
        for line in errors(&report) {
            println!("{line}");
        }
        println!();
    }
    println!("{report}");
    Ok(Outcome::Clean)
}

pub fn pos(file: &Path) -> anyhow::Result<Outcome> {
    let tagger = sift_lang::Tagger::embedded().context("cannot load the embedded tagger")?;
    let report = sift_eval::eval_pos(&read_gold(file)?, &tagger)
        .with_context(|| format!("{} is not valid CoNLL-U", file.display()))?;
    println!("{report}");
    Ok(Outcome::Clean)
}

pub fn parse(file: &Path) -> anyhow::Result<Outcome> {
    let tagger = sift_lang::Tagger::embedded().context("cannot load the embedded tagger")?;
    let parser = sift_lang::Parser::embedded().context("cannot load the embedded parser")?;
    let report = sift_eval::eval_parse(&read_gold(file)?, &tagger, &parser)
        .with_context(|| format!("{} is not valid CoNLL-U", file.display()))?;
    println!("{report}");
    Ok(Outcome::Clean)
}

pub fn ner(file: &Path) -> anyhow::Result<Outcome> {
    let recognizer = sift_lang::EntityRecognizer::embedded()
        .context("cannot load the embedded entity recognizer")?;
    let report = sift_eval::eval_ner(&read_gold(file)?, &recognizer)
        .with_context(|| format!("{} is not a UNER IOB2 file", file.display()))?;
    println!("{report}");
    Ok(Outcome::Clean)
}

pub fn geo(file: &Path, spans: crate::cli::GeoSpansArg) -> anyhow::Result<Outcome> {
    let rss_before = peak_rss_mb();
    let started = std::time::Instant::now();
    let resolver =
        sift_geo::PlaceResolver::embedded().context("cannot load the embedded gazetteer")?;
    let load_time = started.elapsed();
    let rss_after = peak_rss_mb();
    let articles = sift_eval::read_geo_xml(&read_gold(file)?)
        .with_context(|| format!("{} is not LGL / TR-News XML", file.display()))?;
    let (spans, pipeline) = match spans {
        crate::cli::GeoSpansArg::Gold => (
            sift_eval::GeoSpans::Gold,
            sift_core::Pipeline::new(vec![Box::new(sift_lang::TextBasics::new())])?,
        ),
        crate::cli::GeoSpansArg::Ours => {
            let tagger =
                sift_lang::Tagger::embedded().context("cannot load the embedded tagger")?;
            let parser =
                sift_lang::Parser::embedded().context("cannot load the embedded parser")?;
            let recognizer = sift_lang::EntityRecognizer::embedded()
                .context("cannot load the embedded entity recognizer")?;
            (
                sift_eval::GeoSpans::Ours,
                sift_core::Pipeline::new(vec![
                    Box::new(sift_lang::TextBasics::new()),
                    Box::new(tagger),
                    Box::new(parser),
                    Box::new(recognizer),
                ])?,
            )
        }
    };
    let make_doc = |text: &str| {
        let mut doc =
            sift_core::Doc::from_text(text, sift_core::Headline::None).unwrap_or_else(|_| {
                sift_core::Doc::from_text("", sift_core::Headline::None)
                    .expect("empty text is a document")
            });
        pipeline.run(&mut doc);
        doc
    };
    let report = sift_eval::eval_geo(&articles, spans, &resolver, &make_doc);
    let gazetteer = resolver.gazetteer();
    println!(
        "gazetteer        {} places, {} name keys; loaded in {} ms; peak RSS {} MB before, {} MB after loading",
        gazetteer.places().len(),
        gazetteer.n_keys(),
        load_time.as_millis(),
        rss_before.map_or("?".into(), |mb| mb.to_string()),
        rss_after.map_or("?".into(), |mb| mb.to_string()),
    );
    println!("{report}");
    Ok(Outcome::Clean)
}

/// The process's peak resident set size in MB (Linux), for reports.
pub fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

pub fn syndication(
    bodies_file: &Path,
    seed: u64,
    min_jaccard: Option<f64>,
    min_containment: Option<f64>,
) -> anyhow::Result<Outcome> {
    let bodies = sift_stance::read_fnc_bodies(
        &std::fs::read(bodies_file)
            .with_context(|| format!("cannot read {}", bodies_file.display()))?,
    )
    .with_context(|| format!("{} is not an FNC-1 bodies CSV", bodies_file.display()))?;
    let texts: Vec<&str> = bodies.iter().map(|b| b.text.as_str()).collect();
    let defaults = sift_corpus::SyndicationConfig::default();
    let config = sift_corpus::SyndicationConfig {
        min_jaccard: min_jaccard.unwrap_or(defaults.min_jaccard),
        min_containment: min_containment.unwrap_or(defaults.min_containment),
        ..defaults
    };
    println!(
        "thresholds: Jaccard >= {}, containment >= {} (shorter text >= {} shingles)",
        config.min_jaccard, config.min_containment, config.min_shingles_for_containment
    );
    println!("{}", sift_eval::eval_syndication(&texts, config, seed));
    Ok(Outcome::Clean)
}
