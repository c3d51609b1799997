//! Readers for the PETRARCH-2 dictionary formats: actors, agents, verb
//! patterns with synsets, discards and issues.
//!
//! The files are old and hand-edited, so the readers are lenient in the ways
//! the real files need (tabs or spaces, several codes on a line, duplicated
//! roots, non-UTF-8 bytes, multi-line `<!-- -->` comments) and strict about
//! everything else: a line they cannot read becomes a [`DictWarning`] naming
//! `file:line`, and reading goes on.

use std::fmt;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use crate::words::{PhraseTrie, PhraseWord, Vocabulary, normalize_word, split_phrase};

/// Where a dictionary entry was read from, for explanations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Index into [`Dictionaries::files`].
    pub file: u16,
    /// One-based line number.
    pub line: u32,
}

/// A dictionary line that was skipped, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictWarning {
    /// The file's name.
    pub file: String,
    /// One-based line number.
    pub line: u32,
    /// What was wrong with it.
    pub message: String,
}

impl fmt::Display for DictWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// When an actor code applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    /// Always (the default code).
    Always,
    /// On or before the date.
    Until(NaiveDate),
    /// On or after the date.
    From(NaiveDate),
    /// Between the dates, inclusive.
    Between(NaiveDate, NaiveDate),
}

impl Validity {
    fn holds(self, date: NaiveDate) -> bool {
        match self {
            Validity::Always => true,
            Validity::Until(end) => date <= end,
            Validity::From(start) => date >= start,
            Validity::Between(start, end) => start <= date && date <= end,
        }
    }
}

/// One code of an actor, possibly bounded in time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatedCode {
    /// The CAMEO actor code; `---` is PETRARCH's "known, but not coded".
    pub code: String,
    /// When it applies.
    pub validity: Validity,
}

/// A named actor: a root phrase, its synonyms and its codes.
#[derive(Clone, Debug)]
pub struct ActorEntry {
    /// The root phrase as written in the dictionary.
    pub root: String,
    /// Codes in file order; duplicated roots add to the same list.
    pub codes: Vec<DatedCode>,
    /// Where the root was defined.
    pub origin: Origin,
}

impl ActorEntry {
    /// The code that applies on `date`: the first date-bounded code that
    /// holds, else the last unbounded one. Without a date, codes are read
    /// as of `today`, so a current leader gets their current role.
    pub fn code_on(&self, date: NaiveDate) -> Option<&str> {
        let bounded = self
            .codes
            .iter()
            .find(|code| code.validity != Validity::Always && code.validity.holds(date));
        let chosen = bounded.or_else(|| {
            self.codes
                .iter()
                .rev()
                .find(|code| code.validity == Validity::Always)
        })?;
        (chosen.code != "---").then_some(chosen.code.as_str())
    }
}

/// An agent: a word for a kind of actor (`SOLDIER [~MIL]`).
#[derive(Clone, Debug)]
pub struct AgentEntry {
    /// The phrase as written.
    pub phrase: String,
    /// The agent code without its tilde (`MIL`).
    pub code: String,
    /// `NGO~`: the code goes before the actor's code instead of after it.
    pub prefix: bool,
    /// Where it was defined.
    pub origin: Origin,
}

/// A discard phrase: a sentence (or a whole story, with `+`) that mentions
/// it is about sport, weather and the like, and is not coded.
#[derive(Clone, Debug)]
pub struct DiscardEntry {
    /// The phrase as written.
    pub phrase: String,
    /// `+` in the file: discard the whole story, not just the sentence.
    pub whole_story: bool,
    /// Where it was defined.
    pub origin: Origin,
}

/// An issue phrase (`n:kindergarten [EARLY_CHILDHOOD_EDUCATION]`).
#[derive(Clone, Debug)]
pub struct IssueEntry {
    /// The phrase as written.
    pub phrase: String,
    /// The issue code.
    pub code: String,
    /// The `<ISSUE CATEGORY=...>` it sits under.
    pub category: String,
    /// Where it was defined.
    pub origin: Origin,
}

/// The code part of a verb pattern: `[195]`, `[042:043]`, `[:080]`, `[---]`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CodeSpec {
    /// The event from source to target; `None` for `---` or an empty side.
    pub forward: Option<String>,
    /// The paired event from target back to source, when given after `:`.
    pub reverse: Option<String>,
}

impl CodeSpec {
    fn parse(text: &str) -> CodeSpec {
        let side = |part: &str| {
            let part = part.trim();
            (!part.is_empty() && part != "---").then(|| part.to_string())
        };
        match text.split_once(':') {
            Some((forward, reverse)) => CodeSpec {
                forward: side(forward),
                reverse: side(reverse),
            },
            None => CodeSpec {
                forward: side(text),
                reverse: None,
            },
        }
    }

    /// True for `[---]`: the pattern matches but codes nothing.
    pub fn is_null(&self) -> bool {
        self.forward.is_none() && self.reverse.is_none()
    }
}

