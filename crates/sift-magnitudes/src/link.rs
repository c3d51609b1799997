//! Which event a figure belongs to: a coded event of its own sentence that
//! the parse ties to it, else one of the sentence before ("A car bomb
//! exploded ... The death toll rose to 40"); and the event word it hangs
//! from when the event coder coded none.

use std::ops::Range;

use sift_core::{Doc, Event, MagnitudeKind};

use crate::attach::{Attachment, SentenceView};
use crate::lexicon;

/// The coded events of a document, by trigger token.
pub(crate) struct EventIndex {
    triggers: Vec<Trigger>,
}

struct Trigger {
    event: usize,
    sentence: u32,
    tokens: Range<usize>,
    /// The CAMEO root (the code's first two digits).
    root: Option<u8>,
    /// A reporting or stative verb ("said"): never what a figure counts.
    reporting: bool,
}

impl EventIndex {
    pub(crate) fn new(doc: &Doc) -> EventIndex {
        let triggers = doc
            .events()
            .iter()
            .enumerate()
            .map(|(event_idx, event)| {
                let tokens = doc.tokens_in(event.trigger);
                let reporting = tokens.clone().next().is_some_and(|first| {
                    let word = crate::lexicon::Lower::new(doc.slice(doc.tokens()[first].span));
                    lexicon::non_event_verb(word.as_str())
                });
                Trigger {
                    event: event_idx,
                    sentence: event.sentence,
                    tokens,
                    root: cameo_root(event),
                    reporting,
                }
            })
            .collect();
        EventIndex { triggers }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.triggers.is_empty()
    }

    /// The event a figure belongs to, and its trigger's tokens.
    pub(crate) fn link(
        &self,
        view: &SentenceView,
        sentence: u32,
        number_token: usize,
        quantity_tokens: Range<usize>,
        attachment: &Attachment,
        previous: Option<(u32, &SentenceView)>,
    ) -> Option<(usize, Range<usize>)> {
        let same: Vec<&Trigger> = self
            .candidates(sentence, attachment.kind)
            .filter(|trigger| {
                // Identity with the figure's own verb overrides the table.
                compatible(attachment.kind, trigger.root)
                    || trigger.tokens.contains(&attachment.cue.start)
                    || attachment
                        .governor
                        .is_some_and(|verb| trigger.tokens.contains(&verb))
            })
            .collect();
        // A figure whose own verb names its event ("arrested 7 others")
        // goes only to an event the parse ties to it, not to another event
        // of its sentence ("killed 11 militants").
        let has_own_event = own_event(view, attachment).is_some()
            || attachment
                .governor
                .is_some_and(|verb| is_event_verb(view, verb));
        if !same.is_empty() {
            // The word the figure's event is read from: its own verb, else
            // the verb that governs it, else the number itself.
            let pivot = own_event(view, attachment)
                .map(|cue| cue.start)
                .or(attachment.governor)
                .unwrap_or(number_token);
            let figure = quantity_tokens.start..attachment.phrase_end;
            let ancestors = ancestors(view, pivot, &figure);
            let rank = |trigger: &Trigger| {
                let trigger_token = trigger.tokens.start;
                if trigger.tokens.contains(&pivot) {
                    0
                } else if ancestors.contains(&trigger_token) {
                    1
                } else if depends_on(view, trigger_token, pivot) {
                    2
                } else {
                    3
                }
            };
            // An event of the sentence that the parse does not tie to the
            // figure is another event ("the toll climbed toward 200,000 and
            // the government used chemical weapons").
            let tied = same
                .iter()
                .map(|trigger| (rank(trigger), trigger))
                .filter(|(rank, _)| *rank < 3)
                .min_by_key(|(rank, trigger)| (*rank, trigger.tokens.start.abs_diff(number_token)))
                .map(|(_, trigger)| (trigger.event, trigger.tokens.clone()));
            if tied.is_some() {
                return tied;
            }
            if let Some(trigger) = result_participle_event(view, attachment, &same) {
                return Some((trigger.event, trigger.tokens.clone()));
            }
        }
        // Across sentences only a figure with no event of its own ("The
        // death toll rose to 40" after "A car bomb exploded"), or one whose
        // verb has no agent ("Six people were killed" after "Police opened
        // fire"): "the group executed two women" is an event of its own.
        if has_own_event && !agentless(view, attachment) {
            return None;
        }
        let (previous_sentence, previous_view) = previous?;
        self.candidates(previous_sentence, attachment.kind)
            .filter(|trigger| compatible(attachment.kind, trigger.root))
            .min_by_key(|trigger| {
                (
                    depth(previous_view, trigger.tokens.start),
                    trigger.tokens.start,
                )
            })
            .map(|trigger| (trigger.event, trigger.tokens.clone()))
    }

