//! The gazetteer: places with coordinates, and an index from name keys to
//! places at three levels of strictness (see [`crate::normalize`]).
//!
//! The file is zstd-compressed text, one record a line, written by
//! [`crate::build_gazetteer`]. Names are stored already folded, so loading
//! only computes the looser keys and hashes them: the index is a sorted
//! array of 64-bit key hashes with a directory on their top bits, which
//! costs one sort to build and a directory probe plus a short scan to query.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::feature::{FEATURE_CODES, Feature};
use crate::normalize::{consonant_key, consonant_key_into, fold, skeleton, skeleton_into};
use crate::{Error, Result};

pub(crate) const MAGIC_LINE: &str = "sift-gazetteer 1";

static EMBEDDED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/geo/gazetteer.bin.zst"
));

/// Bits of a key hash used by the directory.
const DIRECTORY_BITS: u32 = 18;
/// Set on an index value when the name is an alternate, not the main name.
const ALTERNATE_BIT: u32 = 1 << 31;

/// A place in the gazetteer.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// GeoNames id; `None` for places from the hand-kept alias table that
    /// GeoNames extracts lack.
    pub geonameid: Option<u32>,
    /// The name as GeoNames writes it.
    pub name: String,
    /// Latitude in degrees.
    pub lat: f32,
    /// Longitude in degrees.
    pub lon: f32,
    /// ISO 3166-1 alpha-2 country code (empty for continents and seas).
    pub country_code: String,
    /// GeoNames admin1 code within the country (`GA`, `09`), or empty.
    pub admin1: String,
    /// The kind of place.
    pub feature: Feature,
    /// The GeoNames feature code (`PPL`, `ADM1`, `PCLI`, `STM`...).
    pub feature_code: &'static str,
    /// Population, or 0 when unknown.
    pub population: u64,
}

/// How a name matched a place, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchQuality {
    /// The folded main name.
    Exact,
    /// A folded alternate name.
    Alternate,
    /// The transliteration skeleton.
    Skeleton,
    /// The consonant key.
    Consonant,
    /// One edit away from a skeleton (long names only).
    Fuzzy,
}

/// One lookup hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameMatch {
    /// Index of the place in the gazetteer.
    pub place: u32,
    /// How the name matched.
    pub quality: MatchQuality,
}

/// How far a lookup may loosen the name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LookupDepth {
    /// Folded names only: for words that are not known to be places.
    Folded,
    /// Every level down to the bounded fuzzy match.
    Loose,
}

/// The embedded GeoNames gazetteer.
pub struct Gazetteer {
    places: Vec<Place>,
    keys: Vec<u64>,
    values: Vec<u32>,
    directory: Vec<u32>,
    countries: HashMap<String, u32>,
    admin1s: HashMap<(String, String), u32>,
    demonyms: HashMap<String, String>,
}

#[derive(Clone, Copy)]
enum Level {
    Folded = 0,
    Skeleton = 1,
    Consonant = 2,
}

