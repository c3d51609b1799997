//! The store's contract: batches are atomic, keys continue, filters narrow
//! and every listing reports its total.

use chrono::{NaiveDate, Utc};
use sift_store::{
    ClaimRow, ClusterRow, DocumentRow, DyadLevel, DyadQuery, Error, EventRow, Filter, PageRequest,
    PlaceRow, SCHEMA_VERSION, SqliteStore, Store, WriteBatch,
};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn document(key: i64, id: &str, text: &str, published: &str) -> DocumentRow {
    DocumentRow {
        key,
        id: id.into(),
        url: Some(format!("https://{id}.example/a")),
        source: Some(format!("{id}.example")),
        published: Some(day(published)),
        headline: Some(format!("headline of {id}")),
        language: Some("en".into()),
        origin: "test.jsonl:1".into(),
        ingested_at: Utc::now(),
        text: text.into(),
        syndication_group: key,
        copy_of: None,
        copy_similarity: None,
        signature: vec![1, 2, 3],
        dossier_json: format!("{{\"id\":\"{id}\"}}"),
    }
}

#[allow(clippy::too_many_arguments)]
fn event(
    key: i64,
    doc_key: i64,
    source: &str,
    cameo: &str,
    target: &str,
    first: &str,
    lat: f64,
    lon: f64,
    goldstein: f64,
) -> EventRow {
    EventRow {
        key,
        doc_key,
        index: 0,
        trigger: "bombed".into(),
        source_code: Some(source.into()),
        source_country: Some(source[..3].into()),
        source_sector: (source.len() > 3).then(|| source[3..].into()),
        target_code: Some(target.into()),
        target_country: Some(target[..3].into()),
        target_sector: (target.len() > 3).then(|| target[3..].into()),
        cameo: cameo.into(),
        goldstein: Some(goldstein),
        quad_class: Some(4),
        plover_type: Some("ASSAULT".into()),
        first_day: Some(day(first)),
        last_day: Some(day(first)),
        place_name: Some("Aleppo".into()),
        geonameid: Some(170063),
        lat: Some(lat),
        lon: Some(lon),
        country_code: Some("SY".into()),
        certainty: Some("asserted".into()),
        cluster: Some(1),
        ..EventRow::default()
    }
}

fn sample() -> WriteBatch {
    WriteBatch {
        documents: vec![
            document(
                1,
                "a",
                "Russian warplanes bombed an aid convoy near Aleppo.",
                "2026-03-10",
            ),
            document(
                2,
                "b",
                "Brazil signed a trade deal with Argentina.",
                "2026-03-12",
            ),
        ],
        events: vec![
            event(
                1,
                1,
                "RUSMIL",
                "195",
                "SYRGOV",
                "2026-03-10",
                36.2,
                37.16,
                -10.0,
            ),
            event(
                2,
                1,
                "RUSMIL",
                "190",
                "SYR",
                "2026-03-11",
                36.2,
                37.16,
                -10.0,
            ),
            EventRow {
                place_name: Some("Buenos Aires".into()),
                geonameid: Some(3435910),
                country_code: Some("AR".into()),
                cluster: None,
                ..event(
                    3,
                    2,
                    "BRAGOV",
                    "0311",
                    "ARG",
                    "2026-03-12",
                    -34.6,
                    -58.4,
                    4.0,
                )
            },
        ],
        claims: vec![ClaimRow {
            doc_key: 1,
            index: 0,
            certainty: "denied".into(),
            holder: Some("the ministry".into()),
            holder_code: Some("RUSGOV".into()),
            text: "bombed".into(),
            ..ClaimRow::default()
        }],
        places: vec![PlaceRow {
            doc_key: 1,
            index: 0,
            text: "Aleppo".into(),
            name: "Aleppo".into(),
            geonameid: Some(170063),
            lat: 36.2,
            lon: 37.16,
            country_code: "SY".into(),
        }],
        actors: vec![],
        clusters: vec![ClusterRow {
            id: 1,
            cameo_root: "19".into(),
            plover_type: Some("ASSAULT".into()),
            source: Some("RUSMIL".into()),
            target: Some("SYRGOV".into()),
            place_name: Some("Aleppo".into()),
            geonameid: Some(170063),
            lat: Some(36.2),
            lon: Some(37.16),
            first_date: Some(day("2026-03-10")),
            last_date: Some(day("2026-03-11")),
            n_documents: 1,
            independent_sources: 1,
            n_contradicting: 0,
            summary: serde_json::json!({"id": 1}),
        }],
        reclustered: vec![],
    }
}

