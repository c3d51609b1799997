//! The taxonomy: CAMEO codes and PLOVER mappings by code, built once.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::cameo::{CameoCode, parse_cameo_table};
use crate::plover::{PloverMapping, parse_plover_table};

const CAMEO_TABLE: &str = include_str!("../data/cameo.tsv");
const PLOVER_TABLE: &str = include_str!("../data/CAMEO2PLOVER-2021.txt");

/// Roots whose codes PLOVER does not code: public statements (01) and
/// appeals (02). PLOVER's reference calls a request or appeal "not coded in
/// PLOVER", and its CAMEO table has no rows for either root.
const ROOTS_WITHOUT_PLOVER: [&str; 2] = ["01", "02"];

/// Every CAMEO event code with its Goldstein score, QuadClass and PLOVER
/// mapping. Lookups are one hash probe.
#[derive(Debug)]
pub struct Taxonomy {
    codes: Vec<CameoCode>,
    code_idx: HashMap<&'static str, usize>,
    plover: HashMap<&'static str, PloverMapping>,
}

impl Taxonomy {
    /// The taxonomy compiled into the binary, built on first use (well under
    /// a millisecond) and shared by every caller after that.
    pub fn embedded() -> &'static Taxonomy {
        static EMBEDDED: OnceLock<Taxonomy> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            // The tables are compiled in and a unit test builds them, so a
            // failure here is a bug in the committed data, not bad input.
            Taxonomy::from_tables(CAMEO_TABLE, PLOVER_TABLE)
                .unwrap_or_else(|error| panic!("embedded CAMEO taxonomy is corrupt: {error}"))
        })
    }

    /// The CAMEO code spelled exactly `code` (`"195"`, `"0874"`, `"19"`), or
    /// `None`. For codes as dictionaries write them, use [`Taxonomy::resolve`].
    pub fn cameo(&self, code: &str) -> Option<&CameoCode> {
        self.code_idx.get(code).map(|&idx| &self.codes[idx])
    }

    /// The PLOVER mapping of a CAMEO code spelled exactly, or `None` for
    /// public statements and appeals (roots 01 and 02, which PLOVER does not
    /// code) and for strings that are not codes.
    ///
    /// A code without a row of its own in the PLOVER table inherits its
    /// nearest ancestor's row; [`PloverMapping::table_code`] says which.
    /// The table also maps 1213 and 1214, which the CAMEO 1.1b3 codebook
    /// does not have; those mappings are returned as they are.
    pub fn plover(&self, code: &str) -> Option<&PloverMapping> {
        self.plover.get(code)
    }

    /// All CAMEO codes in codebook order: each root followed by its sub-codes.
    pub fn codes(&self) -> impl Iterator<Item = &CameoCode> {
        self.codes.iter()
    }

    /// The number of CAMEO codes (316: 20 roots, 149 three-digit and 147
    /// four-digit codes).
    pub fn n_codes(&self) -> usize {
        self.codes.len()
    }

    pub(crate) fn from_tables(
        cameo_table: &'static str,
        plover_table: &'static str,
    ) -> Result<Taxonomy, String> {
        let codes = parse_cameo_table(cameo_table).map_err(|error| format!("cameo.tsv {error}"))?;
        let code_idx = codes
            .iter()
            .enumerate()
            .map(|(idx, code)| (code.code, idx))
            .collect();
        let mut plover: HashMap<&'static str, PloverMapping> = parse_plover_table(plover_table)
            .map_err(|error| format!("CAMEO2PLOVER-2021.txt {error}"))?
            .into_iter()
            .collect();
        for code in &codes {
            if ROOTS_WITHOUT_PLOVER.contains(&code.root) {
                if plover.contains_key(code.code) {
                    return Err(format!(
                        "CAMEO2PLOVER-2021.txt maps {}, a root PLOVER does not code",
                        code.code
                    ));
                }
                continue;
            }
            if plover.contains_key(code.code) {
                continue;
            }
            let inherited = ancestors_for_plover(code)
                .find_map(|ancestor| plover.get(ancestor.as_str()))
                .cloned()
                .ok_or_else(|| format!("no PLOVER mapping for {} or its ancestors", code.code))?;
            plover.insert(code.code, inherited);
        }
        Ok(Taxonomy {
            codes,
            code_idx,
            plover,
        })
    }
}

