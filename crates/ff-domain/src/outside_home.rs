//! Harm outside the home: places and groups where the risk to children sits (a
//! park, a takeaway, a transport hub, a group of young people), the children linked to them, and
//! the concerns raised about them and by whom. A child is linked with what is known (the harm and
//! why); that concern, and any later one about the place, reaches the leads of the other children
//! linked to it. A child may be screened for exploitation (HOTH-3), and partners meet about a
//! place or group and take actions that are tracked until done (HOTH-4). Pure: dates are passed in.
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

code_enum!(
    /// How much concern a screening finds about one harm.
    ConcernLevel {
        NoConcern => ("none", "No concern"),
        SomeConcern => ("some", "Some concern"),
        Significant => ("significant", "Significant concern"),
    }
);

code_enum!(
    /// What a screening decided should happen next.
    ScreeningOutcome {
        NoFurtherAction => ("no_further_action", "No further action"),
        KeepUnderReview => ("keep_under_review", "Keep under review in the current plan"),
        MultiAgencyMeeting => ("multi_agency_meeting", "Refer to a multi-agency meeting"),
        StrategyDiscussion => ("strategy_discussion", "Hold a strategy discussion"),
        NationalReferralMechanism => ("national_referral_mechanism", "Refer to the National Referral Mechanism (trafficking)"),
    }
);

code_enum!(
    /// An agency at a multi-agency meeting about a place or group, or owning one of its actions.
    Agency {
        ChildrensServices => ("childrens_services", "Children's services"),
        Police => ("police", "Police"),
        Transport => ("transport", "Transport"),
        Licensing => ("licensing", "Licensing"),
        CommunitySafety => ("community_safety", "Community safety"),
        Education => ("education", "A school or college"),
        Health => ("health", "Health"),
        YouthWork => ("youth_work", "Youth work"),
        Housing => ("housing", "Housing"),
        Other => ("other", "Another agency"),
    }
);

/// The harms an exploitation risk screening covers, each with its own level and what is known
/// (HOTH-3).
pub const SCREENED: [Harm; 4] = [Harm::CriminalExploitation, Harm::SexualExploitation, Harm::CountyLines, Harm::SeriousViolence];

/// An exploitation risk screening (HOTH-3): on a day not in the future; for each harm screened,
/// what is known is said in words whenever there is some or significant concern (a level with
/// nothing behind it cannot be acted on), kept to 4,000 characters. `items` are (field prefix,
/// level, what is known). A screening that finds a significant concern does not end with no
/// further action.
pub fn check_screening(
    screened_on: NaiveDate,
    today: NaiveDate,
    items: &[(&'static str, ConcernLevel, &str)],
    outcome: ScreeningOutcome,
) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if screened_on > today {
        e.add("screened_on", "The day of the screening cannot be in the future");
    }
    for (prefix, level, known) in items {
        let n = known.trim().chars().count();
        if *level != ConcernLevel::NoConcern && n == 0 {
            e.add(&format!("{prefix}_known"), "Say what is known, as there is a concern");
        } else if n > 4_000 {
            e.add(&format!("{prefix}_known"), "Keep what is known to 4,000 characters or fewer");
        }
    }
    if outcome == ScreeningOutcome::NoFurtherAction && items.iter().any(|(_, l, _)| *l == ConcernLevel::Significant) {
        e.add("outcome", "A significant concern needs a response: choose what happens next");
    }
    e.into_result(())
}

/// One action from a multi-agency meeting: what, for which agency, due on a day.
pub struct ActionDraft<'a> {
    pub what: &'a str,
    pub due_on: NaiveDate,
}

/// A multi-agency meeting about a place or group (HOTH-4): held on a day not in the future, with
/// at least two agencies there, what was discussed, and each action said in words and due on or
/// after the meeting. Errors for the n-th action (from 1) are on `action_<n>_what` and
/// `action_<n>_due`.
pub fn check_meeting(
    held_on: NaiveDate,
    today: NaiveDate,
    agencies: usize,
    discussed: &str,
    actions: &[ActionDraft],
) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if held_on > today {
        e.add("held_on", "The day of the meeting cannot be in the future");
    }
    if agencies < 2 {
        e.add("attended", "Choose the agencies that were there (at least two)");
    }
    let discussed = discussed.trim();
    if discussed.is_empty() || discussed.chars().count() > 8_000 {
        e.add("discussed", "Say what was discussed (8,000 characters or fewer)");
    }
    for (i, a) in actions.iter().enumerate() {
        let n = i + 1;
        let what = a.what.trim();
        if what.is_empty() || what.chars().count() > 1_000 {
            e.add(&format!("action_{n}_what"), "Say what the agency will do (1,000 characters or fewer)");
        }
        if a.due_on < held_on {
            e.add(&format!("action_{n}_due"), "An action is due on or after the day of the meeting");
        }
    }
    e.into_result(())
}

