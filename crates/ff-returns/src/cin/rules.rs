//! The DfE CIN census validation rules that look at one child at a time.
//!
//! Every rule is its own function named after its DfE code and paired with a
//! [`RuleInfo`] constant. Rules that compare children with each other or
//! look at the whole return live in [`super::la`].
//!
//! Conventions shared by all rules:
//! * an unreadable date counts as absent (the parser reports it as
//!   `XSD-DATE`);
//! * codes are compared exactly as supplied (no trimming), as the DfE code
//!   lists are exact strings;
//! * `ReferralNFA` and `ICPCnotRequired` accept `1`/`true` and `0`/`false`;
//! * a rule that needs the census period is skipped when the file has no
//!   usable reference date (the report says so).

use chrono::NaiveDate;

use super::RulesYear;
use super::codes::{self, is_one_of};
use super::issue::{Issue, RuleInfo, Scope};
use super::model::{Child, CpPlan, DateField, Episode};
use super::period::{Period, add_months, is_weekend};

/// What a child rule sees.
pub(crate) struct Ctx<'a> {
    pub child: &'a Child,
    pub period: Option<&'a Period>,
    pub year: RulesYear,
}

/// Where a child rule reports.
pub(crate) struct Out<'a> {
    pub issues: &'a mut Vec<Issue>,
    pub child_id: Option<&'a str>,
    pub index: u64,
}

impl Out<'_> {
    fn hit(&mut self, rule: &'static RuleInfo, path: String) {
        self.issues.push(Issue::from_rule(rule, self.child_id.map(str::to_owned), Some(self.index), path));
    }
}

/// A child-level rule: its catalogue entry, the years it applies to and its
/// check.
pub(crate) struct ChildRule {
    pub info: &'static RuleInfo,
    /// Replacement catalogue entry for 2023/24 and earlier (the
    /// `GenderCurrent` wording), if the rule changed in 2024/25.
    pub info_pre2024: Option<&'static RuleInfo>,
    pub years: Years,
    pub check: fn(&Ctx, &mut Out),
}

/// Which rule sets a rule belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Years {
    All,
    From2024,
}

impl ChildRule {
    pub fn applies(&self, year: RulesYear) -> bool {
        match self.years {
            Years::All => true,
            Years::From2024 => year >= RulesYear::Y2024_25,
        }
    }

    pub fn info_for(&self, year: RulesYear) -> &'static RuleInfo {
        match self.info_pre2024 {
            Some(old) if year < RulesYear::Y2024_25 => old,
            _ => self.info,
        }
    }
}

// ---------------------------------------------------------------------------
// Small helpers

fn d(f: &DateField) -> Option<NaiveDate> {
    f.get()
}

/// `a < b` when both are present.
fn before(a: &DateField, b: &DateField) -> bool {
    matches!((a.get(), b.get()), (Some(x), Some(y)) if x < y)
}

fn ep_field(i: usize, field: &str) -> String {
    format!("CINdetails[{}]/{field}", i + 1)
}

fn grp(i: usize, group: &str, j: usize, field: &str) -> String {
    format!("CINdetails[{}]/{group}[{}]/{field}", i + 1, j + 1)
}

fn outside(p: &Period, f: &DateField) -> bool {
    f.get().is_some_and(|x| !p.contains(x))
}

fn is_true(v: Option<bool>) -> bool {
    v == Some(true)
}

fn is_false(v: Option<bool>) -> bool {
    v == Some(false)
}

/// Every CIN plan of the child with its episode and position.
fn all_cin_plans(c: &Child) -> impl Iterator<Item = (usize, usize, &super::model::CinPlan)> {
    c.episodes.iter().enumerate().flat_map(|(i, e)| e.cin_plans.iter().enumerate().map(move |(j, p)| (i, j, p)))
}

/// Every child protection plan of the child with its episode and position.
fn all_cp_plans(c: &Child) -> impl Iterator<Item = (usize, usize, &CpPlan)> {
    c.episodes.iter().enumerate().flat_map(|(i, e)| e.cp_plans.iter().enumerate().map(move |(j, p)| (i, j, p)))
}

macro_rules! rule {
    ($name:ident, $code:literal, $msg:literal) => {
        pub(crate) const $name: RuleInfo = RuleInfo { code: $code, scope: Scope::Child, message: $msg };
    };
}

// ---------------------------------------------------------------------------
// Catalogue entries (messages in our own words)

