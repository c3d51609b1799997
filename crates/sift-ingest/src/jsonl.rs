//! JSONL: one JSON object per line.

use std::collections::BTreeMap;
use std::io::{self, BufRead};

use serde_json::Value;

use crate::record::{self, Fields, Kind, Named};
use crate::text::{decode, too_large};
use crate::{Document, Location, Origin, ReadOptions, Records, Rejection};

/// Field names sift reads, in order of preference within each role. Every
/// other field goes into `NewDoc::extra` verbatim.
const TEXT_FIELDS: [&str; 4] = ["text", "body", "content", "articleBody"];
const HEADLINE_FIELDS: [&str; 2] = ["headline", "title"];
const URL_FIELDS: [&str; 1] = ["url"];
const DATE_FIELDS: [&str; 2] = ["published", "date"];
const SOURCE_FIELDS: [&str; 1] = ["source"];
const LANGUAGE_FIELDS: [&str; 2] = ["language", "lang"];

/// Streams the records of a JSONL input.
pub(crate) fn read<R: BufRead + Send + 'static>(
    reader: R,
    origin: Origin,
    options: ReadOptions,
) -> Records {
    Box::new(JsonlRecords {
        lines: LineReader::new(reader),
        origin,
        options,
        saw_a_record: false,
        finished: false,
    })
}

struct JsonlRecords<R> {
    lines: LineReader<R>,
    origin: Origin,
    options: ReadOptions,
    /// Whether any non-blank line was seen, to report an empty file once.
    saw_a_record: bool,
    finished: bool,
}

impl<R: BufRead> Iterator for JsonlRecords<R> {
    type Item = Result<Document, Rejection>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            let max = self.options.max_record_bytes;
            let line = self.lines.next_line(max);
            let origin = self.origin.at(Location::Line(self.lines.line_number));
            match line {
                Ok(Line::End) => {
                    self.finished = true;
                    if !self.saw_a_record {
                        return Some(Err(self.origin.reject("empty document")));
                    }
                }
                Err(error) => {
                    // A read error leaves the stream in an unknown place, so
                    // this file ends here; the next file still gets read.
                    self.finished = true;
                    return Some(Err(origin.reject(format!("cannot read: {error}"))));
                }
                Ok(Line::TooLong) => {
                    self.saw_a_record = true;
                    return Some(Err(origin.reject(too_large("line", max))));
                }
                Ok(Line::Bytes(bytes)) => {
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    self.saw_a_record = true;
                    return Some(parse_line(bytes, origin, &self.options));
                }
            }
        }
        None
    }
}

fn parse_line(
    bytes: Vec<u8>,
    origin: Origin,
    options: &ReadOptions,
) -> Result<Document, Rejection> {
    let (line, decoded_lossily) = decode(bytes);
    let value: Value = serde_json::from_str(&line).map_err(|e| origin.reject(json_reason(&e)))?;
    let Value::Object(object) = value else {
        return Err(origin.reject(format!(
            "expected a JSON object, found {}; write one object per line, like {{\"text\": \"...\"}}",
            kind_of(&value)
        )));
    };
    let mut rest: BTreeMap<String, Value> = object.into_iter().collect();

    let Some((text_name, text)) = take_string(&mut rest, &TEXT_FIELDS, &origin)? else {
        return Err(origin.reject(format!(
            "no text field; expected one of {}",
            quoted_list(&TEXT_FIELDS)
        )));
    };
    if text.trim().is_empty() {
        return Err(origin.reject(format!("empty document (field \"{text_name}\" is blank)")));
    }
    let headline =
        take_string_lenient(&mut rest, &HEADLINE_FIELDS).map(|(name, value)| Named { name, value });
    let url = take_string_lenient(&mut rest, &URL_FIELDS).map(|(_, v)| v);
    let published = take_string_lenient(&mut rest, &DATE_FIELDS).map(|(_, v)| v);
    let source = take_string_lenient(&mut rest, &SOURCE_FIELDS).map(|(_, v)| v);
    let language =
        take_string_lenient(&mut rest, &LANGUAGE_FIELDS).map(|(name, value)| Named { name, value });
    // `id` stays in `extra` as given: sift-core computes its own stable id,
    // and the record's id is what links a document back to its source.
    let fields = Fields {
        text,
        headline,
        url,
        published,
        source,
        language,
        decoded_lossily,
        extra: rest,
    };
    Ok(Document {
        new_doc: record::build(fields, Kind::Structured, options),
        origin,
    })
}

