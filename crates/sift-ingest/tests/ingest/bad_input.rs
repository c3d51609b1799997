//! Messy and hostile input: each case becomes a rejection or a flagged
//! document, never a panic, and good records beside it still come through.

use std::io::Write;
use std::time::{Duration, Instant};

use sift_ingest::{CsvColumns, Error, Location, ReadOptions, read_path};

use crate::{only_rejection, read_all, temp, write};

#[test]
fn empty_and_blank_inputs_are_empty_documents() {
    let dir = temp();
    for (name, content) in [
        ("empty.txt", ""),
        ("blank.txt", " \n\t\n"),
        ("empty.jsonl", ""),
        ("blank.jsonl", "\n\n  \n"),
        ("empty.csv", ""),
        ("empty.html", "  \n"),
    ] {
        let path = write(dir.path(), name, content);
        let message = only_rejection(&path, &ReadOptions::default());
        assert_eq!(message, format!("{}: empty document", path.display()));
    }
}

#[test]
fn binary_data_is_rejected_with_what_it_looks_like() {
    let dir = temp();
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "a.txt",
            b"\x1f\x8b\x08\x00\x00\x00",
            "binary data, not text (looks like gzip; decompress it first)",
        ),
        (
            "b.jsonl",
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "binary data, not text (looks like a PNG image)",
        ),
        (
            "c.html",
            b"PK\x03\x04rest",
            "binary data, not text (looks like zip; unpack it first)",
        ),
        (
            "d.csv",
            b"text\nabc\x00def\n",
            "binary data, not text (contains NUL bytes)",
        ),
    ];
    for (name, bytes, reason) in cases {
        let path = write(dir.path(), name, bytes);
        assert_eq!(
            only_rejection(&path, &ReadOptions::default()),
            format!("{}: {reason}", path.display())
        );
    }
}

#[test]
fn invalid_utf8_is_decoded_lossily_and_flagged() {
    let dir = temp();
    let txt = write(dir.path(), "a.txt", b"Caf\xe9 bombed.");
    let jsonl = write(
        dir.path(),
        "b.jsonl",
        b"{\"text\": \"Caf\xe9 bombed.\"}\n{\"text\": \"Clean.\"}\n",
    );
    let csv = write(
        dir.path(),
        "c.csv",
        b"text,place\nCaf\xe9 bombed.,Par\xeds\n",
    );
    for path in [txt, jsonl, csv] {
        let (documents, rejections) = read_all(&path, &ReadOptions::default());
        assert!(rejections.is_empty(), "{rejections:?}");
        assert_eq!(
            documents[0].new_doc.text,
            "Caf\u{FFFD} bombed.",
            "{}",
            path.display()
        );
        assert!(documents[0].new_doc.decoded_lossily);
        if let Some(clean) = documents.get(1) {
            assert!(!clean.new_doc.decoded_lossily, "the flag is per record");
        }
    }
}

/// 50 MB of words with no newline, the shape of a scraped page gone wrong.
fn fifty_megabyte_line() -> String {
    let word = "lorem ";
    word.repeat(50_000_000 / word.len())
}

#[test]
fn a_fifty_megabyte_single_line_is_read_in_bounded_time() {
    let dir = temp();
    let line = fifty_megabyte_line();
    let txt = write(dir.path(), "huge.txt", &line);
    let jsonl = dir.path().join("huge.jsonl");
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&jsonl).unwrap());
        write!(file, "{{\"text\": \"{line}\"}}\n{{\"text\": \"after\"}}").unwrap();
    }
    drop(line);
    let started = Instant::now();
    let (documents, rejections) = read_all(&txt, &ReadOptions::default());
    assert!(rejections.is_empty());
    assert_eq!(documents[0].new_doc.text.len(), 50_000_000 / 6 * 6);
    let (documents, rejections) = read_all(&jsonl, &ReadOptions::default());
    assert!(rejections.is_empty(), "{rejections:?}");
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[1].new_doc.text, "after");
    // Generous, for a debug build on a busy machine; quadratic behaviour
    // would take minutes.
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn an_oversized_jsonl_line_is_rejected_and_the_next_line_is_read() {
    let dir = temp();
    let long = "x".repeat(100_000);
    let content =
        format!("{{\"text\": \"short\"}}\n{{\"text\": \"{long}\"}}\n{{\"text\": \"next\"}}\n");
    let path = write(dir.path(), "a.jsonl", content);
    let options = ReadOptions {
        max_record_bytes: 1000,
        ..ReadOptions::default()
    };
    let (documents, rejections) = read_all(&path, &options);
    let texts: Vec<&str> = documents.iter().map(|d| d.new_doc.text.as_str()).collect();
    assert_eq!(texts, ["short", "next"]);
    assert_eq!(
        rejections[0].to_string(),
        format!(
            "{}:2: line is larger than the limit of 1000 bytes; raise max_record_bytes to read it",
            path.display()
        )
    );
}

