//! The closed inventories of the language layer: UD part-of-speech tags, Penn
//! Treebank tags as UD English EWT uses them, UD dependency relations, entity
//! labels, and lemmas that borrow from the token instead of owning a string.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::Span;

macro_rules! closed_set {
    ($(#[$meta:meta])* $name:ident, $table:ident, [$($tag:literal),* $(,)?]) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u8);

        /// Every tag of the set, in id order.
        pub const $table: &[&str] = &[$($tag),*];

        impl $name {
            /// The tag with this name, if it is in the set.
            pub fn from_name(name: &str) -> Option<$name> {
                $table.iter().position(|&tag| tag == name).map(|idx| $name(idx as u8))
            }
            /// The tag with this id, if the id is in range.
            pub fn from_id(id: usize) -> Option<$name> {
                (id < $table.len()).then(|| $name(id as u8))
            }
            /// Its position in the table, for dense model outputs.
            pub fn id(self) -> usize {
                self.0 as usize
            }
            /// Its name, as in CoNLL-U.
            pub fn as_str(self) -> &'static str {
                $table[self.0 as usize]
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let name = Cow::<str>::deserialize(deserializer)?;
                $name::from_name(&name)
                    .ok_or_else(|| serde::de::Error::custom(format!("unknown tag {name:?}")))
            }
        }
    };
}

closed_set!(
    /// A Universal Dependencies part-of-speech tag (UPOS).
    Upos,
    UPOS_TAGS,
    ["ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"]
);

closed_set!(
    /// A Penn Treebank tag (XPOS) as UD English EWT uses them.
    Xpos,
    XPOS_TAGS,
    [
        "NN", "IN", "DT", "NNP", "PRP", "JJ", ".", "RB", "VB", "NNS", ",", "CC", "VBP", "VBD", "VBZ", "CD", "VBN",
        "VBG", "MD", "TO", "PRP$", "-RRB-", "-LRB-", "WDT", ":", "WRB", "``", "WP", "''", "RP", "UH", "HYPH", "POS",
        "NNPS", "JJS", "JJR", "NFP", "ADD", "EX", "RBR", "GW", "$", "SYM", "PDT", "FW", "RBS", "LS", "AFX", "WP$", "XX",
    ]
);

closed_set!(
    /// A UD v2 dependency relation, with the subtypes UD English EWT uses.
    DepLabel,
    DEP_LABELS,
    [
        "punct", "case", "nsubj", "det", "root", "advmod", "obj", "amod", "obl", "conj", "compound", "mark", "nmod",
        "cc", "aux", "cop", "advcl", "nmod:poss", "xcomp", "ccomp", "flat", "acl:relcl", "parataxis", "appos",
        "nummod", "acl", "aux:pass", "nsubj:pass", "obl:unmarked", "nmod:unmarked", "discourse", "list",
        "compound:prt", "iobj", "expl", "fixed", "nmod:desc", "obl:agent", "csubj", "nsubj:outer", "det:predet",
        "vocative", "goeswith", "advcl:relcl", "cc:preconj", "reparandum", "orphan", "csubj:pass", "dislocated",
        "dep", "csubj:outer", "obl:tmod", "obl:npmod", "nmod:tmod", "nmod:npmod", "flat:foreign", "det:poss",
    ]
);

impl Upos {
    /// `PROPN`.
    pub fn is_proper_noun(self) -> bool {
        self.as_str() == "PROPN"
    }
}

/// A lemma, stored as a recipe over the token's own text so that tagging
/// allocates nothing per token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lemma {
    /// The token exactly as written (proper nouns, `I`).
    AsWritten,
    /// The token lower-cased.
    Lowercase,
    /// The first `keep` bytes of the lower-cased token, then `suffix`
    /// (`studies` → keep 4 + `y`).
    Stem {
        /// Bytes of the lower-cased token to keep.
        keep: u16,
        /// What to append.
        suffix: &'static str,
    },
    /// A form from a fixed table (`went` → `go`, `n't` → `not`).
    Fixed(&'static str),
}

