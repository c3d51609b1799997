//! `sift eval ...`: run a harness from `sift-eval` and print its report, the
//! headline metric on the last line.

use std::path::Path;

use anyhow::Context;

use crate::Outcome;

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
