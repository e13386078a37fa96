//! SSDA903 code lists (facts from the DfE guidance; the CSV files in
//! `data/` hold the same lists with labels, see `data/NOTICE.md`).

use std::collections::HashSet;
use std::sync::OnceLock;

/// Ethnicity (Header.ETHNIC).
pub const ETHNIC: &[&str] = &[
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE",
    "OOTH", "REFU", "NOBT",
];
/// Reason for new episode.
pub const RNE: &[&str] = &["S", "P", "L", "T", "U", "B"];
/// Legal status.
pub const LS: &[&str] = &["C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3"];
/// Category of need.
pub const CIN: &[&str] = &["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"];
/// Placement types common to every year 2022-23..2026-27.
pub const PLACE_COMMON: &[&str] = &[
    "A3", "A4", "A5", "A6", "K1", "K2", "P1", "P3", "R1", "R2", "R3", "R5", "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4",
    "U5", "U6",
];
/// Placement provider.
pub const PLACE_PROVIDER: &[&str] = &["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"];
/// Reason episode ceased.
pub const REC: &[&str] = &[
    "X1", "E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E41", "E45", "E46", "E47", "E48", "E4A", "E4B", "E5", "E6", "E7",
    "E8", "E9",
];
/// Reason for placement change.
pub const REASON_PLACE_CHANGE: &[&str] =
    &["CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD", "OTHER"];
/// Review participation.
pub const REVIEW_CODE: &[&str] = &["PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"];
/// Care leaver in touch.
pub const IN_TOUCH: &[&str] = &["YES", "NO", "DIED", "REFU", "NREQ", "RHOM"];
/// Care leaver activity (F3/P3 split into F4/F5, P4/P5 from 2021-22).
pub const ACTIV: &[&str] = &["F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"];
/// Care leaver accommodation (S1 and X1 are not valid: homeless or in custody is never suitable).
pub const ACCOM: &[&str] = &[
    "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2", "G1", "G2", "H1", "H2", "K1", "K2", "R1", "R2", "S2", "T1", "T2", "U1", "U2", "V1",
    "V2", "W1", "W2", "X2", "Y1", "Y2", "Z1", "Z2", "0",
];
/// Adopter sex.
pub const SEX_ADOPTR: &[&str] = &["M1", "F1", "MM", "FF", "MF"];
/// Adopter legal status.
pub const LS_ADOPTR: &[&str] = &["L0", "L11", "L12", "L2", "L3", "L4"];
/// Reason placed for adoption ceased.
pub const REASON_PLACED_CEASED: &[&str] = &["RD1", "RD2", "RD3", "RD4"];
/// SDQ reason.
pub const SDQ_REASON: &[&str] = &["SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"];
/// Previous permanence.
pub const PREV_PERM: &[&str] = &["P1", "P2", "P3", "P4", "Z1"];
/// Missing or away.
pub const MISSING: &[&str] = &["M", "A"];
/// Reason for social worker change.
pub const SW_REASON: &[&str] = &["MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS"];
/// UPN unknown codes.
pub const UPN_UNKNOWN: &[&str] = &["UN1", "UN2", "UN3", "UN4", "UN5"];

/// Temporary placements.
pub const TEMP: &[&str] = &["T0", "T1", "T2", "T3", "T4"];
/// Placed for adoption.
pub const ADOPTION_PLACE: &[&str] = &["A3", "A4", "A5", "A6"];
/// Foster placements.
pub const FOSTER: &[&str] = &["U1", "U2", "U3", "U4", "U5", "U6"];
/// Short breaks legal statuses.
pub const SHORT_BREAK: &[&str] = &["V3", "V4"];

const LA_CSV: &str = include_str!("data/local_authorities.csv");

/// Values accepted in PrevPerm.LA_PERM: the DfE 3-digit LA numbers
/// (including 999) and WAL, SCO, NUK, NIR.
pub fn la_perm_codes() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        LA_CSV.lines().skip(1).filter_map(|l| l.split(',').next()).map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect()
    })
}

/// A council on the DfE's list: its 3-digit code (or WAL, SCO, NIR, NUK, 999), its ONS code
/// where it has one, and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalAuthority {
    pub dfe_code: String,
    pub ons_code: Option<String>,
    pub name: String,
}

/// Every council on the DfE's list (`data/local_authorities.csv`), in the file's order.
pub fn local_authorities() -> &'static [LocalAuthority] {
    static LIST: OnceLock<Vec<LocalAuthority>> = OnceLock::new();
    LIST.get_or_init(|| {
        crate::ssda903::ingest::parse_csv(LA_CSV)
            .into_iter()
            .skip(1)
            .filter_map(|row| {
                let cell = |i: usize| row.get(i).map(|c| c.trim().to_owned()).unwrap_or_default();
                let dfe_code = cell(0);
                let ons = cell(1);
                (!dfe_code.is_empty()).then(|| LocalAuthority { dfe_code, ons_code: (!ons.is_empty()).then_some(ons), name: cell(2) })
            })
            .collect()
    })
}

/// The DfE's 3-digit code of the council with this ONS code (E06, E08, E09 or E10), if the
/// DfE's list has it (903 PL_LA, ssda903 fields §2).
pub fn dfe_la_code(ons_code: &str) -> Option<&'static str> {
    let ons = ons_code.trim();
    local_authorities().iter().find(|la| la.ons_code.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(ons))).map(|la| la.dfe_code.as_str())
}

