//! The write side: `POST /api/ingest`, which exists only when the server is
//! given a [`WriteAccess`], and then answers only requests that carry its
//! bearer token.

use std::sync::Arc;

use axum::http::{HeaderMap, header};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sift_core::{Headline, NewDoc};
use subtle::ConstantTimeEq;

use crate::error::ApiError;

/// Analyzes records and stores them, the way `sift ingest` does. The `sift`
/// binary implements it with its ingest writer; the server only calls it,
/// on the blocking pool, one request at a time.
pub trait Ingest: Send + Sync {
    /// Analyzes the documents and writes them in one batch. Documents
    /// already stored are skipped and counted as duplicates; a document
    /// that cannot be analyzed is reported by its position.
    ///
    /// # Errors
    /// When the database cannot be written: nothing of the batch is stored.
    fn ingest(&self, documents: Vec<NewDoc>) -> anyhow::Result<IngestReport>;
}

/// The token and the writer that make the server writable.
#[derive(Clone)]
pub struct WriteAccess {
    token: Arc<[u8]>,
    ingest: Arc<dyn Ingest>,
}

impl WriteAccess {
    /// Write access for requests carrying `token`.
    ///
    /// # Errors
    /// When the token is shorter than 16 bytes: a guessable token is no
    /// protection.
    pub fn new(token: &str, ingest: Arc<dyn Ingest>) -> anyhow::Result<WriteAccess> {
        if token.len() < 16 {
            anyhow::bail!("the write token must be at least 16 characters long");
        }
        Ok(WriteAccess {
            token: token.as_bytes().into(),
            ingest,
        })
    }

    /// Whether the request's `Authorization: Bearer` header carries the
    /// token. The comparison takes the same time wherever the first
    /// difference is.
    pub(crate) fn authorize(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim);
        match given {
            Some(given) if bool::from(given.as_bytes().ct_eq(&self.token)) => Ok(()),
            Some(_) => Err(unauthorized("the bearer token is wrong")),
            None => Err(unauthorized(
                "POST /api/ingest needs an Authorization: Bearer <token> header",
            )),
        }
    }

    pub(crate) fn ingest(&self) -> Arc<dyn Ingest> {
        Arc::clone(&self.ingest)
    }
}

fn unauthorized(message: &str) -> ApiError {
    ApiError {
        status: axum::http::StatusCode::UNAUTHORIZED,
        message: message.to_string(),
    }
}

/// One report to analyze, as the API takes it (`POST /api/analyze`, and an
/// element of the `POST /api/ingest` array).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestRecord {
    /// The body (or, without `headline`, the whole text).
    pub text: String,
    /// The headline, given apart from the text.
    #[serde(default)]
    pub headline: Option<String>,
    /// Publication date, `YYYY-MM-DD`: the anchor for relative dates.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// The outlet, as a domain or a name.
    #[serde(default)]
    pub source: Option<String>,
    /// The page it came from.
    #[serde(default)]
    pub url: Option<String>,
}

impl IngestRecord {
    /// The document to analyze, or why there is none.
    pub(crate) fn into_new_doc(self) -> Result<NewDoc, String> {
        if self.text.trim().is_empty() {
            return Err("the text is empty".to_string());
        }
        let headline = match self.headline {
            Some(headline) if !headline.trim().is_empty() => Headline::Given(headline),
            _ => Headline::None,
        };
        Ok(NewDoc {
            text: self.text,
            headline,
            url: self.url.filter(|u| !u.trim().is_empty()),
            source: self.source.filter(|s| !s.trim().is_empty()),
            published: self.date,
            ..NewDoc::default()
        })
    }
}

/// What one ingest request did.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct IngestReport {
    /// Documents stored.
    pub added: usize,
    /// Documents skipped because they were already stored.
    pub duplicates: usize,
    /// Events found in the stored documents.
    pub events: usize,
    /// Claims found in the stored documents.
    pub claims: usize,
    /// Records that were not stored, and why.
    pub rejected: Vec<RejectedRecord>,
}

/// A record of the request that was not stored.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct RejectedRecord {
    /// Its position in the request's array, from 0.
    pub record: usize,
    /// Why.
    pub reason: String,
}
