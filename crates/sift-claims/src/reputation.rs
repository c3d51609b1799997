//! Source reputation: the OpenSources list (domain → tags), matched on the
//! outlet's host and its registrable domain. Domains the list does not name
//! are unrated; nothing is ever called reliable unless the list says so.
//!
//! The list is embedded as a small zstd-compressed TSV (`domain<TAB>tag,tag`)
//! that `sift train sources` builds from `opensources.json`.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use sift_core::SourceReputation;

use crate::{Error, Result};

static EMBEDDED: &[u8] = include_bytes!("../../../data/sources/opensources.tsv.zst");

/// A domain list: each domain (or `domain/path`) with its tags.
#[derive(Debug, Default)]
pub struct SourceList {
    tags: FxHashMap<String, Vec<String>>,
}

impl SourceList {
    /// The list compiled into the binary, decompressed once per process.
    pub fn embedded() -> Result<&'static SourceList> {
        static LIST: OnceLock<std::result::Result<SourceList, String>> = OnceLock::new();
        LIST.get_or_init(|| SourceList::from_compressed(EMBEDDED).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|message| Error::SourceList(message.clone()))
    }

    /// Reads the compressed TSV that [`build_source_list`] writes.
    pub fn from_compressed(bytes: &[u8]) -> Result<SourceList> {
        let tsv = zstd::decode_all(bytes).map_err(|e| Error::SourceList(e.to_string()))?;
        let tsv = String::from_utf8(tsv).map_err(|e| Error::SourceList(e.to_string()))?;
        let mut tags = FxHashMap::default();
        for (line_idx, line) in tsv.lines().enumerate() {
            let Some((domain, list)) = line.split_once('\t') else {
                return Err(Error::SourceList(format!(
                    "line {} has no tab",
                    line_idx + 1
                )));
            };
            tags.insert(
                domain.to_string(),
                list.split(',')
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect(),
            );
        }
        Ok(SourceList { tags })
    }

    /// How many domains the list rates.
    pub fn len(&self) -> usize {
        self.tags.len()
    }

    /// True when the list is empty.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// The reputation of an outlet given as a domain (`source`, as sift
    /// normalizes it) and, when known, the page's URL.
    pub fn reputation(&self, source: Option<&str>, url: Option<&str>) -> SourceReputation {
        let Some(source) = source.map(str::trim).filter(|s| !s.is_empty()) else {
            return SourceReputation::default();
        };
        let host = source.to_ascii_lowercase();
        let host = host
            .strip_prefix("www.")
            .unwrap_or(&host)
            .trim_end_matches('.');
        if !host.contains('.') || host.contains(' ') {
            // A name, not a domain: nothing to match.
            return SourceReputation {
                domain: Some(source.to_string()),
                rated: false,
                tags: Vec::new(),
            };
        }
        let registrable = psl::domain_str(host).unwrap_or(host).to_string();
        // Entries for a section of a site ("example.org/health") match only
        // pages under it.
        if let Some(section) = url.and_then(first_path_segment) {
            let key = format!("{registrable}/{section}");
            if let Some(tags) = self.tags.get(&key) {
                return rated(key, tags);
            }
        }
        // The most specific listed name between the host and its registrable domain.
        let mut candidate = host;
        loop {
            if let Some(tags) = self.tags.get(candidate) {
                return rated(candidate.to_string(), tags);
            }
            if candidate.len() <= registrable.len() {
                break;
            }
            match candidate.split_once('.') {
                Some((_, parent)) => candidate = parent,
                None => break,
            }
        }
        SourceReputation {
            domain: Some(registrable),
            rated: false,
            tags: Vec::new(),
        }
    }
}

fn rated(domain: String, tags: &[String]) -> SourceReputation {
    SourceReputation {
        domain: Some(domain),
        rated: true,
        tags: tags.to_vec(),
    }
}

fn first_path_segment(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = rest.split_once('/')?.1;
    let segment = path.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    (!segment.is_empty()).then_some(segment)
}

