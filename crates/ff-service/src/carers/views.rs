//! What the fostering pages show: a household, its steps and terms, the list and its counts, and
//! the allowances due.

use super::*;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarerTermsView {
    pub from: NaiveDate,
    pub age_from: u32,
    pub age_to: u32,
    pub places: u32,
    pub siblings_together: bool,
    pub exemption_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarerStepView {
    pub step: String,
    pub step_label: String,
    pub on: NaiveDate,
    pub details: Option<String>,
}

/// What the council pays a week for a child in an age band today.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarerAllowanceView {
    pub band: String,
    pub band_label: String,
    /// What the council pays: its own rate, or else the national minimum.
    pub weekly_pence: Option<u32>,
    pub national_minimum_pence: Option<u32>,
    /// Whether the band is within the household's approved ages.
    pub within_terms: bool,
}

/// A fostering household as its page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarerView {
    pub id: Uuid,
    pub name: String,
    pub kind: String,
    pub kind_label: String,
    /// Family or friends of a child: kinship foster care (903 U1 to U3).
    pub connected_person: bool,
    pub postcode_area: Option<String>,
    pub takes_siblings: bool,
    pub takes_teenagers: bool,
    pub takes_uasc: bool,
    pub takes_parent_and_child: bool,
    pub stage: String,
    pub stage_label: String,
    pub stage_on: NaiveDate,
    pub enquiry_on: NaiveDate,
    pub last_step_on: NaiveDate,
    /// Still being recruited (neither approved nor closed).
    pub in_recruitment: bool,
    /// The next stage of recruitment, if it has one before approval.
    pub next_stage: Option<String>,
    pub next_stage_label: Option<String>,
    pub closed_reason: Option<String>,
    /// A connected person's temporary approval, while being assessed (CR-4).
    pub temporary_from: Option<NaiveDate>,
    pub temporary_until: Option<NaiveDate>,
    pub approved_on: Option<NaiveDate>,
    pub terms: Option<CarerTermsView>,
    /// Places not taken by the children placed with the household now.
    pub vacancies: Option<u32>,
    /// The children placed with the household now, longest there first (CR-6).
    pub children: Vec<LivingHereView>,
    pub last_review_on: Option<NaiveDate>,
    pub review_due: Option<NaiveDate>,
    pub review_overdue: bool,
    pub steps: Vec<CarerStepView>,
    /// The weekly allowance for a child in each age band, at today's rates.
    pub allowances: Vec<CarerAllowanceView>,
    pub version: i32,
}

/// A child placed with a household now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LivingHereView {
    pub child_id: Uuid,
    pub name: String,
    pub age: Option<u32>,
    /// The day the child came to live with the household.
    pub since: NaiveDate,
}

/// One household in the council's list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarerSummary {
    pub id: Uuid,
    pub name: String,
    pub kind_label: String,
    pub connected_person: bool,
    pub stage: String,
    pub stage_label: String,
    pub stage_on: NaiveDate,
    pub places: Option<u32>,
    pub vacancies: Option<u32>,
    pub review_due: Option<NaiveDate>,
    pub review_overdue: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarerStageCount {
    pub stage: String,
    pub stage_label: String,
    pub count: i64,
}

/// A page of the council's households.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarerList {
    pub stage: Option<String>,
    pub page: u32,
    pub has_more: bool,
    pub carers: Vec<CarerSummary>,
    /// How many households are at each stage (all pages).
    pub counts: Vec<CarerStageCount>,
    /// Approved places and vacancies across the council.
    pub approved_places: i64,
    pub vacancies: i64,
}

/// Weekly rates from a date, in pence per age band.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarerRates {
    pub from: NaiveDate,
    pub age_0_2_pence: u32,
    pub age_3_4_pence: u32,
    pub age_5_10_pence: u32,
    pub age_11_15_pence: u32,
    pub age_16_17_pence: u32,
}

