//! Feature templates in the style of Zhang and Nivre (2011), adapted to
//! arc-hybrid: stack words s0–s2, buffer words b0–b2, the leftmost and
//! rightmost children of s0 and s1, the left children of b0 (the only ones it
//! can have), their labels, distances, valencies and label sets.
//!
//! A feature is one 64-bit key, made with a single mixing step from the
//! template number, the word hashes it names and its small values (tags,
//! labels, distances) packed into one integer. Nothing is allocated: keys
//! are written into fixed arrays.

use super::state::{NO_LABEL, NONE, State};

/// Per-word attributes of one sentence, with the root at index `n` and an
/// always-empty padding word at `n + 1` that [`NONE`] positions read.
#[derive(Default)]
pub(crate) struct Words {
    pub(crate) word: Vec<u64>,
    /// The last three characters of the normalized form: a stand-in for the
    /// tag when the tagger is wrong (`-ing`, `-ed`, `-ly`).
    pub(crate) suffix: Vec<u64>,
    pub(crate) xpos: Vec<u8>,
    pub(crate) upos: Vec<u8>,
}

const ROOT_WORD: u64 = 0x5EED_0000_0000_0001;
const NO_WORD: u64 = 0x5EED_0000_0000_0002;
const ROOT_TAG: u8 = 100;
const NO_TAG: u8 = 101;

impl Words {
    /// Clears the sentence, keeping the buffers.
    pub(crate) fn clear(&mut self) {
        self.word.clear();
        self.suffix.clear();
        self.xpos.clear();
        self.upos.clear();
    }

    /// Appends one word: its form and its tag ids.
    pub(crate) fn push(&mut self, form: &str, xpos: u8, upos: u8) {
        let (word, suffix) = word_hashes(form);
        self.word.push(word);
        self.suffix.push(suffix);
        self.xpos.push(xpos);
        self.upos.push(upos);
    }

    /// Appends the root and the padding word: call after the last `push`.
    pub(crate) fn finish(&mut self) {
        self.word.extend([ROOT_WORD, NO_WORD]);
        self.suffix.extend([ROOT_WORD, NO_WORD]);
        self.xpos.extend([ROOT_TAG, NO_TAG]);
        self.upos.extend([ROOT_TAG, NO_TAG]);
    }

    /// Number of real words.
    pub(crate) fn len(&self) -> usize {
        self.word.len().saturating_sub(2)
    }
}

/// The hashes of a word's form and of its last three characters, both
/// lower-cased and with digits folded to `0`, so that `1,200` and `3,500`
/// share their features. No allocation: the form is normalized into a stack
/// buffer (long forms, mostly URLs, are cut).
pub(crate) fn word_hashes(form: &str) -> (u64, u64) {
    let mut buffer = [0u8; 48];
    let mut len = 0;
    // Byte offsets of the starts of the last three characters written.
    let mut starts = [0usize; 3];
    'chars: for ch in form.chars() {
        let folded = if ch.is_ascii_digit() { '0' } else { ch };
        for lower in folded.to_lowercase() {
            let width = lower.len_utf8();
            if len + width > buffer.len() {
                break 'chars;
            }
            starts = [starts[1], starts[2], len];
            lower.encode_utf8(&mut buffer[len..]);
            len += width;
        }
    }
    let text = std::str::from_utf8(&buffer[..len]).unwrap_or("");
    let suffix = text.get(starts[0]..).unwrap_or("");
    (
        crate::linear::hash_str(text),
        crate::linear::hash_str(suffix).rotate_left(13),
    )
}

/// SplitMix64's finalizer.
#[inline]
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// One feature key: never 0, the empty-slot marker of the weight tables.
#[inline]
fn key(template: u64, words: u64, small: u64) -> u64 {
    mix(template.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ words
        ^ small.wrapping_mul(0xD6E8_FEB8_6659_FD93))
        | 1
}

#[inline]
fn pair(a: u64, b: u64) -> u64 {
    a ^ b.rotate_left(23)
}

#[inline]
fn pack(values: &[u8]) -> u64 {
    values
        .iter()
        .fold(0u64, |packed, &value| (packed << 8) | u64::from(value))
}

fn distance_bucket(a: u32, b: u32) -> u8 {
    if a == NONE || b == NONE {
        return 0;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => d as u8,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

/// Writes keys into a fixed array, counting them.
struct Sink<'a, const N: usize> {
    out: &'a mut [u64; N],
    len: usize,
}

impl<const N: usize> Sink<'_, N> {
    #[inline]
    fn add(&mut self, template: u64, words: u64, small: u64) {
        self.out[self.len] = key(template, words, small);
        self.len += 1;
    }
}

