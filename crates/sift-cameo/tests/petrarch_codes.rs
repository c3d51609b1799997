//! Every event code the shipped PETRARCH verb dictionaries use resolves, and
//! the only ones that need a fallback are the few known quirks.

use std::collections::BTreeMap;
use std::path::Path;

use sift_cameo::{FallbackKind, Resolution, Taxonomy, UnknownCode};

/// The codes in a verb dictionary with the first line each appears on. Codes
/// sit in brackets before any `#` comment: `[195]`, a pair `[042:043]` (the
/// event and its reverse), a reverse-only `[:080]`, the null code `[---]`.
fn codes_in_verb_dictionary(path: &Path) -> BTreeMap<String, usize> {
    let bytes = std::fs::read(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let text = String::from_utf8_lossy(&bytes);
    let mut codes = BTreeMap::new();
    for (line_idx, line) in text.lines().enumerate() {
        let before_comment = line.split('#').next().unwrap_or_default();
        for bracketed in before_comment.split('[').skip(1) {
            let Some((inside, _)) = bracketed.split_once(']') else {
                continue;
            };
            for code in inside.split(':').filter(|code| !code.is_empty()) {
                codes.entry(code.to_string()).or_insert(line_idx + 1);
            }
        }
    }
    codes
}

type Outcome = Result<Option<(String, FallbackKind)>, UnknownCode>;

/// How each code resolved: `Ok(None)` exactly or as the null code,
/// `Ok(Some((cameo code, fallback kind)))` via a fallback, `Err` if unknown.
fn outcomes(codes: &BTreeMap<String, usize>) -> BTreeMap<&str, Outcome> {
    let taxonomy = Taxonomy::embedded();
    codes
        .keys()
        .map(|written| {
            let outcome = taxonomy
                .resolve(written)
                .map(|resolution| match resolution {
                    Resolution::NoCode => None,
                    Resolution::Code(resolved) => resolved
                        .fallback_from
                        .map(|fallback| (resolved.cameo.code.to_string(), fallback.kind)),
                });
            (written.as_str(), outcome)
        })
        .collect()
}

#[test]
fn every_code_in_the_phoenix_verb_dictionary_resolves() {
    let Some(data) = sift_eval::shared_data_dir() else {
        return;
    };
    let codes = codes_in_verb_dictionary(&data.join("petrarch/CAMEO.2.0.txt"));
    assert!(
        codes.len() > 200,
        "only {} distinct codes read",
        codes.len()
    );
    assert!(codes.contains_key("---") && codes.contains_key("195"));
    let outcomes = outcomes(&codes);
    let unknown: Vec<String> = outcomes
        .values()
        .filter_map(|outcome| Some(outcome.as_ref().err()?.to_string()))
        .collect();
    assert!(unknown.is_empty(), "unknown codes: {unknown:?}");
    let fallbacks: Vec<(&str, String, FallbackKind)> = outcomes
        .iter()
        .filter_map(|(written, outcome)| {
            let (code, kind) = outcome.as_ref().ok()?.clone()?;
            Some((*written, code, kind))
        })
        .collect();
    assert_eq!(
        fallbacks,
        [
            ("080!", "080".to_string(), FallbackKind::DroppedSuffix),
            ("1213", "121".to_string(), FallbackKind::Parent),
        ],
        "lines: 080! at {:?}, 1213 at {:?}",
        codes.get("080!"),
        codes.get("1213")
    );
}

#[test]
fn the_unit_test_suite_verbs_are_cameo_except_its_made_up_codes() {
    let Some(data) = sift_eval::shared_data_dir() else {
        return;
    };
    let codes =
        codes_in_verb_dictionary(&data.join("petrarch/suite-ud/PETR.Validate.verbs.2.0.txt"));
    let outcomes = outcomes(&codes);
    let unknown: Vec<&str> = outcomes
        .iter()
        .filter(|(_, outcome)| outcome.is_err())
        .map(|(written, _)| *written)
        .collect();
    // The suite exercises its coder with codes outside CAMEO (its records
    // expect e.g. eventcode="903" and "345"): an events coder must keep such
    // a code as written, with the error as a warning, rather than drop it.
    assert_eq!(
        unknown,
        [
            "+++", "002", "003", "210", "211", "212", "222", "223", "224", "345", "802", "903",
            "904", "911", "912", "915", "xxy"
        ]
    );
    for (written, code) in [("075A", "075"), ("102b", "102"), ("174L", "174")] {
        let outcome = outcomes[written].as_ref().unwrap().clone();
        assert_eq!(
            outcome,
            Some((code.to_string(), FallbackKind::DroppedSuffix)),
            "{written}"
        );
    }
}
