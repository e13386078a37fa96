//! A small, seedable random number generator (SplitMix64) and deterministic record ids.
//!
//! The generator is written out here rather than taken from a crate so that the demo data for a
//! given seed stays the same whatever versions of `rand` and its algorithms the workspace moves
//! to: every draw below (ranges, weights, probabilities) is defined in this file.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// SplitMix64 (Steele, Lea and Flood, 2014): one 64-bit add and a mixing function per draw.
/// Not for secrets; ample for synthetic data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoRng {
    state: u64,
}

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function, also used to derive independent streams.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl DemoRng {
    pub fn new(seed: u64) -> Self {
        Self { state: mix(seed ^ 0x6A09_E667_F3BC_C908) }
    }

    /// The generator for one family: each family has its own stream, so family `n` is the same
    /// whether or not the families before it were generated (and batches could be generated in
    /// parallel).
    pub fn for_family(seed: u64, index: usize) -> Self {
        Self::new(mix(seed) ^ mix((index as u64).wrapping_add(0x5851_F42D_4C95_7F2D)))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix(self.state)
    }

    /// Uniform in `0..n` (Lemire's multiply-and-reject, so without modulo bias). `n` must be > 0.
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        let threshold = n.wrapping_neg() % n;
        loop {
            let m = u128::from(self.next_u64()) * u128::from(n);
            if (m as u64) >= threshold {
                return (m >> 64) as u64;
            }
        }
    }

    /// Uniform in `lo..=hi` (returns `lo` when `hi < lo`).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    /// Uniform in `[0, 1)`, from the top 53 bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// One of `items`, each with its (relative, integer) weight.
    pub fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut r = self.below(total.max(1));
        for (item, w) in items {
            if r < u64::from(*w) {
                return *item;
            }
            r -= u64::from(*w);
        }
        items[items.len() - 1].0
    }
}

/// So that callers can use the `rand` API on top (`rng.random_range(..)` and so on).
impl rand::RngCore for DemoRng {
    fn next_u32(&mut self) -> u32 {
        (DemoRng::next_u64(self) >> 32) as u32
    }

    fn next_u64(&mut self) -> u64 {
        DemoRng::next_u64(self)
    }

    fn fill_bytes(&mut self, dst: &mut [u8]) {
        for chunk in dst.chunks_mut(8) {
            let bytes = DemoRng::next_u64(self).to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

/// Deterministic record ids.
///
/// Decision: demo ids are well-formed UUIDv7 values built from the inputs rather than from the
/// clock and the operating system's randomness, so the same seed and `now` give the same ids as
/// well as the same people (tests and bug reports can name a record). The 48-bit timestamp is
/// `now` in milliseconds; the 12 bits of `rand_a` are taken from the seed; the 62 bits of `rand_b`
/// are a slot number, `(family index + 1) << 16 | ordinal within the family` (slot numbers below
/// 2^16 are for records that belong to no family, such as teams). Ids therefore increase in the
/// order they are written, which keeps B-tree inserts sequential on large loads. Records created
/// later by the application get ordinary v7 ids, whose random bits make a clash negligible.
#[derive(Debug, Clone)]
pub struct IdSource {
    prefix: u128,
    slot_base: u64,
    next: u64,
}

impl IdSource {
    /// Ids for family `index`.
    pub fn for_family(seed: u64, now: DateTime<Utc>, index: usize) -> Self {
        Self { prefix: prefix(seed, now), slot_base: ((index as u64) + 1) << 16, next: 0 }
    }

    /// Ids for records outside any family (at most 65,536 of them).
    pub fn shared(seed: u64, now: DateTime<Utc>) -> Self {
        Self { prefix: prefix(seed, now), slot_base: 0, next: 0 }
    }

    pub fn next_id(&mut self) -> Uuid {
        let slot = self.slot_base | (self.next & 0xFFFF);
        self.next += 1;
        Uuid::from_u128(self.prefix | (0b10 << 62) | (u128::from(slot) & ((1 << 62) - 1)))
    }
}

fn prefix(seed: u64, now: DateTime<Utc>) -> u128 {
    let millis = u128::from(u64::try_from(now.timestamp_millis()).unwrap_or(0)) & ((1 << 48) - 1);
    let rand_a = u128::from(mix(seed) >> 52) & 0xFFF;
    (millis << 80) | (0x7 << 76) | (rand_a << 64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn same_seed_same_stream() {
        let mut a = DemoRng::new(7);
        let mut b = DemoRng::new(7);
        let mut c = DemoRng::new(8);
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        assert_eq!(xs, (0..5).map(|_| b.next_u64()).collect::<Vec<_>>());
        assert_ne!(xs, (0..5).map(|_| c.next_u64()).collect::<Vec<_>>());
        assert_ne!(DemoRng::for_family(1, 0), DemoRng::for_family(1, 1));
    }

    #[test]
    fn ranges_stay_in_bounds_and_cover() {
        let mut r = DemoRng::new(1);
        let mut seen = [false; 6];
        for _ in 0..1000 {
            let v = r.range(-2, 3);
            assert!((-2..=3).contains(&v));
            seen[(v + 2) as usize] = true;
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
        }
        assert!(seen.iter().all(|s| *s));
        assert_eq!(r.range(5, 5), 5);
        assert_eq!(r.range(5, 4), 5);
    }

    #[test]
    fn weights_are_respected() {
        let mut r = DemoRng::new(3);
        let n = (0..10_000).filter(|_| r.weighted(&[(true, 1), (false, 3)])).count();
        assert!((2_200..2_800).contains(&n), "{n}");
    }

    #[test]
    fn ids_are_v7_unique_and_increasing() {
        let now = Utc.with_ymd_and_hms(2026, 4, 1, 9, 0, 0).unwrap();
        let mut ids = vec![];
        let mut shared = IdSource::shared(1, now);
        ids.extend((0..3).map(|_| shared.next_id()));
        for f in 0..3 {
            let mut s = IdSource::for_family(1, now, f);
            ids.extend((0..20).map(|_| s.next_id()));
        }
        for w in ids.windows(2) {
            assert!(w[0] < w[1]);
        }
        for id in &ids {
            assert_eq!(id.get_version_num(), 7);
            assert_eq!(id.get_variant(), uuid::Variant::RFC4122);
        }
        let (secs, _) = ids[0].get_timestamp().expect("v7 timestamp").to_unix();
        assert_eq!(secs as i64, now.timestamp());
        assert_eq!(IdSource::for_family(1, now, 2).next_id(), IdSource::for_family(1, now, 2).next_id());
    }
}
