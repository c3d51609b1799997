//! The cue words: which lemmas and forms report, deny, hedge, predict or
//! name a kind of holder. A word may carry several roles; the parse decides
//! which one applies.
//!
//! The hedge and weasel lists in `../shared/data/lexicons/` were the
//! starting point; most of their entries (quantifiers, intensifiers, "say")
//! are not certainty cues in news, so only the ones that are were kept.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// A set of roles, one bit each.
pub type Roles = u64;

/// Reporting verbs: the complement is reported, the subject holds it.
pub const REPORT: Roles = 1;
/// Denial verbs: the complement or object is denied by the subject.
pub const DENY: Roles = 1 << 1;
/// Belief verbs: the complement is speculative, held by the subject.
pub const BELIEF: Roles = 1 << 2;
/// Expectation verbs: the complement is predicted, held by the subject.
pub const EXPECT: Roles = 1 << 3;
/// Intention verbs with a `to` complement: predicted, no holder.
pub const INTENT: Roles = 1 << 4;
/// Verbs of asking: the complement is a question.
pub const ASK: Roles = 1 << 5;
/// Verbs of confirming: negated or "unable to", the claim is unconfirmed.
pub const VERIFY: Roles = 1 << 6;
/// Verbs of alleging: the complement is hedged.
pub const ALLEGE: Roles = 1 << 7;
/// Verbs of appearance: speculative, never a holder (`seem`, `appear`).
pub const APPEAR: Roles = 1 << 8;
/// Passive reporting with no agent makes an anonymous holder (`is said to`).
pub const PASSIVE_ANONYMOUS: Roles = 1 << 9;
/// `may`, `might`.
pub const MODAL_HEDGE: Roles = 1 << 10;
/// `could`.
pub const MODAL_COULD: Roles = 1 << 11;
/// `can`.
pub const MODAL_CAN: Roles = 1 << 12;
/// `will`, `shall`, `would`.
pub const MODAL_FUTURE: Roles = 1 << 13;
/// `must`.
pub const MODAL_MUST: Roles = 1 << 14;
/// `not`, `n't`, `never`.
pub const NEGATION: Roles = 1 << 15;
/// `no`, `none`, `nobody`, `nothing`, `neither`.
pub const NEGATIVE_DETERMINER: Roles = 1 << 16;
/// Hedging adverbs: `reportedly`, `allegedly`, `possibly`, `perhaps`.
pub const HEDGE_ADVERB: Roles = 1 << 17;
/// Speculative adverbs and adjectives: `probably`, `apparently`, `likely`.
pub const SPECULATIVE_ADVERB: Roles = 1 << 18;
/// Adjectives that leave a claim unconfirmed: `unconfirmed`, `alleged`.
pub const HEDGE_ADJECTIVE: Roles = 1 << 19;
/// Words that with a `to` complement point to the future: `expected`, `set`, `due`.
pub const FUTURE_FRAME: Roles = 1 << 20;
/// `if`, `unless`.
pub const CONDITION: Roles = 1 << 21;
/// Question words.
pub const WH: Roles = 1 << 22;
/// `whether`.
pub const WHETHER: Roles = 1 << 23;
/// Official roles: `official`, `spokesman`, `minister`.
pub const OFFICIAL: Roles = 1 << 24;
/// Unnamed non-official holders: `source`, `witness`, `analyst`.
pub const SOURCE: Roles = 1 << 25;
/// Organizations and institutions: `ministry`, `army`, `police`.
pub const ORGANIZATION: Roles = 1 << 26;
/// The outlet's own people: `newspaper`, `correspondent`.
pub const OUTLET: Roles = 1 << 27;
/// Nouns whose `that` clause is a claim: `reports`, `allegations`.
pub const CLAIM_NOUN: Roles = 1 << 28;
/// Nouns that carry an organization's words: `statement`, `communique`.
pub const STATEMENT: Roles = 1 << 29;
/// Titles before a name: `Colonel`, `Senator`, `Mr`.
pub const TITLE: Roles = 1 << 30;
/// Adjectives of unclarity that turn a wh-clause into a question: `unclear`.
pub const UNCLEAR: Roles = 1 << 32;
/// Verbs whose wh- or whether-clause is a question: `know`, `say`, `establish`.
pub const QUESTION_FRAME: Roles = 1 << 33;
/// `seen`, `interpreted`, `viewed`: with `as`, an interpretation.
pub const INTERPRET: Roles = 1 << 34;
/// `then`, the consequent's marker.
pub const THEN: Roles = 1 << 35;
/// Words that cannot act as a frame's holder (`it`, `this`, inanimate nouns).
pub const NOT_A_HOLDER: Roles = 1 << 36;

