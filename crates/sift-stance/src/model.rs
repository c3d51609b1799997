//! The trained stance model: an IDF table and two boosted forests (related
//! or not; then agree, disagree or discuss), plus the fingerprints of the
//! bodies it was trained on, so that evaluation can leave them out.

use std::sync::{Arc, OnceLock};

use sift_core::{Diagnostic, Doc, HeadlineStance, LayerKind, Span, Stage, StanceLabel};

use crate::codec::{Reader, Writer};
use crate::features::{BodyIndex, Idf, layout_hash, n_features, pair_features};
use crate::gbdt::Forest;
use crate::passage::Passage;
use crate::{Error, Result};

/// The embedded model, written by `sift train stance`.
static EMBEDDED_MODEL: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/models/stance.bin.zst"
));

const MAGIC: &[u8; 8] = b"SIFTSTN1";

/// The stance classes of the second forest, in its class order.
const RELATED_LABELS: [StanceLabel; 3] = [
    StanceLabel::Agree,
    StanceLabel::Disagree,
    StanceLabel::Discuss,
];

/// What the model says about one headline-body pair.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StancePrediction {
    /// The chosen label: `unrelated` when the first forest says so with
    /// probability at least 0.5, else the second forest's best label.
    pub label: StanceLabel,
    /// The probability of `label`.
    pub score: f32,
    /// Probabilities in [`StanceLabel::ALL`] order; they sum to 1.
    pub probabilities: [f32; 4],
    /// The body sentence closest to the headline.
    pub evidence: Option<Span>,
}

pub(crate) struct ModelParts {
    pub(crate) idf: Idf,
    pub(crate) relatedness: Forest,
    pub(crate) stance: Forest,
    pub(crate) trained_bodies: Vec<u64>,
}

/// The headline-stance model and pipeline stage.
///
/// As a [`Stage`] it reads the token, sentence and tag layers and sets the
/// headline-stance layer: the body's stance towards the headline, or
/// nothing when the document has no headline or no body words.
///
/// Cloning is cheap: clones share one loaded model.
#[derive(Clone)]
pub struct StanceModel {
    parts: Arc<ModelParts>,
}

impl std::fmt::Debug for StanceModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StanceModel")
            .field("n_idf_terms", &self.parts.idf.len())
            .field("n_trained_bodies", &self.parts.trained_bodies.len())
            .finish()
    }
}

impl StanceModel {
    /// The model embedded in the binary, loaded once per process.
    pub fn embedded() -> Result<StanceModel> {
        static LOADED: OnceLock<std::result::Result<Arc<ModelParts>, String>> = OnceLock::new();
        let loaded = LOADED.get_or_init(|| {
            decode(EMBEDDED_MODEL)
                .map(Arc::new)
                .map_err(|err| err.to_string())
        });
        match loaded {
            Ok(parts) => Ok(StanceModel {
                parts: Arc::clone(parts),
            }),
            Err(why) => Err(Error::Model(format!(
                "the embedded model cannot be read ({why}); run `sift train stance` and rebuild"
            ))),
        }
    }

    /// A model from the bytes training wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<StanceModel> {
        Ok(StanceModel {
            parts: Arc::new(decode(bytes)?),
        })
    }

    pub(crate) fn from_parts(parts: ModelParts) -> StanceModel {
        StanceModel {
            parts: Arc::new(parts),
        }
    }

    /// The model as zstd-compressed bytes, the format of `stance.bin.zst`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let parts = &self.parts;
        let mut out = Writer::default();
        out.raw(MAGIC);
        out.u64(layout_hash());
        out.u32(n_features() as u32);
        parts.idf.encode(&mut out);
        parts.relatedness.encode(&mut out);
        parts.stance.encode(&mut out);
        out.u32(parts.trained_bodies.len() as u32);
        for &fingerprint in &parts.trained_bodies {
            out.u64(fingerprint);
        }
        zstd::encode_all(out.into_bytes().as_slice(), 19)
            .expect("compressing into memory cannot fail")
    }

    /// The stance of `body` towards `headline`.
    pub fn classify(&self, headline: &Passage, body: &Passage) -> StancePrediction {
        let index = BodyIndex::new(body, &self.parts.idf);
        let mut features = Vec::with_capacity(n_features());
        self.classify_indexed(headline, &index, &mut features)
    }

    pub(crate) fn classify_indexed(
        &self,
        headline: &Passage,
        body: &BodyIndex,
        features: &mut Vec<f32>,
    ) -> StancePrediction {
        let evidence = pair_features(headline, body, &self.parts.idf, features);
        predict(&self.parts, features, evidence)
    }

    /// True when a body with this text was in the model's training part
    /// (compared by [`body_fingerprint`]).
    pub fn was_trained_on(&self, body_text: &str) -> bool {
        self.parts
            .trained_bodies
            .binary_search(&body_fingerprint(body_text))
            .is_ok()
    }

    /// How many bodies the model was trained on.
    pub fn n_trained_bodies(&self) -> usize {
        self.parts.trained_bodies.len()
    }
}

