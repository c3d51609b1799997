use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into `Doc::text`.
///
/// Offsets are `u32` because hot layers hold millions of spans; a `Doc`
/// refuses texts that would not fit (see [`crate::Doc::MAX_BYTES`]).
///
/// **Invariant:** `start <= end`. Both fields are private so that the only way
/// to make a `Span` is through a constructor that keeps it.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(try_from = "(u32, u32)", into = "(u32, u32)")]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// Makes the span `[start, end)`.
    ///
    /// # Panics
    /// If `end < start` or either offset exceeds `u32::MAX`: both are
    /// programming errors in the caller's offset arithmetic.
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "span start {start} is after its end {end}");
        Span {
            start: u32::try_from(start).expect("span offset exceeds u32"),
            end: u32::try_from(end).expect("span offset exceeds u32"),
        }
    }

    /// First byte of the span.
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// One past the last byte of the span.
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// Number of bytes covered.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The span as a range, for slicing.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies entirely inside `self`.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl TryFrom<(u32, u32)> for Span {
    type Error = String;
    fn try_from((start, end): (u32, u32)) -> Result<Self, Self::Error> {
        if start <= end {
            Ok(Span { start, end })
        } else {
            Err(format!("span start {start} is after its end {end}"))
        }
    }
}

impl From<Span> for (u32, u32) {
    fn from(span: Span) -> (u32, u32) {
        (span.start, span.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_and_overlap_follow_half_open_ranges() {
        let a = Span::new(0, 5);
        let b = Span::new(5, 9);
        assert!(!a.overlaps(b), "adjacent half-open spans share no byte");
        assert_eq!(a.cover(b), Span::new(0, 9));
        assert!(a.cover(b).contains(b));
    }

    #[test]
    fn deserializing_an_inverted_span_is_an_error() {
        let parsed: Result<Span, _> = serde_json::from_str("[7, 3]");
        assert!(parsed.is_err());
    }
}
