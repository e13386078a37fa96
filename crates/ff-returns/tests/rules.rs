//! One passing and one failing case per DfE rule. The passing case is the
//! baseline child (which passes every rule; some rules also get a
//! boundary case), the failing case a small change to it. Each case is
//! written out as census XML and read back through the validator.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

mod common;

use common::*;
use ff_returns::cin::model::{Assessment, Child, CinPlan, CpPlan, DateField, Episode, Section47};
use ff_returns::cin::{RulesYear, rule_catalogue};

/// Asserts the baseline does not raise `rule` and the mutated child does.
fn check(rule: &str, mutate: impl FnOnce(&mut Child)) {
    let base = run(&[baseline()]);
    assert!(!codes(&base).contains(rule), "baseline raised {rule}: {}", base.to_text());
    let mut c = baseline();
    mutate(&mut c);
    let r = run(&[c]);
    assert!(codes(&r).contains(rule), "expected {rule}; got {:?}\n{}", codes(&r), r.to_text());
    assert!(r.issues.iter().filter(|i| i.rule == rule).all(|i| i.child_id.as_deref().is_some() || rule == "8500"));
}

/// Asserts the mutated child does not raise `rule` (a boundary that passes).
fn passes(rule: &str, mutate: impl FnOnce(&mut Child)) {
    let mut c = baseline();
    mutate(&mut c);
    let r = run(&[c]);
    assert!(!codes(&r).contains(rule), "did not expect {rule}\n{}", r.to_text());
}

fn ep0(c: &mut Child) -> &mut Episode {
    &mut c.episodes[0]
}
fn ep1(c: &mut Child) -> &mut Episode {
    &mut c.episodes[1]
}
fn cpp(c: &mut Child) -> &mut CpPlan {
    &mut c.episodes[0].cp_plans[0]
}
fn s47(c: &mut Child) -> &mut Section47 {
    &mut c.episodes[0].section47s[0]
}
fn ass(c: &mut Child) -> &mut Assessment {
    &mut c.episodes[0].assessments[0]
}
fn plan(c: &mut Child) -> &mut CinPlan {
    &mut c.episodes[0].cin_plans[0]
}
fn open_s47(start: &str) -> Section47 {
    Section47 { start: d(start), icpc_not_required: s("0"), ..Section47::default() }
}
fn open_cpp(start: &str) -> CpPlan {
    CpPlan { start: d(start), initial_category: s("PHY"), latest_category: s("PHY"), previous_plans: s("0"), ..CpPlan::default() }
}
fn nfa_episode(referral: &str) -> Episode {
    Episode { referral_date: d(referral), referral_source: s("9"), referral_nfa: s("1"), ..Episode::default() }
}

#[test]
fn baseline_is_clean() {
    let r = run(&[baseline()]);
    // Only the whole-return query about using few disability codes can fire for a one-child file.
    assert!(codes(&r).iter().all(|c| *c == "2887Q"), "{}", r.to_text());
    assert_eq!(r.structural().count(), 0, "{}", r.to_text());
}

#[test]
fn catalogue_has_109_rules_for_2024_25_and_105_for_2023_24() {
    let cat = rule_catalogue(RulesYear::Y2024_25);
    assert_eq!(cat.len(), 109);
    assert_eq!(cat.iter().filter(|r| r.code.ends_with('Q')).count(), 26);
    let mut codes: Vec<&str> = cat.iter().map(|r| r.code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), 109, "duplicate codes");
    assert_eq!(rule_catalogue(RulesYear::Y2023_24).len(), 105);
    assert_eq!(rule_catalogue(RulesYear::Y2025_26).len(), 109);
}

macro_rules! rule_case {
    ($name:ident, $rule:literal, $body:expr) => {
        #[test]
        fn $name() {
            check($rule, $body);
        }
    };
}

