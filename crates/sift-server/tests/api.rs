//! The API's contract, request by request, over a small real corpus.

mod fixture;

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fixture::{app, get, post_json, send};
use serde_json::{Value, json};
use sift_core::NewDoc;
use sift_server::{Ingest, IngestReport, RejectedRecord, WriteAccess};

// ------------------------------------------------------------ OpenAPI

/// Checks `value` against an OpenAPI 3.1 schema: types, required
/// properties, property and item schemas, enums and `allOf`, following
/// `$ref`s into the document. Returns what does not match.
fn check(schema: &Value, value: &Value, doc: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        let resolved = doc.pointer(target.trim_start_matches('#')).unwrap();
        return check(resolved, value, doc, at, errors);
    }
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        check(part, value, doc, at, errors);
    }
    if let Some(kind) = schema.get("type") {
        let kinds: Vec<&str> = match kind {
            Value::String(k) => vec![k.as_str()],
            Value::Array(ks) => ks.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let fits = kinds.iter().any(|k| match *k {
            "null" => value.is_null(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => false,
        });
        if !fits {
            errors.push(format!("{at}: {value} is not {kinds:?}"));
            return;
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        errors.push(format!("{at}: {value} is not one of {allowed:?}"));
    }
    if let Value::Object(map) = value {
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !map.contains_key(name) {
                errors.push(format!("{at}: missing {name}"));
            }
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                if let Some(inner) = map.get(name) {
                    check(property, inner, doc, &format!("{at}.{name}"), errors);
                }
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            check(item_schema, item, doc, &format!("{at}[{i}]"), errors);
        }
    }
}

struct Recorder {
    calls: Mutex<Vec<Vec<NewDoc>>>,
}

impl Ingest for Recorder {
    fn ingest(&self, documents: Vec<NewDoc>) -> anyhow::Result<IngestReport> {
        let n = documents.len();
        let rejected = documents
            .iter()
            .enumerate()
            .filter(|(_, d)| d.text.contains("REJECT"))
            .map(|(record, _)| RejectedRecord {
                record,
                reason: "refused by the test writer".into(),
            })
            .collect::<Vec<_>>();
        self.calls.lock().unwrap().push(documents);
        Ok(IngestReport {
            added: n - rejected.len(),
            rejected,
            ..IngestReport::default()
        })
    }
}

const TOKEN: &str = "a-test-token-of-some-length";

fn writable() -> (WriteAccess, Arc<Recorder>) {
    let recorder = Arc::new(Recorder {
        calls: Mutex::new(Vec::new()),
    });
    (WriteAccess::new(TOKEN, recorder.clone()).unwrap(), recorder)
}

#[tokio::test]
async fn every_documented_operation_answers_as_documented() {
    let fixture = fixture::build();
    let (write, _) = writable();
    let app = app(&fixture, Some(write));
    let doc = get(&app, "/api/openapi.json").await.json();
    assert_eq!(doc, sift_server::openapi_document(true));
    let mut exercised = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            // Path parameters from the fixture, so that the 200 answer (and
            // its schema) is what gets checked.
            let uri = path
                .replace(
                    "{id}",
                    if path.starts_with("/api/docs") {
                        &fixture.dossiers[0].id
                    } else {
                        "1"
                    },
                )
                .to_string();
            let uri = if path == "/api/export" {
                format!("{uri}?format=jsonl")
            } else {
                uri
            };
            let request = match method.as_str() {
                "get" => Request::get(&uri).body(Body::empty()).unwrap(),
                "post" => {
                    let example =
                        &operation["requestBody"]["content"]["application/json"]["example"];
                    assert!(!example.is_null(), "{method} {path} has no example body");
                    let mut builder =
                        Request::post(&uri).header("content-type", "application/json");
                    if operation.get("security").is_some() {
                        builder = builder.header("authorization", format!("Bearer {TOKEN}"));
                    }
                    builder.body(Body::from(example.to_string())).unwrap()
                }
                other => panic!("undocumented method {other}"),
            };
            let answer = send(&app, request).await;
            assert_eq!(
                answer.status,
                StatusCode::OK,
                "{method} {path}: {}",
                answer.text()
            );
            let response = &operation["responses"]["200"]["content"];
            if let Some(schema) = response.get("application/json").map(|c| &c["schema"]) {
                let mut errors = Vec::new();
                check(schema, &answer.json(), &doc, path, &mut errors);
                assert!(errors.is_empty(), "{method} {path}: {errors:#?}");
            }
            exercised += 1;
        }
    }
    assert!(exercised >= 13, "{exercised}");
}

