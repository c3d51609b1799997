use std::fmt;

use sift_core::{
    Doc, EntityLabel, Headline, Sentence, SentenceKind, Span, Stage, Token, TokenKind,
};
use sift_lang::EntityRecognizer;

use crate::{Error, Result, Score};

/// The labels UNER annotates and that the headline metric covers.
const SCORED: [(EntityLabel, &str); 3] = [
    (EntityLabel::Person, "PER"),
    (EntityLabel::Org, "ORG"),
    (EntityLabel::Loc, "LOC"),
];

/// Entity recognition scored against a UNER IOB2 file on its gold tokens,
/// by exact span and type.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NerEval {
    /// Sentences in the gold file.
    pub n_sentences: usize,
    /// Tokens in the gold file.
    pub n_tokens: usize,
    /// Per scored type, in the order PER, ORG, LOC.
    pub per_type: [Score; 3],
    /// PER, ORG and LOC together (micro-averaged): the headline metric.
    pub micro: Score,
    /// System mentions of the labels UNER does not annotate (NORP, DATE,
    /// MISC); UNER's `OTH` gold, when present, is not scored either.
    pub n_unscored_system: usize,
}

impl fmt::Display for NerEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "sentences: {}  tokens: {}  gold mentions: {}  system mentions: {} (+{} NORP/DATE/MISC, unscored)",
            self.n_sentences,
            self.n_tokens,
            self.micro.n_gold,
            self.micro.n_system,
            self.n_unscored_system
        )?;
        for ((_, name), score) in SCORED.iter().zip(&self.per_type) {
            writeln!(
                f,
                "{name:<13} {score}  (gold {} system {})",
                score.n_gold, score.n_system
            )?;
        }
        write!(f, "PER/ORG/LOC   {}", self.micro)
    }
}

/// Runs `recognizer` as a pipeline stage over the gold tokens of a UNER
/// IOB2 file and scores PER, ORG and LOC mentions by exact token span and
/// type.
///
/// Columns are `index<TAB>token<TAB>tag[<TAB>annotators...]`; `#` lines are
/// comments and a blank line ends a sentence. The tokens are laid out with
/// single spaces, one sentence per line, in one [`Doc`] per `# newdoc`
/// document whose token and sentence layers are the gold ones, so that the
/// stage runs exactly as in the pipeline (including its document-level
/// consistency pass). An `I-` tag that does not continue a span of its type
/// starts one; tags other than PER, ORG, LOC and OTH read as `O`.
pub fn eval_ner(iob2: &str, recognizer: &EntityRecognizer) -> Result<NerEval> {
    let gold = parse_iob2(iob2)?;
    let mut eval = NerEval {
        n_sentences: gold.len(),
        ..NerEval::default()
    };
    let mut gold_spans: [Vec<(usize, usize)>; 3] = Default::default();
    let mut system_spans: [Vec<(usize, usize)>; 3] = Default::default();
    // Token indices are numbered across the whole file so that spans of
    // different documents never meet.
    let mut file_offset = 0;
    let mut doc_start = 0;
    while doc_start < gold.len() {
        let doc_end = (doc_start + 1..gold.len())
            .find(|&idx| gold[idx].starts_document)
            .unwrap_or(gold.len());
        let document = &gold[doc_start..doc_end];
        let mut text = String::new();
        let mut tokens = Vec::new();
        let mut sentences = Vec::new();
        for sentence in document {
            if !text.is_empty() {
                text.push('\n');
            }
            let first_token = tokens.len();
            let sentence_start = text.len();
            for (idx, word) in sentence.words.iter().enumerate() {
                if idx > 0 {
                    text.push(' ');
                }
                let start = text.len();
                text.push_str(word);
                tokens.push(Token {
                    span: Span::new(start, text.len()),
                    kind: kind_of(word),
                    joins_previous: false,
                });
            }
            sentences.push(Sentence {
                span: Span::new(sentence_start, text.len()),
                first_token: first_token as u32,
                n_tokens: sentence.words.len() as u32,
                kind: SentenceKind::Body,
                paragraph: 0,
            });
            for &(start, end, label) in &sentence.spans {
                if let Some(slot) = SCORED.iter().position(|(l, _)| *l == label) {
                    gold_spans[slot].push((
                        file_offset + first_token + start,
                        file_offset + first_token + end,
                    ));
                }
            }
        }
        let mut doc = Doc::from_text(&text, Headline::None).map_err(|source| Error::Doc {
            name: format!("document starting at sentence {}", doc_start + 1),
            source,
        })?;
        let n_tokens = tokens.len();
        doc.set_tokens(tokens);
        doc.set_sentences(sentences);
        recognizer.run(&mut doc);
        for entity in doc.entities() {
            let range = entity.token_range();
            match SCORED.iter().position(|(l, _)| *l == entity.label) {
                Some(slot) => {
                    system_spans[slot].push((file_offset + range.start, file_offset + range.end))
                }
                None => eval.n_unscored_system += 1,
            }
        }
        file_offset += n_tokens;
        doc_start = doc_end;
    }
    eval.n_tokens = file_offset;
    for slot in 0..SCORED.len() {
        gold_spans[slot].sort_unstable();
        system_spans[slot].sort_unstable();
        let score = Score::of_sorted_spans(&gold_spans[slot], &system_spans[slot]);
        eval.per_type[slot] = score;
        eval.micro.add(score);
    }
    Ok(eval)
}

