//! Parquet output: the CSV columns, typed (integers, floats, dates,
//! booleans, nullable strings), in row groups of [`ROWS_PER_BATCH`] events.

use std::io::Write;
use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float32Array, Float64Array, Int32Array, Int64Array,
    RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use chrono::NaiveDate;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::row::ExportRow;
use crate::{Error, Result};

/// Events buffered per Arrow batch (and so per row group at most).
pub const ROWS_PER_BATCH: usize = 8192;

type Column = fn(&[ExportRow]) -> ArrayRef;

fn text(values: impl Iterator<Item = Option<impl AsRef<str>>>) -> ArrayRef {
    Arc::new(StringArray::from_iter(values))
}

fn days(date: Option<NaiveDate>) -> Option<i32> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    date.and_then(|d| i32::try_from((d - epoch).num_days()).ok())
}

/// Name, type, nullable, and how to build the column from rows; in
/// `CSV_COLUMNS` order.
fn columns() -> Vec<(&'static str, DataType, bool, Column)> {
    use DataType::{Boolean, Date32, Float32, Float64, Int32, Int64, Utf8};
    vec![
        ("event_key", Int64, false, |r| {
            Arc::new(Int64Array::from_iter_values(r.iter().map(|r| r.event_key)))
        }),
        ("doc_id", Utf8, false, |r| {
            text(r.iter().map(|r| Some(&r.doc_id)))
        }),
        ("url", Utf8, true, |r| {
            text(r.iter().map(|r| r.url.as_ref()))
        }),
        ("source", Utf8, true, |r| {
            text(r.iter().map(|r| r.source.as_ref()))
        }),
        ("published", Date32, true, |r| {
            Arc::new(Date32Array::from_iter(r.iter().map(|r| days(r.published))))
        }),
        ("date", Date32, true, |r| {
            Arc::new(Date32Array::from_iter(r.iter().map(|r| days(r.date))))
        }),
        ("date_last", Date32, true, |r| {
            Arc::new(Date32Array::from_iter(r.iter().map(|r| days(r.date_last))))
        }),
        ("date_precision", Utf8, true, |r| {
            text(r.iter().map(|r| r.date_precision.as_ref()))
        }),
        ("date_rule", Utf8, true, |r| {
            text(r.iter().map(|r| r.date_rule.as_ref()))
        }),
        ("date_text", Utf8, true, |r| {
            text(r.iter().map(|r| r.date_text.as_ref()))
        }),
        ("source_code", Utf8, true, |r| {
            text(r.iter().map(|r| r.source_code.as_ref()))
        }),
        ("source_country", Utf8, true, |r| {
            text(r.iter().map(|r| r.source_country.as_ref()))
        }),
        ("source_text", Utf8, true, |r| {
            text(r.iter().map(|r| r.source_text.as_ref()))
        }),
        ("target_code", Utf8, true, |r| {
            text(r.iter().map(|r| r.target_code.as_ref()))
        }),
        ("target_country", Utf8, true, |r| {
            text(r.iter().map(|r| r.target_country.as_ref()))
        }),
        ("target_text", Utf8, true, |r| {
            text(r.iter().map(|r| r.target_text.as_ref()))
        }),
        ("cameo_code", Utf8, false, |r| {
            text(r.iter().map(|r| Some(&r.cameo_code)))
        }),
        ("cameo_label", Utf8, true, |r| {
            text(r.iter().map(|r| r.cameo_label.as_ref()))
        }),
        ("plover_type", Utf8, true, |r| {
            text(r.iter().map(|r| r.plover_type.as_ref()))
        }),
        ("plover_mode", Utf8, true, |r| {
            text(r.iter().map(|r| r.plover_mode.as_ref()))
        }),
        ("plover_context", Utf8, true, |r| {
            text(r.iter().map(|r| r.plover_context.as_ref()))
        }),
        ("goldstein", Float32, true, |r| {
            Arc::new(Float32Array::from_iter(r.iter().map(|r| r.goldstein)))
        }),
        ("quad_class", Int32, true, |r| {
            Arc::new(Int32Array::from_iter(
                r.iter().map(|r| r.quad_class.map(i32::from)),
            ))
        }),
        ("negated", Boolean, false, |r| {
            Arc::new(BooleanArray::from_iter(r.iter().map(|r| Some(r.negated))))
        }),
        ("nominal", Boolean, false, |r| {
            Arc::new(BooleanArray::from_iter(r.iter().map(|r| Some(r.nominal))))
        }),
        ("place_name", Utf8, true, |r| {
            text(r.iter().map(|r| r.place_name.as_ref()))
        }),
        ("geonameid", Int64, true, |r| {
            Arc::new(Int64Array::from_iter(
                r.iter().map(|r| r.geonameid.map(i64::from)),
            ))
        }),
        ("lat", Float64, true, |r| {
            Arc::new(Float64Array::from_iter(r.iter().map(|r| r.lat)))
        }),
        ("lon", Float64, true, |r| {
            Arc::new(Float64Array::from_iter(r.iter().map(|r| r.lon)))
        }),
        ("country_code", Utf8, true, |r| {
            text(r.iter().map(|r| r.country_code.as_ref()))
        }),
        ("place_text", Utf8, true, |r| {
            text(r.iter().map(|r| r.place_text.as_ref()))
        }),
        ("certainty", Utf8, true, |r| {
            text(r.iter().map(|r| r.certainty.as_ref()))
        }),
        ("holder", Utf8, true, |r| {
            text(r.iter().map(|r| r.holder.as_ref()))
        }),
        ("holder_kind", Utf8, true, |r| {
            text(r.iter().map(|r| r.holder_kind.as_ref()))
        }),
        ("holder_code", Utf8, true, |r| {
            text(r.iter().map(|r| r.holder_code.as_ref()))
        }),
        ("trigger", Utf8, false, |r| {
            text(r.iter().map(|r| Some(&r.trigger)))
        }),
        ("trigger_start", Int64, false, |r| {
            Arc::new(Int64Array::from_iter_values(
                r.iter().map(|r| r.trigger_start as i64),
            ))
        }),
        ("trigger_end", Int64, false, |r| {
            Arc::new(Int64Array::from_iter_values(
                r.iter().map(|r| r.trigger_end as i64),
            ))
        }),
        ("sentence", Int64, false, |r| {
            Arc::new(Int64Array::from_iter_values(
                r.iter().map(|r| i64::from(r.sentence)),
            ))
        }),
        ("sentence_text", Utf8, true, |r| {
            text(r.iter().map(|r| r.sentence_text.as_ref()))
        }),
        ("cluster", Int64, true, |r| {
            Arc::new(Int64Array::from_iter(r.iter().map(|r| r.cluster)))
        }),
        ("n_documents", Int64, false, |r| {
            Arc::new(Int64Array::from_iter_values(
                r.iter().map(|r| r.n_documents),
            ))
        }),
        ("independent_sources", Int64, false, |r| {
            Arc::new(Int64Array::from_iter_values(
                r.iter().map(|r| r.independent_sources),
            ))
        }),
        ("magnitudes", Utf8, true, |r| {
            text(r.iter().map(|r| r.magnitudes.as_ref()))
        }),
        ("cluster_magnitudes", Utf8, true, |r| {
            text(r.iter().map(|r| r.cluster_magnitudes.as_ref()))
        }),
        ("cluster_killed_conservative", Int64, true, |r| {
            Arc::new(Int64Array::from_iter(
                r.iter()
                    .map(|r| r.cluster_killed_conservative.map(|n| n as i64)),
            ))
        }),
        ("cluster_killed_low", Int64, true, |r| {
            Arc::new(Int64Array::from_iter(
                r.iter().map(|r| r.cluster_killed_low.map(|n| n as i64)),
            ))
        }),
        ("cluster_killed_high", Int64, true, |r| {
            Arc::new(Int64Array::from_iter(
                r.iter().map(|r| r.cluster_killed_high.map(|n| n as i64)),
            ))
        }),
    ]
}