impl From<&AllowanceRates> for CarerRates {
    fn from(r: &AllowanceRates) -> Self {
        CarerRates {
            from: r.from,
            age_0_2_pence: r.age_0_2_pence,
            age_3_4_pence: r.age_3_4_pence,
            age_5_10_pence: r.age_5_10_pence,
            age_11_15_pence: r.age_11_15_pence,
            age_16_17_pence: r.age_16_17_pence,
        }
    }
}

/// The allowances: today's in each age band, and every dated set of rates.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarerAllowancesView {
    pub today: Vec<CarerAllowanceView>,
    pub national_minimum: Vec<CarerRates>,
    pub council_rates: Vec<CarerRates>,
    /// Whose national minimum applies: rest_of_england, south_east or london.
    pub area: String,
    pub area_label: String,
    /// The council settings' version (send it back to add rates).
    pub version: i32,
}

pub(super) fn u(v: Option<i32>) -> Option<u32> {
    v.and_then(|v| u32::try_from(v).ok())
}

pub(super) fn terms_of(c: &CarerRow) -> Option<CarerTermsView> {
    Some(CarerTermsView {
        from: c.terms_from?,
        age_from: u(c.age_from)?,
        age_to: u(c.age_to)?,
        places: u(c.places)?,
        siblings_together: c.siblings_together,
        exemption_reason: c.exemption_reason.clone(),
    })
}

pub(super) fn approved(c: &CarerRow) -> bool {
    c.stage == CarerStage::Approved
}

/// The review due while approved (CR-5).
pub(super) fn due_of(c: &CarerRow) -> Option<NaiveDate> {
    if !approved(c) {
        return None;
    }
    c.approved_on.map(|a| review_due(a, c.last_review_on))
}

/// What a step is called on the household's page.
pub fn step_label(step: &str) -> String {
    match step {
        "temporary_approval" => "Approved temporarily as a connected person (regulation 24)".into(),
        "temporary_extension" => "Temporary approval extended".into(),
        "terms_changed" => "Terms of approval changed".into(),
        "reviewed" => "Approval reviewed".into(),
        other => CarerStage::from_code(other).map(|s| s.label().to_owned()).unwrap_or_else(|| other.to_owned()),
    }
}

pub(super) fn terms_text(t: &ApprovalTerms) -> String {
    let children = if t.places == 1 { "1 child".to_owned() } else { format!("{} children", t.places) };
    let siblings = if t.siblings_together { ", brothers and sisters together" } else { "" };
    format!("Ages {} to {}, {children}{siblings}", t.age_from, t.age_to)
}

pub(super) fn allowances_for(
    s: &ff_domain::carers::CarerSettings,
    terms: Option<&CarerTermsView>,
    today: NaiveDate,
) -> Vec<CarerAllowanceView> {
    AgeBand::ALL
        .iter()
        .map(|b| {
            let (lo, hi) = b.ages();
            CarerAllowanceView {
                band: b.code().into(),
                band_label: b.label().into(),
                weekly_pence: s.weekly_on(*b, today),
                national_minimum_pence: rates_on(&s.national_minimum, today).map(|r| r.weekly(*b)),
                within_terms: terms.is_none_or(|t| lo <= t.age_to && hi >= t.age_from),
            }
        })
        .collect()
}

pub(super) fn summary(c: &CarerRow, today: NaiveDate, placed: u32) -> CarerSummary {
    let places = if approved(c) { u(c.places) } else { None };
    let due = due_of(c);
    CarerSummary {
        id: c.id,
        name: c.name.clone(),
        kind_label: c.kind.label().into(),
        connected_person: c.kind == CarerKind::ConnectedPerson,
        stage: c.stage.code().into(),
        stage_label: c.stage.label().into(),
        stage_on: c.stage_on,
        places,
        vacancies: places.map(|p| p.saturating_sub(placed)),
        review_due: due,
        review_overdue: due.is_some_and(|d| d < today),
    }
}
