//! Errors of the store.

use std::path::PathBuf;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database file cannot be opened or created.
    #[error("cannot open the database {path}: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// The database was written by a newer sift.
    #[error(
        "the database is at schema version {found}, newer than this sift knows ({known}); use a newer sift"
    )]
    NewerSchema {
        /// The version in the file.
        found: u32,
        /// The newest version this build knows.
        known: u32,
    },
    /// A full-text query that SQLite's FTS5 cannot read.
    #[error("bad text query {query:?}: {message}")]
    BadTextQuery {
        /// The query as given.
        query: String,
        /// SQLite's complaint.
        message: String,
    },
    /// A stored dossier or summary that is not valid JSON.
    #[error("stored JSON for {what} is damaged: {source}")]
    Json {
        /// Which row.
        what: String,
        /// Why.
        source: serde_json::Error,
    },
    /// Any other database error.
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
}

/// The store's result type.
pub type Result<T> = std::result::Result<T, Error>;