    fn candidates(&self, sentence: u32, _kind: MagnitudeKind) -> impl Iterator<Item = &Trigger> {
        self.triggers
            .iter()
            .filter(move |trigger| trigger.sentence == sentence && !trigger.reporting)
    }
}

/// "Warplanes bombed a market on Wednesday, killing about 30 people, the
/// ministry said": a subjectless "-ing" clause after a comma reports the
/// result of the event before it, even where the parser hangs the clause
/// from the reporting verb instead. The nearest coded event before the
/// participle is its event.
fn result_participle_event<'a>(
    view: &SentenceView,
    attachment: &Attachment,
    candidates: &[&'a Trigger],
) -> Option<&'a Trigger> {
    let cue = attachment.cue.start;
    let participle = view.upos(cue) == "VERB"
        && view.words.lower(cue).as_str().ends_with("ing")
        && cue > view.range.start
        && view.words.lower(cue - 1).as_str() == ","
        && !view
            .children(cue)
            .any(|child| matches!(view.relation(child), "nsubj" | "nsubj:pass"));
    if !participle {
        return None;
    }
    candidates
        .iter()
        .filter(|trigger| trigger.tokens.end <= cue)
        .max_by_key(|trigger| trigger.tokens.start)
        .copied()
}

/// The event word a figure hangs from when no coded event is linked: its
/// own cue when that is a verb ("were killed"), the verb that governs it
/// ("left 9 people dead"), the verb after it ("12,000 refugees crossed"),
/// the event a tally names ("the toll in Sunday's bombing"), or else the
/// main event verb of the sentence before.
pub(crate) fn anchor_word(
    view: &SentenceView,
    attachment: &Attachment,
    previous: Option<&SentenceView>,
) -> Option<Range<usize>> {
    if let Some(cue) = own_event(view, attachment) {
        return Some(cue);
    }
    if let Some(verb) = attachment.governor
        && is_event_verb(view, verb)
    {
        return Some(verb..verb + 1);
    }
    // "12,000 refugees crossed into...", parsed with "crossed" under the noun.
    let mut after = attachment.phrase_end;
    while after < view.range.end && lexicon::skippable_before_cue(view.words.lower(after).as_str())
    {
        after += 1;
    }
    if is_event_verb(view, after) {
        return Some(after..after + 1);
    }
    // "are feared dead after their boat capsized": the event of a
    // reporting or stative verb is a verb of its clause, one or two steps
    // below it.
    if let Some(verb) = attachment.governor {
        // Not a conjunct: "confirmed dead and 1,000 injured" is another figure's.
        let clause = |idx: usize| {
            matches!(
                view.relation(idx),
                "advcl" | "ccomp" | "xcomp" | "obl" | "acl" | "advcl:relcl"
            )
        };
        let below = |idx: usize, steps: usize| {
            clause(idx)
                && (view.head(idx) == Some(verb)
                    || (steps == 2
                        && view
                            .head(idx)
                            .is_some_and(|h| clause(h) && view.head(h) == Some(verb))))
        };
        for steps in [1, 2] {
            if let Some(found) = view
                .range
                .clone()
                .find(|&idx| below(idx, steps) && is_event_verb(view, idx))
            {
                return Some(found..found + 1);
            }
        }
    }
    // "the death toll from the earthquake", "the toll in Sunday's bombing".
    let cue_end = attachment.cue.end - 1;
    if lexicon::tally_word(view.words.lower(cue_end).as_str()).is_some() {
        for child in view.children(cue_end) {
            if view.relation(child) == "nmod" && view.upos(child) == "NOUN" {
                return Some(child..child + 1);
            }
        }
    }
    // The sentence before: its event verb nearest the root, for a tally
    // that refers back to it ("The death toll rose to 40", "the dead
    // numbered 16", "212 people were confirmed dead").
    let cue_word = view.words.lower(cue_end);
    let refers_back = matches!(
        attachment.kind,
        MagnitudeKind::Killed | MagnitudeKind::Injured | MagnitudeKind::Arrested
    ) && (lexicon::tally_word(cue_word.as_str()).is_some()
        || lexicon::cue_word(cue_word.as_str())
            .is_some_and(|cue| cue.voice == lexicon::Voice::Predicate));
    if !refers_back {
        return None;
    }
    let previous = previous?;
    previous
        .range
        .clone()
        .filter(|&idx| is_event_verb(previous, idx))
        .min_by_key(|&idx| (depth(previous, idx), idx))
        .map(|idx| idx..idx + 1)
}

