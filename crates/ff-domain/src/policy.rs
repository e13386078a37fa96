//! The one place where access is decided. Deny by default: an action is allowed only when a line
//! below says so. Record-level checks (same LA, and later: the case team a partner works in) are
//! made here too, from facts the service layer loads and passes in.
//!
//! The web crate's access-matrix test exercises every route with every role against an expected
//! table written independently of this module.

use serde::Serialize;
use uuid::Uuid;

use crate::LaCode;
use crate::roles::{Agency, PractitionerProfile, Role};

/// Who is acting. Built by the web layer from a session or an API token.
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub user_id: Uuid,
    pub la_code: LaCode,
    pub role: Role,
    pub agency: Agency,
    pub display_name: String,
    pub profile: PractitionerProfile,
}

/// Everything a user can ask the system to do (grows with each issue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    SearchPeople,
    ViewPerson,
    CreatePerson,
    EditPerson,
    MergePeople,
    ViewSettings,
    EditSettings,
    ViewUsers,
    ManageUsers,
    ViewCalendar,
    ManageCalendar,
    VerifyAudit,
    /// Record a contact at the front door.
    RecordContact,
    /// Decide what happens to a contact (T1).
    DecideContact,
    /// Assessments, plans, reviews, visits, level changes and closure on an episode.
    WorkOnCase,
    /// Allocate or re-allocate the lead practitioner and overseer.
    AllocateCase,
    /// Authorise a completed assessment (a social-work-qualified manager, R-AS).
    AuthoriseAssessment,
    /// Record oversight or supervision of a case (R-FH-1).
    RecordOversight,
    /// See work trays (own, and a manager's team).
    ViewWorkTray,
    /// Record a strategy discussion and start a s.47 enquiry (R-SD-1, R-S47-1).
    RecordStrategyDiscussion,
    /// Record the outcome of a s.47 enquiry.
    ConcludeEnquiry,
    /// Designate a practitioner as a lead child protection practitioner.
    DesignateLcpp,
    /// Record a child protection conference (R-CP, R-CH).
    RecordConference,
    /// Work on a child protection plan: outcomes and actions, core groups, ending it.
    WorkOnChildProtection,
    /// Add a note to a child's multi-agency chronology, or answer a request for information.
    ContributeToCase,
    /// Ask another agency for information about a child (R-S47-2).
    RequestInformation,
    /// Set up multi-agency child protection teams, their members and the cases they work.
    ManageTeams,
    /// See conferences due, reviews due and every LCPP's load.
    ViewChildProtectionOverview,
    /// See the cases one's own multi-agency team works.
    ViewTeamCases,
    /// See the performance dashboard and statutory returns (aggregates, no names).
    ViewPerformance,
    /// Map a child's family network, run family group decision making, record kinship care.
    WorkOnFamilyNetwork,
    /// Pre-proceedings under the Public Law Outline: gateway, letter, meetings, application.
    ManagePreProceedings,
    /// Record a child becoming looked after, changes of legal status and placement, and leaving
    /// care (R-LAC-1).
    WorkOnCare,
    /// Record a looked-after review (T24–T26), chaired by an independent reviewing officer.
    RecordCareReview,
    /// See every child in care in the council with their reviews and other care clocks due.
    ViewChildrenInCare,
    /// Ask for a family network support package for a child (§5.5, FNSP-1), or withdraw the request.
    RequestSupportPackage,
    /// Approve (within one's limit, FNSP-2) or decline a support package, or end an approved one.
    DecideSupportPackage,
    /// Record a payment made under an approved support package (FNSP-3).
    RecordSupportPayment,
    /// See a child's support packages, their items and payments.
    ViewSupportPackages,
    /// See the council's support package budget for a financial year (aggregates, no names).
    ViewSupportBudget,
    /// Pathway plans, personal adviser contacts, Staying Put and Staying Close, leaving-care
    /// payments (§4.7, T32-T35).
    WorkOnLeavingCare,
    /// See foster carers, their approvals and vacancies.
    ViewCarers,
    /// Record foster carers: the recruitment pipeline, approval with its terms, allowances.
    ManageCarers,
    /// See the workforce: workers, their experience and agency assignments (no child's record).
    ViewWorkforce,
    /// Record workers, their experience, agency assignments, sign-offs and the agency rules'
    /// settings (W-AG-1..6).
    ManageWorkforce,
    /// See the safeguarding partnership's serious incidents, rapid reviews and local reviews
    /// (MASA-SYS-2..4); a child's record only through a role on the case.
    ViewPartnership,
    /// Record serious incidents, the notification decision, agencies' summaries, the rapid
    /// review and the local review (MASA-RR-2..8).
    ManagePartnership,
    /// See the safeguarding partnership's agreed data set (MASA-P-2, MASA-SYS-*): figures by
    /// agency counted from the council's records, never a child.
    ViewPartnershipDataSet,
    /// Places and groups where children are at risk of harm outside the home: see them, record
    /// one, raise a concern about one. Linking a child is work on that child's record, and a
    /// place shows only the children the reader may see.
    WorkWithPlaces,
    /// See the register of homes and agencies (Ofsted URN, registration, places, latest
    /// inspection) and who the council has placed with each (RCC-SHARE-6).
    ViewProviders,
    /// Load Ofsted's published list into the provider register.
    ManageProviders,
    /// Load the national postcode directory (ONS NSPL) and see when it was last loaded: where
    /// each placement is and how far from home (decision 0019).
    LoadPostcodes,
    /// Make the pseudonymised extracts the council shares with its regional care co-operative
    /// (SH-1..SH-3), and download them as shared.
    ShareWithRegion,
    /// Make the pseudonymised workforce extract the council shares with its region (W-OUT-4,
    /// RCC-SHARE-4: workers by the region's keyed hash of their registration number), and
    /// download it as shared. No child is in it.
    ShareWorkforceWithRegion,
    /// Search for a home for a child: providers' answers, offers decided, searches ended
    /// (HS-1..HS-3); starting one is work on the child's care.
    WorkOnHomeSearch,
    /// Forecast the region's or council's children in care and what they will cost (RCC-2;
    /// FC-1..FC-6), from the council's records or 903 files a member council sends.
    Forecast,
    /// See whether the council has the homes its children in care need: where they live, how
    /// far from home, how stable, searches open and failed, and the council's own foster places
    /// (RCC-2, RCC-SHARE-7, RCC-SHARE-8). Counts only: no child is named.
    ViewSufficiency,
    /// Record the region the council keeps in this database and its member councils: how each
    /// takes part, when it joined and left (RCC-1; decision 0029).
    ManageRegion,
    /// See the region and its members (no child's record).
    ViewRegion,
    /// Work as the regional care co-operative: read what member councils share (their
    /// pseudonymised extracts, the 903 files a member not on Families First sends), take in those
    /// files, and see the region's sufficiency (RCC-2, RCC-SHARE-1..4). Never a child's record.
    WorkAsRegion,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::SearchPeople,
        Action::ViewPerson,
        Action::CreatePerson,
        Action::EditPerson,
        Action::MergePeople,
        Action::ViewSettings,
        Action::EditSettings,
        Action::ViewUsers,
        Action::ManageUsers,
        Action::ViewCalendar,
        Action::ManageCalendar,
        Action::VerifyAudit,
        Action::RecordContact,
        Action::DecideContact,
        Action::WorkOnCase,
        Action::AllocateCase,
        Action::AuthoriseAssessment,
        Action::RecordOversight,
        Action::ViewWorkTray,
        Action::RecordStrategyDiscussion,
        Action::ConcludeEnquiry,
        Action::DesignateLcpp,
        Action::RecordConference,
        Action::WorkOnChildProtection,
        Action::ContributeToCase,
        Action::RequestInformation,
        Action::ManageTeams,
        Action::ViewChildProtectionOverview,
        Action::ViewTeamCases,
        Action::ViewPerformance,
        Action::WorkOnFamilyNetwork,
        Action::ManagePreProceedings,
        Action::WorkOnCare,
        Action::RecordCareReview,
        Action::ViewChildrenInCare,
        Action::RequestSupportPackage,
        Action::DecideSupportPackage,
        Action::RecordSupportPayment,
        Action::ViewSupportPackages,
        Action::ViewSupportBudget,
        Action::WorkOnLeavingCare,
        Action::ViewCarers,
        Action::ManageCarers,
        Action::ViewWorkforce,
        Action::ManageWorkforce,
        Action::ViewPartnership,
        Action::ManagePartnership,
        Action::ViewPartnershipDataSet,
        Action::WorkWithPlaces,
        Action::ViewProviders,
        Action::ManageProviders,
        Action::LoadPostcodes,
        Action::ShareWithRegion,
        Action::ShareWorkforceWithRegion,
        Action::WorkOnHomeSearch,
        Action::Forecast,
        Action::ViewSufficiency,
        Action::ManageRegion,
        Action::ViewRegion,
        Action::WorkAsRegion,
    ];

    fn describe(self) -> &'static str {
        match self {
            Action::SearchPeople => "search the people register",
            Action::ViewPerson => "view a person's record",
            Action::CreatePerson => "add a person",
            Action::EditPerson => "change a person's record",
            Action::MergePeople => "merge duplicate records",
            Action::ViewSettings => "view the council's settings",
            Action::EditSettings => "change the council's settings",
            Action::ViewUsers => "view user accounts",
            Action::ManageUsers => "manage user accounts",
            Action::ViewCalendar => "view the working-day calendar",
            Action::ManageCalendar => "change the bank holiday list",
            Action::VerifyAudit => "verify the audit trail",
            Action::RecordContact => "record a contact",
            Action::DecideContact => "decide what happens to a contact",
            Action::WorkOnCase => "record work with a child and family",
            Action::AllocateCase => "allocate a lead practitioner",
            Action::AuthoriseAssessment => "authorise an assessment",
            Action::RecordOversight => "record case oversight",
            Action::ViewWorkTray => "see work trays",
            Action::RecordStrategyDiscussion => "record a strategy discussion",
            Action::ConcludeEnquiry => "record the outcome of a section 47 enquiry",
            Action::DesignateLcpp => "designate a lead child protection practitioner",
            Action::RecordConference => "record a child protection conference",
            Action::WorkOnChildProtection => "work on a child protection plan",
            Action::ContributeToCase => "add to a child's chronology",
            Action::RequestInformation => "ask another agency for information",
            Action::ManageTeams => "manage multi-agency child protection teams",
            Action::ViewChildProtectionOverview => "see conferences due and LCPP caseloads",
            Action::ViewTeamCases => "see a multi-agency team's cases",
            Action::ViewPerformance => "see performance figures and statutory returns",
            Action::WorkOnFamilyNetwork => "work with a child's family network",
            Action::ManagePreProceedings => "record pre-proceedings",
            Action::WorkOnCare => "record a child's care: legal status, placements, leaving care",
            Action::RecordCareReview => "record a looked-after review",
            Action::ViewChildrenInCare => "see the council's children in care and their reviews due",
            Action::RequestSupportPackage => "request a family network support package",
            Action::DecideSupportPackage => "approve or decline a family network support package",
            Action::RecordSupportPayment => "record a support package payment",
            Action::ViewSupportPackages => "see a child's family network support packages",
            Action::ViewSupportBudget => "see the family network support budget",
            Action::WorkOnLeavingCare => "record leaving care: pathway plans, personal adviser contacts, Staying Put and payments",
            Action::ViewCarers => "see foster carers and their approvals",
            Action::ManageCarers => "record foster carers: enquiries, assessments, approvals and allowances",
            Action::ViewWorkforce => "see the workforce and agency assignments",
            Action::ManageWorkforce => "record workers, their experience and agency assignments",
            Action::ViewPartnership => "see the safeguarding partnership's serious incidents and reviews",
            Action::ManagePartnership => "record serious incidents, notifications and reviews",
            Action::ViewPartnershipDataSet => "see the safeguarding partnership's data set",
            Action::WorkWithPlaces => "see places and groups where children are at risk outside the home, and raise concerns about them",
            Action::ViewProviders => "see the register of homes and agencies",
            Action::ManageProviders => "load Ofsted's list of providers into the register",
            Action::LoadPostcodes => "load the national postcode directory",
            Action::ShareWithRegion => "share pseudonymised extracts with the regional care co-operative",
            Action::ShareWorkforceWithRegion => "share the pseudonymised social work workforce extract with the region",
            Action::WorkOnHomeSearch => "search for a home for a child and record providers' answers",
            Action::Forecast => "forecast children in care and what their placements will cost",
            Action::ViewSufficiency => "see whether there are homes for the council's children in care",
            Action::ManageRegion => "record the region and its member councils",
            Action::ViewRegion => "see the region and its member councils",
            Action::WorkAsRegion => "work as the regional care co-operative on what member councils share",
        }
    }
}

