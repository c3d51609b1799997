//! Language identification for records that do not say their language.

/// Texts shorter than this get no guess: whatlang is unreliable on short
/// text (it took a Spanish sentence for Catalan).
const MIN_CHARS: usize = 200;

/// Only this much of a long text is looked at (about 150 words, plenty for a
/// confident guess), so that a 50 MB record costs no more than a short
/// article.
const SAMPLE_BYTES: usize = 1024;

/// The ISO 639-1 code of the text's language, when the text is long enough
/// and whatlang is confident.
pub(crate) fn detect(text: &str) -> Option<String> {
    let text = text.trim();
    let sample = &text[..floor_char_boundary(text, SAMPLE_BYTES)];
    if sample.chars().count() < MIN_CHARS {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() {
        return None;
    }
    iso_639_1(info.lang().code()).map(str::to_string)
}

/// Normalizes a language tag a record or page gives (`en-US`, `EN`, `en_gb`)
/// to its primary subtag, lower-case.
pub(crate) fn normalize_tag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let plausible =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    plausible.then_some(primary)
}

fn floor_char_boundary(text: &str, max: usize) -> usize {
    if text.len() <= max {
        return text.len();
    }
    (0..=max)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// whatlang speaks ISO 639-3; sift speaks 639-1. Matching on the code string
/// rather than the enum keeps this compiling when whatlang adds languages.
fn iso_639_1(code: &str) -> Option<&'static str> {
    Some(match code {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "cym" => "cy",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_english_and_spanish_are_detected_and_short_text_is_not() {
        let english = "The foreign ministers of both countries met in Geneva on Tuesday to discuss \
            the ceasefire, and officials said the talks would continue next week despite the \
            shelling that killed three civilians near the border over the weekend.";
        assert_eq!(detect(english).as_deref(), Some("en"));
        let spanish = "Los ministros de Asuntos Exteriores de ambos países se reunieron el martes \
            en Ginebra para hablar del alto el fuego, y los funcionarios dijeron que las \
            conversaciones continuarán la próxima semana a pesar de los bombardeos.";
        assert_eq!(detect(spanish).as_deref(), Some("es"));
        assert_eq!(detect("Troops moved north."), None);
    }

    #[test]
    fn tags_are_reduced_to_the_primary_subtag() {
        assert_eq!(normalize_tag("en-US").as_deref(), Some("en"));
        assert_eq!(normalize_tag(" FR ").as_deref(), Some("fr"));
        assert_eq!(normalize_tag("english"), None);
        assert_eq!(normalize_tag(""), None);
    }
}
