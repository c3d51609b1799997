//! The event stage: runs the coder over every sentence of a document.

/// Placeholder until the layer lands.
pub struct EventStage;
