use super::*;
use crate::generate::{Rng, Shape, instance};

fn grid(e_km: f64, n_km: f64) -> Grid {
    Grid { easting: (400_000.0 + e_km * 1000.0) as i32, northing: (300_000.0 + n_km * 1000.0) as i32 }
}

fn child(id: &str, ages: &[u32]) -> Unit {
    Unit {
        id: id.into(),
        ages: ages.to_vec(),
        kind: HomeKind::Foster,
        needs: BTreeSet::new(),
        risk_to_self: RiskLevel::None,
        risk_to_others: RiskLevel::None,
        family: grid(0.0, 0.0),
        school: Some(grid(1.0, 0.0)),
        max_miles: 30.0,
        needed_by: 14,
    }
}

fn foster(id: &str, places: u32, at_km: f64) -> Home {
    Home {
        id: id.into(),
        kind: HomeKind::Foster,
        standing: Standing::Approved,
        places,
        ages: (0, 17),
        can_meet: BTreeSet::new(),
        accepts_high_risk: false,
        location: grid(at_km, 0.0),
        weekly_pence: 40_000,
        available_from: 0,
    }
}

fn run(units: &[Unit], homes: &[Home], w: &Weights) -> Outcome {
    let out = solve(units, homes, w, &Options::default());
    assert!(out.proven_optimal, "{out:?}");
    out
}

fn placed(out: &Outcome, units: &[Unit], homes: &[Home]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = out.proposals.iter().map(|p| (units[p.unit].id.clone(), homes[p.home].id.clone())).collect();
    v.sort();
    v
}

#[test]
fn match_5_siblings_live_together_or_not_at_all() {
    // Three brothers and sisters; two homes with 2 places each closer, one with 3 further away.
    let units = vec![child("sibs", &[4, 7, 9])];
    let homes = vec![foster("near-a", 2, 1.0), foster("near-b", 2, 2.0), foster("far", 3, 20.0)];
    let out = run(&units, &homes, &Weights::default());
    assert_eq!(placed(&out, &units, &homes), [("sibs".into(), "far".into())]);
    let p = &out.proposals[0];
    assert!(p.checks.iter().any(|c| c.rule == "MATCH-5" && c.words.contains("3 brothers and sisters together")));
    // Without the home of 3 they stay together, unmatched.
    let out = run(&units, &homes[..2], &Weights::default());
    assert!(out.proposals.is_empty());
    assert_eq!(out.unmatched, [0]);
    assert_eq!(why_unmatched(&units[0], &homes[..2]).map(|c| c.rule), Some("MATCH-5".into()));
}

#[test]
fn every_hard_constraint_is_refused() {
    let u = child("c", &[12]);
    let ok = foster("h", 1, 5.0);
    assert!(check(&u, &ok).is_ok());
    let refused = |u: &Unit, h: &Home| check(u, h).unwrap_err().rule;
    // MATCH-1
    let mut h = ok.clone();
    h.standing = Standing::NotOnRegister;
    assert_eq!(refused(&u, &h), "MATCH-1");
    h.standing = Standing::Register { registration: Registration::Suspended, judgement: Judgement::Good };
    assert_eq!(refused(&u, &h), "MATCH-1");
    h.standing = Standing::Register { registration: Registration::Active, judgement: Judgement::Inadequate };
    assert_eq!(refused(&u, &h), "MATCH-1");
    h.standing = Standing::Register { registration: Registration::Active, judgement: Judgement::RequiresImprovement };
    assert!(check(&u, &h).is_ok());
    // MATCH-2
    let mut h = ok.clone();
    h.kind = HomeKind::Residential;
    assert_eq!(refused(&u, &h), "MATCH-2");
    let mut any = u.clone();
    any.kind = HomeKind::Any;
    assert!(check(&any, &h).is_ok());
    // MATCH-3: no child under 16 in supported accommodation, even when any home will do.
    h.kind = HomeKind::Supported;
    h.ages = (0, 17);
    assert_eq!(refused(&any, &h), "MATCH-3");
    any.ages = vec![16];
    assert!(check(&any, &h).is_ok());
    // MATCH-4
    let mut h = ok.clone();
    h.ages = (0, 11);
    assert_eq!(refused(&u, &h), "MATCH-4");
    // MATCH-5
    let sibs = child("s", &[3, 5]);
    assert_eq!(refused(&sibs, &ok), "MATCH-5");
    // MATCH-6
    let mut needy = u.clone();
    needy.needs.insert("disability".into());
    assert_eq!(refused(&needy, &ok), "MATCH-6");
    let mut h = ok.clone();
    h.can_meet.insert("disability".into());
    assert!(check(&needy, &h).is_ok());
    // MATCH-7
    let mut risky = u.clone();
    risky.risk_to_others = RiskLevel::High;
    assert_eq!(refused(&risky, &ok), "MATCH-7");
    let mut h = ok.clone();
    h.accepts_high_risk = true;
    assert!(check(&risky, &h).is_ok());
    let mut self_risk = any.clone();
    self_risk.risk_to_self = RiskLevel::High;
    let mut sa = ok.clone();
    sa.kind = HomeKind::Supported;
    assert_eq!(refused(&self_risk, &sa), "MATCH-7");
    // MATCH-8
    assert_eq!(refused(&u, &foster("far", 1, 60.0)), "MATCH-8");
    // MATCH-9
    let mut h = ok.clone();
    h.available_from = 15;
    assert_eq!(refused(&u, &h), "MATCH-9");
    // And the solve never proposes a refused home.
    let out = run(std::slice::from_ref(&u), &[foster("far", 1, 60.0), h], &Weights::default());
    assert!(out.proposals.is_empty());
}

