//! The OpenAPI 3.1 document, kept by hand next to the handlers. Tests check
//! that it lists exactly the routes the router serves, and request every
//! operation with the document's own examples, checking each answer against
//! the schema it documents.

use serde_json::{Value, json};

use crate::api::route_list;

/// The OpenAPI document. `/api/ingest` is in it only when the server is
/// writable, as the route itself is.
pub fn document(writable: bool) -> Value {
    let mut paths = serde_json::Map::new();
    for (method, path) in route_list(writable) {
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[method] = operation(method, path);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "sift",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Read a corpus of analyzed news reports: documents and their dossiers, \
                coded events, claims, event clusters and dyad series, with the filters of \
                `sift query`; analyze a report without storing it. Listings are paged and say \
                how many rows matched in all (`total`); a `limit` above the maximum is refused. \
                Errors are `{\"error\": message}`.",
            "license": {"name": "MIT OR Apache-2.0"}
        },
        "paths": paths,
        "components": components(),
    })
}

fn filters() -> Vec<Value> {
    [
        "actor",
        "target",
        "code",
        "plover",
        "place",
        "near",
        "since",
        "until",
        "text",
        "fts",
        "certainty",
    ]
    .iter()
    .map(|name| json!({"$ref": format!("#/components/parameters/{name}")}))
    .collect()
}

fn paging() -> Vec<Value> {
    vec![
        json!({"$ref": "#/components/parameters/limit"}),
        json!({"$ref": "#/components/parameters/offset"}),
    ]
}

fn json_response(description: &str, schema: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}
    })
}

fn error(description: &str) -> Value {
    json_response(description, "Error")
}

fn page_of(item: &str) -> Value {
    json!({
        "type": "object",
        "required": ["total", "offset", "limit", "items"],
        "properties": {
            "total": {"type": "integer", "description": "rows that matched, on every page together"},
            "offset": {"type": "integer"},
            "limit": {"type": "integer"},
            "items": {"type": "array", "items": {"$ref": format!("#/components/schemas/{item}")}}
        }
    })
}

fn listing(summary: &str, description: &str, page: &str) -> Value {
    let mut parameters = filters();
    parameters.extend(paging());
    json!({
        "summary": summary,
        "description": description,
        "parameters": parameters,
        "responses": {
            "200": json_response("one page and the total", page),
            "400": error("a malformed filter, an unknown parameter, a bad FTS5 query, or a limit out of range"),
        }
    })
}

