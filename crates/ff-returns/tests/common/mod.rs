//! Helpers shared by the integration tests: a baseline child that passes
//! every 2024/25 rule, and small census files built around it.

#![allow(dead_code)]

use std::collections::BTreeSet;

use chrono::NaiveDate;
use ff_returns::cin::generate::{write_child, write_end, write_start};
use ff_returns::cin::model::{
    Assessment, Characteristics, Child, CinPlan, CpPlan, DateField, Episode, Header, Identifiers, Section47, Text,
};
use ff_returns::cin::{Report, RulesYear, ValidateOptions, validate_reader};

pub fn d(s: &str) -> DateField {
    DateField::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date"))
}

pub fn s(v: &str) -> Option<Text> {
    Some(Text::from(v))
}

/// A UPN with a correct check letter for the 12 characters given.
pub fn upn(rest: &str) -> Text {
    let letter = ff_returns::cin::codes::upn_check_letter(rest.as_bytes()).expect("12 digits");
    Text::from(format!("{}{rest}", letter as char))
}

pub fn header(year: i32) -> Header {
    Header {
        collection: s("CIN"),
        year: Some(year.to_string().into()),
        reference_date: d(&format!("{year}-03-31")),
        source_level: s("L"),
        lea: s("990"),
        software_code: s("tests"),
        release: s("1"),
        serial_no: s("001"),
        date_time: Some(format!("{year}-04-01T09:00:00").into()),
    }
}

/// A school-age child with two episodes in 2024/25: a closed one that went
/// through assessment, section 47, conference, child protection plan and a
/// step-down CIN plan, and an open one with an assessment under way.
pub fn baseline() -> Child {
    Child {
        index: 1,
        ids: Identifiers {
            la_child_id: s("C1"),
            upn: Some(upn("201000000011")),
            birth_date: d("2015-06-01"),
            sex: s("F"),
            ..Identifiers::default()
        },
        characteristics: Characteristics { ethnicity: s("WBRI"), disabilities: vec![s("MOB"), s("LD")] },
        episodes: vec![
            Episode {
                referral_date: d("2024-05-01"),
                referral_source: s("1A"),
                primary_need: s("N1"),
                closure_date: d("2025-01-20"),
                closure_reason: s("RC7"),
                assessments: vec![Assessment {
                    start: d("2024-05-02"),
                    authorised: d("2024-05-20"),
                    factors: vec!["3B".into(), "4B".into()],
                    ..Assessment::default()
                }],
                cin_plans: vec![CinPlan { start: d("2024-11-20"), end: d("2025-01-10") }],
                section47s: vec![Section47 {
                    start: d("2024-05-03"),
                    icpc_target: d("2024-05-24"),
                    icpc: d("2024-05-17"),
                    icpc_not_required: s("0"),
                }],
                referral_nfa: s("0"),
                cp_plans: vec![CpPlan {
                    start: d("2024-05-17"),
                    end: d("2024-11-20"),
                    initial_category: s("NEG"),
                    latest_category: s("NEG"),
                    previous_plans: s("0"),
                    reviews: vec![d("2024-08-01")],
                }],
                ..Episode::default()
            },
            Episode {
                referral_date: d("2025-02-01"),
                referral_source: s("2A"),
                primary_need: s("N4"),
                assessments: vec![Assessment { start: d("2025-02-03"), ..Assessment::default() }],
                referral_nfa: s("0"),
                ..Episode::default()
            },
        ],
    }
}

pub fn file_for(year: i32, children: &[Child]) -> String {
    let mut buf = Vec::new();
    write_start(&mut buf, &header(year)).unwrap();
    for c in children {
        write_child(&mut buf, c, year >= 2025).unwrap();
    }
    write_end(&mut buf).unwrap();
    String::from_utf8(buf).unwrap()
}

pub fn validate_str(xml: &str, rules: RulesYear) -> Report {
    validate_reader(xml.as_bytes(), &ValidateOptions { rules, reference_date: None, keep_per_rule: None })
}

pub fn run(children: &[Child]) -> Report {
    validate_str(&file_for(2025, children), RulesYear::Y2024_25)
}

/// The rule codes raised (DfE rules only).
pub fn codes(r: &Report) -> BTreeSet<&'static str> {
    r.verdicts().into_iter().map(|(code, _)| code).collect()
}
