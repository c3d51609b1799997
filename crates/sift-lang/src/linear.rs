//! The learning machinery shared by the tagger, the parser and the entity
//! recognizer: hashed features, an averaged perceptron for training, and a
//! pruned, quantized model for inference.
//!
//! Features are never stored as strings. A feature is a 64-bit key: a
//! template number mixed with the hashes of its values. The trained model
//! keeps one row of per-class weights for each key that survived pruning, in
//! an open-addressing table, so that scoring a feature is one probe and one
//! vector add.

use std::collections::HashMap;

/// Hashes a string for use in a feature key.
pub(crate) fn hash_str(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// A feature key from a template number and up to a few value hashes.
///
/// Key 0 marks an empty slot in [`LinearModel`]'s table, so it is never returned.
pub(crate) fn feature_key(template: u32, values: &[u64]) -> u64 {
    let mut key = mix(0x9E37_79B9_7F4A_7C15 ^ template as u64);
    for &value in values {
        key = mix(key ^ value);
    }
    key | 1
}

/// The first table slot to probe for `key` in a table of `mask + 1` slots.
///
/// Bit 0 of every key is set (0 marks an empty slot), so the slot comes from
/// the bits above it; taking bit 0 would leave every even slot unused as a
/// starting point and double the probe chains.
pub(crate) fn home_slot(key: u64, mask: usize) -> usize {
    ((key >> 1) as usize) & mask
}

/// SplitMix64's finalizer: cheap, and every input bit affects every output bit.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// An averaged perceptron over hashed features, for training only.
pub(crate) struct Perceptron {
    n_classes: usize,
    rows: HashMap<u64, u32>,
    weights: Vec<f32>,
    /// Running sums for averaging, brought up to date lazily.
    totals: Vec<f64>,
    /// The clock value at which each weight last changed.
    stamps: Vec<u32>,
    clock: u32,
}

impl Perceptron {
    pub(crate) fn new(n_classes: usize) -> Perceptron {
        Perceptron {
            n_classes,
            rows: HashMap::new(),
            weights: Vec::new(),
            totals: Vec::new(),
            stamps: Vec::new(),
            clock: 1,
        }
    }

    /// Adds the current (not averaged) weights of `keys` into `scores`.
    pub(crate) fn score(&self, keys: &[u64], scores: &mut [f32]) {
        debug_assert_eq!(scores.len(), self.n_classes);
        for key in keys {
            if let Some(&row) = self.rows.get(key) {
                let base = row as usize * self.n_classes;
                for (score, weight) in scores
                    .iter_mut()
                    .zip(&self.weights[base..base + self.n_classes])
                {
                    *score += weight;
                }
            }
        }
    }

    /// Moves the weights of `keys` towards `truth` and away from `guess`.
    pub(crate) fn update(&mut self, keys: &[u64], truth: usize, guess: usize, amount: f32) {
        if truth == guess {
            return;
        }
        for &key in keys {
            let row = self.row_of(key);
            self.nudge(row, truth, amount);
            self.nudge(row, guess, -amount);
        }
    }

    /// Advances the averaging clock: call once per training example.
    pub(crate) fn tick(&mut self) {
        self.clock += 1;
    }

    /// Moves one class's weight of one feature by `amount`: for structured
    /// updates where the gold and guessed sequences use different features
    /// (label transitions), so that `update`'s paired nudge does not fit.
    pub(crate) fn nudge_key(&mut self, key: u64, class: usize, amount: f32) {
        let row = self.row_of(key);
        self.nudge(row, class, amount);
    }

    fn row_of(&mut self, key: u64) -> usize {
        let next = self.rows.len() as u32;
        let row = *self.rows.entry(key).or_insert(next) as usize;
        if row == next as usize {
            let len = self.weights.len() + self.n_classes;
            self.weights.resize(len, 0.0);
            self.totals.resize(len, 0.0);
            self.stamps.resize(len, self.clock);
        }
        row
    }

    fn nudge(&mut self, row: usize, class: usize, amount: f32) {
        let idx = row * self.n_classes + class;
        self.totals[idx] += f64::from(self.clock - self.stamps[idx]) * f64::from(self.weights[idx]);
        self.stamps[idx] = self.clock;
        self.weights[idx] += amount;
    }

    /// The averaged weights, pruned and quantized.
    ///
    /// A row is dropped when none of its averaged weights reaches
    /// `prune_below` in absolute value: such features barely move a decision
    /// and would cost memory and load time.
    pub(crate) fn finish(self, prune_below: f32) -> LinearModel {
        let n_classes = self.n_classes;
        let clock = f64::from(self.clock);
        let mut averaged: Vec<(u64, Vec<f32>)> = Vec::with_capacity(self.rows.len());
        for (&key, &row) in &self.rows {
            let base = row as usize * n_classes;
            let values: Vec<f32> = (base..base + n_classes)
                .map(|idx| {
                    let total = self.totals[idx]
                        + (clock - f64::from(self.stamps[idx])) * f64::from(self.weights[idx]);
                    (total / clock) as f32
                })
                .collect();
            if values.iter().any(|w| w.abs() >= prune_below) {
                averaged.push((key, values));
            }
        }
        // Sorted keys make the serialized model identical across runs.
        averaged.sort_unstable_by_key(|(key, _)| *key);
        let max_abs = averaged
            .iter()
            .flat_map(|(_, w)| w.iter())
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max_abs > 0.0 {
            max_abs / f32::from(i16::MAX)
        } else {
            1.0
        };
        let keys: Vec<u64> = averaged.iter().map(|(key, _)| *key).collect();
        let weights: Vec<i16> = averaged
            .iter()
            .flat_map(|(_, w)| w.iter().map(|&v| (v / scale).round() as i16))
            .collect();
        LinearModel::from_parts(n_classes, scale, keys, weights)
    }
}

/// A trained linear model: per-class weights for hashed features, quantized
/// to `i16` with one scale for the whole model.
pub(crate) struct LinearModel {
    n_classes: usize,
    scale: f32,
    /// Open-addressing table: slot → key (0 = empty).
    slot_keys: Vec<u64>,
    /// Slot → row index.
    slot_rows: Vec<u32>,
    /// Rows in key order, as serialized.
    keys: Vec<u64>,
    weights: Vec<i16>,
}

/// What can go wrong reading a serialized model: only a corrupt or
/// mismatched embedded file, which tests catch before release.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The bytes do not hold a model of the expected kind or version.
    #[error("model file is corrupt or from another version: {0}")]
    Corrupt(&'static str),
}

const MAGIC: &[u8; 8] = b"SIFTLIN1";

impl LinearModel {
    fn from_parts(n_classes: usize, scale: f32, keys: Vec<u64>, weights: Vec<i16>) -> LinearModel {
        let capacity = (keys.len() * 2).next_power_of_two().max(16);
        let mask = capacity - 1;
        let mut slot_keys = vec![0u64; capacity];
        let mut slot_rows = vec![0u32; capacity];
        for (row, &key) in keys.iter().enumerate() {
            let mut slot = home_slot(key, mask);
            while slot_keys[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            slot_keys[slot] = key;
            slot_rows[slot] = row as u32;
        }
        LinearModel {
            n_classes,
            scale,
            slot_keys,
            slot_rows,
            keys,
            weights,
        }
    }

    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of feature rows kept.
    pub(crate) fn n_rows(&self) -> usize {
        self.keys.len()
    }

    /// The weight row of `key`, if the model kept it.
    fn row(&self, key: u64) -> Option<&[i16]> {
        let mask = self.slot_keys.len() - 1;
        let mut slot = home_slot(key, mask);
        loop {
            let found = self.slot_keys[slot];
            if found == key {
                let base = self.slot_rows[slot] as usize * self.n_classes;
                return Some(&self.weights[base..base + self.n_classes]);
            }
            if found == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Adds the weights of `keys` into `scores` (integer units; multiply by
    /// the model's scale for the perceptron's units).
    pub(crate) fn score(&self, keys: &[u64], scores: &mut [i32]) {
        debug_assert_eq!(scores.len(), self.n_classes);
        for &key in keys {
            if let Some(row) = self.row(key) {
                for (score, &weight) in scores.iter_mut().zip(row) {
                    *score += i32::from(weight);
                }
            }
        }
    }

    /// Every kept row as (feature key, weights), in key order: for callers
    /// that build their own lookup layout (the parser inlines weights into
    /// its hash slots so that a probe touches one cache line).
    pub(crate) fn rows(&self) -> impl Iterator<Item = (u64, &[i16])> + '_ {
        self.keys
            .iter()
            .copied()
            .zip(self.weights.chunks_exact(self.n_classes.max(1)))
    }

    /// A copy without the rows whose weights all stay below `below` in
    /// absolute value (in the perceptron's units, as for
    /// [`Perceptron::finish`]): for trying stronger pruning without retraining.
    pub(crate) fn pruned(&self, below: f32) -> LinearModel {
        let mut keys = Vec::new();
        let mut weights = Vec::new();
        for (key, row) in self.rows() {
            if row
                .iter()
                .any(|&w| f32::from(w).abs() * self.scale >= below)
            {
                keys.push(key);
                weights.extend_from_slice(row);
            }
        }
        LinearModel::from_parts(self.n_classes, self.scale, keys, weights)
    }

    /// Appends the model to `out` (little-endian; see `read`).
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.n_classes as u32).to_le_bytes());
        out.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        for key in &self.keys {
            out.extend_from_slice(&key.to_le_bytes());
        }
        for weight in &self.weights {
            out.extend_from_slice(&weight.to_le_bytes());
        }
    }

    /// Reads a model written by `write` from the front of `input`, advancing it.
    pub(crate) fn read(input: &mut &[u8]) -> Result<LinearModel, ModelError> {
        let magic = take(input, 8)?;
        if magic != MAGIC {
            return Err(ModelError::Corrupt("bad magic number"));
        }
        let n_classes = read_u32(input)? as usize;
        let n_rows = read_u32(input)? as usize;
        let scale = f32::from_le_bytes(take(input, 4)?.try_into().expect("4 bytes"));
        let key_bytes = take(
            input,
            n_rows
                .checked_mul(8)
                .ok_or(ModelError::Corrupt("row count"))?,
        )?;
        let keys: Vec<u64> = key_bytes
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
            .collect();
        let n_weights = n_rows
            .checked_mul(n_classes)
            .ok_or(ModelError::Corrupt("weight count"))?;
        let weight_bytes = take(input, n_weights * 2)?;
        let weights: Vec<i16> = weight_bytes
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes(b.try_into().expect("2 bytes")))
            .collect();
        if keys.contains(&0) {
            return Err(ModelError::Corrupt("zero feature key"));
        }
        Ok(LinearModel::from_parts(n_classes, scale, keys, weights))
    }
}