#[test]
fn an_oversized_text_file_is_rejected_without_reading_it_all() {
    let dir = temp();
    let path = write(dir.path(), "big.txt", "y".repeat(5000));
    let options = ReadOptions {
        max_record_bytes: 1000,
        ..ReadOptions::default()
    };
    let message = only_rejection(&path, &options);
    assert!(message.ends_with(
        "file is larger than the limit of 1000 bytes; raise max_record_bytes to read it"
    ));
}

#[test]
fn malformed_jsonl_lines_are_rejected_with_their_line_and_reason() {
    let dir = temp();
    let content = "{\"text\": \"one\"}\n\
                   {\"text\": }\n\
                   [1, 2]\n\
                   {\"title\": \"no text\"}\n\
                   {\"text\": \"   \"}\n\
                   {\"text\": 42}\n\
                   \n\
                   {\"text\": \"seven\"}\n\
                   {\"text\": \"trunc";
    let path = write(dir.path(), "r.jsonl", content);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    let texts: Vec<&str> = documents.iter().map(|d| d.new_doc.text.as_str()).collect();
    assert_eq!(texts, ["one", "seven"]);
    assert_eq!(
        documents[1].origin.location,
        Some(Location::Line(8)),
        "blank lines still count"
    );
    let messages: Vec<String> = rejections.iter().map(ToString::to_string).collect();
    let p = path.display();
    assert_eq!(
        messages,
        [
            format!("{p}:2: invalid JSON: expected value at column 10"),
            format!(
                "{p}:3: expected a JSON object, found an array; write one object per line, like {{\"text\": \"...\"}}"
            ),
            format!(
                "{p}:4: no text field; expected one of \"text\", \"body\", \"content\", \"articleBody\""
            ),
            format!("{p}:5: empty document (field \"text\" is blank)"),
            format!("{p}:6: field \"text\" is a number, not a string"),
            format!(
                "{p}:9: invalid JSON: EOF while parsing a string at column 15 (the line looks truncated)"
            ),
        ]
    );
}

#[test]
fn a_jsonl_file_cut_mid_object_loses_only_its_last_line() {
    let dir = temp();
    let whole = "{\"text\": \"First report.\", \"url\": \"https://a.example/1\"}\n\
                 {\"text\": \"Second report.\", \"meta\": {\"desk\": \"world\"}}\n\
                 {\"text\": \"Third report.\", \"meta\": {\"desk\": \"wor";
    let path = write(dir.path(), "cut.jsonl", whole);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    let texts: Vec<&str> = documents.iter().map(|d| d.new_doc.text.as_str()).collect();
    assert_eq!(texts, ["First report.", "Second report."]);
    assert_eq!(rejections.len(), 1, "{rejections:?}");
    assert_eq!(rejections[0].origin.location, Some(Location::Line(3)));
    assert!(
        rejections[0].reason.ends_with("(the line looks truncated)"),
        "{}",
        rejections[0]
    );
}

#[test]
fn a_csv_without_a_requested_column_is_rejected_listing_the_header() {
    let dir = temp();
    let path = write(dir.path(), "reports.csv", "id,title,text\n1,T,Body.\n");
    let options = ReadOptions {
        csv: CsvColumns {
            text: Some("body".into()),
            ..CsvColumns::default()
        },
        ..ReadOptions::default()
    };
    assert_eq!(
        only_rejection(&path, &options),
        format!(
            "{}: no column \"body\"; the header has: id, title, text",
            path.display()
        )
    );
}

#[test]
fn a_csv_whose_text_column_cannot_be_guessed_is_rejected_listing_the_header() {
    let dir = temp();
    let path = write(dir.path(), "r.csv", "id,summary\n1,Body.\n");
    let message = only_rejection(&path, &ReadOptions::default());
    assert_eq!(
        message,
        format!(
            "{}: no text column (looked for text, body, articleBody, content); the header has: id, summary; \
             name the text column in the CSV options",
            path.display()
        )
    );
}

#[test]
fn a_csv_row_with_the_wrong_number_of_fields_rejects_only_that_record() {
    let dir = temp();
    let path = write(
        dir.path(),
        "r.csv",
        "id,text\n1,One.\n2,Two.,extra\n3,\"Three,\nstill three.\"\n4\n5,Five.\n",
    );
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    let texts: Vec<&str> = documents.iter().map(|d| d.new_doc.text.as_str()).collect();
    assert_eq!(texts, ["One.", "Three,\nstill three.", "Five."]);
    let messages: Vec<String> = rejections.iter().map(ToString::to_string).collect();
    let p = path.display();
    assert_eq!(
        messages,
        [
            format!(
                "{p}:record 2 (line 3): has 3 fields, but the header has 2; check the quoting of this record"
            ),
            format!(
                "{p}:record 4 (line 6): has 1 fields, but the header has 2; check the quoting of this record"
            ),
        ]
    );
    assert_eq!(
        documents[2].origin.location,
        Some(Location::Record { number: 5, line: 7 })
    );
}

