//! Streaming readers that turn files into documents for the sift pipeline.
//!
//! A reader takes a plain-text, JSONL, CSV or HTML file, an RSS or Atom
//! feed, or a WARC archive (or a directory of them, or standard input) and
//! yields, one at a time, a [`Document`]: a [`sift_core::NewDoc`] with the
//! text, headline, URL, source, publication date and language filled in,
//! plus the [`Origin`] it came from. A record that cannot become a document
//! is a [`Rejection`] naming the file, the line, record, feed item or WARC
//! offset, and the reason; reading goes on with the next record.
//!
//! Key types:
//! - [`read_path`], [`read_stdin`] and [`read_reader`] open an input and
//!   return [`Records`], a streaming iterator. Multi-record files are never
//!   read whole into memory (a feed is, being small; a WARC file is
//!   streamed record by record).
//! - [`ReadOptions`] picks the [`Format`] (or detects it from the extension
//!   and the first bytes), the [`HeadlinePolicy`], the [`CsvColumns`] and the
//!   largest record accepted.
//! - [`Error`] is for the few fatal problems: a path that does not exist, an
//!   unreadable directory, an unknown format name. Bad input is never fatal.
//!
//! Text from txt, JSONL and CSV is kept as found, except that a UTF-8
//! byte-order mark is dropped and line endings become `\n`. HTML (a page,
//! a WARC response, a feed item's content or description) becomes its main
//! text in paragraphs separated by blank lines.
//!
//! Feeds: one document per RSS `<item>` or Atom `<entry>`: the title is the
//! headline, the full content (`content:encoded`, `<content>`) or else the
//! description or summary is the text, the item's link the URL, its
//! published (else updated) day the date. An item without text is a
//! rejection; a feed that does not parse is one rejection for the file.
//!
//! WARC (`.warc`, `.warc.gz` with one gzip member per record, as Common
//! Crawl's CC-NEWS): each `response` record whose HTTP response is 2xx and
//! HTML becomes a document, with the `WARC-Target-URI` as URL and the page's
//! own date, else the `WARC-Date` day. Chunked and gzip-encoded bodies are
//! decoded, and the charset (header, else `<meta>`) is honoured. Other
//! records (warcinfo, request, metadata, revisit) and other responses
//! (redirects, errors, images, robots.txt) are skipped without a word; a
//! [`Records`] item is a document or a rejection, and a redirect is
//! neither. Only a file that yields nothing at all says why, in one
//! rejection that counts what was skipped. A corrupt gzip member is one
//! rejection at its offset, and reading resumes at the next member that
//! decodes; a malformed record header or a file cut short is one rejection.
//! ARC files are refused with a message saying so.
//!
//! Keys this crate writes into `NewDoc::extra`, beside the record's own
//! unused fields:
//! - `id`: a CSV record's id column, whatever the header calls it (JSONL
//!   records keep their own `id` field as given);
//! - `published_raw`: a publication date that could not be parsed, verbatim
//!   (`NewDoc::published` is then `None`, or for a WARC page the crawl day);
//! - `site_name` and `byline`: an HTML page's outlet name and author line
//!   (`byline` is also a feed item's authors);
//! - `guid`: a feed item's guid or Atom id;
//! - `warc_record_id`: the `WARC-Record-ID` a page came from.
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
