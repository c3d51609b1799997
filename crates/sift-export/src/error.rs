//! The one error type of the export crate.

/// What can stop an export.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store could not be read.
    #[error(transparent)]
    Store(#[from] sift_store::Error),
    /// The output could not be written.
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed.
    #[error("cannot write the CSV export: {0}")]
    Csv(#[from] csv::Error),
    /// A row could not be serialized as JSON.
    #[error("cannot write the JSON Lines export: {0}")]
    Json(#[from] serde_json::Error),
    /// Parquet output was asked of a build without it.
    #[error(
        "this sift was built without Parquet support; rebuild with the cargo feature `parquet` (on by default)"
    )]
    ParquetDisabled,
    /// The Parquet writer failed.
    #[error("cannot write the Parquet export: {0}")]
    Parquet(String),
}

/// The export crate's result.
pub type Result<T> = std::result::Result<T, Error>;
