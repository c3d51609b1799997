//! Bad input: dates that do not exist are not dates, and nothing panics.

mod common;

use sift_core::{Doc, Headline, NewDoc, Stage};
use sift_time::DateStage;

use common::{analyze, date};

#[test]
fn impossible_dates_are_not_dates() {
    for text in [
        "It happened on 31/02/2016.",
        "It happened on 2016-13-45.",
        "It happened on 2016-02-30.",
        "It happened on 32 January 2016.",
        "It happened on February 30, 2016.",
        "It happened on Feb. 30.",
        "It happened on 00/00/0000.",
        "It happened on 13/13/2016.",
        "It happened on 29/02/2015.",
        "It happened in 99999.",
        "It happened 99999 days ago.",
        "It happened 9999 years ago.",
        "It happened on 99999999/99/99.",
        "It happened on 1/1/1.",
        "It happened 123456789012345678901234567890 days ago.",
    ] {
        let doc = analyze(text, Some("2016-09-22"), Headline::None);
        let found: Vec<&str> = doc.dates().iter().map(|m| doc.slice(m.span)).collect();
        assert!(found.is_empty(), "{text:?}: found {found:?}");
    }
}

#[test]
fn a_leap_day_exists_only_in_leap_years() {
    let doc = analyze("It happened on 29/02/2016.", None, Headline::None);
    assert_eq!(doc.dates()[0].first_day, date("2016-02-29"));
}

#[test]
fn extreme_anchors_do_not_panic() {
    for published in ["0001-01-01", "1800-01-01", "2100-12-31", "9999-12-31"] {
        let doc = analyze(
            "Yesterday, last week, next year, two days ago, on Tuesday, in March, Sept. 22, next weekend.",
            Some(published),
            Headline::None,
        );
        for mention in doc.dates() {
            assert!(mention.first_day <= mention.last_day);
        }
    }
}

#[test]
fn odd_text_never_panics_and_spans_stay_in_bounds() {
    let long_numbers = "1/2/3 ".repeat(2000);
    let inputs = [
        "",
        " ",
        "Tuesday",
        "last",
        "the past",
        "two days",
        "Sept.",
        "22 of",
        "earlier this",
        ",,,,",
        "mid-",
        "mid-Septembers",
        "Ｔｕｅｓｄａｙ on 2016-09-22",
        "é 22 Sep 2016 ü",
        "\u{FFFD}\u{FFFD} 22/09/2016 \u{0000}",
        long_numbers.as_str(),
    ];
    for text in inputs {
        for published in [None, Some("2016-09-22")] {
            let doc = analyze(text, published, Headline::None);
            for mention in doc.dates() {
                assert!(mention.span.end() <= doc.text().len());
                assert!(doc.text().is_char_boundary(mention.span.start()));
            }
        }
    }
}

#[test]
fn the_stage_works_on_bare_tokens_without_tags_parse_or_entities() {
    let mut doc = Doc::new(NewDoc {
        text: "Rebels will attack on Tuesday. They left on 22 September 2016.".into(),
        published: Some(date("2016-09-22")),
        ..NewDoc::default()
    })
    .unwrap();
    sift_lang::TextBasics::new().run(&mut doc);
    let diagnostics = DateStage::new().run(&mut doc);
    assert!(diagnostics.is_empty());
    let found: Vec<(&str, String)> = doc
        .dates()
        .iter()
        .map(|m| (doc.slice(m.span), m.first_day.to_string()))
        .collect();
    assert_eq!(
        found,
        [
            ("Tuesday", "2016-09-27".to_string()),
            ("22 September 2016", "2016-09-22".to_string())
        ]
    );
}
