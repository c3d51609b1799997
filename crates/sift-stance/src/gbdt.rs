//! Gradient-boosted regression trees for multiclass classification with a
//! softmax loss (Friedman's gradient boosting with Newton leaf values, as
//! in XGBoost), on a few hundred dense features.
//!
//! Training bins each feature at its quantiles once, then grows every tree
//! level by level from gradient histograms, so a split search costs one
//! pass over the node's rows per feature. Prediction compares raw feature
//! values with the stored thresholds: no binning at run time.

use crate::codec::{Reader, Writer};
use crate::{Error, Result};

/// How a forest is grown.
#[derive(Clone, Debug, PartialEq)]
pub struct BoostConfig {
    /// Boosting rounds (one tree per class per round).
    pub rounds: usize,
    /// Shrinkage applied to every leaf value.
    pub learning_rate: f32,
    /// Deepest level of a tree (a depth-`d` tree has up to `2^d` leaves).
    pub max_depth: usize,
    /// A split must leave at least this much hessian on each side.
    pub min_child_hessian: f32,
    /// L2 penalty on leaf values.
    pub lambda: f32,
    /// Share of rows each tree sees.
    pub row_sample: f32,
    /// Share of features each tree may split on.
    pub feature_sample: f32,
    /// Quantile bins per feature.
    pub max_bins: usize,
    /// Seed of the row and feature sampling.
    pub seed: u64,
}

impl Default for BoostConfig {
    fn default() -> BoostConfig {
        BoostConfig {
            rounds: 200,
            learning_rate: 0.08,
            max_depth: 5,
            min_child_hessian: 1.0,
            lambda: 1.0,
            row_sample: 0.8,
            feature_sample: 0.6,
            max_bins: 64,
            seed: 0x5EED_57A2_CE00_0001,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Split {
        feature: u16,
        threshold: f32,
        left: u32,
        right: u32,
    },
    Leaf(f32),
}

#[derive(Clone, Debug, PartialEq)]
struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    fn predict(&self, features: &[f32]) -> f32 {
        let mut idx = 0usize;
        loop {
            match self.nodes[idx] {
                Node::Leaf(value) => return value,
                Node::Split {
                    feature,
                    threshold,
                    left,
                    right,
                } => {
                    let value = features.get(feature as usize).copied().unwrap_or(0.0);
                    idx = if value <= threshold { left } else { right } as usize;
                }
            }
        }
    }
}

/// A trained boosted forest: `rounds × n_classes` trees.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Forest {
    n_classes: usize,
    n_features: usize,
    base_scores: Vec<f32>,
    /// Tree `round * n_classes + class`.
    trees: Vec<Tree>,
}

impl Forest {
    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Class probabilities for one row of features.
    pub(crate) fn predict_proba(&self, features: &[f32]) -> Vec<f32> {
        let mut scores = self.base_scores.clone();
        for (idx, tree) in self.trees.iter().enumerate() {
            scores[idx % self.n_classes] += tree.predict(features);
        }
        softmax(&mut scores);
        scores
    }

