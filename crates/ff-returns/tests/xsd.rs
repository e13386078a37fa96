//! Cross-check with the LIIA cleaning schemas through `xmllint` (from
//! libxml2-utils; skipped when it is not installed). The schemas are in
//! `testdata/cin/xsd/`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;
use ff_returns::cin::{GenerateOptions, IssueKind, RulesYear, generate_with};

fn schema(name: &str) -> Option<PathBuf> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/cin/xsd")).join(name);
    assert!(p.exists(), "{} is part of the repository", p.display());
    Some(p)
}

fn xmllint_accepts(xml: &str, xsd: &PathBuf) -> Option<bool> {
    let dir = std::env::temp_dir().join(format!("ff-returns-xsd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let file = dir.join(format!("f{}.xml", xml.len()));
    std::fs::write(&file, xml).ok()?;
    let out = Command::new("xmllint").arg("--noout").arg("--schema").arg(xsd).arg(&file).output().ok()?;
    let _ = std::fs::remove_file(&file);
    Some(out.status.success())
}

#[test]
fn generated_files_are_schema_valid_and_broken_ones_are_caught_by_both() {
    let (Some(xsd25), Some(xsd24)) = (schema("CIN_schema_2025.xsd"), schema("CIN_schema_2024.xsd")) else { return };
    let mut buf = Vec::new();
    generate_with(&GenerateOptions { children: 300, seed: 8, year: 2025, breach_rate: 0.0 }, &mut buf).unwrap();
    let xml = String::from_utf8(buf).unwrap();
    let Some(ok) = xmllint_accepts(&xml, &xsd25) else { return }; // no xmllint
    assert!(ok, "generated 2024/25 file rejected by the 2025 schema");
    let mut buf = Vec::new();
    generate_with(&GenerateOptions { children: 300, seed: 8, year: 2024, breach_rate: 0.0 }, &mut buf).unwrap();
    assert_eq!(xmllint_accepts(&String::from_utf8(buf).unwrap(), &xsd24), Some(true), "generated 2023/24 file rejected by the 2024 schema");

    let base = file_for(2025, &[baseline()]);
    assert_eq!(xmllint_accepts(&base, &xsd25), Some(true));
    let broken = [
        base.replacen("<ReferralSource>1A</ReferralSource>", "", 1),
        base.replacen("2024-05-02", "02/05/2024", 1),
        base.replacen("<Ethnicity>", "<Nickname>x</Nickname><Ethnicity>", 1),
        base.replacen("<LEA>990</LEA>", "<LEA>99</LEA>", 1),
        base.replacen("<Ethnicity>WBRI</Ethnicity>", "<Ethnicity>WBRI</Ethnicity><Ethnicity>WBRI</Ethnicity>", 1),
        base.replacen("<ICPCnotRequired>0</ICPCnotRequired>", "<ICPCnotRequired>maybe</ICPCnotRequired>", 1),
    ];
    for b in &broken {
        assert_eq!(xmllint_accepts(b, &xsd25), Some(false), "xmllint accepted:\n{b}");
        let r = validate_str(b, RulesYear::Y2024_25);
        assert!(r.issues.iter().any(|i| i.kind == IssueKind::Structure), "no structural issue for:\n{b}");
    }
}
