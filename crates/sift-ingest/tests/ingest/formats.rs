//! Well-formed input in every format.

use std::io::Cursor;
use std::path::Path;

use chrono::NaiveDate;
use serde_json::json;
use sift_core::Headline;
use sift_ingest::{
    CsvColumns, Error, Format, HeadlinePolicy, Location, Origin, ReadOptions, read_path,
    read_reader,
};

use crate::{read_all, shared_data, temp, write};

const LONG_ENGLISH: &str = "The foreign ministers of both countries met in Geneva on Tuesday to \
    discuss the ceasefire, and officials said the talks would continue next week despite the \
    shelling that killed three civilians near the border over the weekend.";

#[test]
fn plain_text_is_one_document_with_its_first_line_as_headline() {
    let dir = temp();
    let text = format!("Talks resume in Geneva\n\n{LONG_ENGLISH}\n");
    let path = write(dir.path(), "report.txt", &text);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    assert!(rejections.is_empty());
    let [document] = documents.as_slice() else {
        panic!("{documents:?}")
    };
    assert_eq!(
        document.new_doc.text, text,
        "plain text is kept byte for byte"
    );
    assert_eq!(document.new_doc.headline, Headline::FirstLine);
    assert_eq!(document.new_doc.language.as_deref(), Some("en"));
    assert!(!document.new_doc.decoded_lossily);
    assert_eq!(document.origin.to_string(), path.display().to_string());
}

#[test]
fn headline_policies_apply_to_plain_text_and_records() {
    let dir = temp();
    let txt = write(dir.path(), "a.txt", "Line one\nLine two\n");
    let jsonl = write(
        dir.path(),
        "b.jsonl",
        "{\"text\": \"Body.\", \"title\": \"Own title\"}\n{\"text\": \"Bare.\"}\n",
    );
    let headlines =
        |path: &Path, policy: HeadlinePolicy| -> Vec<(Headline, Option<serde_json::Value>)> {
            let options = ReadOptions {
                headline: policy,
                ..ReadOptions::default()
            };
            read_all(path, &options)
                .0
                .into_iter()
                .map(|d| (d.new_doc.headline, d.new_doc.extra.get("title").cloned()))
                .collect()
        };
    let given = || HeadlinePolicy::Given("Set by hand".into());
    assert_eq!(
        headlines(&txt, HeadlinePolicy::None),
        [(Headline::None, None)]
    );
    assert_eq!(
        headlines(&txt, given()),
        [(Headline::Given("Set by hand".into()), None)]
    );
    assert_eq!(
        headlines(&txt, HeadlinePolicy::FirstLine),
        [(Headline::FirstLine, None)]
    );
    assert_eq!(
        headlines(&jsonl, HeadlinePolicy::FirstLine),
        [
            (Headline::Given("Own title".into()), None),
            (Headline::None, None)
        ],
        "a record without a headline field is all body"
    );
    assert_eq!(
        headlines(&jsonl, given()),
        [
            (
                Headline::Given("Set by hand".into()),
                Some(json!("Own title"))
            ),
            (Headline::Given("Set by hand".into()), None)
        ]
    );
    assert_eq!(
        headlines(&jsonl, HeadlinePolicy::None),
        [
            (Headline::None, Some(json!("Own title"))),
            (Headline::None, None)
        ],
        "a headline field that is not used is kept in extra"
    );
}

#[test]
fn jsonl_fields_become_metadata_and_the_rest_stays_in_extra() {
    let dir = temp();
    let lines = [
        json!({"id": 7, "body": "Troops crossed the river.", "title": "Crossing", "url": "https://www.example.com/a",
               "date": "2024-03-05T10:00:00Z", "source": "Example Wire", "lang": "en-GB", "tags": ["x", 1]}),
        json!({"content": "Second report.", "published": "the day before yesterday"}),
    ];
    let text = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
    let path = write(dir.path(), "reports.jsonl", &text);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    assert!(rejections.is_empty(), "{rejections:?}");
    let first = &documents[0].new_doc;
    assert_eq!(first.text, "Troops crossed the river.");
    assert_eq!(first.headline, Headline::Given("Crossing".into()));
    assert_eq!(first.url.as_deref(), Some("https://www.example.com/a"));
    assert_eq!(first.source.as_deref(), Some("Example Wire"));
    assert_eq!(first.published, NaiveDate::from_ymd_opt(2024, 3, 5));
    assert_eq!(first.language.as_deref(), Some("en"));
    assert_eq!(first.extra.get("id"), Some(&json!(7)));
    assert_eq!(first.extra.get("tags"), Some(&json!(["x", 1])));
    assert_eq!(first.extra.len(), 2, "{:?}", first.extra);
    assert_eq!(documents[0].origin.location, Some(Location::Line(1)));

    let second = &documents[1].new_doc;
    assert_eq!(
        second.published, None,
        "an unparseable date is not a rejection"
    );
    assert_eq!(
        second.extra.get("published_raw"),
        Some(&json!("the day before yesterday"))
    );
    assert_eq!(second.language, None, "short text gets no language guess");
    assert_eq!(
        documents[1].origin.to_string(),
        format!("{}:2", path.display())
    );
}

