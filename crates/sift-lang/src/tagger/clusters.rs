//! Distributional word clusters learned from unlabeled text.
//!
//! Each word seen often enough is described by the words right before and
//! right after it (counts over the most frequent words, square-rooted and
//! normalized), and spherical k-means groups words with similar
//! neighbours. A word that the treebank never tagged but that news uses
//! like a verb then shares a cluster, and so features, with known verbs.
//! Deterministic: centroids start at the most frequent words.

use std::collections::HashMap;

use super::features::hash_bytes;
use crate::linear::feature_key;
use crate::treebank::TreebankSentence;

/// Words seen fewer times get no cluster.
const MIN_COUNT: u32 = 3;
/// How many of the most frequent words serve as context dimensions.
const N_CONTEXT_WORDS: usize = 600;
/// How many clusters.
const N_CLUSTERS: usize = 256;
const N_ITERATIONS: usize = 8;

/// Learns clusters for the words of `train` and `unlabeled`: pairs of a
/// lower-cased word's hash and its cluster's hash, in a stable order.
pub(super) fn learn(
    train: &[TreebankSentence],
    unlabeled: &[&str],
    progress: &mut dyn FnMut(&str),
) -> Vec<(u64, u64)> {
    // The running text, one sequence per sentence or document.
    let mut raw: Vec<Vec<&str>> = train
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    for text in unlabeled {
        let tokens = crate::tokenize(text);
        raw.push(
            tokens
                .iter()
                .map(|t| &text[t.span.start()..t.span.end()])
                .collect(),
        );
    }
    let sequences: Vec<Vec<String>> = raw
        .iter()
        .map(|words| words.iter().map(|w| w.to_lowercase()).collect())
        .collect();

    let mut counts: HashMap<&str, u32> = HashMap::new();
    for word in sequences.iter().flatten() {
        *counts.entry(word.as_str()).or_default() += 1;
    }
    let mut by_frequency: Vec<(&str, u32)> = counts
        .iter()
        .filter(|&(_, &count)| count >= MIN_COUNT)
        .map(|(&word, &count)| (word, count))
        .collect();
    by_frequency.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if by_frequency.len() < N_CLUSTERS {
        return Vec::new();
    }
    let word_idx: HashMap<&str, usize> = by_frequency
        .iter()
        .enumerate()
        .map(|(idx, &(word, _))| (word, idx))
        .collect();

    // Sparse context vectors: dimension c is "word c comes right before",
    // N_CONTEXT_WORDS + c is "word c comes right after".
    let n_words = by_frequency.len();
    let mut contexts: Vec<HashMap<u32, f32>> = vec![HashMap::new(); n_words];
    for sequence in &sequences {
        for (pos, word) in sequence.iter().enumerate() {
            let Some(&idx) = word_idx.get(word.as_str()) else {
                continue;
            };
            if pos > 0
                && let Some(&left) = word_idx.get(sequence[pos - 1].as_str())
                && left < N_CONTEXT_WORDS
            {
                *contexts[idx].entry(left as u32).or_default() += 1.0;
            }
            if let Some(next) = sequence.get(pos + 1)
                && let Some(&right) = word_idx.get(next.as_str())
                && right < N_CONTEXT_WORDS
            {
                *contexts[idx]
                    .entry((N_CONTEXT_WORDS + right) as u32)
                    .or_default() += 1.0;
            }
        }
    }
    let vectors: Vec<Vec<(u32, f32)>> = contexts
        .into_iter()
        .map(|context| {
            let mut entries: Vec<(u32, f32)> = context
                .into_iter()
                .map(|(dim, n)| (dim, n.sqrt()))
                .collect();
            entries.sort_unstable_by_key(|&(dim, _)| dim);
            let norm = entries.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
            if norm > 0.0 {
                for entry in &mut entries {
                    entry.1 /= norm;
                }
            }
            entries
        })
        .collect();

    let n_dims = 2 * N_CONTEXT_WORDS;
    let mut centroids: Vec<Vec<f32>> = (0..N_CLUSTERS)
        .map(|c| {
            let mut dense = vec![0f32; n_dims];
            for &(dim, value) in &vectors[c] {
                dense[dim as usize] = value;
            }
            dense
        })
        .collect();
    let mut assignment = vec![0usize; n_words];
    for iteration in 0..N_ITERATIONS {
        let mut n_moved = 0;
        for (word, vector) in vectors.iter().enumerate() {
            let mut best = (0, f32::MIN);
            for (c, centroid) in centroids.iter().enumerate() {
                let similarity: f32 = vector
                    .iter()
                    .map(|&(dim, value)| value * centroid[dim as usize])
                    .sum();
                if similarity > best.1 {
                    best = (c, similarity);
                }
            }
            if assignment[word] != best.0 {
                n_moved += 1;
            }
            assignment[word] = best.0;
        }
        for centroid in &mut centroids {
            centroid.fill(0.0);
        }
        for (word, vector) in vectors.iter().enumerate() {
            let centroid = &mut centroids[assignment[word]];
            for &(dim, value) in vector {
                centroid[dim as usize] += value;
            }
        }
        for centroid in &mut centroids {
            let norm = centroid.iter().map(|v| v * v).sum::<f32>().sqrt();
            if norm > 0.0 {
                centroid.iter_mut().for_each(|v| *v /= norm);
            }
        }
        progress(&format!(
            "clusters: iteration {} moved {n_moved} of {n_words} words",
            iteration + 1
        ));
    }

    by_frequency
        .iter()
        .zip(&assignment)
        .map(|(&(word, _), &cluster)| {
            (
                hash_bytes(word.as_bytes()),
                feature_key(901, &[cluster as u64]),
            )
        })
        .collect()
}
