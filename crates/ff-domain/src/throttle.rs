//! Sign-in throttling that slows an attacker down without letting anyone lock a colleague out.
//!
//! Failures are counted per (username, client address) pair and per client address. Each pair and
//! each address gets a few free attempts, then must wait twice as long after every further failure
//! (1 s, 2 s, 4 s … up to a cap). Failures against a username from one address never delay the
//! same username from another address, so typing someone's username wrongly on purpose cannot
//! stop them signing in at their own desk. The clock is a parameter.

use chrono::{DateTime, Duration, Utc};

/// Failed attempts counted in the window, and when the latest one happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Failures {
    pub count: i64,
    pub last: Option<DateTime<Utc>>,
}

/// Failures that cost nothing: a mistyped password or two.
pub const FREE_PER_PAIR: i64 = 3;
/// One address may fail this many times across usernames before it slows down (a shared office
/// address signs many people in).
pub const FREE_PER_CLIENT: i64 = 20;
/// The longest wait, and the window failures are counted in.
pub const MAX_WAIT: Duration = Duration::minutes(15);
pub const WINDOW: Duration = Duration::hours(1);

fn backoff(f: Failures, free: i64, now: DateTime<Utc>) -> Option<Duration> {
    let over = f.count - free;
    if over < 0 {
        return None;
    }
    let wait = Duration::seconds(1i64 << over.min(20)).min(MAX_WAIT);
    let until = f.last? + wait;
    (until > now).then(|| until - now)
}

/// How long this client must wait before trying this username again (`None`: it may try now).
/// `pair` counts failures for this username from this client since its last success there;
/// `client` counts this client's failures for any username. A username that has signed in from
/// this address before (`known_pair`) is held back only by its own failures, never by others'
/// failures from the same shared address.
pub fn wait_before_attempt(pair: Failures, client: Failures, known_pair: bool, now: DateTime<Utc>) -> Option<Duration> {
    let client = if known_pair { Failures::default() } else { client };
    match (backoff(pair, FREE_PER_PAIR, now), backoff(client, FREE_PER_CLIENT, now)) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(s: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap() + Duration::seconds(s)
    }

    fn f(count: i64, last: i64) -> Failures {
        Failures { count, last: Some(at(last)) }
    }

    #[test]
    fn a_few_mistakes_are_free_then_each_failure_doubles_the_wait() {
        let none = Failures::default();
        assert_eq!(wait_before_attempt(f(2, 0), none, false, at(0)), None);
        assert_eq!(wait_before_attempt(f(3, 0), none, false, at(0)), Some(Duration::seconds(1)));
        assert_eq!(wait_before_attempt(f(5, 0), none, false, at(1)), Some(Duration::seconds(3)));
        assert_eq!(wait_before_attempt(f(5, 0), none, false, at(4)), None, "the wait has passed");
        assert_eq!(wait_before_attempt(f(40, 0), none, false, at(0)), Some(MAX_WAIT), "capped");
    }

    #[test]
    fn an_address_failing_across_many_usernames_slows_down_too() {
        let none = Failures::default();
        assert_eq!(wait_before_attempt(none, f(19, 0), false, at(0)), None);
        assert_eq!(wait_before_attempt(none, f(24, 0), false, at(0)), Some(Duration::seconds(16)));
        assert_eq!(wait_before_attempt(f(4, 0), f(24, 0), false, at(0)), Some(Duration::seconds(16)), "the longer wait wins");
        assert_eq!(wait_before_attempt(none, f(24, 0), true, at(0)), None, "a known desk is not held back by others' failures");
    }
}
