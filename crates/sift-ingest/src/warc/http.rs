//! The HTTP response inside a WARC `response` record: status, headers,
//! transfer and content encodings, charset; out comes the page as text.

use std::borrow::Cow;
use std::io::Read;

use encoding_rs::{Encoding, UTF_8};
use flate2::read::{MultiGzDecoder, ZlibDecoder};

use crate::sniff::looks_like_html;
use crate::text::{decode, too_large};

/// What a response holds, for sift.
pub(super) enum Payload {
    /// An HTML page, decoded to UTF-8; the flag says whether any bytes were
    /// invalid in its charset and replaced.
    Html { html: String, decoded_lossily: bool },
    /// Not a page to read: a redirect or error, or not HTML.
    Skipped(Skip),
    /// An HTML page (or one that claims to be) that cannot be read.
    Unreadable(String),
}

/// Why a response is skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Skip {
    /// A status outside 2xx: redirects, not-found pages, server errors.
    Status,
    /// A body that is not HTML: images, PDFs, feeds, robots.txt.
    NotHtml,
}

/// Reads an HTTP response (status line, headers, body). `max_bytes`
/// bounds the decompressed body.
pub(super) fn payload(response: &[u8], max_bytes: usize) -> Payload {
    let Some(head_end) = memchr::memmem::find(response, b"\r\n\r\n")
        .map(|i| i + 4)
        .or_else(|| memchr::memmem::find(response, b"\n\n").map(|i| i + 2))
    else {
        return Payload::Unreadable("the HTTP response has no end of headers".to_string());
    };
    let head = &response[..head_end];
    let body = &response[head_end..];
    let head = normalize_status_line(head);
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut parsed = httparse::Response::new(&mut headers);
    let status = httparse::ParserConfig::default()
        .allow_spaces_after_header_name_in_responses(true)
        .allow_obsolete_multiline_headers_in_responses(true)
        .allow_multiple_spaces_in_response_status_delimiters(true)
        .ignore_invalid_headers_in_responses(true)
        .parse_response(&mut parsed, &head);
    match status {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => {
            return Payload::Unreadable("the HTTP response headers are cut short".to_string());
        }
        Err(error) => {
            return Payload::Unreadable(format!("malformed HTTP response headers ({error})"));
        }
    }
    let code = parsed.code.unwrap_or(0);
    if !(200..300).contains(&code) {
        return Payload::Skipped(Skip::Status);
    }
    let header = |name: &str| {
        parsed
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
    };
    let content_type = header("content-type").filter(|t| !t.is_empty());
    let declared_html = match content_type.as_deref().map(mime_of) {
        Some(mime) if mime == "text/html" || mime == "application/xhtml+xml" => true,
        // No type at all: the body decides, below.
        None => false,
        Some(_) => return Payload::Skipped(Skip::NotHtml),
    };

    let mut body = Cow::Borrowed(body);
    let transfer_encoding = header("transfer-encoding").unwrap_or_default();
    if has_token(&transfer_encoding, "chunked") {
        // Some crawlers store the body de-chunked but keep the header; the
        // body is then used as it is.
        if let Some(joined) = dechunk(&body) {
            body = Cow::Owned(joined);
        }
    }
    let content_encoding = header("content-encoding").unwrap_or_default();
    // Codings are listed in the order they were applied, so they are
    // undone from the last.
    for coding in content_encoding.rsplit(',').map(str::trim) {
        let coding = coding.to_ascii_lowercase();
        let decoded = match coding.as_str() {
            "" | "identity" | "none" => continue,
            "gzip" | "x-gzip" => inflate(MultiGzDecoder::new(&body[..]), max_bytes),
            "deflate" => inflate(ZlibDecoder::new(&body[..]), max_bytes).or_else(|_| {
                // Many servers send raw deflate under this name.
                inflate(flate2::read::DeflateDecoder::new(&body[..]), max_bytes)
            }),
            other => {
                if starts_like_markup(&body) {
                    continue;
                }
                return Payload::Unreadable(format!(
                    "the page is compressed with \"{other}\", which sift cannot decompress"
                ));
            }
        };
        match decoded {
            Ok(bytes) => body = Cow::Owned(bytes),
            // Stored already decompressed, as Common Crawl does, but the
            // header kept.
            Err(_) if starts_like_markup(&body) => {}
            Err(reason) => return Payload::Unreadable(reason),
        }
    }
    if body.len() > max_bytes {
        return Payload::Unreadable(too_large("page", max_bytes));
    }
    if !declared_html && !looks_like_html(&body[..body.len().min(1024)]) {
        return Payload::Skipped(Skip::NotHtml);
    }
    let charset = content_type.as_deref().and_then(charset_param);
    let (html, decoded_lossily) = decode_page(body.into_owned(), charset.as_deref());
    Payload::Html {
        html,
        decoded_lossily,
    }
}

