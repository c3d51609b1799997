//! The places layer: each place mention, resolved to a gazetteer entry.

use serde::{Deserialize, Serialize};

use crate::Span;

/// How a place was named.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A place name in running text (`in Aleppo`).
    Toponym,
    /// A nationality word naming a country as an actor's home (`Syrian
    /// forces`): the country, but not where anything happened.
    Demonym,
    /// A place in the report's dateline (`ALEPPO, Syria (Reuters) -`).
    Dateline,
}

/// Where a place mention stands relative to the place it names, when a
/// phrase around it says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// `in X`, `at X`: at the place itself.
    In,
    /// `near X`, `outside X`, `on the outskirts of X`.
    Near,
    /// `30 km west of X`: off the place in a direction.
    DirectionOf,
    /// `western X`, `the north of X`: a part of the place.
    PartOf,
}

/// A compass direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compass {
    /// North.
    North,
    /// North-east.
    NorthEast,
    /// East.
    East,
    /// South-east.
    SouthEast,
    /// South.
    South,
    /// South-west.
    SouthWest,
    /// West.
    West,
    /// North-west.
    NorthWest,
    /// The centre (`central X`).
    Centre,
}

/// A relative phrase: the mention is the anchor, the relation says where
/// from it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceRelation {
    /// In, near, off in a direction, or a part of.
    pub kind: RelationKind,
    /// The direction, for [`RelationKind::DirectionOf`] and [`RelationKind::PartOf`].
    pub direction: Option<Compass>,
    /// The distance, when given (`30 km`, `20 miles`), in kilometres.
    pub distance_km: Option<f64>,
    /// The words that say it (`30 km west of`, `western`, `near`).
    pub span: Span,
}

/// A gazetteer entry a mention may name, with its score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceCandidate {
    /// GeoNames id; `None` for entries of sift's hand-kept alias table.
    pub geonameid: Option<u32>,
    /// The name as the gazetteer writes it.
    pub name: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 country code, empty for seas and continents.
    pub country_code: String,
    /// GeoNames admin1 code within the country, or empty.
    pub admin1: String,
    /// GeoNames feature class (`P`, `A`, `L`, `H`, `T`).
    pub feature_class: char,
    /// GeoNames feature code (`PPL`, `PPLC`, `ADM1`, `PCLI`...).
    pub feature_code: String,
    /// Population, 0 when unknown.
    pub population: u64,
    /// The resolver's score: higher is more likely. Comparable only among
    /// the candidates of one mention.
    pub score: f32,
}

/// A place mention: a run of whole tokens in one sentence, resolved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {
    /// The name as written.
    pub span: Span,
    /// Index of its first token.
    pub first_token: u32,
    /// Number of tokens (at least one).
    pub n_tokens: u32,
    /// Toponym, demonym or dateline.
    pub kind: PlaceKind,
    /// The chosen place: the first of `candidates`, kept apart for
    /// convenience.
    pub place: PlaceCandidate,
    /// The best candidates, best first (the chosen place included).
    pub candidates: Vec<PlaceCandidate>,
    /// A relative phrase anchored on this place (`30 km west of`), if any.
    pub relation: Option<PlaceRelation>,
}

impl PlaceMention {
    /// The token indices of this mention.
    pub fn token_range(&self) -> std::ops::Range<usize> {
        let first = self.first_token as usize;
        first..first + self.n_tokens as usize
    }
}

/// Great-circle distance between two points in degrees, in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0088;
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let d_phi = (lat2 - lat1).to_radians();
    let d_lambda = (lon2 - lon1).to_radians();
    let a = (d_phi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (d_lambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}
