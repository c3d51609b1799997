//! Who holds a claim: the holder's words and their kind, and the discourse
//! memory that lets "He added..." and a quote-only sentence keep the holder
//! of the sentences before them.

use sift_core::{AttributionKind, Doc, EntityLabel, Span};

use crate::lexicon::{CLAIM_NOUN, Roles};
use crate::lexicon::{
    NEGATIVE_DETERMINER, NOT_A_HOLDER, OFFICIAL, ORGANIZATION, OUTLET, SOURCE, STATEMENT, TITLE,
};
use crate::sentence::SentenceView;

/// A classified holder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Holder {
    pub kind: AttributionKind,
    pub span: Span,
}

/// Someone a later pronoun may refer to.
#[derive(Clone, Copy, Debug)]
struct Antecedent {
    holder: Holder,
    is_person: bool,
    is_plural: bool,
}

/// What carries over from one sentence to the next.
#[derive(Default)]
pub struct Discourse {
    antecedents: Vec<Antecedent>,
    /// The holder of the last quoted claim and its sentence index.
    pub last_quote: Option<(Holder, usize)>,
    /// Lower-cased names of the outlet, from the dateline and the source.
    pub outlet_names: Vec<String>,
}

/// At most this many antecedents are remembered: pronouns in news reach back
/// a few sentences, not a page.
const MAX_ANTECEDENTS: usize = 12;

impl Discourse {
    fn remember(&mut self, antecedent: Antecedent) {
        if self.antecedents.len() == MAX_ANTECEDENTS {
            self.antecedents.remove(0);
        }
        self.antecedents.push(antecedent);
    }

    /// Records a holder or subject that later pronouns may refer to.
    pub fn remember_holder(&mut self, view: &SentenceView, head: usize, holder: Holder) {
        if view.upos[head] == "PRON" {
            return;
        }
        let is_plural = matches!(view.xpos[head], "NNS" | "NNPS")
            || holder.kind == AttributionKind::NamedOrganization;
        let is_person = match holder.kind {
            AttributionKind::NamedPerson => true,
            AttributionKind::OfficialUnnamed | AttributionKind::Anonymous => !is_plural,
            _ => false,
        };
        self.remember(Antecedent {
            holder,
            is_person,
            is_plural,
        });
    }

    fn resolve(&self, wanted: Pronoun) -> Option<Holder> {
        self.antecedents
            .iter()
            .rev()
            .find(|a| match wanted {
                Pronoun::Person => a.is_person,
                Pronoun::Plural => a.is_plural,
                Pronoun::Organization => a.holder.kind == AttributionKind::NamedOrganization,
            })
            .map(|a| a.holder)
    }
}

#[derive(Clone, Copy)]
enum Pronoun {
    Person,
    Plural,
    Organization,
}

/// The words of the noun phrase headed by `head`: its subtree without
/// relative clauses, clausal modifiers and edge punctuation.
pub fn noun_phrase(view: &SentenceView, head: usize) -> (usize, usize) {
    let mut from = head;
    let mut to = head;
    extend(view, head, &mut from, &mut to);
    // The parser sometimes splits one noun phrase into sibling subjects
    // ("The defence | ministry said"): take the words just before it too.
    while from > 0 {
        let prev = from - 1;
        let sibling = view.head(prev).is_some() && view.head(prev) == view.head(head);
        if sibling
            && matches!(
                view.labels[prev],
                "nsubj" | "nsubj:pass" | "compound" | "amod"
            )
            && matches!(view.upos[prev], "NOUN" | "PROPN" | "ADJ")
        {
            from = view.subtree_min[prev] as usize;
        } else {
            break;
        }
    }
    while from < head && matches!(view.upos[from], "PUNCT") {
        from += 1;
    }
    while to > head && matches!(view.upos[to], "PUNCT") {
        to -= 1;
    }
    (from, to)
}

fn extend(view: &SentenceView, node: usize, from: &mut usize, to: &mut usize) {
    for &child in view.children(node) {
        let child = child as usize;
        if matches!(
            view.labels[child],
            "acl:relcl" | "acl" | "advcl" | "parataxis" | "ccomp" | "dep" | "cc" | "punct"
        ) && !(view.labels[child] == "punct" && child > *from && child < *to)
        {
            continue;
        }
        *from = (*from).min(child);
        *to = (*to).max(child);
        extend(view, child, from, to);
    }
}

