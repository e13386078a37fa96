//! The NHS number: the "consistent identifier" for children (Children's
//! Wellbeing and Schools Act 2026 s.4, inserting Children Act 2004 s.16LC;
//! domain spec §1 `Child` and §12 item 13).
//!
//! An NHS number is 10 digits. The last digit is a Modulus 11 check digit:
//! multiply the first nine digits by the weights 10, 9, …, 2, add the
//! products, take the remainder on division by 11 and subtract it from 11.
//! A result of 11 means the check digit is 0; a result of 10 means no valid
//! NHS number starts with those nine digits.
//!
//! Numbers starting 999 are reserved for testing and are never issued to
//! real patients; [`synthetic_nhs_number`] produces them for demo data.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

/// Weights applied to the first nine digits, most significant first.
const WEIGHTS: [u32; 9] = [10, 9, 8, 7, 6, 5, 4, 3, 2];

/// A valid NHS number: exactly 10 ASCII digits with a correct Modulus 11
/// check digit. Stored without separators; displayed as "943 476 5919".
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NhsNumber(String);

/// Why text could not be read as an NHS number. The messages are written to
/// be shown to a practitioner next to the field (GOV.UK error message style).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum NhsNumberError {
    /// Nothing (or only spaces) was entered.
    #[error("Enter an NHS number")]
    Empty,
    /// The input had the wrong number of digits.
    #[error(
        "Enter an NHS number with 10 digits, like 943 476 5919 (you entered {digits} {})",
        if *.digits == 1 { "digit" } else { "digits" }
    )]
    WrongLength {
        /// How many digits the input contained.
        digits: usize,
    },
    /// The input contained something other than digits, or spaces or hyphens
    /// in places other than between the 3-3-4 groups.
    #[error(
        "An NHS number can only include the numbers 0 to 9, with a space or hyphen \
         between the groups, like 943 476 5919"
    )]
    NotDigits,
    /// The last digit does not agree with the first nine: usually a typing
    /// mistake such as a wrong or swapped digit.
    #[error("The NHS number is not valid: check you have typed it correctly")]
    CheckDigitMismatch,
    /// The first nine digits give a check value of 10, which no real NHS
    /// number can have.
    #[error(
        "The NHS number is not valid: no NHS number starts with these first 9 digits, \
         so check you have typed them correctly"
    )]
    CheckDigitTen,
}

/// The Modulus 11 check digit for the first nine digits of an NHS number,
/// or `None` when the calculation gives 10 (those nine digits can never start
/// a valid NHS number). Each element must be a digit value 0–9; any element
/// above 9 also gives `None`.
pub fn nhs_check_digit(first_nine: &[u8; 9]) -> Option<u8> {
    if first_nine.iter().any(|&d| d > 9) {
        return None;
    }
    let sum: u32 = first_nine.iter().zip(WEIGHTS).map(|(&d, w)| u32::from(d) * w).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        check => u8::try_from(check).ok(),
    }
}

impl NhsNumber {
    /// Reads an NHS number as typed by a practitioner.
    ///
    /// Accepted layouts (leading and trailing whitespace is ignored):
    /// - 10 digits with no separators: `9434765919`;
    /// - the usual 3-3-4 grouping separated by single spaces or by single
    ///   hyphens: `943 476 5919`, `943-476-5919`.
    ///
    /// Anything else — letters, other punctuation, mixed or doubled
    /// separators, separators in other places — is rejected. The check digit
    /// is then verified (see [`nhs_check_digit`]).
    ///
    /// # Errors
    /// [`NhsNumberError::Empty`] for blank input,
    /// [`NhsNumberError::NotDigits`] for characters other than digits,
    /// spaces and hyphens or for a layout other than the two above,
    /// [`NhsNumberError::WrongLength`] when there are not exactly 10 digits,
    /// [`NhsNumberError::CheckDigitTen`] when the first nine digits cannot
    /// start a valid number, and [`NhsNumberError::CheckDigitMismatch`] when
    /// the last digit is wrong.
    pub fn parse(input: &str) -> Result<NhsNumber, NhsNumberError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(NhsNumberError::Empty);
        }
        if !trimmed.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-') {
            return Err(NhsNumberError::NotDigits);
        }
        let digits: Vec<u8> = trimmed.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
        if digits.len() != 10 {
            return Err(NhsNumberError::WrongLength { digits: digits.len() });
        }
        if !has_accepted_layout(trimmed.as_bytes()) {
            return Err(NhsNumberError::NotDigits);
        }
        let mut first_nine = [0u8; 9];
        first_nine.copy_from_slice(&digits[..9]);
        match nhs_check_digit(&first_nine) {
            None => Err(NhsNumberError::CheckDigitTen),
            Some(check) if check != digits[9] => Err(NhsNumberError::CheckDigitMismatch),
            Some(_) => Ok(NhsNumber(digits.iter().map(|d| char::from(b'0' + d)).collect())),
        }
    }

    /// The 10 digits with no separators, e.g. "9434765919".
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for numbers in the 999 000 0000 – 999 999 9999 range, which the
    /// NHS reserves for testing and never issues to patients.
    pub fn is_test_range(&self) -> bool {
        self.0.starts_with("999")
    }
}

