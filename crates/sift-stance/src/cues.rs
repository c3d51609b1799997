//! Word lists that signal how a text treats a claim: refuting it, hedging
//! it, backing it, or negating. Written for sift; entries are lower-case
//! lemmas (or words that have no other form), and a multiword cue matches
//! a run of tokens whose forms or lemmas equal its words in order.

use std::collections::HashMap;
use std::sync::OnceLock;

/// What a cue says about the claim it touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CueKind {
    /// Calls the claim false.
    Refute,
    /// Reports or qualifies the claim without vouching for it.
    Hedge,
    /// Vouches for the claim.
    Support,
    /// Grammatical negation.
    Negation,
    /// A question mark: the text asks rather than tells.
    Question,
}

/// How many [`CueKind`]s there are.
pub(crate) const N_CUE_KINDS: usize = 5;

impl CueKind {
    pub(crate) fn id(self) -> usize {
        self as usize
    }
}

/// Every cue with its kind, in a fixed order: a cue's position here is its
/// feature slot, so appending is safe and reordering needs retraining.
pub(crate) const CUES: &[(&str, CueKind)] = &[
    ("fake", CueKind::Refute),
    ("hoax", CueKind::Refute),
    ("false", CueKind::Refute),
    ("falsely", CueKind::Refute),
    ("untrue", CueKind::Refute),
    ("debunk", CueKind::Refute),
    ("deny", CueKind::Refute),
    ("denial", CueKind::Refute),
    ("refute", CueKind::Refute),
    ("fabricate", CueKind::Refute),
    ("fabrication", CueKind::Refute),
    ("bogus", CueKind::Refute),
    ("baseless", CueKind::Refute),
    ("unfounded", CueKind::Refute),
    ("myth", CueKind::Refute),
    ("prank", CueKind::Refute),
    ("satire", CueKind::Refute),
    ("satirical", CueKind::Refute),
    ("parody", CueKind::Refute),
    ("spoof", CueKind::Refute),
    ("scam", CueKind::Refute),
    ("doctor", CueKind::Refute),
    ("photoshop", CueKind::Refute),
    ("misleading", CueKind::Refute),
    ("retract", CueKind::Refute),
    ("dismiss", CueKind::Refute),
    ("reject", CueKind::Refute),
    ("not true", CueKind::Refute),
    ("no evidence", CueKind::Refute),
    ("not real", CueKind::Refute),
    ("never happen", CueKind::Refute),
    ("turn out", CueKind::Refute),
    ("reportedly", CueKind::Hedge),
    ("allegedly", CueKind::Hedge),
    ("allege", CueKind::Hedge),
    ("alleged", CueKind::Hedge),
    ("claim", CueKind::Hedge),
    ("rumor", CueKind::Hedge),
    ("rumour", CueKind::Hedge),
    ("unconfirmed", CueKind::Hedge),
    ("unverified", CueKind::Hedge),
    ("apparently", CueKind::Hedge),
    ("purportedly", CueKind::Hedge),
    ("purport", CueKind::Hedge),
    ("supposedly", CueKind::Hedge),
    ("possibly", CueKind::Hedge),
    ("perhaps", CueKind::Hedge),
    ("may", CueKind::Hedge),
    ("might", CueKind::Hedge),
    ("could", CueKind::Hedge),
    ("appear", CueKind::Hedge),
    ("seem", CueKind::Hedge),
    ("suggest", CueKind::Hedge),
    ("speculate", CueKind::Hedge),
    ("speculation", CueKind::Hedge),
    ("believe", CueKind::Hedge),
    ("likely", CueKind::Hedge),
    ("unclear", CueKind::Hedge),
    ("according to", CueKind::Hedge),
    ("report", CueKind::Hedge),
    ("say", CueKind::Hedge),
    ("if true", CueKind::Hedge),
    ("unknown", CueKind::Hedge),
    ("confirm", CueKind::Support),
    ("confirmation", CueKind::Support),
    ("officially", CueKind::Support),
    ("announce", CueKind::Support),
    ("verify", CueKind::Support),
    ("prove", CueKind::Support),
    ("indeed", CueKind::Support),
    ("reveal", CueKind::Support),
    ("admit", CueKind::Support),
    ("acknowledge", CueKind::Support),
    ("genuine", CueKind::Support),
    ("authentic", CueKind::Support),
    ("in fact", CueKind::Support),
    ("not", CueKind::Negation),
    ("no", CueKind::Negation),
    ("never", CueKind::Negation),
    ("none", CueKind::Negation),
    ("nobody", CueKind::Negation),
    ("nothing", CueKind::Negation),
    ("neither", CueKind::Negation),
    ("nor", CueKind::Negation),
    ("without", CueKind::Negation),
];

/// The cues grouped by the hash of their first word, so that matching costs
/// one map probe per token key.
pub(crate) struct CueIndex {
    by_first_word: HashMap<u64, Vec<(usize, Vec<u64>)>>,
}

impl CueIndex {
    pub(crate) fn get() -> &'static CueIndex {
        static INDEX: OnceLock<CueIndex> = OnceLock::new();
        INDEX.get_or_init(|| {
            let mut by_first_word: HashMap<u64, Vec<(usize, Vec<u64>)>> = HashMap::new();
            for (idx, (cue, _)) in CUES.iter().enumerate() {
                let words: Vec<u64> = cue.split(' ').map(crate::passage::hash_word).collect();
                by_first_word
                    .entry(words[0])
                    .or_default()
                    .push((idx, words));
            }
            CueIndex { by_first_word }
        })
    }

    /// Calls `found(cue_idx)` for every cue that starts at token `start`.
    /// `keys[i]` holds the hashes of token `i`'s lower-cased form and lemma.
    pub(crate) fn match_at(&self, keys: &[[u64; 2]], start: usize, mut found: impl FnMut(usize)) {
        let first = keys[start];
        let seen_first = |key: u64, found: &mut dyn FnMut(usize)| {
            let Some(candidates) = self.by_first_word.get(&key) else {
                return;
            };
            for (idx, words) in candidates {
                let fits = words.len() <= keys.len() - start
                    && words[1..]
                        .iter()
                        .zip(&keys[start + 1..])
                        .all(|(word, token)| token.contains(word));
                if fits {
                    found(*idx);
                }
            }
        };
        seen_first(first[0], &mut found);
        if first[1] != first[0] {
            seen_first(first[1], &mut found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_cue_is_listed_twice() {
        let mut seen = std::collections::HashSet::new();
        for (cue, _) in CUES {
            assert!(seen.insert(*cue), "{cue} is listed twice");
        }
    }
}
