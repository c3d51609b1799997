//! Magnitudes against their gold set (`tests/data/magnitudes/`, whose
//! README gives the format and the labelling guidelines).

use std::fmt;

use sift_core::{MagnitudeKind, Pipeline, Span};

use crate::Result;
use crate::gold_sentences::read_gold_sentences;

/// Precision and recall of (kind, low, high) and attachment accuracy on a
/// gold set.
///
/// A system figure is correct when a gold figure of the same sentence has
/// the same kind, low and high (each gold figure matches once). Attachment
/// is scored on the correct figures: right when the figure's anchor (the
/// linked event's trigger, or else the event word it hangs from) covers one
/// of the gold event words, or when both say there is none. The strict
/// score counts only links to coded events.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MagnitudesEval {
    /// Sentences scored.
    pub n_sentences: usize,
    /// Per kind: (kind, gold figures, system figures, correct).
    pub per_kind: Vec<(MagnitudeKind, usize, usize, usize)>,
    /// Correct figures whose anchor was right.
    pub n_attached: usize,
    /// Correct figures linked to a coded event.
    pub n_linked: usize,
    /// Correct figures whose coded event was right (no event when gold has none).
    pub n_linked_right: usize,
    /// Correct figures whose gold event the event coder coded (so that a
    /// link to it was possible).
    pub n_linkable: usize,
    /// Of those, the figures linked to that event.
    pub n_linkable_linked: usize,
    /// One line per error: id, what was expected and what was found.
    pub errors: Vec<String>,
}

impl MagnitudesEval {
    /// Gold figures.
    pub fn n_gold(&self) -> usize {
        self.per_kind.iter().map(|k| k.1).sum()
    }

    /// System figures.
    pub fn n_system(&self) -> usize {
        self.per_kind.iter().map(|k| k.2).sum()
    }

    /// Correct system figures.
    pub fn n_correct(&self) -> usize {
        self.per_kind.iter().map(|k| k.3).sum()
    }

    /// Correct over system figures.
    pub fn precision(&self) -> f64 {
        ratio(self.n_correct(), self.n_system())
    }

    /// Correct over gold figures.
    pub fn recall(&self) -> f64 {
        ratio(self.n_correct(), self.n_gold())
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.n_correct(), self.n_gold() + self.n_system())
    }

    /// Right anchors over correct figures.
    pub fn attachment_accuracy(&self) -> f64 {
        ratio(self.n_attached, self.n_correct())
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

impl fmt::Display for MagnitudesEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "sentences           {}", self.n_sentences)?;
        writeln!(
            f,
            "kind                   gold  found  right      P      R     F1"
        )?;
        for &(kind, n_gold, n_system, n_correct) in &self.per_kind {
            writeln!(
                f,
                "{:<20} {:>6} {:>6} {:>6} {:>6.3} {:>6.3} {:>6.3}",
                kind.as_str(),
                n_gold,
                n_system,
                n_correct,
                ratio(n_correct, n_system),
                ratio(n_correct, n_gold),
                ratio(2 * n_correct, n_gold + n_system)
            )?;
        }
        writeln!(
            f,
            "linked to a coded event  {} of {} right figures; coded event right for {} ({:.3})",
            self.n_linked,
            self.n_correct(),
            self.n_linked_right,
            ratio(self.n_linked_right, self.n_correct())
        )?;
        writeln!(
            f,
            "gold event coded         {} right figures; linked to it {} ({:.3})",
            self.n_linkable,
            self.n_linkable_linked,
            ratio(self.n_linkable_linked, self.n_linkable)
        )?;
        writeln!(
            f,
            "(kind, low, high)    P {:.3}  R {:.3}  F1 {:.3}  ({} gold, {} found, {} right)",
            self.precision(),
            self.recall(),
            self.f1(),
            self.n_gold(),
            self.n_system(),
            self.n_correct()
        )?;
        write!(
            f,
            "attachment accuracy  {:.3}  ({} of {} right figures)",
            self.attachment_accuracy(),
            self.n_attached,
            self.n_correct()
        )
    }
}

struct GoldFigure {
    kind: MagnitudeKind,
    low: u64,
    high: Option<u64>,
    /// Byte ranges of the acceptable event words; empty when there is none.
    events: Vec<Span>,
    /// The event words as written, for messages.
    event_text: String,
}

