//! Dates in news text: every date expression found and normalized to the
//! calendar days it names, counted from the publication date when it is
//! relative; the publication date read from the text when none is given;
//! and the date of an event from its place in the parse.
//!
//! Key items:
//! - [`DateStage`]: the pipeline [`Stage`] that adds the date layer
//!   ([`sift_core::DateLayer`]): absolute dates in the common news formats
//!   (`22/09/2016`, `Sept. 22`, `22 September 2016`, `September 22, 2016`,
//!   `2016-09-22`, `in 2015`, `in March`), relative ones (`on Tuesday`,
//!   `yesterday`, `last week`, `earlier this month`, `two days ago`), and
//!   datelines (`ALEPPO, Sept 22 (Reuters) -`).
//! - [`date_event`]: the date of an event given its trigger token.
//!
//! Every value is an inclusive interval of days with a precision and the
//! rule that produced it. A weekday or a month without a year is the last
//! one on or before the publication date, unless its clause speaks of the
//! future (`will meet on Tuesday`, `next Tuesday`). Dates are plain calendar
//! days: no times of day, no time zones.
//!
//! This crate does no IO and never panics on input: a date that does not
//! exist (`31/02/2016`) or does not fit the calendar is simply not a date.
#![deny(missing_docs)]

mod event;
mod find;
mod lexicon;
mod resolve;
mod tense;

use chrono::{Datelike, NaiveDate};
use sift_core::{
    DateLayer, DateMention, DetectedPublication, Diagnostic, Doc, LayerKind, PublicationEvidence,
    SentenceKind, Span, Stage, TokenKind,
};

pub use event::date_event;
pub use sift_core::{DatePrecision, DateRule, EventDate, EventDateRule};

use crate::find::{Context, Found};
use crate::lexicon::{Lex, classify};
use crate::resolve::{NumericOrder, Tense, Value};

/// The stage that finds and resolves dates and, when a document comes
/// without a publication date, reads one from its text.
#[derive(Clone, Copy, Debug, Default)]
pub struct DateStage;

impl DateStage {
    /// The stage. It holds no resources, so making one is free.
    pub fn new() -> DateStage {
        DateStage
    }
}

impl Stage for DateStage {
    fn name(&self) -> &'static str {
        "dates"
    }

    /// Tags and the parse decide a clause's tense; entities keep names such
    /// as `Theresa May` and `Black Friday` from being read as dates. The
    /// stage still works, less well, on a document without them.
    fn requires(&self) -> &'static [LayerKind] {
        &[
            LayerKind::Tokens,
            LayerKind::Sentences,
            LayerKind::Tags,
            LayerKind::Dependencies,
            LayerKind::Entities,
        ]
    }

    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Dates]
    }

    fn run(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let (layer, diagnostics) = find_dates(doc);
        doc.set_dates(layer);
        diagnostics
    }
}

/// How many sentences from the top a publication line may be.
const TOP_SENTENCES: usize = 8;
/// The longest line, in tokens, that counts as a date line.
const DATE_LINE_TOKENS: u32 = 12;
/// Words that introduce a publication date (`Published: 22 Sept 2016`).
const PUBLISHED_WORDS: &[&str] = &["published", "posted", "updated", "dated", "date"];

/// A found expression with its sentence.
#[derive(Clone, Copy)]
struct Located {
    sentence: usize,
    found: Found,
}

