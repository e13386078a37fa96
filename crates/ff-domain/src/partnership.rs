//! Multi-agency safeguarding partnerships (`workforce-and-partnerships.md` part B): a
//! serious incident from the day the council becomes aware of it, the decision to notify the Child
//! Safeguarding Practice Review Panel (MASA-RR-1..4), the rapid review with each agency's summary
//! (MASA-RR-5, -6, -8) and the local child safeguarding practice review (MASA-RR-7), each step on
//! its clock. Pure: dates and the calendar are passed in. Timescales are settings with the
//! documented defaults (`PartnershipSettings`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub mod arrangements;
pub mod audits;
pub mod learning;
pub mod meetings;
pub mod report;
pub mod section11;

use crate::calendar::{DayCounting, WorkingCalendar, add_calendar_months};
use crate::codes::code_enum;
use crate::{RuleRefusal, ValidationErrors};

code_enum!(
    /// What happened to the child (MASA-RR-1: died or was seriously harmed, abuse or neglect known
    /// or suspected).
    IncidentKind {
        Death => ("death", "The child died"),
        SeriousHarm => ("serious_harm", "The child was seriously harmed"),
    }
);

code_enum!(
    /// Where a serious incident stands. Stored on the incident so that the business manager's tray
    /// reads the open ones by index.
    Stage {
        AwaitingDecision => ("awaiting_decision", "Decide whether to notify the Panel"),
        NotNotified => ("not_notified", "Not notified to the Panel"),
        RapidReview => ("rapid_review", "Rapid review"),
        Reviewed => ("reviewed", "Rapid review sent to the Panel"),
        LocalReview => ("local_review", "Local practice review"),
        Published => ("published", "Local practice review published"),
    }
);

impl Stage {
    /// Still has a clock running (in the business manager's tray).
    pub fn is_open(self) -> bool {
        matches!(self, Stage::AwaitingDecision | Stage::RapidReview | Stage::LocalReview)
    }
}

code_enum!(
    /// The agencies a rapid review asks for a summary of their involvement (MASA-RR-8), education
    /// among them (MASA-P-5, MASA-P-6).
    ReviewAgency {
        ChildrensSocialCare => ("childrens_social_care", "Children's social care"),
        Police => ("police", "Police"),
        Health => ("health", "Health"),
        School => ("school", "School or college"),
        EarlyYears => ("early_years", "Early years or childcare"),
        Probation => ("probation", "Probation"),
        YouthJustice => ("youth_justice", "Youth justice"),
        Housing => ("housing", "Housing"),
        Other => ("other", "Another agency"),
    }
);

/// The partnership's timescales. Each is documented with its source; those marked CONFIRM in the
/// domain reference keep the documented default until the council changes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartnershipSettings {
    /// Working days from the council becoming aware to the notification (MASA-RR-2: 5).
    pub notify_working_days: u32,
    /// Working days from the notification to the rapid review (MASA-RR-5: 15).
    pub rapid_review_working_days: u32,
    /// Working days from the notification by which each agency's summary is asked back
    /// (MASA-RR-8, local practice: 10).
    pub agency_summary_working_days: u32,
    /// Months from the decision to hold a local review to its final report (MASA-RR-7: 6, CONFIRM).
    pub local_review_months: u32,
    /// Working days before publication that the Panel and the Secretary of State have the report
    /// (MASA-RR-7: 7, CONFIRM).
    pub panel_copy_working_days: u32,
    /// Working days a professional disagreement's first stage, practitioner to practitioner, has
    /// for a response (ESC-4, MASA-SYS-7: 5, CONFIRM, a council choice).
    pub disagreement_practitioners_working_days: u32,
    /// The same at stage 2, managers (5, CONFIRM).
    pub disagreement_managers_working_days: u32,
    /// The same at stage 3, senior managers (10, CONFIRM).
    pub disagreement_senior_managers_working_days: u32,
    /// The same at stage 4, the safeguarding partnership (10, CONFIRM).
    pub disagreement_partnership_working_days: u32,
    /// The month the yearly report's year starts (MASA-P-9 asks for a report at least every 12
    /// months, CONFIRM; 4 is April to March, as the council's other returns).
    pub report_year_start_month: u32,
    /// Days after the yearly report's publication by which it is sent to the national Panel and to
    /// Foundations, the What Works Centre (MASA-SYS-8: 7, CONFIRM); also the days a final report
    /// may wait to be published before it shows as overdue.
    pub report_send_days: u32,
}

