//! The "text basics" stage of sift: tokenization and sentence splitting.
//!
//! Key items:
//! - [`TextBasics`]: the pipeline [`Stage`] that adds the token and sentence
//!   layers to a [`Doc`].
//! - [`tokenize`]: hand-written byte scanning that follows UD English EWT
//!   conventions (clitics such as `n't` and `'s` are their own tokens, most
//!   hyphenated compounds are split, abbreviations keep their period).
//! - [`split_sentences`]: rules for abbreviations, quotes, ellipses,
//!   paragraphs, the headline and news datelines.
//!
//! Both run in linear time, allocate only the output vectors, and never
//! panic on any input. This crate does no IO: every resource it uses is a
//! small word list compiled into it.
#![deny(missing_docs)]

mod lexicon;
mod linear;
mod ner;
mod parser;
mod sentences;
mod tagger;
mod tokenize;
mod treebank;

use sift_core::{Diagnostic, Doc, LayerKind, Stage};

pub use linear::ModelError;
pub use ner::{
    EntityRecognizer, NerSources, NerTrainConfig, NerTrainError, WordEntity, train_ner,
    train_ner_with_config,
};
pub use parser::{
    Parser, ParserTrainConfig, ParserTrainError, jackknife_tags, train_parser, train_parser_with,
};
pub use sentences::split_sentences;
pub use tagger::{Tagger, TaggerTrainError, train_tagger, train_tagger_in_memory};
pub use tokenize::tokenize;
pub use treebank::{TreebankError, TreebankSentence, TreebankWord, read_conllu};

/// The stage that tokenizes a document and splits it into sentences.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextBasics;

impl TextBasics {
    /// The stage. It holds no resources, so making one is free.
    pub fn new() -> TextBasics {
        TextBasics
    }
}

impl Stage for TextBasics {
    fn name(&self) -> &'static str {
        "text-basics"
    }

    fn requires(&self) -> &'static [LayerKind] {
        &[]
    }

    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }

    fn run(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let tokens = tokenize(doc.text());
        let sentences = split_sentences(doc.text(), &tokens, doc.headline());
        doc.set_tokens(tokens);
        doc.set_sentences(sentences);
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use sift_core::{Headline, Pipeline, SentenceKind};

    use super::*;

    #[test]
    fn the_stage_needs_nothing_and_sets_both_layers() {
        let pipeline = Pipeline::new(vec![Box::new(TextBasics::new())]).unwrap();
        let mut doc = Doc::from_text(
            "Talks stall\n\nMOSCOW -- Talks stalled. Both sides left.",
            Headline::FirstLine,
        )
        .unwrap();
        pipeline.run(&mut doc);
        let kinds: Vec<_> = doc
            .sentences()
            .iter()
            .map(|s| (s.kind, s.paragraph))
            .collect();
        assert_eq!(
            kinds,
            [
                (SentenceKind::Headline, 0),
                (SentenceKind::Dateline, 1),
                (SentenceKind::Body, 1),
                (SentenceKind::Body, 1)
            ]
        );
        assert_eq!(doc.slice(doc.dateline().unwrap()), "MOSCOW --");
    }
}
