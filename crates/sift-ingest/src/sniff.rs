//! What the first bytes of an input say: binary or text, and which format.

use std::io::{self, Read};

use crate::Format;

/// How many leading bytes are examined.
pub(crate) const SNIFF_BYTES: usize = 8192;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads up to [`SNIFF_BYTES`] from the start of the input. Several reads may
/// be needed: a pipe can deliver its first bytes in small pieces.
pub(crate) fn read_prefix(reader: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut prefix = Vec::with_capacity(SNIFF_BYTES);
    reader.take(SNIFF_BYTES as u64).read_to_end(&mut prefix)?;
    Ok(prefix)
}

/// Drops a UTF-8 byte-order mark, which would otherwise become part of the
/// first line, the first CSV header or the text.
pub(crate) fn strip_bom(prefix: &mut Vec<u8>) {
    if prefix.starts_with(UTF8_BOM) {
        prefix.drain(..UTF8_BOM.len());
    }
}

/// Why the input is not text, when it is not: a rejection reason.
pub(crate) fn binary_reason(prefix: &[u8]) -> Option<String> {
    // Magic numbers of what most often ends up in a news folder by mistake;
    // compressed archives get a hint, since decompressing is the fix.
    const MAGIC: &[(&[u8], &str, &str)] = &[
        (b"\x1F\x8B", "gzip", "; decompress it first"),
        (b"PK\x03\x04", "zip", "; unpack it first"),
        (b"BZh", "bzip2", "; decompress it first"),
        (b"\xFD7zXZ\x00", "xz", "; decompress it first"),
        (b"\x28\xB5\x2F\xFD", "zstd", "; decompress it first"),
        (b"7z\xBC\xAF\x27\x1C", "7-zip", "; unpack it first"),
        (b"\x89PNG\r\n\x1A\n", "a PNG image", ""),
        (b"\xFF\xD8\xFF", "a JPEG image", ""),
        (b"GIF87a", "a GIF image", ""),
        (b"GIF89a", "a GIF image", ""),
        (b"%PDF-", "a PDF document", "; extract its text first"),
        (b"\x7FELF", "an executable", ""),
    ];
    for (magic, what, hint) in MAGIC {
        if prefix.starts_with(magic) {
            return Some(format!("binary data, not text (looks like {what}{hint})"));
        }
    }
    if prefix.starts_with(b"\xFF\xFE") || prefix.starts_with(b"\xFE\xFF") {
        return Some("text is UTF-16, not UTF-8; convert it to UTF-8 first".to_string());
    }
    if memchr::memchr(0, prefix).is_some() {
        return Some("binary data, not text (contains NUL bytes)".to_string());
    }
    None
}

/// The format the content looks like, for inputs whose name does not say.
pub(crate) fn sniff_format(prefix: &[u8]) -> Format {
    let start = prefix
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(prefix.len());
    let content = &prefix[start..];
    match content.first() {
        Some(b'{' | b'[') => Format::Jsonl,
        Some(b'<') if looks_like_html(content) => Format::Html,
        _ => Format::Txt,
    }
}

fn looks_like_html(content: &[u8]) -> bool {
    const MARKERS: [&[u8]; 7] = [
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<meta",
        b"<title",
        b"<article",
    ];
    let lower = content.to_ascii_lowercase();
    MARKERS
        .iter()
        .any(|marker| memchr::memmem::find(&lower, marker).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_the_format_when_the_name_does_not() {
        assert_eq!(sniff_format(b"\n {\"text\": \"x\"}\n"), Format::Jsonl);
        assert_eq!(sniff_format(b"<!DOCTYPE html><p>x"), Format::Html);
        assert_eq!(sniff_format(b"<Reuters> said"), Format::Txt);
        assert_eq!(sniff_format(b"Troops moved"), Format::Txt);
        assert_eq!(sniff_format(b""), Format::Txt);
    }

    #[test]
    fn binary_is_named() {
        assert!(binary_reason(b"\x1F\x8B\x08\x00").unwrap().contains("gzip"));
        assert!(binary_reason(b"ab\x00cd").unwrap().contains("NUL"));
        assert!(binary_reason(b"\xFF\xFEa\x00").unwrap().contains("UTF-16"));
        assert_eq!(binary_reason("caf\u{e9}".as_bytes()), None);
        assert_eq!(
            binary_reason(b"caf\xE9"),
            None,
            "invalid UTF-8 is decoded lossily, not rejected"
        );
    }
}
