//! Does the clause around a date expression speak of the future? `on
//! Tuesday` in a news report is the last Tuesday, but `will meet on Tuesday`
//! is the next one. The parse says which verb governs the expression and
//! which auxiliaries it has; without a parse, a future auxiliary before the
//! expression in its sentence decides.

use std::ops::Range;

use sift_core::{Doc, TokenKind};

use crate::resolve::Tense;

/// Auxiliaries that put a clause in the future (`wo` is `won't` split).
/// `would` counts: in reported speech it is the future seen from the past
/// (`said the truce would take effect on Friday`).
const FUTURE_AUXILIARIES: &[&str] = &["will", "'ll", "shall", "wo", "would", "'d"];

/// Words whose infinitive complement lies in the future: `plans to meet on
/// Tuesday`, `agreed to meet on Tuesday`, `is due to arrive on Tuesday`.
const FUTURE_GOVERNORS: &[&str] = &[
    "plan", "schedule", "due", "set", "expect", "agree", "vow", "promise", "threaten", "pledge",
    "intend", "aim", "prepare", "slate", "hope", "want",
];

/// Words that put a date they govern directly in the future: `talks
/// scheduled for Tuesday`, `elections due in March`. Not `agreed on
/// Tuesday`: agreeing is done by then.
const SCHEDULING_WORDS: &[&str] = &["schedule", "due", "set", "slate", "plan", "expect"];

/// Relations whose dependent heads a clause of its own, even when the tagger
/// took the verb for a noun (`would resume` with `resume` as NOUN).
const CLAUSE_HEADS: &[&str] = &[
    "root",
    "ccomp",
    "xcomp",
    "advcl",
    "acl",
    "acl:relcl",
    "parataxis",
    "csubj",
];

/// How many steps up the parse a governing verb may be.
const MAX_STEPS: usize = 8;

/// The tense of the clause that contains the tokens `mention`, in the
/// sentence `sentence`.
pub(crate) fn clause_tense(doc: &Doc, sentence: Range<usize>, mention: Range<usize>) -> Tense {
    let n_tokens = doc.tokens().len();
    if doc.dependencies().len() != n_tokens || doc.tags().len() != n_tokens {
        return scan_for_future(doc, sentence.start..mention.start);
    }
    let dependencies = doc.dependencies();
    let tags = doc.tags();
    if future_auxiliary_just_before(doc, sentence.start, mention.start) {
        return Tense::Future;
    }
    let lemma = |idx: usize| {
        let text = doc.slice(doc.tokens()[idx].span);
        tags[idx].lemma.resolve(text).to_ascii_lowercase()
    };
    let head_of = |idx: usize| {
        dependencies[idx]
            .head
            .map(|h| h as usize)
            .filter(|h| sentence.contains(h))
    };
    let Some(mut current) = mention
        .clone()
        .find(|&idx| head_of(idx).is_none_or(|h| !mention.contains(&h)))
    else {
        return Tense::Unknown;
    };
    for _ in 0..MAX_STEPS {
        let Some(head) = head_of(current) else {
            break;
        };
        current = head;
        if SCHEDULING_WORDS.contains(&lemma(current).as_str())
            && tags[current].xpos.as_str() != "VBD"
        {
            return Tense::Future;
        }
        if tags[current].upos.as_str() == "VERB"
            || CLAUSE_HEADS.contains(&dependencies[current].label.as_str())
        {
            break;
        }
    }
    let predicate = current;
    let mut tense = match tags[predicate].xpos.as_str() {
        "VBD" => Tense::Past,
        _ => Tense::Unknown,
    };
    for idx in sentence.clone() {
        if head_of(idx) != Some(predicate) {
            continue;
        }
        let label = dependencies[idx].label.as_str();
        if label == "aux" || label == "aux:pass" {
            let word = doc.slice(doc.tokens()[idx].span).to_ascii_lowercase();
            if FUTURE_AUXILIARIES.contains(&word.as_str()) {
                return Tense::Future;
            }
            if tags[idx].xpos.as_str() == "VBD" || matches!(word.as_str(), "has" | "have") {
                tense = Tense::Past;
            }
        }
    }
    // `agreed to meet on Tuesday`: the verb is the complement of a plan.
    // Read off the words as well as the parse, which often takes `plans` in
    // `plans to hold` for a noun.
    let is_plan = |idx: usize| {
        FUTURE_GOVERNORS.contains(&lemma(idx).as_str())
            || doc
                .slice(doc.tokens()[idx].span)
                .eq_ignore_ascii_case("going")
    };
    if dependencies[predicate].label.as_str() == "xcomp"
        && let Some(governor) = head_of(predicate)
        && is_plan(governor)
    {
        return Tense::Future;
    }
    if predicate >= sentence.start + 2
        && doc
            .slice(doc.tokens()[predicate - 1].span)
            .eq_ignore_ascii_case("to")
        && is_plan(predicate - 2)
    {
        return Tense::Future;
    }
    tense
}

/// How far back, in tokens, a future auxiliary still governs an expression
/// by proximity alone (`will visit Osterby on Tuesday`).
const AUXILIARY_WINDOW: usize = 6;

/// A future auxiliary a few words before `before`, with no punctuation or
/// past-tense verb in between. The parser sometimes hangs a date on the
/// wrong verb (`will visit Osterby on Tuesday, his office said` parsed with
/// `Tuesday` under `said`), but this surface pattern does not lie.
fn future_auxiliary_just_before(doc: &Doc, sentence_start: usize, before: usize) -> bool {
    let tokens = doc.tokens();
    let tags = doc.tags();
    let window_start = before.saturating_sub(AUXILIARY_WINDOW).max(sentence_start);
    for idx in (window_start..before).rev() {
        let word = doc.slice(tokens[idx].span);
        if FUTURE_AUXILIARIES
            .iter()
            .any(|aux| aux.eq_ignore_ascii_case(word))
        {
            return true;
        }
        let is_past_verb = tags.get(idx).is_some_and(|t| t.xpos.as_str() == "VBD");
        if tokens[idx].kind == TokenKind::Punct || is_past_verb {
            return false;
        }
    }
    false
}

/// The fallback without a parse: a future auxiliary before the expression.
fn scan_for_future(doc: &Doc, before: Range<usize>) -> Tense {
    let tokens = doc.tokens();
    let has_future = before.into_iter().any(|idx| {
        let word = doc.slice(tokens[idx].span);
        FUTURE_AUXILIARIES[..4]
            .iter()
            .any(|aux| aux.eq_ignore_ascii_case(word))
    });
    if has_future {
        Tense::Future
    } else {
        Tense::Unknown
    }
}