struct GoldSentence {
    /// True for the first sentence after a `# newdoc` line.
    starts_document: bool,
    words: Vec<String>,
    spans: Vec<(usize, usize, EntityLabel)>,
}

fn parse_iob2(iob2: &str) -> Result<Vec<GoldSentence>> {
    let mut sentences = Vec::new();
    let mut words = Vec::new();
    let mut spans = Vec::new();
    let mut open: Option<(usize, EntityLabel)> = None;
    let mut new_document = false;
    let close = |open: &mut Option<(usize, EntityLabel)>,
                 spans: &mut Vec<(usize, usize, EntityLabel)>,
                 end: usize| {
        if let Some((start, label)) = open.take() {
            spans.push((start, end, label));
        }
    };
    for (line_idx, line) in iob2.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.starts_with('#') {
            if line.starts_with("# newdoc") && words.is_empty() {
                new_document = true;
            }
            continue;
        }
        if line.trim().is_empty() {
            close(&mut open, &mut spans, words.len());
            if !words.is_empty() {
                sentences.push(GoldSentence {
                    starts_document: std::mem::take(&mut new_document),
                    words: std::mem::take(&mut words),
                    spans: std::mem::take(&mut spans),
                });
            }
            continue;
        }
        let mut columns = line.split('\t');
        let (Some(_), Some(word), Some(tag)) = (columns.next(), columns.next(), columns.next())
        else {
            return Err(Error::Format {
                line: line_idx + 1,
                message: "expected index, token and tag separated by tabs".into(),
            });
        };
        if word.is_empty() || word.contains(char::is_whitespace) {
            return Err(Error::Format {
                line: line_idx + 1,
                message: format!("token {word:?} is empty or holds whitespace"),
            });
        }
        let idx = words.len();
        words.push(word.to_string());
        let parsed = tag.split_once('-').and_then(|(prefix, name)| {
            let label = match name {
                "PER" => EntityLabel::Person,
                "ORG" => EntityLabel::Org,
                "LOC" => EntityLabel::Loc,
                "OTH" => EntityLabel::Misc,
                _ => return None,
            };
            Some((prefix == "B", label))
        });
        match parsed {
            Some((is_begin, label)) => {
                let continues = !is_begin && open.is_some_and(|(_, l)| l == label);
                if !continues {
                    close(&mut open, &mut spans, idx);
                    open = Some((idx, label));
                }
            }
            None => close(&mut open, &mut spans, idx),
        }
    }
    close(&mut open, &mut spans, words.len());
    if !words.is_empty() {
        sentences.push(GoldSentence {
            starts_document: new_document,
            words,
            spans,
        });
    }
    Ok(sentences)
}

/// A token kind from the characters alone, as the tokenizer would give it;
/// the recognizer reads only the text, so this is for completeness.
fn kind_of(word: &str) -> TokenKind {
    if word.chars().any(char::is_alphabetic) {
        TokenKind::Word
    } else if word.chars().any(|c| c.is_ascii_digit()) {
        TokenKind::Number
    } else if word.chars().all(|c| c.is_ascii_punctuation()) {
        TokenKind::Punct
    } else {
        TokenKind::Symbol
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_spans_follow_iob2() {
        let gold =
            parse_iob2("# c\n1\tAl\tB-ORG\n2\tZaman\tI-ORG\n3\tin\tO\n4\tQaim\tI-LOC\n\n1\tx\tO\n")
                .unwrap();
        assert_eq!(gold.len(), 2);
        assert_eq!(
            gold[0].spans,
            [(0, 2, EntityLabel::Org), (3, 4, EntityLabel::Loc)]
        );
        assert!(parse_iob2("1\tonly").is_err());
    }

    #[test]
    fn the_report_ends_with_the_micro_f1() {
        let recognizer = EntityRecognizer::embedded().unwrap();
        let eval = eval_ner("1\tJohn\tB-PER\n2\tSmith\tI-PER\n3\tleft\tO\n", &recognizer).unwrap();
        assert_eq!(eval.micro.n_gold, 1);
        let report = eval.to_string();
        assert!(
            report
                .lines()
                .last()
                .unwrap()
                .starts_with("PER/ORG/LOC   P ")
        );
    }
}
