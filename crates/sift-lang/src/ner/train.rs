//! Training the entity recognizer: reading UNER IOB2 files, building the
//! gazetteers from GeoNames, the Phoenix actor dictionaries and the
//! hand-written lists beside this file, and running the perceptron.

use std::collections::{BTreeMap, HashMap};

use super::features::{
    self, N_CLASSES, OUTSIDE, Scorer, Scratch, TYPE_LOC, TYPE_MISC, TYPE_ORG, TYPE_PER,
};
use super::gazetteer::{Gazetteer, MAX_PHRASE_TOKENS, WordTable, kind};
use super::text::{self, case};
use super::{EntityRecognizer, NerModel};
use crate::linear::Perceptron;

/// The nationality, religious and political group names (NORP).
const DEMONYMS: &str = include_str!("demonyms.txt");
/// Place names that GeoNames' tables lack: continents, regions, short forms.
const EXTRA_PLACES: &str = include_str!("places.txt");

/// Everything [`train_ner`] reads, as the caller loaded it from the shared
/// data directory (`../shared/data`). The library does no IO.
#[derive(Clone, Debug, Default)]
pub struct NerSources {
    /// `ud/uner_en_ewt-train.iob2`: the training sentences.
    pub train_iob2: String,
    /// `ud/uner_en_ewt-dev.iob2`: only scored for the progress report,
    /// never trained on. Empty to skip.
    pub dev_iob2: String,
    /// `geonames/countryInfo.txt`: country names.
    pub country_info: String,
    /// `geonames/admin1CodesASCII.txt`: first-level region names.
    pub admin1_codes: String,
    /// `geonames/cities500.tsv.zst`, still compressed: populated places.
    pub cities500_zst: Vec<u8>,
    /// `petrarch/Phoenix.Countries.actors.txt`, raw bytes (not all UTF-8).
    pub phoenix_countries: Vec<u8>,
    /// `petrarch/Phoenix.International.actors.txt`, raw bytes.
    pub phoenix_international: Vec<u8>,
    /// `petrarch/Phoenix.MilNonState.actors.txt`, raw bytes.
    pub phoenix_milnonstate: Vec<u8>,
    /// Unlabelled news text, e.g. `fnc1/train_bodies.csv` as it is: only
    /// per-word capitalization counts, keyed by word hash, reach the model.
    /// Empty to use the training sentences alone.
    pub unlabelled_text: String,
    /// Optional silver training data in the same IOB2 form: news labelled
    /// by a teacher model (see `bench/ner_silver.py`). Empty for none.
    pub silver_iob2: String,
}

/// Knobs of training; the defaults are what the committed model used.
#[derive(Clone, Debug)]
pub struct NerTrainConfig {
    /// Passes over the training sentences: 8 to 12 beat 6 on dev once the
    /// capitalized-run features were added.
    pub epochs: usize,
    /// Step size of a correction towards "outside" on a capitalized token
    /// that a gazetteer calls a name. The UNER train file is a draft with
    /// about a fifth of its entities unlabelled, so such "outside" golds are
    /// sometimes wrong; but on dev, steps below 1 (0.3, 0.1, 0) and wider
    /// scopes (every capitalized token) all lost F1, so the default is a
    /// full step.
    pub draft_outside_step: f32,
    /// Feature rows whose averaged weights all stay below this are pruned.
    pub prune_below: f32,
    /// Populated places smaller than this are left out of the gazetteer.
    pub min_city_population: u64,
    /// Silver sentences mixed into each epoch, as a multiple of the number
    /// of gold training sentences (a fresh sample every epoch).
    pub silver_per_gold: f32,
}

impl Default for NerTrainConfig {
    fn default() -> NerTrainConfig {
        NerTrainConfig {
            epochs: 10,
            draft_outside_step: 1.0,
            prune_below: 0.05,
            min_city_population: 15_000,
            silver_per_gold: 0.2,
        }
    }
}

