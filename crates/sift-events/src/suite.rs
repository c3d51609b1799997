//! The PETRARCH unit-test suite: reading its XML records and scoring a coder
//! against them.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use sift_core::{DepLabel, Upos};

use crate::parse::ParsedWord;

/// What a record expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expected {
    /// These (source, target, event) triples, and no others.
    Events(BTreeSet<Triple>),
    /// No event at all.
    NoEvents,
    /// The sentence is discarded by a sentence-level discard phrase.
    SentenceDiscard,
    /// The story is discarded by a story-level discard phrase.
    StoryDiscard,
    /// An input error of the original constituency-parse program
    /// (`dateline`, `bad_input_parse`) that has no meaning for a dependency parse.
    InputError(String),
}

/// A (source, target, event code) triple; a missing actor is `---`.
pub type Triple = (String, String, String);

/// One test record.
#[derive(Clone, Debug)]
pub struct Record {
    /// The record id (`DEMO_00`).
    pub id: String,
    /// Its category (`DEMO`, `SYNSET`...), from the `source` attribute.
    pub category: String,
    /// The story date.
    pub date: Option<NaiveDate>,
    /// The raw sentence.
    pub text: String,
    /// The gold parse, when the record has one.
    pub parse: Option<Vec<ParsedWord>>,
    /// What a correct coder produces.
    pub expected: Expected,
}

/// A suite that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SuiteError {
    /// Not well-formed XML.
    #[error("{path}: not well-formed XML: {message}")]
    Xml {
        /// The file.
        path: String,
        /// The parser's message.
        message: String,
    },
}

/// Maps a UD v1 relation (as the suite's UDPipe 2.0 parses use) to v2.
pub fn ud1_to_ud2(label: &str) -> &str {
    match label {
        "dobj" => "obj",
        "nsubjpass" => "nsubj:pass",
        "csubjpass" => "csubj:pass",
        "auxpass" => "aux:pass",
        "name" => "flat",
        "mwe" => "fixed",
        "neg" => "advmod",
        "foreign" => "flat:foreign",
        "nmod:agent" => "obl:agent",
        other => other,
    }
}

/// Reads CoNLL-U lines (v1 or v2) into parsed words. Lines that are not
/// word lines are skipped; multiword-token and empty-node lines too.
pub fn read_conllu_words(text: &str) -> Option<Vec<ParsedWord>> {
    let mut words = Vec::new();
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() < 8 || columns[0].contains(['-', '.']) {
            continue;
        }
        let upos = match columns[3] {
            "CONJ" => "CCONJ",
            other => other,
        };
        let head: usize = columns[6].parse().ok()?;
        let label = ud1_to_ud2(columns[7]);
        let label = DepLabel::from_name(label)
            .or_else(|| DepLabel::from_name(label.split(':').next().unwrap_or(label)))
            .or_else(|| DepLabel::from_name("dep"))?;
        words.push(ParsedWord {
            text: columns[1].to_string(),
            upos: Upos::from_name(upos).or_else(|| Upos::from_name("X"))?,
            head: head.checked_sub(1),
            label,
        });
    }
    (!words.is_empty()).then_some(words)
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y%m%d").ok()
}

/// Reads the records of a PETRARCH unit-test XML file.
pub fn read_suite(path: &str, xml: &str) -> Result<Vec<Record>, SuiteError> {
    let document = roxmltree::Document::parse(xml).map_err(|error| SuiteError::Xml {
        path: path.to_string(),
        message: error.to_string(),
    })?;
    let mut records = Vec::new();
    for sentence in document
        .descendants()
        .filter(|node| node.has_tag_name("Sentence"))
    {
        let id = sentence.attribute("id").unwrap_or("?").to_string();
        let category = sentence.attribute("source").unwrap_or("?").to_string();
        let date = sentence.attribute("date").and_then(parse_date);
        let mut text = String::new();
        let mut parse = None;
        let mut triples = BTreeSet::new();
        let mut expected = None;
        for child in sentence.children().filter(|node| node.is_element()) {
            match child.tag_name().name() {
                "Text" => {
                    text = child
                        .text()
                        .unwrap_or("")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                }
                "Parse" => parse = read_conllu_words(child.text().unwrap_or("")),
                "EventCoding" => {
                    if child.attribute("noevents").is_some() {
                        expected = Some(Expected::NoEvents);
                    } else if let Some(error) = child.attribute("error") {
                        expected = Some(match error {
                            "sentencediscard" => Expected::SentenceDiscard,
                            "storydiscard" => Expected::StoryDiscard,
                            other => Expected::InputError(other.to_string()),
                        });
                    } else if let Some(event) = child.attribute("eventcode") {
                        let side = |name: &str| {
                            child
                                .attribute(name)
                                .map(|code| code.trim().to_string())
                                .filter(|code| !code.is_empty())
                                .unwrap_or_else(|| "---".to_string())
                        };
                        triples.insert((
                            side("sourcecode"),
                            side("targetcode"),
                            event.trim().to_string(),
                        ));
                    }
                }
                _ => {}
            }
        }
        let expected = match expected {
            Some(expected) => expected,
            None if !triples.is_empty() => Expected::Events(triples),
            None => Expected::NoEvents,
        };
        records.push(Record {
            id,
            category,
            date,
            text,
            parse,
            expected,
        });
    }
    Ok(records)
}