/// One element of a verb pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Element {
    /// A word.
    Word(PhraseWord),
    /// Any member of a synset (`&CURRENCY`).
    Synset(u32),
    /// `{...}` or `A_B`: elements on consecutive tokens.
    Block(Vec<Element>),
    /// `(...)`: a prepositional phrase; the first element is the preposition.
    Preposition(Vec<Element>),
    /// `+`: where the target sits.
    Target,
    /// `$`: where the source sits.
    Source,
    /// `^`: skip the next noun phrase.
    Skip,
    /// `%`: a compound actor.
    Compound,
}

impl Element {
    /// The plain words this element needs, in order.
    pub fn collect_words(&self, out: &mut Vec<PhraseWord>) {
        match self {
            Element::Word(word) => out.push(*word),
            Element::Block(inner) | Element::Preposition(inner) => {
                for element in inner {
                    element.collect_words(out);
                }
            }
            Element::Synset(_)
            | Element::Target
            | Element::Source
            | Element::Skip
            | Element::Compound => {}
        }
    }

    /// How many words this element needs to match: the specificity of a pattern.
    pub fn weight(&self) -> u32 {
        match self {
            Element::Word(_) | Element::Synset(_) => 1,
            Element::Block(inner) | Element::Preposition(inner) => {
                inner.iter().map(Element::weight).sum()
            }
            Element::Target | Element::Source | Element::Skip | Element::Compound => 0,
        }
    }
}

/// A named set of alternative word sequences.
#[derive(Clone, Debug)]
pub struct Synset {
    /// `&NAME` without the ampersand.
    pub name: String,
    /// Each member is matched on consecutive tokens.
    pub members: Vec<Vec<Element>>,
    /// The words any member can start with, so that a token that starts no
    /// member is passed over at once; `None` when some member starts with
    /// something other than a word.
    pub first_words: Option<Vec<PhraseWord>>,
}

/// A verb block: the verbs that share a default code and patterns.
#[derive(Clone, Debug)]
pub struct VerbBlock {
    /// The block's name (`--- SAY [010] ---`).
    pub name: String,
    /// Default code of the block.
    pub code: CodeSpec,
    /// Where it starts.
    pub origin: Origin,
}

/// One inflected form of a (possibly multi-word) verb.
#[derive(Clone, Debug)]
pub struct VerbForm {
    /// Index into [`Dictionaries::verb_blocks`].
    pub block: u32,
    /// Interned words, in order.
    pub words: Vec<u32>,
    /// Which word is the verb itself (`+` in `WIRE_+TAP`).
    pub verb_word: usize,
    /// A code for this verb that overrides the block's default.
    pub code: Option<CodeSpec>,
    /// The root verb as written.
    pub root: String,
}

/// A verb pattern (`- * (TO SUMMIT) [042:043]`).
#[derive(Clone, Debug)]
pub struct Pattern {
    /// Index into [`Dictionaries::verb_blocks`].
    pub block: u32,
    /// Elements before the `*` (in the subject's part of the clause).
    pub before: Vec<Element>,
    /// Elements after the `*`.
    pub after: Vec<Element>,
    /// The code it gives.
    pub code: CodeSpec,
    /// The pattern as written, for explanations.
    pub text: String,
    /// Where it was defined.
    pub origin: Origin,
    /// Matched words: more specific patterns win.
    pub weight: u32,
    /// Words every match needs (outside synsets): a sentence without one of
    /// them cannot match, which rules out most patterns before matching.
    pub required: Vec<PhraseWord>,
}

/// Every PETRARCH dictionary, compiled for matching.
#[derive(Debug, Default)]
pub struct Dictionaries {
    /// Names of the files read, indexed by [`Origin::file`].
    pub files: Vec<String>,
    /// Every word any dictionary uses.
    pub vocabulary: Vocabulary,
    /// Named actors.
    pub actors: Vec<ActorEntry>,
    /// Phrase automaton over actor roots and synonyms.
    pub actor_trie: PhraseTrie,
    /// Agents.
    pub agents: Vec<AgentEntry>,
    /// Phrase automaton over agent phrases.
    pub agent_trie: PhraseTrie,
    /// Discard phrases.
    pub discards: Vec<DiscardEntry>,
    /// Phrase automaton over discards.
    pub discard_trie: PhraseTrie,
    /// Issue phrases.
    pub issues: Vec<IssueEntry>,
    /// Phrase automaton over issues.
    pub issue_trie: PhraseTrie,
    /// Synsets by index; `synset_ids` maps names.
    pub synsets: Vec<Synset>,
    /// Synset name → index.
    pub synset_ids: FxHashMap<String, u32>,
    /// Verb blocks.
    pub verb_blocks: Vec<VerbBlock>,
    /// Verb forms.
    pub verb_forms: Vec<VerbForm>,
    /// The verb word of each form → forms.
    pub verbs_by_word: FxHashMap<u32, Vec<u32>>,
    /// Patterns grouped by block.
    pub patterns_by_block: Vec<Vec<Pattern>>,
    /// Lines that were skipped.
    pub warnings: Vec<DictWarning>,
}