/// What can stop training: malformed input data.
#[derive(Debug, thiserror::Error)]
pub enum NerTrainError {
    /// A line of a source file does not follow its format.
    #[error("{file}: line {line}: {message}")]
    Format {
        /// Which source, by its field name in [`NerSources`].
        file: &'static str,
        /// One-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The GeoNames cities file is not valid zstd.
    #[error("cities500_zst: not zstd data: {0}")]
    Cities(String),
    /// The trained model failed to load back: a bug.
    #[error("the trained model does not load: {0}")]
    Model(#[from] crate::linear::ModelError),
}

/// Trains the recognizer with the default configuration and returns the
/// compressed model file (`data/models/ner.bin.zst`).
pub fn train_ner(
    sources: &NerSources,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<u8>, NerTrainError> {
    train_ner_with_config(sources, &NerTrainConfig::default(), progress)
}

/// [`train_ner`] with explicit settings, for experiments.
pub fn train_ner_with_config(
    sources: &NerSources,
    config: &NerTrainConfig,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<u8>, NerTrainError> {
    let train = read_iob2(&sources.train_iob2, "train_iob2")?;
    progress(&format!("read {} training sentences", train.len()));
    let mut silver = read_iob2(&sources.silver_iob2, "silver_iob2")?;
    // spaCy's spans often open with `the` (`the Associated Press`); UNER's,
    // like sift's, start at the name.
    for sentence in &mut silver {
        for span in &mut sentence.spans {
            if span.1 - span.0 > 1 && sentence.words[span.0].eq_ignore_ascii_case("the") {
                span.0 += 1;
            }
        }
    }
    if !silver.is_empty() {
        progress(&format!("read {} silver sentences", silver.len()));
    }
    let n_silver_per_epoch =
        ((train.len() as f32 * config.silver_per_gold) as usize).min(silver.len());
    let entries = build_gazetteer(sources, &train, config)?;
    progress(&format!("built a gazetteer of {} phrases", entries.len()));
    let mut block = Vec::new();
    Gazetteer::write_entries(&entries, &mut block);
    let gazetteer =
        Gazetteer::parse(std::str::from_utf8(&block).expect("folded phrases are UTF-8"))?;
    let unlabelled = UnlabelledText::new(&sources.unlabelled_text, &train);
    let profile_entries = case_profiles(&unlabelled);
    progress(&format!(
        "profiled the case of {} words",
        profile_entries.len()
    ));
    let mut profile_block = Vec::new();
    WordTable::write(&profile_entries, &mut profile_block);
    let profiles = WordTable::read(&mut profile_block.as_slice())?;

    let mut trainer = Trainer {
        perceptron: Perceptron::new(N_CLASSES),
        draft_outside_step: config.draft_outside_step,
    };
    let mut scratch = Scratch::default();
    let mut silver_order: Vec<usize> = (0..silver.len()).collect();
    let mut rng = 0x853c_49e6_748f_ea9b_u64;
    for epoch in 0..config.epochs {
        // Gold sentences by index, then a fresh sample of silver ones.
        shuffle(&mut silver_order, &mut rng);
        let mut order: Vec<usize> = (0..train.len()).collect();
        order.extend(
            silver_order[..n_silver_per_epoch]
                .iter()
                .map(|&idx| train.len() + idx),
        );
        shuffle(&mut order, &mut rng);
        let (mut n_tokens, mut n_wrong) = (0usize, 0usize);
        for &sentence_idx in &order {
            let sentence = match sentence_idx.checked_sub(train.len()) {
                Some(silver_idx) => &silver[silver_idx],
                None => &train[sentence_idx],
            };
            let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
            let gold = features::encode_spans(words.len(), &sentence.spans);
            scratch.prepare(&words, &gazetteer, &profiles);
            features::decode(&mut trainer, &mut scratch, Some(&gold));
            n_tokens += words.len();
            n_wrong += gold
                .iter()
                .zip(&scratch.classes)
                .filter(|(g, s)| g != s)
                .count();
        }
        progress(&format!(
            "epoch {}: {:.2}% of training tokens mislabelled",
            epoch + 1,
            100.0 * n_wrong as f64 / n_tokens.max(1) as f64
        ));
    }
    let weights = trainer.perceptron.finish(config.prune_below);
    progress(&format!("kept {} feature rows", weights.n_rows()));
    let bytes = NerModel::to_compressed(&entries, &profile_entries, &weights);
    progress(&format!("model file: {} bytes", bytes.len()));
    if !sources.dev_iob2.is_empty() {
        let recognizer = EntityRecognizer::from_bytes(&bytes)?;
        let dev = read_iob2(&sources.dev_iob2, "dev_iob2")?;
        let (correct, n_gold, n_system) = score_sentences(&recognizer, &dev);
        progress(&format!(
            "dev PER/ORG/LOC: P {:.4} R {:.4} F1 {:.4}",
            correct as f64 / n_system.max(1) as f64,
            correct as f64 / n_gold.max(1) as f64,
            2.0 * correct as f64 / (n_gold + n_system).max(1) as f64
        ));
    }
    Ok(bytes)
}

struct Trainer {
    perceptron: Perceptron,
    draft_outside_step: f32,
}

impl Scorer for Trainer {
    fn scores(&self, keys: &[u64], scores: &mut [f32; N_CLASSES]) {
        *scores = [0.0; N_CLASSES];
        self.perceptron.score(keys, scores);
    }

    /// The structured perceptron update: features of the gold sequence up,
    /// features of the guessed sequence down, where the two differ.
    fn learn(&mut self, gold: &[usize], scratch: &Scratch) {
        let guess = &scratch.classes;
        for idx in 0..gold.len() {
            let (truth, guessed) = (gold[idx], guess[idx]);
            if truth != guessed {
                let named_by_gazetteer = scratch.gazetteer_places[idx][..3].iter().any(|&p| p != 0);
                let step = if truth == OUTSIDE
                    && named_by_gazetteer
                    && scratch.facts[idx].is(case::INITIAL_CAP)
                {
                    self.draft_outside_step
                } else {
                    1.0
                };
                self.perceptron
                    .update(scratch.static_keys_of(idx), truth, guessed, step);
            }
            let gold_previous = if idx > 0 { gold[idx - 1] } else { OUTSIDE };
            let guess_previous = if idx > 0 { guess[idx - 1] } else { OUTSIDE };
            if (gold_previous, truth) != (guess_previous, guessed) {
                self.perceptron
                    .nudge_key(features::transition_key(gold_previous), truth, 1.0);
                self.perceptron
                    .nudge_key(features::transition_key(guess_previous), guessed, -1.0);
            }
        }
        self.perceptron.tick();
    }
}

/// A deterministic Fisher-Yates shuffle (xorshift), so that training is
/// reproducible.
fn shuffle(items: &mut [usize], state: &mut u64) {
    for idx in (1..items.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let other = (*state % (idx as u64 + 1)) as usize;
        items.swap(idx, other);
    }
}

/// One gold sentence of a UNER file.
pub(crate) struct GoldSentence {
    pub words: Vec<String>,
    /// `(start, end, type)` with the types of [`features`].
    pub spans: Vec<(usize, usize, usize)>,
}

/// Reads a UNER IOB2 file: `index<TAB>token<TAB>tag[<TAB>annotators...]`,
/// comments starting with `#`, sentences separated by blank lines. Tags other
/// than PER, ORG, LOC and OTH (the train draft has a few `B-O`) read as O,
/// and an `I-` without a matching open span starts one.
pub(crate) fn read_iob2(
    text: &str,
    file: &'static str,
) -> Result<Vec<GoldSentence>, NerTrainError> {
    let mut sentences = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut tags: Vec<Option<(bool, usize)>> = Vec::new();
    let mut flush = |words: &mut Vec<String>, tags: &mut Vec<Option<(bool, usize)>>| {
        if words.is_empty() {
            return;
        }
        let mut spans = Vec::new();
        let mut open: Option<(usize, usize)> = None;
        for (idx, tag) in tags.iter().enumerate() {
            match *tag {
                Some((is_begin, entity_type)) => {
                    let continues = !is_begin && open.is_some_and(|(_, t)| t == entity_type);
                    if !continues {
                        if let Some((start, t)) = open.take() {
                            spans.push((start, idx, t));
                        }
                        open = Some((idx, entity_type));
                    }
                }
                None => {
                    if let Some((start, t)) = open.take() {
                        spans.push((start, idx, t));
                    }
                }
            }
        }
        if let Some((start, t)) = open {
            spans.push((start, tags.len(), t));
        }
        sentences.push(GoldSentence {
            words: std::mem::take(words),
            spans,
        });
        tags.clear();
    };
    for (line_idx, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut words, &mut tags);
            continue;
        }
        let mut columns = line.split('\t');
        let (Some(_), Some(token), Some(tag)) = (columns.next(), columns.next(), columns.next())
        else {
            return Err(NerTrainError::Format {
                file,
                line: line_idx + 1,
                message: "expected index, token and tag separated by tabs".into(),
            });
        };
        let parsed = tag.split_once('-').and_then(|(prefix, name)| {
            let entity_type = match name {
                "PER" => TYPE_PER,
                "ORG" => TYPE_ORG,
                "LOC" => TYPE_LOC,
                "OTH" => TYPE_MISC,
                _ => return None,
            };
            Some((prefix == "B", entity_type))
        });
        words.push(token.to_string());
        tags.push(parsed);
    }
    flush(&mut words, &mut tags);
    Ok(sentences)
}

/// Exact-match counts over PER, ORG and LOC: (correct, gold, system).
pub(crate) fn score_sentences(
    recognizer: &EntityRecognizer,
    sentences: &[GoldSentence],
) -> (usize, usize, usize) {
    use sift_core::EntityLabel;
    let (mut correct, mut n_gold, mut n_system) = (0, 0, 0);
    for sentence in sentences {
        let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
        let gold: Vec<(usize, usize, usize)> = sentence
            .spans
            .iter()
            .copied()
            .filter(|s| s.2 != TYPE_MISC)
            .collect();
        let system: Vec<(usize, usize, usize)> = recognizer
            .recognize_words(&words)
            .iter()
            .filter_map(|e| {
                let entity_type = match e.label {
                    EntityLabel::Person => TYPE_PER,
                    EntityLabel::Org => TYPE_ORG,
                    EntityLabel::Loc => TYPE_LOC,
                    _ => return None,
                };
                Some((e.start, e.end, entity_type))
            })
            .collect();
        n_gold += gold.len();
        n_system += system.len();
        correct += system.iter().filter(|s| gold.contains(s)).count();
    }
    (correct, n_gold, n_system)
}

/// Running text as sentences of words, from the unlabelled news and the
/// training sentences, for word statistics.
struct UnlabelledText<'a> {
    sentences: Vec<Vec<&'a str>>,
}

impl<'a> UnlabelledText<'a> {
    fn new(news: &'a str, train: &'a [GoldSentence]) -> UnlabelledText<'a> {
        let tokens = crate::tokenize(news);
        let mut sentences: Vec<Vec<&str>> = crate::split_sentences(news, &tokens, None)
            .iter()
            .map(|sentence| {
                tokens[sentence.token_range()]
                    .iter()
                    .map(|token| &news[token.span.range()])
                    .collect()
            })
            .collect();
        sentences.extend(
            train
                .iter()
                .map(|s| s.words.iter().map(String::as_str).collect()),
        );
        UnlabelledText { sentences }
    }
}

