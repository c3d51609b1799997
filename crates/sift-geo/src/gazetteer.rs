//! The gazetteer: places with coordinates, and an index from name keys to
//! places at three levels of strictness (see [`crate::normalize`]).
//!
//! [`crate::build_gazetteer`] writes the records as text, one a line with
//! their folded names, and builds the index from that text: a sorted array
//! of key fingerprints with a directory on the top bits of their hashes,
//! which costs a directory probe plus a short scan to query. The file holds
//! the finished index and the places in columns of fixed-width numbers and
//! length-prefixed strings, so loading is one decompression and copies, with
//! no name folding, hashing or sorting.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::feature::{FEATURE_CODES, Feature};
use crate::normalize::{consonant_key, consonant_key_into, fold, skeleton, skeleton_into};
use crate::{Error, Result};

pub(crate) const MAGIC_LINE: &str = "sift-gazetteer 1";
/// The first bytes of the binary gazetteer file.
const MAGIC: &[u8; 8] = b"SIFTGAZ2";
/// Bits of a key hash that address the presence filter: 16 M bits (2 MB),
/// about one in ten set.
const FILTER_BITS: u32 = 24;
/// A bound on the decompressed file that a corrupt header cannot exceed.
const MAX_DECOMPRESSED: usize = 1 << 30;
/// Stands for a missing GeoNames id in the binary file.
const NO_GEONAMEID: u32 = u32::MAX;

static EMBEDDED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/geo/gazetteer.bin.zst"
));

