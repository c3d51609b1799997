//! The JSON API. Every route here is documented in `openapi.rs`; a test
//! checks that the two lists agree and that each route answers.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any, get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sift_core::{Doc, Dossier, DossierOptions};
use sift_corpus::{AlertConfig, DailyGoldstein, EscalationAlert, alerts_by_pair};
use sift_store::{DyadDay, Paged, Store};

use crate::AppState;
use crate::error::ApiError;
use crate::ingest::{IngestRecord, IngestReport, RejectedRecord};
use crate::params::{DyadParams, ListParams, page};

/// One route: its method and path in OpenAPI's spelling, its handler, and
/// whether it exists only with write access. The router and the OpenAPI
/// document are both built from this one list.
pub(crate) struct Endpoint {
    pub method: &'static str,
    pub path: &'static str,
    pub handler: MethodRouter<AppState>,
    pub write_only: bool,
}

fn endpoint(method: &'static str, path: &'static str, handler: MethodRouter<AppState>) -> Endpoint {
    Endpoint {
        method,
        path,
        handler,
        write_only: false,
    }
}

/// Every route of the API.
pub(crate) fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint("get", "/api/health", get(health)),
        endpoint("get", "/api/openapi.json", get(openapi)),
        endpoint("post", "/api/analyze", post(analyze)),
        endpoint("get", "/api/docs", get(documents)),
        endpoint("get", "/api/docs/{id}", get(dossier)),
        endpoint("get", "/api/events", get(events)),
        endpoint("get", "/api/events/days", get(event_days)),
        endpoint("get", "/api/events/places", get(event_places)),
        endpoint("get", "/api/claims", get(claims)),
        endpoint("get", "/api/clusters", get(clusters)),
        endpoint("get", "/api/clusters/{id}", get(cluster)),
        endpoint("get", "/api/dyads", get(dyads)),
        endpoint("get", "/api/export", get(crate::export::export)),
        Endpoint {
            write_only: true,
            ..endpoint("post", "/api/ingest", post(ingest))
        },
    ]
}

/// The (method, path) pairs a server with or without write access serves.
pub(crate) fn route_list(writable: bool) -> Vec<(&'static str, &'static str)> {
    endpoints()
        .into_iter()
        .filter(|e| writable || !e.write_only)
        .map(|e| (e.method, e.path))
        .collect()
}