/// httparse reads HTTP/1.x only; an `HTTP/2` status line has the same
/// shape otherwise.
fn normalize_status_line(head: &[u8]) -> Cow<'_, [u8]> {
    for version in [&b"HTTP/2.0 "[..], b"HTTP/2 ", b"HTTP/3 "] {
        if let Some(rest) = head.strip_prefix(version) {
            let mut fixed = b"HTTP/1.1 ".to_vec();
            fixed.extend_from_slice(rest);
            return Cow::Owned(fixed);
        }
    }
    Cow::Borrowed(head)
}

/// `text/html; charset=utf-8` → `text/html`.
fn mime_of(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The `charset` parameter of a content type.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    })
}

fn has_token(list: &str, token: &str) -> bool {
    list.split(',')
        .any(|t| t.trim().eq_ignore_ascii_case(token))
}

fn starts_like_markup(body: &[u8]) -> bool {
    body.trim_ascii_start().starts_with(b"<")
}

/// Joins the chunks of a chunked body, or `None` when the body is not
/// chunked after all.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut joined = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let (size_end, size) = match httparse::parse_chunk_size(rest) {
            Ok(httparse::Status::Complete(parsed)) => parsed,
            _ => return None,
        };
        rest = &rest[size_end..];
        if size == 0 {
            // Trailers, if any, are not needed.
            return Some(joined);
        }
        let size = usize::try_from(size).ok()?;
        if size > rest.len() {
            // The last chunk is cut short (a truncated record): keep what
            // there is, as for any truncated page.
            joined.extend_from_slice(rest);
            return Some(joined);
        }
        joined.extend_from_slice(&rest[..size]);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))?;
        if rest.is_empty() {
            // No terminating zero chunk: the record ends early.
            return Some(joined);
        }
    }
}

/// Decompresses at most `max_bytes`.
fn inflate(decoder: impl Read, max_bytes: usize) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    decoder
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot decompress the page ({error})"))?;
    if bytes.len() > max_bytes {
        return Err(too_large("decompressed page", max_bytes));
    }
    Ok(bytes)
}

/// Decodes a page: a byte-order mark, else the header's charset, else a
/// `<meta>` charset near the top, else UTF-8 (the HTML standard's order).
/// Bytes invalid in that charset become U+FFFD and set the flag.
fn decode_page(body: Vec<u8>, header_charset: Option<&str>) -> (String, bool) {
    let encoding = Encoding::for_bom(&body)
        .map(|(encoding, _)| encoding)
        .or_else(|| header_charset.and_then(|label| Encoding::for_label(label.as_bytes())))
        .or_else(|| {
            // A page that reached us as bytes and calls itself UTF-16 in a
            // tag is ASCII-compatible: the standard reads it as UTF-8.
            meta_charset(&body[..body.len().min(META_PRESCAN_BYTES)])
                .map(|encoding| if is_utf16(encoding) { UTF_8 } else { encoding })
        })
        .unwrap_or(UTF_8);
    if encoding == UTF_8 {
        let body = match body.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => rest.to_vec(),
            None => body,
        };
        return decode(body);
    }
    let (text, _, had_errors) = encoding.decode(&body);
    (text.into_owned(), had_errors)
}

