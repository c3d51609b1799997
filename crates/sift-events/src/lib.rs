//! Actors and events: PETRARCH-class CAMEO coding over the dependency parse.
//!
//! - [`dict`] reads the PETRARCH-2 dictionary formats (actors, agents, verb
//!   patterns with synsets, discards, issues) into phrase automata.
//! - [`Coder`] codes one parsed sentence: named actors and agents composed
//!   into actor codes, the verb's pattern dictionary for the event code,
//!   subject and objects for source and target, passives, compounds,
//!   negation, and nominal events ("the bombing of the convoy") kept apart.
//! - [`EventStage`] runs the coder over a [`sift_core::Doc`] and adds the
//!   actor and event layers with byte spans for every part.
//! - [`suite`] reads the PETRARCH unit-test records and scores a coder.
#![deny(missing_docs)]

mod coder;
pub mod dict;
mod parse;
mod stage;
pub mod suite;
mod taxonomy;
mod words;

use std::io::Read;
use std::path::{Path, PathBuf};

pub use coder::{CodedActor, CodedEvent, Coder, Context, Found, Rule, SentenceCoding};
pub use dict::{DictWarning, Dictionaries};
pub use parse::ParsedWord;
pub use stage::{EventStage, Taxonomy, sentence_words};
pub use taxonomy::Codebook;
pub use words::normalize_word;

/// The Phoenix actor, agent, discard and issue dictionaries and the
/// CAMEO.2.0 verb patterns, bundled by `sift train events`.
static EMBEDDED_BUNDLE: &[u8] = include_bytes!("../../../data/events/phoenix.bundle.zst");

/// Which dictionary files make a set.
#[derive(Clone, Debug)]
pub struct DictionaryFiles {
    /// The PETRARCH-2 verb pattern file.
    pub verbs: PathBuf,
    /// Actor files.
    pub actors: Vec<PathBuf>,
    /// The agent file.
    pub agents: PathBuf,
    /// The discard file, if any.
    pub discards: Option<PathBuf>,
    /// The issue file, if any.
    pub issues: Option<PathBuf>,
}

impl DictionaryFiles {
    /// The Phoenix set in a PETRARCH-2 data directory.
    pub fn phoenix(dir: &Path) -> DictionaryFiles {
        DictionaryFiles {
            verbs: dir.join("CAMEO.2.0.txt"),
            actors: [
                "Phoenix.Countries.actors.txt",
                "Phoenix.International.actors.txt",
                "Phoenix.MilNonState.actors.txt",
            ]
            .iter()
            .map(|name| dir.join(name))
            .collect(),
            agents: dir.join("Phoenix.agents.txt"),
            discards: Some(dir.join("Phoenix.discards.txt")),
            issues: Some(dir.join("Phoenix.IssueCoding.txt")),
        }
    }

    /// The validation dictionaries next to a PETRARCH unit-test suite
    /// (`PETR.Validate.verbs.2.0.txt` and the others).
    pub fn validation(dir: &Path) -> DictionaryFiles {
        let verbs = ["PETR.Validate.verbs.2.0.txt", "PETR.Validate.verbs.txt"]
            .iter()
            .map(|name| dir.join(name))
            .find(|path| path.exists())
            .unwrap_or_else(|| dir.join("PETR.Validate.verbs.2.0.txt"));
        DictionaryFiles {
            verbs,
            actors: vec![dir.join("PETR.Validate.actors.txt")],
            agents: dir.join("PETR.Validate.agents.txt"),
            discards: Some(dir.join("PETR.Validate.discards.txt")),
            issues: None,
        }
    }

    fn all(&self) -> Vec<(Kind, &Path)> {
        let mut all = vec![(Kind::Verbs, self.verbs.as_path())];
        all.extend(
            self.actors
                .iter()
                .map(|path| (Kind::Actors, path.as_path())),
        );
        all.push((Kind::Agents, self.agents.as_path()));
        all.extend(
            self.discards
                .iter()
                .map(|path| (Kind::Discards, path.as_path())),
        );
        all.extend(
            self.issues
                .iter()
                .map(|path| (Kind::Issues, path.as_path())),
        );
        all
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Verbs,
    Actors,
    Agents,
    Discards,
    Issues,
}

impl Kind {
    fn tag(self) -> &'static str {
        match self {
            Kind::Verbs => "verbs",
            Kind::Actors => "actors",
            Kind::Agents => "agents",
            Kind::Discards => "discards",
            Kind::Issues => "issues",
        }
    }

