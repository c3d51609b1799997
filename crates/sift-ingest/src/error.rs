use std::path::PathBuf;

/// A problem that stops reading before any record is produced.
///
/// Bad records are not errors: they come out of [`crate::Records`] as
/// [`crate::Rejection`]s and reading goes on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The path does not exist.
    #[error("{}: no such file or directory", .path.display())]
    NotFound {
        /// The path that was asked for.
        path: PathBuf,
    },
    /// A file could not be opened or its first bytes could not be read.
    #[error("{}: cannot read: {source}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A directory (the one given, or one inside it) could not be listed.
    #[error("{}: cannot read directory: {source}", .path.display())]
    ReadDir {
        /// The directory.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A directory holds no file that sift can read.
    #[error(
        "{}: no supported files in this directory (looked for {})",
        .path.display(),
        crate::options::SUPPORTED_EXTENSIONS_TEXT
    )]
    NoSupportedFiles {
        /// The directory.
        path: PathBuf,
    },
    /// A format name that is not one of `txt`, `jsonl`, `csv`, `html`,
    /// `feed` (also `rss`, `atom`), `warc`.
    #[error("unknown format \"{name}\"; expected one of txt, jsonl, csv, html, feed, warc")]
    UnknownFormat {
        /// The name as given.
        name: String,
    },
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, Error>;
