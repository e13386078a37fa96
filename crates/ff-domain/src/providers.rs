//! The register of homes and agencies that look after children (RCC-SHARE-6; RCC-DATA-4): each
//! keyed by its Ofsted unique reference number (URN), with what it is registered as, how many
//! children it may look after, whether its registration stands and its latest full inspection.
//! The register is filled from Ofsted's published provider list, a file a commissioner loads
//! again when Ofsted publishes a new one (decision 0015).
//!
//! When a child is placed, the placement is checked against the register:
//! - PR-REG-1: a home that must be registered (a children's home, a secure children's home,
//!   supported accommodation or a residential family centre) and is not on the register, or whose
//!   registration no longer stands, or a provider registered as something else;
//! - PR-REG-2: a provider whose latest inspection was Inadequate.
//!
//! Either needs a manager's agreement with the reason recorded (RCC-SHARE-6 asks for a warning;
//! council procedures ask a senior manager to agree), except a provider registered as another
//! kind of provider, which is a mistake to correct. A child under 16 is never placed in
//! supported or independent accommodation (R-LAC-3): that is refused outright in
//! [`crate::looked_after::check_placement`].
//!
//! The SSDA903 checks each episode's URN against the same facts (903 rules 1008, 219, 221, 224,
//! 227, 228, 229, 241): what the provider is registered as gives the placement types it takes
//! ([`placement_codes`]), who owns it the placement provider codes it is reported as
//! ([`provider_codes`]), and its postcode and the date its registration ended are kept as Ofsted
//! publishes them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codes::code_enum;
use crate::looked_after::PlacementType;

/// An Ofsted unique reference number: `SC` and six digits for social care settings registered
/// before 2018 or so, seven digits for newer ones (supported accommodation among them). Kept in
/// capitals without spaces.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Urn(String);

impl Urn {
    pub fn parse(text: &str) -> Result<Urn, &'static str> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let ok = match t.strip_prefix("SC") {
            Some(rest) => rest.len() == 6 && digits(rest),
            None => (6..=7).contains(&t.len()) && digits(&t),
        };
        if ok { Ok(Urn(t)) } else { Err("Enter the Ofsted URN as printed on the inspection report, like SC123456 or 2612345") }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Urn {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Urn::parse(&s)
    }
}

impl From<Urn> for String {
    fn from(u: Urn) -> String {
        u.0
    }
}

impl std::fmt::Display for Urn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

code_enum!(
    /// What Ofsted registers or inspects the provider as.
    ProviderKind {
        ChildrensHome => ("childrens_home", "Children's home"),
        SecureChildrensHome => ("secure_childrens_home", "Secure children's home"),
        SupportedAccommodation => ("supported_accommodation", "Supported accommodation"),
        FosteringAgency => ("fostering_agency", "Fostering agency"),
        AdoptionAgency => ("adoption_agency", "Adoption agency"),
        FamilyCentre => ("family_centre", "Residential family centre"),
        ResidentialSchool => ("residential_school", "Residential special school or boarding school"),
        Other => ("other", "Another kind of provider"),
    }
);

code_enum!(
    /// Whether the registration stands.
    Registration {
        Active => ("active", "Registered"),
        Suspended => ("suspended", "Suspended"),
        Closed => ("closed", "No longer registered (resigned, cancelled or closed)"),
    }
);

code_enum!(
    /// The overall judgement of the latest full inspection.
    Judgement {
        Outstanding => ("outstanding", "Outstanding"),
        Good => ("good", "Good"),
        RequiresImprovement => ("requires_improvement", "Requires improvement to be good"),
        Inadequate => ("inadequate", "Inadequate"),
        NotJudged => ("not_judged", "Not yet judged"),
    }
);

impl ProviderKind {
    /// Ofsted's words for a provider type, as its published lists spell them.
    pub fn from_ofsted(text: &str) -> ProviderKind {
        let t = text.trim().to_lowercase().replace('\u{2019}', "'");
        if t.contains("secure") {
            ProviderKind::SecureChildrensHome
        } else if t.contains("children's home") || t.contains("childrens home") {
            ProviderKind::ChildrensHome
        } else if t.contains("supported accommodation") || t.contains("supported accomodation") {
            ProviderKind::SupportedAccommodation
        } else if t.contains("fostering") {
            ProviderKind::FosteringAgency
        } else if t.contains("adoption") {
            ProviderKind::AdoptionAgency
        } else if t.contains("family centre") {
            ProviderKind::FamilyCentre
        } else if t.contains("school") {
            ProviderKind::ResidentialSchool
        } else {
            ProviderKind::Other
        }
    }
}

