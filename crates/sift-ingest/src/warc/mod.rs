//! WARC archives (WARC/1.0 and 1.1), plain or as `.warc.gz` with one gzip
//! member per record, the layout of Common Crawl's CC-NEWS: each `response`
//! record holding an HTML page becomes a document.
//!
//! The record framing (a header block, `Content-Length` bytes of content,
//! a blank line) is read here rather than with the `warc` crate, whose
//! reader cannot step over a corrupt gzip member and would lose every
//! record after it; [`input`] does the member-by-member decoding.

mod http;
mod input;

use std::collections::VecDeque;
use std::io::BufRead;

use serde_json::Value;

use crate::record::{self, Kind, PUBLISHED_RAW};
use crate::sniff::GZIP_MAGIC;
use crate::text::too_large;
use crate::{Document, Location, Origin, ReadOptions, Records, Rejection, date, html};
use http::{Payload, Skip};
use input::{Input, Piece};

/// The `extra` key for the WARC record a document came from.
const WARC_RECORD_ID: &str = "warc_record_id";

/// A header block longer than this is taken for garbage, not a header.
const MAX_HEADER_BYTES: usize = 256 << 10;

/// How much of an oversized response is kept to tell whether it is HTML.
const OVERSIZED_PEEK_BYTES: usize = 64 << 10;

/// Streams the HTML pages of a WARC file.
pub(crate) fn read<R: BufRead + Send + 'static>(
    mut reader: R,
    origin: Origin,
    options: ReadOptions,
) -> Records {
    let start = match reader.fill_buf() {
        Ok(start) => start,
        Err(error) => {
            return Box::new(std::iter::once(Err(
                origin.reject(format!("cannot read: {error}"))
            )));
        }
    };
    if start.trim_ascii().is_empty() {
        return Box::new(std::iter::once(Err(origin.reject("empty document"))));
    }
    // A `.warc.gz` whose first member is damaged is still gzip: reading
    // starts at the first member that decodes.
    let named_gzip = origin
        .path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("gz"));
    let gzip = start.starts_with(GZIP_MAGIC)
        || (!start.starts_with(b"WARC/")
            && (named_gzip || memchr::memmem::find(start, GZIP_MAGIC).is_some()));
    if !gzip && !start.starts_with(b"WARC/") {
        let first_line = String::from_utf8_lossy(first_line(start, 60)).into_owned();
        return Box::new(std::iter::once(Err(origin.reject(format!(
            "not a WARC file: it starts with \"{first_line}\", not \"WARC/1.0\" or gzip"
        )))));
    }
    let input = Input::new(reader, gzip);
    Box::new(WarcRecords {
        input,
        buffer: Vec::new(),
        start: 0,
        stream_pos: 0,
        members: VecDeque::new(),
        member_ended: false,
        origin,
        options,
        counts: Counts::default(),
        finished: false,
    })
}

struct WarcRecords<R> {
    input: Input<R>,
    /// Decompressed bytes; those before `start` are consumed.
    buffer: Vec<u8>,
    start: usize,
    /// The position of `buffer[start]` in the decompressed stream.
    stream_pos: u64,
    /// Where each gzip member's bytes begin in the decompressed stream, for
    /// the members still in the buffer.
    members: VecDeque<MemberStart>,
    /// Whether the member of the last bytes read has ended cleanly.
    member_ended: bool,
    origin: Origin,
    options: ReadOptions,
    counts: Counts,
    finished: bool,
}

#[derive(Clone, Copy)]
struct MemberStart {
    stream_pos: u64,
    offset: u64,
}

/// What came out of one file, for the message when nothing did.
#[derive(Default)]
struct Counts {
    records: u64,
    items: u64,
    responses: u64,
    skipped_status: u64,
    skipped_not_html: u64,
}

/// Why reading stopped before the end of a record.
enum Interrupt {
    /// A corrupt gzip member: what was being read is lost, and this is its
    /// rejection.
    Corrupt(Rejection),
    /// The file ended.
    End,
    /// The file could not be read further.
    Failed(Rejection),
}

