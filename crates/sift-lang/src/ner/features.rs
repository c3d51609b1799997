//! Feature templates and Viterbi BILOU decoding, shared by training (a
//! structured perceptron) and inference (over a [`LinearModel`]) so that the
//! two can never drift apart.
//!
//! Decoding is first order: per-token features score the classes, and a
//! learned class-bigram matrix scores transitions. Greedy decoding with
//! previous-class features was tried first and lost about 6 points of dev F1 to
//! boundary errors it could not take back (`of [Baghdad]` as one place).

use super::gazetteer::{Gazetteer, GazetteerMatch, WordTable, kind};
use super::text::{TokenFacts, case};
use crate::linear::{LinearModel, feature_key};

/// The entity types the model itself learns, in class order. UNER's `OTH`
/// becomes `Misc`; nationalities are then told apart by the demonym list.
pub(crate) const N_TYPES: usize = 4;
pub(crate) const TYPE_PER: usize = 0;
pub(crate) const TYPE_ORG: usize = 1;
pub(crate) const TYPE_LOC: usize = 2;
pub(crate) const TYPE_MISC: usize = 3;

/// Class 0 is outside; then Begin, Inside, Last, Unit for each type.
pub(crate) const N_CLASSES: usize = 1 + 4 * N_TYPES;
pub(crate) const OUTSIDE: usize = 0;
const BEGIN: usize = 0;
const INSIDE: usize = 1;
const LAST: usize = 2;
const UNIT: usize = 3;

pub(crate) fn class_of(entity_type: usize, part: usize) -> usize {
    1 + entity_type * 4 + part
}

fn type_of(class: usize) -> Option<usize> {
    (class != OUTSIDE).then(|| (class - 1) / 4)
}

fn part_of(class: usize) -> usize {
    (class - 1) % 4
}

/// BILOU classes for spans `(start, end, type)` over `n` tokens.
pub(crate) fn encode_spans(n: usize, spans: &[(usize, usize, usize)]) -> Vec<usize> {
    let mut classes = vec![OUTSIDE; n];
    for &(start, end, entity_type) in spans {
        if end - start == 1 {
            classes[start] = class_of(entity_type, UNIT);
        } else {
            classes[start] = class_of(entity_type, BEGIN);
            for class in &mut classes[start + 1..end - 1] {
                *class = class_of(entity_type, INSIDE);
            }
            classes[end - 1] = class_of(entity_type, LAST);
        }
    }
    classes
}

/// Spans `(start, end, type)` from a BILOU class sequence.
pub(crate) fn decode_spans(classes: &[usize], out: &mut Vec<(usize, usize, usize)>) {
    out.clear();
    let mut open: Option<(usize, usize)> = None;
    for (idx, &class) in classes.iter().enumerate() {
        let Some(entity_type) = type_of(class) else {
            open = None;
            continue;
        };
        match part_of(class) {
            UNIT => {
                out.push((idx, idx + 1, entity_type));
                open = None;
            }
            BEGIN => open = Some((idx, entity_type)),
            INSIDE => {}
            _ => {
                if let Some((start, open_type)) = open.take()
                    && open_type == entity_type
                {
                    out.push((start, idx + 1, entity_type));
                }
            }
        }
    }
}

/// Whether `class` may follow `previous`, and may stand at the end when `is_last`.
fn allowed(previous: usize, class: usize, is_last: bool) -> bool {
    let open_type = type_of(previous).filter(|_| matches!(part_of(previous), BEGIN | INSIDE));
    let fits = match (open_type, type_of(class)) {
        (Some(open), Some(entity_type)) => {
            entity_type == open && matches!(part_of(class), INSIDE | LAST)
        }
        (Some(_), None) => false,
        (None, Some(_)) => matches!(part_of(class), BEGIN | UNIT),
        (None, None) => true,
    };
    fits && !(is_last && type_of(class).is_some() && matches!(part_of(class), BEGIN | INSIDE))
}

/// `allowed` as tables, for inner positions ([0]) and the last one ([1]).
fn legal_transitions() -> &'static [[[bool; N_CLASSES]; N_CLASSES]; 2] {
    static TABLE: std::sync::OnceLock<[[[bool; N_CLASSES]; N_CLASSES]; 2]> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [[[false; N_CLASSES]; N_CLASSES]; 2];
        for (is_last, rows) in table.iter_mut().enumerate() {
            for (previous, row) in rows.iter_mut().enumerate() {
                for (class, cell) in row.iter_mut().enumerate() {
                    *cell = allowed(previous, class, is_last == 1);
                }
            }
        }
        table
    })
}