/// Builds the compressed list from OpenSources' `opensources.json`:
/// domains lower-cased, `www.` and stray spaces removed, tags lower-cased
/// with misspellings folded (`unrealiable`, `fake news`, `satirical`),
/// sorted so that the same input gives the same bytes.
pub fn build_source_list(opensources_json: &str) -> Result<Vec<u8>> {
    let value: serde_json::Value =
        serde_json::from_str(opensources_json).map_err(|e| Error::SourceList(e.to_string()))?;
    let object = value
        .as_object()
        .ok_or_else(|| Error::SourceList("the top level is not an object".into()))?;
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    for (domain, entry) in object {
        let domain: String = domain
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        let domain = domain.strip_prefix("www.").unwrap_or(&domain).to_string();
        if domain.is_empty() {
            continue;
        }
        let mut tags: Vec<String> = Vec::new();
        for field in ["type", "2nd type", "3rd type"] {
            let Some(tag) = entry.get(field).and_then(|t| t.as_str()) else {
                continue;
            };
            let tag = normalize_tag(tag);
            if !tag.is_empty() && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        rows.push((domain, tags));
    }
    rows.sort();
    rows.dedup_by(|b, a| {
        if a.0 == b.0 {
            for tag in std::mem::take(&mut b.1) {
                if !a.1.contains(&tag) {
                    a.1.push(tag);
                }
            }
            true
        } else {
            false
        }
    });
    let mut tsv = String::new();
    for (domain, tags) in rows {
        tsv.push_str(&domain);
        tsv.push('\t');
        tsv.push_str(&tags.join(","));
        tsv.push('\n');
    }
    zstd::encode_all(tsv.as_bytes(), 19).map_err(|e| Error::SourceList(e.to_string()))
}

fn normalize_tag(tag: &str) -> String {
    let tag = tag.trim().to_lowercase();
    match tag.as_str() {
        "fake news" => "fake".into(),
        "unrealiable" => "unreliable".into(),
        "satirical" => "satire".into(),
        _ => tag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> SourceList {
        let json = r#"{
            "Fakesite.com": {"type": "fake", "2nd type": "Fake News", "3rd type": ""},
            "blog.wordpress.com": {"type": "satirical", "2nd type": "", "3rd type": ""},
            "mixed.org/health": {"type": "junksci", "2nd type": "", "3rd type": ""},
            "goodpaper.com": {"type": "reliable", "2nd type": "", "3rd type": ""}
        }"#;
        SourceList::from_compressed(&build_source_list(json).unwrap()).unwrap()
    }

    #[test]
    fn subdomains_match_on_the_registrable_domain() {
        let rep = list().reputation(Some("news.fakesite.com"), None);
        assert!(rep.rated);
        assert_eq!(rep.domain.as_deref(), Some("fakesite.com"));
        assert_eq!(rep.tags, ["fake"], "tags are folded and deduplicated");
    }

    #[test]
    fn a_listed_blog_matches_but_its_host_platform_does_not() {
        let list = list();
        assert_eq!(
            list.reputation(Some("blog.wordpress.com"), None).tags,
            ["satire"]
        );
        let other = list.reputation(Some("other.wordpress.com"), None);
        assert!(
            !other.rated,
            "a listed subdomain does not rate its siblings"
        );
        assert_eq!(other.domain.as_deref(), Some("wordpress.com"));
    }

    #[test]
    fn unknown_domains_are_unrated_never_reliable() {
        let rep = list().reputation(Some("www.example.co.uk"), None);
        assert!(!rep.rated);
        assert!(rep.tags.is_empty());
        assert_eq!(rep.domain.as_deref(), Some("example.co.uk"));
        assert_eq!(list().reputation(None, None), SourceReputation::default());
    }

    #[test]
    fn a_section_entry_matches_only_pages_under_it() {
        let list = list();
        assert!(
            list.reputation(Some("mixed.org"), Some("https://mixed.org/health/x"))
                .rated
        );
        assert!(
            !list
                .reputation(Some("mixed.org"), Some("https://mixed.org/news/x"))
                .rated
        );
    }

    #[test]
    fn the_embedded_list_rates_its_domains() {
        let list = SourceList::embedded().unwrap();
        assert!(list.len() > 800);
        assert!(list.reputation(Some("theonion.com"), None).rated);
    }
}
