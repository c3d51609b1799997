//! The GDELT 2.0 Events export layout: 61 tab-separated fields per event,
//! no header line, unknown fields empty. `docs/export.md` gives the mapping
//! field by field.

use std::io::Write;

use chrono::Datelike;

use crate::codes::{country, split_actor_code};
use crate::row::ExportRow;

/// The 61 GDELT 2.0 Events fields, in file order (GDELT files carry no
/// header; this is for documentation and tests).
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The fields of one row, in [`GDELT_COLUMNS`] order.
pub fn gdelt_fields(row: &ExportRow) -> [String; 61] {
    let mut fields: [String; 61] = std::array::from_fn(|_| String::new());
    let mut set = |column: usize, value: String| fields[column] = clean(value);
    set(0, row.event_key.to_string());
    if let Some(date) = row.date {
        set(1, date.format("%Y%m%d").to_string());
        set(2, date.format("%Y%m").to_string());
        set(3, date.year().to_string());
        set(4, fraction_date(date));
    }
    let actors = [
        (5, row.source_code.as_deref(), &row.gdelt.source_name),
        (15, row.target_code.as_deref(), &row.gdelt.target_name),
    ];
    for (first, code, name) in actors {
        let Some(code) = code else { continue };
        // GDELT codes have no placeholder for an unknown country: `---GOV` is `GOV`.
        let code = code.trim_start_matches('-');
        let parts = split_actor_code(code);
        let text = |part: Option<&str>| part.unwrap_or_default().to_string();
        set(first, code.to_string());
        set(first + 1, name.clone().unwrap_or_default());
        set(first + 2, text(parts.country));
        set(first + 3, text(parts.known_group));
        set(first + 4, text(parts.ethnic));
        set(first + 5, text(parts.religions[0]));
        set(first + 6, text(parts.religions[1]));
        set(first + 7, text(parts.types[0]));
        set(first + 8, text(parts.types[1]));
        set(first + 9, text(parts.types[2]));
    }
    set(25, u8::from(row.gdelt.is_root).to_string());
    let code: String = row
        .cameo_code
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if !code.is_empty() {
        set(27, code.chars().take(3).collect());
        set(28, code.chars().take(2).collect());
        set(26, code);
    }
    if let Some(quad_class) = row.quad_class {
        set(29, quad_class.to_string());
    }
    if let Some(goldstein) = row.goldstein {
        set(30, goldstein.to_string());
    }
    set(31, row.n_documents.to_string());
    set(32, row.independent_sources.to_string());
    set(33, row.n_documents.to_string());
    // 34 AvgTone: sift measures no tone. 35-50: no actor geography in a dossier.
    action_geo(row, &mut set);
    if let Some(added) = row.gdelt.ingested_at {
        set(59, added.format("%Y%m%d%H%M%S").to_string());
    }
    set(60, row.url.clone().unwrap_or_else(|| row.doc_id.clone()));
    fields
}

/// ActionGeo_* (fields 51-58) from the event's place.
fn action_geo(row: &ExportRow, set: &mut impl FnMut(usize, String)) {
    let (Some(name), Some(lat), Some(lon)) = (&row.place_name, row.lat, row.lon) else {
        return;
    };
    let iso2 = row.country_code.as_deref().unwrap_or_default();
    let country = country(iso2);
    let geo_type = geo_type(
        iso2,
        row.gdelt.feature_class,
        row.gdelt.feature_code.as_deref(),
    );
    let full_name = match (geo_type, country) {
        (Some(1), Some(country)) => country.name.to_string(),
        (_, Some(country)) if country.name != name => format!("{name}, {}", country.name),
        _ => name.clone(),
    };
    if let Some(geo_type) = geo_type {
        set(51, geo_type.to_string());
    }
    set(52, full_name);
    if let Some(country) = country.filter(|c| !c.fips.is_empty()) {
        set(53, country.fips.to_string());
        let adm1 = match (&row.gdelt.admin1, geo_type) {
            (Some(admin1), Some(2..=5)) => format!("{}{admin1}", country.fips),
            _ => country.fips.to_string(),
        };
        set(54, adm1);
    }
    // 55 ADM2Code: GDELT's are GAUL codes, which the gazetteer does not have.
    set(56, format!("{lat:.4}"));
    set(57, format!("{lon:.4}"));
    if let Some(geonameid) = row.geonameid {
        set(58, geonameid.to_string());
    }
}

/// GDELT's geographic resolution: 1 country, 2 US state, 3 US city or
/// landmark, 4 world city or landmark, 5 world state (ADM1). Places with
/// no country (seas, continents) have none.
fn geo_type(iso2: &str, feature_class: Option<char>, feature_code: Option<&str>) -> Option<u8> {
    if iso2.is_empty() {
        return None;
    }
    let us = iso2 == "US";
    let code = feature_code.unwrap_or_default();
    Some(match feature_class {
        Some('A') if code.starts_with("PCL") => 1,
        Some('A') if code.starts_with("ADM1") => {
            if us {
                2
            } else {
                5
            }
        }
        _ if us => 3,
        _ => 4,
    })
}

/// GDELT's FractionDate: the year plus the share of it done, from 30-day
/// months over a 365-day year, to four decimals (2026-03-11 → 2026.1945).
fn fraction_date(date: chrono::NaiveDate) -> String {
    let done = f64::from((date.month() - 1) * 30 + date.day()) / 365.0;
    format!("{:.4}", f64::from(date.year()) + done)
}

/// A field never holds a tab or a line break: they would split it.
fn clean(value: String) -> String {
    if value.contains(['\t', '\n', '\r']) {
        value.replace(['\t', '\n', '\r'], " ")
    } else {
        value
    }
}

/// Writes one row as a GDELT line.
pub(crate) fn write_line(out: &mut impl Write, row: &ExportRow) -> std::io::Result<()> {
    let fields = gdelt_fields(row);
    let mut line = fields.join("\t");
    line.push('\n');
    out.write_all(line.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_dates_stay_inside_the_year() {
        let day = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(fraction_date(day("2026-01-01")), "2026.0027");
        assert_eq!(fraction_date(day("2026-03-11")), "2026.1945");
        assert_eq!(fraction_date(day("2026-12-31")), "2026.9890");
    }

    #[test]
    fn geo_types_follow_gdelt_resolution_classes() {
        assert_eq!(geo_type("SY", Some('P'), Some("PPL")), Some(4));
        assert_eq!(geo_type("US", Some('P'), Some("PPL")), Some(3));
        assert_eq!(geo_type("BR", Some('A'), Some("PCLI")), Some(1));
        assert_eq!(geo_type("US", Some('A'), Some("ADM1")), Some(2));
        assert_eq!(geo_type("SY", Some('A'), Some("ADM1")), Some(5));
        assert_eq!(geo_type("SY", Some('A'), Some("ADM2")), Some(4));
        assert_eq!(geo_type("", Some('H'), Some("SEA")), None);
    }

    #[test]
    fn tabs_and_line_breaks_become_spaces() {
        assert_eq!(clean("a\tb\nc\r".into()), "a b c ");
    }
}
