//! CIN census code lists (cin-census.md §2.2, families-first.md §7.1) and
//! the UPN arithmetic used by rules 1510–1560Q.

/// `ReferralSource` (22 codes).
pub const REFERRAL_SOURCES: &[&str] =
    &["1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10"];

/// `PrimaryNeedCode` N0–N9.
pub const PRIMARY_NEEDS: &[&str] = &["N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"];

/// `ReasonForClosure` RC1–RC9.
pub const CLOSURE_REASONS: &[&str] = &["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"];

/// Initial and latest category of abuse.
pub const ABUSE_CATEGORIES: &[&str] = &["NEG", "PHY", "SAB", "EMO", "MUL"];

/// `Ethnicity` (20 codes).
pub const ETHNICITIES: &[&str] = &[
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE",
    "OOTH", "REFU", "NOBT",
];

/// `Disability` (13 codes, `NONE` included).
pub const DISABILITIES: &[&str] = &["NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"];

/// `Sex` from 2024/25.
pub const SEXES: &[&str] = &["M", "F", "U"];

/// `GenderCurrent` before 2024/25.
pub const GENDERS: &[&str] = &["1", "2", "0", "9"];

/// `UPNunknown` UN1–UN7.
pub const UPN_UNKNOWN: &[&str] = &["UN1", "UN2", "UN3", "UN4", "UN5", "UN6", "UN7"];

/// Assessment factor codes in use from 2024/25 (18A and 19A retired).
pub const ASSESSMENT_FACTORS: &[&str] = &[
    "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C", "6A", "6B", "6C", "7A", "8B", "8C", "8D",
    "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18B", "18C", "19B", "19C", "20", "21", "22A", "23A", "24A",
];

/// Factor codes retired in 2024/25 (still accepted by the schema, queried
/// by 8945Q and 8950Q).
pub const RETIRED_FACTORS: &[&str] = &["18A", "19A"];

/// True when `code` is one of `list`.
pub fn is_one_of(list: &[&str], code: &str) -> bool {
    list.contains(&code)
}

/// The 23 UPN check letters, indexed by the weighted sum modulo 23.
const CHECK_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// The check letter for the 12 characters after it (positions 2–13 of a
/// UPN), or `None` if any of them is not a digit. Position `i` (1-based, 2..=13)
/// is weighted by `i`.
pub fn upn_check_letter(rest: &[u8]) -> Option<u8> {
    if rest.len() != 12 {
        return None;
    }
    let mut sum = 0u32;
    for (i, b) in rest.iter().enumerate() {
        if !b.is_ascii_digit() {
            return None;
        }
        sum += u32::from(b - b'0') * (i as u32 + 2);
    }
    Some(CHECK_LETTERS[(sum % 23) as usize])
}

/// Letters allowed as the 13th UPN character (a temporary UPN), besides
/// digits: A–Z without I, O and S.
pub fn upn_last_char_ok(c: u8) -> bool {
    c.is_ascii_digit() || CHECK_LETTERS.contains(&c)
}

/// LA codes accepted in UPN characters 2–4 (rule 1530, 2023/24 list onward).
const LA_RANGES: &[(u16, u16)] = &[
    (1, 5),
    (201, 213),
    (301, 320),
    (330, 336),
    (340, 344),
    (350, 359),
    (370, 373),
    (380, 384),
    (390, 394),
    (420, 420),
    (660, 681),
    (701, 708),
    (800, 803),
    (805, 808),
    (810, 813),
    (815, 816),
    (820, 823),
    (825, 826),
    (830, 831),
    (835, 841),
    (845, 846),
    (850, 852),
    (855, 857),
    (860, 861),
    (865, 896),
    (908, 909),
    (916, 916),
    (919, 919),
    (921, 921),
    (925, 926),
    (928, 929),
    (931, 931),
    (933, 933),
    (935, 938),
    (940, 943),
];

/// True when the three characters are a recognised LA code. Codes 001–005
/// must be written with their leading zeros.
pub fn upn_la_code_ok(three: &[u8]) -> bool {
    if three.len() != 3 || !three.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n = three.iter().fold(0u16, |acc, b| acc * 10 + u16::from(b - b'0'));
    LA_RANGES.iter().any(|&(lo, hi)| (lo..=hi).contains(&n))
}

/// Every accepted LA code, in order (used by the generator).
pub fn upn_la_codes() -> impl Iterator<Item = u16> {
    LA_RANGES.iter().flat_map(|&(lo, hi)| lo..=hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_letter_matches_a_known_valid_upn() {
        // Weighted sum of "201000000001" with weights 2..=13.
        let rest = b"201000000001";
        let sum: u32 = rest.iter().enumerate().map(|(i, b)| u32::from(b - b'0') * (i as u32 + 2)).sum();
        assert_eq!(upn_check_letter(rest), Some(CHECK_LETTERS[(sum % 23) as usize]));
        assert_eq!(upn_check_letter(b"20100000000X"), None);
    }

    #[test]
    fn la_codes() {
        assert!(upn_la_code_ok(b"001"));
        assert!(upn_la_code_ok(b"201"));
        assert!(upn_la_code_ok(b"943"));
        assert!(!upn_la_code_ok(b"990"));
        assert!(!upn_la_code_ok(b"214"));
        assert!(!upn_la_code_ok(b"20A"));
        assert_eq!(upn_la_codes().count(), LA_RANGES.iter().map(|(a, b)| usize::from(b - a + 1)).sum::<usize>());
    }
}
