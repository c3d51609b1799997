//! The reader shared by the sentence-level gold sets (claims, magnitudes):
//! one JSON object per line with an `id`, a `split`, the scored `text` and
//! an optional `context` sentence that is analysed before it but not scored.

use sift_core::{Doc, Headline, Pipeline};

use crate::{Error, Result};

/// One gold item, ready to analyse.
pub(crate) struct GoldSentence {
    /// One-based line number in the gold text.
    pub line: usize,
    pub id: String,
    /// The whole object, for the task's own fields.
    pub item: serde_json::Value,
    /// What the pipeline reads: the context, a space, then the text.
    pub full_text: String,
    /// Where the scored text starts in `full_text`.
    pub offset: usize,
}

impl GoldSentence {
    pub fn format_error(&self, message: String) -> Error {
        Error::Format {
            line: self.line,
            message,
        }
    }

    /// The scored text, without its context.
    pub fn text(&self) -> &str {
        &self.full_text[self.offset..]
    }

    /// The item run through `pipeline`.
    pub fn analyze(&self, pipeline: &Pipeline) -> Result<Doc> {
        let mut doc =
            Doc::from_text(&self.full_text, Headline::None).map_err(|source| Error::Doc {
                name: self.id.clone(),
                source,
            })?;
        pipeline.run(&mut doc);
        Ok(doc)
    }
}

/// The items of `split` (every item when `None`), in file order; the first
/// malformed line is an error that names it.
pub(crate) fn read_gold_sentences(gold: &str, split: Option<&str>) -> Result<Vec<GoldSentence>> {
    let mut sentences = Vec::new();
    for (line_idx, line) in gold.lines().enumerate() {
        let line_no = line_idx + 1;
        if line.trim().is_empty() {
            continue;
        }
        let format_error = |message: String| Error::Format {
            line: line_no,
            message,
        };
        let item: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| format_error(format!("not a JSON object: {e}")))?;
        if let Some(wanted) = split
            && item.get("split").and_then(|s| s.as_str()) != Some(wanted)
        {
            continue;
        }
        let id = item.get("id").and_then(|s| s.as_str()).unwrap_or("?");
        let text = item
            .get("text")
            .and_then(|s| s.as_str())
            .ok_or_else(|| format_error("no `text`".into()))?;
        let (full_text, offset) = match item.get("context").and_then(|s| s.as_str()) {
            Some(context) => (format!("{context} {text}"), context.len() + 1),
            None => (text.to_string(), 0),
        };
        sentences.push(GoldSentence {
            line: line_no,
            id: id.to_string(),
            item,
            full_text,
            offset,
        });
    }
    Ok(sentences)
}
