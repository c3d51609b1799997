//! The coder's view of one parsed sentence, independent of where the parse
//! came from (our pipeline, or a gold CoNLL-U parse in the PETRARCH suite).

use sift_core::{DepLabel, Upos};

use crate::words::{TokenWords, Vocabulary, normalize_word};

/// One word of a parsed sentence.
#[derive(Clone, Debug)]
pub struct ParsedWord {
    /// The word as written.
    pub text: String,
    /// Universal part of speech.
    pub upos: Upos,
    /// Index of the head word in the sentence; `None` for the root.
    pub head: Option<usize>,
    /// Relation to the head.
    pub label: DepLabel,
}

/// The grammatical relations the coder distinguishes, folded from UD v1 and
/// v2 labels so that both kinds of parse code the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Subject,
    PassiveSubject,
    Object,
    Oblique,
    Agent,
    Possessor,
    Compound,
    Modifier,
    Determiner,
    Flat,
    Apposition,
    Conjunct,
    Coordinator,
    Case,
    Auxiliary,
    PassiveAuxiliary,
    Copula,
    Marker,
    Adverbial,
    Complement,
    OpenComplement,
    AdverbialClause,
    RelativeClause,
    Clause,
    Parataxis,
    Particle,
    Number,
    Punctuation,
    Other,
}

impl Role {
    /// The role of a label, through a table built once: labels are
    /// compared as strings only when the table is made.
    fn of(label: DepLabel) -> Role {
        static TABLE: std::sync::OnceLock<Vec<Role>> = std::sync::OnceLock::new();
        let table = TABLE.get_or_init(|| {
            sift_core::DEP_LABELS
                .iter()
                .map(|name| DepLabel::from_name(name).map_or(Role::Other, Role::from_label))
                .collect()
        });
        table.get(label.id()).copied().unwrap_or(Role::Other)
    }

    fn from_label(label: DepLabel) -> Role {
        match label.as_str() {
            "nsubj" | "csubj" | "nsubj:outer" | "csubj:outer" | "expl" => Role::Subject,
            "nsubj:pass" | "csubj:pass" => Role::PassiveSubject,
            "obj" | "iobj" => Role::Object,
            "obl" | "nmod" | "obl:unmarked" | "nmod:unmarked" | "obl:npmod" | "nmod:npmod" => {
                Role::Oblique
            }
            // "Prime Minister Romendacil": a title in apposition to a name.
            "nmod:desc" => Role::Compound,
            "obl:agent" => Role::Agent,
            "nmod:poss" | "det:poss" => Role::Possessor,
            "compound" => Role::Compound,
            "amod" => Role::Modifier,
            "det" | "det:predet" => Role::Determiner,
            "flat" | "flat:foreign" | "fixed" | "goeswith" => Role::Flat,
            "appos" => Role::Apposition,
            "conj" => Role::Conjunct,
            "cc" | "cc:preconj" => Role::Coordinator,
            "case" => Role::Case,
            "aux" => Role::Auxiliary,
            "aux:pass" => Role::PassiveAuxiliary,
            "cop" => Role::Copula,
            "mark" => Role::Marker,
            "advmod" | "discourse" => Role::Adverbial,
            "ccomp" => Role::Complement,
            "xcomp" => Role::OpenComplement,
            "advcl" | "advcl:relcl" => Role::AdverbialClause,
            "acl:relcl" => Role::RelativeClause,
            "acl" => Role::Clause,
            "parataxis" | "list" => Role::Parataxis,
            "compound:prt" => Role::Particle,
            "nummod" => Role::Number,
            "punct" => Role::Punctuation,
            "obl:tmod" | "nmod:tmod" => Role::Other,
            _ => Role::Other,
        }
    }
}

/// Coarse word classes the coder needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Verb,
    Noun,
    ProperNoun,
    Pronoun,
    Adjective,
    Other,
}

impl Class {
    fn of(upos: Upos) -> Class {
        static TABLE: std::sync::OnceLock<Vec<Class>> = std::sync::OnceLock::new();
        let table = TABLE.get_or_init(|| {
            sift_core::UPOS_TAGS
                .iter()
                .map(|name| match *name {
                    "VERB" => Class::Verb,
                    "NOUN" => Class::Noun,
                    "PROPN" => Class::ProperNoun,
                    "PRON" => Class::Pronoun,
                    "ADJ" => Class::Adjective,
                    _ => Class::Other,
                })
                .collect()
        });
        table.get(upos.id()).copied().unwrap_or(Class::Other)
    }
}