#[test]
fn an_html_page_without_text_is_rejected() {
    let dir = temp();
    let path = write(
        dir.path(),
        "page.html",
        "<html><head><title>Nothing</title><script>var a = 1;</script></head><body><img src=x></body></html>",
    );
    assert_eq!(
        only_rejection(&path, &ReadOptions::default()),
        format!("{}: no article text found in the HTML", path.display())
    );
}

#[test]
fn a_bad_file_in_a_directory_does_not_stop_the_others() {
    let dir = temp();
    write(dir.path(), "a.txt", "");
    write(dir.path(), "b.jsonl", "{oops}\n{\"text\": \"fine\"}\n");
    write(dir.path(), "c.txt", "Also fine.");
    let (documents, rejections) = read_all(dir.path(), &ReadOptions::default());
    assert_eq!(documents.len(), 2);
    assert_eq!(rejections.len(), 2);
}

#[test]
fn a_missing_path_or_a_directory_without_supported_files_is_a_fatal_error() {
    let dir = temp();
    let missing = dir.path().join("nope.jsonl");
    let Err(error) = read_path(&missing, &ReadOptions::default()) else {
        panic!("expected an error")
    };
    assert!(matches!(error, Error::NotFound { .. }));
    assert_eq!(
        error.to_string(),
        format!("{}: no such file or directory", missing.display())
    );

    write(dir.path(), "notes.md", "not news");
    let Err(error) = read_path(dir.path(), &ReadOptions::default()) else {
        panic!("expected an error")
    };
    assert!(matches!(error, Error::NoSupportedFiles { .. }));
    assert_eq!(
        error.to_string(),
        format!(
            "{}: no supported files in this directory (looked for .txt, .text, .jsonl, .ndjson, .csv, .html, .htm, .rss, .atom, .xml (feeds only), .warc, .warc.gz)",
            dir.path().display()
        )
    );
}

#[test]
fn windows_line_endings_become_newlines() {
    let dir = temp();
    let txt = write(
        dir.path(),
        "a.txt",
        "Headline\r\n\r\nBody one.\r\nBody two.\r\n",
    );
    let csv = write(
        dir.path(),
        "b.csv",
        "text\r\n\"Para one.\r\n\r\nPara two.\"\r\n",
    );
    let (documents, _) = read_all(&txt, &ReadOptions::default());
    assert_eq!(
        documents[0].new_doc.text,
        "Headline\n\nBody one.\nBody two.\n"
    );
    let (documents, _) = read_all(&csv, &ReadOptions::default());
    assert_eq!(documents[0].new_doc.text, "Para one.\n\nPara two.");
}

/// Deterministic noise: bytes that are mostly printable, with quotes,
/// braces, angle brackets and newlines mixed in, and no NUL (which would be
/// rejected before any reader saw it).
fn noise(seed: u64, len: usize) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ab c\"{}[]<>/=:,\n\r\\'&;#!-p\xc3\xa9\xff";
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ALPHABET[(state % ALPHABET.len() as u64) as usize]
        })
        .collect()
}

#[test]
fn noise_in_any_format_gives_documents_or_rejections_but_never_panics() {
    let dir = temp();
    for seed in 0..40 {
        for extension in ["txt", "jsonl", "csv", "html", "rss", "warc"] {
            let mut bytes = noise(seed, 2000);
            // Half the time the noise starts like the format, so that it
            // reaches the reader's own parsing.
            let start: &[u8] = match extension {
                "html" => b"<html><body><div><p>",
                "rss" => b"<rss version=\"2.0\"><channel><item><description>",
                "warc" => b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 900\r\n\r\nHTTP/1.1 200 OK\r\n",
                _ => b"",
            };
            if seed % 2 == 0 {
                bytes.splice(0..0, start.iter().copied());
            }
            let path = write(dir.path(), &format!("noise{seed}.{extension}"), &bytes);
            let (documents, rejections) = read_all(&path, &ReadOptions::default());
            assert!(
                !documents.is_empty() || !rejections.is_empty(),
                "{}",
                path.display()
            );
            for rejection in &rejections {
                let reason = &rejection.reason;
                assert!(
                    !reason.ends_with('.') && !reason.starts_with(char::is_uppercase),
                    "{reason}"
                );
            }
        }
    }
}