rule_case!(r1103, "1103", |c| ass(c).start = d("2024-04-20"));
rule_case!(r1104, "1104", |c| s47(c).icpc = d("2024-04-26"));
rule_case!(r1105, "1105", |c| cpp(c).start = d("2024-04-25"));
rule_case!(r1510, "1510", |c| c.ids.upn = Some(format!("Z{}", &c.ids.upn.as_deref().unwrap()[1..]).into()));
rule_case!(r1530, "1530", |c| c.ids.upn = Some(upn("990000000011")));
rule_case!(r1540, "1540", |c| c.ids.upn = s("A2010X0000011"));
rule_case!(r1550, "1550", |c| c.ids.upn = Some(format!("{}I", &c.ids.upn.as_deref().unwrap()[..12]).into()));
rule_case!(r1560q, "1560Q", |c| c.ids.former_upn = s("123"));
rule_case!(r1570, "1570", |c| c.ids.la_child_id = s("C12345678901234567890"));
rule_case!(r1580, "1580", |c| c.ids.la_child_id = s("C-1"));
rule_case!(r2884, "2884", |c| ep0(c).initial_cpc = d("2024-05-17"));
rule_case!(r2885, "2885", |c| cpp(c).start = d("2024-05-20"));
rule_case!(r2889, "2889", |c| s47(c).start = d("2024-04-28"));
rule_case!(r2990, "2990", |c| ep0(c).closure_reason = s("RC8"));
rule_case!(r2991q, "2991Q", |c| ep0(c).assessments.clear());
rule_case!(r4000, "4000", |c| ep0(c).referral_nfa = s("1"));
rule_case!(r4001, "4001", |c| {
    ep1(c).cin_plans.push(CinPlan { start: d("2025-02-10"), end: DateField::Missing });
    ep1(c).cp_plans.push(open_cpp("2025-03-03"));
});
rule_case!(r4003, "4003", |c| cpp(c).reviews.push(d("2024-12-02")));
rule_case!(r4004, "4004", |c| {
    ep1(c).cin_plans.push(CinPlan { start: d("2025-02-10"), end: DateField::Missing });
    ep1(c).cin_plans.push(CinPlan { start: d("2025-03-01"), end: DateField::Missing });
});
rule_case!(r4008, "4008", |c| c.ids.death_date = d("2024-11-01"));
rule_case!(r4009q, "4009Q", |c| c.ids.death_date = d("2024-12-01"));
rule_case!(r4010, "4010", |c| plan(c).start = DateField::Missing);
rule_case!(r4011, "4011", |c| plan(c).end = d("2024-11-01"));
rule_case!(r4012q, "4012Q", |c| plan(c).end = d("2024-11-20"));
rule_case!(r4013, "4013", |c| plan(c).end = d("2025-04-10"));
rule_case!(r4014, "4014", |c| ep0(c).cin_plans.push(CinPlan { start: d("2024-12-01"), end: d("2024-12-20") }));
rule_case!(r4015, "4015", |c| plan(c).start = d("2024-04-20"));
rule_case!(r4016, "4016", |c| plan(c).start = d("2024-06-01"));
rule_case!(r4017, "4017", |c| ep0(c).cin_plans.insert(0, CinPlan { start: d("2024-05-10"), end: d("2024-06-30") }));
rule_case!(r4180, "4180", |c| c.ids.sex = s("X"));
rule_case!(r4220, "4220", |c| c.characteristics.ethnicity = s("XXXX"));
rule_case!(r8500, "8500", |c| c.ids.la_child_id = None);
rule_case!(r8520, "8520", |c| c.ids.birth_date = d("2025-04-10"));
rule_case!(r8525q, "8525Q", |c| c.ids.expected_birth_date = d("2025-06-01"));
rule_case!(r8530q, "8530Q", |c| {
    c.ids.birth_date = DateField::Missing;
    c.ids.expected_birth_date = d("2026-02-01");
});
rule_case!(r8535q, "8535Q", |c| c.ids.death_date = d("2014-01-01"));
rule_case!(r8540, "8540", |c| c.characteristics.disabilities.clear());
rule_case!(r8545q, "8545Q", |c| c.ids.death_date = d("2023-12-01"));
rule_case!(r8555q, "8555Q", |c| c.ids.death_date = d("2025-01-25"));
rule_case!(r8565, "8565", |c| ep0(c).closure_date = d("2024-11-01"));
rule_case!(r8568, "8568", |c| ep0(c).referral_nfa = s("yes"));
rule_case!(r8569q, "8569Q", |c| c.episodes.push(nfa_episode("2024-03-27")));
rule_case!(r8585q, "8585Q", |c| ep0(c).closure_reason = s("RC2"));
rule_case!(r8590, "8590", |c| c.episodes.clear());
rule_case!(r8600, "8600", |c| ep1(c).referral_date = d("2025-04-02"));
rule_case!(r8606, "8606", |c| c.ids.birth_date = d("2025-03-01"));
rule_case!(r8608, "8608", |c| ass(c).start = d("2024-05-25"));
rule_case!(r8610, "8610", |c| ep0(c).primary_need = None);
rule_case!(r8614, "8614", |c| ep1(c).assessments[0].factors = vec!["3B".into()]);
rule_case!(r8615, "8615", |c| s47(c).start = d("2024-05-18"));
rule_case!(r8620, "8620", |c| ep0(c).closure_date = d("2025-04-05"));
rule_case!(r8630, "8630", |c| ep0(c).closure_date = d("2024-04-20"));
rule_case!(r8640, "8640", |c| ep0(c).closure_reason = s("RC10"));
rule_case!(r8650, "8650", |c| ep0(c).primary_need = s("N10"));
rule_case!(r8670q, "8670Q", |c| ep1(c).assessments[0].start = d("2025-01-27"));
rule_case!(r8675q, "8675Q", |c| ep1(c).section47s.push(open_s47("2025-03-10")));
rule_case!(r8696, "8696", |c| ass(c).authorised = d("2025-04-02"));
rule_case!(r8715, "8715", |c| s47(c).icpc = d("2025-04-04"));
rule_case!(r8720, "8720", |c| cpp(c).start = DateField::Missing);
rule_case!(r8730, "8730", |c| cpp(c).previous_plans = s("-1"));
rule_case!(r8736, "8736", |c| ep1(c).assessments[0].start = d("2024-03-01"));
rule_case!(r8740, "8740", |c| ep1(c).section47s.push(open_s47("2024-03-01")));
rule_case!(r8750, "8750", |c| {
    c.ids.birth_date = DateField::Missing;
    c.ids.expected_birth_date = d("2025-06-01");
});
rule_case!(r8770q, "8770Q", |c| {
    c.ids.upn = None;
    c.ids.upn_unknown = s("UN1");
});
rule_case!(r8772, "8772", |c| c.ids.upn_unknown = s("UN7"));
rule_case!(r8775q, "8775Q", |c| c.ids.birth_date = d("1995-01-01"));
rule_case!(r8790, "8790", |c| c.characteristics.disabilities = vec![s("NONE"), s("MOB")]);
rule_case!(r8794, "8794", |c| c.characteristics.disabilities = vec![s("MOB"), s("MOB")]);
rule_case!(r8805, "8805", |c| ep0(c).closure_reason = None);
rule_case!(r8810, "8810", |c| ep0(c).closure_date = DateField::Missing);
rule_case!(r8815, "8815", |c| {
    ep0(c).closure_date = DateField::Missing;
    ep0(c).closure_reason = None;
});
rule_case!(r8816, "8816", |c| {
    ep0(c).closure_date = DateField::Missing;
    ep0(c).closure_reason = None;
});
rule_case!(r8820, "8820", |c| ep1(c).referral_date = d("2025-01-15"));
rule_case!(r8825q, "8825Q", |c| {
    ep1(c).assessments.clear();
    ep1(c).closure_date = d("2025-03-01");
    ep1(c).closure_reason = s("RC8");
});
rule_case!(r8831, "8831", |c| ep1(c).referral_nfa = s("1"));
rule_case!(r8832, "8832", |c| ep0(c).referral_nfa = s("true"));
rule_case!(r8839, "8839", |c| {
    ep1(c).section47s.push(open_s47("2025-03-20"));
    ep1(c).section47s.push(open_s47("2025-03-21"));
});
rule_case!(r8840, "8840", |c| cpp(c).end = d("2024-05-17"));
rule_case!(r8841, "8841", |c| cpp(c).reviews.push(d("2024-05-17")));
rule_case!(r8842q, "8842Q", |c| cpp(c).reviews.push(DateField::Invalid(String::new())));
rule_case!(r8863q, "8863Q", |c| ep1(c).assessments.push(Assessment { start: d("2025-02-10"), ..Assessment::default() }));
rule_case!(r8866, "8866", |c| ep0(c).referral_source = s("99"));
rule_case!(r8867, "8867", |c| ass(c).authorised = DateField::Missing);
rule_case!(r8868, "8868", |c| s47(c).icpc_not_required = s("1"));
rule_case!(r8869, "8869", |c| ass(c).factors = vec!["21".into(), "3B".into()]);
rule_case!(r8870q, "8870Q", |c| s47(c).icpc_target = d("2024-05-25"));
rule_case!(r8873q, "8873Q", |c| ass(c).factors = vec!["21".into()]);
rule_case!(r8875, "8875", |c| s47(c).icpc = d("2024-05-18"));
rule_case!(r8890, "8890", |c| ep0(c).section47s.push(Section47 {
    start: d("2024-05-10"),
    icpc: d("2024-05-17"),
    icpc_not_required: s("0"),
    ..Section47::default()
}));
rule_case!(r8896, "8896", |c| ep1(c).assessments.push(Assessment { start: d("2025-02-20"), ..Assessment::default() }));
rule_case!(r8897q, "8897Q", |c| ass(c).factors.clear());
rule_case!(r8898, "8898", |c| ass(c).factors = vec!["3B".into(), "3B".into()]);
rule_case!(r8905, "8905", |c| cpp(c).initial_category = s("XXX"));
rule_case!(r8910, "8910", |c| cpp(c).latest_category = None);
rule_case!(r8915, "8915", |c| c.ids.death_date = d("2024-05-10"));
rule_case!(r8920, "8920", |c| c.ids.death_date = d("2024-11-01"));
rule_case!(r8925, "8925", |c| cpp(c).end = d("2024-05-16"));
rule_case!(r8930, "8930", |c| cpp(c).end = d("2025-04-03"));
rule_case!(r8935, "8935", |c| {
    ep1(c).cp_plans.push(open_cpp("2025-02-10"));
    ep1(c).cp_plans.push(open_cpp("2025-02-10"));
});
rule_case!(r8940, "8940", |c| ep1(c).cp_plans.push(CpPlan { end: d("2025-03-01"), ..open_cpp("2024-11-01") }));
rule_case!(r8945q, "8945Q", |c| ass(c).factors = vec!["18A".into()]);
rule_case!(r8950q, "8950Q", |c| ass(c).factors = vec!["19A".into()]);