rule!(R1103, "1103", "Assessment start date is earlier than the referral date of its episode");
rule!(R1104, "1104", "Initial child protection conference (section 47) is dated before the referral date");
rule!(R1105, "1105", "Child protection plan starts before the referral date of its episode");
rule!(R1510, "1510", "UPN check letter (character 1) is wrong");
rule!(R1530, "1530", "UPN characters 2-4 are not a recognised LA code");
rule!(R1540, "1540", "UPN characters 5-12 are not all digits");
rule!(R1550, "1550", "UPN character 13 is not a digit or an allowed letter");
rule!(R1560Q, "1560Q", "Former UPN is not in UPN format (a letter then 12 digits)");
rule!(R1570, "1570", "LAchildID is longer than 20 characters");
rule!(R1580, "1580", "LAchildID contains characters that are not letters or digits");
rule!(R2884, "2884", "The same initial child protection conference is recorded both on the episode and on a section 47");
rule!(R2885, "2885", "Child protection plan starting in the year does not start on the date of an initial child protection conference");
rule!(R2889, "2889", "Section 47 enquiry starts before the referral date of its episode");
rule!(R2990, "2990", "Activity recorded on an episode closed as RC8/RC9 (closed after assessment)");
rule!(R2991Q, "2991Q", "Section 47 enquiry recorded on an episode with no assessment");
rule!(R4000, "4000", "CIN plan recorded on a referral marked no further action");
rule!(R4001, "4001", "An open CIN plan and an open child protection plan run at the same time in one episode");
rule!(R4003, "4003", "A child protection plan review falls inside a CIN plan");
rule!(R4004, "4004", "The child has more than one open CIN plan (no end date)");
rule!(R4008, "4008", "CIN plan starts after the child's date of death");
rule!(R4009Q, "4009Q", "CIN plan ends after the child's date of death");
rule!(R4010, "4010", "CIN plan start date is missing or after the reference date");
rule!(R4011, "4011", "CIN plan ends before it starts");
rule!(R4012Q, "4012Q", "CIN plan starts and ends on the same day");
rule!(R4013, "4013", "CIN plan end date is outside the census year");
rule!(R4014, "4014", "Two CIN plans of the child overlap");
rule!(R4015, "4015", "CIN plan starts before the referral date of its episode");
rule!(R4016, "4016", "CIN plan starts while a child protection plan is open");
rule!(R4017, "4017", "Child protection plan starts while a CIN plan is open");
rule!(R4180, "4180", "Sex is missing or not one of M, F, U");
rule!(R4180_PRE2024, "4180", "Gender is missing or not one of 0, 1, 2, 9");
rule!(R4220, "4220", "Ethnicity is missing or not a valid code");
rule!(R8500, "8500", "LAchildID is missing");
rule!(R8520, "8520", "Date of birth is after the reference date");
rule!(R8525Q, "8525Q", "Give either a date of birth or an expected date of birth, not both and not neither");
rule!(
    R8530Q,
    "8530Q",
    "Expected date of birth is outside the expected range (from a month before to nine months after the reference date)"
);
rule!(R8535Q, "8535Q", "Date of death is before the date of birth, or there is a death date without a birth date");
rule!(R8540, "8540", "Disability is missing or not a valid code for a born child with a referral that went on to further action");
rule!(R8545Q, "8545Q", "Date of death is outside the census year");
rule!(R8555Q, "8555Q", "Referral is dated after the child's date of death");
rule!(R8565, "8565", "Activity dated after the episode's closure date");
rule!(R8568, "8568", "ReferralNFA is missing or not a yes/no value");
rule!(R8569Q, "8569Q", "Referral dated before the working day preceding the census year is flagged as no further action");
rule!(R8585Q, "8585Q", "Episode closed as RC2 (died) but the child has no date of death");
rule!(R8590, "8590", "Child has no CIN episode (CINdetails)");
rule!(R8600, "8600", "Referral date is missing or after the reference date");
rule!(R8606, "8606", "Referral is more than 40 weeks before the (expected) date of birth");
rule!(R8608, "8608", "Assessment start date is after its authorisation date");
rule!(R8610, "8610", "Primary need code is missing for a referral that went on to further action");
rule!(R8614, "8614", "Assessment factors are recorded on an assessment that is not completed");
rule!(R8615, "8615", "Section 47 start date is missing or after the initial child protection conference");
rule!(R8620, "8620", "CIN closure date is outside the census year");
rule!(R8630, "8630", "CIN closure date is before the referral date");
rule!(R8640, "8640", "Reason for closure is not a valid code (RC1-RC9)");
rule!(R8650, "8650", "Primary need code is not a valid code (N0-N9)");
rule!(R8670Q, "8670Q", "Uncompleted assessment started more than 45 working days before the end of the census year");
rule!(
    R8675Q,
    "8675Q",
    "Section 47 enquiry started more than 15 working days before the end of the year with no conference and no 'not required' flag"
);
rule!(R8696, "8696", "Assessment authorisation date is outside the census year");
rule!(R8715, "8715", "Initial child protection conference (section 47) is outside the census year");
rule!(R8720, "8720", "Child protection plan start date is missing or after the reference date");
rule!(R8730, "8730", "Number of previous child protection plans is missing or not a whole number of zero or more");
rule!(R8736, "8736", "Uncompleted assessment has a start date missing or outside the census year");
rule!(R8740, "8740", "Section 47 enquiry still awaiting a conference started outside the census year");
rule!(R8750, "8750", "An unborn child must have sex U");
rule!(R8750_PRE2024, "8750", "An unborn child must have gender 0");
rule!(R8770Q, "8770Q", "Child of school age with a referral that went on to further action has no UPN and no reason for it other than UN1");
rule!(
    R8770Q_PRE2024,
    "8770Q",
    "Child over 5 with a referral that went on to further action has no UPN and no reason for it other than UN1"
);
rule!(R8772, "8772", "UPN unknown reason UN7 (referral with no further action) but an episode went on to further action");
rule!(R8775Q, "8775Q", "Child is over 25 years old");
rule!(R8790, "8790", "Disability NONE is recorded together with other disability codes");
rule!(R8794, "8794", "The same disability code is recorded twice for the child");
rule!(R8805, "8805", "CIN closure date given without a reason for closure");
rule!(R8810, "8810", "Reason for closure given without a CIN closure date");
rule!(R8815, "8815", "More than one open episode (no closure date) that is not a no-further-action referral");
rule!(R8816, "8816", "An open episode that went on to further action is not the child's latest episode");
rule!(R8820, "8820", "Two CIN episodes of the child overlap");
rule!(R8825Q, "8825Q", "Episode closed as RC8/RC9 (closed after assessment) has no assessment");
rule!(R8831, "8831", "Assessment, section 47 or conference recorded on a referral marked no further action");
rule!(R8832, "8832", "Child protection plan recorded on a referral marked no further action");
rule!(R8839, "8839", "Two or more section 47 enquiries in one episode are still awaiting a conference");
rule!(R8840, "8840", "Child protection plan starts and ends on the same day");
rule!(R8841, "8841", "Child protection plan review is on or before the plan's start date");
rule!(R8842Q, "8842Q", "Child protection plan review has no (valid) date");
rule!(R8863Q, "8863Q", "Assessment starts while another assessment in the episode is still ongoing");
rule!(R8866, "8866", "Referral source is missing or not a valid code");
rule!(R8867, "8867", "Episode is closed but an assessment is not completed");
rule!(R8868, "8868", "Episode is closed but a section 47 has neither a conference date nor the 'not required' flag (or has both)");
rule!(R8869, "8869", "Assessment factor 21 (no factors identified) is used together with other factors");
rule!(R8870Q, "8870Q", "Target date for the initial child protection conference falls on a weekend");
rule!(R8873Q, "8873Q", "Sole assessment found no factors (21) but the episode is not closed as RC8 or RC9");
rule!(R8875, "8875", "Initial child protection conference (section 47) is dated on a weekend");
rule!(R8890, "8890", "Section 47 enquiry starts while another one in the episode is still ongoing");
rule!(R8896, "8896", "Two or more assessments in one episode are not completed");
rule!(R8897Q, "8897Q", "Assessment completed in the census year has no assessment factors");
rule!(R8898, "8898", "The same assessment factor is recorded twice on one assessment");
rule!(R8905, "8905", "Initial category of abuse is missing or not a valid code");
rule!(R8910, "8910", "Latest category of abuse is missing or not a valid code");
rule!(R8915, "8915", "Child protection plan starts after the child's date of death");
rule!(R8920, "8920", "Child protection plan ends after the child's date of death");
rule!(R8925, "8925", "Child protection plan ends before it starts");
rule!(R8930, "8930", "Child protection plan end date is outside the census year");
rule!(R8935, "8935", "The child has more than one open child protection plan (no end date)");
rule!(R8940, "8940", "Two child protection plans of the child overlap");
rule!(R8945Q, "8945Q", "Retired assessment factor 18A used (use 18B or 18C)");
rule!(R8950Q, "8950Q", "Retired assessment factor 19A used (use 19B or 19C)");

// ---------------------------------------------------------------------------
// Identifiers and characteristics

fn rule_1510(c: &Ctx, out: &mut Out) {
    let Some(upn) = c.child.ids.upn.as_deref() else { return };
    let b = upn.as_bytes();
    if b.len() != 13 {
        return;
    }
    // Only checkable when characters 2-13 are all digits.
    if let Some(letter) = codes::upn_check_letter(&b[1..])
        && b[0] != letter
    {
        out.hit(&R1510, "ChildIdentifiers/UPN".into());
    }
}

fn rule_1530(c: &Ctx, out: &mut Out) {
    let Some(upn) = c.child.ids.upn.as_deref() else { return };
    let b = upn.as_bytes();
    if b.len() == 13 && !codes::upn_la_code_ok(&b[1..4]) {
        out.hit(&R1530, "ChildIdentifiers/UPN".into());
    }
}

fn rule_1540(c: &Ctx, out: &mut Out) {
    let Some(upn) = c.child.ids.upn.as_deref() else { return };
    let mut middle = upn.chars().skip(4).take(8).peekable();
    let present = middle.peek().is_some();
    if !present || !middle.all(|c| c.is_ascii_digit()) {
        out.hit(&R1540, "ChildIdentifiers/UPN".into());
    }
}

fn rule_1550(c: &Ctx, out: &mut Out) {
    let Some(upn) = c.child.ids.upn.as_deref() else { return };
    let b = upn.as_bytes();
    if b.len() == 13 && !codes::upn_last_char_ok(b[12]) {
        out.hit(&R1550, "ChildIdentifiers/UPN".into());
    }
}

fn rule_1560q(c: &Ctx, out: &mut Out) {
    let Some(f) = c.child.ids.former_upn.as_deref() else { return };
    let mut chars = f.chars();
    let first_ok = chars.next().is_some_and(char::is_alphabetic);
    let rest: Vec<char> = chars.collect();
    let ok = f.chars().count() == 13 && first_ok && rest.iter().all(char::is_ascii_digit);
    if !ok {
        out.hit(&R1560Q, "ChildIdentifiers/FormerUPN".into());
    }
}

fn rule_1570(c: &Ctx, out: &mut Out) {
    if c.child.ids.la_child_id.as_deref().is_some_and(|id| id.chars().count() > 20) {
        out.hit(&R1570, "ChildIdentifiers/LAchildID".into());
    }
}

fn rule_1580(c: &Ctx, out: &mut Out) {
    if c.child.ids.la_child_id.as_deref().is_some_and(|id| !id.chars().all(char::is_alphanumeric)) {
        out.hit(&R1580, "ChildIdentifiers/LAchildID".into());
    }
}