/// The codes whose PLOVER row a code without its own row inherits, nearest
/// first: its parents down to three digits, then the root's "not specified"
/// code (`190` for `19`, and for `155`, whose parent is the root `15`, `150`).
fn ancestors_for_plover(code: &CameoCode) -> impl Iterator<Item = String> {
    let parents = (3..code.code.len())
        .rev()
        .map(|len| code.code[..len].to_string());
    parents.chain(std::iter::once(format!("{}0", code.root)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_hold_every_code_of_the_codebook() {
        let taxonomy = Taxonomy::from_tables(CAMEO_TABLE, PLOVER_TABLE).unwrap();
        assert_eq!(taxonomy.n_codes(), 316);
        let n_by_len = |len| {
            taxonomy
                .codes()
                .filter(|code| code.code.len() == len)
                .count()
        };
        assert_eq!((n_by_len(2), n_by_len(3), n_by_len(4)), (20, 149, 147));
        let roots: Vec<&str> = taxonomy
            .codes()
            .filter(|c| c.is_root())
            .map(|c| c.code)
            .collect();
        let expected: Vec<String> = (1..=20).map(|root| format!("{root:02}")).collect();
        assert_eq!(roots, expected);
    }

    #[test]
    fn quad_class_follows_the_root() {
        let taxonomy = Taxonomy::embedded();
        for (code, quad_class) in [("0874", 2), ("057", 1), ("09", 2), ("10", 3), ("145", 3)] {
            assert_eq!(
                taxonomy.cameo(code).unwrap().quad_class,
                quad_class,
                "{code}"
            );
        }
        assert_eq!(
            taxonomy.cameo("2042").unwrap().quad_class_name(),
            "material conflict"
        );
    }

    #[test]
    fn only_codes_without_a_published_score_inherit_one() {
        let taxonomy = Taxonomy::embedded();
        let inherited: Vec<(&str, &str)> = taxonomy
            .codes()
            .filter_map(|code| Some((code.code, code.goldstein_inherited_from?)))
            .collect();
        assert_eq!(
            inherited,
            [
                ("155", "15"),
                ("176", "17"),
                ("1834", "183"),
                ("1951", "195"),
                ("1952", "195")
            ]
        );
        for (code, parent) in inherited {
            let score = |code| taxonomy.cameo(code).unwrap().goldstein;
            assert_eq!(score(code), score(parent), "{code}");
        }
    }

    #[test]
    fn every_code_outside_statements_and_appeals_has_a_plover_type() {
        let taxonomy = Taxonomy::embedded();
        let plover_types = [
            "AGREE",
            "CONSULT",
            "SUPPORT",
            "CONCEDE",
            "COOPERATE",
            "AID",
            "RETREAT",
            "REQUEST",
            "ACCUSE",
            "REJECT",
            "THREATEN",
            "PROTEST",
            "SANCTION",
            "MOBILIZE",
            "COERCE",
            "ASSAULT",
        ];
        for code in taxonomy.codes() {
            let mapping = taxonomy.plover(code.code);
            if ["01", "02"].contains(&code.root) {
                assert_eq!(mapping, None, "{}", code.code);
                continue;
            }
            let mapping = mapping.unwrap_or_else(|| panic!("{} has no PLOVER mapping", code.code));
            assert!(plover_types.contains(&mapping.event_type), "{mapping:?}");
            assert_eq!(&mapping.table_code[..2], code.root, "{}", code.code);
        }
    }

    #[test]
    fn codes_without_a_plover_row_inherit_the_nearest_one() {
        let taxonomy = Taxonomy::embedded();
        for (code, table_code, event_type) in [
            ("19", "190", "ASSAULT"),
            ("08", "080", "CONCEDE"),
            ("155", "150", "MOBILIZE"),
            ("176", "170", "COERCE"),
            ("1834", "183", "ASSAULT"),
            ("1951", "195", "ASSAULT"),
        ] {
            let mapping = taxonomy.plover(code).unwrap();
            assert_eq!(
                (mapping.table_code, mapping.event_type),
                (table_code, event_type)
            );
        }
        assert_eq!(taxonomy.plover("0874").unwrap().table_code, "0874");
    }

    #[test]
    fn the_plover_table_regroups_some_cameo_codes() {
        // The 2021 table moves some codes out of their CAMEO root's family:
        // these pins show the file is read row by row, not by heading.
        let taxonomy = Taxonomy::embedded();
        let event_type = |code| taxonomy.plover(code).unwrap().event_type;
        assert_eq!(event_type("163"), "COERCE");
        assert_eq!(event_type("191"), "COERCE");
        assert_eq!(event_type("1712"), "ASSAULT");
        assert_eq!(event_type("0874"), "RETREAT");
        assert_eq!(event_type("081"), "CONCEDE");
        assert_eq!(event_type("090"), "ACCUSE");
        let ceasefire = taxonomy.plover("196").unwrap();
        assert_eq!(ceasefire.contexts, ["legal", "military"]);
    }

    #[test]
    fn loading_is_fast() {
        let started = std::time::Instant::now();
        let taxonomy = Taxonomy::from_tables(CAMEO_TABLE, PLOVER_TABLE).unwrap();
        let elapsed = started.elapsed();
        assert_eq!(taxonomy.n_codes(), 316);
        // About 0.35 ms, debug or release; the bound only catches an
        // accidental quadratic pass, with room for a loaded debug build.
        assert!(
            elapsed.as_millis() < 50,
            "building the taxonomy took {elapsed:?}"
        );
    }
}