/// What the coder produced for a record.
#[derive(Clone, Debug, Default)]
pub struct Produced {
    /// Triples coded.
    pub triples: BTreeSet<Triple>,
    /// A sentence-level discard fired.
    pub sentence_discard: bool,
    /// A story-level discard fired.
    pub story_discard: bool,
}

/// One record's outcome.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The record id.
    pub id: String,
    /// Its category.
    pub category: String,
    /// What it expects: `events`, `noevents`, `discard` or `input_error`.
    pub expects: &'static str,
    /// Fully correct.
    pub correct: bool,
    /// Expected triples missing from the output.
    pub missing: Vec<Triple>,
    /// Output triples not expected.
    pub extra: Vec<Triple>,
    /// For a record that expects no event or a discard: what went wrong.
    pub note: Option<String>,
}

/// The suite's score.
#[derive(Clone, Debug, Default)]
pub struct SuiteScore {
    /// Every record's outcome, in file order.
    pub outcomes: Vec<Outcome>,
    /// Triples correct, produced and expected.
    pub triples_correct: usize,
    /// Triples produced (for records that expect events).
    pub triples_produced: usize,
    /// Triples expected.
    pub triples_expected: usize,
}

impl SuiteScore {
    /// Scores one record.
    pub fn add(&mut self, record: &Record, produced: &Produced) {
        let (correct, missing, extra, note) = match &record.expected {
            Expected::Events(expected) => {
                let missing: Vec<Triple> =
                    expected.difference(&produced.triples).cloned().collect();
                let extra: Vec<Triple> = produced.triples.difference(expected).cloned().collect();
                self.triples_expected += expected.len();
                self.triples_produced += produced.triples.len();
                self.triples_correct += expected.intersection(&produced.triples).count();
                let note = (produced.sentence_discard || produced.story_discard)
                    .then(|| "discarded, but events were expected".to_string());
                (missing.is_empty() && extra.is_empty(), missing, extra, note)
            }
            Expected::NoEvents => {
                let extra: Vec<Triple> = produced.triples.iter().cloned().collect();
                (extra.is_empty(), Vec::new(), extra, None)
            }
            Expected::SentenceDiscard => (
                produced.sentence_discard && !produced.story_discard,
                Vec::new(),
                Vec::new(),
                (!produced.sentence_discard).then(|| "expected a sentence discard".to_string()),
            ),
            Expected::StoryDiscard => (
                produced.story_discard,
                Vec::new(),
                Vec::new(),
                (!produced.story_discard).then(|| "expected a story discard".to_string()),
            ),
            Expected::InputError(kind) => (
                false,
                Vec::new(),
                Vec::new(),
                Some(format!(
                    "expects the constituency-parse input error `{kind}`"
                )),
            ),
        };
        let expects = match &record.expected {
            Expected::Events(_) => "events",
            Expected::NoEvents => "noevents",
            Expected::SentenceDiscard | Expected::StoryDiscard => "discard",
            Expected::InputError(_) => "input_error",
        };
        self.outcomes.push(Outcome {
            id: record.id.clone(),
            category: record.category.clone(),
            expects,
            correct,
            missing,
            extra,
            note,
        });
    }

    /// Records fully correct.
    pub fn correct(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|outcome| outcome.correct)
            .count()
    }

    /// (correct, total) per kind of expectation (`events`, `noevents`...).
    pub fn by_expectation(&self) -> BTreeMap<&'static str, (usize, usize)> {
        let mut table: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
        for outcome in &self.outcomes {
            let entry = table.entry(outcome.expects).or_default();
            entry.1 += 1;
            if outcome.correct {
                entry.0 += 1;
            }
        }
        table
    }

    /// (correct, total) per category.
    pub fn by_category(&self) -> BTreeMap<String, (usize, usize)> {
        let mut table: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for outcome in &self.outcomes {
            let entry = table.entry(outcome.category.clone()).or_default();
            entry.1 += 1;
            if outcome.correct {
                entry.0 += 1;
            }
        }
        table
    }

    /// Triple precision, recall and F1.
    pub fn triple_prf(&self) -> (f64, f64, f64) {
        let precision = self.triples_correct as f64 / self.triples_produced.max(1) as f64;
        let recall = self.triples_correct as f64 / self.triples_expected.max(1) as f64;
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        (precision, recall, f1)
    }
}
