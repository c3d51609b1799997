//! Plain text, where the whole file is one document; and the helpers that
//! every whole-file reader (text and HTML) shares.

use std::io::{BufRead, Read};

use crate::record::{self, Fields, Kind};
use crate::{Document, Origin, ReadOptions, Rejection};

/// Reads the whole input as one document.
pub(crate) fn read_one(
    reader: impl BufRead,
    origin: Origin,
    options: &ReadOptions,
) -> Result<Document, Rejection> {
    let (text, decoded_lossily) = read_nonblank(reader, &origin, options.max_record_bytes)?;
    let fields = Fields {
        text,
        decoded_lossily,
        ..Fields::default()
    };
    Ok(Document {
        new_doc: record::build(fields, Kind::PlainText, options),
        origin,
    })
}

/// Reads and decodes the whole input, rejecting it when it holds only
/// whitespace. Returns the text and whether decoding was lossy.
pub(crate) fn read_nonblank(
    reader: impl BufRead,
    origin: &Origin,
    max_bytes: usize,
) -> Result<(String, bool), Rejection> {
    let (text, decoded_lossily) = decode(read_whole(reader, origin, max_bytes)?);
    if text.trim().is_empty() {
        return Err(origin.reject("empty document"));
    }
    Ok((text, decoded_lossily))
}

/// Reads everything, but never more than `max_bytes` (plus one byte, to know
/// that there was more).
pub(crate) fn read_whole(
    reader: impl BufRead,
    origin: &Origin,
    max_bytes: usize,
) -> Result<Vec<u8>, Rejection> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    reader
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| origin.reject(format!("cannot read: {e}")))?;
    if bytes.len() > max_bytes {
        return Err(origin.reject(too_large("file", max_bytes)));
    }
    Ok(bytes)
}

/// The rejection reason for a record over the size limit.
pub(crate) fn too_large(what: &str, max_bytes: usize) -> String {
    format!(
        "{what} is larger than the limit of {max_bytes} bytes; raise max_record_bytes to read it"
    )
}

/// UTF-8 text, with invalid bytes replaced by U+FFFD; the flag says whether
/// any were. Valid input is not copied.
pub(crate) fn decode(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(error) => (String::from_utf8_lossy(error.as_bytes()).into_owned(), true),
    }
}
