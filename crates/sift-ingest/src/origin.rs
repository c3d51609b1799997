use std::fmt;
use std::path::PathBuf;

use sift_core::NewDoc;

/// One input record turned into a document, plus where it came from.
#[derive(Clone, Debug)]
pub struct Document {
    /// Everything `sift_core::Doc::new` needs.
    pub new_doc: NewDoc,
    /// The file, and the line or record inside it.
    pub origin: Origin,
}

/// Where a record came from.
///
/// Displays as `reports.jsonl:17`, `reports.csv:record 4 (line 9)`,
/// `news.rss:item 3`, `CC-NEWS.warc.gz:offset 51234` or `page.html`, so that
/// messages can start with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file as it was named (a directory's files are joined to it), or
    /// `<stdin>`.
    pub path: PathBuf,
    /// For multi-record formats, the record inside the file; `None` when the
    /// whole file is one document or the problem concerns the whole file.
    pub location: Option<Location>,
}

/// A place inside a multi-record file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// A 1-based line number (JSONL).
    Line(u64),
    /// A 1-based data record number (CSV; the header is not counted) and
    /// the 1-based line it starts on, which differ when fields span lines.
    Record {
        /// The record number.
        number: u64,
        /// The line the record starts on.
        line: u64,
    },
    /// A 1-based item number in a feed (an RSS `<item>` or Atom `<entry>`).
    Item(u64),
    /// A byte offset in the file where a WARC record starts; in a
    /// `.warc.gz`, the offset of the gzip member it starts in (where
    /// `zcat`-style tools and CDX indexes point).
    Offset(u64),
}

/// A record that could not become a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// Where it came from.
    pub origin: Origin,
    /// Why, in one lower-case line with no trailing period, saying what to
    /// do when that is known.
    pub reason: String,
}

impl Origin {
    pub(crate) fn file(path: PathBuf) -> Origin {
        Origin {
            path,
            location: None,
        }
    }

    pub(crate) fn at(&self, location: Location) -> Origin {
        Origin {
            path: self.path.clone(),
            location: Some(location),
        }
    }

    pub(crate) fn reject(&self, reason: impl Into<String>) -> Rejection {
        Rejection {
            origin: self.clone(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        match self.location {
            None => Ok(()),
            Some(Location::Line(line)) => write!(f, ":{line}"),
            Some(Location::Record { number, line }) => write!(f, ":record {number} (line {line})"),
            Some(Location::Item(number)) => write!(f, ":item {number}"),
            Some(Location::Offset(offset)) => write!(f, ":offset {offset}"),
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
    }
}

impl std::error::Error for Rejection {}
