/// Everything that stops an evaluation: the gold data is malformed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A line of the gold file does not follow its format.
    #[error("line {line}: {message}")]
    Format {
        /// One-based line number in the gold text.
        line: usize,
        /// What is wrong, lower-case with no trailing period.
        message: String,
    },
    /// A gold document could not become a `Doc`.
    #[error("document `{name}`: {source}")]
    Doc {
        /// The document's name in the gold file.
        name: String,
        /// Why `Doc` refused it.
        source: sift_core::Error,
    },
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, Error>;
