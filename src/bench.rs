//! `sift bench`: throughput and peak memory of the current pipeline on a corpus.
//!
//! Reading the corpus is not timed: the figures are for analysis alone. Each
//! pass must produce the same counts, so a benchmark that goes fast by doing
//! something different fails instead of reporting.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use rayon::prelude::*;
use sift_core::Doc;
use sift_ingest::Document;

use crate::Outcome;
use crate::analyze::build_pipeline;
use crate::cli::BenchConfig;

#[derive(Clone, Default, PartialEq, Eq, Debug)]
struct Counts {
    documents: usize,
    bytes: usize,
    sentences: usize,
    tokens: usize,
    entities: usize,
    events: usize,
    dates: usize,
    claims: usize,
    magnitudes: usize,
}

pub fn run(config: &BenchConfig) -> anyhow::Result<Outcome> {
    let pipeline = build_pipeline()?;
    let mut documents: Vec<Document> = Vec::new();
    let mut n_rejected = 0;
    for record in sift_ingest::read_path(&config.corpus, &config.read_options)? {
        match record {
            Ok(document) => documents.push(document),
            Err(rejection) => {
                n_rejected += 1;
                eprintln!("rejected {rejection}");
            }
        }
    }
    if documents.is_empty() {
        bail!("{}: no documents to benchmark", config.corpus.display());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .context("cannot start worker threads")?;

    println!(
        "corpus     {} ({} documents, {} rejected)",
        config.corpus.display(),
        documents.len(),
        n_rejected
    );
    println!("pipeline   {}", pipeline.stage_names().join(" → "));
    println!("threads    {}", config.threads);

    let n_stages = pipeline.stage_names().len();
    let mut timings = Vec::with_capacity(config.repeat);
    let mut stage_totals = vec![Duration::ZERO; n_stages + 1];
    let mut expected: Option<Counts> = None;
    for pass in 0..config.repeat {
        // Each pass consumes its own copy, made before the clock starts: a
        // real run moves documents through the pipeline and never copies them.
        let copies = documents.clone();
        let started = Instant::now();
        let (counts, stage_times) = pool.install(|| {
            copies
                .into_par_iter()
                .map(|document| {
                    // Slot 0 is making the Doc (id hash); then one per stage.
                    let mut times = vec![Duration::ZERO; n_stages + 1];
                    let started = Instant::now();
                    let Ok(mut doc) = Doc::new(document.new_doc) else {
                        return (Counts::default(), times);
                    };
                    times[0] = started.elapsed();
                    pipeline.run_timed(&mut doc, &mut times[1..]);
                    (counts_of(&doc), times)
                })
                .reduce(
                    || (Counts::default(), vec![Duration::ZERO; n_stages + 1]),
                    |(a, mut ta), (b, tb)| {
                        for (x, y) in ta.iter_mut().zip(tb) {
                            *x += y;
                        }
                        (add(a, b), ta)
                    },
                )
        });
        for (total, time) in stage_totals.iter_mut().zip(stage_times) {
            *total += time;
        }
        let elapsed = started.elapsed();
        match &expected {
            None => expected = Some(counts),
            Some(first) if *first != counts => {
                bail!(
                    "pass {} produced {counts:?}, but pass 1 produced {first:?}",
                    pass + 1
                )
            }
            Some(_) => {}
        }
        timings.push(elapsed);
    }
    let counts = expected.expect("at least one pass ran");
    timings.sort();
    let median = timings[timings.len() / 2];
    let best = timings[0];

    println!(
        "output     {} documents, {} sentences, {} tokens, {} entities, {} dates, {} events, {} claims, {} figures, {:.2} MB",
        counts.documents,
        counts.sentences,
        counts.tokens,
        counts.entities,
        counts.dates,
        counts.events,
        counts.claims,
        counts.magnitudes,
        counts.bytes as f64 / 1e6
    );
    // Per-stage figures are CPU time summed over threads and passes, so
    // they show each stage's own speed per core.
    let stage_labels = std::iter::once("doc").chain(pipeline.stage_names());
    let n_passes = config.repeat as f64;
    for (label, total) in stage_labels.zip(&stage_totals) {
        let seconds = total.as_secs_f64() / n_passes;
        println!(
            "stage      {label:<12} {:>8.1} ms  {:>12.0} tokens/s  {:>9.0} sentences/s per core",
            seconds * 1e3,
            counts.tokens as f64 / seconds.max(1e-9),
            counts.sentences as f64 / seconds.max(1e-9)
        );
    }
    println!(
        "passes     {} (median {:.1} ms, best {:.1} ms)",
        timings.len(),
        ms(median),
        ms(best)
    );
    let seconds = median.as_secs_f64();
    println!("documents/s  {:>12.0}", counts.documents as f64 / seconds);
    println!("MB/s         {:>12.1}", counts.bytes as f64 / 1e6 / seconds);
    println!("sentences/s  {:>12.0}", counts.sentences as f64 / seconds);
    println!("tokens/s     {:>12.0}", counts.tokens as f64 / seconds);
    match peak_rss_bytes() {
        Some(bytes) => println!("peak RSS     {:>9.1} MB", bytes as f64 / 1e6),
        None => println!("peak RSS     unknown on this platform"),
    }
    Ok(Outcome::Clean)
}

fn counts_of(doc: &Doc) -> Counts {
    Counts {
        documents: 1,
        bytes: doc.text().len(),
        sentences: doc.sentences().len(),
        tokens: doc.tokens().len(),
        entities: doc.entities().len(),
        events: doc.events().len(),
        dates: doc.dates().len(),
        claims: doc.claims().len(),
        magnitudes: doc.magnitudes().len(),
    }
}

fn add(a: Counts, b: Counts) -> Counts {
    Counts {
        documents: a.documents + b.documents,
        bytes: a.bytes + b.bytes,
        sentences: a.sentences + b.sentences,
        tokens: a.tokens + b.tokens,
        entities: a.entities + b.entities,
        events: a.events + b.events,
        dates: a.dates + b.dates,
        claims: a.claims + b.claims,
        magnitudes: a.magnitudes + b.magnitudes,
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// The process's high-water resident set, from `/proc/self/status` (Linux).
pub(crate) fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
