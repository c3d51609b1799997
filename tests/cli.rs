//! End-to-end tests of the `sift` binary: what a user sees on stdout, stderr
//! and in the exit code.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn sift(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sift"))
        .args(args)
        .output()
        .expect("the sift binary runs")
}

fn sift_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sift"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the sift binary runs");
    // sift may reject its arguments and exit before reading stdin; a
    // broken pipe here is that, not a failure of the test.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn dossiers(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("each stdout line is a JSON dossier"))
        .collect()
}

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

/// Every JSON object with integer `start`/`end` and a string `text` is a span;
/// returns how many were checked.
fn check_spans(value: &Value, text: &[u8], where_: &str) -> usize {
    let mut n_checked = 0;
    match value {
        Value::Object(map) => {
            if let (Some(start), Some(end), Some(Value::String(quoted))) = (
                map.get("start").and_then(Value::as_u64),
                map.get("end").and_then(Value::as_u64),
                map.get("text"),
            ) {
                let (start, end) = (start as usize, end as usize);
                assert!(
                    start <= end && end <= text.len(),
                    "{where_}: span {start}..{end} out of bounds"
                );
                assert_eq!(
                    &text[start..end],
                    quoted.as_bytes(),
                    "{where_}: text[{start}..{end}] differs from the item's text"
                );
                n_checked += 1;
            }
            for (key, child) in map {
                if key != "text" {
                    n_checked += check_spans(child, text, where_);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                n_checked += check_spans(item, text, where_);
            }
        }
        _ => {}
    }
    n_checked
}

#[test]
fn every_span_in_every_example_quotes_the_text_it_indexes() {
    let mut examples: Vec<PathBuf> = std::fs::read_dir(repo_path("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "txt" || ext == "jsonl")
        })
        .collect();
    examples.sort();
    assert!(
        examples.len() >= 3,
        "the examples directory holds the README's inputs"
    );
    for example in examples {
        let path = example.to_string_lossy();
        let output = sift(&[
            "analyze",
            &path,
            "--format",
            "json",
            "--include-text",
            "--tokens",
        ]);
        assert!(output.status.success(), "{path}: {}", stderr(&output));
        let dossiers = dossiers(&output);
        assert!(!dossiers.is_empty(), "{path}: no dossier");
        for dossier in dossiers {
            let text = dossier["text"]
                .as_str()
                .expect("--include-text puts the text in")
                .as_bytes();
            let n_checked = check_spans(&dossier, text, &path);
            let n_tokens = dossier["tokens"].as_array().unwrap().len();
            let n_sentences = dossier["sentences"].as_array().unwrap().len();
            assert!(
                n_sentences > 1 && n_tokens > n_sentences,
                "{path}: the text was analyzed"
            );
            assert!(
                n_checked >= n_tokens + n_sentences,
                "{path}: every token and sentence was checked"
            );
        }
    }
}

#[test]
fn the_flagship_example_has_a_headline_a_dateline_and_a_text_report() {
    let output = sift(&[
        "analyze",
        &repo_path("examples/warship.txt").to_string_lossy(),
        "--format",
        "json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dossier = &dossiers(&output)[0];
    assert_eq!(dossier["schema_version"], sift_core::DOSSIER_SCHEMA_VERSION);
    assert!(
        dossier["headline"]["text"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("warship")
    );
    assert!(
        dossier["dateline"]["text"].as_str().is_some(),
        "the report opens with a dateline"
    );
    let sentences = dossier["sentences"].as_array().unwrap();
    assert_eq!(sentences[0]["kind"], "headline");

    let text_report = sift(&[
        "analyze",
        &repo_path("examples/warship.txt").to_string_lossy(),
    ]);
    assert!(text_report.status.success());
    let report = String::from_utf8(text_report.stdout).unwrap();
    assert!(
        report.contains("headline") && report.contains("dateline") && report.contains("sentences")
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    let path = repo_path("examples/reports.jsonl");
    let args = [
        "analyze",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--tokens",
    ];
    let first = sift(&args);
    let second = sift(&args);
    assert!(first.status.success());
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn headline_flags_control_what_the_headline_is() {
    let body = b"Rebels shelled the airport. Two people were hurt.\n";
    let output = sift_with_stdin(&["analyze", "-", "--format", "json", "--no-headline"], body);
    let dossier = &dossiers(&output)[0];
    assert!(dossier["headline"].is_null());
    assert_eq!(dossier["sentences"].as_array().unwrap().len(), 2);

    let output = sift_with_stdin(
        &[
            "analyze",
            "-",
            "--format",
            "json",
            "--headline",
            "Airport shelled",
            "--date",
            "2026-11-24",
            "--source",
            "https://www.Example.com/x",
        ],
        body,
    );
    let dossier = &dossiers(&output)[0];
    assert_eq!(dossier["headline"]["text"], "Airport shelled");
    assert_eq!(dossier["published"], "2026-11-24");
    assert_eq!(dossier["source"], "example.com");
}

#[test]
fn empty_input_is_rejected_with_exit_code_3() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "empty.txt", b"  \n\n ");
    let output = sift(&["analyze", &path]);
    assert_eq!(output.status.code(), Some(3));
    let message = stderr(&output);
    assert!(
        message.contains("empty.txt") && message.contains("empty"),
        "{message}"
    );
}

#[test]
fn binary_data_is_rejected_with_a_clear_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&[0u8; 64]);
    let path = write_temp(&dir, "photo.txt", &png);
    let output = sift(&["analyze", &path]);
    assert_eq!(output.status.code(), Some(3));
    let message = stderr(&output);
    assert!(
        message.contains("photo.txt") && message.contains("binary"),
        "{message}"
    );
}

#[test]
fn invalid_utf8_is_decoded_lossily_and_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(
        &dir,
        "latin1.txt",
        b"Talks in Gen\xe8ve\n\nThe envoy met both sides in Gen\xe8ve.\n",
    );
    let output = sift(&["analyze", &path, "--format", "json", "--include-text"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let dossier = &dossiers(&output)[0];
    assert_eq!(dossier["decoded_lossily"], true);
    assert!(dossier["text"].as_str().unwrap().contains('\u{FFFD}'));
    assert!(
        dossier["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "lossy-utf8")
    );
}

#[test]
fn a_50_megabyte_single_line_is_analyzed() {
    let dir = tempfile::tempdir().unwrap();
    let mut line = String::with_capacity(50 << 20);
    while line.len() < 50 << 20 {
        line.push_str("convoy moved north past the ridge and the checkpoint ");
    }
    let path = write_temp(&dir, "long.txt", line.as_bytes());
    let output = sift(&["analyze", &path, "--format", "json", "--no-headline"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let dossier = &dossiers(&output)[0];
    assert_eq!(dossier["n_bytes"].as_u64().unwrap() as usize, line.len());
    assert!(!dossier["sentences"].as_array().unwrap().is_empty());
}

#[test]
fn a_malformed_jsonl_line_is_reported_and_its_neighbours_analyzed() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = concat!(
        r#"{"headline": "First", "text": "Troops entered the town."}"#,
        "\n",
        r#"{"headline": "Broken", "text": "unterminated"#,
        "\n",
        r#"{"headline": "Third", "text": "Talks resumed in Geneva."}"#,
        "\n",
    );
    let path = write_temp(&dir, "feed.jsonl", jsonl.as_bytes());
    let output = sift(&["analyze", &path, "--format", "json"]);
    assert_eq!(output.status.code(), Some(3));
    let headlines: Vec<String> = dossiers(&output)
        .iter()
        .map(|d| d["headline"]["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(headlines, ["First", "Third"]);
    let message = stderr(&output);
    assert!(message.contains("feed.jsonl:2"), "{message}");
}

#[test]
fn a_csv_without_the_requested_column_names_the_columns_it_has() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(
        &dir,
        "reports.csv",
        b"id,title,content\n1,Hello,Troops moved.\n",
    );
    let output = sift(&["analyze", &path, "--text-column", "body"]);
    assert_eq!(output.status.code(), Some(3));
    let message = stderr(&output);
    assert!(
        message.contains("reports.csv") && message.contains("body") && message.contains("content"),
        "{message}"
    );
}

#[test]
fn an_html_page_with_no_text_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(
        &dir,
        "blank.html",
        b"<html><head><title>Nothing</title></head><body><script>var x = 1;</script></body></html>",
    );
    let output = sift(&["analyze", &path]);
    assert_eq!(output.status.code(), Some(3));
    let message = stderr(&output);
    assert!(
        message.contains("blank.html") && message.contains("text"),
        "{message}"
    );
}

#[test]
fn an_html_article_is_extracted_with_its_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let page = r#"<!doctype html><html><head><title>Ceasefire holds | Example News</title>
        <meta property="og:title" content="Ceasefire holds in the north">
        <meta property="article:published_time" content="2026-11-20T08:00:00Z">
        <link rel="canonical" href="https://example.com/world/ceasefire"></head>
        <body><nav>Home World Sport</nav><article><h1>Ceasefire holds in the north</h1>
        <p>GENEVA (Reuters) - A ceasefire between the two sides held for a third day on Thursday, the U.N. envoy said.</p>
        <p>Aid convoys reached three towns that had been cut off for weeks. Officials said more would follow.</p>
        <p>"We are cautiously hopeful," the envoy told reporters after the talks ended late in the evening.</p>
        </article><footer>Copyright</footer></body></html>"#;
    let path = write_temp(&dir, "page.html", page.as_bytes());
    let output = sift(&["analyze", &path, "--format", "json", "--include-text"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let dossier = &dossiers(&output)[0];
    assert_eq!(dossier["headline"]["text"], "Ceasefire holds in the north");
    assert_eq!(dossier["published"], "2026-11-20");
    let text = dossier["text"].as_str().unwrap();
    assert!(
        text.contains("cautiously hopeful") && !text.contains("Copyright"),
        "{text}"
    );
}

#[test]
fn a_missing_file_is_a_fatal_error_with_exit_code_1() {
    let output = sift(&["analyze", "no/such/report.txt"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.starts_with("error:") && message.contains("no/such/report.txt"),
        "{message}"
    );
}

#[test]
fn usage_errors_exit_with_1() {
    assert_eq!(sift(&["analyze"]).status.code(), Some(1));
    assert_eq!(sift(&["frobnicate"]).status.code(), Some(1));
    let bad_date = sift_with_stdin(&["analyze", "-", "--date", "24/11/2026"], b"x");
    assert_eq!(bad_date.status.code(), Some(1));
    assert!(stderr(&bad_date).contains("YYYY-MM-DD"));
    assert_eq!(sift(&["--help"]).status.code(), Some(0));
}

#[test]
fn without_a_date_the_publication_date_is_read_from_the_dateline_and_anchors_relative_dates() {
    let path = repo_path("examples/offensive.txt");
    let output = sift(&["analyze", &path.to_string_lossy(), "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dossier = &dossiers(&output)[0];
    assert_eq!(dossier["published"], "2027-03-14");
    assert_eq!(dossier["published_detected"]["evidence"], "dateline");
    assert_eq!(dossier["published_detected"]["text"], "March 14, 2027");
    let dates = dossier["dates"].as_array().unwrap();
    let day_of = |text: &str| {
        dates
            .iter()
            .find(|d| d["text"] == text)
            .map(|d| (d["first_day"].clone(), d["rule"].clone()))
            .unwrap_or_else(|| panic!("{text:?} is among the dates"))
    };
    assert_eq!(day_of("Saturday"), ("2027-03-13".into(), "weekday".into()));
    assert_eq!(
        day_of("Tuesday"),
        ("2027-03-16".into(), "weekday".into()),
        "a future clause looks ahead"
    );
    assert_eq!(
        day_of("March 14, 2027"),
        ("2027-03-14".into(), "dateline".into())
    );

    let report = sift(&["analyze", &path.to_string_lossy()]);
    let report = String::from_utf8(report.stdout).unwrap();
    assert!(
        report.contains("2027-03-14 (not given; read from the dateline"),
        "{report}"
    );
    assert!(report.contains("published-detected"));

    let given = sift(&[
        "analyze",
        &path.to_string_lossy(),
        "--format",
        "json",
        "--date",
        "2027-03-15",
    ]);
    let dossier = &dossiers(&given)[0];
    assert_eq!(dossier["published"], "2027-03-15");
    assert!(
        dossier.get("published_detected").is_none(),
        "a given date is not detected"
    );
}
#[test]
fn the_headline_stance_is_in_the_dossier_and_the_report_and_null_without_a_headline() {
    let path = repo_path("examples/warship.txt");
    let output = sift(&["analyze", &path.to_string_lossy(), "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stance = &dossiers(&output)[0]["headline_stance"];
    let label = stance["label"].as_str().expect("a labelled stance");
    assert!(["agree", "disagree", "discuss", "unrelated"].contains(&label));
    let score = stance["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&score));

    let report = sift(&["analyze", &path.to_string_lossy()]);
    let report = String::from_utf8(report.stdout).unwrap();
    assert!(
        report.contains(&format!("stance     {label} (")),
        "the text report has a stance line:\n{report}"
    );

    let output = sift_with_stdin(
        &["analyze", "-", "--format", "json", "--no-headline"],
        b"Rebels shelled the airport on Tuesday.",
    );
    assert!(dossiers(&output)[0]["headline_stance"].is_null());
}

#[test]
fn eval_stance_names_the_line_of_a_malformed_row() {
    let dir = tempfile::tempdir().unwrap();
    let bodies = write_temp(
        &dir,
        "bodies.csv",
        b"Body ID,articleBody\n1,\"Rain fell on the valley on Monday.\"\n",
    );
    let stances = write_temp(
        &dir,
        "stances.csv",
        b"Headline,Body ID,Stance\nRain falls,1,agree\nFlood,1,probably\n",
    );
    let output = sift(&["eval", "stance", &bodies, &stances]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("stances line 3: unknown stance \"probably\""),
        "{message}"
    );
}

#[test]
fn eval_stance_prints_the_fnc_score_last() {
    let dir = tempfile::tempdir().unwrap();
    let bodies = write_temp(
        &dir,
        "bodies.csv",
        b"Body ID,articleBody\n1,\"Dock workers in Valmora walked off the job on Tuesday. The strike was called by the union.\"\n",
    );
    let stances = write_temp(
        &dir,
        "stances.csv",
        b"Headline,Body ID,Stance\nValmora dock workers strike,1,discuss\nBank raises interest rates,1,unrelated\n",
    );
    let output = sift(&["eval", "stance", &bodies, &stances]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let last = stdout.trim_end().lines().last().unwrap();
    assert!(
        last.starts_with("FNC score: 0.") || last == "FNC score: 1.0000",
        "{stdout}"
    );
    assert!(stdout.contains("2 held-out pairs scored"), "{stdout}");
}

#[test]
fn warship_events_carry_codes_labels_scores_and_the_rule_with_evidence() {
    let path = repo_path("examples/warship.txt");
    let output = sift(&["analyze", &path.to_string_lossy(), "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dossier = &dossiers(&output)[0];
    let events = dossier["events"].as_array().expect("an events array");
    let fired = events
        .iter()
        .find(|event| event["trigger"]["text"] == "fired" && event["source"]["code"] == "RUSMIL")
        .unwrap_or_else(|| panic!("a RUSMIL event on 'fired' in {events:#?}"));
    assert_eq!(fired["source"]["text"], "A Russian warship");
    assert!(fired["cameo"]["code"].as_str().unwrap().starts_with("19"));
    assert_eq!(fired["cameo"]["quad_class"], 4);
    assert_eq!(fired["cameo"]["goldstein"], -10.0);
    assert_eq!(fired["plover"]["type"], "ASSAULT");
    assert!(
        fired["rule"]["location"]
            .as_str()
            .unwrap()
            .starts_with("CAMEO.2.0.txt:")
    );
    assert_eq!(fired["place"]["name"], "Aleppo");

    let report = String::from_utf8(sift(&["analyze", &path.to_string_lossy()]).stdout).unwrap();
    assert!(
        report.contains("source  RUSMIL A Russian warship"),
        "{report}"
    );
    assert!(report.contains("PLOVER ASSAULT"), "{report}");
}

#[test]
fn eval_petrarch_names_a_missing_dictionary_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let suite = write_temp(
        &dir,
        "suite.xml",
        b"<Validation><Sentences><Sentence id=\"A\" source=\"DEMO\" date=\"19950101\"><EventCoding noevents=\"True\"/><Text>x</Text><Parse>1\tx\tx\tNOUN\tNN\t_\t0\troot\t_\t_</Parse></Sentence></Sentences></Validation>",
    );
    let output = sift(&["eval", "petrarch", &suite]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("PETR.Validate"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn eval_petrarch_on_the_ud_suite_reports_records_fully_correct_last() {
    let Some(data) = sift_eval::shared_data_dir() else {
        return;
    };
    let suite = data.join("petrarch/suite-ud/PETR.UnitTest.records.xml");
    let output = sift(&["eval", "petrarch", &suite.to_string_lossy()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let last = stdout.lines().last().unwrap();
    assert!(last.starts_with("records fully correct: "), "{last}");
    assert!(stdout.contains("SYNSET"), "a per-category table");
}
#[test]
fn the_flagship_report_labels_each_claim_and_flags_the_headline() {
    let json = sift(&[
        "analyze",
        &repo_path("examples/warship.txt").to_string_lossy(),
        "--format",
        "json",
    ]);
    assert!(json.status.success(), "{}", stderr(&json));
    let dossier = &dossiers(&json)[0];
    let claims = dossier["claims"].as_array().unwrap();
    let find = |words: &str| {
        claims
            .iter()
            .find(|c| c["text"].as_str().unwrap().contains(words))
            .unwrap_or_else(|| panic!("no claim contains {words:?}"))
    };
    let unconfirmed = find("cannot confirm");
    assert_eq!(unconfirmed["certainty"], "hedged");
    assert_eq!(unconfirmed["attribution"]["kind"], "anonymous");
    assert_eq!(find("seen as revenge")["certainty"], "speculative");
    assert_eq!(find("intensify the tension")["certainty"], "predicted");
    assert_eq!(find("had fired on targets")["certainty"], "denied");
    assert_eq!(dossier["headline_consistency"]["consistent"], false);
    assert_eq!(dossier["source_reputation"]["rated"], false);

    let text = sift(&[
        "analyze",
        &repo_path("examples/warship.txt").to_string_lossy(),
    ]);
    let report = String::from_utf8(text.stdout).unwrap();
    assert!(report.contains("claims (certainty, cues, holder)"));
    assert!(report.contains("holder: anonymous"));
    assert!(report.contains("cues: "));
    assert!(report.contains("headline INCONSISTENT with the body"));
    assert!(report.contains("summary "));
}

/// One WARC record with its HTTP response, as a crawler writes it.
fn warc_response(uri: &str, id: u32, html: &str) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2024-03-07T06:10:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
    .into_bytes()
}

#[test]
fn a_warc_archive_and_a_feed_are_analyzed_and_a_truncated_record_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let page = |title: &str, text: &str| {
        format!(
            "<!DOCTYPE html><html><head><title>{title}</title></head><body><article>\
             <h1>{title}</h1><p>{text}</p></article></body></html>"
        )
    };
    let mut warc = warc_response(
        "https://harbour.example.org/talks",
        1,
        &page(
            "Harbour talks resume",
            "Negotiators met in Port Elin on Tuesday, officials said.",
        ),
    );
    warc.extend(warc_response(
        "https://ferries.example.net/strike",
        2,
        &page(
            "Ferry strike ends",
            "Ferry crews returned to work after a two-day strike.",
        ),
    ));
    let whole = write_temp(&dir, "crawl.warc", &warc);
    let output = sift(&["analyze", &whole, "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let pages = dossiers(&output);
    let urls: Vec<&str> = pages.iter().map(|d| d["url"].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        [
            "https://harbour.example.org/talks",
            "https://ferries.example.net/strike"
        ]
    );
    assert_eq!(pages[1]["source"], "ferries.example.net");
    assert_eq!(pages[1]["published"], "2024-03-07");

    let cut = write_temp(&dir, "cut.warc", &warc[..warc.len() - 60]);
    let output = sift(&["analyze", &cut, "--format", "json"]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(
        dossiers(&output).len(),
        1,
        "the first page still comes through"
    );
    assert!(
        stderr(&output).contains("cut.warc:offset ")
            && stderr(&output).contains("truncated WARC record <urn:uuid:2>"),
        "{}",
        stderr(&output)
    );

    let feed = write_temp(
        &dir,
        "feed.xml",
        b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>C</title>\
          <item><title>Border town calm</title><link>https://c.example.org/a</link>\
          <description>&lt;p&gt;The border town of Kessel was calm on Monday.&lt;/p&gt;</description>\
          </item></channel></rss>",
    );
    let output = sift(&["analyze", &feed, "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(dossiers(&output)[0]["url"], "https://c.example.org/a");
}

#[test]
fn analyze_json_carries_figures_under_their_events_and_at_the_top() {
    let output = sift(&[
        "analyze",
        &repo_path("examples/market-strike.txt").to_string_lossy(),
        "--format",
        "json",
        "--date",
        "2027-05-12",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dossier = &dossiers(&output)[0];
    let figures = dossier["magnitudes"].as_array().unwrap();
    let summary: Vec<(String, u64, Option<u64>, String)> = figures
        .iter()
        .map(|m| {
            (
                m["kind"].as_str().unwrap().to_string(),
                m["low"].as_u64().unwrap(),
                m["high"].as_u64(),
                m["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for expected in [
        ("killed", 27, Some(33), "about 30"),
        ("injured", 12, None, "at least a dozen"),
        ("killed", 41, Some(41), "41"),
        ("displaced", 2000, None, "more than 2,000"),
        ("arrested", 14, Some(14), "14"),
    ] {
        let expected = (
            expected.0.to_string(),
            expected.1,
            expected.2,
            expected.3.to_string(),
        );
        assert!(summary.contains(&expected), "{expected:?} in {summary:?}");
    }
    assert!(
        !summary
            .iter()
            .any(|figure| figure.3 == "32" || figure.3 == "31"),
        "an age and a count of trucks are no figures: {summary:?}"
    );
    // The arrest is a coded event and carries its figure, with its claim.
    let events = dossier["events"].as_array().unwrap();
    let arrest = events
        .iter()
        .find(|event| event["cameo"]["code"] == "173")
        .expect("the arrest is coded");
    let attached = arrest["magnitudes"].as_array().unwrap();
    assert_eq!(attached.len(), 1);
    assert_eq!(attached[0]["kind"], "arrested");
    assert_eq!(attached[0]["low"], 14);
    assert_eq!(attached[0]["certainty"], "asserted");
    // Every figure with an event is listed under it, and only there.
    for (idx, figure) in figures.iter().enumerate() {
        if let Some(event) = figure["event"].as_u64() {
            let under = events[event as usize]["magnitudes"].as_array().unwrap();
            assert!(under.contains(figure), "figure {idx} is under its event");
        }
    }
    let n_under: usize = events
        .iter()
        .map(|event| event["magnitudes"].as_array().unwrap().len())
        .sum();
    let n_linked = figures.iter().filter(|f| !f["event"].is_null()).count();
    assert_eq!(n_under, n_linked);
    // A figure the event coder missed keeps its claim and holder.
    let ministry = figures.iter().find(|f| f["text"] == "about 30").unwrap();
    assert_eq!(ministry["certainty"], "reported");
    assert!(
        ministry["attribution"]["text"]
            .as_str()
            .unwrap()
            .contains("ministry")
    );

    let report = sift(&[
        "analyze",
        &repo_path("examples/market-strike.txt").to_string_lossy(),
    ]);
    let report = String::from_utf8(report.stdout).unwrap();
    assert!(report.contains("figure  arrested 14"), "{report}");
    assert!(report.contains("killed 27-33: \u{201c}about 30\u{201d} fighters"));
}

#[test]
fn eval_magnitudes_scores_a_gold_file_and_prints_attachment_last() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write_temp(
        &dir,
        "gold.jsonl",
        br#"{"id": "a", "split": "dev", "text": "Police arrested 14 protesters outside parliament.", "magnitudes": [{"kind": "arrested", "low": 14, "high": 14, "event": "arrested"}]}
{"id": "b", "split": "test", "text": "The convoy of 31 trucks reached the town.", "magnitudes": []}
"#,
    );
    let output = sift(&["eval", "magnitudes", &gold]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let last = stdout.lines().last().unwrap();
    assert!(last.starts_with("attachment accuracy  1.000"), "{stdout}");
    assert!(stdout.contains("F1 1.000"), "{stdout}");

    let output = sift(&["eval", "magnitudes", &gold, "--split", "heldout"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("not a split"));

    let bad = write_temp(
        &dir,
        "bad.jsonl",
        b"{\"id\": \"x\", \"text\": \"no figures\"}\n",
    );
    let output = sift(&["eval", "magnitudes", &bad]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("line 1"), "{}", stderr(&output));
}

#[cfg(unix)]
#[test]
fn a_report_piped_into_a_closed_reader_ends_quietly() {
    // `sift eval ... | head -1`: once the reader has gone, the report must
    // stop without a panic message, the way other Unix filters do.
    use std::os::unix::process::ExitStatusExt;
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = Command::new(env!("CARGO_BIN_EXE_sift"))
        .args([
            "eval",
            "magnitudes",
            repo_path("tests/data/magnitudes/magnitudes.jsonl")
                .to_str()
                .unwrap(),
        ])
        .stdout(writer)
        .output()
        .expect("the sift binary runs");
    let message = stderr(&output);
    assert!(!message.contains("panicked"), "{message}");
    assert_eq!(output.status.signal(), Some(13), "{:?}", output.status);
}
