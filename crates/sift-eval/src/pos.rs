use std::fmt;

use sift_lang::Tagger;

use crate::{Error, Result};

/// Part-of-speech tags and lemmas scored against a CoNLL-U treebank, on its
/// gold tokenization (syntactic words; multiword-token ranges are skipped).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PosEval {
    /// Sentences in the gold file.
    pub n_sentences: usize,
    /// Syntactic words in the gold file.
    pub n_words: usize,
    /// Words whose exact form the tagger never saw in training.
    pub n_unknown_words: usize,
    /// Words with the gold UPOS tag.
    pub upos_correct: usize,
    /// Words with the gold XPOS tag.
    pub xpos_correct: usize,
    /// Words with both gold tags.
    pub both_correct: usize,
    /// Words whose lemma is exactly the gold lemma.
    pub lemma_correct: usize,
    /// Unknown words with the gold UPOS tag.
    pub unknown_upos_correct: usize,
}

impl PosEval {
    /// UPOS accuracy, the headline metric.
    pub fn upos(&self) -> f64 {
        share(self.upos_correct, self.n_words)
    }
    /// XPOS accuracy.
    pub fn xpos(&self) -> f64 {
        share(self.xpos_correct, self.n_words)
    }
    /// Lemma accuracy.
    pub fn lemma(&self) -> f64 {
        share(self.lemma_correct, self.n_words)
    }
    /// UPOS accuracy on words unseen in training.
    pub fn unknown_upos(&self) -> f64 {
        share(self.unknown_upos_correct, self.n_unknown_words)
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

impl fmt::Display for PosEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "sentences: {}  words: {}  unseen in training: {}",
            self.n_sentences, self.n_words, self.n_unknown_words
        )?;
        writeln!(f, "lemma        {:.4}", self.lemma())?;
        writeln!(
            f,
            "UPOS+XPOS    {:.4}",
            share(self.both_correct, self.n_words)
        )?;
        writeln!(f, "XPOS         {:.4}", self.xpos())?;
        writeln!(f, "UPOS unseen  {:.4}", self.unknown_upos())?;
        write!(f, "UPOS         {:.4}", self.upos())
    }
}

/// Tags each gold sentence's words with `tagger` and scores UPOS, XPOS and
/// lemmas (lemmas from the predicted tags) against the gold columns.
pub fn eval_pos(conllu: &str, tagger: &Tagger) -> Result<PosEval> {
    let sentences = sift_lang::read_conllu(conllu).map_err(|err| Error::Format {
        line: err.line,
        message: err.message,
    })?;
    let mut eval = PosEval {
        n_sentences: sentences.len(),
        ..PosEval::default()
    };
    let mut words: Vec<&str> = Vec::new();
    for sentence in &sentences {
        words.clear();
        words.extend(sentence.words.iter().map(|w| w.form.as_str()));
        let tags = tagger.tag_words(&words);
        for (gold, tag) in sentence.words.iter().zip(&tags) {
            let upos_ok = tag.upos.as_str() == gold.upos;
            let xpos_ok = tag.xpos.as_str() == gold.xpos;
            eval.n_words += 1;
            eval.upos_correct += usize::from(upos_ok);
            eval.xpos_correct += usize::from(xpos_ok);
            eval.both_correct += usize::from(upos_ok && xpos_ok);
            eval.lemma_correct += usize::from(tag.lemma.resolve(&gold.form) == gold.lemma);
            if !tagger.knows_word(&gold.form) {
                eval.n_unknown_words += 1;
                eval.unknown_upos_correct += usize::from(upos_ok);
            }
        }
    }
    Ok(eval)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_ends_with_upos_and_counts_every_word() {
        let conllu = "1\tTroops\ttroop\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n\
                      2\tfired\tfire\tVERB\tVBD\t_\t0\troot\t_\t_\n\
                      3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
        let tagger = Tagger::embedded().unwrap();
        let eval = eval_pos(conllu, &tagger).unwrap();
        assert_eq!((eval.n_sentences, eval.n_words), (1, 3));
        assert!(eval.upos_correct >= 2, "{eval}");
        let report = eval.to_string();
        assert!(
            report.lines().last().unwrap().starts_with("UPOS "),
            "{report}"
        );
    }

    #[test]
    fn a_malformed_file_names_its_line() {
        let tagger = Tagger::embedded().unwrap();
        let err = eval_pos("1\tonly\tthree\n", &tagger).unwrap_err();
        assert!(err.to_string().starts_with("line 1"), "{err}");
    }
}
