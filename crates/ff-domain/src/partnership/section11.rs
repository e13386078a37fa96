//! Section 11 self-assessments (MASA-SYS-6): each relevant agency checks itself each year against
//! its own duty to safeguard children (Children Act 2004 s.11) and tells the partnership how far
//! it meets each of eight standards. The partnership sees who has not returned and which
//! standards are not met, and may raise a learning action from a standard (MASA-SYS-5). Pure.

use serde::{Deserialize, Serialize};

use super::arrangements::words;
use crate::ValidationErrors;
use crate::codes::code_enum;

code_enum!(
    /// The eight section 11 standards, named plainly.
    Standard {
        Leadership => ("leadership", "Senior leadership commitment to safeguarding"),
        Responsibilities => ("responsibilities", "A clear statement of the agency's responsibilities"),
        Accountability => ("accountability", "A clear line of accountability"),
        ChildrensViews => ("childrens_views", "Service development takes account of children's views"),
        Training => ("training", "Safeguarding training for staff"),
        SaferRecruitment => ("safer_recruitment", "Safer recruitment"),
        InterAgency => ("inter_agency", "Effective inter-agency working"),
        InformationSharing => ("information_sharing", "Information sharing"),
    }
);

code_enum!(
    /// How far the agency meets a standard, in its own view.
    Rating {
        Met => ("met", "Met"),
        PartlyMet => ("partly_met", "Partly met"),
        NotMet => ("not_met", "Not met"),
    }
);

/// One standard as the agency rated it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rated {
    pub standard: Standard,
    pub rating: Rating,
    pub note: String,
}

/// A return rates every standard once; a standard not fully met says why (a note of 2,000
/// characters or fewer; a met standard's note may be blank). Errors are on `rating_<standard>` and
/// `note_<standard>`, every one at once.
pub fn check(rated: &[Rated]) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    for s in Standard::ALL {
        let of: Vec<&Rated> = rated.iter().filter(|r| r.standard == *s).collect();
        match of.as_slice() {
            [] => e.add(&format!("rating_{}", s.code()), format!("Rate the standard: {}", s.label().to_lowercase())),
            [r] => {
                if r.rating != Rating::Met {
                    words(&mut e, &format!("note_{}", s.code()), &r.note, "Say why it is not fully met", 2_000);
                } else if r.note.chars().count() > 2_000 {
                    e.add(&format!("note_{}", s.code()), "Keep the note to 2,000 characters or fewer");
                }
            }
            _ => e.add(&format!("rating_{}", s.code()), "Rate each standard once"),
        }
    }
    e.into_result(())
}

/// The ratings in the standards' order.
pub fn in_order(mut rated: Vec<Rated>) -> Vec<Rated> {
    rated.sort_by_key(|r| Standard::ALL.iter().position(|s| *s == r.standard));
    rated
}

/// For each standard, how many returns rated it met, partly met and not met.
pub fn tally(returns: &[Vec<Rated>]) -> Vec<(Standard, [u32; 3])> {
    Standard::ALL
        .iter()
        .map(|s| {
            let mut c = [0u32; 3];
            for r in returns.iter().flatten().filter(|r| r.standard == *s) {
                c[match r.rating {
                    Rating::Met => 0,
                    Rating::PartlyMet => 1,
                    Rating::NotMet => 2,
                }] += 1;
            }
            (*s, c)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(rating: Rating, note: &str) -> Vec<Rated> {
        Standard::ALL.iter().map(|s| Rated { standard: *s, rating, note: note.into() }).collect()
    }

    #[test]
    fn every_standard_rated_once_and_a_shortfall_explained() {
        assert!(check(&all(Rating::Met, "")).is_ok());
        let e = check(&all(Rating::NotMet, " ")).unwrap_err();
        assert_eq!(e.0.len(), 8, "MASA-SYS-6: a note for each standard not met");
        assert!(e.for_field("note_training").is_some());
        let mut missing = all(Rating::Met, "");
        missing.pop();
        assert!(check(&missing).unwrap_err().for_field("rating_information_sharing").is_some());
        let mut twice = all(Rating::Met, "");
        twice.push(Rated { standard: Standard::Leadership, rating: Rating::Met, note: String::new() });
        assert!(check(&twice).unwrap_err().for_field("rating_leadership").is_some());
    }

    #[test]
    fn tallied_by_standard() {
        let mut one = all(Rating::Met, "");
        one[4].rating = Rating::NotMet;
        let t = tally(&[one, all(Rating::PartlyMet, "x")]);
        assert_eq!(t[0], (Standard::Leadership, [1, 1, 0]));
        assert_eq!(t[4], (Standard::Training, [0, 1, 1]));
    }
}
