//! Family network support packages (domain reference §5.5): bespoke practical
//! or financial support so that the family network can keep a child safely at home, or support a
//! move to kinship care or a return home. A request lists costed items; it is approved within the
//! approver's limit (FNSP-2) for an eligible child (FNSP-1); payments are recorded against it and
//! never exceed the approved total (FNSP-3); the council's yearly budget is tracked by financial
//! year (1 April to 31 March). Pure: dates and facts are parameters.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::codes::code_enum;
use crate::family_help::RuleRefusal;
use crate::family_networks::FamilyNetworkSettings;
use crate::roles::Role;

code_enum!(
    /// What a package pays for (§5.5; the list is not exhaustive, hence "other").
    ItemCategory {
        ChildNeeds => ("child_needs", "The child's immediate needs (for example uniform, a desk, a bus pass, a car seat)"),
        CarerEssentials => ("carer_essentials", "Things carers need (for example beds, bedroom furniture, appliances)"),
        HomeAdaptation => ("home_adaptation", "Redecoration or adaptation of the home"),
        Transport => ("transport", "Transport"),
        Activities => ("activities", "Activities"),
        FamilySupport => ("family_support", "Bought-in family support"),
        UnpaidLeave => ("unpaid_leave", "Pay to cover unpaid leave"),
        HousingDeposit => ("housing_deposit", "Housing deposit"),
        Other => ("other", "Other support"),
    }
);

code_enum!(
    /// Where a package is in its life: requested, then approved or declined; closed when the
    /// support has ended (an approved package) or the request is withdrawn.
    PackageStatus {
        Requested => ("requested", "Requested"),
        Approved => ("approved", "Approved"),
        Declined => ("declined", "Declined"),
        Closed => ("closed", "Closed"),
    }
);

impl PackageStatus {
    /// A decision is made once, on a request.
    pub fn can_decide(self) -> bool {
        self == PackageStatus::Requested
    }

    /// A request can be withdrawn and an approved package ended; a declined or closed one stays.
    pub fn can_close(self) -> bool {
        matches!(self, PackageStatus::Requested | PackageStatus::Approved)
    }
}

/// The most one package may cost, whoever approves it (a sanity bound on input: £1 million).
pub const MAX_PACKAGE_PENCE: i64 = 100_000_000;

/// What is known about the child when a package is requested or approved.
#[derive(Debug, Clone, Copy, Default)]
pub struct EligibilityFacts {
    /// An open Family Help episode (targeted early help or child in need).
    pub open_family_help: bool,
    /// An open section 47 enquiry or child protection plan.
    pub open_child_protection: bool,
    /// A family group decision making meeting for the child has been held (state meeting_held
    /// or plan_agreed): the one linked to the package, if any.
    pub fgdm_held: bool,
    /// The package records why there is no family network to meet (so no FGDM could be held).
    pub no_network_reason_recorded: bool,
}

/// FNSP-1 (§5.5, Wirral eligibility): the child is open to Family Help or child protection, and
/// a family group decision making meeting has been held unless there is no network (recorded).
pub fn check_eligibility(f: &EligibilityFacts) -> Result<(), RuleRefusal> {
    if !(f.open_family_help || f.open_child_protection) {
        return Err(RuleRefusal {
            rule: "FNSP-1",
            message: "A family network support package is for a child open to Family Help or child protection. Open a Family Help episode for the child first.".into(),
        });
    }
    if !f.fgdm_held && !f.no_network_reason_recorded {
        return Err(RuleRefusal {
            rule: "FNSP-1",
            message: "A support package follows a family group decision making meeting that identified the support. Record the meeting as held, or record why the child has no family network to meet.".into(),
        });
    }
    Ok(())
}

/// The most `role` may approve for one package under the council's settings; `None` for roles
/// that cannot approve at all.
pub fn approval_limit(role: Role, s: &FamilyNetworkSettings) -> Option<i64> {
    let limit = match role {
        Role::SocialWorker => s.approval_limit_social_worker_pence,
        Role::Lcpp => s.approval_limit_lcpp_pence,
        Role::PracticeSupervisor => s.approval_limit_manager_pence,
        _ => return None,
    };
    Some(i64::try_from(limit).unwrap_or(i64::MAX))
}

/// FNSP-2: a package is approved by a social worker, an LCPP or a practice supervisor, each
/// within the limit the council has set for their role.
pub fn check_approval(role: Role, total_pence: i64, s: &FamilyNetworkSettings) -> Result<(), RuleRefusal> {
    let Some(limit) = approval_limit(role, s) else {
        return Err(RuleRefusal {
            rule: "FNSP-2",
            message: format!(
                "A {} cannot approve a support package: a social worker, an LCPP or a practice supervisor approves it within their limit.",
                role.label().to_lowercase()
            ),
        });
    };
    if total_pence > limit {
        let next = match role {
            Role::SocialWorker => "an LCPP or a practice supervisor",
            Role::Lcpp => "a practice supervisor",
            _ => "the council (raise the approval limit in the settings, or reduce the package)",
        };
        return Err(RuleRefusal {
            rule: "FNSP-2",
            message: format!(
                "This package costs {}, above the {} a {} may approve. It needs approval by {next}.",
                pounds(total_pence),
                pounds(limit),
                role.label().to_lowercase()
            ),
        });
    }
    Ok(())
}

