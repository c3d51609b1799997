//! Training on FNC-1 data: a deterministic split by body, the IDF table from
//! the training part, the two forests, cross-validation by body on the
//! training part, and the score on the held-out bodies.

use std::collections::HashMap;

use sift_core::StanceLabel;

use crate::features::{BodyIndex, Idf, n_features, pair_features};
use crate::fnc::{Confusion, FncBody, FncPair};
use crate::gbdt::{BoostConfig, Forest};
use crate::model::{ModelParts, StanceModel, body_fingerprint, predict};
use crate::passage::{Passage, PassageReader};
use crate::{Error, Result};

/// How `sift train stance` trains.
#[derive(Clone, Debug, PartialEq)]
pub struct StanceTrainConfig {
    /// A body is held out for development when the hash of its text is a
    /// multiple of this (5 holds out about a fifth of the bodies).
    pub dev_every: u64,
    /// Folds of cross-validation by body on the training part (0 skips it).
    pub cv_folds: u64,
    /// The related/unrelated forest.
    pub relatedness: BoostConfig,
    /// The agree/disagree/discuss forest, trained on related pairs only.
    pub stance: BoostConfig,
    /// Row weights of agree, disagree and discuss in the second forest.
    pub stance_class_weights: [f32; 3],
}

impl Default for StanceTrainConfig {
    fn default() -> StanceTrainConfig {
        StanceTrainConfig {
            dev_every: 5,
            cv_folds: 5,
            relatedness: BoostConfig {
                rounds: 200,
                ..BoostConfig::default()
            },
            stance: BoostConfig {
                rounds: 150,
                max_depth: 4,
                ..BoostConfig::default()
            },
            stance_class_weights: [1.0, 4.0, 1.0],
        }
    }
}

/// What training produced.
#[derive(Clone, Debug)]
pub struct TrainedStance {
    /// The model, trained on the training part only.
    pub model: StanceModel,
    /// The held-out bodies' pairs, scored by the model.
    pub dev: Confusion,
    /// Cross-validation by body on the training part, all folds pooled.
    pub cross_validation: Option<Confusion>,
    /// Bodies with labelled pairs in the training part.
    pub n_train_bodies: usize,
    /// Bodies with labelled pairs held out.
    pub n_dev_bodies: usize,
    /// Pairs in the training part.
    pub n_train_pairs: usize,
    /// Pairs held out.
    pub n_dev_pairs: usize,
}

/// True when a body with this text is held out for development under
/// [`StanceTrainConfig::dev_every`]. The split goes by text, not by id:
/// FNC-1 has copies of one body under several ids, and a copy on each side
/// would leak the held-out labels into training.
pub fn is_dev_body(body_text: &str, dev_every: u64) -> bool {
    dev_every > 0 && salted_hash("fnc1-dev", body_fingerprint(body_text)).is_multiple_of(dev_every)
}

fn salted_hash(salt: &str, fingerprint: u64) -> u64 {
    xxhash_rust::xxh3::xxh3_64(format!("{salt}:{fingerprint:016x}").as_bytes())
}

