//! RSS and Atom feeds, read with feed-rs: each item (RSS `<item>`, Atom
//! `<entry>`) is one document.

use std::collections::BTreeMap;
use std::io::BufRead;

use chrono::{DateTime, Utc};
use feed_rs::model::{Content, Entry, Feed, Link, Text};
use serde_json::Value;

use crate::html::{self, BYLINE, normalize_space};
use crate::record::{self, Fields, Kind, Named};
use crate::text::read_whole;
use crate::{Document, Location, Origin, ReadOptions, Records, Rejection, date};

/// Reads a whole feed (feeds are small: a few hundred items at most) and
/// streams its items. An unparseable feed is one rejection for the file.
pub(crate) fn read(reader: impl BufRead, origin: Origin, options: ReadOptions) -> Records {
    let feed = match parse(reader, &origin, options.max_record_bytes) {
        Ok(feed) => feed,
        Err(rejection) => return Box::new(std::iter::once(Err(rejection))),
    };
    if feed.entries.is_empty() {
        return Box::new(std::iter::once(Err(origin.reject("feed has no items"))));
    }
    let channel = Channel {
        link: preferred_link(&feed.links),
        language: feed.language,
    };
    // Items are converted as the iterator advances: turning their HTML into
    // text is the costly part.
    Box::new(
        feed.entries
            .into_iter()
            .zip(1..)
            .map(move |(entry, number)| {
                item_document(entry, &channel, origin.at(Location::Item(number)), &options)
            }),
    )
}

/// What every item of one feed shares.
struct Channel {
    /// The site's own page, the outlet of items that have no link.
    link: Option<String>,
    language: Option<String>,
}

fn parse(reader: impl BufRead, origin: &Origin, max_bytes: usize) -> Result<Feed, Rejection> {
    let bytes = read_whole(reader, origin, max_bytes)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(origin.reject("empty document"));
    }
    feed_rs::parser::Builder::new()
        .timestamp_parser(parse_timestamp)
        // An item without a guid gets no made-up id, so that messages only
        // ever quote ids the feed itself gave.
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false)
        .build()
        .parse(bytes.as_slice())
        .map_err(|error| origin.reject(format!("not a readable RSS or Atom feed: {error}")))
}

/// feed-rs wants timestamps in UTC, which would move a late-evening item
/// to the next day; the crate's own rule keeps the day it was written in.
/// That day is handed over as its midnight in UTC and read back as a date.
fn parse_timestamp(raw: &str) -> Option<DateTime<Utc>> {
    date::parse_published(raw).map(|day| day.and_time(chrono::NaiveTime::MIN).and_utc())
}

fn item_document(
    entry: Entry,
    channel: &Channel,
    origin: Origin,
    options: &ReadOptions,
) -> Result<Document, Rejection> {
    let Some(text) = entry_text(&entry) else {
        let which = if entry.id.is_empty() {
            String::new()
        } else {
            format!(" (guid {})", entry.id)
        };
        return Err(origin.reject(format!(
            "item has no text{which}; it needs a non-empty content, description or summary"
        )));
    };
    let mut extra = BTreeMap::new();
    let byline = entry
        .authors
        .iter()
        .filter_map(|person| person.name.as_deref().or(person.email.as_deref()))
        .map(normalize_space)
        .filter(|name| !name.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    if !byline.is_empty() {
        extra.insert(BYLINE.to_string(), Value::String(byline));
    }
    if !entry.id.is_empty() {
        extra.insert(GUID.to_string(), Value::String(entry.id.clone()));
    }
    let url = preferred_link(&entry.links);
    // With a link, sift-core takes the outlet from its host, as for every
    // other reader; without one, the channel's site stands in.
    let source = if url.is_none() {
        channel.link.clone()
    } else {
        None
    };
    let published = entry
        .published
        .or(entry.updated)
        .map(|timestamp| timestamp.date_naive().to_string());
    let headline = entry
        .title
        .as_ref()
        .map(text_of)
        .map(|title| normalize_space(&title))
        .filter(|title| !title.is_empty())
        .map(|value| Named {
            name: "title".to_string(),
            value,
        });
    let language = entry
        .language
        .clone()
        .or_else(|| channel.language.clone())
        .map(|value| Named {
            name: "language".to_string(),
            value,
        });
    let fields = Fields {
        text,
        headline,
        url,
        published,
        source,
        language,
        // feed-rs decodes the declared XML encoding itself.
        decoded_lossily: false,
        extra,
    };
    Ok(Document {
        new_doc: record::build(fields, Kind::Structured, options),
        origin,
    })
}

/// The `extra` key for an item's guid (RSS) or id (Atom).
const GUID: &str = "guid";

/// The full content (`content:encoded`, Atom `<content>`) when it has text,
/// else the description or summary.
fn entry_text(entry: &Entry) -> Option<String> {
    let content = entry.content.as_ref().and_then(content_text);
    content
        .filter(|text| !text.trim().is_empty())
        .or_else(|| entry.summary.as_ref().map(text_of))
        .filter(|text| !text.trim().is_empty())
}

fn content_text(content: &Content) -> Option<String> {
    let body = content.body.as_deref()?;
    let subtype = content.content_type.subty();
    match (content.content_type.ty().as_str(), subtype.as_str()) {
        ("text", "plain") => Some(plain_text(body)),
        ("text", "html") | ("application", "xhtml+xml") | ("text", "xhtml") => {
            Some(html::fragment_text(body))
        }
        // Audio, images and other media are no text.
        _ => None,
    }
}

/// A title or summary as text: HTML (RSS descriptions, Atom `type="html"`
/// and `type="xhtml"`) loses its markup, plain text keeps its paragraphs.
fn text_of(text: &Text) -> String {
    if text.content_type.ty().as_str() == "text" && text.content_type.subty().as_str() == "plain" {
        plain_text(&text.content)
    } else {
        html::fragment_text(&text.content)
    }
}

/// Plain text with its lines trimmed and paragraph breaks kept.
fn plain_text(text: &str) -> String {
    html::tidy_paragraphs(text)
}

/// The item's or site's own page: an `alternate` link (or one with no
/// relation, as RSS writes them), else any link that is not the feed's own
/// address.
fn preferred_link(links: &[Link]) -> Option<String> {
    let usable = |link: &&Link| !link.href.trim().is_empty();
    links
        .iter()
        .filter(usable)
        .find(|link| matches!(link.rel.as_deref(), None | Some("alternate")))
        .or_else(|| {
            links
                .iter()
                .filter(usable)
                .find(|link| link.rel.as_deref() != Some("self"))
        })
        .map(|link| link.href.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_late_evening_timestamp_keeps_the_day_it_was_written_in() {
        let parsed = parse_timestamp("Tue, 05 Mar 2024 23:30:00 -0500").unwrap();
        assert_eq!(
            parsed.date_naive(),
            NaiveDate::from_ymd_opt(2024, 3, 5).unwrap()
        );
        assert_eq!(parse_timestamp("last week"), None);
    }
}
