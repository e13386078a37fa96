//! The synthetic-return generators' random numbers: SplitMix64, small, fast and stable across
//! releases, so the same seed always gives the same file. Each generator salts the seed with its
//! own constant, so the CIN and SSDA903 generators do not draw the same sequence.

use chrono::{Days, NaiveDate};

pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64, salt: u64) -> Self {
        Rng(seed ^ salt)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi` (`lo` when `hi <= lo`).
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) / ((1u64 << 53) as f64) < p
    }

    pub(crate) fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next() % xs.len() as u64) as usize]
    }

    pub(crate) fn code(&mut self, xs: &[&'static str]) -> &'static str {
        xs[(self.next() % xs.len() as u64) as usize]
    }

    pub(crate) fn date(&mut self, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
        add_days(lo, self.range(0, (hi - lo).num_days()))
    }
}

/// `d` moved by `days` (back when negative); `d` itself if that leaves the calendar.
pub(crate) fn add_days(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        d.checked_add_days(Days::new(days as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new((-days) as u64)).unwrap_or(d)
    }
}
