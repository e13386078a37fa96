//! The people register (domain reference §1 `Child`, `Person`, `Household`).
//!
//! A person is one record whether child or adult: a child is someone under 18 on the day asked,
//! or unborn (an expected date of birth and no date of birth yet).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::codes::code_enum;
use crate::nhs::NhsNumber;

code_enum!(
    /// Sex as collected by the CIN census from 2024/25 (M, F, U).
    Sex {
        Male => ("M", "Male"),
        Female => ("F", "Female"),
        Unknown => ("U", "Not known"),
    }
);

code_enum!(
    /// How one person is related to another: "FROM is the KIND of TO".
    RelationshipKind {
        Mother => ("mother", "Mother"),
        Father => ("father", "Father"),
        StepParent => ("step_parent", "Step-parent"),
        PartnerOfParent => ("partner_of_parent", "Partner of a parent"),
        Sibling => ("sibling", "Sibling"),
        Grandparent => ("grandparent", "Grandparent"),
        OtherRelative => ("other_relative", "Other relative"),
        Carer => ("carer", "Carer"),
        Friend => ("friend", "Friend"),
    }
);

code_enum!(
    /// The legal basis on which someone holds parental responsibility (Children Act 1989 ss.2–4A,
    /// 12, 14C, 33).
    PrBasis {
        BirthMother => ("birth_mother", "Birth mother"),
        MarriedOrCivilPartner => ("married_or_civil_partner", "Married to or civil partner of the mother at the birth"),
        NamedOnBirthCertificate => ("birth_certificate", "Named on the birth certificate"),
        Agreement => ("agreement", "Parental responsibility agreement"),
        CourtOrder => ("court_order", "Court order (parental responsibility or child arrangements)"),
        SpecialGuardianship => ("special_guardianship", "Special guardianship order"),
        Adoption => ("adoption", "Adoption order"),
        CareOrder => ("care_order", "Care order (local authority)"),
        Other => ("other", "Other"),
    }
);

code_enum!(
    /// How someone belongs to a household (CSPRP: "lives with" versus "visits regularly").
    Membership {
        LivesIn => ("lives_in", "Lives here"),
        RegularlyVisits => ("regularly_visits", "Visits regularly"),
    }
);

code_enum!(
    /// Ethnicity codes used by the DfE returns.
    Ethnicity {
        Wbri => ("WBRI", "White British"),
        Wiri => ("WIRI", "White Irish"),
        Wirt => ("WIRT", "Traveller of Irish heritage"),
        Woth => ("WOTH", "Any other White background"),
        Wrom => ("WROM", "Gypsy/Roma"),
        Mwbc => ("MWBC", "White and Black Caribbean"),
        Mwba => ("MWBA", "White and Black African"),
        Mwas => ("MWAS", "White and Asian"),
        Moth => ("MOTH", "Any other mixed background"),
        Aind => ("AIND", "Indian"),
        Apkn => ("APKN", "Pakistani"),
        Aban => ("ABAN", "Bangladeshi"),
        Aoth => ("AOTH", "Any other Asian background"),
        Bcrb => ("BCRB", "Caribbean"),
        Bafr => ("BAFR", "African"),
        Both => ("BOTH", "Any other Black background"),
        Chne => ("CHNE", "Chinese"),
        Ooth => ("OOTH", "Any other ethnic group"),
        Refu => ("REFU", "Refused"),
        Nobt => ("NOBT", "Information not yet obtained"),
    }
);

