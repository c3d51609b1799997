use std::fmt;
use std::time::{Duration, Instant};

use sift_lang::{Parser, Tagger};

use crate::{Error, Result};

/// Dependency parsing scored against a CoNLL-U treebank: gold tokenization,
/// tags predicted by the tagger, as in the CoNLL 2018 shared task's
/// gold-tokenization setting.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParseEval {
    /// Sentences in the gold file.
    pub n_sentences: usize,
    /// Syntactic words in the gold file.
    pub n_words: usize,
    /// Words whose gold UPOS is `PUNCT`.
    pub n_punct: usize,
    /// Words whose predicted UPOS matches the gold one.
    pub n_upos_correct: usize,
    /// Non-punctuation words with the right head.
    pub n_heads_correct_no_punct: usize,
    /// Non-punctuation words with the right head and relation.
    pub n_labelled_correct_no_punct: usize,
    /// Words with the right head.
    pub n_heads_correct: usize,
    /// Words with the right head and relation (subtypes included).
    pub n_labelled_correct: usize,
    /// Time spent in the parser alone (not the tagger).
    pub parse_time: Duration,
}

impl ParseEval {
    /// Unlabelled attachment score over every word.
    pub fn uas(&self) -> f64 {
        ratio(self.n_heads_correct, self.n_words)
    }

    /// Labelled attachment score over every word: the headline metric.
    pub fn las(&self) -> f64 {
        ratio(self.n_labelled_correct, self.n_words)
    }

    /// Unlabelled attachment score, punctuation excluded.
    pub fn uas_no_punct(&self) -> f64 {
        ratio(self.n_heads_correct_no_punct, self.n_words - self.n_punct)
    }

    /// Labelled attachment score, punctuation excluded.
    pub fn las_no_punct(&self) -> f64 {
        ratio(
            self.n_labelled_correct_no_punct,
            self.n_words - self.n_punct,
        )
    }

    /// Predicted UPOS accuracy.
    pub fn upos_accuracy(&self) -> f64 {
        ratio(self.n_upos_correct, self.n_words)
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

impl fmt::Display for ParseEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words_per_second = self.n_words as f64 / self.parse_time.as_secs_f64().max(1e-9);
        writeln!(
            f,
            "sentences: {}  words: {} ({} punctuation)  predicted UPOS {:.2}%  parsing {:.0} words/s",
            self.n_sentences,
            self.n_words,
            self.n_punct,
            100.0 * self.upos_accuracy(),
            words_per_second
        )?;
        writeln!(
            f,
            "punctuation excluded: UAS {:.2}  LAS {:.2}",
            100.0 * self.uas_no_punct(),
            100.0 * self.las_no_punct()
        )?;
        writeln!(f, "UAS {:.2}", 100.0 * self.uas())?;
        write!(f, "LAS {:.2}", 100.0 * self.las())
    }
}

/// Tags the gold words of each sentence with `tagger`, parses them with
/// `parser` and scores heads and relations against the gold tree.
///
/// The report's last line is LAS with punctuation included, the CoNLL 2018
/// shared task's main metric; the punctuation-excluded scores follow the
/// older CoNLL-X convention (a word is punctuation when its gold UPOS is
/// `PUNCT`).
pub fn eval_parse(conllu: &str, tagger: &Tagger, parser: &Parser) -> Result<ParseEval> {
    let sentences = sift_lang::read_conllu(conllu).map_err(|err| Error::Format {
        line: err.line,
        message: err.message,
    })?;
    let mut eval = ParseEval {
        n_sentences: sentences.len(),
        ..ParseEval::default()
    };
    for sentence in &sentences {
        let forms: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
        let tags = tagger.tag_words(&forms);
        let started = Instant::now();
        let dependencies = parser.parse_words(&forms, &tags);
        eval.parse_time += started.elapsed();
        for (idx, word) in sentence.words.iter().enumerate() {
            let is_punct = word.upos == "PUNCT";
            eval.n_words += 1;
            eval.n_punct += usize::from(is_punct);
            eval.n_upos_correct +=
                usize::from(tags.get(idx).is_some_and(|t| t.upos.as_str() == word.upos));
            let Some(dependency) = dependencies.get(idx) else {
                continue;
            };
            let gold_head = word.head.checked_sub(1).map(|h| h as u32);
            if dependency.head != gold_head {
                continue;
            }
            let labelled = dependency.label.as_str() == word.deprel;
            eval.n_heads_correct += 1;
            eval.n_labelled_correct += usize::from(labelled);
            if !is_punct {
                eval.n_heads_correct_no_punct += 1;
                eval.n_labelled_correct_no_punct += usize::from(labelled);
            }
        }
    }
    Ok(eval)
}