fn rule_4180(c: &Ctx, out: &mut Out) {
    let ids = &c.child.ids;
    if c.year >= RulesYear::Y2024_25 {
        if !ids.sex.as_deref().is_some_and(|s| is_one_of(codes::SEXES, s)) {
            out.hit(&R4180, "ChildIdentifiers/Sex".into());
        }
    } else if !ids.gender_current.as_deref().is_some_and(|s| is_one_of(codes::GENDERS, s)) {
        out.hit(&R4180_PRE2024, "ChildIdentifiers/GenderCurrent".into());
    }
}

fn rule_4220(c: &Ctx, out: &mut Out) {
    if !c.child.characteristics.ethnicity.as_deref().is_some_and(|e| is_one_of(codes::ETHNICITIES, e)) {
        out.hit(&R4220, "ChildCharacteristics/Ethnicity".into());
    }
}

fn rule_8500(c: &Ctx, out: &mut Out) {
    if c.child.ids.la_child_id.is_none() {
        out.hit(&R8500, "ChildIdentifiers/LAchildID".into());
    }
}

fn rule_8520(c: &Ctx, out: &mut Out) {
    let Some(p) = c.period else { return };
    if d(&c.child.ids.birth_date).is_some_and(|b| b > p.reference) {
        out.hit(&R8520, "ChildIdentifiers/PersonBirthDate".into());
    }
}

fn rule_8525q(c: &Ctx, out: &mut Out) {
    let ids = &c.child.ids;
    if ids.birth_date.is_some() == ids.expected_birth_date.is_some() {
        out.hit(&R8525Q, "ChildIdentifiers/PersonBirthDate".into());
    }
}

fn rule_8530q(c: &Ctx, out: &mut Out) {
    let Some(p) = c.period else { return };
    if let Some(e) = d(&c.child.ids.expected_birth_date)
        && (e >= p.expected_birth_too_late || e <= p.expected_birth_too_early)
    {
        out.hit(&R8530Q, "ChildIdentifiers/ExpectedPersonBirthDate".into());
    }
}

fn rule_8535q(c: &Ctx, out: &mut Out) {
    let ids = &c.child.ids;
    let Some(death) = d(&ids.death_date) else { return };
    if d(&ids.birth_date).is_none_or(|b| b > death) {
        out.hit(&R8535Q, "ChildIdentifiers/PersonDeathDate".into());
    }
}

fn rule_8540(c: &Ctx, out: &mut Out) {
    let child = c.child;
    if child.ids.birth_date.is_none() || !child.episodes.iter().any(|e| is_false(e.nfa())) {
        return;
    }
    let dis = &child.characteristics.disabilities;
    let bad = dis.is_empty() || dis.iter().any(|v| !v.as_deref().is_some_and(|x| is_one_of(codes::DISABILITIES, x)));
    if bad {
        out.hit(&R8540, "ChildCharacteristics/Disabilities".into());
    }
}

fn rule_8545q(c: &Ctx, out: &mut Out) {
    let Some(p) = c.period else { return };
    if outside(p, &c.child.ids.death_date) {
        out.hit(&R8545Q, "ChildIdentifiers/PersonDeathDate".into());
    }
}

fn rule_8750(c: &Ctx, out: &mut Out) {
    let ids = &c.child.ids;
    if ids.birth_date.is_some() || ids.expected_birth_date.is_none() {
        return;
    }
    if c.year >= RulesYear::Y2024_25 {
        if ids.sex.as_deref() != Some("U") {
            out.hit(&R8750, "ChildIdentifiers/Sex".into());
        }
    } else if ids.gender_current.as_deref() != Some("0") {
        out.hit(&R8750_PRE2024, "ChildIdentifiers/GenderCurrent".into());
    }
}

fn rule_8770q(c: &Ctx, out: &mut Out) {
    let Some(p) = c.period else { return };
    let ids = &c.child.ids;
    let born_by = if c.year >= RulesYear::Y2024_25 { p.school_age_born_by } else { p.school_age_born_by_pre2024 };
    let Some(birth) = d(&ids.birth_date) else { return };
    if birth > born_by || !c.child.episodes.iter().any(|e| is_false(e.nfa())) || ids.upn.is_some() {
        return;
    }
    let reason_ok = ids
        .upn_unknown
        .as_deref()
        .is_some_and(|r| matches!(r.to_ascii_uppercase().as_str(), "UN2" | "UN3" | "UN4" | "UN5" | "UN6" | "UN7"));
    if !reason_ok {
        let info = if c.year >= RulesYear::Y2024_25 { &R8770Q } else { &R8770Q_PRE2024 };
        out.hit(info, "ChildIdentifiers/UPNunknown".into());
    }
}

fn rule_8772(c: &Ctx, out: &mut Out) {
    if c.child.ids.upn_unknown.as_deref() != Some("UN7") {
        return;
    }
    if c.child.episodes.is_empty() || c.child.episodes.iter().any(|e| !is_true(e.nfa())) {
        out.hit(&R8772, "ChildIdentifiers/UPNunknown".into());
    }
}

fn rule_8775q(c: &Ctx, out: &mut Out) {
    let Some(p) = c.period else { return };
    let Some(birth) = d(&c.child.ids.birth_date) else { return };
    if birth >= p.over_25_born_before {
        return;
    }
    let turns_25 = add_months(birth, 300);
    for (i, e) in c.child.episodes.iter().enumerate() {
        if d(&e.closure_date).is_none_or(|cl| cl > turns_25) {
            out.hit(&R8775Q, ep_field(i, "CINclosureDate"));
        }
    }
}

fn rule_8790(c: &Ctx, out: &mut Out) {
    let dis = &c.child.characteristics.disabilities;
    let is_none = |v: &Option<super::model::Text>| v.as_deref().is_some_and(|x| x.eq_ignore_ascii_case("NONE"));
    if dis.iter().any(is_none) && dis.iter().any(|v| !is_none(v)) {
        out.hit(&R8790, "ChildCharacteristics/Disabilities/Disability".into());
    }
}

fn rule_8794(c: &Ctx, out: &mut Out) {
    let dis = &c.child.characteristics.disabilities;
    let dup = dis.iter().enumerate().any(|(i, a)| a.is_some() && dis[..i].contains(a));
    if dup {
        out.hit(&R8794, "ChildCharacteristics/Disabilities/Disability".into());
    }
}

// ---------------------------------------------------------------------------
// Episodes (CINdetails)

fn rule_8568(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if e.nfa().is_none() {
            out.hit(&R8568, ep_field(i, "ReferralNFA"));
        }
    }
}

fn rule_8569q(c: &Ctx, out: &mut Out) {
    let Some(p) = c.period else { return };
    for (i, e) in c.child.episodes.iter().enumerate() {
        if is_true(e.nfa()) && d(&e.referral_date).is_some_and(|r| r < p.nfa_referral_cutoff) {
            out.hit(&R8569Q, ep_field(i, "CINreferralDate"));
        }
    }
}

fn rule_8585q(c: &Ctx, out: &mut Out) {
    if c.child.ids.death_date.is_some() {
        return;
    }
    for (i, e) in c.child.episodes.iter().enumerate() {
        if e.closure_reason.as_deref() == Some("RC2") {
            out.hit(&R8585Q, ep_field(i, "ReasonForClosure"));
        }
    }
}

fn rule_8590(c: &Ctx, out: &mut Out) {
    if c.child.episodes.is_empty() {
        out.hit(&R8590, "CINdetails".into());
    }
}

fn rule_8600(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        let late = match (d(&e.referral_date), c.period) {
            (None, _) => true,
            (Some(r), Some(p)) => r > p.reference,
            (Some(_), None) => false,
        };
        if late {
            out.hit(&R8600, ep_field(i, "CINreferralDate"));
        }
    }
}