impl Default for PartnershipSettings {
    fn default() -> Self {
        Self {
            notify_working_days: 5,
            rapid_review_working_days: 15,
            agency_summary_working_days: 10,
            local_review_months: 6,
            panel_copy_working_days: 7,
            disagreement_practitioners_working_days: 5,
            disagreement_managers_working_days: 5,
            disagreement_senior_managers_working_days: 10,
            disagreement_partnership_working_days: 10,
            report_year_start_month: 4,
            report_send_days: 7,
        }
    }
}

impl PartnershipSettings {
    /// Each timescale is at least a day and no longer than the law's own figure allows a council
    /// to stretch it (a year of working days, two years of months).
    pub fn validate(&self, e: &mut ValidationErrors) {
        for (field, v, max) in [
            ("partnership.notify_working_days", self.notify_working_days, 60),
            ("partnership.rapid_review_working_days", self.rapid_review_working_days, 120),
            ("partnership.agency_summary_working_days", self.agency_summary_working_days, 120),
            ("partnership.local_review_months", self.local_review_months, 24),
            ("partnership.panel_copy_working_days", self.panel_copy_working_days, 60),
            ("partnership.disagreement_practitioners_working_days", self.disagreement_practitioners_working_days, 60),
            ("partnership.disagreement_managers_working_days", self.disagreement_managers_working_days, 60),
            ("partnership.disagreement_senior_managers_working_days", self.disagreement_senior_managers_working_days, 60),
            ("partnership.disagreement_partnership_working_days", self.disagreement_partnership_working_days, 60),
            ("partnership.report_send_days", self.report_send_days, 90),
        ] {
            if v == 0 || v > max {
                e.add(field, format!("Enter a number from 1 to {max}"));
            }
        }
        if !(1..=12).contains(&self.report_year_start_month) {
            e.add("partnership.report_year_start_month", "Enter the month the reporting year starts, from 1 (January) to 12");
        }
        if self.agency_summary_working_days > self.rapid_review_working_days {
            e.add("partnership.agency_summary_working_days", "Agencies' summaries are due before the rapid review is");
        }
    }
}

fn add_wd(cal: &WorkingCalendar, from: NaiveDate, n: u32) -> NaiveDate {
    // "Within N working days" of an event: the event is day 0 (families-first.md §11.1).
    cal.add_working_days(from, n, DayCounting::EventIsDayZero)
}

/// The notification is due 5 working days after the council became aware (MASA-RR-2, MASA-RR-3).
pub fn notification_due(aware_on: NaiveDate, s: &PartnershipSettings, cal: &WorkingCalendar) -> NaiveDate {
    add_wd(cal, aware_on, s.notify_working_days)
}

/// The rapid review is due 15 working days after the notification was sent (MASA-RR-5).
pub fn rapid_review_due(notified_on: NaiveDate, s: &PartnershipSettings, cal: &WorkingCalendar) -> NaiveDate {
    add_wd(cal, notified_on, s.rapid_review_working_days)
}

/// Each agency's summary is due 10 working days after the notification (MASA-RR-8).
pub fn summary_due(notified_on: NaiveDate, s: &PartnershipSettings, cal: &WorkingCalendar) -> NaiveDate {
    add_wd(cal, notified_on, s.agency_summary_working_days)
}

/// The local review's final report is due 6 months after the decision to hold it (MASA-RR-7).
pub fn local_review_due(decided_on: NaiveDate, s: &PartnershipSettings) -> NaiveDate {
    add_calendar_months(decided_on, s.local_review_months)
}

/// The first day the report may be published once the Panel has its copy (MASA-RR-7).
pub fn earliest_publication(panel_copy_on: NaiveDate, s: &PartnershipSettings, cal: &WorkingCalendar) -> NaiveDate {
    add_wd(cal, panel_copy_on, s.panel_copy_working_days)
}

fn refuse(rule: &'static str, message: impl Into<String>) -> RuleRefusal {
    RuleRefusal { rule, message: message.into() }
}

fn not_future(errors: &mut ValidationErrors, field: &str, day: NaiveDate, today: NaiveDate, what: &str) {
    if day > today {
        errors.add(field, format!("{what} cannot be in the future"));
    }
}

