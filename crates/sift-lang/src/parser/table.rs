//! The parser's inference layouts of a linear model, built at load time.
//!
//! Scoring is bound by memory latency: each transition probes about a
//! hundred features, most of them absent on unseen text, in tables far
//! larger than the caches. Both layouts are bucketed hash tables whose
//! buckets are one 64-byte cache line, so that a probe, hit or miss, almost
//! always touches one line; and the keys of a step are prefetched together
//! before any is read, so that their misses overlap.

use crate::linear::ModelRows;

const BUCKET_SLOTS: usize = 8;

/// One cache line of eight 64-bit entries; an entry of 0 is empty.
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct Bucket([u64; BUCKET_SLOTS]);

/// The number of buckets for `n_rows` entries at most 5/8 full.
fn bucket_count(n_rows: usize) -> usize {
    (n_rows * 8 / 5 / BUCKET_SLOTS + 1)
        .next_power_of_two()
        .max(4)
}

#[inline]
fn home_bucket(key: u64, mask: usize) -> usize {
    (key >> 1) as usize & mask
}

#[inline]
fn prefetch(bucket: &Bucket) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: prefetching is a hint; the address is a live reference.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((bucket as *const Bucket).cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = bucket;
}

/// Prefetches both cache lines a row of weights may span.
#[inline]
fn prefetch_row<T>(row: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let start = (row as *const T).cast::<i8>();
        // SAFETY: prefetching is a hint and never faults; the second address
        // is computed with wrapping arithmetic and never dereferenced.
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(start);
            _mm_prefetch::<_MM_HINT_T0>(start.wrapping_add(std::mem::size_of::<T>() - 1));
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = row;
}

/// Inserts `entry` in the first bucket from `start` with a free slot.
fn insert(buckets: &mut [Bucket], start: usize, entry: u64) {
    let mask = buckets.len() - 1;
    let mut bucket = start;
    loop {
        if let Some(slot) = buckets[bucket].0.iter_mut().find(|slot| **slot == 0) {
            *slot = entry;
            return;
        }
        bucket = (bucket + 1) & mask;
    }
}

/// Finds the entry whose `matches` is true, scanning from `start` until a
/// bucket with a free slot (insertion never skips one).
#[inline]
fn find(buckets: &[Bucket], start: usize, matches: impl Fn(u64) -> bool) -> Option<u64> {
    let mask = buckets.len() - 1;
    let mut bucket = start;
    loop {
        let entries = &buckets[bucket].0;
        let mut has_free = false;
        for &entry in entries {
            if entry != 0 && matches(entry) {
                return Some(entry);
            }
            has_free |= entry == 0;
        }
        if has_free {
            return None;
        }
        bucket = (bucket + 1) & mask;
    }
}

/// The transition model: three `i16` weights and a 16-bit key check packed
/// in each 8-byte entry, eight entries per cache line.
///
/// A 16-bit check lets an absent feature match a present one with odds of
/// about 1 in 8,000 per probe; such a stray adds one small weight row to one
/// decision in a few hundred, which measured as no change in accuracy.
pub(crate) struct TransitionTable {
    mask: usize,
    buckets: Vec<Bucket>,
}

#[inline]
fn check16(key: u64) -> u64 {
    let check = key >> 48;
    if check == 0 { 1 } else { check }
}

impl TransitionTable {
    /// Copies a three-class model; `None` for another class count.
    pub(crate) fn from_model(model: &ModelRows) -> Option<TransitionTable> {
        if model.n_classes != 3 {
            return None;
        }
        let mut buckets = vec![Bucket::default(); bucket_count(model.n_rows)];
        let mask = buckets.len() - 1;
        model.for_each_row(|key, row| {
            let entry = check16(key)
                | u64::from(row[0] as u16) << 16
                | u64::from(row[1] as u16) << 32
                | u64::from(row[2] as u16) << 48;
            insert(&mut buckets, home_bucket(key, mask), entry);
        });
        Some(TransitionTable { mask, buckets })
    }

    /// Adds the weights of every key into `scores`.
    #[inline]
    pub(crate) fn score(&self, keys: &[u64], scores: &mut [i32; 3]) {
        for &key in keys {
            prefetch(&self.buckets[home_bucket(key, self.mask)]);
        }
        for &key in keys {
            let check = check16(key);
            if let Some(entry) = find(&self.buckets, home_bucket(key, self.mask), |entry| {
                entry & 0xFFFF == check
            }) {
                scores[0] += i32::from((entry >> 16) as u16 as i16);
                scores[1] += i32::from((entry >> 32) as u16 as i16);
                scores[2] += i32::from((entry >> 48) as u16 as i16);
            }
        }
    }
}

/// A model with many classes (the relation labels): the buckets hold a
/// 32-bit key check and a row number, and the rows sit in a dense array.
pub(crate) struct RowTable<const C: usize> {
    mask: usize,
    buckets: Vec<Bucket>,
    rows: Vec<[i16; C]>,
}

#[inline]
fn check32(key: u64) -> u64 {
    let check = key >> 32;
    if check == 0 { 1 } else { check }
}

impl<const C: usize> RowTable<C> {
    /// Copies a `C`-class model; `None` for another class count.
    pub(crate) fn from_model(model: &ModelRows) -> Option<RowTable<C>> {
        if model.n_classes != C {
            return None;
        }
        let mut buckets = vec![Bucket::default(); bucket_count(model.n_rows)];
        let mask = buckets.len() - 1;
        let mut rows = Vec::with_capacity(model.n_rows);
        model.for_each_row(|key, row| {
            let entry = check32(key) << 32 | rows.len() as u64;
            rows.push(row.try_into().expect("C weights per row"));
            insert(&mut buckets, home_bucket(key, mask), entry);
        });
        Some(RowTable {
            mask,
            buckets,
            rows,
        })
    }

    /// Adds the weights of every key into `scores`.
    #[inline]
    pub(crate) fn score(&self, keys: &[u64], scores: &mut [i32; C]) {
        for &key in keys {
            prefetch(&self.buckets[home_bucket(key, self.mask)]);
        }
        // Find every row first and prefetch it, then add them up.
        for chunk in keys.chunks(64) {
            let mut found = [0u32; 64];
            let mut n_found = 0;
            for &key in chunk {
                let check = check32(key);
                if let Some(entry) = find(&self.buckets, home_bucket(key, self.mask), |entry| {
                    entry >> 32 == check
                }) {
                    let row = (entry & 0xFFFF_FFFF) as u32;
                    prefetch_row(&self.rows[row as usize]);
                    found[n_found] = row;
                    n_found += 1;
                }
            }
            for &row in &found[..n_found] {
                for (score, &weight) in scores.iter_mut().zip(&self.rows[row as usize]) {
                    *score += i32::from(weight);
                }
            }
        }
    }
}
