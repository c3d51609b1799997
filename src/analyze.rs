//! `sift analyze`: read reports, run the pipeline, print dossiers.

use std::io::{self, BufWriter, Write};

use anyhow::Context;
use rayon::prelude::*;
use sift_core::{Doc, Dossier, Pipeline};
use sift_ingest::{Document, Rejection};

use crate::Outcome;
use crate::cli::{AnalyzeConfig, Input, OutputFormat};
use crate::render;

/// Records are analyzed in batches of this many: large enough to keep every
/// core busy, small enough that output starts at once and memory stays flat.
const BATCH_SIZE: usize = 64;

/// The stages every analysis runs, in order (`sift_pipeline::standard`, shared
/// with the server).
///
/// Model weights are embedded in the binary; loading them is the only
/// failure here, and it means the build itself is broken.
pub fn build_pipeline() -> anyhow::Result<Pipeline> {
    Ok(sift_pipeline::standard()?)
}

/// Turns one ingested record into a document and analyzes it.
pub fn analyze_document(pipeline: &Pipeline, document: Document) -> Result<Doc, Rejection> {
    let Document { new_doc, origin } = document;
    let mut doc = Doc::new(new_doc).map_err(|err| Rejection {
        origin,
        reason: err.to_string(),
    })?;
    pipeline.run(&mut doc);
    Ok(doc)
}

pub fn run(config: &AnalyzeConfig) -> anyhow::Result<Outcome> {
    let pipeline = build_pipeline()?;
    let records = match &config.input {
        Input::Stdin => sift_ingest::read_stdin(&config.read_options)?,
        Input::Path(path) => sift_ingest::read_path(path, &config.read_options)?,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;

    let mut out = BufWriter::new(io::stdout().lock());
    let mut n_analyzed = 0usize;
    let mut n_rejected = 0usize;
    let mut records = records.peekable();
    while records.peek().is_some() {
        let batch: Vec<_> = records.by_ref().take(BATCH_SIZE).collect();
        let rendered: Vec<Result<String, Rejection>> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|record| {
                    let mut document = record?;
                    if config.published.is_some() {
                        document.new_doc.published = config.published;
                    }
                    if config.source.is_some() {
                        document.new_doc.source = config.source.clone();
                    }
                    let doc = analyze_document(&pipeline, document)?;
                    let dossier = Dossier::from_doc(&doc, config.dossier);
                    Ok(render_one(&dossier, config))
                })
                .collect()
        });
        for result in rendered {
            match result {
                Ok(text) => {
                    n_analyzed += 1;
                    if let Err(err) = out.write_all(text.as_bytes()) {
                        return stop_on_closed_pipe(err, n_rejected);
                    }
                }
                Err(rejection) => {
                    n_rejected += 1;
                    eprintln!("rejected {rejection}");
                }
            }
        }
    }
    if let Err(err) = out.flush() {
        return stop_on_closed_pipe(err, n_rejected);
    }
    if n_rejected > 0 || n_analyzed > 1 {
        eprintln!("analyzed {n_analyzed} documents, rejected {n_rejected}");
    }
    Ok(if n_rejected > 0 {
        Outcome::SomeRejected(n_rejected)
    } else {
        Outcome::Clean
    })
}

fn render_one(dossier: &Dossier, config: &AnalyzeConfig) -> String {
    match config.output {
        OutputFormat::Text => render::dossier_text(dossier),
        OutputFormat::Json => {
            let mut json = if config.pretty {
                serde_json::to_string_pretty(dossier)
            } else {
                serde_json::to_string(dossier)
            }
            .expect("a Dossier always serializes: it holds only strings, numbers and maps");
            json.push('\n');
            json
        }
    }
}

/// A reader that stops early (`sift analyze ... | head`) is not an error.
fn stop_on_closed_pipe(err: io::Error, n_rejected: usize) -> anyhow::Result<Outcome> {
    if err.kind() == io::ErrorKind::BrokenPipe {
        Ok(if n_rejected > 0 {
            Outcome::SomeRejected(n_rejected)
        } else {
            Outcome::Clean
        })
    } else {
        Err(err).context("cannot write to standard output")
    }
}
