//! Document signals and the headline check.
//!
//! Every signal is a count with the spans behind it; none is folded into a
//! score. The headline check compares the event the headline names, and its
//! target, with the clauses of the body that mention either.

use sift_core::{
    AttributionKind, Certainty, Claim, Doc, HeadlineConsistency, HeadlineEvidence, SentenceKind,
    Signal, Signals, Span,
};

use crate::extract::MAX_SENTENCE_TOKENS;
use crate::sentence::SentenceView;

/// Counts the claims that show each signal and looks for a date and byline.
pub fn document_signals(doc: &Doc, claims: &[Claim]) -> Signals {
    let n_claims = claims.len() as u32;
    let signal = |keep: &dyn Fn(&Claim) -> bool| {
        let evidence: Vec<Span> = claims.iter().filter(|c| keep(c)).map(|c| c.span).collect();
        Signal {
            count: evidence.len() as u32,
            share: if n_claims == 0 {
                0.0
            } else {
                evidence.len() as f32 / n_claims as f32
            },
            evidence,
        }
    };
    let byline = find_byline(doc);
    let byline_in_metadata = ["author", "authors", "byline", "creator"]
        .iter()
        .any(|key| {
            doc.meta().extra.get(*key).is_some_and(|value| match value {
                serde_json::Value::String(s) => !s.trim().is_empty(),
                serde_json::Value::Array(items) => !items.is_empty(),
                _ => false,
            })
        });
    Signals {
        n_claims,
        unattributed: signal(&|c| c.attribution.is_none()),
        anonymous: signal(&|c| {
            c.attribution
                .as_ref()
                .is_some_and(|a| a.kind == AttributionKind::Anonymous)
        }),
        speculative: signal(&|c| matches!(c.certainty, Certainty::Speculative | Certainty::Hedged)),
        predicted: signal(&|c| c.certainty == Certainty::Predicted),
        missing_date: doc.meta().published.is_none(),
        byline,
        has_byline: byline.is_some() || byline_in_metadata,
    }
}

/// A line near the top such as "By Jane Doe" or "By JANE DOE, Staff Writer".
fn find_byline(doc: &Doc) -> Option<Span> {
    let text = doc.text();
    let start = doc.headline().map_or(0, |h| h.end());
    let window_end = floor_char_boundary(text, (start + 600).min(text.len()));
    let mut offset = start;
    for line in text[start..window_end].split_inclusive('\n') {
        let trimmed = line.trim();
        let lead = line.len() - line.trim_start().len();
        let rest = trimmed
            .strip_prefix("By ")
            .or_else(|| trimmed.strip_prefix("BY "));
        if let Some(rest) = rest
            && trimmed.len() <= 80
            && rest.chars().next().is_some_and(char::is_uppercase)
        {
            return Some(Span::new(offset + lead, offset + lead + trimmed.len()));
        }
        offset += line.len();
    }
    None
}

fn floor_char_boundary(text: &str, mut idx: usize) -> usize {
    while !text.is_char_boundary(idx) {
        idx -= 1;
    }
    idx
}

/// Lower-cased names the outlet goes by: the agency in the dateline's
/// parentheses and the first label of the source domain.
pub fn outlet_names(doc: &Doc) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(dateline) = doc.dateline() {
        let text = doc.slice(dateline);
        if let (Some(open), Some(close)) = (text.find('('), text.rfind(')'))
            && open < close
        {
            let name = text[open + 1..close].trim().to_lowercase();
            if !name.is_empty() {
                names.push(name);
            }
        }
    }
    if let Some(source) = doc.meta().source.as_deref() {
        let label = source.split('.').next().unwrap_or(source).to_lowercase();
        if label.len() > 2 && !names.contains(&label) {
            names.push(label);
        }
    }
    names
}

/// Words that name a violent or coercive event, the kind headlines lead with.
const EVENT_WORDS: &[&str] = &[
    "attack",
    "fire",
    "strike",
    "bomb",
    "shell",
    "kill",
    "shoot",
    "hit",
    "raid",
    "target",
    "launch",
    "seize",
    "capture",
    "arrest",
    "storm",
    "ambush",
    "destroy",
    "explode",
    "blast",
    "clash",
    "invade",
    "bombard",
    "torch",
    "burn",
    "loot",
    "execute",
    "kidnap",
    "abduct",
    "detain",
    "sink",
    "down",
    "assault",
    "airstrike",
    "massacre",
];

fn is_event_word(lemma: &str) -> bool {
    EVENT_WORDS.contains(&lemma)
}