pub(crate) fn routes(state: AppState) -> Router {
    let writable = state.write.is_some();
    let mut router = Router::new();
    for endpoint in endpoints() {
        if writable || !endpoint.write_only {
            router = router.route(endpoint.path, endpoint.handler);
        }
    }
    router
        .route("/api", get(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .with_state(state)
}

type ApiResult<T> = Result<T, ApiError>;

pub(crate) fn query<T>(query: Result<Query<T>, QueryRejection>) -> ApiResult<T> {
    query
        .map(|Query(value)| value)
        .map_err(|rejection| ApiError::bad_request(lower_first(&rejection.body_text())))
}

fn body<T>(json: Result<Json<T>, JsonRejection>) -> ApiResult<T> {
    json.map(|Json(value)| value).map_err(|rejection| ApiError {
        status: rejection.status(),
        message: lower_first(&rejection.body_text()),
    })
}

/// axum's rejection texts start with a capital; ours never do.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

async fn api_not_found() -> ApiError {
    ApiError::not_found("no such API route; the routes are listed at /api/openapi.json")
}

async fn openapi(State(state): State<AppState>) -> Json<Value> {
    Json(crate::openapi::document(state.write.is_some()))
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
    schema_version: u32,
    documents: u64,
    events: u64,
    writable: bool,
}

async fn health(State(state): State<AppState>) -> ApiResult<Json<Health>> {
    let writable = state.write.is_some();
    let health = state
        .pool
        .run(move |store| {
            let one = sift_store::PageRequest {
                offset: 0,
                limit: 1,
            };
            let filter = sift_store::Filter::default();
            Ok(Health {
                status: "ok",
                version: env!("CARGO_PKG_VERSION"),
                schema_version: store.schema_version()?,
                documents: store.documents(&filter, one)?.total,
                events: store.events(&filter, one)?.total,
                writable,
            })
        })
        .await?;
    Ok(Json(health))
}

/// A page of a listing: the rows, where they start, the page size asked
/// for, and how many rows matched in all.
#[derive(Serialize)]
struct Page<T> {
    total: u64,
    offset: usize,
    limit: usize,
    items: Vec<T>,
}

impl<T> Page<T> {
    fn from_paged(paged: Paged<T>, limit: usize) -> Page<T> {
        Page {
            total: paged.total,
            offset: paged.offset,
            limit,
            items: paged.items,
        }
    }
}

type ListQuery = Result<Query<ListParams>, QueryRejection>;

async fn documents(
    State(state): State<AppState>,
    params: ListQuery,
) -> ApiResult<Json<Page<sift_store::DocumentSummary>>> {
    let params = query(params)?;
    let (filter, page) = (params.filter()?, params.page(&state.limits)?);
    let paged = state
        .pool
        .run(move |store| Ok(store.documents(&filter, page)?))
        .await?;
    Ok(Json(Page::from_paged(paged, page.limit)))
}

async fn dossier(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    let lookup = id.clone();
    let json = state
        .pool
        .run(move |store| Ok(store.dossier(&lookup)?))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no document {id:?} in the database")))?;
    // The stored dossier is already JSON: sent as it is, not re-encoded.
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

async fn events(
    State(state): State<AppState>,
    params: ListQuery,
) -> ApiResult<Json<Page<sift_store::EventRow>>> {
    let params = query(params)?;
    let (filter, page) = (params.filter()?, params.page(&state.limits)?);
    let paged = state
        .pool
        .run(move |store| Ok(store.events(&filter, page)?))
        .await?;
    Ok(Json(Page::from_paged(paged, page.limit)))
}

#[derive(Serialize)]
struct Days {
    total: u64,
    items: Vec<sift_store::DayCount>,
}

async fn event_days(State(state): State<AppState>, params: ListQuery) -> ApiResult<Json<Days>> {
    let params = query(params)?;
    if params.limit.is_some() || params.offset.is_some() {
        return Err(ApiError::bad_request(
            "event days are not paged: one row per day, every day that matches",
        ));
    }
    let filter = params.filter()?;
    let items = state
        .pool
        .run(move |store| Ok(store.event_days(&filter)?))
        .await?;
    Ok(Json(Days {
        total: items.iter().map(|d| d.events as u64).sum(),
        items,
    }))
}

async fn event_places(
    State(state): State<AppState>,
    params: ListQuery,
) -> ApiResult<Json<Page<sift_store::PlaceCount>>> {
    let params = query(params)?;
    let (filter, page) = (params.filter()?, params.page(&state.limits)?);
    let paged = state
        .pool
        .run(move |store| Ok(store.event_places(&filter, page)?))
        .await?;
    Ok(Json(Page::from_paged(paged, page.limit)))
}

async fn claims(
    State(state): State<AppState>,
    params: ListQuery,
) -> ApiResult<Json<Page<sift_store::ClaimRow>>> {
    let params = query(params)?;
    let (filter, page) = (params.filter()?, params.page(&state.limits)?);
    let paged = state
        .pool
        .run(move |store| Ok(store.claims(&filter, page)?))
        .await?;
    Ok(Json(Page::from_paged(paged, page.limit)))
}

async fn clusters(
    State(state): State<AppState>,
    params: ListQuery,
) -> ApiResult<Json<Page<Value>>> {
    let params = query(params)?;
    let (filter, page) = (params.filter()?, params.page(&state.limits)?);
    let paged = state
        .pool
        .run(move |store| Ok(store.clusters(&filter, page)?))
        .await?;
    // The JSON contract of a cluster is its stored summary, as in
    // `sift query clusters --format json`.
    Ok(Json(Page {
        total: paged.total,
        offset: paged.offset,
        limit: page.limit,
        items: paged.items.into_iter().map(|c| c.summary).collect(),
    }))
}

/// Members of one cluster the detail view lists at most; the counts in the
/// summary stay exact.
const CLUSTER_DETAIL_DOCUMENTS: usize = 200;

async fn cluster(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let cluster_id: i64 = id
        .parse()
        .map_err(|_| ApiError::bad_request(format!("cluster id {id:?} is not a number")))?;
    let detail = state
        .pool
        .run(move |store| cluster_detail(store, cluster_id))
        .await?;
    Ok(Json(detail))
}

/// The cluster's summary (the issue-7 contract) with what the cluster view
/// shows beside it: each member document's outlet, date and headline, the
/// text of each corroborating and contradicting claim, and the member
/// events with their magnitudes when the dossier has them.
fn cluster_detail(store: &dyn Store, id: i64) -> ApiResult<Value> {
    let row = store
        .cluster(id)?
        .ok_or_else(|| ApiError::not_found(format!("no cluster {id} in the database")))?;
    let mut summary = match row.summary {
        Value::Object(map) => map,
        other => {
            let mut map = serde_json::Map::new();
            map.insert("summary".into(), other);
            map
        }
    };
    let member_ids: Vec<String> = summary
        .get("documents")
        .and_then(Value::as_array)
        .map(|ids| {
            ids.iter()
                .filter_map(|id| id.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let events = store.cluster_events(id)?;
    let mut ids: Vec<String> = member_ids;
    for event in &events {
        if !ids.contains(&event.doc_id) {
            ids.push(event.doc_id.clone());
        }
    }
    let mut dossiers: HashMap<String, Value> = HashMap::new();
    for doc_id in ids.iter().take(CLUSTER_DETAIL_DOCUMENTS) {
        if let Some(json) = store.dossier(doc_id)? {
            let dossier: Value = serde_json::from_str(&json).map_err(ApiError::internal)?;
            dossiers.insert(doc_id.clone(), dossier);
        }
    }
    let documents: Vec<Value> = ids
        .iter()
        .filter_map(|doc_id| dossiers.get(doc_id).map(|d| (doc_id, d)))
        .map(|(doc_id, d)| {
            json!({
                "id": doc_id,
                "source": d.get("source"),
                "url": d.get("url"),
                "published": d.get("published"),
                "headline": d.pointer("/headline/text"),
            })
        })
        .collect();
    let claim_detail = |list: Option<&Value>| -> Vec<Value> {
        list.and_then(Value::as_array)
            .map(|entries| {
                entries
                    .iter()
                    .map(|entry| {
                        let doc = entry.get("doc").and_then(Value::as_str).unwrap_or("");
                        let claim = entry
                            .get("claim")
                            .and_then(Value::as_u64)
                            .and_then(|i| {
                                dossiers
                                    .get(doc)?
                                    .get("claims")?
                                    .get(usize::try_from(i).ok()?)
                            })
                            .cloned()
                            .unwrap_or(Value::Null);
                        json!({
                            "doc": doc,
                            "claim": entry.get("claim"),
                            "source": dossiers.get(doc).and_then(|d| d.get("source")),
                            "text": claim.get("text"),
                            "certainty": claim.get("certainty"),
                            "holder": claim.pointer("/attribution/text"),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let corroborating = claim_detail(summary.get("corroborating"));
    let contradicting = claim_detail(summary.get("contradicting"));
    let event_values: Vec<Value> = events
        .iter()
        .map(|event| {
            let mut value = serde_json::to_value(event).unwrap_or(Value::Null);
            let magnitudes = dossiers
                .get(&event.doc_id)
                .and_then(|d| {
                    d.get("events")?
                        .get(event.index as usize)?
                        .get("magnitudes")
                })
                .cloned();
            if let (Value::Object(map), Some(magnitudes)) = (&mut value, magnitudes) {
                map.insert("magnitudes".into(), magnitudes);
            }
            value
        })
        .collect();
    summary.insert(
        "detail".into(),
        json!({
            "documents": documents,
            "corroborating": corroborating,
            "contradicting": contradicting,
            "events": event_values,
        }),
    );
    Ok(Value::Object(summary))
}

/// One dyad day with the escalation alert it raised, if any.
#[derive(Serialize)]
struct DyadDayOut {
    #[serde(flatten)]
    day: DyadDay,
    alert: Option<EscalationAlert>,
}

async fn dyads(
    State(state): State<AppState>,
    params: Result<Query<DyadParams>, QueryRejection>,
) -> ApiResult<Json<Page<DyadDayOut>>> {
    let params = query(params)?;
    let dyad_query = params.query()?;
    let page = page(params.limit, params.offset, &state.limits)?;
    let config = AlertConfig {
        k: params.k.unwrap_or(AlertConfig::default().k),
        ..AlertConfig::default()
    };
    if !config.k.is_finite() || config.k <= 0.0 {
        return Err(ApiError::bad_request("k must be above 0"));
    }
    let days = state
        .pool
        .run(move |store| Ok(store.dyads(&dyad_query)?))
        .await?;
    // Alerts are computed over the whole series, then the page is cut.
    let alerts = alerts_by_pair(
        days.iter().map(|d| {
            (
                d.source.as_str(),
                d.target.as_str(),
                DailyGoldstein {
                    day: d.day,
                    goldstein_sum: d.goldstein_sum,
                },
            )
        }),
        config,
    );
    let total = days.len() as u64;
    let items = days
        .into_iter()
        .zip(alerts)
        .skip(page.offset)
        .take(page.limit)
        .map(|(day, alert)| DyadDayOut { day, alert })
        .collect();
    Ok(Json(Page {
        total,
        offset: page.offset,
        limit: page.limit,
        items,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnalyzeParams {
    /// Include the token layer.
    #[serde(default)]
    tokens: bool,
}

async fn analyze(
    State(state): State<AppState>,
    params: Result<Query<AnalyzeParams>, QueryRejection>,
    record: Result<Json<IngestRecord>, JsonRejection>,
) -> ApiResult<Response> {
    let params = query(params)?;
    let new_doc = body(record)?
        .into_new_doc()
        .map_err(ApiError::bad_request)?;
    let pipeline = Arc::clone(&state.pipeline);
    let permit = Arc::clone(&state.analyses)
        .acquire_owned()
        .await
        .map_err(ApiError::internal)?;
    let json = tokio::task::spawn_blocking(move || -> ApiResult<String> {
        let _permit = permit;
        let mut doc = Doc::new(new_doc).map_err(|err| ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: err.to_string(),
        })?;
        pipeline.run(&mut doc);
        let dossier = Dossier::from_doc(
            &doc,
            DossierOptions {
                include_text: true,
                include_tokens: params.tokens,
            },
        );
        serde_json::to_string(&dossier).map_err(ApiError::internal)
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

async fn ingest(
    State(state): State<AppState>,
    headers: HeaderMap,
    records: Result<Json<Vec<IngestRecord>>, JsonRejection>,
) -> ApiResult<Json<IngestReport>> {
    let write = state
        .write
        .as_ref()
        .ok_or_else(|| ApiError::not_found("the server is read-only"))?;
    write.authorize(&headers)?;
    let records = body(records)?;
    let mut positions = Vec::with_capacity(records.len());
    let mut documents = Vec::with_capacity(records.len());
    let mut rejected = Vec::new();
    for (record, item) in records.into_iter().enumerate() {
        match item.into_new_doc() {
            Ok(doc) => {
                positions.push(record);
                documents.push(doc);
            }
            Err(reason) => rejected.push(RejectedRecord { record, reason }),
        }
    }
    let ingest = write.ingest();
    let mut report = tokio::task::spawn_blocking(move || ingest.ingest(documents))
        .await
        .map_err(ApiError::internal)?
        .map_err(|err| {
            tracing::error!("ingest failed: {err:#}");
            ApiError::internal(format!("{err:#}"))
        })?;
    for rejection in &mut report.rejected {
        rejection.record = positions
            .get(rejection.record)
            .copied()
            .unwrap_or(rejection.record);
    }
    report.rejected.extend(rejected);
    report.rejected.sort_by_key(|r| r.record);
    Ok(Json(report))
}
