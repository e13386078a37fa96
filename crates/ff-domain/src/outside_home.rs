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

use chrono::{DateTime, NaiveDate, Utc};
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

// ---------------------------------------------------------------------------------------------
// Missing from home (HOTH-5) and the return home interview (HOTH-6), for any child not in care:
// a child in care is recorded on their care record (LA-6, the 903 Missing table) instead
// (docs/decisions/0027).

code_enum!(
    /// Whether anyone knew where the child was while they were gone.
    AwayKind {
        Missing => ("missing", "Missing: where they were was not known"),
        Away => ("away", "Away without permission: where they were was known"),
    }
);

code_enum!(
    /// What became of the return home interview.
    InterviewOutcome {
        Held => ("held", "Held"),
        Declined => ("declined", "The child did not want an interview"),
    }
);

/// The council's setting for missing from home. The statutory guidance "Children who run away or
/// go missing from home or care" (DfE, January 2014) says a return home interview is offered
/// within 72 hours of the child's return: that is the default (HOTH-6; CONFIRM against the
/// guidance in force before relying on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OutsideHomeSettings {
    /// HOTH-6: a return home interview within this many hours of the return (72).
    pub return_interview_hours: u32,
}

impl Default for OutsideHomeSettings {
    fn default() -> Self {
        Self { return_interview_hours: 72 }
    }
}

impl OutsideHomeSettings {
    pub fn validate(&self, errors: &mut ValidationErrors) {
        if !(1..=72).contains(&self.return_interview_hours) {
            errors.add("outside_home.return_interview_hours", "The return home interview is due within 1 to 72 hours of the return");
        }
    }
}

/// A missing or away episode as typed: when it started, and when and where it ended if the child
/// is back.
pub struct MissingDraft<'a> {
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub found_where: &'a str,
}

/// HOTH-5: an episode starts no later than now, ends (if it has) no earlier than it started and
/// no later than now, says where the child was found or came back to in 1,000 characters or fewer,
/// and is the child's only open episode (`open_since` is the start of one still open). Every
/// mistake at once, on the fields `started_at`, `ended_at` and `found_where`.
pub fn check_missing(d: &MissingDraft, open_since: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if d.started_at > now {
        e.add("started_at", "The time they went missing cannot be in the future");
    }
    if let Some(since) = open_since {
        e.add(
            "started_at",
            format!(
                "They are already recorded as missing or away since {}: record their return on that episode first",
                crate::calendar::london_time(since).format("%-d %B %Y at %H:%M")
            ),
        );
    }
    check_end(&mut e, d.started_at, d.ended_at, d.found_where, now);
    e.into_result(())
}

fn check_end(e: &mut ValidationErrors, started: DateTime<Utc>, ended: Option<DateTime<Utc>>, found_where: &str, now: DateTime<Utc>) {
    if let Some(end) = ended {
        if end < started {
            e.add("ended_at", "They cannot come back before they went missing");
        } else if end > now {
            e.add("ended_at", "The time they came back cannot be in the future");
        }
    }
    if found_where.trim().chars().count() > 1_000 {
        e.add("found_where", "Keep where they were found to 1,000 characters or fewer");
    }
}

/// HOTH-5: the child came back: once, no earlier than they went, not in the future, with where
/// they were found or returned to.
pub fn check_return(
    started: DateTime<Utc>,
    already_ended: bool,
    ended: DateTime<Utc>,
    found_where: &str,
    now: DateTime<Utc>,
) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if already_ended {
        e.add("ended_at", "Their return is already recorded");
    }
    if found_where.trim().is_empty() {
        e.add("found_where", "Say where they were found or came back to");
    }
    check_end(&mut e, started, Some(ended), found_where, now);
    e.into_result(())
}

/// HOTH-6: when the return home interview is due: the council's hours after the return.
pub fn interview_due(returned: DateTime<Utc>, s: &OutsideHomeSettings) -> DateTime<Utc> {
    returned + chrono::Duration::hours(i64::from(s.return_interview_hours))
}