/// Bits of a key hash used by the directory.
const DIRECTORY_BITS: u32 = 18;
/// The index keeps the 32 hash bits below the directory's: 50 bits in all
/// tell keys apart, so a stray match among 1.75 M keys has odds of about
/// one in 600 million per probe, and the index takes half the room.
const FINGERPRINT_SHIFT: u32 = 64 - DIRECTORY_BITS - 32;
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
    keys: Vec<u32>,
    values: Vec<u32>,
    directory: Vec<u32>,
    /// One bit per value of a hash's top [`FILTER_BITS`], set when some key
    /// has them: most probes of the fuzzy match name no key, and this small
    /// table turns them away before they touch the large key array.
    present: Vec<u64>,
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
    /// the first call (about 0.1 s); later calls share it.
    pub fn embedded() -> Result<&'static Gazetteer> {
        static LOADED: OnceLock<std::result::Result<Gazetteer, String>> = OnceLock::new();
        LOADED
            .get_or_init(|| Gazetteer::from_compressed(EMBEDDED).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|message| Error::Format(message.clone()))
    }

    /// Reads a gazetteer file written by [`crate::build_gazetteer`].
    pub fn from_compressed(bytes: &[u8]) -> Result<Gazetteer> {
        // The builder records the decompressed size in the frame, so the
        // buffer is allocated once instead of growing and copying.
        let raw = match zstd::zstd_safe::get_frame_content_size(bytes) {
            Ok(Some(size)) if size <= MAX_DECOMPRESSED as u64 => {
                zstd::bulk::decompress(bytes, size as usize)
            }
            _ => zstd::decode_all(bytes),
        }
        .map_err(|e| Error::Format(e.to_string()))?;
        Gazetteer::from_binary(&raw)
    }

    /// Serializes the gazetteer for [`Gazetteer::from_binary`]: a header of
    /// counts, then columns, so that like values sit together for zstd.
    pub(crate) fn to_binary(&self) -> Result<Vec<u8>> {
        let too_long = |what: &str| Error::Format(format!("{what} too long for the file"));
        let mut out = Vec::with_capacity(64 << 20);
        out.extend_from_slice(MAGIC);
        for count in [self.places.len(), self.demonyms.len(), self.keys.len()] {
            let count = u32::try_from(count).map_err(|_| too_long("a table"))?;
            out.extend_from_slice(&count.to_le_bytes());
        }
        for bucket in self.directory.windows(2) {
            out.extend_from_slice(&(bucket[1] - bucket[0]).to_le_bytes());
        }
        for key in &self.keys {
            out.extend_from_slice(&key.to_le_bytes());
        }
        for value in &self.values {
            out.extend_from_slice(&value.to_le_bytes());
        }
        for place in &self.places {
            let id = place.geonameid.unwrap_or(NO_GEONAMEID);
            out.extend_from_slice(&id.to_le_bytes());
        }
        for place in &self.places {
            out.extend_from_slice(&place.lat.to_le_bytes());
            out.extend_from_slice(&place.lon.to_le_bytes());
        }
        for place in &self.places {
            out.extend_from_slice(&place.population.to_le_bytes());
        }
        for place in &self.places {
            let code = FEATURE_CODES
                .iter()
                .position(|known| *known == place.feature_code)
                .ok_or_else(|| Error::Format(format!("unknown code {}", place.feature_code)))?;
            out.push(code as u8);
        }
        let short = |out: &mut Vec<u8>, text: &str| -> Result<()> {
            out.push(u8::try_from(text.len()).map_err(|_| too_long(text))?);
            out.extend_from_slice(text.as_bytes());
            Ok(())
        };
        for place in &self.places {
            short(&mut out, &place.country_code)?;
            short(&mut out, &place.admin1)?;
        }
        for place in &self.places {
            let len = u16::try_from(place.name.len()).map_err(|_| too_long(&place.name))?;
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(place.name.as_bytes());
        }
        let mut demonyms: Vec<(&String, &String)> = self.demonyms.iter().collect();
        demonyms.sort();
        for (demonym, code) in demonyms {
            short(&mut out, demonym)?;
            short(&mut out, code)?;
        }
        Ok(out)
    }

    /// Reads what [`Gazetteer::to_binary`] wrote.
    fn from_binary(raw: &[u8]) -> Result<Gazetteer> {
        let mut input = ByteReader { rest: raw };
        if input.take(MAGIC.len())? != MAGIC {
            return Err(Error::Format("not a sift gazetteer file".into()));
        }
        let n_places = input.u32()? as usize;
        let n_demonyms = input.u32()? as usize;
        let n_keys = input.u32()? as usize;
        let mut directory = Vec::with_capacity((1 << DIRECTORY_BITS) + 1);
        directory.push(0u32);
        let mut total = 0u32;
        for count in input.u32s(1 << DIRECTORY_BITS)? {
            total = total
                .checked_add(count)
                .ok_or_else(|| Error::Format("bad index directory".into()))?;
            directory.push(total);
        }
        if total as usize != n_keys {
            return Err(Error::Format("index directory and keys disagree".into()));
        }
        let keys = input.u32s(n_keys)?;
        let values = input.u32s(n_keys)?;
        if values
            .iter()
            .any(|&value| (value & !ALTERNATE_BIT) as usize >= n_places)
        {
            return Err(Error::Format("index points past the places".into()));
        }
        let ids = input.u32s(n_places)?;
        let points = input.u32s(2 * n_places)?;
        let populations = input.take(8 * n_places)?;
        let codes = input.take(n_places)?;
        let mut places = Vec::with_capacity(n_places);
        let mut divisions = Vec::with_capacity(n_places);
        for _ in 0..n_places {
            let country_code = input.short_str()?;
            let admin1 = input.short_str()?;
            divisions.push((country_code, admin1));
        }
        for (idx, (country_code, admin1)) in divisions.into_iter().enumerate() {
            let name_len = u16::from_le_bytes([input.byte()?, input.byte()?]) as usize;
            let name = input.str(name_len)?;
            let feature_code = *FEATURE_CODES
                .get(codes[idx] as usize)
                .ok_or_else(|| Error::Format("unknown feature code".into()))?;
            let feature = Feature::from_code(feature_code)
                .ok_or_else(|| Error::Format("unknown feature code".into()))?;
            let population_bytes: [u8; 8] = populations[8 * idx..8 * idx + 8]
                .try_into()
                .map_err(|_| Error::Format("truncated populations".into()))?;
            places.push(Place {
                geonameid: Some(ids[idx]).filter(|&id| id != NO_GEONAMEID),
                name: name.to_string(),
                lat: f32::from_bits(points[2 * idx]),
                lon: f32::from_bits(points[2 * idx + 1]),
                country_code: country_code.to_string(),
                admin1: admin1.to_string(),
                feature,
                feature_code,
                population: u64::from_le_bytes(population_bytes),
            });
        }
        let mut demonyms = HashMap::with_capacity(n_demonyms);
        for _ in 0..n_demonyms {
            let demonym = input.short_str()?.to_string();
            let code = input.short_str()?.to_string();
            demonyms.insert(demonym, code);
        }
        if !input.rest.is_empty() {
            return Err(Error::Format("trailing bytes after the gazetteer".into()));
        }
        let (countries, admin1s) = division_tables(&places);
        let present = presence_filter(&keys, &directory);
        Ok(Gazetteer {
            places,
            keys,
            values,
            directory,
            present,
            countries,
            admin1s,
            demonyms,
        })
    }

    /// Reads the text form [`crate::build_gazetteer`] writes before it
    /// builds the index.
    pub(crate) fn from_text(text: &str) -> Result<Gazetteer> {
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
        let (countries, admin1s) = division_tables(&places);
        let (keys, values, directory) = bucket_sort(entries);
        let present = presence_filter(&keys, &directory);
        Ok(Gazetteer {
            places,
            keys,
            values,
            directory,
            present,
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
        let filter_slot = (hash >> (64 - FILTER_BITS)) as usize;
        let bucket = (hash >> (64 - DIRECTORY_BITS)) as usize;
        let (start, end) = if self.present[filter_slot / 64] & (1 << (filter_slot % 64)) == 0 {
            (0, 0)
        } else {
            (
                self.directory[bucket] as usize,
                self.directory[bucket + 1] as usize,
            )
        };
        let key = fingerprint(hash);
        let keys = &self.keys[start..end];
        let first = keys.partition_point(|&k| k < key);
        let len = keys[first..].iter().take_while(|&&k| k == key).count();
        self.values[start + first..start + first + len]
            .iter()
            .copied()
    }
}

/// The gazetteer's presence filter, from the keys: a key's
/// bucket gives the top directory bits of its hash and its fingerprint the
/// bits right below them.
fn presence_filter(keys: &[u32], directory: &[u32]) -> Vec<u64> {
    let mut present = vec![0u64; (1 << FILTER_BITS) / 64];
    for (bucket, bounds) in directory.windows(2).enumerate() {
        for &key in &keys[bounds[0] as usize..bounds[1] as usize] {
            let slot = (bucket << (FILTER_BITS - DIRECTORY_BITS))
                | (key >> (32 - (FILTER_BITS - DIRECTORY_BITS))) as usize;
            present[slot / 64] |= 1 << (slot % 64);
        }
    }
    present
}

/// The index of countries by ISO code and of first-order divisions by
/// country and admin1 code.
type DivisionTables = (HashMap<String, u32>, HashMap<(String, String), u32>);

fn division_tables(places: &[Place]) -> DivisionTables {
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
    (countries, admin1s)
}

/// Reads the binary gazetteer front to back; every read checks the length.
struct ByteReader<'a> {
    rest: &'a [u8],
}