#[test]
fn a_new_database_records_its_schema_version() {
    let store = SqliteStore::in_memory().unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.next_keys().unwrap().document, 1);
}

#[test]
fn a_database_from_a_newer_sift_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    {
        let store = SqliteStore::open(&path).unwrap();
        store
            .connection()
            .execute(
                "INSERT INTO schema_migrations VALUES (99, 'future', 'now')",
                [],
            )
            .unwrap();
    }
    assert!(matches!(
        SqliteStore::open(&path),
        Err(Error::NewerSchema { found: 99, .. })
    ));
}

#[test]
fn a_failed_batch_writes_nothing() {
    let mut store = SqliteStore::in_memory().unwrap();
    store.write_batch(&sample()).unwrap();
    // The same keys again violate the primary keys halfway through.
    let mut again = sample();
    again.documents[0].key = 10;
    again.documents[0].id = "new".into();
    assert!(store.write_batch(&again).is_err());
    assert!(store.dossier("new").unwrap().is_none());
    assert_eq!(store.next_keys().unwrap().document, 3);
    assert_eq!(store.next_keys().unwrap().event, 4);
}

#[test]
fn filters_narrow_and_totals_count_every_page() {
    let mut store = SqliteStore::in_memory().unwrap();
    store.write_batch(&sample()).unwrap();
    let page = PageRequest {
        offset: 0,
        limit: 1,
    };
    let all = store.events(&Filter::default(), page).unwrap();
    assert_eq!((all.total, all.items.len()), (3, 1));

    let by = |filter: Filter| store.events(&filter, PageRequest::default()).unwrap().total;
    assert_eq!(
        by(Filter {
            actor: Some("RUS".into()),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        by(Filter {
            code: Some("19".into()),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        by(Filter {
            code: Some("195".into()),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        by(Filter {
            target: Some("ARG".into()),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        by(Filter {
            near: Some((36.2, 37.1, 50.0)),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        by(Filter {
            near: Some((33.5, 36.3, 50.0)),
            ..Filter::default()
        }),
        0
    );
    assert_eq!(
        by(Filter {
            since: Some(day("2026-03-11")),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        by(Filter {
            place: Some("SY".into()),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        by(Filter {
            place: Some("aleppo".into()),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        by(Filter {
            text: Some("convoy".into()),
            ..Filter::default()
        }),
        2
    );
    // A wildcard in an actor code is a character, not a pattern.
    assert_eq!(
        by(Filter {
            actor: Some("%".into()),
            ..Filter::default()
        }),
        0
    );

    let docs = store
        .documents(
            &Filter {
                certainty: Some("denied".into()),
                ..Filter::default()
            },
            PageRequest::default(),
        )
        .unwrap();
    assert_eq!(docs.total, 1);
    assert_eq!(docs.items[0].n_events, 2);
    let claims = store
        .claims(
            &Filter {
                actor: Some("RUS".into()),
                ..Filter::default()
            },
            PageRequest::default(),
        )
        .unwrap();
    assert_eq!(claims.items[0].holder.as_deref(), Some("the ministry"));
    let clusters = store
        .clusters(
            &Filter {
                near: Some((36.2, 37.1, 20.0)),
                ..Filter::default()
            },
            PageRequest::default(),
        )
        .unwrap();
    assert_eq!(clusters.total, 1);
    assert_eq!(store.cluster_events(1).unwrap().len(), 2);
}

#[test]
fn a_malformed_text_query_is_the_users_error_not_a_crash() {
    let mut store = SqliteStore::in_memory().unwrap();
    store.write_batch(&sample()).unwrap();
    let bad = Filter {
        text: Some("convoy AND (".into()),
        ..Filter::default()
    };
    match store.documents(&bad, PageRequest::default()) {
        Err(Error::BadTextQuery { query, .. }) => assert_eq!(query, "convoy AND ("),
        other => panic!("expected a bad-query error, got {other:?}"),
    }
    let safe = Filter {
        text: Some(sift_store::fts_phrase_query("convoy AND (")),
        ..Filter::default()
    };
    assert_eq!(
        store
            .documents(&safe, PageRequest::default())
            .unwrap()
            .total,
        0
    );
}

#[test]
fn dyads_sum_goldstein_per_day_and_pair() {
    let mut store = SqliteStore::in_memory().unwrap();
    store.write_batch(&sample()).unwrap();
    let days = store
        .dyads(&DyadQuery {
            source: Some("RUS".into()),
            target: Some("SYR".into()),
            ..DyadQuery::default()
        })
        .unwrap();
    assert_eq!(days.len(), 2);
    assert_eq!(days[0].day, day("2026-03-10"));
    assert_eq!(days[0].goldstein_sum, -10.0);
    assert_eq!(days[0].quad_class, [0, 0, 0, 1]);
    let sectors = store
        .dyads(&DyadQuery {
            source: Some("RUSMIL".into()),
            level: DyadLevel::Sector,
            ..DyadQuery::default()
        })
        .unwrap();
    assert_eq!(sectors.iter().map(|d| d.events).sum::<i64>(), 2);
    let targets: Vec<&str> = sectors.iter().map(|d| d.target.as_str()).collect();
    assert_eq!(targets, ["SYR", "SYRGOV"]);
}

#[test]
fn exports_read_each_event_with_its_dossier_ingest_time_and_cluster_counts() {
    let mut store = SqliteStore::in_memory().unwrap();
    let mut batch = sample();
    batch.clusters[0].n_documents = 4;
    batch.clusters[0].independent_sources = 3;
    store.write_batch(&batch).unwrap();
    let mut seen = Vec::new();
    store
        .for_each_event_for_export(&Filter::default(), &mut |event, context| {
            seen.push((
                event.key,
                context.dossier_json.to_string(),
                context.ingested_at.is_some(),
                context.cluster_documents,
                context.cluster_independent_sources,
            ));
            Ok(())
        })
        .unwrap();
    assert_eq!(
        seen,
        vec![
            (1, r#"{"id":"a"}"#.to_string(), true, Some(4), Some(3)),
            (2, r#"{"id":"a"}"#.to_string(), true, Some(4), Some(3)),
            (3, r#"{"id":"b"}"#.to_string(), true, None, None),
        ]
    );
    let mut n_filtered = 0;
    store
        .for_each_event_for_export(
            &Filter {
                code: Some("19".into()),
                ..Filter::default()
            },
            &mut |_, _| {
                n_filtered += 1;
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(n_filtered, 2);
}

#[test]
fn events_count_by_day_and_by_place_under_the_same_filters() {
    let mut store = SqliteStore::in_memory().unwrap();
    store.write_batch(&sample()).unwrap();
    let days = store.event_days(&Filter::default()).unwrap();
    let days: Vec<(String, i64)> = days.iter().map(|d| (d.day.to_string(), d.events)).collect();
    assert_eq!(
        days,
        [
            ("2026-03-10".to_string(), 1),
            ("2026-03-11".to_string(), 1),
            ("2026-03-12".to_string(), 1)
        ]
    );
    let russian = Filter {
        actor: Some("RUS".into()),
        ..Filter::default()
    };
    assert_eq!(store.event_days(&russian).unwrap().len(), 2);

    let places = store
        .event_places(&Filter::default(), PageRequest::default())
        .unwrap();
    assert_eq!(places.total, 2);
    assert_eq!(places.items[0].name, "Aleppo");
    assert_eq!(places.items[0].events, 2);
    assert_eq!(places.items[1].geonameid, Some(3435910));
    let one = store
        .event_places(
            &Filter::default(),
            PageRequest {
                offset: 1,
                limit: 1,
            },
        )
        .unwrap();
    assert_eq!((one.total, one.items.len()), (2, 1));
    assert_eq!(one.items[0].name, "Buenos Aires");
}

#[test]
fn code_prefix_and_certainty_filters_are_answered_from_an_index() {
    let store = SqliteStore::in_memory().unwrap();
    let plan = |sql: &str| -> String {
        let mut stmt = store
            .connection()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        stmt.query_map([], |row| row.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect::<Vec<_>>()
            .join("; ")
    };
    for (sql, index) in [
        (
            r"SELECT count(*) FROM events e WHERE e.source_code LIKE 'RUS%' ESCAPE '\'",
            "events_source_nocase",
        ),
        (
            r"SELECT count(*) FROM events e WHERE e.cameo LIKE '19%' ESCAPE '\'",
            "events_cameo_nocase",
        ),
        (
            "SELECT count(*) FROM events e WHERE e.certainty = 'denied' COLLATE NOCASE",
            "events_certainty_nocase",
        ),
    ] {
        let plan = plan(sql);
        assert!(plan.contains(index), "{sql}: {plan}");
    }
}