fn rule_8606(c: &Ctx, out: &mut Out) {
    let ids = &c.child.ids;
    let limit = |f: &DateField| d(f).and_then(|b| b.checked_sub_days(chrono::Days::new(280)));
    let (lb, le) = (limit(&ids.birth_date), limit(&ids.expected_birth_date));
    for (i, e) in c.child.episodes.iter().enumerate() {
        if let Some(r) = d(&e.referral_date)
            && (lb.is_some_and(|l| r < l) || le.is_some_and(|l| r < l))
        {
            out.hit(&R8606, ep_field(i, "CINreferralDate"));
        }
    }
}

fn rule_8610(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if is_false(e.nfa()) && e.primary_need.is_none() {
            out.hit(&R8610, ep_field(i, "PrimaryNeedCode"));
        }
    }
}

fn rule_8620(c: &Ctx, out: &mut Out) {
    let Some(p) = c.period else { return };
    for (i, e) in c.child.episodes.iter().enumerate() {
        if outside(p, &e.closure_date) {
            out.hit(&R8620, ep_field(i, "CINclosureDate"));
        }
    }
}

fn rule_8630(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if before(&e.closure_date, &e.referral_date) {
            out.hit(&R8630, ep_field(i, "CINclosureDate"));
        }
    }
}

fn rule_8640(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if e.closure_reason.as_deref().is_some_and(|r| !is_one_of(codes::CLOSURE_REASONS, r)) {
            out.hit(&R8640, ep_field(i, "ReasonForClosure"));
        }
    }
}

fn rule_8650(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if e.primary_need.as_deref().is_some_and(|n| !is_one_of(codes::PRIMARY_NEEDS, n)) {
            out.hit(&R8650, ep_field(i, "PrimaryNeedCode"));
        }
    }
}

fn rule_8805(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if e.closure_date.is_some() && e.closure_reason.is_none() {
            out.hit(&R8805, ep_field(i, "ReasonForClosure"));
        }
    }
}

fn rule_8810(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if e.closure_reason.is_some() && e.closure_date.is_none() {
            out.hit(&R8810, ep_field(i, "CINclosureDate"));
        }
    }
}

fn open_with_action(e: &Episode) -> bool {
    e.closure_date.is_none() && is_false(e.nfa())
}

fn rule_8815(c: &Ctx, out: &mut Out) {
    let open: Vec<usize> = c.child.episodes.iter().enumerate().filter(|(_, e)| open_with_action(e)).map(|(i, _)| i).collect();
    if open.len() > 1 {
        for i in open {
            out.hit(&R8815, ep_field(i, "CINclosureDate"));
        }
    }
}

fn rule_8816(c: &Ctx, out: &mut Out) {
    let eps = &c.child.episodes;
    // The latest episode is the first one carrying the latest referral date.
    let mut latest: Option<(usize, NaiveDate)> = None;
    for (i, e) in eps.iter().enumerate() {
        if let Some(r) = d(&e.referral_date)
            && latest.is_none_or(|(_, best)| r > best)
        {
            latest = Some((i, r));
        }
    }
    let Some((latest, _)) = latest else { return };
    for (i, e) in eps.iter().enumerate() {
        if i != latest && e.referral_date.is_some() && open_with_action(e) {
            out.hit(&R8816, ep_field(i, "CINreferralDate"));
        }
    }
}

fn rule_8820(c: &Ctx, out: &mut Out) {
    let eps = &c.child.episodes;
    let reference = c.period.map(|p| p.reference);
    for (i, a) in eps.iter().enumerate() {
        let Some(ra) = d(&a.referral_date) else { continue };
        let overlaps = eps.iter().enumerate().any(|(j, b)| {
            if i == j {
                return false;
            }
            let Some(rb) = d(&b.referral_date) else { return false };
            if ra < rb {
                return false;
            }
            match d(&b.closure_date) {
                Some(cb) => ra < cb,
                None => is_false(b.nfa()) && reference.is_some_and(|r| ra < r),
            }
        });
        if overlaps {
            out.hit(&R8820, ep_field(i, "CINreferralDate"));
        }
    }
}

fn rule_8825q(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if matches!(e.closure_reason.as_deref(), Some("RC8" | "RC9")) && e.assessments.is_empty() {
            out.hit(&R8825Q, ep_field(i, "ReasonForClosure"));
        }
    }
}

fn rule_8831(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if !is_true(e.nfa()) {
            continue;
        }
        let activity = e.initial_cpc.is_some()
            || e.section47s.iter().any(|s| s.start.is_some())
            || e.assessments.iter().any(|a| a.start.is_some() || a.authorised.is_some());
        if activity {
            out.hit(&R8831, ep_field(i, "ReferralNFA"));
        }
    }
}

fn rule_8832(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if is_true(e.nfa()) && !e.cp_plans.is_empty() {
            out.hit(&R8832, ep_field(i, "ReferralNFA"));
        }
    }
}

fn rule_8866(c: &Ctx, out: &mut Out) {
    let since = NaiveDate::from_ymd_opt(2013, 4, 1).unwrap_or_default();
    for (i, e) in c.child.episodes.iter().enumerate() {
        if d(&e.referral_date).is_some_and(|r| r >= since)
            && !e.referral_source.as_deref().is_some_and(|s| is_one_of(codes::REFERRAL_SOURCES, s))
        {
            out.hit(&R8866, ep_field(i, "ReferralSource"));
        }
    }
}

fn rule_8555q(c: &Ctx, out: &mut Out) {
    let Some(death) = d(&c.child.ids.death_date) else { return };
    for (i, e) in c.child.episodes.iter().enumerate() {
        if d(&e.referral_date).is_some_and(|r| r > death) {
            out.hit(&R8555Q, ep_field(i, "CINreferralDate"));
        }
    }
}

fn rule_8565(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        let Some(closed) = d(&e.closure_date) else { continue };
        let after = |f: &DateField| d(f).is_some_and(|x| x > closed);
        let activity_after = after(&e.initial_cpc)
            || e.assessments.iter().any(|a| after(&a.start) || after(&a.authorised))
            || e.section47s.iter().any(|s| after(&s.start) || after(&s.icpc))
            || e.cp_plans.iter().any(|p| after(&p.end))
            || e.cin_plans.iter().any(|p| after(&p.start) || after(&p.end));
        if activity_after {
            out.hit(&R8565, ep_field(i, "CINclosureDate"));
        }
    }
}

fn rule_2990(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if matches!(e.closure_reason.as_deref(), Some("RC8" | "RC9"))
            && (e.initial_cpc.is_some() || !e.cp_plans.is_empty() || !e.section47s.is_empty() || !e.cin_plans.is_empty())
        {
            out.hit(&R2990, ep_field(i, "ReasonForClosure"));
        }
    }
}

fn rule_2991q(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if !e.section47s.is_empty() && e.assessments.is_empty() {
            out.hit(&R2991Q, ep_field(i, "Section47"));
        }
    }
}

fn rule_8867(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if e.closure_date.is_some() && e.assessments.iter().any(|a| a.authorised.is_none()) {
            out.hit(&R8867, ep_field(i, "CINclosureDate"));
        }
    }
}

fn rule_8868(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if e.closure_date.is_none() {
            continue;
        }
        let bad = e.section47s.iter().any(|s| {
            let not_required = is_true(s.not_required());
            (s.icpc.is_none() && !not_required) || (s.icpc.is_some() && not_required)
        });
        if bad {
            out.hit(&R8868, ep_field(i, "CINclosureDate"));
        }
    }
}

// ---------------------------------------------------------------------------
// Assessments

fn rule_1103(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, a) in e.assessments.iter().enumerate() {
            if before(&a.start, &e.referral_date) {
                out.hit(&R1103, grp(i, "Assessments", j, "AssessmentActualStartDate"));
            }
        }
    }
}

fn rule_8608(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, a) in e.assessments.iter().enumerate() {
            if before(&a.authorised, &a.start) {
                out.hit(&R8608, grp(i, "Assessments", j, "AssessmentActualStartDate"));
            }
        }
    }
}

fn rule_8614(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, a) in e.assessments.iter().enumerate() {
            if a.authorised.is_none() && !a.factors.is_empty() {
                out.hit(&R8614, grp(i, "Assessments", j, "FactorsIdentifiedAtAssessment"));
            }
        }
    }
}