/// HOTH-6: an interview is overdue once the child has been back longer than the council's hours
/// with no interview held or declined.
pub fn interview_overdue(
    returned: Option<DateTime<Utc>>,
    outcome: Option<InterviewOutcome>,
    now: DateTime<Utc>,
    s: &OutsideHomeSettings,
) -> bool {
    outcome.is_none() && returned.is_some_and(|r| interview_due(r, s) < now)
}

/// A return home interview as typed.
pub struct InterviewDraft<'a> {
    pub outcome: InterviewOutcome,
    /// The day it was held, or the day the child said no.
    pub on: NaiveDate,
    /// Who held it (when held).
    pub by: &'a str,
    /// What the child said about where they were and who with (when held).
    pub child_said: &'a str,
    /// Any signs of exploitation, in words (blank when none).
    pub indicators: &'a str,
}

/// HOTH-6: an interview is recorded once, after the child is back (`returned_on`, the London day
/// of the return), on a day not in the future; when held, with who held it and what the child
/// said. Every mistake at once, on `on`, `by`, `child_said` and `indicators`.
pub fn check_interview(
    returned_on: Option<NaiveDate>,
    already: bool,
    d: &InterviewDraft,
    today: NaiveDate,
) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if already {
        e.add("outcome", "The return home interview is already recorded");
    }
    match returned_on {
        None => e.add("on", "Record the child's return before the return home interview"),
        Some(r) if d.on < r => e.add("on", "The interview cannot be before the child came back"),
        Some(_) if d.on > today => e.add("on", "The day cannot be in the future"),
        Some(_) => {}
    }
    let held = d.outcome == InterviewOutcome::Held;
    let by = d.by.trim().chars().count();
    if held && by == 0 {
        e.add("by", "Say who held the interview");
    } else if by > 200 {
        e.add("by", "Keep who held it to 200 characters or fewer");
    }
    let said = d.child_said.trim().chars().count();
    if held && said == 0 {
        e.add("child_said", "Say what the child said about where they were and who they were with");
    } else if said > 8_000 {
        e.add("child_said", "Keep what the child said to 8,000 characters or fewer");
    }
    if d.indicators.trim().chars().count() > 4_000 {
        e.add("indicators", "Keep the signs of exploitation to 4,000 characters or fewer");
    }
    e.into_result(())
}

/// HOTH-6: signs of exploitation found at the interview suggest an exploitation risk screening
/// (HOTH-3) when none has been recorded since the child came back.
pub fn suggests_screening(indicators: Option<&str>, returned_on: Option<NaiveDate>, last_screened: Option<NaiveDate>) -> bool {
    indicators.is_some_and(|i| !i.trim().is_empty()) && last_screened.is_none_or(|s| returned_on.is_some_and(|r| s < r))
}

