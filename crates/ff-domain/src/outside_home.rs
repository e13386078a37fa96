//! Harm outside the home: places and groups where the risk to children sits (a
//! park, a takeaway, a transport hub, a group of young people), the children linked to them, and
//! the concerns raised about them and by whom. A child is linked with what is known (the harm and
//! why); that concern, and any later one about the place, reaches the leads of the other children
//! linked to it. Pure: dates are passed in.
//!
//! The product's own words about children never blame them: children are harmed, exploited or at
//! risk; they are not "troublesome", "risky", "gang members" or "choosing" anything (the test
//! `our_words_never_blame_children` reads every label here).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codes::code_enum;
use crate::{RuleRefusal, ValidationErrors};

code_enum!(
    /// What kind of place or group it is.
    PlaceKind {
        Park => ("park", "A park or open space"),
        Shop => ("shop", "A shop, takeaway or café"),
        TransportHub => ("transport_hub", "A station, bus stop or transport hub"),
        Street => ("street", "A street or estate"),
        NearSchool => ("near_school", "Near a school or college"),
        Address => ("address", "A house or flat"),
        Online => ("online", "An online space or app"),
        Group => ("group", "A group of young people"),
        Other => ("other", "Somewhere else"),
    }
);

code_enum!(
    /// The harm a concern is about (CIN census factors 11A, 12A and 24A among them).
    Harm {
        CriminalExploitation => ("criminal_exploitation", "Criminal exploitation"),
        SexualExploitation => ("sexual_exploitation", "Sexual exploitation"),
        CountyLines => ("county_lines", "County lines: children used to move drugs or money"),
        SeriousViolence => ("serious_violence", "Serious violence or weapons"),
        Trafficking => ("trafficking", "Trafficking"),
        OnlineHarm => ("online_harm", "Harm online, such as grooming"),
        Other => ("other", "Another harm"),
    }
);

code_enum!(
    /// Who raised a concern: the agencies a contextual response brings in, transport, licensing
    /// and community safety among them.
    ConcernSource {
        ChildrensServices => ("childrens_services", "Children's services"),
        Police => ("police", "Police"),
        Health => ("health", "Health"),
        Education => ("education", "A school or college"),
        CommunitySafety => ("community_safety", "Community safety or licensing"),
        Transport => ("transport", "Transport"),
        YouthWork => ("youth_work", "Youth work"),
        Community => ("community", "Someone in the community"),
        Other => ("other", "Another agency"),
    }
);

/// A place or group's name and where it is: both as typed, a name required.
pub fn check_place(name: &str, area: Option<&str>) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        e.add("name", "Enter the place's or group's name (200 characters or fewer)");
    }
    if area.is_some_and(|a| a.chars().count() > 200) {
        e.add("area", "Keep where it is to 200 characters or fewer");
    }
    e.into_result(())
}

/// A concern about a place: what is known, in words, on a day that is not in the future.
pub fn check_concern(what: &str, raised_on: NaiveDate, today: NaiveDate) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    let what = what.trim();
    if what.is_empty() || what.chars().count() > 4_000 {
        e.add("what", "Say what is known (4,000 characters or fewer)");
    }
    if raised_on > today {
        e.add("raised_on", "The day the concern was raised cannot be in the future");
    }
    e.into_result(())
}

/// A child is linked to a place once at a time: a second open link is refused (the first
/// already carries the child to the place's concerns).
pub fn check_link(already_linked: bool) -> Result<(), RuleRefusal> {
    if already_linked {
        return Err(RuleRefusal {
            rule: "HOTH-1",
            message: "The child is already linked to this place or group: add the new concern to the place instead.".into(),
        });
    }
    Ok(())
}

/// A link ends on or after it began, not in the future, and once.
pub fn check_unlink(linked_on: NaiveDate, ended: bool, ended_on: NaiveDate, today: NaiveDate) -> Result<(), RuleRefusal> {
    if ended {
        return Err(RuleRefusal { rule: "HOTH-1", message: "The link has already ended.".into() });
    }
    if ended_on < linked_on || ended_on > today {
        return Err(RuleRefusal { rule: "HOTH-1", message: "The link ends on or after it began, and not in the future.".into() });
    }
    Ok(())
}

/// Whether a concern reaches the lead of a child linked to the place (HOTH-2): a concern raised
/// while the child was linked, about someone else or about the place, by someone other than the
/// lead, not yet followed by a visit that saw the child.
pub fn reaches_lead(
    concern_raised_on: NaiveDate,
    concern_about_this_child: bool,
    raised_by_lead: bool,
    linked_on: NaiveDate,
    last_seen: Option<NaiveDate>,
) -> bool {
    !concern_about_this_child && !raised_by_lead && concern_raised_on >= linked_on && last_seen.is_none_or(|s| s < concern_raised_on)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn our_words_never_blame_children() {
        let blaming = ["troublesome", "risky behaviour", "gang member", "choice", "chooses", "promiscu", "putting themselves", "consent"];
        let labels = PlaceKind::ALL
            .iter()
            .map(|k| k.label())
            .chain(Harm::ALL.iter().map(|h| h.label()))
            .chain(ConcernSource::ALL.iter().map(|s| s.label()));
        for label in labels {
            let l = label.to_lowercase();
            for word in blaming {
                assert!(!l.contains(word), "{label:?} describes a child as {word:?}");
            }
        }
    }

    #[test]
    fn places_and_concerns_need_words() {
        assert!(check_place("Northmoor bus station", Some("NM1 4")).is_ok());
        assert!(check_place("  ", None).unwrap_err().for_field("name").is_some());
        assert!(check_concern("Older men offering lifts", d(2026, 11, 20), d(2026, 11, 23)).is_ok());
        let e = check_concern(" ", d(2026, 11, 24), d(2026, 11, 23)).unwrap_err();
        assert!(e.for_field("what").is_some() && e.for_field("raised_on").is_some());
    }

    #[test]
    fn a_child_is_linked_once_at_a_time() {
        assert!(check_link(false).is_ok());
        assert_eq!(check_link(true).unwrap_err().rule, "HOTH-1");
        assert!(check_unlink(d(2026, 11, 1), false, d(2026, 11, 20), d(2026, 11, 23)).is_ok());
        assert!(check_unlink(d(2026, 11, 1), true, d(2026, 11, 20), d(2026, 11, 23)).is_err());
        assert!(check_unlink(d(2026, 11, 1), false, d(2026, 10, 20), d(2026, 11, 23)).is_err());
    }

    #[test]
    fn a_new_concern_reaches_the_other_childrens_leads_until_the_child_is_seen() {
        let linked = d(2026, 11, 1);
        let raised = d(2026, 11, 20);
        assert!(reaches_lead(raised, false, false, linked, None));
        assert!(reaches_lead(raised, false, false, linked, Some(d(2026, 11, 19))), "seen before the concern");
        assert!(!reaches_lead(raised, false, false, linked, Some(raised)), "seen since");
        assert!(!reaches_lead(raised, true, false, linked, None), "the concern is about this child");
        assert!(!reaches_lead(raised, false, true, linked, None), "the lead raised it");
        assert!(!reaches_lead(d(2026, 10, 20), false, false, linked, None), "before the child was linked");
    }
}
