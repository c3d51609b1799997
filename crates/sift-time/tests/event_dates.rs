//! `date_event` on parsed sentences: the date attached to the trigger beats
//! other dates in the sentence, and the dateline and publication date are
//! the fallbacks, in that order.

mod common;

use sift_core::{DatePrecision, Doc, EventDateRule, Headline};
use sift_time::date_event;

use common::{analyze, date};

/// The index of the token `word` (its first occurrence) and its sentence.
fn token(doc: &Doc, word: &str) -> (usize, usize) {
    let idx = doc
        .tokens()
        .iter()
        .position(|t| doc.slice(t.span) == word)
        .unwrap_or_else(|| panic!("{word:?} is a token"));
    let sentence = doc
        .sentences()
        .iter()
        .position(|s| s.token_range().contains(&idx))
        .unwrap();
    (sentence, idx)
}

fn event_date(doc: &Doc, trigger: &str) -> Option<(String, EventDateRule)> {
    let (sentence, idx) = token(doc, trigger);
    let event = date_event(doc, doc.dates(), sentence, idx)?;
    assert_eq!(
        event.mention.map(|m| doc.dates()[m].first_day),
        event.mention.map(|_| event.first_day),
        "a mention's value is carried over unchanged"
    );
    let text = match event.mention {
        Some(m) => doc.slice(doc.dates()[m].span).to_string(),
        None => format!("published {}", event.first_day),
    };
    Some((text, event.rule))
}

#[test]
fn the_date_attached_to_the_trigger_wins_over_other_dates_in_the_sentence() {
    let doc = analyze(
        "Rebels said on Wednesday that they attacked the convoy on Tuesday.",
        Some("2016-09-22"),
        Headline::None,
    );
    assert_eq!(
        event_date(&doc, "attacked"),
        Some(("Tuesday".into(), EventDateRule::Attached))
    );
    assert_eq!(
        event_date(&doc, "said"),
        Some(("Wednesday".into(), EventDateRule::Attached))
    );
}

#[test]
fn a_noun_trigger_takes_the_date_that_modifies_it() {
    let doc = analyze(
        "The attack on Tuesday destroyed 11 trucks, officials said on Wednesday.",
        Some("2016-09-22"),
        Headline::None,
    );
    assert_eq!(
        event_date(&doc, "attack"),
        Some(("Tuesday".into(), EventDateRule::Attached))
    );
}

#[test]
fn an_event_in_the_trigger_clause_takes_the_clause_date() {
    let doc = analyze(
        "Rebels attacked an aid convoy near Idlib on Tuesday.",
        Some("2016-09-22"),
        Headline::None,
    );
    assert_eq!(
        event_date(&doc, "convoy"),
        Some(("Tuesday".into(), EventDateRule::Attached))
    );
}

#[test]
fn a_sentence_without_a_date_falls_back_to_the_dateline_then_the_publication_date() {
    let doc = analyze(
        "ALEPPO, Sept 22 (Reuters) - Rebels shelled the city. Residents fled.",
        Some("2016-09-23"),
        Headline::None,
    );
    let (sentence, idx) = token(&doc, "fled");
    let event = date_event(&doc, doc.dates(), sentence, idx).unwrap();
    assert_eq!(event.rule, EventDateRule::Dateline);
    assert_eq!(event.first_day, date("2016-09-22"));

    let doc = analyze(
        "Rebels shelled the city.",
        Some("2016-09-23"),
        Headline::None,
    );
    let (sentence, idx) = token(&doc, "shelled");
    let event = date_event(&doc, doc.dates(), sentence, idx).unwrap();
    assert_eq!(event.rule, EventDateRule::Publication);
    assert_eq!(event.mention, None);
    assert_eq!(
        (event.first_day, event.last_day),
        (date("2016-09-23"), date("2016-09-23"))
    );
    assert_eq!(event.precision, DatePrecision::Day);
}

#[test]
fn with_nothing_to_go_on_there_is_no_date() {
    let doc = analyze("Rebels shelled the city.", None, Headline::None);
    let (sentence, idx) = token(&doc, "shelled");
    assert_eq!(date_event(&doc, doc.dates(), sentence, idx), None);
}

#[test]
fn out_of_range_indices_give_none() {
    let doc = analyze(
        "Rebels shelled the city on Tuesday.",
        Some("2016-09-23"),
        Headline::None,
    );
    assert_eq!(date_event(&doc, doc.dates(), 7, 0), None);
    assert_eq!(date_event(&doc, doc.dates(), 0, 999), None);
    assert_eq!(
        date_event(&doc, &[], 0, 1).map(|e| e.rule),
        Some(EventDateRule::Publication)
    );
}
