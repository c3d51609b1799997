//! Exports of a sift corpus: every stored event that matches a filter, as
//! GDELT 2.0 Events TSV, CSV, JSON Lines or Parquet.
//!
//! Exports map from the stored dossiers (the source of truth) and the
//! stored cluster counts; they recompute nothing: no analysis, no
//! geocoding, no clustering. `docs/export.md` documents every column and
//! the GDELT mapping.
//!
//! The API, for the CLI and the server alike:
//!
//! ```text
//! export<W: Write + Send>(store: &dyn Store, filter: &Filter, format: ExportFormat, out: W)
//!     -> Result<ExportSummary>
//! for_each_row(store: &dyn Store, filter: &Filter, visit: &mut dyn FnMut(ExportRow) -> Result<()>)
//!     -> Result<ExportSummary>
//! RowWriter::new(format, out)?; writer.write(row)?; writer.finish()?;   // row at a time
//! ```
//!
//! `export` streams: rows are written as the store yields them (Parquet
//! buffers one batch of 8192), so an HTTP handler can pass a writer that
//! feeds the response body from a blocking task. Events whose dossier is
//! damaged are skipped and listed in [`ExportSummary::skipped`]; the export
//! goes on.
//!
//! Key types: [`ExportFormat`], [`ExportRow`] (one event, the CSV/JSONL/Parquet
//! columns), [`RowWriter`], [`ExportSummary`].
//!
//! **Boundary:** reads the [`Store`] and writes bytes to a `Write`; never
//! opens files, never analyzes text, never speaks SQL or HTTP.
#![deny(missing_docs)]

mod codes;
mod error;
mod gdelt;
#[cfg(feature = "parquet")]
mod parquet_out;
mod row;

use std::io::Write;

use sift_store::{Filter, Store};

pub use codes::{ActorCodeParts, split_actor_code};
pub use error::{Error, Result};
pub use gdelt::{GDELT_COLUMNS, gdelt_fields};
pub use row::{CSV_COLUMNS, ExportRow};

use row::{StoredDossier, export_row};

/// The export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// GDELT 2.0 Events: 61 tab-separated fields, no header.
    Gdelt,
    /// CSV with a header row ([`CSV_COLUMNS`]).
    Csv,
    /// One JSON object per event per line, keyed as the CSV header.
    Jsonl,
    /// Parquet with the CSV columns, typed (needs the `parquet` feature).
    Parquet,
}

impl ExportFormat {
    /// Binary formats cannot go to a terminal or be read as text.
    pub fn is_binary(self) -> bool {
        self == ExportFormat::Parquet
    }

    /// Whether this build can write the format.
    pub fn is_available(self) -> bool {
        self != ExportFormat::Parquet || cfg!(feature = "parquet")
    }
}

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Events written.
    pub events: u64,
    /// Distinct documents they came from.
    pub documents: u64,
    /// Events left out because their stored dossier is damaged.
    pub skipped: Vec<SkippedEvent>,
}

/// An event an export left out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedEvent {
    /// The stored event key.
    pub event_key: i64,
    /// Its document's id.
    pub doc_id: String,
    /// Why (lower-case, no trailing period).
    pub reason: String,
}

/// Writes every event matching `filter` to `out` in `format`.
///
/// # Errors
/// When the store cannot be read or `out` cannot be written, or for
/// [`ExportFormat::Parquet`] in a build without the `parquet` feature.
pub fn export<W: Write + Send>(
    store: &dyn Store,
    filter: &Filter,
    format: ExportFormat,
    out: W,
) -> Result<ExportSummary> {
    let mut writer = RowWriter::new(format, out)?;
    let summary = for_each_row(store, filter, &mut |row| writer.write(row))?;
    writer.finish()?;
    Ok(summary)
}

/// Maps every event matching `filter` to an [`ExportRow`], in document
/// then event key order, and hands it to `visit`.
///
/// # Errors
/// When the store cannot be read, or the first error `visit` returns.
pub fn for_each_row(
    store: &dyn Store,
    filter: &Filter,
    visit: &mut dyn FnMut(ExportRow) -> Result<()>,
) -> Result<ExportSummary> {
    let mut summary = ExportSummary::default();
    // Events arrive grouped by document: each dossier is parsed once.
    let mut current: Option<(i64, std::result::Result<StoredDossier, String>)> = None;
    let mut failure: Option<Error> = None;
    let walked = store.for_each_event_for_export(filter, &mut |event, context| {
        if current
            .as_ref()
            .is_none_or(|(key, _)| *key != event.doc_key)
        {
            current = Some((event.doc_key, StoredDossier::parse(context.dossier_json)));
            summary.documents += 1;
        }
        let Some((_, dossier)) = &current else {
            return Ok(());
        };
        let row = dossier
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|dossier| export_row(event, context, dossier));
        match row {
            Ok(row) => match visit(row) {
                Ok(()) => summary.events += 1,
                Err(err) => {
                    failure = Some(err);
                    // Stops the store's walk; the real error is `failure`.
                    return Err(sift_store::Error::Json {
                        what: "the export".into(),
                        source: serde::de::Error::custom("stopped by the writer"),
                    });
                }
            },
            Err(reason) => summary.skipped.push(SkippedEvent {
                event_key: event.key,
                doc_id: event.doc_id.clone(),
                reason,
            }),
        }
        Ok(())
    });
    if let Some(err) = failure {
        return Err(err);
    }
    walked?;
    Ok(summary)
}

/// Writes export rows one at a time in one format.
pub struct RowWriter<W: Write + Send> {
    sink: Sink<W>,
}