/// A refusal that explains itself (product principle 4: which rule, why, what would allow it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct Denied {
    pub message: String,
}

use Role::*;

/// Which roles may perform an action at all (before any record-level check).
pub fn roles_allowed(action: Action) -> &'static [Role] {
    match action {
        // Case records: practitioners, managers, chairs and QA. Partner agencies get access only
        // to the children their multi-agency team works; analysts see aggregates only;
        // administrators run the system but do not read children's records (least privilege).
        // Personal advisers read the records of the young people they support (T33, T34).
        Action::SearchPeople | Action::ViewPerson => &[
            FamilyHelpPractitioner,
            SocialWorker,
            Lcpp,
            PracticeSupervisor,
            ConferenceChair,
            QaOfficer,
            IndependentReviewingOfficer,
            PersonalAdviser,
        ],
        Action::CreatePerson | Action::EditPerson => &[FamilyHelpPractitioner, SocialWorker, Lcpp, PracticeSupervisor],
        // Merging rewrites who is who: a manager's decision.
        Action::MergePeople => &[PracticeSupervisor],
        Action::ViewSettings | Action::ViewCalendar => Role::ALL,
        Action::EditSettings | Action::ViewUsers | Action::ManageUsers | Action::ManageCalendar | Action::VerifyAudit => &[LaAdmin],
        Action::RecordContact | Action::WorkOnCase => &[FamilyHelpPractitioner, SocialWorker, Lcpp, PracticeSupervisor],
        // A personal adviser's tray holds the pathway plans and contacts falling due (T32, T33).
        Action::ViewWorkTray => &[FamilyHelpPractitioner, SocialWorker, Lcpp, PracticeSupervisor, PersonalAdviser],
        // A decision on a contact is a social work decision (WT2023).
        Action::DecideContact => &[SocialWorker, Lcpp, PracticeSupervisor],
        // Allocation, authorisation and oversight are a manager's; the service also checks that the
        // manager is a registered social worker where R-FH-1 and R-AS-2 require it.
        Action::AllocateCase | Action::AuthoriseAssessment | Action::RecordOversight => &[PracticeSupervisor],
        // Child protection is social work (WT2023): never a non-social-worker's to lead or conclude.
        Action::RecordStrategyDiscussion | Action::ConcludeEnquiry => &[SocialWorker, Lcpp, PracticeSupervisor],
        Action::DesignateLcpp => &[LaAdmin],
        // Chairs record the conferences they chair; the case's social workers may too.
        Action::RecordConference => &[SocialWorker, Lcpp, PracticeSupervisor, ConferenceChair],
        Action::WorkOnChildProtection => &[SocialWorker, Lcpp, PracticeSupervisor],
        // Partner agencies contribute too, but only on their team's cases: see `authorise_on_child`.
        Action::ContributeToCase | Action::RequestInformation => &[FamilyHelpPractitioner, SocialWorker, Lcpp, PracticeSupervisor],
        Action::ManageTeams => &[PracticeSupervisor],
        Action::ViewChildProtectionOverview => &[Lcpp, PracticeSupervisor, ConferenceChair, QaOfficer],
        Action::ViewTeamCases => &[PartnerAgency, SocialWorker, Lcpp, PracticeSupervisor],
        // Aggregates for managers and analysts.
        Action::ViewPerformance => &[PracticeSupervisor, PerformanceAnalyst],
        Action::WorkOnFamilyNetwork => &[FamilyHelpPractitioner, SocialWorker, Lcpp, PracticeSupervisor],
        // Pre-proceedings is a social work and legal process (R-PLO-1).
        Action::ManagePreProceedings => &[SocialWorker, Lcpp, PracticeSupervisor],
        // A child in care has a social worker (CA 1989 s.22, R-LAC-2): care is social work.
        Action::WorkOnCare => &[SocialWorker, Lcpp, PracticeSupervisor],
        // The independent reviewing officer records the reviews they chair; the child's social
        // worker may record one for them (CA 1989 s.25A-B, LA-4 names the chair).
        Action::RecordCareReview => &[SocialWorker, Lcpp, PracticeSupervisor, IndependentReviewingOfficer],
        // The reviewing officers' list of reviews due, and managers' oversight of care clocks.
        Action::ViewChildrenInCare => &[PracticeSupervisor, IndependentReviewingOfficer],
        // Family network support packages (§5.5): requested by the case's practitioners; decided by
        // social workers, LCPPs and managers within their limits (FNSP-2, checked by the service);
        // payments are a manager's record. Partner agencies never see a family's finances.
        Action::RequestSupportPackage => &[FamilyHelpPractitioner, SocialWorker, Lcpp, PracticeSupervisor],
        Action::DecideSupportPackage => &[SocialWorker, Lcpp, PracticeSupervisor],
        Action::RecordSupportPayment => &[PracticeSupervisor],
        Action::ViewSupportPackages => {
            &[FamilyHelpPractitioner, SocialWorker, Lcpp, PracticeSupervisor, ConferenceChair, QaOfficer, IndependentReviewingOfficer]
        }
        Action::ViewSupportBudget => &[PracticeSupervisor, PerformanceAnalyst],
        // Leaving care (§4.7): the young person's social worker until 18, then the personal
        // adviser to 25 (T32-T35); managers oversee.
        Action::WorkOnLeavingCare => &[SocialWorker, Lcpp, PracticeSupervisor, PersonalAdviser],
        // Foster carers are the fostering team's (Fostering Services Regulations 2011); children's
        // social workers and reviewing officers see who a child could live with.
        Action::ViewCarers => &[SocialWorker, Lcpp, PracticeSupervisor, IndependentReviewingOfficer, FosteringOfficer],
        Action::ManageCarers => &[PracticeSupervisor, FosteringOfficer],
        // The workforce is HR's: workforce officers keep it and see no child's record;
        // team managers see their staff and the agency rules' verdicts.
        Action::ViewWorkforce => &[PracticeSupervisor, WorkforceOfficer],
        Action::ManageWorkforce => &[WorkforceOfficer],
        // The partnership's business unit keeps its records; delegated partners and the
        // independent scrutineer read them (MASA-P-3, MASA-P-7). Neither reads a child's record
        // through this role.
        Action::ViewPartnership => &[PartnershipManager, SafeguardingPartner],
        Action::ManagePartnership => &[PartnershipManager],
        // The data set is aggregates: the partnership reads it, and so do the council's managers
        // and analysts who answer for the figures (MASA-P-2).
        Action::ViewPartnershipDataSet => &[PartnershipManager, SafeguardingPartner, PracticeSupervisor, PerformanceAnalyst],
        // Harm outside the home is every agency's to see and report (police, schools, health
        // among them); who may see a linked child is decided child by child.
        Action::WorkWithPlaces => &[FamilyHelpPractitioner, SocialWorker, Lcpp, PracticeSupervisor, PartnerAgency],
        // The register is public data: whoever places children, reviews their care or plans
        // sufficiency reads it; the commissioner keeps it up to date (RCC-SHARE-6).
        Action::ViewProviders => {
            &[SocialWorker, Lcpp, PracticeSupervisor, IndependentReviewingOfficer, FosteringOfficer, Commissioner, PerformanceAnalyst]
        }
        Action::ManageProviders => &[Commissioner],
        // The postcode directory is reference data like the register, kept by the same
        // commissioner; everyone who reads a child's care sees what it says about the placement.
        Action::LoadPostcodes => &[Commissioner],
        // The council's analyst prepares what the region receives (RCC-SHARE-1); nothing that
        // names a child leaves (SH-1, SH-2).
        Action::ShareWithRegion => &[PerformanceAnalyst],
        Action::ShareWorkforceWithRegion => &[WorkforceOfficer, PerformanceAnalyst],
        // The child's social work searches with the placements commissioner, who approaches
        // providers and records their answers (RCC-SHARE-5).
        Action::WorkOnHomeSearch => &[SocialWorker, Lcpp, PracticeSupervisor, Commissioner],
        // Sufficiency planning: the placements commissioner and the council's analyst (RCC-2).
        // Forecasts hold counts and costs, never a child.
        Action::Forecast => &[Commissioner, PerformanceAnalyst],
        // The same sufficiency planning, and the managers who place children and answer for it.
        Action::ViewSufficiency => &[PracticeSupervisor, Commissioner, PerformanceAnalyst],
        // The region is recorded by the council's administrator, who runs the system for the
        // council keeping the region's database (there is no system-wide administrator role).
        Action::ManageRegion => &[LaAdmin],
        Action::ViewRegion => &[LaAdmin, RegionalAnalyst, RegionalCommissioner],
        // The co-operative's own staff: they see only what member councils share (RCC-SHARE-4),
        // and no council's records; the roles above list neither of them.
        Action::WorkAsRegion => &[RegionalAnalyst, RegionalCommissioner],
    }
}