/// The reusable buffers of one sentence's analysis.
#[derive(Default)]
pub(crate) struct Scratch {
    pub facts: Vec<TokenFacts>,
    pub folded: Vec<u64>,
    pub matches: Vec<GazetteerMatch>,
    /// Per token and gazetteer kind: the token's place (0 none, 1 B, 2 I,
    /// 3 L, 4 U) in the longest phrase of that kind covering it.
    pub gazetteer_places: Vec<[u8; 4]>,
    best_lengths: Vec<[u8; 4]>,
    /// Label-independent keys of every token, `n_static` per token.
    static_keys: Vec<u64>,
    static_offsets: Vec<usize>,
    emissions: Vec<[f32; N_CLASSES]>,
    best: Vec<[f32; N_CLASSES]>,
    back: Vec<[u8; N_CLASSES]>,
    pub classes: Vec<usize>,
}

impl Scratch {
    /// Computes every label-independent fact and key of a sentence.
    pub(crate) fn prepare(&mut self, words: &[&str], gazetteer: &Gazetteer, profiles: &WordTable) {
        self.facts.clear();
        self.facts.extend(words.iter().map(|w| {
            let mut facts = TokenFacts::of(w);
            facts.profile = profiles.get(facts.folded);
            facts
        }));
        self.folded.clear();
        self.folded.extend(self.facts.iter().map(|f| f.folded));
        gazetteer.find(&self.folded, &mut self.matches);
        self.place_matches();
        self.static_keys.clear();
        self.static_offsets.clear();
        for idx in 0..words.len() {
            self.static_offsets.push(self.static_keys.len());
            static_features(self, idx);
        }
        self.static_offsets.push(self.static_keys.len());
    }

    fn place_matches(&mut self) {
        let n = self.facts.len();
        self.gazetteer_places.clear();
        self.gazetteer_places.resize(n, [0; 4]);
        self.best_lengths.clear();
        self.best_lengths.resize(n, [0; 4]);
        for m in &self.matches {
            let (start, end) = (m.start as usize, m.end as usize);
            let len = (end - start) as u8;
            for (slot, &bit) in kind::ALL.iter().enumerate() {
                if m.kinds & bit == 0 {
                    continue;
                }
                for idx in start..end {
                    if self.best_lengths[idx][slot] >= len {
                        continue;
                    }
                    self.best_lengths[idx][slot] = len;
                    self.gazetteer_places[idx][slot] = if len == 1 {
                        4
                    } else if idx == start {
                        1
                    } else if idx + 1 == end {
                        3
                    } else {
                        2
                    };
                }
            }
        }
    }

    /// The gazetteer kinds of phrases that cover exactly `start..end`.
    pub(crate) fn exact_match_kinds(&self, start: usize, end: usize) -> u8 {
        self.matches
            .iter()
            .filter(|m| m.start as usize == start && m.end as usize == end)
            .fold(0, |kinds, m| kinds | m.kinds)
    }

    pub(crate) fn static_keys_of(&self, idx: usize) -> &[u64] {
        &self.static_keys[self.static_offsets[idx]..self.static_offsets[idx + 1]]
    }
}

mod template {
    pub const BIAS: u32 = 1;
    pub const EXACT: u32 = 2;
    pub const FOLDED: u32 = 3;
    pub const SHAPE: u32 = 4;
    pub const PREFIX: u32 = 5;
    pub const SUFFIX: u32 = 6;
    pub const CASE: u32 = 7;
    pub const CASE_INITIAL: u32 = 8;
    pub const FOLDED_PREV: u32 = 9;
    pub const FOLDED_NEXT: u32 = 10;
    pub const FOLDED_PREV2: u32 = 11;
    pub const FOLDED_NEXT2: u32 = 12;
    pub const SHAPE_PREV: u32 = 13;
    pub const SHAPE_NEXT: u32 = 14;
    pub const BIGRAM_PREV: u32 = 15;
    pub const BIGRAM_NEXT: u32 = 16;
    pub const GAZETTEER: u32 = 17;
    pub const GAZETTEER_CASE: u32 = 18;
    pub const GAZETTEER_PREV: u32 = 19;
    pub const GAZETTEER_NEXT: u32 = 20;
    pub const CASE_WINDOW: u32 = 21;
    pub const LENGTH: u32 = 22;
    pub const GAZETTEER_ALL: u32 = 23;
    pub const PROFILE: u32 = 24;
    pub const PROFILE_CASE: u32 = 25;
    pub const PROFILE_PREV: u32 = 26;
    pub const PROFILE_NEXT: u32 = 27;
    pub const PROFILE_GAZETTEER: u32 = 28;
    pub const RUN_LAST: u32 = 42;
    pub const RUN_BEFORE: u32 = 43;
    pub const RUN_AFTER: u32 = 44;

    pub const PREV_CLASS: u32 = 30;
}

/// Sentence-edge stand-ins for missing neighbours.
const EDGE_BEFORE: u64 = 0x1111;
const EDGE_AFTER: u64 = 0x2222;