    /// Grows a forest on `rows` (each `n_features` long) with labels in
    /// `0..n_classes` and per-row weights.
    pub(crate) fn fit(
        rows: &[Vec<f32>],
        labels: &[usize],
        weights: &[f32],
        n_classes: usize,
        config: &BoostConfig,
    ) -> Forest {
        assert_eq!(rows.len(), labels.len());
        assert_eq!(rows.len(), weights.len());
        assert!(n_classes >= 2);
        let n_rows = rows.len();
        let n_features = rows.first().map_or(0, Vec::len);
        let binned = Binned::new(rows, n_features, config.max_bins);

        // Start from the weighted class priors.
        let mut prior = vec![1e-3f64; n_classes];
        for (&label, &weight) in labels.iter().zip(weights) {
            prior[label] += weight as f64;
        }
        let total: f64 = prior.iter().sum();
        let base_scores: Vec<f32> = prior.iter().map(|p| (p / total).ln() as f32).collect();

        let mut scores: Vec<f32> = (0..n_rows).flat_map(|_| base_scores.clone()).collect();
        let mut rng = SplitMix(config.seed);
        let mut trees = Vec::with_capacity(config.rounds * n_classes);
        let mut gradients = vec![0f32; n_rows];
        let mut hessians = vec![0f32; n_rows];
        let mut probabilities = vec![0f32; n_rows * n_classes];
        for _round in 0..config.rounds {
            for row in 0..n_rows {
                let slot = &mut probabilities[row * n_classes..(row + 1) * n_classes];
                slot.copy_from_slice(&scores[row * n_classes..(row + 1) * n_classes]);
                softmax(slot);
            }
            for class in 0..n_classes {
                for row in 0..n_rows {
                    let p = probabilities[row * n_classes + class];
                    let target = if labels[row] == class { 1.0 } else { 0.0 };
                    gradients[row] = weights[row] * (p - target);
                    hessians[row] = weights[row] * (p * (1.0 - p)).max(1e-6);
                }
                let sample: Vec<u32> = (0..n_rows as u32)
                    .filter(|_| rng.unit() < config.row_sample)
                    .collect();
                let allowed: Vec<bool> = (0..n_features)
                    .map(|_| rng.unit() < config.feature_sample)
                    .collect();
                let tree = grow_tree(&binned, &gradients, &hessians, sample, &allowed, config);
                for row in 0..n_rows {
                    scores[row * n_classes + class] += tree.predict(&rows[row]);
                }
                trees.push(tree);
            }
        }
        Forest {
            n_classes,
            n_features,
            base_scores,
            trees,
        }
    }

    pub(crate) fn encode(&self, out: &mut Writer) {
        out.u32(self.n_classes as u32);
        out.u32(self.n_features as u32);
        for &score in &self.base_scores {
            out.f32(score);
        }
        out.u32(self.trees.len() as u32);
        for tree in &self.trees {
            out.u32(tree.nodes.len() as u32);
            for node in &tree.nodes {
                match *node {
                    Node::Leaf(value) => {
                        out.u16(u16::MAX);
                        out.f32(value);
                    }
                    Node::Split {
                        feature,
                        threshold,
                        left,
                        right,
                    } => {
                        out.u16(feature);
                        out.f32(threshold);
                        out.u32(left);
                        out.u32(right);
                    }
                }
            }
        }
    }

    pub(crate) fn decode(input: &mut Reader) -> Result<Forest> {
        let n_classes = input.u32()? as usize;
        let n_features = input.u32()? as usize;
        if !(2..=16).contains(&n_classes) {
            return Err(Error::Model(format!("a forest with {n_classes} classes")));
        }
        let base_scores = (0..n_classes)
            .map(|_| input.f32())
            .collect::<Result<Vec<_>>>()?;
        let n_trees = input.u32()? as usize;
        let mut trees = Vec::with_capacity(n_trees.min(1 << 16));
        for _ in 0..n_trees {
            let n_nodes = input.u32()? as usize;
            let mut nodes = Vec::with_capacity(n_nodes.min(1 << 16));
            for _ in 0..n_nodes {
                let feature = input.u16()?;
                let value = input.f32()?;
                if feature == u16::MAX {
                    nodes.push(Node::Leaf(value));
                } else {
                    let left = input.u32()?;
                    let right = input.u32()?;
                    nodes.push(Node::Split {
                        feature,
                        threshold: value,
                        left,
                        right,
                    });
                }
            }
            // Children always come after their parent, so a walk from the
            // root ends at a leaf and never loops.
            let valid = nodes.iter().enumerate().all(|(idx, node)| match node {
                Node::Leaf(_) => true,
                Node::Split { left, right, .. } => {
                    (*left as usize) > idx
                        && (*right as usize) > idx
                        && (*left as usize) < n_nodes
                        && (*right as usize) < n_nodes
                }
            });
            if nodes.is_empty() || !valid {
                return Err(Error::Model("a tree with broken links".into()));
            }
            trees.push(Tree { nodes });
        }
        Ok(Forest {
            n_classes,
            n_features,
            base_scores,
            trees,
        })
    }
}

fn softmax(scores: &mut [f32]) {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for score in scores.iter_mut() {
        *score = (*score - max).exp();
        sum += *score;
    }
    for score in scores.iter_mut() {
        *score /= sum;
    }
}

