//! Name lists matched over token sequences: countries, demonyms, regions,
//! cities and the Phoenix actor dictionaries.
//!
//! A phrase is stored as its folded tokens joined by single spaces. At load
//! time every prefix of every phrase becomes a node of a token trie, keyed by
//! the chained hash of its token hashes, so matching a sentence is one table
//! probe per token step and allocates nothing but the output.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::text::{PHRASE_SEED, extend_phrase, folded_hash};
use crate::linear::ModelError;

/// What a gazetteer says a phrase names, as bits.
pub(crate) mod kind {
    /// A person.
    pub const PER: u8 = 1;
    /// An organization or armed group.
    pub const ORG: u8 = 2;
    /// A country, region or city.
    pub const LOC: u8 = 4;
    /// A nationality, religious or political group.
    pub const NORP: u8 = 8;
    /// Every kind, in bit order, for feature templates.
    pub const ALL: [u8; 4] = [PER, ORG, LOC, NORP];
}

/// Longer phrases are never matched: the actor dictionaries hold a few very
/// long titles that news does not repeat verbatim.
pub(crate) const MAX_PHRASE_TOKENS: usize = 8;

/// One match: tokens `start..end` of the sentence, of the kinds in `kinds`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct GazetteerMatch {
    pub start: u32,
    pub end: u32,
    pub kinds: u8,
}

#[derive(Clone, Copy, Default)]
struct Node {
    /// Kinds of the phrase ending here (0 when this is only a prefix).
    kinds: u8,
    /// True when some longer phrase starts with this one.
    continues: bool,
}

/// Keys are already well-mixed hashes: hashing them again would only cost time.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8) | u64::from(byte);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

pub(crate) struct Gazetteer {
    nodes: HashMap<u64, Node, BuildHasherDefault<PassThrough>>,
    n_phrases: usize,
}

impl Gazetteer {
    /// Serializes `(kinds, folded phrase)` entries as the text block that
    /// [`Gazetteer::parse`] reads: one `kinds<TAB>phrase` per line.
    pub(crate) fn write_entries(entries: &[(u8, String)], out: &mut Vec<u8>) {
        for (kinds, phrase) in entries {
            out.extend_from_slice(kinds.to_string().as_bytes());
            out.push(b'\t');
            out.extend_from_slice(phrase.as_bytes());
            out.push(b'\n');
        }
    }

    pub(crate) fn parse(text: &str) -> Result<Gazetteer, ModelError> {
        let mut nodes: HashMap<u64, Node, BuildHasherDefault<PassThrough>> = HashMap::default();
        nodes.reserve(text.len() / 12);
        let mut n_phrases = 0;
        for line in text.lines() {
            let (kinds, phrase) = line
                .split_once('\t')
                .ok_or(ModelError::Corrupt("gazetteer line without a tab"))?;
            let kinds: u8 = kinds
                .parse()
                .map_err(|_| ModelError::Corrupt("gazetteer kinds"))?;
            let mut hash = PHRASE_SEED;
            let mut tokens = phrase.split(' ').peekable();
            while let Some(token) = tokens.next() {
                hash = extend_phrase(hash, folded_hash(token));
                let node = nodes.entry(hash).or_default();
                if tokens.peek().is_some() {
                    node.continues = true;
                } else {
                    node.kinds |= kinds;
                }
            }
            n_phrases += 1;
        }
        Ok(Gazetteer { nodes, n_phrases })
    }

    pub(crate) fn n_phrases(&self) -> usize {
        self.n_phrases
    }

    /// Every phrase occurrence in a sentence, given its tokens' folded hashes.
    pub(crate) fn find(&self, folded: &[u64], out: &mut Vec<GazetteerMatch>) {
        out.clear();
        for start in 0..folded.len() {
            let mut hash = PHRASE_SEED;
            for (end, &token) in folded
                .iter()
                .enumerate()
                .skip(start)
                .take(MAX_PHRASE_TOKENS)
            {
                hash = extend_phrase(hash, token);
                let Some(node) = self.nodes.get(&hash) else {
                    break;
                };
                if node.kinds != 0 {
                    out.push(GazetteerMatch {
                        start: start as u32,
                        end: end as u32 + 1,
                        kinds: node.kinds,
                    });
                }
                if !node.continues {
                    break;
                }
            }
        }
    }
}

/// A small value per known word, keyed by its folded hash (0 = unknown
/// word): here, a case profile.
///
/// The case profile says how a word is usually written in running text: the
/// share of its mid-sentence occurrences that are capitalized (four bands)
/// crossed with how often it was seen (three bands). This lets the model
/// know that `mexico` names a place even when a forum post writes it in
/// lower case, and that a capitalized `Nice` at a sentence start may be an
/// ordinary word.
pub(crate) struct WordTable {
    buckets: HashMap<u64, u8, BuildHasherDefault<PassThrough>>,
}

impl WordTable {
    /// The case-profile bucket for a capitalized share and a count; 0 is
    /// "unknown".
    pub(crate) fn case_bucket(n_capitalized: u32, n_total: u32) -> u8 {
        if n_total < 2 {
            return 0;
        }
        let share = f64::from(n_capitalized) / f64::from(n_total);
        let share_band = if share < 0.05 {
            0
        } else if share < 0.5 {
            1
        } else if share < 0.95 {
            2
        } else {
            3
        };
        let count_band = if n_total < 5 {
            0
        } else if n_total < 50 {
            1
        } else {
            2
        };
        1 + share_band * 3 + count_band
    }

    /// Appends `(folded word hash, value)` entries.
    pub(crate) fn write(entries: &[(u64, u8)], out: &mut Vec<u8>) {
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for (key, _) in entries {
            out.extend_from_slice(&key.to_le_bytes());
        }
        out.extend(entries.iter().map(|(_, bucket)| *bucket));
    }

    pub(crate) fn read(input: &mut &[u8]) -> Result<WordTable, ModelError> {
        let n = crate::linear::read_u32(input)? as usize;
        let keys = crate::linear::take(
            input,
            n.checked_mul(8)
                .ok_or(ModelError::Corrupt("word table size"))?,
        )?;
        let buckets = crate::linear::take(input, n)?;
        let mut table: HashMap<u64, u8, BuildHasherDefault<PassThrough>> = HashMap::default();
        table.reserve(n);
        for (key, &bucket) in keys.chunks_exact(8).zip(buckets) {
            table.insert(u64::from_le_bytes(key.try_into().expect("8 bytes")), bucket);
        }
        Ok(WordTable { buckets: table })
    }

    pub(crate) fn get(&self, folded: u64) -> u8 {
        self.buckets.get(&folded).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_and_overlapping_phrases() {
        let mut block = Vec::new();
        Gazetteer::write_entries(
            &[
                (kind::LOC, "new york".to_string()),
                (kind::LOC, "york".to_string()),
                (kind::ORG, "new york times".to_string()),
            ],
            &mut block,
        );
        let gazetteer = Gazetteer::parse(std::str::from_utf8(&block).unwrap()).unwrap();
        let words = ["The", "New", "York", "Times", "said"];
        let folded: Vec<u64> = words.iter().map(|w| folded_hash(w)).collect();
        let mut found = Vec::new();
        gazetteer.find(&folded, &mut found);
        let spans: Vec<_> = found.iter().map(|m| (m.start, m.end, m.kinds)).collect();
        assert_eq!(
            spans,
            [(1, 3, kind::LOC), (1, 4, kind::ORG), (2, 3, kind::LOC)]
        );
    }
}
