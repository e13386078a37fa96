//! The parser's fast path (building a child straight from the read buffer)
//! must give exactly what the quick-xml event loop gives. A reader with a
//! one-byte buffer never holds a whole child, so it always takes the event
//! loop; a byte slice always holds the rest of the file, so it takes the
//! fast path wherever it can.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly; the lint keeps panics out of the product

use std::io::BufReader;

use ff_returns::cin::{CinParser, GenerateOptions, generate_with};
use proptest::prelude::*;

fn items(xml: &[u8], one_byte_buffer: bool) -> Vec<String> {
    if one_byte_buffer {
        CinParser::new(BufReader::with_capacity(1, xml)).map(|p| format!("{p:?}")).collect()
    } else {
        CinParser::new(xml).map(|p| format!("{p:?}")).collect()
    }
}

fn small_file() -> Vec<u8> {
    let mut buf = Vec::new();
    generate_with(&GenerateOptions { children: 40, seed: 11, year: 2025, breach_rate: 0.3 }, &mut buf).unwrap();
    buf
}

fn assert_same(xml: &[u8]) {
    let slow = items(xml, true);
    let fast = items(xml, false);
    assert_eq!(slow.len(), fast.len(), "{:?}", String::from_utf8_lossy(xml));
    for (s, f) in slow.iter().zip(&fast) {
        assert_eq!(s, f);
    }
}

#[test]
fn generated_file() {
    assert_same(&small_file());
}

#[test]
fn unusual_but_valid_markup() {
    let xml = String::from_utf8(small_file()).unwrap();
    for (from, to) in [
        ("<Ethnicity>", "<Ethnicity >"),
        ("</Ethnicity>", "</Ethnicity >"),
        ("<Ethnicity>", "<Ethnicity a=\"x>y\">"),
        ("<Ethnicity>", "<!-- </Child> --><Ethnicity>"),
        ("<Ethnicity>", "<?pi x?><Ethnicity>"),
        ("<Ethnicity>", "<Ethnicity><![CDATA[W]]>"),
        ("<Ethnicity>", "<Ethnicity>&amp;&#65;"),
        ("<Ethnicity>", "<Ethnicity>é"),
        ("<Ethnicity>", "oops<Ethnicity>"),
        ("<Ethnicity>", "<Nickname/><Ethnicity>"),
        ("<Ethnicity>", "<Ethnicité>"),
        ("</Ethnicity>", "</Ethnic>"),
        ("</Ethnicity>", "</>"),
        ("<Ethnicity>", "<Ethnicity>&nbsp;"),
        ("<Ethnicity>", "<Ethnicity>&amp"),
        ("<Ethnicity>", "<Ethnicity><<"),
        ("<Ethnicity>", "<1x/><-x></-x><.x/><:x/><x:y.z-1_/><Ethnicity>"),
        ("<Ethnicity>", "<Ethnicity>\r\n\t"),
        ("<Ethnicity>", "<Ethnicity>a]]>b>c"),
        ("<Ethnicity>", "<Ethnicity><Child></Child>"),
        ("<Ethnicity>", "<Child><Ethnicity>"),
        ("</Child>", "</Child >"),
        ("</ChildIdentifiers>", "</ChildIdentifiers></Child>"),
    ] {
        for n in [1, 7, 40] {
            let mut out = String::new();
            let mut rest = xml.as_str();
            let mut count = 0;
            while let Some(at) = rest.find(from) {
                count += 1;
                out.push_str(&rest[..at]);
                out.push_str(if count % n == 0 { to } else { from });
                rest = &rest[at + from.len()..];
            }
            out.push_str(rest);
            assert_same(out.as_bytes());
        }
    }
    let mut bad = small_file();
    let at = bad.windows(11).position(|w| w == b"<Ethnicity>").unwrap() + 11;
    bad[at] = 0xff;
    assert_same(&bad);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn corrupted_files(pos in 0usize..40_000, len in 0usize..8, byte in any::<u8>()) {
        let mut xml = small_file();
        let at = pos % xml.len();
        let end = (at + len).min(xml.len());
        for b in &mut xml[at..end] {
            *b = byte;
        }
        assert_same(&xml);
    }

    #[test]
    fn markup_bytes_dropped_or_doubled(pos in 0usize..40_000, double in any::<bool>()) {
        let mut xml = small_file();
        let at = pos % xml.len();
        // Aim at markup: the nearest '<', '>' or '/' from `at`.
        let at = xml[at..].iter().position(|b| matches!(b, b'<' | b'>' | b'/')).map_or(at, |p| at + p);
        if at < xml.len() {
            if double {
                let b = xml[at];
                xml.insert(at, b);
            } else {
                xml.remove(at);
            }
        }
        assert_same(&xml);
    }
}