/// What a partner agency's user may do on a child whose case their multi-agency child
/// protection team works: see the record and contribute to it. Nothing else.
pub const PARTNER_ON_TEAM_CASE: &[Action] = &[Action::ViewPerson, Action::ContributeToCase];

/// Decide an action on one child's record. Council staff are decided by role, as in
/// [`authorise`]; a partner agency's user (police, health, education) only when
/// `team_works_case` says a multi-agency team they belong to currently works this child's case.
pub fn authorise_on_child(actor: &Actor, action: Action, record_la: Option<&LaCode>, team_works_case: bool) -> Result<(), Denied> {
    if actor.role == PartnerAgency && PARTNER_ON_TEAM_CASE.contains(&action) {
        if let Some(la) = record_la
            && la != &actor.la_code
        {
            return Err(Denied { message: "This record belongs to another council.".to_owned() });
        }
        if team_works_case {
            return Ok(());
        }
        return Err(Denied {
            message: "Partner agencies see only the children whose cases their multi-agency child protection team works.".to_owned(),
        });
    }
    authorise(actor, action, record_la)
}

/// What a leaving care personal adviser may do on a young person they are allocated to (T33,
/// T34): see the record and record leaving care. On anyone else, nothing.
pub const ADVISER_ON_OWN: &[Action] = &[Action::ViewPerson, Action::WorkOnLeavingCare];

