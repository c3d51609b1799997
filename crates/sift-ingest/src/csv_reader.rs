//! CSV with a header row; the columns are chosen by name.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde_json::Value;

use crate::record::{self, Fields, Kind, Named, squash};
use crate::text::too_large;
use crate::{CsvColumns, Document, Location, Origin, ReadOptions, Records, Rejection};

/// Header names tried, in order, when a column is not named in
/// [`CsvColumns`]; compared after [`squash`].
const TEXT_GUESSES: [&str; 4] = ["text", "body", "articlebody", "content"];
const HEADLINE_GUESSES: [&str; 2] = ["title", "headline"];
const URL_GUESSES: [&str; 2] = ["url", "link"];
const DATE_GUESSES: [&str; 6] = [
    "published",
    "date",
    "publishedat",
    "publishdate",
    "pubdate",
    "datepublished",
];
const SOURCE_GUESSES: [&str; 2] = ["source", "domain"];
const LANGUAGE_GUESSES: [&str; 2] = ["language", "lang"];
const ID_GUESSES: [&str; 4] = ["id", "bodyid", "docid", "documentid"];

/// Streams the rows of a CSV input. The header is read on the first call to
/// `next`, so that a bad header is a rejection like any other.
pub(crate) fn read<R: BufRead + Send + 'static>(
    reader: R,
    origin: Origin,
    options: ReadOptions,
) -> Records {
    let csv = csv::ReaderBuilder::new()
        .has_headers(true)
        // Rows with the wrong number of fields are checked here rather than
        // by the csv crate, so the message can say what to do.
        .flexible(true)
        .from_reader(reader);
    Box::new(CsvRecords {
        csv,
        origin,
        options,
        state: State::Start,
        row: csv::ByteRecord::new(),
    })
}

struct CsvRecords<R> {
    csv: csv::Reader<R>,
    origin: Origin,
    options: ReadOptions,
    state: State,
    /// Reused for every row, so rows cost no allocation of their own.
    row: csv::ByteRecord,
}

enum State {
    Start,
    Rows(Box<Columns>),
    Finished,
}

/// The header, and which of its columns play which role.
struct Columns {
    names: Vec<String>,
    text: usize,
    headline: Option<usize>,
    url: Option<usize>,
    date: Option<usize>,
    source: Option<usize>,
    language: Option<usize>,
    id: Option<usize>,
    saw_a_row: bool,
}

impl<R: BufRead> Iterator for CsvRecords<R> {
    type Item = Result<Document, Rejection>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match &mut self.state {
                State::Finished => return None,
                State::Start => match self.read_header() {
                    Ok(columns) => self.state = State::Rows(Box::new(columns)),
                    Err(rejection) => {
                        self.state = State::Finished;
                        return Some(Err(rejection));
                    }
                },
                State::Rows(columns) => {
                    let more = match self.csv.read_byte_record(&mut self.row) {
                        Ok(more) => more,
                        Err(error) => {
                            let origin = self.origin.at(position_of(error.position(), &self.csv));
                            // An IO error leaves the stream in an unknown
                            // place; the csv crate's other errors are per row.
                            if matches!(error.kind(), csv::ErrorKind::Io(_)) {
                                self.state = State::Finished;
                                return Some(Err(origin.reject(format!("cannot read: {error}"))));
                            }
                            return Some(Err(origin.reject(format!("invalid CSV: {error}"))));
                        }
                    };
                    if !more {
                        let saw_a_row = columns.saw_a_row;
                        self.state = State::Finished;
                        if !saw_a_row {
                            return Some(Err(self.origin.reject("no records after the header")));
                        }
                        return None;
                    }
                    columns.saw_a_row = true;
                    let origin = self.origin.at(position_of(self.row.position(), &self.csv));
                    return Some(row_to_document(&self.row, columns, origin, &self.options));
                }
            }
        }
    }
}

impl<R: BufRead> CsvRecords<R> {
    fn read_header(&mut self) -> Result<Columns, Rejection> {
        let header = self
            .csv
            .byte_headers()
            .map_err(|e| self.origin.reject(format!("cannot read the header: {e}")))?;
        let names: Vec<String> = header
            .iter()
            .map(|name| String::from_utf8_lossy(name).trim().to_string())
            .collect();
        if names.iter().all(String::is_empty) {
            return Err(self.origin.reject("empty document"));
        }
        resolve_columns(names, &self.options.csv).map_err(|reason| self.origin.reject(reason))
    }
}