/// FNSP-3: payments are made only against an approved package, and never take the amount paid
/// above the approved total.
pub fn check_payment(status: PackageStatus, total_pence: i64, paid_to_date_pence: i64, amount_pence: i64) -> Result<(), RuleRefusal> {
    if status != PackageStatus::Approved {
        return Err(RuleRefusal {
            rule: "FNSP-3",
            message: format!("Payments are recorded only against an approved package; this one is {}.", status.label().to_lowercase()),
        });
    }
    let remaining = total_pence - paid_to_date_pence;
    if amount_pence > remaining {
        return Err(RuleRefusal {
            rule: "FNSP-3",
            message: format!(
                "This payment of {} would take the amount paid above the approved total of {}: {} remains. A larger amount needs a new package.",
                pounds(amount_pence),
                pounds(total_pence),
                pounds(remaining.max(0))
            ),
        });
    }
    Ok(())
}

/// `£1,234.50`: thousands separated, always with pence, so amounts line up in a ledger.
pub fn pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let p = pence.unsigned_abs();
    let whole = (p / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}£{grouped}.{:02}", p % 100)
}

/// A council financial year, 1 April to 31 March, named by the year it starts in (2026 is
/// 2026/27).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinancialYear(pub i32);

impl FinancialYear {
    /// The financial year `date` falls in.
    pub fn containing(date: NaiveDate) -> FinancialYear {
        if date.month() >= 4 { FinancialYear(date.year()) } else { FinancialYear(date.year() - 1) }
    }

    pub fn starts_on(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0, 4, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn ends_on(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0 + 1, 3, 31).unwrap_or(NaiveDate::MAX)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        date >= self.starts_on() && date <= self.ends_on()
    }

    /// "2026/27".
    pub fn label(self) -> String {
        format!("{}/{:02}", self.0, (self.0 + 1).rem_euclid(100))
    }
}

/// The sums a budget summary is made from, for one financial year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BudgetFacts {
    /// Totals of packages approved in the year and still open.
    pub open_approved_pence: i64,
    /// Everything paid so far against those packages (in any year).
    pub open_approved_paid_pence: i64,
    /// Payments made in the year, against any package.
    pub spent_pence: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BudgetSummary {
    pub budget_pence: i64,
    /// Approved but not yet paid: what open packages approved in the year still draw on the budget.
    pub committed_pence: i64,
    /// Paid in the year (1 April to 31 March).
    pub spent_pence: i64,
    /// The budget less what is spent and committed; negative when over budget.
    pub remaining_pence: i64,
}

/// The year's budget position: committed is what open approved packages still have to pay.
pub fn budget_summary(budget_pence: u64, f: &BudgetFacts) -> BudgetSummary {
    let budget_pence = i64::try_from(budget_pence).unwrap_or(i64::MAX);
    let committed_pence = (f.open_approved_pence - f.open_approved_paid_pence).max(0);
    BudgetSummary {
        budget_pence,
        committed_pence,
        spent_pence: f.spent_pence,
        remaining_pence: budget_pence.saturating_sub(f.spent_pence).saturating_sub(committed_pence),
    }
}

