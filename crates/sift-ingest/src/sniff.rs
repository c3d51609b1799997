//! What the first bytes of an input say: binary or text, and which format.

use std::io::{self, Read};

use flate2::read::GzDecoder;

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

/// The gzip magic number and the deflate method byte, which every gzip
/// member starts with.
pub(crate) const GZIP_MAGIC: &[u8] = b"\x1F\x8B\x08";

/// Whether the input is a WARC file: `WARC/1.` at the start, or a gzip
/// member whose first decompressed bytes are `WARC/`. Checked before
/// [`binary_reason`], which would call a `.warc.gz` "gzip".
pub(crate) fn looks_like_warc(prefix: &[u8]) -> bool {
    prefix.starts_with(b"WARC/1.") || gunzipped_start(prefix, 5).starts_with(b"WARC/")
}

/// Why the input cannot be read when it is an ARC file (WARC's
/// predecessor, which starts with a `filedesc://` line), or `None`.
pub(crate) fn arc_reason(prefix: &[u8]) -> Option<&'static str> {
    const ARC_START: &[u8] = b"filedesc://";
    (prefix.starts_with(ARC_START)
        || gunzipped_start(prefix, ARC_START.len()).starts_with(ARC_START))
    .then_some(ARC_REASON)
}

/// The message for ARC input, found by content or by name.
pub(crate) const ARC_REASON: &str = "this is an ARC file (the format before WARC), which sift does not read; convert it to WARC first";

/// Up to `n` bytes decompressed from the start of a gzip prefix; empty when
/// the prefix is not gzip or does not decompress.
fn gunzipped_start(prefix: &[u8], n: usize) -> Vec<u8> {
    if !prefix.starts_with(GZIP_MAGIC) {
        return Vec::new();
    }
    let mut start = Vec::with_capacity(n);
    // The prefix ends mid-stream; what decompressed before that is enough.
    let _ = GzDecoder::new(prefix)
        .take(n as u64)
        .read_to_end(&mut start);
    start
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
        // Before HTML: a feed has `<title>` and often HTML in its items.
        Some(b'<') if looks_like_feed(content) => Format::Feed,
        Some(b'<') if looks_like_html(content) => Format::Html,
        _ => Format::Txt,
    }
}

/// Whether the root element, after an optional XML declaration, comments,
/// processing instructions and a doctype, is `<rss>`, `<rdf:RDF>` or an
/// Atom `<feed>` (one that declares the Atom namespace).
pub(crate) fn looks_like_feed(prefix: &[u8]) -> bool {
    let Some(root) = root_start_tag(prefix) else {
        return false;
    };
    let name_end = root
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        .unwrap_or(root.len());
    match &root[..name_end] {
        b"rss" | b"rdf:RDF" => true,
        b"feed" | b"atom:feed" => {
            memchr::memmem::find(root, b"http://www.w3.org/2005/Atom").is_some()
        }
        _ => false,
    }
}

/// The first element's start tag without its `<`, up to and including
/// `>` (or to the end of the prefix), skipping what may precede it.
fn root_start_tag(prefix: &[u8]) -> Option<&[u8]> {
    let mut rest = prefix.strip_prefix(UTF8_BOM).unwrap_or(prefix);
    loop {
        rest = rest.trim_ascii_start();
        let (open, close): (&[u8], &[u8]) = if rest.starts_with(b"<?") {
            (b"<?", b"?>")
        } else if rest.starts_with(b"<!--") {
            (b"<!--", b"-->")
        } else if rest.starts_with(b"<!") {
            (b"<!", b">")
        } else {
            break;
        };
        let end = memchr::memmem::find(&rest[open.len()..], close)?;
        rest = &rest[open.len() + end + close.len()..];
    }
    let tag = rest.strip_prefix(b"<")?;
    let end = memchr::memchr(b'>', tag).map_or(tag.len(), |i| i + 1);
    Some(&tag[..end])
}

pub(crate) fn looks_like_html(content: &[u8]) -> bool {
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
        assert_eq!(
            sniff_format(
                b"<?xml version=\"1.0\"?>\n<!-- x -->\n<rss version=\"2.0\"><channel><title>"
            ),
            Format::Feed
        );
    }

    #[test]
    fn feeds_are_known_by_their_root_element() {
        assert!(looks_like_feed(b"<rss version=\"2.0\">"));
        assert!(looks_like_feed(
            b"\xEF\xBB\xBF<?xml version=\"1.0\"?><?xml-stylesheet href=\"s.xsl\"?><rdf:RDF xmlns:rdf=\"x\">"
        ));
        assert!(looks_like_feed(
            b"<!-- generator --><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>"
        ));
        assert!(
            !looks_like_feed(b"<feed><title>"),
            "a <feed> outside the Atom namespace is some other XML"
        );
        assert!(!looks_like_feed(b"<html><head><title>"));
        assert!(!looks_like_feed(b"<?xml version=\"1.0\"?><sitemap>"));
        assert!(!looks_like_feed(b"<!-- never closed"));
    }

    #[test]
    fn warc_is_known_plain_and_gzipped() {
        use std::io::Write;
        assert!(looks_like_warc(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n"));
        assert!(!looks_like_warc(b"WARC is a format"));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"WARC/1.1\r\nWARC-Type: response\r\n")
            .unwrap();
        let gz = gz.finish().unwrap();
        assert!(looks_like_warc(&gz));
        assert!(looks_like_warc(&gz[..gz.len() / 2]), "a prefix is enough");
        let mut other = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        other.write_all(b"just text").unwrap();
        assert!(!looks_like_warc(&other.finish().unwrap()));
        assert_eq!(
            arc_reason(b"filedesc://crawl.arc 0.0.0.0 2024"),
            Some(ARC_REASON)
        );
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
