//! Toponym resolution: which gazetteer entry each mention names.
//!
//! One sense per document: mentions with the same folded name (and the same
//! designator, so that `Idlib province` and `Idlib city` stay apart) share
//! one resolution. Each candidate gets a prior from its population, its
//! feature type and how well its name matched; then, over a few rounds, the
//! other names' current winners add context: the same country or state, a
//! container (`Paris, Texas`), being the container of other places (Georgia
//! the state when Atlanta is named), and nearness.

use std::collections::HashMap;

use sift_core::{PlaceCandidate, PlaceKind, PlaceMention};

use crate::feature::Feature;
use crate::gazetteer::{Gazetteer, MatchQuality, Place};
use crate::normalize::fold;
use crate::recognize::{Designator, Mention};

/// Candidates kept per name after the prior, to bound the context rounds.
const MAX_CANDIDATES: usize = 16;
/// Candidates reported per mention.
const MAX_REPORTED: usize = 5;
/// Rounds of context rescoring.
const ROUNDS: usize = 3;

#[derive(Clone, Copy, Debug)]
struct Candidate {
    place: u32,
    quality: MatchQuality,
    prior: f32,
    score: f32,
}

struct Group {
    candidates: Vec<Candidate>,
    winner: Option<usize>,
    is_demonym: bool,
    /// Groups named right after this one (`X, Y`).
    containers: Vec<usize>,
}

/// Resolves recognized mentions; mentions the gazetteer does not know come
/// back as `None`, in the order given.
pub(crate) fn resolve(gazetteer: &Gazetteer, mentions: &[Mention]) -> Vec<Option<PlaceMention>> {
    let mut group_of_key: HashMap<(String, Option<Designator>, bool), usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of_mention = Vec::with_capacity(mentions.len());
    for mention in mentions {
        let is_demonym = mention.kind == PlaceKind::Demonym;
        let key = (fold(&mention.name), mention.designator, is_demonym);
        let group_idx = *group_of_key.entry(key).or_insert_with(|| {
            groups.push(Group {
                candidates: candidates_for(gazetteer, mention),
                winner: None,
                is_demonym,
                containers: Vec::new(),
            });
            groups.len() - 1
        });
        group_of_mention.push(group_idx);
    }
    for (mention, &group_idx) in mentions.iter().zip(&group_of_mention) {
        if let Some(container) = mention.container {
            let container_group = group_of_mention[container];
            if container_group != group_idx
                && !groups[group_idx].containers.contains(&container_group)
            {
                groups[group_idx].containers.push(container_group);
            }
        }
    }
    for group in &mut groups {
        for candidate in &mut group.candidates {
            candidate.score = candidate.prior;
            if candidate.quality >= MatchQuality::Consonant {
                candidate.score -= 100.0;
            }
        }
        group.winner = best(&group.candidates);
    }
    for _ in 0..ROUNDS {
        let winners: Vec<Option<(u32, bool)>> = groups
            .iter()
            .map(|g| g.winner.map(|w| (g.candidates[w].place, g.is_demonym)))
            .collect();
        let mut next_winners = Vec::with_capacity(groups.len());
        for (group_idx, group) in groups.iter_mut().enumerate() {
            if group.is_demonym {
                next_winners.push(group.winner);
                continue;
            }
            for candidate in &mut group.candidates {
                let place = gazetteer.place(candidate.place);
                let mut context = 0.0f32;
                let mut n_same_country = 0usize;
                let mut n_same_admin1 = 0usize;
                let mut contains = 0usize;
                let mut in_named_area = 0.0f32;
                let mut nearness = 0.0f32;
                let mut nearest_km = f32::INFINITY;
                let mut near_country = 0.0f32;
                for (other_idx, other) in winners.iter().enumerate() {
                    let Some((other_place_idx, other_is_demonym)) = *other else {
                        continue;
                    };
                    if other_idx == group_idx || other_place_idx == candidate.place {
                        continue;
                    }
                    let other_place = gazetteer.place(other_place_idx);
                    if !place.country_code.is_empty()
                        && other_place.country_code == place.country_code
                    {
                        n_same_country += 1;
                    }
                    if other_is_demonym {
                        continue;
                    }
                    if is_within(other_place, place) {
                        contains += 1;
                    }
                    if is_within(place, other_place) {
                        in_named_area = in_named_area.max(match other_place.feature {
                            Feature::Adm1 => 3.5,
                            _ => 1.0,
                        });
                    }
                    if place.feature != Feature::Country
                        && !place.admin1.is_empty()
                        && other_place.country_code == place.country_code
                        && other_place.admin1 == place.admin1
                        && other_place.feature != Feature::Country
                    {
                        n_same_admin1 += 1;
                    }
                    if place.feature.specificity() >= 2 {
                        let km = distance_km(place, other_place);
                        if other_place.feature.specificity() >= 2 {
                            nearness += 1.5 * (-km / 150.0).exp();
                            nearest_km = nearest_km.min(km);
                        } else {
                            // A country's point is far from most of it: it
                            // counts as near over a wider radius, and less.
                            near_country = near_country.max(1.5 * (-km / 500.0).exp());
                        }
                    }
                }
                // Each further place of the same country or state adds a
                // little: a report about one region names many of its places.
                if n_same_country > 0 {
                    context += 2.0 + 0.25 * (n_same_country.min(5) - 1) as f32;
                }
                if n_same_admin1 > 0 {
                    context += 3.0 + 0.5 * (n_same_admin1.min(4) - 1) as f32;
                }
                if contains > 0 {
                    context += match place.feature {
                        Feature::Adm1 | Feature::Adm2 => 3.0,
                        _ => 1.5,
                    } + 0.5 * (contains.min(4) - 1) as f32;
                }
                context += nearness.min(4.5) + near_country + in_named_area;
                // A loose spelling match is a guess worth making only near
                // places the document already names.
                if candidate.quality >= MatchQuality::Consonant && nearest_km > 300.0 {
                    context -= 100.0;
                }
                for &container_group in &group.containers {
                    if let Some((container_place, _)) = winners[container_group]
                        && is_within(place, gazetteer.place(container_place))
                    {
                        context += 6.0;
                    }
                }
                candidate.score = candidate.prior + context;
            }
            next_winners.push(best(&group.candidates));
        }
        for (group, winner) in groups.iter_mut().zip(next_winners) {
            group.winner = winner;
        }
    }
    mentions
        .iter()
        .zip(&group_of_mention)
        .map(|(mention, &group_idx)| {
            let group = &groups[group_idx];
            let winner = group.winner?;
            let mut ranked: Vec<&Candidate> = group.candidates.iter().collect();
            ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.place.cmp(&b.place)));
            let winner_place = group.candidates[winner].place;
            ranked.retain(|c| c.place != winner_place);
            ranked.insert(0, &group.candidates[winner]);
            ranked.truncate(MAX_REPORTED);
            let candidates: Vec<PlaceCandidate> = ranked
                .iter()
                .map(|c| to_candidate(gazetteer.place(c.place), c.score))
                .collect();
            Some(PlaceMention {
                span: mention.span,
                first_token: mention.first_token as u32,
                n_tokens: mention.n_tokens as u32,
                kind: mention.kind,
                place: candidates[0].clone(),
                candidates,
                relation: mention.relation,
            })
        })
        .collect()
}

