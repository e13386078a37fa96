//! Letters the product writes for families: invitations to child protection
//! conferences (R-CP-4: parents invited, reports shared in advance) and to family group decision
//! making meetings, what a conference decided, and the letter before proceedings (R-PLO-2). What
//! a letter needs before it can be written is decided here, purely:
//!
//! - L-1: a letter is addressed to a named person (a parent or carer, by name).
//! - L-2: an invitation names a meeting on a day from today to a year ahead, a time of day and a
//!   place.
//! - L-3: a letter before proceedings says why the council is worried, in its own words.
//! - L-4: a letter never gives a family a date already gone: a meeting past its due date is
//!   "due now" ([`due_in_words`]).

use chrono::{Days, NaiveDate, NaiveTime};

use crate::ValidationErrors;

/// The longest name or place a letter takes.
const SHORT_MAX: usize = 200;
/// The longest passage of concerns (about eight pages).
const LONG_MAX: usize = 20_000;

/// An invitation's meeting, as typed.
#[derive(Debug, Clone, Copy)]
pub struct MeetingFields<'a> {
    pub to: &'a str,
    /// `None` when no date, or one that could not be read, was given.
    pub meeting_on: Option<NaiveDate>,
    pub time: &'a str,
    pub place: &'a str,
}

/// An invitation's meeting, checked (L-1, L-2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub to: String,
    pub on: NaiveDate,
    pub time: NaiveTime,
    pub place: String,
}

fn short_text(errors: &mut ValidationErrors, field: &str, text: &str, missing: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        errors.add(field, missing);
    } else if t.chars().count() > SHORT_MAX {
        errors.add(field, format!("Keep it to {SHORT_MAX} characters or fewer"));
    } else if crate::text::first_forbidden_control(t).is_some() {
        errors.add(field, "The text holds a control character (often from copying and pasting); type it again");
    }
    t.to_owned()
}

/// L-1: who the letter is to.
pub fn parse_addressee(to: &str) -> Result<String, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let to = short_text(&mut errors, "to", to, "Enter the name of the person the letter is to");
    errors.into_result(to)
}

/// L-1 and L-2: every mistake named at once.
pub fn parse_meeting(f: &MeetingFields<'_>, today: NaiveDate) -> Result<Meeting, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let to = short_text(&mut errors, "to", f.to, "Enter the name of the person the letter is to");
    let on = match f.meeting_on {
        None => {
            errors.add("meeting_on", "Enter the date of the meeting");
            today
        }
        Some(d) if d < today => {
            errors.add("meeting_on", "The meeting must be today or later");
            d
        }
        Some(d) if d > today + Days::new(366) => {
            errors.add("meeting_on", "The meeting must be within a year");
            d
        }
        Some(d) => d,
    };
    let time = parse_time(f.time);
    if time.is_none() {
        errors.add("time", "Enter the time of the meeting, like 10:30 or 2pm");
    }
    let place = short_text(&mut errors, "place", f.place, "Enter where the meeting is");
    errors.into_result(())?;
    Ok(Meeting { to, on, time: time.unwrap_or_default(), place })
}

/// L-3: why the council is worried, required and of a sensible length.
pub fn parse_concerns(text: &str) -> Result<String, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let t = text.trim();
    if t.is_empty() {
        errors.add("concerns", "Write why the council is worried, in words the family will understand");
    } else if t.chars().count() > LONG_MAX {
        errors.add("concerns", format!("Keep it to {LONG_MAX} characters or fewer"));
    } else if crate::text::first_forbidden_control(t).is_some() {
        errors.add("concerns", "The text holds a control character (often from copying and pasting); type it again");
    }
    errors.into_result(t.replace("\r\n", "\n"))
}

