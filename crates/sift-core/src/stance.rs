//! The headline-body stance layer: how a report's body relates to its own
//! headline, in the four classes of the Fake News Challenge (FNC-1).

use serde::{Deserialize, Serialize};

use crate::Span;

/// How a body relates to a headline (FNC-1 labels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StanceLabel {
    /// The body says the headline's claim is true.
    Agree,
    /// The body says the headline's claim is false.
    Disagree,
    /// The body is about the claim without taking a side.
    Discuss,
    /// The body is about something else.
    Unrelated,
}

impl StanceLabel {
    /// Every label, in id order.
    pub const ALL: [StanceLabel; 4] = [
        StanceLabel::Agree,
        StanceLabel::Disagree,
        StanceLabel::Discuss,
        StanceLabel::Unrelated,
    ];

    /// The label as FNC-1 writes it (`agree`, `disagree`, `discuss`, `unrelated`).
    pub fn as_str(self) -> &'static str {
        match self {
            StanceLabel::Agree => "agree",
            StanceLabel::Disagree => "disagree",
            StanceLabel::Discuss => "discuss",
            StanceLabel::Unrelated => "unrelated",
        }
    }

    /// The label with this FNC-1 name; case and surrounding spaces are ignored.
    pub fn from_name(name: &str) -> Option<StanceLabel> {
        let name = name.trim();
        StanceLabel::ALL
            .into_iter()
            .find(|label| label.as_str().eq_ignore_ascii_case(name))
    }

    /// Its position in [`StanceLabel::ALL`], for dense model outputs.
    pub fn id(self) -> usize {
        self as usize
    }

    /// True for every label but `unrelated`.
    pub fn is_related(self) -> bool {
        self != StanceLabel::Unrelated
    }
}

/// The stance of a document's body towards its headline.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeadlineStance {
    /// The most probable label.
    pub label: StanceLabel,
    /// The model's probability for that label, in `0..=1`.
    pub score: f32,
    /// The body sentence closest to the headline (highest TF-IDF cosine), the
    /// one a reader should check first; `None` when no body sentence shares a
    /// content word with the headline.
    pub evidence: Option<Span>,
}