/// Counts, per folded word, its mid-sentence occurrences and how many of
/// them are capitalized; returns `(folded hash, bucket)` sorted by hash.
/// Shouted (all-caps) tokens say nothing about a word's case and are
/// skipped, and so is the word after a quote or colon, where a capital is as
/// uninformative as at a sentence start.
fn case_profiles(text: &UnlabelledText) -> Vec<(u64, u8)> {
    let mut counts: HashMap<u64, (u32, u32)> = HashMap::new();
    for sentence in &text.sentences {
        for (idx, word) in sentence.iter().enumerate() {
            if idx == 0 || matches!(sentence[idx - 1], "\"" | ":" | "“" | "-" | "--") {
                continue;
            }
            let facts = text::TokenFacts::of(word);
            if !facts.is(case::LETTER) || facts.is(case::ALL_CAPS) {
                continue;
            }
            let entry = counts.entry(facts.folded).or_default();
            entry.1 += 1;
            if facts.is(case::INITIAL_CAP) {
                entry.0 += 1;
            }
        }
    }
    let mut entries: Vec<(u64, u8)> = counts
        .into_iter()
        .map(|(key, (n_capitalized, n_total))| {
            (key, WordTable::case_bucket(n_capitalized, n_total))
        })
        .filter(|&(_, bucket)| bucket != 0)
        .collect();
    entries.sort_unstable();
    entries
}