/// One WARC record's header, as far as sift needs it.
#[derive(Debug, Default)]
struct RecordHeader {
    warc_type: String,
    content_length: u64,
    record_id: Option<String>,
    target_uri: Option<String>,
    date: Option<String>,
    content_type: Option<String>,
}

type Step = Result<Option<Result<Document, Rejection>>, Interrupt>;

impl<R: std::io::Read> Iterator for WarcRecords<R> {
    type Item = Result<Document, Rejection>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            let item = match self.next_record() {
                Ok(item) => item,
                Err(Interrupt::Corrupt(rejection)) => {
                    // Reading resumes at a fresh gzip member, which starts a
                    // record: nothing before it is worth keeping.
                    self.consume(self.buffer.len() - self.start);
                    Some(Err(rejection))
                }
                Err(Interrupt::Failed(rejection)) => {
                    self.finished = true;
                    Some(Err(rejection))
                }
                Err(Interrupt::End) => {
                    self.finished = true;
                    self.nothing_came_out().map(Err)
                }
            };
            if item.is_some() {
                self.counts.items += 1;
                return item;
            }
        }
        None
    }
}

impl<R: std::io::Read> WarcRecords<R> {
    /// Reads one record: `Ok(Some(_))` for a document or a rejection,
    /// `Ok(None)` for a record that is skipped.
    fn next_record(&mut self) -> Step {
        self.skip_blank_lines()?;
        self.compact();
        let offset = self.offset_of(self.stream_pos);
        let origin = self.origin.at(Location::Offset(offset));
        let header_len = match self.header_length() {
            Ok(Some(len)) => len,
            Ok(None) => {
                let reason = format!("no blank line within {MAX_HEADER_BYTES} bytes");
                return self.malformed(&origin, &reason);
            }
            Err(Interrupt::End) => {
                self.finished = true;
                return Ok(Some(Err(origin.reject(
                    "truncated WARC record: the file ends inside its header (the file looks cut short)",
                ))));
            }
            Err(other) => return Err(other),
        };
        let header = match parse_header(&self.buffer[self.start..self.start + header_len]) {
            Ok(header) => header,
            Err(reason) => return self.malformed(&origin, &reason),
        };
        self.consume(header_len);
        self.counts.records += 1;
        let content_start = self.stream_pos;

        let is_http_response = header.warc_type.eq_ignore_ascii_case("response")
            && header.content_type.as_deref().is_none_or(|t| {
                t.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("application/http")
            });
        if !is_http_response {
            // warcinfo, request, metadata, revisit, resource, DNS answers:
            // not documents.
            if let Err(interrupt) = self.skip(header.content_length) {
                return self.cut_short(interrupt, &header, content_start, origin);
            }
            self.settle()?;
            return Ok(None);
        }
        self.counts.responses += 1;

        let max = self.options.max_record_bytes;
        let oversized = header.content_length > max as u64;
        let kept = if oversized {
            OVERSIZED_PEEK_BYTES as u64
        } else {
            header.content_length
        };
        let content = match self.take(kept) {
            Ok(content) => content,
            Err(interrupt) => return self.cut_short(interrupt, &header, content_start, origin),
        };
        if let Err(interrupt) = self.skip(header.content_length - kept) {
            return self.cut_short(interrupt, &header, content_start, origin);
        }
        // A record whose gzip member fails its checksum is dropped here,
        // before its possibly damaged bytes become a document.
        self.settle()?;

        let id = record_id(&header);
        let item = match http::payload(&content, max) {
            Payload::Skipped(skip) => {
                match skip {
                    Skip::Status => self.counts.skipped_status += 1,
                    Skip::NotHtml => self.counts.skipped_not_html += 1,
                }
                return Ok(None);
            }
            Payload::Unreadable(reason) => Err(origin.reject(format!("record {id}: {reason}"))),
            Payload::Html { .. } if oversized => {
                Err(origin.reject(format!("record {id}: {}", too_large("page", max))))
            }
            Payload::Html {
                html,
                decoded_lossily,
            } => page_document(&html, decoded_lossily, &header, origin, &self.options),
        };
        Ok(Some(item))
    }