fn rule_8670q(c: &Ctx, out: &mut Out) {
    let Some(p) = c.period else { return };
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, a) in e.assessments.iter().enumerate() {
            if a.authorised.is_none() && d(&a.start).is_some_and(|s| s < p.open_assessment_cutoff) {
                out.hit(&R8670Q, grp(i, "Assessments", j, "AssessmentActualStartDate"));
            }
        }
    }
}

fn rule_8696(c: &Ctx, out: &mut Out) {
    let Some(p) = c.period else { return };
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, a) in e.assessments.iter().enumerate() {
            if outside(p, &a.authorised) {
                out.hit(&R8696, grp(i, "Assessments", j, "AssessmentAuthorisationDate"));
            }
        }
    }
}

fn rule_8736(c: &Ctx, out: &mut Out) {
    let Some(p) = c.period else { return };
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, a) in e.assessments.iter().enumerate() {
            if a.authorised.is_none() && !d(&a.start).is_some_and(|s| p.contains(s)) {
                out.hit(&R8736, grp(i, "Assessments", j, "AssessmentActualStartDate"));
            }
        }
    }
}

fn rule_8863q(c: &Ctx, out: &mut Out) {
    let reference = c.period.map(|p| p.reference);
    for (i, e) in c.child.episodes.iter().enumerate() {
        let list = &e.assessments;
        for (j, a) in list.iter().enumerate() {
            let Some(sa) = d(&a.start) else { continue };
            let clash = list.iter().enumerate().any(|(k, b)| {
                let Some(sb) = d(&b.start) else { return false };
                // Two identical records are a duplicate, not an overlap.
                if k == j || (sa == sb && a.authorised.get() == b.authorised.get()) || sa < sb {
                    return false;
                }
                match d(&b.authorised) {
                    Some(eb) => sa <= eb,
                    None => reference.is_some_and(|r| sa <= r),
                }
            });
            if clash {
                out.hit(&R8863Q, grp(i, "Assessments", j, "AssessmentActualStartDate"));
            }
        }
    }
}

fn rule_8869(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, a) in e.assessments.iter().enumerate() {
            if a.factors.iter().any(|f| f == "21") && a.factors.iter().any(|f| f != "21") {
                out.hit(&R8869, grp(i, "Assessments", j, "FactorsIdentifiedAtAssessment"));
            }
        }
    }
}

fn rule_8873q(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if e.assessments.len() != 1 || matches!(e.closure_reason.as_deref(), Some("RC8" | "RC9")) {
            continue;
        }
        if e.assessments[0].factors.iter().any(|f| f == "21") {
            out.hit(&R8873Q, ep_field(i, "ReasonForClosure"));
        }
    }
}

fn rule_8896(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if e.assessments.iter().filter(|a| a.authorised.is_none()).count() > 1 {
            out.hit(&R8896, ep_field(i, "Assessments"));
        }
    }
}

fn rule_8897q(c: &Ctx, out: &mut Out) {
    let Some(p) = c.period else { return };
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, a) in e.assessments.iter().enumerate() {
            if d(&a.authorised).is_some_and(|x| x >= p.start) && !a.has_factors() {
                out.hit(&R8897Q, grp(i, "Assessments", j, "FactorsIdentifiedAtAssessment"));
            }
        }
    }
}

fn rule_8898(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, a) in e.assessments.iter().enumerate() {
            let f = &a.factors;
            if f.iter().enumerate().any(|(k, x)| f[..k].contains(x)) {
                out.hit(&R8898, grp(i, "Assessments", j, "FactorsIdentifiedAtAssessment"));
            }
        }
    }
}

fn retired_factor(c: &Ctx, out: &mut Out, code: &str, info: &'static RuleInfo) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, a) in e.assessments.iter().enumerate() {
            if a.factors.iter().any(|f| f.eq_ignore_ascii_case(code)) {
                out.hit(info, grp(i, "Assessments", j, "FactorsIdentifiedAtAssessment"));
            }
        }
    }
}

fn rule_8945q(c: &Ctx, out: &mut Out) {
    retired_factor(c, out, "18A", &R8945Q);
}

fn rule_8950q(c: &Ctx, out: &mut Out) {
    retired_factor(c, out, "19A", &R8950Q);
}

// ---------------------------------------------------------------------------
// Section 47 enquiries

fn rule_1104(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, s) in e.section47s.iter().enumerate() {
            if before(&s.icpc, &e.referral_date) {
                out.hit(&R1104, grp(i, "Section47", j, "DateOfInitialCPC"));
            }
        }
    }
}

fn rule_2889(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, s) in e.section47s.iter().enumerate() {
            if before(&s.start, &e.referral_date) {
                out.hit(&R2889, grp(i, "Section47", j, "S47ActualStartDate"));
            }
        }
    }
}

fn rule_2884(c: &Ctx, out: &mut Out) {
    let eps = &c.child.episodes;
    for (i, e) in eps.iter().enumerate() {
        let Some(x) = d(&e.initial_cpc) else { continue };
        if eps.iter().flat_map(|o| &o.section47s).any(|s| s.icpc.get() == Some(x)) {
            out.hit(&R2884, ep_field(i, "DateOfInitialCPC"));
        }
    }
}

fn rule_8615(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, s) in e.section47s.iter().enumerate() {
            if before(&s.icpc, &s.start) || (s.icpc.is_some() && s.start.is_none()) {
                out.hit(&R8615, grp(i, "Section47", j, "S47ActualStartDate"));
            }
        }
    }
}

fn rule_8675q(c: &Ctx, out: &mut Out) {
    let Some(p) = c.period else { return };
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, s) in e.section47s.iter().enumerate() {
            if s.icpc.is_none() && is_false(s.not_required()) && d(&s.start).is_some_and(|x| x < p.open_s47_cutoff) {
                out.hit(&R8675Q, grp(i, "Section47", j, "S47ActualStartDate"));
            }
        }
    }
}

fn rule_8715(c: &Ctx, out: &mut Out) {
    let Some(p) = c.period else { return };
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, s) in e.section47s.iter().enumerate() {
            if outside(p, &s.icpc) {
                out.hit(&R8715, grp(i, "Section47", j, "DateOfInitialCPC"));
            }
        }
    }
}

fn rule_8740(c: &Ctx, out: &mut Out) {
    let Some(p) = c.period else { return };
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, s) in e.section47s.iter().enumerate() {
            if s.icpc.is_none() && is_false(s.not_required()) && outside(p, &s.start) {
                out.hit(&R8740, grp(i, "Section47", j, "S47ActualStartDate"));
            }
        }
    }
}

fn awaiting_conference(s: &super::model::Section47) -> bool {
    s.icpc.is_none() && !is_true(s.not_required())
}

fn rule_8839(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if e.section47s.iter().filter(|s| awaiting_conference(s)).count() > 1 {
            out.hit(&R8839, ep_field(i, "Section47"));
        }
    }
}

fn rule_8870q(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, s) in e.section47s.iter().enumerate() {
            if d(&s.icpc_target).is_some_and(is_weekend) {
                out.hit(&R8870Q, grp(i, "Section47", j, "InitialCPCtarget"));
            }
        }
    }
}

fn rule_8875(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, s) in e.section47s.iter().enumerate() {
            if d(&s.icpc).is_some_and(is_weekend) {
                out.hit(&R8875, grp(i, "Section47", j, "DateOfInitialCPC"));
            }
        }
    }
}

fn rule_8890(c: &Ctx, out: &mut Out) {
    let reference = c.period.map(|p| p.reference);
    for (i, e) in c.child.episodes.iter().enumerate() {
        let list = &e.section47s;
        for (j, a) in list.iter().enumerate() {
            let Some(sa) = d(&a.start) else { continue };
            let clash = list.iter().enumerate().any(|(k, b)| {
                let Some(sb) = d(&b.start) else { return false };
                if k == j || (sa == sb && a.icpc.get() == b.icpc.get()) || sa < sb {
                    return false;
                }
                match d(&b.icpc) {
                    Some(cb) => sa <= cb,
                    None => !is_true(b.not_required()) && reference.is_some_and(|r| sa <= r),
                }
            });
            if clash {
                out.hit(&R8890, grp(i, "Section47", j, "S47ActualStartDate"));
            }
        }
    }
}