fn candidates_for(gazetteer: &Gazetteer, mention: &Mention) -> Vec<Candidate> {
    if mention.kind == PlaceKind::Demonym {
        return gazetteer
            .demonym_country(&mention.name)
            .map(|place| {
                vec![Candidate {
                    place,
                    quality: MatchQuality::Exact,
                    prior: 10.0,
                    score: 10.0,
                }]
            })
            .unwrap_or_default();
    }
    let mut found = gazetteer.lookup(&mention.name, mention.depth);
    if found.is_empty()
        && let Some(bare) = &mention.bare_name
    {
        found = gazetteer.lookup(bare, mention.depth);
    }
    if found.is_empty() {
        let lower = mention.name.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("the ") {
            found = gazetteer.lookup(rest, mention.depth);
        }
    }
    let has_folded_match = found.iter().any(|m| m.quality <= MatchQuality::Alternate);
    let mut candidates: Vec<Candidate> = found
        .iter()
        .map(|m| {
            let place = gazetteer.place(m.place);
            let mut prior = prior(place, m.quality, mention.designator);
            // "Columbia" is not "Colombia" when a Columbia exists.
            if has_folded_match && m.quality > MatchQuality::Alternate {
                prior -= 5.0;
            }
            Candidate {
                place: m.place,
                quality: m.quality,
                prior,
                score: prior,
            }
        })
        .collect();
    // A division named after its own main town is the town unless the words
    // say otherwise: "Aleppo" is the city, "Aleppo province" the governorate.
    if mention.designator.is_none() {
        let towns: Vec<(String, String)> = candidates
            .iter()
            .map(|c| gazetteer.place(c.place))
            .filter(|p| p.feature.is_populated_place() && p.population >= 1000)
            .map(|p| (p.country_code.clone(), p.admin1.clone()))
            .collect();
        for candidate in &mut candidates {
            let place = gazetteer.place(candidate.place);
            if matches!(place.feature, Feature::Adm1 | Feature::Adm2)
                && towns
                    .iter()
                    .any(|(cc, a1)| *cc == place.country_code && *a1 == place.admin1)
            {
                candidate.prior -= 6.0;
                candidate.score = candidate.prior;
            }
        }
    }
    candidates.sort_by(|a, b| b.prior.total_cmp(&a.prior).then(a.place.cmp(&b.place)));
    candidates.truncate(MAX_CANDIDATES);
    candidates
}