impl Gazetteer {
    /// The gazetteer built into the binary. It is decompressed and indexed on
    /// the first call (about 0.2 s); later calls share it.
    pub fn embedded() -> Result<&'static Gazetteer> {
        static LOADED: OnceLock<std::result::Result<Gazetteer, String>> = OnceLock::new();
        LOADED
            .get_or_init(|| Gazetteer::from_compressed(EMBEDDED).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|message| Error::Format(message.clone()))
    }

    /// Reads a gazetteer file written by [`crate::build_gazetteer`].
    pub fn from_compressed(bytes: &[u8]) -> Result<Gazetteer> {
        let text = zstd::decode_all(bytes).map_err(|e| Error::Format(e.to_string()))?;
        let text = std::str::from_utf8(&text).map_err(|e| Error::Format(e.to_string()))?;
        Gazetteer::parse(text)
    }

    fn parse(text: &str) -> Result<Gazetteer> {
        let body = text
            .strip_prefix(MAGIC_LINE)
            .and_then(|rest| rest.strip_prefix('\n'))
            .ok_or_else(|| Error::Format("not a sift gazetteer file".into()))?;
        // Records are parsed and hashed in as many chunks as there are
        // cores (at most four), then merged in order.
        let lines: Vec<&str> = body.lines().collect();
        let n_chunks = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4);
        let chunk_len = lines.len().div_ceil(n_chunks).max(1);
        let parsed: Vec<Result<Chunk>> = std::thread::scope(|scope| {
            let handles: Vec<_> = lines
                .chunks(chunk_len)
                .enumerate()
                .map(|(chunk_idx, chunk)| {
                    scope.spawn(move || parse_chunk(chunk, chunk_idx * chunk_len + 2))
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle
                        .join()
                        .unwrap_or_else(|_| Err(Error::Format("a loader thread failed".into())))
                })
                .collect()
        });
        let mut places = Vec::with_capacity(lines.len());
        let mut entries: Vec<(u64, u32)> = Vec::new();
        let mut demonyms = HashMap::new();
        for chunk in parsed {
            let chunk = chunk?;
            let offset =
                u32::try_from(places.len()).map_err(|_| Error::Format("too many places".into()))?;
            entries.extend(chunk.entries.iter().map(|&(hash, value)| {
                let flag = value & ALTERNATE_BIT;
                (hash, ((value & !ALTERNATE_BIT) + offset) | flag)
            }));
            places.extend(chunk.places);
            demonyms.extend(chunk.demonyms);
        }
        let mut countries = HashMap::new();
        let mut admin1s = HashMap::new();
        for (idx, place) in places.iter().enumerate() {
            match place.feature {
                Feature::Country | Feature::Territory => {
                    countries.insert(place.country_code.clone(), idx as u32);
                }
                Feature::Adm1 => {
                    admin1s.insert(
                        (place.country_code.clone(), place.admin1.clone()),
                        idx as u32,
                    );
                }
                _ => {}
            }
        }
        let (keys, values, directory) = bucket_sort(entries);
        Ok(Gazetteer {
            places,
            keys,
            values,
            directory,
            countries,
            admin1s,
            demonyms,
        })
    }

    /// Every place, indexed by the `place` of a [`NameMatch`].
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The place at an index from [`Gazetteer::lookup`].
    ///
    /// # Panics
    /// If the index did not come from this gazetteer.
    pub fn place(&self, idx: u32) -> &Place {
        &self.places[idx as usize]
    }

    /// The number of distinct name keys indexed, over all levels.
    pub fn n_keys(&self) -> usize {
        self.keys.len()
    }

    /// The country with this ISO code.
    pub fn country(&self, country_code: &str) -> Option<u32> {
        self.countries.get(country_code).copied()
    }

    /// The first-order division with this country and admin1 code.
    pub fn admin1(&self, country_code: &str, admin1: &str) -> Option<u32> {
        self.admin1s
            .get(&(country_code.to_string(), admin1.to_string()))
            .copied()
    }

    /// The country a demonym names (`Syrian` → `SY`), by its folded form.
    pub fn demonym_country(&self, name: &str) -> Option<u32> {
        let code = self.demonyms.get(&fold(name))?;
        self.country(code)
    }

    /// The places a name may refer to, with how well each matched.
    ///
    /// Folded names (main and alternate) and skeletons are tried together;
    /// the consonant key only when they find nothing, and the edit-distance
    /// match only after that, for names with long skeletons.
    pub fn lookup(&self, name: &str, depth: LookupDepth) -> Vec<NameMatch> {
        let folded = fold(name);
        let mut found = Vec::new();
        if folded.is_empty() {
            return found;
        }
        for (value, is_alternate) in self.folded_postings(key_hash(Level::Folded, &folded)) {
            let quality = if is_alternate {
                MatchQuality::Alternate
            } else {
                MatchQuality::Exact
            };
            push_best(&mut found, value, quality);
        }
        if depth == LookupDepth::Folded {
            return found;
        }
        let skeleton = skeleton(&folded);
        for value in self.postings(key_hash(Level::Skeleton, &skeleton)) {
            push_best(&mut found, value, MatchQuality::Skeleton);
        }
        if !found.is_empty() {
            return found;
        }
        let consonants = consonant_key(&folded);
        if consonants.len() >= 3 {
            for value in self.postings(key_hash(Level::Consonant, &consonants)) {
                push_best(&mut found, value, MatchQuality::Consonant);
            }
        }
        if found.is_empty() && skeleton.len() >= 7 {
            self.fuzzy(&skeleton, &mut found);
        }
        found
    }

    fn fuzzy(&self, skeleton: &str, found: &mut Vec<NameMatch>) {
        // Transliterations differ mostly in vowels and doubled letters, so
        // substitutions and insertions try vowels only: a tenth of the probes
        // of a full alphabet, and fewer accidental matches.
        const ALPHABET: &[u8] = b"aiu";
        let bytes = skeleton.as_bytes();
        let mut variant = Vec::with_capacity(bytes.len() + 1);
        let probe = |variant: &[u8], found: &mut Vec<NameMatch>| {
            // Variants are built from ASCII bytes, so they are valid UTF-8.
            let key = std::str::from_utf8(variant).unwrap_or("");
            for value in self.postings(key_hash(Level::Skeleton, key)) {
                push_best(found, value, MatchQuality::Fuzzy);
            }
        };
        for idx in 0..bytes.len() {
            variant.clear();
            variant.extend_from_slice(&bytes[..idx]);
            variant.extend_from_slice(&bytes[idx + 1..]);
            probe(&variant, found);
            for &letter in ALPHABET {
                if letter != bytes[idx] {
                    variant.clear();
                    variant.extend_from_slice(bytes);
                    variant[idx] = letter;
                    probe(&variant, found);
                }
            }
            if idx + 1 < bytes.len() && bytes[idx] != bytes[idx + 1] {
                variant.clear();
                variant.extend_from_slice(bytes);
                variant.swap(idx, idx + 1);
                probe(&variant, found);
            }
        }
        for idx in 0..=bytes.len() {
            for &letter in ALPHABET {
                variant.clear();
                variant.extend_from_slice(&bytes[..idx]);
                variant.push(letter);
                variant.extend_from_slice(&bytes[idx..]);
                probe(&variant, found);
            }
        }
    }

    fn folded_postings(&self, hash: u64) -> impl Iterator<Item = (u32, bool)> + '_ {
        self.raw_postings(hash)
            .map(|value| (value & !ALTERNATE_BIT, value & ALTERNATE_BIT != 0))
    }

    fn postings(&self, hash: u64) -> impl Iterator<Item = u32> + '_ {
        self.raw_postings(hash).map(|value| value & !ALTERNATE_BIT)
    }

    fn raw_postings(&self, hash: u64) -> impl Iterator<Item = u32> + '_ {
        let bucket = (hash >> (64 - DIRECTORY_BITS)) as usize;
        let start = self.directory[bucket] as usize;
        let end = self.directory[bucket + 1] as usize;
        let keys = &self.keys[start..end];
        let first = keys.partition_point(|&k| k < hash);
        keys[first..]
            .iter()
            .take_while(move |&&k| k == hash)
            .enumerate()
            .map(move |(offset, _)| self.values[start + first + offset])
    }
}