    /// A record cut off by the end of the file is one rejection; one cut
    /// off by a corrupt member is that member's rejection.
    fn cut_short(
        &mut self,
        interrupt: Interrupt,
        header: &RecordHeader,
        content_start: u64,
        origin: Origin,
    ) -> Step {
        let Interrupt::End = interrupt else {
            return Err(interrupt);
        };
        self.finished = true;
        let had = self.stream_pos + (self.buffer.len() - self.start) as u64 - content_start;
        Ok(Some(Err(origin.reject(format!(
            "truncated WARC record {}: its header promises {} bytes of content, the file ends \
             after {had} (the file looks cut short)",
            record_id(header),
            header.content_length
        )))))
    }

    /// When a file yields nothing at all, the user hears why once.
    fn nothing_came_out(&self) -> Option<Rejection> {
        if self.counts.items > 0 {
            return None;
        }
        let Counts {
            records,
            responses,
            skipped_status,
            skipped_not_html,
            ..
        } = self.counts;
        Some(self.origin.reject(format!(
            "no HTML pages in this WARC file ({records} records, {responses} HTTP responses: \
             {skipped_status} with a status other than 2xx, {skipped_not_html} not HTML)"
        )))
    }

    /// The unconsumed bytes.
    fn available(&self) -> &[u8] {
        &self.buffer[self.start..]
    }

    fn consume(&mut self, n: usize) {
        self.start += n;
        self.stream_pos += n as u64;
    }