// Boundary cases that must pass.

#[test]
fn r8569q_boundary_is_the_working_day_before_the_census() {
    // 1 April 2024 was Easter Monday: the working day before the census year is Thu 28 March.
    passes("8569Q", |c| c.episodes.push(nfa_episode("2024-03-28")));
    passes("8569Q", |c| c.episodes.push(nfa_episode("2024-04-01")));
}

#[test]
fn r8670q_and_8675q_boundaries() {
    passes("8670Q", |c| ep1(c).assessments[0].start = d("2025-01-28"));
    passes("8675Q", |c| ep1(c).section47s.push(open_s47("2025-03-11")));
    passes("8675Q", |c| ep1(c).section47s.push(Section47 { icpc_not_required: s("1"), ..open_s47("2025-01-02") }));
}

#[test]
fn r8530q_boundaries() {
    passes("8530Q", |c| {
        c.ids.birth_date = DateField::Missing;
        c.ids.expected_birth_date = d("2025-12-30");
    });
    check("8530Q", |c| {
        c.ids.birth_date = DateField::Missing;
        c.ids.expected_birth_date = d("2025-03-01");
    });
}

#[test]
fn r8606_allows_280_days_before_birth() {
    passes("8606", |c| c.ids.birth_date = d("2025-02-05"));
}