/// A time of day as people write it: `14:30`, `14.30`, `9:05`, `2pm`, `2.30pm`, `10:30 am`.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let t = text.trim().to_ascii_lowercase().replace(' ', "");
    let (digits, offset) = if let Some(d) = t.strip_suffix("pm") {
        (d, 12)
    } else if let Some(d) = t.strip_suffix("am") {
        (d, 0)
    } else {
        (t.as_str(), -1)
    };
    let (h, m) = match digits.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        Some(_) => return None,
        None if offset >= 0 => (digits.parse::<u32>().ok()?, 0),
        None => return None,
    };
    let h = match offset {
        -1 => h,
        _ if !(1..=12).contains(&h) => return None,
        0 => h % 12,
        _ => h % 12 + 12,
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

/// A time as a letter writes it: `10:30am`, `2pm`.
pub fn time_in_words(t: NaiveTime) -> String {
    use chrono::Timelike;
    let (h, m) = (t.hour(), t.minute());
    let suffix = if h < 12 { "am" } else { "pm" };
    let h12 = if h % 12 == 0 { 12 } else { h % 12 };
    if m == 0 { format!("{h12}{suffix}") } else { format!("{h12}:{m:02}{suffix}") }
}

/// L-4: when a meeting is next due, in a letter: the date, or, once it has passed, that it is due
/// now and `lead` will say when.
pub fn due_in_words(due: NaiveDate, today: NaiveDate, lead: &str) -> String {
    if due < today { format!("is due now; {lead} will tell you the date") } else { format!("will be by {}", due.format("%-d %B %Y")) }
}

/// "an initial child protection conference", "a review child protection conference".
pub fn with_article(words: &str) -> String {
    let article = if words.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {words}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn times_are_read_as_people_write_them() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_time("14:30"), t(14, 30));
        assert_eq!(parse_time("9.05"), t(9, 5));
        assert_eq!(parse_time("2pm"), t(14, 0));
        assert_eq!(parse_time("10:30 AM"), t(10, 30));
        assert_eq!(parse_time("12pm"), t(12, 0));
        assert_eq!(parse_time("12am"), t(0, 0));
        for bad in ["", "soon", "25:00", "13pm", "10:3", "10", "0pm"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(time_in_words(NaiveTime::from_hms_opt(14, 0, 0).unwrap()), "2pm");
        assert_eq!(time_in_words(NaiveTime::from_hms_opt(10, 30, 0).unwrap()), "10:30am");
        assert_eq!(time_in_words(NaiveTime::from_hms_opt(0, 15, 0).unwrap()), "12:15am");
    }

    #[test]
    fn an_invitation_names_who_when_and_where_l1_l2() {
        let today = d(2026, 11, 23);
        let ok = MeetingFields { to: " Ann Lee ", meeting_on: Some(d(2026, 12, 1)), time: "10:30", place: "Town Hall, Room 4" };
        let m = parse_meeting(&ok, today).unwrap();
        assert_eq!((m.to.as_str(), m.on, m.place.as_str()), ("Ann Lee", d(2026, 12, 1), "Town Hall, Room 4"));
        let e = parse_meeting(&MeetingFields { to: "", meeting_on: Some(d(2026, 11, 22)), time: "later", place: " " }, today).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["to", "meeting_on", "time", "place"]);
        assert!(parse_meeting(&MeetingFields { meeting_on: None, ..ok }, today).is_err());
        assert!(parse_meeting(&MeetingFields { meeting_on: Some(d(2028, 1, 1)), ..ok }, today).is_err());
        assert!(parse_meeting(&MeetingFields { meeting_on: Some(today), ..ok }, today).is_ok(), "today is allowed");
    }

    #[test]
    fn a_letter_before_proceedings_says_why_l3() {
        assert!(parse_concerns("  ").is_err());
        assert_eq!(parse_concerns("Ivy has been hurt.\r\nTwice.").unwrap(), "Ivy has been hurt.\nTwice.");
        assert!(parse_addressee("").is_err() && parse_addressee("Ann Lee").is_ok());
    }

    #[test]
    fn a_letter_never_gives_a_date_already_gone_l4() {
        let today = d(2026, 11, 23);
        assert_eq!(due_in_words(d(2026, 11, 20), today, "Ann"), "is due now; Ann will tell you the date");
        assert_eq!(due_in_words(today, today, "Ann"), "will be by 23 November 2026");
        assert_eq!(with_article("initial conference"), "an initial conference");
        assert_eq!(with_article("review conference"), "a review conference");
    }
}
