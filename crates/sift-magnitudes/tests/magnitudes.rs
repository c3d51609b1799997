//! The magnitudes stage behind the whole pipeline, on short fictional
//! sentences: what a figure counts, what is no figure, and which event and
//! claim it belongs to. Also the accuracy floors on the gold set.

use std::sync::OnceLock;

use sift_core::{
    AttributionKind, Certainty, Doc, Headline, Magnitude, MagnitudeKind, NewDoc, Pipeline,
};
use sift_eval::eval_magnitudes;
use sift_events::{Codebook, Coder, Dictionaries, EventStage};
use sift_magnitudes::MagnitudeStage;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let events = EventStage::new(
            Coder::new(Dictionaries::embedded().unwrap()),
            Some(Box::new(Codebook)),
        );
        Pipeline::new(vec![
            Box::new(sift_lang::TextBasics::new()),
            Box::new(sift_lang::Tagger::embedded().unwrap()),
            Box::new(sift_lang::Parser::embedded().unwrap()),
            Box::new(sift_lang::EntityRecognizer::embedded().unwrap()),
            Box::new(sift_time::DateStage::new()),
            Box::new(sift_geo::PlaceResolver::embedded().unwrap()),
            Box::new(sift_claims::ClaimsStage::embedded().unwrap()),
            Box::new(events),
            Box::new(MagnitudeStage::new()),
        ])
        .unwrap()
    })
}

fn analyze(text: &str) -> Doc {
    let mut doc = Doc::new(NewDoc {
        text: text.to_string(),
        headline: Headline::None,
        published: chrono::NaiveDate::from_ymd_opt(2026, 3, 4),
        ..NewDoc::default()
    })
    .unwrap();
    pipeline().run(&mut doc);
    doc
}

/// (kind, low, high, quantity as written) of every figure.
fn figures(doc: &Doc) -> Vec<(MagnitudeKind, u64, Option<u64>, String)> {
    doc.magnitudes()
        .iter()
        .map(|m| (m.kind, m.low, m.high, doc.slice(m.span).to_string()))
        .collect()
}

fn only(doc: &Doc) -> &Magnitude {
    assert_eq!(doc.magnitudes().len(), 1, "{:?}", figures(doc));
    &doc.magnitudes()[0]
}

#[test]
fn each_kind_is_read_from_the_words_around_the_figure() {
    use MagnitudeKind::*;
    let cases: &[(&str, MagnitudeKind, u64, Option<u64>, &str)] = &[
        (
            "An air strike killed about 30 fighters near the river.",
            Killed,
            27,
            Some(33),
            "killed",
        ),
        (
            "At least 12 people were killed when the bus was hit.",
            Killed,
            12,
            None,
            "killed",
        ),
        (
            "Seven villagers died in the flood.",
            Killed,
            7,
            Some(7),
            "died",
        ),
        (
            "The death toll rose to 40 on Friday.",
            Killed,
            40,
            Some(40),
            "death toll",
        ),
        (
            "Rescuers recovered 31 bodies.",
            Killed,
            31,
            Some(31),
            "bodies",
        ),
        ("The raid left 9 people dead.", Killed, 9, Some(9), "dead"),
        (
            "Eight police officers were hurt in the clashes.",
            Injured,
            8,
            Some(8),
            "hurt",
        ),
        (
            "The shelling wounded dozens of residents.",
            Injured,
            24,
            Some(99),
            "wounded",
        ),
        (
            "Police detained more than 300 people overnight.",
            Arrested,
            300,
            None,
            "detained",
        ),
        (
            "Police made 37 arrests at the match.",
            Arrested,
            37,
            Some(37),
            "arrests",
        ),
        (
            "More than 4,000 people have fled the area.",
            Displaced,
            4000,
            None,
            "fled",
        ),
        (
            "Some 800 people were left homeless by the fire.",
            Displaced,
            720,
            Some(880),
            "homeless",
        ),
        (
            "About 5,000 protesters marched through the capital.",
            Participants,
            4500,
            Some(5500),
            "marched",
        ),
        (
            "The government deployed 3,000 troops to the border.",
            Participants,
            3000,
            Some(3000),
            "deployed",
        ),
    ];
    for &(text, kind, low, high, cue) in cases {
        let doc = analyze(text);
        let magnitude = only(&doc);
        assert_eq!(
            (magnitude.kind, magnitude.low, magnitude.high),
            (kind, low, high),
            "{text}"
        );
        assert_eq!(doc.slice(magnitude.cue), cue, "{text}");
    }
}

#[test]
fn protesters_who_are_arrested_count_as_arrested() {
    let doc = analyze("Police arrested 14 protesters outside parliament.");
    let magnitude = only(&doc);
    assert_eq!(magnitude.kind, MagnitudeKind::Arrested);
    assert_eq!(doc.slice(magnitude.victims.unwrap()), "protesters");
}