// ------------------------------------------------------------ reading

#[tokio::test]
async fn health_counts_what_is_stored() {
    let fixture = fixture::build();
    let health = get(&app(&fixture, None), "/api/health").await.json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["documents"], 4);
    assert_eq!(health["writable"], false);
    assert!(health["events"].as_u64().unwrap() > 40);
}

#[tokio::test]
async fn listings_filter_page_and_report_the_total() {
    let fixture = fixture::build();
    let app = app(&fixture, None);
    let all = get(&app, "/api/events?limit=5").await.json();
    let total = all["total"].as_u64().unwrap();
    assert_eq!(all["items"].as_array().unwrap().len(), 5);
    assert_eq!(
        (all["offset"].as_u64(), all["limit"].as_u64()),
        (Some(0), Some(5))
    );

    let next = get(&app, "/api/events?limit=5&offset=5").await.json();
    assert_eq!(next["total"], total);
    assert_ne!(next["items"][0]["key"], all["items"][0]["key"]);

    let russian = get(&app, "/api/events?actor=RUS&since=2026-03-01")
        .await
        .json();
    let n_russian = russian["total"].as_u64().unwrap();
    assert!(
        n_russian >= 1 && n_russian < total,
        "{n_russian} of {total}"
    );
    for event in russian["items"].as_array().unwrap() {
        assert!(event["source_code"].as_str().unwrap().starts_with("RUS"));
    }
    let minsk = get(&app, "/api/events?place=Minsk").await.json();
    for event in minsk["items"].as_array().unwrap() {
        assert_eq!(event["place_name"], "Minsk");
    }
    let near_aleppo = get(&app, "/api/events?near=36.2,37.15,50").await.json();
    assert!(near_aleppo["total"].as_u64().unwrap() >= 2);
    let words = get(&app, "/api/docs?text=protesters%20Minsk").await.json();
    assert_eq!(words["total"], 1);
    assert_eq!(words["items"][0]["source"], "daily-b.example");

    let denied = get(&app, "/api/claims?certainty=denied").await.json();
    assert!(denied["total"].as_u64().unwrap() >= 1);
    for claim in denied["items"].as_array().unwrap() {
        assert_eq!(claim["certainty"], "denied");
    }
}

