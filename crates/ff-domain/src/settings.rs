//! Per-LA settings: one typed, versioned record per council. Practice choices
//! that the domain reference tags `[LOCAL]`, `[PF]` or `[NG]` live here rather than in code; later
//! issues add their fields with serde defaults so older stored versions still load.

use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::calendar::DayCounting;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaSettings {
    /// The council's name as shown in the header ("Northmoor Council").
    pub name: String,
    /// Header colour, `#rrggbb`; must give white text a contrast of at least 4.5:1 (WCAG 2.2 AA).
    pub brand_colour: String,
    /// Children aged 0–17 in the area, for rates per 10,000 children.
    pub child_population: u32,
    /// How "within N working days" counts (§11.1): the event is day 0 (default) or day 1.
    #[serde(default)]
    pub day_counting: DayCounting,
    /// Caseload caps per role (Dorset capped LCPPs at 12 `[PF]`).
    #[serde(default)]
    pub caseload_caps: CaseloadCaps,
    /// Foster carers' weekly allowances: the national minimum and the council's own rates, each
    /// dated (CR-2).
    #[serde(default)]
    pub carers: crate::carers::CarerSettings,
    /// Family Help visit, review and oversight cadences (T15–T17, R-FH-1).
    #[serde(default)]
    pub family_help: crate::family_help::FamilyHelpSettings,
    /// Practice model, chair model, LCPP minimum experience, quorum, visit cadence.
    #[serde(default)]
    pub child_protection: crate::child_protection::ChildProtectionSettings,
    /// FGDM duty commencement, support package budget and approval limits, kinship local offer
    ///.
    #[serde(default)]
    pub family_networks: crate::family_networks::FamilyNetworkSettings,
    /// Care clocks: statutory visits, health assessments, education plans, placement stability
    /// (T28–T31).
    #[serde(default)]
    pub looked_after: crate::looked_after::checks::CareSettings,
    /// Leaving care: pathway plan and personal adviser clocks, Staying Close, the
    /// setting-up-home allowance and bursary, the care leaver local offer (T32–T35).
    #[serde(default)]
    pub leaving_care: crate::looked_after::leaving::LeavingCareSettings,
    /// The council's region, its agreed agency price caps and the agency rules' numbers
    /// (W-AG-1..6).
    #[serde(default)]
    pub workforce: crate::workforce::WorkforceSettings,
    /// The safeguarding partnership's timescales for serious incidents and reviews (
    /// MASA-RR-2, -5, -7, -8).
    #[serde(default)]
    pub partnership: crate::partnership::PartnershipSettings,
    /// The Ofsted URNs of the council's own fostering service and adoption agency, which the SSDA903
    /// gives for placements with the council's own carers and adopters (903 rule 218).
    #[serde(default)]
    pub own_services: OwnServices,
    /// Harm outside the home: the hours within which a return home interview is offered after a
    /// child missing from home comes back (HOTH-6, 72).
    #[serde(default)]
    pub outside_home: crate::outside_home::OutsideHomeSettings,
}

/// The council's own Ofsted-registered services. Blank until the council records them; the
/// SSDA903 then names the missing URN on each placement that needs it (903 rule 218).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OwnServices {
    /// The council's fostering service: the URN of placements with its own foster carers (903
    /// U1–U6 with provider PR1).
    pub fostering_urn: String,
    /// The council's adoption agency, or `XXXXXXX` when a regional adoption agency places the
    /// children (903 A3–A6 with provider PR1; XXXXXXX is allowed there, rule 242).
    pub adoption_urn: String,
}

/// What the DfE accepts in place of a URN for a regional adoption agency (903 rule 242).
pub const NO_URN: &str = "XXXXXXX";

impl OwnServices {
    fn validate(&self, e: &mut ValidationErrors) {
        let fostering = self.fostering_urn.trim();
        if !fostering.is_empty() && crate::providers::Urn::parse(fostering).is_err() {
            e.add("own_services.fostering_urn", "Enter the fostering service's Ofsted URN, like SC123456 or 2612345");
        }
        let adoption = self.adoption_urn.trim();
        if !adoption.is_empty() && !adoption.eq_ignore_ascii_case(NO_URN) && crate::providers::Urn::parse(adoption).is_err() {
            e.add(
                "own_services.adoption_urn",
                "Enter the adoption agency's Ofsted URN, like SC123456, or XXXXXXX for a regional adoption agency",
            );
        }
    }