/// Every feature value replaced by its quantile bin, column by column.
struct Binned {
    /// `columns[feature][row]`: the bin of that value.
    columns: Vec<Vec<u8>>,
    /// `thresholds[feature][bin]`: values up to it fall in bins `0..=bin`.
    thresholds: Vec<Vec<f32>>,
}

impl Binned {
    fn new(rows: &[Vec<f32>], n_features: usize, max_bins: usize) -> Binned {
        let max_bins = max_bins.clamp(2, 256);
        let mut columns = Vec::with_capacity(n_features);
        let mut thresholds = Vec::with_capacity(n_features);
        for feature in 0..n_features {
            let mut values: Vec<f32> = rows.iter().map(|row| row[feature]).collect();
            values.sort_by(f32::total_cmp);
            let mut distinct = values.clone();
            distinct.dedup();
            let cuts: Vec<f32> = if distinct.len() <= max_bins {
                distinct
                    .windows(2)
                    .map(|pair| midpoint(pair[0], pair[1]))
                    .collect()
            } else {
                let mut cuts: Vec<f32> = (1..max_bins)
                    .map(|q| {
                        let at = q * values.len() / max_bins;
                        let low = values[at.saturating_sub(1)];
                        let high = values[at];
                        if low == high {
                            // Cut just above a repeated value so that it stays in one bin.
                            let next = values[at..].iter().copied().find(|v| *v > high);
                            next.map_or(high, |next| midpoint(high, next))
                        } else {
                            midpoint(low, high)
                        }
                    })
                    .collect();
                cuts.dedup();
                cuts
            };
            let column = rows
                .iter()
                .map(|row| cuts.partition_point(|&cut| cut < row[feature]) as u8)
                .collect();
            columns.push(column);
            thresholds.push(cuts);
        }
        Binned {
            columns,
            thresholds,
        }
    }
}

fn midpoint(low: f32, high: f32) -> f32 {
    let mid = low + (high - low) / 2.0;
    if mid >= high { low } else { mid }
}

fn grow_tree(
    binned: &Binned,
    gradients: &[f32],
    hessians: &[f32],
    rows: Vec<u32>,
    allowed: &[bool],
    config: &BoostConfig,
) -> Tree {
    let mut nodes = vec![Node::Leaf(0.0)];
    // (node index, its rows, depth)
    let mut frontier = vec![(0usize, rows, 0usize)];
    while let Some((node_idx, rows, depth)) = frontier.pop() {
        let (g_sum, h_sum) = sums(&rows, gradients, hessians);
        let leaf = -g_sum / (h_sum + config.lambda as f64) * config.learning_rate as f64;
        nodes[node_idx] = Node::Leaf(leaf as f32);
        if depth >= config.max_depth || h_sum < 2.0 * config.min_child_hessian as f64 {
            continue;
        }
        let Some(split) = best_split(binned, gradients, hessians, &rows, allowed, config) else {
            continue;
        };
        let column = &binned.columns[split.feature];
        let (left_rows, right_rows): (Vec<u32>, Vec<u32>) = rows
            .iter()
            .partition(|&&row| column[row as usize] as usize <= split.bin);
        let left = nodes.len();
        nodes.push(Node::Leaf(0.0));
        nodes.push(Node::Leaf(0.0));
        nodes[node_idx] = Node::Split {
            feature: split.feature as u16,
            threshold: binned.thresholds[split.feature][split.bin],
            left: left as u32,
            right: left as u32 + 1,
        };
        frontier.push((left + 1, right_rows, depth + 1));
        frontier.push((left, left_rows, depth + 1));
    }
    Tree { nodes }
}

fn sums(rows: &[u32], gradients: &[f32], hessians: &[f32]) -> (f64, f64) {
    rows.iter().fold((0.0, 0.0), |(g, h), &row| {
        (
            g + gradients[row as usize] as f64,
            h + hessians[row as usize] as f64,
        )
    })
}

struct Split {
    feature: usize,
    bin: usize,
}