code_enum!(
    /// Who owns the provider, as Ofsted's lists give its sector. The 903 reports the same as the
    /// placement provider (PLACE_PROVIDER), see [`provider_codes`].
    Sector {
        LocalAuthority => ("local_authority", "A council (local authority)"),
        Private => ("private", "A private company or person"),
        Voluntary => ("voluntary", "A charity or voluntary organisation"),
        Health => ("health", "The NHS or another health body"),
    }
);

impl Sector {
    /// Ofsted's words for a sector ("Local Authority", "Private", "Voluntary", "Health
    /// Authority"); `None` for anything else, an owner's type ("Organisation", "Individual")
    /// among them.
    pub fn from_ofsted(text: &str) -> Option<Sector> {
        let t = text.trim().to_lowercase();
        if t.contains("local authority") || t == "la" || t == "council" {
            Some(Sector::LocalAuthority)
        } else if t.contains("private") {
            Some(Sector::Private)
        } else if t.contains("voluntary") || t.contains("charit") || t.contains("third sector") || t.contains("not for profit") {
            Some(Sector::Voluntary)
        } else if t.contains("health") || t == "nhs" {
            Some(Sector::Health)
        } else {
            None
        }
    }
}

impl Registration {
    /// Ofsted's registration status words: Active, Suspended, Resigned, Cancelled, Closed…
    pub fn from_ofsted(text: &str) -> Option<Registration> {
        match text.trim().to_lowercase().as_str() {
            "active" | "registered" | "open" => Some(Registration::Active),
            "suspended" => Some(Registration::Suspended),
            "resigned" | "cancelled" | "canceled" | "closed" | "refused" | "inactive" => Some(Registration::Closed),
            _ => None,
        }
    }
}

impl Judgement {
    /// Ofsted's judgement as a word or its number (1 outstanding to 4 inadequate, 5 not judged);
    /// blank is not yet judged.
    pub fn from_ofsted(text: &str) -> Option<Judgement> {
        let t = text.trim().to_lowercase();
        Some(match t.as_str() {
            "" | "5" | "not judged" | "not yet inspected" | "not inspected" => Judgement::NotJudged,
            "1" | "outstanding" => Judgement::Outstanding,
            "2" | "good" => Judgement::Good,
            "3" | "requires improvement" | "requires improvement to be good" | "adequate" | "satisfactory" => {
                Judgement::RequiresImprovement
            }
            "4" | "inadequate" => Judgement::Inadequate,
            _ => return None,
        })
    }
}

/// One provider as the register holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderFacts {
    pub urn: Urn,
    pub name: String,
    pub kind: ProviderKind,
    pub registration: Registration,
    /// How many children it is registered for (none for agencies).
    pub places: Option<u32>,
    pub judgement: Judgement,
    pub inspected_on: Option<NaiveDate>,
    /// The council area it is in, as Ofsted names it.
    pub local_authority: Option<String>,
    /// The setting's postcode, normalised as [`crate::geography::parse_postcode`] writes it.
    pub postcode: Option<String>,
    /// When its registration ended (resigned, cancelled or closed), where Ofsted gives the date.
    pub registration_ended_on: Option<NaiveDate>,
    /// Who owns it; `None` where the list does not say in words we know.
    pub sector: Option<Sector>,
}