/// A correction or withdrawal of a screening or a meeting's record happens at most once for a
/// withdrawal: a withdrawn record is not changed again, and a withdrawal says why in 1,000
/// characters or fewer.
pub fn check_withdrawal(already_withdrawn: bool, reason: &str) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if already_withdrawn {
        e.add("reason", "This record is already withdrawn");
    }
    let n = reason.trim().chars().count();
    if n == 0 || n > 1_000 {
        e.add("reason", "Say why the record is withdrawn (1,000 characters or fewer)");
    }
    e.into_result(())
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

    fn at(y: i32, m: u32, day: u32, h: u32) -> DateTime<Utc> {
        use chrono::TimeZone;
        Utc.with_ymd_and_hms(y, m, day, h, 0, 0).unwrap()
    }

    #[test]
    fn a_missing_episode_is_refused_with_every_mistake_at_once_hoth_5() {
        let now = at(2026, 11, 23, 10);
        let ok = MissingDraft { started_at: at(2026, 11, 20, 21), ended_at: Some(at(2026, 11, 21, 9)), found_where: "At a friend's flat" };
        assert!(check_missing(&ok, None, now).is_ok());
        assert!(check_missing(&MissingDraft { ended_at: None, ..ok }, None, now).is_ok(), "still missing");
        let bad = MissingDraft { started_at: at(2026, 11, 24, 1), ended_at: Some(at(2026, 11, 23, 9)), found_where: "" };
        let e = check_missing(&bad, Some(at(2026, 11, 1, 8)), now).unwrap_err();
        assert_eq!(e.0.iter().filter(|x| x.field == "started_at").count(), 2, "in the future and a second open episode: {e:?}");
        assert!(e.for_field("ended_at").is_some(), "back before they went");
        let e = check_missing(&MissingDraft { ended_at: Some(at(2026, 11, 24, 9)), ..ok }, None, now).unwrap_err();
        assert!(e.for_field("ended_at").is_some(), "back in the future");
        assert!(check_return(at(2026, 11, 20, 21), false, at(2026, 11, 21, 9), "Home", now).is_ok());
        let e = check_return(at(2026, 11, 20, 21), true, at(2026, 11, 20, 20), " ", now).unwrap_err();
        assert!(e.for_field("found_where").is_some() && e.0.iter().filter(|x| x.field == "ended_at").count() == 2, "{e:?}");
    }

    #[test]
    fn a_return_home_interview_is_due_72_hours_after_the_return_hoth_6() {
        let s = OutsideHomeSettings::default();
        assert_eq!(s.return_interview_hours, 72);
        let back = at(2026, 11, 20, 9);
        assert_eq!(interview_due(back, &s), at(2026, 11, 23, 9));
        assert!(interview_overdue(Some(back), None, at(2026, 11, 23, 10), &s));
        assert!(!interview_overdue(Some(back), None, at(2026, 11, 23, 9), &s), "due, not yet overdue");
        assert!(!interview_overdue(Some(back), Some(InterviewOutcome::Declined), at(2026, 11, 30, 9), &s));
        assert!(!interview_overdue(None, None, at(2026, 11, 30, 9), &s), "still missing: no interview yet");
        let mut errors = ValidationErrors::new();
        OutsideHomeSettings { return_interview_hours: 0 }.validate(&mut errors);
        OutsideHomeSettings { return_interview_hours: 73 }.validate(&mut errors);
        assert_eq!(errors.0.len(), 2);
    }

    #[test]
    fn an_interview_is_after_the_return_and_says_what_the_child_said_hoth_6() {
        let today = d(2026, 11, 23);
        let held = InterviewDraft {
            outcome: InterviewOutcome::Held,
            on: d(2026, 11, 22),
            by: "Sam Okafor, return interview worker",
            child_said: "Stayed with older friends in Leeds",
            indicators: "",
        };
        assert!(check_interview(Some(d(2026, 11, 21)), false, &held, today).is_ok());
        let e = check_interview(Some(d(2026, 11, 23)), true, &InterviewDraft { by: " ", child_said: "", ..held }, today).unwrap_err();
        for f in ["outcome", "on", "by", "child_said"] {
            assert!(e.for_field(f).is_some(), "{f}: {e:?}");
        }
        assert!(check_interview(None, false, &held, today).unwrap_err().for_field("on").is_some(), "not back yet");
        let declined = InterviewDraft { outcome: InterviewOutcome::Declined, by: "", child_said: "", ..held };
        assert!(check_interview(Some(d(2026, 11, 21)), false, &declined, today).is_ok());
        assert!(suggests_screening(Some("Given a phone and money"), Some(d(2026, 11, 21)), None));
        assert!(suggests_screening(Some("Given a phone"), Some(d(2026, 11, 21)), Some(d(2026, 11, 1))));
        assert!(!suggests_screening(Some("Given a phone"), Some(d(2026, 11, 21)), Some(d(2026, 11, 22))), "screened since");
        assert!(!suggests_screening(Some("  "), Some(d(2026, 11, 21)), None));
    }

    #[test]
    fn a_withdrawal_says_why_once() {
        assert!(check_withdrawal(false, "Recorded on the wrong child").is_ok());
        assert_eq!(check_withdrawal(true, "").unwrap_err().0.len(), 2);
    }

    #[test]
    fn our_words_about_going_missing_never_blame_children() {
        let blaming = ["abscond", "runaway", "ran away", "chose", "choice", "troublesome", "absent"];
        for label in AwayKind::ALL.iter().map(|k| k.label()).chain(InterviewOutcome::ALL.iter().map(|o| o.label())) {
            let l = label.to_lowercase();
            for word in blaming {
                assert!(!l.contains(word), "{label:?} says {word:?}");
            }
        }
    }
}
