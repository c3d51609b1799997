//! Claim units, their certainty and their holders, from the dependency parse.
//!
//! A sentence's clause heads become claim units: the root, clausal
//! complements, adverbial and relative clauses, and coordinated or
//! paratactic predicates. A top-level reporting frame ("X said that Y") is
//! not itself a claim: its verb becomes the cue and its subject the holder of
//! the complement. Each unit's certainty comes from cues among its own
//! dependents (and the `to`-complements it governs), never from inside a
//! nested clause, so a hedge in a subordinate clause stays there.

use sift_core::{Attribution, AttributionKind, Certainty, Claim, Doc, SentenceKind, Span};

use crate::holder::{self, Discourse, Holder};
use crate::lexicon::*;
use crate::sentence::SentenceView;

/// Sentences longer than this many tokens are not analyzed: no news
/// sentence is this long (EWT's longest is under 200), and the tree walks
/// here are not meant for runs of text with no sentence breaks.
pub const MAX_SENTENCE_TOKENS: usize = 300;

/// The claims of every body sentence of `doc`, in text order, and the
/// number of sentences skipped as too long.
pub fn extract_claims(doc: &Doc, outlet_names: Vec<String>) -> (Vec<Claim>, usize) {
    let mut view = SentenceView::default();
    let mut discourse = Discourse::default();
    discourse.outlet_names = outlet_names;
    let mut claims = Vec::new();
    let entities = doc.entities();
    let mut n_skipped = 0;
    for (sentence_idx, sentence) in doc.sentences().iter().enumerate() {
        if sentence.kind != SentenceKind::Body {
            continue;
        }
        if sentence.n_tokens as usize > MAX_SENTENCE_TOKENS {
            n_skipped += 1;
            continue;
        }
        view.load(doc, sentence, entities);
        let mut analysis = SentenceAnalysis::new(doc, &view, sentence_idx);
        analysis.run(&mut discourse, &mut claims);
    }
    (claims, n_skipped)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum UnitKind {
    Main,
    Complement,
    Adverbial,
    Relative,
    Coordinate,
    Parataxis,
}

/// A frame that covers a unit's content from outside: "X said that ...".
#[derive(Clone, Copy, Debug)]
struct Frame {
    certainty: Certainty,
    holder: Option<Holder>,
    cue: Option<Span>,
}

struct Unit {
    head: usize,
    kind: UnitKind,
    /// The word whose frame covers this unit: the verb of "said that...",
    /// the noun of "reports that...".
    frame_anchor: Option<usize>,
    parent: Option<usize>,
    suppressed: bool,
    /// The frame over this unit's content, inherited or from its own head relation.
    context: Option<Frame>,
    holder: Option<Holder>,
    cues: Vec<(Certainty, Span)>,
    /// Modal cues a coordinated predicate without its own auxiliary shares.
    modal_cues: Vec<(Certainty, Span)>,
}

struct SentenceAnalysis<'a> {
    doc: &'a Doc,
    view: &'a SentenceView,
    sentence_idx: usize,
    unit_of: Vec<Option<usize>>,
    units: Vec<Unit>,
    /// Reporting verbs attached inside a clause ("the strike, the ministry
    /// said, was...") that frame their head's clause instead of being one.
    inverted_frame: Vec<Option<usize>>,
    consumed: Vec<bool>,
    /// The unit whose own words each token is (not inside a nested unit
    /// or an embedded frame).
    owner: Vec<Option<usize>>,
}

/// Verbs that frame a complement.
const FRAME_VERB: Roles = REPORT | DENY | BELIEF | EXPECT | ASK | VERIFY | ALLEGE | APPEAR;

impl<'a> SentenceAnalysis<'a> {
    fn new(doc: &'a Doc, view: &'a SentenceView, sentence_idx: usize) -> Self {
        SentenceAnalysis {
            doc,
            view,
            sentence_idx,
            unit_of: vec![None; view.n],
            units: Vec::new(),
            inverted_frame: vec![None; view.n],
            consumed: vec![false; view.n],
            owner: vec![None; view.n],
        }
    }

    fn run(&mut self, discourse: &mut Discourse, claims: &mut Vec<Claim>) {
        self.find_units();
        if self.units.is_empty() {
            return;
        }
        let order = self.topological_order();
        let speaker = self.sentence_speaker(discourse);
        let carried_quote = self.carried_quote_holder(discourse, speaker.is_some());
        let according_to = self.according_to(discourse, speaker);
        for &unit_idx in &order {
            self.analyze_unit(unit_idx, discourse, speaker.or(carried_quote));
        }
        // Holders that come from around the clause rather than from its frame.
        for &unit_idx in &order {
            let head = self.units[unit_idx].head;
            if self.units[unit_idx].holder.is_some() {
                continue;
            }
            let fallback = if self.view.in_quote[head] {
                speaker.map(|h| (h, None)).or(carried_quote.map(|h| {
                    let cue = (0..self.view.n)
                        .find(|&i| self.view.is_quote_mark[i])
                        .map(|i| self.view.span(self.doc, i, i));
                    (h, cue)
                }))
            } else {
                None
            }
            .or(according_to.map(|(h, cue)| (h, Some(cue))));
            if let Some((holder, cue)) = fallback {
                let unit = &mut self.units[unit_idx];
                unit.holder = Some(holder);
                if let Some(cue) = cue {
                    unit.cues.push((Certainty::Reported, cue));
                }
            }
        }
        let first_new = claims.len();
        for &unit_idx in &order {
            let unit = &self.units[unit_idx];
            if unit.suppressed {
                continue;
            }
            if let Some(claim) = self.claim_of(unit) {
                claims.push(claim);
            }
        }
        claims[first_new..]
            .sort_by_key(|claim| (claim.first_token, std::cmp::Reverse(claim.n_tokens)));
        // Let the next sentence carry this one's quoted speaker.
        discourse.last_quote = self
            .units
            .iter()
            .filter(|u| self.view.in_quote[u.head] && !u.suppressed)
            .find_map(|u| u.holder)
            .map(|h| (h, self.sentence_idx))
            .or(discourse
                .last_quote
                .filter(|_| self.view.is_quote_mark[0] && speaker.is_none())
                .map(|(h, _)| (h, self.sentence_idx)));
    }