/// What one loader thread produced.
struct Chunk {
    places: Vec<Place>,
    /// Key hashes and place indices local to the chunk.
    entries: Vec<(u64, u32)>,
    demonyms: Vec<(String, String)>,
}

fn parse_chunk(lines: &[&str], first_line_no: usize) -> Result<Chunk> {
    let mut chunk = Chunk {
        places: Vec::with_capacity(lines.len()),
        entries: Vec::with_capacity(lines.len() * 6),
        demonyms: Vec::new(),
    };
    let mut seen: Vec<u64> = Vec::new();
    let mut skeleton = String::new();
    let mut consonants = String::new();
    for (line_idx, line) in lines.iter().enumerate() {
        let bad = || {
            Error::Format(format!(
                "line {}: malformed record",
                first_line_no + line_idx
            ))
        };
        let mut fields = line.split('\t');
        match fields.next() {
            Some("D") => {
                let (Some(demonym), Some(code), None) =
                    (fields.next(), fields.next(), fields.next())
                else {
                    return Err(bad());
                };
                chunk.demonyms.push((demonym.to_string(), code.to_string()));
            }
            Some("P") => {
                let mut field = || fields.next().ok_or_else(bad);
                let (id, code, lat, lon, cc, admin1, population, name, names) = (
                    field()?,
                    field()?,
                    field()?,
                    field()?,
                    field()?,
                    field()?,
                    field()?,
                    field()?,
                    field()?,
                );
                let place_idx = u32::try_from(chunk.places.len()).map_err(|_| bad())?;
                let feature_code = FEATURE_CODES
                    .iter()
                    .find(|known| **known == code)
                    .copied()
                    .ok_or_else(bad)?;
                let feature = Feature::from_code(feature_code).ok_or_else(bad)?;
                chunk.places.push(Place {
                    geonameid: match id {
                        "" => None,
                        id => Some(id.parse().map_err(|_| bad())?),
                    },
                    lat: lat.parse().map_err(|_| bad())?,
                    lon: lon.parse().map_err(|_| bad())?,
                    country_code: cc.to_string(),
                    admin1: admin1.to_string(),
                    population: population.parse().map_err(|_| bad())?,
                    name: name.to_string(),
                    feature,
                    feature_code,
                });
                seen.clear();
                for (name_idx, folded) in names.split('|').enumerate() {
                    if folded.is_empty() {
                        continue;
                    }
                    let flag = if name_idx == 0 { 0 } else { ALTERNATE_BIT };
                    skeleton_into(folded, &mut skeleton);
                    consonant_key_into(folded, &mut consonants);
                    let mut add = |level: Level, key: &str, flag: u32| {
                        let hash = key_hash(level, key);
                        if !seen.contains(&hash) {
                            seen.push(hash);
                            chunk.entries.push((hash, place_idx | flag));
                        }
                    };
                    add(Level::Folded, folded, flag);
                    add(Level::Skeleton, &skeleton, 0);
                    if consonants.len() >= 3 {
                        add(Level::Consonant, &consonants, 0);
                    }
                }
            }
            _ => return Err(bad()),
        }
    }
    Ok(chunk)
}

