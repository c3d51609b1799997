//! `sift export` end to end: the scenario corpus is ingested into a fresh
//! database, then exported in every format and read back.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;
use sift_store::{ClusterRow, Filter, PageRequest, SqliteStore, Store, WriteBatch};

fn sift(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sift"))
        .args(args)
        .output()
        .expect("the sift binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn repo_path(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(relative)
        .display()
        .to_string()
}

/// The scenario corpus, ingested once per test run.
fn scenario_db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("scenario.db");
        let output = sift(&[
            "ingest",
            &repo_path("tests/data/corpus/scenario.jsonl"),
            "--db",
            db.to_str().unwrap(),
            "--quiet",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        (dir, db)
    });
    path
}

/// Exports to a file in a fresh directory; returns the file's bytes and stderr.
fn export(db: &Path, format: &str, filters: &[&str]) -> (Vec<u8>, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(format!("events.{format}"));
    let mut args = vec![
        "export",
        "--db",
        db.to_str().unwrap(),
        "--format",
        format,
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(filters);
    let output = sift(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    (std::fs::read(&out).unwrap(), stderr(&output))
}

fn stored_events(db: &Path) -> u64 {
    let store = SqliteStore::open_read_only(db).unwrap();
    store
        .events(&Filter::default(), PageRequest::default())
        .unwrap()
        .total
}

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader.records().map(Result::unwrap).collect();
    (header, rows)
}

fn gdelt_lines(bytes: &[u8]) -> Vec<Vec<String>> {
    String::from_utf8(bytes.to_vec())
        .unwrap()
        .lines()
        .map(|line| line.split('\t').map(String::from).collect())
        .collect()
}

#[test]
fn every_gdelt_line_has_61_fields_and_one_known_event_maps_field_by_field() {
    let db = scenario_db();
    let (bytes, log) = export(db, "gdelt", &[]);
    let lines = gdelt_lines(&bytes);
    assert_eq!(lines.len() as u64, stored_events(db));
    assert!(lines.len() >= 10, "the scenario codes events: {log}");
    for line in &lines {
        assert_eq!(line.len(), 61, "{line:?}");
    }
    assert!(
        log.contains(&format!("wrote {} events", lines.len())),
        "{log}"
    );
    // "Russian warplanes bombed a United Nations aid convoy near Aleppo on
    // Tuesday", in the wire story published 2026-03-11.
    let wire = "https://wire.example/world/aid-convoy-bombed";
    let event = lines
        .iter()
        .find(|f| f[60] == wire && f[5] == "RUSMIL" && f[26] == "195")
        .expect("the wire story's air strike");
    let field = |name: &str| {
        let idx = sift_export::GDELT_COLUMNS
            .iter()
            .position(|c| *c == name)
            .unwrap();
        event[idx].as_str()
    };
    assert_eq!(field("SQLDATE"), "20260310");
    assert_eq!(field("MonthYear"), "202603");
    assert_eq!(field("Year"), "2026");
    assert_eq!(field("FractionDate"), "2026.1918");
    assert_eq!(field("Actor1CountryCode"), "RUS");
    assert_eq!(field("Actor1Type1Code"), "MIL");
    assert_eq!(field("Actor2Code"), "IGOUNO");
    assert_eq!(field("Actor2KnownGroupCode"), "UNO");
    assert_eq!(field("Actor2Type1Code"), "IGO");
    assert_eq!(field("IsRootEvent"), "1");
    assert_eq!(field("EventBaseCode"), "195");
    assert_eq!(field("EventRootCode"), "19");
    assert_eq!(field("QuadClass"), "4");
    assert_eq!(field("GoldsteinScale"), "-10");
    // The cluster's counts (the ingest clusters the scenario's reports of
    // this strike), or 1 each when it has none.
    let store = SqliteStore::open_read_only(db).unwrap();
    let key: i64 = field("GLOBALEVENTID").parse().unwrap();
    let all = PageRequest {
        offset: 0,
        limit: 10_000,
    };
    let stored = store
        .events(&Filter::default(), all)
        .unwrap()
        .items
        .into_iter()
        .find(|e| e.key == key)
        .unwrap();
    let (documents, sources) = match stored.cluster {
        Some(id) => {
            let cluster = store.cluster(id).unwrap().unwrap();
            (cluster.n_documents, cluster.independent_sources)
        }
        None => (1, 1),
    };
    let counts = [documents, sources, documents].map(|n| n.to_string());
    assert_eq!(
        [
            field("NumMentions"),
            field("NumSources"),
            field("NumArticles")
        ],
        counts
    );
    assert_eq!(field("AvgTone"), "");
    assert_eq!(field("Actor1Geo_Type"), "");
    assert_eq!(field("ActionGeo_Type"), "4");
    assert_eq!(field("ActionGeo_FullName"), "Aleppo, Syria");
    assert_eq!(field("ActionGeo_CountryCode"), "SY");
    assert_eq!(field("ActionGeo_ADM1Code"), "SY09");
    assert_eq!(field("ActionGeo_Lat"), "36.2012");
    assert_eq!(field("ActionGeo_Long"), "37.1612");
    assert_eq!(field("ActionGeo_FeatureID"), "170063");
    assert_eq!(field("DATEADDED").len(), 14);
}

#[test]
fn every_format_writes_the_same_events_and_csv_and_jsonl_share_their_columns() {
    let db = scenario_db();
    let n_events = stored_events(db) as usize;
    let (csv_bytes, _) = export(db, "csv", &[]);
    let (header, rows) = csv_rows(&csv_bytes);
    assert_eq!(header, sift_export::CSV_COLUMNS);
    assert_eq!(rows.len(), n_events);
    for row in &rows {
        assert_eq!(row.len(), header.len());
    }

    let (jsonl, _) = export(db, "jsonl", &[]);
    let objects: Vec<Value> = String::from_utf8(jsonl)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect();
    assert_eq!(objects.len(), n_events);
    let mut keys: Vec<&String> = objects[0].as_object().unwrap().keys().collect();
    let mut columns: Vec<&String> = header.iter().collect();
    keys.sort();
    columns.sort();
    assert_eq!(keys, columns);
    // The same first event in both.
    let key_column = header.iter().position(|c| c == "event_key").unwrap();
    assert_eq!(
        objects[0]["event_key"].as_i64().unwrap().to_string(),
        rows[0][key_column]
    );
}

#[cfg(feature = "parquet")]
#[test]
fn the_parquet_export_reads_back_with_the_same_rows_and_typed_columns() {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let db = scenario_db();
    let (bytes, log) = export(db, "parquet", &[]);
    assert!(log.contains("Parquet"), "{log}");
    let mut file = tempfile::tempfile().unwrap();
    std::io::Write::write_all(&mut file, &bytes).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut n_rows = 0;
    let mut schema = None;
    for batch in reader {
        let batch = batch.unwrap();
        n_rows += batch.num_rows();
        schema = Some(batch.schema());
    }
    let (csv_bytes, _) = export(db, "csv", &[]);
    assert_eq!(n_rows, csv_rows(&csv_bytes).1.len());
    let schema = schema.expect("at least one batch");
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    assert_eq!(names, sift_export::CSV_COLUMNS);
    let type_of = |name: &str| format!("{:?}", schema.field_with_name(name).unwrap().data_type());
    assert_eq!(type_of("event_key"), "Int64");
    assert_eq!(type_of("published"), "Date32");
    assert_eq!(type_of("date"), "Date32");
    assert_eq!(type_of("goldstein"), "Float32");
    assert_eq!(type_of("lat"), "Float64");
    assert_eq!(type_of("quad_class"), "Int32");
    assert_eq!(type_of("negated"), "Boolean");
    assert_eq!(type_of("geonameid"), "Int64");
    assert_eq!(type_of("source_code"), "Utf8");
    assert!(schema.field_with_name("cluster").unwrap().is_nullable());
    assert!(!schema.field_with_name("event_key").unwrap().is_nullable());
}

#[test]
fn filters_narrow_the_export() {
    let db = scenario_db();
    let (all, _) = export(db, "csv", &[]);
    let (header, all) = csv_rows(&all);
    let (assaults, _) = export(db, "csv", &["--code", "19"]);
    let (_, assaults) = csv_rows(&assaults);
    let code = header.iter().position(|c| c == "cameo_code").unwrap();
    assert!(!assaults.is_empty() && assaults.len() < all.len());
    assert!(assaults.iter().all(|row| row[code].starts_with("19")));
    let (russian, _) = export(db, "gdelt", &["--actor", "RUS", "--place", "SY"]);
    let russian = gdelt_lines(&russian);
    assert!(!russian.is_empty() && russian.len() < all.len());
    assert!(
        russian
            .iter()
            .all(|f| f[5].starts_with("RUS") && f[53] == "SY")
    );
    let (nothing, log) = export(db, "csv", &["--since", "2030-01-01"]);
    let (header, rows) = csv_rows(&nothing);
    assert_eq!(
        (header.len(), rows.len()),
        (sift_export::CSV_COLUMNS.len(), 0)
    );
    assert!(log.contains("wrote 0 events"), "{log}");
}

#[test]
fn cluster_counts_become_num_sources_and_num_articles() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clustered.db");
    std::fs::copy(scenario_db(), &db).unwrap();
    let event_key = {
        let mut store = SqliteStore::open(&db).unwrap();
        let first = store
            .events(&Filter::default(), PageRequest::default())
            .unwrap()
            .items
            .remove(0);
        store
            .write_batch(&WriteBatch {
                clusters: vec![ClusterRow {
                    id: 9_001,
                    cameo_root: first.cameo.chars().take(2).collect(),
                    plover_type: None,
                    source: None,
                    target: None,
                    place_name: None,
                    geonameid: None,
                    lat: None,
                    lon: None,
                    first_date: None,
                    last_date: None,
                    n_documents: 5,
                    independent_sources: 3,
                    n_contradicting: 0,
                    summary: serde_json::json!({"id": 9001}),
                }],
                reclustered: vec![(first.key, 9_001)],
                ..WriteBatch::default()
            })
            .unwrap();
        first.key
    };
    let (bytes, _) = export(&db, "gdelt", &[]);
    let line = gdelt_lines(&bytes)
        .into_iter()
        .find(|f| f[0] == event_key.to_string())
        .unwrap();
    assert_eq!((&*line[31], &*line[32], &*line[33]), ("5", "3", "5"));
    let (bytes, _) = export(&db, "jsonl", &[]);
    let object: Value = serde_json::from_str(
        String::from_utf8(bytes)
            .unwrap()
            .lines()
            .find(|l| l.starts_with(&format!("{{\"event_key\":{event_key},")))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(object["cluster"], 9001);
    assert_eq!(object["n_documents"], 5);
    assert_eq!(object["independent_sources"], 3);
}

#[test]
fn a_damaged_dossier_is_reported_and_the_other_events_exported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("damaged.db");
    std::fs::copy(scenario_db(), &db).unwrap();
    {
        let store = SqliteStore::open(&db).unwrap();
        store
            .connection()
            .execute(
                "UPDATE documents SET dossier = '{\"id\": 3' WHERE key = 1",
                [],
            )
            .unwrap();
    }
    let out = dir.path().join("events.csv");
    let output = sift(&[
        "export",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let log = stderr(&output);
    assert!(log.contains("dossier JSON is unreadable"), "{log}");
    let (_, rows) = csv_rows(&std::fs::read(&out).unwrap());
    assert!(!rows.is_empty() && (rows.len() as u64) < stored_events(&db));
}

#[test]
fn text_formats_go_to_stdout_and_parquet_needs_a_file() {
    let db = scenario_db();
    let output = sift(&[
        "export",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "jsonl",
        "-o",
        "-",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap().lines().count() as u64,
        stored_events(db)
    );
    let output = sift(&[
        "export",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "parquet",
        "-o",
        "-",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let reason = if cfg!(feature = "parquet") {
        "needs a file"
    } else {
        "feature `parquet`"
    };
    assert!(stderr(&output).contains(reason), "{}", stderr(&output));
}

#[test]
fn a_database_that_does_not_exist_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let out = dir.path().join("out.csv");
    let output = sift(&[
        "export",
        "--db",
        missing.to_str().unwrap(),
        "--format",
        "csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let log = stderr(&output);
    assert!(log.contains("does not exist"), "{log}");
    assert!(!missing.exists(), "export never creates a database");
    assert!(!out.exists());
}

#[cfg(not(feature = "parquet"))]
#[test]
fn without_the_parquet_feature_parquet_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.parquet");
    let output = sift(&[
        "export",
        "--db",
        scenario_db().to_str().unwrap(),
        "--format",
        "parquet",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("feature `parquet`"),
        "{}",
        stderr(&output)
    );
}

/// Every 3-letter part of every actor and agent code in the Phoenix
/// dictionaries (the only source of sift's actor codes) lands in a GDELT
/// actor field, except the sub-national areas and stray codes listed here.
#[test]
fn the_gdelt_actor_split_covers_every_part_the_phoenix_dictionaries_use() {
    let Some(data) = sift_eval::shared_data_dir() else {
        return;
    };
    let dir = data.join("petrarch");
    let mut unclassified = std::collections::BTreeSet::new();
    let mut n_codes = 0;
    for file in [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
        "Phoenix.agents.txt",
    ] {
        let text = String::from_utf8_lossy(&std::fs::read(dir.join(file)).unwrap()).into_owned();
        for bracket in text.split('[').skip(1) {
            let Some((inside, _)) = bracket.split_once(']') else {
                continue;
            };
            let code = inside
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .trim_start_matches('~');
            if !code.starts_with(|c: char| c.is_ascii_alphabetic())
                || !code.chars().all(|c| c.is_ascii_alphanumeric())
            {
                continue;
            }
            n_codes += 1;
            for (position, part) in code.as_bytes().chunks_exact(3).enumerate() {
                let part = std::str::from_utf8(part).unwrap();
                let first = sift_export::split_actor_code(part);
                let as_later_part = format!("---{part}");
                let later = sift_export::split_actor_code(&as_later_part);
                let classified = (position == 0 && first.country.is_some())
                    || later != sift_export::ActorCodeParts::default();
                if !classified {
                    unclassified.insert(part.to_string());
                }
            }
        }
    }
    assert!(n_codes > 10_000, "read {n_codes} codes");
    let expected = [
        "211", "214", "230", "280", "360", "603", "ANG", "CNY", "DEN", "DVE", "FRN", "GOE", "GOS",
        "GRB", "GZA", "IMY", "KAS", "KKL", "KNT", "KRJ", "MAY", "MDE", "REN", "SRP", "TRK",
    ];
    assert_eq!(
        unclassified.iter().map(String::as_str).collect::<Vec<_>>(),
        expected
    );
}
