//! Streaming readers that turn files into documents for the sift pipeline.
//!
//! A reader takes a plain-text, JSONL, CSV or HTML file (or a directory of
//! them, or standard input) and yields, one at a time, a [`Document`]: a
//! [`sift_core::NewDoc`] with the text, headline, URL, source, publication
//! date and language filled in, plus the [`Origin`] it came from. A record
//! that cannot become a document is a [`Rejection`] naming the file, the line
//! or record, and the reason; reading goes on with the next record.
//!
//! Key types:
//! - [`read_path`], [`read_stdin`] and [`read_reader`] open an input and
//!   return [`Records`], a streaming iterator. Multi-record files are never
//!   read whole into memory.
//! - [`ReadOptions`] picks the [`Format`] (or detects it from the extension
//!   and the first bytes), the [`HeadlinePolicy`], the [`CsvColumns`] and the
//!   largest record accepted.
//! - [`Error`] is for the few fatal problems: a path that does not exist, an
//!   unreadable directory, an unknown format name. Bad input is never fatal.
//!
//! Text from txt, JSONL and CSV is kept as found, except that a UTF-8
//! byte-order mark is dropped and line endings become `\n`. Keys this
//! crate writes into `NewDoc::extra`, beside the record's own unused fields:
//! - `id`: a CSV record's id column, whatever the header calls it (JSONL
//!   records keep their own `id` field as given);
//! - `published_raw`: a publication date that could not be parsed, verbatim
//!   (`NewDoc::published` is then `None`);
//! - `site_name` and `byline`: an HTML page's outlet name and author line.
//!
//! **Boundary:** this crate reads bytes and metadata; it does no analysis.
//! It never splits sentences, tags, codes events or builds a `Doc` layer, and
//! it never panics on input: messy news becomes a rejection or a field in
//! `NewDoc::extra`, never a crash.
#![deny(missing_docs)]

mod csv_reader;
mod date;
mod error;
mod feed;
mod html;
mod jsonl;
mod lang;
mod open;
mod options;
mod origin;
mod record;
mod sniff;
mod text;
mod warc;

pub use error::{Error, Result};
pub use open::{Records, read_path, read_reader, read_stdin};
pub use options::{CsvColumns, Format, HeadlinePolicy, ReadOptions};
pub use origin::{Document, Location, Origin, Rejection};
