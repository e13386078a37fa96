//! The safeguarding partnership as its own record (MASA-SYS-1): the councils it covers, the three
//! statutory partners (MASA-P-1) with their lead and delegated safeguarding partners over time
//! (MASA-P-2, MASA-P-3), independent scrutiny (MASA-P-7), relevant agencies with education and
//! childcare marked (MASA-P-4, MASA-P-5), the published arrangements and the threshold document
//! signed off by the three leads (MASA-P-2, MASA-P-8, MASA-FFP-3), and each partner's budget
//! contribution (MASA-P-10). Pure: the dates are passed in.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::codes::code_enum;

code_enum!(
    /// The three statutory safeguarding partners for a council's area (MASA-P-1). Education is not
    /// a fourth partner (MASA-P-5): schools and settings are relevant agencies.
    StatutoryPartner {
        Council => ("council", "The council"),
        Icb => ("icb", "The integrated care board"),
        Police => ("police", "The chief officer of police"),
    }
);

code_enum!(
    /// A named person's place for their partner: the lead (MASA-P-2) or a delegate (MASA-P-3).
    PartnerRole {
        Lead => ("lead", "Lead safeguarding partner"),
        Delegated => ("delegated", "Delegated safeguarding partner"),
    }
);

code_enum!(
    /// What kind of relevant agency (MASA-P-4). Education and childcare are marked apart (MASA-P-5).
    AgencyKind {
        School => ("school", "A school"),
        College => ("college", "A college or further education provider"),
        EarlyYears => ("early_years", "An early years or childcare setting"),
        Health => ("health", "A health provider"),
        Probation => ("probation", "Probation"),
        YouthJustice => ("youth_justice", "Youth justice"),
        Housing => ("housing", "Housing"),
        Voluntary => ("voluntary", "A voluntary or community organisation"),
        Other => ("other", "Another agency"),
    }
);

impl AgencyKind {
    /// An education or childcare agency, which the arrangements must now include (MASA-P-5).
    pub fn education_or_childcare(self) -> bool {
        matches!(self, AgencyKind::School | AgencyKind::College | AgencyKind::EarlyYears)
    }
}

code_enum!(
    /// The partnership's documents kept in versions (MASA-P-8, MASA-FFP-3).
    DocumentKind {
        Arrangements => ("arrangements", "Published arrangements"),
        Threshold => ("threshold", "Threshold document"),
    }
);

/// A text that must be given, at most `max` characters.
pub fn words(e: &mut ValidationErrors, field: &str, v: &str, what: &str, max: usize) {
    let v = v.trim();
    if v.is_empty() || v.chars().count() > max {
        e.add(field, format!("{what} ({max} characters or fewer)"));
    }
}

/// The end of a period is on or after its start.
pub fn check_period(e: &mut ValidationErrors, field: &str, from: NaiveDate, to: Option<NaiveDate>) {
    if to.is_some_and(|t| t < from) {
        e.add(field, "The end date must be the same as or after the start date");
    }
}

