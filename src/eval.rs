//! `sift eval ...`: run a harness from `sift-eval` and print its report, the
//! headline metric on the last line.

use std::path::Path;

use anyhow::Context;

use crate::Outcome;

pub fn tokens(file: &Path) -> anyhow::Result<Outcome> {
    let gold = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let gold = String::from_utf8_lossy(&gold);
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