impl RelationshipKind {
    /// The label read from the other end: "X is the mother of Y" reads "Y is X's child".
    pub fn inverse_label(self) -> &'static str {
        match self {
            RelationshipKind::Mother | RelationshipKind::Father => "Child",
            RelationshipKind::StepParent => "Stepchild",
            RelationshipKind::PartnerOfParent => "Child of partner",
            RelationshipKind::Sibling => "Sibling",
            RelationshipKind::Grandparent => "Grandchild",
            RelationshipKind::OtherRelative => "Other relative",
            RelationshipKind::Carer => "Cared for",
            RelationshipKind::Friend => "Friend",
        }
    }

    /// Does this relationship, from this person's sex, make them a father or male carer of the
    /// child (The Myth of Invisible Men, CSPRP 2021; domain §8 F10)?
    /// A parent or someone in a parent's place: the significant adults an assessment of the child
    /// must include.
    pub fn is_parent_or_carer(self) -> bool {
        matches!(
            self,
            RelationshipKind::Mother
                | RelationshipKind::Father
                | RelationshipKind::StepParent
                | RelationshipKind::PartnerOfParent
                | RelationshipKind::Carer
        )
    }

    pub fn is_father_or_male_carer(self, sex: Option<Sex>) -> bool {
        match self {
            RelationshipKind::Father => true,
            RelationshipKind::StepParent | RelationshipKind::PartnerOfParent | RelationshipKind::Carer => sex == Some(Sex::Male),
            _ => false,
        }
    }
}

/// A validated person record, as created or edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonDetails {
    pub given_name: String,
    pub family_name: String,
    pub other_names: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    pub sex: Sex,
    pub ethnicity: Option<Ethnicity>,
    pub nhs_number: Option<NhsNumber>,
    pub nhs_number_verified: bool,
}

/// Raw input for a person, as typed in a form or sent to the API, before validation.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PersonDraft {
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub other_names: Option<String>,
    /// Already parsed, or the field's error message (forms send day/month/year parts, the API an
    /// ISO date: the web layer turns either into this).
    pub date_of_birth: Option<Result<NaiveDate, String>>,
    pub expected_date_of_birth: Option<Result<NaiveDate, String>>,
    pub sex: Option<String>,
    pub ethnicity: Option<String>,
    pub nhs_number: Option<String>,
    pub nhs_number_verified: bool,
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|v| v.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|v| !v.is_empty())
}

const MAX_NAME: usize = 100;

impl PersonDraft {
    /// Validate and normalise. `today` is passed in (never read here).
    pub fn validate(&self, today: NaiveDate) -> Result<PersonDetails, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let given = clean(&self.given_name);
        let family = clean(&self.family_name);
        let unborn = self.date_of_birth.is_none() && self.expected_date_of_birth.is_some();

        if given.is_none() && !unborn {
            errors.add("given_name", "Enter a first name");
        }
        if family.is_none() {
            errors.add("family_name", "Enter a last name");
        }
        for (field, v) in [("given_name", &given), ("family_name", &family), ("other_names", &clean(&self.other_names))] {
            if v.as_ref().is_some_and(|s| s.chars().count() > MAX_NAME) {
                errors.add(field, format!("Name must be {MAX_NAME} characters or fewer"));
            }
            if let Some(problem) = v.as_deref().and_then(crate::text::name_problem) {
                errors.add(field, problem);
            }
        }

        let mut dob = None;
        match &self.date_of_birth {
            Some(Ok(d)) if *d > today => errors.add(
                "date_of_birth",
                "Date of birth must be today or in the past; for an unborn child, enter the expected date of birth instead",
            ),
            Some(Ok(d)) if today.year() - d.year() > 130 => errors.add("date_of_birth", "Date of birth must be within the last 130 years"),
            Some(Ok(d)) => dob = Some(*d),
            Some(Err(m)) => errors.add("date_of_birth", m.clone()),
            None => {}
        }
        let mut edd = None;
        match &self.expected_date_of_birth {
            Some(Ok(_)) if dob.is_some() => {
                errors.add("expected_date_of_birth", "Enter either a date of birth or an expected date of birth, not both")
            }
            Some(Ok(d)) if *d < today - chrono::Days::new(31) => errors.add(
                "expected_date_of_birth",
                "The expected date of birth is more than a month ago: if the baby has been born, enter the date of birth",
            ),
            Some(Ok(d)) if *d > today + chrono::Days::new(300) => {
                errors.add("expected_date_of_birth", "The expected date of birth must be within the next 10 months")
            }
            Some(Ok(d)) => edd = Some(*d),
            Some(Err(m)) => errors.add("expected_date_of_birth", m.clone()),
            None => {}
        }

