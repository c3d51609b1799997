//! `sift ingest`: read reports, analyze them on every core, and store them
//! through a single writer, in batches that are each one transaction.
//!
//! Re-running is safe: a document whose id is stored is skipped before it is
//! analyzed, and a batch is committed whole or not at all, so a killed run
//! resumes exactly where its last commit left it.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, sync_channel};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use sift_core::{Doc, Dossier, DossierOptions, Pipeline};
use sift_ingest::{Document, Format, Rejection};
use sift_store::{SqliteStore, Store};

use crate::Outcome;
use crate::analyze::build_pipeline;
use crate::corpus::{Analyzed, BatchCounts, CorpusState};
use crate::corpus_cli::IngestConfig;

/// What happened to one input record.
enum Processed {
    Analyzed(Box<Analyzed>, Vec<Duration>),
    AlreadyStored,
    Rejected(Rejection),
}

/// What the writer thread did.
#[derive(Default)]
struct Written {
    counts: BatchCounts,
    duplicates: usize,
    write_time: Duration,
}

pub fn run(config: &IngestConfig) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let store = SqliteStore::open(&config.db)?;
    let known: Arc<HashSet<String>> = Arc::new(store.document_ids()?);
    let restore_started = Instant::now();
    let corpus = CorpusState::restore(&store)?;
    let restore_time = restore_started.elapsed();
    let pipeline = build_pipeline()?;
    let stage_names = pipeline.stage_names();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;

    let progress = progress_bar(config);
    let (sender, receiver) = sync_channel::<Vec<Analyzed>>(2);
    let writer = {
        let known = Arc::clone(&known);
        thread::Builder::new()
            .name("sift-writer".into())
            .spawn(move || write_all(store, corpus, receiver, &known))
            .context("cannot start the writer thread")?
    };

    let mut n_records = 0usize;
    let mut n_stored_before = 0usize;
    let mut rejections: Vec<Rejection> = Vec::new();
    let mut stage_time = vec![Duration::ZERO; stage_names.len()];
    let mut read_time = Duration::ZERO;
    let mut writer_gone = false;
    'inputs: for input in &config.inputs {
        let records = match sift_ingest::read_path(input, &config.read_options) {
            Ok(records) => records,
            Err(err) => {
                report(&progress, format!("rejected {}: {err}", input.display()));
                rejections.push(Rejection {
                    origin: sift_ingest::Origin {
                        path: input.clone(),
                        location: None,
                    },
                    reason: err.to_string(),
                });
                continue;
            }
        };
        let mut records = records.peekable();
        loop {
            let read_started = Instant::now();
            let batch: Vec<_> = records.by_ref().take(config.batch).collect();
            read_time += read_started.elapsed();
            if batch.is_empty() {
                break;
            }
            n_records += batch.len();
            let processed: Vec<Processed> = pool.install(|| {
                batch
                    .into_par_iter()
                    .map(|record| process(record, &pipeline, &known, config))
                    .collect()
            });
            let mut analyzed = Vec::with_capacity(processed.len());
            for item in processed {
                match item {
                    Processed::Analyzed(item, timings) => {
                        for (total, t) in stage_time.iter_mut().zip(timings) {
                            *total += t;
                        }
                        analyzed.push(*item);
                    }
                    Processed::AlreadyStored => n_stored_before += 1,
                    Processed::Rejected(rejection) => {
                        report(&progress, format!("rejected {rejection}"));
                        rejections.push(rejection);
                    }
                }
            }
            progress.inc(n_records as u64 - progress.position());
            progress.set_message(format!("{} rejected", rejections.len()));
            if !analyzed.is_empty() && sender.send(analyzed).is_err() {
                // The writer stopped on an error; joining it below reports it.
                writer_gone = true;
                break 'inputs;
            }
        }
    }
    drop(sender);
    let written = writer
        .join()
        .map_err(|_| anyhow::anyhow!("the writer thread panicked"))??;
    if writer_gone {
        anyhow::bail!("the writer stopped early");
    }
    progress.finish_and_clear();

    let elapsed = started.elapsed();
    let n_rejected = rejections.len();
    let duplicates = n_stored_before + written.duplicates;
    let counts = written.counts;
    eprintln!(
        "ingest: {} records read in {:.1} s ({:.0} records/s) into {}",
        n_records,
        elapsed.as_secs_f64(),
        n_records as f64 / elapsed.as_secs_f64().max(1e-9),
        config.db.display()
    );
    eprintln!(
        "  added {} documents ({:.0} docs/s), skipped {} duplicates, rejected {}",
        counts.documents,
        counts.documents as f64 / elapsed.as_secs_f64().max(1e-9),
        duplicates,
        n_rejected
    );
    eprintln!(
        "  {} of the new documents copy an earlier text (syndication groups)",
        counts.copies
    );
    eprintln!(
        "  found {} events, {} claims, {} places",
        counts.events, counts.claims, counts.places
    );
    if n_rejected > 0 {
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        for rejection in &rejections {
            *reasons.entry(reason_kind(&rejection.reason)).or_default() += 1;
        }
        eprintln!("  rejections by reason:");
        for (reason, n) in reasons {
            eprintln!("    {n:>6}  {reason}");
        }
    }
    let analysis: Duration = stage_time.iter().sum();
    if counts.documents > 0 {
        let split = stage_names
            .iter()
            .zip(&stage_time)
            .map(|(name, t)| {
                format!(
                    "{name} {:.0}%",
                    100.0 * t.as_secs_f64() / analysis.as_secs_f64().max(1e-9)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        eprintln!(
            "  time: read {:.1} s, analyze {:.1} s (CPU, all workers), write {:.1} s, restore {:.2} s",
            read_time.as_secs_f64(),
            analysis.as_secs_f64(),
            written.write_time.as_secs_f64(),
            restore_time.as_secs_f64()
        );
        eprintln!("  analysis by stage: {split}");
    }
    if let Some(bytes) = crate::bench::peak_rss_bytes() {
        eprintln!("  peak RSS {:.0} MB", bytes as f64 / 1e6);
    }
    Ok(if n_rejected > 0 {
        Outcome::SomeRejected(n_rejected)
    } else {
        Outcome::Clean
    })
}

/// Analyzes one record unless it is already stored.
fn process(
    record: Result<Document, Rejection>,
    pipeline: &Pipeline,
    known: &HashSet<String>,
    config: &IngestConfig,
) -> Processed {
    let Document {
        mut new_doc,
        origin,
    } = match record {
        Ok(document) => document,
        Err(rejection) => return Processed::Rejected(rejection),
    };
    if new_doc.published.is_none() {
        new_doc.published = config.default_date;
    }
    let mut doc = match Doc::new(new_doc) {
        Ok(doc) => doc,
        Err(err) => {
            return Processed::Rejected(Rejection {
                origin,
                reason: err.to_string(),
            });
        }
    };
    if known.contains(&doc.meta().id) {
        return Processed::AlreadyStored;
    }
    let mut timings = vec![Duration::ZERO; pipeline.stage_names().len()];
    pipeline.run_timed(&mut doc, &mut timings);
    let dossier = Dossier::from_doc(
        &doc,
        DossierOptions {
            include_text: true,
            include_tokens: false,
        },
    );
    Processed::Analyzed(
        Box::new(Analyzed::new(dossier, origin.to_string())),
        timings,
    )
}

/// The writer: assigns corpus keys, groups and clusters, and commits one
/// transaction per batch. Ids first seen in this run are remembered, so a
/// document given twice is stored once.
fn write_all(
    mut store: SqliteStore,
    mut corpus: CorpusState,
    batches: Receiver<Vec<Analyzed>>,
    known: &HashSet<String>,
) -> anyhow::Result<Written> {
    let mut written = Written::default();
    let mut seen_this_run: HashSet<String> = HashSet::new();
    for mut batch in batches {
        let before = batch.len();
        batch.retain(|item| {
            !known.contains(&item.dossier.id) && seen_this_run.insert(item.dossier.id.clone())
        });
        written.duplicates += before - batch.len();
        if batch.is_empty() {
            continue;
        }
        let started = Instant::now();
        let (rows, counts) = corpus.add_batch(batch, chrono::Utc::now());
        store
            .write_batch(&rows)
            .context("cannot write to the database")?;
        written.write_time += started.elapsed();
        written.counts.add(counts);
    }
    Ok(written)
}

/// A line on standard error above the bar. `ProgressBar::println` prints
/// nothing when the bar is hidden (`--quiet`, or stderr not a terminal), and
/// a rejection must never go unreported.
fn report(progress: &ProgressBar, line: String) {
    progress.suspend(|| eprintln!("{line}"));
}

/// A bar with an ETA when the number of records can be counted cheaply (txt,
/// JSONL and CSV files), else a spinner with the rate.
fn progress_bar(config: &IngestConfig) -> ProgressBar {
    if config.quiet {
        return ProgressBar::hidden();
    }
    let total = count_records(config);
    let bar = match total {
        Some(total) => ProgressBar::new(total).with_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} docs  {per_sec}  ETA {eta}  {msg}")
                .expect("a valid template"),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {pos} docs  {per_sec}  {elapsed}  {msg}")
                .expect("a valid template"),
        ),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}

/// Counts the records of line- and row-based files by reading them once,
/// which is fast next to analysis; other inputs are not counted.
fn count_records(config: &IngestConfig) -> Option<u64> {
    let countable = |path: &Path| {
        path.is_file()
            && matches!(
                config
                    .read_options
                    .format
                    .or_else(|| Format::from_extension(path)),
                Some(Format::Txt | Format::Jsonl | Format::Csv)
            )
    };
    if !config.inputs.iter().all(|p| countable(p)) {
        return None;
    }
    let options = sift_ingest::ReadOptions {
        detect_language: false,
        ..config.read_options.clone()
    };
    let mut total = 0u64;
    for input in &config.inputs {
        total += sift_ingest::read_path(input, &options).ok()?.count() as u64;
    }
    Some(total)
}

/// A rejection reason without the record-specific parts, for the summary.
fn reason_kind(reason: &str) -> String {
    let kind: String = reason
        .split([':', '('])
        .next()
        .unwrap_or(reason)
        .trim()
        .to_string();
    if kind.len() > 80 {
        kind.chars().take(80).collect()
    } else {
        kind
    }
}