fn resolve_columns(names: Vec<String>, wanted: &CsvColumns) -> Result<Columns, String> {
    let find = |requested: &Option<String>, guesses: &[&str]| -> Result<Option<usize>, String> {
        match requested {
            Some(name) => names
                .iter()
                .position(|n| n == name)
                .or_else(|| {
                    names
                        .iter()
                        .position(|n| n.eq_ignore_ascii_case(name.trim()))
                })
                .map(Some)
                .ok_or_else(|| {
                    format!("no column \"{name}\"; the header has: {}", names.join(", "))
                }),
            None => Ok(guesses
                .iter()
                .find_map(|guess| names.iter().position(|n| squash(n) == *guess))),
        }
    };
    let text = find(&wanted.text, &TEXT_GUESSES)?.ok_or_else(|| {
        format!(
            "no text column (looked for text, body, articleBody, content); the header has: {}; \
             name the text column in the CSV options",
            names.join(", ")
        )
    })?;
    Ok(Columns {
        text,
        headline: find(&wanted.headline, &HEADLINE_GUESSES)?,
        url: find(&wanted.url, &URL_GUESSES)?,
        date: find(&wanted.date, &DATE_GUESSES)?,
        source: find(&wanted.source, &SOURCE_GUESSES)?,
        language: find(&None, &LANGUAGE_GUESSES)?,
        id: find(&wanted.id, &ID_GUESSES)?,
        names,
        saw_a_row: false,
    })
}

fn row_to_document(
    row: &csv::ByteRecord,
    columns: &Columns,
    origin: Origin,
    options: &ReadOptions,
) -> Result<Document, Rejection> {
    if row.len() != columns.names.len() {
        return Err(origin.reject(format!(
            "has {} fields, but the header has {}; check the quoting of this record",
            row.len(),
            columns.names.len()
        )));
    }
    if row.as_slice().len() > options.max_record_bytes {
        return Err(origin.reject(too_large("record", options.max_record_bytes)));
    }
    let mut decoded_lossily = false;
    let mut cell = |idx: usize| -> String {
        let bytes = row.get(idx).unwrap_or_default();
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => {
                decoded_lossily = true;
                String::from_utf8_lossy(bytes).into_owned()
            }
        }
    };
    let text = cell(columns.text);
    if text.trim().is_empty() {
        return Err(origin.reject(format!(
            "empty document (column \"{}\" is blank)",
            columns.names[columns.text]
        )));
    }
    let mut named = |idx: Option<usize>| {
        idx.map(|idx| Named {
            name: columns.names[idx].clone(),
            value: cell(idx),
        })
        .filter(|n| !n.value.trim().is_empty())
    };
    let headline = named(columns.headline);
    let url = named(columns.url).map(|n| n.value);
    let published = named(columns.date).map(|n| n.value);
    let source = named(columns.source).map(|n| n.value);
    let language = named(columns.language);
    let id = named(columns.id);

    let roles = [
        Some(columns.text),
        columns.headline,
        columns.url,
        columns.date,
        columns.source,
        columns.language,
        columns.id,
    ];
    let mut extra = BTreeMap::new();
    for (idx, name) in columns.names.iter().enumerate() {
        if !roles.contains(&Some(idx)) {
            extra.insert(name.clone(), Value::String(cell(idx)));
        }
    }
    // The id column is kept under one name whatever the header calls it
    // (`Body ID` in FNC-1), so that later stages can find it.
    if let Some(id) = id {
        extra.insert("id".to_string(), Value::String(id.value.trim().to_string()));
    }
    let fields = Fields {
        text,
        headline,
        url,
        published,
        source,
        language,
        decoded_lossily,
        extra,
    };
    Ok(Document {
        new_doc: record::build(fields, Kind::Structured, options),
        origin,
    })
}

/// The record number (1-based, header not counted) and line for a message.
fn position_of<R: std::io::Read>(
    position: Option<&csv::Position>,
    csv: &csv::Reader<R>,
) -> Location {
    let position = position.unwrap_or_else(|| csv.position());
    Location::Record {
        number: position.record(),
        line: position.line(),
    }
}
