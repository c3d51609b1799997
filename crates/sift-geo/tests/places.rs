//! Place recognition and resolution on short fictional reports, through the
//! embedded pipeline (tokenizer, tagger, parser, NER, places).

use sift_core::{Doc, Headline, Pipeline, PlaceKind, PlaceMention};
use sift_geo::PlaceResolver;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    PIPELINE.get_or_init(|| {
        Pipeline::new(vec![
            Box::new(sift_lang::TextBasics::new()),
            Box::new(sift_lang::Tagger::embedded().unwrap()),
            Box::new(sift_lang::Parser::embedded().unwrap()),
            Box::new(sift_lang::EntityRecognizer::embedded().unwrap()),
            Box::new(PlaceResolver::embedded().unwrap()),
        ])
        .unwrap()
    })
}

fn analyze(text: &str) -> Doc {
    let mut doc = Doc::from_text(text, Headline::None).unwrap();
    pipeline().run(&mut doc);
    doc
}

/// The place a written name resolved to, by the mention's text.
fn place_of<'a>(doc: &'a Doc, written: &str) -> &'a PlaceMention {
    doc.places()
        .iter()
        .find(|p| doc.slice(p.span) == written)
        .unwrap_or_else(|| {
            let found: Vec<_> = doc
                .places()
                .iter()
                .map(|p| (doc.slice(p.span), p.place.name.as_str(), p.place.geonameid))
                .collect();
            panic!("no place mention {written:?}; found {found:?}")
        })
}

#[test]
fn syrian_places_resolve_to_their_geonames_ids() {
    let doc = analyze(
        "ALEPPO, Syria (Reuters) - Government aircraft bombed Dar Ezza, a town west of Aleppo, \
         on Tuesday. Rebels said they had shelled positions near Deir ez-Zor and in Idlib.",
    );
    assert_eq!(place_of(&doc, "ALEPPO").place.geonameid, Some(170063));
    assert_eq!(place_of(&doc, "ALEPPO").kind, PlaceKind::Dateline);
    assert_eq!(place_of(&doc, "Aleppo").place.geonameid, Some(170063));
    assert_eq!(place_of(&doc, "Dar Ezza").place.geonameid, Some(170857));
    assert_eq!(place_of(&doc, "Deir ez-Zor").place.geonameid, Some(170794));
    assert_eq!(
        place_of(&doc, "Idlib").place.geonameid,
        Some(169389),
        "the city"
    );
}

#[test]
fn idlib_is_the_governorate_when_the_text_says_province() {
    let doc = analyze("Air strikes hit several villages in Idlib province on Sunday.");
    let idlib = doc
        .places()
        .iter()
        .find(|p| doc.slice(p.span).starts_with("Idlib"))
        .expect("Idlib is recognized");
    assert_eq!(idlib.place.geonameid, Some(169387));
    assert_eq!(idlib.place.feature_code, "ADM1");
}

#[test]
fn georgia_is_the_state_among_american_places_and_the_country_near_russia() {
    let state = analyze(
        "Storms knocked out power across Georgia on Monday. Officials in Atlanta and \
         Gainesville said crews were working through the night.",
    );
    assert_eq!(place_of(&state, "Georgia").place.geonameid, Some(4197000));
    let country = analyze(
        "Russian troops moved deeper into Georgia on Monday, and the government in Tbilisi \
         appealed to Moscow to stop.",
    );
    assert_eq!(place_of(&country, "Georgia").place.geonameid, Some(614540));
}

#[test]
fn paris_is_in_france_unless_texas_says_otherwise() {
    let france = analyze("Protesters marched through Paris on Saturday, French police said.");
    assert_eq!(place_of(&france, "Paris").place.geonameid, Some(2988507));
    let texas = analyze("A tornado damaged homes in Paris, Texas, late on Friday.");
    assert_eq!(place_of(&texas, "Paris").place.geonameid, Some(4717560));
}

#[test]
fn demonyms_name_countries_as_actors() {
    let doc = analyze("Syrian forces shelled the town, a monitor said.");
    let syrian = place_of(&doc, "Syrian");
    assert_eq!(syrian.kind, PlaceKind::Demonym);
    assert_eq!(syrian.place.geonameid, Some(163843));
}

#[test]
fn common_words_with_capitals_are_not_places() {
    let doc = analyze("Nice work, he said. Reading the report, Mobile users complained.");
    assert!(doc.places().is_empty(), "{:?}", doc.places());
}

