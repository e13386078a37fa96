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
//! Pure: the key and the day are passed in. The social work workforce extract a council shares
//! under the region's key (W-OUT-4) is in [`workforce`].

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::codes::code_enum;
use crate::hash::hmac_sha256;

pub mod workforce;

code_enum!(
    /// What an extract is for: each use has its own agreement and retention.
    Purpose {
        Sufficiency => ("sufficiency", "Sufficiency planning and commissioning homes"),
        Forecasting => ("forecasting", "Forecasting how many children will need homes"),
        PanRegional => ("pan_regional", "Pan-regional analysis"),
        Workforce => ("workforce", "Regional social work workforce planning"),
    }
);

code_enum!(
    /// What an extract holds: the council's children (the 903 tables, under the council's own
    /// key) or its social work workforce (the census rows, under the region's key, W-OUT-4).
    ExtractKind {
        Children => ("children", "Children looked after"),
        Workforce => ("workforce", "Social work workforce"),
    }
);

impl Purpose {
    /// The longest the region may keep an extract for this use (SH-3).
    pub fn max_retention_years(self) -> u32 {
        match self {
            Purpose::Sufficiency | Purpose::Forecasting | Purpose::Workforce => 7,
            Purpose::PanRegional => 12,
        }
    }

    /// The uses an extract of children may be for.
    pub const CHILDREN: [Purpose; 3] = [Purpose::Sufficiency, Purpose::Forecasting, Purpose::PanRegional];

    /// The uses a workforce extract may be for (W-OUT-4).
    pub const WORKFORCE: [Purpose; 2] = [Purpose::Workforce, Purpose::PanRegional];
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

/// The monthly placement snapshot's day when the analyst does not choose one: the last day of
/// the month before `today` (RCC-SHARE-2).
pub fn default_snapshot_day(today: NaiveDate) -> NaiveDate {
    today.with_day(1).and_then(|d| d.pred_opt()).unwrap_or(today)
}

/// The snapshot's columns (RCC-DATA-2, the fields the product holds): no name, postcode, date of
/// birth or national number among them (RCC-SHARE-4).
pub const PLACEMENT_COLUMNS: [&str; 22] = [
    "LA",
    "CHILD",
    "AGE",
    "SEX",
    "ETHNIC",
    "LS",
    "PLACE_START",
    "PLACE",
    "PLACE_PROVIDER",
    "URN",
    "REGISTRATION",
    "PROVISION",
    "SOURCED",
    "WEEKLY_COST",
    "SOCIAL_CARE_COST",
    "EDUCATION_COST",
    "HEALTH_COST",
    "DISTANCE_REASON",
    "UASC",
    "IN_AREA",
    "DISTANCE_BAND",
    "SNAPSHOT_DATE",
];

/// A placement's agreed weekly cost, in pence, and what it is for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnapshotAgreement {
    pub weekly_cost_pence: i64,
    pub social_care_pence: i64,
    pub education_pence: i64,
    pub health_pence: i64,
    pub sourcing_route: String,
    pub provision_type: String,
    pub distance_reason: String,
}

/// One child in care on the snapshot day, as the records hold them (codes already as the 903
/// and the agreement record them).
#[derive(Debug, Clone, Default)]
pub struct SnapshotChild {
    /// The council's own identifier for the child: the 903's CHILD before pseudonymising.
    pub census_id: String,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: String,
    pub ethnicity: String,
    pub legal_status: String,
    pub placement_start: NaiveDate,
    pub placement_type: String,
    pub placement_provider: String,
    /// The setting's Ofsted URN, when the placement has one.
    pub urn: Option<String>,
    /// Whether that URN is on the provider register (ignored without a URN).
    pub on_register: bool,
    /// None: no agreement is recorded, and the cost columns stay blank (never zero).
    pub agreement: Option<SnapshotAgreement>,
    pub uasc: bool,
    pub in_area: Option<bool>,
    pub distance_miles: Option<f64>,
}

/// Pence as pounds with two decimals: 12345 → "123.45".
fn pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", pence.abs() / 100, pence.abs() % 100)
}

