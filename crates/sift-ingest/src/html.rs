//! One web page: the main text, found by dom_smoothie (a port of Mozilla's
//! Readability), and the metadata from `<meta>`, `<link>`, `<time>` and
//! JSON-LD.

use std::io::BufRead;

use dom_query::Document as Dom;
use dom_smoothie::{Config, Readability, TextMode};
use serde_json::Value;

use crate::record::{self, Fields, Kind, Named};
use crate::text::read_nonblank;
use crate::{Document, Origin, ReadOptions, Rejection};

/// Reads the whole input as one page.
pub(crate) fn read_one(
    reader: impl BufRead,
    origin: Origin,
    options: &ReadOptions,
) -> Result<Document, Rejection> {
    // Pages in legacy encodings (windows-1252, GBK) are not transcoded here:
    // they come out lossy and flagged, which the pipeline reports. (The WARC
    // reader knows the HTTP charset and transcodes.)
    let (html, decoded_lossily) = read_nonblank(reader, &origin, options.max_record_bytes)?;
    let page = extract_page(&html, &origin)?
        .ok_or_else(|| origin.reject("no article text found in the HTML"))?;
    let fields = page.into_fields(decoded_lossily);
    Ok(Document {
        new_doc: record::build(fields, Kind::Structured, options),
        origin,
    })
}

/// The page's main text and metadata, or `None` when it has no text.
///
/// html5ever and the readability port are large and meet hostile pages;
/// should one of them panic, that page is rejected and the batch goes on.
pub(crate) fn extract_page(html: &str, origin: &Origin) -> Result<Option<Page>, Rejection> {
    std::panic::catch_unwind(|| extract(html))
        .map_err(|_| origin.reject("the HTML extractor failed on this page; please report it"))
}

/// The visible text of an HTML fragment (a feed item's content), in
/// paragraphs separated by one blank line, with no markup left.
pub(crate) fn fragment_text(fragment: &str) -> String {
    // A fragment is parsed into a body like a page; the same panic guard
    // applies, and a fragment that breaks the parser has no text.
    std::panic::catch_unwind(|| {
        let dom = Dom::from(fragment);
        dom.select("script, style, noscript, template").remove();
        dom.body()
            .map(|body| tidy_paragraphs(&body.formatted_text()))
            .unwrap_or_default()
    })
    .unwrap_or_default()
}

impl Page {
    /// The page as a record's fields. The `url` is the page's own canonical
    /// one; a caller that knows where the page was fetched from replaces it.
    pub(crate) fn into_fields(self, decoded_lossily: bool) -> Fields {
        let mut extra = std::collections::BTreeMap::new();
        if let Some(site_name) = &self.site_name {
            extra.insert(SITE_NAME.to_string(), Value::String(site_name.clone()));
        }
        if let Some(byline) = &self.byline {
            extra.insert(BYLINE.to_string(), Value::String(byline.clone()));
        }
        // The outlet is the URL's domain when there is a URL, so that sources
        // read from HTML match those read from JSONL and CSV; the site's
        // display name is only a fallback.
        let source = if self.url.is_none() {
            self.site_name
        } else {
            None
        };
        Fields {
            text: self.text,
            headline: self.title.map(|value| Named {
                name: "title".to_string(),
                value,
            }),
            url: self.url,
            published: self.published,
            source,
            language: self.language.map(|value| Named {
                name: "lang".to_string(),
                value,
            }),
            decoded_lossily,
            extra,
        }
    }
}

/// The `extra` key for an author line, from a page or a feed item.
pub(crate) const BYLINE: &str = "byline";

/// The `extra` key for an outlet's display name.
const SITE_NAME: &str = "site_name";

/// What a page yields.
#[derive(Debug, Default)]
pub(crate) struct Page {
    text: String,
    title: Option<String>,
    url: Option<String>,
    site_name: Option<String>,
    byline: Option<String>,
    /// The page's own publication date, as written.
    pub(crate) published: Option<String>,
    language: Option<String>,
}

