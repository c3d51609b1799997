//! Syndication groups: copies and light rewrites of one text.
//!
//! Documents arrive one at a time. Each is compared with the earlier ones
//! that share at least one LSH band of its [`Signature`] (42 bands of 3
//! values: a pair with Jaccard 0.4 shares a band with probability 0.94, a
//! pair with 0.5 with probability 0.996, a pair of unrelated stories, around
//! 0.02, with probability 0.0003),
//! and joins the group of the most similar one that passes the
//! [`SyndicationConfig`] test; else it starts a group of its own. A group is
//! named by the key of its first-stored member and never changes: a
//! document joins one group and groups are not merged, so ids written to the
//! store stay true as the corpus grows.

use std::collections::HashMap;

use crate::minhash::{N_HASHES, Signature};

/// Values per LSH band.
const BAND_ROWS: usize = 3;
const N_BANDS: usize = N_HASHES / BAND_ROWS;

/// When two texts count as one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SyndicationConfig {
    /// Estimated Jaccard similarity of shingle sets at or above which two
    /// texts are copies.
    pub min_jaccard: f64,
    /// Estimated containment (share of the shorter text's shingles found in
    /// the longer) at or above which two texts are copies: a wire story cut
    /// to its first paragraphs, or with local paragraphs added.
    pub min_containment: f64,
    /// The shorter text needs this many distinct shingles before containment
    /// alone may join it: a two-line brief is contained in many stories.
    pub min_shingles_for_containment: u32,
}

impl Default for SyndicationConfig {
    /// The thresholds measured on edited copies of the FNC-1 bodies
    /// (`sift eval syndication`; the choice is explained in BENCHMARKS.md).
    fn default() -> SyndicationConfig {
        SyndicationConfig {
            min_jaccard: 0.4,
            min_containment: 0.6,
            min_shingles_for_containment: 40,
        }
    }
}

impl SyndicationConfig {
    /// Whether two signatures are copies of one text, and how similar they
    /// are (the larger of the Jaccard and containment estimates that
    /// passed), or `None`.
    pub fn similarity(&self, a: &Signature, b: &Signature) -> Option<f64> {
        let jaccard = a.jaccard(b);
        let mut best = None;
        if jaccard >= self.min_jaccard {
            best = Some(jaccard);
        }
        if a.n_shingles().min(b.n_shingles()) >= self.min_shingles_for_containment {
            let containment = a.containment(b);
            if containment >= self.min_containment {
                best = Some(best.map_or(containment, |j: f64| j.max(containment)));
            }
        }
        best
    }
}

/// Where a new document went.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Assignment {
    /// The key of its group (its own key when it starts one).
    pub group: i64,
    /// The most similar earlier document, when it copies one.
    pub copy_of: Option<i64>,
    /// The similarity to `copy_of`.
    pub similarity: Option<f64>,
}

struct Member {
    key: i64,
    group: i64,
    signature: Signature,
}

/// The documents seen so far, indexed by LSH band.
pub struct SyndicationIndex {
    config: SyndicationConfig,
    members: Vec<Member>,
    /// (band number, band hash) → member positions.
    buckets: HashMap<(u8, u64), Vec<u32>>,
}

impl SyndicationIndex {
    /// An empty index.
    pub fn new(config: SyndicationConfig) -> SyndicationIndex {
        SyndicationIndex {
            config,
            members: Vec::new(),
            buckets: HashMap::new(),
        }
    }

    /// Documents in the index.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Puts back a stored document with the group it was given, when an
    /// ingest resumes.
    pub fn restore(&mut self, key: i64, group: i64, signature: Signature) {
        self.insert(key, group, signature);
    }

    /// Finds the group of a new document and adds it to the index.
    pub fn assign(&mut self, key: i64, signature: Signature) -> Assignment {
        let mut best: Option<(f64, usize)> = None;
        let mut seen: Vec<u32> = Vec::new();
        for band in 0..N_BANDS {
            let Some(bucket) = self.buckets.get(&(band as u8, band_hash(&signature, band))) else {
                continue;
            };
            for &position in bucket {
                if seen.contains(&position) {
                    continue;
                }
                seen.push(position);
                let member = &self.members[position as usize];
                if let Some(similarity) = self.config.similarity(&signature, &member.signature) {
                    // Ties go to the earlier member: the older text is the
                    // likelier origin.
                    if best.is_none_or(|(top, _)| similarity > top) {
                        best = Some((similarity, position as usize));
                    }
                }
            }
        }
        let assignment = match best {
            Some((similarity, position)) => Assignment {
                group: self.members[position].group,
                copy_of: Some(self.members[position].key),
                similarity: Some(similarity),
            },
            None => Assignment {
                group: key,
                copy_of: None,
                similarity: None,
            },
        };
        self.insert(key, assignment.group, signature);
        assignment
    }

    fn insert(&mut self, key: i64, group: i64, signature: Signature) {
        let position = self.members.len() as u32;
        if signature.n_shingles() > 0 {
            for band in 0..N_BANDS {
                self.buckets
                    .entry((band as u8, band_hash(&signature, band)))
                    .or_default()
                    .push(position);
            }
        }
        self.members.push(Member {
            key,
            group,
            signature,
        });
    }
}

fn band_hash(signature: &Signature, band: usize) -> u64 {
    let rows = &signature.values()[band * BAND_ROWS..(band + 1) * BAND_ROWS];
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    for &value in rows {
        hash = (hash ^ u64::from(value)).wrapping_mul(0x0000_0100_0000_01B3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "Russian warplanes bombed a United Nations aid convoy near Aleppo on \
        Tuesday. At least 12 aid workers were killed, the United Nations said. The convoy of 31 \
        trucks was carrying food and medicine to the besieged eastern districts of the city when \
        it was hit, according to a UN spokesman. Syrian Red Crescent volunteers said the strikes \
        continued for nearly two hours. The United Nations suspended all aid deliveries in the \
        region. The attack came a week after a ceasefire brokered by the United States and \
        Russia took effect.";

    #[test]
    fn copies_join_the_first_members_group_and_others_start_their_own() {
        let mut index = SyndicationIndex::new(SyndicationConfig::default());
        let first = index.assign(10, Signature::of_text(WIRE));
        assert_eq!(first.group, 10);
        assert_eq!(first.copy_of, None);

        let with_dateline = format!("ALEPPO, Syria (Global Wire) - {WIRE}");
        let copy = index.assign(11, Signature::of_text(&with_dateline));
        assert_eq!((copy.group, copy.copy_of), (10, Some(10)));

        let trimmed = &WIRE[..WIRE.find(" The United Nations suspended").unwrap()];
        assert_eq!(index.assign(12, Signature::of_text(trimmed)).group, 10);

        let other = "Brazil signed a trade agreement with Argentina in Buenos Aires on \
            Wednesday, cutting tariffs on cars and steel.";
        assert_eq!(index.assign(13, Signature::of_text(other)).group, 13);
        assert_eq!(index.assign(14, Signature::of_text("")).group, 14);
        assert_eq!(index.len(), 5);
    }

    #[test]
    fn restored_members_keep_their_groups() {
        let mut index = SyndicationIndex::new(SyndicationConfig::default());
        index.restore(3, 1, Signature::of_text(WIRE));
        let copy = index.assign(4, Signature::of_text(&WIRE.to_uppercase()));
        assert_eq!((copy.group, copy.copy_of), (1, Some(3)));
    }
}
