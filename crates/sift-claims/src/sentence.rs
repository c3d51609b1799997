//! A read-only view of one parsed sentence with local token indices: heads,
//! children, subtree extents, cue roles and quote regions. Built once per
//! sentence into buffers that are reused across sentences.

use sift_core::{Doc, Entity, EntityLabel, Sentence, Span};

use crate::lexicon::{self, Roles};

/// No head: the sentence's root.
pub const NO_HEAD: u32 = u32::MAX;

/// Per-sentence arrays, indexed by the token's position in the sentence.
#[derive(Default)]
pub struct SentenceView {
    /// Global index of the sentence's first token.
    pub first: usize,
    /// Number of tokens.
    pub n: usize,
    pub heads: Vec<u32>,
    pub labels: Vec<&'static str>,
    pub upos: Vec<&'static str>,
    pub xpos: Vec<&'static str>,
    pub roles: Vec<Roles>,
    /// Lower-cased lemma, for the few checks that need the word itself.
    pub lemmas: Vec<String>,
    child_start: Vec<u32>,
    children: Vec<u32>,
    pub subtree_min: Vec<u32>,
    pub subtree_max: Vec<u32>,
    pub in_quote: Vec<bool>,
    pub is_quote_mark: Vec<bool>,
    /// The label of the entity covering each token, if any.
    pub entity: Vec<Option<EntityLabel>>,
    form_buffer: String,
}

impl SentenceView {
    /// Fills the view for `sentence`, reusing its buffers.
    pub fn load(&mut self, doc: &Doc, sentence: &Sentence, entities: &[Entity]) {
        let range = sentence.token_range();
        let tokens = &doc.tokens()[range.clone()];
        let tags = &doc.tags()[range.clone()];
        let dependencies = &doc.dependencies()[range.clone()];
        let first = range.start;
        let n = range.len();
        self.first = first;
        self.n = n;
        self.heads.clear();
        self.labels.clear();
        self.upos.clear();
        self.xpos.clear();
        self.roles.clear();
        self.in_quote.clear();
        self.is_quote_mark.clear();
        self.entity.clear();
        self.lemmas
            .resize_with(n.max(self.lemmas.len()), String::new);
        let mut quote_open = false;
        for idx in 0..n {
            let token = tokens[idx];
            let text = doc.slice(token.span);
            let tag = tags[idx];
            let dependency = dependencies[idx];
            let head = dependency
                .head
                .map(|h| h as usize)
                .filter(|h| range.contains(h) && *h != first + idx)
                .map_or(NO_HEAD, |h| (h - first) as u32);
            self.heads.push(head);
            self.labels.push(if head == NO_HEAD {
                "root"
            } else {
                dependency.label.as_str()
            });
            self.upos.push(tag.upos.as_str());
            self.xpos.push(tag.xpos.as_str());
            self.form_buffer.clear();
            self.form_buffer
                .extend(text.chars().flat_map(char::to_lowercase));
            let lemma = &mut self.lemmas[idx];
            lemma.clear();
            lemma.extend(tag.lemma.resolve(text).chars().flat_map(char::to_lowercase));
            self.roles.push(lexicon::roles(&self.form_buffer, lemma));
            let quote = is_quote(text) && tag.upos.as_str() == "PUNCT";
            self.is_quote_mark.push(quote);
            if quote {
                quote_open = !quote_open;
                self.in_quote.push(true);
            } else {
                self.in_quote.push(quote_open);
            }
        }
        // An unmatched quote opens a quotation that goes on past the sentence;
        // an unmatched one near the end more likely closes one begun before.
        if quote_open
            && let Some(last_quote) = (0..n).rev().find(|&i| self.is_quote_mark[i])
            && last_quote > n / 2
        {
            for idx in 0..=last_quote {
                self.in_quote[idx] = !self.in_quote[idx] || self.is_quote_mark[idx];
            }
            for idx in last_quote + 1..n {
                self.in_quote[idx] = false;
            }
        }
        self.build_children();
        self.build_subtrees();
        self.entity.resize(n, None);
        let first_entity = entities.partition_point(|e| (e.first_token as usize) < first);
        for entity in &entities[first_entity..] {
            if entity.first_token as usize >= first + n {
                break;
            }
            for global in entity.token_range() {
                if let Some(slot) = self.entity.get_mut(global - first) {
                    *slot = Some(entity.label);
                }
            }
        }
    }