    fn find_units(&mut self) {
        let view = self.view;
        let mut kinds: Vec<Option<Option<UnitKind>>> = vec![None; view.n];
        for idx in 0..view.n {
            self.unit_kind(idx, &mut kinds, 0);
        }
        // Embedded frames: a reporting verb inside the clause it frames
        // ("the strike, the ministry said, was...", "..., witnesses said"),
        // wherever the parser attached it.
        for idx in 0..view.n {
            if !self.is_embedded_frame(idx) {
                continue;
            }
            let mut node = idx;
            let mut owner = None;
            for _ in 0..view.n {
                match view.head(node) {
                    Some(head) => {
                        if kinds[head].flatten().is_some() && !self.consumed[head] {
                            owner = Some(head);
                            break;
                        }
                        node = head;
                    }
                    None => break,
                }
            }
            if let Some(owner) = owner
                && self.inverted_frame[owner].is_none()
            {
                self.inverted_frame[owner] = Some(idx);
                self.consumed[idx] = true;
                kinds[idx] = Some(None);
            }
        }
        // "Provided that X, Y": the parser makes "Provided" the root.
        if self.condition_opener().is_some() && view.lemmas[0].starts_with("provid") {
            kinds[0] = Some(None);
            for child in view.children(0) {
                let child = *child as usize;
                if view.is_predicate(child) {
                    kinds[child] = Some(Some(UnitKind::Main));
                }
            }
        }
        for (idx, kind) in kinds.iter().enumerate() {
            if let Some(kind) = kind.flatten() {
                self.unit_of[idx] = Some(self.units.len());
                let frame_anchor = self.frame_anchor(idx, kind);
                self.units.push(Unit {
                    head: idx,
                    kind,
                    frame_anchor,
                    parent: None,
                    suppressed: false,
                    context: None,
                    holder: None,
                    cues: Vec::new(),
                    modal_cues: Vec::new(),
                });
            }
        }
        for unit_idx in 0..self.units.len() {
            let mut node = self.units[unit_idx].head;
            let mut parent = None;
            for _ in 0..view.n {
                match view.head(node) {
                    Some(head) => {
                        if let Some(found) = self.unit_of[head] {
                            parent = Some(found);
                            break;
                        }
                        node = head;
                    }
                    None => break,
                }
            }
            self.units[unit_idx].parent = parent;
        }
        for idx in 0..view.n {
            let mut node = idx;
            for _ in 0..=view.n {
                if self.consumed[node] {
                    break;
                }
                if let Some(unit) = self.unit_of[node] {
                    self.owner[idx] = Some(unit);
                    break;
                }
                match view.head(node) {
                    Some(head) => node = head,
                    None => break,
                }
            }
        }
        // A top-level reporting frame with a clausal complement is the
        // attribution of that complement, not a claim of its own.
        for unit_idx in 0..self.units.len() {
            let head = self.units[unit_idx].head;
            let frames_a_clause = view.roles[head] & FRAME_VERB != 0
                && view.is_verb(head)
                && view.children(head).iter().any(|&c| {
                    let c = c as usize;
                    matches!(view.labels[c], "ccomp" | "csubj") && self.unit_of[c].is_some()
                });
            if frames_a_clause && self.is_top_level(unit_idx) && !view.in_quote[head] {
                self.units[unit_idx].suppressed = true;
            }
        }
    }

    fn unit_kind(
        &self,
        idx: usize,
        memo: &mut Vec<Option<Option<UnitKind>>>,
        depth: usize,
    ) -> Option<UnitKind> {
        if let Some(known) = memo[idx] {
            return known;
        }
        let view = self.view;
        let kind = if depth > view.n {
            None
        } else {
            match view.labels[idx] {
                "root" => {
                    if matches!(view.upos[idx], "PUNCT" | "SYM") {
                        None
                    } else {
                        Some(UnitKind::Main)
                    }
                }
                "ccomp" | "csubj" | "csubj:pass" => Some(UnitKind::Complement),
                "advcl" | "acl" if self.has_mark(idx, WHETHER) => Some(UnitKind::Complement),
                // A subjectless "to" clause is a purpose or a plan, not a claim.
                "advcl"
                    if !view.has_child_with(idx, &["nsubj", "nsubj:pass", "expl"])
                        && view.children(idx).iter().any(|&c| {
                            view.labels[c as usize] == "mark" && view.lemmas[c as usize] == "to"
                        }) =>
                {
                    None
                }
                "advcl" => Some(UnitKind::Adverbial),
                "acl:relcl" | "advcl:relcl" => {
                    if self.content_noun(idx).is_some() {
                        Some(UnitKind::Complement)
                    } else {
                        Some(UnitKind::Relative)
                    }
                }
                "acl" => view
                    .head(idx)
                    .filter(|&h| view.roles[h] & CLAIM_NOUN != 0 && view.is_predicate(idx))
                    .map(|_| UnitKind::Complement),
                "conj" => {
                    let head = view.head(idx);
                    let head_is_unit = head.is_some_and(|h| {
                        self.unit_kind(h, memo, depth + 1).is_some()
                            || matches!(view.upos[h], "PUNCT")
                    });
                    (head_is_unit && view.is_predicate(idx)).then_some(UnitKind::Coordinate)
                }
                "parataxis" => view.is_predicate(idx).then_some(UnitKind::Parataxis),
                _ => None,
            }
        };
        // A punctuation root (a quote mark the parser hung the sentence
        // on) leaves its clauses as main clauses.
        let kind = match (kind, view.head(idx)) {
            (None | Some(UnitKind::Complement | UnitKind::Parataxis), Some(h))
                if view.labels[h] == "root"
                    && matches!(view.upos[h], "PUNCT" | "SYM")
                    && view.is_predicate(idx) =>
            {
                Some(UnitKind::Main)
            }
            (kind, _) => kind,
        };
        memo[idx] = Some(kind);
        kind
    }

