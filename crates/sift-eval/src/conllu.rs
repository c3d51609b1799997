use std::fmt;

use crate::{Error, Result, Score};

/// Tokenization and sentence splitting scored against a CoNLL-U treebank.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TokenEval {
    /// Documents (`# newdoc`) in the gold file.
    pub n_documents: usize,
    /// Paragraphs (`# newpar` or `# newdoc`) in the gold file.
    pub n_paragraphs: usize,
    /// Surface tokens: a multiword token such as `don't` counts once, and a
    /// system token with its `joins_previous` clitics counts once.
    pub tokens: Score,
    /// Syntactic words: the pieces of multiword tokens count separately.
    pub words: Score,
    /// Sentences, correct when both the first and last character match.
    pub sentences: Score,
}

impl fmt::Display for TokenEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "documents: {}  paragraphs: {}  sentences: gold {} system {}  tokens: gold {} system {}",
            self.n_documents,
            self.n_paragraphs,
            self.sentences.n_gold,
            self.sentences.n_system,
            self.tokens.n_gold,
            self.tokens.n_system,
        )?;
        writeln!(f, "tokens    {}", self.tokens)?;
        writeln!(f, "words     {}", self.words)?;
        write!(f, "sentences {}", self.sentences)
    }
}

/// Rebuilds the raw text of a CoNLL-U file as the CoNLL 2018 shared task did,
/// runs [`sift_lang::tokenize`] and [`sift_lang::split_sentences`] over it
/// (no headline), and scores tokens, words and sentences by offset.
///
/// The text is each sentence's `# text` line; sentences of one paragraph are
/// joined by a space and paragraphs (`# newpar`, `# newdoc`) by a blank line.
/// When a `# text` line is missing or does not contain the token forms in
/// order, the sentence is laid out from its forms and `SpaceAfter=No`.
pub fn eval_conllu(conllu: &str) -> Result<TokenEval> {
    let gold = Gold::parse(conllu)?;
    let tokens = sift_lang::tokenize(&gold.text);
    let sentences = sift_lang::split_sentences(&gold.text, &tokens, None);

    let mut system_tokens: Vec<(usize, usize)> = Vec::with_capacity(tokens.len());
    for token in &tokens {
        match system_tokens.last_mut() {
            Some(host) if token.joins_previous && host.1 == token.span.start() => {
                host.1 = token.span.end()
            }
            _ => system_tokens.push((token.span.start(), token.span.end())),
        }
    }
    let system_words: Vec<(usize, usize)> = tokens
        .iter()
        .map(|t| (t.span.start(), t.span.end()))
        .collect();
    let system_sentences: Vec<(usize, usize)> = sentences
        .iter()
        .map(|s| (s.span.start(), s.span.end()))
        .collect();

    Ok(TokenEval {
        n_documents: gold.n_documents,
        n_paragraphs: gold.n_paragraphs,
        tokens: Score::of_sorted_spans(&sorted(gold.tokens), &system_tokens),
        words: Score::of_sorted_spans(&sorted(gold.words), &system_words),
        sentences: Score::of_sorted_spans(&sorted(gold.sentences), &system_sentences),
    })
}

fn sorted(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort_unstable();
    spans
}

/// The reconstructed text and the gold spans in it.
#[derive(Default)]
struct Gold {
    text: String,
    tokens: Vec<(usize, usize)>,
    words: Vec<(usize, usize)>,
    sentences: Vec<(usize, usize)>,
    n_documents: usize,
    n_paragraphs: usize,
}

/// One sentence as read from the file, before layout.
#[derive(Default)]
struct RawSentence<'a> {
    text: Option<&'a str>,
    starts_paragraph: bool,
    tokens: Vec<RawToken<'a>>,
}

struct RawToken<'a> {
    form: &'a str,
    space_after: bool,
    /// The syntactic words of a multiword token; empty for a plain token.
    pieces: Vec<&'a str>,
    /// How many word lines of this multiword token are still to come.
    pieces_left: usize,
}

