use std::collections::BTreeSet;

use crate::{Diagnostic, Doc, Error, LayerKind, Result};

/// One step of analysis: reads some layers of a [`Doc`] and adds others.
///
/// A stage is a pure function of the document and the resources it was built
/// with. It never does IO and never panics on input: anything odd about the
/// text is returned as a [`Diagnostic`].
pub trait Stage: Send + Sync {
    /// A short stable name, used in messages and benchmarks.
    fn name(&self) -> &'static str;
    /// The layers that must exist before this stage runs.
    fn requires(&self) -> &'static [LayerKind];
    /// The layers this stage adds. It must set each of them.
    fn produces(&self) -> &'static [LayerKind];
    /// Adds this stage's layers to `doc`.
    fn run(&self, doc: &mut Doc) -> Vec<Diagnostic>;
}

/// An ordered list of stages, checked once when it is built.
///
/// `Pipeline` is `Send + Sync`, so one instance can be shared by every
/// thread of a rayon pool.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// Checks that every stage's inputs are produced by an earlier stage and
    /// that no layer is produced twice.
    pub fn new(stages: Vec<Box<dyn Stage>>) -> Result<Pipeline> {
        let mut available = BTreeSet::new();
        for stage in &stages {
            for &layer in stage.requires() {
                if !available.contains(&layer) {
                    return Err(Error::MissingLayer {
                        stage: stage.name(),
                        layer,
                    });
                }
            }
            for &layer in stage.produces() {
                if !available.insert(layer) {
                    return Err(Error::DuplicateLayer {
                        stage: stage.name(),
                        layer,
                    });
                }
            }
        }
        Ok(Pipeline { stages })
    }

    /// Runs every stage over `doc` in order, recording their diagnostics on it.
    pub fn run(&self, doc: &mut Doc) {
        for stage in &self.stages {
            run_stage(stage.as_ref(), doc);
        }
    }

    /// [`Pipeline::run`], adding each stage's wall time to `timings`
    /// (one entry per stage, in order), for benchmarks.
    ///
    /// # Panics
    /// If `timings` has fewer entries than the pipeline has stages.
    pub fn run_timed(&self, doc: &mut Doc, timings: &mut [std::time::Duration]) {
        for (stage, elapsed) in self.stages.iter().zip(timings.iter_mut()) {
            let started = std::time::Instant::now();
            run_stage(stage.as_ref(), doc);
            *elapsed += started.elapsed();
        }
    }

    /// The stage names in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|stage| stage.name()).collect()
    }

    /// The layers a document has after this pipeline ran.
    pub fn produces(&self) -> BTreeSet<LayerKind> {
        self.stages
            .iter()
            .flat_map(|stage| stage.produces().iter().copied())
            .collect()
    }
}

fn run_stage(stage: &dyn Stage, doc: &mut Doc) {
    for diagnostic in stage.run(doc) {
        doc.add_diagnostic(diagnostic);
    }
    debug_assert!(
        stage
            .produces()
            .iter()
            .all(|&layer| doc.layers().has(layer)),
        "stage `{}` did not set every layer it declares",
        stage.name()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake {
        name: &'static str,
        requires: &'static [LayerKind],
        produces: &'static [LayerKind],
    }

    impl Stage for Fake {
        fn name(&self) -> &'static str {
            self.name
        }
        fn requires(&self) -> &'static [LayerKind] {
            self.requires
        }
        fn produces(&self) -> &'static [LayerKind] {
            self.produces
        }
        fn run(&self, doc: &mut Doc) -> Vec<Diagnostic> {
            for layer in self.produces {
                match layer {
                    LayerKind::Tokens => doc.set_tokens(Vec::new()),
                    LayerKind::Sentences => doc.set_sentences(Vec::new()),
                    LayerKind::Tags => doc.set_tags(Vec::new()),
                    LayerKind::Dependencies => doc.set_dependencies(Vec::new()),
                    LayerKind::Entities => doc.set_entities(Vec::new()),
                    LayerKind::Claims => doc.set_claims(crate::ClaimAnalysis::default()),
                    LayerKind::Dates => doc.set_dates(Default::default()),
                    LayerKind::Actors => doc.set_actors(Vec::new()),
                    LayerKind::Events => doc.set_events(Vec::new()),
                    LayerKind::Magnitudes => doc.set_magnitudes(Vec::new()),
                    LayerKind::Places => doc.set_places(Vec::new()),
                    LayerKind::HeadlineStance => doc.set_headline_stance(None),
                }
            }
            Vec::new()
        }
    }

    fn fake(
        name: &'static str,
        requires: &'static [LayerKind],
        produces: &'static [LayerKind],
    ) -> Box<dyn Stage> {
        Box::new(Fake {
            name,
            requires,
            produces,
        })
    }

    #[test]
    fn a_stage_before_its_input_is_rejected_at_build_time() {
        let err = Pipeline::new(vec![
            fake("splitter", &[LayerKind::Tokens], &[LayerKind::Sentences]),
            fake("tokenizer", &[], &[LayerKind::Tokens]),
        ])
        .err()
        .unwrap();
        assert!(matches!(
            err,
            Error::MissingLayer {
                stage: "splitter",
                layer: LayerKind::Tokens
            }
        ));
    }

    #[test]
    fn a_layer_produced_twice_is_rejected() {
        let err = Pipeline::new(vec![
            fake("a", &[], &[LayerKind::Tokens]),
            fake("b", &[], &[LayerKind::Tokens]),
        ])
        .err()
        .unwrap();
        assert!(matches!(err, Error::DuplicateLayer { stage: "b", .. }));
    }

    #[test]
    fn pipeline_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Pipeline>();
    }
}