    /// A framing verb with no content of its own, so that the clause around
    /// it must be what it frames.
    fn is_embedded_frame(&self, idx: usize) -> bool {
        let view = self.view;
        if view.roles[idx] & (REPORT | DENY | ASK | BELIEF | EXPECT | ALLEGE) == 0
            || view.upos[idx] != "VERB"
            || view.head(idx).is_none()
        {
            return false;
        }
        let has_subject = view.has_child_with(idx, &["nsubj"]);
        let clausal_content = view.has_child_with(idx, &["ccomp", "xcomp", "csubj"]);
        let object_content = has_subject && view.has_child_with(idx, &["obj"]);
        if clausal_content || object_content {
            return false;
        }
        let after_break = |i: usize| {
            matches!(view.upos[i], "PUNCT") || i > 0 && matches!(view.upos[i - 1], "PUNCT")
        };
        let first = view.subtree_min[idx] as usize;
        let head = view.head(idx).expect("checked above");
        match view.labels[idx] {
            // Set off by commas or quotes, or ahead of the clause it frames.
            "parataxis" | "ccomp" | "conj" | "dep" | "list" | "advcl:relcl" | "acl:relcl" => {
                (after_break(first) || after_break(idx) || idx < head)
                    && self.frame_subject(idx).is_some()
            }
            "advcl" => {
                view.children(idx)
                    .iter()
                    .any(|&c| view.labels[c as usize] == "mark" && view.lemmas[c as usize] == "as")
                    || (after_break(first) && self.frame_subject(idx).is_some())
            }
            // Misattached: "The United Nations said" as a marker, "analysts
            // say" as a subject.
            "mark" | "nsubj" | "nsubj:pass" | "amod" | "compound" | "obl" | "advmod" => {
                self.frame_subject(idx).is_some()
            }
            _ => false,
        }
    }

    /// For a clause the parser made relative to a noun, the noun when the
    /// clause is really its content: "reports that they had executed..."
    /// (a claim noun), "how many rifles it sold" (a question).
    fn content_noun(&self, clause: usize) -> Option<usize> {
        let view = self.view;
        let noun = view.head(clause)?;
        let first = view.subtree_min[clause] as usize;
        let starts_with_that = view.lemmas[first] == "that" && first < clause;
        if view.roles[noun] & CLAIM_NOUN != 0 && starts_with_that {
            return Some(noun);
        }
        let noun_first = view.subtree_min[noun] as usize;
        (view.roles[noun_first] & WH != 0 && noun_first < noun).then_some(noun)
    }

    fn has_mark(&self, idx: usize, roles: Roles) -> bool {
        let view = self.view;
        view.children(idx)
            .iter()
            .any(|&c| view.labels[c as usize] == "mark" && view.roles[c as usize] & roles != 0)
    }

    fn frame_anchor(&self, head: usize, kind: UnitKind) -> Option<usize> {
        if kind != UnitKind::Complement {
            return None;
        }
        let view = self.view;
        if view.labels[head] == "acl" && self.has_mark(head, WHETHER) {
            // "asked the minister whether...": the verb above the noun.
            let noun = view.head(head)?;
            return view.head(noun).filter(|&v| view.is_verb(v)).or(Some(noun));
        }
        match self.content_noun(head) {
            Some(noun) if view.roles[noun] & CLAIM_NOUN != 0 => Some(noun),
            Some(noun) => view.head(noun),
            None => view.head(head),
        }
    }

    /// A sentence that opens with "Provided that", "As long as" or "In case".
    fn condition_opener(&self) -> Option<usize> {
        let view = self.view;
        let word = |i: usize| view.lemmas.get(i).map_or("", String::as_str);
        let is_opener = matches!(
            (word(0), word(1), word(2)),
            ("provide" | "provided" | "providing", "that", _) | ("as", "long", "as")
        ) || (word(0) == "in" && word(1) == "case");
        is_opener.then_some(0)
    }

    fn is_top_level(&self, unit_idx: usize) -> bool {
        let mut current = Some(unit_idx);
        let mut steps = 0;
        while let Some(idx) = current {
            if !matches!(
                self.units[idx].kind,
                UnitKind::Main | UnitKind::Coordinate | UnitKind::Parataxis
            ) {
                return false;
            }
            current = self.units[idx].parent;
            steps += 1;
            if steps > self.units.len() {
                return false;
            }
        }
        true
    }

    fn topological_order(&self) -> Vec<usize> {
        let depth = |mut idx: usize| {
            let mut d = 0;
            while let Some(parent) = self.units[idx].parent {
                idx = parent;
                d += 1;
                if d > self.units.len() {
                    break;
                }
            }
            d
        };
        let mut order: Vec<usize> = (0..self.units.len()).collect();
        order.sort_by_key(|&idx| (depth(idx), self.units[idx].head));
        order
    }

    /// The holder of a quotation in this sentence: the subject of a
    /// reporting verb outside the quotes.
    fn sentence_speaker(&self, discourse: &Discourse) -> Option<Holder> {
        let view = self.view;
        if !view.in_quote.iter().any(|&q| q) {
            return None;
        }
        (0..view.n)
            .filter(|&i| !view.in_quote[i] && view.roles[i] & REPORT != 0 && view.is_verb(i))
            .find_map(|verb| self.frame_holder(verb, discourse, None))
    }

