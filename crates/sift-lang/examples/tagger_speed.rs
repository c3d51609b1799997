//! Measures the tagger on one core: tokens per second over the FNC-1 news
//! bodies (tagging only: tokenizing and sentence splitting happen before the
//! clock starts), load time, and dev accuracy with the most common errors.
//!
//! `cargo run --release -p sift-lang --example tagger_speed [SHARED_DATA_DIR] [MODEL] [SPLIT]`
//!
//! With MODEL (a path, or `embedded`), that model file is measured instead
//! of the embedded one; SPLIT is `dev` (the default) or `test`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use sift_lang::Tagger;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let data = args.next().map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")),
        PathBuf::from,
    );
    let started = Instant::now();
    let tagger = match args.next() {
        Some(path) if path != "embedded" => Tagger::from_bytes(&std::fs::read(path)?)?,
        _ => Tagger::embedded()?,
    };
    let split = args
        .next()
        .map_or("dev".to_string(), |s| s.to_string_lossy().into_owned());
    println!("load: {:.1} ms", started.elapsed().as_secs_f64() * 1e3);

    let dev = sift_lang::read_conllu(&std::fs::read_to_string(
        data.join(format!("ud/en_ewt-ud-{split}.conllu")),
    )?)?;
    let mut confusions: HashMap<(String, String), usize> = HashMap::new();
    let (mut n_words, mut n_correct, mut n_xpos, mut n_lemma) = (0, 0, 0, 0);
    for sentence in &dev {
        let words: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
        for (gold, tag) in sentence.words.iter().zip(tagger.tag_words(&words)) {
            n_words += 1;
            n_xpos += usize::from(tag.xpos.as_str() == gold.xpos);
            n_lemma += usize::from(tag.lemma.resolve(&gold.form) == gold.lemma);
            if tag.upos.as_str() == gold.upos {
                n_correct += 1;
            } else {
                *confusions
                    .entry((gold.upos.clone(), tag.upos.as_str().to_string()))
                    .or_default() += 1;
            }
        }
    }
    let mut confusions: Vec<_> = confusions.into_iter().collect();
    confusions.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((gold, system), count) in confusions.iter().take(12) {
        println!("  gold {gold:<6} tagged {system:<6} {count}");
    }
    let share = |n: usize| n as f64 / n_words as f64;
    println!(
        "{split}: {n_words} words, lemma {:.4}, XPOS {:.4}, UPOS {:.4}",
        share(n_lemma),
        share(n_xpos),
        share(n_correct)
    );

    // The throughput corpus: the news bodies, tokenized and split first.
    let csv = std::fs::read_to_string(data.join("fnc1/train_bodies.csv"))?;
    let tokens = sift_lang::tokenize(&csv);
    let sentences = sift_lang::split_sentences(&csv, &tokens, None);
    let sentence_words: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| {
            tokens[s.token_range()]
                .iter()
                .map(|t| &csv[t.span.start()..t.span.end()])
                .collect()
        })
        .collect();
    // Both wall time and this thread's CPU time: on a shared machine the
    // CPU time is the honest per-core figure.
    let mut best = (f64::MAX, f64::MAX);
    let mut n_tagged = 0;
    for _ in 0..3 {
        let started = Instant::now();
        let cpu_started = thread_cpu_seconds();
        n_tagged = 0;
        for words in &sentence_words {
            n_tagged += tagger.tag_words(words).len();
        }
        best.0 = best.0.min(started.elapsed().as_secs_f64());
        best.1 = best.1.min(thread_cpu_seconds() - cpu_started);
    }
    println!(
        "speed: {n_tagged} tokens in {:.3} s wall = {:.0} tokens/s; {:.3} s CPU = {:.0} tokens/s",
        best.0,
        n_tagged as f64 / best.0,
        best.1,
        n_tagged as f64 / best.1
    );
    Ok(())
}

/// This thread's time on a CPU, from Linux's scheduler statistics (NaN
/// elsewhere).
fn thread_cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|stat| stat.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e9)
}