impl Gold {
    fn parse(conllu: &str) -> Result<Gold> {
        let mut gold = Gold::default();
        let mut sentence = RawSentence::default();
        for (line_idx, line) in conllu.lines().enumerate() {
            let line_no = line_idx + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                if !sentence.tokens.is_empty() {
                    gold.lay_out(&std::mem::take(&mut sentence));
                }
                sentence = RawSentence::default();
                continue;
            }
            if let Some(comment) = line.strip_prefix('#') {
                let comment = comment.trim_start();
                if comment.starts_with("newdoc") {
                    gold.n_documents += 1;
                    sentence.starts_paragraph = true;
                } else if comment.starts_with("newpar") {
                    sentence.starts_paragraph = true;
                } else if let Some(text) = comment.strip_prefix("text =") {
                    sentence.text = Some(text.trim());
                }
                continue;
            }
            let columns: Vec<&str> = line.split('\t').collect();
            if columns.len() != 10 {
                return Err(Error::Format {
                    line: line_no,
                    message: format!("expected 10 tab-separated columns, found {}", columns.len()),
                });
            }
            let (id, form, misc) = (columns[0], columns[1], columns[9]);
            let space_after = !misc.split('|').any(|field| field == "SpaceAfter=No");
            if id.contains('.') {
                // Empty nodes of the enhanced graph have no surface form.
                continue;
            }
            if let Some((first, last)) = id.split_once('-') {
                let range = first.parse::<usize>().ok().zip(last.parse::<usize>().ok());
                let Some((first, last)) = range.filter(|(first, last)| first <= last) else {
                    return Err(Error::Format {
                        line: line_no,
                        message: format!("bad multiword range `{id}`"),
                    });
                };
                sentence.tokens.push(RawToken {
                    form,
                    space_after,
                    pieces: Vec::new(),
                    pieces_left: last - first + 1,
                });
                continue;
            }
            match sentence.tokens.last_mut() {
                Some(host) if host.pieces_left > 0 => {
                    host.pieces.push(form);
                    host.pieces_left -= 1;
                }
                _ => sentence.tokens.push(RawToken {
                    form,
                    space_after,
                    pieces: Vec::new(),
                    pieces_left: 0,
                }),
            }
        }
        if !sentence.tokens.is_empty() {
            gold.lay_out(&sentence);
        }
        Ok(gold)
    }

    /// Appends one sentence to the text and records its gold spans.
    fn lay_out(&mut self, sentence: &RawSentence) {
        let starts_paragraph = sentence.starts_paragraph || self.text.is_empty();
        if starts_paragraph {
            self.n_paragraphs += 1;
        }
        if !self.text.is_empty() {
            self.text
                .push_str(if starts_paragraph { "\n\n" } else { " " });
        }
        let base = self.text.len();
        let aligned = sentence
            .text
            .and_then(|text| align(text, &sentence.tokens).map(|offsets| (text, offsets)));
        let offsets = match aligned {
            Some((text, offsets)) => {
                self.text.push_str(text);
                offsets
            }
            None => {
                let mut offsets = Vec::with_capacity(sentence.tokens.len());
                let mut laid_out = String::new();
                for token in &sentence.tokens {
                    offsets.push(laid_out.len());
                    laid_out.push_str(token.form);
                    if token.space_after {
                        laid_out.push(' ');
                    }
                }
                self.text.push_str(laid_out.trim_end());
                offsets
            }
        };
        for (token, offset) in sentence.tokens.iter().zip(offsets) {
            let start = base + offset;
            let end = start + token.form.len();
            self.tokens.push((start, end));
            let concatenated: usize = token.pieces.iter().map(|piece| piece.len()).sum();
            if token.pieces.is_empty() {
                self.words.push((start, end));
            } else if concatenated == token.form.len() && token.pieces.concat() == token.form {
                let mut piece_start = start;
                for piece in &token.pieces {
                    self.words.push((piece_start, piece_start + piece.len()));
                    piece_start += piece.len();
                }
            } else {
                // Pieces that are not substrings of the surface (`won't` as
                // `will` + `not` in some treebanks) all take its whole span.
                self.words.extend(token.pieces.iter().map(|_| (start, end)));
            }
        }
        if let (Some(first), Some(last)) = (
            self.tokens.len().checked_sub(sentence.tokens.len()),
            self.tokens.last(),
        ) {
            self.sentences.push((self.tokens[first].0, last.1));
        }
    }
}

/// The byte offset of each token form in `text`, in order, skipping only
/// whitespace between them; `None` when the forms do not line up.
fn align(text: &str, tokens: &[RawToken]) -> Option<Vec<usize>> {
    let mut offsets = Vec::with_capacity(tokens.len());
    let mut pos = 0;
    for token in tokens {
        let rest = &text[pos..];
        let skipped = rest.len() - rest.trim_start().len();
        pos += skipped;
        if !text[pos..].starts_with(token.form) {
            return None;
        }
        offsets.push(pos);
        pos += token.form.len();
    }
    text[pos..].trim().is_empty().then_some(offsets)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# newpar\n# text = I don't know.\n\
        1\tI\t_\t_\t_\t_\t_\t_\t_\t_\n\
        2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
        2\tdo\t_\t_\t_\t_\t_\t_\t_\t_\n\
        3\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
        4\tknow\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
        5\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\
        \n\
        # text = Yes\n\
        1\tYes\t_\t_\t_\t_\t_\t_\t_\t_\n\
        \n\
        # newpar\n\
        1\tNo\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
        2\t!\t_\t_\t_\t_\t_\t_\t_\t_\n\n";

    #[test]
    fn text_is_rebuilt_with_spaces_within_and_blank_lines_between_paragraphs() {
        let gold = Gold::parse(SAMPLE).unwrap();
        assert_eq!(gold.text, "I don't know. Yes\n\nNo!");
        assert_eq!(gold.tokens[1], (2, 7));
        assert_eq!(&gold.words[1..3], &[(2, 4), (4, 7)]);
        assert_eq!(gold.sentences, vec![(0, 13), (14, 17), (19, 22)]);
        assert_eq!((gold.n_documents, gold.n_paragraphs), (1, 2));
    }

    #[test]
    fn clitics_are_scored_inside_their_host_for_tokens_and_apart_for_words() {
        let eval = eval_conllu(SAMPLE).unwrap();
        assert_eq!((eval.tokens.n_gold, eval.tokens.n_correct), (7, 7));
        assert_eq!((eval.words.n_gold, eval.words.n_correct), (8, 8));
        assert!(
            eval.to_string()
                .lines()
                .last()
                .unwrap()
                .starts_with("sentences ")
        );
    }

    #[test]
    fn a_short_row_is_reported_with_its_line_number() {
        let err = eval_conllu("# text = a\n1\ta\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 2: expected 10 tab-separated columns, found 2"
        );
    }
}