/// The holder named by the noun phrase headed by `head`, or `None` when it
/// names nothing that can hold a claim.
///
/// `speaker` is the holder of the enclosing quotation, for "we" and "I"
/// inside quotes.
pub fn classify(
    doc: &Doc,
    view: &SentenceView,
    head: usize,
    discourse: &Discourse,
    speaker: Option<Holder>,
) -> Option<Holder> {
    let roles = view.roles[head];
    let (from, to) = noun_phrase(view, head);
    let span = view.span(doc, from, to);
    let lemma = view.lemmas[head].as_str();
    if view.upos[head] == "PRON" {
        return match lemma {
            "we" | "us" | "i" | "me" => {
                if view.in_quote[head] {
                    speaker
                } else {
                    Some(Holder {
                        kind: AttributionKind::Document,
                        span,
                    })
                }
            }
            "he" | "she" | "him" | "her" => {
                Some(discourse.resolve(Pronoun::Person).unwrap_or(Holder {
                    kind: AttributionKind::NamedPerson,
                    span,
                }))
            }
            "they" | "them" => Some(discourse.resolve(Pronoun::Plural).unwrap_or(Holder {
                kind: AttributionKind::Anonymous,
                span,
            })),
            "it" if view.labels[head] != "expl" => {
                Some(discourse.resolve(Pronoun::Organization).unwrap_or(Holder {
                    kind: AttributionKind::NamedOrganization,
                    span,
                }))
            }
            "who" | "that" | "which" => {
                // The relative pronoun stands for the noun its clause modifies.
                let clause = view.head(head)?;
                let noun = view.head(clause)?;
                (view.labels[clause] == "acl:relcl")
                    .then(|| classify(doc, view, noun, discourse, speaker))
                    .flatten()
            }
            _ if roles & SOURCE != 0 => Some(Holder {
                kind: AttributionKind::Anonymous,
                span,
            }),
            _ => None,
        };
    }
    if roles & (NEGATIVE_DETERMINER | NOT_A_HOLDER) != 0 && view.upos[head] != "PROPN" {
        return None;
    }
    if is_outlet(doc, view, head, from, to, discourse) {
        return Some(Holder {
            kind: AttributionKind::Document,
            span,
        });
    }
    let kind = if view.upos[head] == "PROPN" {
        proper_noun_kind(view, head)
    } else if roles & OFFICIAL != 0 {
        if has_name(view, head, from, to) {
            AttributionKind::NamedPerson
        } else {
            AttributionKind::OfficialUnnamed
        }
    } else if roles & SOURCE != 0 && roles & (CLAIM_NOUN | STATEMENT) == 0 {
        if has_name(view, head, from, to) {
            AttributionKind::NamedPerson
        } else {
            AttributionKind::Anonymous
        }
    } else if roles & ORGANIZATION != 0 {
        AttributionKind::NamedOrganization
    } else if roles & (CLAIM_NOUN | STATEMENT) != 0 {
        // "a statement from the presidency", "the ministry's statement":
        // the holder is whoever issued it.
        let issuer =
            view.children(head).iter().map(|&c| c as usize).find(|&c| {
                matches!(view.labels[c], "nmod" | "nmod:poss" | "compound") && c != head
            });
        if let Some(issuer) = issuer
            && let Some(holder) = classify(doc, view, issuer, discourse, speaker)
        {
            return Some(Holder { span, ..holder });
        }
        if roles & CLAIM_NOUN != 0 {
            AttributionKind::Anonymous
        } else {
            return None;
        }
    } else {
        match view.entity[head] {
            Some(EntityLabel::Person) => AttributionKind::NamedPerson,
            Some(EntityLabel::Org | EntityLabel::Norp | EntityLabel::Loc) => {
                AttributionKind::NamedOrganization
            }
            _ => return None,
        }
    };
    Some(Holder { kind, span })
}

/// The words of a proper-noun holder: an organization word anywhere in the
/// name wins, then a title, then the entity recognizer, then the name's length.
fn proper_noun_kind(view: &SentenceView, head: usize) -> AttributionKind {
    let mut chain_roles: Roles = view.roles[head];
    let mut n_proper = 1;
    for &child in view.children(head) {
        let child = child as usize;
        if matches!(view.labels[child], "compound" | "flat" | "amod" | "appos") {
            chain_roles |= view.roles[child];
            if view.upos[child] == "PROPN" && view.labels[child] != "appos" {
                n_proper += 1;
            }
        }
    }
    let entity = view.entity[head];
    if entity == Some(EntityLabel::Person) {
        return AttributionKind::NamedPerson;
    }
    if chain_roles & ORGANIZATION != 0 && chain_roles & TITLE == 0 {
        return AttributionKind::NamedOrganization;
    }
    if chain_roles & (TITLE | OFFICIAL | SOURCE) != 0 {
        return AttributionKind::NamedPerson;
    }
    match entity {
        Some(EntityLabel::Org | EntityLabel::Loc | EntityLabel::Norp | EntityLabel::Misc) => {
            AttributionKind::NamedOrganization
        }
        _ if n_proper >= 2 => AttributionKind::NamedPerson,
        _ => AttributionKind::NamedOrganization,
    }
}

/// True when a role noun comes with a person's name: "Colonel Ivan Markov",
/// "the spokesman, Major Erik Lund". A capitalized first word of the
/// sentence ("Aid workers") is no name unless the recognizer says so.
fn has_name(view: &SentenceView, head: usize, from: usize, to: usize) -> bool {
    (from..=to).any(|idx| {
        if idx == head {
            return false;
        }
        if view.entity[idx] == Some(EntityLabel::Person) {
            return true;
        }
        let attached = match view.labels[idx] {
            "appos" => true,
            "compound" | "flat" => view.head(idx) == Some(head),
            _ => false,
        };
        attached
            && view.upos[idx] == "PROPN"
            && idx > 0
            && !matches!(
                view.entity[idx],
                Some(EntityLabel::Org | EntityLabel::Loc | EntityLabel::Norp)
            )
    })
}

/// "this newspaper", "our correspondent", or the outlet's own name.
fn is_outlet(
    doc: &Doc,
    view: &SentenceView,
    head: usize,
    from: usize,
    to: usize,
    discourse: &Discourse,
) -> bool {
    if view.roles[head] & OUTLET != 0 {
        let owned_by_us = view.children(head).iter().any(|&child| {
            let child = child as usize;
            matches!(view.lemmas[child].as_str(), "this" | "our" | "we")
                && matches!(view.labels[child], "det" | "nmod:poss")
        });
        if owned_by_us {
            return true;
        }
    }
    if discourse.outlet_names.is_empty() {
        return false;
    }
    let phrase = doc
        .slice(view.span(doc, from, to))
        .trim_start_matches("The ")
        .to_lowercase();
    discourse
        .outlet_names
        .iter()
        .any(|name| phrase == *name || phrase.starts_with(&format!("{name} ")))
}