    /// Gives consumed bytes back and forgets members that are behind.
    fn compact(&mut self) {
        if self.start > 0 && (self.start == self.buffer.len() || self.start >= 1 << 20) {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        while self.members.len() > 1 && self.members[1].stream_pos <= self.stream_pos {
            self.members.pop_front();
        }
    }

    /// Reads the next piece of input into the buffer.
    fn pull(&mut self) -> Result<(), Interrupt> {
        let stream_end = self.stream_pos + (self.buffer.len() - self.start) as u64;
        if self.start > 0 && self.start == self.buffer.len() {
            self.buffer.clear();
            self.start = 0;
        }
        match self.input.next_piece(&mut self.buffer) {
            Piece::Bytes {
                offset,
                starts_member,
            } => {
                let new_member = self.members.back().is_none_or(|m| m.offset != offset);
                if self.input.is_gzip() && (starts_member || new_member) {
                    self.members.push_back(MemberStart {
                        stream_pos: stream_end,
                        offset,
                    });
                }
                self.member_ended = false;
                Ok(())
            }
            Piece::MemberEnd => {
                self.member_ended = true;
                Ok(())
            }
            Piece::Corrupt { offset, reason } => Err(Interrupt::Corrupt(
                self.origin.at(Location::Offset(offset)).reject(reason),
            )),
            Piece::Failed(error) => Err(Interrupt::Failed(
                self.origin.reject(format!("cannot read: {error}")),
            )),
            Piece::End => Err(Interrupt::End),
        }
    }

    /// The file offset of a stream position: the byte itself in a plain
    /// file, the gzip member holding it in a compressed one.
    fn offset_of(&self, stream_pos: u64) -> u64 {
        if !self.input.is_gzip() {
            return stream_pos;
        }
        self.members
            .iter()
            .rev()
            .find(|m| m.stream_pos <= stream_pos)
            .map_or(0, |m| m.offset)
    }

    fn is_member_start(&self, stream_pos: u64) -> bool {
        self.members.iter().any(|m| m.stream_pos == stream_pos)
    }

    /// Skips the blank lines between records (the format asks for two;
    /// writers vary).
    fn skip_blank_lines(&mut self) -> Result<(), Interrupt> {
        loop {
            let blank = self
                .available()
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            self.consume(blank);
            if !self.available().is_empty() {
                return Ok(());
            }
            self.pull()?;
        }
    }

    /// The length of the header block up to and including its blank line,
    /// or `None` when there is none within [`MAX_HEADER_BYTES`].
    fn header_length(&mut self) -> Result<Option<usize>, Interrupt> {
        let mut searched = 0;
        loop {
            let available = self.available();
            let window = &available[searched..];
            let end = memchr::memmem::find(window, b"\n\r\n")
                .map(|i| i + 3)
                .into_iter()
                .chain(memchr::memmem::find(window, b"\n\n").map(|i| i + 2))
                .min();
            if let Some(end) = end {
                return Ok(Some(searched + end));
            }
            if available.len() > MAX_HEADER_BYTES {
                return Ok(None);
            }
            searched = available.len().saturating_sub(2);
            self.pull()?;
        }
    }

    /// The next `n` bytes.
    fn take(&mut self, n: u64) -> Result<Vec<u8>, Interrupt> {
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        while self.available().len() < n {
            self.pull()?;
        }
        let bytes = self.available()[..n].to_vec();
        self.consume(n);
        Ok(bytes)
    }

    /// Skips `n` bytes without holding them.
    fn skip(&mut self, n: u64) -> Result<(), Interrupt> {
        let mut remaining = n;
        loop {
            let here = remaining.min(self.available().len() as u64);
            self.consume(here as usize);
            remaining -= here;
            if remaining == 0 {
                return Ok(());
            }
            self.compact();
            self.pull()?;
        }
    }

    /// After a record: makes sure that the gzip member it ended in was
    /// whole (its checksum matched) before the record is used, by reading
    /// on until the member ends or the next record starts inside it.
    fn settle(&mut self) -> Result<(), Interrupt> {
        loop {
            let blank = self
                .available()
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            self.consume(blank);
            let available = self.available();
            let settled = if self.input.is_gzip() {
                // Bytes after the record that do not start the next one
                // mean the record's length was wrong: perhaps damage that
                // only the member's checksum will show, so wait for it
                // (within reason: a member may hold a whole file).
                self.member_ended
                    || available.starts_with(b"WARC/")
                    || available.len() > MAX_HEADER_BYTES
            } else {
                !available.is_empty()
            };
            if settled {
                return Ok(());
            }
            match self.pull() {
                Ok(()) => {}
                // The next record will meet the end again.
                Err(Interrupt::End) => return Ok(()),
                Err(other) => return Err(other),
            }
        }
    }

    /// A malformed header's rejection, once the next record start is found.
    /// When the gzip member it was in turns out corrupt, the member's
    /// rejection stands for both.
    fn malformed(&mut self, origin: &Origin, reason: &str) -> Step {
        self.consume(1);
        match self.resync() {
            Ok(()) | Err(Interrupt::End) => Ok(Some(Err(
                origin.reject(format!("malformed WARC record header: {reason}"))
            ))),
            Err(other) => Err(other),
        }
    }

    /// Finds the next record start after a malformed header: `WARC/1.` at
    /// the start of a line or of a gzip member.
    fn resync(&mut self) -> Result<(), Interrupt> {
        const START: &[u8] = b"WARC/1.";
        let mut byte_before = 0u8;
        loop {
            let available = self.available();
            let mut from = 0;
            while let Some(i) = memchr::memmem::find(&available[from..], START) {
                let at = from + i;
                let before = if at == 0 {
                    byte_before
                } else {
                    available[at - 1]
                };
                if before == b'\n' || self.is_member_start(self.stream_pos + at as u64) {
                    self.consume(at);
                    return Ok(());
                }
                from = at + 1;
            }
            // The last bytes may begin a record start that the next piece
            // completes.
            let dropped = available.len().saturating_sub(START.len() - 1);
            if dropped > 0 {
                byte_before = available[dropped - 1];
                self.consume(dropped);
            }
            self.compact();
            self.pull()?;
        }
    }
}

/// Reads a header block: the version line, then `Name: value` lines
/// (continued on lines that start with a space or tab).
fn parse_header(block: &[u8]) -> Result<RecordHeader, String> {
    let text = String::from_utf8_lossy(block);
    let mut lines = text.lines().map(|line| line.trim_end_matches('\r'));
    let version = lines.next().unwrap_or_default();
    if !version.starts_with("WARC/") {
        return Err(format!(
            "expected a WARC/1.0 or WARC/1.1 line, found \"{}\"",
            clip(version, 60)
        ));
    }
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in lines.take_while(|line| !line.is_empty()) {
        if line.starts_with([' ', '\t'])
            && let Some((_, value)) = fields.last_mut()
        {
            value.push(' ');
            value.push_str(line.trim());
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!(
                "a line that is not \"Name: value\": \"{}\"",
                clip(line, 60)
            ));
        };
        fields.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let content_length = match field("content-length") {
        None => return Err("no Content-Length".to_string()),
        Some(raw) => raw
            .parse()
            .map_err(|_| format!("Content-Length \"{}\" is not a number", clip(&raw, 30)))?,
    };
    let warc_type = field("warc-type").ok_or("no WARC-Type")?;
    // WARC/1.0 writers put the URI in angle brackets; 1.1 does not.
    let target_uri = field("warc-target-uri").map(|uri| {
        uri.trim_start_matches('<')
            .trim_end_matches('>')
            .to_string()
    });
    Ok(RecordHeader {
        warc_type,
        content_length,
        record_id: field("warc-record-id"),
        target_uri,
        date: field("warc-date"),
        content_type: field("content-type"),
    })
}

fn record_id(header: &RecordHeader) -> &str {
    header.record_id.as_deref().unwrap_or("(no WARC-Record-ID)")
}

/// A page from a response record. The URL is where it was fetched from,
/// and the date its own when it gives one, else the day it was fetched.
fn page_document(
    html: &str,
    decoded_lossily: bool,
    header: &RecordHeader,
    origin: Origin,
    options: &ReadOptions,
) -> Result<Document, Rejection> {
    let Some(page) = html::extract_page(html, &origin)? else {
        return Err(origin.reject(format!(
            "html page has no main text (record {})",
            record_id(header)
        )));
    };
    let page_date = page.published.clone();
    let mut fields = page.into_fields(decoded_lossily);
    if let Some(uri) = &header.target_uri {
        fields.url = Some(uri.clone());
        // The host of the URI is the outlet (sift-core takes it from the
        // URL), not the site's display name.
        fields.source = None;
    }
    fields.published = match page_date {
        Some(raw) if date::parse_published(&raw).is_some() => Some(raw),
        own => {
            if let Some(raw) = own {
                fields
                    .extra
                    .insert(PUBLISHED_RAW.to_string(), Value::String(raw));
            }
            header.date.clone()
        }
    };
    if let Some(id) = &header.record_id {
        fields
            .extra
            .insert(WARC_RECORD_ID.to_string(), Value::String(id.clone()));
    }
    Ok(Document {
        new_doc: record::build(fields, Kind::Structured, options),
        origin,
    })
}

/// At most `max` characters of a line, for messages.
fn clip(text: &str, max: usize) -> String {
    let mut clipped: String = text.chars().take(max).collect();
    if clipped.len() < text.len() {
        clipped.push_str("...");
    }
    clipped
}

fn first_line(bytes: &[u8], max: usize) -> &[u8] {
    let end = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len()).min(max);
    bytes[..end].trim_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_with_continuations_and_checked() {
        let header = parse_header(
            b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <https://example.com/a>\r\n\
              WARC-Record-ID: <urn:uuid:1>\r\nX-Long: one\r\n two\r\nContent-Length: 12\r\n\r\n",
        )
        .unwrap();
        assert_eq!(header.warc_type, "response");
        assert_eq!(header.content_length, 12);
        assert_eq!(header.target_uri.as_deref(), Some("https://example.com/a"));
        assert_eq!(header.record_id.as_deref(), Some("<urn:uuid:1>"));
        for (block, reason) in [
            (
                &b"HTTP/1.1 200 OK\r\n\r\n"[..],
                "expected a WARC/1.0 or WARC/1.1 line",
            ),
            (
                b"WARC/1.0\r\nWARC-Type: response\r\n\r\n",
                "no Content-Length",
            ),
            (
                b"WARC/1.0\r\nContent-Length: 1x\r\nWARC-Type: response\r\n\r\n",
                "is not a number",
            ),
            (b"WARC/1.0\r\nContent-Length: 1\r\n\r\n", "no WARC-Type"),
            (b"WARC/1.0\r\nno colon here\r\n\r\n", "not \"Name: value\""),
        ] {
            let error = parse_header(block).unwrap_err();
            assert!(error.contains(reason), "{error}");
        }
    }
}