    /// A sentence that opens inside a quotation and names no speaker keeps
    /// the speaker of the quotation just before it.
    fn carried_quote_holder(&self, discourse: &Discourse, has_speaker: bool) -> Option<Holder> {
        if has_speaker || !self.view.in_quote[0] {
            return None;
        }
        discourse
            .last_quote
            .filter(|&(_, sentence)| sentence + 1 == self.sentence_idx)
            .map(|(holder, _)| holder)
    }

    /// True when `idx` lies in an "according to X" phrase (up to the next
    /// punctuation).
    fn in_according_phrase(&self, idx: usize) -> bool {
        let view = self.view;
        (0..idx)
            .rev()
            .take_while(|&i| !matches!(view.upos[i], "PUNCT"))
            .any(|i| {
                view.text(self.doc, i).eq_ignore_ascii_case("according")
                    && i + 1 < view.n
                    && view.text(self.doc, i + 1).eq_ignore_ascii_case("to")
            })
            || view.text(self.doc, idx).eq_ignore_ascii_case("according")
    }

    /// "according to X": X and the cue words.
    fn according_to(
        &self,
        discourse: &Discourse,
        speaker: Option<Holder>,
    ) -> Option<(Holder, Span)> {
        let view = self.view;
        let start = (0..view.n.saturating_sub(2)).find(|&i| {
            view.text(self.doc, i).eq_ignore_ascii_case("according")
                && view.text(self.doc, i + 1).eq_ignore_ascii_case("to")
        })?;
        let cue = view.span(self.doc, start, start + 1);
        // The phrase runs to the next punctuation; its head is the last
        // noun before any preposition.
        let mut end = start + 2;
        while end < view.n && !matches!(view.upos[end], "PUNCT") {
            end += 1;
        }
        let mut head = None;
        for idx in start + 2..end {
            match view.upos[idx] {
                "NOUN" | "PROPN" | "PRON" => head = Some(idx),
                "ADP" if head.is_some() => break,
                _ => {}
            }
        }
        let head = head?;
        let mut holder = holder::classify(self.doc, view, head, discourse, speaker)?;
        holder.span = view.span(self.doc, start + 2, end - 1);
        Some((holder, cue))
    }

    /// The holder of a framing verb: its agent, an anonymous "it is said",
    /// or its subject.
    fn frame_holder(
        &self,
        verb: usize,
        discourse: &Discourse,
        speaker: Option<Holder>,
    ) -> Option<Holder> {
        let view = self.view;
        let roles = view.roles[verb];
        if roles & (APPEAR | INTENT) != 0 && roles & (REPORT | BELIEF | EXPECT) == 0 {
            return None;
        }
        if let Some(agent) = view.child_with(verb, "obl:agent") {
            return holder::classify(self.doc, view, agent, discourse, speaker);
        }
        if self.is_passive(verb) || view.has_child_with(verb, &["expl"]) {
            if roles & PASSIVE_ANONYMOUS == 0 {
                return None;
            }
            let from = view
                .children(verb)
                .iter()
                .map(|&c| c as usize)
                .filter(|&c| matches!(view.labels[c], "aux:pass" | "expl") && c < verb)
                .min()
                .unwrap_or(verb);
            return Some(Holder {
                kind: AttributionKind::Anonymous,
                span: view.span(self.doc, from, verb),
            });
        }
        let subject = self.frame_subject(verb)?;
        holder::classify(self.doc, view, subject, discourse, speaker)
    }

    fn subject_of(&self, verb: usize) -> Option<usize> {
        let view = self.view;
        let mut node = verb;
        for _ in 0..view.n {
            // The subject nearest the verb: "The strike, the ministry said".
            let subjects = view
                .children(node)
                .iter()
                .map(|&c| c as usize)
                .filter(|&c| matches!(view.labels[c], "nsubj" | "nsubj:outer"));
            if let Some(subject) = subjects.min_by_key(|&c| c.abs_diff(node)) {
                return Some(subject);
            }
            if matches!(view.labels[node], "conj" | "xcomp") {
                node = view.head(node)?;
            } else {
                return None;
            }
        }
        None
    }

    /// The holder phrase of a framing verb: its subject, or where a broken
    /// parse left it, the noun right before the verb or, after a quote or
    /// comma ("..., said a soldier"), the first noun after it.
    fn frame_subject(&self, verb: usize) -> Option<usize> {
        if let Some(subject) = self.subject_of(verb) {
            return Some(subject);
        }
        let view = self.view;
        if verb > 0
            && matches!(view.upos[verb - 1], "NOUN" | "PROPN" | "PRON")
            && !view.in_quote[verb - 1]
        {
            return Some(verb - 1);
        }
        if verb > 0 && matches!(view.upos[verb - 1], "PUNCT") {
            return view
                .children(verb)
                .iter()
                .map(|&c| c as usize)
                .filter(|&c| c > verb)
                .find(|&c| {
                    matches!(
                        view.labels[c],
                        "obj" | "obl" | "nsubj:pass" | "iobj" | "appos" | "nmod" | "dep"
                    ) && matches!(view.upos[c], "NOUN" | "PROPN" | "PRON")
                });
        }
        None
    }

