//! The CAMEO codebook and PLOVER mapping, seen from the event coder.

use sift_cameo::Resolution;
use sift_core::{CameoCode, PloverCode};

use crate::dict::{DictWarning, Dictionaries};
use crate::stage::Taxonomy;

/// The embedded CAMEO 1.1b3 codebook with Goldstein scores and the PLOVER 2021 mapping.
pub struct Codebook;

impl Taxonomy for Codebook {
    fn describe(&self, code: &str) -> (CameoCode, Option<PloverCode>) {
        let mut cameo = CameoCode {
            code: code.to_string(),
            label: None,
            goldstein: None,
            quad_class: None,
        };
        let Ok(Resolution::Code(resolved)) = sift_cameo::Taxonomy::embedded().resolve(code) else {
            return (cameo, None);
        };
        cameo.label = Some(resolved.cameo.label.to_string());
        cameo.goldstein = Some(resolved.cameo.goldstein);
        cameo.quad_class = Some(resolved.cameo.quad_class);
        let plover = resolved.plover.map(|mapping| PloverCode {
            event_type: mapping.event_type.to_string(),
            mode: mapping.mode.map(str::to_string),
            context: (!mapping.contexts.is_empty()).then(|| mapping.contexts.join(", ")),
        });
        (cameo, plover)
    }
}

impl Dictionaries {
    /// Every event code in the verb patterns and blocks that is not a CAMEO
    /// code, as a warning naming `file:line` and the code.
    pub fn unknown_codes(&self) -> Vec<DictWarning> {
        let taxonomy = sift_cameo::Taxonomy::embedded();
        let mut warnings = Vec::new();
        let mut check = |code: &Option<String>, origin: crate::dict::Origin| {
            if let Some(code) = code
                && let Err(error) = taxonomy.resolve(code)
            {
                warnings.push(DictWarning {
                    file: self
                        .files
                        .get(origin.file as usize)
                        .cloned()
                        .unwrap_or_default(),
                    line: origin.line,
                    message: format!("unknown event code: {error}"),
                });
            }
        };
        for block in &self.verb_blocks {
            check(&block.code.forward, block.origin);
            check(&block.code.reverse, block.origin);
        }
        for pattern in self.patterns_by_block.iter().flatten() {
            check(&pattern.code.forward, pattern.origin);
            check(&pattern.code.reverse, pattern.origin);
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_codes_are_named_with_file_and_line() {
        let mut dictionaries = Dictionaries::default();
        dictionaries.read_verbs(
            "test.verbs.txt",
            "--- FIRE [190] ---\nFIRE\n- * MISSILE [195]\n- * BLANKS [xxy]\n",
        );
        let warnings = dictionaries.unknown_codes();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let message = warnings[0].to_string();
        assert!(
            message.starts_with("test.verbs.txt:4: unknown event code"),
            "{message}"
        );
        assert!(message.contains("xxy"), "{message}");
    }

    #[test]
    fn aerial_weapons_are_material_conflict_and_assault() {
        let (cameo, plover) = Codebook.describe("195");
        assert_eq!(cameo.goldstein, Some(-10.0));
        assert_eq!(cameo.quad_class, Some(4));
        assert!(cameo.label.unwrap().starts_with("Employ aerial weapons"));
        assert_eq!(plover.unwrap().event_type, "ASSAULT");
    }
}