/// Turns a written name into the gazetteer's form: tokenized as the
/// pipeline tokenizes text, folded, joined by single spaces. `None` when it
/// is empty or too long to match.
fn phrase_of(name: &str) -> Option<String> {
    let tokens = crate::tokenize(name);
    if tokens.is_empty() || tokens.len() > MAX_PHRASE_TOKENS {
        return None;
    }
    let mut phrase = String::with_capacity(name.len());
    for token in &tokens {
        if !phrase.is_empty() {
            phrase.push(' ');
        }
        phrase.push_str(&text::fold(&name[token.span.range()]));
    }
    Some(phrase)
}

/// Words that a single-token name must not be, from the training text: a
/// folded word seen lower-case at least twice, and at least as often as
/// capitalized mid-sentence, is a common word (`nice`, `reading`, `come`).
fn common_words(train: &[GoldSentence]) -> std::collections::HashSet<String> {
    let mut counts: HashMap<String, (u32, u32)> = HashMap::new();
    for sentence in train {
        for (idx, word) in sentence.words.iter().enumerate() {
            let facts = text::TokenFacts::of(word);
            if !facts.is(case::LETTER) {
                continue;
            }
            let entry = counts.entry(text::fold(word)).or_default();
            if facts.is(case::LOWER) {
                entry.0 += 1;
            } else if idx > 0 && facts.is(case::INITIAL_CAP) {
                entry.1 += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, (lower, capitalized))| *lower >= 2 && lower >= capitalized)
        .map(|(word, _)| word)
        .collect()
}

/// Builds the `(kinds, phrase)` list, sorted by phrase, kinds merged.
fn build_gazetteer(
    sources: &NerSources,
    train: &[GoldSentence],
    config: &NerTrainConfig,
) -> Result<Vec<(u8, String)>, NerTrainError> {
    let common = common_words(train);
    let mut phrases: BTreeMap<String, u8> = BTreeMap::new();
    // Guarded additions: a single common word never becomes a name.
    let mut add = |name: &str, kinds: u8, guarded: bool| {
        let Some(phrase) = phrase_of(name) else {
            return;
        };
        if !phrase.chars().any(char::is_alphabetic) {
            return;
        }
        let single = !phrase.contains(' ');
        if guarded && single && (common.contains(&phrase) || phrase.chars().count() < 3) {
            return;
        }
        *phrases.entry(phrase).or_default() |= kinds;
    };

    for line in list_lines(DEMONYMS) {
        add(line, kind::NORP, false);
    }
    for line in list_lines(EXTRA_PLACES) {
        add(line, kind::LOC, false);
    }
    for line in sources.country_info.lines() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.split('\t').nth(4) {
            add(name, kind::LOC, false);
        }
    }
    for line in sources.admin1_codes.lines() {
        let mut columns = line.split('\t').skip(1);
        if let (Some(name), Some(ascii)) = (columns.next(), columns.next()) {
            add(name, kind::LOC, true);
            add(ascii, kind::LOC, true);
        }
    }
    let cities = zstd::stream::decode_all(sources.cities500_zst.as_slice())
        .map_err(|e| NerTrainError::Cities(e.to_string()))?;
    for line in String::from_utf8_lossy(&cities).lines() {
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() < 7 {
            continue;
        }
        let population: u64 = columns[6].parse().unwrap_or(0);
        if population >= config.min_city_population {
            add(columns[1], kind::LOC, true);
        }
    }
    for (bytes, file) in [
        (&sources.phoenix_countries, PhoenixFile::Countries),
        (&sources.phoenix_international, PhoenixFile::International),
        (&sources.phoenix_milnonstate, PhoenixFile::MilNonState),
    ] {
        for (name, kinds) in phoenix_actors(&String::from_utf8_lossy(bytes), file) {
            add(&name, kinds, true);
        }
    }
    // A demonym stays a demonym even when an actor dictionary lists it as a
    // country synonym (`Afghan` under Afghanistan).
    for line in list_lines(DEMONYMS) {
        if let Some(phrase) = phrase_of(line) {
            phrases.insert(phrase, kind::NORP);
        }
    }
    Ok(phrases
        .into_iter()
        .map(|(phrase, kinds)| (kinds, phrase))
        .collect())
}