/// Sorts index entries by key with one counting pass over the directory
/// buckets, then a small sort inside each bucket; returns the keys, the
/// values and the directory of bucket starts.
fn bucket_sort(entries: Vec<(u64, u32)>) -> (Vec<u64>, Vec<u32>, Vec<u32>) {
    let bucket_of = |hash: u64| (hash >> (64 - DIRECTORY_BITS)) as usize;
    let mut directory = vec![0u32; (1 << DIRECTORY_BITS) + 1];
    for &(hash, _) in &entries {
        directory[bucket_of(hash) + 1] += 1;
    }
    for idx in 1..directory.len() {
        directory[idx] += directory[idx - 1];
    }
    let mut cursor: Vec<u32> = directory[..directory.len() - 1].to_vec();
    let mut sorted = vec![(0u64, 0u32); entries.len()];
    for entry in entries {
        let slot = &mut cursor[bucket_of(entry.0)];
        sorted[*slot as usize] = entry;
        *slot += 1;
    }
    for bucket in directory.windows(2) {
        sorted[bucket[0] as usize..bucket[1] as usize].sort_unstable();
    }
    let (keys, values) = sorted.into_iter().unzip();
    (keys, values, directory)
}

fn push_best(found: &mut Vec<NameMatch>, place: u32, quality: MatchQuality) {
    match found.iter_mut().find(|m| m.place == place) {
        Some(existing) => existing.quality = existing.quality.min(quality),
        None => found.push(NameMatch { place, quality }),
    }
}

fn key_hash(level: Level, key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(key.as_bytes(), level as u64 + 1)
}