/// The name of the council with this DfE code ("909" is Cumbria, "SCO" Scotland).
pub fn la_name(dfe_code: &str) -> Option<&'static str> {
    let code = dfe_code.trim();
    local_authorities().iter().find(|la| la.dfe_code == code).map(|la| la.name.as_str())
}

/// The DfE's 3-digit code of the council with this name, as Ofsted's lists write it ("Bristol"
/// or "City of Bristol" for "Bristol, City of", "County Durham" for "Durham", "St. Helens" for
/// "St Helens"): letter case, punctuation and the words "city", "county", "borough", "royal",
/// "council", "metropolitan", "district", "of" and "the" are not compared. A 3-digit code is
/// taken as it is when the list has it.
pub fn la_code_by_name(name: &str) -> Option<&'static str> {
    fn key(name: &str) -> String {
        const IGNORED: [&str; 9] = ["city", "county", "borough", "royal", "council", "metropolitan", "district", "of", "the"];
        let spaced: String = name.to_lowercase().replace('&', " and ").chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
        spaced.split_whitespace().filter(|w| !IGNORED.contains(w)).collect::<Vec<_>>().join(" ")
    }
    let name = name.trim();
    if let Some(la) = local_authorities().iter().find(|la| la.dfe_code == name && la.ons_code.is_some()) {
        return Some(la.dfe_code.as_str());
    }
    let wanted = key(name);
    if wanted.is_empty() {
        return None;
    }
    local_authorities().iter().find(|la| la.ons_code.is_some() && key(&la.name) == wanted).map(|la| la.dfe_code.as_str())
}

/// Codes of a `data/*.csv` code list (first column), for cross-checks.
pub fn csv_codes(text: &str) -> Vec<String> {
    text.lines().skip(1).filter_map(|l| l.split(',').next()).map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(list: &[&str], csv: &str, except: &[&str]) {
        let mut a: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
        let mut b: Vec<String> = csv_codes(csv).into_iter().filter(|c| !except.contains(&c.as_str())).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }

    #[test]
    fn councils_are_found_by_their_ons_code_and_named() {
        assert_eq!(dfe_la_code("E10000006"), Some("909"));
        assert_eq!(dfe_la_code("e08000005"), Some("354"));
        assert_eq!(dfe_la_code("E06000023"), Some("801"));
        assert_eq!(dfe_la_code("E07000028"), None, "a shire district is not on the list");
        assert_eq!(la_name("909"), Some("Cumbria"));
        assert_eq!(la_name("801"), Some("Bristol, City of"), "a quoted name with a comma");
        assert_eq!(la_name("SCO"), Some("Scotland"));
        assert_eq!(la_name("990"), None);
        assert!(local_authorities().len() > 150);
    }

    #[test]
    fn councils_are_found_by_the_names_ofsted_gives_them() {
        assert_eq!(la_code_by_name("Cumbria"), Some("909"));
        assert_eq!(la_code_by_name("Bristol"), Some("801"));
        assert_eq!(la_code_by_name("City of Bristol"), Some("801"));
        assert_eq!(la_code_by_name("County Durham"), Some("840"));
        assert_eq!(la_code_by_name("Kingston upon Hull"), Some("810"));
        assert_eq!(la_code_by_name("Southend on Sea"), Some("882"));
        assert_eq!(la_code_by_name(" 909 "), Some("909"));
        assert_eq!(la_code_by_name("Northmoor"), None, "not on the DfE's list");
        assert_eq!(la_code_by_name("Scotland"), None, "a nation is not a council's premises");
        assert_eq!(la_code_by_name(""), None);
    }

    #[test]
    fn constants_agree_with_the_data_files() {
        same(ETHNIC, include_str!("data/ethnicity.csv"), &[]);
        same(LS, include_str!("data/legal_status.csv"), &[]);
        same(CIN, include_str!("data/category_of_need.csv"), &[]);
        same(RNE, include_str!("data/reason_new_episode.csv"), &[]);
        same(PLACE_PROVIDER, include_str!("data/placement_provider.csv"), &[]);
        same(REC, include_str!("data/reason_episode_ceased.csv"), &["E43", "E44"]);
        same(REASON_PLACE_CHANGE, include_str!("data/reason_placement_change.csv"), &[]);
        same(REVIEW_CODE, include_str!("data/review_participation.csv"), &[]);
        same(IN_TOUCH, include_str!("data/care_leaver_in_touch.csv"), &[]);
        same(ACTIV, include_str!("data/care_leaver_activity.csv"), &["F3", "P3"]);
        same(ACCOM, include_str!("data/care_leaver_accommodation.csv"), &["S1", "X1"]);
        same(SEX_ADOPTR, include_str!("data/adopter_sex.csv"), &[]);
        same(LS_ADOPTR, include_str!("data/adopter_legal_status.csv"), &[]);
        same(REASON_PLACED_CEASED, include_str!("data/reason_placed_ceased.csv"), &[]);
        same(SDQ_REASON, include_str!("data/sdq_reason.csv"), &[]);
        same(PREV_PERM, include_str!("data/previous_permanence.csv"), &[]);
        same(MISSING, include_str!("data/missing_type.csv"), &[]);
        same(SW_REASON, include_str!("data/social_worker_change_reason.csv"), &[]);
        same(UPN_UNKNOWN, include_str!("data/upn_unknown.csv"), &[]);
        assert!(la_perm_codes().contains("999") && la_perm_codes().contains("WAL") && la_perm_codes().contains("908"));
    }
}
