//! GeoNames feature codes the gazetteer uses, as a compact enum.

/// The GeoNames feature codes the gazetteer file may hold; a record keeps
/// its code as an index into this table.
pub const FEATURE_CODES: &[&str] = &[
    "CONT", "PCLI", "PCLD", "PCLS", "PCLF", "TERR", "RGN", "AREA", "ADM1", "ADM2", "PPLC", "PPLA",
    "PPLX", "PPL", "STM", "SEA", "GULF", "LK", "BAY", "STRT", "OCN", "CNL", "MTS", "MT", "ISL",
    "ISLS", "PEN", "DSRT", "PLAT", "HGTS", "VAL", "PLN",
];

/// What kind of place a gazetteer entry is, grouped from its GeoNames code.
///
/// cities500 carries no feature codes, so its places are [`Feature::Ppl`],
/// or [`Feature::Pplc`] for a country's capital as `countryInfo.txt` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Feature {
    /// `CONT`: a continent.
    Continent,
    /// `PCLI`: an independent political entity (a country).
    Country,
    /// `PCLD`/`PCLS`/`TERR`: a dependent or disputed territory.
    Territory,
    /// `RGN`: a region named in news but not an administrative unit.
    Region,
    /// `ADM1`: a first-order administrative division (state, province).
    Adm1,
    /// `ADM2`: a second-order division (county, district).
    Adm2,
    /// `PPLC`: a capital city.
    Pplc,
    /// `PPL`: a populated place.
    Ppl,
    /// A body of water: sea, gulf, lake, river (`SEA`, `GULF`, `LK`, `STM`...).
    Water,
    /// A landform: mountains, islands, plateaus, valleys (`MTS`, `ISL`...).
    Landform,
}

impl Feature {
    /// The GeoNames feature class: `A` areas, `L` regions, `P` places,
    /// `H` water, `T` terrain.
    pub fn class(self) -> char {
        match self {
            Feature::Continent | Feature::Region => 'L',
            Feature::Country | Feature::Territory | Feature::Adm1 | Feature::Adm2 => 'A',
            Feature::Pplc | Feature::Ppl => 'P',
            Feature::Water => 'H',
            Feature::Landform => 'T',
        }
    }

    /// The kind of a GeoNames feature code, when the gazetteer knows it.
    pub fn from_code(code: &str) -> Option<Feature> {
        Some(match code {
            "CONT" => Feature::Continent,
            "PCLI" => Feature::Country,
            "PCLD" | "PCLS" | "PCLF" | "TERR" => Feature::Territory,
            "RGN" | "AREA" => Feature::Region,
            "ADM1" => Feature::Adm1,
            "ADM2" => Feature::Adm2,
            "PPLC" => Feature::Pplc,
            "PPL" | "PPLA" | "PPLX" => Feature::Ppl,
            "STM" | "SEA" | "GULF" | "LK" | "BAY" | "STRT" | "OCN" | "CNL" => Feature::Water,
            "MTS" | "MT" | "ISL" | "ISLS" | "PEN" | "DSRT" | "PLAT" | "HGTS" | "VAL" | "PLN" => {
                Feature::Landform
            }
            _ => return None,
        })
    }

    /// True for populated places (cities, towns, villages).
    pub fn is_populated_place(self) -> bool {
        matches!(self, Feature::Pplc | Feature::Ppl)
    }

    /// True for administrative and political areas.
    pub fn is_area(self) -> bool {
        matches!(
            self,
            Feature::Country | Feature::Territory | Feature::Adm1 | Feature::Adm2
        )
    }

    /// How much ground a place covers, smallest first: a city is more
    /// specific than its county, a county than its state.
    pub fn specificity(self) -> u8 {
        match self {
            Feature::Pplc | Feature::Ppl | Feature::Landform | Feature::Water => 4,
            Feature::Adm2 => 3,
            Feature::Adm1 => 2,
            Feature::Country | Feature::Territory | Feature::Region => 1,
            Feature::Continent => 0,
        }
    }
}
