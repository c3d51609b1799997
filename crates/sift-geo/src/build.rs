//! `sift train gazetteer`: builds the gazetteer file from GeoNames tables
//! and the hand-kept alias and demonym tables of this crate.
//!
//! GeoNames' extracts in the shared data carry coordinates only for cities.
//! Countries and first-order divisions get the middle of the box around
//! their towns (an area centre, as GeoNames' own points are, not a
//! population centre); second-order divisions get the point of a
//! town of the same name in the same division, else their division's point.
//! `aliases.tsv` overrides the points of a few large countries whose towns
//! sit far from their middle.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;

use crate::gazetteer::{Gazetteer, MAGIC_LINE};
use crate::normalize::{fold, is_latin};
use crate::{Error, Result};

/// The hand-kept table of places, names and points that GeoNames' extracts lack.
pub const ALIASES_TSV: &str = include_str!("../data/aliases.tsv");
/// The hand-kept table of demonyms and the countries they name.
pub const DEMONYMS_TSV: &str = include_str!("../data/demonyms.tsv");

/// The shared-data files the gazetteer is built from, read by the caller.
pub struct GazetteerSources {
    /// `geonames/cities500.tsv.zst`.
    pub cities500_zst: Vec<u8>,
    /// `geonames/countryInfo.txt`.
    pub country_info: String,
    /// `geonames/admin1CodesASCII.txt`.
    pub admin1_codes: String,
    /// `geonames/admin2Codes.txt`.
    pub admin2_codes: String,
    /// `geonames/subdivisions.tsv`: aliases of ADM1 and ADM2 divisions.
    pub subdivisions: String,
}

/// What the build produced, for the training log.
#[derive(Clone, Debug, Default)]
pub struct GazetteerStats {
    /// Places written.
    pub n_places: usize,
    /// Folded names written, over all places.
    pub n_names: usize,
    /// Demonyms written.
    pub n_demonyms: usize,
}

struct Record {
    geonameid: Option<u32>,
    feature_code: String,
    lat: f64,
    lon: f64,
    country_code: String,
    admin1: String,
    population: u64,
    name: String,
    names: Vec<String>,
}

impl Record {
    fn add_name(&mut self, raw: &str) {
        let folded = fold(raw);
        if !folded.is_empty() && !self.names.contains(&folded) {
            self.names.push(folded);
        }
    }
}

