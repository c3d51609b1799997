//! Scoring a stance model on FNC-1 files, through the same path the analyzer
//! takes: each pair becomes a document (headline + body), runs the text
//! basics and the tagger, then the stance stage.

use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, Instant};

use sift_core::{Doc, Headline, NewDoc, Pipeline, Stage};

use crate::fnc::{Confusion, FncBody, FncPair};
use crate::model::StanceModel;
use crate::{Error, Result};

/// Which pairs to score.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EvalOptions {
    /// Also score pairs whose body the model was trained on. Off by default:
    /// a score on training bodies says little about new reports.
    pub include_trained_bodies: bool,
}

/// The result of [`evaluate_stance`].
#[derive(Clone, Debug)]
pub struct StanceEval {
    /// Gold against predicted labels for the scored pairs.
    pub confusion: Confusion,
    /// Pairs in the stances file.
    pub n_pairs_read: usize,
    /// Pairs left out because the model was trained on their body.
    pub n_pairs_skipped: usize,
    /// Distinct bodies among the scored pairs.
    pub n_bodies_scored: usize,
    /// Whether training bodies were scored too.
    pub included_trained_bodies: bool,
    /// Time spent in the stance stage alone (one thread).
    pub stage_time: Duration,
}

/// Scores `model` on labelled pairs. Unless asked, pairs whose body the
/// model was trained on are left out and counted in `n_pairs_skipped`.
pub fn evaluate_stance(
    model: &StanceModel,
    tagger: &sift_lang::Tagger,
    bodies: &[FncBody],
    pairs: &[FncPair],
    options: EvalOptions,
) -> Result<StanceEval> {
    let by_id: HashMap<u32, &FncBody> = bodies.iter().map(|b| (b.id, b)).collect();
    let language = Pipeline::new(vec![
        Box::new(sift_lang::TextBasics::new()),
        Box::new(tagger.clone()),
    ])
    .map_err(|err| Error::Model(err.to_string()))?;
    let mut trained_cache: HashMap<u32, bool> = HashMap::new();
    let mut confusion = Confusion::default();
    let mut n_pairs_skipped = 0;
    let mut scored_bodies = std::collections::HashSet::new();
    let mut stage_time = Duration::ZERO;
    for pair in pairs {
        let body = by_id.get(&pair.body_id).ok_or_else(|| {
            Error::Data(format!(
                "stances line {}: body id {} is not in the bodies file",
                pair.line, pair.body_id
            ))
        })?;
        let trained = *trained_cache
            .entry(body.id)
            .or_insert_with(|| model.was_trained_on(&body.text));
        if trained && !options.include_trained_bodies {
            n_pairs_skipped += 1;
            continue;
        }
        scored_bodies.insert(body.id);
        let predicted = match Doc::new(NewDoc {
            text: body.text.clone(),
            headline: Headline::Given(pair.headline.clone()),
            ..NewDoc::default()
        }) {
            Ok(mut doc) => {
                language.run(&mut doc);
                let started = Instant::now();
                model.run(&mut doc);
                stage_time += started.elapsed();
                doc.headline_stance().map(|s| s.label)
            }
            Err(_) => None,
        };
        // A pair the stage cannot judge (an empty body) counts as unrelated,
        // the label a reader would take from "no stance".
        confusion.add(
            pair.label,
            predicted.unwrap_or(sift_core::StanceLabel::Unrelated),
        );
    }
    Ok(StanceEval {
        confusion,
        n_pairs_read: pairs.len(),
        n_pairs_skipped,
        n_bodies_scored: scored_bodies.len(),
        included_trained_bodies: options.include_trained_bodies,
        stage_time,
    })
}

impl fmt::Display for StanceEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scored = self.confusion.total();
        if self.included_trained_bodies {
            writeln!(
                f,
                "pairs: {scored} scored over {} bodies, INCLUDING bodies the model was trained on (not a held-out score)",
                self.n_bodies_scored
            )?;
        } else {
            writeln!(
                f,
                "pairs: {scored} held-out pairs scored over {} bodies; {} of {} left out because the model was trained on their body",
                self.n_bodies_scored, self.n_pairs_skipped, self.n_pairs_read
            )?;
        }
        let seconds = self.stage_time.as_secs_f64();
        if scored > 0 && seconds > 0.0 {
            writeln!(
                f,
                "speed: stance stage {:.0} docs/s on one thread ({:.1} µs per doc, after tokenizing and tagging)",
                scored as f64 / seconds,
                seconds * 1e6 / scored as f64
            )?;
        }
        writeln!(f, "{}", self.confusion)?;
        write!(f, "FNC score: {:.4}", self.confusion.fnc_score())
    }
}
