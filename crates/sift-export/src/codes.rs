//! Code tables: CAMEO actor codes split into the GDELT actor fields, and
//! countries by ISO 3166-1 alpha-2 with their alpha-3, FIPS 10-4 and name.
//!
//! A CAMEO actor code is a run of 3-letter parts (`RUSMIL`, `IGOUNOHLHWHO`,
//! `---GOVMED` when the country is unknown). sift's actor codes come only
//! from the embedded Phoenix dictionaries, so the tables below cover the
//! parts those dictionaries use; a part in none of them is left out of the
//! split (the whole code is always in `Actor1Code`).

use std::collections::HashMap;
use std::sync::OnceLock;

/// One actor code in GDELT's fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActorCodeParts<'a> {
    /// Country or CAMEO region (`RUS`, `MEA`).
    pub country: Option<&'a str>,
    /// A known IGO, NGO or armed group (`UNO`, `WHO`, `ALQ`).
    pub known_group: Option<&'a str>,
    /// Ethnic group (`KUR`).
    pub ethnic: Option<&'a str>,
    /// First and second religion (`CHR`, `CTH`).
    pub religions: [Option<&'a str>; 2],
    /// Up to three role or sector types (`GOV`, `MIL`, `IGO`).
    pub types: [Option<&'a str>; 3],
}

/// CAMEO region codes, which stand where a country does.
const REGIONS: &[&str] = &[
    "AFR", "ARB", "ASA", "BLK", "CAS", "CAU", "CEU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR",
    "LAM", "MDT", "MEA", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "WAF", "WEU",
    "WST",
];

/// CAMEO country codes that are not (or no longer) ISO 3166-1 alpha-3.
const FORMER_COUNTRIES: &[&str] = &[
    "CSK", "DDR", "FRY", "KSV", "PAL", "ROM", "SCG", "TMP", "USR", "YUG", "ZAR",
];

/// Role and sector types: domestic roles (`GOV`, `MIL`, `REB`...), broad
/// classes (`MED`, `EDU`...) and the international generics (`IGO`, `NGO`...).
const TYPES: &[&str] = &[
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "IGO",
    "IMG", "INS", "INT", "JUD", "KID", "LAB", "LEG", "MED", "MIL", "MNC", "MOD", "NGM", "NGO",
    "OCC", "OPP", "PPL", "PTY", "RAD", "REB", "REF", "REL", "RES", "SEP", "SET", "SPY", "UAF",
    "UIS", "UNR",
];

/// CAMEO religion codes, plus `MUS` for Muslim as the Phoenix dictionaries
/// write it (CAMEO's own is `MOS`; `MUS` is also Mauritius, which wins only
/// as a code's first part).
const RELIGIONS: &[&str] = &[
    "ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT", "CTH", "DOX", "DRZ", "HIN", "HSD",
    "ITR", "JAN", "JEW", "JHW", "LDS", "MAR", "MOS", "MRN", "MUS", "NRM", "PAG", "PRO", "SFI",
    "SHI", "SHN", "SIK", "SUN", "TAO", "UDX", "ZRO",
];

/// Ethnic groups the Phoenix dictionaries code.
const ETHNIC: &[&str] = &["KUR", "TAM", "TIB", "UIG"];

/// Known organizations and armed groups of the Phoenix International and
/// MilNonState dictionaries (`IGOUNO` = the UN, `IMGMUSALQ` = al-Qaeda).
const KNOWN_GROUPS: &[&str] = &[
    "ABD", "ACC", "ADB", "AEU", "AFB", "AFU", "AIE", "ALQ", "AMF", "AMN", "AMU", "APE", "ARL",
    "ASF", "ASN", "ATD", "BCA", "BGH", "BIS", "CEM", "CES", "CIS", "COE", "CPA", "CPC", "CSS",
    "CWN", "DPI", "EAC", "EBR", "ECA", "EEC", "EFT", "FAO", "FID", "GCC", "GSS", "HCH", "HCR",
    "HMS", "HRW", "IAC", "IAD", "IAE", "ICC", "ICG", "ICJ", "ICO", "IDB", "IGC", "IHF", "ILO",
    "IMF", "IPU", "IRC", "ISI", "ITP", "JMA", "JUR", "MSF", "NAT", "NEP", "NON", "OAS", "OAU",
    "OIC", "OPC", "SAA", "SAD", "SCE", "SOT", "UER", "UNO", "WAD", "WAM", "WAS", "WBK", "WCT",
    "WEF", "WFP", "WHO", "WTO", "XFM",
];

/// Splits a CAMEO actor code into GDELT's actor fields.
///
/// The first part is the country when it names one (`MUSGOV` is Mauritius'
/// government); later parts are read as type, religion, ethnic group or
/// known group first, and as the country only when the code has none yet
/// (`NGOUSA`). Of several known groups the last, most specific one is kept
/// (`IGOUNOHLHWHO` → `WHO`). Unknown parts, `---` and digits are skipped.
pub fn split_actor_code(code: &str) -> ActorCodeParts<'_> {
    let mut parts = ActorCodeParts::default();
    let mut n_types = 0;
    let mut n_religions = 0;
    let chunks = (0..code.len() / 3).filter_map(|i| code.get(i * 3..i * 3 + 3));
    for (position, chunk) in chunks.enumerate() {
        if position == 0 && is_country(chunk) {
            parts.country = Some(chunk);
        } else if TYPES.contains(&chunk) {
            if n_types < parts.types.len() {
                parts.types[n_types] = Some(chunk);
                n_types += 1;
            }
        } else if RELIGIONS.contains(&chunk) {
            if n_religions < parts.religions.len() {
                parts.religions[n_religions] = Some(chunk);
                n_religions += 1;
            }
        } else if ETHNIC.contains(&chunk) {
            parts.ethnic.get_or_insert(chunk);
        } else if KNOWN_GROUPS.contains(&chunk) {
            parts.known_group = Some(chunk);
        } else if parts.country.is_none() && is_country(chunk) {
            parts.country = Some(chunk);
        }
    }
    parts
}