/// Lines of a dictionary file with comments removed, numbered from one.
fn content_lines(text: &str) -> impl Iterator<Item = (u32, &str)> {
    let mut in_comment = false;
    text.lines().enumerate().filter_map(move |(idx, line)| {
        let number = idx as u32 + 1;
        let trimmed = line.trim_start();
        if in_comment {
            if line.contains("-->") {
                in_comment = false;
            }
            return None;
        }
        if trimmed.starts_with("<!") {
            if trimmed.starts_with("<!--") && !line.contains("-->") {
                in_comment = true;
            }
            return None;
        }
        if trimmed.starts_with('#') || trimmed.is_empty() {
            return None;
        }
        let line = match line.find('#') {
            Some(at) => &line[..at],
            None => line,
        };
        (!line.trim().is_empty()).then_some((number, line))
    })
}

/// Parses a PETRARCH date, `YYYYMMDD` or `YYMMDD` (years up to 30 are 20xx).
fn parse_dict_date(text: &str) -> Option<NaiveDate> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let (year, rest) = match digits.len() {
        8 => (digits[..4].parse::<i32>().ok()?, &digits[4..]),
        6 => {
            let short = digits[..2].parse::<i32>().ok()?;
            (
                if short <= 30 {
                    2000 + short
                } else {
                    1900 + short
                },
                &digits[2..],
            )
        }
        _ => return None,
    };
    let month = rest[..2].parse().ok()?;
    let day = rest[2..].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Reads one bracketed actor code: `RUSGOV`, `RUSGOV >080508`, `HOB < 950601`,
/// `RUSELI 700101-990809`.
fn parse_dated_code(inner: &str) -> Result<DatedCode, String> {
    let inner = inner.trim();
    let (code, rest) = match inner.find(|ch: char| ch.is_whitespace() || ch == '<' || ch == '>') {
        Some(at) => (inner[..at].trim(), inner[at..].trim()),
        None => (inner, ""),
    };
    if code.is_empty() {
        return Err(format!("empty actor code in [{inner}]"));
    }
    let validity = if rest.is_empty() {
        Validity::Always
    } else if let Some(date) = rest.strip_prefix('<') {
        Validity::Until(parse_dict_date(date).ok_or_else(|| format!("bad date in [{inner}]"))?)
    } else if let Some(date) = rest.strip_prefix('>') {
        Validity::From(parse_dict_date(date).ok_or_else(|| format!("bad date in [{inner}]"))?)
    } else if let Some((start, end)) = rest.split_once('-') {
        let start = parse_dict_date(start).ok_or_else(|| format!("bad date in [{inner}]"))?;
        let end = parse_dict_date(end).ok_or_else(|| format!("bad date in [{inner}]"))?;
        if end < start {
            return Err(format!("date range ends before it starts in [{inner}]"));
        }
        Validity::Between(start, end)
    } else {
        return Err(format!("cannot read the date restriction in [{inner}]"));
    };
    Ok(DatedCode {
        code: code.to_string(),
        validity,
    })
}

/// The bracketed parts of a line and the text before the first bracket.
fn split_brackets(line: &str) -> Result<(&str, Vec<&str>), String> {
    let head_end = line.find('[').unwrap_or(line.len());
    let mut brackets = Vec::new();
    let mut rest = &line[head_end..];
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            return Err("a '[' without its ']'".to_string());
        };
        brackets.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    Ok((&line[..head_end], brackets))
}

/// Regular English plurals, as PETRARCH forms them for agents.
fn regular_plural(word: &str) -> String {
    if let Some(stem) = word.strip_suffix('Y')
        && !stem.ends_with(['A', 'E', 'O', 'U'])
    {
        return format!("{stem}IES");
    }
    if word.ends_with("SS") || word.ends_with("SH") || word.ends_with("CH") || word.ends_with('X') {
        return format!("{word}ES");
    }
    format!("{word}S")
}

/// Regular verb forms: third person, past, gerund, with and without a
/// doubled final consonant (the dictionaries list irregular forms themselves).
fn regular_verb_forms(verb: &str) -> Vec<String> {
    let mut forms = vec![verb.to_string()];
    let vowels = ['A', 'E', 'I', 'O', 'U'];
    if let Some(stem) = verb.strip_suffix('E') {
        forms.extend([format!("{verb}S"), format!("{verb}D"), format!("{stem}ING")]);
    } else if let Some(stem) = verb.strip_suffix('Y')
        && !stem.ends_with(vowels)
    {
        forms.extend([
            format!("{stem}IES"),
            format!("{stem}IED"),
            format!("{verb}ING"),
        ]);
    } else if verb.ends_with('S')
        || verb.ends_with("SH")
        || verb.ends_with("CH")
        || verb.ends_with('X')
        || verb.ends_with('Z')
    {
        forms.extend([
            format!("{verb}ES"),
            format!("{verb}ED"),
            format!("{verb}ING"),
        ]);
    } else {
        forms.extend([
            format!("{verb}S"),
            format!("{verb}ED"),
            format!("{verb}ING"),
        ]);
        let chars: Vec<char> = verb.chars().collect();
        let n = chars.len();
        if n >= 3
            && !vowels.contains(&chars[n - 1])
            && !['W', 'X', 'Y'].contains(&chars[n - 1])
            && vowels.contains(&chars[n - 2])
            && !vowels.contains(&chars[n - 3])
        {
            let last = chars[n - 1];
            forms.extend([format!("{verb}{last}ED"), format!("{verb}{last}ING")]);
        }
    }
    forms
}

