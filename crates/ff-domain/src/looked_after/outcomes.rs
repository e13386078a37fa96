//! A child in care's outcomes for a year to 31 March (the SSDA903 OC2 table, for
//! children looked after continuously for 12 months): the strengths and difficulties
//! questionnaire, offending, immunisations, dental check and substance misuse. The health
//! assessment is not typed here: it comes from the health assessments recorded (T29–T30).
//!
//! LA-8 (903 rules 158, 159, 186, 188, 189, 192, 197a, 542, 543): a score from 0 to 40 or a
//! reason for none, never both; a score or reason from age 4 to 16 and neither outside it; whether
//! the child was convicted (or warned or reprimanded) from age 10 and not before; with substance
//! misuse, whether an intervention was received, and if not whether one was offered.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codes::code_enum;
use crate::family_help::RuleRefusal;

code_enum!(
    /// Why there is no strengths and difficulties questionnaire score (903 SDQ_REASON).
    SdqReason {
        SDQ1 => ("SDQ1", "No form: the child was under 4 or over 16 at the latest assessment"),
        SDQ2 => ("SDQ2", "The carers refused to complete it"),
        SDQ3 => ("SDQ3", "Not possible because of the severity of the child's disability"),
        SDQ4 => ("SDQ4", "Other reason"),
        SDQ5 => ("SDQ5", "The child or young person refused"),
    }
);

/// The outcomes as typed, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcomes {
    pub sdq_score: Option<u8>,
    pub sdq_reason: Option<SdqReason>,
    pub convicted: Option<bool>,
    pub immunisations: bool,
    pub teeth_check: bool,
    pub substance_misuse: bool,
    pub intervention_received: Option<bool>,
    pub intervention_offered: Option<bool>,
}

/// The 31 March a year's outcomes are for: the end of the collection year containing `on`.
pub fn year_ending(on: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    let y = if on.month() >= 4 { on.year() + 1 } else { on.year() };
    NaiveDate::from_ymd_opt(y, 3, 31).unwrap_or(on)
}

/// LA-8: whether the outcomes fit the child's age at the end of the year (`age_at_end`) and at
/// its start (`age_at_start`).
pub fn check_outcomes(o: &Outcomes, age_at_start: Option<u32>, age_at_end: Option<u32>) -> Result<(), RuleRefusal> {
    let refuse = |message: &str| Err(RuleRefusal { rule: "LA-8", message: message.into() });
    if o.sdq_score.is_some_and(|s| s > 40) {
        return refuse("A strengths and difficulties score is from 0 to 40.");
    }
    if o.sdq_score.is_some() && o.sdq_reason.is_some() {
        return refuse("Give a strengths and difficulties score or the reason there is none, not both (903 rule 197a).");
    }
    let sdq_age = age_at_start.is_some_and(|a| a >= 4) && age_at_end.is_some_and(|a| a < 17);
    let given = o.sdq_score.is_some() || o.sdq_reason.is_some();
    if sdq_age && !given {
        return refuse("A child aged 4 to 16 has a strengths and difficulties score, or the reason there is none (903 rule 186).");
    }
    if given && age_at_end.is_some_and(|a| a < 4) {
        return refuse("No strengths and difficulties questionnaire for a child under 4 (903 rule 188).");
    }
    let ten = age_at_end.is_some_and(|a| a >= 10);
    if ten && o.convicted.is_none() {
        return refuse("Say whether a child aged 10 or over was convicted, warned or reprimanded in the year (903 rule 543).");
    }
    if !ten && o.convicted.is_some() {
        return refuse("Convictions are recorded only for children aged 10 or over (903 rule 542).");
    }
    match (o.substance_misuse, o.intervention_received, o.intervention_offered) {
        (true, None, _) => refuse("Say whether the child received an intervention for substance misuse (903 rule 192)."),
        (true, Some(false), None) => refuse("Say whether an intervention was offered (903 rule 159)."),
        (_, Some(true), Some(_)) => refuse("Whether an intervention was offered goes only with one not received (903 rule 158)."),
        (false, Some(_), _) | (false, _, Some(_)) => refuse("Interventions go with substance misuse."),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok() -> Outcomes {
        Outcomes {
            sdq_score: Some(14),
            sdq_reason: None,
            convicted: Some(false),
            immunisations: true,
            teeth_check: true,
            substance_misuse: false,
            intervention_received: None,
            intervention_offered: None,
        }
    }

    #[test]
    fn outcomes_fit_the_childs_age_la_8() {
        assert!(check_outcomes(&ok(), Some(11), Some(12)).is_ok());
        for (bad, start, end) in [
            (Outcomes { sdq_score: Some(41), ..ok() }, 11, 12),
            (Outcomes { sdq_reason: Some(SdqReason::SDQ2), ..ok() }, 11, 12),
            (Outcomes { sdq_score: None, ..ok() }, 11, 12),
            (Outcomes { convicted: None, ..ok() }, 11, 12),
            (Outcomes { convicted: Some(false), sdq_score: None, ..ok() }, 2, 3),
            (Outcomes { substance_misuse: true, ..ok() }, 11, 12),
            (Outcomes { substance_misuse: true, intervention_received: Some(false), ..ok() }, 11, 12),
            (Outcomes { substance_misuse: true, intervention_received: Some(true), intervention_offered: Some(true), ..ok() }, 11, 12),
        ] {
            assert_eq!(check_outcomes(&bad, Some(start), Some(end)).unwrap_err().rule, "LA-8", "{bad:?}");
        }
        let young = Outcomes { sdq_score: None, convicted: None, ..ok() };
        assert!(check_outcomes(&young, Some(2), Some(3)).is_ok());
        let reason = Outcomes { sdq_score: None, sdq_reason: Some(SdqReason::SDQ5), ..ok() };
        assert!(check_outcomes(&reason, Some(15), Some(16)).is_ok());
        let misuse = Outcomes { substance_misuse: true, intervention_received: Some(false), intervention_offered: Some(true), ..ok() };
        assert!(check_outcomes(&misuse, Some(15), Some(16)).is_ok());
    }

    #[test]
    fn outcomes_are_for_the_year_to_31_march() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(year_ending(d(2026, 12, 3)), d(2027, 3, 31));
        assert_eq!(year_ending(d(2027, 3, 31)), d(2027, 3, 31));
        assert_eq!(year_ending(d(2027, 4, 1)), d(2028, 3, 31));
    }
}
