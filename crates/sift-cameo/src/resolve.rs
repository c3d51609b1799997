//! The lenient resolver: codes as event dictionaries write them.

use crate::cameo::{CameoCode, quad_class_of_root};
use crate::plover::PloverMapping;
use crate::taxonomy::Taxonomy;

/// PETRARCH's null code: the pattern matched and deliberately codes nothing.
pub const NO_CODE: &str = "---";

/// What a dictionary code stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution<'t> {
    /// A CAMEO event.
    Code(Resolved<'t>),
    /// `---`: the pattern matched and codes no event. A dictionary uses it to
    /// stop a more general pattern from firing.
    NoCode,
}

impl<'t> Resolution<'t> {
    /// The resolved code, or `None` for [`Resolution::NoCode`].
    pub fn resolved(&self) -> Option<&Resolved<'t>> {
        match self {
            Resolution::Code(resolved) => Some(resolved),
            Resolution::NoCode => None,
        }
    }
}

/// A dictionary code resolved to a CAMEO code.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved<'t> {
    /// The CAMEO code the event takes.
    pub cameo: &'t CameoCode,
    /// Its PLOVER mapping: the PLOVER table's row for the digits as written
    /// when there is one (the table maps 1213, which the codebook lacks),
    /// else the mapping of `cameo`. `None` for statements and appeals.
    pub plover: Option<&'t PloverMapping>,
    /// `Some` when the code as written is not itself a CAMEO code and
    /// `cameo` is the nearest one; `None` for an exact match.
    pub fallback_from: Option<Fallback>,
}

/// How a code that is not itself a CAMEO code was resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallback {
    /// The code as written, e.g. `174L`.
    pub written: String,
    /// What was done to it.
    pub kind: FallbackKind,
}

/// The two ways a written code falls back to a CAMEO code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FallbackKind {
    /// The digits are a CAMEO code; a trailing mark was dropped (`174L`,
    /// `102b`, `080!`). Dictionaries use such marks for coder notes.
    DroppedSuffix,
    /// The digits are not a CAMEO code (`1213`, `095`); the code is their
    /// nearest ancestor in the codebook (`121`, `09`). Any trailing mark was
    /// dropped too.
    Parent,
}

/// A code that is not CAMEO at all, e.g. `903`, `###`, `xxy` or `+++`.
///
/// This is the crate's one error type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a CAMEO event code: `{code}` ({reason})")]
pub struct UnknownCode {
    code: String,
    reason: UnknownReason,
}

impl UnknownCode {
    /// The code as written.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Why it is not CAMEO.
    pub fn reason(&self) -> &UnknownReason {
        &self.reason
    }
}

/// Why a code is not CAMEO.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnknownReason {
    /// Nothing was written.
    #[error("the code is empty")]
    Empty,
    /// The code does not start with digits, or has digits after its mark.
    #[error("a CAMEO code is 2 to 4 digits, optionally followed by a mark such as `L`")]
    NotDigits,
    /// Fewer than 2 or more than 4 digits.
    #[error("{0} digits, where a CAMEO code has 2 to 4")]
    DigitCount(usize),
    /// The first two digits are not a root code.
    #[error("its root {0} is not one of 01-20")]
    UnknownRoot(String),
}

