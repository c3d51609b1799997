//! WARC archives: HTML responses become documents; everything else is
//! skipped; damage costs only the damaged record. The archives are built
//! here, byte by byte, so that a test can break exactly one member.

use std::io::Write;

use chrono::NaiveDate;
use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::json;
use sift_core::Headline;
use sift_ingest::{Document, Location, ReadOptions, Rejection};

use crate::{only_rejection, read_all, temp, write};

/// One WARC record, as a WARC/1.0 writer lays it out.
fn record(warc_type: &str, uri: &str, id: u32, content_type: &str, content: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Date: 2024-03-07T06:10:00Z\r\n\
         WARC-Record-ID: <urn:uuid:0000-{id:04}>\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        content.len()
    )
    .into_bytes();
    bytes.extend_from_slice(content);
    bytes.extend_from_slice(b"\r\n\r\n");
    bytes
}

fn response(uri: &str, id: u32, http: &[u8]) -> Vec<u8> {
    record(
        "response",
        uri,
        id,
        "application/http; msgtype=response",
        http,
    )
}

/// An HTTP response with the given status line, extra headers and body.
fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "{status}\r\n{headers}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn html_ok(body: &str) -> Vec<u8> {
    http(
        "HTTP/1.1 200 OK",
        "Content-Type: text/html; charset=utf-8\r\n",
        body.as_bytes(),
    )
}