        let sex = match self.sex.as_deref().map(str::trim) {
            None | Some("") => {
                errors.add("sex", "Select the person's sex, or 'Not known'");
                Sex::Unknown
            }
            Some(code) => Sex::from_code(code).unwrap_or_else(|| {
                errors.add("sex", "Select Male, Female or Not known");
                Sex::Unknown
            }),
        };

        let ethnicity = match clean(&self.ethnicity) {
            None => None,
            Some(code) => match Ethnicity::from_code(&code.to_uppercase()) {
                Some(e) => Some(e),
                None => {
                    errors.add("ethnicity", format!("{code:?} is not an ethnicity code used in the DfE returns"));
                    None
                }
            },
        };

        let nhs_number = match clean(&self.nhs_number) {
            None => None,
            Some(raw) => match NhsNumber::parse(&raw) {
                Ok(n) => Some(n),
                Err(e) => {
                    errors.add("nhs_number", e.to_string());
                    None
                }
            },
        };
        if self.nhs_number_verified && clean(&self.nhs_number).is_none() {
            errors.add("nhs_number_verified", "An NHS number can only be marked as verified when one is entered");
        }

        errors.into_result(PersonDetails {
            given_name: given.unwrap_or_default(),
            family_name: family.unwrap_or_default(),
            other_names: clean(&self.other_names),
            date_of_birth: dob,
            expected_date_of_birth: edd,
            sex,
            ethnicity,
            nhs_number,
            nhs_number_verified: self.nhs_number_verified,
        })
    }
}

impl PersonDetails {
    pub fn full_name(&self) -> String {
        full_name(&self.given_name, &self.family_name)
    }
}

pub fn full_name(given: &str, family: &str) -> String {
    if given.is_empty() { family.to_owned() } else { format!("{given} {family}") }
}

/// The longest pregnancy pre-birth work can start in: 42 weeks before the expected date of birth.
pub const PRE_BIRTH_WEEKS: i64 = 42;

/// The earliest date a record about a child can carry: the day the child was
/// born, or, for a child first recorded before birth (an expected date of birth is held), 42 weeks
/// before that expected date, so that pre-birth work stays valid once the baby is born. `None`
/// when neither date is known (only the 1900 floor at the edge then applies).
pub fn earliest_record_date(date_of_birth: Option<NaiveDate>, expected: Option<NaiveDate>) -> Option<NaiveDate> {
    let pre_birth = expected.and_then(|e| e.checked_sub_signed(chrono::Duration::weeks(PRE_BIRTH_WEEKS)));
    match (date_of_birth, pre_birth) {
        (Some(d), Some(p)) => Some(d.min(p)),
        (d, p) => d.or(p),
    }
}

/// Refuses a date about a child that is earlier than [`earliest_record_date`], saying why in
/// plain words.
pub fn check_not_before_birth(when: NaiveDate, date_of_birth: Option<NaiveDate>, expected: Option<NaiveDate>) -> Result<(), String> {
    match earliest_record_date(date_of_birth, expected) {
        Some(earliest) if when < earliest => Err(match (date_of_birth, expected) {
            (Some(d), None) => format!("is before the child was born ({})", d.format("%-d %B %Y")),
            _ => format!("is before any work could have started for this child (the earliest is {})", earliest.format("%-d %B %Y")),
        }),
        _ => Ok(()),
    }
}

/// Under 18 on `today`, or unborn.
pub fn is_child(date_of_birth: Option<NaiveDate>, expected: Option<NaiveDate>, today: NaiveDate) -> bool {
    match date_of_birth {
        Some(d) => today.years_since(d).is_none_or(|y| y < 18),
        None => expected.is_some(),
    }
}

/// Age in whole years, if born.
pub fn age(date_of_birth: Option<NaiveDate>, today: NaiveDate) -> Option<u32> {
    date_of_birth.and_then(|d| today.years_since(d))
}

