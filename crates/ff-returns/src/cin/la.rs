//! Rules that look beyond one child: the header rule (100), duplicate
//! identifiers across children (8510, 1520) and whole-return counts
//! (2883, 2886Q, 2887Q, 2888Q).
//!
//! Only what these rules need is kept while the file streams past: the
//! set of identifiers seen (with the position of the first child holding
//! each) and a handful of counters.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

use super::RulesYear;
use super::codes;
use super::issue::{Issue, RuleInfo, Scope};
use super::model::{Child, Header, Text};
use super::period::Period;

pub(crate) const R100: RuleInfo =
    RuleInfo { code: "100", scope: Scope::Header, message: "Reference date is missing or is not 31 March of the collection year" };
pub(crate) const R1520: RuleInfo =
    RuleInfo { code: "1520", scope: Scope::CrossChild, message: "The same UPN is used by more than one child" };
pub(crate) const R8510: RuleInfo =
    RuleInfo { code: "8510", scope: Scope::CrossChild, message: "The same LAchildID is used by more than one child" };
pub(crate) const R2883: RuleInfo = RuleInfo {
    code: "2883",
    scope: Scope::La,
    message: "More child protection plans start in the year than initial child protection conferences take place",
};
pub(crate) const R2886Q: RuleInfo =
    RuleInfo { code: "2886Q", scope: Scope::La, message: "More than 2% of (born) children have sex missing or U" };
pub(crate) const R2886Q_PRE2024: RuleInfo =
    RuleInfo { code: "2886Q", scope: Scope::La, message: "More than 2% of (born) children have no gender recorded" };
pub(crate) const R2887Q: RuleInfo =
    RuleInfo { code: "2887Q", scope: Scope::La, message: "Fewer than 8 different disability codes are used in the whole return" };
pub(crate) const R2888Q: RuleInfo = RuleInfo {
    code: "2888Q",
    scope: Scope::La,
    message: "No child has more than one disability recorded; record all of a child's disabilities where possible",
};

/// The catalogue entries of the rules in this module, for `year`.
pub(crate) fn la_rules(year: RulesYear) -> [&'static RuleInfo; 7] {
    let r2886 = if year >= RulesYear::Y2024_25 { &R2886Q } else { &R2886Q_PRE2024 };
    [&R100, &R1520, &R8510, &R2883, r2886, &R2887Q, &R2888Q]
}

/// Rule 100: the reference date must be present and be 31 March of `Year`.
pub(crate) fn rule_100(header: &Header) -> Option<Issue> {
    let expected =
        header.year.as_deref().and_then(|y| y.trim().parse::<i32>().ok()).and_then(|y| chrono::NaiveDate::from_ymd_opt(y, 3, 31));
    let ok = matches!((header.reference_date.get(), expected), (Some(r), Some(e)) if r == e);
    (!ok).then(|| Issue::from_rule(&R100, None, None, "Header/CollectionDetails/ReferenceDate".into()))
}

