use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;

use crate::layers::Layers;
use crate::{
    Dependency, Diagnostic, Entity, Error, HeadlineStance, LayerKind, Result, Sentence, Span,
    Token, TokenTag,
};

/// Where a document's headline comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Headline {
    /// There is none: the whole text is body (single sentences, bare bodies).
    #[default]
    None,
    /// The first non-empty line of the text is the headline. When the text has
    /// only one non-empty line, that line is body and there is no headline.
    FirstLine,
    /// The headline is given separately; it is prepended to the text with a
    /// blank line so that it still has a span.
    Given(String),
}

/// Everything needed to make a [`Doc`]; readers in `sift-ingest` fill it in.
#[derive(Clone, Debug, Default)]
pub struct NewDoc {
    /// The report's text, already decoded to UTF-8.
    pub text: String,
    /// Where the headline is.
    pub headline: Headline,
    /// The page the report came from.
    pub url: Option<String>,
    /// The outlet, as a domain or a name; a URL's host is used when absent.
    pub source: Option<String>,
    /// The publication date, the anchor for relative dates.
    pub published: Option<NaiveDate>,
    /// ISO 639-1 language code, when known.
    pub language: Option<String>,
    /// True when invalid UTF-8 was replaced with U+FFFD while decoding.
    pub decoded_lossily: bool,
    /// Fields of the input record that sift does not interpret, kept verbatim.
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Metadata about a document. It never changes the text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocMeta {
    /// Stable id: a hash of the URL, or else of the normalized text.
    pub id: String,
    /// The page the report came from.
    pub url: Option<String>,
    /// The outlet's domain (lower-case, no `www.`) or name.
    pub source: Option<String>,
    /// The publication date.
    pub published: Option<NaiveDate>,
    /// ISO 639-1 language code, when known.
    pub language: Option<String>,
    /// True when invalid UTF-8 was replaced while decoding.
    pub decoded_lossily: bool,
    /// Uninterpreted fields of the input record.
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// One news report: the text, which never changes after construction, its
/// metadata, and the layers that stages add.
///
/// **Invariant:** every span in every layer lies inside `text` on UTF-8
/// character boundaries.
#[derive(Clone, Debug)]
pub struct Doc {
    text: String,
    meta: DocMeta,
    headline: Option<Span>,
    layers: Layers,
    diagnostics: Vec<Diagnostic>,
}

impl Doc {
    /// The largest text a `Doc` accepts: spans are `u32` byte offsets.
    pub const MAX_BYTES: usize = u32::MAX as usize;

    /// Builds a document, composing the headline into the text when it is
    /// given separately and finding it when it is the first line.
    pub fn new(input: NewDoc) -> Result<Doc> {
        let NewDoc {
            text,
            headline,
            url,
            source,
            published,
            language,
            decoded_lossily,
            extra,
        } = input;
        let mut diagnostics = Vec::new();
        let (text, headline) = match headline {
            Headline::None => (text, None),
            Headline::Given(given) => {
                let given = given.trim();
                if given.is_empty() {
                    (text, None)
                } else {
                    let composed = format!("{given}\n\n{text}");
                    (composed, Some(Span::new(0, given.len())))
                }
            }
            Headline::FirstLine => {
                let found = first_line_headline(&text);
                if found.is_none() && !text.trim().is_empty() {
                    diagnostics.push(Diagnostic::info(
                        "no-headline",
                        "the text has a single line, so it was read as body with no headline",
                    ));
                }
                (text, found)
            }
        };
        if text.len() > Doc::MAX_BYTES {
            return Err(Error::DocumentTooLarge {
                n_bytes: text.len(),
                limit: Doc::MAX_BYTES,
            });
        }
        if decoded_lossily {
            diagnostics.push(Diagnostic::warning(
                "lossy-utf8",
                "the input was not valid UTF-8; invalid bytes were replaced with U+FFFD",
            ));
        }
        let source = source
            .as_deref()
            .map(normalize_domain)
            .or_else(|| url.as_deref().and_then(host_of_url).map(normalize_domain))
            .filter(|s| !s.is_empty());
        let id = match url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => stable_id("url", url),
            None => text_id(&text),
        };
        Ok(Doc {
            text,
            meta: DocMeta {
                id,
                url,
                source,
                published,
                language,
                decoded_lossily,
                extra,
            },
            headline,
            layers: Layers::default(),
            diagnostics,
        })
    }

    /// Shorthand for a document with no metadata, for tests and single sentences.
    pub fn from_text(text: &str, headline: Headline) -> Result<Doc> {
        Doc::new(NewDoc {
            text: text.to_string(),
            headline,
            ..NewDoc::default()
        })
    }

    /// The full text. Every span indexes it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The bytes a span covers.
    ///
    /// # Panics
    /// If the span is out of bounds or splits a character, which the `Doc`
    /// invariant rules out for spans taken from its layers.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// Metadata.
    pub fn meta(&self) -> &DocMeta {
        &self.meta
    }

    /// The headline's span, when there is one.
    pub fn headline(&self) -> Option<Span> {
        self.headline
    }

    /// Everything noticed about the input so far.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Records a diagnostic.
    pub fn add_diagnostic(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Read access to the layers, for presence checks.
    pub fn layers(&self) -> &Layers {
        &self.layers
    }

    /// The tokens, or an empty slice before the tokenizer has run.
    pub fn tokens(&self) -> &[Token] {
        self.layers.tokens.as_deref().unwrap_or(&[])
    }

    /// The sentences, or an empty slice before the splitter has run.
    pub fn sentences(&self) -> &[Sentence] {
        self.layers.sentences.as_deref().unwrap_or(&[])
    }

    /// The tags, one per token, or an empty slice before the tagger has run.
    pub fn tags(&self) -> &[TokenTag] {
        self.layers.tags.as_deref().unwrap_or(&[])
    }

    /// The dependencies, one per token, or an empty slice before the parser has run.
    pub fn dependencies(&self) -> &[Dependency] {
        self.layers.dependencies.as_deref().unwrap_or(&[])
    }

    /// The entity mentions in text order, or an empty slice before NER has run.
    pub fn entities(&self) -> &[Entity] {
        self.layers.entities.as_deref().unwrap_or(&[])
    }

    /// The place mentions in text order, or an empty slice before the
    /// places stage has run.
    pub fn places(&self) -> &[crate::PlaceMention] {
        self.layers.places.as_deref().unwrap_or(&[])
    }

    /// Actor mentions (empty until the event stage ran).
    pub fn actors(&self) -> &[crate::Actor] {
        self.layers.actors.as_deref().unwrap_or(&[])
    }

    /// Coded events (empty until the event stage ran).
    pub fn events(&self) -> &[crate::Event] {
        self.layers.events.as_deref().unwrap_or(&[])
    }

    /// Casualty, arrest, displacement and participant figures in text order
    /// (empty until the magnitudes stage ran).
    pub fn magnitudes(&self) -> &[crate::Magnitude] {
        self.layers.magnitudes.as_deref().unwrap_or(&[])
    }

    /// The date mentions in text order, or an empty slice before the date
    /// stage has run.
    pub fn dates(&self) -> &[crate::DateMention] {
        self.layers
            .dates
            .as_ref()
            .map_or(&[], |layer| &layer.mentions)
    }

    /// The publication date read from the text, when none was given and the
    /// date stage found one.
    pub fn detected_publication(&self) -> Option<&crate::DetectedPublication> {
        self.layers
            .dates
            .as_ref()
            .and_then(|layer| layer.detected_publication.as_ref())
    }

    /// The anchor for relative dates: the given publication date, or else
    /// the one the date stage read from the text.
    pub fn publication_date(&self) -> Option<NaiveDate> {
        self.meta
            .published
            .or_else(|| self.detected_publication().map(|found| found.date))
    }

    /// The stance of the body towards the headline, once the stance stage has
    /// run on a document that has a headline.
    pub fn headline_stance(&self) -> Option<&HeadlineStance> {
        self.layers
            .headline_stance
            .as_ref()
            .and_then(Option::as_ref)
    }

    /// The claims in text order, or an empty slice before the claims stage has run.
    pub fn claims(&self) -> &[crate::Claim] {
        self.layers
            .claims
            .as_ref()
            .map_or(&[], |analysis| &analysis.claims)
    }

    /// The claims with the document's credibility signals, once the claims stage has run.
    pub fn claim_analysis(&self) -> Option<&crate::ClaimAnalysis> {
        self.layers.claims.as_ref()
    }

    /// The dateline sentence's span, when the report opens with one.
    pub fn dateline(&self) -> Option<Span> {
        self.sentences()
            .iter()
            .find(|s| s.kind == crate::SentenceKind::Dateline)
            .map(|s| s.span)
    }

    /// Sets the token layer.
    ///
    /// # Panics
    /// If it is already set: layers are append-only, and [`crate::Pipeline`]
    /// rejects a second producer before any document is seen.
    pub fn set_tokens(&mut self, tokens: Vec<Token>) {
        assert!(
            !self.layers.has(LayerKind::Tokens),
            "the token layer is already set"
        );
        debug_assert!(
            tokens
                .iter()
                .all(|t| self.is_valid_span(t.span) && !t.span.is_empty())
        );
        debug_assert!(
            tokens
                .windows(2)
                .all(|pair| pair[0].span.end() <= pair[1].span.start()),
            "tokens are sorted and do not overlap"
        );
        self.layers.tokens = Some(tokens);
    }

    /// Sets the sentence layer.
    ///
    /// # Panics
    /// If it is already set (see [`Doc::set_tokens`]).
    pub fn set_sentences(&mut self, sentences: Vec<Sentence>) {
        assert!(
            !self.layers.has(LayerKind::Sentences),
            "the sentence layer is already set"
        );
        debug_assert!(sentences.iter().all(|s| self.is_valid_span(s.span)));
        debug_assert!(
            sentences.iter().all(|s| s.n_tokens > 0)
                && sentences
                    .windows(2)
                    .all(|pair| pair[0].token_range().end == pair[1].first_token as usize)
                && sentences
                    .last()
                    .is_none_or(|s| s.token_range().end == self.tokens().len())
                && sentences.first().is_none_or(|s| s.first_token == 0),
            "sentences partition the tokens"
        );
        self.layers.sentences = Some(sentences);
    }

    /// Sets the tag layer, one entry per token.
    ///
    /// # Panics
    /// If it is already set or has the wrong length: both are programming
    /// errors that the pipeline's build-time check and the tagger's tests rule out.
    pub fn set_tags(&mut self, tags: Vec<TokenTag>) {
        assert!(
            !self.layers.has(LayerKind::Tags),
            "the tag layer is already set"
        );
        assert_eq!(tags.len(), self.tokens().len(), "one tag per token");
        self.layers.tags = Some(tags);
    }

    /// Sets the dependency layer, one entry per token.
    ///
    /// # Panics
    /// If it is already set or has the wrong length (see [`Doc::set_tags`]).
    pub fn set_dependencies(&mut self, dependencies: Vec<Dependency>) {
        assert!(
            !self.layers.has(LayerKind::Dependencies),
            "the dependency layer is already set"
        );
        assert_eq!(
            dependencies.len(),
            self.tokens().len(),
            "one dependency per token"
        );
        debug_assert!(
            dependencies
                .iter()
                .all(|d| d.head.is_none_or(|h| (h as usize) < self.tokens().len())),
            "every head is a token"
        );
        self.layers.dependencies = Some(dependencies);
    }

    /// Sets the entity layer.
    ///
    /// # Panics
    /// If it is already set (see [`Doc::set_tokens`]).
    pub fn set_entities(&mut self, entities: Vec<Entity>) {
        assert!(
            !self.layers.has(LayerKind::Entities),
            "the entity layer is already set"
        );
        debug_assert!(
            entities
                .iter()
                .all(|e| self.is_valid_span(e.span) && e.n_tokens > 0)
        );
        debug_assert!(
            entities
                .windows(2)
                .all(|pair| pair[0].span.end() <= pair[1].span.start())
        );
        self.layers.entities = Some(entities);
    }

    /// Sets the date layer.
    ///
    /// # Panics
    /// If it is already set (see [`Doc::set_tokens`]).
    pub fn set_dates(&mut self, dates: crate::DateLayer) {
        assert!(
            !self.layers.has(LayerKind::Dates),
            "the date layer is already set"
        );
        debug_assert!(
            dates
                .mentions
                .iter()
                .all(|m| self.is_valid_span(m.span) && m.n_tokens > 0 && m.first_day <= m.last_day)
        );
        debug_assert!(
            dates
                .mentions
                .windows(2)
                .all(|pair| pair[0].span.end() <= pair[1].span.start())
        );
        self.layers.dates = Some(dates);
    }

    /// Sets the places layer.
    ///
    /// # Panics
    /// If it is already set (see [`Doc::set_tokens`]).
    pub fn set_places(&mut self, places: Vec<crate::PlaceMention>) {
        assert!(
            !self.layers.has(LayerKind::Places),
            "the places layer is already set"
        );
        debug_assert!(
            places
                .iter()
                .all(|p| self.is_valid_span(p.span) && p.n_tokens > 0)
        );
        debug_assert!(
            places
                .windows(2)
                .all(|pair| pair[0].span.end() <= pair[1].span.start()),
            "place mentions are in text order and do not overlap"
        );
        self.layers.places = Some(places);
    }

    /// Sets the actor layer.
    ///
    /// # Panics
    /// If it is already set (see [`Doc::set_tokens`]).
    pub fn set_actors(&mut self, actors: Vec<crate::Actor>) {
        assert!(
            !self.layers.has(LayerKind::Actors),
            "the actor layer is already set"
        );
        debug_assert!(actors.iter().all(|actor| self.is_valid_span(actor.span)));
        self.layers.actors = Some(actors);
    }

    /// Sets the event layer.
    ///
    /// # Panics
    /// If it is already set (see [`Doc::set_tokens`]).
    pub fn set_events(&mut self, events: Vec<crate::Event>) {
        assert!(
            !self.layers.has(LayerKind::Events),
            "the event layer is already set"
        );
        debug_assert!(events.iter().all(|event| self.is_valid_span(event.trigger)));
        self.layers.events = Some(events);
    }

    /// Sets the magnitudes layer.
    ///
    /// # Panics
    /// If it is already set (see [`Doc::set_tokens`]).
    pub fn set_magnitudes(&mut self, magnitudes: Vec<crate::Magnitude>) {
        assert!(
            !self.layers.has(LayerKind::Magnitudes),
            "the magnitudes layer is already set"
        );
        debug_assert!(magnitudes.iter().all(|m| {
            self.is_valid_span(m.span)
                && self.is_valid_span(m.cue)
                && m.victims.is_none_or(|v| self.is_valid_span(v))
                && m.anchor.is_none_or(|a| self.is_valid_span(a))
                && m.high.is_none_or(|high| m.low <= high)
                && m.event.is_none_or(|e| e < self.events().len())
                && m.token_range().end <= self.tokens().len()
        }));
        debug_assert!(
            magnitudes
                .windows(2)
                .all(|pair| pair[0].span.end() <= pair[1].span.start()),
            "magnitudes are in text order and do not overlap"
        );
        self.layers.magnitudes = Some(magnitudes);
    }

    /// Sets the headline-stance layer; `None` records that there was nothing
    /// to judge (no headline, or no body).
    ///
    /// # Panics
    /// If it is already set (see [`Doc::set_tokens`]).
    pub fn set_headline_stance(&mut self, stance: Option<HeadlineStance>) {
        assert!(
            !self.layers.has(LayerKind::HeadlineStance),
            "the headline-stance layer is already set"
        );
        debug_assert!(stance.is_none_or(|s| {
            (0.0..=1.0).contains(&s.score) && s.evidence.is_none_or(|e| self.is_valid_span(e))
        }));
        self.layers.headline_stance = Some(stance);
    }

    /// Sets the claims layer.
    ///
    /// # Panics
    /// If it is already set (see [`Doc::set_tokens`]).
    pub fn set_claims(&mut self, analysis: crate::ClaimAnalysis) {
        assert!(
            !self.layers.has(LayerKind::Claims),
            "the claims layer is already set"
        );
        debug_assert!(analysis.claims.iter().all(|claim| {
            self.is_valid_span(claim.span)
                && claim.token_range().end <= self.tokens().len()
                && claim.cues.iter().all(|&cue| self.is_valid_span(cue))
                && claim
                    .attribution
                    .as_ref()
                    .is_none_or(|a| self.is_valid_span(a.span))
        }));
        self.layers.claims = Some(analysis);
    }

    /// The one place that maps byte offsets to tokens.
    ///
    /// **Alignment rule:** a token belongs to `span` when it shares at least
    /// one byte with it; an empty span selects the token containing its
    /// offset, if any. The result is a range of token indices in text order.
    pub fn tokens_in(&self, span: Span) -> Range<usize> {
        let tokens = self.tokens();
        if span.is_empty() {
            return match self.token_at(span.start()) {
                Some(idx) => idx..idx + 1,
                None => {
                    let idx = tokens.partition_point(|t| t.span.end() <= span.start());
                    idx..idx
                }
            };
        }
        let first = tokens.partition_point(|t| t.span.end() <= span.start());
        let last = tokens.partition_point(|t| t.span.start() < span.end());
        first..last.max(first)
    }

    /// The index of the token containing byte `offset`, if any.
    pub fn token_at(&self, offset: usize) -> Option<usize> {
        let tokens = self.tokens();
        let idx = tokens.partition_point(|t| t.span.end() <= offset);
        tokens
            .get(idx)
            .filter(|t| t.span.start() <= offset && offset < t.span.end())
            .map(|_| idx)
    }

    fn is_valid_span(&self, span: Span) -> bool {
        span.end() <= self.text.len()
            && self.text.is_char_boundary(span.start())
            && self.text.is_char_boundary(span.end())
    }
}

/// The first non-empty line, trimmed, when at least one more non-empty line follows.
fn first_line_headline(text: &str) -> Option<Span> {
    let mut offset = 0;
    let mut headline = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            if headline.is_some() {
                return headline;
            }
            let lead = line.len() - line.trim_start().len();
            let start = offset + lead;
            headline = Some(Span::new(start, start + trimmed.len()));
        }
        offset += line.len();
    }
    None
}

