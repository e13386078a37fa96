//! Bad input never panics: empty, binary, unrecognised and truncated files
//! come back as an `IngestError` naming the file; encodings are tolerated.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

use ff_returns::ssda903::{self, IngestError, RulesYear, Table, ValidateOptions};

fn opts() -> ValidateOptions {
    ValidateOptions { year: RulesYear::Y2025_26, ..Default::default() }
}

fn one(name: &str, bytes: &[u8]) -> Result<ssda903::Report, IngestError> {
    ssda903::validate_files(vec![(name.to_owned(), bytes.to_vec())], None, &opts())
}

const HEADER_CSV: &str = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n1,m,01/01/2010, wbri ,A123456789012,,\r\n";

#[test]
fn empty_and_binary_files_are_refused_with_their_name() {
    for (bytes, want) in [(&b""[..], "empty"), (&b"  \n"[..], "empty"), (&[0u8, 159, 146, 150, 0, 1, 2, 3, 255, 0][..], "not a text file")]
    {
        let e = one("header.csv", bytes).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("header.csv") && msg.contains(want), "{msg}");
    }
}

#[test]
fn unknown_tables_are_refused_with_their_name() {
    let e = one("mystery.csv", b"FOO,BAR\n1,2\n").unwrap_err();
    assert!(matches!(e, IngestError::Unrecognised { .. }));
    assert!(e.to_string().contains("mystery.csv"));
    // A near miss says which columns are missing.
    let e = one("eps.csv", b"CHILD,DECOM,RNE,LS\n1,01/01/2020,S,C2\n").unwrap_err();
    assert!(e.to_string().contains("Episodes") && e.to_string().contains("PLACE"), "{e}");
}

#[test]
fn tables_are_recognised_by_header_not_name_with_extra_columns_and_any_case() {
    let csv = "la,child,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,Extra\n999,7,F,01/01/2010,WBRI,A123456789012,0,,x\n";
    let r = one("whatever.csv", csv.as_bytes()).unwrap();
    assert_eq!(r.tables.len(), 1);
    assert_eq!(r.tables[0].table, Table::Header);
    assert_eq!(r.children, 1);
}

#[test]
fn encodings_bom_and_crlf() {
    let mut variants: Vec<Vec<u8>> = Vec::new();
    variants.push(HEADER_CSV.as_bytes().to_vec());
    variants.push([&[0xEF, 0xBB, 0xBF][..], HEADER_CSV.as_bytes()].concat());
    let le: Vec<u8> = HEADER_CSV.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = HEADER_CSV.encode_utf16().flat_map(u16::to_be_bytes).collect();
    variants.push([&[0xFF, 0xFE][..], &le].concat());
    variants.push([&[0xFE, 0xFF][..], &be].concat());
    variants.push(le);
    variants.push(be);
    for (i, bytes) in variants.into_iter().enumerate() {
        let r = one("h.csv", &bytes).unwrap_or_else(|e| panic!("variant {i}: {e}"));
        assert_eq!(r.children, 1, "variant {i}");
        // Values are trimmed and upper-cased: " wbri " is a valid code, "m" is M.
        assert!(!r.issues.iter().any(|x| x.rule == "103" || x.rule == "101"), "variant {i}: {}", r.to_text());
    }
}

#[test]
fn two_files_with_the_same_table_are_refused() {
    let files = vec![("a.csv".to_owned(), HEADER_CSV.as_bytes().to_vec()), ("b.csv".to_owned(), HEADER_CSV.as_bytes().to_vec())];
    let e = ssda903::validate_files(files, None, &opts()).unwrap_err();
    assert!(matches!(e, IngestError::Duplicate { .. }) && e.to_string().contains("b.csv"), "{e}");
}

#[test]
fn xml_problems_are_clear_errors() {
    let good = "<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID><SEX>F</SEX><DOB>01/01/2010</DOB><ETHNIC>WBRI</ETHNIC><UASC>0</UASC>\
                <AREVIEW><REVIEW>01/06/2025</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW></HEADER>\
                <EPISODE><DECOM>01/05/2025</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U1</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER></EPISODE></CHILD></EXPSSDA903>";
    let r = one("return.xml", good.as_bytes()).unwrap();
    assert_eq!(r.children, 1);
    assert!(r.tables.iter().any(|t| t.table == Table::Episodes && t.rows == 1));
    assert!(r.tables.iter().any(|t| t.table == Table::Reviews && t.rows == 1));
    assert!(r.rules_run.contains(&"105"));
    // Truncated anywhere: an error naming the file, never a panic.
    for cut in (1..good.len()).step_by(7) {
        match one("return.xml", &good.as_bytes()[..cut]) {
            Err(e) => assert!(e.to_string().contains("return.xml"), "{e}"),
            Ok(_) => panic!("cut at {cut} was accepted"),
        }
    }
    let e = one("other.xml", b"<Message><Header/></Message>").unwrap_err();
    assert!(e.to_string().contains("EXPSSDA903"), "{e}");
    let e = one("bad.xml", b"<EXPSSDA903><CHILD></HEADER></EXPSSDA903>").unwrap_err();
    assert!(matches!(e, IngestError::Xml { .. }));
}

#[test]
fn directories_and_missing_paths() {
    let e = ssda903::validate_dir("/nonexistent/903", &opts()).unwrap_err();
    assert!(matches!(e, IngestError::Io { .. }));
    let dir = std::env::temp_dir().join(format!("ff903-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "hello").unwrap();
    assert!(matches!(ssda903::validate_dir(&dir, &opts()).unwrap_err(), IngestError::NoFiles { .. }));
    std::fs::write(dir.join("h.csv"), HEADER_CSV).unwrap();
    let r = ssda903::validate_dir(&dir, &opts()).unwrap();
    assert!(r.notes.iter().any(|n| n.contains("notes.txt")));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn random_bytes_never_panic() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for n in 0..300 {
        let len = (n * 7) % 200;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed % 256) as u8
            })
            .collect();
        let _ = one("x.csv", &bytes);
        let _ = one("x.xml", &bytes);
        let mut csv = HEADER_CSV.as_bytes().to_vec();
        csv.extend_from_slice(&bytes);
        let _ = one("h.csv", &csv);
    }
}