    /// The certainty a framing verb gives its complement, with its cue.
    fn frame_certainty(&self, verb: usize) -> Option<Certainty> {
        let view = self.view;
        let roles = view.roles[verb];
        if !view.is_verb(verb) {
            return None;
        }
        let negated = self.is_negated(verb) || self.under_unable(verb);
        Some(if roles & DENY != 0 {
            Certainty::Denied
        } else if roles & ASK != 0 {
            Certainty::Question
        } else if roles & (BELIEF | APPEAR) != 0 {
            Certainty::Speculative
        } else if roles & EXPECT != 0 {
            Certainty::Predicted
        } else if roles & ALLEGE != 0 || (roles & VERIFY != 0 && negated) {
            Certainty::Hedged
        } else if roles & REPORT != 0 {
            if self.is_passive(verb)
                && roles & PASSIVE_ANONYMOUS != 0
                && view.child_with(verb, "obl:agent").is_none()
            {
                Certainty::Hedged
            } else {
                Certainty::Reported
            }
        } else if roles & INTENT != 0 {
            Certainty::Predicted
        } else {
            return None;
        })
    }

    /// Passive: a passive auxiliary, or a passive subject with no active one
    /// (the parser sometimes labels a stray determiner `nsubj:pass`).
    fn is_passive(&self, idx: usize) -> bool {
        let view = self.view;
        view.has_child_with(idx, &["aux:pass"])
            || (view.has_child_with(idx, &["nsubj:pass", "csubj:pass"])
                && !view.has_child_with(idx, &["nsubj"]))
    }

    fn is_negated(&self, idx: usize) -> bool {
        self.view.children(idx).iter().any(|&c| {
            let c = c as usize;
            self.view.roles[c] & NEGATION != 0 && matches!(self.view.labels[c], "advmod" | "neg")
        })
    }

    fn under_unable(&self, idx: usize) -> bool {
        self.view.labels[idx] == "xcomp"
            && self
                .view
                .head(idx)
                .is_some_and(|h| matches!(self.view.lemmas[h].as_str(), "unable" | "fail"))
    }

    fn analyze_unit(
        &mut self,
        unit_idx: usize,
        discourse: &mut Discourse,
        speaker: Option<Holder>,
    ) {
        let view = self.view;
        let head = self.units[unit_idx].head;
        let kind = self.units[unit_idx].kind;
        let parent = self.units[unit_idx].parent;
        let parent_context = parent.and_then(|p| self.units[p].context);
        let parent_holder = parent.and_then(|p| self.units[p].holder);
        let quote_speaker = if view.in_quote[head] {
            speaker.or(parent_holder)
        } else {
            None
        };

        // The frame from the head relation, else what the parent passes down.
        let mut context = None;
        if matches!(kind, UnitKind::Complement)
            && let Some(frame_verb) = self.units[unit_idx].frame_anchor
        {
            context = self.complement_frame(frame_verb, discourse, quote_speaker);
            if let Some(frame) = &mut context
                && frame.holder.is_none()
            {
                frame.holder = parent_holder;
            }
        }
        if let Some(frame_verb) = self.inverted_frame[head]
            && let Some(certainty) = self.frame_certainty(frame_verb)
        {
            context = Some(Frame {
                certainty,
                holder: self.frame_holder(frame_verb, discourse, quote_speaker),
                cue: Some(view.span(self.doc, frame_verb, frame_verb)),
            });
        }
        if context.is_none() {
            context = match kind {
                UnitKind::Main | UnitKind::Parataxis => None,
                UnitKind::Coordinate => parent_context,
                UnitKind::Complement | UnitKind::Adverbial | UnitKind::Relative => parent_holder
                    .map(|holder| Frame {
                        certainty: Certainty::Reported,
                        holder: Some(holder),
                        cue: None,
                    }),
            };
        }

        let mut cues: Vec<(Certainty, Span)> = Vec::new();
        let mut modal_cues: Vec<(Certainty, Span)> = Vec::new();
        let mut holder = context.and_then(|f| f.holder);
        if let Some(frame) = context {
            if let Some(cue) = frame.cue {
                cues.push((frame.certainty, cue));
            } else if frame.certainty != Certainty::Reported {
                // An inherited non-reporting frame still decides the class.
                cues.push((frame.certainty, view.span(self.doc, head, head)));
            }
        }

        // A framing verb heading its own clause: "denied the report",
        // "is said to have fled", "expect further strikes".
        let has_clausal_complement = view.children(head).iter().any(|&c| {
            let c = c as usize;
            matches!(view.labels[c], "ccomp" | "csubj") && self.unit_of[c].is_some()
        });
        if !has_clausal_complement
            && view.roles[head] & (FRAME_VERB | INTENT) & !ASK != 0
            && let Some(certainty) = self.frame_certainty(head)
        {
            let intent_without_plan =
                view.roles[head] & FRAME_VERB == 0 && view.child_with(head, "xcomp").is_none();
            let own_holder = if holder.is_none() {
                self.frame_holder(head, discourse, quote_speaker)
            } else {
                None
            };
            let bare_report =
                certainty == Certainty::Reported && holder.is_none() && own_holder.is_none();
            if !intent_without_plan && !bare_report {
                cues.push((certainty, view.span(self.doc, head, head)));
                holder = holder.or(own_holder);
            }
        }
        // "could not confirm", "unable to verify": unconfirmed by whoever tried.
        if holder.is_none()
            && let Some(verifier) = self.failed_verification(head)
            && !self.is_passive(verifier)
            && let Some(subject) = self.frame_subject(head)
        {
            holder = holder::classify(self.doc, view, subject, discourse, quote_speaker);
        }

        self.scan_own_cues(unit_idx, &mut cues, &mut modal_cues);

        // A coordinated predicate without its own auxiliary shares the
        // first conjunct's modal ("may enter and seize").
        if kind == UnitKind::Coordinate
            && !view.has_child_with(head, &["aux"])
            && let Some(p) = parent
        {
            let inherited = self.units[p].modal_cues.clone();
            cues.extend(inherited.iter().copied());
            modal_cues.extend(inherited);
        }

        if holder.is_none() && kind == UnitKind::Main {
            // Remember the subject of a main clause for later pronouns.
            if let Some(subject) = self.subject_of(head)
                && let Some(found) = holder::classify(self.doc, view, subject, discourse, None)
            {
                discourse.remember_holder(view, subject, found);
            }
        }
        if let Some(found) = holder
            && let Some(subject) = self.frame_subject_token(head, context)
        {
            discourse.remember_holder(view, subject, found);
        }

        let unit = &mut self.units[unit_idx];
        unit.context = context;
        unit.holder = holder;
        unit.cues = cues;
        unit.modal_cues = modal_cues;
    }