impl Taxonomy {
    /// Resolves a code as an event dictionary writes it.
    ///
    /// - `195` resolves exactly;
    /// - `174L`, `102b`, `075A`, `080!`: the trailing mark is dropped
    ///   ([`FallbackKind::DroppedSuffix`]);
    /// - `1213`, `095`: digits the codebook lacks fall back to their nearest
    ///   ancestor, 4 to 3 to 2 digits ([`FallbackKind::Parent`]);
    /// - `---` is [`Resolution::NoCode`];
    /// - `903`, `###`, `xxy`, `+++`, `21`: an [`UnknownCode`] naming the code.
    ///
    /// Surrounding whitespace is ignored. A pair such as `042:043` is two
    /// codes: split it first.
    pub fn resolve(&self, written: &str) -> Result<Resolution<'_>, UnknownCode> {
        let code = written.trim();
        if code == NO_CODE {
            return Ok(Resolution::NoCode);
        }
        let unknown = |reason| UnknownCode {
            code: code.to_string(),
            reason,
        };
        if code.is_empty() {
            return Err(unknown(UnknownReason::Empty));
        }
        let n_digits = code.bytes().take_while(u8::is_ascii_digit).count();
        let (digits, mark) = code.split_at(n_digits);
        let mark_is_clean = mark
            .chars()
            .all(|c| !c.is_ascii_digit() && !c.is_whitespace());
        if digits.is_empty() || !mark_is_clean {
            return Err(unknown(UnknownReason::NotDigits));
        }
        if !(2..=4).contains(&digits.len()) {
            return Err(unknown(UnknownReason::DigitCount(digits.len())));
        }
        let root = &digits[..2];
        if quad_class_of_root(root).is_none() {
            return Err(unknown(UnknownReason::UnknownRoot(root.to_string())));
        }
        let (cameo, kind) = match self.cameo(digits) {
            Some(cameo) if mark.is_empty() => (cameo, None),
            Some(cameo) => (cameo, Some(FallbackKind::DroppedSuffix)),
            None => {
                let nearest = (2..digits.len())
                    .rev()
                    .find_map(|len| self.cameo(&digits[..len]))
                    .ok_or_else(|| unknown(UnknownReason::UnknownRoot(root.to_string())))?;
                (nearest, Some(FallbackKind::Parent))
            }
        };
        Ok(Resolution::Code(Resolved {
            cameo,
            plover: self.plover(digits).or_else(|| self.plover(cameo.code)),
            fallback_from: kind.map(|kind| Fallback {
                written: code.to_string(),
                kind,
            }),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(written: &str) -> Resolved<'static> {
        match Taxonomy::embedded().resolve(written) {
            Ok(Resolution::Code(resolved)) => resolved,
            other => panic!("{written} resolved to {other:?}"),
        }
    }

    #[test]
    fn exact_codes_have_no_fallback() {
        let aerial = resolved(" 195 ");
        assert_eq!(aerial.cameo.code, "195");
        assert_eq!(aerial.fallback_from, None);
        assert_eq!(aerial.plover.unwrap().event_type, "ASSAULT");
    }

    #[test]
    fn trailing_marks_are_dropped_and_reported() {
        for (written, code) in [
            ("174L", "174"),
            ("102b", "102"),
            ("075A", "075"),
            ("080!", "080"),
        ] {
            let resolved = resolved(written);
            assert_eq!(resolved.cameo.code, code);
            let fallback = resolved.fallback_from.unwrap();
            assert_eq!(fallback.written, written);
            assert_eq!(fallback.kind, FallbackKind::DroppedSuffix);
        }
    }

    #[test]
    fn codes_missing_from_the_codebook_fall_back_to_their_parent() {
        let rejected = resolved("1213");
        assert_eq!(rejected.cameo.code, "121");
        assert_eq!(rejected.fallback_from.unwrap().kind, FallbackKind::Parent);
        // The PLOVER table has its own row for 1213; it is more specific than 121's.
        let plover = rejected.plover.unwrap();
        assert_eq!(
            (plover.table_code, plover.contexts.as_slice()),
            ("1213", &["legal"][..])
        );
        assert_eq!(resolved("095").cameo.code, "09");
        let marked = resolved("1999x");
        assert_eq!(marked.cameo.code, "19");
        assert_eq!(marked.fallback_from.unwrap().kind, FallbackKind::Parent);
    }

    #[test]
    fn the_null_code_is_not_an_event_and_not_an_error() {
        assert_eq!(Taxonomy::embedded().resolve("---"), Ok(Resolution::NoCode));
        assert_eq!(
            Taxonomy::embedded().resolve("---").unwrap().resolved(),
            None
        );
    }

    #[test]
    fn codes_that_are_not_cameo_are_errors_naming_the_code() {
        let taxonomy = Taxonomy::embedded();
        for (written, reason) in [
            ("903", UnknownReason::UnknownRoot("90".into())),
            ("210a", UnknownReason::UnknownRoot("21".into())),
            ("###", UnknownReason::NotDigits),
            ("xxy", UnknownReason::NotDigits),
            ("+++", UnknownReason::NotDigits),
            ("12 3", UnknownReason::NotDigits),
            ("1", UnknownReason::DigitCount(1)),
            ("19511", UnknownReason::DigitCount(5)),
            ("  ", UnknownReason::Empty),
        ] {
            let error = taxonomy.resolve(written).unwrap_err();
            assert_eq!(error.code(), written.trim());
            assert_eq!(error.reason(), &reason, "{written}");
        }
        let message = taxonomy.resolve("903").unwrap_err().to_string();
        assert_eq!(
            message,
            "not a CAMEO event code: `903` (its root 90 is not one of 01-20)"
        );
        let message = taxonomy.resolve("xxy").unwrap_err().to_string();
        assert!(
            message.starts_with("not a CAMEO event code: `xxy` ("),
            "{message}"
        );
    }
}
