//! The small word lists the tokenizer and the splitter consult. They are
//! deliberately short: each entry is here because UD English EWT or news
//! style needs it, and general rules cover everything else.

/// Words that keep a following period as part of the token (`Mr.`, `Jan.`).
/// Matching is case-sensitive because `Mass.` is an abbreviation where
/// `mass.` ends a sentence.
pub(crate) fn is_period_abbreviation(word: &str) -> bool {
    matches!(
        word,
        // Titles and ranks, which never end a sentence.
        "Mr" | "Mrs" | "Ms" | "Dr" | "Prof" | "Rev" | "Hon" | "Gen" | "Lt" | "Col" | "Sgt"
            | "Capt" | "Cpl" | "Maj" | "Adm" | "Cmdr" | "Brig" | "Gov" | "Sen" | "Rep"
            | "Reps" | "Sens" | "Pres" | "Supt" | "Insp" | "Fr" | "Sr" | "Jr" | "St" | "Mt"
            | "Ft" | "Messrs" | "Mmes" | "Mme" | "Atty" | "Gens" | "Sec" | "Amb" | "Det"
            // Months and weekdays as news style abbreviates them.
            | "Jan" | "Feb" | "Mar" | "Apr" | "Jun" | "Jul" | "Aug" | "Sep" | "Sept" | "Oct"
            | "Nov" | "Dec" | "Mon" | "Tue" | "Tues" | "Wed" | "Thu" | "Thur" | "Thurs" | "Fri"
            | "Sat"
            // Companies and addresses.
            | "Inc" | "Ltd" | "Co" | "Corp" | "Cos" | "Bros" | "Ave" | "Blvd" | "Rd" | "Dept"
            | "Univ" | "Assn" | "Natl" | "Intl"
            // U.S. states in AP style; the ones that are also common words
            // (`Ill.`, `Miss.`, `Wash.`) only count capitalized.
            | "Ala" | "Ariz" | "Ark" | "Calif" | "Colo" | "Conn" | "Del" | "Fla" | "Ga" | "Ill"
            | "Ind" | "Kan" | "Kans" | "Ky" | "La" | "Md" | "Mass" | "Mich" | "Minn" | "Miss"
            | "Mo" | "Mont" | "Neb" | "Nev" | "Okla" | "Ore" | "Pa" | "Penn" | "Tenn" | "Tex"
            | "Va" | "Vt" | "Wash" | "Wis" | "Wyo"
            // Latin and scholarly abbreviations, usually lower-case.
            | "etc" | "vs" | "viz" | "cf" | "al" | "approx" | "est" | "ext" | "fig" | "figs"
            | "vol" | "vols" | "pp" | "ed" | "eds" | "no" | "nos" | "lb" | "lbs" | "oz" | "yrs"
            | "Etc" | "Vs" | "Fig" | "Vol" | "Nos" | "Attn" | "Ref" | "Tel" | "Fax" | "Ph" | "Esq"
    )
}

/// Abbreviations that often close a sentence (`... in the U.S.`), unlike
/// titles, which are always followed by a name.
pub(crate) fn can_end_sentence(abbreviation: &str) -> bool {
    let word = abbreviation.strip_suffix('.').unwrap_or(abbreviation);
    if word.contains('.') {
        // `U.S.`, `a.m.`, `D.C.`: letters with inner periods.
        return !matches!(word, "e.g" | "i.e" | "E.g" | "I.e" | "a.k.a" | "Ph.D");
    }
    matches!(
        word,
        "etc"
            | "Etc"
            | "Inc"
            | "Ltd"
            | "Co"
            | "Corp"
            | "Cos"
            | "Bros"
            | "Jr"
            | "Sr"
            | "Esq"
            | "al"
            | "Ave"
            | "Blvd"
            | "Rd"
            | "Dept"
    ) || is_state_abbreviation(word)
}

fn is_state_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "Ala"
            | "Ariz"
            | "Ark"
            | "Calif"
            | "Colo"
            | "Conn"
            | "Del"
            | "Fla"
            | "Ga"
            | "Ill"
            | "Ind"
            | "Kan"
            | "Kans"
            | "Ky"
            | "La"
            | "Md"
            | "Mass"
            | "Mich"
            | "Minn"
            | "Miss"
            | "Mo"
            | "Mont"
            | "Neb"
            | "Nev"
            | "Okla"
            | "Ore"
            | "Pa"
            | "Tenn"
            | "Tex"
            | "Va"
            | "Vt"
            | "Wash"
            | "Wis"
            | "Wyo"
    )
}

/// Words that keep the period only when a number follows (`No. 5`), since
/// `No.` alone is far more often an answer ending a sentence.
pub(crate) fn needs_number_after(word: &str) -> bool {
    matches!(
        word,
        "no" | "No" | "nos" | "Nos" | "vol" | "Vol" | "fig" | "Fig" | "pp" | "ed"
    )
}

