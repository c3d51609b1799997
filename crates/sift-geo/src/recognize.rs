//! Toponym recognition: which token runs of a document name places.
//!
//! Sources, strongest first: the dateline; the NER's LOC mentions; other
//! NER mentions and capitalized runs that the gazetteer knows, under guards
//! against common words and names of people; and demonyms.

use sift_core::{Doc, EntityLabel, PlaceKind, PlaceRelation, SentenceKind, Span};

use crate::gazetteer::{Gazetteer, LookupDepth};
use crate::relation::relation_before;

/// What the words around a name say about the kind of place it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Designator {
    /// `province`, `governorate`, `state`, `region`, `oblast`.
    Region,
    /// `county`, `parish`, `district`, `borough`.
    District,
    /// `city`, `town`, `village`.
    Town,
}

/// A token run to resolve.
#[derive(Clone, Debug)]
pub(crate) struct Mention {
    pub span: Span,
    pub first_token: usize,
    pub n_tokens: usize,
    pub kind: PlaceKind,
    /// The name to look up (the span's text, or more with a designator).
    pub name: String,
    /// The name without a trailing designator, tried when `name` finds nothing.
    pub bare_name: Option<String>,
    pub designator: Option<Designator>,
    pub depth: LookupDepth,
    pub relation: Option<PlaceRelation>,
    /// The mention right after `X,` that may contain this one (`X, Syria`).
    pub container: Option<usize>,
}