    /// The confirming verb of a clause that failed to confirm something.
    fn failed_verification(&self, head: usize) -> Option<usize> {
        let view = self.view;
        let mut node = head;
        let mut unable = view.lemmas[head] == "unable";
        for _ in 0..4 {
            if view.roles[node] & VERIFY != 0 && (unable || self.is_negated(node)) {
                return Some(node);
            }
            unable |= self.is_negated(node);
            node = view.child_with(node, "xcomp")?;
        }
        None
    }

    /// The token of the holder phrase, for discourse memory (best effort).
    fn frame_subject_token(&self, head: usize, context: Option<Frame>) -> Option<usize> {
        let view = self.view;
        let verb = if context.is_some() {
            view.head(head).unwrap_or(head)
        } else {
            head
        };
        self.subject_of(verb)
    }

    fn complement_frame(
        &self,
        frame_verb: usize,
        discourse: &Discourse,
        speaker: Option<Holder>,
    ) -> Option<Frame> {
        let view = self.view;
        let roles = view.roles[frame_verb];
        if roles & CLAIM_NOUN != 0 && matches!(view.upos[frame_verb], "NOUN") {
            // "reports that...": denied when a denial governs the noun,
            // else unconfirmed talk with no named holder.
            let governor = view.head(frame_verb);
            if let Some(governor) = governor.filter(|&g| view.roles[g] & DENY != 0) {
                return Some(Frame {
                    certainty: Certainty::Denied,
                    holder: self.frame_holder(governor, discourse, speaker),
                    cue: Some(view.span(self.doc, governor, governor)),
                });
            }
            return Some(Frame {
                certainty: Certainty::Hedged,
                holder: Some(Holder {
                    kind: AttributionKind::Anonymous,
                    span: view.span(self.doc, frame_verb, frame_verb),
                }),
                cue: Some(view.span(self.doc, frame_verb, frame_verb)),
            });
        }
        let certainty = self.frame_certainty(frame_verb)?;
        if roles & (FRAME_VERB | INTENT) == 0 {
            return None;
        }
        Some(Frame {
            certainty,
            holder: self.frame_holder(frame_verb, discourse, speaker),
            cue: Some(view.span(self.doc, frame_verb, frame_verb)),
        })
    }

