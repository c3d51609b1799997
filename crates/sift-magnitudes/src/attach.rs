//! What a quantity counts: the people it names and the words that tell what
//! happened to them. A quantity that counts no people of a known kind (a
//! date, an age, money, trucks, "Resolution 2254") gets no attachment.
//!
//! The rules read the words around the quantity first (the verb before it,
//! the participle after its noun, a tally such as "the death toll rose to"),
//! because they are what the parser gets wrong least, and fall back on the
//! dependency parse for what lies further away.

use std::ops::Range;

use sift_core::{Dependency, Entity, EntityLabel, MagnitudeKind, TokenKind, TokenTag};

use crate::lexicon::{self, Cue, Lower, Voice};
use crate::quantity::{OfPhrase, Quantity, Words};

/// One sentence of a tagged and parsed document.
pub(crate) struct SentenceView<'a> {
    pub words: Words<'a>,
    pub tags: &'a [TokenTag],
    pub dependencies: &'a [Dependency],
    pub entities: &'a [Entity],
    pub range: Range<usize>,
}

impl SentenceView<'_> {
    fn lower(&self, idx: usize) -> Lower {
        if self.range.contains(&idx) {
            self.words.lower(idx)
        } else {
            Lower::new("")
        }
    }

    /// The word before `idx` in this sentence, lower-cased; empty at the start.
    fn lower_before(&self, idx: usize, back: usize) -> Lower {
        if idx >= self.range.start + back {
            self.lower(idx - back)
        } else {
            Lower::new("")
        }
    }

    pub(crate) fn upos(&self, idx: usize) -> &'static str {
        self.tags.get(idx).map_or("X", |tag| tag.upos.as_str())
    }

    fn xpos(&self, idx: usize) -> &'static str {
        self.tags.get(idx).map_or("", |tag| tag.xpos.as_str())
    }

    pub(crate) fn head(&self, idx: usize) -> Option<usize> {
        self.dependencies
            .get(idx)
            .and_then(|dep| dep.head)
            .map(|head| head as usize)
            .filter(|head| self.range.contains(head))
    }

    pub(crate) fn relation(&self, idx: usize) -> &'static str {
        self.dependencies
            .get(idx)
            .map_or("", |dep| dep.label.as_str())
    }

    pub(crate) fn children(&self, idx: usize) -> impl Iterator<Item = usize> + '_ {
        self.range
            .clone()
            .filter(move |&child| self.head(child) == Some(idx))
    }

    fn is_capitalized(&self, idx: usize) -> bool {
        self.words.tokens[idx].kind == TokenKind::Word
            && self
                .words
                .text(idx)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    }
}

/// What a quantity counts, and the evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Attachment {
    pub kind: MagnitudeKind,
    /// The words that decided the kind.
    pub cue: Range<usize>,
    /// The people counted, when named.
    pub victims: Option<Range<usize>>,
    /// The figure is a part of a larger one ("among the dead were five
    /// children"), so it bounds the count from below only.
    pub lower_bound: bool,
    /// The verb that governs the figure's phrase in the parse.
    pub governor: Option<usize>,
    /// How the kind was decided, for coordination: a verb before the
    /// figure is shared by the figure after "and".
    pub from_verb_before: bool,
    /// One past the last token of the figure's phrase (its noun, if any).
    pub phrase_end: usize,
}

/// Who the quantity's noun names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum People {
    /// No noun: "killing 30", "30 were killed".
    Unnamed,
    /// People; `forces` for troops, police and the like.
    Person { forces: bool },
    /// A noun that is a kind of its own ("bodies", "protesters").
    Kind(MagnitudeKind),
    /// "lives", as in "claimed 1,000 lives".
    Lives,
    /// An unknown plural noun: people only when a strong verb says so.
    Unknown,
    /// A measure ("years", "km", "percent").
    Unit,
    /// Anything else: "trucks", "homes", "Harbour Road".
    Thing,
}

/// The noun phrase after a quantity.
struct NounPhrase {
    first: usize,
    head: Option<usize>,
    /// Its last token: the head, or a word hyphenated to it ("passers-by").
    last: Option<usize>,
    /// A kind adjective before the head ("wounded protesters").
    adjective: Option<(MagnitudeKind, usize)>,
}

