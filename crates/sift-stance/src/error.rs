use thiserror::Error;

/// Everything that can go wrong in sift-stance.
#[derive(Debug, Error)]
pub enum Error {
    /// A stance model's bytes are not a model this build can read.
    #[error("stance model: {0}")]
    Model(String),
    /// An FNC-1 CSV file has a bad header or row; `line` is 1-based.
    #[error("{file} line {line}: {message}")]
    Csv {
        /// Which file: `bodies` or `stances`.
        file: &'static str,
        /// The 1-based line where the bad record starts.
        line: u64,
        /// What is wrong and what was expected.
        message: String,
    },
    /// Training data that cannot train anything (too few pairs of a class...).
    #[error("training data: {0}")]
    Data(String),
}

/// `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
