//! Bad input never panics: malformed XML, wrong roots, truncated files,
//! garbage and random bytes all come back as a report with issues.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

mod common;

use common::*;
use ff_returns::cin::{GenerateOptions, IssueKind, RulesYear, generate_with};
use proptest::prelude::*;

fn codes_of(xml: &str) -> Vec<&'static str> {
    validate_str(xml, RulesYear::Y2024_25).issues.iter().map(|i| i.rule).collect()
}

fn small_file() -> String {
    let mut buf = Vec::new();
    generate_with(&GenerateOptions { children: 40, seed: 3, year: 2025, breach_rate: 0.2 }, &mut buf).unwrap();
    String::from_utf8(buf).unwrap()
}

#[test]
fn empty_and_garbage_inputs() {
    for input in ["", "   ", "hello", "<", "<<<>>>", "<?xml version=\"1.0\"?>", "\u{feff}", "<Message", "</Message>", "&amp;"] {
        let r = validate_str(input, RulesYear::Y2024_25);
        assert!(r.issues.iter().any(|i| i.kind == IssueKind::Structure), "{input:?}: {}", r.to_text());
        assert_eq!(r.children, 0);
    }
}

#[test]
fn wrong_root() {
    let r = validate_str("<Return><Children/></Return>", RulesYear::Y2024_25);
    assert!(r.issues.iter().any(|i| i.rule == "STRUCT-ROOT"));
    assert!(r.incomplete);
}

#[test]
fn truncated_everywhere() {
    let xml = small_file();
    let total = xml.len();
    let mut cut = 0;
    while cut < total {
        let part = &xml[..xml.floor_char_boundary(cut)];
        let r = validate_str(part, RulesYear::Y2024_25);
        assert!(r.issues.iter().any(|i| i.rule == "XML"), "cut at {cut} gave no XML issue");
        cut += 97;
    }
    // The complete file reads to the end.
    let r = validate_str(&xml, RulesYear::Y2024_25);
    assert!(!r.incomplete && r.children == 40);
}

#[test]
fn mismatched_tags_and_entities() {
    let xml = file_for(2025, &[baseline()]);
    let bad = xml.replacen("</Ethnicity>", "</Ethnic>", 1);
    assert!(codes_of(&bad).contains(&"XML"));
    let bad = xml.replacen("<Ethnicity>WBRI", "<Ethnicity>&nbsp;WBRI", 1);
    assert!(codes_of(&bad).contains(&"XML"));
    // Predefined and character references are fine.
    let ok = xml.replacen("<SoftwareCode>tests", "<SoftwareCode>a &amp; b &#65;", 1);
    assert!(!codes_of(&ok).contains(&"XML"));
}

#[test]
fn structural_checks() {
    let xml = file_for(2025, &[baseline()]);
    // Missing required element.
    let c = codes_of(&xml.replacen("<ReferralSource>1A</ReferralSource>", "", 1));
    assert!(c.contains(&"STRUCT-MISSING") && c.contains(&"8866"));
    // Order: ReferralNFA before the assessments.
    let moved = xml.replacen("    <ReferralNFA>0</ReferralNFA>\n", "", 1).replacen(
        "    <Assessments>",
        "    <ReferralNFA>0</ReferralNFA>\n    <Assessments>",
        1,
    );
    assert!(codes_of(&moved).contains(&"STRUCT-ORDER"), "{}", validate_str(&moved, RulesYear::Y2024_25).to_text());
    // Repeated single element.
    assert!(
        codes_of(&xml.replacen("<Ethnicity>WBRI</Ethnicity>", "<Ethnicity>WBRI</Ethnicity><Ethnicity>WBRI</Ethnicity>", 1))
            .contains(&"STRUCT-REPEAT")
    );
    // Unknown element and stray text.
    assert!(codes_of(&xml.replacen("<Ethnicity>", "<Nickname>x</Nickname><Ethnicity>", 1)).contains(&"STRUCT-UNKNOWN"));
    assert!(codes_of(&xml.replacen("<Ethnicity>", "oops<Ethnicity>", 1)).contains(&"STRUCT-TEXT"));
    // Bad date and bad codes.
    let c = codes_of(&xml.replacen("2024-05-02", "02/05/2024", 1));
    assert!(c.contains(&"XSD-DATE"));
    assert!(codes_of(&xml.replacen("<LEA>990</LEA>", "<LEA>99</LEA>", 1)).contains(&"XSD-CODE"));
    assert!(codes_of(&xml.replacen("<AssessmentFactors>3B", "<AssessmentFactors>99Z", 1)).contains(&"XSD-CODE"));
    // Header missing altogether: a structural issue, and the year-dependent rules are skipped.
    let start = xml.find(" <Header>").unwrap();
    let end = xml.find("</Header>\n").unwrap() + "</Header>\n".len();
    let no_header = format!("{}{}", &xml[..start], &xml[end..]);
    let r = validate_str(&no_header, RulesYear::Y2024_25);
    assert!(r.issues.iter().any(|i| i.rule == "STRUCT-MISSING" && i.path == "Message/Header"));
    assert!(r.issues.iter().any(|i| i.rule == "STRUCT-REFDATE"));
    assert_eq!(r.children, 1);
    // Empty Children.
    assert!(codes_of("<Message><Header/><Children/></Message>").contains(&"STRUCT-MISSING"));
    // Content after the root.
    assert!(codes_of(&format!("{xml}<Message/>")).contains(&"STRUCT-ROOT"));
}

