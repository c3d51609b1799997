//! The one place where a record's fields become a `NewDoc`, so that every
//! reader treats headlines, dates, sources and languages the same way.

use std::collections::BTreeMap;

use serde_json::Value;
use sift_core::{Headline, NewDoc};

use crate::{HeadlinePolicy, ReadOptions, date, lang};

/// The key under which an unparseable publication date is kept verbatim.
pub(crate) const PUBLISHED_RAW: &str = "published_raw";

/// What a reader found in one record, before policy is applied. Each field
/// remembers the name it had in the input, so that a value sift does not use
/// can go back into `extra` under that name.
#[derive(Default)]
pub(crate) struct Fields {
    pub text: String,
    pub headline: Option<Named>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub language: Option<Named>,
    pub decoded_lossily: bool,
    pub extra: BTreeMap<String, Value>,
}

/// A value and the field or column name it came from.
pub(crate) struct Named {
    pub name: String,
    pub value: String,
}

/// What kind of input the text is, which decides what `FirstLine` means.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Plain text, which carries its headline on its first line.
    PlainText,
    /// JSONL, CSV and HTML, which carry it in a field or a tag.
    Structured,
}

/// Applies the options to the fields. The caller has checked that the text
/// is not blank.
pub(crate) fn build(fields: Fields, kind: Kind, options: &ReadOptions) -> NewDoc {
    let Fields {
        text,
        headline,
        url,
        published,
        source,
        language,
        decoded_lossily,
        mut extra,
    } = fields;
    let text = normalize_line_endings(text);

    let own_headline = headline.filter(|h| !h.value.trim().is_empty());
    let headline = match (&options.headline, own_headline) {
        (HeadlinePolicy::Given(given), own) => {
            keep(&mut extra, own);
            Headline::Given(given.clone())
        }
        (HeadlinePolicy::None, own) => {
            keep(&mut extra, own);
            Headline::None
        }
        // Titles from CSV cells and JSON fields may carry line breaks, which
        // would split the headline span across lines.
        (HeadlinePolicy::FirstLine, Some(own)) => {
            Headline::Given(own.value.split_whitespace().collect::<Vec<_>>().join(" "))
        }
        (HeadlinePolicy::FirstLine, None) if kind == Kind::PlainText => Headline::FirstLine,
        // A record's text is body from its first line: JSONL and CSV bodies
        // (FNC-1's, for one) open with a paragraph, not a headline.
        (HeadlinePolicy::FirstLine, None) => Headline::None,
    };

    let published = published.filter(|p| !p.trim().is_empty()).and_then(|raw| {
        let parsed = date::parse_published(&raw);
        if parsed.is_none() {
            // Not a rejection: the text is still worth reading, and the raw
            // value tells the user what to fix.
            extra.insert(PUBLISHED_RAW.to_string(), Value::String(raw));
        }
        parsed
    });

    let language = match language {
        Some(given) => match lang::normalize_tag(&given.value) {
            Some(code) => Some(code),
            None => {
                keep(&mut extra, Some(given));
                None
            }
        },
        None => None,
    }
    .or_else(|| {
        options
            .detect_language
            .then(|| lang::detect(&text))
            .flatten()
    });

    NewDoc {
        text,
        headline,
        url: non_blank(url),
        source: non_blank(source),
        published,
        language,
        decoded_lossily,
        extra,
    }
}

/// `\r\n` and lone `\r` become `\n`: the sentence splitter reads a blank
/// line (`\n\n`) as a paragraph break, and Windows files would hide every
/// one of them. Text without `\r` is not copied.
fn normalize_line_endings(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn keep(extra: &mut BTreeMap<String, Value>, field: Option<Named>) {
    if let Some(Named { name, value }) = field {
        extra.insert(name, Value::String(value));
    }
}

fn non_blank(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Lower-case ASCII letters and digits only: how header and field names are
/// compared when guessing, so `Body ID`, `body_id` and `bodyId` agree.
pub(crate) fn squash(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}
