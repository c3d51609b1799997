//! `sift export`: every stored event matching the filters, as GDELT TSV,
//! CSV, JSON Lines or Parquet, to a file or stdout.

use std::time::Instant;

use anyhow::Context;
use sift_export::ExportFormat;

use crate::Outcome;
use crate::corpus_cli::{ExportConfig, ExportTarget};
use crate::query_cmd::open_db;

pub fn run(config: &ExportConfig) -> anyhow::Result<Outcome> {
    let store = open_db(&config.db)?;
    let started = Instant::now();
    let (summary, written_to) = match &config.target {
        ExportTarget::Stdout => {
            let summary =
                sift_export::export(&store, &config.filter, config.format, std::io::stdout())?;
            (summary, "stdout".to_string())
        }
        ExportTarget::File(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            match sift_export::export(&store, &config.filter, config.format, file) {
                Ok(summary) => (summary, path.display().to_string()),
                Err(err) => {
                    // A half-written file would pass for a complete export.
                    let _ = std::fs::remove_file(path);
                    return Err(err)
                        .with_context(|| format!("export to {} failed", path.display()));
                }
            }
        }
    };
    for skipped in &summary.skipped {
        eprintln!(
            "export: left out event {} of document {}: {}",
            skipped.event_key, skipped.doc_id, skipped.reason
        );
    }
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "export: wrote {} events from {} documents as {} to {written_to} in {seconds:.1} s{}",
        summary.events,
        summary.documents,
        format_name(config.format),
        if summary.skipped.is_empty() {
            String::new()
        } else {
            format!("; left out {} with damaged dossiers", summary.skipped.len())
        }
    );
    Ok(if summary.skipped.is_empty() {
        Outcome::Clean
    } else {
        Outcome::SomeRejected(summary.skipped.len())
    })
}

fn format_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Gdelt => "GDELT 2.0 TSV",
        ExportFormat::Csv => "CSV",
        ExportFormat::Jsonl => "JSON Lines",
        ExportFormat::Parquet => "Parquet",
    }
}