#[test]
fn reference_date_override() {
    let xml = file_for(2025, &[baseline()]);
    let opts = ff_returns::cin::ValidateOptions {
        rules: RulesYear::Y2024_25,
        reference_date: chrono::NaiveDate::from_ymd_opt(2024, 3, 31),
        keep_per_rule: None,
    };
    let r = ff_returns::cin::validate_reader(xml.as_bytes(), &opts);
    assert_eq!(r.reference_date, chrono::NaiveDate::from_ymd_opt(2024, 3, 31));
    assert!(r.verdicts().iter().any(|(rule, _)| *rule == "8600"), "referrals after the overridden reference date");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let r = ff_returns::cin::validate_reader(&bytes[..], &ff_returns::cin::ValidateOptions::default());
        prop_assert!(r.children <= 1024);
    }

    #[test]
    fn corrupted_files_never_panic(pos in 0usize..20_000, len in 0usize..40, byte in any::<u8>()) {
        let mut xml = small_file().into_bytes();
        let at = pos % xml.len();
        let end = (at + len).min(xml.len());
        for b in &mut xml[at..end] {
            *b = byte;
        }
        let r = ff_returns::cin::validate_reader(&xml[..], &ff_returns::cin::ValidateOptions::default());
        prop_assert!(r.children <= 40);
        // Rendering works whatever was found.
        prop_assert!(!r.to_text().is_empty() && !r.to_json().is_empty() && !r.to_csv().is_empty());
    }
}

// A hostile upload cannot make the reader hold more than a bounded amount.

#[test]
fn one_huge_value_stops_reading_instead_of_being_held() {
    let xml = file_for(2025, &[baseline()]);
    let huge = "9".repeat(ff_returns::cin::MAX_EVENT_BYTES * 3);
    let bad = xml.replacen("<Ethnicity>WBRI", &format!("<Ethnicity>{huge}"), 1);
    let r = validate_str(&bad, RulesYear::Y2024_25);
    let xml_issue = r.issues.iter().find(|i| i.rule == "XML").expect("an XML issue");
    assert!(xml_issue.message.contains("longer than"), "{}", xml_issue.message);
    assert!(r.incomplete);
    // A huge comment is refused the same way, even when it is full of `>`.
    let bad = xml.replacen("<Children>", &format!("<Children><!-- {} -->", "> ".repeat(ff_returns::cin::MAX_EVENT_BYTES)), 1);
    assert!(validate_str(&bad, RulesYear::Y2024_25).issues.iter().any(|i| i.rule == "XML" && i.message.contains("longer than")));
    // A value just under the cap is read (and judged by the rules, not refused as XML).
    let long = xml.replacen("<Ethnicity>WBRI", &format!("<Ethnicity>{}", "W".repeat(1000)), 1);
    assert!(!validate_str(&long, RulesYear::Y2024_25).issues.iter().any(|i| i.rule == "XML"));
}

#[test]
fn a_child_with_too_many_elements_stops_reading() {
    let xml = file_for(2025, &[baseline(), baseline()]);
    let many = "<X/>".repeat(ff_returns::cin::MAX_ELEMENT_NODES + 10);
    let bad = xml.replacen("</ChildIdentifiers>", &format!("</ChildIdentifiers>{many}"), 1);
    let r = validate_str(&bad, RulesYear::Y2024_25);
    assert!(
        r.issues.iter().any(|i| i.rule == "XML" && i.message.contains("more than")),
        "{}",
        r.to_text().lines().take(5).collect::<Vec<_>>().join("\n")
    );
    assert!(r.incomplete);
}

#[test]
fn keeping_a_few_issues_per_rule_still_counts_them_all() {
    let mut buf = Vec::new();
    generate_with(&GenerateOptions { children: 400, seed: 11, year: 2025, breach_rate: 0.5 }, &mut buf).unwrap();
    let all = ff_returns::cin::validate_reader(&buf[..], &ff_returns::cin::ValidateOptions::default());
    let mut seen = 0u64;
    let few = ff_returns::cin::validate_reader_into(
        &buf[..],
        &ff_returns::cin::ValidateOptions { keep_per_rule: Some(2), ..Default::default() },
        &mut |_| seen += 1,
    );
    assert!(all.dropped == 0 && all.issues.len() > 100, "{} issues", all.issues.len());
    assert_eq!(seen as usize, all.issues.len(), "the sink sees every issue");
    assert_eq!(few.counts(), all.counts());
    assert_eq!(few.error_count(), all.error_count());
    assert_eq!(few.dropped as usize, all.issues.len() - few.issues.len());
    for (rule, n) in few.counts() {
        let kept = few.issues.iter().filter(|i| i.rule == rule).count();
        assert_eq!(kept, n.min(2), "rule {rule}");
    }
    assert!(!few.is_clean());
}