fn gazetteer_bits(places: &[u8; 4]) -> u64 {
    places
        .iter()
        .fold(0u64, |bits, &place| (bits << 3) | u64::from(place))
}

fn static_features(scratch: &mut Scratch, idx: usize) {
    let facts = &scratch.facts;
    let me = facts[idx];
    let n = facts.len();
    let folded_at = |i: isize| -> u64 {
        if i < 0 {
            EDGE_BEFORE
        } else if i as usize >= n {
            EDGE_AFTER
        } else {
            facts[i as usize].folded
        }
    };
    let shape_at = |i: isize| -> u64 {
        if i < 0 {
            EDGE_BEFORE
        } else if i as usize >= n {
            EDGE_AFTER
        } else {
            facts[i as usize].shape
        }
    };
    let case_at = |i: isize| -> u64 {
        if i < 0 || i as usize >= n {
            0xFF
        } else {
            u64::from(facts[i as usize].case)
        }
    };
    let profile_at = |i: isize| -> u64 {
        if i < 0 || i as usize >= n {
            0xFF
        } else {
            u64::from(facts[i as usize].profile)
        }
    };
    let i = idx as isize;
    let keys = &mut scratch.static_keys;
    let mut add = |template: u32, values: &[u64]| keys.push(feature_key(template, values));
    add(template::BIAS, &[]);
    add(template::EXACT, &[me.exact]);
    add(template::FOLDED, &[me.folded]);
    add(template::SHAPE, &[me.shape]);
    for (len, &prefix) in me.prefixes.iter().enumerate() {
        if prefix != 0 {
            add(template::PREFIX, &[len as u64, prefix]);
        }
    }
    for (len, &suffix) in me.suffixes.iter().enumerate() {
        if suffix != 0 {
            add(template::SUFFIX, &[len as u64, suffix]);
        }
    }
    add(template::CASE, &[u64::from(me.case)]);
    add(
        template::CASE_INITIAL,
        &[u64::from(me.case), u64::from(idx == 0)],
    );
    add(template::FOLDED_PREV, &[folded_at(i - 1)]);
    add(template::FOLDED_NEXT, &[folded_at(i + 1)]);
    add(template::FOLDED_PREV2, &[folded_at(i - 2)]);
    add(template::FOLDED_NEXT2, &[folded_at(i + 2)]);
    add(template::SHAPE_PREV, &[shape_at(i - 1)]);
    add(template::SHAPE_NEXT, &[shape_at(i + 1)]);
    add(template::BIGRAM_PREV, &[folded_at(i - 1), me.folded]);
    add(template::BIGRAM_NEXT, &[me.folded, folded_at(i + 1)]);
    add(
        template::CASE_WINDOW,
        &[case_at(i - 1), u64::from(me.case), case_at(i + 1)],
    );
    add(template::LENGTH, &[u64::from(me.n_chars.min(12))]);
    let profile = u64::from(me.profile);

    add(template::PROFILE, &[profile]);
    add(
        template::PROFILE_CASE,
        &[profile, u64::from(me.case), u64::from(idx == 0)],
    );
    add(template::PROFILE_PREV, &[profile_at(i - 1), profile]);
    add(template::PROFILE_NEXT, &[profile, profile_at(i + 1)]);

    let places = scratch.gazetteer_places[idx];
    add(
        template::PROFILE_GAZETTEER,
        &[profile, gazetteer_bits(&places)],
    );
    for (slot, &place) in places.iter().enumerate() {
        if place != 0 {
            add(template::GAZETTEER, &[slot as u64, u64::from(place)]);
            add(
                template::GAZETTEER_CASE,
                &[
                    slot as u64,
                    u64::from(place),
                    u64::from(me.case & (case::TITLE | case::ALL_CAPS | case::LOWER)),
                ],
            );
        }
    }
    add(template::GAZETTEER_ALL, &[gazetteer_bits(&places)]);
    let prev_places = if idx > 0 {
        gazetteer_bits(&scratch.gazetteer_places[idx - 1])
    } else {
        EDGE_BEFORE
    };
    let next_places = if idx + 1 < n {
        gazetteer_bits(&scratch.gazetteer_places[idx + 1])
    } else {
        EDGE_AFTER
    };
    add(template::GAZETTEER_PREV, &[prev_places]);
    add(template::GAZETTEER_NEXT, &[next_places]);
    // The run of capitalized words around this one, as a whole: its head
    // word (`... Corporation`, `... University`) and the words around it
    // (`the ... said`, `at ...`) speak for every word inside, however long
    // the name; single-word windows miss them past two words.
    if me.is(case::INITIAL_CAP) {
        let in_run = |f: &TokenFacts| f.is(case::INITIAL_CAP);
        let start = facts[..idx]
            .iter()
            .rposition(|f| !in_run(f))
            .map_or(0, |p| p + 1);
        let end = facts[idx..]
            .iter()
            .position(|f| !in_run(f))
            .map_or(n, |p| idx + p);
        let place = if end - start == 1 {
            4
        } else if idx == start {
            1
        } else if idx + 1 == end {
            3
        } else {
            2
        };
        add(template::RUN_LAST, &[place, facts[end - 1].folded]);
        add(
            template::RUN_BEFORE,
            &[place, folded_at(start as isize - 1)],
        );
        add(template::RUN_AFTER, &[place, folded_at(end as isize)]);
    }
}