/// The figure's cue when it names the event itself: a verb before the
/// figure ("killed 30"), or a verb or participle after it ("30 were
/// killed", "16 wounded in"), but not a result of "leave" ("left 40
/// injured": the event is what left them).
pub(crate) fn own_event(view: &SentenceView, attachment: &Attachment) -> Option<Range<usize>> {
    let cue = attachment.cue.start;
    let word = view.words.lower(cue);
    if lexicon::non_event_verb(word.as_str()) {
        return None;
    }
    let resultative = attachment.governor.is_some_and(|verb| {
        matches!(
            view.words.lower(verb).as_str(),
            "left" | "leave" | "leaves" | "leaving"
        )
    });
    let verb_like = view.upos(cue) == "VERB"
        || lexicon::cue_word(word.as_str()).is_some_and(|c| c.voice != lexicon::Voice::Predicate);
    // An adjective before the people ("70 wounded protesters") is no event.
    let attributive = attachment
        .victims
        .as_ref()
        .is_some_and(|victims| victims.contains(&cue));
    let event = attachment.from_verb_before || (verb_like && !attributive && !resultative);
    event.then(|| attachment.cue.clone())
}

/// The figure's people are the subject of its verb ("were killed", "died",
/// "fled") and no "by" names who did it.
fn agentless(view: &SentenceView, attachment: &Attachment) -> bool {
    if attachment.from_verb_before {
        return false;
    }
    let cue = attachment.cue.start;
    let word = view.words.lower(cue);
    let passive_or_intransitive = match lexicon::cue_word(word.as_str()) {
        Some(found) if found.voice == lexicon::Voice::Intransitive => true,
        Some(found) if found.voice == lexicon::Voice::Transitive => {
            cue > view.range.start && lexicon::passive_auxiliary(view.words.lower(cue - 1).as_str())
        }
        _ => false,
    };
    if !passive_or_intransitive {
        return false;
    }
    let has_agent = (cue + 1..(cue + 5).min(view.range.end))
        .any(|idx| view.words.lower(idx).as_str() == "by")
        || view
            .children(cue)
            .any(|child| view.relation(child) == "obl:agent");
    !has_agent
}

fn is_event_verb(view: &SentenceView, idx: usize) -> bool {
    view.range.contains(&idx)
        && view.upos(idx) == "VERB"
        && !lexicon::non_event_verb(view.words.lower(idx).as_str())
}

/// The first two digits of the event's CAMEO code.
fn cameo_root(event: &Event) -> Option<u8> {
    let code = event.cameo.code.as_bytes();
    if code.len() >= 2 && code[0].is_ascii_digit() && code[1].is_ascii_digit() {
        Some((code[0] - b'0') * 10 + (code[1] - b'0'))
    } else {
        None
    }
}

/// Which CAMEO roots a figure of this kind can measure: violence, coercion
/// and protest for casualties and arrests; aid and evacuation too for the
/// displaced; military posture and deployment for participants.
fn compatible(kind: MagnitudeKind, root: Option<u8>) -> bool {
    let Some(root) = root else {
        return false;
    };
    match kind {
        MagnitudeKind::Killed | MagnitudeKind::Injured | MagnitudeKind::Arrested => {
            matches!(root, 14 | 17 | 18 | 19 | 20)
        }
        MagnitudeKind::Displaced => matches!(root, 7 | 8 | 14 | 17 | 18 | 19 | 20),
        MagnitudeKind::Participants => matches!(root, 6 | 14 | 15 | 17 | 18 | 19 | 20),
    }
}

/// The heads above `idx`, nearest first, up to a coordination ("killed 11
/// and arrested 7" are two events, "exploded, killing 3" one) or the
/// figure's own words (`figure`: a verb misparsed under the figure's noun is
/// no part of an event above it); none when `idx` heads an adverbial clause
/// of its own.
fn ancestors(view: &SentenceView, idx: usize, figure: &Range<usize>) -> Vec<usize> {
    let mut found = Vec::new();
    if is_own_clause(view, idx) {
        return found;
    }
    let mut current = idx;
    while view.relation(current) != "conj"
        && let Some(head) = view.head(current)
    {
        if figure.contains(&head) || found.contains(&head) || found.len() > view.range.len() {
            break;
        }
        found.push(head);
        current = head;
    }
    found
}

/// An adverbial clause with a subject of its own is an event of its own:
/// "Police detained dozens as thousands marched"; "exploded, killing 3" is
/// one. (A reported clause is not: "confirmed that the strikes killed
/// 1,000" is the strikes' event.)
fn is_own_clause(view: &SentenceView, idx: usize) -> bool {
    matches!(view.relation(idx), "advcl" | "advcl:relcl")
        && view
            .children(idx)
            .any(|child| matches!(view.relation(child), "nsubj" | "nsubj:pass"))
}

/// True when `idx` hangs from `verb` within three steps ("the strike" under
/// "killed", "in the bombing" under "killed").
fn depends_on(view: &SentenceView, idx: usize, verb: usize) -> bool {
    let mut current = idx;
    for _ in 0..3 {
        match view.head(current) {
            Some(head) if head == verb => return true,
            Some(head) => current = head,
            None => return false,
        }
    }
    false
}

/// Steps from `idx` to its sentence's root.
fn depth(view: &SentenceView, idx: usize) -> usize {
    ancestors(view, idx, &(0..0)).len()
}