pub(crate) fn predict(
    parts: &ModelParts,
    features: &[f32],
    evidence: Option<Span>,
) -> StancePrediction {
    let relatedness = parts.relatedness.predict_proba(features);
    let p_unrelated = relatedness[1];
    let stance = parts.stance.predict_proba(features);
    let p_related = 1.0 - p_unrelated;
    let probabilities = [
        p_related * stance[0],
        p_related * stance[1],
        p_related * stance[2],
        p_unrelated,
    ];
    let (label, score) = if p_unrelated >= 0.5 {
        (StanceLabel::Unrelated, p_unrelated)
    } else {
        let best = (0..3)
            .max_by(|&a, &b| stance[a].total_cmp(&stance[b]).then(b.cmp(&a)))
            .expect("three classes");
        (RELATED_LABELS[best], probabilities[best])
    };
    StancePrediction {
        label,
        score: score.clamp(0.0, 1.0),
        probabilities,
        evidence,
    }
}

/// A body's identity for [`StanceModel::was_trained_on`]: XXH3-64 of its
/// words joined by single spaces, so re-wrapped copies match.
pub fn body_fingerprint(text: &str) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for (idx, word) in text.split_whitespace().enumerate() {
        if idx > 0 {
            hasher.update(b" ");
        }
        hasher.update(word.as_bytes());
    }
    hasher.digest()
}

fn decode(compressed: &[u8]) -> Result<ModelParts> {
    let bytes = zstd::decode_all(compressed)
        .map_err(|err| Error::Model(format!("not zstd data ({err})")))?;
    let mut input = Reader::new(&bytes);
    if input.raw(MAGIC.len())? != MAGIC {
        return Err(Error::Model("not a sift stance model".into()));
    }
    if input.u64()? != layout_hash() || input.u32()? as usize != n_features() {
        return Err(Error::Model(
            "the model was trained on other features than this build computes".into(),
        ));
    }
    let idf = Idf::decode(&mut input)?;
    let relatedness = Forest::decode(&mut input)?;
    let stance = Forest::decode(&mut input)?;
    if relatedness.n_classes() != 2 || stance.n_classes() != 3 {
        return Err(Error::Model(
            "the forests have the wrong number of classes".into(),
        ));
    }
    let n_bodies = input.u32()? as usize;
    let trained_bodies = (0..n_bodies)
        .map(|_| input.u64())
        .collect::<Result<Vec<_>>>()?;
    if trained_bodies.windows(2).any(|pair| pair[0] > pair[1]) {
        return Err(Error::Model("the body fingerprints are not sorted".into()));
    }
    if !input.is_empty() {
        return Err(Error::Model("trailing bytes after the model".into()));
    }
    Ok(ModelParts {
        idf,
        relatedness,
        stance,
        trained_bodies,
    })
}

impl Stage for StanceModel {
    fn name(&self) -> &'static str {
        "stance"
    }

    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences, LayerKind::Tags]
    }

    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::HeadlineStance]
    }

    fn run(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let stance = Passage::headline_of(doc).and_then(|headline| {
            let body = Passage::body_of(doc);
            if headline.is_empty() || body.is_empty() {
                return None;
            }
            let prediction = self.classify(&headline, &body);
            Some(HeadlineStance {
                label: prediction.label,
                score: prediction.score,
                evidence: prediction.evidence,
            })
        });
        doc.set_headline_stance(stance);
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gbdt::BoostConfig;
    use crate::passage::PassageReader;

    #[test]
    fn a_model_round_trips_through_its_bytes_and_predicts_the_same() {
        let reader = PassageReader::embedded().unwrap();
        let body = reader.body("Officials denied that the dam burst. Farmers saw no flood.");
        let idf = Idf::fit([&body]).quantized();
        let rows: Vec<Vec<f32>> = (0..40)
            .map(|i| {
                (0..n_features())
                    .map(|f| ((i * 7 + f) % 11) as f32)
                    .collect()
            })
            .collect();
        let config = BoostConfig {
            rounds: 3,
            ..BoostConfig::default()
        };
        let weights = vec![1.0; rows.len()];
        let two: Vec<usize> = (0..40).map(|i| i % 2).collect();
        let three: Vec<usize> = (0..40).map(|i| i % 3).collect();
        let model = StanceModel::from_parts(ModelParts {
            idf,
            relatedness: Forest::fit(&rows, &two, &weights, 2, &config),
            stance: Forest::fit(&rows, &three, &weights, 3, &config),
            trained_bodies: vec![body_fingerprint("Officials  denied\nthat the dam burst.")],
        });
        let bytes = model.to_bytes();
        let loaded = StanceModel::from_bytes(&bytes).unwrap();
        let headline = reader.headline("Dam bursts");
        assert_eq!(
            loaded.classify(&headline, &body),
            model.classify(&headline, &body)
        );
        assert!(loaded.was_trained_on("Officials denied that the dam burst."));
        assert!(!loaded.was_trained_on("Officials confirmed that the dam burst."));
        assert_eq!(loaded.to_bytes(), bytes, "encoding is deterministic");
    }

    #[test]
    fn bytes_that_are_not_a_model_are_refused_with_a_reason() {
        let err = StanceModel::from_bytes(b"not zstd")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("stance model: not zstd data"), "{err}");
        let other = zstd::encode_all(&b"SIFTTAG1 and more"[..], 1).unwrap();
        let err = StanceModel::from_bytes(&other).unwrap_err().to_string();
        assert_eq!(err, "stance model: not a sift stance model");
    }
}