    fn build_children(&mut self) {
        let n = self.n;
        self.child_start.clear();
        self.child_start.resize(n + 1, 0);
        for &head in &self.heads {
            if head != NO_HEAD {
                self.child_start[head as usize + 1] += 1;
            }
        }
        for idx in 0..n {
            self.child_start[idx + 1] += self.child_start[idx];
        }
        self.children.clear();
        self.children.resize(self.child_start[n] as usize, 0);
        let mut fill: Vec<u32> = self.child_start[..n].to_vec();
        for (idx, &head) in self.heads.iter().enumerate() {
            if head != NO_HEAD {
                let slot = &mut fill[head as usize];
                self.children[*slot as usize] = idx as u32;
                *slot += 1;
            }
        }
    }

    fn build_subtrees(&mut self) {
        let n = self.n;
        self.subtree_min.clear();
        self.subtree_max.clear();
        self.subtree_min.extend(0..n as u32);
        self.subtree_max.extend(0..n as u32);
        for idx in 0..n {
            let mut node = self.heads[idx];
            // A well-formed tree is at most n deep; the bound keeps a
            // malformed one from looping.
            let mut steps = 0;
            while node != NO_HEAD && steps < n {
                let node_idx = node as usize;
                self.subtree_min[node_idx] = self.subtree_min[node_idx].min(idx as u32);
                self.subtree_max[node_idx] = self.subtree_max[node_idx].max(idx as u32);
                node = self.heads[node_idx];
                steps += 1;
            }
        }
    }

    /// The children of `idx`, in text order.
    pub fn children(&self, idx: usize) -> &[u32] {
        &self.children[self.child_start[idx] as usize..self.child_start[idx + 1] as usize]
    }

    /// The first child with this relation.
    pub fn child_with(&self, idx: usize, label: &str) -> Option<usize> {
        self.children(idx)
            .iter()
            .map(|&c| c as usize)
            .find(|&c| self.labels[c] == label)
    }

    /// True when `idx` has a child with any of these relations.
    pub fn has_child_with(&self, idx: usize, labels: &[&str]) -> bool {
        self.children(idx)
            .iter()
            .any(|&c| labels.contains(&self.labels[c as usize]))
    }

    /// The head of `idx`, if it is not the root.
    pub fn head(&self, idx: usize) -> Option<usize> {
        let head = self.heads[idx];
        (head != NO_HEAD).then_some(head as usize)
    }

    /// True when `ancestor` dominates `idx` (or is it).
    pub fn dominates(&self, ancestor: usize, idx: usize) -> bool {
        let mut node = idx;
        for _ in 0..=self.n {
            if node == ancestor {
                return true;
            }
            match self.head(node) {
                Some(head) => node = head,
                None => return false,
            }
        }
        false
    }

    /// The span of local tokens `from..=to`.
    pub fn span(&self, doc: &Doc, from: usize, to: usize) -> Span {
        let tokens = doc.tokens();
        tokens[self.first + from]
            .span
            .cover(tokens[self.first + to].span)
    }

    /// The text of local token `idx`.
    pub fn text<'d>(&self, doc: &'d Doc, idx: usize) -> &'d str {
        doc.slice(doc.tokens()[self.first + idx].span)
    }

    /// True when the token is a verb or auxiliary.
    pub fn is_verb(&self, idx: usize) -> bool {
        matches!(self.upos[idx], "VERB" | "AUX")
    }

    /// True when the token heads a clause: a verb, or a word with a copula or subject.
    pub fn is_predicate(&self, idx: usize) -> bool {
        self.is_verb(idx)
            || self.has_child_with(
                idx,
                &[
                    "cop",
                    "nsubj",
                    "nsubj:pass",
                    "csubj",
                    "expl",
                    "aux",
                    "aux:pass",
                ],
            )
    }

    /// True when the verb is passive.
    pub fn is_passive(&self, idx: usize) -> bool {
        self.has_child_with(idx, &["aux:pass", "nsubj:pass", "csubj:pass"])
    }
}

fn is_quote(text: &str) -> bool {
    matches!(
        text,
        "\"" | "\u{201c}" | "\u{201d}" | "``" | "''" | "\u{201e}" | "\u{00ab}" | "\u{00bb}"
    )
}