/// Finds what `quantity` counts; `previous` is the attachment of the figure
/// before it in the same sentence, for "wounded 17 officers and 26
/// demonstrators". `in_date` says whether a span lies in a date expression.
pub(crate) fn attach(
    view: &SentenceView,
    quantity: &Quantity,
    previous: Option<&Attachment>,
    in_date: bool,
) -> Option<Attachment> {
    if in_date || quantity.point == Some(0) || is_not_a_count(view, quantity) {
        return None;
    }
    let phrase = noun_phrase(view, quantity);
    let people = phrase
        .head
        .map_or(People::Unnamed, |head| people_of(view, head));
    if matches!(people, People::Unit) {
        return None;
    }
    let phrase_end = phrase.last.map_or(quantity.tokens.end, |last| last + 1);
    let victims = phrase.last.map(|last| phrase.first..last + 1);
    let governor = governor(view, quantity, phrase.head);

    let decision = decide(view, quantity, &phrase, people, previous)?;
    // "holding 200 girls captive" is hostage-taking, not arrest.
    if decision.kind == MagnitudeKind::Arrested && held_captive(view, quantity) {
        return None;
    }
    Some(Attachment {
        kind: decision.kind,
        cue: decision.cue,
        victims,
        lower_bound: decision.lower_bound,
        governor,
        from_verb_before: decision.from_verb_before,
        phrase_end,
    })
}

/// What the rules decided about a figure.
struct Decision {
    kind: MagnitudeKind,
    cue: Range<usize>,
    lower_bound: bool,
    from_verb_before: bool,
}

impl Decision {
    fn new(kind: MagnitudeKind, cue: Range<usize>) -> Decision {
        Decision {
            kind,
            cue,
            lower_bound: false,
            from_verb_before: false,
        }
    }
}

/// The rules in the order they are trusted: a verb before the figure, a
/// word after its people, a tally, the parse, an adjective, the noun itself,
/// a verb shared with the figure before.
fn decide(
    view: &SentenceView,
    quantity: &Quantity,
    phrase: &NounPhrase,
    people: People,
    previous: Option<&Attachment>,
) -> Option<Decision> {
    let phrase_end = phrase.last.map_or(quantity.tokens.end, |last| last + 1);
    if let Some((cue, range)) = verb_before(view, quantity, people) {
        return Some(Decision {
            from_verb_before: true,
            ..Decision::new(cue.kind, range)
        });
    }
    if let Some((kind, range)) = word_after(view, phrase_end, phrase.head.is_some(), people) {
        return Some(Decision::new(kind, range));
    }
    if let Some((kind, range, lower_bound)) = tally_before(view, quantity, phrase_end, people) {
        return Some(Decision {
            lower_bound,
            ..Decision::new(kind, range)
        });
    }
    if let Some((kind, range)) = parse_predicate(view, quantity, phrase.head, people) {
        return Some(Decision::new(kind, range));
    }
    if let Some((kind, token)) = phrase.adjective {
        return Some(Decision::new(kind, token..token + 1));
    }
    if let (People::Kind(kind), Some(head)) = (people, phrase.head) {
        return Some(Decision::new(kind, head..head + 1));
    }
    // "wounded 17 officers and 26 demonstrators": the verb is shared.
    if let Some(previous) = previous
        && previous.from_verb_before
        && previous.phrase_end + 1 == quantity.tokens.start
        && matches!(view.lower(previous.phrase_end).as_str(), "and" | "," | "or")
    {
        let cue = Cue {
            kind: previous.kind,
            voice: Voice::Transitive,
            needs_person: false,
            needs_forces: false,
        };
        if accepts(&cue, people) {
            return Some(Decision {
                from_verb_before: true,
                ..Decision::new(previous.kind, previous.cue.clone())
            });
        }
    }
    None
}

