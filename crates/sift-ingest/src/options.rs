use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::Error;

/// How a reader turns input into documents.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// The input format; `None` detects it from the file extension, and then
    /// from the first bytes (see [`Format`]).
    pub format: Option<Format>,
    /// Where each document's headline comes from.
    pub headline: HeadlinePolicy,
    /// Which CSV columns hold the text and metadata.
    pub csv: CsvColumns,
    /// The largest record (a whole txt, HTML or feed file, one JSONL line,
    /// one CSV row, one WARC record's HTTP payload) that is read; a larger
    /// one is rejected and reading goes on.
    pub max_record_bytes: usize,
    /// Guess the language with `whatlang` when a record does not give one.
    /// Only texts of at least 200 characters with a reliable guess get one.
    /// It costs about 0.1 ms per document (whatlang compares against every
    /// language profile), which dominates JSONL reading: turn it off when
    /// the pipeline identifies languages itself.
    pub detect_language: bool,
}

impl ReadOptions {
    /// The default for [`ReadOptions::max_record_bytes`]: 64 MiB.
    pub const DEFAULT_MAX_RECORD_BYTES: usize = 64 << 20;
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            format: None,
            headline: HeadlinePolicy::default(),
            csv: CsvColumns::default(),
            max_record_bytes: ReadOptions::DEFAULT_MAX_RECORD_BYTES,
            detect_language: true,
        }
    }
}

/// Where a document's headline comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum HeadlinePolicy {
    /// The input's own headline. Plain text has it on its first non-empty
    /// line. JSONL, CSV and HTML have it in a `headline`/`title` field or
    /// column, or the page title; a record without one has no headline, and
    /// its text is body from the first line on.
    #[default]
    FirstLine,
    /// This headline for every document. A record's own headline field is
    /// then kept in `NewDoc::extra` under its name.
    Given(String),
    /// No headline: all text is body. A record's own headline field is kept
    /// in `NewDoc::extra` under its name.
    None,
}

/// Which CSV columns to read, by header name. `None` guesses from the header
/// (case and punctuation are ignored when guessing, so `Body ID` matches the
/// `bodyid` candidate). A `language` or `lang` column is always used when
/// present. Columns not chosen go into `NewDoc::extra` as strings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CsvColumns {
    /// The text; guessed from `text`, `body`, `articleBody`, `content`.
    pub text: Option<String>,
    /// The headline; guessed from `title`, `headline`.
    pub headline: Option<String>,
    /// The URL; guessed from `url`, `link`.
    pub url: Option<String>,
    /// The publication date; guessed from `published`, `date` and a few
    /// spellings such as `published_at`, `pubdate`.
    pub date: Option<String>,
    /// The outlet; guessed from `source`, `domain`.
    pub source: Option<String>,
    /// The record id, kept in `NewDoc::extra["id"]`; guessed from `id`,
    /// `Body ID`, `doc_id`.
    pub id: Option<String>,
}

/// An input format.
///
/// Detection, when [`ReadOptions::format`] is `None`: the extension decides
/// (`.txt`/`.text`, `.jsonl`/`.ndjson`, `.csv`, `.html`/`.htm`,
/// `.rss`/`.atom`, `.warc`/`.warc.gz`, any case); otherwise, as for standard
/// input and `.xml` files, the first bytes do: `WARC/1.` (or gzip whose
/// first decompressed bytes are `WARC/`) means WARC, an `<rss>`, Atom
/// `<feed>` or `<rdf:RDF>` root element means a feed, `{` or `[` means
/// JSONL, an HTML doctype or a common HTML tag means HTML, and anything else
/// is plain text. CSV is never guessed from content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// The whole file is one document.
    Txt,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// One web page; the main text is extracted.
    Html,
    /// An RSS (0.9x, 1.0, 2.0) or Atom feed; each item is one document.
    Feed,
    /// A WARC archive, plain or gzip-compressed (one member per record, as
    /// Common Crawl writes them); each HTML response is one document.
    Warc,
}

impl Format {
    /// Every format, in the order they are documented.
    pub const ALL: [Format; 6] = [
        Format::Txt,
        Format::Jsonl,
        Format::Csv,
        Format::Html,
        Format::Feed,
        Format::Warc,
    ];

    /// The lower-case name used on the command line and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Feed => "feed",
            Format::Warc => "warc",
        }
    }

    /// The format a file extension stands for, if any. `.xml` stands for
    /// none: it is a feed only when its content says so.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" | "text" => Some(Format::Txt),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            "html" | "htm" => Some(Format::Html),
            "rss" | "atom" => Some(Format::Feed),
            "warc" => Some(Format::Warc),
            "gz" if has_inner_extension(path, "warc") => Some(Format::Warc),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;

    /// Parses a format name; the extensions' spellings are accepted too.
    fn from_str(name: &str) -> Result<Format, Error> {
        match name.trim().to_ascii_lowercase().as_str() {
            "txt" | "text" => Ok(Format::Txt),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "html" | "htm" => Ok(Format::Html),
            "feed" | "rss" | "atom" => Ok(Format::Feed),
            "warc" => Ok(Format::Warc),
            _ => Err(Error::UnknownFormat {
                name: name.to_string(),
            }),
        }
    }
}

/// Whether the file name, without its last extension, ends in `.inner`
/// (`news.warc.gz` has the inner extension `warc`).
pub(crate) fn has_inner_extension(path: &Path, inner: &str) -> bool {
    path.file_stem()
        .map(Path::new)
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(inner))
}

/// For messages about directories: which files are read.
pub(crate) const SUPPORTED_EXTENSIONS_TEXT: &str = ".txt, .text, .jsonl, .ndjson, .csv, .html, .htm, \
     .rss, .atom, .xml (feeds only), .warc, .warc.gz";