const ENTRIES: &[(Roles, &[&str])] = &[
    (
        REPORT,
        &[
            "say",
            "tell",
            "state",
            "report",
            "announce",
            "claim",
            "confirm",
            "add",
            "note",
            "explain",
            "insist",
            "argue",
            "acknowledge",
            "admit",
            "write",
            "tweet",
            "declare",
            "stress",
            "reiterate",
            "assert",
            "maintain",
            "describe",
            "recount",
            "rule",
            "testify",
            "disclose",
            "reveal",
            "learn",
            "see",
            "show",
            "cite",
            "inform",
            "assure",
            "post",
            "quote",
            "recall",
            "concede",
            "emphasise",
            "emphasize",
            "repeat",
            "reply",
            "remark",
            "conclude",
        ],
    ),
    (
        DENY,
        &[
            "deny",
            "reject",
            "dismiss",
            "refute",
            "rebut",
            "dispute",
            "contradict",
            "disavow",
        ],
    ),
    (
        BELIEF,
        &[
            "believe",
            "think",
            "suspect",
            "speculate",
            "assume",
            "guess",
            "suppose",
            "presume",
            "suggest",
            "indicate",
            "imply",
            "doubt",
            "feel",
            "reckon",
            "consider",
        ],
    ),
    (
        EXPECT,
        &[
            "expect",
            "predict",
            "forecast",
            "warn",
            "fear",
            "anticipate",
            "project",
            "estimate",
        ],
    ),
    (
        INTENT,
        &[
            "vow", "pledge", "promise", "threaten", "plan", "intend", "aim", "prepare", "hope",
            "seek", "want", "decide", "agree",
        ],
    ),
    (
        ASK,
        &[
            "ask",
            "wonder",
            "question",
            "inquire",
            "enquire",
            "investigate",
            "examine",
            "probe",
        ],
    ),
    (
        VERIFY,
        &[
            "confirm",
            "verify",
            "establish",
            "corroborate",
            "substantiate",
            "determine",
        ],
    ),
    (ALLEGE, &["allege", "rumour", "rumor"]),
    (APPEAR, &["seem", "appear", "look"]),
    (
        PASSIVE_ANONYMOUS,
        &[
            "say",
            "report",
            "allege",
            "rumour",
            "rumor",
            "believe",
            "think",
            "claim",
            "understand",
        ],
    ),
    (MODAL_HEDGE, &["may", "might"]),
    (MODAL_COULD, &["could"]),
    (MODAL_CAN, &["can"]),
    (MODAL_FUTURE, &["will", "shall", "'ll", "wo", "would", "'d"]),
    (MODAL_MUST, &["must"]),
    (NEGATION, &["not", "n't", "never", "nt"]),
    (
        NEGATIVE_DETERMINER,
        &[
            "no", "none", "nobody", "nothing", "neither", "nor", "no-one", "noone",
        ],
    ),
    (
        HEDGE_ADVERB,
        &[
            "reportedly",
            "allegedly",
            "purportedly",
            "supposedly",
            "possibly",
            "perhaps",
            "maybe",
            "conceivably",
            "potentially",
            "ostensibly",
            "rumoredly",
        ],
    ),
    (
        SPECULATIVE_ADVERB,
        &[
            "apparently",
            "probably",
            "likely",
            "unlikely",
            "seemingly",
            "presumably",
            "evidently",
            "arguably",
            "probable",
            "improbable",
            "doubtful",
            "presumable",
        ],
    ),
    (
        HEDGE_ADJECTIVE,
        &[
            "unconfirmed",
            "unverified",
            "alleged",
            "purported",
            "supposed",
            "possible",
            "uncorroborated",
            "unsubstantiated",
        ],
    ),
    (
        FUTURE_FRAME,
        &[
            "expect",
            "set",
            "due",
            "poised",
            "go",
            "going",
            "bound",
            "scheduled",
            "slate",
            "slated",
        ],
    ),
    (CONDITION, &["if", "unless"]),
    (
        WH,
        &[
            "who", "what", "when", "where", "why", "how", "which", "whom", "whose",
        ],
    ),
    (WHETHER, &["whether"]),
    (
        OFFICIAL,
        &[
            "official",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "diplomat",
            "minister",
            "secretary",
            "commander",
            "officer",
            "general",
            "colonel",
            "captain",
            "major",
            "lieutenant",
            "admiral",
            "sergeant",
            "ambassador",
            "envoy",
            "aide",
            "adviser",
            "advisor",
            "lawmaker",
            "legislator",
            "senator",
            "congressman",
            "congresswoman",
            "mayor",
            "governor",
            "president",
            "premier",
            "chancellor",
            "prosecutor",
            "judge",
            "chief",
            "delegate",
            "negotiator",
            "mediator",
            "authority",
            "soldier",
            "guard",
            "policeman",
            "policewoman",
            "inspector",
            "investigator",
            "representative",
            "councillor",
            "councilor",
            "deputy",
            "director",
            "head",
            "king",
            "queen",
            "leader",
            "mp",
            "attorney",
            "sheriff",
            "monitor",
            "observer-general",
        ],
    ),
    (
        SOURCE,
        &[
            "source",
            "insider",
            "witness",
            "resident",
            "analyst",
            "observer",
            "expert",
            "activist",
            "critic",
            "people",
            "person",
            "someone",
            "somebody",
            "neighbour",
            "neighbor",
            "farmer",
            "shopkeeper",
            "villager",
            "worker",
            "journalist",
            "reporter",
            "economist",
            "man",
            "woman",
            "local",
            "survivor",
            "relative",
            "doctor",
            "nurse",
            "medic",
            "student",
            "trader",
            "driver",
            "shepherd",
            "fisherman",
            "refugee",
            "protester",
            "protestor",
            "scholar",
            "researcher",
            "academic",
            "commentator",
            "blogger",
            "user",
            "other",
            "many",
            "some",
            "several",
            "few",
            "anyone",
            "everyone",
            "rumour",
            "rumor",
            "insiders",
            "eyewitness",
            "bystander",
            "passer-by",
            "citizen",
            "teacher",
            "engineer",
            "businessman",
            "author",
            "scientist",
            "historian",
            "media",
            "press",
        ],
    ),
    (
        ORGANIZATION,
        &[
            "ministry",
            "government",
            "army",
            "military",
            "police",
            "agency",
            "commission",
            "committee",
            "council",
            "court",
            "office",
            "embassy",
            "presidency",
            "palace",
            "kremlin",
            "company",
            "firm",
            "group",
            "coalition",
            "alliance",
            "union",
            "party",
            "rebel",
            "militant",
            "insurgent",
            "force",
            "navy",
            "bank",
            "trust",
            "organisation",
            "organization",
            "department",
            "administration",
            "cabinet",
            "parliament",
            "congress",
            "senate",
            "regime",
            "nation",
            "state",
            "un",
            "nato",
            "militia",
            "movement",
            "front",
            "federation",
            "association",
            "foundation",
            "institute",
            "international",
            "corporation",
            "inc",
            "ltd",
            "network",
            "service",
            "services",
            "team",
            "board",
            "church",
            "university",
            "hospital",
            "crescent",
            "cross",
            "council",
            "fund",
            "program",
            "programme",
            "watch",
            "command",
            "headquarters",
            "secretariat",
            "delegation",
            "mission",
            "opposition",
            "junta",
            "guard",
            "brigade",
            "battalion",
            "division",
            "unit",
            "whitehall",
            "pentagon",
            "newspaper",
            "broadcaster",
            "television",
            "channel",
            "radio",
            "agency",
        ],
    ),
    (
        OUTLET,
        &[
            "newspaper",
            "paper",
            "reporter",
            "correspondent",
            "agency",
            "website",
            "site",
            "publication",
            "journalist",
            "journalists",
            "reporters",
            "team",
            "outlet",
            "staff",
            "newsroom",
            "magazine",
            "channel",
            "station",
            "investigation",
        ],
    ),
    (
        CLAIM_NOUN,
        &[
            "report",
            "claim",
            "allegation",
            "suggestion",
            "rumour",
            "rumor",
            "accusation",
            "speculation",
            "assertion",
            "charge",
            "suspicion",
            "indication",
            "sign",
        ],
    ),
    (
        STATEMENT,
        &[
            "statement",
            "communique",
            "communiqué",
            "memo",
            "letter",
            "document",
            "release",
            "notice",
            "bulletin",
            "report",
            "website",
            "account",
            "post",
            "tweet",
            "broadcast",
        ],
    ),
    (
        TITLE,
        &[
            "mr",
            "mrs",
            "ms",
            "dr",
            "mr.",
            "mrs.",
            "ms.",
            "dr.",
            "prof",
            "prof.",
            "sir",
            "colonel",
            "col.",
            "general",
            "gen.",
            "captain",
            "capt.",
            "major",
            "maj.",
            "lieutenant",
            "lt.",
            "admiral",
            "sergeant",
            "sgt.",
            "minister",
            "president",
            "senator",
            "sen.",
            "rep.",
            "mayor",
            "governor",
            "gov.",
            "judge",
            "justice",
            "secretary",
            "ambassador",
            "envoy",
            "king",
            "queen",
            "prince",
            "princess",
            "sheikh",
            "chief",
            "commander",
            "leader",
            "spokesman",
            "spokeswoman",
            "aide",
            "analyst",
            "economist",
            "author",
            "activist",
            "worker",
            "professor",
            "director",
            "chairman",
            "chairwoman",
            "lawyer",
            "attorney",
            "pope",
            "bishop",
            "imam",
            "rabbi",
            "father",
            "officer",
            "inspector",
            "judge",
            "prosecutor",
            "premier",
            "chancellor",
        ],
    ),
    (
        UNCLEAR,
        &[
            "unclear",
            "uncertain",
            "unknown",
            "clear",
            "certain",
            "known",
        ],
    ),
    (
        QUESTION_FRAME,
        &[
            "know",
            "say",
            "establish",
            "determine",
            "tell",
            "explain",
            "reveal",
            "disclose",
            "confirm",
            "specify",
            "clarify",
            "indicate",
            "ask",
            "wonder",
            "investigate",
            "examine",
            "see",
            "check",
            "decide",
            "question",
            "learn",
            "find",
            "discuss",
        ],
    ),
    (
        INTERPRET,
        &[
            "see",
            "interpret",
            "view",
            "regard",
            "read",
            "consider",
            "perceive",
            "understand",
            "take",
        ],
    ),
    (THEN, &["then"]),
    (
        NOT_A_HOLDER,
        &[
            "it", "this", "that", "there", "evidence", "timing", "data", "footage", "video",
            "image", "picture", "photo", "move", "decision", "fact", "result", "analysis", "study",
            "survey", "poll", "figure", "number", "record", "trend", "pattern", "what", "which",
            "nobody", "none", "nothing", "no-one",
        ],
    ),
];

fn table() -> &'static FxHashMap<&'static str, Roles> {
    static TABLE: OnceLock<FxHashMap<&'static str, Roles>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = FxHashMap::default();
        for &(roles, words) in ENTRIES {
            for &word in words {
                *table.entry(word).or_insert(0) |= roles;
            }
        }
        table
    })
}

/// The roles of a word, looked up by its lower-cased form and lemma.
///
/// `form` and `lemma` must already be lower-case.
pub fn roles(form: &str, lemma: &str) -> Roles {
    let table = table();
    let by_form = table.get(form).copied().unwrap_or(0);
    if lemma == form {
        by_form
    } else {
        by_form | table.get(lemma).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_lemmas_both_find_roles() {
        assert_ne!(roles("said", "say") & REPORT, 0);
        assert_ne!(roles("denied", "deny") & DENY, 0);
        assert_ne!(roles("may", "may") & MODAL_HEDGE, 0);
        assert_eq!(roles("troops", "troop"), 0);
    }
}