/// FNSP-4 (four eyes): the person who requested a package does not approve it.
pub fn check_four_eyes(requested_by: uuid::Uuid, approver: uuid::Uuid) -> Result<(), RuleRefusal> {
    if requested_by == approver {
        return Err(RuleRefusal {
            rule: "FNSP-4",
            message: "You requested this package, so someone else with authority to approve it must decide it.".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn settings() -> FamilyNetworkSettings {
        FamilyNetworkSettings {
            approval_limit_social_worker_pence: 50_000,
            approval_limit_lcpp_pence: 100_000,
            approval_limit_manager_pence: 500_000,
            ..Default::default()
        }
    }

    #[test]
    fn codes_round_trip() {
        for c in ItemCategory::ALL {
            assert_eq!(ItemCategory::from_code(c.code()), Some(*c));
        }
        for s in PackageStatus::ALL {
            assert_eq!(PackageStatus::from_code(s.code()), Some(*s));
        }
        assert!(ItemCategory::from_code("holiday").is_none());
    }

    #[test]
    fn fnsp1_needs_an_open_case() {
        let f = EligibilityFacts { fgdm_held: true, ..Default::default() };
        let e = check_eligibility(&f).unwrap_err();
        assert_eq!(e.rule, "FNSP-1");
        assert!(e.message.contains("open to Family Help or child protection"));
        assert!(check_eligibility(&EligibilityFacts { open_family_help: true, ..f }).is_ok());
        assert!(check_eligibility(&EligibilityFacts { open_child_protection: true, ..f }).is_ok());
    }

    #[test]
    fn fnsp1_needs_an_fgdm_held_unless_no_network() {
        let open = EligibilityFacts { open_family_help: true, ..Default::default() };
        let e = check_eligibility(&open).unwrap_err();
        assert_eq!(e.rule, "FNSP-1");
        assert!(e.message.contains("family group decision making"));
        assert!(check_eligibility(&EligibilityFacts { fgdm_held: true, ..open }).is_ok());
        assert!(check_eligibility(&EligibilityFacts { no_network_reason_recorded: true, ..open }).is_ok());
    }

    #[test]
    fn fnsp2_within_the_role_limit() {
        let s = settings();
        assert!(check_approval(Role::SocialWorker, 50_000, &s).is_ok());
        let e = check_approval(Role::SocialWorker, 50_001, &s).unwrap_err();
        assert_eq!(e.rule, "FNSP-2");
        assert!(e.message.contains("£500.01") && e.message.contains("£500.00 ") && e.message.contains("an LCPP"), "{}", e.message);
        assert!(check_approval(Role::Lcpp, 100_000, &s).is_ok());
        assert!(check_approval(Role::Lcpp, 100_001, &s).is_err());
        assert!(check_approval(Role::PracticeSupervisor, 500_000, &s).is_ok());
        assert!(check_approval(Role::PracticeSupervisor, 500_001, &s).is_err());
    }

    #[test]
    fn fnsp2_other_roles_cannot_approve() {
        let s = settings();
        for role in [
            Role::FamilyHelpPractitioner,
            Role::ConferenceChair,
            Role::QaOfficer,
            Role::IndependentReviewingOfficer,
            Role::PersonalAdviser,
            Role::FosteringOfficer,
            Role::WorkforceOfficer,
            Role::PartnerAgency,
            Role::PerformanceAnalyst,
            Role::LaAdmin,
        ] {
            assert_eq!(approval_limit(role, &s), None);
            let e = check_approval(role, 1, &s).unwrap_err();
            assert_eq!(e.rule, "FNSP-2");
        }
    }

    #[test]
    fn fnsp3_payments_never_exceed_the_total() {
        assert!(check_payment(PackageStatus::Approved, 10_000, 0, 10_000).is_ok());
        assert!(check_payment(PackageStatus::Approved, 10_000, 6_000, 4_000).is_ok());
        let e = check_payment(PackageStatus::Approved, 10_000, 6_000, 4_001).unwrap_err();
        assert_eq!(e.rule, "FNSP-3");
        assert!(e.message.contains("£40.00 remains"), "{}", e.message);
        for s in [PackageStatus::Requested, PackageStatus::Declined, PackageStatus::Closed] {
            assert_eq!(check_payment(s, 10_000, 0, 1).unwrap_err().rule, "FNSP-3");
        }
    }

    #[test]
    fn status_transitions() {
        assert!(PackageStatus::Requested.can_decide());
        assert!(!PackageStatus::Approved.can_decide());
        assert!(PackageStatus::Requested.can_close() && PackageStatus::Approved.can_close());
        assert!(!PackageStatus::Declined.can_close() && !PackageStatus::Closed.can_close());
    }

    #[test]
    fn money_is_written_in_pounds() {
        assert_eq!(pounds(0), "£0.00");
        assert_eq!(pounds(5), "£0.05");
        assert_eq!(pounds(123_456_789), "£1,234,567.89");
        assert_eq!(pounds(100_000), "£1,000.00");
        assert_eq!(pounds(-250), "-£2.50");
    }

    #[test]
    fn financial_year_runs_april_to_march() {
        assert_eq!(FinancialYear::containing(d(2026, 4, 1)), FinancialYear(2026));
        assert_eq!(FinancialYear::containing(d(2027, 3, 31)), FinancialYear(2026));
        assert_eq!(FinancialYear::containing(d(2026, 3, 31)), FinancialYear(2025));
        let y = FinancialYear(2026);
        assert_eq!((y.starts_on(), y.ends_on()), (d(2026, 4, 1), d(2027, 3, 31)));
        assert!(y.contains(d(2026, 11, 23)) && !y.contains(d(2027, 4, 1)));
        assert_eq!(y.label(), "2026/27");
        assert_eq!(FinancialYear(1999).label(), "1999/00");
    }

    #[test]
    fn budget_summary_sums() {
        let f = BudgetFacts { open_approved_pence: 300_000, open_approved_paid_pence: 120_000, spent_pence: 200_000 };
        let b = budget_summary(1_000_000, &f);
        assert_eq!(b, BudgetSummary { budget_pence: 1_000_000, committed_pence: 180_000, spent_pence: 200_000, remaining_pence: 620_000 });
        let over = budget_summary(100_000, &f);
        assert_eq!(over.remaining_pence, -280_000);
    }

    #[test]
    fn fnsp_4_four_eyes() {
        let a = uuid::Uuid::from_u128(1);
        assert_eq!(check_four_eyes(a, a).unwrap_err().rule, "FNSP-4");
        assert!(check_four_eyes(a, uuid::Uuid::from_u128(2)).is_ok());
    }
}
