use std::fmt;

use sift_core::{Doc, Headline, SentenceKind, Stage};
use sift_lang::TextBasics;

use crate::{Error, Result, Score};

/// Sentence splitting scored against news documents with gold segments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SentenceEval {
    /// Documents in the gold file.
    pub n_documents: usize,
    /// Documents whose headline came out as exactly one headline sentence.
    pub n_headlines_exact: usize,
    /// Dateline sentences found, and how many of them match a gold segment.
    pub datelines: Score,
    /// Every gold segment (headline, dateline, sentence) against every system
    /// sentence, matched by span.
    pub sentences: Score,
}

impl fmt::Display for SentenceEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "documents: {}  headlines exact: {}  datelines: found {} correct {}  sentences: gold {} system {}",
            self.n_documents,
            self.n_headlines_exact,
            self.datelines.n_system,
            self.datelines.n_correct,
            self.sentences.n_gold,
            self.sentences.n_system,
        )?;
        write!(f, "sentences {}", self.sentences)
    }
}

/// Scores [`TextBasics`] against the news sentence gold format:
///
/// - lines starting with `#` are comments, and `%% doc NAME` starts a document;
/// - a document's first line is its headline;
/// - every following non-blank line is one gold segment (a sentence, or a
///   dateline on its own line), and a blank line is a paragraph break.
///
/// The raw text joins the segments of a paragraph with a space, paragraphs
/// (and the headline) with a blank line; it becomes a [`Doc`] whose headline
/// is its first line.
pub fn eval_news_sentences(gold: &str) -> Result<SentenceEval> {
    let mut eval = SentenceEval::default();
    for document in parse(gold)? {
        eval.n_documents += 1;
        let (text, gold_spans) = document.lay_out();
        let mut doc = Doc::from_text(&text, Headline::FirstLine).map_err(|source| Error::Doc {
            name: document.name.to_string(),
            source,
        })?;
        TextBasics::new().run(&mut doc);
        let system: Vec<(usize, usize)> = doc
            .sentences()
            .iter()
            .map(|s| (s.span.start(), s.span.end()))
            .collect();
        let headline = doc
            .sentences()
            .iter()
            .filter(|s| s.kind == SentenceKind::Headline)
            .collect::<Vec<_>>();
        if let ([sentence], Some(&gold_headline)) = (headline.as_slice(), gold_spans.first())
            && (sentence.span.start(), sentence.span.end()) == gold_headline
        {
            eval.n_headlines_exact += 1;
        }
        let datelines: Vec<(usize, usize)> = doc
            .sentences()
            .iter()
            .filter(|s| s.kind == SentenceKind::Dateline)
            .map(|s| (s.span.start(), s.span.end()))
            .collect();
        let mut dateline_score = Score::of_sorted_spans(&gold_spans, &datelines);
        // Gold does not mark which segments are datelines, so only the
        // system side and its matches are meaningful.
        dateline_score.n_gold = 0;
        eval.datelines.add(dateline_score);
        eval.sentences
            .add(Score::of_sorted_spans(&gold_spans, &system));
    }
    Ok(eval)
}

struct GoldDocument<'a> {
    name: &'a str,
    /// Paragraphs of segments; the first paragraph is the headline alone.
    paragraphs: Vec<Vec<&'a str>>,
}

impl GoldDocument<'_> {
    /// The raw text and the span of every segment in it, in order.
    fn lay_out(&self) -> (String, Vec<(usize, usize)>) {
        let mut text = String::new();
        let mut spans = Vec::new();
        for (paragraph_idx, paragraph) in self.paragraphs.iter().enumerate() {
            if paragraph_idx > 0 {
                text.push_str("\n\n");
            }
            for (segment_idx, segment) in paragraph.iter().enumerate() {
                if segment_idx > 0 {
                    text.push(' ');
                }
                spans.push((text.len(), text.len() + segment.len()));
                text.push_str(segment);
            }
        }
        (text, spans)
    }
}

fn parse(gold: &str) -> Result<Vec<GoldDocument<'_>>> {
    let mut documents: Vec<GoldDocument> = Vec::new();
    let mut in_paragraph = false;
    for (line_idx, line) in gold.lines().enumerate() {
        let line_no = line_idx + 1;
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix("%% doc") {
            documents.push(GoldDocument {
                name: name.trim(),
                paragraphs: Vec::new(),
            });
            in_paragraph = false;
            continue;
        }
        if trimmed.starts_with('#') {
            continue;
        }
        if trimmed.is_empty() {
            in_paragraph = false;
            continue;
        }
        let Some(document) = documents.last_mut() else {
            return Err(Error::Format {
                line: line_no,
                message: "text before the first `%% doc NAME` line; start each document with one"
                    .to_string(),
            });
        };
        if document.paragraphs.len() == 1 && in_paragraph {
            return Err(Error::Format {
                line: line_no,
                message: format!(
                    "document `{}` has a second headline line; leave a blank line after the headline",
                    document.name
                ),
            });
        }
        if in_paragraph {
            if let Some(paragraph) = document.paragraphs.last_mut() {
                paragraph.push(trimmed);
            }
        } else {
            document.paragraphs.push(vec![trimmed]);
            in_paragraph = true;
        }
    }
    Ok(documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_joined_into_paragraphs_after_the_headline() {
        let documents =
            parse("# comment\n%% doc a\nHeadline here\n\nONE -\nTwo.\n\nThree.\n").unwrap();
        let (text, spans) = documents[0].lay_out();
        assert_eq!(text, "Headline here\n\nONE - Two.\n\nThree.");
        assert_eq!(spans, vec![(0, 13), (15, 20), (21, 25), (27, 33)]);
    }

    #[test]
    fn a_two_line_headline_is_a_format_error() {
        let err = parse("%% doc a\nFirst\nSecond\n").err().unwrap();
        assert!(
            err.to_string()
                .starts_with("line 3: document `a` has a second headline line")
        );
    }
}