// ---------------------------------------------------------------------------
// CIN plans

fn rule_4000(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        if is_true(e.nfa()) && !e.cin_plans.is_empty() {
            out.hit(&R4000, ep_field(i, "CINPlanDates"));
        }
    }
}

fn rule_4001(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        let open_cpp = e.cp_plans.iter().any(|p| p.end.is_none());
        let open_plan = e.cin_plans.iter().any(|p| p.start.is_some() && p.end.is_none());
        if open_cpp && open_plan {
            out.hit(&R4001, ep_field(i, "CINPlanDates"));
        }
    }
}

fn rule_4003(c: &Ctx, out: &mut Out) {
    for (i, j, plan) in all_cin_plans(c.child) {
        let (Some(ps), Some(pe)) = (d(&plan.start), d(&plan.end)) else { continue };
        let clash = all_cp_plans(c.child).any(|(_, _, cpp)| {
            let Some(cpp_end) = d(&cpp.end) else { return false };
            cpp.reviews.iter().filter_map(DateField::get).any(|r| r >= ps && r < pe && r != cpp_end)
        });
        if clash {
            out.hit(&R4003, grp(i, "CINPlanDates", j, "CINPlanStartDate"));
        }
    }
}

fn rule_4004(c: &Ctx, out: &mut Out) {
    let open: Vec<(usize, usize)> = all_cin_plans(c.child).filter(|(_, _, p)| p.end.is_none()).map(|(i, j, _)| (i, j)).collect();
    if open.len() > 1 {
        for (i, j) in open {
            out.hit(&R4004, grp(i, "CINPlanDates", j, "CINPlanEndDate"));
        }
    }
}

fn rule_4008(c: &Ctx, out: &mut Out) {
    let Some(death) = d(&c.child.ids.death_date) else { return };
    for (i, j, p) in all_cin_plans(c.child) {
        if d(&p.start).is_some_and(|s| s > death) {
            out.hit(&R4008, grp(i, "CINPlanDates", j, "CINPlanStartDate"));
        }
    }
}

fn rule_4009q(c: &Ctx, out: &mut Out) {
    let Some(death) = d(&c.child.ids.death_date) else { return };
    for (i, j, p) in all_cin_plans(c.child) {
        if d(&p.end).is_some_and(|s| s > death) {
            out.hit(&R4009Q, grp(i, "CINPlanDates", j, "CINPlanEndDate"));
        }
    }
}

fn rule_4010(c: &Ctx, out: &mut Out) {
    for (i, j, p) in all_cin_plans(c.child) {
        let bad = match (d(&p.start), c.period) {
            (None, _) => true,
            (Some(s), Some(per)) => s > per.reference,
            (Some(_), None) => false,
        };
        if bad {
            out.hit(&R4010, grp(i, "CINPlanDates", j, "CINPlanStartDate"));
        }
    }
}

fn rule_4011(c: &Ctx, out: &mut Out) {
    for (i, j, p) in all_cin_plans(c.child) {
        if before(&p.end, &p.start) {
            out.hit(&R4011, grp(i, "CINPlanDates", j, "CINPlanEndDate"));
        }
    }
}

fn rule_4012q(c: &Ctx, out: &mut Out) {
    for (i, j, p) in all_cin_plans(c.child) {
        if p.start.is_some() && p.start.get() == p.end.get() {
            out.hit(&R4012Q, grp(i, "CINPlanDates", j, "CINPlanEndDate"));
        }
    }
}

fn rule_4013(c: &Ctx, out: &mut Out) {
    let Some(per) = c.period else { return };
    for (i, j, p) in all_cin_plans(c.child) {
        if outside(per, &p.end) {
            out.hit(&R4013, grp(i, "CINPlanDates", j, "CINPlanEndDate"));
        }
    }
}

fn rule_4014(c: &Ctx, out: &mut Out) {
    let reference = c.period.map(|p| p.reference);
    let plans: Vec<(usize, usize, &super::model::CinPlan)> = all_cin_plans(c.child).collect();
    for (n, &(i, j, a)) in plans.iter().enumerate() {
        let Some(sa) = d(&a.start) else { continue };
        let clash = plans.iter().enumerate().any(|(m, &(_, _, b))| {
            let Some(sb) = d(&b.start) else { return false };
            if m == n || sa < sb {
                return false;
            }
            match d(&b.end) {
                Some(eb) => sa <= eb,
                None => reference.is_some_and(|r| sa <= r),
            }
        });
        if clash {
            out.hit(&R4014, grp(i, "CINPlanDates", j, "CINPlanStartDate"));
        }
    }
}

fn rule_4015(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, p) in e.cin_plans.iter().enumerate() {
            if before(&p.start, &e.referral_date) {
                out.hit(&R4015, grp(i, "CINPlanDates", j, "CINPlanStartDate"));
            }
        }
    }
}

/// `x` falls in `[start, end)`, or on/after `start` up to the reference
/// date when there is no end.
fn inside_open_span(x: NaiveDate, start: &DateField, end: &DateField, reference: Option<NaiveDate>) -> bool {
    let Some(s) = d(start) else { return false };
    if x < s {
        return false;
    }
    match d(end) {
        Some(e) => x < e,
        None => reference.is_some_and(|r| x <= r),
    }
}

fn rule_4016(c: &Ctx, out: &mut Out) {
    let reference = c.period.map(|p| p.reference);
    for (i, j, plan) in all_cin_plans(c.child) {
        let Some(ps) = d(&plan.start) else { continue };
        if all_cp_plans(c.child).any(|(_, _, cpp)| inside_open_span(ps, &cpp.start, &cpp.end, reference)) {
            out.hit(&R4016, grp(i, "CINPlanDates", j, "CINPlanStartDate"));
        }
    }
}

fn rule_4017(c: &Ctx, out: &mut Out) {
    let reference = c.period.map(|p| p.reference);
    for (i, j, cpp) in all_cp_plans(c.child) {
        let Some(cs) = d(&cpp.start) else { continue };
        if all_cin_plans(c.child).any(|(_, _, plan)| inside_open_span(cs, &plan.start, &plan.end, reference)) {
            out.hit(&R4017, grp(i, "ChildProtectionPlans", j, "CPPstartDate"));
        }
    }
}

// ---------------------------------------------------------------------------
// Child protection plans

fn rule_1105(c: &Ctx, out: &mut Out) {
    for (i, e) in c.child.episodes.iter().enumerate() {
        for (j, p) in e.cp_plans.iter().enumerate() {
            if before(&p.start, &e.referral_date) {
                out.hit(&R1105, grp(i, "ChildProtectionPlans", j, "CPPstartDate"));
            }
        }
    }
}

fn rule_2885(c: &Ctx, out: &mut Out) {
    let Some(per) = c.period else { return };
    for (i, e) in c.child.episodes.iter().enumerate() {
        // Section 47s that may have led to a conference.
        let mut conferences = e.section47s.iter().filter(|s| !is_true(s.not_required())).peekable();
        let has_s47 = conferences.peek().is_some();
        let s47_dates: Vec<Option<NaiveDate>> = conferences.map(|s| s.icpc.get()).collect();
        for (j, p) in e.cp_plans.iter().enumerate() {
            let Some(start) = d(&p.start) else { continue };
            if !per.contains(start) {
                continue;
            }
            let matched = if has_s47 { s47_dates.contains(&Some(start)) } else { e.initial_cpc.get() == Some(start) };
            if !matched {
                out.hit(&R2885, grp(i, "ChildProtectionPlans", j, "CPPstartDate"));
            }
        }
    }
}