/// What makes the register's entry different from the one held, field by field: the words a
/// commissioner reads after a refresh.
pub fn changes(old: &ProviderFacts, new: &ProviderFacts) -> Vec<String> {
    let mut out = Vec::new();
    if old.name != new.name {
        out.push(format!("name now {}", new.name));
    }
    if old.kind != new.kind {
        out.push(format!("now registered as {}", new.kind.label()));
    }
    if old.registration != new.registration {
        out.push(format!("registration: {}", new.registration.label()));
    }
    if old.places != new.places {
        out.push(format!("places: {}", new.places.map_or_else(|| "none stated".to_owned(), |p| p.to_string())));
    }
    if old.judgement != new.judgement || old.inspected_on != new.inspected_on {
        out.push(format!("latest inspection: {}", new.judgement.label()));
    }
    if old.local_authority != new.local_authority {
        out.push("area changed".to_owned());
    }
    if old.postcode != new.postcode {
        out.push(match &new.postcode {
            Some(p) => format!("postcode now {p}"),
            None => "postcode no longer stated".to_owned(),
        });
    }
    if old.registration_ended_on != new.registration_ended_on {
        out.push(match new.registration_ended_on {
            Some(d) => format!("registration ended {}", d.format("%-d %B %Y")),
            None => "no registration end date".to_owned(),
        });
    }
    if old.sector != new.sector {
        out.push(match new.sector {
            Some(s) => format!("owner: {}", s.label().to_lowercase()),
            None => "owner no longer stated".to_owned(),
        });
    }
    out
}

/// The 903 placement types (PLACE) a provider of this kind takes, as Ofsted's lists for the
/// 903 give them: a children's home K2, a secure children's home K1, supported accommodation K3
/// (and H5, semi-independent living, which needed a URN from 28 October 2023 until K3 replaced
/// it: 903 rules 221 and 230 in 2023-24), a fostering agency U1 to U6, an adoption agency A3 to
/// A6, a residential family centre R3 and a residential school S1. None for another kind of
/// provider: its placements cannot be told. 903 rule 219 checks an episode's PLACE against these.
pub fn placement_codes(kind: ProviderKind) -> &'static [&'static str] {
    use ProviderKind as P;
    match kind {
        P::ChildrensHome => &["K2"],
        P::SecureChildrensHome => &["K1"],
        P::SupportedAccommodation => &["K3", "H5"],
        P::FosteringAgency => &["U1", "U2", "U3", "U4", "U5", "U6"],
        P::AdoptionAgency => &["A3", "A4", "A5", "A6"],
        P::FamilyCentre => &["R3"],
        P::ResidentialSchool => &["S1"],
        P::Other => &[],
    }
}

/// The 903 placement provider codes (PLACE_PROVIDER) a provider owned by this sector is
/// reported as: a council's own provision PR1 or another council's PR2 (903 rule 229 tells them
/// apart by where the provider is), other public provision such as the NHS PR3, private PR4,
/// voluntary PR5. PR0 (parents) is never a registered provider. 903 rule 224 checks an
/// episode's PLACE_PROVIDER against these.
pub fn provider_codes(sector: Sector) -> &'static [&'static str] {
    match sector {
        Sector::LocalAuthority => &["PR1", "PR2"],
        Sector::Health => &["PR3"],
        Sector::Private => &["PR4"],
        Sector::Voluntary => &["PR5"],
    }
}

/// Placement types that may only be provided by a home Ofsted registers: children's homes (K1,
/// K2), supported accommodation (K3) and residential family centres (R3).
pub fn must_be_registered(kind: PlacementType) -> bool {
    matches!(kind, PlacementType::K1 | PlacementType::K2 | PlacementType::K3 | PlacementType::R3)
}

/// The kinds of provider a placement type is provided by, where the register says (none: any).
fn expected_kinds(kind: PlacementType) -> &'static [ProviderKind] {
    use PlacementType::*;
    use ProviderKind as P;
    match kind {
        K1 => &[P::SecureChildrensHome],
        K2 => &[P::ChildrensHome],
        K3 => &[P::SupportedAccommodation],
        R3 => &[P::FamilyCentre],
        S1 => &[P::ResidentialSchool, P::ChildrensHome],
        U1 | U2 | U3 | U4 | U5 | U6 => &[P::FosteringAgency],
        A3 | A4 | A5 | A6 => &[P::AdoptionAgency, P::FosteringAgency],
        _ => &[],
    }
}

/// Why a placement with this provider needs a manager's agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Concern {
    /// PR-REG-1: the placement type needs a registered home and no URN was given.
    NoUrn,
    /// PR-REG-1: the URN is not on the register.
    NotOnRegister(Urn),
    /// PR-REG-1: the registration is suspended or has ended.
    NotRegistered(Registration),
    /// PR-REG-1: the provider is registered as something else.
    OtherKind(ProviderKind),
    /// PR-REG-2: the latest full inspection found it Inadequate.
    Inadequate(Option<NaiveDate>),
}

