//! Synthetic matching rounds for tests and the benchmark (`bench/matching/run.sh`): children in
//! sibling groups and homes with vacancies scattered around towns, shaped like a region's weekly
//! round. Deterministic from a seed; no real data.

use std::collections::BTreeSet;

use ff_domain::home_search::{HomeKind, RiskLevel};
use ff_domain::providers::{Judgement, Registration};

use crate::{Grid, Home, NEEDS, Standing, Unit};

/// A small deterministic generator (SplitMix64), so instances are the same on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn f(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in lo..=hi.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1).max(1) as u64) as i64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.f() < p
    }

    /// Roughly normal (sum of uniforms), mean 0, standard deviation `sd`.
    pub fn normal(&mut self, sd: f64) -> f64 {
        (0..6).map(|_| self.f()).sum::<f64>().mul_add(1.0, -3.0) * sd / 0.707
    }
}

/// The shape of a round.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Children to place (in sibling groups of 1 to 4).
    pub children: usize,
    /// Homes with vacancies.
    pub homes: usize,
    /// Towns the children and homes cluster around.
    pub towns: usize,
    /// The side of the square area, in kilometres.
    pub area_km: f64,
    /// Distance limits drawn from this range of miles.
    pub miles: (i64, i64),
}

impl Shape {
    /// A region's weekly round: 300 children, 5,000 vacancies, 10 towns in 120 km.
    pub fn region() -> Shape {
        Shape { children: 300, homes: 5_000, towns: 10, area_km: 120.0, miles: (20, 60) }
    }

    /// England-sized: 5,000 children, 20,000 vacancies, 60 towns in 500 km.
    pub fn england() -> Shape {
        Shape { children: 5_000, homes: 20_000, towns: 60, area_km: 500.0, miles: (20, 50) }
    }
}

fn point(rng: &mut Rng, towns: &[(f64, f64)], spread_m: f64) -> Grid {
    let t = towns[rng.range(0, towns.len() as i64 - 1) as usize];
    Grid { easting: (t.0 + rng.normal(spread_m)) as i32, northing: (t.1 + rng.normal(spread_m)) as i32 }
}

fn needs(rng: &mut Rng, p: f64) -> BTreeSet<String> {
    NEEDS.iter().filter(|_| rng.chance(p)).map(|(c, _)| (*c).to_string()).collect()
}

/// Generates units and homes for `shape` from `seed`. Days are counted from 0 (today).
pub fn instance(shape: Shape, seed: u64) -> (Vec<Unit>, Vec<Home>) {
    let mut rng = Rng::new(seed);
    let side = shape.area_km * 1000.0;
    let towns: Vec<(f64, f64)> = (0..shape.towns.max(1)).map(|_| (300_000.0 + rng.f() * side, 100_000.0 + rng.f() * side)).collect();
    let mut units = Vec::new();
    let mut children = 0;
    while children < shape.children {
        let r = rng.f();
        let size = if r < 0.6 {
            1
        } else if r < 0.85 {
            2
        } else if r < 0.97 {
            3
        } else {
            4
        };
        let size = size.min(shape.children - children);
        children += size;
        let eldest = rng.range(0, 17) as u32;
        let ages: Vec<u32> = (0..size).map(|i| eldest.saturating_sub((i as u32) * rng.range(1, 3) as u32)).collect();
        let youngest = ages.iter().copied().min().unwrap_or(0);
        let kind = if size > 1 {
            if rng.chance(0.8) { HomeKind::Foster } else { HomeKind::Any }
        } else if youngest >= 16 {
            [HomeKind::Supported, HomeKind::Foster, HomeKind::Residential, HomeKind::Any][rng.range(0, 3) as usize]
        } else if youngest >= 10 && rng.chance(0.3) {
            HomeKind::Residential
        } else if rng.chance(0.1) {
            HomeKind::Any
        } else {
            HomeKind::Foster
        };
        let family = point(&mut rng, &towns, 8_000.0);
        let school =
            Grid { easting: family.easting + rng.range(-4_000, 4_000) as i32, northing: family.northing + rng.range(-4_000, 4_000) as i32 };
        let risk = |rng: &mut Rng, high: f64| {
            let r = rng.f();
            if r < high {
                RiskLevel::High
            } else if r < 0.4 {
                RiskLevel::Low
            } else {
                RiskLevel::None
            }
        };
        units.push(Unit {
            id: format!("S{:05}", units.len() + 1),
            ages,
            kind,
            needs: needs(&mut rng, 0.06),
            risk_to_self: risk(&mut rng, 0.05),
            risk_to_others: risk(&mut rng, if kind == HomeKind::Residential { 0.3 } else { 0.05 }),
            family,
            school: if youngest >= 4 { Some(school) } else { None },
            max_miles: rng.range(shape.miles.0, shape.miles.1) as f64,
            needed_by: rng.range(7, 42),
        });
    }
    let mut homes = Vec::with_capacity(shape.homes);
    for i in 0..shape.homes {
        let r = rng.f();
        let (kind, standing, places, ages, pence) = if r < 0.2 {
            let lo = rng.range(0, 10) as u32;
            (HomeKind::Foster, Standing::Approved, rng.range(1, 3) as u32, (lo, 17), rng.range(25_000, 45_000))
        } else if r < 0.6 {
            let lo = rng.range(0, 10) as u32;
            (HomeKind::Foster, register(&mut rng), rng.range(1, 4) as u32, (lo, 17), rng.range(80_000, 130_000))
        } else if r < 0.9 {
            (HomeKind::Residential, register(&mut rng), rng.range(1, 2) as u32, (rng.range(7, 12) as u32, 17), rng.range(400_000, 800_000))
        } else {
            (HomeKind::Supported, register(&mut rng), rng.range(1, 3) as u32, (16, 17), rng.range(120_000, 300_000))
        };
        homes.push(Home {
            id: format!("V{:06}", i + 1),
            kind,
            standing,
            places,
            ages,
            can_meet: needs(&mut rng, if kind == HomeKind::Residential { 0.35 } else { 0.15 }),
            accepts_high_risk: rng.chance(if kind == HomeKind::Residential { 0.5 } else { 0.1 }),
            location: point(&mut rng, &towns, 12_000.0),
            weekly_pence: pence,
            available_from: rng.range(0, 28),
        });
    }
    (units, homes)
}

fn register(rng: &mut Rng) -> Standing {
    let r = rng.f();
    if r < 0.01 {
        Standing::NotOnRegister
    } else if r < 0.03 {
        Standing::Register { registration: Registration::Suspended, judgement: Judgement::Good }
    } else if r < 0.06 {
        Standing::Register { registration: Registration::Active, judgement: Judgement::Inadequate }
    } else {
        let j = [Judgement::Outstanding, Judgement::Good, Judgement::Good, Judgement::RequiresImprovement, Judgement::NotJudged];
        Standing::Register { registration: Registration::Active, judgement: j[rng.range(0, 4) as usize] }
    }
}