/// Scores the magnitudes of `pipeline` (which must end with the magnitudes
/// stage) on a gold JSONL text; `split` keeps only items of that split.
pub fn eval_magnitudes(
    gold: &str,
    pipeline: &Pipeline,
    split: Option<&str>,
) -> Result<MagnitudesEval> {
    let mut eval = MagnitudesEval {
        per_kind: MagnitudeKind::ALL.iter().map(|&k| (k, 0, 0, 0)).collect(),
        ..MagnitudesEval::default()
    };
    for sentence in read_gold_sentences(gold, split)? {
        let format_error = |message: String| sentence.format_error(message);
        let (id, full, offset) = (&sentence.id, &sentence.full_text, sentence.offset);
        let gold_figures = sentence
            .item
            .get("magnitudes")
            .and_then(|m| m.as_array())
            .ok_or_else(|| format_error("no `magnitudes` array".into()))?
            .iter()
            .map(|figure| read_gold_figure(figure, full).map_err(format_error))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let doc = sentence.analyze(pipeline)?;
        eval.n_sentences += 1;
        let system: Vec<&sift_core::Magnitude> = doc
            .magnitudes()
            .iter()
            .filter(|m| m.span.start() >= offset)
            .collect();
        let mut used = vec![false; system.len()];
        for figure in &gold_figures {
            let slot = kind_slot(&mut eval, figure.kind);
            slot.1 += 1;
            let found = system.iter().enumerate().position(|(idx, m)| {
                !used[idx] && m.kind == figure.kind && m.low == figure.low && m.high == figure.high
            });
            let Some(found) = found else {
                eval.errors.push(format!(
                    "{id} missed {} {}",
                    figure.kind.as_str(),
                    range_text(figure.low, figure.high)
                ));
                continue;
            };
            used[found] = true;
            let magnitude = system[found];
            slot.3 += 1;
            let covers = |span: Option<Span>| match span {
                None => figure.events.is_empty(),
                Some(span) => figure.events.iter().any(|event| event.overlaps(span)),
            };
            if covers(magnitude.anchor) {
                eval.n_attached += 1;
            } else {
                eval.errors.push(format!(
                    "{id} {} {}: event {:?}, anchored on {:?}",
                    figure.kind.as_str(),
                    range_text(figure.low, figure.high),
                    figure.event_text,
                    magnitude.anchor.map(|span| doc.slice(span))
                ));
            }
            let linked_trigger = magnitude
                .event
                .and_then(|event| doc.events().get(event))
                .map(|event| event.trigger);
            if linked_trigger.is_some() {
                eval.n_linked += 1;
            }
            if covers(linked_trigger) {
                eval.n_linked_right += 1;
            }
            let coded = doc.events().iter().any(|event| {
                figure
                    .events
                    .iter()
                    .any(|gold| gold.overlaps(event.trigger))
            });
            if coded {
                eval.n_linkable += 1;
                if linked_trigger.is_some() && covers(linked_trigger) {
                    eval.n_linkable_linked += 1;
                }
            }
        }
        for (idx, magnitude) in system.iter().enumerate() {
            kind_slot(&mut eval, magnitude.kind).2 += 1;
            if !used[idx] {
                eval.errors.push(format!(
                    "{id} spurious {} {} {:?}",
                    magnitude.kind.as_str(),
                    range_text(magnitude.low, magnitude.high),
                    doc.slice(magnitude.span)
                ));
            }
        }
    }
    Ok(eval)
}

fn kind_slot(
    eval: &mut MagnitudesEval,
    kind: MagnitudeKind,
) -> &mut (MagnitudeKind, usize, usize, usize) {
    eval.per_kind
        .iter_mut()
        .find(|slot| slot.0 == kind)
        .expect("every kind has a slot")
}

fn range_text(low: u64, high: Option<u64>) -> String {
    match high {
        Some(high) if high == low => low.to_string(),
        Some(high) => format!("{low}-{high}"),
        None => format!("{low}+"),
    }
}

fn read_gold_figure(
    figure: &serde_json::Value,
    full: &str,
) -> std::result::Result<GoldFigure, String> {
    let kind = figure
        .get("kind")
        .and_then(|k| k.as_str())
        .and_then(MagnitudeKind::from_name)
        .ok_or("a figure has no known `kind`")?;
    let low = figure
        .get("low")
        .and_then(|l| l.as_u64())
        .ok_or("a figure has no `low`")?;
    let high = match figure.get("high") {
        None | Some(serde_json::Value::Null) => None,
        Some(value) => Some(value.as_u64().ok_or("`high` is not a count")?),
    };
    let event_text = match figure.get("event") {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(value) => value.as_str().ok_or("`event` is not a string")?.to_string(),
    };
    let mut events = Vec::new();
    for word in event_text.split('|').filter(|w| !w.is_empty()) {
        let (word, nth) = match word.split_once('#') {
            Some((word, nth)) => (word, nth.parse::<usize>().unwrap_or(1).max(1)),
            None => (word, 1),
        };
        let span = find_word(full, word, nth)
            .ok_or_else(|| format!("event word {word:?} is not in the text"))?;
        events.push(span);
    }
    Ok(GoldFigure {
        kind,
        low,
        high,
        events,
        event_text,
    })
}

/// The `nth` whole-word occurrence of `word` in `text`, ignoring ASCII case.
fn find_word(text: &str, word: &str, nth: usize) -> Option<Span> {
    let haystack = text.to_ascii_lowercase();
    let needle = word.to_ascii_lowercase();
    let is_word_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    haystack
        .match_indices(&needle)
        .filter(|(start, _)| {
            let before = haystack[..*start].chars().next_back();
            let after = haystack[start + needle.len()..].chars().next();
            !is_word_char(before) && !is_word_char(after)
        })
        .nth(nth - 1)
        .map(|(start, _)| Span::new(start, start + needle.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_event_words_are_whole_words() {
        let text = "The strike killed 30. Another strike followed.";
        assert_eq!(find_word(text, "strike", 1), Some(Span::new(4, 10)));
        assert_eq!(find_word(text, "strike", 2), Some(Span::new(30, 36)));
        assert_eq!(find_word(text, "kill", 1), None);
    }
}