/// A short fictional news page; `date` goes into its `<meta>` when given.
fn page(title: &str, paragraphs: &[&str], date: Option<&str>) -> String {
    let date = date
        .map(|d| format!("<meta property=\"article:published_time\" content=\"{d}\">"))
        .unwrap_or_default();
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>{title}</title>{date}</head>\
         <body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>\n{body}</article>\
         <footer>Contact us</footer></body></html>"
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// Each record its own gzip member, as Common Crawl writes them; returns
/// the file and each member's offset.
fn warc_gz(records: &[Vec<u8>]) -> (Vec<u8>, Vec<u64>) {
    let mut file = Vec::new();
    let mut offsets = Vec::new();
    for record in records {
        offsets.push(file.len() as u64);
        file.extend_from_slice(&gzip(record));
    }
    (file, offsets)
}

/// Five pages with distinct texts: "Story N ..." for N in 1..=5.
fn five_stories() -> Vec<Vec<u8>> {
    (1..=5)
        .map(|n| {
            let text = format!(
                "Story {n}: the river authority in Calder Vale reported new flooding on \
                 Thursday, and residents of {n} streets were moved to the school hall."
            );
            let page = page(&format!("Flood report {n}"), &[&text], None);
            response(
                &format!("https://valley.example.com/story-{n}"),
                n,
                &html_ok(&page),
            )
        })
        .collect()
}

fn story_numbers(documents: &[Document]) -> Vec<u32> {
    documents
        .iter()
        .map(|d| {
            let text = &d.new_doc.text;
            let n = text.strip_prefix("Story ").expect(text);
            n[..1].parse().unwrap()
        })
        .collect()
}

fn messages(rejections: &[Rejection]) -> Vec<String> {
    rejections.iter().map(ToString::to_string).collect()
}

#[test]
fn only_html_responses_become_documents_with_url_date_headline_and_text() {
    let dir = temp();
    let warcinfo = record(
        "warcinfo",
        "",
        1,
        "application/warc-fields",
        b"software: test\r\nformat: WARC File Format 1.0\r\n",
    );
    let request = record(
        "request",
        "https://harbour.example.org/news/talks",
        2,
        "application/http; msgtype=request",
        b"GET /news/talks HTTP/1.1\r\nHost: harbour.example.org\r\n\r\n",
    );
    let talks = page(
        "Harbour talks resume in Port Elin",
        &[
            "Negotiators from both fishing unions met in Port Elin on Wednesday.",
            "The mayor said the talks would continue next week.",
        ],
        Some("2024-03-06T18:00:00+01:00"),
    );
    let first = response(
        "https://harbour.example.org/news/talks",
        3,
        &html_ok(&talks),
    );
    let metadata = record(
        "metadata",
        "https://harbour.example.org/news/talks",
        4,
        "application/warc-fields",
        b"fetchTimeMs: 120\r\n",
    );
    let redirect = response(
        "https://harbour.example.org/old",
        5,
        &http(
            "HTTP/1.1 301 Moved Permanently",
            "Location: /news/talks\r\n",
            b"",
        ),
    );
    let image = response(
        "https://harbour.example.org/logo.png",
        6,
        &http(
            "HTTP/1.1 200 OK",
            "Content-Type: image/png\r\n",
            b"\x89PNG\r\n\x1a\n\0\0\0",
        ),
    );
    let ferry = page(
        "Ferry strike ends",
        &["Ferry crews returned to work after a two-day strike."],
        None,
    );
    let second = response(
        "https://ferries.example.net/strike-ends",
        7,
        &html_ok(&ferry),
    );
    let (file, offsets) = warc_gz(&[warcinfo, request, first, metadata, redirect, image, second]);
    let path = write(dir.path(), "CC-NEWS-20240307.warc.gz", file);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    assert!(rejections.is_empty(), "{rejections:?}");
    assert_eq!(documents.len(), 2);

    let talks = &documents[0];
    assert_eq!(
        talks.new_doc.url.as_deref(),
        Some("https://harbour.example.org/news/talks")
    );
    assert_eq!(
        talks.new_doc.headline,
        Headline::Given("Harbour talks resume in Port Elin".to_string())
    );
    assert_eq!(
        talks.new_doc.text,
        "Negotiators from both fishing unions met in Port Elin on Wednesday.\n\n\
         The mayor said the talks would continue next week."
    );
    assert_eq!(
        talks.new_doc.published,
        NaiveDate::from_ymd_opt(2024, 3, 6),
        "the page's own date wins over the crawl date"
    );
    assert_eq!(talks.origin.location, Some(Location::Offset(offsets[2])));
    assert_eq!(
        talks.new_doc.extra.get("warc_record_id"),
        Some(&json!("<urn:uuid:0000-0003>"))
    );

    let ferry = &documents[1];
    assert_eq!(
        ferry.new_doc.url.as_deref(),
        Some("https://ferries.example.net/strike-ends")
    );
    assert_eq!(
        ferry.new_doc.published,
        NaiveDate::from_ymd_opt(2024, 3, 7),
        "without a date of its own, the page gets the WARC-Date day"
    );
    assert_eq!(ferry.origin.location, Some(Location::Offset(offsets[6])));
    let doc = sift_core::Doc::new(ferry.new_doc.clone()).unwrap();
    assert_eq!(doc.meta().source.as_deref(), Some("ferries.example.net"));
}

#[test]
fn chunked_and_gzip_encoded_bodies_are_decoded() {
    let dir = temp();
    let html = page(
        "Mill closes",
        &["The last textile mill in Arden closed its gates on Friday."],
        None,
    );
    let compressed = gzip(html.as_bytes());
    let mut chunked = Vec::new();
    for chunk in compressed.chunks(100) {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let mut body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\
                     Content-Encoding: gzip\r\n\r\n"
        .to_vec();
    body.extend_from_slice(&chunked);
    let (file, _) = warc_gz(&[response("https://arden.example.com/mill", 1, &body)]);
    let path = write(dir.path(), "a.warc.gz", file);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    assert!(rejections.is_empty(), "{rejections:?}");
    assert_eq!(
        documents[0].new_doc.text,
        "The last textile mill in Arden closed its gates on Friday."
    );
}

#[test]
fn a_windows_1252_page_is_decoded_by_its_declared_charset() {
    let dir = temp();
    // “Café Rouge” reopens – in windows-1252 bytes.
    let text = b"<html><head><title>Caf\xe9 reopens</title></head><body><article>\
                 <p>The \x93Caf\xe9 Rouge\x94 on Main Street reopened on Monday \x96 a week after the fire.</p>\
                 </article></body></html>";
    let by_header = http(
        "HTTP/1.1 200 OK",
        "Content-Type: text/html; charset=windows-1252\r\n",
        text,
    );
    let mut with_meta = b"<meta charset=\"windows-1252\">".to_vec();
    with_meta.extend_from_slice(text);
    let by_meta = http("HTTP/1.1 200 OK", "Content-Type: text/html\r\n", &with_meta);
    let (file, _) = warc_gz(&[
        response("https://rouge.example.com/a", 1, &by_header),
        response("https://rouge.example.com/b", 2, &by_meta),
    ]);
    let path = write(dir.path(), "latin.warc.gz", file);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    assert!(rejections.is_empty(), "{rejections:?}");
    assert_eq!(documents.len(), 2);
    for document in &documents {
        assert_eq!(
            document.new_doc.text,
            "The \u{201c}Caf\u{e9} Rouge\u{201d} on Main Street reopened on Monday \u{2013} a week after the fire."
        );
        assert!(!document.new_doc.decoded_lossily);
    }
}

/// Breaks the third of five members in different ways; each must give
/// exactly one rejection at that member's offset, and the other four pages.
/// Junk between two members costs no page, but is reported where it is.
#[test]
fn a_corrupt_middle_member_is_one_rejection_and_the_records_around_it_come_through() {
    let dir = temp();
    let (file, offsets) = warc_gz(&five_stories());
    let third = offsets[2] as usize..offsets[3] as usize;

    let mut garbage_inside = file.clone();
    let middle = third.start + third.len() / 2;
    garbage_inside[middle - 8..middle + 8].copy_from_slice(b"GARBAGE!GARBAGE!");

    let mut bad_checksum = file.clone();
    bad_checksum[third.end - 8] ^= 0xFF;

    let mut cut_member = file.clone();
    cut_member.drain(third.start + 40..third.end - 20);

    let mut junk_between = file.clone();
    junk_between.splice(
        third.start..third.start,
        b"junk that is not gzip".iter().copied(),
    );

    for (name, bytes, stories) in [
        ("garbage.warc.gz", garbage_inside, &[1, 2, 4, 5][..]),
        ("checksum.warc.gz", bad_checksum, &[1, 2, 4, 5]),
        ("cut.warc.gz", cut_member, &[1, 2, 4, 5]),
        ("junk.warc.gz", junk_between, &[1, 2, 3, 4, 5]),
    ] {
        let path = write(dir.path(), name, bytes);
        let (documents, rejections) = read_all(&path, &ReadOptions::default());
        assert_eq!(story_numbers(&documents), stories, "{name}");
        assert_eq!(rejections.len(), 1, "{name}: {rejections:?}");
        assert_eq!(
            rejections[0].origin.location,
            Some(Location::Offset(offsets[2])),
            "{name}: {}",
            rejections[0]
        );
        let message = rejections[0].to_string();
        assert!(
            message.contains("reading resumed at offset"),
            "{name}: {message}"
        );
    }
}

/// Random damage, a few bytes at a time: never a panic, pages in order and
/// intact, and no page lost but those in damaged members.
#[test]
fn random_damage_costs_at_most_the_damaged_members() {
    let dir = temp();
    let (file, offsets) = warc_gz(&five_stories());
    let (intact, _) = read_all(
        &write(dir.path(), "intact.warc.gz", &file),
        &ReadOptions::default(),
    );
    let member_of = |position: usize| {
        offsets
            .iter()
            .rposition(|&o| o as usize <= position)
            .unwrap()
    };
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    // 20,000 rounds of up to six flipped bits passed when this was written;
    // a few hundred keep the test quick.
    for round in 0..300 {
        let mut damaged = file.clone();
        let mut damaged_members = std::collections::BTreeSet::new();
        for _ in 0..1 + round % 6 {
            let position = (next() % file.len() as u64) as usize;
            damaged[position] ^= 1 << (next() % 8);
            damaged_members.insert(member_of(position));
        }
        let path = write(dir.path(), &format!("damaged{round}.warc.gz"), &damaged);
        let (documents, rejections) = read_all(&path, &ReadOptions::default());
        let numbers = story_numbers(&documents);
        assert!(
            numbers.windows(2).all(|w| w[0] < w[1]),
            "{round}: {numbers:?}"
        );
        for (document, number) in documents.iter().zip(&numbers) {
            let original = &intact[*number as usize - 1].new_doc;
            assert_eq!(document.new_doc.text, original.text, "round {round}");
            assert_eq!(document.new_doc.url, original.url, "round {round}");
        }
        let lost = 5 - numbers.len();
        assert!(
            lost <= damaged_members.len(),
            "round {round}: lost {lost} pages to {} damaged members: {rejections:?}",
            damaged_members.len()
        );
        assert!(
            rejections.len() <= damaged_members.len(),
            "round {round}: {rejections:?}"
        );
    }
}

#[test]
fn a_truncated_last_record_is_one_rejection() {
    let dir = temp();
    let records = five_stories();
    let (file, offsets) = warc_gz(&records);
    let cut_gz = &file[..file.len() - 30];
    let path = write(dir.path(), "cut.warc.gz", cut_gz);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    assert_eq!(story_numbers(&documents), [1, 2, 3, 4]);
    assert_eq!(
        messages(&rejections),
        [format!(
            "{}:offset {}: gzip member is cut short (the file looks truncated); nothing readable follows it",
            path.display(),
            offsets[4]
        )]
    );

    let plain = records.concat();
    let last_start = plain.len() - records[4].len();
    let path = write(dir.path(), "cut.warc", &plain[..plain.len() - 200]);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    assert_eq!(story_numbers(&documents), [1, 2, 3, 4]);
    assert_eq!(rejections.len(), 1, "{rejections:?}");
    assert_eq!(
        rejections[0].origin.location,
        Some(Location::Offset(last_start as u64))
    );
    assert!(
        rejections[0]
            .reason
            .starts_with("truncated WARC record <urn:uuid:0000-0005>: its header promises"),
        "{}",
        rejections[0]
    );
}

#[test]
fn a_malformed_record_header_is_one_rejection_and_reading_goes_on() {
    let dir = temp();
    let mut records = five_stories();
    let broken = String::from_utf8(records[1].clone())
        .unwrap()
        .replace("Content-Length: ", "Content-Length: about ");
    records[1] = broken.into_bytes();
    let plain = records.concat();
    let second_start = records[0].len() as u64;
    let (gz, offsets) = warc_gz(&records);
    for (name, bytes, offset) in [
        ("bad.warc", plain, second_start),
        ("bad.warc.gz", gz, offsets[1]),
    ] {
        let path = write(dir.path(), name, bytes);
        let (documents, rejections) = read_all(&path, &ReadOptions::default());
        assert_eq!(story_numbers(&documents), [1, 3, 4, 5], "{name}");
        assert_eq!(rejections.len(), 1, "{name}: {rejections:?}");
        assert!(
            rejections[0]
                .reason
                .starts_with("malformed WARC record header: Content-Length \"about "),
            "{}",
            rejections[0]
        );
        assert_eq!(
            rejections[0].origin.location,
            Some(Location::Offset(offset))
        );
    }
}

#[test]
fn a_plain_warc_is_read_and_both_kinds_are_sniffed_without_an_extension() {
    let dir = temp();
    let records = five_stories();
    let (gz, _) = warc_gz(&records);
    for (name, bytes) in [
        ("plain.warc", records.concat()),
        ("crawl-data-plain", records.concat()),
        ("crawl-data-gz", gz),
        // One gzip stream for the whole file, as `gzip file.warc` makes.
        ("whole.warc.gz", gzip(&records.concat())),
    ] {
        let path = write(dir.path(), name, bytes);
        let (documents, rejections) = read_all(&path, &ReadOptions::default());
        assert!(rejections.is_empty(), "{name}: {rejections:?}");
        assert_eq!(story_numbers(&documents), [1, 2, 3, 4, 5], "{name}");
    }
    let other_gz = write(dir.path(), "notes.txt.gz", gzip(b"just some notes"));
    assert_eq!(
        only_rejection(&other_gz, &ReadOptions::default()),
        format!(
            "{}: binary data, not text (looks like gzip; decompress it first)",
            other_gz.display()
        ),
        "a .gz that is not a WARC keeps the old advice"
    );
}

#[test]
fn a_page_without_text_is_rejected_with_its_record_id_and_offset() {
    let dir = temp();
    let empty_page = html_ok(
        "<html><head><title>Gallery</title></head><body><script>x()</script></body></html>",
    );
    let mut records = five_stories();
    records.insert(
        1,
        response("https://valley.example.com/gallery", 9, &empty_page),
    );
    let (file, offsets) = warc_gz(&records);
    let path = write(dir.path(), "g.warc.gz", file);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    assert_eq!(story_numbers(&documents), [1, 2, 3, 4, 5]);
    assert_eq!(
        messages(&rejections),
        [format!(
            "{}:offset {}: html page has no main text (record <urn:uuid:0000-0009>)",
            path.display(),
            offsets[1]
        )]
    );
}

#[test]
fn a_warc_without_html_pages_says_so_once_and_arc_files_are_refused() {
    let dir = temp();
    let records = [
        record(
            "warcinfo",
            "",
            1,
            "application/warc-fields",
            b"software: test\r\n",
        ),
        response(
            "https://x.example.com/",
            2,
            &http("HTTP/1.1 302 Found", "Location: /home\r\n", b""),
        ),
        response(
            "https://x.example.com/robots.txt",
            3,
            &http(
                "HTTP/1.1 200 OK",
                "Content-Type: text/plain\r\n",
                b"User-agent: *\n",
            ),
        ),
    ];
    let (file, _) = warc_gz(&records);
    let path = write(dir.path(), "nothing.warc.gz", file);
    assert_eq!(
        only_rejection(&path, &ReadOptions::default()),
        format!(
            "{}: no HTML pages in this WARC file (3 records, 2 HTTP responses: 1 with a status other than 2xx, 1 not HTML)",
            path.display()
        )
    );
    let arc = write(
        dir.path(),
        "old.arc",
        "filedesc://old.arc 0.0.0.0 20040101000000 text/plain 76\n1 0 Archive\n",
    );
    assert_eq!(
        only_rejection(&arc, &ReadOptions::default()),
        format!(
            "{}: this is an ARC file (the format before WARC), which sift does not read; convert it to WARC first",
            arc.display()
        )
    );
    let arc_gz = write(
        dir.path(),
        "old.arc.gz",
        gzip(b"filedesc://old.arc 0.0.0.0 2004\n"),
    );
    assert!(only_rejection(&arc_gz, &ReadOptions::default()).contains("an ARC file"));
}

#[test]
fn a_directory_walk_picks_up_feeds_and_warcs() {
    let dir = temp();
    let (gz, _) = warc_gz(&five_stories()[..1]);
    write(dir.path(), "a/crawl.warc.gz", gz);
    write(dir.path(), "b/plain.warc", five_stories()[1].clone());
    let item = "<item><title>T</title><link>https://f.example.org/x</link><description>Feed story.</description></item>";
    write(
        dir.path(),
        "c/news.rss",
        format!("<rss version=\"2.0\"><channel><title>F</title>{item}</channel></rss>"),
    );
    write(
        dir.path(),
        "c/news.xml",
        format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>{item}</channel></rss>"),
    );
    write(
        dir.path(),
        "c/news.atom",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title><entry><title>E</title>\
         <id>e</id><summary>Atom story.</summary></entry></feed>",
    );
    write(
        dir.path(),
        "c/sitemap.xml",
        "<?xml version=\"1.0\"?><urlset></urlset>",
    );
    write(dir.path(), "c/archive.tar.gz", gzip(b"not a warc"));
    let (documents, rejections) = read_all(dir.path(), &ReadOptions::default());
    assert!(rejections.is_empty(), "{rejections:?}");
    let files: Vec<String> = documents
        .iter()
        .map(|d| {
            d.origin
                .path
                .strip_prefix(dir.path())
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(
        files,
        [
            "a/crawl.warc.gz",
            "b/plain.warc",
            "c/news.atom",
            "c/news.rss",
            "c/news.xml"
        ]
    );
}