    /// Cues among the unit's own dependents: modals, negation, hedging and
    /// speculative adverbs, `to`-complement frames, conditions, questions.
    fn scan_own_cues(
        &self,
        unit_idx: usize,
        cues: &mut Vec<(Certainty, Span)>,
        modal_cues: &mut Vec<(Certainty, Span)>,
    ) {
        let view = self.view;
        let doc = self.doc;
        let unit = &self.units[unit_idx];
        let head = unit.head;
        let span_of = |idx: usize| view.span(doc, idx, idx);

        // The predicate chain: the head and the `to`-complements it governs.
        let mut chain = vec![head];
        let mut node = head;
        while let Some(xcomp) = view.child_with(node, "xcomp") {
            if chain.len() > 4 {
                break;
            }
            chain.push(xcomp);
            node = xcomp;
        }
        // A noun root with a verb hung on it as a modifier ("The militia
        // allegedly recruited...") is a misparsed clause: read the verb too.
        if view.labels[head] == "root" && matches!(view.upos[head], "NOUN" | "PROPN") {
            for &child in view.children(head) {
                let child = child as usize;
                if view.labels[child] == "acl" && view.is_verb(child) && child > head {
                    chain.push(child);
                }
            }
        }
        let chain_has_verify = chain.iter().any(|&c| view.roles[c] & VERIFY != 0);

        for &predicate in &chain {
            let roles = view.roles[predicate];
            let has_xcomp = view.child_with(predicate, "xcomp").is_some();
            if predicate != head && roles & APPEAR != 0 && view.is_verb(predicate) {
                cues.push((Certainty::Speculative, span_of(predicate)));
            }
            if roles & FUTURE_FRAME != 0 && has_xcomp {
                let is_going = view.lemmas[predicate] == "go";
                if !is_going || view.xpos[predicate] == "VBG" {
                    cues.push((Certainty::Predicted, span_of(predicate)));
                }
            }
            if roles & SPECULATIVE_ADVERB != 0 && matches!(view.upos[predicate], "ADJ" | "ADV") {
                cues.push((Certainty::Speculative, span_of(predicate)));
            }
            if roles & HEDGE_ADJECTIVE != 0 && view.upos[predicate] == "ADJ" {
                cues.push((Certainty::Hedged, span_of(predicate)));
            }
            if view.lemmas[predicate] == "unable" && chain_has_verify {
                cues.push((Certainty::Hedged, span_of(predicate)));
            }
            if roles & INTERPRET != 0
                && view.is_passive(predicate)
                && view.children(predicate).iter().any(|&c| {
                    view.children(c as usize).iter().any(|&g| {
                        view.labels[g as usize] == "case" && view.lemmas[g as usize] == "as"
                    })
                })
            {
                cues.push((Certainty::Speculative, span_of(predicate)));
            }
            for &child in view.children(predicate) {
                let child = child as usize;
                if self.unit_of[child].is_some() && child != head || self.consumed[child] {
                    continue;
                }
                self.child_cues(predicate, child, chain_has_verify, cues, modal_cues);
                if matches!(
                    view.labels[child],
                    "nsubj" | "nsubj:pass" | "obj" | "expl" | "obl" | "iobj" | "nsubj:outer"
                ) {
                    for &grandchild in view.children(child) {
                        let grandchild = grandchild as usize;
                        let g_roles = view.roles[grandchild];
                        let g_label = view.labels[grandchild];
                        if g_roles & NEGATIVE_DETERMINER != 0 && g_label == "det" {
                            cues.push((Certainty::Negated, span_of(grandchild)));
                        }
                        if g_roles & HEDGE_ADJECTIVE != 0
                            && g_label == "amod"
                            && matches!(view.labels[child], "nsubj" | "nsubj:pass")
                        {
                            cues.push((Certainty::Hedged, span_of(grandchild)));
                        }
                    }
                }
            }
        }
        // Own negative determiner on a nominal predicate: "in no danger".
        for &child in view.children(head) {
            let child = child as usize;
            if view.labels[child] == "det" && view.roles[child] & NEGATIVE_DETERMINER != 0 {
                cues.push((Certainty::Negated, span_of(child)));
            }
        }

        // Words anywhere in the unit's own region, for parses that hang them
        // off the wrong word: hedging adverbs on a verb, condition words,
        // "plans to", "expected to", "set to" before a verb.
        let (from, to) = (
            view.subtree_min[head] as usize,
            view.subtree_max[head] as usize,
        );
        for idx in from..=to {
            if self.owner[idx] != Some(unit_idx) || chain.contains(&idx) {
                continue;
            }
            let roles = view.roles[idx];
            let governor_is_predicate = view
                .head(idx)
                .is_some_and(|h| view.is_verb(h) || h == head || chain.contains(&h));
            if roles & HEDGE_ADVERB != 0 && view.upos[idx] == "ADV" && governor_is_predicate {
                cues.push((Certainty::Hedged, span_of(idx)));
            }
            if roles & SPECULATIVE_ADVERB != 0 && view.upos[idx] == "ADV" && governor_is_predicate {
                cues.push((Certainty::Speculative, span_of(idx)));
            }
            if roles & CONDITION != 0
                && matches!(view.labels[idx], "mark" | "case" | "advmod" | "cc" | "dep")
                && !(idx > 0 && matches!(view.lemmas[idx - 1].as_str(), "as"))
                && !(unit.kind == UnitKind::Complement && self.frame_asks(unit_idx))
            {
                cues.push((Certainty::Conditional, span_of(idx)));
            }
            if roles & (INTENT | FUTURE_FRAME | EXPECT) != 0
                && idx + 2 <= to
                && view.text(doc, idx + 1).eq_ignore_ascii_case("to")
                && view.upos[idx + 1] == "PART"
                && view.is_verb(idx + 2)
            {
                cues.push((Certainty::Predicted, span_of(idx)));
            }
        }
        if let Some(opener) = self.condition_opener() {
            cues.push((Certainty::Conditional, span_of(opener)));
        }
        if unit.kind == UnitKind::Complement
            && let Some(noun) = self.content_noun(head)
            && view.roles[noun] & CLAIM_NOUN == 0
        {
            cues.push((
                Certainty::Question,
                span_of(view.subtree_min[noun] as usize),
            ));
        }

        // Conditions: the antecedent carries `if`; the consequent governs it.
        let frame_asks = self.frame_asks(unit_idx);
        for &child in view.children(head) {
            let child = child as usize;
            let label = view.labels[child];
            if label == "mark" && view.roles[child] & CONDITION != 0 {
                if unit.kind == UnitKind::Complement && frame_asks {
                    cues.push((Certainty::Question, span_of(child)));
                } else {
                    cues.push((Certainty::Conditional, span_of(child)));
                }
            }
            if label == "mark" && view.roles[child] & WHETHER != 0 {
                cues.push((Certainty::Question, span_of(child)));
            }
            if label == "advcl"
                && self.unit_of[child].is_some()
                && let Some(mark) = view
                    .children(child)
                    .iter()
                    .map(|&m| m as usize)
                    .find(|&m| view.labels[m] == "mark" && view.roles[m] & CONDITION != 0)
            {
                cues.push((Certainty::Conditional, span_of(mark)));
                if let Some(then) = view
                    .children(head)
                    .iter()
                    .map(|&t| t as usize)
                    .find(|&t| view.roles[t] & THEN != 0)
                {
                    cues.push((Certainty::Conditional, span_of(then)));
                }
            }
        }
        if self.is_provided_that(head) {
            cues.push((
                Certainty::Conditional,
                span_of(view.subtree_min[head] as usize),
            ));
        }

        // Indirect questions: "who fired", "when they would...".
        if matches!(unit.kind, UnitKind::Complement) {
            let first = view.subtree_min[head] as usize;
            if view.roles[first] & WH != 0
                && first != head
                && view.head(first).is_some_and(|h| view.dominates(head, h))
            {
                cues.push((Certainty::Question, span_of(first)));
            }
        }
        // Direct questions.
        let last = view.subtree_max[head] as usize;
        let mut after = last;
        while after + 1 < view.n && view.is_quote_mark[after] {
            after += 1;
        }
        let ends_in_question = [last, after, (last + 1).min(view.n - 1)]
            .iter()
            .any(|&i| self.view.text(doc, i) == "?");
        let asked_directly = ends_in_question
            && (matches!(
                unit.kind,
                UnitKind::Main | UnitKind::Coordinate | UnitKind::Parataxis
            ) || view.in_quote[head]);
        if asked_directly {
            let mark = [last, after, (last + 1).min(view.n - 1)]
                .into_iter()
                .find(|&i| self.view.text(doc, i) == "?")
                .unwrap_or(last);
            cues.push((Certainty::Question, span_of(mark)));
        }
    }