/// A stable id: a hex XXH3-64 hash of `kind` and `value`, prefixed `d`.
///
/// The same input gives the same id on every machine and every build.
pub fn stable_id(kind: &str, value: &str) -> String {
    let mut bytes = Vec::with_capacity(kind.len() + 1 + value.len());
    bytes.extend_from_slice(kind.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(value.as_bytes());
    format!("d{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes))
}

/// The id of a text without a URL: [`stable_id`] of the lower-case words
/// joined by single spaces, so that re-wrapped or re-spaced copies of one text
/// get one id. Hashed as a stream: no normalized copy of the text is built.
fn text_id(text: &str) -> String {
    // Normalized bytes go through a stack buffer and reach the hasher in
    // large chunks: feeding it word by word costs more than tokenizing.
    const CHUNK: usize = 1024;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(b"text\0");
    let mut buf = [0u8; CHUNK];
    let mut len = 0;
    let mut pending_space = false;
    let mut at_start = true;
    let mut push = |bytes: &[u8], hasher: &mut xxhash_rust::xxh3::Xxh3| {
        if len + bytes.len() > CHUNK {
            hasher.update(&buf[..len]);
            len = 0;
        }
        buf[len..len + bytes.len()].copy_from_slice(bytes);
        len += bytes.len();
    };
    let bytes = text.as_bytes();
    let mut idx = 0;
    while idx < bytes.len() {
        let byte = bytes[idx];
        // ASCII takes the fast path; anything else is decoded as a char so
        // that Unicode spaces and case mappings count too.
        let (is_space, lowered): (bool, Option<u8>) = if byte.is_ascii() {
            idx += 1;
            (
                matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C),
                Some(byte.to_ascii_lowercase()),
            )
        } else {
            let c = text[idx..]
                .chars()
                .next()
                .expect("idx is on a char boundary");
            idx += c.len_utf8();
            (c.is_whitespace(), None)
        };
        if is_space {
            pending_space = !at_start;
            continue;
        }
        if pending_space {
            push(b" ", &mut hasher);
            pending_space = false;
        }
        at_start = false;
        match lowered {
            Some(ascii) => push(&[ascii], &mut hasher),
            None => {
                let c = text[..idx]
                    .chars()
                    .next_back()
                    .expect("a char was just read");
                let mut utf8 = [0u8; 4];
                for lower in c.to_lowercase() {
                    push(lower.encode_utf8(&mut utf8).as_bytes(), &mut hasher);
                }
            }
        }
    }
    hasher.update(&buf[..len]);
    format!("d{:016x}", hasher.digest())
}

/// The host part of a URL, without scheme, credentials, port or path.
fn host_of_url(url: &str) -> Option<&str> {
    let rest = url
        .trim()
        .split_once("://")
        .map_or(url.trim(), |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// An outlet's domain as sift stores it: lower-case, no scheme, no `www.`,
/// no path. A source that is a name rather than a domain is only trimmed.
pub fn normalize_domain(source: &str) -> String {
    let trimmed = source.trim();
    let looks_like_url = trimmed.contains("://") || trimmed.contains('/');
    let host = if looks_like_url {
        host_of_url(trimmed).unwrap_or(trimmed)
    } else {
        trimmed
    };
    if host.contains('.') && !host.contains(' ') {
        let lower = host.to_ascii_lowercase();
        lower
            .strip_prefix("www.")
            .unwrap_or(&lower)
            .trim_end_matches('.')
            .to_string()
    } else {
        host.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TokenKind;

    #[test]
    fn first_line_headline_is_trimmed_and_spans_the_original_text() {
        let doc = Doc::from_text(
            "\n  Warship fires missile \nBody one.\n",
            Headline::FirstLine,
        )
        .unwrap();
        let span = doc.headline().unwrap();
        assert_eq!(doc.slice(span), "Warship fires missile");
    }

    #[test]
    fn a_single_line_is_body_not_headline() {
        let doc = Doc::from_text("Only one line here.", Headline::FirstLine).unwrap();
        assert_eq!(doc.headline(), None);
        assert_eq!(doc.diagnostics()[0].code, "no-headline");
    }

    #[test]
    fn a_given_headline_is_composed_into_the_text() {
        let doc = Doc::from_text("The body.", Headline::Given(" Big news ".into())).unwrap();
        assert_eq!(doc.text(), "Big news\n\nThe body.");
        assert_eq!(doc.slice(doc.headline().unwrap()), "Big news");
    }

    #[test]
    fn ids_prefer_the_url_and_ignore_spacing_otherwise() {
        let a = Doc::from_text("Troops  moved\nnorth.", Headline::None).unwrap();
        let b = Doc::from_text("troops moved north.", Headline::None).unwrap();
        assert_eq!(a.meta().id, b.meta().id);
        let with_url = Doc::new(NewDoc {
            text: "x".into(),
            url: Some("https://www.Example.com/a".into()),
            ..NewDoc::default()
        })
        .unwrap();
        assert_eq!(
            with_url.meta().id,
            stable_id("url", "https://www.Example.com/a")
        );
        assert_eq!(with_url.meta().source.as_deref(), Some("example.com"));
    }

    #[test]
    fn the_streamed_text_id_equals_the_id_of_the_normalized_text() {
        let doc = Doc::from_text(" Élan  VITAL\n of Troops ", Headline::None).unwrap();
        assert_eq!(doc.meta().id, stable_id("text", "élan vital of troops"));
    }

    #[test]
    fn normalize_domain_strips_scheme_www_and_path() {
        assert_eq!(
            normalize_domain("https://WWW.Reuters.com/world/x"),
            "reuters.com"
        );
        assert_eq!(normalize_domain("bbc.co.uk"), "bbc.co.uk");
        assert_eq!(normalize_domain("Associated Press"), "Associated Press");
    }

    #[test]
    fn tokens_in_selects_every_overlapping_token() {
        let mut doc = Doc::from_text("ab cd ef", Headline::None).unwrap();
        let tok = |s, e| Token {
            span: Span::new(s, e),
            kind: TokenKind::Word,
            joins_previous: false,
        };
        doc.set_tokens(vec![tok(0, 2), tok(3, 5), tok(6, 8)]);
        assert_eq!(doc.tokens_in(Span::new(1, 4)), 0..2);
        assert_eq!(
            doc.tokens_in(Span::new(2, 3)),
            1..1,
            "whitespace alone selects nothing"
        );
        assert_eq!(doc.tokens_in(Span::new(4, 4)), 1..2);
        assert_eq!(doc.token_at(2), None);
        assert_eq!(doc.token_at(7), Some(2));
    }
}
