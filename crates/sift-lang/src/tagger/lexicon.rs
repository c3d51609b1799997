//! The tagger's word table: what training saw of each word (its ambiguity
//! class and, for frequent unambiguous words, the one class it always
//! takes) and its distributional cluster.
//!
//! Keys are hashes, never strings: the exact form's hash for what the
//! treebank says, and the lower-cased form's hash, salted, for clusters
//! learned from unlabeled text.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::linear::{ModelError, read_u32, take};

/// Salt that keeps lower-cased keys apart from exact-form keys.
const LOWER_SALT: u64 = 0x4C4F_5745_5253_414C;
/// Salt for the ambiguity classes of lower-cased forms, kept in the same map
/// as clusters.
const LOWER_AMBIGUITY_SALT: u64 = 0x414D_4249_4755_4F55;

/// What the table says about one word; zeros mean "nothing known".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct WordEntry {
    pub(super) ambiguity: u64,
    pub(super) cluster: u64,
    /// The ambiguity class of the lower-cased form (`Shelled` in a
    /// headline is looked up as `shelled`).
    pub(super) lower_ambiguity: u64,
    pub(super) shortcut: Option<u8>,
}

/// Hash maps keyed by values that are already good hashes.
#[derive(Default, Clone, Copy)]
pub(super) struct PassThroughHasher(u64);

impl Hasher for PassThroughHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8) ^ u64::from(byte);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

pub(super) type HashKeyed<V> = HashMap<u64, V, BuildHasherDefault<PassThroughHasher>>;

/// Exact-form entries (ambiguity, shortcut) and lower-cased-form clusters.
#[derive(Default)]
pub(super) struct WordTable {
    forms: HashKeyed<(u64, u8)>,
    clusters: HashKeyed<u64>,
}

/// Marks "no shortcut" in the serialized table.
const NO_SHORTCUT: u8 = u8::MAX;

impl WordTable {
    /// Records what training saw of the form hashed as `form`.
    pub(super) fn insert_form(&mut self, form: u64, ambiguity: u64, shortcut: Option<u8>) {
        self.forms
            .insert(form, (ambiguity, shortcut.unwrap_or(NO_SHORTCUT)));
    }

    /// Records the cluster of the lower-cased form hashed as `lower`.
    pub(super) fn insert_cluster(&mut self, lower: u64, cluster: u64) {
        self.clusters.insert(lower ^ LOWER_SALT, cluster);
    }

    /// Records the ambiguity class of the lower-cased form hashed as `lower`.
    pub(super) fn insert_lower_ambiguity(&mut self, lower: u64, ambiguity: u64) {
        self.clusters
            .insert(lower ^ LOWER_AMBIGUITY_SALT, ambiguity);
    }

    /// Whether training saw this exact form.
    pub(super) fn contains_form(&self, form: u64) -> bool {
        self.forms.contains_key(&form)
    }

    pub(super) fn lookup(&self, form: u64, lower: u64) -> WordEntry {
        let (ambiguity, shortcut) = self.forms.get(&form).copied().unwrap_or((0, NO_SHORTCUT));
        WordEntry {
            ambiguity,
            cluster: self
                .clusters
                .get(&(lower ^ LOWER_SALT))
                .copied()
                .unwrap_or(0),
            lower_ambiguity: self
                .clusters
                .get(&(lower ^ LOWER_AMBIGUITY_SALT))
                .copied()
                .unwrap_or(0),
            shortcut: (shortcut != NO_SHORTCUT).then_some(shortcut),
        }
    }

    pub(super) fn write(&self, out: &mut Vec<u8>) {
        // Sorted so that the same training gives the same bytes.
        let mut forms: Vec<_> = self.forms.iter().collect();
        forms.sort_unstable_by_key(|(key, _)| **key);
        out.extend_from_slice(&(forms.len() as u32).to_le_bytes());
        for (key, (ambiguity, shortcut)) in forms {
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&ambiguity.to_le_bytes());
            out.push(*shortcut);
        }
        let mut clusters: Vec<_> = self.clusters.iter().collect();
        clusters.sort_unstable_by_key(|(key, _)| **key);
        out.extend_from_slice(&(clusters.len() as u32).to_le_bytes());
        for (key, cluster) in clusters {
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&cluster.to_le_bytes());
        }
    }

    pub(super) fn read(input: &mut &[u8], n_classes: usize) -> Result<WordTable, ModelError> {
        let mut table = WordTable::default();
        let n_forms = read_u32(input)? as usize;
        let bytes = take(
            input,
            n_forms
                .checked_mul(17)
                .ok_or(ModelError::Corrupt("word count"))?,
        )?;
        table.forms.reserve(n_forms);
        for chunk in bytes.chunks_exact(17) {
            let key = u64::from_le_bytes(chunk[..8].try_into().expect("8 bytes"));
            let ambiguity = u64::from_le_bytes(chunk[8..16].try_into().expect("8 bytes"));
            let shortcut = chunk[16];
            if shortcut != NO_SHORTCUT && shortcut as usize >= n_classes {
                return Err(ModelError::Corrupt("shortcut class out of range"));
            }
            table.forms.insert(key, (ambiguity, shortcut));
        }
        let n_clusters = read_u32(input)? as usize;
        let bytes = take(
            input,
            n_clusters
                .checked_mul(16)
                .ok_or(ModelError::Corrupt("cluster count"))?,
        )?;
        table.clusters.reserve(n_clusters);
        for chunk in bytes.chunks_exact(16) {
            let key = u64::from_le_bytes(chunk[..8].try_into().expect("8 bytes"));
            let cluster = u64::from_le_bytes(chunk[8..].try_into().expect("8 bytes"));
            table.clusters.insert(key, cluster);
        }
        Ok(table)
    }
}
