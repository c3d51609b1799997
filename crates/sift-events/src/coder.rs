//! Actor and event coding of one parsed sentence.
//!
//! The approach follows PETRARCH-2: actors are found by dictionary phrases
//! in the noun phrases the parse builds, the verb's subject is the source and
//! its objects and prepositional phrases hold the target, and the verb's
//! pattern dictionary picks the CAMEO code. The matching itself is our own:
//! one automaton walk per sentence for actors and agents, and patterns tried
//! only for the verbs the sentence has.

use chrono::NaiveDate;

use crate::dict::{CodeSpec, Dictionaries, Element};
use crate::parse::{Class, ParsedWord, Prepared, Role};
use crate::words::PhraseMatch;

/// A dictionary phrase found in the sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    /// First word.
    pub start: usize,
    /// One past the last word.
    pub end: usize,
    /// Index of the entry in its dictionary.
    pub entry: u32,
}

impl From<PhraseMatch> for Found {
    fn from(found: PhraseMatch) -> Found {
        Found {
            start: found.start,
            end: found.end,
            entry: found.value,
        }
    }
}

/// A coded actor: who the phrase headed by `head` refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodedActor {
    /// Head word of the noun phrase.
    pub head: usize,
    /// First word of the evidence.
    pub start: usize,
    /// One past the last word of the evidence.
    pub end: usize,
    /// The composed code (`RUSMIL`, `---GOV`).
    pub code: String,
    /// The named actor that gave the country or organization part.
    pub actor: Option<Found>,
    /// The agent that gave the sector part.
    pub agent: Option<Found>,
    /// Resolved through a pronoun or a definite description.
    pub via_coreference: bool,
}

/// Why an event has the code it has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A pattern of the verb block matched.
    Pattern {
        /// Verb block index.
        block: u32,
        /// Pattern index within the block.
        pattern: u32,
    },
    /// The verb's own code (a verb line with `[code]`).
    Verb {
        /// Verb form index.
        form: u32,
    },
    /// The block's default code.
    Block {
        /// Verb block index.
        block: u32,
    },
}

/// One coded event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodedEvent {
    /// The verb (or event noun).
    pub trigger: usize,
    /// First and one-past-last word of the trigger, covering particles.
    pub trigger_words: (usize, usize),
    /// Who acted.
    pub source: Option<CodedActor>,
    /// Who was acted upon.
    pub target: Option<CodedActor>,
    /// The CAMEO event code as the dictionary gives it.
    pub code: String,
    /// What decided the code.
    pub rule: Rule,
    /// "did not attack".
    pub negated: bool,
    /// Coded from a noun ("the bombing of the convoy"), which PETRARCH does not do.
    pub nominal: bool,
    /// The reverse half of a paired code such as `[042:043]`.
    pub paired: bool,
}

/// Everything coded in one sentence.
#[derive(Clone, Debug, Default)]
pub struct SentenceCoding {
    /// Named actors found by the dictionaries.
    pub actors: Vec<Found>,
    /// Agents found.
    pub agents: Vec<Found>,
    /// Events, deduplicated.
    pub events: Vec<CodedEvent>,
    /// The discard phrase that stopped coding, if any.
    pub discard: Option<Found>,
    /// Issue phrases.
    pub issues: Vec<Found>,
}

/// What the coder may use from outside the sentence.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The document's publication date: date-bounded actor codes follow it.
    pub date: Option<NaiveDate>,
    /// The last actor coded earlier in the paragraph, for "it", "the ministry".
    pub antecedent: Option<String>,
    /// Code nominal events as well.
    pub nominal_events: bool,
    /// Code an event only when both its source and its target are known
    /// (PETRARCH's `require_dyad`).
    pub require_dyad: bool,
}

/// Codes sentences with a set of dictionaries.
pub struct Coder {
    dictionaries: Dictionaries,
}

const PRONOUNS: &[&str] = &[
    "IT",
    "ITS",
    "THEY",
    "THEIR",
    "THEM",
    "HE",
    "HIS",
    "HIM",
    "SHE",
    "HER",
    "ITSELF",
    "THEMSELVES",
];

struct Sentence<'a> {
    dictionaries: &'a Dictionaries,
    prepared: Prepared,
    actor_at: Vec<Option<usize>>,
    agent_at: Vec<Option<usize>>,
    actors: Vec<Found>,
    agents: Vec<Found>,
    date: NaiveDate,
    antecedent: Option<String>,
    require_dyad: bool,
    /// Sorted ids of every dictionary word the sentence has, exact or as a prefix.
    present: Vec<u32>,
    /// Where a matching pattern put its `+` and `$` marks (token indices).
    marks: std::cell::Cell<(Option<usize>, Option<usize>)>,
    /// Words used by the pattern being matched: its specificity.
    matched_words: std::cell::Cell<u32>,
    /// The verb being coded has a coordinated subject (for `%`).
    compound_subject: std::cell::Cell<bool>,
    /// Words inside the verb's prepositional phrases (for pattern matching).
    in_prepositional: std::cell::Cell<Vec<bool>>,
}

impl Coder {
    /// A coder over `dictionaries`.
    pub fn new(mut dictionaries: Dictionaries) -> Coder {
        dictionaries.index_synsets();
        Coder { dictionaries }
    }