/// The non-comment, non-blank lines of a hand-written list.
fn list_lines(list: &str) -> impl Iterator<Item = &str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PhoenixFile {
    Countries,
    International,
    MilNonState,
}

/// Words that make an actor phrase an organization rather than a person.
const ORG_WORDS: &[&str] = &[
    "ORGANIZATION",
    "ORGANISATION",
    "AGENCY",
    "COMMITTEE",
    "COUNCIL",
    "ARMY",
    "FRONT",
    "PARTY",
    "BANK",
    "FUND",
    "UNION",
    "ASSOCIATION",
    "COMMISSION",
    "INSTITUTE",
    "MOVEMENT",
    "BRIGADE",
    "BRIGADES",
    "FORCES",
    "FORCE",
    "GROUP",
    "MINISTRY",
    "COURT",
    "NATIONS",
    "LEAGUE",
    "OFFICE",
    "PROGRAMME",
    "PROGRAM",
    "FOUNDATION",
    "CENTER",
    "CENTRE",
    "FEDERATION",
    "ALLIANCE",
    "CORPORATION",
    "COMPANY",
    "NETWORK",
    "SOCIETY",
    "CROSS",
    "CRESCENT",
    "POLICE",
    "GUARD",
    "GOVERNMENT",
    "ASSEMBLY",
    "PARLIAMENT",
    "SECRETARIAT",
    "TRIBUNAL",
    "UNIVERSITY",
    "BOARD",
    "AUTHORITY",
    "SERVICE",
    "SERVICES",
    "DEPARTMENT",
    "MISSION",
    "COALITION",
    "CONGRESS",
];

