//! The lemmatizer: suffix rules per Penn tag, plus an exception table for
//! the words whose lemma the rules get wrong, both learned from a treebank.
//!
//! A lemma is a [`Lemma`] recipe over the token's text, never a new string.
//! The strings that recipes append (`y` of `studies` → `study`, `go` of
//! `went`) are interned for the life of the process, so that a model loaded
//! from bytes can hand out `&'static str` without owning them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

use sift_core::{Lemma, Xpos};

use super::features::hash_bytes;
use super::lexicon::HashKeyed;
use crate::linear::{ModelError, read_u32, take};

/// The longest word ending, in characters, that a rule looks at.
const MAX_SUFFIX_CHARS: usize = 6;

/// How the lemma of an unseen word is made from its ending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SuffixRule {
    /// Bytes to drop from the end of the lower-cased word.
    strip: u8,
    /// What to put in their place.
    append: &'static str,
}

/// A trained lemmatizer.
#[derive(Default)]
pub(super) struct Lemmatizer {
    /// (exact or lower-cased form, tag) → lemma, only where the rules fail.
    exceptions: HashKeyed<Lemma>,
    /// (tag, word ending) → rule, for the longest ending that has one.
    rules: HashKeyed<SuffixRule>,
    /// Hashes of known lemmas and words: a rule whose result is not one of
    /// them gives way to a rule for a shorter ending (`shelled` is not
    /// `shel` as `cancelled` is `cancel`).
    known: HashKeyed<()>,
}

const EXACT_SALT: u64 = 0x4558_4143_5400_0000;
const LOWER_SALT: u64 = 0x4C4F_5745_5200_0000;

fn exception_key(form_hash: u64, xpos: Xpos, salt: u64) -> u64 {
    crate::linear::feature_key(1000, &[form_hash ^ salt, xpos.id() as u64])
}

fn rule_key(ending: &str, n_chars: usize, xpos: Xpos) -> u64 {
    crate::linear::feature_key(
        1001,
        &[
            hash_bytes(ending.as_bytes()),
            (xpos.id() as u64) << 8 | n_chars as u64,
        ],
    )
}

impl Lemmatizer {
    /// The lemma of `word` (whose lower-cased text is `lower`, and whose
    /// hashes are `form_hash` and `lower_hash`) when tagged `xpos`.
    pub(super) fn lemma(&self, word_hashes: (u64, u64), lower: &str, xpos: Xpos) -> Lemma {
        let (form_hash, lower_hash) = word_hashes;
        if let Some(&lemma) = self
            .exceptions
            .get(&exception_key(form_hash, xpos, EXACT_SALT))
        {
            return lemma;
        }
        if let Some(&lemma) = self
            .exceptions
            .get(&exception_key(lower_hash, xpos, LOWER_SALT))
        {
            return lemma;
        }
        self.by_rule(lower, xpos)
    }

    fn by_rule(&self, lower: &str, xpos: Xpos) -> Lemma {
        // The start of each ending of up to MAX_SUFFIX_CHARS characters, so
        // that endings can be tried from the longest down without allocating.
        let mut ending_starts = [lower.len(); MAX_SUFFIX_CHARS + 1];
        let mut n_chars = 0;
        for (idx, _) in lower.char_indices().rev().take(MAX_SUFFIX_CHARS) {
            n_chars += 1;
            ending_starts[n_chars] = idx;
        }
        let mut first_found = None;
        for k in (0..=n_chars).rev() {
            let ending = &lower[ending_starts[k]..];
            if let Some(&rule) = self.rules.get(&rule_key(ending, k, xpos)) {
                if self.known.is_empty() || self.gives_known_word(rule, lower) {
                    return apply_rule(rule, lower, xpos);
                }
                first_found.get_or_insert(rule);
            }
        }
        match first_found {
            Some(rule) => apply_rule(rule, lower, xpos),
            None => casing_for(xpos),
        }
    }

    /// Whether `rule` turns `lower` into a known word (checked in a stack
    /// buffer; results too long for it count as known).
    fn gives_known_word(&self, rule: SuffixRule, lower: &str) -> bool {
        let strip = rule.strip as usize;
        if strip > lower.len() {
            return false;
        }
        let stem = &lower.as_bytes()[..lower.len() - strip];
        let mut buffer = [0u8; 64];
        let len = stem.len() + rule.append.len();
        if len > buffer.len() {
            return true;
        }
        buffer[..stem.len()].copy_from_slice(stem);
        buffer[stem.len()..len].copy_from_slice(rule.append.as_bytes());
        self.known.contains_key(&hash_bytes(&buffer[..len]))
    }