/// Writes rows to a Parquet file, a batch at a time.
pub(crate) struct ParquetRows<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: SchemaRef,
    columns: Vec<Column>,
    pending: Vec<ExportRow>,
}

fn parquet_error(err: impl std::fmt::Display) -> Error {
    Error::Parquet(err.to_string())
}

impl<W: Write + Send> ParquetRows<W> {
    pub(crate) fn new(out: W) -> Result<ParquetRows<W>> {
        let columns = columns();
        let schema: SchemaRef = Arc::new(Schema::new(
            columns
                .iter()
                .map(|(name, data_type, nullable, _)| {
                    Field::new(*name, data_type.clone(), *nullable)
                })
                .collect::<Vec<_>>(),
        ));
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let writer =
            ArrowWriter::try_new(out, schema.clone(), Some(properties)).map_err(parquet_error)?;
        Ok(ParquetRows {
            writer,
            schema,
            columns: columns.into_iter().map(|(_, _, _, build)| build).collect(),
            pending: Vec::with_capacity(ROWS_PER_BATCH),
        })
    }

    pub(crate) fn write(&mut self, row: ExportRow) -> Result<()> {
        self.pending.push(row);
        if self.pending.len() >= ROWS_PER_BATCH {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn flush_batch(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let arrays = self
            .columns
            .iter()
            .map(|build| build(&self.pending))
            .collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(parquet_error)?;
        self.writer.write(&batch).map_err(parquet_error)?;
        self.pending.clear();
        Ok(())
    }

    pub(crate) fn finish(mut self) -> Result<()> {
        self.flush_batch()?;
        self.writer.close().map_err(parquet_error)?;
        Ok(())
    }
}

/// The Parquet column names, for checking them against the CSV header.
#[cfg(test)]
pub(crate) fn column_names() -> Vec<&'static str> {
    columns().into_iter().map(|(name, ..)| name).collect()
}