    /// The dictionaries it codes with.
    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dictionaries
    }

    /// Codes one parsed sentence.
    pub fn code(&self, words: &[ParsedWord], context: &Context) -> SentenceCoding {
        let dictionaries = &self.dictionaries;
        let prepared = Prepared::new(words, &dictionaries.vocabulary);
        let mut coding = SentenceCoding::default();
        if let Some(discard) = dictionaries
            .discard_trie
            .find_all(&prepared.lookups)
            .into_iter()
            .next()
        {
            coding.discard = Some(discard.into());
            return coding;
        }
        let found_in = |trie: &crate::words::PhraseTrie| -> Vec<Found> {
            trie.find_all(&prepared.lookups)
                .into_iter()
                .map(Found::from)
                .collect()
        };
        coding.issues = found_in(&dictionaries.issue_trie);
        let actors = found_in(&dictionaries.actor_trie);
        let agents = found_in(&dictionaries.agent_trie);
        let mut actor_at = vec![None; prepared.len()];
        for (idx, found) in actors.iter().enumerate() {
            actor_at[found.start..found.end].fill(Some(idx));
        }
        let mut agent_at = vec![None; prepared.len()];
        for (idx, found) in agents.iter().enumerate() {
            for slot in &mut agent_at[found.start..found.end] {
                // A named actor wins over an agent on the same words.
                if slot.is_none() {
                    *slot = Some(idx);
                }
            }
        }
        let date = context
            .date
            .unwrap_or_else(|| chrono::Utc::now().date_naive());
        let mut present: Vec<u32> = prepared
            .lookups
            .iter()
            .flat_map(|lookup| {
                lookup
                    .exact
                    .into_iter()
                    .chain(lookup.prefixes.as_slice().iter().copied())
            })
            .collect();
        present.sort_unstable();
        present.dedup();
        let sentence = Sentence {
            dictionaries,
            prepared,
            actor_at,
            agent_at,
            actors,
            agents,
            date,
            antecedent: context.antecedent.clone(),
            require_dyad: context.require_dyad,
            marks: std::cell::Cell::new((None, None)),
            matched_words: std::cell::Cell::new(0),
            compound_subject: std::cell::Cell::new(false),
            in_prepositional: std::cell::Cell::new(Vec::new()),
            present,
        };
        let mut events = Vec::new();
        for token in 0..sentence.prepared.len() {
            match sentence.prepared.classes[token] {
                Class::Verb => sentence.code_verb(token, &mut events),
                Class::Noun if context.nominal_events => sentence.code_noun(token, &mut events),
                _ => {}
            }
        }
        drop_reporting_shells(&sentence.prepared, &mut events);
        dedup_events(&mut events);
        coding.actors = sentence.actors;
        coding.agents = sentence.agents;
        coding.events = events;
        coding
    }
}

/// "X said that Y attacked Z": when a comment verb (01x) governs or hangs off
/// another coded event, PETRARCH codes the reported event, not the comment.
fn drop_reporting_shells(prepared: &Prepared, events: &mut Vec<CodedEvent>) {
    let triggers: Vec<usize> = events
        .iter()
        .filter(|event| !event.code.starts_with("01"))
        .map(|event| event.trigger)
        .collect();
    events.retain(|event| {
        if !event.code.starts_with("01") {
            return true;
        }
        let linked = triggers.iter().any(|&other| {
            prepared.heads[other] == Some(event.trigger)
                || prepared.heads[event.trigger] == Some(other)
        });
        !linked
    });
}

fn dedup_events(events: &mut Vec<CodedEvent>) {
    let mut seen = std::collections::HashSet::new();
    events.retain(|event| {
        let key = (
            event.source.as_ref().map(|actor| actor.code.clone()),
            event.target.as_ref().map(|actor| actor.code.clone()),
            event.code.clone(),
        );
        seen.insert(key)
    });
}