/// A small multiplicative hasher for the identifier sets (much cheaper than
/// SipHash for short keys; the sets never leave the process).
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn finish(&self) -> u64 {
        // The state ends in a multiplication, whose low bits depend only on
        // the low bits of its input; the table indexes by the low bits, so
        // fold the high bits down first (MurmurHash3's finaliser). Without
        // this, identifiers sharing a prefix (C00000001, C00000002…) pile
        // up in a few hundred buckets.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// The identifiers seen so far, each with its first holder. A small hash
/// table maps an identifier's hash to its entry (16 bytes a slot, so that
/// the random look-ups stay cheap with hundreds of thousands of children);
/// the entries are appended in file order and chained through `next` in
/// the rare case of two identifiers with the same 64-bit hash.
#[derive(Default)]
struct IdSet {
    heads: HashMap<u64, usize, BuildHasherDefault<PreHashed>>,
    entries: Vec<FirstSeen>,
}

/// No entry after this one in a hash chain.
const END: usize = usize::MAX;

impl IdSet {
    /// The first holder of `key`, if it has been seen; otherwise records
    /// `first` as its first holder.
    fn first_holder(&mut self, key: &str, first: impl FnOnce() -> FirstSeen) -> Option<&mut FirstSeen> {
        self.first_holder_hashed(BuildHasherDefault::<IdHasher>::default().hash_one(key), key, first)
    }

    fn first_holder_hashed(&mut self, hash: u64, key: &str, first: impl FnOnce() -> FirstSeen) -> Option<&mut FirstSeen> {
        let Self { heads, entries } = self;
        let new = entries.len();
        match heads.entry(hash) {
            Entry::Vacant(v) => {
                v.insert(new);
                entries.push(first());
                None
            }
            Entry::Occupied(mut o) => {
                let mut at = *o.get();
                while at != END {
                    if entries[at].key == key {
                        return Some(&mut entries[at]);
                    }
                    at = entries[at].next;
                }
                let mut entry = first();
                entry.next = o.insert(new);
                entries.push(entry);
                None
            }
        }
    }
}

/// Hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
struct PreHashed(u64);

impl Hasher for PreHashed {
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; anything else is folded in all the same.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// First holder of an identifier: its position and whether it has been
/// reported yet.
struct FirstSeen {
    key: Text,
    index: u64,
    reported: bool,
    /// The first holder's LAchildID when the key is not the LAchildID itself.
    child_id: Option<Text>,
    /// The next entry with the same hash ([`END`] if none).
    next: usize,
}

/// Cross-child and LA-level state.
#[derive(Default)]
pub(crate) struct LaState {
    ids: IdSet,
    upns: IdSet,
    cpp_starts_in_year: u64,
    conferences_in_year: u64,
    born_children: u64,
    born_without_sex: u64,
    disability_codes: u16,
    children_with_one_disability: u64,
    children_with_several_disabilities: u64,
}

impl LaState {
    /// Takes one child into account, reporting duplicate identifiers as soon
    /// as they are seen (against both the current child and the first
    /// holder).
    pub fn observe(&mut self, child: &Child, period: Option<&Period>, year: RulesYear, issues: &mut Vec<Issue>) {
        let id = child.ids.la_child_id.as_deref();
        if let Some(id) = id {
            note_duplicate(&mut self.ids, id, false, child, &R8510, "ChildIdentifiers/LAchildID", issues);
        }
        if let Some(upn) = child.ids.upn.as_deref() {
            note_duplicate(&mut self.upns, upn, true, child, &R1520, "ChildIdentifiers/UPN", issues);
        }

        if let Some(p) = period {
            let in_year = |d: Option<chrono::NaiveDate>| d.is_some_and(|d| p.contains(d));
            for e in &child.episodes {
                self.cpp_starts_in_year += e.cp_plans.iter().filter(|c| in_year(c.start.get())).count() as u64;
                self.conferences_in_year += u64::from(in_year(e.initial_cpc.get()));
                self.conferences_in_year += e.section47s.iter().filter(|s| in_year(s.icpc.get())).count() as u64;
            }
        }

        if child.ids.expected_birth_date.is_none() {
            self.born_children += 1;
            let missing = if year >= RulesYear::Y2024_25 {
                child.ids.sex.as_deref().is_none_or(|s| s == "U")
            } else {
                child.ids.gender_current.as_deref().is_none_or(|g| g == "0")
            };
            self.born_without_sex += u64::from(missing);
        }

        let mut real = 0u32;
        for code in child.characteristics.disabilities.iter().flatten() {
            if let Some(pos) = codes::DISABILITIES.iter().position(|c| *c == code.as_str()) {
                self.disability_codes |= 1 << pos;
            }
            if !code.eq_ignore_ascii_case("NONE") {
                real += 1;
            }
        }
        match real {
            0 => {}
            1 => self.children_with_one_disability += 1,
            _ => self.children_with_several_disabilities += 1,
        }
    }

    /// The whole-return rules, once every child has been seen.
    pub fn finish(&self, period: Option<&Period>, year: RulesYear) -> Vec<Issue> {
        let mut out = Vec::new();
        let la = |r: &'static RuleInfo| Issue::from_rule(r, None, None, String::new());
        if period.is_some() && self.cpp_starts_in_year > self.conferences_in_year {
            out.push(la(&R2883));
        }
        // More than 2%, compared exactly: 50 * missing > total.
        if self.born_children > 0 && self.born_without_sex * 50 > self.born_children {
            out.push(la(if year >= RulesYear::Y2024_25 { &R2886Q } else { &R2886Q_PRE2024 }));
        }
        // Distinct disability codes other than NONE (bit 0).
        if (self.disability_codes & !1).count_ones() < 8 {
            out.push(la(&R2887Q));
        }
        if self.children_with_one_disability > 0 && self.children_with_several_disabilities == 0 {
            out.push(la(&R2888Q));
        }
        out
    }
}

fn note_duplicate(seen: &mut IdSet, key: &str, keep_id: bool, child: &Child, rule: &'static RuleInfo, path: &str, issues: &mut Vec<Issue>) {
    let first = || FirstSeen {
        key: Text::from(key),
        index: child.index,
        reported: false,
        child_id: if keep_id { child.ids.la_child_id.clone() } else { None },
        next: END,
    };
    if let Some(first) = seen.first_holder(key, first) {
        if !first.reported {
            first.reported = true;
            let first_id = if keep_id { first.child_id.as_deref().map(str::to_owned) } else { Some(key.to_owned()) };
            issues.push(Issue::from_rule(rule, first_id, Some(first.index), path.into()));
        }
        issues.push(Issue::from_rule(rule, child.ids.la_child_id.as_deref().map(str::to_owned), Some(child.index), path.into()));
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    use super::*;

    #[test]
    fn id_hasher_spreads_sequential_identifiers() {
        // The low bits pick the bucket: sequential LAchildIDs must not share a few of them.
        let build = BuildHasherDefault::<IdHasher>::default();
        let low: HashSet<u64> = (1..=100_000).map(|n| build.hash_one(format!("C{n:08}").as_str()) & 0xfffff).collect();
        assert!(low.len() > 60_000, "only {} distinct bucket indexes", low.len());
    }

    #[test]
    fn id_set_keeps_identifiers_with_the_same_hash_apart() {
        let mut set = IdSet::default();
        let entry = |key: &str, index| FirstSeen { key: Text::from(key), index, reported: false, child_id: None, next: END };
        assert!(set.first_holder_hashed(7, "A", || entry("A", 1)).is_none());
        assert!(set.first_holder_hashed(7, "B", || entry("B", 2)).is_none());
        assert!(set.first_holder_hashed(7, "C", || entry("C", 3)).is_none());
        for (key, index) in [("A", 1), ("B", 2), ("C", 3)] {
            assert_eq!(set.first_holder_hashed(7, key, || entry(key, 99)).map(|f| f.index), Some(index));
        }
        assert!(set.first_holder("A", || entry("A", 4)).is_none(), "a different hash is a different identifier");
        assert_eq!(set.first_holder("A", || entry("A", 5)).map(|f| f.index), Some(4));
    }
}