/// Takes the first present field among `names`, which must be a string.
fn take_string(
    rest: &mut BTreeMap<String, Value>,
    names: &[&str],
    origin: &Origin,
) -> Result<Option<(String, String)>, Rejection> {
    let Some(name) = names.iter().find(|name| rest.contains_key(**name)) else {
        return Ok(None);
    };
    match rest.remove(*name) {
        Some(Value::String(value)) => Ok(Some((name.to_string(), value))),
        Some(other) => Err(origin.reject(format!(
            "field \"{name}\" is {}, not a string",
            kind_of(&other)
        ))),
        None => Ok(None),
    }
}

/// Takes the first field among `names` that is a string; fields of other
/// types are metadata sift cannot use, so they stay in `extra` untouched.
fn take_string_lenient(
    rest: &mut BTreeMap<String, Value>,
    names: &[&str],
) -> Option<(String, String)> {
    let name = names
        .iter()
        .find(|name| matches!(rest.get(**name), Some(Value::String(_))))?;
    match rest.remove(*name) {
        Some(Value::String(value)) => Some((name.to_string(), value)),
        _ => None,
    }
}

/// serde's message, with its "line 1" dropped: every record is one line,
/// and the line number is already in the origin.
fn json_reason(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let message = match message.strip_suffix(&position) {
        Some(stem) => format!("{stem} at column {}", error.column()),
        None => message,
    };
    if error.is_eof() {
        format!("invalid JSON: {message} (the line looks truncated)")
    } else {
        format!("invalid JSON: {message}")
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line from a [`LineReader`].
enum Line {
    /// The line's bytes, without `\n` or `\r\n`.
    Bytes(Vec<u8>),
    /// The line was longer than the limit and has been skipped.
    TooLong,
    /// No more input.
    End,
}

/// Splits input into lines without ever holding more than the limit: an
/// oversized line is skipped chunk by chunk up to its newline.
struct LineReader<R> {
    reader: R,
    buffer: Vec<u8>,
    /// The 1-based number of the line last returned.
    line_number: u64,
}

impl<R: BufRead> LineReader<R> {
    fn new(reader: R) -> LineReader<R> {
        LineReader {
            reader,
            buffer: Vec::new(),
            line_number: 0,
        }
    }

    fn next_line(&mut self, max_bytes: usize) -> io::Result<Line> {
        self.buffer.clear();
        let mut too_long = false;
        let mut saw_any = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                break;
            }
            saw_any = true;
            let (piece, used, found_newline) = match memchr::memchr(b'\n', chunk) {
                Some(i) => (&chunk[..i], i + 1, true),
                None => (chunk, chunk.len(), false),
            };
            if !too_long {
                if self.buffer.len() + piece.len() > max_bytes {
                    too_long = true;
                    // Give the memory back now: the rest of the line is only
                    // skipped, and it may be gigabytes long.
                    self.buffer = Vec::new();
                } else {
                    self.buffer.extend_from_slice(piece);
                }
            }
            self.reader.consume(used);
            if found_newline {
                break;
            }
        }
        if !saw_any {
            return Ok(Line::End);
        }
        self.line_number += 1;
        if too_long {
            return Ok(Line::TooLong);
        }
        if self.buffer.last() == Some(&b'\r') {
            self.buffer.pop();
        }
        // Handing over the buffer instead of copying it matters for long
        // lines; the next line starts a fresh one.
        Ok(Line::Bytes(std::mem::take(&mut self.buffer)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<Option<String>> {
        // A tiny buffer makes lines straddle many `fill_buf` chunks.
        let mut reader = LineReader::new(io::BufReader::with_capacity(3, input));
        let mut out = Vec::new();
        loop {
            match reader.next_line(max).unwrap() {
                Line::End => return out,
                Line::TooLong => out.push(None),
                Line::Bytes(b) => out.push(Some(String::from_utf8(b).unwrap())),
            }
        }
    }

    #[test]
    fn lines_split_across_chunks_and_crlf_is_dropped() {
        assert_eq!(
            lines(b"ab\r\ncdefg\n\nlast", 100),
            [
                Some("ab".into()),
                Some("cdefg".into()),
                Some(String::new()),
                Some("last".into())
            ]
        );
        assert_eq!(lines(b"", 100), Vec::<Option<String>>::new());
    }

    #[test]
    fn an_oversized_line_is_skipped_and_the_next_one_is_read() {
        assert_eq!(
            lines(b"abc\n0123456789\nxyz\n", 5),
            [Some("abc".into()), None, Some("xyz".into())]
        );
    }

    #[test]
    fn serde_positions_are_reported_as_columns() {
        let error = serde_json::from_str::<Value>("{\"a\": }").unwrap_err();
        assert_eq!(
            json_reason(&error),
            "invalid JSON: expected value at column 7"
        );
        let error = serde_json::from_str::<Value>("{\"a\": 1").unwrap_err();
        assert!(json_reason(&error).ends_with("(the line looks truncated)"));
    }
}