/// Leading titles that news prints before a name but that are not part of
/// the mention (`PRESIDENT_BARACK_OBAMA`).
const TITLES: &[&str] = &[
    "PRESIDENT",
    "PRIME",
    "MINISTER",
    "SECRETARY",
    "SECRETARY-GENERAL",
    "GENERAL",
    "KING",
    "QUEEN",
    "PRINCE",
    "SHEIKH",
    "SHEIK",
    "DR.",
    "MR.",
    "MRS.",
    "MS.",
    "SENATOR",
    "GOVERNOR",
    "AMBASSADOR",
    "FORMER",
    "CHAIRMAN",
    "LEADER",
    "COLONEL",
    "MAJOR",
    "AYATOLLAH",
];

/// The actor phrases of a Phoenix/TABARI dictionary with the kind each is
/// taken to be.
///
/// A root line starts a block, `+` lines add synonyms, and `[CODE dates]`
/// lines (or codes on the root line) give its codes. In the countries file,
/// a block whose code is a bare three-letter country code lists the
/// country's names, demonyms and cities (LOC); a block with dated codes or
/// the `# CountryInfo.txt` marker is a person; the rest are organizations.
/// In the international file, dated or `[ELI]` blocks whose names hold no
/// organization word are people. Every armed non-state group is an ORG.
fn phoenix_actors(text: &str, file: PhoenixFile) -> Vec<(String, u8)> {
    let mut out = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut codes: Vec<String> = Vec::new();
    let mut person_marker = false;
    let mut flush = |names: &mut Vec<String>, codes: &mut Vec<String>, person_marker: bool| {
        if names.is_empty() {
            codes.clear();
            return;
        }
        let dated = codes.iter().any(|c| {
            c.split_whitespace()
                .nth(1)
                .is_some_and(|d| d.bytes().any(|b| b.is_ascii_digit()))
        });
        let country_code = codes.iter().any(|c| {
            let code = c.split_whitespace().next().unwrap_or("");
            code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
        });
        let elite = codes.iter().any(|c| c.contains("ELI"));
        let org_word = names
            .iter()
            .any(|n| n.split(['_', ' ']).any(|w| ORG_WORDS.contains(&w)));
        let kinds = match file {
            PhoenixFile::MilNonState => kind::ORG,
            PhoenixFile::Countries if country_code && !dated => kind::LOC,
            PhoenixFile::Countries if (dated || person_marker) && !org_word => kind::PER,
            PhoenixFile::International if (dated || elite) && !org_word => kind::PER,
            _ => kind::ORG,
        };
        for name in names.drain(..) {
            let mut words: Vec<&str> = name.split('_').filter(|w| !w.is_empty()).collect();
            while words.len() > 1
                && (words[0] == "THE" || (kinds == kind::PER && TITLES.contains(&words[0])))
            {
                words.remove(0);
            }
            if words.is_empty() {
                continue;
            }
            out.push((title_case(&words.join(" ")), kinds));
        }
        codes.clear();
    };
    for raw in text.lines() {
        let (content, comment) = match raw.find('#') {
            Some(at) => (&raw[..at], &raw[at..]),
            None => (raw, ""),
        };
        let trimmed = content.trim();
        let is_code_line = trimmed.starts_with('[');
        let is_synonym = trimmed.starts_with('+');
        if trimmed.is_empty() {
            if comment.is_empty() {
                flush(&mut names, &mut codes, person_marker);
                person_marker = false;
            }
            continue;
        }
        if !is_code_line && !is_synonym && !raw.starts_with([' ', '\t']) {
            flush(&mut names, &mut codes, person_marker);
            person_marker = false;
        }
        if comment.contains("CountryInfo") {
            person_marker = true;
        }
        // Names come before the first `[`; codes are inside brackets.
        let (name_part, code_part) = match trimmed.find('[') {
            Some(at) => (&trimmed[..at], &trimmed[at..]),
            None => (trimmed, ""),
        };
        // A synonym line may carry several `+`-joined names.
        for name in name_part.split('+') {
            let name = name.trim().trim_end_matches('_');
            if !name.is_empty() {
                names.push(name.to_string());
            }
        }
        for code in code_part.split('[').skip(1) {
            codes.push(code.split(']').next().unwrap_or("").trim().to_string());
        }
    }
    flush(&mut names, &mut codes, person_marker);
    out
}