/// Lower-case letters and digits only, words separated by single spaces: what name search and
/// duplicate matching compare.
pub fn normalise_name(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_alphanumeric() { c.to_lowercase().next().unwrap_or(c) } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parse a date typed in a form as separate day, month and year boxes (GOV.UK date input).
/// Returns `None` when all three are blank.
pub fn parse_date_parts(day: &str, month: &str, year: &str, what: &str) -> Option<Result<NaiveDate, String>> {
    let (day, month, year) = (day.trim(), month.trim(), year.trim());
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return None;
    }
    let mut missing = vec![];
    if day.is_empty() {
        missing.push("day");
    }
    if month.is_empty() {
        missing.push("month");
    }
    if year.is_empty() {
        missing.push("year");
    }
    if !missing.is_empty() {
        return Some(Err(format!("{what} must include a {}", missing.join(" and "))));
    }
    // The month as people write it: 3, 03, Mar or March (the GOV.UK date input pattern).
    let parsed = (day.parse::<u32>(), month.parse::<u32>().or_else(|e| month_by_name(month).ok_or(e)), year.parse::<i32>());
    Some(match parsed {
        (Ok(_), Ok(_), Ok(y)) if year.len() == 4 && crate::calendar::implausible_year(y).is_some() => {
            Err(format!("{what}: {}", crate::calendar::implausible_year(y).unwrap_or_default().to_lowercase()))
        }
        (Ok(d), Ok(m), Ok(y)) if year.len() == 4 => NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("{what} must be a real date")),
        (_, _, Ok(_)) if year.len() != 4 => Err(format!("{what}: the year must have 4 numbers")),
        _ => Err(format!("{what} must be a real date, in numbers, like 27 3 2019")),
    })
}

/// A month written as a word: its English name or first three letters, any case.
fn month_by_name(s: &str) -> Option<u32> {
    const MONTHS: [&str; 12] =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    let s = s.trim().trim_end_matches('.').to_lowercase();
    if s.len() < 3 {
        return None;
    }
    MONTHS.iter().position(|m| *m == s || (s.len() == 3 && m.starts_with(&s)) || (s == "sept" && *m == "september")).map(|i| i as u32 + 1)
}

/// Parse an ISO 8601 calendar date (`2019-03-27`) as used in the API.
pub fn parse_iso_date(s: &str, what: &str) -> Result<NaiveDate, String> {
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| format!("{what} must be a real date in the form YYYY-MM-DD"))?;
    match crate::calendar::implausible_year(d.year()) {
        Some(m) => Err(format!("{what}: {}", m.to_lowercase())),
        None => Ok(d),
    }
}

/// What a search box entry means: an NHS number, a date of birth, or a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchQuery {
    Nhs(NhsNumber),
    DateOfBirth(NaiveDate),
    /// Normalised name words (at least one).
    Name(Vec<String>),
}

impl SearchQuery {
    pub fn parse(input: &str) -> Result<SearchQuery, String> {
        let t = input.trim();
        if t.is_empty() {
            return Err("Enter a name, NHS number or date of birth".to_owned());
        }
        let digits: String = t.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()) {
            return NhsNumber::parse(t).map(SearchQuery::Nhs).map_err(|e| e.to_string());
        }
        if t.chars().any(|c| c.is_ascii_digit()) {
            let parts: Vec<&str> = t.split(['/', '-', '.', ' ']).filter(|p| !p.is_empty()).collect();
            if parts.len() == 3 {
                let date = if parts[0].len() == 4 {
                    parse_date_parts(parts[2], parts[1], parts[0], "Date of birth")
                } else {
                    parse_date_parts(parts[0], parts[1], parts[2], "Date of birth")
                };
                if let Some(r) = date {
                    return r.map(SearchQuery::DateOfBirth);
                }
            }
            return Err("Enter a name, a 10-digit NHS number, or a date of birth like 27/03/2019".to_owned());
        }
        let words: Vec<String> = normalise_name(t).split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect();
        if words.is_empty() {
            return Err("Enter a name, NHS number or date of birth".to_owned());
        }
        Ok(SearchQuery::Name(words))
    }
}

/// Why an existing record was offered as a possible duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    SameNhsNumber,
    SimilarNameSameDateOfBirth,
}