    pub(super) fn write(&self, out: &mut Vec<u8>) {
        let mut exceptions: Vec<_> = self.exceptions.iter().collect();
        exceptions.sort_unstable_by_key(|(key, _)| **key);
        out.extend_from_slice(&(exceptions.len() as u32).to_le_bytes());
        for (key, lemma) in exceptions {
            out.extend_from_slice(&key.to_le_bytes());
            write_lemma(*lemma, out);
        }
        let mut rules: Vec<_> = self.rules.iter().collect();
        rules.sort_unstable_by_key(|(key, _)| **key);
        out.extend_from_slice(&(rules.len() as u32).to_le_bytes());
        for (key, rule) in rules {
            out.extend_from_slice(&key.to_le_bytes());
            out.push(rule.strip);
            write_str(rule.append, out);
        }
        let mut known: Vec<u64> = self.known.keys().copied().collect();
        known.sort_unstable();
        out.extend_from_slice(&(known.len() as u32).to_le_bytes());
        for key in known {
            out.extend_from_slice(&key.to_le_bytes());
        }
    }

    pub(super) fn read(input: &mut &[u8]) -> Result<Lemmatizer, ModelError> {
        let mut lemmatizer = Lemmatizer::default();
        let n_exceptions = read_u32(input)?;
        for _ in 0..n_exceptions {
            let key = read_u64(input)?;
            let lemma = read_lemma(input)?;
            lemmatizer.exceptions.insert(key, lemma);
        }
        let n_rules = read_u32(input)?;
        for _ in 0..n_rules {
            let key = read_u64(input)?;
            let strip = take(input, 1)?[0];
            let append = read_str(input)?;
            lemmatizer.rules.insert(key, SuffixRule { strip, append });
        }
        let n_known = read_u32(input)?;
        for _ in 0..n_known {
            lemmatizer.known.insert(read_u64(input)?, ());
        }
        Ok(lemmatizer)
    }
}

fn apply_rule(rule: SuffixRule, lower: &str, xpos: Xpos) -> Lemma {
    if rule.strip == 0 && rule.append.is_empty() {
        return casing_for(xpos);
    }
    let strip = rule.strip as usize;
    if strip >= lower.len() {
        return casing_for(xpos);
    }
    Lemma::Stem {
        keep: (lower.len() - strip).min(u16::MAX as usize) as u16,
        suffix: rule.append,
    }
}

/// Proper nouns keep their case; everything else is lower-cased.
fn casing_for(xpos: Xpos) -> Lemma {
    match xpos.as_str() {
        "NNP" | "NNPS" => Lemma::AsWritten,
        _ => Lemma::Lowercase,
    }
}