/// Builds the compressed gazetteer file. Deterministic: the same sources
/// give the same bytes.
pub fn build_gazetteer(sources: &GazetteerSources) -> Result<(Vec<u8>, GazetteerStats)> {
    let cities = zstd::decode_all(sources.cities500_zst.as_slice())
        .map_err(|e| Error::Format(format!("cities500: {e}")))?;
    let cities = String::from_utf8_lossy(&cities);
    let mut records: Vec<Record> = Vec::new();

    // Countries first, so that their names come before towns in the file.
    let mut capitals: HashMap<String, String> = HashMap::new();
    let mut country_idx: HashMap<String, usize> = HashMap::new();
    for line in sources.country_info.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 17 {
            continue;
        }
        let (iso, name, capital) = (f[0], f[4], f[5]);
        let Ok(geonameid) = f[16].parse::<u32>() else {
            continue;
        };
        capitals.insert(iso.to_string(), fold(capital));
        country_idx.insert(iso.to_string(), records.len());
        let mut record = Record {
            geonameid: Some(geonameid),
            feature_code: "PCLI".into(),
            lat: f64::NAN,
            lon: f64::NAN,
            country_code: iso.to_string(),
            admin1: String::new(),
            population: f[7].parse().unwrap_or(0),
            name: name.to_string(),
            names: Vec::new(),
        };
        record.add_name(name);
        records.push(record);
    }

    let mut subdivision_aliases: HashMap<u32, Vec<String>> = HashMap::new();
    for line in sources.subdivisions.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 6 {
            continue;
        }
        let Ok(geonameid) = f[3].parse::<u32>() else {
            continue;
        };
        let names = subdivision_aliases.entry(geonameid).or_default();
        names.push(f[0].to_string());
        names.extend(f[5].split('|').map(str::to_string));
    }

    let mut admin1_idx: HashMap<(String, String), usize> = HashMap::new();
    for line in sources.admin1_codes.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let Some((cc, code)) = f[0].split_once('.') else {
            continue;
        };
        let Ok(geonameid) = f[3].parse::<u32>() else {
            continue;
        };
        let mut record = Record {
            geonameid: Some(geonameid),
            feature_code: "ADM1".into(),
            lat: f64::NAN,
            lon: f64::NAN,
            country_code: cc.to_string(),
            admin1: code.to_string(),
            population: 0,
            name: f[1].to_string(),
            names: Vec::new(),
        };
        record.add_name(f[1]);
        record.add_name(f[2]);
        for alias in subdivision_aliases.get(&geonameid).into_iter().flatten() {
            if is_kept_alternate(alias) {
                record.add_name(alias);
            }
        }
        admin1_idx.insert((cc.to_string(), code.to_string()), records.len());
        records.push(record);
    }

    // Towns: kept aside first, because the division points derive from them.
    let first_town = records.len();
    for line in cities.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 8 {
            continue;
        }
        let (Ok(geonameid), Ok(lat), Ok(lon)) = (
            f[0].parse::<u32>(),
            f[2].parse::<f64>(),
            f[3].parse::<f64>(),
        ) else {
            continue;
        };
        let mut record = Record {
            geonameid: Some(geonameid),
            feature_code: "PPL".into(),
            lat,
            lon,
            country_code: f[4].to_string(),
            admin1: f[5].to_string(),
            population: f[6].parse().unwrap_or(0),
            name: f[1].to_string(),
            names: Vec::new(),
        };
        record.add_name(f[1]);
        for alias in f[7].split('|') {
            if is_kept_alternate(alias) {
                record.add_name(alias);
            }
        }
        records.push(record);
    }

    // Capitals as countryInfo.txt names them: the largest town of that name.
    let mut best_capital: HashMap<String, usize> = HashMap::new();
    for (idx, record) in records.iter().enumerate().skip(first_town) {
        if capitals.get(&record.country_code) == record.names.first() {
            let entry = best_capital
                .entry(record.country_code.clone())
                .or_insert(idx);
            if records[*entry].population < record.population {
                *entry = idx;
            }
        }
    }
    for idx in best_capital.into_values() {
        records[idx].feature_code = "PPLC".into();
    }

    // Area points and populations from the towns.
    let mut country_points: HashMap<String, Vec<(f64, f64)>> = HashMap::new();
    let mut admin1_points: HashMap<(String, String), Vec<(f64, f64)>> = HashMap::new();
    let mut admin1_population: HashMap<(String, String), u64> = HashMap::new();
    for record in &records[first_town..] {
        let point = (record.lat, record.lon);
        country_points
            .entry(record.country_code.clone())
            .or_default()
            .push(point);
        let key = (record.country_code.clone(), record.admin1.clone());
        admin1_points.entry(key.clone()).or_default().push(point);
        *admin1_population.entry(key).or_default() += record.population;
    }
    for (cc, idx) in &country_idx {
        if let Some(points) = country_points.get(cc) {
            (records[*idx].lat, records[*idx].lon) = area_centre(points);
        }
    }
    for (key, idx) in &admin1_idx {
        if let Some(points) = admin1_points.get(key) {
            (records[*idx].lat, records[*idx].lon) = area_centre(points);
        }
        records[*idx].population = admin1_population.get(key).copied().unwrap_or(0);
    }

    // Second-order divisions.
    let mut towns_by_name: HashMap<(String, String, String), usize> = HashMap::new();
    for (idx, record) in records.iter().enumerate().skip(first_town) {
        let key = (
            record.country_code.clone(),
            record.admin1.clone(),
            record.names[0].clone(),
        );
        let entry = towns_by_name.entry(key).or_insert(idx);
        if records[*entry].population < record.population {
            *entry = idx;
        }
    }
    let mut admin2_records = Vec::new();
    for line in sources.admin2_codes.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let mut code = f[0].splitn(3, '.');
        let (Some(cc), Some(admin1), Some(_)) = (code.next(), code.next(), code.next()) else {
            continue;
        };
        let Ok(geonameid) = f[3].parse::<u32>() else {
            continue;
        };
        let Some(&parent) = admin1_idx.get(&(cc.to_string(), admin1.to_string())) else {
            continue;
        };
        if records[parent].lat.is_nan() {
            continue;
        }
        let mut record = Record {
            geonameid: Some(geonameid),
            feature_code: "ADM2".into(),
            lat: records[parent].lat,
            lon: records[parent].lon,
            country_code: cc.to_string(),
            admin1: admin1.to_string(),
            population: 0,
            name: f[1].to_string(),
            names: Vec::new(),
        };
        record.add_name(f[1]);
        record.add_name(f[2]);
        for alias in subdivision_aliases.get(&geonameid).into_iter().flatten() {
            if is_kept_alternate(alias) {
                record.add_name(alias);
            }
        }
        let seat_name = strip_designator(&record.names[0]);
        if let Some(&town) =
            towns_by_name.get(&(cc.to_string(), admin1.to_string(), seat_name.to_string()))
        {
            record.lat = records[town].lat;
            record.lon = records[town].lon;
            record.population = records[town].population;
        }
        admin2_records.push(record);
    }
    records.extend(admin2_records);

    apply_aliases(&mut records)?;

    let mut out = String::with_capacity(32 << 20);
    out.push_str(MAGIC_LINE);
    out.push('\n');
    let mut stats = GazetteerStats::default();
    for record in &records {
        if record.lat.is_nan() || record.names.is_empty() {
            continue;
        }
        stats.n_places += 1;
        stats.n_names += record.names.len();
        let _ = writeln!(
            out,
            "P\t{}\t{}\t{:.4}\t{:.4}\t{}\t{}\t{}\t{}\t{}",
            record
                .geonameid
                .map(|id| id.to_string())
                .unwrap_or_default(),
            record.feature_code,
            record.lat,
            record.lon,
            record.country_code,
            record.admin1,
            record.population,
            record.name.replace(['\t', '\n'], " "),
            record.names.join("|")
        );
    }
    let mut demonyms = BTreeMap::new();
    for (line_no, line) in data_lines(DEMONYMS_TSV) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 2 {
            return Err(Error::Format(format!(
                "demonyms.tsv line {line_no}: want 2 fields"
            )));
        }
        demonyms.insert(fold(f[0]), f[1].to_string());
    }
    for (demonym, cc) in &demonyms {
        let _ = writeln!(out, "D\t{demonym}\t{cc}");
        stats.n_demonyms += 1;
    }
    let binary = Gazetteer::from_text(&out)?.to_binary()?;
    // Level 12 decodes about a third faster than 19 for a 6 % larger file;
    // the index columns, half the file, hardly compress at any level.
    let bytes = zstd::bulk::compress(&binary, 12).map_err(|e| Error::Format(e.to_string()))?;
    Ok((bytes, stats))
}