/// The councils a partnership covers (MASA-SYS-1: it may span several): three-digit council codes
/// separated by commas or spaces; the owning council is always one of them. Sorted, no repeats.
pub fn parse_areas(text: &str, own: &str) -> Result<Vec<String>, ValidationErrors> {
    let mut out: Vec<String> = vec![own.to_owned()];
    for code in text.split(|c: char| c == ',' || c.is_whitespace()).filter(|c| !c.is_empty()) {
        if code.len() != 3 || !code.chars().all(|c| c.is_ascii_digit()) {
            return Err(ValidationErrors::single("areas", "Give each council's three-digit code, separated by commas"));
        }
        out.push(code.to_owned());
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Whether two periods (from, to inclusive; open when no end) share a day.
pub fn overlaps(a: (NaiveDate, Option<NaiveDate>), b: (NaiveDate, Option<NaiveDate>)) -> bool {
    let a_before_b_ends = b.1.is_none_or(|end| a.0 <= end);
    let b_before_a_ends = a.1.is_none_or(|end| b.0 <= end);
    a_before_b_ends && b_before_a_ends
}

/// MASA-P-2: each partner names one lead safeguarding partner, so a partner has exactly one lead
/// at any time. A new lead (or a changed period) may not overlap another lead of the same partner:
/// `others` are that partner's other leads' periods.
pub fn check_lead(others: &[(NaiveDate, Option<NaiveDate>)], from: NaiveDate, to: Option<NaiveDate>) -> Result<(), ValidationErrors> {
    if others.iter().any(|o| overlaps(*o, (from, to))) {
        return Err(ValidationErrors::single(
            "from",
            "This partner already has a lead safeguarding partner for some of these dates: end that lead first, or start this one later",
        ));
    }
    Ok(())
}

/// A named person for a partner over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named<'a> {
    pub partner: StatutoryPartner,
    pub role: PartnerRole,
    pub name: &'a str,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

/// The lead for `partner` on `day` (MASA-P-2), if one is named.
pub fn lead_on<'a>(people: &'a [Named<'a>], partner: StatutoryPartner, day: NaiveDate) -> Option<&'a Named<'a>> {
    people.iter().find(|p| p.partner == partner && p.role == PartnerRole::Lead && p.from <= day && p.to.is_none_or(|t| day <= t))
}

/// The partners with no lead named on `day`.
pub fn without_lead(people: &[Named], day: NaiveDate) -> Vec<StatutoryPartner> {
    StatutoryPartner::ALL.iter().copied().filter(|p| lead_on(people, *p, day).is_none()).collect()
}

/// Who signed a document off for each partner, and when (in `StatutoryPartner::ALL` order).
pub type SignOffs = [Option<NaiveDate>; 3];

pub fn index(p: StatutoryPartner) -> usize {
    match p {
        StatutoryPartner::Council => 0,
        StatutoryPartner::Icb => 1,
        StatutoryPartner::Police => 2,
    }
}

/// MASA-P-2 and MASA-FFP-3: the lead partners jointly review and sign off the published
/// arrangements and the threshold document; a threshold document counts as published only once
/// all three leads have signed it. Published arrangements count from their published date.
pub fn in_force(kind: DocumentKind, signed: &SignOffs) -> bool {
    match kind {
        DocumentKind::Threshold => signed.iter().all(Option::is_some),
        DocumentKind::Arrangements => true,
    }
}

/// A lead signs a document off once, on or after it was published and not in the future.
pub fn check_sign_off(
    published_on: NaiveDate,
    already: Option<NaiveDate>,
    signed_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if already.is_some() {
        e.add("partner", "This partner's lead has already signed it off");
    }
    if signed_on > today {
        e.add("signed_on", "The day it was signed cannot be in the future");
    }
    if signed_on < published_on {
        e.add("signed_on", "It is signed on or after the day it was published");
    }
    e.into_result(())
}

/// A link to a published document: an http or https address with no spaces.
pub fn check_link(link: &str) -> Result<(), ValidationErrors> {
    let l = link.trim();
    let rest = l.strip_prefix("https://").or_else(|| l.strip_prefix("http://"));
    let ok = l.len() <= 2_000
        && rest.is_some_and(|r| {
            let host = r.split('/').next().unwrap_or_default();
            host.contains('.') && !host.starts_with('.') && !r.chars().any(|c| c.is_whitespace() || c.is_control())
        });
    if ok { Ok(()) } else { Err(ValidationErrors::single("link", "Give the web address it is published at, starting https://")) }
}

/// An amount in pence is never negative, and below £100 million.
pub fn check_amount(pence: i64) -> Result<(), ValidationErrors> {
    if !(0..10_000_000_000).contains(&pence) {
        return Err(ValidationErrors::single("amount_pence", "Give an amount of zero or more, below £100 million"));
    }
    Ok(())
}

/// A partner's contribution in a year, and its share of the total in hundredths of a per cent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub partner: StatutoryPartner,
    pub pence: i64,
    /// Basis points: 3334 is 33.34%.
    pub basis_points: i64,
}

/// MASA-P-10: each partner's contribution to a year's shared budget, the total and each share
/// (rounded to the nearest basis point; no share when the total is nothing).
pub fn shares(contributions: &[(StatutoryPartner, i64)]) -> (i64, Vec<Share>) {
    let total: i64 = contributions.iter().map(|(_, p)| p).sum();
    let mut out: Vec<Share> = contributions
        .iter()
        .map(|(partner, pence)| Share {
            partner: *partner,
            pence: *pence,
            basis_points: if total > 0 { (pence * 20_000 + total) / (2 * total) } else { 0 },
        })
        .collect();
    out.sort_by_key(|s| index(s.partner));
    (total, out)
}

/// A financial year as councils write it: 2026 (April 2026 to March 2027) is "2026/27".
pub fn year_label(year: i32) -> String {
    format!("{year}/{:02}", (year + 1).rem_euclid(100))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_lead_may_not_overlap_another_lead() {
        let before = [(d("2024-04-01"), Some(d("2026-06-30")))];
        // MASA-P-2: the next lead starts the day after.
        assert!(check_lead(&before, d("2026-07-01"), None).is_ok());
        let e = check_lead(&before, d("2026-06-30"), None).unwrap_err();
        assert!(e.for_field("from").is_some());
        // An open lead overlaps anything after it starts.
        let open = [(d("2024-04-01"), None)];
        assert!(check_lead(&open, d("2030-01-01"), Some(d("2030-02-01"))).is_err());
        // A lead ended before the other starts does not.
        assert!(check_lead(&open, d("2020-01-01"), Some(d("2024-03-31"))).is_ok());
        assert!(check_lead(&[], d("2020-01-01"), None).is_ok());
    }

    #[test]
    fn the_lead_on_a_day_and_partners_without_one() {
        let people = [
            Named {
                partner: StatutoryPartner::Council,
                role: PartnerRole::Lead,
                name: "A",
                from: d("2024-01-01"),
                to: Some(d("2026-06-30")),
            },
            Named { partner: StatutoryPartner::Council, role: PartnerRole::Lead, name: "B", from: d("2026-07-01"), to: None },
            Named { partner: StatutoryPartner::Icb, role: PartnerRole::Delegated, name: "C", from: d("2024-01-01"), to: None },
            Named { partner: StatutoryPartner::Police, role: PartnerRole::Lead, name: "D", from: d("2024-01-01"), to: None },
        ];
        assert_eq!(lead_on(&people, StatutoryPartner::Council, d("2026-06-30")).unwrap().name, "A");
        assert_eq!(lead_on(&people, StatutoryPartner::Council, d("2026-07-01")).unwrap().name, "B");
        // A delegate is not a lead.
        assert!(lead_on(&people, StatutoryPartner::Icb, d("2026-07-01")).is_none());
        assert_eq!(without_lead(&people, d("2026-07-01")), vec![StatutoryPartner::Icb]);
    }

    #[test]
    fn a_threshold_document_counts_once_all_three_leads_sign() {
        let day = Some(d("2026-05-01"));
        assert!(!in_force(DocumentKind::Threshold, &[day, day, None]));
        assert!(!in_force(DocumentKind::Threshold, &[None, None, None]));
        assert!(in_force(DocumentKind::Threshold, &[day, day, day]));
        assert!(in_force(DocumentKind::Arrangements, &[None, None, None]));
        assert!(check_sign_off(d("2026-04-01"), None, d("2026-04-01"), d("2026-05-01")).is_ok());
        assert!(check_sign_off(d("2026-04-01"), day, d("2026-04-02"), d("2026-05-01")).unwrap_err().for_field("partner").is_some());
        assert!(check_sign_off(d("2026-04-01"), None, d("2026-03-31"), d("2026-05-01")).unwrap_err().for_field("signed_on").is_some());
        assert!(check_sign_off(d("2026-04-01"), None, d("2026-05-02"), d("2026-05-01")).is_err());
    }

    #[test]
    fn shares_add_up_and_round() {
        let (total, s) = shares(&[(StatutoryPartner::Police, 100), (StatutoryPartner::Council, 100), (StatutoryPartner::Icb, 100)]);
        assert_eq!(total, 300);
        assert_eq!(s.iter().map(|s| s.partner).collect::<Vec<_>>(), StatutoryPartner::ALL.to_vec());
        assert_eq!(s.iter().map(|s| s.basis_points).collect::<Vec<_>>(), vec![3333, 3333, 3333]);
        let (_, s) = shares(&[
            (StatutoryPartner::Council, 50_000 * 100),
            (StatutoryPartner::Icb, 30_000 * 100),
            (StatutoryPartner::Police, 20_000 * 100),
        ]);
        assert_eq!(s.iter().map(|s| s.basis_points).collect::<Vec<_>>(), vec![5000, 3000, 2000]);
        let (total, s) = shares(&[(StatutoryPartner::Council, 0)]);
        assert_eq!((total, s[0].basis_points), (0, 0));
    }

    #[test]
    fn areas_links_periods_and_amounts() {
        assert_eq!(parse_areas("991, 990 992", "990").unwrap(), vec!["990", "991", "992"]);
        assert_eq!(parse_areas("", "990").unwrap(), vec!["990"]);
        assert!(parse_areas("99x", "990").unwrap_err().for_field("areas").is_some());
        assert!(check_link("https://example.org/arrangements.pdf").is_ok());
        assert!(check_link("example.org").is_err());
        assert!(check_link("https://exa mple.org").is_err());
        assert!(check_link("javascript:alert(1)").is_err());
        assert!(check_amount(-1).is_err());
        assert!(check_amount(0).is_ok());
        let mut e = ValidationErrors::new();
        check_period(&mut e, "to", d("2026-01-02"), Some(d("2026-01-01")));
        assert!(e.for_field("to").is_some());
        assert!(AgencyKind::EarlyYears.education_or_childcare() && !AgencyKind::Housing.education_or_childcare());
        assert_eq!(year_label(2026), "2026/27");
    }
}