impl Lemma {
    /// The lemma's text, given the token's text.
    pub fn resolve<'a>(self, token_text: &'a str) -> Cow<'a, str> {
        match self {
            Lemma::AsWritten => Cow::Borrowed(token_text),
            Lemma::Lowercase => lowercase(token_text),
            Lemma::Stem { keep, suffix } => {
                let lower = lowercase(token_text);
                let mut keep = (keep as usize).min(lower.len());
                while !lower.is_char_boundary(keep) {
                    keep -= 1;
                }
                let mut out = String::with_capacity(keep + suffix.len());
                out.push_str(&lower[..keep]);
                out.push_str(suffix);
                Cow::Owned(out)
            }
            Lemma::Fixed(form) => Cow::Borrowed(form),
        }
    }
}

fn lowercase(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_uppercase) {
        Cow::Owned(text.to_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// The tagger's output for one token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenTag {
    /// Universal part of speech.
    pub upos: Upos,
    /// Penn Treebank tag.
    pub xpos: Xpos,
    /// Dictionary form.
    pub lemma: Lemma,
}

/// The parser's output for one token: its head and the relation to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dependency {
    /// Index of the head token in the token layer, in the same sentence;
    /// `None` for the sentence's root.
    pub head: Option<u32>,
    /// The relation of this token to its head (`root` for the root).
    pub label: DepLabel,
}

/// The kind of thing an entity mention names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityLabel {
    /// A person.
    Person,
    /// An organization: government body, armed group, company, agency.
    Org,
    /// A place: a country, region, city or geographic feature.
    Loc,
    /// A nationality, religious or political group (`Russian`, `Syrian`).
    Norp,
    /// A date or period (`Tuesday`, `last month`).
    Date,
    /// Another named thing (events, works, products).
    Misc,
}

/// What decided an entity mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityOrigin {
    /// The learned model.
    Model,
    /// A gazetteer entry (countries, demonyms, places, actor dictionaries).
    Gazetteer,
    /// Both agreed.
    ModelAndGazetteer,
    /// A hand-written pattern (dates).
    Rule,
}

/// A named-entity mention: a run of whole tokens inside one sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entity {
    /// From the first byte of its first token to the last byte of its last.
    pub span: Span,
    /// Index of its first token.
    pub first_token: u32,
    /// Number of tokens (at least one).
    pub n_tokens: u32,
    /// What it names.
    pub label: EntityLabel,
    /// What decided it.
    pub origin: EntityOrigin,
}

impl Entity {
    /// The token indices of this mention.
    pub fn token_range(&self) -> std::ops::Range<usize> {
        let first = self.first_token as usize;
        first..first + self.n_tokens as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_through_names_and_json() {
        let noun = Upos::from_name("NOUN").unwrap();
        assert_eq!(noun.as_str(), "NOUN");
        assert_eq!(serde_json::to_string(&noun).unwrap(), "\"NOUN\"");
        assert_eq!(
            serde_json::from_str::<Xpos>("\"PRP$\"").unwrap().as_str(),
            "PRP$"
        );
        assert!(serde_json::from_str::<DepLabel>("\"nsubj:bogus\"").is_err());
        assert_eq!(Upos::from_name("noun"), None);
    }

    #[test]
    fn lemmas_resolve_against_the_token_text() {
        assert_eq!(
            Lemma::Stem {
                keep: 4,
                suffix: "y"
            }
            .resolve("Studies"),
            "study"
        );
        assert_eq!(Lemma::Lowercase.resolve("Troops"), "troops");
        assert_eq!(Lemma::AsWritten.resolve("Aleppo"), "Aleppo");
        assert_eq!(Lemma::Fixed("go").resolve("went"), "go");
        assert_eq!(
            Lemma::Stem {
                keep: 99,
                suffix: ""
            }
            .resolve("ran"),
            "ran"
        );
    }
}