impl Dictionaries {
    fn origin(&self, line: u32) -> Origin {
        Origin {
            file: (self.files.len() - 1) as u16,
            line,
        }
    }

    fn warn(&mut self, line: u32, message: impl Into<String>) {
        self.warnings.push(DictWarning {
            file: self.files.last().cloned().unwrap_or_default(),
            line,
            message: message.into(),
        });
    }

    /// Reads an actor dictionary (`Phoenix.Countries.actors.txt` format).
    pub fn read_actors(&mut self, name: &str, text: &str) {
        self.files.push(name.to_string());
        let mut current: Option<usize> = None;
        for (number, raw) in content_lines(text) {
            let line = raw.split(';').next().unwrap_or("");
            if line.trim().is_empty() {
                continue;
            }
            let indented = line.starts_with([' ', '\t']) && line.trim_start().starts_with('[');
            if indented {
                let Some(entry) = current else {
                    self.warn(number, "a date-restricted code before any actor");
                    continue;
                };
                match split_brackets(line) {
                    Ok((_, brackets)) => {
                        for inner in brackets {
                            match parse_dated_code(inner) {
                                Ok(code) => self.actors[entry].codes.push(code),
                                Err(message) => self.warn(number, message),
                            }
                        }
                    }
                    Err(message) => self.warn(number, message),
                }
                continue;
            }
            let trimmed = line.trim();
            let (is_synonym, body) = match trimmed.strip_prefix('+') {
                Some(rest) => (true, rest),
                None => (false, trimmed),
            };
            let (phrase, brackets) = match split_brackets(body) {
                Ok(parts) => parts,
                Err(message) => {
                    self.warn(number, message);
                    continue;
                }
            };
            let phrase = phrase.trim();
            if phrase.is_empty() {
                self.warn(number, "a code with no actor phrase");
                continue;
            }
            let mut codes = Vec::new();
            for inner in brackets {
                match parse_dated_code(inner) {
                    Ok(code) => codes.push(code),
                    Err(message) => self.warn(number, message),
                }
            }
            let words = split_phrase(phrase, &mut self.vocabulary);
            if is_synonym {
                let Some(entry) = current else {
                    self.warn(number, "a '+' synonym before any actor");
                    continue;
                };
                self.actors[entry].codes.extend(codes);
                self.actor_trie.insert(&words, entry as u32);
            } else {
                let new_index = self.actors.len() as u32;
                match self.actor_trie.insert(&words, new_index) {
                    Some(existing) => {
                        // A duplicated root: its codes and synonyms join the first entry.
                        self.actors[existing as usize].codes.extend(codes);
                        current = Some(existing as usize);
                    }
                    None => {
                        let origin = self.origin(number);
                        self.actors.push(ActorEntry {
                            root: phrase.to_string(),
                            codes,
                            origin,
                        });
                        current = Some(new_index as usize);
                    }
                }
            }
        }
    }