#[test]
fn r8770q_accepts_a_reason_or_a_young_child() {
    passes("8770Q", |c| {
        c.ids.upn = None;
        c.ids.upn_unknown = s("UN3");
    });
    passes("8770Q", |c| {
        c.ids.upn = None;
        c.ids.upn_unknown = s("UN1");
        c.ids.birth_date = d("2019-09-01");
    });
}

#[test]
fn r8750_accepts_u_for_unborn() {
    passes("8750", |c| {
        c.ids.birth_date = DateField::Missing;
        c.ids.expected_birth_date = d("2025-06-01");
        c.ids.sex = s("U");
    });
}

#[test]
fn r2885_accepts_episode_level_conference_without_section47() {
    passes("2885", |c| {
        ep0(c).section47s.clear();
        ep0(c).initial_cpc = d("2024-05-17");
    });
}

// Cross-child and whole-return rules.

#[test]
fn r8510_and_1520_flag_every_child_sharing_the_identifier() {
    let a = baseline();
    let mut b = baseline();
    b.index = 2;
    let r = run(&[a.clone(), b.clone()]);
    let v = r.verdicts();
    assert!(v.contains(&("8510", Some("C1"))));
    assert_eq!(r.issues.iter().filter(|i| i.rule == "8510").count(), 2);
    assert_eq!(r.issues.iter().filter(|i| i.rule == "1520").count(), 2);
    b.ids.la_child_id = s("C2");
    b.ids.upn = Some(upn("201000000029"));
    let r = run(&[a, b]);
    assert!(!codes(&r).contains("8510") && !codes(&r).contains("1520"), "{}", r.to_text());
}

#[test]
fn r100_header_reference_date() {
    let ok = run(&[baseline()]);
    assert!(!codes(&ok).contains("100"));
    let xml = file_for(2025, &[baseline()]).replace("<Year>2025</Year>", "<Year>2024</Year>");
    let r = validate_str(&xml, RulesYear::Y2024_25);
    assert!(r.verdicts().contains(&("100", None)));
}

