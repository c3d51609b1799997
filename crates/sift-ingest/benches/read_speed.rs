//! Read throughput on synthetic input: JSONL in MB/s, HTML in pages/s, and
//! a CC-NEWS-shaped `.warc.gz` in pages/s.
//!
//! Run with `cargo bench -p sift-ingest`. The input is generated, so the
//! numbers are comparable across machines and commits; each run checks the
//! number of documents it got.

use std::io::{Cursor, Write};
use std::path::Path;
use std::time::Instant;

use sift_ingest::{ReadOptions, read_reader};

const PARAGRAPH: &str = "The foreign ministers of both countries met in Geneva on Tuesday to discuss \
    the ceasefire, and officials said the talks would continue next week despite the shelling \
    that killed three civilians near the border over the weekend.";

fn main() {
    jsonl(true);
    jsonl(false);
    html(true);
    html(false);
    warc(false);
}

fn jsonl(detect_language: bool) {
    let n_records = 40_000;
    let mut input = String::new();
    for i in 0..n_records {
        let text = [PARAGRAPH; 8].join("\\n\\n");
        input.push_str(&format!(
            "{{\"id\": {i}, \"title\": \"Report {i}\", \"url\": \"https://example.com/{i}\", \
             \"published\": \"2024-03-05T10:00:00Z\", \"text\": \"{text}\", \"section\": \"world\"}}\n"
        ));
    }
    let n_bytes = input.len();
    let options = ReadOptions {
        detect_language,
        ..ReadOptions::default()
    };
    let started = Instant::now();
    let records = read_reader(
        Cursor::new(input.into_bytes()),
        Path::new("bench.jsonl"),
        &options,
    )
    .unwrap();
    let n_documents = records.filter(Result::is_ok).count();
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(n_documents, n_records);
    println!(
        "jsonl (language detection {}): {n_documents} records, {:.1} MB in {seconds:.2} s = {:.0} MB/s",
        if detect_language { "on" } else { "off" },
        n_bytes as f64 / 1e6,
        n_bytes as f64 / 1e6 / seconds
    );
}

fn html(detect_language: bool) {
    let n_pages = 500;
    let page = synthetic_page();
    let options = ReadOptions {
        detect_language,
        ..ReadOptions::default()
    };
    let started = Instant::now();
    let mut n_documents = 0;
    for _ in 0..n_pages {
        let records = read_reader(
            Cursor::new(page.clone().into_bytes()),
            Path::new("page.html"),
            &options,
        )
        .unwrap();
        for record in records {
            let document = record.unwrap();
            assert!(document.new_doc.text.contains("\n\n"));
            n_documents += 1;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(n_documents, n_pages);
    println!(
        "html (language detection {}): {n_pages} pages of {:.1} KB in {seconds:.2} s = {:.0} pages/s",
        if detect_language { "on" } else { "off" },
        page.len() as f64 / 1e3,
        n_pages as f64 / seconds
    );
}

/// A news page of about 7 KB: navigation, an article of twelve paragraphs,
/// a sidebar of links, a footer, scripts and styles.
fn synthetic_page() -> String {
    let nav: String = (0..40)
        .map(|i| format!("<li><a href=\"/section/{i}\">Section {i}</a></li>"))
        .collect();
    let paragraphs: String = (0..12)
        .map(|i| format!("<p>{PARAGRAPH} Paragraph {i}.</p>\n"))
        .collect();
    let sidebar: String = (0..30)
        .map(|i| format!("<li><a href=\"/story/{i}\">Another story headline number {i}</a></li>"))
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Talks resume in Geneva | Example News</title>\
         <meta property=\"og:title\" content=\"Talks resume in Geneva\">\
         <meta property=\"og:site_name\" content=\"Example News\">\
         <meta property=\"og:url\" content=\"https://example.com/world/talks\">\
         <meta property=\"article:published_time\" content=\"2024-03-05T08:00:00Z\">\
         <style>body {{ font-family: serif }} .nav li {{ display: inline }}</style>\
         <script>window.dataLayer = [];</script></head><body>\
         <header><nav><ul class=\"nav\">{nav}</ul></nav></header>\
         <main><article><h1>Talks resume in Geneva</h1><p class=\"byline\">By Jane Roe</p>\n{paragraphs}</article>\
         <aside class=\"sidebar\"><h3>Most read</h3><ul>{sidebar}</ul></aside></main>\
         <footer><p>Copyright Example News</p></footer><script>track();</script></body></html>"
    )
}

/// A `.warc.gz` laid out like CC-NEWS: a warcinfo record, then for each
/// page a request and a response, each record its own gzip member; one
/// response in ten is a redirect, which is skipped. Language detection is
/// off, as `sift ingest` runs it.
fn warc(detect_language: bool) {
    let n_pages = 3000;
    let template = synthetic_page();
    let mut file = Vec::new();
    let mut add = |warc_type: &str, uri: &str, content: &[u8]| {
        let mut record = format!(
            "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Date: 2024-03-07T06:10:00Z\r\n\
             WARC-Record-ID: <urn:uuid:{}>\r\nWARC-Target-URI: {uri}\r\n\
             Content-Type: application/http; msgtype={warc_type}\r\nContent-Length: {}\r\n\r\n",
            file.len(),
            content.len()
        )
        .into_bytes();
        record.extend_from_slice(content);
        record.extend_from_slice(b"\r\n\r\n");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&record).unwrap();
        file.extend_from_slice(&gz.finish().unwrap());
    };
    add("warcinfo", "", b"software: read_speed bench\r\n");
    let mut n_redirects = 0;
    for i in 0..n_pages + n_pages / 9 {
        let uri = format!("https://example.com/world/{i}");
        add(
            "request",
            &uri,
            format!("GET /world/{i} HTTP/1.1\r\n\r\n").as_bytes(),
        );
        if i % 10 == 9 {
            n_redirects += 1;
            add(
                "response",
                &uri,
                b"HTTP/1.1 301 Moved Permanently\r\nLocation: /\r\n\r\n",
            );
            continue;
        }
        let page = template.replace("Paragraph", &format!("Item {i}, paragraph"));
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{page}",
            page.len()
        );
        add("response", &uri, response.as_bytes());
    }
    let n_expected = n_pages + n_pages / 9 - n_redirects;
    let n_bytes = file.len();
    let options = ReadOptions {
        detect_language,
        ..ReadOptions::default()
    };
    let started = Instant::now();
    let records = read_reader(Cursor::new(file), Path::new("bench.warc.gz"), &options).unwrap();
    let mut n_documents = 0;
    for record in records {
        let document = record.unwrap();
        assert!(document.new_doc.text.contains("\n\n"));
        assert!(document.new_doc.url.is_some());
        n_documents += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(n_documents, n_expected);
    println!(
        "warc.gz (language detection {}): {n_documents} pages ({n_redirects} redirects skipped), \
         {:.1} MB compressed in {seconds:.2} s = {:.0} pages/s",
        if detect_language { "on" } else { "off" },
        n_bytes as f64 / 1e6,
        n_documents as f64 / seconds
    );
}