/// Ages, labels, money, model names, years, parts of a larger group.
fn is_not_a_count(view: &SentenceView, quantity: &Quantity) -> bool {
    let first = quantity.tokens.start;
    let end = quantity.tokens.end;
    let before = view.lower_before(first, 1);
    let before = before.as_str();
    let after = view.lower(end);
    let after = after.as_str();
    if lexicon::currency_before(before) || lexicon::unit_noun(after) || after == "o'clock" {
        return true;
    }
    // "per cent" is two tokens; "percent" one.
    if after == "per" && view.lower(end + 1).as_str() == "cent" {
        return true;
    }
    // "F-16", "T-72": a number glued to a word by a hyphen.
    let tokens = view.words.tokens;
    if first > view.range.start {
        let glued_before = view.words.touches_next(first - 1);
        if glued_before && tokens[first - 1].kind == TokenKind::Word {
            return true;
        }
        if glued_before
            && before == "-"
            && first >= view.range.start + 2
            && view.words.touches_next(first - 2)
            && tokens[first - 2].kind == TokenKind::Word
        {
            return true;
        }
    }
    // "32-year-old", "40-vehicle", "300-strong".
    if end < view.range.end
        && view.words.touches_next(end - 1)
        && (after == "-" || tokens[end].kind == TokenKind::Word)
    {
        let word_follows = after != "-"
            || (end + 1 < view.range.end
                && view.words.touches_next(end)
                && tokens[end + 1].kind == TokenKind::Word);
        if word_follows {
            return true;
        }
    }
    if !quantity.modified {
        // "Resolution 2254", "Route 9", "aged 32", "March 12".
        if lexicon::label_word(before) {
            return true;
        }
        if first > view.range.start && view.is_capitalized(first - 1) {
            let people_follow = end < view.range.end && {
                let next = view.lower(end);
                lexicon::person_noun(next.as_str()) || lexicon::kind_noun(next.as_str()).is_some()
            };
            if !people_follow {
                return true;
            }
        }
        // "The prime minister, 58, said"; "Deandre Joshua, 20 was"; "(32)".
        let after_age = after == ","
            || (before == "," && view.upos(first - 2) == "PROPN")
                && matches!(view.upos(end), "AUX" | "VERB");
        if (before == "," && after_age || before == "(" && after == ")")
            && quantity.point.is_some_and(|n| n <= 120)
            && first >= view.range.start + 2
            && matches!(view.upos(first - 2), "NOUN" | "PROPN")
        {
            return true;
        }
        // A year: "in 2015", "since 1990".
        if quantity.point.is_some_and(|n| (1900..=2100).contains(&n))
            && quantity.tokens.len() == 1
            && view.words.text(first).len() == 4
            && matches!(
                before,
                "in" | "since" | "of" | "until" | "by" | "from" | "before" | "after" | "the"
            )
        {
            return true;
        }
    }
    // Parts of a group already counted: "three of the wounded", "three of
    // whom", "two of the 12 dead". "Hundreds of their fighters" and "three
    // of the protesters" still count people.
    if after == "of" {
        let determiner = view.lower(end + 1);
        match determiner.as_str() {
            "them" | "whom" | "which" | "us" | "those" | "these" => return true,
            "the" | "their" | "his" | "her" | "its" | "our" | "whose" => {
                let next = end + 2;
                // "one of the journalists" picks out a person, it counts none.
                if quantity.point == Some(1) {
                    return true;
                }
                if next < view.range.end
                    && (view.words.is_number(next)
                        || lexicon::kind_noun(view.lower(next).as_str()).is_some()
                        || matches!(view.lower(next).as_str(), "victims" | "casualties"))
                {
                    return true;
                }
            }
            _ => {}
        }
    }
    // A subgroup of a figure already given: "including 12 children",
    // "among them 5 women".
    if matches!(before, "including" | "includes")
        || (matches!(before, "them" | "whom")
            && matches!(view.lower_before(first, 2).as_str(), "among" | "of"))
    {
        return true;
    }
    false
}