/// Words that are place names in GeoNames but far more often something
/// else when they stand alone with a capital.
const COMMON_WORDS: &[&str] = &[
    "of",
    "nice",
    "reading",
    "mobile",
    "march",
    "may",
    "june",
    "bath",
    "hope",
    "independence",
    "liberty",
    "union",
    "split",
    "most",
    "mark",
    "bill",
    "orange",
    "energy",
    "page",
    "temple",
    "justice",
    "commerce",
    "enterprise",
    "paradise",
    "harmony",
    "unity",
    "trust",
    "sale",
    "deal",
    "police",
    "university",
    "college",
    "school",
    "church",
    "street",
    "road",
    "president",
    "governor",
    "mayor",
    "senator",
    "sheriff",
    "judge",
    "north",
    "south",
    "east",
    "west",
    "republic",
    "democrat",
    "republican",
    "national",
    "american",
    "center",
    "centre",
    "west bank",
    "victory",
    "friendship",
    "providence",
    "progress",
    "concord",
    "freedom",
    "opportunity",
    "eureka",
    "cuba",
    "chase",
    "early",
    "young",
    "price",
    "bell",
    "banks",
    "wells",
    "mission",
    "commission",
    "council",
    "department",
    "office",
    "court",
    "house",
    "senate",
    "congress",
    "city",
    "county",
    "state",
    "the",
    "a",
    "an",
    "and",
    "but",
    "as",
    "at",
    "by",
    "in",
    "on",
    "to",
    "so",
    "if",
    "or",
    "it",
    "he",
    "she",
    "we",
    "us",
    "i",
    "you",
    "they",
    "am",
    "is",
    "be",
    "do",
    "no",
    "not",
    "all",
    "any",
    "can",
    "man",
    "day",
    "god",
    "lord",
    "love",
    "new",
    "old",
    "best",
    "home",
    "fair",
    "alliance",
    "ball",
    "gas",
    "hospital",
    "park",
    "health",
    "christmas",
    "easter",
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

const DESIGNATORS: &[(&str, Designator)] = &[
    ("province", Designator::Region),
    ("governorate", Designator::Region),
    ("state", Designator::Region),
    ("region", Designator::Region),
    ("oblast", Designator::Region),
    ("prefecture", Designator::Region),
    ("county", Designator::District),
    ("parish", Designator::District),
    ("district", Designator::District),
    ("borough", Designator::District),
    ("city", Designator::Town),
    ("town", Designator::Town),
    ("village", Designator::Town),
];

/// Finds the place mentions of a document (sorted, non-overlapping).
pub(crate) fn recognize(doc: &Doc, gazetteer: &Gazetteer) -> Vec<Mention> {
    let tokens = doc.tokens();
    let mut taken = vec![false; tokens.len()];
    let mut mentions: Vec<Mention> = Vec::new();
    let mut push = |mentions: &mut Vec<Mention>, taken: &mut [bool], mention: Mention| {
        let range = mention.first_token..mention.first_token + mention.n_tokens;
        if range.clone().any(|idx| taken[idx]) {
            return;
        }
        for idx in range {
            taken[idx] = true;
        }
        mentions.push(mention);
    };

    // The dateline: every capitalized run before the parenthesis or dash.
    if let Some(sentence) = doc
        .sentences()
        .iter()
        .find(|s| s.kind == SentenceKind::Dateline)
    {
        let range = sentence.token_range();
        let mut idx = range.start;
        while idx < range.end {
            let text = doc.slice(tokens[idx].span);
            if text == "(" || text.starts_with('-') || text == "—" || text == "–" {
                break;
            }
            if starts_upper(text) {
                let mut end = idx + 1;
                while end < range.end && starts_upper(doc.slice(tokens[end].span)) {
                    end += 1;
                }
                let mention = mention_for(doc, idx, end, PlaceKind::Dateline, LookupDepth::Loose);
                if !gazetteer
                    .lookup(&mention.name, LookupDepth::Folded)
                    .is_empty()
                {
                    push(&mut mentions, &mut taken, mention);
                }
                idx = end;
            } else {
                idx += 1;
            }
        }
    }

    for entity in doc.entities() {
        let (first, end) = (entity.first_token as usize, entity.token_range().end);
        let text = doc.slice(entity.span);
        match entity.label {
            EntityLabel::Loc => {
                let mention = mention_for(doc, first, end, PlaceKind::Toponym, LookupDepth::Loose);
                push(&mut mentions, &mut taken, mention);
            }
            EntityLabel::Norp | EntityLabel::Misc => {
                if gazetteer.demonym_country(text).is_some() {
                    let mention =
                        mention_for(doc, first, end, PlaceKind::Demonym, LookupDepth::Folded);
                    push(&mut mentions, &mut taken, mention);
                } else if entity.label == EntityLabel::Misc {
                    consider_guarded(
                        doc,
                        gazetteer,
                        first,
                        end,
                        &mut mentions,
                        &mut taken,
                        &mut push,
                    );
                }
            }
            EntityLabel::Org | EntityLabel::Person => {
                consider_guarded(
                    doc,
                    gazetteer,
                    first,
                    end,
                    &mut mentions,
                    &mut taken,
                    &mut push,
                );
            }
            EntityLabel::Date => {}
        }
    }

    // Capitalized runs no entity covers.
    let entity_tokens = {
        let mut covered = vec![false; tokens.len()];
        for entity in doc.entities() {
            for idx in entity.token_range() {
                covered[idx] = true;
            }
        }
        covered
    };
    for sentence in doc.sentences() {
        let range = sentence.token_range();
        let mut idx = range.start;
        while idx < range.end {
            if taken[idx] || entity_tokens[idx] || !starts_upper(doc.slice(tokens[idx].span)) {
                idx += 1;
                continue;
            }
            let mut end = idx + 1;
            while end < range.end
                && !taken[end]
                && !entity_tokens[end]
                && starts_upper(doc.slice(tokens[end].span))
            {
                end += 1;
            }
            consider_guarded(
                doc,
                gazetteer,
                idx,
                end,
                &mut mentions,
                &mut taken,
                &mut push,
            );
            idx = end;
        }
    }

    mentions.sort_by_key(|m| m.first_token);
    link_containers(doc, &mut mentions);
    mentions
}

/// A mention for tokens `first..end`, with its designator, relation and
/// lookup names.
pub(crate) fn mention_for(
    doc: &Doc,
    first: usize,
    end: usize,
    kind: PlaceKind,
    depth: LookupDepth,
) -> Mention {
    let tokens = doc.tokens();
    let sentence_start = sentence_start_of(doc, first);
    let sentence_end = sentence_end_of(doc, first);
    let mut end = end;
    let mut span = Span::new(tokens[first].span.start(), tokens[end - 1].span.end());
    let name = doc.slice(span).to_string();
    let mut bare_name = None;
    let mut designator = None;
    // A designator inside the span ("Idlib Province") or right after it.
    let last_word = doc.slice(tokens[end - 1].span).to_ascii_lowercase();
    if end - first > 1
        && let Some((_, d)) = DESIGNATORS.iter().find(|(w, _)| *w == last_word)
    {
        designator = Some(*d);
        bare_name = Some(
            doc.slice(Span::new(
                tokens[first].span.start(),
                tokens[end - 2].span.end(),
            ))
            .to_string(),
        );
    } else if end < sentence_end {
        let next = doc.slice(tokens[end].span);
        let next_lower = next.to_ascii_lowercase();
        if let Some((_, d)) = DESIGNATORS.iter().find(|(w, _)| *w == next_lower) {
            designator = Some(*d);
            if starts_upper(next) && kind != PlaceKind::Dateline {
                bare_name = Some(name.clone());
                end += 1;
                span = Span::new(tokens[first].span.start(), tokens[end - 1].span.end());
            }
        }
    }
    // "the city of X", "the province of X".
    if designator.is_none() && first >= sentence_start + 2 {
        let of = doc.slice(tokens[first - 1].span).to_ascii_lowercase();
        let head = doc.slice(tokens[first - 2].span).to_ascii_lowercase();
        if of == "of"
            && let Some((_, d)) = DESIGNATORS.iter().find(|(w, _)| *w == head)
        {
            designator = Some(*d);
        }
    }
    let name = doc.slice(span).to_string();
    Mention {
        span,
        first_token: first,
        n_tokens: end - first,
        kind,
        name,
        bare_name,
        designator,
        depth,
        relation: relation_before(doc, sentence_start, first),
        container: None,
    }
}

/// Runs that are not LOC to the NER become places only with evidence: a
/// locative word before them, a dateline-style capital run, or a name that
/// can only be a well-known place.
#[allow(clippy::too_many_arguments)]
fn consider_guarded(
    doc: &Doc,
    gazetteer: &Gazetteer,
    first: usize,
    end: usize,
    mentions: &mut Vec<Mention>,
    taken: &mut [bool],
    push: &mut impl FnMut(&mut Vec<Mention>, &mut [bool], Mention),
) {
    let tokens = doc.tokens();
    let tags = doc.tags();
    let mut first = first;
    // A leading "The" is not part of the name.
    if end - first > 1 && doc.slice(tokens[first].span).eq_ignore_ascii_case("the") {
        first += 1;
    }
    let text = doc.slice(Span::new(
        tokens[first].span.start(),
        tokens[end - 1].span.end(),
    ));
    if COMMON_WORDS.contains(&text.to_ascii_lowercase().as_str()) {
        return;
    }
    let sentence_start = sentence_start_of(doc, first);
    let locative = first > sentence_start
        && matches!(
            doc.slice(tokens[first - 1].span)
                .to_ascii_lowercase()
                .as_str(),
            "in" | "near"
                | "at"
                | "outside"
                | "from"
                | "to"
                | "into"
                | "toward"
                | "towards"
                | "around"
                | "across"
                | "through"
        );
    let locative = locative
        || relation_before(doc, sentence_start, first).is_some()
        || described_as_place(doc, end);
    let at_sentence_start = first == sentence_start;
    let proper = tags.is_empty() || (first..end).all(|idx| tags[idx].upos.is_proper_noun());
    if demonym_run(doc, gazetteer, first, end) {
        let mention = mention_for(doc, first, end, PlaceKind::Demonym, LookupDepth::Folded);
        push(mentions, taken, mention);
        return;
    }
    let is_short = text.len() <= 3;
    if is_short && !text.chars().all(|c| c.is_ascii_uppercase() || c == '.') {
        return;
    }
    let matches = gazetteer.lookup(text, LookupDepth::Folded);
    let notable = matches.iter().any(|m| {
        let place = gazetteer.place(m.place);
        place.feature.is_area() && place.feature != crate::Feature::Adm2
            || matches!(
                place.feature,
                crate::Feature::Continent | crate::Feature::Region
            )
            || place.population >= 100_000
    });
    let accept = if locative {
        proper || !matches.is_empty()
    } else {
        proper && !at_sentence_start && notable
    };
    if !accept {
        return;
    }
    let depth = if locative {
        LookupDepth::Loose
    } else {
        LookupDepth::Folded
    };
    if matches.is_empty() && !locative {
        return;
    }
    if matches.is_empty() && gazetteer.lookup(text, LookupDepth::Loose).is_empty() {
        return;
    }
    let mention = mention_for(doc, first, end, PlaceKind::Toponym, depth);
    push(mentions, taken, mention);
}

/// `X, a town ...`, `X, the provincial capital`: an apposition that says
/// the name before it is a place.
fn described_as_place(doc: &Doc, end: usize) -> bool {
    const PLACE_NOUNS: &[&str] = &[
        "town",
        "village",
        "city",
        "suburb",
        "district",
        "neighborhood",
        "neighbourhood",
        "area",
        "region",
        "province",
        "hamlet",
        "county",
        "enclave",
        "capital",
        "municipality",
        "settlement",
        "camp",
        "port",
        "island",
        "state",
        "country",
    ];
    let tokens = doc.tokens();
    let sentence_end = sentence_end_of(doc, end.saturating_sub(1));
    if end >= sentence_end || doc.slice(tokens[end].span) != "," {
        return false;
    }
    (end + 1..sentence_end.min(end + 5))
        .any(|idx| PLACE_NOUNS.contains(&doc.slice(tokens[idx].span).to_ascii_lowercase().as_str()))
}

fn demonym_run(doc: &Doc, gazetteer: &Gazetteer, first: usize, end: usize) -> bool {
    end - first <= 2
        && gazetteer
            .demonym_country(doc.slice(Span::new(
                doc.tokens()[first].span.start(),
                doc.tokens()[end - 1].span.end(),
            )))
            .is_some()
}

/// `X, Y` where Y is a place: Y may contain X.
fn link_containers(doc: &Doc, mentions: &mut [Mention]) {
    let tokens = doc.tokens();
    for idx in 0..mentions.len().saturating_sub(1) {
        let end = mentions[idx].first_token + mentions[idx].n_tokens;
        let next = &mentions[idx + 1];
        if end < tokens.len()
            && next.first_token == end + 1
            && doc.slice(tokens[end].span) == ","
            && next.kind != PlaceKind::Demonym
        {
            mentions[idx].container = Some(idx + 1);
        }
    }
}

fn starts_upper(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}

pub(crate) fn sentence_start_of(doc: &Doc, token: usize) -> usize {
    let sentences = doc.sentences();
    let idx = sentences.partition_point(|s| s.token_range().end <= token);
    sentences.get(idx).map_or(0, |s| s.first_token as usize)
}

fn sentence_end_of(doc: &Doc, token: usize) -> usize {
    let sentences = doc.sentences();
    let idx = sentences.partition_point(|s| s.token_range().end <= token);
    sentences
        .get(idx)
        .map_or(doc.tokens().len(), |s| s.token_range().end)
}