impl Concern {
    pub fn rule(&self) -> &'static str {
        match self {
            Concern::Inadequate(_) => "PR-REG-2",
            _ => "PR-REG-1",
        }
    }

    /// The concern in plain words.
    pub fn words(&self) -> String {
        match self {
            Concern::NoUrn => "this kind of placement must be registered with Ofsted, and no URN was given".into(),
            Concern::NotOnRegister(u) => format!("URN {u} is not on the provider register"),
            Concern::NotRegistered(r) => format!("the provider's registration is {}", r.label().to_lowercase()),
            Concern::OtherKind(k) => format!("the provider is registered as: {}", k.label().to_lowercase()),
            Concern::Inadequate(Some(d)) => format!("Ofsted judged the provider Inadequate on {}", d.format("%-d %B %Y")),
            Concern::Inadequate(None) => "Ofsted's latest judgement of the provider is Inadequate".into(),
        }
    }
}

/// What the register says about placing a child of this placement type with this provider
/// (PR-REG-1, PR-REG-2). `entry` is the register's entry for `urn`, if it has one.
pub fn concerns(kind: PlacementType, urn: Option<&Urn>, entry: Option<&ProviderFacts>) -> Vec<Concern> {
    let Some(urn) = urn else {
        return if must_be_registered(kind) { vec![Concern::NoUrn] } else { vec![] };
    };
    let Some(p) = entry else { return vec![Concern::NotOnRegister(urn.clone())] };
    let mut out = Vec::new();
    if p.registration != Registration::Active {
        out.push(Concern::NotRegistered(p.registration));
    }
    let expected = expected_kinds(kind);
    if !expected.is_empty() && !expected.contains(&p.kind) {
        out.push(Concern::OtherKind(p.kind));
    }
    if p.judgement == Judgement::Inadequate {
        out.push(Concern::Inadequate(p.inspected_on));
    }
    out
}

/// A manager's agreement to a placement the register raises concerns about, as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    /// Why the child is placed there, in words.
    pub reason: Option<String>,
    /// Who agreed: none chosen, someone who is not a manager, or a manager (a practice
    /// supervisor or team manager).
    pub approver: Approver,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approver {
    None,
    NotManager,
    Manager,
}

/// Why a placement was refused, and the field that needs attention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub rule: &'static str,
    pub field: &'static str,
    pub message: String,
}

/// "a children's home", "an adoption agency".
fn with_article(label: &str) -> String {
    let l = label.to_lowercase();
    let article = if l.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {l}")
}