impl Sentence<'_> {
    fn is_core_role(role: Role) -> bool {
        matches!(
            role,
            Role::Compound
                | Role::Modifier
                | Role::Determiner
                | Role::Flat
                | Role::Possessor
                | Role::Number
        )
    }

    /// The words of the noun phrase proper under `head`: modifiers,
    /// compounds, possessors, but not prepositional phrases or clauses.
    fn core(&self, head: usize) -> Vec<usize> {
        let prepared = &self.prepared;
        let mut out = vec![head];
        let mut at = 0;
        while at < out.len() {
            let current = out[at];
            for &child in &prepared.children[current] {
                // "Eriadori and Calenardhon leaders": coordinated modifiers
                // belong to the phrase too.
                let coordinated_modifier =
                    current != head && prepared.roles[child] == Role::Conjunct;
                if Self::is_core_role(prepared.roles[child]) || coordinated_modifier {
                    out.push(child);
                }
            }
            at += 1;
        }
        out.sort_unstable();
        out
    }

    fn agent_code(&self, found: Found) -> (&str, bool) {
        let agent = &self.dictionaries.agents[found.entry as usize];
        (agent.code.as_str(), agent.prefix)
    }

    fn compose(&self, actor: Option<&str>, agents: &[Found]) -> Option<String> {
        let mut prefix = String::new();
        let mut suffix = String::new();
        for &agent in agents {
            let (code, is_prefix) = self.agent_code(agent);
            if is_prefix {
                prefix.push_str(code);
            } else if !suffix.contains(code) {
                suffix.push_str(code);
            }
        }
        match actor {
            Some(code) => {
                let mut composed = format!("{prefix}{code}");
                if !suffix.is_empty() && !composed.ends_with(&suffix) {
                    composed.push_str(&suffix);
                }
                Some(composed)
            }
            None if !prefix.is_empty() || !suffix.is_empty() => Some(if prefix.is_empty() {
                format!("---{suffix}")
            } else {
                format!("{prefix}{suffix}")
            }),
            None => None,
        }
    }

    /// Codes the noun phrase headed by `head`; several actors when it names
    /// a coordination inside ("the ambassadors of A, B and C").
    fn code_phrase(&self, head: usize, depth: usize) -> Vec<CodedActor> {
        let prepared = &self.prepared;
        let core = self.core(head);
        let mut actors_here: Vec<usize> = core
            .iter()
            .filter_map(|&token| self.actor_at[token])
            .collect();
        actors_here.dedup();
        let mut agents_here: Vec<usize> = core
            .iter()
            .filter_map(|&token| self.agent_at[token])
            .collect();
        agents_here.dedup();
        // Agent words that a named actor also covers belong to the actor.
        agents_here.retain(|&agent| {
            let found = self.agents[agent];
            (found.start..found.end).all(|token| self.actor_at[token].is_none())
        });
        let agents: Vec<Found> = agents_here.iter().map(|&idx| self.agents[idx]).collect();
        let start = core.first().copied().unwrap_or(head);
        let end = core.last().copied().unwrap_or(head) + 1;
        // The first named actor carries the country: "Gondor's Prime Minister
        // Falastur" is Gondor's government whatever Falastur's own code.
        let chosen = actors_here.first().copied();
        let named = chosen.and_then(|idx| {
            let found = self.actors[idx];
            self.dictionaries
                .actor_code(found.entry, self.date)
                .map(|code| (code, found))
        });
        if chosen.is_some() && named.is_none() && agents.is_empty() {
            // A known actor with the null code `---`: recognised, not coded.
            return Vec::new();
        }
        // Coordinated named modifiers make one actor each.
        let coordinated: Vec<usize> = actors_here
            .iter()
            .copied()
            .filter(|&idx| {
                let found = self.actors[idx];
                (found.start..found.end).any(|token| prepared.roles[token] == Role::Conjunct)
            })
            .collect();
        if named.is_some() && !coordinated.is_empty() && actors_here.len() > 1 {
            let mut out: Vec<CodedActor> = Vec::new();
            for &idx in &actors_here {
                let found = self.actors[idx];
                if let Some(code) = self.dictionaries.actor_code(found.entry, self.date) {
                    let code = self.compose(Some(code), &agents).unwrap_or_default();
                    if out.iter().all(|known| known.code != code) {
                        out.push(CodedActor {
                            head,
                            start: start.min(found.start),
                            end: end.max(found.end),
                            code,
                            actor: Some(found),
                            agent: agents.first().copied(),
                            via_coreference: false,
                        });
                    }
                }
            }
            return out;
        }
        if let Some((code, found)) = named {
            return vec![CodedActor {
                head,
                start: start.min(found.start),
                end: end.max(found.end),
                code: self.compose(Some(code), &agents).unwrap_or_default(),
                actor: Some(found),
                agent: agents.first().copied(),
                via_coreference: false,
            }];
        }
        // No named actor in the phrase itself: look in its prepositional
        // modifiers ("soldiers from Gondor", "the ambassadors of A and B").
        if depth < 3 {
            for &child in &prepared.children[head] {
                if !matches!(prepared.roles[child], Role::Oblique | Role::Apposition) {
                    continue;
                }
                // People words take their country from such a phrase ("soldiers
                // from Gondor"); an event noun's "in X" is where, not who.
                let case = prepared.case_of(child);
                let allowed = match case {
                    None | Some("OF") => true,
                    Some("IN" | "FROM" | "FOR" | "AT") => !agents.is_empty(),
                    _ => false,
                };
                if !allowed {
                    continue;
                }
                let mut found_here = Vec::new();
                for conjunct in prepared.with_conjuncts(child) {
                    for inner in self.code_phrase(conjunct, depth + 1) {
                        found_here.push(inner);
                    }
                }
                if !found_here.is_empty() {
                    for actor in &mut found_here {
                        if actor.actor.is_some()
                            && let Some(code) = self.compose(Some(actor.code.as_str()), &agents)
                        {
                            actor.code = code;
                        }
                        actor.head = head;
                        actor.start = actor.start.min(start);
                        actor.end = actor.end.max(end);
                        if actor.agent.is_none() {
                            actor.agent = agents.first().copied();
                        }
                    }
                    return found_here;
                }
            }
        }
        let pronoun = prepared.classes[head] == Class::Pronoun
            && PRONOUNS.contains(&prepared.normalized[head].as_str());
        let definite = !agents.is_empty()
            && core.iter().any(|&token| {
                prepared.normalized[token] == "THE" && prepared.roles[token] == Role::Determiner
            });
        let in_sentence = pronoun
            .then(|| {
                self.actors
                    .iter()
                    .rev()
                    .filter(|found| found.end <= head)
                    .find_map(|found| self.dictionaries.actor_code(found.entry, self.date))
                    .map(str::to_string)
            })
            .flatten();
        if (pronoun || definite)
            && let Some(antecedent) = in_sentence.as_ref().or(self.antecedent.as_ref())
        {
            let country: String = antecedent.chars().take(3).collect();
            let code = if pronoun {
                antecedent.clone()
            } else {
                self.compose(Some(country.as_str()), &agents)
                    .unwrap_or(country)
            };
            return vec![CodedActor {
                head,
                start,
                end,
                code,
                actor: None,
                agent: agents.first().copied(),
                via_coreference: true,
            }];
        }
        match self.compose(None, &agents) {
            Some(code) => vec![CodedActor {
                head,
                start,
                end,
                code,
                actor: None,
                agent: agents.first().copied(),
                via_coreference: false,
            }],
            None => Vec::new(),
        }
    }

    fn code_role(&self, head: usize) -> Vec<CodedActor> {
        let prepared = &self.prepared;
        let mut out: Vec<CodedActor> = Vec::new();
        // Countries the first conjunct has: "lawmakers and officials in Arnor
        // and Gondor" gives the officials the same countries.
        let mut shared_countries: Vec<String> = Vec::new();
        for (position, conjunct) in prepared.with_conjuncts(head).into_iter().enumerate() {
            let mut coded = self.code_phrase(conjunct, 0);
            if position == 0 {
                shared_countries = coded
                    .iter()
                    .filter_map(|actor| {
                        actor
                            .actor
                            .and_then(|found| self.dictionaries.actor_code(found.entry, self.date))
                    })
                    .map(str::to_string)
                    .collect();
                shared_countries.dedup();
            } else if !shared_countries.is_empty()
                && !coded.is_empty()
                && coded.iter().all(|actor| actor.code.starts_with("---"))
            {
                let agent_only = coded.remove(0);
                for country in &shared_countries {
                    let mut actor = agent_only.clone();
                    actor.code = format!("{country}{}", &agent_only.code[3..]);
                    coded.push(actor);
                }
            }
            out.extend(coded);
            // "Evil Mordor, the awful Arnor, and good Gondor": a parser may
            // attach a listed name as an apposition; a different named actor
            // there is one more member, not a description.
            for &child in &prepared.children[conjunct] {
                if prepared.roles[child] == Role::Apposition
                    && prepared.classes[child] == Class::ProperNoun
                {
                    for actor in self.code_phrase(child, 0) {
                        if actor.actor.is_some() && out.iter().all(|known| known.code != actor.code)
                        {
                            out.push(actor);
                        }
                    }
                }
            }
        }
        out
    }

    /// The subject of `verb`, climbing to the governing verb for infinitives,
    /// coordinated verbs and participles. Returns the word and whether the
    /// clause is passive.
    fn subject_of(&self, verb: usize) -> Option<(usize, bool)> {
        let prepared = &self.prepared;
        let mut current = verb;
        for _ in 0..6 {
            for &child in &prepared.children[current] {
                match prepared.roles[child] {
                    Role::Subject => return Some((child, false)),
                    // "Gollum was seen to break into...": the passive subject
                    // of the governing verb is the active subject of its complement.
                    Role::PassiveSubject => return Some((child, current == verb)),
                    _ => {}
                }
            }
            let head = prepared.heads[current]?;
            match prepared.roles[current] {
                Role::OpenComplement | Role::Conjunct => current = head,
                Role::AdverbialClause if self.is_infinitive_clause(current) => current = head,
                Role::Clause | Role::RelativeClause => {
                    return (prepared.classes[head] != Class::Verb).then_some((head, false));
                }
                _ => return None,
            }
        }
        None
    }

    fn is_passive(&self, verb: usize) -> bool {
        self.prepared.children[verb].iter().any(|&child| {
            matches!(
                self.prepared.roles[child],
                Role::PassiveSubject | Role::PassiveAuxiliary
            )
        })
    }

    /// Locative prepositions say where, not to whom: they hold a target
    /// only when nothing else does ("fired shells at Seoul").
    fn is_locative(&self, token: usize) -> bool {
        matches!(
            self.prepared.case_of(token),
            Some(
                "IN" | "AT"
                    | "NEAR"
                    | "INSIDE"
                    | "OUTSIDE"
                    | "ACROSS"
                    | "ALONG"
                    | "AROUND"
                    | "DURING"
                    | "AFTER"
                    | "BEFORE"
                    | "SINCE"
                    | "UNTIL"
            )
        )
    }

    /// Candidate target heads of `verb`, best first.
    fn target_heads(&self, verb: usize, passive: bool) -> Vec<usize> {
        let prepared = &self.prepared;
        let mut heads = Vec::new();
        let children = &prepared.children[verb];
        for &child in children {
            if prepared.roles[child] == Role::Object {
                heads.push(child);
            }
        }
        for &child in children {
            if prepared.roles[child] == Role::Complement {
                for &grandchild in &prepared.children[child] {
                    if prepared.roles[grandchild] == Role::Subject {
                        heads.push(grandchild);
                    }
                }
            }
        }
        for locative in [false, true] {
            for &child in children {
                if prepared.roles[child] == Role::Oblique
                    && self.is_locative(child) == locative
                    && !(passive && prepared.case_of(child) == Some("BY"))
                {
                    heads.push(child);
                }
            }
        }
        for &child in children {
            if matches!(
                prepared.roles[child],
                Role::OpenComplement | Role::Complement
            ) || self.is_infinitive_clause(child)
            {
                for &grandchild in &prepared.children[child] {
                    if matches!(prepared.roles[grandchild], Role::Object | Role::Oblique) {
                        heads.push(grandchild);
                    }
                }
            }
        }
        heads
    }

    /// "vowed to wage war on X", "signed an accord to supply X": an
    /// infinitive clause with no subject of its own continues the verb.
    fn is_infinitive_clause(&self, token: usize) -> bool {
        let prepared = &self.prepared;
        prepared.roles[token] == Role::AdverbialClause
            && prepared.children[token].iter().any(|&child| {
                prepared.roles[child] == Role::Marker && prepared.normalized[child] == "TO"
            })
            && !prepared.children[token]
                .iter()
                .any(|&child| matches!(prepared.roles[child], Role::Subject | Role::PassiveSubject))
    }

    fn find_target(
        &self,
        verb: usize,
        passive: bool,
        exclude: &[usize],
        avoid: &[String],
    ) -> Vec<CodedActor> {
        let prepared = &self.prepared;
        let candidates = self.target_heads(verb, passive);
        let usable = |mut coded: Vec<CodedActor>| {
            coded.retain(|actor| !avoid.contains(&actor.code));
            coded
        };
        for &head in &candidates {
            if exclude.contains(&head) {
                continue;
            }
            let coded = usable(self.code_role(head));
            if !coded.is_empty() {
                return coded;
            }
            // "welcomed the resumption of ties with Osgiliath": the actor
            // sits in the object's modifiers, breadth first.
            let mut frontier = vec![head];
            for _ in 0..3 {
                let mut next = Vec::new();
                for &node in &frontier {
                    // Who, before where: "celebrated Iftar in Osgiliath with Gondor".
                    let mut ordered: Vec<usize> = prepared.children[node].to_vec();
                    ordered.sort_by_key(|&child| self.is_locative(child));
                    for child in ordered {
                        let pronoun = prepared.classes[child] == Class::Pronoun;
                        if matches!(
                            prepared.roles[child],
                            Role::Oblique | Role::Possessor | Role::Clause
                        ) && !exclude.contains(&child)
                            && !pronoun
                        {
                            let coded = usable(self.code_role(child));
                            if !coded.is_empty() {
                                return coded;
                            }
                            next.push(child);
                        }
                    }
                }
                frontier = next;
            }
        }
        Vec::new()
    }

    fn sources_and_targets(&self, verb: usize) -> (Vec<CodedActor>, Vec<CodedActor>) {
        let prepared = &self.prepared;
        let subject = self.subject_of(verb);
        let passive = self.is_passive(verb) || subject.is_some_and(|(_, passive)| passive);
        let subject_actors = subject
            .map(|(head, _)| self.code_role(head))
            .unwrap_or_default();
        if passive {
            let agent = prepared.children[verb].iter().copied().find(|&child| {
                prepared.roles[child] == Role::Agent
                    || (prepared.roles[child] == Role::Oblique
                        && prepared.case_of(child) == Some("BY"))
            });
            let mut sources = agent.map(|head| self.code_role(head)).unwrap_or_default();
            let exclude: Vec<usize> = agent.into_iter().collect();
            let targets = if subject_actors.is_empty() {
                self.find_target(verb, true, &exclude, &[])
            } else {
                subject_actors
            };
            if sources.is_empty() {
                // No "by" phrase: PETRARCH takes the actor of another
                // prepositional phrase ("shot dead in Osgiliath").
                let subject_head = subject.map(|(head, _)| head);
                let target_codes: Vec<String> =
                    targets.iter().map(|actor| actor.code.clone()).collect();
                let skip: Vec<usize> = subject_head.into_iter().collect();
                sources = self.find_target(verb, true, &skip, &target_codes);
            }
            (sources, targets)
        } else {
            let exclude: Vec<usize> = subject.map(|(head, _)| head).into_iter().collect();
            let source_codes: Vec<String> = subject_actors
                .iter()
                .map(|actor| actor.code.clone())
                .collect();
            let targets = self.find_target(verb, false, &exclude, &source_codes);
            (subject_actors, targets)
        }
    }

    /// The words a pattern is matched against: the clause of `verb` before
    /// and after it, without coordinated clauses and parentheticals.
    fn pattern_scope(&self, verb: usize) -> (Vec<usize>, Vec<usize>) {
        let prepared = &self.prepared;
        let skip = |child: usize| {
            matches!(
                prepared.roles[child],
                Role::Conjunct | Role::Parataxis | Role::Punctuation
            ) || (prepared.roles[child] == Role::AdverbialClause
                && prepared.children[child]
                    .iter()
                    .any(|&g| prepared.roles[g] == Role::Subject))
        };
        let mut scope = prepared.subtree(verb, &skip);
        if let Some((subject, _)) = self.subject_of(verb)
            && !scope.contains(&subject)
        {
            scope.extend(prepared.subtree(subject, &|_| false));
            scope.sort_unstable();
            scope.dedup();
        }
        let before = scope
            .iter()
            .copied()
            .filter(|&token| token < verb)
            .collect();
        let after = scope
            .iter()
            .copied()
            .filter(|&token| token > verb)
            .collect();
        (before, after)
    }

    /// Matches one element at sequence position `at`; returns where it ends.
    /// Counts the words it used in `matched_words` (restored on failure),
    /// which is how specific a match is.
    fn element_at(&self, element: &Element, sequence: &[usize], at: usize) -> Option<usize> {
        match element {
            Element::Word(word) => {
                let token = *sequence.get(at)?;
                let hit = self.prepared.lookups[token].matches(*word);
                if hit {
                    self.matched_words.set(self.matched_words.get() + 1);
                }
                hit.then_some(at + 1)
            }
            Element::Synset(id) => {
                let synset = self.dictionaries.synsets.get(*id as usize)?;
                if let Some(first_words) = &synset.first_words {
                    let token = *sequence.get(at)?;
                    let lookup = &self.prepared.lookups[token];
                    if !first_words.iter().any(|word| lookup.matches(*word)) {
                        return None;
                    }
                }
                let saved = self.matched_words.get();
                let mut best: Option<(usize, u32)> = None;
                for member in &synset.members {
                    self.matched_words.set(saved);
                    if let Some(end) = self.block_at(member, sequence, at) {
                        let count = self.matched_words.get();
                        if best.is_none_or(|(_, best_count)| count > best_count) {
                            best = Some((end, count));
                        }
                    }
                }
                match best {
                    Some((end, count)) => {
                        self.matched_words.set(count);
                        Some(end)
                    }
                    None => {
                        self.matched_words.set(saved);
                        None
                    }
                }
            }
            Element::Block(inner) => self.block_at(inner, sequence, at),
            Element::Preposition(inner) => {
                let saved = self.matched_words.get();
                let (first, rest) = inner.split_first()?;
                let matched = self
                    .element_at(first, sequence, at)
                    .and_then(|after_preposition| {
                        self.gapped_from(rest, sequence, after_preposition)
                    });
                if matched.is_none() {
                    self.matched_words.set(saved);
                }
                matched
            }
            Element::Target | Element::Source => {
                let (mut target, mut source) = self.marks.get();
                let here = sequence.get(at).copied();
                if *element == Element::Target {
                    target = target.or(here);
                } else {
                    source = source.or(here);
                }
                self.marks.set((target, source));
                Some(at)
            }
            Element::Compound => {
                // `%`: the verb's subject is a coordination; such a pattern
                // is about the coordination itself, so it ranks high.
                if self.compound_subject.get() {
                    self.matched_words.set(self.matched_words.get() + 2);
                    Some(at)
                } else {
                    None
                }
            }
            Element::Skip => Some(at),
        }
    }

    /// Elements on consecutive words, allowing one intervening word in all
    /// ("new global economic relations" for `{NEW &TIETYPES RELATIONS}`).
    fn block_at(&self, elements: &[Element], sequence: &[usize], at: usize) -> Option<usize> {
        let saved = self.matched_words.get();
        let mut position = at;
        let mut skipped = 0;
        for (idx, element) in elements.iter().enumerate() {
            match self.element_at(element, sequence, position) {
                Some(end) => position = end,
                None if idx > 0 && skipped == 0 && position + 1 < sequence.len() => {
                    match self.element_at(element, sequence, position + 1) {
                        Some(end) => {
                            position = end;
                            skipped = 1;
                        }
                        None => {
                            self.matched_words.set(saved);
                            return None;
                        }
                    }
                }
                None => {
                    self.matched_words.set(saved);
                    return None;
                }
            }
        }
        let contiguous = (at + 1..position).all(|p| sequence[p] == sequence[p - 1] + 1);
        if !contiguous {
            self.matched_words.set(saved);
        }
        contiguous.then_some(position)
    }

    /// Elements in order, with any words between them.
    fn gapped_from(&self, elements: &[Element], sequence: &[usize], from: usize) -> Option<usize> {
        self.gapped(elements, sequence, from, false)
    }

    /// [`Self::gapped_from`]; with `objects_only`, plain words must come from
    /// the verb's object phrases, as in PETRARCH-2, not from its
    /// prepositional phrases, which only `( )` groups match ("detained
    /// people at a protest" is not "held a protest").
    fn gapped(
        &self,
        elements: &[Element],
        sequence: &[usize],
        from: usize,
        objects_only: bool,
    ) -> Option<usize> {
        let saved = self.matched_words.get();
        let mut position = from;
        let in_pp = self.in_prepositional.take();
        for element in elements {
            let mut matched = None;
            let plain = matches!(
                element,
                Element::Word(_) | Element::Synset(_) | Element::Block(_)
            );
            for start in position..=sequence.len() {
                if objects_only
                    && plain
                    && sequence
                        .get(start)
                        .is_some_and(|&token| in_pp.get(token).copied().unwrap_or(false))
                {
                    continue;
                }
                if let Some(end) = self.element_at(element, sequence, start) {
                    matched = Some(end);
                    break;
                }
            }
            match matched {
                Some(end) => position = end,
                None => {
                    self.matched_words.set(saved);
                    self.in_prepositional.set(in_pp);
                    return None;
                }
            }
        }
        self.in_prepositional.set(in_pp);
        Some(position)
    }

    /// The most specific matching pattern, with where its `+` and `$` marks fell.
    #[allow(clippy::type_complexity)]
    fn best_pattern(
        &self,
        block: u32,
        verb: usize,
    ) -> Option<(u32, (Option<usize>, Option<usize>))> {
        let patterns = &self.dictionaries.patterns_by_block[block as usize];
        if patterns.is_empty() {
            return None;
        }
        let (before, after) = self.pattern_scope(verb);
        let mut in_pp = vec![false; self.prepared.len()];
        for &child in &self.prepared.children[verb] {
            if self.prepared.roles[child] == Role::Oblique && self.prepared.case_of(child).is_some()
            {
                for token in self.prepared.subtree(child, &|_| false) {
                    in_pp[token] = true;
                }
            }
        }
        self.in_prepositional.set(in_pp);
        let mut best: Option<(u32, u32, (Option<usize>, Option<usize>))> = None;
        self.compound_subject.set(
            self.subject_of(verb)
                .is_some_and(|(subject, _)| self.prepared.with_conjuncts(subject).len() > 1),
        );
        for (idx, pattern) in patterns.iter().enumerate() {
            // `[+++]`, `[###]`: not a code at all, so not a pattern to code with.
            let usable_code = pattern
                .code
                .forward
                .iter()
                .chain(&pattern.code.reverse)
                .all(|code| code.chars().all(|ch| ch.is_ascii_alphanumeric()));
            if !usable_code {
                continue;
            }
            let present =
                |word: &crate::words::PhraseWord| self.present.binary_search(&word.id).is_ok();
            if !pattern.required.iter().all(present) || !self.synsets_possible(pattern) {
                continue;
            }
            self.marks.set((None, None));
            self.matched_words.set(0);
            if self.gapped(&pattern.after, &after, 0, true).is_none() {
                continue;
            }
            if self.gapped_from(&pattern.before, &before, 0).is_none() {
                continue;
            }
            let weight = self.matched_words.get();
            if best.is_none_or(|(best_weight, _, _)| weight > best_weight) {
                best = Some((weight, idx as u32, self.marks.get()));
            }
        }
        best.map(|(_, idx, marks)| (idx, marks))
    }

    /// False when a synset the pattern needs cannot start anywhere in the sentence.
    fn synsets_possible(&self, pattern: &crate::dict::Pattern) -> bool {
        fn check(sentence: &Sentence<'_>, elements: &[Element]) -> bool {
            elements.iter().all(|element| match element {
                Element::Synset(id) => {
                    match &sentence.dictionaries.synsets[*id as usize].first_words {
                        Some(words) => words
                            .iter()
                            .any(|word| sentence.present.binary_search(&word.id).is_ok()),
                        None => true,
                    }
                }
                Element::Block(inner) | Element::Preposition(inner) => check(sentence, inner),
                _ => true,
            })
        }
        check(self, &pattern.before) && check(self, &pattern.after)
    }

    /// The first coded noun phrase at or after `from`, inside `verb`'s clause.
    fn actor_from(&self, verb: usize, from: usize) -> Vec<CodedActor> {
        let (_, after) = self.pattern_scope(verb);
        for &token in after.iter().filter(|&&token| token >= from) {
            let possessive_pronoun = self.prepared.classes[token] == Class::Pronoun
                && self.prepared.roles[token] == Role::Possessor;
            if !possessive_pronoun
                && matches!(
                    self.prepared.classes[token],
                    Class::Noun | Class::ProperNoun | Class::Pronoun
                )
            {
                let coded = self.code_role(token);
                if !coded.is_empty() {
                    return coded;
                }
            }
        }
        Vec::new()
    }

    /// The verb form at `token`, preferring multi-word verbs whose other
    /// words stand next to it ("break down", "wire tap").
    fn verb_form(&self, token: usize) -> Option<(u32, (usize, usize))> {
        let prepared = &self.prepared;
        let id = prepared.lookups[token].exact?;
        let forms = self.dictionaries.verbs_by_word.get(&id)?;
        let mut best: Option<(u32, (usize, usize), usize)> = None;
        for &form_idx in forms {
            let form = &self.dictionaries.verb_forms[form_idx as usize];
            let first = token.checked_sub(form.verb_word)?;
            let last = first + form.words.len();
            if last > prepared.len() {
                continue;
            }
            let fits = form
                .words
                .iter()
                .enumerate()
                .all(|(offset, &word)| prepared.lookups[first + offset].exact == Some(word));
            if fits && best.is_none_or(|(_, _, length)| form.words.len() > length) {
                best = Some((form_idx, (first, last), form.words.len()));
            }
        }
        best.map(|(form, span, _)| (form, span))
    }

    fn code_verb(&self, verb: usize, events: &mut Vec<CodedEvent>) {
        // "the US-led coalition": a participle used as an adjective names no event.
        if matches!(
            self.prepared.roles[verb],
            Role::Modifier | Role::Compound | Role::Determiner
        ) {
            return;
        }
        let Some((form_idx, trigger_words)) = self.verb_form(verb) else {
            return;
        };
        let form = &self.dictionaries.verb_forms[form_idx as usize];
        let block = form.block;
        let mut marks = (None, None);
        let (code, rule) = match self.best_pattern(block, verb) {
            Some((pattern, pattern_marks)) => {
                marks = pattern_marks;
                (
                    self.dictionaries.patterns_by_block[block as usize][pattern as usize]
                        .code
                        .clone(),
                    Rule::Pattern { block, pattern },
                )
            }
            None => match &form.code {
                Some(code) => (code.clone(), Rule::Verb { form: form_idx }),
                None => (
                    self.dictionaries.verb_blocks[block as usize].code.clone(),
                    Rule::Block { block },
                ),
            },
        };
        if code.is_null() {
            return;
        }
        let negated = self.prepared.is_negated(verb).is_some();
        let (mut sources, mut targets) = self.sources_and_targets(verb);
        let (target_mark, source_mark) = marks;
        if let Some(mark) = source_mark {
            // `$` after the verb: the source is there and the subject is acted upon.
            let marked = self.actor_from(verb, mark);
            if !marked.is_empty() {
                targets = std::mem::replace(&mut sources, marked);
            }
        }
        if let Some(mark) = target_mark {
            let marked = self.actor_from(verb, mark);
            if !marked.is_empty() {
                targets = marked;
            }
        }
        let refers_back = !targets.is_empty()
            && targets.iter().all(|target| {
                target.via_coreference || sources.iter().any(|source| source.code == target.code)
            });
        if (targets.is_empty() || refers_back) && sources.len() >= 2 {
            // "Gondor and Osgiliath renewed ties": a compound subject with no
            // target acts on each other.
            for source in &sources {
                let others: Vec<CodedActor> = sources
                    .iter()
                    .filter(|other| other.code != source.code)
                    .cloned()
                    .collect();
                self.emit(
                    verb,
                    trigger_words,
                    &code,
                    &rule,
                    negated,
                    false,
                    std::slice::from_ref(source),
                    &others,
                    events,
                );
            }
            return;
        }
        self.emit(
            verb,
            trigger_words,
            &code,
            &rule,
            negated,
            false,
            &sources,
            &targets,
            events,
        );
    }

    /// "the attack on the base by coalition aircraft", "Russia's bombing of
    /// the convoy": an event noun with its actors in its modifiers.
    fn code_noun(&self, noun: usize, events: &mut Vec<CodedEvent>) {
        let prepared = &self.prepared;
        let Some((form_idx, _)) = self.verb_form(noun) else {
            return;
        };
        let form = &self.dictionaries.verb_forms[form_idx as usize];
        if form.words.len() != 1 {
            return;
        }
        let block = form.block;
        let code = form
            .code
            .clone()
            .unwrap_or_else(|| self.dictionaries.verb_blocks[block as usize].code.clone());
        let Some(forward) = &code.forward else {
            return;
        };
        // Only material conflict nouns: "talks" or "statement" nouns are too vague to code alone.
        if !matches!(
            forward.get(..2),
            Some("14" | "15" | "17" | "18" | "19" | "20")
        ) {
            return;
        }
        let mut sources = Vec::new();
        let mut targets = Vec::new();
        for &child in &prepared.children[noun] {
            match (prepared.roles[child], prepared.case_of(child)) {
                (Role::Possessor, _) | (Role::Oblique, Some("BY")) if sources.is_empty() => {
                    sources = self.code_role(child);
                }
                (Role::Oblique, Some("ON" | "OF" | "AGAINST" | "AT" | "IN"))
                    if targets.is_empty() =>
                {
                    targets = self.code_role(child);
                }
                _ => {}
            }
        }
        if sources.is_empty() && targets.is_empty() {
            return;
        }
        let rule = Rule::Block { block };
        let code = CodeSpec {
            forward: Some(forward.clone()),
            reverse: None,
        };
        self.emit(
            noun,
            (noun, noun + 1),
            &code,
            &rule,
            false,
            true,
            &sources,
            &targets,
            events,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        trigger: usize,
        trigger_words: (usize, usize),
        code: &CodeSpec,
        rule: &Rule,
        negated: bool,
        nominal: bool,
        sources: &[CodedActor],
        targets: &[CodedActor],
        events: &mut Vec<CodedEvent>,
    ) {
        if sources.is_empty() && targets.is_empty() {
            return;
        }
        if self.require_dyad && (sources.is_empty() || targets.is_empty()) {
            return;
        }
        let none = [None];
        let source_options: Vec<Option<&CodedActor>> = if sources.is_empty() {
            none.to_vec()
        } else {
            sources.iter().map(Some).collect()
        };
        let target_options: Vec<Option<&CodedActor>> = if targets.is_empty() {
            none.to_vec()
        } else {
            targets.iter().map(Some).collect()
        };
        for source in &source_options {
            for target in &target_options {
                if let (Some(source), Some(target)) = (source, target)
                    && source.code == target.code
                {
                    continue;
                }
                if let Some(forward) = &code.forward {
                    events.push(CodedEvent {
                        trigger,
                        trigger_words,
                        source: source.cloned(),
                        target: target.cloned(),
                        code: forward.clone(),
                        rule: rule.clone(),
                        negated,
                        nominal,
                        paired: false,
                    });
                }
                if let Some(reverse) = &code.reverse {
                    events.push(CodedEvent {
                        trigger,
                        trigger_words,
                        source: target.cloned(),
                        target: source.cloned(),
                        code: reverse.clone(),
                        rule: rule.clone(),
                        negated,
                        nominal,
                        paired: true,
                    });
                }
            }
        }
    }
}