/// Alternate names worth indexing: Latin script, written with a capital
/// (GeoNames' lower-case alternates are machine romanizations such as
/// `hlb`), and not airport or other codes in capitals.
fn is_kept_alternate(name: &str) -> bool {
    let name = name.trim();
    if name.is_empty() || !is_latin(name) || !name.chars().any(char::is_uppercase) {
        return false;
    }
    let is_code = name.len() <= 4 && name.chars().all(|c| c.is_ascii_uppercase());
    !is_code && !name.chars().any(|c| c.is_ascii_digit())
}

/// The name of a division without its designator: `laurel county` → `laurel`.
fn strip_designator(folded: &str) -> &str {
    const DESIGNATORS: &[&str] = &[
        " county",
        " parish",
        " borough",
        " district",
        " municipality",
        " province",
        " city and borough",
        " census area",
        " governorate",
        " region",
        " department",
    ];
    DESIGNATORS
        .iter()
        .find_map(|d| folded.strip_suffix(d))
        .unwrap_or(folded)
}

/// The middle of the box around an area's towns, leaving out the outermost
/// 1% on each side (far islands). GeoNames' own points for countries and
/// states are near such a middle, not near the population centre. An area
/// across the 180th meridian falls back to the centre of its grid cells.
fn area_centre(points: &[(f64, f64)]) -> (f64, f64) {
    let mut lats: Vec<f64> = points.iter().map(|p| p.0).collect();
    let mut lons: Vec<f64> = points.iter().map(|p| p.1).collect();
    lats.sort_by(f64::total_cmp);
    lons.sort_by(f64::total_cmp);
    let trim = points.len() / 100;
    let (lat_low, lat_high) = (lats[trim], lats[lats.len() - 1 - trim]);
    let (lon_low, lon_high) = (lons[trim], lons[lons.len() - 1 - trim]);
    if lon_high - lon_low > 180.0 {
        let cells: HashSet<(i32, i32)> = points
            .iter()
            .map(|&(lat, lon)| ((lat * 2.0).floor() as i32, (lon * 2.0).floor() as i32))
            .collect();
        return cell_centre(&cells);
    }
    ((lat_low + lat_high) / 2.0, (lon_low + lon_high) / 2.0)
}

