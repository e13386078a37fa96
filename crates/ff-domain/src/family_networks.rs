//! Family networks (issue 5; domain reference §§4.5, 5.5, 5.6): the network around a child,
//! family group decision making (FGDM), pre-proceedings under the Public Law Outline with the
//! FGDM duty (R-PLO-1..3), family network support packages and kinship care. Pure: dates and
//! facts are parameters.

use serde::{Deserialize, Serialize};

/// LA choices for family networks (`[LOCAL]`/`[PROP]`, so configurable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FamilyNetworkSettings {
    /// Whether the FGDM duty before a care or supervision application (CA 1989 s.31ZA, inserted
    /// by CWSA 2026 s.1) has been commenced: R-PLO-2 is enforced only once it has.
    pub plo_fgdm_duty_commenced: bool,
    /// The council's yearly budget for family network support packages, in pence.
    pub support_budget_pence: u64,
    /// The most a social worker may approve for one package, in pence.
    pub approval_limit_social_worker_pence: u64,
    /// The most an LCPP may approve for one package, in pence.
    pub approval_limit_lcpp_pence: u64,
    /// The most a practice supervisor or manager may approve for one package, in pence.
    pub approval_limit_manager_pence: u64,
    /// The council's kinship local offer (CA 1989 s.22H), published on a public page. Paragraphs
    /// are separated by blank lines.
    pub kinship_local_offer: String,
}

impl Default for FamilyNetworkSettings {
    fn default() -> Self {
        Self {
            plo_fgdm_duty_commenced: true,
            support_budget_pence: 25_000_000,
            approval_limit_social_worker_pence: 50_000,
            approval_limit_lcpp_pence: 100_000,
            approval_limit_manager_pence: 500_000,
            kinship_local_offer: String::new(),
        }
    }
}

impl FamilyNetworkSettings {
    pub fn validate(&self, errors: &mut crate::ValidationErrors) {
        if self.approval_limit_social_worker_pence > self.approval_limit_manager_pence
            || self.approval_limit_lcpp_pence > self.approval_limit_manager_pence
        {
            errors.add(
                "family_networks.approval_limit_manager_pence",
                "A manager's approval limit must be at least a social worker's and an LCPP's",
            );
        }
        if self.kinship_local_offer.len() > 50_000 {
            errors.add("family_networks.kinship_local_offer", "The local offer must be at most 50,000 characters");
        }
    }
}