/// The noun phrase after the quantity: "30 [fighters]", "dozens of
/// [people]", "70 [wounded protesters]", "17 [police officers]".
fn noun_phrase(view: &SentenceView, quantity: &Quantity) -> NounPhrase {
    let mut idx = quantity.tokens.end;
    if view.lower(idx).as_str() == "of" {
        let determiner = view.lower(idx + 1);
        if matches!(
            determiner.as_str(),
            "the" | "their" | "his" | "her" | "its" | "our" | "your" | "my"
        ) {
            // "three of the protesters", "hundreds of their fighters".
            idx += 2;
        } else if quantity.people != OfPhrase::Direct {
            idx += 1;
        }
    } else if quantity.people == OfPhrase::Required {
        // "thousands march": the vague word is the noun itself.
        return NounPhrase {
            first: idx,
            head: None,
            last: None,
            adjective: None,
        };
    }
    let first = idx;
    let mut head = None;
    let mut last = None;
    let mut adjective = None;
    let limit = (first + 6).min(view.range.end);
    while idx < limit {
        let word = view.lower(idx);
        let word = word.as_str();
        match view.upos(idx) {
            "NOUN" | "PROPN" => {
                // A second noun continues the phrase only when the first
                // modifies it ("police officers", "al-Qaeda members"), not
                // in "people Tuesday".
                if let Some(previous) = head
                    && !matches!(view.relation(previous), "compound" | "flat")
                    && !(view.upos(previous) == "PROPN" && view.upos(idx) == "NOUN")
                {
                    break;
                }
                head = Some(idx);
                last = Some(idx);
                idx += 1;
            }
            // "passers-by", "pro-government".
            "PUNCT"
                if word == "-"
                    && idx > first
                    && view.words.touches_next(idx - 1)
                    && view.words.touches_next(idx) =>
            {
                idx += 1;
                if idx < limit {
                    if matches!(view.upos(idx), "NOUN" | "PROPN") || head.is_none() {
                        head = Some(idx);
                    }
                    last = Some(idx);
                    idx += 1;
                }
            }
            "ADJ" | "VERB" | "ADV" if head.is_none() => {
                let is_modifier = match view.upos(idx) {
                    "ADJ" => true,
                    "VERB" => matches!(view.xpos(idx), "VBN" | "VBG") && idx + 1 < limit,
                    _ => matches!(word, "more" | "other"),
                };
                if !is_modifier {
                    break;
                }
                if adjective.is_none()
                    && let Some(kind) = lexicon::kind_noun(word).or_else(|| {
                        lexicon::cue_word(word)
                            .filter(|cue| cue.voice != Voice::Intransitive)
                            .map(|cue| cue.kind)
                    })
                {
                    adjective = Some((kind, idx));
                }
                idx += 1;
            }
            _ => break,
        }
    }
    if head.is_none() {
        adjective = None;
        last = None;
    }
    NounPhrase {
        first,
        head,
        last,
        adjective,
    }
}

fn people_of(view: &SentenceView, head: usize) -> People {
    let word = view.lower(head);
    let word = word.as_str();
    if word == "lives" {
        return People::Lives;
    }
    if let Some(kind) = lexicon::kind_noun(word) {
        return People::Kind(kind);
    }
    if lexicon::person_noun(word) {
        return People::Person {
            forces: lexicon::forces_noun(word),
        };
    }
    if lexicon::unit_noun(word) {
        return People::Unit;
    }
    let text = view.words.text(head);
    let in_group_name = view
        .entities
        .iter()
        .any(|entity| entity.label == EntityLabel::Norp && entity.token_range().contains(&head));
    // "Palestinians", "Kurds", "Iraqis": a capitalised plural with the
    // ending of a people's name ("Schools" in a headline is none).
    let demonym = text.len() >= 4
        && view.is_capitalized(head)
        && matches!(view.upos(head), "PROPN" | "NOUN")
        && ["ans", "is", "ites", "ons", "ks", "ds", "bs", "ese", "ys"]
            .iter()
            .any(|ending| word.ends_with(ending));
    if in_group_name || demonym {
        return People::Person { forces: false };
    }
    if view.xpos(head) == "NNS" && !view.is_capitalized(head) && !thing_noun(word) {
        return People::Unknown;
    }
    People::Thing
}

/// Plural nouns of things that strong verbs still take as objects ("killed
/// 300 cattle" is no casualty figure).
fn thing_noun(word: &str) -> bool {
    matches!(
        word,
        "cattle"
            | "sheep"
            | "cows"
            | "goats"
            | "animals"
            | "livestock"
            | "birds"
            | "chickens"
            | "trucks"
            | "vehicles"
            | "cars"
            | "homes"
            | "houses"
            | "buildings"
            | "rockets"
            | "missiles"
            | "shells"
            | "drones"
            | "tanks"
            | "villages"
            | "towns"
            | "rallies"
            | "meetings"
            | "talks"
            | "sessions"
            | "rounds"
    )
}

/// Whether a cue can count these people.
fn accepts(cue: &Cue, people: People) -> bool {
    match people {
        People::Unit | People::Thing => false,
        People::Lives => cue.kind == MagnitudeKind::Killed,
        People::Unknown => !cue.needs_person && !cue.needs_forces,
        People::Unnamed => !cue.needs_person,
        People::Person { forces } => !cue.needs_forces || forces,
        // Protesters and refugees are people whatever happens to them;
        // "bodies" and "arrests" count only what they name.
        People::Kind(MagnitudeKind::Participants | MagnitudeKind::Displaced) => !cue.needs_forces,
        People::Kind(kind) => kind == cue.kind,
    }
}