/// Each word's dependents in one flat array (offsets per word), so that a
/// sentence costs two allocations, not one per word.
pub(crate) struct Children {
    offsets: Vec<u32>,
    flat: Vec<usize>,
}

impl Children {
    /// Dependents in text order for every word, from each word's head.
    fn from_heads(heads: &[Option<usize>]) -> Children {
        let mut offsets = vec![0u32; heads.len() + 1];
        for head in heads.iter().flatten() {
            offsets[head + 1] += 1;
        }
        for idx in 1..offsets.len() {
            offsets[idx] += offsets[idx - 1];
        }
        let mut next: Vec<u32> = offsets[..heads.len()].to_vec();
        let mut flat = vec![0usize; offsets[heads.len()] as usize];
        for (idx, head) in heads.iter().enumerate() {
            if let Some(head) = *head {
                flat[next[head] as usize] = idx;
                next[head] += 1;
            }
        }
        Children { offsets, flat }
    }
}

impl std::ops::Index<usize> for Children {
    type Output = [usize];

    fn index(&self, word: usize) -> &[usize] {
        &self.flat[self.offsets[word] as usize..self.offsets[word + 1] as usize]
    }
}

/// A sentence prepared for coding: normalized words, dictionary lookups,
/// roles and children, computed once.
pub(crate) struct Prepared {
    pub normalized: Vec<String>,
    pub lookups: Vec<TokenWords>,
    pub roles: Vec<Role>,
    pub classes: Vec<Class>,
    pub heads: Vec<Option<usize>>,
    pub children: Children,
}

impl Prepared {
    pub fn new(words: &[ParsedWord], vocabulary: &Vocabulary) -> Prepared {
        let n = words.len();
        let normalized: Vec<String> = words
            .iter()
            .map(|word| normalize_word(&word.text))
            .collect();
        let lookups = normalized
            .iter()
            .map(|word| TokenWords::of(word, vocabulary))
            .collect();
        let heads: Vec<Option<usize>> = words
            .iter()
            .enumerate()
            .map(|(idx, word)| word.head.filter(|&head| head < n && head != idx))
            .collect();
        let classes = words.iter().map(|word| Class::of(word.upos)).collect();
        let roles = words.iter().map(|word| Role::of(word.label)).collect();
        let children = Children::from_heads(&heads);
        Prepared {
            normalized,
            lookups,
            roles,
            classes,
            heads,
            children,
        }
    }

    pub fn len(&self) -> usize {
        self.normalized.len()
    }

    /// The preposition or case marker of a nominal (`with` in "with Gondor").
    pub fn case_of(&self, token: usize) -> Option<&str> {
        self.children[token]
            .iter()
            .find(|&&child| self.roles[child] == Role::Case)
            .map(|&child| self.normalized[child].as_str())
    }

    /// `token` and its conjuncts ("Arnor, Gondor and Bree").
    pub fn with_conjuncts(&self, token: usize) -> Vec<usize> {
        let mut out = vec![token];
        let mut at = 0;
        while at < out.len() {
            let current = out[at];
            for &child in &self.children[current] {
                if self.roles[child] == Role::Conjunct && self.classes[child] != Class::Verb {
                    out.push(child);
                }
            }
            at += 1;
        }
        out
    }

    /// Every token of the subtree under `token`, in text order, leaving out
    /// the subtrees of children for which `skip` is true.
    pub fn subtree(&self, token: usize, skip: &dyn Fn(usize) -> bool) -> Vec<usize> {
        let mut out = vec![token];
        let mut stack = vec![token];
        while let Some(current) = stack.pop() {
            for &child in &self.children[current] {
                if current == token && skip(child) {
                    continue;
                }
                if out.len() > self.len() {
                    break;
                }
                out.push(child);
                stack.push(child);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// True for "not", "n't", "never" and "no" attached to `token` or its auxiliaries.
    pub fn is_negated(&self, token: usize) -> Option<usize> {
        let negator = |child: usize| {
            matches!(
                self.normalized[child].as_str(),
                "NOT" | "N'T" | "NEVER" | "NO"
            ) && matches!(
                self.roles[child],
                Role::Adverbial | Role::Other | Role::Determiner
            )
        };
        for &child in &self.children[token] {
            if negator(child) {
                return Some(child);
            }
            if matches!(self.roles[child], Role::Auxiliary | Role::PassiveAuxiliary) {
                for &grandchild in &self.children[child] {
                    if negator(grandchild) {
                        return Some(grandchild);
                    }
                }
            }
        }
        None
    }
}