/// Number of keys [`transition_features`] writes.
pub(crate) const N_TRANSITION_FEATURES: usize = 101;

/// The lookups both feature sets use, by word index: its slot in `words`,
/// form, XPOS, UPOS and label. [`NONE`] (an empty stack or buffer position)
/// reads the padding word and no label.
#[allow(clippy::type_complexity)]
fn lookups<'a>(
    state: &'a State,
    words: &'a Words,
) -> (
    impl Fn(u32) -> usize + Copy + 'a,
    impl Fn(u32) -> u64 + 'a,
    impl Fn(u32) -> u8 + 'a,
    impl Fn(u32) -> u8 + 'a,
    impl Fn(u32) -> u8 + 'a,
) {
    let pad = words.word.len() - 1;
    let ix = move |word: u32| if word == NONE { pad } else { word as usize };
    (
        ix,
        move |word| words.word[ix(word)],
        move |word| words.xpos[ix(word)],
        move |word| words.upos[ix(word)],
        move |word| {
            if word == NONE {
                NO_LABEL
            } else {
                state.labels[word as usize]
            }
        },
    )
}

/// The features that score the next transition.
pub(crate) fn transition_features(
    state: &State,
    words: &Words,
    out: &mut [u64; N_TRANSITION_FEATURES],
) {
    let (ix, w, p, u, l) = lookups(state, words);

    let s0 = state.stack(0);
    let s1 = state.stack(1);
    let s2 = state.stack(2);
    let b0 = state.buffer(0);
    let b1 = state.buffer(1);
    let b2 = state.buffer(2);
    let s0l1 = state.left_1[ix(s0)];
    let s0l2 = state.left_2[ix(s0)];
    let s0r1 = state.right_1[ix(s0)];
    let s0r2 = state.right_2[ix(s0)];
    let s1l1 = state.left_1[ix(s1)];
    let s1r1 = state.right_1[ix(s1)];
    let s1r2 = state.right_2[ix(s1)];
    let b0l1 = state.left_1[ix(b0)];
    let b0l2 = state.left_2[ix(b0)];

    let (s0w, s0p, s1w, s1p, b0w, b0p) = (w(s0), p(s0), w(s1), p(s1), w(b0), p(b0));
    let (b1w, b1p, b2p, s2p) = (w(b1), p(b1), p(b2), p(s2));
    let d_s0_b0 = distance_bucket(s0, b0);
    let d_s1_s0 = distance_bucket(s1, s0);
    let s0_left_valency = state.n_left[ix(s0)].min(7);
    let s0_right_valency = state.n_right[ix(s0)].min(7);
    let s1_left_valency = state.n_left[ix(s1)].min(7);
    let s1_right_valency = state.n_right[ix(s1)].min(7);
    let b0_left_valency = state.n_left[ix(b0)].min(7);
    // The word just before b0 and just after s0 in the sentence: arc-hybrid
    // decisions often hinge on the material between s0 and b0.
    let before_b0 = if b0 != NONE && b0 > 0 { b0 - 1 } else { NONE };
    let after_s0 = if s0 != NONE && s0 + 1 < b0 {
        s0 + 1
    } else {
        NONE
    };

    let mut sink = Sink { out, len: 0 };
    let f = &mut sink;
    // Single words.
    f.add(1, s0w, 0);
    f.add(2, 0, pack(&[s0p]));
    f.add(3, s0w, pack(&[s0p]));
    f.add(4, s1w, 0);
    f.add(5, 0, pack(&[s1p]));
    f.add(6, s1w, pack(&[s1p]));
    f.add(7, b0w, 0);
    f.add(8, 0, pack(&[b0p]));
    f.add(9, b0w, pack(&[b0p]));
    f.add(10, b1w, 0);
    f.add(11, 0, pack(&[b1p]));
    f.add(12, b1w, pack(&[b1p]));
    f.add(13, w(b2), 0);
    f.add(14, 0, pack(&[b2p]));
    f.add(15, 0, pack(&[s2p]));
    f.add(16, w(s2), 0);
    // Pairs.
    f.add(20, pair(s0w, b0w), pack(&[s0p, b0p]));
    f.add(21, pair(s0w, b0w), pack(&[s0p]));
    f.add(22, pair(s0w, b0w), pack(&[b0p]));
    f.add(23, s0w, pack(&[s0p, b0p]));
    f.add(24, b0w, pack(&[s0p, b0p]));
    f.add(25, pair(s0w, b0w), 0);
    f.add(26, 0, pack(&[s0p, b0p]));
    f.add(27, 0, pack(&[b0p, b1p]));
    f.add(28, pair(s1w, s0w), pack(&[s1p, s0p]));
    f.add(29, pair(s1w, s0w), 0);
    f.add(30, 0, pack(&[s1p, s0p]));
    f.add(31, s1w, pack(&[s1p, s0p]));
    f.add(32, s0w, pack(&[s1p, s0p]));
    f.add(33, b0w, pack(&[b0p, b1p]));
    f.add(34, pair(b0w, b1w), 0);
    f.add(35, s1w, pack(&[b0p]));
    f.add(36, b0w, pack(&[s1p]));
    // Tag triples.
    f.add(40, 0, pack(&[b0p, b1p, b2p]));
    f.add(41, 0, pack(&[s0p, b0p, b1p]));
    f.add(42, 0, pack(&[s1p, s0p, b0p]));
    f.add(43, 0, pack(&[s2p, s1p, s0p]));
    f.add(44, 0, pack(&[s0p, p(s0l1), b0p]));
    f.add(45, 0, pack(&[s0p, p(s0r1), b0p]));
    f.add(46, 0, pack(&[s0p, b0p, p(b0l1)]));
    f.add(47, 0, pack(&[s1p, s0p, p(s0l1)]));
    f.add(48, 0, pack(&[s1p, s0p, p(s0r1)]));
    f.add(49, 0, pack(&[s1p, p(s1r1), s0p]));
    f.add(50, 0, pack(&[s1p, p(s1l1), s0p]));
    f.add(51, 0, pack(&[s1p, s0p, b0p, b1p]));
    f.add(52, 0, pack(&[u(s1), u(s0), u(b0)]));
    f.add(53, 0, pack(&[s0p, p(after_s0), p(before_b0), b0p]));
    // Distances.
    f.add(60, s0w, pack(&[d_s0_b0]));
    f.add(61, 0, pack(&[s0p, d_s0_b0]));
    f.add(62, b0w, pack(&[d_s0_b0]));
    f.add(63, 0, pack(&[b0p, d_s0_b0]));
    f.add(64, pair(s0w, b0w), pack(&[d_s0_b0]));
    f.add(65, 0, pack(&[s0p, b0p, d_s0_b0]));
    f.add(66, 0, pack(&[s1p, s0p, d_s1_s0]));
    f.add(67, pair(s1w, s0w), pack(&[d_s1_s0]));
    // Valency.
    f.add(70, s0w, pack(&[s0_left_valency]));
    f.add(71, 0, pack(&[s0p, s0_left_valency]));
    f.add(72, s0w, pack(&[s0_right_valency]));
    f.add(73, 0, pack(&[s0p, s0_right_valency]));
    f.add(74, s1w, pack(&[s1_right_valency]));
    f.add(75, 0, pack(&[s1p, s1_right_valency]));
    f.add(76, 0, pack(&[s1p, s1_left_valency]));
    f.add(77, b0w, pack(&[b0_left_valency]));
    f.add(78, 0, pack(&[b0p, b0_left_valency]));
    // Children.
    f.add(80, w(s0l1), 0);
    f.add(81, 0, pack(&[p(s0l1), l(s0l1)]));
    f.add(82, w(s0r1), 0);
    f.add(83, 0, pack(&[p(s0r1), l(s0r1)]));
    f.add(84, w(s1r1), 0);
    f.add(85, 0, pack(&[p(s1r1), l(s1r1)]));
    f.add(86, 0, pack(&[p(s1l1), l(s1l1)]));
    f.add(87, w(b0l1), 0);
    f.add(88, 0, pack(&[p(b0l1), l(b0l1)]));
    f.add(89, w(s0l2), 0);
    f.add(90, 0, pack(&[p(s0l2), l(s0l2)]));
    f.add(91, 0, pack(&[p(s0r2), l(s0r2)]));
    f.add(92, 0, pack(&[p(b0l2), l(b0l2)]));
    f.add(93, 0, pack(&[s0p, l(s0l1), l(s0l2)]));
    f.add(94, 0, pack(&[s0p, l(s0r1), l(s0r2)]));
    f.add(95, 0, pack(&[b0p, l(b0l1), l(b0l2)]));
    f.add(96, 0, pack(&[s1p, l(s1r1), l(s1r2)]));
    f.add(97, s0w, pack(&[l(s0l1), l(s0r1)]));
    f.add(98, b0w, pack(&[l(b0l1)]));
    // Label sets.
    f.add(100, s0w ^ state.left_labels[ix(s0)], 0);
    f.add(101, state.left_labels[ix(s0)], pack(&[s0p]));
    f.add(102, s0w ^ state.right_labels[ix(s0)], 0);
    f.add(103, state.right_labels[ix(s0)], pack(&[s0p]));
    f.add(104, b0w ^ state.left_labels[ix(b0)], 0);
    f.add(105, state.left_labels[ix(b0)], pack(&[b0p]));
    f.add(106, state.right_labels[ix(s1)], pack(&[s1p]));
    f.add(107, state.left_labels[ix(s1)], pack(&[s1p]));
    // Suffixes and coarse tags, which hold up when the fine tag is wrong.
    let sf = |word: u32| words.suffix[ix(word)];
    f.add(120, sf(b0), pack(&[b0p]));
    f.add(121, sf(s0), pack(&[s0p]));
    f.add(122, sf(s1), pack(&[s1p]));
    f.add(123, pair(sf(s0), sf(b0)), 0);
    f.add(124, 0, pack(&[u(s0), u(b0)]));
    f.add(125, 0, pack(&[u(s1), u(s0)]));
    f.add(126, 0, pack(&[u(b0), u(b1)]));
    f.add(127, 0, pack(&[u(s0), u(b0), d_s0_b0]));
    // Bias and stack depth.
    f.add(110, 0, 0);
    f.add(111, 0, pack(&[state.stack_len().min(5) as u8, b0p]));
    debug_assert_eq!(sink.len, N_TRANSITION_FEATURES);
}

