//! The magnitudes stage: one scan over each sentence's tokens for numbers,
//! then the attachment rules and event linking for the few it finds.

use sift_core::{
    Diagnostic, Doc, LayerKind, Magnitude, SentenceKind, Span, Stage, TokenKind, claim_at,
};

use crate::attach::{Attachment, SentenceView, attach};
use crate::lexicon::{self, Lower};
use crate::link::{EventIndex, anchor_word};
use crate::quantity::{Words, read_quantity};

/// Adds the magnitudes layer: casualty, arrest, displacement and participant
/// figures, each with its range, evidence, claim and event.
#[derive(Clone, Copy, Debug, Default)]
pub struct MagnitudeStage;

impl MagnitudeStage {
    /// The stage; it has no resources to load.
    pub fn new() -> MagnitudeStage {
        MagnitudeStage
    }
}

impl Stage for MagnitudeStage {
    fn name(&self) -> &'static str {
        "magnitudes"
    }

    fn requires(&self) -> &'static [LayerKind] {
        &[
            LayerKind::Tokens,
            LayerKind::Sentences,
            LayerKind::Tags,
            LayerKind::Dependencies,
            LayerKind::Entities,
            LayerKind::Dates,
            LayerKind::Claims,
            LayerKind::Events,
        ]
    }

    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Magnitudes]
    }

    fn run(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let magnitudes = find_magnitudes(doc);
        doc.set_magnitudes(magnitudes);
        Vec::new()
    }
}

/// A word can start a number: digits, or a number word. Checked on every
/// token, so it looks at the first byte before lower-casing anything.
fn could_start_number(words: &Words, idx: usize) -> bool {
    let token = &words.tokens[idx];
    match token.kind {
        TokenKind::Number => true,
        TokenKind::Word => {
            let text = words.text(idx);
            let first = text.as_bytes()[0].to_ascii_lowercase();
            if text.len() > 9 || !b"oetfsnhdmc".contains(&first) {
                return false;
            }
            let lower = Lower::new(text);
            let word = lower.as_str();
            lexicon::small_number(word).is_some()
                || lexicon::scale(word).is_some()
                || lexicon::vague_plural(word).is_some()
                || lexicon::vague_count(word).is_some()
                || matches!(word, "dozen" | "tens")
        }
        _ => false,
    }
}

fn view<'a>(doc: &'a Doc, sentence: &sift_core::Sentence) -> SentenceView<'a> {
    SentenceView {
        words: Words {
            text: doc.text(),
            tokens: doc.tokens(),
        },
        tags: doc.tags(),
        dependencies: doc.dependencies(),
        entities: doc.entities(),
        range: sentence.token_range(),
    }
}

fn find_magnitudes(doc: &Doc) -> Vec<Magnitude> {
    let words = Words {
        text: doc.text(),
        tokens: doc.tokens(),
    };
    let sentences = doc.sentences();
    let dates = doc.dates();
    let mut events: Option<EventIndex> = None;
    let mut magnitudes = Vec::new();
    let mut previous_body: Option<usize> = None;
    for (sentence_idx, sentence) in sentences.iter().enumerate() {
        if sentence.kind == SentenceKind::Dateline {
            continue;
        }
        let range = sentence.token_range();
        let sentence_view = view(doc, sentence);
        let mut previous_attachment: Option<Attachment> = None;
        let mut idx = range.start;
        while idx < range.end {
            if !could_start_number(&words, idx) {
                idx += 1;
                continue;
            }
            let Some(quantity) = read_quantity(&words, idx, range.clone()) else {
                idx += 1;
                continue;
            };
            idx = quantity.tokens.end;
            let in_date = overlaps_a_date(dates, quantity.span);
            let Some(attachment) = attach(
                &sentence_view,
                &quantity,
                previous_attachment.as_ref(),
                in_date,
            ) else {
                continue;
            };
            let previous = previous_body.map(|prev| (prev as u32, view(doc, &sentences[prev])));
            let events = events.get_or_insert_with(|| EventIndex::new(doc));
            let linked = if events.is_empty() {
                None
            } else {
                events.link(
                    &sentence_view,
                    sentence_idx as u32,
                    quantity.number_token,
                    quantity.tokens.clone(),
                    &attachment,
                    previous.as_ref().map(|(idx, view)| (*idx, view)),
                )
            };
            let anchor = match &linked {
                Some((_, trigger)) => Some(trigger.clone()),
                None => anchor_word(
                    &sentence_view,
                    &attachment,
                    previous.as_ref().map(|(_, view)| view),
                ),
            };
            let span_of = |tokens: std::ops::Range<usize>| {
                let layer = doc.tokens();
                Span::new(
                    layer[tokens.start].span.start(),
                    layer[tokens.end - 1].span.end(),
                )
            };
            magnitudes.push(Magnitude {
                kind: attachment.kind,
                low: quantity.low,
                high: if attachment.lower_bound {
                    None
                } else {
                    quantity.high
                },
                point: quantity.point,
                span: quantity.span,
                first_token: quantity.tokens.start as u32,
                n_tokens: quantity.tokens.len() as u32,
                sentence: sentence_idx as u32,
                cue: span_of(attachment.cue.clone()),
                victims: attachment.victims.clone().map(span_of),
                anchor: anchor.map(span_of),
                event: linked.map(|(event, _)| event),
                claim: claim_at(doc.claims(), quantity.number_token),
            });
            previous_attachment = Some(attachment);
        }
        previous_body = Some(sentence_idx);
    }
    magnitudes
}

/// True when `span` overlaps a date expression (dates are in text order).
fn overlaps_a_date(dates: &[sift_core::DateMention], span: Span) -> bool {
    let from = dates.partition_point(|date| date.span.end() <= span.start());
    dates.get(from).is_some_and(|date| date.span.overlaps(span))
}
