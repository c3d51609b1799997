//! End-to-end tests of the corpus commands: `sift ingest` into a fresh
//! database, then `sift query`, as a user runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn sift(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sift"))
        .args(args)
        .output()
        .expect("the sift binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn ingest(inputs: &[&str], db: &Path) -> Output {
    let mut args = vec!["ingest", "--quiet", "--db", db.to_str().unwrap()];
    args.extend_from_slice(inputs);
    sift(&args)
}

fn query(what: &str, db: &Path, extra: &[&str]) -> Value {
    let mut args = vec![
        "query",
        what,
        "--db",
        db.to_str().unwrap(),
        "--format",
        "json",
        "--limit",
        "1000",
    ];
    args.extend_from_slice(extra);
    let output = sift(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("query prints JSON")
}

fn stored_documents(db: &Path) -> u64 {
    query("docs", db, &[])["total"].as_u64().unwrap()
}

/// The document id of the scenario record from `domain` whose headline
/// contains `headline_word`.
fn doc_id(docs: &Value, domain: &str, headline_word: &str) -> String {
    docs["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["source"] == domain && d["headline"].as_str().unwrap().contains(headline_word))
        .unwrap_or_else(|| panic!("no {domain} document about {headline_word}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_scenario_counts_independent_outlets_and_finds_the_denial() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    let scenario = repo_path("tests/data/corpus/scenario.jsonl");
    let output = ingest(&[scenario.to_str().unwrap()], &db);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("added 9 documents"),
        "{}",
        stderr(&output)
    );

    let docs = query("docs", &db, &[]);
    assert_eq!(docs["total"], 9);
    let wire = doc_id(&docs, "wire.example", "convoy");
    let reprints = [
        doc_id(&docs, "daily-a.example", "convoy"),
        doc_id(&docs, "daily-b.example", "convoy"),
        doc_id(&docs, "times-c.example", "convoy"),
    ];
    let witness = doc_id(&docs, "herald-d.example", "Witnesses");
    let denial = doc_id(&docs, "gazette-e.example", "denies");
    let unrelated = [
        doc_id(&docs, "daily-a.example", "trade"),
        doc_id(&docs, "times-c.example", "Protesters"),
    ];

    // The convoy strike: the cluster with the most independent sources.
    let clusters = query("clusters", &db, &["--code", "19", "--actor", "RUS"]);
    let convoy = &clusters["items"][0];
    assert_eq!(convoy["cameo_root"], "19");
    assert_eq!(convoy["target"], "IGOUNO");
    assert_eq!(convoy["place"]["name"], "Aleppo");
    let members: Vec<&str> = convoy["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    for id in reprints.iter().chain([&wire, &witness, &denial]) {
        assert!(
            members.contains(&id.as_str()),
            "{id} missing from {members:?}"
        );
    }
    for id in &unrelated {
        assert!(
            !members.contains(&id.as_str()),
            "{id} should not be in the cluster"
        );
    }
    // The wire text and its three reprints are one source; the witness
    // report and its same-outlet follow-up another; the denial is not a
    // source for the event.
    assert_eq!(convoy["independent_sources"], 2, "{convoy:#}");
    let wire_group = convoy["syndication_groups"][0].as_array().unwrap();
    assert_eq!(wire_group[0], wire.as_str(), "the wire story is the origin");
    assert_eq!(wire_group.len(), 4);
    assert_eq!(convoy["first_reported"]["doc"], wire.as_str());
    let contradicting = convoy["contradicting"].as_array().unwrap();
    assert_eq!(contradicting.len(), 1, "{convoy:#}");
    assert_eq!(contradicting[0]["doc"], denial.as_str());
    assert_eq!(contradicting[0]["reason"], "denied");
    assert!(
        contradicting[0]["holder"]
            .as_str()
            .unwrap()
            .contains("defence ministry")
    );
    let corroborating_docs: Vec<&str> = convoy["corroborating"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["doc"].as_str().unwrap())
        .collect();
    assert!(corroborating_docs.contains(&witness.as_str()));
    assert!(!corroborating_docs.contains(&denial.as_str()));

    // Events carry their cluster and dyad columns; the trade pact is
    // elsewhere.
    let events = query("events", &db, &["--actor", "BRA"]);
    assert!(events["total"].as_u64().unwrap() >= 1);
    let trade_cluster = &events["items"][0]["cluster"];
    assert!(trade_cluster.is_i64());
    assert_ne!(*trade_cluster, convoy["id"]);

    // Running the same ingest again adds nothing.
    let again = ingest(&[scenario.to_str().unwrap()], &db);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("added 0 documents"),
        "{}",
        stderr(&again)
    );
    assert!(
        stderr(&again).contains("skipped 9 duplicates"),
        "{}",
        stderr(&again)
    );
    assert_eq!(stored_documents(&db), 9);
}

#[test]
fn dyads_count_events_per_day_for_an_ordered_pair() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    let scenario = repo_path("tests/data/corpus/scenario.jsonl");
    assert!(ingest(&[scenario.to_str().unwrap()], &db).status.success());
    let output = sift(&[
        "query",
        "dyads",
        "--db",
        db.to_str().unwrap(),
        "--source",
        "RUS",
        "--target",
        "IGOUNO",
        "--format",
        "json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let days: Value = serde_json::from_slice(&output.stdout).unwrap();
    let days = days.as_array().unwrap();
    assert!(!days.is_empty());
    for day in days {
        assert_eq!(day["source"], "RUS");
        assert_eq!(day["target"], "IGOUNO");
        assert!(day["goldstein_sum"].as_f64().unwrap() < 0.0, "{day}");
        assert_eq!(day["quad_class"][3], day["events"], "all material conflict");
    }
}

/// Short distinct reports: enough of them that an ingest in batches of two
/// is still running when the test kills it.
fn synthetic_reports(n: usize) -> String {
    const PLACES: [&str; 6] = ["Aleppo", "Mosul", "Kharkiv", "Goma", "Sanaa", "Tripoli"];
    const ACTORS: [&str; 4] = ["Rebels", "Government troops", "Police", "Militants"];
    let mut lines = String::new();
    for i in 0..n {
        let place = PLACES[i % PLACES.len()];
        let actor = ACTORS[i % ACTORS.len()];
        let record = serde_json::json!({
            "url": format!("https://outlet{}.example/report/{i}", i % 7),
            "published": format!("2026-02-{:02}", 1 + i % 27),
            "headline": format!("{actor} clash near {place}, report {i}"),
            "text": format!(
                "{actor} attacked a checkpoint near {place} on Monday, officials said. \
                 Report number {i} says {n_hurt} people were hurt and {n_held} were detained. \
                 Residents of district {i} described gunfire lasting {hours} hours.",
                n_hurt = 3 + i % 11,
                n_held = i % 5,
                hours = 1 + i % 4,
            ),
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    lines
}

#[test]
fn a_killed_ingest_resumes_without_losing_or_duplicating_documents() {
    const N: usize = 120;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    let input = dir.path().join("reports.jsonl");
    std::fs::write(&input, synthetic_reports(N)).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_sift"))
        .args([
            "ingest",
            "--quiet",
            "--batch",
            "2",
            "--threads",
            "1",
            "--db",
        ])
        .arg(&db)
        .arg(&input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the sift binary runs");
    // Wait until some batches are committed, then kill without warning.
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut killed_mid_run = false;
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if db.exists() && committed_documents(&db) >= 4 {
            child.kill().unwrap(); // SIGKILL on Unix
            killed_mid_run = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait().unwrap();
    let after_kill = committed_documents(&db);
    assert!(
        killed_mid_run,
        "the ingest finished before it could be killed"
    );
    assert!(after_kill < N as u64, "killed after {after_kill} documents");

    let resumed = ingest(&[input.to_str().unwrap()], &db);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert!(
        stderr(&resumed).contains(&format!("added {} documents", N as u64 - after_kill)),
        "{}",
        stderr(&resumed)
    );
    assert_eq!(stored_documents(&db), N as u64);
    // Every event belongs to a cluster that exists.
    let events = query("events", &db, &[]);
    let clusters = query("clusters", &db, &[]);
    let cluster_ids: std::collections::HashSet<i64> = clusters["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    for event in events["items"].as_array().unwrap() {
        assert!(
            cluster_ids.contains(&event["cluster"].as_i64().unwrap()),
            "{event}"
        );
    }
    // And a third run adds nothing.
    let again = ingest(&[input.to_str().unwrap()], &db);
    assert!(
        stderr(&again).contains("added 0 documents"),
        "{}",
        stderr(&again)
    );
}

/// Documents committed so far, read while another process may be writing
/// (WAL lets readers in); 0 while the schema does not exist yet.
fn committed_documents(db: &Path) -> u64 {
    let output = sift(&[
        "query",
        "docs",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "json",
        "--limit",
        "1",
    ]);
    if !output.status.success() {
        return 0;
    }
    serde_json::from_slice::<Value>(&output.stdout)
        .ok()
        .and_then(|v| v["total"].as_u64())
        .unwrap_or(0)
}

#[test]
fn bad_records_are_reported_and_the_good_ones_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    let good = synthetic_reports(3);
    let mut lines: Vec<&str> = good.lines().collect();
    // A line cut mid-record, between good ones, and a truncated last line.
    let cut = &lines[1][..lines[1].len() / 2].to_string();
    lines.insert(1, cut);
    let mut jsonl = lines.join("\n");
    jsonl.push_str("\n{\"headline\": \"Truncated\", \"text\": \"The file ends he");
    std::fs::write(inputs.join("feed.jsonl"), jsonl).unwrap();
    std::fs::write(
        inputs.join("empty.html"),
        "<html><head><title>Nothing</title></head><body><script>var x = 1;</script></body></html>",
    )
    .unwrap();

    let output = ingest(&[inputs.to_str().unwrap()], &db);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{message}");
    assert!(message.contains("feed.jsonl:2"), "{message}");
    assert!(message.contains("feed.jsonl:5"), "{message}");
    assert!(message.contains("empty.html"), "{message}");
    assert!(message.contains("added 3 documents"), "{message}");
    assert!(message.contains("rejected 3"), "{message}");
    assert_eq!(stored_documents(&db), 3);
}

#[test]
fn query_refuses_a_missing_database_and_a_bad_text_query() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    let output = sift(&["query", "events", "--db", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("sift ingest"),
        "{}",
        stderr(&output)
    );

    let db = dir.path().join("corpus.db");
    let scenario = repo_path("tests/data/corpus/scenario.jsonl");
    assert!(ingest(&[scenario.to_str().unwrap()], &db).status.success());
    let output = sift(&[
        "query",
        "docs",
        "--db",
        db.to_str().unwrap(),
        "--text",
        "convoy AND (",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("bad text query"),
        "{}",
        stderr(&output)
    );
    let found = query("docs", &db, &["--text", "convoy"]);
    assert_eq!(found["total"], 7);
}

#[test]
fn figures_from_independent_outlets_are_reconciled_in_the_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    let reports = repo_path("tests/data/corpus/figures.jsonl");
    let output = ingest(&[reports.to_str().unwrap()], &db);
    assert!(output.status.success(), "{}", stderr(&output));

    let clusters = query("clusters", &db, &["--actor", "SYR", "--code", "19"]);
    let strike = &clusters["items"][0];
    assert_eq!(strike["place"]["name"], "Idlib");
    // The wire story and its reprint, the medics' report, the monitor's.
    assert_eq!(
        strike["documents"].as_array().unwrap().len(),
        4,
        "{strike:#}"
    );
    assert_eq!(strike["independent_sources"], 3);
    let killed = &strike["magnitudes"]["killed"];
    assert_eq!(killed["n_independent_figures"], 3, "{killed:#}");
    assert_eq!(killed["conservative"], 12);
    assert_eq!(killed["range"], serde_json::json!([12, 40]));
    let about_30 = killed["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["text"] == "about 30")
        .expect("the wire figure");
    assert_eq!(
        (about_30["low"].as_u64(), about_30["high"].as_u64()),
        (Some(27), Some(33))
    );
    assert_eq!(about_30["source"], "wire-f.example");
    assert_eq!(
        about_30["copies"].as_array().unwrap().len(),
        1,
        "the reprint"
    );
    assert_eq!(killed["latest"]["text"], "40");
}
