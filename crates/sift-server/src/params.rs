//! Query parameters: the filters of `sift query` and paging, read from the
//! URL and checked before any query runs. Unknown parameters are refused, so
//! that a misspelt filter never passes for an empty one.

use chrono::NaiveDate;
use serde::Deserialize;
use sift_core::Certainty;
use sift_store::{DyadLevel, DyadQuery, Filter, PageRequest, fts_phrase_query};

use crate::Limits;
use crate::error::ApiError;

/// The filters every listing takes, as strings from the URL.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListParams {
    pub actor: Option<String>,
    pub target: Option<String>,
    pub code: Option<String>,
    pub plover: Option<String>,
    pub place: Option<String>,
    pub near: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// Free words; every FTS5 operator is neutralised.
    pub text: Option<String>,
    /// A raw FTS5 query; a malformed one is a 400 with SQLite's reason.
    pub fts: Option<String>,
    pub certainty: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// Rows a page holds when the client does not say.
pub(crate) const DEFAULT_PAGE: usize = 50;

impl ListParams {
    pub fn filter(&self) -> Result<Filter, ApiError> {
        let text = match (non_empty(&self.text), non_empty(&self.fts)) {
            (Some(_), Some(_)) => {
                return Err(ApiError::bad_request(
                    "give either text (free words) or fts (an FTS5 query), not both",
                ));
            }
            (Some(words), None) => Some(fts_phrase_query(&words)).filter(|q| !q.is_empty()),
            (None, Some(query)) => Some(query),
            (None, None) => None,
        };
        let certainty = non_empty(&self.certainty)
            .map(|value| {
                let lower = value.to_lowercase();
                serde_json::from_value::<Certainty>(serde_json::Value::String(lower.clone()))
                    .map(|_| lower)
                    .map_err(|_| {
                        ApiError::bad_request(format!(
                            "certainty {value:?} is not one of: asserted, reported, hedged, \
                             speculative, conditional, negated, denied, predicted, question"
                        ))
                    })
            })
            .transpose()?;
        Ok(Filter {
            actor: non_empty(&self.actor),
            target: non_empty(&self.target),
            code: non_empty(&self.code),
            plover: non_empty(&self.plover),
            place: non_empty(&self.place),
            near: non_empty(&self.near)
                .map(|near| parse_near(&near))
                .transpose()?,
            since: parse_day("since", &self.since)?,
            until: parse_day("until", &self.until)?,
            text,
            certainty,
        })
    }

    pub fn page(&self, limits: &Limits) -> Result<PageRequest, ApiError> {
        page(self.limit, self.offset, limits)
    }
}

/// Checks `limit` against the maximum: refused, never silently capped.
pub(crate) fn page(
    limit: Option<usize>,
    offset: Option<usize>,
    limits: &Limits,
) -> Result<PageRequest, ApiError> {
    let limit = limit.unwrap_or(DEFAULT_PAGE.min(limits.max_page));
    if limit == 0 || limit > limits.max_page {
        return Err(ApiError::bad_request(format!(
            "limit {limit} is out of range: ask for 1 to {} rows and page with offset",
            limits.max_page
        )));
    }
    Ok(PageRequest {
        offset: offset.unwrap_or(0),
        limit,
    })
}

/// The dyad series parameters.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DyadParams {
    pub source: Option<String>,
    pub target: Option<String>,
    /// `country` (default) or `sector`.
    pub level: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// Alert threshold in standard deviations.
    pub k: Option<f64>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

impl DyadParams {
    pub fn query(&self) -> Result<DyadQuery, ApiError> {
        let level = match non_empty(&self.level).as_deref() {
            None | Some("country") => DyadLevel::Country,
            Some("sector") => DyadLevel::Sector,
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "level {other:?} is not country or sector"
                )));
            }
        };
        Ok(DyadQuery {
            source: non_empty(&self.source).map(|s| s.to_uppercase()),
            target: non_empty(&self.target).map(|s| s.to_uppercase()),
            level,
            since: parse_day("since", &self.since)?,
            until: parse_day("until", &self.until)?,
        })
    }
}

fn non_empty(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

fn parse_day(name: &str, value: &Option<String>) -> Result<Option<NaiveDate>, ApiError> {
    non_empty(value)
        .map(|v| {
            NaiveDate::parse_from_str(&v, "%Y-%m-%d").map_err(|_| {
                ApiError::bad_request(format!("{name} {v:?} is not a date; use YYYY-MM-DD"))
            })
        })
        .transpose()
}

fn parse_near(near: &str) -> Result<(f64, f64, f64), ApiError> {
    sift_store::parse_near(near)
        .map_err(|problem| ApiError::bad_request(format!("near {near:?}: {problem}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_words_become_a_phrase_query_and_raw_fts_passes_through() {
        let words = ListParams {
            text: Some("convoy\" OR x".into()),
            ..ListParams::default()
        };
        assert_eq!(
            words.filter().unwrap().text.as_deref(),
            Some(r#""convoy""" "OR" "x""#)
        );
        let both = ListParams {
            text: Some("a".into()),
            fts: Some("b".into()),
            ..ListParams::default()
        };
        assert_eq!(both.filter().unwrap_err().status, 400);
    }

    #[test]
    fn bad_values_are_refused_with_what_to_do() {
        for params in [
            ListParams {
                since: Some("yesterday".into()),
                ..ListParams::default()
            },
            ListParams {
                near: Some("36,37".into()),
                ..ListParams::default()
            },
            ListParams {
                near: Some("95,37,10".into()),
                ..ListParams::default()
            },
            ListParams {
                certainty: Some("sure".into()),
                ..ListParams::default()
            },
        ] {
            let err = params.filter().unwrap_err();
            assert_eq!(err.status, 400, "{params:?}");
            assert!(!err.message.ends_with('.'), "{}", err.message);
        }
        let certainty = ListParams {
            certainty: Some("Denied".into()),
            ..ListParams::default()
        };
        assert_eq!(
            certainty.filter().unwrap().certainty.as_deref(),
            Some("denied")
        );
    }
}