/// A verb right before the quantity takes it as its object: "killed about
/// 30", "killing at least 156", "shot dead 8", "rounded up 40", "claimed
/// more than 1,000 lives", "lost 15 men", "forced 20,000 to leave".
fn verb_before(
    view: &SentenceView,
    quantity: &Quantity,
    people: People,
) -> Option<(Cue, Range<usize>)> {
    let first = quantity.tokens.start;
    if first == view.range.start {
        return None;
    }
    let verb = first - 1;
    let word = view.lower(verb);
    let word = word.as_str();
    let two_back = view.lower_before(first, 2);
    let killed = Cue {
        kind: MagnitudeKind::Killed,
        voice: Voice::Transitive,
        needs_person: false,
        needs_forces: false,
    };
    let phrase = match (two_back.as_str(), word) {
        ("shot" | "gunned", "dead" | "down") => Some((killed, verb - 1..verb + 1)),
        ("rounded" | "round" | "rounding", "up") => Some((
            Cue {
                kind: MagnitudeKind::Arrested,
                ..killed
            },
            verb - 1..verb + 1,
        )),
        _ => None,
    };
    if let Some((cue, range)) = phrase {
        return accepts(&cue, people).then_some((cue, range));
    }
    match word {
        // "claimed 1,000 lives", "lost 15 men".
        "claimed" | "claiming" | "claim" | "claims" | "cost" | "costing" | "took" | "taken"
            if people == People::Lives =>
        {
            return Some((killed, verb..verb + 1));
        }
        "lost" | "losing" if matches!(people, People::Person { .. } | People::Lives) => {
            return Some((killed, verb..verb + 1));
        }
        // "forced 20,000 to leave their homes", "forced thousands from their homes".
        "forced" | "forcing" | "drove" | "driven" => {
            let after = view.lower(quantity.tokens.end);
            let after_phrase = (quantity.tokens.end..(quantity.tokens.end + 4).min(view.range.end))
                .any(|idx| {
                    matches!(
                        view.lower(idx).as_str(),
                        "leave" | "flee" | "homes" | "home" | "evacuate"
                    )
                });
            if matches!(after.as_str(), "to" | "from" | "out" | "of") || after_phrase {
                let cue = Cue {
                    kind: MagnitudeKind::Displaced,
                    ..killed
                };
                if accepts(&cue, people) {
                    return Some((cue, verb..verb + 1));
                }
            }
            return None;
        }
        _ => {}
    }
    let cue = lexicon::cue_word(word)?;
    if cue.voice != Voice::Transitive || !matches!(view.upos(verb), "VERB" | "AUX" | "ADJ") {
        return None;
    }
    // "the wounded 70" is no verb; "was wounded 3 times" is no object.
    if matches!(
        view.lower_before(first, 2).as_str(),
        "the" | "were" | "was" | "been" | "are" | "is"
    ) {
        return None;
    }
    accepts(&cue, people).then_some((cue, verb..verb + 1))
}

/// "captive" or "hostage" within a few words after the figure.
fn held_captive(view: &SentenceView, quantity: &Quantity) -> bool {
    (quantity.tokens.end..(quantity.tokens.end + 6).min(view.range.end)).any(|idx| {
        matches!(
            view.lower(idx).as_str(),
            "captive" | "captives" | "hostage" | "hostages" | "captivity"
        )
    })
}