#[test]
fn a_match_is_explained_field_by_field() {
    let units = vec![child("c", &[9])];
    let homes = vec![foster("h", 1, 8.0)];
    let out = run(&units, &homes, &Weights::default());
    let p = &out.proposals[0];
    let rules: Vec<&str> = p.checks.iter().map(|c| c.rule.as_str()).collect();
    assert_eq!(rules, ["MATCH-1", "MATCH-2", "MATCH-4", "MATCH-5", "MATCH-6", "MATCH-7", "MATCH-8", "MATCH-9"]);
    let fields: Vec<&str> = p.terms.iter().map(|t| t.field.as_str()).collect();
    assert_eq!(fields, ["distance_family", "distance_school", "weekly_cost", "needs_fit"]);
    let family = &p.terms[0];
    assert_eq!(family.value, 5.0, "8 km is 5.0 miles");
    assert_eq!(family.cost, 100.0);
    assert_eq!(p.terms[2].value, 400.0);
    assert_eq!(p.cost, (p.terms.iter().map(|t| t.cost).sum::<f64>()).round() as i64);
}

#[test]
fn weights_change_the_answer() {
    // A near dear home and a far cheap one.
    let units = vec![child("c", &[9])];
    let mut near = foster("near", 1, 2.0);
    near.weekly_pence = 120_000;
    let mut far = foster("far", 1, 40.0);
    far.weekly_pence = 30_000;
    let mut u = units.clone();
    u[0].max_miles = 50.0;
    let homes = vec![near, far];
    let family_first = Weights { family_per_mile: 50.0, school_per_mile: 0.0, cost_per_pound: 1.0, needs_per_unused: 0.0 };
    let cost_first = Weights { family_per_mile: 1.0, school_per_mile: 0.0, cost_per_pound: 1.0, needs_per_unused: 0.0 };
    assert_eq!(placed(&run(&u, &homes, &family_first), &u, &homes)[0].1, "near");
    assert_eq!(placed(&run(&u, &homes, &cost_first), &u, &homes)[0].1, "far");
}

#[test]
fn as_many_children_as_possible_come_first() {
    // One home of 2 places: a pair of siblings beats a single child even when the single is
    // cheaper; with two homes of 1 place and a far one of 2, everybody is matched.
    let units = vec![child("single", &[9]), child("pair", &[5, 6])];
    let homes = vec![foster("two", 2, 1.0)];
    let out = run(&units, &homes, &Weights::default());
    assert_eq!(placed(&out, &units, &homes), [("pair".into(), "two".into())]);
    assert_eq!(out.unmatched, [0]);
}

#[test]
fn a_child_is_unmatched_when_nothing_fits() {
    let mut u = child("c", &[9]);
    u.needs.insert("therapeutic".into());
    let homes = vec![foster("a", 1, 1.0), foster("b", 2, 3.0)];
    let out = run(std::slice::from_ref(&u), &homes, &Weights::default());
    assert!(out.proposals.is_empty());
    assert_eq!(out.unmatched, [0]);
    assert_eq!(why_unmatched(&u, &homes).map(|c| c.rule), Some("MATCH-6".into()));
    assert_eq!(out.objective, 0.0, "a unit with no feasible home is not in the model");
}