fn rule_8720(c: &Ctx, out: &mut Out) {
    for (i, j, p) in all_cp_plans(c.child) {
        let bad = match (d(&p.start), c.period) {
            (None, _) => true,
            (Some(s), Some(per)) => s > per.reference,
            (Some(_), None) => false,
        };
        if bad {
            out.hit(&R8720, grp(i, "ChildProtectionPlans", j, "CPPstartDate"));
        }
    }
}

fn rule_8730(c: &Ctx, out: &mut Out) {
    for (i, j, p) in all_cp_plans(c.child) {
        let ok = p.previous_plans.as_deref().is_some_and(|v| v.trim().parse::<i64>().is_ok_and(|n| n >= 0));
        if !ok {
            out.hit(&R8730, grp(i, "ChildProtectionPlans", j, "NumberOfPreviousCPP"));
        }
    }
}

fn rule_8840(c: &Ctx, out: &mut Out) {
    for (i, j, p) in all_cp_plans(c.child) {
        if p.start.is_some() && p.start.get() == p.end.get() {
            out.hit(&R8840, grp(i, "ChildProtectionPlans", j, "CPPendDate"));
        }
    }
}

fn rule_8841(c: &Ctx, out: &mut Out) {
    for (i, j, p) in all_cp_plans(c.child) {
        let Some(start) = d(&p.start) else { continue };
        if p.reviews.iter().filter_map(DateField::get).any(|r| r <= start) {
            out.hit(&R8841, grp(i, "ChildProtectionPlans", j, "Reviews/CPPreviewDate"));
        }
    }
}

fn rule_8842q(c: &Ctx, out: &mut Out) {
    for (i, j, p) in all_cp_plans(c.child) {
        if p.reviews.iter().any(DateField::is_none) {
            out.hit(&R8842Q, grp(i, "ChildProtectionPlans", j, "Reviews/CPPreviewDate"));
        }
    }
}

fn rule_8905(c: &Ctx, out: &mut Out) {
    for (i, j, p) in all_cp_plans(c.child) {
        if !p.initial_category.as_deref().is_some_and(|x| is_one_of(codes::ABUSE_CATEGORIES, x)) {
            out.hit(&R8905, grp(i, "ChildProtectionPlans", j, "InitialCategoryOfAbuse"));
        }
    }
}

fn rule_8910(c: &Ctx, out: &mut Out) {
    for (i, j, p) in all_cp_plans(c.child) {
        if !p.latest_category.as_deref().is_some_and(|x| is_one_of(codes::ABUSE_CATEGORIES, x)) {
            out.hit(&R8910, grp(i, "ChildProtectionPlans", j, "LatestCategoryOfAbuse"));
        }
    }
}

fn rule_8915(c: &Ctx, out: &mut Out) {
    let Some(death) = d(&c.child.ids.death_date) else { return };
    for (i, j, p) in all_cp_plans(c.child) {
        if d(&p.start).is_some_and(|s| s > death) {
            out.hit(&R8915, grp(i, "ChildProtectionPlans", j, "CPPstartDate"));
        }
    }
}

fn rule_8920(c: &Ctx, out: &mut Out) {
    let Some(death) = d(&c.child.ids.death_date) else { return };
    for (i, j, p) in all_cp_plans(c.child) {
        if d(&p.end).is_some_and(|s| s > death) {
            out.hit(&R8920, grp(i, "ChildProtectionPlans", j, "CPPendDate"));
        }
    }
}

fn rule_8925(c: &Ctx, out: &mut Out) {
    for (i, j, p) in all_cp_plans(c.child) {
        if before(&p.end, &p.start) {
            out.hit(&R8925, grp(i, "ChildProtectionPlans", j, "CPPendDate"));
        }
    }
}

fn rule_8930(c: &Ctx, out: &mut Out) {
    let Some(per) = c.period else { return };
    for (i, j, p) in all_cp_plans(c.child) {
        if outside(per, &p.end) {
            out.hit(&R8930, grp(i, "ChildProtectionPlans", j, "CPPendDate"));
        }
    }
}

fn rule_8935(c: &Ctx, out: &mut Out) {
    let open: Vec<(usize, usize)> = all_cp_plans(c.child).filter(|(_, _, p)| p.end.is_none()).map(|(i, j, _)| (i, j)).collect();
    if open.len() > 1 {
        for (i, j) in open {
            out.hit(&R8935, grp(i, "ChildProtectionPlans", j, "CPPendDate"));
        }
    }
}

fn rule_8940(c: &Ctx, out: &mut Out) {
    let reference = c.period.map(|p| p.reference);
    let plans: Vec<(usize, usize, &CpPlan)> = all_cp_plans(c.child).collect();
    for (n, &(i, j, a)) in plans.iter().enumerate() {
        let Some(sa) = d(&a.start) else { continue };
        let clash = plans.iter().enumerate().any(|(m, &(_, _, b))| {
            let Some(sb) = d(&b.start) else { return false };
            if m == n || sa < sb {
                return false;
            }
            match d(&b.end) {
                Some(eb) => sa <= eb,
                None => reference.is_some_and(|r| sa <= r),
            }
        });
        if clash {
            out.hit(&R8940, grp(i, "ChildProtectionPlans", j, "CPPstartDate"));
        }
    }
}

// ---------------------------------------------------------------------------
// Registry

