//! RSS and Atom feeds: one document per item, HTML turned into paragraphs.

use chrono::NaiveDate;
use serde_json::json;
use sift_core::Headline;
use sift_ingest::{Format, Location, ReadOptions};

use crate::{only_rejection, read_all, temp, write};

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Northfield Courier</title>
  <link>https://courier.example.org/</link>
  <language>en-gb</language>
  <item>
    <title>Harbour talks resume in Port Elin</title>
    <link>https://courier.example.org/2024/03/harbour-talks</link>
    <guid isPermaLink="false">courier-1001</guid>
    <dc:creator>Mara Vell</dc:creator>
    <pubDate>Tue, 05 Mar 2024 23:30:00 -0500</pubDate>
    <description>Short teaser that should not be used.</description>
    <content:encoded><![CDATA[<p>Negotiators from both fishing unions met in Port Elin on Tuesday.</p>
<p>The mayor said the talks would <b>continue</b> next week.</p><script>track();</script>]]></content:encoded>
  </item>
  <item>
    <title>Ferry strike ends</title>
    <link>https://courier.example.org/2024/03/ferry</link>
    <pubDate>Wed, 06 Mar 2024 08:00:00 GMT</pubDate>
    <description>&lt;p&gt;Ferry crews returned to work on Wednesday after a two-day strike.&lt;/p&gt;</description>
  </item>
</channel>
</rss>
"#;

#[test]
fn rss_items_become_documents_with_their_full_content_as_paragraphs() {
    let dir = temp();
    let path = write(dir.path(), "courier.rss", RSS);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    assert!(rejections.is_empty(), "{rejections:?}");
    assert_eq!(documents.len(), 2);

    let first = &documents[0].new_doc;
    assert_eq!(
        first.text,
        "Negotiators from both fishing unions met in Port Elin on Tuesday.\n\n\
         The mayor said the talks would continue next week."
    );
    assert_eq!(
        first.headline,
        Headline::Given("Harbour talks resume in Port Elin".to_string())
    );
    assert_eq!(
        first.url.as_deref(),
        Some("https://courier.example.org/2024/03/harbour-talks")
    );
    assert_eq!(
        first.published,
        NaiveDate::from_ymd_opt(2024, 3, 5),
        "a late-evening item keeps the day it was written in"
    );
    assert_eq!(first.language.as_deref(), Some("en"));
    assert_eq!(first.extra.get("byline"), Some(&json!("Mara Vell")));
    assert_eq!(first.extra.get("guid"), Some(&json!("courier-1001")));
    assert_eq!(documents[0].origin.location, Some(Location::Item(1)));

    let second = &documents[1].new_doc;
    assert_eq!(
        second.text, "Ferry crews returned to work on Wednesday after a two-day strike.",
        "an escaped HTML description loses its markup"
    );
    assert_eq!(second.published, NaiveDate::from_ymd_opt(2024, 3, 6));
    assert!(!second.extra.contains_key("byline"));
}

#[test]
fn atom_entries_with_only_a_summary_are_read() {
    let dir = temp();
    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley Dispatch</title>
  <link href="https://dispatch.example.net/"/>
  <link rel="self" href="https://dispatch.example.net/atom.xml"/>
  <id>urn:dispatch</id>
  <updated>2024-04-02T12:00:00Z</updated>
  <entry>
    <title type="html">Bridge &lt;em&gt;reopens&lt;/em&gt; after repairs</title>
    <link rel="alternate" href="https://dispatch.example.net/bridge"/>
    <id>urn:dispatch:bridge</id>
    <author><name>Tomas Reyne</name></author>
    <updated>2024-04-02T09:15:00+02:00</updated>
    <summary type="html">&lt;p&gt;The old river bridge reopened on Tuesday.&lt;/p&gt;&lt;p&gt;Traffic was light.&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>Council vote delayed</title>
    <id>urn:dispatch:council</id>
    <published>2024-04-01T18:00:00Z</published>
    <updated>2024-04-02T08:00:00Z</updated>
    <summary>The council postponed its budget vote.

Members will meet again on Friday.</summary>
  </entry>
</feed>
"#;
    let path = write(dir.path(), "dispatch.atom", atom);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    assert!(rejections.is_empty(), "{rejections:?}");
    let texts: Vec<&str> = documents.iter().map(|d| d.new_doc.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "The old river bridge reopened on Tuesday.\n\nTraffic was light.",
            "The council postponed its budget vote.\n\nMembers will meet again on Friday."
        ]
    );
    let first = &documents[0].new_doc;
    assert_eq!(
        first.headline,
        Headline::Given("Bridge reopens after repairs".to_string())
    );
    assert_eq!(
        first.url.as_deref(),
        Some("https://dispatch.example.net/bridge")
    );
    assert_eq!(
        first.published,
        NaiveDate::from_ymd_opt(2024, 4, 2),
        "updated stands in for a missing published date"
    );
    assert_eq!(first.extra.get("byline"), Some(&json!("Tomas Reyne")));
    let second = &documents[1].new_doc;
    assert_eq!(second.published, NaiveDate::from_ymd_opt(2024, 4, 1));
    assert_eq!(second.url, None);
    assert_eq!(
        second.source.as_deref(),
        Some("https://dispatch.example.net/"),
        "without a link, the feed's site is the outlet (sift-core keeps its host)"
    );
}