#[test]
fn pruning_keeps_the_optimum() {
    // Small crowded instances, so units compete for the same homes.
    let mut pruned_some = 0;
    for seed in 0..40u64 {
        let mut rng = Rng::new(seed);
        let shape =
            Shape { children: rng.range(4, 14) as usize, homes: rng.range(3, 25) as usize, towns: 2, area_km: 20.0, miles: (10, 30) };
        let (units, homes) = instance(shape, seed);
        let w = Weights::default();
        let pruned = solve(&units, &homes, &w, &Options::default());
        let full = solve(&units, &homes, &w, &Options { prune: false, warm_start: seed % 2 == 0, ..Options::default() });
        assert!(pruned.proven_optimal && full.proven_optimal);
        assert!(pruned.pairs_modelled <= full.pairs_modelled);
        pruned_some += usize::from(pruned.pairs_modelled < full.pairs_modelled);
        assert_eq!(pruned.objective.round(), full.objective.round(), "seed {seed}");
        // And the brief's bound: at most n homes kept per unit.
        let all = feasible(&units, &homes, &w);
        for list in prune_for(&all, &units, &homes) {
            assert!(list.len() <= units.len());
        }
    }
    assert!(pruned_some >= 10, "the instances are crowded enough to prune: {pruned_some}");
}

#[test]
fn the_quick_test_agrees_with_the_explained_one() {
    let (units, homes) = instance(Shape { children: 80, homes: 400, ..Shape::region() }, 3);
    let mut fitting = 0;
    for u in &units {
        for h in &homes {
            assert_eq!(fits(u, h), check(u, h).is_ok(), "{u:?} {h:?}");
            fitting += usize::from(fits(u, h));
        }
    }
    assert!(fitting > 100, "the instance has feasible pairs");
    // The band by easting finds every feasible pair.
    let w = Weights::default();
    let found: usize = feasible(&units, &homes, &w).iter().map(Vec::len).sum();
    assert_eq!(found, fitting);
}

#[test]
fn a_region_sized_round_is_proven_optimal() {
    let (units, homes) = instance(Shape { children: 60, homes: 600, ..Shape::region() }, 7);
    let out = solve(&units, &homes, &Weights::default(), &Options::default());
    assert!(out.proven_optimal, "{}", out.status);
    // Every proposal passes every hard constraint, and no home is over its places.
    let mut used = vec![0u32; homes.len()];
    for p in &out.proposals {
        assert!(check(&units[p.unit], &homes[p.home]).is_ok());
        used[p.home] += units[p.unit].places();
    }
    assert!(used.iter().zip(&homes).all(|(n, h)| *n <= h.places));
    // The LP file is the same model.
    let model = build(&units, &homes, &Weights::default(), true);
    let lp = model.to_lp();
    assert!(lp.starts_with("\\ Families First") && lp.contains("Subject To") && lp.ends_with("End\n"));
    assert_eq!(model.arcs.len(), out.pairs_modelled);
    // The warm start is a feasible assignment of the same model.
    let start = model.start();
    let mut load = std::collections::HashMap::new();
    let mut per_unit = vec![0.0; units.len()];
    for (i, a) in model.arcs.iter().enumerate() {
        per_unit[a.unit] += start[i];
        *load.entry(a.home).or_insert(0.0) += start[i] * f64::from(units[a.unit].places());
    }
    for (j, &u) in model.units.iter().enumerate() {
        assert_eq!(per_unit[u] + start[model.arcs.len() + j], 1.0);
    }
    assert!(load.iter().all(|(h, l)| *l <= f64::from(homes[*h].places)));
}

#[test]
fn weights_are_from_0_to_1000() {
    assert!(Weights::default().check().is_ok());
    let w = Weights { family_per_mile: -1.0, school_per_mile: f64::NAN, cost_per_pound: 1_000.5, needs_per_unused: 0.0 };
    let fields: Vec<&str> = w.check().unwrap_err().iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["family_per_mile", "school_per_mile", "cost_per_pound"]);
}