/// Decide an action on one young person's record for a personal adviser, who reaches only the
/// young people they support now (`supports`: an open allocation). Others are decided by role.
pub fn authorise_adviser(actor: &Actor, action: Action, supports: bool) -> Result<(), Denied> {
    if actor.role != PersonalAdviser {
        return authorise(actor, action, None);
    }
    if ADVISER_ON_OWN.contains(&action) && supports {
        return Ok(());
    }
    Err(Denied {
        message: "A personal adviser sees and records only for the young people allocated to them: ask their social worker or a manager to allocate you.".to_owned(),
    })
}

/// Decide whether `actor` may perform `action`; `record_la` is the LA that owns the record, when
/// there is one. Records of another council are refused whatever the role.
pub fn authorise(actor: &Actor, action: Action, record_la: Option<&LaCode>) -> Result<(), Denied> {
    if let Some(la) = record_la
        && la != &actor.la_code
    {
        return Err(Denied { message: "This record belongs to another council.".to_owned() });
    }
    if roles_allowed(action).contains(&actor.role) {
        return Ok(());
    }
    let allowed: Vec<&str> = roles_allowed(action).iter().map(|r| r.label()).collect();
    let role = actor.role.label().to_lowercase();
    let article = if role.starts_with(['a', 'e', 'i', 'o', 'u']) { "An" } else { "A" };
    Err(Denied {
        message: format!("{article} {role} cannot {}. This is open to: {}.", action.describe(), allowed.join(", ").to_lowercase()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, la: &str) -> Actor {
        Actor {
            user_id: Uuid::nil(),
            la_code: LaCode::parse(la).unwrap(),
            role,
            agency: Agency::LocalAuthority,
            display_name: "Test".into(),
            profile: PractitionerProfile::default(),
        }
    }

    #[test]
    fn deny_by_default_for_partners_and_analysts_on_records() {
        for role in [PartnerAgency, PerformanceAnalyst, LaAdmin] {
            assert!(authorise(&actor(role, "990"), Action::ViewPerson, None).is_err(), "{role:?}");
        }
    }

    #[test]
    fn partners_see_only_their_teams_cases() {
        let partner = actor(PartnerAgency, "990");
        assert!(authorise_on_child(&partner, Action::ViewPerson, None, true).is_ok());
        assert!(authorise_on_child(&partner, Action::ContributeToCase, None, true).is_ok());
        assert!(authorise_on_child(&partner, Action::ViewPerson, None, false).is_err());
        // Team membership never opens anything else.
        assert!(authorise_on_child(&partner, Action::EditPerson, None, true).is_err());
        assert!(authorise_on_child(&partner, Action::WorkOnChildProtection, None, true).is_err());
        let other = LaCode::parse("201").unwrap();
        assert!(authorise_on_child(&partner, Action::ViewPerson, Some(&other), true).is_err());
        // Council staff are unaffected by team membership.
        assert!(authorise_on_child(&actor(SocialWorker, "990"), Action::ViewPerson, None, false).is_ok());
        assert!(authorise_on_child(&actor(PerformanceAnalyst, "990"), Action::ViewPerson, None, true).is_err());
    }

    #[test]
    fn other_council_refused() {
        let la = LaCode::parse("201").unwrap();
        let e = authorise(&actor(SocialWorker, "990"), Action::ViewPerson, Some(&la)).unwrap_err();
        assert!(e.message.contains("another council"));
    }

    #[test]
    fn refusal_names_who_may() {
        let e = authorise(&actor(SocialWorker, "990"), Action::MergePeople, None).unwrap_err();
        assert!(e.message.contains("practice supervisor"), "{}", e.message);
    }

    #[test]
    fn support_packages_are_council_business() {
        let partner = actor(PartnerAgency, "990");
        for a in [Action::RequestSupportPackage, Action::DecideSupportPackage, Action::RecordSupportPayment, Action::ViewSupportPackages] {
            assert!(authorise_on_child(&partner, a, None, true).is_err(), "{a:?}");
        }
        assert!(authorise(&actor(FamilyHelpPractitioner, "990"), Action::RequestSupportPackage, None).is_ok());
        assert!(authorise(&actor(FamilyHelpPractitioner, "990"), Action::DecideSupportPackage, None).is_err());
        assert!(authorise(&actor(SocialWorker, "990"), Action::RecordSupportPayment, None).is_err());
        assert!(authorise(&actor(PerformanceAnalyst, "990"), Action::ViewSupportBudget, None).is_ok());
        assert!(authorise(&actor(PerformanceAnalyst, "990"), Action::ViewSupportPackages, None).is_err());
    }

    #[test]
    fn personal_advisers_reach_only_the_young_people_they_support() {
        let pa = actor(PersonalAdviser, "990");
        assert!(authorise_adviser(&pa, Action::ViewPerson, true).is_ok());
        assert!(authorise_adviser(&pa, Action::WorkOnLeavingCare, true).is_ok());
        assert!(authorise_adviser(&pa, Action::ViewPerson, false).is_err());
        assert!(authorise_adviser(&pa, Action::WorkOnCare, true).is_err(), "never more than leaving care");
        assert!(authorise_adviser(&actor(SocialWorker, "990"), Action::ViewPerson, false).is_ok(), "others by role");
    }

    #[test]
    fn regional_roles_reach_no_council_record() {
        for role in [RegionalAnalyst, RegionalCommissioner] {
            let allowed: Vec<Action> = Action::ALL.iter().copied().filter(|a| authorise(&actor(role, "990"), *a, None).is_ok()).collect();
            assert_eq!(allowed, [Action::ViewSettings, Action::ViewCalendar, Action::ViewRegion, Action::WorkAsRegion], "{role:?}");
        }
    }

    #[test]
    fn every_action_allows_someone() {
        for a in Action::ALL {
            assert!(!roles_allowed(*a).is_empty());
        }
    }
}