impl<'a> ByteReader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.rest.len() < n {
            return Err(Error::Format("the gazetteer file is truncated".into()));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32> {
        Ok(self.u32s(1)?[0])
    }

    fn u32s(&mut self, n: usize) -> Result<Vec<u32>> {
        let bytes = self.take(
            n.checked_mul(4)
                .ok_or_else(|| Error::Format("the gazetteer file is truncated".into()))?,
        )?;
        Ok(bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }

    fn str(&mut self, n: usize) -> Result<&'a str> {
        std::str::from_utf8(self.take(n)?).map_err(|e| Error::Format(e.to_string()))
    }

    fn short_str(&mut self) -> Result<&'a str> {
        let len = self.byte()? as usize;
        self.str(len)
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
fn bucket_sort(entries: Vec<(u64, u32)>) -> (Vec<u32>, Vec<u32>, Vec<u32>) {
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
    // Within a bucket, sorting by the whole hash sorts by the fingerprint.
    let (keys, values) = sorted
        .into_iter()
        .map(|(hash, value)| (fingerprint(hash), value))
        .unzip();
    (keys, values, directory)
}

fn push_best(found: &mut Vec<NameMatch>, place: u32, quality: MatchQuality) {
    match found.iter_mut().find(|m| m.place == place) {
        Some(existing) => existing.quality = existing.quality.min(quality),
        None => found.push(NameMatch { place, quality }),
    }
}

fn fingerprint(hash: u64) -> u32 {
    (hash >> FINGERPRINT_SHIFT) as u32
}

fn key_hash(level: Level, key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(key.as_bytes(), level as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_gazetteer_file_is_an_error_not_a_panic() {
        let raw = zstd::decode_all(EMBEDDED).unwrap();
        for cut in [0, 7, 20, raw.len() / 3, raw.len() / 2, raw.len() - 1] {
            assert!(Gazetteer::from_binary(&raw[..cut]).is_err(), "cut at {cut}");
        }
        let mut trailing = raw.clone();
        trailing.push(0);
        assert!(Gazetteer::from_binary(&trailing).is_err());
        let mut wild_index = raw.clone();
        // The first place number of the index, past the header, the
        // directory and the fingerprints.
        let n_keys = u32::from_le_bytes(raw[16..20].try_into().unwrap()) as usize;
        let first_value = MAGIC.len() + 12 + 4 * (1 << DIRECTORY_BITS) + 4 * n_keys;
        wild_index[first_value..first_value + 4].copy_from_slice(&0x7fff_ffffu32.to_le_bytes());
        assert!(Gazetteer::from_binary(&wild_index).is_err());
        assert!(Gazetteer::from_compressed(b"not zstd at all").is_err());
    }

    #[test]
    fn the_binary_file_reads_back_what_it_was_written_from() {
        let gazetteer = Gazetteer::embedded().unwrap();
        let again = Gazetteer::from_binary(&gazetteer.to_binary().unwrap()).unwrap();
        assert_eq!(again.places, gazetteer.places);
        assert_eq!(again.keys, gazetteer.keys);
        assert_eq!(again.values, gazetteer.values);
        let aleppo = gazetteer.lookup("Halab", LookupDepth::Loose);
        assert!(
            aleppo
                .iter()
                .any(|m| gazetteer.place(m.place).geonameid == Some(170063))
        );
    }
}