/// A new serious incident: it happened on or before the day the council became aware of it, and
/// neither is in the future (MASA-SYS-2).
pub fn check_incident(incident_on: NaiveDate, aware_on: NaiveDate, today: NaiveDate) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    not_future(&mut errors, "incident_on", incident_on, today, "The day it happened");
    not_future(&mut errors, "aware_on", aware_on, today, "The day the council became aware");
    if aware_on < incident_on {
        errors.add("aware_on", "The council became aware on or after the day it happened");
    }
    errors.into_result(())
}

/// The decision on notifying the Panel (MASA-RR-2), made once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notification {
    /// Sent through Ofsted's form on a day, with Ofsted's reference when known.
    Sent { on: NaiveDate, ofsted_reference: Option<String> },
    /// Not notified, decided on a day, with the reasons (MASA-SYS-2 keeps decisions not to notify).
    NotNotified { on: NaiveDate, reasons: String },
}

impl Notification {
    pub fn on(&self) -> NaiveDate {
        match self {
            Notification::Sent { on, .. } | Notification::NotNotified { on, .. } => *on,
        }
    }
}

/// Check the decision against the incident: made at its stage, dated between the day the council
/// became aware and today, and a looked-after child's death is always notified (MASA-RR-4).
pub fn check_notification(
    stage: Stage,
    kind: IncidentKind,
    looked_after: bool,
    aware_on: NaiveDate,
    decision: &Notification,
    today: NaiveDate,
) -> Result<(), RuleRefusal> {
    if stage != Stage::AwaitingDecision {
        return Err(refuse("MASA-RR-2", "The decision on notifying the Panel has already been recorded."));
    }
    let on = decision.on();
    if on < aware_on || on > today {
        return Err(refuse("MASA-RR-2", "The decision is dated on or after the day the council became aware, and not in the future."));
    }
    if let Notification::NotNotified { reasons, .. } = decision {
        if kind == IncidentKind::Death && looked_after {
            return Err(refuse(
                "MASA-RR-4",
                "The death of a child looked after is notified to the Secretary of State and Ofsted whether or not abuse or neglect is suspected.",
            ));
        }
        if reasons.trim().is_empty() {
            return Err(refuse("MASA-RR-2", "Say why the Panel is not being notified."));
        }
    }
    Ok(())
}

/// A request for an agency's summary belongs to a rapid review, and there is none without a
/// notification (MASA-RR-5).
pub fn check_summary_request(
    stage: Stage,
    notified_on: Option<NaiveDate>,
    requested_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), RuleRefusal> {
    let Some(notified_on) = notified_on.filter(|_| stage == Stage::RapidReview) else {
        return Err(refuse(
            "MASA-RR-5",
            "Agencies' summaries are asked for during a rapid review, which follows the notification to the Panel.",
        ));
    };
    if requested_on < notified_on || requested_on > today {
        return Err(refuse("MASA-RR-8", "The request is dated on or after the notification, and not in the future."));
    }
    Ok(())
}

/// An agency's summary is received once, on or after it was asked for and not in the future.
pub fn check_summary_received(requested_on: NaiveDate, already: bool, received_on: NaiveDate, today: NaiveDate) -> Result<(), RuleRefusal> {
    if already {
        return Err(refuse("MASA-RR-8", "This summary has already been recorded as received."));
    }
    if received_on < requested_on || received_on > today {
        return Err(refuse("MASA-RR-8", "The summary was received on or after it was asked for, and not in the future."));
    }
    Ok(())
}

/// What the completed rapid review records (MASA-RR-5, MASA-RR-6, MASA-SYS-3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewOutcome {
    /// Signed off by the three safeguarding partners on this day.
    pub completed_on: NaiveDate,
    pub sent_to_panel_on: NaiveDate,
    pub immediate_actions: String,
    /// How race, racism and other inequalities (disability among them) shaped the child's
    /// experience and the practice around them.
    pub equality_analysis: String,
    /// The decision on a local child safeguarding practice review, and why.
    pub hold_local_review: bool,
    pub reasons: String,
}