/// A word after the people that says what happened to them: "30 people
/// were killed", "16 wounded", "4,000 have fled", "5,000 protesters
/// marched", "100,000 took part", "200 migrants are feared dead".
fn word_after(
    view: &SentenceView,
    phrase_end: usize,
    named: bool,
    people: People,
) -> Option<(MagnitudeKind, Range<usize>)> {
    let mut idx = phrase_end;
    // "Two attackers and a policeman were killed": one more coordinated
    // noun phrase without a number of its own.
    if named && idx < view.range.end && view.lower(idx).as_str() == "and" {
        let mut look = idx + 1;
        while look < view.range.end
            && look < idx + 5
            && matches!(view.upos(look), "DET" | "ADJ" | "NOUN" | "PROPN")
        {
            look += 1;
        }
        if look > idx + 1 && matches!(view.upos(look - 1), "NOUN" | "PROPN") {
            idx = look;
        }
    }
    // "four Americans, including the ambassador, were killed": skip the aside.
    let opener = view.lower(idx);
    if named
        && idx + 1 < view.range.end
        && matches!(opener.as_str(), "," | "-" | "–" | "—" | "(")
        && matches!(
            view.lower(idx + 1).as_str(),
            "including" | "among" | "mostly" | "most" | "many" | "all" | "some" | "both"
        )
        && let Some(close) = (idx + 2..(idx + 14).min(view.range.end)).find(|&k| {
            let word = view.lower(k);
            word.as_str() == opener.as_str() || (opener.as_str() == "(" && word.as_str() == ")")
        })
    {
        idx = close + 1;
    }
    // "five immigrants from three countries were arrested": skip a
    // prepositional phrase with no verb in it. Only a passive or an
    // intransitive cue may follow it (see below).
    let mut after_phrase = false;
    if named
        && matches!(
            view.lower(idx).as_str(),
            "from" | "of" | "in" | "at" | "with" | "near" | "on" | "inside"
        )
    {
        let mut look = idx + 1;
        while look < view.range.end
            && look < idx + 9
            && matches!(
                view.upos(look),
                "ADP" | "DET" | "ADJ" | "NOUN" | "PROPN" | "NUM" | "PUNCT" | "CCONJ"
            )
            && !matches!(view.lower(look).as_str(), "," | ";" | "that" | "who")
        {
            look += 1;
        }
        if look < view.range.end && matches!(view.upos(look), "AUX" | "VERB") {
            idx = look;
            after_phrase = true;
        }
    }
    let mut passive = false;
    let mut active_perfect = false;
    let mut skipped = 0;
    while idx < view.range.end && skipped < 6 {
        let word = view.lower(idx);
        let word = word.as_str();
        if !lexicon::skippable_before_cue(word) {
            break;
        }
        // "left" is skipped only before a predicate ("were left homeless").
        if word == "left" && !matches!(view.lower(idx + 1).as_str(), "homeless" | "dead") {
            break;
        }
        if lexicon::passive_auxiliary(word) {
            passive = true;
        } else if matches!(word, "have" | "has" | "had") {
            active_perfect = true;
        }
        idx += 1;
        skipped += 1;
    }
    if idx >= view.range.end {
        return None;
    }
    let word = view.lower(idx);
    let word = word.as_str();
    let next = view.lower(idx + 1);
    let next = next.as_str();
    let participants = MagnitudeKind::Participants;
    let within = |range: usize, test: fn(&str) -> bool| {
        (idx + 1..(idx + 1 + range).min(view.range.end)).find(|&k| test(view.lower(k).as_str()))
    };
    let phrase = match word {
        "shot" | "found" if next == "dead" => Some((MagnitudeKind::Killed, idx..idx + 2)),
        "took" | "take" | "taking" | "takes" if next == "part" => {
            within(5, lexicon::protest_noun).map(|end| (participants, idx..end + 1))
        }
        "took" | "take" | "taking" if next == "to" => {
            within(3, |w| w == "streets").map(|end| (participants, idx..end + 1))
        }
        "went" | "go" | "going" | "staged" | "stage" | "joined" | "join" | "attended"
        | "attend" | "held" => {
            within(3, lexicon::protest_noun).map(|end| (participants, idx..end + 1))
        }
        "treated" if next == "for" => within(3, |w| matches!(w, "injuries" | "wounds" | "burns"))
            .map(|end| (MagnitudeKind::Injured, idx..end + 1)),
        "taken" | "took" if next == "into" => {
            within(3, |w| w == "custody").map(|end| (MagnitudeKind::Arrested, idx..end + 1))
        }
        "rounded" if next == "up" => Some((MagnitudeKind::Arrested, idx..idx + 2)),
        "forced" | "driven" if matches!(next, "from" | "out" | "to") => {
            Some((MagnitudeKind::Displaced, idx..idx + 2))
        }
        _ => None,
    };
    if let Some((kind, range)) = phrase {
        let cue = Cue {
            kind,
            voice: Voice::Intransitive,
            needs_person: false,
            needs_forces: false,
        };
        return accepts(&cue, people).then_some((kind, range));
    }
    let cue = lexicon::cue_word(word)?;
    // "three agents were sent home" is no deployment.
    if cue.needs_forces && matches!(next, "home" | "back") {
        return None;
    }
    if after_phrase && !passive && cue.voice != Voice::Intransitive {
        return None;
    }
    let valid = match cue.voice {
        Voice::Transitive => {
            if passive {
                true
            } else if active_perfect {
                false
            } else {
                // A bare participle ("30 people killed in", "16 wounded"),
                // not an active verb with an object ("30 soldiers killed 12").
                skipped == 0
                    && (idx + 1 >= view.range.end
                        || !matches!(
                            view.upos(idx + 1),
                            "DET" | "NUM" | "PRON" | "PROPN" | "NOUN"
                        ))
            }
        }
        Voice::Intransitive => !passive || matches!(word, "drowned"),
        Voice::Predicate => true,
    };
    (valid && accepts(&cue, people)).then_some((cue.kind, idx..idx + 1))
}