/// The date layer of `doc` and what was noticed on the way.
fn find_dates(doc: &Doc) -> (DateLayer, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let text = doc.text();
    let lex: Vec<Lex> = doc
        .tokens()
        .iter()
        .map(|token| match token.kind {
            TokenKind::Word | TokenKind::Number | TokenKind::Punct => {
                classify(&text[token.span.range()])
            }
            _ => Lex::Other,
        })
        .collect();
    let context = Context {
        lex: &lex,
        tags: doc.tags(),
        entities: doc.entities(),
    };
    let mut located = Vec::new();
    let mut found = Vec::new();
    for (sentence_idx, sentence) in doc.sentences().iter().enumerate() {
        found.clear();
        find::find_in_sentence(&context, sentence.token_range(), &mut found);
        located.extend(found.iter().map(|&found| Located {
            sentence: sentence_idx,
            found,
        }));
    }
    let convention = numeric_convention(&located);

    let given = doc.meta().published;
    let detected = match given {
        Some(_) => None,
        None => detect_publication(doc, &located, convention),
    };
    if let Some(found) = detected {
        diagnostics.push(
            Diagnostic::info(
                "published-detected",
                format!(
                    "no publication date was given; using {} from the {}",
                    found.date,
                    match found.evidence {
                        PublicationEvidence::Dateline => "dateline",
                        PublicationEvidence::PublishedLine => "publication line",
                        PublicationEvidence::LeadingDateLine => "date line at the top",
                    }
                ),
            )
            .at(found.span),
        );
    }
    let anchor = given.or(detected.map(|d| d.date));
    let anchor = match anchor {
        Some(date) if !(1800..=2100).contains(&date.year()) => {
            diagnostics.push(Diagnostic::warning(
                "published-out-of-range",
                format!(
                    "the publication date {date} is outside 1800-2100; relative dates were not resolved"
                ),
            ));
            None
        }
        other => other,
    };

    let mut mentions = Vec::with_capacity(located.len());
    let mut unanchored: Option<(usize, Span)> = None;
    for item in &located {
        let Found { start, end, expr } = item.found;
        let tense = if resolve::depends_on_tense(expr) {
            let sentence = doc.sentences()[item.sentence].token_range();
            tense::clause_tense(doc, sentence, start..end)
        } else {
            Tense::Unknown
        };
        let span = token_span(doc, start, end);
        let Some(value) = resolve::resolve(expr, anchor, tense, convention) else {
            if anchor.is_none() && resolve::needs_anchor(expr) {
                unanchored.get_or_insert((0, span)).0 += 1;
            }
            continue;
        };
        let in_dateline = doc.sentences()[item.sentence].kind == SentenceKind::Dateline;
        mentions.push(mention(item, span, value, in_dateline));
    }
    if let Some((count, first)) = unanchored {
        diagnostics.push(
            Diagnostic::info(
                "dates-unanchored",
                format!(
                    "{count} date expression{} left unresolved: they count from the publication date, which was neither given nor found in the text (use --date)",
                    if count == 1 { " was" } else { "s were" }
                ),
            )
            .at(first),
        );
    }
    let dateline_date = mentions
        .iter()
        .find(|m| m.rule == DateRule::Dateline && m.precision == DatePrecision::Day);
    if let (Some(given), Some(dateline_date)) = (given, dateline_date)
        && (dateline_date.first_day - given).num_days().abs() > 1
    {
        diagnostics.push(
            Diagnostic::warning(
                "dateline-date-differs",
                format!(
                    "the dateline says {} but the publication date is {given}",
                    dateline_date.first_day
                ),
            )
            .at(dateline_date.span),
        );
    }
    let layer = DateLayer {
        mentions,
        detected_publication: detected,
    };
    (layer, diagnostics)
}

fn token_span(doc: &Doc, start: usize, end: usize) -> Span {
    let tokens = doc.tokens();
    tokens[start].span.cover(tokens[end - 1].span)
}

fn mention(item: &Located, span: Span, value: Value, in_dateline: bool) -> DateMention {
    DateMention {
        span,
        first_token: item.found.start as u32,
        n_tokens: (item.found.end - item.found.start) as u32,
        sentence: item.sentence as u32,
        first_day: value.first,
        last_day: value.last,
        precision: value.precision,
        rule: if in_dateline {
            DateRule::Dateline
        } else {
            value.rule
        },
        anchored: value.anchored,
    }
}

/// The order the document's unambiguous numeric dates use, when they agree.
fn numeric_convention(located: &[Located]) -> Option<NumericOrder> {
    let mut day_first = 0usize;
    let mut month_first = 0usize;
    for item in located {
        match resolve::numeric_order_evidence(item.found.expr) {
            Some(NumericOrder::DayFirst) => day_first += 1,
            Some(NumericOrder::MonthFirst) => month_first += 1,
            None => {}
        }
    }
    match (day_first, month_first) {
        (0, 0) => None,
        (d, m) if d > m => Some(NumericOrder::DayFirst),
        (d, m) if m > d => Some(NumericOrder::MonthFirst),
        _ => None,
    }
}

/// The publication date the text states: a full date in the dateline, else
/// on a `Published ...` line near the top, else on a short line near the top
/// that is mostly a date. A date in running text is never taken: the first
/// sentence of a story often names an older day.
fn detect_publication(
    doc: &Doc,
    located: &[Located],
    convention: Option<NumericOrder>,
) -> Option<DetectedPublication> {
    let sentences = doc.sentences();
    let full_date = |item: &Located| -> Option<(NaiveDate, Span)> {
        let value = resolve::resolve(item.found.expr, None, Tense::Unknown, convention)?;
        (value.precision == DatePrecision::Day && !value.anchored).then(|| {
            (
                value.first,
                token_span(doc, item.found.start, item.found.end),
            )
        })
    };
    let detected = |(date, span): (NaiveDate, Span), evidence| DetectedPublication {
        date,
        span,
        evidence,
    };
    let near_top = || located.iter().filter(|item| item.sentence < TOP_SENTENCES);
    if let Some(found) = near_top()
        .filter(|item| sentences[item.sentence].kind == SentenceKind::Dateline)
        .find_map(full_date)
    {
        return Some(detected(found, PublicationEvidence::Dateline));
    }
    let after_published_word = |item: &&Located| {
        let first = sentences[item.sentence].first_token as usize;
        let lookback = item.found.start.saturating_sub(4).max(first);
        (lookback..item.found.start).any(|idx| {
            let word = doc.slice(doc.tokens()[idx].span);
            PUBLISHED_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
        })
    };
    if let Some(found) = near_top().filter(after_published_word).find_map(full_date) {
        return Some(detected(found, PublicationEvidence::PublishedLine));
    }
    near_top()
        .filter(|item| {
            let sentence = &sentences[item.sentence];
            sentence.kind != SentenceKind::Headline && sentence.n_tokens <= DATE_LINE_TOKENS
        })
        .find_map(full_date)
        .map(|found| detected(found, PublicationEvidence::LeadingDateLine))
}