impl DuplicateReason {
    pub fn label(self) -> &'static str {
        match self {
            DuplicateReason::SameNhsNumber => "Same NHS number",
            DuplicateReason::SimilarNameSameDateOfBirth => "Similar name and the same date of birth",
        }
    }
}

/// Enough of an existing record to judge whether it is the same person.
#[derive(Debug, Clone)]
pub struct DuplicateCandidate<'a> {
    pub given_name: &'a str,
    pub family_name: &'a str,
    pub date_of_birth: Option<NaiveDate>,
    pub nhs_number: Option<&'a str>,
}

/// Jaro–Winkler similarity of two normalised names, 0.0–1.0.
pub fn name_similarity(a: &str, b: &str) -> f64 {
    strsim::jaro_winkler(&normalise_name(a), &normalise_name(b))
}

/// Is `existing` possibly the same person as `new`? Same NHS number always is; otherwise a
/// similar name (family name ≥ 0.85 and first name ≥ 0.80 Jaro–Winkler, or the names swapped)
/// with the same date of birth.
pub fn duplicate_reason(new: &PersonDetails, existing: &DuplicateCandidate<'_>) -> Option<DuplicateReason> {
    if let (Some(a), Some(b)) = (&new.nhs_number, existing.nhs_number)
        && a.as_str() == b
    {
        return Some(DuplicateReason::SameNhsNumber);
    }
    let same_dob = new.date_of_birth.is_some() && new.date_of_birth == existing.date_of_birth;
    if !same_dob {
        return None;
    }
    let straight =
        name_similarity(&new.family_name, existing.family_name) >= 0.85 && name_similarity(&new.given_name, existing.given_name) >= 0.80;
    let swapped =
        name_similarity(&new.family_name, existing.given_name) >= 0.9 && name_similarity(&new.given_name, existing.family_name) >= 0.9;
    (straight || swapped).then_some(DuplicateReason::SimilarNameSameDateOfBirth)
}

/// A relative or household member as seen from a child, for the prompts below.
#[derive(Debug, Clone, Copy)]
pub struct Connection {
    pub kind: Option<RelationshipKind>,
    pub sex: Option<Sex>,
    pub lives_in_household: bool,
    pub is_adult: bool,
}