#[test]
fn numbers_that_count_no_casualties_are_left_alone() {
    for text in [
        "The 32-year-old driver was arrested at the scene.",
        "Resolution 2254 calls for a ceasefire.",
        "The convoy of 31 trucks reached the town.",
        "Unemployment rose to 12 percent.",
        "The blast was heard 20 kilometres away.",
        "The government pledged $40 million in aid.",
        "The ceasefire lasted 72 hours.",
        "The talks will resume on March 12 in Geneva.",
        "The F-16 crashed shortly after take-off.",
        "The prime minister, 58, said the army would withdraw within 30 days.",
        "Rebels fired 12 rockets at the airport, but no one was hurt.",
        "The committee has 15 members, three of whom are women.",
        "Three of the wounded were flown to the capital.",
        "The attack caused at least 40 casualties.",
        "The militia is holding 23 hostages in a school.",
        "Police said the death toll could rise, as 30 people remain missing.",
    ] {
        let doc = analyze(text);
        assert!(doc.magnitudes().is_empty(), "{text}: {:?}", figures(&doc));
    }
}

#[test]
fn a_subgroup_of_a_figure_is_not_a_second_figure() {
    let doc = analyze("The blast killed 23 people, including four police officers.");
    assert_eq!(
        figures(&doc),
        vec![(MagnitudeKind::Killed, 23, Some(23), "23".to_string())]
    );
    let doc = analyze("Among the dead were five children.");
    assert_eq!(
        figures(&doc),
        vec![(MagnitudeKind::Killed, 5, None, "five".to_string())],
        "a subgroup with no total bounds the count from below"
    );
}

#[test]
fn a_figure_takes_the_certainty_and_holder_of_its_claim() {
    let doc = analyze("The defence ministry said about 30 fighters were killed.");
    let magnitude = only(&doc);
    let claim = &doc.claims()[magnitude.claim.expect("the figure is in a claim")];
    assert_eq!(claim.certainty, Certainty::Reported);
    let holder = claim.attribution.as_ref().unwrap();
    assert_eq!(holder.kind, AttributionKind::NamedOrganization);
    assert!(doc.slice(holder.span).contains("ministry"));
}

#[test]
fn a_figure_is_linked_to_the_coded_event_that_the_parse_ties_to_it() {
    let doc = analyze("Police arrested 14 protesters outside the parliament building.");
    let magnitude = only(&doc);
    let event = &doc.events()[magnitude.event.expect("the arrest is coded")];
    assert_eq!(doc.slice(event.trigger), "arrested");
    assert_eq!(event.cameo.code, "173");

    // Two events in one sentence: each figure goes to its own verb.
    let doc = analyze("Troops killed 11 militants and arrested 7 others in a raid.");
    let arrested = doc
        .magnitudes()
        .iter()
        .find(|m| m.kind == MagnitudeKind::Arrested)
        .unwrap();
    assert_eq!(doc.slice(arrested.anchor.unwrap()), "arrested");
    assert!(
        arrested
            .event
            .is_none_or(|idx| doc.slice(doc.events()[idx].trigger) != "killed"),
        "the arrests are not the killing"
    );
}

#[test]
fn a_tally_is_linked_to_the_event_of_the_sentence_before() {
    let doc = analyze(
        "Gunmen opened fire on worshippers outside the mosque. The death toll rose to 40 by evening.",
    );
    let magnitude = only(&doc);
    assert_eq!(magnitude.sentence, 1);
    let anchor = doc.slice(magnitude.anchor.expect("the event is named"));
    assert_eq!(anchor, "opened");
    if let Some(event) = magnitude.event {
        assert_eq!(doc.events()[event].sentence, 0);
    }
}

#[test]
fn a_figure_the_event_coder_missed_stays_visible() {
    let doc = analyze("An air strike on a market killed about 30 fighters.");
    let magnitude = only(&doc);
    assert_eq!(magnitude.event, None, "no coded event: no named actor");
    assert_eq!(doc.slice(magnitude.anchor.unwrap()), "killed");
    assert_eq!(doc.slice(magnitude.victims.unwrap()), "fighters");
}

#[test]
fn every_span_lies_on_the_text() {
    let doc = analyze(
        "Thirty-two civilians were killed and 1,200 others were wounded, while some 12 000 people fled.",
    );
    assert_eq!(doc.magnitudes().len(), 3, "{:?}", figures(&doc));
    for magnitude in doc.magnitudes() {
        let quantity = doc.slice(magnitude.span);
        assert_eq!(
            doc.tokens_in(magnitude.span),
            magnitude.token_range(),
            "{quantity}"
        );
        doc.slice(magnitude.cue);
    }
}

#[test]
fn the_gold_set_stays_above_its_floors() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/magnitudes/magnitudes.jsonl"
    );
    let gold = std::fs::read_to_string(path).unwrap();
    let all = eval_magnitudes(&gold, pipeline(), None).unwrap();
    assert!(all.n_gold() >= 150, "the set has {} figures", all.n_gold());
    assert!(all.f1() >= 0.95, "{all}");
    assert!(all.attachment_accuracy() >= 0.90, "{all}");
    let test = eval_magnitudes(&gold, pipeline(), Some("test")).unwrap();
    assert!(test.f1() >= 0.90, "{test}");
    assert!(test.attachment_accuracy() >= 0.85, "{test}");
}

#[test]
fn a_result_participle_belongs_to_the_event_before_it_whatever_the_parse() {
    // The parser hangs "killing" from "said"; the figure still counts the
    // bombing.
    let doc = analyze(
        "Syrian warplanes bombed a market in Idlib on Wednesday, killing about 30 people, \
         the health ministry said.",
    );
    let magnitude = only(&doc);
    assert_eq!((magnitude.low, magnitude.high), (27, Some(33)));
    let event = &doc.events()[magnitude.event.expect("the bombing is coded")];
    assert_eq!(doc.slice(event.trigger), "bombed");
}