    /// Reads an agent dictionary (`Phoenix.agents.txt` format).
    pub fn read_agents(&mut self, name: &str, text: &str) {
        self.files.push(name.to_string());
        let mut markers: FxHashMap<String, Vec<String>> = FxHashMap::default();
        for (number, line) in content_lines(text) {
            let trimmed = line.trim();
            if trimmed.starts_with('!') && trimmed.contains('=') && !trimmed.contains('[') {
                let (left, right) = trimmed.split_once('=').unwrap_or_default();
                let marker = left.trim().trim_matches('!').to_string();
                if marker.is_empty() {
                    self.warn(number, "a substitution marker with no name");
                    continue;
                }
                let items = right
                    .split(',')
                    .map(|item| item.trim().to_string())
                    .filter(|item| !item.is_empty())
                    .collect();
                markers.insert(marker, items);
                continue;
            }
            let (head, brackets) = match split_brackets(trimmed) {
                Ok(parts) => parts,
                Err(message) => {
                    self.warn(number, message);
                    continue;
                }
            };
            let Some(code_text) = brackets.first().map(|code| code.trim()) else {
                self.warn(number, "an agent without a [~CODE]");
                continue;
            };
            let (code, prefix) = if let Some(code) = code_text.strip_prefix('~') {
                (code.trim(), false)
            } else if let Some(code) = code_text.strip_suffix('~') {
                (code.trim(), true)
            } else {
                self.warn(number, format!("agent code [{code_text}] has no '~'"));
                continue;
            };
            if code.is_empty() {
                self.warn(number, "an empty agent code");
                continue;
            }
            let (phrase, plurals) = match head.find('{') {
                Some(open) => {
                    let Some(close) = head[open..].find('}') else {
                        self.warn(number, "a '{' without its '}'");
                        continue;
                    };
                    let plurals: Vec<String> = head[open + 1..open + close]
                        .split_whitespace()
                        .map(str::to_string)
                        .collect();
                    (head[..open].trim(), Some(plurals))
                }
                None => (head.trim(), None),
            };
            if phrase.is_empty() {
                self.warn(number, "an agent code with no phrase");
                continue;
            }
            let expanded: Vec<String> = match phrase.find('!') {
                Some(open) => {
                    let Some(close) = phrase[open + 1..].find('!') else {
                        self.warn(number, "a substitution marker without its closing '!'");
                        continue;
                    };
                    let marker = &phrase[open + 1..open + 1 + close];
                    let Some(items) = markers.get(marker) else {
                        self.warn(
                            number,
                            format!("substitution marker !{marker}! is not defined"),
                        );
                        continue;
                    };
                    items
                        .iter()
                        .map(|item| {
                            format!("{}{}{}", &phrase[..open], item, &phrase[open + close + 2..])
                        })
                        .collect()
                }
                None => {
                    let mut forms = vec![phrase.to_string()];
                    match &plurals {
                        Some(explicit) => forms.extend(explicit.iter().cloned()),
                        None => {
                            let base = phrase.trim_end_matches('_');
                            let (stem, last) = match base.rfind(['_', ' ']) {
                                Some(at) => (&base[..=at], &base[at + 1..]),
                                None => ("", base),
                            };
                            forms.push(format!("{stem}{}_", regular_plural(&normalize_word(last))));
                        }
                    }
                    forms
                }
            };
            let index = self.agents.len() as u32;
            let origin = self.origin(number);
            self.agents.push(AgentEntry {
                phrase: phrase.to_string(),
                code: code.to_string(),
                prefix,
                origin,
            });
            for form in expanded {
                let mut words = split_phrase(&form, &mut self.vocabulary);
                // Agent phrases are whole words: "POLICE" must not match "POLICY".
                for word in &mut words {
                    word.exact = true;
                }
                self.agent_trie.insert(&words, index);
            }
        }
    }

    /// Reads a discard dictionary.
    pub fn read_discards(&mut self, name: &str, text: &str) {
        self.files.push(name.to_string());
        for (number, line) in content_lines(text) {
            let line = line.split(';').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (whole_story, phrase) = match line.strip_prefix('+') {
                Some(rest) => (true, rest.trim()),
                None => (false, line),
            };
            if phrase.is_empty() {
                self.warn(number, "an empty discard phrase");
                continue;
            }
            let mut words = split_phrase(phrase, &mut self.vocabulary);
            for word in &mut words {
                word.exact = true;
            }
            let index = self.discards.len() as u32;
            let origin = self.origin(number);
            self.discards.push(DiscardEntry {
                phrase: phrase.to_string(),
                whole_story,
                origin,
            });
            self.discard_trie.insert(&words, index);
        }
    }

    /// Reads an issue dictionary (`Phoenix.IssueCoding.txt`).
    pub fn read_issues(&mut self, name: &str, text: &str) {
        self.files.push(name.to_string());
        let mut category = String::new();
        for (number, line) in content_lines(text) {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("<ISSUE") {
                category = rest
                    .split('"')
                    .nth(1)
                    .map(str::to_string)
                    .unwrap_or_default();
                continue;
            }
            if line.starts_with("</ISSUE") || line.starts_with('~') {
                // `~phrase` lines are exclusions; they only stop their phrase.
                continue;
            }
            let (phrase, brackets) = match split_brackets(line) {
                Ok(parts) => parts,
                Err(message) => {
                    self.warn(number, message);
                    continue;
                }
            };
            let Some(code) = brackets.first().map(|code| code.trim().to_string()) else {
                self.warn(number, "an issue phrase without a [CODE]");
                continue;
            };
            let cleaned = phrase.replace("n:", "").replace('+', " ");
            if cleaned.trim().is_empty() {
                self.warn(number, "an issue code with no phrase");
                continue;
            }
            let words = split_phrase(&cleaned, &mut self.vocabulary);
            let index = self.issues.len() as u32;
            let origin = self.origin(number);
            self.issues.push(IssueEntry {
                phrase: phrase.trim().to_string(),
                code,
                category: category.clone(),
                origin,
            });
            self.issue_trie.insert(&words, index);
        }
    }

    fn synset_id(&mut self, name: &str) -> u32 {
        let key = name
            .trim_start_matches('&')
            .trim_end_matches('_')
            .to_string();
        if let Some(&id) = self.synset_ids.get(&key) {
            return id;
        }
        let id = self.synsets.len() as u32;
        self.synsets.push(Synset {
            name: key.clone(),
            members: Vec::new(),
            first_words: None,
        });
        self.synset_ids.insert(key, id);
        id
    }

    /// Parses a pattern's elements.
    fn parse_elements(&mut self, text: &str) -> Result<Vec<Element>, String> {
        let spaced = text
            .replace('{', " { ")
            .replace('}', " } ")
            .replace('(', " ( ")
            .replace(')', " ) ");
        let tokens: Vec<&str> = spaced.split_whitespace().collect();
        let mut position = 0;
        let elements = self.parse_sequence(&tokens, &mut position, None)?;
        if position != tokens.len() {
            return Err(format!("unexpected '{}'", tokens[position]));
        }
        Ok(elements)
    }

