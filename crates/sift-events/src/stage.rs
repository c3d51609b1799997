//! The event stage: runs the coder over every sentence of a document and
//! turns word indices into byte spans.

use sift_core::{
    Actor, ActorOrigin, CameoCode, Diagnostic, Doc, EntityLabel, Event, EventRule, LayerKind,
    PloverCode, SentenceKind, Span, Stage,
};

use crate::coder::{CodedActor, CodedEvent, Coder, Context, Found, Rule};
use crate::parse::ParsedWord;

/// Looks up what an event code means. The stage works without one (labels
/// stay empty), so coding never depends on the taxonomy being complete.
pub trait Taxonomy: Send + Sync {
    /// The CAMEO reading of `code`, and its PLOVER mapping.
    fn describe(&self, code: &str) -> (CameoCode, Option<PloverCode>);
}

/// Adds the actor and event layers.
pub struct EventStage {
    coder: Coder,
    taxonomy: Option<Box<dyn Taxonomy>>,
}

impl EventStage {
    /// A stage over `coder`, with a taxonomy for labels when given.
    pub fn new(coder: Coder, taxonomy: Option<Box<dyn Taxonomy>>) -> EventStage {
        EventStage { coder, taxonomy }
    }

    fn describe(&self, code: &str) -> (CameoCode, Option<PloverCode>) {
        match &self.taxonomy {
            Some(taxonomy) => taxonomy.describe(code),
            None => (
                CameoCode {
                    code: code.to_string(),
                    label: None,
                    goldstein: None,
                    quad_class: None,
                },
                None,
            ),
        }
    }

    fn entry_text(&self, found: Found) -> String {
        let dictionaries = self.coder.dictionaries();
        let entry = &dictionaries.actors[found.entry as usize];
        format!("{} ({})", entry.root, dictionaries.location(entry.origin))
    }

    fn agent_text(&self, found: Found) -> String {
        let dictionaries = self.coder.dictionaries();
        let agent = &dictionaries.agents[found.entry as usize];
        let code = if agent.prefix {
            format!("{}~", agent.code)
        } else {
            format!("~{}", agent.code)
        };
        format!(
            "{} {} ({})",
            agent.phrase,
            code,
            dictionaries.location(agent.origin)
        )
    }

    fn rule(&self, rule: &Rule) -> EventRule {
        let dictionaries = self.coder.dictionaries();
        let block_of = |block: u32| &dictionaries.verb_blocks[block as usize];
        match rule {
            Rule::Pattern { block, pattern } => {
                let pattern = &dictionaries.patterns_by_block[*block as usize][*pattern as usize];
                EventRule {
                    verb: block_of(*block).name.clone(),
                    pattern: pattern.text.clone(),
                    location: dictionaries.location(pattern.origin),
                }
            }
            Rule::Verb { form } => {
                let form = &dictionaries.verb_forms[*form as usize];
                let block = block_of(form.block);
                EventRule {
                    verb: block.name.clone(),
                    pattern: format!("{} (verb's own code)", form.root),
                    location: dictionaries.location(block.origin),
                }
            }
            Rule::Block { block } => {
                let block = block_of(*block);
                EventRule {
                    verb: block.name.clone(),
                    pattern: format!("--- {} --- (block default)", block.name),
                    location: dictionaries.location(block.origin),
                }
            }
        }
    }
}

/// The coder's view of one sentence of a tagged and parsed document.
pub fn sentence_words(doc: &Doc, sentence: &sift_core::Sentence) -> Vec<ParsedWord> {
    let range = sentence.token_range();
    let first = range.start;
    range
        .clone()
        .map(|idx| {
            let dependency = doc.dependencies()[idx];
            ParsedWord {
                text: doc.slice(doc.tokens()[idx].span).to_string(),
                upos: doc.tags()[idx].upos,
                head: dependency
                    .head
                    .map(|head| head as usize)
                    .filter(|&head| range.contains(&head))
                    .map(|head| head - first),
                label: dependency.label,
            }
        })
        .collect()
}

fn words_span(doc: &Doc, first_token: usize, start: usize, end: usize) -> Span {
    let tokens = doc.tokens();
    let first = &tokens[first_token + start];
    let last = &tokens[first_token + end.max(start + 1) - 1];
    Span::new(first.span.start(), last.span.end())
}