/// RCC-SHARE-2: one row of the monthly placement snapshot, pseudonymised as RCC-SHARE-4 and SH-1
/// require: the child by the same keyed hash as the 903 tables of the extract, the age in whole
/// years on the day instead of the date of birth, and the distance as a band with in or out of
/// area instead of either postcode.
pub fn placement_row(key: &[u8], la: &str, on: NaiveDate, c: &SnapshotChild) -> Vec<String> {
    let age = crate::people::age(c.date_of_birth, on).map(|a| a.to_string()).unwrap_or_default();
    let urn = c.urn.as_deref().map(str::trim).filter(|u| !u.is_empty());
    let registration = match (urn, c.on_register) {
        (Some(_), true) => "ofsted_registered",
        (Some(_), false) => "not_on_register",
        (None, _) => "none",
    };
    let a = c.agreement.as_ref();
    let cost = |f: fn(&SnapshotAgreement) -> i64| a.map(|a| pounds(f(a))).unwrap_or_default();
    let code = |f: fn(&SnapshotAgreement) -> &String| a.map(|a| f(a).clone()).unwrap_or_default();
    let band = |m: Option<f64>| if m.is_none() { String::new() } else { crate::sufficiency::DistanceBand::of(m).key().to_owned() };
    vec![
        la.to_owned(),
        pseudonym(key, &c.census_id),
        age,
        c.sex.clone(),
        c.ethnicity.clone(),
        c.legal_status.clone(),
        c.placement_start.format("%d/%m/%Y").to_string(),
        c.placement_type.clone(),
        c.placement_provider.clone(),
        urn.unwrap_or_default().to_owned(),
        registration.to_owned(),
        code(|a| &a.provision_type),
        code(|a| &a.sourcing_route),
        cost(|a| a.weekly_cost_pence),
        cost(|a| a.social_care_pence),
        cost(|a| a.education_pence),
        cost(|a| a.health_pence),
        code(|a| &a.distance_reason),
        if c.uasc { "1" } else { "0" }.to_owned(),
        match c.in_area {
            Some(true) => "in",
            Some(false) => "out",
            None => "",
        }
        .to_owned(),
        band(c.distance_miles),
        on.format("%d/%m/%Y").to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot_child() -> SnapshotChild {
        SnapshotChild {
            census_id: "C000000042".into(),
            date_of_birth: NaiveDate::from_ymd_opt(2012, 6, 27),
            sex: "F".into(),
            ethnicity: "WBRI".into(),
            legal_status: "C2".into(),
            placement_start: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            placement_type: "U6".into(),
            placement_provider: "PR4".into(),
            urn: Some("SC123456".into()),
            on_register: true,
            agreement: None,
            uasc: false,
            in_area: Some(false),
            distance_miles: Some(27.5),
        }
    }

    #[test]
    fn rcc_share_2_a_snapshot_row_names_the_child_as_the_903_does_and_gives_the_age_on_the_day() {
        let on = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let c = snapshot_child();
        let row = placement_row(b"key", "NM1", on, &c);
        assert_eq!(row.len(), PLACEMENT_COLUMNS.len());
        assert_eq!(row[1], pseudonym(b"key", "C000000042"), "the same pseudonym as the 903 tables");
        assert_eq!(row[2], "14");
        let before_birthday = placement_row(b"key", "NM1", NaiveDate::from_ymd_opt(2026, 6, 26).unwrap(), &c);
        assert_eq!(before_birthday[2], "13");
        assert_eq!(&row[9..11], ["SC123456", "ofsted_registered"]);
        assert_eq!(&row[19..], ["out", "over_20_miles", "30/11/2026"]);
        let joined = row.join(",");
        assert!(!joined.contains("2012") && !joined.contains("C000000042"), "{joined}");
        // No agreement: the cost columns are blank, not zero.
        assert!(row[11..18].iter().all(String::is_empty), "{row:?}");
        let agreed = SnapshotChild {
            agreement: Some(SnapshotAgreement {
                weekly_cost_pence: 450_000,
                social_care_pence: 400_050,
                education_pence: 49_950,
                health_pence: 0,
                sourcing_route: "spot".into(),
                provision_type: "childrens_home".into(),
                distance_reason: "not_at_distance".into(),
            }),
            urn: None,
            ..c
        };
        let row = placement_row(b"key", "NM1", on, &agreed);
        assert_eq!(&row[9..18], ["", "none", "childrens_home", "spot", "4500.00", "4000.50", "499.50", "0.00", "not_at_distance"]);
    }

    #[test]
    fn rcc_share_2_the_default_snapshot_day_is_the_end_of_last_month() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(default_snapshot_day(d(2026, 12, 7)), d(2026, 11, 30));
        assert_eq!(default_snapshot_day(d(2026, 3, 1)), d(2026, 2, 28));
        assert_eq!(default_snapshot_day(d(2027, 1, 31)), d(2026, 12, 31));
    }

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