/// A serialized model's rows, read in place without building
/// [`LinearModel`]'s lookup table: for callers that build their own layout
/// and would otherwise pay for two tables and two copies at load time.
pub(crate) struct ModelRows<'a> {
    pub(crate) n_classes: usize,
    pub(crate) n_rows: usize,
    key_bytes: &'a [u8],
    weight_bytes: &'a [u8],
}

impl<'a> ModelRows<'a> {
    /// Reads a model written by [`LinearModel::write`] from the front of
    /// `input`, advancing it.
    pub(crate) fn read(input: &mut &'a [u8]) -> Result<ModelRows<'a>, ModelError> {
        if take(input, 8)? != MAGIC {
            return Err(ModelError::Corrupt("bad magic number"));
        }
        let n_classes = read_u32(input)? as usize;
        let n_rows = read_u32(input)? as usize;
        take(input, 4)?; // the scale: integer scores are compared, never converted
        let key_bytes = take(
            input,
            n_rows
                .checked_mul(8)
                .ok_or(ModelError::Corrupt("row count"))?,
        )?;
        let n_weight_bytes = n_rows
            .checked_mul(n_classes)
            .and_then(|n| n.checked_mul(2))
            .ok_or(ModelError::Corrupt("weight count"))?;
        let weight_bytes = take(input, n_weight_bytes)?;
        if n_classes == 0 {
            return Err(ModelError::Corrupt("zero class count"));
        }
        Ok(ModelRows {
            n_classes,
            n_rows,
            key_bytes,
            weight_bytes,
        })
    }

    /// Every row as (feature key, weights); `weights` is overwritten.
    pub(crate) fn for_each_row(&self, mut visit: impl FnMut(u64, &[i16])) {
        let mut row = vec![0i16; self.n_classes];
        for (key, weights) in self
            .key_bytes
            .chunks_exact(8)
            .zip(self.weight_bytes.chunks_exact(2 * self.n_classes))
        {
            let key = u64::from_le_bytes(key.try_into().expect("8 bytes"));
            for (weight, bytes) in row.iter_mut().zip(weights.chunks_exact(2)) {
                *weight = i16::from_le_bytes([bytes[0], bytes[1]]);
            }
            visit(key, &row);
        }
    }
}

pub(crate) fn take<'a>(input: &mut &'a [u8], n: usize) -> Result<&'a [u8], ModelError> {
    if input.len() < n {
        return Err(ModelError::Corrupt("truncated"));
    }
    let (head, rest) = input.split_at(n);
    *input = rest;
    Ok(head)
}

