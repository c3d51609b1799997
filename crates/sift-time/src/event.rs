//! The date of an event: the date expression its trigger governs in the
//! parse, else one in its clause, else one in its sentence, else the
//! dateline's, else the publication date.

use sift_core::{
    DateMention, DatePrecision, DateRule, Doc, EventDate, EventDateRule, SentenceKind,
};

/// Relations that open a new clause: a date below one of them belongs to that
/// clause's event, not to the verb above it.
const CLAUSAL: &[&str] = &[
    "advcl",
    "advcl:relcl",
    "ccomp",
    "xcomp",
    "acl",
    "acl:relcl",
    "parataxis",
    "csubj",
    "csubj:pass",
    "conj",
    "root",
];

/// How many steps up the parse a governor may be.
const MAX_STEPS: usize = 12;

/// The date of the event whose trigger is token `trigger_token` in sentence
/// `sentence` of `doc`, chosen among `dates` (the document's date layer, in
/// text order), or `None` when nothing dates it: no date in its sentence, no
/// dated dateline and no publication date.
///
/// Among several dates in the sentence the one attached to the trigger wins
/// (the trigger governs it through non-clausal relations: `attacked ... on
/// Tuesday`, `the attack on Tuesday`), then one attached to the trigger's
/// clause, then the others; ties go to the finer precision, then to the
/// nearer expression. Out-of-range indices give `None`, never a panic.
pub fn date_event(
    doc: &Doc,
    dates: &[DateMention],
    sentence: usize,
    trigger_token: usize,
) -> Option<EventDate> {
    let sentence_range = doc.sentences().get(sentence)?.token_range();
    if !sentence_range.contains(&trigger_token) {
        return None;
    }
    // The token check keeps mentions from another document from indexing
    // past this one's parse.
    let in_sentence = dates.iter().enumerate().filter(|(_, date)| {
        date.sentence as usize == sentence
            && date.n_tokens > 0
            && sentence_range.start <= date.first_token as usize
            && date.token_range().end <= sentence_range.end
    });
    let parse = Parse::of(doc, sentence_range.clone());
    let trigger_clause = parse.as_ref().map(|p| p.clause_head(trigger_token));
    let best = in_sentence
        .map(|(idx, date)| {
            let closeness = match &parse {
                Some(parse) => parse.attachment(date, trigger_token, trigger_clause),
                None => Attachment::Sentence,
            };
            let distance = token_distance(date, trigger_token);
            (idx, date, closeness, distance)
        })
        .min_by_key(|&(_, date, closeness, distance)| (closeness, date.precision, distance));
    if let Some((idx, date, closeness, _)) = best {
        let rule = match closeness {
            Attachment::Trigger | Attachment::Clause => EventDateRule::Attached,
            Attachment::Sentence => EventDateRule::Sentence,
        };
        return Some(from_mention(idx, date, rule));
    }
    let dateline = dates.iter().enumerate().find(|(_, date)| {
        date.rule == DateRule::Dateline
            || doc
                .sentences()
                .get(date.sentence as usize)
                .is_some_and(|s| s.kind == SentenceKind::Dateline)
    });
    if let Some((idx, date)) = dateline {
        return Some(from_mention(idx, date, EventDateRule::Dateline));
    }
    let published = doc.publication_date()?;
    Some(EventDate {
        mention: None,
        first_day: published,
        last_day: published,
        precision: DatePrecision::Day,
        rule: EventDateRule::Publication,
    })
}

/// How closely a date is tied to the trigger; the order is the preference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Attachment {
    /// The trigger governs it without crossing a clause.
    Trigger,
    /// The trigger's clause head governs it directly.
    Clause,
    /// It is elsewhere in the sentence.
    Sentence,
}

fn from_mention(idx: usize, date: &DateMention, rule: EventDateRule) -> EventDate {
    EventDate {
        mention: Some(idx),
        first_day: date.first_day,
        last_day: date.last_day,
        precision: date.precision,
        rule,
    }
}

fn token_distance(date: &DateMention, token: usize) -> usize {
    let range = date.token_range();
    if token < range.start {
        range.start - token
    } else {
        token.saturating_sub(range.end.saturating_sub(1))
    }
}

/// The parse of one sentence, when the document has one.
struct Parse<'a> {
    doc: &'a Doc,
    sentence: std::ops::Range<usize>,
}

impl<'a> Parse<'a> {
    fn of(doc: &'a Doc, sentence: std::ops::Range<usize>) -> Option<Parse<'a>> {
        let n_tokens = doc.tokens().len();
        (doc.dependencies().len() == n_tokens
            && doc.tags().len() == n_tokens
            && sentence.end <= n_tokens)
            .then_some(Parse { doc, sentence })
    }

    fn head(&self, idx: usize) -> Option<usize> {
        self.doc.dependencies()[idx]
            .head
            .map(|h| h as usize)
            .filter(|h| self.sentence.contains(h))
    }

    fn opens_clause(&self, idx: usize) -> bool {
        CLAUSAL.contains(&self.doc.dependencies()[idx].label.as_str())
    }

    fn is_verb(&self, idx: usize) -> bool {
        self.doc.tags()[idx].upos.as_str() == "VERB"
    }

    /// The verb or root heading the clause that `idx` is in.
    fn clause_head(&self, idx: usize) -> usize {
        let mut current = idx;
        for _ in 0..MAX_STEPS {
            if self.is_verb(current) || self.opens_clause(current) {
                return current;
            }
            match self.head(current) {
                Some(head) => current = head,
                None => return current,
            }
        }
        current
    }

    fn attachment(
        &self,
        date: &DateMention,
        trigger: usize,
        trigger_clause: Option<usize>,
    ) -> Attachment {
        let range = date.token_range();
        if range.contains(&trigger) {
            return Attachment::Trigger;
        }
        let Some(date_head) = range
            .clone()
            .find(|&idx| self.head(idx).is_none_or(|h| !range.contains(&h)))
        else {
            return Attachment::Sentence;
        };
        // Walk up from the expression. The first word it modifies claims it;
        // it stays the trigger's while the path keeps inside one clause.
        let mut current = date_head;
        let mut governor = None;
        for _ in 0..MAX_STEPS {
            if self.opens_clause(current) && current != date_head {
                break;
            }
            let leaves_clause = self.opens_clause(current);
            let Some(head) = self.head(current) else {
                break;
            };
            if head == trigger {
                return Attachment::Trigger;
            }
            if governor.is_none() && self.is_content_word(head) {
                governor = Some(head);
            }
            if leaves_clause {
                break;
            }
            current = head;
        }
        match (governor, trigger_clause) {
            (Some(governor), Some(clause)) if governor == clause => Attachment::Clause,
            _ => Attachment::Sentence,
        }
    }

    fn is_content_word(&self, idx: usize) -> bool {
        matches!(
            self.doc.tags()[idx].upos.as_str(),
            "VERB" | "NOUN" | "PROPN" | "ADJ"
        )
    }
}
