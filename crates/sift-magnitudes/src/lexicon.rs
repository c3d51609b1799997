//! The words the magnitude rules know, written for sift. Every lookup takes a
//! lower-cased word (see [`Lower`]) and is a `match`: no tables to load, no
//! allocation.

use sift_core::MagnitudeKind;

/// A word lower-cased into a stack buffer; words longer than the buffer or
/// outside ASCII are not in any list here, so they come out empty.
pub(crate) struct Lower {
    buf: [u8; 24],
    len: usize,
}

impl Lower {
    pub(crate) fn new(word: &str) -> Lower {
        let mut lower = Lower {
            buf: [0; 24],
            len: 0,
        };
        if word.len() <= lower.buf.len() && word.is_ascii() {
            for (slot, byte) in lower.buf.iter_mut().zip(word.bytes()) {
                *slot = byte.to_ascii_lowercase();
            }
            lower.len = word.len();
        }
        lower
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII bytes are ever copied in.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// The value of a number word below a hundred (`one` .. `ninety`).
pub(crate) fn small_number(word: &str) -> Option<u64> {
    Some(match word {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

/// The multiplier of a scale word (`hundred`, `thousand`, `million`, `billion`).
pub(crate) fn scale(word: &str) -> Option<u64> {
    Some(match word {
        "hundred" => 100,
        "thousand" => 1_000,
        "million" | "mln" => 1_000_000,
        "billion" | "bn" => 1_000_000_000,
        _ => return None,
    })
}

/// A plural scale word used as a vague quantity ("hundreds", "thousands"),
/// with its range and its unit (for "hundreds of thousands").
pub(crate) fn vague_plural(word: &str) -> Option<(u64, u64, u64)> {
    Some(match word {
        "dozens" => (24, 99, 12),
        "scores" => (40, 99, 20),
        "hundreds" => (200, 999, 100),
        "thousands" => (2_000, 9_999, 1_000),
        "millions" => (2_000_000, 9_999_999, 1_000_000),
        _ => return None,
    })
}

/// A vague count that a scale word can multiply ("several hundred"); the
/// ones marked `true` need a leading `a` ("a few", "a handful").
pub(crate) fn vague_count(word: &str) -> Option<(u64, u64, bool)> {
    Some(match word {
        "several" => (3, 9, false),
        "few" => (2, 5, true),
        "handful" => (2, 5, true),
        "couple" => (2, 2, true),
        _ => return None,
    })
}

/// How a modifier changes the number it comes with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Modifier {
    /// about, around, some: ±10%.
    Approximately,
    /// nearly, almost: 90% to 100%.
    Nearly,
    /// at least, more than, over: open-ended.
    AtLeast,
    /// up to, as many as, fewer than: 1 to n.
    UpTo,
    /// between n and m.
    Between,
    /// another, a total of: the number as written.
    Neutral,
}

/// The modifier that ends just before a quantity: the longest of the word
/// sequences here that matches `before` (the lower-cased words preceding the
/// number, nearest last). Returns the modifier and how many words it takes.
pub(crate) fn modifier_before(before: &[&str]) -> Option<(Modifier, usize)> {
    let n = before.len();
    let last = |k: usize| -> &str { if k <= n { before[n - k] } else { "" } };
    let three = (last(3), last(2), last(1));
    let modifier = match three {
        ("no", "fewer", "than")
        | ("no", "less", "than")
        | ("not", "less", "than")
        | ("not", "fewer", "than")
        | ("in", "excess", "of")
        | ("a", "minimum", "of") => Some(Modifier::AtLeast),
        ("no", "more", "than") | ("not", "more", "than") | ("a", "maximum", "of") => {
            Some(Modifier::UpTo)
        }
        ("as", "many", "as") => Some(Modifier::UpTo),
        ("just", "shy", "of") => Some(Modifier::Nearly),
        ("a", "total", "of") => Some(Modifier::Neutral),
        _ => None,
    };
    if let Some(modifier) = modifier {
        return Some((modifier, 3));
    }
    let modifier = match (last(2), last(1)) {
        ("at", "least") | ("more", "than") | ("upwards", "of") | ("well", "over") => {
            Some(Modifier::AtLeast)
        }
        ("just", "over") => Some(Modifier::AtLeast),
        ("up", "to") | ("fewer", "than") | ("less", "than") | ("at", "most") => {
            Some(Modifier::UpTo)
        }
        ("close", "to") | ("just", "under") => Some(Modifier::Nearly),
        ("an", "estimated") => Some(Modifier::Approximately),
        ("a", "further") | ("an", "additional") | ("total", "of") => Some(Modifier::Neutral),
        _ => None,
    };
    if let Some(modifier) = modifier {
        return Some((modifier, 2));
    }
    let modifier = match last(1) {
        "about" | "around" | "approximately" | "roughly" | "some" | "estimated" | "approx."
        | "circa" | "reportedly" => match last(1) {
            // "reportedly 30" hedges the claim, not the number.
            "reportedly" => None,
            _ => Some(Modifier::Approximately),
        },
        "nearly" | "almost" => Some(Modifier::Nearly),
        "over" | "upwards" => Some(Modifier::AtLeast),
        "under" => Some(Modifier::UpTo),
        "between" => Some(Modifier::Between),
        "another" | "additional" => Some(Modifier::Neutral),
        _ => None,
    };
    modifier.map(|modifier| (modifier, 1))
}

/// How a cue word relates to the people it counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Voice {
    /// The people are its object, or its subject when passive ("killed 30",
    /// "30 were killed"): kill, wound, arrest, evacuate, deploy.
    Transitive,
    /// The people are its subject ("30 died", "4,000 fled", "5,000 marched").
    Intransitive,
    /// An adjective or participle after the people ("30 dead", "12 homeless").
    Predicate,
}

/// A verb form, participle or adjective that tells what a figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cue {
    pub kind: MagnitudeKind,
    pub voice: Voice,
    /// Only with people named by a person noun ("held 60 students", not
    /// "held 3 meetings"; "sent 500 soldiers", not "sent 500 tonnes").
    pub needs_person: bool,
    /// Only with security forces as the people ("deployed 3,000 troops").
    pub needs_forces: bool,
}

const fn cue(kind: MagnitudeKind, voice: Voice) -> Cue {
    Cue {
        kind,
        voice,
        needs_person: false,
        needs_forces: false,
    }
}

/// The cue a single word gives. Phrases ("shot dead", "rounded up", "took
/// part") are recognised around it by the caller.
pub(crate) fn cue_word(word: &str) -> Option<Cue> {
    use MagnitudeKind::*;
    use Voice::*;
    Some(match word {
        "kill" | "kills" | "killed" | "killing" | "massacre" | "massacred" | "massacring"
        | "slay" | "slew" | "slain" | "execute" | "executed" | "executing" | "murder"
        | "murdered" | "murdering" | "slaughter" | "slaughtered" | "behead" | "beheaded"
        | "assassinated" => cue(Killed, Transitive),
        "die" | "dies" | "died" | "dying" | "perish" | "perished" | "drowned" => {
            cue(Killed, Intransitive)
        }
        "dead" => cue(Killed, Predicate),
        "wound" | "wounds" | "wounded" | "wounding" | "injure" | "injures" | "injured"
        | "injuring" | "hurt" | "hurting" | "maimed" => cue(Injured, Transitive),
        "arrest" | "arrests" | "arrested" | "arresting" | "detain" | "detains" | "detained"
        | "detaining" | "apprehend" | "apprehended" | "jailed" | "imprisoned" => {
            cue(Arrested, Transitive)
        }
        "hold" | "holds" | "held" | "holding" => Cue {
            needs_person: true,
            ..cue(Arrested, Transitive)
        },
        "displace" | "displaced" | "displacing" | "evacuate" | "evacuated" | "evacuating"
        | "uproot" | "uprooted" => cue(Displaced, Transitive),
        "flee" | "flees" | "fled" | "fleeing" => cue(Displaced, Intransitive),
        "homeless" => cue(Displaced, Predicate),
        "deploy" | "deploys" | "deployed" | "deploying" | "send" | "sends" | "sent" | "sending"
        | "dispatch" | "dispatched" | "mobilised" | "mobilized" | "stationed" | "massed" => Cue {
            needs_forces: true,
            ..cue(Participants, Transitive)
        },
        "march" | "marched" | "marching" | "rally" | "rallied" | "rallying" | "gather"
        | "gathered" | "gathering" | "protest" | "protested" | "protesting" | "demonstrate"
        | "demonstrated" | "demonstrating" => cue(Participants, Intransitive),
        _ => return None,
    })
}

/// Words that make a figure's kind on their own when they name the people
/// counted ("17 bodies", "2,000 protesters", "37 arrests").
pub(crate) fn kind_noun(word: &str) -> Option<MagnitudeKind> {
    use MagnitudeKind::*;
    Some(match word {
        "dead" | "deaths" | "fatalities" | "bodies" | "corpses" | "killed" => Killed,
        "wounded" | "injured" | "injuries" => Injured,
        "arrests" | "arrested" | "detained" | "detentions" => Arrested,
        "refugees" | "evacuees" | "displaced" | "homeless" => Displaced,
        "protesters" | "protestors" | "demonstrators" | "marchers" | "strikers" | "rallygoers"
        | "participants" => Participants,
        _ => return None,
    })
}

/// Words that name a count of people of a kind, for figures written after
/// them: "the death toll rose to 40", "the crowd at 15,000", "the massacre
/// of 200 villagers", "the number of dead stands at 17".
pub(crate) fn tally_word(word: &str) -> Option<MagnitudeKind> {
    use MagnitudeKind::*;
    Some(match word {
        "toll" | "dead" | "deaths" | "fatalities" | "killed" | "died" | "massacre" | "killing"
        | "killings" => Killed,
        "wounded" | "injured" | "injuries" => Injured,
        "arrests" | "arrested" | "detained" | "detentions" | "arrest" => Arrested,
        "displaced" | "refugees" | "evacuated" | "evacuation" | "homeless" | "evacuees" => {
            Displaced
        }
        "crowd" | "crowds" | "protesters" | "demonstrators" | "marchers" | "turnout" | "march"
        | "rally" | "protest" | "demonstration" => Participants,
        _ => return None,
    })
}

/// Verbs that report the size of a tally ("rose to", "stood at", "reached").
pub(crate) fn tally_verb(word: &str) -> bool {
    matches!(
        word,
        "reached"
            | "reaches"
            | "hit"
            | "hits"
            | "numbered"
            | "numbers"
            | "totalled"
            | "totaled"
            | "totals"
            | "topped"
            | "exceeded"
            | "passed"
            | "surpassed"
            | "drew"
            | "draws"
            | "attracted"
            | "included"
            | "includes"
            | "include"
    )
}

/// Nouns of events people take part in ("joined the protest").
pub(crate) fn protest_noun(word: &str) -> bool {
    matches!(
        word,
        "protest"
            | "protests"
            | "rally"
            | "rallies"
            | "march"
            | "marches"
            | "demonstration"
            | "demonstrations"
            | "sit-in"
            | "strike"
            | "strikes"
            | "vigil"
            | "walkout"
            | "procession"
            | "streets"
    )
}

/// Security forces, for "deployed 3,000 troops".
pub(crate) fn forces_noun(word: &str) -> bool {
    matches!(
        word,
        "troops"
            | "soldiers"
            | "police"
            | "policemen"
            | "officers"
            | "personnel"
            | "peacekeepers"
            | "marines"
            | "paratroopers"
            | "reservists"
            | "troopers"
            | "gendarmes"
            | "commandos"
            | "guards"
            | "forces"
            | "sailors"
            | "militiamen"
            | "fighters"
            | "servicemen"
            | "agents"
            | "police officers"
    )
}

/// Nouns for people, singular and plural.
pub(crate) fn person_noun(word: &str) -> bool {
    forces_noun(word)
        || kind_noun(word).is_some_and(|kind| kind != MagnitudeKind::Arrested)
        || matches!(
            word,
            "people"
                | "persons"
                | "person"
                | "civilians"
                | "civilian"
                | "men"
                | "man"
                | "women"
                | "woman"
                | "children"
                | "child"
                | "boys"
                | "boy"
                | "girls"
                | "girl"
                | "babies"
                | "infants"
                | "soldier"
                | "fighter"
                | "militants"
                | "militant"
                | "rebels"
                | "rebel"
                | "insurgents"
                | "gunmen"
                | "attackers"
                | "assailants"
                | "policeman"
                | "officer"
                | "officials"
                | "official"
                | "guard"
                | "workers"
                | "worker"
                | "students"
                | "student"
                | "journalists"
                | "journalist"
                | "reporters"
                | "villagers"
                | "residents"
                | "passengers"
                | "migrants"
                | "pilgrims"
                | "worshippers"
                | "worshipers"
                | "protester"
                | "demonstrator"
                | "activists"
                | "activist"
                | "opponents"
                | "supporters"
                | "members"
                | "farmers"
                | "fishermen"
                | "miners"
                | "doctors"
                | "nurses"
                | "medics"
                | "patients"
                | "staff"
                | "employees"
                | "prisoners"
                | "inmates"
                | "detainees"
                | "suspects"
                | "suspect"
                | "smugglers"
                | "traffickers"
                | "jihadists"
                | "terrorists"
                | "extremists"
                | "militia"
                | "commanders"
                | "recruits"
                | "conscripts"
                | "pilots"
                | "crew"
                | "drivers"
                | "driver"
                | "volunteers"
                | "teachers"
                | "pupils"
                | "tourists"
                | "foreigners"
                | "nationals"
                | "citizens"
                | "voters"
                | "shoppers"
                | "mourners"
                | "bystanders"
                | "passers"
                | "others"
                | "victims"
                | "settlers"
                | "locals"
                | "inhabitants"
                | "families"
                | "adults"
                | "teenagers"
                | "youths"
                | "elderly"
                | "individuals"
                | "relatives"
                | "guests"
                | "spectators"
                | "fans"
                | "monks"
                | "priests"
                | "clerics"
                | "christians"
                | "muslims"
                | "survivors"
                | "crew members"
                | "firefighters"
                | "rescuers"
                | "gunman"
                | "bomber"
                | "bombers"
                | "colleagues"
                | "comrades"
                | "cadets"
                | "peasants"
                | "labourers"
                | "laborers"
                | "contractors"
                | "diplomats"
                | "lawmakers"
                | "legislators"
                | "politicians"
                | "leaders"
                | "opposition"
        )
}

/// Nouns after a number that make it a measure, not a count of people.
pub(crate) fn unit_noun(word: &str) -> bool {
    matches!(
        word,
        "year"
            | "years"
            | "month"
            | "months"
            | "week"
            | "weeks"
            | "day"
            | "days"
            | "hour"
            | "hours"
            | "minute"
            | "minutes"
            | "second"
            | "seconds"
            | "km"
            | "kms"
            | "kilometres"
            | "kilometers"
            | "kilometre"
            | "kilometer"
            | "mile"
            | "miles"
            | "metres"
            | "meters"
            | "metre"
            | "meter"
            | "feet"
            | "foot"
            | "yards"
            | "kg"
            | "kilograms"
            | "tonnes"
            | "tons"
            | "pounds"
            | "percent"
            | "per"
            | "%"
            | "dollars"
            | "euros"
            | "yuan"
            | "rupees"
            | "cents"
            | "a.m."
            | "p.m."
            | "am"
            | "pm"
            | "gmt"
            | "votes"
            | "seats"
            | "times"
            | "degrees"
            | "celsius"
            | "fahrenheit"
            | "acres"
            | "hectares"
    )
}

/// Symbols and words that make the next number a sum of money.
pub(crate) fn currency_before(word: &str) -> bool {
    matches!(
        word,
        "$" | "€" | "£" | "¥" | "us$" | "usd" | "eur" | "gbp" | "rs" | "rs." | "a$" | "c$"
    )
}

/// Capitalised words that make the next number a label ("Resolution 2254").
/// Any capitalised word before a bare number is read this way unless people
/// follow; these are the common ones at a sentence's start.
pub(crate) fn label_word(word: &str) -> bool {
    matches!(
        word,
        "resolution"
            | "article"
            | "section"
            | "flight"
            | "route"
            | "highway"
            | "no."
            | "number"
            | "room"
            | "chapter"
            | "paragraph"
            | "page"
            | "unit"
            | "brigade"
            | "division"
            | "phase"
            | "round"
            | "level"
            | "gate"
            | "building"
            | "block"
            | "camp"
            | "sector"
            | "zone"
            | "line"
            | "bus"
            | "platform"
            | "terminal"
            | "exit"
            | "ward"
            | "channel"
            | "grade"
            | "category"
            | "item"
            | "aged"
            | "age"
            | "ages"
    )
}

/// Words that may stand between the people counted and the verb that says
/// what happened to them ("30 people *were reportedly* killed", "*are
/// thought to have* fled").
pub(crate) fn skippable_before_cue(word: &str) -> bool {
    matches!(
        word,
        "were"
            | "was"
            | "are"
            | "is"
            | "be"
            | "been"
            | "being"
            | "have"
            | "has"
            | "had"
            | "reportedly"
            | "allegedly"
            | "reported"
            | "believed"
            | "thought"
            | "feared"
            | "confirmed"
            | "said"
            | "presumed"
            | "known"
            | "later"
            | "also"
            | "all"
            | "seriously"
            | "critically"
            | "badly"
            | "slightly"
            | "lightly"
            | "fatally"
            | "mortally"
            | "subsequently"
            | "since"
            | "now"
            | "then"
            | "either"
            | "to"
            | "may"
            | "might"
            | "could"
            | "would"
            | "will"
            | "not"
            | "still"
            | "apparently"
            | "initially"
            | "eventually"
            | "ultimately"
            | "left"
    )
}

/// Auxiliaries of the passive: a transitive cue after one of these has the
/// people as its patients ("30 *were* killed").
pub(crate) fn passive_auxiliary(word: &str) -> bool {
    matches!(
        word,
        "were" | "was" | "been" | "being" | "be" | "are" | "is" | "got" | "get"
    )
}

/// Verbs that are no event of their own: reporting, being, holding a
/// number. They are never a figure's anchor, and events they trigger are
/// never linked to a figure.
pub(crate) fn non_event_verb(word: &str) -> bool {
    matches!(
        word,
        "be" | "is"
            | "are"
            | "was"
            | "were"
            | "been"
            | "have"
            | "has"
            | "had"
            | "say"
            | "says"
            | "said"
            | "tell"
            | "told"
            | "report"
            | "reported"
            | "reports"
            | "add"
            | "added"
            | "state"
            | "stated"
            | "confirm"
            | "confirmed"
            | "announce"
            | "announced"
            | "estimate"
            | "estimated"
            | "count"
            | "counted"
            | "number"
            | "numbered"
            | "put"
            | "puts"
            | "stand"
            | "stands"
            | "stood"
            | "rise"
            | "rose"
            | "risen"
            | "rising"
            | "climb"
            | "climbed"
            | "reach"
            | "reached"
            | "total"
            | "totalled"
            | "include"
            | "included"
            | "including"
            | "remain"
            | "remained"
            | "believe"
            | "believed"
            | "think"
            | "thought"
            | "fear"
            | "feared"
            | "expect"
            | "expected"
            | "seem"
            | "seemed"
            | "appear"
            | "appeared"
            | "become"
            | "became"
            | "show"
            | "showed"
            | "shows"
            | "according"
            | "warn"
            | "warned"
            | "insist"
            | "insisted"
            | "deny"
            | "denied"
            | "accuse"
            | "accused"
            | "allege"
            | "alleged"
            | "quote"
            | "quoted"
            | "cite"
            | "cited"
            | "bring"
            | "bringing"
            | "make"
            | "making"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowering_keeps_ascii_and_drops_the_rest() {
        assert_eq!(Lower::new("Thirty").as_str(), "thirty");
        assert_eq!(Lower::new("naïve").as_str(), "");
        assert_eq!(Lower::new(&"x".repeat(40)).as_str(), "");
    }

    #[test]
    fn the_longest_modifier_wins() {
        assert_eq!(
            modifier_before(&["killing", "no", "fewer", "than"]),
            Some((Modifier::AtLeast, 3))
        );
        assert_eq!(
            modifier_before(&["killed", "more", "than"]),
            Some((Modifier::AtLeast, 2))
        );
        assert_eq!(
            modifier_before(&["killing", "about"]),
            Some((Modifier::Approximately, 1))
        );
        assert_eq!(modifier_before(&["killed"]), None);
        assert_eq!(modifier_before(&[]), None);
    }
}