/// Prefixes that EWT keeps attached across a hyphen (`e-mail`, `non-stop`,
/// `anti-American`, `mid-1980s`); every other letter-hyphen-letter compound
/// is split into three tokens. Derived from EWT train, where each of these
/// is kept together in every or nearly every occurrence.
pub(crate) fn is_hyphen_prefix(segment: &str) -> bool {
    if segment.len() > 7 {
        return false;
    }
    let mut lower = [0u8; 7];
    for (slot, byte) in lower.iter_mut().zip(segment.bytes()) {
        *slot = byte.to_ascii_lowercase();
    }
    matches!(
        &lower[..segment.len()],
        b"e" | b"co"
            | b"pre"
            | b"post"
            | b"non"
            | b"anti"
            | b"pro"
            | b"re"
            | b"mid"
            | b"multi"
            | b"ex"
            | b"neo"
            | b"semi"
            | b"sub"
            | b"over"
            | b"counter"
            | b"cross"
            | b"intra"
            | b"micro"
            | b"socio"
            | b"psycho"
            | b"arch"
            | b"un"
            | b"inter"
            | b"ultra"
            | b"super"
            | b"pseudo"
            | b"quasi"
    )
}

/// Clitic suffixes that follow an apostrophe and form their own syntactic
/// word in EWT (`I'm` = `I` + `'m`). `n't` is handled separately because it
/// takes the `n` from its host.
pub(crate) fn is_apostrophe_clitic(suffix: &str) -> bool {
    suffix.len() <= 2
        && matches!(
            suffix.as_bytes(),
            [b's' | b'S']
                | [b'm' | b'M']
                | [b'd' | b'D']
                | [b'l' | b'L', b'l' | b'L']
                | [b'v' | b'V', b'e' | b'E']
                | [b'r' | b'R', b'e' | b'E']
        )
}

/// Contractions written without an apostrophe that EWT still splits into two
/// words: returns the length of the host part (`dont` -> 2 for `do` + `nt`).
pub(crate) fn bare_contraction_split(word: &str) -> Option<usize> {
    if word.len() > 8 || word.len() < 2 {
        return None;
    }
    let mut lower = [0u8; 8];
    for (slot, byte) in lower.iter_mut().zip(word.bytes()) {
        *slot = byte.to_ascii_lowercase();
    }
    let host_len = match &lower[..word.len()] {
        b"cannot" => 3,
        b"gonna" | b"wanna" => 3,
        b"gotta" => 3,
        b"dont" | b"didnt" | b"doesnt" | b"cant" | b"wont" | b"isnt" | b"wasnt" | b"werent"
        | b"arent" | b"couldnt" | b"wouldnt" | b"shouldnt" | b"havent" | b"hasnt" | b"hadnt"
        | b"aint" => word.len() - 2,
        b"im" => 1,
        b"ive" => 1,
        b"youre" => 3,
        b"thats" | b"theres" | b"whats" | b"hes" | b"shes" | b"heres" => word.len() - 1,
        _ => return None,
    };
    Some(host_len)
}

/// Top-level domains that make `name.tld` a domain rather than two words
/// run together (`Newsday.com`, `whitehouse.gov`).
pub(crate) fn is_top_level_domain(label: &str) -> bool {
    let mut lower = [0u8; 4];
    if label.len() > 4 || label.len() < 2 {
        return false;
    }
    for (slot, byte) in lower.iter_mut().zip(label.bytes()) {
        *slot = byte.to_ascii_lowercase();
    }
    matches!(
        &lower[..label.len()],
        b"com"
            | b"org"
            | b"net"
            | b"gov"
            | b"edu"
            | b"mil"
            | b"int"
            | b"info"
            | b"biz"
            | b"io"
            | b"uk"
            | b"ca"
            | b"au"
            | b"fr"
            | b"ru"
            | b"cn"
            | b"jp"
            | b"nz"
            | b"ie"
            | b"tv"
            | b"ly"
    )
}

/// Words that open a sentence far more often than they continue a name.
/// After an abbreviation that may end a sentence (`U.S.`, `Inc.`), a capital
/// word from this list signals a boundary; any other capital word is taken
/// to continue the name (`U.S. Army`).
pub(crate) fn is_common_sentence_opener(word: &str) -> bool {
    matches!(
        word,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "But"
            | "And"
            | "In"
            | "On"
            | "At"
            | "As"
            | "If"
            | "When"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "His"
            | "Her"
            | "Their"
            | "Our"
            | "My"
            | "Its"
            | "After"
            | "Before"
            | "While"
            | "So"
            | "Some"
            | "Many"
            | "Most"
            | "For"
            | "However"
            | "Meanwhile"
            | "Also"
            | "Still"
            | "Yet"
            | "What"
            | "Why"
            | "How"
            | "Who"
            | "Where"
            | "One"
            | "Officials"
            | "Police"
            | "Now"
            | "Then"
            | "Since"
            | "According"
            | "Please"
    )
}
