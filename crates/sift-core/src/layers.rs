use serde::{Deserialize, Serialize};

use crate::Span;

/// The layers a stage can read or write. The pipeline uses these to check,
/// when it is built, that every stage runs after the stages it depends on.
///
/// Later stages (tags, dependencies, mentions, events, places, dates, claims)
/// add their kinds here as they land.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LayerKind {
    /// [`Token`]s covering the words and punctuation of the text.
    Tokens,
    /// [`Sentence`]s partitioning the tokens, with the headline and dateline marked.
    Sentences,
    /// One [`crate::TokenTag`] per token: UPOS, XPOS and lemma.
    Tags,
    /// One [`crate::Dependency`] per token: a tree per sentence.
    Dependencies,
    /// [`crate::Entity`] mentions: people, organizations, places, groups, dates.
    Entities,
    /// [`crate::ClaimAnalysis`]: claims with certainty and attribution, and
    /// the document's credibility signals.
    Claims,
    /// [`crate::DateMention`]s and the publication date found in the text.
    Dates,
    /// [`crate::Actor`] mentions: named actors, agents, unknown entities.
    Actors,
    /// Coded [`crate::Event`]s.
    Events,
    /// [`crate::Magnitude`]s: casualty, arrest, displacement and participant figures.
    Magnitudes,
    /// Resolved [`crate::PlaceMention`]s.
    Places,
    /// The [`crate::HeadlineStance`] of the body towards the headline (absent
    /// inside the layer when the document has no headline).
    HeadlineStance,
}

/// What kind of thing a token is, decided by its characters alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Letters, possibly with inner hyphens, apostrophes or periods (`U.S.`).
    Word,
    /// Digits, possibly with separators or a decimal point (`1,200.5`).
    Number,
    /// Punctuation, including Unicode quotes and dashes.
    Punct,
    /// Symbols and anything else (`$`, `%`, emoji).
    Symbol,
    /// A URL or domain name.
    Url,
    /// An e-mail address.
    Email,
}

/// One token: a span of the text, never an owned string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Where the token is.
    pub span: Span,
    /// What its characters make it.
    pub kind: TokenKind,
    /// True when this token was split off the previous one inside a single
    /// whitespace-free word as a clitic (`n't`, `'s`, `'ll`): together they
    /// form one orthographic word, as a CoNLL-U multiword token does.
    pub joins_previous: bool,
}

/// What role a sentence plays in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceKind {
    /// The headline, always its own sentence.
    Headline,
    /// A dateline such as `ALEPPO, Syria (Reuters) -`, split off the first
    /// body sentence so that the parser never sees it as part of a clause.
    Dateline,
    /// Ordinary running text.
    Body,
}

/// One sentence. Sentences partition the token sequence in text order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// From the first byte of its first token to the last byte of its last token.
    pub span: Span,
    /// Index of its first token in the token layer.
    pub first_token: u32,
    /// How many tokens it has (at least one).
    pub n_tokens: u32,
    /// Headline, dateline or body.
    pub kind: SentenceKind,
    /// Zero-based paragraph number; the headline is paragraph 0 when present.
    pub paragraph: u32,
}

impl Sentence {
    /// The token indices of this sentence.
    pub fn token_range(&self) -> std::ops::Range<usize> {
        let first = self.first_token as usize;
        first..first + self.n_tokens as usize
    }
}

/// The typed, append-only layers of a [`crate::Doc`]. A layer is absent until
/// its stage has run, then set once and never replaced.
#[derive(Clone, Debug, Default)]
pub struct Layers {
    pub(crate) tokens: Option<Vec<Token>>,
    pub(crate) sentences: Option<Vec<Sentence>>,
    pub(crate) tags: Option<Vec<crate::TokenTag>>,
    pub(crate) dependencies: Option<Vec<crate::Dependency>>,
    pub(crate) entities: Option<Vec<crate::Entity>>,
    pub(crate) claims: Option<crate::ClaimAnalysis>,
    pub(crate) dates: Option<crate::DateLayer>,
    pub(crate) actors: Option<Vec<crate::Actor>>,
    pub(crate) events: Option<Vec<crate::Event>>,
    pub(crate) magnitudes: Option<Vec<crate::Magnitude>>,
    pub(crate) places: Option<Vec<crate::PlaceMention>>,
    pub(crate) headline_stance: Option<Option<crate::HeadlineStance>>,
}

impl Layers {
    /// True once the layer has been produced.
    pub fn has(&self, kind: LayerKind) -> bool {
        match kind {
            LayerKind::Tokens => self.tokens.is_some(),
            LayerKind::Sentences => self.sentences.is_some(),
            LayerKind::Tags => self.tags.is_some(),
            LayerKind::Dependencies => self.dependencies.is_some(),
            LayerKind::Entities => self.entities.is_some(),
            LayerKind::Dates => self.dates.is_some(),
            LayerKind::Actors => self.actors.is_some(),
            LayerKind::Events => self.events.is_some(),
            LayerKind::Magnitudes => self.magnitudes.is_some(),
            LayerKind::Places => self.places.is_some(),
            LayerKind::HeadlineStance => self.headline_stance.is_some(),
            LayerKind::Claims => self.claims.is_some(),
        }
    }
}
