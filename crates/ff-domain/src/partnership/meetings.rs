//! A rapid review's meetings (MASA-RR-5, MASA-RR-8, MASA-SYS-3): the day, the agencies present,
//! what was decided and the immediate actions agreed. There is no rapid review without a
//! notification to the Panel, so no meeting before it; none in the future. Every mistake is named
//! at once. Pure.

use chrono::NaiveDate;

use super::ReviewAgency;
use crate::ValidationErrors;

/// The longest a meeting's decisions or actions may be.
pub const MAX_MEETING_CHARS: usize = 10_000;

/// A meeting as the business manager records it, after its codes are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDraft {
    pub held_on: NaiveDate,
    pub agencies: Vec<ReviewAgency>,
    pub decisions: String,
    pub actions: String,
}

/// Check a meeting of the rapid review that follows the notification on `notified_on` (none when
/// the Panel was not notified): held on or after the notification and not in the future
/// (MASA-RR-5), with at least two agencies present (a multi-agency meeting, MASA-RR-8), and what
/// was decided. Immediate actions may be none.
pub fn check_meeting(notified_on: Option<NaiveDate>, m: &MeetingDraft, today: NaiveDate) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    match notified_on {
        None => {
            e.add("held_on", "A rapid review, and so its meetings, follows the notification to the Panel: record the notification first")
        }
        Some(n) if m.held_on < n => {
            e.add("held_on", format!("The meeting is on or after the day the Panel was notified ({})", n.format("%-d %B %Y")))
        }
        Some(_) => {}
    }
    if m.held_on > today {
        e.add("held_on", "The meeting cannot be in the future: record it once it has been held");
    }
    let mut unique = m.agencies.clone();
    unique.sort_by_key(|a| a.code());
    unique.dedup();
    if unique.len() < 2 {
        e.add("agencies", "Choose the agencies present: at least two, for example the police and health");
    }
    let decisions = m.decisions.trim();
    if decisions.is_empty() {
        e.add("decisions", "Write what the meeting decided");
    } else if decisions.chars().count() > MAX_MEETING_CHARS {
        e.add("decisions", format!("Keep this to {MAX_MEETING_CHARS} characters or fewer"));
    }
    if m.actions.trim().chars().count() > MAX_MEETING_CHARS {
        e.add("actions", format!("Keep this to {MAX_MEETING_CHARS} characters or fewer"));
    }
    e.into_result(())
}

/// The agencies present as kept in a row: their codes in the list's order, separated by commas.
pub fn agencies_code(agencies: &[ReviewAgency]) -> String {
    ReviewAgency::ALL.iter().filter(|a| agencies.contains(a)).map(|a| a.code()).collect::<Vec<_>>().join(",")
}

/// The agencies read back from a row; an unknown code is left out.
pub fn agencies_of(code: &str) -> Vec<ReviewAgency> {
    code.split(',').filter_map(|c| ReviewAgency::from_code(c.trim())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn meeting() -> MeetingDraft {
        MeetingDraft {
            held_on: d(2026, 11, 10),
            agencies: vec![ReviewAgency::Police, ReviewAgency::Health, ReviewAgency::ChildrensSocialCare],
            decisions: "Agencies' summaries to be completed; siblings to be seen".into(),
            actions: "Strategy discussion for the siblings".into(),
        }
    }

    #[test]
    fn masa_rr_5_a_meeting_follows_the_notification_and_is_not_in_the_future() {
        let today = d(2026, 11, 23);
        assert!(check_meeting(Some(d(2026, 11, 2)), &meeting(), today).is_ok());
        let e = check_meeting(None, &meeting(), today).unwrap_err();
        assert!(e.for_field("held_on").unwrap().contains("notification"));
        let e = check_meeting(Some(d(2026, 11, 11)), &meeting(), today).unwrap_err();
        assert!(e.for_field("held_on").unwrap().contains("11 November 2026"));
        let later = MeetingDraft { held_on: d(2026, 11, 24), ..meeting() };
        assert!(check_meeting(Some(d(2026, 11, 2)), &later, today).unwrap_err().for_field("held_on").unwrap().contains("future"));
    }

    #[test]
    fn masa_rr_8_every_mistake_is_named_at_once() {
        let bad =
            MeetingDraft { held_on: d(2026, 11, 24), agencies: vec![ReviewAgency::Police], decisions: " ".into(), actions: String::new() };
        let e = check_meeting(None, &bad, d(2026, 11, 23)).unwrap_err();
        assert_eq!(e.0.len(), 4, "{e:?}");
        assert!(e.for_field("agencies").is_some() && e.for_field("decisions").is_some());
        // The same agency twice is one agency.
        let twice = MeetingDraft { agencies: vec![ReviewAgency::Police, ReviewAgency::Police], ..meeting() };
        assert!(check_meeting(Some(d(2026, 11, 2)), &twice, d(2026, 11, 23)).unwrap_err().for_field("agencies").is_some());
    }

    #[test]
    fn agencies_are_kept_as_codes() {
        let code = agencies_code(&[ReviewAgency::Health, ReviewAgency::Police]);
        assert_eq!(code, "police,health");
        assert_eq!(agencies_of(&code), vec![ReviewAgency::Police, ReviewAgency::Health]);
        assert_eq!(agencies_of("police,nonsense"), vec![ReviewAgency::Police]);
    }
}