#[test]
fn candidates_come_with_scores_best_first() {
    let doc = analyze("Protesters marched through Paris on Saturday.");
    let paris = place_of(&doc, "Paris");
    assert!(paris.candidates.len() > 1);
    assert_eq!(paris.candidates[0], paris.place);
    assert!(
        paris
            .candidates
            .windows(2)
            .all(|w| w[0].score >= w[1].score)
    );
}

/// The token index of the first token whose text is `word`.
fn token_of(doc: &Doc, word: &str) -> (usize, usize) {
    let token = doc
        .tokens()
        .iter()
        .position(|t| doc.slice(t.span) == word)
        .unwrap_or_else(|| panic!("no token {word:?}"));
    let sentence = doc
        .sentences()
        .iter()
        .position(|s| s.token_range().contains(&token))
        .unwrap();
    (sentence, token)
}

#[test]
fn an_event_is_located_where_the_parse_attaches_a_place_to_its_trigger() {
    let doc = analyze(
        "ALEPPO, Syria (Reuters) - Rebels attacked an army post 30 km west of Idlib on Tuesday. \
         Officials met in Damascus to discuss the attack.",
    );
    let (sentence, trigger) = token_of(&doc, "attacked");
    let location = sift_geo::locate(&doc, doc.places(), sentence, trigger).unwrap();
    let place = &doc.places()[location.place_index];
    assert_eq!(doc.slice(place.span), "Idlib");
    assert_eq!(location.rule, sift_geo::LocationRule::Attached);
    let relation = location.relation.expect("the relative phrase is kept");
    assert_eq!(relation.kind, sift_core::RelationKind::DirectionOf);
    assert_eq!(relation.direction, Some(sift_core::Compass::West));
    assert_eq!(relation.distance_km, Some(30.0));
    assert_eq!(doc.slice(relation.span), "30 km west of");
}

#[test]
fn a_part_of_a_place_keeps_the_place_as_anchor() {
    let doc = analyze("Government aircraft bombed rebel positions in western Aleppo on Monday.");
    let (sentence, trigger) = token_of(&doc, "bombed");
    let location = sift_geo::locate(&doc, doc.places(), sentence, trigger).unwrap();
    let place = &doc.places()[location.place_index];
    assert_eq!(place.place.geonameid, Some(170063));
    let relation = location.relation.unwrap();
    assert_eq!(relation.kind, sift_core::RelationKind::PartOf);
    assert_eq!(relation.direction, Some(sift_core::Compass::West));
}

#[test]
fn without_a_place_in_the_sentence_the_dateline_locates_the_event() {
    let doc = analyze(
        "ALEPPO, Syria (Reuters) - Syrian forces shelled the old city on Tuesday. \
         Residents fled.",
    );
    let (sentence, trigger) = token_of(&doc, "shelled");
    let location = sift_geo::locate(&doc, doc.places(), sentence, trigger).unwrap();
    assert_eq!(location.rule, sift_geo::LocationRule::Dateline);
    let place = &doc.places()[location.place_index];
    assert_eq!(place.place.geonameid, Some(170063), "the city, not Syria");
}

#[test]
fn a_place_in_another_clause_is_the_sentence_rule_and_demonyms_never_locate() {
    let doc =
        analyze("Syrian officials said troops fired on protesters after they marched from Homs.");
    let (sentence, trigger) = token_of(&doc, "fired");
    let location = sift_geo::locate(&doc, doc.places(), sentence, trigger).unwrap();
    let place = &doc.places()[location.place_index];
    assert_eq!(doc.slice(place.span), "Homs");
    assert_eq!(location.rule, sift_geo::LocationRule::Sentence);
}

#[test]
fn the_dominant_place_is_the_last_resort() {
    let doc =
        analyze("Floods hit Mosul again. Mosul residents said water rose fast. Nobody was hurt.");
    let (sentence, trigger) = token_of(&doc, "hurt");
    let location = sift_geo::locate(&doc, doc.places(), sentence, trigger).unwrap();
    assert_eq!(location.rule, sift_geo::LocationRule::Dominant);
    assert_eq!(doc.places()[location.place_index].place.name, "Mosul");
    assert_eq!(
        sift_geo::locate(&doc, doc.places(), 99, 0),
        None,
        "bad input is no panic"
    );
}