#[tokio::test]
async fn the_map_and_timeline_aggregates_follow_the_filters() {
    let fixture = fixture::build();
    let app = app(&fixture, None);
    let days = get(&app, "/api/events/days").await.json();
    let total_events = get(&app, "/api/events?limit=1").await.json()["total"].clone();
    assert_eq!(days["total"], total_events);
    assert!(days["items"].as_array().unwrap().len() >= 40);
    let places = get(&app, "/api/events/places?actor=RUS").await.json();
    let aleppo = places["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Aleppo")
        .expect("Aleppo on the map");
    assert!(aleppo["events"].as_u64().unwrap() >= 2);
    assert_eq!(
        get(&app, "/api/events/days?limit=10").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn a_stored_dossier_is_returned_whole_and_a_missing_one_is_404() {
    let fixture = fixture::build();
    let app = app(&fixture, None);
    let id = &fixture.dossiers[0].id;
    let answer = get(&app, &format!("/api/docs/{id}")).await;
    assert_eq!(answer.status, StatusCode::OK);
    // Byte for byte what was stored.
    assert_eq!(
        answer.text(),
        serde_json::to_string(&fixture.dossiers[0]).unwrap()
    );
    assert_eq!(answer.headers["content-type"], "application/json");
    let missing = get(&app, "/api/docs/d0000000000000000").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.json()["error"]
            .as_str()
            .unwrap()
            .contains("no document")
    );
}

#[tokio::test]
async fn a_cluster_comes_with_its_outlets_claims_and_events() {
    let fixture = fixture::build();
    let app = app(&fixture, None);
    let list = get(&app, "/api/clusters").await.json();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["independent_sources"], 1);
    let cluster = get(&app, "/api/clusters/1").await.json();
    let detail = &cluster["detail"];
    let sources: Vec<&str> = detail["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["source"].as_str())
        .collect();
    assert_eq!(sources, ["wire.example", "daily-a.example"]);
    assert_eq!(detail["contradicting"][0]["certainty"], "denied");
    assert!(
        detail["contradicting"][0]["text"]
            .as_str()
            .unwrap()
            .contains("attacked")
    );
    assert!(!detail["events"].as_array().unwrap().is_empty());
    assert_eq!(
        get(&app, "/api/clusters/99").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/api/clusters/x").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn dyads_carry_the_escalation_alert_on_the_day_of_the_drop() {
    let fixture = fixture::build();
    let app = app(&fixture, None);
    let page = get(&app, "/api/dyads?source=rus&target=UKR&limit=1000")
        .await
        .json();
    assert_eq!(page["total"], 40);
    let items = page["items"].as_array().unwrap();
    let alerts: Vec<&str> = items
        .iter()
        .filter(|d| !d["alert"].is_null())
        .map(|d| d["day"].as_str().unwrap())
        .collect();
    assert_eq!(alerts, ["2026-02-09"]);
    // Paging cuts the series after the alerts are computed.
    let last = get(&app, "/api/dyads?source=RUS&target=UKR&limit=1&offset=39")
        .await
        .json();
    assert_eq!(last["items"][0]["day"], "2026-02-09");
    assert!(!last["items"][0]["alert"].is_null());
    let sector = get(&app, "/api/dyads?source=RUSGOV&target=UKRGOV&level=sector")
        .await
        .json();
    assert_eq!(sector["total"], 40);
}

#[tokio::test]
async fn analyze_returns_a_dossier_whose_spans_quote_its_text() {
    let fixture = fixture::build();
    let app = app(&fixture, None);
    let answer = post_json(
        &app,
        "/api/analyze",
        &json!({
            "headline": "Warplanes strike convoy",
            "text": "Russian warplanes bombed an aid convoy near Aleppo on Tuesday.",
            "date": "2026-03-11",
            "source": "wire.example"
        }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let dossier = answer.json();
    let text = dossier["text"].as_str().unwrap().as_bytes();
    let event = &dossier["events"][0];
    let trigger = &event["trigger"];
    let (start, end) = (
        trigger["start"].as_u64().unwrap() as usize,
        trigger["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &text[start..end],
        trigger["text"].as_str().unwrap().as_bytes()
    );
    assert_eq!(event["place"]["name"], "Aleppo");
    assert_eq!(dossier["published"], "2026-03-11");
    // Not stored.
    let health = get(&app, "/api/health").await.json();
    assert_eq!(health["documents"], 4);
}

#[tokio::test]
async fn malformed_requests_are_refused_with_a_reason() {
    let fixture = fixture::build();
    let app = app(&fixture, None);
    for (uri, needle) in [
        ("/api/events?limit=1001", "limit 1001 is out of range"),
        ("/api/events?limit=0", "out of range"),
        ("/api/events?actr=RUS", "unknown field"),
        ("/api/events?since=last-week", "use YYYY-MM-DD"),
        ("/api/events?near=1,2", "LAT,LON,KM"),
        ("/api/claims?certainty=sure", "is not one of"),
        ("/api/events?fts=convoy%20AND%20(", "bad text query"),
        ("/api/dyads?level=city", "not country or sector"),
    ] {
        let answer = get(&app, uri).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}");
        let message = answer.json()["error"].as_str().unwrap().to_string();
        assert!(message.contains(needle), "{uri}: {message}");
    }
    let empty = post_json(&app, "/api/analyze", &json!({"text": "  "})).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    let unknown = post_json(&app, "/api/analyze", &json!({"text": "x", "body": "y"})).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let not_json = send(
        &app,
        Request::post("/api/analyze")
            .header("content-type", "application/json")
            .body(Body::from("{"))
            .unwrap(),
    )
    .await;
    assert_eq!(not_json.status, StatusCode::BAD_REQUEST);
    assert!(not_json.json()["error"].is_string());
    assert_eq!(
        get(&app, "/api/nothing").await.status,
        StatusCode::NOT_FOUND
    );
}

// ------------------------------------------------------------ security

#[tokio::test]
async fn search_words_cannot_inject_fts_syntax_or_sql() {
    let fixture = fixture::build();
    let app = app(&fixture, None);
    // FTS5 operators in free words are words, not syntax.
    let words = get(&app, "/api/docs?text=convoy%22%20OR%20NEAR(%20*").await;
    assert_eq!(words.status, StatusCode::OK);
    assert_eq!(words.json()["total"], 0);
    let plain = get(&app, "/api/docs?text=convoy").await.json();
    assert_eq!(plain["total"], 2);
    // SQL in a filter is a value to compare, never SQL.
    let injection = get(&app, "/api/events?actor=%27%20OR%201%3D1%20--").await;
    assert_eq!(injection.status, StatusCode::OK);
    assert_eq!(injection.json()["total"], 0);
    let percent = get(&app, "/api/events?actor=%25").await.json();
    assert_eq!(
        percent["total"], 0,
        "a LIKE wildcard must match itself only"
    );
    let health = get(&app, "/api/health").await.json();
    assert_eq!(health["documents"], 4);
}

#[tokio::test]
async fn the_server_is_read_only_unless_given_a_token() {
    let fixture = fixture::build();
    let app = app(&fixture, None);
    let answer = post_json(&app, "/api/ingest", &json!([{"text": "x"}])).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(
        get(&app, "/api/openapi.json").await.json()["paths"]
            .get("/api/ingest")
            .is_none()
    );
    for method in ["PUT", "DELETE", "PATCH"] {
        let id = &fixture.dossiers[0].id;
        let answer = send(
            &app,
            Request::builder()
                .method(method)
                .uri(format!("/api/docs/{id}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
    assert!(WriteAccess::new("short", writable().1).is_err());
}

#[tokio::test]
async fn ingest_needs_the_bearer_token_and_reports_rejected_records_by_position() {
    let fixture = fixture::build();
    let (write, recorder) = writable();
    let app = app(&fixture, Some(write));
    let records = json!([
        {"text": "Thousands marched in Minsk.", "date": "2026-03-15"},
        {"text": "   "},
        {"text": "REJECT this one", "source": "x.example"}
    ]);
    let post = |authorization: Option<String>| {
        let mut builder = Request::post("/api/ingest").header("content-type", "application/json");
        if let Some(value) = authorization {
            builder = builder.header("authorization", value);
        }
        builder.body(Body::from(records.to_string())).unwrap()
    };
    for authorization in [
        None,
        Some(format!("Bearer {TOKEN}x")),
        Some(format!("Bearer {}", &TOKEN[..TOKEN.len() - 1])),
        Some(format!("Basic {TOKEN}")),
        Some("Bearer ".to_string()),
    ] {
        let answer = send(&app, post(authorization.clone())).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{authorization:?}");
    }
    assert!(recorder.calls.lock().unwrap().is_empty());
    let answer = send(&app, post(Some(format!("Bearer {TOKEN}")))).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let report = answer.json();
    assert_eq!(report["added"], 1);
    let rejected: Vec<u64> = report["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["record"].as_u64().unwrap())
        .collect();
    assert_eq!(rejected, [1, 2]);
    let calls = recorder.calls.lock().unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        calls[0].len(),
        2,
        "the empty record never reaches the writer"
    );
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_with_413() {
    let fixture = fixture::build();
    let app = app(&fixture, None);
    let text = "word ".repeat(1_100_000);
    let answer = post_json(&app, "/api/analyze", &json!({ "text": text })).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_request_over_the_time_limit_is_answered_408() {
    let fixture = fixture::build();
    let mut config = fixture::config(&fixture.db);
    config.limits.request_timeout = std::time::Duration::from_millis(1);
    let app = sift_server::router(&config, fixture::pipeline(), None).unwrap();
    let text = "Russian warplanes bombed an aid convoy near Aleppo on Tuesday. ".repeat(3000);
    let answer = post_json(&app, "/api/analyze", &json!({ "text": text })).await;
    assert_eq!(answer.status, StatusCode::REQUEST_TIMEOUT);
}

#[tokio::test]
async fn no_cors_headers_are_sent_and_the_ui_may_load_only_from_the_server() {
    let fixture = fixture::build();
    let app = app(&fixture, None);
    let answer = send(
        &app,
        Request::get("/api/health")
            .header("origin", "https://elsewhere.example")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.headers.get("access-control-allow-origin").is_none());
    let preflight = send(
        &app,
        Request::builder()
            .method("OPTIONS")
            .uri("/api/analyze")
            .header("origin", "https://elsewhere.example")
            .header("access-control-request-method", "POST")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(
        preflight
            .headers
            .get("access-control-allow-origin")
            .is_none()
    );
    assert!(!preflight.status.is_success());
    let page = get(&app, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("connect-src 'self'"));
    assert!(page.text().contains("/assets/app.js"));
}

#[tokio::test]
async fn static_paths_cannot_leave_the_embedded_assets() {
    let fixture = fixture::build();
    let app = app(&fixture, None);
    assert_eq!(get(&app, "/assets/app.js").await.status, StatusCode::OK);
    assert_eq!(
        get(&app, "/assets/vendor/d3.min.js").await.headers["content-type"],
        "text/javascript; charset=utf-8"
    );
    for uri in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/..%2fCargo.toml",
        "/assets/vendor/..%2f..%2fsrc%2flib.rs",
        "/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fCargo.toml",
        "/assets//etc/passwd",
        "/assets/..\\..\\Cargo.toml",
    ] {
        let answer = get(&app, uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!answer.text().contains("[package]"), "{uri}");
    }
}

#[tokio::test]
async fn the_server_stops_gracefully_when_told() {
    let fixture = fixture::build();
    let app = app(&fixture, None);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(sift_server::serve(listener, app, async move {
        let _ = stopped.await;
    }));
    let response = tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    })
    .await
    .unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    stop.send(()).unwrap();
    let result = tokio::time::timeout(std::time::Duration::from_secs(10), server)
        .await
        .expect("the server stops within 10 s");
    assert!(result.unwrap().is_ok());
    assert!(std::net::TcpStream::connect(addr).is_err());
}

#[tokio::test]
async fn export_streams_every_matching_event_in_each_format() {
    let fixture = fixture::build();
    let app = app(&fixture, None);
    // RUSMIL: the fixture's synthetic RUSGOV series has no dossier events to
    // export.
    let total = get(&app, "/api/events?actor=RUSMIL&limit=1").await.json()["total"]
        .as_u64()
        .unwrap() as usize;
    let csv = get(&app, "/api/export?format=csv&actor=RUSMIL").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert_eq!(
        csv.text().lines().count(),
        total + 1,
        "a header and one row per event"
    );
    let jsonl = get(&app, "/api/export?format=jsonl&actor=RUSMIL").await;
    assert_eq!(jsonl.text().lines().count(), total);
    for line in jsonl.text().lines() {
        serde_json::from_str::<Value>(line).unwrap();
    }
    let gdelt = get(&app, "/api/export?format=gdelt").await;
    for line in gdelt.text().lines() {
        assert_eq!(line.split('\t').count(), 61, "{line}");
    }
    for uri in [
        "/api/export",
        "/api/export?format=parquet",
        "/api/export?format=csv&limit=10",
        "/api/export?format=csv&since=soon",
    ] {
        assert_eq!(
            get(&app, uri).await.status,
            StatusCode::BAD_REQUEST,
            "{uri}"
        );
    }
}