#[test]
fn csv_columns_are_guessed_from_the_header() {
    let dir = temp();
    let csv = "ID,Headline,Article Body,Link,Published At,Domain,section\n\
               1,Ceasefire holds,\"Guns fell silent.\n\nAid arrived.\",https://example.org/1,\"March 5, 2024\",example.org,world\n";
    let path = write(dir.path(), "reports.csv", csv);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    assert!(rejections.is_empty(), "{rejections:?}");
    let doc = &documents[0].new_doc;
    assert_eq!(doc.text, "Guns fell silent.\n\nAid arrived.");
    assert_eq!(doc.headline, Headline::Given("Ceasefire holds".into()));
    assert_eq!(doc.url.as_deref(), Some("https://example.org/1"));
    assert_eq!(doc.source.as_deref(), Some("example.org"));
    assert_eq!(doc.published, NaiveDate::from_ymd_opt(2024, 3, 5));
    assert_eq!(doc.extra.get("id"), Some(&json!("1")));
    assert_eq!(doc.extra.get("section"), Some(&json!("world")));
    assert_eq!(
        documents[0].origin.location,
        Some(Location::Record { number: 1, line: 2 })
    );
}

#[test]
fn csv_columns_can_be_named() {
    let dir = temp();
    let path = write(
        dir.path(),
        "r.csv",
        "key,story,summary\nk1,The story.,Short.\n",
    );
    let options = ReadOptions {
        csv: CsvColumns {
            text: Some("story".into()),
            id: Some("key".into()),
            ..CsvColumns::default()
        },
        ..ReadOptions::default()
    };
    let (documents, rejections) = read_all(&path, &options);
    assert!(rejections.is_empty(), "{rejections:?}");
    assert_eq!(documents[0].new_doc.text, "The story.");
    assert_eq!(documents[0].new_doc.extra.get("id"), Some(&json!("k1")));
    assert_eq!(
        documents[0].new_doc.extra.get("summary"),
        Some(&json!("Short."))
    );
}

#[test]
fn fnc1_train_bodies_give_1683_documents_with_their_body_ids() {
    let Some(path) = shared_data("fnc1/train_bodies.csv") else {
        return;
    };
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    assert!(
        rejections.is_empty(),
        "{:?}",
        &rejections[..rejections.len().min(3)]
    );
    assert_eq!(documents.len(), 1683);
    let first = &documents[0];
    assert_eq!(first.new_doc.extra.get("id"), Some(&json!("0")));
    assert!(first.new_doc.text.starts_with("A small meteorite crashed"));
    assert!(
        first.new_doc.text.contains("\n\n"),
        "multiline fields keep their paragraphs"
    );
    assert_eq!(first.new_doc.headline, Headline::None);
    assert_eq!(first.new_doc.extra.len(), 1, "{:?}", first.new_doc.extra);
}

const ARTICLE_HTML: &str = r#"<!DOCTYPE html>
<html lang="en-US"><head>
<title>Talks resume in Geneva | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://www.example.com/world/talks">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Talks resume in Geneva","datePublished":"2024-03-05T08:00:00+01:00"}</script>
<style>p { color: red }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Talks resume in Geneva</h1>
<p>The foreign ministers of both countries met in Geneva on Tuesday to discuss the ceasefire,
and officials said the talks would continue next week despite renewed shelling.</p>
<p>Three civilians were killed near the border over the weekend, according to local officials,
who blamed the other side for the attack on the village market.</p>
<p>The United Nations envoy urged both governments to <b>respect</b> the truce and to open
humanitarian corridors before the winter, when fighting usually slows.</p>
</article>
<footer>Copyright Example News. All rights reserved.</footer>
<script>var tracking = "should never appear";</script>
</body></html>"#;

#[test]
fn html_gives_main_text_in_paragraphs_and_page_metadata() {
    let dir = temp();
    let path = write(dir.path(), "page.html", ARTICLE_HTML);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    assert!(rejections.is_empty(), "{rejections:?}");
    let doc = &documents[0].new_doc;
    assert_eq!(
        doc.headline,
        Headline::Given("Talks resume in Geneva".into())
    );
    let paragraphs: Vec<&str> = doc.text.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 3, "{:?}", doc.text);
    assert!(
        paragraphs[0].starts_with("The foreign ministers"),
        "the title is not repeated: {:?}",
        doc.text
    );
    assert!(doc.text.contains("to respect the truce"));
    for junk in ["Home", "Copyright", "tracking", "color"] {
        assert!(
            !doc.text.contains(junk),
            "{junk} leaked into {:?}",
            doc.text
        );
    }
    assert_eq!(
        doc.url.as_deref(),
        Some("https://www.example.com/world/talks")
    );
    assert_eq!(
        doc.source, None,
        "the domain comes from the URL in sift-core"
    );
    assert_eq!(doc.extra.get("site_name"), Some(&json!("Example News")));
    assert_eq!(doc.published, NaiveDate::from_ymd_opt(2024, 3, 5));
    assert_eq!(doc.language.as_deref(), Some("en"));
}

