//! What the generator makes, without a database:
//! `cargo run -p ff-demo --example plan_stats -- [families] [seed]` (defaults 300 and 2026).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark tool fails loudly; the lint keeps panics out of the product

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use ff_demo::{FamilyRole, FamilyShape, plan_families};
use ff_domain::people::{Membership, RelationshipKind, is_child};

fn main() {
    let mut args = std::env::args().skip(1);
    let families: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(300);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(2026);
    let now = Utc.with_ymd_and_hms(2026, 4, 20, 9, 0, 0).single().expect("valid time");
    let today = ff_domain::calendar::london_date(now);

    let mut shapes: BTreeMap<String, usize> = BTreeMap::new();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ethnicity: BTreeMap<String, usize> = BTreeMap::new();
    let (mut people, mut children, mut unborn, mut under_one, mut with_nhs, mut verified) = (0, 0, 0, 0, 0, 0);
    let (mut relationships, mut memberships, mut visits, mut addresses, mut previous) = (0, 0, 0, 0, 0);
    let (mut no_male, mut father_home, mut sex_u) = (0, 0, 0);
    for f in plan_families(seed, now, families) {
        *shapes.entry(format!("{:?}", f.shape)).or_default() += 1;
        people += f.people.len();
        relationships += f.relationships.len();
        memberships += f.memberships.len();
        visits += f.memberships.iter().filter(|m| m.membership == Membership::RegularlyVisits).count();
        addresses += f.addresses.len();
        previous += f.addresses.iter().filter(|a| a.end_date.is_some()).count();
        for r in &f.relationships {
            *kinds.entry(r.kind.code()).or_default() += 1;
        }
        if f.children().all(|c| f.child_needs_father_prompt(c.id, today)) {
            no_male += 1;
        }
        if f.people.iter().any(|p| p.role == FamilyRole::Father && p.lives_in_household) || f.shape == FamilyShape::TwoParents {
            father_home += 1;
        }
        for p in &f.people {
            let d = &p.details;
            with_nhs += usize::from(d.nhs_number.is_some());
            verified += usize::from(d.nhs_number_verified);
            sex_u += usize::from(d.sex == ff_domain::people::Sex::Unknown);
            if is_child(d.date_of_birth, d.expected_date_of_birth, today) {
                children += 1;
                unborn += usize::from(d.expected_date_of_birth.is_some());
                under_one += usize::from(d.date_of_birth.is_some_and(|b| today.years_since(b) == Some(0)));
                *ethnicity.entry(d.ethnicity.map(|e| e.code().to_owned()).unwrap_or_default()).or_default() += 1;
            }
        }
    }
    let kinds_note = RelationshipKind::ALL.len();
    println!(
        "families {families} (seed {seed}): people {people}, children {children} (unborn {unborn}, under one {under_one}, sex U {sex_u})"
    );
    println!(
        "NHS numbers {with_nhs} (verified {verified}); relationships {relationships} ({kinds_note} kinds possible); household memberships {memberships} (regularly visits {visits}); addresses {addresses} (previous {previous})"
    );
    println!("families with no father or male carer recorded: {no_male}; with a father at home: {father_home}");
    println!("shapes: {shapes:?}");
    println!("relationship kinds: {kinds:?}");
    println!("children's ethnicity: {ethnicity:?}");
}