fn is_country(chunk: &str) -> bool {
    REGIONS.contains(&chunk)
        || FORMER_COUNTRIES.contains(&chunk)
        || countries().by_iso3.contains_key(chunk)
}

/// One country of the GeoNames country table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-3.
    pub iso3: &'static str,
    /// FIPS 10-4, GDELT's geographic country code; empty when none.
    pub fips: &'static str,
    /// English name.
    pub name: &'static str,
}

struct Countries {
    by_iso2: HashMap<&'static str, Country>,
    by_iso3: HashMap<&'static str, &'static str>,
}

/// ISO 3166-1 alpha-2, alpha-3, FIPS 10-4 and name, from GeoNames'
/// `countryInfo.txt` (see `DATA-LICENSES.md`).
static COUNTRY_TABLE: &str = include_str!("../data/countries.tsv");

fn countries() -> &'static Countries {
    static COUNTRIES: OnceLock<Countries> = OnceLock::new();
    COUNTRIES.get_or_init(|| {
        let mut by_iso2 = HashMap::new();
        let mut by_iso3 = HashMap::new();
        for line in COUNTRY_TABLE.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split('\t').map(str::trim);
            let (Some(iso2), Some(iso3), Some(fips), Some(name)) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            by_iso3.insert(iso3, iso2);
            by_iso2.insert(iso2, Country { iso3, fips, name });
        }
        Countries { by_iso2, by_iso3 }
    })
}

/// The country with this ISO 3166-1 alpha-2 code.
pub fn country(iso2: &str) -> Option<&'static Country> {
    countries().by_iso2.get(iso2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Country, known group, religions and types.
    type Split<'a> = (
        Option<&'a str>,
        Option<&'a str>,
        [Option<&'a str>; 2],
        [Option<&'a str>; 3],
    );

    fn parts(code: &str) -> Split<'_> {
        let p = split_actor_code(code);
        (p.country, p.known_group, p.religions, p.types)
    }

    #[test]
    fn codes_split_into_country_group_religion_and_types() {
        assert_eq!(
            parts("RUSMIL"),
            (Some("RUS"), None, [None, None], [Some("MIL"), None, None])
        );
        assert_eq!(
            parts("IGOUNO"),
            (None, Some("UNO"), [None, None], [Some("IGO"), None, None])
        );
        assert_eq!(
            parts("IGOUNOHLHWHO"),
            (
                None,
                Some("WHO"),
                [None, None],
                [Some("IGO"), Some("HLH"), None]
            )
        );
        assert_eq!(
            parts("---GOVMED"),
            (None, None, [None, None], [Some("GOV"), Some("MED"), None])
        );
        assert_eq!(
            parts("IMGMUSALQ"),
            (
                None,
                Some("ALQ"),
                [Some("MUS"), None],
                [Some("IMG"), None, None]
            )
        );
        assert_eq!(
            parts("NGOUSAHRI"),
            (
                Some("USA"),
                None,
                [None, None],
                [Some("NGO"), Some("HRI"), None]
            )
        );
        assert_eq!(
            parts("SYRCHRCTHREB"),
            (
                Some("SYR"),
                None,
                [Some("CHR"), Some("CTH")],
                [Some("REB"), None, None]
            )
        );
        assert_eq!(parts("MEAREB").0, Some("MEA"));
        assert_eq!(parts("USRGOV").0, Some("USR"));
        // First part: Mauritius; later: Muslim.
        assert_eq!(parts("MUSGOV").0, Some("MUS"));
        assert_eq!(parts("SYRMUSRAD").2, [Some("MUS"), None]);
        assert_eq!(split_actor_code("NGOKURHRI").ethnic, Some("KUR"));
    }

    #[test]
    fn odd_codes_never_panic_and_keep_what_they_can() {
        assert_eq!(parts(""), (None, None, [None, None], [None, None, None]));
        assert_eq!(parts("NGOCHRPRO214").3, [Some("NGO"), None, None]);
        assert_eq!(parts("SY").0, None);
        assert_eq!(
            parts("RUSGOVMILCOPSPY").3,
            [Some("GOV"), Some("MIL"), Some("COP")]
        );
        assert_eq!(parts("ÉÉMIL").3, [None, None, None]);
    }

    #[test]
    fn countries_map_iso_to_fips_and_names() {
        let germany = country("DE").unwrap();
        assert_eq!(
            (germany.iso3, germany.fips, germany.name),
            ("DEU", "GM", "Germany")
        );
        assert_eq!(country("SY").unwrap().fips, "SY");
        assert_eq!(country("GB").unwrap().fips, "UK");
        assert!(country("").is_none());
    }
}
