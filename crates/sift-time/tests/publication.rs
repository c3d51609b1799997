//! Reading the publication date from the text when none is given, and
//! saying where it came from.

mod common;

use sift_core::{Headline, PublicationEvidence};

use common::{analyze, date};

#[test]
fn a_dated_dateline_gives_the_publication_date_and_anchors_relative_dates() {
    let doc = analyze(
        "Rebels shell Aleppo\n\nALEPPO, Syria, Sept. 22, 2016 (Reuters) - Rebels shelled the city on Tuesday.",
        None,
        Headline::FirstLine,
    );
    let found = doc.detected_publication().expect("the dateline has a date");
    assert_eq!(found.date, date("2016-09-22"));
    assert_eq!(found.evidence, PublicationEvidence::Dateline);
    assert_eq!(doc.slice(found.span), "Sept. 22, 2016");
    assert_eq!(doc.publication_date(), Some(date("2016-09-22")));
    let tuesday = doc
        .dates()
        .iter()
        .find(|m| doc.slice(m.span) == "Tuesday")
        .expect("Tuesday is resolved against the detected date");
    assert_eq!(tuesday.first_day, date("2016-09-20"));
    let note = doc
        .diagnostics()
        .iter()
        .find(|d| d.code == "published-detected")
        .expect("the detection is reported");
    assert!(note.message.contains("2016-09-22") && note.message.contains("dateline"));
    assert_eq!(note.span, Some(found.span));
}

#[test]
fn a_published_line_gives_the_publication_date() {
    let doc = analyze(
        "Talks stall in Geneva\nBy Jane Roe\nPublished: 3 March 2021\n\nThe talks stalled yesterday, delegates said.",
        None,
        Headline::FirstLine,
    );
    let found = doc
        .detected_publication()
        .expect("the published line has a date");
    assert_eq!(found.date, date("2021-03-03"));
    assert_eq!(found.evidence, PublicationEvidence::PublishedLine);
    let yesterday = doc
        .dates()
        .iter()
        .find(|m| doc.slice(m.span) == "yesterday")
        .unwrap();
    assert_eq!(yesterday.first_day, date("2021-03-02"));
}

#[test]
fn a_short_date_line_at_the_top_gives_the_publication_date() {
    let doc = analyze(
        "Talks stall in Geneva\n\nMarch 3, 2021\n\nThe talks stalled on Monday, delegates said.",
        None,
        Headline::FirstLine,
    );
    let found = doc.detected_publication().unwrap();
    assert_eq!(found.date, date("2021-03-03"));
    assert_eq!(found.evidence, PublicationEvidence::LeadingDateLine);
    let monday = doc
        .dates()
        .iter()
        .find(|m| doc.slice(m.span) == "Monday")
        .unwrap();
    assert_eq!(monday.first_day, date("2021-03-01"));
}

#[test]
fn a_date_in_running_text_is_not_taken_for_the_publication_date() {
    let doc = analyze(
        "The war that began on March 15, 2011 has killed hundreds of thousands of people. Rebels shelled the city on Tuesday.",
        None,
        Headline::None,
    );
    assert_eq!(doc.detected_publication(), None);
    assert_eq!(doc.publication_date(), None);
    let texts: Vec<&str> = doc.dates().iter().map(|m| doc.slice(m.span)).collect();
    assert_eq!(texts, ["March 15, 2011"], "Tuesday has no anchor");
    let note = doc
        .diagnostics()
        .iter()
        .find(|d| d.code == "dates-unanchored")
        .expect("the unresolved expression is reported");
    assert!(
        note.message
            .starts_with("1 date expression was left unresolved")
    );
    assert_eq!(note.span.map(|s| doc.slice(s)), Some("Tuesday"));
}

#[test]
fn a_given_date_wins_and_a_disagreeing_dateline_is_reported() {
    let doc = analyze(
        "ALEPPO, Sept 22 (Reuters) - Rebels shelled the city on Tuesday.",
        Some("2016-10-05"),
        Headline::None,
    );
    assert_eq!(doc.detected_publication(), None);
    assert_eq!(doc.publication_date(), Some(date("2016-10-05")));
    let warning = doc
        .diagnostics()
        .iter()
        .find(|d| d.code == "dateline-date-differs")
        .expect("the disagreement is reported");
    assert!(warning.message.contains("2016-09-22"));
}