#[test]
fn r2883_more_plans_than_conferences() {
    assert!(!codes(&run(&[baseline()])).contains("2883"));
    let mut c = baseline();
    s47(&mut c).icpc = DateField::Missing;
    s47(&mut c).icpc_not_required = s("1");
    let r = run(&[c]);
    assert!(r.verdicts().contains(&("2883", None)), "{}", r.to_text());
}

#[test]
fn r2886q_share_of_children_without_sex() {
    let mut kids: Vec<Child> = (1..=10)
        .map(|n| {
            let mut c = baseline();
            c.index = n;
            c.ids.la_child_id = Some(format!("C{n}").into());
            c.ids.upn = Some(upn(&format!("2010000000{n:02}")));
            c
        })
        .collect();
    assert!(!codes(&run(&kids)).contains("2886Q"));
    kids[0].ids.sex = s("U");
    assert!(codes(&run(&kids)).contains("2886Q"));
    // Unborn children are left out.
    kids[0].ids.birth_date = DateField::Missing;
    kids[0].ids.expected_birth_date = d("2025-06-01");
    assert!(!codes(&run(&kids)).contains("2886Q"));
}

#[test]
fn r2887q_and_2888q_disability_coverage() {
    let codes8 = ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS"];
    let kids: Vec<Child> = codes8
        .iter()
        .enumerate()
        .map(|(n, code)| {
            let mut c = baseline();
            c.index = n as u64 + 1;
            c.ids.la_child_id = Some(format!("C{n}").into());
            c.ids.upn = Some(upn(&format!("2010000000{n:02}")));
            c.characteristics.disabilities = vec![s(code)];
            c
        })
        .collect();
    let r = run(&kids);
    assert!(!codes(&r).contains("2887Q"), "{}", r.to_text());
    assert!(codes(&r).contains("2888Q"), "every child has exactly one disability");
    let r = run(&[baseline()]);
    assert!(codes(&r).contains("2887Q"));
    assert!(!codes(&r).contains("2888Q"));
}

// The 2023/24 rule set (GenderCurrent layout).

#[test]
fn rules_2023_24_use_gender_current() {
    // Only the layout-dependent rules are checked here (the dates are 2024/25 ones).
    let mut c = baseline();
    let xml = file_for(2024, &[c.clone()]);
    assert!(xml.contains("<GenderCurrent>2</GenderCurrent>"));
    let r = validate_str(&xml, RulesYear::Y2023_24);
    assert!(!codes(&r).contains("4180"), "{}", r.to_text());
    assert!(!codes(&r).contains("1570"));
    let r = validate_str(&xml.replace("<GenderCurrent>2</GenderCurrent>", "<GenderCurrent>7</GenderCurrent>"), RulesYear::Y2023_24);
    assert!(codes(&r).contains("4180"));
    // The same file under 2024/25 rules: Sex is missing and the layout is flagged.
    let r = validate_str(&xml, RulesYear::Y2024_25);
    assert!(codes(&r).contains("4180"));
    assert!(r.issues.iter().any(|i| i.rule == "STRUCT-LAYOUT"));
    // Unborn with gender 0 passes 8750 in 2023/24.
    c.ids.birth_date = DateField::Missing;
    c.ids.expected_birth_date = d("2024-06-01");
    c.ids.sex = s("U");
    let r = validate_str(&file_for(2024, &[c]), RulesYear::Y2023_24);
    assert!(!codes(&r).contains("8750"), "{}", r.to_text());
}

#[test]
fn issues_carry_rule_severity_child_and_path() {
    let mut c = baseline();
    ass(&mut c).start = d("2024-04-20");
    c.ids.former_upn = s("123");
    let r = run(&[c]);
    let i = r.issues.iter().find(|i| i.rule == "1103").unwrap();
    assert_eq!(i.severity, ff_returns::cin::Severity::Error);
    assert_eq!(i.child_id.as_deref(), Some("C1"));
    assert_eq!(i.child_index, Some(1));
    assert_eq!(i.path, "CINdetails[1]/Assessments[1]/AssessmentActualStartDate");
    let q = r.issues.iter().find(|i| i.rule == "1560Q").unwrap();
    assert_eq!(q.severity, ff_returns::cin::Severity::Query);
    assert_eq!(r.errors().filter(|i| i.rule.ends_with('Q')).count(), 0);
    assert!(r.queries().all(|i| i.rule.ends_with('Q')));
}