    fn from_tag(tag: &str) -> Option<Kind> {
        [
            Kind::Verbs,
            Kind::Actors,
            Kind::Agents,
            Kind::Discards,
            Kind::Issues,
        ]
        .into_iter()
        .find(|kind| kind.tag() == tag)
    }
}

/// A dictionary set that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A dictionary file is missing or unreadable.
    #[error("cannot read dictionary {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The embedded bundle is damaged.
    #[error("the embedded dictionary bundle is damaged: {0}")]
    Bundle(String),
}

impl Dictionaries {
    fn read_kind(&mut self, kind: Kind, name: &str, text: &str) {
        match kind {
            Kind::Verbs => self.read_verbs(name, text),
            Kind::Actors => self.read_actors(name, text),
            Kind::Agents => self.read_agents(name, text),
            Kind::Discards => self.read_discards(name, text),
            Kind::Issues => self.read_issues(name, text),
        }
    }

    /// Reads a set of dictionary files. Non-UTF-8 bytes are replaced;
    /// malformed lines become [`Dictionaries::warnings`].
    pub fn from_files(files: &DictionaryFiles) -> Result<Dictionaries, LoadError> {
        let mut dictionaries = Dictionaries::default();
        for (kind, path) in files.all() {
            let bytes = std::fs::read(path).map_err(|source| LoadError::Read {
                path: path.display().to_string(),
                source,
            })?;
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            dictionaries.read_kind(kind, &name, &String::from_utf8_lossy(&bytes));
        }
        Ok(dictionaries)
    }

    /// The embedded Phoenix + CAMEO.2.0 set.
    pub fn embedded() -> Result<Dictionaries, LoadError> {
        Dictionaries::from_bundle(EMBEDDED_BUNDLE)
    }

    /// Reads a bundle written by [`write_bundle`].
    pub fn from_bundle(compressed: &[u8]) -> Result<Dictionaries, LoadError> {
        let mut bytes = Vec::new();
        zstd::stream::read::Decoder::new(compressed)
            .and_then(|mut decoder| decoder.read_to_end(&mut bytes))
            .map_err(|error| LoadError::Bundle(error.to_string()))?;
        let text = String::from_utf8_lossy(&bytes);
        let mut dictionaries = Dictionaries::default();
        for section in text.split("\u{0}").filter(|section| !section.is_empty()) {
            let (header, body) = section
                .split_once('\n')
                .ok_or_else(|| LoadError::Bundle("a section without a header".to_string()))?;
            let (tag, name) = header
                .split_once(' ')
                .ok_or_else(|| LoadError::Bundle(format!("bad section header '{header}'")))?;
            let kind = Kind::from_tag(tag)
                .ok_or_else(|| LoadError::Bundle(format!("unknown section kind '{tag}'")))?;
            dictionaries.read_kind(kind, name, body);
        }
        Ok(dictionaries)
    }
}

/// Bundles a set of dictionary files into one zstd stream, the form that is
/// embedded in the binary. Returns the compressed bytes.
pub fn write_bundle(files: &DictionaryFiles) -> Result<Vec<u8>, LoadError> {
    let mut plain = Vec::new();
    for (kind, path) in files.all() {
        let bytes = std::fs::read(path).map_err(|source| LoadError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        plain.push(0);
        plain.extend_from_slice(format!("{} {}\n", kind.tag(), name).as_bytes());
        plain.extend_from_slice(
            String::from_utf8_lossy(&bytes)
                .replace('\u{0}', " ")
                .as_bytes(),
        );
    }
    zstd::stream::encode_all(plain.as_slice(), 19)
        .map_err(|error| LoadError::Bundle(error.to_string()))
}

/// Codes a suite record with its gold parse, or with `parse_ours` over its
/// raw text, into what the suite compares.
pub fn code_record(
    coder: &Coder,
    record: &suite::Record,
    sentences: &[Vec<ParsedWord>],
) -> suite::Produced {
    let mut produced = suite::Produced::default();
    let context = Context {
        date: record.date,
        antecedent: None,
        nominal_events: false,
        require_dyad: true,
    };
    for words in sentences {
        let coding = coder.code(words, &context);
        if let Some(discard) = coding.discard {
            if coder.dictionaries().discards[discard.entry as usize].whole_story {
                produced.story_discard = true;
            } else {
                produced.sentence_discard = true;
            }
        }
        for event in coding.events {
            let side = |actor: &Option<CodedActor>| {
                actor
                    .as_ref()
                    .map(|actor| actor.code.clone())
                    .unwrap_or_else(|| "---".to_string())
            };
            produced
                .triples
                .insert((side(&event.source), side(&event.target), event.code.clone()));
        }
    }
    produced
}
