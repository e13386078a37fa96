//! What a council shares with its regional care co-operative (RCC-SHARE-1,
//! RCC-SHARE-4; decision 0016), pseudonymised by default:
//! - SH-1: a child is named only by a keyed hash of the council's own identifier for them (HMAC
//!   with SHA-256 under a secret only the council holds), so only the council can re-identify;
//!   keys are versioned and rotated, and each extract says which version it used;
//! - SH-2: dates of birth become the first of their month; postcodes become their sector
//!   ("NM2 5RT" becomes "NM2 5"); names, unique pupil numbers, NHS numbers and the mother's
//!   details are never shared (their columns are dropped);
//! - SH-3: every extract is tagged with the use it is for, the data sharing agreement that allows
//!   it and the day it must be deleted by, no later than the use allows (pan-regional analysis
//!   12 years, sufficiency and forecasting 7, as the regional pipelines keep them, RCC-DATA-1).
//!
//! Pure: the key and the day are passed in.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::codes::code_enum;
use crate::hash::hmac_sha256;

code_enum!(
    /// What an extract is for: each use has its own agreement and retention.
    Purpose {
        Sufficiency => ("sufficiency", "Sufficiency planning and commissioning homes"),
        Forecasting => ("forecasting", "Forecasting how many children will need homes"),
        PanRegional => ("pan_regional", "Pan-regional analysis"),
    }
);

impl Purpose {
    /// The longest the region may keep an extract for this use (SH-3).
    pub fn max_retention_years(self) -> u32 {
        match self {
            Purpose::Sufficiency | Purpose::Forecasting => 7,
            Purpose::PanRegional => 12,
        }
    }
}

/// SH-1: the pseudonym of an identifier under a key, as 32 hex digits (128 bits of the keyed
/// hash: no two of England's children share one).
pub fn pseudonym(key: &[u8], id: &str) -> String {
    hmac_sha256(key, id.trim().as_bytes()).iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// SH-2: a date of birth shared as the first of its month.
pub fn month_of_birth(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// SH-2: a postcode shared as its sector (the outward code and the first digit of the inward
/// code); anything that is not a full postcode is not shared at all.
pub fn postcode_sector(postcode: &str) -> String {
    let t: String = postcode.split_whitespace().collect::<String>().to_uppercase();
    let n = t.chars().count();
    if !(5..=7).contains(&n) || !t.chars().all(|c| c.is_ascii_alphanumeric()) {
        return String::new();
    }
    let (outward, inward) = t.split_at(n - 3);
    match inward.chars().next() {
        Some(d) if d.is_ascii_digit() => format!("{outward} {d}"),
        _ => String::new(),
    }
}

/// SH-3: an extract's tag: the agreement's reference and a deletion day after today and, once
/// the use is known, no later than it allows.
pub fn check_tag(purpose: Option<Purpose>, agreement: &str, delete_by: NaiveDate, today: NaiveDate) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    let agreement = agreement.trim();
    if agreement.is_empty() {
        e.add("agreement", "Enter the data sharing agreement's reference");
    } else if agreement.chars().count() > 100 {
        e.add("agreement", "The agreement's reference must be 100 characters or fewer");
    }
    if delete_by <= today {
        e.add("delete_by", "The date the region must delete it by must be after today");
    } else if let Some(purpose) = purpose {
        let latest = today.checked_add_months(chrono::Months::new(12 * purpose.max_retention_years())).unwrap_or(today);
        if delete_by > latest {
            e.add(
                "delete_by",
                format!(
                    "{} keeps an extract for at most {} years: by {} at the latest",
                    purpose.label(),
                    purpose.max_retention_years(),
                    latest.format("%-d %B %Y")
                ),
            );
        }
    }
    e.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sh_1_a_pseudonym_is_stable_under_one_key_and_different_under_another() {
        let a = pseudonym(b"council key one", "A00000123");
        assert_eq!(a.len(), 32);
        assert_eq!(a, pseudonym(b"council key one", " A00000123 "));
        assert_ne!(a, pseudonym(b"council key two", "A00000123"), "a rotated key gives new pseudonyms");
        assert_ne!(a, pseudonym(b"council key one", "A00000124"));
        assert!(!a.contains("123"));
    }

    #[test]
    fn sh_2_dates_of_birth_and_postcodes_lose_their_detail() {
        assert_eq!(month_of_birth(NaiveDate::from_ymd_opt(2014, 6, 27).unwrap()), NaiveDate::from_ymd_opt(2014, 6, 1).unwrap());
        assert_eq!(postcode_sector("nm2 5rt"), "NM2 5");
        assert_eq!(postcode_sector("SW1A1AA"), "SW1A 1");
        assert_eq!(postcode_sector("M1 1AE"), "M1 1");
        assert_eq!(postcode_sector("NM2"), "");
        assert_eq!(postcode_sector("not a postcode"), "");
    }

    #[test]
    fn sh_3_an_extract_says_its_agreement_and_is_deleted_in_time() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let in_years = |n: i32| NaiveDate::from_ymd_opt(2026 + n, 11, 23).unwrap();
        assert!(check_tag(Some(Purpose::Sufficiency), "DSA-NW-2026-04", in_years(7), today).is_ok());
        let e = check_tag(Some(Purpose::Sufficiency), "DSA-NW-2026-04", in_years(8), today).unwrap_err();
        assert!(e.0[0].message.contains("at most 7 years"), "{:?}", e.0);
        assert!(check_tag(Some(Purpose::PanRegional), "DSA-NW-2026-04", in_years(12), today).is_ok());
        let e = check_tag(None, " ", today, today).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["agreement", "delete_by"]);
    }
}
