//! `sift train stance` and `sift eval stance`: FNC-1 files in, the model
//! bytes or a report out.

use std::path::Path;

use anyhow::Context;

use crate::Outcome;

/// Trains on the FNC-1 training files, prints the held-out report (FNC score
/// last) and returns the compressed model.
pub fn train(
    bodies_csv: &[u8],
    stances_csv: &[u8],
    progress: &mut dyn FnMut(&str),
) -> anyhow::Result<Vec<u8>> {
    let bodies = sift_stance::read_fnc_bodies(bodies_csv).context("fnc1/train_bodies.csv")?;
    let pairs =
        sift_stance::read_fnc_stances(stances_csv).context("fnc1/train_stances.partial.csv")?;
    let reader = sift_stance::PassageReader::embedded()?;
    let config = sift_stance::StanceTrainConfig::default();
    let trained = sift_stance::train_stance(&bodies, &pairs, &reader, &config, progress)?;
    if let Some(cv) = &trained.cross_validation {
        println!(
            "cross-validation on the training part ({} folds by body): FNC score {:.4}, macro-F1 {:.4}",
            config.cv_folds,
            cv.fnc_score(),
            cv.macro_f1()
        );
    }
    println!(
        "trained on {} pairs over {} bodies; held out {} pairs over {} bodies (body text hash % {} == 0)",
        trained.n_train_pairs,
        trained.n_train_bodies,
        trained.n_dev_pairs,
        trained.n_dev_bodies,
        config.dev_every
    );
    println!("held-out:\n{}", trained.dev);
    println!("FNC score: {:.4}", trained.dev.fnc_score());
    Ok(trained.model.to_bytes())
}

/// Scores the embedded model on FNC-1 files and prints the report.
pub fn eval(
    bodies: &Path,
    stances: &Path,
    include_trained_bodies: bool,
) -> anyhow::Result<Outcome> {
    let read = |path: &Path| {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
    };
    let bodies_list = sift_stance::read_fnc_bodies(&read(bodies)?)
        .with_context(|| format!("{} is not an FNC-1 bodies file", bodies.display()))?;
    let pairs = sift_stance::read_fnc_stances(&read(stances)?)
        .with_context(|| format!("{} is not an FNC-1 stances file", stances.display()))?;
    let model =
        sift_stance::StanceModel::embedded().context("cannot load the embedded stance model")?;
    let tagger = sift_lang::Tagger::embedded().context("cannot load the embedded tagger")?;
    let options = sift_stance::EvalOptions {
        include_trained_bodies,
    };
    let report = sift_stance::evaluate_stance(&model, &tagger, &bodies_list, &pairs, options)?;
    if report.confusion.total() == 0 {
        anyhow::bail!(
            "no pair left to score: the model was trained on every body in {}; pass --include-trained-bodies to score them anyway (not a held-out score)",
            bodies.display()
        );
    }
    println!("{report}");
    Ok(Outcome::Clean)
}