/// True if `s` (already known to contain exactly 10 digits plus only spaces
/// and hyphens) is either 10 bare digits or 3-3-4 digits separated by the
/// same single separator twice.
fn has_accepted_layout(s: &[u8]) -> bool {
    match s.len() {
        10 => true,
        12 => {
            let sep = s[3];
            (sep == b' ' || sep == b'-') && s[7] == sep && s.iter().enumerate().all(|(i, b)| i == 3 || i == 7 || b.is_ascii_digit())
        }
        _ => false,
    }
}

impl fmt::Display for NhsNumber {
    /// Shows the number in the 3-3-4 grouping used on NHS letters and cards:
    /// "943 476 5919".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.0;
        write!(f, "{} {} {}", &s[..3], &s[3..6], &s[6..])
    }
}

impl FromStr for NhsNumber {
    type Err = NhsNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NhsNumber::parse(s)
    }
}

impl Serialize for NhsNumber {
    /// Serialised as the plain 10-digit string, e.g. "9434765919".
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for NhsNumber {
    /// Deserialised through [`NhsNumber::parse`], so an invalid number is an
    /// error rather than a silently stored bad value.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        NhsNumber::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// How many distinct indices [`synthetic_nhs_number`] maps injectively:
/// 100,000 blocks × 9 numbers per block.
pub const SYNTHETIC_NHS_NUMBER_CYCLE: u32 = 900_000;

/// A deterministic, valid NHS number in the 999 000 0000 – 999 999 9999 test
/// range, for demo and test data, so that synthetic people never carry a
/// number that could belong to a real person.
///
/// Mapping (injective by construction for `n < 900_000`):
/// - Let `k = n % 900_000`. The first nine digits are `999` followed by a
///   six-digit middle part `B * 10 + L`, where `B = k / 9` (five digits,
///   00000–99999) and `L` is a last digit 0–9.
/// - Within block `B` the ten possible values of `L` give ten different
///   check values (changing the digit with weight 2 changes the sum by a
///   different amount mod 11 each time), so at most one of them gives the
///   forbidden check value 10. At least nine values of `L` are therefore
///   usable; `k % 9` picks the (k % 9)-th usable one, in ascending order.
///
/// Different indices below 900,000 thus always give different numbers, and
/// numbers increase with `n`. From 900,000 on the sequence repeats (period
/// [`SYNTHETIC_NHS_NUMBER_CYCLE`]). When a block has ten usable values the
/// tenth is simply never produced.
pub fn synthetic_nhs_number(n: u32) -> NhsNumber {
    let k = n % SYNTHETIC_NHS_NUMBER_CYCLE;
    let block = k / 9;
    let wanted = k % 9;

    let mut first_nine = [9u8, 9, 9, 0, 0, 0, 0, 0, 0];
    // Five block digits go in positions 3..8; position 8 is the last digit L.
    let mut rest = block;
    for slot in first_nine[3..8].iter_mut().rev() {
        *slot = digit(rest % 10);
        rest /= 10;
    }

    let mut usable_seen = 0;
    for last in 0u8..=9 {
        first_nine[8] = last;
        if let Some(check) = nhs_check_digit(&first_nine) {
            if usable_seen == wanted {
                let text: String = first_nine.iter().chain(std::iter::once(&check)).map(|d| char::from(b'0' + d)).collect();
                return NhsNumber(text);
            }
            usable_seen += 1;
        }
    }
    unreachable!("every block of ten candidates has at least nine usable numbers")
}

/// A single decimal digit from a value already reduced modulo 10.
fn digit(v: u32) -> u8 {
    u8::try_from(v % 10).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Splits a 10-digit string into the first nine digit values and the
    /// final digit.
    fn split(s: &str) -> ([u8; 9], u8) {
        let bytes: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
        let mut first = [0u8; 9];
        first.copy_from_slice(&bytes[..9]);
        (first, bytes[9])
    }

    #[test]
    fn check_digit_worked_by_hand_for_9434765919() {
        // 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2
        //   = 90 + 36 + 24 + 28 + 42 + 30 + 20 + 27 + 2 = 299
        // 299 mod 11 = 2 (11 × 27 = 297), so check = 11 - 2 = 9.
        assert_eq!(nhs_check_digit(&[9, 4, 3, 4, 7, 6, 5, 9, 1]), Some(9));
        assert!(NhsNumber::parse("9434765919").is_ok());
    }

    #[test]
    fn check_digit_worked_by_hand_for_4010232137() {
        // 4×10 + 0×9 + 1×8 + 0×7 + 2×6 + 3×5 + 2×4 + 1×3 + 3×2
        //   = 40 + 0 + 8 + 0 + 12 + 15 + 8 + 3 + 6 = 92
        // 92 mod 11 = 4 (11 × 8 = 88), so check = 11 - 4 = 7.
        assert_eq!(nhs_check_digit(&[4, 0, 1, 0, 2, 3, 2, 1, 3]), Some(7));
        assert!(NhsNumber::parse("4010232137").is_ok());
    }

    #[test]
    fn known_valid_numbers_agree_with_computed_check_digit() {
        for s in ["9434765919", "4010232137"] {
            let (first, last) = split(s);
            assert_eq!(nhs_check_digit(&first), Some(last), "{s}");
            assert_eq!(NhsNumber::parse(s).expect("valid").as_str(), s);
        }
    }

    #[test]
    fn remainder_zero_gives_check_digit_zero() {
        // All zeros: sum 0, 11 - 0 = 11, which maps to check digit 0.
        assert_eq!(nhs_check_digit(&[0; 9]), Some(0));
        assert!(NhsNumber::parse("0000000000").is_ok());
    }

    #[test]
    fn check_value_ten_is_reported() {
        // 1×2 = 2 at the last position with zeros elsewhere: 2 mod 11 = 2,
        // check = 9. Use sum ≡ 1 instead: 0000000 then digits giving 1 mod 11:
        // 6×2 = 12 ≡ 1, so first nine "000000006" has check value 10.
        assert_eq!(nhs_check_digit(&[0, 0, 0, 0, 0, 0, 0, 0, 6]), None);
        for last in 0..=9 {
            assert_eq!(NhsNumber::parse(&format!("000000006{last}")), Err(NhsNumberError::CheckDigitTen));
        }
    }

    #[test]
    fn out_of_range_digit_values_give_none() {
        assert_eq!(nhs_check_digit(&[10, 0, 0, 0, 0, 0, 0, 0, 0]), None);
    }

    #[test]
    fn wrong_check_digit_is_rejected() {
        for s in ["9434765918", "9434765910", "4010232138", "943 476 5911"] {
            assert_eq!(NhsNumber::parse(s), Err(NhsNumberError::CheckDigitMismatch), "{s}");
        }
    }

    #[test]
    fn spacing_variants() {
        let expected = NhsNumber::parse("9434765919").expect("valid");
        for s in ["943 476 5919", "943-476-5919", "9434765919", "  943 476 5919  ", "\t9434765919\n"] {
            assert_eq!(NhsNumber::parse(s).as_ref(), Ok(&expected), "{s:?}");
        }
        for s in [
            "943  476 5919",
            "943 476-5919",
            "9434 765 919",
            "94 3476 5919",
            "943-4765919",
            "943 4765919",
            "9-4-3-4-7-6-5-9-1-9",
            "-9434765919",
            "943--476-5919",
        ] {
            assert_eq!(NhsNumber::parse(s), Err(NhsNumberError::NotDigits), "{s:?}");
        }
    }

    #[test]
    fn letters_and_other_characters_are_rejected() {
        for s in [
            "943476591X",
            "abc def ghij",
            "943.476.5919",
            "943/476/5919",
            "943\u{a0}476\u{a0}5919",
            "９４３４７６５９１９",
            "+449434765919",
        ] {
            assert_eq!(NhsNumber::parse(s), Err(NhsNumberError::NotDigits), "{s:?}");
        }
    }

    #[test]
    fn wrong_lengths_are_rejected() {
        assert_eq!(NhsNumber::parse("943476591"), Err(NhsNumberError::WrongLength { digits: 9 }));
        assert_eq!(NhsNumber::parse("94347659190"), Err(NhsNumberError::WrongLength { digits: 11 }));
        assert_eq!(NhsNumber::parse("943 476 591"), Err(NhsNumberError::WrongLength { digits: 9 }));
        assert_eq!(NhsNumber::parse("7"), Err(NhsNumberError::WrongLength { digits: 1 }));
        assert_eq!(NhsNumber::parse(" - "), Err(NhsNumberError::WrongLength { digits: 0 }));
    }

    #[test]
    fn empty_input_is_rejected() {
        assert_eq!(NhsNumber::parse(""), Err(NhsNumberError::Empty));
        assert_eq!(NhsNumber::parse("   "), Err(NhsNumberError::Empty));
    }

    #[test]
    fn error_messages_are_distinct_and_plain() {
        let all = [
            NhsNumberError::Empty,
            NhsNumberError::WrongLength { digits: 9 },
            NhsNumberError::NotDigits,
            NhsNumberError::CheckDigitMismatch,
            NhsNumberError::CheckDigitTen,
        ];
        let messages: Vec<String> = all.iter().map(ToString::to_string).collect();
        for (i, a) in messages.iter().enumerate() {
            assert!(!a.is_empty());
            assert!(!a.ends_with('.'), "GOV.UK error messages have no full stop: {a}");
            for b in &messages[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(
            NhsNumberError::WrongLength { digits: 9 }.to_string(),
            "Enter an NHS number with 10 digits, like 943 476 5919 (you entered 9 digits)"
        );
        assert_eq!(
            NhsNumberError::WrongLength { digits: 1 }.to_string(),
            "Enter an NHS number with 10 digits, like 943 476 5919 (you entered 1 digit)"
        );
        assert_eq!(NhsNumberError::CheckDigitMismatch.to_string(), "The NHS number is not valid: check you have typed it correctly");
    }

    #[test]
    fn display_uses_three_three_four_groups() {
        let n = NhsNumber::parse("9434765919").expect("valid");
        assert_eq!(n.to_string(), "943 476 5919");
        assert_eq!(n.as_str(), "9434765919");
        assert_eq!("401-023-2137".parse::<NhsNumber>().expect("valid").to_string(), "401 023 2137");
    }

    #[test]
    fn serde_round_trip_as_plain_digits() {
        let n = NhsNumber::parse("943 476 5919").expect("valid");
        let json = serde_json::to_string(&n).expect("serialise");
        assert_eq!(json, r#""9434765919""#);
        let back: NhsNumber = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, n);
        // Deserialising goes through parse: spaced input is accepted...
        let spaced: NhsNumber = serde_json::from_str(r#""943 476 5919""#).expect("deserialise");
        assert_eq!(spaced, n);
        // ...and invalid numbers are refused.
        assert!(serde_json::from_str::<NhsNumber>(r#""9434765918""#).is_err());
        assert!(serde_json::from_str::<NhsNumber>(r#""""#).is_err());
        assert!(serde_json::from_str::<NhsNumber>("9434765919").is_err());
    }

    #[test]
    fn synthetic_numbers_first_values() {
        // Block 0 has first nine digits "99900000L". The 999 prefix weighs
        // 9×10 + 9×9 + 9×8 = 243, and L adds 2L.
        // L = 0: 243 mod 11 = 1 => check value 10, unusable, so skipped.
        // L = 1: 245 mod 11 = 3 => check 8  => index 0 is 999 000 0018.
        // L = 2: 247 mod 11 = 5 => check 6  => index 1 is 999 000 0026.
        assert_eq!(synthetic_nhs_number(0).as_str(), "9990000018");
        assert_eq!(synthetic_nhs_number(1).as_str(), "9990000026");
        assert_eq!(synthetic_nhs_number(0).to_string(), "999 000 0018");
    }

    #[test]
    fn synthetic_numbers_are_valid_and_reserved() {
        for n in [0, 1, 8, 9, 10, 12_345, 899_999, 900_000, u32::MAX] {
            let s = synthetic_nhs_number(n);
            assert!(s.is_test_range(), "{s}");
            assert_eq!(NhsNumber::parse(s.as_str()).as_ref(), Ok(&s));
        }
        assert_eq!(synthetic_nhs_number(900_000), synthetic_nhs_number(0));
        assert!(synthetic_nhs_number(899_999).as_str().starts_with("999999999"));
    }

    #[test]
    fn synthetic_numbers_are_injective_and_increasing_on_a_prefix() {
        let mut previous: Option<NhsNumber> = None;
        for n in 0..50_000 {
            let s = synthetic_nhs_number(n);
            if let Some(p) = &previous {
                assert!(s > *p, "{n}: {s} not after {p}");
            }
            previous = Some(s);
        }
    }

    #[test]
    fn real_numbers_are_not_in_test_range() {
        assert!(!NhsNumber::parse("9434765919").expect("valid").is_test_range());
    }

    /// Any valid NHS number, built from nine random digits plus their check
    /// digit (retrying when the check value would be 10).
    fn any_valid() -> impl Strategy<Value = NhsNumber> {
        proptest::array::uniform9(0u8..=9).prop_filter_map("check value 10", |first| {
            nhs_check_digit(&first).map(|c| NhsNumber(first.iter().chain(std::iter::once(&c)).map(|d| char::from(b'0' + d)).collect()))
        })
    }

    proptest! {
        #[test]
        fn prop_synthetic_parses_and_starts_with_999(n in any::<u32>()) {
            let s = synthetic_nhs_number(n);
            prop_assert!(s.as_str().starts_with("999"));
            prop_assert_eq!(s.as_str().len(), 10);
            prop_assert_eq!(NhsNumber::parse(s.as_str()), Ok(s.clone()));
            prop_assert_eq!(NhsNumber::parse(&s.to_string()), Ok(s));
        }

        #[test]
        fn prop_synthetic_injective_below_cycle(
            a in 0u32..SYNTHETIC_NHS_NUMBER_CYCLE,
            b in 0u32..SYNTHETIC_NHS_NUMBER_CYCLE,
        ) {
            prop_assert_eq!(a == b, synthetic_nhs_number(a) == synthetic_nhs_number(b));
        }

        #[test]
        fn prop_parse_display_round_trip(x in any_valid()) {
            prop_assert_eq!(NhsNumber::parse(&x.to_string()), Ok(x.clone()));
            let hyphenated = x.to_string().replace(' ', "-");
            prop_assert_eq!(NhsNumber::parse(&hyphenated), Ok(x.clone()));
            let json = serde_json::to_string(&x).expect("serialise");
            prop_assert_eq!(serde_json::from_str::<NhsNumber>(&json).ok(), Some(x));
        }

        #[test]
        fn prop_single_digit_change_is_detected(
            x in any_valid(),
            pos in 0usize..10,
            bump in 1u8..=9,
        ) {
            let mut bytes = x.as_str().as_bytes().to_vec();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + bump) % 10;
            let changed = String::from_utf8(bytes).expect("ascii");
            prop_assert!(NhsNumber::parse(&changed).is_err());
        }

        #[test]
        fn prop_adjacent_transposition_is_detected(x in any_valid(), pos in 0usize..9) {
            let mut bytes = x.as_str().as_bytes().to_vec();
            prop_assume!(bytes[pos] != bytes[pos + 1]);
            bytes.swap(pos, pos + 1);
            let swapped = String::from_utf8(bytes).expect("ascii");
            prop_assert!(NhsNumber::parse(&swapped).is_err());
        }

        #[test]
        fn prop_parse_never_panics(s in "\\PC{0,20}") {
            let _ = NhsNumber::parse(&s);
        }
    }
}
