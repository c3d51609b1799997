/// What can go wrong in this crate: only reading a malformed gazetteer or
/// table. Analysis itself never fails on input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The gazetteer file or a hand-kept table is malformed.
    #[error("malformed gazetteer data: {0}")]
    Format(String),
}

/// This crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