/// All child-level rules, in code order.
pub(crate) const CHILD_RULES: &[ChildRule] = &[
    ChildRule { info: &R1103, info_pre2024: None, years: Years::All, check: rule_1103 },
    ChildRule { info: &R1104, info_pre2024: None, years: Years::All, check: rule_1104 },
    ChildRule { info: &R1105, info_pre2024: None, years: Years::All, check: rule_1105 },
    ChildRule { info: &R1510, info_pre2024: None, years: Years::All, check: rule_1510 },
    ChildRule { info: &R1530, info_pre2024: None, years: Years::All, check: rule_1530 },
    ChildRule { info: &R1540, info_pre2024: None, years: Years::All, check: rule_1540 },
    ChildRule { info: &R1550, info_pre2024: None, years: Years::All, check: rule_1550 },
    ChildRule { info: &R1560Q, info_pre2024: None, years: Years::All, check: rule_1560q },
    ChildRule { info: &R1570, info_pre2024: None, years: Years::From2024, check: rule_1570 },
    ChildRule { info: &R1580, info_pre2024: None, years: Years::From2024, check: rule_1580 },
    ChildRule { info: &R2884, info_pre2024: None, years: Years::All, check: rule_2884 },
    ChildRule { info: &R2885, info_pre2024: None, years: Years::All, check: rule_2885 },
    ChildRule { info: &R2889, info_pre2024: None, years: Years::All, check: rule_2889 },
    ChildRule { info: &R2990, info_pre2024: None, years: Years::All, check: rule_2990 },
    ChildRule { info: &R2991Q, info_pre2024: None, years: Years::All, check: rule_2991q },
    ChildRule { info: &R4000, info_pre2024: None, years: Years::All, check: rule_4000 },
    ChildRule { info: &R4001, info_pre2024: None, years: Years::All, check: rule_4001 },
    ChildRule { info: &R4003, info_pre2024: None, years: Years::All, check: rule_4003 },
    ChildRule { info: &R4004, info_pre2024: None, years: Years::All, check: rule_4004 },
    ChildRule { info: &R4008, info_pre2024: None, years: Years::All, check: rule_4008 },
    ChildRule { info: &R4009Q, info_pre2024: None, years: Years::All, check: rule_4009q },
    ChildRule { info: &R4010, info_pre2024: None, years: Years::All, check: rule_4010 },
    ChildRule { info: &R4011, info_pre2024: None, years: Years::All, check: rule_4011 },
    ChildRule { info: &R4012Q, info_pre2024: None, years: Years::All, check: rule_4012q },
    ChildRule { info: &R4013, info_pre2024: None, years: Years::All, check: rule_4013 },
    ChildRule { info: &R4014, info_pre2024: None, years: Years::All, check: rule_4014 },
    ChildRule { info: &R4015, info_pre2024: None, years: Years::All, check: rule_4015 },
    ChildRule { info: &R4016, info_pre2024: None, years: Years::All, check: rule_4016 },
    ChildRule { info: &R4017, info_pre2024: None, years: Years::All, check: rule_4017 },
    ChildRule { info: &R4180, info_pre2024: Some(&R4180_PRE2024), years: Years::All, check: rule_4180 },
    ChildRule { info: &R4220, info_pre2024: None, years: Years::All, check: rule_4220 },
    ChildRule { info: &R8500, info_pre2024: None, years: Years::All, check: rule_8500 },
    ChildRule { info: &R8520, info_pre2024: None, years: Years::All, check: rule_8520 },
    ChildRule { info: &R8525Q, info_pre2024: None, years: Years::All, check: rule_8525q },
    ChildRule { info: &R8530Q, info_pre2024: None, years: Years::All, check: rule_8530q },
    ChildRule { info: &R8535Q, info_pre2024: None, years: Years::All, check: rule_8535q },
    ChildRule { info: &R8540, info_pre2024: None, years: Years::All, check: rule_8540 },
    ChildRule { info: &R8545Q, info_pre2024: None, years: Years::All, check: rule_8545q },
    ChildRule { info: &R8555Q, info_pre2024: None, years: Years::All, check: rule_8555q },
    ChildRule { info: &R8565, info_pre2024: None, years: Years::All, check: rule_8565 },
    ChildRule { info: &R8568, info_pre2024: None, years: Years::All, check: rule_8568 },
    ChildRule { info: &R8569Q, info_pre2024: None, years: Years::All, check: rule_8569q },
    ChildRule { info: &R8585Q, info_pre2024: None, years: Years::All, check: rule_8585q },
    ChildRule { info: &R8590, info_pre2024: None, years: Years::All, check: rule_8590 },
    ChildRule { info: &R8600, info_pre2024: None, years: Years::All, check: rule_8600 },
    ChildRule { info: &R8606, info_pre2024: None, years: Years::All, check: rule_8606 },
    ChildRule { info: &R8608, info_pre2024: None, years: Years::All, check: rule_8608 },
    ChildRule { info: &R8610, info_pre2024: None, years: Years::All, check: rule_8610 },
    ChildRule { info: &R8614, info_pre2024: None, years: Years::All, check: rule_8614 },
    ChildRule { info: &R8615, info_pre2024: None, years: Years::All, check: rule_8615 },
    ChildRule { info: &R8620, info_pre2024: None, years: Years::All, check: rule_8620 },
    ChildRule { info: &R8630, info_pre2024: None, years: Years::All, check: rule_8630 },
    ChildRule { info: &R8640, info_pre2024: None, years: Years::All, check: rule_8640 },
    ChildRule { info: &R8650, info_pre2024: None, years: Years::All, check: rule_8650 },
    ChildRule { info: &R8670Q, info_pre2024: None, years: Years::All, check: rule_8670q },
    ChildRule { info: &R8675Q, info_pre2024: None, years: Years::All, check: rule_8675q },
    ChildRule { info: &R8696, info_pre2024: None, years: Years::All, check: rule_8696 },
    ChildRule { info: &R8715, info_pre2024: None, years: Years::All, check: rule_8715 },
    ChildRule { info: &R8720, info_pre2024: None, years: Years::All, check: rule_8720 },
    ChildRule { info: &R8730, info_pre2024: None, years: Years::All, check: rule_8730 },
    ChildRule { info: &R8736, info_pre2024: None, years: Years::All, check: rule_8736 },
    ChildRule { info: &R8740, info_pre2024: None, years: Years::All, check: rule_8740 },
    ChildRule { info: &R8750, info_pre2024: Some(&R8750_PRE2024), years: Years::All, check: rule_8750 },
    ChildRule { info: &R8770Q, info_pre2024: Some(&R8770Q_PRE2024), years: Years::All, check: rule_8770q },
    ChildRule { info: &R8772, info_pre2024: None, years: Years::All, check: rule_8772 },
    ChildRule { info: &R8775Q, info_pre2024: None, years: Years::All, check: rule_8775q },
    ChildRule { info: &R8790, info_pre2024: None, years: Years::All, check: rule_8790 },
    ChildRule { info: &R8794, info_pre2024: None, years: Years::All, check: rule_8794 },
    ChildRule { info: &R8805, info_pre2024: None, years: Years::All, check: rule_8805 },
    ChildRule { info: &R8810, info_pre2024: None, years: Years::All, check: rule_8810 },
    ChildRule { info: &R8815, info_pre2024: None, years: Years::All, check: rule_8815 },
    ChildRule { info: &R8816, info_pre2024: None, years: Years::All, check: rule_8816 },
    ChildRule { info: &R8820, info_pre2024: None, years: Years::All, check: rule_8820 },
    ChildRule { info: &R8825Q, info_pre2024: None, years: Years::All, check: rule_8825q },
    ChildRule { info: &R8831, info_pre2024: None, years: Years::All, check: rule_8831 },
    ChildRule { info: &R8832, info_pre2024: None, years: Years::All, check: rule_8832 },
    ChildRule { info: &R8839, info_pre2024: None, years: Years::All, check: rule_8839 },
    ChildRule { info: &R8840, info_pre2024: None, years: Years::All, check: rule_8840 },
    ChildRule { info: &R8841, info_pre2024: None, years: Years::All, check: rule_8841 },
    ChildRule { info: &R8842Q, info_pre2024: None, years: Years::All, check: rule_8842q },
    ChildRule { info: &R8863Q, info_pre2024: None, years: Years::All, check: rule_8863q },
    ChildRule { info: &R8866, info_pre2024: None, years: Years::All, check: rule_8866 },
    ChildRule { info: &R8867, info_pre2024: None, years: Years::All, check: rule_8867 },
    ChildRule { info: &R8868, info_pre2024: None, years: Years::All, check: rule_8868 },
    ChildRule { info: &R8869, info_pre2024: None, years: Years::All, check: rule_8869 },
    ChildRule { info: &R8870Q, info_pre2024: None, years: Years::All, check: rule_8870q },
    ChildRule { info: &R8873Q, info_pre2024: None, years: Years::All, check: rule_8873q },
    ChildRule { info: &R8875, info_pre2024: None, years: Years::All, check: rule_8875 },
    ChildRule { info: &R8890, info_pre2024: None, years: Years::All, check: rule_8890 },
    ChildRule { info: &R8896, info_pre2024: None, years: Years::All, check: rule_8896 },
    ChildRule { info: &R8897Q, info_pre2024: None, years: Years::All, check: rule_8897q },
    ChildRule { info: &R8898, info_pre2024: None, years: Years::All, check: rule_8898 },
    ChildRule { info: &R8905, info_pre2024: None, years: Years::All, check: rule_8905 },
    ChildRule { info: &R8910, info_pre2024: None, years: Years::All, check: rule_8910 },
    ChildRule { info: &R8915, info_pre2024: None, years: Years::All, check: rule_8915 },
    ChildRule { info: &R8920, info_pre2024: None, years: Years::All, check: rule_8920 },
    ChildRule { info: &R8925, info_pre2024: None, years: Years::All, check: rule_8925 },
    ChildRule { info: &R8930, info_pre2024: None, years: Years::All, check: rule_8930 },
    ChildRule { info: &R8935, info_pre2024: None, years: Years::All, check: rule_8935 },
    ChildRule { info: &R8940, info_pre2024: None, years: Years::All, check: rule_8940 },
    ChildRule { info: &R8945Q, info_pre2024: None, years: Years::From2024, check: rule_8945q },
    ChildRule { info: &R8950Q, info_pre2024: None, years: Years::From2024, check: rule_8950q },
];

/// Runs every child-level rule of `year` on one child.
pub(crate) fn check_child(child: &Child, period: Option<&Period>, year: RulesYear, issues: &mut Vec<Issue>) {
    let ctx = Ctx { child, period, year };
    let mut out = Out { issues, child_id: child.ids.la_child_id.as_deref(), index: child.index };
    for rule in CHILD_RULES {
        if rule.applies(year) {
            (rule.check)(&ctx, &mut out);
        }
    }
}