/// The rapid review is completed during the rapid review, after every agency asked has answered,
/// with the equality analysis and a reasoned decision on a local review; it is sent to the Panel
/// on or after its sign-off (MASA-RR-5, MASA-RR-6, MASA-RR-8).
pub fn check_review(
    stage: Stage,
    notified_on: Option<NaiveDate>,
    unanswered: &[String],
    last_received: Option<NaiveDate>,
    outcome: &ReviewOutcome,
    today: NaiveDate,
) -> Result<(), RuleRefusal> {
    if matches!(stage, Stage::Reviewed | Stage::LocalReview | Stage::Published) {
        return Err(refuse("MASA-RR-6", "The rapid review's outcome has already been recorded for this incident."));
    }
    let Some(notified_on) = notified_on.filter(|_| stage == Stage::RapidReview) else {
        return Err(refuse("MASA-RR-5", "Only a rapid review under way can be completed, and there is none without a notification."));
    };
    if !unanswered.is_empty() {
        return Err(refuse(
            "MASA-RR-8",
            format!("Still waiting for the summary from {}: record it as received before the review is signed off.", unanswered.join(", ")),
        ));
    }
    if outcome.completed_on < notified_on || outcome.completed_on > today {
        return Err(refuse("MASA-RR-5", "The review is signed off on or after the notification, and not in the future."));
    }
    if let Some(last) = last_received.filter(|l| outcome.completed_on < *l) {
        return Err(refuse(
            "MASA-RR-8",
            format!("The review is signed off on or after the last agency's summary came in ({}).", last.format("%-d %B %Y")),
        ));
    }
    if outcome.sent_to_panel_on < outcome.completed_on || outcome.sent_to_panel_on > today {
        return Err(refuse("MASA-RR-6", "The review is sent to the Panel on or after its sign-off, and not in the future."));
    }
    if outcome.equality_analysis.trim().is_empty() {
        return Err(refuse(
            "MASA-RR-5",
            "Write how race, racism and other inequalities, disability among them, shaped the child's experience and the practice around them.",
        ));
    }
    if outcome.reasons.trim().is_empty() {
        return Err(refuse("MASA-RR-6", "Say why the partners will or will not hold a local child safeguarding practice review."));
    }
    Ok(())
}

/// The local review's steps after the decision to hold it (MASA-RR-7, MASA-SYS-4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalReviewStep {
    /// The independent reviewer is commissioned.
    Commissioned { reviewer: String, on: NaiveDate },
    /// The final report goes to the Panel and the Secretary of State.
    PanelCopy { on: NaiveDate },
    /// The report is published (with any redactions), at an address.
    Published { on: NaiveDate, link: String },
}

/// The facts of a local review so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LocalReviewSoFar {
    pub decided_on: Option<NaiveDate>,
    pub commissioned_on: Option<NaiveDate>,
    pub panel_copy_on: Option<NaiveDate>,
}

/// Each step of a local review in its order: commissioned after the decision, the Panel's copy
/// after that, and publication no sooner than 7 working days after the Panel's copy (MASA-RR-7).
pub fn check_local_review_step(
    stage: Stage,
    so_far: LocalReviewSoFar,
    step: &LocalReviewStep,
    s: &PartnershipSettings,
    cal: &WorkingCalendar,
    today: NaiveDate,
) -> Result<(), RuleRefusal> {
    let Some(decided_on) = so_far.decided_on.filter(|_| stage == Stage::LocalReview) else {
        return Err(refuse("MASA-RR-7", "There is no local practice review under way for this incident."));
    };
    let (on, after, what) = match step {
        LocalReviewStep::Commissioned { on, .. } => {
            if so_far.commissioned_on.is_some() {
                return Err(refuse("MASA-RR-7", "The reviewer has already been recorded."));
            }
            (*on, decided_on, "the decision to hold the review")
        }
        LocalReviewStep::PanelCopy { on } => {
            let Some(c) = so_far.commissioned_on else {
                return Err(refuse("MASA-RR-7", "Record the independent reviewer first."));
            };
            if so_far.panel_copy_on.is_some() {
                return Err(refuse("MASA-RR-7", "The Panel's copy has already been recorded."));
            }
            (*on, c, "the reviewer was commissioned")
        }
        LocalReviewStep::Published { on, link } => {
            let Some(copy) = so_far.panel_copy_on else {
                return Err(refuse("MASA-RR-7", "Send the final report to the Panel and the Secretary of State before it is published."));
            };
            let earliest = earliest_publication(copy, s, cal);
            if *on < earliest {
                return Err(refuse(
                    "MASA-RR-7",
                    format!(
                        "The Panel and the Secretary of State have the report at least {} working days before it is published: the earliest day is {}.",
                        s.panel_copy_working_days,
                        earliest.format("%-d %B %Y")
                    ),
                ));
            }
            if link.trim().is_empty() {
                return Err(refuse("MASA-RR-7", "Give the address where the report is published."));
            }
            (*on, copy, "the Panel's copy")
        }
    };
    if on < after || on > today {
        return Err(refuse("MASA-RR-7", format!("The date is on or after {what}, and not in the future.")));
    }
    Ok(())
}