/// The key of the transition feature from `previous` (scored per class).
pub(crate) fn transition_key(previous: usize) -> u64 {
    feature_key(template::PREV_CLASS, &[previous as u64])
}

/// Something that scores a feature set for every class, and may learn from
/// a gold sequence after decoding a training sentence.
pub(crate) trait Scorer {
    fn scores(&self, keys: &[u64], scores: &mut [f32; N_CLASSES]);

    /// Called once per training sentence with the gold classes, after the
    /// guess is in `scratch.classes`; inference never calls it.
    fn learn(&mut self, _gold: &[usize], _scratch: &Scratch) {}
}

impl Scorer for &LinearModel {
    fn scores(&self, keys: &[u64], scores: &mut [f32; N_CLASSES]) {
        let mut ints = [0i32; N_CLASSES];
        self.score(keys, &mut ints);
        for (score, int) in scores.iter_mut().zip(ints) {
            *score = int as f32;
        }
    }
}

/// Viterbi decoding over label bigrams under the BILOU constraints, into
/// `scratch.classes`. With `gold`, the scorer then learns from the sentence.
pub(crate) fn decode<S: Scorer>(scorer: &mut S, scratch: &mut Scratch, gold: Option<&[usize]>) {
    let n = scratch.facts.len();
    scratch.classes.clear();
    if n == 0 {
        return;
    }
    let mut transitions = [[0f32; N_CLASSES]; N_CLASSES];
    for (previous, row) in transitions.iter_mut().enumerate() {
        scorer.scores(&[transition_key(previous)], row);
    }
    let mut emissions = std::mem::take(&mut scratch.emissions);
    emissions.clear();
    for idx in 0..n {
        let mut scores = [0f32; N_CLASSES];
        scorer.scores(scratch.static_keys_of(idx), &mut scores);
        emissions.push(scores);
    }
    // best[idx][class]: the best score of a path ending in `class` at `idx`.
    let mut best = std::mem::take(&mut scratch.best);
    let mut back = std::mem::take(&mut scratch.back);
    best.clear();
    back.clear();
    best.resize(n, [f32::NEG_INFINITY; N_CLASSES]);
    back.resize(n, [OUTSIDE as u8; N_CLASSES]);
    let legal = legal_transitions();
    for class in 0..N_CLASSES {
        if allowed(OUTSIDE, class, n == 1) {
            best[0][class] = emissions[0][class] + transitions[OUTSIDE][class];
        }
    }
    for idx in 1..n {
        let legal = &legal[usize::from(idx + 1 == n)];
        for class in 0..N_CLASSES {
            let mut top = f32::NEG_INFINITY;
            let mut from = OUTSIDE;
            for previous in 0..N_CLASSES {
                let base = best[idx - 1][previous];
                if base == f32::NEG_INFINITY || !legal[previous][class] {
                    continue;
                }
                let score = base + transitions[previous][class];
                if score > top {
                    top = score;
                    from = previous;
                }
            }
            if top > f32::NEG_INFINITY {
                best[idx][class] = top + emissions[idx][class];
                back[idx][class] = from as u8;
            }
        }
    }
    let mut class = (0..N_CLASSES)
        .max_by(|&a, &b| best[n - 1][a].total_cmp(&best[n - 1][b]))
        .unwrap_or(OUTSIDE);
    scratch.classes.resize(n, OUTSIDE);
    for idx in (0..n).rev() {
        scratch.classes[idx] = class;
        class = back[idx][class] as usize;
    }
    scratch.emissions = emissions;
    scratch.best = best;
    scratch.back = back;
    if let Some(gold) = gold {
        scorer.learn(gold, scratch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilou_round_trips() {
        let spans = [(0, 2, TYPE_PER), (3, 4, TYPE_LOC), (4, 7, TYPE_ORG)];
        let classes = encode_spans(8, &spans);
        let mut back = Vec::new();
        decode_spans(&classes, &mut back);
        assert_eq!(back, spans);
        assert!(allowed(OUTSIDE, class_of(TYPE_MISC, UNIT), true));
        assert!(!allowed(class_of(TYPE_PER, BEGIN), OUTSIDE, false));
        assert!(!allowed(OUTSIDE, class_of(TYPE_PER, BEGIN), true));
    }
}
