//! The tagger's run-time layout of its weights: sparse rows.
//!
//! Most feature rows of a perceptron tagger are rare features that were
//! updated for a handful of classes only, so a dense row of one weight per
//! class is mostly zeros. Keeping only the non-zero (class, weight) pairs
//! makes the whole table a few megabytes instead of tens, so that it stays
//! in cache, and a probe reads one slot and one short run of entries.

use crate::linear::LinearModel;

/// One hash slot, eight bytes so that the table stays small: the key's
/// high half as a fingerprint (0 = empty; the low half picks the home slot,
/// so two keys sharing both halves are the same key) and where its row is.
#[derive(Clone, Copy, Default)]
struct Slot {
    fingerprint: u32,
    start: u32,
}

fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32).max(1)
}

/// A feature → sparse weight row table, built from a trained [`LinearModel`].
pub(super) struct SparseScorer {
    slots: Vec<Slot>,
    /// Rows one after another, each a header `(length, 0)` followed by its
    /// non-zero `(class, weight)` pairs.
    entries: Vec<(u16, i16)>,
    n_rows: usize,
}

impl SparseScorer {
    pub(super) fn new(model: &LinearModel) -> SparseScorer {
        let n_rows = model.n_rows();
        let capacity = (n_rows * 2).next_power_of_two().max(16);
        let mask = capacity - 1;
        let mut slots = vec![Slot::default(); capacity];
        let mut entries = Vec::new();
        for (key, row) in model.rows() {
            let start = entries.len();
            entries.push((0, 0));
            entries.extend(
                row.iter()
                    .enumerate()
                    .filter(|&(_, &weight)| weight != 0)
                    .map(|(class, &weight)| (class as u16, weight)),
            );
            entries[start].0 = (entries.len() - start - 1) as u16;
            let mut slot = crate::linear::home_slot(key, mask);
            while slots[slot].fingerprint != 0 {
                slot = (slot + 1) & mask;
            }
            slots[slot] = Slot {
                fingerprint: fingerprint(key),
                start: start as u32,
            };
        }
        SparseScorer {
            slots,
            entries,
            n_rows,
        }
    }

    pub(super) fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// Adds the weights of `keys` into `scores` (one entry per class).
    ///
    /// Memory latency, not arithmetic, is the cost here, so the work is
    /// done in passes whose loads do not depend on each other: first read
    /// every key's home slot, then resolve the probes, then add the rows.
    /// The processor can then have many cache misses in flight at once.
    pub(super) fn score(&self, keys: &[u64], scores: &mut [i32]) {
        for chunk in keys.chunks(MAX_BATCH) {
            self.score_batch(chunk, scores);
        }
    }

    fn score_batch(&self, keys: &[u64], scores: &mut [i32]) {
        let mask = self.slots.len() - 1;
        let mut home = [Slot::default(); MAX_BATCH];
        for (slot, &key) in home.iter_mut().zip(keys) {
            *slot = self.slots[crate::linear::home_slot(key, mask)];
        }
        let mut rows = [0u32; MAX_BATCH];
        let mut n_rows = 0;
        for (&key, first) in keys.iter().zip(&home) {
            let wanted = fingerprint(key);
            let mut slot = *first;
            let mut slot_idx = crate::linear::home_slot(key, mask);
            while slot.fingerprint != wanted && slot.fingerprint != 0 {
                slot_idx = (slot_idx + 1) & mask;
                slot = self.slots[slot_idx];
            }
            if slot.fingerprint == wanted {
                rows[n_rows] = slot.start;
                n_rows += 1;
            }
        }
        // Row lengths are read in a pass of their own: each is a likely
        // cache miss, and reading one just before looping over its row
        // would make every miss wait for the loop before it.
        let mut lengths = [0u16; MAX_BATCH];
        for (length, &start) in lengths.iter_mut().zip(&rows[..n_rows]) {
            *length = self.entries[start as usize].0;
        }
        for (&start, &len) in rows[..n_rows].iter().zip(&lengths) {
            let start = start as usize;
            let len = len as usize;
            for &(class, weight) in &self.entries[start + 1..start + 1 + len] {
                if let Some(score) = scores.get_mut(class as usize) {
                    *score += i32::from(weight);
                }
            }
        }
    }
}

/// How many keys are resolved together (the tagger uses about 35).
const MAX_BATCH: usize = 48;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linear::{Perceptron, feature_key};

    #[test]
    fn sparse_scores_equal_dense_scores() {
        let mut perceptron = Perceptron::new(5);
        let keys: Vec<u64> = (0..40).map(|i| feature_key(i, &[])).collect();
        for step in 0..200usize {
            let chunk = &keys[step % 30..step % 30 + 5];
            perceptron.update(chunk, step % 5, (step / 5) % 5, 1.0);
            perceptron.tick();
        }
        let dense = perceptron.finish(0.0);
        let sparse = SparseScorer::new(&dense);
        let mut expected = [0i32; 5];
        let mut actual = [0i32; 5];
        dense.score(&keys, &mut expected);
        sparse.score(&keys, &mut actual);
        assert_eq!(expected, actual);
        assert_eq!(sparse.n_rows(), dense.n_rows());
    }
}