    fn parse_sequence(
        &mut self,
        tokens: &[&str],
        position: &mut usize,
        closer: Option<&str>,
    ) -> Result<Vec<Element>, String> {
        let mut elements = Vec::new();
        while *position < tokens.len() {
            let token = tokens[*position];
            *position += 1;
            match token {
                "{" => {
                    let inner = self.parse_sequence(tokens, position, Some("}"))?;
                    elements.push(Element::Block(inner));
                }
                "(" => {
                    let inner = self.parse_sequence(tokens, position, Some(")"))?;
                    if inner.is_empty() {
                        return Err("an empty '( )' group".to_string());
                    }
                    elements.push(Element::Preposition(inner));
                }
                "}" | ")" => {
                    if closer == Some(token) {
                        return Ok(elements);
                    }
                    return Err(format!("an unmatched '{token}'"));
                }
                "+" => elements.push(Element::Target),
                "$" => elements.push(Element::Source),
                "^" => elements.push(Element::Skip),
                "%" => elements.push(Element::Compound),
                "*" => return Err("a second '*'".to_string()),
                word if word.starts_with('&') => {
                    let id = self.synset_id(word);
                    elements.push(Element::Synset(id));
                }
                word => {
                    let words = split_phrase(word, &mut self.vocabulary);
                    match words.len() {
                        0 => {}
                        1 => elements.push(Element::Word(words[0])),
                        _ => elements.push(Element::Block(
                            words.into_iter().map(Element::Word).collect(),
                        )),
                    }
                }
            }
        }
        match closer {
            Some(closer) => Err(format!("a group missing its '{closer}'")),
            None => Ok(elements),
        }
    }

    /// Reads a PETRARCH-2 verb dictionary (`CAMEO.2.0.txt` format).
    pub fn read_verbs(&mut self, name: &str, text: &str) {
        self.files.push(name.to_string());
        enum Section {
            None,
            Synset(u32),
            Block(u32),
        }
        let mut section = Section::None;
        for (number, line) in content_lines(text) {
            let trimmed = line.trim();
            if trimmed.starts_with("---") {
                let inner = trimmed.trim_matches('-').trim();
                let (head, brackets) = match split_brackets(inner) {
                    Ok(parts) => parts,
                    Err(message) => {
                        self.warn(number, message);
                        section = Section::None;
                        continue;
                    }
                };
                let block_name = head.trim();
                if block_name.is_empty() {
                    self.warn(number, "a verb block with no name");
                    section = Section::None;
                    continue;
                }
                let code = brackets
                    .first()
                    .map(|code| CodeSpec::parse(code))
                    .unwrap_or_default();
                let index = self.verb_blocks.len() as u32;
                let origin = self.origin(number);
                self.verb_blocks.push(VerbBlock {
                    name: block_name.to_string(),
                    code,
                    origin,
                });
                self.patterns_by_block.push(Vec::new());
                section = Section::Block(index);
                continue;
            }
            if trimmed.starts_with('&') {
                let id = self.synset_id(trimmed.split_whitespace().next().unwrap_or(trimmed));
                section = Section::Synset(id);
                continue;
            }
            match section {
                Section::None => self.warn(number, "a line outside any synset or verb block"),
                Section::Synset(id) => {
                    let Some(member) = trimmed.strip_prefix('+') else {
                        self.warn(number, "a synset member must start with '+'");
                        continue;
                    };
                    match self.parse_elements(member) {
                        Ok(elements) if !elements.is_empty() => {
                            let elements = match elements.as_slice() {
                                [Element::Block(inner)] => inner.clone(),
                                _ => elements,
                            };
                            self.synsets[id as usize].members.push(elements);
                        }
                        Ok(_) => self.warn(number, "an empty synset member"),
                        Err(message) => self.warn(number, message),
                    }
                }
                Section::Block(block) => {
                    if let Some(pattern) = trimmed.strip_prefix('-') {
                        self.read_pattern(block, pattern, number);
                    } else {
                        // PETR-1 files write multi-word verbs with spaces ("LASH OUT").
                        let head_end = trimmed.find(['{', '[']).unwrap_or(trimmed.len());
                        let (head, rest) = trimmed.split_at(head_end);
                        if head.trim().contains(char::is_whitespace)
                            && !head.contains(['*', '(', '&'])
                        {
                            let joined = head.split_whitespace().collect::<Vec<_>>().join("_");
                            self.read_verb_line(block, &format!("{joined} {rest}"), number);
                        } else {
                            self.read_verb_line(block, trimmed, number);
                        }
                    }
                }
            }
        }
        // A synset that patterns use but no file defines is a dictionary error.
        let undefined: Vec<String> = self
            .synsets
            .iter()
            .filter(|synset| synset.members.is_empty())
            .map(|synset| synset.name.clone())
            .collect();
        for synset in undefined {
            self.warnings.push(DictWarning {
                file: name.to_string(),
                line: 0,
                message: format!("synset &{synset} is used but never defined"),
            });
        }
    }