    fn child_cues(
        &self,
        predicate: usize,
        child: usize,
        chain_has_verify: bool,
        cues: &mut Vec<(Certainty, Span)>,
        modal_cues: &mut Vec<(Certainty, Span)>,
    ) {
        let view = self.view;
        let doc = self.doc;
        let roles = view.roles[child];
        let label = view.labels[child];
        let span = view.span(doc, child, child);
        let is_modal = view.xpos[child] == "MD" || (view.upos[child] == "AUX" && label == "aux");
        let perfect_follows = || {
            view.children(predicate).iter().any(|&c| {
                let c = c as usize;
                c > child && view.labels[c] == "aux" && view.lemmas[c] == "have"
            })
        };
        if is_modal {
            let certainty = if roles & MODAL_HEDGE != 0 {
                Some(Certainty::Hedged)
            } else if roles & MODAL_COULD != 0 {
                if perfect_follows() {
                    Some(Certainty::Hedged)
                } else if view.has_child_with(predicate, &["cop"])
                    || view.lemmas[predicate] == "be"
                    || (view.is_passive(predicate) && view.roles[predicate] & INTERPRET != 0)
                {
                    Some(Certainty::Speculative)
                } else {
                    Some(Certainty::Predicted)
                }
            } else if roles & MODAL_CAN != 0 {
                (view.is_passive(predicate) && view.roles[predicate] & INTERPRET != 0)
                    .then_some(Certainty::Speculative)
            } else if roles & MODAL_FUTURE != 0 {
                Some(Certainty::Predicted)
            } else if roles & MODAL_MUST != 0 {
                perfect_follows().then_some(Certainty::Speculative)
            } else {
                None
            };
            if let Some(certainty) = certainty {
                cues.push((certainty, span));
                modal_cues.push((certainty, span));
            }
            return;
        }
        if roles & NEGATION != 0 && matches!(label, "advmod" | "neg" | "aux" | "cc:preconj") {
            let certainty = if chain_has_verify || view.roles[predicate] & VERIFY != 0 {
                Certainty::Hedged
            } else {
                Certainty::Negated
            };
            cues.push((certainty, span));
            return;
        }
        if roles & NEGATIVE_DETERMINER != 0
            && matches!(label, "nsubj" | "nsubj:pass" | "obj" | "det" | "expl")
        {
            cues.push((Certainty::Negated, span));
            return;
        }
        if roles & HEDGE_ADVERB != 0 && matches!(view.upos[child], "ADV" | "ADJ") {
            cues.push((Certainty::Hedged, span));
            return;
        }
        if roles & SPECULATIVE_ADVERB != 0
            && matches!(view.upos[child], "ADV" | "ADJ")
            && matches!(label, "advmod" | "xcomp" | "amod" | "obl" | "discourse")
        {
            cues.push((Certainty::Speculative, span));
        }
    }

    /// True when the unit's frame asks rather than states, so that its `if`
    /// means "whether": "asked if", "did not say if".
    fn frame_asks(&self, unit_idx: usize) -> bool {
        let view = self.view;
        self.units[unit_idx]
            .frame_anchor
            .filter(|&f| view.is_verb(f))
            .is_some_and(|f| {
                view.roles[f] & ASK != 0
                    || (view.roles[f] & QUESTION_FRAME != 0 && self.is_negated(f))
            })
    }

    /// "provided that", "as long as", "in case" open a condition.
    fn is_provided_that(&self, head: usize) -> bool {
        let view = self.view;
        if view.labels[head] != "advcl" {
            return false;
        }
        let first = view.subtree_min[head] as usize;
        let word = |i: usize| view.lemmas.get(i).map_or("", String::as_str);
        matches!(
            (word(first), word(first + 1), word(first + 2)),
            ("provide", "that", _) | ("providing", "that", _) | ("as", "long", "as")
        ) || (word(first) == "in" && word(first + 1) == "case")
    }

    fn claim_of(&self, unit: &Unit) -> Option<Claim> {
        let view = self.view;
        let mut from = view.subtree_min[unit.head] as usize;
        let mut to = view.subtree_max[unit.head] as usize;
        let droppable_start = |i: usize| {
            matches!(view.upos[i], "PUNCT")
                || (view.labels[i] == "mark" && view.lemmas[i] == "that")
                || view.labels[i] == "cc"
        };
        while from < to && droppable_start(from) {
            from += 1;
        }
        while to > from && matches!(view.upos[to], "PUNCT") && view.text(self.doc, to) != "?" {
            to -= 1;
        }
        if from == to && matches!(view.upos[from], "PUNCT") {
            return None;
        }
        // "according to X" misparsed as a clause is the attribution, not a claim.
        if self.in_according_phrase(unit.head) {
            return None;
        }
        let mut cues = unit.cues.clone();
        cues.sort_by_key(|&(_, span)| span);
        cues.dedup_by_key(|&mut (_, span)| span);
        let certainty = cues
            .iter()
            .map(|&(certainty, _)| certainty)
            .min_by_key(|c| c.rank())
            .unwrap_or(if unit.holder.is_some() {
                Certainty::Reported
            } else {
                Certainty::Asserted
            });
        let certainty = if certainty == Certainty::Asserted && unit.holder.is_some() {
            Certainty::Reported
        } else {
            certainty
        };
        Some(Claim {
            span: view.span(self.doc, from, to),
            first_token: (view.first + from) as u32,
            n_tokens: (to - from + 1) as u32,
            sentence: self.sentence_idx as u32,
            certainty,
            cues: cues.into_iter().map(|(_, span)| span).collect(),
            attribution: unit.holder.map(|holder| Attribution {
                kind: holder.kind,
                span: holder.span,
                code: None,
            }),
        })
    }
}