/// Learns a lemmatizer from `(form, lemma, tag)` triples; `known_words`
/// (lower-cased hashes, e.g. from unlabeled text) join the gold lemmas as
/// the words a rule may produce.
pub(super) fn train_lemmatizer<'a>(
    words: impl Iterator<Item = (&'a str, &'a str, Xpos)> + Clone,
    known_words: &[u64],
) -> Lemmatizer {
    // Counts of each rule per (tag, ending); BTreeMaps keep ties deterministic.
    let mut rule_counts: HashMap<(Xpos, String), BTreeMap<(u8, String), u32>> = HashMap::new();
    let mut by_exact: HashMap<(String, Xpos), BTreeMap<String, u32>> = HashMap::new();
    let mut by_lower: HashMap<(String, Xpos), BTreeMap<String, u32>> = HashMap::new();
    for (form, lemma, xpos) in words {
        let lower = form.to_lowercase();
        *by_exact
            .entry((form.to_string(), xpos))
            .or_default()
            .entry(lemma.to_string())
            .or_default() += 1;
        *by_lower
            .entry((lower.clone(), xpos))
            .or_default()
            .entry(lemma.to_string())
            .or_default() += 1;
        let Some(rule) = rule_from_example(&lower, form, lemma) else {
            continue;
        };
        let mut ending_starts = vec![lower.len()];
        for (idx, _) in lower.char_indices().rev().take(MAX_SUFFIX_CHARS) {
            ending_starts.push(idx);
        }
        for start in ending_starts {
            *rule_counts
                .entry((xpos, lower[start..].to_string()))
                .or_default()
                .entry(rule.clone())
                .or_default() += 1;
        }
    }

    let mut lemmatizer = Lemmatizer::default();
    for ((_, _), lemmas) in &by_lower {
        for lemma in lemmas.keys() {
            lemmatizer
                .known
                .insert(hash_bytes(lemma.to_lowercase().as_bytes()), ());
        }
    }
    for &word in known_words {
        lemmatizer.known.insert(word, ());
    }
    // Shorter endings first, so that a longer ending is kept only when its
    // rule differs from the one its parent ending would give.
    let mut endings: Vec<_> = rule_counts.into_iter().collect();
    endings.sort_by(|a, b| {
        (a.0.1.chars().count(), a.0.0, &a.0.1).cmp(&(b.0.1.chars().count(), b.0.0, &b.0.1))
    });
    for ((xpos, ending), counts) in endings {
        let Some(((strip, append), _)) = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        else {
            continue;
        };
        let n_chars = ending.chars().count();
        let rule = SuffixRule {
            strip: *strip,
            append: intern(append),
        };
        if n_chars > 0 {
            let parent_start = ending
                .char_indices()
                .nth(1)
                .map_or(ending.len(), |(i, _)| i);
            let parent = &ending[parent_start..];
            if lemmatizer.rule_for_longest_ending(parent, xpos) == Some(rule) {
                continue;
            }
        }
        lemmatizer
            .rules
            .insert(rule_key(&ending, n_chars, xpos), rule);
    }

    // Exceptions: the majority lemma of each seen word, where rules differ.
    let mut exact: Vec<_> = by_exact.into_iter().collect();
    exact.sort();
    let mut lower_entries: Vec<_> = by_lower.into_iter().collect();
    lower_entries.sort();
    for ((lower, xpos), lemmas) in lower_entries {
        let gold = majority(&lemmas);
        let predicted = lemmatizer.by_rule(&lower, xpos);
        if predicted.resolve(&lower) != gold {
            let lemma = recipe_for(&lower, &lower, gold);
            lemmatizer.exceptions.insert(
                exception_key(hash_bytes(lower.as_bytes()), xpos, LOWER_SALT),
                lemma,
            );
        }
    }
    for ((form, xpos), lemmas) in exact {
        let gold = majority(&lemmas);
        let lower = form.to_lowercase();
        let predicted = lemmatizer.lemma(
            (hash_bytes(form.as_bytes()), hash_bytes(lower.as_bytes())),
            &lower,
            xpos,
        );
        if predicted.resolve(&form) != gold {
            let lemma = recipe_for(&form, &lower, gold);
            lemmatizer.exceptions.insert(
                exception_key(hash_bytes(form.as_bytes()), xpos, EXACT_SALT),
                lemma,
            );
        }
    }
    lemmatizer
}

impl Lemmatizer {
    fn rule_for_longest_ending(&self, ending: &str, xpos: Xpos) -> Option<SuffixRule> {
        let mut starts = vec![0];
        starts.extend(ending.char_indices().skip(1).map(|(i, _)| i));
        starts.push(ending.len());
        for start in starts {
            let piece = &ending[start..];
            let n_chars = piece.chars().count();
            if let Some(rule) = self.rules.get(&rule_key(piece, n_chars, xpos)) {
                return Some(*rule);
            }
        }
        None
    }
}

fn majority(counts: &BTreeMap<String, u32>) -> &str {
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(lemma, _)| lemma.as_str())
        .unwrap_or("")
}

/// The suffix rule that turns `lower` into `lemma`, when the lemma is the
/// lower-cased word with its ending replaced (or `form` itself).
fn rule_from_example(lower: &str, form: &str, lemma: &str) -> Option<(u8, String)> {
    if lemma == lower || lemma == form {
        return Some((0, String::new()));
    }
    let keep = common_prefix(lower, lemma);
    let strip = lower.len() - keep;
    if keep == 0 || strip > u8::MAX as usize {
        return None;
    }
    Some((strip as u8, lemma[keep..].to_string()))
}

/// The recipe that gives `lemma` for the token `form` (lower-cased: `lower`).
fn recipe_for(form: &str, lower: &str, lemma: &str) -> Lemma {
    if lemma == form {
        return Lemma::AsWritten;
    }
    if lemma == lower {
        return Lemma::Lowercase;
    }
    let keep = common_prefix(lower, lemma);
    if keep > 0 && keep <= u16::MAX as usize && lower.len() == form.len() {
        return Lemma::Stem {
            keep: keep as u16,
            suffix: intern(&lemma[keep..]),
        };
    }
    Lemma::Fixed(intern(lemma))
}