/// How far into a page a `<meta>` charset is looked for (the HTML
/// standard's prescan looks at 1024 bytes; pages with long heads put it
/// later).
const META_PRESCAN_BYTES: usize = 4096;

fn is_utf16(encoding: &'static Encoding) -> bool {
    encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE
}

/// The charset a `<meta charset>` or `<meta http-equiv="Content-Type">`
/// tag declares.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&lower[from..], b"<meta") {
        let tag_start = from + i;
        let tag_end =
            memchr::memchr(b'>', &lower[tag_start..]).map_or(lower.len(), |j| tag_start + j);
        let tag = &lower[tag_start..tag_end];
        if let Some(j) = memchr::memmem::find(tag, b"charset") {
            let value = tag[j + b"charset".len()..]
                .trim_ascii_start()
                .strip_prefix(b"=")
                .map(|v| v.trim_ascii_start())
                .map(|v| {
                    v.strip_prefix(b"\"")
                        .or_else(|| v.strip_prefix(b"'"))
                        .unwrap_or(v)
                });
            if let Some(value) = value {
                let end = value
                    .iter()
                    .position(|b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(b)))
                    .unwrap_or(value.len());
                if let Some(encoding) = Encoding::for_label(&value[..end]) {
                    return Some(encoding);
                }
            }
        }
        from = tag_end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html_of(payload: Payload) -> (String, bool) {
        match payload {
            Payload::Html {
                html,
                decoded_lossily,
            } => (html, decoded_lossily),
            Payload::Skipped(skip) => panic!("skipped: {skip:?}"),
            Payload::Unreadable(reason) => panic!("unreadable: {reason}"),
        }
    }

    #[test]
    fn redirects_and_non_html_are_skipped_and_untyped_html_is_read() {
        let redirect = b"HTTP/1.1 301 Moved Permanently\r\nLocation: /x\r\n\r\n";
        assert!(matches!(
            payload(redirect, 1 << 20),
            Payload::Skipped(Skip::Status)
        ));
        let image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        assert!(matches!(
            payload(image, 1 << 20),
            Payload::Skipped(Skip::NotHtml)
        ));
        let untyped = b"HTTP/2 200\r\nServer: x\r\n\r\n<!doctype html><p>Hi</p>";
        assert_eq!(
            html_of(payload(untyped, 1 << 20)).0,
            "<!doctype html><p>Hi</p>"
        );
        let untyped_text = b"HTTP/1.1 200 OK\r\n\r\nUser-agent: *\nDisallow: /";
        assert!(matches!(
            payload(untyped_text, 1 << 20),
            Payload::Skipped(Skip::NotHtml)
        ));
    }

    #[test]
    fn charsets_come_from_the_header_then_the_meta_tag() {
        let header =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n<p>caf\xe9</p>";
        assert_eq!(
            html_of(payload(header, 1 << 20)),
            ("<p>caf\u{e9}</p>".to_string(), false)
        );
        let meta = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><p>\x93quoted\x94</p>";
        assert!(
            html_of(payload(meta, 1 << 20))
                .0
                .contains("\u{201c}quoted\u{201d}")
        );
        let undeclared = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>caf\xe9</p>";
        assert_eq!(
            html_of(payload(undeclared, 1 << 20)),
            ("<p>caf\u{FFFD}</p>".to_string(), true),
            "undeclared and not UTF-8: lossy and flagged"
        );
    }

    #[test]
    fn chunks_are_joined_and_a_body_stored_dechunked_is_kept() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n\r\n").unwrap(),
            b"Wikipedia"
        );
        assert_eq!(dechunk(b"<html>not chunked"), None);
    }
}
