use crate::LayerKind;

/// Everything that can go wrong while building a pipeline or a document.
///
/// Messy input is not an error: stages report it as a [`crate::Diagnostic`].
/// These are programming or configuration mistakes that stop the run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A stage needs a layer that no earlier stage produces.
    #[error("stage `{stage}` requires the {layer:?} layer, but no earlier stage produces it")]
    MissingLayer {
        /// The stage that cannot run.
        stage: &'static str,
        /// The layer it is missing.
        layer: LayerKind,
    },
    /// Two stages claim to produce the same layer; layers are append-only.
    #[error(
        "stage `{stage}` produces the {layer:?} layer, which an earlier stage already produces"
    )]
    DuplicateLayer {
        /// The second producer.
        stage: &'static str,
        /// The layer produced twice.
        layer: LayerKind,
    },
    /// The document is larger than a span can address.
    #[error("document is {n_bytes} bytes; the limit is {limit} bytes")]
    DocumentTooLarge {
        /// Size of the rejected text.
        n_bytes: usize,
        /// The largest size a `Doc` accepts.
        limit: usize,
    },
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, Error>;