/// Should the child's page prompt practitioners to find out about the father or a male carer?
/// True for a child (or unborn child) with no father or male carer recorded, neither as a
/// relationship nor as an adult man in the household (CSPRP *The Myth of Invisible Men*, 2021;
/// domain §8 F10).
pub fn needs_father_prompt(is_child: bool, connections: &[Connection]) -> bool {
    if !is_child {
        return false;
    }
    !connections.iter().any(|c| {
        c.kind.is_some_and(|k| k.is_father_or_male_carer(c.sex)) || (c.lives_in_household && c.is_adult && c.sex == Some(Sex::Male))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn months_are_read_as_people_write_them() {
        let d = |m: &str| super::parse_date_parts("5", m, "2026", "The date");
        let may = NaiveDate::from_ymd_opt(2026, 5, 5);
        for m in ["5", "05", "May", "may", "MAY"] {
            assert_eq!(d(m).and_then(Result::ok), may, "{m}");
        }
        let dec = NaiveDate::from_ymd_opt(2026, 12, 5);
        for m in ["Dec", "dec.", "December", "12"] {
            assert_eq!(d(m).and_then(Result::ok), dec, "{m}");
        }
        assert_eq!(d("Sept").and_then(Result::ok), NaiveDate::from_ymd_opt(2026, 9, 5));
        for m in ["De", "Decem", "13", "Smarch"] {
            assert!(d(m).is_some_and(|r| r.is_err()), "{m}");
        }
    }

    #[test]
    fn records_cannot_predate_the_child_or_the_pregnancy() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Born, never recorded before birth: the birthday is the floor.
        assert!(check_not_before_birth(d("2020-03-31"), Some(d("2020-04-01")), None).unwrap_err().contains("1 April 2020"));
        assert!(check_not_before_birth(d("2020-04-01"), Some(d("2020-04-01")), None).is_ok());
        // Recorded before birth: pre-birth work up to 42 weeks before the expected date stays valid after the birth.
        assert!(check_not_before_birth(d("2019-08-01"), Some(d("2020-04-01")), Some(d("2020-04-10"))).is_ok());
        assert!(check_not_before_birth(d("2019-06-01"), Some(d("2020-04-01")), Some(d("2020-04-10"))).is_err());
        // Unborn: the same pre-birth window.
        assert!(check_not_before_birth(d("2019-06-20"), None, Some(d("2020-04-10"))).is_err());
        assert!(check_not_before_birth(d("2019-06-21"), None, Some(d("2020-04-10"))).is_ok());
        // Nothing known: no floor here.
        assert!(check_not_before_birth(d("1901-01-01"), None, None).is_ok());
    }

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn draft() -> PersonDraft {
        PersonDraft {
            given_name: Some(" Amelia ".into()),
            family_name: Some("Hart".into()),
            date_of_birth: Some(Ok(d(2019, 3, 27))),
            sex: Some("F".into()),
            ..Default::default()
        }
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 23);
    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn valid_draft_normalises() {
        let p = draft().validate(today()).unwrap();
        assert_eq!(p.given_name, "Amelia");
        assert_eq!(p.full_name(), "Amelia Hart");
    }

    #[test]
    fn invalid_nhs_number_is_a_field_error() {
        let mut dr = draft();
        dr.nhs_number = Some("943 476 5918".into());
        let e = dr.validate(today()).unwrap_err();
        assert!(e.for_field("nhs_number").is_some());
    }

    #[test]
    fn future_dob_and_missing_names_refused() {
        let dr = PersonDraft { date_of_birth: Some(Ok(d(2027, 1, 1))), sex: Some("X".into()), ..Default::default() };
        let e = dr.validate(today()).unwrap_err();
        for f in ["given_name", "family_name", "date_of_birth", "sex"] {
            assert!(e.for_field(f).is_some(), "{f}");
        }
    }

    #[test]
    fn unborn_child_needs_no_first_name() {
        let dr = PersonDraft {
            family_name: Some("Hart".into()),
            expected_date_of_birth: Some(Ok(d(2027, 3, 1))),
            sex: Some("U".into()),
            ..Default::default()
        };
        let p = dr.validate(today()).unwrap();
        assert!(is_child(p.date_of_birth, p.expected_date_of_birth, today()));
    }

    #[test]
    fn date_parts() {
        assert_eq!(parse_date_parts("27", "3", "2019", "Date of birth"), Some(Ok(d(2019, 3, 27))));
        assert_eq!(parse_date_parts("", "", "", "Date of birth"), None);
        assert!(parse_date_parts("31", "2", "2019", "Date of birth").unwrap().is_err());
        assert!(parse_date_parts("1", "", "2019", "Date of birth").unwrap().unwrap_err().contains("month"));
        assert!(parse_date_parts("1", "2", "19", "Date of birth").unwrap().unwrap_err().contains("4 numbers"));
    }

    #[test]
    fn search_queries() {
        assert!(matches!(SearchQuery::parse("943 476 5919"), Ok(SearchQuery::Nhs(_))));
        assert!(SearchQuery::parse("943 476 5918").is_err());
        assert_eq!(SearchQuery::parse("27/03/2019"), Ok(SearchQuery::DateOfBirth(d(2019, 3, 27))));
        assert_eq!(SearchQuery::parse("2019-03-27"), Ok(SearchQuery::DateOfBirth(d(2019, 3, 27))));
        assert_eq!(SearchQuery::parse("  O'Brien, Amy "), Ok(SearchQuery::Name(vec!["o".into(), "brien".into(), "amy".into()])));
        assert!(SearchQuery::parse("   ").is_err());
    }

    #[test]
    fn duplicates() {
        let p = draft().validate(today()).unwrap();
        let similar =
            DuplicateCandidate { given_name: "Amelia", family_name: "Harte", date_of_birth: Some(d(2019, 3, 27)), nhs_number: None };
        assert_eq!(duplicate_reason(&p, &similar), Some(DuplicateReason::SimilarNameSameDateOfBirth));
        let other_dob = DuplicateCandidate { date_of_birth: Some(d(2019, 3, 28)), ..similar.clone() };
        assert_eq!(duplicate_reason(&p, &other_dob), None);
        let different = DuplicateCandidate { given_name: "Zoe", family_name: "Okafor", ..similar.clone() };
        assert_eq!(duplicate_reason(&p, &different), None);
        let swapped = DuplicateCandidate { given_name: "Hart", family_name: "Amelia", ..similar };
        assert!(duplicate_reason(&p, &swapped).is_some());
    }

    #[test]
    fn father_prompt() {
        let mother = Connection { kind: Some(RelationshipKind::Mother), sex: Some(Sex::Female), lives_in_household: true, is_adult: true };
        assert!(needs_father_prompt(true, &[mother]));
        let father = Connection { kind: Some(RelationshipKind::Father), sex: None, lives_in_household: false, is_adult: true };
        assert!(!needs_father_prompt(true, &[mother, father]));
        let lodger = Connection { kind: None, sex: Some(Sex::Male), lives_in_household: true, is_adult: true };
        assert!(!needs_father_prompt(true, &[mother, lodger]));
        let female_carer =
            Connection { kind: Some(RelationshipKind::Carer), sex: Some(Sex::Female), lives_in_household: false, is_adult: true };
        assert!(needs_father_prompt(true, &[female_carer]));
        assert!(!needs_father_prompt(false, &[]));
    }

    #[test]
    fn child_age_boundary() {
        assert!(is_child(Some(d(2008, 11, 24)), None, today()));
        assert!(!is_child(Some(d(2008, 11, 23)), None, today()));
    }
}

/// The letters a UPN may begin or (temporary UPNs) end with, indexed by the check sum.
const CHECK: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// The check letter of a permanent UPN whose other 12 characters are `digits`: each digit times
/// its position in the UPN (2 to 13), summed, modulo 23.
pub fn upn_check_letter(digits: &str) -> Option<char> {
    let b = digits.as_bytes();
    if b.len() != 12 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b.iter().zip(2u32..).map(|(d, w)| u32::from(d - b'0') * w).sum();
    Some(char::from(CHECK[(sum % 23) as usize]))
}

/// A unique pupil number (DfE): a letter other than I, O or S, then 11 digits and a final digit
/// or letter; a permanent UPN's first letter is its check letter (weighted sum of characters
/// 2–13 modulo 23). Returns the normalised UPN or what is wrong with it.
pub fn parse_upn(s: &str) -> Result<String, &'static str> {
    let u: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let b = u.as_bytes();
    if b.len() != 13 || !b[1..12].iter().all(u8::is_ascii_digit) || !(b[12].is_ascii_digit() || CHECK.contains(&b[12])) {
        return Err("Enter a unique pupil number: a letter and 12 more characters, like A123456789012");
    }
    if b[12].is_ascii_digit() {
        if upn_check_letter(&u[1..]) != Some(char::from(b[0])) {
            return Err("This unique pupil number's check letter does not match: check it with the school");
        }
    } else if !CHECK.contains(&b[0]) {
        return Err("Enter a unique pupil number: a letter and 12 more characters, like A123456789012");
    }
    Ok(u)
}

#[cfg(test)]
mod upn_tests {
    #[test]
    fn upns_are_checked_by_their_check_letter() {
        // Characters 2-13 "201234567890": the sum of digit x position (2..13) is 424; 424 mod 23
        // is 10, the 11th check letter: L.
        assert_eq!(super::parse_upn("l 2012 3456 7890"), Ok("L201234567890".into()));
        assert!(super::parse_upn("A201234567890").is_err(), "wrong check letter");
        assert!(super::parse_upn("L20123456789").is_err(), "too short");
        assert!(super::parse_upn("I20123456789A").is_err(), "I is not a UPN letter");
        assert!(super::parse_upn("T20123456789A").is_ok(), "a temporary UPN ends with a letter");
    }
}