/// Compares the headline's event and target with the body. `None` when there
/// is no headline, it names no event, or the body mentions neither.
pub fn headline_consistency(doc: &Doc) -> Option<HeadlineConsistency> {
    let sentences = doc.sentences();
    let headline = sentences
        .iter()
        .find(|s| s.kind == SentenceKind::Headline)?;
    let mut view = SentenceView::default();
    view.load(doc, headline, doc.entities());
    let event = (0..view.n)
        .filter(|&i| is_event_word(&view.lemmas[i]))
        .min_by_key(|&i| (view.upos[i] != "VERB", i))?;
    let target = headline_target(&view, event)?;
    let event_lemma = view.lemmas[event].clone();
    let target_lemma = view.lemmas[target].clone();
    let headline_evidence = HeadlineEvidence {
        span: headline.span,
        note: format!(
            "headline: \u{201c}{}\u{201d} aimed at \u{201c}{}\u{201d}",
            view.text(doc, event),
            view.text(doc, target)
        ),
    };

    let mut event_elsewhere: Option<HeadlineEvidence> = None;
    let mut target_elsewhere: Option<HeadlineEvidence> = None;
    for sentence in sentences
        .iter()
        .filter(|s| s.kind == SentenceKind::Body && s.n_tokens as usize <= MAX_SENTENCE_TOKENS)
    {
        view.load(doc, sentence, doc.entities());
        for idx in 0..view.n {
            if view.lemmas[idx] == event_lemma {
                let (from, to) = (
                    view.subtree_min[idx] as usize,
                    view.subtree_max[idx] as usize,
                );
                if let Some(hit) = (from..=to).find(|&i| view.lemmas[i] == target_lemma) {
                    return Some(HeadlineConsistency {
                        consistent: true,
                        evidence: vec![
                            headline_evidence,
                            HeadlineEvidence {
                                span: view.span(doc, idx.min(hit), idx.max(hit)),
                                note: "the body reports the same event against the same target"
                                    .into(),
                            },
                        ],
                    });
                }
                if event_elsewhere.is_none() {
                    let other = body_target(&view, idx);
                    let end = other.map_or(idx, |o| o.max(idx));
                    event_elsewhere = Some(HeadlineEvidence {
                        span: view.span(doc, idx, end),
                        note: match other {
                            Some(o) => format!(
                                "the body's \u{201c}{}\u{201d} is aimed at \u{201c}{}\u{201d}, not the headline's target",
                                view.text(doc, idx),
                                view.text(doc, o)
                            ),
                            None => format!(
                                "the body's \u{201c}{}\u{201d} does not involve the headline's target",
                                view.text(doc, idx)
                            ),
                        },
                    });
                }
            }
            if view.lemmas[idx] == target_lemma
                && target_elsewhere.is_none()
                && let Some(other_event) = governing_event(&view, idx)
                && view.lemmas[other_event] != event_lemma
            {
                target_elsewhere = Some(HeadlineEvidence {
                    span: view.span(doc, idx.min(other_event), idx.max(other_event)),
                    note: format!(
                        "in the body the \u{201c}{}\u{201d} is hit by \u{201c}{}\u{201d}, not the headline's event",
                        view.text(doc, idx),
                        view.text(doc, other_event)
                    ),
                });
            }
        }
    }
    match (event_elsewhere, target_elsewhere) {
        (Some(event), Some(target)) => Some(HeadlineConsistency {
            consistent: false,
            evidence: vec![headline_evidence, event, target],
        }),
        _ => None,
    }
}

/// The headline's target: the noun after at / on / against, else the first
/// noun after the event word.
fn headline_target(view: &SentenceView, event: usize) -> Option<usize> {
    let mut after_preposition = false;
    let mut target = None;
    for idx in event + 1..view.n {
        match view.upos[idx] {
            "ADP"
                if matches!(
                    view.lemmas[idx].as_str(),
                    "at" | "on" | "against" | "near" | "in"
                ) =>
            {
                if after_preposition && target.is_some() {
                    break;
                }
                after_preposition = true;
                target = None;
            }
            "NOUN" | "PROPN" => target = Some(idx),
            "PUNCT" | "VERB" | "SCONJ" | "CCONJ" if target.is_some() => break,
            _ => {}
        }
    }
    if after_preposition {
        return target;
    }
    (event + 1..view.n).find(|&i| matches!(view.upos[i], "NOUN" | "PROPN"))
}

/// What a body event word is aimed at: the noun of an at / on / against
/// phrase in its subtree, else its object.
fn body_target(view: &SentenceView, event: usize) -> Option<usize> {
    let (from, to) = (
        view.subtree_min[event] as usize,
        view.subtree_max[event] as usize,
    );
    let preposition = (from..=to).find(|&i| {
        view.upos[i] == "ADP"
            && matches!(view.lemmas[i].as_str(), "at" | "on" | "against")
            && i > event
    });
    if let Some(preposition) = preposition {
        return view.head(preposition);
    }
    view.child_with(event, "obj")
}

/// The nearest event word above a noun, within a few steps.
fn governing_event(view: &SentenceView, idx: usize) -> Option<usize> {
    let mut node = idx;
    for _ in 0..3 {
        node = view.head(node)?;
        if is_event_word(&view.lemmas[node]) {
            return Some(node);
        }
    }
    None
}