fn operation(method: &str, path: &str) -> Value {
    match (method, path) {
        ("get", "/api/health") => json!({
            "summary": "Whether the server and its database answer",
            "responses": {"200": json_response("the server is up", "Health")}
        }),
        ("get", "/api/openapi.json") => json!({
            "summary": "This document",
            "responses": {"200": {"description": "the OpenAPI document", "content": {"application/json": {"schema": {"type": "object"}}}}}
        }),
        ("post", "/api/analyze") => json!({
            "summary": "Analyze one report without storing it",
            "description": "Runs the same pipeline as `sift analyze` and returns the dossier \
                with its text, so that every span can be shown. The body is at most 5 MB.",
            "parameters": [{
                "name": "tokens", "in": "query", "required": false,
                "description": "include the token layer",
                "schema": {"type": "boolean", "default": false}
            }],
            "requestBody": {
                "required": true,
                "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Report"},
                    "example": {
                        "headline": "Warplanes strike convoy near Aleppo",
                        "text": "Russian warplanes bombed an aid convoy near Aleppo on Tuesday, the United Nations said.",
                        "date": "2026-03-11",
                        "source": "wire.example"
                    }
                }}
            },
            "responses": {
                "200": json_response("the dossier", "Dossier"),
                "400": error("the body is not a report (malformed JSON, unknown field, empty text)"),
                "408": {"description": "the analysis took longer than the request timeout"},
                "413": {"description": "the body is over the size limit"},
                "415": error("the body is not declared as application/json"),
                "422": error("the JSON does not have the fields of a report"),
            }
        }),
        ("get", "/api/docs") => listing(
            "Stored documents",
            "Filters: `text`/`fts`; `since`/`until` on the publication date; `actor`, `target`, \
             `code`, `plover` (a document with such an event); `place`/`near` (a place it \
             mentions); `certainty` (a claim with that certainty).",
            "DocumentPage",
        ),
        ("get", "/api/docs/{id}") => json!({
            "summary": "One stored dossier",
            "parameters": [{
                "name": "id", "in": "path", "required": true,
                "description": "the document id (`d` and 16 hex digits)",
                "schema": {"type": "string"}, "example": "d0000000000000000"
            }],
            "responses": {
                "200": json_response("the dossier as stored", "Dossier"),
                "404": error("no such document"),
            }
        }),
        ("get", "/api/events") => listing(
            "Coded events",
            "Every filter applies; `since`/`until` compare with the event's days (else its \
             document's publication date).",
            "EventPage",
        ),
        ("get", "/api/events/days") => json!({
            "summary": "Events per day, for a timeline",
            "description": "The events listing's filters; one row per day with events, in day \
                order; `total` is the number of events. Not paged.",
            "parameters": filters(),
            "responses": {
                "200": json_response("events per day", "DayCounts"),
                "400": error("a malformed filter, or paging parameters"),
            }
        }),
        ("get", "/api/events/places") => listing(
            "Events per place, for a map",
            "The events listing's filters; one row per place with events, most first; `total` \
             is the number of places.",
            "PlacePage",
        ),
        ("get", "/api/claims") => listing(
            "Claims",
            "Filters: `certainty`, `actor` (the holder's actor code), `text`/`fts`, \
             `since`/`until` (publication date). Other filters do not apply to claims.",
            "ClaimPage",
        ),
        ("get", "/api/clusters") => listing(
            "Event clusters, most independent sources first",
            "Filters: `actor`/`target`, `code` (CAMEO root), `plover`, `place`/`near`, \
             `since`/`until`, `text`/`fts` (a member document matches).",
            "ClusterPage",
        ),
        ("get", "/api/clusters/{id}") => json!({
            "summary": "One cluster, with the details the cluster view shows",
            "parameters": [{
                "name": "id", "in": "path", "required": true,
                "schema": {"type": "string", "pattern": "^-?[0-9]+$"}, "example": "1"
            }],
            "responses": {
                "200": json_response("the cluster summary and its detail", "ClusterDetail"),
                "400": error("the id is not a number"),
                "404": error("no such cluster"),
            }
        }),
        ("get", "/api/dyads") => json!({
            "summary": "Daily series per ordered actor pair, with escalation alerts",
            "description": "As `sift query dyads`: events, Goldstein sum and mean, QuadClass \
                counts per day; `alert` is set on days whose Goldstein sum is more than `k` \
                standard deviations below the trailing 30-day mean (computed over the whole \
                series, before paging).",
            "parameters": [
                {"name": "source", "in": "query", "schema": {"type": "string"}, "example": "RUS",
                 "description": "source country (or country+sector with level=sector)"},
                {"name": "target", "in": "query", "schema": {"type": "string"}, "example": "SYR"},
                {"name": "level", "in": "query", "schema": {"type": "string", "enum": ["country", "sector"], "default": "country"}},
                {"$ref": "#/components/parameters/since"},
                {"$ref": "#/components/parameters/until"},
                {"name": "k", "in": "query", "schema": {"type": "number", "default": 2.0},
                 "description": "alert threshold in standard deviations"},
                {"$ref": "#/components/parameters/limit"},
                {"$ref": "#/components/parameters/offset"}
            ],
            "responses": {
                "200": json_response("one page of pair-days and the total", "DyadPage"),
                "400": error("a malformed parameter"),
            }
        }),
        ("get", "/api/export") => {
            let mut parameters = vec![json!({
                "name": "format", "in": "query", "required": true,
                "schema": {"type": "string", "enum": ["csv", "jsonl", "gdelt"]}, "example": "csv",
                "description": "`gdelt` is the GDELT 2.0 events layout (61 tab-separated columns)"
            })];
            parameters.extend(filters());
            json!({
                "summary": "Every matching event, streamed",
                "description": "The events listing's filters, not paged. The body is streamed as \
                    it is written; a failure after the first byte cuts it short.",
                "parameters": parameters,
                "responses": {
                    "200": {"description": "the export", "content": {
                        "text/csv": {"schema": {"type": "string"}},
                        "application/x-ndjson": {"schema": {"type": "string"}},
                        "text/tab-separated-values": {"schema": {"type": "string"}}
                    }},
                    "400": error("a missing or unknown format, or a malformed filter"),
                }
            })
        }
        ("post", "/api/ingest") => json!({
            "summary": "Analyze reports and store them",
            "description": "Exists only when the server runs with `--write-token`. Analyzes the \
                reports and stores them in one transaction through the same writer as `sift \
                ingest`; documents already stored are skipped. The body is at most 5 MB.",
            "security": [{"bearer": []}],
            "requestBody": {
                "required": true,
                "content": {"application/json": {
                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Report"}},
                    "example": [{
                        "headline": "Protesters gather in Minsk",
                        "text": "Thousands of protesters marched in Minsk on Sunday.",
                        "date": "2026-03-15",
                        "source": "daily-b.example"
                    }]
                }}
            },
            "responses": {
                "200": json_response("what was stored", "IngestReport"),
                "400": error("the body is not an array of reports"),
                "401": error("no bearer token, or the wrong one"),
                "413": {"description": "the body is over the size limit"},
                "422": error("the JSON does not have the fields of a report"),
            }
        }),
        _ => json!({}),
    }
}

