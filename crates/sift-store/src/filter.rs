//! The filters and paging shared by every listing.

use chrono::NaiveDate;
use rusqlite::types::Value;
use serde::Serialize;

/// What `sift query` and the API filter on. Each field narrows; `None`
/// leaves it open. Fields that do not apply to a listing are ignored there
/// (a certainty filter on clusters, say), as documented on each listing.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Source actor: an actor code or its prefix (`RUS` matches `RUSMIL`).
    pub actor: Option<String>,
    /// Target actor: an actor code or its prefix.
    pub target: Option<String>,
    /// CAMEO code or its prefix (`19` matches `190`-`196`).
    pub code: Option<String>,
    /// PLOVER event type (`ASSAULT`), case-insensitive.
    pub plover: Option<String>,
    /// A place: its name, its GeoNames id, or an ISO country code.
    pub place: Option<String>,
    /// Within this many kilometres of a point: (lat, lon, km).
    pub near: Option<(f64, f64, f64)>,
    /// On or after this day.
    pub since: Option<NaiveDate>,
    /// On or before this day.
    pub until: Option<NaiveDate>,
    /// An FTS5 query over headlines and text.
    pub text: Option<String>,
    /// A certainty (`asserted`, `reported`, `hedged`, `denied`, ...).
    pub certainty: Option<String>,
}

/// Reads the `near` filter as written by a user, `LAT,LON,KM`; the error
/// says what a good value looks like, for the caller to prefix with where
/// the value came from.
pub fn parse_near(near: &str) -> Result<(f64, f64, f64), &'static str> {
    let parts: Vec<f64> = near
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .ok()
        .filter(|p: &Vec<f64>| p.len() == 3)
        .ok_or("give LAT,LON,KM, e.g. 36.2,37.1,50")?;
    let (lat, lon, km) = (parts[0], parts[1], parts[2]);
    if !(-90.0..=90.0).contains(&lat)
        || !(-180.0..=180.0).contains(&lon)
        || !km.is_finite()
        || km <= 0.0
    {
        return Err("latitude -90..90, longitude -180..180, km above 0");
    }
    Ok((lat, lon, km))
}

/// Which slice of a listing to return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// Rows to skip.
    pub offset: usize,
    /// Rows to return at most.
    pub limit: usize,
}

impl Default for PageRequest {
    fn default() -> PageRequest {
        PageRequest {
            offset: 0,
            limit: 50,
        }
    }
}

/// A page of a listing, with the number of rows that matched in all.
#[derive(Clone, Debug, Serialize)]
pub struct Paged<T> {
    /// Rows that matched the filter, on every page together.
    pub total: u64,
    /// Rows skipped before this page.
    pub offset: usize,
    /// This page's rows.
    pub items: Vec<T>,
}

/// Turns free words into an FTS5 query that matches documents holding all
/// of them, with every FTS5 operator character neutralised: for callers
/// (a web search box) that must not expose the query syntax.
pub fn fts_phrase_query(words: &str) -> String {
    words
        .split_whitespace()
        .map(|word| format!("\"{}\"", word.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A WHERE clause under construction: SQL fragments joined by AND, with
/// their parameters in order. Only parameters carry user input.
#[derive(Default)]
pub(crate) struct Conditions {
    clauses: Vec<String>,
    pub params: Vec<Value>,
}

impl Conditions {
    pub fn push(&mut self, clause: impl Into<String>, params: impl IntoIterator<Item = Value>) {
        self.clauses.push(clause.into());
        self.params.extend(params);
    }

    pub fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
}

/// `LIKE` pattern for "starts with", with the wildcard characters in the
/// prefix escaped (`ESCAPE '\'`).
pub(crate) fn prefix_pattern(prefix: &str) -> Value {
    let mut pattern = String::with_capacity(prefix.len() + 1);
    for c in prefix.trim().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    Value::Text(pattern)
}

pub(crate) fn text(value: &str) -> Value {
    Value::Text(value.trim().to_string())
}

pub(crate) fn day(date: NaiveDate) -> Value {
    Value::Text(date.format("%Y-%m-%d").to_string())
}

/// Degrees of latitude and longitude that hold a circle of `km` around
/// `lat`: a bounding box that lets an index narrow before the exact test.
pub(crate) fn bounding_box(lat: f64, lon: f64, km: f64) -> (f64, f64, f64, f64) {
    let dlat = km / 111.0;
    let cos = lat.to_radians().cos().abs().max(0.01);
    let dlon = (km / (111.0 * cos)).min(180.0);
    (lat - dlat, lat + dlat, lon - dlon, lon + dlon)
}

pub(crate) use sift_core::haversine_km;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_is_a_point_and_a_positive_finite_radius() {
        assert_eq!(parse_near("36.2, 37.15,50"), Ok((36.2, 37.15, 50.0)));
        assert!(parse_near("36.2,37.15").unwrap_err().contains("LAT,LON,KM"));
        assert!(
            parse_near("north,37,50")
                .unwrap_err()
                .contains("LAT,LON,KM")
        );
        for out_of_range in ["91,0,50", "0,181,50", "0,0,0", "0,0,inf"] {
            assert!(
                parse_near(out_of_range).unwrap_err().contains("km above 0"),
                "{out_of_range}"
            );
        }
    }

    #[test]
    fn phrase_query_neutralises_operators() {
        assert_eq!(
            fts_phrase_query(r#"aid convoy" OR NEAR(x"#),
            r#""aid" "convoy""" "OR" "NEAR(x""#
        );
    }

    #[test]
    fn prefix_pattern_escapes_wildcards() {
        assert_eq!(prefix_pattern("RU_%"), Value::Text(r"RU\_\%%".into()));
    }

    #[test]
    fn haversine_matches_a_known_distance() {
        // Aleppo to Damascus is about 310 km.
        let km = haversine_km(36.2021, 37.1343, 33.5102, 36.2913);
        assert!((300.0..320.0).contains(&km), "{km}");
    }
}