/// The page's main text and metadata, or `None` when it has no text.
fn extract(html: &str) -> Option<Page> {
    let dom = Dom::from(html);
    // Everything read from the tree is read before Readability, which
    // rewrites the tree as it works.
    let og_title = meta(&dom, "meta[property='og:title']");
    let twitter_title = meta(&dom, "meta[name='twitter:title']");
    let single_h1 = {
        let h1 = dom.select("h1");
        (h1.length() == 1)
            .then(|| normalize_space(&h1.text()))
            .filter(|t| !t.is_empty())
    };
    let url = meta(&dom, "meta[property='og:url']")
        .filter(|u| is_absolute(u))
        .or_else(|| attr(&dom, "link[rel='canonical']", "href").filter(|u| is_absolute(u)));
    let site_name = meta(&dom, "meta[property='og:site_name']");
    let published_in_tags = meta(&dom, "meta[property='article:published_time']")
        .or_else(|| meta(&dom, "meta[itemprop='datePublished']"))
        .or_else(|| attr(&dom, "time[datetime]", "datetime"))
        .or_else(|| meta(&dom, "meta[name='date']"))
        .or_else(|| meta(&dom, "meta[name='pubdate']"));
    let language = attr(&dom, "html[lang]", "lang");

    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let mut readability = Readability::with_document(dom, None, Some(config)).ok()?;
    let json_ld = readability.parse_json_ld();
    let html_title = normalize_space(&readability.get_article_title());
    let article = readability.parse().ok();

    let json_ld_title = json_ld.as_ref().map(|m| normalize_space(&m.title));
    let site_name = site_name.or_else(|| json_ld.as_ref().and_then(|m| m.site_name.clone()));
    let title = [
        og_title,
        twitter_title,
        json_ld_title,
        single_h1,
        Some(html_title),
    ]
    .into_iter()
    .flatten()
    .map(|t| strip_site_suffix(&normalize_space(&t), site_name.as_deref()))
    .find(|t| !t.is_empty());
    let published = published_in_tags
        .or_else(|| json_ld.as_ref().and_then(|m| m.published_time.clone()))
        .or_else(|| article.as_ref().and_then(|a| a.published_time.clone()));
    let url = url.or_else(|| {
        json_ld
            .as_ref()
            .and_then(|m| m.url.clone())
            .filter(|u| is_absolute(u))
    });

    let byline = article
        .as_ref()
        .and_then(|a| a.byline.as_deref())
        .map(normalize_space)
        .filter(|b| !b.is_empty());
    let mut text = article
        .map(|a| tidy_paragraphs(&a.text_content))
        .filter(|t| !t.is_empty())
        .or_else(|| fallback_text(html))?;
    if let Some(title) = &title {
        text = drop_leading_title(text, title);
    }
    if text.trim().is_empty() {
        return None;
    }
    Some(Page {
        text,
        title,
        url,
        site_name,
        byline,
        published,
        language,
    })
}

/// When Readability finds no article (short pages, a bare list of
/// paragraphs), the body's visible text is still better than nothing.
fn fallback_text(html: &str) -> Option<String> {
    let dom = Dom::from(html);
    dom.select("script, style, noscript, template, nav, header, footer, aside, form")
        .remove();
    let body = dom.body()?;
    Some(tidy_paragraphs(&body.formatted_text())).filter(|t| !t.is_empty())
}

/// Paragraphs separated by exactly one blank line, lines trimmed: the
/// sentence splitter reads a blank line as a paragraph break.
pub(crate) fn tidy_paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank_run = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank_run = false;
    }
    out
}

/// Readability often keeps the article's own `<h1>`; with the headline
/// composed in front of the text by sift-core, it would appear twice.
fn drop_leading_title(text: String, title: &str) -> String {
    let first_paragraph = text.split("\n\n").next().unwrap_or_default();
    if normalize_space(first_paragraph) == title {
        text[first_paragraph.len()..].trim_start().to_string()
    } else {
        text
    }
}

/// "Talks resume in Geneva - Example News" → "Talks resume in Geneva", when
/// the suffix is the site's name.
fn strip_site_suffix(title: &str, site_name: Option<&str>) -> String {
    let Some(site) = site_name.map(str::trim).filter(|s| !s.is_empty()) else {
        return title.to_string();
    };
    for separator in [" - ", " | ", " – ", " — ", " :: ", " · "] {
        if let Some(stem) = title
            .strip_suffix(site)
            .and_then(|s| s.strip_suffix(separator))
            && !stem.trim().is_empty()
        {
            return stem.trim().to_string();
        }
    }
    title.to_string()
}

fn meta(dom: &Dom, selector: &str) -> Option<String> {
    attr(dom, selector, "content")
}

fn attr(dom: &Dom, selector: &str, name: &str) -> Option<String> {
    let value = dom.select_single(selector).attr(name)?;
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

fn is_absolute(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

pub(crate) fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_suffixes_are_stripped_only_when_they_name_the_site() {
        assert_eq!(
            strip_site_suffix("Talks resume - Example News", Some("Example News")),
            "Talks resume"
        );
        assert_eq!(
            strip_site_suffix("Talks resume - Geneva", Some("Example News")),
            "Talks resume - Geneva"
        );
        assert_eq!(
            strip_site_suffix("Example News", Some("Example News")),
            "Example News"
        );
    }

    #[test]
    fn paragraphs_keep_one_blank_line_between_them() {
        assert_eq!(
            tidy_paragraphs("\n\n  One. \n\n\n\nTwo.\nTwo b.\n\n"),
            "One.\n\nTwo.\nTwo b."
        );
    }
}