/// The centre of a set of half-degree grid cells, averaged on the sphere.
fn cell_centre(cells: &HashSet<(i32, i32)>) -> (f64, f64) {
    let (mut x, mut y, mut z) = (0.0, 0.0, 0.0);
    for &(lat_cell, lon_cell) in cells {
        let lat = ((lat_cell as f64 + 0.5) / 2.0).to_radians();
        let lon = ((lon_cell as f64 + 0.5) / 2.0).to_radians();
        x += lat.cos() * lon.cos();
        y += lat.cos() * lon.sin();
        z += lat.sin();
    }
    let lon = y.atan2(x).to_degrees();
    let lat = z.atan2((x * x + y * y).sqrt()).to_degrees();
    (lat, lon)
}

fn data_lines(table: &str) -> impl Iterator<Item = (usize, &str)> {
    table
        .lines()
        .enumerate()
        .map(|(idx, line)| (idx + 1, line.trim_end()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}

/// Applies `aliases.tsv`: `alias` rows add names to a place (by GeoNames id),
/// `point` rows move a place, `place` rows add a place.
fn apply_aliases(records: &mut Vec<Record>) -> Result<()> {
    let by_id: HashMap<u32, usize> = records
        .iter()
        .enumerate()
        .filter_map(|(idx, r)| r.geonameid.map(|id| (id, idx)))
        .collect();
    let bad =
        |line_no: usize, why: &str| Error::Format(format!("aliases.tsv line {line_no}: {why}"));
    let mut added = Vec::new();
    for (line_no, line) in data_lines(ALIASES_TSV) {
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["alias", id, names, ..] => {
                let id: u32 = id.parse().map_err(|_| bad(line_no, "bad id"))?;
                let &idx = by_id.get(&id).ok_or_else(|| bad(line_no, "unknown id"))?;
                for name in names.split('|') {
                    records[idx].add_name(name);
                }
            }
            ["point", id, lat, lon, ..] => {
                let id: u32 = id.parse().map_err(|_| bad(line_no, "bad id"))?;
                let &idx = by_id.get(&id).ok_or_else(|| bad(line_no, "unknown id"))?;
                records[idx].lat = lat.parse().map_err(|_| bad(line_no, "bad lat"))?;
                records[idx].lon = lon.parse().map_err(|_| bad(line_no, "bad lon"))?;
            }
            ["place", id, code, lat, lon, cc, population, names, ..] => {
                if crate::Feature::from_code(code).is_none() {
                    return Err(bad(line_no, "unknown feature code"));
                }
                let geonameid = match *id {
                    "-" => None,
                    id => Some(id.parse().map_err(|_| bad(line_no, "bad id"))?),
                };
                let mut record = Record {
                    geonameid,
                    feature_code: code.to_string(),
                    lat: lat.parse().map_err(|_| bad(line_no, "bad lat"))?,
                    lon: lon.parse().map_err(|_| bad(line_no, "bad lon"))?,
                    country_code: if *cc == "-" {
                        String::new()
                    } else {
                        cc.to_string()
                    },
                    admin1: String::new(),
                    population: population
                        .parse()
                        .map_err(|_| bad(line_no, "bad population"))?,
                    name: names.split('|').next().unwrap_or_default().to_string(),
                    names: Vec::new(),
                };
                for name in names.split('|') {
                    record.add_name(name);
                }
                added.push(record);
            }
            _ => return Err(bad(line_no, "unknown row")),
        }
    }
    records.extend(added);
    Ok(())
}