/// Trains the stance model on FNC-1 bodies and labelled pairs.
pub fn train_stance(
    bodies: &[FncBody],
    pairs: &[FncPair],
    reader: &PassageReader,
    config: &StanceTrainConfig,
    progress: &mut dyn FnMut(&str),
) -> Result<TrainedStance> {
    let body_idx: HashMap<u32, usize> = bodies.iter().enumerate().map(|(i, b)| (b.id, i)).collect();
    for pair in pairs {
        if !body_idx.contains_key(&pair.body_id) {
            return Err(Error::Data(format!(
                "stances line {}: body id {} is not in the bodies file",
                pair.line, pair.body_id
            )));
        }
    }
    let is_dev: Vec<bool> = bodies
        .iter()
        .map(|b| is_dev_body(&b.text, config.dev_every))
        .collect();
    let (train_pairs, dev_pairs): (Vec<&FncPair>, Vec<&FncPair>) =
        pairs.iter().partition(|p| !is_dev[body_idx[&p.body_id]]);
    for label in StanceLabel::ALL {
        if !train_pairs.iter().any(|p| p.label == label) {
            return Err(Error::Data(format!(
                "no training pair is labelled {}",
                label.as_str()
            )));
        }
    }

    progress(&format!(
        "stance: {} bodies, {} pairs; reading (tokenizer + tagger)",
        bodies.len(),
        pairs.len()
    ));
    let body_passages: Vec<Passage> = bodies.iter().map(|b| reader.body(&b.text)).collect();
    let mut headline_idx: HashMap<&str, usize> = HashMap::new();
    let mut headline_passages = Vec::new();
    for pair in pairs {
        headline_idx
            .entry(pair.headline.as_str())
            .or_insert_with(|| {
                headline_passages.push(reader.headline(&pair.headline));
                headline_passages.len() - 1
            });
    }

    // IDF from the training part only: held-out text must not shape the model.
    let mut train_headlines: Vec<usize> = train_pairs
        .iter()
        .map(|p| headline_idx[p.headline.as_str()])
        .collect();
    train_headlines.sort_unstable();
    train_headlines.dedup();
    let idf = Idf::fit(
        body_passages
            .iter()
            .zip(&is_dev)
            .filter(|(_, dev)| !**dev)
            .map(|(p, _)| p)
            .chain(train_headlines.iter().map(|&i| &headline_passages[i])),
    )
    .quantized();
    progress(&format!("stance: IDF over {} terms", idf.len()));

    let features_of = |subset: &[&FncPair]| -> Vec<Vec<f32>> {
        let mut by_body: HashMap<u32, Vec<usize>> = HashMap::new();
        for (row, pair) in subset.iter().enumerate() {
            by_body.entry(pair.body_id).or_default().push(row);
        }
        let mut rows = vec![Vec::new(); subset.len()];
        let mut body_ids: Vec<u32> = by_body.keys().copied().collect();
        body_ids.sort_unstable();
        for body_id in body_ids {
            let index = BodyIndex::new(&body_passages[body_idx[&body_id]], &idf);
            for &row in &by_body[&body_id] {
                let headline = &headline_passages[headline_idx[subset[row].headline.as_str()]];
                let mut features = Vec::with_capacity(n_features());
                pair_features(headline, &index, &idf, &mut features);
                rows[row] = features;
            }
        }
        rows
    };
    let train_rows = features_of(&train_pairs);
    let dev_rows = features_of(&dev_pairs);
    let train_labels: Vec<StanceLabel> = train_pairs.iter().map(|p| p.label).collect();
    let fingerprints: HashMap<u32, u64> = bodies
        .iter()
        .map(|b| (b.id, body_fingerprint(&b.text)))
        .collect();
    progress(&format!(
        "stance: {} features for {} training and {} held-out pairs",
        n_features(),
        train_rows.len(),
        dev_rows.len()
    ));

    let cross_validation = (config.cv_folds >= 2).then(|| {
        let mut pooled = Confusion::default();
        for fold in 0..config.cv_folds {
            let in_fold: Vec<bool> = train_pairs
                .iter()
                .map(|p| salted_hash("fnc1-cv", fingerprints[&p.body_id]) % config.cv_folds == fold)
                .collect();
            let pick = |keep: bool| -> (Vec<Vec<f32>>, Vec<StanceLabel>) {
                train_rows
                    .iter()
                    .zip(&train_labels)
                    .zip(&in_fold)
                    .filter(|(_, f)| **f == keep)
                    .map(|((row, label), _)| (row.clone(), *label))
                    .unzip()
            };
            let (fit_rows, fit_labels) = pick(false);
            let (test_rows, test_labels) = pick(true);
            let parts = fit_forests(&fit_rows, &fit_labels, idf.clone(), config);
            for (row, gold) in test_rows.iter().zip(test_labels) {
                pooled.add(gold, predict(&parts, row, None).label);
            }
            progress(&format!(
                "stance: cross-validation fold {}/{}: FNC score so far {:.4}",
                fold + 1,
                config.cv_folds,
                pooled.fnc_score()
            ));
        }
        pooled
    });

    let mut parts = fit_forests(&train_rows, &train_labels, idf, config);
    parts.trained_bodies = bodies
        .iter()
        .zip(&is_dev)
        .filter(|(_, dev)| !**dev)
        .map(|(b, _)| body_fingerprint(&b.text))
        .collect();
    parts.trained_bodies.sort_unstable();
    parts.trained_bodies.dedup();
    let mut dev = Confusion::default();
    for (row, pair) in dev_rows.iter().zip(&dev_pairs) {
        dev.add(pair.label, predict(&parts, row, None).label);
    }
    let distinct_bodies = |subset: &[&FncPair]| {
        subset
            .iter()
            .map(|p| p.body_id)
            .collect::<std::collections::HashSet<_>>()
            .len()
    };
    Ok(TrainedStance {
        model: StanceModel::from_parts(parts),
        dev,
        cross_validation,
        n_train_bodies: distinct_bodies(&train_pairs),
        n_dev_bodies: distinct_bodies(&dev_pairs),
        n_train_pairs: train_pairs.len(),
        n_dev_pairs: dev_pairs.len(),
    })
}

fn fit_forests(
    rows: &[Vec<f32>],
    labels: &[StanceLabel],
    idf: Idf,
    config: &StanceTrainConfig,
) -> ModelParts {
    let related: Vec<usize> = labels.iter().map(|l| (!l.is_related()) as usize).collect();
    let relatedness = Forest::fit(
        rows,
        &related,
        &vec![1.0; rows.len()],
        2,
        &config.relatedness,
    );
    let (stance_rows, stance_labels): (Vec<Vec<f32>>, Vec<usize>) = rows
        .iter()
        .zip(labels)
        .filter(|(_, l)| l.is_related())
        .map(|(row, l)| (row.clone(), l.id()))
        .unzip();
    let weights: Vec<f32> = stance_labels
        .iter()
        .map(|&l| config.stance_class_weights[l])
        .collect();
    let stance = Forest::fit(&stance_rows, &stance_labels, &weights, 3, &config.stance);
    ModelParts {
        idf,
        relatedness,
        stance,
        trained_bodies: Vec::new(),
    }
}
