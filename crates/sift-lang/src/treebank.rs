//! Reading UD treebanks (CoNLL-U) for training. Only syntactic words are
//! kept: multiword-token ranges (`3-4 don't`) and empty nodes (`5.1`) are
//! skipped, because sift's tokenizer already splits clitics into words.

/// One syntactic word of a gold sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreebankWord {
    /// The word as written.
    pub form: String,
    /// The gold lemma.
    pub lemma: String,
    /// The gold UPOS tag, as written in the file.
    pub upos: String,
    /// The gold XPOS tag.
    pub xpos: String,
    /// The 1-based head index; 0 for the root.
    pub head: usize,
    /// The gold relation.
    pub deprel: String,
}

/// One gold sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TreebankSentence {
    /// The `# sent_id` comment, when present.
    pub id: String,
    /// The `# text` comment, when present.
    pub text: String,
    /// Its words in order.
    pub words: Vec<TreebankWord>,
}

/// A line that is neither a comment, a blank, nor a 10-column word line.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct TreebankError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

/// Parses a whole CoNLL-U file.
pub fn read_conllu(conllu: &str) -> Result<Vec<TreebankSentence>, TreebankError> {
    let mut sentences = Vec::new();
    let mut current = TreebankSentence::default();
    for (line_idx, line) in conllu.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !current.words.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            if let Some(id) = comment.strip_prefix("sent_id =") {
                current.id = id.trim().to_string();
            } else if let Some(text) = comment.strip_prefix("text =") {
                current.text = text.trim().to_string();
            }
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() != 10 {
            return Err(TreebankError {
                line: line_idx + 1,
                message: format!("expected 10 tab-separated columns, found {}", columns.len()),
            });
        }
        if columns[0].contains('-') || columns[0].contains('.') {
            continue;
        }
        let head = columns[6].parse().map_err(|_| TreebankError {
            line: line_idx + 1,
            message: format!("head {:?} is not a number", columns[6]),
        })?;
        current.words.push(TreebankWord {
            form: columns[1].to_string(),
            lemma: columns[2].to_string(),
            upos: columns[3].to_string(),
            xpos: columns[4].to_string(),
            head,
            deprel: columns[7].to_string(),
        });
    }
    if !current.words.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiword_ranges_and_empty_nodes_are_skipped() {
        let conllu = "# sent_id = s1\n# text = I don't.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n\
                      2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n\
                      3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\t_\n3.1\tx\tx\tX\tXX\t_\t_\t_\t_\t_\n\n";
        let sentences = read_conllu(conllu).unwrap();
        assert_eq!(sentences.len(), 1);
        let forms: Vec<&str> = sentences[0].words.iter().map(|w| w.form.as_str()).collect();
        assert_eq!(forms, ["I", "do", "n't"]);
        assert_eq!(sentences[0].text, "I don't.");
    }

    #[test]
    fn a_short_line_is_an_error_with_its_number() {
        let err = read_conllu("1\tI\tI\n").unwrap_err();
        assert_eq!(err.line, 1);
    }
}