/// Length in bytes of the longest common prefix, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let mut keep = 0;
    for ((idx, ca), cb) in a.char_indices().zip(b.chars()) {
        if ca != cb {
            break;
        }
        keep = idx + ca.len_utf8();
    }
    keep
}

/// Returns a `'static` copy of `text`, shared by every model loaded in this
/// process: lemma strings are few and small, so they are kept for good.
pub(super) fn intern(text: &str) -> &'static str {
    static INTERNED: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut set = INTERNED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(&existing) = set.get(text) {
        return existing;
    }
    let leaked: &'static str = Box::leak(text.to_string().into_boxed_str());
    set.insert(leaked);
    leaked
}

fn write_str(text: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

fn read_str(input: &mut &[u8]) -> Result<&'static str, ModelError> {
    let len = read_u32(input)? as usize;
    let bytes = take(input, len)?;
    let text = std::str::from_utf8(bytes).map_err(|_| ModelError::Corrupt("lemma not UTF-8"))?;
    Ok(intern(text))
}

fn read_u64(input: &mut &[u8]) -> Result<u64, ModelError> {
    Ok(u64::from_le_bytes(
        take(input, 8)?.try_into().expect("8 bytes"),
    ))
}

fn write_lemma(lemma: Lemma, out: &mut Vec<u8>) {
    match lemma {
        Lemma::AsWritten => out.push(0),
        Lemma::Lowercase => out.push(1),
        Lemma::Stem { keep, suffix } => {
            out.push(2);
            out.extend_from_slice(&keep.to_le_bytes());
            write_str(suffix, out);
        }
        Lemma::Fixed(text) => {
            out.push(3);
            write_str(text, out);
        }
    }
}

fn read_lemma(input: &mut &[u8]) -> Result<Lemma, ModelError> {
    Ok(match take(input, 1)?[0] {
        0 => Lemma::AsWritten,
        1 => Lemma::Lowercase,
        2 => {
            let keep = u16::from_le_bytes(take(input, 2)?.try_into().expect("2 bytes"));
            Lemma::Stem {
                keep,
                suffix: read_str(input)?,
            }
        }
        3 => Lemma::Fixed(read_str(input)?),
        _ => return Err(ModelError::Corrupt("unknown lemma recipe")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xpos(name: &str) -> Xpos {
        Xpos::from_name(name).unwrap()
    }

    fn lemma_of(lemmatizer: &Lemmatizer, word: &str, tag: &str) -> String {
        let lower = word.to_lowercase();
        lemmatizer
            .lemma(
                (hash_bytes(word.as_bytes()), hash_bytes(lower.as_bytes())),
                &lower,
                xpos(tag),
            )
            .resolve(word)
            .into_owned()
    }

    #[test]
    fn rules_generalise_and_exceptions_cover_irregular_words() {
        let examples = [
            ("fired", "fire", "VBD"),
            ("hired", "hire", "VBD"),
            ("shelled", "shell", "VBD"),
            ("killed", "kill", "VBD"),
            ("walked", "walk", "VBD"),
            ("talked", "talk", "VBD"),
            ("went", "go", "VBD"),
            ("was", "be", "VBD"),
            ("studies", "study", "NNS"),
            ("cities", "city", "NNS"),
            ("troops", "troop", "NNS"),
            ("Aleppo", "Aleppo", "NNP"),
            ("The", "the", "DT"),
        ];
        let lemmatizer = train_lemmatizer(examples.iter().map(|&(f, l, t)| (f, l, xpos(t))), &[]);
        for (form, lemma, tag) in examples {
            assert_eq!(lemma_of(&lemmatizer, form, tag), lemma, "{form}/{tag}");
        }
        assert_eq!(lemma_of(&lemmatizer, "stalked", "VBD"), "stalk");
        assert_eq!(lemma_of(&lemmatizer, "Was", "VBD"), "be");
        assert_eq!(lemma_of(&lemmatizer, "Homs", "NNP"), "Homs");

        let mut bytes = Vec::new();
        lemmatizer.write(&mut bytes);
        let reloaded = Lemmatizer::read(&mut bytes.as_slice()).unwrap();
        assert_eq!(lemma_of(&reloaded, "went", "VBD"), "go");
        assert_eq!(lemma_of(&reloaded, "parties", "NNS"), "party");
    }

    #[test]
    fn interned_strings_are_shared() {
        let a = intern("study");
        let b = intern(&String::from("study"));
        assert!(std::ptr::eq(a, b));
    }
}