    fn read_pattern(&mut self, block: u32, pattern: &str, number: u32) {
        let (body, brackets) = match split_brackets(pattern) {
            Ok(parts) => parts,
            Err(message) => {
                self.warn(number, message);
                return;
            }
        };
        let Some(code) = brackets.first() else {
            self.warn(number, "a pattern without a [code]");
            return;
        };
        let Some((before, after)) = body.split_once('*') else {
            self.warn(number, "a pattern without the verb's '*'");
            return;
        };
        let parsed = self
            .parse_elements(before)
            .and_then(|before| Ok((before, self.parse_elements(after)?)));
        match parsed {
            Ok((before, after)) => {
                let weight = before.iter().chain(&after).map(Element::weight).sum();
                let mut required = Vec::new();
                for element in before.iter().chain(&after) {
                    element.collect_words(&mut required);
                }
                let origin = self.origin(number);
                self.patterns_by_block[block as usize].push(Pattern {
                    block,
                    before,
                    after,
                    code: CodeSpec::parse(code),
                    text: format!("-{}", pattern.trim_end()),
                    origin,
                    weight,
                    required,
                });
            }
            Err(message) => self.warn(number, format!("cannot read pattern: {message}")),
        }
    }

    fn read_verb_line(&mut self, block: u32, line: &str, number: u32) {
        let (head, brackets) = match split_brackets(line) {
            Ok(parts) => parts,
            Err(message) => {
                self.warn(number, message);
                return;
            }
        };
        let code = brackets.first().map(|code| CodeSpec::parse(code));
        let (root, explicit) = match head.find('{') {
            Some(open) => {
                let Some(close) = head[open..].find('}') else {
                    self.warn(number, "a '{' without its '}'");
                    return;
                };
                let forms: Vec<String> = head[open + 1..open + close]
                    .split_whitespace()
                    .map(str::to_string)
                    .collect();
                (head[..open].trim(), Some(forms))
            }
            None => (head.trim(), None),
        };
        if root.is_empty() || root.contains(char::is_whitespace) {
            self.warn(number, format!("cannot read verb '{}'", line.trim()));
            return;
        }
        let root = root.trim_start_matches('+');
        let mut forms = vec![root.to_string()];
        match explicit {
            Some(explicit) => forms.extend(
                explicit
                    .into_iter()
                    .map(|form| form.trim_start_matches('+').to_string()),
            ),
            None => {
                // Inflect the marked word of a multi-word verb (or the only word).
                let raw = head.trim();
                let parts: Vec<&str> = raw.split('_').filter(|part| !part.is_empty()).collect();
                let verb_at = parts
                    .iter()
                    .position(|part| part.starts_with('+'))
                    .unwrap_or(0);
                let verb = parts
                    .get(verb_at)
                    .map(|part| part.trim_start_matches('+'))
                    .unwrap_or("");
                for inflected in regular_verb_forms(&normalize_word(verb))
                    .into_iter()
                    .skip(1)
                {
                    let mut words: Vec<String> = parts
                        .iter()
                        .map(|part| part.trim_start_matches('+').to_string())
                        .collect();
                    if verb_at < words.len() {
                        words[verb_at] = inflected;
                    }
                    forms.push(words.join("_"));
                }
            }
        }
        let marked = head
            .split('_')
            .filter(|part| !part.is_empty())
            .position(|part| part.trim().starts_with('+'))
            .unwrap_or(0);
        for form in forms {
            let words: Vec<u32> = form
                .split('_')
                .filter(|part| !part.is_empty())
                .map(|part| {
                    self.vocabulary
                        .intern(&normalize_word(part.trim_start_matches('+')))
                })
                .collect();
            if words.is_empty() {
                continue;
            }
            let verb_word = marked.min(words.len() - 1);
            let index = self.verb_forms.len() as u32;
            self.verbs_by_word
                .entry(words[verb_word])
                .or_default()
                .push(index);
            self.verb_forms.push(VerbForm {
                block,
                words,
                verb_word,
                code: code.clone(),
                root: root.to_string(),
            });
        }
    }

    /// Works out each synset's possible first words (following nested
    /// synsets), for the coder's quick rejection of non-matching tokens.
    pub fn index_synsets(&mut self) {
        fn first_words(
            synsets: &[Synset],
            id: usize,
            depth: usize,
            out: &mut Vec<PhraseWord>,
        ) -> bool {
            if depth > 8 {
                return false;
            }
            for member in &synsets[id].members {
                let mut first = member.first();
                while let Some(Element::Block(inner) | Element::Preposition(inner)) = first {
                    first = inner.first();
                }
                match first {
                    Some(Element::Word(word)) => out.push(*word),
                    Some(Element::Synset(inner)) => {
                        if !first_words(synsets, *inner as usize, depth + 1, out) {
                            return false;
                        }
                    }
                    _ => return false,
                }
            }
            true
        }
        for id in 0..self.synsets.len() {
            let mut words = Vec::new();
            let known = first_words(&self.synsets, id, 0, &mut words);
            self.synsets[id].first_words = known.then_some(words);
        }
    }