/// PR-REG-1, PR-REG-2: with concerns, the placement goes ahead only with a manager's agreement
/// and the reason in words; a provider registered as something else is a mistake no agreement
/// overrides. The reason to keep, or none when there is nothing to agree.
pub fn check_agreement(found: &[Concern], agreement: &Agreement) -> Result<Option<String>, Refusal> {
    let Some(first) = found.first() else { return Ok(None) };
    if let Some(Concern::OtherKind(k)) = found.iter().find(|c| matches!(c, Concern::OtherKind(_))) {
        return Err(Refusal {
            rule: "PR-REG-1",
            field: "provider_urn",
            message: format!(
                "That URN belongs to {}, which does not provide this kind of placement: check the URN and the kind of placement",
                with_article(k.label())
            ),
        });
    }
    let all = found.iter().map(Concern::words).collect::<Vec<_>>().join("; ");
    let reason = agreement.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    match (reason, agreement.approver) {
        (None, Approver::None) => Err(Refusal {
            rule: first.rule(),
            field: "provider_urn",
            message: format!("Check the provider: {all}. A manager must agree this placement, and why, before it is recorded."),
        }),
        (None, _) => Err(Refusal {
            rule: first.rule(),
            field: "provider_agreed_reason",
            message: format!("Say why the child is placed here although {all}"),
        }),
        (Some(_), Approver::None | Approver::NotManager) => Err(Refusal {
            rule: first.rule(),
            field: "provider_agreed_by",
            message: "Choose the practice supervisor or team manager who agreed the placement".into(),
        }),
        (Some(r), Approver::Manager) if r.chars().count() > 2_000 => Err(Refusal {
            rule: first.rule(),
            field: "provider_agreed_reason",
            message: "Keep the reason to 2,000 characters or fewer".into(),
        }),
        (Some(r), Approver::Manager) => Ok(Some(r.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urn(s: &str) -> Urn {
        Urn::parse(s).expect("urn")
    }

    fn home(kind: ProviderKind, registration: Registration, judgement: Judgement) -> ProviderFacts {
        ProviderFacts {
            urn: urn("SC123456"),
            name: "Birch House".into(),
            kind,
            registration,
            places: Some(4),
            judgement,
            inspected_on: NaiveDate::from_ymd_opt(2026, 5, 12),
            local_authority: Some("Northmoor".into()),
            postcode: Some("NM3 8QD".into()),
            registration_ended_on: None,
            sector: Some(Sector::Private),
        }
    }

    #[test]
    fn urns_are_ofsteds_two_shapes() {
        assert_eq!(urn(" sc 123456 ").as_str(), "SC123456");
        assert_eq!(urn("2612345").as_str(), "2612345");
        assert!(Urn::parse("SC12345").is_err());
        assert!(Urn::parse("AB123456").is_err());
        assert!(Urn::parse("12345").is_err());
        assert!(Urn::parse("12345678").is_err());
        assert!(Urn::parse("").is_err());
    }

    #[test]
    fn ofsteds_words_are_read() {
        assert_eq!(ProviderKind::from_ofsted("Children's home"), ProviderKind::ChildrensHome);
        assert_eq!(ProviderKind::from_ofsted("Secure children\u{2019}s home"), ProviderKind::SecureChildrensHome);
        assert_eq!(ProviderKind::from_ofsted("Supported accommodation undertaking"), ProviderKind::SupportedAccommodation);
        assert_eq!(ProviderKind::from_ofsted("Independent fostering agency"), ProviderKind::FosteringAgency);
        assert_eq!(ProviderKind::from_ofsted("Residential holiday scheme for disabled children"), ProviderKind::Other);
        assert_eq!(Registration::from_ofsted("Resigned"), Some(Registration::Closed));
        assert_eq!(Registration::from_ofsted("maybe"), None);
        assert_eq!(Judgement::from_ofsted("4"), Some(Judgement::Inadequate));
        assert_eq!(Judgement::from_ofsted("Requires improvement to be good"), Some(Judgement::RequiresImprovement));
        assert_eq!(Judgement::from_ofsted(""), Some(Judgement::NotJudged));
        assert_eq!(Judgement::from_ofsted("excellent"), None);
        // The fake lists' misspelling is read too.
        assert_eq!(ProviderKind::from_ofsted("Supported Accomodation"), ProviderKind::SupportedAccommodation);
        assert_eq!(Sector::from_ofsted("Local Authority"), Some(Sector::LocalAuthority));
        assert_eq!(Sector::from_ofsted(" private "), Some(Sector::Private));
        assert_eq!(Sector::from_ofsted("Voluntary"), Some(Sector::Voluntary));
        assert_eq!(Sector::from_ofsted("Health Authority"), Some(Sector::Health));
        // An owner's type is not a sector.
        assert_eq!(Sector::from_ofsted("Organisation"), None);
        assert_eq!(Sector::from_ofsted(""), None);
    }

    #[test]
    fn a_providers_kind_and_sector_give_its_903_codes() {
        // 903 rule 219: the placement types each kind takes.
        assert_eq!(placement_codes(ProviderKind::ChildrensHome), ["K2"]);
        assert_eq!(placement_codes(ProviderKind::SecureChildrensHome), ["K1"]);
        assert!(placement_codes(ProviderKind::SupportedAccommodation).contains(&"K3"));
        assert_eq!(placement_codes(ProviderKind::FosteringAgency).len(), 6);
        assert!(placement_codes(ProviderKind::AdoptionAgency).iter().all(|c| c.starts_with('A')));
        assert_eq!(placement_codes(ProviderKind::FamilyCentre), ["R3"]);
        assert_eq!(placement_codes(ProviderKind::ResidentialSchool), ["S1"]);
        assert!(placement_codes(ProviderKind::Other).is_empty(), "not known, so not checked");
        // Every code is one the 903 has (H5 until 2024-25, which the product no longer records).
        for kind in ProviderKind::ALL {
            for c in placement_codes(*kind) {
                assert!(PlacementType::from_code(c).is_some() || *c == "H5", "{c}");
            }
        }
        // 903 rule 224: the provider codes each sector is reported as.
        assert_eq!(provider_codes(Sector::LocalAuthority), ["PR1", "PR2"]);
        assert_eq!(provider_codes(Sector::Health), ["PR3"]);
        assert_eq!(provider_codes(Sector::Private), ["PR4"]);
        assert_eq!(provider_codes(Sector::Voluntary), ["PR5"]);
    }

    #[test]
    fn pr_reg_1_a_childrens_home_must_be_on_the_register_and_registered_as_one() {
        use PlacementType::*;
        assert_eq!(concerns(K2, None, None), vec![Concern::NoUrn]);
        // A foster placement with the council's own carers needs no URN.
        assert!(concerns(U6, None, None).is_empty());
        let u = urn("SC123456");
        assert_eq!(concerns(K2, Some(&u), None), vec![Concern::NotOnRegister(u.clone())]);
        let good = home(ProviderKind::ChildrensHome, Registration::Active, Judgement::Good);
        assert!(concerns(K2, Some(&u), Some(&good)).is_empty());
        let closed = home(ProviderKind::ChildrensHome, Registration::Closed, Judgement::Good);
        assert_eq!(concerns(K2, Some(&u), Some(&closed)), vec![Concern::NotRegistered(Registration::Closed)]);
        // A secure placement needs a secure children's home.
        assert_eq!(concerns(K1, Some(&u), Some(&good)), vec![Concern::OtherKind(ProviderKind::ChildrensHome)]);
    }

    #[test]
    fn pr_reg_2_an_inadequate_provider_needs_a_managers_agreement() {
        let u = urn("SC123456");
        let bad = home(ProviderKind::ChildrensHome, Registration::Active, Judgement::Inadequate);
        let found = concerns(PlacementType::K2, Some(&u), Some(&bad));
        assert_eq!(found, vec![Concern::Inadequate(NaiveDate::from_ymd_opt(2026, 5, 12))]);
        let given = |reason: Option<&str>, approver| Agreement { reason: reason.map(Into::into), approver };
        let refused = check_agreement(&found, &given(None, Approver::None)).expect_err("needs agreement");
        assert_eq!((refused.rule, refused.field), ("PR-REG-2", "provider_urn"));
        assert!(refused.message.contains("Inadequate on 12 May 2026"), "{}", refused.message);
        let no_reason = check_agreement(&found, &given(Some("  "), Approver::Manager)).expect_err("a reason");
        assert_eq!(no_reason.field, "provider_agreed_reason");
        let not_manager = check_agreement(&found, &given(Some("Only home near her school"), Approver::NotManager)).expect_err("a manager");
        assert_eq!(not_manager.field, "provider_agreed_by");
        let agreed = given(Some(" Only home with a place near her school "), Approver::Manager);
        assert_eq!(check_agreement(&found, &agreed), Ok(Some("Only home with a place near her school".into())));
        // Nothing to agree: any agreement given is not kept.
        assert_eq!(check_agreement(&[], &agreed), Ok(None));
        // A provider registered as something else is a mistake, not something to agree.
        let agency = home(ProviderKind::FosteringAgency, Registration::Active, Judgement::Good);
        let found = concerns(PlacementType::K2, Some(&u), Some(&agency));
        assert_eq!(check_agreement(&found, &agreed).expect_err("wrong kind").field, "provider_urn");
    }

    #[test]
    fn a_refresh_says_what_changed() {
        let old = home(ProviderKind::ChildrensHome, Registration::Active, Judgement::Good);
        let new = ProviderFacts { judgement: Judgement::Inadequate, places: Some(3), ..old.clone() };
        assert_eq!(changes(&old, &new), vec!["places: 3".to_owned(), "latest inspection: Inadequate".to_owned()]);
        assert!(changes(&old, &old).is_empty());
        let closed = ProviderFacts {
            postcode: Some("NM4 2LP".into()),
            registration_ended_on: NaiveDate::from_ymd_opt(2026, 3, 3),
            sector: Some(Sector::Voluntary),
            ..old.clone()
        };
        assert_eq!(
            changes(&old, &closed),
            ["postcode now NM4 2LP", "registration ended 3 March 2026", "owner: a charity or voluntary organisation"]
        );
        let unstated = ProviderFacts { postcode: None, sector: None, ..old.clone() };
        assert_eq!(changes(&old, &unstated), ["postcode no longer stated", "owner no longer stated"]);
    }
}
