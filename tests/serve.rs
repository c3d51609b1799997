//! End-to-end tests of `sift serve`: a real process on a loopback port over
//! a database made by `sift ingest`, as a user would run it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

const TOKEN: &str = "serve-test-token-0123456789";

struct Server {
    child: Child,
    addr: String,
    log: mpsc::Receiver<String>,
}

impl Server {
    fn start(db: &Path, token: Option<&str>) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sift"));
        command
            .args(["serve", "--db"])
            .arg(db)
            .args(["--addr", "127.0.0.1:0"])
            .env_remove("SIFT_WRITE_TOKEN")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(token) = token {
            command.env("SIFT_WRITE_TOKEN", token);
        }
        let mut child = command.spawn().expect("sift serve starts");
        let (sender, log) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let addr = loop {
            let line = log
                .recv_timeout(Duration::from_secs(60))
                .expect("sift serve says where it listens");
            if let Some(rest) = line.split("listening on http://").nth(1) {
                break rest.split_whitespace().next().unwrap().to_string();
            }
        };
        Server { child, addr, log }
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let response = String::from_utf8_lossy(&response).into_owned();
        let status = response[9..12].parse().unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        // Chunked bodies (streamed responses) are joined.
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_string()
        };
        (status, body)
    }

    fn json(&self, path: &str) -> Value {
        let (status, body) = self.request("GET", path, &[], "");
        assert_eq!(status, 200, "{path}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    /// Sends SIGTERM and returns the exit status and the rest of the log.
    fn stop(mut self) -> (std::process::ExitStatus, Vec<String>) {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        let status = self.child.wait().unwrap();
        let log = self.log.try_iter().collect();
        (status, log)
    }
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    out
}

fn ingest(db: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_sift"))
        .args(["ingest", "--quiet", "--db"])
        .arg(db)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus/scenario.jsonl"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn serve_answers_from_an_ingested_database_logs_each_request_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sift.db");
    ingest(&db);
    let server = Server::start(&db, None);
    let health = server.json("/api/health");
    assert_eq!(health["writable"], false);
    let n_docs = health["documents"].as_u64().unwrap();
    assert!(n_docs >= 5, "{health}");
    let events = server.json("/api/events?actor=RUS&limit=2");
    assert!(events["total"].as_u64().unwrap() >= 1);
    let id = events["items"][0]["doc_id"].as_str().unwrap().to_string();
    let dossier = server.json(&format!("/api/docs/{id}"));
    assert_eq!(dossier["id"], id.as_str());
    let (status, _) = server.request("POST", "/api/ingest", &[], "[]");
    assert_eq!(status, 404, "read-only by default");
    let (status, page) = server.request("GET", "/", &[], "");
    assert_eq!(status, 200);
    assert!(page.contains("<title>sift</title>"));

    let (status, log) = server.stop();
    assert!(status.success(), "{status:?}: {log:?}");
    let log = log.join("\n");
    assert!(
        log.contains("method=GET path=/api/health status=200 latency_ms="),
        "{log}"
    );
    assert!(
        log.contains("method=POST path=/api/ingest status=404"),
        "{log}"
    );
    assert!(log.contains("shut down"), "{log}");
}

#[test]
fn with_a_write_token_ingest_stores_through_the_corpus_writer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sift.db");
    ingest(&db);
    let server = Server::start(&db, Some(TOKEN));
    let before = server.json("/api/health")["documents"].as_u64().unwrap();
    let records = json!([
        {"headline": "Protesters march in Minsk", "text": "Thousands of protesters marched in Minsk on Sunday. Police detained dozens.", "date": "2026-03-15", "source": "daily-c.example"},
        {"text": ""}
    ])
    .to_string();
    let (status, _) = server.request(
        "POST",
        "/api/ingest",
        &[("Content-Type", "application/json")],
        &records,
    );
    assert_eq!(status, 401);
    let auth = format!("Bearer {TOKEN}");
    let (status, body) = server.request(
        "POST",
        "/api/ingest",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &auth),
        ],
        &records,
    );
    assert_eq!(status, 200, "{body}");
    let report: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["added"], 1, "{report}");
    assert_eq!(report["rejected"][0]["record"], 1);
    assert!(report["events"].as_u64().unwrap() >= 1, "{report}");
    let after = server.json("/api/health")["documents"].as_u64().unwrap();
    assert_eq!(after, before + 1);
    let found = server.json("/api/docs?text=Minsk%20protesters");
    assert_eq!(found["items"][0]["source"], "daily-c.example");
    // The same report again is a duplicate, not a second copy.
    let (_, body) = server.request(
        "POST",
        "/api/ingest",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &auth),
        ],
        &records,
    );
    let again: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (again["added"].as_u64(), again["duplicates"].as_u64()),
        (Some(0), Some(1))
    );
    let (status, _) = server.stop();
    assert!(status.success());

    // What the server stored, `sift ingest` sees and skips.
    let minsk = dir.path().join("minsk.jsonl");
    std::fs::write(
        &minsk,
        "{\"headline\": \"Protesters march in Minsk\", \"text\": \"Thousands of protesters marched in Minsk on Sunday. Police detained dozens.\", \"published\": \"2026-03-15\", \"source\": \"daily-c.example\"}\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_sift"))
        .args(["ingest", "--quiet", "--db"])
        .arg(&db)
        .arg(&minsk)
        .output()
        .unwrap();
    let summary = String::from_utf8_lossy(&output.stderr);
    assert!(summary.contains("added 0 documents"), "{summary}");
}

#[test]
fn serve_refuses_a_missing_database_and_a_short_token() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_sift"))
        .args(["serve", "--db"])
        .arg(dir.path().join("none.db"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("does not exist; create it with `sift ingest"),
        "{stderr}"
    );

    let db = dir.path().join("sift.db");
    ingest(&db);
    let output = Command::new(env!("CARGO_BIN_EXE_sift"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--write-token",
            "short",
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("at least 16 characters"));
}
