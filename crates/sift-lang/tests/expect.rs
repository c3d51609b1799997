//! Data-driven checks of tokenization and sentence splitting.
//!
//! Each file under `tests/data/text-basics/` holds cases: an `%% input` block
//! and the `%% expect` block the stage must print for it. After a deliberate
//! change, regenerate the expectations with `UPDATE_EXPECT=1 cargo test -p
//! sift-lang --test expect` and read the diff before committing it.
use std::fmt::Write as _;
use std::path::Path;

use sift_core::{Doc, Headline, SentenceKind, Stage};
use sift_lang::TextBasics;

#[test]
fn tokens() {
    check_file("tokens.txt", render_tokens);
}

#[test]
fn sentences() {
    check_file("sentences.txt", render_sentences);
}

/// Tokens separated by spaces; a clitic that joins the previous token is
/// written `+n't`.
fn render_tokens(input: &str) -> String {
    let mut out = String::new();
    for line in input.lines() {
        let tokens = sift_lang::tokenize(line);
        let rendered: Vec<String> = tokens
            .iter()
            .map(|t| {
                format!(
                    "{}{}",
                    if t.joins_previous { "+" } else { "" },
                    &line[t.span.range()]
                )
            })
            .collect();
        writeln!(out, "{}", rendered.join(" ")).unwrap();
    }
    out
}

/// One sentence a line: `[kind paragraph] text`. An input whose first line
/// is `HEADLINE:` is read with its next line as the headline.
fn render_sentences(input: &str) -> String {
    let (text, headline) = match input.strip_prefix("HEADLINE:\n") {
        Some(rest) => (rest, Headline::FirstLine),
        None => (input, Headline::None),
    };
    let mut doc = Doc::from_text(text, headline).unwrap();
    TextBasics::new().run(&mut doc);
    let mut out = String::new();
    for sentence in doc.sentences() {
        let kind = match sentence.kind {
            SentenceKind::Headline => "headline",
            SentenceKind::Dateline => "dateline",
            SentenceKind::Body => "body",
        };
        let flat = doc.slice(sentence.span).replace('\n', "\\n");
        writeln!(out, "[{kind} {}] {flat}", sentence.paragraph).unwrap();
    }
    out
}

fn check_file(name: &str, render: fn(&str) -> String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/text-basics")
        .join(name);
    let original = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    let mut regenerated = String::new();
    let mut failures = Vec::new();
    for case in original.split("%% input\n").skip(1) {
        let (input, expected) = case.split_once("%% expect\n").unwrap_or((case, ""));
        let input = input.strip_suffix('\n').unwrap_or(input);
        let actual = render(input);
        if actual.trim_end() != expected.trim_end() {
            failures.push(format!(
                "input:\n{input}\nexpected:\n{expected}actual:\n{actual}"
            ));
        }
        write!(regenerated, "%% input\n{input}\n%% expect\n{actual}\n").unwrap();
    }
    let header = original.split("%% input\n").next().unwrap_or_default();
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(
            &path,
            format!("{header}{}", regenerated.trim_end_matches('\n')) + "\n",
        )
        .unwrap();
        return;
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ in {name}; rerun with UPDATE_EXPECT=1 after checking:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}
