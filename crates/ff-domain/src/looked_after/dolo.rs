//! Deprivation of liberty orders for a child in care (the SSDA903 DoLo table, from 2026-27).
//!
//! LA-12, as the 903 checks an order (rules 700–710):
//! - it starts after the child was born (708) and not in the future (703); it ends on or after it
//!   started (702; the public validator also refuses an end on the start day, the DfE's text does
//!   not) and not in the future (704);
//! - one order at a time: orders do not overlap and none starts while another is in force (705);
//! - it falls inside one period of care (707, as 577 does for missing episodes);
//! - while it is in force the child lives in a children's home (K2) or a placement under a
//!   deprivation of liberty order (Z12, Z13) (709), never in a secure unit (K1), with parents (P1),
//!   in a placement of its own (R5) or in supported accommodation (K3) (710).

use chrono::NaiveDate;

use super::PlacementType;
use crate::family_help::RuleRefusal;

/// An order as recorded or proposed: when it started and, once it has, when it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

/// One of the child's episodes of care: when it began and ended, and the placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stay {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub placement: PlacementType,
}

/// The placements a child may live in while an order is in force (903 rule 709).
pub const PLACEMENTS_UNDER_AN_ORDER: [PlacementType; 3] = [PlacementType::K2, PlacementType::Z12, PlacementType::Z13];

fn refuse(message: impl Into<String>) -> Result<(), RuleRefusal> {
    Err(RuleRefusal { rule: "LA-12", message: message.into() })
}

/// LA-12: may `order` be recorded, with the child's date of birth, their other orders and their
/// episodes of care (in any order)? The same check serves a new order and the end of one (then
/// `others` leaves the order itself out).
pub fn check_order(
    order: Order,
    date_of_birth: Option<NaiveDate>,
    others: &[Order],
    stays: &[Stay],
    today: NaiveDate,
) -> Result<(), RuleRefusal> {
    if order.start > today {
        return refuse("The order cannot start in the future (903 rule 703).");
    }
    if date_of_birth.is_some_and(|b| order.start <= b) {
        return refuse("The order must start after the child was born (903 rule 708).");
    }
    if let Some(end) = order.end {
        if end < order.start {
            return refuse("The order cannot end before it started (903 rule 702).");
        }
        if end > today {
            return refuse("The order cannot end in the future: record the end on the day it comes (903 rule 704).");
        }
    }
    let until = |o: &Order| o.end.unwrap_or(NaiveDate::MAX);
    if others.iter().any(|o| o.start <= until(&order) && order.start <= until(o)) {
        return refuse("Another deprivation of liberty order is in force at that time: one order at a time (903 rule 705).");
    }
    if !in_one_period_of_care(order, stays) {
        return refuse("The order must fall while the child is looked after, within one period of care (903 rule 707).");
    }
    let mut during = stays.iter().filter(|s| s.start <= until(&order) && s.end.is_none_or(|e| e > order.start));
    if let Some(s) = during.find(|s| !PLACEMENTS_UNDER_AN_ORDER.contains(&s.placement)) {
        return refuse(format!(
            "While an order is in force the child lives in a children's home or a placement under the order, not \"{}\": record the change of placement first (903 rules 709, 710).",
            s.placement.label().to_lowercase()
        ));
    }
    Ok(())
}

/// LA-12 at a move: a new placement from `start` while an order is in force on or after that day
/// must still be one the order allows (903 rules 709, 710), so the order is ended first.
pub fn check_move(orders: &[Order], start: NaiveDate, placement: PlacementType) -> Result<(), RuleRefusal> {
    let in_force = orders.iter().any(|o| o.end.is_none_or(|end| end > start));
    if in_force && !PLACEMENTS_UNDER_AN_ORDER.contains(&placement) {
        return refuse(format!(
            "A deprivation of liberty order is in force, so the child can only live in a children's home or a placement under the order, not \"{}\": record the end of the order first (903 rules 709, 710).",
            placement.label().to_lowercase()
        ));
    }
    Ok(())
}

/// LA-12 when the child leaves care on `end`: an order lies within one period of care (903 rule
/// 707), so it must have ended by that day.
pub fn check_leaving(orders: &[Order], end: NaiveDate) -> Result<(), RuleRefusal> {
    if orders.iter().any(|o| o.end.is_none_or(|e| e > end)) {
        return refuse(
            "A deprivation of liberty order is still in force: record the day it ended before the child leaves care (903 rule 707).",
        );
    }
    Ok(())
}