#[test]
fn html_title_falls_back_to_the_page_title_without_its_site_suffix() {
    let dir = temp();
    let html = "<html><head><title>Dam breaks upstream - River Post</title>\
        <meta property=\"og:site_name\" content=\"River Post\"></head>\
        <body><h2>Dam breaks upstream</h2><p>Water reached the town before dawn.</p>\
        <p>Residents fled to the hills. <time datetime=\"2023-11-02\">Thursday</time></p></body></html>";
    let path = write(dir.path(), "page.htm", html);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    assert!(rejections.is_empty(), "{rejections:?}");
    let doc = &documents[0].new_doc;
    assert_eq!(doc.headline, Headline::Given("Dam breaks upstream".into()));
    assert!(
        doc.text.contains("Water reached the town before dawn."),
        "{:?}",
        doc.text
    );
    assert_eq!(doc.published, NaiveDate::from_ymd_opt(2023, 11, 2));
    assert_eq!(
        doc.source.as_deref(),
        Some("River Post"),
        "without a URL, the site name is the source"
    );
}

#[test]
fn a_directory_is_read_recursively_in_sorted_order_skipping_other_files() {
    let dir = temp();
    write(dir.path(), "b.txt", "Second file.");
    write(
        dir.path(),
        "a.jsonl",
        "{\"text\": \"First file, line one.\"}\n{\"text\": \"First file, line two.\"}\n",
    );
    write(dir.path(), "sub/c.csv", "text\nThird file.\n");
    write(
        dir.path(),
        "sub/d.HTML",
        "<html><body><p>Fourth file.</p></body></html>",
    );
    write(dir.path(), "notes.md", "not read");
    write(dir.path(), ".hidden.txt", "not read");
    write(dir.path(), "image.png", b"\x89PNG\r\n\x1a\n");
    let (documents, rejections) = read_all(dir.path(), &ReadOptions::default());
    assert!(rejections.is_empty(), "{rejections:?}");
    let texts: Vec<&str> = documents.iter().map(|d| d.new_doc.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "First file, line one.",
            "First file, line two.",
            "Second file.",
            "Third file.",
            "Fourth file."
        ]
    );
    assert_eq!(documents[3].origin.path, dir.path().join("sub/c.csv"));
}

#[test]
fn content_decides_the_format_when_the_name_has_no_extension() {
    let read = |bytes: &'static [u8]| {
        let records = read_reader(
            Cursor::new(bytes),
            Path::new("<stdin>"),
            &ReadOptions::default(),
        )
        .unwrap();
        records.map(|r| r.unwrap().new_doc.text).collect::<Vec<_>>()
    };
    assert_eq!(read(b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n"), ["a", "b"]);
    assert_eq!(
        read(b"<!doctype html><html><body><p>Hello there.</p></body></html>"),
        ["Hello there."]
    );
    assert_eq!(
        read(b"\xEF\xBB\xBFJust text."),
        ["Just text."],
        "a byte-order mark is dropped"
    );
}

#[test]
fn a_forced_format_overrides_the_extension() {
    let dir = temp();
    let path = write(dir.path(), "feed.txt", "{\"text\": \"a\"}\n");
    let options = ReadOptions {
        format: Some(Format::Jsonl),
        ..ReadOptions::default()
    };
    let (documents, _) = read_all(&path, &options);
    assert_eq!(documents[0].new_doc.text, "a");
}

#[test]
fn format_names_parse_and_unknown_ones_are_errors() {
    assert_eq!("JSONL".parse::<Format>().unwrap(), Format::Jsonl);
    assert_eq!("htm".parse::<Format>().unwrap(), Format::Html);
    let error = "xml".parse::<Format>().unwrap_err();
    assert!(matches!(error, Error::UnknownFormat { .. }));
    assert_eq!(
        error.to_string(),
        "unknown format \"xml\"; expected one of txt, jsonl, csv, html, feed, warc"
    );
    for format in Format::ALL {
        assert_eq!(format.name().parse::<Format>().unwrap(), format);
    }
}

#[test]
fn origins_display_as_path_and_location() {
    let at = |location| Origin {
        path: "reports.jsonl".into(),
        location,
    };
    assert_eq!(at(None).to_string(), "reports.jsonl");
    assert_eq!(at(Some(Location::Line(17))).to_string(), "reports.jsonl:17");
    assert_eq!(
        at(Some(Location::Record { number: 4, line: 9 })).to_string(),
        "reports.jsonl:record 4 (line 9)"
    );
}

#[test]
fn records_are_send_so_a_reader_can_feed_worker_threads() {
    fn assert_send<T: Send>(_: &T) {}
    let dir = temp();
    let path = write(dir.path(), "a.txt", "x");
    let records = read_path(&path, &ReadOptions::default()).unwrap();
    assert_send(&records);
    let handle = std::thread::spawn(move || records.count());
    assert_eq!(handle.join().unwrap(), 1);
}