/// An action is overdue when it is not done and its day has passed (HOTH-4).
pub fn action_overdue(due_on: NaiveDate, done_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    done_on.is_none() && due_on < today
}

/// An action is done once, on a day from the meeting up to today, with evidence in words (HOTH-4).
pub fn check_action_done(
    already_done: bool,
    held_on: NaiveDate,
    done_on: NaiveDate,
    evidence: &str,
    today: NaiveDate,
) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if already_done {
        e.add("done_on", "This action is already done");
    } else if done_on < held_on || done_on > today {
        e.add("done_on", "The day it was done is on or after the meeting, and not in the future");
    }
    let evidence = evidence.trim();
    if evidence.is_empty() || evidence.chars().count() > 4_000 {
        e.add("evidence", "Say what shows it was done (4,000 characters or fewer)");
    }
    e.into_result(())
}

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
            .chain(ConcernSource::ALL.iter().map(|s| s.label()))
            .chain(ConcernLevel::ALL.iter().map(|l| l.label()))
            .chain(ScreeningOutcome::ALL.iter().map(|o| o.label()))
            .chain(Agency::ALL.iter().map(|a| a.label()));
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
    #[test]
    fn a_screening_says_what_is_known_wherever_there_is_a_concern() {
        use ConcernLevel::*;
        let today = d(2026, 11, 23);
        let ok = [
            ("criminal", Significant, "Seen with older men"),
            ("sexual", NoConcern, ""),
            ("county_lines", SomeConcern, "Trip"),
            ("violence", NoConcern, ""),
        ];
        assert!(check_screening(d(2026, 11, 20), today, &ok, ScreeningOutcome::MultiAgencyMeeting).is_ok());
        let bad =
            [("criminal", Significant, " "), ("sexual", SomeConcern, ""), ("county_lines", NoConcern, ""), ("violence", NoConcern, "")];
        let e = check_screening(d(2026, 11, 24), today, &bad, ScreeningOutcome::NoFurtherAction).unwrap_err();
        for f in ["screened_on", "criminal_known", "sexual_known", "outcome"] {
            assert!(e.for_field(f).is_some(), "{f}");
        }
        assert!(e.for_field("county_lines_known").is_none());
        let none = [("criminal", NoConcern, ""), ("sexual", NoConcern, ""), ("county_lines", NoConcern, ""), ("violence", NoConcern, "")];
        assert!(check_screening(today, today, &none, ScreeningOutcome::NoFurtherAction).is_ok());
        assert_eq!(SCREENED.len(), 4);
    }

    #[test]
    fn a_meeting_has_agencies_words_and_actions_due_after_it() {
        let held = d(2026, 11, 10);
        let today = d(2026, 11, 23);
        let actions = [ActionDraft { what: "Extra patrols", due_on: d(2026, 11, 30) }];
        assert!(check_meeting(held, today, 3, "Adults offering lifts", &actions).is_ok());
        let actions = [ActionDraft { what: "Lighting", due_on: held }, ActionDraft { what: " ", due_on: d(2026, 11, 9) }];
        let e = check_meeting(held, today, 1, "", &actions).unwrap_err();
        assert!(check_meeting(d(2026, 11, 24), today, 2, "x", &[]).unwrap_err().for_field("held_on").is_some());
        for f in ["attended", "discussed", "action_2_what", "action_2_due"] {
            assert!(e.for_field(f).is_some(), "{f}");
        }
        assert!(e.for_field("action_1_what").is_none() && e.for_field("action_1_due").is_none());
    }

    #[test]
    fn an_action_is_overdue_until_done_with_evidence() {
        let today = d(2026, 11, 23);
        assert!(action_overdue(d(2026, 11, 22), None, today));
        assert!(!action_overdue(today, None, today), "due today is not yet overdue");
        assert!(!action_overdue(d(2026, 11, 1), Some(d(2026, 11, 5)), today));
        let held = d(2026, 11, 10);
        assert!(check_action_done(false, held, d(2026, 11, 20), "CCTV fitted", today).is_ok());
        assert!(check_action_done(true, held, d(2026, 11, 20), "CCTV fitted", today).unwrap_err().for_field("done_on").is_some());
        let e = check_action_done(false, held, d(2026, 11, 9), "", today).unwrap_err();
        assert!(e.for_field("done_on").is_some() && e.for_field("evidence").is_some());
        assert!(check_action_done(false, held, d(2026, 11, 24), "x", today).is_err());
    }
}