/// A tally before the figure: "the death toll rose to 40", "put the number
/// of dead at 28", "the massacre of 200 villagers", "a crowd of 2,000", "the
/// dead numbered 16", "among the dead were five children" (a lower bound).
fn tally_before(
    view: &SentenceView,
    quantity: &Quantity,
    phrase_end: usize,
    people: People,
) -> Option<(MagnitudeKind, Range<usize>, bool)> {
    if !matches!(
        people,
        People::Unnamed | People::Person { .. } | People::Kind(_)
    ) {
        return None;
    }
    let first = quantity.tokens.start;
    if first == view.range.start {
        return None;
    }
    let before = view.lower(first - 1);
    let before = before.as_str();
    match before {
        // "the massacre of 200", "the lives of 23 people", "a crowd of 2,000":
        // the tally word is right before "of".
        "of" => {
            let word_idx = first
                .checked_sub(2)
                .filter(|&idx| idx >= view.range.start)?;
            let word = view.lower(word_idx);
            if word.as_str() == "lives" {
                // "claimed the lives of 23 people".
                let mut verb = word_idx.checked_sub(1)?;
                if view.lower(verb).as_str() == "the" {
                    verb = verb.checked_sub(1)?;
                }
                let claims = matches!(
                    view.lower(verb).as_str(),
                    "claimed" | "claiming" | "cost" | "took" | "taken" | "lost"
                );
                return claims.then_some((MagnitudeKind::Killed, word_idx..word_idx + 1, false));
            }
            let kind = lexicon::tally_word(word.as_str())?;
            Some((kind, word_idx..word_idx + 1, false))
        }
        // "according to two sources", "due to", "close to" hold no tally.
        "to" | "at" | "toward" | "towards"
            if !matches!(
                view.lower_before(first, 2).as_str(),
                "according" | "due" | "owing" | "next" | "close" | "up" | "thanks" | "prior"
            ) =>
        {
            scan_for_tally(view, first - 1, quantity.number_token, &(first..phrase_end))
                .map(|(kind, range)| (kind, range, false))
        }
        "were" | "was" | "are" | "is" | "included" | "includes" | "include" => {
            // "Among the dead were five children", "the dead included 30 children".
            let (kind, range) =
                scan_for_tally(view, first - 1, quantity.number_token, &(first..phrase_end))?;
            let among =
                (view.range.start..range.start).any(|idx| view.lower(idx).as_str() == "among");
            let includes = before.starts_with("includ");
            (among || includes).then_some((kind, range, true))
        }
        _ if lexicon::tally_verb(before) => {
            scan_for_tally(view, first - 1, quantity.number_token, &(first..phrase_end))
                .map(|(kind, range)| (kind, range, false))
        }
        _ => None,
    }
}

/// The nearest tally word before `end`, within eight words and no other
/// number: "toll" (with its compound, "death toll"), "dead", "crowd"...
fn scan_for_tally(
    view: &SentenceView,
    end: usize,
    number: usize,
    figure: &Range<usize>,
) -> Option<(MagnitudeKind, Range<usize>)> {
    // The verb that holds the figure ("rose to 40"); when the parse gives it
    // a subject or object, the tally must be in it ("the temperature
    // reached 34" names no tally however close "demonstrators" is).
    let mut verb = None;
    let mut current = number;
    for _ in 0..4 {
        let Some(head) = view.head(current) else {
            break;
        };
        if view.upos(head) == "VERB" {
            verb = Some(head);
            break;
        }
        current = head;
    }
    let arguments: Vec<usize> = verb.map_or_else(Vec::new, |verb| {
        view.children(verb)
            .filter(|&child| {
                matches!(
                    view.relation(child),
                    "nsubj" | "nsubj:pass" | "obj" | "nsubj:outer"
                ) && !figure.contains(&child)
            })
            .collect()
    });
    let in_arguments =
        |idx: usize| arguments.is_empty() || arguments.iter().any(|&arg| is_below(view, idx, arg));
    let start = end.saturating_sub(8).max(view.range.start);
    for idx in (start..end).rev() {
        if view.words.is_number(idx) || view.lower(idx).as_str() == ";" {
            return None;
        }
        let word = view.lower(idx);
        let Some(kind) = lexicon::tally_word(word.as_str()) else {
            continue;
        };
        if !in_arguments(idx) {
            return None;
        }
        if word.as_str() == "toll" {
            // "death toll" → killed; "injury toll" → injured; a "casualty
            // toll" mixes both and is left alone.
            let modifier = view.lower_before(idx, 1);
            return match modifier.as_str() {
                "injury" => Some((MagnitudeKind::Injured, idx - 1..idx + 1)),
                "casualty" => None,
                "death" => Some((kind, idx - 1..idx + 1)),
                _ => Some((kind, idx..idx + 1)),
            };
        }
        return Some((kind, idx..idx + 1));
    }
    None
}