#[test]
fn an_item_without_text_is_rejected_and_its_neighbours_are_kept() {
    let dir = temp();
    let rss = r#"<rss version="2.0"><channel><title>Courier</title>
<item><title>First</title><link>https://c.example.org/1</link><description>One story.</description></item>
<item><title>Photo of the day</title><guid>photo-77</guid><link>https://c.example.org/2</link><description>  </description></item>
<item><title>Untitled</title></item>
<item><title>Last</title><link>https://c.example.org/4</link><description>Four stories.</description></item>
</channel></rss>"#;
    let path = write(dir.path(), "c.rss", rss);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    let texts: Vec<&str> = documents.iter().map(|d| d.new_doc.text.as_str()).collect();
    assert_eq!(texts, ["One story.", "Four stories."]);
    assert_eq!(documents[1].origin.location, Some(Location::Item(4)));
    let messages: Vec<String> = rejections.iter().map(ToString::to_string).collect();
    let p = path.display();
    assert_eq!(
        messages,
        [
            format!(
                "{p}:item 2: item has no text (guid photo-77); it needs a non-empty content, description or summary"
            ),
            format!(
                "{p}:item 3: item has no text; it needs a non-empty content, description or summary"
            ),
        ]
    );
}

#[test]
fn a_malformed_or_empty_feed_is_one_rejection_for_the_file() {
    let dir = temp();
    let broken = write(
        dir.path(),
        "broken.rss",
        "<rss version=\"2.0\"><channel><item><title>Cut</title><description>x</descr",
    );
    let message = only_rejection(&broken, &ReadOptions::default());
    assert!(
        message.starts_with(&format!(
            "{}: not a readable RSS or Atom feed: ",
            broken.display()
        )),
        "{message}"
    );
    let not_a_feed = write(dir.path(), "page.rss", "<html><body>hello</body></html>");
    assert!(only_rejection(&not_a_feed, &ReadOptions::default()).contains("not a readable RSS"));
    let empty = write(
        dir.path(),
        "empty.rss",
        "<rss version=\"2.0\"><channel><title>Nothing yet</title></channel></rss>",
    );
    assert_eq!(
        only_rejection(&empty, &ReadOptions::default()),
        format!("{}: feed has no items", empty.display())
    );
}

#[test]
fn feeds_are_recognized_by_content_without_an_extension_and_in_xml_files() {
    let dir = temp();
    let rdf = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://r.example.org/"><title>R</title><link>https://r.example.org/</link></channel>
  <item rdf:about="https://r.example.org/a"><title>A</title><link>https://r.example.org/a</link>
    <description>Rain closed the pass.</description></item>
</rdf:RDF>"#;
    for (name, content) in [("feed", RSS), ("news.xml", RSS), ("rdf.xml", rdf)] {
        let path = write(dir.path(), name, content);
        let (documents, rejections) = read_all(&path, &ReadOptions::default());
        assert!(rejections.is_empty(), "{name}: {rejections:?}");
        assert!(!documents.is_empty(), "{name}");
    }
    let sitemap = write(
        dir.path(),
        "sitemap.xml",
        "<?xml version=\"1.0\"?><urlset><url><loc>https://x.example/</loc></url></urlset>",
    );
    assert_eq!(
        only_rejection(&sitemap, &ReadOptions::default()),
        format!(
            "{}: not an RSS or Atom feed; an .xml file is read only when it is a feed",
            sitemap.display()
        )
    );
    assert_eq!("rss".parse::<Format>().unwrap(), Format::Feed);
    assert_eq!("atom".parse::<Format>().unwrap(), Format::Feed);
    assert_eq!(Format::Feed.name(), "feed");
}

#[test]
fn an_atom_entry_with_an_empty_summary_is_rejected_alone() {
    let dir = temp();
    let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>
<entry><title>A</title><id>a</id><summary>Text A.</summary></entry>
<entry><title>B</title><id>b</id><summary></summary></entry>
<entry><title>C</title><id>c</id><content type="html"></content><summary>Text C.</summary></entry>
</feed>"#;
    let path = write(dir.path(), "x.atom", atom);
    let (documents, rejections) = read_all(&path, &ReadOptions::default());
    let texts: Vec<&str> = documents.iter().map(|d| d.new_doc.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Text A.", "Text C."],
        "an empty content falls back to the summary"
    );
    assert_eq!(rejections.len(), 1, "{rejections:?}");
    assert_eq!(rejections[0].origin.location, Some(Location::Item(2)));
    assert!(
        rejections[0].reason.contains("(guid b)"),
        "{}",
        rejections[0]
    );
}
