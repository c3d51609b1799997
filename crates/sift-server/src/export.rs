//! `GET /api/export`: every event that matches the filters, written by
//! `sift-export` on the blocking pool and streamed to the client in chunks
//! as it is written.

use std::collections::HashMap;
use std::io::Write;

use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sift_export::ExportFormat;
use tokio::sync::mpsc;

use crate::AppState;
use crate::api::query;
use crate::error::ApiError;
use crate::params::ListParams;

/// The formats the API streams (Parquet is a file format, not a stream: use
/// `sift export`).
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Format {
    Csv,
    Jsonl,
    Gdelt,
}

#[derive(Deserialize)]
pub(crate) struct ExportParams {
    format: Format,
    #[serde(flatten)]
    filters: HashMap<String, String>,
}

/// Bytes collected before a chunk goes to the client.
const CHUNK: usize = 64 * 1024;

pub(crate) async fn export(
    State(state): State<AppState>,
    params: Result<Query<ExportParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let ExportParams { format, filters } = query(params)?;
    // The listings' filters, checked the same way; an export is not paged.
    let filter_params: ListParams = serde_json::from_value(serde_json::json!(filters))
        .map_err(|err| ApiError::bad_request(format!("bad export filter: {err}")))?;
    if filter_params.limit.is_some() || filter_params.offset.is_some() {
        return Err(ApiError::bad_request(
            "an export is not paged: it streams every event that matches",
        ));
    }
    let filter = filter_params.filter()?;
    let (content_type, extension, export_format) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv", ExportFormat::Csv),
        Format::Jsonl => ("application/x-ndjson", "jsonl", ExportFormat::Jsonl),
        Format::Gdelt => (
            "text/tab-separated-values; charset=utf-8",
            "tsv",
            ExportFormat::Gdelt,
        ),
    };
    let (sender, receiver) = mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let errors = sender.clone();
    let pool = state.pool.clone();
    tokio::spawn(async move {
        let written = pool
            .run(move |store| {
                let out = ChannelWriter {
                    sender,
                    buffer: Vec::with_capacity(CHUNK),
                };
                sift_export::export(store, &filter, export_format, out)
                    .map(|_| ())
                    .map_err(|err| match err {
                        sift_export::Error::Store(err) => ApiError::from(err),
                        other => ApiError::internal(other),
                    })
            })
            .await;
        if let Err(err) = written {
            // The head is sent already: the client sees the body cut short.
            tracing::error!("export failed: {}", err.message);
            let _ = errors.send(Err(std::io::Error::other(err.message))).await;
        }
    });
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    });
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"sift-events.{extension}\""),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// Hands full chunks to the response body. When the client goes away, the
/// next send fails and the export stops.
struct ChannelWriter {
    sender: mpsc::Sender<Result<Bytes, std::io::Error>>,
    buffer: Vec<u8>,
}

impl ChannelWriter {
    fn send_buffer(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK),
        ));
        self.sender.blocking_send(Ok(chunk)).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away")
        })
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.send_buffer()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send_buffer()
    }
}

impl Drop for ChannelWriter {
    fn drop(&mut self) {
        let _ = self.send_buffer();
    }
}