pub(crate) fn read_u32(input: &mut &[u8]) -> Result<u32, ModelError> {
    Ok(u32::from_le_bytes(
        take(input, 4)?.try_into().expect("4 bytes"),
    ))
}

/// Compresses a serialized model for committing (zstd, high level: written
/// once at training time, read at every start).
pub(crate) fn compress(bytes: &[u8]) -> Vec<u8> {
    zstd::bulk::compress(bytes, 19).expect("compressing an in-memory buffer cannot fail")
}

/// Decompresses an embedded model.
pub(crate) fn decompress(bytes: &[u8]) -> Result<Vec<u8>, ModelError> {
    zstd::stream::decode_all(bytes).map_err(|_| ModelError::Corrupt("not zstd data"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy problem: the class is which of three words appears.
    #[test]
    fn the_perceptron_learns_separable_data_and_survives_a_round_trip() {
        let words = ["north", "south", "east"];
        let examples: Vec<(Vec<u64>, usize)> = (0..300)
            .map(|i| {
                let class = i % 3;
                let keys = vec![
                    feature_key(1, &[hash_str(words[class])]),
                    feature_key(2, &[hash_str("bias")]),
                ];
                (keys, class)
            })
            .collect();
        let mut perceptron = Perceptron::new(3);
        for _ in 0..3 {
            for (keys, truth) in &examples {
                let mut scores = [0f32; 3];
                perceptron.score(keys, &mut scores);
                let guess = argmax(&scores);
                perceptron.update(keys, *truth, guess, 1.0);
                perceptron.tick();
            }
        }
        let model = perceptron.finish(0.0);
        let mut bytes = Vec::new();
        model.write(&mut bytes);
        let packed = compress(&bytes);
        let unpacked = decompress(&packed).unwrap();
        let reloaded = LinearModel::read(&mut unpacked.as_slice()).unwrap();
        assert_eq!(reloaded.n_rows(), model.n_rows());
        for (keys, truth) in &examples[..3] {
            let mut scores = [0i32; 3];
            reloaded.score(keys, &mut scores);
            let best = (0..3).max_by_key(|&c| scores[c]).unwrap();
            assert_eq!(best, *truth);
        }
    }

    #[test]
    fn corrupt_bytes_are_an_error_not_a_panic() {
        assert!(LinearModel::read(&mut &b"SIFTLIN1\x01"[..]).is_err());
        assert!(LinearModel::read(&mut &b"nonsense"[..]).is_err());
        assert!(decompress(b"nonsense").is_err());
    }

    fn argmax(scores: &[f32]) -> usize {
        (0..scores.len())
            .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
            .unwrap()
    }
}
