//! The magnitudes layer: how many people a report says were killed,
//! injured, arrested, displaced, or took part, with the evidence for the
//! figure, the words that decided what it counts, and the event it belongs to.

use serde::{Deserialize, Serialize};

use crate::Span;

/// What a figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MagnitudeKind {
    /// People killed or dead (killed, died, dead, death toll, bodies).
    Killed,
    /// People wounded, injured or hurt.
    Injured,
    /// People arrested, detained or held.
    Arrested,
    /// People displaced, who fled, or were evacuated.
    Displaced,
    /// People taking part: protesters, marchers, troops deployed.
    Participants,
}

impl MagnitudeKind {
    /// Every kind, in declaration order.
    pub const ALL: [MagnitudeKind; 5] = [
        MagnitudeKind::Killed,
        MagnitudeKind::Injured,
        MagnitudeKind::Arrested,
        MagnitudeKind::Displaced,
        MagnitudeKind::Participants,
    ];

    /// Its name in the dossier (`killed`, `injured`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            MagnitudeKind::Killed => "killed",
            MagnitudeKind::Injured => "injured",
            MagnitudeKind::Arrested => "arrested",
            MagnitudeKind::Displaced => "displaced",
            MagnitudeKind::Participants => "participants",
        }
    }

    /// The kind with this dossier name.
    pub fn from_name(name: &str) -> Option<MagnitudeKind> {
        MagnitudeKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }
}

/// One figure of a report: a count of people of one kind.
///
/// **Invariant:** `low <= high` when `high` is set; `span` covers whole
/// tokens of sentence `sentence`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Magnitude {
    /// What it counts.
    pub kind: MagnitudeKind,
    /// The smallest count the words allow.
    pub low: u64,
    /// The largest count the words allow; `None` when open-ended ("at least 12").
    pub high: Option<u64>,
    /// The one number written, when the words name one ("about 30" → 30);
    /// `None` for ranges and vague words ("dozens").
    pub point: Option<u64>,
    /// The quantity expression ("at least 156"): the evidence.
    pub span: Span,
    /// Index of the quantity's first token.
    pub first_token: u32,
    /// Number of tokens of the quantity.
    pub n_tokens: u32,
    /// Index of its sentence.
    pub sentence: u32,
    /// The words that decided the kind ("killed", "death toll", "protesters").
    pub cue: Span,
    /// The people counted ("fighters", "police officers"), when named.
    pub victims: Option<Span>,
    /// The word of the event the figure belongs to: the trigger of `event`
    /// when it is linked, else the verb or event noun that governs the figure
    /// in the parse, else the main verb of the sentence before; `None` when
    /// the text names no event ("the death toll stood at 40").
    pub anchor: Option<Span>,
    /// Index into the event layer of the coded event the figure belongs to.
    pub event: Option<usize>,
    /// Index of the claim (claims layer) that contains the figure: its
    /// certainty and attribution are the figure's.
    pub claim: Option<usize>,
}

impl Magnitude {
    /// The token indices of the quantity.
    pub fn token_range(&self) -> std::ops::Range<usize> {
        let first = self.first_token as usize;
        first..first + self.n_tokens as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_round_trip() {
        for kind in MagnitudeKind::ALL {
            assert_eq!(MagnitudeKind::from_name(kind.as_str()), Some(kind));
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
        }
        assert_eq!(MagnitudeKind::from_name("dead"), None);
    }
}
