use serde::{Deserialize, Serialize};

use crate::Span;

/// How much a diagnostic matters to the reader of a dossier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; the output is complete.
    Info,
    /// Part of the input was unusual or was handled by a fallback.
    Warning,
}

/// Something a stage or reader noticed about the input: messy news is data,
/// not an error, so it is recorded rather than raised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How much it matters.
    pub severity: Severity,
    /// A stable machine-readable code, such as `lossy-utf8`.
    pub code: String,
    /// A lower-case human message with no trailing period.
    pub message: String,
    /// Where in the text it applies, when it applies somewhere.
    pub span: Option<Span>,
}

impl Diagnostic {
    /// A warning with no particular location.
    pub fn warning(code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            code: code.to_string(),
            message: message.into(),
            span: None,
        }
    }

    /// An informational note with no particular location.
    pub fn info(code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Info,
            code: code.to_string(),
            message: message.into(),
            span: None,
        }
    }

    /// The same diagnostic, pointing at `span`.
    pub fn at(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }
}
