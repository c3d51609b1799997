//! MinHash signatures of normalized text, for finding copies.
//!
//! A text becomes lower-case alphanumeric words (punctuation, case and
//! spacing are the first things a copy desk changes), the words become
//! overlapping shingles of [`SHINGLE_WORDS`], and each shingle one 64-bit
//! hash. The signature keeps, for each of [`N_HASHES`] independent
//! permutations of the hash space, the smallest permuted value: the share of
//! positions where two signatures agree estimates the Jaccard similarity of
//! the two shingle sets. The number of distinct shingles is kept too, which
//! turns a Jaccard estimate into a containment estimate (how much of the
//! shorter text the longer one holds) for trimmed wire copies.

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Values per signature. 128 gives a Jaccard estimate with a standard error
/// of at most 0.045, and 42 LSH bands of 3.
pub const N_HASHES: usize = 128;

/// Words per shingle. Four words make a shingle specific to one text while a
/// single changed word disturbs only four shingles.
pub const SHINGLE_WORDS: usize = 4;

/// A text's MinHash signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    values: [u32; N_HASHES],
    n_shingles: u32,
}

impl Signature {
    /// The signature of a text. Texts shorter than one shingle hash their
    /// words as they are; an empty text has the empty signature, which is
    /// similar to nothing.
    pub fn of_text(text: &str) -> Signature {
        let words = words(text);
        let mut shingle_hashes: Vec<u64> = if words.len() >= SHINGLE_WORDS {
            words.windows(SHINGLE_WORDS).map(shingle_hash).collect()
        } else if words.is_empty() {
            Vec::new()
        } else {
            vec![shingle_hash(&words)]
        };
        shingle_hashes.sort_unstable();
        shingle_hashes.dedup();
        let mut values = [u32::MAX; N_HASHES];
        for &hash in &shingle_hashes {
            for (slot, seed) in values.iter_mut().zip(PERMUTATION_SEEDS.iter()) {
                let permuted = permute(hash, *seed);
                if permuted < *slot {
                    *slot = permuted;
                }
            }
        }
        Signature {
            values,
            n_shingles: shingle_hashes.len() as u32,
        }
    }

    /// Distinct shingles in the text.
    pub fn n_shingles(&self) -> u32 {
        self.n_shingles
    }

    /// The min-hash values, one per permutation.
    pub fn values(&self) -> &[u32; N_HASHES] {
        &self.values
    }

    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        if self.n_shingles == 0 || other.n_shingles == 0 {
            return 0.0;
        }
        let agree = self
            .values
            .iter()
            .zip(other.values.iter())
            .filter(|(a, b)| a == b)
            .count();
        agree as f64 / N_HASHES as f64
    }

    /// Estimated share of the smaller text's shingles that the other holds,
    /// from the Jaccard estimate and the two set sizes:
    /// |A∩B| = J (|A| + |B|) / (1 + J).
    pub fn containment(&self, other: &Signature) -> f64 {
        let smaller = self.n_shingles.min(other.n_shingles);
        if smaller == 0 {
            return 0.0;
        }
        let jaccard = self.jaccard(other);
        let both = f64::from(self.n_shingles) + f64::from(other.n_shingles);
        (jaccard * both / (1.0 + jaccard) / f64::from(smaller)).min(1.0)
    }

    /// The stored form: the shingle count then the values, little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(4 * (N_HASHES + 1));
        bytes.extend_from_slice(&self.n_shingles.to_le_bytes());
        for value in &self.values {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
        bytes
    }

    /// Reads the stored form; `None` when the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != 4 * (N_HASHES + 1) {
            return None;
        }
        let mut words = bytes
            .chunks_exact(4)
            .map(|chunk| u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]));
        let n_shingles = words.next()?;
        let mut values = [0u32; N_HASHES];
        for slot in &mut values {
            *slot = words.next()?;
        }
        Some(Signature { values, n_shingles })
    }
}

/// Lower-case alphanumeric words of a text, as byte-string slices of one
/// normalized copy.
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
        } else if !current.is_empty() && c != '\'' && c != '\u{2019}' {
            // An apostrophe joins (`didn't` and `didnt` are one word: copy
            // desks change quote styles).
            words.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn shingle_hash(words: &[String]) -> u64 {
    let mut bytes = Vec::with_capacity(words.iter().map(|w| w.len() + 1).sum());
    for word in words {
        bytes.extend_from_slice(word.as_bytes());
        bytes.push(b' ');
    }
    xxh3_64_with_seed(&bytes, 0x5349_4654)
}

/// One permutation of the 64-bit hash space, cut to 32 bits: a keyed
/// bijective mix (multiply-xorshift, the SplitMix64 finalizer).
#[inline]
fn permute(hash: u64, seed: u64) -> u32 {
    let mut x = hash ^ seed;
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (x >> 32) as u32
}

/// Fixed permutation keys: signatures must compare across runs and builds,
/// so they are constants, not random.
const PERMUTATION_SEEDS: [u64; N_HASHES] = {
    let mut seeds = [0u64; N_HASHES];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut i = 0;
    while i < N_HASHES {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        seeds[i] = z ^ (z >> 31);
        i += 1;
    }
    seeds
};

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Russian warplanes bombed a United Nations aid convoy near Aleppo on \
        Tuesday. At least 12 aid workers were killed, the United Nations said. The convoy of 31 \
        trucks was carrying food and medicine to the besieged eastern districts of the city when \
        it was hit, according to a UN spokesman. Syrian Red Crescent volunteers said the strikes \
        continued for nearly two hours.";

    #[test]
    fn identical_texts_up_to_case_and_punctuation_are_one_text() {
        let copy = STORY.to_uppercase().replace(',', " ,").replace('.', " ...");
        let (a, b) = (Signature::of_text(STORY), Signature::of_text(&copy));
        assert_eq!(a.jaccard(&b), 1.0);
    }

    #[test]
    fn a_trimmed_copy_is_mostly_contained() {
        let cut = STORY.rfind(" Syrian").unwrap();
        let (full, trimmed) = (Signature::of_text(STORY), Signature::of_text(&STORY[..cut]));
        assert!(full.jaccard(&trimmed) < 0.9);
        assert!(
            full.containment(&trimmed) > 0.85,
            "{}",
            full.containment(&trimmed)
        );
    }

    #[test]
    fn different_stories_are_not_similar() {
        let other = "Brazil signed a trade agreement with Argentina in Buenos Aires on \
            Wednesday, cutting tariffs on cars and steel. Officials from both countries said the \
            deal would take effect next year.";
        let (a, b) = (Signature::of_text(STORY), Signature::of_text(other));
        assert!(a.jaccard(&b) < 0.05);
        assert_eq!(Signature::of_text("").jaccard(&a), 0.0);
    }

    #[test]
    fn bytes_round_trip() {
        let signature = Signature::of_text(STORY);
        let back = Signature::from_bytes(&signature.to_bytes()).unwrap();
        assert_eq!(back, signature);
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
    }
}