/// Every day of the order (to today when it has not ended) is inside an episode of care, and the
/// episodes it crosses follow on from one another (one period of care).
fn in_one_period_of_care(order: Order, stays: &[Stay]) -> bool {
    let mut sorted: Vec<&Stay> = stays.iter().collect();
    sorted.sort_by_key(|s| s.start);
    let mut day = order.start;
    loop {
        // An episode ends on the day the next begins (903), so the one that covers `day` is the
        // last to start on or before it.
        let Some(s) = sorted.iter().rev().find(|s| s.start <= day) else { return false };
        match (s.end, order.end) {
            (None, _) => return true,
            (Some(e), Some(end)) if e >= end => return true,
            (Some(e), _) if e <= day => return false,
            (Some(e), _) => {
                // The next episode must begin the day this one ends, or the child left care.
                if !sorted.iter().any(|n| n.start == e) {
                    return false;
                }
                day = e;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlacementType::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn stay(start: NaiveDate, end: Option<NaiveDate>, placement: PlacementType) -> Stay {
        Stay { start, end, placement }
    }

    #[test]
    fn a_move_or_leaving_care_while_an_order_is_in_force_la_12() {
        let open = [Order { start: d(2026, 7, 1), end: None }];
        assert!(check_move(&open, d(2026, 11, 1), K2).is_ok());
        assert!(check_move(&open, d(2026, 11, 1), Z13).is_ok());
        let refused = check_move(&open, d(2026, 11, 1), U4).unwrap_err();
        assert_eq!(refused.rule, "LA-12");
        assert!(refused.message.contains("709"));
        // Ended before the move: any placement.
        let ended = [Order { start: d(2026, 7, 1), end: Some(d(2026, 10, 1)) }];
        assert!(check_move(&ended, d(2026, 11, 1), U4).is_ok());
        assert!(check_move(&ended, d(2026, 10, 1), U4).is_ok(), "the order ends the day the move begins");
        // A back-dated move into the order's time is refused too.
        assert!(check_move(&ended, d(2026, 9, 1), U4).is_err());
        assert!(check_leaving(&open, d(2026, 11, 1)).unwrap_err().message.contains("707"));
        assert!(check_leaving(&ended, d(2026, 11, 1)).is_ok());
        assert!(check_leaving(&ended, d(2026, 9, 30)).is_err());
        assert!(check_leaving(&[], d(2026, 9, 30)).is_ok());
    }

    #[test]
    fn an_order_in_a_childrens_home_while_looked_after_la_12() {
        let today = d(2026, 11, 23);
        let dob = Some(d(2011, 3, 3));
        let stays = [stay(d(2026, 1, 5), Some(d(2026, 6, 1)), U4), stay(d(2026, 6, 1), None, K2)];
        let ok = Order { start: d(2026, 7, 1), end: None };
        assert!(check_order(ok, dob, &[], &stays, today).is_ok());
        assert!(check_order(Order { end: Some(d(2026, 7, 1)), ..ok }, dob, &[], &stays, today).is_ok(), "ends the day it starts (702)");
        let refused = |o: Order, others: &[Order], stays: &[Stay]| check_order(o, dob, others, stays, today).unwrap_err();
        assert!(refused(Order { start: d(2026, 11, 24), end: None }, &[], &stays).message.contains("703"));
        assert!(refused(Order { start: d(2026, 7, 1), end: Some(d(2026, 6, 30)) }, &[], &stays).message.contains("702"));
        assert!(refused(Order { start: d(2026, 7, 1), end: Some(d(2026, 11, 24)) }, &[], &stays).message.contains("704"));
        assert!(check_order(Order { start: d(2011, 3, 3), end: None }, dob, &[], &stays, today).unwrap_err().message.contains("708"));
        // 705: one at a time, and none while another is in force.
        let earlier = Order { start: d(2026, 6, 10), end: Some(d(2026, 7, 1)) };
        assert!(refused(ok, &[earlier], &stays).message.contains("705"));
        assert!(check_order(ok, dob, &[Order { end: Some(d(2026, 6, 30)), ..earlier }], &stays, today).is_ok());
        assert!(
            refused(Order { start: d(2026, 8, 1), end: Some(d(2026, 8, 5)) }, &[ok], &stays).message.contains("705"),
            "inside an open one"
        );
        // 709, 710: foster care (U4) while the order was in force.
        assert!(refused(Order { start: d(2026, 5, 1), end: None }, &[], &stays).message.contains("709"));
        assert_eq!(refused(Order { start: d(2026, 5, 1), end: None }, &[], &stays).rule, "LA-12");
    }

    #[test]
    fn an_order_falls_inside_one_period_of_care_707() {
        let today = d(2026, 11, 23);
        // In care until 1 March, out, back in a children's home on 1 May.
        let stays = [stay(d(2026, 1, 5), Some(d(2026, 3, 1)), K2), stay(d(2026, 5, 1), None, Z12)];
        let refused = |o: Order| check_order(o, None, &[], &stays, today).unwrap_err().message;
        assert!(refused(Order { start: d(2026, 2, 1), end: None }).contains("707"), "runs on after the child left care");
        assert!(refused(Order { start: d(2026, 3, 10), end: Some(d(2026, 5, 10)) }).contains("707"), "starts while not looked after");
        assert!(refused(Order { start: d(2025, 12, 1), end: Some(d(2026, 2, 1)) }).contains("707"), "starts before care");
        assert!(check_order(Order { start: d(2026, 2, 1), end: Some(d(2026, 3, 1)) }, None, &[], &stays, today).is_ok());
        assert!(check_order(Order { start: d(2026, 5, 1), end: None }, None, &[], &stays, today).is_ok());
        assert!(check_order(Order { start: d(2026, 5, 1), end: None }, None, &[], &[], today).is_err(), "never looked after");
    }
}