/// True when `idx` is `ancestor` or hangs from it within five steps.
fn is_below(view: &SentenceView, idx: usize, ancestor: usize) -> bool {
    let mut current = idx;
    for _ in 0..=5 {
        if current == ancestor {
            return true;
        }
        match view.head(current) {
            Some(head) => current = head,
            None => return false,
        }
    }
    false
}

/// The dependency parse, for what lies further away: the figure's phrase
/// is the object of a cue verb, the passive or intransitive subject, or a
/// conjunct of such a phrase ("killed 14 men and 12 women").
fn parse_predicate(
    view: &SentenceView,
    quantity: &Quantity,
    noun: Option<usize>,
    people: People,
) -> Option<(MagnitudeKind, Range<usize>)> {
    let mut phrase = phrase_head(view, quantity, noun);
    for _ in 0..3 {
        // A conjunct with a preposition of its own ("according to two
        // sources") is no second object.
        if view.relation(phrase) != "conj"
            || view
                .children(phrase)
                .any(|child| view.relation(child) == "case")
        {
            break;
        }
        let head = view.head(phrase)?;
        if !matches!(view.upos(head), "NOUN" | "PROPN" | "NUM" | "PRON") {
            break;
        }
        phrase = head;
    }
    let verb = view.head(phrase)?;
    let relation = match view.relation(phrase) {
        // "were killed" with its subject labelled as active.
        "nsubj"
            if view
                .children(verb)
                .any(|child| view.relation(child) == "aux:pass") =>
        {
            "nsubj:pass"
        }
        other => other,
    };
    let check = |verb: usize| -> Option<(MagnitudeKind, Range<usize>)> {
        let word = view.lower(verb);
        let cue = lexicon::cue_word(word.as_str())?;
        let fits = match cue.voice {
            Voice::Transitive => matches!(relation, "obj" | "nsubj:pass" | "iobj"),
            Voice::Intransitive => matches!(relation, "nsubj" | "nsubj:pass"),
            Voice::Predicate => false,
        };
        (fits && accepts(&cue, people)).then_some((cue.kind, verb..verb + 1))
    };
    if let Some(found) = check(verb) {
        return Some(found);
    }
    // "are believed to have been killed": the cue is the reporting verb's
    // complement, and the figure its subject.
    if matches!(relation, "nsubj" | "nsubj:pass")
        && lexicon::non_event_verb(view.lower(verb).as_str())
    {
        // Only a raising complement shares the subject: "officials
        // confirmed that ISIS killed 300" says nothing of the officials.
        for child in view.children(verb) {
            if view.relation(child) != "xcomp" {
                continue;
            }
            if let Some(cue) = lexicon::cue_word(view.lower(child).as_str())
                && accepts(&cue, people)
            {
                return Some((cue.kind, child..child + 1));
            }
        }
    }
    None
}

/// The token that heads the figure's phrase in the parse: the noun when the
/// number modifies it ("30 fighters"), the number when the noun hangs from
/// it ("dozens of people").
fn phrase_head(view: &SentenceView, quantity: &Quantity, noun: Option<usize>) -> usize {
    let number = quantity.number_token;
    match noun {
        Some(noun) if view.head(noun) == Some(number) => number,
        Some(noun) => noun,
        None => number,
    }
}

/// The verb that governs the figure's phrase: where the figure sits in the
/// clause, for linking it to an event.
fn governor(view: &SentenceView, quantity: &Quantity, noun: Option<usize>) -> Option<usize> {
    let mut idx = phrase_head(view, quantity, noun);
    for _ in 0..6 {
        let head = view.head(idx)?;
        if matches!(view.upos(head), "VERB") {
            return Some(head);
        }
        idx = head;
    }
    None
}