/// Capitalizes each word so that the tokenizer sees ordinary name text.
fn title_case(upper: &str) -> String {
    let mut out = String::with_capacity(upper.len());
    let mut at_word_start = true;
    for c in upper.chars() {
        if at_word_start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        at_word_start = !c.is_alphanumeric();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob2_spans_and_odd_tags() {
        let text = "# sent_id = x\n1\tAl\tB-ORG\t-\ta\n2\t-\tI-ORG\n3\tZaman\tI-ORG\n4\t:\tO\n5\tAmerican\tB-OTH\n6\tsaid\tB-O\n\n";
        let sentences = read_iob2(text, "test").unwrap();
        assert_eq!(sentences.len(), 1);
        assert_eq!(sentences[0].spans, [(0, 3, TYPE_ORG), (4, 5, TYPE_MISC)]);
        assert!(read_iob2("1\tonly-two", "test").is_err());
    }

    #[test]
    fn phoenix_blocks_become_kinds() {
        let text = "AFGHANISTAN_  [AFG]\n+KABUL_\n\nAFGHAN_NATIONAL_ARMY\n\t[AFGMIL]\n\nHAMID_KARZAI_  # CountryInfo.txt\n\t[AFGGOV 011222-140929]\n";
        let actors = phoenix_actors(text, PhoenixFile::Countries);
        assert_eq!(
            actors,
            [
                ("Afghanistan".to_string(), kind::LOC),
                ("Kabul".to_string(), kind::LOC),
                ("Afghan National Army".to_string(), kind::ORG),
                ("Hamid Karzai".to_string(), kind::PER),
            ]
        );
    }

    #[test]
    fn phrases_are_tokenized_and_folded() {
        assert_eq!(phrase_of("São Paulo").as_deref(), Some("sao paulo"));
        assert_eq!(phrase_of("Al-Qaeda").as_deref(), Some("al - qaeda"));
    }
}