    /// The URN the 903 gives a placement with the council's own carers or adopters, if recorded
    /// (capitals, no spaces).
    pub fn urn_for(&self, placement: crate::looked_after::PlacementType) -> Option<String> {
        use crate::looked_after::PlacementType as P;
        let urn = match placement {
            P::U1 | P::U2 | P::U3 | P::U4 | P::U5 | P::U6 => &self.fostering_urn,
            P::A3 | P::A4 | P::A5 | P::A6 => &self.adoption_urn,
            _ => return None,
        };
        let urn: String = urn.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        (!urn.is_empty()).then_some(urn)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseloadCaps {
    pub family_help_practitioner: u32,
    pub social_worker: u32,
    pub lcpp: u32,
}

impl Default for CaseloadCaps {
    fn default() -> Self {
        Self { family_help_practitioner: 18, social_worker: 18, lcpp: 12 }
    }
}

impl LaSettings {
    pub fn default_for(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            brand_colour: "#1d4f5c".to_owned(),
            child_population: 60_000,
            day_counting: DayCounting::default(),
            caseload_caps: CaseloadCaps::default(),
            carers: Default::default(),
            workforce: Default::default(),
            partnership: Default::default(),
            family_help: Default::default(),
            child_protection: Default::default(),
            family_networks: Default::default(),
            looked_after: Default::default(),
            leaving_care: Default::default(),
            own_services: Default::default(),
            outside_home: Default::default(),
        }
    }

    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        let name = self.name.trim();
        if name.is_empty() {
            e.add("name", "Enter the council's name");
        } else if name.chars().count() > 80 {
            e.add("name", "The council's name must be 80 characters or fewer");
        }
        match parse_hex_colour(&self.brand_colour) {
            None => e.add("brand_colour", "Enter a colour as # and 6 hexadecimal digits, like #1d4f5c"),
            Some(rgb) if contrast_with_white(rgb) < 4.5 => e.add(
                "brand_colour",
                format!(
                    "White text on {} has a contrast of {:.1}:1; choose a darker colour (at least 4.5:1 for WCAG 2.2 AA)",
                    self.brand_colour,
                    contrast_with_white(rgb)
                ),
            ),
            Some(_) => {}
        }
        if self.child_population == 0 {
            e.add("child_population", "Enter the number of children living in the area (more than 0)");
        }
        for (field, cap) in [
            ("caseload_caps.family_help_practitioner", self.caseload_caps.family_help_practitioner),
            ("caseload_caps.social_worker", self.caseload_caps.social_worker),
            ("caseload_caps.lcpp", self.caseload_caps.lcpp),
        ] {
            if cap == 0 || cap > 100 {
                e.add(field, "A caseload cap must be between 1 and 100");
            }
        }
        self.carers.validate(&mut e);
        self.family_help.validate(&mut e);
        self.child_protection.validate(&mut e);
        self.family_networks.validate(&mut e);
        self.looked_after.validate(&mut e);
        self.leaving_care.validate(&mut e);
        self.workforce.validate(&mut e);
        self.partnership.validate(&mut e);
        self.own_services.validate(&mut e);
        self.outside_home.validate(&mut e);
        e.into_result(())
    }
}

fn parse_hex_colour(s: &str) -> Option<(u8, u8, u8)> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let v = u32::from_str_radix(h, 16).ok()?;
    Some(((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

/// WCAG relative-luminance contrast ratio of a colour against white.
pub fn contrast_with_white((r, g, b): (u8, u8, u8)) -> f64 {
    fn channel(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    }
    let l = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    1.05 / (l + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert!(LaSettings::default_for("Northmoor Council").validate().is_ok());
    }

    #[test]
    fn pale_colour_refused_for_contrast() {
        let mut s = LaSettings::default_for("X");
        s.brand_colour = "#ffdd00".into();
        let e = s.validate().unwrap_err();
        assert!(e.for_field("brand_colour").unwrap().contains("contrast"));
        s.brand_colour = "teal".into();
        assert!(s.validate().is_err());
    }

    #[test]
    fn older_versions_without_new_fields_still_load() {
        let s: LaSettings = serde_json::from_str(r##"{"name":"A","brand_colour":"#000000","child_population":5}"##).unwrap();
        assert_eq!(s.caseload_caps.lcpp, 12);
    }
}
