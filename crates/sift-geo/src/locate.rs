//! Event location: which place mention says where an event happened.

use sift_core::{Doc, PlaceKind, PlaceMention, PlaceRelation};

/// Which rule chose an event's place, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LocationRule {
    /// The place is attached to the event's trigger by the parse (`attacked
    /// ... in X`, `shelled ... 30 km west of X`).
    Attached,
    /// A place named elsewhere in the trigger's sentence.
    Sentence,
    /// The report's dateline.
    Dateline,
    /// The place the report names most.
    Dominant,
}

impl LocationRule {
    /// A stable lower-case name for output.
    pub fn as_str(self) -> &'static str {
        match self {
            LocationRule::Attached => "attached",
            LocationRule::Sentence => "sentence",
            LocationRule::Dateline => "dateline",
            LocationRule::Dominant => "dominant",
        }
    }
}

/// Where an event happened.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EventLocation {
    /// Index of the place mention in the slice given to [`locate`] (the
    /// document's places layer).
    pub place_index: usize,
    /// The rule that chose it.
    pub rule: LocationRule,
    /// A relative phrase anchored on that place (`30 km west of`), when the
    /// mention has one; the place itself is then the anchor.
    pub relation: Option<PlaceRelation>,
}

/// Heads are followed at most this many steps up from a place to the trigger.
const MAX_PATH: usize = 4;

/// The location of an event whose trigger is token `trigger_token` of
/// sentence `sentence` (an index into `doc.sentences()`), chosen from
/// `places` (normally `doc.places()`).
///
/// Rules, in order: a place attached to the trigger in the dependency parse
/// through prepositions and nouns only (no other verb between them); else
/// the most specific place named in the sentence, nearest the trigger; else
/// the dateline's most specific place; else the document's most named
/// place. Demonyms never locate an event. Returns `None` when the report
/// names no place at all, or when the sentence or token is out of range.
pub fn locate(
    doc: &Doc,
    places: &[PlaceMention],
    sentence: usize,
    trigger_token: usize,
) -> Option<EventLocation> {
    let sentence_range = doc.sentences().get(sentence)?.token_range();
    if !sentence_range.contains(&trigger_token) {
        return None;
    }
    let located = |place_index: usize, rule| EventLocation {
        place_index,
        rule,
        relation: places[place_index].relation,
    };
    let in_sentence: Vec<usize> = places
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.kind != PlaceKind::Demonym && sentence_range.contains(&(p.first_token as usize))
        })
        .map(|(idx, _)| idx)
        .collect();

    let dependencies = doc.dependencies();
    if !dependencies.is_empty() {
        let tags = doc.tags();
        let attached = in_sentence
            .iter()
            .filter_map(|&idx| {
                let steps = steps_to_trigger(doc, &places[idx], trigger_token, tags, dependencies)?;
                Some((steps, idx))
            })
            .min();
        if let Some((_, idx)) = attached {
            return Some(located(idx, LocationRule::Attached));
        }
    }

    if let Some(&idx) = in_sentence.iter().min_by_key(|&&idx| {
        let place = &places[idx];
        let distance = (place.first_token as usize).abs_diff(trigger_token);
        (std::cmp::Reverse(specificity(place)), distance)
    }) {
        return Some(located(idx, LocationRule::Sentence));
    }

    if let Some(idx) = places
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PlaceKind::Dateline)
        .max_by_key(|(idx, p)| (specificity(p), std::cmp::Reverse(*idx)))
        .map(|(idx, _)| idx)
    {
        return Some(located(idx, LocationRule::Dateline));
    }

    dominant(places).map(|idx| located(idx, LocationRule::Dominant))
}

/// The document's most named place (not counting demonyms): most mentions,
/// then the more specific, then the first named.
pub fn dominant(places: &[PlaceMention]) -> Option<usize> {
    let mut counts: Vec<(Option<u32>, &str, usize, usize)> = Vec::new();
    for (idx, place) in places.iter().enumerate() {
        if place.kind == PlaceKind::Demonym {
            continue;
        }
        let key = (place.place.geonameid, place.place.name.as_str());
        match counts
            .iter_mut()
            .find(|(id, name, _, _)| (*id, *name) == key)
        {
            Some(entry) => entry.2 += 1,
            None => counts.push((key.0, key.1, 1, idx)),
        }
    }
    counts
        .iter()
        .max_by_key(|(_, _, count, first)| {
            (
                *count,
                specificity(&places[*first]),
                std::cmp::Reverse(*first),
            )
        })
        .map(|(_, _, _, first)| *first)
}

fn specificity(place: &PlaceMention) -> u8 {
    match place.place.feature_class {
        'P' | 'H' | 'T' => 4,
        _ => match place.place.feature_code.as_str() {
            "ADM2" => 3,
            "ADM1" => 2,
            "CONT" => 0,
            _ => 1,
        },
    }
}

/// Steps from the place's syntactic head up to the trigger, when the path
/// passes through no other verb (a place in another clause is not attached).
fn steps_to_trigger(
    doc: &Doc,
    place: &PlaceMention,
    trigger_token: usize,
    tags: &[sift_core::TokenTag],
    dependencies: &[sift_core::Dependency],
) -> Option<usize> {
    let range = place.token_range();
    // The mention's head: its token whose head lies outside it.
    let head = range.clone().find(|&idx| {
        dependencies
            .get(idx)
            .is_some_and(|d| d.head.is_none_or(|h| !range.contains(&(h as usize))))
    })?;
    let _ = doc;
    let mut current = head;
    for step in 1..=MAX_PATH {
        let parent = dependencies.get(current)?.head? as usize;
        if parent == trigger_token {
            return Some(step);
        }
        let is_verb = tags
            .get(parent)
            .is_some_and(|t| matches!(t.upos.as_str(), "VERB" | "AUX"));
        if is_verb {
            return None;
        }
        current = parent;
    }
    None
}