fn prior(place: &Place, quality: MatchQuality, designator: Option<Designator>) -> f32 {
    let population = (1.0 + place.population as f32).log10() * 0.9;
    let feature = match place.feature {
        Feature::Continent => 9.0,
        Feature::Country => 8.0,
        Feature::Territory | Feature::Region => 6.0,
        Feature::Water | Feature::Landform => 4.0,
        Feature::Adm1 => 1.5,
        Feature::Adm2 => 2.5,
        Feature::Pplc => 3.0,
        Feature::Ppl => 0.0,
    };
    let quality = match quality {
        MatchQuality::Exact => 0.0,
        MatchQuality::Alternate => -0.7,
        MatchQuality::Skeleton => -2.0,
        MatchQuality::Consonant => -3.5,
        MatchQuality::Fuzzy => -4.5,
    };
    let designator = match (designator, place.feature) {
        (Some(Designator::Region), Feature::Adm1) => 8.0,
        (Some(Designator::Region), Feature::Adm2) => 4.0,
        (Some(Designator::District), Feature::Adm2) => 8.0,
        (Some(Designator::District), Feature::Adm1) => 2.0,
        (Some(Designator::Town), Feature::Ppl | Feature::Pplc) => 6.0,
        (Some(Designator::Town), _) => -2.0,
        _ => 0.0,
    };
    population + feature + quality + designator
}

/// The best candidate, if any is plausible at all.
fn best(candidates: &[Candidate]) -> Option<usize> {
    (0..candidates.len())
        .filter(|&idx| candidates[idx].score > -50.0)
        .max_by(|&a, &b| {
            candidates[a]
                .score
                .total_cmp(&candidates[b].score)
                .then(candidates[b].place.cmp(&candidates[a].place))
        })
}

/// True when `inner` lies in `outer` by the gazetteer's codes.
fn is_within(inner: &Place, outer: &Place) -> bool {
    if outer.country_code.is_empty() || inner.country_code != outer.country_code {
        return false;
    }
    match outer.feature {
        Feature::Country | Feature::Territory => inner.feature != outer.feature,
        Feature::Adm1 => {
            inner.admin1 == outer.admin1
                && !matches!(inner.feature, Feature::Adm1 | Feature::Country)
        }
        _ => false,
    }
}

/// Distance in kilometres, by the equirectangular approximation: within a
/// few percent of the great circle at the ranges where nearness counts, and
/// much cheaper in the resolver's inner loop.
pub(crate) fn distance_km(a: &Place, b: &Place) -> f32 {
    const KM_PER_DEGREE: f32 = 111.195;
    let mean_lat = ((a.lat + b.lat) / 2.0).to_radians();
    let mut d_lon = (a.lon - b.lon).abs();
    if d_lon > 180.0 {
        d_lon = 360.0 - d_lon;
    }
    let x = d_lon * mean_lat.cos();
    let y = a.lat - b.lat;
    (x * x + y * y).sqrt() * KM_PER_DEGREE
}

pub use sift_core::haversine_km;

fn to_candidate(place: &Place, score: f32) -> PlaceCandidate {
    PlaceCandidate {
        geonameid: place.geonameid,
        name: place.name.clone(),
        lat: place.lat as f64,
        lon: place.lon as f64,
        country_code: place.country_code.clone(),
        admin1: place.admin1.clone(),
        feature_class: place.feature.class(),
        feature_code: place.feature_code.to_string(),
        population: place.population,
        score: (score * 100.0).round() / 100.0,
    }
}