fn best_split(
    binned: &Binned,
    gradients: &[f32],
    hessians: &[f32],
    rows: &[u32],
    allowed: &[bool],
    config: &BoostConfig,
) -> Option<Split> {
    let (g_total, h_total) = sums(rows, gradients, hessians);
    let lambda = config.lambda as f64;
    let min_child = config.min_child_hessian as f64;
    let parent = g_total * g_total / (h_total + lambda);
    let mut best: Option<(f64, Split)> = None;
    let mut histogram = vec![(0f64, 0f64); 256];
    for (feature, column) in binned.columns.iter().enumerate() {
        let n_cuts = binned.thresholds[feature].len();
        if !allowed[feature] || n_cuts == 0 {
            continue;
        }
        let bins = &mut histogram[..=n_cuts];
        bins.fill((0.0, 0.0));
        for &row in rows {
            let slot = &mut bins[column[row as usize] as usize];
            slot.0 += gradients[row as usize] as f64;
            slot.1 += hessians[row as usize] as f64;
        }
        let (mut g_left, mut h_left) = (0.0, 0.0);
        for (bin, &(g, h)) in bins.iter().enumerate().take(n_cuts) {
            g_left += g;
            h_left += h;
            let (g_right, h_right) = (g_total - g_left, h_total - h_left);
            if h_left < min_child || h_right < min_child {
                continue;
            }
            let gain = g_left * g_left / (h_left + lambda) + g_right * g_right / (h_right + lambda)
                - parent;
            if gain > 1e-9 && best.as_ref().is_none_or(|(b, _)| gain > *b) {
                best = Some((gain, Split { feature, bin }));
            }
        }
    }
    best.map(|(_, split)| split)
}

/// SplitMix64: a tiny, well-mixed generator, so that training is the same on
/// every machine.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three classes decided by two features, with a threshold no single
    /// linear cut can express: class 2 when both are high.
    fn toy() -> (Vec<Vec<f32>>, Vec<usize>) {
        let mut rng = SplitMix(7);
        let mut rows = Vec::new();
        let mut labels = Vec::new();
        for _ in 0..600 {
            let a = rng.unit();
            let b = rng.unit();
            let noise = rng.unit();
            rows.push(vec![a, b, noise]);
            labels.push(if a > 0.5 && b > 0.5 {
                2
            } else if a > 0.5 {
                1
            } else {
                0
            });
        }
        (rows, labels)
    }

    #[test]
    fn a_forest_learns_an_interaction_and_round_trips() {
        let (rows, labels) = toy();
        let config = BoostConfig {
            rounds: 30,
            learning_rate: 0.3,
            max_depth: 3,
            ..BoostConfig::default()
        };
        let forest = Forest::fit(&rows, &labels, &vec![1.0; rows.len()], 3, &config);
        let correct = rows
            .iter()
            .zip(&labels)
            .filter(|(row, label)| {
                let p = forest.predict_proba(row);
                let best = (0..3).max_by(|&x, &y| p[x].total_cmp(&p[y])).unwrap();
                best == **label
            })
            .count();
        assert!(correct >= 580, "{correct} of 600 right");

        let mut writer = Writer::default();
        forest.encode(&mut writer);
        let bytes = writer.into_bytes();
        let decoded = Forest::decode(&mut Reader::new(&bytes)).unwrap();
        assert_eq!(decoded, forest);
    }

    #[test]
    fn training_is_deterministic() {
        let (rows, labels) = toy();
        let config = BoostConfig {
            rounds: 5,
            ..BoostConfig::default()
        };
        let weights = vec![1.0; rows.len()];
        let a = Forest::fit(&rows, &labels, &weights, 3, &config);
        let b = Forest::fit(&rows, &labels, &weights, 3, &config);
        assert_eq!(a, b);
    }

    #[test]
    fn a_tree_whose_child_points_back_is_rejected() {
        let mut writer = Writer::default();
        writer.u32(2);
        writer.u32(1);
        writer.f32(0.0);
        writer.f32(0.0);
        writer.u32(1);
        writer.u32(1);
        writer.u16(0);
        writer.f32(0.5);
        writer.u32(0);
        writer.u32(0);
        let bytes = writer.into_bytes();
        assert!(Forest::decode(&mut Reader::new(&bytes)).is_err());
    }
}