/// Number of keys [`label_features`] writes.
pub(crate) const N_LABEL_FEATURES: usize = 30;

/// The features that choose the label of the arc `head` → `dependent`,
/// read before the arc is added: the dependent's subtree is complete.
pub(crate) fn label_features(
    state: &State,
    words: &Words,
    head: u32,
    dependent: u32,
    out: &mut [u64; N_LABEL_FEATURES],
) {
    let (ix, w, p, u, l) = lookups(state, words);
    let (h, d) = (head, dependent);
    let direction: u8 = if d < h { 1 } else { 2 };
    let distance = distance_bucket(h, d);
    let (hw, hp, dw, dp) = (w(h), p(h), w(d), p(d));
    let dl1 = state.left_1[ix(d)];
    let dr1 = state.right_1[ix(d)];
    let hl1 = state.left_1[ix(h)];
    let hr1 = state.right_1[ix(h)];
    let d_prev = if d > 0 { d - 1 } else { NONE };
    let d_next = if (d as usize) < words.len() {
        d + 1
    } else {
        NONE
    };

    let mut sink = Sink { out, len: 0 };
    let f = &mut sink;
    f.add(1, hw, pack(&[direction]));
    f.add(2, 0, pack(&[direction, hp]));
    f.add(3, dw, pack(&[direction]));
    f.add(4, 0, pack(&[direction, dp]));
    f.add(5, 0, pack(&[direction, hp, dp]));
    f.add(6, hw, pack(&[direction, dp]));
    f.add(7, dw, pack(&[direction, hp]));
    f.add(8, pair(hw, dw), pack(&[direction]));
    f.add(9, 0, pack(&[direction, hp, dp, distance]));
    f.add(10, dw, pack(&[direction, dp]));
    f.add(11, hw, pack(&[direction, hp]));
    f.add(12, 0, pack(&[direction, dp, l(dl1), l(dr1)]));
    f.add(13, state.left_labels[ix(d)], pack(&[direction, dp]));
    f.add(14, state.right_labels[ix(d)], pack(&[direction, dp]));
    f.add(
        15,
        state.left_labels[ix(h)] ^ state.right_labels[ix(h)].rotate_left(7),
        pack(&[direction, hp]),
    );
    f.add(16, 0, pack(&[direction, dp, p(d_next)]));
    f.add(17, 0, pack(&[direction, p(d_prev), dp]));
    f.add(18, w(dl1), pack(&[direction, dp, hp]));
    f.add(19, 0, pack(&[direction, dp, p(dl1), hp]));
    f.add(20, 0, pack(&[direction, dp, p(dr1), hp]));
    f.add(21, 0, pack(&[direction, u(h), u(d), distance]));
    f.add(22, dw, pack(&[direction, hp, distance]));
    f.add(23, 0, pack(&[direction, hp, dp, l(hl1), l(hr1)]));
    f.add(24, w(dl1), pack(&[direction, dp]));
    f.add(25, w(dr1), pack(&[direction, dp]));
    f.add(
        26,
        0,
        pack(&[
            direction,
            hp,
            dp,
            state.n_left[ix(d)].min(3),
            state.n_right[ix(d)].min(3),
        ]),
    );
    f.add(27, w(state.right_2[ix(d)]), pack(&[direction, dp]));
    f.add(28, 0, pack(&[direction, hp, p(hl1), dp]));
    f.add(29, words.suffix[ix(d)], pack(&[direction, hp]));
    f.add(30, 0, pack(&[direction, u(h), u(d), l(dl1)]));
    debug_assert_eq!(sink.len, N_LABEL_FEATURES);
}
