//! Relative phrases before a place name: `in`, `near`, `30 km west of`,
//! `western`, `the north of`.

use sift_core::{Compass, Doc, PlaceRelation, RelationKind, Span};

/// Reads the words before token `first_token` (inside its sentence, which
/// starts at `sentence_start`) for a phrase that places something relative
/// to the place named there.
pub(crate) fn relation_before(
    doc: &Doc,
    sentence_start: usize,
    first_token: usize,
) -> Option<PlaceRelation> {
    let tokens = doc.tokens();
    let word = |idx: usize| doc.slice(tokens[idx].span).to_ascii_lowercase();
    let back = |n: usize| {
        first_token
            .checked_sub(n)
            .filter(|&idx| idx >= sentence_start)
    };
    let span_from = |start: usize| {
        Span::new(
            tokens[start].span.start(),
            tokens[first_token - 1].span.end(),
        )
    };

    let prev = back(1)?;
    let prev_word = word(prev);
    // "western Aleppo", "north-western Idlib", "central Homs".
    if let Some(direction) = part_adjective(&prev_word) {
        let mut start = prev;
        if let Some(dash) = back(2).filter(|&i| word(i) == "-")
            && let Some(first) = back(3)
            && compass_word(&word(first)).is_some()
        {
            let _ = dash;
            start = first;
        }
        let direction = combine(
            &doc.slice(Span::new(
                tokens[start].span.start(),
                tokens[prev].span.end(),
            ))
            .to_ascii_lowercase(),
        )
        .unwrap_or(direction);
        return Some(PlaceRelation {
            kind: RelationKind::PartOf,
            direction: Some(direction),
            distance_km: None,
            span: span_from(start),
        });
    }
    match prev_word.as_str() {
        "in" | "at" | "inside" | "within" | "into" => {
            return Some(PlaceRelation {
                kind: RelationKind::In,
                direction: None,
                distance_km: None,
                span: span_from(prev),
            });
        }
        "near" | "outside" | "around" | "nearby" | "by" => {
            return Some(PlaceRelation {
                kind: RelationKind::Near,
                direction: None,
                distance_km: None,
                span: span_from(prev),
            });
        }
        "of" | "from" => {}
        _ => return None,
    }
    // "... of X": a direction, a part, or the outskirts.
    let before_of = back(2)?;
    let head_word = word(before_of);
    if matches!(
        head_word.as_str(),
        "outskirts" | "vicinity" | "edge" | "suburbs" | "environs"
    ) {
        let start = back(3).filter(|&i| word(i) == "the").unwrap_or(before_of);
        return Some(PlaceRelation {
            kind: RelationKind::Near,
            direction: None,
            distance_km: None,
            span: span_from(start),
        });
    }
    // A direction word, possibly written in two parts ("north - east").
    let mut dir_start = before_of;
    let mut direction = compass_word(&head_word);
    if direction.is_some()
        && let (Some(dash), Some(first)) = (back(3), back(4))
        && word(dash) == "-"
        && compass_word(&word(first)).is_some()
    {
        dir_start = first;
        direction = combine(&format!("{}{}", word(first), head_word));
    }
    let direction = direction?;
    // "the north of X" is a part; "north of X" or "30 km north of X" is off it.
    if let Some(the) = dir_start.checked_sub(1).filter(|&i| i >= sentence_start)
        && word(the) == "the"
        && prev_word == "of"
    {
        return Some(PlaceRelation {
            kind: RelationKind::PartOf,
            direction: Some(direction),
            distance_km: None,
            span: span_from(the),
        });
    }
    let mut start = dir_start;
    let mut distance_km = None;
    if let Some(unit_idx) = dir_start.checked_sub(1).filter(|&i| i >= sentence_start)
        && let Some(factor) = unit_factor(&word(unit_idx))
        && let Some(number_idx) = unit_idx.checked_sub(1).filter(|&i| i >= sentence_start)
        && let Some(value) = number_value(&word(number_idx))
    {
        distance_km = Some(value * factor);
        start = number_idx;
        if let Some(about) = number_idx.checked_sub(1).filter(|&i| i >= sentence_start)
            && matches!(
                word(about).as_str(),
                "about" | "some" | "around" | "roughly" | "nearly"
            )
        {
            start = about;
        }
    }
    Some(PlaceRelation {
        kind: RelationKind::DirectionOf,
        direction: Some(direction),
        distance_km,
        span: span_from(start),
    })
}

fn compass_word(word: &str) -> Option<Compass> {
    combine(word)
}

fn combine(words: &str) -> Option<Compass> {
    let joined: String = words.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    Some(match joined.as_str() {
        "north" => Compass::North,
        "south" => Compass::South,
        "east" => Compass::East,
        "west" => Compass::West,
        "northeast" | "northeastern" => Compass::NorthEast,
        "northwest" | "northwestern" => Compass::NorthWest,
        "southeast" | "southeastern" => Compass::SouthEast,
        "southwest" | "southwestern" => Compass::SouthWest,
        "northern" => Compass::North,
        "southern" => Compass::South,
        "eastern" => Compass::East,
        "western" => Compass::West,
        "central" => Compass::Centre,
        _ => return None,
    })
}

fn part_adjective(word: &str) -> Option<Compass> {
    if word.ends_with("ern") || word == "central" {
        combine(word)
    } else {
        None
    }
}

fn unit_factor(word: &str) -> Option<f64> {
    Some(match word {
        "km" | "kms" | "kilometers" | "kilometres" | "kilometer" | "kilometre" => 1.0,
        "miles" | "mile" | "mi" => 1.609_344,
        "m" | "meters" | "metres" => 0.001,
        _ => return None,
    })
}

fn number_value(word: &str) -> Option<f64> {
    let cleaned: String = word.chars().filter(|&c| c != ',').collect();
    if let Ok(value) = cleaned.parse::<f64>() {
        return Some(value);
    }
    const WORDS: &[(&str, f64)] = &[
        ("one", 1.0),
        ("two", 2.0),
        ("three", 3.0),
        ("four", 4.0),
        ("five", 5.0),
        ("six", 6.0),
        ("seven", 7.0),
        ("eight", 8.0),
        ("nine", 9.0),
        ("ten", 10.0),
        ("twelve", 12.0),
        ("fifteen", 15.0),
        ("twenty", 20.0),
        ("thirty", 30.0),
        ("forty", 40.0),
        ("fifty", 50.0),
        ("a", 1.0),
        ("hundred", 100.0),
    ];
    WORDS.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}