fn query_parameter(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema})
}

fn nullable(kind: &str) -> Value {
    json!({"type": [kind, "null"]})
}

fn components() -> Value {
    let string = || json!({"type": "string"});
    let day = || json!({"type": ["string", "null"], "format": "date"});
    json!({
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "parameters": {
            "actor": query_parameter("actor", "source actor code or prefix (`RUS` matches `RUSMIL`)", string()),
            "target": query_parameter("target", "target actor code or prefix", string()),
            "code": query_parameter("code", "CAMEO code or prefix (`19` matches 190-196)", string()),
            "plover": query_parameter("plover", "PLOVER event type (`ASSAULT`), any case", string()),
            "place": query_parameter("place", "a place name, GeoNames id, or ISO country code (`SY`)", string()),
            "near": query_parameter("near", "within KM kilometres of a point: `LAT,LON,KM`", json!({"type": "string", "pattern": "^[-0-9.]+,[-0-9.]+,[0-9.]+$"})),
            "since": query_parameter("since", "on or after this day", json!({"type": "string", "format": "date"})),
            "until": query_parameter("until", "on or before this day", json!({"type": "string", "format": "date"})),
            "text": query_parameter("text", "free words, all of which must occur in the headline or text; operators are taken as words", string()),
            "fts": query_parameter("fts", "an SQLite FTS5 query (`convoy NEAR(aid, 5)`); a malformed one is a 400 that says why; not with `text`", string()),
            "certainty": query_parameter("certainty", "claim certainty", json!({"type": "string", "enum": ["asserted", "reported", "hedged", "speculative", "conditional", "negated", "denied", "predicted", "question"]})),
            "limit": query_parameter("limit", "rows per page, 1 to 1000 (a larger limit is refused)", json!({"type": "integer", "minimum": 1, "maximum": 1000, "default": 50})),
            "offset": query_parameter("offset", "rows to skip", json!({"type": "integer", "minimum": 0, "default": 0})),
        },
        "schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": string()}},
            "Health": {
                "type": "object",
                "required": ["status", "version", "schema_version", "documents", "events", "writable"],
                "properties": {
                    "status": {"type": "string", "enum": ["ok"]},
                    "version": string(),
                    "schema_version": {"type": "integer", "description": "the database's schema version"},
                    "documents": {"type": "integer"},
                    "events": {"type": "integer"},
                    "writable": {"type": "boolean", "description": "POST /api/ingest exists"}
                }
            },
            "Report": {
                "type": "object",
                "required": ["text"],
                "additionalProperties": false,
                "properties": {
                    "text": {"type": "string", "description": "the body, or the whole text when there is no separate headline"},
                    "headline": nullable("string"),
                    "date": {"type": ["string", "null"], "format": "date", "description": "publication date, the anchor for relative dates"},
                    "source": {"type": ["string", "null"], "description": "the outlet (domain or name)"},
                    "url": nullable("string")
                }
            },
            "Dossier": {
                "type": "object",
                "description": "sift's analysis of one report; the fields are documented in docs/dossier.md",
                "required": ["schema_version", "id", "sentences", "entities", "places", "actors", "events", "claims", "diagnostics"],
                "properties": {
                    "schema_version": {"type": "integer"},
                    "id": string(),
                    "text": {"type": "string", "description": "the analyzed text; spans are UTF-8 byte offsets into it"},
                    "sentences": {"type": "array"},
                    "entities": {"type": "array"},
                    "places": {"type": "array"},
                    "actors": {"type": "array"},
                    "events": {"type": "array"},
                    "claims": {"type": "array"},
                    "diagnostics": {"type": "array"}
                }
            },
            "DocumentSummary": {
                "type": "object",
                "required": ["key", "id", "origin", "syndication_group", "n_events", "n_claims"],
                "properties": {
                    "key": {"type": "integer"}, "id": string(), "url": nullable("string"),
                    "source": nullable("string"), "published": day(), "headline": nullable("string"),
                    "origin": string(), "syndication_group": {"type": "integer"},
                    "copy_of": nullable("integer"), "n_events": {"type": "integer"}, "n_claims": {"type": "integer"}
                }
            },
            "Event": {
                "type": "object",
                "required": ["key", "doc_key", "doc_id", "index", "trigger", "cameo", "negated", "nominal"],
                "properties": {
                    "key": {"type": "integer"}, "doc_key": {"type": "integer"}, "doc_id": string(),
                    "index": {"type": "integer", "description": "position in the dossier's events"},
                    "trigger": string(),
                    "source_code": nullable("string"), "source_text": nullable("string"),
                    "source_country": nullable("string"), "source_sector": nullable("string"),
                    "target_code": nullable("string"), "target_text": nullable("string"),
                    "target_country": nullable("string"), "target_sector": nullable("string"),
                    "cameo": string(), "cameo_label": nullable("string"),
                    "goldstein": nullable("number"), "quad_class": nullable("integer"),
                    "plover_type": nullable("string"), "first_day": day(), "last_day": day(),
                    "place_name": nullable("string"), "geonameid": nullable("integer"),
                    "lat": nullable("number"), "lon": nullable("number"),
                    "country_code": nullable("string"), "certainty": nullable("string"),
                    "negated": {"type": "boolean"}, "nominal": {"type": "boolean"},
                    "cluster": nullable("integer")
                }
            },
            "Claim": {
                "type": "object",
                "required": ["doc_key", "doc_id", "index", "certainty", "text"],
                "properties": {
                    "key": {"type": "integer"}, "doc_key": {"type": "integer"}, "doc_id": string(),
                    "index": {"type": "integer", "description": "position in the dossier's claims"},
                    "certainty": string(), "holder_kind": nullable("string"),
                    "holder": nullable("string"), "holder_code": nullable("string"), "text": string()
                }
            },
            "Cluster": {
                "type": "object",
                "description": "the cluster contract of `sift query clusters --format json`",
                "required": ["id", "cameo_root", "documents", "syndication_groups", "independent_sources", "corroborating", "contradicting"],
                "properties": {
                    "id": {"type": "integer"}, "cameo_root": string(),
                    "plover_type": nullable("string"), "source": nullable("string"), "target": nullable("string"),
                    "place": {"type": ["object", "null"], "properties": {
                        "name": nullable("string"), "geonameid": nullable("integer"),
                        "lat": nullable("number"), "lon": nullable("number")
                    }},
                    "first_date": day(), "last_date": day(),
                    "documents": {"type": "array", "items": string()},
                    "syndication_groups": {"type": "array", "items": {"type": "array", "items": string()}},
                    "independent_sources": {"type": "integer"},
                    "corroborating": {"type": "array", "items": {"$ref": "#/components/schemas/ClaimRef"}},
                    "contradicting": {"type": "array", "items": {"$ref": "#/components/schemas/ClaimRef"}}
                }
            },
            "ClaimRef": {
                "type": "object", "required": ["doc", "claim"],
                "properties": {"doc": string(), "claim": {"type": "integer"}}
            },
            "ClusterDetail": {
                "allOf": [{"$ref": "#/components/schemas/Cluster"}],
                "type": "object",
                "required": ["detail"],
                "properties": {
                    "detail": {
                        "type": "object",
                        "required": ["documents", "corroborating", "contradicting", "events"],
                        "properties": {
                            "documents": {"type": "array", "items": {"type": "object", "required": ["id"], "properties": {
                                "id": string(), "source": nullable("string"), "url": nullable("string"),
                                "published": day(), "headline": nullable("string")
                            }}},
                            "corroborating": {"type": "array", "items": {"$ref": "#/components/schemas/ClaimDetail"}},
                            "contradicting": {"type": "array", "items": {"$ref": "#/components/schemas/ClaimDetail"}},
                            "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"},
                                       "description": "member events; each with `magnitudes` when its dossier has them"}
                        }
                    }
                }
            },
            "ClaimDetail": {
                "type": "object", "required": ["doc"],
                "properties": {
                    "doc": string(), "claim": nullable("integer"), "source": nullable("string"),
                    "text": nullable("string"), "certainty": nullable("string"), "holder": nullable("string")
                }
            },
            "DyadDay": {
                "type": "object",
                "required": ["source", "target", "day", "events", "goldstein_sum", "goldstein_mean", "quad_class", "alert"],
                "properties": {
                    "source": string(), "target": string(), "day": {"type": "string", "format": "date"},
                    "events": {"type": "integer"}, "goldstein_sum": {"type": "number"},
                    "goldstein_mean": {"type": "number"},
                    "quad_class": {"type": "array", "items": {"type": "integer"}, "minItems": 4, "maxItems": 4},
                    "alert": {"type": ["object", "null"], "description": "the escalation alert this day raised"}
                }
            },
            "DayCount": {
                "type": "object", "required": ["day", "events"],
                "properties": {"day": {"type": "string", "format": "date"}, "events": {"type": "integer"}}
            },
            "DayCounts": {
                "type": "object", "required": ["total", "items"],
                "properties": {
                    "total": {"type": "integer", "description": "events on every day together"},
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/DayCount"}}
                }
            },
            "PlaceCount": {
                "type": "object", "required": ["name", "lat", "lon", "events"],
                "properties": {
                    "name": string(), "geonameid": nullable("integer"),
                    "lat": {"type": "number"}, "lon": {"type": "number"},
                    "country_code": nullable("string"), "events": {"type": "integer"}
                }
            },
            "IngestReport": {
                "type": "object", "required": ["added", "duplicates", "events", "claims", "rejected"],
                "properties": {
                    "added": {"type": "integer"}, "duplicates": {"type": "integer"},
                    "events": {"type": "integer"}, "claims": {"type": "integer"},
                    "rejected": {"type": "array", "items": {"type": "object", "required": ["record", "reason"], "properties": {
                        "record": {"type": "integer", "description": "position in the request's array"},
                        "reason": string()
                    }}}
                }
            },
            "DocumentPage": page_of("DocumentSummary"),
            "EventPage": page_of("Event"),
            "PlacePage": page_of("PlaceCount"),
            "ClaimPage": page_of("Claim"),
            "ClusterPage": page_of("Cluster"),
            "DyadPage": page_of("DyadDay"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_a_documented_operation_and_nothing_else_is_documented() {
        for writable in [false, true] {
            let doc = document(writable);
            let routes = route_list(writable);
            let mut documented = 0;
            for (path, item) in doc["paths"].as_object().unwrap() {
                for (method, operation) in item.as_object().unwrap() {
                    documented += 1;
                    assert!(
                        routes.contains(&(method.as_str(), path.as_str())),
                        "{method} {path} is documented but not served"
                    );
                    assert!(
                        operation["responses"]["200"].is_object(),
                        "{method} {path} documents no 200 response"
                    );
                    assert!(operation["summary"].is_string(), "{method} {path}");
                }
            }
            assert_eq!(documented, routes.len());
        }
        assert!(document(false)["paths"].get("/api/ingest").is_none());
        assert!(document(true)["paths"]["/api/ingest"]["post"].is_object());
    }

    #[test]
    fn every_reference_resolves() {
        fn walk(value: &Value, doc: &Value) {
            match value {
                Value::Object(map) => {
                    if let Some(Value::String(target)) = map.get("$ref") {
                        let pointer = target.trim_start_matches('#');
                        assert!(doc.pointer(pointer).is_some(), "{target} does not resolve");
                    }
                    map.values().for_each(|v| walk(v, doc));
                }
                Value::Array(items) => items.iter().for_each(|v| walk(v, doc)),
                _ => {}
            }
        }
        let doc = document(true);
        walk(&doc, &doc);
    }
}
