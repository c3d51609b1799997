//! Every input, however odd, yields well-formed layers: tokens in bounds,
//! on character boundaries, sorted and disjoint, and sentences that
//! partition them.
use sift_core::{Doc, Headline, Stage, Token};
use sift_lang::TextBasics;

fn tricky_inputs() -> Vec<String> {
    let mut inputs: Vec<String> = [
        "",
        " ",
        "\n\n\n",
        "\t \r\n \u{00A0}\u{2003}\u{3000}",
        ".",
        "...",
        "'",
        "''",
        "-",
        "--- --- ---",
        "a",
        "I",
        "U.S.",
        "U.S.'s",
        "don't",
        "n't",
        "'s",
        "s'",
        "''s",
        "Mr.",
        "etc.",
        "\u{FFFD}\u{FFFD}\u{FFFD}",
        "\u{0000}\u{0001}\u{0007}\u{001B}[31mred\u{001B}[0m\u{007F}",
        "e\u{0301}\u{0301}\u{0301} \u{0301}x \"\u{0301}",
        "\u{200D}\u{FE0F}\u{200B}\u{FEFF}",
        "👨\u{200D}👩\u{200D}👧\u{200D}",
        "مرحبا بالعالم. שלום עולם!",
        "\u{202E}RTL override\u{202C} text.",
        "http://",
        "http://a",
        "www.",
        "@",
        "a@b",
        "a@b.c.",
        "(((((",
        "1,2,3,4,5,6,7,8,9",
        "1-2-3-4-5-6",
        "1.2.3.4.5",
        ".5.5.5",
        "'72'72'72",
        ":-):-):-)",
        "A.B.C.D.E.F.G.",
        "ALEPPO, Syria (Reuters) -",
        "ALEPPO -",
        "WASHINGTON (",
        "\"\u{201C}\u{201D}\u{2018}\u{2019}\u{2019}s",
        "x’",
        "it’s’s’s",
        "co-co-co-co-",
        "e-",
        "-e",
        "$$$US$",
        "Headline only\n",
        "Headline\n\nBody. More.\n\n\n",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    inputs.push("x".repeat(100_000));
    inputs.push("a.".repeat(50_000));
    inputs.push("-".repeat(50_000));
    inputs.push("'s".repeat(30_000));
    inputs.push("1,000".repeat(20_000));
    inputs.push("é\u{0301}".repeat(30_000));
    inputs.push("word. ".repeat(20_000));
    inputs.push("\n".repeat(20_000));
    inputs
}

fn assert_well_formed(text: &str, tokens: &[Token]) {
    let mut previous_end = 0;
    for token in tokens {
        let span = token.span;
        assert!(!span.is_empty(), "empty token in {text:?}");
        assert!(span.end() <= text.len(), "token out of bounds in {text:?}");
        assert!(
            text.is_char_boundary(span.start()) && text.is_char_boundary(span.end()),
            "token splits a character in {text:?}"
        );
        assert!(
            span.start() >= previous_end,
            "tokens overlap or are unsorted in {text:?}"
        );
        assert!(
            !text[span.range()].chars().any(char::is_whitespace),
            "token covers whitespace in {text:?}"
        );
        previous_end = span.end();
    }
}

#[test]
fn every_tricky_input_gives_well_formed_layers() {
    for input in tricky_inputs() {
        for headline in [
            Headline::None,
            Headline::FirstLine,
            Headline::Given("A given headline".to_string()),
        ] {
            let mut doc = Doc::from_text(&input, headline).unwrap();
            TextBasics::new().run(&mut doc);
            let tokens = doc.tokens();
            assert_well_formed(doc.text(), tokens);
            let mut next_token = 0;
            for sentence in doc.sentences() {
                assert_eq!(
                    sentence.first_token as usize, next_token,
                    "sentences do not partition the tokens of {input:?}"
                );
                assert!(sentence.n_tokens >= 1);
                let range = sentence.token_range();
                assert_eq!(sentence.span.start(), tokens[range.start].span.start());
                assert_eq!(sentence.span.end(), tokens[range.end - 1].span.end());
                next_token = range.end;
            }
            assert_eq!(
                next_token,
                tokens.len(),
                "sentences leave tokens out of {input:?}"
            );
        }
    }
}

#[test]
fn a_long_line_without_spaces_is_linear() {
    // Quadratic scanning of a 4 MB chunk would take minutes; linear takes
    // milliseconds even in a debug build.
    let text = "ab.-'s,1".repeat(500_000);
    let started = std::time::Instant::now();
    let tokens = sift_lang::tokenize(&text);
    let sentences = sift_lang::split_sentences(&text, &tokens, None);
    assert!(!sentences.is_empty());
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}