    /// The date-appropriate code of an actor entry.
    pub fn actor_code(&self, entry: u32, date: NaiveDate) -> Option<&str> {
        self.actors[entry as usize].code_on(date)
    }

    /// `file:line` of an origin.
    pub fn location(&self, origin: Origin) -> String {
        format!(
            "{}:{}",
            self.files
                .get(origin.file as usize)
                .map(String::as_str)
                .unwrap_or("?"),
            origin.line
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_codes_follow_dates_and_duplicates_accumulate() {
        let mut dictionaries = Dictionaries::default();
        dictionaries.read_actors(
            "test.actors.txt",
            "GOLLUM  # pas\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 990816]\n\
             GONDOR [GON]\n+MINAS_TIRITH\nGONDOR [GONX 20200101-20201231]\n+ANORIEN\n",
        );
        assert!(
            dictionaries.warnings.is_empty(),
            "{:?}",
            dictionaries.warnings
        );
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(dictionaries.actors[0].code_on(day(1990, 1, 1)), Some("HOB"));
        assert_eq!(
            dictionaries.actors[0].code_on(day(1996, 1, 1)),
            Some("HOBGOV")
        );
        assert_eq!(
            dictionaries.actors[0].code_on(day(2001, 1, 1)),
            Some("HOBREB")
        );
        assert_eq!(
            dictionaries.actors.len(),
            2,
            "the duplicated root joins the first"
        );
        assert_eq!(
            dictionaries.actors[1].code_on(day(2020, 6, 1)),
            Some("GONX")
        );
        assert_eq!(dictionaries.actors[1].code_on(day(2021, 6, 1)), Some("GON"));
    }

    #[test]
    fn malformed_lines_warn_with_file_and_line_and_are_skipped() {
        let mut dictionaries = Dictionaries::default();
        dictionaries.read_actors(
            "bad.actors.txt",
            "GONDOR [GON\nARNOR [ARN]\n\t[ARNGOV 1990-1991]\n",
        );
        let messages: Vec<String> = dictionaries
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("bad.actors.txt:1: "),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("bad.actors.txt:3: "),
            "{messages:?}"
        );
        assert_eq!(dictionaries.actors.len(), 1);
    }

    #[test]
    fn verb_dictionary_reads_synsets_inflections_and_patterns() {
        let mut dictionaries = Dictionaries::default();
        dictionaries.read_verbs(
            "test.verbs.txt",
            "&CURRENCY\n+DOLLAR\n+SWISS FRANCS\n\n--- SAY [010] ---\nSAY {SAYS SAID SAYING}\n\
             - * {NO EVIDENCE} [141]\n--- CONTRIBUTE [070] ---\nCONTRIBUTE\n- * &CURRENCY (TO) [070:071]\n\
             --- CONFISCATE [170] ---\nWIRE_+TAP {WIRE_+TAPPED}\n",
        );
        assert!(
            dictionaries.warnings.is_empty(),
            "{:?}",
            dictionaries.warnings
        );
        assert_eq!(dictionaries.synsets[0].members.len(), 2);
        let said = dictionaries.vocabulary.get("SAID").unwrap();
        assert!(dictionaries.verbs_by_word.contains_key(&said));
        let contributed = dictionaries.vocabulary.get("CONTRIBUTED").unwrap();
        assert!(
            dictionaries.verbs_by_word.contains_key(&contributed),
            "regular forms are generated"
        );
        let pattern = &dictionaries.patterns_by_block[1][0];
        assert_eq!(pattern.code.forward.as_deref(), Some("070"));
        assert_eq!(pattern.code.reverse.as_deref(), Some("071"));
        assert_eq!(pattern.weight, 2);
        let tapped = dictionaries.vocabulary.get("TAPPED").unwrap();
        let form = &dictionaries.verb_forms[dictionaries.verbs_by_word[&tapped][0] as usize];
        assert_eq!(form.words.len(), 2);
        assert_eq!(form.verb_word, 1);
    }

    #[test]
    fn agents_expand_plurals_and_markers() {
        let mut dictionaries = Dictionaries::default();
        dictionaries.read_agents(
            "test.agents.txt",
            "!PERSON! = MAN, WOMAN\nCONGRESS!PERSON! [~LEG]\nPOLICE {} [~COP]\nSOLDIER [~MIL]\nMSF {} [NGO~]\nBROKEN [MIL]\n",
        );
        assert_eq!(dictionaries.warnings.len(), 1, "the code without a tilde");
        for word in ["CONGRESSMAN", "CONGRESSWOMAN", "SOLDIERS", "POLICE"] {
            assert!(dictionaries.vocabulary.get(word).is_some(), "{word}");
        }
        assert!(dictionaries.vocabulary.get("POLICES").is_none());
        assert!(
            dictionaries
                .agents
                .iter()
                .any(|agent| agent.prefix && agent.code == "NGO")
        );
    }
}