/// One clock of an incident, for its page and the business manager's tray.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clock {
    pub rule: &'static str,
    pub what: String,
    pub due: NaiveDate,
    /// When it was done, if it was.
    pub done_on: Option<NaiveDate>,
}

impl Clock {
    /// Not done and past its day.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.done_on.is_none() && today > self.due
    }

    /// Done after its day.
    pub fn late(&self) -> bool {
        self.done_on.is_some_and(|d| d > self.due)
    }
}

/// What an incident's clocks read from (its row, in domain terms).
#[derive(Debug, Clone, Default)]
pub struct IncidentFacts {
    pub aware_on: Option<NaiveDate>,
    pub notified_on: Option<NaiveDate>,
    pub decision_on: Option<NaiveDate>,
    pub sent_to_panel_on: Option<NaiveDate>,
    pub local_review_decided_on: Option<NaiveDate>,
    pub final_report_on: Option<NaiveDate>,
    /// Each agency asked for a summary: (agency, due, received).
    pub summaries: Vec<(String, NaiveDate, Option<NaiveDate>)>,
}

/// Every clock of an incident in the order they run.
pub fn clocks(f: &IncidentFacts, s: &PartnershipSettings, cal: &WorkingCalendar) -> Vec<Clock> {
    let mut out = Vec::new();
    if let Some(aware) = f.aware_on {
        out.push(Clock {
            rule: "MASA-RR-2",
            what: "Notify the Panel, or record the decision not to".into(),
            due: notification_due(aware, s, cal),
            done_on: f.decision_on,
        });
    }
    if let Some(n) = f.notified_on {
        for (agency, due, received) in &f.summaries {
            out.push(Clock { rule: "MASA-RR-8", what: format!("Summary from {agency}"), due: *due, done_on: *received });
        }
        out.push(Clock {
            rule: "MASA-RR-5",
            what: "Complete the rapid review and send it to the Panel".into(),
            due: rapid_review_due(n, s, cal),
            done_on: f.sent_to_panel_on,
        });
    }
    if let Some(d) = f.local_review_decided_on {
        out.push(Clock {
            rule: "MASA-RR-7",
            what: "Final report of the local practice review to the Panel".into(),
            due: local_review_due(d, s),
            done_on: f.final_report_on,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> WorkingCalendar {
        WorkingCalendar::england_and_wales_default()
    }

    #[test]
    fn notification_is_due_five_working_days_after_awareness() {
        // MASA-RR-2: aware on Monday 23 November 2026, due Monday 30 November.
        let s = PartnershipSettings::default();
        assert_eq!(notification_due(d(2026, 11, 23), &s, &cal()), d(2026, 11, 30));
        // Over Christmas: aware on Wednesday 23 December 2026; 25 and 28 December (Boxing Day
        // falls on a Saturday) and 1 January are bank holidays, so day 5 is Monday 4 January.
        assert_eq!(notification_due(d(2026, 12, 23), &s, &cal()), d(2027, 1, 4));
    }

    #[test]
    fn rapid_review_is_due_fifteen_working_days_after_the_notification() {
        // MASA-RR-5: counted from the day the notification was sent.
        let s = PartnershipSettings::default();
        assert_eq!(rapid_review_due(d(2026, 11, 2), &s, &cal()), d(2026, 11, 23));
        assert_eq!(summary_due(d(2026, 11, 2), &s, &cal()), d(2026, 11, 16));
        // A council that counts differently changes the setting, not the code.
        let s = PartnershipSettings { rapid_review_working_days: 20, ..s };
        assert_eq!(rapid_review_due(d(2026, 11, 2), &s, &cal()), d(2026, 11, 30));
    }

    #[test]
    fn incident_dates() {
        assert!(check_incident(d(2026, 11, 1), d(2026, 11, 2), d(2026, 11, 23)).is_ok());
        let e = check_incident(d(2026, 11, 3), d(2026, 11, 2), d(2026, 11, 23)).unwrap_err();
        assert!(e.for_field("aware_on").is_some());
        let e = check_incident(d(2026, 11, 1), d(2026, 11, 24), d(2026, 11, 23)).unwrap_err();
        assert!(e.for_field("aware_on").is_some());
    }

    #[test]
    fn a_looked_after_childs_death_is_always_notified() {
        let not = Notification::NotNotified { on: d(2026, 11, 20), reasons: "No abuse or neglect suspected".into() };
        let r = check_notification(Stage::AwaitingDecision, IncidentKind::Death, true, d(2026, 11, 19), &not, d(2026, 11, 23));
        assert_eq!(r.unwrap_err().rule, "MASA-RR-4");
        // Serious harm to a looked-after child, with reasons, may be not notified.
        assert!(
            check_notification(Stage::AwaitingDecision, IncidentKind::SeriousHarm, true, d(2026, 11, 19), &not, d(2026, 11, 23)).is_ok()
        );
        let bare = Notification::NotNotified { on: d(2026, 11, 20), reasons: " ".into() };
        let r = check_notification(Stage::AwaitingDecision, IncidentKind::SeriousHarm, false, d(2026, 11, 19), &bare, d(2026, 11, 23));
        assert_eq!(r.unwrap_err().rule, "MASA-RR-2");
    }

    #[test]
    fn the_decision_is_made_once_and_dated_within_the_incident() {
        let sent = Notification::Sent { on: d(2026, 11, 18), ofsted_reference: None };
        let r = check_notification(Stage::AwaitingDecision, IncidentKind::Death, false, d(2026, 11, 19), &sent, d(2026, 11, 23));
        assert!(r.is_err(), "before the council knew");
        let sent = Notification::Sent { on: d(2026, 11, 20), ofsted_reference: None };
        assert!(check_notification(Stage::AwaitingDecision, IncidentKind::Death, false, d(2026, 11, 19), &sent, d(2026, 11, 23)).is_ok());
        let r = check_notification(Stage::RapidReview, IncidentKind::Death, false, d(2026, 11, 19), &sent, d(2026, 11, 23));
        assert!(r.is_err(), "a second decision");
    }

    #[test]
    fn no_summaries_without_a_notification() {
        let r = check_summary_request(Stage::AwaitingDecision, None, d(2026, 11, 20), d(2026, 11, 23));
        assert_eq!(r.unwrap_err().rule, "MASA-RR-5");
        let r = check_summary_request(Stage::NotNotified, Some(d(2026, 11, 2)), d(2026, 11, 20), d(2026, 11, 23));
        assert_eq!(r.unwrap_err().rule, "MASA-RR-5");
        assert!(check_summary_request(Stage::RapidReview, Some(d(2026, 11, 2)), d(2026, 11, 3), d(2026, 11, 23)).is_ok());
        assert!(check_summary_request(Stage::RapidReview, Some(d(2026, 11, 2)), d(2026, 11, 1), d(2026, 11, 23)).is_err());
        assert!(check_summary_received(d(2026, 11, 3), false, d(2026, 11, 10), d(2026, 11, 23)).is_ok());
        assert!(check_summary_received(d(2026, 11, 3), true, d(2026, 11, 10), d(2026, 11, 23)).is_err());
        assert!(check_summary_received(d(2026, 11, 3), false, d(2026, 11, 2), d(2026, 11, 23)).is_err());
    }

    fn outcome() -> ReviewOutcome {
        ReviewOutcome {
            completed_on: d(2026, 11, 20),
            sent_to_panel_on: d(2026, 11, 20),
            immediate_actions: "Siblings seen; safety plan agreed".into(),
            equality_analysis: "The family's first language was not English; no interpreter was used at two visits.".into(),
            hold_local_review: true,
            reasons: "Learning about information sharing between health and school".into(),
        }
    }

    #[test]
    fn the_review_waits_for_every_summary_and_writes_its_equality_analysis() {
        let n = Some(d(2026, 11, 2));
        let today = d(2026, 11, 23);
        assert!(check_review(Stage::RapidReview, n, &[], None, &outcome(), today).is_ok());
        let r = check_review(Stage::RapidReview, n, &["Police".into()], None, &outcome(), today).unwrap_err();
        assert_eq!(r.rule, "MASA-RR-8");
        assert!(r.message.contains("Police"));
        let r = check_review(Stage::RapidReview, n, &[], None, &ReviewOutcome { equality_analysis: "".into(), ..outcome() }, today);
        assert_eq!(r.unwrap_err().rule, "MASA-RR-5");
        let r = check_review(Stage::RapidReview, n, &[], None, &ReviewOutcome { reasons: " ".into(), ..outcome() }, today);
        assert_eq!(r.unwrap_err().rule, "MASA-RR-6");
        let early = ReviewOutcome { sent_to_panel_on: d(2026, 11, 19), ..outcome() };
        assert_eq!(check_review(Stage::RapidReview, n, &[], None, &early, today).unwrap_err().rule, "MASA-RR-6");
        assert!(check_review(Stage::Reviewed, n, &[], None, &outcome(), today).unwrap_err().message.contains("already"));
        // Signed off before the last summary came in: refused (MASA-RR-8).
        let r = check_review(Stage::RapidReview, n, &[], Some(d(2026, 11, 21)), &outcome(), today).unwrap_err();
        assert!(r.message.contains("21 November 2026"), "{}", r.message);
    }

    #[test]
    fn a_local_review_goes_to_the_panel_seven_working_days_before_publication() {
        let s = PartnershipSettings::default();
        let today = d(2027, 6, 30);
        let mut so_far = LocalReviewSoFar { decided_on: Some(d(2026, 11, 20)), ..Default::default() };
        let publish = LocalReviewStep::Published { on: d(2027, 6, 1), link: "https://example.org/lcspr".into() };
        let r = check_local_review_step(Stage::LocalReview, so_far, &publish, &s, &cal(), today);
        assert!(r.unwrap_err().message.contains("before it is published"), "no publication before the Panel's copy");
        let commission = LocalReviewStep::Commissioned { reviewer: "A. Reviewer".into(), on: d(2026, 12, 1) };
        assert!(check_local_review_step(Stage::LocalReview, so_far, &commission, &s, &cal(), today).is_ok());
        so_far.commissioned_on = Some(d(2026, 12, 1));
        so_far.panel_copy_on = Some(d(2027, 5, 24));
        // 24 May 2027 + 7 working days, over the spring bank holiday (31 May): 3 June.
        assert_eq!(earliest_publication(d(2027, 5, 24), &s, &cal()), d(2027, 6, 3));
        let r = check_local_review_step(Stage::LocalReview, so_far, &publish, &s, &cal(), today).unwrap_err();
        assert_eq!(r.rule, "MASA-RR-7");
        assert!(r.message.contains("3 June 2027"), "{}", r.message);
        let publish = LocalReviewStep::Published { on: d(2027, 6, 3), link: "https://example.org/lcspr".into() };
        assert!(check_local_review_step(Stage::LocalReview, so_far, &publish, &s, &cal(), today).is_ok());
        assert!(check_local_review_step(Stage::Reviewed, so_far, &publish, &s, &cal(), today).is_err());
        assert_eq!(local_review_due(d(2026, 11, 20), &s), d(2027, 5, 20));
    }

    #[test]
    fn clocks_run_in_order_and_show_what_is_late() {
        let s = PartnershipSettings::default();
        let f = IncidentFacts {
            aware_on: Some(d(2026, 10, 26)),
            decision_on: Some(d(2026, 11, 3)),
            notified_on: Some(d(2026, 11, 3)),
            summaries: vec![("Police".into(), d(2026, 11, 17), Some(d(2026, 11, 12))), ("Health".into(), d(2026, 11, 17), None)],
            ..Default::default()
        };
        let c = clocks(&f, &s, &cal());
        assert_eq!(c.len(), 4);
        assert_eq!(c[0].due, d(2026, 11, 2));
        assert!(c[0].late(), "notified a day late");
        assert!(!c[1].overdue(d(2026, 11, 23)));
        assert!(c[2].overdue(d(2026, 11, 23)), "health's summary is overdue");
        assert_eq!(c[3].due, d(2026, 11, 24));
        assert!(!c[3].overdue(d(2026, 11, 23)));
        assert!(c[3].overdue(d(2026, 11, 25)));
    }

    #[test]
    fn stage_codes_read_back_from_rows() {
        for s in Stage::ALL {
            assert_eq!(Stage::try_from(s.code().to_owned()), Ok(*s));
        }
        assert!(Stage::try_from("closed".to_owned()).is_err());
        assert!(Stage::AwaitingDecision.is_open() && !Stage::Published.is_open());
    }
}