enum Sink<W: Write + Send> {
    Gdelt(std::io::BufWriter<W>),
    Csv(Box<csv::Writer<W>>),
    Jsonl(std::io::BufWriter<W>),
    #[cfg(feature = "parquet")]
    Parquet(Box<parquet_out::ParquetRows<W>>),
}

impl<W: Write + Send> RowWriter<W> {
    /// A writer of `format` into `out`; CSV writes its header at once, so
    /// an empty export still has one.
    ///
    /// # Errors
    /// [`Error::ParquetDisabled`] for Parquet in a build without the
    /// feature; a write error for the CSV header.
    pub fn new(format: ExportFormat, out: W) -> Result<RowWriter<W>> {
        let sink = match format {
            ExportFormat::Gdelt => Sink::Gdelt(std::io::BufWriter::new(out)),
            ExportFormat::Jsonl => Sink::Jsonl(std::io::BufWriter::new(out)),
            ExportFormat::Csv => {
                let mut writer = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(out);
                writer.write_record(CSV_COLUMNS)?;
                Sink::Csv(Box::new(writer))
            }
            #[cfg(feature = "parquet")]
            ExportFormat::Parquet => Sink::Parquet(Box::new(parquet_out::ParquetRows::new(out)?)),
            #[cfg(not(feature = "parquet"))]
            ExportFormat::Parquet => return Err(Error::ParquetDisabled),
        };
        Ok(RowWriter { sink })
    }

    /// Writes one row.
    ///
    /// # Errors
    /// When the output cannot be written.
    pub fn write(&mut self, row: ExportRow) -> Result<()> {
        match &mut self.sink {
            Sink::Gdelt(out) => gdelt::write_line(out, &row)?,
            Sink::Csv(out) => out.serialize(&row)?,
            Sink::Jsonl(out) => {
                serde_json::to_writer(&mut *out, &row)?;
                out.write_all(b"\n")?;
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet(out) => out.write(row)?,
        }
        Ok(())
    }

    /// Flushes what is buffered and, for Parquet, writes the file footer.
    ///
    /// # Errors
    /// When the output cannot be written.
    pub fn finish(self) -> Result<()> {
        match self.sink {
            Sink::Gdelt(mut out) | Sink::Jsonl(mut out) => out.flush()?,
            Sink::Csv(mut out) => out.flush()?,
            #[cfg(feature = "parquet")]
            Sink::Parquet(out) => out.finish()?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gdelt_layout_has_61_columns_and_the_header_is_the_row_fields_in_order() {
        assert_eq!(GDELT_COLUMNS.len(), 61);
        // csv names the columns after the struct's fields, in their order.
        let mut with_names = csv::Writer::from_writer(Vec::new());
        with_names.serialize(sample_row()).unwrap();
        let bytes = with_names.into_inner().unwrap();
        let names = String::from_utf8(bytes).unwrap();
        assert_eq!(names.lines().next().unwrap(), CSV_COLUMNS.join(","));
        #[cfg(feature = "parquet")]
        assert_eq!(parquet_out::column_names(), CSV_COLUMNS);
    }

    #[test]
    fn csv_rows_follow_the_header_order() {
        let mut writer = RowWriter::new(ExportFormat::Csv, Vec::new()).unwrap();
        writer.write(sample_row()).unwrap();
        let Sink::Csv(csv) = writer.sink else {
            unreachable!()
        };
        let bytes = csv.into_inner().unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let header = reader.headers().unwrap().clone();
        assert_eq!(header.iter().collect::<Vec<_>>(), CSV_COLUMNS);
        let record = reader.records().next().unwrap().unwrap();
        let value = |name: &str| {
            let idx = CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
            record.get(idx).unwrap().to_string()
        };
        assert_eq!(value("event_key"), "7");
        assert_eq!(value("cameo_code"), "195");
        assert_eq!(value("goldstein"), "-10.0");
        assert_eq!(value("independent_sources"), "3");
        assert_eq!(value("url"), "");
    }

    #[test]
    fn parquet_is_refused_by_name_when_built_without_it() {
        let made = RowWriter::new(ExportFormat::Parquet, Vec::new());
        assert_eq!(made.is_ok(), cfg!(feature = "parquet"));
        assert_eq!(
            ExportFormat::Parquet.is_available(),
            cfg!(feature = "parquet")
        );
        if let Err(err) = made {
            assert!(err.to_string().contains("feature `parquet`"));
        }
    }

    fn sample_row() -> ExportRow {
        ExportRow {
            event_key: 7,
            doc_id: "d1".into(),
            url: None,
            source: Some("wire.example".into()),
            published: None,
            date: None,
            date_last: None,
            date_precision: None,
            date_rule: None,
            date_text: None,
            source_code: Some("RUSMIL".into()),
            source_country: Some("RUS".into()),
            source_text: Some("Russian warplanes".into()),
            target_code: None,
            target_country: None,
            target_text: None,
            cameo_code: "195".into(),
            cameo_label: None,
            plover_type: None,
            plover_mode: None,
            plover_context: None,
            goldstein: Some(-10.0),
            quad_class: Some(4),
            negated: false,
            nominal: false,
            place_name: None,
            geonameid: None,
            lat: None,
            lon: None,
            country_code: None,
            place_text: None,
            certainty: None,
            holder: None,
            holder_kind: None,
            holder_code: None,
            trigger: "bombed".into(),
            trigger_start: 0,
            trigger_end: 6,
            sentence: 1,
            sentence_text: None,
            cluster: Some(2),
            n_documents: 4,
            independent_sources: 3,
            magnitudes: Some(r#"[{"kind":"killed","low":12,"high":null}]"#.into()),
            cluster_magnitudes: None,
            cluster_killed_conservative: Some(12),
            cluster_killed_low: Some(12),
            cluster_killed_high: Some(40),
            gdelt: Default::default(),
        }
    }
}