impl Stage for EventStage {
    fn name(&self) -> &'static str {
        "events"
    }

    fn requires(&self) -> &'static [LayerKind] {
        &[
            LayerKind::Tokens,
            LayerKind::Sentences,
            LayerKind::Tags,
            LayerKind::Dependencies,
            LayerKind::Entities,
            LayerKind::Dates,
            LayerKind::Places,
            LayerKind::Claims,
        ]
    }

    fn produces(&self) -> &'static [LayerKind] {
        &[LayerKind::Actors, LayerKind::Events]
    }

    fn run(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        let mut actors = Vec::new();
        let mut events = Vec::new();
        // Without a publication date, codes are read as of today: looked up
        // once, not per sentence.
        let day = doc
            .publication_date()
            .unwrap_or_else(|| chrono::Utc::now().date_naive());
        let mut antecedent: Option<String> = None;
        let mut paragraph = u32::MAX;
        let dictionaries = self.coder.dictionaries();
        for (sentence_idx, sentence) in doc.sentences().iter().enumerate() {
            if sentence.kind == SentenceKind::Dateline {
                continue;
            }
            if sentence.paragraph != paragraph {
                paragraph = sentence.paragraph;
                antecedent = None;
            }
            let first = sentence.token_range().start;
            let words = sentence_words(doc, sentence);
            let context = Context {
                date: Some(day),
                antecedent: antecedent.clone(),
                nominal_events: true,
                require_dyad: false,
            };
            let coding = self.coder.code(&words, &context);
            let sentence_number = sentence_idx as u32;
            if let Some(discard) = coding.discard {
                let entry = &dictionaries.discards[discard.entry as usize];
                diagnostics.push(
                    Diagnostic::info(
                        "event-discard",
                        format!(
                            "sentence not coded: discard phrase '{}' ({})",
                            entry.phrase,
                            dictionaries.location(entry.origin)
                        ),
                    )
                    .at(words_span(doc, first, discard.start, discard.end)),
                );
                continue;
            }
            for found in &coding.actors {
                let code = dictionaries
                    .actor_code(found.entry, day)
                    .map(str::to_string);
                if let Some(code) = &code {
                    antecedent = Some(code.clone());
                }
                actors.push(Actor {
                    span: words_span(doc, first, found.start, found.end),
                    code,
                    entry: Some(self.entry_text(*found)),
                    agent: None,
                    origin: ActorOrigin::Dictionary,
                    sentence: sentence_number,
                });
            }
            for found in &coding.agents {
                let inside_actor = coding
                    .actors
                    .iter()
                    .any(|actor| actor.start < found.end && found.start < actor.end);
                if inside_actor {
                    continue;
                }
                let agent = &dictionaries.agents[found.entry as usize];
                actors.push(Actor {
                    span: words_span(doc, first, found.start, found.end),
                    code: Some(if agent.prefix {
                        agent.code.clone()
                    } else {
                        format!("---{}", agent.code)
                    }),
                    entry: None,
                    agent: Some(self.agent_text(*found)),
                    origin: ActorOrigin::Agent,
                    sentence: sentence_number,
                });
            }
            // Named entities the dictionaries do not know stay visible, with
            // the agent next to them as a sector guess.
            let sentence_span = sentence.span;
            // Entities are in text order: start at the sentence, not at the top.
            let entities = doc.entities();
            let from =
                entities.partition_point(|entity| entity.span.end() <= sentence_span.start());
            for entity in entities[from..]
                .iter()
                .take_while(|entity| entity.span.start() < sentence_span.end())
                .filter(|entity| sentence_span.contains(entity.span))
            {
                if !matches!(
                    entity.label,
                    EntityLabel::Person | EntityLabel::Org | EntityLabel::Norp
                ) {
                    continue;
                }
                let start = entity.first_token as usize - first;
                let end = start + entity.n_tokens as usize;
                let known = coding
                    .actors
                    .iter()
                    .any(|actor| actor.start < end && start < actor.end);
                if known {
                    continue;
                }
                let sector = coding
                    .agents
                    .iter()
                    .find(|agent| agent.start <= end + 1 && start <= agent.end + 1)
                    .map(|agent| self.agent_text(*agent));
                actors.push(Actor {
                    span: entity.span,
                    code: None,
                    entry: None,
                    agent: sector,
                    origin: ActorOrigin::Unknown,
                    sentence: sentence_number,
                });
            }
            for event in &coding.events {
                if !worth_reporting(event) {
                    continue;
                }
                events.push(self.event(doc, first, sentence_number, event));
            }
        }
        actors.sort_by_key(|actor| (actor.span.start(), actor.span.end()));
        doc.set_actors(actors);
        doc.set_events(events);
        diagnostics
    }
}

/// An event with one side missing is kept only when the known side is a
/// named actor: "officials said" alone tells an analyst nothing.
fn worth_reporting(event: &CodedEvent) -> bool {
    match (&event.source, &event.target) {
        (Some(_), Some(_)) => true,
        (Some(actor), None) | (None, Some(actor)) => {
            !actor.code.starts_with("---") && !actor.via_coreference
        }
        (None, None) => false,
    }
}

impl EventStage {
    fn actor(&self, doc: &Doc, first: usize, sentence: u32, actor: &CodedActor) -> Actor {
        Actor {
            span: words_span(doc, first, actor.start, actor.end),
            code: Some(actor.code.clone()),
            entry: actor.actor.map(|found| self.entry_text(found)),
            agent: actor.agent.map(|found| self.agent_text(found)),
            origin: if actor.via_coreference {
                ActorOrigin::Coreference
            } else if actor.actor.is_some() {
                ActorOrigin::Dictionary
            } else {
                ActorOrigin::Agent
            },
            sentence,
        }
    }

    fn event(&self, doc: &Doc, first: usize, sentence: u32, event: &CodedEvent) -> Event {
        let (cameo, plover) = self.describe(&event.code);
        Event {
            trigger: words_span(doc, first, event.trigger_words.0, event.trigger_words.1),
            sentence,
            source: event
                .source
                .as_ref()
                .map(|actor| self.actor(doc, first, sentence, actor)),
            target: event
                .target
                .as_ref()
                .map(|actor| self.actor(doc, first, sentence, actor)),
            cameo,
            plover,
            rule: self.rule(&event.rule),
            negated: event.negated,
            nominal: event.nominal,
            claim: sift_core::claim_at(doc.claims(), first + event.trigger),
            place: sift_geo::locate(doc, doc.places(), sentence as usize, first + event.trigger)
                .map(|located| sift_core::EventPlace {
                    place: located.place_index,
                    rule: located.rule.as_str().to_string(),
                    relation: located.relation,
                }),
            date: sift_time::date_event(doc, doc.dates(), sentence as usize, first + event.trigger),
        }
    }
}
